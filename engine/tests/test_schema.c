/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of inspection (engine/src/schema_*.c): ss_schema_inspect on databases built here.
 * Internal objects (sqlite_*, and _cf_* under the durable-object profile) and scratch-prefixed
 * leftovers are skipped, virtual tables of modules other than FTS5 and R*Tree are refused
 * with SS_E_UNSUPPORTED (FTS5 and R*Tree: test_vtab.c), the dump is stable
 * across formatting, keyword case, comments and quoting style (two databases with the same
 * schema written differently dump identically) but not across string literal contents or
 * identifier spelling, and the columns carry SQLite's PRAGMA facts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model.h"
#include "unit_db.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static ss_schema *inspect_ok(sqlite3 *db, const char *schema)
{
	ss_schema *s = NULL;
	ss_error err = {0, ""};
	int rc = ss_schema_inspect(&s, db, schema, &err);
	if (rc != 0)
		fail_msg("inspect failed: %d %s", rc, err.message);
	assert_non_null(s);
	return s;
}

/* The dump of a fresh database built from sql. */
static char *dump_of(const char *sql)
{
	sqlite3 *db = udb_open();
	udb_exec(db, sql);
	ss_schema *s = inspect_ok(db, "main");
	char *d = ss_schema_dump(s);
	assert_non_null(d);
	ss_schema_free(s);
	udb_close(db);
	return d;
}

/*
 * The columns' facts that inspection reads from the CREATE text (schema_facts.c) equal
 * SQLite's PRAGMA table_xinfo, on spellings where SQLite's own rules are easy to get wrong:
 * comments inside a type, a trailing GENERATED ALWAYS, standard type names, the spans of
 * defaults, implicit NOT NULL on the keys of STRICT and WITHOUT ROWID tables, the rowid
 * alias (DESC quirk), and texts the reading leaves to SQLite (quoted types).
 */
static void test_schema__facts_match_sqlite(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db,
		 "CREATE TABLE a(p INT  /*c*/ UNSIGNED   BIG, q \"VARCHAR\"(10) DEFAULT (1 + 2),"
		 " r DEFAULT -1, s DEFAULT +'x' NOT NULL, u DEFAULT CURRENT_TIMESTAMP PRIMARY KEY,"
		 " v text GENERATED ALWAYS AS (p || 'x') STORED, w AS (1), x DEFAULT true,"
		 " y DEFAULT \"abc\", z double precision DEFAULT 1.5e3 COLLATE nocase"
		 " CHECK (z NOT NULL) REFERENCES b(k) ON DELETE SET NULL NOT DEFERRABLE,"
		 " k 'quoted type' DEFAULT x'00', l \"int\" DEFAULT - 5, m DEFAULT (('z')),"
		 " n Text  Generated   Always AS (2), o DEFAULT (  /*k*/ 7 ), aa varchar(10, 2)"
		 " GENERATED ALWAYS AS (1) STORED, bb DEFAULT null, cc nUll, dd any, ee BLOB);"
		 "CREATE TABLE b(k text, j int, i, PRIMARY KEY (j DESC, k COLLATE nocase))"
		 " WITHOUT ROWID;"
		 "CREATE TABLE c(id int PRIMARY KEY, x int) STRICT;"
		 "CREATE TABLE d(id integer PRIMARY KEY DESC, x int) STRICT;"
		 "CREATE TABLE e(id integer, x int, PRIMARY KEY (id DESC)) STRICT;"
		 "CREATE TABLE f(a any NOT NULL, b integer DEFAULT -.5e-2 COLLATE rtrim UNIQUE,"
		 " PRIMARY KEY (a, b)) STRICT;"
		 "CREATE TABLE g(\"x y\" INTEGER PRIMARY KEY AUTOINCREMENT, [w] TEXT NOT NULL"
		 " ON CONFLICT IGNORE CONSTRAINT c1 UNIQUE);"
		 "CREATE TABLE h(a, b REFERENCES g ON DELETE SET DEFAULT ON UPDATE SET NULL"
		 " NOT DEFERRABLE, c2 DEFAULT 2 REFERENCES g ON UPDATE SET DEFAULT);"
		 "ALTER TABLE h ADD COLUMN c INT DEFAULT 'n' NOT NULL");
	ss_schema *s = inspect_ok(db, "main");
	size_t tables = 0;
	for (size_t i = 0; i < s->n; i++) {
		const ss_object *o = &s->objs[i];
		if (o->type != SS_OBJ_TABLE)
			continue;
		tables++;
		char q[200];
		snprintf(q, sizeof(q),
			 "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
			 "pragma_table_xinfo('%s') ORDER BY cid",
			 o->name);
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
		size_t k = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			assert_true(k < o->ncols);
			const ss_column *c = &o->cols[k++];
			const char *type = (const char *)sqlite3_column_text(st, 1);
			const char *dflt = (const char *)sqlite3_column_text(st, 3);
			if (strcmp(c->type, type ? type : "") != 0 ||
			    (dflt == NULL) != (c->dflt == NULL) ||
			    (dflt && strcmp(dflt, c->dflt) != 0) ||
			    c->notnull != sqlite3_column_int(st, 2) ||
			    c->pk != sqlite3_column_int(st, 4) ||
			    c->hidden != sqlite3_column_int(st, 5))
				fail_msg("%s.%s: model <%s> <%s> nn%d pk%d h%d, SQLite <%s> <%s> "
					 "nn%d pk%d h%d",
					 o->name, c->name, c->type, c->dflt ? c->dflt : "NULL",
					 c->notnull, c->pk, c->hidden, type ? type : "",
					 dflt ? dflt : "NULL", sqlite3_column_int(st, 2),
					 sqlite3_column_int(st, 4), sqlite3_column_int(st, 5));
		}
		assert_int_equal(k, o->ncols);
		sqlite3_finalize(st);
	}
	assert_int_equal(tables, 8);
	ss_schema_free(s);
	udb_close(db);
}

