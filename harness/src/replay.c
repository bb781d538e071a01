/* SPDX-License-Identifier: MIT */
/*
 * The corpus replay: every case of the given case files / folders (recursively, *.sql in
 * name order) is run with ss_case_run, checking P1-P10 plus -- output: / -- error: (unless
 * properties_only or the case's propertiesOnly; files listed in the known-failing.txt of
 * their folder are skipped unless include_known_failing). Every failure is reported through
 * on_event as "where: what: detail". With jobs > 1 the case list is shared out among forked
 * workers; counts go to shared memory as they happen, so a worker that dies (a timeout its
 * caller enforces, a crash) still reports what it did, and its remaining cases count as
 * failed. fail_one reports the first case as failed, so CI can prove that it notices.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "harness_internal.h"
#include "ss_engine.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void emit(const ss_replay_options *o, ss_replay_event *ev)
{
	if (o->on_event)
		o->on_event(o->ctx, ev);
}

/* ---- the files ------------------------------------------------------------------------------ */

/*
 * Is the case at line of file listed in the known-failing.txt of file's folder? An entry is
 * the file's name (all its cases) or "name:LINE" (the case whose "-- #region:" is on line
 * LINE, for files of several cases), then the reason; '#' starts a comment line.
 */
static int known_failing(const char *file, int line)
{
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	size_t blen = strlen(base);
	sh_buf p;
	sh_buf_init(&p);
	if (slash)
		sh_buf_add(&p, file, (size_t)(slash - file + 1));
	sh_buf_adds(&p, "known-failing.txt");
	char *text = sh_read_file(p.data);
	sh_buf_free(&p);
	int found = 0;
	for (const char *l = text; l && *l && !found;) {
		size_t n = strcspn(l, "\n");
		size_t w = strcspn(l, " \t\n");
		if (l[0] != '#' && w >= blen && !strncmp(l, base, blen)) {
			if (w == blen)
				found = 1;
			else if (l[blen] == ':') {
				char *end = NULL;
				long v = strtol(l + blen + 1, &end, 10);
				found = end == l + w && v == line;
			}
		}
		l += n;
		if (*l)
			l++;
	}
	free(text);
	return found;
}

int sh_known_failing(const char *file, int line)
{
	return known_failing(file, line);
}

/* The case files path names; a path that cannot be read is kept (its load fails). */
static void collect(sh_strv *files, const char *path, const ss_replay_options *o)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		ss_replay_event ev = {SS_REPLAY_BAD_PATH, NULL, NULL, strerror(errno), path, 0, 0};
		emit(o, &ev);
		sh_strv_push(files, sh_strdup(path));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		sh_strv_push(files, sh_strdup(path));
		return;
	}
	sh_strv sub = {0};
	sh_sql_folder_entries(&sub, path);
	for (size_t i = 0; i < sub.n; i++)
		collect(files, sub.v[i], o);
	sh_strv_free(&sub);
}

/* ---- the items ------------------------------------------------------------------------------ */

/* A case to run, or a file that failed to load (where / what / detail of its failure). */
typedef struct item {
	ss_case *c;
	char *where, *what, *detail;
} item;

typedef struct items {
	item *v;
	size_t n;
} items;

static item *add_item(items *l)
{
	l->v = sh_realloc(l->v, (l->n + 1) * sizeof(item));
	memset(&l->v[l->n], 0, sizeof(item));
	return &l->v[l->n++];
}

static void load_file(items *l, const char *path)
{
	char *text = sh_read_file(path);
	int load_errno = errno;
	ss_casefile *f = NULL;
	ss_error err = {0};
	if (!text || ss_casefile_parse(&f, text, path, &err)) {
		item *it = add_item(l);
		sh_buf w;
		sh_buf_init(&w);
		sh_buf_printf(&w, text ? "%s (file)" : "%s:0 (file)", path);
		it->where = sh_buf_take(&w);
		it->what = sh_strdup(text ? "parse" : "load");
		it->detail = sh_strdup(text ? err.message : strerror(load_errno));
	} else {
		for (size_t k = 0; k < ss_casefile_count(f); k++)
			add_item(l)->c = sh_casefile_take(f, k);
	}
	ss_casefile_free(f);
	free(text);
}

/* Remove the cases known-failing.txt lists (known engine bugs); their count. */
static long drop_known_failing(items *l)
{
	size_t n = 0;
	long skipped = 0;
	for (size_t i = 0; i < l->n; i++) {
		const ss_case *c = l->v[i].c;
		if (c && c->file && known_failing(c->file, c->line)) {
			ss_case_free(l->v[i].c);
			skipped++;
			continue;
		}
		l->v[n++] = l->v[i];
	}
	l->n = n;
	return skipped;
}

static void items_free(items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		ss_case_free(l->v[i].c);
		free(l->v[i].where);
		free(l->v[i].what);
		free(l->v[i].detail);
	}
	free(l->v);
}

/* ---- running ------------------------------------------------------------------------------- */

