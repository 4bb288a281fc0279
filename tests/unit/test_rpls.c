/* test_rpls.c: troc-import's readers: the RPLS layouts (codes, labels,
 * floors, layouts), the row rule for unit ids, and column maps. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "test.h"
#include "troc/csvin.h"
#include "troc/geo.h"
#include "troc/import.h"
#include "troc/mapping.h"
#include "troc/rpls.h"

static struct troc_geo *geo;

struct input {
	const char *p;
	size_t n;		/* 0: strlen(p) */
};

/*
 * Import the inputs (one file each) in fmt: the units as canonical CSV
 * rows (no header) into out, the rejects as "LINE COLUMN CODE: MESSAGE"
 * lines into rej. Returns 0, or -1 with the error's message in rej.
 */
static int
imp(enum troc_import_fmt fmt, struct troc_map *map, const char *landlord,
    const struct input *in, int nin, char *out, size_t cap, char *rej,
    size_t rcap)
{
	char path[] = "/tmp/troc-rpls-XXXXXX";
	struct troc_import_opts o = { fmt, landlord, map, geo };
	struct troc_import *im = troc_import_new(&o);
	struct troc_err e;
	struct troc_out *w;
	struct troc_csv *r;
	struct troc_rec rec;
	struct troc_unit u;
	struct troc_fault f;
	size_t ro = 0, n;
	int fd = mkstemp(path), i, k, rc = 0;
	FILE *fp;

	close(fd);
	w = troc_out_open(path, NULL, &e);
	out[0] = rej[0] = '\0';
	for (i = 0; i < nin && rc == 0; i++) {
		n = in[i].n ? in[i].n : strlen(in[i].p);
		r = troc_csv_open_mem(in[i].p, n, "mem", NULL, &e);
		if (r == NULL || troc_import_begin(im, troc_csv_header(r), "mem",
		    &e) < 0) {
			snprintf(rej, rcap, "%lu: %s", e.line, e.msg);
			rc = -1;
		}
		while (rc == 0 && troc_csv_next(r, &rec, &e) > 0) {
			k = troc_import_row(im, &rec, &u, &f);
			if (k > 0) {
				troc_unit_write_fields(w, &u);
				troc_out_eor(w);
			} else {
				ro += (size_t)snprintf(rej + ro, rcap - ro,
				    "%lu %s %s: %s\n", rec.line, f.column,
				    troc_code_name(f.code), f.msg);
			}
		}
		troc_csv_free(r);
	}
	troc_out_close(w, 1, &e);
	fp = fopen(path, "rb");
	n = fp ? fread(out, 1, cap - 1, fp) : 0;
	out[n] = '\0';
	if (fp)
		fclose(fp);
	unlink(path);
	troc_import_free(im);
	return rc;
}

/* One input file in fmt. */
static int
imp1(enum troc_import_fmt fmt, struct troc_map *map, const char *csv,
    char *out, size_t cap, char *rej, size_t rcap)
{
	struct input in = { csv, 0 };

	return imp(fmt, map, "PH", &in, 1, out, cap, rej, rcap);
}

/* The row rule's id of a record of the given fields. */
static char *
rowid(const char *commune, const char *const *fields, int n, char *out)
{
	char buf[1024];
	size_t o = 0;
	int i;

	for (i = 0; i < n; i++) {
		memcpy(buf + o, fields[i], strlen(fields[i]) + 1);
		o += strlen(fields[i]) + 1;
	}
	sprintf(out, "PH:%s:%016" PRIx64, commune, XXH3_64bits(buf, o));
	return out;
}

