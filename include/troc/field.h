/* field.h: reading one typed cell of a record, with the reject code and
 * message that SPEC.md §3.7 and §5 give each fault. */
#ifndef TROC_FIELD_H
#define TROC_FIELD_H

#include <stddef.h>

#include "troc/rejects.h"

/* Each returns 1 when a value was read into *v, 0 when the cell is empty
 * and may be (required = 0), -1 with f filled (missing, number, range,
 * code) otherwise. col names the column in the fault. */

/* An integer in [lo, hi]. */
int troc_field_int(const char *col, const char *s, size_t n, int required,
    long long lo, long long hi, long long *v, struct troc_fault *f);

/* A decimal in [lo, hi] (lo excluded when lo_open). */
int troc_field_dec(const char *col, const char *s, size_t n, int required,
    double lo, int lo_open, double hi, double *v, struct troc_fault *f);

/* One of words (NULL-terminated), whatever its case: *v its index. */
int troc_field_word(const char *col, const char *s, size_t n, int required,
    const char *const *words, int *v, struct troc_fault *f);

/* An id: 1 to 64 characters of A-Za-z0-9._:/- (code when not). */
int troc_field_id(const char *col, const char *s, size_t n,
    struct troc_fault *f);

/* A value quoted for a message, cut to about 40 bytes, into buf (64). */
const char *troc_field_show(const char *s, size_t n, char *buf);

#endif
