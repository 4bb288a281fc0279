/* test_kep.c: the exchange optimiser against proven optima (the kidney
 * exchange benchmark graphs, a brute force on small random graphs, hand
 * made cases), every answer checked for feasibility independently. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "troc/kep.h"
#include "test.h"

/* TROC_TEST_SMALL set (tests/run under valgrind, where CBC runs some
 * forty times slower): the benchmark graphs of at most SMALL_ARCS arcs
 * with K up to 3, fewer random graphs, a smaller large graph. */
static int small;

#define SMALL_ARCS 1500

static int
too_big(const struct troc_graph *g, int k)
{
	return small && (g->m > SMALL_ARCS || k > 3);
}

/* --- loading a graph of tests/data/kep: NAME.nodes.csv, NAME.arcs.csv */

static const char *
datadir(void)
{
	static char dir[4096];
	const char *t = getenv("TROC_TESTS");

	snprintf(dir, sizeof(dir), "%s/data/kep", t != NULL ? t : "tests");
	return dir;
}

/* Ids are integers in these files: map[id] is the node. */
static int
load(struct troc_graph *g, const char *name)
{
	char path[4200], line[256], kind[64];
	long id, from, to, *map = NULL, nmap = 0;
	double w;
	FILE *f;
	int ok = 1;

	troc_graph_init(g);
	snprintf(path, sizeof(path), "%s/%s.nodes.csv", datadir(), name);
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%ld,%63[a-z]", &id, kind) != 2)
			continue;	/* the header */
		if (id >= nmap) {
			long n = 2 * id + 16, i;

			map = realloc(map, (size_t)n * sizeof(*map));
			for (i = nmap; i < n; i++)
				map[i] = -1;
			nmap = n;
		}
		map[id] = (long)g->n;
		ok &= troc_graph_add_node(g, strcmp(kind, "ndd") == 0 ||
		    strcmp(kind, "vacancy") == 0, NULL) == 0;
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s.arcs.csv", datadir(), name);
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		free(map);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%ld,%ld,%lf", &from, &to, &w) != 3)
			continue;
		ok &= from >= 0 && from < nmap && to >= 0 && to < nmap &&
		    map[from] >= 0 && map[to] >= 0 &&
		    troc_graph_add_arc(g, (uint32_t)map[from],
		    (uint32_t)map[to], w, NULL) >= 0;
	}
	fclose(f);
	free(map);
	return ok ? 0 : -1;
}

/* --- an independent check of a result --- */

/* The weight of the heaviest arc u -> v of g, or -1 when there is none
 * (arcs into vacancies and loops count as none). */
static double
arc(const struct troc_graph *g, uint32_t u, uint32_t v)
{
	double w = -1;
	size_t i;

	if (u == v || g->vacancy[v])
		return -1;
	for (i = 0; i < g->m; i++)
		if (g->from[i] == u && g->to[i] == v && g->w[i] > w)
			w = g->w[i];
	return w;
}

/* Feasible, consistent and ordered for K = k, L = l? Returns the number
 * of faults, printed on stderr. */
static int
feasible(const struct troc_graph *g, int k, int l,
    const struct troc_kep_result *r)
{
	unsigned char *seen = calloc(g->n + 1, 1);
	size_t i, j, nsw = 0, ncy = 0, nch = 0, moved = 0;
	uint32_t min, last = 0;
	double sum = 0, w, a;
	int bad = 0;

#define FAULT(...) do { fprintf(stderr, "  infeasible: " __VA_ARGS__); \
	fputc('\n', stderr); bad++; } while (0)
	for (i = 0; i < r->nex; i++) {
		const struct troc_kep_exchange *x = &r->ex[i];
		int cyc = x->kind == TROC_KEP_CYCLE;
		size_t narcs = cyc ? x->len : x->len - 1;

		if (x->len < 2)
			FAULT("exchange %zu: %zu nodes", i, x->len);
		if (cyc && k > 0 && x->len > (size_t)k)
			FAULT("cycle %zu: %zu > k", i, x->len);
		if (!cyc && x->len - 1 > (size_t)l)
			FAULT("chain %zu: %zu > l", i, x->len - 1);
		min = x->node[0];
		for (w = 0, j = 0; j < x->len; j++) {
			uint32_t u = x->node[j];

			if (u >= g->n) {
				FAULT("node %lu out of range", (unsigned long)u);
				continue;
			}
			if (seen[u]++)
				FAULT("node %lu twice", (unsigned long)u);
			if (g->vacancy[u] != (!cyc && j == 0))
				FAULT("node %lu: wrong kind", (unsigned long)u);
			if (u < min)
				min = u;
			if (j >= narcs)
				continue;
			a = arc(g, u, x->node[(j + 1) % x->len]);
			if (a < 0)
				FAULT("exchange %zu: no arc %lu -> %lu", i,
				    (unsigned long)u,
				    (unsigned long)x->node[(j + 1) % x->len]);
			else
				w += a;
		}
		if (cyc && min != x->node[0])
			FAULT("cycle %zu does not start at its smallest", i);
		if (fabs(w - x->weight) > 1e-9 * (1 + w))
			FAULT("exchange %zu: weight %g, arcs %g", i, x->weight, w);
		if (i > 0 && min <= last)
			FAULT("exchange %zu out of order", i);
		last = min;
		sum += x->weight;
		if (!cyc)
			nch++, moved += x->len - 1;
		else {
			moved += x->len;
			if (x->len == 2)
				nsw++;
			else
				ncy++;
		}
	}
	if (fabs(sum - r->objective) > 1e-9 * (1 + sum))
		FAULT("objective %.17g, exchanges %.17g", r->objective, sum);
	if (nsw != r->nswaps || ncy != r->ncycles || nch != r->nchains ||
	    moved != r->moved)
		FAULT("counts");
	if (r->bound < r->objective - 1e-9 * (1 + sum))
		FAULT("bound %.17g < objective", r->bound);
	if (r->proven && r->bound != r->objective)
		FAULT("proven, but bound %.17g", r->bound);
	free(seen);
	return bad;
}

/* Solve g for k, l on threads processors (0: all); check feasibility;
 * the objective (or NAN). */
static double
solve_on(const struct troc_graph *g, int k, int l, int method, int threads,
    struct troc_kep_result *r)
{
	struct troc_kep_opts o;
	struct troc_err e;

