/* SPDX-License-Identifier: MIT */
/*
 * schemasync-check: the executable behind `schemasync check` (the CLI runs it from beside
 * itself or from PATH). It parses the command line into ss_check_options, runs
 * ss_check_run, and prints: the header, each violation / flaky / lost case as the workers
 * report it, progress (a \r line on a terminal, one plain line every 5 s otherwise, none with
 * --quiet), the summary, and with --json FILE the same summary as JSON. Exit status 1 when a
 * violation was found or a case crashed or hung its worker, 2 on a usage error.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "check_faults.h"
#include "ss_engine.h"
#include "ss_harness.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct cli {
	ss_check_options o;
	const char *json;
	int quiet, tty;
	double last; /* elapsed time of the last plain progress line */
	/* engines under test (docs/ENGINES.md) */
	const char *engine_spec, *report, *adapter_logs;
	ss_engine *engine;
	int case_timeout_given, strategy_given;
} cli;

static int usage(void)
{
	fputs("usage: schemasync check [--seed N | --case-seed S] [--cases N | --seconds N]\n"
	      "                        [--jobs N]\n"
	      "                        [--profile default|durable-object|both] [--fk on|off|both]\n"
	      "                        [--strategy both|auto|scratch-db|prefix] [--out DIR]\n"
	      "                        [--json FILE] [--max-tables N] [--shrink-runs N]\n"
	      "                        [--case-timeout SECONDS] [--quiet]\n"
	      "                        [--max-violations N] [--shard K/N]\n"
	      "                        [--engine NAME|PATH [--report FILE.md]\n"
	      "                         [--shrink-seconds N] [--adapter-logs DIR]]\n"
	      "--shard K/N runs only the case indexes i with i mod N == K (of --cases N in all),\n"
	      "so N runs of one seed split its cases without overlap (ci/check-merge joins\n"
	      "their --json reports).\n"
	      "--max-violations N stops the campaign after N confirmed violations and reports\n"
	      "the time and cases to the first one.\n"
	      "Case i of a campaign runs case seed SplitMix64(SplitMix64(seed) + i);\n"
	      "--case-seed S runs the one case of seed S (printed with every violation).\n"
	      "A case that crashes its worker or runs longer than --case-timeout (default 60)\n"
	      "is reported with its seed, written to --out unshrunk, and counted as a\n"
	      "failure; a new worker carries on with the next cases.\n"
	      "--engine: drive an engine through its adapter (docs/ENGINES.md): reference,\n"
	      "reference-command, toy, toy-command, drizzle, or a descriptor's path. Cases are\n"
	      "drawn from its capabilities; --case-timeout is then each request's timeout\n"
	      "(default 30: the adapter is killed and restarted); failures are deduplicated by\n"
	      "property and signature, shrunk through the adapter after the cases (each for at\n"
	      "most --shrink-seconds, default 20) and written with their replay command;\n"
	      "--report writes the Markdown report, --json its JSON.\n"
	      "--faults oom|io|crash|race|all: fault campaigns (schemasync check --faults).\n",
	      stderr);
	return 2;
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

/* One of the words, as its index; -1 when v is none of them. */
static int word(const char *v, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (!strcmp(v, words[i]))
			return i;
	return -1;
}

/* An option with a number; 1 when taken, 0 when not this option or not valid. */
static int number_option(cli *c, const char *a, const char *v, int *seconds_given)
{
	ss_check_options *o = &c->o;
	uint64_t n;
	if (parse_u64(v, &n))
		return 0;
	if (!strcmp(a, "--seed"))
		o->seed = n;
	else if (!strcmp(a, "--case-seed")) {
		o->seed = n;
		o->one_case = 1;
	} else if (!strcmp(a, "--cases") && n > 0)
		o->cases = (long)n;
	else if (!strcmp(a, "--seconds") && n > 0) {
		o->seconds = (double)n;
		*seconds_given = 1;
	} else if (!strcmp(a, "--jobs") && n > 0 && n <= SS_CHECK_MAX_JOBS)
		o->jobs = (int)n;
	else if (!strcmp(a, "--max-tables") && n > 0 && n <= 6)
		o->gen.max_tables = (unsigned)n;
	else if (!strcmp(a, "--shrink-runs"))
		o->shrink_runs = (unsigned)n;
	else if (!strcmp(a, "--case-timeout") && n > 0) {
		o->case_timeout = (double)n;
		c->case_timeout_given = 1;
	} else if (!strcmp(a, "--shrink-seconds") && n > 0)
		o->shrink_seconds = (double)n;
	else if (!strcmp(a, "--test-crash-at"))
		o->test_crash_at = (long)n;
	else if (!strcmp(a, "--test-hang-at"))
		o->test_hang_at = (long)n;
	else if (!strcmp(a, "--max-violations") && n > 0)
		o->max_violations = (long)n;
	else
		return 0;
	return 1;
}

/* --shard K/N (0 <= K < N): 1 when valid. */
static int parse_shard(ss_check_options *o, const char *v)
{
	char *end = NULL;
	errno = 0;
	long k = strtol(v, &end, 10);
	if (errno || end == v || *end != '/')
		return 0;
	const char *n_text = end + 1;
	long n = strtol(n_text, &end, 10);
	if (errno || end == n_text || *end || n < 1 || k < 0 || k >= n)
		return 0;
	o->shard_index = k;
	o->shard_count = n;
	return 1;
}

/* An option with a word or a path; 1 when taken. */
static int word_option(cli *c, const char *a, const char *v)
{
	static const char *const fks[] = {"off", "on", "both", NULL};
	static const char *const profiles[] = {"default", "durable-object", "both", NULL};
	static const char *const strategies[] = {"auto", "scratch-db", "prefix", "both", NULL};
	ss_gen_options *g = &c->o.gen;
	int w;
	if (!strcmp(a, "--out"))
		c->o.out_dir = v;
	else if (!strcmp(a, "--json"))
		c->json = v;
	else if (!strcmp(a, "--fk") && (w = word(v, fks)) >= 0)
		g->foreign_keys = w == 2 ? SS_GEN_DRAWN : w;
	else if (!strcmp(a, "--profile") && (w = word(v, profiles)) >= 0)
		g->profile = w == 2 ? SS_GEN_DRAWN : w;
	else if (!strcmp(a, "--strategy") && (w = word(v, strategies)) >= 0) {
		g->strategy = w == 3 ? SS_CASE_STRATEGY_BOTH : w; /* ss_strategy order */
		c->strategy_given = 1;
	} else if (!strcmp(a, "--engine"))
		c->engine_spec = v;
	else if (!strcmp(a, "--report"))
		c->report = v;
	else if (!strcmp(a, "--adapter-logs"))
		c->adapter_logs = v;
	else if (!strcmp(a, "--shard"))
		return parse_shard(&c->o, v);
	else
		return 0;
	return 1;
}

/* 0, or the exit status of a usage error. */
static int parse(cli *c, int argc, char **argv)
{
	int seconds_given = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--quiet")) {
			c->quiet = 1;
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (!number_option(c, a, v, &seconds_given) && !word_option(c, a, v)) {
			fprintf(stderr, "check: bad option %s %s\n", a, v);
			return usage();
		}
	}
	if (c->o.cases > 0 && seconds_given) {
		fputs("check: give --cases or --seconds, not both\n", stderr);
		return usage();
	}
	return 0;
}

