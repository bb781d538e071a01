/* SPDX-License-Identifier: MIT */
/*
 * The statement builders: drops, the in-place ALTER TABLE ADD / DROP COLUMN, and SQLite's
 * documented rebuild of a table: create the new table under a scratch name, copy the kept
 * columns by name (rowids of rowid tables included), carry the AUTOINCREMENT counter
 * (never backwards), drop the old table, then let the new one take the name. The old table
 * is never renamed aside first: since SQLite 3.26 that rewrites other tables' FOREIGN KEY
 * clauses, views and triggers to the temporary name.
 *
 * A table with few rows is instead copied out into one untyped stash table that every such
 * rebuild of the plan shares, and back into the new table under its final name: every DDL
 * statement costs SQLite a scan of the whole sqlite_schema, so this takes two DDL statements
 * per table where the scratch-name recipe takes four (and a RENAME re-parses the schema).
 * A stash column has no type, so it keeps each value's storage class as read; the new
 * table applies its own affinity once, on the copy back.
 *
 * Example, `t(a INT)` rebuilt as `t(a TEXT)` in a small schema with few rows:
 *   CREATE TABLE "__sqlfu_sync_stash" (r, c1)      -- once per plan, width: widest copy
 *   INSERT INTO "__sqlfu_sync_stash" (r, c1) SELECT rowid, "a" FROM "t"   -- with the reason
 *   DROP TABLE "t"
 *   CREATE TABLE "t" (a TEXT)
 *   INSERT INTO "t" (rowid, "a") SELECT r, c1 FROM "__sqlfu_sync_stash"
 *   DELETE FROM "__sqlfu_sync_stash"
 *   ...                                            -- the other tables
 *   DROP TABLE "__sqlfu_sync_stash"                -- after the last rebuild
 * A table with many rows keeps the scratch-name recipe and is renamed into place (its rows
 * are copied once), as is a table with AUTOINCREMENT (dropping it deletes its counter) or
 * with more columns than a stash takes.
 */
#include "planner.h"

int ss__plan_nomem(planner *pl)
{
	return ss__fail(pl->err, SS_E_NOMEM, "out of memory while planning");
}

int ss__emit(planner *pl, const char *sql, const char *reason, int destructive)
{
	if (ss__plan_add(pl->p, sql, reason, destructive) != 0)
		return ss__plan_nomem(pl);
	if (destructive) {
		ss_buf_adds(&pl->destructive, pl->destructive.len ? "; " : "");
		ss_buf_adds(&pl->destructive, sql);
	}
	return 0;
}

int ss__emit_drop(planner *pl, const char *kind, const char *name, const char *reason,
		  int destructive)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_printf(&b, "DROP %s ", kind);
	ss_buf_add_ident(&b, name);
	char *s = ss_buf_detach(&b);
	if (s == NULL)
		return ss__plan_nomem(pl);
	int rc = ss__emit(pl, s, reason, destructive);
	ss_free(s);
	return rc;
}

static int is_rowid_alias(const ss_object *t, const ss_column *c)
{
	if (t->without_rowid || c->pk != 1 || ss_stricmp(c->type, "integer") != 0)
		return 0;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].pk > 1)
			return 0; /* composite key */
	/* "INTEGER PRIMARY KEY DESC" is not an alias (SQLite quirk) */
	return strstr(c->def_norm, "primary key desc") == NULL;
}

char *ss__rename_create(const char *create_sql, const char *new_name)
{
	ss_tokens t;
	ss_create_info ci;
	char *r = NULL;
	ss_buf q;
	ss_buf_init(&q);
	ss_buf_add_ident(&q, new_name);
	if (q.failed || ss_tokens_lex(&t, create_sql, strlen(create_sql)) != 0) {
		ss_buf_free(&q);
		return NULL;
	}
	if (ss_sql_classify(&ci, &t, NULL) == 0)
		r = ss_sql_rewrite_names(create_sql, strlen(create_sql), &t, &ci, q.data, NULL);
	ss_create_info_clear(&ci);
	ss_tokens_free(&t);
	ss_buf_free(&q);
	return r;
}

/* Emit the statement built in b (b is reset). */
static int emit_buf(planner *pl, ss_buf *b, const char *reason, int destructive)
{
	char *s = ss_buf_detach(b);
	if (s == NULL)
		return ss__plan_nomem(pl);
	int rc = ss__emit(pl, s, reason, destructive);
	ss_free(s);
	return rc;
}

