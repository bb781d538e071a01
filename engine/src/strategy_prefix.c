/* SPDX-License-Identifier: MIT */
/*
 * The prefix strategy: create each definition that must be materialized in main under the
 * prefixed name (the text rewrite, AUTOINCREMENT included, is sql_prefix.c), inspect only
 * the prefixed objects with the prefix removed, and remove them again before the plan is
 * applied: left in main, they would be rewritten or re-validated by ALTER TABLE ... RENAME
 * and break the apply. Used where ATTACH is forbidden (a Durable Object) and by choice.
 *
 * Also the crash leftovers: prefixed objects that a crashed earlier sync left in main, found
 * by a literal name test, never LIKE. They are checked before anything changes (a prefixed
 * table holding rows is never a scratch leftover: scratch tables stay empty, and the sync
 * stops instead), and dropped only inside a transaction: the sync's own, or the prefix
 * strategy's, which is rolled back. A dry run and a refused sync remove nothing.
 */
#include "sync.h"

#include <string.h>

/* Type "vtab" (?2 = 'vtab') stands for the virtual tables among the tables: they are
 * dropped whole before the other tables, which takes their shadow tables with them. */
#if SS_PLANT_BUG == SS_BUG_LIKE_CLEANUP
static const char leftover_probe[] =
	"SELECT count(*) FROM main.sqlite_schema WHERE name LIKE ?1 || '%'";
static const char leftover_query[] =
	"SELECT type, name, sql FROM main.sqlite_schema WHERE name LIKE ?1 || '%' AND (type = ?2 "
	"OR (?2 = 'vtab' AND type = 'table' AND sql >= 'CREATE VIRTUAL ' AND sql < 'CREATE VIRTUAL!'))";
#else
static const char leftover_probe[] = "SELECT count(*) FROM main.sqlite_schema WHERE substr(name, "
				     "1, length(?1)) = ?1";
static const char leftover_query[] =
	"SELECT type, name, sql FROM main.sqlite_schema WHERE substr(name, 1, length(?1)) = ?1 "
	"AND (type = ?2 OR (?2 = 'vtab' AND type = 'table' AND sql >= 'CREATE VIRTUAL ' AND sql < 'CREATE VIRTUAL!'))";
#endif

/* How many objects in main are named with the prefix? The common case, none, costs one
 * query. */
static int count_leftovers(sync_ctx *c, int *n)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, leftover_probe, -1, &st, NULL);
	*n = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return ss__fail(c->err, ss__map_sqlite_error(c->db, rc),
				"looking for scratch leftovers: %s", sqlite3_errmsg(c->db));
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

/*
 * A prefixed table holding rows is not a scratch leftover: SS_E_REFUSED. A table whose rows
 * cannot be counted (a lock, I/O, a damaged page) may hold rows: SS_E_SQLITE, and it is not
 * dropped either.
 */
static int refuse_if_rows(sync_ctx *c, const char *name)
{
	int rows = 0;
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "SELECT count(*) > 0 FROM main.");
	ss_buf_add_ident(&b, name);
	char *cq = ss_buf_detach(&b);
	if (cq == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	int rc = ss__read_int(c->db, cq, &rows);
	ss_free(cq);
	if (rc != SQLITE_OK)
		return ss__fail(
			c->err,
			ss__map_sqlite_error(c->db, rc) == SS_E_NOMEM ? SS_E_NOMEM : SS_E_SQLITE,
			"table \"%s\" starts with the scratch prefix \"%s\", but whether it "
			"holds rows cannot be told (%s): it is not dropped",
			name, c->prefix, sqlite3_errmsg(c->db));
	if (rows)
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
	ss_buf_printf(&b, "DROP %s IF EXISTS main.", strcmp(type, "vtab") == 0 ? "table" : type);
	ss_buf_add_ident(&b, name);
	char *dq = ss_buf_detach(&b);
	int rc = dq ? ss__exec1(c->db, dq) : SQLITE_NOMEM;
	ss_free(dq);
	if (rc != SQLITE_OK)
		return ss__fail(
			c->err,
			ss__map_sqlite_error(c->db, rc) == SS_E_NOMEM ? SS_E_NOMEM : SS_E_SQLITE,
			"removing scratch leftover \"%s\": %s", name, sqlite3_errmsg(c->db));
	return 0;
}

