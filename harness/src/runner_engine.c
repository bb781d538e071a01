/* SPDX-License-Identifier: MIT */
/*
 * One case through an engine under test (ss_run_options.engine). The setup is the runner's
 * (runner.c: the pristine database, the desired schema alone, the reference migration); the
 * judgements are the oracles' (oracle.h), given a file the adapter synced:
 *
 *  1. the pristine database is written to CASE/live.db and every connection to it closed;
 *  2. the adapter syncs it (sh_engine_sync); the harness opens it again;
 *  3. a success is judged for P6 (enforcement), P3 rows, P6 integrity, P8 guard (when the
 *     engine claims refusesDestructive), P2 (a formatting-only change plans nothing), then
 *     P1: the live schema must equal what THE SAME ENGINE builds from the definitions on an
 *     empty database (so the adapter's translation is not blamed on the engine; cached per
 *     process), then P2 again: a second sync must change nothing (full dump) and plan
 *     nothing (when the engine reports plans);
 *  4. a failure is judged for P5 (the full dump unchanged, nothing left behind, files beside
 *     the database included) and P1 (it failed although the rows fit; an adapter timeout,
 *     crash or protocol error, "invalid" and "unsupported" always count);
 *  5. with two claimed strategies (scratch-db, prefix) both run and P4 compares them; under
 *     the durable-object profile (when claimed) auto must report prefix and scratch-db fail;
 *  6. D1 differs-from-reference: the reference engine syncs a copy in process and its outcome,
 *     schema and rows are compared; reported in the result apart from the violations.
 * The order puts the checks that need no more engine calls first: with ss_run_options.focus
 * (shrinking) the run stops at the first violation.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"
#include "oracle.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- what the engine builds on an empty database (P1), cached per process ---------------------- */

#define EMPTY_CACHE 32

typedef struct empty_entry {
	char *key;  /* definitions + options */
	char *dump; /* schema dump, or NULL when the build failed */
	char *why;  /* the failure */
	unsigned long used;
} empty_entry;

struct sh_empty_cache {
	empty_entry v[EMPTY_CACHE];
	unsigned long tick;
};

void sh_engine_empty_free(ss_engine *e)
{
	struct sh_empty_cache *ec = e->empty;
	for (int i = 0; ec && i < EMPTY_CACHE; i++) {
		free(ec->v[i].key);
		free(ec->v[i].dump);
		free(ec->v[i].why);
	}
	free(ec);
	e->empty = NULL;
}

/* ---- one case -------------------------------------------------------------------------------- */

typedef struct erun {
	sh_judge *x;
	ss_engine *e;
	const ss_run_options *opts;
	sh_strv names;
	char live[1024], empty[1024];
	int system;          /* no adapter could be started: the case did not run */
	int counted;         /* the first sync was counted in the engine's totals */
	char *p5_message;    /* the failure whose P5 violation is the first one reported */
	char p5_change[200]; /* what it changed: "adds table, drops table" */
} erun;

/* How one strategy runs. */
typedef struct ehow {
	int strategy, profile;
	int light;     /* the second of two strategies: P4 and P5 only */
	int want_full; /* keep the full dump for P4 */
	int first;     /* the case's first run: D1, counters */
	const char *label;
} ehow;

static int stop(const erun *r)
{
	return r->opts->focus && r->x->res->violated;
}

/* Write db to path as a fresh file (rollback journal); 0 or -1 with SQLite's message. */
static int write_db(sqlite3 *db, const char *path, char *msg, size_t len)
{
	char j[1100];
	unlink(path);
	snprintf(j, sizeof(j), "%s-journal", path);
	unlink(j);
	sqlite3 *f = NULL;
	int rc = sqlite3_open_v2(path, &f, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK && db) {
		sqlite3_backup *b = sqlite3_backup_init(f, "main", db, "main");
		rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(f);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		if (b)
			sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_OK)
		snprintf(msg, len, "%s: %s", path, f ? sqlite3_errmsg(f) : "cannot open");
	sqlite3_close(f);
	return rc == SQLITE_OK ? 0 : -1;
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	return db;
}

