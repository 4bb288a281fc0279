/* kep_lagr.c: a component too large for the linear program (Ile-de-France
 * scale: millions of cycles, tens of millions of chain columns): a
 * Lagrangian bound and a solution built under its prices. */

/*
 * Relax "a household is in at most one exchange" with a price pi(v) >= 0
 * per household. What is left falls apart: a cycle c is worth
 * w(c) - pi(c) on its own, and a vacancy starts at most one chain, worth
 * its best walk of at most L steps, a step u -> v weighing w(u, v) -
 * pi(v). A walk may come back to a household: it relaxes a chain, so the
 * sum stays an upper bound. As in kep_model.c, two cycles of one solution
 * never share their smallest node, so only the best cycle per smallest
 * node counts. For every pi >= 0,
 *
 *	UB(pi) = sum of pi(v) + sum over nodes r of max(0, best w(c) - pi(c)
 *	         of the cycles c whose smallest node is r) + sum over
 *	         vacancies of max(0, best walk)
 *
 * bounds every solution. The best walks come from a dynamic programme
 * over positions: L - 1 passes over the chain arcs, then one over the
 * vacancies' arcs. The subgradient method lowers UB (a household covered
 * twice by the relaxed choice gets dearer, one not covered cheaper;
 * Polyak steps towards the best solution known, Held, Wolfe and Crowder
 * 1974). Every 10 steps (every 50 after the first 100) a greedy pass
 * builds a solution: the relaxed choice by reduced weight, best first, a
 * cycle when all its households are free, a chain cut where it meets a
 * taken household; then the other cycles, heaviest per household first;
 * then chains grown from the free vacancies and the short chains. At the
 * end, at the best prices, the columns that price out nearly as well as
 * the best are kept and that smaller problem is solved piece by piece by
 * the LP and CBC (kep_fix.c),
 * then a local search with every column improves that answer over the
 * whole component (kep_ls.c), and last the chains and the worst fifth
 * of the cycles are solved again as a part of their own, the other
 * cycles held (kep_rechain): under a time limit, the steps stop at 70%
 * of the time at the latest, and what is left goes to the restricted
 * problem and the search, half each, the search giving the last half of
 * its time to kep_rechain.
 *
 * On the largest components (PP_MIN column values or more, no cuts) most
 * steps price candidates only (partial pricing, as in the simplex): every
 * PP_EVERY steps a whole evaluation keeps the columns that come within a
 * margin of the best of their node (a cycle: of its smallest node's; a
 * chain arc: of its tail's at that position), the margin being as far
 * as the prices can carry a column before the next (PP_MARGIN *
 * PP_EVERY times the last step's length); the steps between value those
 * alone, from copies laid side by side. Their UB(pi) is no bound (a
 * column left out could price higher): the bound, and the progress that
 * halves the step, come from whole evaluations only. At 260k households
 * a step over the candidates takes 0.01 s against 0.07 s, and the steps
 * end in 30 s instead of 46.
 *
 * The bound is that of the LP at best (it is the LP's Lagrangian dual,
 * walks aside), so this proves optimality only when the LP is tight and
 * the greedy finds its optimum; otherwise the summary says the gap.
 *
 * Where the LP falls short of the optimum it is mostly in triangles:
 * three cycles, each through two of three households a, b, c, taken at
 * 1/2 each (a 3-way cycle and two swaps), worth more than any one of
 * them. On graphs of fewer than CUT_DENSITY arcs a household the steps
 * also relax the cuts "at most one cycle through two or more of a, b, c"
 * (relax-and-cut, Lucena 2005): every SEP_EVERY steps, triangles that
 * the averaged choice (an estimate of the LP's solution) takes more than
 * once in all become cuts with a multiplier mu >= 0, taken from the
 * reduced weight of their cycles and added to UB, and moved by the
 * subgradient like the prices. Cycles only: chains do not enter them, so
 * each is valid for every solution and UB stays a bound. On a Paris
 * arrondissement (1,913 households, 46 arcs each) they bring the LP from
 * 0.11% above the optimum to 0.04%, and the prices that know them lead
 * the greedy and the restricted problem near it: -t 4 ends 0.11% from
 * the bound, against 0.72% without. On denser graphs they move the
 * bound by nothing that matters and their steps cost time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/err.h"
#include "troc/mem.h"
#include "troc/parallel.h"
#include "kep_impl.h"

#define LAGR_ITERS	5000	/* subgradient steps at most */
#define LAGR_GREEDY	10	/* a greedy pass every so many steps ... */
#define LAGR_GREEDY_FIRST 100	/* ... for so many steps, then ... */
#define LAGR_GREEDY_LATE 50	/* ... every so many: a pass costs two
				 * steps (260k households: 0.15 s against
				 * 0.07 s, 9.4 s of the 54 s of steps with
				 * -t 100), and late in the steps its
				 * solution changes the step little. With
				 * -t 100 the steps then reach their end
				 * (the step 10,000 times smaller) in 601
				 * steps and 45 s, and the restricted
				 * problem and the search get 9 s more:
				 * 260k households, three runs side by side,
				 * 0.539-0.545% against 0.544-0.562%
				 * (objective 13,437,725-13,438,535 against
				 * 13,435,180-13,437,610), three more
				 * 0.532-0.540%; a pass every 100 steps and
				 * an end at 1/3,333: 0.554-0.561%; an end
				 * at 1/1,000: 0.559-0.569%; at 1/50,000
				 * (more steps, less time after): 0.551%,
				 * 0.555%. All of Paris -t 100 0.578%
				 * against 0.603%; Paris 18th-20th -t 30
				 * 0.690% against 1.664% (steps far from
				 * done: 3,430 against 2,652); the Paris
				 * 20th part -t 20 0.388% against 0.485% and
				 * 0.490% (the bound lower, the answer 160
				 * less); 60k households -t 10 0.056-0.059%
				 * against 0.062-0.063% */
#define AVG_RATE	0.1f	/* weight of the latest choice in the average */
#define AVG_MIN		0.01f	/* below: never chosen, as far as it goes */
#define LAGR_SLACK	0.01	/* greedy: cycles down to -0.01 w(c) */
#define LAGR_STALL	20	/* steps without progress: theta / 2 (5 halved
				 * theta too soon: the steps stopped while the
				 * prices were still moving, and kep_fix_solve's
				 * columns, chosen by them, were worse. With 20
				 * the Paris 20th part, K = L = 3, -t 10, ends
				 * at a bound of 222,422 against 222,570 and a
				 * gap of 0.43% against 0.90%; 260k households,
				 * -t 100: 636 steps against 270, 0.88-0.91%
				 * against 1.01-1.06%, and 0.84-0.86% once the
				 * steps were made faster. 15 and 10: 0.92%,
				 * 0.93%; 30 ran into the time share at 260k:
				 * 1.07%) */
#define LAGR_STALL_MAX	100	/* ... when the steps have time for it: with
				 * 20, a Montreuil part (3,450 households,
				 * 87 arcs each, 141 vacancies) stopped at
				 * 624 steps at a bound 0.2% above its LP
				 * (122,240 against 121,990) and -t 60 ended
				 * 0.35% from it; with 100, 2,439 steps
				 * reach 122,010 and the answer 121,985,
				 * 0.02%. 20 is kept where the time allows
				 * no more (260k households, -t 100) */
#define LAGR_HALVINGS	40	/* steps the time allows / this: the stall
				 * (about 13 halvings of theta, each after
				 * a stall and some progress) */
#define LAGR_PROBE	10	/* steps timed before the stall is set */
#define LAGR_WORK	5e10	/* without a time limit: column values (a
				 * cycle's, a chain arc's at a position) the
				 * steps may take. 260k households (6.3
				 * million cycles, 33.7 million arcs, over
				 * 60 million values a step): 20 steps of
				 * stall, as before; with 100 the run took
				 * 229 s for a worse answer, 0.81% against
				 * 0.74% in 127 s */
#define LAGR_GAIN	1e-4	/* progress: the bound 0.01% lower than at the
				 * last progress (or halving); smaller gains
				 * kept theta too large for 100 steps at 260k
				 * households: 13.57M after 200 steps, 13.54M
				 * with it */
#define LAGR_STEPS_SHARE 0.7	/* of the time left: steps; the rest:
				 * kep_fix_solve and kep_ls_solve */
#define LS_SHARE	0.5	/* of the time of kep_fix_solve and
				 * kep_ls_solve: the local search (260k
				 * households: 1.02% where kep_fix_solve
				 * alone left 1.32%; 0.7: 1.04%; with
				 * LAGR_STALL 20, 0.3 gave 0.90% against
				 * 0.91%, no better; with the trees of
				 * searches of December 2026, 260k -t 110,
				 * three runs each beside 0.5: 0.75 ended
				 * 1,300-3,300 lower, 0.35 within the
				 * runs' spread) */
#define RECHAIN_SHARE	0.5	/* of the search's time: the chains and the
				 * worst cycles solved again with the other
				 * cycles held (rechain) */
#define RECHAIN_FREE	0.2	/* rechain: the share of the answer's cycles,
				 * the worst by reduced weight a household,
				 * let go with the chains (260k households,
				 * -t 118, release, one run each: 0.387% and
				 * 0.388% where the chains alone gave 0.471%
				 * that day; 0.1: 0.410%; 0.35: 0.447%) */
#define RECHAIN_FREE_TIME 40e-6	/* ... when the time left under a limit
				 * is at least so many seconds a node of the
				 * part, else the chains alone (260k
				 * households, 270,000 nodes: 18 s left with
				 * -t 118, 8 s with -t 80, where the larger
				 * part had too little time and gained
				 * nothing, 0.545% and 0.554% against 0.499%
				 * for the chains alone) */
#define RECHAIN_MERGES	0.06	/* of the rechain's time: left for the merges
				 * of its searches' answers, which come after
				 * their deadline (260k households: 0.74 s of
				 * its 18 s, the run's end 0.66 s late
				 * without it) */
#define FIX_DELTA	0.001	/* kep_fix_solve: reduced weights down to
				 * -0.001 of the mean weight per household
				 * (260k households, -t 100, five runs each:
				 * 0.765-0.779% against 0.780-0.823% with
				 * 0.01 alone; the pieces are quicker to
				 * solve, the larger pieces after the two
				 * rounds go further, the restricted problem
				 * ends 4-5k higher. 60k: 0.144% against
				 * 0.168% with -t 10. Paris 20th, seven
				 * seeds: the same within 0.01%. 0 keeps too
				 * few: 0.88%) */
#define CUT_DENSITY	100	/* triangle cuts below so many arcs a
				 * household. With -t, gaps with and without:
				 * 20k households (10 arcs a household)
				 * 0.063% and 0.116%; 60k (30) 0.069% and
				 * 0.140%; Paris arrondissements cut by
				 * kep-cut.py -s: 75110 (46) 0.11% and 0.72%,
				 * 75111 (56) 0.19% and 0.26%, 75119 (85)
				 * 0.33% and 0.35%, 75117 (91) 0.45% and
				 * 0.58%, 75113 (111) 0.47% and 0.55%, 75115
				 * (119) 0.41% and 0.57%, but 75120 (140)
				 * 0.45% and 0.36%, the Paris 20th part (139)
				 * 0.93% and 0.41% (-t 3), 0.50% and 0.40%
				 * (-t 10); 260k (130): the bound 0.004%
				 * lower. On a first cut with more vacancies
				 * 75113 and 75115 were worse with them (0.54%
				 * and 0.49%, 0.55% and 0.50%): the runs are
				 * noisy, and 100 keeps to the graphs where
				 * every measure agreed */
#define SEP_MIN		0.1f	/* cuts: from the cycles the average
				 * takes so often */
#define SEP_EPS		0.05	/* cuts: violated by so much */
#define SEP_EVERY	20	/* cuts: separated every so many steps */
#define PP_MIN		5e6	/* partial pricing on components of so many
				 * column values (cycles, chain arcs at each
				 * position) or more */
#define PP_START	100	/* ... from this step (the prices still move
				 * far before: from step 20 with the
				 * candidates' margin held to 10, 260k
				 * households ended at a bound of 13,523,910
				 * against 13,511,365 and a gap of 0.66%) */
