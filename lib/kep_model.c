/* kep_model.c: one component of the exchange problem as a linear program
 * (cycle formulation + position-indexed chain arcs, PICEF), solved by
 * column generation with Clp; kep_mip.c takes it from there. */

/*
 * Rows: one per node (a household receives at most one home; a vacancy
 * starts at most one chain), <= 1. For a household v at distance d from a
 * vacancy and for each position p in d..L-1, a chain row: what v receives
 * at position p >= what it passes on at p + 1. With K = 0, one row per
 * household: homes in = homes out (cycles of any length, arc variables).
 *
 * Columns: a cycle of <= K households (its weight; 1 on each node's row);
 * an arc u -> v at chain position p (its weight; 1 on v's row, 1 on the
 * vacancy's row or -1 on u's chain row at p - 1, 1 on v's chain row at p);
 * with K = 0, an arc u -> v (1 on v's row, 1 on v's and -1 on u's flow row).
 *
 * Cycles are many on dense graphs (a 128-pair kidney graph has 220,000
 * cycles of 4), so the LP starts with a few and prices the others in: the
 * cycles are all enumerated already and a reduced cost is w(c) minus the
 * duals of c's nodes, so pricing is a scan. With any duals of the right
 * sign, the Lagrangian bound
 *
 *	UB = sum of node duals + sum over nodes v of max(0, best reduced cost
 *	     of a column whose "representative" is v)
 *
 * bounds every integer solution (two columns of one solution never share
 * a representative: a cycle's first node, an arc's head). It is what we
 * report, so the bound holds even when the LP was cut short.
 *
 * When the LP optimum is integral (most of the time on these models),
 * it is the answer. Otherwise a feasible solution z_I is rounded from the
 * LP and, since a solution better than z_I can only use columns whose
 * reduced cost is >= z_I + step - UB, CBC gets only those columns.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

#include "troc/err.h"
#include "kep_impl.h"

/* Column generation rounds before we settle for the bound we have. */
#define CG_ROUNDS 2000

void
kep_cols_free(struct cols *c)
{
	free(c->start), free(c->row), free(c->val), free(c->obj);
	free(c->kind), free(c->ref), free(c->orig), free(c->pos), free(c->rep);
	memset(c, 0, sizeof(*c));
}

int
kep_cols_add(struct cols *c, int kind, size_t ref, size_t orig, int pos,
    int rep, double obj, const int *rows, const double *vals, int nz)
{
	size_t cap, used = c->n ? (size_t)c->start[c->n] : 0;
	void *p;

	if (c->n + 1 >= c->cap) {
		cap = c->cap ? 2 * c->cap : 256;
		if ((p = realloc(c->start, (cap + 1) * sizeof(int))) == NULL)
			return -1;
		c->start = p;
		if ((p = realloc(c->obj, cap * sizeof(double))) == NULL)
			return -1;
		c->obj = p;
		if ((p = realloc(c->kind, cap)) == NULL)
			return -1;
		c->kind = p;
		if ((p = realloc(c->ref, cap * sizeof(size_t))) == NULL)
			return -1;
		c->ref = p;
		if ((p = realloc(c->orig, cap * sizeof(size_t))) == NULL)
			return -1;
		c->orig = p;
		if ((p = realloc(c->pos, cap * sizeof(int))) == NULL)
			return -1;
		c->pos = p;
		if ((p = realloc(c->rep, cap * sizeof(int))) == NULL)
			return -1;
		c->rep = p;
		c->cap = cap;
	}
	if (used + (size_t)nz > c->zcap) {
		cap = c->zcap ? 2 * c->zcap : 1024;
		while (cap < used + (size_t)nz)
			cap *= 2;
		if ((p = realloc(c->row, cap * sizeof(int))) == NULL)
			return -1;
		c->row = p;
		if ((p = realloc(c->val, cap * sizeof(double))) == NULL)
			return -1;
		c->val = p;
		c->zcap = cap;
	}
	if (used + (size_t)nz > INT_MAX)
		return -1;
	if (c->n == 0)
		c->start[0] = 0;
	memcpy(c->row + used, rows, (size_t)nz * sizeof(int));
	memcpy(c->val + used, vals, (size_t)nz * sizeof(double));
	c->obj[c->n] = obj;
	c->kind[c->n] = (unsigned char)kind;
	c->ref[c->n] = ref;
	c->orig[c->n] = orig;
	c->pos[c->n] = pos;
	c->rep[c->n] = rep;
	c->start[c->n + 1] = (int)(used + (size_t)nz);
	c->n++;
	return 0;
}

