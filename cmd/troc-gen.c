/* troc-gen: deterministic synthetic inventories and households drawn from
 * the real statistics in data/ (SPEC.md §4). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/gen.h"

static const char synopsis[] =
    "usage: troc-gen [-qz] [-f units|rpls] [-y YEAR] "
    "[--region paris|idf|france]\n"
    "                [--units N] [--households M] [--seed S]\n"
    "                [--what units|households] [-o PATH]\n";

static const char help[] =
    "Draw a synthetic inventory and its households from the RPLS 2019\n"
    "statistics: the same seed gives the same bytes on every platform.\n"
    "With -o DIR and no --what, write DIR/units.csv, DIR/households.csv\n"
    "and, with -f rpls, DIR/rpls.csv.\n"
    "\n"
    "      --region R        paris, idf (default) or france\n"
    "      --units N         homes to draw (default 10000)\n"
    "      --households M    households in occupied homes (default: a fifth\n"
    "                        of the units)\n"
    "      --seed S          seed of the draws (default 1)\n"
    "      --what W          units or households, to -o FILE or stdout\n"
    "  -f, --format FMT      units: canonical (default); rpls: the RPLS\n"
    "                        open-data layout (;, Windows-1252)\n"
    "  -z, --gzip            gzip the RPLS file\n"
    "  -y, --year YEAR       ceilings year for incomes (default: latest)\n"
    /* The common options troc-gen takes (not cli.h's CLI_COMMON_HELP,
     * which lists -r, -d and -e too): see help_first(). */
    "  -o, --output PATH     the folder, or with --what the file, to write\n"
    "                        (atomically)\n"
    "  -q, --quiet           no warnings\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n";

enum {
	OPT_REGION = CLI_OPT_FIRST_FREE, OPT_UNITS, OPT_HOUSEHOLDS, OPT_SEED,
	OPT_WHAT
};

#define MAX_UNITS 100000000UL

struct gen {
	struct cli cli;
	struct troc_gen_opts o;
	const char *what;	/* NULL: both, into the folder -o */
	int rpls, gzip;
};

static unsigned long long
number(const struct cli *c, const char *opt, const char *s,
    unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > max)
		cli_usage(c, "%s: not a number from 0 to %llu: %s", opt, max,
		    s);
	return v;
}

static const char shortopts[] = "f:zy:" CLI_SHORTOPTS;
static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "gzip", no_argument, NULL, 'z' },
	{ "year", required_argument, NULL, 'y' },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "units", required_argument, NULL, OPT_UNITS },
	{ "households", required_argument, NULL, OPT_HOUSEHOLDS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "what", required_argument, NULL, OPT_WHAT },
	CLI_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* cli_getopt answers -h with the tool's lines and then every common
 * option, -r, -d and -e included, which troc-gen refuses. So -h is
 * answered here first, with help[] alone, by a pass of getopt itself (an
 * argument such as "-o -h" stays an argument); whatever comes before it
 * that cli_getopt would act on (-V, a bad option) is left to it. */
static void
help_first(const struct gen *g, int argc, char **argv)
{
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1 && opt != '?' && opt != ':' && opt != 'V')
		if (opt == 'h') {
			if (printf("%s\n%s", g->cli.synopsis, help) < 0 ||
			    fflush(stdout) != 0) {
				fprintf(stderr, "troc-gen: write error: %s\n",
				    strerror(errno));
				exit(CLI_EXIT_ERROR);
			}
			exit(CLI_EXIT_OK);
		}
	optind = 0;	/* glibc: start the scan over, state and all */
}

static void
options(struct gen *g, int argc, char **argv)
{
	struct cli *c = &g->cli;
	int opt;

	help_first(g, argc, argv);
	while ((opt = cli_getopt(c, argc, argv, shortopts, longopts)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "units") && strcmp(optarg, "rpls"))
				cli_usage(c, "-f: unknown format: %s", optarg);
			g->rpls = strcmp(optarg, "rpls") == 0;
			break;
		case 'z':
			g->gzip = 1;
			break;
		case 'y':
			g->o.year = (int)number(c, "-y", optarg, 9999);
			break;
		case OPT_REGION:
			if (troc_gen_region_parse(optarg, &g->o.region) < 0)
				cli_usage(c, "--region: unknown region: %s",
				    optarg);
			break;
		case OPT_UNITS:
			g->o.units = (unsigned long)number(c, "--units",
			    optarg, MAX_UNITS);
			break;
		case OPT_HOUSEHOLDS:
			g->o.households = (unsigned long)number(c,
			    "--households", optarg, MAX_UNITS);
			break;
		case OPT_SEED:
			g->o.seed = number(c, "--seed", optarg, UINT64_MAX);
			break;
		case OPT_WHAT:
			if (strcmp(optarg, "units") &&
			    strcmp(optarg, "households"))
				cli_usage(c, "--what: units or households: %s",
				    optarg);
			g->what = optarg;
			break;
		default:
			cli_usage(c, NULL);
		}
	}
}