/* INSERT INTO to (rowid?, cols) SELECT rowid?, cols FROM from. */
static int emit_copy(planner *pl, const char *to, const char *from, const char *rowid,
		     const ss_buf *cols)
{
	ss_buf sel, b;
	if (cols->failed)
		return ss__plan_nomem(pl);
	ss_buf_init(&sel);
	ss_buf_init(&b);
	if (rowid)
		ss_buf_printf(&sel, "%s%s", rowid, cols->len ? ", " : "");
	ss_buf_adds(&sel, cols->len ? cols->data : "");
	if (sel.failed) {
		ss_buf_free(&sel);
		return ss__plan_nomem(pl);
	}
	ss_buf_adds(&b, "INSERT INTO ");
	ss_buf_add_ident(&b, to);
	ss_buf_printf(&b, " (%s) SELECT %s FROM ", sel.data, sel.data);
	ss_buf_add_ident(&b, from);
	ss_buf_free(&sel);
	return emit_buf(pl, &b, NULL, 0);
}

#if SS_PLANT_BUG == SS_BUG_COPY_BY_POSITION || SS_PLANT_BUG == SS_BUG_BIG_SCHEMA_COPY_NULLS
/* Planted bugs' copy: INSERT INTO to (rowid?, into) SELECT rowid?, sel FROM from. */
static int emit_copy_lists(planner *pl, const char *to, const char *from, const char *rowid,
			   const ss_buf *into, const ss_buf *sel)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "INSERT INTO ");
	ss_buf_add_ident(&b, to);
	ss_buf_printf(&b, " (%s%s%s) SELECT %s%s%s FROM ", rowid ? rowid : "",
		      rowid && into->len ? ", " : "", into->len ? into->data : "",
		      rowid ? rowid : "", rowid && sel->len ? ", " : "", sel->len ? sel->data : "");
	ss_buf_add_ident(&b, from);
	return emit_buf(pl, &b, NULL, 0);
}
#endif

