/* market_graph.c: the compatibility graph of a market (SPEC.md §3.4):
 * each household's arcs in, from the homes its wishes reach, found by
 * several threads over chunks of households, then turned into the arcs
 * by (from, to). The same graph whatever the number of threads. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "troc/market.h"
#include "troc/parallel.h"
#include "market_impl.h"

#define CHUNK		1024		/* households a thread takes at once */
#define BONUS		0x80000000u	/* in an arc's from: the +5 of §3.4 */

/* What a household asks of a home, folded from its wishes and the rules
 * (the other half of struct market_slot). */
struct want {
	double rent_max;	/* wished, and the effort's bound; +inf */
	double surface_min;	/* wished, or the occupancy minimum; -inf */
	int floor_max;		/* INT_MAX: none */
	int landlord;		/* -1: any */
	int rooms_max;		/* wished, and no under-occupation */
	unsigned need;		/* SLOT_* flags the home must have */
	unsigned ceiling;	/* bit per ceiling class the income passes */
};

/* The arcs into a run of CHUNK households, household by household. */
struct chunk {
	uint32_t *from;		/* node, | BONUS */
	size_t n, cap;
	size_t looked;		/* pairs looked at (the statistics) */
	int failed;
};

struct build {
	const struct troc_market *m;
	const struct market_index *x;
	uint32_t *nin;		/* per household: its arcs in its chunk */
	double *base;		/* per household: 100 + priority */
	struct chunk *chunk;
	size_t nchunk, next;
	pthread_mutex_t lock;
};

/* One household's look at the communes its wishes reach. */
struct scan {
	const struct build *b;
	uint32_t a;
	int first;		/* its first wish, for the weight */
	struct want w;
	struct chunk *out;
};

/* Ceilings that a's income passes, by class (§3.4 rule 8). */
static unsigned
ceilings_passed(const struct troc_ctx *c, const struct troc_household *a)
{
	unsigned ok = 1u << MARKET_NCLS;
	long ceil;
	int f, z;

	if (c->ceilings == NULL || c->geo == NULL || isnan(a->income) ||
	    a->category == TROC_NA)
		return ~0u;
	for (f = 0; f < TROC_NFIN; f++)
		for (z = 0; z < TROC_NZONE; z++) {
			ceil = troc_ceiling(c->ceilings, (enum troc_fin)f,
			    (enum troc_zone)z, a->category, c->year);
			if (ceil < 0 || a->income <= (double)ceil)
				ok |= 1u << (f * TROC_NZONE + z);
		}
	return ok;
}

/* A double (not NaN) as an integer in the same order, and back. */
static uint64_t
ordered(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u >> 63 ? ~u : u | 1ULL << 63;
}