static void
check(struct gen *g, int argc, char **argv)
{
	struct cli *c = &g->cli;

	if (optind < argc)
		cli_usage(c, "%s: troc-gen reads no file", argv[optind]);
	if (c->rejects || c->csv.delim || c->csv.enc)
		cli_usage(c, "-r, -d and -e do not apply: nothing is read");
	if (g->gzip && !g->rpls)
		cli_usage(c, "-z: only with -f rpls");
	if (g->what == NULL && (c->out == NULL || strcmp(c->out, "-") == 0))
		cli_usage(c, "-o DIR, or --what units|households");
	if (g->o.units == 0)
		cli_usage(c, "--units: at least 1");
	if (g->what && strcmp(g->what, "units") == 0)
		g->o.households = 0;	/* the homes do not depend on them */
	else if (g->o.households == ULONG_MAX)
		g->o.households = g->o.units / 5;
	if (g->o.households > g->o.units)
		cli_usage(c, "--households: more than the %lu units",
		    g->o.units);
}

enum { UNITS, HOUSEHOLDS, RPLS };

/* Write the canonical units, the households or the RPLS file to path. */
static int
write_file(struct gen *g, struct troc_gen *t, const char *path, int what)
{
	struct troc_out_opts o = { 0 };
	struct troc_err e;
	struct troc_out *w;
	int rc;

	o.gzip = what == RPLS && g->gzip ? 6 : 0;
	if ((w = troc_out_open(path, &o, &e)) == NULL)
		cli_fatal(&g->cli, &e);
	if (what == RPLS && troc_gen_write_rpls(t, w, &e) < 0) {
		cli_error(&g->cli, &e);
		troc_out_close(w, 0, &e);
		return -1;
	}
	rc = what == UNITS ? troc_gen_write_units(t, w) : what == HOUSEHOLDS ?
	    troc_gen_write_households(t, w) : 0;
	if (troc_out_close(w, rc == 0, &e) < 0) {
		cli_error(&g->cli, &e);
		return -1;
	}
	return 0;
}

/* dir/name into path (PATH_MAX bytes), or a fatal error. */
static const char *
join(const struct gen *g, char *path, const char *dir, const char *name)
{
	struct troc_err e;

	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
		troc_err_set(&e, dir, 0, "path too long");
		cli_fatal(&g->cli, &e);
	}
	return path;
}

/* The files into the folder dir (made when missing): units.csv,
 * households.csv, and with -f rpls rpls.csv (.gz with -z). */
static int
write_folder(struct gen *g, struct troc_gen *t, const char *dir)
{
	struct troc_err e;
	char path[PATH_MAX];

	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		troc_err_set(&e, dir, 0, "cannot make the folder: %s",
		    strerror(errno));
		cli_fatal(&g->cli, &e);
	}
	if (write_file(g, t, join(g, path, dir, "units.csv"), UNITS) < 0)
		return -1;
	if (g->rpls && write_file(g, t, join(g, path, dir, g->gzip ?
	    "rpls.csv.gz" : "rpls.csv"), RPLS) < 0)
		return -1;
	return write_file(g, t, join(g, path, dir, "households.csv"),
	    HOUSEHOLDS);
}

int
main(int argc, char **argv)
{
	struct gen g;
	struct troc_gen *t;
	struct troc_err e;
	struct stat st;
	int rc;

	memset(&g, 0, sizeof(g));
	cli_init(&g.cli, "troc-gen", synopsis, help);
	g.o.region = TROC_GEN_IDF;
	g.o.units = 10000;
	g.o.households = ULONG_MAX;	/* a fifth of the units */
	g.o.seed = 1;
	options(&g, argc, argv);
	check(&g, argc, argv);
	if (g.what == NULL && stat(g.cli.out, &st) == 0 && !S_ISDIR(st.st_mode))
		cli_usage(&g.cli, "-o %s: not a folder (or give --what)",
		    g.cli.out);
	if ((t = troc_gen_new(troc_datadir(), &g.o, &e)) == NULL)
		cli_fatal(&g.cli, &e);
	if (g.what == NULL)
		rc = write_folder(&g, t, g.cli.out);
	else
		rc = write_file(&g, t, g.cli.out, strcmp(g.what, "households")
		    == 0 ? HOUSEHOLDS : g.rpls ? RPLS : UNITS);
	troc_gen_free(t);
	return rc < 0 ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}
