/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of the bench library: a growable string, the Python-compatible random
 * generator, the workload generators, the fast schema builder, the phase runner and the
 * reports. Nothing here is public; ss_bench.h is the only entry point.
 */
#ifndef SS_BENCH_INTERNAL_H
#define SS_BENCH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

/* ---- growable string (aborts on out-of-memory: this is a benchmark tool) ---------------- */
typedef struct bstr {
	char *p;
	size_t n, cap;
} bstr;

void bstr_add(bstr *b, const char *s);
void bstr_addn(bstr *b, const char *s, size_t n);
void bstr_addf(bstr *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bstr_free(bstr *b);
void bench_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The text, never NULL. */
const char *bstr_str(const bstr *b);
void *bench_xmalloc(size_t n);
void *bench_xcalloc(size_t n, size_t size);
char *bench_xstrdup(const char *s);

/* ---- Python's random.Random(seed), the parts gen_cases.py uses -------------------------- */
typedef struct pyrand {
	uint32_t mt[624];
	int mti;
} pyrand;

void pyrand_seed(pyrand *r, uint32_t seed);
/* random.randint(a, b) */
long pyrand_randint(pyrand *r, long a, long b);
/* random.sample(range(start, start + n), k) into out[k]. */
void pyrand_sample_range(pyrand *r, long start, long n, long k, long *out);

/* ---- workloads -------------------------------------------------------------------------- */
/* A schema pair: the live schema (baseline) and the definitions to sync to (desired). */
typedef struct workload {
	char family[32];
	long size;
	char *baseline;
	char *desired;
	int foreign_keys; /* sync with PRAGMA foreign_keys = ON */
} workload;

/* Families generated in C; "pair" is --pair from files. */
extern const char *const bench_families[];
extern const size_t bench_family_count;

/* Fill *w for family at size n. Returns 0, or -1 for an unknown family. */
int workload_make(workload *w, const char *family, long n);
/* The gen_cases.py pair for n, byte for byte (baseline, desired). */
void gen_cases(long n, bstr *baseline, bstr *desired);
void workload_free(workload *w);

/*
 * Build an in-memory database from sql quickly: SQLite scans sqlite_schema on every CREATE,
 * which makes plain execution quadratic (40 s for 30,000 objects); the builder keeps the
 * catalog short while it executes and writes it back at the end. Then fills each table with
 * rows rows (DEFAULT VALUES). Returns the connection or NULL with errbuf filled.
 */
sqlite3 *bench_db_build(const char *sql, long rows, char *errbuf, size_t errlen);
/* A fresh in-memory copy of src (sqlite3_backup), schema already loaded. */
sqlite3 *bench_db_copy(sqlite3 *src, char *errbuf, size_t errlen);
long bench_db_count(sqlite3 *db, const char *sql);

/* ---- results ---------------------------------------------------------------------------- */
#define BENCH_MAX_SAMPLES 256

typedef struct result {
	char family[32];
	long size;
	char phase[40];
	int nsamples;
	double samples_us[BENCH_MAX_SAMPLES];
	double median_us, min_us, max_us, q1_us, q3_us;
	long inner;           /* calls per sample (tiny phases are batched) */
	long peak_rss_kib;    /* ru_maxrss of the child that ran the phase (setup included) */
	long phase_rss_kib;   /* VmHWM after resetting it just before the phase, or -1 */
	double instructions;  /* per call; < 0 when not measured */
	long objects;         /* schema objects in the live database */
	long plan_statements; /* statements in the plan, or -1 */
	char error[256];      /* non-empty when the phase failed */
} result;

typedef struct result_set {
	result *v;
	size_t n, cap;
	char date[32];
	char machine[160];
	char sqlite_version[32];
	int repeat;
	long rows;
} result_set;

result *results_add(result_set *rs);
void results_free(result_set *rs);
void result_stats(result *r);
/* Growth exponent between consecutive sizes and overall (least squares in log-log). */
int results_fit(const result_set *rs, const char *family, const char *phase, double *overall);

/* ---- phases ----------------------------------------------------------------------------- */
typedef struct run_opts {
	int repeat;
	long rows;
	long quick_above; /* heavy phases above this size: one sample, no warm-up */
	int exact;        /* no warm-up and no batching: one call per sample */
	int fork_each;    /* run each phase in a child (default 1) */
	int callgrind;    /* running under callgrind: toggle instrumentation around the call */
} run_opts;

/* Phase names, in report order. */
extern const char *const bench_phases[];
extern const size_t bench_phase_count;

/* Run phase on workload w into r (fills everything but family/size/phase). Returns 0. */
int bench_run_phase(const workload *w, const char *phase, const run_opts *o, result *r);

/* ---- reports ---------------------------------------------------------------------------- */
void report_table(const result_set *rs, FILE *f);
void report_targets(const result_set *rs, FILE *f);
int report_json(const result_set *rs, const char *path);
int report_load_json(result_set *rs, const char *path, char *errbuf, size_t errlen);
int report_svg(const result_set *rs, const char *path);
/* Returns the number of regressions (printed to f). */
int report_compare(const result_set *base, const result_set *cur, double tolerance_pct, FILE *f);

#endif
