/* market_graph.c: the compatibility graph of a market (SPEC.md §3.4):
 * each household's arcs in, from the homes its wishes reach, found by
 * several threads over chunks of households, then turned into the arcs
 * by (from, to). The same graph whatever the number of threads. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "troc/market.h"
#include "market_impl.h"

#define CHUNK		1024		/* households a thread takes at once */
#define MAX_THREADS	16
#define BONUS		0x80000000u	/* in an arc's from: the +5 of §3.4 */

/* What a household asks of a home, folded from its wishes and the rules
 * (the other half of struct market_slot). */
struct want {
	double rent_max;	/* +inf: none */
	double surface_min;	/* wished, or the occupancy minimum; -inf */
	double aid, resources, effort_max;
	int effort;		/* resources known and > 0: checked */
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

/* The rules of troc_compat, as a's side of a few comparisons. */
static void
want_of(const struct troc_ctx *c, const struct troc_household *a,
    struct want *w)
{
	const struct troc_policy *p = c->policy;

	w->rent_max = isnan(a->wish_rent_max) ? INFINITY : a->wish_rent_max;
	w->surface_min = isnan(a->wish_surface_min) ? -INFINITY :
	    a->wish_surface_min;
	if (a->persons != TROC_NA &&
	    w->surface_min < troc_min_surface(a->persons))
		w->surface_min = troc_min_surface(a->persons);
	w->resources = a->resources;
	w->effort = !isnan(a->resources) && a->resources > 0;
	w->aid = isnan(a->housing_aid) ? 0 : a->housing_aid;
	w->effort_max = p->effort_max;
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
 * owner: 1 when the household of w may take the home of s. */
static int
fits(const struct want *w, const struct market_slot *s)
{
	return (s->flags & (w->need | SLOT_BLOCKED)) == w->need &&
	    s->rentc <= w->rent_max && s->surface >= w->surface_min &&
	    s->stairs <= w->floor_max && (w->ceiling >> s->cls & 1) &&
	    (w->landlord < 0 || s->landlord < 0 ||
	    s->landlord == w->landlord) &&
	    (!w->effort || !(s->flags & SLOT_RENT) ||
	    (s->rentc - w->aid) / w->resources <= w->effort_max);
}

static int
put(struct chunk *o, uint32_t v)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 65536;
		uint32_t *p = realloc(o->from, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		o->from = p;
		o->cap = cap;
	}
	o->from[o->n++] = v;
	return 0;
}

/* The homes of slots [k, end) that s's household may take, as arcs. */
static int
take(struct scan *s, const struct market_slot *k,
    const struct market_slot *end, uint32_t bonus)
{
	const struct troc_market *m = s->b->m;
	int excl = troc_idset_count(m->excluded) > 0;

	for (; k < end; k++)
		if (k->node != s->a && fits(&s->w, k) && (!excl ||
		    !market_excluded(m, s->a, k->node)) &&
		    put(s->out, k->node | bonus) < 0)
			return -1;
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

/* A thread: chunks, in whatever order they come, until none is left. */
static void *
work(void *arg)
{
	struct build *b = arg;
	unsigned *stamp = calloc(TROC_NCOMMUNE, sizeof(*stamp));
	size_t ci;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		ci = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (ci >= b->nchunk)
			break;
		if (stamp == NULL || do_chunk(b, ci, stamp) < 0)
			b->chunk[ci].failed = 1;
	}
	free(stamp);
	return NULL;
}

static size_t
threads(const struct troc_market *m, size_t nchunk)
{
	long n = m->threads > 0 ? m->threads : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	return (size_t)n < nchunk ? (size_t)n : nchunk;
}

/* Every chunk's arcs, by the threads and this one. 0 or -1 (memory). */
static int
find_arcs(struct build *b)
{
	pthread_t th[MAX_THREADS];
	size_t i, nt = threads(b->m, b->nchunk), started = 0;

	for (i = 1; i < nt; i++, started++)
		if (pthread_create(&th[i], NULL, work, b) != 0)
			break;		/* fewer threads: the same arcs */
	work(b);
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < b->nchunk; i++)
		if (b->chunk[i].failed)
			return -1;
	return 0;
}

/* The graph's arc arrays, filled by (from, to): a counting sort of the
 * chunks' arcs by from, households in order. start (n + 2, zeroed)
 * receives where each node's arcs start. */
