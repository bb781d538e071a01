/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the choice source and the generator: determinism (same seed, same case;
 * replaying the recorded choices gives the same case), byte-driven generation, and that
 * generated baselines build in SQLite.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ss_harness.h"

static ss_case *gen_seed(uint64_t seed)
{
	ss_choices *c = NULL;
	ss_case *cs = NULL;
	assert_int_equal(ss_choices_new_rng(&c, seed), 0);
	int rc = ss_case_generate(&cs, c, NULL, NULL);
	ss_choices_free(c);
	return rc == 0 ? cs : NULL;
}

static const char *text(const ss_case *c, ss_case_part part)
{
	return ss_case_text(c, part);
}

static void assert_same_labels(const ss_case *a, const ss_case *b)
{
	for (int i = 0; i < ss_label_count(); i++)
		assert_int_equal(ss_case_has_label(a, i), ss_case_has_label(b, i));
}

static void test_gen__same_seed_same_case(void **state)
{
	(void)state;
	for (uint64_t s = 0; s < 50; s++) {
		ss_case *a = gen_seed(s), *b = gen_seed(s);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(text(a, SS_CASE_BASELINE), text(b, SS_CASE_BASELINE));
		assert_string_equal(text(a, SS_CASE_ROWS), text(b, SS_CASE_ROWS));
		assert_string_equal(text(a, SS_CASE_DESIRED), text(b, SS_CASE_DESIRED));
		assert_int_equal(ss_case_get_config(a)->foreign_keys,
				 ss_case_get_config(b)->foreign_keys);
		assert_same_labels(a, b);
		ss_case_free(a);
		ss_case_free(b);
	}
}

static void test_gen__replay_reproduces(void **state)
{
	(void)state;
	for (uint64_t s = 100; s < 130; s++) {
		ss_choices *c = NULL, *r = NULL;
		ss_case *a = NULL, *b = NULL;
		ss_choices_new_rng(&c, s);
		assert_int_equal(ss_case_generate(&a, c, NULL, NULL), 0);
		size_t n;
		const uint64_t *v = ss_choices_values(c, &n);
		ss_choices_new_replay(&r, v, n);
		assert_int_equal(ss_case_generate(&b, r, NULL, NULL), 0);
		assert_string_equal(text(a, SS_CASE_BASELINE), text(b, SS_CASE_BASELINE));
		assert_string_equal(text(a, SS_CASE_DESIRED), text(b, SS_CASE_DESIRED));
		ss_case_free(a);
		ss_case_free(b);
		ss_choices_free(c);
		ss_choices_free(r);
	}
}

static void test_gen__different_seeds_differ(void **state)
{
	(void)state;
	int same = 0;
	for (uint64_t s = 0; s < 20; s++) {
		ss_case *a = gen_seed(s), *b = gen_seed(s + 1);
		same += !strcmp(text(a, SS_CASE_BASELINE), text(b, SS_CASE_BASELINE)) &&
			!strcmp(text(a, SS_CASE_DESIRED), text(b, SS_CASE_DESIRED));
		ss_case_free(a);
		ss_case_free(b);
	}
	assert_true(same < 3);
}

static void test_gen__zero_choices_simplest(void **state)
{
	(void)state;
	ss_choices *c = NULL;
	ss_case *a = NULL;
	ss_choices_new_replay(&c, NULL, 0);
	assert_int_equal(ss_case_generate(&a, c, NULL, NULL), 0);
	assert_non_null(strstr(text(a, SS_CASE_BASELINE), "create table"));
	assert_string_equal(text(a, SS_CASE_ROWS), "");
	ss_case_free(a);
	ss_choices_free(c);
}

static void test_gen__from_bytes(void **state)
{
	(void)state;
	uint8_t data[256];
	for (int i = 0; i < 256; i++)
		data[i] = (uint8_t)(i * 37 + 11);
	ss_case *a = NULL, *b = NULL;
	ss_choices *ca = NULL, *cb = NULL, *empty = NULL;
	ss_choices_new_bytes(&ca, data, sizeof(data));
	ss_choices_new_bytes(&cb, data, sizeof(data));
	int ra = ss_case_generate(&a, ca, NULL, NULL);
	int rb = ss_case_generate(&b, cb, NULL, NULL);
	assert_int_equal(ra, rb);
	if (ra == 0) {
		assert_string_equal(text(a, SS_CASE_BASELINE), text(b, SS_CASE_BASELINE));
		assert_string_equal(text(a, SS_CASE_DESIRED), text(b, SS_CASE_DESIRED));
	}
	ss_case_free(a);
	ss_case_free(b);
	/* an empty input is a valid (all-zero) choice sequence */
	ss_choices_new_bytes(&empty, NULL, 0);
	assert_int_equal(ss_case_generate(&a, empty, NULL, NULL), 0);
	ss_case_free(a);
	ss_choices_free(ca);
	ss_choices_free(cb);
	ss_choices_free(empty);
}