	troc_kep_opts_init(&o);
	o.k = k;
	o.l = l;
	o.method = method;
	o.threads = threads;
	if (troc_kep_solve(g, &o, r, &e) != 0) {
		fprintf(stderr, "  solve k=%d l=%d: %s\n", k, l, e.msg);
		return NAN;
	}
	CHECK_INT(feasible(g, k, l, r), 0);
	return r->objective;
}

static double
solve(const struct troc_graph *g, int k, int l, int method,
    struct troc_kep_result *r)
{
	return solve_on(g, k, l, method, 0, r);
}

/* --- the benchmark graphs --- */

/*
 * Optimal objective for L = 0, 3, 4, 6 (-1: the graph has no vacancy,
 * L = 0 only). Published in ../shared/bench/kep/README.md (proven
 * optima): MD-00001-00000001 (K=2: 4, K=3: 4), MD-00001-00000002 (6, 8),
 * MD-00001-00000120 (68, 83), sparse_128_0_1 (16, 28), two_2cycles (40,
 * 40), 3cycle_and_3chain (K=3: 3, K=3 L=3: 6). All the others come from
 * scripts/kep-peer.py: networkx max_weight_matching for K = 2 without
 * chains, else the cycle formulation + PICEF solved by CBC via PuLP,
 * which agrees with every published value.
 */
static const struct {
	const char *name;
	int k;
	double opt[4];
} bench[] = {
	{ "100-random-weights", 2, { 12.98246, 20.1335047, 22.8484355, 27.199792 } },
	{ "100-random-weights", 3, { 19.196092, 25.591149, 27.058691, 30.007318 } },
	{ "100-random-weights", 4, { 21.643523, 27.88505, 28.807285, 30.45539 } },
	{ "3cycle_and_3chain", 2, { 0, 3, 3, 3 } },
	{ "3cycle_and_3chain", 3, { 3, 6, 6, 6 } },
	{ "3cycle_and_3chain", 4, { 3, 6, 6, 6 } },
	{ "MD-00001-00000001", 2, { 4, -1, -1, -1 } },
	{ "MD-00001-00000001", 3, { 4, -1, -1, -1 } },
	{ "MD-00001-00000001", 4, { 4, -1, -1, -1 } },
	{ "MD-00001-00000002", 2, { 6, -1, -1, -1 } },
	{ "MD-00001-00000002", 3, { 8, -1, -1, -1 } },
	{ "MD-00001-00000002", 4, { 8, -1, -1, -1 } },
	{ "MD-00001-00000015", 2, { 10, 13, 14, 14 } },
	{ "MD-00001-00000015", 3, { 13, 15, 16, 16 } },
	{ "MD-00001-00000015", 4, { 15, 16, 16, 16 } },
	{ "MD-00001-00000100", 2, { 32, 46, 46, 46 } },
	{ "MD-00001-00000100", 3, { 37, 46, 46, 46 } },
	{ "MD-00001-00000100", 4, { 39, 46, 46, 46 } },
	{ "MD-00001-00000120", 2, { 68, -1, -1, -1 } },
	{ "MD-00001-00000120", 3, { 83, -1, -1, -1 } },
	{ "MD-00001-00000120", 4, { 86, -1, -1, -1 } },
	{ "MD-00001-00000127", 2, { 64, 81, 82, 82 } },
	{ "MD-00001-00000127", 3, { 72, 82, 82, 82 } },
	{ "MD-00001-00000127", 4, { 72, 82, 82, 82 } },
	{ "chain-finding", 2, { 0, 3.7, 3.7, 3.7 } },
	{ "chain-finding", 3, { 3.5, 3.7, 3.7, 3.7 } },
	{ "chain-finding", 4, { 3.5, 3.7, 3.7, 3.7 } },
	{ "heterogeneous_128_0_1", 2, { 72, -1, -1, -1 } },
	{ "heterogeneous_128_0_1", 3, { 85, -1, -1, -1 } },
	{ "heterogeneous_128_0_1", 4, { 90, -1, -1, -1 } },
	{ "heterogeneous_128_19_1", 2, { 72, 100, 102, 102 } },
	{ "heterogeneous_128_19_1", 3, { 85, 100, 102, 102 } },
	{ "heterogeneous_128_19_1", 4, { 90, 101, 102, 102 } },
	{ "no-cycles", 2, { 0, 2, 2, 2 } },
	{ "no-cycles", 3, { 0, 2, 2, 2 } },
	{ "no-cycles", 4, { 0, 2, 2, 2 } },
	{ "one-cycle", 2, { 2, 3, 3, 3 } },
	{ "one-cycle", 3, { 2, 3, 3, 3 } },
	{ "one-cycle", 4, { 2, 3, 3, 3 } },
	{ "small1", 2, { 2, -1, -1, -1 } },
	{ "small1", 3, { 2, -1, -1, -1 } },
	{ "small1", 4, { 2, -1, -1, -1 } },
	{ "sparse_128_0_1", 2, { 16, -1, -1, -1 } },
	{ "sparse_128_0_1", 3, { 28, -1, -1, -1 } },
	{ "sparse_128_0_1", 4, { 36, -1, -1, -1 } },
	{ "sparse_128_19_1", 2, { 16, 46, 48, 51 } },
	{ "sparse_128_19_1", 3, { 23, 46, 48, 51 } },
	{ "sparse_128_19_1", 4, { 32, 49, 49, 51 } },
	{ "two_2cycles", 2, { 40, -1, -1, -1 } },
	{ "two_2cycles", 3, { 40, -1, -1, -1 } },
	{ "two_2cycles", 4, { 40, -1, -1, -1 } },
};

/* K = 0 (cycles of any length), L = 0 and 3 (-1: no vacancy); all from
 * scripts/kep-peer.py (arc formulation + PICEF, CBC via PuLP). */
static const struct {
	const char *name;
	double opt[2];
} bench0[] = {
	{ "100-random-weights", { 25.535047, 31.193525 } },
	{ "3cycle_and_3chain", { 3, 6 } },
	{ "MD-00001-00000001", { 4, -1 } },
	{ "MD-00001-00000002", { 8, -1 } },
	{ "MD-00001-00000015", { 16, 16 } },
	{ "MD-00001-00000100", { 39, 46 } },
	{ "MD-00001-00000120", { 86, -1 } },
	{ "MD-00001-00000127", { 72, 82 } },
	{ "chain-finding", { 3.5, 3.7 } },
	{ "heterogeneous_128_0_1", { 92, -1 } },
	{ "heterogeneous_128_19_1", { 92, 102 } },
	{ "no-cycles", { 0, 2 } },
	{ "one-cycle", { 2, 3 } },
	{ "small1", { 2, -1 } },
	{ "sparse_128_0_1", { 42, -1 } },
	{ "sparse_128_19_1", { 41, 52 } },
	{ "two_2cycles", { 40, -1 } },
};