static void
test_finan(void)
{
	static const struct { const char *label; int fin; } labels[] = {
		{ "PLAI", TROC_FIN_PLAI }, { "plai", TROC_FIN_PLAI },
		{ "PLA d'intégration", TROC_FIN_PLAI },
		{ "PLA d\xE2\x80\x99int\xC3\xA9gration/LLTS dans les DOM",
		    TROC_FIN_PLAI },
		{ "PLA D'INTEGRATION", TROC_FIN_PLAI },
		{ "LLTS", TROC_FIN_PLAI },
		{ "PLA Loyer Minoré / PLA Très Social / PLA Insertion",
		    TROC_FIN_PLAI },
		{ "TRES SOCIAL", TROC_FIN_PLAI }, { "PLA-TS", TROC_FIN_PLAI },
		{ "insertion", TROC_FIN_PLAI },
		{ "PLS", TROC_FIN_PLS }, { "PLS/PPLS/PCLS/PLA CFF", TROC_FIN_PLS },
		{ "PPLS", TROC_FIN_PLS }, { "PCLS", TROC_FIN_PLS },
		{ "prêts spéciaux du CFF", TROC_FIN_PLS },
		{ "PLI", TROC_FIN_PLI }, { "pli", TROC_FIN_PLI },
		{ "PLUS", TROC_FIN_PLUS }, { "PLUS/LLS dans les DOM",
		    TROC_FIN_PLUS }, { "PLA ordinaire", TROC_FIN_PLUS },
		{ "HLM/O", TROC_FIN_PLUS }, { "HBM", TROC_FIN_PLUS },
		{ "ILN", TROC_FIN_PLUS }, { "PAP locatif", TROC_FIN_PLUS },
		{ "Autre financement", TROC_FIN_PLUS }, { "", TROC_FIN_PLUS }
	};
	size_t i;
	int c, bad = 0;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		int got = (int)troc_rpls_finan_label(labels[i].label,
		    strlen(labels[i].label));

		if (got != labels[i].fin) {
			fprintf(stderr, "label %s: %d, want %d\n",
			    labels[i].label, got, labels[i].fin);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	for (c = -1, bad = 0; c <= 120; c++) {
		int want = c == 10 || c == 11 ? TROC_FIN_PLAI :
		    c == 14 || c == 55 ? TROC_FIN_PLS : c == 16 ? TROC_FIN_PLI :
		    c == 12 || c == 13 || c == 15 || c == 17 || c == 49 ||
		    (c >= 50 && c <= 54) || c == 99 ? TROC_FIN_PLUS : -1;

		bad += troc_rpls_finan_code(c) != want;
	}
	CHECK_INT(bad, 0);
}

static void
test_floor(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "RDC", "0" }, { "rdc", "0" }, { " RDC ", "0" }, { "RC", "0" },
		{ "Rez-de-chaussée", "0" }, { "REZ DE CHAUSSEE", "0" },
		{ "03", "03" }, { "1er", "1" }, { "1ère", "1" }, { "2e", "2" },
		{ "2E", "2" }, { "12ème", "12" }, { "3EME", "3" }, { "-1", "-1" },
		{ "toit", "toit" }, { "", "" }, { "2e étage", "2e étage" },
		{ "1234e", "1234e" }, { "e", "e" }
	};
	char buf[16], got[64];
	size_t i, n;
	const char *v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = troc_rpls_floor(cases[i].in, strlen(cases[i].in), buf, &n);
		snprintf(got, sizeof(got), "%.*s", (int)n, v);
		CHECK_STR(got, cases[i].out);
	}
}

