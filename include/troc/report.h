/* report.h: proposals (SPEC.md §3.6) joined to the households and homes
 * they move, and the figures of a report computed once from them, for
 * troc-report to render as text, tidy CSV, an Excel sheet or HTML. */
#ifndef TROC_REPORT_H
#define TROC_REPORT_H

#include <stddef.h>

#include "troc/csvin.h"
#include "troc/csvout.h"
#include "troc/geo.h"
#include "troc/idset.h"
#include "troc/policy.h"
#include "troc/rejects.h"
#include "troc/table.h"

enum troc_rep_kind { TROC_REP_SWAP, TROC_REP_CYCLE, TROC_REP_CHAIN,
	TROC_REP_NKIND };

/* The words of the kinds ("swap", "cycle", "chain"), NULL-terminated. */
extern const char *const troc_rep_kind_words[];

/* A home as the report knows it: from -u (a unit), else from -H (the
 * home_* columns of the household living there). Unknown: -1 for
 * landlord, commune, financing and réservataire, TROC_NA for rooms, NAN
 * for decimals. */
struct troc_rep_home {
	int landlord;		/* index in the report's landlords */
	int commune;		/* commune key */
	int rooms;
	double surface, rent, charges;
	signed char financing, reservataire;
	signed char known;	/* 0 none, 1 from -H, 2 from -u */
};

/* A household that moves, as -H describes it (known 0: not in -H). */
struct troc_rep_hh {
	int persons, dependants;	/* TROC_NA */
	unsigned reasons;		/* bit (1 << enum troc_reason) */
	signed char occupancy;		/* enum troc_occ, -1 unknown */
	signed char known;
	int landlord;			/* of its home, -1 unknown */
};

/* One row of the proposals. */
struct troc_rep_move {
	unsigned long exchange;
	unsigned char kind;		/* enum troc_rep_kind */
	int length, step;
	size_t hh;			/* index in hids */
	size_t from, to;		/* indexes in uids */
	double weight;
};

/* Names of communes and départements (data/idf-communes.csv). */
struct troc_rep_names;

/* Commune outlines, for the map (data/idf-communes-2018-outlines.csv.gz). */
struct troc_rep_map;

struct troc_report {
	struct troc_idset *hids;	/* households of the proposals */
	struct troc_idset *uids;	/* units they leave and take */
	struct troc_idset *landlords;	/* landlord codes */
	struct troc_rep_move *mv;
	size_t nmv, mvcap;
	struct troc_rep_hh *hh;		/* by hids index */
	struct troc_rep_home *home;	/* by uids index */
	size_t hhcap, homecap;
	int have_h, have_u;		/* -H, -u read */
	/* -H as a whole: households not blocked (of the -l landlord only,
	 * when one is set), and how many of them have each reason */
	unsigned long waiting, waiting_reason[TROC_NPRIORITY];
	const char *only;		/* --landlord, or NULL */
	unsigned char *keep;		/* per move: in the report */
	char **alias;			/* per household: id shown, or NULL */
	struct troc_rep_names *names;
	struct troc_rep_map *map;	/* NULL: no map */
	/* called after each record read (progress), when set */
	void (*tick)(void *arg, struct troc_csv *in, unsigned long records);
	void *tick_arg;
};

/* An empty report; only (may be NULL) selects one landlord. Returns 0,
 * or -1 when out of memory. Release with troc_report_release. */
int troc_report_init(struct troc_report *r, const char *only);
void troc_report_release(struct troc_report *r);

/* Read proposals from in, every row checked: one the report cannot use
 * goes to rj (ragged, a number, an unknown kind, a household twice).
 * *nin, *nok count the records read and kept. Returns 0, or -1 with e
 * filled (malformed CSV, a column missing, rejects unwritable, memory). */
int troc_report_read_proposals(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e);

/* Read canonical units (-u): the homes of the moves are taken from the
 * rows that name them; the other rows are checked for shape only. The
 * same return and counts. */
