/* report_html.c: a report as one self-contained HTML page: inline CSS
 * allowed by its hash, inline SVG charts, nothing else loaded (the
 * Content-Security-Policy forbids it), every string from the data
 * escaped. A figure is written as an element whose data-t, data-g and
 * data-k name its table, group and key, for tests and scripts. */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "troc/rules.h"

int
rep_html(struct troc_out *w, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xef\xbf\xbd"; break;	/* U+FFFD */
		default: continue;
		}
		troc_out_raw(w, s + from, i - from);
		troc_out_raw(w, rep, strlen(rep));
		from = i + 1;
	}
	return troc_out_raw(w, s + from, n - from);
}

int
rep_html_str(struct troc_out *w, const char *s)
{
	return s ? rep_html(w, s, strlen(s)) : 0;
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:"
    "70em;color:#222}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ccc}.cards{display:flex;flex-wrap:wrap;gap:"
    "1em}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;"
    "min-width:10em}.card .fig{display:block;font-size:1.8em;font-weight:"
    "bold}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px "
    "solid #ddd;padding:2px 6px;text-align:left}td.n{text-align:right}"
    "svg text{font:12px system-ui,sans-serif}.s0{fill:#4e79a7}.s1{fill:"
    "#f28e2b}.cell,.m{fill:#4e79a7}.m0{fill:#eee}path{stroke:#fff;"
    "stroke-width:.4}.legend{font-size:12px}.note{color:#666}";

/* The page's head: the CSP allows nothing but the style, by its hash. */
static void
head(struct troc_out *w, const struct troc_report *r)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	    sodium_base64_VARIANT_ORIGINAL)];

	crypto_hash_sha256(h, (const unsigned char *)style, strlen(style));
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	rep_printf(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; "
	    "form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<title>troc report", b64);
	if (r->only) {
		rep_printf(w, ": ");
		rep_html_str(w, r->only);
	}
	rep_printf(w, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

/* A figure as an element of tag (span, td, text) with its names. */
static void
fig(struct troc_out *w, const char *tag, const char *attrs,
    const struct troc_figs *f, const char *table, const char *group,
    const char *key)
{
	char b[40];

	rep_printf(w, "<%s%s data-t=\"%s\" data-g=\"", tag, attrs, table);
	rep_html_str(w, group);
	rep_printf(w, "\" data-k=\"");
	rep_html_str(w, key);
	rep_printf(w, "\">%s</%s>", rep_fig(f, table, group, key, b), tag);
}

static void
card(struct troc_out *w, const struct troc_figs *f, const char *table,
    const char *group, const char *key)
{
	double v;

	if (!troc_figs_get(f, table, group, key, &v))
		return;
	rep_printf(w, "<div class=\"card\">");
	fig(w, "span", " class=\"fig\"", f, table, group, key);
	rep_printf(w, "%s</div>\n", rep_label(table, group, key));
}

static void
headline(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	static const char *const keys[] = { "exchanges", "households",
		"priority_households", "waiting", "over_fixed", "under_fixed",
		NULL };
	size_t i;

	rep_printf(w, "<h1>troc report");
	if (r->only) {
		rep_printf(w, " for landlord ");
		rep_html_str(w, r->only);
	}
	rep_printf(w, "</h1>\n<div class=\"cards\" id=\"headline\">\n");
	for (i = 0; keys[i]; i++)
		card(w, f, "summary", "all", keys[i]);
	card(w, f, "across", "landlords", "moves");
	card(w, f, "summary", "all", "weight");
	rep_printf(w, "</div>\n");
}

/* ---- bar charts ---- */

struct series {
	const char *key;	/* of the figure */
	const char *name;	/* in the legend */
};

struct bar {
	const char *group;	/* of the figure */
	char label[200];	/* shown */
};

#define BAR_H 14
#define LABEL_W 220
#define PLOT_W 420

static void
legend(struct troc_out *w, const struct series *s, size_t ns, int y)
{
	size_t k;

	for (k = 0; k < ns; k++)
		rep_printf(w, "<rect class=\"s%zu\" x=\"%zu\" y=\"%d\" "
		    "width=\"10\" height=\"10\"/><text class=\"legend\" "
		    "x=\"%zu\" y=\"%d\">%s</text>", k, LABEL_W + 120 * k, y,
		    LABEL_W + 120 * k + 14, y + 9, s[k].name);
}

/* Horizontal bars: one row per bar, one bar per series, the value
 * written after it. */
static void
bars(struct troc_out *w, const char *id, const char *table,
    const struct troc_figs *f, const struct bar *b, size_t nb,
    const struct series *s, size_t ns)
{
	double max = 0, v;
	size_t i, k;
	int rowh = (int)ns * BAR_H + 8, y;

	for (i = 0; i < nb; i++)
		for (k = 0; k < ns; k++)
			if ((v = rep_val(f, table, b[i].group, s[k].key)) > max)
				max = v;
	rep_printf(w, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" role=\"img\">", id,
	    LABEL_W + PLOT_W + 80, (int)nb * rowh + 30);
	legend(w, s, ns, 2);
	for (i = 0; i < nb; i++) {
		y = 20 + (int)i * rowh;
		rep_printf(w, "<text x=\"0\" y=\"%d\">", y + rowh / 2 + 2);
		rep_html_str(w, b[i].label);
		rep_printf(w, "</text>");
		for (k = 0; k < ns; k++) {
			double len = max > 0 ? rep_val(f, table, b[i].group,
			    s[k].key) / max * PLOT_W : 0;
			char at[64];

			rep_printf(w, "<rect class=\"s%zu\" x=\"%d\" y=\"%d\" "
			    "width=\"%.1f\" height=\"%d\"/>", k, LABEL_W,
			    y + (int)k * BAR_H, len, BAR_H - 2);
			snprintf(at, sizeof(at), " x=\"%.1f\" y=\"%d\"",
			    LABEL_W + len + 4, y + (int)k * BAR_H + BAR_H - 4);
			fig(w, "text", at, f, table, b[i].group, s[k].key);
		}
	}
	rep_printf(w, "</svg>\n");
}

static void
chart_kinds(struct troc_out *w, const struct troc_figs *f)
{
	static const struct series s[] = { { "households", "households" },
		{ "exchanges", "exchanges" } };
	struct bar b[TROC_REP_NKIND];
	size_t k;

	for (k = 0; k < TROC_REP_NKIND; k++) {
		b[k].group = troc_rep_kind_words[k];
		snprintf(b[k].label, sizeof(b[k].label), "%s", b[k].group);
	}
	rep_printf(w, "<h2>Exchanges by kind</h2>\n");
	bars(w, "chart-kind", "kind", f, b, TROC_REP_NKIND, s, 2);
}

static void
chart_reasons(struct troc_out *w, const struct troc_figs *f)
{
	static const struct series s[] = { { "waiting", "waiting" },
		{ "served", "served" } };
	struct bar b[TROC_NPRIORITY];
	size_t k;

	for (k = 0; k < TROC_NPRIORITY; k++) {
		b[k].group = troc_reason_name((enum troc_reason)k);
		snprintf(b[k].label, sizeof(b[k].label), "%s", b[k].group);
	}
	rep_printf(w, "<h2>Priority households: served and waiting, by "
	    "reason</h2>\n");
	bars(w, "chart-reason", "reason", f, b, TROC_NPRIORITY, s, 2);
}

/* The groups of table (in order, once each) into g; returns how many. */
static size_t
groups(const struct troc_figs *f, const char *table, const char **g,
    size_t cap, int keys)
{
	size_t i, j, n = 0;

	for (i = 0; i < f->n; i++) {
		const char *x = keys ? f->v[i].key : f->v[i].group;

		if (strcmp(f->v[i].table, table) != 0)
			continue;
		for (j = 0; j < n && strcmp(g[j], x) != 0; j++)
			;
		if (j == n && n < cap)
			g[n++] = x;
	}
	return n;
}

static void
dep_label(const struct troc_report *r, const char *code, char *buf,
    size_t cap)
{
	const char *name = troc_report_dep_name(r, troc_dep_key(code,
	    strlen(code)));

	snprintf(buf, cap, "%s%s%s", code, name ? " " : "", name ? name : "");
}

static void
chart_deps(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	static const struct series s[] = { { "left", "homes left" },
		{ "taken", "homes taken" } };
	const char *g[TROC_NDEP + 1];
	struct bar *b;
	size_t n = groups(f, "departement", g, TROC_NDEP + 1, 0), i;

	if (n == 0 || (b = calloc(n, sizeof(*b))) == NULL)
		return;
	for (i = 0; i < n; i++) {
		b[i].group = g[i];
		dep_label(r, g[i], b[i].label, sizeof(b[i].label));
	}
	rep_printf(w, "<h2>Households by d&#233;partement</h2>\n");
	bars(w, "chart-departement", "departement", f, b, n, s, 2);
	free(b);
}

/* ---- matrices ---- */

#define CELL 34

/* A grid of rows x cols cells, darker for more, the count written in. */
static void
matrix(struct troc_out *w, const char *id, const char *table,
    const struct troc_figs *f, const char *const *rows, size_t nr,
    const char *const *cols, size_t nc, const char *rowname,
    const char *colname)
{
	double max = 0, v;
	size_t i, j;
	int x0 = 90, y0 = 40, cw = CELL;

	for (j = 0; j < nc; j++)	/* room for the column's label */
		if ((int)strlen(cols[j]) * 7 + 6 > cw)
			cw = (int)strlen(cols[j]) * 7 + 6;
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++)
			if ((v = rep_val(f, table, rows[i], cols[j])) > max)
				max = v;
	rep_printf(w, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" role=\"img\"><text x=\"0\" y=\"12\">"
	    "%s \xe2\x86\x93 / %s \xe2\x86\x92</text>", id, x0 + (int)nc * cw +
	    10, y0 + (int)nr * CELL + 10, rowname, colname);
	for (j = 0; j < nc; j++) {
		rep_printf(w, "<text x=\"%d\" y=\"%d\">", x0 + (int)j * cw + 2,
		    y0 - 6);
		rep_html_str(w, cols[j]);
		rep_printf(w, "</text>");
	}
	for (i = 0; i < nr; i++) {
		int y = y0 + (int)i * CELL;

		rep_printf(w, "<text x=\"0\" y=\"%d\">", y + CELL / 2 + 4);
		rep_html_str(w, rows[i]);
		rep_printf(w, "</text>");
		for (j = 0; j < nc; j++) {
			char at[64];

			v = rep_val(f, table, rows[i], cols[j]);
			rep_printf(w, "<rect class=\"cell\" x=\"%d\" y=\"%d\" "
			    "width=\"%d\" height=\"%d\" fill-opacity=\"%.2f\"/>",
			    x0 + (int)j * cw, y, cw - 2, CELL - 2,
			    max > 0 ? 0.08 + 0.8 * v / max : 0.08);
			if (v == 0)
				continue;
			snprintf(at, sizeof(at), " x=\"%d\" y=\"%d\"",
			    x0 + (int)j * cw + 4, y + CELL / 2 + 4);
			fig(w, "text", at, f, table, rows[i], cols[j]);
		}
	}
	rep_printf(w, "</svg>\n");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
chart_flow(struct troc_out *w, const struct troc_figs *f)
{
	const char *g[TROC_NDEP + 1], *k[TROC_NDEP + 1];
	size_t n = groups(f, "flow", g, TROC_NDEP + 1, 0), m, i, j;

	/* one axis for both: every département a row or a column names */
	m = groups(f, "flow", k, TROC_NDEP + 1, 1);
	for (i = 0; i < m; i++) {
		for (j = 0; j < n && strcmp(g[j], k[i]) != 0; j++)
			;
		if (j == n && n < TROC_NDEP + 1)
			g[n++] = k[i];
	}
	if (n == 0)
		return;
	qsort(g, n, sizeof(*g), cmp_str);
	rep_printf(w, "<h2>Flows between d&#233;partements</h2>\n<p class="
	    "\"note\">Households moving from a home in the row's "
	    "d&#233;partement to one in the column's.</p>\n");
	matrix(w, "chart-flow", "flow", f, g, n, g, n, "from", "to");
}

static void
chart_occupancy(struct troc_out *w, const struct troc_figs *f)
{
	static const char *const occ[] = { "normal", "over", "under",
		"unknown" };

	rep_printf(w, "<h2>Occupancy before and after</h2>\n<p class=\"note\">"
	    "Households by the occupancy of the home they leave (rows) and of "
	    "the home they take (columns).</p>\n");
	matrix(w, "chart-occupancy", "occupancy", f, occ, 4, occ, 4, "before",
	    "after");
}

/* ---- tables ---- */

static void
fig_table(struct troc_out *w, const struct troc_figs *f, const char *title,
    const char *table, const char *group, const char *const *keys)
{
	rep_printf(w, "<h2>%s</h2>\n<table id=\"table-%s-%s\">\n", title, table,
	    group);
	for (; *keys; keys++) {
		rep_printf(w, "<tr><th>%s</th>", rep_label(table, group, *keys));
		fig(w, "td", " class=\"n\"", f, table, group, *keys);
		rep_printf(w, "</tr>\n");
	}
	rep_printf(w, "</table>\n");
}

static void
tables(struct troc_out *w, const struct troc_figs *f)
{
	static const char *const rent[] = { "known", "before_mean",
		"after_mean", "change_mean", "up", "down", "same", NULL };
	static const char *const rooms[] = { "freed", "gained",
		"large_homes_freed", "large_homes_to_large_families", NULL };
	static const char *const across[] = { "moves", "known", NULL };

	fig_table(w, f, "Rent and charges (EUR a month)", "rent", "all", rent);
	fig_table(w, f, "Rooms", "rooms", "all", rooms);
	fig_table(w, f, "Across landlords", "across", "landlords", across);
	fig_table(w, f, "Across r&#233;servataires", "across", "reservataires",
	    across);
}

static void
landlords(struct troc_out *w, const struct troc_figs *f)
{
	size_t i;
	int head = 0;

	for (i = 0; i < f->n; i++) {
		const struct troc_fig *x = &f->v[i];

		if (strcmp(x->table, "landlord") != 0 ||
		    strcmp(x->key, "left") != 0)
			continue;
		if (!head++)
			rep_printf(w, "<h2>By landlord</h2>\n<table id=\""
			    "table-landlord\">\n<tr><th>landlord</th><th>homes "
			    "left</th><th>homes taken</th></tr>\n");
		rep_printf(w, "<tr><td>");
		rep_html_str(w, x->group);
		rep_printf(w, "</td>");
		fig(w, "td", " class=\"n\"", f, "landlord", x->group, "left");
		fig(w, "td", " class=\"n\"", f, "landlord", x->group, "taken");
		rep_printf(w, "</tr>\n");
	}
	if (head)
		rep_printf(w, "</table>\n");
}

static void
cell(struct troc_out *w, const char *s, size_t n)
{
	rep_printf(w, "<td>");
	rep_html(w, s, n);
	rep_printf(w, "</td>");
}

static void
home_cells(struct troc_out *w, const struct troc_report *r,
    const struct troc_rep_home *h)
{
	char b[256], n[32];
	size_t len;
	const char *ll = h->landlord >= 0 ? troc_idset_get(r->landlords,
	    (size_t)h->landlord, &len) : "";

	cell(w, ll, h->landlord >= 0 ? len : 0);
	if (h->commune >= 0)
		rep_commune(r, h->commune, b, sizeof(b));
	else
		b[0] = '\0';
	cell(w, b, strlen(b));
	if (h->rooms != TROC_NA)
		snprintf(n, sizeof(n), "%d", h->rooms);
	else
		n[0] = '\0';
	cell(w, n, strlen(n));
}

static void
exchanges(struct troc_out *w, const struct troc_report *r)
{
	size_t i, n;
	const char *s;

	rep_printf(w, "<h2>Exchanges</h2>\n<table id=\"exchanges\">\n<tr><th>"
	    "exchange</th><th>kind</th><th>step</th><th>household</th><th>"
	    "leaves</th><th>landlord</th><th>commune</th><th>rooms</th><th>"
	    "takes</th><th>landlord</th><th>commune</th><th>rooms</th></tr>\n");
	for (i = 0; i < r->nmv && !troc_out_failed(w); i++) {
		const struct troc_rep_move *m = &r->mv[i];

		if (!r->keep[i])
			continue;
		rep_printf(w, "<tr><td>%lu</td><td>%s</td><td>%d/%d</td>",
		    m->exchange, troc_rep_kind_words[m->kind], m->step,
		    m->length);
		s = troc_report_hh_id(r, m->hh, &n);
		cell(w, s, n);
		s = troc_idset_get(r->uids, m->from, &n);
		cell(w, s, n);
		home_cells(w, r, &r->home[m->from]);
		s = troc_idset_get(r->uids, m->to, &n);
		cell(w, s, n);
		home_cells(w, r, &r->home[m->to]);
		rep_printf(w, "</tr>\n");
	}
	rep_printf(w, "</table>\n");
}

int
troc_report_html(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	head(w, r);
	headline(w, r, f);
	chart_kinds(w, f);
	if (r->have_h) {
		chart_reasons(w, f);
		chart_occupancy(w, f);
	}
	if (r->have_h || r->have_u) {
		chart_deps(w, r, f);
		chart_flow(w, f);
		rep_map(w, r, f);
		tables(w, f);
		landlords(w, f);
	}
	exchanges(w, r);
	rep_printf(w, "<p class=\"note\">Made by troc-report.%s</p>\n"
	    "</body>\n</html>\n", r->only ? " For one landlord: the "
	    "households of other landlords are pseudonymised." : "");
	return troc_out_failed(w) ? -1 : 0;
}
