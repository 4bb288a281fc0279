/* fuzz_report.c: troc-report's readers (proposals, -u units, -H
 * validated households) on any bytes, then the figures and a rendering:
 * records in = kept + rejected for each file, never a crash.
 *
 * Input: proposals, a line "==", units, a line "==", households. The
 * first byte chooses: bits 0-1 the rendering (text, tidy CSV, exchanges
 * as --excel, HTML), bit 2 --pseudonymize, bit 3 --landlord X. */
#include "fuzz.h"

#include "troc/report.h"

typedef int (*read_fn)(struct troc_report *, struct troc_csv *,
    struct troc_rejects *, unsigned long *, unsigned long *,
    struct troc_err *);

static void
read_part(struct troc_report *r, const char *buf, size_t n, read_fn fn)
{
	struct troc_rejects *rj;
	struct troc_csv *in;
	struct troc_err e;
	unsigned long nin = 0, nok = 0;

	if ((in = fuzz_open(buf, n, "fuzz", NULL, &e)) == NULL)
		return;
	if ((rj = troc_rejects_open(NULL, &e)) == NULL)
		abort();
	if (fn(r, in, rj, &nin, &nok, &e) == 0 &&
	    nin != nok + troc_rejects_count(rj))
		abort();	/* a record lost */
	troc_rejects_close(rj, 0, &e);
	troc_csv_free(in);
}

static void
render(struct troc_report *r, int how)
{
	static const struct troc_out_opts excel = { ';', 1, 1, 1, 1, 0 };
	static const unsigned char key[32] = { 1 };
	struct troc_figs f = { 0 };
	struct troc_out *w;
	struct troc_err e;

	if (troc_report_select(r, how & 4, key, sizeof(key)) < 0 ||
	    troc_report_figures(r, &f) < 0)
		abort();
	if ((w = troc_out_open("/dev/null", (how & 3) == 2 ? &excel : NULL,
	    &e)) == NULL)
		abort();
	switch (how & 3) {
	case 0:
		troc_report_text(w, r, &f);
		break;
	case 1:
		troc_report_csv(w, &f, NULL);
		break;
	case 2:
		troc_report_exchanges(w, r);
		break;
	default:
		troc_report_html(w, r, &f);
	}
	fuzz_sink_close(w);
	troc_figs_release(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_report r;
	const char *p, *u, *h;
	size_t np, nu, nh;

	if (size < 1)
		return 0;
	fuzz_split(data + 1, size - 1, &p, &np, &u, &nu);
	fuzz_split((const uint8_t *)u, nu, &u, &nu, &h, &nh);
	if (troc_report_init(&r, data[0] & 8 ? "X" : NULL) < 0)
		abort();
	read_part(&r, p, np, troc_report_read_proposals);
	if (nu > 0)
		read_part(&r, u, nu, troc_report_read_units);
	if (nh > 0)
		read_part(&r, h, nh, troc_report_read_households);
	render(&r, data[0]);
	troc_report_release(&r);
	return 0;
}
