/* kep_match.c: maximum-weight matching in a general graph (Edmonds'
 * blossom algorithm with dual variables, O(n^3)), for swaps (K = 2). */

/*
 * This follows the structure of Joris van Rantwijk's public-domain
 * mwmatching.py (the algorithm networkx uses), from Galil, "Efficient
 * algorithms for finding maximum matching in graphs" (1986), in integer
 * arithmetic: edge weights are doubled on entry so that every dual
 * change stays an integer. Vertex duals hold 2 u(v); a slack is
 * u(i) + u(j) - w(i, j), doubled.
 *
 * Endpoint p of edge k is 2k (its first vertex) or 2k + 1 (its second);
 * p ^ 1 is the other end. mate[v] is the endpoint of v's partner, or -1.
 * Vertices are 0..nv-1, blossoms nv..2nv-1.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kep_impl.h"

struct mw {
	int nv, ne;
	const int *eu, *ev;
	int64_t *w;		/* doubled weights */
	int *endpoint;		/* 2 ne */
	int *nbstart, *nb;	/* endpoints p of the edges at each vertex */
	int *mate;
	int *label, *labelend, *inblossom, *bparent, *bbase, *bestedge;
	int **childs, *nchilds, **endps;
	int **bbest, *nbbest;	/* nbbest[b] < 0: none kept */
	int *unused, nunused;
	int64_t *dual;
	unsigned char *allow;
	int *queue, nq, qcap;
	int *leaves;		/* scratch: leaves of one blossom */
	int *bestto;		/* scratch: 2 nv, -1 */
	int *tmp;		/* scratch: 2 nv */
};

static int64_t
slack(const struct mw *g, int k)
{
	return g->dual[g->eu[k]] + g->dual[g->ev[k]] - 2 * g->w[k];
}

/* Leaves of b into g->leaves; returns their count. */
static int
leaves(struct mw *g, int b)
{
	int *stack = g->tmp, ns = 0, nl = 0, i, t;

	stack[ns++] = b;
	while (ns > 0) {
		t = stack[--ns];
		if (t < g->nv) {
			g->leaves[nl++] = t;
			continue;
		}
		/* push in reverse so that leaves come out in child order */
		for (i = g->nchilds[t] - 1; i >= 0; i--)
			stack[ns++] = g->childs[t][i];
	}
	return nl;
}

static int
push(struct mw *g, int v)
{
	int *q;

	if (g->nq == g->qcap) {
		q = realloc(g->queue, 2 * (size_t)g->qcap * sizeof(*q));
		if (q == NULL)
			return -1;
		g->queue = q;
		g->qcap *= 2;
	}
	g->queue[g->nq++] = v;
	return 0;
}

static int
assign_label(struct mw *g, int w, int t, int p)
{
	int b, base, n, i;

	for (;;) {
		b = g->inblossom[w];
		g->label[w] = g->label[b] = t;
		g->labelend[w] = g->labelend[b] = p;
		g->bestedge[w] = g->bestedge[b] = -1;
		if (t == 1) {
			n = leaves(g, b);
			for (i = 0; i < n; i++)
				if (push(g, g->leaves[i]) == -1)
					return -1;
			return 0;
		}
		base = g->bbase[b];
		w = g->endpoint[g->mate[base]];
		t = 1;
		p = g->mate[base] ^ 1;
	}
}

/* Trace back from v and w to a common base: returns it, or -1 when the
 * paths reach two different roots (an augmenting path). */
static int
scan_blossom(struct mw *g, int v, int w)
{
	int *path = g->tmp, np = 0, base = -1, b, tv, i;

	while (v != -1 || w != -1) {
		b = g->inblossom[v];
		if (g->label[b] & 4) {
			base = g->bbase[b];
			break;
		}
		path[np++] = b;
		g->label[b] = 5;
		if (g->labelend[b] == -1)
			v = -1;
		else {
			v = g->endpoint[g->labelend[b]];
			b = g->inblossom[v];
			v = g->endpoint[g->labelend[b]];
		}
		if (w != -1) {
			tv = v;
			v = w;
			w = tv;
		}
	}
	for (i = 0; i < np; i++)
		g->label[path[i]] = 1;
	return base;
}

