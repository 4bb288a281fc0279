/* troc-match: validated households and vacant homes to proposals: the
 * compatibility graph (SPEC.md §3.4, §3.5), then the best exchanges. */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "troc/datadir.h"
#include "troc/graphio.h"
#include "troc/market.h"
#include "troc/proposals.h"
#include "troc/reference.h"
#include "troc/ttc.h"

static const char synopsis[] =
    "usage: troc-match [-q] [-k K] [-L L] [-v UNITS] [-x FILE] [-y YEAR] "
    "[-P POLICY]\n"
    "                  [-t SECONDS] [--method exact|ttc] [--explain ID]\n"
    "                  [-E DIR | -g DIR] [-d DELIM] [-e ENC] [-o FILE] "
    "[-r FILE] [FILE...]\n";

static const char help[] =
    "Find the best exchanges among validated households (troc-validate\n"
    "output) and vacant homes: swaps, cycles and chains.\n"
    "\n"
    "  -k K                  longest cycle, in households (default 3; 0: "
    "unbounded)\n"
    "  -L L                  longest chain from a vacancy (default 3)\n"
    "  -v, --vacancies UNITS the units file: its vacant homes start chains\n"
    "  -x, --exclude FILE    pairs refused before (columns household,unit)\n"
    "  -y, --year YEAR       income ceilings of YEAR (default: the latest)\n"
    "  -P, --policy FILE     policy file, as troc-validate(1)\n"
    "  -t, --time-limit S    end after about S seconds (the reading\n"
    "                        included) with the best found\n"
    "      --method M        exact (default) or ttc (Top Trading Cycles)\n"
    "      --explain ID      say why household ID has the exchanges it has\n"
    "  -E, --export DIR      write the graph to DIR/nodes.csv, DIR/arcs.csv "
    "and stop\n"
    "  -g, --graph DIR       solve the graph in DIR instead\n";

enum { OPT_METHOD = CLI_OPT_FIRST_FREE, OPT_EXPLAIN };

struct run {
	struct cli cli;
	struct troc_kep_opts kep;
	int l_given, ttc;
	double start;		/* the run's, for -t */
	const char *vac, *excl, *policy_file, *export, *graph, *explain;
	int year;
	struct troc_reference ref;
	struct troc_inventory inv;
	int have_inv;
	struct troc_market m;
	struct troc_idset *gids;	/* node ids on -g */
	struct troc_graph g;
	struct troc_rejects *rj;
	unsigned long in, accepted;
	size_t ppart;		/* solve_progress: the part shown, */
	double pbound;		/* and its last bound */
};

static int
number(struct run *r, const char *opt, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end || errno || v < lo || v > hi || v != v)
		cli_usage(&r->cli, "%s: not a number from %g to %g: %s", opt,
		    lo, hi, s);
	return (int)v;
}

static void
options(struct run *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vacancies", required_argument, NULL, 'v' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "year", required_argument, NULL, 'y' },
		{ "policy", required_argument, NULL, 'P' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "export", required_argument, NULL, 'E' },
		{ "graph", required_argument, NULL, 'g' },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	troc_kep_opts_init(&r->kep);
	while ((c = cli_getopt(&r->cli, argc, argv,
	    "k:L:v:x:y:P:t:E:g:" CLI_SHORTOPTS, longopts)) != -1) {
		switch (c) {
		case 'k':
			r->kep.k = number(r, "-k", optarg, 0, 1000);
			break;
		case 'L':
			r->kep.l = number(r, "-L", optarg, 0, 1000);
			r->l_given = 1;
			break;
		case 'v':
			r->vac = optarg;
			break;
		case 'x':
			r->excl = optarg;
			break;
		case 'y':
			r->year = number(r, "-y", optarg, 1900, 2200);
			break;
		case 'P':
			r->policy_file = optarg;
			break;
		case 't':
			r->kep.time_limit = strtod(optarg, &end);
			if (*end || !(r->kep.time_limit > 0))
				cli_usage(&r->cli, "-t: not a number of "
				    "seconds: %s", optarg);
			break;
		case 'E':
			r->export = optarg;
			break;
		case 'g':
			r->graph = optarg;
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "ttc") != 0 &&
			    strcmp(optarg, "exact") != 0)
				cli_usage(&r->cli, "--method: exact or ttc, "
				    "not %s", optarg);
			r->ttc = strcmp(optarg, "ttc") == 0;
			break;
		case OPT_EXPLAIN:
			r->explain = optarg;
			break;
		default:
			cli_usage(&r->cli, NULL);
		}
	}
	if (r->export && r->graph)
		cli_usage(&r->cli, "-E and -g do not go together");
	if (r->graph && (r->vac || r->excl || r->explain))
		cli_usage(&r->cli, "-g solves a graph: -v, -x and --explain "
		    "need households");
}

