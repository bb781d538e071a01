/* SPDX-License-Identifier: MIT */
/*
 * End-to-end unit tests of the sync layer (engine/src/sync*.c, strategy_*.c, apply*.c) through
 * ss_sync on in-memory databases holding rows: every change class converges (the live schema
 * dumps like the desired schema built alone, and a second plan is empty) under both
 * strategies, with foreign-key enforcement on and off; child rows survive a rebuilt parent;
 * AUTOINCREMENT counters never go backwards; a failed sync leaves schema, rows and
 * sqlite_sequence identical with no scratch object or attached schema behind; excluded tables,
 * look-alike user tables and scratch leftovers are handled; the durable-object profile and a
 * caller-supplied transaction hook work; and an allocator failing the N-th allocation never
 * leaves a half-applied change or a leak.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "plan.h"
#include "unit_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PFX SS_DEFAULT_SCRATCH_PREFIX

static const ss_strategy k_strategies[] = {SS_STRATEGY_SCRATCH_DB, SS_STRATEGY_PREFIX};

/* ---- convergence ------------------------------------------------------------------------ */

typedef struct conv_case {
	const char *name;
	const char *baseline; /* schema and rows */
	const char *desired;
	const char *check; /* a query that returns 1 when the rows came through right */
} conv_case;

/* 2,000 rows: large enough for the planner to rename the new table instead of copying back. */
#define MANY_ROWS(t)                                                                               \
	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) "          \
	"INSERT INTO " t " SELECT x, x FROM c;"

static const conv_case k_conv[] = {
	{"add column with default in place",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t VALUES (1, 'x'), (5, 'y')",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT DEFAULT 'n')",
	 "SELECT count(*) = 2 AND sum(b = 'n') = 2 AND group_concat(id || a) = '1x,5y' FROM t"},
	{"add UNIQUE column (rebuild)",
	 "CREATE TABLE t(a TEXT); INSERT INTO t(rowid, a) VALUES (3, 'x'), (9, 'y')",
	 "CREATE TABLE t(a TEXT, u INT UNIQUE)",
	 "SELECT group_concat(rowid || a || coalesce(u, '-')) = '3x-,9y-' FROM t"},
	{"add CURRENT_TIMESTAMP column (rebuild)",
	 "CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)",
	 "CREATE TABLE t(a, c TEXT DEFAULT CURRENT_TIMESTAMP)",
	 "SELECT count(*) = 2 AND sum(c IS NOT NULL) = 2 FROM t"},
	{"add expression default column (rebuild)", "CREATE TABLE t(a); INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a, c INT DEFAULT (2 * 3))", "SELECT c = 6 FROM t"},
	{"add STORED generated column (rebuild)", "CREATE TABLE t(a INT); INSERT INTO t VALUES (4)",
	 "CREATE TABLE t(a INT, s INT AS (a * 10) STORED)", "SELECT s = 40 FROM t"},
	{"add VIRTUAL generated column", "CREATE TABLE t(a INT); INSERT INTO t VALUES (4)",
	 "CREATE TABLE t(a INT, v INT AS (a + 1))", "SELECT v = 5 FROM t"},
	{"add NOT NULL column without default to an empty table",
	 "CREATE TABLE t(a); CREATE TABLE other(x); INSERT INTO other VALUES (1)",
	 "CREATE TABLE t(a, n INT NOT NULL); CREATE TABLE other(x)",
	 "SELECT count(*) = 1 FROM other"},
	{"add INTEGER PRIMARY KEY to an empty rowid table", "CREATE TABLE t(a)",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a)", "SELECT count(*) = 0 FROM t"},
	{"drop column in place", "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 2)",
	 "CREATE TABLE t(a)", "SELECT a = 1 FROM t"},
	{"drop indexed column",
	 "CREATE TABLE t(a, b); CREATE INDEX tb ON t(b); INSERT INTO t VALUES (1, 2)",
	 "CREATE TABLE t(a)", "SELECT a = 1 FROM t"},
	{"drop column used in a CHECK (rebuild)",
	 "CREATE TABLE t(a, b, CHECK (b > 0)); INSERT INTO t VALUES (1, 2)", "CREATE TABLE t(a)",
	 "SELECT a = 1 FROM t"},
	{"column type change (rebuild)",
	 "CREATE TABLE t(a INT, b TEXT); INSERT INTO t(rowid, a, b) VALUES (10, 1, 'x')",
	 "CREATE TABLE t(a TEXT, b TEXT)",
	 "SELECT rowid = 10 AND a = '1' AND typeof(a) = 'text' FROM t"},
	{"CHECK change", "CREATE TABLE t(a INT CHECK (a > 0)); INSERT INTO t VALUES (5)",
	 "CREATE TABLE t(a INT CHECK (a > 1))", "SELECT a = 5 FROM t"},
	{"STRICT added", "CREATE TABLE t(a INT, b TEXT); INSERT INTO t VALUES (1, 'x')",
	 "CREATE TABLE t(a INT, b TEXT) STRICT", "SELECT a = 1 AND b = 'x' FROM t"},
	{"WITHOUT ROWID added",
	 "CREATE TABLE t(k TEXT PRIMARY KEY, v); INSERT INTO t VALUES ('a', 1)",
	 "CREATE TABLE t(k TEXT PRIMARY KEY, v) WITHOUT ROWID", "SELECT k = 'a' AND v = 1 FROM t"},
	{"WITHOUT ROWID removed",
	 "CREATE TABLE t(k TEXT PRIMARY KEY, v) WITHOUT ROWID; INSERT INTO t VALUES ('a', 1)",
	 "CREATE TABLE t(k TEXT PRIMARY KEY, v)", "SELECT k = 'a' AND v = 1 FROM t"},
	{"AUTOINCREMENT added",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a); INSERT INTO t VALUES (4, 'x')",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a)",
	 "SELECT (SELECT id FROM t) = 4"},
	{"AUTOINCREMENT removed",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a); INSERT INTO t VALUES (4, 'x')",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a)", "SELECT id = 4 FROM t"},
	{"COLLATE change", "CREATE TABLE t(a TEXT); INSERT INTO t VALUES ('A'), ('a')",
	 "CREATE TABLE t(a TEXT COLLATE NOCASE)", "SELECT count(*) = 2 FROM t"},
	{"generated expression change",
	 "CREATE TABLE t(a INT, g AS (a + 1)); INSERT INTO t(a) VALUES (1)",
	 "CREATE TABLE t(a INT, g AS (a + 2))", "SELECT g = 3 FROM t"},
	{"foreign key change on the child",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p(id)); INSERT INTO p "
	 "VALUES (1); INSERT INTO c VALUES (1)",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p(id) ON DELETE "
	 "CASCADE)",
	 "SELECT (SELECT count(*) FROM c) = 1 AND (SELECT count(*) FROM p) = 1"},
	{"index, view and trigger changes",
	 "CREATE TABLE t(a, b); CREATE TABLE log(x); CREATE INDEX i ON t(a); CREATE VIEW v AS "
	 "SELECT a FROM t; CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (1); "
	 "END; INSERT INTO t VALUES (1, 2)",
	 "CREATE TABLE t(a, b); CREATE TABLE log(x); CREATE UNIQUE INDEX i ON t(a DESC) WHERE a > 0; "
	 "CREATE VIEW v AS SELECT b FROM t; CREATE TRIGGER tr AFTER UPDATE OF b ON t BEGIN INSERT "
	 "INTO log VALUES (2); END",
	 "SELECT (SELECT b FROM v) = 2"},
	{"views on a rebuilt table, in dependency order",
	 "CREATE TABLE t(a INT); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS SELECT a FROM "
	 "v1; CREATE VIEW v3 AS SELECT * FROM v2 JOIN v1 USING (a); INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a TEXT); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS SELECT a FROM "
	 "v1; CREATE VIEW v3 AS SELECT * FROM v2 JOIN v1 USING (a)",
	 "SELECT (SELECT count(*) FROM v3) = 1"},
	{"trigger on another table writing to a rebuilt table",
	 "CREATE TABLE t(a INT); CREATE TABLE s(x); CREATE TRIGGER tr AFTER INSERT ON s BEGIN "
	 "INSERT INTO t VALUES (new.x); END; INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a TEXT); CREATE TABLE s(x); CREATE TRIGGER tr AFTER INSERT ON s BEGIN "
	 "INSERT INTO t VALUES (new.x); END",
	 "SELECT count(*) = 1 FROM t"},
	{"name case change Users -> users",
	 "CREATE TABLE Users(id INTEGER PRIMARY KEY, n); CREATE INDEX Users_n ON Users(n); INSERT "
	 "INTO Users VALUES (1, 'a')",
	 "CREATE TABLE users(id INTEGER PRIMARY KEY, n); CREATE INDEX Users_n ON users(n)",
	 "SELECT n = 'a' FROM users"},
	{"names that are substrings of others",
	 "CREATE TABLE post(a INT); CREATE TABLE posts(a INT); CREATE INDEX pos ON posts(a); "
	 "CREATE INDEX post_a ON post(a); INSERT INTO post VALUES (1); INSERT INTO posts VALUES (2)",
	 "CREATE TABLE post(a INT); CREATE TABLE posts(a TEXT); CREATE INDEX pos ON posts(a); "
	 "CREATE INDEX post_a ON post(a)",
	 "SELECT (SELECT a FROM post) = 1 AND (SELECT a FROM posts) = '2'"},
	{"quoted names with spaces, quotes and non-ASCII",
	 "CREATE TABLE \"my t\"(\"a\"\"b\" INT, caf\xc3\xa9 INT, [x y] INT); CREATE INDEX \"i \"\"q\" "
	 "ON \"my t\"(caf\xc3\xa9); INSERT INTO \"my t\" VALUES (1, 2, 3)",
	 "CREATE TABLE \"my t\"(\"a\"\"b\" TEXT, caf\xc3\xa9 INT, [x y] INT); CREATE INDEX \"i \"\"q\" "
	 "ON \"my t\"(caf\xc3\xa9)",
	 "SELECT \"a\"\"b\" = '1' AND caf\xc3\xa9 = 2 AND \"x y\" = 3 FROM \"my t\""},
	{"names with _ and %", "CREATE TABLE \"a_%b\"(x INT); INSERT INTO \"a_%b\" VALUES (1)",
	 "CREATE TABLE \"a_%b\"(x TEXT); CREATE TABLE a__b(y)", "SELECT x = '1' FROM \"a_%b\""},
	{"string literals containing ';' and the prefix",
	 "CREATE TABLE t(a TEXT DEFAULT 'x;y'); INSERT INTO t DEFAULT VALUES",
	 "CREATE TABLE t(a TEXT DEFAULT '" PFX
	 "x;y', b TEXT DEFAULT ';'); CREATE VIEW v AS SELECT '" PFX
	 "v;' AS c; CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT ';', '" PFX "t'; END",
	 "SELECT a = 'x;y' AND b = ';' FROM t"},
	{"large parent table rebuilt (rename path) with children and a view",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY, n INT); " MANY_ROWS(
		 "p") "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE); "
		      "INSERT INTO c SELECT id, id FROM p WHERE id % 7 = 0; CREATE VIEW pv AS SELECT n FROM p",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c(id INTEGER PRIMARY KEY, pid "
	 "INT REFERENCES p(id) ON DELETE CASCADE); CREATE VIEW pv AS SELECT n FROM p",
	 "SELECT (SELECT count(*) FROM p) = 2000 AND (SELECT count(*) FROM c) = 285 AND (SELECT "
	 "count(*) FROM pv) = 2000"},
	{"large table with AUTOINCREMENT rebuilt",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a INT); " MANY_ROWS("t"),
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT)",
	 "SELECT (SELECT count(*) FROM t) = 2000 AND (SELECT seq FROM sqlite_sequence WHERE name = "
	 "'t') = 2000"},
	{"table dropped and created", "CREATE TABLE old(a); INSERT INTO old VALUES (1)",
	 "CREATE TABLE new(b)", "SELECT count(*) = 0 FROM new"},
};

