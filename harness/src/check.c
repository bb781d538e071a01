/* SPDX-License-Identifier: MIT */
/*
 * `schemasync check`: the property campaign. Worker processes (fork) each run their share
 * of case seeds: worker i of N runs seeds seed+i, seed+i+N, ...; case seed S is generated
 * from a PRNG seeded with S alone, so `check --seed S --cases 1` reproduces it on any
 * machine. Workers publish counters in shared memory; the parent shows progress (a \r line
 * on a terminal, a plain line every 5 s otherwise) and prints the summary. A violation is
 * rerun to confirm it, shrunk, written as a case file and announced with its replay command.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "hint.h"

#include <cjson/cJSON.h>
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

#define MAX_JOBS 64
#define MAX_LABELS 160

typedef struct wstats {
	volatile long cases, invalid, violations, flaky, synced_ok;
	volatile double shrink_seconds;
	volatile long checked[SS_PROP_COUNT], failed[SS_PROP_COUNT];
	volatile long labels[MAX_LABELS];
	volatile int done;
	/* the case in progress, for the parent's per-case timeout and crash report */
	volatile long current;        /* its index, -1 between cases */
	volatile double case_started; /* now() when it started; 0 while shrinking */
	volatile long lost;           /* cases that crashed or hung (counted by the parent) */
} wstats;

typedef struct opts {
	uint64_t seed;
	long cases;
	double seconds;
	int jobs;
	const char *out_dir;
	const char *json;
	int quiet;
	ss_gen_options gen;
	int fk_mode, profile_mode; /* -1 both */
	unsigned shrink_runs;
	double case_timeout;
	/* --test-crash-at / --test-hang-at: a worker crashes or hangs at that case index, so
	 * a test can prove the campaign reports both and goes on (like replay --fail-one) */
	long test_crash_at, test_hang_at;
} opts;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || !end || *end || !s[0])
		return -1;
	*out = v;
	return 0;
}

static int usage(void)
{
	fputs("usage: schemasync check [--seed N] [--cases N | --seconds N] [--jobs N]\n"
	      "                        [--profile default|durable-object|both] [--fk on|off|both]\n"
	      "                        [--strategy both|auto|scratch-db|prefix] [--out DIR]\n"
	      "                        [--json FILE] [--max-tables N] [--shrink-runs N]\n"
	      "                        [--case-timeout SECONDS] [--quiet]\n"
	      "A case that crashes its worker or runs longer than --case-timeout (default 60)\n"
	      "is reported with its seed, written to --out unshrunk, and counted as a\n"
	      "failure; a new worker carries on with the next cases.\n",
	      stderr);
	return 2;
}

/*
 * Write cs to OUT_DIR/check-seed-SEED-TAG.sql as a case named "TAG seed SEED" that replay
 * checks by properties only, or, when the correct plan is known to be empty, against it.
 */
static void save_case(const opts *o, uint64_t seed, const char *tag, const ss_case *cs,
		      int plan_known_empty, const char *comment, int shrunk)
{
	char path[1024], name[128];
	mkdir(o->out_dir, 0777);
	snprintf(path, sizeof(path), "%s/check-seed-%llu-%s.sql", o->out_dir,
		 (unsigned long long)seed, tag);
	snprintf(name, sizeof(name), "%s seed %llu", tag, (unsigned long long)seed);
	ss_case c = *cs;
	c.name = name;
	c.properties_only = !plan_known_empty;
	c.expect_output = plan_known_empty ? "" : NULL;
	c.expect_error = NULL;
	char *text = ss_case_format(&c, comment);
	FILE *f = text ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f,
			"-- SPDX-License-Identifier: MIT\n-- A case found by the property "
			"campaign (schemasync check)%s.\n",
			shrunk ? ", shrunk" : "");
		fputs(text, f);
		fclose(f);
		printf("  written %s\n  replay: schemasync replay %s\n", path, path);
	} else {
		printf("  cannot write %s: %s\n", path, text ? strerror(errno) : "out of memory");
	}
	free(text);
	fflush(stdout);
}

