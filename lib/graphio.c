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
#include "troc/parallel.h"
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
	c->self_loops += r == 0 && i == j;
	c->into_vacancy += r == 0 && i != j && g->vacancy[j];
	return 0;
}

/* The nodes or the arcs from r (NULL: it could not be opened, e set),
 * which is freed. */
static int
read_part(struct troc_csv *r, int arcs, struct troc_graph *g,
    struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e)
{
	struct troc_bind b;
	struct troc_rec rec;
	int k, x;

	if (r == NULL)
		return -1;
	if (troc_bind_header(&b, troc_csv_header(r), arcs ? arc_cols :
	    node_cols, arcs ? 3 : 2, troc_csv_name(r), e) < 0) {
		troc_csv_free(r);
		return -1;
	}
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
				troc_err_set(e, troc_csv_name(r), rec.line,
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
	if (read_part(troc_csv_open(nodes, o, e), 0, g, ids, rj, c, e) < 0)
		return -1;
	return read_part(troc_csv_open(arcs, o, e), 1, g, ids, rj, c, e);
}

int
troc_graph_read_mem(const char *nodes, size_t nn, const char *arcs,
    size_t na, const struct troc_csv_opts *o, struct troc_graph *g,
    struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e)
{
	memset(c, 0, sizeof(*c));
	e->msg[0] = '\0';
	if (read_part(troc_csv_open_mem(nodes, nn, "nodes.csv", o, e), 0, g,
	    ids, rj, c, e) < 0)
		return -1;
	return read_part(troc_csv_open_mem(arcs, na, "arcs.csv", o, e), 1, g,
	    ids, rj, c, e);
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
#define INLINE	24	/* ids this long live in their node's record */
#define WCACHE	256	/* weights formatted, by their bits */

/* A node's id as a CSV field: in the record itself when short (one cache
 * line for a head, the commonest read), else in the text. */
struct field {
	char s[INLINE];
	uint32_t off, len;
};

struct weight {
	double v;
	unsigned char len;
	char s[39];
};

/* What every formatter reads. */
struct arcs_out {
	const struct troc_graph *g;
	uint32_t *perm;		/* nodes by id */
	uint32_t *rank;		/* per node: its place in perm */
	size_t *start;		/* n + 1: the arcs out of node i are */
	uint32_t *ord;		/* ord[start[i]..start[i + 1]), NULL: k */
	char *text;		/* node ids as CSV fields, one after another */
	struct field *field;	/* n */
	size_t most;		/* arcs out of one node, at most */
};

/* One formatter: the lines of the arcs out of tails perm[t0..t1). */
struct fmt {
	const struct arcs_out *o;
	size_t t0, t1;
	char *buf;
	size_t len, cap;
	uint64_t *tmp;		/* one tail's arcs: rank of head, number */
	struct weight wc[WCACHE];
	int failed;
};

#define BATCH	(1u << 16)	/* arcs a formatter takes at once */
#define SLACK	(2 * sizeof(struct field) + sizeof(((struct weight *)0)->s) + 3)

static void
arcs_out_free(struct arcs_out *o)
{
	free(o->perm), free(o->rank), free(o->start), free(o->ord);
	free(o->text), free(o->field);
	free(o);
}

/* The ids quoted as they are written, and their byte order. */
static int
node_fields(struct arcs_out *o, const char *(*id)(const void *, size_t),
    const void *arg)
{
	size_t n = o->g->n, i, k, total = 0;
	const char **ids = malloc((n + 1) * sizeof(*ids));

	if (ids == NULL || (o->field = malloc((n + 1) *
	    sizeof(*o->field))) == NULL) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++) {
		ids[i] = id(arg, i);
		k = troc_csv_quote(NULL, 0, ids[i], strlen(ids[i]), ',');
		if (k > UINT32_MAX || total > UINT32_MAX - k) {
			free(ids);
			return -1;
		}
		o->field[i].off = (uint32_t)total;
		o->field[i].len = (uint32_t)k;
		total += k;
	}
	if ((o->text = malloc(total + 1)) == NULL) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++) {	/* each fits exactly (and its NUL) */
		troc_csv_quote(o->text + o->field[i].off, o->field[i].len + 1,
		    ids[i], strlen(ids[i]), ',');
		memset(o->field[i].s, 0, INLINE);
		if (o->field[i].len <= INLINE)
			memcpy(o->field[i].s, o->text + o->field[i].off,
			    o->field[i].len);
	}
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
	for (i = 0; i < g->n; i++) {
		if (o->start[i + 1] > o->most)
			o->most = o->start[i + 1];
		o->start[i + 1] += o->start[i];
	}
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
	return o;
}

