/* test_ttc.c: TTC / YRMH-IGYT against the vectors, a naive TTC and the
 * outcome's properties, and the market built from an exchange graph. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "troc/csvout.h"
#include "troc/proposals.h"
#include "troc/ttc.h"
#include "test.h"

#define VECTORS "tests/data/ttc/vectors.txt"
#define NOPE LONG_MAX		/* rank of an unacceptable house */

/* --- properties of an outcome, checked without the solver's logic --- */

/* Where agent a ranks house h: its place in the list, which stops at its
 * own house (unlisted: after the list); NOPE when unacceptable. */
static long
rank_of(const struct troc_ttc_market *m, size_t a, long h)
{
	size_t k, n = m->start[a + 1] - m->start[a];
	const long *p = m->pref + m->start[a];
	long own = m->tenant_of[a];

	if (h < 0)
		return NOPE;
	for (k = 0; k < n; k++) {
		if (p[k] == h)
			return (long)k;
		if (p[k] == own)
			return NOPE;
	}
	return h == own ? (long)n : NOPE;
}

/* Each house at most once, only to someone who accepts it; a tenant never
 * worse than at home. Returns the number of faults. */
static int
feasible(const struct troc_ttc_market *m, const long *as, char *used)
{
	size_t a;
	int bad = 0;

	memset(used, 0, m->nhouses);
	for (a = 0; a < m->nagents; a++) {
		long h = as[a], own = m->tenant_of[a];

		if (h < -1 || h >= (long)m->nhouses)
			return bad + 1;
		if (h >= 0 && used[h]++)
			bad++;
		if (h >= 0 && rank_of(m, a, h) == NOPE)
			bad++;
		if (own >= 0 && rank_of(m, a, h) > rank_of(m, a, own))
			bad++;
	}
	return bad;
}

/* Two consequences of Pareto efficiency: no agent prefers a house
 * nobody got, no two agents gain by swapping. Returns faults. */
static int
efficient(const struct troc_ttc_market *m, const long *as, const char *used)
{
	size_t a, b;
	long h;
	int bad = 0;

	for (a = 0; a < m->nagents; a++) {
		for (h = 0; h < (long)m->nhouses; h++)
			if (!used[h] && rank_of(m, a, h) < rank_of(m, a, as[a]))
				bad++;
		for (b = a + 1; b < m->nagents; b++)
			if (as[a] >= 0 && as[b] >= 0 &&
			    rank_of(m, a, as[b]) < rank_of(m, a, as[a]) &&
			    rank_of(m, b, as[a]) < rank_of(m, b, as[b]))
				bad++;
	}
	return bad;
}

static void
check_properties(const struct troc_ttc_market *m, const long *as,
    const char *name)
{
	char *used = calloc(m->nhouses + 1, 1);
	int f, e;

	f = feasible(m, as, used);
	e = f ? 0 : efficient(m, as, used);
	if (f || e)
		fprintf(stderr, "%s: %d feasibility and %d efficiency faults\n",
		    name, f, e);
	CHECK(f == 0);
	CHECK(e == 0);
	free(used);
}

/* --- a naive TTC: recompute the whole graph, trade one cycle, again --- */

struct naive {
	const struct troc_ttc_market *m;
	char *gone, *taken;
	long *owner, *next, *want;
};

/* The agent house h points to: its tenant while there, else the first
 * agent of the serial order still there. */
static long
naive_target(const struct naive *s, long h)
{
	const struct troc_ttc_market *m = s->m;
	size_t i;
	long a;

	if (s->owner[h] >= 0 && !s->gone[s->owner[h]])
		return s->owner[h];
	for (i = 0; i < m->nagents; i++) {
		a = m->priority ? m->priority[i] : (long)i;
		if (!s->gone[a])
			return a;
	}
	return -1;
}

/* Every agent points to its best house left; newcomers with none leave.
 * Returns an agent still there, or -1. */
static long
naive_point(struct naive *s, long *as)
{
	const struct troc_ttc_market *m = s->m;
	size_t a, k;
	long any = -1;

	for (a = 0; a < m->nagents; a++) {
		if (s->gone[a])
			continue;
		s->want[a] = m->tenant_of[a];
		for (k = m->start[a]; k < m->start[a + 1]; k++)
			if (!s->taken[m->pref[k]]) {
				s->want[a] = m->pref[k];
				break;
			}
		if (s->want[a] < 0) {
			s->gone[a] = 1;
			as[a] = -1;
		} else
			any = (long)a;
	}
	return any;
}

