/* reference.c: loading the communes, ceilings and policy of a run. */
#include <stdio.h>
#include <string.h>

#include "troc/reference.h"

int
troc_reference_load(struct troc_reference *r, const char *dir,
    const char *policy_file, int year, struct troc_err *e)
{
	char path[4096];

	memset(r, 0, sizeof(*r));
	troc_policy_init(&r->policy);
	if ((r->geo = troc_geo_load(dir, e)) == NULL)
		goto fail;
	if (policy_file && troc_policy_load(&r->policy, policy_file, e) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/ceilings.csv", dir);
	if ((r->ceilings = troc_ceilings_load(path, e)) == NULL)
		goto fail;
	r->year = year ? year : troc_ceilings_latest(r->ceilings);
	if (!troc_ceilings_has_year(r->ceilings, r->year)) {
		troc_err_set(e, NULL, 0, "-y %d: no income ceilings for that "
		    "year (the latest is %d)", year,
		    troc_ceilings_latest(r->ceilings));
		goto fail;
	}
	return 0;
fail:
	troc_reference_release(r);
	return -1;
}

void
troc_reference_release(struct troc_reference *r)
{
	troc_geo_free(r->geo);
	troc_ceilings_free(r->ceilings);
	troc_policy_release(&r->policy);
	memset(r, 0, sizeof(*r));
}

void
troc_reference_ctx(const struct troc_reference *r, struct troc_ctx *c)
{
	c->policy = &r->policy;
	c->ceilings = r->ceilings;
	c->geo = r->geo;
	c->year = r->year;
}