#define PP_EVERY	10	/* ... a whole evaluation, and candidates
				 * chosen anew, every so many steps ... */
#define PP_MARGIN	2	/* ... keeping the columns within this many
				 * times PP_EVERY times the last step's
				 * length of their best (260k households,
				 * -t 100, test builds, one to three runs
				 * each: 2 and every 10 steps, steps end 30 s
				 * after they begin, bound 13,511,098, gap
				 * 0.509%, 0.517%, 0.521%; 1 and
				 * 10: 29 s, 13,511,901, 0.540%; 2 and 5:
				 * 32 s, 13,511,274, 0.529%; 2 and 20: 34 s,
				 * 0.529%; 1 and 20: 30 s, 0.513%; 6 and 10:
				 * 34 s, 0.532%, 0.530%; whole evaluations
				 * alone: 46 s, 13,511,365, 0.530-0.549%) */
#define PP_SHARE	8	/* ... up to 1/8 of the columns in all; more,
				 * and whole evaluations until the margin is
				 * half the one that kept too many (1/4: 680
				 * steps in the same 30 s, bound 13,510,847,
				 * gaps 0.514% and 0.528%) */
#define FIX_DELTA_WIDE	0.01	/* then, with time left, from that answer:
				 * down to -0.01 (20k households, -t 60,
				 * where the restricted problem takes a
				 * second: 0.149% with 0.001 alone, 0.116%
				 * with 0.01 alone; 0.03 and 0.1 alone were
				 * no better at 260k) */

/* One thread's share of a step: nodes lo..hi-1 of the dynamic
 * programme at position p and the counts of the cycles they choose, or
 * cycles klo..khi-1 (whole groups of one smallest node) and chain arcs
 * alo..ahi-1 for the averages. */
struct share {
	struct lagr *lg;
	int p;
	size_t lo, hi, klo, khi, alo, ahi;
	int *cnt;		/* nn: the counts of the cycles of nodes lo..hi-1
				 * (lg->cnt for the first share) */
	/* partial pricing: this share's candidates */
	struct pent *pa;	/* chain arcs, position by position */
	size_t npa, pacap;
	size_t *paend;		/* L: where position p's candidates end in
				 * pa */
	uint32_t *pc;		/* cycles: k, weight (float bits), length,
				 * nodes */
	size_t npc, pccap;
	int over;		/* more candidates than pays: none */
};

/* A candidate chain arc: its index, head and weight, side by side. */
struct pent {
	uint32_t k, h;
	float w;
};

enum { PP_FULL, PP_SEL, PP_PART };

struct lagr {
	const struct kep_ctx *x;
	const struct kep_comp *c;
	int L;
	size_t nn;
	size_t *cs;		/* nn + 1: chain arcs of local u: c->chain[cs[u]..] */
	uint32_t *ah;		/* nchain: head of chain arc k (local) */
	float *aw;		/* nchain: its weight, rounded up */
	double *q;		/* nn: pi(v) - value after v, for the next pass */
	size_t *lcoff;		/* ncyc + 1: cycle k's nodes are lcnode[lcoff[k]..] */
	uint32_t *lcnode;	/* local numbers */
	float *lcw;		/* ncyc: cycle k's weight, rounded up */
	double *pi;		/* nn, 0 for vacancies */
	double *bpi;		/* nn: the prices of the best bound */
	float *xc;		/* ncyc: how often the relaxed choice took it,
				 * over avs */
	float *xa;		/* nchain: the same for each chain arc */
	float avs;		/* the scale of xc and xa: each step multiplies
				 * it, not them */
	double *best;		/* nn: best price-free value */
	double *g;		/* L * nn: g[p nn + u], value after u at p */
	size_t *nxt;		/* L * nn: best next chain arc, or SIZE_MAX */
	double *rcc;		/* nn: best cycle reduced weight by smallest */
	size_t *argc;		/* nn: that cycle (component index) */
	int *cnt;		/* nn: how many times the relaxed choice covers */
	double *step;		/* nn: subgradient */
	unsigned char *used;	/* nn: greedy */
	size_t *order;		/* ncyc: cycles, heaviest per household first */
	struct cand *cand;
	size_t ccap;
	struct share *sh;	/* nsh shares of the work of a step */
	size_t nsh;
	uint32_t *path;		/* L + 1 */
	/* the best solution: cycles (component index) and chains */
	size_t *bc, nbc, *tc, ntc;
	uint32_t *bch, *tch;	/* chains, L + 1 entries each, padded */
	size_t nbch, ntch;
	double bval, tval;
	double slack;		/* greedy: cycles down to -slack w(c) */
	/* triangle cuts: at most one cycle through two or more of three
	 * households */
	size_t ncut, cutcap;
	uint32_t *ctri;		/* 3 local households per cut, sorted */
	uint32_t *csort;	/* the same, all sorted, for lookups */
	double *mu, *bmu;	/* multipliers; those of the best bound */
	int *ccnt;		/* cycles of the relaxed choice in each */
	int32_t *khead;		/* ncyc: cycle k's first entry, or -1 */
	int32_t *ecut, *enext;	/* entries: the cut, the cycle's next */
	size_t nent, entcap;
	size_t *hs;		/* nn + 1: cycles through u: hk[hs[u]..] */
	uint32_t *hk;
	int cuts;		/* separate them */
	double stop;		/* when the steps stop for kep_fix_solve, or 0 */
	/* partial pricing */
	int pp;			/* allowed on this component */
	int mode;		/* of the next evaluate(): PP_* */
	int have;		/* candidates chosen and usable */
	double pd;		/* PP_SEL: keep columns down to best - pd */
	uint32_t *pst;		/* L * nn: u's first candidate arc at p in
				 * its share's pa */
};

struct cand {
	double rc;
	size_t i;		/* component cycle, or local vacancy */
	int chain;
};

static uint32_t
loc(const struct lagr *lg, uint32_t v)
{
	return lg->x->loc[v];
}

/* Free what the steps and the restricted problem used and the search
 * does not: the compact columns, the relaxed choices. */
static void
lagr_shed(struct lagr *lg)
{
	size_t t;

	free(lg->ah), free(lg->aw), free(lg->lcoff), free(lg->lcnode);
	free(lg->lcw), free(lg->xc), free(lg->xa), free(lg->order);
	free(lg->cand), free(lg->pst);
	lg->ah = NULL, lg->lcoff = NULL, lg->lcnode = NULL, lg->order = NULL;
	lg->aw = lg->lcw = lg->xc = lg->xa = NULL;
	lg->cand = NULL, lg->pst = NULL;
	for (t = 0; lg->sh != NULL && t < lg->nsh; t++) {
		free(lg->sh[t].pa), free(lg->sh[t].paend), free(lg->sh[t].pc);
		lg->sh[t].pa = NULL, lg->sh[t].paend = NULL;
		lg->sh[t].pc = NULL;
	}
}

static void
lagr_free(struct lagr *lg)
{
	size_t t;

	lagr_shed(lg);
	free(lg->q), free(lg->cs), free(lg->pi), free(lg->bpi);
	free(lg->best), free(lg->g);
	free(lg->nxt), free(lg->rcc), free(lg->argc), free(lg->cnt);
	free(lg->step), free(lg->used);
	free(lg->path), free(lg->bc), free(lg->tc), free(lg->bch);
	free(lg->tch);
	for (t = 1; lg->sh != NULL && t < lg->nsh; t++)
		free(lg->sh[t].cnt);
	free(lg->ctri), free(lg->csort), free(lg->mu), free(lg->bmu);
	free(lg->ccnt), free(lg->khead), free(lg->ecut), free(lg->enext);
	free(lg->hs), free(lg->hk);
	free(lg->sh);
}

/* A cycle's weight per household, for the order of the greedy. */
struct keyed {
	double w;
	size_t k;
};

/* Heaviest per household first, then by index. */
static int
cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->k < b->k ? -1 : a->k > b->k;
}

static int
cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->rc != b->rc)
		return a->rc > b->rc ? -1 : 1;
	if (a->chain != b->chain)
		return a->chain - b->chain;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Single precision halves what each step reads (the steps are bound by
 * memory). Rounded up, the weights can only raise UB(pi): the bound
 * holds; solutions are valued with the exact weights.
 */
static float
float_up(double w)
{
	float f = (float)w;

	return (double)f < w ? nextafterf(f, HUGE_VALF) : f;
}

