/* SPDX-License-Identifier: MIT */
/*
 * Hostile definitions against the whole sync (ss_sync and ss_plan_create, both strategies):
 * every statement kind that is not a CREATE, definitions at and past SQLite's limits,
 * invalid UTF-8, deep nesting, triggers whose bodies write, load_extension() in every place
 * an expression can hide, reserved names. Each case must end in a clear error (the expected
 * code, the database logically unchanged, no scratch object, no attached schema, no open
 * transaction) or in a correct sync (a second plan is empty); never half-applied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "unit_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PFX SS_DEFAULT_SCRATCH_PREFIX

static const ss_strategy k_strategies[] = {SS_STRATEGY_SCRATCH_DB, SS_STRATEGY_PREFIX};

/* The live database every case starts from: rows, an index, a view, a trigger. */
static const char *const k_base = "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT);"
				  "INSERT INTO t VALUES (1, 'x'), (2, 'y');"
				  "CREATE TABLE log(msg TEXT);"
				  "CREATE INDEX t_a ON t(a);"
				  "CREATE VIEW v AS SELECT a FROM t;";
/* Definitions equal to k_base, to which a case appends its statement. */
static const char *const k_same = "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT);"
				  "CREATE TABLE log(msg TEXT);"
				  "CREATE INDEX t_a ON t(a);"
				  "CREATE VIEW v AS SELECT a FROM t;";

/*
 * Run defs against a fresh k_base database with one strategy, dry (ss_plan_create) or not.
 * want: 0 for success (then a second plan must be empty), else the error code expected;
 * on failure the database must be exactly as before.
 */
static void run_case(const char *name, const char *defs, int want, ss_strategy strategy, int dry,
		     const ss_options *base_opts)
{
	sqlite3 *db = udb_open();
	udb_exec(db, k_base);
	char *before = udb_snapshot(db);
	ss_options o = base_opts ? *base_opts : (ss_options)SS_OPTIONS_INIT;
	o.strategy = strategy;
	ss_error err = {0, ""};
	ss_plan *p = NULL;
	int rc = dry ? ss_plan_create(&p, db, defs, &o, &err) : ss_sync(&p, db, defs, &o, &err);
	ss_plan_free(p);
	const char *how = dry ? "dry run" : "sync";
	if (rc != want)
		fail_msg("%s (%s, %s): rc %d (%s) <%s>, want %d", name, ss_strategy_name(strategy),
			 how, rc, ss_error_name(rc), err.message, want);
	if (rc != 0 && (err.code != rc || err.message[0] == 0))
		fail_msg("%s (%s, %s): rc %d without a message", name, ss_strategy_name(strategy),
			 how, rc);
	char *after = udb_snapshot(db);
	if ((rc != 0 || dry) && strcmp(before, after) != 0)
		fail_msg("%s (%s, %s): rc %d changed the database:\nbefore:\n%safter:\n%s", name,
			 ss_strategy_name(strategy), how, rc, before, after);
	if (udb_prefixed(db, PFX) != 0 || udb_attached(db) != 0 || !sqlite3_get_autocommit(db))
		fail_msg("%s (%s, %s): scratch left behind or a transaction open", name,
			 ss_strategy_name(strategy), how);
	if (rc == 0 && !dry) {
		ss_plan *again = NULL;
		assert_int_equal(ss_plan_create(&again, db, defs, &o, &err), 0);
		if (ss_plan_count(again) != 0) {
			char *sql = ss_plan_to_sql(again);
			fail_msg("%s (%s): a second plan is not empty:\n%s", name,
				 ss_strategy_name(strategy), sql);
		}
		ss_plan_free(again);
		/* the rows of t came through */
		assert_int_equal(udb_int(db, "SELECT count(*) FROM t"), 2);
	}
	free(before);
	free(after);
	udb_close(db);
}

static void run_all(const char *name, const char *defs, int want, const ss_options *o)
{
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
		for (int dry = 0; dry < 2; dry++)
			run_case(name, defs, want, k_strategies[s], dry, o);
}

/* k_same followed by extra, in a buffer the caller frees. */
static char *with(const char *extra)
{
	size_t n = strlen(k_same) + strlen(extra) + 2;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s\n%s", k_same, extra);
	return s;
}

/* ---- every statement kind that is not a CREATE ------------------------------------------- */

