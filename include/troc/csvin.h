/* csvin.h: the one CSV reader of every tool (SPEC.md §1 input dialect). */
#ifndef TROC_CSVIN_H
#define TROC_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "troc/err.h"
#include "troc/source.h"

enum troc_enc {
	TROC_ENC_AUTO = 0,	/* UTF-8 unless the first block is not valid UTF-8 */
	TROC_ENC_UTF8,
	TROC_ENC_CP1252
};

/* Why a record's bytes could not be taken as they are. */
enum troc_bad {
	TROC_BAD_NONE = 0,
	TROC_BAD_ENCODING,	/* not valid in the input encoding */
	TROC_BAD_NUL		/* an embedded NUL byte */
};

#define TROC_MAX_FIELD_DEFAULT (1024UL * 1024UL)

struct troc_csv_opts {
	int delim;		/* 0: guess from the header line */
	enum troc_enc enc;
	size_t max_field;	/* 0: TROC_MAX_FIELD_DEFAULT */
	int libcsv_only;	/* no fast path for quote-free lines (tests) */
	size_t bufsize;		/* 0: 256 KiB read at a time, and guessed
				 * from; at least 16 (tests: records across
				 * reads) */
	int read_ahead;		/* parse on a thread of its own, a few
				 * batches of records ahead, when there is
				 * more than one processor and the input
				 * is larger than the first read (tools) */
};

/* One record. Fields are UTF-8, NUL-terminated (the length is the truth),
 * valid until the next call on the reader. */
struct troc_rec {
	size_t n;			/* number of fields */
	const char *const *f;		/* field i */
	const size_t *len;		/* its length in bytes */
	unsigned long line;		/* physical line where it starts (1-based) */
	unsigned long recno;		/* 1-based data record number; 0: header */
	enum troc_bad bad;		/* bytes that had to be replaced */
};

struct troc_csv;

/* Open a CSV file (path "-" or NULL: stdin) and read its header. Handles
 * gzip, a UTF-8 BOM, Excel's "sep=" line, the delimiter guess and the
 * encoding guess. Returns NULL with e filled on error (unreadable, empty,
 * UTF-16). o may be NULL for the defaults. Free with troc_csv_free. */
struct troc_csv *troc_csv_open(const char *path,
    const struct troc_csv_opts *o, struct troc_err *e);

/* The same over a buffer (for fuzzing and tests); buf must outlive it. */
struct troc_csv *troc_csv_open_mem(const void *buf, size_t len,
    const char *name, const struct troc_csv_opts *o, struct troc_err *e);

/* The header record (recno 0), valid as long as the reader. */
const struct troc_rec *troc_csv_header(const struct troc_csv *r);

/* Next data record into rec. Returns 1, 0 at the end, -1 on a fatal
 * error (unterminated quote, stray quote, field too large, I/O, gzip)
 * with e naming the line. */
int troc_csv_next(struct troc_csv *r, struct troc_rec *rec,
    struct troc_err *e);

/* What the reader found or was told. */
int troc_csv_delim(const struct troc_csv *r);
enum troc_enc troc_csv_enc(const struct troc_csv *r);
const char *troc_csv_name(const struct troc_csv *r);
struct troc_source *troc_csv_source(struct troc_csv *r);

/* Close and free; NULL is allowed. */
void troc_csv_free(struct troc_csv *r);

/* Key for matching a column name: lowercase, accents folded, spaces, NBSP,
 * '_' and '-' dropped ("Unit ID", "unit_id" and "UNIT-ID" all give
 * "unitid"). Writes at most cap bytes including the NUL; returns out. */
char *troc_colkey(const char *s, size_t len, char *out, size_t cap);

/* Parse a -d argument (",", ";", "tab", "\t", "|", "comma", "semicolon",
 * "pipe"): the delimiter byte, or -1. */
int troc_delim_parse(const char *s);

/* Parse a -e argument ("utf8", "utf-8", "cp1252", "windows-1252", "auto"):
 * 0 and *enc set, or -1. */
int troc_enc_parse(const char *s, enum troc_enc *enc);

#endif
