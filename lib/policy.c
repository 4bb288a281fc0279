/* policy.c: the policy's defaults and its `key = value` file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "troc/num.h"
#include "troc/policy.h"

static const char *const reason_names[TROC_NREASON] = {
	"handicap", "ageing", "overcrowded", "underoccupied", "job", "rent",
	"mix", "other"
};

static const char *const resv_names[TROC_NRESV] = {
	"state", "state-civil", "action-logement", "local", "other", "none"
};

/* Index of s (n bytes) in names[0..count-1], or -1. */
static int
lookup(const char *const *names, int count, const char *s, size_t n)
{
	int i;

	for (i = 0; i < count; i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i;
	return -1;
}

const char *
troc_reason_name(enum troc_reason r)
{
	return (unsigned)r < TROC_NREASON ? reason_names[r] : "";
}

int
troc_reason_parse(const char *s, size_t n, enum troc_reason *r)
{
	int i = lookup(reason_names, TROC_NREASON, s, n);

	if (i < 0)
		return -1;
	*r = (enum troc_reason)i;
	return 0;
}

const char *
troc_resv_name(enum troc_resv r)
{
	return r >= 0 && r < TROC_NRESV ? resv_names[r] : "";
}

int
troc_resv_parse(const char *s, size_t n, enum troc_resv *r)
{
	int i = lookup(resv_names, TROC_NRESV, s, n);

	if (i < 0)
		return -1;
	*r = (enum troc_resv)i;
	return 0;
}

void
troc_policy_init(struct troc_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->ageing_age = 65;
	p->job_km = 30;
	p->effort_max = 0.33;
	p->weight[TROC_REASON_HANDICAP] = 40;
	p->weight[TROC_REASON_AGEING] = 20;
	p->weight[TROC_REASON_OVERCROWDED] = 30;
	p->weight[TROC_REASON_UNDEROCCUPIED] = 20;
	p->weight[TROC_REASON_JOB] = 10;
	p->weight[TROC_REASON_RENT] = 10;
	p->weight[TROC_REASON_MIX] = 5;
	p->allow_under = 0;
	p->same_landlord = 0;
	p->landlords = NULL;
	p->nlandlords = 0;
	p->reservataires = TROC_RESV_ALL;
}

static void
free_list(char **l, size_t n)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void
troc_policy_release(struct troc_policy *p)
{
	free_list(p->landlords, p->nlandlords);
	troc_policy_init(p);
}

/* The keys, in the order of the switch in set(). */
enum {
	K_AGEING, K_JOB_KM, K_EFFORT, K_WEIGHT0,
	K_ALLOW_UNDER = K_WEIGHT0 + TROC_NPRIORITY, K_SAME_LANDLORD,
	K_LANDLORDS, K_RESERVATAIRES, NKEY
};

static const char *const key_names[NKEY] = {
	"ageing_age", "job_km", "effort_max", "weight_handicap",
	"weight_ageing", "weight_overcrowded", "weight_underoccupied",
	"weight_job", "weight_rent", "weight_mix", "allow_under",
	"same_landlord", "landlords", "reservataires"
};

/* Where we are, for messages. */
struct at {
	const char *name;
	unsigned long line;
	const char *key;
	struct troc_err *e;
};

#define QUOTED(s, n) (int)((n) > 64 ? 64 : (n)), (s)

static int
bad(const struct at *a, const char *what, const char *s, size_t n)
{
	troc_err_set(a->e, a->name, a->line, "%s: not %s: \"%.*s\"", a->key,
	    what, QUOTED(s, n));
	return -1;
}

static int
int_value(const struct at *a, const char *s, size_t n, long lo, long hi,
    const char *what, long *v)
{
	long long x;

	if (troc_num_int(s, n, &x) != TROC_NUM_OK || x < lo || x > hi)
		return bad(a, what, s, n);
	*v = (long)x;
	return 0;
}

static int
dec_value(const struct at *a, const char *s, size_t n, double hi,
    const char *what, double *v)
{
	if (troc_num_decimal(s, n, v) != TROC_NUM_OK || *v < 0 || *v > hi)
		return bad(a, what, s, n);
	return 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim blanks around s[0..*n). */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && is_blank(s[0]))
		s++, (*n)--;
	while (*n > 0 && is_blank(s[*n - 1]))
		(*n)--;
	return s;
}