static void test_sync__convergence_all_classes(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_conv); i++) {
		const conv_case *c = &k_conv[i];
		char *want = udb_dump_sql(c->desired);
		for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
			for (int fk = 0; fk < 2; fk++) {
				sqlite3 *db = udb_open();
				udb_exec(db, c->baseline);
				udb_exec(db, fk ? "PRAGMA foreign_keys = ON"
						: "PRAGMA foreign_keys = OFF");
				ss_options o = SS_OPTIONS_INIT;
				o.strategy = k_strategies[s];
				ss_error err = {0, ""};
				ss_plan *p = NULL;
				int rc = ss_sync(&p, db, c->desired, &o, &err);
				char *got = rc == 0 ? udb_dump(db) : NULL;
				const char *why = NULL;
				if (rc != 0)
					why = err.message;
				else if (ss_plan_count(p) == 0)
					why = "nothing was planned";
				else if (strcmp(got, want) != 0)
					why = "schema differs from the desired one";
				else if (udb_plan_count(db, c->desired, &o) != 0)
					why = "second plan not empty";
				else if (udb_int(db, c->check) != 1)
					why = "rows did not come through";
				else if (
					udb_int(db,
						"SELECT count(*) FROM pragma_integrity_check WHERE "
						"integrity_check <> 'ok'") != 0)
					why = "integrity_check";
				else if (udb_int(db,
						 "SELECT count(*) FROM pragma_foreign_key_check") !=
					 0)
					why = "foreign_key_check";
				else if (udb_prefixed(db, PFX) != 0)
					why = "scratch objects left";
				else if (udb_attached(db) != 0)
					why = "scratch database left attached";
				else if (udb_int(db, "PRAGMA foreign_keys") != fk)
					why = "foreign_keys setting not restored";
				if (why != NULL) {
					char *sql = p ? ss_plan_to_sql(p) : NULL;
					print_error(
						"convergence '%s' (%s, foreign_keys %d): %s\nplan:\n%s"
						"got:\n%swant:\n%s",
						c->name, ss_strategy_name(k_strategies[s]), fk, why,
						sql ? sql : "", got ? got : "", want);
					ss_free(sql);
					failures++;
				}
				ss_free(got);
				ss_plan_free(p);
				udb_close(db);
			}
		}
		ss_free(want);
	}
	assert_int_equal(failures, 0);
}

/* ---- foreign keys: children of a rebuilt parent ------------------------------------------ */

static void test_sync__parent_rebuild_keeps_children(void **state)
{
	(void)state;
	int failures = 0;
	static const char *const sizes[] = {
		"INSERT INTO p VALUES (1, 1), (2, 2), (3, 3);",
		MANY_ROWS("p"),
	};
	for (size_t z = 0; z < N_ELEMS(sizes); z++)
		for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
			for (int fk = 0; fk < 2; fk++) {
				sqlite3 *db = udb_open();
				udb_exec(db, "CREATE TABLE p(id INTEGER PRIMARY KEY, n INT);");
				udb_exec(db, sizes[z]);
				udb_exec(
					db,
					"CREATE TABLE cascade_child(id INTEGER PRIMARY KEY, pid INT "
					"REFERENCES p(id) ON DELETE CASCADE ON UPDATE CASCADE);"
					"CREATE TABLE setnull_child(id INTEGER PRIMARY KEY, pid INT "
					"REFERENCES p(id) ON DELETE SET NULL);"
					"INSERT INTO cascade_child VALUES (10, 1), (11, 2), (12, 3);"
					"INSERT INTO setnull_child VALUES (20, 1), (21, 3);");
				udb_exec(db, fk ? "PRAGMA foreign_keys = ON"
						: "PRAGMA foreign_keys = OFF");
				char *before = udb_snapshot(db);
				ss_options o = SS_OPTIONS_INIT;
				o.strategy = k_strategies[s];
				ss_error err = {0, ""};
				/* parent rebuilt (type change) and a column dropped by rebuild */
				const char *defs =
					"CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT, extra TEXT UNIQUE);"
					"CREATE TABLE cascade_child(id INTEGER PRIMARY KEY, pid INT "
					"REFERENCES p(id) ON DELETE CASCADE ON UPDATE CASCADE);"
					"CREATE TABLE setnull_child(id INTEGER PRIMARY KEY, pid INT "
					"REFERENCES p(id) ON DELETE SET NULL);";
				int rc = ss_sync(NULL, db, defs, &o, &err);
				const char *why = NULL;
				if (rc != 0)
					why = err.message;
				else if (udb_int(db, "SELECT group_concat(id || ':' || pid) = "
						     "'10:1,11:2,12:3' FROM cascade_child") != 1)
					why = "cascade children changed";
				else if (udb_int(db, "SELECT group_concat(id || ':' || pid) = "
						     "'20:1,21:3' FROM setnull_child") != 1)
					why = "set-null children changed";
				else if (udb_int(db,
						 "SELECT count(*) FROM pragma_foreign_key_check") !=
					 0)
					why = "foreign_key_check";
				else if (udb_int(db, "PRAGMA foreign_keys") != fk)
					why = "foreign_keys not restored";
				else if (udb_plan_count(db, defs, &o) != 0)
					why = "not converged";
				if (why != NULL) {
					print_error(
						"parent rebuild (%zu rows, %s, foreign_keys %d): %s\n",
						z == 0 ? (size_t)3 : (size_t)2000,
						ss_strategy_name(k_strategies[s]), fk, why);
					failures++;
				}
				free(before);
				udb_close(db);
			}
	assert_int_equal(failures, 0);
}

