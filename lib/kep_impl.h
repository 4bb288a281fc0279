/* kep_impl.h: what the lib/kep*.c files share; not a public interface. */
#ifndef TROC_KEP_IMPL_H
#define TROC_KEP_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "troc/err.h"
#include "troc/kep.h"

#define KEP_NONE UINT32_MAX

#ifdef KEP_TRACE	/* TEMPORARY: development tracing */
#include <stdio.h>
#define KEP_T(...) fprintf(stderr, __VA_ARGS__)
#else
#define KEP_T(...) ((void)0)
#endif

/* The graph cleaned up: arcs into households only, no loops, one arc per
 * pair (the heaviest), sorted by (from, to), indexed both ways. */
struct kep_net {
	uint32_t n;
	const unsigned char *vac;
	size_t m;
	size_t *ostart;		/* n + 1: out-arcs of u are ostart[u].. */
	const uint32_t *ofrom;	/* m */
	const uint32_t *oto;	/* m */
	const double *ow;	/* m */
	size_t *istart;		/* n + 1: in-arcs of v are iarc[istart[v]..] */
	uint32_t *iarc;		/* m arc numbers, by from */
	void *own[3];		/* ofrom, oto, ow when not the graph's own */
};

int kep_net_build(struct kep_net *t, const struct troc_graph *g,
    struct troc_err *e);
void kep_net_release(struct kep_net *t);

/* The arc u -> v of t (binary search among u's), or SIZE_MAX. */
size_t kep_find_arc(const struct kep_net *t, uint32_t u, uint32_t v);

/* Cycles of at most K households, each stored from its smallest node. */
struct kep_pool {
	size_t n, cap;		/* cycles */
	size_t *off;		/* n + 1 offsets into node */
	uint32_t *node;
	size_t ncap;
	double *w;		/* weight of each cycle */
};

void kep_pool_release(struct kep_pool *p);

/* Strongly connected components of the household-to-household arcs:
 * scc[v] for every node (vacancies get their own). Returns 0 or -1 (out of
 * memory). */
int kep_scc(const struct kep_net *t, uint32_t *scc);

/* Every cycle of 2..k households inside one component of scc whose weight
 * is > 0, into p; sets oncycle[a] for the arcs they use. Stops with -1 and
 * e set past max_entries stored nodes or out of memory. */
int kep_cycles(const struct kep_net *t, int k, const uint32_t *scc,
    struct kep_pool *p, unsigned char *oncycle, size_t max_entries,
    struct troc_err *e);

/* dvac[v]: fewest arcs from a vacancy to v (0 for a vacancy), or -1 when
 * more than l or never. Returns 0 or -1 (out of memory). */
int kep_chain_depth(const struct kep_net *t, int l, int32_t *dvac);

/* Maximum-weight matching (not necessarily of maximum cardinality) of
 * the graph of nv vertices and ne edges eu[i] - ev[i] of weight ew[i] >= 0
 * (small enough that sums of 4 nv of them fit in int64). mate[v] receives
 * v's partner or -1. Returns 0, or -1 when out of memory. */
int kep_match(int nv, int ne, const int *eu, const int *ev,
    const int64_t *ew, int *mate);

/* Exchanges found so far, in the order found. */
struct kep_sol {
	size_t n, cap;
	unsigned char *kind;
	size_t *off;		/* n + 1 offsets into node */
	uint32_t *node;
	size_t ncap;
	double *w;
};

int kep_sol_add(struct kep_sol *s, int kind, const uint32_t *node,
    size_t len, double w);
/* Append exchange i of from to to. 0 or -1 (out of memory). */
int kep_sol_copy(struct kep_sol *to, const struct kep_sol *from, size_t i);
void kep_sol_release(struct kep_sol *s);

/* Everything a component's solver needs. */
struct kep_ctx {
	const struct kep_net *t;
	int k, l;
	int method;		/* enum troc_kep_method */
	double grid;		/* weights are multiples of it, or 0 */
	double deadline;	/* monotonic seconds, 0 none */
	const struct kep_pool *pool;
	const int32_t *dvac;
	const unsigned char *cycarc;	/* K = 0: arc inside an SCC */
	int cbc_nodes;		/* > 0: CBC's last run stops after so many
				 * nodes (kep_fix.c: a heuristic) */
	uint32_t *loc;		/* n scratch entries, KEP_NONE when unused */
	const struct kep_sol *warm;	/* or NULL: exchanges of the component
					 * that kep_model_solve starts from
					 * (kep_fix.c: a piece's own) */
	const double *pi0;	/* or NULL: kep_lagr_solve's first prices, by
				 * node of t (rechain: the prices of the
				 * whole component) */
	int nested;		/* kep_rechain's own solve: no rechain in it */
	struct troc_kep_stats *stats;
	/* for kep_progress: the caller's meter and where the work is */
	const struct troc_kep_opts *opts;
	double t0;		/* kep_now() when troc_kep_solve began */
	size_t part, parts, nodes;	/* the part being solved */
};