static void request(sh_sync_req *rq, const erun *r, const char *db, const ehow *h)
{
	const ss_case *c = r->x->c;
	memset(rq, 0, sizeof(*rq));
	rq->db = db;
	rq->definitions = ss_case_text(c, SS_CASE_DESIRED);
	rq->strategy = h->strategy;
	rq->allow_destructive = c->config.allow_destructive;
	rq->allow_empty = c->config.allow_empty;
	rq->foreign_keys = c->config.foreign_keys;
	rq->profile = h->profile;
	rq->excluded = c->config.excluded_tables;
	rq->nexcluded = c->config.excluded_count;
}

/* One sync of path (a busy reply is retried once); -1 when no adapter could be started. */
static int sync_file(erun *r, const char *path, const ehow *h, sh_sync_reply *rp)
{
	sh_sync_req rq;
	request(&rq, r, path, h);
	if (sh_engine_sync(r->e, &rq, rp)) {
		r->system = 1;
		return -1;
	}
	if (rp->kind == SH_BUSY) {
		sh_sync_reply_free(rp);
		if (sh_engine_sync(r->e, &rq, rp)) {
			r->system = 1;
			return -1;
		}
	}
	return 0;
}

/* "kind: message (applied N of the plan's M statements)" */
static char *failure_text(const sh_sync_reply *rp)
{
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "%s: %s", sh_kind_name(rp->kind), rp->message ? rp->message : "");
	if (rp->applied >= 0)
		sh_buf_printf(&b, " (applied %ld of %zu planned statements)", rp->applied,
			      rp->plan.n);
	return sh_buf_take(&b);
}

static char *cache_key(const erun *r, const ehow *h)
{
	sh_buf k;
	sh_buf_init(&k);
	sh_buf_printf(&k, "%d %d %d %d\n%s", h->strategy, h->profile, r->x->c->config.foreign_keys,
		      r->x->c->config.allow_destructive, ss_case_text(r->x->c, SS_CASE_DESIRED));
	return sh_buf_take(&k);
}

/* The schema dump the engine builds from the definitions on an empty database (NULL when it
 * fails: *why says how). Owned by the cache. */
static const char *empty_build(erun *r, const ehow *h, const char **why)
{
	struct sh_empty_cache *ec = r->e->empty;
	if (!ec)
		ec = r->e->empty = sh_calloc(1, sizeof(*ec));
	char *key = cache_key(r, h);
	empty_entry *hit = NULL, *victim = &ec->v[0];
	for (int i = 0; i < EMPTY_CACHE && !hit; i++) {
		if (ec->v[i].key && !strcmp(ec->v[i].key, key))
			hit = &ec->v[i];
		else if (ec->v[i].used < victim->used)
			victim = &ec->v[i];
	}
	if (!hit) {
		char msg[600];
		sh_sync_reply rp;
		hit = victim;
		free(hit->key);
		free(hit->dump);
		free(hit->why);
		memset(hit, 0, sizeof(*hit));
		if (write_db(NULL, r->empty, msg, sizeof(msg))) {
			hit->why = sh_strdup(msg);
		} else if (sync_file(r, r->empty, h, &rp)) {
			free(key);
			memset(hit, 0, sizeof(*hit));
			*why = "no adapter";
			return NULL;
		} else {
			if (rp.kind == SH_OK) {
				sqlite3 *db = open_db(r->empty);
				hit->dump = db ? ss_oracle_dump_schema(
							 db, r->x->c->config.excluded_tables,
							 r->x->c->config.excluded_count)
					       : NULL;
				if (!db)
					hit->why =
						sh_strdup("the database cannot be opened after it");
				sqlite3_close(db);
			} else {
				hit->why = failure_text(&rp);
			}
			sh_sync_reply_free(&rp);
		}
		hit->key = key;
		key = NULL;
	}
	free(key);
	hit->used = ++ec->tick;
	*why = hit->why;
	return hit->dump;
}

/* ---- judging ----------------------------------------------------------------------------------- */

/* Files beside the database that were not there before the sync. */
static void leftover_files(erun *r)
{
	const char *dir = sh_engine_dir(r->e);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *it;
	while ((it = readdir(d))) {
		const char *n = it->d_name;
		/* the databases, their journals (SQLite's own), the definitions, the log */
		if (n[0] == '.' || !strncmp(n, "live.db", 7) || !strncmp(n, "empty.db", 8) ||
		    !strcmp(n, "definitions.sql") || !strcmp(n, "adapter.log"))
			continue;
		sh_violate(r->x, SS_P5, "failed sync left the file %s beside the database", n);
		break;
	}
	closedir(d);
}

