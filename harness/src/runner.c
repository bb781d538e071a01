/* SPDX-License-Identifier: MIT */
/*
 * Running one case: the runner builds the databases, calls the engine, and hands every
 * outcome to the oracles (oracle_*.c) in a fixed order; the first violation is the one
 * reported. The case is built into a pristine database once; each strategy runs on a
 * byte-for-byte copy (sqlite3_backup). The expectations come from SQLite itself, never from
 * the engine:
 *  - the desired schema built alone in a fresh database is the P1 reference;
 *  - the reference migration (oracle_reference.c) says which rows the desired schema holds
 *    (P3) and whether the rows fit it at all: when they do not, a failed sync is expected
 *    and must be atomic (P5).
 */
#include "adapter.h"
#include "oracle.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ss_property_name(int property)
{
	static const char *const n[] = {"-",  "P1", "P2", "P3", "P4",  "P5",
					"P6", "P7", "P8", "P9", "P10", "output"};
	return (property > 0 && property < SS_PROP_COUNT) ? n[property] : "?";
}

void ss_case_result_free(ss_case_result *r)
{
	if (!r)
		return;
	free(r->plan_sql);
	free(r->error);
	free(r);
}

void sh_violate(sh_judge *x, int p, const char *fmt, ...)
{
	char detail[sizeof(x->res->detail)];
	int n = snprintf(detail, sizeof(detail), "[%s] ", x->label);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(detail))
		vsnprintf(detail + n, sizeof(detail) - (size_t)n, fmt, ap);
	va_end(ap);
	int known = x->known_apart ? ss_known_bug_match(p, detail) : -1;
	if (known >= 0) {
		x->res->known |= 1u << known;
		return;
	}
	x->res->failed |= 1u << p;
	if (x->res->violated)
		return;
	x->res->violated = p;
	memcpy(x->res->detail, detail, sizeof(detail));
}

void sh_checked(sh_judge *x, int p)
{
	x->res->checked |= 1u << p;
}

int sh_judge_excluded(const sh_judge *x, const char *name)
{
	return sh_is_excluded(name, x->c->config.excluded_tables, x->c->config.excluded_count);
}

/* ---- one sync ---------------------------------------------------------------------------- */

/* How one strategy runs: the engine's options for the case, and which checks it gets. */
typedef struct run_how {
	int strategy, profile;
	int light; /* the second strategy of two: P4, P5 and P9 only */
	int p9;    /* run the dry run under the P9 authorizer */
} run_how;

static sqlite3 *live_copy(sh_judge *x)
{
	sqlite3 *live = sh_copy_db(x->pristine);
	sh_exec(live,
		x->c->config.foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
		NULL, 0);
	return live;
}

void sh_case_options(ss_options *opts, const ss_case *c, int strategy, int profile)
{
	*opts = (ss_options)SS_OPTIONS_INIT;
	opts->strategy = (ss_strategy)strategy;
	opts->allow_destructive = c->config.allow_destructive;
	opts->allow_empty = c->config.allow_empty;
	opts->excluded_tables = c->config.excluded_tables;
	opts->excluded_count = c->config.excluded_count;
	opts->profile = profile ? SS_PROFILE_DURABLE_OBJECT : SS_PROFILE_DEFAULT;
	/* a caller inside its own transaction passes a SAVEPOINT hook (SPEC §4) */
	opts->txn = profile                ? ss_durable_object_txn_hook()
		    : c->config.caller_txn ? sh_conn_txn_hook()
					   : NULL;
#ifdef SS_OPTIONS_HAS_THRESHOLDS
	opts->rename_min_rows = c->config.rename_min_rows;
	opts->alter_copy_min_objects = c->config.alter_copy_min_objects;
#endif
}

/* P9: the dry run writes only to the scratch area (default profile only: the profile's own
 * authorizer would be replaced by the oracle's). */
static void dry_run_p9(sh_judge *x, sqlite3 *live, const ss_options *opts, const run_how *how)
{
	sh_p9 p;
	ss_plan *dry = NULL;
	ss_error err = {0};
	sh_p9_watch(&p, live, how->strategy == SS_STRATEGY_PREFIX);
	ss_plan_create(&dry, live, ss_case_text(x->c, SS_CASE_DESIRED), opts, &err);
	sh_oracle_p9_contained(x, live, &p);
	ss_plan_free(dry);
}

/* P2: a second plan of the synced database plans nothing. */
static void plan_again(sh_judge *x, sqlite3 *live, const ss_options *opts, int profile)
{
	ss_plan *again = NULL;
	ss_error e2 = {0};
	if (profile)
		ss_durable_object_install(live, &e2);
	int rc2 = ss_plan_create(&again, live, ss_case_text(x->c, SS_CASE_DESIRED), opts, &e2);
	if (profile)
		ss_durable_object_uninstall(live);
	sh_oracle_p2_again(x, rc2, again, e2.message);
	ss_plan_free(again);
}

