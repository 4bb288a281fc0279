/* troc-report: proposals turned into a report people can read: a
 * terminal summary, tidy CSV, an Excel sheet or one HTML page. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/report.h"

static const char synopsis[] =
    "usage: troc-report [-q] [-f text|csv|html] [-H HOUSEHOLDS] [-u UNITS]\n"
    "                   [--table NAME] [--excel] [-l CODE] "
    "[--pseudonymize]\n"
    "                   [--key-file FILE] [-d DELIM] [-e ENC] [-o FILE] "
    "[-r FILE]\n"
    "                   [FILE...]\n";

static const char help[] =
    "Report on proposals (troc-match output): who moves, which priorities\n"
    "are served, occupancy, rooms, rent, flows between departements.\n"
    "\n"
    "  -f, --format FMT      text (default), csv (tidy tables) or html\n"
    "  -H, --households FILE the validated households (troc-validate output)\n"
    "  -u, --units FILE      the canonical units (troc-import output)\n"
    "      --table NAME      one table of -f csv (exchanges: one row a move)\n"
    "      --excel           the exchanges table for Excel in French: ';',\n"
    "                        CRLF, BOM, decimal comma, no formula cells\n"
    "  -l, --landlord CODE   only the exchanges of that landlord; other\n"
    "                        landlords' households pseudonymised\n"
    "      --pseudonymize    every household id replaced by a keyed hash\n"
    "      --key-file FILE   the key of the hash (default: a new one a run)\n";

enum { OPT_TABLE = CLI_OPT_FIRST_FREE, OPT_EXCEL, OPT_PSEUDO, OPT_KEY };
enum fmt { FMT_TEXT, FMT_CSV, FMT_HTML };

struct run {
	struct cli cli;
	enum fmt fmt;
	int fmt_set, excel, pseudo;
	const char *households, *units, *table, *landlord, *keyfile;
	unsigned char key[1024];
	size_t keylen;
	struct troc_report rep;
	struct troc_figs figs;
	struct troc_rejects *rj;
	struct troc_out *out;
	unsigned long in, ok;
};

static void
format_option(struct run *r, const char *arg)
{
	if (strcmp(arg, "text") == 0)
		r->fmt = FMT_TEXT;
	else if (strcmp(arg, "csv") == 0)
		r->fmt = FMT_CSV;
	else if (strcmp(arg, "html") == 0)
		r->fmt = FMT_HTML;
	else
		cli_usage(&r->cli, "-f: unknown format: %s", arg);
	r->fmt_set = 1;
}

static void
check_options(struct run *r)
{
	if (r->excel) {
		if (r->fmt_set && r->fmt != FMT_CSV)
			cli_usage(&r->cli, "--excel writes CSV: not with -f");
		r->fmt = FMT_CSV;
		if (r->table == NULL)
			r->table = "exchanges";
	}
	if (r->table && r->fmt != FMT_CSV)
		cli_usage(&r->cli, "--table goes with -f csv");
	if (r->table && !troc_report_table_known(r->table))
		cli_usage(&r->cli, "--table: unknown table: %s", r->table);
	if (r->landlord && !r->households && !r->units)
		cli_usage(&r->cli, "-l needs -H or -u: they say whose homes "
		    "are whose");
}

static void
options(struct run *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "households", required_argument, NULL, 'H' },
		{ "units", required_argument, NULL, 'u' },
		{ "landlord", required_argument, NULL, 'l' },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "excel", no_argument, NULL, OPT_EXCEL },
		{ "pseudonymize", no_argument, NULL, OPT_PSEUDO },
		{ "pseudonymise", no_argument, NULL, OPT_PSEUDO },
		{ "key-file", required_argument, NULL, OPT_KEY },
		CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = cli_getopt(&r->cli, argc, argv, "f:H:u:l:" CLI_SHORTOPTS,
	    longopts)) != -1) {
		switch (c) {
		case 'f': format_option(r, optarg); break;
		case 'H': r->households = optarg; break;
		case 'u': r->units = optarg; break;
		case 'l':
			if (*optarg == '\0')
				cli_usage(&r->cli, "-l: an empty landlord code");
			r->landlord = optarg;
			break;
		case OPT_TABLE: r->table = optarg; break;
		case OPT_EXCEL: r->excel = 1; break;
		case OPT_PSEUDO: r->pseudo = 1; break;
		case OPT_KEY: r->keyfile = optarg; break;
		default: cli_usage(&r->cli, NULL);
		}
	}
	check_options(r);
}

/* The key of the pseudonyms: the bytes of --key-file, else random. */
static void
load_key(struct run *r)
{
	FILE *fp;
	struct troc_err e;

	if (r->keyfile == NULL) {
		r->keylen = 32;
		randombytes_buf(r->key, r->keylen);
		return;
	}
	if ((fp = fopen(r->keyfile, "rb")) == NULL) {
		troc_err_set(&e, r->keyfile, 0, "cannot read the key");
		cli_fatal(&r->cli, &e);
	}
	r->keylen = fread(r->key, 1, sizeof(r->key), fp);
	if (ferror(fp) || !feof(fp) || r->keylen < 16) {
		fclose(fp);
		troc_err_set(&e, r->keyfile, 0, "a key is 16 to %zu bytes",
		    sizeof(r->key));
		cli_fatal(&r->cli, &e);
	}
	fclose(fp);
}

