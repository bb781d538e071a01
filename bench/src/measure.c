/* SPDX-License-Identifier: MIT */
/*
 * The phases and how each is timed. Every phase runs in a forked child (so its peak RSS is
 * its own, read from wait4's ru_maxrss) that sets up what the phase needs outside the clock,
 * then takes --repeat samples of the timed call:
 *
 *   plan                  ss_plan_between on two models already in memory (no database)
 *   inspect               ss_schema_inspect of the live database
 *   floor                 a bare SELECT type, name, sql FROM sqlite_schema, every row read
 *   materialize.<s>       ss_plan_phase_usec(plan, 0) of ss_plan_create with strategy s
 *   sync.<s>              ss_sync on a fresh copy of the live database holding --rows rows
 *                         per table (the copy is made outside the clock)
 *   nochange.<s>          ss_plan_create with the live schema's own definitions
 *   build                 the desired definitions run as they are (sqlite3_exec) into an
 *                         empty in-memory database: materializing the desired schema from
 *                         nothing, the floor a whole sync is compared with (ratio_to_build)
 *
 * Phases faster than a millisecond are batched (inner calls per sample) so the clock's
 * resolution does not matter. Where the kernel exposes a hardware counter (perf_event_open)
 * the instructions of the timed calls are counted too; under callgrind (--instructions) the
 * timed region toggles collection, so callgrind counts exactly the calls and nothing else.
 */
#define _GNU_SOURCE
#include "bench.h"
#include "schemasync.h"

#include <errno.h>
#include <linux/perf_event.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef SS_BENCH_HAVE_CALLGRIND_H
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_TOGGLE_COLLECT
#endif

const char *const bench_phases[] = {
	"plan",
	"inspect",
	"floor",
	"materialize.scratch-db",
	"materialize.prefix",
	"sync.scratch-db",
	"sync.prefix",
	"nochange.scratch-db",
	"nochange.prefix",
	"build",
};
const size_t bench_phase_count = sizeof(bench_phases) / sizeof(bench_phases[0]);

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- the timed region: clock, hardware counter, callgrind ------------------------------- */

static int g_perf_fd = -1;
static int g_callgrind;
static double g_t0;

static void perf_open(void)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_HARDWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	g_perf_fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

static void timed_begin(void)
{
	if (g_callgrind) {
		CALLGRIND_START_INSTRUMENTATION;
		CALLGRIND_TOGGLE_COLLECT;
	}
	if (g_perf_fd >= 0)
		ioctl(g_perf_fd, PERF_EVENT_IOC_ENABLE, 0);
	g_t0 = now_us();
}

static double timed_end(void)
{
	double t = now_us() - g_t0;
	if (g_perf_fd >= 0)
		ioctl(g_perf_fd, PERF_EVENT_IOC_DISABLE, 0);
	if (g_callgrind) {
		CALLGRIND_TOGGLE_COLLECT;
		CALLGRIND_STOP_INSTRUMENTATION;
	}
	return t;
}

/* ---- per-phase state -------------------------------------------------------------------- */

typedef struct phase_ctx {
	const workload *w;
	ss_options opts;
	sqlite3 *live;         /* the live database (rows filled for the sync-like phases) */
	ss_schema *live_model; /* plan */
	ss_schema *desired_model;
	long plan_statements;
	int single_shot; /* exactly one call: sync may consume live instead of copying it */
	char err[512];
} phase_ctx;

typedef int (*once_fn)(phase_ctx *c, double *us);

static int once_plan(phase_ctx *c, double *us)
{
	ss_plan *p = NULL;
	ss_error e;
	timed_begin();
	int rc = ss_plan_between(&p, c->live_model, c->desired_model, NULL, &c->opts, &e);
	*us = timed_end();
	if (rc == 0)
		c->plan_statements = (long)ss_plan_count(p);
	else
		bench_fmt(c->err, sizeof(c->err), "ss_plan_between: %s", e.message);
	ss_plan_free(p);
	return rc;
}

static int once_inspect(phase_ctx *c, double *us)
{
	ss_schema *s = NULL;
	ss_error e;
	timed_begin();
	int rc = ss_schema_inspect(&s, c->live, "main", &e);
	*us = timed_end();
	if (rc)
		bench_fmt(c->err, sizeof(c->err), "ss_schema_inspect: %s", e.message);
	ss_schema_free(s);
	return rc;
}

static int once_floor(phase_ctx *c, double *us)
{
	sqlite3_stmt *st = NULL;
	size_t bytes = 0;
	int rc;
	timed_begin();
	rc = sqlite3_prepare_v2(c->live, "SELECT type, name, sql FROM sqlite_schema", -1, &st,
				NULL);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < 3; i++) {
				sqlite3_column_text(st, i);
				bytes += (size_t)sqlite3_column_bytes(st, i);
			}
		}
	}
	*us = timed_end();
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || bytes == 0) {
		bench_fmt(c->err, sizeof(c->err), "reading sqlite_schema: %s",
			  sqlite3_errmsg(c->live));
		return -1;
	}
	return 0;
}

