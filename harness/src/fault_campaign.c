/* SPDX-License-Identifier: MIT */
/*
 * The fault campaign (ss_fault_run): its cases are the case files of a corpus (folders
 * searched recursively for *.sql, in name order; known-failing.txt respected as by replay)
 * or generated ones (case i of seed s: ss_check_case_seed(s, i), as check draws them).
 * Worker processes (fork) take cases i, i + jobs, ...; each sets up its case once (the
 * pristine database, the desired schema alone, the reference migration: the runner's
 * setup), runs it fault-free once per way of running it (scratch-db and prefix, or the
 * durable-object profile, or auto where the case's connection allows no ATTACH), then runs
 * the loops of the kinds asked for. Each worker writes its totals into shared memory; the
 * parent adds them up every 200 ms for on_progress and reports a worker that died inside a
 * case (the case is named; that worker's remaining cases are not run).
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "fault.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* LeakSanitizer's check, when the build has it (asan preset): a forked worker ends with
 * _exit, which skips the check at exit, so it asks for one itself. */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

const char *ss_fault_kind_name(int kind)
{
	static const char *const n[] = {"oom", "io", "crash", "race"};
	return kind >= 0 && kind < SS_FAULT_KINDS ? n[kind] : "?";
}

const char *ss_fault_column_name(int column)
{
	static const char *const n[] = {"scratch-db", "prefix", "durable-object"};
	return column >= 0 && column < SS_FAULT_COLUMNS ? n[column] : "?";
}

void ss_fault_report_free(ss_fault_report *report)
{
	free(report);
}

/* ---- the cases ------------------------------------------------------------------------------- */

static void collect(sh_strv *files, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		sh_strv_push(files, sh_strdup(path));
		return;
	}
	sh_strv sub = {0};
	sh_sql_folder_entries(&sub, path);
	for (size_t i = 0; i < sub.n; i++)
		collect(files, sub.v[i]);
	sh_strv_free(&sub);
}

typedef struct caselist {
	ss_case **v;
	size_t n;
} caselist;

/* Every case of the corpus paths; SS_E_MISUSE when a file cannot be read or parsed. */
static int load_corpus(caselist *l, const ss_fault_options *o, ss_error *err)
{
	sh_strv files = {0};
	for (size_t i = 0; i < o->ncorpus; i++)
		collect(&files, o->corpus[i]);
	int rc = 0;
	for (size_t i = 0; i < files.n && rc == 0; i++) {
		char *text = sh_read_file(files.v[i]);
		ss_casefile *f = NULL;
		if (!text)
			rc = sh_fail(err, SS_E_MISUSE, "%s: %s", files.v[i], strerror(errno));
		else if ((rc = ss_casefile_parse(&f, text, files.v[i], err)) != 0)
			rc = SS_E_MISUSE;
		for (size_t k = 0; rc == 0 && k < ss_casefile_count(f); k++) {
			ss_case *c = sh_casefile_take(f, k);
			if (!o->include_known_failing && c->file &&
			    sh_known_failing(c->file, c->line)) {
				ss_case_free(c);
				continue;
			}
			l->v = sh_realloc(l->v, (l->n + 1) * sizeof(*l->v));
			l->v[l->n++] = c;
		}
		ss_casefile_free(f);
		free(text);
	}
	sh_strv_free(&files);
	if (rc == 0 && l->n == 0)
		rc = sh_fail(err, SS_E_MISUSE, "the corpus holds no case");
	return rc;
}

/* ---- one case --------------------------------------------------------------------------------- */

/* The ways a case runs (at most two). */
static int runs_of(const sh_fcase *f, sh_frun *runs)
{
	const ss_case_config *k = &f->c->config;
	int want = f->w->o->gen.strategy; /* --strategy filters runs of "both" cases */
	memset(runs, 0, 2 * sizeof(*runs));
	if (k->profile) {
		runs[0] = (sh_frun){SS_STRATEGY_AUTO,      1, SS_FAULT_PROFILE,
				    "durable-object auto", 0, NULL};
		return 1;
	}
	if (k->caller_txn || k->attach_limit) {
		/* no ATTACH possible: auto uses prefix */
		runs[0] = (sh_frun){SS_STRATEGY_AUTO,   0, SS_FAULT_PREFIX,
				    "auto (no attach)", 0, NULL};
		return 1;
	}
	if (k->strategy != SS_CASE_STRATEGY_BOTH) {
		int s = k->strategy;
		runs[0] = (sh_frun){s,
				    0,
				    s == SS_STRATEGY_PREFIX ? SS_FAULT_PREFIX : SS_FAULT_SCRATCH_DB,
				    ss_strategy_name((ss_strategy)s),
				    0,
				    NULL};
		return 1;
	}
	int n = 0;
	if (want != SS_STRATEGY_PREFIX)
		runs[n++] = (sh_frun){SS_STRATEGY_SCRATCH_DB, 0, SS_FAULT_SCRATCH_DB,
				      "scratch-db",           0, NULL};
	if (want != SS_STRATEGY_SCRATCH_DB)
		runs[n++] = (sh_frun){SS_STRATEGY_PREFIX, 0, SS_FAULT_PREFIX, "prefix", 0, NULL};
	return n;
}

