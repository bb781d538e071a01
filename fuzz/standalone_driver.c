/* SPDX-License-Identifier: MIT */
/*
 * A main() for the fuzz targets when no fuzzing engine is linked: it runs
 * LLVMFuzzerTestOneInput once over every file named on the command line, and over every
 * regular file inside every directory named (not recursively, in name order), so a seed
 * corpus or a regression folder replays as an ordinary test with plain gcc (libgit2
 * fuzzers/standalone_driver.c). A run ends with "<target>: N errors out of M inputs" and,
 * when N > 0, the list of the failing inputs. LLVMFuzzerInitialize runs first when the
 * target defines it. SS_FUZZ_FORCE_FAILURE=1 in the environment counts one error after the
 * run, so CI can prove that it notices a failing replay.
 *
 * Each input runs in a forked child, so one input that crashes, aborts on a broken
 * invariant, leaks (LeakSanitizer checks at the child's exit), runs too long or takes too
 * much memory is named and counted, and the replay goes on with the next input. Options
 * (libFuzzer's spelling, so a command line works with both):
 *   -timeout=N       seconds per input before the child is killed (default 60; 0: none)
 *   -rss_limit_mb=N  resident memory per input before the child is killed (default 2048;
 *                    0: none). Measured from /proc, so it works under ASan, whose shadow
 *                    memory rules out an address-space limit.
 *   -no_fork         run every input in this process (for a debugger or a profiler): a
 *                    crash then ends the run, but the input's name is still printed first
 *                    from the signal handler or ASan's death callback.
 *   -v               print each input's name and size before it runs.
 *
 * Each input is handed over in a malloc'ed buffer of exactly its size, as libFuzzer does,
 * so reading one byte past the end is caught by ASan.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
/* ASan's hook, called before it ends the process on an error (absent without ASan). */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static const char *g_prog = "standalone_driver";
static int g_verbose, g_fork = 1;
static double g_timeout = 60;
static long g_rss_mb = 2048;
static const char *g_current; /* the input running in this process (for the handlers) */

/* The failing inputs, for the summary. */
static char **g_failed;
static size_t g_nfailed, g_capfailed;

static void note_failure(const char *path)
{
	if (g_nfailed == g_capfailed) {
		size_t ncap = g_capfailed ? g_capfailed * 2 : 16;
		char **n = realloc(g_failed, ncap * sizeof(*n));
		if (n == NULL)
			return;
		g_failed = n;
		g_capfailed = ncap;
	}
	size_t len = strlen(path) + 1;
	g_failed[g_nfailed] = malloc(len);
	if (g_failed[g_nfailed] != NULL)
		memcpy(g_failed[g_nfailed++], path, len);
}

/* write(2) only: called from signal handlers and ASan's death callback. */
static void say_current(const char *what)
{
	const char *parts[] = {g_prog, ": ", what, " while running ", g_current, "\n"};
	if (g_current == NULL)
		return;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		ssize_t r = write(2, parts[i], strlen(parts[i]));
		(void)r;
	}
}

static void on_death(void)
{
	say_current("sanitizer error");
}

static void on_signal(int sig)
{
	say_current(sig == SIGALRM ? "timeout" : "fatal signal");
	signal(sig, SIG_DFL);
	if (sig == SIGALRM)
		_exit(70);
	raise(sig);
}

/* Read the whole file into a fresh buffer of exactly its size (NULL for an empty file). */
static int read_file(const char *path, uint8_t **out, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	*out = NULL;
	*size = 0;
	if (f == NULL)
		return -1;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nb = realloc(buf, ncap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	/* Shrink to the exact size, so ASan sees an overread of even one byte. */
	uint8_t *exact = len ? malloc(len) : NULL;
	if (len && exact == NULL) {
		free(buf);
		return -1;
	}
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	*out = exact;
	*size = len;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident memory of pid in MB, from /proc (-1 when unknown). */
static long rss_mb(pid_t pid)
{
	char path[64];
	long pages = -1, resident = -1;
	snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

static void run_input(const char *path, const uint8_t *data, size_t size)
{
	g_current = path;
	if (!g_fork && g_timeout > 0)
		alarm((unsigned)(g_timeout + 0.999));
	LLVMFuzzerTestOneInput(data, size);
	if (!g_fork)
		alarm(0);
	g_current = NULL;
}

/*
 * Run one input in a child and watch it: 0 when it returned normally, else -1 after the
 * reason was printed with the input's name.
 */
static int run_forked(const char *path, const uint8_t *data, size_t size)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", g_prog, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		run_input(path, data, size);
		exit(0); /* atexit handlers run here: LeakSanitizer, coverage counters */
	}
	double t0 = now(), last_rss = t0;
	long us = 100;
	int st = 0;
	char why[160] = "";
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	for (;;) {
		pid_t r = wait4(pid, &st, WNOHANG, &ru);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			snprintf(why, sizeof(why), "waitpid: %s", strerror(errno));
			break;
		}
		double t = now();
		if (g_timeout > 0 && t - t0 > g_timeout && !why[0]) {
			snprintf(why, sizeof(why), "timeout: still running after %.0f s",
				 g_timeout);
			kill(pid, SIGKILL);
		}
		if (g_rss_mb > 0 && t - last_rss > 0.02 && !why[0]) {
			long mb = rss_mb(pid);
			last_rss = t;
			if (mb > g_rss_mb) {
				snprintf(why, sizeof(why),
					 "out of memory: %ld MB resident > %ld MB", mb, g_rss_mb);
				kill(pid, SIGKILL);
			}
		}
		struct timespec ts = {0, us * 1000};
		nanosleep(&ts, NULL);
		if (us < 10000)
			us *= 2;
	}
	/* an input too quick for the polling: its peak, from the kernel (ru_maxrss in KB) */
	if (!why[0] && g_rss_mb > 0 && ru.ru_maxrss / 1024 > g_rss_mb)
		snprintf(why, sizeof(why), "out of memory: peak %ld MB resident > %ld MB",
			 (long)(ru.ru_maxrss / 1024), g_rss_mb);
	if (!why[0]) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			return 0;
		if (WIFSIGNALED(st))
			snprintf(why, sizeof(why), "crash: signal %d (%s)", WTERMSIG(st),
				 strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st) == 23)
			snprintf(why, sizeof(why), "leak: LeakSanitizer's exit status 23");
		else
			snprintf(why, sizeof(why), "failed: exit status %d", WEXITSTATUS(st));
	}
	fprintf(stderr, "%s: FAILED %s (%zu bytes): %s\n", g_prog, path, size, why);
	return -1;
}

