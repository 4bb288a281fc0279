/* kep_graph.c: the exchange graph: building it, and cleaning it up for the
 * optimiser (one arc per pair, the heaviest; indexed both ways). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "troc/err.h"
#include "troc/kep.h"
#include "troc/mem.h"
#include "kep_impl.h"

void
troc_graph_init(struct troc_graph *g)
{
	memset(g, 0, sizeof(*g));
}

void
troc_graph_release(struct troc_graph *g)
{
	free(g->vacancy);
	free(g->from);
	free(g->to);
	free(g->w);
	troc_graph_init(g);
}

int
troc_graph_add_node(struct troc_graph *g, int vacancy, struct troc_err *e)
{
	unsigned char *v;
	size_t cap;

	if (g->n >= UINT32_MAX - 1) {
		troc_err_set(e, NULL, 0, "too many nodes");
		return -1;
	}
	if (g->n == g->ncap) {
		cap = g->ncap ? 2 * g->ncap : 64;
		v = realloc(g->vacancy, cap);
		if (v == NULL) {
			troc_err_set(e, NULL, 0, "out of memory");
			return -1;
		}
		g->vacancy = v;
		g->ncap = cap;
	}
	g->vacancy[g->n++] = vacancy != 0;
	return 0;
}

static int
grow_arcs(struct troc_graph *g)
{
	size_t cap = g->mcap ? 2 * g->mcap : 256;
	uint32_t *f, *t;
	double *w;

	f = troc_realloc_huge(g->from, cap * sizeof(*f));
	if (f == NULL)
		return -1;
	g->from = f;
	t = troc_realloc_huge(g->to, cap * sizeof(*t));
	if (t == NULL)
		return -1;
	g->to = t;
	w = troc_realloc_huge(g->w, cap * sizeof(*w));
	if (w == NULL)
		return -1;
	g->w = w;
	g->mcap = cap;
	return 0;
}

int
troc_graph_add_arc(struct troc_graph *g, uint32_t from, uint32_t to,
    double w, struct troc_err *e)
{
	if (from >= g->n || to >= g->n) {
		troc_err_set(e, NULL, 0, "arc %lu -> %lu: node out of range",
		    (unsigned long)from, (unsigned long)to);
		return -1;
	}
	if (!isfinite(w) || w < 0) {
		troc_err_set(e, NULL, 0, "arc %lu -> %lu: weight %g is not a "
		    "finite number >= 0", (unsigned long)from,
		    (unsigned long)to, w);
		return -1;
	}
	if (from == to || g->vacancy[to])
		return 0;
	if (g->m == g->mcap && grow_arcs(g) == -1) {
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	g->from[g->m] = from;
	g->to[g->m] = to;
	g->w[g->m] = w;
	g->m++;
	return 1;
}

void
kep_net_release(struct kep_net *t)
{
	free(t->ostart);
	free(t->own[0]);
	free(t->own[1]);
	free(t->own[2]);
	free(t->istart);
	free(t->iarc);
	memset(t, 0, sizeof(*t));
}

/* Are g's arcs usable and sorted by (from, to) already, one per pair?
 * (troc_market_graph builds them so.) */
static int
clean(const struct troc_graph *g)
{
	size_t i;

	for (i = 0; i < g->m; i++)
		if (g->from[i] == g->to[i] || g->vacancy[g->to[i]] ||
		    (i > 0 && (g->from[i - 1] > g->from[i] ||
		    (g->from[i - 1] == g->from[i] && g->to[i - 1] >= g->to[i]))))
			return 0;
	return 1;
}

/* Sort the arcs [lo, hi) of one tail by head, through key and wb. */
static void
sort_row(uint32_t *to, double *w, size_t lo, size_t hi, uint64_t *key,
    double *wb)
{
	size_t i, n = hi - lo;

	for (i = lo + 1; i < hi && to[i - 1] <= to[i]; i++)
		;
	if (i >= hi)
		return;	/* the common case: rows come sorted */
	for (i = 0; i < n; i++) {
		key[i] = (uint64_t)to[lo + i] << 32 | i;
		wb[i] = w[lo + i];
	}
	kep_sort_u64(key, n);
	for (i = 0; i < n; i++) {
		to[lo + i] = (uint32_t)(key[i] >> 32);
		w[lo + i] = wb[(uint32_t)key[i]];
	}
}

/* The usable arcs of g sorted by (from, to), the heaviest of each pair
 * kept.  A graph whose arcs are so already (as troc_market_graph builds
 * them) is used as it is; one read from files (tails in the byte order
 * of their ids) is spread into rows by tail in one pass, each row
 * sorted by head where it is not already. */
