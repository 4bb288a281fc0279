/* kep_mip.c: from a component's LP to its best exchanges: rounding,
 * price-and-dive, then CBC on the columns that can still matter. */

/*
 * When the LP optimum (over every cycle, by column generation) is
 * integral, it is the answer. Otherwise:
 *
 *  1. round it (columns of value > 0.5, then the other cycles of its
 *     support that fit), and dive: fix the fractional column of largest
 *     value to 1, re-solve the LP pricing in the cycles that still fit,
 *     round again... The dive usually meets the bound.
 *  2. A solution better than the best known zi can only use columns of
 *     reduced cost >= zi + step - UB (UB the Lagrangian bound of
 *     kep_model.c, step the weights' grid), as z(x) <= UB + rc(c) for
 *     every column c of x. CBC gets those only, so its answer (or its
 *     bound, when time is short) holds for the whole component. When
 *     there are too many of them, a node-limited CBC run on the best ones
 *     first raises zi, which narrows them.
 *
 * The best solution known (struct inc) names cycles by their number in
 * the component and the other columns by their LP column, so it carries
 * over from one set of columns to another.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>

#include "troc/err.h"
#include "kep_impl.h"

/* Columns a CBC run over the best reduced costs gets, its nodes, and the
 * largest component (households) it is worth trying on. */
#define MIP_WIDE 3000
#define MIP_NODES 200
#define MIP_SMALL 5000

/* The best solution known. */
struct inc {
	double value;
	unsigned char *cyc;	/* per component cycle */
	unsigned char *fix;	/* per chain or arc column (of md->fx) */
};

/* Scratch for turning column values into a solution. */
struct pick {
	unsigned char *used;	/* per local node */
	unsigned char *keep;	/* per column */
	size_t cap;
	double value;
};

static int
pick_fit(struct pick *pk, size_t n)
{
	unsigned char *k;

	if (n + 1 <= pk->cap)
		return 0;
	if ((k = realloc(pk->keep, 2 * n + 1)) == NULL)
		return -1;
	pk->keep = k;
	pk->cap = 2 * n + 1;
	return 0;
}

static void
pick_cycle(const struct cols *c, size_t j, struct pick *pk)
{
	int k;

	for (k = c->start[j]; k < c->start[j + 1]; k++)
		if (pk->used[c->row[k]])
			return;
	for (k = c->start[j]; k < c->start[j + 1]; k++)
		pk->used[c->row[k]] = 1;
	pk->keep[j] = 1;
	pk->value += c->obj[j];
}

/* Follow chain columns of value > 0.5 from each vacancy, position by
 * position. succ: nn scratch entries. */
static void
pick_chains(const struct model *md, const struct cols *c, const double *xv,
    struct pick *pk, size_t *succ)
{
	const struct kep_net *t = md->x->t;
	size_t nn = md->c->nn, j, i;
	uint32_t u, v;
	int step;

	for (i = 0; i < nn; i++)
		succ[i] = SIZE_MAX;
	for (j = 0; j < c->n; j++)
		if (c->kind[j] == COL_CHAIN && xv[j] > 0.5) {
			u = kep_loc(md, t->ofrom[c->ref[j]]);
			if (succ[u] == SIZE_MAX)
				succ[u] = j;
		}
	for (i = 0; i < nn; i++) {
		if (!t->vac[md->c->node[i]] || pk->used[i])
			continue;
		u = (uint32_t)i;
		for (step = 1; succ[u] != SIZE_MAX; step++) {
			j = succ[u];
			v = kep_loc(md, t->oto[c->ref[j]]);
			if (c->pos[j] != step || pk->used[v])
				break;
			pk->used[u] = pk->used[v] = 1;
			pk->keep[j] = 1;
			pk->value += c->obj[j];
			u = v;
		}
	}
}

/* Follow arc columns (K = 0) of value > 0.5 round closed cycles. */
static void
pick_arcs(const struct model *md, const struct cols *c, const double *xv,
    struct pick *pk, size_t *succ, uint32_t *seen)
{
	const struct kep_net *t = md->x->t;
	size_t nn = md->c->nn, j, i, len;
	uint32_t u;