static void test_hostile__non_create_statements(void **state)
{
	(void)state;
	static const char *const stmts[] = {
		"INSERT INTO t VALUES (3, 'z')",
		"REPLACE INTO t VALUES (1, 'z')",
		"UPDATE t SET a = 'z'",
		"DELETE FROM t",
		"DROP TABLE t",
		"DROP INDEX t_a",
		"DROP VIEW v",
		"DROP TRIGGER IF EXISTS tr",
		"ALTER TABLE t ADD COLUMN b",
		"ALTER TABLE t RENAME TO u",
		"ATTACH ':memory:' AS aux",
		"DETACH aux",
		"PRAGMA writable_schema = 1",
		"PRAGMA foreign_keys = OFF",
		"VACUUM",
		"VACUUM INTO '/tmp/ss-hostile-vacuum.db'",
		"REINDEX",
		"ANALYZE",
		"BEGIN",
		"COMMIT",
		"ROLLBACK",
		"SAVEPOINT s",
		"RELEASE s",
		"SELECT 1",
		"SELECT * FROM t",
		"VALUES (1)",
		"WITH c AS (SELECT 1) SELECT * FROM c",
		"WITH c AS (SELECT 1) INSERT INTO t(a) SELECT * FROM c",
		"EXPLAIN SELECT 1",
		"EXPLAIN QUERY PLAN SELECT 1",
		"CREATE TEMP TABLE tt(a)",
		"CREATE TEMPORARY VIEW tv AS SELECT 1",
		"CREATE TEMP TRIGGER ttr AFTER INSERT ON t BEGIN SELECT 1; END",
		"CREATE TABLE aux.x(a)",
		"CREATE TABLE x AS SELECT * FROM t",
		"CREATE VIRTUAL TABLE f USING fts4(a)",
	};
	for (size_t i = 0; i < N_ELEMS(stmts); i++) {
		char *defs = with(stmts[i]);
		int want = strstr(stmts[i], "VIRTUAL") ? SS_E_UNSUPPORTED : SS_E_INVALID;
		run_all(stmts[i], defs, want, NULL);
		/* and first, before valid CREATEs: nothing of those is built either */
		size_t n = strlen(stmts[i]) + 64;
		char *first = malloc(n);
		assert_non_null(first);
		snprintf(first, n, "%s; CREATE TABLE brand_new(x)", stmts[i]);
		run_all(stmts[i], first, want, NULL);
		free(first);
		free(defs);
	}
	FILE *f = fopen("/tmp/ss-hostile-vacuum.db", "rb");
	assert_null(f);
}

/* ---- limits ------------------------------------------------------------------------------- */

/* "CREATE TABLE name(c1, c2, ..., cN)" */
static char *wide_table(const char *name, int ncols)
{
	size_t cap = (size_t)ncols * 12 + 64, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len, "CREATE TABLE %s(", name);
	for (int i = 0; i < ncols; i++)
		len += (size_t)snprintf(s + len, cap - len, "%sc%d", i ? ", " : "", i);
	snprintf(s + len, cap - len, ")");
	return s;
}

/* "CREATE TABLE deep(a CHECK (((...(a)...) > 0)))", depth parentheses deep. */
static char *deep_check(int depth)
{
	size_t cap = (size_t)depth * 2 + 64, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len, "CREATE TABLE deep(a CHECK (");
	for (int i = 0; i < depth; i++)
		s[len++] = '(';
	s[len++] = 'a';
	for (int i = 0; i < depth; i++)
		s[len++] = ')';
	snprintf(s + len, cap - len, " > 0))");
	return s;
}

static void test_hostile__sqlite_limits(void **state)
{
	(void)state;
	/* SQLITE_MAX_COLUMN (2000): at the limit fine, past it SQLite's own refusal */
	char *at = wide_table("wide", 2000), *past = wide_table("wide", 2001);
	char *d1 = with(at), *d2 = with(past);
	run_all("2000 columns", d1, 0, NULL);
	run_all("2001 columns", d2, SS_E_INVALID, NULL);
	free(at);
	free(past);
	free(d1);
	free(d2);
	/* nesting: SQLite's parser stack refuses about a hundred levels of parentheses; far
	 * past it, nothing of ours may recurse into a stack overflow */
	static const int depths[] = {40, 1100, 200000};
	for (size_t i = 0; i < N_ELEMS(depths); i++) {
		char *c = deep_check(depths[i]), *d = with(c);
		run_all("deep CHECK", d, depths[i] < 50 ? 0 : SS_E_INVALID, NULL);
		free(c);
		free(d);
	}
	/* a 100 kB identifier and a 1 MB string literal default */
	size_t n = 100000;
	char *name = malloc(n + 1), *defs = malloc(3 * n + 2000000);
	assert_non_null(name);
	assert_non_null(defs);
	memset(name, 'n', n);
	name[n] = 0;
	snprintf(defs, 3 * n + 2000000, "%s\nCREATE TABLE %s(a); CREATE INDEX i ON %s(a);", k_same,
		 name, name);
	run_all("100 kB identifier", defs, 0, NULL);
	size_t len = (size_t)snprintf(defs, 3 * n, "%s\nCREATE TABLE big(a DEFAULT '", k_same);
	memset(defs + len, 'x', 1000000);
	snprintf(defs + len + 1000000, 64, "')");
	run_all("1 MB default", defs, 0, NULL);
	free(name);
	free(defs);
	/* under the durable-object profile's SQL length limit (100,000 bytes): a longer
	 * definition fails as SQLite's refusal, atomically */
	ss_options o = SS_OPTIONS_INIT;
	char *w = wide_table("w", 1999);
	char *dw = with(w);
	o.max_statements = 3; /* and the engine's own limit */
	run_all("over max_statements", dw, SS_E_INVALID, &o);
	free(w);
	free(dw);
}