static int
add_blossom(struct mw *g, int base, int k)
{
	int v = g->eu[k], w = g->ev[k], bb, bv, bw, b, np, i, j, n, bj, kk;
	int *path, *ep, *nbl, nn;
	int64_t s;

	bb = g->inblossom[base];
	bv = g->inblossom[v];
	bw = g->inblossom[w];
	b = g->unused[--g->nunused];
	g->bbase[b] = base;
	g->bparent[b] = -1;
	g->bparent[bb] = b;
	/* at most nv sub-blossoms: collect in scratch, then copy */
	path = malloc(2 * (size_t)g->nv * sizeof(*path));
	ep = malloc(2 * (size_t)g->nv * sizeof(*ep));
	if (path == NULL || ep == NULL) {
		free(path);
		free(ep);
		return -1;
	}
	np = 0;
	while (bv != bb) {
		g->bparent[bv] = b;
		path[np] = bv;
		ep[np++] = g->labelend[bv];
		v = g->endpoint[g->labelend[bv]];
		bv = g->inblossom[v];
	}
	path[np] = bb;
	ep[np++] = 0;	/* placeholder, reversed to the end below */
	/* reverse path[0..np-1] and ep[0..np-2], then append 2k */
	for (i = 0, j = np - 1; i < j; i++, j--) {
		n = path[i];
		path[i] = path[j];
		path[j] = n;
	}
	for (i = 0, j = np - 2; i < j; i++, j--) {
		n = ep[i];
		ep[i] = ep[j];
		ep[j] = n;
	}
	ep[np - 1] = 2 * k;
	while (bw != bb) {
		g->bparent[bw] = b;
		path[np] = bw;
		ep[np++] = g->labelend[bw] ^ 1;
		w = g->endpoint[g->labelend[bw]];
		bw = g->inblossom[w];
	}
	g->childs[b] = path;
	g->endps[b] = ep;
	g->nchilds[b] = np;
	g->label[b] = 1;
	g->labelend[b] = g->labelend[bb];
	g->dual[b] = 0;
	n = leaves(g, b);
	for (i = 0; i < n; i++) {
		v = g->leaves[i];
		if (g->label[g->inblossom[v]] == 2)
			if (push(g, v) == -1)
				return -1;
		g->inblossom[v] = b;
	}
	/* best edge from the new blossom to each neighbouring S-blossom */
	for (i = 0; i < np; i++) {
		bv = path[i];
		if (g->nbbest[bv] >= 0) {
			nbl = g->bbest[bv];
			nn = g->nbbest[bv];
			for (j = 0; j < nn; j++) {
				kk = nbl[j];
				bj = g->inblossom[g->eu[kk]];
				if (bj == b)
					bj = g->inblossom[g->ev[kk]];
				if (bj != b && g->label[bj] == 1 &&
				    (g->bestto[bj] == -1 ||
				    slack(g, kk) < slack(g, g->bestto[bj])))
					g->bestto[bj] = kk;
			}
		} else {
			int nl = leaves(g, bv), li, q;

			for (li = 0; li < nl; li++) {
				v = g->leaves[li];
				for (q = g->nbstart[v]; q < g->nbstart[v + 1];
				    q++) {
					kk = g->nb[q] / 2;
					bj = g->inblossom[g->eu[kk]];
					if (bj == b)
						bj = g->inblossom[g->ev[kk]];
					if (bj != b && g->label[bj] == 1 &&
					    (g->bestto[bj] == -1 ||
					    slack(g, kk) <
					    slack(g, g->bestto[bj])))
						g->bestto[bj] = kk;
				}
			}
		}
		free(g->bbest[bv]);
		g->bbest[bv] = NULL;
		g->nbbest[bv] = -1;
		g->bestedge[bv] = -1;
	}
	for (n = 0, j = 0; j < 2 * g->nv; j++)
		if (g->bestto[j] != -1)
			n++;
	g->bbest[b] = malloc(((size_t)n + 1) * sizeof(int));
	if (g->bbest[b] == NULL)
		return -1;
	g->nbbest[b] = 0;
	g->bestedge[b] = -1;
	for (j = 0; j < 2 * g->nv; j++) {
		kk = g->bestto[j];
		if (kk == -1)
			continue;
		g->bestto[j] = -1;
		g->bbest[b][g->nbbest[b]++] = kk;
		s = slack(g, kk);
		if (g->bestedge[b] == -1 || s < slack(g, g->bestedge[b]))
			g->bestedge[b] = kk;
	}
	return 0;
}

