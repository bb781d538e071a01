/* SPDX-License-Identifier: MIT */
/*
 * Applying a plan: every statement in order, in one transaction through the caller's hook
 * (default BEGIN IMMEDIATE / COMMIT / ROLLBACK; a caller already inside a transaction, or a
 * Durable Object, supplies its own). On any error the transaction is rolled back and the
 * error names the failing statement and SQLite's message, with an error kind true to its
 * cause (a violated constraint is SS_E_CONSTRAINT, anything else SQLite's). The foreign-key
 * handling around the transaction is apply_fk.c.
 */
#include "sync.h"

/* The plan's statements, in order; the first failure names its statement. */
static int run_statements(sqlite3 *db, const ss_plan *p, ss_error *err)
{
	for (size_t i = 0; i < p->n; i++) {
		int src = ss__exec1(db, ss_plan_statement(p, i));
		if (src != SQLITE_OK)
			return ss__fail(err, ss__map_sqlite_error(db, src),
					"statement failed: %s: %s", ss_plan_statement(p, i),
					sqlite3_errmsg(db));
	}
	return 0;
}

int ss__apply_plan(sync_ctx *c, const ss_plan *p)
{
	sqlite3 *db = c->db;
	ss_error *err = c->err;
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	ss_fk_guard fk;
	int rc;
	if (p->n == 0 && c->leftovers == 0)
		return 0;
	if ((rc = ss__fk_guard_begin(&fk, db, p, err)) != 0)
		goto restore;
	if ((rc = hook->begin(hook->ctx, db, err)) != 0)
		goto restore;
	ss__fk_guard_defer(&fk, db);
	/* a crashed sync's leftovers go in the same transaction: a failure keeps them */
	if ((c->leftovers > 0 && (rc = ss__leftovers_drop(c)) != 0) ||
	    (rc = run_statements(db, p, err)) != 0 ||
	    (rc = ss__fk_guard_check(&fk, db, err)) != 0 ||
	    (rc = hook->commit(hook->ctx, db, err)) != 0)
		hook->rollback(hook->ctx, db);
restore:
	ss__fk_guard_end(&fk, db);
	return rc;
}
