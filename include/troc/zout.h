/* zout.h: a byte stream to a file or standard output, gzip-compressed or
 * plain, replacing a named file atomically (for the writers that do not
 * produce canonical CSV through csvout.h, as troc-gen -f rpls -z). */
#ifndef TROC_ZOUT_H
#define TROC_ZOUT_H

#include <stddef.h>

#include "troc/err.h"

struct troc_zout;

/* Open path ("-" or NULL: standard output); a regular file is written
 * to a temporary file beside it, renamed over it by troc_zout_close(z,
 * 1). level 0 writes plain bytes, 1–9 a gzip stream of that level (its
 * header carries no name and no time, so the same bytes compress to the
 * same file). Returns NULL with e filled. */
struct troc_zout *troc_zout_open(const char *path, int level,
    struct troc_err *e);

/* Append n bytes. Returns 0, or -1 once a write failed (it sticks). */
int troc_zout_write(struct troc_zout *z, const void *buf, size_t n);

/* Finish the stream and close, committing a named file (or removing the
 * temporary one without commit). Returns 0, or -1 with e filled if any
 * write, compression, sync, close or rename failed. Frees z. */
int troc_zout_close(struct troc_zout *z, int commit, struct troc_err *e);

/* Remove the temporary files still open; async-signal-safe. */
void troc_zout_cleanup(void);

#endif
