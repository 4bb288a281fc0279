/* report.c: the report's model (moves, households, homes, names), the
 * choice of its moves (--landlord) and the pseudonyms of the ids shown. */
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "troc/rules.h"

const char *const troc_rep_kind_words[] = { "swap", "cycle", "chain", NULL };

struct troc_rep_names {
	char **commune;		/* by commune key */
	char *dep[TROC_NDEP];
};

int
troc_report_init(struct troc_report *r, const char *only)
{
	memset(r, 0, sizeof(*r));
	r->only = only;
	r->hids = troc_idset_new();
	r->uids = troc_idset_new();
	r->landlords = troc_idset_new();
	if (r->hids == NULL || r->uids == NULL || r->landlords == NULL ||
	    sodium_init() < 0)
		return -1;
	return 0;
}

static void
names_free(struct troc_rep_names *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; n->commune && i < TROC_NCOMMUNE; i++)
		free(n->commune[i]);
	for (i = 0; i < TROC_NDEP; i++)
		free(n->dep[i]);
	free(n->commune);
	free(n);
}

void
troc_report_release(struct troc_report *r)
{
	size_t i, n = r->hids ? troc_idset_count(r->hids) : 0;

	for (i = 0; r->alias && i < n; i++)
		free(r->alias[i]);
	free(r->alias);
	troc_idset_free(r->hids);
	troc_idset_free(r->uids);
	troc_idset_free(r->landlords);
	free(r->mv);
	free(r->hh);
	free(r->home);
	free(r->keep);
	names_free(r->names);
	rep_map_free(r->map);
	memset(r, 0, sizeof(*r));
}

const char *
troc_report_commune_name(const struct troc_report *r, int k)
{
	if (r->names == NULL || k < 0 || k >= TROC_NCOMMUNE)
		return NULL;
	return r->names->commune[k];
}

const char *
troc_report_dep_name(const struct troc_report *r, int d)
{
	if (r->names == NULL || d < 0 || d >= TROC_NDEP)
		return NULL;
	return r->names->dep[d];
}

static int
set_name(char **slot, const char *s, size_t n)
{
	if (*slot != NULL || n == 0)
		return 0;
	if ((*slot = malloc(n + 1)) == NULL)
		return -1;
	memcpy(*slot, s, n);
	(*slot)[n] = '\0';
	return 0;
}

enum { N_CODE, N_NAME, N_DEP, N_DEPNAME, N_NCOLS };

static const struct troc_col name_cols[N_NCOLS] = {
	{ "code_insee", 1, NULL }, { "nom", 1, NULL },
	{ "code_dep", 0, NULL }, { "nom_dep", 0, NULL }
};

static int
names_row(struct troc_rep_names *nm, const struct troc_bind *b,
    const struct troc_rec *rec)
{
	const char *s[N_NCOLS];
	size_t n[N_NCOLS], i;
	int k, d;

	for (i = 0; i < N_NCOLS; i++)
		s[i] = troc_bind_get(b, rec, i, &n[i]);
	if ((k = troc_commune_key(s[N_CODE], n[N_CODE])) < 0)
		return 0;
	if (set_name(&nm->commune[k], s[N_NAME], n[N_NAME]) < 0)
		return -1;
	d = troc_dep_key(s[N_DEP], n[N_DEP]);
	if (d < 0)
		d = troc_commune_dep(k);
	return d < 0 ? 0 : set_name(&nm->dep[d], s[N_DEPNAME], n[N_DEPNAME]);
}

int
troc_report_load_names(struct troc_report *r, const char *path,
    struct troc_err *e)
{
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_rep_names *nm;
	int k = -1;

	if ((in = troc_csv_open(path, NULL, e)) == NULL)
		return -1;
	nm = calloc(1, sizeof(*nm));
	if (nm == NULL || (nm->commune = calloc(TROC_NCOMMUNE,
	    sizeof(*nm->commune))) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		goto out;
	}
	if (troc_bind_header(&b, troc_csv_header(in), name_cols, N_NCOLS,
	    path, e) < 0)
		goto out;
	while ((k = troc_csv_next(in, &rec, e)) > 0)
		if (names_row(nm, &b, &rec) < 0) {
			troc_err_set(e, path, rec.line, "out of memory");
			k = -1;
			break;
		}
	troc_bind_release(&b);
out:
	troc_csv_free(in);
	if (k < 0) {
		names_free(nm);
		return -1;
	}
	names_free(r->names);
	r->names = nm;
	return 0;
}

char *
troc_pseudonym(const unsigned char *key, size_t keylen, const char *id,
    size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	size_t i;

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, n);
	crypto_auth_hmacsha256_final(&st, mac);
	out[0] = 'h';
	for (i = 0; i < 8; i++) {
		out[1 + 2 * i] = hex[mac[i] >> 4];
		out[2 + 2 * i] = hex[mac[i] & 15];
	}
	out[TROC_PSEUDO_SIZE - 1] = '\0';
	sodium_memzero(&st, sizeof(st));
	return out;
}

/* The landlord of household i: -H's home_landlord, else its home's. */
static int
hh_landlord(const struct troc_report *r, const struct troc_rep_move *m)
{
	if (r->hh[m->hh].landlord >= 0)
		return r->hh[m->hh].landlord;
	return r->home[m->from].landlord;
}

/* Mark the moves of the exchanges that involve landlord ll. */
static void
keep_landlord(struct troc_report *r, long ll)
{
	size_t i = 0, j, k;

	while (i < r->nmv) {
		int in = 0;

		for (j = i; j < r->nmv && r->mv[j].exchange == r->mv[i].exchange;
		    j++)
			in |= hh_landlord(r, &r->mv[j]) == ll ||
			    r->home[r->mv[j].to].landlord == ll ||
			    r->home[r->mv[j].from].landlord == ll;
		for (k = i; k < j; k++)
			r->keep[k] = (unsigned char)(ll >= 0 && in);
		i = j;
	}
}

int
troc_report_select(struct troc_report *r, int all, const unsigned char *key,
    size_t keylen)
{
	size_t i, nh = troc_idset_count(r->hids);
	long ll = -1;

	if ((r->keep = malloc(r->nmv + 1)) == NULL ||
	    (r->alias = calloc(nh + 1, sizeof(*r->alias))) == NULL)
		return -1;
	memset(r->keep, 1, r->nmv + 1);
	if (r->only) {
		ll = troc_idset_find(r->landlords, r->only, strlen(r->only));
		keep_landlord(r, ll);
	}
	for (i = 0; i < r->nmv; i++) {
		const struct troc_rep_move *m = &r->mv[i];
		const char *id;
		size_t n;

		if (!r->keep[i] || r->alias[m->hh] != NULL)
			continue;
		if (!all && (r->only == NULL || hh_landlord(r, m) == ll))
			continue;
		if ((r->alias[m->hh] = malloc(TROC_PSEUDO_SIZE)) == NULL)
			return -1;
		id = troc_idset_get(r->hids, m->hh, &n);
		troc_pseudonym(key, keylen, id, n, r->alias[m->hh]);
	}
	return 0;
}

const char *
troc_report_hh_id(const struct troc_report *r, size_t i, size_t *n)
{
	if (r->alias && r->alias[i]) {
		*n = TROC_PSEUDO_SIZE - 1;
		return r->alias[i];
	}
	return troc_idset_get(r->hids, i, n);
}