static void test_schema__skips_internal_and_scratch_objects(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, u TEXT UNIQUE);"
		     "INSERT INTO t(u) VALUES ('a');" /* sqlite_sequence, sqlite_autoindex */
		     "CREATE TABLE _cf_KV(key TEXT PRIMARY KEY, value BLOB);"
		     "CREATE TABLE _CF_meta(x);"
		     "CREATE INDEX _cf_i ON t(u);"
		     "CREATE TABLE __sqlfu_sync_t(x);"
		     "CREATE VIEW __sqlfu_sync_v AS SELECT 1;"
		     "CREATE TABLE keep_cf_(x);"
		     "CREATE TABLE xxsqlfuxsyncxkeep(x);"
		     "ANALYZE;"); /* sqlite_stat1 */
	assert_int_equal(udb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
				     "'sqlite\\_%' ESCAPE '\\'"),
			 4); /* sqlite_sequence, stat1, two autoindexes */
	/* without the durable-object profile, _cf_ names are ordinary */
	ss_schema *s = inspect_ok(db, "main");
	assert_int_equal(ss_schema_object_count(s), 6);
	char *d = ss_schema_dump(s);
	assert_non_null(strstr(d, "_cf_i"));
	assert_non_null(strstr(d, "_cf_KV"));
	assert_null(strstr(d, "sqlite_"));
	assert_null(strstr(d, "__sqlfu_sync_"));
	ss_free(d);
	ss_schema_free(s);
	/* under it, they are Cloudflare's internals */
	ss_error err = {0, ""};
	assert_int_equal(ss_durable_object_install(db, &err), 0);
	s = inspect_ok(db, "main");
	ss_durable_object_uninstall(db);
	assert_int_equal(ss_schema_object_count(s), 3);
	d = ss_schema_dump(s);
	assert_non_null(strstr(d, "table \"t\"\n"));
	assert_non_null(strstr(d, "table \"keep_cf_\"\n"));
	assert_non_null(strstr(d, "table \"xxsqlfuxsyncxkeep\"\n"));
	assert_null(strstr(d, "sqlite_"));
	assert_null(strstr(d, "_cf_i"));
	assert_null(strstr(d, "_cf_KV"));
	assert_null(strstr(d, "__sqlfu_sync_"));
	ss_free(d);
	ss_schema_free(s);
	udb_close(db);
}

typedef struct virtual_case {
	const char *name;
	const char *sql;
	const char *object;
} virtual_case;

static const virtual_case k_virtual[] = {
	{"fts4", "CREATE VIRTUAL TABLE docs USING fts4(body)", "docs"},
	{"fts3", "CREATE TABLE plain(x); CREATE VIRTUAL TABLE \"geo box\" USING fts3(id, a, b)",
	 "geo box"},
};

