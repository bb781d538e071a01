/* SPDX-License-Identifier: MIT */
/*
 * P10 connection restored (SPEC §4): after every sync, successful or not, the caller's
 * connection is as the caller left it: PRAGMA foreign_keys and defer_foreign_keys, the
 * transaction state (autocommit, or the caller's open transaction or savepoint), the
 * attached databases (and what the caller's own attached database holds, and the limit on
 * their number) and the authorizer; and where foreign keys were enforced, an orphan insert is still rejected.
 *
 * The runner sets the connection up as a real caller would, from the case's config: a
 * database of its own attached (holding tables named like main's, and a scratch-prefixed
 * table with a row, which no sync may touch), a transaction open (BEGIN or SAVEPOINT) with a
 * SAVEPOINT txn hook passed to the engine, defer_foreign_keys on inside it, a harmless
 * authorizer that counts its calls, SQLITE_LIMIT_ATTACHED already reached (auto must fall
 * back to prefix). The state is read before the sync and compared after.
 * The authorizer cannot be read back from SQLite: a statement prepared after the sync must
 * still reach it (its count grows).
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUX "caller_aux"

/* ---- the caller's transaction hook ---------------------------------------------------------- */

static int hook_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	char msg[300];
	(void)ctx;
	if (sh_exec(db, "SAVEPOINT ss_caller_sync", msg, sizeof(msg)) != SQLITE_OK)
		return sh_fail(err, SS_E_SQLITE, "SAVEPOINT failed: %s", msg);
	return 0;
}

static int hook_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	char msg[300];
	(void)ctx;
	if (sh_exec(db, "RELEASE ss_caller_sync", msg, sizeof(msg)) != SQLITE_OK)
		return sh_fail(err, SS_E_SQLITE, "RELEASE failed: %s", msg);
	return 0;
}

/* The hook contract says rollback must not fail: a statement that failed on memory (a
 * fault campaign fails one allocation) is tried again, as a real caller's must be; a RELEASE
 * after a failed ROLLBACK TO would keep the sync's scratch objects in the caller's
 * transaction. */
static void hook_rollback(void *ctx, sqlite3 *db)
{
	(void)ctx;
	for (int i = 0; i < 3 && sh_exec(db, "ROLLBACK TO ss_caller_sync", NULL, 0) != SQLITE_OK;
	     i++)
		;
	for (int i = 0; i < 3 && sh_exec(db, "RELEASE ss_caller_sync", NULL, 0) != SQLITE_OK; i++)
		;
}

static const ss_txn_hook caller_hook = {hook_begin, hook_commit, hook_rollback, NULL};

const ss_txn_hook *sh_conn_txn_hook(void)
{
	return &caller_hook;
}

/* ---- reading the state ---------------------------------------------------------------------- */

static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = sh_prepare(db, sql);
	int v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* temp is part of every connection; pragma_database_list shows it only once SQLite has
 * opened it (any look at the temp schema does), which changes nothing: left out. */
static char *database_list(sqlite3 *db)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT name, file FROM pragma_database_list WHERE name <> 'temp' "
			       "ORDER BY seq");
	while (st && sqlite3_step(st) == SQLITE_ROW)
		sh_buf_printf(&b, "%s=%s;", sh_col_text(st, 0), sh_col_text(st, 1));
	sqlite3_finalize(st);
	return sh_buf_take(&b);
}

