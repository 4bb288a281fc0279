/* households.c: households read (§3.2), validated across records and
 * against the inventory, and written with what the rules derive (§3.3). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/field.h"
#include "troc/households.h"
#include "troc/num.h"
#include "troc/units.h"

/* The columns of §3.2, shared by both tables below. */
#define HOUSEHOLD_COLS \
	{ "household_id", 1, NULL }, { "unit_id", 1, NULL }, \
	{ "adults", 1, NULL }, { "dependants", 1, NULL }, \
	{ "age1", 1, NULL }, { "age2", 0, NULL }, \
	{ "handicap", 0, NULL }, { "income", 1, NULL }, \
	{ "resources", 0, NULL }, { "housing_aid", 0, NULL }, \
	{ "arrears", 0, NULL }, { "work_commune", 0, NULL }, \
	{ "reasons", 0, NULL }, { "wish_communes", 1, NULL }, \
	{ "wish_rooms_min", 0, NULL }, { "wish_rooms_max", 0, NULL }, \
	{ "wish_rent_max", 0, NULL }, { "wish_surface_min", 0, NULL }, \
	{ "wish_floor_max", 0, NULL }, { "wish_elevator", 0, NULL }, \
	{ "wish_accessible", 0, NULL }, { "other_landlord", 0, NULL }, \
	{ "registered", 0, NULL }

const struct troc_col troc_household_cols[TROC_H_NCOLS] = {
	HOUSEHOLD_COLS
};

#define COL(i) (troc_household_cols[i].name)

const struct troc_col troc_validated_cols[TROC_V_NCOLS] = {
	HOUSEHOLD_COLS,
	{ "persons", 1, NULL }, { "category", 1, NULL },
	{ "home_landlord", 1, NULL }, { "home_commune", 1, NULL },
	{ "home_rooms", 1, NULL }, { "home_surface", 1, NULL },
	{ "home_floor", 1, NULL }, { "home_elevator", 1, NULL },
	{ "home_accessible", 1, NULL }, { "home_financing", 1, NULL },
	{ "home_rent", 1, NULL }, { "home_charges", 1, NULL },
	{ "occupancy", 1, NULL }, { "effort", 1, NULL },
	{ "priority", 1, NULL }, { "priority_reasons", 1, NULL },
	{ "blocked", 1, NULL }
};

enum {
	V_PERSONS = TROC_H_NCOLS, V_CATEGORY, V_LANDLORD, V_COMMUNE, V_ROOMS,
	V_SURFACE, V_FLOOR, V_ELEVATOR, V_ACCESSIBLE, V_FINANCING, V_RENT,
	V_CHARGES, V_OCCUPANCY, V_EFFORT, V_PRIORITY, V_REASONS, V_BLOCKED
};

#define VCOL(i) (troc_validated_cols[i].name)

/* The columns validation adds, in the order of §3.3. */
static const char *const derived_cols[] = {
	"persons", "category", "home_landlord", "home_commune", "home_rooms",
	"home_surface", "home_floor", "home_elevator", "home_accessible",
	"home_financing", "home_rent", "home_charges", "occupancy", "effort",
	"priority", "priority_reasons", "blocked", NULL
};

void
troc_hh_init(struct troc_hh *x)
{
	memset(x, 0, sizeof(*x));
	troc_household_init(&x->h);
	x->u = -1;
}

void
troc_hh_release(struct troc_hh *x)
{
	free(x->wish);
	memset(x, 0, sizeof(*x));
}

/* An int cell into *v (TROC_NA when empty and allowed). */
static int
int_cell(int *v, int col, const char *s, size_t n, int req, long long lo,
    long long hi, struct troc_fault *f)
{
	long long x;
	int r = troc_field_int(COL(col), s, n, req, lo, hi, &x, f);

	if (r < 0)
		return -1;
	*v = r > 0 ? (int)x : TROC_NA;
	return 0;
}

