/* test_rules.c: the household rules of SPEC.md §3.3 and the
 * compatibility of §3.4, each at its boundaries, with the shipped
 * ceilings and communes (data/, or $TROC_DATA). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/ceilings.h"
#include "troc/geo.h"
#include "troc/policy.h"
#include "troc/rules.h"
#include "test.h"

#define NA TROC_NA
#define BIT(r) (1u << (r))

static struct troc_geo *geo;
static struct troc_ceilings *ceil_tab;
static struct troc_policy pol;
static struct troc_ctx ctx;

static int
key(const char *s)
{
	return troc_commune_key(s, strlen(s));
}

static int
dtok(const char *s)
{
	return TROC_DEP_TOKEN + troc_dep_key(s, strlen(s));
}

/* ---- category (arrêté du 29 juillet 1987) ---- */

static void
test_category(void)
{
	/* alone; couple */
	CHECK_INT(troc_category(1, 0, 40, NA, 0), 1);
	CHECK_INT(troc_category(2, 0, 40, 45, 0), 2);
	/* jeune ménage: age sum 55 is one, 56 is not */
	CHECK_INT(troc_category(2, 0, 27, 28, 0), 3);
	CHECK(troc_jeune_menage(2, 0, 27, 28));
	CHECK_INT(troc_category(2, 0, 28, 28, 0), 2);
	CHECK(!troc_jeune_menage(2, 0, 28, 28));
	/* it needs both ages known */
	CHECK_INT(troc_category(2, 0, 20, NA, 0), 2);
	CHECK_INT(troc_category(2, 0, NA, 20, 0), 2);
	CHECK(!troc_jeune_menage(2, 0, 20, NA));
	/* and no dependant (a young couple with a child is 3 anyway) */
	CHECK(!troc_jeune_menage(2, 1, 20, 20));
	CHECK_INT(troc_category(2, 1, 20, 20, 0), 3);
	/* alone with 1 and 2 dependants: + 1 */
	CHECK_INT(troc_category(1, 1, 30, NA, 0), 3);
	CHECK_INT(troc_category(1, 2, 30, NA, 0), 4);
	CHECK_INT(troc_category(1, 4, 30, NA, 0), 6);
	/* handicap: + 1 */
	CHECK_INT(troc_category(1, 0, 30, NA, 1), 2);
	CHECK_INT(troc_category(2, 0, 40, 45, 1), 3);
	CHECK_INT(troc_category(2, 2, 40, 45, 1), 5);
	CHECK_INT(troc_category(1, 1, 30, NA, 1), 4);
	/* a jeune ménage with a handicap stays at 3 */
	CHECK_INT(troc_category(2, 0, 25, 25, 1), 3);
	/* 7 and 9 persons: categories above 6 are e itself */
	CHECK_INT(troc_category(2, 5, 40, 40, 0), 7);
	CHECK_INT(troc_category(2, 7, 40, 40, 0), 9);
	CHECK_INT(troc_category(1, 6, 40, NA, 0), 8);
	CHECK_INT(troc_category(2, 7, 40, 40, 1), 10);
	/* three adults (no couple rule) */
	CHECK_INT(troc_category(3, 0, 20, 20, 0), 3);
}

/* ---- surface and occupancy (R.822-25, L.621-2) ---- */

static void
test_surface(void)
{
	CHECK_INT(troc_min_surface(1), 9);
	CHECK_INT(troc_min_surface(2), 16);
	CHECK_INT(troc_min_surface(3), 25);
	CHECK_INT(troc_min_surface(7), 61);
	CHECK_INT(troc_min_surface(8), 70);
	CHECK_INT(troc_min_surface(12), 70);

	/* under-occupation: rooms = persons + 1 is normal, + 2 is under */
	CHECK_INT(troc_occupancy(3, 4, 60), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(3, 5, 60), TROC_OCC_UNDER);
	CHECK_INT(troc_occupancy(1, 2, 30), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(1, 3, 30), TROC_OCC_UNDER);
	/* over-occupation at the surface threshold */
	CHECK_INT(troc_occupancy(3, 2, 25), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(3, 2, 24.99), TROC_OCC_OVER);
	CHECK_INT(troc_occupancy(1, 1, 9), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(1, 1, 8.5), TROC_OCC_OVER);
	CHECK_INT(troc_occupancy(8, 4, 70), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(12, 4, 69.9), TROC_OCC_OVER);
	/* over wins over under */
	CHECK_INT(troc_occupancy(3, 6, 20), TROC_OCC_OVER);
	/* unknown surface: the rooms rule only; unknown rooms: normal */
	CHECK_INT(troc_occupancy(3, 5, NAN), TROC_OCC_UNDER);
	CHECK_INT(troc_occupancy(3, 4, NAN), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(3, NA, 60), TROC_OCC_NORMAL);
	CHECK_INT(troc_occupancy(3, NA, 20), TROC_OCC_OVER);
	CHECK_STR(troc_occ_name(TROC_OCC_OVER), "over");
	CHECK_STR(troc_occ_name(TROC_OCC_UNDER), "under");
	CHECK_STR(troc_occ_name(TROC_OCC_NORMAL), "normal");
}

