/* csvout.h: the one CSV writer: RFC 4180, minimal quoting, every write
 * checked, files replaced atomically. */
#ifndef TROC_CSVOUT_H
#define TROC_CSVOUT_H

#include <stddef.h>

#include "troc/err.h"

struct troc_out_opts {
	char delim;		/* 0: ',' */
	int crlf;		/* end records with CR LF */
	int bom;		/* start with a UTF-8 BOM */
	int decimal_comma;	/* numbers written with ',' */
	int neutralise;		/* prefix cells starting = + - @ TAB CR with ' */
	int gzip;		/* compress (gzip level 1-9; 0: plain) */
};

struct troc_out;

/* Open path for writing ("-" or NULL: standard output). A named file is
 * written to a temporary file in the same folder and renamed over path by
 * troc_out_close(..., 1): readers never see half a file. o may be NULL.
 * Returns NULL with e filled on error. */
struct troc_out *troc_out_open(const char *path,
    const struct troc_out_opts *o, struct troc_err *e);

/* Append one field of the current record, quoted only when needed. These
 * return 0, or -1 once any write has failed (the error sticks). */
int troc_out_field(struct troc_out *w, const char *s, size_t n);
int troc_out_str(struct troc_out *w, const char *s);	/* NULL: empty */
int troc_out_int(struct troc_out *w, long long v);
int troc_out_num(struct troc_out *w, double v);		/* shortest form */
int troc_out_fixed(struct troc_out *w, double v, int decimals);

/* Write n bytes as they are: whole lines made elsewhere (the next field
 * starts a record). */
int troc_out_raw(struct troc_out *w, const void *buf, size_t n);

/* v, or an empty field when v is the unknown value (or NaN). */
int troc_out_opt_int(struct troc_out *w, long long v, long long unknown);
int troc_out_opt_num(struct troc_out *w, double v);

/* End the current record. */
int troc_out_eor(struct troc_out *w);

/* Write a whole record of n fields. */
int troc_out_row(struct troc_out *w, size_t n, const char *const *f,
    const size_t *len);

/* 1 once a write has failed. */
int troc_out_failed(const struct troc_out *w);

/* Flush and close. With commit, a named file replaces path; without, the
 * temporary file is removed and path left as it was. Returns 0, or -1 with
 * e filled if any write, flush, sync, close or rename failed. Frees w. */
int troc_out_close(struct troc_out *w, int commit, struct troc_err *e);

/* Remove every temporary file still open; async-signal-safe, for a signal
 * handler that then re-raises the signal. */
void troc_out_cleanup(void);

/* Format v in its shortest form that reads back to the same double
 * ("2000", "47.8", "-0" as "0"); buf of at least 32 bytes. Returns buf. */
char *troc_fmt_num(double v, char *buf);

/* Write s into buf (capacity cap, always NUL-terminated) as a CSV field
 * with minimal quoting; returns the length it needs (like snprintf). */
size_t troc_csv_quote(char *buf, size_t cap, const char *s, size_t n,
    char delim);

#endif
