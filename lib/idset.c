/* idset.c: a set of byte strings, open addressing over XXH3 hashes
 * (libxxhash: a well-kept fast hash, rather than one of our own). */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "troc/idset.h"

struct troc_idset {
	uint64_t *hash;		/* per slot: hash, 0 = empty */
	uint32_t *slot;		/* per slot: index of the id */
	size_t cap;		/* power of two */
	size_t n;
	size_t *off;		/* per id: offset in the arena */
	size_t offcap;
	char *arena;
	size_t alen, acap;
};

struct troc_idset *
troc_idset_new(void)
{
	struct troc_idset *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->cap = 1024;
	s->hash = calloc(s->cap, sizeof(*s->hash));
	s->slot = calloc(s->cap, sizeof(*s->slot));
	if (s->hash == NULL || s->slot == NULL) {
		troc_idset_free(s);
		return NULL;
	}
	return s;
}

static uint64_t
hash_of(const char *p, size_t n)
{
	uint64_t h = XXH3_64bits(p, n);

	return h ? h : 1;
}

static int
same(const struct troc_idset *s, uint32_t i, const char *p, size_t n)
{
	size_t len = s->off[i + 1] - s->off[i] - 1;

	return len == n && memcmp(s->arena + s->off[i], p, n) == 0;
}

static int
rehash(struct troc_idset *s)
{
	size_t cap = s->cap * 2, i, j;
	uint64_t *h = calloc(cap, sizeof(*h));
	uint32_t *sl = calloc(cap, sizeof(*sl));

	if (h == NULL || sl == NULL) {
		free(h);
		free(sl);
		return -1;
	}
	for (i = 0; i < s->cap; i++) {
		if (s->hash[i] == 0)
			continue;
		for (j = s->hash[i] & (cap - 1); h[j]; j = (j + 1) & (cap - 1))
			;
		h[j] = s->hash[i];
		sl[j] = s->slot[i];
	}
	free(s->hash);
	free(s->slot);
	s->hash = h;
	s->slot = sl;
	s->cap = cap;
	return 0;
}

static int
store(struct troc_idset *s, const char *p, size_t n)
{
	if (s->n + 2 > s->offcap) {
		size_t cap = s->offcap ? s->offcap * 2 : 1024;
		size_t *o = realloc(s->off, cap * sizeof(*o));

		if (o == NULL)
			return -1;
		s->off = o;
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
	uint64_t h = hash_of(p, n);
	size_t j;

	if ((s->n + 1) * 4 > s->cap * 3 && rehash(s) < 0)
		return -1;
	for (j = h & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1))
		if (s->hash[j] == h && same(s, s->slot[j], p, n)) {
			if (slot)
				*slot = s->slot[j];
			return 0;
		}
	if (s->n >= UINT32_MAX - 1 || store(s, p, n) < 0)
		return -1;
	s->hash[j] = h;
	s->slot[j] = (uint32_t)s->n;
	if (slot)
		*slot = s->n;
	s->n++;
	return 1;
}

long
troc_idset_find(const struct troc_idset *s, const char *p, size_t n)
{
	uint64_t h = hash_of(p, n);
	size_t j;

	for (j = h & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1))
		if (s->hash[j] == h && same(s, s->slot[j], p, n))
			return (long)s->slot[j];
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
	free(s->hash);
	free(s->slot);
	free(s->off);
	free(s->arena);
	free(s);
}