static void write_case(const opts *o, uint64_t seed, int prop, const ss_case *cs,
		       const ss_result *r, size_t nfrom, size_t nto)
{
	sh_buf com;
	sh_buf_init(&com);
	sh_buf_printf(&com,
		      "property %s failed: %s\n"
		      "found by: schemasync check --seed %llu --cases 1 --jobs 1 (max tables %u)\n"
		      "shrunk from %zu to %zu choices; %s\n",
		      ss_property_name(prop), r->detail, (unsigned long long)seed,
		      o->gen.max_tables, nfrom, nto,
		      cs->same_model
			      ? "the definitions differ from the baseline only in formatting: "
				"the correct plan is empty"
			      : "propertiesOnly: the correct plan is not known, replay checks "
				"P1-P9");
	if (r->plan_sql && r->plan_sql[0]) {
		sh_buf_adds(&com, "observed plan:\n");
		int lines = 0;
		for (const char *s = r->plan_sql; *s && lines < 30; lines++) {
			size_t n = strcspn(s, "\n");
			sh_buf_adds(&com, "  ");
			sh_buf_add(&com, s, n);
			sh_buf_addc(&com, '\n');
			s += n;
			if (*s)
				s++;
		}
	}
	if (r->error)
		sh_buf_printf(&com, "observed error: %s\n", r->error);
	/* a formatting-only pair: the correct plan is known, nothing to do */
	save_case(o, seed, ss_property_name(prop), cs, cs->same_model, com.data, 1);
	sh_buf_free(&com);
}

/* Returns 1 when the violation reproduced (and was shrunk and written), 0 when flaky. */
static int handle_violation(const opts *o, uint64_t seed, const ss_case *cs, ss_result *r,
			    const uint64_t *vals, size_t nvals, wstats *w)
{
	int prop = r->violated;
	/* confirm: a second run of the same case must fail the same way */
	ss_result again;
	ss_run_case(&again, cs, 0);
	int confirmed = !again.invalid && (again.failed & (1u << prop));
	ss_result_clear(&again);
	if (!confirmed) {
		w->flaky++;
		printf("\nflaky %s at seed %llu (did not reproduce): %s\n", ss_property_name(prop),
		       (unsigned long long)seed, r->detail);
		fflush(stdout);
		return 0;
	}
	printf("\nviolation %s at seed %llu: %s\n", ss_property_name(prop),
	       (unsigned long long)seed, r->detail);
	fflush(stdout);
	uint64_t *small = NULL;
	size_t nsmall = 0;
	ss_shrink(&small, &nsmall, vals, nvals, &o->gen, prop, o->shrink_runs);
	ss_choices *c = ss_choices_new_replay(small, nsmall);
	ss_case *shrunk = NULL;
	ss_result sr = {0};
	if (ss_gen_case(&shrunk, c, &o->gen) == SS_GEN_OK) {
		ss_run_case(&sr, shrunk, 0);
		if (!(sr.failed & (1u << prop))) {
			/* cannot happen (the shrinker only keeps failing sequences): keep the
			 * original */
			ss_case_free(shrunk);
			shrunk = NULL;
		}
	}
	if (shrunk) {
		if (sr.violated != prop) {
			/* report the property we shrank for */
			sr.violated = prop;
		}
		/* second stage on the statements, then rerun for the observed plan / error */
		ss_shrink_case_sql(shrunk, prop, o->shrink_runs / 2 + 1);
		ss_result_clear(&sr);
		ss_run_case(&sr, shrunk, 0);
		if (!(sr.failed & (1u << prop)))
			sr.violated = prop;
		write_case(o, seed, prop, shrunk, &sr, nvals, nsmall);
	} else {
		write_case(o, seed, prop, cs, r, nvals, nvals);
	}
	ss_result_clear(&sr);
	ss_case_free(shrunk);
	ss_choices_free(c);
	free(small);
	return 1;
}