/* Call item() on each comma-separated item, trimmed; -1 on an empty one
 * or when item() fails. */
static int
each_item(const struct at *a, const char *s, size_t n,
    int (*item)(const struct at *, const char *, size_t, void *), void *ctx)
{
	const char *comma, *t;
	size_t k, m;

	for (;;) {
		comma = memchr(s, ',', n);
		k = comma ? (size_t)(comma - s) : n;
		m = k;
		t = trim(s, &m);
		if (m == 0) {
			troc_err_set(a->e, a->name, a->line,
			    "%s: empty item in the list", a->key);
			return -1;
		}
		if (item(a, t, m, ctx) < 0)
			return -1;
		if (comma == NULL)
			return 0;
		s += k + 1, n -= k + 1;
	}
}

struct strlist {
	char **v;
	size_t n;
};

static int
landlord_item(const struct at *a, const char *s, size_t n, void *ctx)
{
	struct strlist *l = ctx;
	char **v;

	if (n > 64)
		return bad(a, "a landlord code of at most 64 bytes", s, n);
	if (n == 3 && memcmp(s, "all", 3) == 0) {
		troc_err_set(a->e, a->name, a->line, "%s: all cannot be "
		    "combined with landlord codes", a->key);
		return -1;
	}
	if ((v = realloc(l->v, (l->n + 1) * sizeof(*v))) == NULL)
		goto oom;
	l->v = v;
	if ((v[l->n] = malloc(n + 1)) == NULL)
		goto oom;
	memcpy(v[l->n], s, n);
	v[l->n++][n] = '\0';
	return 0;
oom:
	troc_err_set(a->e, a->name, a->line, "out of memory");
	return -1;
}

static int
resv_item(const struct at *a, const char *s, size_t n, void *ctx)
{
	unsigned *bits = ctx;
	enum troc_resv r;

	if (troc_resv_parse(s, n, &r) < 0) {
		troc_err_set(a->e, a->name, a->line, "%s: unknown reservataire "
		    "\"%.*s\" (state, state-civil, action-logement, local, "
		    "other, none or all)", a->key, QUOTED(s, n));
		return -1;
	}
	*bits |= 1u << r;
	return 0;
}

/* Set key k of p to value s (n bytes); the list goes to *l. */
static int
set(struct troc_policy *p, int k, const struct at *a, const char *s,
    size_t n, struct strlist *l)
{
	int all = n == 3 && memcmp(s, "all", 3) == 0;
	long v;

	switch (k) {
	case K_AGEING:
		if (int_value(a, s, n, 0, 150, "an age from 0 to 150", &v) < 0)
			return -1;
		p->ageing_age = (int)v;
		return 0;
	case K_JOB_KM:
		return dec_value(a, s, n, 20000, "a distance from 0 to 20000 km",
		    &p->job_km);
	case K_EFFORT:
		return dec_value(a, s, n, 100, "a ratio from 0 to 100",
		    &p->effort_max);
	case K_ALLOW_UNDER:
	case K_SAME_LANDLORD:
		if (int_value(a, s, n, 0, 1, "0 or 1", &v) < 0)
			return -1;
		*(k == K_ALLOW_UNDER ? &p->allow_under : &p->same_landlord) =
		    (int)v;
		return 0;
	case K_LANDLORDS:
		if (all)
			return 0;
		return each_item(a, s, n, landlord_item, l);
	case K_RESERVATAIRES:
		p->reservataires = all ? TROC_RESV_ALL : 0;
		return all ? 0 : each_item(a, s, n, resv_item,
		    &p->reservataires);
	default:
		return int_value(a, s, n, 0, 1000000,
		    "a weight from 0 to 1000000", &p->weight[k - K_WEIGHT0]);
	}
}

/* Cut a comment: `#` at the start or after a blank. */
static size_t
uncomment(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || is_blank(s[i - 1])))
			return i;
	return n;
}