static void
test_layouts(void)
{
	static const struct { const char *hdr; int layout; } ok[] = {
		{ "DEPCOM;NBPIECE;SURFHAB;FINAN\n", TROC_RPLS_OPEN },
		{ "DEPCOM_ARM;NBPIECE;SURFHAB;CUS\n", TROC_RPLS_OPEN },
		{ "DEP_CODE;DEPCOM;NBPIECE;SURFHAB;FINAN_CODE;FINAN_LIBELLE\n",
		    TROC_RPLS_OPEN_CODES },
		{ "depcom;nbpiece;surfhab;finan;qpv_libelle\n",
		    TROC_RPLS_OPEN_CODES },
		{ "IDENT_REP;DEPCOM;NBPIECE;SURFHAB;FINAN;MODE\n",
		    TROC_RPLS_FILING },
		{ "Ident Int;Depcom;Nbpiece;Surfhab;Cus\n", TROC_RPLS_FILING }
	};
	struct troc_err e;
	struct troc_csv *r;
	struct troc_rpls *p;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		r = troc_csv_open_mem(ok[i].hdr, strlen(ok[i].hdr), "mem", NULL,
		    &e);
		p = troc_rpls_new(troc_csv_header(r), "mem", "PH", &e);
		CHECK(p != NULL && (int)troc_rpls_layout(p) == ok[i].layout);
		troc_rpls_free(p);
		troc_csv_free(r);
	}
	r = troc_csv_open_mem("DEPCOM;SURFACE;FINANCEMENT\n", 27, "mem", NULL,
	    &e);
	CHECK(troc_rpls_new(troc_csv_header(r), "mem", "PH", &e) == NULL);
	CHECK_INT(e.line, 1);
	CHECK(strstr(e.msg, "not an RPLS layout: no NBPIECE, SURFHAB, FINAN "
	    "column (expected DEPCOM, NBPIECE") == e.msg);
	troc_csv_free(r);
	r = troc_csv_open_mem("DEPCOM;NBPIECE;SURFHAB;FINAN;finan\n", 35,
	    "mem", NULL, &e);
	CHECK(troc_rpls_new(troc_csv_header(r), "mem", "PH", &e) == NULL);
	CHECK_STR(e.msg, "column FINAN given twice (fields 4 and 5)");
	troc_csv_free(r);
}

/* The open-data layout of 2016-2019, in Windows-1252. */
static void
test_open_data(void)
{
	static const char csv[] =
	    "DEPCOM;LIBCOM;ETAGE;QPV;NBPIECE;SURFHAB;CONSTRUCT;FINAN;CUS;"
	    "DPEENERGIE\r\n"
	    "75111;Paris 11e;RDC;1;3;54,5;1975;13;;C\r\n"
	    "93048;Montreuil;03;2;1;30;2001;11;;N\r\n"
	    "93048;Montreuil;03;2;1;30;2001;11;;N\r\n"
	    "92012;Boulogne-Billancourt;2e;;4;80,25;1960;14;PLAI;\r\n"
	    "77288;Melun;;1;2;45;;99;;g\r\n"
	    "93048;Montreuil;toit;2;0;30;2001;23;;N\r\n"
	    "93048;Montreuil;toit;2;2;30;2001;23;;N\r\n"
	    "93048;Montreuil;1;2;2;30;2001;23;;N\r\n"
	    "93048;Montreuil;1;3;2;30;2001;12;;N\r\n"
	    "93048;Montreuil;1;2;2;0;2001;12;;N\r\n"
	    "93048;Montreuil;1;2;2;5000;2001;12;;N\r\n"
	    "99999;Nulle part;1;2;2;50;2001;12;;N\r\n"
	    "93048;Montreuil;1;2;2;50;2001;12;9;N\r\n"
	    "93048;Montreuil;1;2;2;50;2001;;9;N\r\n"
	    "93048;Montreuil;1;2;2;50;2001;;;N\r\n";
	const char *f1[] = { "75111", "Paris 11e", "RDC", "1", "3", "54,5",
	    "1975", "13", "", "C" };
	const char *f2[] = { "93048", "Montreuil", "03", "2", "1", "30",
	    "2001", "11", "", "N" };
	const char *f3[] = { "92012", "Boulogne-Billancourt", "2e", "", "4",
	    "80,25", "1960", "14", "PLAI", "" };
	const char *f4[] = { "77288", "Melun", "", "1", "2", "45", "", "99",
	    "", "g" };
	const char *f5[] = { "93048", "Montreuil", "1", "2", "2", "50",
	    "2001", "12", "9", "N" };
	char out[4096], rej[4096], want[2048], a[96], b[96], c[96], d[96];
	char g[96];

	CHECK_INT(imp1(TROC_IMPORT_RPLS, NULL, csv, out, sizeof(out), rej,
	    sizeof(rej)), 0);
	snprintf(want, sizeof(want),
	    "%s,PH,75111,3,54.5,0,,,PLUS,,,,,1,C,1975\n"
	    "%s,PH,93048,1,30,3,,,PLAI,,,,,0,,2001\n"
	    "%s.2,PH,93048,1,30,3,,,PLAI,,,,,0,,2001\n"
	    "%s,PH,92012,4,80.25,2,,,PLAI,,,,,,,1960\n"
	    "%s,PH,77288,2,45,,,,PLUS,,,,,1,G,\n"
	    "%s,PH,93048,2,50,1,,,PLUS,,,,,0,,2001\n",
	    rowid("75111", f1, 10, a), rowid("93048", f2, 10, b), b,
	    rowid("92012", f3, 10, c), rowid("77288", f4, 10, d),
	    rowid("93048", f5, 10, g));
	CHECK_STR(out, want);
	CHECK_STR(rej,
	    "7 NBPIECE range: \"0\" out of range 1 to 20\n"
	    "8 ETAGE number: not a whole number: \"toit\"\n"
	    "9 FINAN code: no financing for code \"23\"\n"
	    "10 QPV code: unknown value \"3\"\n"
	    "11 SURFHAB range: \"0\" out of range above 0 to 1000\n"
	    "12 SURFHAB range: \"5000\" out of range above 0 to 1000\n"
	    "13 DEPCOM code: not an INSEE commune code: \"99999\"\n"
	    "15 CUS code: unknown value \"9\", and no FINAN\n"
	    "16 FINAN missing: empty, a value is required\n");
}

