/* idset.c: a set of byte strings, open addressing over XXH3 hashes
 * (libxxhash: a well-kept fast hash, rather than one of our own). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

#include "troc/idset.h"

/* The table holds one 8-byte entry per slot, so that a probe costs one
 * cache miss: the hash's high 32 bits as a tag, then the id's index + 1
 * (0 = empty). The full hashes, kept per id in insertion order, rebuild
 * the table when it grows; the id itself is compared only on equal tags. */
struct troc_idset {
	uint64_t *tab;		/* per slot: tag << 32 | (index + 1) */
	size_t cap;		/* power of two */
	size_t n;
	uint64_t *hash;		/* per id: its hash */
	size_t *off;		/* per id: offset in the arena (n + 1) */
	size_t offcap;
	char *arena;
	size_t alen, acap;
};

/* A zeroed table of cap slots. From 2 MiB, aligned on 2 MiB and asking
 * for huge pages: at millions of ids each probe is a cache miss, and a
 * TLB miss too on 4 KiB pages. */
static uint64_t *
table(size_t cap)
{
	size_t bytes = cap * sizeof(uint64_t), huge = (size_t)2 << 20;
	void *p;

	if (bytes < huge)
		return calloc(cap, sizeof(uint64_t));
	if ((p = aligned_alloc(huge, bytes)) == NULL)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return memset(p, 0, bytes);
}

struct troc_idset *
troc_idset_new(void)
{
	struct troc_idset *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->cap = 1024;
	if ((s->tab = table(s->cap)) == NULL) {
		troc_idset_free(s);
		return NULL;
	}
	return s;
}

static uint64_t
hash_of(const char *p, size_t n)
{
	return XXH3_64bits(p, n);
}

static int
same(const struct troc_idset *s, size_t i, const char *p, size_t n)
{
	size_t len = s->off[i + 1] - s->off[i] - 1;

	return len == n && memcmp(s->arena + s->off[i], p, n) == 0;
}

static int
rehash(struct troc_idset *s)
{
	size_t cap = s->cap * 2, i, j;
	uint64_t *t = table(cap);

	if (t == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		uint64_t h = s->hash[i];

		for (j = h & (cap - 1); t[j]; j = (j + 1) & (cap - 1))
			;
		t[j] = (h >> 32) << 32 | (uint64_t)(i + 1);
	}
	free(s->tab);
	s->tab = t;
	s->cap = cap;
	return 0;
}

static int
store(struct troc_idset *s, const char *p, size_t n)
{
	if (s->n + 2 > s->offcap) {
		size_t cap = s->offcap ? s->offcap * 2 : 1024;
		size_t *o = realloc(s->off, cap * sizeof(*o));
		uint64_t *h;

		if (o == NULL)
			return -1;
		s->off = o;
		if ((h = realloc(s->hash, cap * sizeof(*h))) == NULL)
			return -1;
		s->hash = h;
		s->offcap = cap;
	}
	if (s->alen + n + 1 > s->acap) {
		size_t cap = s->acap ? s->acap * 2 : 16384;
		char *a;

		while (cap < s->alen + n + 1)
			cap *= 2;
		if ((a = realloc(s->arena, cap)) == NULL)
			return -1;
		s->arena = a;
		s->acap = cap;
	}
	s->off[s->n] = s->alen;
	memcpy(s->arena + s->alen, p, n);
	s->arena[s->alen + n] = '\0';
	s->alen += n + 1;
	s->off[s->n + 1] = s->alen;
	return 0;
}

int
troc_idset_add(struct troc_idset *s, const char *p, size_t n, size_t *slot)
{
	uint64_t h = hash_of(p, n), tag = (h >> 32) << 32, e;
	size_t j;

	if ((s->n + 1) * 4 > s->cap * 3 && rehash(s) < 0)
		return -1;
	for (j = h & (s->cap - 1); (e = s->tab[j]) != 0;
	    j = (j + 1) & (s->cap - 1))
		if ((e & ~(uint64_t)UINT32_MAX) == tag &&
		    same(s, (size_t)(uint32_t)e - 1, p, n)) {
			if (slot)
				*slot = (size_t)(uint32_t)e - 1;
			return 0;
		}
	if (s->n >= UINT32_MAX - 1 || store(s, p, n) < 0)
		return -1;
	s->hash[s->n] = h;
	s->tab[j] = tag | (uint64_t)(s->n + 1);
	if (slot)
		*slot = s->n;
	s->n++;
	return 1;
}

long
troc_idset_find(const struct troc_idset *s, const char *p, size_t n)
{
	uint64_t h = hash_of(p, n), tag = (h >> 32) << 32, e;
	size_t j;

	for (j = h & (s->cap - 1); (e = s->tab[j]) != 0;
	    j = (j + 1) & (s->cap - 1))
		if ((e & ~(uint64_t)UINT32_MAX) == tag &&
		    same(s, (size_t)(uint32_t)e - 1, p, n))
			return (long)(uint32_t)e - 1;
	return -1;
}

size_t
troc_idset_count(const struct troc_idset *s)
{
	return s->n;
}

const char *
troc_idset_get(const struct troc_idset *s, size_t i, size_t *n)
{
	if (n)
		*n = s->off[i + 1] - s->off[i] - 1;
	return s->arena + s->off[i];
}

void
troc_idset_free(struct troc_idset *s)
{
	if (s == NULL)
		return;
	free(s->tab);
	free(s->hash);
	free(s->off);
	free(s->arena);
	free(s);
}