/* Append a copy of s (NULL counts as "") to the vector *v of *n. SQLITE_NOMEM or OK. */
static int push_str(char ***v, size_t *n, const char *s)
{
	char **nv = ss__realloc(*v, (*n + 1) * sizeof(char *));
	if (nv == NULL)
		return SQLITE_NOMEM;
	*v = nv;
	if ((nv[*n] = ss__strdup(s ? s : "")) == NULL)
		return SQLITE_NOMEM;
	(*n)++;
	return SQLITE_OK;
}

/* The names of every prefixed table, virtual tables included, their shadow tables not
 * (they go with their owner, and FTS5's hold rows of their own), into a vector
 * (ss__strv_free). */
static int leftover_tables(sync_ctx *c, char ***out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	char **all = NULL, **vnames = NULL, **vsqls = NULL;
	size_t nall = 0, nv = 0, nvs = 0;
	int rc = sqlite3_prepare_v2(c->db, leftover_query, -1, &st, NULL);
	*out = NULL;
	*n = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, "table", -1, SQLITE_STATIC);
	}
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		/* a table's name and text are never NULL in sqlite_schema: a failed allocation */
		if (name == NULL || sql == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		rc = push_str(&all, &nall, name);
		if (rc == SQLITE_OK && sql != NULL && ss_strnicmp(sql, "create virtual", 14) == 0 &&
		    (rc = push_str(&vnames, &nv, name)) == SQLITE_OK)
			rc = push_str(&vsqls, &nvs, sql);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; rc == SQLITE_DONE && i < nall; i++) {
		int shadow = ss__vtab_is_shadow_name(all[i], (const char *const *)vnames,
						     (const char *const *)vsqls, nv);
		if (shadow < 0)
			rc = SQLITE_NOMEM;
		else if (!shadow && push_str(out, n, all[i]) != SQLITE_OK)
			rc = SQLITE_NOMEM;
	}
	ss__strv_free(all, nall);
	ss__strv_free(vnames, nv);
	ss__strv_free(vsqls, nvs);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_NOMEM)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	return ss__fail(c->err, SS_E_SQLITE, "looking for scratch leftovers: %s",
			sqlite3_errmsg(c->db));
}

/*
 * Find what a crashed prefix-strategy sync left in main, without changing anything: a
 * prefixed table that holds rows (or whose rows cannot be counted) stops the sync here,
 * before anything is dropped. The name test is a literal byte comparison: LIKE would treat
 * '_' as a wildcard and match user tables.
 */
int ss__leftovers_check(sync_ctx *c)
{
	int n = 0, rc = count_leftovers(c, &n);
	c->leftovers = n;
	if (rc != 0 || n == 0)
		return rc;
	char **tables = NULL;
	size_t ntables = 0;
	rc = leftover_tables(c, &tables, &ntables);
	for (size_t i = 0; rc == 0 && i < ntables; i++)
		rc = refuse_if_rows(c, tables[i]);
	ss__strv_free(tables, ntables);
	return rc;
}

/*
 * Drop every prefixed object in main, dependents first, each prefixed table checked for
 * rows again. Virtual tables go whole before the other tables (their shadow tables with
 * them): a shadow table is never dropped, or counted, on its own. Runs inside the sync's transaction (or the prefix strategy's, which is rolled
 * back): a refusal rolls back whatever it dropped.
 */
int ss__leftovers_drop(sync_ctx *c)
{
	static const char *const order[] = {"trigger", "view", "index", "vtab", "table"};
	for (size_t k = 0; k < 5; k++) {
		char *name;
		int rc;
		while ((rc = next_leftover(c, order[k], &name)) == SQLITE_ROW) {
			if (name == NULL)
				return ss__fail(c->err, SS_E_NOMEM, "out of memory");
#if SS_PLANT_BUG == SS_BUG_LEFTOVER_DROPS_ROWS
			/* planted bug: dropped first, counted after (the count then fails quietly) */
			int code = drop_leftover(c, order[k], name);
			if (code == 0 && k >= 3)
				code = refuse_if_rows(c, name);
#else
			int code = k >= 3 ? refuse_if_rows(c, name) : 0;
			if (code == 0)
				code = drop_leftover(c, order[k], name);
#endif
			ss_free(name);
			if (code != 0)
				return code;
		}
		if (rc != SQLITE_DONE)
			return ss__fail(c->err,
					ss__map_sqlite_error(c->db, rc) == SS_E_NOMEM ? SS_E_NOMEM
										      : SS_E_SQLITE,
					"looking for scratch leftovers: %s", sqlite3_errmsg(c->db));
	}
	return 0;
}