static int
by_from(struct build *b, struct troc_graph *g, size_t *start)
{
	const struct troc_market *m = b->m;
	size_t n = m->n, ci, k, a, total;
	uint32_t *from, *to, f;
	double *w, base;
	const uint32_t *e;

	for (ci = 0; ci < b->nchunk; ci++)
		for (k = 0; k < b->chunk[ci].n; k++)
			start[(b->chunk[ci].from[k] & ~BONUS) + 1]++;
	for (k = 0; k < n; k++)
		start[k + 1] += start[k];
	total = start[n];
	from = malloc((total + 1) * sizeof(*from));
	to = malloc((total + 1) * sizeof(*to));
	w = malloc((total + 1) * sizeof(*w));
	if (!from || !to || !w) {
		free(from), free(to), free(w);
		return -1;
	}
	for (a = 0; a < n; a++)
		for (k = start[a]; k < start[a + 1]; k++)
			from[k] = (uint32_t)a;
	for (ci = 0, a = 0; ci < b->nchunk; ci++) {
		e = b->chunk[ci].from;
		for (; a < m->nhh && a < (ci + 1) * CHUNK; a++) {
			base = (double)(100 + m->hh[a].priority);
			for (k = 0; k < b->nin[a]; k++, e++) {
				f = *e & ~BONUS;
				to[start[f]] = (uint32_t)a;
				w[start[f]++] = *e & BONUS ? base + 5 : base;
			}
		}
		free(b->chunk[ci].from);
		b->chunk[ci].from = NULL;
	}
	memmove(start + 1, start, n * sizeof(*start));
	start[0] = 0;
	g->from = from, g->to = to, g->w = w;
	g->m = g->mcap = total;
	return 0;
}

/* Mutual pairs, and who has arcs in and out, from arcs by (from, to). */
static int
count_stats(const struct troc_market *m, const struct troc_graph *g,
    const size_t *start, struct troc_market_stats *st)
{
	unsigned char *in = calloc(m->n + 1, 1);
	size_t *cur = malloc((m->n + 1) * sizeof(*cur)), u, k, c, end;
	uint32_t v;

	if (in == NULL || cur == NULL) {
		free(in), free(cur);
		return -1;
	}
	memcpy(cur, start, m->n * sizeof(*cur));
	for (u = 0; u < m->n; u++) {
		for (k = start[u]; k < start[u + 1]; k++) {
			in[v = g->to[k]] = 1;
			if (u >= v)
				continue;
			/* is there v -> u? v's arcs are by to, and u only
			 * grows: v's cursor only moves on */
			end = start[v + 1];
			for (c = cur[v]; c < end && g->to[c] < u; c++)
				;
			cur[v] = c;
			st->mutual += c < end && g->to[c] == u;
		}
		if (u < m->nhh && !m->hh[u].blocked) {
			st->no_out += start[u + 1] == start[u];
		}
	}
	for (u = 0; u < m->nhh; u++)
		st->no_in += !m->hh[u].blocked && !in[u];
	free(in), free(cur);
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
	pthread_mutex_destroy(&b->lock);
}

int
troc_market_graph(const struct troc_market *m, struct troc_graph *g,
    struct troc_market_stats *st, struct troc_err *e)
{
	struct market_index x;
	struct build b;
	struct troc_market_stats s;
	size_t i, *start = NULL;
	int rc = -1;

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
	start = calloc(m->n + 2, sizeof(*start));
	if (market_index_build(&x, m) < 0 || !b.chunk || !b.nin || !start ||
	    find_arcs(&b) < 0)
		goto nomem;
	for (i = 0; i < m->n; i++)
		if (troc_graph_add_node(g, i >= m->nhh, e) < 0)
			goto out;
	for (i = 0; i < b.nchunk; i++)
		s.candidates += b.chunk[i].looked;
	if (by_from(&b, g, start) < 0)
		goto nomem;
	s.households = m->nhh;
	s.vacancies = m->n - m->nhh;
	s.arcs = g->m;
	for (i = 0; i < m->nhh; i++)
		s.blocked += m->hh[i].blocked != 0;
	if (st && count_stats(m, g, start, &s) < 0)
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
	free(start);
	return rc;
}