/* What a failed sync changed, by kind of object (autoindexes follow their tables):
 * "adds table, drops table, changes rows"; for the P5 signature. */
static void change_summary(char *out, size_t len, sqlite3 *before, sqlite3 *after)
{
	static const char *const types[] = {"table", "index", "view", "trigger"};
	static const char *const q =
		"SELECT lower(name), coalesce(sql, '') FROM main.sqlite_schema "
		"WHERE type = ?1 AND name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\'";
	sh_buf b;
	sh_buf_init(&b);
	int rows = 0;
	for (int t = 0; t < 4; t++) {
		sh_strv bn = {0}, bs = {0}, an = {0}, as = {0};
		sqlite3 *dbs[2] = {before, after};
		sh_strv *nv[2] = {&bn, &an}, *sv[2] = {&bs, &as};
		for (int k = 0; k < 2; k++) {
			sqlite3_stmt *st = sh_prepare(dbs[k], q);
			if (st)
				sqlite3_bind_text(st, 1, types[t], -1, SQLITE_STATIC);
			while (st && sqlite3_step(st) == SQLITE_ROW) {
				sh_strv_push(nv[k], sh_strdup(sh_col_text(st, 0)));
				sh_strv_push(sv[k],
					     sh_strdup((const char *)sqlite3_column_text(st, 1)));
			}
			sqlite3_finalize(st);
		}
		int adds = 0, drops = 0, alters = 0;
		for (size_t i = 0; i < an.n; i++) {
			size_t j = 0;
			while (j < bn.n && strcmp(bn.v[j], an.v[i]))
				j++;
			if (j == bn.n) {
				adds = 1;
				continue;
			}
			alters |= strcmp(bs.v[j], as.v[i]) != 0;
			if (t == 0 && !rows) {
				sh_buf ra, rb;
				sh_buf_init(&ra);
				sh_buf_init(&rb);
				sh_dump_rows(&ra, before, an.v[i], 1);
				sh_dump_rows(&rb, after, an.v[i], 1);
				rows = strcmp(ra.data ? ra.data : "", rb.data ? rb.data : "") != 0;
				sh_buf_free(&ra);
				sh_buf_free(&rb);
			}
		}
		for (size_t j = 0; j < bn.n; j++) {
			size_t i = 0;
			while (i < an.n && strcmp(bn.v[j], an.v[i]))
				i++;
			drops |= i == an.n;
		}
		if (adds)
			sh_buf_printf(&b, "%sadds %s", b.len ? ", " : "", types[t]);
		if (drops)
			sh_buf_printf(&b, "%sdrops %s", b.len ? ", " : "", types[t]);
		if (alters)
			sh_buf_printf(&b, "%salters %s", b.len ? ", " : "", types[t]);
		sh_strv_free(&bn);
		sh_strv_free(&bs);
		sh_strv_free(&an);
		sh_strv_free(&as);
	}
	if (rows)
		sh_buf_printf(&b, "%schanges rows", b.len ? ", " : "");
	snprintf(out, len, "%s", b.len ? b.data : "changes the file");
	sh_buf_free(&b);
}

static void judge_failure(erun *r, sqlite3 *live, const ehow *h, const sh_sync_reply *rp)
{
	sh_judge *x = r->x;
	char *text = failure_text(rp);
	int code = sh_kind_code(rp->kind);
	if (live) {
		int first = !x->res->violated;
		sh_oracle_p5_atomic(x, live, code, text, NULL);
		if (first && x->res->violated == SS_P5 && !r->p5_message) {
			r->p5_message = sh_strdup(text);
			change_summary(r->p5_change, sizeof(r->p5_change), x->pristine, live);
		}
	} else {
		sh_checked(x, SS_P5);
		sh_violate(x, SS_P5, "failed sync (%s) left a database that cannot be opened",
			   text);
	}
	leftover_files(r);
	if (h->profile && h->strategy == SS_STRATEGY_SCRATCH_DB) {
		/* must fail under the profile: P7 judged it (and P5 above) */
	} else if (!x->c->expect_error && (sh_kind_transport(rp->kind) || rp->kind == SH_INVALID ||
					   rp->kind == SH_UNSUPPORTED)) {
		/* the generator's definitions are valid SQLite and within the claims */
		sh_checked(x, SS_P1);
		sh_violate(x, SS_P1, "sync did not complete: %s", text);
	} else {
		sh_oracle_p1_failure(x, h->strategy, h->profile, code, text);
	}
	free(text);
}

