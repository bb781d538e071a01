/* SPDX-License-Identifier: MIT */
/*
 * Virtual tables in the plan (FTS5, R*Tree): a changed virtual table cannot be altered, so
 * it is recreated, and how depends on what it keeps (ss_vtab_kind):
 *
 *  - its own rows (FTS5 with its own content, R*Tree): copied aside into the new definition
 *    under a scratch name, rowids included, the old table dropped, the new one created under
 *    its name and the rows copied back. FTS5 columns are carried by name (a new one starts
 *    NULL); R*Tree coordinates by position (renamed bounds keep their values), auxiliary
 *    columns by name. A new coordinate on an R*Tree with rows would need invented values:
 *    refused. Losing a column, a coordinate, or the fractions of rtree -> rtree_i32 is
 *    destructive.
 *  - an external content table (FTS5 content='t'): dropped and created again, then filled
 *    by FTS5's 'rebuild' command once every table exists; also after its content table was
 *    rebuilt or created, so the index answers as before.
 *  - nothing that can be kept (contentless FTS5, content=''; or a change of kind: a table
 *    becoming a virtual table, FTS5 becoming R*Tree): dropped (destructive, so the guard
 *    refuses it without allow_destructive) and created.
 *
 * Example: `docs USING fts5(title)` changed to `fts5(title, body)`:
 *   CREATE VIRTUAL TABLE "__sqlfu_sync_new_docs" USING fts5(title, body)
 *   INSERT INTO "__sqlfu_sync_new_docs" (rowid, "title") SELECT rowid, "title" FROM "docs"
 *   DROP TABLE "docs"
 *   CREATE VIRTUAL TABLE "docs" USING fts5(title, body)
 *   INSERT INTO "docs" (rowid, "title") SELECT rowid, "title" FROM "__sqlfu_sync_new_docs"
 *   DROP TABLE "__sqlfu_sync_new_docs"
 *
 * Pure, like the rest of the planner.
 */
#include "planner.h"

#include <stdio.h>

/* Can the live table's rows be copied into the desired one? */
static int copyable(const ss_object *l, const ss_object *d)
{
	return (l->vkind == SS_VT_FTS5_OWN && d->vkind == SS_VT_FTS5_OWN) ||
	       (l->vkind == SS_VT_RTREE && d->vkind == SS_VT_RTREE);
}

/* R*Tree coordinate columns (the id first), auxiliary ones not counted. */
static size_t coords(const ss_object *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->ncols; i++)
		n += (t->cols[i].flags & SS_COL_VTAB_AUX) == 0;
	return n;
}

/* The k-th coordinate column of an R*Tree. */
static const ss_column *coord(const ss_object *t, size_t k)
{
	for (size_t i = 0; i < t->ncols; i++)
		if ((t->cols[i].flags & SS_COL_VTAB_AUX) == 0 && k-- == 0)
			return &t->cols[i];
	return NULL;
}

static const char *kind_name(const ss_object *o)
{
	return o->vkind == SS_VT_NONE ? "table" : o->vmodule;
}

int ss__decide_vtab(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	char why[400];
	if (strcmp(l->name, d->name) == 0 && l->vkind == d->vkind && same_norm(l, d)) {
		tp->action = T_EQUAL;
		return 0;
	}
	if (l->vkind == SS_VT_NONE || d->vkind == SS_VT_NONE || strcmp(l->vmodule, d->vmodule) != 0)
		snprintf(why, sizeof(why), "%s becomes %s", kind_name(l), kind_name(d));
	else if (strcmp(l->name, d->name) != 0)
		snprintf(why, sizeof(why), "name spelling changed from \"%s\" to \"%s\"", l->name,
			 d->name);
	else
		snprintf(why, sizeof(why), "arguments changed");
	if (l->vkind == SS_VT_RTREE && d->vkind == SS_VT_RTREE && coords(d) > coords(l)) {
		int rows = 0;
		if (ss__table_has_rows(pl, l, &rows) != 0)
			return pl->err->code;
		if (rows)
			return ss__fail(pl->err, SS_E_REFUSED,
					"refusing to change virtual table \"%s\": new R*Tree "
					"coordinate \"%s\" would need values invented for its "
					"existing rows",
					d->name, coord(d, coords(l))->name);
	}
	tp->action = T_REBUILD;
	ss_buf r;
	ss_buf_init(&r);
	ss_buf_printf(&r, "recreating virtual table \"%s\": %s", d->name, why);
	if (copyable(l, d))
		ss_buf_adds(&r, "; rows copied");
	else if (d->vkind == SS_VT_FTS5_EXTERNAL)
		ss_buf_adds(&r, "; rebuilt from its content table");
	if ((tp->reason = ss_buf_detach(&r)) == NULL)
		return ss__plan_nomem(pl);
	return 0;
}

