/* kep_union.c: the best solution made of the exchanges of several. */

/*
 * kep_merge.c takes the best of two solutions exactly, by a minimum cut:
 * the exchanges of two solutions that meet form a bipartite graph. Of
 * three or more they do not, and merging them two by two loses what
 * needs three at once (an exchange of A that meets one of B is worth
 * taking only with one of C where B's other nodes go). Here the
 * exchanges of all the solutions are the columns of a restricted
 * problem, solved by kep_fix.c (pieces, LP, CBC) from the pairwise
 * merges' answer: the answer never weighs less than that start. The
 * exchanges every solution has are left out: they meet no other, and
 * stay as they are. In kep_ls.c, on the 13,786 households of Paris'
 * 18th to 20th arrondissements (-t 30), the union of the first round's
 * eight searches took their pairwise merge from 500,200 to 500,545 in
 * half a second, and the gap went from 0.368% to 0.313%; on all of Paris
 * (45,950 households, -t 100) from 0.418% to 0.390% with 311 vacancies,
 * from 0.613% to 0.584% with 7,730. At 260,000 households the searches
 * are short and differ less: +2,415 and +425 in the two rounds, within
 * the runs' spread. Where the solutions are far from the optimum the
 * pieces can be hard: on a random graph of 1,500 households whose
 * searches were 3.5% below the union's answer, CBC's root took 18 s on
 * its one piece; so kep_ls.c calls it under a time limit only, where
 * CBC is held to the time left.
 */
#include <stdlib.h>
#include <string.h>

#include "troc/err.h"
#include "kep_impl.h"

/* An exchange of one of the solutions, its nodes in a canonical order
 * (a cycle from its smallest node), as local numbers. */
struct uex {
	const uint32_t *nd;
	unsigned char kind, len;
};

static int
cmp_uex(const void *pa, const void *pb)
{
	const struct uex *a = pa, *b = pb;
	size_t i;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	for (i = 0; i < a->len; i++)
		if (a->nd[i] != b->nd[i])
			return a->nd[i] < b->nd[i] ? -1 : 1;
	return 0;
}

static int
cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

/* The column of c for the cycle nd[0..len-1] (local, from its smallest
 * node): its index among c's cycles, by the lists of cycles by first
 * node (first, fs), or SIZE_MAX. */
static size_t
find_cycle(const struct kep_ctx *x, const struct kep_comp *c,
    const size_t *fs, const size_t *first, const uint32_t *nd, size_t len)
{
	const struct kep_pool *p = x->pool;
	size_t j, k, i, pc;

	for (j = fs[nd[0]]; j < fs[nd[0] + 1]; j++) {
		k = first[j];
		pc = c->cyc[k];
		if (p->off[pc + 1] - p->off[pc] != len)
			continue;
		for (i = 0; i < len && x->loc[p->node[p->off[pc] + i]] ==
		    nd[i]; i++)
			;
		if (i == len)
			return k;
	}
	return SIZE_MAX;
}

/* The index in c->chain of the arc u -> v (local numbers), or SIZE_MAX. */
static size_t
find_arc(const struct kep_ctx *x, const struct kep_comp *c, uint32_t u,
    uint32_t v)
{
	size_t a = kep_find_arc(x->t, c->node[u], c->node[v]);
	const size_t *k;

	if (a == SIZE_MAX)
		return SIZE_MAX;
	k = bsearch(&a, c->chain, c->nchain, sizeof(*c->chain), cmp_size);
	return k == NULL ? SIZE_MAX : (size_t)(k - c->chain);
}

/* Every exchange of the n solutions in canonical form into *ex (*nex of
 * them), their nodes in *buf. 0 or -1. */
static int
gather(const struct kep_ctx *x, const struct kep_sol *sols, size_t n,
    struct uex **ex, size_t *nex, uint32_t **buf)
{
	size_t s, i, j, len, m = 0, nodes = 0, lo, o = 0;
	const struct kep_sol *q;
	uint32_t *b;

