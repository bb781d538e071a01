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

/* ---- _cf_ names -------------------------------------------------------------------------- */

static void sync_ok(sqlite3 *db, const char *defs, const ss_options *o, ss_plan **out)
{
	ss_error err = {0, ""};
	int rc = ss_sync(out, db, defs, o, &err);
	if (rc != 0)
		fail_msg("%s: sync of <%s> failed: %d %s", ss_strategy_name(o->strategy), defs, rc,
			 err.message);
}

static size_t plan_count(sqlite3 *db, const char *defs, const ss_options *o)
{
	ss_plan *p = NULL;
	ss_error err = {0, ""};
	int rc = ss_plan_create(&p, db, defs, o, &err);
	if (rc != 0)
		fail_msg("plan of <%s> failed: %d %s", defs, rc, err.message);
	size_t n = ss_plan_count(p);
	ss_plan_free(p);
	return n;
}

static void test_safety__cf_names_ordinary_in_default_profile(void **state)
{
	(void)state;
	const char *defs = "CREATE TABLE _cf_x(a); CREATE INDEX _cf_i ON _cf_x(a);"
			   "CREATE VIEW _CF_v AS SELECT a FROM _cf_x; CREATE TABLE t(b)";
	char *plans[2] = {NULL, NULL};
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(b); CREATE TABLE _cf_old(z); INSERT INTO _cf_old "
			     "VALUES (1)");
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_plan *p = NULL;
		sync_ok(db, defs, &o, &p);
		plans[s] = ss_plan_to_sql(p);
		ss_plan_free(p);
		/* created, and the live _cf_ table no definition names was dropped */
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
					     "('_cf_x', '_cf_i', '_CF_v')"),
				 3);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
					     "'_cf_old'"),
				 0);
		/* idempotent: a second sync plans nothing, and does not fail */
		assert_int_equal(plan_count(db, defs, &o), 0);
		sync_ok(db, defs, &o, NULL);
		/* a change to a _cf_ table is seen */
		sync_ok(db,
			"CREATE TABLE _cf_x(a, c DEFAULT 1); CREATE INDEX _cf_i ON _cf_x(a);"
			"CREATE VIEW _CF_v AS SELECT a FROM _cf_x; CREATE TABLE t(b)",
			&o, NULL);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_info('_cf_x')"), 2);
		/* the public inspector shows them without the profile */
		ss_schema *sc = NULL;
		ss_error err = {0, ""};
		assert_int_equal(ss_schema_inspect(&sc, db, "main", &err), 0);
		char *d = ss_schema_dump(sc);
		assert_non_null(strstr(d, "_cf_x"));
		ss_free(d);
		ss_schema_free(sc);
		udb_close(db);
	}
	assert_string_equal(plans[0], plans[1]);
	ss_free(plans[0]);
	ss_free(plans[1]);
}

static void test_safety__cf_names_refused_under_profile(void **state)
{
	(void)state;
	static const char *const defs[] = {
		"CREATE TABLE t(a); CREATE TABLE _cf_x(a)",
		"CREATE TABLE t(a); CREATE TABLE _CF_KV(a)",
		"CREATE TABLE t(a); CREATE INDEX i ON _cf_KV(key)",
		"CREATE TABLE t(a); CREATE INDEX _cf_i ON t(a)",
		"CREATE TABLE t(a); CREATE VIEW _cf_v AS SELECT 1",
		"CREATE TABLE t(a); CREATE TRIGGER _cf_tr AFTER INSERT ON t BEGIN SELECT 1; END",
	};
	for (size_t i = 0; i < N_ELEMS(defs); i++) {
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1)");
		ss_error err = {0, ""};
		assert_int_equal(ss_durable_object_install(db, &err), 0);
		ss_durable_object_uninstall(db);
		char *before = udb_snapshot(db);
		assert_int_equal(ss_durable_object_install(db, &err), 0);
		ss_options o = SS_OPTIONS_INIT;
		o.profile = SS_PROFILE_DURABLE_OBJECT;
		o.txn = ss_durable_object_txn_hook();
		int rc = ss_sync(NULL, db, defs[i], &o, &err);
		if (rc != SS_E_INVALID || strstr(err.message, "_cf_") == NULL ||
		    strstr(err.message, "reserved") == NULL)
			fail_msg("<%s>: rc %d <%s>, want SS_E_INVALID naming _cf_ as reserved",
				 defs[i], rc, err.message);
		assert_int_equal(ss_definitions_validate(defs[i], &o, &err), SS_E_INVALID);
		ss_durable_object_uninstall(db);
		char *after = udb_snapshot(db);
		assert_string_equal(before, after);
		free(before);
		free(after);
		udb_close(db);
		/* the same definitions are ordinary without the profile */
		o.profile = SS_PROFILE_DEFAULT;
		o.txn = NULL;
		if (strstr(defs[i], "_cf_KV") == NULL)
			assert_int_equal(ss_definitions_validate(defs[i], &o, &err), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safety__empty_definitions_refused),
		cmocka_unit_test(test_safety__empty_definitions_allowed_explicitly),
		cmocka_unit_test(test_safety__validate_without_database),
		cmocka_unit_test(test_safety__cf_names_ordinary_in_default_profile),
		cmocka_unit_test(test_safety__cf_names_refused_under_profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
