/* policy.h: the thresholds and weights of the rules (SPEC.md §3.3–3.4),
 * their defaults and the `key = value` policy file (-P). */
#ifndef TROC_POLICY_H
#define TROC_POLICY_H

#include <stddef.h>

#include "troc/err.h"

/* The reasons to move, in the order priority_reasons lists them. The
 * first TROC_NPRIORITY carry a weight; `other` may only be declared. */
enum troc_reason {
	TROC_REASON_HANDICAP = 0,
	TROC_REASON_AGEING,
	TROC_REASON_OVERCROWDED,
	TROC_REASON_UNDEROCCUPIED,
	TROC_REASON_JOB,
	TROC_REASON_RENT,
	TROC_REASON_MIX,
	TROC_NPRIORITY,
	TROC_REASON_OTHER = TROC_NPRIORITY,
	TROC_NREASON
};

/* The reason's word ("handicap"...), "" when r is out of range. */
const char *troc_reason_name(enum troc_reason r);

/* Parse a reason word (exact, lowercase); 0 and *r set, or -1. */
int troc_reason_parse(const char *s, size_t n, enum troc_reason *r);

/* The réservataire of a home (units column `reservataire`). */
enum troc_resv {
	TROC_RESV_UNKNOWN = -1,
	TROC_RESV_STATE = 0,
	TROC_RESV_STATE_CIVIL,
	TROC_RESV_ACTION_LOGEMENT,
	TROC_RESV_LOCAL,
	TROC_RESV_OTHER,
	TROC_RESV_NONE,
	TROC_NRESV
};

/* The word ("state", "state-civil", "action-logement", "local", "other",
 * "none"); "" for an unknown one. */
const char *troc_resv_name(enum troc_resv r);

/* Parse one of those words (exact); 0 and *r set, or -1. */
int troc_resv_parse(const char *s, size_t n, enum troc_resv *r);

/*
 * The policy. Caller-owned: troc_policy_init sets the defaults of SPEC.md
 * §3.3, troc_policy_release frees the landlords list.
 *
 *   key                  default  value
 *   ageing_age           65       int 0–150
 *   job_km               30       decimal 0–20000
 *   effort_max           0.33     decimal 0–100
 *   weight_handicap      40       int 0–1000000, one per priority reason
 *   weight_ageing        20
 *   weight_overcrowded   30
 *   weight_underoccupied 20
 *   weight_job           10
 *   weight_rent          10
 *   weight_mix           5
 *   allow_under          0        0 or 1
 *   same_landlord        0        0 or 1
 *   landlords            all      "all" or a comma list of landlord codes
 *   reservataires        all      "all" or a comma list of réservataire
 *                                 words (troc_resv_name; `none` included)
 */
struct troc_policy {
	int ageing_age;
	double job_km;
	double effort_max;
	long weight[TROC_NPRIORITY];	/* by enum troc_reason */
	int allow_under;
	int same_landlord;
	char **landlords;		/* NULL: all landlords */
	size_t nlandlords;
	unsigned reservataires;		/* bit (1 << enum troc_resv) */
};

#define TROC_RESV_ALL ((1u << TROC_NRESV) - 1)

/* Set p to the defaults. Allocates nothing. */
void troc_policy_init(struct troc_policy *p);

/* Free what p owns and set it back to the defaults. */
void troc_policy_release(struct troc_policy *p);

/*
 * Apply the `key = value` lines of buf (len bytes; name for messages) to
 * p. Blank lines are skipped; `#` at the start of a line or after a blank
 * begins a comment; CR LF and a UTF-8 BOM are accepted. Decimals may use
 * a decimal comma. An unknown key, a missing `=` or value, a bad value or
 * a key given twice fails with e naming name and the line; p is then left
 * as it was. Returns 0 or -1.
 */
int troc_policy_parse(struct troc_policy *p, const char *buf, size_t len,
    const char *name, struct troc_err *e);

/* The same from the file at path (at most 1 MiB). Returns 0 or -1. */
int troc_policy_load(struct troc_policy *p, const char *path,
    struct troc_err *e);

/* 1 when the home of landlord (n bytes) with réservataire r takes part:
 * the landlord is in the landlords list and r is unknown or in the
 * reservataires list (SPEC.md §3.4 rule 11). */
int troc_policy_admits(const struct troc_policy *p, const char *landlord,
    size_t n, enum troc_resv r);

#endif
