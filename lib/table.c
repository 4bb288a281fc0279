/* table.c: binding a CSV header to a tool's canonical columns. */
#include <stdlib.h>
#include <string.h>

#include "troc/table.h"

#define KEYSZ 256

/* 1 when key names column c (its name or one of its aliases). */
static int
names_col(const char *key, const struct troc_col *c)
{
	char k[KEYSZ];
	const char *a, *bar;

	if (strcmp(key, troc_colkey(c->name, strlen(c->name), k, KEYSZ)) == 0)
		return 1;
	for (a = c->alias; a && *a; a = bar ? bar + 1 : NULL) {
		bar = strchr(a, '|');
		troc_colkey(a, bar ? (size_t)(bar - a) : strlen(a), k, KEYSZ);
		if (strcmp(key, k) == 0)
			return 1;
		if (bar == NULL)
			break;
	}
	return 0;
}

int
troc_bind_header(struct troc_bind *b, const struct troc_rec *hdr,
    const struct troc_col *cols, size_t ncols, const char *file,
    struct troc_err *e)
{
	char key[KEYSZ];
	size_t i, j;

	memset(b, 0, sizeof(*b));
	b->ncols = ncols;
	b->nin = hdr->n;
	b->idx = malloc((ncols ? ncols : 1) * sizeof(*b->idx));
	b->extra = malloc((hdr->n ? hdr->n : 1) * sizeof(*b->extra));
	if (b->idx == NULL || b->extra == NULL) {
		troc_err_set(e, file, hdr->line, "out of memory");
		return -1;
	}
	for (j = 0; j < ncols; j++)
		b->idx[j] = -1;
	for (i = 0; i < hdr->n; i++) {
		troc_colkey(hdr->f[i], hdr->len[i], key, KEYSZ);
		for (j = 0; j < ncols && !names_col(key, &cols[j]); j++)
			;
		if (j == ncols || key[0] == '\0') {
			b->extra[b->nextra++] = i;
		} else if (b->idx[j] >= 0) {
			troc_err_set(e, file, hdr->line,
			    "column %s given twice (fields %ld and %zu)",
			    cols[j].name, b->idx[j] + 1, i + 1);
			return -1;
		} else {
			b->idx[j] = (long)i;
		}
	}
	for (j = 0; j < ncols; j++)
		if (cols[j].required && b->idx[j] < 0) {
			troc_err_set(e, file, hdr->line,
			    "required column missing: %s", cols[j].name);
			return -1;
		}
	return 0;
}

void
troc_bind_release(struct troc_bind *b)
{
	free(b->idx);
	free(b->extra);
	memset(b, 0, sizeof(*b));
}

const char *
troc_bind_get(const struct troc_bind *b, const struct troc_rec *rec,
    size_t i, size_t *len)
{
	long k = b->idx[i];

	if (k < 0 || (size_t)k >= rec->n) {
		*len = 0;
		return "";
	}
	*len = rec->len[k];
	return rec->f[k];
}
