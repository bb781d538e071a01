/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of virtual tables (engine/src/schema_vtab.c, plan_vtab.c and their hooks in
 * inspection, validation, the planner and the prefix strategy's cleanup): FTS5 and R*Tree
 * definitions compare by module and normalized arguments; their shadow tables are skipped
 * through their owner while a user table with the same suffix stays an ordinary table;
 * every change class converges with rows, rowids and the answers to MATCH / range queries
 * kept, under both strategies (with byte-identical plans), foreign keys on and off, and the
 * durable-object profile; refused changes (contentless FTS5 without allow_destructive, a new
 * R*Tree coordinate on rows, an unsupported module) change nothing; the prefix strategy's
 * crash leftovers include prefixed virtual tables, which are dropped whole.
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

/* ---- comparison ------------------------------------------------------------------------- */

typedef struct norm_pair {
	const char *a, *b;
	int same;
} norm_pair;

static const norm_pair k_norm[] = {
	{"CREATE VIRTUAL TABLE d USING fts5(a, b)",
	 "create virtual table \"d\" using FTS5 ( [a] , `b` ) -- comment", 1},
	{"CREATE VIRTUAL TABLE d USING fts5(a, prefix='2 3', tokenize='porter ascii')",
	 "CREATE VIRTUAL TABLE d USING fts5(a, tokenize = \"porter   ascii\", prefix=3, prefix=2)",
	 1},
	{"CREATE VIRTUAL TABLE d USING fts5(a)",
	 "CREATE VIRTUAL TABLE d USING fts5(a, detail=full, columnsize=1)", 1},
	{"CREATE VIRTUAL TABLE d USING fts5(a, content='T', content_rowid='ID')",
	 "CREATE VIRTUAL TABLE d USING fts5(a, content_rowid=id, content=t)", 1},
	{"CREATE VIRTUAL TABLE d USING fts5(a, b)", "CREATE VIRTUAL TABLE d USING fts5(b, a)", 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a, b)",
	 "CREATE VIRTUAL TABLE d USING fts5(a, b UNINDEXED)", 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a, prefix=2)",
	 "CREATE VIRTUAL TABLE d USING fts5(a, prefix=3)", 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a, tokenize='porter')",
	 "CREATE VIRTUAL TABLE d USING fts5(a, tokenize='unicode61')", 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a)", "CREATE VIRTUAL TABLE d USING fts5(a, content='')",
	 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a)",
	 "CREATE VIRTUAL TABLE d USING fts5(a, columnsize=0)", 0},
	{"CREATE VIRTUAL TABLE d USING fts5(a)",
	 "CREATE VIRTUAL TABLE d USING fts5(a, detail=column)", 0},
	{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "CREATE VIRTUAL TABLE r USING RTREE ( id,x0 , x1 )", 1},
	{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, lo, hi)", 0},
	{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "CREATE VIRTUAL TABLE r USING rtree_i32(id, x0, x1)", 0},
	{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1)", 0},
	{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, +name TEXT)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, +name text)", 1},
};

static void test_vtab__comparison_normalized(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_norm); i++) {
		char *a = udb_dump_sql(k_norm[i].a), *b = udb_dump_sql(k_norm[i].b);
		if ((strcmp(a, b) == 0) != k_norm[i].same) {
			print_error("pair %zu should %s:\n%s\n%s\n", i,
				    k_norm[i].same ? "compare equal" : "differ", a, b);
			failures++;
		}
		ss_free(a);
		ss_free(b);
	}
	assert_int_equal(failures, 0);
}

/* ---- inspection ------------------------------------------------------------------------- */