static void
test_bench(void)
{
	static const int ls[] = { 0, 3, 4, 6 };
	struct troc_graph g;
	struct troc_kep_result r;
	const char *last = "";
	size_t i;
	int j, have = 0;
	double z;

	for (i = 0; i < sizeof(bench) / sizeof(bench[0]); i++) {
		if (strcmp(last, bench[i].name) != 0) {
			if (have)
				troc_graph_release(&g);
			have = load(&g, bench[i].name) == 0;
			CHECK(have);
			last = bench[i].name;
		}
		for (j = 0; have && j < 4; j++) {
			if (bench[i].opt[j] < 0 || too_big(&g, bench[i].k))
				continue;
			z = solve(&g, bench[i].k, ls[j], TROC_KEP_AUTO, &r);
			if (fabs(z - bench[i].opt[j]) > 1e-6 ||
			    !r.proven)
				fprintf(stderr, "  %s k=%d l=%d: got %.10g%s, "
				    "want %.10g\n", bench[i].name, bench[i].k,
				    ls[j], z, r.proven ? "" : " (unproven)",
				    bench[i].opt[j]);
			CHECK_NEAR(z, bench[i].opt[j], 1e-6);
			CHECK(r.proven);
			troc_kep_result_release(&r);
			/* the Lagrangian method: a solution, a true bound
			 * (K = 4 on the dense graphs: 3000 slow steps) */
			if (bench[i].k > 3)
				continue;
			z = solve(&g, bench[i].k, ls[j], TROC_KEP_LAGR, &r);
			CHECK(z <= bench[i].opt[j] + 1e-6);
			CHECK(r.bound >= bench[i].opt[j] - 1e-6);
			if (r.proven)
				CHECK_NEAR(z, bench[i].opt[j], 1e-6);
			troc_kep_result_release(&r);
		}
	}
	if (have)
		troc_graph_release(&g);
	/* LP and CBC alone, where the LP optimum is fractional */
	for (i = 0; i < sizeof(bench) / sizeof(bench[0]); i++) {
		if (bench[i].k != 3 || (strncmp(bench[i].name, "MD-", 3) != 0 &&
		    strncmp(bench[i].name, "hetero", 6) != 0))
			continue;
		if (load(&g, bench[i].name) != 0) {
			CHECK(0);
			continue;
		}
		for (j = 0; j < 2; j++) {
			if (bench[i].opt[j] < 0 || too_big(&g, 3))
				continue;
			z = solve(&g, 3, ls[j], TROC_KEP_MIP, &r);
			CHECK_NEAR(z, bench[i].opt[j], 1e-6);
			CHECK(r.proven);
			troc_kep_result_release(&r);
		}
		troc_graph_release(&g);
	}
	for (i = 0; i < sizeof(bench0) / sizeof(bench0[0]); i++) {
		if (load(&g, bench0[i].name) != 0) {
			CHECK(0);
			continue;
		}
		for (j = 0; j < 2; j++) {
			if (bench0[i].opt[j] < 0 || too_big(&g, 0))
				continue;
			z = solve(&g, 0, 3 * j, TROC_KEP_AUTO, &r);
			CHECK_NEAR(z, bench0[i].opt[j], 1e-6);
			CHECK(r.proven);
			troc_kep_result_release(&r);
		}
		troc_graph_release(&g);
	}
}

/* --- hand-made graphs --- */

static void
graph(struct troc_graph *g, size_t n, const char *vac, const double (*a)[3],
    size_t na)
{
	size_t i;

	troc_graph_init(g);
	for (i = 0; i < n; i++)
		troc_graph_add_node(g, vac != NULL && vac[i] == 'v', NULL);
	for (i = 0; i < na; i++)
		troc_graph_add_arc(g, (uint32_t)a[i][0], (uint32_t)a[i][1],
		    a[i][2], NULL);
}

static int
same_nodes(const struct troc_kep_exchange *x, const uint32_t *want,
    size_t n)
{
	return x->len == n && memcmp(x->node, want, n * sizeof(*want)) == 0;
}

/* A triangle worth 30 and a swap inside it worth 11: no swap replaces
 * the 3-cycle. */
