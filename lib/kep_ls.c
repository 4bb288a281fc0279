/* kep_ls.c: a local search over a whole component, after kep_fix.c:
 * moves that put a column in, evict what it meets and repair. */

/*
 * The restricted problem of kep_fix.c is solved in pieces, each with only
 * the columns the prices favour; better solutions of a dense component
 * differ from its answer over hundreds of exchanges at once. This search
 * works on the whole component with every column: a move picks a
 * household (now and then one the prices value that is left out,
 * LS_FREE, or one of an exchange that pays more than it brings, LS_BAD)
 * and one of its columns (a cycle through it, or a chain arc into it;
 * the first moves through a household among its best, LS_DEEPEN), puts
 * it in, evicts what it meets (a cycle whole, a chain from the household
 * met on, so that the chain's start stays), then repairs
 * greedily: each household set free takes its free cycle of best reduced
 * weight under the prices (the heaviest without prices) or the heaviest
 * end of a chain it can join, and each cut chain grows again from its
 * end, to the household of best reduced weight. (With the heaviest
 * instead, on 260k households without a time limit, the same 19 million
 * moves from the same start gained 40,575 against 42,475, a difference
 * within the spread of other variants: a move's best of 3 or 4 columns,
 * 41,195 and 43,600; with -t 100, 31,100 to 31,600 in three runs
 * against 32,700 to 35,200; on the Paris 20th part, six seeds, a mean
 * of 221,225 against 221,291 with -t 10, 221,112 against 221,129 with
 * -t 3. A small gain, if any; it is kept for its sense: a household's
 * price is what it is worth elsewhere.) When the solution then weighs
 * less than before, the move goes on with a column through the dearest
 * household it left out, if that household's price would pay for the
 * loss (LS_EJECT). The move is kept when the
 * solution weighs at least as much as before (equal weights are
 * frequent, the weights being on a grid: the search walks along them),
 * undone otherwise. It never makes
 * the solution worse. The moves come from a fixed seed; without a time
 * limit there are LS_MOVES a household, so the answer does not depend on
 * the machine; with one, the search runs until it ends, or until
 * LS_STALL moves a household find nothing better. (On 260,000
 * households, K = 3, L = 3, -t 100: 29 s of it after 29 s of kep_fix.c
 * took the gap from 1.36% to 1.02%.)
 *
 * Two searches from the same start with different seeds end in
 * different places, each better somewhere: on a component of LS_PAIR
 * households or more, two run (at the same time in two processes when
 * there are two processors, else one after the other with half the time
 * each) and the heaviest set of their exchanges no two of which meet is
 * taken (kep_merge.c, a minimum cut), then again from that, LS_ROUNDS
 * rounds in all. On 260,000 households with -t 100 the two searches of
 * the first round ended at 13,400,390 and 13,402,310 and their merge at
 * 13,408,865; the gap went from 0.78% to 0.69% with two rounds. (The
 * same merge of two answers from different restricted problems, whose
 * exchanges differ nearly everywhere, gains nothing: on a part of 5,040
 * households the best of both was the better one.) The searches of a
 * run vary much (on 14,000 households, from nearly the same start,
 * +650 in one and +1,300 in another), and where the graph is large the
 * merge takes the better of two in each place: so each of the two is
 * itself a tree of shorter searches merged pairwise, 2^LS_DEPTH
 * searches a round in all (tree()). Pairwise merges lose what needs
 * three answers at once, so under a time limit the round ends with the
 * union of all its searches' answers (kep_union.c, in the last
 * LS_UNION_SHARE of its time), from the pairwise merge.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "troc/err.h"
#include "troc/mem.h"
#include "troc/parallel.h"
#include "troc/rng.h"
#include "csvin_impl.h"	/* troc_grow, troc_write_full */
#include "kep_impl.h"

#define LS_WIDTH 8		/* nodes of an exchange, at most */
#define LS_MOVES 100		/* moves per household, without a time limit */
#define LS_STALL 500		/* moves per household without a better
				 * solution: the search stops */
#define LS_TOUR 2		/* with prices: a move takes the best of so many
				 * columns of its household by reduced weight
				 * (6k households: 221,685 against 221,485
				 * for one) */
#define LS_DEEPEN 4	/* a move through u draws its column among the
				 * first 4 << t of each of u's lists (the best
				 * first), t the moves through u before in the
				 * search: the first moves try what the prices
				 * favour, the later ones go deeper. The same
				 * start and time, from all columns at random
				 * against this: 260k households, -t 100's
				 * search (12.4 s), three runs each,
				 * 13,406,815 to 13,410,160 against 13,412,995
				 * to 13,415,955 (2: 13,413,870; 8: 13,414,680
				 * and 13,413,820); all of Paris (45,950
				 * households, 14.4 s), 3,101,025 and
				 * 3,102,545 against 3,104,605 and 3,104,935;
				 * Paris 18th to 20th, 5 s, 956,910 and 956,950
				 * against 956,890 (2: 956,980); the Paris 20th
				 * part with half its vacancies, 3 s, 379,735
				 * against 379,700 */
#define LS_FREE 0.3	/* with prices: the share of moves through a
				 * household that the search's start left out
				 * while its price is positive (the gap of a
				 * solution to the bound is, in part, the
				 * prices of such households: 38,000 of 99,000
				 * at 260k households, 1,895 households), when
				 * it is still out; the others through any.
				 * The same start and time as for LS_DEEPEN:
				 * 260k households 13,417,040 with none
				 * against 13,422,315 and 13,422,805 with 0.1,
				 * 13,422,855 and 13,423,540 with 0.3,
				 * 13,423,840 and 13,423,760 with 0.5; all of
				 * Paris 3,104,655 against 3,106,155 and
				 * 3,105,825 (0.3); Paris 18th to 20th 956,890
				 * against 957,065 and 957,035; the Paris 20th
				 * part 379,715 against 379,760 and 379,700 */
#define LS_BAD 0.01	/* with prices: an exchange whose reduced weight
				 * is below -0.01 of the mean weight a
				 * household pays for its households more than
				 * it brings, and ... */
#define LS_BAD_SHARE 0.1	/* ... so many of the moves go through the
				 * households of those of the search's start
				 * (524 households at 260k, the others in
				 * exchanges within 0.01 of their prices or
				 * above). The same start and time as for
				 * LS_DEEPEN, with LS_FREE (the trial's bar
				 * was -1, -0.009 of the mean at 260k; -5
				 * did as well, 0 and +3 less): 260k households
				 * 13,424,370 to 13,424,705 in three runs
				 * against 13,426,910 to 13,427,175; all of
				 * Paris 3,105,455 against 3,106,170; Paris
				 * 18th to 20th 957,065 against 957,050; the
				 * Paris 20th part 379,760 against 379,725 */
#define LS_EJECT 8	/* with prices: columns in a move at most. A move
				 * that loses goes on through the dearest
				 * household it left out while that one's
				 * price would pay for the loss (an ejection
				 * chain: the single moves' answer is
				 * optimal in every window of some 300
				 * households with all its columns, yet 0.5%
				 * from the bound, so what it misses is
				 * longer). 260k households without a time
				 * limit, the same moves from the same start:
				 * the searches' answers 2,190 higher on
				 * average (2 columns: 1,530; 4: 2,170; 32
				 * as 8), the whole 13,441,830 against
				 * 13,438,070 (in the same time); the price
				 * counted 0.7 or 1.5 times: 13,440,170 and
				 * 13,440,915; the column through it the
				 * best of 1 or 4 drawn (LS_TOUR's 2 here):
				 * 13,439,765 and 13,441,615. -t 110, four
				 * pairs side by
				 * side: 13,441,110 to 13,443,095 against
				 * 13,438,865 to 13,441,100, +1,860 to
				 * +2,905 in each pair) */
