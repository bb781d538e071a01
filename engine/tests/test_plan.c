/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the planner (engine/src/plan*.c), through ss_plan_create (dry run on an
 * in-memory database, both strategies) and ss_plan_between (two inspected models and the
 * facts read for them; the planner itself is pure). For
 * each change class of SPEC §3 the plan holds the expected statement kinds, in order:
 * ADD / DROP COLUMN in place where SQLite allows it, otherwise the rebuild (new table under
 * the scratch name, copy, drop, rename of the new table only; never the old table renamed
 * aside; small tables are copied back under the final name instead), with the reason comment `rebuilding table "x": ...`; dependent views dropped and
 * recreated in dependency order; refusal when data would have to be invented; the
 * destructive guard; and byte-identical plans from both strategies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "plan.h"
#include "planner.h"
#include "unit_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define PFX SS_DEFAULT_SCRATCH_PREFIX

/*
 * ENGINE BUG (plan-1): the prefix strategy materializes an AUTOINCREMENT definition in main,
 * which creates sqlite_sequence there when the live database had none; cleanup cannot drop
 * it, so a dry run (or a failed sync) leaves an extra sqlite_sequence table behind. The fix
 * is to materialize inside a savepoint that is rolled back. While the bug is open,
 * plan_with() tolerates exactly that difference and test_plan__dry_run_leaves_no_sequence
 * is skipped through SKIP_ENGINE_BUG_PREFIX_SQLITE_SEQUENCE.
 */
#define SKIP_ENGINE_BUG_PREFIX_SQLITE_SEQUENCE                                                     \
	0 /* fixed in the engine during this session; kept as a guard */

/* Is after equal to before except for an added, empty sqlite_sequence table? */
static int only_sequence_added(const char *before, const char *after)
{
	static const char *const lines[] = {
		"  'table'|'sqlite_sequence'|'sqlite_sequence'|'CREATE TABLE "
		"sqlite_sequence(name,seq)'\n",
		"table sqlite_sequence:\n"};
	if (strstr(before, "sqlite_sequence") != NULL)
		return 0;
	size_t n = strlen(after) + 1;
	char *copy = malloc(n);
	assert_non_null(copy);
	memcpy(copy, after, n);
	for (size_t i = 0; i < 2; i++) {
		char *hit = strstr(copy, lines[i]);
		if (hit != NULL)
			memmove(hit, hit + strlen(lines[i]), strlen(hit + strlen(lines[i])) + 1);
	}
	int same = strcmp(before, copy) == 0;
	free(copy);
	return same;
}

/* Plan desired against a fresh database holding baseline (and rows); returns the ss_plan_create
 * code, the plan in *out (may be NULL) and the plan's SQL text in *sql (free with ss_free). */
static int plan_with(const char *baseline, const char *rows, const char *desired,
		     ss_strategy strategy, int allow_destructive, ss_plan **out, char **sql,
		     ss_error *err)
{
	sqlite3 *db = udb_open();
	udb_exec(db, baseline);
	if (rows != NULL)
		udb_exec(db, rows);
	char *before = udb_snapshot(db);
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = strategy;
	o.allow_destructive = allow_destructive;
	o.allow_empty = 1; /* an empty desired schema is a planner question here */
	ss_plan *p = NULL;
	int rc = ss_plan_create(&p, db, desired, &o, err);
	/* a dry run never changes the database */
	char *after = udb_snapshot(db);
	if (!(SKIP_ENGINE_BUG_PREFIX_SQLITE_SEQUENCE && only_sequence_added(before, after)))
		assert_string_equal(before, after);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	assert_int_equal(udb_attached(db), 0);
	free(before);
	free(after);
	udb_close(db);
	if (sql != NULL)
		*sql = p != NULL ? ss_plan_to_sql(p) : NULL;
	if (out != NULL)
		*out = p;
	else
		ss_plan_free(p);
	return rc;
}

/*
 * Each needle occurs in hay, in the given order; returns the index of the first one missing
 * (or n when all are found). A needle "@final:NAME" stands for the last statement of a
 * rebuild of NAME, in any of its three forms: the scratch-named new table renamed to NAME
 * (large tables), the scratch table dropped after its rows were copied into NAME created
 * under its final name (AUTOINCREMENT, wide tables), or the stash emptied after its rows
 * were copied back into NAME (small tables).
 */
static size_t find_in_order(const char *hay, const char *const *needles, size_t n)
{
	const char *pos = hay;
	char alt[3][256];
	static const char stash_emptied[] = "DELETE FROM \"" PFX "stash\";\n";
	for (size_t i = 0; i < n && needles[i] != NULL; i++) {
		const char *hit = NULL;
		size_t len = 0;
		if (strncmp(needles[i], "@final:", 7) == 0) {
			const char *t = needles[i] + 7;
			snprintf(alt[0], sizeof(alt[0]),
				 "ALTER TABLE \"" PFX "new_%s\" RENAME TO \"%s\";\n", t, t);
			snprintf(alt[1], sizeof(alt[1]), "DROP TABLE \"" PFX "new_%s\";\n", t);
			snprintf(alt[2], sizeof(alt[2]), "INSERT INTO \"%s\" (", t);
			int k = 0;
			while (k < 3 && (hit = strstr(pos, alt[k])) == NULL)
				k++;
			len = k < 3 ? strlen(alt[k]) : 0;
			if (k == 2) {
				hit = strstr(hit, stash_emptied);
				len = sizeof(stash_emptied) - 1;
			}
		} else if ((hit = strstr(pos, needles[i])) != NULL) {
			len = strlen(needles[i]);
		}
		if (hit == NULL)
			return i;
		pos = hit + len;
	}
	return n;
}

/* The only RENAME a plan may hold renames the scratch-named new table. */
static int renames_only_new_table(const ss_plan *p)
{
	for (size_t i = 0; i < ss_plan_count(p); i++) {
		const char *s = ss_plan_statement(p, i);
		if (strstr(s, "RENAME") != NULL &&
		    strncmp(s, "ALTER TABLE \"" PFX "new_", strlen("ALTER TABLE \"" PFX "new_")) !=
			    0)
			return 0;
	}
	return 1;
}

