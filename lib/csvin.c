/* csvin.c: the CSV reader: libcsv in strict mode over a troc_source, with
 * the dialect of SPEC.md §1 (delimiter and encoding guess, BOM, sep=,
 * real line numbers, a field-size cap). */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin_impl.h"
#include "troc/parallel.h"

#define BUF_SIZE (256 * 1024)

/* A completed record waiting in the queue: fields f0..f0+n-1. */
struct qrec {
	size_t f0, n;
	unsigned long line;
	enum troc_bad bad;
};

struct troc_csv {
	struct troc_source *src;
	const char *name;
	struct csv_parser p;
	int pinit;
	unsigned char *buf;
	size_t blen, bpos;
	int eof, finished, failed;
	struct troc_err ferr;		/* the fatal error, repeated */
	int held;			/* ferr: a read error met after the
					 * first bytes, for the next read */
	int delim;
	enum troc_enc enc;
	unsigned char lsep;		/* '\n', or '\r' for old Mac files */
	size_t max_field;
	size_t bufsize;			/* of buf, */
	size_t bufmax;			/* at most: BUF_SIZE, or the tests' */
	unsigned long line;		/* physical line of buf[bpos] */
	int at_bol;
	unsigned long rec_line;		/* where the record being read began */
	unsigned long nout;		/* records handed out (header = 0) */
	int toolong, nomem;		/* flags raised in callbacks */
	char *ab;			/* arena of decoded fields */
	size_t alen, acap;
	size_t *foff, *flen, nf, fcap;
	struct qrec *q;
	size_t qhead, qn, qcap;
	size_t cur_f0;
	enum troc_bad cur_bad;
	const char **fp;
	size_t fpcap;
	size_t *cut, cutcap;		/* delimiter positions (fast path) */
	int slow;			/* libcsv for every line (tests) */
	struct troc_rec hdr;
	char *hbuf;
	const char **hf;
	size_t *hlen;
	struct csv_ahead *ah;		/* reading on its own thread */
};

/* Windows-1252 bytes 0x80-0x9F; 0 where the code page has no character. */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* 1 when every byte is printable-range ASCII or a control other than NUL. */
static int
plain_ascii(const unsigned char *s, size_t n)
{
	unsigned char acc = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		acc |= s[i];
		if (s[i] == 0)
			return 0;
	}
	return acc < 0x80;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid or cut short. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

static char *
put_cp(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* Decode one Windows-1252 byte to o; sets *bad on undefined bytes. */
static char *
put_cp1252(char *o, unsigned char c, enum troc_bad *bad)
{
	unsigned cp = c;

	if (c >= 0x80 && c < 0xA0) {
		cp = cp1252_c1[c - 0x80];
		if (cp == 0) {
			*bad = TROC_BAD_ENCODING;
			cp = 0xFFFD;
		}
	}
	return put_cp(o, cp);
}

/* Decode n bytes at s to o (room for 3n bytes); returns the end. Bytes
 * invalid in UTF-8 are decoded as Windows-1252 so that a rejected record
 * still shows what it held; NUL becomes U+FFFD. */
static char *
decode(const struct troc_csv *r, char *o, const unsigned char *s, size_t n,
    enum troc_bad *bad)
{
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == 0) {
			*bad = TROC_BAD_NUL;
			o = put_cp(o, 0xFFFD);
			i++;
		} else if (s[i] < 0x80) {
			*o++ = (char)s[i++];
		} else if (r->enc == TROC_ENC_CP1252) {
			o = put_cp1252(o, s[i++], bad);
		} else if ((k = utf8_seq(s + i, n - i)) > 0) {
			memcpy(o, s + i, k);
			o += k;
			i += k;
		} else {
			if (*bad == TROC_BAD_NONE)
				*bad = TROC_BAD_ENCODING;
			o = put_cp1252(o, s[i++], bad);
		}
	}
	return o;
}

