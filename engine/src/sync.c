/* SPDX-License-Identifier: MIT */
/*
 * The sync driver: validate the definitions, take the unchanged-redeploy fast path when the
 * catalog proves it, else remove crash leftovers, inspect the live schema, materialize the
 * definitions in a scratch area (an attached in-memory database, or prefixed objects in
 * main), plan, refuse a destructive plan when asked to, and apply the plan in one
 * transaction through the caller's hook. The scratch area is cleaned on success and on
 * every failure path; a failed apply is rolled back whole. Each step is its own file (see
 * sync.h); this one only sequences them and times the phases.
 */
#define _POSIX_C_SOURCE 200809L
#include "sync.h"

#include <string.h>
#include <time.h>

static double now_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* auto: scratch-db where ATTACH can work, prefix under the durable-object profile or
 * inside a caller's transaction. */
static int choose_strategy(sync_ctx *c)
{
	const ss_options *opts = c->opts;
	c->strategy = opts->strategy;
	if (c->strategy == SS_STRATEGY_AUTO)
		c->strategy = (opts->profile == SS_PROFILE_DURABLE_OBJECT ||
			       !sqlite3_get_autocommit(c->db))
				      ? SS_STRATEGY_PREFIX
				      : SS_STRATEGY_SCRATCH_DB;
	if (opts->profile == SS_PROFILE_DURABLE_OBJECT && c->strategy == SS_STRATEGY_SCRATCH_DB)
		return ss__fail(c->err, SS_E_UNSUPPORTED,
				"scratch-db strategy is not available under the durable-object "
				"profile (ATTACH is forbidden); use prefix or auto");
	return 0;
}

