/* report_figs.c: every figure of a report, computed once from the moves
 * chosen, as tidy rows (table, group, key, value) that the text, CSV and
 * HTML renderings all read. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/report.h"
#include "troc/rules.h"

const char *const troc_fig_tables[] = { "summary", "kind", "reason",
	"occupancy", "rooms", "rent", "across", "commune", "departement",
	"flow", "landlord", NULL };

/* What one pass over the moves counts. */
struct tally {
	unsigned long ex[TROC_REP_NKIND], hh[TROC_REP_NKIND];
	unsigned long served[TROC_NPRIORITY], priority;
	unsigned long occ[4][4];	/* before, after: normal over under ? */
	unsigned long rooms_freed, rooms_gained, large_freed, large_family;
	unsigned long rent_known, up, down, same;
	double before, after, weight;
	unsigned long weighted;
	unsigned long across_ll, across_resv, ll_known, resv_known;
	unsigned long *dep_left, *dep_taken;		/* by dep key */
	/* Sorted once counted: a list rather than a table by key (120,000
	 * communes, 131 x 131 flows) to clear and scan for a few moves. */
	uint32_t *com;		/* per home: commune key * 2 + 1 if taken */
	uint32_t *flow;		/* per move: dep key * (TROC_NDEP + 1) + dep */
	size_t ncom, nflow;
	unsigned long *ll_left, *ll_taken;		/* by landlord */
};

int
troc_figs_get(const struct troc_figs *f, const char *table,
    const char *group, const char *key, double *v)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].table, table) == 0 &&
		    strcmp(f->v[i].group, group) == 0 &&
		    strcmp(f->v[i].key, key) == 0) {
			*v = f->v[i].value;
			return 1;
		}
	return 0;
}

void
troc_figs_release(struct troc_figs *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

char *
troc_fig_format(double v, int comma, char *buf)
{
	char *p;

	troc_fmt_num(v, buf);
	if (comma && (p = strchr(buf, '.')) != NULL)
		*p = ',';
	return buf;
}

static int
add(struct troc_figs *f, const char *table, const char *group,
    const char *key, double v)
{
	struct troc_fig *x;

	if (f->n == f->cap) {
		size_t c = f->cap ? f->cap * 2 : 64;

		if ((x = realloc(f->v, c * sizeof(*x))) == NULL)
			return -1;
		f->v = x;
		f->cap = c;
	}
	x = &f->v[f->n++];
	x->table = table;
	snprintf(x->group, sizeof(x->group), "%s", group);
	snprintf(x->key, sizeof(x->key), "%s", key);
	x->value = v;
	return 0;
}

/* Occupancy class of a household in a home: 0 normal, 1 over, 2 under,
 * 3 unknown. */
static int
occ_after(const struct troc_rep_hh *x, const struct troc_rep_home *h)
{
	if (x->persons == TROC_NA || (h->rooms == TROC_NA && isnan(h->surface)))
		return 3;
	return (int)troc_occupancy(x->persons, h->rooms, h->surface);
}

static double
rent_of(const struct troc_rep_home *h)
{
	return h->rent + (isnan(h->charges) ? 0 : h->charges);
}

static void
count_homes(struct tally *t, const struct troc_rep_hh *x,
    const struct troc_rep_home *a, const struct troc_rep_home *b)
{
	int ba = x->occupancy >= 0 ? x->occupancy : 3;

	t->occ[ba][occ_after(x, b)]++;
	if (a->rooms != TROC_NA && b->rooms != TROC_NA) {
		if (b->rooms < a->rooms)
			t->rooms_freed += (unsigned long)(a->rooms - b->rooms);
		else
			t->rooms_gained += (unsigned long)(b->rooms - a->rooms);
	}
	if (a->rooms != TROC_NA && a->rooms >= 4 && x->occupancy == TROC_OCC_UNDER)
		t->large_freed++;
	if (b->rooms != TROC_NA && b->rooms >= 4 && x->dependants != TROC_NA &&
	    x->dependants >= 3)
		t->large_family++;
	if (!isnan(a->rent) && !isnan(b->rent)) {
		double r0 = troc_round(rent_of(a), 2), r1 = troc_round(rent_of(b), 2);

		t->rent_known++;
		t->before += r0;
		t->after += r1;
		t->up += r1 > r0;
		t->down += r1 < r0;
		t->same += r1 == r0;
	}
	if (a->landlord >= 0 && b->landlord >= 0) {
		t->ll_known++;
		t->across_ll += a->landlord != b->landlord;
	}
	if (a->reservataire >= 0 && b->reservataire >= 0) {
		t->resv_known++;
		t->across_resv += a->reservataire != b->reservataire;
	}
}

static void
count_places(struct tally *t, const struct troc_rep_home *a,
    const struct troc_rep_home *b)
{
	int da = troc_commune_dep(a->commune), db = troc_commune_dep(b->commune);

	/* TROC_NDEP stands for an unknown département */
	da = da < 0 ? TROC_NDEP : da;
	db = db < 0 ? TROC_NDEP : db;
	t->dep_left[da]++;
	t->dep_taken[db]++;
	if (a->commune >= 0)
		t->com[t->ncom++] = (uint32_t)a->commune * 2;
	if (b->commune >= 0)
		t->com[t->ncom++] = (uint32_t)b->commune * 2 + 1;
	t->flow[t->nflow++] = (uint32_t)(da * (TROC_NDEP + 1) + db);
	if (a->landlord >= 0)
		t->ll_left[a->landlord]++;
	if (b->landlord >= 0)
		t->ll_taken[b->landlord]++;
}

static int
by_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return (a > b) - (a < b);
}