int
troc_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((np = realloc(*p, ncap * size)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

/* Grow the offset and length arrays together. */
static int
grow_fields(struct troc_csv *r, size_t need)
{
	size_t ncap = r->fcap ? r->fcap : 64;
	size_t *o, *l;

	if (need <= r->fcap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((o = realloc(r->foff, ncap * sizeof(*o))) == NULL)
		return -1;
	r->foff = o;
	if ((l = realloc(r->flen, ncap * sizeof(*l))) == NULL)
		return -1;
	r->flen = l;
	r->fcap = ncap;
	return 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct troc_csv *r = data;
	const unsigned char *u = s;
	char *o;

	if (r->nomem)
		return;
	if (len > r->max_field)
		r->toolong = 1;
	if (grow_fields(r, r->nf + 1) < 0 ||
	    troc_grow((void **)&r->ab, &r->acap, r->alen + 3 * len + 1,
	    1) < 0) {
		r->nomem = 1;
		return;
	}
	o = r->ab + r->alen;
	if (len == 0 || plain_ascii(u, len)) {
		if (len)
			memcpy(o, u, len);
		o += len;
	} else {
		o = decode(r, o, u, len, &r->cur_bad);
	}
	*o = '\0';
	r->foff[r->nf] = r->alen;
	r->flen[r->nf] = (size_t)(o - (r->ab + r->alen));
	r->nf++;
	r->alen = (size_t)(o - r->ab) + 1;
}

static void
on_row(int c, void *data)
{
	struct troc_csv *r = data;
	struct qrec *q;

	(void)c;
	if (r->nomem)
		return;
	if (troc_grow((void **)&r->q, &r->qcap, r->qn + 1,
	    sizeof(*r->q)) < 0) {
		r->nomem = 1;
		return;
	}
	q = &r->q[r->qn++];
	q->f0 = r->cur_f0;
	q->n = r->nf - r->cur_f0;
	q->line = r->rec_line;
	q->bad = r->cur_bad;
	r->cur_f0 = r->nf;
	r->cur_bad = TROC_BAD_NONE;
}

/* libcsv trims blanks around unquoted fields by default: we keep them. */
static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Once the queue is drained, move the record in progress to the front. */
static void
compact(struct troc_csv *r)
{
	size_t base, i, k = r->nf - r->cur_f0;

	r->qhead = r->qn = 0;
	if (k == 0) {
		r->alen = r->nf = r->cur_f0 = 0;
		return;
	}
	base = r->foff[r->cur_f0];
	if (base == 0 && r->cur_f0 == 0)
		return;	/* a record read in pieces: already at the start */
	memmove(r->ab, r->ab + base, r->alen - base);
	r->alen -= base;
	for (i = 0; i < k; i++) {
		r->foff[i] = r->foff[r->cur_f0 + i] - base;
		r->flen[i] = r->flen[r->cur_f0 + i];
	}
	r->nf = k;
	r->cur_f0 = 0;
}

static int
fail(struct troc_csv *r, struct troc_err *e, unsigned long line,
    const char *msg)
{
	r->failed = 1;
	troc_err_set(&r->ferr, r->name, line, "%s", msg);
	if (e)
		*e = r->ferr;
	return -1;
}

static int
refill(struct troc_csv *r, struct troc_err *e)
{
	ssize_t n = r->held ? -1 :
	    troc_source_read(r->src, r->buf, r->bufsize, &r->ferr);

	if (n < 0) {
		r->failed = 1;
		r->ferr.line = r->line;
		if (e)
			*e = r->ferr;
		return -1;
	}
	r->bpos = 0;
	r->blen = (size_t)n;
	if (n == 0)
		r->eof = 1;
	return 0;
}

static int
check_parse(struct troc_csv *r, struct troc_err *e)
{
	if (r->nomem)
		return fail(r, e, r->line, "out of memory");
	if (r->toolong || r->p.entry_pos > r->max_field) {
		char msg[96];

		snprintf(msg, sizeof(msg), "field larger than %zu bytes",
		    r->max_field);
		return fail(r, e, r->rec_line, msg);
	}
	return 0;
}

/* Store the fields of a whole line that holds no quote, as libcsv would
 * have parsed it. ASCII lines (nearly all) are copied in one go; others
 * are decoded field by field into room reserved once for the line. */
static int
split_line(struct troc_csv *r, const unsigned char *s, size_t n,
    const size_t *cut, size_t ncut, int ascii)
{
	size_t i, start = 0, nf = ncut + 1;
	char *o, *f;

	if (grow_fields(r, r->nf + nf) < 0 ||
	    troc_grow((void **)&r->ab, &r->acap, r->alen + (ascii ? n + 1 :
	    3 * n + nf), 1) < 0) {
		r->nomem = 1;
		return -1;
	}
	o = r->ab + r->alen;
	if (ascii) {
		memcpy(o, s, n);
		o[n] = '\0';
	}
	for (i = 0; i <= ncut; i++) {
		size_t end = i < ncut ? cut[i] : n, len = end - start;

		if (len > r->max_field)
			r->toolong = 1;
		if (ascii) {
			f = o + end;
		} else if (plain_ascii(s + start, len)) {
			memcpy(o, s + start, len);
			f = o + len;
		} else {
			f = decode(r, o, s + start, len, &r->cur_bad);
		}
		*f = '\0';
		r->foff[r->nf] = (size_t)((ascii ? o + start : o) - r->ab);
		r->flen[r->nf] = ascii ? len : (size_t)(f - o);
		r->nf++;
		if (!ascii)
			o = f + 1;
		start = end + 1;
	}
	r->alen = ascii ? r->alen + n + 1 : (size_t)(o - r->ab);
	on_row('\n', r);
	return r->nomem ? -1 : 0;
}

/* The fast path: a complete line without quotes, at the start of a
 * record, needs no state machine. Returns 1 when done here, 0 when
 * libcsv must parse the line, -1 when out of memory. */
static int
fast_line(struct troc_csv *r, const unsigned char *s, size_t len)
{
	size_t n = len - 1, i, ncut = 0;
	unsigned char acc = 0, nul = 0, delim = (unsigned char)r->delim;

	if (r->lsep == '\n' && n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return 1;	/* a blank line: libcsv skips it too */
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == delim) {
			if (ncut == r->cutcap && troc_grow((void **)&r->cut,
			    &r->cutcap, ncut + 1, sizeof(*r->cut)) < 0)
				return -1;
			r->cut[ncut++] = i;
		} else if (c == '"' || c == '\r' || c == '\n') {
			return 0;
		}
		acc |= c;
		nul |= c == 0;
	}
	return split_line(r, s, n, r->cut, ncut, acc < 0x80 && !nul) < 0 ?
	    -1 : 1;
}

/* Feed libcsv one physical line (or what the buffer holds of it).
 * Returns 1 when something was fed, 0 at the end, -1 on error. */
static int
feed(struct troc_csv *r, struct troc_err *e)
{
	unsigned char *s, *nl;
	size_t avail, seg, done;

	if (r->bpos == r->blen && !r->eof && refill(r, e) < 0)
		return -1;
	if (r->bpos == r->blen) {
		if (r->finished)
			return 0;
		r->finished = 1;
		if (csv_fini(&r->p, on_field, on_row, r) != 0)
			return fail(r, e, r->rec_line,
			    "unterminated quoted field");
		return check_parse(r, e) < 0 ? -1 : 1;
	}
	s = r->buf + r->bpos;
	avail = r->blen - r->bpos;
	nl = memchr(s, r->lsep, avail);
	seg = nl ? (size_t)(nl - s) + 1 : avail;
	if (r->at_bol && r->p.pstate == 0) {
		r->rec_line = r->line;
		if (nl && !r->slow) {
			int k = fast_line(r, s, seg);

			if (k < 0)
				return fail(r, e, r->line, "out of memory");
			if (k > 0) {
				if (check_parse(r, e) < 0)
					return -1;
				r->bpos += seg;
				r->line++;
				return 1;
			}
		}
	}
	done = csv_parse(&r->p, s, seg, on_field, on_row, r);
	if (done != seg) {
		if (csv_error(&r->p) == CSV_EPARSE)
			return fail(r, e, r->line, "stray quote: a quote inside "
			    "an unquoted field or text after a closing quote");
		return fail(r, e, r->line, "out of memory");
	}
	if (check_parse(r, e) < 0)
		return -1;
	r->bpos += seg;
	r->at_bol = nl != NULL;
	if (nl)
		r->line++;
	return 1;
}

int
troc_csv_next(struct troc_csv *r, struct troc_rec *rec, struct troc_err *e)
{
	if (r->ah)
		return csv_ahead_next(r->ah, rec, e);
	return troc_csv_next_serial(r, rec, e);
}

int
troc_csv_next_serial(struct troc_csv *r, struct troc_rec *rec,
    struct troc_err *e)
{
	struct qrec *q;
	size_t i;
	int k;

	if (r->failed) {
		if (e)
			*e = r->ferr;
		return -1;
	}
	while (r->qhead == r->qn) {
		compact(r);
		if ((k = feed(r, e)) <= 0)
			return k;
	}
	q = &r->q[r->qhead++];
	if (troc_grow((void **)&r->fp, &r->fpcap, q->n + 1,
	    sizeof(*r->fp)) < 0)
		return fail(r, e, q->line, "out of memory");
	for (i = 0; i < q->n; i++)
		r->fp[i] = r->ab + r->foff[q->f0 + i];
	rec->n = q->n;
	rec->f = r->fp;
	rec->len = r->flen + q->f0;
	rec->line = q->line;
	rec->recno = r->nout++;
	rec->bad = q->bad;
	return 1;
}

/* Read until the buffer is full or the input ends, for the sniffing. A
 * read error after some bytes is held for the next read: those bytes are
 * read first, as through a smaller buffer, and the error names the line
 * the reading reached. */
static int
fill_first(struct troc_csv *r, struct troc_err *e)
{
	ssize_t n;
	unsigned char *p;

	for (;;) {
		if (r->blen == r->bufsize) {
			/* the buffer sized to a small file: the file was
			 * longer (or gzip), on to the whole buffer */
			if (r->bufsize == r->bufmax)
				break;
			if ((p = realloc(r->buf, r->bufmax)) == NULL)
				return fail(r, e, 0, "out of memory");
			r->buf = p;
			r->bufsize = r->bufmax;
		}
		n = troc_source_read(r->src, r->buf + r->blen,
		    r->bufsize - r->blen, &r->ferr);
		if (n < 0 && r->blen > 0) {
			r->held = 1;
			break;
		}
		if (n < 0) {
			r->ferr.line = 1;
			if (e)
				*e = r->ferr;
			return -1;
		}
		if (n == 0) {
			r->eof = 1;
			break;
		}
		r->blen += (size_t)n;
	}
	return 0;
}

static int
looks_utf16(const unsigned char *b, size_t n)
{
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
	    (b[0] == 0xFE && b[1] == 0xFF)))
		return 1;
	return n >= 2 && (b[0] == 0 || b[1] == 0);
}

