/* cli.c: the option vocabulary, messages, signals and exit statuses that
 * every troc command shares. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void
on_signal(int sig)
{
	troc_out_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
cli_init(struct cli *c, const char *prog, const char *synopsis,
    const char *help)
{
	memset(c, 0, sizeof(*c));
	c->prog = prog;
	c->synopsis = synopsis;
	c->help = help;
	c->csv.read_ahead = 1;
	c->progress = isatty(STDERR_FILENO);
	opterr = 0;
	/* A closed pipe ends us quietly, as it ends cat or cut, but not
	 * before our temporary files are gone. */
	signal(SIGPIPE, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

noreturn void
cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: ", c->prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(c->synopsis, stderr);
	fprintf(stderr, "Try '%s --help' for more.\n", c->prog);
	exit(CLI_EXIT_ERROR);
}

static noreturn void
help(const struct cli *c)
{
	if (printf("%s\n%s%s", c->synopsis, c->help, CLI_COMMON_HELP) < 0 ||
	    fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", c->prog,
		    strerror(errno));
		exit(CLI_EXIT_ERROR);
	}
	exit(CLI_EXIT_OK);
}

static noreturn void
version(const struct cli *c)
{
	if (printf("%s %s\n", c->prog, TROC_VERSION) < 0 ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "%s: write error: %s\n", c->prog,
		    strerror(errno));
		exit(CLI_EXIT_ERROR);
	}
	exit(CLI_EXIT_OK);
}

static int
common_option(struct cli *c, int opt, const char *arg)
{
	int d;

	switch (opt) {
	case 'o':
		c->out = arg;
		return 1;
	case 'r':
		c->rejects = arg;
		return 1;
	case 'd':
		if ((d = troc_delim_parse(arg)) < 0)
			cli_usage(c, "-d: not a delimiter: %s", arg);
		c->csv.delim = d;
		return 1;
	case 'e':
		if (troc_enc_parse(arg, &c->csv.enc) < 0)
			cli_usage(c, "-e: unknown encoding: %s", arg);
		return 1;
	case 'q':
		c->quiet = 1;
		c->progress = 0;
		return 1;
	case CLI_OPT_PROGRESS:
		c->progress = !c->quiet;
		return 1;
	case 'h':
		help(c);
	case 'V':
		version(c);
	default:
		return 0;
	}
}

int
cli_getopt(struct cli *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		if (opt == '?' || opt == ':') {
			const char *bad = argv[optind - 1];

			if (optopt && strchr(shortopts, optopt))
				cli_usage(c, "-%c: needs an argument", optopt);
			if (optopt)
				cli_usage(c, "-%c: unknown option", optopt);
			cli_usage(c, "%s: unknown option or missing argument",
			    bad);
		}
		if (!common_option(c, opt, optarg))
			return opt;
	}
	return -1;
}

void
cli_error(const struct cli *c, const struct troc_err *e)
{
	if (e->file && e->line)
		fprintf(stderr, "%s: %s:%lu: %s\n", c->prog, e->file, e->line,
		    e->msg);
	else if (e->file)
		fprintf(stderr, "%s: %s: %s\n", c->prog, e->file, e->msg);
	else
		fprintf(stderr, "%s: %s\n", c->prog, e->msg);
}

noreturn void
cli_fatal(const struct cli *c, const struct troc_err *e)
{
	cli_error(c, e);
	troc_out_cleanup();
	exit(CLI_EXIT_ERROR);
}

void
cli_warn(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	fprintf(stderr, "%s: ", c->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
check_one(const struct cli *c, const char *opt, const char *path, int n,
    char *const *inputs)
{
	struct stat so, si;
	int i;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &so) < 0)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(inputs[i], "-") != 0 && stat(inputs[i], &si) == 0 &&
		    si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			cli_usage(c, "%s %s: names an input file", opt, path);
}

/* 1 when a and b name the same file (or both standard output). */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	int out_a = a == NULL || strcmp(a, "-") == 0;
	int out_b = b == NULL || strcmp(b, "-") == 0;

	if (out_a || out_b)
		return out_a && out_b;
	if (strcmp(a, b) == 0)
		return 1;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void
cli_check_outputs(const struct cli *c, int n, char *const *inputs)
{
	check_one(c, "-o", c->out, n, inputs);
	check_one(c, "-r", c->rejects, n, inputs);
	if (c->rejects && same_file(c->out, c->rejects))
		cli_usage(c, "-o and -r name the same file");
}

int
cli_progress_due(struct cli *c)
{
	struct timespec now;
	double dt;

	if (!c->progress)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - c->last.tv_sec) +
	    (double)(now.tv_nsec - c->last.tv_nsec) / 1e9;
	if (c->shown && dt < 0.25)
		return 0;
	c->last = now;
	c->shown = 1;
	return 1;
}

void
cli_progress(struct cli *c, struct troc_csv *r, unsigned long records)
{
	struct troc_source *s;
	uint64_t pos, size;

	if (!c->progress || (++c->tick & 4095) != 0 || !cli_progress_due(c))
		return;
	s = troc_csv_source(r);
	pos = troc_source_pos(s);
	size = troc_source_size(s);
	if (size > 0)
		fprintf(stderr, "\r%s: %s: %3.0f%%, %lu records ", c->prog,
		    troc_csv_name(r), 100.0 * (double)pos / (double)size,
		    records);
	else
		fprintf(stderr, "\r%s: %s: %.1f MB, %lu records ", c->prog,
		    troc_csv_name(r), (double)pos / 1e6, records);
}

void
cli_progress_done(struct cli *c)
{
	if (c->shown)
		fputs("\r\033[K", stderr);
	c->shown = 0;
}

int
cli_finish(struct cli *c, struct troc_out *out, struct troc_rejects *rj,
    int failed, unsigned long in, unsigned long outn)
{
	struct troc_err e;
	unsigned long nrej = rj ? troc_rejects_count(rj) : 0;
	const struct troc_err *f1 = rj ? troc_rejects_first(rj) : NULL;
	struct troc_err first;
	int status = failed ? CLI_EXIT_ERROR : CLI_EXIT_OK;

	if (f1)
		first = *f1;	/* rj is freed below */

	cli_progress_done(c);
	if (!failed && in != outn + nrej) {
		fprintf(stderr, "%s: internal error: %lu records in, %lu out, "
		    "%lu rejected\n", c->prog, in, outn, nrej);
		status = failed = CLI_EXIT_ERROR;
	}
	if (rj && troc_rejects_close(rj, !failed, &e) < 0) {
		cli_error(c, &e);
		status = failed = CLI_EXIT_ERROR;
	}
	if (out && troc_out_close(out, !failed, &e) < 0) {
		cli_error(c, &e);
		status = CLI_EXIT_ERROR;
	}
	if (nrej > 0 && status == CLI_EXIT_OK)
		status = CLI_EXIT_REJECTS;
	if (nrej > 0 && c->rejects == NULL && !c->quiet && f1) {
		fprintf(stderr, "%s: %lu record%s rejected (first: %s:%lu: %s);"
		    " -r FILE keeps them\n", c->prog, nrej, nrej > 1 ? "s" : "",
		    first.file ? first.file : "-", first.line, first.msg);
	}
	return status;
}
