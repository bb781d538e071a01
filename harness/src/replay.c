/* SPDX-License-Identifier: MIT */
/*
 * `schemasync replay`: run every case of the given case files / folders (recursively, *.sql
 * in name order) and check P1-P9 plus `-- output:` / `-- error:` (unless
 * --properties-only or the case's propertiesOnly config). Every failure is printed as
 * "file:line region-name: property: detail"; the run ends with "N passed, M failed".
 * --jobs N forks N workers over the case list; each case gets a 60 s alarm (a hung case is
 * reported by name). --fail-one (or SS_REPLAY_FAIL_ONE=1 in the environment) reports the
 * first case as failed, so CI can prove that it notices a failure.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "hint.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct files {
	char **v;
	size_t n;
} files;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static void collect(files *f, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		f->v = sh_realloc(f->v, (f->n + 1) * sizeof(char *));
		f->v[f->n++] = sh_strdup(path); /* reported as a failure when read */
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		f->v = sh_realloc(f->v, (f->n + 1) * sizeof(char *));
		f->v[f->n++] = sh_strdup(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	files sub = {0};
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		sh_buf p;
		sh_buf_init(&p);
		sh_buf_printf(&p, "%s/%s", path, e->d_name);
		struct stat s2;
		if (stat(p.data, &s2) == 0 &&
		    (S_ISDIR(s2.st_mode) || ends_with(e->d_name, ".sql"))) {
			sub.v = sh_realloc(sub.v, (sub.n + 1) * sizeof(char *));
			sub.v[sub.n++] = sh_buf_take(&p);
		} else {
			sh_buf_free(&p);
		}
	}
	closedir(d);
	if (sub.n)
		qsort(sub.v, sub.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < sub.n; i++) {
		collect(f, sub.v[i]);
		free(sub.v[i]);
	}
	free(sub.v);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sh_buf b;
	sh_buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sh_buf_add(&b, chunk, n);
	fclose(f);
	return sh_buf_take(&b);
}

typedef struct item {
	ss_case *c; /* NULL: a file that failed to load */
	char *file_error;
} item;

static char g_current[512];

static void on_alarm(int sig)
{
	(void)sig;
	/* async-signal-safe: write() and _exit() only */
	static const char msg[] = ": timeout: the case ran longer than 60 s\n";
	if (write(STDOUT_FILENO, g_current, strlen(g_current)) < 0 ||
	    write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

/* Run items i = id, id + jobs, ...; counts go to *passed / *failed as they happen (shared
 * memory in a worker, so a worker killed by a timeout still reports what it did). */
static void run_items(item *items, size_t n, int id, int jobs, int props_only, int fail_one,
		      long *passed, long *failedp)
{
	volatile long *fp = failedp;
#define failed (*fp)
	signal(SIGALRM, on_alarm);
	for (size_t i = (size_t)id; i < n; i += (size_t)jobs) {
		item *it = &items[i];
		if (!it->c) {
			printf("%s\n", it->file_error);
			failed++;
			continue;
		}
		ss_case *c = it->c;
		snprintf(g_current, sizeof(g_current), "%s:%d %s", c->file ? c->file : "?", c->line,
			 c->name ? c->name : "?");
		alarm(60);
		ss_result r;
		ss_run_case(&r, c, props_only ? 0 : SS_RUN_COMPARE_OUTPUT);
		alarm(0);
		if (fail_one && i == 0) {
			printf("%s: forced: --fail-one reports this case as failed\n", g_current);
			failed++;
		} else if (r.invalid) {
			printf("%s: setup: %s\n", g_current, r.detail);
			failed++;
		} else if (r.violated) {
			printf("%s: %s: %s\n", g_current, ss_property_name(r.violated), r.detail);
			failed++;
		} else {
			(*passed)++;
		}
		fflush(stdout);
		ss_result_clear(&r);
	}
#undef failed
}

static int usage(void)
{
	fputs("usage: schemasync replay [--properties-only] [--jobs N] [--fail-one] PATH...\n"
	      "  (SS_REPLAY_FAIL_ONE=1 in the environment also forces one failure)\n",
	      stderr);
	return 2;
}

int ss_harness_replay_main(int argc, char **argv)
{
	int props_only = 0, jobs = 1, fail_one = 0;
	files f = {0};
	const char *env = getenv("SS_REPLAY_FAIL_ONE");
	if (env && env[0] && strcmp(env, "0"))
		fail_one = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--properties-only"))
			props_only = 1;
		else if (!strcmp(argv[i], "--fail-one"))
			fail_one = 1;
		else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) {
			char *end = NULL;
			long v = strtol(argv[++i], &end, 10);
			if (!end || *end || v < 1 || v > 64)
				return usage();
			jobs = (int)v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			collect(&f, argv[i]);
		}
	}
	if (!f.n)
		return usage();
	item *items = NULL;
	size_t n = 0;
	for (size_t i = 0; i < f.n; i++) {
		char *text = read_file(f.v[i]);
		ss_case **cases = NULL;
		size_t count = 0;
		char err[600] = "";
		if (!text || ss_casefile_parse(&cases, &count, text, f.v[i], err, sizeof(err))) {
			items = sh_realloc(items, (n + 1) * sizeof(item));
			items[n].c = NULL;
			sh_buf b;
			sh_buf_init(&b);
			if (!text)
				sh_buf_printf(&b, "%s:0 (file): load: %s", f.v[i], strerror(errno));
			else
				sh_buf_printf(&b, "%s (file): parse: %s", f.v[i], err);
			items[n++].file_error = sh_buf_take(&b);
		} else {
			for (size_t k = 0; k < count; k++) {
				items = sh_realloc(items, (n + 1) * sizeof(item));
				items[n].c = cases[k];
				items[n++].file_error = NULL;
			}
			free(cases);
		}
		free(text);
	}
	long passed = 0, failed = 0;
	if (jobs <= 1 || n < 2) {
		run_items(items, n, 0, 1, props_only, fail_one, &passed, &failed);
	} else {
		long *shared = mmap(NULL, sizeof(long) * 2 * (size_t)jobs, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED) {
			perror("replay: mmap");
			return 2;
		}
		memset(shared, 0, sizeof(long) * 2 * (size_t)jobs);
		pid_t pids[64];
		for (int j = 0; j < jobs; j++) {
			fflush(NULL);
			pids[j] = fork();
			if (pids[j] == 0) {
				run_items(items, n, j, jobs, props_only, fail_one, &shared[2 * j],
					  &shared[2 * j + 1]);
				fflush(NULL);
				_exit(0);
			}
		}
		for (int j = 0; j < jobs; j++) {
			int st = 0;
			if (pids[j] > 0)
				waitpid(pids[j], &st, 0);
			if (pids[j] < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				/* a worker that died (timeout, crash) lost its remaining cases */
				printf("replay: worker %d died (status %d); its cases count as failed\n",
				       j, st);
				long mine = 0;
				for (size_t i = (size_t)j; i < n; i += (size_t)jobs)
					mine++;
				shared[2 * j + 1] = mine - shared[2 * j];
				(void)0;
			}
			passed += shared[2 * j];
			failed += shared[2 * j + 1];
		}
		munmap(shared, sizeof(long) * 2 * (size_t)jobs);
	}
	printf("%ld passed, %ld failed\n", passed, failed);
	for (size_t i = 0; i < n; i++) {
		ss_case_free(items[i].c);
		free(items[i].file_error);
	}
	free(items);
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	return failed ? 1 : 0;
}
