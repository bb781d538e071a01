/* SPDX-License-Identifier: MIT */
/*
 * The facts the pure planner is given instead of a connection (plan.h, struct
 * ss_plan_facts), read from the live connection before planning: PRAGMA foreign_keys, the
 * columns' PRAGMA table_xinfo facts of each live table that differs from its desired twin
 * (loaded into the live model, which the sync owns), and row counts bounded by a LIMIT,
 * only for the tables ss__plan_fact_needs names. The lazy-facts promise holds: at 100,000
 * tables, only the changed ones (and the tables referencing them) are queried.
 */
#include "sync.h"

#include <stdio.h>

void ss_plan_facts_free(ss_plan_facts *facts)
{
	if (facts == NULL)
		return;
	ss_free(facts->need);
	ss_free(facts->rows);
	ss_free(facts);
}

/* Enforcement as the connection has it now; a failed read counts as off. */
static int read_foreign_keys(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int on = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return on;
}

/* min(rows of main's table name, limit), read with a bounded scan. */
static int count_rows(sqlite3 *db, const char *name, long limit, long *out, ss_error *err)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "SELECT count(*) FROM (SELECT 1 FROM \"main\".");
	ss_buf_add_ident(&b, name);
	ss_buf_printf(&b, " LIMIT %ld)", limit);
	char *q = ss_buf_detach(&b);
	if (q == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory while planning");
	sqlite3_stmt *st = NULL;
	*out = 0;
	int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = (long)sqlite3_column_int64(st, 0);
		rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	ss_free(q);
	if (rc != SQLITE_OK)
		return ss__fail(err, SS_E_SQLITE, "counting rows of \"%s\": %s", name,
				sqlite3_errmsg(db));
	return 0;
}

/* The index of live's first table (objects are sorted by type, tables first). */
static size_t first_table(const ss_schema *live)
{
	size_t i = 0;
	while (i < live->n && live->objs[i].type != SS_OBJ_TABLE)
		i++;
	return i;
}

/* The questions, from the planner; the answers not read yet. */
static int facts_new(ss_plan_facts **out, const ss_schema *live, const ss_schema *desired,
		     ss_error *err)
{
	ss_plan_facts *f = ss__calloc(1, sizeof(*f));
	*out = NULL;
	if (f == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory while planning");
	int rc = ss__plan_fact_needs(&f->need, &f->ntables, live, desired, err);
	if (rc == 0 && (f->rows = ss__calloc(f->ntables ? f->ntables : 1, sizeof(long))) == NULL)
		rc = ss__fail(err, SS_E_NOMEM, "out of memory while planning");
	if (rc != 0) {
		ss_plan_facts_free(f);
		return rc;
	}
	f->row_limit = ss__plan_row_limit(live);
	*out = f;
	return 0;
}

/* Enforcement and the row counts asked for. */
static int facts_read(ss_plan_facts *f, sqlite3 *db, const ss_schema *live, ss_error *err)
{
	const ss_object *tables = live->objs + first_table(live);
	f->foreign_keys = read_foreign_keys(db);
	for (size_t i = 0; i < f->ntables; i++) {
		f->rows[i] = SS_ROWS_UNKNOWN;
		if (f->need[i] == SS_FACT_NONE)
			continue;
		long limit = f->need[i] == SS_FACT_ROWS ? f->row_limit : 1;
		int rc = count_rows(db, tables[i].name, limit, &f->rows[i], err);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int ss__plan_facts_gather(ss_plan_facts **out, sqlite3 *db, ss_schema *live,
			  const ss_schema *desired, ss_error *err)
{
	ss_plan_facts *f = NULL;
	int rc = facts_new(&f, live, desired, err);
	if (rc != 0)
		return rc;
	ss_object *tables = live->objs + first_table(live);
	/* the columns of the tables that differ, read now: inspection left them unread */
	for (size_t i = 0; rc == 0 && i < f->ntables; i++)
		if (f->need[i] == SS_FACT_ROWS)
			rc = ss__table_facts(&tables[i], db, "main", err);
	if (rc == 0)
		rc = facts_read(f, db, live, err);
	if (rc != 0) {
		ss_plan_facts_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

int ss_plan_facts_read(ss_plan_facts **out, sqlite3 *live_db, const ss_schema *live,
		       const ss_schema *desired, ss_error *err)
{
	ss_plan_facts *f = NULL;
	if (out == NULL || live_db == NULL || live == NULL || desired == NULL)
		return ss__fail(err, SS_E_MISUSE,
				"ss_plan_facts_read: out, live_db, live and desired are required");
	*out = NULL;
	int rc = facts_new(&f, live, desired, err);
	if (rc == 0 && (rc = facts_read(f, live_db, live, err)) != 0)
		ss_plan_facts_free(f);
	if (rc == 0)
		*out = f;
	return rc;
}
