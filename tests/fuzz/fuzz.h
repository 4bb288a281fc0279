/* fuzz.h: what the harnesses share: the reference tables loaded once,
 * an input cut in two at a separator line, a sink for written output. */
#ifndef TROC_FUZZ_H
#define TROC_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