/* ---- what the campaign reports ---------------------------------------------------------------- */

static void header(const ss_check_options *o)
{
	const ss_gen_options *g = &o->gen;
	printf("check: %s %llu, %s %g, %d job(s), max %u tables, fk %s, profile %s\n",
	       o->one_case ? "case seed" : "seed", (unsigned long long)o->seed,
	       o->cases > 0 ? "cases" : "seconds", o->cases > 0 ? (double)o->cases : o->seconds,
	       o->jobs, g->max_tables,
	       g->foreign_keys < 0 ? "both"
	       : g->foreign_keys   ? "on"
				   : "off",
	       g->profile < 0 ? "both"
	       : g->profile   ? "durable-object"
			      : "default");
	if (o->shard_count > 1)
		printf("check: shard %ld/%ld: case indexes i with i mod %ld == %ld\n",
		       o->shard_index, o->shard_count, o->shard_count, o->shard_index);
}

static void on_event(void *ctx, const ss_check_event *ev)
{
	const cli *c = ctx;
	unsigned long long seed = (unsigned long long)ev->seed;
	const char *prop = ss_property_name(ev->property);
	char cmd[256];
	switch (ev->kind) {
	case SS_CHECK_STARTED:
		header(ev->options);
		break;
	case SS_CHECK_VIOLATION:
		ss_check_case_command(cmd, sizeof(cmd), ev->options, ev->seed);
		printf("\nviolation %s at seed %llu: %s\n  reproduce: %s\n", prop, seed, ev->detail,
		       cmd);
		break;
	case SS_CHECK_FLAKY:
		printf("\nflaky %s at seed %llu (did not reproduce): %s\n", prop, seed, ev->detail);
		break;
	case SS_CHECK_REPEATED:
		if (!c->quiet)
			printf("\nviolation %s at seed %llu (not shrunk: seen before in this "
			       "worker): %s\n",
			       prop, seed, ev->detail);
		break;
	case SS_CHECK_WRITTEN:
		if (ev->detail) /* an engine's: the replay command names it */
			printf("  written %s\n  replay: %s\n", ev->path, ev->detail);
		else
			printf("  written %s\n  replay: schemasync replay %s\n", ev->path,
			       ev->path);
		break;
	case SS_CHECK_NOT_WRITTEN:
		printf("  cannot write %s: %s\n", ev->path, ev->detail);
		break;
	case SS_CHECK_LOST:
		ss_check_case_command(cmd, sizeof(cmd), ev->options, ev->seed);
		printf("\n%s at case %ld (seed %llu)\n  reproduce: %s\n", ev->detail, ev->index,
		       seed, cmd);
		break;
	case SS_CHECK_WORKER_DIED:
		fprintf(stderr, "\ncheck: worker %d died between cases (status %d)\n", ev->worker,
			ev->status);
		break;
	case SS_CHECK_WORKER_HUNG:
		fprintf(stderr, "\ncheck: worker %d hung; killing it\n", ev->worker);
		break;
	case SS_CHECK_FORK_FAILED:
		fprintf(stderr, "check: fork: %s\n", ev->detail);
		break;
	}
	fflush(stdout);
}