static double
unordered(uint64_t k)
{
	uint64_t u = k >> 63 ? k & ~(1ULL << 63) : ~k;
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/* Rule 10 as a bound on rent + charges: the largest x whose effort
 * (x - aid) / r is <= e. Subtraction and division round monotonically,
 * so the homes that pass are exactly those up to it: no division per
 * home, and the same answer as troc_rule_effort. */
static double
effort_cap(double aid, double r, double e)
{
	uint64_t lo = ordered(-INFINITY), hi = ordered(INFINITY), mid;

	if ((INFINITY - aid) / r <= e)
		return INFINITY;
	while (hi - lo > 1) {		/* lo passes, hi does not */
		mid = lo + (hi - lo) / 2;
		if ((unordered(mid) - aid) / r <= e)
			lo = mid;
		else
			hi = mid;
	}
	return unordered(lo);
}

/* The rules of troc_compat, as a's side of a few comparisons. */
static void
want_of(const struct troc_ctx *c, const struct troc_household *a,
    struct want *w)
{
	const struct troc_policy *p = c->policy;
	double cap;

	w->rent_max = isnan(a->wish_rent_max) ? INFINITY : a->wish_rent_max;
	w->surface_min = isnan(a->wish_surface_min) ? -INFINITY :
	    a->wish_surface_min;
	if (a->persons != TROC_NA &&
	    w->surface_min < troc_min_surface(a->persons))
		w->surface_min = troc_min_surface(a->persons);
	if (!isnan(a->resources) && a->resources > 0) {
		cap = effort_cap(isnan(a->housing_aid) ? 0 : a->housing_aid,
		    a->resources, p->effort_max);
		if (cap < w->rent_max)
			w->rent_max = cap;
	}
	w->floor_max = a->wish_floor_max == TROC_NA ? INT_MAX :
	    a->wish_floor_max;
	w->landlord = (a->other_landlord == 0 || p->same_landlord) &&
	    a->home.landlord >= 0 ? a->home.landlord : -1;
	w->rooms_max = a->wish_rooms_max == TROC_NA ? INT_MAX :
	    a->wish_rooms_max;
	if (!p->allow_under && a->persons != TROC_NA &&
	    a->persons + 1 < w->rooms_max)
		w->rooms_max = a->persons + 1;
	w->need = SLOT_ADMITTED | (a->wish_elevator == 1 ? SLOT_LIFT : 0) |
	    (a->wish_accessible == 1 ? SLOT_ACCESS : 0);
	w->ceiling = ceilings_passed(c, a);
}

/* Rules 3 to 11 (rooms aside: the scan's range) and rule 1's blocked
 * owner, without a branch: 1 when they let w's household take s. */
static int
fits(const struct want *w, const struct market_slot *s)
{
	return ((s->flags & (w->need | SLOT_BLOCKED)) == w->need) &
	    (s->rentc <= w->rent_max) & (s->surface >= w->surface_min) &
	    (s->stairs <= w->floor_max) & (int)(w->ceiling >> s->cls & 1) &
	    ((w->landlord < 0) | (s->landlord < 0) |
	    (s->landlord == w->landlord));
}

/* Room in o for n more arcs. 0 or -1. */
static int
reserve(struct chunk *o, size_t n)
{
	size_t cap = o->cap ? o->cap : 65536;
	uint32_t *p;

	if (o->n + n <= o->cap)
		return 0;
	while (cap < o->n + n)
		cap *= 2;
	if ((p = realloc(o->from, cap * sizeof(*p))) == NULL)
		return -1;
	o->from = p;
	o->cap = cap;
	return 0;
}

/* The homes of slots [k, end) that s's household may take, as arcs: each
 * is written, and kept when it passes. */
static int
take(struct scan *s, const struct market_slot *k,
    const struct market_slot *end, uint32_t bonus)
{
	const struct troc_market *m = s->b->m;
	const struct want w = s->w;
	uint32_t a = s->a, *out;
	int excl = troc_idset_count(m->excluded) > 0;

	if (reserve(s->out, (size_t)(end - k)) < 0)
		return -1;
	out = s->out->from + s->out->n;
	if (!excl)
		for (; k < end; k++) {
			*out = k->node | bonus;
			out += (k->node != a) & fits(&w, k);
		}
	for (; k < end; k++) {
		*out = k->node | bonus;
		out += ((k->node != a) & fits(&w, k)) &&
		    !market_excluded(m, a, k->node);
	}
	s->out->n = (size_t)(out - s->out->from);
	return 0;
}

/* Commune c for s's household: the homes of unknown rooms, then those of
 * the rooms it wishes (and may occupy). The pairs looked at are counted
 * over the rooms it wishes, as the funnel counts them. */
static int
scan_commune(void *arg, int c)
{
	struct scan *s = arg;
	const struct market_index *x = s->b->x;
	const struct troc_household *a = &s->b->m->hh[s->a];
	size_t lo = x->cstart[c], hi = x->cstart[c + 1], unk, p, q, r;
	uint32_t bonus = s->first >= 0 && troc_wish_match(s->first, c) ?
	    BONUS : 0;

	unk = market_rooms_at(x, lo, hi, TROC_NA + 1);
	p = a->wish_rooms_min == TROC_NA ? unk :
	    market_rooms_at(x, unk, hi, a->wish_rooms_min);
	q = a->wish_rooms_max != TROC_NA && a->wish_rooms_max < INT_MAX ?
	    market_rooms_at(x, p, hi, a->wish_rooms_max + 1) : hi;
	r = s->w.rooms_max < INT_MAX ?
	    market_rooms_at(x, p, q, s->w.rooms_max + 1) : q;
	s->out->looked += (unk - lo) + (q - p);
	if (!a->home.admitted)		/* rule 11: no home for it */
		return 0;
	if (take(s, x->slot + lo, x->slot + unk, bonus) < 0 ||
	    take(s, x->slot + p, x->slot + r, bonus) < 0)
		return -1;
	return 0;
}

static int
do_chunk(struct build *b, size_t ci, unsigned *stamp)
{
	const struct troc_market *m = b->m;
	struct scan s;
	size_t a, end = (ci + 1) * CHUNK < m->nhh ? (ci + 1) * CHUNK : m->nhh;
	size_t before;

	s.b = b;
	s.out = &b->chunk[ci];
	for (a = ci * CHUNK; a < end; a++) {
		b->nin[a] = 0;
		b->base[a] = (double)(100 + m->hh[a].priority);
		if (m->hh[a].blocked)
			continue;
		s.a = (uint32_t)a;
		s.first = m->hh[a].nwish > 0 ? m->hh[a].wish[0] : -1;
		want_of(&m->ctx, &m->hh[a], &s.w);
		before = s.out->n;
		if (market_communes(m, b->x, a, stamp, scan_commune, &s) < 0)
			return -1;
		b->nin[a] = (uint32_t)(s.out->n - before);
	}
	return 0;
}

/* A thread: chunks, in whatever order they come, until none is left;
 * each one's arcs are shrunk to fit once found. */
static void *
work(void *arg)
{
	struct build *b = arg;
	unsigned *stamp = calloc(TROC_NCOMMUNE, sizeof(*stamp));
	struct chunk *c;
	size_t ci;
	void *p;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		ci = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (ci >= b->nchunk)
			break;
		c = &b->chunk[ci];
		if (stamp == NULL || do_chunk(b, ci, stamp) < 0)
			c->failed = 1;
		else if (c->n && (p = realloc(c->from, c->n * sizeof(*c->from))))
			c->from = p, c->cap = c->n;
	}
	free(stamp);
	return NULL;
}

