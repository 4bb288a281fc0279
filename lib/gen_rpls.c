/* gen_rpls.c: troc-gen's homes in the RPLS open-data layout (the 2019
 * column names, `;`, Windows-1252, decimal comma, CRLF), to exercise
 * troc-import -f rpls. */
#include <stdio.h>
#include <string.h>

#include "gen_impl.h"

static const char header[] = "REG;LIBREG;DEP;LIBDEP;DEPCOM;LIBCOM;ETAGE;"
    "QPV;TYPECONST;NBPIECE;SURFHAB;CONSTRUCT;FINAN;FINANAUTRE;CONV;CUS;"
    "DPEENERGIE\r\n";

#define NFIELD	17
#define CUS_EMPTY 0.2	/* share of rows leaving CUS to FINAN */

/* Windows-1252 bytes 0x80–0x9F and the code points they stand for. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

static unsigned char
to_cp1252(unsigned long cp)
{
	int i;

	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (unsigned char)cp;
	for (i = 0; i < 32; i++)
		if (cp1252_high[i] == cp)
			return (unsigned char)(0x80 + i);
	return '?';
}

/* UTF-8 s into Windows-1252 at out (cap bytes, NUL-terminated); what
 * the code page lacks becomes '?'. Returns the length. */
static size_t
recode(const char *s, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	unsigned long cp;
	size_t o = 0;
	int more;

	while (*p && o + 1 < cap) {
		cp = *p++;
		more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
		if (more)
			cp &= 0x3F >> more;
		for (; more > 0 && (*p & 0xC0) == 0x80; more--)
			cp = cp << 6 | (*p++ & 0x3F);
		out[o++] = (char)to_cp1252(more ? 0xFFFD : cp);
	}
	out[o] = '\0';
	return o;
}

/* FINAN code for a home of financing f built in y, as SPEC.md §5 reads
 * them back (10, 11 PLAI; 14, 55 PLS; 16 PLI; 12, 13, 50, 52 PLUS). */
static const char *
finan(int f, int y)
{
	if (f == TROC_GEN_PLI)
		return "16";
	if (f == TROC_GEN_PLS)
		return y && y < 1977 ? "55" : "14";
	if (f == TROC_GEN_PLAI)
		return y && y < 1977 ? "52" : "11";
	return y && y < 1940 ? "50" : y && y < 1977 ? "52" : y < 2000 ?
	    "12" : "13";
}

static int
finan_says(const char *code)
{
	return !strcmp(code, "11") ? TROC_GEN_PLAI : !strcmp(code, "14") ||
	    !strcmp(code, "55") ? TROC_GEN_PLS : !strcmp(code, "16") ?
	    TROC_GEN_PLI : TROC_GEN_PLUS;
}

static int
row(struct troc_gen *g, struct troc_out *w, struct troc_rng *r,
    const struct troc_gen_unit *u)
{
	static const char *const fin[] = { "PLAI", "PLUS", "PLS", "PLI" };
	char f[NFIELD][160], line[NFIELD * 170];
	const char *code = finan(u->financing, u->built);
	int d = troc_commune_dep(u->commune), reg = g->reg[u->commune], i;
	size_t n = 0;

	snprintf(f[0], sizeof(f[0]), "%02d", reg);
	recode(g->regname[reg], f[1], sizeof(f[1]));
	troc_dep_code(d, f[2]);
	recode(g->dep[d].name, f[3], sizeof(f[3]));
	troc_commune_code(u->commune, f[4]);
	recode(g->names[u->commune], f[5], sizeof(f[5]));
	if (u->floor == 0)
		strcpy(f[6], "RDC");
	else
		snprintf(f[6], sizeof(f[6]), "%d", u->floor);
	strcpy(f[7], u->qpv ? "1" : "2");
	strcpy(f[8], u->indiv ? "I" : "C");
	snprintf(f[9], sizeof(f[9]), "%d", u->rooms);
	n = (size_t)snprintf(f[10], sizeof(f[10]), "%d,%d", u->surface / 10,
	    u->surface % 10);
	if (u->surface % 10 == 0)		/* "54,0" is written "54" */
		f[10][n - 2] = '\0';
	f[11][0] = '\0';
	if (u->built)
		snprintf(f[11], sizeof(f[11]), "%d", u->built);
	strcpy(f[12], code);
	f[13][0] = '\0';
	strcpy(f[14], "1");
	strcpy(f[15], finan_says(code) == u->financing &&
	    troc_rng_chance(r, CUS_EMPTY) ? "" : fin[u->financing]);
	f[16][0] = u->dpe;
	f[16][1] = '\0';
	for (i = 0, n = 0; i < NFIELD; i++) {
		if (i)
			line[n++] = ';';
		n += troc_csv_quote(line + n, sizeof(line) - n, f[i],
		    strlen(f[i]), ';');
	}
	line[n++] = '\r';
	line[n++] = '\n';
	return troc_out_raw(w, line, n);
}

int
troc_gen_write_rpls(struct troc_gen *g, struct troc_out *w,
    struct troc_err *e)
{
	struct troc_rng r;
	size_t i;

	if (gen_load_names(g, e) < 0)
		return -1;
	troc_rng_seed(&r, g->o.seed, 3);
	if (troc_out_raw(w, header, sizeof(header) - 1) < 0)
		return 0;	/* troc_out_close says why */
	for (i = 0; i < g->nunits; i++)
		if (row(g, w, &r, &g->units[i]) < 0)
			break;
	return 0;
}