static int
dec_cell(double *v, int col, const char *s, size_t n, int req, double hi,
    struct troc_fault *f)
{
	double x;
	int r = troc_field_dec(COL(col), s, n, req, 0, 0, hi, &x, f);

	if (r < 0)
		return -1;
	*v = r > 0 ? x : NAN;
	return 0;
}

/* The next '|'-separated token of s[*i..n), blanks trimmed. */
static int
next_token(const char *s, size_t n, size_t *i, const char **t, size_t *tl)
{
	size_t a = *i, b;

	if (a > n)
		return 0;
	for (b = a; b < n && s[b] != '|'; b++)
		;
	*i = b + 1;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	*t = s + a;
	*tl = b - a;
	return 1;
}

static int
wishes(struct troc_hh *x, const char *s, size_t n, const struct troc_geo *g,
    struct troc_fault *f)
{
	const char *t;
	size_t i = 0, tl, k = 0;
	char b[64];
	int tok;

	if (troc_blank(s, n))
		return troc_fault_set(f, COL(TROC_H_WISH), TROC_MISSING,
		    "empty, at least one commune or departement is required");
	while (next_token(s, n, &i, &t, &tl)) {
		if ((tok = troc_geo_token(g, t, tl)) < 0)
			return troc_fault_set(f, COL(TROC_H_WISH), TROC_CODE,
			    "not an INSEE commune or departement code: %s",
			    troc_field_show(t, tl, b));
		if (k == x->wishcap) {
			size_t cap = x->wishcap ? x->wishcap * 2 : 16;
			int *w = realloc(x->wish, cap * sizeof(*w));

			if (w == NULL)
				return troc_fault_set(f, NULL, TROC_RANGE,
				    "out of memory") - 1;
			x->wish = w;
			x->wishcap = cap;
		}
		x->wish[k++] = tok;
	}
	x->h.wish = x->wish;
	x->h.nwish = k;
	return 0;
}

static int
reasons(struct troc_hh *x, const char *s, size_t n, struct troc_fault *f)
{
	const char *t;
	size_t i = 0, tl;
	enum troc_reason r;
	char b[64];

	x->nreason = 0;
	x->h.declared = 0;
	if (troc_blank(s, n))
		return 0;
	while (next_token(s, n, &i, &t, &tl)) {
		if (troc_reason_parse(t, tl, &r) < 0)
			return troc_fault_set(f, COL(TROC_H_REASONS), TROC_LIST,
			    "unknown reason %s", troc_field_show(t, tl, b));
		if (x->nreason == TROC_MAX_REASONS)
			return troc_fault_set(f, COL(TROC_H_REASONS), TROC_LIST,
			    "more than %d reasons", TROC_MAX_REASONS);
		x->reason[x->nreason++] = (unsigned char)r;
		x->h.declared |= 1u << r;
	}
	return 0;
}

static int
date_cell(char *out, const char *s, size_t n, struct troc_fault *f)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char b[64];
	int y, m, d, leap, ok = n == 10 && s[4] == '-' && s[7] == '-';
	size_t i;

	out[0] = '\0';
	if (troc_blank(s, n))
		return 0;
	for (i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = 0;
	if (ok) {
		y = atoi(s);
		m = (s[5] - '0') * 10 + s[6] - '0';
		d = (s[8] - '0') * 10 + s[9] - '0';
		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		ok = y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
	}
	if (!ok)
		return troc_fault_set(f, COL(TROC_H_REGISTERED), TROC_RANGE,
		    "not a date YYYY-MM-DD: %s", troc_field_show(s, n, b));
	memcpy(out, s, 10);
	out[10] = '\0';
	return 0;
}

static int
work_cell(int *k, const char *s, size_t n, const struct troc_geo *g,
    struct troc_fault *f)
{
	char b[64];

	*k = -1;
	if (troc_blank(s, n))
		return 0;
	*k = troc_commune_key(s, n);
	if (*k < 0 || !troc_geo_commune_known(g, *k))
		return troc_fault_set(f, COL(TROC_H_WORK), TROC_CODE,
		    "not an INSEE commune code: %s", troc_field_show(s, n, b));
	return 0;
}