/* Run one case; non-zero when it passed. */
static int run_item(const item *it, size_t i, const ss_replay_options *o)
{
	const ss_case *c = it->c;
	char where[512];
	snprintf(where, sizeof(where), "%s:%d %s", c->file ? c->file : "?", c->line,
		 c->name ? c->name : "?");
	ss_replay_event ev = {SS_REPLAY_CASE_STARTED, where, NULL, NULL, NULL, 0, 0};
	emit(o, &ev);
	ss_run_options ro = SS_RUN_OPTIONS_INIT;
	ro.compare_output = !o->properties_only;
	ro.engine = o->engine;
	ss_case_result *r = NULL;
	ss_error err = {0};
	int rc = ss_case_run(&r, c, &ro, &err);
	ev.kind = SS_REPLAY_CASE_DONE;
	emit(o, &ev);
	ev.kind = SS_REPLAY_FAILED;
	if (o->fail_one && i == 0) {
		ev.what = "forced";
		ev.detail = "--fail-one reports this case as failed";
	} else if (rc) {
		ev.what = "setup";
		ev.detail = err.message;
	} else if (r->violated) {
		ev.what = ss_property_name(r->violated);
		ev.detail = r->detail;
	}
	if (ev.what)
		emit(o, &ev);
	ss_case_result_free(r);
	return ev.what == NULL;
}

/* Run items id, id + jobs, ...; counts go to passed / failed as they happen. */
static void run_items(const items *l, int id, int jobs, const ss_replay_options *o,
		      volatile long *passed, volatile long *failed)
{
	for (size_t i = (size_t)id; i < l->n; i += (size_t)jobs) {
		const item *it = &l->v[i];
		if (!it->c) {
			ss_replay_event ev = {
				SS_REPLAY_FAILED, it->where, it->what, it->detail, NULL, 0, 0};
			emit(o, &ev);
			(*failed)++;
		} else if (run_item(it, i, o)) {
			(*passed)++;
		} else {
			(*failed)++;
		}
	}
}

/* Fork the workers, wait for them, add up their counts. */
static int run_workers(ss_replay_report *rep, const items *l, const ss_replay_options *o,
		       ss_error *err)
{
	int jobs = o->jobs;
	size_t size = sizeof(long) * 2 * (size_t)jobs;
	volatile long *shared =
		mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return sh_fail(err, SS_E_SYSTEM, "mmap: %s", strerror(errno));
	memset((void *)shared, 0, size);
	pid_t pids[64];
	for (int j = 0; j < jobs; j++) {
		fflush(NULL);
		pids[j] = fork();
		if (pids[j] == 0) {
			run_items(l, j, jobs, o, &shared[2 * j], &shared[2 * j + 1]);
			if (o->engine)
				ss_engine_stop(o->engine); /* this worker's adapter */
			sh_child_exit(0);
		}
	}
	for (int j = 0; j < jobs; j++) {
		int st = 0;
		if (pids[j] > 0)
			waitpid(pids[j], &st, 0);
		if (pids[j] < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			/* a worker that died (timeout, crash) lost its remaining cases */
			ss_replay_event ev = {SS_REPLAY_WORKER_DIED, NULL, NULL, NULL, NULL, j, st};
			emit(o, &ev);
			long mine = 0;
			for (size_t i = (size_t)j; i < l->n; i += (size_t)jobs)
				mine++;
			shared[2 * j + 1] = mine - shared[2 * j];
		}
		rep->passed += shared[2 * j];
		rep->failed += shared[2 * j + 1];
	}
	munmap((void *)shared, size);
	return 0;
}

int ss_replay_run(ss_replay_report **out, const char *const *paths, size_t npaths,
		  const ss_replay_options *opts, ss_error *err)
{
	assert(out != NULL && opts != NULL);
	*out = NULL;
	if (opts->jobs < 1 || opts->jobs > 64)
		return sh_fail(err, SS_E_MISUSE, "jobs must be 1 to 64, not %d", opts->jobs);
	sh_strv files = {0};
	for (size_t i = 0; i < npaths; i++)
		collect(&files, paths[i], opts);
	if (!files.n) {
		sh_strv_free(&files);
		return sh_fail(err, SS_E_MISUSE, "no case files to replay");
	}
	items l = {0};
	for (size_t i = 0; i < files.n; i++)
		load_file(&l, files.v[i]);
	sh_strv_free(&files);
	long skipped = 0;
	if (!opts->include_known_failing)
		skipped = drop_known_failing(&l);
	ss_replay_report *rep = sh_calloc(1, sizeof(*rep));
	rep->skipped = skipped;
	int rc = 0;
	if (opts->jobs <= 1 || l.n < 2) {
		long passed = 0, failed = 0;
		run_items(&l, 0, 1, opts, &passed, &failed);
		rep->passed = passed;
		rep->failed = failed;
	} else {
		rc = run_workers(rep, &l, opts, err);
	}
	items_free(&l);
	if (rc)
		ss_replay_report_free(rep);
	else
		*out = rep;
	return rc;
}

void ss_replay_report_free(ss_replay_report *report)
{
	free(report);
}