/* A stamp of the prefixed objects in main (type, name, SQL): tells whether a rollback
 * undid what the prefix strategy created. */
static int prefixed_stamp(sync_ctx *c, size_t *out)
{
	static const char q[] = "SELECT type, name, sql FROM main.sqlite_schema WHERE "
				"substr(name, 1, length(?1)) = ?1 ORDER BY type, name";
	sqlite3_stmt *st = NULL;
	size_t h = 0;
	int rc = sqlite3_prepare_v2(c->db, q, -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		for (int k = 0; k < 3; k++) {
			const char *t = (const char *)sqlite3_column_text(st, k);
			h = h * 1099511628211u + ss__str_hash((unsigned)k + 1, t ? t : "");
		}
	}
	sqlite3_finalize(st);
	*out = h;
	return rc == SQLITE_DONE ? 0 : rc;
}

/*
 * Is the transaction the scratch objects are built in still open? SQLite rolls a whole
 * transaction back by itself when a statement fails on memory or I/O (a read too), and a
 * CREATE after that would be committed on its own: a scratch object left in main for good
 * (found by check --faults oom).
 */
static int scratch_txn_open(sync_ctx *c)
{
	if (!sqlite3_get_autocommit(c->db))
		return 0;
	return ss__fail(c->err, SS_E_SQLITE,
			"the transaction of the scratch objects was rolled back by SQLite (after a "
			"memory or I/O error); nothing was created");
}

/* Create every definition to materialize under its prefixed name. */
static int create_prefixed(sync_ctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize)
			continue;
		int open = scratch_txn_open(c);
		if (open != 0)
			return open;
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

/* Is defs[i] a later definition of a table defined before (a CREATE TABLE IF NOT EXISTS
 * SQLite skips)? The first definition wins. Only AUTOINCREMENT tables ask: few. */
static int later_duplicate(const sync_ctx *c, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (c->defs[j].ci.type == SS_OBJ_TABLE && c->defs[j].ci.name != NULL &&
		    ss_stricmp(c->defs[j].ci.name, c->defs[i].ci.name) == 0)
			return 1;
	return 0;
}

/* The tables built without AUTOINCREMENT get it back in the model (from the text SQLite
 * would store), and the keyword SQLite never saw is held to SQLite's rule here. */
static int restore_autoincrement(sync_ctx *c, ss_schema *desired)
{
	for (size_t i = 0; i < c->ndefs; i++) {
		const def_stmt *d = &c->defs[i];
		if (!d->materialize || !d->autoinc_stripped || later_duplicate(c, i))
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
 * so neither a dry run nor a crash leaves anything behind; a crash leftover of the same
 * name is dropped first, inside the same transaction, so the rollback brings it back (the
 * sync's own transaction removes it for good). If the hook's rollback did not undo them (a
 * caller whose hook leaves the transaction to its own outer one), they are dropped
 * explicitly.
 */
int ss__materialize_prefix(sync_ctx *c, ss_schema **out)
{
	const ss_txn_hook *hook = ss__txn_hook(c->opts);
	/* no transaction, no scratch object: a busy, locked or read-only database fails here
	 * (SQLite's error, after one busy wait), before anything is created */
	int rc = hook->begin(hook->ctx, c->db, c->err);
	if (rc != 0)
		return rc;
	size_t before = 0, after = 0;
	/* without the stamp, a rollback that left objects behind could not be told */
	if ((rc = prefixed_stamp(c, &before)) != SQLITE_OK) {
		rc = ss__fail(c->err, ss__map_sqlite_error(c->db, rc),
			      "looking for scratch objects: %s", sqlite3_errmsg(c->db));
		hook->rollback(hook->ctx, c->db);
		return rc;
	}
	if ((rc = scratch_txn_open(c)) == 0 && c->leftovers > 0)
		rc = ss__leftovers_drop(c);
	if (rc == 0)
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
	hook->rollback(hook->ctx, c->db);
	if (prefixed_stamp(c, &after) != SQLITE_OK || after == before)
		return rc;
	/* the rollback left our objects in main: remove them, keeping the first error */
	ss_error cleanup_err;
	ss_error *keep = c->err;
	c->err = &cleanup_err;
	int crc = ss__leftovers_drop(c);
	c->err = keep;
	if (crc != 0 && rc == 0) {
		ss__fail(c->err, crc, "%s", cleanup_err.message);
		rc = crc;
		ss_schema_free(*out);
		*out = NULL;
	}
	return rc;
}
