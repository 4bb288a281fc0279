/* mapping.c: column maps for landlords' own exports (troc-import -m): the
 * map file read, bound to an export's header, and its rows recoded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "troc/mapping.h"

#define KEYSZ 256

struct recode {
	char *from, *to;
	size_t flen, tlen;
};

/* What feeds one canonical column. */
struct entry {
	int on;
	unsigned long line;	/* where the map names it first */
	char *source;		/* the export's column, or NULL */
	struct recode *rc;
	size_t nrc;
	long idx;		/* the source's field in the bound header */
};

struct troc_map {
	char *path;
	struct entry e[TROC_U_NCOLS];
	const struct troc_rec *hdr;
	struct troc_bind b;
	char id[160];
};

/* Columns a map must feed (landlord too, unless -l gives it). */
static const int required[] = { TROC_U_COMMUNE, TROC_U_ROOMS,
    TROC_U_SURFACE, TROC_U_FINANCING };

static int
same_key(const char *a, size_t alen, const char *b, size_t blen)
{
	char ka[KEYSZ], kb[KEYSZ];

	return strcmp(troc_colkey(a, alen, ka, KEYSZ),
	    troc_colkey(b, blen, kb, KEYSZ)) == 0;
}

static int
same_value(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && strncasecmp(a, b, alen) == 0;
}

/* Canonical column named s, or -1. */
static int
column_of(const char *s, size_t n)
{
	int i;

	for (i = 0; i < TROC_U_NCOLS; i++)
		if (same_key(s, n, troc_unit_cols[i].name,
		    strlen(troc_unit_cols[i].name)))
			return i;
	return -1;
}

