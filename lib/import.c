/* import.c: the records of troc-import's three formats to checked units,
 * and the unit ids they claim across the input files (SPEC.md §5). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "troc/field.h"
#include "troc/idset.h"
#include "troc/import.h"
#include "troc/mapping.h"
#include "troc/rpls.h"

/* Per claimed id: the last file that used it, and for the base id of the
 * row rule, how many records of that file had it. */
struct seen {
	uint32_t file, count;
};

struct troc_import {
	struct troc_import_opts o;
	struct troc_idset *ids;
	struct seen *seen;
	size_t seencap;
	uint32_t file;			/* input files begun */
	struct troc_bind b;		/* TROC_IMPORT_UNITS */
	struct troc_rpls *rpls;		/* TROC_IMPORT_RPLS */
	struct troc_bind cellbind;	/* cells as a record: field i, column i */
	long cellidx[TROC_U_NCOLS];
	char *scratch;
	size_t scap;
	int landlord_ok;		/* o.landlord is fit to start an id */
	char id[128];
};

void
troc_cells_clear(struct troc_cells *c)
{
	size_t i;

	for (i = 0; i < TROC_U_NCOLS; i++) {
		c->v[i] = "";
		c->len[i] = 0;
		c->src[i] = NULL;
	}
	c->rowid = 0;
	c->bad = -1;
}

int
troc_cells_fault(struct troc_cells *c, int col, const char *src,
    enum troc_code code, const char *fmt, ...)
{
	va_list ap;

	if (c->bad >= 0)
		return -1;
	c->bad = col;
	c->fault.column = src ? src : troc_unit_cols[col].name;
	c->fault.code = code;
	va_start(ap, fmt);
	vsnprintf(c->fault.msg, sizeof(c->fault.msg), fmt, ap);
	va_end(ap);
	return -1;
}

struct troc_import *
troc_import_new(const struct troc_import_opts *o)
{
	struct troc_import *im = calloc(1, sizeof(*im));
	struct troc_fault f;
	size_t i;

	if (im == NULL)
		return NULL;
	im->o = *o;
	im->landlord_ok = o->landlord && troc_field_id("landlord", o->landlord,
	    strlen(o->landlord), &f) > 0;
	if ((im->ids = troc_idset_new()) == NULL) {
		free(im);
		return NULL;
	}
	for (i = 0; i < TROC_U_NCOLS; i++)
		im->cellidx[i] = (long)i;
	im->cellbind.ncols = im->cellbind.nin = TROC_U_NCOLS;
	im->cellbind.idx = im->cellidx;
	return im;
}

void
troc_import_free(struct troc_import *im)
{
	if (im == NULL)
		return;
	troc_idset_free(im->ids);
	free(im->seen);
	troc_bind_release(&im->b);
	troc_rpls_free(im->rpls);
	free(im->scratch);
	free(im);
}

int
troc_import_begin(struct troc_import *im, const struct troc_rec *hdr,
    const char *file, struct troc_err *e)
{
	im->file++;
	switch (im->o.fmt) {
	case TROC_IMPORT_RPLS:
		troc_rpls_free(im->rpls);
		im->rpls = troc_rpls_new(hdr, file,
		    im->o.landlord ? im->o.landlord : "", e);
		return im->rpls ? 0 : -1;
	case TROC_IMPORT_MAP:
		return troc_map_bind(im->o.map, hdr, file, e);
	default:
		troc_bind_release(&im->b);
		return troc_bind_header(&im->b, hdr, troc_unit_cols,
		    TROC_U_NCOLS, file, e);
	}
}

const struct troc_bind *
troc_import_bind(const struct troc_import *im)
{
	switch (im->o.fmt) {
	case TROC_IMPORT_RPLS:
		return troc_rpls_bind(im->rpls);
	case TROC_IMPORT_MAP:
		return troc_map_extras(im->o.map);
	default:
		return &im->b;
	}
}

