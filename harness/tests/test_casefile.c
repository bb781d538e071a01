/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the case-file parser and writer (SPEC §7): sqlfu fixture syntax, configs,
 * <empty> output, quoted errors, and that a formatted case parses back to the same case.
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

static void free_cases(ss_case **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ss_case_free(v[i]);
	free(v);
}

static const char *const sqlfu_fixture =
	"-- default config: {\"allowDestructive\": true}\n"
	"-- #region: add a column\n"
	"-- baseline:\n"
	"create table a(x int);\n"
	"-- rows:\n"
	"insert into a values (1), (2);\n"
	"-- desired:\n"
	"create table a(x int, y text default 'n');\n"
	"-- output:\n"
	"alter table a add column y text default 'n';\n"
	"-- #endregion\n"
	"\n"
	"-- #region: nothing to do\n"
	"-- config: {\"allowDestructive\": false, \"strategy\": \"prefix\", \"foreignKeys\": true}\n"
	"-- baseline:\n"
	"create table a(x int);\n"
	"-- desired:\n"
	"CREATE TABLE a (x INT);\n"
	"-- output: <empty>\n"
	"-- #endregion\n"
	"-- #region: refuse\n"
	"-- config: {\"profile\": \"durable-object\", \"excludedTables\": [\"keep\"], "
	"\"propertiesOnly\": true}\n"
	"-- baseline:\n"
	"create table a(x int);\n"
	"-- desired:\n"
	"create virtual table v using fts5(x);\n"
	"-- error: \"not \\\"supported\\\"\"\n"
	"-- #endregion\n";

static void test_casefile__sqlfu_fixture(void **state)
{
	(void)state;
	ss_case **v = NULL;
	size_t n = 0;
	char err[256] = "";
	assert_int_equal(ss_casefile_parse(&v, &n, sqlfu_fixture, "f.sql", err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->name, "add a column");
	assert_string_equal(v[0]->baseline, "create table a(x int);\n");
	assert_string_equal(v[0]->rows, "insert into a values (1), (2);\n");
	assert_string_equal(v[0]->desired, "create table a(x int, y text default 'n');\n");
	assert_string_equal(v[0]->expect_output, "alter table a add column y text default 'n';\n");
	assert_null(v[0]->expect_error);
	assert_int_equal(v[0]->allow_destructive, 1);
	assert_int_equal(v[0]->strategy, SS_CASE_STRATEGY_BOTH);
	assert_int_equal(v[0]->line, 2);
	assert_string_equal(v[0]->file, "f.sql");

	assert_string_equal(v[1]->expect_output, "");
	assert_int_equal(v[1]->allow_destructive, 0);
	assert_int_equal(v[1]->strategy, 2);
	assert_int_equal(v[1]->fk, 1);

	assert_int_equal(v[2]->profile, 1);
	assert_int_equal(v[2]->fk, 1); /* the profile turns foreign keys on */
	assert_int_equal(v[2]->properties_only, 1);
	assert_int_equal(v[2]->excluded_count, 1);
	assert_string_equal(v[2]->excluded[0], "keep");
	assert_string_equal(v[2]->expect_error, "not \"supported\"");
	assert_null(v[2]->expect_output);
	free_cases(v, n);
}

static void test_casefile__bad_config(void **state)
{
	(void)state;
	ss_case **v = NULL;
	size_t n = 0;
	char err[256] = "";
	const char *text = "-- #region: x\n-- config: {\"strategy\": \"sideways\"}\n";
	assert_int_equal(ss_casefile_parse(&v, &n, text, "g.sql", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "g.sql:2"));
	assert_non_null(strstr(err, "sideways"));
	text = "-- #region: x\n-- config: not json\n";
	assert_int_equal(ss_casefile_parse(&v, &n, text, "g.sql", err, sizeof(err)), -1);
	text = "-- #region: x\n-- config: {\"allowDestructiv\": true}\n";
	assert_int_equal(ss_casefile_parse(&v, &n, text, "g.sql", err, sizeof(err)), -1);
}

static void test_casefile__format_round_trip(void **state)
{
	(void)state;
	ss_case *c = ss_case_new();
	c->name = strdup("P3 seed 42");
	c->baseline = strdup("create table \"we\"\"ird\"(a int);\n");
	c->rows = strdup("insert into \"we\"\"ird\" values (1);\n");
	c->desired = strdup("create table \"we\"\"ird\"(a text);\n");
	c->allow_destructive = 0;
	c->strategy = 1;
	c->fk = 1;
	c->properties_only = 1;
	c->expect_error = strdup("UNIQUE \"x\"");
	char *text = ss_case_format(c, "property P3 failed\nsecond line");
	assert_non_null(strstr(text, "-- property P3 failed\n-- second line\n"));
	ss_case **v = NULL;
	size_t n = 0;
	char err[256] = "";
	assert_int_equal(ss_casefile_parse(&v, &n, text, "r.sql", err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->name, c->name);
	assert_string_equal(v[0]->baseline, c->baseline);
	assert_string_equal(v[0]->rows, c->rows);
	assert_string_equal(v[0]->desired, c->desired);
	assert_string_equal(v[0]->expect_error, c->expect_error);
	assert_int_equal(v[0]->allow_destructive, 0);
	assert_int_equal(v[0]->strategy, 1);
	assert_int_equal(v[0]->fk, 1);
	assert_int_equal(v[0]->properties_only, 1);
	free_cases(v, n);
	free(text);
	ss_case_free(c);
}

static void test_casefile__empty_output_format(void **state)
{
	(void)state;
	ss_case *c = ss_case_new();
	c->name = strdup("e");
	c->baseline = strdup("create table a(x);\n");
	c->desired = strdup("create table a(x);\n");
	c->rows = strdup("");
	c->expect_output = strdup("");
	char *text = ss_case_format(c, NULL);
	assert_non_null(strstr(text, "-- output: <empty>\n"));
	assert_null(strstr(text, "-- rows:"));
	free(text);
	ss_case_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_casefile__sqlfu_fixture),
		cmocka_unit_test(test_casefile__bad_config),
		cmocka_unit_test(test_casefile__format_round_trip),
		cmocka_unit_test(test_casefile__empty_output_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