/* The full checks of a successful sync: P1, P6 (enforcement), P3, P6, P8, P2. */
static void judge_success(sh_judge *x, sqlite3 *live, const ss_options *opts, const run_how *how,
			  const ss_plan *plan, const char *plan_sql)
{
	sh_oracle_p1_converged(x, live);
	sh_oracle_p6_enforced(x);
	sh_oracle_p3_rows(x, live);
	sh_oracle_vtab(x, live);
	sh_oracle_p6_integrity(x, live);
	sh_oracle_p8_guard(x, live, plan);
	sh_oracle_p2_formatting(x, plan ? ss_plan_count(plan) : 0, plan_sql);
	plan_again(x, live, opts, how->profile);
}

/* What the first run reports in the result: its plan, its error, whether it synced. */
static void record_first(sh_judge *x, int rc, const char *plan_sql, const char *message)
{
	if (!x->res->plan_sql && plan_sql)
		x->res->plan_sql = sh_strdup(plan_sql);
	if (rc != SS_OK && !x->res->error)
		x->res->error = sh_strdup(message);
	if (!x->res->synced_ok && rc == SS_OK)
		x->res->synced_ok = 1;
}

/*
 * Sync a copy of the pristine database with one strategy / profile and check P1-P3, P5-P9
 * and -- output:. out receives the plan and the final full dump for P4.
 */
static void run_one(sh_judge *x, const run_how *how, sh_run_out *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *live = live_copy(x);
	ss_options opts;
	sh_case_options(&opts, x->c, how->strategy, how->profile);
	ss_error err = {0};
	if (how->p9 && !how->profile && how->strategy != SS_STRATEGY_AUTO)
		dry_run_p9(x, live, &opts, how);
	sh_conn conn;
	sh_conn_setup(x, live, &conn);
	if (how->profile && ss_durable_object_install(live, &err) != SS_OK) {
		sh_oracle_p7_install(x, err.message);
		sh_conn_free(&conn);
		sqlite3_close(live);
		out->rc = -100;
		return;
	}
	ss_plan *plan = NULL;
	int rc = ss_sync(&plan, live, ss_case_text(x->c, SS_CASE_DESIRED), &opts, &err);
	if (x->c->config.case_sensitive_like)
		sh_exec(live, "PRAGMA case_sensitive_like = OFF", NULL, 0);
	if (how->profile) {
		sh_oracle_p7_strict(x, live, rc);
		if (how->strategy != SS_STRATEGY_SCRATCH_DB)
			sh_oracle_p7_user_sql(x, live);
		ss_durable_object_uninstall(live);
	}
	/* P10 first: the caller's transaction ends (commits) there, as a caller's would */
	sh_oracle_p10_restored(x, live, &conn, rc);
	sh_conn_free(&conn);
	out->rc = rc;
	out->plan = plan ? ss_plan_to_sql(plan) : NULL;
	out->strategy_used = plan ? (int)ss_plan_strategy(plan) : -1;
	record_first(x, rc, out->plan, err.message);
	sh_oracle_validate(x, &opts, rc, err.message);
	/* scratch-db under the profile or in a caller's transaction fails for reasons of its
	 * own first */
	if (how->strategy != SS_STRATEGY_SCRATCH_DB ||
	    !(how->profile || x->c->config.caller_txn || x->c->config.attach_limit))
		sh_oracle_refusal(x, rc, err.message);
	if (how->profile)
		sh_oracle_p7_profile(x, how->strategy, rc, out->strategy_used);
	if (rc == SS_OK && !how->light) {
		judge_success(x, live, &opts, how, plan, out->plan);
	} else if (rc != SS_OK) {
		/* nothing below writes to live: the dump P4 compares serves P5 too */
		out->full = ss_oracle_dump_full(live);
		sh_oracle_p5_atomic(x, live, rc, err.message, out->full);
		sh_oracle_p1_failure(x, how->strategy, how->profile, rc, err.message);
	}
	if (rc == SS_OK)
		sh_oracle_leftovers(x, live, SS_P1, NULL, "the sync");
	sh_oracle_output(x, how->strategy, how->profile, rc, err.message, out->plan);
	if (!out->full)
		out->full = ss_oracle_dump_full(live);
	/* after the dump: a violation here leaves an orphan row behind */
	sh_oracle_p10_enforced(x, live);
	ss_plan_free(plan);
	sqlite3_close(live);
}