	for (i = 0; i < nn; i++) {
		succ[i] = SIZE_MAX;
		seen[i] = 0;
	}
	for (j = 0; j < c->n; j++)
		if (c->kind[j] == COL_ARC && xv[j] > 0.5) {
			u = kep_loc(md, t->ofrom[c->ref[j]]);
			if (succ[u] == SIZE_MAX)
				succ[u] = j;
		}
	for (i = 0; i < nn; i++) {
		if (seen[i] || pk->used[i] || succ[i] == SIZE_MAX)
			continue;
		/* walk until a node seen before: a cycle iff it is i */
		for (u = (uint32_t)i, len = 0; !seen[u] && !pk->used[u] &&
		    succ[u] != SIZE_MAX; len++) {
			seen[u] = 1;
			u = kep_loc(md, t->oto[c->ref[succ[u]]]);
		}
		if (u != i || len < 2)
			continue;
		for (u = (uint32_t)i; len > 0; len--) {
			j = succ[u];
			pk->used[u] = 1;
			pk->keep[j] = 1;
			pk->value += c->obj[j];
			u = kep_loc(md, t->oto[c->ref[j]]);
		}
	}
}

/* A cycle the greedy step may add: by decreasing value, weight, column. */
struct cand {
	double x, w;
	size_t j;
};

static int
cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->x != b->x)
		return a->x > b->x ? -1 : 1;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* From column values xv of the columns c (integral or not), a feasible
 * solution in pk: cycles and chains of value > 0.5, then (greedy) the
 * other cycles of xv's support that still fit. Returns 0 or -1. */
static int
pick(const struct model *md, const struct cols *c, const double *xv,
    int greedy, struct pick *pk)
{
	size_t j, n = 0, *succ;
	uint32_t *seen;
	struct cand *cand = NULL;

	if (pick_fit(pk, c->n) == -1)
		return -1;
	succ = malloc((md->c->nn + 1) * sizeof(*succ));
	seen = malloc((md->c->nn + 1) * sizeof(*seen));
	if (greedy)
		cand = malloc((c->n + 1) * sizeof(*cand));
	if (succ == NULL || seen == NULL || (greedy && cand == NULL)) {
		free(succ), free(seen), free(cand);
		return -1;
	}
	memset(pk->used, 0, md->c->nn);
	memset(pk->keep, 0, c->n);
	pk->value = 0;
	for (j = 0; j < c->n; j++)
		if (c->kind[j] == COL_CYCLE && xv[j] > 0.5)
			pick_cycle(c, j, pk);
	pick_chains(md, c, xv, pk, succ);
	pick_arcs(md, c, xv, pk, succ, seen);
	for (j = 0; greedy && j < c->n; j++)
		if (c->kind[j] == COL_CYCLE && !pk->keep[j] && xv[j] > 1e-9) {
			cand[n].x = xv[j];
			cand[n].w = c->obj[j];
			cand[n++].j = j;
		}
	if (n > 0)
		qsort(cand, n, sizeof(*cand), cmp_cand);
	for (j = 0; j < n; j++)
		pick_cycle(c, cand[j].j, pk);
	free(succ), free(seen), free(cand);
	return 0;
}

/* Make pk's solution (columns of c) the best known when it is better. */
static void
take(const struct model *md, const struct cols *c, const struct pick *pk,
    struct inc *in)
{
	size_t j;

	if (pk->value <= in->value)
		return;
	memset(in->cyc, 0, md->c->ncyc);
	memset(in->fix, 0, md->fx.n);
	for (j = 0; j < c->n; j++) {
		if (!pk->keep[j])
			continue;
		if (c->kind[j] == COL_CYCLE)
			in->cyc[c->orig[j]] = 1;
		else
			in->fix[c->orig[j]] = 1;
	}
	in->value = pk->value;
}

static int
in_inc(const struct cols *c, size_t j, const struct inc *in)
{
	return c->kind[j] == COL_CYCLE ? in->cyc[c->orig[j]] :
	    in->fix[c->orig[j]];
}

int
troc_kep_has_lp(void)
{
	return 1;
}

/* The step a better solution must gain over the best known. */
static double
gain(const struct kep_ctx *x)
{
	return x->grid > 0 ? x->grid : 0;
}

/* The depth-first search of dfs(): column bounds, and which nodes the
 * columns fixed to 1 hold. */
struct tree {
	double *lo, *up;	/* per LP column */
	size_t cap;
	unsigned *hold;		/* per local node: columns at 1 that use it */
	unsigned char *blocked;	/* hold[v] > 0 */
	size_t *col;		/* branching stack: column, */
	unsigned char *zero;	/* and whether it is now fixed to 0 */
	size_t depth;
};

