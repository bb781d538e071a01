/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the shrinker: it only keeps sequences that still fail, never grows a
 * sequence, and reduces a failing case found by a PRNG to fewer choices. The failure used
 * here is real and engine-independent: a property that a case with rows and a view always
 * "fails" cannot be planted from outside, so the test drives ss_shrink with P1-P9 on the
 * actual engine only when a seed fails; otherwise it checks the invariants on a clean run.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ss_harness.h"

static void test_shrink__clean_sequence_is_kept(void **state)
{
	(void)state;
	/* a sequence that does not fail cannot be improved: the shrinker returns it */
	ss_choices *c = ss_choices_new_rng(3);
	ss_case *cs = NULL;
	assert_int_equal(ss_gen_case(&cs, c, NULL), SS_GEN_OK);
	size_t n;
	const uint64_t *v = ss_choices_values(c, &n);
	uint64_t *out = NULL;
	size_t nout = 0;
	ss_gen_options o = SS_GEN_OPTIONS_INIT;
	/* SS_POUT never fails without COMPARE_OUTPUT: nothing is interesting */
	assert_int_equal(ss_shrink(&out, &nout, v, n, &o, SS_POUT, 40), 0);
	assert_int_equal(nout, n);
	assert_memory_equal(out, v, n * sizeof(uint64_t));
	free(out);
	ss_case_free(cs);
	ss_choices_free(c);
}

static void test_shrink__failing_seed_gets_smaller(void **state)
{
	(void)state;
	/* look for a seed the current engine fails; skip when the engine is clean */
	ss_gen_options o = SS_GEN_OPTIONS_INIT;
	for (uint64_t s = 0; s < 60; s++) {
		ss_choices *c = ss_choices_new_rng(s);
		ss_case *cs = NULL;
		if (ss_gen_case(&cs, c, &o) != SS_GEN_OK) {
			ss_choices_free(c);
			continue;
		}
		ss_result r;
		ss_run_case(&r, cs, 0);
		int p = r.invalid ? 0 : r.violated;
		ss_result_clear(&r);
		if (p) {
			size_t n;
			const uint64_t *v = ss_choices_values(c, &n);
			uint64_t *out = NULL;
			size_t nout = 0;
			ss_shrink(&out, &nout, v, n, &o, p, 400);
			assert_true(nout <= n);
			/* the result still fails the same property */
			ss_choices *r2 = ss_choices_new_replay(out, nout);
			ss_case *c2 = NULL;
			assert_int_equal(ss_gen_case(&c2, r2, &o), SS_GEN_OK);
			ss_result rr;
			ss_run_case(&rr, c2, 0);
			assert_true(rr.failed & (1u << p));
			assert_true(strlen(c2->baseline) + strlen(c2->desired) <=
				    strlen(cs->baseline) + strlen(cs->desired));
			ss_result_clear(&rr);
			ss_case_free(c2);
			ss_choices_free(r2);
			free(out);
			ss_case_free(cs);
			ss_choices_free(c);
			return;
		}
		ss_case_free(cs);
		ss_choices_free(c);
	}
	skip();
}

static void test_shrink__case_sql_needs_a_failure(void **state)
{
	(void)state;
	ss_case *c = ss_case_new();
	c->name = strdup("clean");
	c->baseline = strdup("create table a(x int);\ncreate table b(y int);\n");
	c->rows = strdup("insert into a values (1);\n");
	c->desired = strdup("create table a(x int);\ncreate table b(y int);\n");
	/* nothing fails: the case is left as it is */
	assert_int_equal(ss_shrink_case_sql(c, SS_P1, 50), 0);
	assert_string_equal(c->baseline, "create table a(x int);\ncreate table b(y int);\n");
	ss_case_free(c);
}

static void test_shrink__planted_failure_shrinks_small(void **state)
{
	(void)state;
	/* a failure planted by the runner's test hook whenever the definitions contain a
	 * UNIQUE index: the shrunk case must keep one and lose almost everything else */
	setenv("SS_HARNESS_FAKE_P1", "create unique index", 1);
	ss_gen_options o = SS_GEN_OPTIONS_INIT;
	o.profile = 0;
	int done = 0;
	for (uint64_t s = 0; s < 400 && !done; s++) {
		ss_choices *c = ss_choices_new_rng(s);
		ss_case *cs = NULL;
		if (ss_gen_case(&cs, c, &o) == SS_GEN_OK &&
		    strstr(cs->desired, "create unique index") && strlen(cs->baseline) > 300) {
			size_t n;
			const uint64_t *v = ss_choices_values(c, &n);
			uint64_t *out = NULL;
			size_t nout = 0;
			ss_shrink(&out, &nout, v, n, &o, SS_P1, 3000);
			assert_true(nout < n);
			ss_choices *r = ss_choices_new_replay(out, nout);
			ss_case *small = NULL;
			assert_int_equal(ss_gen_case(&small, r, &o), SS_GEN_OK);
			assert_non_null(strstr(small->desired, "create unique index"));
			assert_int_equal(ss_shrink_case_sql(small, SS_P1, 500), 1);
			assert_non_null(strstr(small->desired, "create unique index"));
			/* a table and its index, give or take: far below the original */
			assert_true(strlen(small->baseline) + strlen(small->desired) <
				    (strlen(cs->baseline) + strlen(cs->desired)) / 2);
			ss_case_free(small);
			ss_choices_free(r);
			free(out);
			done = 1;
		}
		ss_case_free(cs);
		ss_choices_free(c);
	}
	unsetenv("SS_HARNESS_FAKE_P1");
	assert_true(done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shrink__clean_sequence_is_kept),
		cmocka_unit_test(test_shrink__failing_seed_gets_smaller),
		cmocka_unit_test(test_shrink__case_sql_needs_a_failure),
		cmocka_unit_test(test_shrink__planted_failure_shrinks_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
