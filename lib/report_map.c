/* report_map.c: the map of the report's page: the outlines of the
 * Île-de-France communes, projected and written as SVG paths, each
 * coloured by the homes left and taken there. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "troc/table.h"

struct troc_rep_map {
	size_t n;		/* communes */
	int *key;		/* commune key of outline i */
	char **name;		/* its name in the outlines file */
	size_t *start;		/* its first point; start[n] = points */
	float *lon, *lat;
	unsigned char *ring;	/* 1 where a ring starts */
	size_t npt, cap;
	double lon0, lon1, lat0, lat1;
};

void
rep_map_free(struct troc_rep_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->name[i]);
	free(m->key);
	free(m->name);
	free(m->start);
	free(m->lon);
	free(m->lat);
	free(m->ring);
	free(m);
}

static int
add_point(struct troc_rep_map *m, double lon, double lat, int ring)
{
	if (m->npt == m->cap) {
		size_t c = m->cap ? 2 * m->cap : 65536;
		float *a = realloc(m->lon, c * sizeof(*a)),
		    *b = a ? realloc(m->lat, c * sizeof(*b)) : NULL;
		unsigned char *r = b ? realloc(m->ring, c) : NULL;

		if (a)
			m->lon = a;
		if (b)
			m->lat = b;
		if (r == NULL)
			return -1;
		m->ring = r;
		m->cap = c;
	}
	m->lon[m->npt] = (float)lon;
	m->lat[m->npt] = (float)lat;
	m->ring[m->npt++] = (unsigned char)ring;
	if (lon < m->lon0) m->lon0 = lon;
	if (lon > m->lon1) m->lon1 = lon;
	if (lat < m->lat0) m->lat0 = lat;
	if (lat > m->lat1) m->lat1 = lat;
	return 0;
}

/* "lon lat;lon lat|lon lat;..." (NUL-terminated) into points. */
static int
add_rings(struct troc_rep_map *m, const char *s)
{
	char *end;
	int ring = 1;

	while (*s) {
		double lon = strtod(s, &end), lat;

		if (end == s || *end != ' ')
			return -1;
		s = end + 1;
		lat = strtod(s, &end);
		if (end == s || !isfinite(lon) || !isfinite(lat) ||
		    add_point(m, lon, lat, ring) < 0)
			return -1;
		s = end;
		ring = *s == '|';
		if (*s == ';' || *s == '|')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

static const struct troc_col outline_cols[] = {
	{ "code", 1, NULL }, { "name", 1, NULL }, { "rings", 1, NULL }
};

static int
outline_row(struct troc_rep_map *m, const struct troc_bind *b,
    const struct troc_rec *rec, size_t *cap)
{
	size_t n[3], i;
	const char *s[3];
	void *p;

	for (i = 0; i < 3; i++)
		s[i] = troc_bind_get(b, rec, i, &n[i]);
	if (m->n + 1 >= *cap) {
		*cap = *cap ? 2 * *cap : 2048;
		if ((p = realloc(m->key, *cap * sizeof(*m->key))) == NULL)
			return -1;
		m->key = p;
		if ((p = realloc(m->name, *cap * sizeof(*m->name))) == NULL)
			return -1;
		m->name = p;
		if ((p = realloc(m->start, *cap * sizeof(*m->start))) == NULL)
			return -1;
		m->start = p;
	}
	if ((m->name[m->n] = malloc(n[1] + 1)) == NULL)
		return -1;
	memcpy(m->name[m->n], s[1], n[1] + 1);
	m->key[m->n] = troc_commune_key(s[0], n[0]);
	m->start[m->n++] = m->npt;
	return add_rings(m, s[2]);
}

int
troc_report_load_outlines(struct troc_report *r, const char *path,
    struct troc_err *e)
{
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_rep_map *m;
	size_t cap = 0;
	int k = -1;

	if ((in = troc_csv_open(path, NULL, e)) == NULL)
		return -1;
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		goto out;
	}
	m->lon0 = m->lat0 = INFINITY;
	m->lon1 = m->lat1 = -INFINITY;
	if (troc_bind_header(&b, troc_csv_header(in), outline_cols, 3, path,
	    e) < 0)
		goto out;
	while ((k = troc_csv_next(in, &rec, e)) > 0)
		if (outline_row(m, &b, &rec, &cap) < 0) {
			troc_err_set(e, path, rec.line, "not a commune outline");
			k = -1;
			break;
		}
	troc_bind_release(&b);
	if (k == 0 && m->n == 0) {
		troc_err_set(e, path, 0, "no outline");
		k = -1;
	}
out:
	troc_csv_free(in);
	if (k < 0) {
		rep_map_free(m);
		return -1;
	}
	m->start[m->n] = m->npt;
	rep_map_free(r->map);
	r->map = m;
	return 0;
}

/* ---- drawing ---- */

#define MAP_W 640.0

/* Homes left and taken in each outline: a commune's own, and those of
 * its arrondissements (Paris is one outline). */
static void
count(const struct troc_figs *f, const int *at, double *left, double *taken)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct troc_fig *x = &f->v[i];
		int k, o;

		if (strcmp(x->table, "commune") != 0)
			continue;
		k = troc_commune_key(x->group, strlen(x->group));
		if (k < 0)
			continue;
		if ((o = at[k]) < 0 && troc_commune_parent(k) >= 0)
			o = at[troc_commune_parent(k)];
		if (o < 0)
			continue;
		if (strcmp(x->key, "left") == 0)
			left[o] += x->value;
		else
			taken[o] += x->value;
	}
}