/* ---- ceilings ---- */

static long
ceiling(enum troc_fin f, const char *commune, int cat, int year)
{
	return troc_ceiling(ceil_tab, f, troc_geo_zone(geo, key(commune)), cat,
	    year);
}

static void
test_ceilings(void)
{
	enum troc_fin f;

	CHECK_INT(troc_ceilings_latest(ceil_tab), 2026);
	CHECK(troc_ceilings_has_year(ceil_tab, 2022));
	CHECK(troc_ceilings_has_year(ceil_tab, 2026));
	CHECK(!troc_ceilings_has_year(ceil_tab, 2021));
	CHECK(!troc_ceilings_has_year(ceil_tab, 2027));
	/* each zone, 2026 PLUS (arrêté du 19/12/2025) */
	CHECK_INT(troc_ceiling(ceil_tab, TROC_FIN_PLUS, TROC_ZONE_PARIS, 1,
	    2026), 26920);
	CHECK_INT(troc_ceiling(ceil_tab, TROC_FIN_PLUS, TROC_ZONE_PARIS, 3,
	    2026), 52740);
	CHECK_INT(troc_ceiling(ceil_tab, TROC_FIN_PLUS, TROC_ZONE_IDF, 3,
	    2026), 48362);
	CHECK_INT(troc_ceiling(ceil_tab, TROC_FIN_PLUS, TROC_ZONE_OTHER, 3,
	    2026), 37584);
	/* through the commune: an arrondissement, 75056, Boulogne 92012,
	 * Saint-Denis 93066 are paris; Antony 92002 idf; Marseille other */
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 3, 2026), 52740);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75056", 3, 2026), 52740);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "92012", 3, 2026), 52740);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "93066", 3, 2026), 52740);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "92002", 3, 2026), 48362);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "77186", 3, 2026), 48362);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "13055", 3, 2026), 37584);
	/* PLAI and PLS rows of the table; PLS = PLUS x 1.3 rounded */
	CHECK_INT(ceiling(TROC_FIN_PLAI, "92012", 2, 2026), 24140);
	CHECK_INT(ceiling(TROC_FIN_PLAI, "92002", 2, 2026), 24140);
	CHECK_INT(ceiling(TROC_FIN_PLS, "75111", 1, 2026), 34996);
	CHECK_INT(ceiling(TROC_FIN_PLS, "75111", 1, 2026),
	    (26920 * 13 + 5) / 10);
	/* other years */
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 1, 2025), 26687);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 1, 2022), 24316);
	/* above 6: category 6 + (e - 6) x the increment */
	CHECK_INT(ceiling(TROC_FIN_PLUS, "92002", 6, 2026), 77171);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "92002", 7, 2026), 77171 + 8598);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "92002", 9, 2026), 77171 + 3 * 8598);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 7, 2026), 84304 + 9394);
	CHECK_INT(ceiling(TROC_FIN_PLAI, "75111", 9, 2026), 46369 + 3 * 5166);
	CHECK_INT(ceiling(TROC_FIN_PLS, "13055", 7, 2026), 78203 + 8723);
	/* no check: PLI without rows, unknown financing, category 0, a year
	 * not in the table */
	CHECK_INT(ceiling(TROC_FIN_PLI, "75111", 1, 2026), -1);
	CHECK_INT(ceiling(TROC_FIN_UNKNOWN, "75111", 1, 2026), -1);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 0, 2026), -1);
	CHECK_INT(ceiling(TROC_FIN_PLUS, "75111", 1, 2021), -1);

	CHECK(troc_fin_parse("plai", 4, &f) == 0 && f == TROC_FIN_PLAI);
	CHECK(troc_fin_parse("PLS", 3, &f) == 0 && f == TROC_FIN_PLS);
	CHECK(troc_fin_parse("PLI", 3, &f) == 0 && f == TROC_FIN_PLI);
	CHECK(troc_fin_parse("PLUS", 4, &f) == 0 && f == TROC_FIN_PLUS);
	CHECK(troc_fin_parse("PL", 2, &f) < 0);
	CHECK(troc_fin_parse("PLAI ", 5, &f) < 0);
	CHECK_STR(troc_fin_name(TROC_FIN_PLS), "PLS");
	CHECK_STR(troc_fin_name(TROC_FIN_UNKNOWN), "");
}

static struct troc_ceilings *
mem_table(const char *s, struct troc_err *e)
{
	memset(e, 0, sizeof(*e));
	return troc_ceilings_load_mem(s, strlen(s), "c.csv", e);
}

static void
table_fails(const char *s, unsigned long line, const char *what)
{
	struct troc_err e;

	CHECK(mem_table(s, &e) == NULL);
	CHECK(e.file != NULL && strcmp(e.file, "c.csv") == 0);
	CHECK_INT(e.line, line);
	if (strstr(e.msg, what) == NULL)
		fprintf(stderr, "want \"%s\" in: %s\n", what, e.msg);
	CHECK(strstr(e.msg, what) != NULL);
}

