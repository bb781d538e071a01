/* SPDX-License-Identifier: MIT */
/*
 * One case of the fault campaign and one way of running it (a strategy, or the
 * durable-object profile), and the checks every run gets, whichever fault it carried:
 *  - failed: the error has its code and a message, and its kind is true to the fault
 *    (SQLite's, out of memory, or what the fault-free run of the same case returned: an I/O
 *    or allocation failure is never "invalid definitions"); the database is logically as it
 *    was, integrity_check unchanged, nothing of the engine left behind (P5, oracle_atomic.c);
 *  - completed: P1, P3, P6, P8 and no leftovers (the oracles' internal API);
 *  - both: the connection as the caller had it (P10, oracle_conn.c), no engine allocation
 *    and no prepared statement left behind (a leak under any sanitizer or none).
 * Also the FILE databases the I/O, crash and race loops run on: the pristine database
 * written in a journal mode, copies of it, and reading one back through a fresh connection.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t sh_fault_draw(sh_fworker *w, uint64_t n)
{
	/* SplitMix64 */
	uint64_t z = (w->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return n > 1 ? z % n : 0;
}

void sh_fault_options(ss_options *opts, const sh_fcase *f, const sh_frun *r)
{
	sh_case_options(opts, f->c, r->strategy, r->profile);
}

static void set_fk(sh_fcase *f, sqlite3 *db)
{
	sh_exec(db,
		f->c->config.foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
		NULL, 0);
}

sqlite3 *sh_fault_live_memory(sh_fcase *f)
{
	sqlite3 *live = sh_copy_db(f->x.pristine);
	set_fk(f, live);
	return live;
}

sqlite3 *sh_fault_open(sh_fcase *f, const char *path, const char *vfs)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, vfs) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	set_fk(f, db);
	return db;
}

void sh_fault_reset(sh_fcase *f)
{
	ss_case_result *r = &f->res;
	free(r->plan_sql);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/*
 * Is s one of the statements an FTS5 or R*Tree table prepares on its own shadow tables and
 * keeps on the connection while it is open (not a leak of the engine)? Their SQL names a
 * shadow table quoted with its suffix ('x_data', "x_node", ...), or is FTS5's data_version
 * probe; told by the text alone, so
 * that judging needs no query of a database that may be failing.
 */
static int vtab_statement(sqlite3_stmt *s)
{
	static const char *const suffixes[] = {"_data",   "_idx",  "_content", "_docsize",
					       "_config", "_node", "_parent",  "_rowid"};
	const char *sql = sqlite3_sql(s);
	/* FTS5 also keeps "PRAGMA 'main'.data_version" (the engine spells it unquoted) and, for
	 * an external-content index, its reads of the content table, which all start "SELECT
	 * T.'col'" (the engine and the harness never quote a column that way) */
	if (sql && strncmp(sql, "PRAGMA '", 8) == 0 && strstr(sql, "'.data_version") != NULL)
		return 1;
	if (sql && strncmp(sql, "SELECT T.'", 10) == 0)
		return 1;
	for (size_t i = 0; sql && i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		for (const char *at = strstr(sql, suffixes[i]); at;
		     at = strstr(at + 1, suffixes[i])) {
			char after = at[strlen(suffixes[i])];
			if (after == '\'' || after == '"')
				return 1;
		}
	return 0;
}

/* Prepared statements on db, not counting those of its virtual tables. */
int sh_fault_stmt_count(sqlite3 *db)
{
	int n = 0;
	for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s))
		n += !vtab_statement(s);
	return n;
}

void sh_ftrial_begin(sh_fcase *f, const sh_frun *r, sqlite3 *live, sh_ftrial *t)
{
	memset(t, 0, sizeof(*t));
	sh_fault_options(&t->opts, f, r);
	sh_fault_reset(f);
	f->x.label = r->label;
	/* before the profile: its state is engine memory that uninstalling frees */
	t->blocks0 = sh_oom_engine_live();
	sh_conn_setup(&f->x, live, &t->conn);
	if (r->profile) {
		ss_error e = {0};
		t->profile_on = ss_durable_object_install(live, &e) == SS_OK;
	}
	t->stmts0 = sh_fault_stmt_count(live);
}

void sh_ftrial_sync(sh_fcase *f, sqlite3 *live, sh_ftrial *t)
{
	t->rc = ss_sync(&t->plan, live, ss_case_text(f->c, SS_CASE_DESIRED), &t->opts, &t->err);
}

