/* SPDX-License-Identifier: MIT */
/*
 * What a run produces: the terminal table (medians, spread, growth exponents, peak RSS,
 * instructions), the check of the targets of issue 4, the JSON file (cJSON; also read back
 * for --compare and --input), the log-log SVG plot, and the comparison against a recorded
 * baseline that makes `--compare` a release gate.
 */
#include "bench.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

result *results_add(result_set *rs)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 32;
		result *v = realloc(rs->v, cap * sizeof(*v));
		if (v == NULL) {
			fputs("schemasync bench: out of memory\n", stderr);
			abort();
		}
		rs->v = v;
		rs->cap = cap;
	}
	memset(&rs->v[rs->n], 0, sizeof(rs->v[0]));
	return &rs->v[rs->n++];
}

void results_free(result_set *rs)
{
	free(rs->v);
	rs->v = NULL;
	rs->n = rs->cap = 0;
}

static const result *find(const result_set *rs, const char *family, long size, const char *phase)
{
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		if (r->size == size && strcmp(r->family, family) == 0 &&
		    strcmp(r->phase, phase) == 0 && !r->error[0] && r->nsamples > 0)
			return r;
	}
	return NULL;
}

/* The result of the same family and phase at the next smaller size, if any. */
static const result *previous(const result_set *rs, const result *r)
{
	const result *best = NULL;
	for (size_t i = 0; i < rs->n; i++) {
		const result *x = &rs->v[i];
		if (x->size < r->size && strcmp(x->family, r->family) == 0 &&
		    strcmp(x->phase, r->phase) == 0 && !x->error[0] && x->nsamples > 0 &&
		    x->median_us > 0 && (best == NULL || x->size > best->size))
			best = x;
	}
	return best;
}

/* A whole sync's time over building its desired schema from nothing (phase "build") at the
 * same family and size; -1 when r is no sync or either is missing. */
static double ratio_to_build(const result_set *rs, const result *r)
{
	if (strncmp(r->phase, "sync.", 5) != 0 || r->error[0] || r->median_us <= 0)
		return -1;
	const result *b = find(rs, r->family, r->size, "build");
	return b && !b->error[0] && b->median_us > 0 ? r->median_us / b->median_us : -1;
}

static double exponent(const result *a, const result *b)
{
	return log(b->median_us / a->median_us) / log((double)b->size / (double)a->size);
}

int results_fit(const result_set *rs, const char *family, const char *phase, double *overall)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		if (strcmp(r->family, family) || strcmp(r->phase, phase) || r->error[0] ||
		    r->nsamples <= 0 || r->median_us <= 0)
			continue;
		double x = log((double)r->size), y = log(r->median_us);
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
		n++;
	}
	*overall = NAN;
	if (n >= 2 && n * sxx - sx * sx > 0)
		*overall = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	return n;
}

static void fmt_time(char *buf, size_t len, double us)
{
	if (us < 1000.0)
		snprintf(buf, len, "%.1f us", us);
	else if (us < 1e6)
		snprintf(buf, len, "%.2f ms", us / 1e3);
	else
		snprintf(buf, len, "%.2f s", us / 1e6);
}

/* Is result i the first of its (family, phase) series? */
static int first_of_series(const result_set *rs, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(rs->v[j].family, rs->v[i].family) &&
		    !strcmp(rs->v[j].phase, rs->v[i].phase))
			return 0;
	return 1;
}

