/* gen_data.c: the reference tables troc-gen draws from, read from the
 * data folder: RPLS 2019 stock and indicators, Paris programmes, IDF
 * communes and their distances, commune names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_impl.h"
#include "troc/csvin.h"
#include "troc/num.h"
#include "troc/table.h"

#define MAXCOLS 8

/* A row of a table, its wanted columns in order. */
struct row {
	const char *f[MAXCOLS];
	size_t n[MAXCOLS];
	const char *path;
	unsigned long line;
};

typedef int (*row_fn)(struct troc_gen *g, const struct row *r,
    struct troc_err *e);

/* The path of the table that failed, for e->file after we return. */
static char errpath[PATH_MAX];

static int
oom(struct troc_err *e)
{
	troc_err_set(e, NULL, 0, "out of memory");
	return -1;
}

static int
bad(const struct row *r, struct troc_err *e, const char *col, int i)
{
	troc_err_set(e, r->path, r->line, "%s: unexpected value: \"%.*s\"",
	    col, (int)(r->n[i] > 64 ? 64 : r->n[i]), r->f[i]);
	return -1;
}

/* Call fn on every record of data file name, with the columns cols. */
static int
each_row(struct troc_gen *g, const char *name, const struct troc_col *cols,
    size_t ncols, row_fn fn, struct troc_err *e)
{
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct row r;
	size_t i;
	int rc;

	r.path = errpath;
	if ((size_t)snprintf(errpath, sizeof(errpath), "%s/%s", g->dir, name) >=
	    sizeof(errpath)) {
		troc_err_set(e, NULL, 0, "%s: path too long", name);
		return -1;
	}
	if ((in = troc_csv_open(errpath, NULL, e)) == NULL)
		return -1;
	if (troc_bind_header(&b, troc_csv_header(in), cols, ncols, errpath,
	    e) < 0) {
		troc_bind_release(&b);
		troc_csv_free(in);
		return -1;
	}
	while ((rc = troc_csv_next(in, &rec, e)) == 1) {
		for (i = 0; i < ncols; i++)
			r.f[i] = troc_bind_get(&b, &rec, i, &r.n[i]);
		r.line = rec.line;
		if (fn(g, &r, e) < 0) {
			rc = -1;
			break;
		}
	}
	troc_bind_release(&b);
	troc_csv_free(in);
	return rc;
}

/* Room in the array *a (capacity *cap) for element n; 0 or -1. */
static int
room(void **a, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? 2 * *cap : 1024;
	void *p;

	if (n < *cap)
		return 0;
	if ((p = realloc(*a, c * size)) == NULL)
		return -1;
	*a = p;
	*cap = c;
	return 0;
}

static int
is(const struct row *r, int i, const char *s)
{
	return r->n[i] == strlen(s) && memcmp(r->f[i], s, r->n[i]) == 0;
}

static int
integer(const struct row *r, int i, long lo, long hi, long *v)
{
	long long x;

	if (troc_num_int(r->f[i], r->n[i], &x) != TROC_NUM_OK || x < lo ||
	    x > hi)
		return -1;
	*v = (long)x;
	return 0;
}

static int
decimal(const struct row *r, int i, double *v)
{
	return troc_num_decimal(r->f[i], r->n[i], v) == TROC_NUM_OK ? 0 : -1;
}

static int
in_region(const struct troc_gen *g, int k)
{
	static const char idf[] = "75 77 78 91 92 93 94 95";
	char d[4];

	if (g->o.region == TROC_GEN_FRANCE)
		return 1;
	if (g->o.region == TROC_GEN_PARIS)
		return k == g->paris;
	troc_dep_code(troc_commune_dep(k), d);
	return strlen(d) == 2 && strstr(idf, d) != NULL;
}

