/* market_impl.h: what lib/market.c (the market, the funnel) and
 * lib/market_graph.c (the graph build) share; not a public interface. */
#ifndef TROC_MARKET_IMPL_H
#define TROC_MARKET_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "troc/market.h"

/* Ceiling classes of a home: financing × zone, and one that is never
 * checked (unknown financing or zone). */
#define MARKET_NCLS (TROC_NFIN * TROC_NZONE)

/* Flags of a slot. */
enum {
	SLOT_BLOCKED = 1,	/* the home of a blocked household (rule 1) */
	SLOT_ADMITTED = 2,	/* landlord and réservataire take part */
	SLOT_LIFT = 4,		/* ground floor or elevator */
	SLOT_ACCESS = 8		/* accessible */
};

/* A home as the graph build reads it: what rules 1 and 3 to 11 ask of it,
 * folded so that a household checks it with a few comparisons, in the
 * order of the index (no pointer to follow). */
struct market_slot {
	double rentc;		/* rent + charges; -inf when rent unknown
				 * (it passes the rent and the effort) */
	double surface;		/* +inf when unknown */
	uint32_t node;
	int rooms;		/* TROC_NA when unknown */
	int landlord;		/* -1 when unknown */
	int stairs;		/* floor when known and elevator 0, else
				 * INT_MIN (what floor_max is compared to) */
	unsigned char flags;	/* SLOT_* */
	unsigned char cls;	/* ceiling class, MARKET_NCLS: none */
};

/* Nodes by commune (then rooms, then node), communes by département and
 * by the commune they are an arrondissement of. */
struct market_index {
	size_t *cstart;		/* TROC_NCOMMUNE + 1: nodes of commune k */
	uint32_t *node;
	struct market_slot *slot;	/* per entry of node[] */
	int *dcom;		/* communes with nodes, by département */
	size_t dstart[TROC_NDEP + 1];
	int *pcom;		/* arrondissements with nodes, by parent */
	size_t *pstart;		/* TROC_NCOMMUNE + 1 */
};

/* Build x over m's nodes; 0, or -1 out of memory (x freed either way by
 * market_index_free). */
int market_index_build(struct market_index *x, const struct troc_market *m);
void market_index_free(struct market_index *x);

/* First position in [lo, hi) of x->node whose rooms is >= r. */
size_t market_rooms_at(const struct market_index *x, size_t lo, size_t hi,
    int r);

/* Call fn(arg, c) for each commune c household ai's wishes reach, once
 * each; stamp (TROC_NCOMMUNE entries, zero or left by earlier calls)
 * remembers which were seen. Stops at, and returns, the first negative
 * return of fn; else 0. */
int market_communes(const struct troc_market *m, const struct market_index *x,
    size_t ai, unsigned *stamp, int (*fn)(void *, int), void *arg);

/* 1 when the pair (household node a, home of node j) was refused (-x). */
int market_excluded(const struct troc_market *m, size_t a, size_t j);

#endif