static void test_vtab__shadow_tables_skipped_through_owner(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE VIRTUAL TABLE notes USING fts5(body);"
		     "CREATE VIRTUAL TABLE geo USING rtree(id, x0, x1);"
		     "CREATE VIRTUAL TABLE bare USING fts5(body, content='');"
		     /* no owner of that module: ordinary tables */
		     "CREATE TABLE bare_content(x); CREATE TABLE orphan_data(x);"
		     "CREATE TABLE geo_config(x); CREATE TABLE notes_datax(x);"
		     "INSERT INTO notes VALUES ('hello'); INSERT INTO geo VALUES (1, 0, 1)");
	ss_schema *s = NULL;
	ss_error err = {0, ""};
	assert_int_equal(ss_schema_inspect(&s, db, "main", &err), 0);
	char *d = ss_schema_dump(s);
	static const char *const present[] = {"\"notes\"",    "\"geo\"",         "\"bare\"",
					      "bare_content", "\"orphan_data\"", "\"geo_config\"",
					      "notes_datax"};
	static const char *const absent[] = {"notes_data",    "notes_idx\"",   "notes_config",
					     "notes_docsize", "notes_content", "geo_node",
					     "geo_parent",    "geo_rowid",     "bare_data"};
	for (size_t i = 0; i < N_ELEMS(present); i++)
		if (strstr(d, present[i]) == NULL)
			fail_msg("%s missing from the dump:\n%s", present[i], d);
	for (size_t i = 0; i < N_ELEMS(absent); i++) {
		const char *hit = strstr(d, absent[i]);
		/* "notes_datax" contains "notes_data" */
		if (hit != NULL && strncmp(hit, "notes_datax", 11) != 0)
			fail_msg("shadow table %s in the dump:\n%s", absent[i], d);
	}
	assert_int_equal(ss_schema_object_count(s), 7);
	ss_free(d);
	ss_schema_free(s);
	udb_close(db);
}

static void test_vtab__unsupported_module_named(void **state)
{
	(void)state;
	ss_error err = {0, ""};
	/* in the definitions: refused before anything runs */
	assert_int_equal(
		ss_definitions_validate("CREATE VIRTUAL TABLE f USING fts4(a)", NULL, &err),
		SS_E_UNSUPPORTED);
	assert_non_null(strstr(err.message, "\"fts4\""));
	assert_int_equal(ss_definitions_validate("CREATE VIRTUAL TABLE f USING fts5vocab(x, row)",
						 NULL, &err),
			 SS_E_UNSUPPORTED);
	assert_non_null(strstr(err.message, "fts5vocab"));
	assert_int_equal(ss_definitions_validate("CREATE VIRTUAL TABLE f USING", NULL, &err),
			 SS_E_INVALID);
	assert_int_equal(ss_definitions_validate("CREATE VIRTUAL TABLE f USING FTS5(a); "
						 "CREATE VIRTUAL TABLE g USING Rtree_I32(id, a, b)",
						 NULL, &err),
			 0);
	/* in the live database: the sync fails, naming the table and the module */
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE VIRTUAL TABLE old USING fts4(a); CREATE TABLE t(x)");
	char *before = udb_snapshot(db);
	for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
		ss_options o = SS_OPTIONS_INIT;
		o.strategy = k_strategies[s];
		int rc = ss_sync(NULL, db, "CREATE TABLE t(x, y)", &o, &err);
		assert_int_equal(rc, SS_E_UNSUPPORTED);
		assert_non_null(strstr(err.message, "\"old\""));
		assert_non_null(strstr(err.message, "fts4"));
		char *after = udb_snapshot(db);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	udb_close(db);
}

/* ---- change classes --------------------------------------------------------------------- */

typedef struct vt_case {
	const char *name;
	const char *baseline; /* schema and rows */
	const char *desired;
	/* a query whose answer must be the same before and after (MATCH, range, rows) */
	const char *same;
	/* a query that must return 1 after the sync */
	const char *check;
	int destructive; /* the plan needs allow_destructive */
} vt_case;

#define FTS_ROWS                                                                                   \
	"INSERT INTO d(rowid, title, body) VALUES (3, 'alpha beta', 'gamma delta'), "              \
	"(10, 'beta', 'epsilon alpha'), (42, 'zeta', NULL);"
