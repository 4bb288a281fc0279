/* geo.c: the commune reference: INSEE codes as direct indexes, ceiling
 * zones, centroids and the wish matching. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/csvin.h"
#include "troc/geo.h"
#include "troc/num.h"
#include "troc/table.h"

#define KNOWN	0x01	/* flag: in the COG */
#define ZSHIFT	1	/* flag bits 1-2: zone + 1, 0 when not in the table */

struct troc_geo {
	unsigned char flag[TROC_NCOMMUNE];
	unsigned char dep[TROC_NDEP];
	uint16_t cidx[TROC_NCOMMUNE];	/* centroid index + 1, 0: none */
	double *lat, *lon;
	size_t ncent, capcent;
};

/* Value 0..11 of the second character of a code ([0-9AB]), or -1. */
static int
second(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c == 'A' || c == 'B')
		return 10 + (c - 'A');
	return -1;
}

static int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

int
troc_commune_key(const char *s, size_t n)
{
	int a, b, c, d, f;

	if (n != 5)
		return -1;
	a = digit(s[0]), b = second(s[1]);
	c = digit(s[2]), d = digit(s[3]), f = digit(s[4]);
	if (a < 0 || b < 0 || c < 0 || d < 0 || f < 0)
		return -1;
	return (a * 12 + b) * 1000 + c * 100 + d * 10 + f;
}

static char
second_char(int v)
{
	return v < 10 ? (char)('0' + v) : (char)('A' + v - 10);
}

char *
troc_commune_code(int k, char *out)
{
	int hi = k / 1000, lo = k % 1000;

	if (k < 0 || k >= TROC_NCOMMUNE) {
		out[0] = '\0';
		return out;
	}
	out[0] = (char)('0' + hi / 12);
	out[1] = second_char(hi % 12);
	out[2] = (char)('0' + lo / 100);
	out[3] = (char)('0' + lo / 10 % 10);
	out[4] = (char)('0' + lo % 10);
	out[5] = '\0';
	return out;
}

/* Key of the two-character prefix "97", whose communes are overseas. */
#define HI97 (9 * 12 + 7)

int
troc_dep_key(const char *s, size_t n)
{
	int a, b;

	if (n == 2) {
		a = digit(s[0]), b = second(s[1]);
		return a < 0 || b < 0 ? -1 : a * 12 + b;
	}
	if (n == 3 && s[0] == '9' && s[1] == '7' && digit(s[2]) >= 0)
		return 120 + digit(s[2]);
	return -1;
}

char *
troc_dep_code(int d, char *out)
{
	if (d < 0 || d >= TROC_NDEP) {
		out[0] = '\0';
	} else if (d >= 120) {
		out[0] = '9', out[1] = '7', out[2] = (char)('0' + d - 120);
		out[3] = '\0';
	} else {
		out[0] = (char)('0' + d / 12), out[1] = second_char(d % 12);
		out[2] = '\0';
	}
	return out;
}

int
troc_commune_dep(int k)
{
	if (k < 0 || k >= TROC_NCOMMUNE)
		return -1;
	if (k / 1000 == HI97)
		return 120 + k % 1000 / 100;
	return k / 1000;
}

int
troc_commune_parent(int k)
{
	static const struct {
		int hi, first, last, parent;
	} arm[] = {
		{ 7 * 12 + 5, 101, 120, 56 },	/* Paris 75101-75120: 75056 */
		{ 1 * 12 + 3, 201, 216, 55 },	/* Marseille 13201-13216: 13055 */
		{ 6 * 12 + 9, 381, 389, 123 },	/* Lyon 69381-69389: 69123 */
	};
	size_t i;

	if (k < 0 || k >= TROC_NCOMMUNE)
		return -1;
	for (i = 0; i < sizeof(arm) / sizeof(arm[0]); i++)
		if (k / 1000 == arm[i].hi && k % 1000 >= arm[i].first &&
		    k % 1000 <= arm[i].last)
			return arm[i].hi * 1000 + arm[i].parent;
	return -1;
}

int
troc_wish_match(int t, int k)
{
	if (t < 0 || k < 0 || k >= TROC_NCOMMUNE)
		return 0;
	if (t == k)
		return 1;
	if (t >= TROC_DEP_TOKEN)
		return t - TROC_DEP_TOKEN == troc_commune_dep(k);
	return t == troc_commune_parent(k);
}

static const char *const zone_names[TROC_NZONE] = { "paris", "idf", "other" };

const char *
troc_zone_name(enum troc_zone z)
{
	return (unsigned)z < TROC_NZONE ? zone_names[z] : "";
}

int
troc_zone_parse(const char *s, size_t n, enum troc_zone *z)
{
	int i;

	for (i = 0; i < TROC_NZONE; i++)
		if (strlen(zone_names[i]) == n && memcmp(s, zone_names[i], n) == 0) {
			*z = (enum troc_zone)i;
			return 0;
		}
	return -1;
}

double
troc_haversine(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = 3.14159265358979323846 / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double s1 = sin(dlat / 2), s2 = sin(dlon / 2), a;

	a = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
	if (a > 1)
		a = 1;
	return 2 * TROC_EARTH_KM * asin(sqrt(a));
}

