/* test_geo.c: INSEE codes, départements, wish matching, zones, centroids
 * and distances, against the shipped data/ (or $TROC_DATA). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "troc/csvin.h"
#include "troc/geo.h"
#include "test.h"

static int
key(const char *s)
{
	return troc_commune_key(s, strlen(s));
}

static int
dep(const char *s)
{
	return troc_dep_key(s, strlen(s));
}

static int
dtok(const char *s)
{
	return TROC_DEP_TOKEN + dep(s);
}

static void
test_codes(void)
{
	char buf[6], d[4];
	int k, bad = 0;

	CHECK(key("01004") == 1004);
	CHECK(key("75111") >= 0);
	CHECK(key("2A004") >= 0);
	CHECK(key("2B033") >= 0);
	CHECK(key("97101") >= 0);
	CHECK_INT(key("2a004"), -1);	/* COG spells Corsica uppercase */
	CHECK_INT(key("2C004"), -1);
	CHECK_INT(key("A1004"), -1);
	CHECK_INT(key("7511"), -1);
	CHECK_INT(key("751111"), -1);
	CHECK_INT(key("7511x"), -1);
	CHECK_INT(key(""), -1);
	CHECK_INT(troc_commune_key("75111", 4), -1);
	for (k = 0; k < TROC_NCOMMUNE; k++)	/* every key reads back */
		if (key(troc_commune_code(k, buf)) != k)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_STR(troc_commune_code(key("2A004"), buf), "2A004");
	CHECK_STR(troc_commune_code(-1, buf), "");
	CHECK_STR(troc_commune_code(TROC_NCOMMUNE, buf), "");

	CHECK(dep("75") >= 0 && dep("2A") >= 0 && dep("2B") >= 0);
	CHECK(dep("971") >= 0 && dep("976") >= 0 && dep("01") >= 0);
	CHECK(dep("2A") != dep("2B") && dep("971") != dep("976"));
	CHECK_INT(dep("7"), -1);
	CHECK_INT(dep("750"), -1);
	CHECK_INT(dep("980"), -1);
	CHECK_INT(dep("2a"), -1);
	for (k = 0, bad = 0; k < TROC_NDEP; k++)
		if (troc_dep_code(k, d)[0] && dep(d) != k)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_STR(troc_dep_code(dep("971"), d), "971");
	CHECK_STR(troc_dep_code(dep("2B"), d), "2B");

	CHECK_INT(troc_commune_dep(key("75111")), dep("75"));
	CHECK_INT(troc_commune_dep(key("75056")), dep("75"));
	CHECK_INT(troc_commune_dep(key("01004")), dep("01"));
	CHECK_INT(troc_commune_dep(key("2A004")), dep("2A"));
	CHECK_INT(troc_commune_dep(key("2B033")), dep("2B"));
	CHECK_INT(troc_commune_dep(key("97101")), dep("971"));
	CHECK_INT(troc_commune_dep(key("97611")), dep("976"));
	CHECK_INT(troc_commune_dep(-1), -1);
}

static void
test_parent_and_wish(void)
{
	char buf[16];
	int k;

	for (k = 101; k <= 120; k++) {
		snprintf(buf, sizeof(buf), "75%03d", k);
		CHECK_INT(troc_commune_parent(key(buf)), key("75056"));
	}
	CHECK_INT(troc_commune_parent(key("75100")), -1);
	CHECK_INT(troc_commune_parent(key("75121")), -1);
	CHECK_INT(troc_commune_parent(key("75056")), -1);
	CHECK_INT(troc_commune_parent(key("92012")), -1);
	CHECK_INT(troc_commune_parent(key("13201")), key("13055"));
	CHECK_INT(troc_commune_parent(key("13216")), key("13055"));
	CHECK_INT(troc_commune_parent(key("69381")), key("69123"));
	CHECK_INT(troc_commune_parent(key("69389")), key("69123"));
	CHECK_INT(troc_commune_parent(-1), -1);

	/* the commune itself */
	CHECK(troc_wish_match(key("75111"), key("75111")));
	CHECK(!troc_wish_match(key("75111"), key("75112")));
	CHECK(troc_wish_match(key("92012"), key("92012")));
	CHECK(!troc_wish_match(key("92012"), key("92002")));
	/* 75056 and 75 cover every arrondissement, and 75056 itself */
	CHECK(troc_wish_match(key("75056"), key("75101")));
	CHECK(troc_wish_match(key("75056"), key("75120")));
	CHECK(troc_wish_match(key("75056"), key("75056")));
	CHECK(troc_wish_match(dtok("75"), key("75111")));
	CHECK(troc_wish_match(dtok("75"), key("75056")));
	/* an arrondissement does not cover Paris nor its neighbours */
	CHECK(!troc_wish_match(key("75111"), key("75056")));
	CHECK(!troc_wish_match(key("75056"), key("92012")));
	CHECK(!troc_wish_match(dtok("75"), key("92012")));
	/* départements */
	CHECK(troc_wish_match(dtok("93"), key("93066")));
	CHECK(!troc_wish_match(dtok("93"), key("92012")));
	CHECK(troc_wish_match(dtok("2A"), key("2A004")));
	CHECK(!troc_wish_match(dtok("2B"), key("2A004")));
	CHECK(troc_wish_match(dtok("971"), key("97101")));
	CHECK(!troc_wish_match(dtok("972"), key("97101")));
	/* Lyon and Marseille as Paris */
	CHECK(troc_wish_match(key("13055"), key("13204")));
	CHECK(troc_wish_match(key("69123"), key("69383")));
	CHECK(!troc_wish_match(key("69123"), key("13204")));
	/* nothing matches nothing */
	CHECK(!troc_wish_match(-1, key("75111")));
	CHECK(!troc_wish_match(key("75111"), -1));
	CHECK(!troc_wish_match(dtok("75"), -1));
}