/* P2 when the engine reports no plan: a formatting-only change must not touch the file. */
static void formatting_unplanned(sh_judge *x, sqlite3 *live)
{
	sh_checked(x, SS_P2);
	if (!x->c->same_model)
		return;
	char *after = ss_oracle_dump_full(live);
	if (strcmp(after, sh_pristine_full(x))) {
		char d[600];
		ss_oracle_diff(d, sizeof(d), after, sh_pristine_full(x));
		sh_violate(x, SS_P2,
			   "the definitions differ from the baseline only in formatting, but the "
			   "sync changed the database: %s",
			   d);
	}
	free(after);
}

/* P1: the live schema equals what the engine builds from the definitions on an empty one. */
static void converged(erun *r, sqlite3 *live, const ehow *h)
{
	sh_judge *x = r->x;
	const char *why = NULL;
	const char *want = empty_build(r, h, &why);
	if (r->system)
		return;
	sh_checked(x, SS_P1);
	if (!want) {
		sh_violate(x, SS_P1,
			   "the engine cannot build the definitions on an empty database: %s",
			   why ? why : "?");
		return;
	}
	char *got = ss_oracle_dump_schema(live, x->c->config.excluded_tables,
					  x->c->config.excluded_count);
	if (strcmp(got, want)) {
		char d[600];
		ss_oracle_diff(d, sizeof(d), got, want);
		sh_violate(x, SS_P1,
			   "live schema differs from what the same engine builds from the "
			   "definitions on an empty database: %s",
			   d);
	}
	free(got);
}

/* P2: a second sync changes nothing and plans nothing. Returns live reopened. */
static sqlite3 *sync_again(erun *r, sqlite3 *live, const ehow *h)
{
	sh_judge *x = r->x;
	sh_checked(x, SS_P2);
	char *before = ss_oracle_dump_full(live);
	sqlite3_close(live);
	sh_sync_reply rp;
	if (sync_file(r, r->live, h, &rp)) {
		free(before);
		return open_db(r->live);
	}
	live = open_db(r->live);
	if (rp.kind != SH_OK) {
		char *text = failure_text(&rp);
		sh_violate(x, SS_P2, "second sync failed: %s", text);
		free(text);
	} else if (rp.has_plan && rp.plan.n) {
		char *plan = sh_sync_reply_plan_text(&rp);
		sh_violate(x, SS_P2, "second sync planned %zu statements: %.400s", rp.plan.n, plan);
		free(plan);
	} else {
		char *after = live ? ss_oracle_dump_full(live) : sh_strdup("");
		if (strcmp(before, after)) {
			char d[600];
			ss_oracle_diff(d, sizeof(d), after, before);
			sh_violate(x, SS_P2, "second sync changed the database: %s", d);
		}
		free(after);
	}
	free(before);
	sh_sync_reply_free(&rp);
	return live;
}