struct troc_geo *
troc_geo_new(void)
{
	return calloc(1, sizeof(struct troc_geo));
}

void
troc_geo_free(struct troc_geo *g)
{
	if (g == NULL)
		return;
	free(g->lat);
	free(g->lon);
	free(g);
}

/* One table being read: its reader and its columns bound. */
struct table {
	struct troc_csv *r;
	struct troc_bind b;
	struct troc_rec rec;
	const char *path;
};

static int
table_open(struct table *t, const char *path, const struct troc_col *cols,
    size_t ncols, struct troc_err *e)
{
	memset(t, 0, sizeof(*t));
	t->path = path;
	if ((t->r = troc_csv_open(path, NULL, e)) == NULL)
		return -1;
	if (troc_bind_header(&t->b, troc_csv_header(t->r), cols, ncols, path,
	    e) < 0) {
		troc_bind_release(&t->b);
		troc_csv_free(t->r);
		return -1;
	}
	return 0;
}

static void
table_close(struct table *t)
{
	troc_bind_release(&t->b);
	troc_csv_free(t->r);
}

/* Field i of the current record. */
static const char *
field(const struct table *t, size_t i, size_t *n)
{
	return troc_bind_get(&t->b, &t->rec, i, n);
}

/* Commune key of field i, or -1 with e set. */
static int
commune_field(const struct table *t, size_t i, const char *col,
    struct troc_err *e)
{
	size_t n;
	const char *s = field(t, i, &n);
	int k = troc_commune_key(s, n);

	if (k < 0)
		troc_err_set(e, t->path, t->rec.line, "%s: not an INSEE code: "
		    "\"%.*s\"", col, (int)(n > 64 ? 64 : n), s);
	return k;
}

int
troc_geo_load_cog(struct troc_geo *g, const char *path, struct troc_err *e)
{
	static const struct troc_col cols[] = {
		{ "TYPECOM", 1, NULL }, { "COM", 1, NULL }, { "DEP", 1, NULL },
	};
	struct table t;
	const char *s;
	size_t n;
	int k, d, rc;

	if (table_open(&t, path, cols, 3, e) < 0)
		return -1;
	while ((rc = troc_csv_next(t.r, &t.rec, e)) == 1) {
		if ((k = commune_field(&t, 1, "COM", e)) < 0) {
			rc = -1;
			break;
		}
		g->flag[k] |= KNOWN;
		s = field(&t, 2, &n);
		if (n == 0)	/* delegated and associated communes */
			continue;
		if ((d = troc_dep_key(s, n)) < 0) {
			troc_err_set(e, path, t.rec.line, "DEP: not a "
			    "département code: \"%.*s\"", (int)(n > 64 ? 64 :
			    n), s);
			rc = -1;
			break;
		}
		g->dep[d] = 1;
	}
	table_close(&t);
	return rc < 0 ? -1 : 0;
}

int
troc_geo_load_zones(struct troc_geo *g, const char *path, struct troc_err *e)
{
	static const struct troc_col cols[] = {
		{ "commune", 1, NULL }, { "zone", 1, NULL },
	};
	struct table t;
	enum troc_zone z;
	const char *s;
	size_t n;
	int k, rc, old;

	if (table_open(&t, path, cols, 2, e) < 0)
		return -1;
	while ((rc = troc_csv_next(t.r, &t.rec, e)) == 1) {
		if ((k = commune_field(&t, 0, "commune", e)) < 0) {
			rc = -1;
			break;
		}
		s = field(&t, 1, &n);
		if (troc_zone_parse(s, n, &z) < 0) {
			troc_err_set(e, path, t.rec.line, "zone: not paris, "
			    "idf or other: \"%.*s\"", (int)(n > 64 ? 64 : n),
			    s);
			rc = -1;
			break;
		}
		old = g->flag[k] >> ZSHIFT & 3;
		if (old != 0 && old != (int)z + 1) {
			troc_err_set(e, path, t.rec.line, "commune %.5s: two "
			    "zones", field(&t, 0, &n));
			rc = -1;
			break;
		}
		g->flag[k] = (unsigned char)((g->flag[k] & KNOWN) |
		    ((int)z + 1) << ZSHIFT);
	}
	table_close(&t);
	return rc < 0 ? -1 : 0;
}

/* Decimal field i within [lo, hi] into *v; 0, or -1 with e set. */
static int
degrees(const struct table *t, size_t i, const char *col, double lo,
    double hi, double *v, struct troc_err *e)
{
	size_t n;
	const char *s = field(t, i, &n);

	if (troc_num_decimal(s, n, v) != TROC_NUM_OK || *v < lo || *v > hi) {
		troc_err_set(e, t->path, t->rec.line, "%s: not a coordinate: "
		    "\"%.*s\"", col, (int)(n > 64 ? 64 : n), s);
		return -1;
	}
	return 0;
}