/* A number of a path, after the one before: a minus sign separates. */
static void
coord(struct troc_out *w, long v)
{
	rep_printf(w, v < 0 ? "%ld" : " %ld", v);
}

/* The rings of outline i as a path: absolute moves, relative lines
 * (short numbers), points closer than 2 px to the last one dropped. */
static void
outline(struct troc_out *w, const struct troc_rep_map *m, size_t i,
    double sx, double sy)
{
	long px = 0, py = 0;
	size_t p;
	int lines = 0;

	for (p = m->start[i]; p < m->start[i + 1]; p++) {
		long x = lround((m->lon[p] - m->lon0) * sx);
		long y = lround((m->lat1 - m->lat[p]) * sy);

		if (m->ring[p]) {
			rep_printf(w, "%sM%ld %ld", p > m->start[i] ? "Z" : "",
			    x, y);
			lines = 0;
		} else if (labs(x - px) + labs(y - py) >= 2) {
			if (!lines++)
				rep_printf(w, "l");
			coord(w, x - px);
			coord(w, y - py);
		} else {
			continue;
		}
		px = x;
		py = y;
	}
	rep_printf(w, "Z");
}

static void
paths(struct troc_out *w, const struct troc_report *r, const double *left,
    const double *taken, double max)
{
	const struct troc_rep_map *m = r->map;
	double k = cos((m->lat0 + m->lat1) / 2 * M_PI / 180);
	double sx = MAP_W / ((m->lon1 - m->lon0) * k) * k;
	double sy = MAP_W / ((m->lon1 - m->lon0) * k);
	char code[8];
	size_t i;

	rep_printf(w, "<svg id=\"chart-map\" xmlns=\"http://www.w3.org/2000/"
	    "svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">", MAP_W,
	    (m->lat1 - m->lat0) * sy);
	for (i = 0; i < m->n; i++) {
		double v = left[i] + taken[i];
		const char *name = troc_report_commune_name(r, m->key[i]);

		if (v > 0)
			rep_printf(w, "<path class=\"m\" fill-opacity=\"%.2f\" d=\"",
			    0.15 + 0.85 * sqrt(v / max));
		else
			rep_printf(w, "<path class=\"m0\" d=\"");
		outline(w, m, i, sx, sy);
		rep_printf(w, "\"><title>%s ", troc_commune_code(m->key[i],
		    code));
		rep_html_str(w, name ? name : m->name[i]);
		rep_printf(w, ": %.0f homes left, %.0f taken</title></path>",
		    left[i], taken[i]);
	}
	rep_printf(w, "</svg>\n");
}

void
rep_map(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	const struct troc_rep_map *m = r->map;
	double *left, *taken, max = 0;
	int *at;
	size_t i;

	if (m == NULL || m->n == 0 || !(m->lon1 > m->lon0) ||
	    !(m->lat1 > m->lat0))
		return;
	at = malloc(TROC_NCOMMUNE * sizeof(*at));
	left = calloc(m->n, sizeof(*left));
	taken = calloc(m->n, sizeof(*taken));
	if (at && left && taken) {
		for (i = 0; i < TROC_NCOMMUNE; i++)
			at[i] = -1;
		for (i = 0; i < m->n; i++)
			if (m->key[i] >= 0)
				at[m->key[i]] = (int)i;
		count(f, at, left, taken);
		for (i = 0; i < m->n; i++)
			if (left[i] + taken[i] > max)
				max = left[i] + taken[i];
		rep_printf(w, "<h2>Map of the moves</h2>\n<p class=\"note\">"
		    "Homes left and taken in each commune (Paris as one), the "
		    "darker the more; hover over a commune for its figures."
		    "</p>\n");
		paths(w, r, left, taken, max);
	}
	free(at);
	free(left);
	free(taken);
}