/* ---- change classes ------------------------------------------------------------------- */

typedef struct change_case {
	const char *name;
	const char *baseline;
	const char *desired;
	const char *want[8];     /* substrings of the plan SQL, in this order */
	const char *not_want[4]; /* substrings that must not occur */
} change_case;

#define REBUILD(t) "-- rebuilding table \"" t "\": "
/* the rows of t copied out into the plan's stash (the scratch-name recipe is for big tables) */
#define NEW(t) "INSERT INTO \"" PFX "stash\" "
#define FINAL(t) "@final:" t

static const change_case k_changes[] = {
	{"add column with constant default in place",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, b TEXT DEFAULT 'x')",
	 {"ALTER TABLE \"t\" ADD COLUMN b TEXT DEFAULT 'x';\n"},
	 {"rebuilding", "DROP"}},
	{"add nullable column in place",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, b)",
	 {"ALTER TABLE \"t\" ADD COLUMN b;\n"},
	 {"rebuilding"}},
	{"add NOT NULL column with default in place",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, b INT NOT NULL DEFAULT 0)",
	 {"ALTER TABLE \"t\" ADD COLUMN b INT NOT NULL DEFAULT 0;\n"},
	 {"rebuilding"}},
	{"add VIRTUAL generated column in place",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, g INT AS (a * 2))",
	 {"ALTER TABLE \"t\" ADD COLUMN g INT AS (a * 2)"},
	 {"rebuilding"}},
	{"add column with CHECK in place",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, b INT DEFAULT 1 CHECK (b > 0))",
	 {"ADD COLUMN b INT DEFAULT 1"},
	 {"rebuilding"}},
	{"add PRIMARY KEY column: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, id INTEGER PRIMARY KEY)",
	 {REBUILD("t") "column \"id\"", NEW("t"), "DROP TABLE \"t\";\n", FINAL("t")},
	 {"ADD COLUMN"}},
	{"add UNIQUE column: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, u TEXT UNIQUE)",
	 {REBUILD("t") "column \"u\"", NEW("t") "(r, c1) SELECT rowid, \"a\" FROM \"t\";\n",
	  "DROP TABLE \"t\";\n", "CREATE TABLE \"t\"(a INT, u TEXT UNIQUE);\n",
	  "INSERT INTO \"t\" (rowid, \"a\") SELECT r, c1 FROM \"" PFX "stash\";\n",
	  "DELETE FROM \"" PFX "stash\";\n", "DROP TABLE \"" PFX "stash\";\n"},
	 {"ADD COLUMN"}},
	{"add CURRENT_TIMESTAMP default: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, c TEXT DEFAULT CURRENT_TIMESTAMP)",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {"ADD COLUMN"}},
	{"add expression default: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, c INT DEFAULT (1 + 1))",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {"ADD COLUMN"}},
	{"add STORED generated column: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, s INT AS (a + 1) STORED)",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {"ADD COLUMN"}},
	{"add NOT NULL without default (no rows): rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, n INT NOT NULL)",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {"ADD COLUMN"}},
	{"add column before existing ones: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(z INT, a INT)",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {"ADD COLUMN"}},
	{"drop plain column in place",
	 "CREATE TABLE t(a INT, b TEXT)",
	 "CREATE TABLE t(a INT)",
	 {"ALTER TABLE \"t\" DROP COLUMN \"b\";\n"},
	 {"rebuilding", "DROP TABLE"}},
	{"drop indexed column: index dropped first, column in place",
	 "CREATE TABLE t(a INT, b TEXT); CREATE INDEX t_b ON t(b)",
	 "CREATE TABLE t(a INT)",
	 {"DROP INDEX \"t_b\";\n", "ALTER TABLE \"t\" DROP COLUMN \"b\";\n"},
	 {"rebuilding"}},
	{"drop column used in a table CHECK: rebuild",
	 "CREATE TABLE t(a INT, b INT, CHECK (b > 0))",
	 "CREATE TABLE t(a INT)",
	 {REBUILD("t"), NEW("t"), "DROP TABLE \"t\"", FINAL("t")},
	 {"DROP COLUMN"}},
	{"drop column used in another column's CHECK: rebuild",
	 "CREATE TABLE t(a INT CHECK (a > b), b INT)",
	 "CREATE TABLE t(a INT CHECK (a > 0))",
	 {REBUILD("t"), FINAL("t")},
	 {"DROP COLUMN"}},
	{"drop UNIQUE column: rebuild",
	 "CREATE TABLE t(a INT, u INT UNIQUE)",
	 "CREATE TABLE t(a INT)",
	 {REBUILD("t"), FINAL("t")},
	 {"DROP COLUMN"}},
	{"drop primary key column: rebuild",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a INT)",
	 "CREATE TABLE t(a INT)",
	 {REBUILD("t"), FINAL("t")},
	 {"DROP COLUMN"}},
	{"column type change: rebuild",
	 "CREATE TABLE t(a INT, b TEXT)",
	 "CREATE TABLE t(a TEXT, b TEXT)",
	 {"CREATE TABLE \"" PFX "stash\" (r, c1, c2);\n",
	  REBUILD("t") "column \"a\" type changed from INT to TEXT\n",
	  NEW("t") "(r, c1, c2) SELECT rowid, \"a\", \"b\" FROM \"t\";\n", "DROP TABLE \"t\";\n",
	  FINAL("t")},
	 {NULL}},
	{"column CHECK change: rebuild",
	 "CREATE TABLE t(a INT CHECK (a > 0))",
	 "CREATE TABLE t(a INT CHECK (a > 1))",
	 {REBUILD("t"), FINAL("t")},
	 {NULL}},
	{"table CHECK added: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT, CHECK (a <> 5))",
	 {REBUILD("t"), FINAL("t")},
	 {NULL}},
	{"STRICT added: rebuild",
	 "CREATE TABLE t(a INT)",
	 "CREATE TABLE t(a INT) STRICT",
	 {REBUILD("t"), NEW("t"), FINAL("t")},
	 {NULL}},
	{"WITHOUT ROWID added: rebuild, no rowid copied",
	 "CREATE TABLE t(a INT PRIMARY KEY, b)",
	 "CREATE TABLE t(a INT PRIMARY KEY, b) WITHOUT ROWID",
	 {REBUILD("t"), NEW("t") "(c1, c2) SELECT \"a\", \"b\" FROM \"t\"", FINAL("t")},
	 {"rowid,"}},
	{"AUTOINCREMENT added: rebuild",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a)",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a)",
	 {REBUILD("t"), FINAL("t")},
	 {NULL}},
	{"AUTOINCREMENT kept: counter carried over",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a INT)",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT)",
	 {REBUILD("t"), "CREATE TABLE \"" PFX "new_t\"", "sqlite_sequence", "DROP TABLE \"t\"",
	  FINAL("t")},
	 {"stash"}},
	{"COLLATE change: rebuild",
	 "CREATE TABLE t(a TEXT)",
	 "CREATE TABLE t(a TEXT COLLATE NOCASE)",
	 {REBUILD("t"), FINAL("t")},
	 {NULL}},
	{"generated expression change: rebuild",
	 "CREATE TABLE t(a INT, g AS (a + 1))",
	 "CREATE TABLE t(a INT, g AS (a + 2))",
	 {REBUILD("t"), FINAL("t")},
	 {NULL}},
	{"foreign key change: rebuild",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p(id))",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p(id) ON DELETE CASCADE)",
	 {REBUILD("c"), FINAL("c")},
	 {"\"p\";\n"}},
	{"table name case change: rebuild to the new spelling",
	 "CREATE TABLE Users(a)",
	 "CREATE TABLE users(a)",
	 {REBUILD("users"), NEW("users"), "DROP TABLE \"Users\";\n", FINAL("users")},
	 {NULL}},
	{"new table",
	 "CREATE TABLE a(x)",
	 "CREATE TABLE a(x); CREATE TABLE b(y)",
	 {"CREATE TABLE \"b\"(y);\n"},
	 {"DROP"}},
	{"new tables in foreign-key order",
	 "CREATE TABLE z(x)",
	 "CREATE TABLE z(x); CREATE TABLE a(p REFERENCES b(id)); CREATE TABLE b(id INTEGER PRIMARY "
	 "KEY)",
	 {"CREATE TABLE \"b\"", "CREATE TABLE \"a\""},
	 {NULL}},
	{"dropped table",
	 "CREATE TABLE a(x); CREATE TABLE b(y)",
	 "CREATE TABLE a(x)",
	 {"DROP TABLE \"b\";\n"},
	 {"CREATE"}},
	{"index added",
	 "CREATE TABLE t(a)",
	 "CREATE TABLE t(a); CREATE INDEX i ON t(a)",
	 {"CREATE INDEX \"i\" ON \"t\"(a);\n"},
	 {"DROP"}},
	{"index changed",
	 "CREATE TABLE t(a, b); CREATE INDEX i ON t(a)",
	 "CREATE TABLE t(a, b); CREATE INDEX i ON t(a DESC)",
	 {"DROP INDEX \"i\";\n", "CREATE INDEX \"i\" ON \"t\"(a DESC);\n"},
	 {"rebuilding"}},
	{"index made unique and partial",
	 "CREATE TABLE t(a, b); CREATE INDEX i ON t(a)",
	 "CREATE TABLE t(a, b); CREATE UNIQUE INDEX i ON t(a) WHERE b IS NOT NULL",
	 {"DROP INDEX \"i\"", "CREATE UNIQUE INDEX \"i\""},
	 {NULL}},
	{"index dropped",
	 "CREATE TABLE t(a); CREATE INDEX i ON t(a)",
	 "CREATE TABLE t(a)",
	 {"DROP INDEX \"i\";\n"},
	 {"CREATE"}},
	{"indexes recreated after a rebuild",
	 "CREATE TABLE t(a INT, b); CREATE INDEX i ON t(b)",
	 "CREATE TABLE t(a TEXT, b); CREATE INDEX i ON t(b)",
	 {REBUILD("t"), FINAL("t"), "CREATE INDEX \"i\" ON \"t\"(b);\n"},
	 {"DROP INDEX"}},
	{"view changed",
	 "CREATE TABLE t(a, b); CREATE VIEW v AS SELECT a FROM t",
	 "CREATE TABLE t(a, b); CREATE VIEW v AS SELECT b FROM t",
	 {"DROP VIEW \"v\";\n", "CREATE VIEW \"v\""},
	 {"rebuilding"}},
	{"view string literal changed",
	 "CREATE VIEW v AS SELECT 'a' AS x",
	 "CREATE VIEW v AS SELECT 'A' AS x",
	 {"DROP VIEW \"v\"", "CREATE VIEW \"v\""},
	 {NULL}},
	{"trigger changed",
	 "CREATE TABLE t(a); CREATE TABLE log(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT "
	 "INTO log VALUES (1); END",
	 "CREATE TABLE t(a); CREATE TABLE log(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT "
	 "INTO log VALUES (2); END",
	 {"DROP TRIGGER \"tr\";\n", "CREATE TRIGGER \"tr\""},
	 {NULL}},
	{"trigger UPDATE OF columns changed",
	 "CREATE TABLE t(a, b); CREATE TRIGGER tr AFTER UPDATE OF a ON t BEGIN SELECT 1; END",
	 "CREATE TABLE t(a, b); CREATE TRIGGER tr AFTER UPDATE OF b ON t BEGIN SELECT 1; END",
	 {"DROP TRIGGER \"tr\"", "CREATE TRIGGER \"tr\""},
	 {NULL}},
	/* a small table is dropped and created again, never renamed: what mentions it stays
	 * (test_sync__size_thresholds_lowered: a big one's dependents go before its RENAME) */
	{"views on a rebuilt table stay",
	 "CREATE TABLE t(a INT, b INT); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS "
	 "SELECT a FROM v1; CREATE VIEW other AS SELECT 1",
	 "CREATE TABLE t(a TEXT, b INT); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS "
	 "SELECT a FROM v1; CREATE VIEW other AS SELECT 1",
	 {REBUILD("t"), FINAL("t")},
	 {"\"other\"", "VIEW"}},
	{"changed view on a rebuilt table dropped and recreated, in dependency order",
	 "CREATE TABLE t(a INT, b INT); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS "
	 "SELECT a FROM v1",
	 "CREATE TABLE t(a TEXT, b INT); CREATE VIEW v1 AS SELECT a, b FROM t; CREATE VIEW v2 AS "
	 "SELECT a FROM v1",
	 {"DROP VIEW \"v2\";\n", "DROP VIEW \"v1\";\n", REBUILD("t"), FINAL("t"),
	  "CREATE VIEW \"v1\"", "CREATE VIEW \"v2\""},
	 {NULL}},
	{"view on a table losing a column dropped and recreated",
	 "CREATE TABLE t(a, b); CREATE VIEW v AS SELECT a FROM t",
	 "CREATE TABLE t(a); CREATE VIEW v AS SELECT a FROM t",
	 {"DROP VIEW \"v\";\n", "ALTER TABLE \"t\" DROP COLUMN \"b\";\n", "CREATE VIEW \"v\""},
	 {NULL}},
	{"trigger of another table writing to a rebuilt table stays",
	 "CREATE TABLE t(a INT); CREATE TABLE s(x); CREATE TRIGGER tr AFTER INSERT ON s BEGIN "
	 "INSERT INTO t VALUES (new.x); END",
	 "CREATE TABLE t(a TEXT); CREATE TABLE s(x); CREATE TRIGGER tr AFTER INSERT ON s BEGIN "
	 "INSERT INTO t VALUES (new.x); END",
	 {REBUILD("t"), FINAL("t")},
	 {"TRIGGER"}},
	{"referenced parent rebuilt: child untouched",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY, n INT); CREATE TABLE c(pid REFERENCES p(id) ON "
	 "DELETE CASCADE)",
	 "CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c(pid REFERENCES p(id) ON "
	 "DELETE CASCADE)",
	 {REBUILD("p"), "DROP TABLE \"p\";\n", FINAL("p")},
	 {"\"c\""}},
	{"names that are substrings of others",
	 "CREATE TABLE post(a); CREATE TABLE posts(a INT)",
	 "CREATE TABLE post(a); CREATE TABLE posts(a TEXT); CREATE INDEX pos ON posts(a)",
	 {REBUILD("posts"), FINAL("posts"), "CREATE INDEX \"pos\" ON \"posts\""},
	 {"\"post\";", "DROP TABLE \"post\""}},
	{"quoted names with spaces, quotes and non-ASCII",
	 "CREATE TABLE \"my t\"(\"a\"\"b\" INT, caf\xc3\xa9 INT)",
	 "CREATE TABLE \"my t\"(\"a\"\"b\" TEXT, caf\xc3\xa9 INT)",
	 {REBUILD("my t"), NEW("my t"), "\"a\"\"b\", \"caf\xc3\xa9\"", "DROP TABLE \"my t\"",
	  FINAL("my t")},
	 {NULL}},
	{"string literal containing ';' and the prefix",
	 "CREATE TABLE t(a TEXT DEFAULT 'x;y')",
	 "CREATE TABLE t(a TEXT DEFAULT '" PFX "x;y')",
	 {REBUILD("t"), "DEFAULT '" PFX "x;y'", FINAL("t")},
	 {NULL}},
};