static void
naive_ttc(const struct troc_ttc_market *m, long *as)
{
	struct naive s = { m, calloc(m->nagents + 1, 1),
	    calloc(m->nhouses + 1, 1), malloc((m->nhouses + 1) * sizeof(long)),
	    malloc((m->nagents + 1) * sizeof(long)),
	    malloc((m->nagents + 1) * sizeof(long)) };
	size_t a, i;
	long x, y;

	for (i = 0; i < m->nhouses; i++)
		s.owner[i] = -1;
	for (a = 0; a < m->nagents; a++)
		if (m->tenant_of[a] >= 0)
			s.owner[m->tenant_of[a]] = (long)a;
	while ((x = naive_point(&s, as)) >= 0) {
		for (a = 0; a < m->nagents; a++)
			if (!s.gone[a])
				s.next[a] = naive_target(&s, s.want[a]);
		for (i = 0; i < m->nagents; i++)	/* onto the cycle */
			x = s.next[x];
		y = x;
		do {
			as[y] = s.want[y];
			s.taken[s.want[y]] = 1;
			s.gone[y] = 1;
			y = s.next[y];
		} while (y != x);
	}
	free(s.gone);
	free(s.taken);
	free(s.owner);
	free(s.next);
	free(s.want);
}

/* Solve m, compare with want (if not NULL) and with the naive TTC,
 * check the properties. */
static void
check_market(const struct troc_ttc_market *m, const long *want,
    const char *name)
{
	long *as = malloc((m->nagents + 1) * sizeof(long));
	long *nv = malloc((m->nagents + 1) * sizeof(long));
	size_t a;
	int st, diff = 0, ndiff = 0;

	st = troc_ttc_solve(m, as);
	CHECK_INT(st, 0);
	if (st == 0) {
		naive_ttc(m, nv);
		for (a = 0; a < m->nagents; a++) {
			diff += want && as[a] != want[a];
			ndiff += as[a] != nv[a];
		}
		if (diff || ndiff)
			fprintf(stderr, "%s: %d differ from expected, %d from "
			    "naive\n", name, diff, ndiff);
		CHECK(diff == 0);
		CHECK(ndiff == 0);
		check_properties(m, as, name);
	}
	free(as);
	free(nv);
}

/* --- the vectors file --- */

struct vec {
	char name[128];
	struct troc_ttc_market m;
	long *expect;
	size_t npref, cap;
	size_t next;		/* the agent whose pref line comes next */
};

static int
vec_size(struct vec *v, char *rest)
{
	char *e;
	size_t na = strtoul(rest, &e, 10), nh = strtoul(e, &e, 10);

	troc_ttc_market_init(&v->m);
	v->m.nagents = na;
	v->m.nhouses = nh;
	v->m.start = calloc(na + 1, sizeof(size_t));
	v->m.tenant_of = malloc((na + 1) * sizeof(long));
	v->m.priority = malloc((na + 1) * sizeof(long));
	v->expect = malloc((na + 1) * sizeof(long));
	v->npref = v->cap = v->next = 0;
	for (na = 0; na < v->m.nagents; na++)
		if (v->m.tenant_of && v->expect)
			v->m.tenant_of[na] = v->expect[na] = -2;
	return !v->m.start || !v->m.tenant_of || !v->m.priority || !v->expect;
}

/* Parse the numbers of s into out (up to max); returns how many. */
static size_t
numbers(const char *s, long *out, size_t max)
{
	size_t n = 0;
	char *e;
	long x;

	for (;;) {
		x = strtol(s, &e, 10);
		if (e == s || n == max)
			return n;
		out[n++] = x;
		s = e;
	}
}

static int
vec_pref(struct vec *v, const char *rest)
{
	long buf[4096];
	size_t n = numbers(rest, buf, 4096), i;
	long *p;

	if (n < 1 || buf[0] < 0 || (size_t)buf[0] != v->next++ ||
	    v->next > v->m.nagents)
		return 1;
	if (v->npref + n > v->cap) {
		v->cap = 2 * (v->npref + n);
		if (!(p = realloc(v->m.pref, v->cap * sizeof(long))))
			return 1;
		v->m.pref = p;
	}
	for (i = 1; i < n; i++)
		v->m.pref[v->npref++] = buf[i];
	v->m.start[buf[0] + 1] = v->npref;
	return 0;
}