/* Every chunk's arcs. 0 or -1 (out of memory). */
static int
find_arcs(struct build *b)
{
	size_t i, nt = troc_threads(b->m->threads);

	troc_parallel(nt < b->nchunk ? nt : b->nchunk, work, b, 0);
	for (i = 0; i < b->nchunk; i++)
		if (b->chunk[i].failed)
			return -1;
	return 0;
}

/* One thread's share of turning the arcs: chunks [lo, hi) to count and
 * scatter (at: where its arcs out of each node go next), or arcs
 * [lo, hi) to weigh, or tails [lo, hi) for the statistics. */
struct part {
	struct build *b;
	struct troc_graph *g;
	size_t *start;
	size_t *at;		/* n + 1 */
	size_t lo, hi;
	size_t mutual, no_out;
	int failed;
};

/* How many arcs of its chunks go out of each node. */
static void *
count(void *arg)
{
	struct part *p = arg;
	const struct chunk *c;
	size_t ci, k;

	for (ci = p->lo; ci < p->hi; ci++)
		for (c = &p->b->chunk[ci], k = 0; k < c->n; k++)
			p->at[c->from[k] & ~BONUS]++;
	return NULL;
}

/* The heads of its chunks' arcs at their places by (from, to); the +5
 * of the weight kept in the head's top bit. */
static void *
scatter(void *arg)
{
	struct part *p = arg;
	const struct build *b = p->b;
	uint32_t *to = p->g->to;
	size_t ci, k, a = p->lo * CHUNK, *at = p->at;
	const uint32_t *e;

	for (ci = p->lo; ci < p->hi; ci++) {
		e = b->chunk[ci].from;
		for (; a < b->m->nhh && a < (ci + 1) * CHUNK; a++)
			for (k = 0; k < b->nin[a]; k++, e++)
				to[at[*e & ~BONUS]++] = (uint32_t)a |
				    (*e & BONUS);
	}
	return NULL;
}