#define RT_ROWS "INSERT INTO r VALUES (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);"
#define POSTS_TABLE "CREATE TABLE posts(id INTEGER PRIMARY KEY, title TEXT, body TEXT);"
#define POSTS_ROWS "INSERT INTO posts VALUES (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y');"
#define POSTS POSTS_TABLE POSTS_ROWS "INSERT INTO posts VALUES (8, 'gamma', NULL);"
#define POSTS_TRIGGERS                                                                             \
	"CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN INSERT INTO px(rowid, title) VALUES " \
	"(new.id, new.title); END;"                                                                \
	"CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN INSERT INTO px(px, rowid, title) "    \
	"VALUES ('delete', old.id, old.title); END;"

static const vt_case k_cases[] = {
	{"create fts5 and rtree", "CREATE TABLE t(x); INSERT INTO t VALUES (1)",
	 "CREATE TABLE t(x); CREATE VIRTUAL TABLE d USING fts5(title, body);"
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "SELECT x FROM t", "SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM r) = 0", 0},
	{"unchanged fts5 with a reformatted definition",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body, prefix='2 3');" FTS_ROWS,
	 "create virtual table d using FTS5 (title,body, prefix = 3, prefix = 2)",
	 "SELECT rowid, title, body FROM d WHERE d MATCH 'alpha' ORDER BY rowid", "SELECT 1", 0},
	{"fts5 gains a column (rows and rowids copied)",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS,
	 "CREATE VIRTUAL TABLE d USING fts5(title, body, tag)",
	 "SELECT rowid, title, body FROM d WHERE d MATCH 'alpha OR zeta' ORDER BY rowid",
	 "SELECT count(*) = 3 AND sum(tag IS NULL) = 3 FROM d", 0},
	{"fts5 options change (UNINDEXED, prefix, tokenize, detail)",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS,
	 "CREATE VIRTUAL TABLE d USING fts5(title, body UNINDEXED, prefix='2', "
	 "tokenize='porter unicode61', detail=column)",
	 "SELECT rowid, title, body FROM d WHERE d MATCH 'title:beta' ORDER BY rowid",
	 "SELECT count(*) = 2 FROM d WHERE d MATCH 'be*'", 0},
	{"fts5 column order change", "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS,
	 "CREATE VIRTUAL TABLE d USING fts5(body, title)",
	 "SELECT rowid, title, body FROM d WHERE d MATCH 'alpha' ORDER BY rowid", "SELECT 1", 0},
	{"fts5 loses a column (destructive)",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS,
	 "CREATE VIRTUAL TABLE d USING fts5(title)",
	 "SELECT rowid, title FROM d WHERE d MATCH 'beta' ORDER BY rowid",
	 "SELECT count(*) = 3 FROM d", 1},
	{"rtree bounds renamed (values kept by position)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1);" RT_ROWS,
	 "CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)",
	 "SELECT id FROM r WHERE +id > 0 ORDER BY id",
	 "SELECT group_concat(id) = '7' FROM r WHERE minx >= 4 AND maxy <= 7", 0},
	{"rtree gains an auxiliary column",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1);" RT_ROWS,
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1, +label TEXT)",
	 "SELECT id, x0, x1, y0, y1 FROM r WHERE x0 >= -5 AND x1 <= 3 ORDER BY id",
	 "SELECT count(*) = 3 AND sum(label IS NULL) = 3 FROM r", 0},
	{"rtree loses a dimension (destructive)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1);" RT_ROWS,
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)",
	 "SELECT id, x0, x1 FROM r WHERE x0 >= 0 ORDER BY id", "SELECT count(*) = 3 FROM r", 1},
	{"rtree to rtree_i32 (destructive: fractions)",
	 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1);" RT_ROWS,
	 "CREATE VIRTUAL TABLE r USING rtree_i32(id, x0, x1, y0, y1)",
	 "SELECT id FROM r WHERE x0 >= 0 ORDER BY id", "SELECT count(*) = 3 FROM r", 1},
	{"external-content fts5 changed (rebuilt from its content table)",
	 POSTS "CREATE VIRTUAL TABLE px USING fts5(title, content='posts', content_rowid='id');"
	       "INSERT INTO px(px) VALUES ('rebuild');" POSTS_TRIGGERS,
	 POSTS_TABLE "CREATE VIRTUAL TABLE px USING fts5(title, body, content='posts', "
		     "content_rowid='id');" POSTS_TRIGGERS,
	 "SELECT rowid, title FROM px WHERE px MATCH 'alpha OR beta' ORDER BY rowid",
	 "SELECT (SELECT group_concat(rowid) FROM px WHERE px MATCH 'body:alpha') = '5'", 0},
	{"content table rebuilt under an unchanged external-content index",
	 POSTS "CREATE VIRTUAL TABLE px USING fts5(title, content='posts', content_rowid='id');"
	       "INSERT INTO px(px) VALUES ('rebuild');" POSTS_TRIGGERS,
	 "CREATE TABLE posts(id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT, "
	 "CHECK (length(title) < 100));"
	 "CREATE VIRTUAL TABLE px USING fts5(title, content='posts', content_rowid='id');" POSTS_TRIGGERS,
	 "SELECT rowid, title FROM px WHERE px MATCH 'alpha OR beta OR gamma' ORDER BY rowid",
	 /* the triggers keep working after the sync */
	 "INSERT INTO posts VALUES (20, 'delta', NULL) RETURNING 1", 0},
	{"contentless fts5 changed (destructive)",
	 "CREATE VIRTUAL TABLE c USING fts5(a, content='');"
	 "INSERT INTO c(rowid, a) VALUES (4, 'hello world'), (6, 'world');",
	 "CREATE VIRTUAL TABLE c USING fts5(a, b, content='')", NULL,
	 "SELECT count(*) = 0 FROM c WHERE c MATCH 'world'", 1},
	{"table becomes fts5 (destructive)", "CREATE TABLE d(title, body);" FTS_ROWS,
	 "CREATE VIRTUAL TABLE d USING fts5(title, body)", NULL, "SELECT count(*) = 0 FROM d", 1},
	{"fts5 dropped (destructive)", "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS,
	 "CREATE TABLE other(x)", NULL,
	 "SELECT count(*) = 0 FROM sqlite_schema WHERE name LIKE 'd%'", 1},
	{"view on a recreated fts5",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body);" FTS_ROWS
	 "CREATE VIEW dv AS SELECT rowid AS id, title FROM d",
	 "CREATE VIRTUAL TABLE d USING fts5(title, body, tag);"
	 "CREATE VIEW dv AS SELECT rowid AS id, title FROM d",
	 "SELECT id, title FROM dv ORDER BY id", "SELECT 1", 0},
	{"user tables with shadow-like names",
	 "CREATE TABLE d_data(x); CREATE TABLE r_node(y); INSERT INTO d_data VALUES (1);"
	 "INSERT INTO r_node VALUES (2)",
	 "CREATE TABLE d_data(x, z); CREATE TABLE r_node(y TEXT)",
	 "SELECT (SELECT x FROM d_data) || (SELECT y FROM r_node)", "SELECT 1", 0},
};

