/* test_mem.c: troc_mem_huge and its allocators: the arrays keep their
 * contents and, where the kernel gives huge pages on request, are marked
 * for them (THPeligible in /proc/self/smaps). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/mem.h"
#include "test.h"

/* The kernel's mode: 'a' always, 'm' madvise, 'n' never or unknown. */
static int
thp_mode(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[256];
	int m = 'n';

	if (f == NULL)
		return 'n';
	if (fgets(line, sizeof(line), f) != NULL)
		m = strstr(line, "[always]") ? 'a' :
		    strstr(line, "[madvise]") ? 'm' : 'n';
	fclose(f);
	return m;
}

/* THPeligible of the mapping that holds p: 1, 0, or -1 when not told. */
static int
eligible(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512], perm[8];
	uintptr_t lo, hi, a = (uintptr_t)p;
	int in = 0, v, r = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s", &lo, &hi,
		    perm) == 3)
			in = a >= lo && a < hi;
		else if (in && sscanf(line, "THPeligible: %d", &v) == 1) {
			r = v;
			break;
		}
	}
	fclose(f);
	return r;
}

static int
pattern_ok(const uint32_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != (uint32_t)(i * 2654435761u))
			return 0;
	return 1;
}

static void
fill(uint32_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = (uint32_t)(i * 2654435761u);
}

int
main(void)
{
	size_t n = 4 * TROC_MEM_HUGE / sizeof(uint32_t), i;
	uint32_t *a, *b, *c;
	int mode = thp_mode(), e;
	char small[64];

	/* small, empty and unaligned ranges are left alone */
	memset(small, 7, sizeof(small));
	troc_mem_huge(small + 1, sizeof(small) - 1);
	troc_mem_huge(NULL, TROC_MEM_HUGE);
	for (i = 0; i < sizeof(small) && small[i] == 7; i++)
		;
	CHECK_INT(i, sizeof(small));

	/* contents kept: advised after they were written, and grown */
	a = malloc(n * sizeof(*a));
	CHECK(a != NULL);
	if (a != NULL) {
		fill(a, n);
		troc_mem_huge((char *)a + 1, n * sizeof(*a) - 1);
		CHECK(pattern_ok(a, n));
		b = troc_realloc_huge(a, 2 * n * sizeof(*a));
		CHECK(b != NULL);
		if (b == NULL)
			free(a);
		else {
			CHECK(pattern_ok(b, n));
			free(b);
		}
	}
	c = troc_calloc_huge(n, sizeof(*c));
	CHECK(c != NULL);
	if (c != NULL) {
		for (i = 0; i < n && c[i] == 0; i++)
			;
		CHECK_INT(i, n);
		/* marked where the kernel says which are (smaps) and gives
		 * them on request or always */
		e = eligible(c + n / 2);
		if (mode != 'n' && e != -1)
			CHECK_INT(e, 1);
		else
			printf("test_mem: THPeligible not checked (mode %c, "
			    "smaps %d)\n", mode, e);
		free(c);
	}
	a = troc_malloc_huge(n * sizeof(*a));
	CHECK(a != NULL);
	if (a != NULL) {
		fill(a, n);
		CHECK(pattern_ok(a, n));
		free(a);
	}
	return test_done("test_mem");
}