typedef int (*reader_fn)(struct troc_report *, struct troc_csv *,
    struct troc_rejects *, unsigned long *, unsigned long *,
    struct troc_err *);

static void
read_file(struct run *r, const char *path, reader_fn fn)
{
	struct troc_err e;
	struct troc_csv *in;

	if ((in = troc_csv_open(path, &r->cli.csv, &e)) == NULL)
		cli_fatal(&r->cli, &e);
	if (fn(&r->rep, in, r->rj, &r->in, &r->ok, &e) < 0) {
		troc_csv_free(in);
		troc_rejects_close(r->rj, 0, NULL);
		cli_fatal(&r->cli, &e);
	}
	troc_csv_free(in);
}

static void
missing(struct run *r)
{
	unsigned long nh = 0, nu = 0;
	size_t i;

	for (i = 0; i < r->rep.nmv; i++) {
		nh += r->rep.have_h && !r->rep.hh[r->rep.mv[i].hh].known;
		nu += (r->rep.have_h || r->rep.have_u) &&
		    (!r->rep.home[r->rep.mv[i].from].known ||
		    !r->rep.home[r->rep.mv[i].to].known);
	}
	if (nh)
		cli_warn(&r->cli, "%s: %lu household%s of the proposals not "
		    "found", r->households, nh, nh > 1 ? "s" : "");
	if (nu)
		cli_warn(&r->cli, "%lu move%s with a home found in neither -H "
		    "nor -u", nu, nu > 1 ? "s" : "");
}

static void
tick(void *arg, struct troc_csv *in, unsigned long records)
{
	cli_progress(arg, in, records);
}

static void
load(struct run *r, int n, char **inputs)
{
	struct troc_err e;
	char path[4096];
	int i;

	if (troc_report_init(&r->rep, r->landlord) < 0) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&r->cli, &e);
	}
	if ((r->rj = troc_rejects_open(r->cli.rejects, &e)) == NULL)
		cli_fatal(&r->cli, &e);
	r->rep.tick = tick;
	r->rep.tick_arg = &r->cli;
	for (i = 0; i < n; i++)
		read_file(r, inputs[i], troc_report_read_proposals);
	if (r->units)
		read_file(r, r->units, troc_report_read_units);
	if (r->households)
		read_file(r, r->households, troc_report_read_households);
	cli_progress_done(&r->cli);
	missing(r);
	troc_datafile("idf-communes.csv", path, sizeof(path));
	if (troc_report_load_names(&r->rep, path, &e) < 0)
		cli_warn(&r->cli, "%s: %s: communes shown by code only",
		    e.file ? e.file : path, e.msg);
	troc_datafile(TROC_OUTLINES_FILE, path, sizeof(path));
	if (r->fmt == FMT_HTML && (r->households || r->units) &&
	    troc_report_load_outlines(&r->rep, path, &e) < 0)
		cli_warn(&r->cli, "%s: %s: no map", e.file ? e.file : path,
		    e.msg);
}

static int
render(struct run *r)
{
	static const struct troc_out_opts excel = { ';', 1, 1, 1, 1, 0 };
	struct troc_err e;

	if ((r->out = troc_out_open(r->cli.out, r->excel ? &excel : NULL,
	    &e)) == NULL) {
		troc_rejects_close(r->rj, 0, NULL);
		cli_fatal(&r->cli, &e);
	}
	if (r->fmt == FMT_HTML)
		return troc_report_html(r->out, &r->rep, &r->figs);
	if (r->fmt == FMT_TEXT)
		return troc_report_text(r->out, &r->rep, &r->figs);
	if (r->table && strcmp(r->table, "exchanges") == 0)
		return troc_report_exchanges(r->out, &r->rep);
	return troc_report_csv(r->out, &r->figs, r->table);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct run r;
	struct troc_err e;
	char **inputs, **all;
	int n, i, status;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "troc-report", synopsis, help);
	options(&r, argc, argv);
	inputs = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	if ((all = calloc((size_t)n + 3, sizeof(*all))) == NULL)
		return CLI_EXIT_ERROR;
	for (i = 0; i < n; i++)
		all[i] = inputs[i];
	if (r.households)
		all[i++] = (char *)r.households;
	if (r.units)
		all[i++] = (char *)r.units;
	cli_check_outputs(&r.cli, i, all);
	free(all);
	load_key(&r);
	load(&r, n, inputs);
	if (troc_report_select(&r.rep, r.pseudo, r.key, r.keylen) < 0 ||
	    troc_report_figures(&r.rep, &r.figs) < 0) {
		troc_err_set(&e, NULL, 0, "out of memory");
		troc_rejects_close(r.rj, 0, NULL);
		cli_fatal(&r.cli, &e);
	}
	sodium_memzero(r.key, sizeof(r.key));
	/* a failed write sticks: closing the output reports it */
	render(&r);
	status = cli_finish(&r.cli, r.out, r.rj, 0, r.in, r.ok);
	troc_figs_release(&r.figs);
	troc_report_release(&r.rep);
	return status;
}
