/* ceilings.h: the income ceilings (plafonds de ressources) by year,
 * financing, zone and household category, from data/ceilings.csv. */
#ifndef TROC_CEILINGS_H
#define TROC_CEILINGS_H

#include <stddef.h>

#include "troc/err.h"
#include "troc/geo.h"

/* The financing of a home, which sets the ceiling that applies. */
enum troc_fin {
	TROC_FIN_UNKNOWN = -1,
	TROC_FIN_PLAI = 0,
	TROC_FIN_PLUS,
	TROC_FIN_PLS,
	TROC_FIN_PLI,
	TROC_NFIN
};

/* The financing's word ("PLAI"...), "" for an unknown one. */
const char *troc_fin_name(enum troc_fin f);

/* Parse "PLAI", "PLUS", "PLS" or "PLI" (any case); 0 and *f set, or -1. */
int troc_fin_parse(const char *s, size_t n, enum troc_fin *f);

#define TROC_CEILINGS_FILE "ceilings.csv"

/* The table: years, each with up to 7 values (categories 1–6 and the
 * per-person increment beyond 6) per financing and zone. */
struct troc_ceilings;

/* Load a ceilings table (columns year, financing, zone, category 1–6 or
 * "extra", ceiling in whole euros; others ignored). A cell given twice is
 * an error. Where a year has a PLUS value but no PLS one, PLS is derived
 * as PLUS × 1.3 rounded half up. Returns the table, or NULL with e
 * naming the file and line. Free with troc_ceilings_free. */
struct troc_ceilings *troc_ceilings_load(const char *path,
    struct troc_err *e);

/* The same from len bytes at buf (for fuzzing); name is for messages. */
struct troc_ceilings *troc_ceilings_load_mem(const void *buf, size_t len,
    const char *name, struct troc_err *e);

/* Free; NULL is allowed. */
void troc_ceilings_free(struct troc_ceilings *c);

/* The latest year with any row (the default of -y), or -1 when empty. */
int troc_ceilings_latest(const struct troc_ceilings *c);

/* 1 when the table has rows for year. */
int troc_ceilings_has_year(const struct troc_ceilings *c, int year);

/* The yearly income ceiling in euros for a household of category cat
 * (1, 2...; above 6: the category-6 value + (cat − 6) × the increment)
 * in a home of financing f in zone z, or -1 when there is no check: PLI
 * or any cell the table lacks, an unknown financing, a year not in the
 * table, cat < 1. */
long troc_ceiling(const struct troc_ceilings *c, enum troc_fin f,
    enum troc_zone z, int cat, int year);

#endif
