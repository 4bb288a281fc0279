/* test_market.c: the compatibility graph of troc-match against the rules
 * themselves: random households and homes (unknown values included),
 * every pair checked with troc_rule_wish and troc_compat, and the graph
 * built by the market (its folded rules, its index, its threads) must be
 * exactly those arcs, weights and statistics, whatever the threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/datadir.h"
#include "troc/market.h"
#include "troc/reference.h"
#include "test.h"

#define NHH	2500
#define NVAC	300

static const char *const communes[] = {
	"75101", "75111", "75112", "75120", "93048", "93066", "92012",
	"77288", "95018", "94028"
};
#define NCOM (sizeof(communes) / sizeof(communes[0]))

static unsigned long long rng = 42;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

/* v, or the unknown value one time in k. */
static int
ri(int v, int k)
{
	return rnd(k) == 0 ? TROC_NA : v;
}

static double
rd(double v, int k)
{
	return rnd(k) == 0 ? NAN : v;
}

static int
commune(void)
{
	const char *c = communes[rnd(NCOM)];

	return rnd(40) == 0 ? -1 : troc_commune_key(c, 5);
}

static void
random_home(struct troc_home *u)
{
	troc_home_init(u);
	u->commune = commune();
	u->rooms = ri(1 + (int)rnd(6), 15);
	u->surface = rd(12 + rnd(110) + rnd(10) / 10.0, 15);
	u->floor = ri((int)rnd(12) - 1, 10);
	u->elevator = ri((int)rnd(2), 8);
	u->accessible = ri((int)rnd(2), 8);
	u->financing = rnd(10) == 0 ? TROC_FIN_UNKNOWN :
	    (enum troc_fin)rnd(TROC_NFIN);
	u->rent = rd(150 + rnd(1100) + rnd(100) / 100.0, 12);
	u->charges = rd(rnd(150), 6);
	u->reservataire = (enum troc_resv)rnd(3);
	u->admitted = rnd(25) != 0;
}

static int
wish_token(void)
{
	switch (rnd(6)) {
	case 0:
		return troc_commune_key("75056", 5);
	case 1:
		return TROC_DEP_TOKEN + troc_dep_key(rnd(2) ? "75" : "93", 2);
	default:
		return troc_commune_key(communes[rnd(NCOM)], 5);
	}
}

static void
random_household(struct troc_household *h, int *wish)
{
	int n = 1 + (int)rnd(6), lo;
	size_t i;

	troc_household_init(h);
	h->adults = n > 1 && rnd(2) ? 2 : 1;
	h->dependants = n - h->adults;
	h->persons = rnd(30) ? n : TROC_NA;
	h->category = h->persons == TROC_NA ? TROC_NA :
	    troc_category(h->adults, h->dependants, TROC_NA, TROC_NA, 0);
	h->income = rd(8000 + rnd(60000), 10);
	h->resources = rnd(10) ? h->income / 12 : rnd(2) ? NAN : 0;
	h->housing_aid = rnd(3) ? 0 : rnd(300);
	h->nwish = 1 + rnd(3);
	for (i = 0; i < h->nwish; i++)
		wish[i] = wish_token();
	h->wish = wish;
	lo = 1 + (int)rnd(3);
	h->wish_rooms_min = ri(lo, 8);
	h->wish_rooms_max = ri(lo + (int)rnd(3), 8);
	h->wish_rent_max = rd(300 + rnd(1000), 3);
	h->wish_surface_min = rd(10 + rnd(60), 3);
	h->wish_floor_max = ri((int)rnd(8), 3);
	h->wish_elevator = rnd(6) == 0;
	h->wish_accessible = rnd(10) == 0;
	h->other_landlord = rnd(4) != 0;
	random_home(&h->home);
	h->priority = rnd(4) ? 0 : rnd(100);
	h->blocked = rnd(20) == 0;
}

static char ids[NHH + NVAC][16], units[NHH + NVAC][16];
static const char *const landlords[] = { "L0", "L1", "L2", "L3" };

