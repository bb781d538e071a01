/* SPDX-License-Identifier: MIT */
/*
 * The reference migration: what SQLite itself says the desired schema makes of the baseline
 * rows. The baseline rows are copied into a copy of the desired schema built alone, on the
 * kept columns (named in both, case-insensitively, generated on neither side) with their
 * rowids and with triggers off; new columns take their defaults, the indexes judge the rows
 * as they go in, and foreign_key_check runs. When SQLite accepts all of that the rows fit
 * and a sync must succeed (P1) with exactly these rows (P3); when not, a failed sync is
 * expected and must be atomic (P5), and a successful one is a P3 violation.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy the baseline rows of b (pristine) into d (ref) on the kept columns. */
static void ref_copy(sh_judge *x, sh_tdesc *d, sh_tdesc *b)
{
	sh_buf sel, ins;
	sh_buf_init(&sel);
	sh_buf_init(&ins);
	/* rowids are kept where both sides can name them (a column named rowid hides it) */
	int with_rowid = !b->wr && !d->wr && !d->alias && b->rowid && d->rowid;
	int n = 0;
	if (with_rowid)
		sh_buf_printf(&sel, "SELECT %s", b->rowid);
	else
		sh_buf_adds(&sel, "SELECT NULL");
	sh_buf_adds(&ins, "INSERT INTO main.");
	sh_buf_ident(&ins, d->name);
	if (with_rowid)
		sh_buf_printf(&ins, " (%s", d->rowid);
	else
		sh_buf_adds(&ins, " (");
	for (int i = 0; i < d->ncols; i++) {
		sh_tcol *c = &d->cols[i];
		sh_tcol *o = sh_tcol_find(b, c->name);
		if (c->hidden || !o || o->hidden)
			continue;
		sh_buf_adds(&sel, ", ");
		sh_buf_ident(&sel, o->name);
		if (with_rowid || n)
			sh_buf_adds(&ins, ", ");
		sh_buf_ident(&ins, c->name);
		n++;
	}
	if (!n && !with_rowid) {
		/* no kept column: the rows are gone with their columns; count them only */
		sh_buf_free(&sel);
		sh_buf_free(&ins);
		return;
	}
	sh_buf_adds(&sel, " FROM main.");
	sh_buf_ident(&sel, b->name);
	sh_buf_adds(&ins, ") VALUES (");
	for (int i = 0; i < n + with_rowid; i++)
		sh_buf_adds(&ins, i ? ", ?" : "?");
	sh_buf_adds(&ins, ")");
	sqlite3_stmt *s = sh_prepare(x->pristine, sel.data), *w = sh_prepare(x->ref, ins.data);
	if (!s || !w) {
		x->rows_ok = 0;
		snprintf(x->why, sizeof(x->why), "cannot copy rows of %s: %s", b->name,
			 sqlite3_errmsg(w ? x->pristine : x->ref));
	}
	while (s && w && sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < n + with_rowid; i++)
			sqlite3_bind_value(w, i + 1, sqlite3_column_value(s, i + !with_rowid));
		if (sqlite3_step(w) != SQLITE_DONE && x->rows_ok) {
			x->rows_ok = 0;
			snprintf(x->why, sizeof(x->why), "row of %s does not fit: %s", b->name,
				 sqlite3_errmsg(x->ref));
		}
		sqlite3_reset(w);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(w);
	sh_buf_free(&sel);
	sh_buf_free(&ins);
}

static int has_rows(sh_judge *x, sh_tdesc *b)
{
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_adds(&q, "SELECT 1 FROM main.");
	sh_buf_ident(&q, b->name);
	sqlite3_stmt *st = sh_prepare(x->pristine, q.data);
	sh_buf_free(&q);
	int rows = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return rows;
}

/* parent[i * n + j]: desired table i references desired table j (not itself). */
static char *read_parents(sqlite3 *db, const sh_tlist *dl)
{
	int n1 = dl->n ? dl->n : 1;
	char *parent = sh_calloc((size_t)n1 * (size_t)n1, 1);
	sqlite3_stmt *fl = sh_prepare(db, "SELECT DISTINCT \"table\" FROM "
					  "pragma_foreign_key_list(?1, 'main')");
	for (int i = 0; fl && i < dl->n; i++) {
		sqlite3_reset(fl);
		sqlite3_bind_text(fl, 1, dl->names[i], -1, SQLITE_TRANSIENT);
		while (sqlite3_step(fl) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(fl, 0);
			int j = p ? sh_tlist_find(dl, p) : -1;
			if (j >= 0 && j != i)
				parent[i * dl->n + j] = 1;
		}
	}
	sqlite3_finalize(fl);
	return parent;
}

/*
 * The desired tables, parents before children, as a rebuild copies them: under
 * enforcement SQLite's result can depend on the order (a REAL child key 3.0 finds an
 * INTEGER PRIMARY KEY parent 3 when the parent row comes second, not when it comes first).
 * Cycles go last, in name order. Returns the count written to order.
 */