static int
tree_fit(struct tree *tr, size_t n)
{
	void *p;
	size_t i;

	if (n <= tr->cap)
		return 0;
	if ((p = realloc(tr->lo, 2 * n * sizeof(double))) == NULL)
		return -1;
	tr->lo = p;
	if ((p = realloc(tr->up, 2 * n * sizeof(double))) == NULL)
		return -1;
	tr->up = p;
	for (i = tr->cap; i < 2 * n; i++) {
		tr->lo[i] = 0;
		tr->up[i] = DBL_MAX;
	}
	tr->cap = 2 * n;
	return 0;
}

/* Fix LP column j to 1 (d = 1) or release it (d = -1). */
static void
hold(const struct model *md, struct tree *tr, size_t j, int d)
{
	int k, r;

	tr->lo[j] = d > 0 ? 1 : 0;
	for (k = md->lp.start[j]; k < md->lp.start[j + 1]; k++) {
		r = md->lp.row[k];
		if (md->rtype[r] != 0 || md->lp.val[k] <= 0)
			continue;
		tr->hold[r] += d;
		tr->blocked[r] = tr->hold[r] > 0;
	}
}

/* Solve the LP of the current node: bounds, dual simplex, pricing.
 * Returns 1 when it is optimal, 0 when infeasible or cut short, -1. */
static int
node_lp(struct model *md, Clp_Simplex *lp, struct tree *tr)
{
	if (tree_fit(tr, md->lp.n) == -1)
		return -1;
	Clp_chgColumnLower(lp, tr->lo);
	Clp_chgColumnUpper(lp, tr->up);
	Clp_dual(lp, 0);
	md->x->stats->lp_rounds++;
	if (kep_lp_reprice(md, lp, tr->blocked) == -1 ||
	    tree_fit(tr, md->lp.n) == -1)
		return -1;
	return Clp_status(lp) == 0;
}

/* The fractional LP column of largest value (then weight), or SIZE_MAX. */
static size_t
branch_col(const struct model *md, const double *xv)
{
	size_t j, best = SIZE_MAX;

	for (j = 0; j < md->lp.n; j++) {
		if (xv[j] <= 1e-6 || xv[j] >= 1 - 1e-6)
			continue;
		if (best == SIZE_MAX || xv[j] > xv[best] ||
		    (xv[j] == xv[best] && md->lp.obj[j] > md->lp.obj[best]))
			best = j;
	}
	return best;
}

/* Back up to the last column fixed to 1 and fix it to 0 instead.
 * Returns 0 when there is none left: the tree is exhausted. */
static int
backtrack(const struct model *md, struct tree *tr)
{
	size_t j;

	while (tr->depth > 0) {
		j = tr->col[tr->depth - 1];
		if (tr->zero[tr->depth - 1]) {
			tr->up[j] = DBL_MAX;
			tr->depth--;
			continue;
		}
		hold(md, tr, j, -1);
		tr->up[j] = 0;
		tr->zero[tr->depth - 1] = 1;
		return 1;
	}
	return 0;
}

/*
 * Branch and price, depth first, from the LP optimum lp: at each node
 * round the LP solution, then fix the fractional column of largest value
 * to 1 (and, backing up, to 0), pricing in at each node the cycles that
 * fit the columns fixed to 1. The first dive usually meets the bound b;
 * when the whole tree is searched within DFS_NODES nodes (fewer on
 * large models) and, under a time limit, the budget (seconds), the best
 * solution is optimal and *done is set.
 * md->pi, the duals the bound comes from, is left as it was.
 */
#define DFS_NODES 400
#define DFS_ROWS 20000

