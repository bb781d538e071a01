/* SPDX-License-Identifier: MIT */
/*
 * Applying a plan: every statement in order, in one transaction through the caller's hook
 * (default BEGIN IMMEDIATE / COMMIT / ROLLBACK; a caller already inside a transaction, or a
 * Durable Object, supplies its own). The transaction is opened first (ss__apply_open), so
 * that the sync driver can check, under the write lock, that the schema it planned from is
 * still the live one (sync.c); then every table the plan rewrites is checked with PRAGMA
 * quick_check, the crash leftovers are dropped and the plan runs (ss__apply_run). On any error the transaction is rolled back and the error names the
 * failing statement and SQLite's message, with an error kind true to its cause (a violated
 * constraint is SS_E_CONSTRAINT, anything else SQLite's). The foreign-key handling around
 * the transaction is apply_fk.c.
 */
#include "sync.h"

#include <stdio.h>
#include <string.h>

/*
 * Did SQLite refuse statement sql because another object of the schema does not compile?
 * ALTER TABLE RENAME and DROP COLUMN re-validate every trigger and view, and a trigger
 * that names a missing table (SQLite accepts one) fails them: "error in trigger t: no such
 * table: main.x". The sync then plans again without those (sync.c).
 */
static int alter_refused(sqlite3 *db, const char *sql)
{
	const char *m = sqlite3_errmsg(db);
	return sqlite3_strnicmp(sql, "ALTER TABLE", 11) == 0 &&
	       (strncmp(m, "error in trigger ", 17) == 0 || strncmp(m, "error in view ", 14) == 0);
}

/* The plan's statements, in order; the first failure names its statement. */
static int run_statements(sync_ctx *c, const ss_plan *p)
{
	sqlite3 *db = c->db;
	ss_error *err = c->err;
	for (size_t i = 0; i < p->n; i++) {
		/* SQLite rolls the whole transaction back by itself when a statement fails on
		 * memory or I/O; a statement run after that would be committed on its own */
		if (sqlite3_get_autocommit(db))
			return ss__fail(err, SS_E_SQLITE,
					"the sync's transaction was rolled back by SQLite (after a "
					"memory or I/O error) before: %s; nothing was applied",
					ss_plan_statement(p, i));
		int src = ss__exec1(db, ss_plan_statement(p, i));
		if (src != SQLITE_OK && alter_refused(db, ss_plan_statement(p, i)))
			c->alter_refused = 1;
		if (src != SQLITE_OK)
			return ss__fail(err, ss__map_sqlite_error(db, src),
					"statement failed: %s: %s", ss_plan_statement(p, i),
					sqlite3_errmsg(db));
	}
	return 0;
}

/*
 * Is this line of quick_check about the content of readable rows (a NULL in a NOT NULL
 * column, a value of the wrong type in a STRICT table: "NULL value in t.a", "TEXT value in
 * t.b", "non-INTEGER value in t.c"; a failed CHECK) rather than about
 * damaged storage? Those lines do not mean lost rows: the copy checks the constraints again
 * on every row it inserts. SQLite 3.40 even reports "NULL value in t.a" for sound rows of a
 * WITHOUT ROWID table with a generated column. Everything else (a page, a cell, free space,
 * a tree) is damage.
 */
static int content_message(const char *m)
{
	const char *nl;
	if (strncmp(m, "*** in database ", 16) == 0 && (nl = strchr(m, '\n')) != NULL)
		m = nl + 1;
	if (strncmp(m, "CHECK constraint failed", 23) == 0)
		return 1;
	/* "<word> value in t.c": "NULL value in t.c", "non-INTEGER value in t.c", "TEXT value
	 * in t.c" */
	size_t w = 0;
	while ((m[w] >= 'A' && m[w] <= 'Z') || (m[w] >= 'a' && m[w] <= 'z') || m[w] == '-')
		w++;
	return w > 0 && strncmp(m + w, " value in ", 10) == 0;
}

/*
 * PRAGMA quick_check of one table (and its indexes) that the plan is about to rewrite. A
 * damaged page can hide rows from every scan without an error (a cell count that is too
 * small): copying the table would lose them for good and leave a database that
 * integrity_check calls ok. So a table with damaged storage is never rewritten.
 */
