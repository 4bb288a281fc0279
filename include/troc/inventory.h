/* inventory.h: the canonical units held in memory, looked up by id (the
 * -u UNITS of troc-validate, the -v UNITS of troc-match). */
#ifndef TROC_INVENTORY_H
#define TROC_INVENTORY_H

#include <stddef.h>

#include "troc/csvin.h"
#include "troc/geo.h"
#include "troc/idset.h"
#include "troc/policy.h"
#include "troc/rejects.h"
#include "troc/rules.h"

struct troc_inventory {
	struct troc_idset *ids;		/* unit ids; index = unit */
	struct troc_idset *landlords;	/* landlord codes; home.landlord */
	struct troc_home *home;		/* per unit */
	signed char *status;		/* enum troc_status, -1 unknown */
	size_t n;
	unsigned long skipped;		/* rows that were not sound units */
	struct troc_fault first;	/* why the first was skipped */
	unsigned long first_line;
};

/* Load the canonical units of path (plain or gzip, any dialect of o, may
 * be NULL) into inv. Rows that are not sound units are skipped and
 * counted (inv->skipped); a duplicate id keeps the first. A unit's
 * participation (home.admitted) follows policy p (NULL: all). Returns 0,
 * or -1 with e filled (unreadable, malformed CSV, a column missing, out
 * of memory). Release with troc_inventory_release. */
int troc_inventory_load(struct troc_inventory *inv, const char *path,
    const struct troc_csv_opts *o, const struct troc_geo *g,
    const struct troc_policy *p, struct troc_err *e);

/* The same from r, a reader already open on the units (a file or a
 * buffer: troc_csv_open_mem); r is read to its end, not freed. */
int troc_inventory_read(struct troc_inventory *inv, struct troc_csv *r,
    const struct troc_geo *g, const struct troc_policy *p,
    struct troc_err *e);

void troc_inventory_release(struct troc_inventory *inv);

/* The unit with id s (n bytes), or -1. */
long troc_inventory_find(const struct troc_inventory *inv, const char *s,
    size_t n);

/* The landlord code of unit u. */
const char *troc_inventory_landlord(const struct troc_inventory *inv,
    size_t u);

#endif
