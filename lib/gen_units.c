/* gen_units.c: the homes: a systematic sample of the RPLS 2019 stock
 * cells, then surfaces, floors, elevators, financing, landlords, rents,
 * statuses and réservataires (the model is described in troc-gen(1)). */
#include <stdlib.h>
#include <string.h>

#include "gen_impl.h"

/* Mean surface in m² by rooms before the département's scaling (RPLS
 * national means by size); individual houses 8% larger. */
const double gen_base_surface[8] = { 0, 31, 46, 64, 77, 90, 104, 117 };
#define INDIV_SURFACE	1.08

/* How "5 et plus" splits: 5, 6, 7 rooms. */
static const double big_rooms[3] = { 0.84, 0.13, 0.03 };

/* Financing by construction period outside the Paris programmes:
 * PLAI, PLUS, PLS, PLI. */
static const double fin_before_1977[4] = { 0.02, 0.93, 0.05, 0 };
static const double fin_1977_2000[4] = { 0.06, 0.86, 0.06, 0.02 };
static const double fin_since_2001[4] = { 0.25, 0.50, 0.22, 0.03 };

/* Rent per m² relative to the département's mean, by financing and by
 * period (before 1977, 1977–2000, since 2001), before calibration. */
static const double rent_fin[4] = { 0.88, 1.0, 1.35, 1.7 };
static const double rent_age[3] = { 0.93, 1.0, 1.12 };

/* Charges in € per m² a month: collective, individual. */
static const double charges_m2[2] = { 2.6, 1.3 };

/* Réservataires: state, state-civil, action-logement, local, other,
 * none. */
static const double resa[6] = { 0.28, 0.05, 0.27, 0.22, 0.02, 0.16 };

#define UNAVAILABLE	0.01	/* homes empty for works, demolition, sale */
#define OPH_SHARE	0.40	/* outside Paris: the département's office */

long
gen_round(double v)
{
	return v >= 0 ? (long)(v + 0.5) : -(long)(-v + 0.5);
}

