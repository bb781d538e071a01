/* SPDX-License-Identifier: MIT */
/*
 * Crashes on FILE databases, in rollback-journal (DELETE) and WAL mode. A fault-free pass
 * through the shim VFS counts the sync's writes W and syncs S; then for every write point
 * 1..W and every sync point 1..S the sync runs again and the process "dies" there (the shim
 * fails that operation and everything after it), the connection is closed, and each file is
 * written back as a crash would leave it: the synced content plus none of the unsynced
 * writes (power lost), all of them (the process was killed: the operating system still
 * writes them) or a coin's choice, in turn. A fresh connection then opens the database
 * (rolling back a hot journal or recovering the WAL, as a restarted program would): it must
 * pass integrity_check and be exactly the database before the sync or the database after
 * the fault-free sync; nothing in between, no scratch object.
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does sync's connection close? The engine must have finalized its statements. */
static void close_crashed(sh_fcase *f, const sh_frun *r, sqlite3 *live, const char *point)
{
	if (sqlite3_close(live) == SQLITE_OK)
		return;
	sh_fault_violation(f, r, SS_FAULT_CRASH, point,
			   "the connection cannot be closed after the sync: %s",
			   sqlite3_errmsg(live));
	sqlite3_close_v2(live);
}

/* One trial: crash at the n-th write or sync, restore, reopen, judge. */
static void crash_trial(sh_fcase *f, sh_frun *r, const char *tpl, const char *path, int wal,
			int at_sync, long n, int keep)
{
	static const char *const keeps[] = {"none", "all", "some"};
	char point[128];
	snprintf(point, sizeof(point), "crash at %s %ld, %s unsynced writes kept (%s)",
		 at_sync ? "sync" : "write", n, keeps[keep], wal ? "wal" : "rollback journal");
	if (sh_fault_copy_file(tpl, path) != 0)
		return;
	sqlite3 *live = sh_fault_open(f, path, SH_VFS_NAME);
	if (!live)
		return;
	ss_options opts;
	sh_fault_options(&opts, f, r);
	sh_conn conn;
	f->x.label = r->label;
	sh_conn_setup(&f->x, live, &conn);
	int profile = r->profile && ss_durable_object_install(live, NULL) == SS_OK;
	ss_plan *plan = NULL;
	ss_error err = {0};
	sh_vfs_arm_crash(at_sync, n, keep, f->w->rng ^ (uint64_t)n);
	ss_sync(&plan, live, ss_case_text(f->c, SS_CASE_DESIRED), &opts, &err);
	int fired = sh_vfs_fired();
	ss_plan_free(plan);
	if (profile)
		ss_durable_object_uninstall(live);
	sh_conn_free(&conn);
	close_crashed(f, r, live, point);
	int restored = sh_vfs_crash_restore();
	sh_vfs_disarm();
	if (!fired)
		return;
	ss_fault_report *rep = f->w->rep;
	rep->faults_injected[SS_FAULT_CRASH]++;
	ss_fault_counts *k = &rep->counts[SS_FAULT_CRASH][r->column];
	k->points++;
	if (restored != 0) {
		sh_fault_violation(f, r, SS_FAULT_CRASH, point, "cannot write the crashed files");
		return;
	}
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
		sh_fault_test_damage(db);
	sqlite3_close(db);
	char ic[1024], diff[600];
	char *dump = sh_fault_reopen_dump(f, path, ic, sizeof(ic));
	if (!dump) {
		sh_fault_violation(f, r, SS_FAULT_CRASH, point, "reopened: %s", ic);
	} else if (sh_fault_damaged(f, ic)) {
		sh_fault_violation(f, r, SS_FAULT_CRASH, point, "reopened: integrity_check: %.400s",
				   ic);
	} else if (!strcmp(dump, f->before)) {
		rep->crash_before++;
		k->failed++;
	} else if (!strcmp(dump, r->after0)) {
		rep->crash_after++;
		k->completed++;
	} else {
		ss_oracle_diff(diff, sizeof(diff), dump, f->before);
		sh_fault_violation(f, r, SS_FAULT_CRASH, point,
				   "reopened: neither the database before the sync nor the one "
				   "after it; against before: %s",
				   diff);
	}
	free(dump);
}

/* The sync's writes and syncs on a fault-free pass through the shim. */
static void count_points(sh_fcase *f, sh_frun *r, const char *tpl, const char *path, long *w,
			 long *s)
{
	*w = *s = 0;
	if (sh_fault_copy_file(tpl, path) != 0)
		return;
	sqlite3 *live = sh_fault_open(f, path, SH_VFS_NAME);
	if (!live)
		return;
	ss_options opts;
	sh_fault_options(&opts, f, r);
	sh_conn conn;
	sh_conn_setup(&f->x, live, &conn);
	int profile = r->profile && ss_durable_object_install(live, NULL) == SS_OK;
	ss_plan *plan = NULL;
	sh_vfs_arm_count();
	ss_sync(&plan, live, ss_case_text(f->c, SS_CASE_DESIRED), &opts, NULL);
	*w = sh_vfs_seen(SH_IO_WRITE);
	*s = sh_vfs_seen(SH_IO_SYNC);
	sh_vfs_disarm();
	ss_plan_free(plan);
	if (profile)
		ss_durable_object_uninstall(live);
	sh_conn_free(&conn);
	sqlite3_close(live);
}

void sh_fault_crash_loop(sh_fcase *f, sh_frun *r)
{
	char tpl[640], path[640];
	long max = f->w->o->max_points;
	/* the engine does not own a caller's transaction: the caller's commit is what a crash
	 * would cut, not the sync */
	if (f->c->config.caller_txn)
		return;
	snprintf(tpl, sizeof(tpl), "%s/crash-template.db", f->w->dir);
	snprintf(path, sizeof(path), "%s/crash.db", f->w->dir);
	for (int wal = 0; wal < 2; wal++) {
		if (sh_fault_template(f, tpl, wal) != 0) {
			sh_fault_violation(f, r, SS_FAULT_CRASH, "setup",
					   "the pristine database cannot be written to %s", tpl);
			return;
		}
		long w, s;
		count_points(f, r, tpl, path, &w, &s);
		/* every point, or max of them spread evenly over writes and syncs */
		long total = w + s, step = max > 0 && total > max ? total / max : 1;
		for (long i = 0; i < total; i += step) {
			int at_sync = i >= w;
			long n = at_sync ? i - w + 1 : i + 1;
			crash_trial(f, r, tpl, path, wal, at_sync, n, (int)((i + wal) % 3));
		}
		sh_fault_remove_db(path);
		sh_fault_remove_db(tpl);
	}
}