static void test_plan__change_classes(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_changes); i++) {
		const change_case *c = &k_changes[i];
		char *sql[2] = {NULL, NULL};
		ss_plan *p = NULL;
		for (int s = 0; s < 2; s++) {
			ss_error err = {0, ""};
			ss_strategy st = s == 0 ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
			int rc = plan_with(c->baseline, NULL, c->desired, st, 1, s == 0 ? &p : NULL,
					   &sql[s], &err);
			if (rc != 0 || sql[s] == NULL) {
				print_error("change '%s' (%s): rc %d %s\n", c->name,
					    ss_strategy_name(st), rc, err.message);
				failures++;
			}
		}
		if (sql[0] == NULL || sql[1] == NULL) {
			ss_free(sql[0]);
			ss_free(sql[1]);
			ss_plan_free(p);
			continue;
		}
		size_t nw = 0;
		while (nw < N_ELEMS(c->want) && c->want[nw] != NULL)
			nw++;
		size_t miss = find_in_order(sql[0], c->want, nw);
		if (miss < nw) {
			print_error("change '%s': <%s> missing (or out of order) in plan:\n%s",
				    c->name, c->want[miss], sql[0]);
			failures++;
		}
		for (size_t k = 0; k < N_ELEMS(c->not_want) && c->not_want[k] != NULL; k++)
			if (strstr(sql[0], c->not_want[k]) != NULL) {
				print_error("change '%s': unexpected <%s> in plan:\n%s", c->name,
					    c->not_want[k], sql[0]);
				failures++;
			}
		if (strcmp(sql[0], sql[1]) != 0) {
			print_error("change '%s': strategies disagree:\n--- scratch-db\n%s--- "
				    "prefix\n%s",
				    c->name, sql[0], sql[1]);
			failures++;
		}
		if (!renames_only_new_table(p)) {
			print_error("change '%s': renames something else than the new table:\n%s",
				    c->name, sql[0]);
			failures++;
		}
		/* reasons: rebuilds carry `rebuilding table "x": ...` on their first statement */
		for (size_t k = 0; k < ss_plan_count(p); k++) {
			const char *r = ss_plan_reason(p, k);
			const char *st = ss_plan_statement(p, k);
			int first = strncmp(st, "CREATE TABLE \"" PFX "new_",
					    strlen("CREATE TABLE \"" PFX "new_")) == 0 ||
				    strncmp(st, "INSERT INTO \"" PFX "stash\"",
					    strlen("INSERT INTO \"" PFX "stash\"")) == 0;
			if (first && strncmp(r, "rebuilding table \"", 18) != 0) {
				print_error("change '%s': rebuild without reason (<%s>)\n", c->name,
					    r);
				failures++;
			}
		}
		ss_free(sql[0]);
		ss_free(sql[1]);
		ss_plan_free(p);
	}
	assert_int_equal(failures, 0);
}

