/* SPDX-License-Identifier: MIT */
/*
 * P5 atomic: a failed sync leaves the full dump equal to the pristine one (a crashed sync's
 * prefixed leftovers included: SPEC §1 cleans them inside the sync's transaction, so a
 * refused sync removes nothing), integrity_check unchanged, no new scratch-prefixed object
 * and no attached database. After a successful sync no prefixed object at all may be left
 * and nothing attached (reported under P1).
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A prefixed object in db that pristine did not have (pristine NULL: any prefixed object;
 * after a successful sync none may be left, the crashed sync's leftovers included), or
 * NULL. */
static const char *prefix_leftover(sqlite3 *db, sqlite3 *pristine, char *buf, size_t len)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM main.sqlite_schema WHERE "
					  "substr(name, 1, 13) = '__sqlfu_sync_'");
	const char *r = NULL;
	while (!r && st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sqlite3_stmt *q = pristine
					  ? sh_prepare(pristine, "SELECT 1 FROM main.sqlite_schema "
								 "WHERE name = ?1")
					  : NULL;
		int had = 0;
		if (q) {
			sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
			had = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!had) {
			snprintf(buf, len, "%s", name);
			r = buf;
		}
	}
	sqlite3_finalize(st);
	return r;
}

const char *sh_prefixed_removed(sqlite3 *db, sqlite3 *pristine, char *buf, size_t len)
{
	sqlite3_stmt *st = sh_prepare(pristine, "SELECT type, name FROM main.sqlite_schema WHERE "
						"substr(name, 1, 13) = '__sqlfu_sync_'");
	const char *r = NULL;
	while (!r && st && sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_stmt *q = sh_prepare(db, "SELECT 1 FROM main.sqlite_schema WHERE type = ?1 "
						 "AND name = ?2");
		int kept = 0;
		if (q) {
			sqlite3_bind_text(q, 1, sh_col_text(st, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q, 2, sh_col_text(st, 1), -1, SQLITE_TRANSIENT);
			kept = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!kept) {
			snprintf(buf, len, "%s %s", sh_col_text(st, 0), sh_col_text(st, 1));
			r = buf;
		}
	}
	sqlite3_finalize(st);
	return r;
}

static const char *attached_leftover(sqlite3 *db, char *buf, size_t len)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM pragma_database_list WHERE name NOT IN "
					  "('main', 'temp')");
	const char *r = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
		r = buf;
	}
	sqlite3_finalize(st);
	return r;
}

void sh_oracle_leftovers(sh_judge *x, sqlite3 *live, int p, sqlite3 *pristine, const char *after)
{
	char nm[300];
	if (prefix_leftover(live, pristine, nm, sizeof(nm)))
		sh_violate(x, p, "prefixed object %s left after %s", nm, after);
	if (attached_leftover(live, nm, sizeof(nm)))
		sh_violate(x, p, "database %s still attached after %s", nm, after);
}

void sh_oracle_p5_atomic(sh_judge *x, sqlite3 *live, int rc, const char *message, const char *full)
{
	char msg[1024];
	sh_checked(x, SS_P5);
	char *own = full ? NULL : ss_oracle_dump_full(live);
	const char *after = full ? full : own;
	char gone[300];
	if (sh_prefixed_removed(live, x->pristine, gone, sizeof(gone)))
		/* the same difference, named: SPEC §1 cleans leftovers inside the sync's
		 * transaction, so a failed or refused sync removes nothing */
		sh_violate(x, SS_P5, "failed sync (%s: %.300s) removed prefixed object %s",
			   ss_error_name(rc), message, gone);
	else if (strcmp(after, sh_pristine_full(x))) {
		ss_oracle_diff(msg, sizeof(msg), after, sh_pristine_full(x));
		sh_violate(x, SS_P5, "failed sync (%s: %.300s) changed the database: %s",
			   ss_error_name(rc), message, msg);
	}
	free(own);
	if (!sh_integrity_ok(live, msg, sizeof(msg)) &&
	    !sh_integrity_known(msg, sh_pristine_integrity(x)))
		sh_violate(x, SS_P5, "integrity_check after failure: %s", msg);
	sh_oracle_leftovers(x, live, SS_P5, x->pristine, "failure");
}
