/* proposals.c: exchanges written as proposals, and exchanges read off an
 * assignment (Top Trading Cycles). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/proposals.h"

/* The weights of the answer's steps, found in one pass over the arcs:
 * the exchanges are disjoint, so a household gives its home to one
 * taker at most, and to[v] names it. (A CSR of all the arcs for the
 * lookups took 1.6 s and 270 MB at 34 million arcs; this pass 0.1 s.) */
struct steps {
	uint32_t *to;	/* v's taker, or UINT32_MAX */
	double *w;	/* the heaviest arc v -> to[v], or NAN */
};

/* 0, 1 when a household gives its home twice (exchanges not disjoint),
 * or -1 out of memory. */
static int
steps_build(struct steps *st, const struct troc_kep_result *r,
    const struct troc_graph *g)
{
	size_t i, s, k;

	st->to = malloc((g->n + 1) * sizeof(*st->to));
	st->w = malloc((g->n + 1) * sizeof(*st->w));
	if (!st->to || !st->w)
		return -1;
	for (i = 0; i < g->n; i++) {
		st->to[i] = UINT32_MAX;
		st->w[i] = NAN;
	}
	for (i = 0; i < r->nex; i++) {
		const struct troc_kep_exchange *x = &r->ex[i];
		size_t len = x->kind == TROC_KEP_CHAIN ? x->len - 1 : x->len;

		for (s = 1; s <= len; s++) {
			uint32_t giver = x->node[s - 1];

			if (st->to[giver] != UINT32_MAX)
				return 1;
			st->to[giver] = x->node[s % x->len];
		}
	}
	for (k = 0; k < g->m; k++)
		if (st->to[g->from[k]] == g->to[k] &&
		    !(g->w[k] <= st->w[g->from[k]]))
			st->w[g->from[k]] = g->w[k];
	return 0;
}

static void
steps_free(struct steps *st)
{
	free(st->to);
	free(st->w);
}

static const char *const header[] = { "exchange", "kind", "length", "step",
    "household", "from_unit", "to_unit", "weight" };

int
troc_proposals_write(struct troc_out *w, const struct troc_kep_result *r,
    const struct troc_graph *g, troc_name_fn hh, troc_name_fn unit,
    const void *arg)
{
	struct steps st;
	size_t i, s;

	for (i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		troc_out_str(w, header[i]);
	troc_out_eor(w);
	if (steps_build(&st, r, g) != 0) {
		steps_free(&st);
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
			troc_out_num(w, st.w[giver]);
			troc_out_eor(w);
		}
	}
	steps_free(&st);
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
	struct steps st;
	size_t i, used = 0, s;

	memset(r, 0, sizeof(*r));
	memset(&st, 0, sizeof(st));
	if (!taker || !seen || reserve(r, g->n) < 0)
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
	if (steps_build(&st, r, g) != 0)
		goto fail;
	r->bound = NAN;
	for (i = 0; i < r->nex; i++) {
		struct troc_kep_exchange *x = &r->ex[i];
		size_t len = x->kind == TROC_KEP_CHAIN ? x->len - 1 : x->len;

		x->weight = 0;
		for (s = 1; s <= len; s++)
			x->weight += st.w[x->node[s - 1]];
		r->objective += x->weight;
		r->moved += len;
		if (x->kind == TROC_KEP_CHAIN)
			r->nchains++;
		else if (len == 2)
			r->nswaps++;
		else
			r->ncycles++;
	}
	steps_free(&st);
	free(taker);
	free(seen);
	return 0;
fail:
	steps_free(&st);
	free(taker);
	free(seen);
	troc_kep_result_release(r);
	return -1;
}
