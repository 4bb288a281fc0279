/* csvout.c: the CSV writer: RFC 4180 minimal quoting into a buffer,
 * every write checked, named files replaced atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "troc/csvout.h"
#include "csvin_impl.h"	/* troc_write_full */

#define OUT_SIZE (64 * 1024)
#define MAX_TMP 16

struct troc_out {
	int fd;
	char *path;		/* NULL for standard output */
	const char *given;	/* path as the caller gave it, for messages */
	char *tmp;
	struct troc_out_opts o;
	size_t len;
	int first;		/* next field is the first of its record */
	unsigned char special[256];	/* bytes that make a field quoted */
	int err;		/* errno of the first failure, 0 if none */
	z_stream z;		/* when gzip */
	int zon;
	unsigned char *zbuf;
	char buf[OUT_SIZE];	/* last: not zeroed (troc_out_open) */
};

static int gzip_start(struct troc_out *w, struct troc_err *e);

/* Temporary files to remove if a signal ends the process. */
static char tmp_paths[MAX_TMP][PATH_MAX];
static volatile sig_atomic_t tmp_used[MAX_TMP];

static void
tmp_register(const char *p)
{
	int i;

	for (i = 0; i < MAX_TMP; i++)
		if (!tmp_used[i] && strlen(p) < PATH_MAX) {
			strcpy(tmp_paths[i], p);
			tmp_used[i] = 1;
			return;
		}
}

static void
tmp_forget(const char *p)
{
	int i;

	for (i = 0; i < MAX_TMP; i++)
		if (tmp_used[i] && strcmp(tmp_paths[i], p) == 0)
			tmp_used[i] = 0;
}

void
troc_out_cleanup(void)
{
	int i;

	for (i = 0; i < MAX_TMP; i++)
		if (tmp_used[i])
			unlink(tmp_paths[i]);
}