static void
test_haversine(void)
{
	enum troc_zone z;

	CHECK_NEAR(troc_haversine(48.8566, 2.3522, 48.8566, 2.3522), 0, 1e-12);
	/* Paris–London, worked out with the same formula elsewhere */
	CHECK_NEAR(troc_haversine(48.8566, 2.3522, 51.5074, -0.1278),
	    343.55606, 1e-4);
	/* a quarter of a meridian */
	CHECK_NEAR(troc_haversine(0, 0, 90, 0), 6371.0 * 3.14159265358979 / 2,
	    1e-6);
	CHECK_NEAR(troc_haversine(0, 0, 0, 180), 6371.0 * 3.14159265358979,
	    1e-6);
	CHECK_STR(troc_zone_name(TROC_ZONE_PARIS), "paris");
	CHECK_STR(troc_zone_name(TROC_ZONE_IDF), "idf");
	CHECK_STR(troc_zone_name(TROC_ZONE_OTHER), "other");
	CHECK(troc_zone_parse("idf", 3, &z) == 0 && z == TROC_ZONE_IDF);
	CHECK(troc_zone_parse("IDF", 3, &z) < 0);
	CHECK(troc_zone_parse("id", 2, &z) < 0);
}

static const char *
datadir(void)
{
	const char *d = getenv("TROC_DATA");

	return d && *d ? d : "data";
}

/* Every ARM row of the COG has the parent troc_commune_parent gives. */
static void
check_arm_parents(void)
{
	char path[4096];
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	int n = 0, bad = 0;

	snprintf(path, sizeof(path), "%s/%s", datadir(), TROC_COG_FILE);
	if ((r = troc_csv_open(path, NULL, &e)) == NULL) {
		CHECK(!"cog opens");
		return;
	}
	while (troc_csv_next(r, &rec, &e) == 1) {
		if (rec.n < 12 || strcmp(rec.f[0], "ARM") != 0)
			continue;
		n++;
		if (troc_commune_parent(key(rec.f[1])) != key(rec.f[11]))
			bad++;
	}
	troc_csv_free(r);
	CHECK_INT(n, 45);
	CHECK_INT(bad, 0);
}

/* The 29 communes bordering Paris (service-public.fr F21051). */
static const char *const neighbours[29] = {
	"92012", "92024", "92040", "92044", "92046", "92049", "92051",
	"92062", "92064", "92073", "92075", "93001", "93006", "93045",
	"93048", "93055", "93061", "93066", "93070", "94018", "94033",
	"94037", "94041", "94042", "94043", "94052", "94067", "94069",
	"94080"
};

