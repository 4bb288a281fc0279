/* report_read.c: the proposals, units and validated households a report
 * reads, each row checked, joined by household and unit id. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "troc/field.h"
#include "troc/report.h"
#include "troc/rules.h"
#include "troc/units.h"

/* Grow *p (of *cap elements of size sz) to hold n + 1. */
static int
grow(void *p, size_t *cap, size_t n, size_t sz)
{
	void **pp = p, *q;
	size_t c = *cap ? *cap : 256;

	if (n < *cap)
		return 0;
	while (c <= n)
		c *= 2;
	if ((q = realloc(*pp, c * sz)) == NULL)
		return -1;
	*pp = q;
	*cap = c;
	return 0;
}

static void
home_unknown(struct troc_rep_home *h)
{
	h->landlord = h->commune = -1;
	h->rooms = TROC_NA;
	h->surface = h->rent = h->charges = NAN;
	h->financing = h->reservataire = -1;
	h->known = 0;
}

/* Index of unit id s in r->uids, added when new; -1 out of memory. */
static long
unit_index(struct troc_report *r, const char *s, size_t n)
{
	size_t slot;

	if (troc_idset_add(r->uids, s, n, &slot) < 0 ||
	    grow(&r->home, &r->homecap, slot, sizeof(*r->home)) < 0)
		return -1;
	if (slot + 1 == troc_idset_count(r->uids))
		home_unknown(&r->home[slot]);
	return (long)slot;
}

static int
landlord_index(struct troc_report *r, const char *s, size_t n)
{
	size_t slot;

	if (n == 0)
		return -1;
	if (troc_idset_add(r->landlords, s, n, &slot) < 0)
		return -2;
	return (int)slot;
}

/* A text cell that must not be empty. */
static int
text_cell(const char *col, size_t n, struct troc_fault *f)
{
	if (n == 0)
		return troc_fault_set(f, col, TROC_MISSING,
		    "empty, a value is required");
	return 0;
}

/* Run one reader: every record through rows(), which returns 1 kept, 0
 * rejected (f filled), -1 rejects file or memory failed. */
typedef int (*row_fn)(struct troc_report *r, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_fault *f);

static int
read_all(struct troc_report *r, struct troc_csv *in,
    const struct troc_col *cols, size_t ncols, row_fn rows,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e)
{
	const char *file = troc_csv_name(in);
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_fault f;
	int k;

	if (troc_bind_header(&b, troc_csv_header(in), cols, ncols, file,
	    e) < 0) {
		troc_bind_release(&b);
		return -1;
	}
	while ((k = troc_csv_next(in, &rec, e)) > 0) {
		++*nin;
		if ((k = troc_rejects_check(rj, file, &rec, b.nin)) == 0) {
			k = rows(r, &b, &rec, &f);
			if (k == 0 && troc_rejects_fault(rj, file, &rec, &f) < 0)
				k = -1;
		} else {
			k = k > 0 ? 0 : -1;
		}
		if (k < 0) {
			troc_err_set(e, file, rec.line,
			    "write error or out of memory");
			break;
		}
		*nok += (unsigned long)k;
		if (r->tick)
			r->tick(r->tick_arg, in, *nin);
	}
	troc_bind_release(&b);
	return k < 0 ? -1 : 0;
}

/* ---- proposals ---- */

enum { P_EXCHANGE, P_KIND, P_LENGTH, P_STEP, P_HH, P_FROM, P_TO, P_WEIGHT,
	P_NCOLS };

static const struct troc_col proposal_cols[P_NCOLS] = {
	{ "exchange", 1, NULL }, { "kind", 1, NULL }, { "length", 1, NULL },
	{ "step", 1, NULL }, { "household", 1, NULL },
	{ "from_unit", 1, NULL }, { "to_unit", 1, NULL },
	{ "weight", 0, NULL }
};

#define PCOL(i) (proposal_cols[i].name)

static int
proposal_fields(struct troc_rep_move *m, const char *const *s,
    const size_t *n, struct troc_fault *f)
{
	long long x;
	int kind;

	if (troc_field_int(PCOL(P_EXCHANGE), s[P_EXCHANGE], n[P_EXCHANGE], 1,
	    1, 4000000000LL, &x, f) < 0)
		return -1;
	m->exchange = (unsigned long)x;
	if (troc_field_word(PCOL(P_KIND), s[P_KIND], n[P_KIND], 1,
	    troc_rep_kind_words, &kind, f) < 0)
		return -1;
	m->kind = (unsigned char)kind;
	if (troc_field_int(PCOL(P_LENGTH), s[P_LENGTH], n[P_LENGTH], 1, 1,
	    1000000, &x, f) < 0)
		return -1;
	m->length = (int)x;
	if (troc_field_int(PCOL(P_STEP), s[P_STEP], n[P_STEP], 1, 1, 1000000,
	    &x, f) < 0)
		return -1;
	m->step = (int)x;
	if (text_cell(PCOL(P_HH), n[P_HH], f) < 0 ||
	    text_cell(PCOL(P_FROM), n[P_FROM], f) < 0 ||
	    text_cell(PCOL(P_TO), n[P_TO], f) < 0)
		return -1;
	m->weight = NAN;
	if (troc_field_dec(PCOL(P_WEIGHT), s[P_WEIGHT], n[P_WEIGHT], 0, 0, 0,
	    1e15, &m->weight, f) < 0)
		return -1;
	if (m->step > m->length)
		return troc_fault_set(f, PCOL(P_STEP), TROC_INCONSISTENT,
		    "step %d of an exchange of length %d", m->step,
		    m->length);
	return 0;
}