/* Excel's first line "sep=;": the delimiter, and the line skipped. */
static void
excel_sep(struct troc_csv *r, const struct troc_csv_opts *o)
{
	const unsigned char *b = r->buf + r->bpos;
	size_t n = r->blen - r->bpos, k = 5;

	if (n < 5 || strncasecmp((const char *)b, "sep=", 4) != 0 ||
	    b[4] == '\r' || b[4] == '\n')
		return;
	if (k < n && b[k] == '\r')
		k++;
	if (k < n && b[k] == '\n')
		k++;
	if (k == 5 && !(k == n && r->eof))
		return;
	if (o == NULL || o->delim == 0)
		r->delim = b[4];
	r->bpos += k;
	r->line++;
}

/* '\r' alone ends lines in old Mac files; otherwise '\n'. */
static unsigned char
line_sep(const unsigned char *b, size_t n)
{
	const unsigned char *cr = memchr(b, '\r', n);
	const unsigned char *lf = memchr(b, '\n', n);

	if (cr && (lf == NULL || cr < lf) && cr + 1 < b + n && cr[1] != '\n')
		return '\r';
	return '\n';
}

/* The delimiter among , ; TAB | found most often outside quotes in the
 * header line; ',' when none is. */
static int
guess_delim(const unsigned char *b, size_t n, unsigned char lsep)
{
	static const char cand[] = ",;\t|";
	size_t count[4] = { 0 }, i;
	int quoted = 0, best = 0, j;

	for (i = 0; i < n && (quoted || b[i] != lsep); i++) {
		if (b[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (j = 0; j < 4; j++)
				count[j] += b[i] == (unsigned char)cand[j];
	}
	for (j = 1; j < 4; j++)
		if (count[j] > count[best])
			best = j;
	return cand[best];
}

/* UTF-8 unless the bytes at hand are not valid UTF-8 (a sequence cut by
 * the end of the buffer is given the benefit of the doubt). */
static enum troc_enc
guess_enc(const unsigned char *b, size_t n, int at_eof)
{
	size_t i = 0, k;

	while (i < n) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(b + i, n - i)) == 0)
			return (!at_eof && n - i < 4) ? TROC_ENC_UTF8 :
			    TROC_ENC_CP1252;
		i += k;
	}
	return TROC_ENC_UTF8;
}