static void run_case(sh_fworker *w, const ss_case *c, const char *where)
{
	sh_fcase f;
	memset(&f, 0, sizeof(f));
	f.w = w;
	f.c = c;
	snprintf(f.where, sizeof(f.where), "%s", where);
	f.x.c = c;
	f.x.res = &f.res;
	f.x.known_apart = 1;
	f.x.label = "setup";
	w->printed = 0;
	ss_error err = {0};
	if (sh_judge_setup(&f.x, &err) != 0) {
		w->rep->invalid++;
		sh_judge_cleanup(&f.x);
		return;
	}
	w->rep->cases++;
	f.clock = sh_case_reads_clock(c);
	f.before = sh_fault_dump(&f, f.x.pristine);
	sh_frun runs[2];
	int n = runs_of(&f, runs);
	unsigned kinds = w->o->kinds ? w->o->kinds : SS_FAULT_ALL;
	static void (*const loops[SS_FAULT_KINDS])(sh_fcase *, sh_frun *) = {
		sh_fault_oom_loop, sh_fault_io_loop, sh_fault_crash_loop, sh_fault_race_loop};
	for (int i = 0; i < n; i++) {
		sh_frun_reference(&f, &runs[i]);
		for (int k = 0; k < SS_FAULT_KINDS; k++)
			if (kinds & (1u << k))
				loops[k](&f, &runs[i]);
		free(runs[i].after0);
	}
	free(f.before);
	sh_fault_reset(&f);
	sh_judge_cleanup(&f.x);
}

/* ---- the workers ------------------------------------------------------------------------------ */

typedef struct fshared {
	ss_fault_report rep;
	volatile long current; /* the case index in progress, -1 between cases */
} fshared;

static void where_of(char *buf, size_t len, const ss_fault_options *o, const caselist *l, long i)
{
	if (l->n) {
		const ss_case *c = l->v[i];
		snprintf(buf, len, "%s:%d %s", c->file ? c->file : "?", c->line,
			 c->name ? c->name : "?");
	} else {
		snprintf(buf, len, "case seed %llu",
			 (unsigned long long)ss_check_case_seed(o->seed, i));
	}
}

static void worker(const ss_fault_options *o, const caselist *l, long ncases, int id, fshared *sh)
{
	sh_fworker w;
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.rep = &sh->rep;
	w.rng = o->seed * 0x9E3779B97F4A7C15ull + (uint64_t)id;
	/* a memory file system where there is one: the FILE databases are rewritten thousands
	 * of times, and SQLite's own syncs outside the shim (setting up, reading back) would
	 * wait for a disk */
	struct stat st;
	const char *tmp = o->tmp_dir ? o->tmp_dir : getenv("TMPDIR");
	if (!tmp || !tmp[0])
		tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
				      access("/dev/shm", W_OK) == 0
			      ? "/dev/shm"
			      : "/tmp";
	snprintf(w.dir, sizeof(w.dir), "%s/ss-faults-XXXXXX", tmp);
	if (sh_oom_install() != 0 || sh_vfs_register() != SQLITE_OK || !mkdtemp(w.dir)) {
		fprintf(stderr, "check --faults: worker %d cannot start (%s)\n", id, w.dir);
		sh_child_exit(3);
	}
	for (long i = id; i < ncases; i += o->jobs) {
		char where[600];
		sh->current = i;
		where_of(where, sizeof(where), o, l, i);
		if (l->n) {
			run_case(&w, l->v[i], where);
			continue;
		}
		ss_choices *ch = NULL;
		ss_case *c = NULL;
		ss_error err = {0};
		ss_choices_new_rng(&ch, ss_check_case_seed(o->seed, i));
		if (ss_case_generate(&c, ch, &o->gen, &err) != 0)
			w.rep->invalid++;
		else
			run_case(&w, c, where);
		ss_case_free(c);
		ss_choices_free(ch);
	}
	sh->current = -1;
	rmdir(w.dir);
	if (__lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check()) {
		w.rep->leaks++;
		w.rep->violations++;
	}
}

