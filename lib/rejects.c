/* rejects.c: the rejects stream (SPEC.md §3.7), shared by every tool. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/csvout.h"
#include "troc/rejects.h"

static const char *const code_names[TROC_NCODES] = {
	"missing", "number", "range", "code", "list", "duplicate",
	"unknown_unit", "unit_status", "unit_taken", "inconsistent",
	"ragged", "encoding"
};

struct troc_rejects {
	struct troc_out *out;		/* NULL: count only */
	unsigned long n, by_code[TROC_NCODES];
	struct troc_err first;
	char *raw;
	size_t rawcap;
};

int
troc_fault_set(struct troc_fault *f, const char *column, enum troc_code code,
    const char *fmt, ...)
{
	va_list ap;

	f->column = column;
	f->code = code;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
troc_rejects_fault(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, const struct troc_fault *f)
{
	return troc_rejects_add(rj, file, rec, f->column, f->code, "%s",
	    f->msg);
}

const char *
troc_code_name(enum troc_code c)
{
	return (unsigned)c < TROC_NCODES ? code_names[c] : "internal";
}

struct troc_rejects *
troc_rejects_open(const char *path, struct troc_err *e)
{
	static const char *const hdr[] = { "file", "line", "record", "column",
	    "code", "message", "raw" };
	struct troc_rejects *rj;
	size_t i;

	if ((rj = calloc(1, sizeof(*rj))) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		return NULL;
	}
	if (path == NULL)
		return rj;
	if ((rj->out = troc_out_open(path, NULL, e)) == NULL) {
		free(rj);
		return NULL;
	}
	for (i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		troc_out_str(rj->out, hdr[i]);
	troc_out_eor(rj->out);
	return rj;
}

/* The record's fields joined by ',' with minimal quoting. */
static const char *
raw_of(struct troc_rejects *rj, const struct troc_rec *rec, size_t *len)
{
	size_t i, o = 0, need;

	for (i = 0; rec && i < rec->n; i++) {
		need = troc_csv_quote(NULL, 0, rec->f[i], rec->len[i], ',');
		if (o + need + 2 > rj->rawcap) {
			size_t cap = (o + need + 2) * 2;
			char *p = realloc(rj->raw, cap);

			if (p == NULL)
				break;
			rj->raw = p;
			rj->rawcap = cap;
		}
		if (i > 0)
			rj->raw[o++] = ',';
		o += troc_csv_quote(rj->raw + o, rj->rawcap - o, rec->f[i],
		    rec->len[i], ',');
	}
	*len = o;
	return rj->raw ? rj->raw : "";
}

int
troc_rejects_add(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, const char *column, enum troc_code code,
    const char *fmt, ...)
{
	char msg[512];
	const char *raw;
	size_t rawlen;
	va_list ap;
	struct troc_out *w = rj->out;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rj->n == 0) {
		troc_err_set(&rj->first, file, rec ? rec->line : 0, "%s%s%s",
		    column && *column ? column : "",
		    column && *column ? ": " : "", msg);
	}
	rj->n++;
	if ((unsigned)code < TROC_NCODES)
		rj->by_code[code]++;
	if (w == NULL)
		return 0;
	raw = raw_of(rj, rec, &rawlen);
	troc_out_str(w, file);
	troc_out_int(w, rec ? (long long)rec->line : 0);
	troc_out_int(w, rec ? (long long)rec->recno : 0);
	troc_out_str(w, column);
	troc_out_str(w, troc_code_name(code));
	troc_out_str(w, msg);
	troc_out_field(w, raw, rawlen);
	return troc_out_eor(w);
}

unsigned long
troc_rejects_count(const struct troc_rejects *rj)
{
	return rj->n;
}

unsigned long
troc_rejects_count_code(const struct troc_rejects *rj, enum troc_code c)
{
	return (unsigned)c < TROC_NCODES ? rj->by_code[c] : 0;
}

const struct troc_err *
troc_rejects_first(const struct troc_rejects *rj)
{
	return rj->n ? &rj->first : NULL;
}

int
troc_rejects_close(struct troc_rejects *rj, int commit, struct troc_err *e)
{
	int r = 0;

	if (rj == NULL)
		return 0;
	if (rj->out)
		r = troc_out_close(rj->out, commit, e);
	free(rj->raw);
	free(rj);
	return r;
}

int
troc_rejects_check(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, size_t nfields)
{
	if (rec->n != nfields)
		return troc_rejects_add(rj, file, rec, NULL, TROC_RAGGED,
		    "%zu fields, the header has %zu", rec->n, nfields) < 0 ?
		    -1 : 1;
	if (rec->bad == TROC_BAD_NUL)
		return troc_rejects_add(rj, file, rec, NULL, TROC_ENCODING,
		    "NUL byte in a field") < 0 ? -1 : 1;
	if (rec->bad == TROC_BAD_ENCODING)
		return troc_rejects_add(rj, file, rec, NULL, TROC_ENCODING,
		    "bytes not valid in the input encoding (see -e)") < 0 ?
		    -1 : 1;
	return 0;
}
