/* units.h: the landlords' inventory, canonical units (SPEC.md §3.1). */
#ifndef TROC_UNITS_H
#define TROC_UNITS_H

#include <stddef.h>

#include "troc/ceilings.h"
#include "troc/csvout.h"
#include "troc/geo.h"
#include "troc/policy.h"
#include "troc/rejects.h"
#include "troc/table.h"

enum troc_unit_col {
	TROC_U_ID, TROC_U_LANDLORD, TROC_U_COMMUNE, TROC_U_ROOMS,
	TROC_U_SURFACE, TROC_U_FLOOR, TROC_U_ELEVATOR, TROC_U_ACCESSIBLE,
	TROC_U_FINANCING, TROC_U_RENT, TROC_U_CHARGES, TROC_U_STATUS,
	TROC_U_RESERVATAIRE, TROC_U_QPV, TROC_U_DPE, TROC_U_BUILT,
	TROC_U_NCOLS
};

/* The canonical columns, in output order, with required flags. */
extern const struct troc_col troc_unit_cols[TROC_U_NCOLS];

/* Financing is enum troc_fin (ceilings.h), réservataire enum troc_resv
 * (policy.h). */
enum troc_status { TROC_ST_OCCUPIED, TROC_ST_VACANT, TROC_ST_UNAVAILABLE };

/* The words of the financing, status and réservataire values, in the
 * order of their enums, NULL-terminated. */
extern const char *const troc_fin_words[];
extern const char *const troc_status_words[];
extern const char *const troc_resa_words[];

#define TROC_NOFLOOR (-1000)	/* floor unknown */

/* One home. Unknown: -1 for flags and enums, TROC_NOFLOOR, NAN for
 * decimals, 0 for dpe and built. id and landlord point into the record
 * it was read from. */
struct troc_unit {
	const char *id, *landlord;
	size_t idlen, landlordlen;
	int commune;			/* commune key (geo.h) */
	int rooms;
	double surface;
	int floor;
	signed char elevator, accessible, qpv;
	signed char financing, status, reservataire;
	char dpe;			/* 'A'..'G' or 0 */
	double rent, charges;
	int built;
};

/* Set every field of u to unknown. */
void troc_unit_clear(struct troc_unit *u);

/* Read and check the canonical columns of rec (bound by b) into u, in
 * column order. Commune codes are checked against g (when not NULL).
 * Returns 0, or -1 with f naming the first fault. */
int troc_unit_parse(struct troc_unit *u, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g,
    struct troc_fault *f);

/* Check u's values (ranges, codes), as troc_unit_parse does, for units
 * built by an importer. Returns 0 or -1 with f. */
int troc_unit_check(const struct troc_unit *u, const struct troc_geo *g,
    struct troc_fault *f);

/* Write the header: canonical names, then the extra columns of hdr. b may
 * be NULL (no extras). */
int troc_unit_write_header(struct troc_out *w, const struct troc_bind *b,
    const struct troc_rec *hdr);

/* Write u's canonical columns only (no end of record). */
int troc_unit_write_fields(struct troc_out *w, const struct troc_unit *u);

/* Write u in canonical form, then rec's extra columns (b may be NULL). */
int troc_unit_write(struct troc_out *w, const struct troc_unit *u,
    const struct troc_bind *b, const struct troc_rec *rec);

#endif