/* ---- equal schemas --------------------------------------------------------------------- */

typedef struct equal_case {
	const char *name;
	const char *baseline;
	const char *desired;
} equal_case;

static const equal_case k_equal[] = {
	{"identical", "CREATE TABLE t(a INT, b TEXT)", "CREATE TABLE t(a INT, b TEXT)"},
	{"formatting, keyword case, comments, quoting",
	 "CREATE TABLE t(a INT NOT NULL DEFAULT 0, b TEXT); CREATE INDEX i ON t(b); CREATE VIEW v "
	 "AS SELECT a FROM t WHERE a > 1; CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
	 "create table \"t\" ( -- cols\n [a] INT not null default 0, `b` TEXT /* text */ );\n"
	 "create index if not exists \"i\" on t ( b );\ncreate view v as select a from t where "
	 "a>1;\ncreate trigger tr after insert on t begin select 1; end;"},
	{"declared type case", "CREATE TABLE t(a INTEGER, b VARCHAR(10))",
	 "CREATE TABLE t(a integer, b varchar(10))"},
	{"empty", "", ""},
	{"excluded tables differ",
	 "CREATE TABLE t(a); CREATE TABLE sqlfu_migrations(id, name); CREATE TABLE "
	 "d1_migrations(x)",
	 "CREATE TABLE t(a)"},
	{"substring names",
	 "CREATE TABLE post(a); CREATE TABLE posts(a); CREATE INDEX pos ON posts(a)",
	 "CREATE TABLE posts(a); CREATE INDEX pos ON posts(a); CREATE TABLE post(a)"},
	{"quoted names with spaces and quotes",
	 "CREATE TABLE \"a b\"(\"c\"\"d\" TEXT DEFAULT 'x;y'); CREATE INDEX \"i x\" ON \"a b\"(\"c\"\"d\")",
	 "CREATE TABLE [a b]([c\"d] TEXT DEFAULT 'x;y'); CREATE INDEX [i x] ON [a b]([c\"d])"},
	{"string literal with the prefix text", "CREATE TABLE t(a TEXT DEFAULT '" PFX "t')",
	 "CREATE TABLE t(a TEXT DEFAULT '" PFX "t')"},
	{"user table like the prefix pattern", "CREATE TABLE xxsqlfuxsyncxkeep(a)",
	 "CREATE TABLE xxsqlfuxsyncxkeep(a)"},
};

