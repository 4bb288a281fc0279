/* source.c: bytes from a file, stdin or memory, gunzipped when gzip. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "troc/source.h"

#define RAW_SIZE (128 * 1024)
#define NBLK 4			/* decoded blocks in flight */
#define BLK (256 * 1024)

/* A block of decoded bytes handed from the inflating thread to the
 * reader, with how the stream went on after it. */
struct blk {
	unsigned char *data;
	size_t len;
	int eof, err;
	struct troc_err e;
};

/* gzip is inflated in a thread of its own while the caller parses: the
 * two cores each do half the work. */
struct inflater {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	struct blk b[NBLK];
	size_t head, tail, count, pos;
	int stop, started, done;
};

struct troc_source {
	const char *name;
	int fd;			/* -1 for memory */
	int owned;		/* close fd at the end */
	const unsigned char *mem;
	size_t memlen;
	unsigned char *raw;	/* raw bytes read from fd */
	size_t rawsize;		/* of raw: RAW_SIZE, or a small file's */
	size_t rlen, rpos;	/* in raw (or mem) */
	int raw_eof;
	_Atomic uint64_t consumed; /* raw bytes handed on or inflated */
	struct inflater *inf;	/* NULL: inflate in the caller's thread */
	int threaded;
	int wake[2];		/* -1, or a pipe readable once interrupted */
	uint64_t size;
	uint64_t dev, ino;
	int gzip;		/* 1 gzip, 0 plain */
	int sniffed;
	int in_member;		/* inside a gzip member */
	z_stream z;
	int zinit;
	int zfail;		/* corrupt data met after bytes handed on: */
	struct troc_err zerr;	/* the error, for the next read */
};

static struct troc_source *
source_new(const char *name)
{
	struct troc_source *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->name = name;
	s->fd = -1;
	s->wake[0] = s->wake[1] = -1;
	return s;
}

