/* SPDX-License-Identifier: MIT */
/*
 * The check campaign's parts: the parent (check.c: workers, timeouts, lost cases, totals)
 * and the workers (check_worker.c: cases, violations, shrinking, case files), which share
 * one block of counters per worker in shared memory.
 */
#ifndef SS_HARNESS_CHECK_H
#define SS_HARNESS_CHECK_H

#include "harness_internal.h"

/* One worker's counters, in shared memory (the parent reads them while the worker runs). */
typedef struct sh_wstats {
	volatile long cases, invalid, violations, flaky, synced_ok;
	volatile double shrink_seconds;
	volatile long checked[SS_PROP_COUNT], failed[SS_PROP_COUNT];
	volatile long labels[SS_LABEL_MAX];
	volatile long known[SS_KNOWN_BUG_MAX];
	volatile int done;
	/* the case in progress, for the parent's per-case timeout and crash report */
	volatile long current;        /* its index, -1 between cases */
	volatile double case_started; /* sh_now() when it started; 0 while shrinking */
	volatile long lost;           /* cases that crashed or hung (counted by the parent) */
	/* --max-violations: this worker's first confirmed violation (its case index + 1, 0: none,
	 * and when that case started), and the parent's request to start no other case */
	volatile long first_case;
	volatile double first_at;
	volatile int stop;
} sh_wstats;

double sh_now(void);
/* The campaign's case index of this shard's idx-th case (idx itself without --shard). */
long sh_case_index(const ss_check_options *o, long idx);
/* The case seed of this shard's case idx (the start seed itself with one_case). */
uint64_t sh_case_seed_of(const ss_check_options *o, long idx);
void sh_check_emit(const ss_check_options *o, ss_check_event *ev);

/* Worker id runs case indexes id, id + jobs, ... starting with the first_j-th of them. */
/*
 * The next case of worker id (its j-th): SH_CHECK_DONE when the campaign is over for this
 * worker (stop asked, enough violations, cases or seconds used up); else the case is drawn
 * from its seed into *c and *cs (the caller frees both) and counted, the worker's current
 * case noted, and the result of ss_case_generate returned (non-zero: invalid). Also where
 * --test-crash-at and --test-hang-at act.
 */
#define SH_CHECK_DONE 1000
int sh_check_next_case(const ss_check_options *o, int id, sh_wstats *w, double t0, long j,
		       long *idx, ss_choices **c, ss_case **cs);
void sh_check_worker(const ss_check_options *o, int id, sh_wstats *w, double t0, long first_j);
/* A case that killed or hung its worker: announce it and write it, unshrunk (shrinking
 * would crash or hang again). what: "crash: signal 6 (Aborted)", ... */
void sh_check_lost_case(const ss_check_options *o, long idx, const char *what);

#endif