static void
test_loaded(const struct troc_geo *g)
{
	char buf[6];
	double lat, lon;
	int k, n, paris, bad;

	/* every code of every TYPECOM */
	for (k = 0, n = 0; k < TROC_NCOMMUNE; k++)
		n += troc_geo_commune_known(g, k);
	CHECK_INT(n, 37026);
	CHECK(troc_geo_commune_known(g, key("75056")));
	CHECK(troc_geo_commune_known(g, key("75101")));	/* ARM */
	CHECK(troc_geo_commune_known(g, key("92012")));
	CHECK(troc_geo_commune_known(g, key("78524")));	/* COMD */
	CHECK(troc_geo_commune_known(g, key("77189")));	/* COMA */
	CHECK(troc_geo_commune_known(g, key("2A004")));
	CHECK(troc_geo_commune_known(g, key("97611")));
	CHECK(!troc_geo_commune_known(g, key("75121")));
	CHECK(!troc_geo_commune_known(g, key("99999")));
	CHECK(!troc_geo_commune_known(g, -1));
	for (k = 0, n = 0; k < TROC_NDEP; k++)
		n += troc_geo_dep_known(g, k);
	CHECK_INT(n, 101);
	CHECK(troc_geo_dep_known(g, dep("75")));
	CHECK(troc_geo_dep_known(g, dep("2A")));
	CHECK(troc_geo_dep_known(g, dep("971")));
	CHECK(troc_geo_dep_known(g, dep("976")));
	CHECK(!troc_geo_dep_known(g, dep("20")));
	CHECK(!troc_geo_dep_known(g, dep("97")));
	CHECK(!troc_geo_dep_known(g, dep("975")));

	CHECK_INT(troc_geo_token(g, "75056", 5), key("75056"));
	CHECK_INT(troc_geo_token(g, "75111", 5), key("75111"));
	CHECK_INT(troc_geo_token(g, "75", 2), dtok("75"));
	CHECK_INT(troc_geo_token(g, "2A", 2), dtok("2A"));
	CHECK_INT(troc_geo_token(g, "971", 3), dtok("971"));
	CHECK_INT(troc_geo_token(g, "99999", 5), -1);
	CHECK_INT(troc_geo_token(g, "20", 2), -1);
	CHECK_INT(troc_geo_token(g, "7511", 4), -1);
	CHECK_INT(troc_geo_token(g, "", 0), -1);

	/* zones: Paris, its arrondissements and its 29 neighbours */
	CHECK_INT(troc_geo_zone(g, key("75056")), TROC_ZONE_PARIS);
	CHECK_INT(troc_geo_zone(g, key("75101")), TROC_ZONE_PARIS);
	CHECK_INT(troc_geo_zone(g, key("75120")), TROC_ZONE_PARIS);
	CHECK_INT(troc_geo_zone(g, key("92012")), TROC_ZONE_PARIS);
	for (k = 0, bad = 0; k < 29; k++)
		bad += troc_geo_zone(g, key(neighbours[k])) != TROC_ZONE_PARIS;
	CHECK_INT(bad, 0);
	for (k = 0, paris = 0, bad = 0; k < TROC_NCOMMUNE; k++) {
		if (!troc_geo_commune_known(g, k) ||
		    troc_geo_zone(g, k) != TROC_ZONE_PARIS)
			continue;
		paris++;
		troc_commune_code(k, buf);
		bad += strncmp(buf, "75", 2) != 0 && strncmp(buf, "92", 2) &&
		    strncmp(buf, "93", 2) && strncmp(buf, "94", 2);
	}
	CHECK_INT(paris, 50);	/* 75056, 20 arrondissements, 29 */
	CHECK_INT(bad, 0);
	CHECK_INT(troc_geo_zone(g, key("92002")), TROC_ZONE_IDF); /* Antony */
	CHECK_INT(troc_geo_zone(g, key("93005")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("77186")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("78646")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("91228")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("95018")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("78524")), TROC_ZONE_IDF); /* COMD */
	CHECK_INT(troc_geo_zone(g, key("13055")), TROC_ZONE_OTHER);
	CHECK_INT(troc_geo_zone(g, key("60088")), TROC_ZONE_OTHER);
	CHECK_INT(troc_geo_zone(g, key("2A004")), TROC_ZONE_OTHER);
	CHECK_INT(troc_geo_zone(g, key("97101")), TROC_ZONE_OTHER);
	CHECK_INT(troc_geo_zone(g, -1), TROC_ZONE_OTHER);

	/* centroids and distances */
	CHECK(troc_geo_centroid(g, key("75101"), &lat, &lon));
	CHECK_NEAR(lat, 48.86256, 1e-9);
	CHECK_NEAR(lon, 2.33644, 1e-9);
	CHECK(!troc_geo_centroid(g, key("75056"), &lat, &lon));
	CHECK(!troc_geo_centroid(g, key("13055"), &lat, &lon));
	CHECK(!troc_geo_centroid(g, -1, &lat, &lon));
	for (k = 0, n = 0; k < TROC_NCOMMUNE; k++)
		n += troc_geo_centroid(g, k, &lat, &lon);
	CHECK_INT(n, 1287);
	CHECK_NEAR(troc_geo_distance(g, key("75101"), key("77186")),
	    56.67902, 1e-4);
	CHECK_NEAR(troc_geo_distance(g, key("75101"), key("92012")),
	    7.69379, 1e-4);
	CHECK_NEAR(troc_geo_distance(g, key("75111"), key("75111")), 0, 0);
	CHECK(isnan(troc_geo_distance(g, key("75056"), key("75111"))));
	CHECK(isnan(troc_geo_distance(g, key("75111"), key("13055"))));
	CHECK(isnan(troc_geo_distance(g, key("75111"), -1)));
}