/* ---- bytes ------------------------------------------------------------------------------ */

static void test_hostile__invalid_utf8_and_odd_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *stmt;
		int want;
	} cases[] = {
		{"invalid UTF-8 in a bare name", "CREATE TABLE \xff\xfe(a)", 0},
		{"invalid UTF-8 in a quoted name", "CREATE TABLE \"\xc3\x28x\"(a)", 0},
		{"invalid UTF-8 in a string", "CREATE TABLE s(a DEFAULT '\xed\xa0\x80')", 0},
		{"overlong encoding", "CREATE TABLE \"\xc0\xaf\"(a)", 0},
		{"a lone continuation byte in a view", "CREATE VIEW \x80v AS SELECT 1 AS \"\x80\"",
		 0},
		{"control characters in a name", "CREATE TABLE \"a\x01\x1f\x7f\"(b)", 0},
		{"a stray byte", "CREATE TABLE s(a) \x01", SS_E_INVALID},
		{"an unterminated quote", "CREATE TABLE \"s(a)", SS_E_INVALID},
		{"an unterminated comment", "CREATE TABLE s(a) /* never closed", SS_E_INVALID},
		{"a trigger without END", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;",
		 SS_E_INVALID},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *defs = with(cases[i].stmt);
		run_all(cases[i].name, defs, cases[i].want, NULL);
		free(defs);
	}
	/* the API takes a C string: a NUL ends the definitions (the CLI, which reads
	 * length-delimited input, refuses a NUL byte instead: cli_test.sh) */
	static const char with_nul[] = "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT);"
				       "CREATE TABLE log(msg TEXT); CREATE INDEX t_a ON t(a);"
				       "CREATE VIEW v AS SELECT a FROM t;\0DROP TABLE t";
	run_all("a NUL byte ends the text", with_nul, 0, NULL);
}

/* ---- triggers whose bodies write -------------------------------------------------------- */

static void test_hostile__writing_triggers_never_fire(void **state)
{
	(void)state;
	/* triggers on t that write elsewhere, and a change that rebuilds t (its rows are
	 * copied twice) and another that drops a column of it: nothing may fire */
	static const char *const defs[] = {
		"CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '');"
		"CREATE TABLE log(msg TEXT); CREATE INDEX t_a ON t(a);"
		"CREATE VIEW v AS SELECT a FROM t;"
		"CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins '"
		" || new.id); DELETE FROM t WHERE id <> new.id; END;"
		"CREATE TRIGGER t_del BEFORE DELETE ON t BEGIN INSERT INTO log VALUES ('del');"
		" END;"
		"CREATE TRIGGER t_upd AFTER UPDATE ON t BEGIN UPDATE log SET msg = 'upd'; END;",
		"CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INT DEFAULT 0);"
		"CREATE TABLE log(msg TEXT); CREATE INDEX t_a ON t(a);"
		"CREATE VIEW v AS SELECT a FROM t;"
		"CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN DELETE FROM t; END;"
		"CREATE TRIGGER log_ins AFTER INSERT ON log BEGIN DELETE FROM t; END;",
	};
	for (size_t i = 0; i < N_ELEMS(defs); i++)
		for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
			sqlite3 *db = udb_open();
			udb_exec(db, k_base);
			udb_exec(db, "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log "
				     "VALUES ('old ins'); END;");
			ss_options o = SS_OPTIONS_INIT;
			o.strategy = k_strategies[s];
			ss_error err = {0, ""};
			int rc = ss_sync(NULL, db, defs[i], &o, &err);
			if (rc != 0)
				fail_msg("writing triggers %zu (%s): %s", i,
					 ss_strategy_name(k_strategies[s]), err.message);
			assert_int_equal(udb_int(db, "SELECT count(*) FROM log"), 0);
			assert_int_equal(udb_int(db, "SELECT group_concat(id || a, ',') = '1x,2y' "
						     "FROM (SELECT * FROM t ORDER BY id)"),
					 1);
			assert_int_equal(udb_int(db, "SELECT count(*) FROM t"), 2);
			/* and they work afterwards */
			udb_exec(db, "INSERT INTO t(id, a) VALUES (3, 'z')");
			udb_close(db);
		}
}