#define AT(a, len, j) ((a)[(j) < 0 ? (j) + (len) : (j)])

static int
expand_blossom(struct mw *g, int b, int endstage)
{
	int i, s, n, j, jstep, endptrick, p, bv, len, entry, v, li, nl;

	for (i = 0; i < g->nchilds[b]; i++) {
		s = g->childs[b][i];
		g->bparent[s] = -1;
		if (s < g->nv)
			g->inblossom[s] = s;
		else if (endstage && g->dual[s] == 0) {
			if (expand_blossom(g, s, endstage) == -1)
				return -1;
		} else {
			n = leaves(g, s);
			for (j = 0; j < n; j++)
				g->inblossom[g->leaves[j]] = s;
		}
	}
	if (!endstage && g->label[b] == 2) {
		len = g->nchilds[b];
		entry = g->inblossom[g->endpoint[g->labelend[b] ^ 1]];
		for (j = 0; g->childs[b][j] != entry; j++)
			;
		if (j & 1) {
			j -= len;
			jstep = 1;
			endptrick = 0;
		} else {
			jstep = -1;
			endptrick = 1;
		}
		p = g->labelend[b];
		while (j != 0) {
			g->label[g->endpoint[p ^ 1]] = 0;
			g->label[g->endpoint[AT(g->endps[b], len,
			    j - endptrick) ^ endptrick ^ 1]] = 0;
			if (assign_label(g, g->endpoint[p ^ 1], 2, p) == -1)
				return -1;
			g->allow[AT(g->endps[b], len, j - endptrick) / 2] = 1;
			j += jstep;
			p = AT(g->endps[b], len, j - endptrick) ^ endptrick;
			g->allow[p / 2] = 1;
			j += jstep;
		}
		bv = AT(g->childs[b], len, j);
		g->label[g->endpoint[p ^ 1]] = g->label[bv] = 2;
		g->labelend[g->endpoint[p ^ 1]] = g->labelend[bv] = p;
		g->bestedge[bv] = -1;
		j += jstep;
		while (AT(g->childs[b], len, j) != entry) {
			bv = AT(g->childs[b], len, j);
			if (g->label[bv] == 1) {
				j += jstep;
				continue;
			}
			nl = leaves(g, bv);
			v = -1;
			for (li = 0; li < nl; li++) {
				v = g->leaves[li];
				if (g->label[v] != 0)
					break;
			}
			if (v != -1 && g->label[v] != 0) {
				g->label[v] = 0;
				g->label[g->endpoint[g->mate[g->bbase[bv]]]] = 0;
				if (assign_label(g, v, 2, g->labelend[v]) == -1)
					return -1;
			}
			j += jstep;
		}
	}
	g->label[b] = g->labelend[b] = -1;
	free(g->childs[b]);
	free(g->endps[b]);
	g->childs[b] = g->endps[b] = NULL;
	g->nchilds[b] = 0;
	g->bbase[b] = -1;
	free(g->bbest[b]);
	g->bbest[b] = NULL;
	g->nbbest[b] = -1;
	g->bestedge[b] = -1;
	g->unused[g->nunused++] = b;
	return 0;
}

