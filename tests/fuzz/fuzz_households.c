/* fuzz_households.c: troc-validate's reading of households (SPEC.md
 * §3.2) against an inventory, and troc-match's reading of validated
 * households (§3.3), on any bytes: records in = out + rejected.
 *
 * The first byte chooses: bit 0 clear, units (the inventory), a line
 * "==", then households, validated as troc-validate does; bit 0 set,
 * validated households read as troc-match reads them. Bit 1: -e cp1252. */
#include "fuzz.h"

#include "troc/households.h"
#include "troc/inventory.h"

static void
validate(const char *u, size_t nu, const char *h, size_t nh,
    const struct troc_csv_opts *co)
{
	const struct troc_reference *ref = fuzz_reference();
	struct troc_inventory inv;
	struct troc_validator v;
	struct troc_rejects *rj;
	struct troc_extras x;
	struct troc_out *w;
	struct troc_ctx ctx;
	struct troc_csv *r;
	struct troc_bind b;
	struct troc_err e;
	struct troc_rec rec;
	struct troc_fault f;
	struct troc_hh hh;
	unsigned long in = 0, out = 0;
	char buf[2048];
	int k;

	if ((r = fuzz_open(u, nu, "units", co, &e)) == NULL)
		return;
	k = troc_inventory_read(&inv, r, ref->geo, &ref->policy, &e);
	troc_csv_free(r);
	if (k < 0) {
		troc_inventory_release(&inv);
		return;
	}
	troc_reference_ctx(ref, &ctx);
	if (troc_validator_init(&v, &inv, &ctx) < 0)
		abort();
	if ((r = fuzz_open(h, nh, "households", co, &e)) == NULL)
		goto done;
	if (troc_bind_header(&b, troc_csv_header(r), troc_household_cols,
	    TROC_H_NCOLS, "households", &e) < 0) {
		troc_csv_free(r);
		goto done;
	}
	if ((rj = troc_rejects_open(NULL, &e)) == NULL ||
	    troc_extras_init(&x, &b, troc_csv_header(r)) < 0)
		abort();
	w = fuzz_sink();
	troc_hh_write_header(w);
	troc_extras_header(w, &x);
	troc_out_eor(w);
	troc_hh_init(&hh);
	while ((k = troc_csv_next(r, &rec, &e)) > 0) {
		in++;
		if ((k = troc_rejects_check(rj, "households", &rec, b.nin)) < 0)
			abort();
		if (k > 0)
			continue;
		if ((k = troc_validate(&v, &hh, &b, &rec, &f)) == -2)
			abort();
		if (k < 0) {
			if (troc_rejects_fault(rj, "households", &rec, &f) < 0)
				abort();
			continue;
		}
		troc_hh_explain(&hh, &v.ctx, buf, sizeof(buf));
		troc_hh_write(w, &hh, &inv);
		troc_extras_write(w, &x, &rec);
		troc_out_eor(w);
		out++;
	}
	if (k == 0 && in != out + troc_rejects_count(rj))
		abort();	/* a record lost */
	fuzz_sink_close(w);
	troc_hh_release(&hh);
	troc_extras_release(&x);
	troc_rejects_close(rj, 0, &e);
	troc_bind_release(&b);
	troc_csv_free(r);
done:
	troc_validator_release(&v);
	troc_inventory_release(&inv);
}

static void
validated(const char *h, size_t nh, const struct troc_csv_opts *co)
{
	const struct troc_reference *ref = fuzz_reference();
	struct troc_csv *r;
	struct troc_bind b;
	struct troc_err e;
	struct troc_rec rec;
	struct troc_fault f;
	struct troc_hh hh;
	struct troc_ctx ctx;
	const char *ll;
	size_t lllen;
	char buf[2048];

	if ((r = fuzz_open(h, nh, "households", co, &e)) == NULL)
		return;
	if (troc_bind_header(&b, troc_csv_header(r), troc_validated_cols,
	    TROC_V_NCOLS, "households", &e) < 0) {
		troc_csv_free(r);
		return;
	}
	troc_reference_ctx(ref, &ctx);
	troc_hh_init(&hh);
	while (troc_csv_next(r, &rec, &e) > 0) {
		if (rec.n != b.nin || rec.bad)
			continue;
		if (troc_hh_parse_validated(&hh, &b, &rec, ref->geo, &ll,
		    &lllen, &f) == -2)
			abort();
		troc_hh_explain(&hh, &ctx, buf, sizeof(buf));
	}
	troc_hh_release(&hh);
	troc_bind_release(&b);
	troc_csv_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct troc_csv_opts co = { 0 };
	const char *a, *b;
	size_t na, nb;

	if (size < 1)
		return 0;
	if (data[0] & 2)
		co.enc = TROC_ENC_CP1252;
	if (data[0] & 1) {
		validated((const char *)data + 1, size - 1, &co);
		return 0;
	}
	fuzz_split(data + 1, size - 1, &a, &na, &b, &nb);
	validate(a, na, b, nb, &co);
	return 0;
}