static int
keep_header(struct troc_csv *r, const struct troc_rec *h)
{
	size_t i, total = 0, off = 0;

	for (i = 0; i < h->n; i++)
		total += h->len[i] + 1;
	r->hbuf = malloc(total ? total : 1);
	r->hf = calloc(h->n + 1, sizeof(*r->hf));
	r->hlen = calloc(h->n + 1, sizeof(*r->hlen));
	if (r->hbuf == NULL || r->hf == NULL || r->hlen == NULL)
		return -1;
	for (i = 0; i < h->n; i++) {
		memcpy(r->hbuf + off, h->f[i], h->len[i] + 1);
		r->hf[i] = r->hbuf + off;
		r->hlen[i] = h->len[i];
		off += h->len[i] + 1;
	}
	r->hdr = *h;
	r->hdr.f = r->hf;
	r->hdr.len = r->hlen;
	return 0;
}

static int
start(struct troc_csv *r, const struct troc_csv_opts *o, struct troc_err *e)
{
	struct troc_rec h;
	uint64_t size;
	int k;

	r->name = troc_source_name(r->src);
	r->line = 1;
	r->at_bol = 1;
	r->max_field = o && o->max_field ? o->max_field : TROC_MAX_FIELD_DEFAULT;
	r->delim = o ? o->delim : 0;
	r->enc = o ? o->enc : TROC_ENC_AUTO;
	r->slow = o ? o->libcsv_only : 0;
	r->bufmax = o && o->bufsize >= 16 ? o->bufsize : BUF_SIZE;
	/* A small file, a buffer its size at first (malloc'ing 256 kB
	 * costs a few page faults and system calls even if they are not
	 * all used: 5% of a K = 2 run on a 128-pair graph) */
	size = troc_source_size(r->src);
	r->bufsize = size > 0 && size < r->bufmax ? (size_t)size + 1 :
	    r->bufmax;
	if ((r->buf = malloc(r->bufsize)) == NULL)
		return fail(r, e, 0, "out of memory");
	if (fill_first(r, e) < 0)
		return -1;
	if (looks_utf16(r->buf, r->blen))
		return fail(r, e, 1, "UTF-16 input is not supported: convert "
		    "it to UTF-8 (iconv -f UTF-16 -t UTF-8)");
	if (r->blen >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		r->bpos = 3;
	excel_sep(r, o);
	r->lsep = line_sep(r->buf + r->bpos, r->blen - r->bpos);
	if (r->delim == 0)
		r->delim = guess_delim(r->buf + r->bpos, r->blen - r->bpos,
		    r->lsep);
	if (r->enc == TROC_ENC_AUTO)
		r->enc = guess_enc(r->buf + r->bpos, r->blen - r->bpos, r->eof);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return fail(r, e, 0, "out of memory");
	r->pinit = 1;
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, never_space);
	csv_set_blk_size(&r->p, 64 * 1024);
	if ((k = troc_csv_next(r, &h, e)) < 0)
		return -1;
	if (k == 0)
		return fail(r, e, 0, "empty input: no header line");
	if (keep_header(r, &h) < 0)
		return fail(r, e, h.line, "out of memory");
	return 0;
}

