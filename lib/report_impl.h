/* report_impl.h: what the renderings of a report share inside the
 * library: formatted and escaped writes into a troc_out. */
#ifndef TROC_REPORT_IMPL_H
#define TROC_REPORT_IMPL_H

#include "troc/report.h"

/* printf into w (at most 4 KiB a call). 0, or -1 once a write failed. */
int rep_printf(struct troc_out *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* s (n bytes) escaped for HTML text and attribute values. */
int rep_html(struct troc_out *w, const char *s, size_t n);
int rep_html_str(struct troc_out *w, const char *s);

/* A figure's value (troc_fig_format), or "" when absent. */
const char *rep_fig(const struct troc_figs *f, const char *table,
    const char *group, const char *key, char *buf);

/* The same as a number, 0 when absent. */
double rep_val(const struct troc_figs *f, const char *table,
    const char *group, const char *key);

/* The words a figure is shown with, in the text and on the page. */
const char *rep_label(const char *table, const char *group, const char *key);

/* The commune of a home as "75111 Paris 11e Arrondissement" (code alone
 * without names), into buf (cap bytes). */
const char *rep_commune(const struct troc_report *r, int k, char *buf,
    size_t cap);

/* The map of the communes, coloured by the homes left and taken there
 * (nothing when no outlines were loaded). */
void rep_map(struct troc_out *w, const struct troc_report *r,
    const struct troc_figs *f);
void rep_map_free(struct troc_rep_map *m);

#endif