#define LS_PAIR 1000	/* households with a column: from so many, two
				 * searches with different seeds from the same
				 * start, merged (two(), kep_merge.c) */
#define LS_ROUNDS 2	/* ... in so many rounds, each from the last
				 * merge (260k households, -t 100: 0.708%
				 * with one round, 0.687% with two, 0.688%
				 * with three; one search alone: 0.778%) */
#define LS_DEPTH 3	/* ... each of the two a tree of 2^(LS_DEPTH - 1)
				 * shorter searches merged pairwise: 2^LS_DEPTH
				 * searches a round (260k households, -t 100,
				 * test builds side by side: the searches
				 * gained 41,000 on average with 2 (three
				 * runs), 44,700 with 4 (five), 47,300 with 8
				 * (four), 48,100 with 16 (two); with 16 the
				 * mid-size parts were within 0.06% of 8,
				 * better on four of five) */
#define LS_UNION_SHARE 0.2	/* of a round's time: the union of its
				 * searches (kep_union.c), after the trees */
#define LS_CLOCK 0xfff	/* a look at the clock every so many moves + 1
				 * (every 65,536, the 16 short searches of a
				 * round begun with a few ms left each ran
				 * 0.05-0.2 s past it at 260k households) */
#define LS_PACK 0xfffff	/* sort_list: places in 20 bits */
#define LS_SEED 0x6b6570	/* of the moves: the answer is the same from
				 * run to run */

/* An exchange: a cycle, or a chain from the vacancy nd[0]. */
struct slot {
	unsigned char kind, len;
	uint32_t nd[LS_WIDTH];
	double aw[LS_WIDTH];	/* chain: weight of the arc into nd[p] */
	double w;
};

struct jent {
	size_t s;
	struct slot old;
};

struct ls {
	const struct kep_ctx *x;
	const struct kep_comp *c;
	size_t nn;
	int K, L;
	unsigned char *vac;	/* nn: a vacancy? */
	size_t *ncs;		/* nn + 1: cycles through local u */
	uint32_t *nc;		/* component cycle numbers */
	double *cw;		/* ncyc: their weights */
	uint32_t *cn;		/* ncyc * K: their local nodes, padded */
	size_t *os, *is;	/* nn + 1: chain arcs out of and into u */
	uint32_t *oh, *ih;	/* the other end (local) */
	double *ow, *iw;
	uint32_t *own;		/* nn: slot, or KEP_NONE */
	unsigned char *at;	/* nn: position in it */
	struct slot *sl;
	size_t ns, scap;
	size_t *fr, nfr;	/* free slots */
	size_t *fsave;		/* fr's entries a move popped, to undo */
	size_t nfr0, flow;	/* nfr when the move began, lowest since */
	size_t ns0;		/* ns when the move began */
	uint64_t *stamp;	/* per slot: the move that journaled it */
	unsigned char *tl;	/* per slot: its length when it is a chain
				 * that can grow, else 0: open_end's test
				 * (the repair's most frequent lookup: 12%
				 * of a search's samples in perf, the rest
				 * of the search 31%) in a small array
				 * rather than in the slots. 260k households,
				 * the search alone from the same start, 12.4
				 * s: 17-20% more moves (6.0-6.4 million
				 * against 5.2-5.4), 13,427,685 and
				 * 13,428,820 against 13,426,430 and
				 * 13,427,290; whole runs -t 100 within their
				 * spread (0.538%, 0.539% against 0.547%,
				 * 0.530%). The same answers without a time
				 * limit */
	uint64_t move;
	unsigned char *tries;	/* nn: moves through it in this search */
	uint32_t *left;		/* out, priced, when the search began */
	uint32_t *bad;		/* in an exchange paying too much, then */
	struct jent *j;
	size_t nj, jcap;
	uint32_t *q;		/* work queue: households freed */
	size_t nq, qcap;
	size_t *tq;		/* chains cut */
	size_t ntq, tqcap;
	const double *pi;	/* nn prices, or NULL */
	uint32_t *cand;		/* households with a column */
	size_t ncand;
	double value;
	struct troc_rng rng;
	/* for kep_progress, over the searches of kep_ls_solve: the moves
	 * before this search, the best answer of the ones before */
	size_t moves0;
	double best0;
	size_t runs;		/* searches run, in this process or read back */
	/* the answers of the round's searches, for kep_union.c */
	struct kep_sol *lv;
	size_t nlv, lvcap;
	struct troc_err *e;
	int failed;		/* kep_union failed: e says why */
};

static void
leaves_free(struct ls *l)
{
	size_t i;

	for (i = 0; i < l->nlv; i++)
		kep_sol_release(&l->lv[i]);
	l->nlv = 0;
}

/* A new empty leaf answer: its address, or NULL out of memory. */
static struct kep_sol *
leaf(struct ls *l)
{
	struct kep_sol *v;

	if (l->nlv == l->lvcap) {
		l->lvcap = l->lvcap == 0 ? 8 : 2 * l->lvcap;
		if ((v = realloc(l->lv, l->lvcap * sizeof(*v))) == NULL)
			return NULL;
		l->lv = v;
	}
	v = &l->lv[l->nlv++];
	memset(v, 0, sizeof(*v));
	return v;
}

static void
ls_free(struct ls *l)
{
	free(l->vac), free(l->ncs), free(l->nc), free(l->os), free(l->is);
	free(l->oh), free(l->ih), free(l->ow), free(l->iw), free(l->own);
	free(l->tries), free(l->left), free(l->bad);
	free(l->at), free(l->sl), free(l->fr), free(l->stamp), free(l->j);
	free(l->tl);
	free(l->q), free(l->tq), free(l->cand), free(l->fsave), free(l->cw);
	free(l->cn);
	leaves_free(l);
	free(l->lv);
}

struct wk {
	double w;
	size_t k;
};

static int
cmp_wk(const void *pa, const void *pb)
{
	const struct wk *a = pa, *b = pb;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return (a->k > b->k) - (a->k < b->k);
}

#define LS_BUCKETS (1u << 22)	/* by_key: counting sort up to so many
				 * steps of the grid */

/* A cycle's reduced weight under the prices, or its weight without them:
 * the key its households' lists are sorted by. */
static double
cycle_key(const struct ls *l, size_t k)
{
	const uint32_t *cn = l->cn + k * (size_t)l->K;
	double v = l->cw[k];
	size_t i;

	for (i = 0; l->pi != NULL && i < (size_t)l->K; i++)
		if (cn[i] != KEP_NONE)
			v -= l->pi[cn[i]];
	return v;
}

/* A key for the sorts: in steps of the grid, rounded, when there is one
 * (the weights are on it; the reduced weights are not, and both ways of
 * sorting in by_key must give the same order) */
static double
grid_key(const struct ls *l, double v)
{
	return l->x->grid > 0 ? (double)llround(v / l->x->grid) : v;
}

/* The cycles 0..n-1 by key, largest first, then in order: *ord, to
 * free. On a grid spanning fewer than LS_BUCKETS steps, a counting sort
 * (it was written for 30 million chain arcs at 260k households, on
 * which qsort took 6 s); else qsort. 0 or -1. */