/* Tails and weights of arcs [lo, hi); heads lose the +5 bit. */
static void *
weigh(void *arg)
{
	struct part *p = arg;
	const double *base = p->b->base;
	struct troc_graph *g = p->g;
	size_t k, u = 0, n = p->b->m->n;
	uint32_t a;

	for (k = p->lo; k < p->hi; k++) {
		while (u < n && p->start[u + 1] <= k)
			u++;
		g->from[k] = (uint32_t)u;
		a = g->to[k] & ~BONUS;
		g->w[k] = base[a] + (g->to[k] & BONUS ? 5 : 0);
		g->to[k] = a;
	}
	return NULL;
}

/* Split [0, n) in nt parts of about equal arcs into p: n items whose
 * arcs start at start[i] (start[n]: all), or n arcs (start NULL). */
static void
split(struct part *p, size_t nt, const size_t *start, size_t n)
{
	size_t t, u = 0, total = start ? start[n] : n;

	for (t = 0; t < nt; t++) {
		p[t].lo = t ? p[t - 1].hi : 0;
		if (start == NULL) {
			p[t].hi = t + 1 == nt ? n : n / nt * (t + 1);
			continue;
		}
		while (u < n && (t + 1 == nt || start[u] < total / nt * (t + 1)))
			u++;
		p[t].hi = u;
	}
}

/* The graph's arc arrays, filled by (from, to): a counting sort of the
 * chunks' arcs by from, each thread the households of its chunks, in
 * order. start (n + 2, zeroed) receives where each node's arcs start. */
static int
by_from(struct build *b, struct troc_graph *g, size_t *start,
    struct part *p, size_t nt)
{
	size_t n = b->m->n, ci, k, t, *cstart;

	if ((cstart = malloc((b->nchunk + 1) * sizeof(*cstart))) == NULL)
		return -1;
	for (ci = 0, cstart[0] = 0; ci < b->nchunk; ci++)
		cstart[ci + 1] = cstart[ci] + b->chunk[ci].n;
	split(p, nt, cstart, b->nchunk);
	free(cstart);
	troc_parallel(nt, count, p, sizeof(*p));
	for (k = 0; k < n; k++) {	/* each thread's place in each tail */
		start[k + 1] = start[k];
		for (t = 0; t < nt; t++) {
			size_t c = p[t].at[k];

			p[t].at[k] = start[k + 1];
			start[k + 1] += c;
		}
	}
	g->from = malloc((start[n] + 1) * sizeof(*g->from));
	g->to = malloc((start[n] + 1) * sizeof(*g->to));
	g->w = malloc((start[n] + 1) * sizeof(*g->w));
	if (!g->from || !g->to || !g->w) {
		free(g->from), free(g->to), free(g->w);
		g->from = g->to = NULL, g->w = NULL;
		return -1;
	}
	g->m = g->mcap = start[n];
	troc_parallel(nt, scatter, p, sizeof(*p));
	for (ci = 0; ci < b->nchunk; ci++) {
		free(b->chunk[ci].from);
		b->chunk[ci].from = NULL;
	}
	split(p, nt, NULL, g->m);
	troc_parallel(nt, weigh, p, sizeof(*p));
	return 0;
}

