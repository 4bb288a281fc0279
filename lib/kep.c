/* kep.c: troc_kep_solve: clean the graph, find its short cycles and
 * chain arcs, split it into independent parts, and solve each. */

/*
 * Method. The problem is kidney-exchange clearing. With K = 2 and no
 * chain it is a maximum-weight matching: Edmonds' blossom algorithm
 * (kep_match.c), exact and polynomial. Otherwise it is NP-hard for K >= 3
 * and we solve the cycle formulation with position-indexed chain arcs
 * (PICEF, Dickerson et al. 2016), whose LP relaxation is tight on these
 * graphs (NOTES.md: integral on 6 of 7 models): column generation with
 * Clp over the enumerated cycles, then CBC on the few columns that can
 * still matter when the LP optimum is fractional (kep_model.c). K = 0 is
 * a cycle cover, an assignment problem: arc variables with flow
 * conservation, totally unimodular without chains, so the LP is the
 * answer. A part too large for that LP (LAGR_COLUMNS below) gets a
 * Lagrangian bound and greedy solutions under its prices (kep_lagr.c),
 * improved by solving with the LP and CBC, in pieces, the problem cut to
 * columns the prices favour (kep_fix.c): not always proven, with its gap.
 *
 * Why COIN-OR (Clp, CBC) and not GLPK: NOTES.md measured GLPK 5.0 7 to
 * 27 times slower than CBC on models of 100,000 variables or more, the
 * size of an Ile-de-France graph; both are in Debian with a C interface.
 * The C interfaces have gaps we work around: Cbc_C_Interface gives no LP
 * duals (we run the LP through Clp_C_Interface, which does), and CBC
 * measures time in CPU seconds unless told "timeMode elapsed". Both print
 * nothing at log level 0 (checked by the unit test).
 *
 * Determinism: the graph is sorted, components are taken by their
 * smallest node, both solvers run on one thread, the threaded steps
 * (cycle enumeration, Lagrangian steps) put their results back in a
 * fixed order, and without a time limit every search is bounded by work,
 * not seconds, so the same graph gives the same exchanges. Ties between
 * optima are broken by the solvers' pivoting, so a different COIN-OR
 * build may pick another optimum of the same weight.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "troc/err.h"
#include "troc/kep.h"
#include "troc/mem.h"
#include "troc/parallel.h"
#include "kep_impl.h"

/* Stored cycle nodes before we give up (4 bytes each, plus 16 bytes a
 * cycle): about 600 MB. */
#define MAX_ENTRIES ((size_t)1 << 27)

/* Cycle and chain columns beyond which a part goes to the Lagrangian
 * method (kep_lagr.c) rather than the LP: the LP of 260,000 households
 * (52 million columns) does not end in minutes and takes 6 GB. With a
 * time limit, from far fewer: on 20,000 households (140,000 columns)
 * the LP and CBC need 10 minutes to prove the optimum, and stopped at 60 s
 * they were 2% short of it, where the Lagrangian method is 0.6% short in
 * half a second; on 60,000 (1.8 million arcs), 43% against 1% in 19 s. */
#define LAGR_COLUMNS ((size_t)4000000)
#define LAGR_COLUMNS_TIMED ((size_t)100000)

/* Seconds the solve gets at least when the caller has spent its time
 * limit (time_spent): it then stops at its first look at the clock. */
#define TIME_LEFT_MIN 1e-3

static size_t
lagr_columns(const struct troc_kep_opts *o)
{
#ifdef KEP_TRACE
	if (getenv("KEP_LAGR_COLUMNS"))
		return (size_t)atol(getenv("KEP_LAGR_COLUMNS"));
#endif
	return o->time_limit > 0 ? LAGR_COLUMNS_TIMED : LAGR_COLUMNS;
}

void
troc_kep_opts_init(struct troc_kep_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->k = 3;
	o->l = 3;
}

size_t
kep_threads(const struct kep_ctx *x)
{
	return troc_threads(x->opts != NULL ? x->opts->threads : 0);
}