/* Every row of the query, as text ("" when sql is NULL). */
static char *answer(sqlite3 *db, const char *sql)
{
	udb_str out = {0};
	udb_str_add(&out, "");
	if (sql != NULL && udb_rows(db, sql, &out) != 0)
		fail_msg("query failed: %s: %s", sql, sqlite3_errmsg(db));
	return out.s;
}

/* Run one case under one strategy, enforcement on or off; the plan text into *plan. */
static void run_case(const vt_case *c, ss_strategy strategy, int fk, char **plan)
{
	sqlite3 *db = udb_open();
	udb_exec(db, fk ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
	udb_exec(db, c->baseline);
	char *before = answer(db, c->same);
	char *snap = udb_snapshot(db);
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = strategy;
	o.allow_destructive = 0;
	ss_error err = {0, ""};
	ss_plan *p = NULL;
	int rc = ss_sync(&p, db, c->desired, &o, &err);
	if (c->destructive) {
		/* refused whole, nothing changed; then allowed */
		if (rc != SS_E_DESTRUCTIVE)
			fail_msg("%s: expected SS_E_DESTRUCTIVE, got %d (%s)", c->name, rc,
				 err.message);
		char *after = udb_snapshot(db);
		assert_string_equal(snap, after);
		free(after);
		ss_plan_free(p);
		p = NULL;
		o.allow_destructive = 1;
		rc = ss_sync(&p, db, c->desired, &o, &err);
	}
	if (rc != 0)
		fail_msg("%s (%s, fk %d): %d %s", c->name, ss_strategy_name(strategy), fk, rc,
			 err.message);
	*plan = ss_plan_to_sql(p);
	ss_plan_free(p);
	/* converged: the live schema dumps as the definitions built alone; plan now empty */
	char *got = udb_dump(db), *want = udb_dump_sql(c->desired);
	if (strcmp(got, want) != 0)
		fail_msg("%s: not converged:\n%s\nwant:\n%s\nplan:\n%s", c->name, got, want, *plan);
	ss_plan *again = NULL;
	assert_int_equal(ss_plan_create(&again, db, c->desired, &o, &err), 0);
	if (ss_plan_count(again) != 0)
		fail_msg("%s: second plan not empty:\n%s", c->name, ss_plan_to_sql(again));
	ss_plan_free(again);
	char *after = answer(db, c->same);
	if (strcmp(before, after) != 0)
		fail_msg("%s: answers changed:\nbefore:\n%safter:\n%s\nplan:\n%s", c->name, before,
			 after, *plan);
	if (udb_int(db, c->check) != 1)
		fail_msg("%s: check failed: %s\nplan:\n%s", c->name, c->check, *plan);
	char *ic = answer(db, "PRAGMA integrity_check");
	assert_string_equal(ic, "  'ok'\n");
	free(ic);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	assert_int_equal(udb_attached(db), 0);
	ss_free(got);
	ss_free(want);
	free(before);
	free(after);
	free(snap);
	udb_close(db);
}

static void test_vtab__change_classes_converge(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(k_cases); i++) {
		for (int fk = 0; fk < 2; fk++) {
			char *plans[2];
			for (size_t s = 0; s < N_ELEMS(k_strategies); s++)
				run_case(&k_cases[i], k_strategies[s], fk, &plans[s]);
			/* both strategies plan the same bytes */
			if (strcmp(plans[0], plans[1]) != 0)
				fail_msg("%s: plans differ:\n%s\n--\n%s", k_cases[i].name, plans[0],
					 plans[1]);
			ss_free(plans[0]);
			ss_free(plans[1]);
		}
	}
}

