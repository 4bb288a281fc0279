/* rng.c: xoshiro256** (Blackman and Vigna, public domain reference),
 * seeded through splitmix64; integer arithmetic only, hence portable. */
#include "troc/rng.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF	/* a*b+c rounded twice everywhere */
#endif

uint64_t
troc_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void
troc_rng_seed(struct troc_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1342543de82ef95));
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = troc_splitmix64(&x);
	/* splitmix64 is a bijection of distinct states: never all zero. */
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
troc_rng_next(struct troc_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t
troc_rng_below(struct troc_rng *r, uint64_t n)
{
	uint64_t x, lim;

	if (n == 0)
		return 0;
	/* Reject the top partial block so that every residue is equally
	 * likely. */
	lim = UINT64_MAX - UINT64_MAX % n;
	do
		x = troc_rng_next(r);
	while (x >= lim);
	return x % n;
}

long
troc_rng_range(struct troc_rng *r, long lo, long hi)
{
	return lo + (long)troc_rng_below(r, (uint64_t)(hi - lo) + 1);
}

double
troc_rng_unit(struct troc_rng *r)
{
	return (double)(troc_rng_next(r) >> 11) * 0x1.0p-53;
}

int
troc_rng_chance(struct troc_rng *r, double p)
{
	return troc_rng_unit(r) < p;
}

double
troc_rng_bell(struct troc_rng *r)
{
	double s = troc_rng_unit(r) + troc_rng_unit(r) + troc_rng_unit(r) +
	    troc_rng_unit(r);

	/* Irwin–Hall(4): mean 2, variance 1/3; sqrt(3) as a constant. */
	return (s - 2.0) * 1.7320508075688772;
}

int
troc_rng_pick(struct troc_rng *r, const double *w, int n)
{
	double sum = 0, x;
	int i;

	for (i = 0; i < n; i++)
		sum += w[i];
	x = troc_rng_unit(r) * sum;
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	/* The last one with a weight (rounding may leave x at the end). */
	while (i > 0 && w[i] <= 0)
		i--;
	return i;
}