static int once_materialize(phase_ctx *c, double *us)
{
	ss_plan *p = NULL;
	ss_error e;
	int rc = ss_plan_create(&p, c->live, c->w->desired, &c->opts, &e);
	if (rc == 0) {
		*us = ss_plan_phase_usec(p, 0);
		c->plan_statements = (long)ss_plan_count(p);
	} else {
		bench_fmt(c->err, sizeof(c->err), "ss_plan_create: %s", e.message);
	}
	ss_plan_free(p);
	return rc;
}

static int once_nochange(phase_ctx *c, double *us)
{
	ss_plan *p = NULL;
	ss_error e;
	timed_begin();
	int rc = ss_plan_create(&p, c->live, c->w->baseline, &c->opts, &e);
	*us = timed_end();
	if (rc == 0)
		c->plan_statements = (long)ss_plan_count(p);
	else
		bench_fmt(c->err, sizeof(c->err), "ss_plan_create: %s", e.message);
	ss_plan_free(p);
	return rc;
}

static int once_build(phase_ctx *c, double *us)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		bench_fmt(c->err, sizeof(c->err), "sqlite3_open failed");
		sqlite3_close(db);
		return -1;
	}
	timed_begin();
	int rc = sqlite3_exec(db, c->w->desired, NULL, NULL, NULL);
	*us = timed_end();
	if (rc != SQLITE_OK)
		bench_fmt(c->err, sizeof(c->err), "running the desired definitions: %s",
			  sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int once_sync(phase_ctx *c, double *us)
{
	ss_plan *p = NULL;
	ss_error e;
	sqlite3 *db = c->single_shot ? c->live : bench_db_copy(c->live, c->err, sizeof(c->err));
	if (db == NULL)
		return -1;
	if (c->single_shot)
		c->live = NULL; /* consumed: the only call syncs the original, no copy in memory */
	if (c->w->foreign_keys)
		sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	timed_begin();
	int rc = ss_sync(&p, db, c->w->desired, &c->opts, &e);
	*us = timed_end();
	if (rc == 0)
		c->plan_statements = (long)ss_plan_count(p);
	else
		bench_fmt(c->err, sizeof(c->err), "ss_sync: %s", e.message);
	ss_plan_free(p);
	sqlite3_close(db);
	return rc;
}

/* ---- statistics ---------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(const double *sorted, int n, double q)
{
	double pos = q * (n - 1);
	int lo = (int)floor(pos);
	int hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

void result_stats(result *r)
{
	double s[BENCH_MAX_SAMPLES];
	if (r->nsamples <= 0)
		return;
	memcpy(s, r->samples_us, sizeof(double) * (size_t)r->nsamples);
	qsort(s, (size_t)r->nsamples, sizeof(double), cmp_double);
	r->min_us = s[0];
	r->max_us = s[r->nsamples - 1];
	r->median_us = quantile(s, r->nsamples, 0.5);
	r->q1_us = quantile(s, r->nsamples, 0.25);
	r->q3_us = quantile(s, r->nsamples, 0.75);
}

/* ---- running one phase ------------------------------------------------------------------- */

static long vm_hwm_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			v = strtol(line + 6, NULL, 10);
	fclose(f);
	return v;
}

static int reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok;
	if (f == NULL)
		return 0;
	ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

static int is_heavy(const char *phase)
{
	return strncmp(phase, "sync.", 5) == 0 || strncmp(phase, "nochange.", 9) == 0 ||
	       strncmp(phase, "materialize.", 12) == 0 || strcmp(phase, "build") == 0;
}

/*
 * Setup builds and closes databases of hundreds of MiB; glibc keeps what they freed mapped,
 * and the next allocation pattern rarely reuses it all. Hand it back, so the child's peak
 * RSS is what the phase holds, not what setup fragmented.
 */
static void give_back_freed_memory(void)
{
#if defined(__GLIBC__)
	malloc_trim(0);
#endif
}

static int setup(phase_ctx *c, const char *phase, long rows)
{
	const char *dot = strchr(phase, '.');
	ss_error e;
	if (dot) {
		c->opts.strategy = strcmp(dot + 1, "prefix") == 0 ? SS_STRATEGY_PREFIX
								  : SS_STRATEGY_SCRATCH_DB;
	}
	if (strcmp(phase, "build") == 0)
		return 0; /* from nothing: no live database */
	int needs_rows = strncmp(phase, "sync.", 5) == 0 || strncmp(phase, "nochange.", 9) == 0 ||
			 strcmp(phase, "floor") == 0;
	if (strcmp(phase, "plan") == 0) {
		/* The desired side first, closed once inspected: only its model stays. */
		sqlite3 *d = bench_db_build(c->w->desired, 0, c->err, sizeof(c->err));
		if (d == NULL)
			return -1;
		int rc = ss_schema_inspect(&c->desired_model, d, "main", &e);
		sqlite3_close(d);
		give_back_freed_memory();
		if (rc) {
			bench_fmt(c->err, sizeof(c->err), "ss_schema_inspect: %s", e.message);
			return -1;
		}
	}
	c->live = bench_db_build(c->w->baseline, needs_rows ? rows : 0, c->err, sizeof(c->err));
	if (c->live == NULL)
		return -1;
	if (strcmp(phase, "plan") == 0) {
		if (ss_schema_inspect(&c->live_model, c->live, "main", &e)) {
			bench_fmt(c->err, sizeof(c->err), "ss_schema_inspect: %s", e.message);
			return -1;
		}
		/* plan-only runs on the models alone: the database need not stay resident */
		sqlite3_close(c->live);
		c->live = NULL;
	}
	give_back_freed_memory();
	return 0;
}