/* "tenant A H" or "expect A H" into arr. */
static int
vec_pair(struct vec *v, long *arr, const char *rest)
{
	long x[2];

	if (numbers(rest, x, 2) != 2 || x[0] < 0 ||
	    (size_t)x[0] >= v->m.nagents)
		return 1;
	arr[x[0]] = x[1];
	return 0;
}

static int seen_as99, seen_ss, seen_tail, nvectors;

/* Every line of the vector was there: pref, tenant and expect. */
static int
vec_complete(const struct vec *v)
{
	size_t a;

	for (a = 0; a < v->m.nagents; a++)
		if (v->m.tenant_of[a] == -2 || v->expect[a] == -2)
			return 0;
	return v->next == v->m.nagents;
}

static void
vec_end(struct vec *v)
{
	CHECK(vec_complete(v));
	if (vec_complete(v))
		check_market(&v->m, v->expect, v->name);
	seen_as99 += strcmp(v->name, "as99_section5_1") == 0;
	seen_ss += strcmp(v->name, "shapley_scarf_ex") == 0;
	seen_tail += strcmp(v->name, "tail_trap") == 0;
	nvectors++;
	troc_ttc_market_release(&v->m);
	free(v->expect);
	v->expect = NULL;
}

/* One line of the vectors file; returns nonzero when malformed. */
static int
vec_line(struct vec *v, char *line)
{
	char *rest = strchr(line, ' ');

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (strcmp(line, "end") == 0) {
		vec_end(v);
		return 0;
	}
	if (rest == NULL)
		return 1;
	*rest++ = '\0';
	if (strcmp(line, "vector") == 0)
		return snprintf(v->name, sizeof(v->name), "%s", rest) < 0;
	if (strcmp(line, "size") == 0)
		return vec_size(v, rest);
	if (strcmp(line, "pref") == 0)
		return vec_pref(v, rest);
	if (strcmp(line, "tenant") == 0)
		return vec_pair(v, v->m.tenant_of, rest);
	if (strcmp(line, "expect") == 0)
		return vec_pair(v, v->expect, rest);
	if (strcmp(line, "priority") == 0)
		return numbers(rest, v->m.priority, v->m.nagents) !=
		    v->m.nagents;
	return 1;
}

static void
test_vectors(const char *path)
{
	FILE *f = fopen(path, "r");
	struct vec v;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;

	memset(&v, 0, sizeof(v));
	if (f == NULL) {
		fprintf(stderr, "test_ttc: %s: cannot open\n", path);
		CHECK(f != NULL);
		return;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (vec_line(&v, line) != 0) {
			fprintf(stderr, "%s:%lu: malformed\n", path, lineno);
			CHECK(0);
			break;
		}
	}
	if (v.expect) {		/* a vector without its "end" */
		troc_ttc_market_release(&v.m);
		free(v.expect);
	}
	free(line);
	fclose(f);
	CHECK_INT(nvectors, 25);
	CHECK_INT(seen_as99, 1);
	CHECK_INT(seen_ss, 1);
	CHECK_INT(seen_tail, 1);
}

/* --- small markets written out here --- */

/* Build a market over static arrays (not released: not malloc'd). */
static struct troc_ttc_market
market(size_t na, size_t nh, size_t *start, long *pref, long *tenant,
    long *prio)
{
	struct troc_ttc_market m = { na, nh, start, pref, tenant, prio };

	return m;
}

/*
 * A pure housing market, by hand. Round 1: a0 -> h1 -> a1 -> h2 -> a2 ->
 * h0 -> a0 trades; a3 -> h0 (gone), so a3 -> h4 -> a4 -> h3 -> a3 swaps.
 */
static void
test_shapley_scarf(void)
{
	size_t start[] = { 0, 2, 5, 8, 11, 13 };
	long pref[] = { 1, 0, 2, 0, 1, 0, 1, 2, 0, 4, 3, 3, 4 };
	long tenant[] = { 0, 1, 2, 3, 4 };
	long want[] = { 1, 2, 0, 4, 3 };
	struct troc_ttc_market m = market(5, 5, start, pref, tenant, NULL);

	check_market(&m, want, "hand_shapley_scarf");
}