static void
tally_moves(const struct troc_report *r, struct tally *t)
{
	unsigned long last = 0;
	size_t i;
	int r0;

	for (i = 0; i < r->nmv; i++) {
		const struct troc_rep_move *m = &r->mv[i];
		const struct troc_rep_hh *x = &r->hh[m->hh];

		if (!r->keep[i])
			continue;
		t->ex[m->kind] += m->exchange != last;
		last = m->exchange;
		t->hh[m->kind]++;
		if (!isnan(m->weight)) {
			t->weight += m->weight;
			t->weighted++;
		}
		for (r0 = 0; r0 < TROC_NPRIORITY; r0++)
			t->served[r0] += x->reasons >> r0 & 1;
		t->priority += x->reasons != 0;
		count_homes(t, x, &r->home[m->from], &r->home[m->to]);
		count_places(t, &r->home[m->from], &r->home[m->to]);
	}
	qsort(t->com, t->ncom, sizeof(*t->com), by_u32);
	qsort(t->flow, t->nflow, sizeof(*t->flow), by_u32);
}

static const char *const occ_keys[] = { "normal", "over", "under",
	"unknown" };

static int
fig_kinds(struct troc_figs *f, const struct tally *t)
{
	unsigned long ex = 0, hh = 0;
	int k, bad = 0;

	for (k = 0; k < TROC_REP_NKIND; k++) {
		bad |= add(f, "kind", troc_rep_kind_words[k], "exchanges",
		    (double)t->ex[k]);
		bad |= add(f, "kind", troc_rep_kind_words[k], "households",
		    (double)t->hh[k]);
		ex += t->ex[k];
		hh += t->hh[k];
	}
	bad |= add(f, "summary", "all", "exchanges", (double)ex);
	bad |= add(f, "summary", "all", "households", (double)hh);
	if (t->weighted)
		bad |= add(f, "summary", "all", "weight",
		    troc_round(t->weight, 3));
	return bad;
}

static int
fig_households(struct troc_figs *f, const struct troc_report *r,
    const struct tally *t)
{
	int k, j, bad = 0;

	bad |= add(f, "summary", "all", "waiting", (double)r->waiting);
	bad |= add(f, "summary", "all", "priority_households",
	    (double)t->priority);
	bad |= add(f, "summary", "all", "over_fixed", (double)t->occ[1][0]);
	bad |= add(f, "summary", "all", "under_fixed", (double)t->occ[2][0]);
	for (k = 0; k < TROC_NPRIORITY; k++) {
		bad |= add(f, "reason", troc_reason_name(k), "waiting",
		    (double)r->waiting_reason[k]);
		bad |= add(f, "reason", troc_reason_name(k), "served",
		    (double)t->served[k]);
	}
	for (k = 0; k < 4; k++)
		for (j = 0; j < 4; j++)
			bad |= add(f, "occupancy", occ_keys[k], occ_keys[j],
			    (double)t->occ[k][j]);
	bad |= add(f, "rooms", "all", "freed", (double)t->rooms_freed);
	bad |= add(f, "rooms", "all", "gained", (double)t->rooms_gained);
	bad |= add(f, "rooms", "all", "large_homes_freed",
	    (double)t->large_freed);
	bad |= add(f, "rooms", "all", "large_homes_to_large_families",
	    (double)t->large_family);
	return bad;
}