static int
lagr_init(struct lagr *lg)
{
	const struct kep_ctx *x = lg->x;
	const struct kep_comp *c = lg->c;
	const struct kep_net *t = x->t;
	const struct kep_pool *p = x->pool;
	size_t nn = c->nn, i, k, pc, len, L = (size_t)lg->L;
	uint32_t u, v;
	double w;
	struct keyed *ky;

	lg->cs = calloc(nn + 2, sizeof(size_t));
	lg->pi = calloc(nn + 1, sizeof(double));
	lg->bpi = calloc(nn + 1, sizeof(double));
	lg->xc = troc_calloc_huge(c->ncyc + 1, sizeof(float));
	lg->xa = troc_calloc_huge(c->nchain + 1, sizeof(float));
	lg->best = calloc(nn + 1, sizeof(double));
	lg->g = calloc(L * nn + 1, sizeof(double));
	lg->nxt = malloc((L * nn + 1) * sizeof(size_t));
	lg->avs = 1;
	lg->rcc = malloc((nn + 1) * sizeof(double));
	lg->argc = malloc((nn + 1) * sizeof(size_t));
	lg->cnt = malloc((nn + 1) * sizeof(int));
	lg->step = malloc((nn + 1) * sizeof(double));
	lg->used = malloc(nn + 1);
	lg->order = troc_malloc_huge((c->ncyc + 1) * sizeof(size_t));
	lg->path = malloc((L + 2) * sizeof(uint32_t));
	lg->bc = malloc((nn + 1) * sizeof(size_t));
	lg->tc = malloc((nn + 1) * sizeof(size_t));
	lg->bch = malloc(((nn + 1) * (L + 1)) * sizeof(uint32_t));
	lg->tch = malloc(((nn + 1) * (L + 1)) * sizeof(uint32_t));
	if (!lg->cs || !lg->pi || !lg->best || !lg->g || !lg->nxt ||
	    !lg->rcc || !lg->argc || !lg->cnt || !lg->step || !lg->used ||
	    !lg->order || !lg->path || !lg->bc || !lg->tc || !lg->bch ||
	    !lg->tch || !lg->bpi || !lg->xc || !lg->xa)
		return -1;
	for (i = 0; i < L * nn; i++)
		lg->nxt[i] = SIZE_MAX;
	/* compact copies for the steps: no indirection in the hot loops */
	lg->ah = troc_malloc_huge((c->nchain + 1) * sizeof(uint32_t));
	lg->aw = troc_malloc_huge((c->nchain + 1) * sizeof(float));
	lg->q = malloc((nn + 1) * sizeof(double));
	lg->lcoff = troc_malloc_huge((c->ncyc + 1) * sizeof(size_t));
	lg->lcw = troc_malloc_huge((c->ncyc + 1) * sizeof(float));
	for (k = 0, len = 0; k < c->ncyc; k++)
		len += p->off[c->cyc[k] + 1] - p->off[c->cyc[k]];
	lg->lcnode = troc_malloc_huge((len + 1) * sizeof(uint32_t));
	if (!lg->ah || !lg->aw || !lg->q || !lg->lcoff || !lg->lcw ||
	    !lg->lcnode)
		return -1;
	for (k = 0; k < c->nchain; k++) {
		lg->ah[k] = loc(lg, t->oto[c->chain[k]]);
		lg->aw[k] = float_up(t->ow[c->chain[k]]);
	}
	lg->lcoff[0] = 0;
	for (k = 0; k < c->ncyc; k++) {
		pc = c->cyc[k];
		len = lg->lcoff[k];
		for (i = p->off[pc]; i < p->off[pc + 1]; i++)
			lg->lcnode[len++] = loc(lg, p->node[i]);
		lg->lcoff[k + 1] = len;
		lg->lcw[k] = float_up(p->w[pc]);
	}
	/* chain arcs are sorted by tail, and local numbers keep the order */
	for (k = 0; k < c->nchain; k++)
		lg->cs[loc(lg, t->ofrom[c->chain[k]]) + 1]++;
	for (i = 0; i < nn; i++)
		lg->cs[i + 1] += lg->cs[i];
	/* start where nothing prices out: a household costs the most a
	 * step into it or its share of a cycle through it brings */
	for (k = 0; k < c->nchain; k++) {
		v = loc(lg, t->oto[c->chain[k]]);
		if (t->ow[c->chain[k]] > lg->best[v])
			lg->best[v] = t->ow[c->chain[k]];
	}
	if ((ky = troc_malloc_huge((c->ncyc + 1) * sizeof(*ky))) == NULL)
		return -1;
	for (k = 0; k < c->ncyc; k++) {
		pc = c->cyc[k];
		len = p->off[pc + 1] - p->off[pc];
		w = p->w[pc] / (double)len;
		for (i = p->off[pc]; i < p->off[pc + 1]; i++) {
			u = loc(lg, p->node[i]);
			if (w > lg->best[u])
				lg->best[u] = w;
		}
		ky[k].w = w;
		ky[k].k = k;
	}
	for (i = 0; i < nn; i++)
		lg->pi[i] = t->vac[c->node[i]] ? 0 : x->pi0 != NULL ?
		    x->pi0[c->node[i]] : lg->best[i];
	qsort(ky, c->ncyc, sizeof(*ky), cmp_keyed);
	for (k = 0; k < c->ncyc; k++)
		lg->order[k] = ky[k].k;
	free(ky);
	return 0;
}

/* --- triangle cuts (relax-and-cut) --- */

/* The multipliers of cycle k's cuts, added up. */
static double
cut_sum(const struct lagr *lg, size_t k)
{
	double s = 0;
	int32_t e;

	if (lg->khead == NULL)
		return 0;
	for (e = lg->khead[k]; e >= 0; e = lg->enext[e])
		s += lg->mu[lg->ecut[e]];
	return s;
}

/* Cycle k's reduced weight: its weight less its households' prices and
 * its cuts' multipliers. */
static double
cyc_rw(const struct lagr *lg, size_t k)
{
	double val = lg->lcw[k];
	size_t i;

	for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
		val -= lg->pi[lg->lcnode[i]];
	return val - cut_sum(lg, k);
}

/* How many of the households a, b, c cycle k holds. */
static int
in_tri(const struct lagr *lg, size_t k, const uint32_t *t)
{
	size_t i;
	int n = 0;

	for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
		n += lg->lcnode[i] == t[0] || lg->lcnode[i] == t[1] ||
		    lg->lcnode[i] == t[2];
	return n;
}

/* Does cycle k hold household u? */
static int
holds(const struct lagr *lg, size_t k, uint32_t u)
{
	size_t i;

	for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
		if (lg->lcnode[i] == u)
			return 1;
	return 0;
}

static int
cmp_tri(const void *pa, const void *pb)
{
	const uint32_t *a = pa, *b = pb;
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* The cycles through each household: lg->hs, lg->hk. 0 or -1. */
static int
cut_init(struct lagr *lg)
{
	const struct kep_comp *c = lg->c;
	size_t nn = lg->nn, k, i, *fill;

	lg->hs = calloc(nn + 2, sizeof(*lg->hs));
	lg->hk = troc_malloc_huge((lg->lcoff[c->ncyc] + 1) *
	    sizeof(*lg->hk));
	lg->khead = troc_malloc_huge((c->ncyc + 1) * sizeof(*lg->khead));
	fill = malloc((nn + 1) * sizeof(*fill));
	if (lg->hs == NULL || lg->hk == NULL || lg->khead == NULL ||
	    fill == NULL) {
		free(fill);
		return -1;
	}
	for (k = 0; k < c->ncyc; k++) {
		lg->khead[k] = -1;
		for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
			lg->hs[lg->lcnode[i] + 1]++;
	}
	for (i = 0; i < nn; i++)
		lg->hs[i + 1] += lg->hs[i];
	memcpy(fill, lg->hs, nn * sizeof(*fill));
	for (k = 0; k < c->ncyc; k++)
		for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
			lg->hk[fill[lg->lcnode[i]]++] = (uint32_t)k;
	free(fill);
	return 0;
}

/* Add the cut of households t (sorted): every cycle through two or more
 * of them. 0 or -1. */
static int
add_cut(struct lagr *lg, const uint32_t *t)
{
	size_t j = lg->ncut, i, k;
	int pass;
	void *p;

	if (j == lg->cutcap) {
		lg->cutcap = j ? 2 * j : 1024;
		if ((p = realloc(lg->ctri, 3 * lg->cutcap * sizeof(*lg->ctri)))
		    == NULL)
			return -1;
		lg->ctri = p;
		if ((p = realloc(lg->mu, lg->cutcap * sizeof(*lg->mu))) == NULL)
			return -1;
		lg->mu = p;
		if ((p = realloc(lg->bmu, lg->cutcap * sizeof(*lg->bmu))) ==
		    NULL)
			return -1;
		lg->bmu = p;
		if ((p = realloc(lg->ccnt, lg->cutcap * sizeof(*lg->ccnt))) ==
		    NULL)
			return -1;
		lg->ccnt = p;
	}
	memcpy(lg->ctri + 3 * j, t, 3 * sizeof(*t));
	lg->mu[j] = lg->bmu[j] = 0;
	lg->ccnt[j] = 0;
	/* the cycles with two of them hold t[0] or t[1]; those with both
	 * are taken from t[0]'s list only */
	for (pass = 0; pass < 2; pass++)
		for (i = lg->hs[t[pass]]; i < lg->hs[t[pass] + 1]; i++) {
			k = lg->hk[i];
			if (in_tri(lg, k, t) < 2)
				continue;
			if (pass == 1 && holds(lg, k, t[0]))
				continue;
			if (lg->nent == lg->entcap) {
				lg->entcap = lg->entcap ? 2 * lg->entcap : 4096;
				if ((p = realloc(lg->ecut, lg->entcap *
				    sizeof(*lg->ecut))) == NULL)
					return -1;
				lg->ecut = p;
				if ((p = realloc(lg->enext, lg->entcap *
				    sizeof(*lg->enext))) == NULL)
					return -1;
				lg->enext = p;
			}
			lg->ecut[lg->nent] = (int32_t)j;
			lg->enext[lg->nent] = lg->khead[k];
			lg->khead[k] = (int32_t)lg->nent++;
		}
	lg->ncut++;
	return 0;
}

/* Sum of x over the cycles the average takes (fs, fk: those through
 * each household) through two or more of t (sorted). */
static double
tri_lhs(const struct lagr *lg, const size_t *fs, const uint32_t *fk,
    const uint32_t *t)
{
	double lhs = 0;
	size_t i, k;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = fs[t[pass]]; i < fs[t[pass] + 1]; i++) {
			k = fk[i];
			if (in_tri(lg, k, t) >= 2 &&
			    (pass == 0 || !holds(lg, k, t[0])))
				lhs += lg->xc[k] * lg->avs;
		}
	return lhs;
}

