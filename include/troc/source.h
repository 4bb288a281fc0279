/* source.h: a stream of bytes from a file, stdin or memory, gzip or plain. */
#ifndef TROC_SOURCE_H
#define TROC_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "troc/err.h"

struct troc_source;

/* Open path ("-" or NULL: standard input). Gzip is detected from the first
 * bytes; concatenated gzip members are read in turn. Returns NULL and fills
 * e on failure (missing file, a directory...). Free with troc_source_free. */
struct troc_source *troc_source_open(const char *path, struct troc_err *e);

/* The same over len bytes at buf, which must outlive the source. */
struct troc_source *troc_source_mem(const void *buf, size_t len,
    const char *name, struct troc_err *e);

/* Read up to n decoded bytes into buf. Returns the count, 0 at the end of
 * the data, -1 on error (I/O, corrupt or truncated gzip, trailing garbage
 * after gzip data) with e filled. */
ssize_t troc_source_read(struct troc_source *s, void *buf, size_t n,
    struct troc_err *e);

/* Name for messages: the path as given, or "-" for standard input. */
const char *troc_source_name(const struct troc_source *s);

/* Raw (compressed) bytes consumed so far, and the raw size when known
 * (a regular file), else 0: for progress meters. */
uint64_t troc_source_pos(const struct troc_source *s);
uint64_t troc_source_size(const struct troc_source *s);

/* 1 when the input is gzip-compressed. */
int troc_source_gzip(const struct troc_source *s);

/* Device and inode of the underlying file (0/0 for memory or a pipe). */
void troc_source_id(const struct troc_source *s, uint64_t *dev, uint64_t *ino);

/* Make the source's reads, and its waits for the inflating thread,
 * able to end early: they then poll a pipe beside the input. For a
 * source read by one thread and stopped by another (troc_csv's reading
 * thread); call before the first read. 0, or -1 when no pipe is left. */
int troc_source_interruptible(struct troc_source *s);

/* End the waits of an interruptible source, now and from now on: its
 * reads fail ("reading interrupted"). Any thread; then only free it. */
void troc_source_interrupt(struct troc_source *s);

/* Close and free; NULL is allowed. */
void troc_source_free(struct troc_source *s);

#endif
