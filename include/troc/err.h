/* err.h: how the library reports a fault to its caller. */
#ifndef TROC_ERR_H
#define TROC_ERR_H

/* A fault: where it is (file as the user named it, physical line, 0 when
 * none) and what it is (lowercase, no full stop, no file or line prefix). */
struct troc_err {
	const char *file;
	unsigned long line;
	char msg[512];
};

/* Fill e (when not NULL) with file, line and a printf-style message. */
void troc_err_set(struct troc_err *e, const char *file, unsigned long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
