/* SPDX-License-Identifier: MIT */
/*
 * What the fault campaign's modules share (ss_faults.h is the public side):
 *
 *   fault_vfs.c       the shim VFS over the default one: fails the N-th read, write, sync,
 *                     truncate or lock, fills the disk, and records unsynced writes so that a
 *                     crash can drop them
 *   fault_oom.c       the allocation hooks (the engine's and SQLite's) and the OOM loop
 *   fault_io.c        the I/O loop on FILE databases (rollback journal and WAL)
 *   fault_crash.c     the crash loop: crash, restore what survived, reopen, before or after
 *   fault_race.c      the race loop: a second connection at chosen points of the sync
 *   fault_judge.c     one case and one way of running it; the checks after a failed or a
 *                     completed run (P5, P10, error kinds, leaks; P1, P3, P6, P8)
 *   fault_campaign.c  cases from a corpus or the generator, workers, totals
 */
#ifndef SS_HARNESS_FAULT_H
#define SS_HARNESS_FAULT_H

#include "oracle.h"
#include "ss_faults.h"

/* ---- the shim VFS (fault_vfs.c) ------------------------------------------------------------ */

#define SH_VFS_NAME "ss-fault"

/* What the shim counts and can fail. FULL counts writes that grow a file. */
enum { SH_IO_READ, SH_IO_WRITE, SH_IO_SYNC, SH_IO_TRUNCATE, SH_IO_LOCK, SH_IO_FULL, SH_IO_MODES };
const char *sh_io_mode_name(int mode);

/* Register the shim (not as the default: only connections opened with SH_VFS_NAME use it);
 * 0, or SQLite's error. */
int sh_vfs_register(void);
/* Count operations from now on, failing none. */
void sh_vfs_arm_count(void);
/* Fail the n-th operation of mode (once: a transient fault; FULL: every growing write from
 * the n-th on fails with SQLITE_FULL, as a full disk does). */
void sh_vfs_arm_io(int mode, long n);
/* Crash before the n-th write (at_sync 0) or sync (at_sync 1): that operation and every one
 * after it fails, as if the process had died. Unsynced writes of the main database, its
 * journal and its WAL are recorded from now on; keep says which survive the crash (0:
 * none, power lost; 1: all, the process was killed; 2: each one by a coin of seed). */
void sh_vfs_arm_crash(int at_sync, long n, int keep, uint64_t seed);
/* Stop failing and counting (the crash records stay until the next arm). */
void sh_vfs_disarm(void);
/* Operations of mode seen since the last arm. */
long sh_vfs_seen(int mode);
/* Was the armed fault (or crash) injected? */
int sh_vfs_fired(void);
/* After the crashed connection is closed: write each recorded file as the crash left it
 * (its synced content plus the unsynced writes that survive). 0, or -1 with errno. */
int sh_vfs_crash_restore(void);

/* ---- allocations (fault_oom.c) --------------------------------------------------------------- */

/* Install the counting hooks: the engine's (ss_set_allocator) and SQLite's
 * (SQLITE_CONFIG_MALLOC, with SQLite shut down and initialized again). 0 or -1. */
int sh_oom_install(void);
/* Fail the n-th allocation from now on (engine and SQLite counted together); 0: none. */
void sh_oom_arm(long n);
void sh_oom_disarm(void);
long sh_oom_seen(void);
/* 0: not injected; 1: an engine allocation failed; 2: a SQLite one. */
int sh_oom_fired(void);
/* Engine allocations not freed yet (a trial's leak check compares two readings). */
long sh_oom_engine_live(void);

/* ---- one case, one way of running it (fault_judge.c) ------------------------------------------ */

typedef struct sh_fworker {
	const ss_fault_options *o;
	ss_fault_report *rep; /* this worker's (shared memory) */
	char dir[512];        /* its folder for FILE databases */
	uint64_t rng;
	int printed; /* violations printed for the current case */
} sh_fworker;

/* How the sync runs: strategy and profile, the report column, and the fault-free result. */
typedef struct sh_frun {
	int strategy, profile, column;
	const char *label;
	int rc0;      /* the fault-free sync's result */
	char *after0; /* ... its full dump (also when it failed) */
} sh_frun;

typedef struct sh_fcase {
	sh_fworker *w;
	const ss_case *c;
	char where[600];
	sh_judge x;
	ss_case_result res;
	char *before; /* the pristine full dump */
	int clock;    /* the case uses CURRENT_TIME / _DATE / _TIMESTAMP (sh_fault_dump) */
} sh_fcase;

