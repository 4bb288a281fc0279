/* err.c: filling a fault report. */
#include <stdarg.h>
#include <stdio.h>

#include "troc/err.h"

void
troc_err_set(struct troc_err *e, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->file = file;
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}
