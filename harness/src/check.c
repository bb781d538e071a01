/* SPDX-License-Identifier: MIT */
/*
 * The check campaign's parent. Worker processes (fork) each run their share of the cases:
 * worker i of N runs case indexes i, i+N, ..., case index k with case seed
 * ss_check_case_seed(seed, k) (check_worker.c). Workers publish
 * counters in shared memory; the parent polls them every 200 ms for on_progress, kills a case
 * that runs longer than case_timeout, and when a worker dies inside a case it writes that case
 * (lost) and starts a new worker on the cases after it. The totals come back as a report.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"
#include "check.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double sh_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t splitmix64(uint64_t x)
{
	uint64_t z = x + 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t ss_check_case_seed(uint64_t seed, long index)
{
	/* the start seed is hashed before the index is added: start seeds 1 and 2 give
	 * unrelated sequences, not the same one shifted by one case */
	return splitmix64(splitmix64(seed) + (uint64_t)index);
}

long sh_case_index(const ss_check_options *o, long idx)
{
	return o->shard_count > 1 ? o->shard_index + idx * o->shard_count : idx;
}

uint64_t sh_case_seed_of(const ss_check_options *o, long idx)
{
	return o->one_case ? o->seed : ss_check_case_seed(o->seed, sh_case_index(o, idx));
}

void ss_check_case_command(char *buf, size_t len, const ss_check_options *o, uint64_t seed)
{
	static const char *const strategies[] = {"auto", "scratch-db", "prefix"};
	const ss_gen_options *g = &o->gen;
	int n = snprintf(buf, len, "schemasync check --case-seed %llu --max-tables %u",
			 (unsigned long long)seed, g->max_tables ? g->max_tables : 4);
	if (n >= 0 && (size_t)n < len && g->foreign_keys >= 0)
		n += snprintf(buf + n, len - (size_t)n, " --fk %s", g->foreign_keys ? "on" : "off");
	if (n >= 0 && (size_t)n < len && g->profile >= 0)
		n += snprintf(buf + n, len - (size_t)n, " --profile %s",
			      g->profile ? "durable-object" : "default");
	if (n >= 0 && (size_t)n < len && g->strategy >= 0 && g->strategy <= 2)
		n += snprintf(buf + n, len - (size_t)n, " --strategy %s", strategies[g->strategy]);
	if (n >= 0 && (size_t)n < len && o->engine)
		snprintf(buf + n, len - (size_t)n, " --engine %s", ss_engine_spec(o->engine));
}

void sh_check_emit(const ss_check_options *o, ss_check_event *ev)
{
	if (o->on_event)
		o->on_event(o->ctx, ev);
}

/* The state of a campaign in the parent. */
typedef struct campaign {
	const ss_check_options *o;
	sh_wstats *w; /* shared, one per worker */
	pid_t pids[SS_CHECK_MAX_JOBS];
	int running, crashed;
	double t0;
} campaign;

static pid_t spawn_worker(campaign *k, int id, long first_j)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (k->o->engine)
			sh_engine_check_worker(k->o, id, &k->w[id], k->t0, first_j);
		else
			sh_check_worker(k->o, id, &k->w[id], k->t0, first_j);
		sh_child_exit(0);
	}
	return pid;
}

static void sum(ss_check_report *t, const campaign *k)
{
	const ss_check_options *o = k->o;
	memset(t, 0, sizeof(*t));
	t->seed = o->seed;
	t->jobs = o->jobs;
	t->crashed = k->crashed;
	for (int i = 0; i < o->jobs; i++) {
		const sh_wstats *w = &k->w[i];
		t->cases += w->cases;
		t->invalid += w->invalid;
		t->violations += w->violations;
		t->flaky += w->flaky;
		t->synced_ok += w->synced_ok;
		t->shrink_seconds += w->shrink_seconds;
		t->lost += w->lost;
		for (int p = 0; p < SS_PROP_COUNT; p++) {
			t->checked[p] += w->checked[p];
			t->failed[p] += w->failed[p];
		}
		for (int l = 0; l < SS_LABEL_MAX; l++)
			t->labels[l] += w->labels[l];
		if (w->first_case > 0 &&
		    (t->first_violation_cases == 0 || w->first_at < t->first_violation_seconds)) {
			t->first_violation_seconds = w->first_at;
			t->first_violation_cases = w->first_case;
		}
		for (int b = 0; b < SS_KNOWN_BUG_MAX; b++)
			t->known[b] += w->known[b];
	}
}

