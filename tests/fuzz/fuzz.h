/* fuzz.h: what the harnesses share: the reference tables loaded once,
 * a reader sized to its input, an input cut in two at a separator line,
 * a sink for written output. */
#ifndef TROC_FUZZ_H
#define TROC_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/csvin.h"
#include "troc/csvout.h"
#include "troc/datadir.h"
#include "troc/reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The communes, ceilings and default policy of data/ ($TROC_DATA or the
 * source tree), loaded at the first call and kept for the process. */
static inline const struct troc_reference *
fuzz_reference(void)
{
	static struct troc_reference ref;
	static int loaded;
	struct troc_err e;

	if (!loaded) {
		if (troc_reference_load(&ref, troc_datadir(), NULL, 0,
		    &e) < 0) {
			fprintf(stderr, "fuzz: %s: %s\n", e.file ? e.file : "",
			    e.msg);
			abort();
		}
		loaded = 1;
	}
	return &ref;
}

/* Options for reading n bytes with the reader's buffer just large enough
 * to take them whole (and see their end) at the first read, as the
 * default 256 KiB buffer does for any input under that size: the same
 * records, guesses and errors, without 256 KiB allocated (under ASan,
 * mapped, faulted in and unmapped) at each reading. o may be NULL; a
 * buffer size it sets is kept. */
static inline struct troc_csv_opts
fuzz_fit(const struct troc_csv_opts *o, size_t n)
{
	struct troc_csv_opts f = { 0 };

	if (o != NULL)
		f = *o;
	if (f.bufsize == 0 && n < 256 * 1024)
		f.bufsize = n + 1 < 16 ? 16 : n + 1;
	return f;
}

/* troc_csv_open_mem through such a buffer. */
static inline struct troc_csv *
fuzz_open(const char *buf, size_t n, const char *name,
    const struct troc_csv_opts *o, struct troc_err *e)
{
	struct troc_csv_opts f = fuzz_fit(o, n);

	return troc_csv_open_mem(buf, n, name, &f, e);
}

/* Cut data at the first line "==" (sep: "\n==\n"): *a the part before
 * (with its line end), *b the part after; no such line: b is empty. */
static inline void
fuzz_split(const uint8_t *data, size_t size, const char **a, size_t *na,
    const char **b, size_t *nb)
{
	const char *p = (const char *)data, *s = NULL;
	size_t i;

	for (i = 0; i + 4 <= size; i++)
		if (memcmp(p + i, "\n==\n", 4) == 0) {
			s = p + i;
			break;
		}
	*a = p;
	*na = s ? (size_t)(s - p) + 1 : size;
	*b = s ? s + 4 : p + size;
	*nb = s ? size - (size_t)(s - p) - 4 : 0;
}

/* A writer that throws its bytes away (every write still made). */
static inline struct troc_out *
fuzz_sink(void)
{
	struct troc_err e;
	struct troc_out *w = troc_out_open("/dev/null", NULL, &e);

	if (w == NULL)
		abort();
	return w;
}

static inline void
fuzz_sink_close(struct troc_out *w)
{
	struct troc_err e;

	if (troc_out_close(w, 1, &e) < 0)
		abort();
}

#endif
