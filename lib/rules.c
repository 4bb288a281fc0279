/* rules.c: the household rules (category, occupancy, effort, priority)
 * and the compatibility of a household with a home. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/rules.h"

void
troc_home_init(struct troc_home *u)
{
	u->landlord = -1;
	u->commune = -1;
	u->rooms = TROC_NA;
	u->surface = NAN;
	u->floor = TROC_NA;
	u->elevator = TROC_NA;
	u->accessible = TROC_NA;
	u->financing = TROC_FIN_UNKNOWN;
	u->rent = NAN;
	u->charges = NAN;
	u->reservataire = TROC_RESV_UNKNOWN;
	u->admitted = 1;
}

void
troc_household_init(struct troc_household *h)
{
	memset(h, 0, sizeof(*h));
	h->adults = TROC_NA;
	h->dependants = TROC_NA;
	h->age1 = TROC_NA;
	h->age2 = TROC_NA;
	h->handicap = TROC_NA;
	h->income = NAN;
	h->resources = NAN;
	h->housing_aid = NAN;
	h->arrears = TROC_NA;
	h->work_commune = -1;
	h->wish = NULL;
	h->nwish = 0;
	h->wish_rooms_min = TROC_NA;
	h->wish_rooms_max = TROC_NA;
	h->wish_rent_max = NAN;
	h->wish_surface_min = NAN;
	h->wish_floor_max = TROC_NA;
	h->wish_elevator = TROC_NA;
	h->wish_accessible = TROC_NA;
	h->other_landlord = TROC_NA;
	troc_home_init(&h->home);
	h->persons = TROC_NA;
	h->category = TROC_NA;
	h->occupancy = TROC_OCC_NORMAL;
	h->effort = NAN;
	h->priority = 0;
}

/* v when known, else d. */
static int
or_int(int v, int d)
{
	return v == TROC_NA ? d : v;
}

static double
or_dec(double v, double d)
{
	return isnan(v) ? d : v;
}

static int
persons(const struct troc_household *h)
{
	if (h->adults == TROC_NA)
		return TROC_NA;
	return h->adults + or_int(h->dependants, 0);
}

void
troc_household_defaults(struct troc_household *h)
{
	int n = persons(h);

	h->handicap = or_int(h->handicap, 0);
	h->arrears = or_int(h->arrears, 0);
	h->wish_elevator = or_int(h->wish_elevator, 0);
	h->wish_accessible = or_int(h->wish_accessible, 0);
	h->other_landlord = or_int(h->other_landlord, 1);
	h->housing_aid = or_dec(h->housing_aid, 0);
	if (isnan(h->resources) && !isnan(h->income))
		h->resources = troc_round(h->income / 12, 2);
	h->wish_rooms_min = or_int(h->wish_rooms_min, 1);
	if (h->wish_rooms_max == TROC_NA && n != TROC_NA)
		h->wish_rooms_max = n + 1;
}

int
troc_jeune_menage(int adults, int dependants, int age1, int age2)
{
	return adults == 2 && dependants == 0 && age1 != TROC_NA &&
	    age2 != TROC_NA && age1 + age2 <= 55;
}

int
troc_category(int adults, int dependants, int age1, int age2, int handicap)
{
	int e = adults + dependants;

	if (adults == 1 && dependants >= 1)
		e++;
	if (handicap == 1)
		e++;
	if (troc_jeune_menage(adults, dependants, age1, age2) && e < 3)
		e = 3;
	return e;
}

int
troc_min_surface(int n)
{
	int s;

	if (n <= 1)
		return 9;
	s = 16 + 9 * (n - 2);
	return s < 70 ? s : 70;
}

enum troc_occ
troc_occupancy(int persons, int rooms, double surface)
{
	if (!isnan(surface) && surface < troc_min_surface(persons))
		return TROC_OCC_OVER;
	if (rooms != TROC_NA && rooms > persons + 1)
		return TROC_OCC_UNDER;
	return TROC_OCC_NORMAL;
}

const char *
troc_occ_name(enum troc_occ o)
{
	static const char *const names[] = { "normal", "over", "under" };

	return (unsigned)o < 3 ? names[o] : "";
}

double
troc_round(double v, int d)
{
	char buf[64];
	double r;

	if (isnan(v) || fabs(v) >= 1e15 || d < 0 || d > 9)
		return v;
	snprintf(buf, sizeof(buf), "%.*f", d, v);
	r = strtod(buf, NULL);
	return r == 0 ? 0 : r;
}

