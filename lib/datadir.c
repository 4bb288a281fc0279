/* datadir.c: finding the reference tables at run time. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "troc/datadir.h"

#ifndef TROC_DATADIR
#define TROC_DATADIR "/usr/local/share/troc"
#endif

static char dir[PATH_MAX];

/* Join a and b into out (PATH_MAX bytes); 0, or -1 when too long. */
static int
join(char *out, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb + 1 > PATH_MAX)
		return -1;
	memcpy(out, a, la);
	memcpy(out + la, b, lb + 1);
	return 0;
}

/* 1 when d holds the ceilings table, our marker file. */
static int
is_datadir(const char *d)
{
	char p[PATH_MAX];

	return join(p, d, "/ceilings.csv") == 0 && access(p, R_OK) == 0;
}

int
troc_exe_dir(char *out, unsigned long cap)
{
	char *slash;
	ssize_t n;

	if (cap < 2)
		return -1;
	n = readlink("/proc/self/exe", out, cap - 1);
	if (n <= 0 || (unsigned long)n >= cap - 1)
		return -1;
	out[n] = '\0';
	if ((slash = strrchr(out, '/')) != NULL)
		*slash = '\0';
	return 0;
}

const char *
troc_datadir(void)
{
	static const char *const rel[] = { "/../../data", "/../data",
	    "/../share/troc" };
	char exe[PATH_MAX];
	const char *env = getenv("TROC_DATA");
	size_t i;

	if (dir[0])
		return dir;
	if (env && *env && join(dir, env, "") == 0)
		return dir;
	if (troc_exe_dir(exe, sizeof(exe)) == 0) {
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			if (join(dir, exe, rel[i]) == 0 && is_datadir(dir))
				return dir;
		}
	}
	if (join(dir, TROC_DATADIR, "") < 0)
		dir[0] = '\0';
	return dir[0] ? dir : TROC_DATADIR;
}

char *
troc_datafile(const char *name, char *buf, unsigned long cap)
{
	snprintf(buf, cap, "%s/%s", troc_datadir(), name);
	return buf;
}
