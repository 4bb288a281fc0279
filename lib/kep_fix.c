/* kep_fix.c: a better solution for a component the Lagrangian method
 * solved: the problem restricted to the columns its prices favour, cut
 * into pieces small enough for the LP and CBC. */

/*
 * At prices near the LP's duals, the columns of an optimal solution have
 * reduced weights near 0 (complementary slackness) and most columns are
 * far below. Keeping the columns of reduced weight above -delta, and
 * those of the greedy solution, leaves a problem that falls apart into
 * many small parts and a few large ones. A large part is cut into
 * pieces of about FIX_PIECE nodes, each grown breadth first over the
 * columns from the smallest node left, whole exchanges of the current
 * solution at a time, and under a time limit smaller where the columns
 * are dense (at most FIX_DENSE column entries a node of that size: at
 * prices near the LP's duals many columns tie, and a piece of 2,000
 * nodes of the Paris 20th part had 57,000 columns, on which CBC spent
 * the pieces' whole time, 13 s of -t 30 and 48 s of -t 100, for
 * nothing; capped, the part gains 2,500 there. Without a time limit
 * CBC's node limit bounds the work on such a piece). Each piece, less
 * the nodes of exchanges that leave
 * it, is solved by kep_model_solve (LP, then CBC held to FIX_NODES nodes,
 * started from the exchanges inside the piece: kep_ctx.warm) and its
 * answer replaces them when it weighs more. (Started from the LP's
 * rounding instead, CBC sometimes ended below them and the piece was
 * wasted: 1 to 3 large pieces of about 100 on 260k households; on the
 * Paris 20th part, the LP's rounding of the one large piece is 183,960
 * against 198,930.) A second round grows the pieces from the largest
 * node left, so that the exchanges the first cuts kept can change. The
 * pieces of a round are grown first, then solved, largest first, by two
 * processes when there are two processors (solve_round). (On 60k
 * households pieces of 2,000 nodes gained 96% of what pieces of 4,000
 * did, in two thirds of the time.) The solution never gets worse than
 * the greedy's; it is a heuristic, and the bound stays the Lagrangian
 * one. Without a time limit the work is bounded by the node limits, so
 * the answer does not depend on the machine's load. kep_lagr.c calls
 * it with a narrow delta, then, with time left, with a wide one from
 * the first call's answer.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "troc/err.h"
#include "csvin_impl.h"	/* troc_write_full */
#include "kep_impl.h"

#define FIX_PIECE 2000	/* nodes in a piece, about */
#define FIX_NODES 200	/* CBC nodes for a piece */
#define FIX_ROUNDS 2	/* rounds of pieces over a large part */
#define FIX_LARGEST 16000	/* nodes in a piece, at most */
#define FIX_DENSE 30	/* a piece holds at most so many column entries
				 * (a cycle's households, an arc's two ends)
				 * per node of its size; the larger pieces
				 * that follow when time is left hold more */
#define FIX_FORK 4		/* pieces in a round: from so many, a second
				 * process shares them */

/* A piece of a round and its size, for the order they are solved in. */
struct psize {
	size_t n, j;
};

/* A column of the restricted problem: a pool cycle or a chain arc. */
struct col {
	int arc;
	size_t ref;
};

struct fix {
	const struct kep_ctx *x;
	struct kep_ctx fx;	/* x for the pieces: no dive, CBC held */
	const struct kep_comp *c;
	/* the parts, from kept columns */
	uint32_t *root;		/* per c-local node */
	size_t nparts;
	size_t *nstart;		/* per part: its nodes in pnode */
	uint32_t *pnode;	/* c-local numbers */
	size_t *kstart;		/* per part: its columns in pcol */
	struct col *pcol;
	size_t nentries;	/* nodes of all the columns */
	/* the solution: exchanges, the live ones owning their nodes */
	struct kep_sol sol;
	unsigned char *dead;	/* per exchange */
	size_t dcap;
	size_t *owner;		/* per c-local node: exchange, or SIZE_MAX */
	/* one part at a time, by c-local node */
	uint32_t *pos;		/* the piece it is in this round */
	uint32_t *order;	/* the nodes of the piece being grown */
	size_t nent;		/* their column entries */
	size_t *adj, *astart, *afill;	/* node -> its columns (indices in
					 * the part's) */
	/* one piece */
	uint32_t *node;		/* global numbers */
	size_t *cyc, *chain;
	size_t ncyc, nchain, nnode;
	size_t *exs, nexs;	/* exchanges inside the piece */
	struct kep_sol old;	/* those exchanges: where CBC starts */
	struct kep_sol tmp;
	/* the pieces of a round: piece j is porder[pstart[j] ..
	 * pstart[j + 1] - 1] */
	uint32_t *porder;
	size_t *pstart, npieces;
	struct psize *psort;	/* the pieces, largest first */
	int procs;		/* processes for a round's pieces: 1 or 2 */
	atomic_size_t *next;	/* the next in psort to take, shared by the
				 * two processes (MAP_SHARED) */
	/* for kep_progress */
	double value;		/* of the live exchanges */
	size_t done;		/* pieces solved */
};