struct troc_source *
troc_source_open(const char *path, struct troc_err *e)
{
	struct troc_source *s;
	struct stat st;
	const char *name = (path == NULL || strcmp(path, "-") == 0) ? "-" : path;

	if ((s = source_new(name)) == NULL) {
		troc_err_set(e, name, 0, "out of memory");
		return NULL;
	}
	if (strcmp(name, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		troc_err_set(e, name, 0, "%s", strerror(errno));
		free(s);
		return NULL;
	} else {
		s->owned = 1;
	}
	if (fstat(s->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			troc_err_set(e, name, 0, "is a directory");
			troc_source_free(s);
			return NULL;
		}
		if (S_ISREG(st.st_mode)) {
			s->size = (uint64_t)st.st_size;
			s->dev = (uint64_t)st.st_dev;
			s->ino = (uint64_t)st.st_ino;
		}
	}
	/* A smaller file, a buffer its size (and one byte: the end is
	 * seen by a read that returns 0 all the same) */
	s->rawsize = s->size > 0 && s->size < RAW_SIZE ? s->size + 1 :
	    RAW_SIZE;
	if ((s->raw = malloc(s->rawsize)) == NULL) {
		troc_err_set(e, name, 0, "out of memory");
		troc_source_free(s);
		return NULL;
	}
	return s;
}

struct troc_source *
troc_source_mem(const void *buf, size_t len, const char *name,
    struct troc_err *e)
{
	struct troc_source *s;

	if ((s = source_new(name ? name : "-")) == NULL) {
		troc_err_set(e, name, 0, "out of memory");
		return NULL;
	}
	s->mem = buf;
	s->memlen = len;
	s->rlen = len;
	s->raw_eof = 1;
	s->size = len;
	return s;
}

/* Wait until the input has bytes (or its end) or the source is
 * interrupted (troc_source_interrupt): 0, or -1 with e. */
static int
wait_bytes(struct troc_source *s, struct troc_err *e)
{
	struct pollfd p[2];

	p[0].fd = s->fd;
	p[1].fd = s->wake[0];
	p[0].events = p[1].events = POLLIN;
	for (;;) {
		p[0].revents = p[1].revents = 0;
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return 0;	/* the read will say */
		if (p[1].revents) {
			troc_err_set(e, s->name, 0, "reading interrupted");
			return -1;
		}
		if (p[0].revents)
			return 0;
	}
}

/* Make raw bytes available; 1 if some are, 0 at the end, -1 on error. */
static int
fill(struct troc_source *s, struct troc_err *e)
{
	ssize_t n;

	if (s->rpos < s->rlen)
		return 1;
	if (s->raw_eof || s->fd < 0)
		return 0;
	for (;;) {
		if (s->wake[0] >= 0 && wait_bytes(s, e) < 0)
			return -1;
		n = read(s->fd, s->raw, s->rawsize);
		if (n >= 0)
			break;
		if (errno != EINTR) {
			troc_err_set(e, s->name, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
	}
	s->rpos = 0;
	s->rlen = (size_t)n;
	if (n == 0)
		s->raw_eof = 1;
	return n > 0;
}

static const unsigned char *
rawbuf(const struct troc_source *s)
{
	return s->fd < 0 ? s->mem : s->raw;
}

/* Decide gzip or plain from the first two bytes. */
static int
sniff(struct troc_source *s, struct troc_err *e)
{
	int r;

	s->sniffed = 1;
	if ((r = fill(s, e)) <= 0)
		return r;
	/* One byte may be all a pipe gives at first: read the second. */
	if (s->rlen - s->rpos == 1 && rawbuf(s)[s->rpos] == 0x1f &&
	    s->fd >= 0 && !s->raw_eof) {
		unsigned char b = rawbuf(s)[s->rpos];
		ssize_t n;

		do
			n = read(s->fd, s->raw + 1, s->rawsize - 1);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			troc_err_set(e, s->name, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		s->raw[0] = b;
		s->rpos = 0;
		s->rlen = 1 + (size_t)n;
		if (n == 0)
			s->raw_eof = 1;
	}
	s->gzip = s->rlen - s->rpos >= 2 && rawbuf(s)[s->rpos] == 0x1f &&
	    rawbuf(s)[s->rpos + 1] == 0x8b;
	return 1;
}

static ssize_t
read_plain(struct troc_source *s, unsigned char *buf, size_t n,
    struct troc_err *e)
{
	size_t k;
	int r;

	if ((r = fill(s, e)) <= 0)
		return r;
	k = s->rlen - s->rpos;
	if (k > n)
		k = n;
	memcpy(buf, rawbuf(s) + s->rpos, k);
	s->rpos += k;
	s->consumed += k;
	return (ssize_t)k;
}

static int
member_start(struct troc_source *s, struct troc_err *e)
{
	int zr;

	if (!s->zinit) {
		memset(&s->z, 0, sizeof(s->z));
		zr = inflateInit2(&s->z, 16 + MAX_WBITS);
		if (zr != Z_OK) {
			troc_err_set(e, s->name, 0, "zlib: cannot start");
			return -1;
		}
		s->zinit = 1;
	} else if (inflateReset(&s->z) != Z_OK) {
		troc_err_set(e, s->name, 0, "zlib: cannot reset");
		return -1;
	}
	s->in_member = 1;
	return 0;
}

/* Between members: the end, another member, or garbage. */
static int
after_member(struct troc_source *s, struct troc_err *e)
{
	const unsigned char *p;
	int r;

	if ((r = fill(s, e)) <= 0)
		return r;
	p = rawbuf(s) + s->rpos;
	if (p[0] != 0x1f || (s->rlen - s->rpos >= 2 && p[1] != 0x8b)) {
		troc_err_set(e, s->name, 0,
		    "trailing garbage after gzip data (byte %llu)",
		    (unsigned long long)s->consumed);
		return -1;
	}
	return member_start(s, e) < 0 ? -1 : 1;
}

static ssize_t
read_gzip(struct troc_source *s, unsigned char *buf, size_t n,
    struct troc_err *e)
{
	int r, zr;
	size_t before;

	if (s->zfail) {
		*e = s->zerr;
		return -1;
	}
	for (;;) {
		if (!s->in_member) {
			if ((r = after_member(s, e)) <= 0)
				return r;
		}
		if ((r = fill(s, e)) < 0)
			return -1;
		/* at the end of the input (r == 0) inflate may still hold
		 * output it had no room for: hand it on before the error */
		s->z.next_in = (unsigned char *)(rawbuf(s) + s->rpos);
		s->z.avail_in = (uInt)(s->rlen - s->rpos);
		s->z.next_out = buf;
		s->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
		before = s->z.avail_in;
		zr = inflate(&s->z, Z_NO_FLUSH);
		s->rpos += before - s->z.avail_in;
		s->consumed += before - s->z.avail_in;
		if (zr == Z_STREAM_END)
			s->in_member = 0;
		else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			/* the bytes before the damage first, whatever the
			 * size of the reads: the error comes at the same line */
			troc_err_set(&s->zerr, s->name, 0,
			    "corrupt gzip data: %s",
			    s->z.msg ? s->z.msg : "error");
			s->zfail = 1;
			if (s->z.next_out != buf)
				return (ssize_t)(s->z.next_out - buf);
			*e = s->zerr;
			return -1;
		}
		if (s->z.next_out != buf)
			return (ssize_t)(s->z.next_out - buf);
		if (r == 0 && zr != Z_STREAM_END) {
			troc_err_set(e, s->name, 0,
			    "truncated gzip data (unexpected end of file)");
			return -1;
		}
	}
}

/* The inflating thread: fill blocks until the end or an error. */
static void *
inflate_loop(void *arg)
{
	struct troc_source *s = arg;
	struct inflater *f = s->inf;
	struct blk *b;
	ssize_t n;

	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->count == NBLK && !f->stop)
			pthread_cond_wait(&f->freed, &f->mu);
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		b = &f->b[f->tail];
		pthread_mutex_unlock(&f->mu);
		b->len = 0;
		b->eof = b->err = 0;
		while (b->len < BLK) {
			n = read_gzip(s, b->data + b->len, BLK - b->len, &b->e);
			if (n <= 0) {
				b->err = n < 0;
				b->eof = n == 0;
				break;
			}
			b->len += (size_t)n;
		}
		pthread_mutex_lock(&f->mu);
		f->tail = (f->tail + 1) % NBLK;
		f->count++;
		pthread_cond_signal(&f->filled);
		pthread_mutex_unlock(&f->mu);
		if (b->eof || b->err)
			return NULL;
	}
}

static int
inflater_start(struct troc_source *s, struct troc_err *e)
{
	struct inflater *f;
	int i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		goto nomem;
	s->inf = f;
	for (i = 0; i < NBLK; i++)
		if ((f->b[i].data = malloc(BLK)) == NULL)
			goto nomem;
	if (troc_source_interruptible(s) < 0)
		return 0;	/* no pipe left: inflate in ours */
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->filled, NULL);
	pthread_cond_init(&f->freed, NULL);
	s->threaded = 1;
	if (pthread_create(&f->th, NULL, inflate_loop, s) != 0) {
		s->threaded = 0;
		return 0;	/* no thread: inflate in ours */
	}
	f->started = 1;
	return 0;
nomem:
	troc_err_set(e, s->name, 0, "out of memory");
	return -1;
}