static int
proposal_row(struct troc_report *r, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_fault *f)
{
	struct troc_rep_move m;
	const char *s[P_NCOLS];
	size_t n[P_NCOLS], i, slot;
	long from, to;
	int k;

	for (i = 0; i < P_NCOLS; i++)
		s[i] = troc_bind_get(b, rec, i, &n[i]);
	if (proposal_fields(&m, s, n, f) < 0)
		return 0;
	if ((k = troc_idset_add(r->hids, s[P_HH], n[P_HH], &slot)) < 0)
		return -1;
	if (k == 0)
		return troc_fault_set(f, PCOL(P_HH), TROC_DUPLICATE,
		    "household moves twice"), 0;
	if (grow(&r->hh, &r->hhcap, slot, sizeof(*r->hh)) < 0 ||
	    grow(&r->mv, &r->mvcap, r->nmv, sizeof(*r->mv)) < 0 ||
	    (from = unit_index(r, s[P_FROM], n[P_FROM])) < 0 ||
	    (to = unit_index(r, s[P_TO], n[P_TO])) < 0)
		return -1;
	memset(&r->hh[slot], 0, sizeof(r->hh[slot]));
	r->hh[slot].persons = r->hh[slot].dependants = TROC_NA;
	r->hh[slot].occupancy = -1;
	r->hh[slot].landlord = -1;
	m.hh = slot;
	m.from = (size_t)from;
	m.to = (size_t)to;
	r->mv[r->nmv++] = m;
	return 1;
}

int
troc_report_read_proposals(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e)
{
	return read_all(r, in, proposal_cols, P_NCOLS, proposal_row, rj, nin,
	    nok, e);
}

/* ---- units ---- */

static int
unit_row(struct troc_report *r, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_fault *f)
{
	struct troc_unit u;
	struct troc_rep_home *h;
	const char *id;
	size_t n;
	long i;
	int ll;

	/* an inventory is large and troc-import checked it: only the homes
	 * of the moves are read */
	id = troc_bind_get(b, rec, TROC_U_ID, &n);
	if ((i = troc_idset_find(r->uids, id, n)) < 0)
		return 1;
	if (troc_unit_parse(&u, b, rec, NULL, f) < 0)
		return 0;
	h = &r->home[i];
	if (h->known == 2)
		return 1;	/* a unit given twice: the first wins */
	if ((ll = landlord_index(r, u.landlord, u.landlordlen)) < -1)
		return -1;
	h->landlord = ll;
	h->commune = u.commune;
	h->rooms = u.rooms;
	h->surface = u.surface;
	h->rent = u.rent;
	h->charges = u.charges;
	h->financing = u.financing;
	h->reservataire = u.reservataire;
	h->known = 2;
	return 1;
}

int
troc_report_read_units(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e)
{
	r->have_u = 1;
	return read_all(r, in, troc_unit_cols, TROC_U_NCOLS, unit_row, rj, nin,
	    nok, e);
}

/* ---- validated households ---- */

enum { H_ID, H_UNIT, H_DEPENDANTS, H_PERSONS, H_LANDLORD, H_COMMUNE,
	H_ROOMS, H_SURFACE, H_FINANCING, H_RENT, H_CHARGES, H_OCCUPANCY,
	H_REASONS, H_BLOCKED, H_NCOLS };

static const struct troc_col hh_cols[H_NCOLS] = {
	{ "household_id", 1, NULL }, { "unit_id", 1, NULL },
	{ "dependants", 0, NULL }, { "persons", 1, NULL },
	{ "home_landlord", 1, NULL }, { "home_commune", 0, NULL },
	{ "home_rooms", 0, NULL }, { "home_surface", 0, NULL },
	{ "home_financing", 0, NULL }, { "home_rent", 0, NULL },
	{ "home_charges", 0, NULL }, { "occupancy", 1, NULL },
	{ "priority_reasons", 1, NULL }, { "blocked", 1, NULL }
};

#define HCOL(i) (hh_cols[i].name)

static const char *const occ_words[] = { "normal", "over", "under", NULL };

