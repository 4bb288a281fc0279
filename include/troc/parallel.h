/* parallel.h: the same work on several threads, for the steps that scale
 * with the data (the graph build, its file); results never depend on how
 * many threads ran. */
#ifndef TROC_PARALLEL_H
#define TROC_PARALLEL_H

#include <stddef.h>

#define TROC_MAX_THREADS 16

/* Threads to use: want when > 0, else one a processor online; at least
 * 1, at most TROC_MAX_THREADS. */
size_t troc_threads(int want);

/* Call fn(arg + i * size) for each i < n (n <= TROC_MAX_THREADS) on
 * n - 1 new threads and this one, and wait for them all. A thread that
 * cannot start has its part run on this one. */
void troc_parallel(size_t n, void *(*fn)(void *), void *arg, size_t size);

#endif
