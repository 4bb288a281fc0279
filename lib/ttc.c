/* ttc.c: Top Trading Cycles with vacancies and newcomers (YRMH-IGYT). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/ttc.h"

/*
 * The graph form of YRMH-IGYT: each agent still there points to the best
 * house still there that it accepts; a house points to its tenant while
 * the tenant is there, else to the first agent of the serial order still
 * there. Every cycle trades. We walk this graph on a path stack: an
 * agent's place in its list only moves forward (a house that left never
 * comes back) and so does the serial order, hence linear time.
 */
struct run {
	const struct troc_ttc_market *m;
	long *owner;		/* house -> its tenant, or -1 */
	long *order;		/* the serial order */
	size_t first;		/* order[first]: the first agent maybe there */
	size_t *ptr;		/* agent -> where to look next in its list */
	long *want;		/* agent -> the house it points to */
	long *stack;		/* the path being followed, agents */
	size_t depth;
	unsigned char *gone;	/* agent -> it has left with its house */
	unsigned char *onpath;	/* agent -> it is on the stack */
	unsigned char *taken;	/* house -> an agent has it */
};

static void
run_free(struct run *r)
{
	free(r->owner);
	free(r->order);
	free(r->ptr);
	free(r->want);
	free(r->stack);
	free(r->gone);
	free(r->onpath);
	free(r->taken);
}

static int
run_alloc(struct run *r, const struct troc_ttc_market *m)
{
	size_t na = m->nagents + 1, nh = m->nhouses + 1;

	memset(r, 0, sizeof(*r));
	r->m = m;
	if (m->nagents > LONG_MAX - 1 || m->nhouses > LONG_MAX - 1)
		return TROC_TTC_ENOMEM;
	r->owner = malloc(nh * sizeof(*r->owner));
	r->order = malloc(na * sizeof(*r->order));
	r->ptr = malloc(na * sizeof(*r->ptr));
	r->want = malloc(na * sizeof(*r->want));
	r->stack = malloc(na * sizeof(*r->stack));
	r->gone = calloc(na, 1);
	r->onpath = calloc(na, 1);
	r->taken = calloc(nh, 1);
	if (!r->owner || !r->order || !r->ptr || !r->want || !r->stack ||
	    !r->gone || !r->onpath || !r->taken) {
		run_free(r);
		return TROC_TTC_ENOMEM;
	}
	return 0;
}

/* Offsets never decrease and every listed house exists. */
static int
check_lists(const struct troc_ttc_market *m)
{
	size_t a, k;

	for (a = 0; a < m->nagents; a++)
		if (m->start[a] > m->start[a + 1])
			return TROC_TTC_ELIST;
	for (k = m->start[0]; k < m->start[m->nagents]; k++)
		if (m->pref[k] < 0 || (size_t)m->pref[k] >= m->nhouses)
			return TROC_TTC_ELIST;
	return 0;
}

/* House -> tenant; a house with two tenants is an error. */
static int
load_owners(struct run *r)
{
	const struct troc_ttc_market *m = r->m;
	size_t a, h;

	for (h = 0; h < m->nhouses; h++)
		r->owner[h] = -1;
	for (a = 0; a < m->nagents; a++) {
		long t = m->tenant_of[a];

		if (t == -1)
			continue;
		if (t < 0 || (size_t)t >= m->nhouses || r->owner[t] != -1)
			return TROC_TTC_ETENANT;
		r->owner[t] = (long)a;
	}
	return 0;
}

/* The serial order, checked to be a permutation (onpath as scratch). */
static int
load_order(struct run *r)
{
	const struct troc_ttc_market *m = r->m;
	size_t i;

	for (i = 0; i < m->nagents; i++) {
		long a = m->priority ? m->priority[i] : (long)i;

		if (a < 0 || (size_t)a >= m->nagents || r->onpath[a])
			return TROC_TTC_EPRIORITY;
		r->onpath[a] = 1;
		r->order[i] = a;
		r->ptr[a] = m->start[a];
	}
	memset(r->onpath, 0, m->nagents);
	return 0;
}

static int
run_init(struct run *r, const struct troc_ttc_market *m)
{
	int st;

	if ((st = run_alloc(r, m)) != 0)
		return st;
	if ((st = check_lists(m)) != 0 || (st = load_owners(r)) != 0 ||
	    (st = load_order(r)) != 0)
		run_free(r);
	return st;
}