int sh_fault_rc_ok(const sh_frun *r, int rc)
{
	return rc == SS_E_SQLITE || rc == SS_E_NOMEM || rc == r->rc0;
}

void sh_fault_violation(sh_fcase *f, const sh_frun *r, int kind, const char *point, const char *fmt,
			...)
{
	char detail[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	ss_fault_report *rep = f->w->rep;
	rep->violations++;
	rep->counts[kind][r->column].violations++;
	/* a few per case: one broken cleanup path repeats at every later point */
	if (f->w->printed++ >= 3 || !f->w->o->on_event)
		return;
	ss_fault_event ev = {SS_FAULT_VIOLATION, f->w->o, f->where, kind, r->column, point, detail};
	f->w->o->on_event(f->w->o->ctx, &ev);
}

/* What the oracles found, and the error's kind, after a failed or a completed run. */
static void judge_outcome(sh_fcase *f, const sh_frun *r, sqlite3 *live, sh_ftrial *t, int fired,
			  char *why, size_t len)
{
	sh_judge *x = &f->x;
	why[0] = 0;
	if (t->rc == SS_OK) {
		sh_oracle_p1_converged(x, live);
		sh_oracle_p3_rows(x, live);
		sh_oracle_p6_integrity(x, live);
		if (!f->c->config.allow_destructive)
			sh_oracle_p8_guard(x, live, NULL);
		sh_oracle_leftovers(x, live, SS_P1, NULL, "the sync");
		return;
	}
	if (t->err.code != t->rc || !t->err.message[0])
		snprintf(why, len, "failed with %s (%d) but the error says code %d, \"%.200s\"",
			 ss_error_name(t->rc), t->rc, t->err.code, t->err.message);
	else if (fired && !sh_fault_rc_ok(r, t->rc))
		snprintf(why, len,
			 "wrong error kind: %s, expected sqlite or nomem (the fault-free run: "
			 "%s): %.300s",
			 ss_error_name(t->rc), ss_error_name(r->rc0), t->err.message);
	sh_oracle_p5_atomic(x, live, t->rc, t->err.message, NULL);
}

void sh_fault_test_damage(sqlite3 *db)
{
	const char *v = getenv("SS_FAULTS_TEST_DAMAGE");
	if (v && v[0] == '1')
		sh_exec(db,
			"CREATE TABLE IF NOT EXISTS ss_test_damage(x); "
			"INSERT INTO ss_test_damage VALUES (1);",
			NULL, 0);
}

int sh_ftrial_judge(sh_fcase *f, const sh_frun *r, sqlite3 *live, sh_ftrial *t, int kind, int fired,
		    const char *point)
{
	sh_judge *x = &f->x;
	if (t->profile_on)
		ss_durable_object_uninstall(live);
	/* SQLite rolls a transaction back by itself after an I/O error, a full disk or a
	 * failed allocation inside it (its documented behaviour): not the engine's doing when
	 * the sync then failed. The caller, told so, opens its transaction again. */
	if (fired && t->rc != SS_OK && t->conn.txn && sqlite3_get_autocommit(live)) {
		sh_exec(live, t->conn.txn == SS_CALLER_BEGIN ? "BEGIN" : "SAVEPOINT caller_sp",
			NULL, 0);
		if (f->c->config.defer_foreign_keys)
			sh_exec(live, "PRAGMA defer_foreign_keys=ON", NULL, 0);
	}
	/* P10 first: the caller's transaction ends (commits) there, as a caller's would */
	sh_oracle_p10_restored(x, live, &t->conn, t->rc);
	sh_conn_free(&t->conn);
	if (fired)
		sh_fault_test_damage(live);
	ss_plan_free(t->plan);
	t->plan = NULL;
	int bad = 0;
	long leaked = sh_oom_engine_live() - t->blocks0;
	int stmts = sh_fault_stmt_count(live) - t->stmts0;
	if (leaked || stmts) {
		const char *last = "";
		for (sqlite3_stmt *s = sqlite3_next_stmt(live, NULL); s;
		     s = sqlite3_next_stmt(live, s))
			if (!vtab_statement(s) && sqlite3_sql(s) != NULL)
				last = sqlite3_sql(s);
		f->w->rep->leaks++;
		sh_fault_violation(f, r, kind, point,
				   "leak: %ld engine allocation(s) and %d prepared statement(s) "
				   "left after the sync (%s)%s%.200s",
				   leaked, stmts, ss_error_name(t->rc),
				   *last ? "; one of them: " : "", last);
		bad = 1;
	}
	char why[600];
	judge_outcome(f, r, live, t, fired, why, sizeof(why));
	if (why[0]) {
		sh_fault_violation(f, r, kind, point, "%s", why);
		bad = 1;
	}
	if (f->res.violated) {
		sh_fault_violation(f, r, kind, point, "%s: %s (sync: %s%s%.300s)",
				   ss_property_name(f->res.violated), f->res.detail,
				   ss_error_name(t->rc), t->rc ? ": " : "", t->err.message);
		bad = 1;
	}
	if (fired) {
		ss_fault_counts *k = &f->w->rep->counts[kind][r->column];
		k->points++;
		if (!bad && t->rc == SS_OK)
			k->completed++;
		else if (!bad)
			k->failed++;
	}
	return bad;
}

void sh_frun_reference(sh_fcase *f, sh_frun *r)
{
	sqlite3 *live = sh_fault_live_memory(f);
	sh_ftrial t;
	sh_ftrial_begin(f, r, live, &t);
	sh_ftrial_sync(f, live, &t);
	r->rc0 = t.rc;
	if (t.profile_on)
		ss_durable_object_uninstall(live);
	sh_oracle_p10_restored(&f->x, live, &t.conn, t.rc);
	sh_conn_free(&t.conn);
	ss_plan_free(t.plan);
	r->after0 = sh_fault_dump(f, live);
	sqlite3_close(live);
}

/* ---- FILE databases ----------------------------------------------------------------------------- */

void sh_fault_remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
	char p[1024];
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

int sh_fault_copy_file(const char *from, const char *to)
{
	sh_fault_remove_db(to);
	int in = open(from, O_RDONLY);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc = out < 0 ? -1 : 0;
	char buf[65536];
	ssize_t n;
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			rc = -1;
	close(in);
	if (out >= 0 && close(out) != 0)
		rc = -1;
	return rc;
}

int sh_fault_template(sh_fcase *f, const char *path, int wal)
{
	const char *mode = wal ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode=DELETE";
	sh_fault_remove_db(path);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sh_exec(db, mode, NULL, 0);
	sqlite3_backup *b =
		rc == SQLITE_OK ? sqlite3_backup_init(db, "main", f->x.pristine, "main") : NULL;
	if (b) {
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	} else if (rc == SQLITE_OK) {
		rc = SQLITE_ERROR;
	}
	/* the copied header carries the in-memory database's journal mode */
	if (rc == SQLITE_OK)
		rc = sh_exec(db, mode, NULL, 0);
	sqlite3_close(db);
	if (rc != SQLITE_OK)
		return -1;
	/* the file must hold exactly the pristine database */
	char ic[512];
	char *dump = sh_fault_reopen_dump(f, path, ic, sizeof(ic));
	rc = dump && !strcmp(dump, f->before) ? 0 : -1;
	free(dump);
	return rc;
}

char *sh_fault_dump(sh_fcase *f, sqlite3 *db)
{
	char *d = ss_oracle_dump_full(db);
	if (d && f->clock)
		sh_dump_mask_clock(d);
	return d;
}

/* "NULL value in t.c", "non-INTEGER value in t.c", "CHECK constraint failed in t". */
static int content_line(const char *m, size_t n)
{
	if (n >= 23 && !strncmp(m, "CHECK constraint failed", 23))
		return 1;
	size_t w = 0;
	while (w < n &&
	       ((m[w] >= 'A' && m[w] <= 'Z') || (m[w] >= 'a' && m[w] <= 'z') || m[w] == '-'))
		w++;
	return w > 0 && n - w > 10 && !strncmp(m + w, " value in ", 10);
}

int sh_fault_damaged(sh_fcase *f, const char *ic)
{
	if (!ic[0] || sh_integrity_known(ic, sh_pristine_integrity(&f->x)) ||
	    sh_integrity_known(ic, f->x.ref_ic))
		return 0;
	for (const char *l = ic; *l;) {
		size_t n = strcspn(l, "\n");
		if (n > 0 && !content_line(l, n))
			return 1;
		l += n;
		if (*l)
			l++;
	}
	return 0;
}

char *sh_fault_reopen_dump(sh_fcase *f, const char *path, char *ic, size_t iclen)
{
	int fk = f->c->config.foreign_keys;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(ic, iclen, "cannot open: %s", db ? sqlite3_errmsg(db) : "?");
		sqlite3_close(db);
		return NULL;
	}
	sh_exec(db, fk ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", NULL, 0);
	if (sh_integrity_ok(db, ic, iclen))
		ic[0] = 0;
	char *dump = sh_fault_dump(f, db);
	sqlite3_close(db);
	return dump;
}
