/* test_gen.c: troc-gen's generator: the PRNG against its reference
 * vectors, determinism, and realism against the RPLS 2019 indicators
 * (read here on their own, from data/ or $TROC_DATA). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/csvin.h"
#include "troc/datadir.h"
#include "troc/gen.h"
#include "troc/geo.h"
#include "troc/num.h"
#include "troc/rng.h"
#include "troc/rules.h"
#include "test.h"

static void
test_rng(void)
{
	/* splitmix64 from 1234567 (the published sequence). */
	static const uint64_t sm[5] = { 6457827717110365317u,
	    3203168211198807973u, 9817491932198370423u,
	    4593380528125082431u, 16408922859458223821u };
	/* xoshiro256** from the state {1, 2, 3, 4} (reference code). */
	static const uint64_t xo[6] = { 11520, 0, 1509978240,
	    1215971899390074240u, 1216172134540287360u,
	    607988272756665600u };
	struct troc_rng r = { { 1, 2, 3, 4 } }, a, b;
	uint64_t x = 1234567;
	int i, hist[10] = { 0 }, bad = 0;
	double s = 0, s2 = 0, v;

	for (i = 0; i < 5; i++)
		CHECK(troc_splitmix64(&x) == sm[i]);
	for (i = 0; i < 6; i++)
		CHECK(troc_rng_next(&r) == xo[i]);
	troc_rng_seed(&a, 42, 0);
	troc_rng_seed(&b, 42, 1);
	CHECK(troc_rng_next(&a) == 1546998764402558742u);
	CHECK(troc_rng_next(&a) != troc_rng_next(&b));
	for (i = 0; i < 100000; i++) {
		hist[troc_rng_below(&a, 10)]++;
		v = troc_rng_bell(&a);
		s += v;
		s2 += v * v;
		if (troc_rng_unit(&a) >= 1 || v < -3.47 || v > 3.47)
			bad++;
	}
	CHECK_INT(bad, 0);
	for (i = 0; i < 10; i++)
		CHECK(hist[i] > 9500 && hist[i] < 10500);
	CHECK_NEAR(s / 100000, 0, 0.02);
	CHECK_NEAR(s2 / 100000, 1, 0.02);
	CHECK_INT(troc_rng_below(&a, 0), 0);
	CHECK_INT(troc_rng_range(&a, 5, 5), 5);
}

/* The RPLS 2019 indicators by département: homes of 1–2, 3–4, 5+ rooms,
 * stock, surface, rent per m², vacancy %. */
struct ind {
	double rooms[3], stock, surface, rent_m2, vacancy;
};

static int
is(const struct troc_rec *r, size_t i, const char *s)
{
	return r->len[i] == strlen(s) && memcmp(r->f[i], s, r->len[i]) == 0;
}

static void
load_indicators(struct ind *ind)
{
	static const char *const rooms[3] = { "moins de 2 pièces",
	    "3 et 4 pièces", "5 pièces et plus" };
	char path[4096];
	struct troc_err e;
	struct troc_rec r;
	struct troc_csv *in;
	double v;
	int d, i;

	troc_datafile("rpls2019-indicators.csv.gz", path, sizeof(path));
	in = troc_csv_open(path, NULL, &e);
	CHECK(in != NULL);
	if (in == NULL)
		return;
	/* TypeZone,Zone,CodeZone,Variable,Indicateur,Valeur,...,SousEnsemble */
	while (troc_csv_next(in, &r, &e) == 1) {
		if (!is(&r, 0, "Départements") || !is(&r, 7,
		    "Ensemble du parc") || (d = troc_dep_key(r.f[2],
		    r.len[2])) < 0 || troc_num_decimal(r.f[5], r.len[5], &v))
			continue;
		for (i = 0; i < 3; i++)
			if (is(&r, 4, rooms[i]))
				ind[d].rooms[i] = v;
		if (is(&r, 3, "parc_hlm"))
			ind[d].stock = v;
		if (is(&r, 3, "surfhab"))
			ind[d].surface = v;
		if (is(&r, 3, "loyer_m2"))
			ind[d].rent_m2 = v;
		if (is(&r, 3, "taux_vacance"))
			ind[d].vacancy = v;
	}
	troc_csv_free(in);
}

struct tally {
	double n, rooms[3], surface, rent, vacant;
};

/* Shares of rooms, mean surface, rent per m² and vacancy of every
 * département with at least min_n homes drawn, against the indicators. */