static int run_file(const char *path, unsigned long *count)
{
	uint8_t *data;
	size_t size;
	if (read_file(path, &data, &size) != 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", g_prog, path, strerror(errno));
		note_failure(path);
		return -1;
	}
	if (g_verbose)
		fprintf(stderr, "%s: running %s (%zu bytes)\n", g_prog, path, size);
	int rc = 0;
	if (g_fork)
		rc = run_forked(path, data, size);
	else
		run_input(path, data, size);
	free(data);
	(*count)++;
	if (rc != 0)
		note_failure(path);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order (hidden files skipped). */
static int run_dir(const char *dir, unsigned long *count)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int errors = 0;
	struct dirent *e;
	if (d == NULL) {
		fprintf(stderr, "%s: cannot open %s: %s\n", g_prog, dir, strerror(errno));
		note_failure(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (nn == NULL) {
				errors++;
				break;
			}
			names = nn;
			cap = ncap;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (names[n] == NULL) {
			errors++;
			break;
		}
		snprintf(names[n], len, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && run_file(names[i], count))
			errors++;
		free(names[i]);
	}
	free(names);
	return errors;
}

/* -name=value options; 1 when arg was one, 0 when not an option, -1 when malformed. */
static int option(const char *arg)
{
	char *end = NULL;
	if (strcmp(arg, "-v") == 0) {
		g_verbose = 1;
		return 1;
	}
	if (strcmp(arg, "-no_fork") == 0) {
		g_fork = 0;
		return 1;
	}
	if (strncmp(arg, "-timeout=", 9) == 0) {
		errno = 0;
		g_timeout = strtod(arg + 9, &end);
		return (errno || *end || g_timeout < 0) ? -1 : 1;
	}
	if (strncmp(arg, "-rss_limit_mb=", 14) == 0) {
		errno = 0;
		g_rss_mb = strtol(arg + 14, &end, 10);
		return (errno || *end || g_rss_mb < 0) ? -1 : 1;
	}
	return arg[0] == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	int errors = 0, first = 1;
	if (argc > 0 && argv[0] != NULL) {
		const char *slash = strrchr(argv[0], '/');
		g_prog = slash ? slash + 1 : argv[0];
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (; first < argc; first++) {
		int o = option(argv[first]);
		if (o < 0) {
			fprintf(stderr, "%s: bad option %s\n", g_prog, argv[first]);
			return 2;
		}
		if (o == 0)
			break;
	}
	if (argc <= first) {
		fprintf(stderr,
			"usage: %s [-v] [-timeout=S] [-rss_limit_mb=MB] [-no_fork] FILE_OR_DIR...\n",
			g_prog);
		return 2;
	}
	if (!g_fork) {
		signal(SIGSEGV, on_signal);
		signal(SIGBUS, on_signal);
		signal(SIGABRT, on_signal);
		signal(SIGFPE, on_signal);
		signal(SIGALRM, on_signal);
		if (__sanitizer_set_death_callback != NULL)
			__sanitizer_set_death_callback(on_death);
	}
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s: %s\n", g_prog, argv[i], strerror(errno));
			note_failure(argv[i]);
			errors++;
		} else if (S_ISDIR(st.st_mode)) {
			errors += run_dir(argv[i], &count);
		} else if (run_file(argv[i], &count) != 0) {
			errors++;
		}
	}
	const char *force = getenv("SS_FUZZ_FORCE_FAILURE");
	if (force != NULL && strcmp(force, "1") == 0) {
		fprintf(stderr, "%s: SS_FUZZ_FORCE_FAILURE=1: counting one forced error\n", g_prog);
		errors++;
	}
	printf("%s: %d errors out of %lu inputs\n", g_prog, errors, count);
	for (size_t i = 0; i < g_nfailed; i++) {
		printf("  failed: %s\n", g_failed[i]);
		free(g_failed[i]);
	}
	free(g_failed);
	return errors ? 1 : 0;
}
