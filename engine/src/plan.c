/* SPDX-License-Identifier: MIT */
/*
 * The plan container: an ordered list of statements, each with its reason comment ("" when
 * self-explanatory) and a destructive flag, all text in one growable buffer; the public
 * accessors, the SQL rendering, and the destructive guard (the engine's only one).
 *
 * Example: a plan of two statements renders (ss_plan_to_sql) as
 *   -- rebuilding table "t": column "a" type changed from INT to TEXT
 *   CREATE TABLE "__sqlfu_sync_new_t" (a TEXT);
 *   ...
 */
#include "plan.h"

#include <string.h>

ss_plan *ss__plan_new(void)
{
	ss_plan *p = ss__calloc(1, sizeof(ss_plan));
	if (p != NULL)
		ss_buf_init(&p->text);
	return p;
}

int ss__plan_add(ss_plan *p, const char *sql, const char *reason, int destructive)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		size_t *s = ss__realloc(p->sql_at, cap * sizeof(size_t));
		if (s == NULL)
			return SS_E_NOMEM;
		p->sql_at = s;
		size_t *r = ss__realloc(p->reason_at, cap * sizeof(size_t));
		if (r == NULL)
			return SS_E_NOMEM;
		p->reason_at = r;
		unsigned char *d = ss__realloc(p->destructive, cap);
		if (d == NULL)
			return SS_E_NOMEM;
		p->destructive = d;
		p->cap = cap;
	}
	size_t s = p->text.len;
	ss_buf_add(&p->text, sql, strlen(sql) + 1);
	size_t r = p->text.len;
	if (reason != NULL)
		ss_buf_adds(&p->text, reason);
	ss_buf_add(&p->text, "", 1);
	if (p->text.failed)
		return SS_E_NOMEM;
	p->sql_at[p->n] = s;
	p->reason_at[p->n] = r;
	p->destructive[p->n] = (unsigned char)(destructive != 0);
	p->n++;
	return 0;
}

size_t ss_plan_count(const ss_plan *p)
{
	return p ? p->n : 0;
}

const char *ss_plan_statement(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->text.data + p->sql_at[i] : NULL;
}

const char *ss_plan_reason(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->text.data + p->reason_at[i] : NULL;
}

int ss_plan_is_destructive(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->destructive[i] : 0;
}

ss_strategy ss_plan_strategy(const ss_plan *p)
{
	return p ? p->strategy : SS_STRATEGY_AUTO;
}

double ss_plan_phase_usec(const ss_plan *p, int phase)
{
	return (p && phase >= 0 && phase < 4) ? p->usec[phase] : 0.0;
}

char *ss_plan_to_sql(const ss_plan *p)
{
	ss_buf b;
	ss_buf_init(&b);
	for (size_t i = 0; p && i < p->n; i++) {
		if (ss_plan_reason(p, i)[0])
			ss_buf_printf(&b, "-- %s\n", ss_plan_reason(p, i));
		ss_buf_adds(&b, ss_plan_statement(p, i));
		ss_buf_adds(&b, ";\n");
	}
	return ss_buf_detach(&b);
}

void ss_plan_free(ss_plan *p)
{
	if (p == NULL)
		return;
	ss_buf_free(&p->text);
	ss_free(p->sql_at);
	ss_free(p->reason_at);
	ss_free(p->destructive);
	ss_free(p->destructive_summary);
	ss_free(p);
}

int ss__plan_guard(const ss_plan *p, const ss_options *opts, ss_error *err)
{
	if (!opts->allow_destructive && p->destructive_summary != NULL)
		return ss__fail(err, SS_E_DESTRUCTIVE,
				"refusing destructive changes (allow destructive is off): %s",
				p->destructive_summary);
	return 0;
}
