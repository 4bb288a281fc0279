/* test_report.c: troc-report's model and figures on a hand-worked
 * example, the pseudonyms (RFC 4231 HMAC-SHA-256 vector), the landlord
 * selection and the HTML escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "troc/report.h"

/* A swap (A <-> B) and a chain of two from vacancy V (C takes V, D
 * takes C's home). */
static const char proposals[] =
    "exchange,kind,length,step,household,from_unit,to_unit,weight\n"
    "1,swap,2,1,hA,X:1,Y:2,120\n"
    "1,swap,2,2,\"<script>hB\",Y:2,X:1,100\n"
    "2,chain,2,1,hC,X:3,Z:9,105\n"
    "2,chain,2,2,hD,Y:4,X:3,140\n";

static const char units[] =
    "unit_id,landlord,commune,rooms,surface,financing,rent,charges,"
    "reservataire\n"
    "X:1,X,75111,4,80,PLUS,600,50,state\n"
    "Y:2,Y,93048,2,45,PLUS,400,,local\n"
    "X:3,X,75111,3,60,PLAI,500,20,state\n"
    "Y:4,Y,92012,1,20,PLUS,300,10,state\n"
    "Z:9,Z,92012,3,65,PLUS,550,0,\n"
    "W:7,W,77288,2,40,PLS,350,0,\n";

/* hA (2 persons, under-occupies its 4 rooms) goes to 2 rooms: fixed.
 * hB (4 persons, 3 dependants, over-occupies 45 m2) goes to 4 rooms,
 * 80 m2: fixed. hD (3 persons in 20 m2, over) goes to 60 m2: fixed. */
static const char households[] =
    "household_id,unit_id,dependants,persons,home_landlord,home_commune,"
    "home_rooms,home_surface,home_financing,home_rent,home_charges,"
    "occupancy,priority_reasons,blocked\n"
    "hA,X:1,0,2,X,75111,4,80,PLUS,600,50,under,underoccupied,\n"
    "<script>hB,Y:2,3,4,Y,93048,2,45,PLUS,400,,over,overcrowded|rent,\n"
    "hC,X:3,1,2,X,75111,3,60,PLAI,500,20,normal,,\n"
    "hD,Y:4,1,3,Y,92012,1,20,PLUS,300,10,over,overcrowded,\n"
    "hE,W:7,0,1,W,77288,2,40,PLS,350,0,normal,handicap,\n"
    "hF,W:8,0,1,W,77288,2,40,PLS,350,0,normal,handicap,arrears\n";

static void
read_mem(struct troc_report *r, const char *buf, int (*fn)(struct
    troc_report *, struct troc_csv *, struct troc_rejects *,
    unsigned long *, unsigned long *, struct troc_err *))
{
	struct troc_err e;
	struct troc_rejects *rj = troc_rejects_open(NULL, &e);
	struct troc_csv *in = troc_csv_open_mem(buf, strlen(buf), "mem", NULL,
	    &e);
	unsigned long nin = 0, nok = 0;

	CHECK(in != NULL && rj != NULL);
	CHECK_INT(fn(r, in, rj, &nin, &nok, &e), 0);
	CHECK_INT(nin, nok);
	troc_csv_free(in);
	troc_rejects_close(rj, 0, &e);
}

static double
get(const struct troc_figs *f, const char *t, const char *g, const char *k)
{
	double v = -1;

	troc_figs_get(f, t, g, k, &v);
	return v;
}

static void
load(struct troc_report *r, const char *only)
{
	CHECK_INT(troc_report_init(r, only), 0);
	read_mem(r, proposals, troc_report_read_proposals);
	read_mem(r, units, troc_report_read_units);
	read_mem(r, households, troc_report_read_households);
}