/* Swap matched and unmatched edges on the path through blossom b from
 * vertex v to its base, and make v the base. */
static void
augment_blossom(struct mw *g, int b, int v)
{
	int t, i, j, jstep, endptrick, p, len, k;

	t = v;
	while (g->bparent[t] != b)
		t = g->bparent[t];
	if (t >= g->nv)
		augment_blossom(g, t, v);
	len = g->nchilds[b];
	for (i = 0; g->childs[b][i] != t; i++)
		;
	j = i;
	if (i & 1) {
		j -= len;
		jstep = 1;
		endptrick = 0;
	} else {
		jstep = -1;
		endptrick = 1;
	}
	while (j != 0) {
		j += jstep;
		t = AT(g->childs[b], len, j);
		p = AT(g->endps[b], len, j - endptrick) ^ endptrick;
		if (t >= g->nv)
			augment_blossom(g, t, g->endpoint[p]);
		j += jstep;
		t = AT(g->childs[b], len, j);
		if (t >= g->nv)
			augment_blossom(g, t, g->endpoint[p ^ 1]);
		g->mate[g->endpoint[p]] = p ^ 1;
		g->mate[g->endpoint[p ^ 1]] = p;
	}
	/* rotate the child and endpoint lists so that t comes first */
	for (k = 0; k < len; k++)
		g->tmp[k] = g->childs[b][(i + k) % len];
	memcpy(g->childs[b], g->tmp, (size_t)len * sizeof(int));
	for (k = 0; k < len; k++)
		g->tmp[k] = g->endps[b][(i + k) % len];
	memcpy(g->endps[b], g->tmp, (size_t)len * sizeof(int));
	g->bbase[b] = g->bbase[g->childs[b][0]];
}

static void
augment_matching(struct mw *g, int k)
{
	int s, p, bs, t, bt, j, side;

	for (side = 0; side < 2; side++) {
		s = side == 0 ? g->eu[k] : g->ev[k];
		p = side == 0 ? 2 * k + 1 : 2 * k;
		for (;;) {
			bs = g->inblossom[s];
			if (bs >= g->nv)
				augment_blossom(g, bs, s);
			g->mate[s] = p;
			if (g->labelend[bs] == -1)
				break;
			t = g->endpoint[g->labelend[bs]];
			bt = g->inblossom[t];
			s = g->endpoint[g->labelend[bt]];
			j = g->endpoint[g->labelend[bt] ^ 1];
			if (bt >= g->nv)
				augment_blossom(g, bt, j);
			g->mate[j] = g->labelend[bt];
			p = g->labelend[bt] ^ 1;
		}
	}
}

/* Scan the queue of S-vertices; returns 1 after an augmentation, 0 when
 * the queue ran dry, -1 when out of memory. */
static int
scan_queue(struct mw *g)
{
	int v, q, p, k, w, base, b;
	int64_t ks = 0;

	while (g->nq > 0) {
		v = g->queue[--g->nq];
		for (q = g->nbstart[v]; q < g->nbstart[v + 1]; q++) {
			p = g->nb[q];
			k = p / 2;
			w = g->endpoint[p];
			if (g->inblossom[v] == g->inblossom[w])
				continue;
			if (!g->allow[k]) {
				ks = slack(g, k);
				if (ks <= 0)
					g->allow[k] = 1;
			}
			if (g->allow[k]) {
				if (g->label[g->inblossom[w]] == 0) {
					if (assign_label(g, w, 2, p ^ 1) == -1)
						return -1;
				} else if (g->label[g->inblossom[w]] == 1) {
					base = scan_blossom(g, v, w);
					if (base >= 0) {
						if (add_blossom(g, base, k) == -1)
							return -1;
					} else {
						augment_matching(g, k);
						return 1;
					}
				} else if (g->label[w] == 0) {
					g->label[w] = 2;
					g->labelend[w] = p ^ 1;
				}
			} else if (g->label[g->inblossom[w]] == 1) {
				b = g->inblossom[v];
				if (g->bestedge[b] == -1 ||
				    ks < slack(g, g->bestedge[b]))
					g->bestedge[b] = k;
			} else if (g->label[w] == 0) {
				if (g->bestedge[w] == -1 ||
				    ks < slack(g, g->bestedge[w]))
					g->bestedge[w] = k;
			}
		}
	}
	return 0;
}