/* sqlite_sequence: to's counter becomes at least from's (never backwards). */
static int emit_carry_sequence(planner *pl, const char *to, const char *from)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM "
			"sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, from);
	ss_buf_adds(&b, "), 0)) WHERE name = ");
	ss_buf_add_literal(&b, to);
	int rc = emit_buf(pl, &b, NULL, 0);
	if (rc)
		return rc;
	ss_buf_adds(&b, "INSERT INTO sqlite_sequence (name, seq) SELECT ");
	ss_buf_add_literal(&b, to);
	ss_buf_adds(&b, ", max(seq) FROM sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, from);
	ss_buf_adds(&b, " AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, to);
	ss_buf_adds(&b, ") HAVING max(seq) IS NOT NULL");
	return emit_buf(pl, &b, NULL, 0);
}

/*
 * Does the old table carry stored data into this new column? A generated column's values
 * are derived, not stored data: a column that was generated starts afresh, like a new one.
 */
static int carried(const ss_object *l, const ss_column *dc, size_t near)
{
	const ss_column *lc = ss__find_col_near(l, dc->name, near, NULL);
	return lc != NULL && lc->hidden == 0;
}

/* The non-generated columns of d, quoted and comma-separated; only_kept: those l carries.
 * SS_E_NOMEM when the list could not be built: a short list would copy no values into the
 * columns it misses (the copy must then not be emitted at all). */
static int column_list(ss_buf *cols, const ss_object *d, const ss_object *l, int only_kept)
{
	ss_buf_reset(cols);
	for (size_t i = 0; i < d->ncols; i++) {
		if (d->cols[i].hidden != 0 || (only_kept && !carried(l, &d->cols[i], i)))
			continue;
		if (cols->len)
			ss_buf_adds(cols, ", ");
		ss_buf_add_ident(cols, d->cols[i].name);
	}
	return cols->failed ? SS_E_NOMEM : 0;
}

/* The name by which the rowid can be copied (NULL: it cannot, or an alias carries it). */
static const char *rowid_name(const ss_object *l, const ss_object *d, int only_kept)
{
	if (l->without_rowid || d->without_rowid)
		return NULL;
	for (size_t i = 0; i < d->ncols; i++)
		if (is_rowid_alias(d, &d->cols[i]) && (!only_kept || carried(l, &d->cols[i], i)))
			return NULL;
	static const char *const names[] = {"rowid", "_rowid_", "oid"};
	for (size_t k = 0; k < 3; k++)
		if (ss__find_col(l, names[k], NULL) == NULL &&
		    ss__find_col(d, names[k], NULL) == NULL)
			return names[k];
	return NULL;
}

#if SS_PLANT_BUG == SS_BUG_RENAME_ASIDE
/* Planted bug: the pre-3.26 recipe, which rewrites other objects' references. */
static int emit_rebuild_rename_aside(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf b, old, cols;
	ss_buf_init(&b);
	ss_buf_init(&old);
	ss_buf_init(&cols);
	ss_buf_printf(&old, "%sold_%s", pl->prefix, l->name);
	ss_buf_adds(&b, "ALTER TABLE ");
	ss_buf_add_ident(&b, l->name);
	ss_buf_adds(&b, " RENAME TO ");
	ss_buf_add_ident(&b, old.data ? old.data : "");
	int rc = old.failed ? ss__plan_nomem(pl) : emit_buf(pl, &b, tp->reason, 0);
	if (rc == 0)
		rc = ss__emit(pl, d->create_sql, NULL, 0);
	if (rc == 0 && column_list(&cols, d, l, 1) != 0)
		rc = ss__plan_nomem(pl);
	if (rc == 0 && cols.len)
		rc = emit_copy(pl, d->name, old.data, NULL, &cols);
	if (rc == 0)
		rc = ss__emit_drop(pl, "TABLE", old.data, NULL, 0);
	ss_buf_free(&old);
	ss_buf_free(&cols);
	return rc;
}
#endif

/* The new table under a scratch name, the kept columns and the counter copied into it,
 * and the old table dropped (destructive when it loses columns). */
static int emit_copy_aside(planner *pl, const table_plan *tp, const char *tmp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf cols;
	int rc;
	char *s = ss__rename_create(d->create_sql, tmp);
	if (s == NULL)
		return ss__plan_nomem(pl);
	/* 1. the new table under a scratch name */
	rc = ss__emit(pl, s, tp->reason, 0);
	ss_free(s);
	if (rc != 0)
		return rc;
	pl->p->copies_rows = 1;

	/* 2. copy kept columns, rowids included */
	ss_buf_init(&cols);
	if (column_list(&cols, d, l, 1) != 0) {
		rc = ss__plan_nomem(pl);
		goto done;
	}
	const char *rowid = rowid_name(l, d, 1);
#if SS_PLANT_BUG == SS_BUG_ROWID_NOT_PRESERVED
	rowid = NULL; /* planted bug: the copy lists the columns only, rowids are renumbered */
#endif
#if SS_PLANT_BUG == SS_BUG_COPY_BY_POSITION
	{
		/* planted bug: the SELECT lists the kept columns in the old table's order */
		ss_buf sel;
		ss_buf_init(&sel);
		rc = column_list(&sel, l, d, 1) != 0 ? ss__plan_nomem(pl) : 0;
		if (rc == 0 && (cols.len || rowid))
			rc = emit_copy_lists(pl, tmp, l->name, rowid, &cols, &sel);
		ss_buf_free(&sel);
		if (rc != 0)
			goto done;
	}
#elif SS_PLANT_BUG == SS_BUG_BIG_SCHEMA_COPY_NULLS
	if (ss__plan_reload_costly(pl)) {
		/* planted bug: in a big schema (the copy that replaces ADD COLUMN), every new
		 * column is listed and filled with NULL, instead of being left to its default */
		ss_buf into, sel;
		ss_buf_init(&into);
		ss_buf_init(&sel);
		for (size_t i = 0; i < d->ncols; i++) {
			if (d->cols[i].hidden != 0)
				continue;
			ss_buf_adds(&into, into.len ? ", " : "");
			ss_buf_add_ident(&into, d->cols[i].name);
			ss_buf_adds(&sel, sel.len ? ", " : "");
			if (carried(l, &d->cols[i], i))
				ss_buf_add_ident(&sel, d->cols[i].name);
			else
				ss_buf_adds(&sel, "NULL");
		}
		rc = (into.len || rowid) ? emit_copy_lists(pl, tmp, l->name, rowid, &into, &sel)
					 : 0;
		ss_buf_free(&into);
		ss_buf_free(&sel);
		if (rc != 0)
			goto done;
	} else if ((cols.len || rowid) && (rc = emit_copy(pl, tmp, l->name, rowid, &cols)) != 0) {
		goto done;
	}
#else
	if ((cols.len || rowid) && (rc = emit_copy(pl, tmp, l->name, rowid, &cols)) != 0)
		goto done;
#endif

	/* 3. AUTOINCREMENT counters never go backwards */
#if SS_PLANT_BUG == SS_BUG_AUTOINC_NOT_CARRIED
	/* planted bug: no carry; the copy leaves the counter at the highest rowid copied */
#else
	if (l->autoincrement && d->autoincrement &&
	    (rc = emit_carry_sequence(pl, tmp, l->name)) != 0)
		goto done;
#endif

	/* 4. drop the old table; losing columns here is destructive */
	int loses = 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (ss__find_col_near(d, l->cols[i].name, i, NULL) == NULL)
			loses = 1;
	rc = ss__emit_drop(pl, "TABLE", l->name, NULL, loses);
done:
	ss_buf_free(&cols);
	return rc;
}

/*
 * 5. The new table takes the name. ALTER TABLE RENAME makes SQLite re-parse and
 * re-validate the whole schema (measured: 40 ms per rename at 3,000 objects), so a small
 * table is instead copied a second time into a table created under its final name; a large
 * one, where the copy costs more than the re-parse, is renamed.
 */
static int emit_take_name(planner *pl, const table_plan *tp, const char *tmp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf b, cols;
	long rows = 0, limit = ss__plan_rename_min_rows(pl);
	int rc;
	if ((rc = ss__table_rows(pl, l, &rows)) != 0)
		return rc;
	ss_buf_init(&b);
	if (rows >= limit && !ss__plan_alter_refused(pl)) {
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, tmp);
		ss_buf_adds(&b, " RENAME TO ");
		ss_buf_add_ident(&b, d->name);
		return emit_buf(pl, &b, NULL, 0);
	}
	if ((rc = ss__emit(pl, d->create_sql, NULL, 0)) != 0)
		return rc;
	ss_buf_init(&cols);
	if (column_list(&cols, d, l, 0) != 0) {
		rc = ss__plan_nomem(pl);
		goto done;
	}
	const char *rowid = rowid_name(d, d, 0);
	if (rowid_name(l, d, 1) == NULL)
		rowid = NULL; /* the first copy carried no rowid, an alias column does */
	if ((cols.len || rowid) && (rc = emit_copy(pl, d->name, tmp, rowid, &cols)) != 0)
		goto done;
	if (d->autoincrement && (rc = emit_carry_sequence(pl, d->name, tmp)) != 0)
		goto done;
	rc = ss__emit_drop(pl, "TABLE", tmp, NULL, 0);
done:
	ss_buf_free(&cols);
	return rc;
}