/* Inside the caller's open transaction foreign-key enforcement cannot be switched off, so a
 * rebuild of a referenced parent whose children hold rows must fail without any change. */
static void test_sync__inside_open_transaction_refuses_parent_rebuild(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE p(id INTEGER PRIMARY KEY, n INT); INSERT INTO p VALUES (1, 1);"
		     "CREATE TABLE c(pid INT REFERENCES p(id) ON DELETE CASCADE);"
		     "INSERT INTO c VALUES (1); PRAGMA foreign_keys = ON; SAVEPOINT outer_txn");
	char *before = udb_snapshot(db);
	/* the caller's transaction is open, so enforcement cannot be switched off: refuse */
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = SS_STRATEGY_PREFIX;
	ss_error err = {0, ""};
	int rc = ss_sync(NULL, db,
			 "CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT);"
			 "CREATE TABLE c(pid INT REFERENCES p(id) ON DELETE CASCADE)",
			 &o, &err);
	/* BEGIN IMMEDIATE inside a transaction fails, or the rebuild is refused: either way
	 * nothing may change and the child row must survive */
	assert_int_not_equal(rc, 0);
	assert_true(err.message[0] != 0);
	char *after = udb_snapshot(db);
	assert_string_equal(before, after);
	assert_int_equal(udb_int(db, "SELECT count(*) FROM c"), 1);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	free(before);
	free(after);
	udb_exec(db, "RELEASE outer_txn");
	udb_close(db);
}

/* ---- AUTOINCREMENT ------------------------------------------------------------------------ */

static void test_sync__autoincrement_never_decreases(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a INT);"
			     "INSERT INTO t(a) VALUES (1), (2), (3), (4), (5);"
			     "DELETE FROM t WHERE id > 2;" /* counter 5, max id 2 */
			     "CREATE TABLE u(id INTEGER PRIMARY KEY AUTOINCREMENT, a INT);"
			     "INSERT INTO u(a) VALUES (1); DELETE FROM u");
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_error err = {0, ""};
		int rc = ss_sync(NULL, db,
				 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b "
				 "UNIQUE);"
				 "CREATE TABLE u(id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT)",
				 &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_int_equal(udb_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 't'"),
				 5);
		assert_int_equal(udb_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'u'"),
				 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_sequence"), 2);
		udb_exec(db, "INSERT INTO t(a) VALUES ('n'); INSERT INTO u(a) VALUES ('n')");
		assert_int_equal(udb_int(db, "SELECT max(id) FROM t"), 6);
		assert_int_equal(udb_int(db, "SELECT max(id) FROM u"), 2);
		udb_close(db);
	}
}

/* ---- atomic failures ---------------------------------------------------------------------- */

typedef struct fail_case {
	const char *name;
	const char *extra; /* schema and rows added to the common baseline */
	const char *desired;
	int rc;          /* expected code */
	const char *msg; /* substring of the message */
	int fk_only;     /* only fails with enforcement on */
} fail_case;

/* Every failing case starts from this, so schema, rows, an index, a view, a trigger and an
 * AUTOINCREMENT counter are all under watch. */
#define FAIL_BASE                                                                                  \
	"CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT, v);"                               \
	"INSERT INTO seq(v) VALUES (1), (2), (3); DELETE FROM seq WHERE id = 3;"                   \
	"CREATE INDEX seq_v ON seq(v); CREATE VIEW seq_view AS SELECT v FROM seq;"                 \
	"CREATE TRIGGER seq_tr AFTER DELETE ON seq BEGIN SELECT 1; END;"
#define FAIL_KEEP                                                                                  \
	"CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"                          \
	"CREATE INDEX seq_v ON seq(v); CREATE VIEW seq_view AS SELECT v FROM seq;"                 \
	"CREATE TRIGGER seq_tr AFTER DELETE ON seq BEGIN SELECT 1; END;"

