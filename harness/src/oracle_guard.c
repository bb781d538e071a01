/* SPDX-License-Identifier: MIT */
/*
 * P8 guard: with allowDestructive=false, a successful sync has lost no table, index, view,
 * trigger or column of the baseline (names compared case-insensitively); a refusal must be
 * atomic (P5).
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does live hold an object of this type and name (ASCII case-insensitively)? */
static int object_kept(sqlite3 *live, const char *type, const char *name)
{
	sqlite3_stmt *q = sh_prepare(live, "SELECT 1 FROM main.sqlite_schema WHERE type = ?1 AND "
					   "name = ?2 COLLATE NOCASE");
	int found = 0;
	if (q) {
		sqlite3_bind_text(q, 1, type, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, name, -1, SQLITE_TRANSIENT);
		found = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
	}
	return found;
}

/* The first column of the baseline table name that live lacks ("table.column" into lost). */
static void column_lost(sh_judge *x, sqlite3 *live, const char *name, char *lost, size_t len)
{
	const sh_tdesc *b = sh_judge_tdesc(x, x->pristine, name, 0);
	sh_tdesc l;
	sh_tdesc_read(&l, live, name, 0);
	for (int i = 0; i < b->ncols && !lost[0]; i++)
		if (!sh_tcol_find(&l, b->cols[i].name))
			snprintf(lost, len, "column %s.%s", name, b->cols[i].name);
	sh_tdesc_free(&l);
}

/* The first table, index, view, trigger or column of the baseline that live lacks, into
 * lost ("" when nothing is gone). */
static void first_lost(sh_judge *x, sqlite3 *live, char *lost, size_t len)
{
	lost[0] = 0;
	sqlite3_stmt *st =
		sh_prepare(x->pristine, "SELECT type, name FROM main.sqlite_schema WHERE "
					"sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
					"ESCAPE '\\' AND" SH_NOT_SHADOW("name"));
	while (st && !lost[0] && sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		/* a crashed sync's scratch leftovers are not part of the schema: removing them
		 * is cleanup, not a destructive change (SPEC §1) */
		if (!strncmp(name, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX)))
			continue;
		if (!object_kept(live, type, name))
			snprintf(lost, len, "%s %s", type, name);
		/* an R*Tree keeps its values by position: renamed bounds lose nothing (its rows
		 * are judged by oracle_vtab.c) */
		else if (!strcmp(type, "table") && !sh_vtab_positional(x->pristine, name))
			column_lost(x, live, name, lost, len);
	}
	sqlite3_finalize(st);
}

/*
 * After a successful sync: with allowDestructive=false nothing of the baseline is gone and no
 * statement of the plan is flagged destructive (the guard would have refused it); with it
 * on, a plan that lost something flags at least one statement (ss_plan_is_destructive: a
 * statement that drops what the desired schema does not recreate unchanged), since the
 * flags are what the guard and a caller showing "what would be dropped" go by. plan NULL (an
 * engine under test, a faulted run): the flags are not checked.
 */
void sh_oracle_p8_guard(sh_judge *x, sqlite3 *live, const ss_plan *plan)
{
	char lost[300];
	size_t n = plan ? ss_plan_count(plan) : 0, flagged = n;
	for (size_t i = 0; i < n && flagged == n; i++)
		if (ss_plan_is_destructive(plan, i))
			flagged = i;
	sh_checked(x, SS_P8);
	first_lost(x, live, lost, sizeof(lost));
	if (!x->c->config.allow_destructive && lost[0])
		sh_violate(x, SS_P8, "allowDestructive=false but %s was dropped", lost);
	else if (!x->c->config.allow_destructive && flagged < n)
		sh_violate(x, SS_P8,
			   "allowDestructive=false and the sync succeeded, but statement %zu is "
			   "flagged destructive: %.200s",
			   flagged + 1, ss_plan_statement(plan, flagged));
	else if (lost[0] && plan && flagged == n)
		sh_violate(x, SS_P8,
			   "%s was dropped, but no statement of the plan is flagged "
			   "destructive (ss_plan_is_destructive)",
			   lost);
}
