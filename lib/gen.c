/* gen.c: troc-gen's entry points: load the tables, draw the homes and
 * the households, hand them out; free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_impl.h"
#include "troc/ceilings.h"

static const char *const region_words[] = { "paris", "idf", "france" };

const char *
troc_gen_region_name(enum troc_gen_region r)
{
	return (unsigned)r < 3 ? region_words[r] : "";
}

int
troc_gen_region_parse(const char *s, enum troc_gen_region *r)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, region_words[i]) == 0) {
			*r = (enum troc_gen_region)i;
			return 0;
		}
	return -1;
}

static int
load_ceilings(struct troc_gen *g, struct troc_err *e)
{
	static char path[PATH_MAX];	/* outlives us, for e->file */

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", g->dir,
	    TROC_CEILINGS_FILE) >= sizeof(path)) {
		troc_err_set(e, g->dir, 0, "path too long");
		return -1;
	}
	if ((g->ceil = troc_ceilings_load(path, e)) == NULL)
		return -1;
	g->year = g->o.year ? g->o.year : troc_ceilings_latest(g->ceil);
	if (!troc_ceilings_has_year(g->ceil, g->year)) {
		troc_err_set(e, path, 0, "no ceilings for year %d", g->year);
		return -1;
	}
	return 0;
}

struct troc_gen *
troc_gen_new(const char *dir, const struct troc_gen_opts *o,
    struct troc_err *e)
{
	struct troc_gen *g;

	if ((g = calloc(1, sizeof(*g))) == NULL) {
		troc_err_set(e, NULL, 0, "out of memory");
		return NULL;
	}
	g->o = *o;
	g->paris = troc_commune_key("75056", 5);
	g->arr0 = troc_commune_key("75100", 5);	/* + 1..20: 751xx */
	snprintf(g->dir, sizeof(g->dir), "%s", dir);
	if ((g->geo = troc_geo_load(dir, e)) == NULL ||
	    (o->households > 0 && load_ceilings(g, e) < 0) ||
	    gen_load(g, e) < 0 || gen_units(g, e) < 0 ||
	    (o->households > 0 && gen_households(g, e) < 0)) {
		troc_gen_free(g);
		return NULL;
	}
	return g;
}

void
troc_gen_free(struct troc_gen *g)
{
	int k;

	if (g == NULL)
		return;
	troc_geo_free(g->geo);
	troc_ceilings_free(g->ceil);
	free(g->cells);
	free(g->progs);
	free(g->progw);
	free(g->landlords);
	free(g->esh);
	free(g->eshw);
	free(g->placek);
	free(g->placew);
	free(g->idfk);
	free(g->idfw);
	free(g->nboff);
	free(g->nbk);
	free(g->nbd);
	for (k = 0; g->names && k < TROC_NCOMMUNE; k++)
		free(g->names[k]);
	free(g->names);
	free(g->reg);
	free(g->units);
	free(g->hh);
	free(g);
}

const struct troc_gen_unit *
troc_gen_units(const struct troc_gen *g, size_t *n)
{
	*n = g->nunits;
	return g->units;
}

const struct troc_gen_household *
troc_gen_households(const struct troc_gen *g, size_t *n)
{
	*n = g->nhh;
	return g->hh;
}

const char *
troc_gen_landlord(const struct troc_gen *g, int i)
{
	return i >= 0 && i < g->nlandlords ? g->landlords[i] : "";
}

char *
troc_gen_unit_id(const struct troc_gen *g, const struct troc_gen_unit *u,
    char *buf)
{
	snprintf(buf, 80, "%s:%07d", g->landlords[u->landlord], u->seq);
	return buf;
}