/* D1: the reference engine, in process, on a copy of the pristine database. */
static void differential(erun *r, sqlite3 *live, const ehow *h, const sh_sync_reply *rp)
{
	sh_judge *x = r->x;
	const ss_case *c = x->c;
	if (h->profile)
		return;
	sqlite3 *ref = sh_copy_db(x->pristine);
	sh_exec(ref, c->config.foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
		NULL, 0);
	ss_options o = SS_OPTIONS_INIT;
	o.strategy = (ss_strategy)h->strategy;
	o.allow_destructive = c->config.allow_destructive;
	o.allow_empty = c->config.allow_empty;
	o.excluded_tables = c->config.excluded_tables;
	o.excluded_count = c->config.excluded_count;
	ss_plan *plan = NULL;
	ss_error err = {0};
	int rc = ss_sync(&plan, ref, ss_case_text(c, SS_CASE_DESIRED), &o, &err);
	ss_plan_free(plan);
	sh_buf d;
	sh_buf_init(&d);
	if (rp->kind == SH_OK && rc != SS_OK) {
		sh_buf_printf(&d, "the engine synced; the reference engine failed: %s: %.300s",
			      ss_error_name(rc), err.message);
	} else if (rp->kind != SH_OK && rc == SS_OK) {
		sh_buf_printf(&d, "the engine failed (%s: %.300s); the reference engine synced",
			      sh_kind_name(rp->kind), rp->message ? rp->message : "");
	} else if (rp->kind == SH_OK && live) {
		char diff[600];
		char *a = ss_oracle_dump_schema(live, c->config.excluded_tables,
						c->config.excluded_count);
		char *b = ss_oracle_dump_schema(ref, c->config.excluded_tables,
						c->config.excluded_count);
		if (strcmp(a, b)) {
			ss_oracle_diff(diff, sizeof(diff), a, b);
			sh_buf_printf(&d, "schema differs from the reference engine's: %s", diff);
		} else {
			sh_tlist tl;
			sh_tlist_read(&tl, ref);
			for (int i = 0; i < tl.n && !d.len; i++) {
				sh_buf ra, rb;
				sh_buf_init(&ra);
				sh_buf_init(&rb);
				sh_dump_rows(&ra, live, tl.names[i], !tl.wr[i]);
				sh_dump_rows(&rb, ref, tl.names[i], !tl.wr[i]);
				if (strcmp(ra.data ? ra.data : "", rb.data ? rb.data : "")) {
					ss_oracle_diff(diff, sizeof(diff), ra.data ? ra.data : "",
						       rb.data ? rb.data : "");
					sh_buf_printf(&d,
						      "rows of table %s (rowid, *) differ from the "
						      "reference engine's: %s",
						      tl.names[i], diff);
				}
				sh_buf_free(&ra);
				sh_buf_free(&rb);
			}
			sh_tlist_free(&tl);
		}
		free(a);
		free(b);
	}
	if (d.len) {
		x->res->differs = 1;
		snprintf(x->res->differs_detail, sizeof(x->res->differs_detail), "[%s] %s",
			 h->label, d.data);
		sh_signature(x->res->differs_signature, sizeof(x->res->differs_signature), "D1",
			     d.data, &r->names);
	}
	sh_buf_free(&d);
	sqlite3_close(ref);
}

/* -- output: / -- error: of a case file, as far as they can hold for any engine: an error is
 * expected (any message), or an empty plan (a second look: nothing changed). */
static void expected_outcome(erun *r, sqlite3 *live, const sh_sync_reply *rp)
{
	sh_judge *x = r->x;
	const ss_case *c = x->c;
	if (!x->compare_output || c->config.properties_only)
		return;
	if (c->expect_error) {
		sh_checked(x, SS_POUT);
		if (rp->kind == SH_OK)
			sh_violate(x, SS_POUT, "expected error \"%s\" but the sync succeeded",
				   c->expect_error);
	} else if (c->expect_output && !c->expect_output[0]) {
		sh_checked(x, SS_POUT);
		if (rp->kind != SH_OK) {
			sh_violate(x, SS_POUT, "expected an empty plan but the sync failed: %s",
				   rp->message ? rp->message : "");
		} else if (rp->has_plan && rp->plan.n) {
			sh_violate(x, SS_POUT, "expected an empty plan, got %zu statements",
				   rp->plan.n);
		} else if (live) {
			char *after = ss_oracle_dump_full(live);
			if (strcmp(after, sh_pristine_full(x)))
				sh_violate(x, SS_POUT,
					   "expected an empty plan, but the database changed");
			free(after);
		}
	}
}

static void count_first(erun *r, const sh_sync_reply *rp)
{
	sh_eshared *s = r->e->sh;
	if (r->opts->focus || r->counted)
		return;
	r->counted = 1;
	if (rp->kind == SH_OK) {
		atomic_fetch_add(&s->synced, 1);
	} else {
		atomic_fetch_add(&s->failed, 1);
		atomic_fetch_add(&s->by_kind[sh_kind_transport(rp->kind) ? 7 : rp->kind - 1], 1);
	}
}

