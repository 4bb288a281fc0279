/* import.h: landlord inventories to canonical units (SPEC.md §3.1, §4,
 * §5 "Import"): the three input formats of troc-import read one record at
 * a time, and the unit ids claimed across all its input files. */
#ifndef TROC_IMPORT_H
#define TROC_IMPORT_H

#include <stddef.h>

#include "troc/csvin.h"
#include "troc/geo.h"
#include "troc/rejects.h"
#include "troc/table.h"
#include "troc/units.h"

enum troc_import_fmt {
	TROC_IMPORT_UNITS,	/* canonical units */
	TROC_IMPORT_RPLS,	/* the RPLS layouts (rpls.h) */
	TROC_IMPORT_MAP		/* a landlord's export through a map (mapping.h) */
};

struct troc_map;

struct troc_import_opts {
	enum troc_import_fmt fmt;
	const char *landlord;	/* -l: the landlord of every unit, or NULL */
	struct troc_map *map;	/* TROC_IMPORT_MAP: bound to each file in
				 * turn; the caller keeps and frees it */
	const struct troc_geo *geo;	/* commune codes checked, or NULL */
};

/*
 * One record as canonical cells, before they are checked: what the RPLS
 * and map readers make of a record. v[i] (len[i] bytes) is the text of
 * canonical column i; src[i] the input column it came from, named in a
 * fault in place of the canonical name (NULL: the canonical name). With
 * rowid, unit_id is made from the whole record by the row rule below. A
 * value a reader could not translate (an unknown code) leaves its cell
 * empty and its fault in bad and fault, reported in column order with
 * the faults the other cells get when they are checked.
 */
struct troc_cells {
	const char *v[TROC_U_NCOLS];
	size_t len[TROC_U_NCOLS];
	const char *src[TROC_U_NCOLS];
	int rowid;
	int bad;			/* column of the first such value, or -1 */
	struct troc_fault fault;
};

/* Set every cell empty, with no source and no fault. */
void troc_cells_clear(struct troc_cells *c);

/* Record the fault of cell col (the first one only); returns -1. */
int troc_cells_fault(struct troc_cells *c, int col, const char *src,
    enum troc_code code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

struct troc_import;

/* A new importer, or NULL when out of memory. o is copied. Free with
 * troc_import_free. */
struct troc_import *troc_import_new(const struct troc_import_opts *o);

/* Start the next input file: bind its header (a reader's, which must
 * outlive the file's records). Returns 0, or -1 with e naming file and
 * line (a required column missing, a column given twice, not an RPLS
 * layout, a map's source column absent). */
int troc_import_begin(struct troc_import *im, const struct troc_rec *hdr,
    const char *file, struct troc_err *e);

/* The current file's binding: nin, its field count, and the extra
 * columns carried through (for troc_unit_write_header/troc_unit_write). */
const struct troc_bind *troc_import_bind(const struct troc_import *im);

/*
 * Read rec of the current file into u and claim its unit_id. Returns 1
 * (a unit: its pointers valid until the next call), 0 when rejected (f
 * names the first fault, in column order, then duplicate), -1 when out
 * of memory. A rejected record claims no id.
 */
int troc_import_row(struct troc_import *im, const struct troc_rec *rec,
    struct troc_unit *u, struct troc_fault *f);

/* Free; NULL is allowed. */
void troc_import_free(struct troc_import *im);

/*
 * The row rule, for files without ids (RPLS open data, a map without
 * unit_id): unit_id = LANDLORD:COMMUNE:H, H the XXH3-64 hash (16
 * lowercase hex digits) of the record's fields as read (decoded to
 * UTF-8), each followed by a NUL byte. The k-th identical record of one
 * file gets ".k" appended (k >= 2); an id that an earlier file claimed is
 * a duplicate. So the same file gives the same ids in every run, whatever
 * its compression, encoding or delimiter, and a file read twice in one
 * run has all its records of the second reading rejected.
 */

/* s (n bytes) without the spaces and TABs around it: the start, *n
 * updated. */
const char *troc_trim(const char *s, size_t *n);

/* Drop from b's extra columns those named like a canonical column (they
 * would name it twice on re-reading the output). */
void troc_extras_drop_canonical(struct troc_bind *b,
    const struct troc_rec *hdr);

#endif
