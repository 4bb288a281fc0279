/* reference.h: the reference tables and policy one run of the rules
 * needs (communes, ceilings, policy), loaded together. */
#ifndef TROC_REFERENCE_H
#define TROC_REFERENCE_H

#include "troc/ceilings.h"
#include "troc/geo.h"
#include "troc/policy.h"
#include "troc/rules.h"

struct troc_reference {
	struct troc_geo *geo;
	struct troc_policy policy;
	struct troc_ceilings *ceilings;
	int year;			/* of the ceilings in force */
};

/* Load the communes and ceilings of data folder dir and the policy file
 * (NULL: the defaults); year 0 means the latest year of the table, any
 * other must be in it. Returns 0, or -1 with e set (r then released).
 * Release with troc_reference_release. */
int troc_reference_load(struct troc_reference *r, const char *dir,
    const char *policy_file, int year, struct troc_err *e);

void troc_reference_release(struct troc_reference *r);

/* The rules' context over r. */
void troc_reference_ctx(const struct troc_reference *r, struct troc_ctx *c);

#endif