/* What troc-match's small build (no LP solver linked: cmd/match_nolp.c)
 * cannot do itself: cycles of 3 or more, chains, K = 0. -E and TTC
 * solve nothing with it; K = 2 without chains is a matching. */
static int
needs_lp(const struct run *r)
{
	return !(r->export || r->ttc ||
	    (r->kep.k == 2 && r->l_given && r->kep.l == 0));
}

/* Run the whole program in this process's place, with the arguments as
 * given (argv before getopt reordered it): libexec/troc-match-lp beside
 * bin/ in the build tree as where installed. Nothing is read or opened
 * yet. Returns only to fail. */
static void
run_whole(struct run *r, char **args)
{
	static const char rel[] = "/../libexec/troc-match-lp";
	char path[PATH_MAX];
	struct troc_err e;

	errno = ENAMETOOLONG;
	if (troc_exe_dir(path, sizeof(path) - sizeof(rel) + 1) < 0) {
		troc_err_set(&e, "/proc/self/exe", 0, "cannot find this "
		    "program's folder: %s", strerror(errno));
		cli_fatal(&r->cli, &e);
	}
	strcat(path, rel);
	execv(path, args);
	troc_err_set(&e, path, 0, "cannot run it (cycles of 3 or more, "
	    "chains and -k 0 need it): %s", strerror(errno));
	cli_fatal(&r->cli, &e);
}

static void
load_reference(struct run *r)
{
	struct troc_err e;
	struct troc_ctx ctx;

	if (troc_reference_load(&r->ref, troc_datadir(), r->policy_file,
	    r->year, &e) < 0)
		cli_fatal(&r->cli, &e);
	if (r->vac) {
		if (troc_inventory_load(&r->inv, r->vac, NULL, r->ref.geo,
		    &r->ref.policy, &e) < 0)
			cli_fatal(&r->cli, &e);
		r->have_inv = 1;
		if (r->inv.skipped)
			cli_warn(&r->cli, "%s: %lu rows are not sound units "
			    "and were skipped", r->vac, r->inv.skipped);
	}
	troc_reference_ctx(&r->ref, &ctx);
	if (troc_market_init(&r->m, &ctx) < 0) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&r->cli, &e);
	}
}

/* Read one file of validated households into the market. */
static void
read_households(struct run *r, const char *path)
{
	struct troc_err e;
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	struct troc_fault f;
	struct troc_hh x;
	int k, c;

	if ((in = troc_csv_open(path, &r->cli.csv, &e)) == NULL)
		cli_fatal(&r->cli, &e);
	if (troc_bind_header(&b, troc_csv_header(in), troc_validated_cols,
	    TROC_V_NCOLS, troc_csv_name(in), &e) < 0)
		cli_fatal(&r->cli, &e);
	troc_hh_init(&x);
	while ((k = troc_csv_next(in, &rec, &e)) > 0) {
		r->in++;
		if ((c = troc_rejects_check(r->rj, path, &rec, b.nin)) == 0) {
			c = troc_market_add_record(&r->m, &x, &b, &rec,
			    r->have_inv ? &r->inv : NULL, &f);
			if (c == -1)
				c = troc_rejects_fault(r->rj, path, &rec, &f) <
				    0 ? -1 : 1;
			else if (c == 1 && troc_rejects_add(r->rj, path, &rec,
			    "household_id", TROC_DUPLICATE, "household %.*s "
			    "seen before", (int)x.idlen, x.id) < 0)
				c = -1;
		}
		if (c < 0) {
			troc_err_set(&e, path, rec.line, "out of memory or "
			    "cannot write the rejects");
			cli_fatal(&r->cli, &e);
		}
		r->accepted += c == 0;
		cli_progress(&r->cli, in, r->in);
	}
	if (k < 0)
		cli_fatal(&r->cli, &e);
	troc_hh_release(&x);
	troc_bind_release(&b);
	troc_csv_free(in);
}