/* The newer open data: labels beat codes, arrondissements. */
static void
test_open_codes(void)
{
	static const char csv[] =
	    "DEP_CODE;DEPCOM;DEPCOM_ARM;NBPIECE;SURFHAB;FINAN_CODE;"
	    "FINAN_LIBELLE;QPV_CODE;QPV_LIBELLE;PMR_CODE;PMR_LIBELLE;"
	    "DPEENERGIE\n"
	    "75;75056;75111;2;40;13;PLA d\xE2\x80\x99int\xC3\xA9gration/LLTS "
	    "dans les DOM;2;Hors QPV;1;;B\n"
	    "93;93048;;2;40;11;PLUS/LLS dans les DOM;1;;;Non;A\n"
	    "93;93048;;2;40;16;;;En QPV;9;Oui;A\n"
	    "93;93048;;2;40;77;;x;QPV 93;;;A\n"
	    "93;93048;;2;40;77;;;;;;A\n"
	    "93;93048;;2;40;14;;3;Peut-être;;;A\n"
	    "93;93048;;2;40;14;;;;2;Adapté;A\n";
	char out[4096], rej[4096], *p;

	CHECK_INT(imp1(TROC_IMPORT_RPLS, NULL, csv, out, sizeof(out), rej,
	    sizeof(rej)), 0);
	/* drop the ids: the row rule is tested on its own */
	for (p = out; (p = strstr(p, "PH:")) != NULL; )
		memmove(p, p + 25, strlen(p + 25) + 1);
	/* a label that does not read leaves it to the code */
	CHECK_STR(out,
	    ",PH,75111,2,40,,,1,PLAI,,,,,0,B,\n"
	    ",PH,93048,2,40,,,0,PLUS,,,,,1,A,\n"
	    ",PH,93048,2,40,,,1,PLI,,,,,1,A,\n"
	    ",PH,93048,2,40,,,0,PLS,,,,,,A,\n");
	CHECK_STR(rej,
	    "5 FINAN_CODE code: no financing for code \"77\"\n"
	    "6 FINAN_CODE code: no financing for code \"77\"\n"
	    "7 QPV_LIBELLE code: unknown value \"Peut-être\"\n");
}

