/* graphtime: the compatibility graph alone, for make bench: reads the
 * validated households and the units (for their vacancies) as troc-match
 * does, then times the graph's build and the writing of its files (-E):
 * wall and CPU seconds of each, apart from the reading. */
#include <stdio.h>
#include <time.h>

#include "troc/datadir.h"
#include "troc/graphio.h"
#include "troc/market.h"
#include "troc/reference.h"

static void
fail(const struct troc_err *e)
{
	fprintf(stderr, "graphtime: %s:%lu: %s\n", e->file ? e->file : "",
	    e->line, e->msg);
}

static double
now(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int
households(struct troc_market *m, const char *path,
    const struct troc_inventory *inv)
{
	struct troc_err e;
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_fault f;
	struct troc_hh x;
	int k;

	if ((in = troc_csv_open(path, NULL, &e)) == NULL ||
	    troc_bind_header(&b, troc_csv_header(in), troc_validated_cols,
	    TROC_V_NCOLS, path, &e) < 0) {
		fail(&e);
		return -1;
	}
	troc_hh_init(&x);
	while ((k = troc_csv_next(in, &rec, &e)) > 0)
		if (troc_market_add_record(m, &x, &b, &rec, inv, &f) == -2)
			k = -1;
	troc_hh_release(&x);
	troc_bind_release(&b);
	troc_csv_free(in);
	return k;
}

static const char *
node_id(const void *m, size_t i)
{
	return troc_market_id(m, i);
}

int
main(int argc, char **argv)
{
	struct troc_reference ref;
	struct troc_inventory inv;
	struct troc_market m;
	struct troc_graph g;
	struct troc_market_stats st;
	struct troc_ctx ctx;
	struct troc_err e;
	size_t clash;
	double w0, c0, w1, c1, w2, c2;

	if (argc != 4) {
		fprintf(stderr, "usage: graphtime UNITS HOUSEHOLDS DIR\n");
		return 2;
	}
	if (troc_reference_load(&ref, troc_datadir(), NULL, 0, &e) < 0 ||
	    troc_inventory_load(&inv, argv[1], NULL, ref.geo, &ref.policy,
	    &e) < 0) {
		fail(&e);
		return 2;
	}
	troc_reference_ctx(&ref, &ctx);
	troc_graph_init(&g);
	if (troc_market_init(&m, &ctx) < 0 ||
	    households(&m, argv[2], &inv) < 0 ||
	    troc_market_add_vacancies(&m, &inv, &clash) < 0)
		return 2;
	w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	if (troc_market_graph(&m, &g, &st, &e) < 0) {
		fail(&e);
		return 2;
	}
	w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
	if (troc_graph_write(argv[3], &g, node_id, &m, &e) < 0) {
		fail(&e);
		return 2;
	}
	w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_PROCESS_CPUTIME_ID);
	printf("%zu arcs, build %.3f s (CPU %.3f s), files %.3f s "
	    "(CPU %.3f s)\n", g.m, w1 - w0, c1 - c0, w2 - w1, c2 - c1);
	troc_graph_release(&g);
	troc_market_release(&m);
	troc_inventory_release(&inv);
	troc_reference_release(&ref);
	return 0;
}
