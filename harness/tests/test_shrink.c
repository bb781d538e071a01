/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the shrinker: it only keeps sequences that still fail, never grows a
 * sequence, and reduces a failing case found by a PRNG to fewer choices. The failures used
 * here are real and engine-independent where they must be: a planted one comes from the
 * runner's test hook SS_HARNESS_FAKE_P1; a real one is shrunk only when the current engine
 * fails a seed, otherwise the invariants are checked on a clean run.
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

static size_t text_size(const ss_case *c)
{
	return strlen(ss_case_text(c, SS_CASE_BASELINE)) + strlen(ss_case_text(c, SS_CASE_DESIRED));
}

/* The case of the recorded sequence of choices. */
static ss_case *regenerate(const ss_choices *rec, const ss_gen_options *o)
{
	size_t n;
	const uint64_t *v = ss_choices_values(rec, &n);
	ss_choices *r = NULL;
	ss_case *c = NULL;
	ss_choices_new_replay(&r, v, n);
	assert_int_equal(ss_case_generate(&c, r, o, NULL), 0);
	ss_choices_free(r);
	return c;
}

static unsigned failed_bits(const ss_case *c)
{
	ss_case_result *r = NULL;
	unsigned bits = 0;
	if (ss_case_run(&r, c, NULL, NULL) == 0)
		bits = r->failed;
	ss_case_result_free(r);
	return bits;
}

static void test_shrink__clean_sequence_is_kept(void **state)
{
	(void)state;
	/* a sequence that does not fail cannot be improved: the shrinker returns it */
	ss_choices *c = NULL, *out = NULL;
	ss_case *cs = NULL;
	ss_choices_new_rng(&c, 3);
	assert_int_equal(ss_case_generate(&cs, c, NULL, NULL), 0);
	size_t n, nout;
	const uint64_t *v = ss_choices_values(c, &n);
	ss_shrink_options o = SS_SHRINK_OPTIONS_INIT;
	/* SS_POUT never fails without compare_output: nothing is interesting */
	o.property = SS_POUT;
	o.max_runs = 40;
	assert_int_equal(ss_choices_shrink(&out, c, &o, NULL), 0);
	const uint64_t *vo = ss_choices_values(out, &nout);
	assert_int_equal(nout, n);
	assert_memory_equal(vo, v, n * sizeof(uint64_t));
	ss_choices_free(out);
	ss_case_free(cs);
	ss_choices_free(c);
}

/* Shrink the failing case of c (property p) and check the result still fails, smaller. */
static void shrink_and_check(ss_choices *c, const ss_case *cs, int p)
{
	ss_shrink_options o = SS_SHRINK_OPTIONS_INIT;
	o.property = p;
	o.max_runs = 400;
	ss_choices *out = NULL;
	size_t n, nout;
	ss_choices_values(c, &n);
	ss_choices_shrink(&out, c, &o, NULL);
	ss_choices_values(out, &nout);
	assert_true(nout <= n);
	/* the result still fails the same property */
	ss_case *c2 = regenerate(out, &o.gen);
	assert_true(failed_bits(c2) & (1u << p));
	assert_true(text_size(c2) <= text_size(cs));
	ss_case_free(c2);
	ss_choices_free(out);
}

static void test_shrink__failing_seed_gets_smaller(void **state)
{
	(void)state;
	/* look for a seed the current engine fails; skip when the engine is clean */
	for (uint64_t s = 0; s < 60; s++) {
		ss_choices *c = NULL;
		ss_case *cs = NULL;
		ss_choices_new_rng(&c, s);
		ss_case_result *r = NULL;
		int p = 0;
		if (ss_case_generate(&cs, c, NULL, NULL) == 0 &&
		    ss_case_run(&r, cs, NULL, NULL) == 0)
			p = r->violated;
		ss_case_result_free(r);
		if (p)
			shrink_and_check(c, cs, p);
		ss_case_free(cs);
		ss_choices_free(c);
		if (p)
			return;
	}
	skip();
}

static void test_shrink__case_needs_a_failure(void **state)
{
	(void)state;
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	spec.name = "clean";
	spec.baseline = "create table a(x int);\ncreate table b(y int);\n";
	spec.rows = "insert into a values (1);\n";
	spec.desired = "create table a(x int);\ncreate table b(y int);\n";
	ss_case *c = NULL, *out = NULL;
	assert_int_equal(ss_case_new(&c, &spec), 0);
	ss_shrink_options o = SS_SHRINK_OPTIONS_INIT;
	o.max_runs = 50;
	/* nothing fails: nothing to shrink */
	ss_error err = {0};
	assert_int_equal(ss_case_shrink(&out, c, &o, &err), SS_E_MISUSE);
	assert_null(out);
	assert_non_null(strstr(err.message, "does not fail P1"));
	assert_string_equal(ss_case_text(c, SS_CASE_BASELINE),
			    "create table a(x int);\ncreate table b(y int);\n");
	ss_case_free(c);
}

/* Shrink a planted P1 failure (a UNIQUE index in the definitions) from seed s. */
static void shrink_planted(ss_choices *c, const ss_case *cs, const ss_gen_options *g)
{
	ss_shrink_options o = SS_SHRINK_OPTIONS_INIT;
	o.gen = *g;
	o.max_runs = 3000;
	ss_choices *out = NULL;
	size_t n, nout;
	ss_choices_values(c, &n);
	ss_choices_shrink(&out, c, &o, NULL);
	ss_choices_values(out, &nout);
	assert_true(nout < n);
	ss_case *small = regenerate(out, g), *smaller = NULL;
	assert_non_null(strstr(ss_case_text(small, SS_CASE_DESIRED), "create unique index"));
	o.max_runs = 500;
	assert_int_equal(ss_case_shrink(&smaller, small, &o, NULL), 0);
	assert_non_null(strstr(ss_case_text(smaller, SS_CASE_DESIRED), "create unique index"));
	/* a table and its index, give or take: far below the original */
	assert_true(text_size(smaller) < text_size(cs) / 2);
	ss_case_free(smaller);
	ss_case_free(small);
	ss_choices_free(out);
}

static void test_shrink__planted_failure_shrinks_small(void **state)
{
	(void)state;
	/* a failure planted by the runner's test hook whenever the definitions contain a
	 * UNIQUE index: the shrunk case must keep one and lose almost everything else */
	setenv("SS_HARNESS_FAKE_P1", "create unique index", 1);
	ss_gen_options g = SS_GEN_OPTIONS_INIT;
	g.profile = SS_PROFILE_DEFAULT;
	int done = 0;
	for (uint64_t s = 0; s < 400 && !done; s++) {
		ss_choices *c = NULL;
		ss_case *cs = NULL;
		ss_choices_new_rng(&c, s);
		if (ss_case_generate(&cs, c, &g, NULL) == 0 &&
		    strstr(ss_case_text(cs, SS_CASE_DESIRED), "create unique index") &&
		    strlen(ss_case_text(cs, SS_CASE_BASELINE)) > 300) {
			shrink_planted(c, cs, &g);
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
		cmocka_unit_test(test_shrink__case_needs_a_failure),
		cmocka_unit_test(test_shrink__planted_failure_shrinks_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
