/* SPDX-License-Identifier: MIT */
/*
 * The shrinker. First stage, Hypothesis-style edits of a failing choice sequence: each
 * round truncates the sequence, deletes blocks of choices (64 down to 1 long), zeroes blocks
 * and lowers single values (halve, minus one); the edited sequence is regenerated into a case
 * and rerun, and the edit is kept when the same property still fails. Because the generator
 * maps 0 to the simplest option and reads past the end as 0, every kept edit makes the case
 * smaller or plainer. Second stage, on the case text: statements are dropped one by one.
 */
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Does c still fail the way the shrink keeps: the property, and through an engine also the
 * signature? (The in-process runner counts any failure of the property.) */
static int still_fails(const ss_shrink_options *o, const ss_case *c)
{
	if (o->engine)
		return sh_engine_case_fails(o->engine, c, o->property, o->signature);
	return sh_case_fails(c, o->property);
}

/* Out of time? */
static int expired(const ss_shrink_options *o, double t0)
{
	return o->max_seconds > 0 && now() - t0 > o->max_seconds;
}

/* ---- first stage: the choice sequence ---------------------------------------------------- */

typedef struct shr {
	const ss_shrink_options *o;
	double t0;
	const ss_gen_options *gen;
	int property;
	unsigned runs, max_runs;
	uint64_t *best;
	size_t nbest;
	uint64_t *tmp; /* the candidate being built */
} shr;

/* Shortlex order: fewer choices first, then smaller values. */
static int better(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	if (na != nb)
		return na < nb;
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return 0;
}

/* Does the case of this sequence fail the property? */
static int sequence_fails(shr *s, ss_choices *c)
{
	ss_case *cs = NULL;
	int fails = ss_case_generate(&cs, c, s->gen, NULL) == 0 && still_fails(s->o, cs);
	ss_case_free(cs);
	return fails;
}

/* Try a candidate; on success it becomes the best (as actually consumed). */
static int attempt(shr *s, const uint64_t *cand, size_t n)
{
	if (s->runs >= s->max_runs || expired(s->o, s->t0))
		return 0;
	s->runs++;
	ss_choices *c = NULL;
	ss_choices_new_replay(&c, cand, n);
	int ok = sequence_fails(s, c);
	if (ok) {
		size_t used;
		const uint64_t *v = ss_choices_values(c, &used);
		if (better(v, used, s->best, s->nbest)) {
			free(s->best);
			s->best = sh_malloc((used ? used : 1) * sizeof(uint64_t));
			memcpy(s->best, v, used * sizeof(uint64_t));
			s->nbest = used;
		} else {
			ok = 0;
		}
	}
	ss_choices_free(c);
	return ok;
}

/* A copy of the best sequence in s->tmp. */
static uint64_t *copy_best(shr *s)
{
	s->tmp = sh_realloc(s->tmp, (s->nbest ? s->nbest : 1) * sizeof(uint64_t));
	memcpy(s->tmp, s->best, s->nbest * sizeof(uint64_t));
	return s->tmp;
}

/* Truncate: an exhausted sequence reads as zeros, the simplest choices. */
static int pass_truncate(shr *s)
{
	for (size_t keep = 0; keep < s->nbest; keep = keep ? keep * 2 : 1)
		if (attempt(s, s->best, keep))
			return 1;
	return 0;
}

/* Delete blocks, from the end (later choices depend on earlier ones). */
static int pass_delete(shr *s)
{
	static const size_t ks[] = {64, 32, 16, 8, 4, 2, 1};
	int improved = 0;
	for (size_t ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++) {
		size_t k = ks[ki];
		size_t step = k > 4 ? k / 2 : 1;
		for (size_t i = s->nbest >= k ? s->nbest - k + 1 : 0; i > 0;) {
			i = i > step ? i - step : 0;
			if (i + k > s->nbest)
				continue;
			uint64_t *tmp = copy_best(s);
			memmove(tmp + i, tmp + i + k, (s->nbest - i - k) * sizeof(uint64_t));
			if (attempt(s, tmp, s->nbest - k))
				improved = 1;
		}
	}
	return improved;
}

/* Zero blocks of 16 down to 1 that hold a non-zero value. */
static int pass_zero(shr *s)
{
	int improved = 0;
	for (size_t k = 16; k >= 1; k /= 2) {
		for (size_t i = 0; i + k <= s->nbest; i += k > 4 ? k / 2 : 1) {
			int nz = 0;
			for (size_t j = i; j < i + k; j++)
				nz |= s->best[j] != 0;
			if (!nz)
				continue;
			uint64_t *tmp = copy_best(s);
			memset(tmp + i, 0, k * sizeof(uint64_t));
			if (attempt(s, tmp, s->nbest))
				improved = 1;
		}
		if (k == 1)
			break;
	}
	return improved;
}

/* Lower single values: halve, else minus one. */
static int pass_lower(shr *s)
{
	int improved = 0;
	for (size_t i = 0; i < s->nbest; i++) {
		if (s->best[i] < 2)
			continue;
		uint64_t *tmp = copy_best(s);
		tmp[i] = s->best[i] / 2;
		if (attempt(s, tmp, s->nbest)) {
			improved = 1;
			continue;
		}
		tmp[i] = s->best[i] - 1;
		if (attempt(s, tmp, s->nbest))
			improved = 1;
	}
	return improved;
}