/* Tell the caller's progress meter, if any, what x's part is doing (see
 * struct troc_kep_progress). */
/* Threads (or processes) the solver may use: troc_kep_opts.threads. */
size_t kep_threads(const struct kep_ctx *x);

void kep_progress(const struct kep_ctx *x, const char *what, size_t step,
    double best, double bound);

/* One independent part of the problem. */
struct kep_comp {
	size_t nn;
	const uint32_t *node;	/* sorted */
	size_t ncyc;
	const size_t *cyc;	/* pool cycles */
	size_t nchain;
	const size_t *chain;	/* chain arcs, by arc number */
	size_t nzarc;
	const size_t *zarc;	/* K = 0: cycle arcs, by arc number */
};

/* Solve c by linear programming (column generation over its cycles) and,
 * when the LP optimum is fractional, CBC; add its exchanges to s, add its
 * bound to *bound, clear *proven when not proven. Returns 0 or -1. */
int kep_model_solve(const struct kep_ctx *x, const struct kep_comp *c,
    struct kep_sol *s, double *bound, int *proven, struct troc_err *e);

/* The same for a component too large for the LP: a Lagrangian bound
 * (subgradient) and a greedy solution under its prices (kep_lagr.c). */
int kep_lagr_solve(const struct kep_ctx *x, const struct kep_comp *c,
    struct kep_sol *s, double *bound, int *proven, struct troc_err *e);

/* In a second process (kep_fix.c, kep_ls.c): the signals back to their
 * defaults, so that one ends it without the first's clean-up. */
void kep_child_signals(void);

/* n bytes from fd: 0, or -1 on an error or the end of the file. */
int kep_read_all(int fd, void *buf, size_t n);

/* Exchange i of s to fd, from a second process: 0 or -1. */
int kep_write_ex(int fd, const struct kep_sol *s, size_t i);

/* One exchange kep_write_ex wrote, appended to s: 0, 1 when it cannot be
 * read, -1 out of memory. */
int kep_read_ex(int fd, struct kep_sol *s);

/* The heaviest set of disjoint exchanges among those of a and b, two
 * solutions of a component of nn nodes (x->loc numbers them), into out
 * (emptied first) and its weight into *value (kep_merge.c). 0, or -1 out
 * of memory. */
int kep_merge(const struct kep_ctx *x, size_t nn, const struct kep_sol *a,
    const struct kep_sol *b, struct kep_sol *out, double *value);

/* A solution of c at least as good as greedy (exchanges of c, global
 * node numbers) into s, *value its weight: c restricted to the cycles
 * keepc[k] and chain arcs keepa[k] (those of greedy among them), solved
 * in pieces by kep_model_solve (kep_fix.c). x->loc holds c's local
 * numbers before and after. *done counts the pieces solved in the part,
 * for kep_progress: on from where it is. Returns 0 or -1. */
int kep_fix_solve(const struct kep_ctx *x, const struct kep_comp *c,
    const unsigned char *keepc, const unsigned char *keepa,
    const struct kep_sol *greedy, struct kep_sol *s, double *value,
    size_t *done, struct troc_err *e);

/* The heaviest set of disjoint exchanges among those of the n solutions
 * sols of c (global numbers; x->loc holds c's local ones), found from
 * start (one of them, or a merge of them) by kep_fix_solve over the
 * columns of the exchanges that not all of them have: into out, *value
 * its weight, never less than start's (kep_union.c). 0 or -1. */
int kep_union(const struct kep_ctx *x, const struct kep_comp *c,
    const struct kep_sol *sols, size_t n, const struct kep_sol *start,
    struct kep_sol *out, double *value, struct troc_err *e);

/* The chains of s->...[n0..], c's, and its worst cycles solved again
 * with its other cycles held (kep_lagr.c): what kep_lagr_solve finds
 * among the vacancies, the households no held cycle takes and the
 * exchanges among them replaces s's chains and let-go cycles when it
 * weighs more, *value (s's weight) then updated. pi: prices of c's
 * local nodes to start from, or NULL. x->loc holds c's local numbers before and after.
 * 0 or -1. */
int kep_rechain(const struct kep_ctx *x, const struct kep_comp *c,
    const double *pi, struct kep_sol *s, size_t n0, double *value,
    struct troc_err *e);