static int parents_first(int *order, sqlite3 *db, const sh_tlist *dl)
{
	int n1 = dl->n ? dl->n : 1;
	int *done = sh_calloc((size_t)n1, sizeof(int));
	char *parent = read_parents(db, dl);
	int no = 0;
	for (int round = 0; round <= dl->n && no < dl->n; round++) {
		for (int i = 0; i < dl->n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			for (int j = 0; j < dl->n && ready; j++)
				ready = !parent[i * dl->n + j] || done[j];
			if (ready || round == dl->n) {
				done[i] = 1;
				order[no++] = i;
			}
		}
	}
	free(parent);
	free(done);
	return no;
}

/*
 * A primary-key column the baseline lacks must be invented: refused; so must a new NOT
 * NULL column without default when the table has rows (even when no column is kept and
 * the copy has nothing to insert).
 */
static void note_refusal(sh_judge *x, sh_tdesc *d, sh_tdesc *b)
{
	for (int j = 0; j < d->ncols; j++) {
		sh_tcol *c = &d->cols[j];
		if (sh_tcol_find(b, c->name))
			continue;
		if (c->pk || (c->notnull && !c->dflt && !c->hidden && has_rows(x, b)))
			x->may_refuse = 1;
	}
}

/* Copy every kept row of the pristine database into the reference. */
static void copy_all_rows(sh_judge *x)
{
	const sh_tlist *dl = sh_judge_tlist(x, x->alone), *bl = sh_judge_tlist(x, x->pristine);
	int *order = sh_malloc((size_t)(dl->n ? dl->n : 1) * sizeof(int));
	int no = parents_first(order, x->alone, dl);
	for (int oi = 0; oi < no; oi++) {
		int i = order[oi];
		if (sh_judge_excluded(x, dl->names[i]))
			continue;
		int k = sh_tlist_find(bl, dl->names[i]);
		if (k < 0 || sh_judge_excluded(x, bl->names[k]))
			continue;
		sh_tdesc *d = sh_judge_tdesc(x, x->alone, dl->names[i], dl->wr[i]);
		sh_tdesc *b = sh_judge_tdesc(x, x->pristine, bl->names[k], bl->wr[k]);
		note_refusal(x, d, b);
		ref_copy(x, d, b);
	}
	free(order);
}

/*
 * The rows, copied with foreign keys on under enforcement (deferred, in one transaction) as
 * the engine's apply would: SQLite's enforcement and its foreign_key_check do not always
 * agree (a REAL child key 3.0 under an INTEGER PRIMARY KEY parent 3 passes the check but
 * fails enforcement). When COMMIT fails, the rows do not fit; they are copied again without
 * enforcement for the P3 comparison.
 */
static void copy_rows_enforced(sh_judge *x)
{
	int enforced = x->c->config.foreign_keys;
	for (int pass = 0; pass < 2; pass++) {
		if (enforced)
			sh_exec(x->ref,
				"PRAGMA foreign_keys=ON; BEGIN; PRAGMA defer_foreign_keys=ON", NULL,
				0);
		copy_all_rows(x);
		if (!enforced)
			break;
		char err[300];
		if (sh_exec(x->ref, "COMMIT", err, sizeof(err)) == SQLITE_OK) {
			sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
			break;
		}
		sh_exec(x->ref, "ROLLBACK", NULL, 0);
		sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
		if (x->rows_ok) {
			/* a failure is expected; a success is judged by foreign_key_check */
			x->rows_ok = 0;
			x->fk_only = 1;
			snprintf(x->why, sizeof(x->why),
				 "the rows fail foreign-key enforcement at COMMIT: %s", err);
		}
		enforced = 0;
	}
}

/* foreign_key_check of the pristine database (rows already dirty) and the reference. */
static void check_foreign_keys(sh_judge *x)
{
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT 1 FROM pragma_foreign_key_check");
	x->fk_dirty = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	st = sh_prepare(x->ref, "SELECT \"table\", parent FROM pragma_foreign_key_check");
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		x->fk_ok = 0;
		x->fk_check_fail = 1;
		if (x->c->config.foreign_keys && x->rows_ok) {
			x->rows_ok = 0;
			x->fk_only = 1;
			snprintf(x->why, sizeof(x->why), "rows of %s violate a foreign key to %s",
				 sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
}

void sh_reference_build(sh_judge *x)
{
	x->rows_ok = 1;
	x->fk_ok = 1;
	/* A copy of the desired schema built alone: cheaper than running its SQL again. Its
	 * triggers stay off while the rows go in (a rebuild creates them after its copy); its
	 * indexes are there already, so a row that breaks a UNIQUE or an index expression is
	 * refused at its INSERT instead of at CREATE INDEX: the same verdict. */
	x->ref = sh_copy_db(x->alone);
	sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
	sqlite3_db_config(x->ref, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
	copy_rows_enforced(x);
	sqlite3_db_config(x->ref, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, (int *)NULL);
	check_foreign_keys(x);
}
