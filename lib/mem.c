/* mem.c: the largest arrays on huge pages (mem.h). At 260,000 households
 * the optimiser touches about 3 GB; in 4 kB pages, the page faults took
 * 13% of the processors' time before the first subgradient step. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "troc/mem.h"

void
troc_mem_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)p, lo, hi;

	if (p == NULL || n < TROC_MEM_HUGE || ps <= 0)
		return;
	/* the whole pages inside the array: its neighbours keep theirs */
	lo = (a + (uintptr_t)ps - 1) / (uintptr_t)ps * (uintptr_t)ps;
	hi = (a + n) / (uintptr_t)ps * (uintptr_t)ps;
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p, (void)n;
#endif
}

void *
troc_malloc_huge(size_t n)
{
	void *p = malloc(n);

	troc_mem_huge(p, n);
	return p;
}

void *
troc_calloc_huge(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p != NULL)
		troc_mem_huge(p, n * size);
	return p;
}

void *
troc_realloc_huge(void *p, size_t n)
{
	void *q = realloc(p, n);

	troc_mem_huge(q, n);
	return q;
}