/* Change the duals by the largest step that keeps them feasible, then
 * act on what limited it. Returns 1 when the stage is over (no
 * augmenting path can exist), 0 to go on, -1 when out of memory. */
static int
dual_step(struct mw *g)
{
	int v, b, type = 1, edge = -1, blossom = -1, nv = g->nv, i, j;
	int64_t delta, d;

	delta = g->dual[0];
	for (v = 1; v < nv; v++)
		if (g->dual[v] < delta)
			delta = g->dual[v];
	for (v = 0; v < nv; v++)
		if (g->label[g->inblossom[v]] == 0 && g->bestedge[v] != -1) {
			d = slack(g, g->bestedge[v]);
			if (d < delta) {
				delta = d;
				type = 2;
				edge = g->bestedge[v];
			}
		}
	for (b = 0; b < 2 * nv; b++)
		if (g->bparent[b] == -1 && g->label[b] == 1 &&
		    g->bestedge[b] != -1) {
			d = slack(g, g->bestedge[b]) / 2;
			if (d < delta) {
				delta = d;
				type = 3;
				edge = g->bestedge[b];
			}
		}
	for (b = nv; b < 2 * nv; b++)
		if (g->bbase[b] >= 0 && g->bparent[b] == -1 &&
		    g->label[b] == 2 && g->dual[b] < delta) {
			delta = g->dual[b];
			type = 4;
			blossom = b;
		}
	for (v = 0; v < nv; v++) {
		if (g->label[g->inblossom[v]] == 1)
			g->dual[v] -= delta;
		else if (g->label[g->inblossom[v]] == 2)
			g->dual[v] += delta;
	}
	for (b = nv; b < 2 * nv; b++)
		if (g->bbase[b] >= 0 && g->bparent[b] == -1) {
			if (g->label[b] == 1)
				g->dual[b] += delta;
			else if (g->label[b] == 2)
				g->dual[b] -= delta;
		}
	switch (type) {
	case 1:
		return 1;
	case 2:
	case 3:
		g->allow[edge] = 1;
		i = g->eu[edge];
		j = g->ev[edge];
		if (type == 2 && g->label[g->inblossom[i]] == 0)
			i = j;
		return push(g, i);
	default:
		return expand_blossom(g, blossom, 0);
	}
}

static int
stage(struct mw *g)
{
	int v, b, r;

	memset(g->allow, 0, (size_t)g->ne);
	for (b = 0; b < 2 * g->nv; b++) {
		g->label[b] = 0;
		g->bestedge[b] = -1;
		if (b >= g->nv && g->nbbest[b] >= 0) {
			free(g->bbest[b]);
			g->bbest[b] = NULL;
			g->nbbest[b] = -1;
		}
	}
	g->nq = 0;
	for (v = 0; v < g->nv; v++)
		if (g->mate[v] == -1 && g->label[g->inblossom[v]] == 0)
			if (assign_label(g, v, 1, -1) == -1)
				return -1;
	for (;;) {
		r = scan_queue(g);
		if (r != 0)
			break;
		r = dual_step(g);
		if (r == -1)
			return -1;
		if (r == 1)
			return 0;	/* optimum reached */
	}
	if (r == -1)
		return -1;
	/* end of stage: expand S-blossoms whose dual fell to zero */
	for (b = g->nv; b < 2 * g->nv; b++)
		if (g->bparent[b] == -1 && g->bbase[b] >= 0 &&
		    g->label[b] == 1 && g->dual[b] == 0)
			if (expand_blossom(g, b, 1) == -1)
				return -1;
	return 1;
}