size_t
gen_search(const double *cum, size_t n, double x)
{
	size_t lo = 0, hi = n - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

size_t
gen_draw(struct troc_rng *r, const double *cum, size_t n)
{
	return gen_search(cum, n, troc_rng_unit(r) * cum[n - 1]);
}

static int
dense_dep(int d)
{
	char c[4];

	troc_dep_code(d, c);
	return !strcmp(c, "75") || !strcmp(c, "92") || !strcmp(c, "93") ||
	    !strcmp(c, "94");
}

static double
expected_base(const struct gen_cell *c)
{
	const double *s = gen_base_surface;
	double b = c->rooms < 5 ? s[(int)c->rooms] : big_rooms[0] * s[5] +
	    big_rooms[1] * s[6] + big_rooms[2] * s[7];

	return c->indiv ? b * INDIV_SURFACE : b;
}

/* Scale the base surfaces so that each département's mean surface is
 * the RPLS one (surfhab / parc_hlm). */
static void
surface_factors(struct troc_gen *g)
{
	double sum[TROC_NDEP] = { 0 }, n[TROC_NDEP] = { 0 };
	struct gen_dep *dp;
	size_t i;
	int d;

	for (i = 0; i < g->ncells; i++) {
		d = troc_commune_dep(g->cells[i].commune);
		sum[d] += g->cells[i].n * expected_base(&g->cells[i]);
		n[d] += g->cells[i].n;
	}
	for (d = 0; d < TROC_NDEP; d++) {
		dp = &g->dep[d];
		dp->surf_factor = 1;
		if (sum[d] > 0 && dp->stock > 0 && dp->surface > 0)
			dp->surf_factor = dp->surface / dp->stock /
			    (sum[d] / n[d]);
	}
}

static int
period(int built)
{
	return built == 0 || built >= 2001 ? 2 : built >= 1977 ? 1 : 0;
}

static void
floors(struct troc_rng *r, const struct gen_cell *c, int dense,
    struct troc_gen_unit *u)
{
	int y = c->built ? c->built : 1970, top;
	double p;

	if (c->indiv) {
		u->floor = 0;
		u->elevator = 0;
		return;
	}
	if (y < 1915)			/* old town buildings */
		top = dense ? troc_rng_range(r, 4, 7) : troc_rng_range(r, 2, 4);
	else if (y < 1946)		/* HBM */
		top = dense ? troc_rng_range(r, 5, 7) : troc_rng_range(r, 3, 5);
	else if (y < 1981)		/* grands ensembles: towers and bars */
		top = troc_rng_chance(r, dense ? 0.45 : 0.30) ?
		    troc_rng_range(r, 8, 20) : troc_rng_range(r, 3, 10);
	else
		top = dense ? troc_rng_range(r, 3, 8) : troc_rng_range(r, 2, 5);
	u->floor = (short)troc_rng_range(r, 0, top);
	/* Required above R+3 in new buildings; older ones fewer. */
	if (y >= 1981)
		p = top >= 4 ? 1 : top == 3 ? 0.3 : 0.05;
	else if (y >= 1946)
		p = top >= 5 ? 0.95 : top == 4 ? 0.5 : 0.05;
	else
		p = top >= 5 ? 0.6 : 0.15;
	u->elevator = (signed char)troc_rng_chance(r, p);
}

static int
pick_fin(struct troc_rng *r, int built)
{
	const double *w = built >= 2001 ? fin_since_2001 : built >= 1977 ?
	    fin_1977_2000 : fin_before_1977;

	return troc_rng_pick(r, w, 4);
}

/* Landlord, financing and (in Paris) arrondissement of u. */
static void
owner(struct troc_gen *g, struct troc_rng *r, const struct gen_cell *c,
    struct troc_gen_unit *u)
{
	const struct gen_prog *p;
	double w[3];
	int d;

	if (c->commune != g->paris) {
		d = troc_commune_dep(c->commune);
		u->landlord = (unsigned short)(troc_rng_chance(r, OPH_SHARE) ||
		    g->nesh == 0 ? g->dep[d].oph : g->esh[gen_draw(r, g->eshw,
		    (size_t)g->nesh)]);
		u->financing = (signed char)pick_fin(r, c->built);
		return;
	}
	p = &g->progs[gen_draw(r, g->progw, g->nprogs)];
	u->commune = p->commune;
	u->landlord = (unsigned short)p->landlord;
	if (c->built >= 2001 || troc_rng_chance(r, g->paris_prog_old)) {
		w[0] = p->plai;
		w[1] = p->plus;
		w[2] = p->pls;
		u->financing = (signed char)troc_rng_pick(r, w, 3);
	} else {
		u->financing = (signed char)pick_fin(r, c->built);
	}
}

static void
one_unit(struct troc_gen *g, struct troc_rng *r, const struct gen_cell *c,
    int dense, struct troc_gen_unit *u)
{
	int d = troc_commune_dep(c->commune);
	const struct gen_dep *dp = &g->dep[d];
	double s, x;

	memset(u, 0, sizeof(*u));
	u->commune = c->commune;
	u->built = c->built;
	u->dpe = c->dpe;
	u->qpv = c->qpv;
	u->indiv = c->indiv;
	u->rooms = (unsigned char)(c->rooms < 5 ? c->rooms :
	    5 + troc_rng_pick(r, big_rooms, 3));
	s = gen_base_surface[u->rooms] * (c->indiv ? INDIV_SURFACE : 1) *
	    dp->surf_factor * (1 + 0.11 * troc_rng_bell(r));
	u->surface = (int)gen_round(s * 10);
	if (u->surface < 90)
		u->surface = 90;
	floors(r, c, dense, u);
	u->accessible = (signed char)((u->floor == 0 || u->elevator) &&
	    troc_rng_chance(r, u->built >= 2007 ? 0.25 : 0.04));
	owner(g, r, c, u);
	/* Rent before calibration, in cents; charges in cents. */
	x = dp->rent_m2 * rent_fin[u->financing] * rent_age[period(u->built)] *
	    (1 + 0.10 * troc_rng_bell(r));
	u->rent = (int)gen_round(x * u->surface * 10);
	u->charges = (int)gen_round(charges_m2[(int)c->indiv] *
	    (1 + 0.15 * troc_rng_bell(r)) * u->surface * 10);
	x = troc_rng_unit(r);
	u->status = x < dp->vacancy ? TROC_GEN_VACANT : x < dp->vacancy +
	    UNAVAILABLE ? TROC_GEN_UNAVAILABLE : TROC_GEN_OCCUPIED;
	u->reservataire = (signed char)troc_rng_pick(r, resa, 6);
}

/* Scale the rents of each département to its RPLS rent per m² (total
 * rent / total surface). */
static void
calibrate_rents(struct troc_gen *g)
{
	double rent[TROC_NDEP] = { 0 }, surf[TROC_NDEP] = { 0 }, k;
	size_t i;
	int d;

	for (i = 0; i < g->nunits; i++) {
		d = troc_commune_dep(g->units[i].commune);
		rent[d] += g->units[i].rent;
		surf[d] += g->units[i].surface;
	}
	for (i = 0; i < g->nunits; i++) {
		d = troc_commune_dep(g->units[i].commune);
		if (rent[d] <= 0 || g->dep[d].rent_m2 <= 0)
			continue;
		/* cents per tenth of m² = € per m² × 10 */
		k = g->dep[d].rent_m2 * 10 * surf[d] / rent[d];
		g->units[i].rent = (int)gen_round(g->units[i].rent * k);
	}
}

/* Total homes of the commune whose cells start at cells[i]. */
static double
commune_homes(const struct troc_gen *g, size_t i)
{
	double n = 0;
	size_t j;

	for (j = i; j < g->ncells && g->cells[j].commune ==
	    g->cells[i].commune; j++)
		n += g->cells[j].n;
	return n;
}

int
gen_units(struct troc_gen *g, struct troc_err *e)
{
	struct troc_rng r;
	uint64_t off, pos, before = 0, N = g->o.units;
	size_t c = 0, i;
	int dense = 0, last = -1, *seq;

	g->units = malloc((N ? N : 1) * sizeof(*g->units));
	seq = calloc((size_t)g->nlandlords + 1, sizeof(int));
	if (g->units == NULL || seq == NULL) {
		free(seq);
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	surface_factors(g);
	troc_rng_seed(&r, g->o.seed, 1);
	off = troc_rng_below(&r, g->total);	/* within the first stride */
	for (i = 0; i < N; i++) {
		/* Systematic sampling: the i-th of N evenly spaced homes. */
		pos = (i * g->total + off) / N;
		while (before + (uint64_t)g->cells[c].n <= pos)
			before += (uint64_t)g->cells[c++].n;
		if (g->cells[c].commune != last) {
			size_t h = c;

			last = g->cells[c].commune;
			while (h > 0 && g->cells[h - 1].commune == last)
				h--;
			dense = dense_dep(troc_commune_dep(last)) ||
			    commune_homes(g, h) >= 5000;
		}
		one_unit(g, &r, &g->cells[c], dense, &g->units[i]);
		g->units[i].seq = ++seq[g->units[i].landlord];
	}
	g->nunits = N;
	free(seq);
	calibrate_rents(g);
	return 0;
}
