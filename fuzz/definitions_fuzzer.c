/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the whole sync path with arbitrary definitions text: the input (up to its
 * first NUL byte) is handed as definitions to ss_plan_create and ss_sync, once per strategy
 * (scratch-db, prefix), each on a fresh in-memory copy of a small fixed baseline with rows
 * (users / posts / tags, an index, a view, a trigger, an AUTOINCREMENT counter and an
 * excluded sqlfu_migrations table). Two comment switches in the input change the options,
 * so the fuzzer can reach them by mutation: "-- fk:off" (PRAGMA foreign_keys = OFF, else
 * ON) and "-- destructive:off" (allow_destructive = 0).
 *
 * Invariants (a violation prints the input and the evidence, then aborts):
 *  - never a crash, a sanitizer report or a leak (ASan's leak check in libFuzzer);
 *  - ss_plan_create never changes the database;
 *  - a failed ss_sync leaves it logically unchanged: the same sqlite_schema (type, name,
 *    tbl_name, sql) and the same rows in every table, sqlite_sequence included (SPEC §4, P5);
 *  - after any call, no object whose name starts with "__sqlfu_sync_" (a literal substr
 *    comparison, never LIKE) remains, and PRAGMA database_list shows only main and temp;
 *  - after a successful ss_sync, integrity_check is ok, foreign_key_check is empty when
 *    foreign keys are on, and a second ss_plan_create plans 0 statements (P2);
 *  - when both calls succeed, the dry-run plan equals the applied one; when both strategies
 *    plan, their plans are byte-identical (P4);
 *  - definitions a sync accepted build alone in an empty database: the engine never accepts
 *    what SQLite rejects.
 * SS_FUZZ_VERBOSE=1 prints each strategy's outcome, for looking at a corpus.
 * Benign causes are ruled out first: when the progress handler interrupted a statement
 * (an input that is merely slow), only the crash and leak checks stand.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "schemasync.h"

#include "fuzz_common.h"

#define MAX_INPUT 8192
#define PREFIX SS_DEFAULT_SCRATCH_PREFIX
/* VM steps per progress callback, and callbacks before a statement is interrupted. */
#define PROGRESS_STEP 1000
#define PROGRESS_LIMIT 2000

static const char k_baseline[] =
	"CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE,\n"
	"  age INT CHECK (age >= 0));\n"
	"CREATE TABLE posts(id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  user_id INT REFERENCES users(id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled',\n"
	"  body TEXT COLLATE NOCASE);\n"
	"CREATE TABLE tags(name TEXT PRIMARY KEY, n INT NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
	"CREATE INDEX posts_user ON posts(user_id);\n"
	"CREATE UNIQUE INDEX users_lower ON users(lower(name)) WHERE age > 0;\n"
	"CREATE VIEW user_posts AS SELECT u.name, p.title FROM users u JOIN posts p ON "
	"p.user_id = u.id;\n"
	"CREATE TRIGGER users_touch AFTER UPDATE OF name ON users BEGIN\n"
	"  UPDATE posts SET body = body WHERE user_id = new.id;\n"
	"END;\n"
	"CREATE TABLE sqlfu_migrations(id INTEGER PRIMARY KEY, name TEXT);\n";

/* The baseline's rows (apart, so a failing input prints as a case file). */
static const char k_rows[] =
	"INSERT INTO users VALUES (1, 'ann', 'a@x', 30), (2, 'bob', NULL, NULL), (3, 'cy', "
	"'c@x', 0);\n"
	"INSERT INTO posts(user_id, title, body) VALUES (1, 'hello', 'w'), (1, 'again', NULL),\n"
	"  (3, 'x', 'y');\n"
	"DELETE FROM posts WHERE id = 2;\n"
	"INSERT INTO tags VALUES ('a', 1), ('b', 2);\n"
	"INSERT INTO sqlfu_migrations VALUES (1, 'init');\n";

static unsigned char *g_image; /* the baseline, serialized once */
static sqlite3_int64 g_image_size;
static const char *g_input;
static int g_progress; /* progress callbacks in the current statement run */
static int g_interrupted;
static int g_verbose; /* SS_FUZZ_VERBOSE=1: one line per strategy run on stderr */

/* The failing input as a case file (docs/CASE-FORMAT.md): the fixed baseline and its rows,
 * the input as desired schema, the options its comment switches chose; properties only
 * (the right plan is unknown). `schemasync replay` runs it. */
static void print_input(FILE *f)
{
	const char *in = g_input ? g_input : "";
	fprintf(f,
		"\n-- #region: found by definitions_fuzzer\n"
		"-- config: {\"propertiesOnly\": true, \"foreignKeys\": %s, "
		"\"allowDestructive\": %s}\n-- baseline:\n%s-- rows:\n%s-- desired:\n%s%s"
		"-- #endregion\n",
		strstr(in, "-- fk:off") ? "false" : "true",
		strstr(in, "-- destructive:off") ? "false" : "true", k_baseline, k_rows, in,
		in[0] && in[strlen(in) - 1] != '\n' ? "\n" : "");
}

/* ---- the database ---------------------------------------------------------------------- */

static int on_progress(void *ctx)
{
	(void)ctx;
	if (++g_progress > PROGRESS_LIMIT) {
		g_interrupted = 1;
		return 1;
	}
	return 0;
}

static int exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static void build_image(void)
{
	sqlite3 *db;
	char *msg = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, k_baseline, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, k_rows, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "definitions_fuzzer: baseline: %s\n", msg ? msg : "open failed");
		abort();
	}
	g_image = sqlite3_serialize(db, "main", &g_image_size, 0);
	if (g_image == NULL)
		abort();
	sqlite3_close(db);
}

