/* SPDX-License-Identifier: MIT */
/*
 * `schemasync check --faults oom|io|crash|race|all`: the command line of the fault
 * campaigns (ss_faults.h). It parses its options into ss_fault_options, runs ss_fault_run and
 * prints as check does: a header, each violation as a worker reports it, progress (a \r line
 * on a terminal, one plain line every 5 s otherwise, none with --quiet), the summary (fault
 * points tried, runs failed cleanly, runs completed, violations, per fault kind and way of
 * running), and with --json FILE the same as JSON. Exit status 1 when a violation was found
 * or a worker died, 2 on a usage error.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "check_faults.h"
#include "ss_faults.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fcli {
	ss_fault_options o;
	const char *corpus[64];
	const char *json;
	int quiet, tty;
	double last;
} fcli;

static int usage(void)
{
	fputs("usage: schemasync check --faults oom|io|crash|race|all[,...]\n"
	      "                        [--corpus DIR|FILE]... | [--seed N] [--cases N]\n"
	      "                          [--max-tables N] [--fk on|off|both]\n"
	      "                          [--profile default|durable-object|both]\n"
	      "                        [--strategy both|scratch-db|prefix] [--jobs N]\n"
	      "                        [--max-points N] [--race-points N] [--tmp DIR]\n"
	      "                        [--include-known-failing] [--json FILE] [--quiet]\n"
	      "Every sync of the corpus cases (or of --cases generated ones, default 20) is\n"
	      "run again with one fault at each point: oom fails the N-th allocation (engine\n"
	      "and SQLite), io the N-th read/write/sync/truncate/lock of a shim VFS or fills\n"
	      "the disk, crash drops unsynced writes at the N-th write or sync and reopens,\n"
	      "race lets a second connection change the database at chosen points of the\n"
	      "sync. --max-points bounds the points per loop (0: all, until the sync\n"
	      "completes). docs/PROPERTIES.md, \"Fault campaigns\".\n",
	      stderr);
	return 2;
}

int check_faults_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--faults"))
			return 1;
	return 0;
}

/* "oom,io" -> bits; 0 when a word is unknown. */
static unsigned kinds_of(const char *v)
{
	unsigned bits = 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int k;
		for (k = 0; k < SS_FAULT_KINDS && strcmp(w, ss_fault_kind_name(k)); k++)
			;
		if (!strcmp(w, "all"))
			bits |= SS_FAULT_ALL;
		else if (k < SS_FAULT_KINDS)
			bits |= 1u << k;
		else
			return 0;
	}
	return bits;
}

static int number(const char *v, long *out)
{
	char *end = NULL;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || !end || *end || !v[0] || n < 0)
		return -1;
	*out = n;
	return 0;
}

/* One option with its value; 0 when taken, else the usage error's status. */
static int option(fcli *c, const char *a, const char *v)
{
	static const char *const tri[] = {"off", "on", "both"};
	static const char *const prof[] = {"default", "durable-object", "both"};
	ss_fault_options *o = &c->o;
	long n = 0;
	int num = number(v, &n) == 0;
	if (!strcmp(a, "--faults") && (o->kinds = kinds_of(v)) != 0)
		return 0;
	if (!strcmp(a, "--corpus") && o->ncorpus < 64) {
		c->corpus[o->ncorpus++] = v;
		return 0;
	}
	if (!strcmp(a, "--json")) {
		c->json = v;
		return 0;
	}
	if (!strcmp(a, "--tmp")) {
		o->tmp_dir = v;
		return 0;
	}
	if (!strcmp(a, "--strategy")) {
		o->gen.strategy = !strcmp(v, "scratch-db") ? SS_STRATEGY_SCRATCH_DB
				  : !strcmp(v, "prefix")   ? SS_STRATEGY_PREFIX
				  : !strcmp(v, "both")     ? SS_CASE_STRATEGY_BOTH
							   : -2;
		return o->gen.strategy == -2;
	}
	for (int i = 0; i < 3; i++) {
		if (!strcmp(a, "--fk") && !strcmp(v, tri[i])) {
			o->gen.foreign_keys = i == 2 ? SS_GEN_DRAWN : i;
			return 0;
		}
		if (!strcmp(a, "--profile") && !strcmp(v, prof[i])) {
			o->gen.profile = i == 2 ? SS_GEN_DRAWN : i;
			return 0;
		}
	}
	if (!num)
		return 1;
	if (!strcmp(a, "--seed"))
		o->seed = (uint64_t)n;
	else if (!strcmp(a, "--cases") && n > 0)
		o->cases = n;
	else if (!strcmp(a, "--jobs") && n > 0 && n <= SS_CHECK_MAX_JOBS)
		o->jobs = (int)n;
	else if (!strcmp(a, "--max-tables") && n > 0 && n <= 6)
		o->gen.max_tables = (unsigned)n;
	else if (!strcmp(a, "--max-points"))
		o->max_points = n;
	else if (!strcmp(a, "--race-points") && n > 0)
		o->race_points = (int)n;
	else
		return 1;
	return 0;
}