static ssize_t
read_blocks(struct troc_source *s, unsigned char *buf, size_t n,
    struct troc_err *e)
{
	struct inflater *f = s->inf;
	struct blk *b;
	size_t k;

	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->count == 0 && !f->stop)
			pthread_cond_wait(&f->filled, &f->mu);
		if (f->count == 0) {	/* interrupted */
			pthread_mutex_unlock(&f->mu);
			troc_err_set(e, s->name, 0, "reading interrupted");
			return -1;
		}
		b = &f->b[f->head];
		pthread_mutex_unlock(&f->mu);
		if (f->pos < b->len) {
			k = b->len - f->pos < n ? b->len - f->pos : n;
			memcpy(buf, b->data + f->pos, k);
			f->pos += k;
			return (ssize_t)k;
		}
		if (b->err || b->eof) {
			f->done = 1;
			if (b->err && e)
				*e = b->e;
			return b->err ? -1 : 0;
		}
		pthread_mutex_lock(&f->mu);
		f->head = (f->head + 1) % NBLK;
		f->count--;
		f->pos = 0;
		pthread_cond_signal(&f->freed);
		pthread_mutex_unlock(&f->mu);
	}
}

ssize_t
troc_source_read(struct troc_source *s, void *buf, size_t n,
    struct troc_err *e)
{
	int r;

