/* report_out.c: a report as tidy CSV, as the exchanges table (also the
 * Excel sheet) and as a terminal summary. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report_impl.h"
#include "troc/rules.h"
#include "troc/units.h"

int
rep_printf(struct troc_out *w, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return troc_out_raw(w, buf, (size_t)n);
}

const char *
rep_fig(const struct troc_figs *f, const char *table, const char *group,
    const char *key, char *buf)
{
	double v;

	if (!troc_figs_get(f, table, group, key, &v)) {
		buf[0] = '\0';
		return buf;
	}
	return troc_fig_format(v, 0, buf);
}

double
rep_val(const struct troc_figs *f, const char *table, const char *group,
    const char *key)
{
	double v;

	return troc_figs_get(f, table, group, key, &v) ? v : 0;
}

const char *
rep_commune(const struct troc_report *r, int k, char *buf, size_t cap)
{
	char code[8];
	const char *name = troc_report_commune_name(r, k);

	troc_commune_code(k, code);
	snprintf(buf, cap, "%s%s%s", code, name ? " " : "", name ? name : "");
	return buf;
}

int
troc_report_table_known(const char *name)
{
	size_t i;

	if (strcmp(name, "exchanges") == 0)
		return 1;
	for (i = 0; troc_fig_tables[i]; i++)
		if (strcmp(name, troc_fig_tables[i]) == 0)
			return 1;
	return 0;
}

int
troc_report_csv(struct troc_out *w, const struct troc_figs *f,
    const char *table)
{
	size_t t, i;

	troc_out_str(w, "table");
	troc_out_str(w, "group");
	troc_out_str(w, "key");
	troc_out_str(w, "value");
	troc_out_eor(w);
	for (t = 0; troc_fig_tables[t]; t++) {
		if (table && strcmp(table, troc_fig_tables[t]) != 0)
			continue;
		for (i = 0; i < f->n; i++) {
			const struct troc_fig *x = &f->v[i];

			if (strcmp(x->table, troc_fig_tables[t]) != 0)
				continue;
			troc_out_str(w, x->table);
			troc_out_str(w, x->group);
			troc_out_str(w, x->key);
			troc_out_num(w, x->value);
			troc_out_eor(w);
		}
	}
	return troc_out_failed(w) ? -1 : 0;
}

/* ---- the exchanges table ---- */

static const char *const xcols[] = { "exchange", "kind", "length", "step",
	"household", "from_unit", "to_unit", "weight", "persons",
	"priority_reasons", "from_landlord", "to_landlord", "from_commune",
	"from_commune_name", "to_commune", "to_commune_name", "from_rooms",
	"to_rooms", "from_surface", "to_surface", "from_rent", "to_rent",
	"from_charges", "to_charges", "from_financing", "to_financing",
	"from_reservataire", "to_reservataire", "occupancy_before",
	"occupancy_after", NULL };

static void
home_place(struct troc_out *w, const struct troc_report *r,
    const struct troc_rep_home *h)
{
	char code[8];
	const char *name = troc_report_commune_name(r, h->commune);

	troc_out_str(w, h->commune >= 0 ? troc_commune_code(h->commune, code) :
	    "");
	troc_out_str(w, name);
}

static void
landlord_cell(struct troc_out *w, const struct troc_report *r, int ll)
{
	size_t n;
	const char *s = ll >= 0 ? troc_idset_get(r->landlords, (size_t)ll, &n) :
	    NULL;

	troc_out_field(w, s ? s : "", s ? n : 0);
}

static const char *
occ_word(int o)
{
	return o >= 0 && o < 3 ? troc_occ_name((enum troc_occ)o) : "";
}

static void
pair_num(struct troc_out *w, double a, double b)
{
	troc_out_opt_num(w, a);
	troc_out_opt_num(w, b);
}