/* Weight v formatted, from the cache. */
static const struct weight *
weight(struct fmt *f, double v)
{
	uint64_t bits;
	struct weight *c;

	memcpy(&bits, &v, sizeof(bits));
	c = &f->wc[(bits * 0x9E3779B97F4A7C15u) >> 56];
	if (c->v != v) {
		c->v = v;
		c->len = (unsigned char)strlen(troc_fmt_num(v, c->s));
	}
	return c;
}

/* Field f's bytes at p (a short one moved whole, record and all: the
 * bytes past its end are written over next); returns the end. */
static char *
put_field(char *p, const char *text, const struct field *f)
{
	if (f->len <= INLINE)
		memcpy(p, f, sizeof(*f));
	else
		memcpy(p, text + f->off, f->len);
	return p + f->len;
}

/* Line from,to,weight of arc k at the end of f's buffer. */
static int
put_arc(struct fmt *f, size_t k)
{
	const struct arcs_out *o = f->o;
	const struct field *a = &o->field[o->g->from[k]];
	const struct field *b = &o->field[o->g->to[k]];
	const struct weight *c = weight(f, o->g->w[k]);
	size_t need = (size_t)a->len + b->len + c->len + 3, cap;
	char *p;

	if (f->len + need + SLACK > f->cap) {
		cap = f->cap * 2 > f->len + need + SLACK ? f->cap * 2 :
		    f->len + need + SLACK;
		if ((p = realloc(f->buf, cap)) == NULL)
			return -1;
		f->buf = p;
		f->cap = cap;
	}
	p = put_field(f->buf + f->len, o->text, a);
	*p++ = ',';
	p = put_field(p, o->text, b);
	*p++ = ',';
	memcpy(p, c->s, sizeof(c->s));
	p[c->len] = '\n';
	f->len += need;
	return 0;
}

static int
by_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The arcs out of node i, by the ids of their heads (then their
 * numbers: the order they came in). */
static int
put_tail(struct fmt *f, uint32_t i)
{
	const struct arcs_out *o = f->o;
	size_t lo = o->start[i], n = o->start[i + 1] - lo, k;
	uint32_t a;
	int sorted = 1;

	for (k = 0; k < n; k++) {
		a = o->ord ? o->ord[lo + k] : (uint32_t)(lo + k);
		f->tmp[k] = (uint64_t)o->rank[o->g->to[a]] << 32 | a;
		sorted = sorted && (k == 0 || f->tmp[k - 1] < f->tmp[k]);
	}
	if (!sorted)
		qsort(f->tmp, n, sizeof(*f->tmp), by_key);
	for (k = 0; k < n; k++)
		if (put_arc(f, (uint32_t)f->tmp[k]) < 0)
			return -1;
	return 0;
}

/* A formatter's batch, into its buffer. */
static void *
format(void *arg)
{
	struct fmt *f = arg;
	size_t t;

	f->len = 0;
	for (t = f->t0; t < f->t1 && !f->failed; t++)
		f->failed = put_tail(f, f->o->perm[t]) < 0;
	return NULL;
}

/* The tails in batches of about BATCH arcs: batch b is perm[cut[b]..
 * cut[b + 1]). Returns the number of batches, 0 when out of memory. */