static void on_progress(void *ctx, const ss_check_report *t)
{
	cli *c = ctx;
	double el = t->seconds;
	if (!c->tty && (c->quiet || el - c->last < 5))
		return;
	c->last = el;
	double rate = el > 0 ? (double)t->cases / el : 0;
	double eta = c->o.cases > 0
			     ? (rate > 0 ? ((double)c->o.cases - (double)t->cases) / rate : 0)
			     : c->o.seconds - el;
	if (eta < 0)
		eta = 0;
	if (c->engine) {
		/* the cases phase, then shrinking */
		double phase = c->o.cases > 0 || el < c->o.seconds ? el : c->o.seconds;
		fprintf(stderr,
			"%scheck [%s]: %ld cases, %.1f cases/s, %ld violations (%zu distinct), "
			"%.0fs elapsed%s%s",
			c->tty ? "\r" : "", ss_engine_name(c->engine), t->cases,
			phase > 0 ? (double)t->cases / phase : 0, t->violations,
			ss_engine_failure_count(c->engine), el,
			c->o.cases <= 0 && el >= c->o.seconds ? ", shrinking" : "",
			c->tty ? "   " : "\n");
		fflush(stderr);
		return;
	}
	fprintf(stderr,
		"%scheck: %ld cases, %.0f cases/s, %ld violations, %.0fs elapsed, ETA %.0fs%s",
		c->tty ? "\r" : "", t->cases, rate, t->violations, el, eta, c->tty ? "   " : "\n");
	fflush(stderr);
}

static void summary(const ss_check_report *t)
{
	double el = t->seconds;
	printf("\n== check summary ==\n");
	printf("seed %llu, %d job(s), %.1f s\n", (unsigned long long)t->seed, t->jobs, el);
	printf("cases: %ld (%ld invalid generated, discarded; %ld synced ok), %.0f cases/s\n",
	       t->cases, t->invalid, t->synced_ok, el > 0 ? (double)t->cases / el : 0);
	/* shrinking is per worker: the campaign rate without it */
	double busy = el * t->jobs - t->shrink_seconds;
	printf("cases/s without shrinking: %.0f (%.1f s of worker time spent shrinking)\n",
	       busy > 0 ? (double)t->cases * t->jobs / busy : 0, t->shrink_seconds);
	printf("violations: %ld (flaky, not reproduced: %ld)\n", t->violations, t->flaky);
	printf("known engine bugs (corpus/known-failing.txt; not counted as violations):\n");
	for (int k = 0; k < ss_known_bug_count(); k++)
		printf("  %6ld cases  %s: %s\n", t->known[k], ss_known_bug_file(k),
		       ss_known_bug_what(k));
	printf("cases that crashed or hung their worker: %ld\n", t->lost);
	if (t->first_violation_cases > 0)
		printf("first violation: after %.2f s, at case %ld\n", t->first_violation_seconds,
		       t->first_violation_cases);
	printf("properties (checked / failed):\n");
	for (int p = 1; p < SS_PROP_COUNT - 1; p++)
		printf("  %-3s %8ld / %ld\n", ss_property_name(p), t->checked[p], t->failed[p]);
	int missing = 0;
	printf("labels hit (cases):\n");
	for (int i = 0; i < ss_label_count(); i++) {
		printf("  %-40s %ld\n", ss_label_name(i), t->labels[i]);
		missing += t->labels[i] == 0;
	}
	printf("labels never hit: %d of %d\n", missing, ss_label_count());
}