static void record_first(sh_judge *x, const sh_sync_reply *rp, const char *plan)
{
	if (!x->res->plan_sql && plan)
		x->res->plan_sql = sh_strdup(plan);
	if (rp->kind != SH_OK && !x->res->error)
		x->res->error = failure_text(rp);
	if (rp->kind == SH_OK)
		x->res->synced_ok = 1;
}

/* One strategy: sync a copy of the pristine database and judge it. */
static void run_one(erun *r, const ehow *h, sh_run_out *out)
{
	sh_judge *x = r->x;
	memset(out, 0, sizeof(*out));
	out->rc = -100;
	x->label = h->label;
	char msg[600];
	if (write_db(x->pristine, r->live, msg, sizeof(msg))) {
		sh_violate(x, SS_P1, "the harness cannot write the live database: %s", msg);
		return;
	}
	sh_sync_reply rp;
	if (sync_file(r, r->live, h, &rp))
		return;
	out->rc = sh_kind_code(rp.kind);
	out->plan = rp.has_plan ? sh_sync_reply_plan_text(&rp) : NULL;
	out->strategy_used = rp.strategy_used;
	record_first(x, &rp, out->plan);
	if (h->first)
		count_first(r, &rp);
	sqlite3 *live = open_db(r->live);
	if (h->profile && (h->strategy == SS_STRATEGY_SCRATCH_DB || rp.strategy_used >= 0))
		sh_oracle_p7_profile(x, h->strategy, out->rc, rp.strategy_used);
	if (rp.kind == SH_OK && !live) {
		sh_checked(x, SS_P6);
		sh_violate(x, SS_P6, "the database cannot be opened after the sync");
	} else if (rp.kind == SH_OK && !h->light) {
		sh_oracle_p6_enforced(x);
		sh_oracle_p3_rows(x, live);
		sh_oracle_p6_integrity(x, live);
		if (!x->c->config.allow_destructive)
			sh_oracle_p8_guard(x, live, NULL);
		if (rp.has_plan)
			sh_oracle_p2_formatting(x, rp.plan.n, out->plan);
		else
			formatting_unplanned(x, live);
		sh_oracle_leftovers(x, live, SS_P1, NULL, "the sync");
		if (h->first && !r->opts->focus)
			differential(r, live, h, &rp);
		if (!stop(r))
			converged(r, live, h);
		if (!stop(r) && !r->system)
			live = sync_again(r, live, h);
	} else if (rp.kind != SH_OK) {
		judge_failure(r, live, h, &rp);
		if (h->first && !r->opts->focus)
			differential(r, live, h, &rp);
	}
	if (live)
		expected_outcome(r, live, &rp);
	if (live && h->want_full)
		out->full = ss_oracle_dump_full(live);
	sqlite3_close(live);
	sh_sync_reply_free(&rp);
}

static void run_out_free(sh_run_out *o)
{
	free(o->plan);
	free(o->full);
}

/* ---- the strategies ------------------------------------------------------------------------------ */

/* The strategy a case's config asks for, as far as the engine claims it. */
static int claimed_strategy(const ss_engine *e, int wanted)
{
	if (wanted >= 0 && sh_engine_strategy_ok(e, wanted))
		return wanted;
	for (int s = 0; s < 3; s++)
		if (sh_engine_strategy_ok(e, s))
			return s;
	return SS_STRATEGY_AUTO;
}