static int
add_recode(struct entry *en, const char *from, size_t flen, const char *to,
    size_t tlen)
{
	struct recode *p = realloc(en->rc, (en->nrc + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	en->rc = p;
	p += en->nrc;
	p->from = strndup(from, flen);
	p->to = strndup(to, tlen);
	p->flen = flen;
	p->tlen = tlen;
	if (p->from == NULL || p->to == NULL) {
		free(p->from);
		free(p->to);
		return -1;
	}
	en->nrc++;
	return 0;
}

/* One FROM=TO of a recode cell, for column col. Returns 0 or -1 with e. */
static int
recode_one(struct entry *en, const char *col, const char *s, size_t n,
    const char *file, unsigned long line, struct troc_err *e)
{
	const char *eq = memchr(s, '=', n), *from, *to;
	size_t flen, tlen, i;

	if (eq == NULL) {
		troc_err_set(e, file, line, "%s: recode \"%.*s\" has no '=' "
		    "(write FROM=TO|FROM=TO)", col, (int)n, s);
		return -1;
	}
	flen = (size_t)(eq - s);
	tlen = n - flen - 1;
	from = troc_trim(s, &flen);
	to = troc_trim(eq + 1, &tlen);
	for (i = 0; i < en->nrc; i++)
		if (same_value(en->rc[i].from, en->rc[i].flen, from, flen)) {
			troc_err_set(e, file, line, "%s: recode of \"%.*s\" "
			    "given twice", col, (int)flen, from);
			return -1;
		}
	if (add_recode(en, from, flen, to, tlen) < 0) {
		troc_err_set(e, file, line, "out of memory");
		return -1;
	}
	return 0;
}

/* The recode cell s: FROM=TO items separated by '|'. */
static int
recodes(struct entry *en, const char *col, const char *s, size_t n,
    const char *file, unsigned long line, struct troc_err *e)
{
	const char *end = s + n, *bar, *item;
	size_t k, len;

	while (s < end) {
		bar = memchr(s, '|', (size_t)(end - s));
		k = len = bar ? (size_t)(bar - s) : (size_t)(end - s);
		item = troc_trim(s, &len);
		if (len > 0 && recode_one(en, col, item, len, file, line,
		    e) < 0)
			return -1;
		s += k + 1;
	}
	return 0;
}

static int
unknown_column(const char *s, size_t n, const char *file,
    unsigned long line, struct troc_err *e)
{
	char list[256];
	size_t i, o = 0;

	for (i = 0; i < TROC_U_NCOLS; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    i ? ", " : "", troc_unit_cols[i].name);
	troc_err_set(e, file, line, "unknown column \"%.*s\" (one of %s)",
	    (int)(n > 64 ? 64 : n), s, list);
	return -1;
}

/* One row of the map: column, source, recode. */
static int
map_row(struct troc_map *m, const struct troc_bind *b,
    const struct troc_rec *rec, const char *file, struct troc_err *e)
{
	const char *col, *src, *rc;
	size_t cn, sn, rn;
	struct entry *en;
	int i;

	col = troc_trim(troc_bind_get(b, rec, 0, &cn), &cn);
	src = troc_trim(troc_bind_get(b, rec, 1, &sn), &sn);
	rc = troc_trim(troc_bind_get(b, rec, 2, &rn), &rn);
	if ((i = column_of(col, cn)) < 0)
		return unknown_column(col, cn, file, rec->line, e);
	en = &m->e[i];
	col = troc_unit_cols[i].name;
	if (sn == 0 && rn == 0) {
		troc_err_set(e, file, rec->line, "%s: no source column and "
		    "no recode", col);
		return -1;
	}
	if (sn > 0 && en->source && !same_key(en->source,
	    strlen(en->source), src, sn)) {
		troc_err_set(e, file, rec->line, "%s: mapped twice, from "
		    "\"%s\" (line %lu) and \"%.*s\"", col, en->source,
		    en->line, (int)sn, src);
		return -1;
	}
	if (sn > 0 && en->source == NULL &&
	    (en->source = strndup(src, sn)) == NULL) {
		troc_err_set(e, file, rec->line, "out of memory");
		return -1;
	}
	if (!en->on) {
		en->on = 1;
		en->line = rec->line;
	}
	return recodes(en, col, rc, rn, file, rec->line, e);
}

/* Every row, then the required columns. */
static int
map_rows(struct troc_map *m, struct troc_csv *r, const struct troc_bind *b,
    struct troc_err *e)
{
	const char *file = troc_csv_name(r);
	struct troc_rec rec;
	size_t i;
	int k;

	while ((k = troc_csv_next(r, &rec, e)) > 0) {
		if (rec.n != b->nin) {
			troc_err_set(e, file, rec.line, "%zu fields, the header "
			    "has %zu", rec.n, b->nin);
			return -1;
		}
		if (rec.bad != TROC_BAD_NONE) {
			troc_err_set(e, file, rec.line, "bytes not valid in "
			    "the map's encoding");
			return -1;
		}
		if (map_row(m, b, &rec, file, e) < 0)
			return -1;
	}
	if (k < 0)
		return -1;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!m->e[required[i]].on) {
			troc_err_set(e, file, 0, "required column not mapped: "
			    "%s", troc_unit_cols[required[i]].name);
			return -1;
		}
	return 0;
}

struct troc_map *
troc_map_read(struct troc_csv *r, struct troc_err *e)
{
	static const struct troc_col cols[] = { { "column", 1, NULL },
	    { "source", 1, NULL }, { "recode", 0, NULL } };
	const char *file = troc_csv_name(r);
	struct troc_map *m = calloc(1, sizeof(*m));
	struct troc_bind b;
	int k;

	if (m == NULL || (m->path = strdup(file)) == NULL) {
		free(m);
		troc_err_set(e, file, 0, "out of memory");
		return NULL;
	}
	k = troc_bind_header(&b, troc_csv_header(r), cols, 3, file, e);
	if (k == 0)
		k = map_rows(m, r, &b, e);
	troc_bind_release(&b);
	if (k < 0) {
		troc_map_free(m);
		return NULL;
	}
	return m;
}

struct troc_map *
troc_map_load(const char *path, struct troc_err *e)
{
	struct troc_csv *r = troc_csv_open(path, NULL, e);
	struct troc_map *m;

	if (r == NULL)
		return NULL;
	m = troc_map_read(r, e);
	troc_csv_free(r);
	return m;
}

int
troc_map_has(const struct troc_map *m, enum troc_unit_col col)
{
	return m->e[col].on;
}

/* The field of hdr named like the source of column i: 0 and en->idx set,
 * or -1 with e. */
static int
find_source(struct troc_map *m, int i, const struct troc_rec *hdr,
    const char *file, struct troc_err *e)
{
	struct entry *en = &m->e[i];
	const char *col = troc_unit_cols[i].name;
	size_t j;

	en->idx = -1;
	for (j = 0; j < hdr->n; j++) {
		if (!same_key(hdr->f[j], hdr->len[j], en->source,
		    strlen(en->source)))
			continue;
		if (en->idx >= 0) {
			troc_err_set(e, m->path, en->line, "%s: %s has two "
			    "columns named \"%s\"", col, file, en->source);
			return -1;
		}
		en->idx = (long)j;
	}
	if (en->idx < 0) {
		troc_err_set(e, m->path, en->line, "%s: no column \"%s\" in %s",
		    col, en->source, file);
		return -1;
	}
	return 0;
}

int
troc_map_bind(struct troc_map *m, const struct troc_rec *hdr,
    const char *file, struct troc_err *e)
{
	size_t i, j;

	troc_bind_release(&m->b);
	m->hdr = hdr;
	m->b.nin = hdr->n;
	if ((m->b.extra = malloc((hdr->n + 1) * sizeof(*m->b.extra))) ==
	    NULL) {
		troc_err_set(e, file, hdr->line, "out of memory");
		return -1;
	}
	for (i = 0; i < TROC_U_NCOLS; i++) {
		m->e[i].idx = -1;
		if (m->e[i].source && find_source(m, (int)i, hdr, file, e) < 0)
			return -1;
	}
	for (j = 0; j < hdr->n; j++) {
		for (i = 0; i < TROC_U_NCOLS && m->e[i].idx != (long)j; i++)
			;
		if (i == TROC_U_NCOLS)
			m->b.extra[m->b.nextra++] = j;
	}
	troc_extras_drop_canonical(&m->b, hdr);
	return 0;
}

const struct troc_bind *
troc_map_extras(const struct troc_map *m)
{
	return &m->b;
}

const char *
troc_map_recode(const struct troc_map *m, enum troc_unit_col col,
    const char *s, size_t *n)
{
	const struct entry *en = &m->e[col];
	const struct recode *any = NULL;
	size_t i, k = *n;
	const char *t = troc_trim(s, &k);

	for (i = 0; i < en->nrc; i++) {
		const struct recode *rc = &en->rc[i];

		if (rc->flen == 1 && rc->from[0] == '*')
			any = rc;
		else if (same_value(rc->from, rc->flen, t, k))
			break;
	}
	if (i < en->nrc || any) {
		const struct recode *rc = i < en->nrc ? &en->rc[i] : any;

		*n = rc->tlen;
		return rc->to;
	}
	return s;
}

/* unit_id: LANDLORD:VALUE, into m->id. */
static void
map_id(struct troc_map *m, struct troc_cells *c)
{
	size_t ll = c->len[TROC_U_LANDLORD], n = c->len[TROC_U_ID];

	if (n == 0)
		return;
	if (ll + 1 + n >= sizeof(m->id)) {
		troc_cells_fault(c, TROC_U_ID, c->src[TROC_U_ID], TROC_CODE,
		    "id longer than 64 characters");
		c->len[TROC_U_ID] = 0;
		return;
	}
	memcpy(m->id, c->v[TROC_U_LANDLORD], ll);
	m->id[ll] = ':';
	memcpy(m->id + ll + 1, c->v[TROC_U_ID], n);
	c->v[TROC_U_ID] = m->id;
	c->len[TROC_U_ID] = ll + 1 + n;
}

void
troc_map_cells(struct troc_map *m, const struct troc_rec *rec,
    const char *landlord, struct troc_cells *c)
{
	size_t i, n;
	const char *v;

	troc_cells_clear(c);
	for (i = 0; i < TROC_U_NCOLS; i++) {
		const struct entry *en = &m->e[i];

		if (!en->on)
			continue;
		v = "";
		n = 0;
		if (en->idx >= 0 && (size_t)en->idx < rec->n) {
			v = rec->f[en->idx];
			n = rec->len[en->idx];
		}
		c->v[i] = troc_map_recode(m, (enum troc_unit_col)i, v, &n);
		c->len[i] = n;
		c->src[i] = en->idx >= 0 ? m->hdr->f[en->idx] : NULL;
	}
	if (landlord) {
		c->v[TROC_U_LANDLORD] = landlord;
		c->len[TROC_U_LANDLORD] = strlen(landlord);
		c->src[TROC_U_LANDLORD] = NULL;
	}
	if (m->e[TROC_U_ID].on)
		map_id(m, c);
	else
		c->rowid = 1;
}

void
troc_map_free(struct troc_map *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < TROC_U_NCOLS; i++) {
		for (j = 0; j < m->e[i].nrc; j++) {
			free(m->e[i].rc[j].from);
			free(m->e[i].rc[j].to);
		}
		free(m->e[i].rc);
		free(m->e[i].source);
	}
	troc_bind_release(&m->b);
	free(m->path);
	free(m);
}