static size_t
batches(const struct arcs_out *o, size_t **cut)
{
	size_t n = o->g->n, nb = 0, t, acc = 0;

	if ((*cut = malloc((o->g->m / BATCH + 3) * sizeof(**cut))) == NULL)
		return 0;
	(*cut)[0] = 0;
	for (t = 0; t < n; t++) {
		acc += o->start[o->perm[t] + 1] - o->start[o->perm[t]];
		if (acc >= BATCH || t + 1 == n) {
			(*cut)[++nb] = t + 1;
			acc = 0;
		}
	}
	return nb ? nb : ((*cut)[1] = 0, 1);
}

/* A part of a round: format a batch, or write the batches of the round
 * before, in order, while the next are formatted. */
struct job {
	struct fmt *f;		/* the batch to format; NULL: the writer */
	struct troc_out *w;
	const struct fmt *done;
	size_t ndone;
	int failed;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;
	size_t t;

	if (j->f)
		return format(j->f);
	for (t = 0; t < j->ndone && !j->failed; t++)
		j->failed = j->done[t].failed ||
		    troc_out_raw(j->w, j->done[t].buf, j->done[t].len) < 0;
	return NULL;
}

/* The lines, nt batches at a time by as many threads, each round's
 * written during the next: the same file whatever nt. */
static int
put_lines(struct troc_out *w, const struct arcs_out *o)
{
	struct job job[TROC_MAX_THREADS];
	struct fmt *f;
	size_t *cut = NULL, nb = batches(o, &cut), nt, b, t, k, prev = 0;
	int rc = -1, cur = 0;

	nt = o->g->m >= 4 * BATCH ? troc_threads(0) : 1;
	if (nt > TROC_MAX_THREADS - 1)
		nt = TROC_MAX_THREADS - 1;	/* and the writer */
	if (nb == 0 || (f = calloc(2 * nt, sizeof(*f))) == NULL) {
		free(cut);
		return -1;
	}
	for (t = 0; t < 2 * nt; t++) {
		f[t].o = o;
		for (k = 0; k < WCACHE; k++)
			f[t].wc[k].v = -1;	/* no weight is negative */
		if ((f[t].tmp = malloc((o->most + 1) * sizeof(*f[t].tmp))) ==
		    NULL)
			goto out;
	}
	for (b = 0;; b += k, cur ^= 1) {
		k = b < nb ? (nb - b < nt ? nb - b : nt) : 0;
		memset(job, 0, sizeof(job));
		for (t = 0; t < k; t++) {
			job[t].f = &f[cur * nt + t];
			job[t].f->t0 = cut[b + t];
			job[t].f->t1 = cut[b + t + 1];
		}
		job[k].w = w;
		job[k].done = &f[(cur ^ 1) * nt];
		job[k].ndone = prev;
		troc_parallel(k + 1, run_job, job, sizeof(*job));
		if (job[k].failed)
			goto out;
		if (k == 0)
			break;
		prev = k;
	}
	rc = 0;
out:
	for (t = 0; t < 2 * nt; t++)
		free(f[t].buf), free(f[t].tmp);
	free(f);
	free(cut);
	return rc;
}

static int
write_arcs(const char *path, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e)
{
	struct troc_out *w = troc_out_open(path, NULL, e);
	struct arcs_out *o = w ? arcs_out_new(g, id, arg) : NULL;
	int r;

	if (w == NULL)
		return -1;
	troc_out_str(w, "from");
	troc_out_str(w, "to");
	troc_out_str(w, "weight");
	troc_out_eor(w);
	if (o == NULL || (put_lines(w, o) < 0 && !troc_out_failed(w))) {
		troc_out_close(w, 0, e);
		troc_err_set(e, path, 0, "out of memory");
		if (o)
			arcs_out_free(o);
		return -1;
	}
	arcs_out_free(o);
	r = troc_out_close(w, 1, e);
	return r;
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