static void run_strategies(erun *r)
{
	sh_judge *x = r->x;
	const ss_case *c = x->c;
	ss_engine *e = r->e;
	sh_run_out a, b;
	if (c->config.profile && sh_engine_profile_ok(e, SS_PROFILE_DURABLE_OBJECT)) {
		/* auto must pick prefix; scratch-db must fail and change nothing */
		ehow h1 = {SS_STRATEGY_AUTO, 1, 0, 0, 1, "durable-object auto"};
		ehow h2 = {SS_STRATEGY_SCRATCH_DB, 1, 0, 0, 0, "durable-object scratch-db"};
		sh_checked(x, SS_P7);
		run_one(r, &h1, &a);
		run_out_free(&a);
		if (!stop(r) && !r->system && sh_engine_strategy_ok(e, SS_STRATEGY_SCRATCH_DB)) {
			run_one(r, &h2, &b);
			run_out_free(&b);
		}
		return;
	}
	if (c->config.strategy == SS_CASE_STRATEGY_BOTH &&
	    sh_engine_strategy_ok(e, SS_STRATEGY_SCRATCH_DB) &&
	    sh_engine_strategy_ok(e, SS_STRATEGY_PREFIX)) {
		unsigned hh = 0;
		for (const char *p = ss_case_text(c, SS_CASE_DESIRED); *p; p++)
			hh = hh * 31 + (unsigned char)*p;
		int first = (hh & 1) ? SS_STRATEGY_PREFIX : SS_STRATEGY_SCRATCH_DB;
		int second =
			first == SS_STRATEGY_PREFIX ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
		ehow h1 = {first, 0, 0, 1, 1, ss_strategy_name((ss_strategy)first)};
		ehow h2 = {second, 0, !x->compare_output,
			   1,      0, ss_strategy_name((ss_strategy)second)};
		sh_run_out *fo = first == SS_STRATEGY_SCRATCH_DB ? &a : &b;
		sh_run_out *so = first == SS_STRATEGY_SCRATCH_DB ? &b : &a;
		run_one(r, &h1, fo);
		if (!stop(r) && !r->system) {
			run_one(r, &h2, so);
			x->label = "scratch-db vs prefix";
			if (!r->system)
				sh_oracle_p4_agree(x, &a, &b);
			run_out_free(so);
		}
		run_out_free(fo);
		return;
	}
	int s = claimed_strategy(e, c->config.strategy == SS_CASE_STRATEGY_BOTH
					    ? SS_STRATEGY_AUTO
					    : c->config.strategy);
	ehow h = {s, 0, 0, 0, 1, ss_strategy_name((ss_strategy)s)};
	run_one(r, &h, &a);
	run_out_free(&a);
}

int sh_engine_case_run(ss_case_result **out, const ss_case *c, const ss_run_options *opts,
		       ss_error *err)
{
	*out = NULL;
	ss_case_result *res = sh_calloc(1, sizeof(*res));
	sh_judge x = {0};
	x.c = c;
	x.res = res;
	x.compare_output = opts->compare_output;
	x.label = "setup";
	erun r = {.x = &x, .e = opts->engine, .opts = opts};
	int rc = sh_judge_setup(&x, err);
	if (rc == 0) {
		const char *dir = sh_engine_dir(r.e);
		snprintf(r.live, sizeof(r.live), "%s/live.db", dir);
		snprintf(r.empty, sizeof(r.empty), "%s/empty.db", dir);
		sh_schema_names(&r.names, x.pristine);
		sh_schema_names(&r.names, x.alone);
		run_strategies(&r);
		if (r.system) {
			ss_engine_stats st;
			ss_engine_get_stats(r.e, &st);
			rc = sh_fail(err, SS_E_SYSTEM, "no adapter: %s", st.stop_message);
		} else if (res->violated == SS_P5 && r.p5_message &&
			   strstr(res->detail, "changed the database")) {
			/* the failure, not the first line of the dumps (which depends on the case's
			 * names); what it changed goes into the detail */
			sh_signature_failure(res->signature, sizeof(res->signature), "P5",
					     r.p5_message, NULL, &r.names);
			size_t n = strlen(res->detail);
			snprintf(res->detail + n, sizeof(res->detail) - n,
				 " [in all, the failed sync %s]", r.p5_change);
		} else if (res->violated) {
			sh_signature(res->signature, sizeof(res->signature),
				     ss_property_name(res->violated), res->detail, &r.names);
		}
	}
	if (rc == 0)
		*out = res;
	else
		ss_case_result_free(res);
	sh_strv_free(&r.names);
	free(r.p5_message);
	sh_judge_cleanup(&x);
	return rc;
}

int sh_engine_case_fails(ss_engine *e, const ss_case *c, int property, const char *signature)
{
	ss_run_options o = SS_RUN_OPTIONS_INIT;
	o.engine = e;
	o.focus = property;
	ss_case_result *r = NULL;
	int fails = 0;
	if (ss_case_run(&r, c, &o, NULL) == 0)
		fails = r->violated == property && (!signature || !strcmp(r->signature, signature));
	ss_case_result_free(r);
	return fails;
}