static void test_schema__virtual_table_unsupported(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_virtual); i++) {
		sqlite3 *db = udb_open();
		udb_exec(db, k_virtual[i].sql);
		ss_schema *s = (ss_schema *)1;
		ss_error err = {0, ""};
		int rc = ss_schema_inspect(&s, db, "main", &err);
		if (rc != SS_E_UNSUPPORTED || err.code != SS_E_UNSUPPORTED || s != NULL ||
		    strstr(err.message, k_virtual[i].object) == NULL) {
			print_error("virtual case '%s': rc %d, out %p, message <%s>\n",
				    k_virtual[i].name, rc, (void *)s, err.message);
			failures++;
		}
		if (rc == 0)
			ss_schema_free(s);
		udb_close(db);
	}
	assert_int_equal(failures, 0);
}

typedef struct dump_pair {
	const char *name;
	const char *a, *b;
	int known_bug; /* 1: fails because of ENGINE BUG schema-1 (see below) */
} dump_pair;

/*
 * ENGINE BUG (schema-1): ss_schema_dump prints the raw PRAGMA table_xinfo text of a column's
 * declared type and default (type=varchar(10) vs type=VARCHAR(10), default=1+2 vs
 * default=1 + 2), so two databases with the same schema written differently dump
 * differently, although the normalized definition after the colon is equal (the planner is
 * not affected: it compares def_norm). Cases marked known_bug are skipped through
 * SKIP_ENGINE_BUG_DUMP_RAW_PRAGMA_TEXT while they fail.
 */
#define SKIP_ENGINE_BUG_DUMP_RAW_PRAGMA_TEXT 0

static const dump_pair k_same_dump[] = {
	{"keyword case and spacing", "CREATE TABLE t(a INT NOT NULL DEFAULT 0, b TEXT)",
	 "create   table t (\n  a INT not null default 0,\n  b TEXT\n)", 0},
	{"comments", "CREATE TABLE t(a INT, b TEXT)",
	 "CREATE TABLE t( -- the a column\n a INT /* int */, b TEXT) -- end", 0},
	{"quoting styles of names", "CREATE TABLE t(a INT, b TEXT); CREATE INDEX i ON t(b)",
	 "CREATE TABLE \"t\"([a] INT, `b` TEXT); CREATE INDEX [i] ON `t`(\"b\")", 0},
	{"IF NOT EXISTS",
	 "CREATE TABLE t(a); CREATE INDEX i ON t(a); CREATE VIEW v AS SELECT a FROM t",
	 "CREATE TABLE IF NOT EXISTS t(a); CREATE INDEX IF NOT EXISTS i ON t(a); "
	 "CREATE VIEW IF NOT EXISTS v AS SELECT a FROM t",
	 0},
	{"declared type case", "CREATE TABLE t(a INTEGER, b VARCHAR(10))",
	 "CREATE TABLE t(a integer, b varchar(10))", 1},
	{"default expression spacing", "CREATE TABLE t(a INT DEFAULT (1 + 2))",
	 "CREATE TABLE t(a INT DEFAULT ( 1+2 ))", 1},
	{"view formatting", "CREATE TABLE t(a, b); CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1",
	 "CREATE TABLE t(a, b); create view v as\n  select a , b\n  from t -- rows\n  where a>1",
	 0},
	{"trigger formatting",
	 "CREATE TABLE t(a); CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END",
	 "CREATE TABLE t(a); create trigger tr after insert on \"t\"\nbegin\n  update t set a=1;\n"
	 "end",
	 0},
	{"table constraint formatting", "CREATE TABLE t(a, b, PRIMARY KEY (a, b), CHECK (a > 0))",
	 "CREATE TABLE t(a, b, primary key(a,b), check(a>0))", 0},
	{"object creation order", "CREATE TABLE a(x); CREATE TABLE b(y)",
	 "CREATE TABLE b(y); CREATE TABLE a(x)", 0},
};