static const fail_case k_fail[] = {
	{"new CHECK violated", "CREATE TABLE t(a INT); INSERT INTO t VALUES (-1)",
	 FAIL_KEEP "CREATE TABLE t(a INT CHECK (a > 0))", SS_E_CONSTRAINT,
	 "CHECK constraint failed", 0},
	{"new UNIQUE violated", "CREATE TABLE t(a INT); INSERT INTO t VALUES (1), (1)",
	 FAIL_KEEP "CREATE TABLE t(a INT UNIQUE)", SS_E_CONSTRAINT, "UNIQUE constraint failed", 0},
	{"new unique index violated", "CREATE TABLE t(a INT); INSERT INTO t VALUES (1), (1)",
	 FAIL_KEEP "CREATE TABLE t(a INT); CREATE UNIQUE INDEX ta ON t(a)", SS_E_CONSTRAINT,
	 "UNIQUE constraint failed", 0},
	{"new NOT NULL violated", "CREATE TABLE t(a INT); INSERT INTO t VALUES (NULL)",
	 FAIL_KEEP "CREATE TABLE t(a INT NOT NULL)", SS_E_CONSTRAINT, "NOT NULL constraint failed",
	 0},
	{"added column CHECK violated", "CREATE TABLE t(a INT); INSERT INTO t VALUES (1)",
	 FAIL_KEEP "CREATE TABLE t(a INT, b INT DEFAULT -1 CHECK (b > 0))", SS_E_CONSTRAINT,
	 "CHECK constraint failed", 0},
	{"new FOREIGN KEY violated",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid INT); INSERT INTO c VALUES (99)",
	 FAIL_KEEP
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid INT REFERENCES p(id))",
	 SS_E_CONSTRAINT, "FOREIGN KEY", 1},
	{"syntax error", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TABLE t(a,,)", SS_E_INVALID,
	 "CREATE TABLE t(a,,)", 0},
	{"index on a missing table", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE INDEX i ON missing(a)", SS_E_INVALID, "missing", 0},
	{"unterminated quote", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TABLE t(a DEFAULT 'x)",
	 SS_E_INVALID, "unterminated", 0},
	{"DROP TABLE", "CREATE TABLE t(a)", FAIL_KEEP "DROP TABLE t", SS_E_INVALID, "DROP TABLE t",
	 0},
	{"INSERT", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TABLE t(a); INSERT INTO t VALUES (1)",
	 SS_E_INVALID, "INSERT", 0},
	{"CREATE TEMP TABLE", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TEMP TABLE t(a)", SS_E_INVALID,
	 "TEMP", 0},
	{"CREATE TEMP VIEW", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE TEMP VIEW v AS SELECT 1", SS_E_INVALID, "TEMP", 0},
	{"CREATE VIRTUAL TABLE", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE VIRTUAL TABLE f USING fts4(x)", SS_E_UNSUPPORTED,
	 "fts4", 0},
	{"attach-qualified name", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TABLE other.t(a)",
	 SS_E_INVALID, "main", 0},
	{"temp-qualified name", "CREATE TABLE t(a)", FAIL_KEEP "CREATE TABLE temp.t(a)",
	 SS_E_INVALID, "main", 0},
	{"sqlite_ name", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE TABLE sqlite_x(a)", SS_E_INVALID, "sqlite_", 0},
	{"prefixed name", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE TABLE " PFX "x(a)", SS_E_INVALID, PFX, 0},
	{"prefixed name in other case", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE INDEX __SQLFU_SYNC_i ON t(a)", SS_E_INVALID, PFX, 0},
	{"CREATE TABLE AS SELECT", "CREATE TABLE t(a)",
	 FAIL_KEEP "CREATE TABLE t(a); CREATE TABLE t2 AS SELECT 1 AS x", SS_E_INVALID, "AS SELECT",
	 0},
	{"new NOT NULL column without default", "CREATE TABLE t(a); INSERT INTO t VALUES (1)",
	 FAIL_KEEP "CREATE TABLE t(a, n NOT NULL)", SS_E_REFUSED, "\"n\"", 0},
	{"failure after earlier statements applied",
	 "CREATE TABLE t(a INT); INSERT INTO t VALUES (1), (1); CREATE TABLE a(x)",
	 FAIL_KEEP
	 "CREATE TABLE t(a INT UNIQUE); CREATE TABLE z(n); CREATE TABLE a(x, y DEFAULT 1)",
	 SS_E_CONSTRAINT, "UNIQUE", 0},
};

static void test_sync__failures_change_nothing(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_fail); i++) {
		const fail_case *c = &k_fail[i];
		for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
			for (int fk = 0; fk < 2; fk++) {
				if (c->fk_only && !fk)
					continue;
				sqlite3 *db = udb_open();
				udb_exec(db, FAIL_BASE);
				udb_exec(db, c->extra);
				udb_exec(db, fk ? "PRAGMA foreign_keys = ON"
						: "PRAGMA foreign_keys = OFF");
				char *before = udb_snapshot(db);
				ss_options o = SS_OPTIONS_INIT;
				o.strategy = k_strategies[s];
				ss_error err = {0, ""};
				int rc = ss_sync(NULL, db, c->desired, &o, &err);
				char *after = udb_snapshot(db);
				const char *why = NULL;
				if (rc != c->rc || err.code != rc)
					why = "wrong code";
				else if (strstr(err.message, c->msg) == NULL)
					why = "message does not name the fault";
				else if (strcmp(before, after) != 0)
					why = "database changed";
				else if (udb_prefixed(db, PFX) != 0)
					why = "scratch objects left";
				else if (udb_attached(db) != 0)
					why = "scratch database left attached";
				else if (!sqlite3_get_autocommit(db))
					why = "transaction left open";
				else if (udb_int(db, "PRAGMA foreign_keys") != fk)
					why = "foreign_keys setting not restored";
				if (why != NULL) {
					print_error(
						"failure '%s' (%s, foreign_keys %d): %s: rc %d (want "
						"%d), message <%s>\n",
						c->name, ss_strategy_name(k_strategies[s]), fk, why,
						rc, c->rc, err.message);
					if (strcmp(before, after) != 0)
						print_error("before:\n%safter:\n%s", before, after);
					failures++;
				}
				free(before);
				free(after);
				udb_close(db);
			}
	}
	assert_int_equal(failures, 0);
}

/* ---- excluded tables, look-alikes, leftovers ---------------------------------------------- */

/* The size thresholds: lowered, a small database takes the paths of a big one (the rename of
 * a rebuilt table, the copy instead of ADD COLUMN), with the same rows afterwards. The view
 * on the rebuilt table and the trigger of another table writing to it must go before a
 * RENAME (which re-validates them); the copy recipes keep them in place. */
static void test_sync__size_thresholds_lowered(void **state)
{
	static const struct {
		long rename_min_rows, alter_copy_min_objects;
		const char *expect, *absent;
	} cases[] = {
		{0, 0, "ADD COLUMN", "RENAME TO"},
		{3, 0, "RENAME TO", NULL},
		{0, 2, "INSERT INTO", "ADD COLUMN"},
		{3, 2, "RENAME TO", "ADD COLUMN"},
	};
	static const char dependents[] =
		"CREATE VIEW v AS SELECT a, b FROM t;"
		"CREATE TRIGGER tr AFTER INSERT ON u BEGIN INSERT INTO t(a) VALUES (new.x); END;";
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(a INT CHECK (a > 0), b TEXT);"
			     "CREATE TABLE u(x INT);"
			     "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, NULL);"
			     "INSERT INTO u VALUES (7), (8);"
			     "DELETE FROM t WHERE a = 2");
		udb_exec(db, dependents);
		ss_options o = SS_OPTIONS_INIT;
		o.rename_min_rows = cases[i].rename_min_rows;
		o.alter_copy_min_objects = cases[i].alter_copy_min_objects;
		ss_error err = {0, ""};
		ss_plan *p = NULL;
		char defs[512];
		snprintf(defs, sizeof(defs), "%s%s",
			 "CREATE TABLE t(a INT CHECK (a > -1), b TEXT);"
			 "CREATE TABLE u(x INT, y TEXT DEFAULT 'n');",
			 dependents);
		int rc = ss_sync(&p, db, defs, &o, &err);
		if (rc != 0)
			fail_msg("case %zu: %s", i, err.message);
		char *sql = ss_plan_to_sql(p);
		if (strstr(sql, cases[i].expect) == NULL ||
		    (cases[i].absent && strstr(sql, cases[i].absent) != NULL))
			fail_msg("case %zu: plan lacks %s or has %s:\n%s", i, cases[i].expect,
				 cases[i].absent ? cases[i].absent : "-", sql);
		int renames = strstr(sql, "RENAME TO") != NULL;
		if ((strstr(sql, "DROP VIEW \"v\"") != NULL) != renames ||
		    (strstr(sql, "DROP TRIGGER \"tr\"") != NULL) != renames)
			fail_msg("case %zu: the view and the trigger must go exactly when the "
				 "table is renamed into place:\n%s",
				 i, sql);
		ss_free(sql);
		ss_plan_free(p);
		assert_int_equal(
			udb_int(db,
				"SELECT count(*) FROM t WHERE rowid IN (1, 3, 4) AND a = rowid"),
			3);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM u WHERE y = 'n'"), 2);
		/* the dependents work on the new table */
		udb_exec(db, "INSERT INTO u(x) VALUES (9)");
		assert_int_equal(udb_int(db, "SELECT count(*) FROM v"), 4);
		udb_close(db);
	}
}

/* Wide tables make a schema large with few objects: SQLite's reload after ADD COLUMN parses
 * every CREATE text again, so long texts count as several objects (one per 128 bytes)
 * against alter_copy_min_objects. The same two-table change adds the column in place when
 * the other table is narrow, and copies when it is wide; 20 tables of 500 columns (about
 * 140 KB of text) are a large schema at the default threshold of 1,000 objects. */
static void test_sync__wide_schema_copies_instead_of_alter(void **state)
{
	(void)state;
	static const struct {
		int tables, columns;
		long alter_copy_min_objects;
		const char *expect, *absent;
	} cases[] = {
		{1, 3, 50, "ADD COLUMN", "INSERT INTO"},
		{1, 500, 50, "INSERT INTO", "ADD COLUMN"},
		{20, 30, 0, "ADD COLUMN", "INSERT INTO"},
		{20, 500, 0, "INSERT INTO", "ADD COLUMN"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		udb_str wide = {0}, defs = {0};
		for (int t = 0; t < cases[i].tables; t++) {
			char part[64];
			snprintf(part, sizeof(part), "CREATE TABLE w%d (id INTEGER PRIMARY KEY", t);
			udb_str_add(&wide, part);
			for (int c = 0; c < cases[i].columns; c++) {
				snprintf(part, sizeof(part), ", column_%03d TEXT", c);
				udb_str_add(&wide, part);
			}
			udb_str_add(&wide, ");");
		}
		sqlite3 *db = udb_open();
		udb_exec(db, wide.s);
		udb_exec(db, "CREATE TABLE u(x INT); INSERT INTO u VALUES (7), (8);");
		udb_str_add(&defs, wide.s);
		udb_str_add(&defs, "CREATE TABLE u(x INT, y TEXT DEFAULT 'n');");
		ss_options o = SS_OPTIONS_INIT;
		o.alter_copy_min_objects = cases[i].alter_copy_min_objects;
		ss_error err = {0, ""};
		ss_plan *p = NULL;
		if (ss_sync(&p, db, defs.s, &o, &err) != 0)
			fail_msg("case %zu: %s", i, err.message);
		char *sql = ss_plan_to_sql(p);
		if (strstr(sql, cases[i].expect) == NULL || strstr(sql, cases[i].absent) != NULL)
			fail_msg("case %zu: plan lacks %s or has %s:\n%s", i, cases[i].expect,
				 cases[i].absent, sql);
		/* the reason comment says when the texts, not the objects, made the schema large */
		int weighed = strstr(sql, "CREATE texts weigh as") != NULL;
		if (weighed != (cases[i].columns >= 500))
			fail_msg(
				"case %zu: the reason should name the texts' weight exactly for the "
				"wide tables:\n%.600s",
				i, sql);
		ss_free(sql);
		ss_plan_free(p);
		assert_int_equal(
			udb_int(db, "SELECT count(*) FROM u WHERE y = 'n' AND x IN (7, 8)"), 2);
		udb_close(db);
		free(wide.s);
		free(defs.s);
	}
}

/* A kept view that does not compile (it reads a column the rebuild removes, and the
 * definitions keep it so: SQLite accepts such a view) makes SQLite refuse a later RENAME
 * of another table; the sync rolls back and plans again without ALTER TABLE. */
static void test_sync__kept_broken_view_falls_back(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE t(a INT, b INT); CREATE VIEW v AS SELECT b FROM t;"
		     "CREATE TABLE u(x INT); INSERT INTO u VALUES (1), (2), (3)");
	ss_options o = SS_OPTIONS_INIT;
	o.rename_min_rows = 2; /* u is renamed into place, t (no rows) copied */
	ss_error err = {0, ""};
	ss_plan *p = NULL;
	int rc = ss_sync(&p, db,
			 "CREATE TABLE t(a TEXT); CREATE VIEW v AS SELECT b FROM t;"
			 "CREATE TABLE u(x TEXT)",
			 &o, &err);
	if (rc != 0)
		fail_msg("%s", err.message);
	char *sql = ss_plan_to_sql(p);
	if (strstr(sql, "RENAME TO") != NULL)
		fail_msg("the retry still renames:\n%s", sql);
	ss_free(sql);
	ss_plan_free(p);
	assert_int_equal(udb_int(db, "SELECT count(*) FROM u WHERE typeof(x) = 'text'"), 3);
	assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'v'"), 1);
	udb_close(db);
}

static void test_sync__excluded_tables_untouched(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db,
			 "CREATE TABLE sqlfu_migrations(id INTEGER PRIMARY KEY, name TEXT);"
			 "INSERT INTO sqlfu_migrations VALUES (1, 'init');"
			 "CREATE TABLE d1_migrations(id, name); INSERT INTO d1_migrations "
			 "VALUES (1, 'x');"
			 "CREATE INDEX d1_name ON d1_migrations(name);"
			 "CREATE TRIGGER d1_tr AFTER INSERT ON d1_migrations BEGIN SELECT 1; END;"
			 "CREATE TABLE t(a INT); INSERT INTO t VALUES (1)");
		udb_str before = {0}, after = {0};
		static const char *const q =
			"SELECT 'm', * FROM sqlfu_migrations UNION ALL SELECT "
			"'d', * FROM d1_migrations UNION ALL SELECT type, name, sql "
			"FROM sqlite_schema WHERE tbl_name LIKE '%migrations'";
		assert_int_equal(udb_rows(db, q, &before), 0);
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_error err = {0, ""};
		/* the definitions mention neither, or define sqlfu_migrations differently */
		const char *defs = "CREATE TABLE t(a TEXT);"
				   "CREATE TABLE sqlfu_migrations(other_shape INT)";
		int rc = ss_sync(NULL, db, defs, &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlfu_migrations WHERE name = "
					     "'init'"),
				 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_xinfo("
					     "'sqlfu_migrations') WHERE name = 'other_shape'"),
				 0);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
					     "('d1_name', 'd1_tr', 'd1_migrations')"),
				 3);
		assert_int_equal(udb_int(db, "SELECT typeof(a) = 'text' FROM t"), 1);
		assert_int_equal(udb_plan_count(db, defs, &o), 0);
		/* and without the desired definitions mentioning them, nothing is dropped */
		assert_int_equal(udb_plan_count(db, "CREATE TABLE t(a TEXT)", &o), 0);
		assert_int_equal(udb_rows(db, q, &after), 0);
		assert_string_equal(before.s, after.s);
		free(before.s);
		free(after.s);
		udb_close(db);
	}
}