void report_table(const result_set *rs, FILE *f)
{
	fprintf(f, "%-9s %7s %-22s %10s %10s %10s %6s %8s %9s %12s\n", "family", "size", "phase",
		"median", "min", "max", "n", "exp", "RSS MiB", "instr/call");
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		char med[24], mn[24], mx[24], ex[16] = "", ins[24] = "-";
		if (r->error[0]) {
			fprintf(f, "%-9s %7ld %-22s FAILED: %s\n", r->family, r->size, r->phase,
				r->error);
			continue;
		}
		fmt_time(med, sizeof(med), r->median_us);
		fmt_time(mn, sizeof(mn), r->min_us);
		fmt_time(mx, sizeof(mx), r->max_us);
		const result *p = previous(rs, r);
		if (p && r->median_us > 0)
			snprintf(ex, sizeof(ex), "%.2f", exponent(p, r));
		if (r->instructions >= 0)
			snprintf(ins, sizeof(ins), "%.4g", r->instructions);
		fprintf(f, "%-9s %7ld %-22s %10s %10s %10s %3dx%-2ld %8s %9.1f %12s\n", r->family,
			r->size, r->phase, med, mn, mx, r->nsamples, r->inner, ex,
			(double)r->peak_rss_kib / 1024.0, ins);
	}
	/* Overall exponents per family and phase, in order of first appearance. */
	fprintf(f, "\ngrowth exponent (least squares over all sizes, log t against log n):\n");
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		double e;
		if (!first_of_series(rs, i) || results_fit(rs, r->family, r->phase, &e) < 2)
			continue;
		fprintf(f, "  %-9s %-22s %.2f\n", r->family, r->phase, e);
	}
}

static void target(FILE *f, const char *what, int known, int ok, const char *detail)
{
	fprintf(f, "  %-4s %-62s %s\n", !known ? "n/a" : ok ? "PASS" : "FAIL", what, detail);
}

void report_targets(const result_set *rs, FILE *f)
{
	char d[160], a[24], b[24];
	const result *p1 = find(rs, "gen", 1000, "plan"), *p5 = find(rs, "gen", 100000, "plan");
	fprintf(f, "\ntargets (issue 4, gen_cases pairs):\n");
	if (p1)
		fmt_time(a, sizeof(a), p1->median_us);
	snprintf(d, sizeof(d), "%s", p1 ? a : "(not run)");
	target(f, "plan-only, 1,000 tables < 5 ms", p1 != NULL, p1 && p1->median_us < 5000, d);
	if (p5)
		fmt_time(a, sizeof(a), p5->median_us);
	snprintf(d, sizeof(d), "%s", p5 ? a : "(not run)");
	target(f, "plan-only, 100,000 tables < 1 s", p5 != NULL, p5 && p5->median_us < 1e6, d);
	double e = p1 && p5 ? exponent(p1, p5) : NAN;
	snprintf(d, sizeof(d), "%.3f", e);
	target(f, "plan-only growth exponent 1,000 -> 100,000 <= 1.15", p1 && p5, e <= 1.15,
	       p1 && p5 ? d : "(not run)");
	const result *s = find(rs, "gen", 1000, "sync.scratch-db");
	if (s)
		fmt_time(a, sizeof(a), s->median_us);
	target(f, "whole scratch-db sync, 1,000 tables < 1 s", s != NULL, s && s->median_us < 1e6,
	       s ? a : "(not run)");
	long rss = -1;
	const char *rss_phase = "";
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].size == 10000 && !strcmp(rs->v[i].family, "gen") &&
		    rs->v[i].peak_rss_kib > rss) {
			rss = rs->v[i].peak_rss_kib;
			rss_phase = rs->v[i].phase;
		}
	snprintf(d, sizeof(d), "%.1f MiB (%s)", (double)rss / 1024.0, rss_phase);
	target(f, "peak RSS at 10,000 tables < 256 MiB (max over phases)", rss >= 0,
	       rss >= 0 && rss < 256 * 1024, rss >= 0 ? d : "(not run)");
	const result *nc = find(rs, "gen", 1000, "nochange.scratch-db");
	const result *fl = find(rs, "gen", 1000, "floor");
	if (nc)
		fmt_time(a, sizeof(a), nc->median_us);
	target(f, "no-change sync, 1,000 tables < 30 ms", nc != NULL, nc && nc->median_us < 30000,
	       nc ? a : "(not run)");
	if (nc && fl) {
		fmt_time(b, sizeof(b), fl->median_us);
		snprintf(d, sizeof(d), "%.1fx (floor %s)", nc->median_us / fl->median_us, b);
	}
	target(f, "no-change sync within 5x of the bare sqlite_schema read", nc && fl,
	       nc && fl && nc->median_us <= 5 * fl->median_us, nc && fl ? d : "(not run)");

	fprintf(f, "\ntargets (issue 14, gen_cases pairs):\n");
	const result *s3 = find(rs, "gen", 1000, "sync.scratch-db");
	const result *s4 = find(rs, "gen", 10000, "sync.scratch-db");
	const result *m4 = find(rs, "gen", 10000, "materialize.scratch-db");
	double r4 = s4 ? ratio_to_build(rs, s4) : -1;
	snprintf(d, sizeof(d), r4 > 0 ? "%.3gx" : "(not run)", r4);
	target(f, "whole scratch-db sync, 10,000 tables, within 10x of building its schema", r4 > 0,
	       r4 > 0 && r4 <= 10, d);
	snprintf(d, sizeof(d), s4 && m4 ? "%.3gx" : "(not run)",
		 s4 && m4 && m4->median_us > 0 ? s4->median_us / m4->median_us : NAN);
	target(f, "whole scratch-db sync, 10,000 tables, within 10x of materializing its changes",
	       s4 && m4, s4 && m4 && s4->median_us <= 10 * m4->median_us, d);
	e = s3 && s4 ? exponent(s3, s4) : NAN;
	snprintf(d, sizeof(d), "%.3f", e);
	target(f, "whole scratch-db sync growth 1,000 -> 10,000 <= 1.2", s3 && s4, e <= 1.2,
	       s3 && s4 ? d : "(not run)");
	for (long n = 1000; n <= 10000; n *= 10) {
		const result *in = find(rs, "gen", n, "inspect"), *fn = find(rs, "gen", n, "floor");
		char what[96];
		snprintf(what, sizeof(what), "inspection, %ld tables, within 10x of the floor", n);
		snprintf(d, sizeof(d), in && fn ? "%.3gx" : "(not run)",
			 in && fn && fn->median_us > 0 ? in->median_us / fn->median_us : NAN);
		target(f, what, in && fn, in && fn && in->median_us <= 10 * fn->median_us, d);
	}
}