/* A landlord's filing: ids, ETAGE, flags, rent, MODE, CONTRESLOG, CUS. */
static void
test_filing(void)
{
	static const char csv[] =
	    "IDENT_REP;IDENT_INT;DEPCOM;ETAGE;ASCENSEUR;PMR;NBPIECE;SURFHAB;"
	    "FINAN;CUS;LOYERPRINC;LOYERACC;MODE;CONTRESLOG;QPV\n"
	    "0000000001;000123;75111;RDC;1;O;3;54,5;13;;412,50;35;1;2;2\n"
	    "0000000002;;93048;03;2;N;2;40;13;PLAI;9999;999;2;1;1\n"
	    "0000000003;000125;93048;1er;;;2;40;10;pls;9999,00;;3;3;\n"
	    "0000000004;000126;93048;;;;2;40;13;;300;;4;4;\n"
	    "0000000005;000127;93048;;;;2;40;13;;300;;5;5;\n"
	    "0000000006;000128;93048;;;;2;40;13;;300;;9;6;\n"
	    "0000000007;000129;93048;;;;2;40;13;;300;;;7;\n"
	    "0000000008;000123;93048;;;;2;40;13;;300;;1;7;\n"
	    "0000000009;000130;93048;;;;2;40;13;;300;;7;7;\n"
	    "0000000010;000131;93048;;;;2;40;13;;300;;1;8;\n"
	    "0000000011;000132;93048;;3;;2;40;13;;300;;1;7;\n"
	    "0000000012;000133;93048;;;;0;40;13;;300;;8;7;\n"
	    "0000000013;000134;93048;;;;2;40;23;;300;;8;7;\n"
	    "0000000014;00 135;93048;;;;2;40;13;;300;;1;7;\n"
	    "0000000015;000136;93048;;;;2;40;13;;-3;;1;7;\n"
	    ";;93048;;;;2;40;13;;300;;1;7;\n";
	char out[4096], rej[4096];

	CHECK_INT(imp1(TROC_IMPORT_RPLS, NULL, csv, out, sizeof(out), rej,
	    sizeof(rej)), 0);
	CHECK_STR(out,
	    "PH:000123,PH,75111,3,54.5,0,1,1,PLUS,412.5,,occupied,state,0,,\n"
	    "PH:0000000002,PH,93048,2,40,3,0,0,PLAI,,,vacant,state-civil,1,,\n"
	    "PH:000125,PH,93048,2,40,1,,,PLS,,,unavailable,action-logement,,,\n"
	    "PH:000126,PH,93048,2,40,,,,PLUS,300,,occupied,local,,,\n"
	    "PH:000127,PH,93048,2,40,,,,PLUS,300,,occupied,state-civil,,,\n"
	    "PH:000128,PH,93048,2,40,,,,PLUS,300,,unavailable,other,,,\n"
	    "PH:000129,PH,93048,2,40,,,,PLUS,300,,,none,,,\n");
	CHECK_STR(rej,
	    "9 IDENT_INT duplicate: unit_id PH:000123 seen before\n"
	    "10 MODE code: unknown code \"7\"\n"
	    "11 CONTRESLOG code: unknown code \"8\"\n"
	    "12 ASCENSEUR code: unknown value \"3\"\n"
	    "13 NBPIECE range: \"0\" out of range 1 to 20\n"
	    "14 FINAN code: no financing for code \"23\"\n"
	    "15 IDENT_INT code: id with a character outside A-Za-z0-9._:/-: "
	    "\"PH:00 135\"\n"
	    "16 LOYERPRINC range: \"-3\" out of range 0 to 1e+06\n"
	    "17 IDENT_INT missing: empty, a value is required\n");
}

/* The row rule: one id for one content, whatever the encoding, the
 * compression or the delimiter; the k-th identical row gets ".k"; a file
 * read twice is all duplicates. */