/* Triangles found by separate(), before they become cuts. */
struct tris {
	uint32_t *t;		/* 3 per triangle, sorted */
	size_t n, cap;
};

/* The triangles of household a and its cycles k1, k2 (households b of
 * one, c of the other) that x takes more than once, into ts. 0 or -1. */
static int
pair_tris(const struct lagr *lg, const size_t *fs, const uint32_t *fk,
    uint32_t a, size_t k1, size_t k2, struct tris *ts)
{
	size_t m1, m2;
	uint32_t t[3], x;
	void *p;

	for (m1 = lg->lcoff[k1]; m1 < lg->lcoff[k1 + 1]; m1++)
		for (m2 = lg->lcoff[k2]; m2 < lg->lcoff[k2 + 1]; m2++) {
			t[0] = a;
			t[1] = lg->lcnode[m1];
			t[2] = lg->lcnode[m2];
			if (t[1] == a || t[2] == a || t[1] == t[2])
				continue;
			if (t[0] > t[1])
				x = t[0], t[0] = t[1], t[1] = x;
			if (t[1] > t[2])
				x = t[1], t[1] = t[2], t[2] = x;
			if (t[0] > t[1])
				x = t[0], t[0] = t[1], t[1] = x;
			if (tri_lhs(lg, fs, fk, t) <= 1 + SEP_EPS)
				continue;
			if (ts->n == ts->cap) {
				ts->cap = ts->cap ? 2 * ts->cap : 1024;
				if ((p = realloc(ts->t, 3 * ts->cap *
				    sizeof(*ts->t))) == NULL)
					return -1;
				ts->t = p;
			}
			memcpy(ts->t + 3 * ts->n++, t, sizeof(t));
		}
	return 0;
}

/*
 * New cuts from the averaged choice x (lg->xc, an estimate of the LP's
 * solution): for two cycles through a household a that the average
 * takes, a household b of one and c of the other, the cycles through two
 * or more of a, b, c taking more than 1 in all. Returns how many, or -1.
 */
static long
separate(struct lagr *lg)
{
	size_t nn = lg->nn, a, i, j, *fs, k, old = lg->ncut;
	struct tris ts = { NULL, 0, 0 };
	uint32_t *fk;
	long added = -1;
	void *p;

	if (lg->hs == NULL && cut_init(lg) == -1)
		return -1;
	/* fk[fs[u]..]: the cycles through u that x takes */
	fs = calloc(nn + 2, sizeof(*fs));
	fk = malloc((lg->hs[nn] + 1) * sizeof(*fk));
	if (fs == NULL || fk == NULL)
		goto out;
	for (a = 0; a < nn; a++) {
		fs[a + 1] = fs[a];
		for (i = lg->hs[a]; i < lg->hs[a + 1]; i++)
			if (lg->xc[lg->hk[i]] * lg->avs >= SEP_MIN)
				fk[fs[a + 1]++] = lg->hk[i];
	}
	for (a = 0; a < nn; a++)
		for (i = fs[a]; i < fs[a + 1]; i++)
			for (j = i + 1; j < fs[a + 1]; j++)
				if (pair_tris(lg, fs, fk, (uint32_t)a, fk[i],
				    fk[j], &ts) == -1)
					goto out;
	if (ts.n > 0)
		qsort(ts.t, ts.n, 3 * sizeof(*ts.t), cmp_tri);
	for (added = 0, k = 0; k < ts.n; k++) {
		if (k > 0 && cmp_tri(ts.t + 3 * k, ts.t + 3 * (k - 1)) == 0)
			continue;
		if (old > 0 && bsearch(ts.t + 3 * k, lg->csort, old,
		    3 * sizeof(*ts.t), cmp_tri) != NULL)
			continue;
		if (lg->nent > INT32_MAX / 2)
			break;	/* entries are int32_t: enough cuts */
		if (add_cut(lg, ts.t + 3 * k) == -1) {
			added = -1;
			goto out;
		}
		added++;
	}
	if (added > 0) {
		if ((p = realloc(lg->csort, 3 * lg->ncut * sizeof(*lg->csort)))
		    == NULL) {
			added = -1;
			goto out;
		}
		lg->csort = p;
		memcpy(lg->csort, lg->ctri, 3 * lg->ncut * sizeof(*lg->csort));
		qsort(lg->csort, lg->ncut, 3 * sizeof(*lg->csort), cmp_tri);
	}
out:
	free(ts.t), free(fs), free(fk);
	return added;
}

/* Room for n more entries in a share's buffer of candidates, up to max
 * in all; 0, or -1 (then sh->over). */
static int
pp_room(struct share *sh, void **buf, size_t *cap, size_t used, size_t n,
    size_t size, size_t max)
{
	size_t nc;
	void *nb;

	if (used + n <= *cap)
		return 0;
	nc = *cap ? *cap * 2 : 4096;
	if (nc < used + n)
		nc = used + n;
	if (nc > max)
		nc = max;
	if (used + n > max || (nb = realloc(*buf, nc * size)) == NULL) {
		sh->over = 1;
		return -1;
	}
	*buf = nb;
	*cap = nc;
	return 0;
}

/* The dynamic programme at position p over the candidates only. */
static void
dp_part(struct share *sh)
{
	struct lagr *lg = sh->lg;
	const unsigned char *vac = lg->x->t->vac;
	const uint32_t *node = lg->c->node, *st = lg->pst + (size_t)sh->p *
	    lg->nn;
	const struct pent *e;
	const double *q = lg->q;
	const int32_t *dvac = lg->x->dvac;
	size_t nn = lg->nn, best_k, u, j, end;
	double b, val;
	int p = sh->p;

	for (u = sh->lo; u < sh->hi; u++) {
		if ((p == 0) != (vac[node[u]] != 0) || dvac[node[u]] > p)
			continue;
		b = 0;
		best_k = SIZE_MAX;
		end = u + 1 < sh->hi ? st[u + 1] : sh->paend[p];
		for (j = st[u], e = sh->pa + j; j < end; j++, e++)
			if ((val = e->w - q[e->h]) > b) {
				b = val;
				best_k = e->k;
			}
		lg->g[(size_t)p * nn + u] = b;
		lg->nxt[(size_t)p * nn + u] = best_k;
	}
}

static void *
dp_share(void *arg)
{
	struct share *sh = arg;
	struct lagr *lg = sh->lg;
	const unsigned char *vac = lg->x->t->vac;
	const uint32_t *node = lg->c->node, *ah = lg->ah;
	const float *aw = lg->aw;
	const double *q = lg->q;
	const int32_t *dvac = lg->x->dvac;
	size_t nn = lg->nn, k, best_k, u, max;
	double b, val;
	int p = sh->p, sel = lg->mode == PP_SEL;

	if (lg->mode == PP_PART) {
		dp_part(sh);
		return NULL;
	}
	max = lg->c->nchain * (size_t)lg->L / PP_SHARE;
	for (u = sh->lo; u < sh->hi; u++) {
		if (sel)
			lg->pst[(size_t)p * nn + u] = (uint32_t)sh->npa;
		if ((p == 0) != (vac[node[u]] != 0) || dvac[node[u]] > p)
			continue;	/* not at position p of any chain */
		b = 0;
		best_k = SIZE_MAX;
		for (k = lg->cs[u]; k < lg->cs[u + 1]; k++)
			if ((val = aw[k] - q[ah[k]]) > b) {
				b = val;
				best_k = k;
			}
		lg->g[(size_t)p * nn + u] = b;
		lg->nxt[(size_t)p * nn + u] = best_k;
		if (!sel || sh->over)
			continue;
		/* the arcs near the best, again (in cache) */
		for (k = lg->cs[u]; k < lg->cs[u + 1]; k++)
			if (aw[k] - q[ah[k]] >= b - lg->pd) {
				if (pp_room(sh, (void **)&sh->pa, &sh->pacap,
				    sh->npa, 1, sizeof(*sh->pa), max) == -1)
					break;
				sh->pa[sh->npa].k = (uint32_t)k;
				sh->pa[sh->npa].h = ah[k];
				sh->pa[sh->npa++].w = aw[k];
			}
	}
	if (sel)
		sh->paend[p] = sh->npa;
	return NULL;
}

/* Cycles klo..k, a group of one smallest node u, that price out within
 * lg->pd of the best (rcc[u], at least 0): to the share's candidates. */
static void
pp_cycles(struct share *sh, size_t klo, size_t k, uint32_t u)
{
	struct lagr *lg = sh->lg;
	size_t j, len, max = lg->c->ncyc * (3 + (size_t)lg->x->k) / PP_SHARE;
	uint32_t *e;

	for (j = klo; j <= k && !sh->over; j++) {
		if (cyc_rw(lg, j) < lg->rcc[u] - lg->pd)
			continue;
		len = lg->lcoff[j + 1] - lg->lcoff[j];
		if (pp_room(sh, (void **)&sh->pc, &sh->pccap, sh->npc, 3 + len,
		    sizeof(*sh->pc), max) == -1)
			return;
		e = sh->pc + sh->npc;
		e[0] = (uint32_t)j;
		memcpy(e + 1, &lg->lcw[j], sizeof(float));
		e[2] = (uint32_t)len;
		memcpy(e + 3, lg->lcnode + lg->lcoff[j], len * sizeof(uint32_t));
		sh->npc += 3 + len;
	}
}