static struct troc_csv *
open_on(struct troc_source *src, const struct troc_csv_opts *o,
    struct troc_err *e)
{
	struct troc_csv *r;
	int ahead;

	if (src == NULL)
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		troc_err_set(e, troc_source_name(src), 0, "out of memory");
		troc_source_free(src);
		return NULL;
	}
	r->src = src;
	if (start(r, o, e) < 0) {
		troc_csv_free(r);
		return NULL;
	}
	/* Not for a file its first read holds: no use (and no processors
	 * counted, no pipe made for it: a K = 2 run of troc-match on a
	 * 128-pair graph takes 2 ms) */
	ahead = o && o->read_ahead && !r->eof && troc_threads(0) > 1 &&
	    troc_source_interruptible(src) == 0;
	if (ahead)
		r->ah = csv_ahead_start(r, src);
	return r;
}

struct troc_csv *
troc_csv_open(const char *path, const struct troc_csv_opts *o,
    struct troc_err *e)
{
	return open_on(troc_source_open(path, e), o, e);
}

struct troc_csv *
troc_csv_open_mem(const void *buf, size_t len, const char *name,
    const struct troc_csv_opts *o, struct troc_err *e)
{
	return open_on(troc_source_mem(buf, len, name, e), o, e);
}

const struct troc_rec *
troc_csv_header(const struct troc_csv *r)
{
	return &r->hdr;
}

