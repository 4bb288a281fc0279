/* graphio.h: the exchange graph on disk (SPEC.md §3.5): DIR/nodes.csv
 * (id,kind) and DIR/arcs.csv (from,to,weight). */
#ifndef TROC_GRAPHIO_H
#define TROC_GRAPHIO_H

#include "troc/csvin.h"
#include "troc/idset.h"
#include "troc/kep.h"
#include "troc/rejects.h"

/* What reading a graph met. */
struct troc_graph_counts {
	unsigned long nodes, arcs;	/* records read */
	unsigned long rejected;		/* of either file */
	unsigned long into_vacancy;	/* arcs ignored: into a vacancy */
	unsigned long self_loops;	/* arcs ignored: from a node to itself */
};

/* Read dir/nodes.csv and dir/arcs.csv (or, when dir is not a folder,
 * dir.nodes.csv and dir.arcs.csv: the kidney-exchange files) into g (initialised) and ids (node
 * id of node i = entry i). Bad records go to rj (code, duplicate, number,
 * range, ragged, encoding). o may be NULL. Returns 0, or -1 with e set
 * (a file unreadable or malformed, a column missing, no memory). */
int troc_graph_read(const char *dir, const struct troc_csv_opts *o,
    struct troc_graph *g, struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e);

/* The same from two buffers, named nodes.csv and arcs.csv in messages
 * and rejects (the fuzz harness; a tool's core on memory). */
int troc_graph_read_mem(const char *nodes, size_t nn, const char *arcs,
    size_t na, const struct troc_csv_opts *o, struct troc_graph *g,
    struct troc_idset *ids, struct troc_rejects *rj,
    struct troc_graph_counts *c, struct troc_err *e);

/* Write g as dir/nodes.csv and dir/arcs.csv (dir made if missing),
 * atomically, node i named id(arg, i). Returns 0 or -1 with e set. */
int troc_graph_write(const char *dir, const struct troc_graph *g,
    const char *(*id)(const void *, size_t), const void *arg,
    struct troc_err *e);

#endif