static void
fix_free(struct fix *f)
{
	free(f->root), free(f->nstart), free(f->pnode), free(f->kstart);
	free(f->pcol), free(f->dead), free(f->owner), free(f->pos);
	free(f->order), free(f->adj), free(f->astart), free(f->afill);
	free(f->node), free(f->cyc), free(f->chain), free(f->exs);
	free(f->porder), free(f->pstart), free(f->psort);
	if (f->next != NULL)
		munmap(f->next, sizeof(*f->next));
	kep_sol_release(&f->sol);
	kep_sol_release(&f->old);
	kep_sol_release(&f->tmp);
}

static void
join(uint32_t *root, uint32_t u, uint32_t v)
{
	u = kep_root(root, u);
	v = kep_root(root, v);
	if (u != v)
		root[u < v ? v : u] = u < v ? u : v;
}

/* The c-local nodes of column k into nd (cap at least 2), how many. */
static size_t
col_nodes(const struct fix *f, const struct col *k, uint32_t *nd,
    size_t cap)
{
	const struct kep_pool *p = f->x->pool;
	const struct kep_net *t = f->x->t;
	size_t i, n = 0;

	if (k->arc) {
		nd[0] = f->x->loc[t->ofrom[k->ref]];
		nd[1] = f->x->loc[t->oto[k->ref]];
		return 2;
	}
	for (i = p->off[k->ref]; i < p->off[k->ref + 1] && n < cap; i++)
		nd[n++] = f->x->loc[p->node[i]];
	return n;
}

#define MAXLEN 64

/* Parts of the kept columns, by smallest node; their nodes and columns
 * in increasing order. */
static int
make_parts(struct fix *f, const unsigned char *keepc,
    const unsigned char *keepa)
{
	const struct kep_comp *c = f->c;
	size_t nn = c->nn, i, k, n, ncol = 0, *fill;
	uint32_t nd[MAXLEN], *part;
	struct col *all;

	f->root = malloc((nn + 1) * sizeof(*f->root));
	part = malloc((nn + 1) * sizeof(*part));
	all = malloc((c->ncyc + c->nchain + 1) * sizeof(*all));
	if (f->root == NULL || part == NULL || all == NULL)
		goto fail;
	for (i = 0; i < nn; i++) {
		f->root[i] = (uint32_t)i;
		part[i] = KEP_NONE;
	}
	for (k = 0; k < c->ncyc; k++)
		if (keepc[k]) {
			all[ncol].arc = 0;
			all[ncol++].ref = c->cyc[k];
		}
	for (k = 0; k < c->nchain; k++)
		if (keepa[k]) {
			all[ncol].arc = 1;
			all[ncol++].ref = c->chain[k];
		}
	for (k = 0; k < ncol; k++) {
		n = col_nodes(f, &all[k], nd, MAXLEN);
		f->nentries += n;
		for (i = 0; i < n; i++) {
			join(f->root, nd[0], nd[i]);
			part[nd[i]] = 0;
		}
	}
	f->nparts = 0;
	for (i = 0; i < nn; i++)
		if (part[i] != KEP_NONE)
			part[i] = kep_root(f->root, (uint32_t)i) == i ?
			    (uint32_t)f->nparts++ : part[f->root[i]];
	f->nstart = calloc(f->nparts + 2, sizeof(size_t));
	f->kstart = calloc(f->nparts + 2, sizeof(size_t));
	f->pnode = malloc((nn + 1) * sizeof(*f->pnode));
	f->pcol = malloc((ncol + 1) * sizeof(*f->pcol));
	fill = malloc((f->nparts + 1) * sizeof(*fill));
	if (!f->nstart || !f->kstart || !f->pnode || !f->pcol || !fill) {
		free(fill);
		goto fail;
	}
	for (i = 0; i < nn; i++)
		if (part[i] != KEP_NONE)
			f->nstart[part[i] + 1]++;
	for (i = 0; i < f->nparts; i++)
		f->nstart[i + 1] += f->nstart[i];
	memcpy(fill, f->nstart, f->nparts * sizeof(*fill));
	for (i = 0; i < nn; i++)
		if (part[i] != KEP_NONE)
			f->pnode[fill[part[i]]++] = (uint32_t)i;
	for (k = 0; k < ncol; k++) {
		col_nodes(f, &all[k], nd, 1);
		f->kstart[part[nd[0]] + 1]++;
	}
	for (i = 0; i < f->nparts; i++)
		f->kstart[i + 1] += f->kstart[i];
	memcpy(fill, f->kstart, f->nparts * sizeof(*fill));
	for (k = 0; k < ncol; k++) {
		col_nodes(f, &all[k], nd, 1);
		f->pcol[fill[part[nd[0]]]++] = all[k];
	}
	free(fill), free(part), free(all);
	return 0;
fail:
	free(part), free(all);
	return -1;
}