static int
by_key(const struct ls *l, size_t n, size_t **ord)
{
	struct wk *b;
	size_t i, *cnt, span = 0;
	double lo = 0, hi = 0, v;

	if ((*ord = malloc((n + 1) * sizeof(**ord))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v = grid_key(l, cycle_key(l, i));
		if (i == 0 || v < lo)
			lo = v;
		if (i == 0 || v > hi)
			hi = v;
	}
	if (l->x->grid > 0 && n > 0 && hi - lo < LS_BUCKETS - 1)
		span = (size_t)(hi - lo) + 1;
	if (span > 0) {
		if ((cnt = calloc(span + 1, sizeof(*cnt))) == NULL) {
			free(*ord);
			return -1;
		}
		/* bucket 0: the largest */
		for (i = 0; i < n; i++)
			cnt[(size_t)(hi - grid_key(l, cycle_key(l, i))) + 1]++;
		for (i = 0; i < span; i++)
			cnt[i + 1] += cnt[i];
		for (i = 0; i < n; i++) {
			v = grid_key(l, cycle_key(l, i));
			(*ord)[cnt[(size_t)(hi - v)]++] = i;
		}
		free(cnt);
		return 0;
	}
	if ((b = malloc((n + 1) * sizeof(*b))) == NULL) {
		free(*ord);
		return -1;
	}
	for (i = 0; i < n; i++) {
		b[i].w = grid_key(l, cycle_key(l, i));
		b[i].k = i;
	}
	qsort(b, n, sizeof(*b), cmp_wk);
	for (i = 0; i < n; i++)
		(*ord)[i] = b[i].k;
	free(b);
	return 0;
}

/* An arc in a household's list while the list is sorted: its key and
 * place (the lists are filled by arc number, the order among equal
 * keys), first, for cmp_wk; its weight and other end. */
struct le {
	struct wk o;
	double w;
	uint32_t h;
};

/* By cmp_wk: an insertion sort for the short lists, most of them. */
static void
sort_le(struct le *b, size_t n)
{
	size_t i, j;
	struct le e;

	if (n > 32) {
		qsort(b, n, sizeof(*b), cmp_wk);
		return;
	}
	for (i = 1; i < n; i++) {
		e = b[i];
		for (j = i; j > 0 && cmp_wk(&b[j - 1].o, &e.o) > 0; j--)
			b[j] = b[j - 1];
		b[j] = e;
	}
}

/* p[0..n-1] ascending: quicksort on the middle element (the smaller side
 * by recursion), insertion sort for the short runs. */
void
kep_sort_u64(uint64_t *p, size_t n)
{
	size_t i, j, lo, hi;
	uint64_t piv, e;

	while (n > 24) {
		piv = p[n / 2];
		lo = 0;
		hi = n - 1;
		for (;;) {
			while (p[lo] < piv)
				lo++;
			while (p[hi] > piv)
				hi--;
			if (lo >= hi)
				break;
			e = p[lo], p[lo] = p[hi], p[hi] = e;
			lo++, hi--;
		}
		/* p[0..hi] <= piv <= p[hi + 1..n - 1] */
		if (hi + 1 < n - hi - 1) {
			kep_sort_u64(p, hi + 1);
			p += hi + 1;
			n -= hi + 1;
		} else {
			kep_sort_u64(p + hi + 1, n - hi - 1);
			n = hi + 1;
		}
	}
	for (i = 1; i < n; i++) {
		e = p[i];
		for (j = i; j > 0 && p[j - 1] > e; j--)
			p[j] = p[j - 1];
		p[j] = e;
	}
}

/* Buffers for sorting one list of arc_lists, of the longest's size. */
struct lbuf {
	struct le *b;
	uint64_t *pk;
	double *kd;
	uint32_t *th;
};

/* The list w[0..n-1], h[0..n-1] (weights, other ends) sorted as cmp_wk
 * orders their keys bf->kd[i] (then i on ties). On a grid whose
 * keys span less than 2^40 steps, key and place pack into one integer,
 * sorted without a comparison function (at 260k households the lists
 * took 5.8 s through qsort, 3.8 s so: the same order, the keys being
 * distinct); else qsort. */
static void
sort_list(const struct ls *l, double *w, uint32_t *h, size_t n,
    struct lbuf *bf)
{
	double kmax = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (i == 0 || bf->kd[i] > kmax)
			kmax = bf->kd[i];
	if (l->x->grid > 0 && n <= LS_PACK) {
		for (i = 0; i < n && kmax - bf->kd[i] < 0x1p40; i++)
			bf->pk[i] = (uint64_t)(kmax - bf->kd[i]) << 20 | i;
		if (i == n) {
			kep_sort_u64(bf->pk, n);
			for (i = 0; i < n; i++) {
				bf->kd[i] = w[bf->pk[i] & LS_PACK];
				bf->th[i] = h[bf->pk[i] & LS_PACK];
			}
			memcpy(w, bf->kd, n * sizeof(*w));
			memcpy(h, bf->th, n * sizeof(*h));
			return;
		}
	}
	for (i = 0; i < n; i++) {
		bf->b[i].w = w[i];
		bf->b[i].h = h[i];
		bf->b[i].o.k = i;
		bf->b[i].o.w = bf->kd[i];
	}
	sort_le(bf->b, n);
	for (i = 0; i < n; i++) {
		w[i] = bf->b[i].w;
		h[i] = bf->b[i].h;
	}
}

/* One way of ls_init's chain arc lists, on a thread of its own. */
struct lists_job {
	struct ls *l;
	int out;
	int ret;
};

/* The chain arcs out of each household (job->out: l->oh, l->ow) or into
 * it (l->ih, l->iw), each list by reduced weight under the prices (the
 * arc's weight less its head's price) or by weight, largest first, then
 * by arc number: the arcs into v stay heaviest first, as the repair
 * needs. l->os or l->is holds the counts, shifted by two. The arcs are
 * read in order, each put in its list, and each list is sorted on its
 * own. (One sort of all the arcs, then reading them in that order, read
 * memory at random: at 260k households ls_init took 16 s, then 6 s with
 * the two ways on two threads, the same lists, and 4.4 s with
 * sort_list.) job->ret: 0, or -1 out of memory. */
static void *
arc_lists(void *arg)
{
	struct lists_job *job = arg;
	struct ls *l = job->l;
	const struct kep_comp *c = l->c;
	const struct kep_net *t = l->x->t;
	int out = job->out;
	size_t *st = out ? l->os : l->is, nn = l->nn, k, a, i, n, max = 0;
	uint32_t u, *h = out ? l->oh : l->ih;
	double *w = out ? l->ow : l->iw;
	struct lbuf bf;

	job->ret = -1;
	for (u = 0; u < nn; u++) {
		st[u + 2] += st[u + 1];
		if (st[u + 2] - st[u + 1] > max)
			max = st[u + 2] - st[u + 1];
	}
	bf.b = malloc((max + 1) * sizeof(*bf.b));
	bf.pk = malloc((max + 1) * sizeof(*bf.pk));
	bf.kd = malloc((max + 1) * sizeof(*bf.kd));
	bf.th = malloc((max + 1) * sizeof(*bf.th));
	if (bf.b == NULL || bf.pk == NULL || bf.kd == NULL || bf.th == NULL)
		goto out;
	for (k = 0; k < c->nchain; k++) {
		a = c->chain[k];
		u = l->x->loc[out ? t->ofrom[a] : t->oto[a]];
		h[st[u + 1]] = l->x->loc[out ? t->oto[a] : t->ofrom[a]];
		w[st[u + 1]++] = t->ow[a];
	}
	for (u = 0; u < nn; u++) {
		n = st[u + 1] - st[u];
		for (i = 0; i < n; i++)
			bf.kd[i] = grid_key(l, w[st[u] + i] - (l->pi == NULL ?
			    0 : l->pi[out ? h[st[u] + i] : u]));
		sort_list(l, w + st[u], h + st[u], n, &bf);
	}
	job->ret = 0;
out:
	free(bf.b), free(bf.pk), free(bf.kd), free(bf.th);
	return NULL;
}

/* Can a move go through u: a household with a cycle or a chain arc into
 * it? */
static int
movable(const struct ls *l, uint32_t u)
{
	return !l->vac[u] && (l->ncs[u + 1] > l->ncs[u] ||
	    l->is[u + 1] > l->is[u]);
}

/* Indexes: cycles by household, chain arcs both ways, each list by
 * reduced weight under the prices, largest first, or heaviest first
 * without them (the repair takes the first that fits). */
static int
ls_init(struct ls *l)
{
	const struct kep_comp *c = l->c;
	const struct kep_pool *pool = l->x->pool;
	const struct kep_net *t = l->x->t;
	struct lists_job job[2];
	size_t nn = l->nn, k, i, j, a, pc, *ord = NULL;
	uint32_t u;

	l->vac = calloc(nn + 1, 1);
	l->ncs = calloc(nn + 2, sizeof(size_t));
	l->os = calloc(nn + 2, sizeof(size_t));
	l->is = calloc(nn + 2, sizeof(size_t));
	l->own = malloc((nn + 1) * sizeof(uint32_t));
	l->at = calloc(nn + 1, 1);
	l->cw = troc_malloc_huge((c->ncyc + 1) * sizeof(double));
	l->cn = troc_malloc_huge((c->ncyc * (size_t)l->K + 1) *
	    sizeof(uint32_t));
	l->oh = troc_malloc_huge((c->nchain + 1) * sizeof(uint32_t));
	l->ih = troc_malloc_huge((c->nchain + 1) * sizeof(uint32_t));
	l->ow = troc_malloc_huge((c->nchain + 1) * sizeof(double));
	l->iw = troc_malloc_huge((c->nchain + 1) * sizeof(double));
	l->cand = malloc((nn + 1) * sizeof(uint32_t));
	l->tries = calloc(nn + 1, 1);
	l->left = malloc((nn + 1) * sizeof(uint32_t));
	l->bad = malloc((nn + 1) * sizeof(uint32_t));
	if (l->tries == NULL || l->left == NULL || l->bad == NULL ||
	    l->vac == NULL ||
	    l->ncs == NULL || l->os == NULL || l->is == NULL ||
	    l->own == NULL || l->at == NULL ||
	    l->cw == NULL || l->cn == NULL || l->oh == NULL ||
	    l->ih == NULL || l->ow == NULL || l->iw == NULL ||
	    l->cand == NULL)
		return -1;
	for (u = 0; u < nn; u++) {
		l->vac[u] = t->vac[c->node[u]] != 0;
		l->own[u] = KEP_NONE;
	}
	/* the cycles: weights, local nodes, counts by household */
	for (k = 0; k < c->ncyc; k++) {
		pc = c->cyc[k];
		l->cw[k] = pool->w[pc];
		for (i = 0; i < (size_t)l->K; i++) {
			j = pool->off[pc] + i;
			u = j < pool->off[pc + 1] ? l->x->loc[pool->node[j]] :
			    KEP_NONE;
			l->cn[k * l->K + i] = u;
			if (u != KEP_NONE)
				l->ncs[u + 2]++;
		}
	}
	for (u = 0; u < nn; u++)
		l->ncs[u + 2] += l->ncs[u + 1];
	if ((l->nc = troc_malloc_huge((l->ncs[nn + 1] + 1) *
	    sizeof(uint32_t))) == NULL || by_key(l, c->ncyc, &ord) == -1)
		return -1;
	/* filled in that order: ncs[u + 1] runs from u's start to its end */
	for (j = 0; j < c->ncyc; j++)
		for (i = 0; i < (size_t)l->K; i++)
			if ((u = l->cn[ord[j] * l->K + i]) != KEP_NONE)
				l->nc[l->ncs[u + 1]++] = (uint32_t)ord[j];
	free(ord);
	/* the chain arcs: counts both ways, then each way's lists on a
	 * thread of its own */
	for (k = 0; k < c->nchain; k++) {
		a = c->chain[k];
		l->os[l->x->loc[t->ofrom[a]] + 2]++;
		l->is[l->x->loc[t->oto[a]] + 2]++;
	}
	job[0].l = job[1].l = l;
	job[0].out = 1;
	job[1].out = 0;
	if (kep_threads(l->x) >= 2)
		troc_parallel(2, arc_lists, job, sizeof(*job));
	else {
		arc_lists(&job[0]);
		arc_lists(&job[1]);
	}
	if (job[0].ret == -1 || job[1].ret == -1)
		return -1;
	for (u = 0; u < nn; u++)
		if (movable(l, u))
			l->cand[l->ncand++] = u;
	return 0;
}

/* Slot s's entry in l->tl, after its length or kind changed. */
static void
set_tl(struct ls *l, size_t s)
{
	const struct slot *x = &l->sl[s];

	l->tl[s] = x->kind == TROC_KEP_CHAIN && x->len <= (unsigned)l->L ?
	    x->len : 0;
}

/* Save slot s before the move changes it. */
static int
touch(struct ls *l, size_t s)
{
	if (l->stamp[s] == l->move)
		return 0;
	if (troc_grow((void **)&l->j, &l->jcap, l->nj + 1, sizeof(*l->j)) == -1)
		return -1;
	l->stamp[s] = l->move;
	l->j[l->nj].s = s;
	l->j[l->nj++].old = l->sl[s];
	return 0;
}

/* *p resized to n items of size bytes; unchanged when out of memory. */
static int
resize(void **p, size_t n, size_t size)
{
	void *np = realloc(*p, n * size);

	if (np == NULL)
		return -1;
	*p = np;
	return 0;
}

static int
new_slot(struct ls *l, size_t *sp)
{
	size_t s, cap = l->scap;

	if (l->nfr > 0) {
		s = l->fr[--l->nfr];
		if (l->nfr < l->flow)
			l->fsave[l->flow = l->nfr] = s;
	} else {
		if (troc_grow((void **)&l->sl, &l->scap, l->ns + 1,
		    sizeof(*l->sl)) == -1)
			return -1;
		/* stamp, tl, fr and fsave follow sl's capacity */
		if (l->scap != cap && (resize((void **)&l->stamp, l->scap,
		    sizeof(*l->stamp)) == -1 || resize((void **)&l->tl,
		    l->scap, 1) == -1 || resize((void **)&l->fr,
		    l->scap, sizeof(*l->fr)) == -1 || resize((void **)&l->fsave,
		    l->scap, sizeof(*l->fsave)) == -1))
			return -1;
		s = l->ns++;
		/* all of it: undo() reads its kind back into tl */
		memset(&l->sl[s], 0, sizeof(l->sl[s]));
		l->tl[s] = 0;
		l->stamp[s] = 0;
	}
	if (touch(l, s) == -1)
		return -1;
	*sp = s;
	return 0;
}

static int
push_q(struct ls *l, uint32_t u)
{
	if (troc_grow((void **)&l->q, &l->qcap, l->nq + 1, sizeof(*l->q)) == -1)
		return -1;
	l->q[l->nq++] = u;
	return 0;
}

static int
push_tq(struct ls *l, size_t s)
{
	if (troc_grow((void **)&l->tq, &l->tqcap, l->ntq + 1,
	    sizeof(*l->tq)) == -1)
		return -1;
	l->tq[l->ntq++] = s;
	return 0;
}

/* Take u out of its exchange: a cycle or a chain's vacancy ends the
 * exchange, a chain is cut before u. *gain loses what goes. */
static int
evict(struct ls *l, uint32_t u, double *gain)
{
	size_t s = l->own[u], p, from;
	struct slot *x;

	if (touch(l, s) == -1)
		return -1;
	x = &l->sl[s];
	from = x->kind == TROC_KEP_CHAIN ? l->at[u] : 0;
	for (p = from; p < x->len; p++) {
		l->own[x->nd[p]] = KEP_NONE;
		if (!l->vac[x->nd[p]] && push_q(l, x->nd[p]) == -1)
			return -1;
		*gain -= x->kind == TROC_KEP_CHAIN ? x->aw[p] : 0;
	}
	if (x->kind != TROC_KEP_CHAIN)
		*gain -= x->w;
	else
		x->w = 0;
	if (from == 0 || (x->kind == TROC_KEP_CHAIN && from == 1)) {
		/* a chain cut to its vacancy alone is no exchange */
		if (x->kind == TROC_KEP_CHAIN)
			l->own[x->nd[0]] = KEP_NONE;
		x->len = 0;
		l->tl[s] = 0;
		l->fr[l->nfr++] = s;
		return 0;
	}
	x->len = (unsigned char)from;
	set_tl(l, s);
	for (p = 1; p < from; p++)
		x->w += x->aw[p];
	return push_tq(l, s);
}

static int
put_cycle(struct ls *l, size_t k, double *gain)
{
	const uint32_t *cn = l->cn + k * l->K;
	size_t i, s;
	struct slot *x;

	if (new_slot(l, &s) == -1)
		return -1;
	x = &l->sl[s];
	x->kind = TROC_KEP_CYCLE;
	x->len = 0;
	x->w = l->cw[k];
	for (i = 0; i < (size_t)l->K && cn[i] != KEP_NONE; i++) {
		x->nd[x->len] = cn[i];
		l->own[cn[i]] = (uint32_t)s;
		l->at[cn[i]] = x->len;
		x->len++;
	}
	l->tl[s] = 0;
	*gain += x->w;
	return 0;
}

/* Append v to chain s (or start one from the free vacancy u). */
static int
extend(struct ls *l, size_t s, uint32_t u, uint32_t v, double w, double *gain)
{
	struct slot *x;

	if (s == SIZE_MAX) {
		if (new_slot(l, &s) == -1)
			return -1;
		x = &l->sl[s];
		x->kind = TROC_KEP_CHAIN;
		x->nd[0] = u;
		x->aw[0] = 0;
		x->len = 1;
		x->w = 0;
		l->own[u] = (uint32_t)s;
		l->at[u] = 0;
	} else if (touch(l, s) == -1)
		return -1;
	x = &l->sl[s];
	x->nd[x->len] = v;
	x->aw[x->len] = w;
	x->w += w;
	l->own[v] = (uint32_t)s;
	l->at[v] = x->len++;
	set_tl(l, s);
	*gain += w;
	return 0;
}

static int
cycle_free(const struct ls *l, size_t k)
{
	const uint32_t *cn = l->cn + k * l->K;
	size_t i;

	for (i = 0; i < (size_t)l->K && cn[i] != KEP_NONE; i++)
		if (l->own[cn[i]] != KEP_NONE)
			return 0;
	return 1;
}

/* Chain s can take one more household after its end. */
static int
open_end(const struct ls *l, uint32_t u, size_t *sp)
{
	size_t s = l->own[u];

	if (s == KEP_NONE) {
		*sp = SIZE_MAX;
		return l->vac[u];
	}
	*sp = s;
	return l->tl[s] == l->at[u] + 1u;
}

/* Greedy repair: the households set free, then the cut chains. */
static int
repair(struct ls *l, double *gain)
{
	size_t i, k, bk, s, bs;
	uint32_t u, bu;
	double bw;
	int cyc;

	for (i = 0; i < l->nq; i++) {
		u = l->q[i];
		if (l->own[u] != KEP_NONE)
			continue;
		bw = 0;
		cyc = 0;
		bk = 0;
		bs = SIZE_MAX;
		bu = KEP_NONE;
		for (k = l->ncs[u]; k < l->ncs[u + 1]; k++)
			if (cycle_free(l, l->nc[k])) {
				bw = l->cw[l->nc[k]];
				bk = l->nc[k];
				cyc = 1;
				break;
			}
		for (k = l->is[u]; k < l->is[u + 1] && l->iw[k] > bw; k++)
			if (open_end(l, l->ih[k], &s)) {
				bw = l->iw[k];
				bu = l->ih[k];
				bs = s;
				cyc = 0;
				break;
			}
		if (bw <= 0)
			continue;
		if (cyc) {
			if (put_cycle(l, bk, gain) == -1)
				return -1;
		} else {
			if (extend(l, bs, bu, u, bw, gain) == -1)
				return -1;
			if (push_tq(l, l->own[u]) == -1)
				return -1;
		}
	}
	for (i = 0; i < l->ntq; i++) {
		s = l->tq[i];
		if (l->sl[s].len == 0 || l->sl[s].kind != TROC_KEP_CHAIN)
			continue;
		while (l->sl[s].len <= (unsigned)l->L) {
			u = l->sl[s].nd[l->sl[s].len - 1];
			bw = 0;
			bu = KEP_NONE;
			for (k = l->os[u]; k < l->os[u + 1]; k++)
				if (l->own[l->oh[k]] == KEP_NONE) {
					bw = l->ow[k];
					bu = l->oh[k];
					break;
				}
			if (bu == KEP_NONE)
				break;
			if (extend(l, s, u, bu, bw, gain) == -1)
				return -1;
		}
	}
	return 0;
}

/* Undo the move: the journaled slots as they were. */
static void
undo(struct ls *l)
{
	size_t i, p, s;
	struct slot *x;

	for (i = 0; i < l->nj; i++) {
		x = &l->sl[l->j[i].s];
		for (p = 0; p < x->len; p++)
			l->own[x->nd[p]] = KEP_NONE;
	}
	for (i = l->nj; i-- > 0;) {
		l->sl[l->j[i].s] = l->j[i].old;
		set_tl(l, l->j[i].s);
	}
	/* the free list as it was: what the move popped back */
	for (s = l->flow; s < l->nfr0; s++)
		l->fr[s] = l->fsave[s];
	l->nfr = l->nfr0;
	l->ns = l->ns0;
	for (i = 0; i < l->nj; i++) {
		x = &l->sl[l->j[i].s];
		for (p = 0; p < x->len; p++) {
			l->own[x->nd[p]] = (uint32_t)l->j[i].s;
			l->at[x->nd[p]] = (unsigned char)p;
		}
	}
}

/* Which of u's nc cycles and na chain arcs a move tries: one at random
 * among the first of each list (LS_DEEPEN, doubled with each move
 * through u in this search), or with prices the best by reduced weight
 * of LS_TOUR so drawn. */
static size_t
pick(struct ls *l, uint32_t u, size_t nc, size_t na)
{
	size_t t, o, best = 0, j, k, lim, lc, la;
	double rc, brc = 0;

	lim = (size_t)LS_DEEPEN << (l->tries[u] < 24 ? l->tries[u] : 24);
	lc = nc < lim ? nc : lim;
	la = na < lim ? na : lim;
	if (l->tries[u] < UCHAR_MAX)
		l->tries[u]++;
	for (t = 0; t < (l->pi != NULL ? LS_TOUR : 1); t++) {
		o = troc_rng_below(&l->rng, lc + la);
		if (o >= lc)
			o += nc - lc;	/* into the arcs' list */
		if (l->pi == NULL)
			return o;
		if (o < nc) {
			k = l->nc[l->ncs[u] + o];
			rc = l->cw[k];
			for (j = 0; j < (size_t)l->K; j++)
				if (l->cn[k * l->K + j] != KEP_NONE)
					rc -= l->pi[l->cn[k * l->K + j]];
		} else
			rc = l->iw[l->is[u] + o - nc] - l->pi[u];
		if (t == 0 || rc > brc) {
			brc = rc;
			best = o;
		}
	}
	return best;
}

/* Put one of u's columns in, evict what it meets and repair, the
 * journal running; *gp gains what comes in and loses what goes. 1 done,
 * 0 nothing to do or not possible (the journal may hold a part: the
 * caller undoes), -1. */
static int
apply(struct ls *l, uint32_t u, double *gp)
{
	size_t nc = l->ncs[u + 1] - l->ncs[u];
	size_t na = l->is[u + 1] - l->is[u], r, k, s, i;
	uint32_t p, v;
	double gain = *gp;

	r = pick(l, u, nc, na);
	if (r < nc) {
		k = l->nc[l->ncs[u] + r];
		if (l->own[u] != KEP_NONE && l->sl[l->own[u]].kind ==
		    TROC_KEP_CYCLE && l->cw[k] <= l->sl[l->own[u]].w)
			return 0;
		for (i = 0; i < (size_t)l->K; i++) {
			v = l->cn[k * l->K + i];
			if (v != KEP_NONE && l->own[v] != KEP_NONE &&
			    evict(l, v, &gain) == -1)
				return -1;
		}
		if (put_cycle(l, k, &gain) == -1)
			return -1;
	} else {
		k = l->is[u] + (r - nc);
		p = l->ih[k];
		if (l->own[p] != KEP_NONE &&
		    (l->sl[l->own[p]].kind != TROC_KEP_CHAIN ||
		    l->at[p] >= (unsigned)l->L))
			return 0;
		if (l->own[p] == KEP_NONE && !l->vac[p])
			return 0;
		/* the chain through p ends at p */
		if (l->own[p] != KEP_NONE) {
			s = l->own[p];
			if (l->at[p] + 1u < l->sl[s].len &&
			    evict(l, l->sl[s].nd[l->at[p] + 1], &gain) == -1)
				return -1;
		}
		if (l->own[u] != KEP_NONE && evict(l, u, &gain) == -1)
			return -1;
		if (!open_end(l, p, &s)) {
			*gp = gain;
			return 0;
		}
		if (extend(l, s, p, u, l->iw[k], &gain) == -1 ||
		    push_tq(l, l->own[u]) == -1)
			return -1;
	}
	if (repair(l, &gain) == -1)
		return -1;
	*gp = gain;
	return 1;
}

/* The household the move left out (of those it set free) whose price is
 * the highest, if that is at least loss: else KEP_NONE. */
static uint32_t
dearest_left(const struct ls *l, double loss)
{
	size_t i;
	uint32_t v, best = KEP_NONE;
	double bp = 0;

	for (i = 0; i < l->nq; i++) {
		v = l->q[i];
		if (l->own[v] == KEP_NONE && l->pi[v] > bp && movable(l, v)) {
			bp = l->pi[v];
			best = v;
		}
	}
	return bp >= loss ? best : KEP_NONE;
}

/* One move through household u: one of its columns in, then, while the
 * solution weighs less than before, one through the dearest household
 * left out whose price would pay for the loss, LS_EJECT columns at most
 * (with prices). Returns 1 kept, 0 undone, -1. */
static int
move(struct ls *l, uint32_t u, double *gp)
{
	double gain = 0;
	int r, d;

	l->move++;
	l->nj = l->nq = l->ntq = 0;
	l->nfr0 = l->flow = l->nfr;
	l->ns0 = l->ns;
	r = apply(l, u, &gain);
	for (d = 1; r == 1 && gain < -1e-9 && l->pi != NULL && d < LS_EJECT &&
	    (u = dearest_left(l, -gain)) != KEP_NONE; d++)
		r = apply(l, u, &gain);
	if (r == -1)
		return -1;
	if (r == 0 || gain < -1e-9) {
		undo(l);
		return 0;
	}
	*gp = gain;
	return 1;
}

/* Slots for the exchanges s->...[from..]: 0, 1 when a chain uses an arc
 * that is not c's (then the search leaves them as they are), -1. */
static int
load(struct ls *l, const struct kep_sol *s, size_t from)
{
	size_t i, p, k, sn, len;
	struct slot *x;
	uint32_t a;
	int found;

	for (i = from; i < s->n; i++) {
		if (new_slot(l, &sn) == -1)
			return -1;
		x = &l->sl[sn];
		len = s->off[i + 1] - s->off[i];
		if (len > LS_WIDTH)
			return 1;
		x->kind = s->kind[i];
		x->len = (unsigned char)len;
		set_tl(l, sn);
		x->w = s->w[i];
		l->value += s->w[i];
		for (p = 0; p < len; p++) {
			x->nd[p] = l->x->loc[s->node[s->off[i] + p]];
			x->aw[p] = 0;
			l->own[x->nd[p]] = (uint32_t)sn;
			l->at[x->nd[p]] = (unsigned char)p;
		}
		if (x->kind != TROC_KEP_CHAIN)
			continue;
		for (p = 1; p < len; p++) {
			a = x->nd[p - 1];
			found = 0;
			for (k = l->os[a]; k < l->os[a + 1] && !found; k++)
				if (l->oh[k] == x->nd[p]) {
					x->aw[p] = l->ow[k];
					found = 1;
				}
			if (!found)
				return 1;
		}
	}
	return 0;
}

/* Back to the exchanges s->...[from..], for another search. */
static int
reload(struct ls *l, const struct kep_sol *s, size_t from)
{
	size_t u;

	for (u = 0; u < l->nn; u++)
		l->own[u] = KEP_NONE;
	l->ns = l->nfr = l->nj = 0;
	l->value = 0;
	return load(l, s, from) == -1 ? -1 : 0;
}

/* The households of the exchanges whose reduced weight under the prices
 * is below -LS_BAD of the mean weight a household, those a move can go
 * through (movable), into l->bad: how many. */
static size_t
overpaid(struct ls *l)
{
	size_t s, p, n = 0, nh = 0;
	double sum = 0, rc;
	const struct slot *x;

	for (s = 0; s < l->ns; s++)
		if (l->sl[s].len > 0 && l->own[l->sl[s].nd[0]] == s) {
			sum += l->sl[s].w;
			for (p = 0; p < l->sl[s].len; p++)
				nh += !l->vac[l->sl[s].nd[p]];
		}
	for (s = 0; nh > 0 && s < l->ns; s++) {
		x = &l->sl[s];
		if (x->len == 0 || l->own[x->nd[0]] != s)
			continue;	/* a free slot */
		rc = x->w;
		for (p = 0; p < x->len; p++)
			if (!l->vac[x->nd[p]])
				rc -= l->pi[x->nd[p]];
		if (rc >= -LS_BAD * sum / (double)nh)
			continue;
		for (p = 0; p < x->len; p++)
			if (movable(l, x->nd[p]))
				l->bad[n++] = x->nd[p];
	}
	return n;
}

/* Moves until the budget, x's deadline or the stall; *moves how many. */
static int
search(struct ls *l, const struct kep_ctx *x, size_t budget, size_t *moves)
{
	size_t m, last, i, nfree = 0, nbad = 0;
	uint32_t u;
	double g;
	int r;

	memset(l->tries, 0, l->nn);
	/* the households left out that the prices say are worth a place,
	 * and those of the exchanges that pay more than they are worth */
	for (i = 0; l->pi != NULL && i < l->ncand; i++)
		if (l->own[l->cand[i]] == KEP_NONE && l->pi[l->cand[i]] > 0)
			l->left[nfree++] = l->cand[i];
	if (l->pi != NULL)
		nbad = overpaid(l);
	for (m = 0, last = 0; m < budget && l->ncand > 0 &&
	    m - last < LS_STALL * l->ncand; m++) {
		if ((m & LS_CLOCK) == 0 && kep_timed_out(x))
			break;
		if ((m & 0xffff) == 0) {
			kep_progress(x, "search", l->moves0 + m,
			    l->value > l->best0 ? l->value : l->best0, -1);
			if ((m & 0xfffff) == 0)
				KEP_T("T ls %zu %.2f %.0f\n", m, kep_now(),
				    l->value);
		}
		g = 0;
		u = l->cand[troc_rng_below(&l->rng, l->ncand)];
		if (nbad > 0 && troc_rng_unit(&l->rng) < LS_BAD_SHARE)
			u = l->bad[troc_rng_below(&l->rng, nbad)];
		else if (nfree > 0 && troc_rng_unit(&l->rng) < LS_FREE) {
			i = troc_rng_below(&l->rng, nfree);
			if (l->own[l->left[i]] == KEP_NONE)
				u = l->left[i];
		}
		if ((r = move(l, u, &g)) == -1)
			return -1;
		if (r == 1) {
			l->value += g;
			if (g > 1e-9)
				last = m;
		}
	}
	KEP_T("T ls end %.2f moves %zu value %.0f\n", kep_now(), m, l->value);
	*moves = m;
	return 0;
}

/* The search's exchanges, global numbers, into out. */
static int
dump(const struct ls *l, struct kep_sol *out)
{
	size_t i, n;
	uint32_t nd[LS_WIDTH];

	for (i = 0; i < l->ns; i++) {
		if (l->sl[i].len == 0)
			continue;
		for (n = 0; n < l->sl[i].len; n++)
			nd[n] = l->c->node[l->sl[i].nd[n]];
		if (kep_sol_add(out, l->sl[i].kind, nd, n, l->sl[i].w) == -1)
			return -1;
	}
	return 0;
}

/*
 * 2^depth searches from the slots as loaded (s[from..]), search i with
 * the seed seed + i, each with 2^-depth of the budget (moves) and, one
 * after the other, of the time left, merged pairwise up the tree
 * (kep_merge.c) into out; *val its weight, *moves all their moves.
 * Shorter searches from the same start end in more different places,
 * each better somewhere, and the merges keep the best of each place.
 */
static int
tree(struct ls *l, const struct kep_ctx *x, size_t budget, uint64_t seed,
    int depth, const struct kep_sol *s, size_t from, struct kep_sol *out,
    double *val, size_t *moves)
{
	struct kep_sol a, b, *k;
	struct kep_ctx h = *x;
	size_t m1 = 0, m2 = 0;
	double v;
	int r = -1;

	if (depth == 0) {
		troc_rng_seed(&l->rng, seed, 0);
		if (search(l, x, budget, moves) == -1 || dump(l, out) == -1 ||
		    (k = leaf(l)) == NULL || dump(l, k) == -1)
			return -1;
		*val = l->value;
		l->runs++;
		l->moves0 += *moves;
		if (*val > l->best0)
			l->best0 = *val;
		return 0;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (x->deadline > 0)
		h.deadline = kep_now() + kep_remaining(x) / 2;
	if (tree(l, &h, budget / 2, seed, depth - 1, s, from, &a, &v,
	    &m1) == -1 || reload(l, s, from) == -1 ||
	    tree(l, x, budget / 2, seed + ((uint64_t)1 << (depth - 1)),
	    depth - 1, s, from, &b, &v, &m2) == -1)
		goto out;
	*moves = m1 + m2;
	r = kep_merge(x, l->nn, &a, &b, out, val);
out:
	kep_sol_release(&a);
	kep_sol_release(&b);
	return r;
}

/* Solution b to fd: its size, then its exchanges. 0 or -1. */
static int
send_sol(int fd, const struct kep_sol *b)
{
	size_t i;

	if (troc_write_full(fd, &b->n, sizeof(b->n)) == -1)
		return -1;
	for (i = 0; i < b->n; i++)
		if (kep_write_ex(fd, b, i) == -1)
			return -1;
	return 0;
}

/* What send_sol wrote, appended to b: 0, 1 when it cannot be read, -1
 * out of memory. */
static int
take_sol(int fd, struct kep_sol *b)
{
	size_t n, i;
	int r;

	if (kep_read_all(fd, &n, sizeof(n)) == -1)
		return 1;
	for (i = 0; i < n; i++)
		if ((r = kep_read_ex(fd, b)) != 0)
			return r;
	return 0;
}

/* The second process: the second tree of searches (silent), then its
 * moves, its merged answer and its searches' answers to fd. */
_Noreturn static void
second(struct ls *l, const struct kep_ctx *x, size_t budget, uint64_t seed,
    const struct kep_sol *s, size_t from, int fd)
{
	struct kep_ctx q = *x;
	struct kep_sol b;
	size_t m, n0 = l->nlv, i;
	double v;

	kep_child_signals();
	memset(&b, 0, sizeof(b));
	q.opts = NULL;
	if (tree(l, &q, budget, seed, LS_DEPTH - 1, s, from, &b, &v,
	    &m) == -1 || troc_write_full(fd, &m, sizeof(m)) == -1 ||
	    send_sol(fd, &b) == -1)
		_exit(1);
	m = l->nlv - n0;
	if (troc_write_full(fd, &m, sizeof(m)) == -1)
		_exit(1);
	for (i = n0; i < l->nlv; i++)
		if (send_sol(fd, &l->lv[i]) == -1)
			_exit(1);
	_exit(0);
}

/* The second process's exchanges into b, its searches' answers into l's,
 * its moves into *m: 0, 1 when they could not be read, -1 out of
 * memory. */
static int
take(struct ls *l, int fd, struct kep_sol *b, size_t *m)
{
	struct kep_sol *v;
	size_t n, i;
	int r;

	if (kep_read_all(fd, m, sizeof(*m)) == -1)
		return 1;
	if ((r = take_sol(fd, b)) != 0)
		return r;
	if (kep_read_all(fd, &n, sizeof(n)) == -1)
		return 1;
	for (i = 0; i < n; i++) {
		if ((v = leaf(l)) == NULL)
			return -1;
		if ((r = take_sol(fd, v)) != 0)
			return r;
	}
	return 0;
}

/* The round's answer out (*val its weight) replaced by the best of the
 * union of its searches' answers when that weighs more (kep_union.c;
 * silent: kep_fix_solve's pieces count from 0). Only under a time
 * limit: without one the work of its pieces is bounded by CBC's node
 * limit alone, and a root can take long where the searches are weak (18
 * s for one piece of a random 1,500-household test graph, whose
 * searches were 3.5% below the union's answer; on the real graphs
 * measured, 0.5 s on 13,786 households, 1.5 s on 260,000). 0 or -1
 * (l->failed, l->e set). */
static int
unite(struct ls *l, const struct kep_ctx *x, struct kep_sol *out,
    double *val)
{
	struct kep_ctx q = *x;
	struct kep_sol u;
	double v = 0;

	/* of two answers the merge is the best */
	if (l->nlv < 3 || x->deadline <= 0 || kep_timed_out(x))
		return 0;
	memset(&u, 0, sizeof(u));
	q.opts = NULL;
	if (kep_union(&q, l->c, l->lv, l->nlv, out, &u, &v, l->e) == -1) {
		kep_sol_release(&u);
		l->failed = 1;
		return -1;
	}
	KEP_T("T ls union %.2f %zu answers %.0f -> %.0f\n", kep_now(),
	    l->nlv, *val, v);
	if (v > *val + 1e-9) {
		kep_sol_release(out);
		*out = u;
		*val = v;
	} else
		kep_sol_release(&u);
	return 0;
}

/*
 * Two trees of searches (tree(), depth LS_DEPTH - 1) from the slots as
 * loaded, with seeds from seed on, merged (kep_merge.c) into out, *val
 * its weight, *moves all the searches' moves; then, under a time limit,
 * the union of all their answers (unite()) in the last LS_UNION_SHARE of
 * the time. With two processors the second tree runs in a second process
 * at the same time (fork: the search's arrays are shared until written);
 * with one, after the first, from the same start (reload), each with
 * half the trees' time. Without a time limit the answer is the same
 * either way. When the second process's answer cannot be read, the
 * first's stands.
 */
static int
two(struct ls *l, const struct kep_ctx *x, size_t budget, uint64_t seed,
    const struct kep_sol *s, size_t from, struct kep_sol *out, double *val,
    size_t *moves)
{
	struct kep_sol a, b;
	struct kep_ctx tx = *x, first;
	uint64_t seed2 = seed + ((uint64_t)1 << (LS_DEPTH - 1));
	size_t m2 = 0;
	double v2;
	pid_t pid = -1;
	int fd[2], st, r = -1;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	leaves_free(l);
	if (x->deadline > 0)
		tx.deadline = kep_now() + (1 - LS_UNION_SHARE) *
		    kep_remaining(x);
	first = tx;
	if (kep_threads(x) > 1 && pipe(fd) == 0) {
		if ((pid = fork()) == 0) {
			close(fd[0]);
			second(l, &tx, budget, seed2, s, from, fd[1]);
		}
		close(fd[1]);
		if (pid == -1)
			close(fd[0]);
	}
	if (pid <= 0 && tx.deadline > 0)
		first.deadline = kep_now() + kep_remaining(&tx) / 2;
	if (tree(l, &first, budget, seed, LS_DEPTH - 1, s, from, &a, val,
	    moves) == -1)
		goto out;
	if (pid > 0) {
		r = take(l, fd[0], &b, &m2);
		if (r == -1)
			kill(pid, SIGKILL);
		close(fd[0]);
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		pid = -1;
		if (r == -1)
			goto out;
		if (r == 0)	/* the second process ran its tree */
			l->runs += (size_t)1 << (LS_DEPTH - 1);
	} else {
		if (reload(l, s, from) == -1 || tree(l, &tx, budget, seed2,
		    LS_DEPTH - 1, s, from, &b, &v2, &m2) == -1)
			goto out;
		r = 0;
	}
	*moves += m2;
	if (r == 0)
		r = kep_merge(x, l->nn, &a, &b, out, val);
	else {
		for (r = 0; r == 0 && out->n < a.n;)
			r = kep_sol_copy(out, &a, out->n);
	}
	if (r == 0)
		r = unite(l, x, out, val);
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		close(fd[0]);
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
	}
	kep_sol_release(&a);
	kep_sol_release(&b);
	return r == 0 ? 0 : -1;
}

/* LS_ROUNDS rounds of two trees of searches, each from the last merge, with
 * a share of the time or of the budget each; the answer into out, *val
 * its weight, *moves all the searches' moves. 0, or -1 out of memory. */
static int
rounds(struct ls *l, const struct kep_ctx *x, size_t budget,
    const struct kep_sol *s, size_t from, struct kep_sol *out, double *val,
    size_t *moves)
{
	struct kep_sol cur;
	struct kep_ctx rx = *x;
	size_t m = 0, r;
	double t = kep_now();
	int ret = 0;

	memset(&cur, 0, sizeof(cur));
	*moves = 0;
	for (r = 0; r < LS_ROUNDS && ret == 0; r++) {
		/* a round costs its loads and merges whatever its time:
		 * none begun with less time left than half the last
		 * took (at 260k households, the rechain's second round
		 * begun with a few ms left ran 1 s past them for nothing) */
		if (r > 0 && x->deadline > 0 && (kep_timed_out(x) ||
		    kep_remaining(x) < (kep_now() - t) / 2))
			break;
		t = kep_now();
		if (x->deadline > 0)
			rx.deadline = kep_now() + kep_remaining(x) /
			    (double)(LS_ROUNDS - r);
		if (r > 0) {
			kep_sol_release(&cur);
			cur = *out;
			memset(out, 0, sizeof(*out));
			if ((ret = reload(l, &cur, 0)) == -1)
				break;
		}
		l->moves0 = *moves;
		ret = two(l, &rx, budget / LS_ROUNDS,
		    LS_SEED + ((uint64_t)r << LS_DEPTH),
		    r == 0 ? s : &cur, r == 0 ? from : 0, out, val, &m);
		*moves += m;
		KEP_T("T ls round %zu %.2f value %.0f\n", r, kep_now(), *val);
	}
	kep_sol_release(&cur);
	return ret;
}

/* The exchanges s->...[from..] of c (global numbers) improved in place. */
int
kep_ls_solve(const struct kep_ctx *x, const struct kep_comp *c,
    const double *pi, struct kep_sol *s, size_t from, double *value,
    struct troc_err *e)
{
	struct ls l;
	struct kep_sol out;
	size_t i, budget, moves;
	double v0, v;
	int r, ret = -1;

	if ((size_t)x->k > LS_WIDTH || (size_t)x->l + 1 > LS_WIDTH)
		return 0;
	memset(&l, 0, sizeof(l));
	memset(&out, 0, sizeof(out));
	l.x = x;
	l.c = c;
	l.nn = c->nn;
	l.K = x->k;
	l.L = x->l;
	l.pi = pi;
	l.e = e;
	troc_rng_seed(&l.rng, LS_SEED, 0);
	if (ls_init(&l) == -1 || (r = load(&l, s, from)) == -1)
		goto oom;
	if (r == 1) {
		ret = 0;
		goto out;
	}
	v0 = l.value;
	/* without a time limit, a number of moves; with one, until it
	 * ends, or moves stop finding better */
	budget = x->deadline > 0 ? SIZE_MAX : LS_MOVES * l.ncand;
	if (l.ncand >= LS_PAIR) {
		if (rounds(&l, x, budget, s, from, &out, &v, &moves) == -1)
			goto fail;
	} else {
		if (search(&l, x, budget, &moves) == -1 || dump(&l, &out) == -1)
			goto oom;
		v = l.value;
		l.runs = 1;
	}
	KEP_T("T ls merged %.2f value %.0f (from %.0f)\n", kep_now(), v, v0);
	if (x->stats != NULL) {
		x->stats->search_moves += moves;
		x->stats->searches += l.runs;
		x->stats->search_gain += v - v0;
	}
	s->n = from;
	for (i = 0; i < out.n; i++)
		if (kep_sol_copy(s, &out, i) == -1)
			goto oom;
	*value = v;
	ret = 0;
	goto out;
fail:
	if (l.failed)	/* kep_union said why */
		goto out;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
out:
	ls_free(&l);
	kep_sol_release(&out);
	return ret;
}