int ss_choices_shrink(ss_choices **out, const ss_choices *failing, const ss_shrink_options *opts,
		      ss_error *err)
{
	assert(out != NULL && failing != NULL && opts != NULL);
	(void)err;
	size_t count;
	const uint64_t *values = ss_choices_values(failing, &count);
	shr s = {opts, now(), &opts->gen, opts->property, 0, opts->max_runs ? opts->max_runs : 2000,
		 NULL, 0,     NULL};
	s.best = sh_malloc((count ? count : 1) * sizeof(uint64_t));
	memcpy(s.best, values, count * sizeof(uint64_t));
	s.nbest = count;
	for (int improved = 1; improved && s.runs < s.max_runs && !expired(opts, s.t0);) {
		improved = pass_truncate(&s);
		improved |= pass_delete(&s);
		improved |= pass_zero(&s);
		improved |= pass_lower(&s);
	}
	*out = sh_choices_recording(s.best, s.nbest);
	free(s.tmp);
	free(s.best);
	return 0;
}

/* ---- second stage: statement-level shrinking of the case text --------------------------- */

/* The statements of v but the skip-th, one per line. */
static char *join_stmts(const sh_strv *v, size_t skip)
{
	sh_buf b;
	sh_buf_init(&b);
	for (size_t i = 0; i < v->n; i++) {
		if (i == skip)
			continue;
		const char *s = v->v[i];
		while (*s == '\n' || *s == ' ')
			s++;
		sh_buf_adds(&b, s);
		sh_buf_addc(&b, '\n');
	}
	return sh_buf_take(&b);
}

/* Try dropping statements of one text (rows, desired or baseline), last first. */
static unsigned shrink_text(ss_case *c, char **field, const ss_shrink_options *o, double t0,
			    unsigned budget)
{
	unsigned runs = 0;
	sh_strv v = {0};
	sh_split_sql(&v, *field);
	for (size_t i = v.n; i-- > 0 && runs < budget && !expired(o, t0);) {
		char *cand = join_stmts(&v, i);
		char *old = *field;
		*field = cand;
		runs++;
		if (still_fails(o, c)) {
			free(old);
			sh_strv_remove(&v, i);
		} else {
			*field = old;
			free(cand);
		}
	}
	sh_strv_free(&v);
	return runs;
}

/* Index of a statement of d that normalizes like s, or d->n. */
static size_t find_same(const sh_strv *d, const char *s)
{
	char *sn = ss_oracle_normalize_sql(s);
	size_t j = 0;
	for (; j < d->n; j++) {
		char *dn = ss_oracle_normalize_sql(d->v[j]);
		int same = !strcmp(sn, dn);
		free(dn);
		if (same)
			break;
	}
	free(sn);
	return j;
}

/* Try dropping a statement that baseline and desired share, from both at once. */
static unsigned shrink_shared(ss_case *c, const ss_shrink_options *o, double t0, unsigned budget)
{
	unsigned runs = 0;
	sh_strv b = {0}, d = {0};
	sh_split_sql(&b, c->baseline);
	sh_split_sql(&d, c->desired);
	for (size_t i = b.n; i-- > 0 && runs < budget && !expired(o, t0);) {
		size_t j = find_same(&d, b.v[i]);
		if (j == d.n)
			continue;
		char *cb = join_stmts(&b, i), *cd = join_stmts(&d, j);
		char *ob = c->baseline, *od = c->desired;
		c->baseline = cb;
		c->desired = cd;
		runs++;
		if (still_fails(o, c)) {
			free(ob);
			free(od);
			sh_strv_remove(&b, i);
			sh_strv_remove(&d, j);
		} else {
			c->baseline = ob;
			c->desired = od;
			free(cb);
			free(cd);
		}
	}
	sh_strv_free(&b);
	sh_strv_free(&d);
	return runs;
}

static size_t text_size(const ss_case *c)
{
	return strlen(c->baseline) + strlen(c->rows) + strlen(c->desired);
}

static unsigned left(unsigned max_runs, unsigned runs)
{
	return max_runs > runs ? max_runs - runs : 0;
}

int ss_case_shrink(ss_case **out, const ss_case *c, const ss_shrink_options *opts, ss_error *err)
{
	assert(out != NULL && c != NULL && opts != NULL);
	*out = NULL;
	/* a copy: the generator's prebuilt database would not match the edited text */
	ss_case *s = sh_case_copy(c);
	int property = opts->property;
	unsigned runs = 0, max_runs = opts->max_runs;
	double t0 = now();
	if (!still_fails(opts, s)) {
		ss_case_free(s);
		return sh_fail(err, SS_E_MISUSE, "the case does not fail %s: nothing to shrink",
			       ss_property_name(property));
	}
	for (int round = 0; round < 3 && runs < max_runs && !expired(opts, t0); round++) {
		size_t before = text_size(s);
		runs += shrink_text(s, &s->rows, opts, t0, max_runs - runs);
		runs += shrink_shared(s, opts, t0, left(max_runs, runs));
		/* one-sided edits would break "same up to formatting" */
		if (!s->same_model) {
			runs += shrink_text(s, &s->desired, opts, t0, left(max_runs, runs));
			runs += shrink_text(s, &s->baseline, opts, t0, left(max_runs, runs));
		}
		runs += shrink_text(s, &s->rows, opts, t0, left(max_runs, runs));
		if (text_size(s) == before)
			break;
	}
	*out = s;
	return 0;
}
