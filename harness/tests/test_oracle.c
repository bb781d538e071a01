/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the oracles: the normalizer ignores formatting but not literals, the schema
 * dump flags schema differences made by hand (type, CHECK, collation, generated expression,
 * index, DEFERRABLE) and ignores formatting, and the full dump flags a row difference.
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

static sqlite3 *db_with(const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	return db;
}

static int same_schema(const char *a, const char *b)
{
	sqlite3 *x = db_with(a), *y = db_with(b);
	char *da = ss_oracle_dump_schema(x, NULL, 0), *db = ss_oracle_dump_schema(y, NULL, 0);
	int same = !strcmp(da, db);
	ss_harness_free(da);
	ss_harness_free(db);
	sqlite3_close(x);
	sqlite3_close(y);
	return same;
}

static void test_oracle__normalize(void **state)
{
	(void)state;
	char *a =
		ss_oracle_normalize_sql("CREATE  TABLE \"T\" ( a INT /* c */ CHECK (a>0)) -- x\n;");
	char *b = ss_oracle_normalize_sql("create table [t](A int check(a > 0))");
	assert_string_equal(a, b);
	ss_harness_free(a);
	ss_harness_free(b);
	a = ss_oracle_normalize_sql("select 'Ab' ");
	b = ss_oracle_normalize_sql("select 'ab'");
	assert_string_not_equal(a, b); /* literals count */
	ss_harness_free(a);
	ss_harness_free(b);
	a = ss_oracle_normalize_sql("create table if not exists t(x)");
	b = ss_oracle_normalize_sql("CREATE TABLE t(x)");
	assert_string_equal(a, b);
	ss_harness_free(a);
	ss_harness_free(b);
	a = ss_oracle_normalize_sql("select \"a b\", `c`");
	assert_string_equal(a, "select \"a b\" , c");
	ss_harness_free(a);
}

static void test_oracle__formatting_is_not_a_difference(void **state)
{
	(void)state;
	assert_true(same_schema(
		"create table t(a int not null default 'x' check (a <> 'y'), b text collate nocase,"
		" c as (a || 'z') stored); create index i on t(lower(b) desc) where a > 0;"
		" create view v as select a from t;",
		"CREATE TABLE \"t\" ( \"a\" INT NOT NULL DEFAULT 'x' /* c */ CHECK (a<>'y'),\n"
		" [b] TEXT COLLATE NOCASE, `c` AS (a||'z') STORED);\n"
		" CREATE INDEX \"i\" ON t (LOWER(b) DESC) WHERE a>0; CREATE VIEW v AS SELECT a FROM t;"));
}

static void test_oracle__flags_schema_differences(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{"create table t(a int)", "create table t(a text)"},
		{"create table t(a int)", "create table t(A int)"},
		{"create table t(a int check (a > 0))", "create table t(a int check (a > 1))"},
		{"create table t(a text)", "create table t(a text collate nocase)"},
		{"create table t(a int, b as (a + 1))", "create table t(a int, b as (a + 2))"},
		{"create table t(a int, b as (a + 1))",
		 "create table t(a int, b as (a + 1) stored)"},
		{"create table t(a integer primary key)",
		 "create table t(a integer primary key autoincrement)"},
		{"create table t(a int primary key) without rowid",
		 "create table t(a int primary key)"},
		{"create table t(a int) strict", "create table t(a int)"},
		{"create table p(id integer primary key); create table c(x references p)",
		 "create table p(id integer primary key);"
		 " create table c(x references p deferrable initially deferred)"},
		{"create table p(id integer primary key); create table c(x references p)",
		 "create table p(id integer primary key); create table c(x references p on delete "
		 "cascade)"},
		{"create table t(a); create index i on t(a)",
		 "create table t(a); create index i on t(a desc)"},
		{"create table t(a); create index i on t(a)",
		 "create table t(a); create index i on t(a) where a > 0"},
		{"create table t(a); create view v as select a from t",
		 "create table t(a); create view v as select a as b from t"},
		{"create table t(a); create trigger r after insert on t begin select 1; end",
		 "create table t(a); create trigger r before insert on t begin select 1; end"},
		{"create table t(a default 'x')", "create table t(a default 'X')"},
		/* a literal's spelling counts wherever it is (issue 10) */
		{"create table t(a default 'a bc')", "create table t(a default 'a  bc')"},
		{"create table t(a check (a is not '__sqlfu_sync_x'))",
		 "create table t(a check (a is not '__SQLFU_SYNC_x'))"},
		{"create table t(a); create index i on t(a) where a <> 'abc'",
		 "create table t(a); create index i on t(a) where a <> 'abc '"},
		{"create table t(a); create view v as select a from t where a is not 'x__sqlfu_sync_'",
		 "create table t(a); create view v as select a from t where a is not 'X__sqlfu_sync_'"},
		{"create table t(a); create trigger r after insert on t begin select 'abc'; end",
		 "create table t(a); create trigger r after insert on t begin select 'ABC'; end"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		if (same_schema(pairs[i][0], pairs[i][1]))
			fail_msg("not flagged: <%s> vs <%s>", pairs[i][0], pairs[i][1]);
	}
}

