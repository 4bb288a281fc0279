/* test_policy.c: policy defaults, the `key = value` file and its errors,
 * the participation lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "troc/policy.h"
#include "test.h"

static struct troc_err e;

static int
parse(struct troc_policy *p, const char *s)
{
	memset(&e, 0, sizeof(e));
	return troc_policy_parse(p, s, strlen(s), "policy.conf", &e);
}

/* Parsing s fails at line with a message containing what. */
static void
fails(const char *s, unsigned long line, const char *what)
{
	struct troc_policy p;

	troc_policy_init(&p);
	CHECK_INT(parse(&p, s), -1);
	CHECK(e.file != NULL && strcmp(e.file, "policy.conf") == 0);
	CHECK_INT(e.line, line);
	if (strstr(e.msg, what) == NULL)
		fprintf(stderr, "want \"%s\" in: %s\n", what, e.msg);
	CHECK(strstr(e.msg, what) != NULL);
	/* p is left as it was */
	CHECK_INT(p.ageing_age, 65);
	CHECK(p.landlords == NULL);
	troc_policy_release(&p);
}

static void
test_defaults(void)
{
	struct troc_policy p;

	troc_policy_init(&p);
	CHECK_INT(p.ageing_age, 65);
	CHECK_NEAR(p.job_km, 30, 0);
	CHECK_NEAR(p.effort_max, 0.33, 0);
	CHECK_INT(p.weight[TROC_REASON_HANDICAP], 40);
	CHECK_INT(p.weight[TROC_REASON_OVERCROWDED], 30);
	CHECK_INT(p.weight[TROC_REASON_UNDEROCCUPIED], 20);
	CHECK_INT(p.weight[TROC_REASON_AGEING], 20);
	CHECK_INT(p.weight[TROC_REASON_JOB], 10);
	CHECK_INT(p.weight[TROC_REASON_RENT], 10);
	CHECK_INT(p.weight[TROC_REASON_MIX], 5);
	CHECK_INT(p.allow_under, 0);
	CHECK_INT(p.same_landlord, 0);
	CHECK(p.landlords == NULL);
	CHECK_INT(p.reservataires, TROC_RESV_ALL);
	CHECK(troc_policy_admits(&p, "PH", 2, TROC_RESV_STATE));
	CHECK(troc_policy_admits(&p, "X", 1, TROC_RESV_NONE));
	CHECK(troc_policy_admits(&p, "X", 1, TROC_RESV_UNKNOWN));
	troc_policy_release(&p);
	/* an empty file, comments and blanks change nothing */
	CHECK_INT(parse(&p, ""), 0);
	CHECK_INT(parse(&p, "\n\n   \n# nothing\n  # indented comment\n"), 0);
	CHECK_INT(p.ageing_age, 65);
	troc_policy_release(&p);
}

