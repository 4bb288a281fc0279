/* market.c: the households and vacancies of a troc-match run and the
 * compatibility graph between them, built without comparing all pairs:
 * homes are indexed by commune (and, within a commune, by rooms), and a
 * household looks only at the communes its wishes reach. */
#include <stdlib.h>
#include <string.h>

#include "troc/market.h"
#include "troc/units.h"

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

static int
is_excluded(const struct troc_market *m, size_t a, size_t j)
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

/* Nodes by commune (then rooms, then node), communes by département and
 * by the commune they are an arrondissement of. */
struct index {
	size_t *cstart;		/* TROC_NCOMMUNE + 1: nodes of commune k */
	uint32_t *node;
	int *dcom;		/* communes with nodes, by département */
	size_t dstart[TROC_NDEP + 1];
	int *pcom;		/* arrondissements with nodes, by parent */
	size_t *pstart;		/* TROC_NCOMMUNE + 1 */
	unsigned *stamp;	/* per commune: last household that looked */
};

static void
index_free(struct index *x)
{
	free(x->cstart);
	free(x->node);
	free(x->dcom);
	free(x->pcom);
	free(x->pstart);
	free(x->stamp);
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

static int
index_build(struct index *x, const struct troc_market *m)
{
	size_t i, *fill;
	int c;

	memset(x, 0, sizeof(*x));
	x->cstart = calloc(TROC_NCOMMUNE + 1, sizeof(*x->cstart));
	x->pstart = calloc(TROC_NCOMMUNE + 1, sizeof(*x->pstart));
	x->stamp = calloc(TROC_NCOMMUNE, sizeof(*x->stamp));
	x->node = malloc((m->n + 1) * sizeof(*x->node));
	fill = malloc((TROC_NCOMMUNE + 1) * sizeof(*fill));
	if (!x->cstart || !x->pstart || !x->stamp || !x->node || !fill) {
		free(fill);
		return -1;
	}
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
	memset(x->dstart, 0, sizeof(x->dstart));
	if (group(x->cstart, troc_commune_dep, TROC_NDEP, &x->dcom,
	    x->dstart) < 0 || group(x->cstart, troc_commune_parent,
	    TROC_NCOMMUNE, &x->pcom, x->pstart) < 0)
		return -1;
	return 0;
}

/* First position in [lo, hi) of x->node whose rooms is >= r. */
static size_t
rooms_at(const struct troc_market *m, const struct index *x, size_t lo,
    size_t hi, int r)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->home[x->node[mid]].rooms < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Call visit(node) for each home of commune c whose rooms may suit a. */
typedef int (*visit_fn)(void *, uint32_t);

static int
scan_commune(const struct troc_market *m, const struct index *x, int c,
    const struct troc_household *a, visit_fn visit, void *arg)
{
	size_t lo = x->cstart[c], hi = x->cstart[c + 1], p, q, k;

	/* unknown rooms sort first (TROC_NA is INT_MIN) and always pass */
	p = rooms_at(m, x, lo, hi, TROC_NA + 1);
	for (k = lo; k < p; k++)
		if (visit(arg, x->node[k]) < 0)
			return -1;
	if (a->wish_rooms_min != TROC_NA)
		p = rooms_at(m, x, p, hi, a->wish_rooms_min);
	q = a->wish_rooms_max != TROC_NA && a->wish_rooms_max < INT_MAX ?
	    rooms_at(m, x, p, hi, a->wish_rooms_max + 1) : hi;
	for (k = p; k < q; k++)
		if (visit(arg, x->node[k]) < 0)
			return -1;
	return 0;
}

/* Visit every home in a's wished communes once (stamp: a + 1); with
 * all_rooms, also those whose rooms a does not want (for the funnel). */
static int
candidates(const struct troc_market *m, struct index *x, size_t ai,
    int all_rooms, visit_fn visit, void *arg)
{
	struct troc_household any;
	const struct troc_household *a = &m->hh[ai];

	if (all_rooms) {
		any = *a;
		any.wish_rooms_min = any.wish_rooms_max = TROC_NA;
		a = &any;
	}
	size_t w, k;
	unsigned stamp = (unsigned)ai + 1;

	for (w = m->wish0[ai]; w < m->wish0[ai + 1]; w++) {
		int t = m->wish[w], c;
		size_t lo, hi;

		if (t >= TROC_DEP_TOKEN) {
			lo = x->dstart[t - TROC_DEP_TOKEN];
			hi = x->dstart[t - TROC_DEP_TOKEN + 1];
		} else {
			lo = x->pstart[t];
			hi = x->pstart[t + 1];
		}
		for (k = lo; k <= hi; k++) {
			/* the children of t, then t itself */
			if (t >= TROC_DEP_TOKEN && k == hi)
				break;
			c = k < hi ? (t >= TROC_DEP_TOKEN ? x->dcom[k] :
			    x->pcom[k]) : t;
			if (x->stamp[c] == stamp)
				continue;
			x->stamp[c] = stamp;
			if (scan_commune(m, x, c, a, visit, arg) < 0)
				return -1;
		}
	}
	return 0;
}

/* The arcs into one household, then all of them, by (from, to). */
struct arcs {
	const struct troc_market *m;
	size_t a;			/* the household looking */
	uint32_t *from, *to;
	double *w;
	size_t n, cap;
	size_t looked;
	struct troc_funnel *fu;		/* when explaining */
};

static int
push(struct arcs *s, uint32_t j, double w)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		void *p;

		if ((p = realloc(s->from, cap * sizeof(*s->from))) == NULL)
			return -1;
		s->from = p;
		if ((p = realloc(s->to, cap * sizeof(*s->to))) == NULL)
			return -1;
		s->to = p;
		if ((p = realloc(s->w, cap * sizeof(*s->w))) == NULL)
			return -1;
		s->w = p;
		s->cap = cap;
	}
	s->from[s->n] = j;
	s->to[s->n] = (uint32_t)s->a;
	s->w[s->n++] = w;
	return 0;
}