/* One run with a fault armed: what the sync returned, and what the checks compare with. */
typedef struct sh_ftrial {
	sh_conn conn;
	ss_options opts;
	int profile_on;
	int rc;
	ss_error err;
	ss_plan *plan;
	long blocks0;
	int stmts0;
} sh_ftrial;

/* The engine's options for a run of f. */
void sh_fault_options(ss_options *out, const sh_fcase *f, const sh_frun *r);
/* A fresh in-memory copy of the pristine database (foreign keys as the case says). */
sqlite3 *sh_fault_live_memory(sh_fcase *f);
/* Open path (vfs NULL: the default) as the live connection, foreign keys as the case says;
 * NULL when it cannot be opened. */
sqlite3 *sh_fault_open(sh_fcase *f, const char *path, const char *vfs);
/* The caller's connection set up, the profile installed, the leak baselines read, t->opts
 * filled: the caller arms its fault and calls sh_ftrial_sync. */
void sh_ftrial_begin(sh_fcase *f, const sh_frun *r, sqlite3 *live, sh_ftrial *t);
void sh_ftrial_sync(sh_fcase *f, sqlite3 *live, sh_ftrial *t);
/*
 * After the fault is disarmed: the profile removed, the connection checked (P10), the plan
 * freed, leaks checked; then a failed run is checked for P5 and its error's kind, a completed
 * one for P1, P3, P6, P8 and leftovers. Counted under kind / r->column as one point when
 * fired (the fault was injected); a violation is reported with point either way. Returns 1
 * when a violation was found.
 */
int sh_ftrial_judge(sh_fcase *f, const sh_frun *r, sqlite3 *live, sh_ftrial *t, int kind, int fired,
		    const char *point);
/* The fault-free run of r: r->rc0 and r->after0. */
void sh_frun_reference(sh_fcase *f, sh_frun *r);
/* Is rc a true kind for a run that failed under an injected fault (SQLite's, memory, or
 * what the fault-free run returned)? */
int sh_fault_rc_ok(const sh_frun *r, int rc);
/* Report a violation of kind under r's column at point (counted; printed through
 * on_event, at most a few per case). */
void sh_fault_violation(sh_fcase *f, const sh_frun *r, int kind, const char *point, const char *fmt,
			...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
/* The test hook that proves the campaign notices: with SS_FAULTS_TEST_DAMAGE=1 in the
 * environment every faulted run's database gets a table it should not have before it is
 * judged (ctest property.faults_notices_damage expects the campaign to fail). */
void sh_fault_test_damage(sqlite3 *db);
/* Forget the judge's verdicts (one case result serves every run). */
void sh_fault_reset(sh_fcase *f);

/* FILE databases: the case's pristine database written to path in a journal mode (wal 0:
 * DELETE, 1: WAL); a byte copy of a template (journal, WAL and shm files removed first). */
int sh_fault_template(sh_fcase *f, const char *path, int wal);
int sh_fault_copy_file(const char *from, const char *to);
void sh_fault_remove_db(const char *path);
/* sh_fault_dump of the database at path, opened afresh with the default VFS (foreign keys as
 * the case says; integrity_check's report into ic when not "ok", else ic[0] = 0). NULL when
 * it cannot be opened. */
char *sh_fault_reopen_dump(sh_fcase *f, const char *path, char *ic, size_t iclen);
/* The full dump of db (ss_oracle_dump_full) for comparisons between runs: in a case that uses
 * the clock (a CURRENT_TIMESTAMP default), the digits of date and time values are masked,
 * since two correct runs a second apart differ there (the same benign cause P3 leaves out). */
char *sh_fault_dump(sh_fcase *f, sqlite3 *db);
/* Does integrity_check's report ic (from sh_fault_reopen_dump) show damage? Lines the
 * pristine database or the reference migration report too, and lines about row contents
 * ("NULL value in t.c": SQLite 3.40 reports them for sound WITHOUT ROWID rows with a
 * generated column; the dump comparison judges contents), are not damage. */
int sh_fault_damaged(sh_fcase *f, const char *ic);
/* A value in [0, n) from the worker's PRNG. */
uint64_t sh_fault_draw(sh_fworker *w, uint64_t n);

/* ---- the loops --------------------------------------------------------------------------------- */

void sh_fault_oom_loop(sh_fcase *f, sh_frun *r);
void sh_fault_io_loop(sh_fcase *f, sh_frun *r);
void sh_fault_crash_loop(sh_fcase *f, sh_frun *r);
void sh_fault_race_loop(sh_fcase *f, sh_frun *r);

/* Prepared statements on db, not counting the ones its FTS5 / R*Tree tables keep. */
int sh_fault_stmt_count(sqlite3 *db);

#endif
