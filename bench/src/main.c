/* SPDX-License-Identifier: MIT */
/*
 * schemasync-bench, the executable behind `schemasync bench` (the CLI runs it from beside
 * itself or from PATH): the command line of the bench library. Parses the options, runs
 * every selected phase for every selected family and size (or loads earlier results with
 * --input), optionally counts the plan-only phase's instructions under callgrind, then prints
 * the table and the targets and writes JSON and SVG; --compare turns the run into the
 * release gate. Exit status 0 on success, 1 when a run failed or --compare found a
 * regression, 2 on a usage error.
 */
#define _GNU_SOURCE
#include "bench.h"
#include "schemasync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fputs("usage: schemasync bench [--sizes 10,100,1000] [--plan-sizes 100000] [--repeat N]\n"
	      "         [--family gen|nochange|wide|views|triggers|fk|all[,...]]\n"
	      "         [--pair BASELINE.sql DESIRED.sql] [--phases plan,inspect,floor,\n"
	      "         materialize,sync,nochange,build (or full names like sync.prefix)]\n"
	      "         [--rows N] [--quick-above N] [--json FILE] [--svg FILE]\n"
	      "         [--compare BASELINE.json [--tolerance PCT]] [--input RESULTS.json]...\n"
	      "         [--instructions [--instructions-max N]] [--no-fork] [--exact]\n"
	      "         [--emit N DIR] [--quiet]\n"
	      "\n"
	      "Times the planner hot path (plan: models already in memory), inspection, the\n"
	      "materialization and whole sync of each strategy, the no-change sync, the floor\n"
	      "(a bare read of sqlite_schema) and build (the desired definitions run into an\n"
	      "empty database: each sync's ratio_to_build) over generated schema pairs; see\n"
	      "bench/README.md.\n"
	      "--sizes runs every phase; --plan-sizes adds sizes where only plan, inspect and\n"
	      "floor run. Heavy phases above --quick-above tables (default 5000) take one sample.\n"
	      "--instructions counts the plan-only phase's instructions under callgrind, for\n"
	      "sizes up to --instructions-max (default 10000; setup runs under valgrind too).\n"
	      "--compare exits 1 when a phase's instructions (when both runs have them) or\n"
	      "median grew beyond --tolerance percent (default 10). --input loads results\n"
	      "instead of (or, with --sizes/--pair, besides) running. --emit writes the\n"
	      "gen_cases pair N{n}.baseline.sql / N{n}.desired.sql to DIR and exits.\n"
	      "exit status: 0 ok, 1 a phase failed or a regression was found, 2 usage error.\n",
	      f);
}

static int parse_long(const char *s, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* "10,100,1000" into sizes[], returns the count or -1. */
static int parse_sizes(const char *s, long *sizes, int max)
{
	int n = 0;
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		long v;
		if (n >= max || parse_long(tok, &v) || v < 1)
			return -1;
		sizes[n++] = v;
	}
	return n;
}

/* Does the comma-separated list select name? Entries match a full name or the part
 * before the dot ("sync" selects sync.scratch-db and sync.prefix); "all" selects all. */
static int selected(const char *list, const char *name)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", list);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t n = strlen(tok);
		if (!strcmp(tok, "all") || !strcmp(tok, name) ||
		    (!strncmp(tok, name, n) && name[n] == '.'))
			return 1;
	}
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	bstr b = {0};
	char chunk[65536];
	size_t n;
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bstr_addn(&b, chunk, n);
	fclose(f);
	char *s = bench_xstrdup(bstr_str(&b));
	bstr_free(&b);
	return s;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	int ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void describe_machine(result_set *rs)
{
	struct utsname u;
	char os[96] = "unknown OS", line[256];
	FILE *f = fopen("/etc/os-release", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, "PRETTY_NAME=", 12) == 0) {
				char *s = line + 12, *e;
				if (*s == '"')
					s++;
				if ((e = strpbrk(s, "\"\n")) != NULL)
					*e = 0;
				bench_fmt(os, sizeof(os), "%s", s);
			}
		}
		fclose(f);
	}
	if (uname(&u) == 0)
		bench_fmt(rs->machine, sizeof(rs->machine), "%s, %s %s %s, %ld cores", os,
			  u.sysname, u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN));
	else
		snprintf(rs->machine, sizeof(rs->machine), "%s", os);
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(rs->date, sizeof(rs->date), "%Y-%m-%d %H:%M", &tm);
	snprintf(rs->sqlite_version, sizeof(rs->sqlite_version), "%s", sqlite3_libversion());
}