void
troc_extras_drop_canonical(struct troc_bind *b, const struct troc_rec *hdr)
{
	char key[256], canon[TROC_U_NCOLS][64];
	size_t i, j, o = 0;

	if (b->nextra == 0)
		return;
	/* the canonical names' keys once, not once an extra column */
	for (j = 0; j < TROC_U_NCOLS; j++)
		troc_colkey(troc_unit_cols[j].name,
		    strlen(troc_unit_cols[j].name), canon[j], sizeof(canon[j]));
	for (i = 0; i < b->nextra; i++) {
		size_t x = b->extra[i];

		troc_colkey(hdr->f[x], hdr->len[x], key, sizeof(key));
		for (j = 0; j < TROC_U_NCOLS; j++)
			if (strcmp(key, canon[j]) == 0)
				break;
		if (j == TROC_U_NCOLS)
			b->extra[o++] = x;
	}
	b->nextra = o;
}

const char *
troc_trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* Index of canonical column name, or TROC_U_NCOLS. */
static int
col_of(const char *name)
{
	int i;

	for (i = 0; name && i < TROC_U_NCOLS; i++)
		if (strcmp(name, troc_unit_cols[i].name) == 0)
			return i;
	return TROC_U_NCOLS;
}

/* Check cells c as canonical units are checked; the first fault in
 * column order names the input column. Returns 0 or -1 with f. */
static int
cells_unit(struct troc_import *im, struct troc_cells *c, struct troc_unit *u,
    struct troc_fault *f)
{
	struct troc_rec rec;
	int j;

	if (c->rowid) {		/* made once the row is known good */
		c->v[TROC_U_ID] = "-";
		c->len[TROC_U_ID] = 1;
	}
	memset(&rec, 0, sizeof(rec));
	rec.n = TROC_U_NCOLS;
	rec.f = c->v;
	rec.len = c->len;
	if (troc_unit_parse(u, &im->cellbind, &rec, im->o.geo, f) == 0) {
		if (c->bad < 0)
			return 0;
		*f = c->fault;
		return -1;
	}
	j = col_of(f->column);
	if (c->bad >= 0 && c->bad <= j)
		*f = c->fault;
	else if (j < TROC_U_NCOLS && c->src[j])
		f->column = c->src[j];
	return -1;
}

static int
grow_seen(struct troc_import *im, size_t slot)
{
	size_t cap = im->seencap ? im->seencap : 4096;
	struct seen *p;

	if (slot < im->seencap)
		return 0;
	while (cap <= slot)
		cap *= 2;
	if ((p = realloc(im->seen, cap * sizeof(*p))) == NULL)
		return -1;
	im->seen = p;
	im->seencap = cap;
	return 0;
}

/* Add id (n bytes) as a unit of the current file: 1, 0 when it is there
 * already, -1 when out of memory. */
static int
add_id(struct troc_import *im, const char *id, size_t n)
{
	size_t slot;
	int k = troc_idset_add(im->ids, id, n, &slot);

	if (k <= 0)
		return k;
	if (grow_seen(im, slot) < 0)
		return -1;
	im->seen[slot].file = im->file;
	im->seen[slot].count = 1;
	return 1;
}

static int
duplicate(const char *col, const char *id, size_t n, struct troc_fault *f)
{
	troc_fault_set(f, col, TROC_DUPLICATE, "unit_id %.*s seen before",
	    (int)n, id);
	return 0;
}

/* Claim the id the record gives. Returns 1, 0 (duplicate) or -1. */
static int
claim_id(struct troc_import *im, const struct troc_unit *u, const char *col,
    struct troc_fault *f)
{
	int k = add_id(im, u->id, u->idlen);

	return k == 0 ? duplicate(col, u->id, u->idlen, f) : k;
}

/* Hash of rec's fields, each followed by NUL. The reader stores them so,
 * one after the other: hashed in place when they are. */
static int
row_hash(struct troc_import *im, const struct troc_rec *rec, uint64_t *h)
{
	size_t i, o = 0, total = 0;

	for (i = 0; i + 1 < rec->n &&
	    rec->f[i] + rec->len[i] + 1 == rec->f[i + 1]; i++)
		;
	if (rec->n > 0 && i + 1 == rec->n) {
		*h = XXH3_64bits(rec->f[0],
		    (size_t)(rec->f[i] + rec->len[i] + 1 - rec->f[0]));
		return 0;
	}
	for (i = 0; i < rec->n; i++)
		total += rec->len[i] + 1;
	if (total > im->scap) {
		char *p = realloc(im->scratch, total);

		if (p == NULL)
			return -1;
		im->scratch = p;
		im->scap = total;
	}
	for (i = 0; i < rec->n; i++) {
		memcpy(im->scratch + o, rec->f[i], rec->len[i]);
		im->scratch[o + rec->len[i]] = '\0';
		o += rec->len[i] + 1;
	}
	*h = XXH3_64bits(im->scratch, o);
	return 0;
}