static void
test_three_cycle(void)
{
	static const double a[][3] = {
		{ 0, 1, 10 }, { 1, 2, 10 }, { 2, 0, 10 }, { 1, 0, 1 },
		{ 3, 4, 1 }, { 4, 3, 1 },
	};
	static const uint32_t tri[] = { 0, 1, 2 };
	struct troc_graph g;
	struct troc_kep_result r;

	graph(&g, 5, NULL, a, 6);
	CHECK_NEAR(solve(&g, 2, 0, TROC_KEP_AUTO, &r), 13, 0);
	CHECK_INT(r.nswaps, 2);
	troc_kep_result_release(&r);
	CHECK_NEAR(solve(&g, 3, 0, TROC_KEP_AUTO, &r), 32, 0);
	CHECK(r.proven);
	CHECK_INT(r.nex, 2);
	CHECK_INT(r.ncycles, 1);
	CHECK(r.nex == 2 && r.ex[0].kind == TROC_KEP_CYCLE &&
	    same_nodes(&r.ex[0], tri, 3));
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* A vacancy 4 starts a chain 4 -> 0 -> 1 -> 2 worth 15; the cycles (a
 * swap 0-1 worth 6, a triangle 1-2-3 worth 9) share node 1, and the
 * triangle with the chain 4 -> 0 makes only 14. */
static void
test_chain_beats_cycles(void)
{
	static const double a[][3] = {
		{ 4, 0, 5 }, { 0, 1, 5 }, { 1, 2, 5 }, { 1, 0, 1 },
		{ 2, 3, 2 }, { 3, 1, 2 }, { 0, 4, 9 },	/* into a vacancy */
	};
	static const uint32_t chain[] = { 4, 0, 1, 2 };
	struct troc_graph g;
	struct troc_kep_result r;

	graph(&g, 5, "....v", a, 7);
	CHECK_NEAR(solve(&g, 3, 0, TROC_KEP_AUTO, &r), 9, 0);
	troc_kep_result_release(&r);
	CHECK_NEAR(solve(&g, 3, 3, TROC_KEP_AUTO, &r), 15, 0);
	CHECK(r.proven);
	CHECK_INT(r.nchains, 1);
	CHECK(r.nex == 1 && r.ex[0].kind == TROC_KEP_CHAIN &&
	    same_nodes(&r.ex[0], chain, 4));
	troc_kep_result_release(&r);
	/* chains of 2 at most: the triangle and 4 -> 0 win */
	CHECK_NEAR(solve(&g, 3, 2, TROC_KEP_AUTO, &r), 14, 0);
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* K = 0: a 5-cycle (5) beats the swap inside it (2.5), and K = 3 cannot
 * take it; a swap 6-7 (4) is apart. With the vacancy 5 and K = 2, the
 * swap 0-1 and the chain 5 -> 2 -> 3 -> 4 (2.5) beat the longest chain
 * 5 -> 2 -> 3 -> 4 -> 0 -> 1 (4.5). */
static void
test_unbounded(void)
{
	static const double a[][3] = {
		{ 0, 1, 1 }, { 1, 2, 1 }, { 2, 3, 1 }, { 3, 4, 1 }, { 4, 0, 1 },
		{ 1, 0, 1.5 }, { 5, 2, 0.5 }, { 6, 7, 2 }, { 7, 6, 2 },
	};
	static const uint32_t five[] = { 0, 1, 2, 3, 4 };
	struct troc_graph g;
	struct troc_kep_result r;

	graph(&g, 8, ".....v..", a, 9);
	CHECK_NEAR(solve(&g, 0, 0, TROC_KEP_AUTO, &r), 9, 1e-12);
	CHECK(r.proven);
	CHECK(r.nex == 2 && same_nodes(&r.ex[0], five, 5));
	troc_kep_result_release(&r);
	CHECK_NEAR(solve(&g, 3, 0, TROC_KEP_AUTO, &r), 6.5, 1e-12);
	troc_kep_result_release(&r);
	/* the 5-cycle, or the swap 0-1 and that chain: 9 either way */
	CHECK_NEAR(solve(&g, 0, 5, TROC_KEP_AUTO, &r), 9, 1e-12);
	troc_kep_result_release(&r);
	CHECK_NEAR(solve(&g, 2, 5, TROC_KEP_AUTO, &r), 9, 1e-12);
	CHECK_INT(r.nchains, 1);
	CHECK_INT(r.nswaps, 2);
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* Input handling: what is ignored, what is refused. */
static void
test_input(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	struct troc_kep_opts o;
	struct troc_err e;

	troc_graph_init(&g);
	troc_kep_opts_init(&o);
	CHECK_INT(o.k, 3);
	CHECK_INT(o.l, 3);
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), 0);	/* empty graph */
	CHECK_INT(r.nex, 0);
	CHECK(r.proven);
	troc_kep_result_release(&r);
	CHECK_INT(troc_graph_add_node(&g, 0, &e), 0);
	CHECK_INT(troc_graph_add_node(&g, 1, &e), 0);
	CHECK_INT(troc_graph_add_node(&g, 0, &e), 0);
	CHECK_INT(troc_graph_add_arc(&g, 0, 1, 1, &e), 0);	/* to vacancy */
	CHECK_INT(troc_graph_add_arc(&g, 0, 0, 1, &e), 0);	/* loop */
	CHECK_INT(troc_graph_add_arc(&g, 0, 3, 1, &e), -1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 2, -1, &e), -1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 2, NAN, &e), -1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 2, INFINITY, &e), -1);
	CHECK(strstr(e.msg, "weight") != NULL);
	/* duplicates: the heaviest counts */
	CHECK_INT(troc_graph_add_arc(&g, 0, 2, 1, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 2, 4, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 2, 0, 2, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 1, 0, 0, &e), 1);
	CHECK_NEAR(solve(&g, 2, 0, TROC_KEP_AUTO, &r), 6, 0);
	troc_kep_result_release(&r);
	CHECK_NEAR(solve(&g, 3, 3, TROC_KEP_AUTO, &r), 6, 0);
	CHECK_INT(r.nchains, 0);	/* 1 -> 0 weighs 0: no chain */
	troc_kep_result_release(&r);
	o.k = -1;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), -1);
	o.k = 3;
	o.time_limit = -1;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), -1);
	o.time_limit = NAN;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), -1);
	o.time_limit = 0;
	o.method = 7;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), -1);
	CHECK_INT(r.nex, 0);
	troc_graph_release(&g);
}

/* --- small random graphs against a brute force --- */

#define NCAND 100000

struct brute {
	int n;
	uint32_t cand[NCAND];	/* node sets of possible exchanges */
	double w[NCAND];
	int ncand;
	double *memo;
	unsigned char *done;
};

static void
add_cand(struct brute *b, uint32_t set, double w)
{
	if (w > 0) {
		if (b->ncand == NCAND)
			abort();	/* the brute force would be wrong */
		b->cand[b->ncand] = set;
		b->w[b->ncand++] = w;
	}
}

/* Every simple path from path[0], closing into cycles (from their
 * smallest node) or, from a vacancy, as chains. */
static void
paths(struct brute *b, const double *W, const char *vac, int k, int l,
    int *path, int len, uint32_t set, double w)
{
	int s = path[0], u = path[len - 1], v;

	if (!vac[s] && len >= 2 && W[u * b->n + s] >= 0 &&
	    (k == 0 || len <= k))
		add_cand(b, set, w + W[u * b->n + s]);
	if (vac[s] && len >= 2)
		add_cand(b, set, w);
	for (v = 0; v < b->n; v++) {
		if ((set >> v & 1) || vac[v] || W[u * b->n + v] < 0)
			continue;
		if (!vac[s] && (v < s || (k > 0 && len >= k)))
			continue;
		if (vac[s] && len - 1 >= l)
			continue;
		path[len] = v;
		paths(b, W, vac, k, l, path, len + 1, set | 1u << v,
		    w + W[u * b->n + v]);
	}
}

/* Best packing of candidates within the nodes of free. */
static double
pack(struct brute *b, uint32_t free)
{
	double best, z;
	int v, i;

	if (free == 0)
		return 0;
	if (b->done[free])
		return b->memo[free];
	v = __builtin_ctz(free);
	best = pack(b, free & ~(1u << v));
	for (i = 0; i < b->ncand; i++)
		if ((b->cand[i] >> v & 1) && (b->cand[i] & ~free) == 0) {
			z = b->w[i] + pack(b, free & ~b->cand[i]);
			if (z > best)
				best = z;
		}
	b->done[free] = 1;
	b->memo[free] = best;
	return best;
}

