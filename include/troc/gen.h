/* gen.h: troc-gen's synthetic inventories and households, drawn from the
 * real public statistics of data/ (SPEC.md §4): RPLS 2019 stock and
 * indicators, Paris programmes, communes and distances, income ceilings. */
#ifndef TROC_GEN_H
#define TROC_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "troc/csvout.h"
#include "troc/err.h"

enum troc_gen_region { TROC_GEN_PARIS, TROC_GEN_IDF, TROC_GEN_FRANCE };

/* The region's word ("paris", "idf", "france"), or parse one: 0 and *r
 * set, or -1. */
const char *troc_gen_region_name(enum troc_gen_region r);
int troc_gen_region_parse(const char *s, enum troc_gen_region *r);

struct troc_gen_opts {
	enum troc_gen_region region;
	unsigned long units;		/* homes to draw */
	unsigned long households;	/* at most the occupied homes */
	uint64_t seed;
	int year;			/* of the ceilings; 0: the latest */
};

/* Financing, status and réservataire codes: the order of units.h. */
enum { TROC_GEN_PLAI, TROC_GEN_PLUS, TROC_GEN_PLS, TROC_GEN_PLI };
enum { TROC_GEN_OCCUPIED, TROC_GEN_VACANT, TROC_GEN_UNAVAILABLE };

/* One home, the values of a canonical unit (§3.1); all are known. */
struct troc_gen_unit {
	int commune;		/* commune key (geo.h), an arrondissement
				 * for Paris */
	int seq;		/* its number within its landlord, from 1 */
	int surface;		/* tenths of m² */
	int rent, charges;	/* cents a month */
	unsigned short landlord;	/* troc_gen_landlord() index */
	short built;		/* construction year */
	short floor;		/* 0 = ground floor */
	unsigned char rooms;
	signed char elevator, accessible, qpv;
	signed char financing, status, reservataire;	/* units.h order */
	char dpe;		/* 'A'..'G', 0 unknown */
	char indiv;		/* 1: an individual house */
};

#define TROC_GEN_MAXWISH 6

/* One household (§3.2). Optional values: -1 when left empty. */
struct troc_gen_household {
	unsigned unit;		/* index of its home in the units */
	unsigned char adults, dependants, handicap, arrears;
	short age1, age2;	/* age2 -1 when alone */
	int income;		/* € a year (RFR N-2) */
	int resources;		/* cents a month, -1 */
	int housing_aid;	/* cents a month */
	int work;		/* commune key, -1 */
	unsigned reasons;	/* declared: bit (1 << enum troc_reason) */
	int wish[TROC_GEN_MAXWISH];	/* wish tokens (geo.h), first = */
	unsigned char nwish;		/* preferred */
	signed char rooms_min, rooms_max;	/* rooms_max -1 */
	signed char floor_max;			/* -1 */
	int rent_max;		/* € a month, -1 */
	int surface_min;	/* m², -1 */
	unsigned char elevator, accessible, other_landlord;
	int registered;		/* days since 1970-01-01 */
};

struct troc_gen;

/* Load the tables of data folder dir and draw o->units homes and
 * o->households households. Returns the result, or NULL with e filled
 * (a table missing or malformed, too many households for the occupied
 * homes, out of memory). Free with troc_gen_free. */
struct troc_gen *troc_gen_new(const char *dir, const struct troc_gen_opts *o,
    struct troc_err *e);

/* Free; NULL is allowed. */
void troc_gen_free(struct troc_gen *g);

/* The homes and households drawn (valid as long as g). */
const struct troc_gen_unit *troc_gen_units(const struct troc_gen *g,
    size_t *n);
const struct troc_gen_household *troc_gen_households(
    const struct troc_gen *g, size_t *n);

/* The code of landlord i, as written in landlord and unit_id. */
const char *troc_gen_landlord(const struct troc_gen *g, int i);

/* Write the unit_id of unit u into buf (at least 80 bytes); buf. */
char *troc_gen_unit_id(const struct troc_gen *g,
    const struct troc_gen_unit *u, char *buf);

/* Write the homes as canonical units (§3.1), or the households (§3.2),
 * header first. Return 0, or -1 once a write failed (troc_out_close
 * then says why). */
int troc_gen_write_units(const struct troc_gen *g, struct troc_out *w);
int troc_gen_write_households(const struct troc_gen *g, struct troc_out *w);

/* Write the homes in the RPLS open-data layout (`;`, Windows-1252,
 * decimal comma, CR LF, no landlord or identifier) as raw lines, whatever
 * w's delimiter (gzip it by opening w so). Loads the commune names it
 * needs from the COG; returns 0 (a failed write: troc_out_close says
 * why), or -1 with e filled. */
int troc_gen_write_rpls(struct troc_gen *g, struct troc_out *w,
    struct troc_err *e);

#endif
