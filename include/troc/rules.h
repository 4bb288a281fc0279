/* rules.h: the household rules of SPEC.md §3.3 (category, occupancy,
 * effort, priority) and the compatibility of §3.4 (who can take which
 * home, and for what weight), shared by troc-validate and troc-match. */
#ifndef TROC_RULES_H
#define TROC_RULES_H

#include <limits.h>
#include <math.h>
#include <stddef.h>

#include "troc/ceilings.h"
#include "troc/geo.h"
#include "troc/policy.h"

/*
 * Unknown values (an empty cell) are explicit:
 *   - an int field is TROC_NA (INT_MIN) when unknown;
 *   - a decimal field is NAN when unknown (test with isnan());
 *   - a commune or landlord is -1 (no key / no id);
 *   - financing and réservataire are TROC_FIN_UNKNOWN, TROC_RESV_UNKNOWN.
 * troc_home_init and troc_household_init set every field to unknown.
 */
#define TROC_NA INT_MIN

/* A home: a unit of the inventory (§3.1), or a household's current home
 * (the home_* columns of §3.3). The caller owns it and what it points to. */
struct troc_home {
	int landlord;		/* the caller's id for the landlord code, -1 */
	int commune;		/* commune key (troc_commune_key), -1 */
	int rooms;		/* TROC_NA when unknown */
	double surface;		/* m², NAN when unknown */
	int floor;		/* 0 = ground floor; TROC_NA (any value
				 * below -3, as units.h's TROC_NOFLOOR,
				 * also acts as unknown) */
	int elevator;		/* 0/1/TROC_NA */
	int accessible;		/* 0/1/TROC_NA */
	enum troc_fin financing;
	double rent;		/* €/month, NAN */
	double charges;		/* €/month, NAN (counts as 0 in sums) */
	enum troc_resv reservataire;
	int admitted;		/* its landlord and réservataire take part
				 * (troc_policy_admits); 1 after init */
};

/* Occupancy of a home by a household. */
enum troc_occ {
	TROC_OCC_NORMAL = 0,
	TROC_OCC_OVER,		/* over-occupied (surface, R.822-25) */
	TROC_OCC_UNDER		/* under-occupied (rooms, L.621-2) */
};

/* A household (§3.2 with defaults, then what §3.3 derives). */
struct troc_household {
	int adults;
	int dependants;
	int age1, age2;		/* TROC_NA when unknown */
	int handicap;		/* 0/1 */
	double income;		/* RFR N-2, €/year */
	double resources;	/* €/month; NAN: income / 12 (defaults) */
	double housing_aid;	/* €/month; NAN counts as 0 */
	int arrears;		/* 0/1 */
	int work_commune;	/* commune key, -1 */
	unsigned declared;	/* declared reasons, bit (1 << enum troc_reason) */
	const int *wish;	/* wish tokens (troc_geo_token), first */
	size_t nwish;		/* preferred; caller-owned */
	int wish_rooms_min;	/* TROC_NA: no bound */
	int wish_rooms_max;	/* TROC_NA: no bound */
	double wish_rent_max;	/* NAN: none */
	double wish_surface_min; /* NAN: none */
	int wish_floor_max;	/* TROC_NA: none */
	int wish_elevator;	/* 0/1 */
	int wish_accessible;	/* 0/1 */
	int other_landlord;	/* 0/1 */
	struct troc_home home;	/* the home it occupies now */
	/* derived (troc_household_derive, or read from §3.3) */
	int persons;
	int category;
	enum troc_occ occupancy;
	double effort;		/* 3 decimals; NAN: empty */
	unsigned reasons;	/* bit (1 << enum troc_reason) */
	long priority;
	int blocked;		/* 1: arrears */
};

/* What the rules need besides the records. */
struct troc_ctx {
	const struct troc_policy *policy;
	const struct troc_ceilings *ceilings;	/* NULL: no ceiling check */
	const struct troc_geo *geo;	/* zones and centroids */
	int year;			/* of the ceilings */
};

/* Set every field of h (u) to unknown, and admitted to 1. */
void troc_home_init(struct troc_home *u);
void troc_household_init(struct troc_household *h);

/* Fill the defaults of §3.2 where h has unknowns: handicap, arrears,
 * wish_elevator, wish_accessible 0; other_landlord 1; housing_aid 0;
 * resources income / 12 rounded to the cent; wish_rooms_min 1;
 * wish_rooms_max persons + 1. */
void troc_household_defaults(struct troc_household *h);

/* Ceiling category (arrêté du 29 juillet 1987): e = adults + dependants,
 * + 1 for a person alone with dependants, + 1 for a handicap; a jeune
 * ménage (adults 2, dependants 0, both ages known, age1 + age2 <= 55)
 * has at least 3. Categories above 6 are returned as e. */
int troc_category(int adults, int dependants, int age1, int age2,
    int handicap);

