/* troc-validate: households checked against the inventory and the law,
 * with their derived facts and priorities (SPEC.md §3.2, §3.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/households.h"
#include "troc/reference.h"

static const char synopsis[] =
    "usage: troc-validate -u UNITS [-q] [-y YEAR] [-P POLICY] [--explain]\n"
    "                     [-d DELIM] [-e ENC] [-o FILE] [-r FILE] "
    "[FILE...]\n";

static const char help[] =
    "Check households (troc-formats(5)) against the units and the rules;\n"
    "write them validated, with category, occupancy, effort and priority.\n"
    "\n"
    "  -u, --units FILE      the canonical units (troc-import output)\n"
    "  -y, --year YEAR       income ceilings of YEAR (default: the latest)\n"
    "  -P, --policy FILE     policy file (key = value), see troc-validate(1)\n"
    "      --explain         say, for each household, how it was derived\n";

enum { OPT_EXPLAIN = CLI_OPT_FIRST_FREE };

struct run {
	struct cli cli;
	const char *units, *policy_file;
	int year, explain;
	struct troc_reference ref;
	struct troc_inventory inv;
	struct troc_validator val;
	struct troc_out *out;
	struct troc_rejects *rj;
	struct troc_extras extras;
	int have_extras;
	unsigned long in, written;
};

static void
options(struct run *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "units", required_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "policy", required_argument, NULL, 'P' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	while ((c = cli_getopt(&r->cli, argc, argv, "u:y:P:" CLI_SHORTOPTS,
	    longopts)) != -1) {
		switch (c) {
		case 'u':
			r->units = optarg;
			break;
		case 'y':
			r->year = (int)strtol(optarg, &end, 10);
			if (*end || r->year < 1900 || r->year > 2200)
				cli_usage(&r->cli, "-y: not a year: %s", optarg);
			break;
		case 'P':
			r->policy_file = optarg;
			break;
		case OPT_EXPLAIN:
			r->explain = 1;
			break;
		default:
			cli_usage(&r->cli, NULL);
		}
	}
	if (r->units == NULL)
		cli_usage(&r->cli, "-u UNITS is required");
}

/* Communes, policy, ceilings and the inventory. */
static void
load_reference(struct run *r)
{
	struct troc_err e;
	struct troc_ctx ctx;

	if (troc_reference_load(&r->ref, troc_datadir(), r->policy_file,
	    r->year, &e) < 0)
		cli_fatal(&r->cli, &e);
	if (troc_inventory_load(&r->inv, r->units, NULL, r->ref.geo,
	    &r->ref.policy, &e) < 0)
		cli_fatal(&r->cli, &e);
	if (r->inv.skipped)
		cli_warn(&r->cli, "%s: %lu rows are not sound units and were "
		    "skipped (first: line %lu: %s%s%s)", r->units,
		    r->inv.skipped, r->inv.first_line,
		    r->inv.first.column ? r->inv.first.column : "",
		    r->inv.first.column ? ": " : "", r->inv.first.msg);
	troc_reference_ctx(&r->ref, &ctx);
	if (troc_validator_init(&r->val, &r->inv, &ctx) < 0) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&r->cli, &e);
	}
}

static void
explain(const struct run *r, const char *file, const struct troc_rec *rec,
    const struct troc_hh *x)
{
	char buf[2048];

	troc_hh_explain(x, &r->val.ctx, buf, sizeof(buf));
	fprintf(stderr, "%s: %s:%lu: %.*s: %s\n", r->cli.prog, file, rec->line,
	    (int)x->idlen, x->id, buf);
}

