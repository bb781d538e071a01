/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share: how an invariant is checked and reported (CHECK), how the
 * input becomes text, the text buffer for dumps (SQLite's own sqlite3_str), and the list of
 * engine bugs a campaign may look past. Each target calls fuzz_setup() once per input with
 * its name and a function that prints the input that broke an invariant.
 */
#ifndef SS_FUZZ_COMMON_H
#define SS_FUZZ_COMMON_H

#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* The reporting target: its name (message prefix) and how it prints the failing input. */
static const char *fuzz_target_name = "fuzzer";
static void (*fuzz_input_printer)(FILE *f);

/*
 * Once per process, before SQLite starts (LLVMFuzzerInitialize, or the first input): a fuzz
 * target runs on one thread, so SQLite's mutexes and its per-allocation statistics (a mutex
 * on every malloc) are pure cost; and glibc returned freed memory to the kernel with brk()
 * whenever the top chunk came free, which made TLB flushes in the kernel 16% of the sync
 * target's time (perf, docs/FUZZING.md "Throughput"): keep up to 256 MB instead. Both only
 * speed things up; under ASan its allocator ignores mallopt.
 */
static inline void fuzz_tune_process(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* SS_FUZZ_NO_TUNE=1: the untuned process, to measure what the tuning gives */
	if (getenv("SS_FUZZ_NO_TUNE") != NULL)
		return;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

/* ASan's hook, called before it ends the process on an error (absent without ASan). */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* A sanitizer report ends the process without fuzz_fail: print the input there too, so
 * every finding comes with its readable case (ci/fuzz's triage reads it from the log). */
static inline void fuzz_on_death(void)
{
	static int once;
	if (fuzz_input_printer && !once++)
		fuzz_input_printer(stderr);
}

static inline void fuzz_setup(const char *target, void (*print_input)(FILE *f))
{
	static int hooked;
	fuzz_tune_process();
	fuzz_target_name = target;
	fuzz_input_printer = print_input;
	if (!hooked && __sanitizer_set_death_callback != NULL) {
		__sanitizer_set_death_callback(fuzz_on_death);
		hooked = 1;
	}
}

/* Report a broken invariant with the input, and abort so the fuzzer keeps the crash. */
static inline void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5), noreturn))
#endif
	;
static inline void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	const char *base = strrchr(file, '/');
	va_list ap;
	fprintf(stderr, "%s: invariant broken (%s:%d): %s\n  ", fuzz_target_name,
		base ? base + 1 : file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (fuzz_input_printer)
		fuzz_input_printer(stderr);
	else
		fputc('\n', stderr);
	abort();
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                         \
	} while (0)

/* A NUL-terminated copy of n bytes of s (malloc; aborts when out of memory). */
static inline char *fuzz_dup(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (r == NULL)
		abort();
	if (n > 0)
		memcpy(r, s, n);
	r[n] = 0;
	return r;
}

/* The input as text: its bytes up to the first NUL (malloc; free with free()). */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t *len)
{
	size_t n = 0;
	while (n < size && data[n] != 0)
		n++;
	if (len)
		*len = n;
	return fuzz_dup((const char *)data, n);
}

/* The text of s, never NULL (sqlite3_malloc; free with sqlite3_free); aborts on OOM. */
static inline char *fuzz_str_finish(sqlite3_str *s)
{
	if (sqlite3_str_errcode(s) != SQLITE_OK)
		abort();
	char *text = sqlite3_str_finish(s);
	if (text == NULL)
		text = sqlite3_mprintf("%s", "");
	if (text == NULL)
		abort();
	return text;
}

/*
 * An open engine bug (fuzz/regressions/known-failing.txt) is still checked, unless the
 * campaign asked to look past it with SS_FUZZ_SKIP_KNOWN=<id>[,<id>...] or =all, so that a
 * long run finds new bugs instead of the same one again.
 */
static inline int fuzz_skip_known(const char *id)
{
	const char *skip = getenv("SS_FUZZ_SKIP_KNOWN");
	if (skip == NULL)
		return 0;
	if (strcmp(skip, "all") == 0)
		return 1;
	size_t n = strlen(id);
	for (const char *p = skip; (p = strstr(p, id)) != NULL; p += n)
		if ((p == skip || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
			return 1;
	return 0;
}

#endif
