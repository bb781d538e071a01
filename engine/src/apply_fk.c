/* SPDX-License-Identifier: MIT */
/*
 * The whole foreign-key story of applying a plan, around its one transaction:
 *
 *  1. Before the transaction: with enforcement on, a plan that rebuilds or drops a table
 *     referenced by another table (its own new copy included), or copies rows at all,
 *     switches enforcement off. DROP TABLE of a referenced table deletes implicitly and
 *     fires ON DELETE actions in its children, even with defer_foreign_keys; and copying
 *     rows into a table whose parent is created later in the plan fails with "no such
 *     table". SQLite honours PRAGMA foreign_keys only outside a transaction; inside the
 *     caller's own, sqlite3_db_config(SQLITE_DBCONFIG_ENABLE_FKEY) still switches it (the
 *     PRAGMA is what refuses, not the connection). Under the Durable Object profile the
 *     caller's runtime offers neither: the switch is impossible, and if the referencing
 *     tables hold rows the sync is refused (their rows would be deleted or changed).
 *  2. Inside the transaction: where enforcement stays on, defer_foreign_keys, so the
 *     plan's intermediate states may violate (SQLite turns it off again at COMMIT or
 *     ROLLBACK of the outermost transaction; under a caller's savepoint it is put back to
 *     the caller's setting in step 4). The violations already there are counted now.
 *  3. Before COMMIT: PRAGMA foreign_key_check must not report more violations than before
 *     the plan (rows that already violated are the caller's business), or everything is
 *     rolled back as SS_E_CONSTRAINT, naming the first violation. Where enforcement stayed
 *     on, SQLite's own deferred-violation counter must also be zero if it was before: the
 *     two disagree (a REAL child key 1.0 under an INTEGER PRIMARY KEY parent 1 passes the
 *     check, yet enforcement counts it), and a counter left up makes the COMMIT fail, or,
 *     inside a caller's transaction, the caller's own COMMIT after a "successful" sync.
 *  4. After the transaction, committed or not: enforcement back on if it was switched off
 *     (the same way), defer_foreign_keys as the caller had it.
 *
 * The planner only reports what the plan does (plan.h: touches_referenced, copies_rows,
 * referencing_rows); every decision about the connection is taken here.
 */
#include "sync.h"

#include <stdio.h>

static int count_fk_violations(sqlite3 *db, int *out)
{
	return ss__read_int(db, "SELECT count(*) FROM pragma_foreign_key_check", out);
}

/* Does SQLite's enforcement hold unresolved (deferred) violations on db? 1 also when the
 * status cannot be read (nothing is then concluded from it). */
static int enforcement_pending(sqlite3 *db)
{
	int cur = 0, high = 0;
	return sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &cur, &high, 0) != SQLITE_OK ||
	       cur != 0;
}

/* "row 3 of \"c\" references missing \"p\"" for the first violation, into buf. */
static void first_fk_violation(sqlite3 *db, char *buf, size_t cap)
{
	sqlite3_stmt *st = NULL;
	buf[0] = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check "
			       "LIMIT 1",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, cap, "; first: row %lld of \"%s\" references a missing row of \"%s\"",
			 (long long)sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

/* Does p need enforcement off (it rebuilds or drops a referenced table, or copies rows)? */
static int needs_switch(const ss_plan *p)
{
	return p->touches_referenced || p->copies_rows;
}

/* Enforcement off (switch != 0) or back on, the way g switches it; 0 or SQLite's error. */
static int set_enforcement(const ss_fk_guard *g, sqlite3 *db, int on)
{
	if (!g->by_config)
		return ss__exec_cleanup(db, on ? "PRAGMA foreign_keys = ON"
					       : "PRAGMA foreign_keys = OFF");
	int now = -1;
	return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, on, &now);
}

int ss__fk_guard_begin(ss_fk_guard *g, sqlite3 *db, const ss_plan *p, int in_runtime, ss_error *err)
{
	int rc;
	g->on = g->switched = g->before = g->defer_was = g->defer_read = g->pending = 0;
	/* outside a transaction the PRAGMA; inside the caller's, the connection setting,
	 * unless the caller's runtime (a Durable Object) allows neither */
	g->by_config = !sqlite3_get_autocommit(db) && !in_runtime;
	g->could = sqlite3_get_autocommit(db) || g->by_config;
	if ((rc = ss__read_int(db, "PRAGMA foreign_keys", &g->on)) != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc),
				"reading PRAGMA foreign_keys: %s", sqlite3_errmsg(db));
	/* the caller's setting, put back after the transaction (a savepoint hook inside the
	 * caller's own transaction would leave it on until that one ends) */
	rc = ss__read_int(db, "PRAGMA defer_foreign_keys", &g->defer_was);
	g->defer_read = rc == SQLITE_OK;
	/* denied (a profile's authorizer): left alone; unreadable otherwise: it could not be
	 * put back after the apply, so nothing is applied */
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_AUTH)
		return ss__fail(err, ss__map_sqlite_error(db, rc),
				"reading PRAGMA defer_foreign_keys: %s", sqlite3_errmsg(db));
