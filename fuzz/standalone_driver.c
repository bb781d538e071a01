/* SPDX-License-Identifier: MIT */
/*
 * A main() for the fuzz targets when no fuzzing engine is linked: it runs
 * LLVMFuzzerTestOneInput once over every file named on the command line, and over every
 * regular file inside every directory named (not recursively, in name order), so a seed
 * corpus or a regression folder replays as an ordinary test with plain gcc (libgit2
 * fuzzers/standalone_driver.c). A crash or an invariant's abort() fails the run; a normal
 * run ends with "<target>: 0 errors out of N inputs". LLVMFuzzerInitialize runs first when
 * the target defines it. SS_FUZZ_FORCE_FAILURE=1 in the environment counts one error after
 * the run, so CI can prove that it notices a failing replay.
 *
 * Each input is handed over in a malloc'ed buffer of exactly its size, as libFuzzer does,
 * so reading one byte past the end is caught by ASan. Before each input its name goes to
 * stderr, so the last name printed is the one that crashed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *g_prog = "standalone_driver";
static int g_verbose;

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

static int run_file(const char *path, unsigned long *count)
{
	uint8_t *data;
	size_t size;
	if (read_file(path, &data, &size) != 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", g_prog, path, strerror(errno));
		return -1;
	}
	if (g_verbose)
		fprintf(stderr, "%s: running %s (%zu bytes)\n", g_prog, path, size);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	(*count)++;
	return 0;
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
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		g_verbose = 1;
		first = 2;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: %s [-v] FILE_OR_DIR...\n", g_prog);
		return 2;
	}
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s: %s\n", g_prog, argv[i], strerror(errno));
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
	return errors ? 1 : 0;
}
