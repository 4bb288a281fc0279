/* fuzz_graph.c: the exchange graph reader (troc-match -g, SPEC.md §3.5)
 * on any bytes: nodes, a line "==", then arcs. The reader takes a
 * folder, so the two parts are written to nodes.csv and arcs.csv in a
 * folder of the harness's own (in /dev/shm when there is one). Checked:
 * every node record is a node or a reject, every arc record an arc, an
 * arc ignored (into a vacancy, or from a node to itself) or a reject. */
#include <unistd.h>

#include "fuzz.h"

#include "troc/graphio.h"

static char dir[64];
static char nodes[96], arcs[96];

static void
cleanup(void)
{
	unlink(nodes);
	unlink(arcs);
	rmdir(dir);
}

static void
put(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_graph_counts c;
	struct troc_graph g;
	struct troc_idset *ids;
	struct troc_rejects *rj;
	struct troc_err e;
	const char *a, *b;
	size_t na, nb;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s/troc-fuzz-XXXXXX",
		    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(nodes, sizeof(nodes), "%s/nodes.csv", dir);
		snprintf(arcs, sizeof(arcs), "%s/arcs.csv", dir);
		atexit(cleanup);
	}
	fuzz_split(data, size, &a, &na, &b, &nb);
	put(nodes, a, na);
	put(arcs, b, nb);
	troc_graph_init(&g);
	if ((ids = troc_idset_new()) == NULL ||
	    (rj = troc_rejects_open(NULL, &e)) == NULL)
		abort();
	if (troc_graph_read(dir, NULL, &g, ids, rj, &c, &e) == 0) {
		unsigned long nrej = c.nodes - g.n, arej = c.rejected - nrej;

		/* nodes in = nodes + rejected; arcs in = arcs + ignored +
		 * rejected (what is left over: the self loops) */
		if (c.rejected != troc_rejects_count(rj) || g.n > c.nodes ||
		    nrej > c.rejected ||
		    g.m + c.into_vacancy + arej > c.arcs)
			abort();
	}
	troc_rejects_close(rj, 0, &e);
	troc_idset_free(ids);
	troc_graph_release(&g);
	return 0;
}