int
troc_csv_delim(const struct troc_csv *r)
{
	return r->delim;
}

enum troc_enc
troc_csv_enc(const struct troc_csv *r)
{
	return r->enc;
}

const char *
troc_csv_name(const struct troc_csv *r)
{
	return r->name;
}

struct troc_source *
troc_csv_source(struct troc_csv *r)
{
	return r->src;
}

void
troc_csv_free(struct troc_csv *r)
{
	if (r == NULL)
		return;
	csv_ahead_stop(r->ah);
	if (r->pinit)
		csv_free(&r->p);
	troc_source_free(r->src);
	free(r->buf);
	free(r->ab);
	free(r->foff);
	free(r->flen);
	free(r->q);
	free(r->fp);
	free(r->cut);
	free(r->hbuf);
	free(r->hf);
	free(r->hlen);
	free(r);
}

/* ASCII letters of U+00C0..U+00FF with their accents taken off. */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "y"
};

char *
troc_colkey(const char *s, size_t len, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	const char *rep;
	char one[2] = { 0, 0 };

	if (cap == 0)
		return out;
	while (i < len) {
		unsigned c = u[i];
		size_t adv = 1;

		rep = NULL;
		if (c == ' ' || c == '_' || c == '-' || c == '\t') {
			rep = "";
		} else if (c < 0x80) {
			one[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			rep = one;
		} else if (c == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {
			rep = "";
			adv = 2;
		} else if (c == 0xC3 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0xBF) {
			rep = latin1_fold[u[i + 1] - 0x80];
			adv = 2;
		} else if (c == 0xC5 && i + 1 < len &&
		    (u[i + 1] == 0x92 || u[i + 1] == 0x93)) {
			rep = "oe";
			adv = 2;
		}
		if (rep == NULL) {	/* anything else, byte for byte */
			rep = one;
			one[0] = (char)c;
			adv = 1;
		}
		for (; *rep && o + 1 < cap; rep++)
			out[o++] = *rep;
		i += adv;
	}
	out[o] = '\0';
	return out;
}

int
troc_delim_parse(const char *s)
{
	static const struct { const char *name; int c; } names[] = {
		{ ",", ',' }, { "comma", ',' }, { ";", ';' },
		{ "semicolon", ';' }, { "\t", '\t' }, { "\\t", '\t' },
		{ "tab", '\t' }, { "|", '|' }, { "pipe", '|' }
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].c;
	return -1;
}

int
troc_enc_parse(const char *s, enum troc_enc *enc)
{
	if (strcasecmp(s, "utf8") == 0 || strcasecmp(s, "utf-8") == 0)
		*enc = TROC_ENC_UTF8;
	else if (strcasecmp(s, "cp1252") == 0 ||
	    strcasecmp(s, "windows-1252") == 0 || strcasecmp(s, "win1252") == 0)
		*enc = TROC_ENC_CP1252;
	else if (strcasecmp(s, "auto") == 0)
		*enc = TROC_ENC_AUTO;
	else
		return -1;
	return 0;
}
