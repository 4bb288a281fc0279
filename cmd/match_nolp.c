/* match_nolp.c: linked into troc-match's small build in place of the
 * LP solver (lib/kep_model.c, lib/kep_mip.c and COIN-OR's archives:
 * 7.5 MB of code and C++ start-up that a K = 2 run does not need). That
 * build solves K = 2 without chains and TTC itself; main() hands any
 * other run to the whole program before it reads a byte (troc-match(1),
 * FILES), so kep_model_solve is never called here: if it were, it
 * fails rather than answers wrong. */
#include "troc/err.h"
#include "troc/kep.h"
#include "../lib/kep_impl.h"

int
troc_kep_has_lp(void)
{
	return 0;
}

int
kep_model_solve(const struct kep_ctx *x, const struct kep_comp *c,
    struct kep_sol *s, double *bound, int *proven, struct troc_err *e)
{
	(void)x, (void)c, (void)s, (void)bound, (void)proven;
	troc_err_set(e, NULL, 0, "internal error: this build of troc-match "
	    "has no LP solver (libexec/troc-match-lp has)");
	return -1;
}