/* 1 when the household is a jeune ménage (as above). */
int troc_jeune_menage(int adults, int dependants, int age1, int age2);

/* Minimum surface in m² for n persons (R.822-25): 9 if n <= 1, else
 * min(70, 16 + 9 (n − 2)). */
int troc_min_surface(int n);

/* Occupancy for persons in a home of rooms (TROC_NA: unknown) and
 * surface (NAN: unknown): over if surface < troc_min_surface(persons),
 * else under if rooms > persons + 1, else normal. */
enum troc_occ troc_occupancy(int persons, int rooms, double surface);

/* The word ("normal", "over", "under"). */
const char *troc_occ_name(enum troc_occ o);

/* v rounded to d decimals (0–9) exactly as printf("%.*f") writes it, so
 * that what is compared is what is printed; -0 becomes 0. */
double troc_round(double v, int d);

/* Taux d'effort: (rent + charges − aid) / resources to 3 decimals
 * (troc_round), NAN when rent is unknown or resources unknown or <= 0.
 * Unknown charges and aid count as 0. May be negative. */
double troc_effort(double rent, double charges, double aid,
    double resources);

/* The priority reasons of h (bits 1 << enum troc_reason), from its
 * derived persons, occupancy, effort and its current home (§3.3, §5):
 * handicap when handicap = 1 and home.accessible != 1 (unknown counts);
 * ageing when max(age1, age2) >= ageing_age, home.floor >= 1 (known) and
 * home.elevator != 1; overcrowded, underoccupied from occupancy; job when
 * the centroid distance home–work >= job_km (unknown: no); rent when
 * effort > effort_max; mix when declared. */
unsigned troc_priority_reasons(const struct troc_ctx *c,
    const struct troc_household *h);

/* Sum of the policy weights of reasons. */
long troc_priority(const struct troc_policy *p, unsigned reasons);

/* Write reasons as "handicap|ageing" (§3.2 list form, in order) into
 * buf of cap bytes (NUL-terminated); returns the length needed. */
size_t troc_reasons_format(unsigned reasons, char *buf, size_t cap);

/* Derive persons, category, occupancy, effort, reasons, priority and
 * blocked of h from its other fields (defaults must be filled). */
void troc_household_derive(const struct troc_ctx *c,
    struct troc_household *h);

/* The rules of §3.4 a home is checked against, numbered as there. Rule 1
 * (a ≠ b, not blocked, u occupied by b or vacant) is the caller's: it
 * decides which nodes exist. Rule 2 (wishes) is troc_rule_wish. */
enum troc_rule {
	TROC_RULE_OK = 0,
	TROC_RULE_WISH = 2,	/* u.commune in the wishes */
	TROC_RULE_ROOMS,	/* wish_rooms_min <= rooms <= wish_rooms_max */
	TROC_RULE_RENT,		/* rent + charges <= wish_rent_max */
	TROC_RULE_SURFACE,	/* surface >= wish_surface_min */
	TROC_RULE_FLOOR,	/* floor, elevator, accessibility wishes */
	TROC_RULE_LANDLORD,	/* other_landlord = 0 / same_landlord */
	TROC_RULE_CEILING,	/* income <= ceiling */
	TROC_RULE_OCCUPANCY,	/* no over- (nor under-) occupation */
	TROC_RULE_EFFORT,	/* effort in the new home <= effort_max */
	TROC_RULE_PARTICIPATION, /* landlords and réservataires take part */
	TROC_NRULE
};

/* A word for rule r ("wish", "rooms", "rent", "surface", "floor",
 * "landlord", "ceiling", "occupancy", "effort", "participation"; "ok"). */
const char *troc_rule_name(enum troc_rule r);

/* Each rule alone: 1 when household a may take home u, 0 when not.
 * Unknown values pass, except for wish_elevator and wish_accessible,
 * which need a known 0 floor or 1 elevator, a known 1 accessible. */
int troc_rule_wish(const struct troc_household *a, const struct troc_home *u);
int troc_rule_rooms(const struct troc_household *a,
    const struct troc_home *u);
int troc_rule_rent(const struct troc_household *a, const struct troc_home *u);
int troc_rule_surface(const struct troc_household *a,
    const struct troc_home *u);
int troc_rule_floor(const struct troc_household *a,
    const struct troc_home *u);
int troc_rule_landlord(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u);
int troc_rule_ceiling(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u);
int troc_rule_occupancy(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u);
int troc_rule_effort(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u);
int troc_rule_participation(const struct troc_household *a,
    const struct troc_home *u);

/* Rules 3 to 11 in order: TROC_RULE_OK when a may take u, else the
 * first rule that fails. Reads a's derived persons and category. */
enum troc_rule troc_compat(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u);

/* weight(a → u) = 100 + a.priority + 5 when u.commune matches a's first
 * wish (itself, its département, or 75056 for a 751xx). */
long troc_arc_weight(const struct troc_household *a,
    const struct troc_home *u);

#endif