static void test_plan__equal_schemas_plan_nothing(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_equal); i++) {
		for (int s = 0; s < 2; s++) {
			ss_error err = {0, ""};
			ss_plan *p = NULL;
			char *sql = NULL;
			ss_strategy st = s == 0 ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
			int rc = plan_with(k_equal[i].baseline, NULL, k_equal[i].desired, st, 0, &p,
					   &sql, &err);
			if (rc != 0 || ss_plan_count(p) != 0 || sql == NULL || sql[0] != 0) {
				print_error("equal '%s' (%s): rc %d %s, plan:\n%s", k_equal[i].name,
					    ss_strategy_name(st), rc, err.message, sql ? sql : "");
				failures++;
			}
			if (p != NULL && ss_plan_strategy(p) != st) {
				print_error("equal '%s': plan strategy %d, want %d\n",
					    k_equal[i].name, (int)ss_plan_strategy(p), (int)st);
				failures++;
			}
			ss_free(sql);
			ss_plan_free(p);
		}
	}
	assert_int_equal(failures, 0);
}

/* ---- ss_plan_between agrees with ss_plan_create ---------------------------------------- */

static void test_plan__between_matches_plan_create(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_changes); i++) {
		const change_case *c = &k_changes[i];
		sqlite3 *live = udb_open(), *want = udb_open();
		udb_exec(live, c->baseline);
		udb_exec(want, c->desired);
		ss_schema *L = NULL, *D = NULL;
		ss_error err = {0, ""};
		assert_int_equal(ss_schema_inspect(&L, live, "main", &err), 0);
		assert_int_equal(ss_schema_inspect(&D, want, "main", &err), 0);
		ss_plan *p = NULL;
		ss_plan_facts *facts = NULL;
		assert_int_equal(ss_plan_facts_read(&facts, live, L, D, &err), 0);
		int rc = ss_plan_between(&p, L, D, facts, NULL, &err);
		ss_plan_facts_free(facts);
		char *between = p ? ss_plan_to_sql(p) : NULL;
		char *created = NULL;
		int rc2 = plan_with(c->baseline, NULL, c->desired, SS_STRATEGY_SCRATCH_DB, 1, NULL,
				    &created, &err);
		if (rc != 0 || rc2 != 0 || between == NULL || created == NULL ||
		    strcmp(between, created) != 0) {
			print_error("between '%s': rc %d/%d\n--- between\n%s--- plan_create\n%s",
				    c->name, rc, rc2, between ? between : "",
				    created ? created : "");
			failures++;
		}
		/* planning between a model and itself: nothing */
		ss_plan *same = NULL;
		assert_int_equal(ss_plan_between(&same, D, D, NULL, NULL, &err), 0);
		assert_int_equal(ss_plan_count(same), 0);
		ss_plan_free(same);
		ss_free(between);
		ss_free(created);
		ss_plan_free(p);
		ss_schema_free(L);
		ss_schema_free(D);
		udb_close(live);
		udb_close(want);
	}
	assert_int_equal(failures, 0);
}

/* ---- the planner is pure: it plans from the facts it is given ----------------------------- */

/* Inspect baseline (with rows) and desired into models; the live connection stays open. */
static void models_of(const char *baseline, const char *rows, const char *desired, sqlite3 **live,
		      ss_schema **L, ss_schema **D)
{
	sqlite3 *want = udb_open();
	ss_error err = {0, ""};
	*live = udb_open();
	udb_exec(*live, baseline);
	if (rows != NULL)
		udb_exec(*live, rows);
	udb_exec(want, desired);
	assert_int_equal(ss_schema_inspect(L, *live, "main", &err), 0);
	assert_int_equal(ss_schema_inspect(D, want, "main", &err), 0);
	udb_close(want);
}