/* Stock: DEPCOM, construct, dpeenergie, nbpiece, typeconst, qpv, n. */
static int
stock_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	struct gen_cell *c;
	long v;
	int k = troc_commune_key(r->f[0], r->n[0]);

	if (k < 0)
		return bad(r, e, "DEPCOM", 0);
	if (!in_region(g, k))
		return 0;
	if (integer(r, 6, 0, 100000000, &v) < 0)
		return bad(r, e, "n", 6);
	if (!troc_geo_commune_known(g->geo, k)) {
		g->skipped += (unsigned long)v;	/* merged since 2019 */
		return 0;
	}
	if (room((void **)&g->cells, &g->capcells, g->ncells,
	    sizeof(*c)) < 0) {
		troc_err_set(e, r->path, r->line, "out of memory");
		return -1;
	}
	c = &g->cells[g->ncells];
	memset(c, 0, sizeof(*c));
	c->commune = k;
	c->n = (int)v;
	if (integer(r, 1, 0, 2100, &v) < 0)
		return bad(r, e, "construct", 1);
	c->built = v >= 1500 ? (short)v : 0;
	if (r->n[2] == 1 && r->f[2][0] >= 'A' && r->f[2][0] <= 'G')
		c->dpe = r->f[2][0];
	if (is(r, 3, "5 et plus"))
		c->rooms = 5;
	else if (integer(r, 3, 1, 4, &v) == 0)
		c->rooms = (char)v;
	else
		return bad(r, e, "nbpiece", 3);
	c->indiv = is(r, 4, "Logements individuels");
	c->qpv = is(r, 5, "En QPV");
	g->total += (uint64_t)c->n;
	g->ncells++;
	return 0;
}

/* Indicators: TypeZone, Zone, CodeZone, Variable, Indicateur, Valeur,
 * SousEnsemble. */
static int
ind_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	static const char *const rooms[] = { "moins de 2 pièces",
	    "3 et 4 pièces", "5 pièces et plus" };
	struct gen_dep *d;
	double v;
	long reg;
	int k, i;

	if (!is(r, 6, "Ensemble du parc"))
		return 0;
	if (is(r, 0, "Régions") && integer(r, 2, 0, 99, &reg) == 0) {
		snprintf(g->regname[reg], sizeof(g->regname[reg]), "%.*s",
		    (int)r->n[1], r->f[1]);
		return 0;
	}
	if (!is(r, 0, "Départements") ||
	    (k = troc_dep_key(r->f[2], r->n[2])) < 0)
		return 0;
	if (decimal(r, 5, &v) < 0)
		return bad(r, e, "Valeur", 5);
	d = &g->dep[k];
	snprintf(d->name, sizeof(d->name), "%.*s", (int)r->n[1], r->f[1]);
	if (is(r, 3, "parc_hlm"))
		d->stock = v;
	else if (is(r, 3, "surfhab"))
		d->surface = v;
	else if (is(r, 3, "loyer_m2"))
		d->rent_m2 = v;
	else if (is(r, 3, "taux_vacance"))
		d->vacancy = v / 100;
	else if (is(r, 3, "nbpiece_aggrege"))
		for (i = 0; i < 3; i++)
			if (is(r, 4, rooms[i]))
				d->rooms[i] = v;
	return 0;
}

/* Index of landlord code, added when new; -1 when out of memory. */
static int
landlord(struct troc_gen *g, const char *code)
{
	char (*l)[GEN_CODELEN];
	int i;

	for (i = 0; i < g->nlandlords; i++)
		if (strcmp(g->landlords[i], code) == 0)
			return i;
	if ((g->nlandlords & (g->nlandlords - 1)) == 0) {
		l = realloc(g->landlords, (size_t)(g->nlandlords ?
		    2 * g->nlandlords : 16) * sizeof(*l));
		if (l == NULL)
			return -1;
		g->landlords = l;
	}
	snprintf(g->landlords[i], GEN_CODELEN, "%s", code);
	return g->nlandlords++;
}

/* A landlord's name as a code usable in unit ids: letters and digits
 * upper-cased, '.', other runs as one '-' ("IMM 3F" → IMM-3F). */