	for (s = 0; s < n; s++) {
		m += sols[s].n;
		nodes += sols[s].n ? sols[s].off[sols[s].n] : 0;
	}
	*ex = malloc((m + 1) * sizeof(**ex));
	*buf = b = malloc((nodes + 1) * sizeof(**buf));
	if (*ex == NULL || b == NULL)
		return -1;
	for (s = 0, m = 0; s < n; s++) {
		q = &sols[s];
		for (i = 0; i < q->n; i++) {
			len = q->off[i + 1] - q->off[i];
			lo = 0;
			if (q->kind[i] == TROC_KEP_CYCLE)
				for (j = 1; j < len; j++)
					if (q->node[q->off[i] + j] <
					    q->node[q->off[i] + lo])
						lo = j;
			for (j = 0; j < len; j++)
				b[o + j] = x->loc[q->node[q->off[i] +
				    (lo + j) % len]];
			(*ex)[m].nd = b + o;
			(*ex)[m].kind = q->kind[i];
			(*ex)[m].len = (unsigned char)len;
			o += len;
			m++;
		}
	}
	*nex = m;
	return 0;
}

/* keepc, keepa: the columns of the exchanges that not every one of the n
 * solutions has. 0 or -1. */
static int
mark(const struct kep_ctx *x, const struct kep_comp *c,
    const struct kep_sol *sols, size_t n, unsigned char *keepc,
    unsigned char *keepa)
{
	const struct kep_pool *p = x->pool;
	struct uex *ex = NULL;
	uint32_t *buf = NULL;
	size_t *fs, *first = NULL, nex, i, j, k, u;
	int ret = -1;

	/* c's cycles by their first (smallest) node */
	if ((fs = calloc(c->nn + 2, sizeof(*fs))) == NULL ||
	    (first = malloc((c->ncyc + 1) * sizeof(*first))) == NULL)
		goto out;
	for (k = 0; k < c->ncyc; k++)
		fs[x->loc[p->node[p->off[c->cyc[k]]]] + 2]++;
	for (u = 0; u < c->nn; u++)
		fs[u + 2] += fs[u + 1];
	for (k = 0; k < c->ncyc; k++)
		first[fs[x->loc[p->node[p->off[c->cyc[k]]]] + 1]++] = k;
	if (gather(x, sols, n, &ex, &nex, &buf) == -1)
		goto out;
	qsort(ex, nex, sizeof(*ex), cmp_uex);
	for (i = 0; i < nex; i = j) {
		for (j = i + 1; j < nex && cmp_uex(&ex[i], &ex[j]) == 0; j++)
			;
		if (j - i == n)	/* in every solution */
			continue;
		if (ex[i].kind == TROC_KEP_CYCLE) {
			k = find_cycle(x, c, fs, first, ex[i].nd, ex[i].len);
			if (k != SIZE_MAX)
				keepc[k] = 1;
			continue;
		}
		for (u = 1; u < ex[i].len; u++)
			if ((k = find_arc(x, c, ex[i].nd[u - 1],
			    ex[i].nd[u])) != SIZE_MAX)
				keepa[k] = 1;
	}
	ret = 0;
out:
	free(fs), free(first), free(ex), free(buf);
	return ret;
}

int
kep_union(const struct kep_ctx *x, const struct kep_comp *c,
    const struct kep_sol *sols, size_t n, const struct kep_sol *start,
    struct kep_sol *out, double *value, struct troc_err *e)
{
	unsigned char *keepc, *keepa;
	size_t done = 0;
	int ret = -1;

	keepc = calloc(c->ncyc + 1, 1);
	keepa = calloc(c->nchain + 1, 1);
	if (keepc == NULL || keepa == NULL ||
	    mark(x, c, sols, n, keepc, keepa) == -1) {
		troc_err_set(e, NULL, 0, "out of memory");
		goto out;
	}
	ret = kep_fix_solve(x, c, keepc, keepa, start, out, value, &done, e);
out:
	free(keepc), free(keepa);
	return ret;
}
