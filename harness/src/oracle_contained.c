/* SPDX-License-Identifier: MIT */
/*
 * P9 contained materialization: an authorizer around a dry run (ss_plan_create) records
 * every write action. For prefix every created, dropped or altered object (and the table an
 * index or trigger is on) must carry the prefix; for scratch-db only the attached schema may
 * be written (plus dropping a crashed sync's prefixed leftovers, judged by what stays). The
 * dry run must also leave the full dump unchanged, prefixed leftovers included (SPEC §1: a
 * dry run never writes, not even to clean up).
 *
 * Benign causes ruled out: SQLite authorizes its own nested writes to sqlite_schema (even
 * pragma_table_list reports an UPDATE of it) and its own sqlite_sequence create / delete;
 * these are judged by the dump comparison instead; and a live virtual table's statements on
 * its own shadow tables, prepared (so authorized) when it connects. Gap: which sqlite_sequence row a nested
 * DELETE touches is not visible to an authorizer.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_prefixed(const char *s)
{
	return s && !strncmp(s, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX));
}

/*
 * Is the action a write, and on what: obj (the object), tbl (the table of an index or
 * trigger), db (the schema)? Returns 0 for reads and everything else.
 */
static int write_action(int code, const char *a1, const char *a2, const char **obj,
			const char **tbl, const char **db)
{
	*obj = a1;
	*tbl = NULL;
	switch (code) {
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_DROP_TEMP_INDEX:
	case SQLITE_DROP_TEMP_TRIGGER:
		*tbl = a2;
		return 1;
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_VIEW:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_VIEW:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_DROP_TEMP_TABLE:
	case SQLITE_DROP_TEMP_VIEW:
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		return 1;
	case SQLITE_ALTER_TABLE:
		*obj = a2;
		*db = a1;
		return 1;
	default:
		return 0;
	}
}

/* SQLite's own nested parses write the schema table; the CREATE / DROP codes are what name
 * the object, so the schema table itself is not judged. */
static int schema_table_row(int code, const char *a1)
{
	return (code == SQLITE_INSERT || code == SQLITE_UPDATE || code == SQLITE_DELETE) && a1 &&
	       (!sh_stricmp(a1, "sqlite_master") || !sh_stricmp(a1, "sqlite_temp_master") ||
		!sh_stricmp(a1, "sqlite_schema"));
}

static int allowed(const sh_p9 *p, int code, const char *db, const char *obj, const char *tbl)
{
	int ok;
	if (p->prefix)
		ok = (!db || !strcmp(db, "main")) &&
		     (is_prefixed(obj) || (obj && !strncmp(obj, "sqlite_autoindex_", 17))) &&
		     (!tbl || is_prefixed(tbl));
	else
		ok = (db && strcmp(db, "main") && strcmp(db, "temp")) ||
		     /* removing a crashed sync's prefixed leftovers is part of any sync */
		     ((code == SQLITE_DROP_TABLE || code == SQLITE_DROP_INDEX ||
		       code == SQLITE_DROP_VIEW || code == SQLITE_DROP_TRIGGER ||
		       code == SQLITE_DELETE) &&
		      is_prefixed(obj));
	/* DROP TABLE of an AUTOINCREMENT table deletes its sqlite_sequence row in a nested
	 * parse that the authorizer sees as a DELETE on sqlite_sequence: which row is not
	 * visible here, so this one write is let through (a gap of this approximation).
	 * SQLite creates sqlite_sequence itself for the first AUTOINCREMENT table, also a
	 * prefixed one; whether it stays behind is judged by the dump comparison. */
	if (!ok && obj && !sh_stricmp(obj, "sqlite_sequence") &&
	    (code == SQLITE_CREATE_TABLE || code == SQLITE_DELETE))
		ok = 1;
	return ok;
}

static int p9_auth(void *arg, int code, const char *a1, const char *a2, const char *db,
		   const char *trigger)
{
	sh_p9 *p = arg;
	const char *obj, *tbl;
	if (!write_action(code, a1, a2, &obj, &tbl, &db) || p->bad[0] || schema_table_row(code, a1))
		return SQLITE_OK;
	for (size_t i = 0; obj && i < p->shadows.n; i++)
		if (!sh_stricmp(obj, p->shadows.v[i]) && (!db || !strcmp(db, "main")))
			return SQLITE_OK;
	if (!allowed(p, code, db, obj, tbl))
		snprintf(p->bad, sizeof(p->bad), "authorizer code %d on %s.%s%s%s (%s) inside %s",
			 code, db ? db : "?", obj ? obj : "?", tbl ? " table " : "", tbl ? tbl : "",
			 a2 ? a2 : "-", trigger ? trigger : "-");
	return SQLITE_OK;
}

void sh_p9_watch(sh_p9 *p, sqlite3 *live, int prefix)
{
	p->prefix = prefix;
	p->bad[0] = 0;
	memset(&p->shadows, 0, sizeof(p->shadows));
	sh_shadow_tables(&p->shadows, live);
	sqlite3_set_authorizer(live, p9_auth, p);
}

void sh_oracle_p9_contained(sh_judge *x, sqlite3 *live, sh_p9 *p)
{
	sqlite3_set_authorizer(live, NULL, NULL);
	sh_strv_free(&p->shadows);
	sh_checked(x, SS_P9);
	if (p->bad[0])
		sh_violate(x, SS_P9, "materializing wrote outside the scratch area: %s", p->bad);
	/* the schema (and sqlite_sequence): writes to rows of main are the authorizer's to
	 * see. Scratch leftovers of a crashed sync included: "a dry run never writes to the
	 * live database, not even to clean up" (SPEC §1); the authorizer lets their DROP
	 * through (inside a transaction rolled back, it changes nothing), this dump judges
	 * what stays */
	char *after = sh_dump_full(live, SH_DUMP_SCHEMA_ONLY);
	if (!x->pristine_schema)
		x->pristine_schema = sh_dump_full(x->pristine, SH_DUMP_SCHEMA_ONLY);
	char gone[300];
	if (sh_prefixed_removed(live, x->pristine, gone, sizeof(gone)))
		sh_violate(x, SS_P9, "the dry run (ss_plan_create) removed prefixed object %s",
			   gone);
	else if (strcmp(after, x->pristine_schema)) {
		char d[600];
		ss_oracle_diff(d, sizeof(d), after, x->pristine_schema);
		sh_violate(x, SS_P9, "the dry run (ss_plan_create) changed the database: %s", d);
	}
	free(after);
}