static void run_inproc(const workload *w, const char *phase, const run_opts *o, result *r)
{
	phase_ctx c;
	once_fn fn;
	ss_options defaults = SS_OPTIONS_INIT;
	int repeat = o->repeat, warm = !o->exact;
	double t;

	memset(&c, 0, sizeof(c));
	c.w = w;
	c.opts = defaults;
	c.plan_statements = -1;
	r->inner = 1;
	r->phase_rss_kib = -1;
	r->instructions = -1;
	r->plan_statements = -1;
	if (strcmp(phase, "plan") == 0)
		fn = once_plan;
	else if (strcmp(phase, "inspect") == 0)
		fn = once_inspect;
	else if (strcmp(phase, "floor") == 0)
		fn = once_floor;
	else if (strncmp(phase, "materialize.", 12) == 0)
		fn = once_materialize;
	else if (strncmp(phase, "sync.", 5) == 0)
		fn = once_sync;
	else if (strncmp(phase, "nochange.", 9) == 0)
		fn = once_nochange;
	else if (strcmp(phase, "build") == 0)
		fn = once_build;
	else {
		snprintf(r->error, sizeof(r->error), "unknown phase '%s'", phase);
		return;
	}
	if (is_heavy(phase) && w->size > o->quick_above) {
		repeat = 1;
		warm = 0;
	}
	if (repeat > BENCH_MAX_SAMPLES)
		repeat = BENCH_MAX_SAMPLES;
	c.single_shot = repeat == 1 && !warm;
	if (setup(&c, phase, o->rows) != 0)
		goto done;
	r->objects = c.live ? bench_db_count(c.live, "SELECT count(*) FROM sqlite_schema") : -1;

	g_callgrind = o->callgrind;
	perf_open();
	int hwm = reset_hwm();
	if (warm) {
		if (fn(&c, &t) != 0)
			goto done;
		/* Batch calls shorter than 2 ms: the clock and the loop must not dominate. */
		if (strncmp(phase, "sync.", 5) != 0 && t < 2000.0)
			r->inner = t <= 2.0 ? 1000 : (long)ceil(2000.0 / t);
	}
	long calls = 0;
	for (int i = 0; i < repeat; i++) {
		double sum = 0;
		for (long k = 0; k < r->inner; k++) {
			if (fn(&c, &t) != 0)
				goto done;
			sum += t;
			calls++;
		}
		r->samples_us[r->nsamples++] = sum / (double)r->inner;
	}
	if (g_perf_fd >= 0) {
		long long count = 0;
		if (read(g_perf_fd, &count, sizeof(count)) == (ssize_t)sizeof(count) && calls > 0 &&
		    count > 0)
			r->instructions = (double)count / (double)(calls + (warm ? 1 : 0));
	}
	r->phase_rss_kib = hwm ? vm_hwm_kib() : -1;
	r->plan_statements = c.plan_statements;
	result_stats(r);
done:
	if (c.err[0] && !r->error[0])
		bench_fmt(r->error, sizeof(r->error), "%s", c.err);
	if (g_perf_fd >= 0)
		close(g_perf_fd);
	g_perf_fd = -1;
	ss_schema_free(c.live_model);
	ss_schema_free(c.desired_model);
	sqlite3_close(c.live);
}

int bench_run_phase(const workload *w, const char *phase, const run_opts *o, result *r)
{
	if (!o->fork_each) {
		struct rusage ru;
		run_inproc(w, phase, o, r);
		getrusage(RUSAGE_SELF, &ru);
		r->peak_rss_kib = ru.ru_maxrss;
		return 0;
	}
	fflush(NULL);
	result *shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		snprintf(r->error, sizeof(r->error), "mmap: %s", strerror(errno));
		return 0;
	}
	memcpy(shared, r, sizeof(*r));
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(r->error, sizeof(r->error), "fork: %s", strerror(errno));
		munmap(shared, sizeof(*shared));
		return 0;
	}
	if (pid == 0) {
		run_inproc(w, phase, o, shared);
		_exit(0);
	}
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	memcpy(r, shared, sizeof(*r));
	munmap(shared, sizeof(*shared));
	r->peak_rss_kib = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		snprintf(r->error, sizeof(r->error), "the child running the phase died (%s %d)",
			 WIFSIGNALED(status) ? "signal" : "status",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}