/* Rows: nodes, then chain rows, then flow rows. */
static int
make_rows(struct model *md)
{
	const struct kep_ctx *x = md->x;
	const struct kep_comp *c = md->c;
	const struct kep_net *t = x->t;
	size_t i, a, nn = c->nn;
	int r = (int)nn, d;
	uint32_t u;

	md->fbase = malloc((nn + 1) * sizeof(int));
	md->gbase = malloc((nn + 1) * sizeof(int));
	if (md->fbase == NULL || md->gbase == NULL)
		return -1;
	for (i = 0; i < nn; i++)
		md->fbase[i] = md->gbase[i] = -1;
	/* a household that passes a chain on gets rows d..L-1 */
	for (i = 0; i < c->nchain; i++) {
		a = c->chain[i];
		u = t->ofrom[a];
		if (t->vac[u] || md->fbase[kep_loc(md, u)] != -1)
			continue;
		d = x->dvac[u];
		md->fbase[kep_loc(md, u)] = r;
		r += x->l - d;
	}
	for (i = 0; i < c->nzarc; i++) {
		a = c->zarc[i];
		if (md->gbase[kep_loc(md, t->ofrom[a])] == -1)
			md->gbase[kep_loc(md, t->ofrom[a])] = r++;
		if (md->gbase[kep_loc(md, t->oto[a])] == -1)
			md->gbase[kep_loc(md, t->oto[a])] = r++;
	}
	md->nrows = r;
	md->rlo = malloc(((size_t)r + 1) * sizeof(double));
	md->rup = malloc(((size_t)r + 1) * sizeof(double));
	md->rtype = malloc((size_t)r + 1);
	md->pi = calloc((size_t)r + 1, sizeof(double));
	if (!md->rlo || !md->rup || !md->rtype || !md->pi)
		return -1;
	for (d = 0; d < r; d++) {
		md->rlo[d] = -DBL_MAX;
		md->rup[d] = 1;
		md->rtype[d] = 0;
	}
	for (i = 0; i < nn; i++) {
		if (md->fbase[i] >= 0) {
			u = c->node[i];
			for (d = x->dvac[u]; d < x->l; d++) {
				r = md->fbase[i] + d - x->dvac[u];
				md->rlo[r] = 0;
				md->rup[r] = DBL_MAX;
				md->rtype[r] = 1;
			}
		}
		if (md->gbase[i] >= 0) {
			r = md->gbase[i];
			md->rlo[r] = md->rup[r] = 0;
			md->rtype[r] = 2;
		}
	}
	return 0;
}

/* Insertion sort of a column's few entries by row. */
static void
sort_entries(int *row, double *val, int nz)
{
	int i, j, r;
	double v;

	for (i = 1; i < nz; i++) {
		r = row[i];
		v = val[i];
		for (j = i; j > 0 && row[j - 1] > r; j--) {
			row[j] = row[j - 1];
			val[j] = val[j - 1];
		}
		row[j] = r;
		val[j] = v;
	}
}

static int
add_chain_cols(struct model *md)
{
	const struct kep_ctx *x = md->x;
	const struct kep_net *t = x->t;
	size_t i, a;
	uint32_t u, v;
	int p, lo, hi, row[3], nz;
	double val[3];

	for (i = 0; i < md->c->nchain; i++) {
		a = md->c->chain[i];
		u = t->ofrom[a];
		v = t->oto[a];
		lo = x->dvac[u] + 1;
		hi = t->vac[u] ? 1 : x->l;
		for (p = lo; p <= hi; p++) {
			nz = 0;
			row[nz] = (int)kep_loc(md, v);
			val[nz++] = 1;
			if (t->vac[u]) {
				row[nz] = (int)kep_loc(md, u);
				val[nz++] = 1;
			} else {
				row[nz] = md->fbase[kep_loc(md, u)] + (p - 1) -
				    x->dvac[u];
				val[nz++] = -1;
			}
			if (p < x->l && md->fbase[kep_loc(md, v)] >= 0) {
				row[nz] = md->fbase[kep_loc(md, v)] + p -
				    x->dvac[v];
				val[nz++] = 1;
			}
			sort_entries(row, val, nz);
			if (kep_cols_add(&md->fx, COL_CHAIN, a, md->fx.n, p,
			    (int)kep_loc(md, v), t->ow[a], row, val, nz) == -1)
				return -1;
			x->stats->chain_vars++;
		}
	}
	return 0;
}

