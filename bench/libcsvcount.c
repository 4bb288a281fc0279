/* libcsvcount: libcsv alone, counting fields of a plain file (the floor
 * the troc reader is measured against in make bench): fread, csv_parse,
 * no line numbers, no decoding, no records kept. */
#include <csv.h>
#include <stdio.h>

static unsigned long fields, records;

static void
on_field(void *s, size_t n, void *data)
{
	(void)s, (void)n, (void)data;
	fields++;
}

static void
on_row(int c, void *data)
{
	(void)c, (void)data;
	records++;
}

int
main(int argc, char **argv)
{
	static char buf[128 * 1024];
	struct csv_parser p;
	FILE *f;
	size_t n;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL ||
	    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fprintf(stderr, "usage: libcsvcount FILE\n");
		return 2;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
			fprintf(stderr, "libcsvcount: %s\n",
			    csv_strerror(csv_error(&p)));
			return 2;
		}
	csv_fini(&p, on_field, on_row, NULL);
	csv_free(&p);
	fclose(f);
	printf("%lu records, %lu fields\n", records, fields);
	return 0;
}