static int
fig_money(struct troc_figs *f, const struct tally *t)
{
	double n = (double)t->rent_known;
	int bad = 0;

	bad |= add(f, "rent", "all", "known", n);
	if (t->rent_known) {
		double b = troc_round(t->before / n, 2);
		double a = troc_round(t->after / n, 2);

		/* the change is the difference of the means shown */
		bad |= add(f, "rent", "all", "before_mean", b);
		bad |= add(f, "rent", "all", "after_mean", a);
		bad |= add(f, "rent", "all", "change_mean", troc_round(a - b, 2));
	}
	bad |= add(f, "rent", "all", "up", (double)t->up);
	bad |= add(f, "rent", "all", "down", (double)t->down);
	bad |= add(f, "rent", "all", "same", (double)t->same);
	bad |= add(f, "across", "landlords", "known", (double)t->ll_known);
	bad |= add(f, "across", "landlords", "moves", (double)t->across_ll);
	bad |= add(f, "across", "reservataires", "known",
	    (double)t->resv_known);
	bad |= add(f, "across", "reservataires", "moves",
	    (double)t->across_resv);
	return bad;
}

static const char *
dep_word(int d, char *buf)
{
	return d == TROC_NDEP ? "unknown" : troc_dep_code(d, buf);
}

static int
fig_places(struct troc_figs *f, const struct troc_report *r,
    const struct tally *t)
{
	char a[8], b[8];
	size_t i, j, nl = troc_idset_count(r->landlords), n;
	int bad = 0;

	for (i = 0; i < t->ncom; i = j) {
		unsigned long side[2] = { 0, 0 };

		for (j = i; j < t->ncom && t->com[j] >> 1 == t->com[i] >> 1; j++)
			side[t->com[j] & 1]++;
		troc_commune_code((int)(t->com[i] >> 1), a);
		bad |= add(f, "commune", a, "left", (double)side[0]);
		bad |= add(f, "commune", a, "taken", (double)side[1]);
	}
	for (i = 0; i <= TROC_NDEP; i++)
		if (t->dep_left[i] || t->dep_taken[i]) {
			const char *w = dep_word((int)i, a);

			bad |= add(f, "departement", w, "left",
			    (double)t->dep_left[i]);
			bad |= add(f, "departement", w, "taken",
			    (double)t->dep_taken[i]);
		}
	for (i = 0; i < t->nflow; i = j) {
		for (j = i; j < t->nflow && t->flow[j] == t->flow[i]; j++)
			;
		bad |= add(f, "flow", dep_word((int)(t->flow[i] /
		    (TROC_NDEP + 1)), a), dep_word((int)(t->flow[i] %
		    (TROC_NDEP + 1)), b), (double)(j - i));
	}
	for (i = 0; i < nl; i++)
		if (t->ll_left[i] || t->ll_taken[i]) {
			const char *code = troc_idset_get(r->landlords, i, &n);

			bad |= add(f, "landlord", code, "left",
			    (double)t->ll_left[i]);
			bad |= add(f, "landlord", code, "taken",
			    (double)t->ll_taken[i]);
		}
	return bad;
}

/* Landlords in code order, for a stable table whatever the input order. */
static int
by_group(const void *pa, const void *pb)
{
	const struct troc_fig *a = pa, *b = pb;

	return strcmp(a->group, b->group);
}

static void
sort_landlords(struct troc_figs *f)
{
	size_t i, j;

	for (i = 0; i < f->n && strcmp(f->v[i].table, "landlord") != 0; i++)
		;
	for (j = i; j < f->n && strcmp(f->v[j].table, "landlord") == 0; j++)
		;
	/* qsort is not stable: each landlord's left precedes its taken by
	 * sorting pairs, which add() wrote together */
	if (j > i)
		qsort(f->v + i, (j - i) / 2, 2 * sizeof(*f->v), by_group);
}

int
troc_report_figures(const struct troc_report *r, struct troc_figs *f)
{
	struct tally t;
	size_t nl = troc_idset_count(r->landlords) + 1;
	int bad = 0;

	memset(&t, 0, sizeof(t));
	f->n = 0;
	t.dep_left = calloc(TROC_NDEP + 1, sizeof(*t.dep_left));
	t.dep_taken = calloc(TROC_NDEP + 1, sizeof(*t.dep_taken));
	t.com = malloc((2 * r->nmv + 1) * sizeof(*t.com));
	t.flow = malloc((r->nmv + 1) * sizeof(*t.flow));
	t.ll_left = calloc(nl, sizeof(*t.ll_left));
	t.ll_taken = calloc(nl, sizeof(*t.ll_taken));
	if (!t.dep_left || !t.dep_taken || !t.com || !t.flow || !t.ll_left ||
	    !t.ll_taken) {
		bad = -1;
		goto out;
	}
	tally_moves(r, &t);
	bad |= fig_kinds(f, &t);
	if (r->have_h)
		bad |= fig_households(f, r, &t);
	if (r->have_h || r->have_u) {
		bad |= fig_money(f, &t);
		bad |= fig_places(f, r, &t);
	}
	if (!bad)
		sort_landlords(f);
out:
	free(t.dep_left);
	free(t.dep_taken);
	free(t.com);
	free(t.flow);
	free(t.ll_left);
	free(t.ll_taken);
	return bad ? -1 : 0;
}