/* What killed worker i inside a case: "crash: signal 6 (Aborted)", "timeout: ...". */
static void loss_reason(char *what, size_t len, const campaign *k, int hung, int st)
{
	if (hung)
		snprintf(what, len, "timeout: a case ran longer than %.0f s", k->o->case_timeout);
	else if (WIFSIGNALED(st))
		snprintf(what, len, "crash: signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(what, len, "crash: exit status %d", WEXITSTATUS(st));
}

/* Worker i ended badly (crash or timeout): write its case, start a new worker after it. */
static void worker_lost(campaign *k, int i, int hung, int st)
{
	const ss_check_options *o = k->o;
	k->crashed++;
	long idx = k->w[i].current;
	if (idx < 0) {
		ss_check_event ev = {SS_CHECK_WORKER_DIED, o, 0, 0, NULL, NULL, i, st, 0};
		sh_check_emit(o, &ev);
		return;
	}
	char what[160];
	loss_reason(what, sizeof(what), k, hung, st);
	k->w[i].lost++;
	sh_check_lost_case(o, idx, what);
	/* a new worker goes on with the cases after the lost one */
	k->w[i].current = -1;
	if ((k->pids[i] = spawn_worker(k, i, (idx - i) / o->jobs + 1)) > 0) {
		k->running++;
	} else {
		ss_check_event ev = {SS_CHECK_FORK_FAILED, o, 0, 0, strerror(errno), NULL, i, 0, 0};
		sh_check_emit(o, &ev);
	}
}

/* Reap worker i when it ended (killing it first when its case ran too long). */
static void poll_worker(campaign *k, int i)
{
	int st;
	long idx = k->w[i].current;
	double started = k->w[i].case_started;
	int hung = k->pids[i] > 0 && idx >= 0 && started > 0 &&
		   sh_now() - started > k->o->case_timeout;
	if (hung)
		kill(k->pids[i], SIGKILL);
	if (k->pids[i] <= 0 || waitpid(k->pids[i], &st, hung ? 0 : WNOHANG) != k->pids[i])
		return;
	k->pids[i] = 0;
	k->running--;
	if (!hung && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	worker_lost(k, i, hung, st);
}

/* A hung engine must not hang the campaign: kill workers long after the time ran out. */
static void kill_overdue(campaign *k, double t)
{
	const ss_check_options *o = k->o;
	double grace = 120 + (o->engine ? sh_engine_check_grace(o) : 0);
	if (o->cases > 0 || t - k->t0 <= o->seconds + grace)
		return;
	for (int i = 0; i < o->jobs; i++)
		if (k->pids[i] > 0) {
			ss_check_event ev = {SS_CHECK_WORKER_HUNG, o, 0, 0, NULL, NULL, i, 0, 0};
			sh_check_emit(o, &ev);
			kill(k->pids[i], SIGKILL);
		}
}

static void supervise(campaign *k)
{
	ss_check_report tot;
	while (k->running) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
		for (int i = 0; i < k->o->jobs; i++)
			poll_worker(k, i);
		double t = sh_now();
		kill_overdue(k, t);
		if (k->o->max_violations > 0) {
			/* enough violations: every worker stops after its current case */
			sum(&tot, k);
			for (int i = 0; tot.violations >= k->o->max_violations && i < k->o->jobs;
			     i++)
				k->w[i].stop = 1;
		}
		if (k->o->on_progress) {
			sum(&tot, k);
			tot.seconds = t - k->t0;
			k->o->on_progress(k->o->ctx, &tot);
		}
	}
}

int ss_check_run(ss_check_report **out, const ss_check_options *opts, ss_error *err)
{
	assert(out != NULL && opts != NULL);
	*out = NULL;
	ss_check_options o = *opts;
	if (o.jobs < 1 || o.jobs > SS_CHECK_MAX_JOBS)
		return sh_fail(err, SS_E_MISUSE, "jobs must be 1 to %d, not %d", SS_CHECK_MAX_JOBS,
			       o.jobs);
	if (o.one_case) {
		o.cases = 1;
		o.jobs = 1;
	}
	if (o.cases > 0 && o.jobs > o.cases)
		o.jobs = (int)o.cases;
	campaign k = {&o, NULL, {0}, 0, 0, 0};
	size_t size = sizeof(sh_wstats) * (size_t)o.jobs;
	k.w = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (k.w == MAP_FAILED)
		return sh_fail(err, SS_E_SYSTEM, "mmap: %s", strerror(errno));
	memset((void *)k.w, 0, size);
	for (int i = 0; i < o.jobs; i++)
		k.w[i].current = -1;
	ss_check_event ev = {SS_CHECK_STARTED, &o, o.seed, 0, NULL, NULL, 0, 0, 0};
	sh_check_emit(&o, &ev);
	k.t0 = sh_now();
	for (int i = 0; i < o.jobs; i++, k.running++)
		if ((k.pids[i] = spawn_worker(&k, i, 0)) < 0)
			return sh_fail(err, SS_E_SYSTEM, "fork: %s", strerror(errno));
	supervise(&k);
	ss_check_report *rep = sh_calloc(1, sizeof(*rep));
	sum(rep, &k);
	rep->seconds = sh_now() - k.t0;
	munmap((void *)k.w, size);
	*out = rep;
	return 0;
}

void ss_check_report_free(ss_check_report *report)
{
	free(report);
}