/* Write s into a new temporary file; its path into path (64 bytes). */
static int
tmpfile_with(char *path, const char *s)
{
	int fd;

	strcpy(path, "/tmp/troc-test-geo-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Loading s with load fails at line, with a message containing what. */
static void
load_fails(int (*load)(struct troc_geo *, const char *, struct troc_err *),
    const char *s, unsigned long line, const char *what)
{
	struct troc_geo *g = troc_geo_new();
	struct troc_err e;
	char path[64];

	memset(&e, 0, sizeof(e));
	CHECK(g != NULL);
	if (g == NULL || tmpfile_with(path, s) < 0) {
		CHECK(!"temporary file");
		troc_geo_free(g);
		return;
	}
	CHECK(load(g, path, &e) < 0);
	CHECK(e.file != NULL && strcmp(e.file, path) == 0);
	CHECK_INT(e.line, line);
	if (strstr(e.msg, what) == NULL)
		fprintf(stderr, "message: %s\n", e.msg);
	CHECK(strstr(e.msg, what) != NULL);
	unlink(path);
	troc_geo_free(g);
}

static void
test_load_errors(void)
{
	struct troc_err e;
	struct troc_geo *g;
	char path[64];

	load_fails(troc_geo_load_cog, "TYPECOM,COM,DEP\nCOM,01001,01\n"
	    "COM,1002,01\n", 3, "COM: not an INSEE code");
	load_fails(troc_geo_load_cog, "TYPECOM,COM,DEP\nCOM,01001,1\n", 2,
	    "DEP");
	load_fails(troc_geo_load_cog, "TYPECOM,COM\nCOM,01001\n", 1,
	    "required column missing: DEP");
	load_fails(troc_geo_load_zones, "commune,zone\n92012,paris\n"
	    "92002,banlieue\n", 3, "zone: not paris, idf or other");
	load_fails(troc_geo_load_zones, "commune,zone\n92012,paris\n"
	    "92012,idf\n", 3, "two zones");
	load_fails(troc_geo_load_centroids, "code_insee,centroid_lat,"
	    "centroid_lon\n75101,48.8,2.3\n75102,91,2.3\n", 3,
	    "centroid_lat: not a coordinate");
	load_fails(troc_geo_load_centroids, "code_insee,centroid_lat,"
	    "centroid_lon\n75101,48.8,east\n", 2, "centroid_lon");

	/* a small reference, loaded file by file */
	g = troc_geo_new();
	CHECK(tmpfile_with(path, "typecom,com,dep\nCOM,75056,75\n"
	    "ARM,75111,\n") == 0);
	CHECK(troc_geo_load_cog(g, path, &e) == 0);
	unlink(path);
	CHECK(troc_geo_commune_known(g, key("75111")));
	CHECK(!troc_geo_commune_known(g, key("92012")));
	CHECK(troc_geo_dep_known(g, dep("75")));
	/* without a zone table, the département rule: 92012 is idf */
	CHECK_INT(troc_geo_zone(g, key("92012")), TROC_ZONE_IDF);
	CHECK_INT(troc_geo_zone(g, key("75111")), TROC_ZONE_PARIS);
	CHECK(tmpfile_with(path, "commune;zone\n92012;paris\n") == 0);
	CHECK(troc_geo_load_zones(g, path, &e) == 0);
	unlink(path);
	CHECK_INT(troc_geo_zone(g, key("92012")), TROC_ZONE_PARIS);
	CHECK(isnan(troc_geo_distance(g, key("75111"), key("92012"))));
	troc_geo_free(g);
	troc_geo_free(NULL);

	/* a directory without the files names the missing one */
	CHECK(troc_geo_load("/nonexistent-troc-dir", &e) == NULL);
	CHECK(e.file != NULL && strstr(e.file, TROC_COG_FILE) != NULL);
}

int
main(void)
{
	struct troc_err e;
	struct troc_geo *g;

	test_codes();
	test_parent_and_wish();
	test_haversine();
	test_load_errors();
	check_arm_parents();
	if ((g = troc_geo_load(datadir(), &e)) == NULL) {
		fprintf(stderr, "%s:%lu: %s\n", e.file, e.line, e.msg);
		CHECK(!"geo loads");
	} else {
		test_loaded(g);
		troc_geo_free(g);
	}
	return test_done("geo");
}