static void
test_ceilings_table(void)
{
	struct troc_ceilings *c;
	struct troc_err e;
	const char *H = "year,financing,zone,category,ceiling\n";
	char buf[512];

	/* a table without PLS rows derives them, rounded half up */
	snprintf(buf, sizeof(buf), "%s2030,PLUS,idf,1,100\n2030,PLUS,idf,6,"
	    "25\n2030,PLUS,idf,extra,15\n2030,PLI,idf,1,500\n"
	    "2031,PLUS,paris,1,1000\n2031,PLS,paris,1,1400\n", H);
	c = mem_table(buf, &e);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLS, TROC_ZONE_IDF, 1, 2030),
		    130);
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLS, TROC_ZONE_IDF, 6, 2030),
		    33);	/* 32.5 */
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLS, TROC_ZONE_IDF, 8, 2030),
		    33 + 2 * 20);	/* 19.5 -> 20 per person */
		/* PLI rows are used when the table has them */
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLI, TROC_ZONE_IDF, 1, 2030),
		    500);
		/* a PLS row given wins over the derivation */
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLS, TROC_ZONE_PARIS, 1,
		    2031), 1400);
		/* cells the table lacks: no check */
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLAI, TROC_ZONE_IDF, 1, 2030),
		    -1);
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLUS, TROC_ZONE_IDF, 2, 2030),
		    -1);
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLUS, TROC_ZONE_PARIS, 7,
		    2031), -1);	/* no category 6 nor extra */
		CHECK_INT(troc_ceiling(c, TROC_FIN_PLUS, TROC_ZONE_OTHER, 1,
		    2030), -1);
		CHECK_INT(troc_ceilings_latest(c), 2031);
	}
	troc_ceilings_free(c);
	troc_ceilings_free(NULL);
	/* an empty table */
	c = mem_table(H, &e);
	CHECK(c != NULL);
	if (c != NULL)
		CHECK_INT(troc_ceilings_latest(c), -1);
	troc_ceilings_free(c);

	snprintf(buf, sizeof(buf), "%s2026,PLUS,idf,1,100\n2026,PLUS,idf,1,"
	    "101\n", H);
	table_fails(buf, 3, "ceiling given twice");
	snprintf(buf, sizeof(buf), "%s2026,PLUS,idf,1,100\n1900,PLUS,idf,1,"
	    "101\n", H);
	table_fails(buf, 3, "year: not a year");
	snprintf(buf, sizeof(buf), "%s2026,PLA,idf,1,100\n", H);
	table_fails(buf, 2, "financing: not PLAI, PLUS, PLS or PLI");
	snprintf(buf, sizeof(buf), "%s2026,PLUS,IDF,1,100\n", H);
	table_fails(buf, 2, "zone: not paris, idf or other");
	snprintf(buf, sizeof(buf), "%s2026,PLUS,idf,7,100\n", H);
	table_fails(buf, 2, "category: not 1 to 6 or extra");
	snprintf(buf, sizeof(buf), "%s2026,PLUS,idf,1,-5\n", H);
	table_fails(buf, 2, "ceiling: not whole euros");
	snprintf(buf, sizeof(buf), "%s2026,PLUS,idf,1,100.5\n", H);
	table_fails(buf, 2, "ceiling: not whole euros");
	table_fails("year,financing,zone,ceiling\n2026,PLUS,idf,100\n", 1,
	    "required column missing: category");
	CHECK(troc_ceilings_load("/nonexistent/ceilings.csv", &e) == NULL);
	CHECK(e.file != NULL && strcmp(e.file, "/nonexistent/ceilings.csv")
	    == 0);
}

/* ---- effort ---- */

static void
test_effort(void)
{
	CHECK_NEAR(troc_effort(500, 100, 0, 2000), 0.3, 0);
	/* with housing aid */
	CHECK_NEAR(troc_effort(500, 100, 150, 2000), 0.225, 0);
	CHECK_NEAR(troc_effort(500, 100, NAN, 2000), 0.3, 0);
	/* unknown charges count as 0 */
	CHECK_NEAR(troc_effort(500, NAN, 0, 2000), 0.25, 0);
	/* 3 decimals, as printed */
	CHECK_NEAR(troc_effort(1000, 0, 0, 3000), 0.333, 0);
	CHECK_NEAR(troc_effort(2000, 0, 0, 3000), 0.667, 0);
	CHECK_NEAR(troc_effort(330.4, 0, 0, 1000), 0.33, 0);
	CHECK_NEAR(troc_effort(330.6, 0, 0, 1000), 0.331, 0);
	/* aid above the rent: negative, not clamped */
	CHECK_NEAR(troc_effort(200, 0, 300, 1000), -0.1, 0);
	CHECK_NEAR(troc_effort(300, 0, 300.1, 1000), 0, 0);
	CHECK(!signbit(troc_effort(300, 0, 300.1, 1000)));	/* not -0 */
	/* empty when rent unknown or resources 0 or unknown */
	CHECK(isnan(troc_effort(NAN, 100, 0, 2000)));
	CHECK(isnan(troc_effort(500, 100, 0, 0)));
	CHECK(isnan(troc_effort(500, 100, 0, NAN)));
	/* rounding helpers */
	CHECK_NEAR(troc_round(1666.6666, 2), 1666.67, 0);
	CHECK_NEAR(troc_round(0.0005, 3), 0.001, 0);	/* just above */
	CHECK_NEAR(troc_round(-0.0004, 3), 0, 0);
	CHECK(!signbit(troc_round(-0.0004, 3)));
	CHECK(isnan(troc_round(NAN, 3)));
}