/* The INSERT ... SELECT of a copy: into `to` (its columns `into`) from `from` (`sel`). */
static int emit_insert(planner *pl, const char *to, const ss_buf *into, const char *from,
		       const ss_buf *sel)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "INSERT INTO ");
	ss_buf_add_ident(&b, to);
	ss_buf_printf(&b, " (%s) SELECT %s FROM ", into->data ? into->data : "",
		      sel->data ? sel->data : "");
	ss_buf_add_ident(&b, from);
	char *s = ss_buf_detach(&b);
	if (s == NULL || into->failed || sel->failed) {
		ss_free(s);
		return ss__plan_nomem(pl);
	}
	int rc = ss__emit(pl, s, NULL, 0);
	ss_free(s);
	return rc;
}

static void add_pair(ss_buf *into, ss_buf *sel, const char *to_col, const char *from_col)
{
	ss_buf_adds(into, into->len ? ", " : "");
	ss_buf_add_ident(into, to_col);
	ss_buf_adds(sel, sel->len ? ", " : "");
	ss_buf_add_ident(sel, from_col);
}

/*
 * The columns copied from l into d's shape: into (d's names) and sel (l's). *loses: some of
 * l's data has no place in d.
 */
static void copy_lists(const ss_object *l, const ss_object *d, ss_buf *into, ss_buf *sel,
		       int *loses)
{
	*loses = 0;
	if (d->vkind == SS_VT_FTS5_OWN) {
		ss_buf_adds(into, "rowid");
		ss_buf_adds(sel, "rowid");
		for (size_t i = 0; i < d->ncols; i++) {
			const ss_column *lc = ss__find_col_near(l, d->cols[i].name, i, NULL);
			if (lc != NULL)
				add_pair(into, sel, d->cols[i].name, lc->name);
		}
		for (size_t i = 0; i < l->ncols; i++)
			*loses |= ss__find_col_near(d, l->cols[i].name, i, NULL) == NULL;
		return;
	}
	size_t nl = coords(l), nd = coords(d);
	for (size_t k = 0; k < nl && k < nd; k++)
		add_pair(into, sel, coord(d, k)->name, coord(l, k)->name);
	for (size_t i = 0; i < d->ncols; i++) {
		if ((d->cols[i].flags & SS_COL_VTAB_AUX) == 0)
			continue;
		const ss_column *lc = ss__find_col_near(l, d->cols[i].name, i, NULL);
		if (lc != NULL && (lc->flags & SS_COL_VTAB_AUX))
			add_pair(into, sel, d->cols[i].name, lc->name);
	}
	*loses = nl > nd || strcmp(l->vmodule, d->vmodule) != 0;
	for (size_t i = 0; i < l->ncols; i++) {
		const ss_column *dc = ss__find_col_near(d, l->cols[i].name, i, NULL);
		if ((l->cols[i].flags & SS_COL_VTAB_AUX) &&
		    (dc == NULL || !(dc->flags & SS_COL_VTAB_AUX)))
			*loses = 1;
	}
}

