/* units.c: reading, checking and writing canonical units (SPEC.md §3.1). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "troc/field.h"
#include "troc/num.h"
#include "troc/units.h"

const struct troc_col troc_unit_cols[TROC_U_NCOLS] = {
	{ "unit_id", 1, NULL }, { "landlord", 1, NULL },
	{ "commune", 1, NULL }, { "rooms", 1, NULL },
	{ "surface", 1, NULL }, { "floor", 0, NULL },
	{ "elevator", 0, NULL }, { "accessible", 0, NULL },
	{ "financing", 1, NULL }, { "rent", 0, NULL },
	{ "charges", 0, NULL }, { "status", 0, NULL },
	{ "reservataire", 0, NULL }, { "qpv", 0, NULL },
	{ "dpe", 0, NULL }, { "built", 0, NULL }
};

const char *const troc_fin_words[] = { "PLAI", "PLUS", "PLS", "PLI", NULL };
const char *const troc_status_words[] = { "occupied", "vacant",
    "unavailable", NULL };
const char *const troc_resa_words[] = { "state", "state-civil",
    "action-logement", "local", "other", "none", NULL };
static const char *const dpe_words[] = { "A", "B", "C", "D", "E", "F", "G",
    NULL };

#define COL(i) (troc_unit_cols[i].name)

void
troc_unit_clear(struct troc_unit *u)
{
	memset(u, 0, sizeof(*u));
	u->id = u->landlord = "";
	u->commune = -1;
	u->surface = u->rent = u->charges = NAN;
	u->floor = TROC_NOFLOOR;
	u->elevator = u->accessible = u->qpv = -1;
	u->financing = u->status = u->reservataire = -1;
}

static int
commune(int *k, const char *s, size_t n, const struct troc_geo *g,
    struct troc_fault *f)
{
	char b[64];

	if (troc_blank(s, n))
		return troc_fault_set(f, COL(TROC_U_COMMUNE), TROC_MISSING,
		    "empty, a value is required");
	*k = troc_commune_key(s, n);
	if (*k < 0 || (g && !troc_geo_commune_known(g, *k)))
		return troc_fault_set(f, COL(TROC_U_COMMUNE), TROC_CODE,
		    "not an INSEE commune code: %s", troc_field_show(s, n, b));
	return 0;
}

static int
flag(signed char *v, int col, const char *s, size_t n, struct troc_fault *f)
{
	long long x;
	int r = troc_field_int(COL(col), s, n, 0, 0, 1, &x, f);

	if (r > 0)
		*v = (signed char)x;
	return r < 0 ? -1 : 0;
}

static int
word(signed char *v, int col, const char *s, size_t n, int required,
    const char *const *words, struct troc_fault *f)
{
	int x, r = troc_field_word(COL(col), s, n, required, words, &x, f);

	if (r > 0)
		*v = (signed char)x;
	return r < 0 ? -1 : 0;
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static int
text(const char **p, size_t *plen, int col, const char *s, size_t n,
    struct troc_fault *f)
{
	char b[64];

	if (troc_blank(s, n))
		return troc_fault_set(f, COL(col), TROC_MISSING,
		    "empty, a value is required");
	if (utf8_chars(s, n) > 64)
		return troc_fault_set(f, COL(col), TROC_RANGE,
		    "longer than 64 characters: %s", troc_field_show(s, n, b));
	*p = s;
	*plen = n;
	return 0;
}

/* Columns rooms to floor. */
static int
measures(struct troc_unit *u, const char *const *v, const size_t *l,
    struct troc_fault *f)
{
	long long x;
	int r;

