/* kep_cycles.c: the structure of the exchange graph: strongly connected
 * components, every short cycle, how far each node is from a vacancy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "troc/err.h"
#include "troc/mem.h"
#include "troc/parallel.h"
#include "kep_impl.h"

/* Tarjan's algorithm without recursion (the graphs are deep). */
int
kep_scc(const struct kep_net *t, uint32_t *scc)
{
	uint32_t n = t->n, v, w, root, *idx, *low, *stk, *cs, ns = 0, nc;
	uint32_t counter = 0, ncomp = 0;
	size_t *it;
	unsigned char *on;

	idx = malloc(((size_t)n + 1) * sizeof(*idx));
	low = malloc(((size_t)n + 1) * sizeof(*low));
	stk = malloc(((size_t)n + 1) * sizeof(*stk));
	cs = malloc(((size_t)n + 1) * sizeof(*cs));
	it = malloc(((size_t)n + 1) * sizeof(*it));
	on = calloc((size_t)n + 1, 1);
	if (!idx || !low || !stk || !cs || !it || !on) {
		free(idx), free(low), free(stk), free(cs), free(it), free(on);
		return -1;
	}
	for (v = 0; v < n; v++)
		idx[v] = UINT32_MAX;
	for (root = 0; root < n; root++) {
		if (idx[root] != UINT32_MAX)
			continue;
		nc = 0;
		cs[nc++] = root;
		idx[root] = low[root] = counter++;
		it[root] = t->ostart[root];
		stk[ns++] = root;
		on[root] = 1;
		while (nc > 0) {
			v = cs[nc - 1];
			if (!t->vac[v] && it[v] < t->ostart[v + 1]) {
				w = t->oto[it[v]++];
				if (idx[w] == UINT32_MAX) {
					idx[w] = low[w] = counter++;
					it[w] = t->ostart[w];
					stk[ns++] = w;
					on[w] = 1;
					cs[nc++] = w;
				} else if (on[w] && idx[w] < low[v])
					low[v] = idx[w];
				continue;
			}
			nc--;
			if (nc > 0 && low[v] < low[cs[nc - 1]])
				low[cs[nc - 1]] = low[v];
			if (low[v] == idx[v]) {
				do {
					w = stk[--ns];
					on[w] = 0;
					scc[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
		}
	}
	free(idx), free(low), free(stk), free(cs), free(it), free(on);
	return 0;
}

void
kep_pool_release(struct kep_pool *p)
{
	free(p->off);
	free(p->node);
	free(p->w);
	memset(p, 0, sizeof(*p));
}

static int
pool_add(struct kep_pool *p, const uint32_t *node, size_t len, double w)
{
	size_t used = p->n ? p->off[p->n] : 0, cap;
	void *q;

	if (p->n + 1 >= p->cap) {
		cap = p->cap ? 2 * p->cap : 1024;
		if ((q = troc_realloc_huge(p->off, (cap + 1) *
		    sizeof(*p->off))) == NULL)
			return -1;
		p->off = q;
		if ((q = troc_realloc_huge(p->w, cap * sizeof(*p->w))) == NULL)
			return -1;
		p->w = q;
		p->cap = cap;
	}
	if (used + len > p->ncap) {
		cap = p->ncap ? 2 * p->ncap : 4096;
		if ((q = troc_realloc_huge(p->node, cap *
		    sizeof(*p->node))) == NULL)
			return -1;
		p->node = q;
		p->ncap = cap;
	}
	if (p->n == 0)
		p->off[0] = 0;
	memcpy(p->node + used, node, len * sizeof(*node));
	p->w[p->n] = w;
	p->off[p->n + 1] = used + len;
	p->n++;
	return 0;
}

/* Scratch for the enumeration from one start node. */
struct walk {
	uint32_t *dist;		/* arcs back to the start, when stamp matches */
	uint32_t *stamp;
	uint32_t *bfs;
	uint32_t *path;		/* nodes */
	size_t *arc;		/* arc taken out of path[i] */
	size_t *next;		/* next arc to try out of path[i] */
	unsigned char *onpath;
};

/* Distances to s, through households > s of s's component, up to k - 2,
 * by a backward search. Not k - 1: the last level is the bulk of the
 * work (a household has about 130 arcs in at Ile-de-France scale, so
 * 17,000 in-arcs two levels back, read in random order) and it only
 * tells whether the first step out of s can come back; from_start
 * takes an unmarked node for one at k - 1 and finds out. */
static void
back_dist(const struct kep_net *t, const uint32_t *scc, uint32_t s, int k,
    struct walk *wk)
{
	size_t head = 0, tail = 0, i, a;
	uint32_t v, u;

	wk->dist[s] = 0;
	wk->stamp[s] = s + 1;
	wk->bfs[tail++] = s;
	while (head < tail) {
		v = wk->bfs[head++];
		if (wk->dist[v] + 1 > (uint32_t)(k - 2))
			continue;
		for (i = t->istart[v]; i < t->istart[v + 1]; i++) {
			a = t->iarc[i];
			u = t->ofrom[a];
			if (u <= s || t->vac[u] || scc[u] != scc[s] ||
			    wk->stamp[u] == s + 1)
				continue;
			wk->stamp[u] = s + 1;
			wk->dist[u] = wk->dist[v] + 1;
			wk->bfs[tail++] = u;
		}
	}
}

/* Store a cycle found: 0, 1 past max_entries stored nodes, -1. */
static int
add_found(struct kep_pool *p, const uint32_t *node, size_t len, double w,
    size_t max_entries)
{
	if ((p->n ? p->off[p->n] : 0) + len > max_entries)
		return 1;
	return pool_add(p, node, len, w);
}

/* Depth-first search for the cycles whose smallest node is s. */
static int
from_start(const struct kep_net *t, const uint32_t *scc, uint32_t s, int k,
    struct walk *wk, struct kep_pool *p, unsigned char *oncycle,
    size_t max_entries)
{
	size_t d = 0, a, i;
	uint32_t x, y, dy;
	double w;
	int r;

	wk->path[0] = s;
	wk->next[0] = t->ostart[s];
	wk->onpath[s] = 1;
	for (;;) {
		x = wk->path[d];
		if (wk->next[d] >= t->ostart[x + 1]) {
			wk->onpath[x] = 0;
			if (d == 0)
				return 0;
			d--;
			continue;
		}
		a = wk->next[d]++;
		y = t->oto[a];
		if (y == s && d >= 1) {
			wk->arc[d] = a;
			for (w = 0, i = 0; i <= d; i++)
				w += t->ow[wk->arc[i]];
			if (w <= 0)
				continue;
			if ((r = add_found(p, wk->path, d + 1, w,
			    max_entries)) != 0)
				return r;
			for (i = 0; i <= d; i++)
				oncycle[wk->arc[i]] = 1;
			continue;
		}
		if (y <= s || t->vac[y] || wk->onpath[y])
			continue;
		/* unmarked: k - 1 or more arcs back to s, or none */
		dy = wk->stamp[y] == s + 1 ? wk->dist[y] : (uint32_t)(k - 1);
		if (d + 1 + dy > (size_t)k || scc[y] != scc[s])
			continue;
		wk->arc[d] = a;
		d++;
		wk->path[d] = y;
		wk->next[d] = t->ostart[y];
		wk->onpath[y] = 1;
	}
}

/* The first arc out of u to a node above s. */
static size_t
first_above(const struct kep_net *t, uint32_t u, uint32_t s)
{
	size_t lo = t->ostart[u], hi = t->ostart[u + 1], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->oto[mid] <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * K = 3, the default, without the general search: mark the households
 * above s with an arc into s (a bit each: the marks stay in the first
 * cache level), then every s -> a -> b with a, b above s and b marked
 * closes a cycle. The same cycles in the same order as from_start (s's
 * arcs, then a's, by head): 260,000 households went from 34 s to a few.
 */
static int
from_start3(const struct kep_net *t, const uint32_t *scc, uint32_t s,
    struct walk *wk, struct kep_pool *p, unsigned char *oncycle,
    size_t max_entries)
{
	uint64_t *bit = (uint64_t *)wk->bfs;
	size_t i, j, k, *ia = wk->next;
	uint32_t a, b, cyc[3];
	double w;
	int r = 0;

	for (i = t->istart[s]; i < t->istart[s + 1]; i++) {
		j = t->iarc[i];
		b = t->ofrom[j];
		if (b <= s || t->vac[b] || scc[b] != scc[s])
			continue;
		bit[b >> 6] |= (uint64_t)1 << (b & 63);
		ia[b] = j;
	}
	cyc[0] = s;
	for (i = first_above(t, s, s); r == 0 && i < t->ostart[s + 1]; i++) {
		a = t->oto[i];
		if (scc[a] != scc[s])
			continue;
		cyc[1] = a;
		if (bit[a >> 6] >> (a & 63) & 1 &&
		    (w = t->ow[i] + t->ow[ia[a]]) > 0) {
			if ((r = add_found(p, cyc, 2, w, max_entries)) != 0)
				break;
			oncycle[i] = oncycle[ia[a]] = 1;
		}
		for (j = first_above(t, a, s); j < t->ostart[a + 1]; j++) {
			b = t->oto[j];
			if (!(bit[b >> 6] >> (b & 63) & 1))
				continue;
			k = ia[b];
			if ((w = t->ow[i] + t->ow[j] + t->ow[k]) <= 0)
				continue;
			cyc[2] = b;
			if ((r = add_found(p, cyc, 3, w, max_entries)) != 0)
				break;
			oncycle[i] = oncycle[j] = oncycle[k] = 1;
		}
	}
	for (i = t->istart[s]; i < t->istart[s + 1]; i++) {
		b = t->ofrom[t->iarc[i]];
		bit[b >> 6] &= ~((uint64_t)1 << (b & 63));
	}
	return r;
}

size_t
kep_find_arc(const struct kep_net *t, uint32_t u, uint32_t v)
{
	size_t lo = t->ostart[u], hi = t->ostart[u + 1], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->oto[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->ostart[u + 1] && t->oto[lo] == v ? lo : SIZE_MAX;
}

/* K = 2: the swaps are the pairs of opposite arcs. */
static int
swaps(const struct kep_net *t, struct kep_pool *p, unsigned char *oncycle,
    size_t max_entries)
{
	size_t a, b;
	uint32_t node[2];

	for (a = 0; a < t->m; a++) {
		node[0] = t->ofrom[a];
		node[1] = t->oto[a];
		if (node[1] < node[0] || t->vac[node[0]] ||
		    (b = kep_find_arc(t, node[1], node[0])) == SIZE_MAX ||
		    t->ow[a] + t->ow[b] <= 0)
			continue;
		if (2 * (p->n + 1) > max_entries)
			return 1;
		if (pool_add(p, node, 2, t->ow[a] + t->ow[b]) == -1)
			return -1;
		oncycle[a] = oncycle[b] = 1;
	}
	return 0;
}

/* Starts per block: the blocks go round the threads, and their cycles
 * are put back in the order of the blocks, so the pool is the same
 * whatever the number of threads. */
#define BLOCK 256

/* One thread's part of the enumeration: blocks t, t + n, t + 2n... */
struct part {
	const struct kep_net *t;
	const uint32_t *scc;
	int k;
	size_t first, step, nblock, max_entries;
	struct walk wk;
	struct kep_pool pool;
	size_t *bstart;		/* nblock + 1: where each of its blocks starts */
	unsigned char *oncycle;
	int r;			/* 0, 1 (too many) or -1 */
};

static void *
part_run(void *arg)
{
	struct part *pt = arg;
	const struct kep_net *t = pt->t;
	size_t n = (size_t)t->n + 1, b;
	uint32_t s, end;

	pt->wk.dist = malloc(n * sizeof(*pt->wk.dist));
	pt->wk.stamp = calloc(n, sizeof(*pt->wk.stamp));
	/* K = 3: bfs holds a bit per node, next an arc per node */
	pt->wk.bfs = calloc(n, sizeof(*pt->wk.bfs));
	pt->wk.path = malloc(((size_t)pt->k + 1) * sizeof(*pt->wk.path));
	pt->wk.arc = malloc(((size_t)pt->k + 1) * sizeof(*pt->wk.arc));
	pt->wk.next = malloc((pt->k == 3 ? n : (size_t)pt->k + 1) *
	    sizeof(*pt->wk.next));
	pt->wk.onpath = calloc(n, 1);
	pt->oncycle = calloc(t->m + 1, 1);
	if (!pt->wk.dist || !pt->wk.stamp || !pt->wk.bfs || !pt->wk.path ||
	    !pt->wk.arc || !pt->wk.next || !pt->wk.onpath || !pt->oncycle) {
		pt->r = -1;
		return NULL;
	}
	for (b = pt->first; pt->r == 0 && b < pt->nblock; b += pt->step) {
		pt->bstart[b] = pt->pool.n;
		end = (uint32_t)((b + 1) * BLOCK < t->n ? (b + 1) * BLOCK : t->n);
		for (s = (uint32_t)(b * BLOCK); pt->r == 0 && s < end; s++) {
			if (t->vac[s])
				continue;
			if (pt->k == 3) {
				pt->r = from_start3(t, pt->scc, s, &pt->wk,
				    &pt->pool, pt->oncycle, pt->max_entries);
				continue;
			}
			back_dist(t, pt->scc, s, pt->k, &pt->wk);
			pt->r = from_start(t, pt->scc, s, pt->k, &pt->wk,
			    &pt->pool, pt->oncycle, pt->max_entries);
		}
	}
	return NULL;
}

static void
part_free(struct part *pt)
{
	free(pt->wk.dist), free(pt->wk.stamp), free(pt->wk.bfs);
	free(pt->wk.path), free(pt->wk.arc), free(pt->wk.next);
	free(pt->wk.onpath), free(pt->oncycle);
	kep_pool_release(&pt->pool);
}

/* Put the parts' cycles into p, block by block; OR their arc marks. */
static int
merge(struct part *pt, size_t np, size_t nblock, size_t m,
    struct kep_pool *p, unsigned char *oncycle)
{
	size_t b, i, j, end, a;
	struct part *q;

	for (b = 0; b < nblock; b++) {
		q = &pt[b % np];
		end = b + np < nblock ? q->bstart[b + np] : q->pool.n;
		for (i = q->bstart[b]; i < end; i++) {
			j = q->pool.off[i];
			if (pool_add(p, q->pool.node + j, q->pool.off[i + 1] - j,
			    q->pool.w[i]) == -1)
				return -1;
		}
	}
	for (i = 0; i < np; i++)
		for (a = 0; a < m; a++)
			oncycle[a] |= pt[i].oncycle[a];
	return 0;
}

int
kep_cycles(const struct kep_net *t, int k, const uint32_t *scc,
    struct kep_pool *p, unsigned char *oncycle, size_t max_entries,
    struct troc_err *e)
{
	struct part *pt = NULL;
	size_t np = 0, i, nblock = ((size_t)t->n + BLOCK - 1) / BLOCK;
	int r = 0;

	if (k == 2) {
		r = swaps(t, p, oncycle, max_entries);
		goto out;
	}
	np = troc_threads(0);
	if (np > nblock)
		np = nblock > 0 ? nblock : 1;
	if ((pt = calloc(np, sizeof(*pt))) == NULL) {
		r = -1;
		goto out;
	}
	for (i = 0; i < np; i++) {
		pt[i].t = t;
		pt[i].scc = scc;
		pt[i].k = k;
		pt[i].first = i;
		pt[i].step = np;
		pt[i].nblock = nblock;
		pt[i].max_entries = max_entries;
		if ((pt[i].bstart = calloc(nblock + 1, sizeof(size_t))) == NULL)
			r = -1;
	}
	if (r == 0)
		troc_parallel(np, part_run, pt, sizeof(*pt));
	for (i = 0; r == 0 && i < np; i++)
		if (pt[i].r != 0)
			r = pt[i].r;
	if (r == 0 && merge(pt, np, nblock, t->m, p, oncycle) == -1)
		r = -1;
	if (r == 0 && p->n > 0 && p->off[p->n] > max_entries)
		r = 1;
out:
	if (r == 1)
		troc_err_set(e, NULL, 0, "more than %zu cycle entries with "
		    "cycles of up to %d households: try a smaller k",
		    max_entries, k);
	else if (r == -1)
		troc_err_set(e, NULL, 0, "out of memory");
	for (i = 0; pt != NULL && i < np; i++) {
		part_free(&pt[i]);
		free(pt[i].bstart);
	}
	free(pt);
	return r == 0 ? 0 : -1;
}

int
kep_chain_depth(const struct kep_net *t, int l, int32_t *dvac)
{
	uint32_t *q, v, w;
	size_t head = 0, tail = 0, a;

	q = malloc(((size_t)t->n + 1) * sizeof(*q));
	if (q == NULL)
		return -1;
	for (v = 0; v < t->n; v++) {
		dvac[v] = t->vac[v] ? 0 : -1;
		if (t->vac[v])
			q[tail++] = v;
	}
	while (head < tail) {
		v = q[head++];
		if (dvac[v] >= l)
			continue;
		for (a = t->ostart[v]; a < t->ostart[v + 1]; a++) {
			w = t->oto[a];
			if (dvac[w] != -1)
				continue;
			dvac[w] = dvac[v] + 1;
			q[tail++] = w;
		}
	}
	free(q);
	return 0;
}
