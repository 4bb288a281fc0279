/* fuzz_csv.c: the CSV reader on any bytes, fed whole and as a pipe would
 * feed it; round trip: what it reads, written with minimal quoting and
 * read again, gives the same records. Read through a buffer of 16 to 79
 * bytes (records across reads, as from a pipe), it gives the same
 * records, lines and errors; with a field cap of 1 to 64 bytes, the fast
 * path and libcsv stop at the same place. */
#include <strings.h>

#include "fuzz.h"
#include "troc/source.h"

/* Records of buf as one string: fields joined by \x1f, records by \x1e. */
static char *
flatten(const char *buf, size_t n, const struct troc_csv_opts *o,
    size_t *len, int *rc)
{
	struct troc_err e;
	struct troc_csv *r = fuzz_open(buf, n, "fuzz", o, &e);
	struct troc_rec rec;
	char *out = NULL;
	size_t cap = 0, k = 0, i;

	*len = 0;
	*rc = -2;
	if (r == NULL)
		return NULL;
	rec = *troc_csv_header(r);	/* the header is a record too */
	for (*rc = 1; *rc > 0; *rc = troc_csv_next(r, &rec, &e)) {
		for (i = 0; i < rec.n; i++) {
			size_t need = k + 3 * rec.len[i] + 8;

			if (need > cap) {
				cap = need * 2;
				out = realloc(out, cap);
				if (out == NULL)
					abort();
			}
			k += troc_csv_quote(out + k, cap - k, rec.f[i],
			    rec.len[i], ',');
			out[k++] = i + 1 < rec.n ? ',' : '\n';
		}
	}
	troc_csv_free(r);
	*len = k;
	return out;
}

/* Where the records of buf start, what was bad in them (unless errs),
 * and the error that ended the reading (its line and message), folded
 * into a number. */
static uint64_t
trace(const char *buf, size_t n, const struct troc_csv_opts *o, int errs)
{
	struct troc_err e = { 0 };
	struct troc_csv *r = fuzz_open(buf, n, "fuzz", o, &e);
	struct troc_rec rec;
	uint64_t h = 1469598103934665603ULL;
	const char *m;
	int k = -1;

	if (r != NULL)
		while ((k = troc_csv_next(r, &rec, &e)) > 0)
			if (!errs)
				h = (h ^ (rec.line * 4 + rec.bad)) *
				    1099511628211ULL;
	if (k < 0) {
		h = (h ^ e.line) * 1099511628211ULL;
		for (m = e.msg; *m; m++)
			h = (h ^ (unsigned char)*m) * 1099511628211ULL;
	}
	troc_csv_free(r);
	return h;
}

/* Offset of the second CR or LF of data (the first after a "sep=" line,
 * from which line ends are guessed), at least 2 bytes after the first,
 * or size. */
static size_t
second_eol(const uint8_t *data, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < size; i++)
		if (data[i] == '\r' || data[i] == '\n') {
			if (k++ == 1)
				return i;
			i++;	/* a CR LF is one */
		}
	return size;
}

/* The first bytes the reader sees of data (its source's: data itself,
 * or for gzip what it inflates to, member after member, as far as it
 * goes), into out. */
static size_t
seen(const uint8_t *data, size_t size, uint8_t *out, size_t cap)
{
	struct troc_err e;
	struct troc_source *s = troc_source_mem(data, size, "fuzz", &e);
	size_t n = 0;
	ssize_t k;

	if (s == NULL)
		return 0;
	while (n < cap && (k = troc_source_read(s, out + n, cap - n,
	    &e)) > 0)
		n += (size_t)k;
	troc_source_free(s);
	return n;
}

/* What CSV cannot say again: a record of one empty field is a blank line
 * (skipped), a BOM or "sep=" at the very start is taken as such. */
static int
lossy(const char *a, size_t n)
{
	size_t i;

	if (a[0] == '\n' || (n >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) ||
	    (n >= 4 && strncasecmp(a, "sep=", 4) == 0))
		return 1;
	for (i = 1; i < n; i++)
		if (a[i] == '\n' && a[i - 1] == '\n')
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_csv_opts o = { .delim = ',', .enc = TROC_ENC_UTF8 };
	struct troc_csv_opts slow = { .delim = ',', .enc = TROC_ENC_UTF8,
	    .libcsv_only = 1 };
	char *a, *b, *c;
	size_t la, lb, lc;
	int ra, rb, rc;
	uint8_t head[256];
	size_t eol;

	/* the reader's own guesses, on whatever comes */
	free(flatten((const char *)data, size, NULL, &la, &ra));
	/* fast path and libcsv agree */
	a = flatten((const char *)data, size, &o, &la, &ra);
	b = flatten((const char *)data, size, &slow, &lb, &rb);
	if (ra != rb || la != lb || (la && memcmp(a, b, la) != 0))
		abort();
	/* through a small buffer: the same records, lines and errors, when
	 * the line end the reader guesses the file's line ends from (that
	 * of the first line, or of the line after "sep=") lies with the
	 * byte after it in the first buffer of both readers, counted in the
	 * bytes the reader sees (inflated, for gzip: more than the input,
	 * which sizes the first reader's buffer), as it does in real files
	 * of lines under 256 KiB. On an error, the same error (the records
	 * of its own physical line before it may be given or not, the
	 * header too: the open or the first read fails). Inputs of 4 KiB at
	 * most, for speed. */
	if (size > 0 && size <= 4096 &&
	    (eol = second_eol(head, seen(data, size, head,
	    sizeof(head)))) + 1 < 16 + (size_t)(data[size - 1] % 64) &&
	    eol + 1 < fuzz_fit(&o, size).bufsize) {
		struct troc_csv_opts small = o;
		int rs;

		small.bufsize = 16 + data[size - 1] % 64;
		c = flatten((const char *)data, size, &small, &lc, &rs);
		if ((rs < 0) != (ra < 0) ||
		    trace((const char *)data, size, &small, ra < 0) !=
		    trace((const char *)data, size, &o, ra < 0))
			abort();
		if (ra == 0 && (lc != la || (la && memcmp(a, c, la) != 0)))
			abort();
		free(c);
	}
	/* a small field cap: both paths stop at the same place */
	if (size > 0) {
		struct troc_csv_opts capf = o, caps = slow;
		size_t l1, l2;
		int r1, r2;
		char *x, *y;

		capf.max_field = caps.max_field = 1 + data[0] % 64;
		x = flatten((const char *)data, size, &capf, &l1, &r1);
		y = flatten((const char *)data, size, &caps, &l2, &r2);
		if (r1 != r2 || l1 != l2 || (l1 && memcmp(x, y, l1) != 0) ||
		    trace((const char *)data, size, &capf, 0) !=
		    trace((const char *)data, size, &caps, 0))
			abort();
		free(x);
		free(y);
	}
	/* written and read again: the same records (a blank first field of
	 * a one-field record is a blank line, which CSV cannot keep) */
	if (ra == 0 && la > 0 && !lossy(a, la)) {
		c = flatten(a, la, &o, &lc, &rc);
		if (rc != 0 || lc != la || memcmp(a, c, la) != 0)
			abort();
		free(c);
	}
	free(a);
	free(b);
	return 0;
}