/* A stash holds at most this many copied columns; a wider table keeps the scratch-name
 * recipe (SQLite's column limit can be lowered at run time, which a plan cannot see). */
#define STASH_MAX_COLUMNS 100

/* How many values a stashed copy of tp holds: its kept columns. */
static size_t stash_need(const table_plan *tp)
{
	size_t n = 0;
	for (size_t i = 0; i < tp->desired->ncols; i++)
		if (tp->desired->cols[i].hidden == 0 && carried(tp->live, &tp->desired->cols[i], i))
			n++;
	return n;
}

/* Can tp be rebuilt through the stash? Not with AUTOINCREMENT: dropping the table deletes
 * its sqlite_sequence row, which the scratch-name recipe carries over. */
static int stash_fits(const table_plan *tp)
{
	return !tp->live->autoincrement && !tp->desired->autoincrement &&
	       stash_need(tp) <= STASH_MAX_COLUMNS;
}

static int stash_name(planner *pl, ss_buf *b)
{
	ss_buf_reset(b);
	ss_buf_printf(b, "%sstash", pl->prefix);
	return b->failed ? ss__plan_nomem(pl) : 0;
}

/* CREATE TABLE stash (r, c1, ..., cW), W the widest stashed copy of the plan. Untyped
 * columns (no affinity) keep every value as it was read. */
static int emit_stash_create(planner *pl)
{
	size_t width = 1;
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++) {
		const table_plan *tp = live_plan(pl, i);
		if (tp->action == T_REBUILD && tp->desired && tp->live->vkind == SS_VT_NONE &&
		    tp->desired->vkind == SS_VT_NONE && stash_fits(tp) && stash_need(tp) > width)
			width = stash_need(tp);
	}
	ss_buf b;
	ss_buf_init(&b);
	int rc = stash_name(pl, &b);
	if (rc != 0)
		return rc;
	char *name = ss_buf_detach(&b);
	if (name == NULL)
		return ss__plan_nomem(pl);
	ss_buf_adds(&b, "CREATE TABLE ");
	ss_buf_add_ident(&b, name);
	ss_buf_adds(&b, " (r");
	for (size_t k = 1; k <= width; k++)
		ss_buf_printf(&b, ", c%zu", k);
	ss_buf_adds(&b, ")");
	ss_free(name);
	rc = emit_buf(pl, &b, NULL, 0);
	if (rc == 0)
		pl->stash_width = width;
	return rc;
}