static double
brute_force(int n, const double *W, const char *vac, int k, int l)
{
	static struct brute b;
	int path[32], s;
	double z;

	b.n = n;
	b.ncand = 0;
	for (s = 0; s < n; s++) {
		path[0] = s;
		paths(&b, W, vac, k, l, path, 1, 1u << s, 0);
	}
	b.memo = malloc(((size_t)1 << n) * sizeof(double));
	b.done = calloc((size_t)1 << n, 1);
	z = pack(&b, (1u << n) - 1);
	free(b.memo);
	free(b.done);
	return z;
}

/* The optimum of the graph of W with its arcs added from the last to
 * the first, and every third one also lighter, before it. */
static double
solve_shuffled(int n, const double *W, const char *vac, int k, int l)
{
	struct troc_graph g;
	struct troc_kep_result r;
	double z;
	int u, v, i = 0;

	troc_graph_init(&g);
	for (u = 0; u < n; u++)
		troc_graph_add_node(&g, vac[u], NULL);
	for (u = n - 1; u >= 0; u--)
		for (v = n - 1; v >= 0; v--) {
			if (W[u * n + v] < 0)
				continue;
			if (i++ % 3 == 0)
				troc_graph_add_arc(&g, (uint32_t)u, (uint32_t)v,
				    W[u * n + v] / 2, NULL);
			troc_graph_add_arc(&g, (uint32_t)u, (uint32_t)v,
			    W[u * n + v], NULL);
		}
	z = solve(&g, k, l, TROC_KEP_AUTO, &r);
	CHECK(r.proven);
	troc_kep_result_release(&r);
	troc_graph_release(&g);
	return z;
}

static void
test_random(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	double W[14 * 14], z, want, zm;
	char vac[14];
	int it, n, u, v, k, l, bad = 0;
	unsigned seed = 12345;
	int lagr_proven = 0, its = small ? 100 : 400;
	double lagr_ratio = 0;

#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xffff)

	for (it = 0; it < its; it++) {
		n = 3 + (int)(RND() % 10);
		troc_graph_init(&g);
		for (u = 0; u < n; u++) {
			vac[u] = RND() % 6 == 0;
			troc_graph_add_node(&g, vac[u], NULL);
		}
		for (u = 0; u < n; u++)
			for (v = 0; v < n; v++) {
				W[u * n + v] = -1;
				if (u == v || vac[v] || RND() % 100 >= 35)
					continue;
				/* integers, or tenths, or zero now and then */
				W[u * n + v] = it % 3 == 0 ?
				    (double)(RND() % 50) / 10 :
				    (double)(RND() % 5);
				troc_graph_add_arc(&g, (uint32_t)u,
				    (uint32_t)v, W[u * n + v], NULL);
			}
		k = (int)(RND() % 5);	/* 0 (any), 1 (none), 2, 3, 4 */
		l = (int)(RND() % 4);
		want = brute_force(n, W, vac, k, l);
		z = solve(&g, k, l, TROC_KEP_AUTO, &r);
		if (fabs(z - want) > 1e-9 || !r.proven) {
			if (bad++ < 5)
				fprintf(stderr, "  random %d (n=%d k=%d l=%d):"
				    " got %g, want %g\n", it, n, k, l, z, want);
		}
		CHECK_NEAR(z, want, 1e-9);
		CHECK(r.proven);
		troc_kep_result_release(&r);
		/* the same graph with its arcs in reverse order (each tail's
		 * unsorted) and lighter copies of some: the same optimum */
		CHECK_NEAR(solve_shuffled(n, W, vac, k, l), want, 1e-9);
		/* LP and CBC alone (no matching, no search) agree */
		zm = solve(&g, k, l, TROC_KEP_MIP, &r);
		CHECK_NEAR(zm, want, 1e-9);
		CHECK(r.proven);
		troc_kep_result_release(&r);
		/* the Lagrangian method: a solution (checked by solve), a
		 * bound at or above the optimum, "proven" only when right */
		zm = solve(&g, k, l, TROC_KEP_LAGR, &r);
		CHECK(zm <= want + 1e-9);
		CHECK(r.bound >= want - 1e-9);
		CHECK(r.bound >= zm);
		if (r.proven)
			CHECK_NEAR(zm, want, 1e-9);
		lagr_proven += r.proven;
		lagr_ratio += want > 0 ? zm / want : 1;
		troc_kep_result_release(&r);
		troc_graph_release(&g);
	}
	/* how good the greedy is on small graphs: not a pass mark, a
	 * regression guard (proven on most, within a few percent; on the
	 * first 100 graphs alone, a looser one) */
	fprintf(stderr, "  lagrangian: %d of %d proven, mean ratio %.4f\n",
	    lagr_proven, its, lagr_ratio / its);
	CHECK(lagr_proven * 20 >= its * (small ? 18 : 19));
	CHECK(lagr_ratio / its >= (small ? 0.995 : 0.999));
}

/* Larger random graphs: matching (K = 2) against LP and CBC. */
static void
test_matching(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	double z, zm;
	int it, n, u, v;
	unsigned seed = 777;

	for (it = 0; it < 20; it++) {
		n = 20 + (int)(RND() % 150);
		troc_graph_init(&g);
		for (u = 0; u < n; u++)
			troc_graph_add_node(&g, 0, NULL);
		for (u = 0; u < n; u++)
			for (v = 0; v < n; v++)
				if (u != v && RND() % 1000 < 60)
					troc_graph_add_arc(&g, (uint32_t)u,
					    (uint32_t)v,
					    (double)(RND() % 1000) / 8, NULL);
		z = solve(&g, 2, 0, TROC_KEP_AUTO, &r);
		CHECK(r.proven);
		troc_kep_result_release(&r);
		zm = solve(&g, 2, 0, TROC_KEP_MIP, &r);
		CHECK(r.proven);
		CHECK_NEAR(z, zm, 1e-9);
		troc_kep_result_release(&r);
		troc_graph_release(&g);
	}
}

/* --- determinism, silence, time limit --- */

static int
same_result(const struct troc_kep_result *a, const struct troc_kep_result *b)
{
	size_t i;

	if (a->nex != b->nex || a->objective != b->objective)
		return 0;
	for (i = 0; i < a->nex; i++)
		if (a->ex[i].kind != b->ex[i].kind ||
		    !same_nodes(&a->ex[i], b->ex[i].node, b->ex[i].len))
			return 0;
	return 1;
}