static void test_plan__between_plans_from_facts(void **state)
{
	(void)state;
	sqlite3 *live;
	ss_schema *L, *D;
	ss_error err = {0, ""};
	ss_plan *p = NULL;
	ss_plan_facts *facts = NULL;
	models_of("CREATE TABLE t(a); CREATE TABLE u(x)", "INSERT INTO t VALUES (1)",
		  "CREATE TABLE t(a, n INT NOT NULL); CREATE TABLE u(x)", &live, &L, &D);
	/* without facts no table holds rows: the new NOT NULL column is planned */
	assert_int_equal(ss_plan_between(&p, L, D, NULL, NULL, &err), 0);
	assert_true(ss_plan_count(p) > 0);
	ss_plan_free(p);
	/* with the facts of the connection, t holds rows: refused, and nothing was read
	 * while planning (the connection is closed before) */
	assert_int_equal(ss_plan_facts_read(&facts, live, L, D, &err), 0);
	udb_close(live);
	assert_int_equal(ss_plan_between(&p, L, D, facts, NULL, &err), SS_E_REFUSED);
	assert_null(p);
	assert_non_null(strstr(err.message, "\"n\""));
	/* facts read for another live model are refused, not misread */
	ss_schema *other = NULL;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE only_one(x)");
	assert_int_equal(ss_schema_inspect(&other, db, "main", &err), 0);
	assert_int_equal(ss_plan_between(&p, other, D, facts, NULL, &err), SS_E_MISUSE);
	assert_int_equal(ss_plan_facts_read(NULL, db, other, D, &err), SS_E_MISUSE);
	udb_close(db);
	ss_schema_free(other);
	ss_plan_facts_free(facts);
	ss_plan_facts_free(NULL);
	ss_schema_free(L);
	ss_schema_free(D);
}

/* What the planner asks about: tables that differ (rows and columns), tables that
 * reference one that differs or goes (any row); nothing about unchanged tables. */
static void test_plan__fact_needs(void **state)
{
	(void)state;
	sqlite3 *live;
	ss_schema *L, *D;
	ss_error err = {0, ""};
	unsigned char *need = NULL;
	size_t n = 0;
	models_of("CREATE TABLE a(x); CREATE TABLE b(y REFERENCES c(z)); CREATE TABLE c(z "
		  "PRIMARY KEY); CREATE TABLE d(w); CREATE TABLE e(v REFERENCES d(w))",
		  NULL,
		  "CREATE TABLE a(x); CREATE TABLE b(y REFERENCES c(z)); CREATE TABLE c(z "
		  "PRIMARY KEY, q); CREATE TABLE e(v REFERENCES d(w))",
		  &live, &L, &D);
	assert_int_equal(ss__plan_fact_needs(&need, &n, L, D, &err), 0);
	assert_int_equal(n, 5);                     /* a b c d e, in key order */
	assert_int_equal(need[0], SS_FACT_NONE);    /* a: unchanged */
	assert_int_equal(need[1], SS_FACT_ANY_ROW); /* b references c, which differs */
	assert_int_equal(need[2], SS_FACT_ROWS);    /* c differs */
	assert_int_equal(need[3], SS_FACT_NONE);    /* d is dropped: nothing to ask */
	assert_int_equal(need[4], SS_FACT_ANY_ROW); /* e references d, which goes */
	ss_free(need);
	/* a model against itself: nothing to ask */
	assert_int_equal(ss__plan_fact_needs(&need, &n, D, D, &err), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(need[i], SS_FACT_NONE);
	ss_free(need);
	udb_close(live);
	ss_schema_free(L);
	ss_schema_free(D);
}

/* ---- refusal ---------------------------------------------------------------------------- */

typedef struct refuse_case {
	const char *name;
	const char *baseline;
	const char *rows;
	const char *desired;
	int rc;
	const char *msg; /* substring of the message */
} refuse_case;

static const refuse_case k_refuse[] = {
	{"new NOT NULL column without default, rows", "CREATE TABLE t(a)",
	 "INSERT INTO t VALUES (1)", "CREATE TABLE t(a, n INT NOT NULL)", SS_E_REFUSED, "\"n\""},
	{"new NOT NULL DEFAULT NULL, rows", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a, n INT NOT NULL DEFAULT NULL)", SS_E_REFUSED, "\"n\""},
	{"new primary-key column, rows", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a, k TEXT PRIMARY KEY)", SS_E_REFUSED, "\"k\""},
	{"new composite key column, rows", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a, k INT, PRIMARY KEY (a, k))", SS_E_REFUSED, "\"k\""},
	{"new NOT NULL column without default, no rows", "CREATE TABLE t(a)", NULL,
	 "CREATE TABLE t(a, n INT NOT NULL)", 0, NULL},
	{"new primary-key column, no rows", "CREATE TABLE t(a)", NULL,
	 "CREATE TABLE t(a, k TEXT PRIMARY KEY)", 0, NULL},
	{"new NOT NULL column with default, rows", "CREATE TABLE t(a)", "INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(a, n INT NOT NULL DEFAULT 7)", 0, NULL},
	/* SPEC 3: a new primary-key column is refused on a table with rows, a rowid alias too
	 * (binding it to the old rowids would be a guess the user did not ask for) */
	{"new INTEGER PRIMARY KEY (rowid alias), rows", "CREATE TABLE t(a)",
	 "INSERT INTO t VALUES (1)", "CREATE TABLE t(id INTEGER PRIMARY KEY, a)", SS_E_REFUSED,
	 "\"id\""},
	{"new INTEGER PRIMARY KEY (rowid alias), no rows", "CREATE TABLE t(a)", "",
	 "CREATE TABLE t(id INTEGER PRIMARY KEY, a)", 0, NULL},
};

static void test_plan__refuses_to_invent_data(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_refuse); i++) {
		const refuse_case *c = &k_refuse[i];
		for (int s = 0; s < 2; s++) {
			ss_error err = {0, ""};
			ss_plan *p = NULL;
			ss_strategy st = s == 0 ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
			int rc = plan_with(c->baseline, c->rows, c->desired, st, 1, &p, NULL, &err);
			if (rc != c->rc || (c->rc != 0 && (err.code != c->rc ||
							   strstr(err.message, c->msg) == NULL ||
							   strstr(err.message, "\"t\"") == NULL))) {
				print_error("refuse '%s' (%s): rc %d, want %d, message <%s>\n",
					    c->name, ss_strategy_name(st), rc, c->rc, err.message);
				failures++;
			}
			ss_plan_free(p);
		}
	}
	assert_int_equal(failures, 0);
}