static void test_oracle__excluded_tables_are_left_out(void **state)
{
	(void)state;
	assert_true(same_schema("create table t(a); create table sqlfu_migrations(x)",
				"create table t(a)"));
}

static void test_oracle__full_dump_flags_row_difference(void **state)
{
	(void)state;
	sqlite3 *x = db_with("create table t(a, b); insert into t values (1, 'x'), (2, NULL);");
	sqlite3 *y = db_with("create table t(a, b); insert into t values (1, 'x'), (2, '');");
	sqlite3 *z = db_with("create table t(a, b); insert into t values (1, 'x'), (2, NULL);");
	char *dx = ss_oracle_dump_full(x), *dy = ss_oracle_dump_full(y),
	     *dz = ss_oracle_dump_full(z);
	assert_string_not_equal(dx, dy);
	assert_string_equal(dx, dz);
	char buf[300];
	ss_oracle_diff(buf, sizeof(buf), dy, dx);
	assert_non_null(strstr(buf, "expected"));
	ss_harness_free(dx);
	ss_harness_free(dy);
	ss_harness_free(dz);
	sqlite3_close(x);
	sqlite3_close(y);
	sqlite3_close(z);
	/* types count: 1 and '1' differ */
	x = db_with("create table t(a); insert into t values (1);");
	y = db_with("create table t(a); insert into t values ('1');");
	dx = ss_oracle_dump_full(x);
	dy = ss_oracle_dump_full(y);
	assert_string_not_equal(dx, dy);
	ss_harness_free(dx);
	ss_harness_free(dy);
	sqlite3_close(x);
	sqlite3_close(y);
}

static ss_case *make_case(const char *name, const char *baseline, const char *rows,
			  const char *desired)
{
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	ss_case *c = NULL;
	spec.name = name;
	spec.baseline = baseline;
	spec.rows = rows;
	spec.desired = desired;
	assert_int_equal(ss_case_new(&c, &spec), 0);
	return c;
}

static void test_oracle__run_case_clean_add_column(void **state)
{
	(void)state;
	ss_case *c =
		make_case("add column", "create table a(x int);", "insert into a values (1), (2);",
			  "create table a(x int, y text default 'n');");
	ss_case_result *r = NULL;
	assert_int_equal(ss_case_run(&r, c, NULL, NULL), 0);
	assert_true(r->checked & (1u << SS_P1));
	assert_int_equal(r->violated, 0);
	assert_true(r->synced_ok);
	ss_case_result_free(r);
	ss_case_free(c);
}

