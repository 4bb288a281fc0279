/* rpls.c: the RPLS layouts (open data 2016-2019, newer open data with
 * _CODE and _LIBELLE pairs, a landlord's filing) read as canonical cells,
 * with the codes of the arrêté du 5 janvier 2010 and SPEC.md §5. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "troc/field.h"
#include "troc/num.h"
#include "troc/rpls.h"

/* The RPLS columns read; any other column is carried through. */
enum src {
	S_IDENT_INT, S_IDENT_REP, S_DEPCOM, S_DEPCOM_ARM, S_NBPIECE,
	S_SURFHAB, S_ETAGE, S_ASCENSEUR, S_PMR_LIB, S_PMR_CODE, S_PMR,
	S_CUS, S_FINAN_LIB, S_FINAN, S_FINAN_CODE, S_LOYERPRINC, S_MODE,
	S_CONTRESLOG, S_QPV_LIB, S_QPV_CODE, S_QPV, S_DPE, S_CONSTRUCT,
	NSRC
};

static const struct troc_col src_cols[NSRC] = {
	{ "IDENT_INT", 0, NULL }, { "IDENT_REP", 0, NULL },
	{ "DEPCOM", 0, NULL }, { "DEPCOM_ARM", 0, NULL },
	{ "NBPIECE", 0, NULL }, { "SURFHAB", 0, NULL },
	{ "ETAGE", 0, NULL }, { "ASCENSEUR", 0, NULL },
	{ "PMR_LIBELLE", 0, NULL }, { "PMR_CODE", 0, NULL },
	{ "PMR", 0, NULL }, { "CUS", 0, NULL },
	{ "FINAN_LIBELLE", 0, NULL }, { "FINAN", 0, NULL },
	{ "FINAN_CODE", 0, NULL }, { "LOYERPRINC", 0, NULL },
	{ "MODE", 0, NULL }, { "CONTRESLOG", 0, NULL },
	{ "QPV_LIBELLE", 0, NULL }, { "QPV_CODE", 0, NULL },
	{ "QPV", 0, NULL }, { "DPEENERGIE", 0, NULL },
	{ "CONSTRUCT", 0, NULL }
};

struct troc_rpls {
	struct troc_bind b;
	enum troc_rpls_layout layout;
	const struct troc_rec *hdr;
	const char *landlord;
	size_t llen;
	char id[160];
	char floor[16];
};

static int
has(const struct troc_rpls *r, enum src s)
{
	return r->b.idx[s] >= 0;
}

/* The column's name as the file writes it. */
static const char *
name(const struct troc_rpls *r, enum src s)
{
	return has(r, s) ? r->hdr->f[r->b.idx[s]] : src_cols[s].name;
}

/* The cell of column s with blanks around it dropped ("" if absent). */
static const char *
get(const struct troc_rpls *r, const struct troc_rec *rec, enum src s,
    size_t *n)
{
	return troc_trim(troc_bind_get(&r->b, rec, s, n), n);
}

static void
set(struct troc_cells *c, int col, const char *v, size_t n, const char *src)
{
	c->v[col] = v;
	c->len[col] = n;
	c->src[col] = src;
}

static void
set_word(struct troc_cells *c, int col, const char *w, const char *src)
{
	set(c, col, w, strlen(w), src);
}

/* The cell of column s, as it is, into canonical column col. */
static void
plain(const struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c, int col, enum src s)
{
	size_t n;
	const char *v = troc_bind_get(&r->b, rec, s, &n);

	set(c, col, v, n, name(r, s));
}