double
kep_remaining(const struct kep_ctx *x)
{
	double r;

	if (x->deadline <= 0)
		return 0;
	r = x->deadline - kep_now();
	return r > 0.001 ? r : 0.001;
}

int
kep_timed_out(const struct kep_ctx *x)
{
	return x->deadline > 0 && kep_now() >= x->deadline;
}

double
kep_grid_floor(const struct kep_ctx *x, double b)
{
	if (x->grid <= 0)
		return b;
	return floor(b / x->grid + 1e-6) * x->grid;
}

/* Is z (a solution's value) the optimum, given the bound b? */
int
kep_closed(const struct kep_ctx *x, double z, double b)
{
	if (x->grid > 0)
		return llround(b / x->grid) <= llround(z / x->grid);
	return b - z <= 1e-9 * (fabs(z) > 1 ? fabs(z) : 1);
}

void
kep_progress(const struct kep_ctx *x, const char *what, size_t step,
    double best, double bound)
{
	struct troc_kep_progress p;

	if (x->opts == NULL || x->opts->progress == NULL)
		return;
	p.what = what;
	p.part = x->part;
	p.parts = x->parts;
	p.nodes = x->nodes;
	p.step = step;
	p.best = best;
	p.bound = bound;
	p.seconds = kep_now() - x->t0;
	x->opts->progress(x->opts->progress_arg, &p);
}

