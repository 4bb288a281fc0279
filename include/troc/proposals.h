/* proposals.h: exchanges written as proposals (SPEC.md §3.6). */
#ifndef TROC_PROPOSALS_H
#define TROC_PROPOSALS_H

#include "troc/csvout.h"
#include "troc/kep.h"

/* Names of node i: the household (or vacancy) id, and its home's unit. */
typedef const char *(*troc_name_fn)(const void *arg, size_t i);

/* Write the header and one row per household that moves, exchange by
 * exchange: exchange,kind,length,step,household,from_unit,to_unit,weight.
 * Step s moves node[s] (node[0] for the last step of a cycle) into the
 * home of node[s - 1]. Returns 0, or -1 when a write failed, memory ran
 * out or the exchanges are not disjoint. */
int troc_proposals_write(struct troc_out *w, const struct troc_kep_result *r,
    const struct troc_graph *g, troc_name_fn hh, troc_name_fn unit,
    const void *arg);

/* Exchanges from an assignment (Top Trading Cycles): household a takes
 * the home of node assign[a] (-1, or a itself: stays). Chains start at a
 * vacancy whose home is taken; cycles start at their smallest node; the
 * exchanges are ordered by their smallest node, as troc_kep_solve's. r
 * is filled (objective the sum of the weights, bound NAN, proven 0).
 * Returns 0, or -1 when out of memory or assign is not one-to-one. */
int troc_exchanges_from_assignment(const struct troc_graph *g,
    const long *assign, struct troc_kep_result *r);

#endif