static void
landlord_code(const char *s, size_t n, char *out)
{
	size_t i, o = 0;
	int dash = 0;

	for (i = 0; i < n && o + 2 < GEN_CODELEN; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z')) {
			if (dash && o > 0)
				out[o++] = '-';
			out[o++] = (char)(c >= 'a' ? c - 32 : c);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[o] = '\0';
}

/* Programmes: bs, nb_plai, nb_plus, nb_pluscd, nb_pls, arrdt,
 * nature_programme. Family homes only: hostels and student residences
 * are not in the RPLS stock of ordinary homes. */
static int
prog_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	struct gen_prog *p;
	char code[GEN_CODELEN];
	long v[4], arr;
	int i;

	if (!is(r, 6, "logement familial"))
		return 0;
	for (i = 0; i < 4; i++) {
		if (integer(r, i + 1, -100000, 100000, &v[i]) < 0)
			return bad(r, e, "nb_*", i + 1);
		if (v[i] < 0)		/* a correction of an earlier year */
			v[i] = 0;
	}
	if (integer(r, 5, 1, 20, &arr) < 0)
		return bad(r, e, "arrdt", 5);
	landlord_code(r->f[0], r->n[0], code);
	if (code[0] == '\0' || strcmp(code, "VIDE") == 0 ||
	    v[0] + v[1] + v[2] + v[3] == 0)
		return 0;
	if (room((void **)&g->progs, &g->capprogs, g->nprogs,
	    sizeof(*p)) < 0)
		goto oom;
	p = &g->progs[g->nprogs];
	p->commune = g->arr0 + (int)arr;
	if ((p->landlord = landlord(g, code)) < 0)
		goto oom;
	p->plai = (int)v[0];
	p->plus = (int)(v[1] + v[2]);
	p->pls = (int)v[3];
	g->nprogs++;
	return 0;
oom:
	troc_err_set(e, r->path, r->line, "out of memory");
	return -1;
}

/* Population of the IDF communes: code_insee, population_municipale. */
static int
commune_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	size_t cap;
	long pop;
	int k = troc_commune_key(r->f[0], r->n[0]);

	if (k < 0)
		return bad(r, e, "code_insee", 0);
	if (integer(r, 1, 0, 10000000, &pop) < 0)
		return bad(r, e, "population_municipale", 1);
	cap = g->capidf;
	if (room((void **)&g->idfk, &cap, g->nidf, sizeof(int)) < 0 ||
	    room((void **)&g->idfw, &g->capidf, g->nidf, sizeof(double)) < 0) {
		troc_err_set(e, r->path, r->line, "out of memory");
		return -1;
	}
	g->idfk[g->nidf] = k;
	g->idfw[g->nidf] = (g->nidf ? g->idfw[g->nidf - 1] : 0) + (double)pop;
	g->nidf++;
	return 0;
}

/* Distances, two passes: count the neighbours, then place them. */
static int
dist_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	int a = troc_commune_key(r->f[0], r->n[0]);
	int b = troc_commune_key(r->f[1], r->n[1]);
	double d;

	if (a < 0 || b < 0 || decimal(r, 2, &d) < 0)
		return bad(r, e, "code_a, code_b or distance", 0);
	if (g->nbk == NULL) {
		g->nboff[a + 1]++;
		g->nboff[b + 1]++;
		return 0;
	}
	g->nbk[g->nboff[a]] = b;
	g->nbd[g->nboff[a]++] = d;
	g->nbk[g->nboff[b]] = a;
	g->nbd[g->nboff[b]++] = d;
	return 0;
}

static int
load_distances(struct troc_gen *g, struct troc_err *e)
{
	static const struct troc_col cols[] = { { "code_a", 1, NULL },
	    { "code_b", 1, NULL }, { "centroid_distance_km", 1, NULL } };
	int i;

	if ((g->nboff = calloc(TROC_NCOMMUNE + 1, sizeof(int))) == NULL)
		return oom(e);
	if (each_row(g, GEN_DIST_FILE, cols, 3, dist_row, e) < 0)
		return -1;
	for (i = 0; i < TROC_NCOMMUNE; i++)
		g->nboff[i + 1] += g->nboff[i];
	if ((g->nbk = malloc(((size_t)g->nboff[TROC_NCOMMUNE] + 1) *
	    sizeof(int))) == NULL || (g->nbd = malloc(((size_t)
	    g->nboff[TROC_NCOMMUNE] + 1) * sizeof(double))) == NULL)
		return oom(e);
	if (each_row(g, GEN_DIST_FILE, cols, 3, dist_row, e) < 0)
		return -1;
	/* The second pass left each offset at the next list's start. */
	for (i = TROC_NCOMMUNE; i > 0; i--)
		g->nboff[i] = g->nboff[i - 1];
	g->nboff[0] = 0;
	return 0;
}