static void
read_exclusions(struct run *r)
{
	static const struct troc_col cols[] = {
		{ "household", 1, "household_id" }, { "unit", 1, "unit_id" }
	};
	struct troc_err e;
	struct troc_csv *in;
	struct troc_bind b;
	struct troc_rec rec;
	size_t hn, un;
	const char *h, *u;
	int k;

	if ((in = troc_csv_open(r->excl, NULL, &e)) == NULL)
		cli_fatal(&r->cli, &e);
	if (troc_bind_header(&b, troc_csv_header(in), cols, 2,
	    troc_csv_name(in), &e) < 0)
		cli_fatal(&r->cli, &e);
	while ((k = troc_csv_next(in, &rec, &e)) > 0) {
		h = troc_bind_get(&b, &rec, 0, &hn);
		u = troc_bind_get(&b, &rec, 1, &un);
		if (troc_market_exclude(&r->m, h, hn, u, un) < 0) {
			troc_err_set(&e, r->excl, rec.line, "out of memory");
			k = -1;
			break;
		}
	}
	if (k < 0)
		cli_fatal(&r->cli, &e);
	troc_bind_release(&b);
	troc_csv_free(in);
}

static const char *
node_id(const void *arg, size_t i)
{
	const struct run *r = arg;

	return r->graph ? troc_idset_get(r->gids, i, NULL) :
	    troc_market_id(&r->m, i);
}

static const char *
node_unit(const void *arg, size_t i)
{
	const struct run *r = arg;

	return r->graph ? troc_idset_get(r->gids, i, NULL) :
	    troc_market_unit(&r->m, i);
}

static void
print_stats(const struct run *r, const struct troc_market_stats *st)
{
	if (r->cli.quiet)
		return;
	fprintf(stderr, "%s: graph: %zu households (%zu blocked), %zu "
	    "vacancies, %zu arcs, %zu mutual pairs, %zu households with no "
	    "home to take, %zu whose home nobody can take (%zu pairs looked "
	    "at)\n", r->cli.prog, st->households, st->blocked, st->vacancies,
	    st->arcs, st->mutual, st->no_in, st->no_out, st->candidates);
}

/* The optimiser's progress, on cli.c's meter (a terminal, or --progress):
 * the part it works on and, for a large one, its best answer and bound so
 * far, on one line rewritten at most four times a second. */
static void
solve_progress(void *arg, const struct troc_kep_progress *p)
{
	struct run *r = arg;

	if (!cli_progress_due(&r->cli))
		return;
	if (p->parts == 0) {
		fprintf(stderr, "\r%s: finding the exchanges (%.0f s)\033[K",
		    r->cli.prog, p->seconds);
		return;
	}
	if (p->part != r->ppart) {
		r->ppart = p->part;
		r->pbound = -1;
	}
	if (p->bound >= 0)
		r->pbound = p->bound;
	fprintf(stderr, "\r%s: part %zu of %zu (%zu homes)", r->cli.prog,
	    p->part, p->parts, p->nodes);
	if (strcmp(p->what, "bound") == 0)
		fprintf(stderr, ", bounding: step %zu", p->step);
	else if (strcmp(p->what, "pieces") == 0)
		fprintf(stderr, ", improving: piece %zu", p->step);
	else if (strcmp(p->what, "search") == 0)
		fprintf(stderr, ", searching: %zuk moves", p->step / 1000);
	else if (strcmp(p->what, "chains") == 0)
		fprintf(stderr, ", chains again: step %zu", p->step);
	if (p->best >= 0 && r->pbound > 0)
		fprintf(stderr, ", best %.0f, bound %.0f (gap %.2f%%)", p->best,
		    r->pbound, 100 * (r->pbound - p->best) / r->pbound);
	fprintf(stderr, " (%.0f s)\033[K", p->seconds);
}

static void
build_graph(struct run *r, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct troc_market_stats st;
	struct troc_err e;
	char **inputs = optind < argc ? argv + optind : stdin_only;
	int n = optind < argc ? argc - optind : 1, i;
	size_t clash;

	cli_check_outputs(&r->cli, n, inputs);
	load_reference(r);
	for (i = 0; i < n; i++)
		read_households(r, inputs[i]);
	if (r->have_inv) {
		if (troc_market_add_vacancies(&r->m, &r->inv, &clash) < 0) {
			troc_err_set(&e, r->vac, 0, "out of memory");
			cli_fatal(&r->cli, &e);
		}
		if (clash)
			cli_warn(&r->cli, "%s: %zu vacant units have the id of "
			    "a household and were left out", r->vac, clash);
	}
	if (r->excl)
		read_exclusions(r);
	cli_progress_done(&r->cli);
	if (troc_market_graph(&r->m, &r->g, &st, &e) < 0)
		cli_fatal(&r->cli, &e);
	print_stats(r, &st);
}

