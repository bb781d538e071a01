/* SPDX-License-Identifier: MIT */
/*
 * A check worker: it generates and runs its share of the cases (the case seed of each is
 * ss_check_case_seed(start seed, index); case seed S is a PRNG seeded with S alone, so
 * `schemasync check --case-seed S` reproduces it anywhere),
 * counts what it saw in shared memory, and turns a violation into a case file: rerun to
 * confirm it, shrink it (choice sequence first, then statements; at most once per property
 * per worker), write OUT/check-seed-S-Pn.sql. The parent writes the cases that crashed or hung
 * a worker the same way, unshrunk.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "ss_engine.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- case files ------------------------------------------------------------------------------ */

/*
 * Write cs to OUT/check-seed-SEED-TAG.sql as a case named "TAG seed SEED" that replay checks
 * by properties only, or, when the correct plan is known to be empty, against it.
 */
static void save_case(const ss_check_options *o, uint64_t seed, const char *tag, const ss_case *cs,
		      int plan_known_empty, const char *comment, int shrunk)
{
	char path[1024], name[128];
	mkdir(o->out_dir, 0777);
	snprintf(path, sizeof(path), "%s/check-seed-%llu-%s.sql", o->out_dir,
		 (unsigned long long)seed, tag);
	snprintf(name, sizeof(name), "%s seed %llu", tag, (unsigned long long)seed);
	ss_case c = *cs;
	c.name = name;
	c.config.properties_only = !plan_known_empty;
	c.expect_output = plan_known_empty ? "" : NULL;
	/* "must fail, any message" stays: the generator expects it when SQLite itself rejects
	 * the definitions (the desired schema then does not build alone) */
	c.expect_error = cs->expect_error && !cs->expect_error[0] ? cs->expect_error : NULL;
	if (o->engine) /* a case lost through an engine's adapter */
		c.config.engine = ss_engine_spec(o->engine);
	char *text = ss_case_format(&c, comment);
	FILE *f = text ? fopen(path, "w") : NULL;
	ss_check_event ev = {SS_CHECK_WRITTEN, o, seed, 0, NULL, path, 0, 0, 0};
	if (f) {
		fprintf(f,
			"-- SPDX-License-Identifier: MIT\n-- A case found by the property "
			"campaign (schemasync check)%s.\n",
			shrunk ? ", shrunk" : "");
		fputs(text, f);
		fclose(f);
	} else {
		ev.kind = SS_CHECK_NOT_WRITTEN;
		ev.detail = text ? strerror(errno) : "out of memory";
	}
	sh_check_emit(o, &ev);
	ss_harness_free(text);
}

static void write_case(const ss_check_options *o, uint64_t seed, int prop, const ss_case *cs,
		       const ss_case_result *r, size_t nfrom, size_t nto)
{
	sh_buf com;
	sh_buf_init(&com);
	char cmd[256];
	ss_check_case_command(cmd, sizeof(cmd), o, seed);
	sh_buf_printf(&com,
		      "property %s failed: %s\n"
		      "found by: %s\n"
		      "shrunk from %zu to %zu choices; %s\n",
		      ss_property_name(prop), r->detail, cmd, nfrom, nto,
		      cs->same_model
			      ? "the definitions differ from the baseline only in formatting: "
				"the correct plan is empty"
			      : "propertiesOnly: the correct plan is not known, replay checks "
				"P1-P10");
	if (r->plan_sql && r->plan_sql[0]) {
		sh_buf_adds(&com, "observed plan:\n");
		sh_buf_lines(&com, "  ", r->plan_sql, 30);
	}
	if (r->error)
		sh_buf_printf(&com, "observed error: %s\n", r->error);
	/* a formatting-only pair: the correct plan is known, nothing to do */
	save_case(o, seed, ss_property_name(prop), cs, cs->same_model, com.data, 1);
	sh_buf_free(&com);
}