/* The best house still there that a accepts, or -1. Its own house stays
 * while a does, so a tenant stops there at the latest. */
static long
next_house(struct run *r, long a)
{
	const struct troc_ttc_market *m = r->m;
	size_t end = m->start[a + 1];

	for (; r->ptr[a] < end; r->ptr[a]++)
		if (!r->taken[m->pref[r->ptr[a]]])
			return m->pref[r->ptr[a]];
	return m->tenant_of[a];
}

/* The agent house h points to. Someone is still there: the caller. */
static long
target(struct run *r, long h)
{
	long t = r->owner[h];

	if (t >= 0 && !r->gone[t])
		return t;
	while (r->gone[r->order[r->first]])
		r->first++;
	return r->order[r->first];
}

static void
push(struct run *r, long a)
{
	r->stack[r->depth++] = a;
	r->onpath[a] = 1;
}

static void
leave(struct run *r, long a, long h, long *assign)
{
	assign[a] = h;
	r->gone[a] = 1;
	r->onpath[a] = 0;
	if (h >= 0)
		r->taken[h] = 1;
}

/* The top of the stack down to b is a cycle: it trades and leaves. The
 * path below b stays; its top agent looks again (its house may be gone,
 * or may now point elsewhere). Assigning the whole path would give one
 * house twice: the "tail_trap" vector. */
static void
trade(struct run *r, long b, long *assign)
{
	long a;

	do {
		a = r->stack[--r->depth];
		leave(r, a, r->want[a], assign);
	} while (a != b);
}

/* Follow the pointers from agent s until the path is empty. */
static void
follow(struct run *r, long s, long *assign)
{
	long a, b, h;

	push(r, s);
	while (r->depth > 0) {
		a = r->stack[r->depth - 1];
		if ((h = next_house(r, a)) < 0) {
			/* a newcomer: nothing it accepts is left */
			r->depth--;
			leave(r, a, -1, assign);
			continue;
		}
		r->want[a] = h;
		b = target(r, h);
		if (r->onpath[b])
			trade(r, b, assign);
		else
			push(r, b);
	}
}

int
troc_ttc_solve(const struct troc_ttc_market *m, long *assign)
{
	struct run r;
	size_t i;
	int st;

	if (m->nagents == 0)
		return 0;
	if ((st = run_init(&r, m)) != 0)
		return st;
	for (i = 0; i < m->nagents; i++)
		if (!r.gone[r.order[i]])
			follow(&r, r.order[i], assign);
	run_free(&r);
	return 0;
}

void
troc_ttc_market_init(struct troc_ttc_market *m)
{
	memset(m, 0, sizeof(*m));
}

void
troc_ttc_market_release(struct troc_ttc_market *m)
{
	free(m->start);
	free(m->pref);
	free(m->tenant_of);
	free(m->priority);
	troc_ttc_market_init(m);
}

/* One home a household may take, while its list is being sorted. */
struct cand {
	double w;
	long house;
	const char *id;		/* never NULL: "" stands for none */
};

/* Weight, highest first; then id, bytes; then node number. */
static int
cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c < 0 ? -1 : 1;
	return (a->house > b->house) - (a->house < b->house);
}

/* The arrays of a graph market, as troc_ttc_market_build takes them. */
struct graph {
	size_t n, narcs;
	const unsigned char *vacant;
	const long *from, *to;
	const double *weight;
	const char *const *id;
};

static int
is_vacant(const struct graph *g, long v)
{
	return g->vacant && g->vacant[v];
}

static int
check_arcs(const struct graph *g)
{
	size_t k;

	if (g->narcs > 0 && (!g->from || !g->to))
		return TROC_TTC_EARC;
	for (k = 0; k < g->narcs; k++) {
		if (g->from[k] < 0 || (size_t)g->from[k] >= g->n ||
		    g->to[k] < 0 || (size_t)g->to[k] >= g->n)
			return TROC_TTC_EARC;
		if (g->weight && (!isfinite(g->weight[k]) || g->weight[k] < 0))
			return TROC_TTC_EWEIGHT;
	}
	return 0;
}

/* Arc k gives a household another home (arcs into a vacancy and loops
 * give nothing). */
static int
arc_counts(const struct graph *g, size_t k)
{
	return g->from[k] != g->to[k] && !is_vacant(g, g->to[k]);
}

/* Bucket the arcs that count by household: household v's candidates are
 * c[off[v]] .. c[off[v + 1] - 1], unsorted. */
