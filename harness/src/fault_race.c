/* SPDX-License-Identifier: MIT */
/*
 * Races on FILE databases, in rollback-journal (DELETE) and WAL mode: a second connection
 * makes one change (a row inserted, a column added, a table created or dropped, an index
 * created: each in its own transaction) at a chosen point of the sync:
 *  - begin k: the k-th call of the transaction hook's begin (the engine's hook: the prefix
 *    strategy's materialization, then the apply), just before it takes the write lock;
 *  - busy: the other connection holds the write lock, its change made but not committed,
 *    when the sync starts; inside the sync's busy wait it commits (or rolls back), and the
 *    sync carries on;
 *  - progress k: the k-th progress callback of the sync's connection (every 100 virtual
 *    machine steps, so also in the middle of inspection and planning); the other
 *    connection gets no busy wait, so where the sync holds the lock its change fails.
 * The change is attempted after the sync when its point never came.
 *
 * The oracle is serializability, computed with the engine on in-memory copies: with the
 * change committed, the database must be the sync of (before + change), or (the sync of
 * before) + change, or, when the sync failed, before + change; without it, the sync of
 * before, or before. So no row the other connection committed is lost, and no stale plan is
 * applied over its change. A failed sync must also give a true error kind and leave the
 * connection as it was.
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RACE_BEGIN, RACE_BUSY, RACE_PROGRESS };

typedef struct race {
	sqlite3 *other;
	const char *delta;
	int point;
	long k;
	long begins, steps;
	int attempted, committed, pending, busy_rollback;
	const ss_txn_hook *inner;
} race;

/* The other connection's change, in its own transaction: committed or not at all. */
static void delta_run(race *r)
{
	if (r->attempted)
		return;
	r->attempted = 1;
	int rc = sh_exec(r->other, "BEGIN IMMEDIATE", NULL, 0);
	if (rc == SQLITE_OK)
		rc = sh_exec(r->other, r->delta, NULL, 0);
	if (rc == SQLITE_OK)
		rc = sh_exec(r->other, "COMMIT", NULL, 0);
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(r->other))
		sh_exec(r->other, "ROLLBACK", NULL, 0);
	r->committed = rc == SQLITE_OK;
}

/* RACE_BUSY: the held change ends: committed, or rolled back (also when it cannot commit
 * because the sync holds a lock). */
static void pending_end(race *r)
{
	if (!r->pending)
		return;
	r->pending = 0;
	r->attempted = 1;
	int rc = r->busy_rollback ? SQLITE_ABORT : sh_exec(r->other, "COMMIT", NULL, 0);
	if (rc != SQLITE_OK)
		sh_exec(r->other, "ROLLBACK", NULL, 0);
	r->committed = rc == SQLITE_OK;
}

static int busy_cb(void *ctx, int count)
{
	race *r = ctx;
	pending_end(r);
	return count < 20;
}

static int progress_cb(void *ctx)
{
	race *r = ctx;
	if (++r->steps == r->k && r->point == RACE_PROGRESS)
		delta_run(r);
	return 0;
}

/* ---- the transaction hook: the engine's default (or the profile's), the change first ---- */

static int plain_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	if (sh_exec(db, "BEGIN IMMEDIATE", NULL, 0) != SQLITE_OK)
		return sh_fail(err, SS_E_SQLITE, "BEGIN IMMEDIATE failed: %s", sqlite3_errmsg(db));
	return 0;
}

static int plain_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	int rc = sh_exec(db, "COMMIT", NULL, 0);
	if (rc == SQLITE_OK)
		return 0;
	int code = (rc & 0xff) == SQLITE_CONSTRAINT ? SS_E_CONSTRAINT
		   : (rc & 0xff) == SQLITE_NOMEM    ? SS_E_NOMEM
						    : SS_E_SQLITE;
	return sh_fail(err, code, "COMMIT failed: %s", sqlite3_errmsg(db));
}

static void plain_rollback(void *ctx, sqlite3 *db)
{
	(void)ctx;
	if (!sqlite3_get_autocommit(db))
		sh_exec(db, "ROLLBACK", NULL, 0);
}

static const ss_txn_hook plain_hook = {plain_begin, plain_commit, plain_rollback, NULL};