/* What the caller's attached database holds: its schema and every row. */
static char *aux_dump(sqlite3 *db)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st = sh_prepare(db, "SELECT type, name, sql FROM " AUX ".sqlite_schema "
					  "ORDER BY type, name");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		sh_buf_printf(&b, "%s %s: %s\n", sh_col_text(st, 0), sh_col_text(st, 1),
			      sh_col_text(st, 2));
		if (strcmp(sh_col_text(st, 0), "table"))
			continue;
		sh_buf q;
		sh_buf_init(&q);
		sh_buf_adds(&q, "SELECT * FROM " AUX ".");
		sh_buf_ident(&q, sh_col_text(st, 1));
		sqlite3_stmt *r = sh_prepare(db, q.data);
		while (r && sqlite3_step(r) == SQLITE_ROW) {
			sh_buf_adds(&b, "  row:");
			for (int i = 0; i < sqlite3_column_count(r); i++) {
				sh_buf_addc(&b, ' ');
				sh_buf_value(&b, r, i);
			}
			sh_buf_addc(&b, '\n');
		}
		sqlite3_finalize(r);
		sh_buf_free(&q);
	}
	if (!st)
		sh_buf_printf(&b, "! %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return sh_buf_take(&b);
}

static int counting_authorizer(void *arg, int code, const char *a1, const char *a2, const char *db,
			       const char *trigger)
{
	(void)code;
	(void)a1;
	(void)a2;
	(void)db;
	(void)trigger;
	((sh_conn *)arg)->auth_calls++;
	return SQLITE_OK;
}

/* Does a statement prepared now reach the caller's authorizer? */
static int authorizer_reached(sqlite3 *db, sh_conn *c)
{
	long before = c->auth_calls;
	sqlite3_stmt *st = sh_prepare(db, "SELECT 1");
	sqlite3_finalize(st);
	return c->auth_calls > before;
}

static void snapshot(sh_conn *c, sqlite3 *db)
{
	c->fk = pragma_int(db, "PRAGMA foreign_keys");
	c->defer = pragma_int(db, "PRAGMA defer_foreign_keys");
	c->autocommit = sqlite3_get_autocommit(db);
	c->attach_max = sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1);
	c->dblist = database_list(db);
	c->aux = c->attached ? aux_dump(db) : NULL;
}

/* ---- setting it up ---------------------------------------------------------------------------- */

/* The caller's database: tables named like two of main's (one column, one row) and a
 * scratch-prefixed table holding a row. A sync reads and writes main only; an engine that
 * looks up names across schemas finds these. */
static void attach_aux(sqlite3 *db)
{
	sh_exec(db, "ATTACH ':memory:' AS " AUX, NULL, 0);
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM main.sqlite_schema WHERE type IN "
					  "('table', 'view', 'index') AND name NOT LIKE "
					  "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid LIMIT 3");
	sh_buf q;
	sh_buf_init(&q);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		sh_buf_adds(&q, "CREATE TABLE " AUX ".");
		sh_buf_ident(&q, sh_col_text(st, 0));
		sh_buf_adds(&q, "(x); INSERT INTO " AUX ".");
		sh_buf_ident(&q, sh_col_text(st, 0));
		sh_buf_adds(&q, " VALUES ('caller''s');");
	}
	sqlite3_finalize(st);
	sh_buf_adds(&q, "CREATE TABLE IF NOT EXISTS " AUX ".\"" SS_DEFAULT_SCRATCH_PREFIX
			"aux\"(x); INSERT INTO " AUX ".\"" SS_DEFAULT_SCRATCH_PREFIX
			"aux\" VALUES (1);");
	sh_exec(db, q.data, NULL, 0);
	sh_buf_free(&q);
}