static void test_sync__lookalike_user_tables_survive(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		/* matches LIKE '__sqlfu_sync_%' (each '_' a wildcard) but not the literal prefix */
		udb_exec(
			db,
			"CREATE TABLE xxsqlfuxsyncxkeep(a); INSERT INTO xxsqlfuxsyncxkeep VALUES (1);"
			"CREATE TABLE xxsqlfuxsyncxempty(a);"
			"CREATE TABLE t(a INT); INSERT INTO t VALUES (1)");
		assert_int_equal(udb_int(db,
					 "SELECT count(*) FROM sqlite_schema WHERE name LIKE '" PFX
					 "%'"),
				 2);
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_error err = {0, ""};
		const char *defs =
			"CREATE TABLE xxsqlfuxsyncxkeep(a); CREATE TABLE xxsqlfuxsyncxempty(a);"
			"CREATE TABLE t(a TEXT)";
		int rc = ss_sync(NULL, db, defs, &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_int_equal(udb_int(db, "SELECT a FROM xxsqlfuxsyncxkeep"), 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
					     "'xxsqlfuxsyncxempty'"),
				 1);
		assert_int_equal(udb_plan_count(db, defs, &o), 0);
		udb_close(db);
	}
}

static void test_sync__empty_leftovers_removed(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db,
			 "CREATE TABLE t(a); INSERT INTO t VALUES (1);"
			 "CREATE TABLE " PFX "t(a); CREATE INDEX " PFX "i ON " PFX "t(a);"
			 "CREATE VIEW " PFX "v AS SELECT a FROM " PFX "t;"
			 "CREATE TRIGGER " PFX "tr AFTER INSERT ON " PFX "t BEGIN SELECT 1; END;"
			 "CREATE TABLE " PFX "new_t(a)");
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_error err = {0, ""};
		int rc = ss_sync(NULL, db, "CREATE TABLE t(a); CREATE TABLE u(b)", &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_int_equal(udb_prefixed(db, PFX), 0);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM t"), 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'u'"),
				 1);
		udb_close(db);
	}
}

static void test_sync__prefixed_table_with_rows_refused(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1);"
			     "CREATE TABLE " PFX "t(a); INSERT INTO " PFX "t VALUES ('precious');"
			     "CREATE TABLE " PFX "empty(a)");
		char *before = udb_snapshot(db);
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		ss_error err = {0, ""};
		int rc = ss_sync(NULL, db, "CREATE TABLE t(a, b); CREATE TABLE u(x)", &o, &err);
		assert_int_equal(rc, SS_E_REFUSED);
		assert_int_equal(err.code, SS_E_REFUSED);
		assert_non_null(strstr(err.message, PFX "t"));
		char *after = udb_snapshot(db);
		/* the table with rows is kept; nothing of the plan was applied. (Removing the
		 * empty leftover before stopping would be acceptable, so compare the rest.) */
		assert_int_equal(udb_int(db, "SELECT count(*) FROM " PFX "t WHERE a = 'precious'"),
				 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_xinfo('t')"), 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'u'"),
				 0);
		assert_int_equal(udb_attached(db), 0);
		free(before);
		free(after);
		udb_close(db);
	}
}