void
troc_kep_result_init(struct troc_kep_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
troc_kep_result_release(struct troc_kep_result *r)
{
	free(r->ex);
	free(r->nodes);
	troc_kep_result_init(r);
}

static int
check(const struct troc_graph *g, const struct troc_kep_opts *o,
    struct troc_err *e)
{
	size_t i;

	if (o->k < 0 || o->l < 0) {
		troc_err_set(e, NULL, 0, "k and l must be >= 0");
		return -1;
	}
	if (!(o->time_limit >= 0) || isinf(o->time_limit)) {
		troc_err_set(e, NULL, 0, "time limit must be a number >= 0");
		return -1;
	}
	if (!(o->time_spent >= 0) || isinf(o->time_spent)) {
		troc_err_set(e, NULL, 0, "time spent must be a number >= 0");
		return -1;
	}
	if (o->method != TROC_KEP_AUTO && o->method != TROC_KEP_MIP &&
	    o->method != TROC_KEP_LAGR) {
		troc_err_set(e, NULL, 0, "unknown method %d", o->method);
		return -1;
	}
	if (g->n >= UINT32_MAX - 1 || (g->n > 0 && g->vacancy == NULL)) {
		troc_err_set(e, NULL, 0, "malformed graph");
		return -1;
	}
	for (i = 0; i < g->m; i++) {
		if (g->from[i] >= g->n || g->to[i] >= g->n) {
			troc_err_set(e, NULL, 0, "arc %zu: node out of range",
			    i);
			return -1;
		}
		if (!isfinite(g->w[i]) || g->w[i] < 0) {
			troc_err_set(e, NULL, 0, "arc %zu: weight %g is not a "
			    "finite number >= 0", i, g->w[i]);
			return -1;
		}
	}
	return 0;
}

/* The decimal step every weight is a multiple of (1, 0.1, ... 1e-6), or
 * 0 when there is none or the sums would not be exact in a double. */
static double
grid_of(const struct kep_net *t)
{
	double scale = 1, v, sum = 0;
	size_t a;
	int d;

	for (a = 0; a < t->m; a++)
		sum += t->ow[a];
	for (d = 0; d <= 6; d++, scale *= 10) {
		if (sum * scale > 0x1p50)
			return 0;
		for (a = 0; a < t->m; a++) {
			v = t->ow[a] * scale;
			if (fabs(v - nearbyint(v)) > 1e-9 * (v > 1 ? v : 1))
				break;
		}
		if (a == t->m)
			return 1 / scale;
	}
	return 0;
}

/* Everything troc_kep_solve builds, to free in one place. */
struct work {
	struct kep_net t;
	struct kep_pool pool;
	uint32_t *scc, *root, *loc, *cnode;
	int32_t *dvac;
	unsigned char *cycarc, *chainarc;
	size_t ncomp;
	size_t *nstart, *cstart, *astart, *zstart;	/* per component */
	size_t *cyc, *chain, *zarc;
	struct kep_sol sol;
};

static void
work_free(struct work *w)
{
	kep_net_release(&w->t);
	kep_pool_release(&w->pool);
	free(w->scc), free(w->root), free(w->loc), free(w->cnode);
	free(w->dvac), free(w->cycarc), free(w->chainarc);
	free(w->nstart), free(w->cstart), free(w->astart), free(w->zstart);
	free(w->cyc), free(w->chain), free(w->zarc);
	kep_sol_release(&w->sol);
}

uint32_t
kep_root(uint32_t *root, uint32_t v)
{
	uint32_t r = v, n;

	while (root[r] != r)
		r = root[r];
	while (root[v] != r) {
		n = root[v];
		root[v] = r;
		v = n;
	}
	return r;
}

/* Mark the arcs on a short cycle (cycarc) and on a short chain
 * (chainarc). */
static int
mark_arcs(struct work *w, const struct troc_kep_opts *o,
    struct troc_kep_stats *st, struct troc_err *e)
{
	struct kep_net *t = &w->t;
	size_t a, n = (size_t)t->n + 1, m = t->m + 1;
	uint32_t u;

	w->scc = malloc(n * sizeof(*w->scc));
	w->dvac = malloc(n * sizeof(*w->dvac));
	w->cycarc = troc_calloc_huge(m, 1);
	w->chainarc = troc_calloc_huge(m, 1);
	if (!w->scc || !w->dvac || !w->cycarc || !w->chainarc ||
	    kep_scc(t, w->scc) == -1) {
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	if (o->k >= 2 && kep_cycles(t, o->k, w->scc, &w->pool, w->cycarc,
	    MAX_ENTRIES, e) == -1)
		return -1;
	st->cycles = w->pool.n;
	if (o->k == 0)
		for (a = 0; a < t->m; a++)
			w->cycarc[a] = !t->vac[t->ofrom[a]] &&
			    w->scc[t->ofrom[a]] == w->scc[t->oto[a]];
	if (o->l >= 1) {
		if (kep_chain_depth(t, o->l, w->dvac) == -1) {
			troc_err_set(e, NULL, 0, "out of memory");
			return -1;
		}
		for (a = 0; a < t->m; a++) {
			u = t->ofrom[a];
			w->chainarc[a] = w->dvac[u] >= 0 && w->dvac[u] < o->l;
		}
	}
	for (a = 0; a < t->m; a++)
		if (w->cycarc[a] || w->chainarc[a])
			st->useful++;
	return 0;
}

/* Bucket the items with a component: those of component c are
 * out[start[c]] .. out[start[c + 1] - 1], in increasing order. */
static int
bucket(size_t ncomp, size_t nitem, const uint32_t *compof, size_t **start,
    size_t **out)
{
	size_t i, *fill;

	*start = calloc(ncomp + 2, sizeof(**start));
	*out = malloc((nitem + 1) * sizeof(**out));
	fill = malloc((ncomp + 1) * sizeof(*fill));
	if (*start == NULL || *out == NULL || fill == NULL) {
		free(fill);
		return -1;
	}
	for (i = 0; i < nitem; i++)
		if (compof[i] != KEP_NONE)
			(*start)[compof[i] + 1]++;
	for (i = 0; i < ncomp; i++)
		(*start)[i + 1] += (*start)[i];
	memcpy(fill, *start, ncomp * sizeof(*fill));
	for (i = 0; i < nitem; i++)
		if (compof[i] != KEP_NONE)
			(*out)[fill[compof[i]]++] = i;
	free(fill);
	return 0;
}

/* Components of the nodes joined by useful arcs, numbered in order of
 * their smallest node: comp[v], or KEP_NONE for a node on no useful arc. */
static int
components(struct work *w, uint32_t *comp)
{
	struct kep_net *t = &w->t;
	uint32_t v, r, *cid;
	size_t a;

	w->root = malloc(((size_t)t->n + 1) * sizeof(*w->root));
	cid = malloc(((size_t)t->n + 1) * sizeof(*cid));
	if (w->root == NULL || cid == NULL) {
		free(cid);
		return -1;
	}
	for (v = 0; v < t->n; v++) {
		w->root[v] = v;
		cid[v] = comp[v] = KEP_NONE;
	}
	for (a = 0; a < t->m; a++)
		if (w->cycarc[a] || w->chainarc[a]) {
			w->root[kep_root(w->root, t->ofrom[a])] =
			    kep_root(w->root, t->oto[a]);
			comp[t->ofrom[a]] = comp[t->oto[a]] = 0;
		}
	w->ncomp = 0;
	for (v = 0; v < t->n; v++) {
		if (comp[v] == KEP_NONE)
			continue;
		r = kep_root(w->root, v);
		if (cid[r] == KEP_NONE)
			cid[r] = (uint32_t)w->ncomp++;
		comp[v] = cid[r];
	}
	free(cid);
	return 0;
}

/* Split the problem: per component, its nodes, cycles, chain arcs and
 * (K = 0) cycle arcs. */
static int
split(struct work *w, int k)
{
	struct kep_net *t = &w->t;
	size_t i, big = (size_t)t->n, *nodes = NULL;
	uint32_t *comp = NULL, *of = NULL;
	int ret = -1;

	if (t->m > big)
		big = t->m;
	if (w->pool.n > big)
		big = w->pool.n;
	comp = malloc(((size_t)t->n + 1) * sizeof(*comp));
	of = malloc((big + 1) * sizeof(*of));
	if (comp == NULL || of == NULL || components(w, comp) == -1)
		goto out;
	if (bucket(w->ncomp, t->n, comp, &w->nstart, &nodes) == -1)
		goto out;
	w->cnode = malloc(((size_t)t->n + 1) * sizeof(*w->cnode));
	if (w->cnode == NULL)
		goto out;
	for (i = 0; i < w->nstart[w->ncomp]; i++)
		w->cnode[i] = (uint32_t)nodes[i];
	for (i = 0; i < w->pool.n; i++)
		of[i] = comp[w->pool.node[w->pool.off[i]]];
	if (bucket(w->ncomp, w->pool.n, of, &w->cstart, &w->cyc) == -1)
		goto out;
	for (i = 0; i < t->m; i++)
		of[i] = w->chainarc[i] ? comp[t->ofrom[i]] : KEP_NONE;
	if (bucket(w->ncomp, t->m, of, &w->astart, &w->chain) == -1)
		goto out;
	for (i = 0; i < t->m; i++)
		of[i] = k == 0 && w->cycarc[i] ? comp[t->ofrom[i]] : KEP_NONE;
	if (bucket(w->ncomp, t->m, of, &w->zstart, &w->zarc) == -1)
		goto out;
	ret = 0;
out:
	free(comp), free(of), free(nodes);
	return ret;
}

/* K = 2 without chains: a maximum-weight matching on the swaps, in
 * integers (the weights times 1/grid, or scaled to 2^40 when they are
 * on no decimal grid: then exact to 1e-12 of the largest). */
static int
solve_matching(struct work *w, const struct kep_comp *c, double grid,
    double *bound)
{
	const struct kep_pool *p = &w->pool;
	int *eu, *ev, *mate, ret = -1;
	int64_t *ew;
	double wmax = 0, scale;
	size_t i, pc;

	eu = malloc((c->ncyc + 1) * sizeof(*eu));
	ev = malloc((c->ncyc + 1) * sizeof(*ev));
	ew = malloc((c->ncyc + 1) * sizeof(*ew));
	mate = malloc((c->nn + 1) * sizeof(*mate));
	if (!eu || !ev || !ew || !mate)
		goto out;
	for (i = 0; i < c->nn; i++)
		w->loc[c->node[i]] = (uint32_t)i;
	for (i = 0; i < c->ncyc; i++)
		if (p->w[c->cyc[i]] > wmax)
			wmax = p->w[c->cyc[i]];
	scale = grid > 0 && wmax / grid < 0x1p40 ? 1 / grid : 0x1p40 / wmax;
	for (i = 0; i < c->ncyc; i++) {
		pc = c->cyc[i];
		eu[i] = (int)w->loc[p->node[p->off[pc]]];
		ev[i] = (int)w->loc[p->node[p->off[pc] + 1]];
		ew[i] = (int64_t)llround(p->w[pc] * scale);
	}
	for (i = 0; i < c->nn; i++)
		w->loc[c->node[i]] = KEP_NONE;
	if (kep_match((int)c->nn, (int)c->ncyc, eu, ev, ew, mate) == -1)
		goto out;
	for (i = 0; i < c->ncyc; i++) {
		pc = c->cyc[i];
		if (mate[eu[i]] != ev[i])
			continue;
		if (kep_sol_add(&w->sol, TROC_KEP_CYCLE, p->node + p->off[pc],
		    2, p->w[pc]) == -1)
			goto out;
		*bound += p->w[pc];
	}
	ret = 0;
out:
	free(eu), free(ev), free(ew), free(mate);
	return ret;
}

static int
solve_parts(struct work *w, const struct troc_kep_opts *o,
    struct troc_kep_result *r, double t0, double deadline,
    struct troc_err *e)
{
	struct kep_ctx x;
	struct kep_comp c;
	size_t i;
	uint32_t v;

	memset(&x, 0, sizeof(x));
	x.t = &w->t;
	x.k = o->k;
	x.l = o->l;
	x.method = o->method;
	x.grid = grid_of(&w->t);
	x.deadline = deadline;
	x.pool = &w->pool;
	x.dvac = w->dvac;
	x.cycarc = w->cycarc;
	x.stats = &r->stats;
	x.opts = o;
	x.t0 = t0;
	x.parts = w->ncomp;
	w->loc = malloc(((size_t)w->t.n + 1) * sizeof(*w->loc));
	if (w->loc == NULL) {
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	for (v = 0; v < w->t.n; v++)
		w->loc[v] = KEP_NONE;
	x.loc = w->loc;
	r->proven = 1;
	r->stats.components = w->ncomp;
	for (i = 0; i < w->ncomp; i++) {
		c.nn = w->nstart[i + 1] - w->nstart[i];
		c.node = w->cnode + w->nstart[i];
		c.ncyc = w->cstart[i + 1] - w->cstart[i];
		c.cyc = w->cyc + w->cstart[i];
		c.nchain = w->astart[i + 1] - w->astart[i];
		c.chain = w->chain + w->astart[i];
		c.nzarc = w->zstart[i + 1] - w->zstart[i];
		c.zarc = w->zarc + w->zstart[i];
		x.part = i + 1;
		x.nodes = c.nn;
		kep_progress(&x, "part", 0, -1, -1);
		if (c.nchain == 0 && c.nzarc == 0 && c.ncyc == 1 &&
		    o->method == TROC_KEP_AUTO) {
			/* one cycle alone: take it */
			if (kep_sol_add(&w->sol, TROC_KEP_CYCLE,
			    w->pool.node + w->pool.off[c.cyc[0]],
			    w->pool.off[c.cyc[0] + 1] -
			    w->pool.off[c.cyc[0]], w->pool.w[c.cyc[0]]) == -1)
				goto oom;
			r->bound += w->pool.w[c.cyc[0]];
		} else if (c.nchain == 0 && c.nzarc == 0 && o->k == 2 &&
		    o->method == TROC_KEP_AUTO) {
			if (c.nn > INT32_MAX / 4 || c.ncyc > INT32_MAX / 2 ||
			    solve_matching(w, &c, x.grid, &r->bound) == -1)
				goto oom;
			r->stats.matchings++;
		} else if (c.nzarc == 0 && (o->method == TROC_KEP_LAGR ||
		    (o->method == TROC_KEP_AUTO && c.ncyc + c.nchain *
		    (size_t)o->l > lagr_columns(o)))) {
			if (kep_lagr_solve(&x, &c, &w->sol, &r->bound,
			    &r->proven, e) == -1)
				return -1;
			r->stats.lagrangian++;
		} else if (kep_model_solve(&x, &c, &w->sol, &r->bound,
		    &r->proven, e) == -1)
			return -1;
	}
	return 0;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
	return -1;
}

/* Exchange i of the solution, for sorting by smallest node. */
struct order {
	uint32_t min;
	size_t i;
};

static int
cmp_order(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;

	return a->min < b->min ? -1 : a->min > b->min;
}

static int
fill_result(const struct kep_sol *s, struct troc_kep_result *r)
{
	struct order *ord;
	size_t i, k, j, len, used = 0;

	ord = malloc((s->n + 1) * sizeof(*ord));
	r->ex = calloc(s->n + 1, sizeof(*r->ex));
	r->nodes = malloc(((s->n ? s->off[s->n] : 0) + 1) *
	    sizeof(*r->nodes));
	if (ord == NULL || r->ex == NULL || r->nodes == NULL) {
		free(ord);
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		ord[i].i = i;
		ord[i].min = s->node[s->off[i]];
		for (k = s->off[i]; k < s->off[i + 1]; k++)
			if (s->node[k] < ord[i].min)
				ord[i].min = s->node[k];
	}
	qsort(ord, s->n, sizeof(*ord), cmp_order);
	r->objective = 0;
	for (j = 0; j < s->n; j++) {
		i = ord[j].i;
		len = s->off[i + 1] - s->off[i];
		memcpy(r->nodes + used, s->node + s->off[i],
		    len * sizeof(*r->nodes));
		r->ex[j].kind = s->kind[i];
		r->ex[j].len = len;
		r->ex[j].node = r->nodes + used;
		r->ex[j].weight = s->w[i];
		used += len;
		r->objective += s->w[i];
		if (s->kind[i] == TROC_KEP_CHAIN) {
			r->nchains++;
			r->moved += len - 1;
		} else {
			if (len == 2)
				r->nswaps++;
			else
				r->ncycles++;
			r->moved += len;
		}
	}
	r->nex = s->n;
	free(ord);
	return 0;
}

double
kep_deadline(const struct troc_kep_opts *o, double t0)
{
	/* what the caller spent counts: a moment is left at least, for
	 * an answer and its bound */
	return o->time_limit > 0 ? t0 + fmax(o->time_limit - o->time_spent,
	    TIME_LEFT_MIN) : 0;
}

int
troc_kep_solve(const struct troc_graph *g, const struct troc_kep_opts *o,
    struct troc_kep_result *r, struct troc_err *e)
{
	struct work w;
	double t0 = kep_now(), deadline;

	troc_kep_result_init(r);
	memset(&w, 0, sizeof(w));
	if (check(g, o, e) == -1)
		return -1;
	deadline = kep_deadline(o, t0);
	if (kep_net_build(&w.t, g, e) == -1)
		goto fail;
	r->stats.arcs = w.t.m;
	KEP_T("T net %.2f\n", kep_now() - t0);
	if (o->progress) {
		struct troc_kep_progress p = { "cycles", 0, 0, 0, 0, -1, -1,
		    kep_now() - t0 };

		o->progress(o->progress_arg, &p);
	}
	if (mark_arcs(&w, o, &r->stats, e) == -1)
		goto fail;
	KEP_T("T marked %.2f cycles %zu\n", kep_now() - t0, w.pool.n);
	if (split(&w, o->k) == -1) {
		troc_err_set(e, NULL, 0, "out of memory");
		goto fail;
	}
	KEP_T("T split %.2f\n", kep_now() - t0);
	if (solve_parts(&w, o, r, t0, deadline, e) == -1)
		goto fail;
	if (fill_result(&w.sol, r) == -1) {
		troc_err_set(e, NULL, 0, "out of memory");
		goto fail;
	}
	/* the bound is a sum over parts: never report it below the
	 * objective it bounds because of rounding */
	if (r->proven || r->bound < r->objective)
		r->bound = r->objective;
	r->stats.seconds = kep_now() - t0;
	work_free(&w);
	return 0;
fail:
	work_free(&w);
	{
		struct troc_kep_stats st = r->stats;

		troc_kep_result_release(r);
		r->stats = st;
	}
	return -1;
}