static void
exchange_row(struct troc_out *w, const struct troc_report *r,
    const struct troc_rep_move *m)
{
	const struct troc_rep_hh *x = &r->hh[m->hh];
	const struct troc_rep_home *a = &r->home[m->from], *b = &r->home[m->to];
	char reasons[128];
	const char *s;
	size_t n;

	troc_out_int(w, (long long)m->exchange);
	troc_out_str(w, troc_rep_kind_words[m->kind]);
	troc_out_int(w, m->length);
	troc_out_int(w, m->step);
	s = troc_report_hh_id(r, m->hh, &n);
	troc_out_field(w, s, n);
	s = troc_idset_get(r->uids, m->from, &n);
	troc_out_field(w, s, n);
	s = troc_idset_get(r->uids, m->to, &n);
	troc_out_field(w, s, n);
	troc_out_opt_num(w, m->weight);
	troc_out_opt_int(w, x->persons, TROC_NA);
	troc_reasons_format(x->reasons, reasons, sizeof(reasons));
	troc_out_str(w, reasons);
	landlord_cell(w, r, a->landlord);
	landlord_cell(w, r, b->landlord);
	home_place(w, r, a);
	home_place(w, r, b);
	troc_out_opt_int(w, a->rooms, TROC_NA);
	troc_out_opt_int(w, b->rooms, TROC_NA);
	pair_num(w, a->surface, b->surface);
	pair_num(w, a->rent, b->rent);
	pair_num(w, a->charges, b->charges);
	troc_out_str(w, troc_fin_name(a->financing));
	troc_out_str(w, troc_fin_name(b->financing));
	troc_out_str(w, troc_resv_name(a->reservataire));
	troc_out_str(w, troc_resv_name(b->reservataire));
	troc_out_str(w, occ_word(x->occupancy));
	troc_out_str(w, x->persons == TROC_NA ? "" : occ_word(
	    b->rooms == TROC_NA && isnan(b->surface) ? -1 :
	    (int)troc_occupancy(x->persons, b->rooms, b->surface)));
	troc_out_eor(w);
}

int
troc_report_exchanges(struct troc_out *w, const struct troc_report *r)
{
	size_t i;

	for (i = 0; xcols[i]; i++)
		troc_out_str(w, xcols[i]);
	troc_out_eor(w);
	for (i = 0; i < r->nmv && !troc_out_failed(w); i++)
		if (r->keep[i])
			exchange_row(w, r, &r->mv[i]);
	return troc_out_failed(w) ? -1 : 0;
}

/* ---- the terminal summary ---- */

static const struct {
	const char *table, *group, *key, *label;
} labels[] = {
	{ "summary", "all", "exchanges", "exchanges" },
	{ "summary", "all", "households", "households moved" },
	{ "summary", "all", "priority_households",
	    "households served with a priority reason" },
	{ "summary", "all", "waiting", "households waiting (not blocked)" },
	{ "summary", "all", "over_fixed",
	    "over-occupied, moved to a home that fits" },
	{ "summary", "all", "under_fixed",
	    "under-occupied, moved to a home that fits" },
	{ "summary", "all", "weight", "sum of the weights (the objective)" },
	{ "rooms", "all", "freed", "rooms given up (moves to a smaller home)" },
	{ "rooms", "all", "gained", "rooms gained (moves to a larger home)" },
	{ "rooms", "all", "large_homes_freed",
	    "4+ room homes freed by under-occupiers" },
	{ "rooms", "all", "large_homes_to_large_families",
	    "4+ room homes to families of 3+ dependants" },
	{ "rent", "all", "known", "households whose rents are known" },
	{ "rent", "all", "before_mean", "mean before" },
	{ "rent", "all", "after_mean", "mean after" },
	{ "rent", "all", "change_mean", "mean change" },
	{ "rent", "all", "up", "pay more" },
	{ "rent", "all", "down", "pay less" },
	{ "rent", "all", "same", "pay the same" },
	{ "across", "landlords", "moves", "moves to another landlord" },
	{ "across", "landlords", "known", "of moves with both landlords known" },
	{ "across", "reservataires", "moves", "moves to another reservataire" },
	{ "across", "reservataires", "known",
	    "of moves with both reservataires known" },
};

const char *
rep_label(const char *table, const char *group, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].table, table) == 0 &&
		    strcmp(labels[i].group, group) == 0 &&
		    strcmp(labels[i].key, key) == 0)
			return labels[i].label;
	return key;
}

/* The figures of table and group whose keys are listed, one a line. */
static void
lines(struct troc_out *w, const struct troc_figs *f, const char *title,
    const char *table, const char *group, const char *const *keys)
{
	char b[40];

	rep_printf(w, "\n%s\n", title);
	for (; *keys; keys++)
		rep_printf(w, "  %-44s %12s\n", rep_label(table, group, *keys),
		    rep_fig(f, table, group, *keys, b));
}

