/* gen_impl.h: what the parts of troc-gen share inside the library: the
 * reference tables as loaded, and the generator's state. */
#ifndef TROC_GEN_IMPL_H
#define TROC_GEN_IMPL_H

#include <limits.h>
#include <stdint.h>

#include "troc/gen.h"
#include "troc/geo.h"
#include "troc/rng.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF	/* the same roundings on every platform */
#endif

/* File names in the data folder. */
#define GEN_STOCK_FILE	"rpls2019-france-stock.csv.gz"
#define GEN_IND_FILE	"rpls2019-indicators.csv.gz"
#define GEN_PROG_FILE	"paris-programmes.csv.gz"
#define GEN_DIST_FILE	"idf-commune-distances-15km.csv.gz"

#define GEN_CODELEN	40		/* landlord codes, NUL included */

/* n homes of the RPLS stock that are alike. */
struct gen_cell {
	int commune;		/* key; 75056 for all of Paris */
	int n;
	short built;		/* 0 when before 1500 (not a plausible year) */
	char dpe;		/* 'A'..'G', 0 unknown */
	char rooms;		/* 1..4; 5 for "5 et plus" */
	char indiv, qpv;
};

/* A Paris programme of family homes (paris-programmes.csv). */
struct gen_prog {
	int commune;		/* arrondissement key */
	int landlord;
	int plai, plus, pls;	/* homes; plus counts PLUS-CD */
};

/* The RPLS 2019 indicators of a département ("Ensemble du parc"). */
struct gen_dep {
	int present;		/* has stock in the region */
	double stock;		/* homes */
	double surface;		/* m², all homes */
	double rent_m2;		/* € a month per m² */
	double vacancy;		/* fraction of homes vacant */
	double rooms[3];	/* homes of 1–2, 3–4, 5+ rooms */
	char name[64];
	int oph;		/* landlord index of its public office */
	double surf_factor;	/* scales the base surfaces to its mean */
};

struct troc_gen {
	struct troc_gen_opts o;
	char dir[PATH_MAX];
	struct troc_geo *geo;
	struct troc_ceilings *ceil;
	int year;
	int paris;			/* the key of 75056 */
	int arr0;			/* the key of "75100": + 1..20 */

	struct gen_cell *cells;
	size_t ncells, capcells;
	uint64_t total;			/* homes in the cells */
	unsigned long skipped;		/* homes of communes not in the COG */

	struct gen_dep dep[TROC_NDEP];
	char regname[100][64];		/* by région code */

	struct gen_prog *progs;
	size_t nprogs, capprogs;
	double *progw;			/* weight of each programme */
	double paris_prog_old;		/* P(programme) for pre-2001 homes */

	char (*landlords)[GEN_CODELEN];
	int nlandlords;
	int *esh;			/* the housing companies (ESH) */
	double *eshw;			/* their cumulative weights */
	int nesh;

	/* Communes of the stock by département (CSR by département key),
	 * with weights by homes cumulative within each département: work
	 * places and wishes outside IDF. */
	int *placek;
	double *placew;
	int placeoff[TROC_NDEP + 1];

	/* Île-de-France communes, cumulative population: work places. */
	int *idfk;
	double *idfw;
	size_t nidf, capidf;

	/* Neighbours within 15 km, CSR by commune key. */
	int *nboff;			/* TROC_NCOMMUNE + 1 */
	int *nbk;
	double *nbd;

	char **names;			/* commune names (-f rpls), by key */
	signed char *reg;		/* région code of each commune key */

	struct troc_gen_unit *units;
	size_t nunits;
	struct troc_gen_household *hh;
	size_t nhh;
};

/* gen_data.c: load every table the options need. 0, or -1 with e. */
int gen_load(struct troc_gen *g, struct troc_err *e);

/* gen_data.c: load the commune names and régions of the COG (for the
 * RPLS layout). 0, or -1 with e. */
int gen_load_names(struct troc_gen *g, struct troc_err *e);

/* gen_units.c: draw g->o.units homes. 0, or -1 with e. */
int gen_units(struct troc_gen *g, struct troc_err *e);

/* gen_households.c: draw g->o.households households. 0, or -1 with e. */
int gen_households(struct troc_gen *g, struct troc_err *e);

/* gen_units.c: mean surface in m² of a home of 1 to 7 rooms before the
 * département's scaling (index 0 unused). */
extern const double gen_base_surface[8];

/* Draw from a piecewise-linear quantile function: p[] increasing from 0
 * to 1 and the values v[] at those points, n points. */
double gen_quantile(struct troc_rng *r, const double *p, const double *v,
    int n);

/* Index of the first of n cumulative weights above x (binary search). */
size_t gen_search(const double *cum, size_t n, double x);

/* An index drawn in proportion to the weights whose n cumulative sums
 * are cum (n >= 1, cum[n - 1] > 0). */
size_t gen_draw(struct troc_rng *r, const double *cum, size_t n);

/* v rounded half away from zero to an integer (no libm, no fenv). */
long gen_round(double v);

#endif