static int
is_word(const char *s, size_t n, const char *w)
{
	if (n == 0)
		return w[0] == '\0';
	if ((w[0] | 0x20) != (s[0] | 0x20))	/* most words end here */
		return 0;
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int
word_index(const char *s, size_t n, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (is_word(s, n, words[i]))
			return i;
	return -1;
}

/* The columns every layout needs that hdr lacks, into miss (64 bytes),
 * ", "-separated; NULL when none is missing. */
static const char *
layout_check(const struct troc_rpls *r, char *miss)
{
	miss[0] = '\0';
	if (!has(r, S_DEPCOM) && !has(r, S_DEPCOM_ARM))
		strcat(miss, ", DEPCOM");
	if (!has(r, S_NBPIECE))
		strcat(miss, ", NBPIECE");
	if (!has(r, S_SURFHAB))
		strcat(miss, ", SURFHAB");
	if (!has(r, S_FINAN) && !has(r, S_FINAN_CODE) &&
	    !has(r, S_FINAN_LIB) && !has(r, S_CUS))
		strcat(miss, ", FINAN");
	return miss[0] ? miss + 2 : NULL;
}

struct troc_rpls *
troc_rpls_new(const struct troc_rec *hdr, const char *file,
    const char *landlord, struct troc_err *e)
{
	struct troc_rpls *r = calloc(1, sizeof(*r));
	const char *miss;
	char buf[64];

	if (r == NULL) {
		troc_err_set(e, file, hdr->line, "out of memory");
		return NULL;
	}
	r->hdr = hdr;
	r->landlord = landlord;
	r->llen = strlen(landlord);
	if (troc_bind_header(&r->b, hdr, src_cols, NSRC, file, e) < 0) {
		troc_rpls_free(r);
		return NULL;
	}
	if ((miss = layout_check(r, buf)) != NULL) {
		troc_err_set(e, file, hdr->line, "not an RPLS layout: no %s "
		    "column (expected DEPCOM, NBPIECE, SURFHAB and FINAN, or "
		    "FINAN_CODE, FINAN_LIBELLE or CUS; a landlord's filing "
		    "adds IDENT_INT or IDENT_REP)", miss);
		troc_rpls_free(r);
		return NULL;
	}
	if (has(r, S_IDENT_INT) || has(r, S_IDENT_REP))
		r->layout = TROC_RPLS_FILING;
	else if (has(r, S_FINAN_CODE) || has(r, S_FINAN_LIB) ||
	    has(r, S_QPV_CODE) || has(r, S_QPV_LIB) || has(r, S_PMR_CODE) ||
	    has(r, S_PMR_LIB))
		r->layout = TROC_RPLS_OPEN_CODES;
	else
		r->layout = TROC_RPLS_OPEN;
	troc_extras_drop_canonical(&r->b, hdr);
	return r;
}

enum troc_rpls_layout
troc_rpls_layout(const struct troc_rpls *r)
{
	return r->layout;
}

const struct troc_bind *
troc_rpls_bind(const struct troc_rpls *r)
{
	return &r->b;
}

void
troc_rpls_free(struct troc_rpls *r)
{
	if (r == NULL)
		return;
	troc_bind_release(&r->b);
	free(r);
}

enum troc_fin
troc_rpls_finan_label(const char *s, size_t n)
{
	/* The words of SPEC.md §5, as troc_colkey writes them. */
	static const char *const plai[] = { "plai", "plad'integration",
	    "llts", "tressocial", "plats", "insertion", NULL };
	static const char *const pls[] = { "pls", "ppls", "pcls", "cff",
	    NULL };
	char tmp[256], key[256];
	size_t i, o = 0;
	int k;

	for (i = 0; i < n && o + 1 < sizeof(tmp); i++) {
		if (i + 2 < n && memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			tmp[o++] = '\'';
			i += 2;
		} else {
			tmp[o++] = s[i];
		}
	}
	troc_colkey(tmp, o, key, sizeof(key));
	for (k = 0; plai[k]; k++)
		if (strstr(key, plai[k]))
			return TROC_FIN_PLAI;
	for (k = 0; pls[k]; k++)
		if (strstr(key, pls[k]))
			return TROC_FIN_PLS;
	return strstr(key, "pli") ? TROC_FIN_PLI : TROC_FIN_PLUS;
}

int
troc_rpls_finan_code(long long c)
{
	if (c == 10 || c == 11)
		return TROC_FIN_PLAI;
	if (c == 14 || c == 55)
		return TROC_FIN_PLS;
	if (c == 16)
		return TROC_FIN_PLI;
	if (c == 12 || c == 13 || c == 15 || c == 17 || c == 49 ||
	    (c >= 50 && c <= 54) || c == 99)
		return TROC_FIN_PLUS;
	return -1;
}

const char *
troc_rpls_floor(const char *s, size_t n, char *buf, size_t *len)
{
	static const char *const ground[] = { "rdc", "rc", "rez",
	    "rezdechaussee", NULL };
	static const char *const ordinal[] = { "er", "ere", "e", "eme", NULL };
	char k[32];
	size_t d = 0;
	int i;

	s = troc_trim(s, &n);
	*len = n;
	if (n == 0 || n > 24 || (s[0] >= '0' && s[0] <= '9' &&
	    s[n - 1] >= '0' && s[n - 1] <= '9'))
		return s;	/* "03", or not a floor at all: as it is */
	troc_colkey(s, n, k, sizeof(k));
	for (i = 0; ground[i]; i++)
		if (strcmp(k, ground[i]) == 0) {
			*len = 1;
			return strcpy(buf, "0");
		}
	while (k[d] >= '0' && k[d] <= '9')
		d++;
	for (i = 0; d > 0 && d <= 3 && ordinal[i]; i++)
		if (strcmp(k + d, ordinal[i]) == 0) {
			memcpy(buf, k, d);
			buf[d] = '\0';
			*len = d;
			return buf;
		}
	return s;
}

/* Readings of a yes/no cell besides 1 and 0. */
enum { NO_READING = -1, SAYS_UNKNOWN = -2 };

/* Labels that say the value is not known. */
static int
says_unknown(const char *s, size_t n)
{
	static const char *const unknown[] = { "nonrenseigne", "nr",
	    "inconnu", "sansobjet", "nc", NULL };
	char k[64];
	int i;

	troc_colkey(s, n, k, sizeof(k));
	for (i = 0; unknown[i]; i++)
		if (strcmp(k, unknown[i]) == 0)
			return 1;
	return 0;
}

/* A yes/no cell: 1, 0, SAYS_UNKNOWN or NO_READING. RPLS writes 1 for yes
 * and 2 for no. */
static int
flag_of(const char *s, size_t n)
{
	static const char *const yes[] = { "1", "o", "oui", "y", "yes",
	    "vrai", "true", NULL };
	static const char *const no[] = { "0", "2", "n", "non", "no", "faux",
	    "false", NULL };

	if (word_index(s, n, yes) >= 0)
		return 1;
	if (word_index(s, n, no) >= 0)
		return 0;
	return says_unknown(s, n) ? SAYS_UNKNOWN : NO_READING;
}

/* In a QPV: the codes 1 (in) and 2 (out), or a label ("Hors QPV", "En
 * QPV", "Quartier prioritaire", "Oui", "Non"). */
static int
qpv_of(const char *s, size_t n)
{
	char k[64];
	int named;

	if (is_word(s, n, "1") || is_word(s, n, "2"))
		return s[0] == '1';
	if (says_unknown(s, n))
		return SAYS_UNKNOWN;
	troc_colkey(s, n, k, sizeof(k));
	named = strstr(k, "qpv") || strstr(k, "prioritaire");
	if (strcmp(k, "non") == 0 || strncmp(k, "hors", 4) == 0 ||
	    (named && (strncmp(k, "non", 3) == 0 || strncmp(k, "pas", 3) == 0)))
		return 0;
	return strcmp(k, "oui") == 0 || named ? 1 : NO_READING;
}

/*
 * A yes/no value that a layout may give as a label, a code or a plain
 * column (first to last in srcs, labels first): the first cell that
 * reads wins. When none does, a cell that says "unknown" leaves it
 * empty; else a cell that does not read is a fault.
 */
static void
yes_no(const struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c, int col, const enum src *srcs, size_t nsrc,
    int (*read)(const char *, size_t))
{
	const char *v, *bad = NULL;
	size_t i, n, badn = 0;
	int x, unknown = 0;
	char b[64];

	for (i = 0; i < nsrc; i++) {
		v = get(r, rec, srcs[i], &n);
		if (n == 0)
			continue;
		if ((x = read(v, n)) >= 0) {
			set_word(c, col, x ? "1" : "0", name(r, srcs[i]));
			return;
		}
		unknown |= x == SAYS_UNKNOWN;
		if (bad == NULL) {
			bad = v;
			badn = n;
			c->src[col] = name(r, srcs[i]);
		}
	}
	if (bad && !unknown)
		troc_cells_fault(c, col, c->src[col], TROC_CODE,
		    "unknown value %s", troc_field_show(bad, badn, b));
}

/* A FINAN cell: a code when it is a number, else a label. */
static void
finan_cell(const struct troc_rpls *r, struct troc_cells *c, enum src s,
    const char *v, size_t n)
{
	long long code;
	int fin;
	char b[64];

	if (troc_num_int(v, n, &code) != TROC_NUM_OK) {
		fin = (int)troc_rpls_finan_label(v, n);
	} else if ((fin = troc_rpls_finan_code(code)) < 0) {
		troc_cells_fault(c, TROC_U_FINANCING, name(r, s), TROC_CODE,
		    "no financing for code %s", troc_field_show(v, n, b));
		return;
	}
	set_word(c, TROC_U_FINANCING, troc_fin_words[fin], name(r, s));
}

/* CUS when it names a ceiling; else the FINAN label; else the code. */
static void
financing(const struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c)
{
	static const enum src finan[] = { S_FINAN_LIB, S_FINAN, S_FINAN_CODE };
	const char *v, *cus;
	size_t i, n, cusn;
	int x;
	char b[64];

	cus = get(r, rec, S_CUS, &cusn);
	if ((x = word_index(cus, cusn, troc_fin_words)) >= 0) {
		set_word(c, TROC_U_FINANCING, troc_fin_words[x],
		    name(r, S_CUS));
		return;
	}
	for (i = 0; i < sizeof(finan) / sizeof(finan[0]); i++) {
		v = get(r, rec, finan[i], &n);
		if (n > 0) {
			finan_cell(r, c, finan[i], v, n);
			return;
		}
	}
	for (i = 0; i < sizeof(finan) / sizeof(finan[0]) &&
	    !has(r, finan[i]); i++)
		;
	c->src[TROC_U_FINANCING] = name(r, i < 3 ? finan[i] : S_CUS);
	if (cusn > 0)
		troc_cells_fault(c, TROC_U_FINANCING, name(r, S_CUS), TROC_CODE,
		    "unknown value %s, and no FINAN", troc_field_show(cus,
		    cusn, b));
}

/* A code column through a table of canonical words (NULL: no word). */
static void
coded(const struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c, int col, enum src s, const char *const *table,
    size_t ntable)
{
	const char *v = get(r, rec, s, &c->len[col]);
	long long x;
	char b[64];

	c->src[col] = name(r, s);
	if (c->len[col] == 0)
		return;
	if (troc_num_int(v, c->len[col], &x) == TROC_NUM_OK && x >= 0 &&
	    (unsigned long long)x < ntable && table[x]) {
		set_word(c, col, table[x], name(r, s));
		return;
	}
	troc_cells_fault(c, col, name(r, s), TROC_CODE, "unknown code %s",
	    troc_field_show(v, c->len[col], b));
	c->len[col] = 0;
}

static void
status_and_reservataire(const struct troc_rpls *r,
    const struct troc_rec *rec, struct troc_cells *c)
{
	/* arrêté du 5 janvier 2010, fields 40 and 63 */
	const char *const mode[10] = { NULL,
	    troc_status_words[TROC_ST_OCCUPIED],
	    troc_status_words[TROC_ST_VACANT],
	    troc_status_words[TROC_ST_UNAVAILABLE],
	    troc_status_words[TROC_ST_OCCUPIED],
	    troc_status_words[TROC_ST_OCCUPIED], NULL, NULL, NULL,
	    troc_status_words[TROC_ST_UNAVAILABLE] };
	const char *const resa[8] = { NULL,
	    troc_resa_words[TROC_RESV_STATE_CIVIL],
	    troc_resa_words[TROC_RESV_STATE],
	    troc_resa_words[TROC_RESV_ACTION_LOGEMENT],
	    troc_resa_words[TROC_RESV_LOCAL],
	    troc_resa_words[TROC_RESV_STATE_CIVIL],
	    troc_resa_words[TROC_RESV_OTHER],
	    troc_resa_words[TROC_RESV_NONE] };

	if (has(r, S_MODE))
		coded(r, rec, c, TROC_U_STATUS, S_MODE, mode, 10);
	if (has(r, S_CONTRESLOG))
		coded(r, rec, c, TROC_U_RESERVATAIRE, S_CONTRESLOG, resa, 8);
}

/* unit_id of a filing: LANDLORD:IDENT_INT, else LANDLORD:IDENT_REP. */
static void
filing_id(struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c)
{
	enum src s = S_IDENT_INT;
	const char *v = get(r, rec, s, &c->len[TROC_U_ID]);
	size_t n;
	char b[64];

	if (c->len[TROC_U_ID] == 0 && has(r, S_IDENT_REP)) {
		v = get(r, rec, S_IDENT_REP, &c->len[TROC_U_ID]);
		if (c->len[TROC_U_ID] > 0 || !has(r, S_IDENT_INT))
			s = S_IDENT_REP;
	}
	n = c->len[TROC_U_ID];
	c->src[TROC_U_ID] = name(r, s);
	if (n == 0)
		return;
	if (r->llen + 1 + n >= sizeof(r->id)) {
		troc_cells_fault(c, TROC_U_ID, name(r, s), TROC_CODE,
		    "id longer than 64 characters: %s",
		    troc_field_show(v, n, b));
		c->len[TROC_U_ID] = 0;
		return;
	}
	memcpy(r->id, r->landlord, r->llen);
	r->id[r->llen] = ':';
	memcpy(r->id + r->llen + 1, v, n);
	c->v[TROC_U_ID] = r->id;
	c->len[TROC_U_ID] = r->llen + 1 + n;
}

/* Columns unit_id to floor. */
static void
place(struct troc_rpls *r, const struct troc_rec *rec, struct troc_cells *c)
{
	const char *v;
	size_t n;

	if (r->layout == TROC_RPLS_FILING)
		filing_id(r, rec, c);
	else
		c->rowid = 1;
	set(c, TROC_U_LANDLORD, r->landlord, r->llen, NULL);
	v = get(r, rec, S_DEPCOM_ARM, &n);
	if (n > 0)
		plain(r, rec, c, TROC_U_COMMUNE, S_DEPCOM_ARM);
	else
		plain(r, rec, c, TROC_U_COMMUNE,
		    has(r, S_DEPCOM) ? S_DEPCOM : S_DEPCOM_ARM);
	plain(r, rec, c, TROC_U_ROOMS, S_NBPIECE);
	plain(r, rec, c, TROC_U_SURFACE, S_SURFHAB);
	v = troc_bind_get(&r->b, rec, S_ETAGE, &n);
	v = troc_rpls_floor(v, n, r->floor, &n);
	set(c, TROC_U_FLOOR, v, n, name(r, S_ETAGE));
}

void
troc_rpls_cells(struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c)
{
	static const enum src elevator[] = { S_ASCENSEUR };
	static const enum src pmr[] = { S_PMR_LIB, S_PMR_CODE, S_PMR };
	static const enum src qpv[] = { S_QPV_LIB, S_QPV_CODE, S_QPV };
	const char *v;
	size_t n;
	double rent;

	troc_cells_clear(c);
	place(r, rec, c);
	yes_no(r, rec, c, TROC_U_ELEVATOR, elevator, 1, flag_of);
	yes_no(r, rec, c, TROC_U_ACCESSIBLE, pmr, 3, flag_of);
	financing(r, rec, c);
	plain(r, rec, c, TROC_U_RENT, S_LOYERPRINC);
	if (troc_num_decimal(c->v[TROC_U_RENT], c->len[TROC_U_RENT], &rent) ==
	    TROC_NUM_OK && rent == 9999)
		c->len[TROC_U_RENT] = 0;	/* "sans objet" */
	status_and_reservataire(r, rec, c);
	yes_no(r, rec, c, TROC_U_QPV, qpv, 3, qpv_of);
	v = get(r, rec, S_DPE, &n);
	if (n == 1 && ((*v >= 'A' && *v <= 'G') || (*v >= 'a' && *v <= 'g')))
		set(c, TROC_U_DPE, v, n, name(r, S_DPE));
	plain(r, rec, c, TROC_U_BUILT, S_CONSTRUCT);
}