/* The same graph with its arcs in another order (and duplicated) gives
 * the same exchanges in the same order. */
static void
test_deterministic(void)
{
	struct troc_graph g, h;
	struct troc_kep_result r1, r2;
	size_t i, j;

	if (load(&g, "MD-00001-00000127") != 0) {
		CHECK(0);
		return;
	}
	troc_graph_init(&h);
	for (i = 0; i < g.n; i++)
		troc_graph_add_node(&h, g.vacancy[i], NULL);
	for (i = 0; i < g.m; i++) {
		j = g.m - 1 - i;
		troc_graph_add_arc(&h, g.from[j], g.to[j], g.w[j], NULL);
		if (i % 7 == 0)
			troc_graph_add_arc(&h, g.from[j], g.to[j],
			    g.w[j] / 2, NULL);
	}
	solve(&g, 3, 3, TROC_KEP_AUTO, &r1);
	solve(&h, 3, 3, TROC_KEP_AUTO, &r2);
	CHECK(same_result(&r1, &r2));
	troc_kep_result_release(&r2);
	solve(&g, 3, 3, TROC_KEP_AUTO, &r2);
	CHECK(same_result(&r1, &r2));
	troc_kep_result_release(&r1);
	troc_kep_result_release(&r2);
	troc_graph_release(&g);
	troc_graph_release(&h);
}

/* n nodes, one in 20 a vacancy, each giving to six nodes nearby (by
 * number), as homes go to households of the same area. */
static void
local_graph(struct troc_graph *g, int n)
{
	unsigned seed = 4242;
	int u, j, v, w;

	troc_graph_init(g);
	for (u = 0; u < n; u++)
		troc_graph_add_node(g, u % 20 == 0, NULL);
	for (u = 0; u < n; u++)
		for (j = 0; j < 6; j++) {
			v = (u + n - 100 + (int)(RND() % 201)) % n;
			w = RND() % 4 == 0 ? 105 : 100;
			troc_graph_add_arc(g, (uint32_t)u, (uint32_t)v, w,
			    NULL);
		}
}

/* The Lagrangian method on a graph large enough for its restricted
 * problem to be cut into pieces (kep_fix.c): a feasible solution under
 * the bound, close to it, the same twice. */
static void
test_lagr_large(void)
{
	struct troc_graph g;
	struct troc_kep_result r1, r2;
	int n = small ? 2000 : 5000;	/* 1,000: the steps alone prove
					 * the optimum, nothing is left to
					 * the pieces and the search */

	local_graph(&g, n);
	solve(&g, 3, 3, TROC_KEP_LAGR, &r1);
	solve(&g, 3, 3, TROC_KEP_LAGR, &r2);
	CHECK(same_result(&r1, &r2));
	CHECK(r1.objective <= r1.bound);
	fprintf(stderr, "  lagrangian, %d nodes: %.0f, bound %.0f, local "
	    "search %zu moves, +%.0f\n", n, r1.objective, r1.bound,
	    r1.stats.search_moves, r1.stats.search_gain);
	/* a regression guard on how far the subgradient steps go: on 5,000
	 * nodes 289,465 under 289,574 (0.038%) since the step size is
	 * halved after 100 steps without progress (without a time limit,
	 * on a graph this small: stall_for in kep_lagr.c); under 289,731
	 * (0.092%) with 20, 289,806 (0.118%) with 5 */
	CHECK(r1.objective >= (small ? 0.995 : 0.9995) * r1.bound);
	/* the local search ran after the pieces (what it gains is
	 * test_kep_ls's) */
	CHECK(r1.stats.search_moves > 0);
	troc_kep_result_release(&r1);
	troc_kep_result_release(&r2);
	troc_graph_release(&g);
}

/* The Lagrangian method on swaps alone (K = 2), forced, against the
 * matching's proven optimum: a check of its answer that does not go
 * through its bound. n nodes, each giving to six nodes nearby, half of
 * them giving back: the bound stays above the optimum there (on 4,000
 * nodes 429,227 against 429,135), so it cannot prove it, yet the answer
 * comes within 0.01% of it (429,130). */