/* The base id of the row rule into im->id: its length, or 0 when the
 * landlord makes it too long. */
static size_t
row_base(struct troc_import *im, const struct troc_unit *u, uint64_t h)
{
	static const char hex[] = "0123456789abcdef";
	char *p = im->id;
	int i;

	if (u->landlordlen + 24 >= sizeof(im->id))
		return 0;
	memcpy(p, u->landlord, u->landlordlen);
	p += u->landlordlen;
	*p++ = ':';
	troc_commune_code(u->commune, p);
	p += strlen(p);
	*p++ = ':';
	for (i = 60; i >= 0; i -= 4)
		*p++ = hex[(h >> i) & 15];
	*p = '\0';
	return (size_t)(p - im->id);
}

/* Reject the record: the row rule made no valid id (n bytes, 0 when the
 * landlord made it too long). Returns 0. */
static int
bad_rowid(struct troc_import *im, size_t n, struct troc_fault *f)
{
	if (n == 0 || troc_field_id("unit_id", im->id, n, f) > 0)
		troc_fault_set(f, "unit_id", TROC_CODE,
		    "id longer than 64 characters");
	return 0;
}

/* Claim the id of the row rule (import.h). Returns 1, 0 or -1. */
static int
claim_row(struct troc_import *im, const struct troc_rec *rec,
    struct troc_unit *u, struct troc_fault *f)
{
	uint64_t h;
	size_t n, slot;
	int k;

	if (row_hash(im, rec, &h) < 0)
		return -1;
	n = row_base(im, u, h);
	/* -l was checked once; a landlord read from the file is checked here */
	if (n == 0 || n > 64 || (!(im->landlord_ok && u->landlord ==
	    im->o.landlord) && troc_field_id("unit_id", im->id, n, f) < 0))
		return bad_rowid(im, n, f);
	if ((k = troc_idset_add(im->ids, im->id, n, &slot)) != 0) {
		if (k < 0 || grow_seen(im, slot) < 0)
			return -1;
		im->seen[slot].file = im->file;
		im->seen[slot].count = 1;
	} else if (im->seen[slot].file != im->file) {
		/* a record of an earlier file had it */
		im->seen[slot].file = im->file;
		im->seen[slot].count = 1;
		return duplicate("unit_id", im->id, n, f);
	} else {
		/* the k-th identical record of this file */
		n += (size_t)snprintf(im->id + n, sizeof(im->id) - n, ".%lu",
		    (unsigned long)++im->seen[slot].count);
		if (n > 64)
			return bad_rowid(im, n, f);
		if ((k = add_id(im, im->id, n)) <= 0)
			return k < 0 ? -1 : duplicate("unit_id", im->id, n, f);
	}
	u->id = im->id;
	u->idlen = n;
	return 1;
}

int
troc_import_row(struct troc_import *im, const struct troc_rec *rec,
    struct troc_unit *u, struct troc_fault *f)
{
	struct troc_cells c;

	switch (im->o.fmt) {
	case TROC_IMPORT_RPLS:
		troc_rpls_cells(im->rpls, rec, &c);
		break;
	case TROC_IMPORT_MAP:
		troc_map_cells(im->o.map, rec, im->o.landlord, &c);
		break;
	default:
		if (troc_unit_parse(u, &im->b, rec, im->o.geo, f) < 0)
			return 0;
		return claim_id(im, u, "unit_id", f);
	}
	if (cells_unit(im, &c, u, f) < 0)
		return 0;
	if (c.rowid)
		return claim_row(im, rec, u, f);
	return claim_id(im, u, c.src[TROC_U_ID] ? c.src[TROC_U_ID] :
	    "unit_id", f);
}