static const dump_pair k_different_dump[] = {
	{"string literal default", "CREATE TABLE t(a TEXT DEFAULT 'x')",
	 "CREATE TABLE t(a TEXT DEFAULT 'X')", 0},
	{"string literal in view", "CREATE VIEW v AS SELECT 'a;b' AS c",
	 "CREATE VIEW v AS SELECT 'a; b' AS c", 0},
	{"string literal in check", "CREATE TABLE t(a CHECK (a <> 'n'))",
	 "CREATE TABLE t(a CHECK (a <> 'N'))", 0},
	{"column name spelling", "CREATE TABLE t(Name TEXT)", "CREATE TABLE t(name TEXT)", 0},
	{"table name spelling", "CREATE TABLE Users(a)", "CREATE TABLE users(a)", 0},
	{"column type", "CREATE TABLE t(a INT)", "CREATE TABLE t(a TEXT)", 0},
	{"not null", "CREATE TABLE t(a INT)", "CREATE TABLE t(a INT NOT NULL)", 0},
	{"unique index", "CREATE TABLE t(a); CREATE INDEX i ON t(a)",
	 "CREATE TABLE t(a); CREATE UNIQUE INDEX i ON t(a)", 0},
	{"partial index", "CREATE TABLE t(a); CREATE INDEX i ON t(a)",
	 "CREATE TABLE t(a); CREATE INDEX i ON t(a) WHERE a > 0", 0},
	{"strict", "CREATE TABLE t(a INT)", "CREATE TABLE t(a INT) STRICT", 0},
	{"collation", "CREATE TABLE t(a TEXT)", "CREATE TABLE t(a TEXT COLLATE NOCASE)", 0},
};

static void test_schema__dump_stable_across_formatting(void **state)
{
	(void)state;
	int failures = 0, known = 0;
	for (size_t i = 0; i < N_ELEMS(k_same_dump); i++) {
		char *a = dump_of(k_same_dump[i].a);
		char *b = dump_of(k_same_dump[i].b);
		if (strcmp(a, b) != 0) {
			print_error("same-dump case '%s'%s differs:\n--- a\n%s--- b\n%s",
				    k_same_dump[i].name,
				    k_same_dump[i].known_bug ? " (ENGINE BUG schema-1)" : "", a, b);
			if (k_same_dump[i].known_bug && SKIP_ENGINE_BUG_DUMP_RAW_PRAGMA_TEXT)
				known++;
			else
				failures++;
		}
		ss_free(a);
		ss_free(b);
	}
	assert_int_equal(failures, 0);
	if (known > 0)
		skip();
}

static void test_schema__dump_sees_semantic_differences(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_different_dump); i++) {
		char *a = dump_of(k_different_dump[i].a);
		char *b = dump_of(k_different_dump[i].b);
		if (strcmp(a, b) == 0) {
			print_error("different-dump case '%s' dumps alike:\n%s",
				    k_different_dump[i].name, a);
			failures++;
		}
		ss_free(a);
		ss_free(b);
	}
	assert_int_equal(failures, 0);
}

static void test_schema__dump_is_deterministic(void **state)
{
	(void)state;
	const char *sql = "CREATE TABLE z(a); CREATE TABLE a(b REFERENCES z(a)); "
			  "CREATE INDEX m ON a(b); CREATE VIEW v AS SELECT * FROM a";
	char *x = dump_of(sql);
	char *y = dump_of(sql);
	assert_string_equal(x, y);
	/* sorted by type, then name: tables a, z, then index m, then view v */
	const char *ta = strstr(x, "table \"a\"");
	const char *tz = strstr(x, "table \"z\"");
	const char *im = strstr(x, "index \"m\" on \"a\"");
	const char *vv = strstr(x, "view \"v\"");
	assert_non_null(ta);
	assert_non_null(tz);
	assert_non_null(im);
	assert_non_null(vv);
	assert_true(ta < tz && tz < im && im < vv);
	assert_non_null(strstr(x, "references z"));
	ss_free(x);
	ss_free(y);
}

/* ---- column facts, read through the model --------------------------------------------- */

typedef struct col_fact {
	const char *name;
	const char *type;
	int notnull, pk, hidden;
	const char *dflt; /* NULL: no default */
	unsigned flags;   /* flags that must be set */
} col_fact;