static void
mw_free(struct mw *g)
{
	int b;

	if (g->childs != NULL)
		for (b = 0; b < 2 * g->nv; b++) {
			free(g->childs[b]);
			free(g->endps[b]);
			free(g->bbest[b]);
		}
	free(g->w);
	free(g->endpoint);
	free(g->nbstart);
	free(g->nb);
	free(g->label);
	free(g->labelend);
	free(g->inblossom);
	free(g->bparent);
	free(g->bbase);
	free(g->bestedge);
	free(g->childs);
	free(g->nchilds);
	free(g->endps);
	free(g->bbest);
	free(g->nbbest);
	free(g->unused);
	free(g->dual);
	free(g->allow);
	free(g->queue);
	free(g->leaves);
	free(g->bestto);
	free(g->tmp);
}

static int
mw_alloc(struct mw *g)
{
	size_t nv = (size_t)g->nv, ne = (size_t)g->ne, n2 = 2 * nv + 1;

	g->w = malloc((ne + 1) * sizeof(*g->w));
	g->endpoint = malloc((2 * ne + 1) * sizeof(int));
	g->nbstart = calloc(nv + 1, sizeof(int));
	g->nb = malloc((2 * ne + 1) * sizeof(int));
	g->label = malloc(n2 * sizeof(int));
	g->labelend = malloc(n2 * sizeof(int));
	g->inblossom = malloc(n2 * sizeof(int));
	g->bparent = malloc(n2 * sizeof(int));
	g->bbase = malloc(n2 * sizeof(int));
	g->bestedge = malloc(n2 * sizeof(int));
	g->childs = calloc(n2, sizeof(int *));
	g->nchilds = calloc(n2, sizeof(int));
	g->endps = calloc(n2, sizeof(int *));
	g->bbest = calloc(n2, sizeof(int *));
	g->nbbest = malloc(n2 * sizeof(int));
	g->unused = malloc(n2 * sizeof(int));
	g->dual = malloc(n2 * sizeof(int64_t));
	g->allow = malloc(ne + 1);
	g->qcap = 2 * g->nv + 16;
	g->queue = malloc((size_t)g->qcap * sizeof(int));
	g->leaves = malloc(n2 * sizeof(int));
	g->bestto = malloc(n2 * sizeof(int));
	g->tmp = malloc(2 * n2 * sizeof(int));
	return g->w && g->endpoint && g->nbstart && g->nb && g->label &&
	    g->labelend && g->inblossom && g->bparent && g->bbase &&
	    g->bestedge && g->childs && g->nchilds && g->endps && g->bbest &&
	    g->nbbest && g->unused && g->dual && g->allow && g->queue &&
	    g->leaves && g->bestto && g->tmp ? 0 : -1;
}

static int
blossom(int nv, int ne, const int *eu, const int *ev, const int64_t *ew,
    int *mate)
{
	struct mw g;
	int v, k, b, r = 0;
	int64_t maxw = 0;

	memset(&g, 0, sizeof(g));
	g.nv = nv;
	g.ne = ne;
	g.eu = eu;
	g.ev = ev;
	g.mate = mate;
	for (v = 0; v < nv; v++)
		mate[v] = -1;
	if (nv == 0 || ne == 0)
		return 0;
	if (mw_alloc(&g) == -1) {
		mw_free(&g);
		return -1;
	}
	for (k = 0; k < ne; k++) {
		g.w[k] = 2 * ew[k];
		if (g.w[k] > maxw)
			maxw = g.w[k];
		g.endpoint[2 * k] = eu[k];
		g.endpoint[2 * k + 1] = ev[k];
		g.nbstart[eu[k] + 1]++;
		g.nbstart[ev[k] + 1]++;
	}
	for (v = 0; v < nv; v++)
		g.nbstart[v + 1] += g.nbstart[v];
	for (v = 0; v < nv; v++)
		g.tmp[v] = g.nbstart[v];
	for (k = 0; k < ne; k++) {
		g.nb[g.tmp[eu[k]]++] = 2 * k + 1;
		g.nb[g.tmp[ev[k]]++] = 2 * k;
	}
	for (b = 0; b < 2 * nv; b++) {
		g.labelend[b] = -1;
		g.bparent[b] = -1;
		g.bbase[b] = b < nv ? b : -1;
		g.bestedge[b] = -1;
		g.nbbest[b] = -1;
		g.bestto[b] = -1;
		g.dual[b] = b < nv ? maxw : 0;
		g.label[b] = 0;
		if (b < nv)
			g.inblossom[b] = b;
	}
	g.nunused = 0;
	for (b = 2 * nv - 1; b >= nv; b--)
		g.unused[g.nunused++] = b;
	for (v = 0; v < nv; v++) {
		r = stage(&g);
		if (r != 1)
			break;
	}
	if (r != -1)
		for (v = 0; v < nv; v++)
			if (mate[v] >= 0)
				mate[v] = g.endpoint[mate[v]];
	mw_free(&g);
	return r == -1 ? -1 : 0;
}