static void on_event(void *ctx, const ss_fault_event *ev)
{
	const fcli *c = ctx;
	const ss_fault_options *o = ev->options;
	switch (ev->kind) {
	case SS_FAULT_STARTED:
		printf("check --faults:");
		for (int k = 0; k < SS_FAULT_KINDS; k++)
			if (o->kinds & (1u << k))
				printf(" %s", ss_fault_kind_name(k));
		if (o->ncorpus)
			printf(", corpus of %zu path(s)", o->ncorpus);
		else
			printf(", %ld generated cases from seed %llu", o->cases,
			       (unsigned long long)o->seed);
		printf(", %d job(s), max points per loop %ld\n", o->jobs, o->max_points);
		break;
	case SS_FAULT_VIOLATION:
		printf("%sviolation [%s, %s] %s\n  at %s\n  %s\n", c->tty ? "\n" : "",
		       ss_fault_kind_name(ev->fault), ss_fault_column_name(ev->column), ev->where,
		       ev->point, ev->detail);
		break;
	case SS_FAULT_LOST:
		printf("%sworker lost in %s: %s\n", c->tty ? "\n" : "", ev->where, ev->detail);
		break;
	}
	fflush(stdout);
}

static long total(const ss_fault_report *t, int k, int field)
{
	long n = 0;
	for (int c = 0; c < SS_FAULT_COLUMNS; c++) {
		const ss_fault_counts *x = &t->counts[k][c];
		n += field == 0   ? x->points
		     : field == 1 ? x->failed
		     : field == 2 ? x->completed
				  : x->violations;
	}
	return n;
}

static void on_progress(void *ctx, const ss_fault_report *t)
{
	fcli *c = ctx;
	if (!c->tty && (c->quiet || t->seconds - c->last < 5))
		return;
	c->last = t->seconds;
	fprintf(stderr, "%scheck --faults: %ld cases,", c->tty ? "\r" : "", t->cases);
	for (int k = 0; k < SS_FAULT_KINDS; k++)
		if (c->o.kinds & (1u << k))
			fprintf(stderr, " %s %ld", ss_fault_kind_name(k), total(t, k, 0));
	fprintf(stderr, " points, %ld violations, %.0fs elapsed%s", t->violations, t->seconds,
		c->tty ? "   " : "\n");
	fflush(stderr);
}

static void summary(const fcli *c, const ss_fault_report *t)
{
	printf("\n== check --faults summary ==\n");
	printf("%ld cases (%ld invalid, skipped), %d job(s), %.1f s\n", t->cases, t->invalid,
	       t->jobs, t->seconds);
	printf("%-6s %-15s %10s %10s %10s %10s\n", "fault", "run", "points", "failed", "completed",
	       "violations");
	for (int k = 0; k < SS_FAULT_KINDS; k++) {
		if (!(c->o.kinds & (1u << k)))
			continue;
		for (int col = 0; col < SS_FAULT_COLUMNS; col++) {
			const ss_fault_counts *x = &t->counts[k][col];
			if (!x->points && !x->violations)
				continue;
			printf("%-6s %-15s %10ld %10ld %10ld %10ld\n", ss_fault_kind_name(k),
			       ss_fault_column_name(col), x->points, x->failed, x->completed,
			       x->violations);
		}
		printf("%-6s %-15s %10ld %10ld %10ld %10ld\n", ss_fault_kind_name(k), "all",
		       total(t, k, 0), total(t, k, 1), total(t, k, 2), total(t, k, 3));
	}
	if (c->o.kinds & (1u << SS_FAULT_CRASH))
		printf("crash: reopened as the database before the sync %ld, after it %ld\n",
		       t->crash_before, t->crash_after);
	if (c->o.kinds & (1u << SS_FAULT_RACE))
		printf("race: the other connection's change committed %ld, not committed %ld\n",
		       t->race_committed, t->race_not_committed);
	printf("leaks: %ld\nviolations: %ld\nworkers lost: %ld\n", t->leaks, t->violations,
	       t->lost);
}