/* ---- the durable-object profile and transaction hooks ---------------------------------- */

static const char *const k_do_base =
	"CREATE TABLE p(id INTEGER PRIMARY KEY, n INT); INSERT INTO p VALUES (1, 1), (2, 2);"
	"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);"
	"INSERT INTO c VALUES (10, 1), (11, 2);"
	"CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v); INSERT INTO s(v) VALUES (1);"
	"CREATE VIEW pv AS SELECT n FROM p; CREATE INDEX c_pid ON c(pid)";
static const char *const k_do_defs =
	"CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT, extra TEXT DEFAULT 'e');"
	"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE, "
	"note TEXT);"
	"CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
	"CREATE VIEW pv AS SELECT n, extra FROM p; CREATE INDEX c_pid ON c(pid);"
	"CREATE TABLE added(x UNIQUE)";

static void test_sync__durable_object_auto_picks_prefix(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, k_do_base);
	ss_error err = {0, ""};
	assert_int_equal(ss_durable_object_install(db, &err), 0);
	ss_options o = SS_OPTIONS_INIT;
	o.profile = SS_PROFILE_DURABLE_OBJECT;
	o.txn = ss_durable_object_txn_hook();
	ss_plan *p = NULL;
	int rc = ss_sync(&p, db, k_do_defs, &o, &err);
	if (rc != 0)
		fail_msg("durable-object sync: %s", err.message);
	assert_int_equal(ss_plan_strategy(p), SS_STRATEGY_PREFIX);
	assert_true(ss_plan_count(p) > 0);
	ss_plan_free(p);
	assert_int_equal(udb_plan_count(db, k_do_defs, &o), 0);
	/* dumped under the profile: its _cf_ internals are not part of the schema */
	char *got = udb_dump(db);
	ss_durable_object_uninstall(db);
	char *want = udb_dump_sql(k_do_defs);
	assert_string_equal(got, want);
	ss_free(got);
	ss_free(want);
	assert_int_equal(udb_int(db, "SELECT group_concat(id || ':' || pid) = '10:1,11:2' FROM c"),
			 1);
	assert_int_equal(udb_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 's'"), 1);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	assert_int_equal(udb_attached(db), 0);
	assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	udb_close(db);
}

static void test_sync__durable_object_scratch_db_fails_cleanly(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, k_do_base);
	ss_error err = {0, ""};
	/* install creates the _cf_ tables: take the snapshot after it, with the authorizer off */
	assert_int_equal(ss_durable_object_install(db, &err), 0);
	ss_durable_object_uninstall(db);
	char *before = udb_snapshot(db);
	assert_int_equal(ss_durable_object_install(db, &err), 0);
	ss_options o = SS_OPTIONS_INIT;
	o.profile = SS_PROFILE_DURABLE_OBJECT;
	o.strategy = SS_STRATEGY_SCRATCH_DB;
	o.txn = ss_durable_object_txn_hook();
	int rc = ss_sync(NULL, db, k_do_defs, &o, &err);
	assert_int_not_equal(rc, 0);
	assert_int_equal(err.code, rc);
	assert_non_null(strstr(err.message, "scratch-db"));
	ss_durable_object_uninstall(db);
	char *after = udb_snapshot(db);
	assert_string_equal(before, after);
	assert_int_equal(udb_attached(db), 0);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	free(before);
	free(after);
	udb_close(db);
}

/* A caller's hook: a savepoint, counting the calls. */
typedef struct hook_counts {
	int begin, commit, rollback;
} hook_counts;

static int count_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	((hook_counts *)ctx)->begin++;
	if (sqlite3_exec(db, "SAVEPOINT caller_sp", NULL, NULL, NULL) != SQLITE_OK) {
		if (err != NULL) {
			err->code = SS_E_SQLITE;
			snprintf(err->message, sizeof(err->message), "savepoint failed");
		}
		return SS_E_SQLITE;
	}
	return 0;
}

static int count_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	((hook_counts *)ctx)->commit++;
	(void)err;
	return sqlite3_exec(db, "RELEASE caller_sp", NULL, NULL, NULL) == SQLITE_OK ? 0
										    : SS_E_SQLITE;
}

static void count_rollback(void *ctx, sqlite3 *db)
{
	((hook_counts *)ctx)->rollback++;
	sqlite3_exec(db, "ROLLBACK TO caller_sp; RELEASE caller_sp", NULL, NULL, NULL);
}

static void test_sync__caller_txn_hook_used(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		hook_counts n = {0, 0, 0};
		ss_txn_hook hook = {count_begin, count_commit, count_rollback, &n};
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		o.txn = &hook;
		ss_error err = {0, ""};
		sqlite3 *db = udb_open();
		udb_exec(db, "CREATE TABLE t(a INT); INSERT INTO t VALUES (1), (-1)");

		/* The engine may also use the hook around materialization (the prefix strategy
		 * creates its scratch objects inside it and rolls back), so only the apply's
		 * commit is counted exactly; every begin ends in one commit or one rollback. */

		/* success: the plan is committed once */
		assert_int_equal(ss_sync(NULL, db, "CREATE TABLE t(a INT, b TEXT)", &o, &err), 0);
		assert_int_equal(n.commit, 1);
		assert_int_equal(n.begin, n.commit + n.rollback);
		assert_true(sqlite3_get_autocommit(db));
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_xinfo('t')"), 2);

		/* empty plan: nothing committed */
		assert_int_equal(ss_sync(NULL, db, "CREATE TABLE t(a INT, b TEXT)", &o, &err), 0);
		assert_int_equal(n.commit, 1);
		assert_int_equal(n.begin, n.commit + n.rollback);

		/* failure: rolled back, never committed; nothing changed */
		int rollbacks = n.rollback;
		char *before = udb_snapshot(db);
		assert_int_equal(
			ss_sync(NULL, db, "CREATE TABLE t(a INT CHECK (a > 0), b TEXT)", &o, &err),
			SS_E_CONSTRAINT);
		assert_int_equal(n.commit, 1);
		assert_true(n.rollback > rollbacks);
		assert_int_equal(n.begin, n.commit + n.rollback);
		char *after = udb_snapshot(db);
		assert_string_equal(before, after);
		assert_int_equal(udb_prefixed(db, PFX), 0);
		assert_true(sqlite3_get_autocommit(db));
		free(before);
		free(after);
		udb_close(db);
	}
}

/* ---- fault injection -------------------------------------------------------------------- */

typedef struct fault_alloc {
	long count;   /* allocations so far */
	long fail_at; /* fail exactly this allocation (1-based); 0: never */
	long live;    /* blocks currently allocated */
	int failed;   /* the injected failure happened */
} fault_alloc;