static int race_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	race *r = ctx;
	if (++r->begins == r->k && r->point == RACE_BEGIN)
		delta_run(r);
	return r->inner->begin(r->inner->ctx, db, err);
}

static int race_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	race *r = ctx;
	return r->inner->commit(r->inner->ctx, db, err);
}

static void race_rollback(void *ctx, sqlite3 *db)
{
	race *r = ctx;
	r->inner->rollback(r->inner->ctx, db);
}

/* ---- the serial orders (in memory) ------------------------------------------------------------ */

typedef struct cand {
	const char *delta;
	char *with;       /* before + change */
	int rc_with;      /* the sync of before + change */
	char *sync_with;  /* ... its database */
	char *then_delta; /* the sync of before, then the change (NULL: the change fails) */
} cand;

static int engine_sync(sh_fcase *f, const sh_frun *r, sqlite3 *db)
{
	ss_options opts;
	sh_fault_options(&opts, f, r);
	int profile = r->profile && ss_durable_object_install(db, NULL) == SS_OK;
	int rc = ss_sync(NULL, db, ss_case_text(f->c, SS_CASE_DESIRED), &opts, NULL);
	if (profile)
		ss_durable_object_uninstall(db);
	return rc;
}

static int apply_delta(sqlite3 *db, const char *delta)
{
	int rc = sh_exec(db, "SAVEPOINT race", NULL, 0);
	if (rc == SQLITE_OK && (rc = sh_exec(db, delta, NULL, 0)) != SQLITE_OK)
		sh_exec(db, "ROLLBACK TO race", NULL, 0);
	sh_exec(db, "RELEASE race", NULL, 0);
	return rc;
}