/* ---- a household in a home ---- */

static int paris_wish[] = { 0 };

static void
household(struct troc_household *h)
{
	troc_household_init(h);
	h->adults = 2;
	h->dependants = 1;
	h->age1 = 40;
	h->age2 = 42;
	h->income = 30000;
	h->nwish = 1;
	h->wish = paris_wish;
	troc_household_defaults(h);
	h->home.landlord = 1;
	h->home.commune = key("75111");
	h->home.rooms = 3;
	h->home.surface = 60;
	h->home.floor = 2;
	h->home.elevator = 1;
	h->home.accessible = 0;
	h->home.financing = TROC_FIN_PLUS;
	h->home.rent = 400;
	h->home.charges = 100;
	h->home.reservataire = TROC_RESV_STATE;
	troc_household_derive(&ctx, h);
}

static unsigned
reasons_of(struct troc_household *h)
{
	troc_household_derive(&ctx, h);
	return h->reasons;
}

static void
test_defaults_and_derive(void)
{
	struct troc_household h;
	char buf[128];

	household(&h);
	CHECK_INT(h.handicap, 0);
	CHECK_INT(h.arrears, 0);
	CHECK_INT(h.wish_elevator, 0);
	CHECK_INT(h.wish_accessible, 0);
	CHECK_INT(h.other_landlord, 1);
	CHECK_NEAR(h.housing_aid, 0, 0);
	CHECK_NEAR(h.resources, 2500, 0);	/* income / 12 */
	CHECK_INT(h.wish_rooms_min, 1);
	CHECK_INT(h.wish_rooms_max, 4);		/* persons + 1 */
	CHECK_INT(h.persons, 3);
	CHECK_INT(h.category, 3);
	CHECK_INT(h.occupancy, TROC_OCC_NORMAL);
	CHECK_NEAR(h.effort, 0.2, 0);
	CHECK_INT(h.reasons, 0);
	CHECK_INT(h.priority, 0);
	CHECK_INT(h.blocked, 0);

	/* resources to the cent */
	troc_household_init(&h);
	h.adults = 1;
	h.income = 20000;
	troc_household_defaults(&h);
	CHECK_NEAR(h.resources, 1666.67, 0);
	CHECK_INT(h.wish_rooms_max, 2);
	/* what was given is kept */
	troc_household_init(&h);
	h.adults = 1;
	h.income = 20000;
	h.resources = 1500;
	h.wish_rooms_max = 5;
	h.other_landlord = 0;
	troc_household_defaults(&h);
	CHECK_NEAR(h.resources, 1500, 0);
	CHECK_INT(h.wish_rooms_max, 5);
	CHECK_INT(h.other_landlord, 0);

	/* arrears block */
	household(&h);
	h.arrears = 1;
	troc_household_derive(&ctx, &h);
	CHECK_INT(h.blocked, 1);

	/* the reasons list */
	CHECK_INT(troc_reasons_format(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_INT(troc_reasons_format(BIT(TROC_REASON_MIX) |
	    BIT(TROC_REASON_HANDICAP) | BIT(TROC_REASON_UNDEROCCUPIED), buf,
	    sizeof(buf)), strlen("handicap|underoccupied|mix"));
	CHECK_STR(buf, "handicap|underoccupied|mix");
	CHECK_INT(troc_reasons_format(BIT(TROC_REASON_HANDICAP) |
	    BIT(TROC_REASON_AGEING), buf, 10), strlen("handicap|ageing"));
	CHECK(strlen(buf) < 10);
	CHECK_INT(troc_reasons_format(BIT(TROC_REASON_JOB), buf, 0), 3);
}

static void
test_reasons(void)
{
	struct troc_household h;
	const unsigned HC = BIT(TROC_REASON_HANDICAP);
	const unsigned AG = BIT(TROC_REASON_AGEING);

	/* handicap: on when the home is not known to be accessible */
	household(&h);
	h.handicap = 1;
	h.home.accessible = 0;
	CHECK(reasons_of(&h) & HC);
	h.home.accessible = NA;
	CHECK(reasons_of(&h) & HC);
	h.home.accessible = 1;
	CHECK(!(reasons_of(&h) & HC));
	h.handicap = 0;
	h.home.accessible = 0;
	CHECK(!(reasons_of(&h) & HC));
	/* declared alone it does not count */
	h.declared = HC;
	CHECK(!(reasons_of(&h) & HC));

	/* ageing: 65, a floor >= 1, no elevator known */
	household(&h);
	h.age1 = 65;
	h.home.floor = 1;
	h.home.elevator = 0;
	CHECK(reasons_of(&h) & AG);
	h.age1 = 64;
	CHECK(!(reasons_of(&h) & AG));
	h.age2 = 65;		/* the older holder counts */
	CHECK(reasons_of(&h) & AG);
	h.age2 = NA;
	h.age1 = 80;
	CHECK(reasons_of(&h) & AG);
	h.home.elevator = NA;	/* unknown elevator counts as none */
	CHECK(reasons_of(&h) & AG);
	h.home.elevator = 1;
	CHECK(!(reasons_of(&h) & AG));
	h.home.elevator = 0;
	h.home.floor = 0;
	CHECK(!(reasons_of(&h) & AG));
	h.home.floor = -1;
	CHECK(!(reasons_of(&h) & AG));
	h.home.floor = NA;	/* unknown floor is not >= 1 */
	CHECK(!(reasons_of(&h) & AG));

	/* overcrowded and underoccupied from occupancy (3 persons) */
	household(&h);
	h.home.surface = 25;
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_OVERCROWDED)));
	h.home.surface = 24.5;
	CHECK(reasons_of(&h) & BIT(TROC_REASON_OVERCROWDED));
	CHECK_INT(h.occupancy, TROC_OCC_OVER);
	household(&h);
	h.home.rooms = 4;
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_UNDEROCCUPIED)));
	h.home.rooms = 5;
	CHECK(reasons_of(&h) & BIT(TROC_REASON_UNDEROCCUPIED));
	CHECK_INT(h.occupancy, TROC_OCC_UNDER);
	h.home.surface = NAN;
	CHECK(reasons_of(&h) & BIT(TROC_REASON_UNDEROCCUPIED));

	/* job: centroid distance >= job_km */
	household(&h);
	h.work_commune = key("77186");		/* Fontainebleau, 56 km */
	h.home.commune = key("75101");
	CHECK(reasons_of(&h) & BIT(TROC_REASON_JOB));
	h.work_commune = key("92012");		/* 7.7 km */
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));
	h.work_commune = key("77095");		/* 30.09 km from 75111 */
	h.home.commune = key("75111");
	CHECK(reasons_of(&h) & BIT(TROC_REASON_JOB));
	h.work_commune = key("95604");		/* 29.97 km */
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));
	pol.job_km = troc_geo_distance(geo, key("75111"), key("95604"));
	CHECK(reasons_of(&h) & BIT(TROC_REASON_JOB));	/* equal: on */
	pol.job_km = 30;
	h.work_commune = key("13055");		/* no centroid */
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));
	h.work_commune = key("75056");
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));
	h.work_commune = key("77186");
	h.home.commune = key("75056");
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));
	h.work_commune = -1;
	h.home.commune = key("75101");
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_JOB)));

	/* rent: the 3-decimal effort > effort_max */
	household(&h);
	h.resources = 1000;
	h.home.charges = NAN;
	h.home.rent = 330;
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_RENT)));
	h.home.rent = 330.4;	/* 0.3304 is written 0.330 */
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_RENT)));
	CHECK_NEAR(h.effort, 0.33, 0);
	h.home.rent = 331;
	CHECK(reasons_of(&h) & BIT(TROC_REASON_RENT));
	h.housing_aid = 1;	/* the aid brings it back to 0.330 */
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_RENT)));
	h.home.rent = NAN;
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_RENT)));
	h.home.rent = 900;
	h.resources = 0;
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_RENT)));

	/* mix: declared only */
	household(&h);
	CHECK(!(reasons_of(&h) & BIT(TROC_REASON_MIX)));
	h.declared = BIT(TROC_REASON_MIX) | BIT(TROC_REASON_OTHER);
	CHECK_INT(reasons_of(&h), BIT(TROC_REASON_MIX));

	/* priority: the sum of the weights */
	household(&h);
	h.handicap = 1;
	h.age1 = 70;
	h.home.floor = 3;
	h.home.elevator = 0;
	h.home.surface = 20;
	h.home.commune = key("75101");
	h.work_commune = key("77186");
	h.home.rent = 1200;
	h.declared = BIT(TROC_REASON_MIX);
	troc_household_derive(&ctx, &h);
	CHECK_INT(h.reasons, HC | AG | BIT(TROC_REASON_OVERCROWDED) |
	    BIT(TROC_REASON_JOB) | BIT(TROC_REASON_RENT) |
	    BIT(TROC_REASON_MIX));
	CHECK_INT(h.priority, 40 + 20 + 30 + 10 + 10 + 5);
	CHECK_INT(troc_priority(&pol, BIT(TROC_REASON_UNDEROCCUPIED)), 20);
	CHECK_INT(troc_priority(&pol, 0), 0);
	pol.weight[TROC_REASON_HANDICAP] = 100;
	troc_household_derive(&ctx, &h);
	CHECK_INT(h.priority, 100 + 20 + 30 + 10 + 10 + 5);
	pol.weight[TROC_REASON_HANDICAP] = 40;
	pol.ageing_age = 71;
	troc_household_derive(&ctx, &h);
	CHECK(!(h.reasons & AG));
	pol.ageing_age = 65;
}

