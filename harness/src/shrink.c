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

/* ---- second stage: statement-level shrinking of the case text --------------------------- */

/* Split SQL into statements (each with its ';'), respecting trigger bodies. */
static size_t split_sql(const char *sql, char ***out)
{
	char **v = NULL;
	size_t n = 0;
	const char *start = sql, *p = sql;
	int saw_trigger = 0, in_body = 0, words = 0;
	for (;;) {
		sh_tok k;
		size_t len = sh_token(p, &k);
		int end_stmt = 0;
		if (k == SH_EOF || len == 0) {
			end_stmt = 1;
		} else if (k == SH_WORD) {
			if (words < 6 && len == 7 && !sh_strnicmp(p, "trigger", 7))
				saw_trigger = 1;
			else if (saw_trigger && len == 5 && !sh_strnicmp(p, "begin", 5))
				in_body = 1;
			else if (in_body && len == 3 && !sh_strnicmp(p, "end", 3))
				in_body = 0, saw_trigger = 0;
			words++;
		} else if (k == SH_PUNCT && *p == ';' && !in_body) {
			p += len;
			end_stmt = 1;
			len = 0;
		}
		if (end_stmt) {
			/* keep only statements with a token that is not space or comment */
			int real = 0;
			for (const char *q = start; q < p;) {
				sh_tok k2;
				size_t l2 = sh_token(q, &k2);
				if (!l2)
					break;
				if (k2 != SH_SPACE && k2 != SH_COMMENT)
					real = 1;
				q += l2;
			}
			if (real) {
				v = sh_realloc(v, (n + 1) * sizeof(char *));
				v[n++] = sh_strndup(start, (size_t)(p - start));
			}
			if (k == SH_EOF || (len == 0 && !*p))
				break;
			start = p;
			saw_trigger = in_body = words = 0;
			if (!*p)
				break;
			continue;
		}
		p += len;
	}
	*out = v;
	return n;
}

static char *join_stmts(char **v, size_t n, size_t skip)
{
	sh_buf b;
	sh_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i == skip)
			continue;
		const char *s = v[i];
		while (*s == '\n' || *s == ' ')
			s++;
		sh_buf_adds(&b, s);
		sh_buf_addc(&b, '\n');
	}
	return sh_buf_take(&b);
}

static int still_fails(const ss_case *c, int property)
{
	ss_result r;
	ss_run_case(&r, c, 0);
	int ok = !r.invalid && (r.failed & (1u << property));
	ss_result_clear(&r);
	return ok;
}

static void free_stmts(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Try dropping statements of one text (rows, desired or baseline), last first. */
static unsigned shrink_text(ss_case *c, char **field, int property, unsigned budget)
{
	unsigned runs = 0;
	char **v;
	size_t n = split_sql(*field, &v);
	for (size_t i = n; i-- > 0 && runs < budget;) {
		char *cand = join_stmts(v, n, i);
		char *old = *field;
		*field = cand;
		runs++;
		if (still_fails(c, property)) {
			free(old);
			free(v[i]);
			memmove(&v[i], &v[i + 1], (n - i - 1) * sizeof(char *));
			n--;
		} else {
			*field = old;
			free(cand);
		}
	}
	free_stmts(v, n);
	return runs;
}

/* Try dropping a statement that baseline and desired share, from both at once. */
static unsigned shrink_shared(ss_case *c, int property, unsigned budget)
{
	unsigned runs = 0;
	char **b, **d;
	size_t nb = split_sql(c->baseline, &b), nd = split_sql(c->desired, &d);
	for (size_t i = nb; i-- > 0 && runs < budget;) {
		char *bn = ss_oracle_normalize_sql(b[i]);
		for (size_t j = 0; j < nd; j++) {
			char *dn = ss_oracle_normalize_sql(d[j]);
			int same = !strcmp(bn, dn);
			free(dn);
			if (!same)
				continue;
			char *cb = join_stmts(b, nb, i), *cd = join_stmts(d, nd, j);
			char *ob = c->baseline, *od = c->desired;
			c->baseline = cb;
			c->desired = cd;
			runs++;
			if (still_fails(c, property)) {
				free(ob);
				free(od);
				free(b[i]);
				memmove(&b[i], &b[i + 1], (nb - i - 1) * sizeof(char *));
				nb--;
				free(d[j]);
				memmove(&d[j], &d[j + 1], (nd - j - 1) * sizeof(char *));
				nd--;
			} else {
				c->baseline = ob;
				c->desired = od;
				free(cb);
				free(cd);
			}
			break;
		}
		free(bn);
	}
	free_stmts(b, nb);
	free_stmts(d, nd);
	return runs;
}

int ss_shrink_case_sql(ss_case *c, int property, unsigned max_runs)
{
	unsigned runs = 0;
	/* the generator's prebuilt database no longer matches once the text is edited */
	sqlite3_close(c->pristine);
	c->pristine = NULL;
	if (!still_fails(c, property))
		return 0;
	for (int round = 0; round < 3 && runs < max_runs; round++) {
		size_t before = strlen(c->baseline) + strlen(c->rows) + strlen(c->desired);
		runs += shrink_text(c, &c->rows, property, max_runs - runs);
		runs += shrink_shared(c, property, max_runs > runs ? max_runs - runs : 0);
		/* one-sided edits would break "same up to formatting" */
		if (!c->same_model) {
			runs += shrink_text(c, &c->desired, property,
					    max_runs > runs ? max_runs - runs : 0);
			runs += shrink_text(c, &c->baseline, property,
					    max_runs > runs ? max_runs - runs : 0);
		}
		runs += shrink_text(c, &c->rows, property, max_runs > runs ? max_runs - runs : 0);
		if (strlen(c->baseline) + strlen(c->rows) + strlen(c->desired) == before)
			break;
	}
	return 1;
}