static void *
cycle_share(void *arg)
{
	struct share *sh = arg;
	struct lagr *lg = sh->lg;
	size_t k, g0 = sh->klo, i, len;
	uint32_t u;
	double val;
	float w;
	const uint32_t *e, *end;

	if (lg->mode == PP_PART) {
		for (e = sh->pc, end = e + sh->npc; e < end; e += 3 + len) {
			memcpy(&w, e + 1, sizeof(w));
			len = e[2];
			for (val = w, i = 0; i < len; i++)
				val -= lg->pi[e[3 + i]];
			if (val > lg->rcc[u = e[3]]) {
				lg->rcc[u] = val;
				lg->argc[u] = e[0];
			}
		}
		return NULL;
	}
	for (k = sh->klo; k < sh->khi; k++) {
		val = cyc_rw(lg, k);
		u = lg->lcnode[lg->lcoff[k]];
		if (val > lg->rcc[u]) {
			lg->rcc[u] = val;
			lg->argc[u] = k;
		}
		if (lg->mode == PP_SEL && (k + 1 == sh->khi ||
		    lg->lcnode[lg->lcoff[k + 1]] != u)) {
			pp_cycles(sh, g0, k, u);
			g0 = k + 1;
		}
	}
	return NULL;
}

/* The cycles of the relaxed choice, for nodes lo..hi-1: their share of
 * the averages and their households' counts. Each cycle is the choice
 * of its smallest node only, so the shares touch different cycles; the
 * counts go to one array per share, added up after. */
static void *
count_share(void *arg)
{
	struct share *sh = arg;
	struct lagr *lg = sh->lg;
	float add = AVG_RATE / lg->avs;
	size_t u, k, i;

	if (sh->cnt != lg->cnt)
		memset(sh->cnt, 0, lg->nn * sizeof(*sh->cnt));
	for (u = sh->lo; u < sh->hi; u++) {
		if ((k = lg->argc[u]) == SIZE_MAX)
			continue;
		lg->xc[k] += add;
		for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
			sh->cnt[lg->lcnode[i]]++;
	}
	return NULL;
}

/* Cut the nodes, cycles and chain arcs into lg->nsh shares; a group of
 * cycles with the same smallest node stays in one share. 0, or -1 out
 * of memory. */
static int
make_shares(struct lagr *lg)
{
	const struct kep_pool *pool = lg->x->pool;
	const struct kep_comp *c = lg->c;
	size_t t, n = lg->nsh, k;

	for (t = 0; t < n; t++) {
		lg->sh[t].lg = lg;
		lg->sh[t].lo = lg->nn * t / n;
		lg->sh[t].hi = lg->nn * (t + 1) / n;
		lg->sh[t].alo = c->nchain * t / n;
		lg->sh[t].ahi = c->nchain * (t + 1) / n;
		k = c->ncyc * t / n;
		while (k > 0 && k < c->ncyc && pool->node[pool->off[c->cyc[k]]] ==
		    pool->node[pool->off[c->cyc[k - 1]]])
			k++;
		lg->sh[t].klo = k;
		if (t > 0)
			lg->sh[t - 1].khi = k;
		lg->sh[t].cnt = t == 0 ? lg->cnt :
		    malloc((lg->nn + 1) * sizeof(*lg->sh[t].cnt));
		if (lg->sh[t].cnt == NULL)
			return -1;
		if (lg->pp && (lg->sh[t].paend = calloc((size_t)lg->L + 1,
		    sizeof(size_t))) == NULL)
			return -1;
	}
	lg->sh[n - 1].khi = c->ncyc;
	return 0;
}

/* Age the averages by a step: their scale, and now and then (before
 * single precision runs out) the averages themselves. */
static void
decay(struct lagr *lg)
{
	size_t k;

	lg->avs *= 1 - AVG_RATE;
	if (lg->avs > 1e-12f)
		return;
	for (k = 0; k < lg->c->ncyc; k++)
		lg->xc[k] *= lg->avs;
	for (k = 0; k < lg->c->nchain; k++)
		lg->xa[k] *= lg->avs;
	lg->avs = 1;
}

/* UB(pi), with the relaxed choice counted in lg->cnt. The dynamic
 * programme and the cycles run on lg->nsh threads. */
static double
evaluate(struct lagr *lg)
{
	const struct kep_ctx *x = lg->x;
	const struct kep_comp *c = lg->c;
	size_t nn = lg->nn, i, t, arg;
	uint32_t u, v;
	double ub = 0;
	int p;

	if (lg->mode == PP_SEL)
		for (t = 0; t < lg->nsh; t++)
			lg->sh[t].npa = lg->sh[t].npc = 0, lg->sh[t].over = 0;
	/* chains: the value after u at position p, from the end back */
	for (p = lg->L - 1; p >= 0; p--) {
		/* a step into v at position p + 1 is worth w - q(v) */
		for (i = 0; i < nn; i++)
			lg->q[i] = lg->pi[i] - (p + 1 < lg->L ?
			    lg->g[(size_t)(p + 1) * nn + i] : 0);
		for (t = 0; t < lg->nsh; t++)
			lg->sh[t].p = p;
		troc_parallel(lg->nsh, dp_share, lg->sh, sizeof(*lg->sh));
	}
	for (i = 0; i < nn; i++) {
		lg->rcc[i] = 0;
		lg->argc[i] = SIZE_MAX;
		lg->cnt[i] = 0;
		ub += lg->pi[i];
	}
	troc_parallel(lg->nsh, cycle_share, lg->sh, sizeof(*lg->sh));
	decay(lg);
	troc_parallel(lg->nsh, count_share, lg->sh, sizeof(*lg->sh));
	for (t = 1; t < lg->nsh; t++)
		for (i = 0; i < nn; i++)
			lg->cnt[i] += lg->sh[t].cnt[i];
	for (t = 0; t < lg->ncut; t++) {
		ub += lg->mu[t];
		lg->ccnt[t] = 0;
	}
	for (i = 0; lg->ncut > 0 && i < nn; i++) {
		int32_t en;

		if (lg->argc[i] == SIZE_MAX)
			continue;
		for (en = lg->khead[lg->argc[i]]; en >= 0; en = lg->enext[en])
			lg->ccnt[lg->ecut[en]]++;
	}
	for (u = 0; u < nn; u++) {
		if (lg->argc[u] != SIZE_MAX)
			ub += lg->rcc[u];
		if (lg->L == 0 || !x->t->vac[c->node[u]] ||
		    lg->nxt[u] == SIZE_MAX)
			continue;
		ub += lg->g[u];
		for (p = 0, v = u; p < lg->L; p++) {
			arg = lg->nxt[(size_t)p * nn + v];
			if (arg == SIZE_MAX)
				break;
			lg->xa[arg] += AVG_RATE / lg->avs;
			v = lg->ah[arg];
			lg->cnt[v]++;
		}
	}
	return ub;
}

/* --- the greedy solution, into lg->tc / lg->tch --- */

static int
take_cycle(struct lagr *lg, size_t k)
{
	size_t i;

	for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
		if (lg->used[lg->lcnode[i]])
			return 0;
	for (i = lg->lcoff[k]; i < lg->lcoff[k + 1]; i++)
		lg->used[lg->lcnode[i]] = 1;
	lg->tc[lg->ntc++] = k;
	lg->tval += lg->x->pool->w[lg->c->cyc[k]];
	return 1;
}

/* Weight of a stored chain (L + 1 entries, KEP_NONE after its end). */
static double
chain_weight(const struct lagr *lg, const uint32_t *ch)
{
	const struct kep_net *t = lg->x->t;
	double w = 0;
	size_t i, k;

	for (i = 0; i < (size_t)lg->L && ch[i + 1] != KEP_NONE; i++)
		for (k = lg->cs[ch[i]]; k < lg->cs[ch[i] + 1]; k++)
			if (lg->ah[k] == ch[i + 1]) {
				w += t->ow[lg->c->chain[k]];
				break;
			}
	return w;
}

/* Record the chain lg->path[0..n-1] (local numbers), 2 <= n <= L + 1. */
static void
keep_chain(struct lagr *lg, size_t n)
{
	uint32_t *to = lg->tch + lg->ntch * (size_t)(lg->L + 1);
	size_t i;

	for (i = 0; i < (size_t)lg->L + 1; i++)
		to[i] = i < n ? lg->path[i] : KEP_NONE;
	for (i = 0; i < n; i++)
		lg->used[lg->path[i]] = 1;
	lg->tval += chain_weight(lg, to);
	lg->ntch++;
}

/* The relaxed walk from vacancy u, cut before a taken household. */
static void
take_walk(struct lagr *lg, uint32_t u)
{
	size_t n = 0, arg;
	uint32_t v = u;
	int p;

	if (lg->used[u])
		return;
	lg->path[n++] = u;
	for (p = 0; p < lg->L; p++) {
		arg = lg->nxt[(size_t)p * lg->nn + v];
		if (arg == SIZE_MAX)
			break;
		v = lg->ah[arg];
		if (lg->used[v])
			break;
		lg->used[v] = 1;	/* no household twice in the walk */
		lg->path[n++] = v;
	}
	if (n >= 2)
		keep_chain(lg, n);
	else
		lg->used[u] = 0;
}

/* Grow a chain from path[0..n-1] while it fits: each step to the free
 * household of best reduced weight (any step adds its weight). */
static size_t
grow(struct lagr *lg, size_t n)
{
	const struct kep_net *t = lg->x->t;
	size_t k, a;
	uint32_t v, bv, u;
	double b, val;

	while (n < (size_t)lg->L + 1) {
		u = lg->path[n - 1];
		b = -HUGE_VAL;
		bv = KEP_NONE;
		for (k = lg->cs[u]; k < lg->cs[u + 1]; k++) {
			a = lg->c->chain[k];
			v = loc(lg, t->oto[a]);
			if (lg->used[v] || t->ow[a] <= 0)
				continue;
			val = t->ow[a] - lg->pi[v];
			if (val > b) {
				b = val;
				bv = v;
			}
		}
		if (bv == KEP_NONE)
			break;
		lg->used[bv] = 1;
		lg->path[n++] = bv;
	}
	return n;
}

static int
add_cand(struct lagr *lg, size_t *nc, double rc, size_t i, int chain)
{
	void *q;

	if (*nc == lg->ccap) {
		lg->ccap = lg->ccap ? 2 * lg->ccap : 4096;
		if ((q = realloc(lg->cand, lg->ccap * sizeof(*lg->cand))) ==
		    NULL)
			return -1;
		lg->cand = q;
	}
	lg->cand[*nc].rc = rc;
	lg->cand[*nc].i = i;
	lg->cand[(*nc)++].chain = chain;
	return 0;
}