/* An empty in-memory connection with small limits: every exec stays fast, and a slow
 * statement is interrupted (and the exec's checks skipped). */
static sqlite3 *open_limited(void)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 100000);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
	sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
	sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
	sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 50000);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
	sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
	sqlite3_progress_handler(db, PROGRESS_STEP, on_progress, NULL);
	return db;
}

/* A fresh connection holding a private copy of the baseline. */
static sqlite3 *open_baseline(int fk)
{
	sqlite3 *db = open_limited();
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)g_image_size);
	if (copy == NULL)
		abort();
	memcpy(copy, g_image, (size_t)g_image_size);
	if (sqlite3_deserialize(db, "main", copy, g_image_size, g_image_size,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK)
		abort();
	if (!exec_ok(db, fk ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF"))
		abort();
	return db;
}

static void add_value(sqlite3_str *s, sqlite3_stmt *st, int i)
{
	char num[64];
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		sqlite3_str_appendall(s, "NULL");
		break;
	case SQLITE_INTEGER:
		sqlite3_str_appendf(s, "i:%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		/* libc's %.17g, not SQLite's printf: the exact digits of the double */
		snprintf(num, sizeof(num), "r:%.17g", sqlite3_column_double(st, i));
		sqlite3_str_appendall(s, num);
		break;
	case SQLITE_TEXT:
		sqlite3_str_appendall(s, "t:'");
		sqlite3_str_append(s, (const char *)sqlite3_column_text(st, i),
				   sqlite3_column_bytes(st, i));
		sqlite3_str_appendall(s, "'");
		break;
	default: {
		const unsigned char *b = sqlite3_column_blob(st, i);
		int n = sqlite3_column_bytes(st, i);
		sqlite3_str_appendall(s, "x:");
		for (int k = 0; k < n; k++)
			sqlite3_str_appendf(s, "%02x", b[k]);
		break;
	}
	}
}

/* Append every row of sql's result to s; on an error append the message. */
static void dump_query(sqlite3_str *s, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_str_appendf(s, "ERROR %s\n", sqlite3_errmsg(db));
		return;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				sqlite3_str_appendall(s, " | ");
			add_value(s, st, i);
		}
		sqlite3_str_appendall(s, "\n");
	}
	if (rc != SQLITE_DONE)
		sqlite3_str_appendf(s, "ERROR %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/* The logical content of main: its catalog (without root pages) and every table's rows.
 * Free with sqlite3_free. */
static char *dump(sqlite3 *db)
{
	sqlite3_str *s = sqlite3_str_new(NULL);
	sqlite3_stmt *st = NULL;
	sqlite3_str_appendall(s, "-- schema\n");
	dump_query(s, db,
		   "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY type, name");
	if (sqlite3_prepare_v2(db,
			       "SELECT name FROM main.sqlite_schema WHERE type = 'table' ORDER BY "
			       "name",
			       -1, &st, NULL) != SQLITE_OK)
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *q = sqlite3_mprintf("SELECT * FROM main.\"%w\"", name);
		if (q == NULL)
			abort();
		sqlite3_str_appendf(s, "-- rows of %s\n", name);
		dump_query(s, db, q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	return fuzz_str_finish(s);
}

/* Every row of sql's result as text (free with sqlite3_free). */
static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_str *s = sqlite3_str_new(NULL);
	dump_query(s, db, sql);
	return fuzz_str_finish(s);
}

/* No scratch leftovers, no attached schema. */
static void check_clean(sqlite3 *db, const char *when)
{
	char *left = query_text(db, "SELECT type, name FROM main.sqlite_schema WHERE substr(name, "
				    "1, length('" PREFIX "')) = '" PREFIX "' UNION ALL "
				    "SELECT type, name FROM temp.sqlite_schema WHERE "
				    "substr(name, 1, length('" PREFIX "')) = '" PREFIX "'");
	CHECK(left[0] == 0, "%s: scratch objects remain:\n%s", when, left);
	sqlite3_free(left);
	char *dbs = query_text(db, "SELECT name FROM pragma_database_list WHERE name NOT IN "
				   "('main', 'temp')");
	CHECK(dbs[0] == 0, "%s: databases still attached:\n%s", when, dbs);
	sqlite3_free(dbs);
}

/* ---- one strategy ---------------------------------------------------------------------- */

typedef struct outcome {
	int plan_rc;
	int sync_rc;    /* 1 when interrupted */
	char *plan_sql; /* the dry-run plan, when plan_rc == 0 */
	char message[256];
} outcome;

static const char *sname(ss_strategy s)
{
	return ss_strategy_name(s);
}

/* 1. The dry run changes nothing. Returns 1 when a statement was interrupted. */
static int dry_run(outcome *o, ss_plan **plan, sqlite3 *db, const char *defs,
		   const ss_options *opts, const char *before)
{
	ss_error err;
	const char *name = sname(opts->strategy);
	g_progress = 0;
	g_interrupted = 0;
	o->plan_rc = ss_plan_create(plan, db, defs, opts, &err);
	if (o->plan_rc == 0) {
		CHECK(*plan != NULL, "%s: plan_create succeeded without a plan", name);
		o->plan_sql = ss_plan_to_sql(*plan);
		CHECK(o->plan_sql != NULL, "ss_plan_to_sql returned NULL");
	} else {
		snprintf(o->message, sizeof(o->message), "%.200s", err.message);
	}
	if (g_interrupted)
		return 1;
	char *after = dump(db);
	CHECK(strcmp(before, after) == 0,
	      "%s: ss_plan_create (rc %d: %s) changed the database:\nbefore:\n%s\nafter:\n%s", name,
	      o->plan_rc, o->plan_rc ? err.message : "ok", before, after);
	sqlite3_free(after);
	check_clean(db, "after ss_plan_create");
	return 0;
}

/* 3. After a successful sync: the applied plan is the dry run's, the result is sound, and
 * syncing again plans nothing. */
static void check_synced(const outcome *o, const ss_plan *applied, sqlite3 *db, const char *defs,
			 const ss_options *opts, int fk)
{
	ss_error err;
	ss_plan *again = NULL;
	const char *name = sname(opts->strategy);
	CHECK(o->plan_rc == 0, "%s: ss_sync succeeded but the dry run failed: %s", name,
	      o->message);
	char *applied_sql = ss_plan_to_sql(applied);
	CHECK(applied_sql != NULL, "ss_plan_to_sql returned NULL");
	CHECK(strcmp(applied_sql, o->plan_sql) == 0,
	      "%s: the applied plan differs from the dry run:\napplied:\n%s\ndry run:\n%s", name,
	      applied_sql, o->plan_sql);
	ss_free(applied_sql);
	char *ic = query_text(db, "PRAGMA integrity_check");
	CHECK(strcmp(ic, "t:'ok'\n") == 0, "%s: integrity_check after sync:\n%s", name, ic);
	sqlite3_free(ic);
	if (fk) {
		char *fkc = query_text(db, "PRAGMA foreign_key_check");
		CHECK(fkc[0] == 0, "%s: foreign_key_check after sync:\n%s", name, fkc);
		sqlite3_free(fkc);
	}
	int rc2 = ss_plan_create(&again, db, defs, opts, &err);
	if (!g_interrupted) {
		char *again_sql = rc2 == 0 ? ss_plan_to_sql(again) : NULL;
		CHECK(rc2 == 0 && ss_plan_count(again) == 0,
		      "%s: P2: syncing again is not a no-op (rc %d: %s); first plan:\n%s\n"
		      "second plan:\n%s",
		      name, rc2, rc2 ? err.message : "ok", o->plan_sql,
		      again_sql ? again_sql : "(none)");
		ss_free(again_sql);
		check_clean(db, "after the second ss_plan_create");
	}
	ss_plan_free(again);
}

static void run_strategy(outcome *o, const char *defs, ss_strategy strategy, int fk,
			 int destructive)
{
	ss_options opts = SS_OPTIONS_INIT;
	ss_error err;
	ss_plan *plan = NULL, *applied = NULL;
	sqlite3 *db = open_baseline(fk);
	char *before = dump(db);
	opts.strategy = strategy;
	opts.allow_destructive = destructive;
	memset(o, 0, sizeof(*o));
	int interrupted = dry_run(o, &plan, db, defs, &opts, before);

	/* 2. the sync: atomic on failure */
	g_progress = 0;
	g_interrupted = 0;
	int rc = ss_sync(&applied, db, defs, &opts, &err);
	interrupted |= g_interrupted;
	o->sync_rc = g_interrupted ? 1 : rc;
	if (g_verbose)
		fprintf(stderr, "  %s: plan %s (%zu statements), sync %s%s%.200s\n",
			sname(strategy), ss_error_name(o->plan_rc),
			plan ? ss_plan_count(plan) : (size_t)0, ss_error_name(rc), rc ? ": " : "",
			rc ? err.message : "");
	g_progress = 0;
	g_interrupted = 0;
	if (!interrupted) {
		check_clean(db, rc ? "after a failed ss_sync" : "after ss_sync");
		if (rc != 0) {
			char *after = dump(db);
			CHECK(strcmp(before, after) == 0,
			      "%s: failed ss_sync (%s: %s) left the database changed:\nbefore:\n%s\n"
			      "after:\n%s",
			      sname(strategy), ss_error_name(rc), err.message, before, after);
			sqlite3_free(after);
		} else {
			check_synced(o, applied, db, defs, &opts, fk);
		}
	}
	ss_plan_free(plan);
	ss_plan_free(applied);
	sqlite3_free(before);
	sqlite3_close(db);
	if (interrupted)
		o->plan_rc = 1; /* not comparable */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *v = getenv("SS_FUZZ_VERBOSE");
	g_verbose = v != NULL && strcmp(v, "1") == 0;
	fuzz_tune_process(); /* before SQLite starts */
	build_image();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	if (g_image == NULL)
		build_image();
	char *defs = fuzz_text(data, size, NULL);
	g_input = defs;
	fuzz_setup("definitions_fuzzer", print_input);
	int fk = strstr(defs, "-- fk:off") == NULL;
	int destructive = strstr(defs, "-- destructive:off") == NULL;

	outcome a, b;
	run_strategy(&a, defs, SS_STRATEGY_SCRATCH_DB, fk, destructive);
	run_strategy(&b, defs, SS_STRATEGY_PREFIX, fk, destructive);
	if (a.plan_rc == 0 && b.plan_rc == 0)
		CHECK(strcmp(a.plan_sql, b.plan_sql) == 0,
		      "P4: the strategies plan differently:\nscratch-db:\n%s\nprefix:\n%s",
		      a.plan_sql, b.plan_sql);
	else if (a.plan_rc <= 0 && b.plan_rc <= 0 && !fuzz_skip_known("target-qualifier"))
		/* bug id "target-qualifier" (ON main.t handled differently by the strategies;
		 * fixed, the id stays skippable should it reopen: known-failing.txt) */
		CHECK((a.plan_rc == 0) == (b.plan_rc == 0),
		      "P4: one strategy plans, the other fails:\nscratch-db: %s\nprefix: %s",
		      a.plan_rc ? a.message : "ok", b.plan_rc ? b.message : "ok");
	/* What the engine accepts, SQLite accepts: the definitions build alone in an empty
	 * database (bug id "accepts-invalid", fixed; skippable through known-failing.txt). */
	if ((a.sync_rc == 0 || b.sync_rc == 0) && !fuzz_skip_known("accepts-invalid")) {
		sqlite3 *fresh = open_limited();
		g_progress = 0;
		g_interrupted = 0;
		int rc = sqlite3_exec(fresh, defs, NULL, NULL, NULL);
		CHECK(rc == SQLITE_OK || g_interrupted,
		      "the sync accepted definitions that SQLite rejects in an empty database: %s",
		      sqlite3_errmsg(fresh));
		sqlite3_close(fresh);
	}
	ss_free(a.plan_sql);
	ss_free(b.plan_sql);
	free(defs);
	g_input = NULL;
	return 0;
}
