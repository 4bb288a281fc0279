/* mem.h: the largest arrays on huge pages where the system gives them on
 * request. */
#ifndef TROC_MEM_H
#define TROC_MEM_H

#include <stddef.h>

/* Ask the kernel to back the n bytes at p with transparent huge pages
 * (madvise MADV_HUGEPAGE; granted where the kernel's mode is "madvise",
 * as on the machine troc is measured on; "always" gives them anyway):
 * a fault a 2 MB page instead of a 4 kB one.
 * Nothing for arrays under TROC_MEM_HUGE bytes, nor where the system
 * has no such pages; the memory and its contents are unchanged either
 * way. Call again after a realloc. */
void troc_mem_huge(void *p, size_t n);

#define TROC_MEM_HUGE ((size_t)8 << 20)

/* malloc, calloc and realloc, then troc_mem_huge. */
void *troc_malloc_huge(size_t n);
void *troc_calloc_huge(size_t n, size_t size);
void *troc_realloc_huge(void *p, size_t n);

#endif