/* Apply one line to q; 0, or -1 with a->e set. */
static int
line(struct troc_policy *q, struct at *a, const char *s, size_t n,
    unsigned long *seen, struct strlist *l, int *set_landlords)
{
	const char *eq, *key, *val;
	size_t kn, vn;
	int k;

	if (memchr(s, '\0', n) != NULL) {
		troc_err_set(a->e, a->name, a->line, "NUL byte");
		return -1;
	}
	if (n > 0 && s[n - 1] == '\r')
		n--;
	n = uncomment(s, n);
	s = trim(s, &n);
	if (n == 0)
		return 0;
	if ((eq = memchr(s, '=', n)) == NULL) {
		troc_err_set(a->e, a->name, a->line, "expected key = value: "
		    "\"%.*s\"", QUOTED(s, n));
		return -1;
	}
	kn = (size_t)(eq - s);
	key = trim(s, &kn);
	vn = n - (size_t)(eq - s) - 1;
	val = trim(eq + 1, &vn);
	if ((k = lookup(key_names, NKEY, key, kn)) < 0) {
		troc_err_set(a->e, a->name, a->line, "unknown key \"%.*s\"",
		    QUOTED(key, kn));
		return -1;
	}
	a->key = key_names[k];
	if (seen[k]) {
		troc_err_set(a->e, a->name, a->line, "%s: given twice (first "
		    "on line %lu)", a->key, seen[k]);
		return -1;
	}
	seen[k] = a->line;
	if (vn == 0) {
		troc_err_set(a->e, a->name, a->line, "%s: missing value",
		    a->key);
		return -1;
	}
	if (k == K_LANDLORDS)
		*set_landlords = 1;
	return set(q, k, a, val, vn, l);
}

int
troc_policy_parse(struct troc_policy *p, const char *buf, size_t len,
    const char *name, struct troc_err *e)
{
	struct troc_policy q = *p;
	struct strlist l = { NULL, 0 };
	unsigned long seen[NKEY] = { 0 };
	struct at a = { name, 1, NULL, e };
	const char *nl;
	size_t n;
	int set_landlords = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	for (; len > 0; a.line++) {
		nl = memchr(buf, '\n', len);
		n = nl ? (size_t)(nl - buf) : len;
		if (line(&q, &a, buf, n, seen, &l, &set_landlords) < 0) {
			free_list(l.v, l.n);
			return -1;
		}
		if (nl == NULL)
			break;
		buf += n + 1, len -= n + 1;
	}
	if (set_landlords) {
		/* "all" leaves l empty: NULL means every landlord */
		free_list(p->landlords, p->nlandlords);
		q.landlords = l.v;
		q.nlandlords = l.n;
	}
	*p = q;
	return 0;
}

int
troc_policy_load(struct troc_policy *p, const char *path,
    struct troc_err *e)
{
	enum { MAX = 1024 * 1024 };
	FILE *f;
	char *buf;
	size_t n;
	int rc, fail;

	if ((f = fopen(path, "rb")) == NULL) {
		troc_err_set(e, path, 0, "%s", strerror(errno));
		return -1;
	}
	if ((buf = malloc(MAX + 1)) == NULL) {
		fclose(f);
		troc_err_set(e, path, 0, "out of memory");
		return -1;
	}
	n = fread(buf, 1, MAX + 1, f);
	fail = ferror(f);
	fclose(f);
	if (fail)
		troc_err_set(e, path, 0, "read error");
	else if (n > MAX)
		troc_err_set(e, path, 0, "policy file over 1 MiB");
	rc = fail || n > MAX ? -1 : troc_policy_parse(p, buf, n, path, e);
	free(buf);
	return rc;
}

int
troc_policy_admits(const struct troc_policy *p, const char *landlord,
    size_t n, enum troc_resv r)
{
	size_t i;

	if (r >= 0 && r < TROC_NRESV && !(p->reservataires & 1u << r))
		return 0;
	if (p->landlords == NULL)
		return 1;
	for (i = 0; i < p->nlandlords; i++)
		if (strlen(p->landlords[i]) == n &&
		    memcmp(p->landlords[i], landlord, n) == 0)
			return 1;
	return 0;
}
