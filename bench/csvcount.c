/* csvcount: the reader alone, for make bench: counts records and fields
 * of a CSV file (plain or gzip) with the troc reader. */
#include <stdio.h>

#include "troc/csvin.h"

int
main(int argc, char **argv)
{
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rec rec;
	unsigned long recs = 0, fields = 0, bytes = 0;
	int k;

	if (argc != 2) {
		fprintf(stderr, "usage: csvcount FILE\n");
		return 2;
	}
	if ((r = troc_csv_open(argv[1], NULL, &e)) == NULL) {
		fprintf(stderr, "csvcount: %s:%lu: %s\n", e.file, e.line, e.msg);
		return 2;
	}
	while ((k = troc_csv_next(r, &rec, &e)) > 0) {
		recs++;
		fields += rec.n;
		bytes += rec.len[0];
	}
	troc_csv_free(r);
	if (k < 0) {
		fprintf(stderr, "csvcount: %s:%lu: %s\n", e.file, e.line, e.msg);
		return 2;
	}
	printf("%lu records, %lu fields\n", recs, fields);
	return bytes == 0 && recs > 0;
}