double
troc_effort(double rent, double charges, double aid, double resources)
{
	if (isnan(rent) || isnan(resources) || resources <= 0)
		return NAN;
	return troc_round((rent + or_dec(charges, 0) - or_dec(aid, 0)) /
	    resources, 3);
}

/* 1 when the current home is up a floor without a known elevator. */
static int
stairs(const struct troc_home *u)
{
	return u->floor != TROC_NA && u->floor >= 1 && u->elevator != 1;
}

static int
max_age(const struct troc_household *h)
{
	return h->age1 == TROC_NA ? h->age2 : h->age2 == TROC_NA ? h->age1 :
	    h->age1 > h->age2 ? h->age1 : h->age2;
}

unsigned
troc_priority_reasons(const struct troc_ctx *c,
    const struct troc_household *h)
{
	const struct troc_policy *p = c->policy;
	unsigned r = 0;
	int age = max_age(h);
	double km;

	if (h->handicap == 1 && h->home.accessible != 1)
		r |= 1u << TROC_REASON_HANDICAP;
	if (age != TROC_NA && age >= p->ageing_age && stairs(&h->home))
		r |= 1u << TROC_REASON_AGEING;
	if (h->occupancy == TROC_OCC_OVER)
		r |= 1u << TROC_REASON_OVERCROWDED;
	if (h->occupancy == TROC_OCC_UNDER)
		r |= 1u << TROC_REASON_UNDEROCCUPIED;
	if (h->work_commune >= 0 && c->geo != NULL) {
		km = troc_geo_distance(c->geo, h->home.commune, h->work_commune);
		if (!isnan(km) && km >= p->job_km)
			r |= 1u << TROC_REASON_JOB;
	}
	if (!isnan(h->effort) && h->effort > p->effort_max)
		r |= 1u << TROC_REASON_RENT;
	if (h->declared & 1u << TROC_REASON_MIX)
		r |= 1u << TROC_REASON_MIX;
	return r;
}

long
troc_priority(const struct troc_policy *p, unsigned reasons)
{
	long sum = 0;
	int i;

	for (i = 0; i < TROC_NPRIORITY; i++)
		if (reasons & 1u << i)
			sum += p->weight[i];
	return sum;
}

size_t
troc_reasons_format(unsigned reasons, char *buf, size_t cap)
{
	size_t len = 0, k;
	int i;

	if (cap > 0)
		buf[0] = '\0';
	for (i = 0; i < TROC_NREASON; i++) {
		if (!(reasons & 1u << i))
			continue;
		if (len > 0) {
			if (len + 1 < cap)
				buf[len] = '|', buf[len + 1] = '\0';
			len++;
		}
		k = strlen(troc_reason_name((enum troc_reason)i));
		if (len + k < cap) {
			memcpy(buf + len, troc_reason_name((enum troc_reason)i),
			    k + 1);
		} else if (len < cap) {
			buf[len] = '\0';
		}
		len += k;
	}
	return len;
}

void
troc_household_derive(const struct troc_ctx *c, struct troc_household *h)
{
	h->persons = persons(h);
	if (h->persons == TROC_NA) {
		h->category = TROC_NA;
		h->occupancy = TROC_OCC_NORMAL;
	} else {
		h->category = troc_category(h->adults,
		    or_int(h->dependants, 0), h->age1, h->age2, h->handicap);
		h->occupancy = troc_occupancy(h->persons, h->home.rooms,
		    h->home.surface);
	}
	h->effort = troc_effort(h->home.rent, h->home.charges, h->housing_aid,
	    h->resources);
	h->reasons = troc_priority_reasons(c, h);
	h->priority = troc_priority(c->policy, h->reasons);
	h->blocked = h->arrears == 1;
}

const char *
troc_rule_name(enum troc_rule r)
{
	static const char *const names[TROC_NRULE] = {
		"ok", "", "wish", "rooms", "rent", "surface", "floor",
		"landlord", "ceiling", "occupancy", "effort", "participation"
	};

	return (unsigned)r < TROC_NRULE ? names[r] : "";
}

int
troc_rule_wish(const struct troc_household *a, const struct troc_home *u)
{
	size_t i;

	for (i = 0; i < a->nwish; i++)
		if (troc_wish_match(a->wish[i], u->commune))
			return 1;
	return 0;
}