static int
net_arcs(struct kep_net *t, const struct troc_graph *g)
{
	size_t *fill, i, j, m = 0, most = 0, u;
	uint32_t *from, *to;
	double *w, *wb = NULL;
	uint64_t *key = NULL;

	if (clean(g)) {
		t->ofrom = g->from;
		t->oto = g->to;
		t->ow = g->w;
		t->m = g->m;
		return 0;
	}
	if ((fill = calloc((size_t)t->n + 1, sizeof(*fill))) == NULL)
		return -1;
	for (i = 0; i < g->m; i++)
		if (g->from[i] != g->to[i] && !g->vacancy[g->to[i]]) {
			fill[g->from[i] + 1]++;
			m++;
		}
	for (u = 0; u < t->n; u++) {
		if (fill[u + 1] > most)
			most = fill[u + 1];
		fill[u + 1] += fill[u];
	}
	t->ofrom = t->own[0] = from = troc_malloc_huge((m + 1) *
	    sizeof(*from));
	t->oto = t->own[1] = to = troc_malloc_huge((m + 1) * sizeof(*to));
	t->ow = t->own[2] = w = troc_malloc_huge((m + 1) * sizeof(*w));
	key = malloc((most + 1) * sizeof(*key));
	wb = malloc((most + 1) * sizeof(*wb));
	if (from == NULL || to == NULL || w == NULL || key == NULL ||
	    wb == NULL)
		goto fail;
	for (i = 0; i < g->m; i++)
		if (g->from[i] != g->to[i] && !g->vacancy[g->to[i]]) {
			j = fill[g->from[i]]++;
			from[j] = g->from[i];
			to[j] = g->to[i];
			w[j] = g->w[i];
		}
	/* fill[u] is now where row u ends, and row 0 begins at 0 */
	for (u = 0, i = 0; u < t->n; i = fill[u++])
		sort_row(to, w, i, fill[u], key, wb);
	/* one arc per pair, the heaviest: rows shrink in place */
	for (i = 0, t->m = 0; i < m; i++) {
		if (t->m > 0 && from[t->m - 1] == from[i] &&
		    to[t->m - 1] == to[i]) {
			if (w[i] > w[t->m - 1])
				w[t->m - 1] = w[i];
			continue;
		}
		from[t->m] = from[i];
		to[t->m] = to[i];
		w[t->m] = w[i];
		t->m++;
	}
	free(fill), free(key), free(wb);
	return 0;
fail:
	free(fill), free(key), free(wb);
	return -1;
}

static int
net_index(struct kep_net *t)
{
	size_t n = t->n, i, *fill;

	t->ostart = calloc(n + 1, sizeof(*t->ostart));
	t->istart = calloc(n + 1, sizeof(*t->istart));
	t->iarc = troc_malloc_huge((t->m + 1) * sizeof(*t->iarc));
	fill = malloc((n + 1) * sizeof(*fill));
	if (t->ostart == NULL || t->istart == NULL || t->iarc == NULL ||
	    fill == NULL) {
		free(fill);
		return -1;
	}
	for (i = 0; i < t->m; i++) {
		t->ostart[t->ofrom[i] + 1]++;
		t->istart[t->oto[i] + 1]++;
	}
	for (i = 0; i < n; i++) {
		t->ostart[i + 1] += t->ostart[i];
		t->istart[i + 1] += t->istart[i];
	}
	memcpy(fill, t->istart, (n + 1) * sizeof(*fill));
	/* arcs are sorted by from: in-lists come out sorted by from too */
	for (i = 0; i < t->m; i++)
		t->iarc[fill[t->oto[i]]++] = (uint32_t)i;
	free(fill);
	return 0;
}

int
kep_net_build(struct kep_net *t, const struct troc_graph *g,
    struct troc_err *e)
{
	memset(t, 0, sizeof(*t));
	t->n = (uint32_t)g->n;
	t->vac = g->vacancy;
	if (g->m > UINT32_MAX) {	/* arc numbers are 32 bits */
		troc_err_set(e, NULL, 0, "%zu arcs: at most %lu can be "
		    "optimised at once", g->m, (unsigned long)UINT32_MAX);
		return -1;
	}
	if (net_arcs(t, g) == -1 || net_index(t) == -1) {
		kep_net_release(t);
		troc_err_set(e, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}

int
kep_sol_add(struct kep_sol *s, int kind, const uint32_t *node, size_t len,
    double w)
{
	size_t cap, used = s->n ? s->off[s->n] : 0;
	void *p;

	if (s->n + 1 >= s->cap) {
		cap = s->cap ? 2 * s->cap : 64;
		if ((p = realloc(s->kind, cap)) == NULL)
			return -1;
		s->kind = p;
		if ((p = realloc(s->off, (cap + 1) * sizeof(*s->off))) == NULL)
			return -1;
		s->off = p;
		if ((p = realloc(s->w, cap * sizeof(*s->w))) == NULL)
			return -1;
		s->w = p;
		s->cap = cap;
	}
	if (used + len > s->ncap) {
		cap = s->ncap ? 2 * s->ncap : 256;
		while (cap < used + len)
			cap *= 2;
		if ((p = realloc(s->node, cap * sizeof(*s->node))) == NULL)
			return -1;
		s->node = p;
		s->ncap = cap;
	}
	if (s->n == 0)
		s->off[0] = 0;
	memcpy(s->node + used, node, len * sizeof(*node));
	s->kind[s->n] = (unsigned char)kind;
	s->w[s->n] = w;
	s->off[s->n + 1] = used + len;
	s->n++;
	return 0;
}

int
kep_sol_copy(struct kep_sol *to, const struct kep_sol *from, size_t i)
{
	return kep_sol_add(to, from->kind[i], from->node + from->off[i],
	    from->off[i + 1] - from->off[i], from->w[i]);
}

void
kep_sol_release(struct kep_sol *s)
{
	free(s->kind);
	free(s->off);
	free(s->node);
	free(s->w);
	memset(s, 0, sizeof(*s));
}

double
troc_kep_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
