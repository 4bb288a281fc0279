/* rng.h: a portable pseudo-random generator (xoshiro256**, seeded with
 * splitmix64): the same seed gives the same numbers on every platform. */
#ifndef TROC_RNG_H
#define TROC_RNG_H

#include <stdint.h>

struct troc_rng {
	uint64_t s[4];
};

/* One step of splitmix64 over *x; returns the next value. */
uint64_t troc_splitmix64(uint64_t *x);

/* Seed r from seed and a stream number: different streams of one seed
 * are independent sequences. */
void troc_rng_seed(struct troc_rng *r, uint64_t seed, uint64_t stream);

/* The next 64 random bits. */
uint64_t troc_rng_next(struct troc_rng *r);

/* A uniform integer in [0, n), without bias; 0 when n is 0. */
uint64_t troc_rng_below(struct troc_rng *r, uint64_t n);

/* A uniform integer in [lo, hi] (lo <= hi). */
long troc_rng_range(struct troc_rng *r, long lo, long hi);

/* A uniform double in [0, 1), a multiple of 2^-53. */
double troc_rng_unit(struct troc_rng *r);

/* 1 with probability p, else 0. */
int troc_rng_chance(struct troc_rng *r, double p);

/* A bell-shaped draw with mean 0 and variance 1, bounded by ±3.46: the
 * sum of four uniforms, rescaled. Only + − × are used, so the result is
 * the same on every IEEE 754 platform (no libm). */
double troc_rng_bell(struct troc_rng *r);

/* Index drawn from n weights (not all zero; the sum below 2^53), in
 * proportion to them. Linear in n: for short tables. */
int troc_rng_pick(struct troc_rng *r, const double *w, int n);

#endif
