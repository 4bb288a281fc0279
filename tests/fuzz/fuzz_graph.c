/* fuzz_graph.c: the exchange graph reader (troc-match -g, SPEC.md §3.5)
 * on any bytes: nodes, a line "==", then arcs, read from memory as the
 * tool reads DIR/nodes.csv and DIR/arcs.csv. Checked: every node record
 * is a node or a reject, every arc record an arc, an arc ignored (into a
 * vacancy, or from a node to itself) or a reject. */
#include "fuzz.h"

#include "troc/graphio.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_graph_counts c;
	struct troc_csv_opts o;
	struct troc_graph g;
	struct troc_idset *ids;
	struct troc_rejects *rj;
	struct troc_err e;
	const char *a, *b;
	size_t na, nb;

	fuzz_split(data, size, &a, &na, &b, &nb);
	o = fuzz_fit(NULL, na > nb ? na : nb);
	troc_graph_init(&g);
	if ((ids = troc_idset_new()) == NULL ||
	    (rj = troc_rejects_open(NULL, &e)) == NULL)
		abort();
	if (troc_graph_read_mem(a, na, b, nb, &o, &g, ids, rj, &c, &e) == 0) {
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
