/* SPDX-License-Identifier: MIT */
/*
 * Full dumps: every sqlite_schema row and every row of every table, rowids included (P4
 * compares two strategies' databases with them, P5 a failed sync's database with the
 * pristine one, P9 a dry run's), row dumps of single tables, the first-difference message
 * of two dumps, and the mask that lets two runs of a case reading the clock be compared.
 */
#include "oracle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Once a table's largest rowid is 2^63 - 1, SQLite gives a row inserted without one a
 * random unused rowid: two correct syncs of the same case then differ in that value. Such
 * tables are dumped without the rowid and without an INTEGER PRIMARY KEY column (the
 * alias); every other column is still compared. select receives "SELECT <those columns>
 * FROM main.".
 */
static void random_rowids(sh_buf *select, sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = sh_prepare(
		db, "SELECT name, pk = 1 AND lower(type) = 'integer' AND (SELECT count(*) "
		    "FROM pragma_table_info(?1, 'main') WHERE pk > 0) = 1 "
		    "FROM pragma_table_info(?1, 'main') ORDER BY cid");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	int n = 0;
	sh_buf_adds(select, "SELECT ");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1))
			continue;
		if (n++)
			sh_buf_adds(select, ", ");
		sh_buf_ident(select, sh_col_text(st, 0));
	}
	sqlite3_finalize(st);
	if (n == 0)
		sh_buf_adds(select, "1");
	sh_buf_adds(select, " FROM main.");
}

/* Every row of st into l, values joined by '|'. Returns 1 when the first column (the
 * rowid, when check_max) holds 2^63-1; the step's result code goes to *rc. */
static int read_rows(sh_strv *l, sqlite3_stmt *st, int check_max, int *rc)
{
	int at_max = 0;
	while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (check_max && sqlite3_column_type(st, 0) == SQLITE_INTEGER &&
		    sqlite3_column_int64(st, 0) == INT64_MAX)
			at_max = 1;
		sh_strv_push(l, sh_row_line(st));
	}
	return at_max;
}

/*
 * The rows of one table into b. sql is the table's CREATE text when the caller has read it
 * (it says whether a column can hide the rowid; NULL: look it up). One prepared statement
 * per table in the common case: a dump runs several times per case, and preparing is most
 * of its cost.
 */
static void dump_rows(sh_buf *b, sqlite3 *db, const char *table, const char *sql, int with_rowid)
{
	sh_buf q;
	sh_buf_init(&q);
	/* a column named rowid hides the rowid: name it another way (none left: no rowid) */
	const char *rowid = with_rowid ? sh_rowid_name_sql(db, table, sql) : NULL;
	if (rowid)
		sh_buf_printf(&q, "SELECT %s, * FROM main.", rowid);
	else
		sh_buf_adds(&q, "SELECT * FROM main.");
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	sh_buf_free(&q);
	if (!st && rowid) {
		/* a WITHOUT ROWID table */
		dump_rows(b, db, table, sql, 0);
		return;
	}
	if (!st) {
		sh_buf_printf(b, "  ! cannot read %s: %s\n", table, sqlite3_errmsg(db));
		return;
	}
	sh_strv l = {0};
	int rc;
	int at_max = read_rows(&l, st, rowid != NULL, &rc);
	if (rc != SQLITE_DONE)
		sh_buf_printf(b, "  ! reading %s: %s\n", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (at_max) {
		/* rare: read again without the rowids SQLite picks at random */
		sh_strv_free(&l);
		sh_buf_init(&q);
		random_rowids(&q, db, table);
		sh_buf_ident(&q, table);
		st = sh_prepare(db, q.data);
		sh_buf_free(&q);
		sh_buf_adds(b, "  rowids: chosen at random by SQLite (largest is 2^63-1), not "
			       "compared\n");
		if (st)
			read_rows(&l, st, 0, &rc);
		sqlite3_finalize(st);
	}
	sh_strv_flush(&l, b, "  row: ");
}

void sh_dump_rows(sh_buf *b, sqlite3 *db, const char *table, int with_rowid)
{
	dump_rows(b, db, table, NULL, with_rowid);
}

char *ss_oracle_dump_full(sqlite3 *db)
{
	return sh_dump_full(db, 0);
}

char *sh_dump_full(sqlite3 *db, int flags)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
			       "ORDER BY type, name");
	if (!st) {
		sh_buf_printf(&b, "! sqlite_schema failed: %s\n", sqlite3_errmsg(db));
		return sh_buf_take(&b);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* _cf_* are the durable-object profile's own tables (workerd's internals) */
		if (!sh_strnicmp(sh_col_text(st, 1), "_cf_", 4))
			continue;
		sh_buf_printf(&b, "%s %s on %s: %s\n", sh_col_text(st, 0), sh_col_text(st, 1),
			      sh_col_text(st, 2), sh_col_text(st, 3));
		if (!strcmp(sh_col_text(st, 0), "table") &&
		    (!(flags & SH_DUMP_SCHEMA_ONLY) ||
		     !strcmp(sh_col_text(st, 1), "sqlite_sequence")))
			dump_rows(&b, db, sh_col_text(st, 1), sh_col_text(st, 3), 1);
	}
	sqlite3_finalize(st);
	return sh_buf_take(&b);
}

void ss_oracle_diff(char *buf, size_t len, const char *a, const char *b)
{
	const char *pa = a, *pb = b;
	size_t line = 1;
	while (*pa && *pa == *pb) {
		if (*pa == '\n')
			line++;
		pa++;
		pb++;
	}
	/* back to the start of the differing line */
	while (pa > a && pa[-1] != '\n') {
		pa--;
		pb--;
	}
	int la = (int)strcspn(pa, "\n"), lb = (int)strcspn(pb, "\n");
	snprintf(buf, len, "line %zu: expected <%.*s> got <%.*s>", line, lb > 300 ? 300 : lb, pb,
		 la > 300 ? 300 : la, pa);
}

const char *sh_pristine_full(sh_judge *x)
{
	if (!x->pristine_full)
		x->pristine_full = ss_oracle_dump_full(x->pristine);
	return x->pristine_full;
}

static int reads_clock(const char *sql)
{
	return sql && (sh_strcasestr(sql, "current_") || sh_strcasestr(sql, "'now'"));
}

int sh_case_reads_clock(const ss_case *c)
{
	return reads_clock(ss_case_text(c, SS_CASE_DESIRED)) ||
	       reads_clock(ss_case_text(c, SS_CASE_BASELINE));
}

void sh_dump_mask_clock(char *dump)
{
	for (char *p = dump; (p = strstr(p, "t'")) != NULL; p += 2) {
		char *v = p + 2;
		size_t n = strcspn(v, "'");
		int shaped = n >= 8 && n <= 19;
		for (size_t i = 0; shaped && i < n; i++)
			shaped = (v[i] >= '0' && v[i] <= '9') || v[i] == '-' || v[i] == ':' ||
				 v[i] == ' ';
		for (size_t i = 0; shaped && i < n; i++)
			if (v[i] >= '0' && v[i] <= '9')
				v[i] = '9';
	}
}
