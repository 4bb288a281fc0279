/* ceilings.c: the income ceilings table, by year, financing, zone and
 * household category (arrêté du 29 juillet 1987). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "troc/ceilings.h"
#include "troc/csvin.h"
#include "troc/num.h"
#include "troc/table.h"

#define Y0	1987		/* the arrêté; earlier years are refused */
#define NYEAR	213		/* 1987..2199 */
#define EXTRA	6		/* slot of the per-person increment */
#define NSLOT	7

struct troc_ceilings {
	long v[NYEAR][TROC_NFIN][TROC_NZONE][NSLOT];	/* -1: absent */
	unsigned char has[NYEAR];
};

static const char *const fin_names[TROC_NFIN] = { "PLAI", "PLUS", "PLS", "PLI" };

const char *
troc_fin_name(enum troc_fin f)
{
	return f >= 0 && f < TROC_NFIN ? fin_names[f] : "";
}

int
troc_fin_parse(const char *s, size_t n, enum troc_fin *f)
{
	int i;

	for (i = 0; i < TROC_NFIN; i++)
		if (strlen(fin_names[i]) == n &&
		    strncasecmp(s, fin_names[i], n) == 0) {
			*f = (enum troc_fin)i;
			return 0;
		}
	return -1;
}

enum {
	C_YEAR, C_FIN, C_ZONE, C_CAT, C_CEIL, NCOL
};

static const struct troc_col cols[NCOL] = {
	{ "year", 1, NULL }, { "financing", 1, NULL }, { "zone", 1, NULL },
	{ "category", 1, NULL }, { "ceiling", 1, NULL },
};

/* The message for a bad cell of column c: what it must be. */
static const char *const want[NCOL] = {
	"a year from 1987 to 2199", "PLAI, PLUS, PLS or PLI",
	"paris, idf or other", "1 to 6 or extra", "whole euros"
};

/* Read one row into c; 0, or the column at fault + 1. */
static int
row(struct troc_ceilings *c, const struct troc_bind *b,
    const struct troc_rec *rec, int *dup)
{
	const char *s;
	size_t n;
	long long y, v;
	enum troc_fin f;
	enum troc_zone z;
	int k;

	s = troc_bind_get(b, rec, C_YEAR, &n);
	if (troc_num_int(s, n, &y) != TROC_NUM_OK || y < Y0 ||
	    y >= Y0 + NYEAR)
		return C_YEAR + 1;
	s = troc_bind_get(b, rec, C_FIN, &n);
	if (troc_fin_parse(s, n, &f) < 0)
		return C_FIN + 1;
	s = troc_bind_get(b, rec, C_ZONE, &n);
	if (troc_zone_parse(s, n, &z) < 0)
		return C_ZONE + 1;
	s = troc_bind_get(b, rec, C_CAT, &n);
	if (n == 5 && strncasecmp(s, "extra", 5) == 0)
		k = EXTRA;
	else if (n == 1 && s[0] >= '1' && s[0] <= '6')
		k = s[0] - '1';
	else
		return C_CAT + 1;
	s = troc_bind_get(b, rec, C_CEIL, &n);
	if (troc_num_int(s, n, &v) != TROC_NUM_OK || v < 0 || v > 100000000)
		return C_CEIL + 1;
	y -= Y0;
	*dup = c->v[y][f][z][k] >= 0;
	c->v[y][f][z][k] = (long)v;
	c->has[y] = 1;
	return 0;
}

/* PLS = PLUS × 1.3, rounded half up, wherever the table has no PLS. */
static void
derive_pls(struct troc_ceilings *c)
{
	int y, z, k;
	long p;

	for (y = 0; y < NYEAR; y++)
		for (z = 0; z < TROC_NZONE; z++)
			for (k = 0; k < NSLOT; k++) {
				p = c->v[y][TROC_FIN_PLUS][z][k];
				if (p >= 0 && c->v[y][TROC_FIN_PLS][z][k] < 0)
					c->v[y][TROC_FIN_PLS][z][k] =
					    (p * 13 + 5) / 10;
			}
}

static struct troc_ceilings *
load(struct troc_csv *r, struct troc_err *e)
{
	struct troc_ceilings *c;
	struct troc_bind b;
	struct troc_rec rec;
	const char *name = troc_csv_name(r);
	int rc, bad = 0, dup = 0;

	if ((c = malloc(sizeof(*c))) == NULL) {
		troc_err_set(e, name, 0, "out of memory");
		return NULL;
	}
	memset(c->v, 0xff, sizeof(c->v));	/* every cell -1 */
	memset(c->has, 0, sizeof(c->has));
	if (troc_bind_header(&b, troc_csv_header(r), cols, NCOL, name, e) < 0) {
		troc_bind_release(&b);
		free(c);
		return NULL;
	}
	while ((rc = troc_csv_next(r, &rec, e)) == 1) {
		if ((bad = row(c, &b, &rec, &dup)) != 0 || dup)
			break;
	}
	if (bad) {
		troc_err_set(e, name, rec.line, "%s: not %s", cols[bad - 1].name,
		    want[bad - 1]);
		rc = -1;
	} else if (dup) {
		troc_err_set(e, name, rec.line, "ceiling given twice");
		rc = -1;
	}
	troc_bind_release(&b);
	if (rc < 0) {
		free(c);
		return NULL;
	}
	derive_pls(c);
	return c;
}

struct troc_ceilings *
troc_ceilings_load(const char *path, struct troc_err *e)
{
	struct troc_csv *r;
	struct troc_ceilings *c;

	if ((r = troc_csv_open(path, NULL, e)) == NULL)
		return NULL;
	c = load(r, e);
	troc_csv_free(r);
	return c;
}

struct troc_ceilings *
troc_ceilings_load_mem(const void *buf, size_t len, const char *name,
    struct troc_err *e)
{
	struct troc_csv *r;
	struct troc_ceilings *c;

	if ((r = troc_csv_open_mem(buf, len, name, NULL, e)) == NULL)
		return NULL;
	c = load(r, e);
	troc_csv_free(r);
	return c;
}

void
troc_ceilings_free(struct troc_ceilings *c)
{
	free(c);
}

int
troc_ceilings_latest(const struct troc_ceilings *c)
{
	int y;

	for (y = NYEAR - 1; y >= 0; y--)
		if (c->has[y])
			return Y0 + y;
	return -1;
}

int
troc_ceilings_has_year(const struct troc_ceilings *c, int year)
{
	return year >= Y0 && year < Y0 + NYEAR && c->has[year - Y0];
}

long
troc_ceiling(const struct troc_ceilings *c, enum troc_fin f,
    enum troc_zone z, int cat, int year)
{
	const long *v;

	if (!troc_ceilings_has_year(c, year) || f < 0 || f >= TROC_NFIN ||
	    (unsigned)z >= TROC_NZONE || cat < 1)
		return -1;
	v = c->v[year - Y0][f][z];
	if (cat <= 6)
		return v[cat - 1];
	if (v[5] < 0 || v[EXTRA] < 0 || cat - 6 > 1000)
		return -1;
	return v[5] + (long)(cat - 6) * v[EXTRA];
}
