/* fuzz_policy.c: the policy file reader on any bytes. */
#include <stdint.h>

#include "troc/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_policy p;
	struct troc_err e;

	troc_policy_init(&p);
	(void)troc_policy_parse(&p, (const char *)data, size, "fuzz", &e);
	troc_policy_release(&p);
	return 0;
}