/*
 * Count the instructions of one plan-only call under callgrind: re-run this binary as
 * `schemasync-bench --callgrind-child ...` with collection off except inside the timed region (the
 * child toggles it), then read callgrind's "totals:" line. Returns -1 when unavailable.
 */
static double callgrind_plan(const char *family, long size, const char *pair_b, const char *pair_d,
			     long rows)
{
	char self[4096], outfile[64], sizebuf[32], rowsbuf[32], opt[96];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -1;
	self[n] = 0;
	snprintf(outfile, sizeof(outfile), "/tmp/ss_bench_cg.%ld.out", (long)getpid());
	snprintf(opt, sizeof(opt), "--callgrind-out-file=%s", outfile);
	snprintf(sizebuf, sizeof(sizebuf), "%ld", size);
	snprintf(rowsbuf, sizeof(rowsbuf), "%ld", rows);
	const char *argv[32];
	int a = 0;
	argv[a++] = "valgrind";
	argv[a++] = "--tool=callgrind";
	argv[a++] = "--instr-atstart=no";
	argv[a++] = "--collect-atstart=no";
	argv[a++] = opt;
	argv[a++] = self;
	argv[a++] = "--callgrind-child";
	argv[a++] = "--quiet";
	argv[a++] = "--no-fork";
	argv[a++] = "--exact";
	argv[a++] = "--repeat";
	argv[a++] = "1";
	argv[a++] = "--phases";
	argv[a++] = "plan";
	argv[a++] = "--rows";
	argv[a++] = rowsbuf;
	if (pair_b) {
		argv[a++] = "--pair";
		argv[a++] = pair_b;
		argv[a++] = pair_d;
	} else {
		argv[a++] = "--family";
		argv[a++] = family;
		argv[a++] = "--sizes";
		argv[a++] = sizebuf;
	}
	argv[a] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL ||
		    freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execvp("valgrind", (char *const *)argv);
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	double total = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		FILE *f = fopen(outfile, "r");
		char line[512];
		while (f && fgets(line, sizeof(line), f)) {
			if (strncmp(line, "totals:", 7) == 0 || strncmp(line, "summary:", 8) == 0)
				total = strtod(line + (line[0] == 't' ? 7 : 8), NULL);
		}
		if (f)
			fclose(f);
	}
	remove(outfile);
	return total;
}

static int have_valgrind(void)
{
	return system("valgrind --version >/dev/null 2>&1") == 0;
}

typedef struct cfg {
	long sizes[32], plan_sizes[32];
	int nsizes, nplan_sizes;
	const char *families, *phases, *json, *svg, *compare, *pair_b, *pair_d;
	const char *inputs[16];
	int ninputs;
	double tolerance;
	int instructions, quiet, callgrind_child;
	long instructions_max;
	run_opts ro;
} cfg;

static int run_workload(cfg *c, result_set *rs, workload *w, int plan_only)
{
	int failed = 0;
	for (size_t p = 0; p < bench_phase_count; p++) {
		const char *ph = bench_phases[p];
		if (!selected(c->phases, ph))
			continue;
		if (plan_only && strcmp(ph, "plan") && strcmp(ph, "inspect") && strcmp(ph, "floor"))
			continue;
		result *r = results_add(rs);
		snprintf(r->family, sizeof(r->family), "%s", w->family);
		snprintf(r->phase, sizeof(r->phase), "%s", ph);
		r->size = w->size;
		if (!c->quiet) {
			fprintf(stderr, "bench: %-9s %7ld %-22s ", w->family, w->size, ph);
			fflush(stderr);
		}
		bench_run_phase(w, ph, &c->ro, r);
		if (!strcmp(ph, "plan") && c->instructions && !r->error[0] &&
		    w->size <= c->instructions_max) {
			r->instructions = callgrind_plan(w->family, w->size, c->pair_b, c->pair_d,
							 c->ro.rows);
		}
		if (!c->quiet) {
			if (r->error[0])
				fprintf(stderr, "FAILED: %s\n", r->error);
			else
				fprintf(stderr, "%12.1f us  (%ld objects, %ld statements)\n",
					r->median_us, r->objects, r->plan_statements);
		}
		failed |= r->error[0] != 0;
	}
	return failed;
}