/* The communes of the stock, grouped by département, with cumulative
 * weights by homes (the cells come sorted by commune). */
static int
group_places(struct troc_gen *g, struct troc_err *e)
{
	int fill[TROC_NDEP];
	size_t i;
	int d, j;

	g->placek = malloc((g->ncells + 1) * sizeof(int));
	g->placew = malloc((g->ncells + 1) * sizeof(double));
	if (g->placek == NULL || g->placew == NULL)
		return oom(e);
	memset(g->placeoff, 0, sizeof(g->placeoff));
	for (i = 0; i < g->ncells; i++)
		if (i == 0 || g->cells[i].commune != g->cells[i - 1].commune)
			g->placeoff[troc_commune_dep(g->cells[i].commune) + 1]++;
	for (d = 0; d < TROC_NDEP; d++) {
		g->placeoff[d + 1] += g->placeoff[d];
		fill[d] = g->placeoff[d];
	}
	for (i = 0; i < g->ncells; i++) {
		d = troc_commune_dep(g->cells[i].commune);
		g->dep[d].present = 1;
		if (i == 0 || g->cells[i].commune != g->cells[i - 1].commune) {
			g->placek[fill[d]] = g->cells[i].commune;
			g->placew[fill[d]++] = 0;
		}
		g->placew[fill[d] - 1] += g->cells[i].n;
	}
	for (d = 0; d < TROC_NDEP; d++)		/* cumulative by département */
		for (j = g->placeoff[d] + 1; j < g->placeoff[d + 1]; j++)
			g->placew[j] += g->placew[j - 1];
	return 0;
}

/* The housing companies (ESH) for homes outside Paris: those with at
 * least ESH_MIN family homes in the Paris programmes, weighted by the
 * square root of that number (the Paris file over-represents a few);
 * and a public office (OPH) per département. The three landlords of the
 * City of Paris stay in Paris. */
#define ESH_MIN 100

static int
landlord_pools(struct troc_gen *g, struct troc_err *e)
{
	static const char *const city[] = { "PARIS-HABITAT", "RIVP",
	    "ELOGIE-SIEMP" };
	char code[GEN_CODELEN], dc[4];
	double homes;
	size_t i;
	int d, j, k, n0 = g->nlandlords;

	g->esh = calloc((size_t)n0 + 1, sizeof(int));
	g->eshw = calloc((size_t)n0 + 1, sizeof(double));
	if (g->esh == NULL || g->eshw == NULL)
		return oom(e);
	for (k = 0; k < n0; k++) {
		for (j = 0; j < 3 && strcmp(g->landlords[k], city[j]); j++)
			;
		for (i = 0, homes = 0; i < g->nprogs; i++)
			if (g->progs[i].landlord == k)
				homes += g->progs[i].plai + g->progs[i].plus +
				    g->progs[i].pls;
		if (j < 3 || homes < ESH_MIN)
			continue;
		g->esh[g->nesh] = k;
		g->eshw[g->nesh] = sqrt(homes) + (g->nesh > 0 ?
		    g->eshw[g->nesh - 1] : 0);		/* cumulative */
		g->nesh++;
	}
	for (d = 0; d < TROC_NDEP; d++) {
		if (!g->dep[d].present)
			continue;
		snprintf(code, sizeof(code), "OPH%s", troc_dep_code(d, dc));
		if ((g->dep[d].oph = landlord(g, code)) < 0)
			return oom(e);
	}
	return 0;
}

/* Programme weights, and the share of pre-2001 Paris homes that belong
 * to a programme: programmes since 2001 hold every home built since
 * then, and old buildings bought and converted for the rest. */
