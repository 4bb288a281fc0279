/* gen_write.c: troc-gen's homes as canonical units (§3.1) and its
 * households (§3.2), through the one CSV writer. */
#include <stdio.h>
#include <string.h>

#include "gen_impl.h"
#include "troc/households.h"
#include "troc/policy.h"
#include "troc/units.h"

/* v / 10^d (d = 1 or 2) in its shortest form, as troc_fmt_num writes
 * it ("412.5", "30"), without going through a double: the units are
 * fixed-point integers and printf of doubles is most of the time. */
static void
fixed(struct troc_out *w, long v, int d)
{
	char b[32];
	long scale = d == 1 ? 10 : 100, frac = v % scale;
	int n = snprintf(b, sizeof(b), "%ld", v / scale);

	if (frac) {
		n += snprintf(b + n, sizeof(b) - (size_t)n, d == 1 ? ".%01ld" :
		    ".%02ld", frac);
		if (b[n - 1] == '0')
			n--;
	}
	troc_out_field(w, b, (size_t)n);
}

/* Column c of home v (the canonical order is that of enum
 * troc_unit_col, whatever it becomes). */
static void
unit_field(const struct troc_gen *g, struct troc_out *w,
    const struct troc_gen_unit *v, int c)
{
	char b[80];

	switch (c) {
	case TROC_U_ID:
		troc_out_str(w, troc_gen_unit_id(g, v, b));
		break;
	case TROC_U_LANDLORD:
		troc_out_str(w, g->landlords[v->landlord]);
		break;
	case TROC_U_COMMUNE:
		troc_out_str(w, troc_commune_code(v->commune, b));
		break;
	case TROC_U_ROOMS: troc_out_int(w, v->rooms); break;
	case TROC_U_SURFACE: fixed(w, v->surface, 1); break;
	case TROC_U_FLOOR: troc_out_int(w, v->floor); break;
	case TROC_U_ELEVATOR: troc_out_int(w, v->elevator); break;
	case TROC_U_ACCESSIBLE: troc_out_int(w, v->accessible); break;
	case TROC_U_FINANCING:
		troc_out_str(w, troc_fin_words[v->financing]);
		break;
	case TROC_U_RENT: fixed(w, v->rent, 2); break;
	case TROC_U_CHARGES: fixed(w, v->charges, 2); break;
	case TROC_U_STATUS:
		troc_out_str(w, troc_status_words[v->status]);
		break;
	case TROC_U_RESERVATAIRE:
		troc_out_str(w, troc_resa_words[v->reservataire]);
		break;
	case TROC_U_QPV: troc_out_int(w, v->qpv); break;
	case TROC_U_DPE: troc_out_field(w, &v->dpe, v->dpe != 0); break;
	case TROC_U_BUILT:
		if (v->built)
			troc_out_int(w, v->built);
		else
			troc_out_field(w, "", 0);
		break;
	}
}

int
troc_gen_write_units(const struct troc_gen *g, struct troc_out *w)
{
	size_t i;
	int c;

	troc_unit_write_header(w, NULL, NULL);
	for (i = 0; i < g->nunits && !troc_out_failed(w); i++) {
		for (c = 0; c < TROC_U_NCOLS; c++)
			unit_field(g, w, &g->units[i], c);
		troc_out_eor(w);
	}
	return troc_out_failed(w) ? -1 : 0;
}

/* v, or an empty cell when v < 0. */
static void
opt_int(struct troc_out *w, long v)
{
	if (v < 0)
		troc_out_field(w, "", 0);
	else
		troc_out_int(w, v);
}

/* Civil date of day d since 1970-01-01 (H. Hinnant's algorithm). */
static void
date(struct troc_out *w, long d)
{
	char b[48];
	long z = d + 719468, era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp =
	    (5 * doy + 2) / 153;
	long day = doy - (153 * mp + 2) / 5 + 1, mon = mp < 10 ? mp + 3 :
	    mp - 9;

	snprintf(b, sizeof(b), "%04ld-%02ld-%02ld", yoe + era * 400 +
	    (mon <= 2), mon, day);
	troc_out_str(w, b);
}