static void test_vtab__durable_object_profile(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(k_cases); i++) {
		const vt_case *c = &k_cases[i];
		sqlite3 *db = udb_open();
		udb_exec(db, c->baseline);
		char *before = answer(db, c->same);
		ss_error err = {0, ""};
		assert_int_equal(ss_durable_object_install(db, &err), 0);
		ss_options o = SS_OPTIONS_INIT;
		o.profile = SS_PROFILE_DURABLE_OBJECT;
		o.txn = ss_durable_object_txn_hook();
		o.allow_destructive = c->destructive;
		ss_plan *p = NULL;
		int rc = ss_sync(&p, db, c->desired, &o, &err);
		if (rc != 0)
			fail_msg("%s under the profile: %d %s", c->name, rc, err.message);
		assert_int_equal(ss_plan_strategy(p), SS_STRATEGY_PREFIX);
		ss_plan_free(p);
		p = NULL;
		assert_int_equal(ss_plan_create(&p, db, c->desired, &o, &err), 0);
		assert_int_equal(ss_plan_count(p), 0);
		ss_plan_free(p);
		ss_durable_object_uninstall(db);
		char *after = answer(db, c->same);
		assert_string_equal(before, after);
		assert_int_equal(udb_int(db, c->check), 1);
		assert_int_equal(udb_prefixed(db, PFX), 0);
		free(before);
		free(after);
		udb_close(db);
	}
}

/* ---- refusals ---------------------------------------------------------------------------- */