/* ---- destructive guard ------------------------------------------------------------------ */

typedef struct guard_case {
	const char *name;
	const char *baseline;
	const char *desired;
	const char *named; /* NULL: not destructive (the plan is allowed) */
} guard_case;

static const guard_case k_guard[] = {
	{"drop table", "CREATE TABLE a(x); CREATE TABLE old(y)", "CREATE TABLE a(x)",
	 "DROP TABLE \"old\""},
	{"drop column", "CREATE TABLE a(x, y)", "CREATE TABLE a(x)",
	 "ALTER TABLE \"a\" DROP COLUMN \"y\""},
	{"drop column by rebuild", "CREATE TABLE a(x, y UNIQUE)", "CREATE TABLE a(x)",
	 "DROP TABLE \"a\""},
	{"drop index", "CREATE TABLE a(x); CREATE INDEX ax ON a(x)", "CREATE TABLE a(x)",
	 "DROP INDEX \"ax\""},
	{"drop view", "CREATE VIEW v AS SELECT 1; CREATE TABLE keep(x)", "CREATE TABLE keep(x)",
	 "DROP VIEW \"v\""},
	{"drop trigger",
	 "CREATE TABLE a(x); CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END",
	 "CREATE TABLE a(x)", "DROP TRIGGER \"tr\""},
	{"rebuild keeping every column, dependents recreated unchanged",
	 "CREATE TABLE a(x INT); CREATE INDEX ax ON a(x); CREATE VIEW v AS SELECT x FROM a; "
	 "CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END",
	 "CREATE TABLE a(x TEXT); CREATE INDEX ax ON a(x); CREATE VIEW v AS SELECT x FROM a; "
	 "CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END",
	 NULL},
	{"add column and table", "CREATE TABLE a(x)", "CREATE TABLE a(x, y); CREATE TABLE b(z)",
	 NULL},
};

static void test_plan__destructive_guard(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_guard); i++) {
		const guard_case *c = &k_guard[i];
		for (int s = 0; s < 2; s++) {
			ss_strategy st = s == 0 ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
			ss_error err = {0, ""};
			ss_plan *p = NULL;
			int rc = plan_with(c->baseline, NULL, c->desired, st, 0, &p, NULL, &err);
			int want = c->named ? SS_E_DESTRUCTIVE : 0;
			int ok = rc == want;
			if (ok && c->named != NULL)
				ok = err.code == SS_E_DESTRUCTIVE &&
				     strstr(err.message, c->named) != NULL;
			/* the destructive flag marks exactly the named statement kinds */
			size_t flagged = 0;
			for (size_t k = 0; k < ss_plan_count(p); k++)
				flagged += ss_plan_is_destructive(p, k) != 0;
			if (ok)
				ok = c->named ? flagged > 0 : flagged == 0;
			if (!ok) {
				print_error("guard '%s' (%s): rc %d, want %d, %zu flagged, message "
					    "<%s>\n",
					    c->name, ss_strategy_name(st), rc, want, flagged,
					    err.message);
				failures++;
			}
			ss_plan_free(p);
		}
	}
	assert_int_equal(failures, 0);
}

static void test_plan__destructive_guard_applies_nothing(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE a(x); CREATE TABLE old(y); INSERT INTO old VALUES (1);"
		     "INSERT INTO a VALUES (2)");
	char *before = udb_snapshot(db);
	ss_options o = SS_OPTIONS_INIT;
	o.allow_destructive = 0;
	ss_error err = {0, ""};
	ss_plan *p = NULL;
	/* the new table b would be harmless, but the whole plan is refused */
	int rc = ss_sync(&p, db, "CREATE TABLE a(x); CREATE TABLE b(z)", &o, &err);
	assert_int_equal(rc, SS_E_DESTRUCTIVE);
	assert_non_null(strstr(err.message, "DROP TABLE \"old\""));
	/* the plan comes back so a caller can show it */
	assert_non_null(p);
	assert_true(ss_plan_count(p) >= 2);
	char *after = udb_snapshot(db);
	assert_string_equal(before, after);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	assert_int_equal(udb_attached(db), 0);
	free(before);
	free(after);
	ss_plan_free(p);
	udb_close(db);
}

/* ---- small API contracts ---------------------------------------------------------------- */

static void test_plan__to_sql_format_and_accessors(void **state)
{
	(void)state;
	ss_plan *p = NULL;
	char *sql = NULL;
	ss_error err = {0, ""};
	assert_int_equal(plan_with("CREATE TABLE t(a INT); CREATE TABLE u(x)", NULL,
				   "CREATE TABLE t(a TEXT); CREATE TABLE u(x, y)",
				   SS_STRATEGY_SCRATCH_DB, 1, &p, &sql, &err),
			 0);
	/* every statement is followed by ";\n"; each reason is "-- reason\n" before it */
	size_t expect_len = 0;
	for (size_t i = 0; i < ss_plan_count(p); i++) {
		const char *r = ss_plan_reason(p, i);
		assert_non_null(r);
		if (r[0])
			expect_len += strlen(r) + 4;
		expect_len += strlen(ss_plan_statement(p, i)) + 2;
		assert_null(strchr(r, '\n'));
	}
	assert_int_equal(strlen(sql), expect_len);
	assert_non_null(strstr(sql,
			       "-- rebuilding table \"t\": column \"a\" type changed from INT to "
			       "TEXT\nINSERT INTO \"" PFX "stash\""));
	assert_null(ss_plan_statement(p, ss_plan_count(p)));
	assert_null(ss_plan_reason(p, ss_plan_count(p)));
	assert_int_equal(ss_plan_is_destructive(p, ss_plan_count(p)), 0);
	assert_int_equal(ss_plan_strategy(p), SS_STRATEGY_SCRATCH_DB);
	ss_free(sql);
	ss_plan_free(p);
	/* NULL plans */
	assert_int_equal(ss_plan_count(NULL), 0);
	ss_plan_free(NULL);
	sql = ss_plan_to_sql(NULL);
	assert_non_null(sql);
	assert_string_equal(sql, "");
	ss_free(sql);
	/* misuse */
	assert_int_equal(ss_plan_between(NULL, NULL, NULL, NULL, NULL, &err), SS_E_MISUSE);
	sqlite3 *db = udb_open();
	assert_int_equal(ss_plan_create(NULL, db, "", NULL, &err), SS_E_MISUSE);
	ss_options bad = SS_OPTIONS_INIT;
	bad.version = 99;
	p = (ss_plan *)1;
	assert_int_equal(ss_plan_create(&p, db, "", &bad, &err), SS_E_MISUSE);
	assert_null(p);
	udb_close(db);
}