static void write_json(const char *path, const ss_check_report *t, const ss_check_options *o)
{
	double el = t->seconds;
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "seed", (double)t->seed);
	cJSON_AddNumberToObject(j, "jobs", t->jobs);
	if (o->shard_count > 1) {
		cJSON_AddNumberToObject(j, "shardIndex", (double)o->shard_index);
		cJSON_AddNumberToObject(j, "shardCount", (double)o->shard_count);
	}
	cJSON_AddNumberToObject(j, "seconds", el);
	cJSON_AddNumberToObject(j, "cases", (double)t->cases);
	cJSON_AddNumberToObject(j, "invalidGenerated", (double)t->invalid);
	cJSON_AddNumberToObject(j, "syncedOk", (double)t->synced_ok);
	cJSON_AddNumberToObject(j, "casesPerSecond", el > 0 ? (double)t->cases / el : 0);
	cJSON_AddNumberToObject(j, "shrinkSeconds", t->shrink_seconds);
	cJSON_AddNumberToObject(j, "violations", (double)t->violations);
	cJSON_AddNumberToObject(j, "flaky", (double)t->flaky);
	cJSON_AddNumberToObject(j, "lost", (double)t->lost);
	if (t->first_violation_cases > 0) {
		cJSON_AddNumberToObject(j, "firstViolationSeconds", t->first_violation_seconds);
		cJSON_AddNumberToObject(j, "firstViolationCases", (double)t->first_violation_cases);
	} else {
		cJSON_AddNullToObject(j, "firstViolationSeconds");
		cJSON_AddNullToObject(j, "firstViolationCases");
	}
	cJSON *p = cJSON_AddObjectToObject(j, "properties");
	for (int i = 1; i < SS_PROP_COUNT - 1; i++) {
		cJSON *e = cJSON_AddObjectToObject(p, ss_property_name(i));
		cJSON_AddNumberToObject(e, "checked", (double)t->checked[i]);
		cJSON_AddNumberToObject(e, "failed", (double)t->failed[i]);
	}
	cJSON *kb = cJSON_AddObjectToObject(j, "knownEngineBugs");
	for (int k = 0; k < ss_known_bug_count(); k++) {
		cJSON *e = cJSON_AddObjectToObject(kb, ss_known_bug_file(k));
		cJSON_AddNumberToObject(e, "cases", (double)t->known[k]);
		cJSON_AddStringToObject(e, "what", ss_known_bug_what(k));
	}
	cJSON *l = cJSON_AddObjectToObject(j, "labels");
	for (int i = 0; i < ss_label_count(); i++)
		cJSON_AddNumberToObject(l, ss_label_name(i), (double)t->labels[i]);
	char *s = cJSON_Print(j);
	FILE *f = fopen(path, "w");
	if (f && s) {
		fputs(s, f);
		fputc('\n', f);
	}
	if (f)
		fclose(f);
	else
		fprintf(stderr, "check: cannot write %s: %s\n", path, strerror(errno));
	cJSON_free(s);
	cJSON_Delete(j);
}

/* ---- engines under test ----------------------------------------------------------------------- */

/* Open --engine, say hello (then let each worker start its own adapter), draw from its
 * capabilities; 0 or the exit status of a failure. */
static int engine_setup(cli *c)
{
	ss_engine_options eo = SS_ENGINE_OPTIONS_INIT;
	ss_error err = {0};
	char logs[1024];
	if (c->case_timeout_given)
		eo.timeout = c->o.case_timeout;
	snprintf(logs, sizeof(logs), "%s/adapter-logs", c->o.out_dir);
	eo.log_dir = c->adapter_logs ? c->adapter_logs : logs;
	if (ss_engine_open(&c->engine, c->engine_spec, &eo, &err) ||
	    ss_engine_hello(c->engine, &err)) {
		fprintf(stderr, "check: %s\n", err.message);
		ss_engine_free(c->engine);
		c->engine = NULL;
		return 2;
	}
	ss_engine_stop(c->engine);
	printf("check: engine %s%s%s (%s, %s)\n", ss_engine_name(c->engine),
	       ss_engine_version(c->engine)[0] ? " " : "", ss_engine_version(c->engine),
	       ss_engine_transport(c->engine), ss_engine_path(c->engine));
	int strategy = c->o.gen.strategy;
	ss_engine_gen_options(c->engine, &c->o.gen);
	if (c->strategy_given)
		c->o.gen.strategy = strategy; /* the runner falls back to a claimed one */
	/* a case is several requests, each under the adapter's timeout */
	c->o.case_timeout = 8 * eo.timeout + 30;
	if (!c->o.shrink_seconds)
		c->o.shrink_seconds = 20;
	c->o.engine = c->engine;
	return 0;
}

