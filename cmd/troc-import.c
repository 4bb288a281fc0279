/* troc-import: landlord inventories to canonical units (SPEC.md §3.1, §4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/field.h"
#include "troc/geo.h"
#include "troc/import.h"
#include "troc/mapping.h"
#include "troc/units.h"

static const char synopsis[] =
    "usage: troc-import [-q] [-f units|rpls] [-l LANDLORD] [-m MAP] "
    "[--stats]\n"
    "                   [-d DELIM] [-e ENC] [-o FILE] [-r FILE] [FILE...]\n";

static const char help[] =
    "Read landlord inventories and write canonical units (troc-formats(5)).\n"
    "\n"
    "  -f, --format FMT      input layout: units (canonical, default) or rpls\n"
    "  -l, --landlord CODE   landlord of every unit (needed by -f rpls)\n"
    "  -m, --map FILE        read a landlord's own export through a map\n"
    "      --stats           counts by status, financing, rooms, departement\n";

enum { OPT_STATS = CLI_OPT_FIRST_FREE };

struct stats {
	unsigned long status[4], fin[5], rooms[21], dep[TROC_NDEP];
};

struct import {
	struct cli cli;
	const char *format, *landlord, *mapfile;
	int stats_on;
	struct stats st;
	struct troc_geo *geo;
	struct troc_map *map;
	struct troc_import *imp;
	struct troc_extras extras;
	struct troc_out *out;
	struct troc_rejects *rj;
	struct troc_csv *cur;		/* the file being read */
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
one_unit(struct import *im, const char *file, const struct troc_rec *rec)
{
	struct troc_unit u;
	struct troc_fault f;
	int k;

	k = troc_rejects_check(im->rj, file, rec,
	    troc_import_bind(im->imp)->nin);
	if (k != 0)
		return k < 0 ? -1 : 0;
	if ((k = troc_import_row(im->imp, rec, &u, &f)) <= 0) {
		if (k < 0)
			return -1;
		return troc_rejects_fault(im->rj, file, rec, &f) < 0 ? -1 : 0;
	}
	count(&im->st, &u);
	if (troc_unit_write_fields(im->out, &u) < 0 ||
	    troc_extras_write(im->out, &im->extras, rec) < 0 ||
	    troc_out_eor(im->out) < 0)
		return -1;
	return 1;
}

/* A write failed (or memory ran out): say which, and end. */
static void
write_failed(struct import *im)
{
	struct troc_err e;

	if (troc_out_close(im->out, 0, &e) == 0 &&
	    troc_rejects_close(im->rj, 0, &e) == 0)
		troc_err_set(&e, NULL, 0, "out of memory");
	troc_csv_free(im->cur);	/* e names an output, not this input */
	cli_fatal(&im->cli, &e);
}

/* The output header from the first file; later files' extra columns are
 * matched to it by name. */
static void
header(struct import *im, const struct troc_rec *hdr, const char *file)
{
	const struct troc_bind *b = troc_import_bind(im->imp);
	long dropped;

	if (!im->header_done) {
		if (troc_extras_init(&im->extras, b, hdr) < 0)
			write_failed(im);
		troc_unit_write_header(im->out, b, hdr);
		im->header_done = 1;
	} else if ((dropped = troc_extras_align(&im->extras, b, hdr)) > 0) {
		cli_warn(&im->cli, "%s: %ld extra column%s not in the first "
		    "file, not written", file, dropped, dropped > 1 ? "s" : "");
	} else if (dropped < 0) {
		write_failed(im);
	}
}

static int
import_file(struct import *im, const char *path)
{
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	const char *file;
	int k;

	if ((r = troc_csv_open(path, &im->cli.csv, &e)) == NULL)
		cli_fatal(&im->cli, &e);
	im->cur = r;
	file = troc_csv_name(r);
	if (troc_import_begin(im->imp, troc_csv_header(r), file, &e) < 0)
		cli_fatal(&im->cli, &e);
	header(im, troc_csv_header(r), file);
	while ((k = troc_csv_next(r, &rec, &e)) > 0) {
		im->in++;
		if ((k = one_unit(im, file, &rec)) < 0)
			write_failed(im);
		im->written += (unsigned long)k;
		cli_progress(&im->cli, r, im->in);
	}
	troc_csv_free(r);
	im->cur = NULL;
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
	struct troc_fault f;
	int c, rpls;

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
			im->mapfile = optarg;
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
	rpls = strcmp(im->format, "rpls") == 0;
	if (rpls && im->mapfile)
		cli_usage(&im->cli, "-m reads a landlord's own export: not with "
		    "-f rpls");
	if (im->landlord && troc_field_id("-l", im->landlord,
	    strlen(im->landlord), &f) < 0)
		cli_usage(&im->cli, "-l: landlord code must be 1 to 64 "
		    "characters of A-Za-z0-9._:/- (it starts unit ids)");
	if (rpls && im->landlord == NULL)
		cli_usage(&im->cli, "-f rpls needs -l LANDLORD: RPLS files do "
		    "not name their landlord");
	if (!rpls && im->mapfile == NULL && im->landlord)
		cli_usage(&im->cli, "-l is for -f rpls and -m: canonical units "
		    "name their landlord");
}

/* Load the map of -m: a landlord column, or -l, is needed. */
static void
load_map(struct import *im)
{
	struct troc_err e;

	if ((im->map = troc_map_load(im->mapfile, &e)) == NULL)
		cli_fatal(&im->cli, &e);
	if (im->landlord == NULL && !troc_map_has(im->map, TROC_U_LANDLORD))
		cli_usage(&im->cli, "-m %s maps no landlord column: give -l "
		    "LANDLORD", im->mapfile);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct import im;
	struct troc_import_opts o;
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
	if (im.mapfile)
		load_map(&im);
	if ((im.geo = troc_geo_load(troc_datadir(), &e)) == NULL)
		cli_fatal(&im.cli, &e);
	memset(&o, 0, sizeof(o));
	o.fmt = im.map ? TROC_IMPORT_MAP : strcmp(im.format, "rpls") == 0 ?
	    TROC_IMPORT_RPLS : TROC_IMPORT_UNITS;
	o.landlord = im.landlord;
	o.map = im.map;
	o.geo = im.geo;
	if ((im.imp = troc_import_new(&o)) == NULL) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&im.cli, &e);
	}
	if ((im.rj = troc_rejects_open(im.cli.rejects, &e)) == NULL ||
	    (im.out = troc_out_open(im.cli.out, NULL, &e)) == NULL)
		cli_fatal(&im.cli, &e);
	for (i = 0; i < n && !failed; i++)
		failed = import_file(&im, inputs[i]) < 0;
	if (im.stats_on)
		print_stats(&im);
	status = cli_finish(&im.cli, im.out, im.rj, failed, im.in, im.written);
	troc_extras_release(&im.extras);
	troc_import_free(im.imp);
	troc_map_free(im.map);
	troc_geo_free(im.geo);
	return status;
}