#if SS_PLANT_BUG == SS_BUG_FK_OFF_IN_TXN
	/* planted bug: the switch is left to ss__fk_guard_enter, inside the transaction, where
	 * SQLite ignores it; nobody reads the setting back */
	if (g->on && needs_switch(p))
		g->switched = 1;
	if (0) {
#else
	if (g->on && needs_switch(p)) {
#endif
		if (g->could) {
			/* a switch that failed (memory, I/O) is that failure, not a refusal:
			 * the refusal below is for a switch SQLite does not honour */
			int now = 1;
			int src = set_enforcement(g, db, 0);
			if (src == SQLITE_OK)
				src = ss__read_int(db, "PRAGMA foreign_keys", &now);
			if (src != SQLITE_OK) {
				g->switched = 1; /* ss__fk_guard_end switches it back on */
				return ss__fail(err, ss__map_sqlite_error(db, src),
						"switching foreign-key enforcement off: %s",
						sqlite3_errmsg(db));
			}
			g->switched = g->could = now == 0;
		}
		if (!g->switched && p->referencing_rows)
			return ss__fail(
				err, SS_E_REFUSED,
				"refusing to rebuild or drop a table referenced by foreign keys "
				"of tables holding rows while enforcement is on and cannot be "
				"switched off (a transaction is open and the Durable Object "
				"runtime offers no other switch): SQLite's DROP TABLE would "
				"delete or change child rows");
	}
	return 0;
}

int ss__fk_guard_fits(const ss_fk_guard *g, const ss_plan *p)
{
	if (!g->on || g->switched || !needs_switch(p))
		return 1;
	/* it would have been switched off, or the plan refused */
	return !g->could && !p->referencing_rows;
}

int ss__fk_guard_enter(ss_fk_guard *g, sqlite3 *db, ss_error *err)
{
	int rc;
	if (!g->on)
		return 0;
	/* without deferral the plan's statements would fail on their way through a state
	 * that violates a key, and that would read as a constraint the rows break */
	if (!g->switched && (rc = ss__exec1(db, "PRAGMA defer_foreign_keys = ON")) != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc),
				"PRAGMA defer_foreign_keys = ON: %s", sqlite3_errmsg(db));
	g->pending = enforcement_pending(db);
#if SS_PLANT_BUG == SS_BUG_FK_OFF_IN_TXN
	if (g->switched)
		ss__exec1(db, "PRAGMA foreign_keys = OFF"); /* planted bug: a no-op here */
#endif
	return 0;
}

int ss__fk_guard_baseline(ss_fk_guard *g, sqlite3 *db, ss_error *err)
{
	int rc;
	if (!g->on)
		return 0;
	/* counted inside the transaction: the state the plan starts from */
	if ((rc = count_fk_violations(db, &g->before)) != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc), "PRAGMA foreign_key_check: %s",
				sqlite3_errmsg(db));
	return 0;
}

int ss__fk_guard_check(const ss_fk_guard *g, sqlite3 *db, ss_error *err)
{
	if (!g->on)
		return 0;
	int after = 0;
	/* a check that could not run (memory, I/O) is SQLite's failure, not a violation */
	int rc = count_fk_violations(db, &after);
	if (rc != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc), "PRAGMA foreign_key_check: %s",
				sqlite3_errmsg(db));
	if (after > g->before) {
		char first[600];
		first_fk_violation(db, first, sizeof(first));
		return ss__fail(err, SS_E_CONSTRAINT,
				"FOREIGN KEY constraint failed: %d new violation(s) after the "
				"change%s",
				after - g->before, first);
	}
	if (!g->switched && !g->pending && enforcement_pending(db))
		return ss__fail(err, SS_E_CONSTRAINT,
				"FOREIGN KEY constraint failed: SQLite's enforcement counts a "
				"violation after the change that foreign_key_check does not report "
				"(a REAL child key under an INTEGER PRIMARY KEY parent, for "
				"instance); the transaction could not commit");
	return 0;
}

void ss__fk_guard_end(ss_fk_guard *g, sqlite3 *db)
{
	if (g->switched)
		set_enforcement(g, db, 1);
	g->switched = 0;
	int now = g->defer_was;
	/* a setting that cannot be read back (memory) is put back anyway */
	if (g->defer_read && (ss__read_int(db, "PRAGMA defer_foreign_keys", &now) != SQLITE_OK ||
			      now != g->defer_was))
		ss__exec_cleanup(db, g->defer_was ? "PRAGMA defer_foreign_keys = ON"
						  : "PRAGMA defer_foreign_keys = OFF");
	g->defer_read = 0;
}
