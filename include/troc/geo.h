/* geo.h: the commune reference: INSEE codes, départements, ceiling zones,
 * centroids, distances and the wish matching of SPEC.md §3.4 rule 2. */
#ifndef TROC_GEO_H
#define TROC_GEO_H

#include <stddef.h>

#include "troc/err.h"

/*
 * A commune key is an INSEE code [0-9][0-9AB][0-9]{3} as a number in
 * 0..TROC_NCOMMUNE-1, usable as a direct index (no hashing); -1 means no
 * commune (empty, malformed or unknown). A département key is a number in
 * 0..TROC_NDEP-1 ("01".."95", "2A", "2B", "971".."979"). A wish token is a
 * commune key, or TROC_DEP_TOKEN + a département key.
 */
#define TROC_NCOMMUNE	120000
#define TROC_NDEP	130
#define TROC_DEP_TOKEN	TROC_NCOMMUNE

/* The ceiling zone of a commune (arrêté du 29 juillet 1987). */
enum troc_zone {
	TROC_ZONE_PARIS = 0,	/* Paris and its 29 neighbouring communes */
	TROC_ZONE_IDF,		/* the rest of Île-de-France */
	TROC_ZONE_OTHER,	/* the rest of France */
	TROC_NZONE
};

/* Key of the commune code s (n bytes, exactly 5 chars), or -1. */
int troc_commune_key(const char *s, size_t n);

/* The code of commune key k into out (6 bytes); returns out ("" if k is
 * not a key). */
char *troc_commune_code(int k, char *out);

/* Key of the département code s ("75", "2A", "971"), or -1. */
int troc_dep_key(const char *s, size_t n);

/* The code of département key d into out (4 bytes); returns out. */
char *troc_dep_code(int d, char *out);

/* Département key of commune key k: its first two characters, three for
 * 97x (overseas). -1 when k is not a key. */
int troc_commune_dep(int k);

/* The commune a municipal arrondissement belongs to (751xx → 75056
 * Paris, 132xx → 13055 Marseille, 6938x → 69123 Lyon, as COG 2022
 * COMPARENT), or -1 when k is not an arrondissement. */
int troc_commune_parent(int k);

/* 1 when commune k matches wish token t: the same commune, its
 * département, or the commune its arrondissement belongs to (75056 covers
 * every 751xx). 0 otherwise or when either is -1. */
int troc_wish_match(int t, int k);

/* The zone's word ("paris", "idf", "other"). */
const char *troc_zone_name(enum troc_zone z);

/* Parse a zone word; 0 and *z set, or -1. */
int troc_zone_parse(const char *s, size_t n, enum troc_zone *z);

/* Great-circle distance in km between two points in degrees (haversine,
 * Earth radius TROC_EARTH_KM). */
#define TROC_EARTH_KM 6371.0
double troc_haversine(double lat1, double lon1, double lat2, double lon2);

/* The loaded reference. */
struct troc_geo;

/* Names of the files troc_geo_load reads in its directory. */
#define TROC_COG_FILE		"insee-communes-2022.csv"
#define TROC_ZONES_FILE		"idf-ceiling-zones.csv"
#define TROC_CENTROIDS_FILE	"idf-communes.csv"

/* An empty reference (no commune known, every zone from the département
 * rule, no centroid), or NULL when out of memory. Free with
 * troc_geo_free. */
struct troc_geo *troc_geo_new(void);

/* Load the INSEE COG communes file (columns TYPECOM, COM, DEP): every COM
 * of every TYPECOM becomes a known commune, every non-empty DEP a known
 * département. Returns 0, or -1 with e naming the file and line. */
int troc_geo_load_cog(struct troc_geo *g, const char *path,
    struct troc_err *e);

/* Load the zone table (columns commune, zone): those communes get that
 * zone. Returns 0 or -1 with e filled. */
int troc_geo_load_zones(struct troc_geo *g, const char *path,
    struct troc_err *e);

/* Load centroids (columns code_insee, centroid_lat, centroid_lon).
 * Returns 0 or -1 with e filled. */
int troc_geo_load_centroids(struct troc_geo *g, const char *path,
    struct troc_err *e);

/* A reference loaded from the three files above in directory dir, or NULL
 * with e filled (e->file then names the file that failed, in a static
 * buffer valid until the next failed call). Free with troc_geo_free. */
struct troc_geo *troc_geo_load(const char *dir, struct troc_err *e);

/* Free; NULL is allowed. */
void troc_geo_free(struct troc_geo *g);

/* 1 when commune k is in the loaded COG (any TYPECOM), else 0. */
int troc_geo_commune_known(const struct troc_geo *g, int k);

/* 1 when département d is a DEP value of the loaded COG, else 0. */
int troc_geo_dep_known(const struct troc_geo *g, int d);

/* The wish token for s (a known commune code of 5 chars, or a known
 * département code of 2 or 3), or -1 when malformed or unknown. */
int troc_geo_token(const struct troc_geo *g, const char *s, size_t n);

/* Ceiling zone of commune k: the zone table's entry when it has one, else
 * paris for département 75, idf for 77, 78, 91–95, other elsewhere (and
 * for k = -1). */
enum troc_zone troc_geo_zone(const struct troc_geo *g, int k);

/* Centroid of commune k: 1 and *lat, *lon set, or 0 when it has none
 * (75056, outside Île-de-France, -1). */
int troc_geo_centroid(const struct troc_geo *g, int k, double *lat,
    double *lon);

/* Distance in km between the centroids of communes a and b, or NAN when
 * either has no centroid. */
double troc_geo_distance(const struct troc_geo *g, int a, int b);

#endif