/* p[0..n-1] in ascending order (kep_ls.c). */
void kep_sort_u64(uint64_t *p, size_t n);

/* The exchanges s->...[from..], c's, improved by a local search over
 * all of c's columns (kep_ls.c), guided by the prices pi of c's local
 * nodes when not NULL; *value their weight (left as it is when the search
 * cannot take them: exchanges longer than it handles, or a chain on an
 * arc that is not c's). 0 or -1. */
int kep_ls_solve(const struct kep_ctx *x, const struct kep_comp *c,
    const double *pi, struct kep_sol *s, size_t from, double *value,
    struct troc_err *e);

/* What a column is: a cycle, a chain arc at a position, an arc (K = 0). */
enum { COL_CYCLE, COL_CHAIN, COL_ARC };

/* Columns in compressed sparse column form, with what each one is. */
struct cols {
	size_t n, cap;
	int *start;		/* n + 1 */
	int *row;
	double *val;
	size_t zcap;
	double *obj;
	unsigned char *kind;
	size_t *ref;		/* component cycle, or arc number */
	size_t *orig;		/* component cycle, or column of fx */
	int *pos;		/* chain position */
	int *rep;		/* representative node (local): see kep_model.c */
};

/* A component's model. Rows: its nodes (local numbers), then chain rows,
 * then flow rows. Columns: the component's cycles (in the pool) and its
 * chain and arc columns (in fx); the LP holds those priced in so far. */
struct model {
	const struct kep_ctx *x;
	const struct kep_comp *c;
	int nrows;
	int *fbase;		/* per local node: first chain row, or -1 */
	int *gbase;		/* per local node: flow row (K = 0), or -1 */
	double *rlo, *rup;
	unsigned char *rtype;	/* 0: <= 1, 1: >= 0, 2: = 0 */
	struct cols lp;		/* the LP's columns, in Clp's order */
	struct cols fx;		/* every chain and arc column */
	size_t *cyccol;		/* per component cycle: LP column, or SIZE_MAX */
	size_t *fxcol;		/* per fx column: LP column, or SIZE_MAX */
	double *pi;		/* duals, signs forced */
	double ub;		/* Lagrangian bound */
	double wmax;
};

/* Local number of node v in the component being solved. */
static inline uint32_t
kep_loc(const struct model *md, uint32_t v)
{
	return md->x->loc[v];
}

/* Rows and the first columns of md (x, c and x->loc set). 0 or -1. */
int kep_model_build(struct model *md);
void kep_model_free(struct model *md);

/* Append a column; kep_cycle_col appends component cycle ci. 0 or -1. */
int kep_cols_add(struct cols *c, int kind, size_t ref, size_t orig, int pos,
    int rep, double obj, const int *rows, const double *vals, int nz);
int kep_cycle_col(struct model *md, struct cols *to, size_t ci);
void kep_cols_free(struct cols *c);

/* Reduced costs under the duals md->pi. */
double kep_cycle_rc(const struct model *md, size_t ci);
double kep_col_rc(const struct model *md, const struct cols *c, size_t j);

/* Solve the LP over every cycle by column generation: *lp receives the
 * Clp model at the optimum (the caller deletes it), md->pi and md->ub the
 * duals and Lagrangian bound. 0 or -1. */
int kep_lp_solve(struct model *md, void **lp);

/* Price into lp the cycles (but those through a node of blocked) that it
 * wants, re-solving, until it wants none. 0 or -1. */
int kep_lp_reprice(struct model *md, void *lp, const unsigned char *blocked);

/* Seconds left before x's deadline (at least 1 ms), or 0 with none;
 * whether it has passed. */
double kep_remaining(const struct kep_ctx *x);
int kep_timed_out(const struct kep_ctx *x);

/* b rounded down to the grid of the weights (x->grid), when there is
 * one; whether a solution of value z is proven optimal by the bound b. */
double kep_grid_floor(const struct kep_ctx *x, double b);
int kep_closed(const struct kep_ctx *x, double z, double b);

/* The root of v's set in the union-find forest root[], the path from v
 * made to point at it (kep.c). */
uint32_t kep_root(uint32_t *root, uint32_t v);

/* Monotonic clock in seconds (troc_kep_now). */
static inline double
kep_now(void)
{
	return troc_kep_now();
}

/* The deadline (kep_now() time) of a solve that began at t0 under o's
 * time limit, less the time the caller spent, a moment at least; 0
 * without a time limit. */
double kep_deadline(const struct troc_kep_opts *o, double t0);

#endif