static void run_out_free(sh_run_out *o)
{
	if (o->plan)
		ss_free(o->plan);
	free(o->full);
}

/* ---- the strategies of a case ---------------------------------------------------------------- */

/* Under the profile: auto (which must pick prefix) and scratch-db (which must fail), or the
 * case's own strategy. */
static void run_profile(sh_judge *x)
{
	int strategies[2] = {SS_STRATEGY_AUTO, SS_STRATEGY_SCRATCH_DB};
	int n = 2;
	if (x->c->config.strategy != SS_CASE_STRATEGY_BOTH) {
		strategies[0] = x->c->config.strategy;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		run_how how = {strategies[i], 1, 0, 0};
		sh_run_out o;
		x->label = strategies[i] == SS_STRATEGY_AUTO     ? "durable-object auto"
			   : strategies[i] == SS_STRATEGY_PREFIX ? "durable-object prefix"
								 : "durable-object scratch-db";
		if (strategies[i] == SS_STRATEGY_AUTO)
			sh_checked(x, SS_P7);
		run_one(x, &how, &o);
		run_out_free(&o);
	}
}

/*
 * A caller inside its own transaction, or with no room for another attached database: auto
 * (which must use prefix: ATTACH cannot work there) gets every check; scratch-db may only
 * fail cleanly (P5, P10).
 */
static void run_no_attach(sh_judge *x)
{
	run_how a = {SS_STRATEGY_AUTO, 0, 0, 1};
	run_how s = {SS_STRATEGY_SCRATCH_DB, 0, 1, 0};
	sh_run_out o;
	int txn = x->c->config.caller_txn != 0;
	x->label = txn ? "caller transaction, auto" : "attach limit, auto";
	run_one(x, &a, &o);
	run_out_free(&o);
	x->label = txn ? "caller transaction, scratch-db" : "attach limit, scratch-db";
	run_one(x, &s, &o);
	run_out_free(&o);
}

/*
 * Both strategies and P4. The first strategy gets every check; the second only P5 / P9 and
 * the P4 comparison: when its plan and database equal the first's, P1-P3, P6 and P8 follow.
 * Which one goes first alternates with the case (both get the full checks across a
 * campaign); so does the P9 dry run, the costliest extra engine call. Replay checks both.
 */
static void run_both(sh_judge *x)
{
	sh_run_out a, b;
	unsigned h = 0;
	for (const char *p = ss_case_text(x->c, SS_CASE_DESIRED); *p; p++)
		h = h * 31 + (unsigned char)*p;
	int first = (h & 1) ? SS_STRATEGY_PREFIX : SS_STRATEGY_SCRATCH_DB;
	int second = first == SS_STRATEGY_PREFIX ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
	int light = !x->compare_output;
	run_how h1 = {first, 0, 0, !(h & 2) || !light};
	run_how h2 = {second, 0, light, (h & 2) || !light};
	x->label = ss_strategy_name((ss_strategy)first);
	run_one(x, &h1, first == SS_STRATEGY_SCRATCH_DB ? &a : &b);
	x->label = ss_strategy_name((ss_strategy)second);
	run_one(x, &h2, second == SS_STRATEGY_SCRATCH_DB ? &a : &b);
	x->label = "scratch-db vs prefix";
	sh_oracle_p4_agree(x, &a, &b);
	run_out_free(&a);
	run_out_free(&b);
}

static void run_strategies(sh_judge *x)
{
	const ss_case *c = x->c;
	if (c->config.profile) {
		run_profile(x);
	} else if ((c->config.caller_txn || c->config.attach_limit) &&
		   c->config.strategy == SS_CASE_STRATEGY_BOTH) {
		run_no_attach(x);
	} else if (c->config.strategy == SS_CASE_STRATEGY_BOTH) {
		run_both(x);
	} else {
		run_how how = {c->config.strategy, 0, 0, 1};
		sh_run_out o;
		x->label = ss_strategy_name((ss_strategy)c->config.strategy);
		run_one(x, &how, &o);
		run_out_free(&o);
	}
}

/* ---- the case ------------------------------------------------------------------------------ */

/* Does every view compile? CREATE VIEW does not check its tables. */
static int views_ok(sqlite3 *db, char *err, size_t len)
{
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT name FROM main.sqlite_schema WHERE type = 'view'");
	int ok = 1;
	while (ok && st && sqlite3_step(st) == SQLITE_ROW) {
		sh_buf q;
		sh_buf_init(&q);
		sh_buf_adds(&q, "SELECT * FROM main.");
		sh_buf_ident(&q, (const char *)sqlite3_column_text(st, 0));
		sh_buf_adds(&q, " LIMIT 0");
		sqlite3_stmt *v = NULL;
		if (sqlite3_prepare_v2(db, q.data, -1, &v, NULL) != SQLITE_OK) {
			snprintf(err, len, "view %s: %s", sqlite3_column_text(st, 0),
				 sqlite3_errmsg(db));
			ok = 0;
		}
		sqlite3_finalize(v);
		sh_buf_free(&q);
	}
	sqlite3_finalize(st);
	return ok;
}