/* A table of two columns: its rows are words, its columns keys. */
static void
columns(struct troc_out *w, const struct troc_figs *f, const char *table,
    const char *const *rows, const char *k1, const char *k2)
{
	char b1[40], b2[40];

	for (; *rows; rows++)
		rep_printf(w, "  %-35s %12s %12s\n", *rows,
		    rep_fig(f, table, *rows, k1, b1),
		    rep_fig(f, table, *rows, k2, b2));
}

static void
text_kinds(struct troc_out *w, const struct troc_figs *f)
{
	char b1[40], b2[40];

	rep_printf(w, "Exchanges by kind %32s %12s\n", "exchanges",
	    "households");
	columns(w, f, "kind", troc_rep_kind_words, "exchanges", "households");
	rep_printf(w, "  %-35s %12s %12s\n", "all",
	    rep_fig(f, "summary", "all", "exchanges", b1),
	    rep_fig(f, "summary", "all", "households", b2));
}

static void
text_reasons(struct troc_out *w, const struct troc_figs *f)
{
	static const char *const occ[] = { "over_fixed", "under_fixed", NULL };
	static const char *const rooms[] = { "freed", "gained",
		"large_homes_freed", "large_homes_to_large_families", NULL };
	const char *reasons[TROC_NPRIORITY + 1];
	char b1[40], b2[40];
	int k;

	for (k = 0; k < TROC_NPRIORITY; k++)
		reasons[k] = troc_reason_name((enum troc_reason)k);
	reasons[k] = NULL;
	rep_printf(w, "\nPriority households by reason %20s %12s\n", "waiting",
	    "served");
	columns(w, f, "reason", reasons, "waiting", "served");
	rep_printf(w, "  %-35s %12s %12s\n", "households (any reason or none)",
	    rep_fig(f, "summary", "all", "waiting", b1),
	    rep_fig(f, "summary", "all", "households", b2));
	rep_printf(w, "  %-44s %12s\n", rep_label("summary", "all",
	    "priority_households"), rep_fig(f, "summary", "all",
	    "priority_households", b1));
	lines(w, f, "Occupancy", "summary", "all", occ);
	lines(w, f, "Rooms", "rooms", "all", rooms);
}

static void
text_money(struct troc_out *w, const struct troc_figs *f)
{
	static const char *const rent[] = { "known", "before_mean",
		"after_mean", "change_mean", "up", "down", "same", NULL };
	static const char *const across[] = { "moves", "known", NULL };

	lines(w, f, "Rent + charges, EUR a month", "rent", "all", rent);
	lines(w, f, "Across landlords", "across", "landlords", across);
	lines(w, f, "Across reservataires", "across", "reservataires", across);
}

static void
text_places(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	char b1[40], b2[40], name[160];
	size_t i;

	rep_printf(w, "\nHouseholds by departement %24s %12s\n", "left",
	    "taken");
	for (i = 0; i < f->n; i++) {
		const struct troc_fig *x = &f->v[i];
		const char *dn;

		if (strcmp(x->table, "departement") != 0 ||
		    strcmp(x->key, "left") != 0)
			continue;
		dn = troc_report_dep_name(r, troc_dep_key(x->group,
		    strlen(x->group)));
		snprintf(name, sizeof(name), "%s%s%s", x->group, dn ? " " : "",
		    dn ? dn : "");
		rep_printf(w, "  %-35s %12s %12s\n", name,
		    troc_fig_format(x->value, 0, b1),
		    rep_fig(f, "departement", x->group, "taken", b2));
	}
}

int
troc_report_text(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f)
{
	char b1[40], b2[40];

	rep_printf(w, "troc report%s%s: %s households moved in %s "
	    "exchanges\n\n", r->only ? " for landlord " : "",
	    r->only ? r->only : "", rep_fig(f, "summary", "all", "households",
	    b1), rep_fig(f, "summary", "all", "exchanges", b2));
	text_kinds(w, f);
	if (r->have_h)
		text_reasons(w, f);
	if (r->have_h || r->have_u) {
		text_money(w, f);
		text_places(w, r, f);
	} else {
		rep_printf(w, "\n(-H HOUSEHOLDS and -u UNITS give the details)\n");
	}
	return troc_out_failed(w) ? -1 : 0;
}