/* Columns adults to arrears. */
static int
people(struct troc_household *h, const char *const *v, const size_t *l,
    struct troc_fault *f)
{
	return int_cell(&h->adults, TROC_H_ADULTS, v[TROC_H_ADULTS],
	    l[TROC_H_ADULTS], 1, 1, 12, f) < 0 ||
	    int_cell(&h->dependants, TROC_H_DEPENDANTS, v[TROC_H_DEPENDANTS],
	    l[TROC_H_DEPENDANTS], 1, 0, 15, f) < 0 ||
	    int_cell(&h->age1, TROC_H_AGE1, v[TROC_H_AGE1], l[TROC_H_AGE1], 1,
	    16, 120, f) < 0 ||
	    int_cell(&h->age2, TROC_H_AGE2, v[TROC_H_AGE2], l[TROC_H_AGE2], 0,
	    16, 120, f) < 0 ||
	    int_cell(&h->handicap, TROC_H_HANDICAP, v[TROC_H_HANDICAP],
	    l[TROC_H_HANDICAP], 0, 0, 1, f) < 0 ||
	    dec_cell(&h->income, TROC_H_INCOME, v[TROC_H_INCOME],
	    l[TROC_H_INCOME], 1, 1e9, f) < 0 ||
	    dec_cell(&h->resources, TROC_H_RESOURCES, v[TROC_H_RESOURCES],
	    l[TROC_H_RESOURCES], 0, 1e8, f) < 0 ||
	    dec_cell(&h->housing_aid, TROC_H_AID, v[TROC_H_AID], l[TROC_H_AID],
	    0, 1e6, f) < 0 ||
	    int_cell(&h->arrears, TROC_H_ARREARS, v[TROC_H_ARREARS],
	    l[TROC_H_ARREARS], 0, 0, 1, f) < 0 ? -1 : 0;
}

/* Columns wish_rooms_min to other_landlord. */
static int
wants(struct troc_household *h, const char *const *v, const size_t *l,
    struct troc_fault *f)
{
	/* up to 28: the default persons + 1 of the largest household */
	return int_cell(&h->wish_rooms_min, TROC_H_ROOMS_MIN,
	    v[TROC_H_ROOMS_MIN], l[TROC_H_ROOMS_MIN], 0, 1, 28, f) < 0 ||
	    int_cell(&h->wish_rooms_max, TROC_H_ROOMS_MAX, v[TROC_H_ROOMS_MAX],
	    l[TROC_H_ROOMS_MAX], 0, 1, 28, f) < 0 ||
	    dec_cell(&h->wish_rent_max, TROC_H_RENT_MAX, v[TROC_H_RENT_MAX],
	    l[TROC_H_RENT_MAX], 0, 1e6, f) < 0 ||
	    dec_cell(&h->wish_surface_min, TROC_H_SURFACE_MIN,
	    v[TROC_H_SURFACE_MIN], l[TROC_H_SURFACE_MIN], 0, 1000, f) < 0 ||
	    int_cell(&h->wish_floor_max, TROC_H_FLOOR_MAX, v[TROC_H_FLOOR_MAX],
	    l[TROC_H_FLOOR_MAX], 0, -3, 100, f) < 0 ||
	    int_cell(&h->wish_elevator, TROC_H_ELEVATOR, v[TROC_H_ELEVATOR],
	    l[TROC_H_ELEVATOR], 0, 0, 1, f) < 0 ||
	    int_cell(&h->wish_accessible, TROC_H_ACCESSIBLE,
	    v[TROC_H_ACCESSIBLE], l[TROC_H_ACCESSIBLE], 0, 0, 1, f) < 0 ||
	    int_cell(&h->other_landlord, TROC_H_OTHER_LANDLORD,
	    v[TROC_H_OTHER_LANDLORD], l[TROC_H_OTHER_LANDLORD], 0, 0, 1,
	    f) < 0 ? -1 : 0;
}