static void
read_graph(struct run *r)
{
	struct troc_graph_counts c;
	struct troc_err e;

	if ((r->gids = troc_idset_new()) == NULL) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&r->cli, &e);
	}
	if (troc_graph_read(r->graph, &r->cli.csv, &r->g, r->gids, r->rj, &c,
	    &e) < 0)
		cli_fatal(&r->cli, &e);
	r->in = c.nodes + c.arcs;
	r->accepted = r->in - c.rejected;
	if (c.into_vacancy)
		cli_warn(&r->cli, "%s: %lu arc%s into a vacancy ignored",
		    r->graph, c.into_vacancy, c.into_vacancy > 1 ? "s" : "");
	if (c.self_loops)
		cli_warn(&r->cli, "%s: %lu arc%s from a node to itself ignored",
		    r->graph, c.self_loops, c.self_loops > 1 ? "s" : "");
}

static int
solve_ttc(struct run *r, struct troc_kep_result *res, struct troc_err *e)
{
	struct troc_ttc_market tm;
	const char **ids = malloc((r->g.n + 1) * sizeof(*ids));
	long *assign = malloc((r->g.n + 1) * sizeof(*assign));
	long *from = NULL, *to = NULL;
	size_t i;
	int rc = -1;

	troc_ttc_market_init(&tm);
	if (ids == NULL || assign == NULL)
		goto out;
	from = malloc((r->g.m + 1) * sizeof(*from));
	to = malloc((r->g.m + 1) * sizeof(*to));
	if (from == NULL || to == NULL)
		goto out;
	for (i = 0; i < r->g.n; i++)
		ids[i] = node_id(r, i);
	for (i = 0; i < r->g.m; i++) {
		from[i] = (long)r->g.from[i];
		to[i] = (long)r->g.to[i];
	}
	if (troc_ttc_market_build(&tm, r->g.n, r->g.vacancy, r->g.m,
	    from, to, r->g.w, ids) != 0 ||
	    troc_ttc_solve(&tm, assign) != 0)
		goto out;
	rc = troc_exchanges_from_assignment(&r->g, assign, res);
out:
	if (rc < 0)
		troc_err_set(e, NULL, 0, "top trading cycles failed (out of "
		    "memory?)");
	troc_ttc_market_release(&tm);
	free(ids);
	free(assign);
	free(from);
	free(to);
	return rc;
}

static void
summary(const struct run *r, const struct troc_kep_result *res)
{
	size_t i, households = 0;

	if (r->cli.quiet)
		return;
	for (i = 0; i < r->g.n; i++)
		households += !r->g.vacancy[i];
	fprintf(stderr, "%s: %zu households, %zu arcs, %zu swaps, %zu "
	    "cycles, %zu chains, %zu households moved, objective %.17g, ",
	    r->cli.prog, households, r->g.m, res->nswaps,
	    res->ncycles, res->nchains, res->moved, res->objective);
	if (r->ttc)
		fprintf(stderr, "top trading cycles (no optimality claim)\n");
	else if (res->proven)
		fprintf(stderr, "upper bound %.17g, proven optimal\n",
		    res->bound);
	else
		fprintf(stderr, "upper bound %.17g, not proven (gap %.3f%%)\n",
		    res->bound, res->bound > 0 ? 100 * (res->bound -
		    res->objective) / res->bound : 0.0);
}

/* Where household node i ended up, for --explain. */
static void
explain_result(const struct run *r, size_t i, const struct troc_funnel *fu,
    const struct troc_kep_result *res)
{
	size_t k, j;

	for (k = 0; k < res->nex; k++)
		for (j = 0; j < res->ex[k].len; j++)
			if (res->ex[k].node[j] == i) {
				fprintf(stderr, "%s: %s: in exchange %zu, a %s "
				    "of %zu\n", r->cli.prog, r->explain, k + 1,
				    res->ex[k].kind == TROC_KEP_CHAIN ? "chain" :
				    res->ex[k].len == 2 ? "swap" : "cycle",
				    res->ex[k].kind == TROC_KEP_CHAIN ?
				    res->ex[k].len - 1 : res->ex[k].len);
				return;
			}
	fprintf(stderr, "%s: %s: in no exchange: ", r->cli.prog, r->explain);
	if (r->m.hh[i].blocked)
		fprintf(stderr, "blocked (rent arrears)\n");
	else if (fu->in == 0)
		fprintf(stderr, "there is no home it can take\n");
	else if (fu->out == 0)
		fprintf(stderr, "nobody can take its home, so it can only end "
		    "a chain from a vacancy, and none reached it\n");
	else if (r->ttc)
		fprintf(stderr, "in top trading cycles, the homes it ranks "
		    "above its own went to households served first\n");
	else
		fprintf(stderr, "the exchanges it could be in (cycles of at "
		    "most %d, chains of at most %d) were worth less to the "
		    "whole than others that use the same households\n",
		    r->kep.k, r->kep.l);
}

