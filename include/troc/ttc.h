/* ttc.h: Top Trading Cycles with vacancies and newcomers (YRMH-IGYT). */
#ifndef TROC_TTC_H
#define TROC_TTC_H

#include <stddef.h>

/*
 * A housing market: agents 0..nagents-1, houses 0..nhouses-1.
 *
 * Agent a ranks the houses pref[start[a]] .. pref[start[a + 1] - 1], most
 * preferred first; a house it does not list is unacceptable to it. An
 * agent with tenant_of[a] = h occupies h (an existing tenant): h is always
 * acceptable to it, in its listed place or, when unlisted, after every
 * listed house, so it never ends worse off than in h. An agent with
 * tenant_of[a] = -1 is a newcomer. A house nobody occupies is vacant.
 *
 * priority lists every agent once: the serial order of Abdulkadiroglu and
 * Sonmez (1999), "you request my house, I get your turn". Vacant houses,
 * and houses whose tenant has already left with another one, go to the
 * first agent in that order who is still there. NULL means 0, 1, 2...
 * With no vacancy and no newcomer this is Shapley and Scarf's housing
 * market and the outcome, Gale's TTC, is its unique core allocation.
 *
 * The arrays belong to whoever set them: troc_ttc_market_release frees
 * them with free(3), so set malloc'd arrays or release nothing.
 */
struct troc_ttc_market {
	size_t nagents;
	size_t nhouses;
	size_t *start;		/* nagents + 1 offsets into pref */
	long *pref;		/* start[nagents] houses */
	long *tenant_of;	/* nagents entries: a house or -1 */
	long *priority;		/* nagents agents, or NULL */
};

/* Status codes: 0 success, a negative TROC_TTC_E* otherwise. */
enum troc_ttc_status {
	TROC_TTC_OK = 0,
	TROC_TTC_ENOMEM = -1,	/* out of memory */
	TROC_TTC_ELIST = -2,	/* start decreasing, or a house out of range */
	TROC_TTC_ETENANT = -3,	/* tenant_of out of range, or a house twice */
	TROC_TTC_EPRIORITY = -4,	/* priority not a permutation of agents */
	TROC_TTC_EARC = -5,	/* an arc's node out of range */
	TROC_TTC_EWEIGHT = -6	/* an arc's weight NaN, infinite or < 0 */
};

/* Set every field of m to zero (an empty market, nothing to free). */
void troc_ttc_market_init(struct troc_ttc_market *m);

/* Free m's four arrays (free(3); NULL is fine) and zero m. */
void troc_ttc_market_release(struct troc_ttc_market *m);

/*
 * Run TTC / YRMH-IGYT on m. Writes into assign (nagents entries, the
 * caller's) the house each agent gets, or -1 (a newcomer whom no house it
 * lists could go to). A vacancy or a home left behind that nobody takes
 * stays free. Returns 0, or TROC_TTC_ENOMEM, ELIST, ETENANT or
 * EPRIORITY with assign unspecified. Time O(nagents + nhouses + the
 * lists' total length); m is not changed.
 */
int troc_ttc_solve(const struct troc_ttc_market *m, long *assign);

/*
 * Fill m with the market of an exchange graph (SPEC 3.5); whatever m held
 * is overwritten, not freed; free the result with troc_ttc_market_release.
 * n nodes, node i a vacancy when vacant[i] != 0 (vacant NULL: none);
 * narcs arcs "the home of from[k] can go to household to[k], for
 * weight[k]".
 * Agent i and house i are node i. A household i occupies house i and
 * ranks the homes of the arcs into it by weight, highest first; equal
 * weights (weight NULL: all equal) by id (strcmp(3): bytes, not numbers,
 * "10" before "9"), then by node number (id NULL: node number only); its
 * own home comes last.
 * A vacancy occupies nothing and lists nothing, so it gets no house.
 * Arcs into a vacancy and arcs from a node to itself are ignored; of
 * two arcs between the same nodes the better ranked one counts.
 * m->priority is left NULL: node order. Returns 0, or TROC_TTC_ENOMEM,
 * EARC or EWEIGHT with m left empty. Time O(n + narcs log narcs).
 */
int troc_ttc_market_build(struct troc_ttc_market *m, size_t n,
    const unsigned char *vacant, size_t narcs, const long *from,
    const long *to, const double *weight, const char *const *id);

/* A static lowercase message for a status code ("unknown status" if none). */
const char *troc_ttc_strerror(int status);

#endif
