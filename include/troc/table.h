/* table.h: binding a CSV header to a tool's canonical columns. */
#ifndef TROC_TABLE_H
#define TROC_TABLE_H

#include <stddef.h>

#include "troc/csvin.h"
#include "troc/csvout.h"
#include "troc/err.h"

struct troc_col {
	const char *name;	/* canonical name, as written on output */
	int required;		/* a missing column is an error */
	const char *alias;	/* other accepted names, '|'-separated, or NULL */
};

/* Where each canonical column sits in the input, and the extra columns. */
struct troc_bind {
	size_t ncols;		/* canonical columns */
	long *idx;		/* idx[i]: input field of column i, or -1 */
	size_t nin;		/* fields in the input header */
	size_t nextra;
	size_t *extra;		/* input fields that are not canonical, in order */
};

/* Bind hdr (a reader's header) to cols. A required column absent, or a
 * column given twice, fails with e naming it (and nothing to release).
 * Release with troc_bind_release. */
int troc_bind_header(struct troc_bind *b, const struct troc_rec *hdr,
    const struct troc_col *cols, size_t ncols, const char *file,
    struct troc_err *e);
void troc_bind_release(struct troc_bind *b);

/* Field of canonical column i in rec, or "" (length 0) when the input has
 * no such column. */
static inline const char *
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

/* The extra columns of a run over several files: named by the first
 * file's header; the later files' extras are found by name. */
struct troc_extras {
	size_t n;
	char **names;		/* the first file's extra column names */
	long *idx;		/* idx[i]: field of names[i] in the current file */
};

/* Take the extras of the first file (b bound on hdr). 0, or -1 if out of
 * memory. Release with troc_extras_release. */
int troc_extras_init(struct troc_extras *x, const struct troc_bind *b,
    const struct troc_rec *hdr);

/* Align a later file's extras (b on hdr) by name. Returns how many of its
 * extra columns the first file does not have (they are not written), or
 * -1 if out of memory. */
long troc_extras_align(struct troc_extras *x, const struct troc_bind *b,
    const struct troc_rec *hdr);

/* Write the extras' names, or rec's extra fields (empty where the current
 * file has no such column). No end of record. */
int troc_extras_header(struct troc_out *w, const struct troc_extras *x);
int troc_extras_write(struct troc_out *w, const struct troc_extras *x,
    const struct troc_rec *rec);

void troc_extras_release(struct troc_extras *x);

#endif
