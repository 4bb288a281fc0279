/* gen_households.c: the households living in a random subset of the
 * occupied homes: size from the home's rooms, ages, incomes against the
 * ceilings, aid, arrears, workplaces, declared reasons and wishes (the
 * model is described in troc-gen(1)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen_impl.h"
#include "troc/ceilings.h"
#include "troc/policy.h"
#include "troc/rules.h"

/* Persons (1..7, 7 meaning 7 to 9) by rooms of the home (1..7). */
static const double persons_by_rooms[8][7] = {
	{ 0 },
	{ .75, .20, .05, 0, 0, 0, 0 },
	{ .48, .28, .13, .07, .03, .01, 0 },
	{ .27, .26, .19, .14, .08, .04, .02 },
	{ .13, .21, .20, .20, .14, .08, .04 },
	{ .07, .14, .17, .22, .20, .12, .08 },
	{ .05, .10, .15, .20, .22, .15, .13 },
	{ .03, .07, .12, .18, .22, .20, .18 },
};

/* Ages of the first holder: bands (from, to) and their weights. */
struct band { int lo, hi; double w; };
static const struct band age_parent[] = { { 22, 29, .12 }, { 30, 39, .35 },
	{ 40, 49, .35 }, { 50, 59, .15 }, { 60, 70, .03 } };
static const struct band age_alone[] = { { 20, 29, .08 }, { 30, 49, .22 },
	{ 50, 64, .30 }, { 65, 79, .27 }, { 80, 95, .13 } };
static const struct band age_alone_big[] = { { 30, 49, .08 },
	{ 50, 64, .32 }, { 65, 79, .40 }, { 80, 95, .20 } };
static const struct band age_couple[] = { { 22, 34, .20 }, { 35, 49, .10 },
	{ 50, 64, .30 }, { 65, 79, .30 }, { 80, 92, .10 } };
static const struct band age_with_adults[] = { { 45, 64, .60 },
	{ 65, 85, .40 } };

/* Income / PLUS ceiling of the household's category and zone: quantile
 * function (a social tenant's income is about half the ceiling). */
static const double inc_p[] = { 0, .02, .10, .25, .50, .75, .90, .97, 1 };
static const double inc_v[] = { 0, .05, .18, .32, .52, .78, 1.0, 1.25,
	1.7 };
/* ... scaled by the home's financing (PLAI, PLUS, PLS, PLI). */
static const double inc_fin[4] = { 0.75, 1.0, 1.2, 1.45 };

/* Housing aid (APL), simplified: the rent up to a maximum (€ a month,
 * zone paris, 1, 2, 3 persons; + per person beyond 3; elsewhere × 0.88)
 * plus a flat allowance for charges, minus the household's share: a
 * minimum plus 30% of its resources beyond a threshold. */
static const double aid_rent[4] = { 320, 386, 436, 63 };
#define AID_CHARGES(p)	(55.0 + 12 * ((p) - 1))
#define AID_SHARE(res, p) (37 + 0.30 * ((res) > 250.0 + 150 * (p) ? \
	(res) - 250.0 - 150 * (p) : 0))

#define FIRST_DAY	16801	/* 2016-01-01 in days since 1970 */
#define NDAYS		3653	/* to 2025-12-31 */
/* Wishes (see troc-gen(1) for the reasons of each figure). */
#define WISH_STREAM	((uint64_t)1 << 32)	/* + the home's index */
#define WISH_DEP	0.003	/* names its département */
#define WISH_DEP_ADAPTED 0.5	/* ... when it needs an adapted home */
#define WISH_NEAR_FIRST	0.4	/* first, the commune of home or work */
#define WISH_ONE_TYPE	0.8	/* asks for one typology */
#define WISH_TWO_TYPES	0.18	/* two (else three) */
#define WISH_RENT_SHARE	0.9	/* gives a rent ceiling */
#define WISH_RENT_LO	0.92	/* its rent per m² times */
#define WISH_RENT_HI	1.12
#define WISH_SURF_SHARE	0.5	/* gives a least surface */
#define WISH_SURF_LO	0.85	/* its surface (scaled) times */
#define WISH_SURF_HI	1.0

#define COS_IDF		0.66	/* cos(48.7°): km per degree of longitude */
#define KM_DEGREE	111.2

