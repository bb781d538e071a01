/* SPDX-License-Identifier: MIT */
/*
 * Applying a plan: every statement in order, in one transaction through the caller's hook
 * (default BEGIN IMMEDIATE / COMMIT / ROLLBACK; a caller already inside a transaction, or a
 * Durable Object, supplies its own). The transaction is opened first (ss__apply_open), so
 * that the sync driver can check, under the write lock, that the schema it planned from is
 * still the live one (sync.c); then the crash leftovers are dropped and the plan runs
 * (ss__apply_run). On any error the transaction is rolled back and the error names the
 * failing statement and SQLite's message, with an error kind true to its cause (a violated
 * constraint is SS_E_CONSTRAINT, anything else SQLite's). The foreign-key handling around
 * the transaction is apply_fk.c.
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

int ss__apply_open(sync_ctx *c, const ss_plan *p, ss_apply *a)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	int rc;
	a->open = 0;
	if ((rc = ss__fk_guard_begin(&a->fk, c->db, p, c->err)) != 0) {
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
#if SS_PLANT_BUG == SS_BUG_FK_NOT_RESTORED
	return; /* planted bug: a failed plan returns before enforcement is restored */
#endif
	ss__fk_guard_end(&a->fk, c->db);
}

int ss__apply_run(sync_ctx *c, const ss_plan *p, ss_apply *a)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	sqlite3 *db = c->db;
	int rc;
	/* a crashed sync's leftovers go in the same transaction: a failure keeps them */
	if ((c->leftovers > 0 && (rc = ss__leftovers_drop(c)) != 0) ||
	    (rc = run_statements(db, p, c->err)) != 0 ||
	    (rc = ss__fk_guard_check(&a->fk, db, c->err)) != 0 ||
	    (rc = hook->commit(hook->ctx, db, c->err)) != 0) {
		ss__apply_abort(c, a);
		return rc;
	}
	a->open = 0;
	ss__fk_guard_end(&a->fk, db);
	return 0;
}
