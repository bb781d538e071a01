/* SPDX-License-Identifier: MIT */
/*
 * The prefix strategy: create each definition that must be materialized in main under the
 * prefixed name (the text rewrite, AUTOINCREMENT included, is sql_prefix.c), inspect only
 * the prefixed objects with the prefix removed, and remove them again before the plan is
 * applied: left in main, they would be rewritten or re-validated by ALTER TABLE ... RENAME
 * and break the apply. Used where ATTACH is forbidden (a Durable Object) and by choice.
 *
 * Also the crash leftovers: prefixed objects that a crashed earlier sync left in main are
 * removed first, found by a literal name test, never LIKE; a prefixed table holding rows is
 * never a scratch leftover (scratch tables stay empty), and the sync stops instead.
 */
#include "sync.h"

#include <string.h>

#if SS_PLANT_BUG == SS_BUG_LIKE_CLEANUP
static const char leftover_probe[] =
	"SELECT count(*) FROM main.sqlite_schema WHERE name LIKE ?1 || '%'";
static const char leftover_query[] =
	"SELECT type, name FROM main.sqlite_schema WHERE name LIKE ?1 || '%' AND type = ?2";
#else
static const char leftover_probe[] = "SELECT count(*) FROM main.sqlite_schema WHERE substr(name, "
				     "1, length(?1)) = ?1";
static const char leftover_query[] = "SELECT type, name FROM main.sqlite_schema WHERE "
				     "substr(name, 1, length(?1)) = ?1 AND type = ?2";
#endif

/* Is anything in main named with the prefix? The common case, nothing, costs one query. */
static int any_leftover(sync_ctx *c, int *any)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, leftover_probe, -1, &st, NULL);
	*any = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		*any = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
		rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return ss__fail(c->err, SS_E_SQLITE, "looking for scratch leftovers: %s",
				sqlite3_errmsg(c->db));
	return 0;
}

/* The next leftover of this type: SQLITE_ROW with *name (NULL without memory; the caller
 * frees), SQLITE_DONE when there is none, else SQLite's error. */
static int next_leftover(sync_ctx *c, const char *type, char **name)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, leftover_query, -1, &st, NULL);
	*name = NULL;
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*name = ss__strdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return rc;
}

/* A prefixed table holding rows is not a scratch leftover: SS_E_REFUSED. (A count that
 * fails leaves the decision to the DROP that follows.) */
static int refuse_if_rows(sync_ctx *c, const char *name)
{
	int rows = 0;
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "SELECT count(*) > 0 FROM main.");
	ss_buf_add_ident(&b, name);
	char *cq = ss_buf_detach(&b);
	int rc = cq ? ss__read_int(c->db, cq, &rows) : SQLITE_NOMEM;
	ss_free(cq);
	if (rc == SQLITE_OK && rows)
		return ss__fail(
			c->err, SS_E_REFUSED,
			"table \"%s\" starts with the scratch prefix \"%s\" but holds rows, "
			"so it is not a scratch leftover; rename it or choose another "
			"scratch prefix",
			name, c->prefix);
	return 0;
}

static int drop_leftover(sync_ctx *c, const char *type, const char *name)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_printf(&b, "DROP %s IF EXISTS main.", type);
	ss_buf_add_ident(&b, name);
	char *dq = ss_buf_detach(&b);
	int rc = dq ? ss__exec1(c->db, dq) : SQLITE_NOMEM;
	ss_free(dq);
	if (rc != SQLITE_OK)
		return ss__fail(c->err, SS_E_SQLITE, "removing scratch leftover \"%s\": %s", name,
				sqlite3_errmsg(c->db));
	return 0;
}

/*
 * Remove objects left in main by a crashed prefix-strategy sync, dependents first. The name
 * test is a literal byte comparison: LIKE would treat '_' as a wildcard and match user
 * tables. A prefixed table holding rows is never a scratch leftover (scratch tables stay
 * empty): stop.
 */
int ss__cleanup_prefixed(sync_ctx *c)
{
	static const char *const order[] = {"trigger", "view", "index", "table"};
	int any = 0, rc = any_leftover(c, &any);
	if (rc != 0 || !any)
		return rc;
	for (size_t k = 0; k < 4; k++) {
		char *name;
		while ((rc = next_leftover(c, order[k], &name)) == SQLITE_ROW) {
			if (name == NULL)
				return ss__fail(c->err, SS_E_NOMEM, "out of memory");
#if SS_PLANT_BUG == SS_BUG_LEFTOVER_DROPS_ROWS
			/* planted bug: dropped first, counted after (the count then fails quietly) */
			int code = drop_leftover(c, order[k], name);
			if (code == 0 && k == 3)
				code = refuse_if_rows(c, name);
#else
			int code = k == 3 ? refuse_if_rows(c, name) : 0;
			if (code == 0)
				code = drop_leftover(c, order[k], name);
#endif
			ss_free(name);
			if (code != 0)
				return code;
		}
		if (rc != SQLITE_DONE)
			return ss__fail(c->err, SS_E_SQLITE, "looking for scratch leftovers: %s",
					sqlite3_errmsg(c->db));
	}
	return 0;
}