static const col_fact k_cols[] = {
	{"id", "INTEGER", 0, 1, 0, NULL, SS_COL_PRIMARY | SS_COL_AUTOINCREMENT},
	{"Name", "TEXT", 1, 0, 0, "'anon'", SS_COL_NOT_NULL | SS_COL_DEFAULT},
	{"email", "VARCHAR(80)", 0, 0, 0, NULL, SS_COL_UNIQUE},
	{"created", "TEXT", 0, 0, 0, "CURRENT_TIMESTAMP", SS_COL_DEFAULT | SS_COL_DEFAULT_CURRENT},
	{"score", "REAL", 0, 0, 0, "1.5 * 2", SS_COL_DEFAULT | SS_COL_DEFAULT_EXPR | SS_COL_CHECK},
	{"parent", "INT", 0, 0, 0, NULL, SS_COL_REFERENCES},
	{"v", "", 0, 0, 2, NULL, SS_COL_GENERATED},
	{"s", "INT", 0, 0, 3, NULL, SS_COL_GENERATED | SS_COL_STORED},
	{"col with space", "", 0, 0, 0, NULL, 0},
};

static void test_schema__column_pragma_facts(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE t(\n"
		     "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
		     "  Name TEXT NOT NULL DEFAULT 'anon',\n"
		     "  email VARCHAR(80) UNIQUE,\n"
		     "  created TEXT DEFAULT CURRENT_TIMESTAMP,\n"
		     "  score REAL DEFAULT (1.5 * 2) CHECK (score >= 0),\n"
		     "  parent INT REFERENCES t(id) ON DELETE SET NULL,\n"
		     "  v GENERATED ALWAYS AS (score * 2) VIRTUAL,\n"
		     "  s INT AS (id + 1) STORED,\n"
		     "  \"col with space\"\n"
		     ")");
	ss_schema *s = inspect_ok(db, "main");
	assert_int_equal(s->n, 1);
	const ss_object *t = ss__schema_find(s, SS_OBJ_TABLE, "t");
	assert_non_null(t);
	assert_int_equal(t->ncols, N_ELEMS(k_cols));
	assert_true(t->autoincrement);
	assert_false(t->strict);
	assert_false(t->without_rowid);
	assert_int_equal(t->nfk, 1);
	assert_string_equal(t->fk_targets[0], "t");
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_cols); i++) {
		const ss_column *c = &t->cols[i];
		const col_fact *f = &k_cols[i];
		int ok = strcmp(c->name, f->name) == 0 && strcmp(c->type, f->type) == 0 &&
			 c->notnull == f->notnull && c->pk == f->pk && c->hidden == f->hidden &&
			 ((f->dflt == NULL && c->dflt == NULL) ||
			  (f->dflt != NULL && c->dflt != NULL && strcmp(c->dflt, f->dflt) == 0)) &&
			 (c->flags & f->flags) == f->flags;
		if (!ok) {
			print_error("column %zu: name <%s> type <%s> notnull %d pk %d hidden %d "
				    "default <%s> flags %#x; want <%s> <%s> %d %d %d <%s> %#x\n",
				    i, c->name, c->type, c->notnull, c->pk, c->hidden,
				    c->dflt ? c->dflt : "NULL", c->flags, f->name, f->type,
				    f->notnull, f->pk, f->hidden, f->dflt ? f->dflt : "NULL",
				    f->flags);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
	/* the dump shows the same facts, type and default in normalized form */
	char *d = ss_schema_dump(s);
	assert_non_null(strstr(d, "column \"Name\" notnull=1 pk=0 hidden=0:"));
	assert_non_null(strstr(d, "default 'anon'"));
	assert_non_null(strstr(d, "column \"s\" notnull=0 pk=0 hidden=3:"));
	ss_free(d);
	ss_schema_free(s);
	udb_close(db);
}

static void test_schema__table_options_and_constraints(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE w(a TEXT, b INT, PRIMARY KEY (a, b), UNIQUE (b), "
		     "CHECK (b > 0), FOREIGN KEY (b) REFERENCES p(id)) WITHOUT ROWID, STRICT;"
		     "CREATE TABLE p(id INTEGER PRIMARY KEY)");
	ss_schema *s = inspect_ok(db, "main");
	const ss_object *w = ss__schema_find(s, SS_OBJ_TABLE, "w");
	assert_non_null(w);
	assert_true(w->without_rowid);
	assert_true(w->strict);
	assert_int_equal(w->ncols, 2);
	/* the one-column FOREIGN KEY lives in b's definition, as a column REFERENCES would */
	assert_int_equal(w->ncons, 3);
	assert_non_null(strstr(w->cols[1].def_norm, "references \"p\""));
	assert_true(w->cols[1].flags & SS_COL_REFERENCES);
	assert_int_equal(w->cols[0].pk, 1);
	assert_int_equal(w->cols[1].pk, 2);
	assert_int_equal(w->nfk, 1);
	assert_string_equal(w->fk_targets[0], "p");
	assert_non_null(strstr(w->options, "without"));
	assert_non_null(strstr(w->options, "strict"));
	ss_schema_free(s);
	udb_close(db);
}

static void test_schema__index_view_trigger_targets(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE \"My Posts\"(id INTEGER PRIMARY KEY, title TEXT);"
		     "CREATE INDEX post ON \"My Posts\"(title COLLATE NOCASE DESC) WHERE id > 0;"
		     "CREATE VIEW recent AS SELECT title FROM \"My Posts\";"
		     "CREATE TRIGGER tr AFTER UPDATE OF title ON \"My Posts\" BEGIN SELECT 1; END");
	ss_schema *s = inspect_ok(db, "main");
	assert_int_equal(s->n, 4);
	const ss_object *ix = ss__schema_find(s, SS_OBJ_INDEX, "post");
	const ss_object *tr = ss__schema_find(s, SS_OBJ_TRIGGER, "tr");
	const ss_object *v = ss__schema_find(s, SS_OBJ_VIEW, "recent");
	assert_non_null(ix);
	assert_non_null(tr);
	assert_non_null(v);
	assert_string_equal(ix->target, "My Posts");
	assert_string_equal(ix->target_key, "my posts");
	assert_string_equal(tr->target, "My Posts");
	assert_true(ss__sorted_contains(v->mentions, v->nmentions, "my posts"));
	/* canonical create statements name the object double-quoted, unprefixed */
	assert_non_null(strstr(ix->create_sql, "\"post\""));
	assert_non_null(strstr(ix->create_sql, "\"My Posts\""));
	ss_schema_free(s);
	udb_close(db);
}