void sh_check_lost_case(const ss_check_options *o, long idx, const char *what)
{
	uint64_t seed = sh_case_seed_of(o, idx);
	ss_check_event ev = {SS_CHECK_LOST, o, seed, 0, what, NULL, 0, 0, idx};
	sh_check_emit(o, &ev);
	ss_choices *c = NULL;
	ss_case *cs = NULL;
	ss_choices_new_rng(&c, seed);
	if (ss_case_generate(&cs, c, &o->gen, NULL) == 0) {
		char com[640], cmd[256];
		ss_check_case_command(cmd, sizeof(cmd), o, seed);
		snprintf(com, sizeof(com),
			 "%s\nfound by: %s\nnot shrunk; propertiesOnly: replay checks P1-P10\n",
			 what, cmd);
		save_case(o, seed, "lost", cs, 0, com, 0);
	}
	ss_case_free(cs);
	ss_choices_free(c);
}

/* ---- violations -------------------------------------------------------------------------------- */

/* A run of cs; when it cannot be set up, an empty result with the reason as its detail. */
static ss_case_result *run_for_report(const ss_case *cs)
{
	ss_case_result *r = NULL;
	ss_error err = {0};
	ss_run_options ro = SS_RUN_OPTIONS_INIT;
	ro.known_apart = 1; /* the detail of the property shrunk, not of a known bug */
	if (ss_case_run(&r, cs, &ro, &err) != 0) {
		r = sh_calloc(1, sizeof(*r));
		snprintf(r->detail, sizeof(r->detail), "%s", err.message);
	}
	return r;
}

/* The case of the shrunk sequence, when it still fails prop (else NULL). */
static ss_case *regenerate(const ss_check_options *o, const ss_choices *small, int prop)
{
	size_t n;
	const uint64_t *v = ss_choices_values(small, &n);
	ss_choices *c = NULL;
	ss_case *cs = NULL;
	ss_choices_new_replay(&c, v, n);
	if (ss_case_generate(&cs, c, &o->gen, NULL) == 0 && !sh_case_fails(cs, prop)) {
		/* cannot happen (the shrinker only keeps failing sequences) */
		ss_case_free(cs);
		cs = NULL;
	}
	ss_choices_free(c);
	return cs;
}

/* Shrink a confirmed violation and write it. */
static void shrink_and_write(const ss_check_options *o, uint64_t seed, const ss_case *cs,
			     const ss_case_result *r, const ss_choices *choices, int prop)
{
	ss_shrink_options so = {o->gen, prop, o->shrink_runs, NULL, NULL, 0};
	ss_choices *small = NULL;
	size_t nvals, nsmall;
	ss_choices_values(choices, &nvals);
	ss_choices_shrink(&small, choices, &so, NULL);
	ss_choices_values(small, &nsmall);
	ss_case *shrunk = regenerate(o, small, prop);
	if (shrunk) {
		/* second stage on the statements, then rerun for the observed plan / error */
		ss_case *smaller = NULL;
		so.max_runs = o->shrink_runs / 2 + 1;
		if (ss_case_shrink(&smaller, shrunk, &so, NULL) == 0) {
			ss_case_free(shrunk);
			shrunk = smaller;
		}
		ss_case_result *sr = run_for_report(shrunk);
		write_case(o, seed, prop, shrunk, sr, nvals, nsmall);
		ss_case_result_free(sr);
	} else {
		write_case(o, seed, prop, cs, r, nvals, nvals);
	}
	ss_case_free(shrunk);
	ss_choices_free(small);
}

/* Returns 1 when the violation reproduced (and was shrunk and written), 0 when flaky. */
static int handle_violation(const ss_check_options *o, uint64_t seed, const ss_case *cs,
			    const ss_case_result *r, const ss_choices *choices, sh_wstats *w)
{
	int prop = r->violated;
	ss_check_event ev = {SS_CHECK_VIOLATION, o, seed, prop, r->detail, NULL, 0, 0, 0};
	/* confirm: a second run of the same case must fail the same way */
	if (!sh_case_fails(cs, prop)) {
		w->flaky++;
		ev.kind = SS_CHECK_FLAKY;
		sh_check_emit(o, &ev);
		return 0;
	}
	sh_check_emit(o, &ev);
	shrink_and_write(o, seed, cs, r, choices, prop);
	return 1;
}

/* ---- the worker ------------------------------------------------------------------------------ */

/* Count a case that ran; shrink and write its violation unless one of the same property was
 * seen before in this worker (then it is only counted and reported). */
