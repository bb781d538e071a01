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

static const char *text(const ss_case *c, ss_case_part part)
{
	return ss_case_text(c, part);
}

static const ss_case_config *cfg(const ss_case *c)
{
	return ss_case_get_config(c);
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
	ss_casefile *f = NULL;
	assert_int_equal(ss_casefile_parse(&f, sqlfu_fixture, "f.sql", NULL), 0);
	assert_int_equal(ss_casefile_count(f), 3);
	const ss_case *c0 = ss_casefile_case(f, 0), *c1 = ss_casefile_case(f, 1),
		      *c2 = ss_casefile_case(f, 2);
	int line = 0;
	assert_string_equal(ss_case_name(c0), "add a column");
	assert_string_equal(text(c0, SS_CASE_BASELINE), "create table a(x int);\n");
	assert_string_equal(text(c0, SS_CASE_ROWS), "insert into a values (1), (2);\n");
	assert_string_equal(text(c0, SS_CASE_DESIRED),
			    "create table a(x int, y text default 'n');\n");
	assert_string_equal(text(c0, SS_CASE_OUTPUT),
			    "alter table a add column y text default 'n';\n");
	assert_null(text(c0, SS_CASE_ERROR));
	assert_int_equal(cfg(c0)->allow_destructive, 1);
	assert_int_equal(cfg(c0)->strategy, SS_CASE_STRATEGY_BOTH);
	assert_string_equal(ss_case_source(c0, &line), "f.sql");
	assert_int_equal(line, 2);

	assert_string_equal(text(c1, SS_CASE_OUTPUT), "");
	assert_int_equal(cfg(c1)->allow_destructive, 0);
	assert_int_equal(cfg(c1)->strategy, SS_STRATEGY_PREFIX);
	assert_int_equal(cfg(c1)->foreign_keys, 1);

	assert_int_equal(cfg(c2)->profile, SS_PROFILE_DURABLE_OBJECT);
	assert_int_equal(cfg(c2)->foreign_keys, 1); /* the profile turns foreign keys on */
	assert_int_equal(cfg(c2)->properties_only, 1);
	assert_int_equal(cfg(c2)->excluded_count, 1);
	assert_string_equal(cfg(c2)->excluded_tables[0], "keep");
	assert_string_equal(text(c2, SS_CASE_ERROR), "not \"supported\"");
	assert_null(text(c2, SS_CASE_OUTPUT));
	ss_casefile_free(f);
}

static void test_casefile__bad_config(void **state)
{
	(void)state;
	ss_casefile *f = NULL;
	ss_error err = {0};
	const char *t = "-- #region: x\n-- config: {\"strategy\": \"sideways\"}\n";
	assert_int_equal(ss_casefile_parse(&f, t, "g.sql", &err), SS_E_INVALID);
	assert_null(f);
	assert_int_equal(err.code, SS_E_INVALID);
	assert_non_null(strstr(err.message, "g.sql:2"));
	assert_non_null(strstr(err.message, "sideways"));
	t = "-- #region: x\n-- config: not json\n";
	assert_int_equal(ss_casefile_parse(&f, t, "g.sql", &err), SS_E_INVALID);
	t = "-- #region: x\n-- config: {\"allowDestructiv\": true}\n";
	assert_int_equal(ss_casefile_parse(&f, t, "g.sql", NULL), SS_E_INVALID);
}

static void test_casefile__empty_excluded_list(void **state)
{
	(void)state;
	/* [] excludes nothing, which is not the default list */
	ss_casefile *f = NULL;
	const char *t = "-- config: {\"excludedTables\": []}\n-- baseline:\n-- desired:\n"
			"create table a(x);\n";
	assert_int_equal(ss_casefile_parse(&f, t, "e.sql", NULL), 0);
	const ss_case *c = ss_casefile_case(f, 0);
	assert_non_null(cfg(c)->excluded_tables);
	assert_int_equal(cfg(c)->excluded_count, 0);
	assert_string_equal(ss_case_name(c), "case at line 1");
	ss_casefile_free(f);
}

