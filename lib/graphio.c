/* graphio.c: reading and writing the exchange graph files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "troc/csvout.h"
#include "troc/field.h"
#include "troc/graphio.h"
#include "troc/num.h"
#include "troc/table.h"

static const struct troc_col node_cols[] = {
	{ "id", 1, NULL }, { "kind", 1, NULL }
};
static const struct troc_col arc_cols[] = {
	{ "from", 1, NULL }, { "to", 1, NULL }, { "weight", 1, NULL }
};
static const char *const kinds[] = { "household", "pair", "vacancy", "ndd",
    NULL };

static void
join(char *buf, size_t cap, const char *dir, const char *name)
{
	snprintf(buf, cap, "%s/%s", dir, name);
}

/* Open path and bind its header; NULL with e set on failure. */
static struct troc_csv *
open_bound(const char *path, const struct troc_csv_opts *o,
    const struct troc_col *cols, size_t n, struct troc_bind *b,
    struct troc_err *e)
{
	struct troc_csv *r = troc_csv_open(path, o, e);

	if (r && troc_bind_header(b, troc_csv_header(r), cols, n,
	    troc_csv_name(r), e) < 0) {
		troc_csv_free(r);
		return NULL;
	}
	return r;
}

/* One node record: 0 accepted, 1 rejected, -1 failure. */
static int
one_node(const struct troc_bind *b, const struct troc_rec *rec,
    const char *file, struct troc_graph *g, struct troc_idset *ids,
    struct troc_rejects *rj, struct troc_err *e)
{
	struct troc_fault f;
	size_t ln, lk;
	const char *id = troc_bind_get(b, rec, 0, &ln);
	const char *kind = troc_bind_get(b, rec, 1, &lk);
	int k, r;

	if ((r = troc_rejects_check(rj, file, rec, b->nin)) != 0)
		return r;
	if (ln == 0 || troc_field_word("kind", kind, lk, 1, kinds, &k, &f) < 0) {
		if (ln == 0)
			troc_fault_set(&f, "id", TROC_MISSING,
			    "empty, a value is required");
		return troc_rejects_fault(rj, file, rec, &f) < 0 ? -1 : 1;
	}
	if ((r = troc_idset_add(ids, id, ln, NULL)) <= 0) {
		if (r < 0)
			goto nomem;
		return troc_rejects_add(rj, file, rec, "id", TROC_DUPLICATE,
		    "node %.*s seen before", (int)ln, id) < 0 ? -1 : 1;
	}
	if (troc_graph_add_node(g, k >= 2, e) < 0)
		return -1;
	return 0;
nomem:
	troc_err_set(e, file, rec->line, "out of memory");
	return -1;
}

static int
one_arc(const struct troc_bind *b, const struct troc_rec *rec,
    const char *file, struct troc_graph *g, const struct troc_idset *ids,
    struct troc_rejects *rj, struct troc_graph_counts *c,
    struct troc_err *e)
{
	struct troc_fault f;
	size_t lf, lt, lw;
	const char *from = troc_bind_get(b, rec, 0, &lf);
	const char *to = troc_bind_get(b, rec, 1, &lt);
	const char *w = troc_bind_get(b, rec, 2, &lw);
	long i = troc_idset_find(ids, from, lf), j;
	double x;
	int r;

	if ((r = troc_rejects_check(rj, file, rec, b->nin)) != 0)
		return r;
	j = troc_idset_find(ids, to, lt);
	if (i < 0 || j < 0)
		return troc_rejects_add(rj, file, rec, i < 0 ? "from" : "to",
		    TROC_CODE, "no node %.*s in nodes.csv", (int)(i < 0 ? lf :
		    lt), i < 0 ? from : to) < 0 ? -1 : 1;
	if (troc_field_dec("weight", w, lw, 1, 0, 0, 1e15, &x, &f) < 0)
		return troc_rejects_fault(rj, file, rec, &f) < 0 ? -1 : 1;
	if ((r = troc_graph_add_arc(g, (uint32_t)i, (uint32_t)j, x, e)) < 0)
		return -1;
	c->into_vacancy += r == 0 && g->vacancy[j];
	return 0;
}

static int
read_file(const char *path, const struct troc_csv_opts *o, int arcs,
    struct troc_graph *g, struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e)
{
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_csv *r = open_bound(path, o, arcs ? arc_cols : node_cols,
	    arcs ? 3 : 2, &b, e);
	int k, x;

	if (r == NULL)
		return -1;
	while ((k = troc_csv_next(r, &rec, e)) > 0) {
		if (arcs) {
			c->arcs++;
			x = one_arc(&b, &rec, troc_csv_name(r), g, ids, rj, c, e);
		} else {
			c->nodes++;
			x = one_node(&b, &rec, troc_csv_name(r), g, ids, rj, e);
		}
		if (x < 0) {
			k = -1;
			if (e->msg[0] == '\0')
				troc_err_set(e, path, rec.line,
				    "cannot write the rejects");
			break;
		}
		c->rejected += x == 1;
	}
	troc_bind_release(&b);
	troc_csv_free(r);
	return k < 0 ? -1 : 0;
}

