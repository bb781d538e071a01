/* SPDX-License-Identifier: MIT */
/*
 * P3 rows preserved: the rows of every desired table equal the reference migration's on the
 * compared columns (sorted, type-tagged values; time-dependent defaults and columns that
 * stop being generated are not compared), excluded tables are untouched, and AUTOINCREMENT
 * counters never decrease.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns P3 compares for desired table d given baseline table b (NULL: new table). */
static void compared_cols(sh_buf *sel, sh_tdesc *d, sh_tdesc *b, const char *skip, int *with_rowid)
{
	*with_rowid = b && !b->wr && !d->wr && !d->alias && b->rowid && d->rowid;
	int first = 1;
	if (*with_rowid) {
		sh_buf_adds(sel, d->rowid);
		first = 0;
	}
	for (int i = 0; i < d->ncols; i++) {
		sh_tcol *c = &d->cols[i];
		if (c->hidden || (skip && !sh_stricmp(c->name, skip)))
			continue;
		/* a generated column that becomes a plain one: whether it keeps the computed
		 * values or starts from its default is not specified; not compared */
		sh_tcol *o = b ? sh_tcol_find(b, c->name) : NULL;
		if (o && o->hidden)
			continue;
		if (c->dflt && (strstr(c->dflt, "CURRENT_") || strstr(c->dflt, "current_") ||
				sh_strnicmp(c->dflt, "current", 7) == 0))
			continue; /* time-dependent */
		if (!first)
			sh_buf_adds(sel, ", ");
		first = 0;
		sh_buf_ident(sel, c->name);
	}
	if (first)
		sh_buf_adds(sel, "1");
}

/* ---- P3 ---------------------------------------------------------------------------------- */

/* The rows of table on cols, sorted, one type-tagged line each. */
static char *rows_of(sqlite3 *db, const char *table, const char *cols)
{
	sh_buf q, out;
	sh_buf_init(&q);
	sh_buf_init(&out);
	sh_buf_printf(&q, "SELECT %s FROM main.", cols);
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	if (!st) {
		sh_buf_printf(&out, "! %s: %s", q.data, sqlite3_errmsg(db));
		sh_buf_free(&q);
		return sh_buf_take(&out);
	}
	sh_buf_free(&q);
	sh_strv rows = {0};
	while (sqlite3_step(st) == SQLITE_ROW)
		sh_strv_push(&rows, sh_row_line(st));
	sqlite3_finalize(st);
	sh_strv_flush(&rows, &out, "");
	return sh_buf_take(&out);
}

/*
 * The rowid alias column of d when SQLite chose its values at random: a NULL copied into
 * an INTEGER PRIMARY KEY gets max(rowid) + 1, or, once the largest rowid is 2^63 - 1, a
 * random unused one, so the engine's copy and the reference cannot agree on it. Else NULL.
 */