static void test_casefile__format_round_trip(void **state)
{
	(void)state;
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	spec.name = "P3 seed 42";
	spec.baseline = "create table \"we\"\"ird\"(a int);\n";
	spec.rows = "insert into \"we\"\"ird\" values (1);\n";
	spec.desired = "create table \"we\"\"ird\"(a text);\n";
	spec.config.allow_destructive = 0;
	spec.config.strategy = SS_STRATEGY_SCRATCH_DB;
	spec.config.foreign_keys = 1;
	spec.config.properties_only = 1;
	spec.expect_error = "UNIQUE \"x\"";
	ss_case *c = NULL;
	assert_int_equal(ss_case_new(&c, &spec), 0);
	char *formatted = ss_case_format(c, "property P3 failed\nsecond line");
	assert_non_null(strstr(formatted, "-- property P3 failed\n-- second line\n"));
	ss_casefile *f = NULL;
	assert_int_equal(ss_casefile_parse(&f, formatted, "r.sql", NULL), 0);
	assert_int_equal(ss_casefile_count(f), 1);
	const ss_case *v = ss_casefile_case(f, 0);
	assert_string_equal(ss_case_name(v), spec.name);
	assert_string_equal(text(v, SS_CASE_BASELINE), spec.baseline);
	assert_string_equal(text(v, SS_CASE_ROWS), spec.rows);
	assert_string_equal(text(v, SS_CASE_DESIRED), spec.desired);
	assert_string_equal(text(v, SS_CASE_ERROR), spec.expect_error);
	assert_int_equal(cfg(v)->allow_destructive, 0);
	assert_int_equal(cfg(v)->strategy, SS_STRATEGY_SCRATCH_DB);
	assert_int_equal(cfg(v)->foreign_keys, 1);
	assert_int_equal(cfg(v)->properties_only, 1);
	ss_casefile_free(f);
	ss_harness_free(formatted);
	ss_case_free(c);
}

static void test_casefile__empty_output_format(void **state)
{
	(void)state;
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	spec.name = "e";
	spec.baseline = "create table a(x);\n";
	spec.desired = "create table a(x);\n";
	spec.expect_output = "";
	ss_case *c = NULL;
	assert_int_equal(ss_case_new(&c, &spec), 0);
	char *formatted = ss_case_format(c, NULL);
	assert_non_null(strstr(formatted, "-- output: <empty>\n"));
	assert_null(strstr(formatted, "-- rows:"));
	ss_harness_free(formatted);
	ss_case_free(c);
}

static void test_casefile__connection_config(void **state)
{
	(void)state;
	/* the caller's connection (P10) and the engine's thresholds round-trip */
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	spec.name = "conn";
	spec.baseline = "create table a(x);\n";
	spec.desired = "create table a(x, y);\n";
	spec.config.caller_txn = SS_CALLER_SAVEPOINT;
	spec.config.defer_foreign_keys = 1;
	spec.config.attached = 1;
	spec.config.authorizer = 1;
	spec.config.attach_limit = 1;
	spec.config.rename_min_rows = 7;
	spec.config.alter_copy_min_objects = 3;
	ss_case *c = NULL;
	assert_int_equal(ss_case_new(&c, &spec), 0);
	char *formatted = ss_case_format(c, NULL);
	assert_non_null(strstr(formatted, "\"callerTransaction\":\"savepoint\""));
	ss_casefile *f = NULL;
	assert_int_equal(ss_casefile_parse(&f, formatted, "c.sql", NULL), 0);
	const ss_case_config *k = cfg(ss_casefile_case(f, 0));
	assert_int_equal(k->caller_txn, SS_CALLER_SAVEPOINT);
	assert_int_equal(k->defer_foreign_keys, 1);
	assert_int_equal(k->attached, 1);
	assert_int_equal(k->authorizer, 1);
	assert_int_equal(k->attach_limit, 1);
	assert_int_equal(k->rename_min_rows, 7);
	assert_int_equal(k->alter_copy_min_objects, 3);
	ss_casefile_free(f);
	ss_harness_free(formatted);
	ss_case_free(c);
	/* bad values are refused with the file and line */
	ss_error err = {0};
	const char *t = "-- #region: x\n-- config: {\"callerTransaction\": \"maybe\"}\n";
	assert_int_equal(ss_casefile_parse(&f, t, "h.sql", &err), SS_E_INVALID);
	assert_non_null(strstr(err.message, "h.sql:2"));
	t = "-- #region: x\n-- config: {\"renameMinRows\": -1}\n";
	assert_int_equal(ss_casefile_parse(&f, t, "h.sql", &err), SS_E_INVALID);
	t = "-- #region: x\n-- config: {\"renameMinRows\": 1.5}\n";
	assert_int_equal(ss_casefile_parse(&f, t, "h.sql", &err), SS_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_casefile__sqlfu_fixture),
		cmocka_unit_test(test_casefile__bad_config),
		cmocka_unit_test(test_casefile__empty_excluded_list),
		cmocka_unit_test(test_casefile__format_round_trip),
		cmocka_unit_test(test_casefile__empty_output_format),
		cmocka_unit_test(test_casefile__connection_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
