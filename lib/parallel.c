/* parallel.c: running the parts of a step on threads. */
#include <pthread.h>
#include <unistd.h>

#include "troc/parallel.h"

size_t
troc_threads(int want)
{
	long n = want > 0 ? want : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > TROC_MAX_THREADS ? TROC_MAX_THREADS : (size_t)n;
}

void
troc_parallel(size_t n, void *(*fn)(void *), void *arg, size_t size)
{
	pthread_t th[TROC_MAX_THREADS];
	char *p = arg;
	size_t i, started = 0;

	if (n > TROC_MAX_THREADS)
		n = TROC_MAX_THREADS;
	while (started + 1 < n && pthread_create(&th[started + 1], NULL, fn,
	    p + (started + 1) * size) == 0)
		started++;
	if (n > 0)
		fn(p);
	for (i = started + 1; i < n; i++)
		fn(p + i * size);
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
}
