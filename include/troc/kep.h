/* kep.h: the exchange optimiser: disjoint cycles and vacancy chains of
 * maximum total weight on an exchange graph (SPEC 3.5), proven optimal. */
#ifndef TROC_KEP_H
#define TROC_KEP_H

#include <stddef.h>
#include <stdint.h>

#include "troc/err.h"

/*
 * An exchange graph. Nodes are 0..n-1; node i is a vacancy (it only gives
 * its home) when vacancy[i] != 0, a household otherwise. Arc k says that
 * the home of from[k] can go to household to[k], for weight w[k] >= 0.
 * The arrays belong to the graph: fill it with troc_graph_add_node and
 * troc_graph_add_arc, free it with troc_graph_release.
 */
struct troc_graph {
	size_t n;		/* nodes */
	unsigned char *vacancy;	/* n flags */
	size_t m;		/* arcs */
	uint32_t *from, *to;	/* m node numbers each */
	double *w;		/* m weights */
	size_t ncap, mcap;	/* allocated entries (private) */
};

/* Set g to the empty graph (nothing to free yet). */
void troc_graph_init(struct troc_graph *g);

/* Free g's arrays and set it to the empty graph. */
void troc_graph_release(struct troc_graph *g);

/* Add a node (a vacancy when vacancy != 0); it is number g->n - 1 after
 * the call. Returns 0, or -1 with e set (out of memory, over 2^32 - 2
 * nodes). */
int troc_graph_add_node(struct troc_graph *g, int vacancy,
    struct troc_err *e);

/* Add the arc from -> to of weight w. Returns 1 when added, 0 when
 * ignored (an arc into a vacancy, or from a node to itself), -1 with e set
 * when a node is out of range, w is NaN, infinite or negative, or memory
 * is out. Duplicate arcs are kept here; the solver uses the heaviest. */
int troc_graph_add_arc(struct troc_graph *g, uint32_t from, uint32_t to,
    double w, struct troc_err *e);

enum troc_kep_method {
	TROC_KEP_AUTO = 0,	/* the fastest exact method for each part */
	TROC_KEP_MIP = 1,	/* LP, then CBC only: slower, to cross-check */
	TROC_KEP_LAGR = 2	/* Lagrangian bound and greedy only, the method
				 * of parts too large for the LP: for tests */
};

/*
 * What troc_kep_solve is doing, for a progress meter: what is "cycles"
 * (finding the cycles and chains, before any part), "part" (a part
 * begins), "bound" (the Lagrangian steps of a part too large for the LP:
 * step of them done) or "pieces" (that part's answer improved piece by
 * piece: step pieces done). best and bound are the part's so far (-1:
 * none yet).
 */
struct troc_kep_progress {
	const char *what;
	size_t part, parts;	/* 1-based; 0 of 0 for "cycles" */
	size_t nodes;		/* households and vacancies of the part */
	size_t step;
	double best, bound;
	double seconds;		/* since troc_kep_solve began */
};

struct troc_kep_opts {
	int k;			/* longest cycle, in households; 0 unbounded,
				 * 1 no cycle */
	int l;			/* longest chain, in households; 0 no chain */
	double time_limit;	/* seconds of wall clock, 0 none */
	double time_spent;	/* seconds of it already spent by the caller
				 * (reading the graph; troc_kep_now()): the
				 * solve gets the rest, a moment at least */
	int method;		/* enum troc_kep_method */
	/* called as the work goes on, when set (it must be quick: every
	 * part calls it, and there may be a million parts) */
	void (*progress)(void *arg, const struct troc_kep_progress *p);
	void *progress_arg;
	int threads;		/* processors the Lagrangian method may use:
				 * 0 all of them, n at most n (the answer is
				 * the same; only the time differs) */
	double pp_columns;	/* the Lagrangian steps price a few columns
				 * between whole evaluations on parts of so
				 * many column values (cycles, chain arcs at
				 * each position) or more: 0 the default (5
				 * million; tests set it lower) */
};

/* Fill o with the defaults of SPEC 3.5: K = 3, L = 3, no time limit. */
void troc_kep_opts_init(struct troc_kep_opts *o);