/* Create every definition to materialize under its prefixed name. */
static int create_prefixed(sync_ctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize)
			continue;
		char *sql = ss_sql_prefix_scratch_create(d->z, d->n, &d->toks, &d->ci, c->prefix,
							 &d->autoinc_stripped);
		if (sql == NULL)
			return ss__fail(c->err, SS_E_NOMEM, "out of memory");
		int rc = ss__create_definition(c, d, sql);
		ss_free(sql);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * SQLite's rule for AUTOINCREMENT: the table's only key column, declared INTEGER, in a
 * rowid table, and no other column carries the keyword.
 */
static int autoincrement_allowed(const ss_object *t)
{
	const ss_column *key = NULL;
	for (size_t i = 0; i < t->ncols; i++) {
		const ss_column *col = &t->cols[i];
		if (col->pk > 1)
			return 0;
		if (col->pk == 1)
			key = col;
		if ((col->flags & SS_COL_AUTOINCREMENT) && col->pk != 1)
			return 0;
	}
	return !t->without_rowid && key != NULL && ss_stricmp(key->type, "integer") == 0;
}

/* The tables built without AUTOINCREMENT get it back in the model (from the text SQLite
 * would store), and the keyword SQLite never saw is held to SQLite's rule here. */
static int restore_autoincrement(sync_ctx *c, ss_schema *desired)
{
	for (size_t i = 0; i < c->ndefs; i++) {
		const def_stmt *d = &c->defs[i];
		if (!d->materialize || !d->autoinc_stripped)
			continue;
		char *key = ss__lower_dup(d->ci.name);
		if (key == NULL)
			return ss__fail(c->err, SS_E_NOMEM, "out of memory");
		ss_object *o = ss__schema_find_mut(desired, SS_OBJ_TABLE, key);
		ss_free(key);
		if (o == NULL)
			continue; /* excluded */
		char *create = ss_sql_stored_table_text(&d->toks, &d->ci);
		int rc = create ? ss__table_reparse(o, create, c->err)
				: ss__fail(c->err, SS_E_NOMEM, "out of memory");
		ss_free(create);
		if (rc != 0)
			return rc;
		if (!autoincrement_allowed(o)) {
			char ex[90];
			ss__excerpt(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
			return ss__fail(
				c->err, SS_E_INVALID,
				"definition failed: %s: AUTOINCREMENT is only allowed on an "
				"INTEGER PRIMARY KEY",
				ex);
		}
	}
	return 0;
}

/*
 * The prefixed objects are created inside the caller's transaction hook and rolled back,
 * so a crash can leave nothing behind; they are also dropped explicitly, for hooks that
 * cannot roll back (a caller's own outer transaction).
 */
int ss__materialize_prefix(sync_ctx *c, ss_schema **out)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	/* no transaction, no scratch object: a busy, locked or read-only database fails here
	 * (SQLite's error, after one busy wait), before anything is created */
	int rc = hook->begin(hook->ctx, c->db, c->err);
	if (rc != 0)
		return rc;
	int in_txn = 1;
	rc = create_prefixed(c);
	if (rc == 0) {
		ss_inspect_opts io = {"main",
				      c->prefix,
				      SS_PREFIX_ONLY,
				      c->excluded,
				      c->nexcluded,
				      0,
				      c->opts->profile == SS_PROFILE_DURABLE_OBJECT};
		rc = ss__schema_inspect(out, c->db, &io, c->err);
	}
	if (rc == 0)
		rc = restore_autoincrement(c, *out);
	if (in_txn)
		hook->rollback(hook->ctx, c->db);
	/* always clean, keeping the first error */
	ss_error cleanup_err;
	ss_error *keep = c->err;
	c->err = &cleanup_err;
	int crc = ss__cleanup_prefixed(c);
	c->err = keep;
	if (crc != 0 && rc == 0) {
		ss__fail(c->err, crc, "%s", cleanup_err.message);
		rc = crc;
		ss_schema_free(*out);
		*out = NULL;
	}
	return rc;
}