/* Rows kept: copied aside into the new definition, then back under the name. */
static int emit_copy_recreate(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf tmp, into, sel;
	int loses = 0, rc = 0;
	ss_buf_init(&tmp);
	ss_buf_init(&into);
	ss_buf_init(&sel);
	ss_buf_printf(&tmp, "%snew_%s", pl->prefix, d->name);
	char *create_tmp = tmp.failed ? NULL : ss__rename_create(d->create_sql, tmp.data);
	if (create_tmp == NULL || ss__plan_note_rewrite(pl->p, l->name) != 0) {
		rc = ss__plan_nomem(pl);
		goto done;
	}
	pl->p->copies_rows = 1;
	copy_lists(l, d, &into, &sel, &loses);
	if ((rc = ss__emit(pl, create_tmp, tp->reason, 0)) != 0 ||
	    (rc = emit_insert(pl, tmp.data, &into, l->name, &sel)) != 0 ||
	    (rc = ss__emit_drop(pl, "TABLE", l->name, NULL, loses)) != 0 ||
	    (rc = ss__emit(pl, d->create_sql, NULL, 0)) != 0)
		goto done;
	/* back: the same columns on both sides, d's names */
	rc = emit_insert(pl, d->name, &into, tmp.data, &into);
	if (rc == 0)
		rc = ss__emit_drop(pl, "TABLE", tmp.data, NULL, 0);
done:
	ss_free(create_tmp);
	ss_buf_free(&tmp);
	ss_buf_free(&into);
	ss_buf_free(&sel);
	return rc;
}

int ss__emit_vtab_rebuild(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	if (copyable(l, d))
		return emit_copy_recreate(pl, tp);
	/* an external-content index loses nothing: 'rebuild' refills it (pass_fts_rebuild) */
	int rc = ss__emit_drop(pl, "TABLE", l->name, tp->reason, l->vkind != SS_VT_FTS5_EXTERNAL);
	if (rc == 0)
		rc = ss__emit(pl, d->create_sql, NULL, 0);
	return rc;
}

/* Is the desired table of key created or rebuilt by the plan? */
static int table_rewritten(const planner *pl, const char *key)
{
	if (ss__keyset_contains(&pl->rebuilt_tables, key))
		return 1;
	const ss_object *t = ss__schema_find(pl->D, SS_OBJ_TABLE, key);
	return t != NULL && desired_plan(pl, obj_index(pl->D, t))->action == T_CREATE;
}

/*
 * Can an external-content index read its content: a desired table (or view) of that name,
 * with the index's columns? SQLite creates such an index without one (it fails only when
 * read), so the definitions are valid; the index is then created empty, not rebuilt: a
 * failing 'rebuild' inside a caller's transaction leaves FTS5 state that SQLite's COMMIT
 * then trips over (found by the campaign's P10).
 */
static int content_readable(const planner *pl, const ss_object *d)
{
	const ss_object *t = ss__schema_find(pl->D, SS_OBJ_TABLE, d->vcontent);
	if (t == NULL)
		return ss__schema_find(pl->D, SS_OBJ_VIEW, d->vcontent) != NULL;
	for (size_t k = 0; t->vkind == SS_VT_NONE && k < d->ncols; k++)
		if (ss__find_col_near(t, d->cols[k].name, k, NULL) == NULL)
			return 0;
	return 1;
}

int ss__pass_fts_rebuild(planner *pl)
{
	char reason[600];
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; i < pl->dto[SS_OBJ_TABLE]; i++) {
		const ss_object *d = &pl->D->objs[i];
		if (d->vkind != SS_VT_FTS5_EXTERNAL)
			continue;
		if (!content_readable(pl, d))
			continue;
		enum table_action a = desired_plan(pl, i)->action;
		int own = a == T_CREATE || a == T_REBUILD;
		if (!own && !table_rewritten(pl, d->vcontent))
			continue;
		snprintf(reason, sizeof(reason),
			 own ? "filling full-text index \"%s\" from its content table \"%s\""
			     : "rebuilding full-text index \"%s\": its content table \"%s\" was "
			       "rebuilt",
			 d->name, d->vcontent);
		ss_buf b;
		ss_buf_init(&b);
		ss_buf_adds(&b, "INSERT INTO ");
		ss_buf_add_ident(&b, d->name);
		ss_buf_addc(&b, '(');
		ss_buf_add_ident(&b, d->name);
		ss_buf_adds(&b, ") VALUES('rebuild')");
		char *s = ss_buf_detach(&b);
		if (s == NULL)
			return ss__plan_nomem(pl);
		int rc = ss__emit(pl, s, reason, 0);
		ss_free(s);
		if (rc != 0)
			return rc;
	}
	return 0;
}