/* The serial orders of the change; 0, or -1 when the change does not apply to before. */
static int cand_build(sh_fcase *f, const sh_frun *r, cand *c, const char *delta)
{
	memset(c, 0, sizeof(*c));
	c->delta = delta;
	sqlite3 *db = sh_fault_live_memory(f);
	if (apply_delta(db, delta) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	c->with = sh_fault_dump(f, db);
	c->rc_with = engine_sync(f, r, db);
	c->sync_with = sh_fault_dump(f, db);
	sqlite3_close(db);
	db = sh_fault_live_memory(f);
	if (engine_sync(f, r, db) == SS_OK && apply_delta(db, delta) == SQLITE_OK)
		c->then_delta = sh_fault_dump(f, db);
	sqlite3_close(db);
	return 0;
}

static void cand_free(cand *c)
{
	free(c->with);
	free(c->sync_with);
	free(c->then_delta);
}

/* The changes the other connection can make to this case's database. */
static void deltas(sh_fcase *f, sh_strv *out)
{
	sh_strv tables = {0};
	sqlite3_stmt *st = sh_prepare(
		f->x.pristine, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND "
			       "substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> "
			       "'_cf_' AND sql NOT LIKE 'create virtual%' ORDER BY rowid");
	while (st && sqlite3_step(st) == SQLITE_ROW)
		if (!sh_judge_excluded(&f->x, (const char *)sqlite3_column_text(st, 0)))
			sh_strv_push(&tables, sh_strdup((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	sh_buf b;
	sh_buf_init(&b);
	sh_strv_push(out, sh_strdup("CREATE TABLE ss_race_t(x); "
				    "INSERT INTO ss_race_t VALUES (1), (2);"));
	if (tables.n > 0) {
		const char *t1 = tables.v[0], *t2 = tables.v[tables.n - 1];
		sh_buf_adds(&b, "INSERT INTO ");
		sh_buf_ident(&b, t1);
		sh_buf_adds(&b, " DEFAULT VALUES;");
		sh_strv_push(out, sh_buf_take(&b));
		sh_buf_adds(&b, "ALTER TABLE ");
		sh_buf_ident(&b, t2);
		sh_buf_adds(&b, " ADD COLUMN ss_race_c INTEGER DEFAULT 7;");
		sh_strv_push(out, sh_buf_take(&b));
		sh_buf_adds(&b, "DROP TABLE ");
		sh_buf_ident(&b, t2);
		sh_buf_adds(&b, ";");
		sh_strv_push(out, sh_buf_take(&b));
		sh_tdesc d;
		sh_tdesc_read(&d, f->x.pristine, t1, 0);
		if (d.ncols > 0) {
			sh_buf_adds(&b, "CREATE INDEX ss_race_i ON ");
			sh_buf_ident(&b, t1);
			sh_buf_adds(&b, "(");
			sh_buf_ident(&b, d.cols[0].name);
			sh_buf_adds(&b, ");");
			sh_strv_push(out, sh_buf_take(&b));
		}
		sh_tdesc_free(&d);
	}
	sh_buf_free(&b);
	sh_strv_free(&tables);
}

/* ---- one trial ---------------------------------------------------------------------------------- */

typedef struct race_setup {
	const char *tpl, *path;
	int wal;
} race_setup;

/* Is dump one of the states the serial orders allow? */
static int serial(const sh_fcase *f, const sh_frun *r, const cand *c, int committed, int rc,
		  const char *dump)
{
	if (committed && rc == SS_OK)
		return (c->rc_with == SS_OK && !strcmp(dump, c->sync_with)) ||
		       (c->then_delta && !strcmp(dump, c->then_delta));
	if (committed)
		return !strcmp(dump, c->with);
	if (rc == SS_OK)
		return r->rc0 == SS_OK && !strcmp(dump, r->after0);
	return !strcmp(dump, f->before);
}

static void race_trial(sh_fcase *f, sh_frun *r, const race_setup *s, const cand *c, int point,
		       long k, int busy_rollback, long *begins, long *steps)
{
	static const char *const names[] = {"begin", "busy", "progress"};
	char point_s[200];
	snprintf(point_s, sizeof(point_s), "%s %ld (%s), other connection: %.100s", names[point],
		 point == RACE_BUSY ? (long)busy_rollback : k, s->wal ? "wal" : "rollback journal",
		 c ? c->delta : "-");
	if (sh_fault_copy_file(s->tpl, s->path) != 0)
		return;
	race rc_ = {0};
	race *rr = &rc_;
	rr->delta = c ? c->delta : NULL;
	rr->point = point;
	rr->k = k;
	rr->busy_rollback = busy_rollback;
	rr->attempted = c == NULL; /* the counting pass changes nothing */
	sqlite3 *live = sh_fault_open(f, s->path, NULL);
	rr->other = sh_fault_open(f, s->path, NULL);
	if (!live || !rr->other) {
		sqlite3_close(live);
		sqlite3_close(rr->other);
		return;
	}
	ss_options opts;
	sh_fault_options(&opts, f, r);
	rr->inner = opts.txn ? opts.txn : &plain_hook;
	ss_txn_hook hook = {race_begin, race_commit, race_rollback, rr};
	opts.txn = &hook;
	if (point == RACE_BUSY && c) {
		rr->pending = sh_exec(rr->other, "BEGIN IMMEDIATE", NULL, 0) == SQLITE_OK &&
			      sh_exec(rr->other, c->delta, NULL, 0) == SQLITE_OK;
		if (!rr->pending && !sqlite3_get_autocommit(rr->other))
			sh_exec(rr->other, "ROLLBACK", NULL, 0);
	}
	sqlite3_busy_handler(live, busy_cb, rr);
	sqlite3_progress_handler(live, 100, progress_cb, rr);
	/* before the profile: its state is engine memory that uninstalling frees */
	long blocks0 = sh_oom_engine_live();
	int profile = r->profile && ss_durable_object_install(live, NULL) == SS_OK;
	ss_plan *plan = NULL;
	ss_error err = {0};
	int rc = ss_sync(&plan, live, ss_case_text(f->c, SS_CASE_DESIRED), &opts, &err);
	ss_plan_free(plan);
	if (profile)
		ss_durable_object_uninstall(live);
	sqlite3_progress_handler(live, 0, NULL, NULL);
	sqlite3_busy_handler(live, NULL, NULL);
	/* the point never came: the change happens after the sync */
	pending_end(rr);
	if (c)
		delta_run(rr);
	*begins = rr->begins;
	*steps = rr->steps;
	if (c)
		sh_fault_test_damage(rr->other);
	int autocommit = sqlite3_get_autocommit(live);
	long leaked = sh_oom_engine_live() - blocks0;
	int open_stmts = sh_fault_stmt_count(live) > 0;
	sqlite3_close(rr->other);
	if (sqlite3_close(live) != SQLITE_OK)
		sqlite3_close_v2(live);
	if (!c)
		return;
	ss_fault_report *rep = f->w->rep;
	ss_fault_counts *kc = &rep->counts[SS_FAULT_RACE][r->column];
	kc->points++;
	if (rr->committed)
		rep->race_committed++;
	else
		rep->race_not_committed++;
	char ic[1024], diff[600];
	char *dump = sh_fault_reopen_dump(f, s->path, ic, sizeof(ic));
	const char *want = rc == SS_OK ? (rr->committed ? c->sync_with : r->after0)
				       : (rr->committed ? c->with : f->before);
	int bad = 1;
	if (leaked || open_stmts)
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s,
				   "leak: %ld engine allocation(s), statements left: %d", leaked,
				   open_stmts);
	else if (!autocommit)
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s,
				   "the sync left a transaction open");
	else if (rc != SS_OK && (err.code != rc || !err.message[0]))
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s, "error without code or message");
	else if (rc != SS_OK && !sh_fault_rc_ok(r, rc) && rc != c->rc_with)
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s, "wrong error kind: %s: %.300s",
				   ss_error_name(rc), err.message);
	else if (!dump)
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s, "reopened: %s", ic);
	else if (sh_fault_damaged(f, ic))
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s, "integrity_check: %.400s", ic);
	else if (!serial(f, r, c, rr->committed, rc, dump)) {
		ss_oracle_diff(diff, sizeof(diff), dump, want ? want : "");
		sh_fault_violation(f, r, SS_FAULT_RACE, point_s,
				   "no serial order gives this database (the other connection's "
				   "change %s, the sync %s%s%.200s); against the nearest: %s",
				   rr->committed ? "committed" : "not committed",
				   rc == SS_OK ? "succeeded" : "failed: ", rc == SS_OK ? "" : "",
				   rc == SS_OK ? "" : err.message, diff);
	} else
		bad = 0;
	if (!bad) {
		if (rc == SS_OK)
			kc->completed++;
		else
			kc->failed++;
	}
	free(dump);
}