	if (!s->sniffed) {
		if ((r = sniff(s, e)) <= 0)
			return r;
		if (s->gzip && member_start(s, e) < 0)
			return -1;
		if (s->gzip && s->fd >= 0 && inflater_start(s, e) < 0)
			return -1;
	}
	if (n == 0)
		return 0;
	if (s->threaded)
		return read_blocks(s, buf, n, e);
	return s->gzip ? read_gzip(s, buf, n, e) : read_plain(s, buf, n, e);
}

static void
inflater_free(struct inflater *f)
{
	int i;

	if (f == NULL)
		return;
	if (f->started) {
		pthread_join(f->th, NULL);	/* interrupted: it ends */
		pthread_mutex_destroy(&f->mu);
		pthread_cond_destroy(&f->filled);
		pthread_cond_destroy(&f->freed);
	}
	for (i = 0; i < NBLK; i++)
		free(f->b[i].data);
	free(f);
}

const char *
troc_source_name(const struct troc_source *s)
{
	return s->name;
}

uint64_t
troc_source_pos(const struct troc_source *s)
{
	return s->consumed;
}

uint64_t
troc_source_size(const struct troc_source *s)
{
	return s->size;
}

int
troc_source_gzip(const struct troc_source *s)
{
	return s->gzip;
}

void
troc_source_id(const struct troc_source *s, uint64_t *dev, uint64_t *ino)
{
	*dev = s->dev;
	*ino = s->ino;
}

int
troc_source_interruptible(struct troc_source *s)
{
	if (s->wake[0] >= 0 || s->fd < 0)
		return 0;
	if (pipe(s->wake) < 0) {
		s->wake[0] = s->wake[1] = -1;
		return -1;
	}
	fcntl(s->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(s->wake[1], F_SETFD, FD_CLOEXEC);
	fcntl(s->wake[1], F_SETFL, O_NONBLOCK);
	return 0;
}

void
troc_source_interrupt(struct troc_source *s)
{
	struct inflater *f = s->inf;
	ssize_t n = 0;

	if (s->wake[1] >= 0)	/* fails only when full: interrupted then */
		n = write(s->wake[1], "", 1);
	(void)n;
	if (f && f->started) {
		pthread_mutex_lock(&f->mu);
		f->stop = 1;
		pthread_cond_broadcast(&f->freed);
		pthread_cond_broadcast(&f->filled);
		pthread_mutex_unlock(&f->mu);
	}
}

void
troc_source_free(struct troc_source *s)
{
	if (s == NULL)
		return;
	troc_source_interrupt(s);
	inflater_free(s->inf);
	if (s->wake[0] >= 0) {
		close(s->wake[0]);
		close(s->wake[1]);
	}
	if (s->zinit)
		inflateEnd(&s->z);
	if (s->owned)
		close(s->fd);
	free(s->raw);
	free(s);
}