/* Returns 1 written, 0 rejected, -1 on a failed write or no memory. */
static int
one(struct run *r, const char *file, const struct troc_bind *b,
    const struct troc_rec *rec, struct troc_hh *x)
{
	struct troc_fault f;
	int k;

	if ((k = troc_rejects_check(r->rj, file, rec, b->nin)) != 0)
		return k < 0 ? -1 : 0;
	if ((k = troc_validate(&r->val, x, b, rec, &f)) == -2)
		return -1;
	if (k < 0) {
		if (r->explain)
			fprintf(stderr, "%s: %s:%lu: rejected: %s%s%s\n",
			    r->cli.prog, file, rec->line,
			    f.column ? f.column : "", f.column ? ": " : "",
			    f.msg);
		return troc_rejects_fault(r->rj, file, rec, &f) < 0 ? -1 : 0;
	}
	if (r->explain)
		explain(r, file, rec, x);
	if (troc_hh_write(r->out, x, &r->inv) < 0 ||
	    troc_extras_write(r->out, &r->extras, rec) < 0 ||
	    troc_out_eor(r->out) < 0)
		return -1;
	return 1;
}

static void
header(struct run *r, const struct troc_bind *b, const struct troc_rec *h,
    const char *file)
{
	long dropped;

	if (!r->have_extras) {
		if (troc_extras_init(&r->extras, b, h) < 0)
			return;
		r->have_extras = 1;
		troc_hh_write_header(r->out);
		troc_extras_header(r->out, &r->extras);
		troc_out_eor(r->out);
	} else if ((dropped = troc_extras_align(&r->extras, b, h)) > 0) {
		cli_warn(&r->cli, "%s: %ld extra column%s not in the first "
		    "file, not written", file, dropped, dropped > 1 ? "s" : "");
	}
}

/* A write failed (output or rejects) or memory ran out: say which (the
 * file written, not the line read), and end. */
static void
write_failed(struct run *r, const char *file, unsigned long line)
{
	struct troc_err e;

	if (troc_out_close(r->out, 0, &e) == 0 &&
	    troc_rejects_close(r->rj, 0, &e) == 0)
		troc_err_set(&e, file, line, "out of memory");
	r->out = NULL;
	cli_fatal(&r->cli, &e);
}

static int
validate_file(struct run *r, const char *path)
{
	struct troc_err e;
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_hh x;
	int k;

	if ((in = troc_csv_open(path, &r->cli.csv, &e)) == NULL)
		cli_fatal(&r->cli, &e);
	if (troc_bind_header(&b, troc_csv_header(in), troc_household_cols,
	    TROC_H_NCOLS, troc_csv_name(in), &e) < 0)
		cli_fatal(&r->cli, &e);
	header(r, &b, troc_csv_header(in), troc_csv_name(in));
	troc_hh_init(&x);
	while ((k = troc_csv_next(in, &rec, &e)) > 0) {
		r->in++;
		if ((k = one(r, troc_csv_name(in), &b, &rec, &x)) < 0)
			write_failed(r, troc_csv_name(in), rec.line);
		r->written += (unsigned long)k;
		cli_progress(&r->cli, in, r->in);
	}
	troc_hh_release(&x);
	troc_bind_release(&b);
	troc_csv_free(in);
	if (k < 0)
		cli_error(&r->cli, &e);
	return k < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct run r;
	struct troc_err e;
	char **inputs;
	int n, i, failed = 0, status;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "troc-validate", synopsis, help);
	options(&r, argc, argv);
	inputs = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	cli_check_outputs(&r.cli, n, inputs);
	load_reference(&r);
	if ((r.rj = troc_rejects_open(r.cli.rejects, &e)) == NULL ||
	    (r.out = troc_out_open(r.cli.out, NULL, &e)) == NULL)
		cli_fatal(&r.cli, &e);
	for (i = 0; i < n && !failed; i++)
		failed = validate_file(&r, inputs[i]) < 0;
	status = cli_finish(&r.cli, r.out, r.rj, failed, r.in, r.written);
	troc_extras_release(&r.extras);
	troc_validator_release(&r.val);
	troc_inventory_release(&r.inv);
	troc_reference_release(&r.ref);
	return status;
}