/* The chain from vacancy u along the arcs the relaxed choices took most
 * often (lg->xa), cut before a taken household. */
static void
take_avg_walk(struct lagr *lg, uint32_t u)
{
	size_t n = 0, k;
	uint32_t v = u, w, bw;
	float b;

	if (lg->used[u])
		return;
	lg->path[n++] = u;
	lg->used[u] = 1;
	while (n < (size_t)lg->L + 1) {
		b = AVG_MIN;
		bw = KEP_NONE;
		for (k = lg->cs[v]; k < lg->cs[v + 1]; k++) {
			w = lg->ah[k];
			if (!lg->used[w] && lg->xa[k] * lg->avs > b) {
				b = lg->xa[k] * lg->avs;
				bw = w;
			}
		}
		if (bw == KEP_NONE)
			break;
		lg->used[bw] = 1;
		lg->path[n++] = v = bw;
	}
	if (n >= 2)
		keep_chain(lg, n);
	else
		lg->used[u] = 0;
}

/*
 * A solution into lg->tc / lg->tch / lg->tval. avg = 0: the relaxed
 * choice of the current prices, best reduced weight first (and the
 * cycles down to -slack w(c)); avg = 1: the columns the relaxed choices
 * took most often over the last steps (an estimate of the LP's solution,
 * as in the volume algorithm, Barahona and Anbil 2000), most often first.
 * Then the other cycles, and chains grown.
 */
static int
greedy(struct lagr *lg, int avg)
{
	const struct kep_ctx *x = lg->x;
	const struct kep_comp *c = lg->c;
	size_t nn = lg->nn, i, k, nc = 0, j, n, L1 = (size_t)lg->L + 1;
	uint32_t u, *ch;
	double val;

	lg->ntc = lg->ntch = 0;
	lg->tval = 0;
	memset(lg->used, 0, nn);
	for (k = 0; k < c->ncyc; k++) {
		if (avg) {
			if (lg->xc[k] * lg->avs > AVG_MIN &&
			    add_cand(lg, &nc, lg->xc[k] * lg->avs, k, 0) == -1)
				return -1;
			continue;
		}
		val = cyc_rw(lg, k);
		if (val > -lg->slack * lg->lcw[k] &&
		    add_cand(lg, &nc, val, k, 0) == -1)
			return -1;
	}
	for (u = 0; lg->L > 0 && u < nn; u++) {
		if (!x->t->vac[c->node[u]])
			continue;
		if (avg) {
			for (val = 0, k = lg->cs[u]; k < lg->cs[u + 1]; k++)
				if (lg->xa[k] * lg->avs > val)
					val = lg->xa[k] * lg->avs;
		} else
			val = lg->g[u];
		if (val > (avg ? AVG_MIN : 0) &&
		    add_cand(lg, &nc, val, u, 1) == -1)
			return -1;
	}
	if (nc > 0)
		qsort(lg->cand, nc, sizeof(*lg->cand), cmp_cand);
	for (j = 0; j < nc; j++) {
		if (lg->cand[j].chain && avg)
			take_avg_walk(lg, (uint32_t)lg->cand[j].i);
		else if (lg->cand[j].chain)
			take_walk(lg, (uint32_t)lg->cand[j].i);
		else
			take_cycle(lg, lg->cand[j].i);
	}
	for (j = 0; j < c->ncyc; j++)
		take_cycle(lg, lg->order[j]);
	/* longer chains, then new ones from the free vacancies */
	for (j = 0; j < lg->ntch; j++) {
		ch = lg->tch + j * L1;
		for (n = 0; n < L1 && ch[n] != KEP_NONE; n++)
			lg->path[n] = ch[n];
		if (n == L1)
			continue;
		i = n;
		n = grow(lg, n);
		if (n == i)
			continue;
		/* replace chain j by the longer one: recount its weight */
		lg->tval -= chain_weight(lg, ch);
		memcpy(ch, lg->path, n * sizeof(uint32_t));
		lg->tval += chain_weight(lg, ch);
	}
	for (u = 0; lg->L > 0 && u < nn; u++) {
		if (!x->t->vac[c->node[u]] || lg->used[u])
			continue;
		lg->path[0] = u;
		lg->used[u] = 1;
		n = grow(lg, 1);
		if (n >= 2)
			keep_chain(lg, n);
		else
			lg->used[u] = 0;
	}
	return 0;
}

/* Keep the greedy solution when it is the best so far (bval starts
 * below 0, so the first one is kept). */
static void
keep_best(struct lagr *lg)
{
	size_t L1 = (size_t)lg->L + 1;

	if (lg->tval <= lg->bval)
		return;
	lg->bval = lg->tval;
	lg->nbc = lg->ntc;
	lg->nbch = lg->ntch;
	memcpy(lg->bc, lg->tc, lg->ntc * sizeof(size_t));
	memcpy(lg->bch, lg->tch, lg->ntch * L1 * sizeof(uint32_t));
}

/* The steps without progress before theta is halved: as many as lets
 * the halvings end within the steps there is time for, from LAGR_STALL
 * to LAGR_STALL_MAX. With a time limit, `it` steps since t0 tell how
 * many more fit before lg->stop; without one, so that the answer does
 * not depend on the machine, LAGR_WORK column values make the steps. */
static int
stall_for(const struct lagr *lg, int it, double t0)
{
	double per, steps;

	if (lg->stop > 0) {
		per = (kep_now() - t0) / it;
		steps = it + (per > 0 ? (lg->stop - kep_now()) / per :
		    LAGR_ITERS);
	} else
		steps = LAGR_WORK / ((double)lg->c->ncyc +
		    (double)lg->c->nchain * lg->L + 1);
	steps /= LAGR_HALVINGS;
	return steps < LAGR_STALL ? LAGR_STALL : steps > LAGR_STALL_MAX ?
	    LAGR_STALL_MAX : (int)steps;
}

/* The subgradient steps, until the bound meets the best solution, the
 * steps become too small, or time is up. Returns the best bound. */
static int
iterate(struct lagr *lg, double *ubp)
{
	const struct kep_ctx *x = lg->x;
	size_t nn = lg->nn, i;
	double ub, best = HUGE_VAL, theta = 1, norm, t, ref = HUGE_VAL;
	double t0 = kep_now();
	int it, stall = 0, stall_max = lg->stop > 0 ? LAGR_STALL :
	    stall_for(lg, 0, t0), full = 0, tk, gstep;
	double tlast = 0, pfail = HUGE_VAL;
	size_t sh;

	for (it = 0; it < LAGR_ITERS; it++) {
		if (it == LAGR_PROBE && lg->stop > 0) {
			stall_max = stall_for(lg, it, t0);
			KEP_T("T stall %d\n", stall_max);
		}
		gstep = it % (it < LAGR_GREEDY_FIRST ? LAGR_GREEDY :
		    LAGR_GREEDY_LATE) == 0;
		lg->mode = PP_FULL;
		if (lg->pp && it >= PP_START) {
			if (lg->have && it % PP_EVERY != 0 && !gstep)
				lg->mode = PP_PART;
			else if (it % PP_EVERY == 0 && PP_MARGIN * PP_EVERY *
			    tlast <= pfail / 2) {
				/* after too many candidates, try again
				 * once the steps are half as long */
				lg->mode = PP_SEL;
				lg->pd = PP_MARGIN * PP_EVERY * tlast;
			}
		}
		ub = evaluate(lg);
		x->stats->steps++;
		x->stats->partial_steps += lg->mode == PP_PART;
		if (lg->mode == PP_SEL) {
			size_t na = 0, nc = 0;

			/* the same whatever the number of shares */
			lg->have = 1;
			for (sh = 0; sh < lg->nsh; sh++) {
				lg->have &= !lg->sh[sh].over;
				na += lg->sh[sh].npa;
				nc += lg->sh[sh].npc;
			}
			lg->have &= na <= lg->c->nchain * (size_t)lg->L /
			    PP_SHARE && nc <= lg->c->ncyc * (3 +
			    (size_t)lg->x->k) / PP_SHARE;
			pfail = lg->have ? HUGE_VAL : lg->pd;
			KEP_T("T pp %d have %d arcs %zu cyc %zu pd %g\n", it,
			    lg->have, na, nc, lg->pd);
		}
		/* the bound, and progress, from whole evaluations only */
		if (lg->mode != PP_PART) {
			tk = it - full;
			full = it;
			if (it == 0 || ub < best - 1e-9 * (best > 1 ? best : 1)) {
				best = ub;
				memcpy(lg->bpi, lg->pi, nn * sizeof(double));
				if (lg->ncut > 0)
					memcpy(lg->bmu, lg->mu, lg->ncut *
					    sizeof(double));
			}
			if (it == 0 || ub < ref - LAGR_GAIN * ref) {
				ref = ub;
				stall = 0;
			} else if ((stall += tk) >= stall_max) {
				theta /= 2;
				stall = 0;
				ref = best;
			}
		}
		KEP_T("T eval %d %.2f\n", it, kep_now());
		if (gstep) {
			/* the averaged choice does better once there is an
			 * average (60k households: by 5% at first, 2% at
			 * the end) */
			if (greedy(lg, it > 0) == -1)
				return -1;
			keep_best(lg);
			KEP_T("T greedy %d %.2f %.0f\n", it, kep_now(), lg->bval);
		}
		/* every step, now that the greedy passes are sparse late (the
		 * progress line limits how often it is drawn) */
		kep_progress(x, "bound", (size_t)it, lg->bval, best);
		if (kep_closed(x, lg->bval, kep_grid_floor(x, best)) ||
		    theta < 1e-4 || kep_timed_out(x) ||
		    (lg->stop > 0 && kep_now() >= lg->stop))
			break;
		norm = 0;
		for (i = 0; i < nn; i++) {
			lg->step[i] = x->t->vac[lg->c->node[i]] ? 0 :
			    1 - lg->cnt[i];
			if (lg->pi[i] <= 0 && lg->step[i] > 0)
				lg->step[i] = 0;
			norm += lg->step[i] * lg->step[i];
		}
		for (i = 0; i < lg->ncut; i++) {
			double gs = 1 - lg->ccnt[i];

			if (lg->mu[i] <= 0 && gs > 0)
				continue;
			norm += gs * gs;
		}
		if (norm == 0 && lg->mode == PP_PART) {
			lg->have = 0;	/* see with every column */
			continue;
		}
		if (norm == 0)
			break;	/* the relaxed choice is a solution */
		t = theta * (best - lg->bval) / norm;
		tlast = t;
		for (i = 0; i < nn; i++) {
			lg->pi[i] -= t * lg->step[i];
			if (lg->pi[i] < 0)
				lg->pi[i] = 0;
		}
		for (i = 0; i < lg->ncut; i++) {
			lg->mu[i] -= t * (1 - lg->ccnt[i]);
			if (lg->mu[i] < 0)
				lg->mu[i] = 0;
		}
		if (lg->cuts && it > 0 && it % SEP_EVERY == 0) {
			long nc = separate(lg);

			if (nc == -1)
				return -1;
			KEP_T("T cuts %d added %ld total %zu entries %zu\n",
			    it, nc, lg->ncut, lg->nent);
		}
		KEP_T("T lagr %d ub %.2f lb %.2f theta %g\n", it, ub, lg->bval, theta);
	}
	*ubp = best;
	return 0;
}

