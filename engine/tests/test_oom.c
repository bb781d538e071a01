/* SPDX-License-Identifier: MIT */
/*
 * Fault injection into SQLite's own allocator (sqlite3_config(SQLITE_CONFIG_MALLOC)), the
 * loop SQLite's own test suite runs: fail the N-th allocation SQLite makes during a sync,
 * for N = 1, 2, ... until a sync succeeds without a failure, and check every failed run:
 * an error code and message, the database logically unchanged (schema, rows,
 * sqlite_sequence), the foreign-keys setting restored, no scratch object and no attached
 * database left, and an error of the allocation's kind (nomem or sqlite). test_sync.c covers the engine's own allocations (ss_set_allocator).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_db.h"

static sqlite3_mem_methods g_real;
static long g_count;
static long g_fail_at = -1; /* -1: never fail */

/* One-shot: only the N-th allocation fails (SQLite's "transient" mode; under a persistent
 * failure even ROLLBACK or DETACH cannot be prepared, so no cleanup can be promised). */
static int should_fail(void)
{
	return g_fail_at >= 0 && ++g_count == g_fail_at;
}

static void *oom_malloc(int n)
{
	return should_fail() ? NULL : g_real.xMalloc(n);
}

static void *oom_realloc(void *p, int n)
{
	return should_fail() ? NULL : g_real.xRealloc(p, n);
}

static void oom_free(void *p)
{
	g_real.xFree(p);
}

static int oom_size(void *p)
{
	return g_real.xSize(p);
}

static int oom_roundup(int n)
{
	return g_real.xRoundup(n);
}

static int oom_init(void *ctx)
{
	return g_real.xInit(ctx);
}

static void oom_shutdown(void *ctx)
{
	g_real.xShutdown(ctx);
}

static int setup(void **state)
{
	static sqlite3_mem_methods wrapped = {oom_malloc,  oom_free, oom_realloc,  oom_size,
					      oom_roundup, oom_init, oom_shutdown, NULL};
	(void)state;
	sqlite3_shutdown();
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_real) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) != SQLITE_OK)
		return -1;
	return sqlite3_initialize() == SQLITE_OK ? 0 : -1;
}

typedef struct oom_case {
	const char *name;
	const char *baseline;
	const char *desired;
	int fk;
	int rc; /* what the sync returns without a fault (0, or the expected refusal) */
} oom_case;

static const oom_case k_cases[] = {
	{"add column and index",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INT DEFAULT 0);"
	 "CREATE INDEX t_a ON t(a);",
	 0, 0},
	{"rebuild a referenced parent, foreign keys on",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT);"
	 "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);"
	 "INSERT INTO p(n) VALUES ('a'), ('b'); INSERT INTO c VALUES (1, 1), (2, 2);"
	 "CREATE VIEW v AS SELECT n FROM p;",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT CHECK (n <> ''));"
	 "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);"
	 "CREATE VIEW v AS SELECT n FROM p;",
	 1, 0},
	/* found by check --faults oom: a failed read inside the prefix strategy's transaction
	 * made SQLite roll it back, and the scratch CREATE after it was committed on its own */
	{"duplicate definition", "CREATE TABLE a(x); INSERT INTO a VALUES (1);",
	 "CREATE TABLE a(x); CREATE TABLE a(y);", 0, SS_E_INVALID},
};