enum troc_kep_kind {
	TROC_KEP_CYCLE = 0,	/* node[0] .. node[len-1], then back to node[0] */
	TROC_KEP_CHAIN = 1	/* node[0] is the vacancy, node[1].. households */
};

/* One exchange: node[i + 1] takes the home of node[i] (and in a cycle
 * node[0] takes the home of node[len - 1]). A cycle starts at its smallest
 * node. weight is the sum of the weights of the arcs it uses. */
struct troc_kep_exchange {
	int kind;		/* enum troc_kep_kind */
	size_t len;		/* nodes in node[]; a chain moves len - 1 */
	uint32_t *node;		/* points into the result's storage */
	double weight;
};

/* What the solver did, for the summary line and for tuning. */
struct troc_kep_stats {
	size_t arcs;		/* distinct arcs after cleanup */
	size_t useful;		/* arcs on some cycle <= K or chain <= L */
	size_t components;	/* independent parts solved */
	size_t cycles;		/* cycles <= K enumerated (cycle columns) */
	size_t chain_vars;	/* position-indexed chain arc columns */
	size_t lp_columns;	/* cycle columns the LPs actually held */
	size_t lp_rounds;	/* LP solves (column generation rounds) */
	size_t mip_solves;	/* components the LP did not settle: CBC */
	size_t matchings;	/* components solved by weighted matching */
	size_t lagrangian;	/* components too large for the LP */
	size_t steps;		/* their subgradient steps ... */
	size_t partial_steps;	/* ... of which priced the candidates only */
	size_t search_moves;	/* moves of the local search after them */
	size_t searches;	/* its searches, merged two by two (and,
				 * under a time limit, a round's all at
				 * once) */
	double search_gain;	/* what it added to their answers */
	double seconds;		/* wall clock of troc_kep_solve */
};

/*
 * The exchanges chosen, ordered by their smallest node. objective is the
 * sum of their weights; bound is a proven upper bound on the optimum;
 * proven is 1 when objective is the optimum (to a relative 1e-9 and, when
 * every weight is a multiple of 10^-d for some d <= 6, exactly), 0 when
 * the time limit stopped the search first.
 */
struct troc_kep_result {
	size_t nex;
	struct troc_kep_exchange *ex;
	uint32_t *nodes;	/* storage for every ex[i].node */
	double objective;
	double bound;
	int proven;
	size_t nswaps;		/* cycles of 2 */
	size_t ncycles;		/* cycles of 3 or more */
	size_t nchains;
	size_t moved;		/* households that move */
	struct troc_kep_stats stats;
};

/* Set r to the empty result (nothing to free yet). */
void troc_kep_result_init(struct troc_kep_result *r);

/* Free r's arrays and set it to the empty result. */
void troc_kep_result_release(struct troc_kep_result *r);

/*
 * Choose disjoint cycles of at most o->k households and chains from a
 * vacancy serving at most o->l households, of maximum total weight, into
 * r (initialised or released; the caller releases it). Exchanges whose
 * arcs all weigh 0 are left out (they add nothing). The same graph and
 * options give the same exchanges in the same order, unless the time
 * limit cuts the search. Prints nothing. Returns 0 (also when the time
 * limit stopped it: then r->proven is 0 and r->bound says how far it can
 * be), or -1 with e set (bad options, out of memory, too many cycles to
 * enumerate, solver failure) and r empty.
 */
int troc_kep_solve(const struct troc_graph *g, const struct troc_kep_opts *o,
    struct troc_kep_result *r, struct troc_err *e);

/*
 * 1 when this program holds the linear-programming solver (Clp, CBC)
 * that troc_kep_solve needs for cycles of 3 households or more, chains
 * and K = 0; 0 in troc-match's small build (cmd/match_nolp.c), which
 * solves only K = 2 without chains (a matching) and leaves the rest to
 * the whole program (troc-match(1), FILES).
 */
int troc_kep_has_lp(void);

/* The solver's clock, in seconds (monotonic: it does not jump with the
 * date): what the caller measures time_spent with. */
double troc_kep_now(void);

#endif
