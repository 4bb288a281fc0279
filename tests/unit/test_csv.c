/* test_csv.c: the CSV reader and writer, numbers, the id set. */
#include <iconv.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "test.h"
#include "troc/csvin.h"
#include "troc/csvout.h"
#include "troc/idset.h"
#include "troc/num.h"

/* Read all of buf; returns the records as "line:f1|f2|..;" in out. */
static int
slurp(const char *buf, size_t n, const struct troc_csv_opts *o, char *out,
    size_t cap, struct troc_err *e)
{
	struct troc_csv *r = troc_csv_open_mem(buf, n, "mem", o, e);
	struct troc_rec rec;
	size_t i, k = 0;
	int rc;

	out[0] = '\0';
	if (r == NULL)
		return -1;
	while ((rc = troc_csv_next(r, &rec, e)) > 0) {
		k += (size_t)snprintf(out + k, cap - k, "%lu:", rec.line);
		for (i = 0; i < rec.n; i++)
			k += (size_t)snprintf(out + k, cap - k, "%s%s",
			    i ? "|" : "", rec.f[i]);
		k += (size_t)snprintf(out + k, cap - k, "%s;",
		    rec.bad ? "!" : "");
	}
	troc_csv_free(r);
	return rc;
}

static void
test_dialect(void)
{
	char out[4096];
	struct troc_err e;
	struct troc_csv *r;
	const char excel[] = "\xEF\xBB\xBFsep=;\r\na;b\r\n1,5;\"x;\"\"y\"\"\"\r\n";
	const char cp[] = "a;b\n\x93" "caf\xE9\x94;\x80\n";

	CHECK_INT(slurp("a,b\n1,2\n\n3,4\n", 13, NULL, out, sizeof(out), &e),
	    0);
	CHECK_STR(out, "2:1|2;4:3|4;");
	CHECK_INT(slurp(excel, sizeof(excel) - 1, NULL, out, sizeof(out), &e),
	    0);
	CHECK_STR(out, "3:1,5|x;\"y\";");
	CHECK_INT(slurp(cp, sizeof(cp) - 1, NULL, out, sizeof(out), &e), 0);
	CHECK_STR(out, "2:“café”|€;");
	CHECK_INT(slurp("a\tb|c\n1\t2|3\n", 12, NULL, out, sizeof(out), &e),
	    0);
	CHECK_STR(out, "2:1|2|3;");	/* TAB wins: the pipe is data */
	/* header keys */
	r = troc_csv_open_mem("x|y\n", 4, "mem", NULL, &e);
	CHECK(r != NULL && troc_csv_delim(r) == '|');
	troc_csv_free(r);
	/* blanks kept verbatim, quoted newlines keep their line count */
	CHECK_INT(slurp("a,b\n \"1\n2\",x \n3,4\n", 18, NULL, out,
	    sizeof(out), &e), -1);	/* a blank before a quote is a stray */
	CHECK_INT(slurp("a,b\n\"1\n2\", x \n3,4\n", 18, NULL, out,
	    sizeof(out), &e), 0);
	CHECK_STR(out, "2:1\n2| x ;4:3|4;");
}

static void
test_errors(void)
{
	char out[4096];
	struct troc_err e;
	struct troc_csv_opts o = { .max_field = 8 };
	struct troc_csv *r;

	CHECK_INT(slurp("a,b\n1,2\n\"3,4\n", 13, NULL, out, sizeof(out), &e),
	    -1);
	CHECK_INT(e.line, 3);
	CHECK_INT(slurp("a,b\n1,2\n3,4\"x\n", 14, NULL, out, sizeof(out), &e),
	    -1);
	CHECK_INT(e.line, 3);
	CHECK_INT(slurp("a,b\n1,123456789\n", 16, &o, out, sizeof(out), &e),
	    -1);
	CHECK(strstr(e.msg, "larger than 8") != NULL);
	r = troc_csv_open_mem("", 0, "mem", NULL, &e);
	CHECK(r == NULL && strstr(e.msg, "empty") != NULL);
	r = troc_csv_open_mem("\xFF\xFE" "a\0", 4, "mem", NULL, &e);
	CHECK(r == NULL && strstr(e.msg, "UTF-16") != NULL);
	CHECK_INT(slurp("a,b\n1,x\0y\n", 10, NULL, out, sizeof(out), &e), 0);
	CHECK_STR(out, "2:1|x\xEF\xBF\xBDy!;");
}

