/* SPDX-License-Identifier: MIT */
/*
 * What the planner exposes to the sync and apply layers: the plan container (struct
 * ss_plan, filled with ss__plan_add) and its properties that the apply needs.
 */
#ifndef SS_PLAN_H
#define SS_PLAN_H

#include "model.h"

struct ss_plan {
	/* Every statement and reason, each ending in NUL, in one buffer (one allocation per
	 * doubling, not two per statement); sql_at / reason_at are offsets into it. */
	ss_buf text;
	size_t *sql_at;
	size_t *reason_at;
	unsigned char *destructive;
	size_t n, cap;
	ss_strategy strategy;
	double usec[4];
	/* A rebuilt or dropped table is referenced by another table's foreign key: with
	 * enforcement on, the apply must switch it off around the transaction. */
	int touches_referenced;
	/* A table is rebuilt (its rows copied): with enforcement on, a copy into a table whose
	 * parent table is created later in the plan would fail. */
	int copies_rows;
	/* ... and the referencing tables hold rows (so enforcement cannot stay on). */
	int referencing_rows;
	char *destructive_summary; /* what would be lost, for SS_E_DESTRUCTIVE messages */
};

ss_plan *ss__plan_new(void);
int ss__plan_add(ss_plan *p, const char *sql, const char *reason, int destructive);

/*
 * The destructive guard, the engine's only one: with opts->allow_destructive off, a plan
 * that drops a table, column, index, view or trigger (other than drop-and-recreate of an
 * unchanged dependent) fails with SS_E_DESTRUCTIVE naming the destructive statements. The
 * plan stays the caller's, so it can be shown.
 */
int ss__plan_guard(const ss_plan *p, const ss_options *opts, ss_error *err);

#endif