static void test_vtab__refusals_change_nothing(void **state)
{
	(void)state;
	static const struct {
		const char *baseline, *desired;
		int code;
		const char *msg;
	} k[] = {
		{"CREATE VIRTUAL TABLE r USING rtree(id, x0, x1); INSERT INTO r VALUES (1, 0, 2)",
		 "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1, y0, y1)", SS_E_REFUSED, "y0"},
		{"CREATE VIRTUAL TABLE c USING fts5(a, content=''); INSERT INTO c(rowid, a) VALUES "
		 "(1, 'x')",
		 "CREATE VIRTUAL TABLE c USING fts5(a, prefix=2, content='')", SS_E_DESTRUCTIVE,
		 "DROP TABLE"},
		{"CREATE TABLE t(x); INSERT INTO t VALUES (1)",
		 "CREATE TABLE t(x, y); CREATE VIRTUAL TABLE f USING fts3(a)", SS_E_UNSUPPORTED,
		 "fts3"},
	};
	for (size_t i = 0; i < N_ELEMS(k); i++) {
		for (size_t s = 0; s < N_ELEMS(k_strategies); s++) {
			sqlite3 *db = udb_open();
			udb_exec(db, k[i].baseline);
			char *before = udb_snapshot(db);
			ss_options o = SS_OPTIONS_INIT;
			o.strategy = k_strategies[s];
			o.allow_destructive = 0;
			ss_error err = {0, ""};
			int rc = ss_sync(NULL, db, k[i].desired, &o, &err);
			if (rc != k[i].code || strstr(err.message, k[i].msg) == NULL)
				fail_msg("case %zu: rc %d <%s>", i, rc, err.message);
			char *after = udb_snapshot(db);
			assert_string_equal(before, after);
			assert_int_equal(udb_prefixed(db, PFX), 0);
			free(before);
			free(after);
			udb_close(db);
		}
	}
}

/* ---- the prefix strategy's leftovers ------------------------------------------------------ */

static void test_vtab__prefixed_leftovers_dropped_whole(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	/* what a crashed prefix-strategy sync leaves: prefixed virtual tables and their shadow
	 * tables (an FTS5 table's _config and _data hold rows of their own) */
	udb_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
		     "CREATE TABLE d_data(k); INSERT INTO d_data VALUES (7);"
		     "CREATE VIRTUAL TABLE " PFX "d USING fts5(a);"
		     "CREATE VIRTUAL TABLE " PFX "r USING rtree(id, a, b);"
		     "CREATE TABLE " PFX "empty(x)");
	assert_true(udb_prefixed(db, PFX) > 3);
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = SS_STRATEGY_PREFIX;
	ss_error err = {0, ""};
	int rc = ss_sync(NULL, db, "CREATE TABLE t(x, y); CREATE TABLE d_data(k)", &o, &err);
	if (rc != 0)
		fail_msg("sync with virtual-table leftovers: %s", err.message);
	assert_int_equal(udb_prefixed(db, PFX), 0);
	assert_int_equal(udb_int(db, "SELECT k FROM d_data"), 7);
	assert_int_equal(udb_int(db, "SELECT x FROM t"), 1);
	/* a prefixed virtual table holding rows is no scratch leftover */
	udb_exec(db, "CREATE VIRTUAL TABLE " PFX "full USING fts5(a);"
		     "INSERT INTO " PFX "full VALUES ('kept')");
	rc = ss_sync(NULL, db, "CREATE TABLE t(x, y, z); CREATE TABLE d_data(k)", &o, &err);
	assert_int_equal(rc, SS_E_REFUSED);
	assert_non_null(strstr(err.message, PFX "full"));
	udb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtab__comparison_normalized),
		cmocka_unit_test(test_vtab__shadow_tables_skipped_through_owner),
		cmocka_unit_test(test_vtab__unsupported_module_named),
		cmocka_unit_test(test_vtab__change_classes_converge),
		cmocka_unit_test(test_vtab__durable_object_profile),
		cmocka_unit_test(test_vtab__refusals_change_nothing),
		cmocka_unit_test(test_vtab__prefixed_leftovers_dropped_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
