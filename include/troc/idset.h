/* idset.h: a set of byte strings (ids), for duplicate checks at scale. */
#ifndef TROC_IDSET_H
#define TROC_IDSET_H

#include <stddef.h>
#include <stdint.h>

struct troc_idset;

/* A new empty set, or NULL when out of memory. Free with troc_idset_free. */
struct troc_idset *troc_idset_new(void);

/* Add s (n bytes). Returns 1 if added, 0 if already there, -1 when out of
 * memory. *slot (if not NULL) receives the id's index: 0, 1, 2... in order
 * of first insertion. */
int troc_idset_add(struct troc_idset *set, const char *s, size_t n,
    size_t *slot);

/* Index of s, or -1 when absent. */
long troc_idset_find(const struct troc_idset *set, const char *s, size_t n);

/* Number of ids. */
size_t troc_idset_count(const struct troc_idset *set);

/* The id at index i (NUL-terminated, valid while the set lives). */
const char *troc_idset_get(const struct troc_idset *set, size_t i,
    size_t *n);

void troc_idset_free(struct troc_idset *set);

#endif