static void test_gen__baselines_build(void **state)
{
	(void)state;
	int invalid = 0;
	for (uint64_t s = 0; s < 300; s++) {
		ss_choices *c = NULL;
		ss_case *a = NULL;
		ss_error err = {0};
		ss_choices_new_rng(&c, s);
		if (ss_case_generate(&a, c, NULL, &err) != 0) {
			assert_int_equal(err.code, SS_E_INVALID);
			assert_null(a);
			invalid++;
		}
		ss_case_free(a);
		ss_choices_free(c);
	}
	assert_true(invalid < 6); /* under 2 % */
}

static void test_gen__choice_range(void **state)
{
	(void)state;
	ss_choices *c = NULL;
	ss_choices_new_rng(&c, 7);
	for (int i = 0; i < 1000; i++)
		assert_true(ss_choices_draw(c, 5) < 5);
	assert_int_equal(ss_choices_draw(c, 1), 0);
	size_t n;
	ss_choices_values(c, &n);
	assert_int_equal(n, 1000); /* n <= 1 is not a decision: not recorded */
	ss_choices_free(c);
	uint64_t big[] = {99, 3};
	ss_choices *r = NULL;
	ss_choices_new_replay(&r, big, 2);
	assert_int_equal(ss_choices_draw(r, 10), 9); /* clamped */
	assert_int_equal(ss_choices_draw(r, 10), 3);
	assert_int_equal(ss_choices_draw(r, 10), 0); /* exhausted */
	ss_choices_free(r);
}

static int label_index(const char *name)
{
	for (int i = 0; i < ss_label_count(); i++)
		if (!strcmp(ss_label_name(i), name))
			return i;
	fail_msg("no label %s", name);
	return -1;
}

static void test_gen__issue10_features_drawn(void **state)
{
	(void)state;
	/* every feature of issue 10 is drawn within a few hundred cases */
	static const char *const want[] = {
		"prefix:literal-whole",
		"prefix:literal-start",
		"prefix:literal-middle",
		"prefix:literal-end",
		"prefix:column-name-start",
		"prefix:reserved-name-refused",
		"prefix:leftover-table",
		"prefix:user-table-with-rows-refused",
		"literal:in-default",
		"literal:in-check",
		"literal:in-index-where",
		"literal:in-view",
		"literal:in-trigger",
		"change:literal-case",
		"size:bulk-rows",
		"size:large-schema",
		"change:referenced-column-dropped",
		"conn:caller-transaction-begin",
		"conn:caller-transaction-savepoint",
		"conn:attached-database",
		"conn:caller-authorizer",
		"rows:explicit-rowid",
		"rows:deleted-gaps",
		"rows:autoincrement-counter-above-max",
		/* issue 10, harness power */
		"feature:column-constraint-order",
		"feature:named-constraint",
		"feature:check-comparison",
		"literal:number-spelling",
		"change:add-column-not-last",
		"feature:trigger-body-missing-table",
		"config:allow-empty-off",
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	int hit[40] = {0};
	for (uint64_t s = 0; s < 600; s++) {
		ss_case *c = gen_seed(s);
		for (size_t i = 0; c && i < n; i++)
			hit[i] |= ss_case_has_label(c, label_index(want[i]));
		ss_case_free(c);
	}
	for (size_t i = 0; i < n; i++)
		if (!hit[i])
			fail_msg("label %s never drawn in 600 cases", want[i]);
}

static void test_gen__case_seeds_mixed(void **state)
{
	(void)state;
	/* campaigns from neighbouring start seeds run unrelated cases */
	for (long i = 0; i < 2000; i++)
		for (long j = 0; j < 2000; j += 97)
			assert_true(ss_check_case_seed(1, i) != ss_check_case_seed(2, j));
	assert_int_equal(ss_check_case_seed(5, 3), ss_check_case_seed(5, 3));
	ss_check_options o = SS_CHECK_OPTIONS_INIT;
	char cmd[256];
	ss_check_case_command(cmd, sizeof(cmd), &o, 42);
	assert_string_equal(cmd, "schemasync check --case-seed 42 --max-tables 4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen__same_seed_same_case),
		cmocka_unit_test(test_gen__replay_reproduces),
		cmocka_unit_test(test_gen__different_seeds_differ),
		cmocka_unit_test(test_gen__zero_choices_simplest),
		cmocka_unit_test(test_gen__from_bytes),
		cmocka_unit_test(test_gen__baselines_build),
		cmocka_unit_test(test_gen__choice_range),
		cmocka_unit_test(test_gen__issue10_features_drawn),
		cmocka_unit_test(test_gen__case_seeds_mixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