/* Every way of cutting the input into reads gives the same records. */
static void
test_chunks(void)
{
	static const char in[] = "id,v\r\n1,\"a\r\nb\"\r\n\r\n2,\"\"\"\"\r\n3,é\r\n";
	char want[1024], got[1024], path[] = "/tmp/troc-test-XXXXXX";
	struct troc_err e;
	int fd, rc, pipefd[2];
	size_t cut;

	CHECK_INT(slurp(in, sizeof(in) - 1, NULL, want, sizeof(want), &e), 0);
	CHECK_STR(want, "2:1|a\r\nb;5:2|\";6:3|é;");
	/* through a pipe, written in two parts */
	for (cut = 1; cut < sizeof(in) - 1; cut += 7) {
		struct troc_csv *r;
		struct troc_rec rec;
		size_t k = 0, i;

		if (pipe(pipefd) < 0)
			return;
		if (write(pipefd[1], in, cut) < 0 ||
		    write(pipefd[1], in + cut, sizeof(in) - 1 - cut) < 0)
			return;
		close(pipefd[1]);
		fd = dup(0);
		dup2(pipefd[0], 0);
		close(pipefd[0]);
		r = troc_csv_open("-", NULL, &e);
		got[0] = '\0';
		while (r && (rc = troc_csv_next(r, &rec, &e)) > 0) {
			k += (size_t)snprintf(got + k, sizeof(got) - k, "%lu:",
			    rec.line);
			for (i = 0; i < rec.n; i++)
				k += (size_t)snprintf(got + k, sizeof(got) - k,
				    "%s%s", i ? "|" : "", rec.f[i]);
			k += (size_t)snprintf(got + k, sizeof(got) - k, ";");
		}
		troc_csv_free(r);
		dup2(fd, 0);
		close(fd);
		CHECK_STR(got, want);
	}
	(void)path;
}

/* One byte b read as Windows-1252, into out. */
static int
read_byte(int b, char *out, size_t cap, enum troc_bad *bad)
{
	struct troc_csv_opts o = { .enc = TROC_ENC_CP1252 };
	char in[8];
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	int rc;

	snprintf(in, sizeof(in), "a\n%c\n", b);
	if ((r = troc_csv_open_mem(in, strlen(in), "mem", &o, &e)) == NULL)
		return -1;
	rc = troc_csv_next(r, &rec, &e);
	if (rc == 1) {
		snprintf(out, cap, "%s", rec.f[0]);
		*bad = rec.bad;
	}
	troc_csv_free(r);
	return rc == 1 ? 0 : -1;
}

/* Our Windows-1252 table agrees with glibc's iconv on all 128 bytes. */
static void
test_cp1252_table(void)
{
	iconv_t cd = iconv_open("UTF-8", "CP1252");
	int b, same = 0, undefined = 0;

	CHECK(cd != (iconv_t)-1);
	if (cd == (iconv_t)-1)
		return;
	for (b = 0x80; b <= 0xFF; b++) {
		char src[1] = { (char)b }, want[16], got[16];
		char *ip = src, *op = want;
		size_t il = 1, ol = sizeof(want) - 1;
		enum troc_bad bad = TROC_BAD_NONE;
		int undef = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1;

		*op = '\0';
		if (read_byte(b, got, sizeof(got), &bad) < 0)
			continue;
		if (undef && bad == TROC_BAD_ENCODING)
			undefined++;
		else if (!undef && bad == TROC_BAD_NONE &&
		    strcmp(got, want) == 0)
			same++;
		else
			fprintf(stderr, "cp1252 %02X: got %s want %s\n", b, got,
			    want);
	}
	iconv_close(cd);
	CHECK_INT(same + undefined, 128);
	CHECK_INT(undefined, 5);
}