/* The pristine database: the generator's, borrowed (nothing writes to pristine: every sync
 * runs on a copy, every oracle only reads it), or baseline + rows. 0, or SS_E_INVALID when
 * they do not build. */
static int build_pristine(sh_judge *x, ss_error *err)
{
	const ss_case *c = x->c;
	const char *fk =
		c->config.foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF";
	char msg[600];
	if (c->pristine) {
		x->pristine = c->pristine;
		x->pristine_borrowed = 1;
		sh_exec(x->pristine, fk, NULL, 0);
		return 0;
	}
	x->pristine = sh_open_memory();
	sh_exec(x->pristine, fk, NULL, 0);
	if (sh_exec(x->pristine, ss_case_text(c, SS_CASE_BASELINE), msg, sizeof(msg)) !=
		    SQLITE_OK ||
	    sh_exec(x->pristine, ss_case_text(c, SS_CASE_ROWS), msg, sizeof(msg)) != SQLITE_OK)
		return sh_fail(err, SS_E_INVALID, "baseline does not build: %s", msg);
	return 0;
}

/*
 * The desired schema alone (the P1 reference) and the reference migration. SS_E_INVALID
 * when the desired schema does not build alone, unless the case expects an error.
 */
static int build_expectations(sh_judge *x, ss_error *err)
{
	const ss_case *c = x->c;
	char msg[600];
	x->alone = sh_open_memory();
	int desired_ok = sh_exec(x->alone, ss_case_text(c, SS_CASE_DESIRED), msg, sizeof(msg)) ==
				 SQLITE_OK &&
			 views_ok(x->alone, msg, sizeof(msg));
	if (!desired_ok && !c->expect_error)
		return sh_fail(err, SS_E_INVALID, "desired does not build alone: %.400s", msg);
	x->alone_schema = ss_oracle_dump_schema(x->alone, c->config.excluded_tables,
						c->config.excluded_count);
	sh_prefix_expectations(x);
	if (desired_ok) {
		sh_reference_build(x);
	} else {
		x->rows_ok = 0;
		x->desired_bad = 1;
		snprintf(x->why, sizeof(x->why), "desired does not build alone: %.400s", msg);
	}
	return 0;
}

/* Test hook for the shrinker's unit tests: a violation that does not depend on the engine,
 * planted whenever the definitions contain the text SS_HARNESS_FAKE_P1 gives. */
static void fake_violation(sh_judge *x)
{
	const char *fake = getenv("SS_HARNESS_FAKE_P1");
	if (fake && fake[0] && strstr(ss_case_text(x->c, SS_CASE_DESIRED), fake))
		sh_violate(x, SS_P1, "fake violation: the definitions contain \"%s\"", fake);
}

int ss_case_run(ss_case_result **out, const ss_case *c, const ss_run_options *opts, ss_error *err)
{
	assert(out != NULL && c != NULL);
	ss_run_options def = SS_RUN_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	if (opts->engine)
		return sh_engine_case_run(out, c, opts, err);
	*out = NULL;
	ss_case_result *res = sh_calloc(1, sizeof(*res));
	sh_judge x = {0};
	x.c = c;
	x.res = res;
	x.compare_output = opts->compare_output;
	x.known_apart = opts->known_apart;
	x.label = "setup";
	int rc = sh_judge_setup(&x, err);
	if (rc == 0) {
		fake_violation(&x);
		run_strategies(&x);
		*out = res;
	} else {
		ss_case_result_free(res);
	}
	sh_judge_cleanup(&x);
	return rc;
}

/* ---- a case's setup and cleanup (the engine runner's too, runner_engine.c) ------------------- */

int sh_judge_setup(sh_judge *x, ss_error *err)
{
	int rc = build_pristine(x, err);
	if (rc == 0)
		rc = build_expectations(x, err);
	return rc;
}

void sh_judge_cleanup(sh_judge *x)
{
	sh_judge_tables_free(x);
	if (!x->pristine_borrowed)
		sqlite3_close(x->pristine);
	sqlite3_close(x->alone);
	sqlite3_close(x->ref);
	free(x->pristine_full);
	free(x->pristine_schema);
	free(x->alone_schema);
}
