/* SPDX-License-Identifier: MIT */
/*
 * The check worker for an engine under test (ss_check_options.engine; check.c forks it
 * instead of sh_check_worker). Two phases:
 *
 *  1. cases: as the reference worker (case seed S is a PRNG seeded with S alone), drawn from
 *     the engine's capabilities (o->gen holds its masks; a case that still carries an
 *     unclaimed label is discarded and counted), run through the adapter. A violation is
 *     counted under its property and its signature in the engine's shared table: the first
 *     worker to see a signature confirms it (a second run must fail the same way) and keeps
 *     it for phase 2; later ones only count it. D1 differences are counted the same way,
 *     never shrunk.
 *  2. shrinking, when the time for cases is up (so cases/s is the engine's, not the
 *     shrinker's): each worker shrinks the signatures it claimed through the adapter,
 *     keeping the property and the signature, each within shrink_seconds, all within the
 *     campaign's own length again, and writes them as case files naming the engine, with
 *     the one command that replays them.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A confirmed failure being shrunk and written in phase 2. */
typedef struct claimed {
	sh_sig *sig;
	uint64_t seed;
	int property;
} claimed;

typedef struct eworker {
	const ss_check_options *o;
	ss_engine *e;
	sh_wstats *w;
} eworker;

static double shrink_seconds(const ss_check_options *o)
{
	return o->shrink_seconds > 0 ? o->shrink_seconds : 60;
}

/* Shrinking after the cases: twice as long as the cases took, at least four shrinks. */
static double phase2_seconds(const ss_check_options *o)
{
	double four = 4 * shrink_seconds(o);
	return o->cases > 0 ? 1e9 : (2 * o->seconds > four ? 2 * o->seconds : four);
}

double sh_engine_check_grace(const ss_check_options *o)
{
	/* phase 2, then one more shrink */
	return phase2_seconds(o) + 2 * shrink_seconds(o) + 8 * o->case_timeout;
}

/* ---- case files ------------------------------------------------------------------------------- */

static void write_case(eworker *k, const claimed *cl, const ss_case *cs, const ss_case_result *r,
		       size_t nfrom, size_t nto, int shrunk)
{
	const ss_check_options *o = k->o;
	ss_engine *e = k->e;
	char path[1024], name[160];
	mkdir(o->out_dir, 0777);
	const char *prop = ss_property_name(cl->property);
	snprintf(path, sizeof(path), "%s/check-seed-%llu-%s.sql", o->out_dir,
		 (unsigned long long)cl->seed, prop);
	snprintf(name, sizeof(name), "%s seed %llu", prop, (unsigned long long)cl->seed);
	char *replay = ss_engine_replay_command(e, path);
	char found[512];
	ss_check_case_command(found, sizeof(found), o, cl->seed);
	sh_buf com;
	sh_buf_init(&com);
	sh_buf_printf(&com,
		      "engine: %s %s (%s)\n"
		      "property %s failed: %s\n"
		      "signature: %s\n"
		      "found by: %s\n"
		      "replay: %s\n",
		      ss_engine_name(e), ss_engine_version(e), ss_engine_transport(e), prop,
		      r->detail, cl->sig->text, found, replay);
	if (shrunk)
		sh_buf_printf(&com, "shrunk through the engine from %zu to %zu choices; ", nfrom,
			      nto);
	else
		sh_buf_adds(&com, "not shrunk; ");
	sh_buf_adds(&com, cs->same_model ? "the definitions differ from the baseline only in "
					   "formatting: the correct plan is empty\n"
					 : "propertiesOnly: the correct plan is not known, replay "
					   "checks the properties\n");
	if (r->plan_sql && r->plan_sql[0]) {
		sh_buf_adds(&com, "observed plan:\n");
		sh_buf_lines(&com, "  ", r->plan_sql, 30);
	}
	if (r->error)
		sh_buf_printf(&com, "observed error: %s\n", r->error);
	ss_case c = *cs;
	c.name = name;
	c.config.properties_only = !cs->same_model;
	c.expect_output = cs->same_model ? "" : NULL;
	c.expect_error = NULL;
	c.config.engine = ss_engine_spec(e);
	if (strchr(c.config.engine, '/') || strstr(c.config.engine, ".json"))
		c.config.engine = ss_engine_path(e);
	char *text = ss_case_format(&c, com.data);
	FILE *f = text ? fopen(path, "w") : NULL;
	ss_check_event ev = {SS_CHECK_WRITTEN, o, cl->seed, cl->property, replay, path, 0, 0, 0};
	if (f) {
		fprintf(f,
			"-- SPDX-License-Identifier: MIT\n-- A case found by the property campaign "
			"against an engine under test (schemasync check --engine)%s.\n",
			shrunk ? ", shrunk" : "");
		fputs(text, f);
		fclose(f);
		snprintf(cl->sig->path, sizeof(cl->sig->path), "%.511s", path);
		snprintf(cl->sig->detail, sizeof(cl->sig->detail), "%.1023s", r->detail);
		cl->sig->choices_from = (long)nfrom;
		cl->sig->choices_to = (long)nto;
		atomic_store(&cl->sig->state, shrunk ? 1 : 2);
	} else {
		ev.kind = SS_CHECK_NOT_WRITTEN;
		ev.detail = text ? strerror(errno) : "out of memory";
	}
	sh_check_emit(o, &ev);
	ss_harness_free(text);
	free(replay);
	sh_buf_free(&com);
}

