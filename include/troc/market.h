/* market.h: the households and vacant homes of one run of troc-match,
 * and the compatibility graph between them (SPEC.md §3.4, §3.5). */
#ifndef TROC_MARKET_H
#define TROC_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "troc/households.h"
#include "troc/idset.h"
#include "troc/inventory.h"
#include "troc/kep.h"
#include "troc/rules.h"

/*
 * Nodes: the households in input order, then the vacancies in units
 * order. Node i gives home[i]; a household node also takes homes (hh[i]).
 */
struct troc_market {
	struct troc_ctx ctx;
	struct troc_idset *ids;		/* node ids: household ids, unit ids */
	struct troc_idset *units;	/* the unit id of each node's home */
	struct troc_idset *landlords;	/* home.landlord indexes this */
	struct troc_idset *excluded;	/* "household\x1funit" pairs (-x) */
	struct troc_household *hh;	/* per household node */
	struct troc_home *home;		/* per node */
	size_t *unit;			/* per node: index in units */
	int *wish;			/* every household's wish tokens */
	size_t *wish0;			/* per household: first in wish */
	size_t nwish, wishcap;
	size_t n, nhh, cap;
	int threads;			/* for the graph; 0: one a processor
					 * on large graphs, else one */
};

/* What the graph looks like, for the summary on stderr. */
struct troc_market_stats {
	size_t households, vacancies, blocked, arcs, mutual;
	size_t no_in, no_out;		/* households no home / nobody fits */
	size_t candidates;		/* pairs looked at */
};

/* Why one household has the arcs it has (--explain). */
struct troc_funnel {
	size_t wished;			/* homes in its wished communes */
	size_t excluded;		/* pairs refused before (-x) */
	size_t fail[TROC_NRULE];	/* failing first at each rule */
	size_t in;			/* homes it can take */
	size_t out;			/* households that can take its home */
};

/* Set up an empty market with ctx (copied). 0, or -1 out of memory. */
int troc_market_init(struct troc_market *m, const struct troc_ctx *ctx);
void troc_market_release(struct troc_market *m);

/* Add a validated household x whose home's landlord code is ll (n bytes);
 * inv (may be NULL) gives the réservataire and participation of its
 * home. Returns 0, 1 when the household id was seen before (not added),
 * -1 when out of memory. */
int troc_market_add_household(struct troc_market *m, const struct troc_hh *x,
    const char *ll, size_t lln, const struct troc_inventory *inv);

/* Read the validated household of rec (§3.3, bound by b over
 * troc_validated_cols) into the scratch x and add it as above. Returns
 * 0, 1 when its id was seen before, -1 when the record is not sound (f
 * filled), -2 when out of memory. */
int troc_market_add_record(struct troc_market *m, struct troc_hh *x,
    const struct troc_bind *b, const struct troc_rec *rec,
    const struct troc_inventory *inv, struct troc_fault *f);

/* Add every vacant unit of inv as a vacancy node. Returns the number
 * added, or -1 when out of memory; *clash receives the number of vacant
 * units whose id is also a household id (not added). */
long troc_market_add_vacancies(struct troc_market *m,
    const struct troc_inventory *inv, size_t *clash);

/* Refuse the pair (household id, unit id) from now on. 0 or -1. */
int troc_market_exclude(struct troc_market *m, const char *hh, size_t hn,
    const char *unit, size_t un);

/* Build the compatibility graph into g (initialised and empty): nodes as
 * above, arcs sorted by (from, to), weights of §3.4, the same whatever
 * m->threads. Fills st when not NULL. Returns 0 or -1 with e set. */
int troc_market_graph(const struct troc_market *m, struct troc_graph *g,
    struct troc_market_stats *st, struct troc_err *e);

/* The funnel of household node i (§3.4 rules in order). 0 or -1. */
int troc_market_funnel(const struct troc_market *m, size_t i,
    struct troc_funnel *fu);

/* Node id and unit id of node i. */
const char *troc_market_id(const struct troc_market *m, size_t i);
const char *troc_market_unit(const struct troc_market *m, size_t i);

#endif
