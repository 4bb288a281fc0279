/* proposals.c: exchanges written as proposals, and exchanges read off an
 * assignment (Top Trading Cycles). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/proposals.h"

/* Arcs by their from node (CSR), for looking up one arc's weight. */
struct adj {
	size_t *start;
	size_t *arc;
};

static int
adj_build(struct adj *a, const struct troc_graph *g)
{
	size_t i, *fill;

	a->start = calloc(g->n + 2, sizeof(*a->start));
	a->arc = malloc((g->m + 1) * sizeof(*a->arc));
	fill = malloc((g->n + 1) * sizeof(*fill));
	if (!a->start || !a->arc || !fill) {
		free(fill);
		return -1;
	}
	for (i = 0; i < g->m; i++)
		a->start[g->from[i] + 1]++;
	for (i = 0; i < g->n; i++)
		a->start[i + 1] += a->start[i];
	memcpy(fill, a->start, (g->n + 1) * sizeof(*fill));
	for (i = 0; i < g->m; i++)
		a->arc[fill[g->from[i]]++] = i;
	free(fill);
	return 0;
}

static void
adj_free(struct adj *a)
{
	free(a->start);
	free(a->arc);
}

/* The heaviest arc from -> to, or NAN when there is none. */
static double
weight(const struct adj *a, const struct troc_graph *g, uint32_t from,
    uint32_t to)
{
	double w = NAN;
	size_t k;

	for (k = a->start[from]; k < a->start[from + 1]; k++)
		if (g->to[a->arc[k]] == to && !(g->w[a->arc[k]] <= w))
			w = g->w[a->arc[k]];
	return w;
}

static const char *const header[] = { "exchange", "kind", "length", "step",
    "household", "from_unit", "to_unit", "weight" };

int
troc_proposals_write(struct troc_out *w, const struct troc_kep_result *r,
    const struct troc_graph *g, troc_name_fn hh, troc_name_fn unit,
    const void *arg)
{
	struct adj a;
	size_t i, s;

	for (i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		troc_out_str(w, header[i]);
	troc_out_eor(w);
	if (adj_build(&a, g) < 0) {
		adj_free(&a);
		return -1;
	}
	for (i = 0; i < r->nex && !troc_out_failed(w); i++) {
		const struct troc_kep_exchange *x = &r->ex[i];
		int chain = x->kind == TROC_KEP_CHAIN;
		size_t len = chain ? x->len - 1 : x->len;

		for (s = 1; s <= len; s++) {
			uint32_t taker = x->node[s % x->len];
			uint32_t giver = x->node[s - 1];

			troc_out_int(w, (long long)(i + 1));
			troc_out_str(w, chain ? "chain" : len == 2 ? "swap" :
			    "cycle");
			troc_out_int(w, (long long)len);
			troc_out_int(w, (long long)s);
			troc_out_str(w, hh(arg, taker));
			troc_out_str(w, unit(arg, taker));
			troc_out_str(w, unit(arg, giver));
			troc_out_num(w, weight(&a, g, giver, taker));
			troc_out_eor(w);
		}
	}
	adj_free(&a);
	return troc_out_failed(w) ? -1 : 0;
}

/* Storage for the exchanges of an assignment. */
static int
reserve(struct troc_kep_result *r, size_t n)
{
	r->ex = calloc(n + 1, sizeof(*r->ex));
	r->nodes = malloc((n + 1) * sizeof(*r->nodes));
	return r->ex && r->nodes ? 0 : -1;
}

/* Follow takers from node v: v's home goes to taker[v], whose home goes
 * to taker[taker[v]]... until a node whose home nobody takes or v again. */
static void
follow(const long *taker, uint32_t v, struct troc_kep_result *r,
    size_t *used, unsigned char *seen, int kind)
{
	struct troc_kep_exchange *x = &r->ex[r->nex++];
	uint32_t u = v;

	x->kind = kind;
	x->node = r->nodes + *used;
	x->len = 0;
	do {
		seen[u] = 1;
		x->node[x->len++] = u;
		u = (uint32_t)taker[u];
	} while (taker[x->node[x->len - 1]] >= 0 && u != v);
	*used += x->len;
}

static uint32_t
smallest(const struct troc_kep_exchange *x)
{
	uint32_t v = x->node[0];
	size_t i;

	for (i = 1; i < x->len; i++)
		if (x->node[i] < v)
			v = x->node[i];
	return v;
}

static int
by_smallest(const void *a, const void *b)
{
	uint32_t i = smallest(a), j = smallest(b);

	return i < j ? -1 : i > j;
}

int
troc_exchanges_from_assignment(const struct troc_graph *g,
    const long *assign, struct troc_kep_result *r)
{
	long *taker = malloc((g->n + 1) * sizeof(*taker));
	unsigned char *seen = calloc(g->n + 1, 1);
	struct adj a;
	size_t i, used = 0, s;

	memset(r, 0, sizeof(*r));
	memset(&a, 0, sizeof(a));
	if (!taker || !seen || reserve(r, g->n) < 0 || adj_build(&a, g) < 0)
		goto fail;
	for (i = 0; i < g->n; i++)
		taker[i] = -1;
	for (i = 0; i < g->n; i++) {
		long h = assign[i];

		if (h < 0 || (size_t)h == i || g->vacancy[i])
			continue;
		if ((size_t)h >= g->n || taker[h] >= 0)
			goto fail;	/* not one-to-one */
		taker[h] = (long)i;
	}
	for (i = 0; i < g->n; i++)	/* chains, from their vacancy */
		if (g->vacancy[i] && taker[i] >= 0)
			follow(taker, (uint32_t)i, r, &used, seen,
			    TROC_KEP_CHAIN);
	for (i = 0; i < g->n; i++)	/* what is left that moves: cycles */
		if (!seen[i] && taker[i] >= 0)
			follow(taker, (uint32_t)i, r, &used, seen,
			    TROC_KEP_CYCLE);
	qsort(r->ex, r->nex, sizeof(*r->ex), by_smallest);
	r->bound = NAN;
	for (i = 0; i < r->nex; i++) {
		struct troc_kep_exchange *x = &r->ex[i];
		size_t len = x->kind == TROC_KEP_CHAIN ? x->len - 1 : x->len;

		x->weight = 0;
		for (s = 1; s <= len; s++)
			x->weight += weight(&a, g, x->node[s - 1],
			    x->node[s % x->len]);
		r->objective += x->weight;
		r->moved += len;
		if (x->kind == TROC_KEP_CHAIN)
			r->nchains++;
		else if (len == 2)
			r->nswaps++;
		else
			r->ncycles++;
	}
	adj_free(&a);
	free(taker);
	free(seen);
	return 0;
fail:
	adj_free(&a);
	free(taker);
	free(seen);
	troc_kep_result_release(r);
	return -1;
}