static void
test_numbers(void)
{
	double d = -1;
	long long i = -1;

	CHECK(troc_num_decimal("54,5", 4, &d) == TROC_NUM_OK && d == 54.5);
	CHECK(troc_num_decimal("1 234,56", 8, &d) == TROC_NUM_OK &&
	    d == 1234.56);
	CHECK(troc_num_decimal("1\xC2\xA0" "234,5", 8, &d) == TROC_NUM_OK &&
	    d == 1234.5);
	CHECK(troc_num_decimal("1\xE2\x80\xAF" "234", 7, &d) == TROC_NUM_OK &&
	    d == 1234);
	CHECK(troc_num_decimal(" 12 345 678.5 ", 14, &d) == TROC_NUM_OK &&
	    d == 12345678.5);
	CHECK(troc_num_decimal("-0", 2, &d) == TROC_NUM_OK && d == 0 &&
	    !signbit(d));
	CHECK(troc_num_decimal("1e308", 5, &d) == TROC_NUM_OK && d == 1e308);
	CHECK(troc_num_decimal("1e309", 5, &d) == TROC_NUM_RANGE);
	CHECK(troc_num_decimal(",5", 2, &d) == TROC_NUM_OK && d == 0.5);
	CHECK(troc_num_decimal("", 0, &d) == TROC_NUM_EMPTY);
	CHECK(troc_num_decimal("  ", 2, &d) == TROC_NUM_EMPTY);
	CHECK(troc_num_decimal("nan", 3, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("inf", 3, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("-Infinity", 9, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("0x10", 4, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("12abc", 5, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("1.234,5", 7, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("12 34", 5, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("1234 567", 8, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("3,5,", 4, &d) == TROC_NUM_BAD);
	CHECK(troc_num_decimal("1 234 ", 6, &d) == TROC_NUM_OK && d == 1234);
	CHECK(troc_num_decimal("1e", 2, &d) == TROC_NUM_BAD);
	{	/* the quick path rounds as strtod does */
		unsigned seed = 99;
		int k, same = 0;

		for (k = 0; k < 200000; k++) {
			char b[40];
			double q = 0;

			seed = seed * 1103515245u + 12345u;
			snprintf(b, sizeof(b), "%s%u.%0*u", k % 7 ? "" : "-",
			    seed % 100000, 1 + k % 9, seed % 1000000000u);
			if (troc_num_decimal(b, strlen(b), &q) == TROC_NUM_OK &&
			    q == strtod(b, NULL))
				same++;
		}
		CHECK_INT(same, 200000);
	}
	CHECK(troc_num_int("3", 1, &i) == TROC_NUM_OK && i == 3);
	CHECK(troc_num_int("3,0", 3, &i) == TROC_NUM_OK && i == 3);
	CHECK(troc_num_int("3,5", 3, &i) == TROC_NUM_BAD);
	CHECK(troc_num_int("9999999999999999999", 19, &i) == TROC_NUM_RANGE);
	CHECK(troc_num_int("-12", 3, &i) == TROC_NUM_OK && i == -12);
	CHECK(troc_num_int("+7", 2, &i) == TROC_NUM_OK && i == 7);
}

static void
test_format(void)
{
	char b[40];

	CHECK_STR(troc_fmt_num(2000, b), "2000");
	CHECK_STR(troc_fmt_num(47.8, b), "47.8");
	CHECK_STR(troc_fmt_num(-0.0, b), "0");
	CHECK_STR(troc_fmt_num(0.1 + 0.2, b), "0.30000000000000004");
	CHECK_STR(troc_fmt_num(1234.56, b), "1234.56");
	CHECK_STR(troc_fmt_num(1e20, b), "1e+20");
	CHECK_STR(troc_fmt_num(-47.25, b), "-47.25");
	CHECK_STR(troc_fmt_num(0.001, b), "0.001");
	CHECK_STR(troc_fmt_num(-0.5, b), "-0.5");
	CHECK_STR(troc_fmt_num(1.0005, b), "1.0005");
	CHECK_STR(troc_fmt_num(999999999999.5, b), "999999999999.5");
	{	/* the fast path agrees with the printf loop on many values */
		unsigned seed = 7;
		int i, same = 0;

		for (i = 0; i < 100000; i++) {
			char slow[40];
			double v;
			int p;

			seed = seed * 1103515245u + 12345u;
			v = (double)(seed % 2000000) / (i % 3 ? 100 : 1000) -
			    5000;
			troc_fmt_num(v, b);
			if (v == floor(v)) {	/* the integer path */
				same++;
				continue;
			}
			for (p = 1; p <= 17; p++) {
				snprintf(slow, sizeof(slow), "%.*g", p, v);
				if (strtod(slow, NULL) == v)
					break;
			}
			same += strcmp(b, slow) == 0;
		}
		CHECK_INT(same, 100000);
	}
	CHECK_INT(troc_csv_quote(b, sizeof(b), "a,b", 3, ','), 5);
	CHECK_STR(b, "\"a,b\"");
	CHECK_INT(troc_csv_quote(b, sizeof(b), "say \"hi\"", 8, ','), 12);
	CHECK_STR(b, "\"say \"\"hi\"\"\"");
	CHECK_INT(troc_csv_quote(b, sizeof(b), "plain", 5, ','), 5);
	CHECK_STR(b, "plain");
	CHECK_INT(troc_csv_quote(b, 4, "abcdef", 6, ','), 6);
	CHECK_STR(b, "abc");
}

static void
test_writer(void)
{
	char path[] = "/tmp/troc-out-XXXXXX", buf[256];
	struct troc_out_opts x = { .delim = ';', .crlf = 1, .bom = 1,
	    .decimal_comma = 1, .neutralise = 1 };
	struct troc_err e;
	struct troc_out *w;
	FILE *f;
	size_t n;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	w = troc_out_open(path, &x, &e);
	CHECK(w != NULL);
	troc_out_str(w, "=SUM(A1)");
	troc_out_num(w, 47.8);
	troc_out_fixed(w, -0.0001, 3);
	troc_out_str(w, "a;b");
	troc_out_eor(w);
	/* not committed: the old (empty) file stays */
	CHECK_INT(troc_out_close(w, 0, &e), 0);
	f = fopen(path, "rb");
	CHECK(f != NULL && fread(buf, 1, sizeof(buf), f) == 0);
	if (f)
		fclose(f);
	w = troc_out_open(path, &x, &e);
	troc_out_str(w, "=SUM(A1)");
	troc_out_num(w, 47.8);
	troc_out_fixed(w, -0.0001, 3);
	troc_out_str(w, "a;b");
	troc_out_int(w, -9223372036854775807LL - 1);
	troc_out_int(w, 0);
	troc_out_eor(w);
	troc_out_str(w, "-1+2");
	troc_out_str(w, "+33 1 23");
	troc_out_str(w, "@x");
	troc_out_eor(w);
	CHECK_INT(troc_out_close(w, 1, &e), 0);
	f = fopen(path, "rb");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	CHECK_STR(buf, "\xEF\xBB\xBF\"'=SUM(A1)\";47,8;0,000;\"a;b\";"
	    "-9223372036854775808;0\r\n\"'-1+2\";\"'+33 1 23\";\"'@x\"\r\n");
	unlink(path);
	/* a device is written in place (never replaced), and a full disk
	 * is an error at close */
	w = troc_out_open("/dev/full", NULL, &e);
	CHECK(w != NULL);
	troc_out_str(w, "x");
	troc_out_eor(w);
	CHECK_INT(troc_out_close(w, 1, &e), -1);
	CHECK(strstr(e.msg, "No space") != NULL);
	CHECK(access("/dev/full", W_OK) == 0);
}

/* gzip out, then in: the same records. */
static void
test_gzip_out(void)
{
	char path[] = "/tmp/troc-gz-XXXXXX", out[256];
	struct troc_out_opts z = { .gzip = 9 };
	struct troc_err e;
	struct troc_out *w;
	FILE *f;
	unsigned char magic[2] = { 0, 0 };
	int fd = mkstemp(path), i;

	CHECK(fd >= 0);
	close(fd);
	w = troc_out_open(path, &z, &e);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	troc_out_str(w, "a");
	troc_out_str(w, "b");
	troc_out_eor(w);
	for (i = 0; i < 20000; i++) {
		char line[32];

		troc_out_raw(w, line, (size_t)snprintf(line, sizeof(line),
		    "%d,x\n", i));
	}
	CHECK_INT(troc_out_close(w, 1, &e), 0);
	f = fopen(path, "rb");
	CHECK(f != NULL && fread(magic, 1, 2, f) == 2);
	if (f)
		fclose(f);
	CHECK(magic[0] == 0x1f && magic[1] == 0x8b);
	{
		struct troc_csv *r = troc_csv_open(path, NULL, &e);
		struct troc_rec rec;
		int n = 0, k;

		out[0] = '\0';
		while (r && (k = troc_csv_next(r, &rec, &e)) > 0) {
			n++;
			snprintf(out, sizeof(out), "%s", rec.f[0]);
		}
		CHECK_INT(n, 20000);
		CHECK_STR(out, "19999");
		troc_csv_free(r);
	}
	unlink(path);
}

/* A small gzip file: the reader's buffer, sized to the file at first,
 * grows to its whole size for the sniffing, which sees the CP1252 byte
 * 120 kB in (with a buffer of the file's 300 bytes it would not, and
 * the byte would be taken for bad UTF-8). */
static void
test_gzip_small_file_sniff(void)
{
	char path[] = "/tmp/troc-gz-XXXXXX", last[64] = "";
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	gzFile g;
	int fd = mkstemp(path), i, n = 0, bad = 0, k;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	g = gzdopen(fd, "wb9");
	CHECK(g != NULL);
	if (g == NULL)
		return;
	gzputs(g, "a,b\n");
	for (i = 0; i < 30000; i++)
		gzputs(g, "1,x\n");
	gzputs(g, "2,caf\xE9\n");
	CHECK_INT(gzclose(g), Z_OK);
	r = troc_csv_open(path, NULL, &e);
	CHECK(r != NULL);
	while (r && (k = troc_csv_next(r, &rec, &e)) > 0) {
		n++;
		bad += rec.bad != 0;
		snprintf(last, sizeof(last), "%s", rec.f[rec.n - 1]);
	}
	CHECK_INT(n, 30001);
	CHECK_INT(bad, 0);
	CHECK_STR(last, "caf\xC3\xA9");
	troc_csv_free(r);
	unlink(path);
}

/* A truncated gzip input gives every byte its prefix decodes to, then the
 * error, whatever the size of the reads (inflate can hold output it had
 * no room for when its input runs out: it used to be dropped). */
static void
test_gzip_truncated(void)
{
	static unsigned char data[6000], gz[8000], ref[6000], got[6000];
	static const size_t sizes[] = { 1, 7, 64, 4096 };
	z_stream z;
	struct troc_err e;
	size_t i, t, clen, nref, ngot, k;
	unsigned x = 1;
	int bad = 0, bad_err = 0;

	/* text with repeats, so that the stream holds long matches */
	for (i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (x >> 16) % 5 == 0 ? '\n' : "abcab,cabca"[(i / 3) % 11];
	}
	memset(&z, 0, sizeof(z));
	CHECK(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	z.next_in = data;
	z.avail_in = sizeof(data);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	clen = sizeof(gz) - z.avail_out;
	deflateEnd(&z);
	for (t = 20; t + 8 < clen; t += 3) {
		/* what zlib decodes of the first t bytes, room to spare */
		memset(&z, 0, sizeof(z));
		inflateInit2(&z, 31);
		z.next_in = gz;
		z.avail_in = (uInt)t;
		z.next_out = ref;
		z.avail_out = sizeof(ref);
		inflate(&z, Z_NO_FLUSH);
		nref = sizeof(ref) - z.avail_out;
		inflateEnd(&z);
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct troc_source *s = troc_source_mem(gz, t, "gz", &e);
			ssize_t n = 0;

			ngot = 0;
			while (s != NULL && ngot < sizeof(got) &&
			    (n = troc_source_read(s, got + ngot, sizes[k] <
			    sizeof(got) - ngot ? sizes[k] : sizeof(got) - ngot,
			    &e)) > 0)
				ngot += (size_t)n;
			bad += ngot != nref || memcmp(got, ref, nref) != 0;
			bad_err += n != -1 || strstr(e.msg, "truncated") == NULL;
			troc_source_free(s);
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(bad_err, 0);
}

/* Corrupt gzip data on the second of lines ended by a lone CR (a fuzz
 * finding): the open's first read meets it; the header before it is read
 * all the same, and the error names line 2, as a reader with a smaller
 * buffer, reading on, does. */
static void
test_gzip_error_line(void)
{
	const char *dir = getenv("TROC_TESTS");
	char path[1024];
	struct troc_err e = { 0 };
	struct troc_csv *r;
	struct troc_rec rec;
	int k = 0;

	snprintf(path, sizeof(path), "%s/fuzz/regressions/csv/"
	    "gzip-error-after-lone-cr-line", dir ? dir : "tests");
	r = troc_csv_open(path, NULL, &e);
	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK_INT(troc_csv_header(r)->line, 1);
	while ((k = troc_csv_next(r, &rec, &e)) > 0)
		;
	CHECK_INT(k, -1);
	CHECK_INT(e.line, 2);
	CHECK(strstr(e.msg, "corrupt gzip data") != NULL);
	troc_csv_free(r);
}

static void
test_idset(void)
{
	struct troc_idset *s = troc_idset_new();
	char id[32];
	size_t slot = 99, n;
	int i, added = 0;

	CHECK(s != NULL);
	for (i = 0; i < 100000; i++) {
		snprintf(id, sizeof(id), "PH:%06d", i % 60000);
		added += troc_idset_add(s, id, strlen(id), NULL) == 1;
	}
	CHECK_INT(added, 60000);
	CHECK_INT(troc_idset_count(s), 60000);
	CHECK_INT(troc_idset_add(s, "PH:000042", 9, &slot), 0);
	CHECK_INT(slot, 42);
	CHECK_INT(troc_idset_find(s, "PH:059999", 9), 59999);
	CHECK_INT(troc_idset_find(s, "PH:060000", 9), -1);
	CHECK_STR(troc_idset_get(s, 7, &n), "PH:000007");
	CHECK_INT(n, 9);
	CHECK_INT(troc_idset_add(s, "a\0b", 3, NULL), 1);
	CHECK_INT(troc_idset_add(s, "a\0c", 3, NULL), 1);
	troc_idset_free(s);
}

static void
test_colkey(void)
{
	char k[64];

	CHECK_STR(troc_colkey("Unit ID", 7, k, sizeof(k)), "unitid");
	CHECK_STR(troc_colkey("unit_id", 7, k, sizeof(k)), "unitid");
	CHECK_STR(troc_colkey("UNIT-ID", 7, k, sizeof(k)), "unitid");
	CHECK_STR(troc_colkey("Réservataire", 13, k, sizeof(k)),
	    "reservataire");
	CHECK_STR(troc_colkey("ÉTAGE\xC2\xA0", 8, k, sizeof(k)), "etage");
	CHECK_STR(troc_colkey("Œuvre", 6, k, sizeof(k)), "oeuvre");
}

/* The fast path for quote-free lines gives exactly what libcsv gives,
 * records, line numbers and errors, on random inputs. */
static void
test_fast_path(void)
{
	static const char *const atoms[] = { "a", "bc", ",", ",", "\"", "\n",
	    "\r\n", "\r", " ", "\xC3\xA9", "\xE9", ";", "\n\n", "12,5" };
	struct troc_csv_opts fast = { 0 }, slow = { .libcsv_only = 1 };
	char in[256], a[8192], b[8192];
	struct troc_err ea, eb;
	unsigned seed = 12345;
	int t, i, same = 0, ra, rb;

	for (t = 0; t < 20000; t++) {
		size_t n = 0;

		memcpy(in, "h1,h2\n", 6);
		n = 6;
		for (i = 0; i < 30; i++) {
			const char *x;

			seed = seed * 1103515245u + 12345u;
			x = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(*atoms))];
			memcpy(in + n, x, strlen(x));
			n += strlen(x);
		}
		ra = slurp(in, n, &fast, a, sizeof(a), &ea);
		rb = slurp(in, n, &slow, b, sizeof(b), &eb);
		if (ra == rb && strcmp(a, b) == 0 &&
		    (ra == 0 || ea.line == eb.line))
			same++;
		else if (t - same < 3)
			fprintf(stderr, "fast path differs on: %.*s\n--\n%s\n--"
			    "\n%s\n", (int)n, in, a, b);
	}
	CHECK_INT(same, 20000);
}

/* A reader reading ahead, freed while its thread waits on a pipe that
 * stays open (plain, or gzip: then it waits on the inflating thread): a
 * child writes more than the first read takes, then waits. */
static void
stalled_pipe(int gz)
{
	static unsigned char in[360000], zbuf[400000];
	struct troc_csv_opts ahead = { .read_ahead = 1 };
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	int i, got = 0, fd, pipefd[2];
	size_t n = sizeof(in);
	z_stream z;
	pid_t child;

	for (i = 0; i < 12000; i++)	/* 360 KB, 3 batches */
		memcpy(in + 30 * i, "12345678901234567890123456789\n", 30);
	if (gz) {
		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return;
		z.next_in = in;
		z.avail_in = sizeof(in);
		z.next_out = zbuf;
		z.avail_out = sizeof(zbuf);
		CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
		n = z.total_out;
		deflateEnd(&z);
	}
	if (pipe(pipefd) < 0)
		return;
	if ((child = fork()) == 0) {
		close(pipefd[0]);
		if (write(pipefd[1], gz ? zbuf : in, n) != (ssize_t)n)
			_exit(1);
		sleep(25);	/* beyond the alarm below */
		_exit(0);
	}
	close(pipefd[1]);
	fd = dup(0);
	dup2(pipefd[0], 0);
	close(pipefd[0]);
	alarm(20);	/* a hang fails the test */
	r = troc_csv_open("-", &ahead, &e);
	for (i = 0; r && i < 2; i++)
		got += troc_csv_next(r, &rec, &e);
	usleep(300000);	/* time to read the rest and wait for more */
	troc_csv_free(r);
	alarm(0);
	CHECK_INT(got, 2);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	dup2(fd, 0);
	close(fd);
}

/* Read on a thread of its own: the same records, line numbers and
 * errors as in the tool's thread, across many batches; and a reader
 * freed early stops its thread, even one waiting on a stalled pipe. */
static void
test_read_ahead(void)
{
	static const char *const atoms[] = { "a", "bc", ",", "\n", "\r\n",
	    "\xC3\xA9", "\xE9", "12,5", "\"q,\n\"", "\n\n", "x\0y" };
	struct troc_csv_opts plain = { 0 }, ahead = { .read_ahead = 1 };
	static char in[400000], a[1 << 20], b[1 << 20];
	struct troc_err ea, eb;
	struct troc_csv *r;
	struct troc_rec rec;
	unsigned seed = 777;
	int t, same = 0, ra, rb;
	size_t n;

	for (t = 0; t < 40; t++) {
		memcpy(in, "h1,h2\n", 6);
		n = 6;
		while (n < sizeof(in) - 16) {
			const char *x;

			seed = seed * 1103515245u + 12345u;
			x = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(*atoms))];
			/* a stray quote, at most one an input, ends it */
			if (t % 4 == 3 && (seed >> 8) % 50000 == 0)
				x = "z\"";
			memcpy(in + n, x, strlen(x) + (x[0] == 'x' ? 3 : 0));
			n += strlen(x) + (x[0] == 'x' ? 3 : 0);
		}
		ra = slurp(in, n, &ahead, a, sizeof(a), &ea);
		rb = slurp(in, n, &plain, b, sizeof(b), &eb);
		if (ra == rb && strcmp(a, b) == 0 && (ra == 0 ||
		    (ea.line == eb.line && strcmp(ea.msg, eb.msg) == 0)))
			same++;
	}
	CHECK_INT(same, 40);
	/* freed after a few records of many */
	r = troc_csv_open_mem(in, n, "mem", &ahead, &ea);
	CHECK(r != NULL && troc_csv_next(r, &rec, &ea) == 1);
	troc_csv_free(r);
	stalled_pipe(0);
	stalled_pipe(1);
}

int
main(void)
{
	test_fast_path();
	test_read_ahead();
	test_dialect();
	test_errors();
	test_chunks();
	test_cp1252_table();
	test_numbers();
	test_format();
	test_writer();
	test_gzip_out();
	test_gzip_truncated();
	test_gzip_small_file_sniff();
	test_gzip_error_line();
	test_idset();
	test_colkey();
	return test_done("csv");
}