/* ---- phase 2: shrinking ---------------------------------------------------------------------------- */

/* A full run of cs (for the case file's comment); an empty result when it cannot be set up. */
static ss_case_result *run_for_report(ss_engine *e, const ss_case *cs)
{
	ss_run_options ro = SS_RUN_OPTIONS_INIT;
	ro.engine = e;
	ss_case_result *r = NULL;
	ss_error err = {0};
	if (ss_case_run(&r, cs, &ro, &err) != 0) {
		r = sh_calloc(1, sizeof(*r));
		snprintf(r->detail, sizeof(r->detail), "%s", err.message);
	}
	return r;
}

static void shrink_one(eworker *k, const claimed *cl, int in_budget)
{
	const ss_check_options *o = k->o;
	ss_choices *c = NULL;
	ss_case *cs = NULL;
	ss_choices_new_rng(&c, cl->seed);
	if (ss_case_generate(&cs, c, &o->gen, NULL) != 0) {
		ss_choices_free(c);
		return;
	}
	size_t nvals, nsmall;
	ss_choices_values(c, &nvals);
	nsmall = nvals;
	ss_case *best = NULL;
	if (in_budget) {
		ss_shrink_options so = SS_SHRINK_OPTIONS_INIT;
		so.gen = o->gen;
		so.property = cl->property;
		so.max_runs = o->shrink_runs;
		so.engine = k->e;
		so.signature = cl->sig->text;
		so.max_seconds = shrink_seconds(o) * 0.7;
		ss_choices *small = NULL;
		ss_choices_shrink(&small, c, &so, NULL);
		size_t n;
		const uint64_t *v = ss_choices_values(small, &n);
		ss_choices *rc = NULL;
		ss_choices_new_replay(&rc, v, n);
		if (ss_case_generate(&best, rc, &o->gen, NULL) == 0 &&
		    sh_engine_case_fails(k->e, best, cl->property, cl->sig->text)) {
			nsmall = n;
		} else {
			ss_case_free(best);
			best = NULL;
		}
		ss_choices_free(rc);
		ss_choices_free(small);
		ss_case *from = best ? best : cs;
		ss_case *smaller = NULL;
		so.max_runs = o->shrink_runs / 2 + 1;
		so.max_seconds = shrink_seconds(o) * 0.3;
		if (ss_case_shrink(&smaller, from, &so, NULL) == 0) {
			ss_case_free(best);
			best = smaller;
		}
	}
	const ss_case *written = best ? best : cs;
	ss_case_result *r = run_for_report(k->e, written);
	write_case(k, cl, written, r, nvals, nsmall, best != NULL);
	ss_case_result_free(r);
	ss_case_free(best);
	ss_case_free(cs);
	ss_choices_free(c);
}

