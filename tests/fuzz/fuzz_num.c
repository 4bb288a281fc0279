/* fuzz_num.c: the number parser on any bytes: never a crash, and what it
 * accepts is a finite number that prints and reads back the same. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "troc/csvout.h"
#include "troc/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[40];
	double d, d2;
	long long i;

	if (troc_num_decimal(s, size, &d) == TROC_NUM_OK) {
		if (!isfinite(d))
			abort();
		troc_fmt_num(d, buf);
		if (troc_num_decimal(buf, strlen(buf), &d2) != TROC_NUM_OK ||
		    d2 != d)
			abort();
	}
	if (troc_num_int(s, size, &i) == TROC_NUM_OK &&
	    troc_num_decimal(s, size, &d) != TROC_NUM_OK)
		abort();	/* every integer is a decimal too */
	return 0;
}
