/* SPDX-License-Identifier: MIT */
/*
 * Running statements on the connection, for the sync layer: one statement to completion,
 * cleanup statements that are retried (a transient failure must not leave a transaction
 * open or a database attached), reading one integer, the default transaction hook, and the
 * mapping of SQLite's result codes to the engine's error kinds (a busy, locked, read-only
 * or I/O failure stays SQLite's, never "invalid definitions").
 */
#include "sync.h"

#include <string.h>

int ss__map_sqlite_error(sqlite3 *db, int rc)
{
	const char *msg = sqlite3_errmsg(db);
	if ((rc & 0xff) == SQLITE_CONSTRAINT || strstr(msg, "constraint failed") != NULL)
		return SS_E_CONSTRAINT;
	if ((rc & 0xff) == SQLITE_NOMEM)
		return SS_E_NOMEM;
	return SS_E_SQLITE;
}

/* Run one statement to completion; rows are ignored. */
int ss__exec1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = SQLITE_OK;
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/*
 * A cleanup statement (ROLLBACK, DETACH, restoring a PRAGMA): retried, because a transient
 * failure (an allocation) must not leave a transaction open or a database attached.
 */
int ss__exec_cleanup(sqlite3 *db, const char *sql)
{
	int rc = SQLITE_OK;
	for (int attempt = 0; attempt < 3; attempt++) {
		if (strcmp(sql, "ROLLBACK") == 0 && sqlite3_get_autocommit(db))
			return SQLITE_OK;
		if ((rc = ss__exec1(db, sql)) == SQLITE_OK)
			break;
	}
	return rc;
}

int ss__read_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	*out = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int(st, 0);
		rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The stamp's schema part where PRAGMA schema_version is denied (the durable-object
 * profile): a hash of main's catalog, in its stored order. */
static int catalog_hash(sqlite3 *db, long long *out)
{
	sqlite3_stmt *st = NULL;
	size_t h = 0;
	int rc = sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema",
				    -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		for (int k = 0; k < 4; k++) {
			const char *t = (const char *)sqlite3_column_text(st, k);
			h = h * 1099511628211u + ss__str_hash((unsigned)k + 7, t ? t : "");
		}
	}
	sqlite3_finalize(st);
	*out = (long long)h;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int read_int64(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	*out = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int64(st, 0);
		rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

int ss__read_stamp(sqlite3 *db, ss_stamp *out, ss_error *err)
{
	int rc = read_int64(db, "PRAGMA main.schema_version", &out->schema);
	if ((rc & 0xff) == SQLITE_AUTH)
		rc = catalog_hash(db, &out->schema);
	if (rc != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc), "reading the schema version: %s",
				sqlite3_errmsg(db));
	/* data_version changes when another connection commits; unknown (denied): every
	 * commit counts as one */
	out->have_data = read_int64(db, "PRAGMA main.data_version", &out->data) == SQLITE_OK;
	return 0;
}

static int default_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	if (ss__exec1(db, "BEGIN IMMEDIATE") != SQLITE_OK)
		return ss__fail(err, SS_E_SQLITE, "BEGIN IMMEDIATE failed: %s", sqlite3_errmsg(db));
	return 0;
}

static int default_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	int rc = ss__exec1(db, "COMMIT");
	if (rc != SQLITE_OK)
		return ss__fail(err, ss__map_sqlite_error(db, rc), "COMMIT failed: %s",
				sqlite3_errmsg(db));
	return 0;
}

static void default_rollback(void *ctx, sqlite3 *db)
{
	(void)ctx;
	ss__exec_cleanup(db, "ROLLBACK");
}

static const ss_txn_hook default_hook = {default_begin, default_commit, default_rollback, NULL};

const ss_txn_hook *ss__txn_hook(const ss_options *opts)
{
	return opts->txn ? opts->txn : &default_hook;
}