static void count_run(const ss_check_options *o, uint64_t seed, const ss_case *cs,
		      const ss_case_result *r, const ss_choices *c, sh_wstats *w,
		      unsigned *shrunk_props)
{
	if (r->synced_ok)
		w->synced_ok++;
	for (int b = 0; b < SS_KNOWN_BUG_MAX; b++)
		if (r->known & (1u << b))
			w->known[b]++;
	for (int p = 1; p < SS_PROP_COUNT; p++) {
		if (r->checked & (1u << p))
			w->checked[p]++;
		if (r->failed & (1u << p))
			w->failed[p]++;
	}
	if (!r->violated)
		return;
	w->violations++;
	if (*shrunk_props & (1u << r->violated)) {
		ss_check_event ev = {
			SS_CHECK_REPEATED, o, seed, r->violated, r->detail, NULL, 0, 0, 0};
		sh_check_emit(o, &ev);
		return;
	}
	double ts = sh_now();
	w->case_started = 0; /* shrinking: not one case */
	if (handle_violation(o, seed, cs, r, c, w)) {
		*shrunk_props |= 1u << r->violated;
	} else {
		/* did not reproduce: reported as flaky, not counted */
		w->violations--;
		w->failed[r->violated]--;
	}
	w->shrink_seconds += sh_now() - ts;
}

/*
 * A worker is a forked process with one thread: SQLite's mutexes and per-allocation
 * statistics are pure cost there, and glibc's habit of giving freed memory back with brk()
 * made kernel TLB flushes a sixth of a case's time (perf; docs/FUZZING.md). Effective only
 * when the parent has not started SQLite yet (sqlite3_config then refuses, harmlessly).
 */
static void tune_worker(void)
{
	if (getenv("SS_CHECK_NO_TUNE") != NULL) /* to measure what the tuning gives */
		return;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int sh_check_next_case(const ss_check_options *o, int id, sh_wstats *w, double t0, long j,
		       long *idx, ss_choices **c, ss_case **cs)
{
	*idx = id + j * o->jobs;
	if (w->stop || (o->max_violations > 0 && w->violations >= o->max_violations) ||
	    (o->cases > 0 && sh_case_index(o, *idx) >= o->cases) ||
	    (o->cases <= 0 && sh_now() - t0 >= o->seconds))
		return SH_CHECK_DONE;
	w->case_started = sh_now();
	w->current = *idx;
	ss_choices_new_rng(c, sh_case_seed_of(o, *idx));
	int rc = ss_case_generate(cs, *c, &o->gen, NULL);
	w->cases++;
	if (*idx == o->test_crash_at)
		abort();
	while (*idx == o->test_hang_at)
		pause();
	return rc;
}

void sh_check_worker(const ss_check_options *o, int id, sh_wstats *w, double t0, long first_j)
{
	unsigned shrunk_props = 0;
	tune_worker();
	for (long j = first_j;; j++) {
		long idx;
		ss_choices *c = NULL;
		ss_case *cs = NULL;
		int rc = sh_check_next_case(o, id, w, t0, j, &idx, &c, &cs);
		if (rc == SH_CHECK_DONE)
			break;
		if (rc != 0) {
			w->invalid++;
			ss_choices_free(c);
			continue;
		}
		for (int i = 0; i < ss_label_count(); i++)
			if (ss_case_has_label(cs, i))
				w->labels[i]++;
		ss_case_result *r = NULL;
		long violations_before = w->violations;
		double started = w->case_started;
		ss_run_options ro = SS_RUN_OPTIONS_INIT;
		ro.known_apart = 1; /* known engine bugs are counted apart */
		if (ss_case_run(&r, cs, &ro, NULL) != 0)
			w->invalid++;
		else
			count_run(o, sh_case_seed_of(o, idx), cs, r, c, w, &shrunk_props);
		if (w->violations > violations_before && w->first_case == 0) {
			w->first_at = started - t0;
			w->first_case = idx + 1;
		}
		ss_case_result_free(r);
		ss_case_free(cs);
		ss_choices_free(c);
		w->current = -1;
	}
	w->done = 1;
}
