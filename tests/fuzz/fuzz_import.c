/* fuzz_import.c: troc-import's readers (canonical units, the RPLS
 * layouts, a landlord's export through a column map) on any bytes, as the
 * tool drives them: records in = units out + rejected, and the same file
 * read a second time gives no unit (its ids are all claimed).
 *
 * The first byte chooses: bits 0-1 the format (0 units, 1 rpls, 2 and 3
 * map: the map, a line "==", then the export), bit 2 -e cp1252, bit 3
 * -l PH given with a map (rpls always has it). */
#include "fuzz.h"

#include "troc/import.h"
#include "troc/mapping.h"
#include "troc/units.h"

/* One reading of buf as troc-import reads a file: the units written. */
static unsigned long
import_once(struct troc_import *im, const char *buf, size_t n,
    const struct troc_csv_opts *co, struct troc_out *w)
{
	struct troc_extras x;
	struct troc_rejects *rj;
	struct troc_csv *r;
	struct troc_err e;
	struct troc_rec rec;
	struct troc_unit u;
	struct troc_fault f;
	unsigned long in = 0, out = 0;
	int k;

	if ((r = fuzz_open(buf, n, "fuzz", co, &e)) == NULL)
		return 0;
	if (troc_import_begin(im, troc_csv_header(r), "fuzz", &e) < 0) {
		troc_csv_free(r);
		return 0;
	}
	if ((rj = troc_rejects_open(NULL, &e)) == NULL ||
	    troc_extras_init(&x, troc_import_bind(im), troc_csv_header(r)) < 0)
		abort();
	troc_unit_write_header(w, troc_import_bind(im), troc_csv_header(r));
	while ((k = troc_csv_next(r, &rec, &e)) > 0) {
		in++;
		k = troc_rejects_check(rj, "fuzz", &rec,
		    troc_import_bind(im)->nin);
		if (k < 0)
			abort();
		if (k > 0)
			continue;
		if ((k = troc_import_row(im, &rec, &u, &f)) < 0)
			abort();
		if (k == 0) {
			if (troc_rejects_fault(rj, "fuzz", &rec, &f) < 0)
				abort();
			continue;
		}
		troc_unit_write_fields(w, &u);
		troc_extras_write(w, &x, &rec);
		troc_out_eor(w);
		out++;
	}
	if (k == 0 && in != out + troc_rejects_count(rj))
		abort();	/* a record lost */
	troc_extras_release(&x);
	troc_rejects_close(rj, 0, &e);
	troc_csv_free(r);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct troc_reference *ref = fuzz_reference();
	struct troc_csv_opts co = { 0 };
	struct troc_import_opts o = { 0 };
	struct troc_map *map = NULL;
	struct troc_import *im;
	struct troc_out *w;
	const char *a, *b;
	size_t na, nb;
	int mode;

	if (size < 1)
		return 0;
	mode = data[0];
	fuzz_split(data + 1, size - 1, &a, &na, &b, &nb);
	if (mode & 4)
		co.enc = TROC_ENC_CP1252;
	o.geo = ref->geo;
	switch (mode & 3) {
	case 0:
		o.fmt = TROC_IMPORT_UNITS;
		a = (const char *)data + 1;
		na = size - 1;
		break;
	case 1:
		o.fmt = TROC_IMPORT_RPLS;
		o.landlord = "PH";
		a = (const char *)data + 1;
		na = size - 1;
		break;
	default: {
		struct troc_err e;
		struct troc_csv *r = fuzz_open(a, na, "map", NULL, &e);

		if (r == NULL)
			return 0;
		map = troc_map_read(r, &e);
		troc_csv_free(r);
		if (map == NULL)
			return 0;
		o.fmt = TROC_IMPORT_MAP;
		o.map = map;
		o.landlord = mode & 8 ? "PH" : NULL;
		if (o.landlord == NULL && !troc_map_has(map, TROC_U_LANDLORD))
			o.landlord = "X";	/* as troc-import insists */
		a = b;
		na = nb;
	}
	}
	if ((im = troc_import_new(&o)) == NULL)
		abort();
	w = fuzz_sink();
	import_once(im, a, na, &co, w);
	if (import_once(im, a, na, &co, w) != 0)
		abort();	/* read twice: every id already claimed */
	fuzz_sink_close(w);
	troc_import_free(im);
	troc_map_free(map);
	return 0;
}
