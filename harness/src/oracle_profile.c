/* SPDX-License-Identifier: MIT */
/*
 * P7, user SQL under the durable-object profile: after a sync, the connection must still
 * answer user statements the way workerd's authorizer does (its rules, in the order workerd
 * checks them, are docs/ENGINES.md's and SPEC-durable-object's: database name first, then
 * denied action codes, TRANSACTION / SAVEPOINT, virtual-table modules, the _cf_ names, the
 * PRAGMA allowlist with each pragma's argument rule, the function allowlist). The rules are
 * written here again, from the specification, as probes with the verdict each must get:
 * a statement that must be denied never prepares (SQLite may fail it for a reason of its
 * own first); one that must be allowed never fails with SQLITE_AUTH ("not authorized" for a
 * function) (it may fail for reasons of its own, a missing table). Probes
 * are prepared, never stepped, so they change nothing (a PRAGMA that sets something while it
 * is prepared goes to a fresh connection with the profile: the rule is the same). The table and column named are the
 * case's own (the first table of the desired schema, shadow tables aside), so every case
 * asks about its names.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct probe {
	const char *sql; /* %T: the case's table, %C: its first column (quoted) */
	int allowed;
	/* a setting SQLite applies while it prepares the PRAGMA (a flag, LIKE's case): judged
	 * on a fresh connection with the profile, never on the caller's */
	int sets;
} probe;

static const probe probes[] = {
	/* reads, writes and DDL on allowed names */
	{"SELECT %C FROM %T", 1, 0},
	{"SELECT %C FROM main.%T WHERE %C IS NOT NULL", 1, 0},
	{"INSERT INTO %T DEFAULT VALUES", 1, 0},
	{"UPDATE %T SET %C = %C", 1, 0},
	{"DELETE FROM %T", 1, 0},
	{"CREATE TABLE sh_probe_t (a)", 1, 0},
	{"CREATE INDEX sh_probe_i ON %T (%C)", 1, 0},
	{"CREATE VIEW sh_probe_v AS SELECT %C FROM %T", 1, 0},
	{"CREATE TRIGGER sh_probe_tr AFTER INSERT ON %T BEGIN SELECT 1; END", 1, 0},
	{"DROP TABLE %T", 1, 0},
	{"ALTER TABLE %T ADD COLUMN sh_probe_c", 1, 0},
	{"CREATE VIRTUAL TABLE sh_probe_f USING fts5(a)", 1, 0},
	{"CREATE VIRTUAL TABLE sh_probe_r USING rtree(id, x0, x1)", 1, 0},
	{"ANALYZE", 1, 0},
	{"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3) "
	 "SELECT i FROM r",
	 1, 0},
	/* the temp schema: reading an allowed name only */
	{"SELECT name FROM temp.sqlite_master", 1, 0},
	{"CREATE TEMP TABLE sh_probe_tt (a)", 0, 0},
	{"CREATE TEMP VIEW sh_probe_tv AS SELECT 1", 0, 0},
	{"CREATE TEMP TRIGGER sh_probe_ttr AFTER INSERT ON %T BEGIN SELECT 1; END", 0, 0},
	/* other databases, transactions */
	{"ATTACH ':memory:' AS sh_probe_db", 0, 0},
	{"DETACH sh_probe_db", 0, 0},
	{"BEGIN IMMEDIATE", 0, 0},
	{"COMMIT", 0, 0},
	{"ROLLBACK", 0, 0},
	{"SAVEPOINT sh_probe_sp", 0, 0},
	{"RELEASE sh_probe_sp", 0, 0},
	/* the reserved names */
	{"SELECT * FROM _cf_KV", 0, 0},
	{"SELECT * FROM _CF_METADATA", 0, 0},
	{"DROP TABLE _cf_METADATA", 0, 0},
	{"CREATE INDEX sh_probe_cf ON _cf_KV (key)", 0, 0},
	{"CREATE TABLE _Cf_probe (a)", 0, 0},
	{"CREATE VIEW _cf_probe_v AS SELECT 1", 0, 0},
	/* virtual-table modules */
	{"CREATE VIRTUAL TABLE sh_probe_f4 USING fts4(a)", 0, 0},
	{"CREATE VIRTUAL TABLE sh_probe_f3 USING fts3(a)", 0, 0},
	/* functions */
	{"SELECT abs(-1), lower('A'), coalesce(NULL, 2), json_extract('{\"a\":1}', '$.a')", 1, 0},
	{"SELECT count(*), max(%C), group_concat(%C) FROM %T", 1, 0},
	{"SELECT sqlite_version()", 0, 0},
	{"SELECT sqlite_source_id()", 0, 0},
	{"SELECT sqlite_compileoption_used('THREADSAFE')", 0, 0},
	{"SELECT sqlite_compileoption_get(0)", 0, 0},
	/* PRAGMA: the allowlist and each one's argument rule */
	{"PRAGMA table_list", 1, 0},
	{"PRAGMA table_list(%T)", 1, 0},
	{"PRAGMA table_info(%T)", 1, 0},
	{"PRAGMA main.table_xinfo(%T)", 1, 0},
	{"PRAGMA index_list(%T)", 1, 0},
	{"PRAGMA foreign_key_list(%T)", 1, 0},
	{"PRAGMA table_info(_cf_KV)", 0, 0},
	{"PRAGMA index_list(_cf_METADATA)", 0, 0},
	{"PRAGMA foreign_key_check", 1, 0},
	{"PRAGMA foreign_key_check(%T)", 1, 0},
	{"PRAGMA foreign_key_check(_cf_KV)", 0, 0},
	{"PRAGMA quick_check", 1, 0},
	{"PRAGMA quick_check(5)", 1, 0},
	{"PRAGMA quick_check(%T)", 1, 0},
	{"PRAGMA quick_check(_cf_KV)", 0, 0},
	{"PRAGMA optimize", 1, 0},
	{"PRAGMA optimize(-1)", 1, 0},
	{"PRAGMA optimize = 65538", 1, 0},
	{"PRAGMA optimize(fast)", 0, 0},
	{"PRAGMA optimize = 99999999999", 0, 0},
	{"PRAGMA data_version", 1, 0},
	{"PRAGMA page_size", 1, 0},
	{"PRAGMA page_size = 4096", 0, 0},
	{"PRAGMA foreign_keys", 1, 0},
	{"PRAGMA foreign_keys = ON", 1, 1},
	{"PRAGMA defer_foreign_keys = true", 1, 1},
	{"PRAGMA defer_foreign_keys = 'no'", 1, 1},
	{"PRAGMA recursive_triggers = 0", 1, 1},
	{"PRAGMA case_sensitive_like = yes", 1, 1},
	{"PRAGMA ignore_check_constraints = off", 1, 1},
	{"PRAGMA reverse_unordered_selects = false", 1, 1},
	{"PRAGMA legacy_alter_table = 1", 1, 1},
	{"PRAGMA foreign_keys = maybe", 0, 0},
	{"PRAGMA integrity_check", 0, 0},
	{"PRAGMA database_list", 0, 0},
	{"PRAGMA user_version", 0, 0},
	{"PRAGMA user_version = 3", 0, 0},
	{"PRAGMA schema_version", 0, 0},
	{"PRAGMA writable_schema = ON", 0, 0},
	{"PRAGMA journal_mode", 0, 0},
	{"PRAGMA cache_size = 10", 0, 0},
	{"PRAGMA table_info", 0, 0},
};

