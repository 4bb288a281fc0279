/* kep_graph.c: the exchange graph: building it, and cleaning it up for the
 * optimiser (one arc per pair, the heaviest; indexed both ways). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "troc/err.h"
#include "troc/kep.h"
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

	f = realloc(g->from, cap * sizeof(*f));
	if (f == NULL)
		return -1;
	g->from = f;
	t = realloc(g->to, cap * sizeof(*t));
	if (t == NULL)
		return -1;
	g->to = t;
	w = realloc(g->w, cap * sizeof(*w));
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
	free(t->ofrom);
	free(t->oto);
	free(t->ow);
	free(t->istart);
	free(t->iarc);
	memset(t, 0, sizeof(*t));
}

/* Stable counting sort of the arc numbers in src by key[], into dst. */
static void
bucket(size_t *src, size_t *dst, size_t m, const uint32_t *key,
    size_t *cnt, size_t n)
{
	size_t i;

	memset(cnt, 0, (n + 1) * sizeof(*cnt));
	for (i = 0; i < m; i++)
		cnt[key[src[i]] + 1]++;
	for (i = 0; i < n; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < m; i++)
		dst[cnt[key[src[i]]]++] = src[i];
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

/* Sort the usable arcs of g by (from, to) in linear time and keep the
 * heaviest of each pair. */
static int
net_arcs(struct kep_net *t, const struct troc_graph *g)
{
	size_t *a, *b, *cnt, i, m = 0, k;

	if (clean(g)) {
		t->ofrom = malloc((g->m + 1) * sizeof(*t->ofrom));
		t->oto = malloc((g->m + 1) * sizeof(*t->oto));
		t->ow = malloc((g->m + 1) * sizeof(*t->ow));
		if (t->ofrom == NULL || t->oto == NULL || t->ow == NULL)
			return -1;
		if (g->m > 0) {	/* an empty graph's arrays may be NULL */
			memcpy(t->ofrom, g->from, g->m * sizeof(*t->ofrom));
			memcpy(t->oto, g->to, g->m * sizeof(*t->oto));
			memcpy(t->ow, g->w, g->m * sizeof(*t->ow));
		}
		t->m = g->m;
		return 0;
	}

	a = malloc((g->m + 1) * sizeof(*a));
	b = malloc((g->m + 1) * sizeof(*b));
	cnt = malloc(((size_t)t->n + 1) * sizeof(*cnt));
	if (a == NULL || b == NULL || cnt == NULL)
		goto fail;
	for (i = 0; i < g->m; i++)
		if (g->from[i] != g->to[i] && !g->vacancy[g->to[i]])
			a[m++] = i;
	bucket(a, b, m, g->to, cnt, t->n);
	bucket(b, a, m, g->from, cnt, t->n);
	t->ofrom = malloc((m + 1) * sizeof(*t->ofrom));
	t->oto = malloc((m + 1) * sizeof(*t->oto));
	t->ow = malloc((m + 1) * sizeof(*t->ow));
	if (t->ofrom == NULL || t->oto == NULL || t->ow == NULL)
		goto fail;
	t->m = 0;
	for (i = 0; i < m; i++) {
		k = a[i];
		if (t->m > 0 && t->ofrom[t->m - 1] == g->from[k] &&
		    t->oto[t->m - 1] == g->to[k]) {
			if (g->w[k] > t->ow[t->m - 1])
				t->ow[t->m - 1] = g->w[k];
			continue;
		}
		t->ofrom[t->m] = g->from[k];
		t->oto[t->m] = g->to[k];
		t->ow[t->m] = g->w[k];
		t->m++;
	}
	free(a);
	free(b);
	free(cnt);
	return 0;
fail:
	free(a);
	free(b);
	free(cnt);
	return -1;
}

static int
net_index(struct kep_net *t)
{
	size_t n = t->n, i, *fill;

	t->ostart = calloc(n + 1, sizeof(*t->ostart));
	t->istart = calloc(n + 1, sizeof(*t->istart));
	t->iarc = malloc((t->m + 1) * sizeof(*t->iarc));
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
		t->iarc[fill[t->oto[i]]++] = i;
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
kep_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