/* ---- compatibility (§3.4 rules 3 to 11) ---- */

static void
unit(struct troc_home *u)
{
	troc_home_init(u);
	u->landlord = 2;
	u->commune = key("93066");
	u->rooms = 3;
	u->surface = 60;
	u->floor = 4;
	u->elevator = 1;
	u->accessible = 1;
	u->financing = TROC_FIN_PLUS;
	u->rent = 500;
	u->charges = 100;
	u->reservataire = TROC_RESV_STATE;
}

static void
test_rooms_rent_surface(void)
{
	struct troc_household a;
	struct troc_home u;

	household(&a);
	unit(&u);
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_OK);
	/* 3: wish_rooms_min <= rooms <= wish_rooms_max */
	a.wish_rooms_min = 2;
	a.wish_rooms_max = 3;
	u.rooms = 1;
	CHECK(!troc_rule_rooms(&a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_ROOMS);
	u.rooms = 2;
	CHECK(troc_rule_rooms(&a, &u));
	u.rooms = 3;
	CHECK(troc_rule_rooms(&a, &u));
	u.rooms = 4;
	CHECK(!troc_rule_rooms(&a, &u));
	u.rooms = NA;
	CHECK(troc_rule_rooms(&a, &u));
	u.rooms = 9;
	a.wish_rooms_min = NA;
	a.wish_rooms_max = NA;
	CHECK(troc_rule_rooms(&a, &u));

	/* 4: rent + charges <= wish_rent_max */
	household(&a);
	unit(&u);
	CHECK(troc_rule_rent(&a, &u));		/* no maximum */
	a.wish_rent_max = 600;
	CHECK(troc_rule_rent(&a, &u));		/* 600 */
	u.charges = 100.01;
	CHECK(!troc_rule_rent(&a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_RENT);
	u.charges = NAN;			/* counts as 0 */
	CHECK(troc_rule_rent(&a, &u));
	u.rent = 600.5;
	CHECK(!troc_rule_rent(&a, &u));
	u.rent = NAN;
	u.charges = 100;
	CHECK(troc_rule_rent(&a, &u));

	/* 5: surface >= wish_surface_min */
	household(&a);
	unit(&u);
	a.wish_surface_min = 60;
	CHECK(troc_rule_surface(&a, &u));
	u.surface = 59.9;
	CHECK(!troc_rule_surface(&a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_SURFACE);
	u.surface = NAN;
	CHECK(troc_rule_surface(&a, &u));
	a.wish_surface_min = NAN;
	u.surface = 10;
	CHECK(troc_rule_surface(&a, &u));
}

static void
test_floor(void)
{
	struct troc_household a;
	struct troc_home u;

	/* wish_floor_max: floor <= max, or an elevator; unknown passes */
	household(&a);
	unit(&u);
	a.wish_floor_max = 2;
	u.elevator = 0;
	u.floor = 2;
	CHECK(troc_rule_floor(&a, &u));
	u.floor = 3;
	CHECK(!troc_rule_floor(&a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_FLOOR);
	u.elevator = 1;
	CHECK(troc_rule_floor(&a, &u));
	u.elevator = NA;
	CHECK(troc_rule_floor(&a, &u));
	u.elevator = 0;
	u.floor = NA;
	CHECK(troc_rule_floor(&a, &u));
	a.wish_floor_max = NA;
	u.floor = 20;
	CHECK(troc_rule_floor(&a, &u));

	/* wish_elevator: a known floor 0 or a known elevator */
	household(&a);
	unit(&u);
	a.wish_elevator = 1;
	u.floor = 0;
	u.elevator = 0;
	CHECK(troc_rule_floor(&a, &u));
	u.floor = 0;
	u.elevator = NA;
	CHECK(troc_rule_floor(&a, &u));
	u.floor = 1;
	u.elevator = 1;
	CHECK(troc_rule_floor(&a, &u));
	u.floor = NA;
	u.elevator = 1;
	CHECK(troc_rule_floor(&a, &u));
	u.floor = 1;
	u.elevator = 0;
	CHECK(!troc_rule_floor(&a, &u));
	u.floor = 1;
	u.elevator = NA;
	CHECK(!troc_rule_floor(&a, &u));
	u.floor = NA;
	u.elevator = NA;
	CHECK(!troc_rule_floor(&a, &u));
	u.floor = NA;
	u.elevator = 0;
	CHECK(!troc_rule_floor(&a, &u));
	a.wish_elevator = 0;
	CHECK(troc_rule_floor(&a, &u));

	/* wish_accessible: a known 1 only */
	household(&a);
	unit(&u);
	a.wish_accessible = 1;
	CHECK(troc_rule_floor(&a, &u));
	u.accessible = 0;
	CHECK(!troc_rule_floor(&a, &u));
	u.accessible = NA;
	CHECK(!troc_rule_floor(&a, &u));
	a.wish_accessible = 0;
	CHECK(troc_rule_floor(&a, &u));
}

static void
test_landlord_ceiling(void)
{
	struct troc_household a;
	struct troc_home u;

	/* 7: other_landlord = 0, or same_landlord = 1 for all */
	household(&a);
	unit(&u);
	CHECK(troc_rule_landlord(&ctx, &a, &u));	/* 2 vs 1, accepted */
	a.other_landlord = 0;
	CHECK(!troc_rule_landlord(&ctx, &a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_LANDLORD);
	u.landlord = 1;
	CHECK(troc_rule_landlord(&ctx, &a, &u));
	a.other_landlord = 1;
	u.landlord = 2;
	pol.same_landlord = 1;
	CHECK(!troc_rule_landlord(&ctx, &a, &u));
	u.landlord = 1;
	CHECK(troc_rule_landlord(&ctx, &a, &u));
	pol.same_landlord = 0;

	/* 8: income <= ceiling(financing, zone, category, year) */
	household(&a);		/* category 3 */
	unit(&u);		/* PLUS, Saint-Denis: paris zone */
	a.income = 52740;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));		/* equal passes */
	a.income = 52741;
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_CEILING);
	u.commune = key("75111");			/* an arrondissement */
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));
	u.commune = key("92012");			/* Boulogne: paris */
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));
	a.income = 50000;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	u.commune = key("92002");			/* Antony: idf */
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));	/* 48362 */
	u.financing = TROC_FIN_PLS;			/* 62871 */
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	u.financing = TROC_FIN_PLAI;			/* 29018 */
	a.income = 29018;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	a.income = 29019;
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));
	u.financing = TROC_FIN_PLI;			/* no check */
	a.income = 1e9;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	u.financing = TROC_FIN_UNKNOWN;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	/* a large household: category 9 uses the increment */
	household(&a);
	a.adults = 2;
	a.dependants = 7;
	troc_household_derive(&ctx, &a);
	CHECK_INT(a.category, 9);
	unit(&u);
	u.commune = key("92002");
	a.income = 77171 + 3 * 8598;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	a.income += 1;
	CHECK(!troc_rule_ceiling(&ctx, &a, &u));
	/* another year */
	ctx.year = 2025;
	CHECK(troc_rule_ceiling(&ctx, &a, &u) ==
	    (a.income <= 76504 + 3 * 8524));
	ctx.year = 2026;
	/* no table: no check */
	ctx.ceilings = NULL;
	CHECK(troc_rule_ceiling(&ctx, &a, &u));
	ctx.ceilings = ceil_tab;
}