/* ---- load_extension ----------------------------------------------------------------------- */

static void test_hostile__load_extension_never_runs(void **state)
{
	(void)state;
	static const char *const stmts[] = {
		"CREATE TABLE e(a DEFAULT (load_extension('/tmp/ss-evil')))",
		"CREATE TABLE e(a, b AS (load_extension('/tmp/ss-evil')))",
		"CREATE TABLE e(a CHECK (load_extension('/tmp/ss-evil') IS NULL))",
		"CREATE VIEW e AS SELECT load_extension('/tmp/ss-evil')",
		"CREATE VIEW e AS SELECT \"load_extension\"('/tmp/ss-evil')",
		"CREATE VIEW e AS SELECT [LOAD_EXTENSION] ('/tmp/ss-evil', 'init')",
		"CREATE INDEX e ON t(load_extension(a))",
		"CREATE TRIGGER e AFTER INSERT ON t BEGIN SELECT load_extension('/tmp/ss-evil'); "
		"END",
		/* a rebuild of t with rows: its new column's default would run on every row */
		NULL,
	};
	static const char *const rebuild =
		"CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b DEFAULT (load_extension("
		"'/tmp/ss-evil')) UNIQUE);"
		"CREATE TABLE log(msg TEXT); CREATE INDEX t_a ON t(a);"
		"CREATE VIEW v AS SELECT a FROM t;";
	for (int enabled = 0; enabled < 2; enabled++) {
		for (size_t i = 0; i < N_ELEMS(stmts); i++) {
			char *defs = stmts[i] ? with(stmts[i]) : NULL;
			for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
				for (int dry = 0; dry < 2; dry++) {
					sqlite3 *db = udb_open();
					/* even where the caller allowed extension loading */
					sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
							  enabled, (int *)NULL);
					udb_exec(db, k_base);
					char *before = udb_snapshot(db);
					ss_options o = SS_OPTIONS_INIT;
					o.strategy = k_strategies[s];
					ss_error err = {0, ""};
					ss_plan *p = NULL;
					const char *d = defs ? defs : rebuild;
					int rc = dry ? ss_plan_create(&p, db, d, &o, &err)
						     : ss_sync(&p, db, d, &o, &err);
					ss_plan_free(p);
					if (rc != SS_E_INVALID ||
					    strstr(err.message, "load_extension") == NULL)
						fail_msg("<%s>: rc %d <%s>, want SS_E_INVALID "
							 "naming load_extension",
							 d, rc, err.message);
					char *after = udb_snapshot(db);
					assert_string_equal(before, after);
					free(before);
					free(after);
					udb_close(db);
				}
			free(defs);
		}
	}
	/* the name alone is not a call: a column called load_extension is fine */
	char *ok = with("CREATE TABLE named(load_extension TEXT, b TEXT DEFAULT "
			"'load_extension(1)')");
	run_all("a column named load_extension", ok, 0, NULL);
	free(ok);
}

/* ---- reserved names ----------------------------------------------------------------------- */

static void test_hostile__reserved_names(void **state)
{
	(void)state;
	static const struct {
		const char *stmt;
		int want;
	} cases[] = {
		{"CREATE TABLE " PFX "x(a)", SS_E_INVALID},
		{"CREATE INDEX " PFX "i ON t(a)", SS_E_INVALID},
		{"CREATE VIEW \"" PFX "v\" AS SELECT 1", SS_E_INVALID},
		{"CREATE TRIGGER [" PFX "tr] AFTER INSERT ON t BEGIN SELECT 1; END", SS_E_INVALID},
		{"CREATE TABLE sqlite_x(a)", SS_E_INVALID},
		{"CREATE TABLE SQLITE_sequence(name, seq)", SS_E_INVALID},
		/* look-alikes are ordinary names */
		{"CREATE TABLE xxsqlfuxsyncxkeep(a)", 0},
		{"CREATE TABLE _cf_x(a)", 0},
		{"CREATE TABLE \"_CF_KV\"(key, value)", 0},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *defs = with(cases[i].stmt);
		run_all(cases[i].stmt, defs, cases[i].want, NULL);
		free(defs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile__non_create_statements),
		cmocka_unit_test(test_hostile__sqlite_limits),
		cmocka_unit_test(test_hostile__invalid_utf8_and_odd_bytes),
		cmocka_unit_test(test_hostile__writing_triggers_never_fire),
		cmocka_unit_test(test_hostile__load_extension_never_runs),
		cmocka_unit_test(test_hostile__reserved_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