int
troc_hh_parse(struct troc_hh *x, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g,
    struct troc_fault *f)
{
	const char *v[TROC_H_NCOLS];
	size_t l[TROC_H_NCOLS], i;
	struct troc_household *h = &x->h;
	int r;

	troc_household_init(h);
	x->u = -1;
	for (i = 0; i < TROC_H_NCOLS; i++)
		v[i] = troc_bind_get(b, rec, i, &l[i]);
	if (troc_field_id(COL(TROC_H_ID), v[TROC_H_ID], l[TROC_H_ID], f) < 0 ||
	    troc_field_id(COL(TROC_H_UNIT), v[TROC_H_UNIT], l[TROC_H_UNIT],
	    f) < 0 || people(h, v, l, f) < 0 ||
	    work_cell(&h->work_commune, v[TROC_H_WORK], l[TROC_H_WORK], g,
	    f) < 0 || reasons(x, v[TROC_H_REASONS], l[TROC_H_REASONS], f) < 0)
		return -1;
	if ((r = wishes(x, v[TROC_H_WISH], l[TROC_H_WISH], g, f)) < 0)
		return r;
	if (wants(h, v, l, f) < 0 || date_cell(x->registered,
	    v[TROC_H_REGISTERED], l[TROC_H_REGISTERED], f) < 0)
		return -1;
	x->id = v[TROC_H_ID];
	x->idlen = l[TROC_H_ID];
	x->unit = v[TROC_H_UNIT];
	x->unitlen = l[TROC_H_UNIT];
	if (h->age2 != TROC_NA && h->adults == 1)
		return troc_fault_set(f, COL(TROC_H_AGE2), TROC_INCONSISTENT,
		    "age2 given for a household of one adult");
	troc_household_defaults(h);
	if (h->wish_rooms_min > h->wish_rooms_max)
		return troc_fault_set(f, COL(TROC_H_ROOMS_MIN),
		    TROC_INCONSISTENT, "wish_rooms_min %d above wish_rooms_max "
		    "%d", h->wish_rooms_min, h->wish_rooms_max);
	return 0;
}

int
troc_validator_init(struct troc_validator *v,
    const struct troc_inventory *inv, const struct troc_ctx *ctx)
{
	memset(v, 0, sizeof(*v));
	v->inv = inv;
	v->ctx = *ctx;
	v->ids = troc_idset_new();
	v->taken = calloc(inv->n + 1, 1);
	return v->ids == NULL || v->taken == NULL ? -1 : 0;
}

void
troc_validator_release(struct troc_validator *v)
{
	troc_idset_free(v->ids);
	free(v->taken);
	memset(v, 0, sizeof(*v));
}

/* The unit's checks: known, occupied (or unknown status), not taken. */
static int
check_unit(const struct troc_validator *v, struct troc_hh *x,
    struct troc_fault *f)
{
	char b[64];
	long u = troc_inventory_find(v->inv, x->unit, x->unitlen);

	if (u < 0)
		return troc_fault_set(f, COL(TROC_H_UNIT), TROC_UNKNOWN_UNIT,
		    "unit %s not in the inventory",
		    troc_field_show(x->unit, x->unitlen, b));
	if (v->inv->status[u] == TROC_ST_VACANT ||
	    v->inv->status[u] == TROC_ST_UNAVAILABLE)
		return troc_fault_set(f, COL(TROC_H_UNIT), TROC_UNIT_STATUS,
		    "unit %s is %s", troc_field_show(x->unit, x->unitlen, b),
		    troc_status_words[v->inv->status[u]]);
	if (v->taken[u])
		return troc_fault_set(f, COL(TROC_H_UNIT), TROC_UNIT_TAKEN,
		    "unit %s already has a household",
		    troc_field_show(x->unit, x->unitlen, b));
	x->u = u;
	return 0;
}

