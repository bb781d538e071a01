/* SPDX-License-Identifier: MIT */
/*
 * I/O faults on FILE databases, in rollback-journal (DELETE) and WAL mode: for each mode of
 * the shim VFS (fault_vfs.c) — the N-th read, write, sync, truncate or lock fails, or the
 * disk is full from the N-th growing write on — N = 1, 2, ... until the sync runs through
 * without reaching the N-th. Each run is judged in its connection (fault_judge.c), then the
 * file is read again through a fresh connection: what a later process finds (a hot journal
 * rolled back, a WAL recovered) must be what the failed sync's connection saw: the database
 * before (a failure) or the synced one (a completion).
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file read back: the same logical database the connection saw. */
static void check_reopened(sh_fcase *f, const sh_frun *r, const char *path, const char *seen,
			   const char *point)
{
	char ic[1024], diff[600];
	char *dump = sh_fault_reopen_dump(f, path, ic, sizeof(ic));
	if (!dump) {
		sh_fault_violation(f, r, SS_FAULT_IO, point, "reopened: %s", ic);
		return;
	}
	if (sh_fault_damaged(f, ic))
		sh_fault_violation(f, r, SS_FAULT_IO, point, "reopened: integrity_check: %.400s",
				   ic);
	else if (seen && strcmp(dump, seen)) {
		ss_oracle_diff(diff, sizeof(diff), dump, seen);
		sh_fault_violation(f, r, SS_FAULT_IO, point,
				   "reopened: differs from what the sync's connection saw: %s",
				   diff);
	}
	free(dump);
}

/* One loop: a journal mode and an I/O mode. */
static void io_mode_loop(sh_fcase *f, sh_frun *r, const char *tpl, const char *path, int wal,
			 int mode)
{
	long max = f->w->o->max_points;
	for (long n = 1;; n++) {
		if (sh_fault_copy_file(tpl, path) != 0)
			return;
		sqlite3 *live = sh_fault_open(f, path, SH_VFS_NAME);
		if (!live)
			return;
		sh_ftrial t;
		sh_ftrial_begin(f, r, live, &t);
		sh_vfs_arm_io(mode, n);
		sh_ftrial_sync(f, live, &t);
		int fired = sh_vfs_fired();
		sh_vfs_disarm();
		char point[96];
		snprintf(point, sizeof(point), "%s %ld (%s)", sh_io_mode_name(mode), n,
			 wal ? "wal" : "rollback journal");
		if (fired)
			f->w->rep->faults_injected[SS_FAULT_IO]++;
		int rc = t.rc;
		sh_ftrial_judge(f, r, live, &t, SS_FAULT_IO, fired, point);
		char *seen = sh_fault_dump(f, live);
		sqlite3_close(live);
		check_reopened(f, r, path, rc == SS_OK ? seen : f->before, point);
		free(seen);
		if (!fired || (max > 0 && n >= max))
			break;
	}
}

void sh_fault_io_loop(sh_fcase *f, sh_frun *r)
{
	char tpl[640], path[640];
	for (int wal = 0; wal < 2; wal++) {
		snprintf(tpl, sizeof(tpl), "%s/io-template.db", f->w->dir);
		snprintf(path, sizeof(path), "%s/io.db", f->w->dir);
		if (sh_fault_template(f, tpl, wal) != 0) {
			sh_fault_violation(f, r, SS_FAULT_IO, "setup",
					   "the pristine database cannot be written to %s", tpl);
			return;
		}
		for (int mode = 0; mode < SH_IO_MODES; mode++)
			io_mode_loop(f, r, tpl, path, wal, mode);
		sh_fault_remove_db(path);
		sh_fault_remove_db(tpl);
	}
}