/*
 * Pendant vertices first. A vertex v whose only edge (of weight a > 0)
 * goes to u can be set aside: some optimal matching gives u either v or
 * a partner x worth more than a, so the optimum is a plus the optimum of
 * the graph without v where every other edge at u weighs a less (an edge
 * left at 0 or less is dropped; u left alone then takes v). Repeating
 * this empties most sparse graphs (swap graphs have about one and a half
 * edges a household; leaf removal empties random graphs of mean degree
 * below e, Karp and Sipser 1981), so the blossom algorithm, O(n^3), runs
 * on what is left: at Ile-de-France scale minutes become a second. The
 * set-aside vertices get their partner last, in the reverse order.
 */
struct leafred {
	int *start, *adj;	/* incident edges, CSR */
	int64_t *cur;		/* current weight; <= 0: dead */
	int *deg, *queue, *gone, *elim, *local, *cu, *cv, *cmate;
	int64_t *cw;
};

static void
leafred_free(struct leafred *r)
{
	free(r->start), free(r->adj), free(r->cur), free(r->deg);
	free(r->queue), free(r->gone), free(r->elim), free(r->local);
	free(r->cu), free(r->cv), free(r->cmate), free(r->cw);
}

static int
other(const int *eu, const int *ev, int e, int v)
{
	return eu[e] == v ? ev[e] : eu[e];
}

/* Kill edge e: both ends lose a degree; a new pendant vertex is queued. */
static void
kill_edge(struct leafred *r, const int *eu, const int *ev, int e, int *nq)
{
	r->cur[e] = 0;
	if (--r->deg[eu[e]] == 1)
		r->queue[(*nq)++] = eu[e];
	if (--r->deg[ev[e]] == 1)
		r->queue[(*nq)++] = ev[e];
}