static void
check_units(const struct troc_gen *g, const struct ind *ind, double min_n)
{
	static struct tally t[TROC_NDEP];
	const struct troc_gen_unit *u;
	char dc[4];
	size_t n, i;
	int d, k, checked = 0, worst_dep = -1;
	double worst = 0, diff, p;

	memset(t, 0, sizeof(t));
	u = troc_gen_units(g, &n);
	for (i = 0; i < n; i++) {
		d = troc_commune_dep(u[i].commune);
		t[d].n++;
		t[d].rooms[u[i].rooms <= 2 ? 0 : u[i].rooms <= 4 ? 1 : 2]++;
		t[d].surface += u[i].surface / 10.0;
		t[d].rent += u[i].rent / 100.0;
		t[d].vacant += u[i].status == TROC_GEN_VACANT;
	}
	for (d = 0; d < TROC_NDEP; d++) {
		if (t[d].n < min_n || ind[d].stock <= 0)
			continue;
		checked++;
		for (k = 0; k < 3; k++) {
			diff = 100 * t[d].rooms[k] / t[d].n - 100 *
			    ind[d].rooms[k] / ind[d].stock;
			diff = diff < 0 ? -diff : diff;
			if (diff > worst) {
				worst = diff;
				worst_dep = d;
			}
		}
		CHECK_NEAR(t[d].surface / t[d].n / (ind[d].surface /
		    ind[d].stock), 1, 0.02);
		CHECK_NEAR(t[d].rent / t[d].surface / ind[d].rent_m2, 1, 0.01);
		/* vacancy: within four standard deviations of a binomial */
		p = ind[d].vacancy / 100;
		CHECK_NEAR(t[d].vacant / t[d].n, p, 4 * sqrt(p * (1 - p) /
		    t[d].n) + 1e-9);
	}
	printf("rooms shares: %d départements, largest gap %.2f points (%s)\n",
	    checked, worst, troc_dep_code(worst_dep, dc));
	CHECK(checked > 0);
	CHECK(worst <= 2.0);
}

/* Wishes as troc-gen(1) says: a handful of communes, few whole
 * départements, one typology most of the time, a rent ceiling nearly
 * always (what keeps the exchange graph sparse). */
static void
check_wishes(const struct troc_gen_household *h, size_t n)
{
	double places = 0, dep = 0, one_type = 0, rent = 0, surface = 0;
	size_t i;
	int k, p, bad = 0, is_dep;

	for (i = 0; i < n; i++) {
		p = h[i].adults + h[i].dependants;
		places += h[i].nwish;
		for (k = 0, is_dep = 0; k < h[i].nwish; k++)
			is_dep |= h[i].wish[k] >= TROC_DEP_TOKEN ||
			    h[i].wish[k] == troc_commune_key("75056", 5);
		dep += is_dep;
		one_type += (h[i].rooms_max < 0 ? p + 1 : h[i].rooms_max) ==
		    h[i].rooms_min;
		rent += h[i].rent_max >= 0;
		surface += h[i].surface_min >= 0;
		if (h[i].nwish < 1 || h[i].nwish > 4 || h[i].rent_max == 0 ||
		    h[i].surface_min == 0 || h[i].rooms_min > p + 1)
			bad++;
	}
	printf("wishes: %.2f places, département %.1f%%, one typology %.1f%%,"
	    " rent ceiling %.1f%%, surface %.1f%%\n", places / n, 100 * dep / n,
	    100 * one_type / n, 100 * rent / n, 100 * surface / n);
	CHECK_INT(bad, 0);
	CHECK(places / n > 1.6 && places / n < 1.8);
	CHECK(dep / n > 0.005 && dep / n < 0.03);
	CHECK(one_type / n > 0.8 && one_type / n < 0.9);
	CHECK_NEAR(rent / n, 0.9, 0.01);
	CHECK_NEAR(surface / n, 0.5, 0.01);
}

/* Households: one per occupied home, consistent, with the shares the
 * statistics give (under-occupation about 20%, some over-occupation). */
static void
check_households(const struct troc_gen *g)
{
	const struct troc_gen_household *h;
	const struct troc_gen_unit *u;
	size_t n, nu, i;
	char *taken;
	int bad = 0, p;
	double under = 0, over = 0, arrears = 0, handicap = 0;
	enum troc_occ o;

	u = troc_gen_units(g, &nu);
	h = troc_gen_households(g, &n);
	taken = calloc(nu, 1);
	for (i = 0; i < n; i++) {
		p = h[i].adults + h[i].dependants;
		if (h[i].unit >= nu || taken[h[i].unit] ||
		    u[h[i].unit].status != TROC_GEN_OCCUPIED ||
		    (h[i].adults == 1 && h[i].age2 >= 0) ||
		    h[i].nwish < 1 || h[i].age1 < 16 ||
		    (h[i].rooms_max >= 0 && h[i].rooms_min > h[i].rooms_max))
			bad++;
		if (h[i].unit < nu)
			taken[h[i].unit] = 1;
		if (i > 0 && h[i].unit <= h[i - 1].unit)
			bad++;		/* in inventory order */
		o = troc_occupancy(p, u[h[i].unit].rooms,
		    u[h[i].unit].surface / 10.0);
		under += o == TROC_OCC_UNDER;
		over += o == TROC_OCC_OVER;
		arrears += h[i].arrears;
		handicap += h[i].handicap;
	}
	free(taken);
	check_wishes(h, n);
	printf("households: %zu, under-occupied %.1f%%, over-occupied %.1f%%,"
	    " arrears %.1f%%, handicap %.1f%%\n", n, 100 * under / n,
	    100 * over / n, 100 * arrears / n, 100 * handicap / n);
	CHECK_INT(bad, 0);
	CHECK(under / n > 0.17 && under / n < 0.24);
	CHECK(over / n > 0.005 && over / n < 0.05);
	CHECK(arrears / n > 0.01 && arrears / n < 0.06);
	CHECK(handicap / n > 0.03 && handicap / n < 0.12);
}

