/* csvahead.c: the CSV reader on a thread of its own, a few batches of
 * records ahead of the tool that takes them (troc_csv_opts.read_ahead).
 *
 * The reading thread runs the one reader (csvin.c) and copies each
 * record into the batch it fills; the tool's thread takes the batches in
 * order. The records, their line numbers and the error that ends the
 * input are exactly those of the reader run in the tool's thread (tested
 * on both in test_csv): only the work moves. A batch is given back when
 * the tool asks for the record after its last, so a record stays valid
 * until the next call, as the reader promises.
 *
 * Stopping early (troc_csv_free before the end): the thread is told to
 * stop, and the source interrupted (troc_source_interrupt), so that a
 * read waiting on a stalled pipe ends too; no thread is cancelled. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "csvin_impl.h"

#define NBATCH 4
#define BATCH_RECS 4096
#define BATCH_BYTES ((size_t)1 << 20)

struct brec {
	size_t f0, n;
	unsigned long line, recno;
	enum troc_bad bad;
};

struct batch {
	char *arena;			/* the fields, each NUL-terminated */
	size_t alen, acap;
	size_t *foff, *flen, nf, fcap;
	struct brec *rec;
	size_t nrec, rcap;
	int end;			/* 0 more follow, 1 the end, -1 error */
	struct troc_err err;
};

struct csv_ahead {
	struct troc_csv *r;
	struct troc_source *src;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	struct batch b[NBATCH];
	size_t head, tail, count;	/* filled batches: count from head */
	int stop;
	int held;			/* the tool reads b[head] */
	size_t cur;			/* its next record */
	const char **fp;		/* field pointers of the record given */
	size_t fpcap;
};

/* Copy rec at the end of b. */
static int
add(struct batch *b, const struct troc_rec *rec)
{
	size_t i, total = 0, fcap = b->fcap;	/* foff and flen: one size */
	struct brec *q;

	for (i = 0; i < rec->n; i++)
		total += rec->len[i] + 1;
	if (troc_grow((void **)&b->arena, &b->acap, b->alen + total, 1) < 0 ||
	    troc_grow((void **)&b->foff, &fcap, b->nf + rec->n,
	    sizeof(size_t)) < 0 ||
	    troc_grow((void **)&b->flen, &b->fcap, b->nf + rec->n,
	    sizeof(size_t)) < 0 ||
	    troc_grow((void **)&b->rec, &b->rcap, b->nrec + 1,
	    sizeof(*b->rec)) < 0)
		return -1;
	q = &b->rec[b->nrec++];
	q->f0 = b->nf;
	q->n = rec->n;
	q->line = rec->line;
	q->recno = rec->recno;
	q->bad = rec->bad;
	for (i = 0; i < rec->n; i++) {
		memcpy(b->arena + b->alen, rec->f[i], rec->len[i]);
		b->arena[b->alen + rec->len[i]] = '\0';
		b->foff[b->nf] = b->alen;
		b->flen[b->nf++] = rec->len[i];
		b->alen += rec->len[i] + 1;
	}
	return 0;
}

/* Read records into b until it is full or the input ends: 1 at the end
 * (b->end says how), 0 when more may follow. */
static int
fill(struct csv_ahead *a, struct batch *b)
{
	struct troc_rec rec;
	int k;

	b->alen = b->nf = b->nrec = 0;
	b->end = 0;
	while (b->nrec < BATCH_RECS && b->alen < BATCH_BYTES) {
		if ((k = troc_csv_next_serial(a->r, &rec, &b->err)) <= 0) {
			b->end = k < 0 ? -1 : 1;
			return 1;
		}
		if (add(b, &rec) < 0) {
			troc_err_set(&b->err, troc_csv_name(a->r), rec.line,
			    "out of memory");
			b->end = -1;
			return 1;
		}
	}
	return 0;
}

static void *
loop(void *arg)
{
	struct csv_ahead *a = arg;
	struct batch *b;
	int end;

	do {
		pthread_mutex_lock(&a->mu);
		while (a->count == NBATCH && !a->stop)
			pthread_cond_wait(&a->freed, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		b = &a->b[a->tail];
		pthread_mutex_unlock(&a->mu);
		end = fill(a, b);
		pthread_mutex_lock(&a->mu);
		a->tail = (a->tail + 1) % NBATCH;
		a->count++;
		pthread_cond_signal(&a->filled);
		pthread_mutex_unlock(&a->mu);
	} while (!end);
	return NULL;
}

struct csv_ahead *
csv_ahead_start(struct troc_csv *r, struct troc_source *src)
{
	struct csv_ahead *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->r = r;
	a->src = src;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->filled, NULL);
	pthread_cond_init(&a->freed, NULL);
	if (pthread_create(&a->th, NULL, loop, a) != 0) {
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->filled);
		pthread_cond_destroy(&a->freed);
		free(a);
		return NULL;	/* the tool's thread reads, as without */
	}
	return a;
}

int
csv_ahead_next(struct csv_ahead *a, struct troc_rec *rec, struct troc_err *e)
{
	struct batch *b;
	struct brec *q;
	size_t i;

	for (;;) {
		if (a->held) {
			b = &a->b[a->head];
			if (a->cur < b->nrec)
				break;
			if (b->end) {	/* kept: later calls say the same */
				if (b->end < 0 && e)
					*e = b->err;
				return b->end < 0 ? -1 : 0;
			}
			pthread_mutex_lock(&a->mu);
			a->head = (a->head + 1) % NBATCH;
			a->count--;
			pthread_cond_signal(&a->freed);
			pthread_mutex_unlock(&a->mu);
			a->held = 0;
		}
		pthread_mutex_lock(&a->mu);
		while (a->count == 0)
			pthread_cond_wait(&a->filled, &a->mu);
		pthread_mutex_unlock(&a->mu);
		a->held = 1;
		a->cur = 0;
	}
	q = &b->rec[a->cur++];
	if (troc_grow((void **)&a->fp, &a->fpcap, q->n + 1,
	    sizeof(*a->fp)) < 0) {
		troc_err_set(e, troc_csv_name(a->r), q->line, "out of memory");
		return -1;
	}
	for (i = 0; i < q->n; i++)
		a->fp[i] = b->arena + b->foff[q->f0 + i];
	rec->n = q->n;
	rec->f = a->fp;
	rec->len = b->flen + q->f0;
	rec->line = q->line;
	rec->recno = q->recno;
	rec->bad = q->bad;
	return 1;
}

void
csv_ahead_stop(struct csv_ahead *a)
{
	int i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->freed);
	pthread_mutex_unlock(&a->mu);
	troc_source_interrupt(a->src);	/* a read waiting ends */
	pthread_join(a->th, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->filled);
	pthread_cond_destroy(&a->freed);
	for (i = 0; i < NBATCH; i++) {
		free(a->b[i].arena);
		free(a->b[i].foff);
		free(a->b[i].flen);
		free(a->b[i].rec);
	}
	free(a->fp);
	free(a);
}