static void test_oracle__desired_alone_invalid_is_discarded(void **state)
{
	(void)state;
	ss_case *c = make_case("bad desired", "create table a(x int);", "",
			       "create view v as select * from nosuch;");
	ss_case_result *r = NULL;
	ss_error err = {0};
	assert_int_equal(ss_case_run(&r, c, NULL, &err), SS_E_INVALID);
	assert_null(r);
	assert_int_equal(err.code, SS_E_INVALID);
	assert_non_null(strstr(err.message, "desired does not build alone"));
	ss_case_free(c);
}

static void test_oracle__rowid_behind_a_rowid_column(void **state)
{
	(void)state;
	/* a column named rowid hides the rowid: the dump reaches it as _rowid_ */
	sqlite3 *x =
		db_with("create table t(rowid int); insert into t(_rowid_, rowid) values (5, 1)");
	sqlite3 *y =
		db_with("create table t(rowid int); insert into t(_rowid_, rowid) values (6, 1)");
	char *dx = ss_oracle_dump_full(x), *dy = ss_oracle_dump_full(y);
	assert_string_not_equal(dx, dy);
	ss_harness_free(dx);
	ss_harness_free(dy);
	sqlite3_close(x);
	sqlite3_close(y);
}

static ss_case_result *run_apart(const ss_case *c)
{
	ss_case_result *r = NULL;
	ss_run_options o = SS_RUN_OPTIONS_INIT;
	o.known_apart = 1; /* known engine bugs do not decide these tests */
	assert_int_equal(ss_case_run(&r, c, &o, NULL), 0);
	return r;
}

static void test_oracle__p10_connection_checked(void **state)
{
	(void)state;
	ss_case_spec spec = SS_CASE_SPEC_INIT;
	spec.name = "conn";
	spec.baseline = "create table a(x int); create table b(y int references a(x));";
	spec.rows = "insert into a values (1);";
	spec.desired = "create table a(x int); create table b(y int references a(x), z text);";
	spec.config.foreign_keys = 1;
	spec.config.attached = 1;
	spec.config.authorizer = 1;
	for (int txn = SS_CALLER_AUTOCOMMIT; txn <= SS_CALLER_SAVEPOINT; txn++) {
		spec.config.caller_txn = txn;
		ss_case *c = NULL;
		assert_int_equal(ss_case_new(&c, &spec), 0);
		ss_case_result *r = run_apart(c);
		assert_true(r->checked & (1u << SS_P10));
		if (r->violated)
			fail_msg("caller_txn %d: %s", txn, r->detail);
		ss_case_result_free(r);
		ss_case_free(c);
	}
}

static void test_oracle__prefix_refusals_expected(void **state)
{
	(void)state;
	/* a prefixed name in the definitions, a prefixed table with rows, a TEMP table: the
	 * sync must fail, which is no violation */
	static const char *const cases[][3] = {
		{"create table a(x);", "", "create table __sqlfu_sync_t(x);"},
		{"create table a(x); create table __sqlfu_sync_keep(k);",
		 "insert into __sqlfu_sync_keep values (1);", "create table a(x, y);"},
		{"create table a(x);", "", "create table a(x); create temp table b(y);"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ss_case *c = make_case("refuse", cases[i][0], cases[i][1], cases[i][2]);
		ss_case_result *r = run_apart(c);
		assert_false(r->synced_ok);
		if (r->violated)
			fail_msg("case %zu: %s", i, r->detail);
		ss_case_result_free(r);
		ss_case_free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle__normalize),
		cmocka_unit_test(test_oracle__formatting_is_not_a_difference),
		cmocka_unit_test(test_oracle__flags_schema_differences),
		cmocka_unit_test(test_oracle__excluded_tables_are_left_out),
		cmocka_unit_test(test_oracle__full_dump_flags_row_difference),
		cmocka_unit_test(test_oracle__run_case_clean_add_column),
		cmocka_unit_test(test_oracle__desired_alone_invalid_is_discarded),
		cmocka_unit_test(test_oracle__rowid_behind_a_rowid_column),
		cmocka_unit_test(test_oracle__p10_connection_checked),
		cmocka_unit_test(test_oracle__prefix_refusals_expected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