double
gen_quantile(struct troc_rng *r, const double *p, const double *v, int n)
{
	double u = troc_rng_unit(r);
	int i;

	for (i = 1; i < n - 1 && u >= p[i]; i++)
		;
	return v[i - 1] + (v[i] - v[i - 1]) * (u - p[i - 1]) /
	    (p[i] - p[i - 1]);
}

static int
age_from(struct troc_rng *r, const struct band *b, int n)
{
	double w[8];
	int i;

	for (i = 0; i < n; i++)
		w[i] = b[i].w;
	i = troc_rng_pick(r, w, n);
	return (int)troc_rng_range(r, b[i].lo, b[i].hi);
}

#define AGES(r, b) age_from(r, b, (int)(sizeof(b) / sizeof(b[0])))

/* Size, composition and ages. */
static void
people(struct troc_rng *r, const struct troc_gen_unit *u,
    struct troc_gen_household *h)
{
	int p = 1 + troc_rng_pick(r, persons_by_rooms[u->rooms > 7 ? 7 :
	    u->rooms], 7);
	double x = troc_rng_unit(r);

	if (p == 7)
		p += (int)troc_rng_range(r, 0, 2);
	h->age2 = -1;
	if (p == 1) {
		h->adults = 1;
		h->age1 = (short)(u->rooms > 2 ? AGES(r, age_alone_big) :
		    AGES(r, age_alone));
	} else if (x < (p == 2 ? 0.58 : 0.68)) {	/* a couple */
		h->adults = 2;
		h->dependants = (unsigned char)(p - 2);
		h->age1 = (short)(p == 2 ? AGES(r, age_couple) :
		    AGES(r, age_parent));
		h->age2 = (short)(h->age1 + troc_rng_range(r, -6, 6));
		if (h->age2 < 18)
			h->age2 = 18;
	} else if (x < 0.93) {				/* a lone parent */
		h->adults = 1;
		h->dependants = (unsigned char)(p - 1);
		h->age1 = (short)AGES(r, age_parent);
	} else {				/* grown-up children at home */
		h->adults = (unsigned char)(p == 2 ? 2 : 3);
		h->dependants = (unsigned char)(p - h->adults);
		h->age1 = (short)AGES(r, age_with_adults);
	}
	h->handicap = (unsigned char)troc_rng_chance(r, 0.05 +
	    (h->age1 >= 65 ? 0.07 : 0) + (h->age1 >= 80 ? 0.03 : 0));
}

/* Income, resources, housing aid (cents), arrears; returns the monthly
 * resources in €. */
static double
money(struct troc_gen *g, struct troc_rng *r, const struct troc_gen_unit *u,
    struct troc_gen_household *h)
{
	int p = h->adults + h->dependants;
	int cat = troc_category(h->adults, h->dependants, h->age1,
	    h->age2 < 0 ? TROC_NA : h->age2, h->handicap);
	enum troc_zone z = troc_geo_zone(g->geo, u->commune);
	long ceil = troc_ceiling(g->ceil, TROC_FIN_PLUS, z, cat, g->year);
	double ratio, res, lmax, aid, rent = u->rent / 100.0, effort;

	ratio = gen_quantile(r, inc_p, inc_v, 9) * inc_fin[u->financing] *
	    (h->age1 >= 65 ? 0.9 : 1);
	h->income = (int)gen_round(ratio * (ceil > 0 ? ceil : 30000));
	res = h->income / 12.0 * (0.95 + 0.25 * troc_rng_unit(r)) +
	    (h->dependants >= 2 ? 140.0 * (h->dependants - 1) : 0);
	h->resources = troc_rng_chance(r, 0.85) ? (int)gen_round(res * 100) :
	    -1;
	if (h->resources < 0)
		res = h->income / 12.0;
	lmax = p <= 3 ? aid_rent[p - 1] : aid_rent[2] + aid_rent[3] * (p - 3);
	if (z != TROC_ZONE_PARIS)
		lmax *= 0.88;
	aid = (rent < lmax ? rent : lmax) + AID_CHARGES(p) - AID_SHARE(res, p);
	if (aid > rent + u->charges / 100.0)
		aid = rent + u->charges / 100.0;
	h->housing_aid = aid >= 15 ? (int)gen_round(aid * 100) : 0;
	effort = res > 0 ? (u->rent + u->charges - h->housing_aid) / 100.0 /
	    res : 1;
	h->arrears = (unsigned char)troc_rng_chance(r, effort > 0.4 ? 0.06 :
	    0.025);
	return res;
}

