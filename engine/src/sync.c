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
 * plan can be shown. */
static int make_plan(sync_ctx *c, ss_schema *live, const ss_schema *desired, ss_plan **p)
{
	ss_options popts = *c->opts;
	popts.strategy = c->strategy;
	popts.allow_destructive = 1;
	ss_plan_facts *facts = NULL;
	int rc = ss__plan_facts_gather(&facts, c->db, live, desired, c->err);
	if (rc == 0)
		rc = ss_plan_between(p, live, desired, facts, &popts, c->err);
	ss_plan_facts_free(facts);
	if (rc == 0)
		(*p)->strategy = c->strategy;
	return rc;
}

static int run(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	       ss_error *err, int apply)
{
	sync_ctx c;
	ss_schema *live = NULL, *desired = NULL;
	ss_plan *p = NULL;
	int rc;
	if ((rc = ss__ctx_init(&c, db, opts, err)) != 0)
		return rc;
	if ((rc = ss__defs_parse(&c, definitions)) != 0 || (rc = choose_strategy(&c)) != 0)
		goto done;
	double t0 = now_usec();
	if ((rc = try_fast_path(&c, &p, t0)) != 0 || p != NULL)
		goto done;
	if ((rc = inspect_live(&c, &live)) != 0)
		goto done;
	double t1 = now_usec();
	rc = materialize(&c, &desired);
	double t2 = now_usec();
	if (rc != 0 || (rc = make_plan(&c, live, desired, &p)) != 0)
		goto done;
	p->usec[0] = t2 - t1;
	p->usec[1] = t1 - t0;
	p->usec[2] = now_usec() - t2;
	if ((rc = ss__plan_guard(p, opts, err)) != 0)
		goto done;
	if (apply) {
		double t3 = now_usec();
		rc = ss__apply_plan(&c, p);
		p->usec[3] = now_usec() - t3;
	}
done:
	ss__defs_free(&c);
	ss_schema_free(live);
	ss_schema_free(desired);
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