static void test_schema__attached_schema(void **state)
{
	(void)state;
	sqlite3 *db = udb_open();
	udb_exec(db, "CREATE TABLE m(a); ATTACH ':memory:' AS aux; CREATE TABLE aux.x(b, c);"
		     "CREATE INDEX aux.xi ON x(c)");
	ss_schema *s = inspect_ok(db, "aux");
	assert_int_equal(ss_schema_object_count(s), 2);
	const ss_object *x = ss__schema_find(s, SS_OBJ_TABLE, "x");
	assert_non_null(x);
	assert_int_equal(x->ncols, 2);
	assert_null(ss__schema_find(s, SS_OBJ_TABLE, "m"));
	ss_schema_free(s);
	s = inspect_ok(db, "main");
	assert_int_equal(ss_schema_object_count(s), 1);
	ss_schema_free(s);
	udb_close(db);
}

static void test_schema__misuse_and_null(void **state)
{
	(void)state;
	ss_error err = {0, ""};
	assert_int_equal(ss_schema_inspect(NULL, NULL, "main", &err), SS_E_MISUSE);
	assert_int_equal(err.code, SS_E_MISUSE);
	ss_schema_free(NULL);
	assert_int_equal(ss_schema_object_count(NULL), 0);
	char *d = ss_schema_dump(NULL);
	assert_non_null(d);
	assert_string_equal(d, "");
	ss_free(d);
	/* an empty database is an empty schema */
	sqlite3 *db = udb_open();
	ss_schema *s = inspect_ok(db, NULL);
	assert_int_equal(ss_schema_object_count(s), 0);
	ss_schema_free(s);
	udb_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema__facts_match_sqlite),
		cmocka_unit_test(test_schema__skips_internal_and_scratch_objects),
		cmocka_unit_test(test_schema__virtual_table_unsupported),
		cmocka_unit_test(test_schema__dump_stable_across_formatting),
		cmocka_unit_test(test_schema__dump_sees_semantic_differences),
		cmocka_unit_test(test_schema__dump_is_deterministic),
		cmocka_unit_test(test_schema__column_pragma_facts),
		cmocka_unit_test(test_schema__table_options_and_constraints),
		cmocka_unit_test(test_schema__index_view_trigger_targets),
		cmocka_unit_test(test_schema__attached_schema),
		cmocka_unit_test(test_schema__misuse_and_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