	if (troc_field_int(COL(TROC_U_ROOMS), v[TROC_U_ROOMS], l[TROC_U_ROOMS],
	    1, 1, 20, &x, f) < 0)
		return -1;
	u->rooms = (int)x;
	if (troc_field_dec(COL(TROC_U_SURFACE), v[TROC_U_SURFACE],
	    l[TROC_U_SURFACE], 1, 0, 1, 1000, &u->surface, f) < 0)
		return -1;
	r = troc_field_int(COL(TROC_U_FLOOR), v[TROC_U_FLOOR], l[TROC_U_FLOOR],
	    0, -3, 100, &x, f);
	if (r < 0)
		return -1;
	if (r > 0)
		u->floor = (int)x;
	return 0;
}

/* Columns rent to built. */
static int
money_and_more(struct troc_unit *u, const char *const *v, const size_t *l,
    struct troc_fault *f)
{
	long long x;
	int r;

	if (troc_field_dec(COL(TROC_U_RENT), v[TROC_U_RENT], l[TROC_U_RENT], 0,
	    0, 0, 1e6, &u->rent, f) < 0 ||
	    troc_field_dec(COL(TROC_U_CHARGES), v[TROC_U_CHARGES],
	    l[TROC_U_CHARGES], 0, 0, 0, 1e6, &u->charges, f) < 0 ||
	    word(&u->status, TROC_U_STATUS, v[TROC_U_STATUS],
	    l[TROC_U_STATUS], 0, troc_status_words, f) < 0 ||
	    word(&u->reservataire, TROC_U_RESERVATAIRE, v[TROC_U_RESERVATAIRE],
	    l[TROC_U_RESERVATAIRE], 0, troc_resa_words, f) < 0 ||
	    flag(&u->qpv, TROC_U_QPV, v[TROC_U_QPV], l[TROC_U_QPV], f) < 0)
		return -1;
	signed char d = -1;
	if (word(&d, TROC_U_DPE, v[TROC_U_DPE], l[TROC_U_DPE], 0, dpe_words,
	    f) < 0)
		return -1;
	u->dpe = d >= 0 ? (char)('A' + d) : 0;
	r = troc_field_int(COL(TROC_U_BUILT), v[TROC_U_BUILT], l[TROC_U_BUILT],
	    0, 1500, 2100, &x, f);
	if (r < 0)
		return -1;
	u->built = r > 0 ? (int)x : 0;
	return 0;
}

int
troc_unit_parse(struct troc_unit *u, const struct troc_bind *b,
    const struct troc_rec *rec, const struct troc_geo *g,
    struct troc_fault *f)
{
	const char *v[TROC_U_NCOLS];
	size_t l[TROC_U_NCOLS], i;

	troc_unit_clear(u);
	for (i = 0; i < TROC_U_NCOLS; i++)
		v[i] = troc_bind_get(b, rec, i, &l[i]);
	if (troc_field_id(COL(TROC_U_ID), v[TROC_U_ID], l[TROC_U_ID], f) < 0)
		return -1;
	u->id = v[TROC_U_ID];
	u->idlen = l[TROC_U_ID];
	if (text(&u->landlord, &u->landlordlen, TROC_U_LANDLORD,
	    v[TROC_U_LANDLORD], l[TROC_U_LANDLORD], f) < 0 ||
	    commune(&u->commune, v[TROC_U_COMMUNE], l[TROC_U_COMMUNE], g,
	    f) < 0 ||
	    measures(u, v, l, f) < 0 ||
	    flag(&u->elevator, TROC_U_ELEVATOR, v[TROC_U_ELEVATOR],
	    l[TROC_U_ELEVATOR], f) < 0 ||
	    flag(&u->accessible, TROC_U_ACCESSIBLE, v[TROC_U_ACCESSIBLE],
	    l[TROC_U_ACCESSIBLE], f) < 0 ||
	    word(&u->financing, TROC_U_FINANCING, v[TROC_U_FINANCING],
	    l[TROC_U_FINANCING], 1, troc_fin_words, f) < 0 ||
	    money_and_more(u, v, l, f) < 0)
		return -1;
	return 0;
}

int
troc_unit_check(const struct troc_unit *u, const struct troc_geo *g,
    struct troc_fault *f)
{
	char b[64];