static void
add_vacancies(struct troc_market *m, struct troc_inventory *inv)
{
	size_t i, clash, slot;

	memset(inv, 0, sizeof(*inv));
	inv->ids = troc_idset_new();
	inv->landlords = troc_idset_new();
	inv->home = calloc(NVAC, sizeof(*inv->home));
	inv->status = calloc(NVAC, 1);
	for (i = 0; i < 4; i++)
		troc_idset_add(inv->landlords, landlords[i], 2, NULL);
	for (i = 0; i < NVAC; i++) {
		snprintf(units[NHH + i], sizeof(units[0]), "V%05zu", i);
		troc_idset_add(inv->ids, units[NHH + i], 6, &slot);
		random_home(&inv->home[i]);
		inv->home[i].landlord = (int)rnd(4);
		inv->status[i] = rnd(5) ? 1 : 0;	/* vacant or occupied */
	}
	inv->n = NVAC;
	CHECK(troc_market_add_vacancies(m, inv, &clash) > 0);
}

static void
fill(struct troc_market *m, struct troc_inventory *inv)
{
	static int wish[NHH][3];
	struct troc_hh x;
	size_t i;

	rng = 42;
	for (i = 0; i < NHH; i++) {
		memset(&x, 0, sizeof(x));
		random_household(&x.h, wish[i]);
		snprintf(ids[i], sizeof(ids[0]), "H%05zu", i);
		snprintf(units[i], sizeof(units[0]), "U%05zu", i);
		x.id = ids[i], x.idlen = 6;
		x.unit = units[i], x.unitlen = 6;
		CHECK_INT(troc_market_add_household(m, &x, landlords[rnd(4)],
		    2, NULL), 0);
	}
	add_vacancies(m, inv);
}

static int takes(const struct troc_market *, size_t, size_t);

/* Refuse some pairs that would be arcs (-x). */
static void
exclude(struct troc_market *m)
{
	size_t i, a, j, n = 0;

	for (i = 0; i < 200000 && n < 100; i++) {
		a = rnd((unsigned)m->nhh);
		j = rnd((unsigned)m->n);
		if (takes(m, a, j)) {
			CHECK_INT(troc_market_exclude(m, troc_market_id(m, a),
			    6, troc_market_unit(m, j), 6), 0);
			n++;
		}
	}
	CHECK_INT(n, 100);
}

/* What the rules say, pair by pair. */
static int
takes(const struct troc_market *m, size_t a, size_t j)
{
	char key[32];
	int n;

	if (a == j || m->hh[a].blocked || (j < m->nhh && m->hh[j].blocked) ||
	    !troc_rule_wish(&m->hh[a], &m->home[j]) ||
	    troc_compat(&m->ctx, &m->hh[a], &m->home[j]) != TROC_RULE_OK)
		return 0;
	n = snprintf(key, sizeof(key), "%s\x1f%s", troc_market_id(m, a),
	    troc_market_unit(m, j));
	return troc_idset_find(m->excluded, key, (size_t)n) < 0;
}

/* Pairs looked at: the homes of its wished communes, rooms wished. */
static size_t
looked(const struct troc_market *m, size_t a)
{
	const struct troc_household *h = &m->hh[a];
	size_t j, n = 0;
	int r;

	for (j = 0; j < m->n; j++) {
		r = m->home[j].rooms;
		n += !h->blocked && troc_rule_wish(h, &m->home[j]) &&
		    (r == TROC_NA || ((h->wish_rooms_min == TROC_NA ||
		    r >= h->wish_rooms_min) && (h->wish_rooms_max == TROC_NA ||
		    r <= h->wish_rooms_max)));
	}
	return n;
}