static int
cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return a < b ? -1 : a > b;
}

/* Add exchange k of from to the solution, owning its nodes. */
static int
add_ex(struct fix *f, const struct kep_sol *from, size_t k)
{
	size_t i, e = f->sol.n;
	unsigned char *d;

	if (kep_sol_copy(&f->sol, from, k) == -1)
		return -1;
	if (f->sol.n > f->dcap) {
		f->dcap = 2 * f->sol.n;
		if ((d = realloc(f->dead, f->dcap)) == NULL)
			return -1;
		f->dead = d;
	}
	f->dead[e] = 0;
	for (i = f->sol.off[e]; i < f->sol.off[e + 1]; i++)
		f->owner[f->x->loc[f->sol.node[i]]] = e;
	return 0;
}

/* The columns of each node of part p: adj[astart[u] .. afill[u] - 1],
 * indices among the part's columns. */
static void
adjacency(struct fix *f, size_t p)
{
	const struct col *pc = f->pcol + f->kstart[p];
	size_t nk = f->kstart[p + 1] - f->kstart[p], i, j, n, at;
	const uint32_t *pn = f->pnode + f->nstart[p];
	size_t np = f->nstart[p + 1] - f->nstart[p];
	uint32_t nd[MAXLEN];

	for (i = 0; i < np; i++)
		f->afill[pn[i]] = 0;
	for (j = 0; j < nk; j++) {
		n = col_nodes(f, &pc[j], nd, MAXLEN);
		for (i = 0; i < n; i++)
			f->afill[nd[i]]++;
	}
	for (i = 0, at = 0; i < np; i++) {
		f->astart[pn[i]] = at;
		at += f->afill[pn[i]];
		f->afill[pn[i]] = f->astart[pn[i]];
	}
	for (j = 0; j < nk; j++) {
		n = col_nodes(f, &pc[j], nd, MAXLEN);
		for (i = 0; i < n; i++)
			f->adj[f->afill[nd[i]]++] = j;
	}
}

/* Put u, and the nodes of the exchange it is in, into piece `id` when
 * they are in none yet this round. */
static void
take_node(struct fix *f, uint32_t u, uint32_t id)
{
	size_t e, i;

	if (f->pos[u] != KEP_NONE)
		return;
	f->pos[u] = id;
	f->order[f->nnode++] = u;
	f->nent += f->afill[u] - f->astart[u];
	if ((e = f->owner[u]) == SIZE_MAX)
		return;
	for (i = f->sol.off[e]; i < f->sol.off[e + 1]; i++) {
		u = f->x->loc[f->sol.node[i]];
		if (f->pos[u] == KEP_NONE) {
			f->pos[u] = id;
			f->order[f->nnode++] = u;
			f->nent += f->afill[u] - f->astart[u];
		}
	}
}