static int
bucket_arcs(const struct graph *g, struct cand **cp, size_t **offp)
{
	size_t *off, k, v, used = 0;
	struct cand *c;

	if ((off = calloc(g->n + 2, sizeof(*off))) == NULL)
		return TROC_TTC_ENOMEM;
	for (k = 0; k < g->narcs; k++)
		if (arc_counts(g, k)) {
			off[g->to[k] + 2]++;
			used++;
		}
	for (v = 2; v < g->n + 2; v++)
		off[v] += off[v - 1];
	if ((c = malloc((used + 1) * sizeof(*c))) == NULL) {
		free(off);
		return TROC_TTC_ENOMEM;
	}
	for (k = 0; k < g->narcs; k++) {
		long f = g->from[k];

		if (!arc_counts(g, k))
			continue;
		c[off[g->to[k] + 1]++] = (struct cand){
			g->weight ? g->weight[k] : 0, f,
			g->id && g->id[f] ? g->id[f] : ""
		};
	}
	*cp = c;
	*offp = off;
	return 0;
}

/* Household v's sorted candidates into m->pref, each home once, then
 * its own home. seen[h] == v: h already listed for v. */
static void
write_list(struct troc_ttc_market *m, long v, struct cand *c, size_t nc,
    long *seen)
{
	size_t i, w = m->start[v];

	qsort(c, nc, sizeof(*c), cand_cmp);
	for (i = 0; i < nc; i++)
		if (seen[c[i].house] != v) {
			seen[c[i].house] = v;
			m->pref[w++] = c[i].house;
		}
	m->pref[w++] = v;
	m->start[v + 1] = w;
}

static int
market_alloc(struct troc_ttc_market *m, size_t n, size_t nlisted)
{
	troc_ttc_market_init(m);
	m->nagents = m->nhouses = n;
	m->start = calloc(n + 1, sizeof(*m->start));
	m->pref = malloc((nlisted + n + 1) * sizeof(*m->pref));
	m->tenant_of = malloc((n + 1) * sizeof(*m->tenant_of));
	if (!m->start || !m->pref || !m->tenant_of) {
		troc_ttc_market_release(m);
		return TROC_TTC_ENOMEM;
	}
	return 0;
}

static int
fill_market(struct troc_ttc_market *m, const struct graph *g,
    struct cand *c, const size_t *off)
{
	size_t v;
	long *seen;

	if ((seen = malloc((g->n + 1) * sizeof(*seen))) == NULL)
		return TROC_TTC_ENOMEM;
	for (v = 0; v < g->n; v++)
		seen[v] = -1;
	for (v = 0; v < g->n; v++) {
		if (is_vacant(g, (long)v)) {
			m->tenant_of[v] = -1;
			m->start[v + 1] = m->start[v];
			continue;
		}
		m->tenant_of[v] = (long)v;
		write_list(m, (long)v, c + off[v], off[v + 1] - off[v], seen);
	}
	free(seen);
	return 0;
}

int
troc_ttc_market_build(struct troc_ttc_market *m, size_t n,
    const unsigned char *vacant, size_t narcs, const long *from,
    const long *to, const double *weight, const char *const *id)
{
	struct graph g = { n, narcs, vacant, from, to, weight, id };
	struct cand *c;
	size_t *off;
	int st;

	troc_ttc_market_init(m);
	if (n > LONG_MAX - 2)
		return TROC_TTC_ENOMEM;
	if ((st = check_arcs(&g)) != 0)
		return st;
	if ((st = bucket_arcs(&g, &c, &off)) != 0)
		return st;
	if ((st = market_alloc(m, n, off[n])) == 0 &&
	    (st = fill_market(m, &g, c, off)) != 0)
		troc_ttc_market_release(m);
	free(c);
	free(off);
	return st;
}

const char *
troc_ttc_strerror(int status)
{
	switch (status) {
	case TROC_TTC_OK:
		return "success";
	case TROC_TTC_ENOMEM:
		return "out of memory";
	case TROC_TTC_ELIST:
		return "preference list out of range";
	case TROC_TTC_ETENANT:
		return "tenant house out of range or shared";
	case TROC_TTC_EPRIORITY:
		return "priority order is not a permutation of the agents";
	case TROC_TTC_EARC:
		return "arc node out of range";
	case TROC_TTC_EWEIGHT:
		return "arc weight not a finite number >= 0";
	}
	return "unknown status";
}