static int
open_tmp(struct troc_out *w, const char *path, struct troc_err *e)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	sigset_t block, old;
	mode_t mask;
	int err;

	if ((w->path = strdup(path)) == NULL ||
	    (w->tmp = malloc(strlen(path) + 16)) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		return -1;
	}
	sprintf(w->tmp, "%.*s.%s.XXXXXX", (int)dlen, path, path + dlen);
	/* no signal between the file's creation and its registration: the
	 * handler would leave it behind */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	if ((w->fd = mkstemp(w->tmp)) >= 0)
		tmp_register(w->tmp);
	err = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (w->fd < 0) {
		troc_err_set(e, path, 0, "cannot create a file beside it: %s",
		    strerror(err));
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(w->fd, 0666 & ~mask) < 0) {
		troc_err_set(e, path, 0, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
out_free(struct troc_out *w)
{
	if (w->zon)
		deflateEnd(&w->z);
	free(w->zbuf);
	if (w->tmp) {
		unlink(w->tmp);
		tmp_forget(w->tmp);
	}
	if (w->path && w->fd >= 0)
		close(w->fd);
	free(w->path);
	free(w->tmp);
	free(w);
}

struct troc_out *
troc_out_open(const char *path, const struct troc_out_opts *o,
    struct troc_err *e)
{
	struct troc_out *w;

	/* Everything zeroed but the buffer: zeroing 64 kB would touch 16
	 * pages a small output never fills (a page fault costs ~10 us on
	 * some virtual machines, a K = 2 run of troc-match ~2 ms). */
	if ((w = malloc(sizeof(*w))) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		return NULL;
	}
	memset(w, 0, offsetof(struct troc_out, buf));
	w->fd = STDOUT_FILENO;
	w->first = 1;
	w->given = path;
	if (o)
		w->o = *o;
	if (w->o.delim == 0)
		w->o.delim = ',';
	w->special[(unsigned char)w->o.delim] = 1;
	w->special['"'] = w->special['\n'] = w->special['\r'] = 1;
	if (path && strcmp(path, "-") != 0) {
		struct stat st;

		/* A device or a FIFO (/dev/null, /dev/stdout) is written as
		 * it is: only a regular file is replaced atomically. */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			if ((w->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
				troc_err_set(e, path, 0, "%s", strerror(errno));
				free(w);
				return NULL;
			}
			if ((w->path = strdup(path)) == NULL) {
				troc_err_set(e, path, 0, "out of memory");
				out_free(w);
				return NULL;
			}
		} else if (open_tmp(w, path, e) < 0) {
			out_free(w);
			return NULL;
		}
	}
	if (w->o.gzip && gzip_start(w, e) < 0) {
		out_free(w);
		return NULL;
	}
	if (w->o.bom) {
		memcpy(w->buf, "\xEF\xBB\xBF", 3);
		w->len = 3;
	}
	return w;
}

int
troc_write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t off = 0;
	ssize_t n;

	while (off < len) {
		n = write(fd, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

static int
write_all(struct troc_out *w, const void *buf, size_t len)
{
	if (troc_write_full(w->fd, buf, len) == -1) {
		w->err = errno;
		return -1;
	}
	return 0;
}

/* Compress what the buffer holds (mode Z_NO_FLUSH or Z_FINISH). */
static int
deflate_out(struct troc_out *w, int mode)
{
	int zr;

	w->z.next_in = (unsigned char *)w->buf;
	w->z.avail_in = (uInt)w->len;
	do {
		w->z.next_out = w->zbuf;
		w->z.avail_out = OUT_SIZE;
		zr = deflate(&w->z, mode);
		if (zr == Z_STREAM_ERROR) {
			w->err = EIO;
			return -1;
		}
		if (write_all(w, w->zbuf, OUT_SIZE - w->z.avail_out) < 0)
			return -1;
	} while (w->z.avail_out == 0 || (mode == Z_FINISH &&
	    zr != Z_STREAM_END));
	return 0;
}

static int
flush(struct troc_out *w)
{
	if (w->err)
		return -1;
	if (w->zon ? deflate_out(w, Z_NO_FLUSH) < 0 :
	    write_all(w, w->buf, w->len) < 0)
		return -1;
	w->len = 0;
	return 0;
}

static int
gzip_start(struct troc_out *w, struct troc_err *e)
{
	int level = w->o.gzip < 1 || w->o.gzip > 9 ? 6 : w->o.gzip;

	if ((w->zbuf = malloc(OUT_SIZE)) == NULL ||
	    deflateInit2(&w->z, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		troc_err_set(e, w->given, 0, "out of memory");
		return -1;
	}
	w->zon = 1;	/* the gzip header's time is 0: same bytes each run */
	return 0;
}

static int
put(struct troc_out *w, const char *s, size_t n)
{
	size_t k;

	if (w->err)
		return -1;
	while (n > 0) {
		if (w->len == OUT_SIZE && flush(w) < 0)
			return -1;
		k = OUT_SIZE - w->len;
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
	}
	return 0;
}

static int
needs_quotes(const char *s, size_t n, char delim)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	/* every special byte is below '#' except a delimiter like ';' or
	 * '|': test the cheap bound first */
	for (i = 0; i < n; i++)
		if ((u[i] <= '"' || u[i] == (unsigned char)delim) &&
		    (u[i] == (unsigned char)delim || u[i] == '"' ||
		    u[i] == '\n' || u[i] == '\r'))
			return 1;
	return 0;
}

/* A cell a spreadsheet would take for a formula (OWASP CSV injection); a
 * signed number ("-12,5") is a number, not a formula. */
static int
dangerous(const char *s, size_t n)
{
	size_t i, digits = 0;

	if (n == 0 || !(s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
		return 0;
	if (s[0] != '+' && s[0] != '-')
		return 1;
	for (i = 1; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '.' && s[i] != ',')
			return 1;
	}
	return digits == 0;
}

int
troc_out_raw(struct troc_out *w, const void *buf, size_t n)
{
	w->first = 1;
	return put(w, (const char *)buf, n);
}

int
troc_out_field(struct troc_out *w, const char *s, size_t n)
{
	const char *q;
	int neut;

	/* the common case: room in the buffer, nothing to quote */
	if (!w->err && w->len + n + 1 <= OUT_SIZE && !w->o.neutralise) {
		const unsigned char *u = (const unsigned char *)s;
		size_t i;

		for (i = 0; i < n && !w->special[u[i]]; i++)
			;
		if (i == n) {
			if (!w->first)
				w->buf[w->len++] = w->o.delim;
			w->first = 0;
			memcpy(w->buf + w->len, s, n);
			w->len += n;
			return 0;
		}
	}
	neut = w->o.neutralise && dangerous(s, n);

	if (!w->first && put(w, &w->o.delim, 1) < 0)
		return -1;
	w->first = 0;
	if (!neut && !needs_quotes(s, n, w->o.delim))
		return put(w, s, n);
	if (put(w, "\"", 1) < 0 || (neut && put(w, "'", 1) < 0))
		return -1;
	while ((q = memchr(s, '"', n)) != NULL) {
		if (put(w, s, (size_t)(q - s) + 1) < 0 || put(w, "\"", 1) < 0)
			return -1;
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	return put(w, s, n) < 0 ? -1 : put(w, "\"", 1);
}

int
troc_out_str(struct troc_out *w, const char *s)
{
	return troc_out_field(w, s ? s : "", s ? strlen(s) : 0);
}

int
troc_out_int(struct troc_out *w, long long v)
{
	char b[24], *p = b + sizeof(b);
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	/* digits from the right: no printf for the commonest field */
	do
		*--p = (char)('0' + a % 10);
	while ((a /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return troc_out_field(w, p, (size_t)(b + sizeof(b) - p));
}

static void
comma_point(struct troc_out *w, char *b)
{
	char *p;

	if (w->o.decimal_comma && (p = strchr(b, '.')) != NULL)
		*p = ',';
}

int
troc_out_num(struct troc_out *w, double v)
{
	char b[40];

	troc_fmt_num(v, b);
	comma_point(w, b);
	return troc_out_field(w, b, strlen(b));
}

int
troc_out_fixed(struct troc_out *w, double v, int decimals)
{
	char b[64];
	int n = snprintf(b, sizeof(b), "%.*f", decimals, v == 0 ? 0.0 : v);

	if (n < 0 || (size_t)n >= sizeof(b))
		return troc_out_num(w, v);
	if (strspn(b, "-0.") == (size_t)n && b[0] == '-')	/* "-0.000" */
		memmove(b, b + 1, (size_t)n--);
	comma_point(w, b);
	return troc_out_field(w, b, (size_t)n);
}

int
troc_out_opt_int(struct troc_out *w, long long v, long long unknown)
{
	return v == unknown ? troc_out_field(w, "", 0) : troc_out_int(w, v);
}

int
troc_out_opt_num(struct troc_out *w, double v)
{
	return isnan(v) ? troc_out_field(w, "", 0) : troc_out_num(w, v);
}

int
troc_out_eor(struct troc_out *w)
{
	w->first = 1;
	if (put(w, w->o.crlf ? "\r\n" : "\n", w->o.crlf ? 2 : 1) < 0)
		return -1;
	return 0;
}

int
troc_out_row(struct troc_out *w, size_t n, const char *const *f,
    const size_t *len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (troc_out_field(w, f[i], len[i]) < 0)
			return -1;
	return troc_out_eor(w);
}

int
troc_out_failed(const struct troc_out *w)
{
	return w->err != 0;
}

static int
finish(struct troc_out *w, int commit, struct troc_err *e)
{
	const char *name = w->path ? w->given : "standard output";

	if (flush(w) < 0 || (w->zon && !w->err && deflate_out(w,
	    Z_FINISH) < 0)) {
		troc_err_set(e, name, 0, "write error: %s", strerror(w->err));
		return -1;
	}
	if (w->path == NULL)
		return 0;
	if (commit && w->tmp && fsync(w->fd) < 0 && errno != EINVAL) {
		troc_err_set(e, name, 0, "cannot sync: %s", strerror(errno));
		return -1;
	}
	if (close(w->fd) < 0) {
		w->fd = -1;
		troc_err_set(e, name, 0, "write error: %s", strerror(errno));
		return -1;
	}
	w->fd = -1;
	if (w->tmp == NULL)
		return 0;
	if (commit && rename(w->tmp, w->path) < 0) {
		troc_err_set(e, name, 0, "cannot replace: %s", strerror(errno));
		return -1;
	}
	if (commit) {
		tmp_forget(w->tmp);
		free(w->tmp);
		w->tmp = NULL;
	}
	return 0;
}

int
troc_out_close(struct troc_out *w, int commit, struct troc_err *e)
{
	int r;

	if (w == NULL)
		return 0;
	r = finish(w, commit, e);
	out_free(w);
	return r;
}

/* a, or a / 1000 with its (non-zero) fraction of three places when
 * decimals, trailing zeros dropped, signed when neg, into buf; buf. */
static char *
put_fixed3(char *buf, int neg, unsigned long long a, int decimals)
{
	char t[40], *p = t + sizeof(t);

	*--p = '\0';
	if (decimals) {
		unsigned f = (unsigned)(a % 1000);
		char d[3];
		int keep;

		a /= 1000;
		d[0] = (char)('0' + f / 100);
		d[1] = (char)('0' + f / 10 % 10);
		d[2] = (char)('0' + f % 10);
		keep = d[2] != '0' ? 3 : d[1] != '0' ? 2 : 1;
		p -= keep;
		memcpy(p, d, (size_t)keep);
		*--p = '.';
	}
	do
		*--p = (char)('0' + a % 10);
	while ((a /= 10) != 0);
	if (neg)
		*--p = '-';
	memcpy(buf, p, (size_t)(t + sizeof(t) - p));
	return buf;
}

char *
troc_fmt_num(double v, char *buf)
{
	int p;

	if (v == 0 || !isfinite(v)) {
		strcpy(buf, isfinite(v) ? "0" : "");
		return buf;
	}
	if (fabs(v) < 1e15 && v == floor(v))
		return put_fixed3(buf, v < 0, (unsigned long long)fabs(v), 0);
	/* Most of our numbers have at most three decimals (m², €): below
	 * 1e12 a double's spacing is under 0.001, so k / 1000 is then the
	 * only decimal of three places that reads back as v, and the
	 * shortest once its trailing zeros go. Integers, no printf loop. */
	if (fabs(v) < 1e12) {
		long long k = llround(v * 1000);

		if ((double)k / 1000 == v)
			return put_fixed3(buf, k < 0, (unsigned long long)(k < 0 ?
			    -k : k), 1);
	}
	for (p = 1; p <= 17; p++) {
		snprintf(buf, 32, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

size_t
troc_csv_quote(char *buf, size_t cap, const char *s, size_t n, char delim)
{
	size_t o = 0, i, need;
	int q = needs_quotes(s, n, delim);

	need = n + (q ? 2 : 0);
	if (q)
		for (i = 0; i < n; i++)
			need += s[i] == '"';
#define PUT(c) do { if (o + 1 < cap) buf[o] = (c); o++; } while (0)
	if (q)
		PUT('"');
	for (i = 0; i < n; i++) {
		if (q && s[i] == '"')
			PUT('"');
		PUT(s[i]);
	}
	if (q)
		PUT('"');
#undef PUT
	if (cap)
		buf[o < cap ? o : cap - 1] = '\0';
	return need;
}