/* ---- JSON --------------------------------------------------------------------------------- */

int report_json(const result_set *rs, const char *path)
{
	cJSON *root = cJSON_CreateObject(), *arr, *fits;
	cJSON_AddStringToObject(root, "schema", "schemasync-bench/1");
	cJSON_AddStringToObject(root, "date", rs->date);
	cJSON_AddStringToObject(root, "machine", rs->machine);
	cJSON_AddStringToObject(root, "sqlite", rs->sqlite_version);
	cJSON_AddNumberToObject(root, "repeat", rs->repeat);
	cJSON_AddNumberToObject(root, "rows", (double)rs->rows);
	arr = cJSON_AddArrayToObject(root, "results");
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "family", r->family);
		cJSON_AddNumberToObject(o, "size", (double)r->size);
		cJSON_AddStringToObject(o, "phase", r->phase);
		if (r->error[0])
			cJSON_AddStringToObject(o, "error", r->error);
		cJSON_AddNumberToObject(o, "median_us", r->median_us);
		cJSON_AddNumberToObject(o, "min_us", r->min_us);
		cJSON_AddNumberToObject(o, "max_us", r->max_us);
		cJSON_AddNumberToObject(o, "q1_us", r->q1_us);
		cJSON_AddNumberToObject(o, "q3_us", r->q3_us);
		cJSON *s = cJSON_AddArrayToObject(o, "samples_us");
		for (int k = 0; k < r->nsamples; k++)
			cJSON_AddItemToArray(s, cJSON_CreateNumber(r->samples_us[k]));
		cJSON_AddNumberToObject(o, "inner", (double)r->inner);
		cJSON_AddNumberToObject(o, "peak_rss_kib", (double)r->peak_rss_kib);
		cJSON_AddNumberToObject(o, "phase_rss_kib", (double)r->phase_rss_kib);
		if (r->instructions >= 0)
			cJSON_AddNumberToObject(o, "instructions", r->instructions);
		cJSON_AddNumberToObject(o, "objects", (double)r->objects);
		cJSON_AddNumberToObject(o, "plan_statements", (double)r->plan_statements);
		const result *p = previous(rs, r);
		if (p && r->median_us > 0 && !r->error[0])
			cJSON_AddNumberToObject(o, "exponent_from_previous", exponent(p, r));
		if (ratio_to_build(rs, r) > 0)
			cJSON_AddNumberToObject(o, "ratio_to_build", ratio_to_build(rs, r));
		cJSON_AddItemToArray(arr, o);
	}
	fits = cJSON_AddArrayToObject(root, "fits");
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		double e;
		if (!first_of_series(rs, i) || results_fit(rs, r->family, r->phase, &e) < 2)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "family", r->family);
		cJSON_AddStringToObject(o, "phase", r->phase);
		cJSON_AddNumberToObject(o, "exponent", e);
		cJSON_AddItemToArray(fits, o);
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return -1;
	FILE *f = fopen(path, "w");
	int rc = -1;
	if (f) {
		rc = fputs(text, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	free(text);
	return rc;
}

static double num(const cJSON *o, const char *k, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void str(const cJSON *o, const char *k, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	snprintf(buf, len, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

int report_load_json(result_set *rs, const char *path, char *errbuf, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	bstr text = {0};
	char chunk[65536];
	size_t n;
	if (f == NULL) {
		snprintf(errbuf, errlen, "%s: cannot open", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bstr_addn(&text, chunk, n);
	fclose(f);
	cJSON *root = cJSON_Parse(bstr_str(&text));
	bstr_free(&text);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "results");
	if (root == NULL || !cJSON_IsArray(arr)) {
		snprintf(errbuf, errlen, "%s: not a schemasync bench JSON file", path);
		cJSON_Delete(root);
		return -1;
	}
	if (!rs->date[0]) {
		str(root, "date", rs->date, sizeof(rs->date));
		str(root, "machine", rs->machine, sizeof(rs->machine));
		str(root, "sqlite", rs->sqlite_version, sizeof(rs->sqlite_version));
		rs->repeat = (int)num(root, "repeat", 0);
		rs->rows = (long)num(root, "rows", 0);
	}
	const cJSON *o;
	cJSON_ArrayForEach(o, arr)
	{
		result *r = results_add(rs);
		str(o, "family", r->family, sizeof(r->family));
		str(o, "phase", r->phase, sizeof(r->phase));
		str(o, "error", r->error, sizeof(r->error));
		r->size = (long)num(o, "size", 0);
		r->median_us = num(o, "median_us", 0);
		r->min_us = num(o, "min_us", 0);
		r->max_us = num(o, "max_us", 0);
		r->q1_us = num(o, "q1_us", 0);
		r->q3_us = num(o, "q3_us", 0);
		r->inner = (long)num(o, "inner", 1);
		r->peak_rss_kib = (long)num(o, "peak_rss_kib", -1);
		r->phase_rss_kib = (long)num(o, "phase_rss_kib", -1);
		r->instructions = num(o, "instructions", -1);
		r->objects = (long)num(o, "objects", -1);
		r->plan_statements = (long)num(o, "plan_statements", -1);
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "samples_us"), *x;
		cJSON_ArrayForEach(x, s)
		{
			if (r->nsamples < BENCH_MAX_SAMPLES && cJSON_IsNumber(x))
				r->samples_us[r->nsamples++] = x->valuedouble;
		}
		if (r->nsamples == 0 && !r->error[0]) {
			r->samples_us[0] = r->median_us;
			r->nsamples = 1;
		}
	}
	cJSON_Delete(root);
	return 0;
}

/* ---- compare ------------------------------------------------------------------------------- */

int report_compare(const result_set *base, const result_set *cur, double tolerance_pct, FILE *f)
{
	int regressions = 0, compared = 0;
	double limit = 1.0 + tolerance_pct / 100.0;
	fprintf(f, "\ncompare against the baseline (tolerance %.1f%%):\n", tolerance_pct);
	for (size_t i = 0; i < cur->n; i++) {
		const result *c = &cur->v[i];
		if (c->error[0]) {
			fprintf(f, "  FAILED %s %ld %s: %s\n", c->family, c->size, c->phase,
				c->error);
			regressions++;
			continue;
		}
		const result *b = find(base, c->family, c->size, c->phase);
		if (b == NULL)
			continue;
		compared++;
		int by_instr = b->instructions > 0 && c->instructions > 0;
		double old = by_instr ? b->instructions : b->median_us;
		double now = by_instr ? c->instructions : c->median_us;
		if (old <= 0)
			continue;
		double ratio = now / old;
		if (ratio > limit) {
			regressions++;
			fprintf(f, "  REGRESSION %-9s %7ld %-22s %s %.4g -> %.4g (%+.1f%%)\n",
				c->family, c->size, c->phase,
				by_instr ? "instructions" : "median us", old, now,
				(ratio - 1) * 100);
		}
		/* the sync against building its schema from nothing, measured in the same run:
		 * a ratio that grew is a regression however fast the machine was that day */
		double rb = ratio_to_build(base, b), rc = ratio_to_build(cur, c);
		if (rb > 0 && rc > 0 && rc / rb > limit) {
			regressions++;
			fprintf(f,
				"  REGRESSION %-9s %7ld %-22s ratio to build %.4g -> %.4g (%+.1f%%)\n",
				c->family, c->size, c->phase, rb, rc, (rc / rb - 1) * 100);
		}
	}
	fprintf(f, "  %d regression(s) in %d compared phase(s)\n", regressions, compared);
	return regressions;
}

/* ---- SVG ----------------------------------------------------------------------------------- */

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
				      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
static const char *const dashes[] = {"", "6,3", "2,3", "8,3,2,3", "1,2", "10,4"};

/*
 * Log-log plot of the median time against size: one polyline per family and phase (colour by
 * phase, dash pattern by family), decade grid lines, axis labels and a legend on the right.
 */
int report_svg(const result_set *rs, const char *path)
{
	int nseries = 0;
	for (size_t i = 0; i < rs->n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(rs->v[j].family, rs->v[i].family) &&
			       !strcmp(rs->v[j].phase, rs->v[i].phase);
		nseries += !seen;
	}
	/* The legend (18 px a line) may need a taller picture than the plot. */
	const double W = 1100, L = 80, R = 760, T = 40, B = 570;
	const double H = fmax(640, T + 30 + nseries * 18);
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		if (r->error[0] || r->median_us <= 0 || r->size <= 0)
			continue;
		xmin = fmin(xmin, log10((double)r->size));
		xmax = fmax(xmax, log10((double)r->size));
		ymin = fmin(ymin, log10(r->median_us));
		ymax = fmax(ymax, log10(r->median_us));
	}
	if (!isfinite(xmin)) {
		xmin = 1;
		xmax = 2;
		ymin = 0;
		ymax = 1;
	}
	xmin = floor(xmin);
	xmax = fmax(ceil(xmax), xmin + 1);
	ymin = floor(ymin);
	ymax = fmax(ceil(ymax), ymin + 1);
#define PX(lx) (L + ((lx)-xmin) / (xmax - xmin) * (R - L))
#define PY(ly) (B - ((ly)-ymin) / (ymax - ymin) * (B - T))
	bstr s = {0};
	bstr_addf(&s,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		  "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
		  "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		  "<text x=\"%.0f\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">schemasync "
		  "bench: median time against schema size (log-log) %s</text>\n",
		  W, H, W, H, (L + R) / 2, rs->date);
	for (double d = xmin; d <= xmax + 1e-9; d += 1) {
		bstr_addf(
			&s,
			"<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.0f</text>\n",
			PX(d), T, PX(d), B, PX(d), B + 18, pow(10, d));
	}
	static const char *const units[] = {"1 us",   "10 us", "100 us", "1 ms",  "10 ms",
					    "100 ms", "1 s",   "10 s",   "100 s", "1000 s"};
	for (double d = ymin; d <= ymax + 1e-9; d += 1) {
		int u = (int)d;
		bstr_addf(
			&s,
			"<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			L, PY(d), R, PY(d), L - 6, PY(d) + 4, u >= 0 && u < 10 ? units[u] : "?");
	}
	bstr_addf(
		&s,
		"<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
		"stroke=\"black\"/>\n"
		"<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">schema size N (tables)</text>\n"
		"<text x=\"18\" y=\"%.0f\" text-anchor=\"middle\" transform=\"rotate(-90 18 "
		"%.0f)\">median time per call</text>\n",
		L, T, R - L, B - T, (L + R) / 2, B + 42, (T + B) / 2, (T + B) / 2);
	/* Series in order of first appearance. */
	int series = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const result *r = &rs->v[i];
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(rs->v[j].family, r->family) &&
			       !strcmp(rs->v[j].phase, r->phase);
		if (seen)
			continue;
		int fam = 0, ph = 0;
		for (size_t k = 0; k < bench_family_count; k++)
			if (!strcmp(bench_families[k], r->family))
				fam = (int)k;
		for (size_t k = 0; k < bench_phase_count; k++)
			if (!strcmp(bench_phases[k], r->phase))
				ph = (int)k;
		const char *color = palette[ph % 10], *dash = dashes[fam % 6];
		/* Points sorted by size. */
		long last = 0;
		int npts = 0;
		bstr pts = {0}, dots = {0};
		for (;;) {
			const result *next = NULL;
			for (size_t j = 0; j < rs->n; j++) {
				const result *x = &rs->v[j];
				if (!strcmp(x->family, r->family) && !strcmp(x->phase, r->phase) &&
				    !x->error[0] && x->median_us > 0 && x->size > last &&
				    (next == NULL || x->size < next->size))
					next = x;
			}
			if (next == NULL)
				break;
			last = next->size;
			double px = PX(log10((double)next->size)), py = PY(log10(next->median_us));
			bstr_addf(&pts, "%.1f,%.1f ", px, py);
			bstr_addf(&dots, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
				  px, py, color);
			npts++;
		}
		if (npts == 0) {
			bstr_free(&pts);
			bstr_free(&dots);
			continue;
		}
		bstr_addf(&s,
			  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s "
			  "points=\"%s\"/>\n%s",
			  color, dash[0] ? " stroke-dasharray=\"" : "", dash, dash[0] ? "\"" : "",
			  bstr_str(&pts), bstr_str(&dots));
		/* a sync's legend line ends with its ratio to build at the largest size */
		bstr note = {0};
		const result *top = find(rs, r->family, last, r->phase);
		if (top && ratio_to_build(rs, top) > 0)
			bstr_addf(&note, " (%.2gx build @%ld)", ratio_to_build(rs, top), last);
		double ly = T + 10 + series * 18;
		bstr_addf(&s,
			  "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" "
			  "stroke-width=\"2\"%s%s%s/>\n"
			  "<text x=\"%.0f\" y=\"%.0f\">%s %s%s</text>\n",
			  R + 20, ly, R + 60, ly, color, dash[0] ? " stroke-dasharray=\"" : "",
			  dash, dash[0] ? "\"" : "", R + 66, ly + 4, r->family, r->phase,
			  bstr_str(&note));
		series++;
		bstr_free(&note);
		bstr_free(&pts);
		bstr_free(&dots);
	}
#undef PX
#undef PY
	bstr_add(&s, "</svg>\n");
	FILE *f = fopen(path, "w");
	int rc = -1;
	if (f) {
		rc = fputs(bstr_str(&s), f) >= 0 ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	bstr_free(&s);
	return rc;
}