int
troc_validate(struct troc_validator *v, struct troc_hh *x,
    const struct troc_bind *b, const struct troc_rec *rec,
    struct troc_fault *f)
{
	char s[64];
	int r;

	if ((r = troc_hh_parse(x, b, rec, v->ctx.geo, f)) < 0)
		return r;
	if (troc_idset_find(v->ids, x->id, x->idlen) >= 0)
		return troc_fault_set(f, COL(TROC_H_ID), TROC_DUPLICATE,
		    "household %s seen before",
		    troc_field_show(x->id, x->idlen, s));
	if (check_unit(v, x, f) < 0)
		return -1;
	if (troc_idset_add(v->ids, x->id, x->idlen, NULL) < 0)
		return -2;
	v->taken[x->u] = 1;
	x->h.home = v->inv->home[x->u];
	troc_household_derive(&v->ctx, &x->h);
	return 0;
}

int
troc_hh_write_header(struct troc_out *w)
{
	size_t i;

	for (i = 0; i < TROC_H_NCOLS; i++)
		troc_out_str(w, troc_household_cols[i].name);
	for (i = 0; derived_cols[i]; i++)
		troc_out_str(w, derived_cols[i]);
	return troc_out_failed(w) ? -1 : 0;
}

static void
commune(struct troc_out *w, int k)
{
	char c[8];

	troc_out_str(w, k < 0 ? "" : troc_commune_code(k, c));
}

static void
lists(struct troc_out *w, const struct troc_hh *x)
{
	char buf[1024], c[8];
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < x->nreason; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
		    i ? "|" : "", troc_reason_name(x->reason[i]));
	troc_out_str(w, buf);
	o = 0;
	for (i = 0; i < x->h.nwish && o < sizeof(buf) - 16; i++) {
		int t = x->h.wish[i];

		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
		    i ? "|" : "", t >= TROC_DEP_TOKEN ?
		    troc_dep_code(t - TROC_DEP_TOKEN, c) :
		    troc_commune_code(t, c));
	}
	troc_out_str(w, buf);
}

static void
derived(struct troc_out *w, const struct troc_hh *x,
    const struct troc_inventory *inv)
{
	const struct troc_household *h = &x->h;
	const struct troc_home *u = &h->home;
	char r[256];

	troc_out_int(w, h->persons);
	troc_out_int(w, h->category);
	troc_out_str(w, troc_inventory_landlord(inv, (size_t)x->u));
	commune(w, u->commune);
	troc_out_opt_int(w, u->rooms, TROC_NA);
	troc_out_opt_num(w, u->surface);
	troc_out_opt_int(w, u->floor, TROC_NA);
	troc_out_opt_int(w, u->elevator, TROC_NA);
	troc_out_opt_int(w, u->accessible, TROC_NA);
	troc_out_str(w, u->financing == TROC_FIN_UNKNOWN ? "" :
	    troc_fin_name(u->financing));
	troc_out_opt_num(w, u->rent);
	troc_out_opt_num(w, u->charges);
	troc_out_str(w, troc_occ_name(h->occupancy));
	if (isnan(h->effort))
		troc_out_field(w, "", 0);
	else
		troc_out_fixed(w, h->effort, 3);
	troc_out_int(w, h->priority);
	troc_reasons_format(h->reasons, r, sizeof(r));
	troc_out_str(w, r);
	troc_out_str(w, h->blocked ? "arrears" : "");
}

