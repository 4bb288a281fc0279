/* rejects.h: the one rejects stream of every tool (SPEC.md §3.7). */
#ifndef TROC_REJECTS_H
#define TROC_REJECTS_H

#include "troc/csvin.h"
#include "troc/err.h"

/* The stable reject codes. */
enum troc_code {
	TROC_MISSING, TROC_NUMBER, TROC_RANGE, TROC_CODE, TROC_LIST,
	TROC_DUPLICATE, TROC_UNKNOWN_UNIT, TROC_UNIT_STATUS, TROC_UNIT_TAKEN,
	TROC_INCONSISTENT, TROC_RAGGED, TROC_ENCODING,
	TROC_NCODES
};

/* What is wrong with a record: the first fault found. */
struct troc_fault {
	const char *column;	/* canonical column, or NULL */
	enum troc_code code;
	char msg[256];
};

/* Fill f; returns -1, for "return troc_fault_set(...)" in parsers. */
int troc_fault_set(struct troc_fault *f, const char *column,
    enum troc_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The code's word ("missing", "ragged"...). */
const char *troc_code_name(enum troc_code c);

struct troc_rejects;

/* Open the rejects stream: path names a file written atomically (see
 * troc_out_open), NULL only counts. Returns NULL with e filled on error. */
struct troc_rejects *troc_rejects_open(const char *path, struct troc_err *e);

/* Reject rec, read from file: column is the canonical column name (NULL or
 * "" for none), message lowercase without full stop. Returns 0, or -1 when
 * the rejects file could not be written. */
int troc_rejects_add(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, const char *column, enum troc_code code,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Reject rec for fault f. */
int troc_rejects_fault(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, const struct troc_fault *f);

/* Records rejected so far, in all and for one code. */
unsigned long troc_rejects_count(const struct troc_rejects *rj);
unsigned long troc_rejects_count_code(const struct troc_rejects *rj,
    enum troc_code c);

/* The first reject's place and message, for a one-line summary. */
const struct troc_err *troc_rejects_first(const struct troc_rejects *rj);

/* Close (commit as troc_out_close), free. Returns 0 or -1 with e filled. */
int troc_rejects_close(struct troc_rejects *rj, int commit,
    struct troc_err *e);

/* For a reader: reject rec as ragged when it has not nfields fields, or
 * as encoding when its bytes were bad. Returns 1 when rejected, 0 when the
 * record is sound, -1 when the rejects file could not be written. */
int troc_rejects_check(struct troc_rejects *rj, const char *file,
    const struct troc_rec *rec, size_t nfields);

#endif