/*
 * Where a tenant lists its own house counts: a0 lists h1, h0, h2; h1 goes
 * to a1 (its top), so a0 keeps h0 though the vacant h2 is free. a2, a
 * newcomer, lists only h0 (kept by a0): it gets nothing. a3 lists
 * nothing: nothing. The free h2 then stays free.
 */
static void
test_own_house_place(void)
{
	size_t start[] = { 0, 3, 4, 5, 5 };
	long pref[] = { 1, 0, 2, 1, 0 };
	long tenant[] = { 0, 1, -1, -1 };
	long prio[] = { 3, 2, 1, 0 };
	long want[] = { 0, 1, -1, -1 };
	struct troc_ttc_market m = market(4, 3, start, pref, tenant, prio);

	check_market(&m, want, "own_house_place");
}

/*
 * A long path a0 -> h1 -> a1 -> ... -> a(n-1) whose end swaps with the
 * one before: a big tail_trap. Only the swap trades; the rest of the
 * path stays and every other agent keeps its house. Linear time: a
 * quadratic walk would show at this size.
 */
static void
test_long_path(void)
{
	size_t n = 200000, a;
	struct troc_ttc_market m;
	long *as = malloc(n * sizeof(long));
	int bad = 0;

	troc_ttc_market_init(&m);
	m.nagents = m.nhouses = n;
	m.start = malloc((n + 1) * sizeof(size_t));
	m.pref = malloc(n * sizeof(long));
	m.tenant_of = malloc(n * sizeof(long));
	for (a = 0; a < n; a++) {
		m.start[a] = a;
		m.pref[a] = a + 1 < n ? (long)a + 1 : (long)n - 2;
		m.tenant_of[a] = (long)a;
	}
	m.start[n] = n;
	CHECK_INT(troc_ttc_solve(&m, as), 0);
	for (a = 0; a + 2 < n; a++)
		bad += as[a] != (long)a;
	CHECK_INT(bad, 0);
	CHECK_INT(as[n - 2], n - 1);
	CHECK_INT(as[n - 1], n - 2);
	troc_ttc_market_release(&m);
	free(as);
}

static void
test_solve_errors(void)
{
	size_t start[] = { 0, 1, 2 }, bad_start[] = { 0, 2, 1 };
	long pref[] = { 1, 0 }, out_pref[] = { 1, 2 };
	long tenant[] = { 0, 1 }, shared[] = { 1, 1 }, far[] = { 0, 5 };
	long dup[] = { 1, 1 }, neg[] = { 0, -1 };
	long as[2];
	struct troc_ttc_market m = market(2, 2, start, pref, tenant, NULL);

	CHECK_INT(troc_ttc_solve(&m, as), 0);
	CHECK_INT(as[0], 1);
	CHECK_INT(as[1], 0);
	m.start = bad_start;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_ELIST);
	m.start = start;
	m.pref = out_pref;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_ELIST);
	m.pref = pref;
	m.tenant_of = shared;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_ETENANT);
	m.tenant_of = far;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_ETENANT);
	m.tenant_of = tenant;
	m.priority = dup;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_EPRIORITY);
	m.priority = neg;
	CHECK_INT(troc_ttc_solve(&m, as), TROC_TTC_EPRIORITY);
	troc_ttc_market_init(&m);
	CHECK_INT(troc_ttc_solve(&m, as), 0);	/* empty market */
	CHECK_STR(troc_ttc_strerror(TROC_TTC_EPRIORITY),
	    "priority order is not a permutation of the agents");
	CHECK_STR(troc_ttc_strerror(42), "unknown status");
}

/* --- random markets against the naive TTC --- */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static size_t
rnd(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (size_t)(rng % n) : 0;
}

/* A random permutation of 0..n-1 into p. */
static void
shuffle(long *p, size_t n)
{
	size_t i, j;
	long t;

	for (i = 0; i < n; i++)
		p[i] = (long)i;
	for (i = n; i > 1; i--) {
		j = rnd(i);
		t = p[i - 1];
		p[i - 1] = p[j];
		p[j] = t;
	}
}

/* Agents list a random prefix of a random order of the houses. */
static void
random_lists(struct troc_ttc_market *m, long *perm)
{
	size_t a, k, len;

	m->start[0] = 0;
	for (a = 0; a < m->nagents; a++) {
		shuffle(perm, m->nhouses);
		len = rnd(m->nhouses + 1);
		for (k = 0; k < len; k++)
			m->pref[m->start[a] + k] = perm[k];
		m->start[a + 1] = m->start[a] + len;
	}
}

