/* kep_merge.c: the best solution made of the exchanges of two. */

/*
 * Two solutions of one component, A and B (kep_ls.c: two searches from
 * the same start with different seeds), each a set of disjoint exchanges.
 * An exchange of A meets at most one exchange of B at each of its nodes
 * (households, and a chain's vacancy), so the exchanges that meet form a
 * bipartite graph, and the heaviest set of exchanges of A and B no two
 * of which meet is the complement of its lightest vertex cover: a
 * minimum cut (Konig; source -> a of A with capacity w(a), a -> b where
 * they meet, unbounded, b -> sink with capacity w(b)). The cut is found
 * by Dinic's maximum flow (levels by breadth-first search, then blocking
 * flows along them). The answer is at least as heavy as the heavier of A
 * and B, and where the two searches improved different places it takes
 * both improvements: on 260,000 households, two searches from the same
 * start (no time limit) ended at 13,409,005 and 13,410,865, and the best
 * answer made of their exchanges (computed then by an LP solver, the
 * same optimum as this cut) weighs 13,415,230.
 */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "kep_impl.h"

#define EPS 1e-9

struct net {
	size_t n, m;		/* nodes (0 source, 1 sink), arcs */
	size_t *first;		/* n + 1: arcs out of u, by tail */
	uint32_t *to;
	size_t *rev;		/* the opposite arc */
	double *cap;		/* residual capacity */
	int *level;
	size_t *it;		/* n: the next arc to try out of u */
	size_t *stk;		/* n: the path's arcs */
};

static void
net_free(struct net *g)
{
	free(g->first), free(g->to), free(g->rev), free(g->cap);
	free(g->level), free(g->it), free(g->stk);
}

/* Levels from the source over arcs with capacity left; whether the sink
 * has one. */
static int
levels(struct net *g, uint32_t *q)
{
	size_t h = 0, t = 0, k;
	uint32_t u;

	for (k = 0; k < g->n; k++)
		g->level[k] = -1;
	g->level[0] = 0;
	q[t++] = 0;
	while (h < t) {
		u = q[h++];
		for (k = g->first[u]; k < g->first[u + 1]; k++)
			if (g->cap[k] > EPS && g->level[g->to[k]] < 0) {
				g->level[g->to[k]] = g->level[u] + 1;
				q[t++] = g->to[k];
			}
	}
	return g->level[1] >= 0;
}

/* A blocking flow along the levels, without recursion: the path from the
 * source is a stack of arcs; a node with no way on is taken out of the
 * levels. Returns the flow sent. */
static double
block(struct net *g)
{
	size_t d = 0, k, i, cut;
	uint32_t u = 0;
	double f, sent = 0;

	for (k = 0; k < g->n; k++)
		g->it[k] = g->first[k];
	for (;;) {
		if (u == 1) {
			f = DBL_MAX;
			for (i = 0; i < d; i++)
				if (g->cap[g->stk[i]] < f)
					f = g->cap[g->stk[i]];
			cut = d;
			for (i = 0; i < d; i++) {
				g->cap[g->stk[i]] -= f;
				g->cap[g->rev[g->stk[i]]] += f;
				if (cut == d && g->cap[g->stk[i]] <= EPS)
					cut = i;
			}
			sent += f;
			d = cut;	/* back to the tail of the first full arc */
			u = d == 0 ? 0 : g->to[g->stk[d - 1]];
			continue;
		}
		for (k = g->it[u]; k < g->first[u + 1]; k++)
			if (g->cap[k] > EPS &&
			    g->level[g->to[k]] == g->level[u] + 1)
				break;
		g->it[u] = k;
		if (k < g->first[u + 1]) {
			g->stk[d++] = k;
			u = g->to[k];
			continue;
		}
		if (d == 0)
			return sent;
		g->level[u] = -1;	/* no way on from u */
		d--;
		u = d == 0 ? 0 : g->to[g->stk[d - 1]];
	}
}

/* Arc u -> v of capacity c and its opposite, into the counts (pass 0)
 * or the arrays (pass 1). */
static void
add_arc(struct net *g, int pass, uint32_t u, uint32_t v, double c)
{
	size_t a, b;

	if (pass == 0) {
		g->first[u + 1]++;
		g->first[v + 1]++;
		return;
	}
	a = g->it[u]++;
	b = g->it[v]++;
	g->to[a] = v, g->cap[a] = c, g->rev[a] = b;
	g->to[b] = u, g->cap[b] = 0, g->rev[b] = a;
}

int
kep_merge(const struct kep_ctx *x, size_t nn, const struct kep_sol *a,
    const struct kep_sol *b, struct kep_sol *out, double *value)
{
	struct net g;
	size_t i, j, k, na = a->n, nb = b->n;
	uint32_t *own = NULL, *q = NULL, u;
	double inf = 1, total = 0;
	int pass, ret = -1;

	memset(&g, 0, sizeof(g));
	g.n = 2 + na + nb;
	own = malloc((nn + 1) * sizeof(*own));
	q = malloc(g.n * sizeof(*q));
	g.first = calloc(g.n + 1, sizeof(*g.first));
	g.level = malloc(g.n * sizeof(*g.level));
	g.it = malloc(g.n * sizeof(*g.it));
	g.stk = malloc(g.n * sizeof(*g.stk));
	if (own == NULL || q == NULL || g.first == NULL || g.level == NULL ||
	    g.it == NULL || g.stk == NULL)
		goto out;
	for (i = 0; i < na; i++)
		inf += a->w[i];
	for (i = 0; i < nb; i++)
		inf += b->w[i];
	for (u = 0; u < nn; u++)
		own[u] = KEP_NONE;
	for (i = 0; i < na; i++)
		for (k = a->off[i]; k < a->off[i + 1]; k++)
			own[x->loc[a->node[k]]] = (uint32_t)i;
	/* counts, then arcs; A's nodes are 2.., B's 2 + na.. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (i = 0; i < g.n; i++)
				g.first[i + 1] += g.first[i];
			g.m = g.first[g.n];
			g.to = malloc((g.m + 1) * sizeof(*g.to));
			g.rev = malloc((g.m + 1) * sizeof(*g.rev));
			g.cap = malloc((g.m + 1) * sizeof(*g.cap));
			if (g.to == NULL || g.rev == NULL || g.cap == NULL)
				goto out;
			memcpy(g.it, g.first, g.n * sizeof(*g.it));
		}
		for (i = 0; i < na; i++)
			add_arc(&g, pass, 0, (uint32_t)(2 + i), a->w[i]);
		for (j = 0; j < nb; j++) {
			add_arc(&g, pass, (uint32_t)(2 + na + j), 1, b->w[j]);
			for (k = b->off[j]; k < b->off[j + 1]; k++) {
				i = own[x->loc[b->node[k]]];
				if (i != KEP_NONE)
					add_arc(&g, pass, (uint32_t)(2 + i),
					    (uint32_t)(2 + na + j), inf);
			}
		}
	}
	while (levels(&g, q))
		block(&g);
	/* the source's side of the cut: A's there and B's not are taken */
	levels(&g, q);
	out->n = 0;
	for (i = 0; i < na; i++)
		if (g.level[2 + i] >= 0) {
			if (kep_sol_copy(out, a, i) == -1)
				goto out;
			total += a->w[i];
		}
	for (j = 0; j < nb; j++)
		if (g.level[2 + na + j] < 0) {
			if (kep_sol_copy(out, b, j) == -1)
				goto out;
			total += b->w[j];
		}
	*value = total;
	ret = 0;
out:
	free(own), free(q);
	net_free(&g);
	return ret;
}