	if (troc_field_id(COL(TROC_U_ID), u->id, u->idlen, f) < 0)
		return -1;
	if (u->landlordlen == 0 ||
	    utf8_chars(u->landlord, u->landlordlen) > 64)
		return troc_fault_set(f, COL(TROC_U_LANDLORD),
		    u->landlordlen ? TROC_RANGE : TROC_MISSING,
		    "%s", u->landlordlen ? "longer than 64 characters" :
		    "empty, a value is required");
	if (u->commune < 0 || (g && !troc_geo_commune_known(g, u->commune)))
		return troc_fault_set(f, COL(TROC_U_COMMUNE), TROC_CODE,
		    "not an INSEE commune code: %s",
		    troc_commune_code(u->commune, b));
	if (u->rooms < 1 || u->rooms > 20)
		return troc_fault_set(f, COL(TROC_U_ROOMS), TROC_RANGE,
		    "%d out of range 1 to 20", u->rooms);
	if (!(u->surface > 0 && u->surface <= 1000))
		return troc_fault_set(f, COL(TROC_U_SURFACE), TROC_RANGE,
		    "%g out of range above 0 to 1000", u->surface);
	if (u->floor != TROC_NOFLOOR && (u->floor < -3 || u->floor > 100))
		return troc_fault_set(f, COL(TROC_U_FLOOR), TROC_RANGE,
		    "%d out of range -3 to 100", u->floor);
	if (u->financing < 0)
		return troc_fault_set(f, COL(TROC_U_FINANCING), TROC_MISSING,
		    "empty, a value is required");
	if (u->rent < 0 || u->charges < 0)
		return troc_fault_set(f, COL(u->rent < 0 ? TROC_U_RENT :
		    TROC_U_CHARGES), TROC_RANGE, "negative");
	return 0;
}

int
troc_unit_write_header(struct troc_out *w, const struct troc_bind *b,
    const struct troc_rec *hdr)
{
	size_t i;

	for (i = 0; i < TROC_U_NCOLS; i++)
		troc_out_str(w, troc_unit_cols[i].name);
	for (i = 0; b && i < b->nextra; i++)
		troc_out_field(w, hdr->f[b->extra[i]], hdr->len[b->extra[i]]);
	return troc_out_eor(w);
}

static void
opt_word(struct troc_out *w, int v, const char *const *words)
{
	troc_out_str(w, v >= 0 ? words[v] : "");
}

int
troc_unit_write(struct troc_out *w, const struct troc_unit *u,
    const struct troc_bind *b, const struct troc_rec *rec)
{
	size_t i;

	troc_unit_write_fields(w, u);
	for (i = 0; b && i < b->nextra; i++) {
		size_t k = b->extra[i];

		if (k < rec->n)
			troc_out_field(w, rec->f[k], rec->len[k]);
		else
			troc_out_field(w, "", 0);
	}
	return troc_out_eor(w);
}

int
troc_unit_write_fields(struct troc_out *w, const struct troc_unit *u)
{
	char code[8];

	troc_out_field(w, u->id, u->idlen);
	troc_out_field(w, u->landlord, u->landlordlen);
	troc_out_str(w, troc_commune_code(u->commune, code));
	troc_out_int(w, u->rooms);
	troc_out_num(w, u->surface);
	troc_out_opt_int(w, u->floor, TROC_NOFLOOR);
	troc_out_opt_int(w, u->elevator, -1);
	troc_out_opt_int(w, u->accessible, -1);
	opt_word(w, u->financing, troc_fin_words);
	troc_out_opt_num(w, u->rent);
	troc_out_opt_num(w, u->charges);
	opt_word(w, u->status, troc_status_words);
	opt_word(w, u->reservataire, troc_resa_words);
	troc_out_opt_int(w, u->qpv, -1);
	code[0] = u->dpe;
	code[1] = '\0';
	troc_out_str(w, code);
	return troc_out_opt_int(w, u->built, 0);
}