static void write_text(const char *path, char *text)
{
	FILE *f = fopen(path, "w");
	if (f && text)
		fputs(text, f);
	if (f)
		fclose(f);
	else
		fprintf(stderr, "check: cannot write %s: %s\n", path, strerror(errno));
	ss_harness_free(text);
}

/* The distinct failures, the report files; the exit status contribution. */
static void engine_summary(const cli *c, const ss_check_report *t)
{
	ss_engine_stats st;
	ss_engine_get_stats(c->engine, &st);
	printf("engine: %s %s: %ld requests (%.1f ms each), %ld adapter starts, %ld timeouts, "
	       "%ld crashes, %ld protocol errors; %ld cases discarded for an unclaimed label\n",
	       ss_engine_name(c->engine), ss_engine_version(c->engine), st.requests,
	       st.requests ? 1000 * st.request_seconds / (double)st.requests : 0, st.hellos,
	       st.timeouts, st.crashes, st.protocol_errors, st.unclaimed);
	if (st.stopped)
		printf("engine: stopped: %s\n", st.stop_message);
	ss_engine_failure f;
	long d1 = 0;
	printf("distinct failures:\n");
	for (size_t i = 0; ss_engine_failure_get(c->engine, i, &f) == 0; i++) {
		if (f.property == SS_ENGINE_D1) {
			d1++;
			continue;
		}
		printf("  %-5ld %s\n", f.count, f.signature);
		if (f.path[0]) {
			char *cmd = ss_engine_replay_command(c->engine, f.path);
			printf("        %s\n", cmd);
			ss_harness_free(cmd);
		} else if (f.state == 3) {
			printf("        (did not reproduce)\n");
		}
	}
	printf("D1 differs-from-reference (not violations): %ld cases, %ld distinct%s\n",
	       st.differs, d1, c->report ? " (listed in the report)" : "");
	if (c->report)
		write_text(c->report, ss_engine_report_markdown(c->engine, &c->o, t));
	if (c->json)
		write_text(c->json, ss_engine_report_json(c->engine, &c->o, t));
	(void)t;
}

int main(int argc, char **argv)
{
	if (check_faults_wanted(argc, argv)) /* --faults: check_faults.c */
		return check_faults_main(argc, argv);
	cli c = {SS_CHECK_OPTIONS_INIT, NULL, 0, 0, 0, NULL, NULL, NULL, NULL, 0, 0};
	c.o.seed = (uint64_t)time(NULL);
	int rc = parse(&c, argc, argv);
	if (rc)
		return rc;
	if (c.report && !c.engine_spec) {
		fputs("check: --report needs --engine\n", stderr);
		return usage();
	}
	if (c.engine_spec && (rc = engine_setup(&c)) != 0)
		return rc;
	c.tty = isatty(STDERR_FILENO) && !c.quiet;
	c.o.on_event = on_event;
	c.o.on_progress = on_progress;
	c.o.ctx = &c;
	ss_check_report *report = NULL;
	ss_error err = {0};
	if (ss_check_run(&report, &c.o, &err) != 0) {
		fprintf(stderr, "check: %s\n", err.message);
		ss_engine_free(c.engine);
		return 2;
	}
	if (c.tty)
		fputc('\n', stderr);
	summary(report);
	if (c.engine)
		engine_summary(&c, report);
	else if (c.json)
		write_json(c.json, report, &c.o);
	rc = report->violations ? 1 : 0;
	if (report->crashed) {
		printf("check: %d case(s) or worker(s) crashed or hung\n", report->crashed);
		rc = 1;
	}
	if (c.engine) {
		ss_engine_stats st;
		ss_engine_get_stats(c.engine, &st);
		if (st.stopped)
			rc = 2;
	}
	ss_check_report_free(report);
	ss_engine_free(c.engine);
	return rc;
}