/* Rule 1 and rules 3 to 11: may household s->a take the home of j? */
static int
visit_arc(void *arg, uint32_t j)
{
	struct arcs *s = arg;
	const struct troc_market *m = s->m;
	enum troc_rule r;

	s->looked++;
	if (j == s->a || (j < m->nhh && m->hh[j].blocked))
		return 0;
	if (s->fu)
		s->fu->wished++;
	r = troc_compat(&m->ctx, &m->hh[s->a], &m->home[j]);
	if (r != TROC_RULE_OK) {
		if (s->fu)
			s->fu->fail[r]++;
		return 0;
	}
	if (is_excluded(m, s->a, j)) {
		if (s->fu)
			s->fu->excluded++;
		return 0;
	}
	return push(s, j, (double)troc_arc_weight(&m->hh[s->a], &m->home[j]));
}

/* Stable counting sort of the arcs (made in order of to) by from. */
static int
sort_by_from(struct arcs *s, size_t n)
{
	size_t *start = calloc(n + 2, sizeof(*start)), i;
	uint32_t *f = malloc((s->n + 1) * sizeof(*f));
	uint32_t *t = malloc((s->n + 1) * sizeof(*t));
	double *w = malloc((s->n + 1) * sizeof(*w));

	if (!start || !f || !t || !w) {
		free(start), free(f), free(t), free(w);
		return -1;
	}
	for (i = 0; i < s->n; i++)
		start[s->from[i] + 1]++;
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (i = 0; i < s->n; i++) {
		size_t k = start[s->from[i]]++;

		f[k] = s->from[i];
		t[k] = s->to[i];
		w[k] = s->w[i];
	}
	free(start);
	free(s->from), free(s->to), free(s->w);
	s->from = f, s->to = t, s->w = w;
	return 0;
}

static void
count_stats(const struct troc_market *m, const struct arcs *s,
    struct troc_market_stats *st)
{
	unsigned char *in = calloc(m->n + 1, 1), *out = calloc(m->n + 1, 1);
	size_t *start = calloc(m->n + 2, sizeof(*start));
	size_t i, k, lo, hi;