/* Grow piece `id` from seed, breadth first over the columns, to about
 * size nodes (under a time limit, FIX_DENSE * size column entries at
 * most): f->order[0 .. f->nnode - 1]. */
static void
grow(struct fix *f, size_t p, uint32_t seed, uint32_t id, size_t size)
{
	const struct col *pc = f->pcol + f->kstart[p];
	size_t head = 0, j, i, n;
	size_t dense = f->x->deadline > 0 ? FIX_DENSE * size : SIZE_MAX;
	uint32_t nd[MAXLEN], u;

	f->nnode = f->nent = 0;
	take_node(f, seed, id);
	while (head < f->nnode && f->nnode < size && f->nent < dense) {
		u = f->order[head++];
		for (j = f->astart[u]; j < f->afill[u] && f->nnode < size &&
		    f->nent < dense; j++) {
			n = col_nodes(f, &pc[f->adj[j]], nd, MAXLEN);
			for (i = 0; i < n; i++)
				take_node(f, nd[i], id);
		}
	}
}

static int
cmp_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* Is c-local node u in piece id, with the exchange it is in? */
static int
usable(const struct fix *f, uint32_t u, uint32_t id)
{
	size_t e, i;

	if (f->pos[u] != id)
		return 0;
	if ((e = f->owner[u]) == SIZE_MAX)
		return 1;
	for (i = f->sol.off[e]; i < f->sol.off[e + 1]; i++)
		if (f->pos[f->x->loc[f->sol.node[i]]] != id)
			return 0;
	return 1;
}

/* Solve piece id of part p (f->order[0 .. f->nnode - 1]); keep its
 * answer when it weighs more than the exchanges it replaces. */
static int
piece(struct fix *f, size_t p, uint32_t id, struct troc_err *e)
{
	const struct col *pc = f->pcol + f->kstart[p];
	size_t i, j, n, k, nin = 0, m = f->nnode;
	uint32_t nd[MAXLEN], u;
	struct kep_comp comp;
	double old = 0, neww = 0, b = 0;
	int proven;

	f->ncyc = f->nchain = f->nexs = 0;
	for (i = 0; i < m; i++) {
		u = f->order[i];
		if (!usable(f, u, id))
			continue;
		f->node[nin++] = f->c->node[u];
		k = f->owner[u];
		if (k != SIZE_MAX && f->x->loc[f->sol.node[f->sol.off[k]]] == u) {
			f->exs[f->nexs++] = k;
			old += f->sol.w[k];
		}
		/* the columns of u that start at u: each column once */
		for (j = f->astart[u]; j < f->afill[u]; j++) {
			n = col_nodes(f, &pc[f->adj[j]], nd, MAXLEN);
			if (nd[0] != u)
				continue;
			for (k = 0; k < n && usable(f, nd[k], id); k++)
				;
			if (k < n)
				continue;
			if (pc[f->adj[j]].arc)
				f->chain[f->nchain++] = pc[f->adj[j]].ref;
			else
				f->cyc[f->ncyc++] = pc[f->adj[j]].ref;
		}
	}
	if (f->ncyc + f->nchain == 0)
		return 0;
	qsort(f->node, nin, sizeof(*f->node), cmp_u32);
	qsort(f->cyc, f->ncyc, sizeof(*f->cyc), cmp_size);
	qsort(f->chain, f->nchain, sizeof(*f->chain), cmp_size);
	comp.nn = nin;
	comp.node = f->node;
	comp.ncyc = f->ncyc;
	comp.cyc = f->cyc;
	comp.nchain = f->nchain;
	comp.chain = f->chain;
	comp.nzarc = 0;
	comp.zarc = NULL;
	f->old.n = 0;
	for (i = 0; i < f->nexs; i++)
		if (kep_sol_copy(&f->old, &f->sol, f->exs[i]) == -1)
			goto oom;
	/* kep_model_solve numbers the piece's nodes in x->loc itself */
	for (i = 0; i < nin; i++)
		f->x->loc[f->node[i]] = KEP_NONE;
	f->tmp.n = 0;
	k = kep_model_solve(&f->fx, &comp, &f->tmp, &b, &proven, e) == -1;
	for (i = 0; i < m; i++)
		f->x->loc[f->c->node[f->order[i]]] = f->order[i];
	if (k)
		return -1;
	for (k = 0; k < f->tmp.n; k++)
		neww += f->tmp.w[k];
	KEP_T("T piece part %zu id %u nn %zu/%zu cyc %zu arcs %zu old %.0f new %.0f\n", p, id, nin, m, f->ncyc, f->nchain, old, neww);
	if (neww <= old + 1e-9 * (old > 1 ? old : 1))
		return 0;
	f->value += neww - old;
	for (i = 0; i < f->nexs; i++) {
		k = f->exs[i];
		f->dead[k] = 1;
		for (j = f->sol.off[k]; j < f->sol.off[k + 1]; j++)
			f->owner[f->x->loc[f->sol.node[j]]] = SIZE_MAX;
	}
	for (k = 0; k < f->tmp.n; k++)
		if (add_ex(f, &f->tmp, k) == -1)
			goto oom;
	return 0;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
	return -1;
}