static void
test_rowid(void)
{
	static const char utf8[] = "DEPCOM,LIBCOM,NBPIECE,SURFHAB,FINAN\n"
	    "93048,Montreuil-sous-Bois (Église),2,40,13\n"
	    "93048,Montreuil-sous-Bois (Église),2,40,13\n";
	static const char cp1252[] = "DEPCOM;LIBCOM;NBPIECE;SURFHAB;FINAN\r\n"
	    "93048;Montreuil-sous-Bois (\xC9glise);2;40;13\r\n"
	    "93048;\"Montreuil-sous-Bois (\xC9glise)\";2;40;13\r\n";
	static const char three[] = "DEPCOM,LIBCOM,NBPIECE,SURFHAB,FINAN\n"
	    "93048,Montreuil-sous-Bois (Église),2,40,13\n"
	    "93048,Montreuil-sous-Bois (Église),2,40,13\n"
	    "93048,Montreuil-sous-Bois (Église),2,40,13\n"
	    "93048,Montreuil,2,40,13\n";
	const char *f[] = { "93048", "Montreuil-sous-Bois (Église)", "2",
	    "40", "13" };
	unsigned char gz[512];
	z_stream z;
	struct input in[3];
	char o1[2048], o2[2048], o3[2048], rej[2048], id[96], want[512];

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)(uintptr_t)cp1252;
	z.avail_in = sizeof(cp1252) - 1;
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	in[0].p = utf8;
	in[0].n = 0;
	imp(TROC_IMPORT_RPLS, NULL, "PH", in, 1, o1, sizeof(o1), rej,
	    sizeof(rej));
	rowid("93048", f, 5, id);
	snprintf(want, sizeof(want), "%s,PH,93048,2,40,,,,PLUS,,,,,,,\n"
	    "%s.2,PH,93048,2,40,,,,PLUS,,,,,,,\n", id, id);
	CHECK_STR(o1, want);
	in[0].p = (const char *)gz;
	in[0].n = sizeof(gz) - z.avail_out;
	imp(TROC_IMPORT_RPLS, NULL, "PH", in, 1, o2, sizeof(o2), rej,
	    sizeof(rej));
	CHECK_STR(o2, o1);
	/* read twice in one run: the second reading is all duplicates */
	in[1] = in[0];
	imp(TROC_IMPORT_RPLS, NULL, "PH", in, 2, o2, sizeof(o2), rej,
	    sizeof(rej));
	CHECK_STR(o2, o1);
	snprintf(want, sizeof(want), "2 unit_id duplicate: unit_id %s seen "
	    "before\n3 unit_id duplicate: unit_id %s.2 seen before\n", id, id);
	CHECK_STR(rej, want);
	/* a later file with one copy more adds that one only */
	in[0].p = utf8;
	in[0].n = 0;
	in[1].p = three;
	in[1].n = 0;
	imp(TROC_IMPORT_RPLS, NULL, "PH", in, 2, o3, sizeof(o3), rej,
	    sizeof(rej));
	CHECK(strncmp(o3, o1, strlen(o1)) == 0);
	CHECK(strstr(o3 + strlen(o1), id) != NULL &&
	    strstr(o3 + strlen(o1), ".3,PH,93048") != NULL);
	CHECK(strstr(rej, "2 unit_id duplicate") == rej &&
	    strstr(rej, "\n3 unit_id duplicate") != NULL &&
	    strstr(rej, "\n4 ") == NULL);
	/* the landlord is part of it */
	in[0].p = utf8;
	in[0].n = 0;
	imp(TROC_IMPORT_RPLS, NULL, "OPH93", in, 1, o3, sizeof(o3), rej,
	    sizeof(rej));
	CHECK(strncmp(o3, "OPH93:93048:", 12) == 0 &&
	    strncmp(o3 + 12, id + 9, 16) == 0);
}

/* A map read from text; NULL with the error in e. */
static struct troc_map *
map_of(const char *text, struct troc_err *e)
{
	struct troc_csv *r = troc_csv_open_mem(text, strlen(text), "map.csv",
	    NULL, e);
	struct troc_map *m = r ? troc_map_read(r, e) : NULL;

	troc_csv_free(r);
	return m;
}