int troc_report_read_units(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e);

/* Read validated households (-H, SPEC.md §3.3): the households of the
 * moves and their homes, and for every row the waiting counts. The same
 * return and counts. */
int troc_report_read_households(struct troc_report *r, struct troc_csv *in,
    struct troc_rejects *rj, unsigned long *nin, unsigned long *nok,
    struct troc_err *e);

/* Load the commune and département names of path (columns code_insee,
 * nom, code_dep, nom_dep). Returns 0, or -1 with e filled; the report
 * then shows codes alone. */
int troc_report_load_names(struct troc_report *r, const char *path,
    struct troc_err *e);

/* Load the commune outlines of path (columns code, name and rings:
 * "lon lat" points joined by ';', rings by '|'): the page then has a map.
 * Returns 0, or -1 with e filled. */
#define TROC_OUTLINES_FILE "idf-communes-2018-outlines.csv.gz"
int troc_report_load_outlines(struct troc_report *r, const char *path,
    struct troc_err *e);

/* The name of commune key k, or of département key d, or NULL. */
const char *troc_report_commune_name(const struct troc_report *r, int k);
const char *troc_report_dep_name(const struct troc_report *r, int d);

/* Choose the moves of the report (those of the exchanges that involve
 * the landlord r->only, or all) and the household ids shown: every id
 * pseudonymised when all is set, else those of other landlords' homes
 * when a landlord is selected (key of keylen bytes). Returns 0, or -1
 * when out of memory. */
int troc_report_select(struct troc_report *r, int all,
    const unsigned char *key, size_t keylen);

/* The id to show for household i (pseudonymised or not), *n its length. */
const char *troc_report_hh_id(const struct troc_report *r, size_t i,
    size_t *n);

/* Pseudonym of id (n bytes) under key: "h" and the first 16 hex digits
 * of HMAC-SHA-256(key, id), into out (18 bytes). Returns out. */
#define TROC_PSEUDO_SIZE 18
char *troc_pseudonym(const unsigned char *key, size_t keylen,
    const char *id, size_t n, char *out);

/* ---- the figures ---- */

#define TROC_FIG_TEXT 72

/* One figure: table, group, key, value (SPEC: a tidy table row). */
struct troc_fig {
	const char *table;
	char group[TROC_FIG_TEXT];
	char key[TROC_FIG_TEXT];
	double value;
};

struct troc_figs {
	struct troc_fig *v;
	size_t n, cap;
};

/* The tables, in the order they are written. */
extern const char *const troc_fig_tables[];

/* Compute every figure of the selected moves into f (emptied first).
 * Returns 0, or -1 when out of memory. Release with troc_figs_release. */
int troc_report_figures(const struct troc_report *r, struct troc_figs *f);
void troc_figs_release(struct troc_figs *f);

/* The value of table, group, key: 1 and *v set, or 0 when absent. */
int troc_figs_get(const struct troc_figs *f, const char *table,
    const char *group, const char *key, double *v);

/* The figure's value as written everywhere (shortest form, decimal
 * comma when comma is set), into buf of 40 bytes. Returns buf. */
char *troc_fig_format(double v, int comma, char *buf);

/* ---- the renderings ---- */

/* The tidy CSV: table,group,key,value; all tables, or the one named
 * (table may be NULL). Returns 0, or -1 when a write failed. */
int troc_report_csv(struct troc_out *w, const struct troc_figs *f,
    const char *table);

/* The exchanges table: one row per selected move with its households'
 * and homes' details (troc-report(1) lists the columns). */
int troc_report_exchanges(struct troc_out *w, const struct troc_report *r);

/* The terminal summary. */
int troc_report_text(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f);

/* The self-contained HTML page with its SVG charts. */
int troc_report_html(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f);

/* 1 when name is a table troc_report_csv knows ("exchanges" included). */
int troc_report_table_known(const char *name);

#endif
