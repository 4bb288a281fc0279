/* zout.c: a plain or gzip byte stream to standard output or to a file
 * replaced atomically (temporary file beside it, then rename). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "troc/zout.h"

#define ZBUF (128 * 1024)
#define NSLOT 4

struct troc_zout {
	int fd;
	int gzip;		/* deflate stream initialised */
	int failed;		/* errno of the first failure, or -1 zlib */
	int slot;		/* in temps[], or -1 when not a temporary */
	const char *given;	/* path for messages, NULL: standard output */
	char *dest;		/* the file to replace, NULL: written in place */
	z_stream zs;
	gz_header hdr;
	size_t len;
	unsigned char in[ZBUF], out[ZBUF];
};

/* Temporary files a signal handler must remove. */
static char temps[NSLOT][PATH_MAX];
static volatile sig_atomic_t temp_live[NSLOT];

void
troc_zout_cleanup(void)
{
	int i;

	for (i = 0; i < NSLOT; i++)
		if (temp_live[i])
			unlink(temps[i]);
}

static int
put_all(struct troc_zout *z, const unsigned char *p, size_t n)
{
	ssize_t k;

	while (n > 0 && !z->failed) {
		if ((k = write(z->fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			z->failed = k < 0 ? errno : EIO;
		else {
			p += k;
			n -= (size_t)k;
		}
	}
	return z->failed ? -1 : 0;
}

/* Pass the input buffer on: as it is, or through deflate with flush. */
static int
drain(struct troc_zout *z, int flush)
{
	int rc;

	if (!z->gzip) {
		rc = put_all(z, z->in, z->len);
		z->len = 0;
		return rc;
	}
	z->zs.next_in = z->in;
	z->zs.avail_in = (uInt)z->len;
	do {
		z->zs.next_out = z->out;
		z->zs.avail_out = ZBUF;
		rc = deflate(&z->zs, flush);
		if (rc == Z_STREAM_ERROR) {
			z->failed = -1;
			return -1;
		}
		if (put_all(z, z->out, ZBUF - z->zs.avail_out) < 0)
			return -1;
	} while (z->zs.avail_out == 0 || (flush == Z_FINISH &&
	    rc != Z_STREAM_END));
	z->len = 0;
	return 0;
}

static int
make_temp(struct troc_zout *z, const char *path, struct troc_err *e)
{
	const char *base = strrchr(path, '/');
	size_t dir = base ? (size_t)(base - path) + 1 : 0;
	mode_t mask = umask(0);
	int i;

	umask(mask);
	for (i = 0; i < NSLOT && temp_live[i]; i++)
		;
	if (i == NSLOT || strlen(path) + 12 >= PATH_MAX) {
		troc_err_set(e, path, 0, "too many files open at once");
		return -1;
	}
	snprintf(temps[i], PATH_MAX, "%.*s.%s.XXXXXX", (int)dir, path,
	    path + dir);
	if ((z->fd = mkstemp(temps[i])) < 0) {
		troc_err_set(e, path, 0, "cannot create a file beside it: %s",
		    strerror(errno));
		return -1;
	}
	temp_live[i] = 1;
	z->slot = i;
	if (fchmod(z->fd, 0666 & ~mask) < 0) {
		troc_err_set(e, path, 0, "%s", strerror(errno));
		return -1;
	}
	if ((z->dest = strdup(path)) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		return -1;
	}
	return 0;
}

static void
zout_free(struct troc_zout *z)
{
	if (z->slot >= 0) {
		unlink(temps[z->slot]);
		temp_live[z->slot] = 0;
	}
	if (z->given && z->fd >= 0)
		close(z->fd);
	if (z->gzip)
		deflateEnd(&z->zs);
	free(z->dest);
	free(z);
}

static int
start_gzip(struct troc_zout *z, int level)
{
	if (deflateInit2(&z->zs, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z->gzip = 1;
	/* Fixed header: no name, no time, Unix: the same on every system. */
	z->hdr.os = 3;
	return deflateSetHeader(&z->zs, &z->hdr) == Z_OK ? 0 : -1;
}

struct troc_zout *
troc_zout_open(const char *path, int level, struct troc_err *e)
{
	struct troc_zout *z;
	struct stat st;

	if ((z = calloc(1, sizeof(*z))) == NULL) {
		troc_err_set(e, path, 0, "out of memory");
		return NULL;
	}
	z->fd = STDOUT_FILENO;
	z->slot = -1;
	if (path && strcmp(path, "-") != 0) {
		z->given = path;
		z->fd = -1;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			if ((z->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
				troc_err_set(e, path, 0, "%s", strerror(errno));
				zout_free(z);
				return NULL;
			}
		} else if (make_temp(z, path, e) < 0) {
			zout_free(z);
			return NULL;
		}
	}
	if (level > 0 && start_gzip(z, level > 9 ? 9 : level) < 0) {
		troc_err_set(e, path, 0, "cannot start gzip compression");
		zout_free(z);
		return NULL;
	}
	return z;
}

int
troc_zout_write(struct troc_zout *z, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t k;

	while (n > 0 && !z->failed) {
		if (z->len == ZBUF && drain(z, Z_NO_FLUSH) < 0)
			return -1;
		k = ZBUF - z->len < n ? ZBUF - z->len : n;
		memcpy(z->in + z->len, p, k);
		z->len += k;
		p += k;
		n -= k;
	}
	return z->failed ? -1 : 0;
}

static int
finish(struct troc_zout *z, int commit, struct troc_err *e)
{
	const char *name = z->given ? z->given : "standard output";

	if (!z->failed)
		drain(z, Z_FINISH);
	if (z->failed) {
		troc_err_set(e, name, 0, "write error: %s", z->failed < 0 ?
		    "compression failed" : strerror(z->failed));
		return -1;
	}
	if (z->given == NULL)
		return 0;
	if (commit && z->slot >= 0 && fsync(z->fd) < 0 && errno != EINVAL) {
		troc_err_set(e, name, 0, "cannot sync: %s", strerror(errno));
		return -1;
	}
	if (close(z->fd) < 0) {
		z->fd = -1;
		troc_err_set(e, name, 0, "write error: %s", strerror(errno));
		return -1;
	}
	z->fd = -1;
	if (commit && z->slot >= 0) {
		if (rename(temps[z->slot], z->dest) < 0) {
			troc_err_set(e, name, 0, "cannot replace: %s",
			    strerror(errno));
			return -1;
		}
		temp_live[z->slot] = 0;
		z->slot = -1;
	}
	return 0;
}

int
troc_zout_close(struct troc_zout *z, int commit, struct troc_err *e)
{
	int rc;

	if (z == NULL)
		return 0;
	rc = finish(z, commit, e);
	zout_free(z);
	return rc;
}
