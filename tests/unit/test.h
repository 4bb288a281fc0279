/* test.h: the smallest unit-test kit: CHECK what must hold, then
 * return test_done() from main. The last line printed is
 * "NAME: N passed, N failed", which tests/run adds up. */
#ifndef TROC_TEST_H
#define TROC_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond) do { \
	if (cond) test_passed++; \
	else { test_failed++; \
	    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && strcmp(g_, w_) == 0) test_passed++; \
	else { test_failed++; \
	    fprintf(stderr, "FAIL %s:%d: %s: got \"%s\", want \"%s\"\n", \
	        __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); } \
} while (0)

#define CHECK_INT(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ == w_) test_passed++; \
	else { test_failed++; \
	    fprintf(stderr, "FAIL %s:%d: %s: got %lld, want %lld\n", \
	        __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

#define CHECK_NEAR(got, want, eps) do { \
	double g_ = (got), w_ = (want); \
	if (fabs(g_ - w_) <= (eps)) test_passed++; \
	else { test_failed++; \
	    fprintf(stderr, "FAIL %s:%d: %s: got %.17g, want %.17g\n", \
	        __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

static int
test_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed != 0;
}

#endif