/* Worker id runs case indexes id, id + jobs, ... starting with the first_j-th of them. */
static void worker(const opts *o, int id, wstats *w, double t0, long first_j)
{
	unsigned shrunk_props = 0;
	for (long j = first_j;; j++) {
		long idx = id + j * o->jobs;
		if (o->cases > 0 && idx >= o->cases)
			break;
		if (o->cases <= 0 && now() - t0 >= o->seconds)
			break;
		w->case_started = now();
		w->current = idx;
		uint64_t seed = o->seed + (uint64_t)idx;
		ss_gen_options g = o->gen;
		ss_choices *c = ss_choices_new_rng(seed);
		ss_case *cs = NULL;
		int rc = ss_gen_case(&cs, c, &g);
		w->cases++;
		if (idx == o->test_crash_at)
			abort();
		while (idx == o->test_hang_at)
			pause();
		if (rc != SS_GEN_OK) {
			w->invalid++;
			ss_choices_free(c);
			continue;
		}
		for (int i = 0; i < ss_label_count() && i < MAX_LABELS; i++)
			if (ss_case_has_label(cs, i))
				w->labels[i]++;
		ss_result r;
		ss_run_case(&r, cs, 0);
		if (r.invalid) {
			w->invalid++;
		} else {
			if (r.synced_ok)
				w->synced_ok++;
			for (int p = 1; p < SS_PROP_COUNT; p++) {
				if (r.checked & (1u << p))
					w->checked[p]++;
				if (r.failed & (1u << p))
					w->failed[p]++;
			}
			if (r.violated) {
				w->violations++;
				if (!(shrunk_props & (1u << r.violated))) {
					size_t n;
					const uint64_t *v = ss_choices_values(c, &n);
					double ts = now();
					w->case_started = 0; /* shrinking: not one case */
					if (handle_violation(o, seed, cs, &r, v, n, w)) {
						shrunk_props |= 1u << r.violated;
					} else {
						/* did not reproduce: reported as flaky, not counted */
						w->violations--;
						w->failed[r.violated]--;
					}
					w->shrink_seconds += now() - ts;
				} else if (!o->quiet) {
					printf("\nviolation %s at seed %llu (not shrunk: seen before in "
					       "this worker): %s\n",
					       ss_property_name(r.violated),
					       (unsigned long long)seed, r.detail);
					fflush(stdout);
				}
			}
		}
		ss_result_clear(&r);
		ss_case_free(cs);
		ss_choices_free(c);
		w->current = -1;
	}
	w->done = 1;
}

/* A case that killed or hung its worker: announce it and write it, unshrunk (shrinking
 * would crash or hang again). */
static void report_lost_case(const opts *o, long idx, const char *what)
{
	uint64_t seed = o->seed + (uint64_t)idx;
	printf("\n%s at seed %llu\n", what, (unsigned long long)seed);
	ss_choices *c = ss_choices_new_rng(seed);
	ss_case *cs = NULL;
	ss_gen_options g = o->gen;
	if (ss_gen_case(&cs, c, &g) == SS_GEN_OK) {
		char com[512];
		snprintf(com, sizeof(com),
			 "%s\nfound by: schemasync check --seed %llu --cases 1 --jobs 1 (max "
			 "tables %u)\nnot shrunk; propertiesOnly: replay checks P1-P9\n",
			 what, (unsigned long long)seed, o->gen.max_tables);
		save_case(o, seed, "lost", cs, 0, com, 0);
	}
	ss_case_free(cs);
	ss_choices_free(c);
	fflush(stdout);
}

static pid_t spawn_worker(const opts *o, int id, wstats *w, double t0, long first_j)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		worker(o, id, w, t0, first_j);
		fflush(NULL);
		_exit(0);
	}
	if (pid < 0)
		perror("check: fork");
	return pid;
}