static void
test_lagr_swaps(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	unsigned seed = 515;
	int n = small ? 2000 : 4000, u, j, v;
	double w, opt, z;

	troc_graph_init(&g);
	for (u = 0; u < n; u++)
		troc_graph_add_node(&g, 0, NULL);
	for (u = 0; u < n; u++)
		for (j = 0; j < 6; j++) {
			v = (u + n - 100 + (int)(RND() % 201)) % n;
			if (v == u)
				continue;
			w = 100 + 5 * (double)(RND() % 3);
			troc_graph_add_arc(&g, (uint32_t)u, (uint32_t)v, w,
			    NULL);
			if (RND() % 2 == 0)
				troc_graph_add_arc(&g, (uint32_t)v,
				    (uint32_t)u, 100 + 5 * (double)(RND() % 3),
				    NULL);
		}
	opt = solve(&g, 2, 0, TROC_KEP_AUTO, &r);
	CHECK(r.proven);
	troc_kep_result_release(&r);
	z = solve(&g, 2, 0, TROC_KEP_LAGR, &r);
	fprintf(stderr, "  lagrangian on swaps, %d nodes: %.0f, bound %.0f, "
	    "optimum %.0f\n", n, z, r.bound, opt);
	CHECK(z <= opt + 1e-9);
	CHECK(r.bound >= opt - 1e-9);
	CHECK(z >= 0.9999 * opt);
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* Triangle cuts (kep_lagr.c): a 3-way cycle a -> c -> x -> a and swaps
 * a-d and c-d, every arc 105. The LP takes the cycle and both swaps at
 * 1/2 (367.5); any two of them meet, so the optimum is 315 (the cycle,
 * or a -> c -> d -> a). The cut "at most one cycle through two or more
 * of a, c, d" closes the gap: the Lagrangian method proves 315. */
static void
test_lagr_cuts(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	static const int arcs[][2] = {
		{ 0, 1 }, { 1, 3 }, { 3, 0 },	/* a -> c -> x -> a */
		{ 0, 2 }, { 2, 0 }, { 1, 2 }, { 2, 1 },	/* a-d, c-d */
	};
	size_t i;
	double z;

	troc_graph_init(&g);
	for (i = 0; i < 4; i++)
		troc_graph_add_node(&g, 0, NULL);
	for (i = 0; i < sizeof(arcs) / sizeof(arcs[0]); i++)
		troc_graph_add_arc(&g, (uint32_t)arcs[i][0],
		    (uint32_t)arcs[i][1], 105, NULL);
	z = solve(&g, 3, 0, TROC_KEP_MIP, &r);
	CHECK_NEAR(z, 315, 1e-9);
	CHECK(r.proven);
	troc_kep_result_release(&r);
	z = solve(&g, 3, 0, TROC_KEP_LAGR, &r);
	CHECK_NEAR(z, 315, 1e-9);
	/* without the cut the bound cannot go below the LP's 367.5 */
	CHECK(r.bound < 367.5 - 1);
	CHECK(r.bound >= 315 - 1e-9);
	CHECK(r.proven);
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* n nodes (n even), even and odd, one in 21 a vacancy, each giving to
 * about d of the w nodes of the other kind among its 2w nearest (each
 * with odds d / w): dense enough (d > 100) for the steps to go without
 * triangle cuts, as at Ile-de-France scale, with swaps and chains but no
 * 3-way cycle (the many of a dense graph take long). */
static void
bipartite_graph(struct troc_graph *g, int n, int d, int w)
{
	unsigned seed = 777;
	int u, o;

	troc_graph_init(g);
	for (u = 0; u < n; u++)
		troc_graph_add_node(g, u % 21 == 0, NULL);
	for (u = 0; u < n; u++)
		for (o = 1 - w; o <= w; o += 2)
			if ((int)(RND() % (unsigned)w) < d)
				troc_graph_add_arc(g, (uint32_t)u,
				    (uint32_t)((u + n + o) % n),
				    100 + (double)(RND() % 100), NULL);
}

/* Partial pricing in the Lagrangian steps (kep_lagr.c), forced on a
 * graph below its size: most steps priced the candidates only, on one
 * thread or two alike, and they prove the optimum that whole evaluations
 * prove (a proof whose bound fell below the optimum would come with a
 * lesser answer). Keeping only each household's best column, or half of
 * its candidate arcs, leaves a gap (bound 55,133 or 55,152 against
 * 55,132). */
static void
test_lagr_partial(void)
{
	struct troc_graph g;
	struct troc_kep_result r[3];
	struct troc_kep_opts o;
	struct troc_err e;
	int n = 300, i;

	bipartite_graph(&g, n, 105, 120);
	for (i = 0; i < 3; i++) {
		troc_kep_opts_init(&o);
		o.method = TROC_KEP_LAGR;
		o.pp_columns = i > 0 ? 1 : 0;
		o.threads = i == 2 ? 1 : 2;
		CHECK(troc_kep_solve(&g, &o, &r[i], &e) == 0);
		CHECK_INT(feasible(&g, 3, 3, &r[i]), 0);
		CHECK(r[i].objective <= r[i].bound);
	}
	fprintf(stderr, "  partial pricing, %d nodes: %zu steps, %zu partial: "
	    "%.0f, bound %.1f%s; whole: %zu steps, %.0f, bound %.1f%s\n", n,
	    r[1].stats.steps, r[1].stats.partial_steps, r[1].objective,
	    r[1].bound, r[1].proven ? " (proven)" : "", r[0].stats.steps,
	    r[0].objective, r[0].bound, r[0].proven ? " (proven)" : "");
	CHECK(r[0].stats.steps > 0 && r[0].stats.partial_steps == 0);
	CHECK(r[1].stats.partial_steps > r[1].stats.steps / 2);
	CHECK(same_result(&r[1], &r[2]));
	CHECK(r[0].proven);
	CHECK(r[1].proven);
	CHECK(r[1].objective >= r[0].objective - 1e-6);
	for (i = 0; i < 3; i++)
		troc_kep_result_release(&r[i]);
	troc_graph_release(&g);
}

/* The Lagrangian method on one thread and on two: the steps' counts on
 * two threads and, on a graph whose restricted problem has enough
 * pieces, some of them in a second process (kep_fix.c, which takes them
 * as the processes' timing allows) give the same answer. */
static void
test_lagr_procs(void)
{
	struct troc_graph g;
	struct troc_kep_result r1, r2;
	int n = small ? 2000 : 12000;

	local_graph(&g, n);
	solve_on(&g, 3, 3, TROC_KEP_LAGR, 1, &r1);
	solve_on(&g, 3, 3, TROC_KEP_LAGR, 2, &r2);
	CHECK(same_result(&r1, &r2));
	CHECK(r1.objective <= r1.bound);
	CHECK(r1.stats.mip_solves == r2.stats.mip_solves);
	CHECK(r1.stats.lp_rounds == r2.stats.lp_rounds);
	fprintf(stderr, "  lagrangian, %d nodes, 1 and 2 processors: %.0f, "
	    "bound %.0f, %zu and %zu CBC runs\n", n, r1.objective, r1.bound,
	    r1.stats.mip_solves, r2.stats.mip_solves);
	troc_kep_result_release(&r1);
	troc_kep_result_release(&r2);
	troc_graph_release(&g);
}

/* What a progress meter is told, checked as it comes. */
struct seen {
	int events, faults, cycles, bounds, pieces, searches, chains;
	int pbounds, ppieces, psearches, pchains;	/* of the current part */
	size_t parts, part, step;
	double seconds, bound, best;
};

static void
on_progress(void *arg, const struct troc_kep_progress *p)
{
	struct seen *s = arg;
	int ok = p->seconds >= s->seconds;

	s->seconds = p->seconds;
	if (s->events++ == 0) {
		/* first, the cycles, before any part */
		ok = ok && strcmp(p->what, "cycles") == 0 && p->parts == 0;
		s->cycles++;
	} else if (strcmp(p->what, "part") == 0) {
		ok = ok && p->part == s->part + 1 && p->part <= p->parts &&
		    p->nodes > 0 && p->best == -1 && p->bound == -1;
		s->parts = p->parts;
		s->part = p->part;
		s->step = 0;
		s->pbounds = s->ppieces = s->psearches = s->pchains = 0;
		s->bound = HUGE_VAL;
		s->best = -1;
	} else if (strcmp(p->what, "bound") == 0) {
		/* steps go on, the bound never rises, the best answer is
		 * under it */
		ok = ok && p->part == s->part && s->ppieces == 0 &&
		    (s->pbounds == 0 || p->step > s->step) &&
		    p->bound <= s->bound + 1e-9 && p->best >= 0 &&
		    p->best <= p->bound + 1e-9;
		s->bounds++;
		s->pbounds++;
		s->step = p->step;
		s->bound = p->bound;
	} else if (strcmp(p->what, "pieces") == 0) {
		/* after the steps, pieces counted from 1, the answer never
		 * worse */
		ok = ok && p->part == s->part && s->pbounds > 0 &&
		    s->psearches == 0 &&
		    p->step == (s->ppieces == 0 ? 1 : s->step + 1) &&
		    p->bound == -1 && p->best >= s->best - 1e-9;
		s->pieces++;
		s->ppieces++;
		s->step = p->step;
		s->best = p->best;
	} else if (strcmp(p->what, "search") == 0) {
		/* after the pieces, moves counted from 0, the answer never
		 * worse */
		ok = ok && p->part == s->part && s->ppieces > 0 &&
		    s->pchains == 0 &&
		    (s->psearches == 0 ? p->step == 0 : p->step > s->step) &&
		    p->bound == -1 && p->best >= s->best - 1e-9;
		s->searches++;
		s->psearches++;
		s->step = p->step;
		s->best = p->best;
	} else if (strcmp(p->what, "chains") == 0) {
		/* the chains solved again after the search, steps counted
		 * from 1, the answer never worse */
		ok = ok && p->part == s->part && s->psearches > 0 &&
		    p->step == (s->pchains == 0 ? 1 : s->step + 1) &&
		    p->bound == -1 && p->best >= s->best - 1e-9;
		s->chains++;
		s->pchains++;
		s->step = p->step;
		s->best = p->best;
	} else {
		ok = 0;
	}
	if (!ok) {
		fprintf(stderr, "  progress: unexpected %s, part %zu of %zu, "
		    "step %zu, best %g, bound %g, %g s\n", p->what, p->part,
		    p->parts, p->step, p->best, p->bound, p->seconds);
		s->faults++;
	}
}

/* The progress meter sees every part, the Lagrangian steps, the pieces,
 * the local search and the chains solved again, in order; with none set,
 * nothing changes. */
static void
test_progress(void)
{
	struct troc_graph g;
	struct troc_kep_result r, r0;
	struct troc_kep_opts o;
	struct troc_err e;
	struct seen s;

	/* (on 1,000 nodes the steps alone now prove the optimum: no
	 * pieces, no search) */
	local_graph(&g, 2000);
	/* and a swap apart: a second part */
	troc_graph_add_node(&g, 0, NULL);
	troc_graph_add_node(&g, 0, NULL);
	troc_graph_add_arc(&g, 2000, 2001, 100, NULL);
	troc_graph_add_arc(&g, 2001, 2000, 100, NULL);
	memset(&s, 0, sizeof(s));
	troc_kep_opts_init(&o);
	o.method = TROC_KEP_LAGR;
	o.progress = on_progress;
	o.progress_arg = &s;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), 0);
	CHECK_INT(s.faults, 0);
	CHECK_INT(s.cycles, 1);
	CHECK(s.parts == r.stats.components && s.part == s.parts &&
	    s.parts >= 2);
	CHECK(s.bounds > 0 && s.pieces > 0 && s.searches > 0 && s.chains > 0);
	CHECK(s.best <= r.objective + 1e-9);
	fprintf(stderr, "  progress: %d events, %zu parts, %d bound, %d "
	    "pieces, %d search, %d chains\n", s.events, s.parts, s.bounds,
	    s.pieces, s.searches, s.chains);
	solve(&g, 3, 3, TROC_KEP_LAGR, &r0);
	CHECK(same_result(&r, &r0));
	troc_kep_result_release(&r);
	troc_kep_result_release(&r0);
	troc_graph_release(&g);
}