void sh_conn_setup(sh_judge *x, sqlite3 *live, sh_conn *c)
{
	const ss_case_config *k = &x->c->config;
	memset(c, 0, sizeof(*c));
	c->txn = k->profile ? 0 : k->caller_txn;
	c->attached = k->attached && !k->profile;
	c->auth_on = k->authorizer && !k->profile;
	if (c->attached)
		attach_aux(live);
	/* LIKE made case-sensitive by the caller (undone by the runner after the sync, before
	 * the oracles' own queries) */
	if (k->case_sensitive_like)
		sh_exec(live, "PRAGMA case_sensitive_like = ON", NULL, 0);
	if (k->attach_limit && !k->profile) {
		/* no room for one more database: the scratch database cannot be attached */
		c->limit_set = 1;
		c->old_limit = sqlite3_limit(live, SQLITE_LIMIT_ATTACHED, c->attached);
	}
	if (c->txn == SS_CALLER_BEGIN)
		sh_exec(live, "BEGIN", NULL, 0);
	else if (c->txn == SS_CALLER_SAVEPOINT)
		sh_exec(live, "SAVEPOINT caller_sp", NULL, 0);
	/* defer_foreign_keys is reset by every COMMIT: it means something inside a
	 * transaction only, so it is set only in the caller's */
	if (c->txn && k->defer_foreign_keys)
		sh_exec(live, "PRAGMA defer_foreign_keys=ON", NULL, 0);
	if (c->auth_on)
		sqlite3_set_authorizer(live, counting_authorizer, c);
	snapshot(c, live);
}

void sh_conn_free(sh_conn *c)
{
	free(c->dblist);
	free(c->aux);
	c->dblist = c->aux = NULL;
}

/* ---- P10 ---------------------------------------------------------------------------------------- */

/* (Under the profile, ss_durable_object_install lowers the limits itself, for good: the
 * harness' doing, not the sync's; SQLITE_LIMIT_ATTACHED is not compared there.) */
static void compare(sh_judge *x, const sh_conn *b, const sh_conn *a, const char *when)
{
	char d[600];
	if (a->fk != b->fk)
		sh_violate(x, SS_P10, "PRAGMA foreign_keys was %d before the sync, %d after %s",
			   b->fk, a->fk, when);
	else if (a->defer != b->defer)
		sh_violate(x, SS_P10,
			   "PRAGMA defer_foreign_keys was %d before the sync, %d after %s",
			   b->defer, a->defer, when);
	else if (a->autocommit != b->autocommit)
		sh_violate(x, SS_P10,
			   "the caller's transaction was %s before the sync, %s after %s",
			   b->autocommit ? "not open" : "open", a->autocommit ? "not open" : "open",
			   when);
	else if (a->attach_max != b->attach_max && !x->c->config.profile)
		sh_violate(x, SS_P10, "SQLITE_LIMIT_ATTACHED was %d before the sync, %d after %s",
			   b->attach_max, a->attach_max, when);
	else if (strcmp(a->dblist, b->dblist))
		sh_violate(x, SS_P10, "attached databases were %s before the sync, %s after %s",
			   b->dblist, a->dblist, when);
	else if (b->aux && strcmp(a->aux, b->aux)) {
		ss_oracle_diff(d, sizeof(d), a->aux, b->aux);
		sh_violate(x, SS_P10, "the caller's attached database changed %s: %s", when, d);
	}
}

/* End the caller's transaction as a caller would (commit); detach its database and remove
 * its authorizer, so the oracles see main alone. */
static void finish(sh_judge *x, sqlite3 *live, sh_conn *b, int rc)
{
	char msg[300];
	if (b->txn) {
		const char *end = b->txn == SS_CALLER_BEGIN ? "COMMIT" : "RELEASE caller_sp";
		if (sh_exec(live, end, msg, sizeof(msg)) != SQLITE_OK) {
			/* SQLite's deferred-constraint counter counts rows that already violated a
			 * foreign key when a rebuild copies them: not the engine's doing */
			int benign = x->fk_dirty && strstr(msg, "FOREIGN KEY");
			if (!benign)
				sh_violate(x, SS_P10,
					   "the caller's %s failed after the sync %s: %s", end,
					   rc == SS_OK ? "succeeded" : "failed", msg);
			sh_exec(live, "ROLLBACK", NULL, 0);
		}
	}
	if (b->auth_on)
		sqlite3_set_authorizer(live, NULL, NULL);
	if (b->limit_set)
		sqlite3_limit(live, SQLITE_LIMIT_ATTACHED, b->old_limit);
	if (b->attached)
		sh_exec(live, "DETACH " AUX, NULL, 0);
}

