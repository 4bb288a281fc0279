/* cli.h: what every troc command shares: the option vocabulary, messages,
 * exit statuses, signals, progress. Linked into each binary, not into the
 * library (which never prints and never exits). */
#ifndef TROC_CLI_H
#define TROC_CLI_H

#include <getopt.h>
#include <stdnoreturn.h>
#include <time.h>

#include "troc/csvin.h"
#include "troc/csvout.h"
#include "troc/err.h"
#include "troc/rejects.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_REJECTS = 1, CLI_EXIT_ERROR = 2 };

/* Options common to every tool: merge into a tool's own. */
#define CLI_SHORTOPTS "o:d:e:r:qhV"
enum { CLI_OPT_PROGRESS = 0x100, CLI_OPT_FIRST_FREE = 0x110 };
#define CLI_LONGOPTS \
	{ "output", required_argument, NULL, 'o' }, \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "encoding", required_argument, NULL, 'e' }, \
	{ "rejects", required_argument, NULL, 'r' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "progress", no_argument, NULL, CLI_OPT_PROGRESS }

/* Help text for the common options, to end a tool's own. */
#define CLI_COMMON_HELP \
	"  -o, --output FILE     write to FILE (atomically) instead of stdout\n" \
	"  -r, --rejects FILE    write rejected records to FILE\n" \
	"  -d, --delimiter C     input delimiter: , ; tab | (default: guessed)\n" \
	"  -e, --encoding ENC    input encoding: utf8, cp1252, auto (default)\n" \
	"  -q, --quiet           no warnings, no progress\n" \
	"      --progress        show progress even when stderr is no terminal\n" \
	"  -h, --help            show this help and exit\n" \
	"  -V, --version         show the version and exit\n"

struct cli {
	const char *prog;
	const char *synopsis;	/* "usage: troc-x [-q] [FILE...]\n", as SYNOPSIS */
	const char *help;	/* the tool's own option lines, then common */
	int quiet;
	int progress;		/* 1 show, 0 not */
	const char *out;	/* -o */
	const char *rejects;	/* -r */
	struct troc_csv_opts csv;
	struct timespec last;	/* last progress update */
	int shown;
	unsigned long tick;
};

/* Set up: program name, usage texts, signal handling. */
void cli_init(struct cli *c, const char *prog, const char *synopsis,
    const char *help);

/* getopt_long over the tool's options (which must include
 * CLI_SHORTOPTS and CLI_LONGOPTS): handles the common ones itself and
 * returns the next tool option, or -1 at the end. Exits on -h, -V and
 * bad options with the messages of SPEC.md §1. */
int cli_getopt(struct cli *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts);

/* A usage error: message, then the synopsis on stderr; exit 2. */
noreturn void cli_usage(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Report e as "prog: file:line: message" on stderr. */
void cli_error(const struct cli *c, const struct troc_err *e);

/* A fatal fault: cli_error, remove temporary files, exit 2. */
noreturn void cli_fatal(const struct cli *c, const struct troc_err *e);

/* A warning (silenced by -q). */
void cli_warn(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Refuse -o or -r naming one of the n input files (exit 2). */
void cli_check_outputs(const struct cli *c, int n, char *const *inputs);

/* Progress on stderr (at most 4 times a second) while reading r. */
void cli_progress(struct cli *c, struct troc_csv *r, unsigned long records);
/* Whether a progress line is due (the meter is on, and this is the first
 * line or the last is a quarter of a second old); if so, the line is
 * taken as shown, for cli_progress_done to clear. */
int cli_progress_due(struct cli *c);
void cli_progress_done(struct cli *c);

/* Close rejects and output (committing them unless failed), check that
 * records in = out + rejected, summarise the rejects on stderr when there
 * is no -r file, and return the exit status. */
int cli_finish(struct cli *c, struct troc_out *out, struct troc_rejects *rj,
    int failed, unsigned long in, unsigned long outn);

#endif