static void
test_occupancy_effort_participation(void)
{
	const char *pfile = "landlords = L1\nreservataires = state, none\n";
	struct troc_household a;
	struct troc_home u;

	/* 9: no over-occupation, no under-occupation (3 persons) */
	household(&a);
	unit(&u);
	u.surface = 25;
	CHECK(troc_rule_occupancy(&ctx, &a, &u));
	u.surface = 24.99;
	CHECK(!troc_rule_occupancy(&ctx, &a, &u));
	a.wish_rooms_max = 9;
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_OCCUPANCY);
	u.surface = NAN;
	CHECK(troc_rule_occupancy(&ctx, &a, &u));
	u.surface = 80;
	u.rooms = 4;
	CHECK(troc_rule_occupancy(&ctx, &a, &u));
	u.rooms = 5;
	CHECK(!troc_rule_occupancy(&ctx, &a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_OCCUPANCY);
	pol.allow_under = 1;
	CHECK(troc_rule_occupancy(&ctx, &a, &u));
	pol.allow_under = 0;
	u.rooms = NA;
	CHECK(troc_rule_occupancy(&ctx, &a, &u));

	/* 10: the unrounded effort in the new home <= effort_max */
	household(&a);
	unit(&u);
	a.resources = 2000;
	a.housing_aid = 0;
	u.rent = 560;
	u.charges = 100;		/* 660 / 2000 = 0.33 */
	CHECK(troc_rule_effort(&ctx, &a, &u));
	u.charges = 101;		/* 0.3305: fails, though written 0.331 */
	CHECK(!troc_rule_effort(&ctx, &a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_EFFORT);
	u.charges = 100.4;		/* 0.3302 */
	CHECK(!troc_rule_effort(&ctx, &a, &u));
	a.housing_aid = 1;		/* 659.4 / 2000 */
	CHECK(troc_rule_effort(&ctx, &a, &u));
	a.housing_aid = 0;
	u.charges = NAN;		/* 560 / 2000 */
	CHECK(troc_rule_effort(&ctx, &a, &u));
	u.rent = 700;
	CHECK(!troc_rule_effort(&ctx, &a, &u));
	u.rent = NAN;			/* unknown rent passes */
	CHECK(troc_rule_effort(&ctx, &a, &u));
	u.rent = 5000;
	a.resources = 0;		/* resources 0 passes */
	CHECK(troc_rule_effort(&ctx, &a, &u));
	a.resources = NAN;
	CHECK(troc_rule_effort(&ctx, &a, &u));

	/* 11: participation of both homes' landlords and réservataires */
	household(&a);
	unit(&u);
	CHECK(troc_rule_participation(&a, &u));
	CHECK(troc_policy_parse(&pol, pfile, strlen(pfile), "p", NULL) == 0);
	u.admitted = troc_policy_admits(&pol, "L2", 2, TROC_RESV_STATE);
	a.home.admitted = troc_policy_admits(&pol, "L1", 2, TROC_RESV_STATE);
	CHECK(!troc_rule_participation(&a, &u));
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_PARTICIPATION);
	u.admitted = troc_policy_admits(&pol, "L1", 2, TROC_RESV_NONE);
	CHECK(troc_rule_participation(&a, &u));
	u.admitted = troc_policy_admits(&pol, "L1", 2, TROC_RESV_UNKNOWN);
	CHECK(troc_rule_participation(&a, &u));
	u.admitted = troc_policy_admits(&pol, "L1", 2, TROC_RESV_LOCAL);
	CHECK(!troc_rule_participation(&a, &u));
	u.admitted = 1;
	a.home.admitted = troc_policy_admits(&pol, "L1", 2,
	    TROC_RESV_ACTION_LOGEMENT);
	CHECK(!troc_rule_participation(&a, &u));
	troc_policy_release(&pol);
}