int ss__emit_stash_drop(planner *pl)
{
	if (pl->stash_width == 0)
		return 0;
	ss_buf b;
	ss_buf_init(&b);
	int rc = stash_name(pl, &b);
	char *name = rc == 0 ? ss_buf_detach(&b) : NULL;
	if (rc == 0 && name == NULL)
		rc = ss__plan_nomem(pl);
	if (rc == 0)
		rc = ss__emit_drop(pl, "TABLE", name, NULL, 0);
	ss_free(name);
	pl->stash_width = 0;
	return rc;
}

/* "c1, c2, ..., cN" */
static void stash_columns(ss_buf *b, size_t n)
{
	ss_buf_reset(b);
	for (size_t k = 1; k <= n; k++)
		ss_buf_printf(b, "%sc%zu", k > 1 ? ", " : "", k);
}

/*
 * The rebuild through the stash: the kept columns (and the rowid, when one can be named)
 * copied out, the old table dropped (destructive when it loses columns), the new one
 * created under its name, the rows copied back, the stash emptied for the next table.
 */
static int emit_rebuild_stashed(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf cols, vals, stash, b;
	int rc = 0;
	if (pl->stash_width == 0 && (rc = emit_stash_create(pl)) != 0)
		return rc;
	ss_buf_init(&cols);
	ss_buf_init(&vals);
	ss_buf_init(&stash);
	ss_buf_init(&b);
	if (column_list(&cols, d, l, 1) != 0 || (rc = stash_name(pl, &stash)) != 0) {
		rc = rc ? rc : ss__plan_nomem(pl);
		goto done;
	}
	size_t n = stash_need(tp);
	const char *rowid = rowid_name(l, d, 1);
#if SS_PLANT_BUG == SS_BUG_ROWID_NOT_PRESERVED
	rowid = NULL; /* planted bug: the copy lists the columns only, rowids are renumbered */
#endif
	int copy = cols.len || rowid;
	stash_columns(&vals, n);
	const ss_buf *out_sel = &cols;
#if SS_PLANT_BUG == SS_BUG_COPY_BY_POSITION
	/* planted bug: the SELECT lists the kept columns in the old table's order */
	ss_buf by_position;
	ss_buf_init(&by_position);
	column_list(&by_position, l, d, 1);
	out_sel = &by_position;
#endif
	if (copy) {
		pl->p->copies_rows = 1;
		/* 1. out: INSERT INTO stash (r?, c1..) SELECT rowid?, cols FROM t */
		ss_buf_adds(&b, "INSERT INTO ");
		ss_buf_add_ident(&b, stash.data);
		ss_buf_printf(&b, " (%s%s%s) SELECT %s%s%s FROM ", rowid ? "r" : "",
			      rowid && n ? ", " : "", vals.data ? vals.data : "",
			      rowid ? rowid : "", rowid && n ? ", " : "",
			      out_sel->data ? out_sel->data : "");
		ss_buf_add_ident(&b, l->name);
#if SS_PLANT_BUG == SS_BUG_COPY_BY_POSITION
		ss_buf_free(&by_position);
#endif
		if (vals.failed || (rc = emit_buf(pl, &b, tp->reason, 0)) != 0) {
			rc = rc ? rc : ss__plan_nomem(pl);
			goto done;
		}
	}
	/* 2. the old table goes; losing columns here is destructive */
	int loses = 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (ss__find_col_near(d, l->cols[i].name, i, NULL) == NULL)
			loses = 1;
	if ((rc = ss__emit_drop(pl, "TABLE", l->name, copy ? NULL : tp->reason, loses)) != 0 ||
	    (rc = ss__emit(pl, d->create_sql, NULL, 0)) != 0 || !copy)
		goto done;
		/* 3. back: INSERT INTO t (rowid?, cols) SELECT r?, c1.. FROM stash, then empty it */
#if SS_PLANT_BUG == SS_BUG_BIG_SCHEMA_COPY_NULLS
	if (ss__plan_reload_costly(pl)) {
		/* planted bug: in a big schema (the copy that replaces ADD COLUMN), every new
		 * column is listed and filled with NULL, instead of being left to its default */
		size_t k = 0;
		ss_buf_reset(&cols);
		ss_buf_reset(&vals);
		for (size_t i = 0; i < d->ncols; i++) {
			if (d->cols[i].hidden != 0)
				continue;
			ss_buf_adds(&cols, cols.len ? ", " : "");
			ss_buf_add_ident(&cols, d->cols[i].name);
			ss_buf_adds(&vals, vals.len ? ", " : "");
			if (carried(l, &d->cols[i], i))
				ss_buf_printf(&vals, "c%zu", ++k);
			else
				ss_buf_adds(&vals, "NULL");
		}
		n = cols.len ? 1 : 0;
	}
#endif
	ss_buf_adds(&b, "INSERT INTO ");
	ss_buf_add_ident(&b, d->name);
	ss_buf_printf(&b, " (%s%s%s) SELECT %s%s%s FROM ", rowid ? rowid : "",
		      rowid && n ? ", " : "", cols.data ? cols.data : "", rowid ? "r" : "",
		      rowid && n ? ", " : "", vals.data ? vals.data : "");
	ss_buf_add_ident(&b, stash.data);
	if ((rc = emit_buf(pl, &b, NULL, 0)) != 0)
		goto done;
	ss_buf_adds(&b, "DELETE FROM ");
	ss_buf_add_ident(&b, stash.data);
	rc = emit_buf(pl, &b, NULL, 0);
done:
	ss_buf_free(&cols);
	ss_buf_free(&vals);
	ss_buf_free(&stash);
	ss_buf_free(&b);
	return rc;
}