static void *fa_malloc(void *ctx, size_t n)
{
	fault_alloc *f = ctx;
	if (++f->count == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	void *p = malloc(n);
	if (p != NULL)
		f->live++;
	return p;
}

static void *fa_realloc(void *ctx, void *ptr, size_t n)
{
	fault_alloc *f = ctx;
	if (++f->count == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	void *p = realloc(ptr, n);
	if (p != NULL && ptr == NULL)
		f->live++;
	return p;
}

static void fa_free(void *ctx, void *ptr)
{
	fault_alloc *f = ctx;
	if (ptr != NULL)
		f->live--;
	free(ptr);
}

static const char *const k_fault_base =
	"CREATE TABLE p(id INTEGER PRIMARY KEY, n INT); INSERT INTO p VALUES (1, 1), (2, 2);"
	"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE, d);"
	"INSERT INTO c VALUES (10, 1, 'x');"
	"CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v); INSERT INTO s(v) VALUES (1);"
	"CREATE VIEW pv AS SELECT n FROM p; CREATE INDEX c_pid ON c(pid);"
	"CREATE TRIGGER tr AFTER INSERT ON c BEGIN UPDATE s SET v = v + 1; END;"
	"CREATE TABLE gone(x); PRAGMA foreign_keys = ON";
static const char *const k_fault_defs =
	"CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT);"
	"CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE, "
	"e TEXT DEFAULT ';');"
	"CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
	"CREATE VIEW pv AS SELECT n FROM p; CREATE INDEX c_pid ON c(pid DESC);"
	"CREATE TRIGGER tr AFTER INSERT ON c BEGIN UPDATE s SET v = v || 'x'; END;"
	"CREATE TABLE added(\"a b\" UNIQUE)";

/*
 * ENGINE BUG (sync-1): some allocation failures come back as SS_E_NOMEM with the ss_error
 * left empty (code 0, no message), e.g. build_object() in schema.c (now schema_inspect.c) returned the code of a
 * failed ss_tokens_lex(&toks2, o->create_sql, ...) for tables without ss__fail(). Every
 * error must come with its message. While open, such runs are still checked for atomicity
 * and leaks, counted, and the test is skipped at the end through
 * SKIP_ENGINE_BUG_NOMEM_WITHOUT_MESSAGE.
 */
#define SKIP_ENGINE_BUG_NOMEM_WITHOUT_MESSAGE 0

/*
 * ENGINE BUG (sync-2): when the allocation of the DETACH statement fails at the end of the
 * scratch-db materialization, DETACH is never run: the scratch database stays attached and
 * the error reads "detaching the scratch database: not an error" (SS_E_SQLITE instead of
 * SS_E_NOMEM). The cleanup path must not depend on an allocation (build the statement in a
 * fixed buffer). While open, such runs are counted and the test is skipped at the end
 * through SKIP_ENGINE_BUG_DETACH_NOMEM.
 */
#define SKIP_ENGINE_BUG_DETACH_NOMEM 0

/* A column added to a table with rows: the rows that existed read its default exactly as a
 * row inserted afterwards does (SQLite reads a REAL literal in a TEXT or untyped column that
 * ALTER TABLE ADD COLUMN added as spelled: '1e3' beside '1000.0'). */
static void test_sync__added_column_default_reads_the_same(void **state)
{
	(void)state;
	static const char *const types[] = {"",    "TEXT", "VARCHAR(9)", "BLOB",
					    "INT", "REAL", "NUMERIC"};
	static const char *const defaults[] = {"1e3", "1.50", "-2.5e0", "+1.0",
					       "7",   "0x10", "'1e3'",  "99999999999999999999"};
	for (size_t t = 0; t < N_ELEMS(types); t++)
		for (size_t d = 0; d < N_ELEMS(defaults); d++) {
			sqlite3 *db = udb_open();
			udb_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1)");
			char defs[200];
			snprintf(defs, sizeof(defs), "CREATE TABLE t(a, b %s DEFAULT %s)", types[t],
				 defaults[d]);
			ss_error err = {0, ""};
			if (ss_sync(NULL, db, defs, NULL, &err) != 0)
				fail_msg("%s: %s", defs, err.message);
			udb_exec(db, "INSERT INTO t(a) VALUES (2)");
			if (udb_int(db, "SELECT count(DISTINCT quote(b)) FROM t") != 1)
				fail_msg("%s: old and new rows read the default differently", defs);
			udb_close(db);
		}
}

/* Inside the caller's own transaction (the savepoint hook), with enforcement on: the engine
 * switches it off through the connection (PRAGMA foreign_keys cannot there), so a rebuilt
 * parent keeps its children's rows instead of cascading into them, and on afterwards. Also
 * a parent that loses the UNIQUE key its empty child named (found by the campaign). */
static void test_sync__caller_txn_rebuilds_referenced_parent(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		if (k_strategies[s] == SS_STRATEGY_SCRATCH_DB)
			continue; /* ATTACH cannot run inside the caller's transaction */
		hook_counts n = {0, 0, 0};
		ss_txn_hook hook = {count_begin, count_commit, count_rollback, &n};
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		o.txn = &hook;
		ss_error err = {0, ""};
		sqlite3 *db = udb_open();
		udb_exec(db, "PRAGMA foreign_keys = ON;"
			     "CREATE TABLE p(id INTEGER PRIMARY KEY, k INT, n INT, UNIQUE (k, n));"
			     "INSERT INTO p VALUES (1, 1, 1), (2, 2, 2);"
			     "CREATE TABLE c(pid INT REFERENCES p(id) ON DELETE CASCADE);"
			     "INSERT INTO c VALUES (1), (2);"
			     "CREATE TABLE e(k INT, n INT, FOREIGN KEY (k, n) REFERENCES p(k, n));"
			     "BEGIN");
		int rc = ss_sync(NULL, db,
				 "CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT, n INT);"
				 "CREATE TABLE c(pid INT REFERENCES p(id) ON DELETE CASCADE);"
				 "CREATE TABLE e(k INT, n INT)",
				 &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_false(sqlite3_get_autocommit(db)); /* still the caller's transaction */
		assert_int_equal(udb_int(db, "PRAGMA foreign_keys"), 1);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM c"), 2);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		udb_exec(db, "COMMIT");
		assert_int_equal(udb_int(db, "SELECT count(*) FROM c"), 2);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_info('p') "
					     "WHERE name = 'k' AND type = 'TEXT'"),
				 1);
		assert_int_equal(
			udb_plan_count(db,
				       "CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT, n INT);"
				       "CREATE TABLE c(pid INT REFERENCES p(id) ON DELETE "
				       "CASCADE); CREATE TABLE e(k INT, n INT)",
				       &o),
			0);
		udb_close(db);
	}
}

/* A trigger naming a missing table (SQLite accepts it) makes SQLite refuse ALTER TABLE
 * RENAME and DROP COLUMN: the sync plans again without them and succeeds, rows kept. */
static void test_sync__uncompilable_trigger_no_alter(void **state)
{
	(void)state;
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		o.rename_min_rows =
			1; /* the big-table path: rebuilt tables take their name by RENAME */
		ss_error err = {0, ""};
		sqlite3 *db = udb_open();
		const char *trigger =
			"CREATE TABLE src(id INTEGER PRIMARY KEY, title TEXT);"
			"CREATE TRIGGER src_ai AFTER INSERT ON src BEGIN "
			"INSERT INTO gone(rowid, title) VALUES (new.id, new.title); END;";
		char base[600], defs[600];
		snprintf(base, sizeof(base),
			 "%sCREATE TABLE t(a INT, b INT, c INT); INSERT INTO t VALUES (1, 2, 3);"
			 "CREATE TABLE r(a INT, b INT); INSERT INTO r VALUES (4, 5);",
			 trigger);
		/* t loses a column (DROP COLUMN in place), r gains a CHECK (a rebuild) */
		snprintf(
			defs, sizeof(defs),
			"%sCREATE TABLE t(a INT, b INT); CREATE TABLE r(a INT CHECK (a > 0), b INT)",
			trigger);
		udb_exec(db, base);
		int rc = ss_sync(NULL, db, defs, &o, &err);
		if (rc != 0)
			fail_msg("%s: %s", ss_strategy_name(k_strategies[s]), err.message);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM pragma_table_xinfo('t')"), 2);
		assert_int_equal(udb_int(db, "SELECT b FROM t"), 2);
		assert_int_equal(udb_int(db, "SELECT b FROM r WHERE a = 4"), 5);
		assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
					     "'src_ai'"),
				 1);
		assert_int_equal(udb_prefixed(db, PFX), 0);
		assert_int_equal(udb_plan_count(db, defs, &o), 0);
		udb_close(db);
	}
}