void sh_fault_race_loop(sh_fcase *f, sh_frun *r)
{
	/* a caller's own transaction holds the lock for the whole sync: nothing can race it */
	if (f->c->config.caller_txn)
		return;
	sh_strv ds = {0};
	deltas(f, &ds);
	cand *cs = sh_calloc(ds.n, sizeof(cand));
	size_t nc = 0;
	for (size_t i = 0; i < ds.n; i++)
		if (cand_build(f, r, &cs[nc], ds.v[i]) == 0)
			nc++;
	char tpl[640], path[640];
	snprintf(tpl, sizeof(tpl), "%s/race-template.db", f->w->dir);
	snprintf(path, sizeof(path), "%s/race.db", f->w->dir);
	int npoints = f->w->o->race_points > 0 ? f->w->o->race_points : 4;
	size_t turn = 0;
	for (int wal = 0; wal < 2 && nc > 0; wal++) {
		if (sh_fault_template(f, tpl, wal) != 0)
			break;
		race_setup s = {tpl, path, wal};
		long begins = 0, steps = 0;
		race_trial(f, r, &s, NULL, RACE_BEGIN, 0, 0, &begins, &steps);
		long b2, s2;
		for (long k = 1; k <= begins && k <= 3; k++)
			race_trial(f, r, &s, &cs[turn++ % nc], RACE_BEGIN, k, 0, &b2, &s2);
		for (int rb = 0; rb < 2; rb++)
			race_trial(f, r, &s, &cs[turn++ % nc], RACE_BUSY, 0, rb, &b2, &s2);
		for (int i = 1; i <= npoints && steps > 0; i++) {
			long k = 1 + (long)((double)(steps - 1) * (i - 1) /
					    (npoints > 1 ? npoints - 1 : 1));
			race_trial(f, r, &s, &cs[turn++ % nc], RACE_PROGRESS, k, 0, &b2, &s2);
		}
		sh_fault_remove_db(path);
		sh_fault_remove_db(tpl);
	}
	for (size_t i = 0; i < nc; i++)
		cand_free(&cs[i]);
	free(cs);
	sh_strv_free(&ds);
}