static void
random_market(struct troc_ttc_market *m)
{
	size_t na = 1 + rnd(24), nh = rnd(30), a;
	long *perm = malloc((na + nh + 1) * sizeof(long));

	troc_ttc_market_init(m);
	m->nagents = na;
	m->nhouses = nh;
	m->start = malloc((na + 1) * sizeof(size_t));
	m->pref = malloc((na * nh + 1) * sizeof(long));
	m->tenant_of = malloc(na * sizeof(long));
	shuffle(perm, nh);	/* tenants: the first agents, random houses */
	for (a = 0; a < na; a++)
		m->tenant_of[a] = a < nh && rnd(4) ? perm[a] : -1;
	random_lists(m, perm);
	if (rnd(2)) {
		m->priority = malloc(na * sizeof(long));
		shuffle(m->priority, na);
	}
	free(perm);
}

static void
test_random(void)
{
	struct troc_ttc_market m;
	int i;

	for (i = 0; i < 3000; i++) {
		random_market(&m);
		check_market(&m, NULL, "random");
		troc_ttc_market_release(&m);
	}
}

/* --- the market of an exchange graph --- */

/* Agent a's list in m equals want (n houses). */
static int
list_is(const struct troc_ttc_market *m, size_t a, const long *want,
    size_t n)
{
	size_t k;

	if (m->start[a + 1] - m->start[a] != n)
		return 0;
	for (k = 0; k < n; k++)
		if (m->pref[m->start[a] + k] != want[k])
			return 0;
	return 1;
}

/*
 * Nodes: 0 "h-b", 1 "h-a", 2 "v" (vacancy), 3 "h-c", 4 "9", 5 "10".
 * Into 0: from 2 (7), 1 (5), 3 (5, and again at 1), itself (9, ignored).
 * Into 1: from 5 and 4 at 3 ("10" < "9" in bytes). Into 2: ignored.
 */
static void
test_build(void)
{
	const char *id[] = { "h-b", "h-a", "v", "h-c", "9", "10" };
	unsigned char vac[] = { 0, 0, 1, 0, 0, 0 };
	long from[] = { 3, 1, 2, 0, 3, 5, 4, 0 };
	long to[] = { 0, 0, 0, 0, 0, 1, 1, 2 };
	double w[] = { 1, 5, 7, 9, 5, 3, 3, 8 };
	long l0[] = { 2, 1, 3, 0 }, l1[] = { 5, 4, 1 }, l1n[] = { 4, 5, 1 };
	long l3[] = { 3 };
	struct troc_ttc_market m;

	CHECK_INT(troc_ttc_market_build(&m, 6, vac, 8, from, to, w, id), 0);
	CHECK_INT(m.nagents, 6);
	CHECK_INT(m.nhouses, 6);
	CHECK(m.priority == NULL);
	CHECK(list_is(&m, 0, l0, 4));
	CHECK(list_is(&m, 1, l1, 3));
	CHECK(list_is(&m, 2, NULL, 0));
	CHECK(list_is(&m, 3, l3, 1));
	CHECK_INT(m.tenant_of[0], 0);
	CHECK_INT(m.tenant_of[2], -1);
	troc_ttc_market_release(&m);
	CHECK(m.start == NULL && m.nagents == 0);
	/* without ids: node number */
	CHECK_INT(troc_ttc_market_build(&m, 6, vac, 8, from, to, w, NULL), 0);
	CHECK(list_is(&m, 1, l1n, 3));
	troc_ttc_market_release(&m);
}

static void
test_build_errors(void)
{
	long from[] = { 0, 1 }, to[] = { 1, 2 }, ok_to[] = { 1, 0 };
	double w[] = { 1, NAN }, neg[] = { 1, -1 };
	struct troc_ttc_market m;

	CHECK_INT(troc_ttc_market_build(&m, 2, NULL, 2, from, to, NULL, NULL),
	    TROC_TTC_EARC);
	CHECK(m.start == NULL && m.pref == NULL && m.nagents == 0);
	CHECK_INT(troc_ttc_market_build(&m, 2, NULL, 2, from, ok_to, w, NULL),
	    TROC_TTC_EWEIGHT);
	CHECK_INT(troc_ttc_market_build(&m, 2, NULL, 2, from, ok_to, neg,
	    NULL), TROC_TTC_EWEIGHT);
	CHECK_INT(troc_ttc_market_build(&m, 2, NULL, 1, NULL, ok_to, NULL,
	    NULL), TROC_TTC_EARC);
	CHECK_INT(troc_ttc_market_build(&m, 0, NULL, 0, NULL, NULL, NULL,
	    NULL), 0);
	CHECK_INT(troc_ttc_solve(&m, NULL), 0);
	troc_ttc_market_release(&m);
}