/* Piece j of the round into f->order, and solved. */
static int
solve_piece(struct fix *f, size_t p, size_t j, struct troc_err *e)
{
	f->nnode = f->pstart[j + 1] - f->pstart[j];
	memcpy(f->order, f->porder + f->pstart[j],
	    f->nnode * sizeof(*f->order));
	return piece(f, p, (uint32_t)j, e);
}

static int
cmp_psize(const void *pa, const void *pb)
{
	const struct psize *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/* The round's next piece, largest first (f->psort), or f->npieces when
 * none is left or time is up: from the counter the two processes share
 * when shared, else from *k. */
static size_t
next_piece(struct fix *f, int shared, size_t *k)
{
	size_t i;

	if (kep_timed_out(f->x))
		return f->npieces;
	i = shared ? atomic_fetch_add(f->next, 1) : (*k)++;
	return i < f->npieces ? f->psort[i].j : f->npieces;
}

void
kep_child_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

int
kep_read_all(int fd, void *buf, size_t n)
{
	char *b = buf;
	ssize_t r;

	while (n > 0) {
		if ((r = read(fd, b, n)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

int
kep_write_ex(int fd, const struct kep_sol *s, size_t i)
{
	size_t len = s->off[i + 1] - s->off[i];
	int kind = s->kind[i];

	return troc_write_full(fd, &kind, sizeof(kind)) == -1 ||
	    troc_write_full(fd, &len, sizeof(len)) == -1 ||
	    troc_write_full(fd, &s->w[i], sizeof(s->w[i])) == -1 ||
	    troc_write_full(fd, s->node + s->off[i],
	    len * sizeof(*s->node)) == -1 ? -1 : 0;
}

int
kep_read_ex(int fd, struct kep_sol *s)
{
	size_t len;
	uint32_t nd[MAXLEN];
	double w;
	int kind;

	if (kep_read_all(fd, &kind, sizeof(kind)) == -1 ||
	    kep_read_all(fd, &len, sizeof(len)) == -1 || len > MAXLEN ||
	    kep_read_all(fd, &w, sizeof(w)) == -1 ||
	    kep_read_all(fd, nd, len * sizeof(*nd)) == -1)
		return 1;
	return kep_sol_add(s, kind, nd, len, w) == -1 ? -1 : 0;
}

/* What the second process's pieces changed. */
struct delta {
	size_t pieces;		/* solved */
	size_t killed, added;	/* exchanges replaced, exchanges new */
	double gain;
	size_t lp_columns, lp_rounds, mip_solves, chain_vars;
};

/* In the second process, after its pieces: the exchanges of the
 * solution as it was (n0 of them, dead0 their flags then) that they
 * replaced, and the new ones, to fd. 0 or -1. */
static int
send_delta(struct fix *f, int fd, size_t n0, const unsigned char *dead0,
    struct delta *d)
{
	size_t k;

	for (k = 0; k < n0; k++)
		d->killed += f->dead[k] && !dead0[k];
	for (k = n0; k < f->sol.n; k++)
		d->added += !f->dead[k];
	if (troc_write_full(fd, d, sizeof(*d)) == -1)
		return -1;
	for (k = 0; k < n0; k++)
		if (f->dead[k] && !dead0[k] &&
		    troc_write_full(fd, &k, sizeof(k)) == -1)
			return -1;
	for (k = n0; k < f->sol.n; k++)
		if (!f->dead[k] && kep_write_ex(fd, &f->sol, k) == -1)
			return -1;
	return 0;
}

/* In the first process: the second's changes, applied. 0, 1 when they
 * could not be read (the pieces stay as they were), -1 out of memory. */
static int
take_delta(struct fix *f, int fd, size_t n0)
{
	struct troc_kep_stats *st = f->x->stats;
	struct delta d;
	size_t i, j, k;
	int r;

	if (kep_read_all(fd, &d, sizeof(d)) == -1 || d.killed > n0 ||
	    d.killed > f->c->nn)
		return 1;
	/* read it all before changing anything (f->exs has room for nn
	 * exchanges: the live ones are disjoint, so fewer; n0 counts the
	 * dead ones too) */
	f->tmp.n = 0;
	for (i = 0; i < d.killed; i++) {
		if (kep_read_all(fd, &k, sizeof(k)) == -1 || k >= n0)
			return 1;
		f->exs[i] = k;
	}
	for (i = 0; i < d.added; i++)
		if ((r = kep_read_ex(fd, &f->tmp)) != 0)
			return r;
	for (i = 0; i < d.killed; i++) {
		k = f->exs[i];
		f->dead[k] = 1;
		for (j = f->sol.off[k]; j < f->sol.off[k + 1]; j++)
			f->owner[f->x->loc[f->sol.node[j]]] = SIZE_MAX;
	}
	for (i = 0; i < f->tmp.n; i++)
		if (add_ex(f, &f->tmp, i) == -1)
			return -1;
	f->value += d.gain;
	if (st != NULL) {
		st->lp_columns += d.lp_columns;
		st->lp_rounds += d.lp_rounds;
		st->mip_solves += d.mip_solves;
		st->chain_vars += d.chain_vars;
	}
	for (i = 0; i < d.pieces; i++)
		kep_progress(f->x, "pieces", ++f->done, f->value, -1);
	return 0;
}

/* The second process: pieces from the shared counter, then what they
 * changed to fd. It leaves the files and the signals to the first: a
 * signal ends it without the first's clean-up. */
_Noreturn static void
second(struct fix *f, size_t p, int fd, struct troc_err *e)
{
	const struct troc_kep_stats *st = f->x->stats;
	struct troc_kep_stats s0;
	struct delta d;
	size_t j, n0 = f->sol.n;
	unsigned char *dead0;
	double v0 = f->value;
	int r;

	kep_child_signals();
	memset(&d, 0, sizeof(d));
	memset(&s0, 0, sizeof(s0));
	if (st != NULL)
		s0 = *st;
	if ((dead0 = malloc(n0 + 1)) == NULL)
		_exit(1);
	memcpy(dead0, f->dead, n0);
	while ((j = next_piece(f, 1, NULL)) < f->npieces) {
		if (solve_piece(f, p, j, e) == -1) {
			free(dead0);
			_exit(1);
		}
		d.pieces++;
	}
	d.gain = f->value - v0;
	if (st != NULL) {
		d.lp_columns = st->lp_columns - s0.lp_columns;
		d.lp_rounds = st->lp_rounds - s0.lp_rounds;
		d.mip_solves = st->mip_solves - s0.mip_solves;
		d.chain_vars = st->chain_vars - s0.chain_vars;
	}
	r = send_delta(f, fd, n0, dead0, &d) == -1;
	free(dead0);
	_exit(r);
}

/*
 * The pieces of a round. Each changes only the exchanges inside it (an
 * exchange that leaves a piece is fixed there), so they can be solved in
 * any order, or at once: with two processors and enough pieces, a
 * second process (fork: CBC is not thread-safe) solves some and sends
 * back what they changed. The answer is the same as in one process; only
 * the time differs. The largest pieces go first, and each process takes
 * the next from a counter they share. (Odd pieces to one process and
 * even ones to the other left one waiting for the other at the end of
 * most rounds: 6.5% of the processors' time was idle during the
 * restricted problem at 260k households, where a round has a few pieces
 * of thousands of nodes and thousands of small ones; without a time
 * limit it now takes 16 s instead of 18.5.) Under a time limit the
 * pieces that gain most are solved first.
 */
static int
solve_round(struct fix *f, size_t p, struct troc_err *e)
{
	size_t j, k = 0, n0 = f->sol.n;
	pid_t pid = -1;
	int fd[2], st, r = 0;

	for (j = 0; j < f->npieces; j++) {
		f->psort[j].n = f->pstart[j + 1] - f->pstart[j];
		f->psort[j].j = j;
	}
	qsort(f->psort, f->npieces, sizeof(*f->psort), cmp_psize);
	if (f->procs > 1 && f->npieces >= FIX_FORK && pipe(fd) == 0) {
		atomic_store(f->next, 0);
		if ((pid = fork()) == 0) {
			close(fd[0]);
			second(f, p, fd[1], e);
		}
		close(fd[1]);
		if (pid == -1)
			close(fd[0]);
	}
	while ((j = next_piece(f, pid > 0, &k)) < f->npieces) {
		if ((r = solve_piece(f, p, j, e)) == -1)
			break;
		kep_progress(f->x, "pieces", ++f->done, f->value, -1);
	}
	if (pid <= 0)
		return r;
	if (r == 0 && (r = take_delta(f, fd[0], n0)) == -1)
		troc_err_set(e, NULL, 0, "out of memory");
	if (r == -1)
		kill(pid, SIGKILL);
	close(fd[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	return r == -1 ? -1 : 0;
}

/* Part p: one piece when small; else pieces of about size nodes (under
 * a time limit, fewer where the columns are dense) grown
 * from the smallest node left, then (the second round) from the
 * largest, so that the exchanges cut by the first round's edges can
 * change. All the pieces of a round are grown first (growing one
 * looks only at nodes no piece has yet, whose exchanges no piece
 * changes), then solved. */
static int
solve_part(struct fix *f, size_t p, size_t size, struct troc_err *e)
{
	const uint32_t *pn = f->pnode + f->nstart[p];
	size_t np = f->nstart[p + 1] - f->nstart[p], r, i, u, at;

	adjacency(f, p);
	for (r = 0; r < FIX_ROUNDS && (r == 0 || f->npieces > 1); r++) {
		if (kep_timed_out(f->x))
			break;
		for (i = 0; i < np; i++)
			f->pos[pn[i]] = KEP_NONE;
		f->npieces = 0;
		for (i = 0, at = 0; i < np; i++) {
			u = r % 2 ? pn[np - 1 - i] : pn[i];
			if (f->pos[u] != KEP_NONE)
				continue;
			grow(f, p, (uint32_t)u, (uint32_t)f->npieces, size);
			memcpy(f->porder + at, f->order,
			    f->nnode * sizeof(*f->order));
			f->pstart[f->npieces++] = at;
			at += f->nnode;
		}
		f->pstart[f->npieces] = at;
		if (solve_round(f, p, e) == -1)
			return -1;
	}
	return 0;
}

/* Was part p cut into pieces of half the size: more than size / 2
 * nodes, or more than FIX_DENSE * size / 2 column entries? */
static int
cut_before(const struct fix *f, size_t p, size_t size)
{
	const struct col *pc = f->pcol + f->kstart[p];
	size_t nk = f->kstart[p + 1] - f->kstart[p], j, ent = 0;
	uint32_t nd[MAXLEN];

	if (f->nstart[p + 1] - f->nstart[p] > size / 2)
		return 1;
	for (j = 0; j < nk && ent <= FIX_DENSE * size / 2; j++)
		ent += col_nodes(f, &pc[j], nd, MAXLEN);
	return ent > FIX_DENSE * size / 2;
}

static int
fix_alloc(struct fix *f)
{
	size_t nn = f->c->nn, nk = f->kstart[f->nparts];

	f->owner = malloc((nn + 1) * sizeof(*f->owner));
	f->pos = malloc((nn + 1) * sizeof(*f->pos));
	f->order = malloc((nn + 1) * sizeof(*f->order));
	f->astart = malloc((nn + 1) * sizeof(*f->astart));
	f->afill = malloc((nn + 1) * sizeof(*f->afill));
	f->adj = malloc((f->nentries + 1) * sizeof(*f->adj));
	f->node = malloc((nn + 1) * sizeof(*f->node));
	f->cyc = malloc((nk + 1) * sizeof(*f->cyc));
	f->chain = malloc((nk + 1) * sizeof(*f->chain));
	f->exs = malloc((nn + 1) * sizeof(*f->exs));
	f->porder = malloc((nn + 1) * sizeof(*f->porder));
	f->pstart = malloc((nn + 2) * sizeof(*f->pstart));
	f->psort = malloc((nn + 1) * sizeof(*f->psort));
	return f->owner && f->pos && f->order && f->astart && f->afill &&
	    f->adj && f->porder && f->pstart && f->psort &&
	    f->node && f->cyc && f->chain && f->exs ? 0 : -1;
}

int
kep_fix_solve(const struct kep_ctx *x, const struct kep_comp *c,
    const unsigned char *keepc, const unsigned char *keepa,
    const struct kep_sol *greedy, struct kep_sol *s, double *value,
    size_t *done, struct troc_err *e)
{
	struct fix f;
	size_t i, k, pass, size;
	int ret = -1;

	memset(&f, 0, sizeof(f));
	f.x = x;
	f.c = c;
	f.fx = *x;
	/* no dive (CBC does better on these pieces) and CBC held to a
	 * number of nodes */
	f.fx.method = TROC_KEP_MIP;
	f.fx.cbc_nodes = FIX_NODES;
	f.fx.warm = &f.old;	/* each piece's exchanges, set by piece() */
	f.procs = kep_threads(x) > 1 ? 2 : 1;
	f.done = *done;
	*value = 0;
	if (x->k > MAXLEN) {
		/* cycles too long for the pieces (not a case that arises:
		 * they would be far too many to enumerate) */
		for (i = 0; i < greedy->n; i++) {
			if (kep_sol_copy(s, greedy, i) == -1)
				goto oom;
			*value += greedy->w[i];
		}
		return 0;
	}
	if (make_parts(&f, keepc, keepa) == -1 || fix_alloc(&f) == -1)
		goto oom;
	/* the counter the two processes take pieces from */
	if (f.procs > 1 && (f.next = mmap(NULL, sizeof(*f.next),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) ==
	    MAP_FAILED) {
		f.next = NULL;
		f.procs = 1;
	}
	for (i = 0; i < c->nn; i++)
		f.owner[i] = SIZE_MAX;
	for (i = 0; i < greedy->n; i++) {
		if (add_ex(&f, greedy, i) == -1)
			goto oom;
		f.value += greedy->w[i];
	}
	/* the small parts first: they are quick */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < f.nparts && !kep_timed_out(x); i++)
			if ((f.nstart[i + 1] - f.nstart[i] > FIX_PIECE) ==
			    (pass == 1) && solve_part(&f, i, FIX_PIECE, e) == -1)
				goto out;
	/* time left before the limit: the large parts again, in pieces
	 * twice as large each time (on 60k households, pieces of 8,000
	 * nodes gained a further 0.7 per mille) */
	for (size = 2 * FIX_PIECE; x->deadline > 0 && size <= FIX_LARGEST;
	    size *= 2)
		for (i = 0; i < f.nparts && !kep_timed_out(x); i++)
			if (cut_before(&f, i, size) &&
			    solve_part(&f, i, size, e) == -1)
				goto out;
	/* the live exchanges by their first node: the order they were
	 * found in depends on which process solved which piece */
	for (i = 0; i < c->nn; i++) {
		k = f.owner[i];
		if (k == SIZE_MAX || x->loc[f.sol.node[f.sol.off[k]]] != i)
			continue;
		if (kep_sol_copy(s, &f.sol, k) == -1)
			goto oom;
		*value += f.sol.w[k];
	}
	ret = 0;
	goto out;
oom:
	troc_err_set(e, NULL, 0, "out of memory");
out:
	*done = f.done;
	fix_free(&f);
	return ret;
}