/* An unchanged redeploy: *p becomes the empty plan. */
static int try_fast_path(sync_ctx *c, ss_plan **p, double t0)
{
	int unchanged = 0, rc = ss__unchanged_fast_path(c, &unchanged);
	if (rc != 0 || !unchanged)
		return rc;
	if ((*p = ss__plan_new()) == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	(*p)->strategy = c->strategy;
	(*p)->usec[1] = now_usec() - t0;
	return 0;
}

/* Leftovers found (and refused when they hold rows, before anything changes; they are
 * dropped in the sync's transaction), then the live schema without them, its columns'
 * facts left unread (sync_facts.c reads them only for the tables that differ). */
static int inspect_live(sync_ctx *c, ss_schema **live)
{
	int rc = ss__leftovers_check(c);
	if (rc != 0)
		return rc;
	ss_inspect_opts io = {"main",
			      c->prefix,
			      SS_PREFIX_SKIP,
			      c->excluded,
			      c->nexcluded,
			      1,
			      c->opts->profile == SS_PROFILE_DURABLE_OBJECT};
	if ((rc = ss__schema_inspect(live, c->db, &io, c->err)) != 0)
		return rc;
	return ss__choose_materialized(c, *live);
}

/* The desired schema: what differs materialized by the strategy, the rest borrowed. */
static int materialize(sync_ctx *c, ss_schema **desired)
{
	int rc;
	if (c->strategy == SS_STRATEGY_SCRATCH_DB) {
		rc = ss__materialize_scratch_db(c, desired);
		if (rc == SS_E_UNSUPPORTED && c->opts->strategy == SS_STRATEGY_AUTO) {
			c->strategy = SS_STRATEGY_PREFIX;
			rc = ss__materialize_prefix(c, desired);
		}
	} else {
		rc = ss__materialize_prefix(c, desired);
	}
	if (rc == 0)
		rc = ss__adopt_reused(c, *desired);
	/* The definitions' tokens are not needed past this point: free them before planning
	 * (at 10,000 tables they are a quarter of the engine's peak memory). */
	ss__defs_free(c);
	return rc;
}

/* Plan live -> desired: the facts first (from the connection), then the pure planner. The
 * destructive guard is the caller's (run): the plan is made either way, so that a refused
 * plan can be shown. fk_on >= 0 overrides the enforcement read from the connection (inside
 * the apply's transaction, where the guard may have switched it off). */
static int make_plan(sync_ctx *c, ss_schema *live, const ss_schema *desired, int fk_on, ss_plan **p)
{
	ss_options popts = *c->opts;
	popts.strategy = c->strategy;
	popts.allow_destructive = 1;
	ss_plan_facts *facts = NULL;
	int rc = ss__plan_facts_gather(&facts, c->db, live, desired, c->err);
	if (rc == 0 && fk_on >= 0)
		facts->foreign_keys = fk_on;
	if (rc == 0)
		facts->alter_refused = c->alter_refused;
	if (rc == 0)
		rc = ss_plan_between(p, live, desired, facts, &popts, c->err);
	ss_plan_facts_free(facts);
	if (rc == 0)
		(*p)->strategy = c->strategy;
	return rc;
}

/* Returned inside the driver when the live schema changed between inspection and the write
 * lock: the whole sync starts again (never a public code). */
#define SS__RESTART 1
/* How many times a sync starts again before it gives up. */
#define SS__MAX_ATTEMPTS 3

/* SS__RESTART when main's schema is no longer the one inspection began from (the prefix
 * strategy may have waited for the write lock while another connection changed it); 0
 * when it is, or when that cannot be told (the apply checks again under the lock). */
static int schema_moved(sync_ctx *c)
{
	ss_stamp now;
	ss_error ignored;
	if (ss__read_stamp(c->db, &now, &ignored) != 0)
		return 0;
	return now.schema != c->stamp.schema ? SS__RESTART : 0;
}

/*
 * SS_E_SQLITE when the connection's transaction state is no longer the caller's. The
 * caller's transaction is gone: an I/O error, a full disk or a failed
 * allocation inside a savepoint's rollback (the prefix strategy's materialization ends with
 * one) makes SQLite roll back the whole transaction. Nothing may then be applied: it would
 * be committed on its own, outside the transaction the caller believes open.
 */
static int caller_txn_lost(sync_ctx *c)
{
	if (c->caller_txn && sqlite3_get_autocommit(c->db))
		return ss__fail(
			c->err, SS_E_SQLITE,
			"the caller's transaction was rolled back by SQLite during the sync "
			"(after an I/O or memory error); nothing was applied");
	/* and the other way round: the materialization's transaction not ended (its rollback
	 * failed) would swallow the apply, uncommitted */
	if (!c->caller_txn && !sqlite3_get_autocommit(c->db)) {
		ss__exec_cleanup(c->db, "ROLLBACK");
		return ss__fail(c->err, SS_E_SQLITE,
				"the sync's scratch transaction could not be ended; nothing was "
				"applied");
	}
	return 0;
}

/*
 * Apply *p under the write lock, from the live schema as it is inside the transaction: when
 * another connection changed the schema between inspection and BEGIN, nothing is applied
 * and the sync starts again (SS__RESTART); when it only changed rows, the facts are read
 * again and the plan is made again inside the transaction (*p becomes that plan, also when
 * it is then refused), so that row counts and the refusals that depend on them hold.
 */
static int apply_checked(sync_ctx *c, ss_schema *live, const ss_schema *desired, ss_plan **p)
{
	ss_apply a;
	ss_stamp now;
	if ((*p)->n == 0 && c->leftovers == 0)
		return 0;
	int rc = caller_txn_lost(c);
	if (rc == 0)
		rc = ss__apply_open(c, *p, &a);
	if (rc != 0)
		return rc;
	if ((rc = ss__read_stamp(c->db, &now, c->err)) != 0)
		goto abort;
	if (now.schema != c->stamp.schema) {
		rc = SS__RESTART;
		goto abort;
	}
	if (!now.have_data || !c->stamp.have_data || now.data != c->stamp.data) {
		ss_plan *again = NULL;
		if ((rc = make_plan(c, live, desired, a.fk.on, &again)) != 0)
			goto abort;
		memcpy(again->usec, (*p)->usec, sizeof(again->usec));
		ss_plan_free(*p);
		*p = again;
		if ((rc = ss__plan_guard(*p, c->opts, c->err)) != 0)
			goto abort;
		if (!ss__fk_guard_fits(&a.fk, *p)) {
			rc = SS__RESTART;
			goto abort;
		}
	}
	return ss__apply_run(c, *p, &a);
abort:
	ss__apply_abort(c, &a);
	return rc;
}

/* One attempt: validate, inspect, materialize, plan, guard and (apply) apply. */
static int run_once(sync_ctx *c, ss_plan **p, int apply)
{
	ss_schema *live = NULL, *desired = NULL;
	int rc;
	if ((rc = ss__defs_parse(c, c->definitions)) != 0 || (rc = choose_strategy(c)) != 0)
		goto done;
	double t0 = now_usec();
	if ((rc = try_fast_path(c, p, t0)) != 0 || *p != NULL)
		goto done;
	/* what the plan is made from, to compare under the write lock */
	if ((rc = ss__read_stamp(c->db, &c->stamp, c->err)) != 0 ||
	    (rc = inspect_live(c, &live)) != 0)
		goto done;
	double t1 = now_usec();
	rc = materialize(c, &desired);
	double t2 = now_usec();
	if (rc == 0)
		rc = caller_txn_lost(c);
	if (rc == 0 && (rc = ss__views_check_cycles(desired, c->err)) == 0 &&
	    (rc = schema_moved(c)) == 0)
		rc = make_plan(c, live, desired, -1, p);
	/* a plan that failed because another connection changed the schema under it (a
	 * column list that no longer matches): start again rather than fail */
	if (rc < 0 && rc != SS_E_NOMEM && schema_moved(c) == SS__RESTART)
		rc = SS__RESTART;
	if (rc != 0)
		goto done;
	(*p)->usec[0] = t2 - t1;
	(*p)->usec[1] = t1 - t0;
	(*p)->usec[2] = now_usec() - t2;
	if ((rc = ss__plan_guard(*p, c->opts, c->err)) != 0)
		goto done;
	if (apply) {
		double t3 = now_usec();
		rc = apply_checked(c, live, desired, p);
		(*p)->usec[3] = now_usec() - t3;
	}
done:
	ss__defs_free(c);
	ss_schema_free(live);
	ss_schema_free(desired);
	return rc;
}

static int run(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	       ss_error *err, int apply)
{
	sync_ctx c;
	ss_plan *p = NULL;
	int rc, restarts = 0;
	int caller_txn = !sqlite3_get_autocommit(db), alter_refused = 0;
	for (;;) {
		ss_plan_free(p);
		p = NULL;
		if ((rc = ss__ctx_init(&c, db, opts, err)) != 0)
			break;
		c.definitions = definitions;
		c.caller_txn = caller_txn;
		c.alter_refused = alter_refused;
		rc = run_once(&c, &p, apply);
		/* rolled back: once more, planned without the ALTER TABLE SQLite refused */
		if (rc < 0 && c.alter_refused && !alter_refused) {
			alter_refused = 1;
			continue;
		}
		if (rc != SS__RESTART || ++restarts >= SS__MAX_ATTEMPTS)
			break;
		/* the schema moved: what SQLite refused was about the one before */
		alter_refused = 0;
	}
	if (rc == SS__RESTART) {
		ss_plan_free(p);
		p = NULL;
		rc = ss__fail(err, SS_E_SQLITE,
			      "the schema was changed concurrently by another connection while "
			      "the sync planned (%d times in a row); nothing was changed",
			      SS__MAX_ATTEMPTS);
	}
	if (out)
		*out = p;
	else
		ss_plan_free(p);
	return rc;
}

/* Arguments checked, defaults filled, err cleared; then run. */
static int entry(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
		 ss_error *err, int apply)
{
	ss_options resolved;
	ss_error local;
	if (err == NULL)
		err = &local;
	err->code = 0;
	err->message[0] = 0;
	if (out)
		*out = NULL;
	if (db == NULL || definitions == NULL)
		return ss__fail(err, SS_E_MISUSE, "a database and definitions are required");
	int rc = ss__options_resolve(&resolved, opts, err);
	if (rc != 0)
		return rc;
	return run(out, db, definitions, &resolved, err, apply);
}

int ss_plan_create(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
		   ss_error *err)
{
	if (out == NULL)
		return ss__fail(err, SS_E_MISUSE, "ss_plan_create: out is required");
	return entry(out, db, definitions, opts, err, 0);
}

int ss_sync(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	    ss_error *err)
{
	return entry(out, db, definitions, opts, err, 1);
}