/* A commune among n neighbours of k, the nearer the likelier; -1 if
 * none. */
static int
neighbour(const struct troc_gen *g, struct troc_rng *r, int k)
{
	double w[256], x;
	int i, n, o;

	if (k < 0 || (n = g->nboff[k + 1] - g->nboff[k]) == 0)
		return -1;
	o = g->nboff[k];
	if (n > 256)		/* 143 at most within 15 km */
		n = 256;
	for (i = 0; i < n; i++) {
		x = 1 + g->nbd[o + i];
		w[i] = 1 / (x * x);
	}
	return g->nbk[o + troc_rng_pick(r, w, n)];
}

/* A commune of département d by its homes. */
static int
in_dep(const struct troc_gen *g, struct troc_rng *r, int d)
{
	int o = g->placeoff[d];

	return g->placek[o + (int)gen_draw(r, g->placew + o,
	    (size_t)(g->placeoff[d + 1] - o))];
}

/* An IDF commune by population (Paris by arrondissement). */
static int
by_population(const struct troc_gen *g, struct troc_rng *r)
{
	return g->idfk[gen_draw(r, g->idfw, g->nidf)];
}

/* A Paris arrondissement, 75101 to 75120. */
static int
paris_arr(const struct troc_gen *g, struct troc_rng *r)
{
	return g->arr0 + (int)troc_rng_range(r, 1, 20);
}

static int
workplace(const struct troc_gen *g, struct troc_rng *r, int home)
{
	double x = troc_rng_unit(r);
	int k;

	if (g->nboff[home + 1] == g->nboff[home])	/* outside IDF */
		return x < 0.6 ? home : in_dep(g, r, troc_commune_dep(home));
	if (x < 0.20)
		return home;
	if (x < 0.60 && (k = neighbour(g, r, home)) >= 0)
		return k;
	if (x < 0.80)
		return paris_arr(g, r);
	return by_population(g, r);
}

/* Km between two IDF centroids, flat-earth (only + − × and sqrt, the
 * same everywhere); -1 when either has none. */
static double
km(const struct troc_gen *g, int a, int b)
{
	double la1, lo1, la2, lo2, dy, dx;

	if (!troc_geo_centroid(g->geo, a, &la1, &lo1) ||
	    !troc_geo_centroid(g->geo, b, &la2, &lo2))
		return -1;
	dy = (la2 - la1) * KM_DEGREE;
	dx = (lo2 - lo1) * KM_DEGREE * COS_IDF;
	return sqrt(dx * dx + dy * dy);
}

static void
add_wish(struct troc_gen_household *h, int t)
{
	int i;

	if (t < 0 || h->nwish >= TROC_GEN_MAXWISH)
		return;
	for (i = 0; i < h->nwish; i++)
		if (h->wish[i] == t)
			return;
	h->wish[h->nwish++] = t;
}

/* Where the household would go: a handful of communes (Paris
 * arrondissements) near its home, or near its work when it moves for
 * it; a few name a whole département (Paris: 75056), mostly those who
 * need an adapted home, which are rare. */
static void
wishes(const struct troc_gen *g, struct troc_rng *r, int home,
    struct troc_gen_household *h)
{
	static const double count[4] = { .55, .27, .11, .07 };
	int want = 1 + troc_rng_pick(r, count, 4), dep, near, tries;
	int idf = g->nboff[home + 1] > g->nboff[home];