/* The priority reasons of a §3.2 list ("handicap|ageing"). */
static int
reasons_cell(const char *s, size_t n, unsigned *bits, struct troc_fault *f)
{
	enum troc_reason why;
	char b[64];
	size_t i = 0, j;

	*bits = 0;
	while (i < n) {
		for (j = i; j < n && s[j] != '|'; j++)
			;
		if (troc_reason_parse(s + i, j - i, &why) < 0 ||
		    why >= TROC_NPRIORITY)
			return troc_fault_set(f, HCOL(H_REASONS), TROC_LIST,
			    "unknown reason %s", troc_field_show(s + i, j - i,
			    b));
		*bits |= 1u << why;
		i = j + 1;
	}
	return 0;
}

static int
opt_int(const char *col, const char *s, size_t n, long long hi, int *v,
    struct troc_fault *f)
{
	long long x;
	int k = troc_field_int(col, s, n, 0, 0, hi, &x, f);

	*v = k > 0 ? (int)x : TROC_NA;
	return k < 0 ? -1 : 0;
}

static int
opt_dec(const char *col, const char *s, size_t n, double hi, double *v,
    struct troc_fault *f)
{
	*v = NAN;
	return troc_field_dec(col, s, n, 0, 0, 0, hi, v, f) < 0 ? -1 : 0;
}

/* The cells of a validated household into x and its home into h. */
static int
hh_fields(struct troc_rep_hh *x, struct troc_rep_home *h,
    const char *const *s, const size_t *n, struct troc_fault *f)
{
	int w, fin = -1;

	if (text_cell(HCOL(H_ID), n[H_ID], f) < 0 ||
	    troc_field_id(HCOL(H_UNIT), s[H_UNIT], n[H_UNIT], f) < 0 ||
	    opt_int(HCOL(H_DEPENDANTS), s[H_DEPENDANTS], n[H_DEPENDANTS], 15,
	    &x->dependants, f) < 0 ||
	    opt_int(HCOL(H_PERSONS), s[H_PERSONS], n[H_PERSONS], 100,
	    &x->persons, f) < 0)
		return -1;
	h->commune = -1;
	if (n[H_COMMUNE] && (h->commune = troc_commune_key(s[H_COMMUNE],
	    n[H_COMMUNE])) < 0)
		return troc_fault_set(f, HCOL(H_COMMUNE), TROC_CODE,
		    "not a commune code");
	if (opt_int(HCOL(H_ROOMS), s[H_ROOMS], n[H_ROOMS], 20, &h->rooms,
	    f) < 0 ||
	    opt_dec(HCOL(H_SURFACE), s[H_SURFACE], n[H_SURFACE], 1000,
	    &h->surface, f) < 0 ||
	    troc_field_word(HCOL(H_FINANCING), s[H_FINANCING], n[H_FINANCING],
	    0, troc_fin_words, &fin, f) < 0 ||
	    opt_dec(HCOL(H_RENT), s[H_RENT], n[H_RENT], 1e6, &h->rent, f) < 0 ||
	    opt_dec(HCOL(H_CHARGES), s[H_CHARGES], n[H_CHARGES], 1e6,
	    &h->charges, f) < 0)
		return -1;
	h->financing = (signed char)fin;
	w = -1;
	if (troc_field_word(HCOL(H_OCCUPANCY), s[H_OCCUPANCY],
	    n[H_OCCUPANCY], 0, occ_words, &w, f) < 0 ||
	    reasons_cell(s[H_REASONS], n[H_REASONS], &x->reasons, f) < 0)
		return -1;
	x->occupancy = (signed char)w;
	x->known = 1;
	return 0;
}

static int
hh_row(struct troc_report *r, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_fault *f)
{
	struct troc_rep_hh x;
	struct troc_rep_home h;
	const char *s[H_NCOLS];
	size_t n[H_NCOLS], i;
	long k, u;
	int ll;

	for (i = 0; i < H_NCOLS; i++)
		s[i] = troc_bind_get(b, rec, i, &n[i]);
	home_unknown(&h);
	if (hh_fields(&x, &h, s, n, f) < 0)
		return 0;
	if ((ll = landlord_index(r, s[H_LANDLORD], n[H_LANDLORD])) < -1)
		return -1;
	h.landlord = x.landlord = ll;
	h.known = 1;
	if (n[H_BLOCKED] == 0 && (r->only == NULL ||
	    (n[H_LANDLORD] == strlen(r->only) &&
	    memcmp(s[H_LANDLORD], r->only, n[H_LANDLORD]) == 0))) {
		r->waiting++;
		for (i = 0; i < TROC_NPRIORITY; i++)
			r->waiting_reason[i] += x.reasons >> i & 1;
	}
	if ((k = troc_idset_find(r->hids, s[H_ID], n[H_ID])) >= 0 &&
	    !r->hh[k].known)
		r->hh[k] = x;
	if ((u = troc_idset_find(r->uids, s[H_UNIT], n[H_UNIT])) >= 0 &&
	    r->home[u].known == 0)
		r->home[u] = h;
	return 1;
}

int
troc_report_read_households(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e)
{
	r->have_h = 1;
	return read_all(r, in, hh_cols, H_NCOLS, hh_row, rj, nin, nok, e);
}
