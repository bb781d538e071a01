/* SPDX-License-Identifier: MIT */
/*
 * Fault campaigns of the harness (`schemasync check --faults KIND`): the loops SQLite runs
 * on itself, run on the engine. Over the case files of a corpus or over generated cases,
 * every sync is repeated with one fault injected at each point in turn:
 *
 *   oom    the N-th allocation fails (the engine's hook and SQLite's allocator alike);
 *   io     the N-th read, write, sync, truncate or lock of a shim VFS fails, or the disk is
 *          full from the N-th growing write on, on FILE databases (rollback journal, WAL);
 *   crash  the process "dies" at the N-th write or sync: the writes not yet synced are
 *          dropped (all, none or some), and the reopened database must be exactly the
 *          state before the sync or the state after it;
 *   race   a second connection changes the schema or writes rows at a chosen point of the
 *          sync (the engine's transaction hook, the busy wait, a progress callback): no row
 *          it committed may be lost, and the result must be a serial order of the two.
 *
 * A failed run must leave the database logically as it was (P5), the connection as the
 * caller had it (P10), no memory or statement of the engine behind, and an error of its
 * true kind (SQLite's or out of memory, never "invalid definitions"); a run that completes
 * must hold the properties (P1, P3, P6, P8). docs/PROPERTIES.md, "Fault campaigns".
 * Conventions are those of ss_harness.h.
 */
#ifndef SS_FAULTS_H
#define SS_FAULTS_H

#include "ss_harness.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fault kinds (bits of ss_fault_options.kinds) and their indexes in the report. */
enum { SS_FAULT_OOM, SS_FAULT_IO, SS_FAULT_CRASH, SS_FAULT_RACE, SS_FAULT_KINDS };
#define SS_FAULT_ALL ((1u << SS_FAULT_KINDS) - 1)
/* "oom", "io", "crash", "race". */
const char *ss_fault_kind_name(int kind);

/* The report's columns: how the sync ran. */
enum { SS_FAULT_SCRATCH_DB, SS_FAULT_PREFIX, SS_FAULT_PROFILE, SS_FAULT_COLUMNS };
/* "scratch-db", "prefix", "durable-object". */
const char *ss_fault_column_name(int column);

typedef struct ss_fault_counts {
	long points;     /* runs with a fault armed (crash and race: trials) */
	long failed;     /* ... that failed cleanly */
	long completed;  /* ... whose sync succeeded (and held the properties) */
	long violations; /* ... that broke a property */
} ss_fault_counts;

typedef struct ss_fault_report {
	double seconds;
	int jobs;
	long cases;   /* cases run */
	long invalid; /* cases whose baseline or desired schema does not build (skipped) */
	ss_fault_counts counts[SS_FAULT_KINDS][SS_FAULT_COLUMNS];
	long faults_injected[SS_FAULT_KINDS]; /* points at which the fault was reached */
	long crash_before, crash_after;       /* reopened after a crash as before / after */
	long race_committed;                  /* the other connection's change committed */
	long race_not_committed;              /* ... it did not (busy, rolled back) */
	long leaks;                           /* runs that left engine memory or statements */
	long violations;                      /* all kinds */
	long lost;                            /* workers that died inside a case */
} ss_fault_report;

typedef enum ss_fault_event_kind {
	SS_FAULT_STARTED,   /* the campaign's options */
	SS_FAULT_VIOLATION, /* where, fault, column, point, detail */
	SS_FAULT_LOST       /* where (the case the worker was in), detail */
} ss_fault_event_kind;

struct ss_fault_options;

typedef struct ss_fault_event {
	ss_fault_event_kind kind;
	const struct ss_fault_options *options;
	const char *where; /* "file:line name", or "case seed S" */
	int fault, column;
	const char *point; /* "allocation 37", "write 4 (wal)", ... */
	const char *detail;
} ss_fault_event;

typedef struct ss_fault_options {
	unsigned kinds; /* bits 1 << SS_FAULT_*; 0 means all */
	/* case files and folders (SPEC §7); none: generated cases */
	const char *const *corpus;
	size_t ncorpus;
	uint64_t seed;      /* generated cases: case i runs ss_check_case_seed(seed, i) */
	long cases;         /* generated cases to run (default 20) */
	int jobs;           /* worker processes, 1 to SS_CHECK_MAX_JOBS */
	ss_gen_options gen; /* generated cases; gen.strategy also filters corpus runs */
	/* per loop (a case, a strategy, a fault mode, a journal mode): at most this many
	 * points (0: every point until the sync completes) */
	long max_points;
	int race_points;     /* progress-callback points per race loop (default 4) */
	const char *tmp_dir; /* where the FILE databases live (default: $TMPDIR, else /dev/shm
			      * where it is writable, else /tmp) */
	int include_known_failing;
	void (*on_event)(void *ctx, const ss_fault_event *event);      /* in the workers */
	void (*on_progress)(void *ctx, const ss_fault_report *so_far); /* in the parent */
	void *ctx;
} ss_fault_options;

#define SS_FAULT_OPTIONS_INIT                                                                      \
	{                                                                                          \
		0, NULL, 0, 1, 20, 1, SS_GEN_OPTIONS_INIT, 0, 4, NULL, 0, NULL, NULL, NULL         \
	}

/*
 * Run the campaign. Returns 0 when it ran (*out: its totals; violations are counted
 * there), SS_E_MISUSE for bad options or a corpus without cases, SS_E_SYSTEM when the
 * workers could not be started.
 */
int ss_fault_run(ss_fault_report **out, const ss_fault_options *opts, ss_error *err);
void ss_fault_report_free(ss_fault_report *report);

#ifdef __cplusplus
}
#endif
#endif