int
troc_rule_rooms(const struct troc_household *a, const struct troc_home *u)
{
	if (u->rooms == TROC_NA)
		return 1;
	if (a->wish_rooms_min != TROC_NA && u->rooms < a->wish_rooms_min)
		return 0;
	return a->wish_rooms_max == TROC_NA || u->rooms <= a->wish_rooms_max;
}

int
troc_rule_rent(const struct troc_household *a, const struct troc_home *u)
{
	if (isnan(a->wish_rent_max) || isnan(u->rent))
		return 1;
	return u->rent + or_dec(u->charges, 0) <= a->wish_rent_max;
}

int
troc_rule_surface(const struct troc_household *a, const struct troc_home *u)
{
	if (isnan(a->wish_surface_min) || isnan(u->surface))
		return 1;
	return u->surface >= a->wish_surface_min;
}

int
troc_rule_floor(const struct troc_household *a, const struct troc_home *u)
{
	if (a->wish_floor_max != TROC_NA && u->floor != TROC_NA &&
	    u->floor > a->wish_floor_max && u->elevator == 0)
		return 0;
	if (a->wish_elevator == 1 && !(u->floor == 0 || u->elevator == 1))
		return 0;
	return a->wish_accessible != 1 || u->accessible == 1;
}

int
troc_rule_landlord(const struct troc_ctx *c, const struct troc_household *a,
    const struct troc_home *u)
{
	if (a->other_landlord != 0 && !c->policy->same_landlord)
		return 1;
	if (u->landlord < 0 || a->home.landlord < 0)
		return 1;
	return u->landlord == a->home.landlord;
}

int
troc_rule_ceiling(const struct troc_ctx *c, const struct troc_household *a,
    const struct troc_home *u)
{
	long ceil;

	if (c->ceilings == NULL || c->geo == NULL || u->commune < 0 ||
	    isnan(a->income) || a->category == TROC_NA)
		return 1;
	ceil = troc_ceiling(c->ceilings, u->financing,
	    troc_geo_zone(c->geo, u->commune), a->category, c->year);
	return ceil < 0 || a->income <= (double)ceil;
}

int
troc_rule_occupancy(const struct troc_ctx *c,
    const struct troc_household *a, const struct troc_home *u)
{
	if (a->persons == TROC_NA)
		return 1;
	if (!isnan(u->surface) && u->surface < troc_min_surface(a->persons))
		return 0;
	if (!c->policy->allow_under && u->rooms != TROC_NA &&
	    u->rooms > a->persons + 1)
		return 0;
	return 1;
}

int
troc_rule_effort(const struct troc_ctx *c, const struct troc_household *a,
    const struct troc_home *u)
{
	double r = a->resources;

	if (isnan(u->rent) || isnan(r) || r <= 0)
		return 1;
	return (u->rent + or_dec(u->charges, 0) - or_dec(a->housing_aid, 0)) /
	    r <= c->policy->effort_max;
}

int
troc_rule_participation(const struct troc_household *a,
    const struct troc_home *u)
{
	return u->admitted && a->home.admitted;
}

enum troc_rule
troc_compat(const struct troc_ctx *c, const struct troc_household *a,
    const struct troc_home *u)
{
	if (!troc_rule_rooms(a, u))
		return TROC_RULE_ROOMS;
	if (!troc_rule_rent(a, u))
		return TROC_RULE_RENT;
	if (!troc_rule_surface(a, u))
		return TROC_RULE_SURFACE;
	if (!troc_rule_floor(a, u))
		return TROC_RULE_FLOOR;
	if (!troc_rule_landlord(c, a, u))
		return TROC_RULE_LANDLORD;
	if (!troc_rule_ceiling(c, a, u))
		return TROC_RULE_CEILING;
	if (!troc_rule_occupancy(c, a, u))
		return TROC_RULE_OCCUPANCY;
	if (!troc_rule_effort(c, a, u))
		return TROC_RULE_EFFORT;
	if (!troc_rule_participation(a, u))
		return TROC_RULE_PARTICIPATION;
	return TROC_RULE_OK;
}

long
troc_arc_weight(const struct troc_household *a, const struct troc_home *u)
{
	long w = 100 + a->priority;

	if (a->nwish > 0 && troc_wish_match(a->wish[0], u->commune))
		w += 5;
	return w;
}