/*
 * The columns worth keeping for kep_fix_solve at the prices lg->pi (as
 * evaluate() left them): those whose reduced weight is above -delta, and
 * those of the best solution. A cycle's reduced weight is its value less
 * the best of its smallest node's; a chain arc's, that of the best walk
 * through it less its vacancy's best: a forward pass (fw, the best value
 * of a walk arriving at a household at each position) meets the backward
 * one (lg->g).
 */
static int
select_cols(struct lagr *lg, double delta, unsigned char *keepc,
    unsigned char *keepa)
{
	const struct kep_comp *c = lg->c;
	const unsigned char *vac = lg->x->t->vac;
	size_t nn = lg->nn, L = (size_t)lg->L, k, i, pos, L1 = L + 1;
	uint32_t u, v;
	double *fw, val, from, cont;

	memset(keepc, 0, c->ncyc);
	memset(keepa, 0, c->nchain);
	for (k = 0; k < c->ncyc; k++) {
		val = cyc_rw(lg, k);
		keepc[k] = val - lg->rcc[lg->lcnode[lg->lcoff[k]]] >= -delta;
	}
	for (i = 0; i < lg->nbc; i++)
		keepc[lg->bc[i]] = 1;
	if (L == 0)
		return 0;
	if ((fw = malloc((L * nn + 1) * sizeof(*fw))) == NULL)
		return -1;
	for (i = 0; i < L * nn; i++)
		fw[i] = -HUGE_VAL;
	/* fw[(p - 1) nn + v]: best walk value arriving at v at position p,
	 * less its vacancy's best */
	for (pos = 0; pos < L; pos++)
		for (u = 0; u < nn; u++) {
			if ((pos == 0) != (vac[c->node[u]] != 0))
				continue;
			from = pos == 0 ? -lg->g[u] : fw[(pos - 1) * nn + u];
			if (from == -HUGE_VAL)
				continue;
			for (k = lg->cs[u]; k < lg->cs[u + 1]; k++) {
				v = lg->ah[k];
				val = from + lg->aw[k] - lg->pi[v];
				cont = pos + 1 < L ? lg->g[(pos + 1) * nn + v] : 0;
				if (val > fw[pos * nn + v])
					fw[pos * nn + v] = val;
				if (val + cont >= -delta)
					keepa[k] = 1;
			}
		}
	free(fw);
	for (i = 0; i < lg->nbch; i++)
		for (pos = 0; pos < L && lg->bch[i * L1 + pos + 1] != KEP_NONE;
		    pos++) {
			u = lg->bch[i * L1 + pos];
			v = lg->bch[i * L1 + pos + 1];
			for (k = lg->cs[u]; k < lg->cs[u + 1]; k++)
				if (lg->ah[k] == v)
					keepa[k] = 1;
		}
	return 0;
}

/* The reduced weight below which kep_fix_solve leaves a column out: a
 * share of the mean weight per household of the columns. */
static double
fix_delta(const struct lagr *lg, double share)
{
	const struct kep_comp *c = lg->c;
	double sum = 0;
	size_t k;

	for (k = 0; k < c->nchain; k++)
		sum += lg->aw[k];
	for (k = 0; k < c->ncyc; k++)
		sum += lg->lcw[k] / (double)(lg->lcoff[k + 1] - lg->lcoff[k]);
	return c->nchain + c->ncyc > 0 ?
	    share * sum / (double)(c->nchain + c->ncyc) : 0;
}

/* The nested solve's progress, told as one "chains" event each. */
struct rechain_meter {
	const struct kep_ctx *x;	/* the whole component's */
	size_t step;
	double value;		/* of the whole answer */
};

static void
rechain_progress(void *arg, const struct troc_kep_progress *p)
{
	struct rechain_meter *m = arg;

	(void)p;
	kep_progress(m->x, "chains", ++m->step, m->value, -1);
}

/* A cycle of an answer by its reduced weight a household. */
struct rcyc {
	double r;
	size_t i;
};

