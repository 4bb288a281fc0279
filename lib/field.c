/* field.c: reading one typed cell, with its fault when it is wrong. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "troc/field.h"
#include "troc/num.h"

const char *
troc_field_show(const char *s, size_t n, char *buf)
{
	size_t k = n > 40 ? 40 : n;

	/* do not cut a UTF-8 sequence in two */
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	snprintf(buf, 64, "\"%.*s%s\"", (int)k, s, k < n ? "..." : "");
	return buf;
}

static int
missing(const char *col, struct troc_fault *f)
{
	return troc_fault_set(f, col, TROC_MISSING, "empty, a value is required");
}

int
troc_field_int(const char *col, const char *s, size_t n, int required,
    long long lo, long long hi, long long *v, struct troc_fault *f)
{
	char b[64];
	long long x = 0;
	enum troc_num r = troc_num_int(s, n, &x);

	if (r == TROC_NUM_EMPTY)
		return required ? missing(col, f) : 0;
	if (r == TROC_NUM_BAD)
		return troc_fault_set(f, col, TROC_NUMBER,
		    "not a whole number: %s", troc_field_show(s, n, b));
	if (r == TROC_NUM_RANGE || x < lo || x > hi)
		return troc_fault_set(f, col, TROC_RANGE,
		    "%s out of range %lld to %lld", troc_field_show(s, n, b),
		    lo, hi);
	*v = x;
	return 1;
}

int
troc_field_dec(const char *col, const char *s, size_t n, int required,
    double lo, int lo_open, double hi, double *v, struct troc_fault *f)
{
	char b[64];
	double x = 0;
	enum troc_num r = troc_num_decimal(s, n, &x);

	if (r == TROC_NUM_EMPTY)
		return required ? missing(col, f) : 0;
	if (r == TROC_NUM_BAD)
		return troc_fault_set(f, col, TROC_NUMBER, "not a number: %s",
		    troc_field_show(s, n, b));
	if (r == TROC_NUM_RANGE || x < lo || (lo_open && x == lo) || x > hi)
		return troc_fault_set(f, col, TROC_RANGE,
		    "%s out of range %s%g to %g", troc_field_show(s, n, b),
		    lo_open ? "above " : "", lo, hi);
	*v = x;
	return 1;
}

int
troc_field_word(const char *col, const char *s, size_t n, int required,
    const char *const *words, int *v, struct troc_fault *f)
{
	char b[64];
	int i;

	if (troc_blank(s, n))
		return required ? missing(col, f) : 0;
	for (i = 0; words[i]; i++)	/* the first letter rules most out */
		if ((words[i][0] | 0x20) == (s[0] | 0x20) &&
		    strlen(words[i]) == n && strncasecmp(words[i], s, n) == 0) {
			*v = i;
			return 1;
		}
	return troc_fault_set(f, col, TROC_CODE, "unknown value %s",
	    troc_field_show(s, n, b));
}

/* A-Za-z0-9._:/- */
static int
id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
	    c == '/' || c == '-';
}

int
troc_field_id(const char *col, const char *s, size_t n,
    struct troc_fault *f)
{
	char b[64];
	size_t i;

	if (n == 0)
		return missing(col, f);
	if (n > 64)
		return troc_fault_set(f, col, TROC_CODE,
		    "id longer than 64 characters: %s",
		    troc_field_show(s, n, b));
	for (i = 0; i < n; i++)
		if (!id_char((unsigned char)s[i]))
			return troc_fault_set(f, col, TROC_CODE,
			    "id with a character outside A-Za-z0-9._:/-: %s",
			    troc_field_show(s, n, b));
	return 1;
}