static void test_sync__fault_injection(void **state)
{
	(void)state;
	long silent = 0;   /* runs hitting ENGINE BUG sync-1 */
	long attached = 0; /* runs hitting ENGINE BUG sync-2 */
	char *want = udb_dump_sql(k_fault_defs);
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		long n, absorbed = 0;
		int succeeded = 0;
		for (n = 1; n < 100000 && !succeeded; n++) {
			sqlite3 *db = udb_open();
			udb_exec(db, k_fault_base);
			char *before = udb_snapshot(db);
			fault_alloc f = {0, n, 0, 0};
			ss_allocator a = {fa_malloc, fa_realloc, fa_free, &f};
			ss_options o = SS_OPTIONS_INIT;
			o.strategy = k_strategies[s];
			ss_error err = {0, ""};
			ss_plan *p = NULL;
			ss_set_allocator(&a);
			int rc = ss_sync(&p, db, k_fault_defs, &o, &err);
			ss_plan_free(p);
			ss_set_allocator(NULL);
			if (f.live != 0)
				fail_msg("%s, failing allocation %ld: %ld block(s) leaked (rc %d)",
					 ss_strategy_name(k_strategies[s]), n, f.live, rc);
			if (rc == 0) {
				/* A failed allocation on an optional path (a fast path with a full
				 * fallback) may be absorbed, but then the result must be right. */
				char *got = udb_dump(db);
				if (strcmp(got, want) != 0 || udb_prefixed(db, PFX) != 0 ||
				    udb_attached(db) != 0)
					fail_msg(
						"%s, failing allocation %ld: success, but the result "
						"is wrong:\n%s",
						ss_strategy_name(k_strategies[s]), n, got);
				ss_free(got);
				absorbed += f.failed;
				succeeded = !f.failed;
			} else {
				if (!f.failed)
					fail_msg("%s, failing allocation %ld: error %d without an "
						 "injected failure: %s",
						 ss_strategy_name(k_strategies[s]), n, rc,
						 err.message);
				char *after = udb_snapshot(db);
				if (SKIP_ENGINE_BUG_DETACH_NOMEM && udb_attached(db) != 0 &&
				    strstr(err.message, "detaching the scratch database") != NULL) {
					if (attached++ == 0)
						print_error(
							"ENGINE BUG sync-2: %s, failing allocation "
							"%ld: scratch database left attached: %s\n",
							ss_strategy_name(k_strategies[s]), n,
							err.message);
					char *q = sqlite3_mprintf(
						"SELECT name FROM pragma_database_list WHERE name NOT IN "
						"('main', 'temp')");
					char *name = NULL;
					sqlite3_stmt *st = NULL;
					if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK &&
					    sqlite3_step(st) == SQLITE_ROW)
						name = sqlite3_mprintf("DETACH \"%w\"",
								       sqlite3_column_text(st, 0));
					sqlite3_finalize(st);
					sqlite3_free(q);
					assert_non_null(name);
					udb_exec(db, name);
					sqlite3_free(name);
				}
				if (strcmp(before, after) != 0 || udb_prefixed(db, PFX) != 0 ||
				    udb_attached(db) != 0 || !sqlite3_get_autocommit(db) ||
				    udb_int(db, "PRAGMA foreign_keys") != 1)
					fail_msg("%s, failing allocation %ld: rc %d (%s) left the "
						 "database changed:\nbefore:\n%safter:\n%s",
						 ss_strategy_name(k_strategies[s]), n, rc,
						 err.message, before, after);
				if (SKIP_ENGINE_BUG_NOMEM_WITHOUT_MESSAGE && rc == SS_E_NOMEM &&
				    err.code == 0 && err.message[0] == 0) {
					if (silent++ == 0)
						print_error(
							"ENGINE BUG sync-1: %s, failing allocation "
							"%ld: SS_E_NOMEM with an empty error\n",
							ss_strategy_name(k_strategies[s]), n);
				} else if (err.code != rc || err.message[0] == 0)
					fail_msg(
						"%s, failing allocation %ld: rc %d, but err has code "
						"%d and message <%s>",
						ss_strategy_name(k_strategies[s]), n, rc, err.code,
						err.message);
				free(after);
			}
			free(before);
			udb_close(db);
		}
		assert_true(succeeded);
		print_message("fault injection (%s): %ld allocations, %ld failures absorbed\n",
			      ss_strategy_name(k_strategies[s]), n - 2, absorbed);
	}
	ss_free(want);
	if (silent > 0)
		print_error("ENGINE BUG sync-1: %ld run(s) returned SS_E_NOMEM without a message\n",
			    silent);
	if (attached > 0)
		print_error("ENGINE BUG sync-2: %ld run(s) left the scratch database attached\n",
			    attached);
	if (silent > 0 || attached > 0)
		skip();
}

/*
 * Found by `schemasync check --faults oom` (corpus/rows.sql, prefix strategy): when the
 * allocation that grows a rebuild's column list failed, the list came back short and the
 * copy "INSERT INTO new (rowid) SELECT rowid FROM old" was emitted and applied: the sync
 * succeeded with every value of the kept columns gone. A sync that completes after a failed
 * allocation must still carry every row (the snapshot of the fault-free sync, rows included).
 */
static void test_sync__fault_injection_keeps_rows(void **state)
{
	(void)state;
	static const char *const base =
		"CREATE TABLE a(x real, y TEXT); INSERT INTO a VALUES (1.0, 'p'), (1.5, 'q'), "
		"(NULL, 'r');";
	/* main-qualified: an allocation failure while reading the qualifier was refused as
	 * "only the main schema can be synced" (invalid definitions) */
	static const char *const defs =
		"CREATE TABLE main.a(x integer, y TEXT NOT NULL DEFAULT '');";
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		sqlite3 *db = udb_open();
		udb_exec(db, base);
		char *before = udb_snapshot(db);
		assert_int_equal(ss_sync(NULL, db, defs, &o, NULL), 0);
		char *want = udb_snapshot(db);
		udb_close(db);
		int done = 0;
		for (long n = 1; n < 100000 && !done; n++) {
			db = udb_open();
			udb_exec(db, base);
			fault_alloc f = {0, n, 0, 0};
			ss_allocator a = {fa_malloc, fa_realloc, fa_free, &f};
			ss_set_allocator(&a);
			int rc = ss_sync(NULL, db, defs, &o, NULL);
			ss_set_allocator(NULL);
			char *got = udb_snapshot(db);
			if (rc != 0 && rc != SS_E_NOMEM && rc != SS_E_SQLITE)
				fail_msg(
					"%s, failing engine allocation %ld: error %s, expected nomem",
					ss_strategy_name(k_strategies[s]), n, ss_error_name(rc));
			if (strcmp(got, rc == 0 ? want : before) != 0)
				fail_msg("%s, failing engine allocation %ld: %s, but the database "
					 "is\n%s",
					 ss_strategy_name(k_strategies[s]), n,
					 rc == 0 ? "success" : "failure", got);
			done = !f.failed;
			free(got);
			udb_close(db);
		}
		assert_true(done);
		free(before);
		free(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync__convergence_all_classes),
		cmocka_unit_test(test_sync__parent_rebuild_keeps_children),
		cmocka_unit_test(test_sync__inside_open_transaction_refuses_parent_rebuild),
		cmocka_unit_test(test_sync__autoincrement_never_decreases),
		cmocka_unit_test(test_sync__failures_change_nothing),
		cmocka_unit_test(test_sync__size_thresholds_lowered),
		cmocka_unit_test(test_sync__wide_schema_copies_instead_of_alter),
		cmocka_unit_test(test_sync__kept_broken_view_falls_back),
		cmocka_unit_test(test_sync__excluded_tables_untouched),
		cmocka_unit_test(test_sync__lookalike_user_tables_survive),
		cmocka_unit_test(test_sync__empty_leftovers_removed),
		cmocka_unit_test(test_sync__prefixed_table_with_rows_refused),
		cmocka_unit_test(test_sync__durable_object_auto_picks_prefix),
		cmocka_unit_test(test_sync__durable_object_scratch_db_fails_cleanly),
		cmocka_unit_test(test_sync__caller_txn_hook_used),
		cmocka_unit_test(test_sync__added_column_default_reads_the_same),
		cmocka_unit_test(test_sync__caller_txn_rebuilds_referenced_parent),
		cmocka_unit_test(test_sync__uncompilable_trigger_no_alter),
		cmocka_unit_test(test_sync__fault_injection),
		cmocka_unit_test(test_sync__fault_injection_keeps_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