/* Append s to the list of n bytes in b (cap bytes); the new length. */
static size_t
item(char *b, size_t cap, size_t n, const char *s)
{
	int k = snprintf(b + n, cap - n, "%s%s", n ? "|" : "", s);

	return k < 0 || (size_t)k >= cap - n ? n : n + (size_t)k;
}

static void
reasons(struct troc_out *w, unsigned set)
{
	char b[128];
	size_t n = 0;
	int i;

	for (i = 0; i < TROC_NREASON; i++)
		if (set & (1u << i))
			n = item(b, sizeof(b), n,
			    troc_reason_name((enum troc_reason)i));
	troc_out_field(w, b, n);
}

static void
wishes(struct troc_out *w, const struct troc_gen_household *h)
{
	char b[TROC_GEN_MAXWISH * 8], c[8];
	size_t n = 0;
	int i, t;

	for (i = 0; i < h->nwish; i++) {
		t = h->wish[i];
		n = item(b, sizeof(b), n, t >= TROC_DEP_TOKEN ?
		    troc_dep_code(t - TROC_DEP_TOKEN, c) :
		    troc_commune_code(t, c));
	}
	troc_out_field(w, b, n);
}

/* Column c of household i (in the order of enum troc_h_col). */
static void
household_field(const struct troc_gen *g, struct troc_out *w, size_t i,
    int c)
{
	const struct troc_gen_household *h = &g->hh[i];
	char b[80];

	switch (c) {
	case TROC_H_ID:
		snprintf(b, sizeof(b), "H%08zu", i + 1);
		troc_out_str(w, b);
		break;
	case TROC_H_UNIT:
		troc_out_str(w, troc_gen_unit_id(g, &g->units[h->unit], b));
		break;
	case TROC_H_ADULTS: troc_out_int(w, h->adults); break;
	case TROC_H_DEPENDANTS: troc_out_int(w, h->dependants); break;
	case TROC_H_AGE1: troc_out_int(w, h->age1); break;
	case TROC_H_AGE2: opt_int(w, h->age2); break;
	case TROC_H_HANDICAP: troc_out_int(w, h->handicap); break;
	case TROC_H_INCOME: troc_out_int(w, h->income); break;
	case TROC_H_RESOURCES:
		if (h->resources < 0)
			troc_out_field(w, "", 0);
		else
			fixed(w, h->resources, 2);
		break;
	case TROC_H_AID: fixed(w, h->housing_aid, 2); break;
	case TROC_H_ARREARS: troc_out_int(w, h->arrears); break;
	case TROC_H_WORK:
		troc_out_str(w, h->work >= 0 ? troc_commune_code(h->work, b) :
		    "");
		break;
	case TROC_H_REASONS: reasons(w, h->reasons); break;
	case TROC_H_WISH: wishes(w, h); break;
	case TROC_H_ROOMS_MIN: troc_out_int(w, h->rooms_min); break;
	case TROC_H_ROOMS_MAX: opt_int(w, h->rooms_max); break;
	case TROC_H_RENT_MAX: opt_int(w, h->rent_max); break;
	case TROC_H_SURFACE_MIN: opt_int(w, h->surface_min); break;
	case TROC_H_FLOOR_MAX: opt_int(w, h->floor_max); break;
	case TROC_H_ELEVATOR: troc_out_int(w, h->elevator); break;
	case TROC_H_ACCESSIBLE: troc_out_int(w, h->accessible); break;
	case TROC_H_OTHER_LANDLORD: troc_out_int(w, h->other_landlord); break;
	case TROC_H_REGISTERED: date(w, h->registered); break;
	}
}

int
troc_gen_write_households(const struct troc_gen *g, struct troc_out *w)
{
	size_t i;
	int c;

	for (c = 0; c < TROC_H_NCOLS; c++)
		troc_out_str(w, troc_household_cols[c].name);
	troc_out_eor(w);
	for (i = 0; i < g->nhh && !troc_out_failed(w); i++) {
		for (c = 0; c < TROC_H_NCOLS; c++)
			household_field(g, w, i, c);
		troc_out_eor(w);
	}
	return troc_out_failed(w) ? -1 : 0;
}