int main(int argc, char **argv)
{
	cfg c;
	result_set rs;
	int status = 0;
	memset(&c, 0, sizeof(c));
	memset(&rs, 0, sizeof(rs));
	c.families = "gen";
	c.phases = "all";
	c.tolerance = 10;
	c.ro.repeat = 5;
	c.ro.rows = 100;
	c.ro.quick_above = 5000;
	c.ro.fork_each = 1;
	c.instructions_max = 10000;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
#define NEED()                                                                                     \
	do {                                                                                       \
		if (v == NULL) {                                                                   \
			fprintf(stderr, "schemasync bench: %s needs a value\n", a);                \
			return 2;                                                                  \
		}                                                                                  \
		i++;                                                                               \
	} while (0)
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--sizes")) {
			NEED();
			if ((c.nsizes = parse_sizes(v, c.sizes, 32)) <= 0)
				goto bad;
		} else if (!strcmp(a, "--plan-sizes")) {
			NEED();
			if ((c.nplan_sizes = parse_sizes(v, c.plan_sizes, 32)) <= 0)
				goto bad;
		} else if (!strcmp(a, "--repeat")) {
			NEED();
			if (parse_long(v, &n) || n < 1 || n > BENCH_MAX_SAMPLES)
				goto bad;
			c.ro.repeat = (int)n;
		} else if (!strcmp(a, "--rows")) {
			NEED();
			if (parse_long(v, &c.ro.rows))
				goto bad;
		} else if (!strcmp(a, "--quick-above")) {
			NEED();
			if (parse_long(v, &c.ro.quick_above))
				goto bad;
		} else if (!strcmp(a, "--family")) {
			NEED();
			c.families = v;
		} else if (!strcmp(a, "--phases")) {
			NEED();
			c.phases = v;
		} else if (!strcmp(a, "--pair")) {
			if (i + 2 >= argc) {
				fprintf(stderr, "schemasync bench: --pair needs two files\n");
				return 2;
			}
			c.pair_b = argv[++i];
			c.pair_d = argv[++i];
		} else if (!strcmp(a, "--json")) {
			NEED();
			c.json = v;
		} else if (!strcmp(a, "--svg")) {
			NEED();
			c.svg = v;
		} else if (!strcmp(a, "--compare")) {
			NEED();
			c.compare = v;
		} else if (!strcmp(a, "--tolerance")) {
			NEED();
			char *end = NULL;
			c.tolerance = strtod(v, &end);
			if (end == v || *end || c.tolerance < 0)
				goto bad;
		} else if (!strcmp(a, "--input")) {
			NEED();
			if (c.ninputs >= 16)
				goto bad;
			c.inputs[c.ninputs++] = v;
		} else if (!strcmp(a, "--emit")) {
			if (i + 2 >= argc || parse_long(argv[i + 1], &n) || n < 1)
				goto bad;
			bstr b = {0}, d = {0};
			char path[4096];
			gen_cases(n, &b, &d);
			snprintf(path, sizeof(path), "%s/N%ld.baseline.sql", argv[i + 2], n);
			int rc = write_file(path, bstr_str(&b));
			snprintf(path, sizeof(path), "%s/N%ld.desired.sql", argv[i + 2], n);
			rc |= write_file(path, bstr_str(&d));
			bstr_free(&b);
			bstr_free(&d);
			if (rc)
				fprintf(stderr, "schemasync bench: cannot write to %s\n",
					argv[i + 2]);
			return rc ? 1 : 0;
		} else if (!strcmp(a, "--instructions")) {
			c.instructions = 1;
		} else if (!strcmp(a, "--instructions-max")) {
			NEED();
			if (parse_long(v, &c.instructions_max))
				goto bad;
		} else if (!strcmp(a, "--no-fork")) {
			c.ro.fork_each = 0;
		} else if (!strcmp(a, "--exact")) {
			c.ro.exact = 1;
		} else if (!strcmp(a, "--quiet")) {
			c.quiet = 1;
		} else if (!strcmp(a, "--callgrind-child")) {
			c.callgrind_child = 1;
			c.ro.callgrind = 1;
		} else {
			fprintf(stderr, "schemasync bench: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
		continue;
bad:
		fprintf(stderr, "schemasync bench: bad value for %s\n", a);
		return 2;
#undef NEED
	}
	for (const char *f = c.families; *f;) {
		size_t len = strcspn(f, ",");
		int ok = len == 3 && !strncmp(f, "all", 3);
		for (size_t k = 0; k < bench_family_count && !ok; k++)
			ok = strlen(bench_families[k]) == len &&
			     !strncmp(f, bench_families[k], len);
		if (!ok) {
			fprintf(stderr, "schemasync bench: unknown family '%.*s'\n", (int)len, f);
			return 2;
		}
		f += len + (f[len] == ',');
	}
	if (c.instructions && !have_valgrind()) {
		fprintf(stderr,
			"schemasync bench: --instructions needs valgrind; skipping counts\n");
		c.instructions = 0;
	}
	describe_machine(&rs);
	rs.repeat = c.ro.repeat;
	rs.rows = c.ro.rows;
	for (int k = 0; k < c.ninputs; k++) {
		char err[512];
		if (report_load_json(&rs, c.inputs[k], err, sizeof(err))) {
			fprintf(stderr, "schemasync bench: %s\n", err);
			return 1;
		}
	}
	int run_gen = c.nsizes > 0 || c.nplan_sizes > 0 || (c.ninputs == 0 && !c.pair_b);
	if (run_gen && c.nsizes == 0 && c.nplan_sizes == 0) {
		c.sizes[0] = 10;
		c.sizes[1] = 100;
		c.sizes[2] = 1000;
		c.nsizes = 3;
	}
	if (c.pair_b) {
		workload w;
		char err[512];
		memset(&w, 0, sizeof(w));
		snprintf(w.family, sizeof(w.family), "pair");
		w.baseline = read_file(c.pair_b);
		w.desired = read_file(c.pair_d);
		if (w.baseline == NULL || w.desired == NULL) {
			fprintf(stderr, "schemasync bench: cannot read %s or %s\n", c.pair_b,
				c.pair_d);
			workload_free(&w);
			return 1;
		}
		sqlite3 *db = bench_db_build(w.baseline, 0, err, sizeof(err));
		if (db == NULL) {
			fprintf(stderr, "schemasync bench: %s: %s\n", c.pair_b, err);
			workload_free(&w);
			return 1;
		}
		w.size = bench_db_count(db,
					"SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
		sqlite3_close(db);
		status |= run_workload(&c, &rs, &w, 0);
		workload_free(&w);
	}
	for (size_t k = 0; run_gen && k < bench_family_count; k++) {
		if (!selected(c.families, bench_families[k]))
			continue;
		for (int pass = 0; pass < 2; pass++) {
			int n = pass ? c.nplan_sizes : c.nsizes;
			for (int s = 0; s < n; s++) {
				workload w;
				workload_make(&w, bench_families[k],
					      pass ? c.plan_sizes[s] : c.sizes[s]);
				status |= run_workload(&c, &rs, &w, pass);
				workload_free(&w);
			}
		}
	}
	if (c.callgrind_child)
		return status;
	report_table(&rs, stdout);
	report_targets(&rs, stdout);
	if (c.json && report_json(&rs, c.json)) {
		fprintf(stderr, "schemasync bench: cannot write %s\n", c.json);
		status = 1;
	}
	if (c.svg && report_svg(&rs, c.svg)) {
		fprintf(stderr, "schemasync bench: cannot write %s\n", c.svg);
		status = 1;
	}
	if (c.compare) {
		result_set base;
		char err[512];
		memset(&base, 0, sizeof(base));
		if (report_load_json(&base, c.compare, err, sizeof(err))) {
			fprintf(stderr, "schemasync bench: %s\n", err);
			status = 1;
		} else if (report_compare(&base, &rs, c.tolerance, stdout) > 0) {
			status = 1;
		}
		results_free(&base);
	}
	results_free(&rs);
	return status ? 1 : 0;
}