/* ---- phase 1: cases --------------------------------------------------------------------------------- */

static void count_engine_run(eworker *k, uint64_t seed, const ss_case *cs, const ss_case_result *r)
{
	sh_wstats *w = k->w;
	if (r->synced_ok)
		w->synced_ok++;
	for (int p = 1; p < SS_PROP_COUNT; p++) {
		if (r->checked & (1u << p))
			w->checked[p]++;
		if (r->failed & (1u << p))
			w->failed[p]++;
	}
	int is_new = 0;
	if (r->differs) {
		atomic_fetch_add(&k->e->sh->differs, 1);
		sh_engine_sig_claim(k->e, SS_ENGINE_D1, r->differs_signature, seed,
				    r->differs_detail, &is_new);
	}
	if (!r->violated)
		return;
	w->violations++;
	sh_sig *g = sh_engine_sig_claim(k->e, r->violated, r->signature, seed, r->detail, &is_new);
	if (!is_new || !g)
		return;
	/* a new signature: confirm it now (the shrink comes after the cases) */
	double ts = sh_now();
	w->case_started = 0;
	char msg[2400];
	snprintf(msg, sizeof(msg), "%s\n    %s", r->signature, r->detail);
	ss_check_event ev = {SS_CHECK_VIOLATION, k->o, seed, r->violated, msg, NULL, 0, 0, 0};
	if (!sh_engine_case_fails(k->e, cs, r->violated, r->signature)) {
		w->flaky++;
		w->violations--;
		w->failed[r->violated]--;
		atomic_store(&g->state, 3);
		ev.kind = SS_CHECK_FLAKY;
	} else {
		atomic_store(&g->confirmed, 1);
	}
	sh_check_emit(k->o, &ev);
	w->shrink_seconds += sh_now() - ts;
}

void sh_engine_check_worker(const ss_check_options *o, int id, sh_wstats *w, double t0,
			    long first_j)
{
	eworker k = {o, o->engine, w};
	sh_engine_adopt(k.e);
	for (long j = first_j;; j++) {
		long idx;
		ss_choices *c = NULL;
		ss_case *cs = NULL;
		if (atomic_load(&k.e->sh->stopped))
			break;
		int rc = sh_check_next_case(o, id, w, t0, j, &idx, &c, &cs);
		if (rc == SH_CHECK_DONE)
			break;
		if (rc == 0 && !ss_engine_claims(k.e, cs)) {
			atomic_fetch_add(&k.e->sh->unclaimed, 1);
			rc = -1;
		}
		if (rc != 0) {
			w->invalid++;
		} else {
			for (int i = 0; i < ss_label_count(); i++)
				if (ss_case_has_label(cs, i))
					w->labels[i]++;
			ss_run_options ro = SS_RUN_OPTIONS_INIT;
			ro.engine = k.e;
			ss_case_result *r = NULL;
			int run = ss_case_run(&r, cs, &ro, NULL);
			if (run == 0)
				count_engine_run(&k, sh_case_seed_of(o, idx), cs, r);
			else if (run != SS_E_SYSTEM)
				w->invalid++;
			ss_case_result_free(r);
		}
		ss_case_free(cs);
		ss_choices_free(c);
		w->current = -1;
	}
	/* phase 2: every worker takes the next confirmed failure nobody has taken, whoever found
	 * it, within twice the campaign's length (at least four shrinks); later ones are written
	 * unshrunk */
	double end = sh_now() + phase2_seconds(o);
	for (size_t i = 0; i < SH_MAX_SIGS; i++) {
		sh_sig *g = &k.e->sh->sigs[i];
		if (!atomic_load(&g->hash) || !atomic_load(&g->confirmed) ||
		    atomic_exchange(&g->taken, 1))
			continue;
		claimed cl = {g, g->seed, g->property};
		double ts = sh_now();
		shrink_one(&k, &cl, ts < end && !atomic_load(&k.e->sh->stopped));
		w->shrink_seconds += sh_now() - ts;
	}
	ss_engine_stop(k.e);
	w->done = 1;
}