static void test_plan__dry_run_leaves_no_sequence(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, a)");
	char *before = udb_snapshot(db);
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = SS_STRATEGY_PREFIX;
	ss_plan *p = NULL;
	ss_error err = {0, ""};
	assert_int_equal(ss_plan_create(&p, db,
					"CREATE TABLE t(id INTEGER PRIMARY KEY "
					"AUTOINCREMENT, a)",
					&o, &err),
			 0);
	assert_true(ss_plan_count(p) > 0);
	ss_plan_free(p);
	char *after = udb_snapshot(db);
	int same = strcmp(before, after) == 0;
	free(before);
	free(after);
	udb_close(db);
	if (SKIP_ENGINE_BUG_PREFIX_SQLITE_SEQUENCE && !same)
		skip();
	assert_true(same);
}

/*
 * ENGINE BUG (sql-2, seen from the planner): a view whose column alias is a quoted keyword
 * changes only in spelling ("Key" -> "key"); the normalizer turns both into the bare
 * keyword `key`, so nothing is planned and the live view keeps the column name "Key".
 * Skipped through SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE while it fails.
 */
#define SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE 0

static void test_plan__view_alias_keyword_spelling(void **state)
{
	(void)state;
	ss_plan *p = NULL;
	ss_error err = {0, ""};
	assert_int_equal(plan_with("CREATE VIEW v AS SELECT 1 AS \"Key\"", NULL,
				   "CREATE VIEW v AS SELECT 1 AS \"key\"", SS_STRATEGY_SCRATCH_DB,
				   1, &p, NULL, &err),
			 0);
	size_t n = ss_plan_count(p);
	ss_plan_free(p);
	if (SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE && n == 0)
		skip();
	assert_int_equal(n, 2); /* DROP VIEW, CREATE VIEW */
}

/*
 * ENGINE BUG (plan-2): with an empty desired schema (definitions that define nothing, so
 * every live object is dropped), ss__schema_find() calls bsearch() with a NULL base
 * (schema.c, now schema_model.c; D->objs is NULL when D->n == 0): undefined behaviour that UBSan reports and
 * aborts on ("null pointer passed as argument 2"). It cannot be caught at run time, so under
 * sanitizer builds the test is skipped through SKIP_ENGINE_BUG_BSEARCH_EMPTY; plain builds
 * run it (glibc happens to cope).
 */
#define SKIP_ENGINE_BUG_BSEARCH_EMPTY 0
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define SS_TEST_SANITIZED 1
#else
#define SS_TEST_SANITIZED 0
#endif

static void test_plan__empty_desired_drops_everything(void **state)
{
	(void)state;
	if (SKIP_ENGINE_BUG_BSEARCH_EMPTY && SS_TEST_SANITIZED)
		skip();
	ss_plan *p = NULL;
	char *sql = NULL;
	ss_error err = {0, ""};
	assert_int_equal(plan_with("CREATE TABLE t(a); CREATE VIEW v AS SELECT a FROM t; CREATE "
				   "INDEX i ON t(a)",
				   NULL, "-- nothing\n", SS_STRATEGY_SCRATCH_DB, 1, &p, &sql, &err),
			 0);
	const char *const want[] = {"DROP VIEW \"v\";\n", "DROP TABLE \"t\";\n"};
	assert_int_equal(find_in_order(sql, want, 2), 2);
	assert_null(strstr(sql, "CREATE"));
	ss_free(sql);
	ss_plan_free(p);
}

/* Matching the columns of two tables looks near the caller's own position first; it must
 * still find every column from every starting point (ASCII case-insensitively), and nothing
 * that is not there. */
static void test_plan__find_col_near(void **state)
{
	(void)state;
	static const char *const names[] = {"a", "B", "c", "dd", "Ee"};
	static const char *const asked[] = {"A", "b", "C", "DD", "eE"};
	ss_column cols[5];
	memset(cols, 0, sizeof(cols));
	for (size_t i = 0; i < 5; i++)
		cols[i].name = (char *)names[i];
	ss_object t;
	memset(&t, 0, sizeof(t));
	t.cols = cols;
	t.ncols = 5;
	for (size_t near = 0; near <= 7; near++) {
		for (size_t i = 0; i < 5; i++) {
			size_t pos = 99;
			assert_ptr_equal(ss__find_col_near(&t, asked[i], near, &pos), &cols[i]);
			assert_int_equal(pos, i);
		}
		assert_null(ss__find_col_near(&t, "zz", near, NULL));
		assert_null(ss__find_col_near(&t, "", near, NULL));
	}
	t.ncols = 0;
	assert_null(ss__find_col_near(&t, "a", 0, NULL));
	assert_null(ss__find_col_near(&t, "a", 3, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__change_classes),
		cmocka_unit_test(test_plan__equal_schemas_plan_nothing),
		cmocka_unit_test(test_plan__between_matches_plan_create),
		cmocka_unit_test(test_plan__between_plans_from_facts),
		cmocka_unit_test(test_plan__fact_needs),
		cmocka_unit_test(test_plan__refuses_to_invent_data),
		cmocka_unit_test(test_plan__destructive_guard),
		cmocka_unit_test(test_plan__destructive_guard_applies_nothing),
		cmocka_unit_test(test_plan__to_sql_format_and_accessors),
		cmocka_unit_test(test_plan__dry_run_leaves_no_sequence),
		cmocka_unit_test(test_plan__view_alias_keyword_spelling),
		cmocka_unit_test(test_plan__empty_desired_drops_everything),
		cmocka_unit_test(test_plan__find_col_near),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
