/* rpls.h: the RPLS layouts (Répertoire des logements locatifs des
 * bailleurs sociaux) read as canonical cells (SPEC.md §4, §5 "Import"). */
#ifndef TROC_RPLS_H
#define TROC_RPLS_H

#include <stddef.h>

#include "troc/import.h"

/* The layouts, told apart by their header. */
enum troc_rpls_layout {
	TROC_RPLS_OPEN,		/* open data 2016-2019: DEPCOM, NBPIECE, FINAN... */
	TROC_RPLS_OPEN_CODES,	/* newer open data: FINAN_CODE/FINAN_LIBELLE... */
	TROC_RPLS_FILING	/* a landlord's filing: IDENT_INT or IDENT_REP */
};

struct troc_rpls;

/*
 * Bind hdr (a reader's header, which must outlive the object) to the
 * RPLS columns; landlord (not NULL) is the landlord of every unit.
 * Returns NULL with e naming file and line when hdr is no RPLS layout
 * (the message lists the columns expected and those missing), names a
 * column twice, or memory runs out. Free with troc_rpls_free.
 */
struct troc_rpls *troc_rpls_new(const struct troc_rec *hdr, const char *file,
    const char *landlord, struct troc_err *e);

enum troc_rpls_layout troc_rpls_layout(const struct troc_rpls *r);

/* The binding: nin and the extra columns (those no canonical column is
 * read from), for troc_unit_write. */
const struct troc_bind *troc_rpls_bind(const struct troc_rpls *r);

/*
 * Translate rec into canonical cells c (pointing into rec, r and static
 * text, valid until the next call). A code with no canonical value
 * (MODE, CONTRESLOG, QPV, PMR, ASCENSEUR, a FINAN code) is a fault kept in
 * c; the ranges are checked later, on the cells.
 */
void troc_rpls_cells(struct troc_rpls *r, const struct troc_rec *rec,
    struct troc_cells *c);

/* Free; NULL is allowed. */
void troc_rpls_free(struct troc_rpls *r);

/* The financing of a FINAN label (SPEC.md §5): PLAI, PLS or PLI when the
 * label holds one of their words (case, accents, blanks, '_', '-' and
 * U+2019 for ''' ignored), else PLUS. */
enum troc_fin troc_rpls_finan_label(const char *s, size_t n);

/* The financing of a FINAN code, or -1 when the code has none. */
int troc_rpls_finan_code(long long code);

/* A floor as RPLS files write ETAGE ("RDC", "03", "2e", "1er"): the
 * cell a canonical floor reads, into buf (16 bytes) or pointing into s;
 * text that is no floor is returned as it is, to be rejected. */
const char *troc_rpls_floor(const char *s, size_t n, char *buf, size_t *len);

#endif