	if (!idf) {		/* no distances: communes of its département */
		add_wish(h, home);
		for (tries = 0; h->nwish < want && tries < 12; tries++)
			add_wish(h, in_dep(g, r, troc_commune_dep(home)));
		return;
	}
	if (troc_rng_chance(r, h->accessible ? WISH_DEP_ADAPTED : WISH_DEP)) {
		if (troc_rng_chance(r, 0.5))
			add_wish(h, home);
		dep = troc_commune_dep(home);
		add_wish(h, troc_commune_parent(home) == g->paris ? g->paris :
		    TROC_DEP_TOKEN + dep);
		return;
	}
	near = h->work >= 0 && h->work != home && g->nboff[h->work + 1] >
	    g->nboff[h->work] && troc_rng_chance(r, h->reasons & (1u <<
	    TROC_REASON_JOB) ? 0.8 : 0.2) ? h->work : home;
	add_wish(h, troc_rng_chance(r, WISH_NEAR_FIRST) ? near :
	    neighbour(g, r, near));
	for (tries = 0; h->nwish < want && tries < 12; tries++)
		add_wish(h, neighbour(g, r, near));
	if (h->nwish == 0)
		add_wish(h, near);
}

/* The reasons the household declares: most of what applies, or other. */
static void
reasons(const struct troc_gen *g, struct troc_rng *r,
    const struct troc_gen_unit *u, struct troc_gen_household *h,
    double effort)
{
	int p = h->adults + h->dependants, top = h->age1 > h->age2 ?
	    h->age1 : h->age2;
	enum troc_occ occ = troc_occupancy(p, u->rooms, u->surface / 10.0);
	double d = h->work >= 0 ? km(g, u->commune, h->work) : -1;
	unsigned s = 0;

#define DECLARE(cond, p, reason) \
	if ((cond) && troc_rng_chance(r, p)) s |= 1u << (reason)
	DECLARE(h->handicap && u->accessible != 1, 0.7, TROC_REASON_HANDICAP);
	DECLARE(top >= 65 && u->floor >= 1 && u->elevator != 1, 0.7,
	    TROC_REASON_AGEING);
	DECLARE(occ == TROC_OCC_OVER || u->rooms < p, 0.8,
	    TROC_REASON_OVERCROWDED);
	DECLARE(occ == TROC_OCC_UNDER, 0.8, TROC_REASON_UNDEROCCUPIED);
	DECLARE(d >= 30, 0.6, TROC_REASON_JOB);
	DECLARE(effort > 0.33, 0.5, TROC_REASON_RENT);
	DECLARE(1, 0.02, TROC_REASON_MIX);
#undef DECLARE
	h->reasons = s ? s : 1u << TROC_REASON_OTHER;
}

/* The typology it asks for: a size t (one more than its size when
 * under-occupying, its size when crowded, the same size otherwise),
 * most of the time that one alone, else t and its neighbour on the side
 * it moves to, rarely one fewer to one more; within what fits. Returns
 * t. */
static int
rooms_wish(struct troc_rng *r, const struct troc_gen_unit *u,
    struct troc_gen_household *h)
{
	int p = h->adults + h->dependants, t, lo, hi;
	double x = troc_rng_unit(r);

	t = u->rooms > p + 1 ? p + 1 : u->rooms < p ? p : u->rooms;
	lo = hi = t;
	if (x >= WISH_ONE_TYPE + WISH_TWO_TYPES) {
		lo = t - 1;
		hi = t + 1;
	} else if (x >= WISH_ONE_TYPE) {
		if (t < u->rooms)
			lo = t - 1;
		else
			hi = t + 1;
	}
	if (u->rooms < p && lo <= u->rooms)	/* crowded: bigger only */
		lo = u->rooms + 1;
	if (lo < 1)
		lo = 1;
	if (hi > p + 1)
		hi = p + 1;
	if (hi > 20)
		hi = 20;
	if (lo > hi)
		lo = hi;
	h->rooms_min = (signed char)lo;
	/* Up to persons + 1 is the default: then often left empty. */
	h->rooms_max = (signed char)(hi == p + 1 && troc_rng_chance(r, 0.5) ?
	    -1 : hi);
	return t;
}

/* How much larger a home of t rooms is than one of n, on average. */
static double
size_ratio(int t, int n)
{
	double a = t <= 7 ? gen_base_surface[t] : gen_base_surface[7] + 13.0 *
	    (t - 7);

	return a / gen_base_surface[n];
}

/* Rent (rent and charges, € a month, by tens) and surface (m²) it
 * accepts for homes of t rooms: what its own home costs and measures,
 * scaled to that size; less rent when the rent weighs. -1: none. */