static int
add_arc_cols(struct model *md)
{
	const struct kep_net *t = md->x->t;
	size_t i, a;
	uint32_t u, v;
	int row[3];
	double val[3];

	for (i = 0; i < md->c->nzarc; i++) {
		a = md->c->zarc[i];
		u = t->ofrom[a];
		v = t->oto[a];
		row[0] = (int)kep_loc(md, v);
		val[0] = 1;
		row[1] = md->gbase[kep_loc(md, v)];
		val[1] = 1;
		row[2] = md->gbase[kep_loc(md, u)];
		val[2] = -1;
		sort_entries(row, val, 3);
		if (kep_cols_add(&md->fx, COL_ARC, a, md->fx.n, 0,
		    (int)kep_loc(md, v), t->ow[a], row, val, 3) == -1)
			return -1;
	}
	return 0;
}

int
kep_cycle_col(struct model *md, struct cols *to, size_t ci)
{
	const struct kep_pool *p = md->x->pool;
	size_t pc = md->c->cyc[ci], k, len = p->off[pc + 1] - p->off[pc];
	int row[64], *rp = row, r;
	double val[64], *vp = val;

	if (len > 64) {
		rp = malloc(len * sizeof(int));
		vp = malloc(len * sizeof(double));
		if (rp == NULL || vp == NULL) {
			free(rp);
			free(vp);
			return -1;
		}
	}
	for (k = 0; k < len; k++) {
		rp[k] = (int)kep_loc(md, p->node[p->off[pc] + k]);
		vp[k] = 1;
	}
	sort_entries(rp, vp, (int)len);
	r = kep_cols_add(to, COL_CYCLE, ci, ci, 0,
	    (int)kep_loc(md, p->node[p->off[pc]]), p->w[pc], rp, vp, (int)len);
	if (rp != row) {
		free(rp);
		free(vp);
	}
	return r;
}

/* Reduced cost of component cycle ci under the current duals. */
double
kep_cycle_rc(const struct model *md, size_t ci)
{
	const struct kep_pool *p = md->x->pool;
	size_t pc = md->c->cyc[ci], k;
	double rc = p->w[pc];

	for (k = p->off[pc]; k < p->off[pc + 1]; k++)
		rc -= md->pi[kep_loc(md, p->node[k])];
	return rc;
}

double
kep_col_rc(const struct model *md, const struct cols *c, size_t j)
{
	double rc = c->obj[j];
	int k;

	for (k = c->start[j]; k < c->start[j + 1]; k++)
		rc -= c->val[k] * md->pi[c->row[k]];
	return rc;
}

/* Copy Clp's duals, forcing the signs weak duality needs. */
static void
set_duals(struct model *md, Clp_Simplex *lp)
{
	const double *d = Clp_dualRowSolution(lp);
	int r;

	for (r = 0; r < md->nrows; r++) {
		md->pi[r] = d[r];
		if (md->rtype[r] == 0 && md->pi[r] < 0)
			md->pi[r] = 0;
		else if (md->rtype[r] == 1 && md->pi[r] > 0)
			md->pi[r] = 0;
	}
}

/* The Lagrangian bound of the duals md->pi, over every column, priced
 * or not. best: nn scratch entries. */
static void
lagrange(struct model *md, double *best)
{
	size_t j, nn = md->c->nn;
	double rc, ub = 0;
	int r;

	for (r = 0; r < md->nrows; r++)
		if (md->rtype[r] == 0)
			ub += md->pi[r];
	for (j = 0; j < nn; j++)
		best[j] = 0;
	for (j = 0; j < md->fx.n; j++) {
		rc = kep_col_rc(md, &md->fx, j);
		if (rc > best[md->fx.rep[j]])
			best[md->fx.rep[j]] = rc;
	}
	for (j = 0; j < md->c->ncyc; j++) {
		rc = kep_cycle_rc(md, j);
		r = (int)kep_loc(md, md->x->pool->node[md->x->pool->off[
		    md->c->cyc[j]]]);
		if (rc > best[r])
			best[r] = rc;
	}
	for (j = 0; j < nn; j++)
		ub += best[j];
	md->ub = ub;
}

