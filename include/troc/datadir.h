/* datadir.h: where the reference tables (data/) are at run time. */
#ifndef TROC_DATADIR_H
#define TROC_DATADIR_H

/* The data folder: $TROC_DATA if set; else data/ of the source tree the
 * running binary was built in (build/bin/../../data); else
 * PREFIX/share/troc beside an installed binary; else the compiled-in
 * TROC_DATADIR. Returns a static string; never NULL. */
const char *troc_datadir(void);

/* The folder of the running program (/proc/self/exe, links resolved)
 * into out (cap bytes): 0, or -1 when it cannot be read or is too
 * long (errno says which when readlink failed). */
int troc_exe_dir(char *out, unsigned long cap);

/* Path of file name in the data folder, into buf (cap bytes); buf. */
char *troc_datafile(const char *name, char *buf, unsigned long cap);

#endif