static void run_case(const oom_case *c, ss_strategy strategy)
{
	ss_options opts = SS_OPTIONS_INIT;
	opts.strategy = strategy;
	int done = 0;
	for (long n = 1; !done && n < 20000; n++) {
		g_fail_at = -1;
		sqlite3 *db = udb_open();
		udb_exec(db, c->fk ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
		udb_exec(db, c->baseline);
		char *before = udb_snapshot(db);
		ss_error err = {0, ""};
		g_count = 0;
		g_fail_at = n;
		int rc = ss_sync(NULL, db, c->desired, &opts, &err);
		int injected = g_count >= n;
		g_fail_at = -1;
		if (!injected && rc == c->rc) {
			done = 1; /* the whole sync ran without reaching the N-th allocation */
		} else if (rc != 0) {
			char *after = udb_snapshot(db);
			const char *why = NULL;
			if (err.code != rc || err.message[0] == 0)
				why = "error without a message";
			else if (rc != SS_E_NOMEM && rc != SS_E_SQLITE && rc != c->rc)
				/* a failure beyond the case's own is the allocation's (found by check --faults: a foreign_key_check that
				 * could not run read as a violated key, a failed switch of
				 * enforcement as a refusal, an ATTACH as "unsupported") */
				why = "wrong error kind";
			else if (strcmp(before, after) != 0)
				why = "database changed";
			else if (udb_prefixed(db, SS_DEFAULT_SCRATCH_PREFIX) != 0)
				why = "scratch objects left";
			else if (udb_attached(db) != 0)
				why = "scratch database left attached";
			else if (udb_int(db, "PRAGMA foreign_keys") != c->fk)
				why = "foreign_keys setting not restored";
			else if (!sqlite3_get_autocommit(db))
				why = "transaction left open";
			if (why != NULL) {
				print_error(
					"oom '%s' (%s), SQLite allocation %ld: %s (rc %d: %s)\n",
					c->name, ss_strategy_name(strategy), n, why, rc,
					err.message);
				fail();
			}
			free(after);
		}
		free(before);
		udb_close(db);
	}
	assert_true(done);
}

static void test_oom__sqlite_allocations(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
		run_case(&k_cases[i], SS_STRATEGY_SCRATCH_DB);
		run_case(&k_cases[i], SS_STRATEGY_PREFIX);
	}
}

/*
 * Under the durable-object profile (its savepoint transaction hook, as a Durable Object
 * runs the sync): after every run, failed or not, no transaction may be left open, and a
 * success must be the fault-free result. Found by check --faults oom: a savepoint whose
 * rollback failed on an allocation stayed open, and the next sync reported success with its
 * work uncommitted.
 */
static void test_oom__durable_object_profile(void **state)
{
	(void)state;
	static const char *const base =
		"CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO p VALUES (1, 'a');"
		"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id));"
		"INSERT INTO c VALUES (1, 1);";
	static const char *const defs =
		"CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT '');"
		"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id), m INT);";
	ss_options opts = SS_OPTIONS_INIT;
	opts.profile = SS_PROFILE_DURABLE_OBJECT;
	opts.txn = ss_durable_object_txn_hook();
	char *want = NULL;
	int done = 0;
	for (long n = 0; !done && n < 20000; n++) {
		g_fail_at = -1;
		sqlite3 *db = udb_open();
		udb_exec(db, base);
		/* the profile creates its _cf_ tables in a memory database (and its authorizer
		 * hides them from the snapshot while installed) */
		assert_int_equal(ss_durable_object_install(db, NULL), 0);
		ss_durable_object_uninstall(db);
		char *before = udb_snapshot(db);
		assert_int_equal(ss_durable_object_install(db, NULL), 0);
		g_count = 0;
		g_fail_at = n; /* n = 0: the fault-free run */
		int rc = ss_sync(NULL, db, defs, &opts, NULL);
		int injected = n > 0 && g_count >= n;
		g_fail_at = -1;
		ss_durable_object_uninstall(db);
		int open = !sqlite3_get_autocommit(db);
		if (open)
			udb_exec(db, "ROLLBACK");
		char *got = udb_snapshot(db);
		if (n == 0) {
			assert_int_equal(rc, 0);
			want = got;
			got = NULL;
		} else if (open || strcmp(got, rc == 0 ? want : before) != 0) {
			print_error(
				"oom durable-object, SQLite allocation %ld: %s (rc %d)\n%s\n--\n%s\n",
				n, open ? "transaction left open" : "wrong database", rc, got,
				rc == 0 ? want : before);
			fail();
		}
		done = n > 0 && !injected;
		free(got);
		free(before);
		udb_close(db);
	}
	free(want);
	assert_true(done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom__sqlite_allocations),
		cmocka_unit_test(test_oom__durable_object_profile),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
