/* table.c: binding a CSV header to a tool's canonical columns. */
#include <stdlib.h>
#include <string.h>

#include "troc/table.h"

#define KEYSZ 256

/* The keys of the canonical columns (names and aliases, as troc_colkey
 * writes them), made once per header rather than once per field. */
struct colkeys {
	size_t n;
	const char **key;	/* in column order, each name before its aliases */
	size_t *col;		/* key i names column col[i] */
	char *text;
};

static void
colkeys_free(struct colkeys *k)
{
	free(k->key);
	free(k->col);
	free(k->text);
}

/* Append the key of s[0..len) as naming column j (colkey never makes a
 * name longer). */
static void
colkeys_add(struct colkeys *k, size_t *used, const char *s, size_t len,
    size_t j)
{
	k->key[k->n] = troc_colkey(s, len, k->text + *used, len + 1);
	k->col[k->n++] = j;
	*used += len + 1;
}

static int
colkeys_make(struct colkeys *k, const struct troc_col *cols, size_t ncols)
{
	size_t j, nk = 0, size = 0, used = 0;
	const char *a, *bar;

	memset(k, 0, sizeof(*k));
	for (j = 0; j < ncols; j++) {
		nk++;
		size += strlen(cols[j].name) + 1;
		for (a = cols[j].alias; a && *a; a++)
			nk += *a == '|';
		if (cols[j].alias && *cols[j].alias) {
			nk++;
			size += strlen(cols[j].alias) + 1;
		}
	}
	k->key = malloc((nk ? nk : 1) * sizeof(*k->key));
	k->col = malloc((nk ? nk : 1) * sizeof(*k->col));
	k->text = malloc(size ? size : 1);
	if (k->key == NULL || k->col == NULL || k->text == NULL) {
		colkeys_free(k);
		return -1;
	}
	for (j = 0; j < ncols; j++) {
		colkeys_add(k, &used, cols[j].name, strlen(cols[j].name), j);
		for (a = cols[j].alias; a && *a; a = bar + 1) {
			if ((bar = strchr(a, '|')) == NULL)
				bar = a + strlen(a);
			colkeys_add(k, &used, a, (size_t)(bar - a), j);
			if (*bar == '\0')
				break;
		}
	}
	return 0;
}

/* The first column that key names, or ncols. */
static size_t
col_named(const struct colkeys *k, const char *key, size_t ncols)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(key, k->key[i]) == 0)
			return k->col[i];
	return ncols;
}

int
troc_bind_header(struct troc_bind *b, const struct troc_rec *hdr,
    const struct troc_col *cols, size_t ncols, const char *file,
    struct troc_err *e)
{
	struct colkeys ck;
	char key[KEYSZ];
	size_t i, j;

	memset(b, 0, sizeof(*b));
	b->ncols = ncols;
	b->nin = hdr->n;
	b->idx = malloc((ncols ? ncols : 1) * sizeof(*b->idx));
	b->extra = malloc((hdr->n ? hdr->n : 1) * sizeof(*b->extra));
	if (b->idx == NULL || b->extra == NULL ||
	    colkeys_make(&ck, cols, ncols) < 0) {
		troc_err_set(e, file, hdr->line, "out of memory");
		troc_bind_release(b);
		return -1;
	}
	for (j = 0; j < ncols; j++)
		b->idx[j] = -1;
	for (i = 0; i < hdr->n; i++) {
		troc_colkey(hdr->f[i], hdr->len[i], key, KEYSZ);
		j = col_named(&ck, key, ncols);
		if (j == ncols || key[0] == '\0') {
			b->extra[b->nextra++] = i;
		} else if (b->idx[j] >= 0) {
			troc_err_set(e, file, hdr->line,
			    "column %s given twice (fields %ld and %zu)",
			    cols[j].name, b->idx[j] + 1, i + 1);
			goto fail;
		} else {
			b->idx[j] = (long)i;
		}
	}
	for (j = 0; j < ncols; j++)
		if (cols[j].required && b->idx[j] < 0) {
			troc_err_set(e, file, hdr->line,
			    "required column missing: %s", cols[j].name);
			goto fail;
		}
	colkeys_free(&ck);
	return 0;
fail:
	colkeys_free(&ck);
	troc_bind_release(b);	/* nothing for the caller to free */
	return -1;
}

void
troc_bind_release(struct troc_bind *b)
{
	free(b->idx);
	free(b->extra);
	memset(b, 0, sizeof(*b));
}

int
troc_extras_init(struct troc_extras *x, const struct troc_bind *b,
    const struct troc_rec *hdr)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->names = calloc(b->nextra + 1, sizeof(*x->names));
	x->idx = calloc(b->nextra + 1, sizeof(*x->idx));
	if (x->names == NULL || x->idx == NULL)
		return -1;
	for (i = 0; i < b->nextra; i++) {
		size_t k = b->extra[i];

		if ((x->names[i] = malloc(hdr->len[k] + 1)) == NULL)
			return -1;
		memcpy(x->names[i], hdr->f[k], hdr->len[k] + 1);
		x->idx[i] = (long)k;
		x->n++;
	}
	return 0;
}

long
troc_extras_align(struct troc_extras *x, const struct troc_bind *b,
    const struct troc_rec *hdr)
{
	size_t i, j;
	long unmatched = 0;
	char *used = calloc(b->nextra + 1, 1);

	if (used == NULL)
		return -1;
	for (i = 0; i < x->n; i++) {
		x->idx[i] = -1;
		for (j = 0; j < b->nextra; j++) {
			size_t k = b->extra[j];

			if (!used[j] && strcmp(hdr->f[k], x->names[i]) == 0) {
				x->idx[i] = (long)k;
				used[j] = 1;
				break;
			}
		}
	}
	for (j = 0; j < b->nextra; j++)
		unmatched += !used[j];
	free(used);
	return unmatched;
}

int
troc_extras_header(struct troc_out *w, const struct troc_extras *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (troc_out_str(w, x->names[i]) < 0)
			return -1;
	return 0;
}

int
troc_extras_write(struct troc_out *w, const struct troc_extras *x,
    const struct troc_rec *rec)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		long k = x->idx[i];
		int r = k >= 0 && (size_t)k < rec->n ?
		    troc_out_field(w, rec->f[k], rec->len[k]) :
		    troc_out_field(w, "", 0);

		if (r < 0)
			return -1;
	}
	return 0;
}

void
troc_extras_release(struct troc_extras *x)
{
	size_t i;

	for (i = 0; x->names && i < x->n; i++)
		free(x->names[i]);
	free(x->names);
	free(x->idx);
	memset(x, 0, sizeof(*x));
}