static int
prog_weights(struct troc_gen *g, struct troc_err *e)
{
	double fam = 0, recent = 0, old = 0;
	size_t i;

	if ((g->progw = malloc((g->nprogs + 1) * sizeof(double))) == NULL)
		return oom(e);
	for (i = 0; i < g->nprogs; i++) {
		fam += g->progs[i].plai + g->progs[i].plus + g->progs[i].pls;
		g->progw[i] = fam;	/* cumulative */
	}
	for (i = 0; i < g->ncells; i++)
		if (g->cells[i].commune == g->paris) {
			if (g->cells[i].built >= 2001)
				recent += g->cells[i].n;
			else
				old += g->cells[i].n;
		}
	g->paris_prog_old = old > 0 && fam > recent ? (fam - recent) / old :
	    0;
	if (g->paris_prog_old > 1)
		g->paris_prog_old = 1;
	if (g->nprogs == 0) {
		troc_err_set(e, GEN_PROG_FILE, 0, "no family programme");
		return -1;
	}
	return 0;
}

int
gen_load(struct troc_gen *g, struct troc_err *e)
{
	static const struct troc_col stock[] = { { "DEPCOM", 1, NULL },
	    { "construct", 1, NULL }, { "dpeenergie", 1, NULL },
	    { "nbpiece", 1, NULL }, { "typeconst", 1, NULL },
	    { "qpv", 1, NULL }, { "n", 1, NULL } };
	static const struct troc_col ind[] = { { "TypeZone", 1, NULL },
	    { "Zone", 1, NULL }, { "CodeZone", 1, NULL },
	    { "Variable", 1, NULL }, { "Indicateur", 1, NULL },
	    { "Valeur", 1, NULL }, { "SousEnsemble", 1, NULL } };
	static const struct troc_col prog[] = { { "bs", 1, NULL },
	    { "nb_plai", 1, NULL }, { "nb_plus", 1, NULL },
	    { "nb_pluscd", 1, NULL }, { "nb_pls", 1, NULL },
	    { "arrdt", 1, NULL }, { "nature_programme", 1, NULL } };
	static const struct troc_col com[] = { { "code_insee", 1, NULL },
	    { "population_municipale", 1, NULL } };

	if (each_row(g, GEN_STOCK_FILE, stock, 7, stock_row, e) < 0 ||
	    each_row(g, GEN_IND_FILE, ind, 7, ind_row, e) < 0 ||
	    each_row(g, GEN_PROG_FILE, prog, 7, prog_row, e) < 0 ||
	    each_row(g, TROC_CENTROIDS_FILE, com, 2, commune_row, e) < 0)
		return -1;
	if (g->total == 0) {
		troc_err_set(e, errpath, 0, "no home in the region");
		return -1;
	}
	if (group_places(g, e) < 0 || prog_weights(g, e) < 0 ||
	    landlord_pools(g, e) < 0)
		return -1;
	return g->o.households > 0 ? load_distances(g, e) : 0;
}

/* COG: COM, REG, LIBELLE (every type, first name wins). */
static int
name_row(struct troc_gen *g, const struct row *r, struct troc_err *e)
{
	int k = troc_commune_key(r->f[0], r->n[0]);
	long reg;

	if (k < 0)
		return bad(r, e, "COM", 0);
	if (integer(r, 1, 0, 99, &reg) == 0 && g->reg[k] == 0)
		g->reg[k] = (signed char)reg;
	if (g->names[k] || r->n[2] == 0)
		return 0;
	if ((g->names[k] = strndup(r->f[2], r->n[2])) == NULL) {
		troc_err_set(e, r->path, r->line, "out of memory");
		return -1;
	}
	return 0;
}

int
gen_load_names(struct troc_gen *g, struct troc_err *e)
{
	static const struct troc_col cols[] = { { "COM", 1, NULL },
	    { "REG", 1, NULL }, { "LIBELLE", 1, NULL } };

	if (g->names)
		return 0;
	g->names = calloc(TROC_NCOMMUNE, sizeof(*g->names));
	g->reg = calloc(TROC_NCOMMUNE, 1);
	if (g->names == NULL || g->reg == NULL)
		return oom(e);
	return each_row(g, TROC_COG_FILE, cols, 3, name_row, e);
}
