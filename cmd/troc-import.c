/* troc-import: landlord inventories to canonical units (SPEC.md §3.1, §4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/geo.h"
#include "troc/idset.h"
#include "troc/units.h"

static const char synopsis[] =
    "usage: troc-import [-q] [-f units|rpls] [-l LANDLORD] [-m MAP] "
    "[--stats]\n"
    "                   [-d DELIM] [-e ENC] [-o FILE] [-r FILE] [FILE...]\n";

static const char help[] =
    "Read landlord inventories and write canonical units (troc-formats(5)).\n"
    "\n"
    "  -f, --format FMT      input layout: units (canonical, default) or rpls\n"
    "  -l, --landlord CODE   landlord code when the file has none\n"
    "  -m, --map FILE        column map for a landlord's own export\n"
    "      --stats           counts by status, financing, rooms, departement\n";

enum { OPT_STATS = CLI_OPT_FIRST_FREE };

struct stats {
	unsigned long status[4], fin[5], rooms[21], dep[TROC_NDEP];
};

struct import {
	struct cli cli;
	const char *format, *landlord, *map;
	int stats_on;
	struct stats st;
	struct troc_geo *geo;
	struct troc_idset *ids;
	struct troc_out *out;
	struct troc_rejects *rj;
	unsigned long in, written;
	int header_done;
};

static void
count(struct stats *st, const struct troc_unit *u)
{
	int d = troc_commune_dep(u->commune);

	st->status[u->status + 1]++;
	st->fin[u->financing + 1]++;
	st->rooms[u->rooms]++;
	if (d >= 0)
		st->dep[d]++;
}

/* Returns 1 written, 0 rejected, -1 when a write failed. */
static int
one_unit(struct import *im, const char *file, const struct troc_bind *b,
    const struct troc_rec *rec)
{
	struct troc_unit u;
	struct troc_fault f;
	int k;

	if ((k = troc_rejects_check(im->rj, file, rec, b->nin)) != 0)
		return k < 0 ? -1 : 0;
	if (troc_unit_parse(&u, b, rec, im->geo, &f) < 0)
		return troc_rejects_fault(im->rj, file, rec, &f) < 0 ? -1 : 0;
	if ((k = troc_idset_add(im->ids, u.id, u.idlen, NULL)) <= 0) {
		if (k < 0)
			return -1;
		return troc_rejects_add(im->rj, file, rec, "unit_id",
		    TROC_DUPLICATE, "unit_id %.*s seen before", (int)u.idlen,
		    u.id) < 0 ? -1 : 0;
	}
	count(&im->st, &u);
	return troc_unit_write(im->out, &u, b, rec) < 0 ? -1 : 1;
}

static void
write_failed(struct import *im)
{
	struct troc_err e;

	troc_out_close(im->out, 0, &e);
	im->out = NULL;
	cli_fatal(&im->cli, &e);
}

static int
import_units(struct import *im, const char *file)
{
	struct troc_err e;
	struct troc_csv *r;
	struct troc_bind b;
	struct troc_rec rec;
	int k;

	if ((r = troc_csv_open(file, &im->cli.csv, &e)) == NULL)
		cli_fatal(&im->cli, &e);
	if (troc_bind_header(&b, troc_csv_header(r), troc_unit_cols,
	    TROC_U_NCOLS, troc_csv_name(r), &e) < 0)
		cli_fatal(&im->cli, &e);
	if (!im->header_done) {
		troc_unit_write_header(im->out, &b, troc_csv_header(r));
		im->header_done = 1;
	}
	while ((k = troc_csv_next(r, &rec, &e)) > 0) {
		im->in++;
		if ((k = one_unit(im, troc_csv_name(r), &b, &rec)) < 0)
			write_failed(im);
		im->written += (unsigned long)k;
		cli_progress(&im->cli, r, im->in);
	}
	troc_bind_release(&b);
	troc_csv_free(r);
	if (k < 0) {
		cli_error(&im->cli, &e);
		return -1;
	}
	return 0;
}

