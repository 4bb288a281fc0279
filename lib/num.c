/* num.c: numbers as people type them in French spreadsheets: "54,5",
 * "1 234,56" (space, NBSP or narrow NBSP between groups of three). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "troc/num.h"

/* Length of a blank at s: space, TAB, NBSP (C2 A0), narrow NBSP (E2 80 AF). */
static size_t
blank_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
		return 3;
	return 0;
}

int
troc_blank(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (k = blank_at(s + i, n - i)) > 0)
		i += k;
	return i == n;
}

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Rewrite s as a plain C-locale number into out (cap bytes). Returns
 * TROC_NUM_OK, TROC_NUM_EMPTY or TROC_NUM_BAD. */
static enum troc_num
normalise(const char *s, size_t n, char *out, size_t cap, int *has_frac)
{
	size_t i = 0, o = 0, k, group = 0, digits = 0;
	int seps = 0, point = 0;

	*has_frac = 0;
	while (n > 0 && (k = blank_at(s, n)) > 0)
		s += k, n -= k;
	while (n > 0) {		/* trailing blanks */
		if (s[n - 1] == ' ' || s[n - 1] == '\t')
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
		    (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else if (n >= 3 && blank_at(s + n - 3, 3) == 3)
			n -= 3;
		else
			break;
	}
	if (n == 0)
		return TROC_NUM_EMPTY;
	if (n + 1 > cap)
		return TROC_NUM_BAD;
	if (s[i] == '+' || s[i] == '-')
		out[o++] = s[i++];
	for (; i < n; i++) {
		if (isdig(s[i])) {
			out[o++] = s[i];
			digits++;
			group++;
		} else if ((k = blank_at(s + i, n - i)) > 0) {
			/* a thousands separator: after 1-3 digits first,
			 * then exactly 3, and digits must follow */
			if (point || digits == 0 || (seps ? group != 3 :
			    group > 3) || i + k >= n || !isdig(s[i + k]))
				return TROC_NUM_BAD;
			seps++;
			group = 0;
			i += k - 1;
		} else if ((s[i] == '.' || s[i] == ',') && !point) {
			if (seps && group != 3)
				return TROC_NUM_BAD;
			point = 1;
			out[o++] = '.';
		} else if ((s[i] == 'e' || s[i] == 'E') && digits && !seps) {
			break;
		} else {
			return TROC_NUM_BAD;
		}
	}
	if (digits == 0 || (seps && !point && group != 3))
		return TROC_NUM_BAD;
	*has_frac = point;
	if (i < n) {		/* exponent: e, optional sign, digits */
		out[o++] = 'e';
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			out[o++] = s[i++];
		if (i == n)
			return TROC_NUM_BAD;
		for (; i < n; i++) {
			if (!isdig(s[i]))
				return TROC_NUM_BAD;
			out[o++] = s[i];
		}
		*has_frac = 1;
	}
	out[o] = '\0';
	return TROC_NUM_OK;
}

/* Plain "123" or "123.45" (as normalise writes it) of at most 15 digits:
 * m / 10^k with both exact in a double is correctly rounded, as strtod
 * would round it. Returns 1 with *v set, 0 when the slow way is needed. */
static int
quick(const char *b, double *v)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	unsigned long long m = 0;
	int digits = 0, k = -1, neg = *b == '-';
	const char *p = b + (*b == '-' || *b == '+');

	for (; *p; p++) {
		if (*p == '.' && k < 0)
			k = 0;
		else if (*p >= '0' && *p <= '9') {
			if (++digits > 15)
				return 0;
			m = m * 10 + (unsigned)(*p - '0');
			k += k >= 0;
		} else
			return 0;
	}
	if (digits == 0)
		return 0;
	*v = (double)m / p10[k < 0 ? 0 : k];
	if (neg && *v != 0)
		*v = -*v;
	return 1;
}

enum troc_num
troc_num_decimal(const char *s, size_t n, double *v)
{
	char buf[128], *end;
	int frac;
	enum troc_num r;
	double d;

	if ((r = normalise(s, n, buf, sizeof(buf), &frac)) != TROC_NUM_OK)
		return r;
	if (quick(buf, v))
		return TROC_NUM_OK;
	errno = 0;
	d = strtod(buf, &end);
	if (*end != '\0')
		return TROC_NUM_BAD;
	if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
		return TROC_NUM_RANGE;
	if (!isfinite(d))
		return TROC_NUM_RANGE;
	*v = d == 0 ? 0 : d;	/* -0 reads as 0 */
	return TROC_NUM_OK;
}

enum troc_num
troc_num_int(const char *s, size_t n, long long *v)
{
	char buf[128], *end;
	int frac;
	enum troc_num r;
	long long x;
	double d;
	size_t i;

	/* plain digits (the commonest cell): what strtoll would give */
	for (i = 0, x = 0; i < n && i < 18 && isdig(s[i]); i++)
		x = x * 10 + (s[i] - '0');
	if (i == n && n > 0) {
		*v = x;
		return TROC_NUM_OK;
	}
	if ((r = normalise(s, n, buf, sizeof(buf), &frac)) != TROC_NUM_OK)
		return r;
	if (frac) {	/* "3,0" and "3e2" are integers; "3,5" is not */
		d = strtod(buf, &end);
		if (*end != '\0' || !isfinite(d))
			return TROC_NUM_RANGE;
		if (d != floor(d))
			return TROC_NUM_BAD;
		if (d < -9.2e18 || d > 9.2e18)
			return TROC_NUM_RANGE;
		*v = (long long)d;
		return TROC_NUM_OK;
	}
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (*end != '\0')
		return TROC_NUM_BAD;
	if (errno == ERANGE)
		return TROC_NUM_RANGE;
	*v = x;
	return TROC_NUM_OK;
}