static void
map_fails(const char *text, unsigned long line, const char *msg)
{
	struct troc_err e;
	struct troc_map *m = map_of(text, &e);

	CHECK(m == NULL);
	CHECK_INT(e.line, line);
	CHECK_STR(e.msg, msg);
	CHECK_STR(e.file, "map.csv");
	troc_map_free(m);
}

static void
test_map_errors(void)
{
	static const char base[] = "column,source\ncommune,C\nrooms,R\n"
	    "surface,S\nfinancing,F\n";
	char text[512];

	map_fails("column,source\ncommune,C\nrooms,R\nsurface,S\n", 0,
	    "required column not mapped: financing");
	snprintf(text, sizeof(text), "%spieces,P\n", base);
	map_fails(text, 6, "unknown column \"pieces\" (one of unit_id, "
	    "landlord, commune, rooms, surface, floor, elevator, accessible, "
	    "financing, rent, charges, status, reservataire, qpv, dpe, "
	    "built)");
	map_fails("column,source,recode\ncommune,C,\nrooms,R,T1=1|T2\n", 3,
	    "rooms: recode \"T2\" has no '=' (write FROM=TO|FROM=TO)");
	map_fails("column,source,recode\ncommune,C,\nrooms,R,T1=1\n"
	    "rooms,,t1 = 2\n", 4, "rooms: recode of \"t1\" given twice");
	map_fails("column,source,recode\ncommune,C,\nrooms,R,\n"
	    "Rooms,Pieces,\n", 4, "rooms: mapped twice, from \"R\" (line 3) "
	    "and \"Pieces\"");
	map_fails("column,source,recode\ncommune,C,\nrooms,,\n", 3,
	    "rooms: no source column and no recode");
	map_fails("column,source\ncommune,C,x\n", 2,
	    "3 fields, the header has 2");
	map_fails("column,recode\ncommune,C\n", 1,
	    "required column missing: source");
}

static void
test_map(void)
{
	/* one recode a row, "*", a constant, blanks and case */
	static const char map[] = "column;source;recode;note\n"
	    "unit_id;Réf.;;\n"
	    "commune;Code INSEE;;\n"
	    "rooms;Type;T1=1|T2=2;\n"
	    "rooms;;  t3 =  3 ;\n"
	    "rooms;;Studio=1;\n"
	    "surface;Surface (m²);;\n"
	    "floor;Étage;RDC=0;\n"
	    "elevator;Ascenseur;oui=1|non=0|*=;\n"
	    "financing;;*=PLUS;every unit\n"
	    "status;Situation;L=occupied|V=vacant;\n";
	static const char csv[] = "R\xE9" "f.;Code INSEE;Type;Surface (m\xB2);"
	    "\xC9tage;Ascenseur;Situation;Gardien;commune\n"
	    "000123;75111;T3;54,5;RDC;OUI;L;M. Dupont;Paris\n"
	    "000124;93048;T2;41;2;?;V;;\n"
	    "000125;93048;T4;41;2;non;V;;\n"
	    "000126;93048;Studio;41;toit;non;X;;\n";
	struct troc_err e;
	struct troc_map *m = map_of(map, &e);
	char out[2048], rej[2048];
	size_t n = 3;
	const char *v;

	CHECK(m != NULL);
	if (m == NULL) {
		fprintf(stderr, "%lu: %s\n", e.line, e.msg);
		return;
	}
	CHECK(troc_map_has(m, TROC_U_ROOMS) && !troc_map_has(m, TROC_U_QPV));
	v = troc_map_recode(m, TROC_U_ROOMS, " T3", &n);
	CHECK(n == 1 && v[0] == '3');
	n = 2;
	v = troc_map_recode(m, TROC_U_ROOMS, "T9", &n);
	CHECK(n == 2 && strncmp(v, "T9", 2) == 0);
	CHECK_INT(imp1(TROC_IMPORT_MAP, m, csv, out, sizeof(out), rej,
	    sizeof(rej)), 0);
	CHECK_STR(out,
	    "PH:000123,PH,75111,3,54.5,0,1,,PLUS,,,occupied,,,,\n"
	    "PH:000124,PH,93048,2,41,2,,,PLUS,,,vacant,,,,\n");
	CHECK_STR(rej,
	    "4 Type number: not a whole number: \"T4\"\n"
	    "5 \xC3\x89tage number: not a whole number: \"toit\"\n");
	/* the extras leave out a column named like a canonical one */
	CHECK_INT(troc_map_extras(m)->nextra, 1);
	troc_map_free(m);
}

