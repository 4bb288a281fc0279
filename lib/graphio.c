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

/* How the arcs file is written: nodes in the byte order of their ids,
 * each node's arcs out by the ids of their heads, the same file whatever
 * the order of the input rows. */
struct arcs_out {
	const struct troc_graph *g;
	uint32_t *perm;		/* nodes by id */
	uint32_t *rank;		/* per node: its place in perm */
	size_t *start;		/* n + 1: the arcs out of node i are */
	uint32_t *ord;		/* ord[start[i]..start[i + 1]), NULL: k */
	char *field;		/* node ids as CSV fields, one after another */
	size_t *foff;		/* n + 1 */
	char buf[65536];	/* whole lines for the writer */
	size_t len;
	char wbuf[40];		/* the last weight written, formatted */
	size_t wlen;
	double wlast;
};

static void
arcs_out_free(struct arcs_out *o)
{
	free(o->perm), free(o->rank), free(o->start), free(o->ord);
	free(o->field), free(o->foff);
	free(o);
}

/* The ids quoted as they are written, and their byte order. */
static int
node_fields(struct arcs_out *o, const char *(*id)(const void *, size_t),
    const void *arg)
{
	size_t n = o->g->n, i, total = 0;
	const char **ids = malloc((n + 1) * sizeof(*ids));

	if (ids == NULL || (o->foff = malloc((n + 1) * sizeof(*o->foff))) ==
	    NULL) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++) {
		ids[i] = id(arg, i);
		o->foff[i] = total;
		total += troc_csv_quote(NULL, 0, ids[i], strlen(ids[i]), ',');
	}
	o->foff[n] = total;
	if ((o->field = malloc(total + 1)) == NULL) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++)	/* each fits exactly (and its NUL) */
		troc_csv_quote(o->field + o->foff[i], o->foff[i + 1] -
		    o->foff[i] + 1, ids[i], strlen(ids[i]), ',');
	for (i = 0; i < n; i++)
		o->perm[i] = (uint32_t)i;
	sort_ids = ids;
	qsort(o->perm, n, sizeof(*o->perm), by_id);
	for (i = 0; i < n; i++)
		o->rank[o->perm[i]] = (uint32_t)i;
	free(ids);
	return 0;
}

/* Where each node's arcs out are: in place when the arcs are by from
 * already (as troc-match builds them), else through ord, a stable
 * counting sort by from. */
static int
by_tail(struct arcs_out *o)
{
	const struct troc_graph *g = o->g;
	size_t k, i, sorted = 1;

	for (k = 0; k < g->m; k++)
		o->start[g->from[k] + 1]++;
	for (i = 0; i < g->n; i++)
		o->start[i + 1] += o->start[i];
	for (k = 1; k < g->m && sorted; k++)
		sorted = g->from[k - 1] <= g->from[k];
	if (sorted)
		return 0;
	if ((o->ord = malloc((g->m + 1) * sizeof(*o->ord))) == NULL)
		return -1;
	for (k = 0; k < g->m; k++)
		o->ord[o->start[g->from[k]]++] = (uint32_t)k;
	memmove(o->start + 1, o->start, g->n * sizeof(*o->start));
	o->start[0] = 0;
	return 0;
}

static struct arcs_out *
arcs_out_new(const struct troc_graph *g, const char *(*id)(const void *,
    size_t), const void *arg)
{
	struct arcs_out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->g = g;
	o->perm = malloc((g->n + 1) * sizeof(*o->perm));
	o->rank = malloc((g->n + 1) * sizeof(*o->rank));
	o->start = calloc(g->n + 2, sizeof(*o->start));
	if (!o->perm || !o->rank || !o->start || node_fields(o, id, arg) < 0 ||
	    by_tail(o) < 0) {
		arcs_out_free(o);
		return NULL;
	}
	o->wlast = -1;
	return o;
}

/* Arcs of one tail, by the rank of their heads then their number. */
static const struct arcs_out *sort_o;

