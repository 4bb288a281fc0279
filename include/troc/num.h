/* num.h: numbers as people type them in French spreadsheets. */
#ifndef TROC_NUM_H
#define TROC_NUM_H

#include <stddef.h>

enum troc_num {
	TROC_NUM_OK = 0,
	TROC_NUM_EMPTY = 1,	/* nothing but blanks */
	TROC_NUM_BAD = -1,	/* not a number (junk, nan, inf, hex) */
	TROC_NUM_RANGE = -2	/* a number, but too large for the type */
};

/* Parse a decimal: optional sign, digits with optional thousands
 * separators (space, NBSP or narrow NBSP, groups of three), one decimal
 * point '.' or ',', optional exponent; blanks around are ignored. */
enum troc_num troc_num_decimal(const char *s, size_t n, double *v);

/* Parse an integer the same way (a zero fraction, "3,0", is accepted). */
enum troc_num troc_num_int(const char *s, size_t n, long long *v);

/* 1 when s (n bytes) is empty or only blanks. */
int troc_blank(const char *s, size_t n);

#endif