static void sum(wstats *t, const wstats *w, int jobs)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < jobs; i++) {
		t->cases += w[i].cases;
		t->invalid += w[i].invalid;
		t->violations += w[i].violations;
		t->flaky += w[i].flaky;
		t->synced_ok += w[i].synced_ok;
		t->shrink_seconds += w[i].shrink_seconds;
		t->lost += w[i].lost;
		for (int p = 0; p < SS_PROP_COUNT; p++) {
			t->checked[p] += w[i].checked[p];
			t->failed[p] += w[i].failed[p];
		}
		for (int l = 0; l < MAX_LABELS; l++)
			t->labels[l] += w[i].labels[l];
	}
}

static void progress(const opts *o, const wstats *t, double el, int tty)
{
	double rate = el > 0 ? (double)t->cases / el : 0;
	double eta = o->cases > 0 ? (rate > 0 ? ((double)o->cases - (double)t->cases) / rate : 0)
				  : o->seconds - el;
	if (eta < 0)
		eta = 0;
	fprintf(stderr,
		"%scheck: %ld cases, %.0f cases/s, %ld violations, %.0fs elapsed, ETA %.0fs%s",
		tty ? "\r" : "", t->cases, rate, t->violations, el, eta, tty ? "   " : "\n");
	fflush(stderr);
}

static void summary(const opts *o, const wstats *t, double el)
{
	printf("\n== check summary ==\n");
	printf("seed %llu, %d job(s), %.1f s\n", (unsigned long long)o->seed, o->jobs, el);
	printf("cases: %ld (%ld invalid generated, discarded; %ld synced ok), %.0f cases/s\n",
	       t->cases, t->invalid, t->synced_ok, el > 0 ? (double)t->cases / el : 0);
	/* shrinking is per worker: the campaign rate without it */
	double busy = el * o->jobs - t->shrink_seconds;
	printf("cases/s without shrinking: %.0f (%.1f s of worker time spent shrinking)\n",
	       busy > 0 ? (double)t->cases * o->jobs / busy : 0, t->shrink_seconds);
	printf("violations: %ld (flaky, not reproduced: %ld)\n", t->violations, t->flaky);
	printf("cases that crashed or hung their worker: %ld\n", t->lost);
	printf("properties (checked / failed):\n");
	for (int p = 1; p < SS_PROP_COUNT - 1; p++)
		printf("  %-3s %8ld / %ld\n", ss_property_name(p), t->checked[p], t->failed[p]);
	int missing = 0;
	printf("labels hit (cases):\n");
	for (int i = 0; i < ss_label_count() && i < MAX_LABELS; i++) {
		printf("  %-40s %ld\n", ss_label_name(i), t->labels[i]);
		missing += t->labels[i] == 0;
	}
	printf("labels never hit: %d of %d\n", missing, ss_label_count());
}

static void write_json(const opts *o, const wstats *t, double el)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "seed", (double)o->seed);
	cJSON_AddNumberToObject(j, "jobs", o->jobs);
	cJSON_AddNumberToObject(j, "seconds", el);
	cJSON_AddNumberToObject(j, "cases", (double)t->cases);
	cJSON_AddNumberToObject(j, "invalidGenerated", (double)t->invalid);
	cJSON_AddNumberToObject(j, "syncedOk", (double)t->synced_ok);
	cJSON_AddNumberToObject(j, "casesPerSecond", el > 0 ? (double)t->cases / el : 0);
	cJSON_AddNumberToObject(j, "shrinkSeconds", t->shrink_seconds);
	cJSON_AddNumberToObject(j, "violations", (double)t->violations);
	cJSON_AddNumberToObject(j, "flaky", (double)t->flaky);
	cJSON_AddNumberToObject(j, "lost", (double)t->lost);
	cJSON *p = cJSON_AddObjectToObject(j, "properties");
	for (int i = 1; i < SS_PROP_COUNT - 1; i++) {
		cJSON *e = cJSON_AddObjectToObject(p, ss_property_name(i));
		cJSON_AddNumberToObject(e, "checked", (double)t->checked[i]);
		cJSON_AddNumberToObject(e, "failed", (double)t->failed[i]);
	}
	cJSON *l = cJSON_AddObjectToObject(j, "labels");
	for (int i = 0; i < ss_label_count() && i < MAX_LABELS; i++)
		cJSON_AddNumberToObject(l, ss_label_name(i), (double)t->labels[i]);
	char *s = cJSON_Print(j);
	FILE *f = fopen(o->json, "w");
	if (f && s) {
		fputs(s, f);
		fputc('\n', f);
	}
	if (f)
		fclose(f);
	else
		fprintf(stderr, "check: cannot write %s: %s\n", o->json, strerror(errno));
	cJSON_free(s);
	cJSON_Delete(j);
}