int
troc_graph_read(const char *dir, const struct troc_csv_opts *o,
    struct troc_graph *g, struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e)
{
	static char nodes[4096], arcs[4096];	/* named in messages */

	struct stat st;

	memset(c, 0, sizeof(*c));
	e->msg[0] = '\0';
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		join(nodes, sizeof(nodes), dir, "nodes.csv");
		join(arcs, sizeof(arcs), dir, "arcs.csv");
	} else {	/* a prefix: NAME.nodes.csv and NAME.arcs.csv */
		snprintf(nodes, sizeof(nodes), "%s.nodes.csv", dir);
		snprintf(arcs, sizeof(arcs), "%s.arcs.csv", dir);
	}
	if (read_file(nodes, o, 0, g, ids, rj, c, e) < 0)
		return -1;
	return read_file(arcs, o, 1, g, ids, rj, c, e);
}

static int
write_nodes(const char *path, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e)
{
	struct troc_out *w = troc_out_open(path, NULL, e);
	size_t i;

	if (w == NULL)
		return -1;
	troc_out_str(w, "id");
	troc_out_str(w, "kind");
	troc_out_eor(w);
	for (i = 0; i < g->n && !troc_out_failed(w); i++) {
		troc_out_str(w, id(arg, i));
		troc_out_str(w, g->vacancy[i] ? "vacancy" : "household");
		troc_out_eor(w);
	}
	return troc_out_close(w, 1, e);
}

/* Node ids in byte order, for sorting. */
static const char *const *sort_ids;

static int
by_id(const void *a, const void *b)
{
	return strcmp(sort_ids[*(const uint32_t *)a],
	    sort_ids[*(const uint32_t *)b]);
}

/* One stable counting-sort pass of the arc order ord by key[node]. */
static void
pass(const uint32_t *node, const uint32_t *key, size_t n, size_t m,
    const uint32_t *ord, uint32_t *out, size_t *cnt)
{
	size_t k;

	memset(cnt, 0, (n + 1) * sizeof(*cnt));
	for (k = 0; k < m; k++)
		cnt[key[node[ord[k]]] + 1]++;
	for (k = 0; k < n; k++)
		cnt[k + 1] += cnt[k];
	for (k = 0; k < m; k++)
		out[cnt[key[node[ord[k]]]]++] = ord[k];
}

/* The arcs in the byte order of (from id, to id): the same file whatever
 * the order of the input rows. NULL when out of memory. */
static uint32_t *
arc_order(const struct troc_graph *g, const char *(*id)(const void *,
    size_t), const void *arg)
{
	const char **ids = malloc((g->n + 1) * sizeof(*ids));
	uint32_t *perm = malloc((g->n + 1) * sizeof(*perm));
	uint32_t *rank = malloc((g->n + 1) * sizeof(*rank));
	uint32_t *a = malloc((g->m + 1) * sizeof(*a));
	uint32_t *b = malloc((g->m + 1) * sizeof(*b));
	size_t *cnt = malloc((g->n + 2) * sizeof(*cnt)), i;

	if (!ids || !perm || !rank || !a || !b || !cnt) {
		free(b);
		b = NULL;
		goto out;
	}
	for (i = 0; i < g->n; i++) {
		ids[i] = id(arg, i);
		perm[i] = (uint32_t)i;
	}
	sort_ids = ids;
	qsort(perm, g->n, sizeof(*perm), by_id);
	for (i = 0; i < g->n; i++)
		rank[perm[i]] = (uint32_t)i;
	for (i = 0; i < g->m; i++)
		a[i] = (uint32_t)i;
	pass(g->to, rank, g->n, g->m, a, b, cnt);
	pass(g->from, rank, g->n, g->m, b, a, cnt);
	memcpy(b, a, g->m * sizeof(*b));
out:
	free(ids), free(perm), free(rank), free(a), free(cnt);
	return b;
}

static int
write_arcs(const char *path, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e)
{
	struct troc_out *w = troc_out_open(path, NULL, e);
	uint32_t *ord = arc_order(g, id, arg);
	size_t k;

	if (w == NULL || ord == NULL) {
		if (w)
			troc_out_close(w, 0, e);
		troc_err_set(e, path, 0, "out of memory");
		free(ord);
		return -1;
	}
	troc_out_str(w, "from");
	troc_out_str(w, "to");
	troc_out_str(w, "weight");
	troc_out_eor(w);
	for (k = 0; k < g->m && !troc_out_failed(w); k++) {
		troc_out_str(w, id(arg, g->from[ord[k]]));
		troc_out_str(w, id(arg, g->to[ord[k]]));
		troc_out_num(w, g->w[ord[k]]);
		troc_out_eor(w);
	}
	free(ord);
	return troc_out_close(w, 1, e);
}

int
troc_graph_write(const char *dir, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e)
{
	static char nodes[4096], arcs[4096];

	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		troc_err_set(e, dir, 0, "cannot make the folder: %s",
		    strerror(errno));
		return -1;
	}
	join(nodes, sizeof(nodes), dir, "nodes.csv");
	join(arcs, sizeof(arcs), dir, "arcs.csv");
	if (write_nodes(nodes, g, id, arg, e) < 0)
		return -1;
	return write_arcs(arcs, g, id, arg, e);
}