/* Room for one more centroid; 0 or -1. */
static int
grow(struct troc_geo *g)
{
	size_t cap = g->capcent ? 2 * g->capcent : 2048;
	double *la, *lo;

	if (g->ncent < g->capcent)
		return 0;
	if ((la = realloc(g->lat, cap * sizeof(*la))) == NULL)
		return -1;
	g->lat = la;
	if ((lo = realloc(g->lon, cap * sizeof(*lo))) == NULL)
		return -1;
	g->lon = lo;
	g->capcent = cap;
	return 0;
}

int
troc_geo_load_centroids(struct troc_geo *g, const char *path,
    struct troc_err *e)
{
	static const struct troc_col cols[] = {
		{ "code_insee", 1, "commune|code" },
		{ "centroid_lat", 1, "lat|latitude" },
		{ "centroid_lon", 1, "lon|longitude" },
	};
	struct table t;
	double la, lo;
	int k, rc;

	if (table_open(&t, path, cols, 3, e) < 0)
		return -1;
	while ((rc = troc_csv_next(t.r, &t.rec, e)) == 1) {
		rc = -1;
		if ((k = commune_field(&t, 0, "code_insee", e)) < 0 ||
		    degrees(&t, 1, "centroid_lat", -90, 90, &la, e) < 0 ||
		    degrees(&t, 2, "centroid_lon", -180, 180, &lo, e) < 0)
			break;
		if (g->cidx[k] == 0) {
			if (g->ncent >= UINT16_MAX) {
				troc_err_set(e, path, t.rec.line,
				    "too many centroids");
				break;
			}
			if (grow(g) < 0) {
				troc_err_set(e, path, t.rec.line,
				    "out of memory");
				break;
			}
			g->cidx[k] = (uint16_t)++g->ncent;
		}
		g->lat[g->cidx[k] - 1] = la;
		g->lon[g->cidx[k] - 1] = lo;
		rc = 1;
	}
	table_close(&t);
	return rc < 0 ? -1 : 0;
}

/* The path of the file that failed, for e->file after we return. */
static char errpath[PATH_MAX];

struct troc_geo *
troc_geo_load(const char *dir, struct troc_err *e)
{
	static const char *const names[] = {
		TROC_COG_FILE, TROC_ZONES_FILE, TROC_CENTROIDS_FILE
	};
	static int (*const load[])(struct troc_geo *, const char *,
	    struct troc_err *) = {
		troc_geo_load_cog, troc_geo_load_zones,
		troc_geo_load_centroids
	};
	struct troc_geo *g;
	char path[PATH_MAX];
	size_t i;

	if ((g = troc_geo_new()) == NULL) {
		troc_err_set(e, dir, 0, "out of memory");
		return NULL;
	}
	for (i = 0; i < 3; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]) >= sizeof(path)) {
			troc_err_set(e, dir, 0, "path too long");
			break;
		}
		if (load[i](g, path, e) < 0) {
			memcpy(errpath, path, sizeof(path));
			if (e)
				e->file = errpath;
			break;
		}
	}
	if (i < 3) {
		troc_geo_free(g);
		return NULL;
	}
	return g;
}

int
troc_geo_commune_known(const struct troc_geo *g, int k)
{
	return k >= 0 && k < TROC_NCOMMUNE && (g->flag[k] & KNOWN);
}

int
troc_geo_dep_known(const struct troc_geo *g, int d)
{
	return d >= 0 && d < TROC_NDEP && g->dep[d];
}

int
troc_geo_token(const struct troc_geo *g, const char *s, size_t n)
{
	int k;

	if (n == 5) {
		k = troc_commune_key(s, n);
		return troc_geo_commune_known(g, k) ? k : -1;
	}
	k = troc_dep_key(s, n);
	return troc_geo_dep_known(g, k) ? TROC_DEP_TOKEN + k : -1;
}

enum troc_zone
troc_geo_zone(const struct troc_geo *g, int k)
{
	int z, d;

	if (k < 0 || k >= TROC_NCOMMUNE)
		return TROC_ZONE_OTHER;
	if ((z = g->flag[k] >> ZSHIFT & 3) != 0)
		return (enum troc_zone)(z - 1);
	d = k / 1000;	/* the first two characters */
	if (d == 7 * 12 + 5)
		return TROC_ZONE_PARIS;
	if (d == 7 * 12 + 7 || d == 7 * 12 + 8 || (d >= 9 * 12 + 1 &&
	    d <= 9 * 12 + 5))
		return TROC_ZONE_IDF;
	return TROC_ZONE_OTHER;
}

int
troc_geo_centroid(const struct troc_geo *g, int k, double *lat, double *lon)
{
	size_t i;

	if (k < 0 || k >= TROC_NCOMMUNE || g->cidx[k] == 0)
		return 0;
	i = g->cidx[k] - 1u;
	*lat = g->lat[i];
	*lon = g->lon[i];
	return 1;
}

double
troc_geo_distance(const struct troc_geo *g, int a, int b)
{
	double la1, lo1, la2, lo2;

	if (!troc_geo_centroid(g, a, &la1, &lo1) ||
	    !troc_geo_centroid(g, b, &la2, &lo2))
		return NAN;
	return troc_haversine(la1, lo1, la2, lo2);
}