/* First arc of node v (arcs by (from, to)) whose head is >= u. */
static size_t
head_at(const struct troc_graph *g, const size_t *start, uint32_t v,
    size_t u)
{
	size_t lo = start[v], hi = start[v + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->to[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Mutual pairs u < v with u in [lo, hi), households with no arc out. */
static void *
mutual(void *arg)
{
	struct part *p = arg;
	const struct troc_graph *g = p->g;
	const struct troc_market *m = p->b->m;
	const size_t *start = p->start;
	size_t *cur = malloc((m->n + 1) * sizeof(*cur)), u, k, c, end;
	uint32_t v;

	if (cur == NULL) {
		p->failed = 1;
		return NULL;
	}
	for (u = 0; u < m->n; u++)
		cur[u] = SIZE_MAX;
	for (u = p->lo; u < p->hi; u++) {
		for (k = start[u]; k < start[u + 1]; k++) {
			if (u >= (v = g->to[k]))
				continue;
			/* is there v -> u? v's arcs are by head, and u only
			 * grows: v's cursor only moves on */
			end = start[v + 1];
			c = cur[v] == SIZE_MAX ? head_at(g, start, v, u) : cur[v];
			while (c < end && g->to[c] < u)
				c++;
			cur[v] = c;
			p->mutual += c < end && g->to[c] == u;
		}
		if (u < m->nhh && !m->hh[u].blocked)
			p->no_out += start[u + 1] == start[u];
	}
	free(cur);
	return NULL;
}

static int
count_stats(struct build *b, size_t *start, struct part *p, size_t nt,
    struct troc_market_stats *st)
{
	const struct troc_market *m = b->m;
	size_t t, a;

	split(p, nt, start, m->n);
	troc_parallel(nt, mutual, p, sizeof(*p));
	for (t = 0; t < nt; t++) {
		if (p[t].failed)
			return -1;
		st->mutual += p[t].mutual;
		st->no_out += p[t].no_out;
	}
	for (a = 0; a < m->nhh; a++)
		st->no_in += !m->hh[a].blocked && b->nin[a] == 0;
	return 0;
}

static void
release(struct build *b)
{
	size_t i;

	for (i = 0; b->chunk && i < b->nchunk; i++)
		free(b->chunk[i].from);
	free(b->chunk);
	free(b->nin);
	free(b->base);
	pthread_mutex_destroy(&b->lock);
}

int
troc_market_graph(const struct troc_market *m, struct troc_graph *g,
    struct troc_market_stats *st, struct troc_err *e)
{
	struct market_index x;
	struct build b;
	struct troc_market_stats s;
	struct part p[TROC_MAX_THREADS];
	size_t i, nt = 0, *start = NULL;
	int rc = -1;

	memset(p, 0, sizeof(p));
	memset(&x, 0, sizeof(x));
	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&b.lock, NULL);
	if (g->n != 0 || g->mcap != 0 || m->n >= BONUS) {
		troc_err_set(e, NULL, 0, m->n >= BONUS ? "too many nodes" :
		    "the graph to build is not empty");
		goto out;
	}
	b.m = m;
	b.x = &x;
	b.nchunk = (m->nhh + CHUNK - 1) / CHUNK;
	b.chunk = calloc(b.nchunk + 1, sizeof(*b.chunk));
	b.nin = malloc((m->nhh + 1) * sizeof(*b.nin));
	b.base = malloc((m->nhh + 1) * sizeof(*b.base));
	start = calloc(m->n + 2, sizeof(*start));
	if (market_index_build(&x, m) < 0 || !b.chunk || !b.nin || !b.base ||
	    !start || find_arcs(&b) < 0)
		goto nomem;
	for (i = 0; i < m->n; i++)
		if (troc_graph_add_node(g, i >= m->nhh, e) < 0)
			goto out;
	for (i = 0; i < b.nchunk; i++)
		s.candidates += b.chunk[i].looked;
	/* threads pay off on large graphs only, unless asked for */
	nt = m->threads > 0 || b.nchunk > 16 ? troc_threads(m->threads) : 1;
	for (i = 0; i < nt; i++) {
		p[i].b = &b, p[i].g = g, p[i].start = start;
		if ((p[i].at = calloc(m->n + 1, sizeof(*p[i].at))) == NULL)
			goto nomem;
	}
	if (by_from(&b, g, start, p, nt) < 0)
		goto nomem;
	s.households = m->nhh;
	s.vacancies = m->n - m->nhh;
	s.arcs = g->m;
	for (i = 0; i < m->nhh; i++)
		s.blocked += m->hh[i].blocked != 0;
	if (st && count_stats(&b, start, p, nt, &s) < 0)
		goto nomem;
	if (st)
		*st = s;
	rc = 0;
	goto out;
nomem:
	troc_err_set(e, NULL, 0, "out of memory building the graph");
out:
	market_index_free(&x);
	release(&b);
	for (i = 0; i < nt; i++)
		free(p[i].at);
	free(start);
	return rc;
}
