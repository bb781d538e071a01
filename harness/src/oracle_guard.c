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

/* Every column of the baseline table name is still in live. */
static void columns_kept(sh_judge *x, sqlite3 *live, const char *name)
{
	sh_tdesc b, l;
	sh_tdesc_read(&b, x->pristine, name, 0);
	sh_tdesc_read(&l, live, name, 0);
	for (int i = 0; i < b.ncols; i++)
		if (!sh_tcol_find(&l, b.cols[i].name)) {
			sh_violate(x, SS_P8, "allowDestructive=false but column %s.%s was dropped",
				   name, b.cols[i].name);
			break;
		}
	sh_tdesc_free(&b);
	sh_tdesc_free(&l);
}

void sh_oracle_p8_guard(sh_judge *x, sqlite3 *live)
{
	sh_checked(x, SS_P8);
	sqlite3_stmt *st =
		sh_prepare(x->pristine, "SELECT type, name FROM main.sqlite_schema WHERE "
					"sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
					"ESCAPE '\\' AND" SH_NOT_SHADOW("name"));
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		/* a crashed sync's scratch leftovers are not part of the schema: removing them
		 * is cleanup, not a destructive change (SPEC §1) */
		if (!strncmp(name, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX)))
			continue;
		if (!object_kept(live, type, name)) {
			sh_violate(x, SS_P8, "allowDestructive=false but %s %s was dropped", type,
				   name);
			break;
		}
		/* an R*Tree keeps its values by position: renamed bounds lose nothing (its rows
		 * are judged by oracle_vtab.c) */
		if (!strcmp(type, "table") && !sh_vtab_positional(x->pristine, name))
			columns_kept(x, live, name);
	}
	sqlite3_finalize(st);
}
