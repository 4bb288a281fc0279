/* market.c: the households and vacancies of a troc-match run, the index
 * the graph is built over (homes by commune, then rooms: a household looks
 * only at the communes its wishes reach, never at all pairs), and the
 * funnel of one household. The graph itself: market_graph.c. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/market.h"
#include "troc/units.h"
#include "market_impl.h"

int
troc_market_init(struct troc_market *m, const struct troc_ctx *ctx)
{
	memset(m, 0, sizeof(*m));
	m->ctx = *ctx;
	m->ids = troc_idset_new();
	m->units = troc_idset_new();
	m->landlords = troc_idset_new();
	m->excluded = troc_idset_new();
	return m->ids && m->units && m->landlords && m->excluded ? 0 : -1;
}

void
troc_market_release(struct troc_market *m)
{
	troc_idset_free(m->ids);
	troc_idset_free(m->units);
	troc_idset_free(m->landlords);
	troc_idset_free(m->excluded);
	free(m->hh);
	free(m->home);
	free(m->unit);
	free(m->wish);
	free(m->wish0);
	memset(m, 0, sizeof(*m));
}

static int
grow_nodes(struct troc_market *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	void *p;

	if ((p = realloc(m->hh, cap * sizeof(*m->hh))) == NULL)
		return -1;
	m->hh = p;
	if ((p = realloc(m->home, cap * sizeof(*m->home))) == NULL)
		return -1;
	m->home = p;
	if ((p = realloc(m->unit, cap * sizeof(*m->unit))) == NULL)
		return -1;
	m->unit = p;
	if ((p = realloc(m->wish0, (cap + 1) * sizeof(*m->wish0))) == NULL)
		return -1;
	m->wish0 = p;
	m->cap = cap;
	return 0;
}

/* Point each household's wishes at the market's copy of them. */
static void
repoint(struct troc_market *m)
{
	size_t i;

	for (i = 0; i < m->nhh; i++) {
		m->hh[i].wish = m->wish + m->wish0[i];
		m->hh[i].nwish = m->wish0[i + 1] - m->wish0[i];
	}
}

static int
keep_wishes(struct troc_market *m, const struct troc_household *h)
{
	if (m->nwish + h->nwish > m->wishcap) {
		size_t cap = m->wishcap ? m->wishcap * 2 : 4096;
		int *w;

		while (cap < m->nwish + h->nwish)
			cap *= 2;
		if ((w = realloc(m->wish, cap * sizeof(*w))) == NULL)
			return -1;
		m->wish = w;
		m->wishcap = cap;
		repoint(m);
	}
	memcpy(m->wish + m->nwish, h->wish, h->nwish * sizeof(*h->wish));
	m->nwish += h->nwish;
	return 0;
}

int
troc_market_add_household(struct troc_market *m, const struct troc_hh *x,
    const char *ll, size_t lln, const struct troc_inventory *inv)
{
	size_t slot, u, l;
	long k;
	int r;

	if ((r = troc_idset_add(m->ids, x->id, x->idlen, &slot)) <= 0)
		return r < 0 ? -1 : 1;
	if (slot >= m->cap && grow_nodes(m) < 0)
		return -1;
	if (troc_idset_add(m->units, x->unit, x->unitlen, &u) < 0 ||
	    troc_idset_add(m->landlords, ll, lln, &l) < 0)
		return -1;
	m->hh[slot] = x->h;
	m->hh[slot].home.landlord = (int)l;
	m->home[slot] = m->hh[slot].home;
	m->unit[slot] = u;
	/* the réservataire of its home is only in the units file */
	k = inv ? troc_inventory_find(inv, x->unit, x->unitlen) : -1;
	if (k >= 0) {
		m->home[slot].reservataire = inv->home[k].reservataire;
		m->home[slot].admitted = inv->home[k].admitted;
		m->hh[slot].home = m->home[slot];
	}
	m->wish0[slot] = m->nwish;
	if (keep_wishes(m, &x->h) < 0)
		return -1;
	m->wish0[slot + 1] = m->nwish;
	m->n = m->nhh = slot + 1;
	m->hh[slot].wish = m->wish + m->wish0[slot];
	m->hh[slot].nwish = x->h.nwish;
	return 0;
}

