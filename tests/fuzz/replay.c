/* replay.c: run a fuzz harness over files (its corpus and every crash
 * ever found), without libFuzzer: for make check, under the sanitizers.
 * Prints "NAME: N passed, 0 failed" (a failure aborts). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		if (f)
			fclose(f);
		return -1;
	}
	rewind(f);
	if ((buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	char path[4096];
	struct dirent *d;
	struct stat st;
	int i, n = 0, bad = 0;

	for (i = 2; i < argc; i++) {
		DIR *dir = opendir(argv[i]);

		if (dir == NULL) {
			bad += run_file(argv[i]) < 0;
			n++;
			continue;
		}
		while ((d = readdir(dir)) != NULL) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], d->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			bad += run_file(path) < 0;
			n++;
		}
		closedir(dir);
	}
	printf("%s: %d passed, %d failed\n", argc > 1 ? argv[1] : "replay",
	    n - bad, bad);
	return bad != 0;
}