static struct troc_gen *
gen(enum troc_gen_region region, unsigned long units, unsigned long hh,
    uint64_t seed)
{
	struct troc_gen_opts o = { region, units, hh, seed, 0 };
	struct troc_err e;
	struct troc_gen *g = troc_gen_new(troc_datadir(), &o, &e);

	if (g == NULL)
		fprintf(stderr, "troc_gen_new: %s: %s\n", e.file ? e.file :
		    "", e.msg);
	CHECK(g != NULL);
	return g;
}

static void
test_determinism(void)
{
	struct troc_gen *a = gen(TROC_GEN_IDF, 5000, 1000, 9);
	struct troc_gen *b = gen(TROC_GEN_IDF, 5000, 1000, 9);
	struct troc_gen *c = gen(TROC_GEN_IDF, 5000, 1000, 10);
	struct troc_gen *d = gen(TROC_GEN_IDF, 5000, 0, 9);
	const void *ua, *ub, *uc, *ud;
	size_t na, nb, nc, nd;

	if (!a || !b || !c || !d)
		goto out;
	ua = troc_gen_units(a, &na);
	ub = troc_gen_units(b, &nb);
	uc = troc_gen_units(c, &nc);
	ud = troc_gen_units(d, &nd);
	CHECK(na == 5000 && nb == na && nc == na && nd == na);
	CHECK(memcmp(ua, ub, na * sizeof(struct troc_gen_unit)) == 0);
	CHECK(memcmp(ua, uc, na * sizeof(struct troc_gen_unit)) != 0);
	/* The homes do not depend on the number of households. */
	CHECK(memcmp(ua, ud, na * sizeof(struct troc_gen_unit)) == 0);
	ua = troc_gen_households(a, &na);
	ub = troc_gen_households(b, &nb);
	CHECK(na == 1000 && nb == na);
	CHECK(memcmp(ua, ub, na * sizeof(struct troc_gen_household)) == 0);
out:
	troc_gen_free(a);
	troc_gen_free(b);
	troc_gen_free(c);
	troc_gen_free(d);
}

static void
test_paris(void)
{
	struct troc_gen *g = gen(TROC_GEN_PARIS, 20000, 0, 3);
	const struct troc_gen_unit *u;
	char code[8];
	size_t n, i;
	int bad = 0, arr[21] = { 0 }, a;

	if (g == NULL)
		return;
	u = troc_gen_units(g, &n);
	for (i = 0; i < n; i++) {
		troc_commune_code(u[i].commune, code);
		a = atoi(code + 2);
		if (strncmp(code, "751", 3) != 0 || a < 101 || a > 120)
			bad++;
		else
			arr[a - 100]++;
	}
	CHECK_INT(bad, 0);	/* 75056 spread over the arrondissements */
	for (a = 1; a <= 20; a++)
		CHECK(arr[a] > 0);
	CHECK(arr[20] > arr[1] && arr[13] > arr[7]);	/* by programmes */
	troc_gen_free(g);
	/* More homes than the stock of Paris (231,472): each drawn once or
	 * twice, none missed. */
	if ((g = gen(TROC_GEN_PARIS, 300000, 0, 3)) == NULL)
		return;
	u = troc_gen_units(g, &n);
	CHECK_INT(n, 300000);
	troc_gen_free(g);
}

static void
test_errors(void)
{
	struct troc_gen_opts o = { TROC_GEN_PARIS, 1000, 1000, 1, 0 };
	struct troc_err e;
	struct troc_gen *g = troc_gen_new(troc_datadir(), &o, &e);
	enum troc_gen_region r;

	CHECK(g == NULL);	/* some homes are vacant */
	CHECK(g == NULL && strstr(e.msg, "occupied") != NULL);
	o.households = 0;
	g = troc_gen_new("/nonexistent", &o, &e);
	CHECK(g == NULL);
	CHECK(troc_gen_region_parse("idf", &r) == 0 && r == TROC_GEN_IDF);
	CHECK(troc_gen_region_parse("mars", &r) < 0);
}

int
main(void)
{
	static struct ind ind[TROC_NDEP];
	struct troc_gen *g;

	test_rng();
	test_errors();
	test_determinism();
	test_paris();
	load_indicators(ind);
	if ((g = gen(TROC_GEN_IDF, 200000, 40000, 7)) != NULL) {
		check_units(g, ind, 1);
		check_households(g);
	}
	troc_gen_free(g);
	/* All France: the départements with at least 3,000 homes drawn. */
	if ((g = gen(TROC_GEN_FRANCE, 300000, 0, 7)) != NULL)
		check_units(g, ind, 3000);
	troc_gen_free(g);
	return test_done("test_gen");
}