int ss_harness_check_main(int argc, char **argv)
{
	opts o = {0};
	o.seed = (uint64_t)time(NULL);
	o.seconds = 10;
	o.jobs = 1;
	o.out_dir = "check-failures";
	o.gen = (ss_gen_options)SS_GEN_OPTIONS_INIT;
	o.shrink_runs = 1500;
	o.case_timeout = 60;
	o.test_crash_at = o.test_hang_at = -1;
	int seconds_given = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;
		if (!strcmp(a, "--quiet")) {
			o.quiet = 1;
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (!strcmp(a, "--seed") && !parse_u64(v, &n))
			o.seed = n;
		else if (!strcmp(a, "--cases") && !parse_u64(v, &n) && n > 0)
			o.cases = (long)n;
		else if (!strcmp(a, "--seconds") && !parse_u64(v, &n) && n > 0) {
			o.seconds = (double)n;
			seconds_given = 1;
		} else if (!strcmp(a, "--jobs") && !parse_u64(v, &n) && n > 0 && n <= MAX_JOBS)
			o.jobs = (int)n;
		else if (!strcmp(a, "--max-tables") && !parse_u64(v, &n) && n > 0 && n <= 6)
			o.gen.max_tables = (unsigned)n;
		else if (!strcmp(a, "--shrink-runs") && !parse_u64(v, &n))
			o.shrink_runs = (unsigned)n;
		else if (!strcmp(a, "--case-timeout") && !parse_u64(v, &n) && n > 0)
			o.case_timeout = (double)n;
		else if (!strcmp(a, "--test-crash-at") && !parse_u64(v, &n))
			o.test_crash_at = (long)n;
		else if (!strcmp(a, "--test-hang-at") && !parse_u64(v, &n))
			o.test_hang_at = (long)n;
		else if (!strcmp(a, "--out"))
			o.out_dir = v;
		else if (!strcmp(a, "--json"))
			o.json = v;
		else if (!strcmp(a, "--fk") &&
			 (!strcmp(v, "on") || !strcmp(v, "off") || !strcmp(v, "both")))
			o.gen.fk = !strcmp(v, "both") ? -1 : !strcmp(v, "on");
		else if (!strcmp(a, "--profile") &&
			 (!strcmp(v, "default") || !strcmp(v, "durable-object") ||
			  !strcmp(v, "both")))
			o.gen.profile = !strcmp(v, "both") ? -1 : !strcmp(v, "durable-object");
		else if (!strcmp(a, "--strategy") &&
			 (!strcmp(v, "both") || !strcmp(v, "auto") || !strcmp(v, "scratch-db") ||
			  !strcmp(v, "prefix")))
			o.gen.strategy = !strcmp(v, "both")         ? -2
					 : !strcmp(v, "auto")       ? 0
					 : !strcmp(v, "scratch-db") ? 1
								    : 2;
		else {
			fprintf(stderr, "check: bad option %s %s\n", a, v);
			return usage();
		}
	}
	if (o.cases > 0 && seconds_given) {
		fputs("check: give --cases or --seconds, not both\n", stderr);
		return usage();
	}
	if (o.cases > 0 && o.jobs > o.cases)
		o.jobs = (int)o.cases;
	wstats *w = mmap(NULL, sizeof(wstats) * (size_t)o.jobs, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED) {
		perror("check: mmap");
		return 2;
	}
	memset((void *)w, 0, sizeof(wstats) * (size_t)o.jobs);
	for (int i = 0; i < o.jobs; i++)
		w[i].current = -1;
	printf("check: seed %llu, %s %g, %d job(s), max %u tables, fk %s, profile %s\n",
	       (unsigned long long)o.seed, o.cases > 0 ? "cases" : "seconds",
	       o.cases > 0 ? (double)o.cases : o.seconds, o.jobs, o.gen.max_tables,
	       o.gen.fk < 0 ? "both"
	       : o.gen.fk   ? "on"
			    : "off",
	       o.gen.profile < 0 ? "both"
	       : o.gen.profile   ? "durable-object"
				 : "default");
	fflush(stdout);
	double t0 = now();
	pid_t pids[MAX_JOBS];
	for (int i = 0; i < o.jobs; i++)
		if ((pids[i] = spawn_worker(&o, i, &w[i], t0, 0)) < 0)
			return 2;
	int tty = isatty(STDERR_FILENO) && !o.quiet;
	double last = t0;
	int running = o.jobs, crashed = 0;
	while (running) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
		for (int i = 0; i < o.jobs; i++) {
			int st;
			long idx = w[i].current;
			double started = w[i].case_started;
			int hung = pids[i] > 0 && idx >= 0 && started > 0 &&
				   now() - started > o.case_timeout;
			if (hung)
				kill(pids[i], SIGKILL);
			if (pids[i] <= 0 || waitpid(pids[i], &st, hung ? 0 : WNOHANG) != pids[i])
				continue;
			pids[i] = 0;
			running--;
			if (!hung && WIFEXITED(st) && WEXITSTATUS(st) == 0)
				continue;
			crashed++;
			idx = w[i].current;
			if (idx < 0) {
				fprintf(stderr,
					"\ncheck: worker %d died between cases (status %d)\n", i,
					st);
				continue;
			}
			char what[160];
			if (hung)
				snprintf(what, sizeof(what),
					 "timeout: a case ran longer than %.0f s", o.case_timeout);
			else if (WIFSIGNALED(st))
				snprintf(what, sizeof(what), "crash: signal %d (%s)", WTERMSIG(st),
					 strsignal(WTERMSIG(st)));
			else
				snprintf(what, sizeof(what), "crash: exit status %d",
					 WEXITSTATUS(st));
			w[i].lost++;
			report_lost_case(&o, idx, what);
			/* a new worker goes on with the cases after the lost one */
			w[i].current = -1;
			if ((pids[i] = spawn_worker(&o, i, &w[i], t0, (idx - i) / o.jobs + 1)) > 0)
				running++;
		}
		double t = now();
		/* a hung engine must not hang the campaign */
		if (o.cases <= 0 && t - t0 > o.seconds + 120)
			for (int i = 0; i < o.jobs; i++)
				if (pids[i] > 0) {
					fprintf(stderr, "\ncheck: worker %d hung; killing it\n", i);
					kill(pids[i], SIGKILL);
				}
		wstats tot;
		if (tty) {
			sum(&tot, w, o.jobs);
			progress(&o, &tot, t - t0, 1);
		} else if (!o.quiet && t - last >= 5) {
			sum(&tot, w, o.jobs);
			progress(&o, &tot, t - t0, 0);
			last = t;
		}
	}
	double el = now() - t0;
	wstats tot;
	sum(&tot, w, o.jobs);
	if (tty)
		fputc('\n', stderr);
	summary(&o, &tot, el);
	if (o.json)
		write_json(&o, &tot, el);
	munmap((void *)w, sizeof(wstats) * (size_t)o.jobs);
	if (crashed) {
		printf("check: %d case(s) or worker(s) crashed or hung\n", crashed);
		return 1;
	}
	return tot.violations ? 1 : 0;
}