static void
test_map_bind(void)
{
	struct troc_err e;
	struct troc_map *m = map_of("column,source\ncommune,C\nrooms,R\n"
	    "surface,S\nfinancing,F\n", &e);
	char out[1024], rej[1024];

	CHECK_INT(imp1(TROC_IMPORT_MAP, m, "C,R,F\n75111,1,PLUS\n", out,
	    sizeof(out), rej, sizeof(rej)), -1);
	CHECK_STR(rej, "4: surface: no column \"S\" in mem");
	CHECK_INT(imp1(TROC_IMPORT_MAP, m, "C,R,S,F,s\n75111,1,2,PLUS,3\n",
	    out, sizeof(out), rej, sizeof(rej)), -1);
	CHECK_STR(rej, "4: surface: mem has two columns named \"S\"");
	/* no unit_id: the row rule; -l gives the landlord */
	CHECK_INT(imp1(TROC_IMPORT_MAP, m, "C,R,S,F\n75111,1,20,PLUS\n", out,
	    sizeof(out), rej, sizeof(rej)), 0);
	CHECK(strncmp(out, "PH:75111:", 9) == 0 &&
	    strcmp(out + 25, ",PH,75111,1,20,,,,PLUS,,,,,,,\n") == 0);
	troc_map_free(m);
	/* a landlord read from the export must make a valid id */
	m = map_of("column,source\nlandlord,L\ncommune,C\nrooms,R\n"
	    "surface,S\nfinancing,F\n", &e);
	imp(TROC_IMPORT_MAP, m, NULL, &(struct input){ "L,C,R,S,F\n"
	    "OPH 93,75111,1,20,PLUS\nOPH93,75111,1,20,PLUS\n", 0 }, 1, out,
	    sizeof(out), rej, sizeof(rej));
	CHECK(strncmp(rej, "2 unit_id code: id with a character outside", 43)
	    == 0);
	CHECK(strncmp(out, "OPH93:75111:", 12) == 0);
	troc_map_free(m);
}

/* A landlord too long for the ids of the row rule. */
static void
test_long_landlord(void)
{
	static const char ll[] = "L23456789012345678901234567890123456789012";
	struct input in = { "DEPCOM,NBPIECE,SURFHAB,FINAN\n75111,2,40,13\n",
	    0 };
	char out[1024], rej[1024];

	imp(TROC_IMPORT_RPLS, NULL, ll, &in, 1, out, sizeof(out), rej,
	    sizeof(rej));
	CHECK_STR(out, "");
	CHECK(strncmp(rej, "2 unit_id code: id longer than 64 characters", 44)
	    == 0);
	imp(TROC_IMPORT_RPLS, NULL, ll + 1, &in, 1, out, sizeof(out), rej,
	    sizeof(rej));
	CHECK(strlen(out) > 64 && out[64] == ',' && rej[0] == '\0');
}

int
main(void)
{
	struct troc_err e;
	const char *d = getenv("TROC_DATA");

	if ((geo = troc_geo_load(d ? d : "data", &e)) == NULL) {
		fprintf(stderr, "%s: %s\n", e.file, e.msg);
		return 1;
	}
	test_finan();
	test_floor();
	test_layouts();
	test_open_data();
	test_open_codes();
	test_filing();
	test_rowid();
	test_map_errors();
	test_map();
	test_map_bind();
	test_long_landlord();
	troc_geo_free(geo);
	return test_done("test_rpls");
}
