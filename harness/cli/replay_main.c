/* SPDX-License-Identifier: MIT */
/*
 * schemasync-replay: the executable behind `schemasync replay` (the CLI runs it from beside
 * itself or from PATH). It parses the command line into ss_replay_options, runs
 * ss_replay_run and prints every failure as "file:line region-name: property: detail" and,
 * last, "N passed, M failed". Each case gets a 60 s alarm: a hung case is named and its
 * process ends (exit status 3; a worker's remaining cases then count as failed). --fail-one,
 * or SS_REPLAY_FAIL_ONE=1 in the environment, reports the first case as failed, so CI can
 * prove that it notices. Case files listed in a known-failing.txt beside them (known engine
 * bugs) are skipped and counted unless --include-known-failing. Exit status 1 when a case
 * failed, 2 on a usage error.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "ss_engine.h"
#include "ss_harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CASE_SECONDS 60

/* The case being run, for the alarm handler. */
static char g_current[512];
/* The alarm: CASE_SECONDS, or through an engine room for its requests' timeouts. */
static unsigned g_alarm = CASE_SECONDS;

static void on_alarm(int sig)
{
	(void)sig;
	/* async-signal-safe: write() and _exit() only */
	static const char msg[] = ": timeout: the case ran longer than its alarm\n";
	if (write(STDOUT_FILENO, g_current, strlen(g_current)) < 0 ||
	    write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void on_event(void *ctx, const ss_replay_event *ev)
{
	(void)ctx;
	switch (ev->kind) {
	case SS_REPLAY_BAD_PATH:
		fprintf(stderr, "replay: %s: %s\n", ev->path, ev->detail);
		break;
	case SS_REPLAY_CASE_STARTED:
		snprintf(g_current, sizeof(g_current), "%s", ev->where);
		alarm(g_alarm);
		break;
	case SS_REPLAY_CASE_DONE:
		alarm(0);
		break;
	case SS_REPLAY_FAILED:
		printf("%s: %s: %s\n", ev->where, ev->what, ev->detail);
		fflush(stdout);
		break;
	case SS_REPLAY_WORKER_DIED:
		printf("replay: worker %d died (status %d); its cases count as failed\n",
		       ev->worker, ev->status);
		break;
	}
}

static int usage(void)
{
	fputs("usage: schemasync replay [--properties-only] [--jobs N] [--fail-one]\n"
	      "                         [--include-known-failing]\n"
	      "                         [--engine NAME|PATH [--case-timeout SECONDS]] PATH...\n"
	      "  files listed in a known-failing.txt beside them (known engine bugs) are\n"
	      "  skipped and counted unless --include-known-failing\n"
	      "  (SS_REPLAY_FAIL_ONE=1 in the environment also forces one failure)\n"
	      "  --engine: sync through an engine's adapter (docs/ENGINES.md): reference,\n"
	      "  reference-command, toy, toy-command, drizzle, or a descriptor's path\n",
	      stderr);
	return 2;
}

/* The engine options (--engine, --case-timeout). */
typedef struct engine_args {
	const char *engine;
	double timeout;
} engine_args;

/* Options into o, paths into paths (argv's own strings); 0 or a usage error's status. */
static int parse(ss_replay_options *o, engine_args *ea, const char **paths, size_t *npaths,
		 int argc, char **argv)
{
	const char *env = getenv("SS_REPLAY_FAIL_ONE");
	if (env && env[0] && strcmp(env, "0"))
		o->fail_one = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--properties-only")) {
			o->properties_only = 1;
		} else if (!strcmp(argv[i], "--fail-one")) {
			o->fail_one = 1;
		} else if (!strcmp(argv[i], "--include-known-failing")) {
			o->include_known_failing = 1;
		} else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) {
			char *end = NULL;
			long v = strtol(argv[++i], &end, 10);
			if (!end || *end || v < 1 || v > 64)
				return usage();
			o->jobs = (int)v;
		} else if (!strcmp(argv[i], "--engine") && i + 1 < argc) {
			ea->engine = argv[++i];
		} else if (!strcmp(argv[i], "--case-timeout") && i + 1 < argc) {
			char *end = NULL;
			double v = strtod(argv[++i], &end);
			if (!end || *end || v <= 0)
				return usage();
			ea->timeout = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			paths[(*npaths)++] = argv[i];
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	ss_replay_options o = SS_REPLAY_OPTIONS_INIT;
	const char **paths = calloc((size_t)argc + 1, sizeof(char *));
	size_t npaths = 0;
	if (!paths)
		return 2;
	engine_args ea = {NULL, 0};
	int rc = parse(&o, &ea, paths, &npaths, argc, argv);
	if (rc) {
		free(paths);
		return rc;
	}
	ss_engine *engine = NULL;
	if (ea.engine) {
		ss_engine_options eo = SS_ENGINE_OPTIONS_INIT;
		ss_error eerr = {0};
		if (ea.timeout > 0)
			eo.timeout = ea.timeout;
		if (ss_engine_open(&engine, ea.engine, &eo, &eerr) ||
		    ss_engine_hello(engine, &eerr)) {
			fprintf(stderr, "replay: %s\n", eerr.message);
			ss_engine_free(engine);
			free(paths);
			return 2;
		}
		printf("replay: engine %s%s%s (%s, %s)\n", ss_engine_name(engine),
		       ss_engine_version(engine)[0] ? " " : "", ss_engine_version(engine),
		       ss_engine_transport(engine), ss_engine_path(engine));
		fflush(stdout);
		/* each worker starts its own adapter */
		ss_engine_stop(engine);
		o.engine = engine;
		g_alarm = (unsigned)(eo.timeout * 6 + CASE_SECONDS);
	}
	signal(SIGALRM, on_alarm);
	o.on_event = on_event;
	ss_replay_report *report = NULL;
	ss_error err = {0};
	rc = ss_replay_run(&report, paths, npaths, &o, &err);
	free(paths);
	ss_engine_free(engine);
	if (rc == SS_E_MISUSE)
		return usage();
	if (rc) {
		fprintf(stderr, "replay: %s\n", err.message);
		return 2;
	}
	if (report->skipped)
		printf("replay: skipped %ld known-failing case(s) listed in known-failing.txt "
		       "(--include-known-failing runs them)\n",
		       report->skipped);
	printf("%ld passed, %ld failed\n", report->passed, report->failed);
	rc = report->failed ? 1 : 0;
	ss_replay_report_free(report);
	return rc;
}