static void
rent_surface(struct troc_rng *r, const struct troc_gen_unit *u,
    struct troc_gen_household *h, int t)
{
	double k = size_ratio(t, u->rooms), cap;

	h->rent_max = -1;
	if (troc_rng_chance(r, WISH_RENT_SHARE)) {
		cap = (u->rent + u->charges) / 100.0 * k * (WISH_RENT_LO +
		    (WISH_RENT_HI - WISH_RENT_LO) * troc_rng_unit(r));
		if (h->reasons & (1u << TROC_REASON_RENT))
			cap *= 0.9;
		h->rent_max = (int)(10 * gen_round(cap / 10));
	}
	h->surface_min = -1;
	if (troc_rng_chance(r, WISH_SURF_SHARE))
		h->surface_min = (int)gen_round(u->surface / 10.0 * k *
		    (WISH_SURF_LO + (WISH_SURF_HI - WISH_SURF_LO) *
		    troc_rng_unit(r)));
}

/* Rooms, rent, surface, floor and access it asks for. */
static void
needs(struct troc_rng *r, const struct troc_gen_unit *u,
    struct troc_gen_household *h)
{
	rent_surface(r, u, h, rooms_wish(r, u, h));
	h->floor_max = -1;
	if ((h->age1 >= 70 || h->handicap) && troc_rng_chance(r, 0.35))
		h->floor_max = (signed char)troc_rng_range(r, 0, 2);
	else if (troc_rng_chance(r, 0.02))
		h->floor_max = (signed char)troc_rng_range(r, 2, 6);
	h->elevator = (unsigned char)troc_rng_chance(r, h->handicap ? 0.6 :
	    h->age1 >= 75 ? 0.45 : 0.01);
	h->accessible = (unsigned char)(h->handicap && troc_rng_chance(r,
	    0.35));
	h->other_landlord = (unsigned char)troc_rng_chance(r, 0.88);
}

static void
one_household(struct troc_gen *g, struct troc_rng *r, unsigned unit,
    struct troc_gen_household *h)
{
	const struct troc_gen_unit *u = &g->units[unit];
	struct troc_rng w;
	double res, effort, a, b;
	int works;

	memset(h, 0, sizeof(*h));
	h->unit = unit;
	people(r, u, h);
	res = money(g, r, u, h);
	works = troc_rng_chance(r, h->age1 < 62 ? 0.72 : h->age1 < 67 ?
	    0.2 : 0.02);
	h->work = works ? workplace(g, r, u->commune) : -1;
	effort = res > 0 ? (u->rent + u->charges - h->housing_aid) / 100.0 /
	    res : 1;
	reasons(g, r, u, h, effort);
	/* What it asks for comes from a stream of its own, keyed by its
	 * home: a change to the wishes leaves the households as they are. */
	troc_rng_seed(&w, g->o.seed, WISH_STREAM + unit);
	needs(&w, u, h);
	wishes(g, &w, u->commune, h);
	a = troc_rng_unit(r);
	b = troc_rng_unit(r);
	/* The later of two draws: more recent requests than old ones. */
	h->registered = FIRST_DAY + (int)((a > b ? a : b) * NDAYS);
}

int
gen_households(struct troc_gen *g, struct troc_err *e)
{
	struct troc_rng r;
	size_t i, occupied = 0, seen = 0, M = g->o.households;

	for (i = 0; i < g->nunits; i++)
		occupied += g->units[i].status == TROC_GEN_OCCUPIED;
	if (M > occupied) {
		troc_err_set(e, NULL, 0, "%zu households asked for, but only "
		    "%zu of the %zu homes are occupied", M, occupied,
		    g->nunits);
		return -1;
	}
	if ((g->hh = malloc((M ? M : 1) * sizeof(*g->hh))) == NULL) {
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	troc_rng_seed(&r, g->o.seed, 2);
	/* Selection sampling (Knuth's algorithm S): exactly M homes, each
	 * occupied one equally likely, kept in inventory order. */
	for (i = 0; i < g->nunits && g->nhh < M; i++) {
		if (g->units[i].status != TROC_GEN_OCCUPIED)
			continue;
		if (troc_rng_below(&r, occupied - seen++) < M - g->nhh)
			one_household(g, &r, (unsigned)i, &g->hh[g->nhh++]);
	}
	return 0;
}