/* A time limit too short to finish: still a feasible answer, a bound. */
static void
test_time_limit(void)
{
	struct troc_graph g;
	struct troc_kep_result r;
	struct troc_kep_opts o;
	struct troc_err e;

	if (load(&g, "heterogeneous_128_19_1") != 0) {
		CHECK(0);
		return;
	}
	troc_kep_opts_init(&o);
	o.k = 4;
	o.l = 6;
	o.time_limit = 1e-4;
	CHECK_INT(troc_kep_solve(&g, &o, &r, &e), 0);
	CHECK_INT(feasible(&g, 4, 6, &r), 0);
	CHECK(r.bound >= 102 - 1e-9);	/* the optimum is 102 */
	CHECK(r.objective <= 102 + 1e-9);
	CHECK(r.proven == (r.objective == r.bound));
	troc_kep_result_release(&r);
	troc_graph_release(&g);
}

/* Nothing may reach standard output or error (CBC and Clp print by
 * default, and some of their printf()s ignore the log level): run the
 * big cases, with CBC alone too, with both sent to a file. */
static void
test_silent(void)
{
	char path[] = "/tmp/test_kep.XXXXXX";
	int fd, out, err, i;
	struct troc_graph g;
	struct troc_kep_result r;
	struct troc_kep_opts o;
	struct troc_err e;
	static const int kl[][3] = { { 3, 0, 0 }, { 4, 0, 0 }, { 4, 4, 0 },
	    { 3, 6, 0 }, { 2, 6, 0 }, { 0, 3, 0 }, { 3, 0, 1 }, { 3, 3, 1 } };
	off_t size;

	if (load(&g, small ? "sparse_128_19_1" :
	    "heterogeneous_128_19_1") != 0) {
		CHECK(0);
		return;
	}
	fflush(stdout);
	fflush(stderr);
	fd = mkstemp(path);
	out = dup(1);
	err = dup(2);
	if (fd < 0 || out < 0 || err < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
		CHECK(0);
		return;
	}
	troc_kep_opts_init(&o);
	for (i = 0; i < 8; i++) {
		o.k = kl[i][0];
		o.l = kl[i][1];
		o.method = kl[i][2];
		if (troc_kep_solve(&g, &o, &r, &e) == 0)
			troc_kep_result_release(&r);
	}
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	CHECK_INT(size, 0);
	troc_graph_release(&g);
}

int
main(void)
{
	const char *s = getenv("TROC_TEST_SMALL");

	small = s != NULL && *s != '\0' && strcmp(s, "0") != 0;
	test_input();
	test_three_cycle();
	test_chain_beats_cycles();
	test_unbounded();
	test_random();
	test_matching();
	test_bench();
	test_deterministic();
	test_lagr_large();
	test_lagr_swaps();
	test_lagr_procs();
	test_lagr_cuts();
	test_lagr_partial();
	test_progress();
	test_time_limit();
	test_silent();
	return test_done("kep");
}
