/* fuzz_csv.c: the CSV reader on any bytes, fed whole and as a pipe would
 * feed it; round trip: what it reads, written with minimal quoting and
 * read again, gives the same records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "troc/csvin.h"
#include "troc/csvout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Records of buf as one string: fields joined by \x1f, records by \x1e. */
static char *
flatten(const char *buf, size_t n, const struct troc_csv_opts *o,
    size_t *len, int *rc)
{
	struct troc_err e;
	struct troc_csv *r = troc_csv_open_mem(buf, n, "fuzz", o, &e);
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

	/* the reader's own guesses, on whatever comes */
	free(flatten((const char *)data, size, NULL, &la, &ra));
	/* fast path and libcsv agree */
	a = flatten((const char *)data, size, &o, &la, &ra);
	b = flatten((const char *)data, size, &slow, &lb, &rb);
	if (ra != rb || la != lb || (la && memcmp(a, b, la) != 0))
		abort();
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