static int
dfs(struct model *md, Clp_Simplex *lp, struct pick *pk, struct inc *in,
    double b, double budget, int *done)
{
	const struct kep_ctx *x = md->x;
	struct tree tr;
	double step = x->grid > 0 ? x->grid : 0, *pi0, slack;
	size_t j, nodes, maxnodes, nn = md->c->nn;
	int ok, sure = 1, ret = -1;

	*done = 0;
	memset(&tr, 0, sizeof(tr));
	slack = 1e-6 * (md->wmax > 1 ? md->wmax : 1) * (double)(nn + 1);
	tr.hold = calloc(md->nrows + 1, sizeof(*tr.hold));
	tr.blocked = calloc(md->nrows + 1, 1);
	tr.col = malloc((nn + 1) * sizeof(*tr.col));
	tr.zero = malloc(nn + 1);
	pi0 = malloc(((size_t)md->nrows + 1) * sizeof(*pi0));
	if (!tr.hold || !tr.blocked || !tr.col || !tr.zero || !pi0 ||
	    tree_fit(&tr, md->lp.n) == -1)
		goto out;
	memcpy(pi0, md->pi, (size_t)md->nrows * sizeof(*pi0));
	budget += kep_now();
	ok = 1;		/* the root LP is solved */
	/* without a time limit the search is bounded by work alone, so that
	 * the same graph gives the same exchanges whatever the machine's
	 * load: fewer nodes on larger models (their LPs take longer) */
	maxnodes = DFS_NODES;
	if (x->deadline <= 0 && md->nrows > DFS_ROWS)
		maxnodes = DFS_NODES * DFS_ROWS / (size_t)md->nrows;
	if (maxnodes < 10)
		maxnodes = 10;

	for (nodes = 0; nodes < maxnodes && (x->deadline <= 0 ||
	    kep_now() < budget); nodes++) {
		if (ok == -1)
			goto out;
		if (ok && Clp_objectiveValue(lp) + slack >= in->value + step) {
			if (pick(md, &md->lp, Clp_getColSolution(lp), 1,
			    pk) == -1)
				goto out;
			take(md, &md->lp, pk, in);
			if (kep_closed(x, in->value, b))
				break;
			j = branch_col(md, Clp_getColSolution(lp));
			if (j != SIZE_MAX && tr.depth < nn) {
				tr.col[tr.depth] = j;
				tr.zero[tr.depth++] = 0;
				hold(md, &tr, j, 1);
				ok = node_lp(md, lp, &tr);
				continue;
			}
		} else if (!ok && Clp_status(lp) != 1)
			sure = 0;	/* neither optimal nor infeasible */
		if (kep_timed_out(x) || !backtrack(md, &tr)) {
			*done = sure && !kep_timed_out(x);
			break;
		}
		ok = node_lp(md, lp, &tr);
	}
	ret = 0;
out:
	if (pi0 != NULL)
		memcpy(md->pi, pi0, (size_t)md->nrows * sizeof(*pi0));
	free(tr.lo), free(tr.up), free(tr.hold), free(tr.blocked);
	free(tr.col), free(tr.zero), free(pi0);
	return ret;
}

/* Into mc, the columns of reduced cost >= thr, and those of the best
 * solution known. */
static int
mip_cols(struct model *md, const struct inc *in, double thr,
    struct cols *mc)
{
	size_t j;
	int k;

	for (j = 0; j < md->fx.n; j++) {
		if (!in->fix[j] && kep_col_rc(md, &md->fx, j) < thr)
			continue;
		k = md->fx.start[j];
		if (kep_cols_add(mc, md->fx.kind[j], md->fx.ref[j], j,
		    md->fx.pos[j], md->fx.rep[j], md->fx.obj[j],
		    md->fx.row + k, md->fx.val + k,
		    md->fx.start[j + 1] - k) == -1)
			return -1;
	}
	for (j = 0; j < md->c->ncyc; j++) {
		if (!in->cyc[j] && kep_cycle_rc(md, j) < thr)
			continue;
		if (kep_cycle_col(md, mc, j) == -1)
			return -1;
	}
	return 0;
}

/* Solve the integer program over the columns mc with CBC (at most
 * maxnodes nodes when > 0, at most secs seconds when > 0), from the best
 * solution known, which it replaces when it finds better. When global
 * (mc holds every column that can still matter), *b becomes CBC's bound. */
static int
run_cbc(struct model *md, const struct cols *mc, struct pick *pk,
    struct inc *in, double *b, int global, int maxnodes, double secs)
{
	const struct kep_ctx *x = md->x;
	Cbc_Model *m = NULL;
	double *lo, *up, *one, cb;
	const double *sol;
	int *start, nstart = 0, j, ret = -1;