void sh_oracle_p10_restored(sh_judge *x, sqlite3 *live, sh_conn *b, int rc)
{
	sh_conn a;
	memset(&a, 0, sizeof(a));
	a.attached = b->attached;
	const char *when = rc == SS_OK ? "it succeeded" : "it failed";
	sh_checked(x, SS_P10);
	int reached = b->auth_on ? authorizer_reached(live, b) : 1;
	snapshot(&a, live);
	compare(x, b, &a, when);
	if (!reached)
		sh_violate(x, SS_P10,
			   "the caller's authorizer is no longer called after the sync (%s): it "
			   "was replaced or removed",
			   when);
	sh_conn_free(&a);
	finish(x, live, b, rc);
}

/* A child table of live with a single-column foreign key (not excluded, not prefixed). */
static int pick_child(sqlite3 *live, sh_judge *x, char **table, char **col)
{
	sqlite3_stmt *st = sh_prepare(
		live, "SELECT m.name, f.\"from\" FROM main.sqlite_schema m, "
		      "pragma_foreign_key_list(m.name, 'main') f WHERE m.type = 'table' AND "
		      "substr(m.name, 1, 7) <> 'sqlite_' AND (SELECT count(*) FROM "
		      "pragma_foreign_key_list(m.name, 'main') g WHERE g.id = f.id) = 1 "
		      "ORDER BY m.name, f.id");
	int found = 0;
	while (!found && st && sqlite3_step(st) == SQLITE_ROW) {
		const char *t = sh_col_text(st, 0);
		if (sh_judge_excluded(x, t) ||
		    !strncmp(t, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX)))
			continue;
		*table = sh_strdup(t);
		*col = sh_strdup(sh_col_text(st, 1));
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

/* Does foreign_key_check report a row of table (the committed orphan)? Else the insert
 * was harmless after all (inconclusive). */
static int orphan_stored(sqlite3 *live, const char *table)
{
	sqlite3_stmt *st = sh_prepare(live, "SELECT 1 FROM pragma_foreign_key_check(?1, 'main')");
	int found = 0;
	if (st) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

void sh_oracle_p10_enforced(sh_judge *x, sqlite3 *live)
{
	char *table = NULL, *col = NULL, msg[300];
	if (!x->c->config.foreign_keys || !pick_child(live, x, &table, &col))
		return;
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_adds(&q, "INSERT INTO main.");
	sh_buf_ident(&q, table);
	sh_buf_addc(&q, '(');
	sh_buf_ident(&q, col);
	sh_buf_adds(&q, ") VALUES (-918273645)");
	/* the table's own triggers could delete the row or create its parent: off for the
	 * probe (the harness' setting, restored after it) */
	int triggers = 1;
	sqlite3_db_config(live, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &triggers);
	sh_exec(live, "SAVEPOINT sh_orphan", NULL, 0);
	int rc = sh_exec(live, q.data, msg, sizeof(msg));
	if (rc == SQLITE_OK) {
		/* a deferred key is checked when the (outermost) savepoint commits */
		rc = sh_exec(live, "RELEASE sh_orphan", msg, sizeof(msg));
		if (rc == SQLITE_OK && orphan_stored(live, table))
			sh_violate(x, SS_P10,
				   "foreign keys were enforced before the sync, but an orphan row "
				   "was accepted in %s.%s after it",
				   table, col);
		else if (rc != SQLITE_OK)
			sh_exec(live, "ROLLBACK", NULL, 0);
	} else {
		/* rejected: by the foreign key, or (inconclusive) by another constraint */
		sh_exec(live, "ROLLBACK TO sh_orphan", NULL, 0);
		sh_exec(live, "RELEASE sh_orphan", NULL, 0);
	}
	sqlite3_db_config(live, SQLITE_DBCONFIG_ENABLE_TRIGGER, triggers, NULL);
	sh_buf_free(&q);
	free(table);
	free(col);
}