static void
test_figures(void)
{
	struct troc_report r;
	struct troc_figs f = { 0 };

	load(&r, NULL);
	CHECK_INT(troc_report_select(&r, 0, (const unsigned char *)"k", 1), 0);
	CHECK_INT(troc_report_figures(&r, &f), 0);
	CHECK_NEAR(get(&f, "kind", "swap", "exchanges"), 1, 0);
	CHECK_NEAR(get(&f, "kind", "swap", "households"), 2, 0);
	CHECK_NEAR(get(&f, "kind", "chain", "households"), 2, 0);
	CHECK_NEAR(get(&f, "kind", "cycle", "exchanges"), 0, 0);
	CHECK_NEAR(get(&f, "summary", "all", "households"), 4, 0);
	CHECK_NEAR(get(&f, "summary", "all", "weight"), 465, 0);
	/* hF is blocked: not waiting */
	CHECK_NEAR(get(&f, "summary", "all", "waiting"), 5, 0);
	CHECK_NEAR(get(&f, "reason", "handicap", "waiting"), 1, 0);
	CHECK_NEAR(get(&f, "reason", "overcrowded", "waiting"), 2, 0);
	CHECK_NEAR(get(&f, "reason", "overcrowded", "served"), 2, 0);
	CHECK_NEAR(get(&f, "reason", "rent", "served"), 1, 0);
	CHECK_NEAR(get(&f, "summary", "all", "priority_households"), 3, 0);
	CHECK_NEAR(get(&f, "summary", "all", "over_fixed"), 2, 0);
	CHECK_NEAR(get(&f, "summary", "all", "under_fixed"), 1, 0);
	CHECK_NEAR(get(&f, "occupancy", "normal", "normal"), 1, 0);
	/* rooms: A 4->2 gives 2 up; B 2->4, C 3->3, D 1->3 gain 4 */
	CHECK_NEAR(get(&f, "rooms", "all", "freed"), 2, 0);
	CHECK_NEAR(get(&f, "rooms", "all", "gained"), 4, 0);
	CHECK_NEAR(get(&f, "rooms", "all", "large_homes_freed"), 1, 0);
	CHECK_NEAR(get(&f, "rooms", "all", "large_homes_to_large_families"),
	    1, 0);
	/* rent + charges: before 650 400 520 310, after 400 650 550 520 */
	CHECK_NEAR(get(&f, "rent", "all", "before_mean"), 470, 0);
	CHECK_NEAR(get(&f, "rent", "all", "after_mean"), 530, 0);
	CHECK_NEAR(get(&f, "rent", "all", "change_mean"), 60, 0);
	CHECK_NEAR(get(&f, "rent", "all", "up"), 3, 0);
	CHECK_NEAR(get(&f, "rent", "all", "down"), 1, 0);
	CHECK_NEAR(get(&f, "across", "landlords", "moves"), 4, 0);
	CHECK_NEAR(get(&f, "across", "reservataires", "known"), 3, 0);
	CHECK_NEAR(get(&f, "across", "reservataires", "moves"), 2, 0);
	CHECK_NEAR(get(&f, "flow", "75", "93"), 1, 0);
	CHECK_NEAR(get(&f, "flow", "93", "75"), 1, 0);
	CHECK_NEAR(get(&f, "flow", "75", "92"), 1, 0);
	CHECK_NEAR(get(&f, "flow", "92", "75"), 1, 0);
	CHECK_NEAR(get(&f, "departement", "75", "left"), 2, 0);
	CHECK_NEAR(get(&f, "landlord", "X", "taken"), 2, 0);
	CHECK_NEAR(get(&f, "landlord", "Z", "taken"), 1, 0);
	troc_figs_release(&f);
	troc_report_release(&r);
}

static void
test_pseudonym(void)
{
	char out[TROC_PSEUDO_SIZE];
	const char *d = "what do ya want for nothing?";

	/* RFC 4231 test case 2: 5bdcc146bf60754e6a04... */
	troc_pseudonym((const unsigned char *)"Jefe", 4, d, strlen(d), out);
	CHECK_STR(out, "h5bdcc146bf60754e");
}

static void
test_landlord(void)
{
	struct troc_report r;
	struct troc_figs f = { 0 };
	const char *s;
	size_t n;

	/* Z is only in the chain: the swap is not its business */
	load(&r, "Z");
	CHECK_INT(troc_report_select(&r, 0, (const unsigned char *)"key", 3),
	    0);
	CHECK(!r.keep[0] && !r.keep[1] && r.keep[2] && r.keep[3]);
	s = troc_report_hh_id(&r, 2, &n);
	CHECK(n == TROC_PSEUDO_SIZE - 1 && s[0] == 'h' && strcmp(s, "hC"));
	CHECK_INT(troc_report_figures(&r, &f), 0);
	CHECK_NEAR(get(&f, "summary", "all", "households"), 2, 0);
	CHECK_NEAR(get(&f, "summary", "all", "waiting"), 0, 0);
	troc_figs_release(&f);
	troc_report_release(&r);
	/* X: both exchanges; its own households shown, Y's hidden */
	load(&r, "X");
	CHECK_INT(troc_report_select(&r, 0, (const unsigned char *)"key", 3),
	    0);
	CHECK_STR(troc_report_hh_id(&r, 0, &n), "hA");
	CHECK(strcmp(troc_report_hh_id(&r, 1, &n), "<script>hB") != 0);
	CHECK(strcmp(troc_report_hh_id(&r, 3, &n), "hD") != 0);
	troc_report_release(&r);
}

static void
test_html(void)
{
	struct troc_report r;
	struct troc_figs f = { 0 };
	struct troc_err e;
	struct troc_out *w;
	char path[] = "/tmp/test_report_XXXXXX", buf[65536];
	FILE *fp;
	size_t n;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	load(&r, NULL);
	troc_report_select(&r, 0, NULL, 0);
	troc_report_figures(&r, &f);
	w = troc_out_open(path, NULL, &e);
	CHECK(w != NULL);
	CHECK_INT(troc_report_html(w, &r, &f), 0);
	CHECK_INT(troc_out_close(w, 1, &e), 0);
	fp = fopen(path, "r");
	n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;
	buf[n] = '\0';
	if (fp)
		fclose(fp);
	unlink(path);
	CHECK(strstr(buf, "&lt;script&gt;hB") != NULL);
	CHECK(strstr(buf, "<script") == NULL);
	CHECK(strstr(buf, "default-src 'none'") != NULL);
	CHECK(strstr(buf, "<svg id=\"chart-flow\"") != NULL);
	troc_figs_release(&f);
	troc_report_release(&r);
}

int
main(void)
{
	test_figures();
	test_pseudonym();
	test_landlord();
	test_html();
	return test_done("test_report");
}
