/* households.h: households who want to move (SPEC.md §3.2), checked
 * against the inventory and the law, and written validated (§3.3). */
#ifndef TROC_HOUSEHOLDS_H
#define TROC_HOUSEHOLDS_H

#include <stddef.h>

#include "troc/csvout.h"
#include "troc/idset.h"
#include "troc/inventory.h"
#include "troc/rejects.h"
#include "troc/rules.h"
#include "troc/table.h"

enum troc_h_col {
	TROC_H_ID, TROC_H_UNIT, TROC_H_ADULTS, TROC_H_DEPENDANTS, TROC_H_AGE1,
	TROC_H_AGE2, TROC_H_HANDICAP, TROC_H_INCOME, TROC_H_RESOURCES,
	TROC_H_AID, TROC_H_ARREARS, TROC_H_WORK, TROC_H_REASONS, TROC_H_WISH,
	TROC_H_ROOMS_MIN, TROC_H_ROOMS_MAX, TROC_H_RENT_MAX,
	TROC_H_SURFACE_MIN, TROC_H_FLOOR_MAX, TROC_H_ELEVATOR,
	TROC_H_ACCESSIBLE, TROC_H_OTHER_LANDLORD, TROC_H_REGISTERED,
	TROC_H_NCOLS
};

/* The columns of §3.2, in order, with required flags. */
extern const struct troc_col troc_household_cols[TROC_H_NCOLS];

#define TROC_MAX_REASONS 16

/* One household as read: the rules' view plus what is written back. */
struct troc_hh {
	struct troc_household h;	/* h.wish points into wish */
	const char *id, *unit;		/* into the record */
	size_t idlen, unitlen;
	int *wish;
	size_t wishcap;
	unsigned char reason[TROC_MAX_REASONS];	/* declared, input order */
	size_t nreason;
	char registered[11];		/* YYYY-MM-DD or "" */
	long u;				/* unit in the inventory */
};

void troc_hh_init(struct troc_hh *x);
void troc_hh_release(struct troc_hh *x);

/* Read and check rec's §3.2 columns (bound by b) into x: the first fault
 * in column order, then age2 with one adult and wish_rooms_min >
 * wish_rooms_max (after defaults). Defaults are filled. Returns 0, or -1
 * with f filled (-2: out of memory). */
int troc_hh_parse(struct troc_hh *x, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g,
    struct troc_fault *f);

/* The validator: the checks across records and the derived columns. */
struct troc_validator {
	const struct troc_inventory *inv;
	struct troc_ctx ctx;
	struct troc_idset *ids;		/* household ids accepted */
	unsigned char *taken;		/* per unit: claimed by a household */
};

/* Set up v over inv (kept, not copied) and the rules' context. Returns 0,
 * or -1 when out of memory. */
int troc_validator_init(struct troc_validator *v,
    const struct troc_inventory *inv, const struct troc_ctx *ctx);
void troc_validator_release(struct troc_validator *v);

/* Validate one record: troc_hh_parse, then duplicate id, unit unknown,
 * vacant or unavailable, or taken; then the home is copied and the
 * derived columns computed. Only an accepted record claims its id and
 * unit. Returns 0 (accepted), -1 with f filled (rejected), -2 when out of
 * memory. */
int troc_validate(struct troc_validator *v, struct troc_hh *x,
    const struct troc_bind *b, const struct troc_rec *rec,
    struct troc_fault *f);

/* Write the §3.3 header's canonical names, or x's §3.3 columns (no end
 * of record: the extras follow). */
int troc_hh_write_header(struct troc_out *w);
int troc_hh_write(struct troc_out *w, const struct troc_hh *x,
    const struct troc_inventory *inv);

/* The columns of §3.3: those of §3.2, then the derived ones. */
#define TROC_V_NCOLS (TROC_H_NCOLS + 17)
extern const struct troc_col troc_validated_cols[TROC_V_NCOLS];

/* Read a validated household (§3.3, bound by b over troc_validated_cols)
 * into x: the §3.2 columns as troc_hh_parse, then persons, category,
 * priority, blocked and the home_* columns, trusted as troc-validate
 * wrote them. The landlord of the home is returned in *ll, *lllen (into
 * the record). Returns 0, or -1 with f filled (-2: out of memory). */
int troc_hh_parse_validated(struct troc_hh *x, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g, const char **ll,
    size_t *lllen, struct troc_fault *f);

/* How x's derived facts came about, in words, into buf (cap bytes,
 * NUL-terminated): for --explain. Returns buf. */
char *troc_hh_explain(const struct troc_hh *x, const struct troc_ctx *c,
    char *buf, size_t cap);

#endif