static void
test_compat_order_and_weight(void)
{
	struct troc_household a;
	struct troc_home u;
	int wish[3];

	/* the first failing rule is reported */
	household(&a);
	unit(&u);
	a.wish_rooms_max = 2;		/* rooms fails (3 > 2) */
	a.other_landlord = 0;		/* landlord fails */
	a.income = 1e6;			/* ceiling fails */
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_ROOMS);
	a.wish_rooms_max = 3;
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_LANDLORD);
	a.other_landlord = 1;
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_CEILING);
	a.income = 30000;
	CHECK_INT(troc_compat(&ctx, &a, &u), TROC_RULE_OK);
	CHECK_STR(troc_rule_name(TROC_RULE_OK), "ok");
	CHECK_STR(troc_rule_name(TROC_RULE_CEILING), "ceiling");
	CHECK_STR(troc_rule_name(TROC_RULE_PARTICIPATION), "participation");

	/* 2: wishes (commune, 75056, département) */
	wish[0] = key("75056");
	wish[1] = dtok("93");
	wish[2] = key("92012");
	a.wish = wish;
	a.nwish = 3;
	u.commune = key("75111");
	CHECK(troc_rule_wish(&a, &u));
	u.commune = key("93066");
	CHECK(troc_rule_wish(&a, &u));
	u.commune = key("92012");
	CHECK(troc_rule_wish(&a, &u));
	u.commune = key("92002");
	CHECK(!troc_rule_wish(&a, &u));
	a.nwish = 0;
	CHECK(!troc_rule_wish(&a, &u));

	/* weight: 100 + priority + 5 when the first wish matches */
	a.nwish = 3;
	a.priority = 30;
	u.commune = key("75111");
	CHECK_INT(troc_arc_weight(&a, &u), 135);	/* 75056 covers it */
	u.commune = key("75056");
	CHECK_INT(troc_arc_weight(&a, &u), 135);
	u.commune = key("93066");
	CHECK_INT(troc_arc_weight(&a, &u), 130);	/* second wish */
	wish[0] = dtok("93");
	CHECK_INT(troc_arc_weight(&a, &u), 135);	/* its département */
	a.priority = 0;
	wish[0] = key("93066");
	CHECK_INT(troc_arc_weight(&a, &u), 105);
	a.nwish = 0;
	CHECK_INT(troc_arc_weight(&a, &u), 100);
}