int
troc_hh_write(struct troc_out *w, const struct troc_hh *x,
    const struct troc_inventory *inv)
{
	const struct troc_household *h = &x->h;

	troc_out_field(w, x->id, x->idlen);
	troc_out_field(w, x->unit, x->unitlen);
	troc_out_int(w, h->adults);
	troc_out_int(w, h->dependants);
	troc_out_opt_int(w, h->age1, TROC_NA);
	troc_out_opt_int(w, h->age2, TROC_NA);
	troc_out_int(w, h->handicap);
	troc_out_num(w, h->income);
	troc_out_opt_num(w, h->resources);
	troc_out_opt_num(w, h->housing_aid);
	troc_out_int(w, h->arrears);
	commune(w, h->work_commune);
	lists(w, x);
	troc_out_opt_int(w, h->wish_rooms_min, TROC_NA);
	troc_out_opt_int(w, h->wish_rooms_max, TROC_NA);
	troc_out_opt_num(w, h->wish_rent_max);
	troc_out_opt_num(w, h->wish_surface_min);
	troc_out_opt_int(w, h->wish_floor_max, TROC_NA);
	troc_out_int(w, h->wish_elevator);
	troc_out_int(w, h->wish_accessible);
	troc_out_int(w, h->other_landlord);
	troc_out_str(w, x->registered);
	derived(w, x, inv);
	return troc_out_failed(w) ? -1 : 0;
}

/* Append to buf at *o (cap bytes), printf-style. */
static void __attribute__((format(printf, 4, 5)))
say(char *buf, size_t cap, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, cap - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o += (size_t)n;
}

static void
explain_category(const struct troc_household *h, char *buf, size_t cap,
    size_t *o)
{
	say(buf, cap, o, "persons %d = %d adult%s + %d dependant%s; "
	    "category %d = %d", h->persons, h->adults, h->adults != 1 ? "s" : "",
	    h->dependants, h->dependants != 1 ? "s" : "", h->category,
	    h->persons);
	if (h->adults == 1 && h->dependants >= 1)
		say(buf, cap, o, " + 1 alone with dependants");
	if (h->handicap == 1)
		say(buf, cap, o, " + 1 handicap");
	if (troc_jeune_menage(h->adults, h->dependants, h->age1, h->age2))
		say(buf, cap, o, ", jeune menage (ages %d + %d <= 55): at "
		    "least 3", h->age1, h->age2);
}

static void
explain_home(const struct troc_household *h, char *buf, size_t cap,
    size_t *o)
{
	const struct troc_home *u = &h->home;
	int need = troc_min_surface(h->persons);

	if (!isnan(u->surface) && u->surface < need)
		say(buf, cap, o, "; home %g m2 < %d m2 needed for %d: "
		    "over-occupied (R.822-25)", u->surface, need, h->persons);
	else if (u->rooms != TROC_NA && u->rooms > h->persons + 1)
		say(buf, cap, o, "; home of %d rooms > %d person%s + 1: "
		    "under-occupied (L.621-2)", u->rooms, h->persons,
		    h->persons != 1 ? "s" : "");
	else
		say(buf, cap, o, "; home %s%g m2, %d rooms: fits %d",
		    isnan(u->surface) ? "?" : "", isnan(u->surface) ? 0 :
		    u->surface, u->rooms == TROC_NA ? 0 : u->rooms, h->persons);
	if (isnan(h->effort))
		say(buf, cap, o, "; effort unknown (rent unknown or no "
		    "resources)");
	else
		say(buf, cap, o, "; effort (%g + %g - %g) / %g = %.3f",
		    u->rent, isnan(u->charges) ? 0 : u->charges,
		    isnan(h->housing_aid) ? 0 : h->housing_aid, h->resources,
		    h->effort);
}

char *
troc_hh_explain(const struct troc_hh *x, const struct troc_ctx *c,
    char *buf, size_t cap)
{
	const struct troc_household *h = &x->h;
	size_t o = 0;
	int i, first = 1;

	buf[0] = '\0';
	explain_category(h, buf, cap, &o);
	explain_home(h, buf, cap, &o);
	say(buf, cap, &o, "; priority %ld", h->priority);
	for (i = 0; i < TROC_NPRIORITY; i++)
		if (h->reasons & 1u << i) {
			say(buf, cap, &o, "%s%s %ld", first ? " = " : " + ",
			    troc_reason_name((enum troc_reason)i),
			    c->policy->weight[i]);
			first = 0;
		}
	if (h->blocked)
		say(buf, cap, &o, "; blocked: rent arrears");
	return buf;
}