int
kep_match(int nv, int ne, const int *eu, const int *ev, const int64_t *ew,
    int *mate)
{
	struct leafred r;
	size_t n1 = (size_t)nv + 1, m1 = (size_t)ne + 1;
	int v, u, e, f, i, nq = 0, qh = 0, nelim = 0, cn = 0, cm = 0, ret = -1;
	int64_t a;

	memset(&r, 0, sizeof(r));
	for (v = 0; v < nv; v++)
		mate[v] = -1;
	r.start = calloc(n1, sizeof(int));
	r.adj = malloc(2 * m1 * sizeof(int));
	r.cur = malloc(m1 * sizeof(int64_t));
	r.deg = calloc(n1, sizeof(int));
	/* a vertex is queued when its degree falls to 1: at most once per
	 * edge end, plus once at the start */
	r.queue = malloc((n1 + 2 * m1) * sizeof(int));
	r.gone = calloc(n1, sizeof(int));
	r.elim = malloc(2 * n1 * sizeof(int));
	r.local = malloc(n1 * sizeof(int));
	if (!r.start || !r.adj || !r.cur || !r.deg || !r.queue || !r.gone ||
	    !r.elim || !r.local)
		goto out;
	for (e = 0; e < ne; e++) {
		r.cur[e] = ew[e];
		if (ew[e] > 0 && eu[e] != ev[e]) {
			r.start[eu[e] + 1]++, r.start[ev[e] + 1]++;
			r.deg[eu[e]]++, r.deg[ev[e]]++;
		} else
			r.cur[e] = 0;
	}
	for (v = 0; v < nv; v++)
		r.start[v + 1] += r.start[v];
	for (v = 0; v < nv; v++)
		r.local[v] = r.start[v];
	for (e = 0; e < ne; e++)
		if (r.cur[e] > 0) {
			r.adj[r.local[eu[e]]++] = e;
			r.adj[r.local[ev[e]]++] = e;
		}
	for (v = 0; v < nv; v++)
		if (r.deg[v] == 1)
			r.queue[nq++] = v;
	while (qh < nq) {
		v = r.queue[qh++];
		if (r.gone[v] || r.deg[v] != 1)
			continue;
		for (i = r.start[v], e = -1; i < r.start[v + 1]; i++)
			if (r.cur[r.adj[i]] > 0) {
				e = r.adj[i];
				break;
			}
		u = other(eu, ev, e, v);
		a = r.cur[e];
		r.gone[v] = 1;
		r.elim[2 * nelim] = v;
		r.elim[2 * nelim + 1] = u;
		nelim++;
		r.cur[e] = 0;
		r.deg[v] = 0;
		r.deg[u]--;
		for (i = r.start[u]; i < r.start[u + 1]; i++) {
			f = r.adj[i];
			if (r.cur[f] <= 0)
				continue;
			r.cur[f] -= a;
			if (r.cur[f] <= 0)
				kill_edge(&r, eu, ev, f, &nq);
		}
		if (r.deg[u] == 1)
			r.queue[nq++] = u;
	}
	/* the core: vertices still on an edge, renumbered */
	for (v = 0; v < nv; v++)
		r.local[v] = !r.gone[v] && r.deg[v] > 0 ? cn++ : -1;
	for (e = 0; e < ne; e++)
		cm += r.cur[e] > 0;
	r.cu = malloc(((size_t)cm + 1) * sizeof(int));
	r.cv = malloc(((size_t)cm + 1) * sizeof(int));
	r.cw = malloc(((size_t)cm + 1) * sizeof(int64_t));
	r.cmate = malloc(((size_t)cn + 1) * sizeof(int));
	if (!r.cu || !r.cv || !r.cw || !r.cmate)
		goto out;
	for (e = 0, i = 0; e < ne; e++)
		if (r.cur[e] > 0) {
			r.cu[i] = r.local[eu[e]];
			r.cv[i] = r.local[ev[e]];
			r.cw[i++] = r.cur[e];
		}
	KEP_T("T leaves %d of %d vertices, core %d vertices %d edges of %d\n", nelim, nv, cn, cm, ne);
	if (cm > 0 && blossom(cn, cm, r.cu, r.cv, r.cw, r.cmate) == -1)
		goto out;
	for (v = 0; v < nv; v++)
		if (r.local[v] >= 0 && cm > 0 && r.cmate[r.local[v]] >= 0)
			mate[v] = -2 - r.cmate[r.local[v]];	/* core number */
	for (v = 0; v < nv; v++)
		if (r.local[v] >= 0)
			r.cmate[r.local[v]] = v;	/* core number -> vertex */
	for (v = 0; v < nv; v++)
		if (mate[v] <= -2)
			mate[v] = r.cmate[-2 - mate[v]];
	for (i = nelim - 1; i >= 0; i--) {
		v = r.elim[2 * i];
		u = r.elim[2 * i + 1];
		if (mate[u] == -1) {
			mate[u] = v;
			mate[v] = u;
		}
	}
	ret = 0;
out:
	leafred_free(&r);
	return ret;
}