/*
 * Households A0 B1 C2 D3, vacancy V4: V -> A, A -> B, C <-> D. A (first
 * in node order) takes V; its home, left behind, goes to the first one
 * still there, B, who wants it; C and D swap; V gets no house.
 */
static void
test_graph_solve(void)
{
	const char *id[] = { "A", "B", "C", "D", "V" };
	unsigned char vac[] = { 0, 0, 0, 0, 1 };
	long from[] = { 4, 0, 2, 3 }, to[] = { 0, 1, 3, 2 };
	double w[] = { 110, 105, 100, 100 };
	long want[] = { 4, 0, 3, 2, -1 };
	struct troc_ttc_market m;

	CHECK_INT(troc_ttc_market_build(&m, 5, vac, 4, from, to, w, id), 0);
	check_market(&m, want, "graph_chain_and_swap");
	troc_ttc_market_release(&m);
}

static const char *const prop_names[] = { "h0", "h1", "h2" };

static const char *
prop_name(const void *arg, size_t i)
{
	(void)arg;
	return prop_names[i];
}

/* The proposals' weight is the heaviest of parallel arcs; exchanges that
 * are not disjoint are refused rather than written. */
static void
test_proposals_write(void)
{
	char path[] = "/tmp/troc-test-proposals-XXXXXX", buf[512];
	struct troc_graph g;
	struct troc_kep_result r;
	struct troc_kep_exchange ex[2];
	uint32_t nodes[4] = { 0, 1, 0, 2 };
	struct troc_err e;
	struct troc_out *w;
	FILE *f;
	size_t n = 0;
	int i, fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	troc_graph_init(&g);
	for (i = 0; i < 3; i++)
		CHECK_INT(troc_graph_add_node(&g, 0, &e), 0);
	CHECK_INT(troc_graph_add_arc(&g, 0, 1, 5, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 1, 7, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 0, 1, 6, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 1, 0, 3, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 1, 2, 100, &e), 1);
	CHECK_INT(troc_graph_add_arc(&g, 2, 0, 100, &e), 1);
	memset(&r, 0, sizeof(r));
	memset(ex, 0, sizeof(ex));
	ex[0].kind = TROC_KEP_CYCLE;
	ex[0].len = 2;
	ex[0].node = nodes;
	ex[1].kind = TROC_KEP_CYCLE;
	ex[1].len = 2;
	ex[1].node = nodes + 2;
	r.ex = ex;
	r.nex = 1;
	w = troc_out_open(path, NULL, &e);
	CHECK(w != NULL);
	CHECK_INT(troc_proposals_write(w, &r, &g, prop_name, prop_name,
	    NULL), 0);
	CHECK_INT(troc_out_close(w, 1, &e), 0);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	/* h1 takes h0's home (7, the heaviest of three arcs), h0 h1's */
	CHECK(strcmp(buf, "exchange,kind,length,step,household,from_unit,"
	    "to_unit,weight\n1,swap,2,1,h1,h1,h0,7\n1,swap,2,2,h0,h0,h1,3\n")
	    == 0);
	/* h0 gives its home in both exchanges */
	r.nex = 2;
	w = troc_out_open(path, NULL, &e);
	CHECK(w != NULL);
	CHECK_INT(troc_proposals_write(w, &r, &g, prop_name, prop_name,
	    NULL), -1);
	CHECK_INT(troc_out_close(w, 0, &e), 0);
	unlink(path);
	troc_graph_release(&g);
}

int
main(int argc, char **argv)
{
	test_vectors(argc > 1 ? argv[1] : VECTORS);
	test_shapley_scarf();
	test_own_house_place();
	test_long_path();
	test_solve_errors();
	test_random();
	test_build();
	test_build_errors();
	test_graph_solve();
	test_proposals_write();
	return test_done("ttc");
}
