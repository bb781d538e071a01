/* SPDX-License-Identifier: MIT */
/*
 * The shrinker: Hypothesis-style edits of a failing choice sequence. Each pass deletes
 * blocks of choices (8, 4, 2, 1 long), zeroes them, and lowers single values (halve, minus
 * one); the edited sequence is regenerated into a case and rerun, and the edit is kept when
 * the same property still fails. Because the generator maps 0 to the simplest option and
 * reads past the end as 0, every kept edit makes the case smaller or plainer.
 */
#include "hint.h"

#include <stdlib.h>
#include <string.h>

typedef struct shr {
	const ss_gen_options *opts;
	int property;
	unsigned runs, max_runs;
	uint64_t *best;
	size_t nbest;
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

/* Try a candidate; on success it becomes the best (as actually consumed). */
static int attempt(shr *s, const uint64_t *cand, size_t n)
{
	if (s->runs >= s->max_runs)
		return 0;
	s->runs++;
	ss_choices *c = ss_choices_new_replay(cand, n);
	ss_case *cs = NULL;
	int ok = 0;
	if (ss_gen_case(&cs, c, s->opts) == SS_GEN_OK) {
		ss_result r;
		ss_run_case(&r, cs, 0);
		ok = !r.invalid && (r.failed & (1u << s->property));
		ss_result_clear(&r);
	}
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
	ss_case_free(cs);
	ss_choices_free(c);
	return ok;
}

int ss_shrink(uint64_t **out, size_t *out_count, const uint64_t *values, size_t count,
	      const ss_gen_options *opts, int property, unsigned max_runs)
{
	shr s = {opts, property, 0, max_runs ? max_runs : 2000, NULL, 0};
	s.best = sh_malloc((count ? count : 1) * sizeof(uint64_t));
	memcpy(s.best, values, count * sizeof(uint64_t));
	s.nbest = count;
	uint64_t *tmp = NULL;
	for (int improved = 1; improved && s.runs < s.max_runs;) {
		improved = 0;
		/* truncate: an exhausted sequence reads as zeros, the simplest choices */
		for (size_t keep = 0; keep < s.nbest; keep = keep ? keep * 2 : 1) {
			if (attempt(&s, s.best, keep)) {
				improved = 1;
				break;
			}
		}
		/* delete blocks, from the end (later choices depend on earlier ones) */
		static const size_t ks[] = {64, 32, 16, 8, 4, 2, 1};
		for (size_t ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++) {
			size_t k = ks[ki];
			size_t step = k > 4 ? k / 2 : 1;
			for (size_t i = s.nbest >= k ? s.nbest - k + 1 : 0; i > 0;) {
				i = i > step ? i - step : 0;
				if (i + k > s.nbest)
					continue;
				tmp = sh_realloc(tmp, (s.nbest ? s.nbest : 1) * sizeof(uint64_t));
				memcpy(tmp, s.best, i * sizeof(uint64_t));
				memcpy(tmp + i, s.best + i + k,
				       (s.nbest - i - k) * sizeof(uint64_t));
				if (attempt(&s, tmp, s.nbest - k))
					improved = 1;
			}
		}
		/* zero blocks, then lower single values */
		for (size_t k = 16; k >= 1; k /= 2) {
			for (size_t i = 0; i + k <= s.nbest; i += k > 4 ? k / 2 : 1) {
				int nz = 0;
				for (size_t j = i; j < i + k; j++)
					nz |= s.best[j] != 0;
				if (!nz)
					continue;
				tmp = sh_realloc(tmp, s.nbest * sizeof(uint64_t));
				memcpy(tmp, s.best, s.nbest * sizeof(uint64_t));
				memset(tmp + i, 0, k * sizeof(uint64_t));
				if (attempt(&s, tmp, s.nbest))
					improved = 1;
			}
			if (k == 1)
				break;
		}
		for (size_t i = 0; i < s.nbest; i++) {
			if (s.best[i] < 2)
				continue;
			tmp = sh_realloc(tmp, s.nbest * sizeof(uint64_t));
			memcpy(tmp, s.best, s.nbest * sizeof(uint64_t));
			tmp[i] = s.best[i] / 2;
			if (attempt(&s, tmp, s.nbest)) {
				improved = 1;
				continue;
			}
			tmp[i] = s.best[i] - 1;
			if (attempt(&s, tmp, s.nbest))
				improved = 1;
		}
	}
	free(tmp);
	*out = s.best;
	*out_count = s.nbest;
	return 0;
}
