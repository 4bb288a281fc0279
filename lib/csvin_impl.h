/* csvin_impl.h: between the CSV reader (csvin.c) and its reading thread
 * (csvahead.c), and small helpers other parts of lib/ share; not for the
 * tools. */
#ifndef TROC_CSVIN_IMPL_H
#define TROC_CSVIN_IMPL_H

#include "troc/csvin.h"

/* The reader's next record, read in the calling thread. */
int troc_csv_next_serial(struct troc_csv *r, struct troc_rec *rec,
    struct troc_err *e);

/* Make *p hold at least need items of size bytes (*cap of them): 0, or
 * -1 when out of memory (*p unchanged). */
int troc_grow(void **p, size_t *cap, size_t need, size_t size);

/* Write all len bytes of buf to fd, again after EINTR and short writes
 * (csvout.c): 0, or -1 with errno set (EIO when write() wrote nothing). */
int troc_write_full(int fd, const void *buf, size_t len);

struct csv_ahead;

/* Start reading r's records on a thread of their own (r's header read,
 * src made interruptible before); NULL when no thread could start: then
 * read r in this one. */
struct csv_ahead *csv_ahead_start(struct troc_csv *r,
    struct troc_source *src);

/* The next record, as troc_csv_next_serial would have given it. */
int csv_ahead_next(struct csv_ahead *a, struct troc_rec *rec,
    struct troc_err *e);

/* Stop the thread (at any point) and free; NULL is allowed. */
void csv_ahead_stop(struct csv_ahead *a);

#endif