static int check_table(sqlite3 *db, const char *name, ss_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT quick_check FROM pragma_quick_check(?1, 'main')",
				    -1, &st, NULL);
	char msg[400];
	msg[0] = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *line = (const char *)sqlite3_column_text(st, 0);
			if (line == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (strcmp(line, "ok") == 0 || content_message(line))
				continue;
			ss__excerpt(msg, sizeof(msg), line, strlen(line));
			rc = SQLITE_CORRUPT;
			break;
		}
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK && rc != SQLITE_CORRUPT)
		snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	return ss__fail(err, SS_E_SQLITE,
			"table \"%s\" is damaged or could not be checked (PRAGMA quick_check: %s); "
			"refusing to rewrite it, which would lose the rows on damaged pages; "
			"nothing was changed",
			name, msg);
}

/*
 * Would one quick_check of the whole file cost less than one per rewritten table, and does
 * it find nothing at all? Each per-table call walks the whole schema (measured with SQLite
 * 3.40 on 32,000 objects: about 2.3 ms, some 0.07 us per object), while the whole check
 * reads every page once (about 6 us per page): so the whole check pays off when tables x
 * objects > ~85 x pages. Anything but a lone "ok" (damage anywhere, a row breaking a
 * constraint, an error) is left to the per-table checks, which tell a damaged rewritten
 * table from everything else exactly as before.
 */
static int whole_file_sound(sqlite3 *db, size_t tables)
{
	if (tables < 8)
		return 0; /* the rule needs objects > 10 x pages: never worth the two reads */
	int pages = 0, objects = 0;
	if (ss__read_int(db, "PRAGMA main.page_count", &pages) != SQLITE_OK ||
	    ss__read_int(db, "SELECT count(*) FROM main.sqlite_schema", &objects) != SQLITE_OK ||
	    (long long)tables * objects <= 85LL * pages)
		return 0;
	sqlite3_stmt *st = NULL;
	int sound = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA main.quick_check(1)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		sound = line != NULL && strcmp(line, "ok") == 0 && sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return sound;
}

/* Every table the plan rewrites, checked before the first statement. */
static int check_rewritten(sqlite3 *db, const ss_plan *p, int profile, ss_error *err)
{
	/* a Durable Object denies PRAGMA page_count: its syncs check table by table */
	if (!profile && whole_file_sound(db, p->nrewritten))
		return 0;
	size_t at = 0;
	for (size_t i = 0; i < p->nrewritten; i++) {
		int rc = check_table(db, ss__plan_rewritten_next(p, &at), err);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int ss__apply_open(sync_ctx *c, const ss_plan *p, ss_apply *a)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	int rc;
	a->open = 0;
	if ((rc = ss__fk_guard_begin(&a->fk, c->db, p,
				     c->opts->profile == SS_PROFILE_DURABLE_OBJECT, c->err)) != 0) {
		ss__fk_guard_end(&a->fk, c->db);
		return rc;
	}
	if ((rc = hook->begin(hook->ctx, c->db, c->err)) != 0) {
		ss__fk_guard_end(&a->fk, c->db);
		return rc;
	}
	a->open = 1;
	if ((rc = ss__fk_guard_enter(&a->fk, c->db, c->err)) != 0)
		ss__apply_abort(c, a);
	return rc;
}

void ss__apply_abort(sync_ctx *c, ss_apply *a)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	if (a->open)
		hook->rollback(hook->ctx, c->db);
	a->open = 0;
	ss__fk_guard_end(&a->fk, c->db);
}

int ss__apply_run(sync_ctx *c, const ss_plan *p, ss_apply *a)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	sqlite3 *db = c->db;
	int rc;
	/* a damaged table is never copied; a crashed sync's leftovers go in the same
	 * transaction, so a failure keeps them */
	int profile = c->opts->profile == SS_PROFILE_DURABLE_OBJECT;
	if ((rc = check_rewritten(db, p, profile, c->err)) != 0 ||
	    (c->leftovers > 0 && (rc = ss__leftovers_drop(c)) != 0) ||
	    (rc = ss__fk_guard_baseline(&a->fk, db, c->err)) != 0 ||
	    (rc = run_statements(c, p)) != 0 ||
	    (rc = ss__fk_guard_check(&a->fk, db, c->err)) != 0 ||
	    (rc = hook->commit(hook->ctx, db, c->err)) != 0) {
#if SS_PLANT_BUG == SS_BUG_FK_NOT_RESTORED
		/* planted bug: the failed plan rolls back and returns before enforcement (and
		 * defer_foreign_keys) is restored */
		hook->rollback(hook->ctx, db);
		a->open = 0;
		return rc;
#endif
		ss__apply_abort(c, a);
		return rc;
	}
	a->open = 0;
	ss__fk_guard_end(&a->fk, db);
	return 0;
}
