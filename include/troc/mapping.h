/* mapping.h: a landlord's own export read through a column map (troc-import
 * -m): which of its columns feeds which canonical column, and recodes of
 * their values.
 *
 * A map is a CSV file (any dialect the reader takes) with the columns
 * column, source and recode; other columns (a note) are ignored. Each
 * row names a canonical column (as troc_colkey matches names), the
 * export's column that feeds it (matched the same way), and recodes
 * "FROM=TO|FROM=TO...": a cell equal to FROM (blanks around ignored,
 * ASCII letters in any case) is read as TO, and "*" stands for any other
 * value; a cell no recode names is read as it is. A column may take
 * several rows (one recode a row, say); its source is then given once,
 * or the same each time. An empty source with recodes ("=PLUS" or
 * "*=PLUS") gives every unit the same value.
 */
#ifndef TROC_MAPPING_H
#define TROC_MAPPING_H

#include <stddef.h>

#include "troc/csvin.h"
#include "troc/import.h"

struct troc_map;

/* Read a map from r, a reader opened on the map file. Returns NULL with
 * e naming the map's file and line (an unknown canonical column, a
 * column given two sources, a recode without '=' or given twice, a ragged
 * row, a required column - commune, rooms, surface, financing - not
 * mapped). Free with troc_map_free. */
struct troc_map *troc_map_read(struct troc_csv *r, struct troc_err *e);

/* The same from the file at path (plain or gzip). */
struct troc_map *troc_map_load(const char *path, struct troc_err *e);

/* 1 when canonical column col is mapped, else 0. */
int troc_map_has(const struct troc_map *m, enum troc_unit_col col);

/* Bind the map to an export's header hdr, which must outlive the
 * binding. Returns 0, or -1 with e naming the map's file and the line of
 * a source column that hdr lacks or holds twice. */
int troc_map_bind(struct troc_map *m, const struct troc_rec *hdr,
    const char *file, struct troc_err *e);

/* The binding: nin, and as extra columns the export's columns that feed
 * no canonical column (except those named like one). */
const struct troc_bind *troc_map_extras(const struct troc_map *m);

/*
 * Translate rec (of the bound export) into cells c, valid until the next
 * call. landlord (-l), when not NULL, is the landlord of every unit.
 * unit_id is LANDLORD:VALUE; without a unit_id row, the row rule of
 * import.h makes it.
 */
void troc_map_cells(struct troc_map *m, const struct troc_rec *rec,
    const char *landlord, struct troc_cells *c);

/* Column col's reading of s (n bytes, *n updated): its recode, or s. */
const char *troc_map_recode(const struct troc_map *m, enum troc_unit_col col,
    const char *s, size_t *n);

/* Free; NULL is allowed. */
void troc_map_free(struct troc_map *m);

#endif