	lo = calloc(mc->n + 1, sizeof(double));
	up = malloc((mc->n + 1) * sizeof(double));
	one = malloc((mc->n + 1) * sizeof(double));
	start = malloc((mc->n + 1) * sizeof(int));
	if (!lo || !up || !one || !start || mc->n > INT_MAX - 1 ||
	    (m = Cbc_newModel()) == NULL)
		goto out;
	for (j = 0; j < (int)mc->n; j++) {
		up[j] = one[j] = 1;
		if (in_inc(mc, (size_t)j, in))
			start[nstart++] = j;
	}
	Cbc_setLogLevel(m, 0);
	Cbc_loadProblem(m, (int)mc->n, md->nrows, mc->start, mc->row,
	    mc->val, lo, up, mc->obj, md->rlo, md->rup);
	for (j = 0; j < (int)mc->n; j++)
		Cbc_setInteger(m, j);
	Cbc_setObjSense(m, -1);
	/* On a model 8 times wider than tall (after presolve), Clp's root
	 * solve picks "sprint", which printf()s ("3 slacks added"): log
	 * level 0 does not stop it, "sprintCrash 0" neither; "presolve off"
	 * does. Presolve makes big models much faster: keep it when the
	 * model is less than 3 times wider than tall. */
	if (mc->n >= 3 * (size_t)md->nrows)
		Cbc_setParameter(m, "presolve", "off");
	if (x->grid > 0)
		Cbc_setAllowableGap(m, x->grid * (1 - 1e-6));
	if (maxnodes > 0)
		Cbc_setMaximumNodes(m, maxnodes);
	/* CBC 2.10's preprocessing crashes (CglPreProcess::postProcess) or
	 * returns an infeasible iterate when the time runs out; it made
	 * 100,000 households 3 times slower anyway */
	Cbc_setParameter(m, "preprocess", "off");
	if (x->deadline > 0 && (secs <= 0 || secs > kep_remaining(x)))
		secs = kep_remaining(x);
	if (secs > 0) {
		/* CBC counts CPU time unless told otherwise */
		Cbc_setParameter(m, "timeMode", "elapsed");
		Cbc_setMaximumSeconds(m, secs);
	}
	if (nstart > 0)
		Cbc_setMIPStartI(m, nstart, start, one);
#ifdef KEP_TRACE
	if (getenv("KEP_MPS")) { char fn[64]; static int cnt; snprintf(fn, sizeof fn, "/tmp/kep/m%d", cnt++); Cbc_writeMps(m, fn); }
#endif
	double t0 = kep_now();
	(void)t0;	/* for tracing */
	Cbc_solve(m);
	KEP_T("T cbc global %d nodes %d cols %zu: %.4f status %d obj %g\n", global, maxnodes, mc->n, kep_now() - t0, Cbc_status(m), Cbc_getObjValue(m));
	x->stats->mip_solves++;
	sol = Cbc_bestSolution(m);
	if (sol != NULL) {
		if (pick(md, mc, sol, 0, pk) == -1)
			goto out;
		take(md, mc, pk, in);
	}
	if (global) {
		/* CBC's bound, when it stopped early, only if it makes sense:
		 * the API says nothing of it after a cutoff */
		cb = Cbc_getBestPossibleObjValue(m);
		if (Cbc_status(m) == 0 && (Cbc_isProvenOptimal(m) ||
		    Cbc_isProvenInfeasible(m)))
			*b = in->value;
		else if (isfinite(cb) && cb >= in->value && cb < *b)
			*b = kep_grid_floor(x, cb) < in->value ? in->value :
			    kep_grid_floor(x, cb);
	}
	ret = 0;
out:
	if (m != NULL)
		Cbc_deleteModel(m);
	free(lo), free(up), free(one), free(start);
	return ret;
}

static int
cmp_desc(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a > b ? -1 : a < b;
}

/* The reduced cost of the MIP_WIDE-th best column among those >= thr,
 * or thr when they are fewer. */