static void
explain(const struct run *r, const struct troc_kep_result *res)
{
	struct troc_funnel fu;
	long i = troc_idset_find(r->m.ids, r->explain, strlen(r->explain));
	size_t left;
	int k;

	if (i < 0 || (size_t)i >= r->m.nhh) {
		cli_warn(&r->cli, "--explain %s: no such household",
		    r->explain);
		return;
	}
	if (troc_market_funnel(&r->m, (size_t)i, &fu) < 0)
		return;
	left = fu.wished;
	fprintf(stderr, "%s: %s: %zu homes in its wished communes", r->cli.prog,
	    r->explain, left);
	for (k = TROC_RULE_ROOMS; k < TROC_NRULE; k++) {
		left -= fu.fail[k];
		fprintf(stderr, ", %zu pass %s", left,
		    troc_rule_name((enum troc_rule)k));
	}
	if (fu.excluded)
		fprintf(stderr, ", %zu refused before (-x)", fu.excluded);
	fprintf(stderr, ": %zu homes it can take; %zu households can take its "
	    "home\n", fu.in, fu.out);
	if (res)
		explain_result(r, (size_t)i, &fu, res);
}

static void
export(struct run *r)
{
	struct troc_err e;

	if (troc_graph_write(r->export, &r->g, node_id, r, &e) < 0)
		cli_fatal(&r->cli, &e);
}

/* From now on memory freed stays in the heap, to be reused warm: the
 * optimiser frees large arrays and makes others (the steps' columns,
 * then the search's lists), and on a virtual machine a page touched for
 * the first time can cost 5 s a GB.  Not while the graph is read: its
 * arrays grow in place only as separate mappings. */
static void
keep_freed_memory(void)
{
#ifdef M_MMAP_MAX
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}

int
main(int argc, char **argv)
{
	struct run r;
	struct troc_err e;
	struct troc_kep_result res;
	struct troc_out *out = NULL;
	char **args;
	int status;

	memset(&r, 0, sizeof(r));
	r.start = troc_kep_now();
	cli_init(&r.cli, "troc-match", synopsis, help);
	if ((args = malloc(((size_t)argc + 1) * sizeof(*args))) == NULL) {
		troc_err_set(&e, NULL, 0, "out of memory");
		cli_fatal(&r.cli, &e);
	}
	memcpy(args, argv, ((size_t)argc + 1) * sizeof(*args));
	options(&r, argc, argv);
	if (!troc_kep_has_lp() && needs_lp(&r))
		run_whole(&r, args);
	free(args);
	troc_graph_init(&r.g);
	troc_kep_result_init(&res);
	if ((r.rj = troc_rejects_open(r.cli.rejects, &e)) == NULL)
		cli_fatal(&r.cli, &e);
	if (r.graph) {
		cli_check_outputs(&r.cli, 0, NULL);
		read_graph(&r);
	} else {
		build_graph(&r, argc, argv);
	}
	if (r.export) {
		export(&r);
		if (r.explain)
			explain(&r, NULL);
	} else {
		if ((out = troc_out_open(r.cli.out, NULL, &e)) == NULL)
			cli_fatal(&r.cli, &e);
		if (r.cli.progress) {
			r.kep.progress = solve_progress;
			r.kep.progress_arg = &r;
		}
		keep_freed_memory();
		/* -t counts from the start: the graph's reading too (7 s
		 * of 818 MB at 260,000 households) */
		r.kep.time_spent = troc_kep_now() - r.start;
		status = r.ttc ? solve_ttc(&r, &res, &e) :
		    troc_kep_solve(&r.g, &r.kep, &res, &e);
		cli_progress_done(&r.cli);
		if (status < 0)
			cli_fatal(&r.cli, &e);
		if (r.explain)
			explain(&r, &res);
		if (troc_proposals_write(out, &res, &r.g, node_id, node_unit,
		    &r) < 0) {
			troc_out_close(out, 0, &e);
			troc_err_set(&e, NULL, 0, "write error or out of memory");
			cli_fatal(&r.cli, &e);
		}
		summary(&r, &res);
	}
	status = cli_finish(&r.cli, out, r.rj, 0, r.in, r.accepted);
	troc_kep_result_release(&res);
	troc_graph_release(&r.g);
	troc_idset_free(r.gids);
	if (!r.graph) {
		troc_market_release(&r.m);
		if (r.have_inv)
			troc_inventory_release(&r.inv);
		troc_reference_release(&r.ref);
	}
	return status;
}