static int
vint(int *v, int col, const struct troc_bind *b, const struct troc_rec *rec,
    int req, long long lo, long long hi, struct troc_fault *f)
{
	size_t n;
	const char *s = troc_bind_get(b, rec, (size_t)col, &n);
	long long x;
	int r = troc_field_int(VCOL(col), s, n, req, lo, hi, &x, f);

	if (r < 0)
		return -1;
	*v = r > 0 ? (int)x : TROC_NA;
	return 0;
}

static int
vdec(double *v, int col, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_fault *f)
{
	size_t n;
	const char *s = troc_bind_get(b, rec, (size_t)col, &n);
	double x;
	int r = troc_field_dec(VCOL(col), s, n, 0, 0, 0, 1e6, &x, f);

	if (r < 0)
		return -1;
	*v = r > 0 ? x : NAN;
	return 0;
}

/* The home_* columns. */
static int
vhome(struct troc_home *u, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g,
    struct troc_fault *f)
{
	size_t n;
	const char *s = troc_bind_get(b, rec, V_COMMUNE, &n);
	char show[64];
	enum troc_fin fin;

	u->commune = troc_commune_key(s, n);
	if (u->commune < 0 || !troc_geo_commune_known(g, u->commune))
		return troc_fault_set(f, VCOL(V_COMMUNE), TROC_CODE,
		    "not an INSEE commune code: %s", troc_field_show(s, n, show));
	if (vint(&u->rooms, V_ROOMS, b, rec, 0, 1, 20, f) < 0 ||
	    vdec(&u->surface, V_SURFACE, b, rec, f) < 0 ||
	    vint(&u->floor, V_FLOOR, b, rec, 0, -3, 100, f) < 0 ||
	    vint(&u->elevator, V_ELEVATOR, b, rec, 0, 0, 1, f) < 0 ||
	    vint(&u->accessible, V_ACCESSIBLE, b, rec, 0, 0, 1, f) < 0 ||
	    vdec(&u->rent, V_RENT, b, rec, f) < 0 ||
	    vdec(&u->charges, V_CHARGES, b, rec, f) < 0)
		return -1;
	s = troc_bind_get(b, rec, V_FINANCING, &n);
	if (troc_blank(s, n))
		u->financing = TROC_FIN_UNKNOWN;
	else if (troc_fin_parse(s, n, &fin) < 0)
		return troc_fault_set(f, VCOL(V_FINANCING), TROC_CODE,
		    "unknown value %s", troc_field_show(s, n, show));
	else
		u->financing = fin;
	return 0;
}

int
troc_hh_parse_validated(struct troc_hh *x, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g, const char **ll,
    size_t *lllen, struct troc_fault *f)
{
	struct troc_household *h = &x->h;
	size_t n;
	const char *s;
	char show[64];
	int r, prio;

	if ((r = troc_hh_parse(x, b, rec, g, f)) < 0)
		return r;
	if (vint(&h->persons, V_PERSONS, b, rec, 1, 1, 27, f) < 0 ||
	    vint(&h->category, V_CATEGORY, b, rec, 1, 1, 40, f) < 0)
		return -1;
	*ll = troc_bind_get(b, rec, V_LANDLORD, lllen);
	if (troc_blank(*ll, *lllen))
		return troc_fault_set(f, VCOL(V_LANDLORD), TROC_MISSING,
		    "empty, a value is required");
	if (vhome(&h->home, b, rec, g, f) < 0 ||
	    vint(&prio, V_PRIORITY, b, rec, 1, 0, 100000000, f) < 0)
		return -1;
	h->priority = prio;
	s = troc_bind_get(b, rec, V_BLOCKED, &n);
	h->blocked = !troc_blank(s, n);
	if (h->blocked && !(n == 7 && memcmp(s, "arrears", 7) == 0))
		return troc_fault_set(f, VCOL(V_BLOCKED), TROC_CODE,
		    "unknown value %s", troc_field_show(s, n, show));
	return 0;
}
