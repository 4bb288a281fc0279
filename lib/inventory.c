/* inventory.c: canonical units in memory, by id. */
#include <stdlib.h>
#include <string.h>

#include "troc/inventory.h"
#include "troc/table.h"
#include "troc/units.h"

static int
grow(struct troc_inventory *inv, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 4096;
	struct troc_home *h = realloc(inv->home, ncap * sizeof(*h));
	signed char *st;

	if (h == NULL)
		return -1;
	inv->home = h;
	if ((st = realloc(inv->status, ncap)) == NULL)
		return -1;
	inv->status = st;
	*cap = ncap;
	return 0;
}

/* The rules' view of a unit. */
static void
to_home(struct troc_home *h, const struct troc_unit *u, int landlord,
    const struct troc_policy *p)
{
	troc_home_init(h);
	h->landlord = landlord;
	h->commune = u->commune;
	h->rooms = u->rooms;
	h->surface = u->surface;
	h->floor = u->floor == TROC_NOFLOOR ? TROC_NA : u->floor;
	h->elevator = u->elevator < 0 ? TROC_NA : u->elevator;
	h->accessible = u->accessible < 0 ? TROC_NA : u->accessible;
	h->financing = u->financing < 0 ? TROC_FIN_UNKNOWN :
	    (enum troc_fin)u->financing;
	h->rent = u->rent;
	h->charges = u->charges;
	h->reservataire = u->reservataire < 0 ? TROC_RESV_UNKNOWN :
	    (enum troc_resv)u->reservataire;
	h->admitted = p == NULL || troc_policy_admits(p, u->landlord,
	    u->landlordlen, h->reservataire);
}

static int
add(struct troc_inventory *inv, const struct troc_unit *u, size_t *cap,
    const struct troc_policy *p)
{
	size_t slot, ll;
	int k = troc_idset_add(inv->ids, u->id, u->idlen, &slot);

	if (k <= 0)
		return k;	/* duplicate: the first stays */
	if (slot >= *cap && grow(inv, cap) < 0)
		return -1;
	if (troc_idset_add(inv->landlords, u->landlord, u->landlordlen,
	    &ll) < 0)
		return -1;
	to_home(&inv->home[slot], u, (int)ll, p);
	inv->status[slot] = u->status;
	inv->n = slot + 1;
	return 1;
}

static int
load_rows(struct troc_inventory *inv, struct troc_csv *r,
    const struct troc_bind *b, const struct troc_geo *g,
    const struct troc_policy *p, struct troc_err *e)
{
	struct troc_rec rec;
	struct troc_unit u;
	struct troc_fault f;
	size_t cap = 0;
	int k;

	while ((k = troc_csv_next(r, &rec, e)) > 0) {
		if (rec.n != b->nin || rec.bad != TROC_BAD_NONE ||
		    troc_unit_parse(&u, b, &rec, g, &f) < 0) {
			if (inv->skipped++ == 0) {
				if (rec.n != b->nin || rec.bad)
					troc_fault_set(&inv->first, NULL,
					    TROC_RAGGED, "not a sound record");
				else
					inv->first = f;
				inv->first_line = rec.line;
			}
			continue;
		}
		if (add(inv, &u, &cap, p) < 0) {
			troc_err_set(e, troc_csv_name(r), rec.line,
			    "out of memory");
			return -1;
		}
	}
	return k;
}

int
troc_inventory_read(struct troc_inventory *inv, struct troc_csv *r,
    const struct troc_geo *g, const struct troc_policy *p,
    struct troc_err *e)
{
	struct troc_bind b;
	int k;

	memset(inv, 0, sizeof(*inv));
	inv->ids = troc_idset_new();
	inv->landlords = troc_idset_new();
	if (inv->ids == NULL || inv->landlords == NULL) {
		troc_err_set(e, troc_csv_name(r), 0, "out of memory");
		return -1;
	}
	if (troc_bind_header(&b, troc_csv_header(r), troc_unit_cols,
	    TROC_U_NCOLS, troc_csv_name(r), e) < 0)
		return -1;
	k = load_rows(inv, r, &b, g, p, e);
	troc_bind_release(&b);
	return k < 0 ? -1 : 0;
}

int
troc_inventory_load(struct troc_inventory *inv, const char *path,
    const struct troc_csv_opts *o, const struct troc_geo *g,
    const struct troc_policy *p, struct troc_err *e)
{
	struct troc_csv *r;
	int k;

	memset(inv, 0, sizeof(*inv));
	if ((r = troc_csv_open(path, o, e)) == NULL)
		return -1;
	k = troc_inventory_read(inv, r, g, p, e);
	troc_csv_free(r);
	return k;
}

void
troc_inventory_release(struct troc_inventory *inv)
{
	troc_idset_free(inv->ids);
	troc_idset_free(inv->landlords);
	free(inv->home);
	free(inv->status);
	memset(inv, 0, sizeof(*inv));
}

long
troc_inventory_find(const struct troc_inventory *inv, const char *s,
    size_t n)
{
	return troc_idset_find(inv->ids, s, n);
}

const char *
troc_inventory_landlord(const struct troc_inventory *inv, size_t u)
{
	return troc_idset_get(inv->landlords, (size_t)inv->home[u].landlord,
	    NULL);
}