/* The first table of the desired schema a probe may name (not sqlite_, not _cf_), and its
 * first column, quoted into t and c; 0 when there is none. */
static int case_table(sh_judge *x, sh_buf *t, sh_buf *c)
{
	sqlite3_stmt *st = sh_prepare(
		x->alone, "SELECT name FROM main.sqlite_schema WHERE type = "
			  "'table' AND name NOT LIKE 'sqlite%' AND name NOT "
			  "LIKE '\\_cf\\_%' ESCAPE '\\' AND sql NOT LIKE "
			  "'create virtual%' AND" SH_NOT_SHADOW("name") "ORDER BY rowid LIMIT 1");
	int found = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		const sh_tdesc *d = sh_judge_tdesc(x, x->alone, sh_col_text(st, 0), 0);
		if (d->ncols) {
			sh_buf_ident(t, d->name);
			sh_buf_ident(c, d->cols[0].name);
			found = 1;
		}
	}
	sqlite3_finalize(st);
	return found;
}

/* sql with %T and %C replaced; NULL when it names the table and there is none. */
static char *expand(const char *sql, const sh_buf *t, const sh_buf *c, int have)
{
	sh_buf b;
	sh_buf_init(&b);
	for (const char *p = sql; *p; p++) {
		if (p[0] == '%' && (p[1] == 'T' || p[1] == 'C')) {
			if (!have) {
				sh_buf_free(&b);
				return NULL;
			}
			sh_buf_adds(&b, p[1] == 'T' ? t->data : c->data);
			p++;
		} else {
			sh_buf_addc(&b, *p);
		}
	}
	return sh_buf_take(&b);
}

void sh_oracle_p7_user_sql(sh_judge *x, sqlite3 *live)
{
	sh_buf t, c;
	sh_buf_init(&t);
	sh_buf_init(&c);
	int have = case_table(x, &t, &c);
	sh_checked(x, SS_P7);
	sqlite3 *fresh = NULL;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		char *sql = expand(probes[i].sql, &t, &c, have);
		if (!sql)
			continue;
		sqlite3 *db = live;
		if (probes[i].sets) {
			ss_error err = {0};
			if (!fresh && (fresh = sh_open_memory()) != NULL &&
			    ss_durable_object_install(fresh, &err) != SS_OK) {
				sqlite3_close(fresh);
				fresh = NULL;
			}
			db = fresh;
		}
		if (!db) {
			free(sql);
			continue;
		}
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
		/* SQLITE_AUTH, or (a function SQLite resolves) an error saying so */
		int denied = (rc & 0xff) == SQLITE_AUTH ||
			     (rc != SQLITE_OK && strstr(sqlite3_errmsg(db), "not authorized"));
		sqlite3_finalize(st);
		if (probes[i].allowed && denied)
			sh_violate(x, SS_P7,
				   "under the profile, user SQL workerd allows is denied after the "
				   "sync: %s",
				   sql);
		else if (!probes[i].allowed && rc == SQLITE_OK)
			sh_violate(
				x, SS_P7,
				"under the profile, user SQL workerd denies is allowed after the "
				"sync: %s",
				sql);
		free(sql);
		if (x->res->failed & (1u << SS_P7))
			break;
	}
	if (fresh)
		ss_durable_object_uninstall(fresh);
	sqlite3_close(fresh);
	sh_buf_free(&t);
	sh_buf_free(&c);
}
