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
	ss_choices *c = ss_choices_new_rng(seed);
	ss_case *cs = NULL;
	int rc = ss_gen_case(&cs, c, NULL);
	ss_choices_free(c);
	return rc == SS_GEN_OK ? cs : NULL;
}

static void test_gen__same_seed_same_case(void **state)
{
	(void)state;
	for (uint64_t s = 0; s < 50; s++) {
		ss_case *a = gen_seed(s), *b = gen_seed(s);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a->baseline, b->baseline);
		assert_string_equal(a->rows, b->rows);
		assert_string_equal(a->desired, b->desired);
		assert_int_equal(a->fk, b->fk);
		assert_memory_equal(a->labels, b->labels, sizeof(a->labels));
		ss_case_free(a);
		ss_case_free(b);
	}
}

static void test_gen__replay_reproduces(void **state)
{
	(void)state;
	for (uint64_t s = 100; s < 130; s++) {
		ss_choices *c = ss_choices_new_rng(s);
		ss_case *a = NULL, *b = NULL;
		assert_int_equal(ss_gen_case(&a, c, NULL), SS_GEN_OK);
		size_t n;
		const uint64_t *v = ss_choices_values(c, &n);
		ss_choices *r = ss_choices_new_replay(v, n);
		assert_int_equal(ss_gen_case(&b, r, NULL), SS_GEN_OK);
		assert_string_equal(a->baseline, b->baseline);
		assert_string_equal(a->desired, b->desired);
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
		same += !strcmp(a->baseline, b->baseline) && !strcmp(a->desired, b->desired);
		ss_case_free(a);
		ss_case_free(b);
	}
	assert_true(same < 3);
}

static void test_gen__zero_choices_simplest(void **state)
{
	(void)state;
	ss_choices *c = ss_choices_new_replay(NULL, 0);
	ss_case *a = NULL;
	assert_int_equal(ss_gen_case(&a, c, NULL), SS_GEN_OK);
	assert_non_null(strstr(a->baseline, "create table"));
	assert_string_equal(a->rows, "");
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
	int ra = ss_gen_case_from_bytes(&a, data, sizeof(data), NULL);
	int rb = ss_gen_case_from_bytes(&b, data, sizeof(data), NULL);
	assert_int_equal(ra, rb);
	if (ra == SS_GEN_OK) {
		assert_string_equal(a->baseline, b->baseline);
		assert_string_equal(a->desired, b->desired);
	}
	ss_case_free(a);
	ss_case_free(b);
	/* an empty input is a valid (all-zero) choice sequence */
	assert_int_equal(ss_gen_case_from_bytes(&a, NULL, 0, NULL), SS_GEN_OK);
	ss_case_free(a);
}

static void test_gen__baselines_build(void **state)
{
	(void)state;
	int invalid = 0;
	for (uint64_t s = 0; s < 300; s++) {
		ss_choices *c = ss_choices_new_rng(s);
		ss_case *a = NULL;
		if (ss_gen_case(&a, c, NULL) != SS_GEN_OK)
			invalid++;
		ss_case_free(a);
		ss_choices_free(c);
	}
	assert_true(invalid < 6); /* under 2 % */
}

static void test_gen__choice_range(void **state)
{
	(void)state;
	ss_choices *c = ss_choices_new_rng(7);
	for (int i = 0; i < 1000; i++)
		assert_true(ss_choice(c, 5) < 5);
	assert_int_equal(ss_choice(c, 1), 0);
	size_t n;
	ss_choices_values(c, &n);
	assert_int_equal(n, 1000); /* n <= 1 is not a decision: not recorded */
	ss_choices_free(c);
	uint64_t big[] = {99, 3};
	ss_choices *r = ss_choices_new_replay(big, 2);
	assert_int_equal(ss_choice(r, 10), 9); /* clamped */
	assert_int_equal(ss_choice(r, 10), 3);
	assert_int_equal(ss_choice(r, 10), 0); /* exhausted */
	ss_choices_free(r);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