/* Does column j of c touch a node of blocked? */
static int
touches(const struct model *md, const struct cols *c, size_t j,
    const unsigned char *blocked)
{
	int k;

	for (k = c->start[j]; k < c->start[j + 1]; k++)
		if (md->rtype[c->row[k]] == 0 && c->val[k] > 0 &&
		    blocked[c->row[k]])
			return 1;
	return 0;
}

/* Append component cycle ci, or fx column f, to md->lp (once). Returns
 * 1 when added, 0 when there already, -1. */
static int
add_cycle_lp(struct model *md, size_t ci)
{
	if (ci == SIZE_MAX || md->cyccol[ci] != SIZE_MAX)
		return 0;
	md->cyccol[ci] = md->lp.n;
	md->x->stats->lp_columns++;
	return kep_cycle_col(md, &md->lp, ci) == -1 ? -1 : 1;
}

static int
add_fx_lp(struct model *md, size_t f)
{
	int k;

	if (f == SIZE_MAX || md->fxcol[f] != SIZE_MAX)
		return 0;
	md->fxcol[f] = md->lp.n;
	k = md->fx.start[f];
	return kep_cols_add(&md->lp, md->fx.kind[f], md->fx.ref[f], f,
	    md->fx.pos[f], md->fx.rep[f], md->fx.obj[f], md->fx.row + k,
	    md->fx.val + k, md->fx.start[f + 1] - k) == -1 ? -1 : 1;
}

/* Hand Clp the LP columns from n0 on. Returns 0 or -1. */
static int
to_clp(struct model *md, Clp_Simplex *lp, size_t n0)
{
	size_t j, added = md->lp.n - n0;
	int *starts;
	double *lo, *up;

	if (added == 0)
		return 0;
	starts = malloc((added + 1) * sizeof(int));
	lo = calloc(added, sizeof(double));
	up = malloc(added * sizeof(double));
	if (starts == NULL || lo == NULL || up == NULL) {
		free(starts), free(lo), free(up);
		return -1;
	}
	for (j = 0; j <= added; j++)
		starts[j] = md->lp.start[n0 + j] - md->lp.start[n0];
	for (j = 0; j < added; j++)
		up[j] = DBL_MAX;
	Clp_addColumns(lp, (int)added, lo, up, md->lp.obj + n0, starts,
	    md->lp.row + md->lp.start[n0], md->lp.val + md->lp.start[n0]);
	free(starts), free(lo), free(up);
	return 0;
}

/* Add to the LP, for each node, the cycle and the chain column that
 * price out best among those that touch no node of blocked (NULL:
 * none). Returns the number added, or -1. sc: 4 nn scratch entries. */
static long
price(struct model *md, Clp_Simplex *lp, double tol, size_t *sc,
    const unsigned char *blocked)
{
	const struct kep_pool *p = md->x->pool;
	size_t nn = md->c->nn, j, k, pc, *bestc = sc, *bestf = sc + nn;
	size_t n0 = md->lp.n;
	double rc, *rcc = (double *)(sc + 2 * nn), *rcf = rcc + nn;
	uint32_t r;

	for (j = 0; j < nn; j++) {
		bestc[j] = bestf[j] = SIZE_MAX;
		rcc[j] = rcf[j] = tol;
	}
	for (j = 0; j < md->c->ncyc; j++) {
		if (md->cyccol[j] != SIZE_MAX ||
		    (rc = kep_cycle_rc(md, j)) <= tol)
			continue;
		pc = md->c->cyc[j];
		if (blocked != NULL) {
			for (k = p->off[pc]; k < p->off[pc + 1]; k++)
				if (blocked[kep_loc(md, p->node[k])])
					break;
			if (k < p->off[pc + 1])
				continue;
		}
		for (k = p->off[pc]; k < p->off[pc + 1]; k++) {
			r = kep_loc(md, p->node[k]);
			if (rc > rcc[r]) {
				rcc[r] = rc;
				bestc[r] = j;
			}
		}
	}
	for (j = 0; j < md->fx.n; j++) {
		if (md->fxcol[j] != SIZE_MAX ||
		    (rc = kep_col_rc(md, &md->fx, j)) <= tol ||
		    (blocked != NULL && touches(md, &md->fx, j, blocked)))
			continue;
		r = (uint32_t)md->fx.rep[j];
		if (rc > rcf[r]) {
			rcf[r] = rc;
			bestf[r] = j;
		}
	}
	for (j = 0; j < nn; j++)
		if (add_cycle_lp(md, bestc[j]) == -1 ||
		    add_fx_lp(md, bestf[j]) == -1)
			return -1;
	if (to_clp(md, lp, n0) == -1)
		return -1;
	return (long)(md->lp.n - n0);
}

