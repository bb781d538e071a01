/* SPDX-License-Identifier: MIT */
/*
 * Database helpers shared by the unit tests that need a live SQLite connection
 * (test_schema.c, test_plan.c, test_sync.c, test_vtab.c, ...): open an in-memory database,
 * run SQL that must succeed, read single values, dump the engine's model of a schema, and
 * take a logical snapshot (schema, every row of every table as a sorted multiset with
 * rowids, sqlite_sequence) so a test can assert that a failed sync changed nothing. Header-only, every function static inline, so each test
 * file uses what it needs without unused-function warnings. Include after <cmocka.h>.
 */
#ifndef SS_UNIT_DB_H
#define SS_UNIT_DB_H

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static inline sqlite3 *udb_open(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	return db;
}

static inline void udb_close(sqlite3 *db)
{
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Run sql (any number of statements); the test fails with SQLite's message on error. */
static inline void udb_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		print_error("SQL failed: %s\n  in: %s\n", msg ? msg : "?", sql);
		sqlite3_free(msg);
		fail();
	}
}

/* First column of the first row as an integer; -1000 when there is no row or on error. */
static inline long long udb_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1000;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Growable string for snapshots (plain malloc: independent of the engine's allocator). */
typedef struct udb_str {
	char *s;
	size_t n, cap;
} udb_str;

static inline void udb_str_add(udb_str *b, const char *s)
{
	size_t n = strlen(s);
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 256) + n;
		char *p = realloc(b->s, cap);
		assert_non_null(p);
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n + 1);
	b->n += n;
}

static inline int udb_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of one query, each as "quote(c1)|quote(c2)|...", sorted, appended to out. */
static inline int udb_rows(sqlite3 *db, const char *sql, udb_str *out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	char **rows = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		udb_str row = {0};
		udb_str_add(&row, "");
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			char *q = NULL;
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_NULL:
				q = sqlite3_mprintf("NULL");
				break;
			case SQLITE_INTEGER:
				q = sqlite3_mprintf("%lld", sqlite3_column_int64(st, c));
				break;
			case SQLITE_FLOAT:
				q = sqlite3_mprintf("%!.17g", sqlite3_column_double(st, c));
				break;
			case SQLITE_BLOB:
				q = sqlite3_mprintf("blob%d", sqlite3_column_bytes(st, c));
				break;
			default:
				q = sqlite3_mprintf("%Q", (const char *)sqlite3_column_text(st, c));
				break;
			}
			udb_str_add(&row, c ? "|" : "");
			udb_str_add(&row, q);
			sqlite3_free(q);
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **p = realloc(rows, cap * sizeof(char *));
			assert_non_null(p);
			rows = p;
		}
		rows[n++] = row.s;
	}
	sqlite3_finalize(st);
	if (n > 1)
		qsort(rows, n, sizeof(char *), udb_cmp_strp);
	for (size_t i = 0; i < n; i++) {
		udb_str_add(out, "  ");
		udb_str_add(out, rows[i]);
		udb_str_add(out, "\n");
		free(rows[i]);
	}
	free(rows);
	return 0;
}

/*
 * A logical snapshot of main: sqlite_schema (type, name, tbl_name, sql) sorted, then every
 * table's rows (with the rowid for rowid tables) as a sorted multiset, sqlite_sequence
 * included. Free with free().
 */
static inline char *udb_snapshot(sqlite3 *db)
{
	udb_str out = {0};
	udb_str_add(&out, "schema:\n");
	assert_int_equal(udb_rows(db,
				  "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
				  "ORDER BY type, name",
				  &out),
			 0);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM main.sqlite_schema WHERE type = "
					    "'table' ORDER BY name",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *q1 = sqlite3_mprintf("SELECT _rowid_, * FROM main.\"%w\"", name);
		char *q2 = sqlite3_mprintf("SELECT * FROM main.\"%w\"", name);
		char *head = sqlite3_mprintf("table %s:\n", name);
		udb_str_add(&out, head);
		if (udb_rows(db, q1, &out) != 0 && udb_rows(db, q2, &out) != 0)
			udb_str_add(&out, "  (unreadable)\n");
		sqlite3_free(q1);
		sqlite3_free(q2);
		sqlite3_free(head);
	}
	sqlite3_finalize(st);
	return out.s;
}

/* Objects in main whose name starts with prefix, compared as a literal string. */
static inline long long udb_prefixed(sqlite3 *db, const char *prefix)
{
	char *q = sqlite3_mprintf("SELECT count(*) FROM main.sqlite_schema WHERE "
				  "substr(name, 1, %d) = %Q",
				  (int)strlen(prefix), prefix);
	long long n = udb_int(db, q);
	sqlite3_free(q);
	return n;
}

/* Databases attached besides main and temp. */
static inline long long udb_attached(sqlite3 *db)
{
	return udb_int(db, "SELECT count(*) FROM pragma_database_list WHERE name NOT IN "
			   "('main', 'temp')");
}

/* The engine's dump (ss_schema_dump) of db's main schema. Caller frees. */
static inline char *udb_dump(sqlite3 *db)
{
	ss_schema *s = NULL;
	ss_error err = {0, ""};
	if (ss_schema_inspect(&s, db, "main", &err) != 0)
		fail_msg("inspect: %s", err.message);
	char *d = ss_schema_dump(s);
	assert_non_null(d);
	ss_schema_free(s);
	return d;
}

/* The dump of the schema sql builds alone in a fresh database. Caller frees. */
static inline char *udb_dump_sql(const char *sql)
{
	sqlite3 *db = udb_open();
	udb_exec(db, sql);
	char *d = udb_dump(db);
	udb_close(db);
	return d;
}

/* How many statements a dry run of defs plans now (0 once a sync converged); a failed plan
 * fails the test, a non-empty one is printed. */
static inline size_t udb_plan_count(sqlite3 *db, const char *defs, const ss_options *o)
{
	ss_plan *p = NULL;
	ss_error err = {0, ""};
	int rc = ss_plan_create(&p, db, defs, o, &err);
	if (rc != 0)
		fail_msg("plan of <%.200s> failed: %d %s", defs, rc, err.message);
	size_t n = ss_plan_count(p);
	if (n != 0) {
		char *sql = ss_plan_to_sql(p);
		print_message("the plan is not empty:\n%s\n", sql);
		ss_free(sql);
	}
	ss_plan_free(p);
	return n;
}

#endif