static void
print_stats(const struct import *im)
{
	static const char *const st[] = { "unknown", "occupied", "vacant",
	    "unavailable" };
	static const char *const fin[] = { "unknown", "PLAI", "PLUS", "PLS",
	    "PLI" };
	char dep[8];
	int i;

	fprintf(stderr, "troc-import: %lu records, %lu units, %lu rejected\n",
	    im->in, im->written, troc_rejects_count(im->rj));
	for (i = 0; i < 4; i++)
		if (im->st.status[i])
			fprintf(stderr, "status\t%s\t%lu\n", st[i],
			    im->st.status[i]);
	for (i = 0; i < 5; i++)
		if (im->st.fin[i])
			fprintf(stderr, "financing\t%s\t%lu\n", fin[i],
			    im->st.fin[i]);
	for (i = 1; i <= 20; i++)
		if (im->st.rooms[i])
			fprintf(stderr, "rooms\t%d\t%lu\n", i, im->st.rooms[i]);
	for (i = 0; i < TROC_NDEP; i++)
		if (im->st.dep[i])
			fprintf(stderr, "departement\t%s\t%lu\n",
			    troc_dep_code(i, dep), im->st.dep[i]);
	for (i = 0; i < TROC_NCODES; i++)
		if (troc_rejects_count_code(im->rj, (enum troc_code)i))
			fprintf(stderr, "rejected\t%s\t%lu\n",
			    troc_code_name((enum troc_code)i),
			    troc_rejects_count_code(im->rj, (enum troc_code)i));
}

static void
options(struct import *im, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "landlord", required_argument, NULL, 'l' },
		{ "map", required_argument, NULL, 'm' },
		{ "stats", no_argument, NULL, OPT_STATS },
		CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = cli_getopt(&im->cli, argc, argv, "f:l:m:" CLI_SHORTOPTS,
	    longopts)) != -1) {
		switch (c) {
		case 'f':
			im->format = optarg;
			break;
		case 'l':
			im->landlord = optarg;
			break;
		case 'm':
			im->map = optarg;
			break;
		case OPT_STATS:
			im->stats_on = 1;
			break;
		default:
			cli_usage(&im->cli, NULL);
		}
	}
	if (strcmp(im->format, "units") != 0 && strcmp(im->format, "rpls") != 0)
		cli_usage(&im->cli, "-f: unknown format: %s", im->format);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct import im;
	struct troc_err e;
	char **inputs;
	int n, i, failed = 0, status;

	memset(&im, 0, sizeof(im));
	cli_init(&im.cli, "troc-import", synopsis, help);
	im.format = "units";
	options(&im, argc, argv);
	inputs = optind < argc ? argv + optind : stdin_only;
	n = optind < argc ? argc - optind : 1;
	cli_check_outputs(&im.cli, n, inputs);
	if (strcmp(im.format, "rpls") == 0 || im.map) {
		troc_err_set(&e, NULL, 0, "%s: not implemented yet",
		    im.map ? "-m" : "-f rpls");
		cli_fatal(&im.cli, &e);
	}
	if ((im.geo = troc_geo_load(troc_datadir(), &e)) == NULL)
		cli_fatal(&im.cli, &e);
	if ((im.ids = troc_idset_new()) == NULL ||
	    (im.rj = troc_rejects_open(im.cli.rejects, &e)) == NULL ||
	    (im.out = troc_out_open(im.cli.out, NULL, &e)) == NULL)
		cli_fatal(&im.cli, &e);
	for (i = 0; i < n && !failed; i++)
		failed = import_units(&im, inputs[i]) < 0;
	if (im.stats_on)
		print_stats(&im);
	status = cli_finish(&im.cli, im.out, im.rj, failed, im.in, im.written);
	troc_idset_free(im.ids);
	troc_geo_free(im.geo);
	return status;
}