/* The first columns: every arc column (K = 0); every cycle and chain
 * column when they are few, else the heaviest through each node. */
static int
first_cols(struct model *md)
{
	const struct kep_pool *p = md->x->pool;
	size_t nn = md->c->nn, j, k, pc, *bestc, *bestf;
	uint32_t r;
	int allc = md->c->ncyc <= 2 * nn + 500, allf = md->fx.n <= 2 * nn + 500;
#ifdef KEP_TRACE
	if (getenv("KEP_ALL")) allc = allf = 1;
#endif
	int ret = 0;

	if ((bestc = malloc((2 * nn + 1) * sizeof(*bestc))) == NULL)
		return -1;
	bestf = bestc + nn;
	for (j = 0; j < nn; j++)
		bestc[j] = bestf[j] = SIZE_MAX;
	for (j = 0; j < md->c->ncyc; j++) {
		pc = md->c->cyc[j];
		for (k = p->off[pc]; k < p->off[pc + 1]; k++) {
			r = kep_loc(md, p->node[k]);
			if (bestc[r] == SIZE_MAX ||
			    p->w[pc] > p->w[md->c->cyc[bestc[r]]])
				bestc[r] = j;
		}
	}
	for (j = 0; j < md->fx.n; j++) {
		r = (uint32_t)md->fx.rep[j];
		if (bestf[r] == SIZE_MAX || md->fx.obj[j] > md->fx.obj[bestf[r]])
			bestf[r] = j;
	}
	for (j = 0; ret != -1 && j < nn; j++)
		if (add_cycle_lp(md, bestc[j]) == -1 ||
		    add_fx_lp(md, bestf[j]) == -1)
			ret = -1;
	for (j = 0; ret != -1 && allc && j < md->c->ncyc; j++)
		if (add_cycle_lp(md, j) == -1)
			ret = -1;
	for (j = 0; ret != -1 && j < md->fx.n; j++)
		if ((allf || md->fx.kind[j] == COL_ARC) &&
		    add_fx_lp(md, j) == -1)
			ret = -1;
	free(bestc);
	return ret;
}

/* Solve the LP again after adding columns. Warm primal simplex is best
 * for a few; on a large LP after many, Clp's primal with presolve from
 * scratch is far faster (100,000 households: 16 s instead of 85).
 * (Not Clp_initialSolve: its "sprint" and "idiot" methods printf().) */
static void
resolve(struct model *md, Clp_Simplex *lp, size_t added)
{
	if (md->nrows >= 20000 && added * 50 > (size_t)md->nrows)
		Clp_initialPrimalSolve(lp);
	else
		Clp_primal(lp, 0);
}

/* Solve the LP to optimality over every cycle by column generation. On
 * return *out is the Clp model at the LP optimum (the caller deletes it),
 * md->pi and md->ub the duals and bound. */