int
troc_market_add_record(struct troc_market *m, struct troc_hh *x,
    const struct troc_bind *b, const struct troc_rec *rec,
    const struct troc_inventory *inv, struct troc_fault *f)
{
	const char *ll;
	size_t lln;
	int c;

	if ((c = troc_hh_parse_validated(x, b, rec, m->ctx.geo, &ll, &lln,
	    f)) < 0)
		return c;
	c = troc_market_add_household(m, x, ll, lln, inv);
	return c < 0 ? -2 : c;
}

long
troc_market_add_vacancies(struct troc_market *m,
    const struct troc_inventory *inv, size_t *clash)
{
	size_t i, slot, u, l, n;
	long added = 0;
	int r;

	*clash = 0;
	for (i = 0; i < inv->n; i++) {
		const char *id, *ll;

		if (inv->status[i] != TROC_ST_VACANT)
			continue;
		id = troc_idset_get(inv->ids, i, &n);
		if ((r = troc_idset_add(m->ids, id, n, &slot)) <= 0) {
			if (r < 0)
				return -1;
			(*clash)++;
			continue;
		}
		if (slot >= m->cap && grow_nodes(m) < 0)
			return -1;
		ll = troc_inventory_landlord(inv, i);
		if (troc_idset_add(m->units, id, n, &u) < 0 ||
		    troc_idset_add(m->landlords, ll, strlen(ll), &l) < 0)
			return -1;
		m->home[slot] = inv->home[i];
		m->home[slot].landlord = (int)l;
		m->unit[slot] = u;
		m->wish0[slot + 1] = m->nwish;
		m->n = slot + 1;
		added++;
	}
	return added;
}

static int
pair_key(char *buf, size_t cap, const char *a, size_t an, const char *b,
    size_t bn, size_t *n)
{
	if (an + bn + 1 > cap)
		return -1;
	memcpy(buf, a, an);
	buf[an] = '\x1f';
	memcpy(buf + an + 1, b, bn);
	*n = an + bn + 1;
	return 0;
}

int
troc_market_exclude(struct troc_market *m, const char *hh, size_t hn,
    const char *unit, size_t un)
{
	char key[160];
	size_t n;

	if (pair_key(key, sizeof(key), hh, hn, unit, un, &n) < 0)
		return 0;	/* ids are 64 characters at most: no such pair */
	return troc_idset_add(m->excluded, key, n, NULL) < 0 ? -1 : 0;
}

const char *
troc_market_id(const struct troc_market *m, size_t i)
{
	return troc_idset_get(m->ids, i, NULL);
}

const char *
troc_market_unit(const struct troc_market *m, size_t i)
{
	return troc_idset_get(m->units, m->unit[i], NULL);
}

int
market_excluded(const struct troc_market *m, size_t a, size_t j)
{
	char key[160];
	size_t an, un, n;
	const char *hid, *uid;

	if (troc_idset_count(m->excluded) == 0)
		return 0;
	hid = troc_idset_get(m->ids, a, &an);
	uid = troc_idset_get(m->units, m->unit[j], &un);
	return pair_key(key, sizeof(key), hid, an, uid, un, &n) == 0 &&
	    troc_idset_find(m->excluded, key, n) >= 0;
}

void
market_index_free(struct market_index *x)
{
	free(x->cstart);
	free(x->node);
	free(x->slot);
	free(x->dcom);
	free(x->pcom);
	free(x->pstart);
	memset(x, 0, sizeof(*x));
}

static const struct troc_market *sort_m;