	memset(st, 0, sizeof(*st));
	st->households = m->nhh;
	st->vacancies = m->n - m->nhh;
	st->arcs = s->n;
	st->candidates = s->looked;
	for (i = 0; i < m->nhh; i++)
		st->blocked += m->hh[i].blocked != 0;
	if (in == NULL || out == NULL || start == NULL) {
		free(in), free(out), free(start);
		return;
	}
	for (k = 0; k < s->n; k++)	/* arcs are sorted by (from, to) */
		start[s->from[k] + 1]++;
	for (i = 0; i < m->n; i++)
		start[i + 1] += start[i];
	for (k = 0; k < s->n; k++) {
		out[s->from[k]] = 1;
		in[s->to[k]] = 1;
		if (s->from[k] >= s->to[k])
			continue;
		/* is there the arc back, to -> from? among to's own arcs */
		lo = start[s->to[k]], hi = start[s->to[k] + 1];
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (s->from[mid] < s->to[k] || (s->from[mid] ==
			    s->to[k] && s->to[mid] < s->from[k]))
				lo = mid + 1;
			else
				hi = mid;
		}
		st->mutual += lo < s->n && s->from[lo] == s->to[k] &&
		    s->to[lo] == s->from[k];
	}
	for (i = 0; i < m->nhh; i++) {
		if (m->hh[i].blocked)
			continue;
		st->no_in += !in[i];
		st->no_out += !out[i];
	}
	free(in), free(out), free(start);
}

int
troc_market_graph(const struct troc_market *m, struct troc_graph *g,
    struct troc_market_stats *st, struct troc_err *e)
{
	struct index x;
	struct arcs s;
	size_t i;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.m = m;
	if (index_build(&x, m) < 0)
		goto nomem;
	for (i = 0; i < m->nhh; i++) {
		if (m->hh[i].blocked)
			continue;
		s.a = i;
		if (candidates(m, &x, i, 0, visit_arc, &s) < 0)
			goto nomem;
	}
	if (sort_by_from(&s, m->n) < 0)
		goto nomem;
	for (i = 0; i < m->n; i++)
		if (troc_graph_add_node(g, i >= m->nhh, e) < 0)
			goto out;
	for (i = 0; i < s.n; i++)
		if (troc_graph_add_arc(g, s.from[i], s.to[i], s.w[i], e) < 0)
			goto out;
	if (st)
		count_stats(m, &s, st);
	rc = 0;
	goto out;
nomem:
	troc_err_set(e, NULL, 0, "out of memory building the graph");
out:
	index_free(&x);
	free(s.from), free(s.to), free(s.w);
	return rc;
}

int
troc_market_funnel(const struct troc_market *m, size_t i,
    struct troc_funnel *fu)
{
	struct index x;
	struct arcs s;
	size_t a;
	int rc = -1;

	memset(fu, 0, sizeof(*fu));
	memset(&s, 0, sizeof(s));
	s.m = m;
	if (index_build(&x, m) < 0)
		goto out;
	if (i < m->nhh && !m->hh[i].blocked) {
		s.a = i;
		s.fu = fu;
		if (candidates(m, &x, i, 1, visit_arc, &s) < 0)
			goto out;
		fu->in = s.n;
	}
	/* who can take i's home: every household that wishes its commune */
	s.fu = NULL;
	for (a = 0; a < m->nhh; a++) {
		size_t before = s.n;

		if (a == i || m->hh[a].blocked)
			continue;
		s.a = a;
		if (visit_arc(&s, (uint32_t)i) < 0)
			goto out;
		if (s.n > before && !troc_rule_wish(&m->hh[a], &m->home[i]))
			s.n = before;	/* outside its wishes */
		fu->out += s.n > before;
		s.n = before;
	}
	rc = 0;
out:
	index_free(&x);
	free(s.from), free(s.to), free(s.w);
	return rc;
}