static void
check_graph(const struct troc_market *m, const struct troc_graph *g,
    const struct troc_market_stats *st)
{
	size_t j, a, k = 0, bad = 0, mutual = 0, no_in = 0, no_out = 0;
	size_t cand = 0, *in = calloc(m->n, sizeof(*in));
	size_t *out = calloc(m->n, sizeof(*out));

	for (j = 0; j < m->n; j++)
		for (a = 0; a < m->nhh; a++) {
			if (!takes(m, a, j))
				continue;
			bad += k >= g->m || g->from[k] != j || g->to[k] != a ||
			    g->w[k] != (double)troc_arc_weight(&m->hh[a],
			    &m->home[j]);
			k++;
			in[a]++, out[j]++;
			mutual += j < a && j < m->nhh && takes(m, j, a);
		}
	CHECK_INT(bad, 0);
	CHECK_INT(g->m, k);
	for (a = 0; a < m->nhh; a++) {
		no_in += !m->hh[a].blocked && in[a] == 0;
		no_out += !m->hh[a].blocked && out[a] == 0;
		cand += looked(m, a);
	}
	CHECK_INT(st->arcs, k);
	CHECK_INT(st->mutual, mutual);
	CHECK_INT(st->no_in, no_in);
	CHECK_INT(st->no_out, no_out);
	CHECK_INT(st->candidates, cand);
	for (a = 0; a < m->nhh; a += 97) {	/* --explain agrees */
		struct troc_funnel fu;

		CHECK_INT(troc_market_funnel(m, a, &fu), 0);
		CHECK_INT(fu.in, m->hh[a].blocked ? 0 : in[a]);
		CHECK_INT(fu.out, out[a]);
	}
	free(in);
	free(out);
}

static int
same(const struct troc_graph *g, const struct troc_graph *h)
{
	return g->n == h->n && g->m == h->m &&
	    memcmp(g->vacancy, h->vacancy, g->n) == 0 &&
	    memcmp(g->from, h->from, g->m * sizeof(*g->from)) == 0 &&
	    memcmp(g->to, h->to, g->m * sizeof(*g->to)) == 0 &&
	    memcmp(g->w, h->w, g->m * sizeof(*g->w)) == 0;
}

/* Under one policy: the rules pair by pair, then 2, 3 and 5 threads. */
static void
test_policy(struct troc_reference *ref, const char *name)
{
	struct troc_market m;
	struct troc_inventory inv;
	struct troc_graph g, h;
	struct troc_market_stats st, st2;
	struct troc_err e;
	struct troc_ctx ctx;
	int t;

	troc_reference_ctx(ref, &ctx);
	CHECK_INT(troc_market_init(&m, &ctx), 0);
	fill(&m, &inv);
	exclude(&m);
	m.threads = 1;
	troc_graph_init(&g);
	CHECK_INT(troc_market_graph(&m, &g, &st, &e), 0);
	fprintf(stderr, "%s: %zu arcs, %zu mutual pairs\n", name, g.m,
	    st.mutual);
	CHECK(g.m > 1000);
	check_graph(&m, &g, &st);
	for (t = 2; t <= 5; t += t == 2 ? 1 : 2) {
		m.threads = t;
		troc_graph_init(&h);
		CHECK_INT(troc_market_graph(&m, &h, &st2, &e), 0);
		CHECK(same(&g, &h));
		CHECK(memcmp(&st, &st2, sizeof(st)) == 0);
		troc_graph_release(&h);
	}
	troc_graph_release(&g);
	troc_market_release(&m);
	troc_inventory_release(&inv);
}

int
main(void)
{
	struct troc_reference ref;
	struct troc_err e;

	if (troc_reference_load(&ref, troc_datadir(), NULL, 0, &e) < 0) {
		fprintf(stderr, "%s:%lu: %s\n", e.file, e.line, e.msg);
		CHECK(0);
		return test_done("market");
	}
	test_policy(&ref, "defaults");
	ref.policy.allow_under = 1;
	ref.policy.effort_max = 0.25;
	test_policy(&ref, "allow_under, effort_max 0.25");
	ref.policy.allow_under = 0;
	ref.policy.same_landlord = 1;
	test_policy(&ref, "same_landlord");
	troc_reference_release(&ref);
	return test_done("market");
}