int
kep_lp_solve(struct model *md, Clp_Simplex **out)
{
	Clp_Simplex *lp;
	double *lo, tol;
	size_t *sc, nn = md->c->nn, rounds = 0;
	long added;
	int ret = -1;

	lp = Clp_newModel();
	lo = calloc(md->lp.n + 1, sizeof(double));
	sc = malloc((4 * nn + 1) * sizeof(*sc));
	if (lp == NULL || lo == NULL || sc == NULL)
		goto out;
	Clp_setLogLevel(lp, 0);
	Clp_loadProblem(lp, (int)md->lp.n, md->nrows, md->lp.start,
	    md->lp.row, md->lp.val, lo, NULL, md->lp.obj, md->rlo, md->rup);
	Clp_setOptimizationDirection(lp, -1);
	if (md->x->deadline > 0)
		Clp_setMaximumSeconds(lp, kep_remaining(md->x));
	/* x = 0 is feasible: primal simplex from the slack basis */
#ifdef KEP_TRACE
	double t0 = kep_now();
#endif
	resolve(md, lp, md->lp.n);
	KEP_T("T first lp %.3f s cols %zu rows %d status %d obj %.3f\n", kep_now() - t0, md->lp.n, md->nrows, Clp_status(lp), Clp_objectiveValue(lp));
	tol = 1e-7 * (md->wmax > 1 ? md->wmax : 1);
	for (;;) {
		rounds++;
		set_duals(md, lp);
		if (Clp_status(lp) != 0 || rounds > CG_ROUNDS ||
		    kep_timed_out(md->x))
			break;
		added = price(md, lp, tol, sc, NULL);
		if (added == -1)
			goto out;
		if (added == 0)
			break;
		if (md->x->deadline > 0)
			Clp_setMaximumSeconds(lp, kep_remaining(md->x));
		resolve(md, lp, (size_t)added);
		KEP_T("T round %zu added %ld %.3f s obj %.3f\n", rounds, added, kep_now() - t0, Clp_objectiveValue(lp));
	}
	/* the bound must cover every column: recompute with final duals */
	set_duals(md, lp);
	lagrange(md, (double *)sc);
	md->x->stats->lp_rounds += rounds;
	*out = lp;
	lp = NULL;
	ret = 0;
out:
	if (lp != NULL)
		Clp_deleteModel(lp);
	free(lo), free(sc);
	return ret;
}

/* Price in the cycles (but those through a node of blocked) that the
 * current LP wants, until it wants none. Returns 0 or -1. */
int
kep_lp_reprice(struct model *md, Clp_Simplex *lp, const unsigned char *blocked)
{
	double tol = 1e-7 * (md->wmax > 1 ? md->wmax : 1);
	size_t *sc, nn = md->c->nn;
	long added = 0;
	int rounds;

	if ((sc = malloc((4 * nn + 1) * sizeof(*sc))) == NULL)
		added = -1;
	for (rounds = 0; added != -1 && rounds < CG_ROUNDS; rounds++) {
		if (Clp_status(lp) != 0 || kep_timed_out(md->x))
			break;
		set_duals(md, lp);
		added = price(md, lp, tol, sc, blocked);
		if (added <= 0)
			break;
		resolve(md, lp, (size_t)added);
		md->x->stats->lp_rounds++;
	}
	free(sc);
	return added == -1 ? -1 : 0;
}

void
kep_model_free(struct model *md)
{
	free(md->fbase), free(md->gbase), free(md->rlo), free(md->rup);
	free(md->rtype), free(md->pi), free(md->cyccol), free(md->fxcol);
	kep_cols_free(&md->lp);
	kep_cols_free(&md->fx);
}

int
kep_model_build(struct model *md)
{
	const struct kep_ctx *x = md->x;
	const struct kep_comp *c = md->c;
	size_t i;

	md->cyccol = malloc((c->ncyc + 1) * sizeof(*md->cyccol));
	if (md->cyccol == NULL)
		return -1;
	md->wmax = 0;
	for (i = 0; i < c->ncyc; i++) {
		md->cyccol[i] = SIZE_MAX;
		if (x->pool->w[c->cyc[i]] > md->wmax)
			md->wmax = x->pool->w[c->cyc[i]];
	}
	for (i = 0; i < c->nchain; i++)
		if (x->t->ow[c->chain[i]] > md->wmax)
			md->wmax = x->t->ow[c->chain[i]];
	for (i = 0; i < c->nzarc; i++)
		if (x->t->ow[c->zarc[i]] > md->wmax)
			md->wmax = x->t->ow[c->zarc[i]];
	if (make_rows(md) == -1 || add_chain_cols(md) == -1 ||
	    add_arc_cols(md) == -1)
		return -1;
	if ((md->fxcol = malloc((md->fx.n + 1) * sizeof(size_t))) == NULL)
		return -1;
	for (i = 0; i < md->fx.n; i++)
		md->fxcol[i] = SIZE_MAX;
	return first_cols(md);
}