static const char *
datadir(void)
{
	const char *d = getenv("TROC_DATA");

	return d && *d ? d : "data";
}

int
main(void)
{
	struct troc_err e;
	char path[4096];

	paris_wish[0] = key("75056");
	troc_policy_init(&pol);
	if ((geo = troc_geo_load(datadir(), &e)) == NULL)
		fprintf(stderr, "%s:%lu: %s\n", e.file, e.line, e.msg);
	snprintf(path, sizeof(path), "%s/%s", datadir(), TROC_CEILINGS_FILE);
	if ((ceil_tab = troc_ceilings_load(path, &e)) == NULL)
		fprintf(stderr, "%s:%lu: %s\n", e.file, e.line, e.msg);
	CHECK(geo != NULL);
	CHECK(ceil_tab != NULL);
	if (geo == NULL || ceil_tab == NULL)
		return test_done("rules");
	ctx.policy = &pol;
	ctx.ceilings = ceil_tab;
	ctx.geo = geo;
	ctx.year = troc_ceilings_latest(ceil_tab);

	test_category();
	test_surface();
	test_ceilings();
	test_ceilings_table();
	test_effort();
	test_defaults_and_derive();
	test_reasons();
	test_rooms_rent_surface();
	test_floor();
	test_landlord_ceiling();
	test_occupancy_effort_participation();
	test_compat_order_and_weight();

	troc_policy_release(&pol);
	troc_ceilings_free(ceil_tab);
	troc_geo_free(geo);
	return test_done("rules");
}