static int
cmp_rcyc(const void *pa, const void *pb)
{
	const struct rcyc *a = pa, *b = pb;

	if (a->r != b->r)
		return a->r < b->r ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Mark in held_by the nodes of the cycles of s->...[n0..] that stay: all
 * but the worst RECHAIN_FREE of them by reduced weight a household at the
 * prices pi (c-local; NULL: 0), or all when the time left is short for
 * c's size. Adds the weight of the others to *old. */
static int
hold_cycles(const struct kep_ctx *x, const struct kep_comp *c,
    const double *pi, const struct kep_sol *s, size_t n0,
    unsigned char *held_by, double *old)
{
	struct rcyc *rc;
	size_t i, j, k, n = 0, nfree;
	double r;

	if ((rc = malloc((s->n - n0 + 1) * sizeof(*rc))) == NULL)
		return -1;
	for (i = n0; i < s->n; i++) {
		if (s->kind[i] != TROC_KEP_CYCLE)
			continue;
		r = s->w[i];
		for (j = s->off[i]; pi != NULL && j < s->off[i + 1]; j++)
			r -= pi[x->loc[s->node[j]]];
		rc[n].r = r / (double)(s->off[i + 1] - s->off[i]);
		rc[n++].i = i;
	}
	qsort(rc, n, sizeof(*rc), cmp_rcyc);
	nfree = x->deadline > 0 && kep_remaining(x) < RECHAIN_FREE_TIME *
	    (double)c->nn ? 0 : (size_t)(RECHAIN_FREE * (double)n);
	for (j = 0; j < n; j++) {
		i = rc[j].i;
		if (j < nfree)
			*old += s->w[i];
		else
			for (k = s->off[i]; k < s->off[i + 1]; k++)
				held_by[s->node[k]] = 1;
	}
	free(rc);
	return 0;
}

/*
 * kep_rechain (kep_impl.h): the vacancies, the households no cycle of s
 * takes and those of its worst cycles (RECHAIN_FREE of them, by reduced
 * weight a household at the whole's prices), with the chain arcs and
 * the cycles among them, are a component solved by kep_lagr_solve on its
 * own (its own prices, from the whole component's, its restricted
 * problem, its search; no rechain of its own). (The chains alone, as
 * before: 0.471% on a day the worst cycles let go with them gave 0.387%
 * and 0.388%, 260k households -t 118. Then: 260k
 * households, -t 110: the chains of the search's answer weighed
 * 3,727,095; troc-match -k 1 on the graph less the households of its
 * cycles found 3,736,630 with -t 10, 3,739,765 with -t 60, bound
 * 3,743,256; the cycles solved again, the chains held, 9,711,400 against
 * 9,707,930 in 40 s. The prices of the whole serve the chains less well
 * than their own, and the search's moves on chains are few.)
 */
int
kep_rechain(const struct kep_ctx *x, const struct kep_comp *c,
    const double *pi, struct kep_sol *s, size_t n0, double *value,
    struct troc_err *e)
{
	const struct kep_net *t = x->t;
	struct kep_ctx sx = *x;
	struct kep_comp sc;
	struct kep_sol sub, held;
	uint32_t *node = NULL;
	unsigned char *held_by = NULL;	/* per node: a held cycle's */
	double *pi0 = NULL;
	struct troc_kep_opts so;
	struct rechain_meter meter;
	const struct kep_pool *pool = x->pool;
	size_t *arc = NULL, *cyc = NULL, i, j, k, pc, nn = 0, na = 0;
	size_t ncyc = 0;
	double old = 0, neww = 0, b = 0;
	int proven = 1, ret = -1;

	memset(&sub, 0, sizeof(sub));
	memset(&held, 0, sizeof(held));
	memset(&sc, 0, sizeof(sc));
	meter.x = x;
	meter.step = 0;
	meter.value = *value;
	if ((held_by = calloc((size_t)t->n + 1, 1)) == NULL ||
	    (node = malloc((c->nn + 1) * sizeof(*node))) == NULL ||
	    (arc = malloc((c->nchain + 1) * sizeof(*arc))) == NULL ||
	    (cyc = malloc((c->ncyc + 1) * sizeof(*cyc))) == NULL)
		goto oom;
	if (hold_cycles(x, c, pi, s, n0, held_by, &old) == -1)
		goto oom;
	for (i = n0; i < s->n; i++)
		if (s->kind[i] != TROC_KEP_CYCLE)
			old += s->w[i];
	for (i = 0; i < c->nn; i++)
		if (!held_by[c->node[i]])
			node[nn++] = c->node[i];
	for (i = 0; i < c->nchain; i++) {
		k = c->chain[i];
		if (!held_by[t->ofrom[k]] && !held_by[t->oto[k]])
			arc[na++] = k;
	}
	for (i = 0; i < c->ncyc; i++) {
		pc = c->cyc[i];
		for (j = pool->off[pc]; j < pool->off[pc + 1] &&
		    !held_by[pool->node[j]]; j++)
			;
		if (j == pool->off[pc + 1])
			cyc[ncyc++] = pc;
	}
	sc.nn = nn, sc.node = node, sc.nchain = na, sc.chain = arc;
	sc.ncyc = ncyc, sc.cyc = cyc;
	sx.nested = 1;
	/* its searches' merges come after their deadline */
	if (sx.deadline > 0)
		sx.deadline = kep_now() + (1 - RECHAIN_MERGES) *
		    kep_remaining(x);
	if (na == 0) {
		ret = 0;
		goto out;
	}
	/* the steps start from the whole component's prices */
	if (pi != NULL) {
		if ((pi0 = malloc(((size_t)t->n + 1) * sizeof(*pi0))) == NULL)
			goto oom;
		for (i = 0; i < c->nn; i++)
			pi0[c->node[i]] = pi[i];
		sx.pi0 = pi0;
	}
	if (x->opts != NULL && x->opts->progress != NULL) {
		so = *x->opts;
		so.progress = rechain_progress;
		so.progress_arg = &meter;
		sx.opts = &so;
	}
	KEP_T("T rechain start %.2f nodes %zu arcs %zu cycles %zu "
	    "weight %.0f\n", kep_now(), nn, na, ncyc, old);
	if (kep_lagr_solve(&sx, &sc, &sub, &b, &proven, e) == -1)
		goto out;
	for (i = 0; i < sub.n; i++)
		neww += sub.w[i];
	KEP_T("T rechain end %.2f value %.0f\n", kep_now(), neww);
	if (neww > old) {
		for (i = n0; i < s->n; i++)
			if (s->kind[i] == TROC_KEP_CYCLE &&
			    held_by[s->node[s->off[i]]] &&
			    kep_sol_copy(&held, s, i) == -1)
				goto oom;
		s->n = n0;
		for (i = 0; i < held.n; i++)
			if (kep_sol_copy(s, &held, i) == -1)
				goto oom;
		for (i = 0; i < sub.n; i++)
			if (kep_sol_copy(s, &sub, i) == -1)
				goto oom;
		*value += neww - old;
	}
	meter.value = *value;
	rechain_progress(&meter, NULL);
	ret = 0;
	goto out;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
out:
	/* kep_lagr_solve cleared the sub-component's local numbers */
	for (i = 0; i < c->nn; i++)
		x->loc[c->node[i]] = (uint32_t)i;
	free(held_by), free(node), free(arc), free(cyc), free(pi0);
	kep_sol_release(&sub);
	kep_sol_release(&held);
	return ret;
}

/* The greedy solution gs improved on the problem restricted to the
 * columns the best prices favour (kep_fix.c), into s and lg->bval. */
static int
improve(struct lagr *lg, const struct kep_sol *gs, struct kep_sol *s,
    struct troc_err *e)
{
	const struct kep_comp *c = lg->c;
	static const double delta[2] = { FIX_DELTA, FIX_DELTA_WIDE };
	struct kep_ctx fx;
	struct kep_sol first;
	const struct kep_sol *from = gs;
	unsigned char *keepc, *keepa;
	size_t n0 = s->n, i, pass, pieces = 0;
	double value;
	int ret = -1, re;

	memset(&first, 0, sizeof(first));
	keepc = malloc(c->ncyc + 1);
	keepa = malloc(c->nchain + 1);
	if (keepc == NULL || keepa == NULL)
		goto oom;
	KEP_T("T fix start %.2f greedy %.0f\n", kep_now(), lg->bval);
	/* under a time limit, the local search gets the last share */
	fx = *lg->x;
	if (fx.deadline > 0)
		fx.deadline = kep_now() + (1 - LS_SHARE) * kep_remaining(lg->x);
	/* the narrow problem, then the wide one from its answer: the
	 * columns of the first are among the second's */
	for (pass = 0; pass < 2 && (pass == 0 || !kep_timed_out(&fx));
	    pass++) {
		if (pass == 1) {
			for (i = n0; i < s->n; i++)
				if (kep_sol_copy(&first, s, i) == -1)
					goto oom;
			s->n = n0;
			from = &first;
		}
		if (select_cols(lg, fix_delta(lg, delta[pass]), keepc,
		    keepa) == -1)
			goto oom;
		if (kep_fix_solve(&fx, c, keepc, keepa, from, s, &value,
		    &pieces, e) == -1)
			goto out;
		KEP_T("T fix end %.2f value %.0f\n", kep_now(), value);
	}
	/* the search needs the prices only: its lists reuse this memory */
	free(keepc), free(keepa);
	keepc = keepa = NULL;
	kep_sol_release(&first);
	lagr_shed(lg);
	/* under a time limit, the chains solved again get the last share */
	re = c->ncyc > 0 && c->nchain > 0 && !lg->x->nested;
	fx = *lg->x;
	if (re && fx.deadline > 0)
		fx.deadline = kep_now() + (1 - RECHAIN_SHARE) *
		    kep_remaining(lg->x);
	if (kep_ls_solve(&fx, c, lg->bpi, s, n0, &value, e) == -1)
		goto out;
	if (re && kep_rechain(lg->x, c, lg->bpi, s, n0, &value, e) == -1)
		goto out;
	lg->bval = value;
	ret = 0;
	goto out;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
out:
	free(keepc), free(keepa);
	kep_sol_release(&first);
	return ret;
}

int
kep_lagr_solve(const struct kep_ctx *x, const struct kep_comp *c,
    struct kep_sol *s, double *bound, int *proven, struct troc_err *e)
{
	struct lagr lg;
	struct kep_ctx lx;
	struct kep_sol gs;
	const struct kep_pool *pool = x->pool;
	size_t i, n, pc, L1 = (size_t)x->l + 1;
	uint32_t nodes[64];
	double ub = 0, w;
	int ret = -1;

	memset(&lg, 0, sizeof(lg));
	memset(&gs, 0, sizeof(gs));
	lx = *x;
	lg.x = &lx;
	lg.c = c;
	lg.L = x->l;
	lg.nn = c->nn;
	lg.bval = -1;
	lg.slack = LAGR_SLACK;
	for (i = 0; i < c->nn; i++)
		x->loc[c->node[i]] = (uint32_t)i;
	KEP_T("T lagr start %.2f\n", kep_now());
	if (x->l + 1 > 64 || lagr_init(&lg) == -1)
		goto oom;
	lx.pi0 = NULL;	/* the first prices are set; none for what follows */
	/* triangle cuts on the sparser graphs: on the denser ones they
	 * slow the steps for a bound no lower */
	for (i = 0, n = 0, pc = 0; i < c->nn; i++)
		if (!x->t->vac[c->node[i]]) {
			n += x->t->ostart[c->node[i] + 1] -
			    x->t->ostart[c->node[i]];
			pc++;
		}
	lg.cuts = x->k >= 2 && n < CUT_DENSITY * pc;
	lg.nsh = kep_threads(x);
	/* partial pricing: where the steps are long */
	lg.pp = !lg.cuts && lg.L > 0 && (double)c->ncyc + (double)c->nchain *
	    lg.L >= (x->opts != NULL && x->opts->pp_columns > 0 ?
	    x->opts->pp_columns : PP_MIN) && c->ncyc < UINT32_MAX &&
	    c->nchain * (size_t)lg.L < UINT32_MAX;
	KEP_T("T pp gate %d cuts %d arcs %zu households %zu cols %g\n",
	    lg.pp, lg.cuts, n, pc, (double)c->ncyc + (double)c->nchain * lg.L);
	if (lg.pp && (lg.pst = malloc(((size_t)lg.L * c->nn + 1) *
	    sizeof(uint32_t))) == NULL)
		goto oom;
	if ((lg.sh = calloc(lg.nsh, sizeof(*lg.sh))) == NULL)
		goto oom;
	if (make_shares(&lg) == -1)
		goto oom;
	/* under a time limit, the last part of the time goes to the
	 * restricted problem (kep_fix.c) */
	if (x->deadline > 0)
		lg.stop = kep_now() + LAGR_STEPS_SHARE * kep_remaining(x);
	KEP_T("T lagr init %.2f\n", kep_now());
	if (iterate(&lg, &ub) == -1)
		goto oom;
	/* the candidates are done with: their memory goes back before the
	 * restricted problem and the search */
	for (i = 0; i < lg.nsh; i++) {
		free(lg.sh[i].pa), free(lg.sh[i].pc);
		lg.sh[i].pa = NULL, lg.sh[i].pc = NULL;
		lg.sh[i].npa = lg.sh[i].pacap = lg.sh[i].npc = 0;
		lg.sh[i].pccap = 0;
	}
	lg.have = 0;
	/* a last greedy pass at the prices of the best bound */
	memcpy(lg.pi, lg.bpi, lg.nn * sizeof(double));
	if (lg.ncut > 0)
		memcpy(lg.mu, lg.bmu, lg.ncut * sizeof(double));
	lg.mode = PP_FULL;
	evaluate(&lg);
	if (greedy(&lg, 0) == -1 || (keep_best(&lg), greedy(&lg, 1)) == -1)
		goto oom;
	keep_best(&lg);
	for (i = 0; i < lg.nbc; i++) {
		pc = c->cyc[lg.bc[i]];
		if (kep_sol_add(&gs, TROC_KEP_CYCLE, pool->node + pool->off[pc],
		    pool->off[pc + 1] - pool->off[pc], pool->w[pc]) == -1)
			goto oom;
	}
	for (i = 0; i < lg.nbch; i++) {
		for (n = 0; n < L1 && lg.bch[i * L1 + n] != KEP_NONE; n++)
			nodes[n] = c->node[lg.bch[i * L1 + n]];
		w = chain_weight(&lg, lg.bch + i * L1);
		if (kep_sol_add(&gs, TROC_KEP_CHAIN, nodes, n, w) == -1)
			goto oom;
	}
	if (kep_closed(x, lg.bval, kep_grid_floor(x, ub))) {
		for (i = 0; i < gs.n; i++)
			if (kep_sol_copy(s, &gs, i) == -1)
				goto oom;
	} else if (improve(&lg, &gs, s, e) == -1)
		goto out;
	ub = kep_grid_floor(x, ub);
	if (ub < lg.bval)
		ub = lg.bval;
	if (kep_closed(x, lg.bval, ub))
		ub = lg.bval;
	else
		*proven = 0;
	*bound += ub;
	ret = 0;
	goto out;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
out:
	for (i = 0; i < c->nn; i++)
		x->loc[c->node[i]] = KEP_NONE;
	lagr_free(&lg);
	kep_sol_release(&gs);
	return ret;
}