static const char *random_alias(sh_judge *x, sh_tdesc *d, sh_tdesc *b)
{
	const char *alias = NULL;
	for (int i = 0; d->alias && i < d->ncols && !alias; i++)
		if (d->cols[i].pk)
			alias = d->cols[i].name;
	sh_tcol *o = alias && b ? sh_tcol_find(b, alias) : NULL;
	if (o == NULL || o->hidden)
		return NULL;
	int random = sh_rowids_at_max(x->ref, d->name);
	sh_buf q;
	sh_buf_init(&q);
	if (random) {
		sqlite3_stmt *st;
		sh_buf_adds(&q, "SELECT 1 FROM main.");
		sh_buf_ident(&q, b->name);
		sh_buf_adds(&q, " WHERE ");
		sh_buf_ident(&q, o->name);
		sh_buf_adds(&q, " IS NULL");
		st = sh_prepare(x->pristine, q.data);
		random = st && sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	sh_buf_free(&q);
	return random ? alias : NULL;
}

/* Columns kept from b into d: named in both, generated on neither side. */
static int kept_count(sh_tdesc *d, sh_tdesc *b)
{
	int n = 0;
	for (int i = 0; i < d->ncols; i++) {
		sh_tcol *o = sh_tcol_find(b, d->cols[i].name);
		n += !d->cols[i].hidden && o && !o->hidden;
	}
	return n;
}

/* Desired table i of dl against the reference; a violation when its rows differ. */
static void compare_table(sh_judge *x, sqlite3 *live, const sh_tlist *dl, int i, const sh_tlist *bl)
{
	int k = sh_tlist_find(bl, dl->names[i]);
	if (k >= 0 && sh_judge_excluded(x, bl->names[k]))
		k = -1;
	sh_tdesc *d = sh_judge_tdesc(x, x->alone, dl->names[i], dl->wr[i]);
	sh_tdesc *b = k >= 0 ? sh_judge_tdesc(x, x->pristine, bl->names[k], bl->wr[k]) : NULL;
	/* no column survives: whether the rows do (with defaults) is not specified */
	if (!b || kept_count(d, b)) {
		sh_buf cols;
		sh_buf_init(&cols);
		int with_rowid;
		compared_cols(&cols, d, b, b ? random_alias(x, d, b) : NULL, &with_rowid);
		char *want = rows_of(x->ref, d->name, cols.data);
		char *got = rows_of(live, d->name, cols.data);
		if (strcmp(want, got)) {
			char diff[600];
			ss_oracle_diff(diff, sizeof(diff), got, want);
			sh_violate(x, SS_P3, "rows of table %s (%s) differ: %s", d->name, cols.data,
				   diff);
		}
		free(want);
		free(got);
		sh_buf_free(&cols);
	}
}

static void compare_desired_tables(sh_judge *x, sqlite3 *live)
{
	const sh_tlist *dl = sh_judge_tlist(x, x->alone), *bl = sh_judge_tlist(x, x->pristine);
	for (int i = 0; i < dl->n && !(x->res->failed & (1u << SS_P3)); i++)
		if (!sh_judge_excluded(x, dl->names[i]))
			compare_table(x, live, dl, i, bl);
}

static void excluded_untouched(sh_judge *x, sqlite3 *live)
{
	const sh_tlist *pl = sh_judge_tlist(x, x->pristine);
	for (int i = 0; i < pl->n; i++) {
		if (!sh_judge_excluded(x, pl->names[i]))
			continue;
		sh_buf a, b;
		sh_buf_init(&a);
		sh_buf_init(&b);
		sh_dump_rows(&a, x->pristine, pl->names[i], !pl->wr[i]);
		sh_dump_rows(&b, live, pl->names[i], !pl->wr[i]);
		if (strcmp(a.data ? a.data : "", b.data ? b.data : ""))
			sh_violate(x, SS_P3, "excluded table %s changed", pl->names[i]);
		sh_buf_free(&a);
		sh_buf_free(&b);
	}
}

/* Does the desired table name keep AUTOINCREMENT? */
static int desired_autoinc(sh_judge *x, const char *name)
{
	const sh_tlist *dl = sh_judge_tlist(x, x->alone);
	int k = sh_tlist_find(dl, name);
	return k >= 0 && sh_judge_tdesc(x, x->alone, dl->names[k], dl->wr[k])->autoinc;
}

/* The live sqlite_sequence value of name, -1 when it has none. */
static sqlite3_int64 live_sequence(sqlite3 *live, const char *name)
{
	sqlite3_stmt *q = sh_prepare(live, "SELECT max(seq) FROM main.sqlite_sequence WHERE "
					   "name = ?1 COLLATE NOCASE");
	sqlite3_int64 after = -1;
	if (q) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
			after = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return after;
}

static void counters_kept(sh_judge *x, sqlite3 *live)
{
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT name, seq FROM main.sqlite_sequence");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sqlite3_int64 before = sqlite3_column_int64(st, 1);
		if (!name || before <= 0 || !desired_autoinc(x, name))
			continue;
		sqlite3_int64 after = live_sequence(live, name);
		if (after < before)
			sh_violate(x, SS_P3, "sqlite_sequence of %s went from %lld to %lld", name,
				   (long long)before, (long long)after);
	}
	sqlite3_finalize(st);
}

void sh_oracle_p3_rows(sh_judge *x, sqlite3 *live)
{
	if (!x->rows_ok && !x->fk_only) {
		/* SQLite rejects the rows in the desired schema: a refusal to invent data aside,
		 * the sync should have failed */
		if (!x->may_refuse)
			sh_violate(x, SS_P3,
				   "sync succeeded but SQLite rejects the rows in the desired "
				   "schema (%s)",
				   x->why);
		return;
	}
	/* the reference holds every row */
	sh_checked(x, SS_P3);
	compare_desired_tables(x, live);
	excluded_untouched(x, live);
	counters_kept(x, live);
}