/*
 * SQLite's rebuild: the new definition under a scratch name, the kept columns copied by
 * name (rowids too), the counter carried, the old table dropped, then the new one takes
 * the name.
 */
int ss__emit_rebuild(planner *pl, const table_plan *tp)
{
	if (tp->live->vkind != SS_VT_NONE || tp->desired->vkind != SS_VT_NONE)
		return ss__emit_vtab_rebuild(pl, tp);
	/* its rows are copied: the apply checks the table first */
	if (ss__plan_note_rewrite(pl->p, tp->live->name) != 0)
		return ss__plan_nomem(pl);
#if SS_PLANT_BUG == SS_BUG_RENAME_ASIDE
	return emit_rebuild_rename_aside(pl, tp);
#endif
	long rows = 0;
	int rc0 = ss__table_rows(pl, tp->live, &rows);
	if (rc0 != 0)
		return rc0;
	if (stash_fits(tp) && (rows < ss__plan_rename_min_rows(pl) || ss__plan_alter_refused(pl)))
		return emit_rebuild_stashed(pl, tp);
	ss_buf tmp;
	ss_buf_init(&tmp);
	ss_buf_printf(&tmp, "%snew_%s", pl->prefix, tp->desired->name);
	if (tmp.failed)
		return ss__plan_nomem(pl);
	int rc = emit_copy_aside(pl, tp, tmp.data);
	if (rc == 0)
		rc = emit_take_name(pl, tp, tmp.data);
	ss_buf_free(&tmp);
	return rc;
}

int ss__emit_inplace(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf b;
	int rc = 0, noted = 0;
	ss_buf_init(&b);
	/* adds first: SQLite refuses to drop a table's last column */
	for (size_t i = 0; rc == 0 && i < d->ncols; i++) {
		if (!tp->add_cols[i])
			continue;
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, l->name);
		ss_buf_adds(&b, " ADD COLUMN ");
		ss_buf_adds(&b, d->cols[i].def_sql);
		rc = emit_buf(pl, &b, NULL, 0);
	}
	for (size_t i = 0; rc == 0 && i < l->ncols; i++) {
		if (!tp->drop_cols[i])
			continue;
		/* DROP COLUMN rewrites every row: the apply checks the table first */
		if (!noted && (noted = 1, ss__plan_note_rewrite(pl->p, l->name) != 0)) {
			rc = ss__plan_nomem(pl);
			break;
		}
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, l->name);
		ss_buf_adds(&b, " DROP COLUMN ");
		ss_buf_add_ident(&b, l->cols[i].name);
		rc = emit_buf(pl, &b, NULL, 1);
	}
	ss_buf_free(&b);
	return rc;
}