static int
by_rooms(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	int ri = sort_m->home[i].rooms, rj = sort_m->home[j].rooms;

	if (ri != rj)
		return ri < rj ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Communes with nodes, grouped by a key (département or parent). */
static int
group(const size_t *cstart, int (*key)(int), size_t nkeys, int **out,
    size_t *start)
{
	size_t *fill, k, total = 0;
	int c, g;

	for (c = 0; c < TROC_NCOMMUNE; c++)
		if (cstart[c + 1] > cstart[c] && (g = key(c)) >= 0)
			start[g + 1]++, total++;
	for (k = 0; k < nkeys; k++)
		start[k + 1] += start[k];
	if ((*out = malloc((total + 1) * sizeof(**out))) == NULL ||
	    (fill = malloc((nkeys + 1) * sizeof(*fill))) == NULL)
		return -1;
	memcpy(fill, start, nkeys * sizeof(*fill));
	for (c = 0; c < TROC_NCOMMUNE; c++)
		if (cstart[c + 1] > cstart[c] && (g = key(c)) >= 0)
			(*out)[fill[g]++] = c;
	free(fill);
	return 0;
}

/* The ceiling class of home u (MARKET_NCLS: no ceiling applies). */
static unsigned char
ceiling_class(const struct troc_market *m, const struct troc_home *u)
{
	int z;

	if (m->ctx.geo == NULL || u->commune < 0 || u->financing < 0 ||
	    u->financing >= TROC_NFIN)
		return MARKET_NCLS;
	z = (int)troc_geo_zone(m->ctx.geo, u->commune);
	if (z < 0 || z >= TROC_NZONE)
		return MARKET_NCLS;
	return (unsigned char)(u->financing * TROC_NZONE + z);
}

static void
fill_slot(struct market_slot *s, const struct troc_market *m, uint32_t j)
{
	const struct troc_home *u = &m->home[j];

	s->node = j;
	s->rooms = u->rooms;
	s->rentc = isnan(u->rent) ? -INFINITY :
	    u->rent + (isnan(u->charges) ? 0 : u->charges);
	s->surface = isnan(u->surface) ? INFINITY : u->surface;
	s->landlord = u->landlord < 0 ? -1 : u->landlord;
	s->stairs = u->floor != TROC_NA && u->elevator == 0 ? u->floor :
	    INT_MIN;
	s->flags = (unsigned char)((j < m->nhh && m->hh[j].blocked ?
	    SLOT_BLOCKED : 0) | (u->admitted ? SLOT_ADMITTED : 0) |
	    (u->floor == 0 || u->elevator == 1 ? SLOT_LIFT : 0) |
	    (u->accessible == 1 ? SLOT_ACCESS : 0));
	s->cls = ceiling_class(m, u);
}

/* Nodes by commune, each commune's by rooms (unknown first), then node. */
static int
by_commune(struct market_index *x, const struct troc_market *m)
{
	size_t i, k, *fill = malloc((TROC_NCOMMUNE + 1) * sizeof(*fill));
	int c;

	if (fill == NULL)
		return -1;
	for (i = 0; i < m->n; i++)
		if ((c = m->home[i].commune) >= 0)
			x->cstart[c + 1]++;
	for (c = 0; c < TROC_NCOMMUNE; c++)
		x->cstart[c + 1] += x->cstart[c];
	memcpy(fill, x->cstart, TROC_NCOMMUNE * sizeof(*fill));
	for (i = 0; i < m->n; i++)
		if ((c = m->home[i].commune) >= 0)
			x->node[fill[c]++] = (uint32_t)i;
	free(fill);
	sort_m = m;
	for (c = 0; c < TROC_NCOMMUNE; c++)
		if (x->cstart[c + 1] - x->cstart[c] > 1)
			qsort(x->node + x->cstart[c], x->cstart[c + 1] -
			    x->cstart[c], sizeof(*x->node), by_rooms);
	for (k = 0; k < x->cstart[TROC_NCOMMUNE]; k++)
		fill_slot(&x->slot[k], m, x->node[k]);
	return 0;
}

int
market_index_build(struct market_index *x, const struct troc_market *m)
{
	memset(x, 0, sizeof(*x));
	x->cstart = calloc(TROC_NCOMMUNE + 1, sizeof(*x->cstart));
	x->pstart = calloc(TROC_NCOMMUNE + 1, sizeof(*x->pstart));
	x->node = malloc((m->n + 1) * sizeof(*x->node));
	x->slot = malloc((m->n + 1) * sizeof(*x->slot));
	if (!x->cstart || !x->pstart || !x->node || !x->slot ||
	    by_commune(x, m) < 0)
		return -1;
	if (group(x->cstart, troc_commune_dep, TROC_NDEP, &x->dcom,
	    x->dstart) < 0 || group(x->cstart, troc_commune_parent,
	    TROC_NCOMMUNE, &x->pcom, x->pstart) < 0)
		return -1;
	return 0;
}

size_t
market_rooms_at(const struct market_index *x, size_t lo, size_t hi, int r)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->slot[mid].rooms < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
market_communes(const struct troc_market *m, const struct market_index *x,
    size_t ai, unsigned *stamp, int (*fn)(void *, int), void *arg)
{
	unsigned mark = (unsigned)ai + 1;
	size_t w, k, lo, hi;
	int t, c, dep, r;

	for (w = m->wish0[ai]; w < m->wish0[ai + 1]; w++) {
		t = m->wish[w];
		dep = t >= TROC_DEP_TOKEN;
		lo = dep ? x->dstart[t - TROC_DEP_TOKEN] : x->pstart[t];
		hi = dep ? x->dstart[t - TROC_DEP_TOKEN + 1] : x->pstart[t + 1];
		/* the communes of a département; the arrondissements of a
		 * commune, then the commune itself */
		for (k = lo; k < hi + !dep; k++) {
			c = k < hi ? (dep ? x->dcom[k] : x->pcom[k]) : t;
			if (stamp[c] == mark)
				continue;
			stamp[c] = mark;
			if ((r = fn(arg, c)) < 0)
				return r;
		}
	}
	return 0;
}

/* The funnel of one household: every home of a wished commune. */
struct funnel {
	const struct troc_market *m;
	const struct market_index *x;
	size_t a;
	struct troc_funnel *fu;
};

static void
funnel_home(struct funnel *f, uint32_t j)
{
	const struct troc_market *m = f->m;
	enum troc_rule r;

	if (j == f->a || (j < m->nhh && m->hh[j].blocked))
		return;
	f->fu->wished++;
	r = troc_compat(&m->ctx, &m->hh[f->a], &m->home[j]);
	if (r != TROC_RULE_OK)
		f->fu->fail[r]++;
	else if (market_excluded(m, f->a, j))
		f->fu->excluded++;
	else
		f->fu->in++;
}

static int
funnel_commune(void *arg, int c)
{
	struct funnel *f = arg;
	size_t k;

	for (k = f->x->cstart[c]; k < f->x->cstart[c + 1]; k++)
		funnel_home(f, f->x->node[k]);
	return 0;
}

/* 1 when household a may take the home of node j (rules 1 to 11, -x). */
static int
takes(const struct troc_market *m, size_t a, size_t j)
{
	return a != j && !m->hh[a].blocked && !(j < m->nhh &&
	    m->hh[j].blocked) && troc_rule_wish(&m->hh[a], &m->home[j]) &&
	    troc_compat(&m->ctx, &m->hh[a], &m->home[j]) == TROC_RULE_OK &&
	    !market_excluded(m, a, j);
}

int
troc_market_funnel(const struct troc_market *m, size_t i,
    struct troc_funnel *fu)
{
	struct market_index x;
	struct funnel f;
	unsigned *stamp = calloc(TROC_NCOMMUNE, sizeof(*stamp));
	size_t a;
	int rc = -1;

	memset(fu, 0, sizeof(*fu));
	memset(&x, 0, sizeof(x));
	if (stamp == NULL || market_index_build(&x, m) < 0)
		goto out;
	f.m = m, f.x = &x, f.a = i, f.fu = fu;
	if (i < m->nhh && !m->hh[i].blocked)
		market_communes(m, &x, i, stamp, funnel_commune, &f);
	/* who can take i's home: every household that wishes its commune */
	for (a = 0; a < m->nhh; a++)
		fu->out += takes(m, a, i);
	rc = 0;
out:
	market_index_free(&x);
	free(stamp);
	return rc;
}