static int
wide_threshold(struct model *md, double thr, double *t)
{
	size_t j, n = 0;
	double rc, *v;

	v = malloc((md->fx.n + md->c->ncyc + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	for (j = 0; j < md->fx.n; j++)
		if ((rc = kep_col_rc(md, &md->fx, j)) >= thr)
			v[n++] = rc;
	for (j = 0; j < md->c->ncyc; j++)
		if ((rc = kep_cycle_rc(md, j)) >= thr)
			v[n++] = rc;
	*t = thr;
	if (n > MIP_WIDE) {
		qsort(v, n, sizeof(*v), cmp_desc);
		*t = v[MIP_WIDE - 1];
	}
	free(v);
	return 0;
}

/* The LP optimum is fractional and rounding did not meet the bound *b:
 * CBC, on the columns that can still matter (see the top of the file).
 * tlp: how long the LP took, to judge what time allows. */
static int
solve_mip(struct model *md, struct pick *pk, struct inc *in, double *b,
    double tlp)
{
	const struct kep_ctx *x = md->x;
	struct cols mc;
	double thr, t;
	int ret = -1;

	/* with a time limit, CBC must at least solve the LP again: when
	 * time is too short, the bound we have is the answer */
	if (x->deadline > 0 && kep_remaining(x) < 4 * tlp)
		return 0;
	memset(&mc, 0, sizeof(mc));
	thr = in->value + gain(x) - md->ub - 1e-9 * (1 + fabs(md->ub));
	if (wide_threshold(md, thr, &t) == -1)
		goto out;
	if (t > thr && md->c->nn <= MIP_SMALL && x->cbc_nodes <= 0) {
		if (mip_cols(md, in, t, &mc) == -1 ||
		    run_cbc(md, &mc, pk, in, b, 0, MIP_NODES,
		    x->deadline > 0 && tlp < 1 ? 1 : x->deadline > 0 ? tlp :
		    0) == -1)
			goto out;
		kep_cols_free(&mc);
		if (kep_closed(x, in->value, *b) || kep_timed_out(x)) {
			ret = 0;
			goto out;
		}
		thr = in->value + gain(x) - md->ub - 1e-9 * (1 + fabs(md->ub));
	}
	if (mip_cols(md, in, thr, &mc) == -1 ||
	    run_cbc(md, &mc, pk, in, b, 1, x->cbc_nodes, 0) == -1)
		goto out;
	ret = 0;
out:
	kep_cols_free(&mc);
	return ret;
}

/* Sum the arc weights of node[0] -> node[1] -> ... (-> node[0]) into
 * arcw[i] for the arc out of node[i]. */
static double
path_weight(const struct kep_net *t, const uint32_t *node, size_t len,
    int cycle, double *arcw)
{
	size_t i, a;
	uint32_t u, v;
	double w = 0;

	for (i = 0; i + (cycle ? 0 : 1) < len; i++) {
		u = node[i];
		v = node[(i + 1) % len];
		for (a = t->ostart[u]; a < t->ostart[u + 1]; a++)
			if (t->oto[a] == v)
				break;
		arcw[i] = t->ow[a];
		w += t->ow[a];
	}
	return w;
}

/* Chains of the solution, from their vacancy; the arcs of weight 0 that
 * end a chain are dropped (they move a household for nothing). */
static int
emit_chains(const struct model *md, size_t *succ, uint32_t *path,
    double *arcw, struct kep_sol *s)
{
	const struct kep_net *t = md->x->t;
	size_t i, j, len;
	uint32_t u;
	double w;

	for (i = 0; i < md->c->nn; i++) {
		u = md->c->node[i];
		if (!t->vac[u] || succ[i] == SIZE_MAX)
			continue;
		len = 0;
		path[len++] = u;
		while ((j = succ[kep_loc(md, u)]) != SIZE_MAX) {
			succ[kep_loc(md, u)] = SIZE_MAX;
			u = t->oto[md->fx.ref[j]];
			path[len++] = u;
		}
		path_weight(t, path, len, 0, arcw);
		while (len > 1 && arcw[len - 2] <= 0)
			len--;
		w = path_weight(t, path, len, 0, arcw);
		if (len > 1 && kep_sol_add(s, TROC_KEP_CHAIN, path, len, w) ==
		    -1)
			return -1;
	}
	return 0;
}

/* Cycles of arc columns (K = 0), started at their smallest node. */
static int
emit_arc_cycles(const struct model *md, size_t *succ, uint32_t *path,
    uint32_t *rot, double *arcw, struct kep_sol *s)
{
	const struct kep_net *t = md->x->t;
	size_t i, j, q, r, len;
	uint32_t u;
	double w;

	for (i = 0; i < md->c->nn; i++) {
		if (succ[i] == SIZE_MAX)
			continue;
		len = r = 0;
		u = md->c->node[i];
		while ((j = succ[kep_loc(md, u)]) != SIZE_MAX) {
			succ[kep_loc(md, u)] = SIZE_MAX;
			if (len == 0 || u < path[r])
				r = len;
			path[len++] = u;
			u = t->oto[md->fx.ref[j]];
		}
		for (q = 0; q < len; q++)
			rot[q] = path[(r + q) % len];
		w = path_weight(t, rot, len, 1, arcw);
		if (len > 1 && w > 0 &&
		    kep_sol_add(s, TROC_KEP_CYCLE, rot, len, w) == -1)
			return -1;
	}
	return 0;
}

/* Add the exchanges of the best solution known to s. */
static int
emit(const struct model *md, const struct inc *in, struct kep_sol *s)
{
	const struct kep_pool *p = md->x->pool;
	size_t nn = md->c->nn, j, i, pc, *succ;
	uint32_t *path, *rot;
	double *arcw;
	int ret = -1;

	succ = malloc((nn + 1) * sizeof(*succ));
	path = malloc((nn + 1) * sizeof(*path));
	rot = malloc((nn + 1) * sizeof(*rot));
	arcw = malloc((nn + 1) * sizeof(*arcw));
	if (succ == NULL || path == NULL || rot == NULL || arcw == NULL)
		goto out;
	for (j = 0; j < md->c->ncyc; j++) {
		if (!in->cyc[j])
			continue;
		pc = md->c->cyc[j];
		if (kep_sol_add(s, TROC_KEP_CYCLE, p->node + p->off[pc],
		    p->off[pc + 1] - p->off[pc], p->w[pc]) == -1)
			goto out;
	}
	for (i = 0; i < nn; i++)
		succ[i] = SIZE_MAX;
	for (j = 0; j < md->fx.n; j++)
		if (in->fix[j])
			succ[kep_loc(md, md->x->t->ofrom[md->fx.ref[j]])] = j;
	if (emit_chains(md, succ, path, arcw, s) == -1 ||
	    emit_arc_cycles(md, succ, path, rot, arcw, s) == -1)
		goto out;
	ret = 0;
out:
	free(succ), free(path), free(rot), free(arcw);
	return ret;
}

/* Was the LP's solution integral? */
static int
integral(const double *xv, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (xv[j] > 1e-6 && xv[j] < 1 - 1e-6)
			return 0;
	return 1;
}

/*
 * The exchanges of x->warm as the best solution known, when they weigh
 * more than it: CBC then starts from them and only looks for better
 * (without them, a piece of kep_fix.c started from the LP's rounding,
 * often worth less than what the piece had). An exchange with a node
 * outside the component or a column outside the model is left out.
 */
static int
seed(const struct model *md, struct inc *in)
{
	const struct kep_sol *ws = md->x->warm;
	const struct kep_pool *p = md->x->pool;
	const struct kep_net *t = md->x->t;
	size_t nn = md->c->nn, i, j, k, pc, len, *ex, *found;
	uint32_t *pos, *pred, u;
	unsigned char *cyc, *fix;
	double value = 0;
	int ret = -1;

	if (ws == NULL || ws->n == 0)
		return 0;
	ex = malloc((nn + 1) * sizeof(*ex));
	found = calloc(ws->n + 1, sizeof(*found));
	pos = malloc((nn + 1) * sizeof(*pos));
	pred = malloc((nn + 1) * sizeof(*pred));
	cyc = calloc(md->c->ncyc + 1, 1);
	fix = calloc(md->fx.n + 1, 1);
	if (!ex || !found || !pos || !pred || !cyc || !fix)
		goto out;
	/* where each household of an exchange is: the exchange, its place,
	 * the node before it */
	for (i = 0; i < nn; i++)
		ex[i] = SIZE_MAX;
	for (k = 0; k < ws->n; k++)
		for (i = ws->off[k]; i < ws->off[k + 1]; i++) {
			if ((u = kep_loc(md, ws->node[i])) == KEP_NONE)
				continue;
			ex[u] = k;
			pos[u] = (uint32_t)(i - ws->off[k]);
			pred[u] = i > ws->off[k] ? ws->node[i - 1] : KEP_NONE;
		}
	for (j = 0; j < md->c->ncyc; j++) {
		pc = md->c->cyc[j];
		u = kep_loc(md, p->node[p->off[pc]]);
		if ((k = ex[u]) == SIZE_MAX || ws->kind[k] != TROC_KEP_CYCLE ||
		    pos[u] != 0)
			continue;
		len = p->off[pc + 1] - p->off[pc];
		if (len == ws->off[k + 1] - ws->off[k] &&
		    memcmp(p->node + p->off[pc], ws->node + ws->off[k],
		    len * sizeof(uint32_t)) == 0) {
			cyc[j] = 1;
			found[k] = len;
		}
	}
	/* chain arc u -> v at position p: v is the p-th after the vacancy */
	for (j = 0; j < md->fx.n; j++) {
		if (md->fx.kind[j] != COL_CHAIN)
			continue;
		u = kep_loc(md, t->oto[md->fx.ref[j]]);
		if ((k = ex[u]) == SIZE_MAX || ws->kind[k] != TROC_KEP_CHAIN ||
		    pos[u] != (uint32_t)md->fx.pos[j] ||
		    pred[u] != t->ofrom[md->fx.ref[j]])
			continue;
		fix[j] = 1;
		found[k]++;
	}
	/* whole: a cycle of n nodes is one column, a chain n - 1 arcs */
	for (k = 0; k < ws->n; k++) {
		len = ws->off[k + 1] - ws->off[k];
		found[k] = found[k] == (ws->kind[k] == TROC_KEP_CHAIN ?
		    len - 1 : len);
		if (found[k])
			value += ws->w[k];
	}
	ret = 0;
	if (value <= in->value)
		goto out;
	for (j = 0; j < md->c->ncyc; j++)
		in->cyc[j] = cyc[j] &&
		    found[ex[kep_loc(md, p->node[p->off[md->c->cyc[j]]])]];
	for (j = 0; j < md->fx.n; j++)
		in->fix[j] = fix[j] &&
		    found[ex[kep_loc(md, t->oto[md->fx.ref[j]])]];
	in->value = value;
out:
	free(ex), free(found), free(pos), free(pred), free(cyc), free(fix);
	return ret;
}

static int
solve(struct model *md, struct pick *pk, struct inc *in, double *bp)
{
	const struct kep_ctx *x = md->x;
	Clp_Simplex *lp = NULL;
	const double *xv;
	double b, t0 = kep_now(), tlp, budget;
	int whole, done, ret = -1;

	if (kep_model_build(md) == -1 || kep_lp_solve(md, &lp) == -1)
		goto out;
	tlp = kep_now() - t0;
	KEP_T("T lp %.4f nn %zu rows %d lpcols %zu ncyc %zu fx %zu ub %.6f\n", kep_now() - t0, md->c->nn, md->nrows, md->lp.n, md->c->ncyc, md->fx.n, md->ub);
	in->cyc = calloc(md->c->ncyc + 1, 1);
	in->fix = calloc(md->fx.n + 1, 1);
	pk->used = malloc(md->c->nn + 1);
	if (in->cyc == NULL || in->fix == NULL || pk->used == NULL ||
	    seed(md, in) == -1)
		goto out;
	xv = Clp_getColSolution(lp);
	whole = integral(xv, md->lp.n);
	if (pick(md, &md->lp, xv, !whole, pk) == -1)
		goto out;
	take(md, &md->lp, pk, in);
	b = kep_grid_floor(x, md->ub);
	if (b < in->value)
		b = in->value;
	if (!whole && !kep_closed(x, in->value, b) && !kep_timed_out(x) &&
	    x->method != TROC_KEP_MIP) {
		/* the search may take as long as the LP did, or 2 s */
		budget = tlp > 2 ? tlp : 2;
		if (x->deadline > 0 && budget > kep_remaining(x) / 2)
			budget = kep_remaining(x) / 2;
		if (dfs(md, lp, pk, in, b, budget, &done) == -1)
			goto out;
		if (done)
			b = in->value;
	}
	KEP_T("T dive %.4f value %g b %g whole %d\n", kep_now() - t0, in->value, b, whole);
	Clp_deleteModel(lp);
	lp = NULL;
	if (!kep_closed(x, in->value, b) && !kep_timed_out(x) &&
	    solve_mip(md, pk, in, &b, tlp) == -1)
		goto out;
	KEP_T("T mip %.4f value %g b %g\n", kep_now() - t0, in->value, b);
	*bp = b;
	ret = 0;
out:
	if (lp != NULL)
		Clp_deleteModel(lp);
	return ret;
}

int
kep_model_solve(const struct kep_ctx *x, const struct kep_comp *c,
    struct kep_sol *s, double *bound, int *proven, struct troc_err *e)
{
	struct model md;
	struct pick pk;
	struct inc in;
	double b = 0;
	size_t i;
	int ret = -1;

	memset(&md, 0, sizeof(md));
	memset(&pk, 0, sizeof(pk));
	memset(&in, 0, sizeof(in));
	md.x = x;
	md.c = c;
	for (i = 0; i < c->nn; i++)
		x->loc[c->node[i]] = (uint32_t)i;
	if (solve(&md, &pk, &in, &b) == -1 || emit(&md, &in, s) == -1) {
		troc_err_set(e, NULL, 0, "out of memory, or a model too "
		    "large for the solver");
		goto out;
	}
	if (kep_closed(x, in.value, b))
		b = in.value;
	else
		*proven = 0;
	*bound += b;
	ret = 0;
out:
	for (i = 0; i < c->nn; i++)
		x->loc[c->node[i]] = KEP_NONE;
	kep_model_free(&md);
	free(pk.used), free(pk.keep), free(in.cyc), free(in.fix);
	return ret;
}