static void
test_every_key(void)
{
	struct troc_policy p;

	troc_policy_init(&p);
	CHECK_INT(parse(&p,
	    "# Protocole Mutations, Paris\n"
	    "ageing_age = 70\n"
	    "job_km=45.5\n"
	    "  effort_max   =   0,30   # decimal comma\n"
	    "weight_handicap = 50\n"
	    "weight_ageing = 21\n"
	    "weight_overcrowded = 31\n"
	    "weight_underoccupied = 22\n"
	    "weight_job = 11\n"
	    "weight_rent = 12\n"
	    "weight_mix = 0\n"
	    "allow_under = 1\n"
	    "same_landlord = 1\n"
	    "landlords = PH, 552046 ,RIVP\n"
	    "reservataires = state,action-logement, none\n"), 0);
	CHECK_INT(p.ageing_age, 70);
	CHECK_NEAR(p.job_km, 45.5, 0);
	CHECK_NEAR(p.effort_max, 0.30, 0);
	CHECK_INT(p.weight[TROC_REASON_HANDICAP], 50);
	CHECK_INT(p.weight[TROC_REASON_AGEING], 21);
	CHECK_INT(p.weight[TROC_REASON_OVERCROWDED], 31);
	CHECK_INT(p.weight[TROC_REASON_UNDEROCCUPIED], 22);
	CHECK_INT(p.weight[TROC_REASON_JOB], 11);
	CHECK_INT(p.weight[TROC_REASON_RENT], 12);
	CHECK_INT(p.weight[TROC_REASON_MIX], 0);
	CHECK_INT(p.allow_under, 1);
	CHECK_INT(p.same_landlord, 1);
	CHECK_INT(p.nlandlords, 3);
	if (p.nlandlords == 3) {
		CHECK_STR(p.landlords[0], "PH");
		CHECK_STR(p.landlords[1], "552046");
		CHECK_STR(p.landlords[2], "RIVP");
	}
	CHECK_INT(p.reservataires, 1u << TROC_RESV_STATE |
	    1u << TROC_RESV_ACTION_LOGEMENT | 1u << TROC_RESV_NONE);
	/* participation: landlord listed, réservataire listed or unknown */
	CHECK(troc_policy_admits(&p, "PH", 2, TROC_RESV_STATE));
	CHECK(troc_policy_admits(&p, "552046", 6, TROC_RESV_NONE));
	CHECK(troc_policy_admits(&p, "RIVP", 4, TROC_RESV_UNKNOWN));
	CHECK(!troc_policy_admits(&p, "PH", 2, TROC_RESV_LOCAL));
	CHECK(!troc_policy_admits(&p, "PH", 2, TROC_RESV_STATE_CIVIL));
	CHECK(!troc_policy_admits(&p, "OPH", 3, TROC_RESV_STATE));
	CHECK(!troc_policy_admits(&p, "P", 1, TROC_RESV_STATE));
	CHECK(!troc_policy_admits(&p, "ph", 2, TROC_RESV_STATE));
	CHECK(!troc_policy_admits(&p, "PHX", 2 + 1, TROC_RESV_STATE));

	/* a second file overrides, `all` restores every landlord */
	CHECK_INT(parse(&p, "landlords = all\nreservataires = all\n"), 0);
	CHECK(p.landlords == NULL);
	CHECK_INT(p.nlandlords, 0);
	CHECK_INT(p.reservataires, TROC_RESV_ALL);
	CHECK_INT(p.ageing_age, 70);
	CHECK(troc_policy_admits(&p, "OPH", 3, TROC_RESV_LOCAL));
	troc_policy_release(&p);
	CHECK_INT(p.ageing_age, 65);	/* release resets */
}

static void
test_syntax(void)
{
	struct troc_policy p;
	const char crlf[] = "\xEF\xBB\xBF" "ageing_age = 60\r\njob_km = 10\r\n";
	const char nul[] = "ageing_age = 60\njob_km\0 = 10\n";

	troc_policy_init(&p);
	CHECK_INT(parse(&p, crlf), 0);		/* BOM, CR LF */
	CHECK_INT(p.ageing_age, 60);
	CHECK_NEAR(p.job_km, 10, 0);
	troc_policy_release(&p);
	CHECK_INT(parse(&p, "ageing_age = 61"), 0);	/* no final LF */
	CHECK_INT(p.ageing_age, 61);
	troc_policy_release(&p);
	CHECK_INT(parse(&p, "ageing_age=62#comment\n"), -1); /* # in a word */
	CHECK_INT(parse(&p, "ageing_age = 62 #comment\n"), 0);
	CHECK_INT(p.ageing_age, 62);
	troc_policy_release(&p);
	CHECK_INT(parse(&p, "landlords = A#1, B\n"), 0);
	CHECK_INT(p.nlandlords, 2);
	if (p.nlandlords == 2)
		CHECK_STR(p.landlords[0], "A#1");
	troc_policy_release(&p);
	CHECK_INT(parse(&p, "weight_job = 1 000\n"), 0);	/* thousands */
	CHECK_INT(p.weight[TROC_REASON_JOB], 1000);
	troc_policy_release(&p);
	CHECK_INT(troc_policy_parse(&p, nul, sizeof(nul) - 1, "policy.conf",
	    &e), -1);
	CHECK_INT(e.line, 2);
	CHECK_INT(p.ageing_age, 65);
	troc_policy_release(&p);
}