static int
by_head(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	uint32_t ri = sort_o->rank[sort_o->g->to[i]];
	uint32_t rj = sort_o->rank[sort_o->g->to[j]];

	if (ri != rj)
		return ri < rj ? -1 : 1;
	return i < j ? -1 : i > j;
}

static void
put_bytes(struct arcs_out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Line from,to,weight of arc k into the buffer, written when full. */
static int
put_arc(struct troc_out *w, struct arcs_out *o, size_t k)
{
	const char *f = o->field;
	uint32_t a = o->g->from[k], b = o->g->to[k];
	size_t na = o->foff[a + 1] - o->foff[a];
	size_t nb = o->foff[b + 1] - o->foff[b];

	if (o->g->w[k] != o->wlast) {
		o->wlast = o->g->w[k];
		o->wlen = strlen(troc_fmt_num(o->wlast, o->wbuf));
	}
	if (o->len + na + nb + o->wlen + 3 > sizeof(o->buf)) {
		if (troc_out_raw(w, o->buf, o->len) < 0)
			return -1;
		o->len = 0;
		if (na + nb + o->wlen + 3 > sizeof(o->buf))	/* huge ids */
			return troc_out_raw(w, f + o->foff[a], na) < 0 ||
			    troc_out_raw(w, ",", 1) < 0 ||
			    troc_out_raw(w, f + o->foff[b], nb) < 0 ||
			    troc_out_raw(w, ",", 1) < 0 ||
			    troc_out_raw(w, o->wbuf, o->wlen) < 0 ||
			    troc_out_raw(w, "\n", 1) < 0 ? -1 : 0;
	}
	put_bytes(o, f + o->foff[a], na);
	o->buf[o->len++] = ',';
	put_bytes(o, f + o->foff[b], nb);
	o->buf[o->len++] = ',';
	put_bytes(o, o->wbuf, o->wlen);
	o->buf[o->len++] = '\n';
	return 0;
}

/* The arcs out of node i, by the ids of their heads; tmp holds them. */
static int
put_tail(struct troc_out *w, struct arcs_out *o, uint32_t i, uint32_t *tmp)
{
	size_t lo = o->start[i], n = o->start[i + 1] - lo, k;
	int sorted = 1;

	for (k = 0; k < n; k++)
		tmp[k] = o->ord ? o->ord[lo + k] : (uint32_t)(lo + k);
	for (k = 1; k < n && sorted; k++)
		sorted = o->rank[o->g->to[tmp[k - 1]]] <=
		    o->rank[o->g->to[tmp[k]]];
	if (!sorted) {
		sort_o = o;
		qsort(tmp, n, sizeof(*tmp), by_head);
	}
	for (k = 0; k < n; k++)
		if (put_arc(w, o, tmp[k]) < 0)
			return -1;
	return 0;
}

static int
write_arcs(const char *path, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e)
{
	struct troc_out *w = troc_out_open(path, NULL, e);
	struct arcs_out *o = arcs_out_new(g, id, arg);
	uint32_t *tmp = NULL;
	size_t i, most = 0;

	for (i = 0; o && i < g->n; i++)
		if (o->start[i + 1] - o->start[i] > most)
			most = o->start[i + 1] - o->start[i];
	if (w == NULL || o == NULL ||
	    (tmp = malloc((most + 1) * sizeof(*tmp))) == NULL) {
		if (w) {
			troc_out_close(w, 0, e);
			troc_err_set(e, path, 0, "out of memory");
		}
		if (o)
			arcs_out_free(o);
		return -1;
	}
	troc_out_str(w, "from");
	troc_out_str(w, "to");
	troc_out_str(w, "weight");
	troc_out_eor(w);
	for (i = 0; i < g->n && !troc_out_failed(w); i++)
		if (put_tail(w, o, o->perm[i], tmp) < 0)
			break;
	if (o->len)
		troc_out_raw(w, o->buf, o->len);
	arcs_out_free(o);
	free(tmp);
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