static void write_json(const fcli *c, const ss_fault_report *t)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "seconds", t->seconds);
	cJSON_AddNumberToObject(j, "jobs", t->jobs);
	cJSON_AddNumberToObject(j, "cases", (double)t->cases);
	cJSON_AddNumberToObject(j, "invalid", (double)t->invalid);
	cJSON *kinds = cJSON_AddObjectToObject(j, "faults");
	static const char *const fields[] = {"points", "failed", "completed", "violations"};
	for (int k = 0; k < SS_FAULT_KINDS; k++) {
		if (!(c->o.kinds & (1u << k)))
			continue;
		cJSON *e = cJSON_AddObjectToObject(kinds, ss_fault_kind_name(k));
		for (int f = 0; f < 4; f++)
			cJSON_AddNumberToObject(e, fields[f], (double)total(t, k, f));
		cJSON_AddNumberToObject(e, "injected", (double)t->faults_injected[k]);
		cJSON *cols = cJSON_AddObjectToObject(e, "runs");
		for (int col = 0; col < SS_FAULT_COLUMNS; col++) {
			const ss_fault_counts *x = &t->counts[k][col];
			cJSON *r = cJSON_AddObjectToObject(cols, ss_fault_column_name(col));
			cJSON_AddNumberToObject(r, "points", (double)x->points);
			cJSON_AddNumberToObject(r, "failed", (double)x->failed);
			cJSON_AddNumberToObject(r, "completed", (double)x->completed);
			cJSON_AddNumberToObject(r, "violations", (double)x->violations);
		}
	}
	cJSON_AddNumberToObject(j, "crashReopenedBefore", (double)t->crash_before);
	cJSON_AddNumberToObject(j, "crashReopenedAfter", (double)t->crash_after);
	cJSON_AddNumberToObject(j, "raceCommitted", (double)t->race_committed);
	cJSON_AddNumberToObject(j, "raceNotCommitted", (double)t->race_not_committed);
	cJSON_AddNumberToObject(j, "leaks", (double)t->leaks);
	cJSON_AddNumberToObject(j, "violations", (double)t->violations);
	cJSON_AddNumberToObject(j, "workersLost", (double)t->lost);
	char *s = cJSON_Print(j);
	FILE *f = fopen(c->json, "w");
	if (f && s) {
		fputs(s, f);
		fputc('\n', f);
	}
	if (f)
		fclose(f);
	else
		fprintf(stderr, "check: cannot write %s: %s\n", c->json, strerror(errno));
	cJSON_free(s);
	cJSON_Delete(j);
}

int check_faults_main(int argc, char **argv)
{
	fcli c;
	memset(&c, 0, sizeof(c));
	c.o = (ss_fault_options)SS_FAULT_OPTIONS_INIT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--quiet")) {
			c.quiet = 1;
			continue;
		}
		if (!strcmp(a, "--include-known-failing")) {
			c.o.include_known_failing = 1;
			continue;
		}
		if (i + 1 >= argc || option(&c, a, argv[i + 1])) {
			fprintf(stderr, "check: bad option %s %s\n", a,
				i + 1 < argc ? argv[i + 1] : "");
			return usage();
		}
		i++;
	}
	c.o.corpus = c.corpus;
	c.tty = isatty(STDERR_FILENO) && !c.quiet;
	c.o.on_event = on_event;
	c.o.on_progress = on_progress;
	c.o.ctx = &c;
	ss_fault_report *t = NULL;
	ss_error err = {0};
	if (ss_fault_run(&t, &c.o, &err) != 0) {
		fprintf(stderr, "check --faults: %s\n", err.message);
		return 2;
	}
	if (c.tty)
		fputc('\n', stderr);
	summary(&c, t);
	if (c.json)
		write_json(&c, t);
	int rc = t->violations || t->lost ? 1 : 0;
	ss_fault_report_free(t);
	return rc;
}