static void
test_errors(void)
{
	fails("ageing_age = 70\nageing = 70\n", 2, "unknown key \"ageing\"");
	fails("Ageing_Age = 70\n", 1, "unknown key");
	fails("weight_other = 1\n", 1, "unknown key \"weight_other\"");
	fails("ageing_age = 70\n\n# again\nageing_age = 71\n", 4,
	    "ageing_age: given twice (first on line 1)");
	fails("ageing_age 70\n", 1, "expected key = value");
	fails("= 70\n", 1, "unknown key \"\"");
	fails("ageing_age =\n", 1, "ageing_age: missing value");
	fails("ageing_age = # none\n", 1, "ageing_age: missing value");
	fails("ageing_age = old\n", 1, "ageing_age: not an age");
	fails("ageing_age = 65.5\n", 1, "ageing_age: not an age");
	fails("ageing_age = 151\n", 1, "ageing_age: not an age");
	fails("ageing_age = -1\n", 1, "ageing_age: not an age");
	fails("job_km = -3\n", 1, "job_km: not a distance");
	fails("job_km = 30km\n", 1, "job_km: not a distance");
	fails("effort_max = 33%\n", 1, "effort_max: not a ratio");
	fails("effort_max = nan\n", 1, "effort_max: not a ratio");
	fails("effort_max = 101\n", 1, "effort_max: not a ratio");
	fails("weight_mix = -5\n", 1, "weight_mix: not a weight");
	fails("weight_rent = 2.5\n", 1, "weight_rent: not a weight");
	fails("weight_handicap = 1000001\n", 1, "weight_handicap: not a weight");
	fails("allow_under = 2\n", 1, "allow_under: not 0 or 1");
	fails("same_landlord = yes\n", 1, "same_landlord: not 0 or 1");
	fails("landlords = PH,,RIVP\n", 1, "landlords: empty item");
	fails("landlords = PH,\n", 1, "landlords: empty item");
	fails("landlords = PH, all\n", 1, "all cannot be combined");
	fails("landlords = "
	    "A123456789012345678901234567890123456789012345678901234567890123"
	    "4\n", 1, "at most 64 bytes");
	fails("reservataires = state, etat\n", 1,
	    "reservataires: unknown reservataire \"etat\"");
	fails("reservataires = State\n", 1, "unknown reservataire");
	fails("ageing_age = 70\nlandlords = PH\nallow_under = x\n", 3,
	    "allow_under");	/* the list parsed before is dropped */
}

static void
test_load(void)
{
	struct troc_policy p;
	char path[] = "/tmp/troc-test-policy-XXXXXX";
	const char *s = "effort_max = 0.4\nweight_mix = 7\nbogus = 1\n";
	int fd;

	troc_policy_init(&p);
	CHECK_INT(troc_policy_load(&p, "/nonexistent/policy.conf", &e), -1);
	CHECK_STR(e.file, "/nonexistent/policy.conf");
	CHECK_INT(e.line, 0);
	if ((fd = mkstemp(path)) < 0) {
		CHECK(!"temporary file");
		return;
	}
	CHECK(write(fd, s, strlen(s)) == (ssize_t)strlen(s));
	close(fd);
	CHECK_INT(troc_policy_load(&p, path, &e), -1);
	CHECK_STR(e.file, path);
	CHECK_INT(e.line, 3);
	CHECK_NEAR(p.effort_max, 0.33, 0);
	CHECK(truncate(path, (off_t)(strlen(s) - strlen("bogus = 1\n"))) == 0);
	CHECK_INT(troc_policy_load(&p, path, &e), 0);
	CHECK_NEAR(p.effort_max, 0.4, 0);
	CHECK_INT(p.weight[TROC_REASON_MIX], 7);
	unlink(path);
	troc_policy_release(&p);
}

static void
test_words(void)
{
	enum troc_reason r;
	enum troc_resv v;
	int i;

	for (i = 0; i < TROC_NREASON; i++)
		CHECK(troc_reason_parse(troc_reason_name((enum troc_reason)i),
		    strlen(troc_reason_name((enum troc_reason)i)), &r) == 0 &&
		    (int)r == i);
	CHECK_STR(troc_reason_name(TROC_REASON_UNDEROCCUPIED), "underoccupied");
	CHECK_STR(troc_reason_name(TROC_REASON_OTHER), "other");
	CHECK(troc_reason_parse("Job", 3, &r) < 0);
	CHECK(troc_reason_parse("jo", 2, &r) < 0);
	for (i = 0; i < TROC_NRESV; i++)
		CHECK(troc_resv_parse(troc_resv_name((enum troc_resv)i),
		    strlen(troc_resv_name((enum troc_resv)i)), &v) == 0 &&
		    (int)v == i);
	CHECK_STR(troc_resv_name(TROC_RESV_ACTION_LOGEMENT), "action-logement");
	CHECK_STR(troc_resv_name(TROC_RESV_UNKNOWN), "");
	CHECK(troc_resv_parse("", 0, &v) < 0);
}

int
main(void)
{
	test_defaults();
	test_every_key();
	test_syntax();
	test_errors();
	test_load();
	test_words();
	return test_done("policy");
}