static void sum(ss_fault_report *t, fshared *sh, int jobs)
{
	memset(t, 0, sizeof(*t));
	t->jobs = jobs;
	for (int j = 0; j < jobs; j++) {
		const ss_fault_report *r = &sh[j].rep;
		t->cases += r->cases;
		t->invalid += r->invalid;
		for (int k = 0; k < SS_FAULT_KINDS; k++) {
			t->faults_injected[k] += r->faults_injected[k];
			for (int c = 0; c < SS_FAULT_COLUMNS; c++) {
				t->counts[k][c].points += r->counts[k][c].points;
				t->counts[k][c].failed += r->counts[k][c].failed;
				t->counts[k][c].completed += r->counts[k][c].completed;
				t->counts[k][c].violations += r->counts[k][c].violations;
			}
		}
		t->crash_before += r->crash_before;
		t->crash_after += r->crash_after;
		t->race_committed += r->race_committed;
		t->race_not_committed += r->race_not_committed;
		t->leaks += r->leaks;
		t->violations += r->violations;
		t->lost += r->lost;
	}
}

int ss_fault_run(ss_fault_report **out, const ss_fault_options *opts, ss_error *err)
{
	assert(out != NULL && opts != NULL);
	*out = NULL;
	ss_fault_options o = *opts;
	if (o.jobs < 1 || o.jobs > SS_CHECK_MAX_JOBS)
		return sh_fail(err, SS_E_MISUSE, "jobs must be 1 to %d, not %d", SS_CHECK_MAX_JOBS,
			       o.jobs);
	caselist l = {0};
	int rc = 0;
	if (o.ncorpus && (rc = load_corpus(&l, &o, err)) != 0) {
		for (size_t i = 0; i < l.n; i++)
			ss_case_free(l.v[i]);
		free(l.v);
		return rc;
	}
	long ncases = o.ncorpus ? (long)l.n : (o.cases > 0 ? o.cases : 20);
	if (o.jobs > ncases)
		o.jobs = (int)ncases;
	size_t size = sizeof(fshared) * (size_t)o.jobs;
	fshared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return sh_fail(err, SS_E_SYSTEM, "mmap: %s", strerror(errno));
	memset(sh, 0, size);
	if (o.on_event) {
		ss_fault_event ev = {SS_FAULT_STARTED, &o, NULL, 0, 0, NULL, NULL};
		o.on_event(o.ctx, &ev);
	}
	double t0 = sh_now();
	pid_t pids[SS_CHECK_MAX_JOBS];
	int running = 0;
	for (int j = 0; j < o.jobs; j++) {
		sh[j].current = -1;
		fflush(NULL);
		pids[j] = fork();
		if (pids[j] == 0) {
			worker(&o, &l, ncases, j, &sh[j]);
			sh_child_exit(0);
		}
		if (pids[j] < 0) {
			rc = sh_fail(err, SS_E_SYSTEM, "fork: %s", strerror(errno));
			break;
		}
		running++;
	}
	ss_fault_report tot;
	while (running > 0) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
		for (int j = 0; j < o.jobs; j++) {
			int st = 0;
			if (pids[j] <= 0 || waitpid(pids[j], &st, WNOHANG) != pids[j])
				continue;
			pids[j] = 0;
			running--;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				continue;
			sh[j].rep.lost++;
			char where[600], what[128];
			long cur = sh[j].current;
			if (cur >= 0)
				where_of(where, sizeof(where), &o, &l, cur);
			else
				snprintf(where, sizeof(where), "worker %d, between cases", j);
			if (WIFSIGNALED(st))
				snprintf(what, sizeof(what), "crash: signal %d (%s)", WTERMSIG(st),
					 strsignal(WTERMSIG(st)));
			else
				snprintf(what, sizeof(what), "exit status %d", WEXITSTATUS(st));
			if (o.on_event) {
				ss_fault_event ev = {SS_FAULT_LOST, &o, where, 0, 0, NULL, what};
				o.on_event(o.ctx, &ev);
			}
		}
		if (o.on_progress) {
			sum(&tot, sh, o.jobs);
			tot.seconds = sh_now() - t0;
			o.on_progress(o.ctx, &tot);
		}
	}
	ss_fault_report *rep = sh_calloc(1, sizeof(*rep));
	sum(rep, sh, o.jobs);
	rep->seconds = sh_now() - t0;
	munmap(sh, size);
	for (size_t i = 0; i < l.n; i++)
		ss_case_free(l.v[i]);
	free(l.v);
	if (rc != 0) {
		free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}
