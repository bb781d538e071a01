/* SPDX-License-Identifier: MIT */
/*
 * Rows: INSERTs with values of every storage class and edge (NULL, extreme integers, reals,
 * empty strings, blobs, non-ASCII, the scratch prefix as text, parent keys for foreign
 * keys), each tried on the baseline database and kept only when SQLite accepts it.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A key of c's parent (quoted), so foreign keys stay satisfied; 0 when it has no rows. */
static int parent_key(gen *g, sh_buf *b, sqlite3 *db, gschema *s, const gcol *c)
{
	sh_buf q;
	sh_buf_init(&q);
	const char *col = c->fk_col;
	gtable *p = gen_find_table(s, c->fk_table);
	if (!col[0] && p)
		col = p->pkcols[0];
	sh_buf_adds(&q, "SELECT quote(");
	sh_buf_ident(&q, col);
	sh_buf_adds(&q, ") FROM ");
	sh_buf_ident(&q, c->fk_table);
	sh_buf_printf(&q, " LIMIT 1 OFFSET %d", (int)gen_ch(g, 3));
	sqlite3_stmt *st = NULL;
	int done = 0;
	if (sqlite3_prepare_v2(db, q.data, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		sh_buf_adds(b, (const char *)sqlite3_column_text(st, 0));
		done = 1;
	}
	sqlite3_finalize(st);
	sh_buf_free(&q);
	return done;
}

static void emit_value(gen *g, sh_buf *b, sqlite3 *db, gschema *s, const gcol *c)
{
	ss_case *cs = g->cs;
	if (c->fk && gen_ch(g, 4) && parent_key(g, b, db, s, c))
		return;
	switch (gen_ch(g, 14)) {
	case 0:
		sh_buf_printf(b, "%d", (int)gen_ch(g, 4));
		break;
	case 1:
		sh_buf_adds(b, "NULL");
		gen_label(cs, R_NULL);
		break;
	case 2:
		sh_buf_adds(b, "'a'");
		break;
	case 3:
		sh_buf_adds(b, gen_ch(g, 2) ? "9223372036854775807" : "-9223372036854775808");
		gen_label(cs, R_EXTREME);
		break;
	case 4:
		sh_buf_adds(b, gen_ch(g, 2) ? "1.5" : "-0.25e300");
		gen_label(cs, R_REAL);
		break;
	case 5:
		sh_buf_adds(b, "''");
		gen_label(cs, R_EMPTY);
		break;
	case 6:
		sh_buf_adds(b, "x'00ff'");
		gen_label(cs, R_BLOB);
		break;
	case 7:
		sh_buf_adds(b, "'é名'");
		gen_label(cs, R_NONASCII);
		break;
	case 8:
		sh_buf_adds(b, "'it''s'");
		break;
	case 9:
		sh_buf_adds(b, "'bad'");
		break;
	case 10:
		sh_buf_adds(b, "'12'");
		break;
	case 11:
		sh_buf_printf(b, "%d", 100 + (int)gen_ch(g, 1000));
		break;
	case 12:
		sh_buf_adds(b, "'A'");
		break;
	default:
		sh_buf_adds(b, "'__sqlfu_sync_v'");
	}
}

/* Explicit rowids: large, negative, sparse (a rebuild that renumbers shows). */
static const char *const rowids[] = {"1000000", "-5", "4611686018427387904", "77", "3", "-1"};

/* "insert into t (a, b) values (...);" with drawn values for the stored columns; rowid, when
 * not NULL, is the row's explicit rowid (a rowid table without an alias column). */
static void insert_row(gen *g, sh_buf *b, sqlite3 *db, gschema *s, const gtable *t,
		       const char *rowid)
{
	sh_buf_adds(b, "insert into ");
	sh_buf_ident(b, t->name);
	sh_buf_adds(b, " (");
	int first = 1;
	if (rowid) {
		sh_buf_adds(b, gen_rowid_name(t));
		first = 0;
	}
	for (int j = 0; j < t->ncols; j++) {
		if (t->cols[j].gen)
			continue;
		if (!first)
			sh_buf_adds(b, ", ");
		first = 0;
		sh_buf_ident(b, t->cols[j].name);
	}
	sh_buf_adds(b, ") values (");
	first = 1;
	if (rowid) {
		sh_buf_adds(b, rowid);
		first = 0;
	}
	for (int j = 0; j < t->ncols; j++) {
		if (t->cols[j].gen)
			continue;
		if (!first)
			sh_buf_adds(b, ", ");
		first = 0;
		emit_value(g, b, db, s, &t->cols[j]);
	}
	sh_buf_adds(b, ");\n");
}

/* Run b's statement on db; keep it in rows when SQLite accepts it. Returns 1 when kept. */
static int keep(gen *g, sh_buf *rows, sqlite3 *db, sh_buf *b, int label)
{
	int ok = sh_exec(db, b->data, NULL, 0) == SQLITE_OK;
	if (ok) {
		sh_buf_adds(rows, b->data);
		gen_label(g->cs, label);
	}
	sh_buf_free(b);
	return ok;
}

/* One value of column c for row i of a bulk insert, by its type and constraints: distinct
 * and varied (every storage class where the type allows), parents' keys for foreign keys. */
static void bulk_value(gen *g, sh_buf *b, const gschema *s, const gtable *t, const gcol *c)
{
	const char *ty = gen_type_of(t, c);
	char lt[32];
	snprintf(lt, sizeof(lt), "%s", ty);
	sh_lower_ascii(lt);
	int is_int = strstr(lt, "int") != NULL,
	    is_real = !strcmp(lt, "real") || strstr(lt, "doub") || strstr(lt, "dec");
	int is_text = strstr(lt, "text") || strstr(lt, "char");
	int is_blob = !strcmp(lt, "blob");
	if (gen_pk_has(t, c->name) && t->pk == 1) {
		sh_buf_adds(b, "i * 3 - 600"); /* the rowid alias: sparse and negative ones */
		return;
	}
	if (c->fk) {
		const gtable *p = NULL;
		for (int k = 0; k < s->nt; k++)
			if (!sh_stricmp(s->t[k].name, c->fk_table))
				p = &s->t[k];
		const char *key = c->fk_col[0] ? c->fk_col : (p ? p->pkcols[0] : "");
		if (!p || p == t || !key[0]) {
			sh_buf_adds(b, "NULL");
			return;
		}
		sh_buf_adds(b, "(select ");
		sh_buf_ident(b, key);
		sh_buf_adds(b, " from ");
		sh_buf_ident(b, p->name);
		sh_buf_adds(b, " limit 1 offset i % 3)");
		return;
	}
	int v = (int)gen_ch(g, 4);
	if (is_int && t->strict)
		sh_buf_adds(b, v == 0   ? "i"
			       : v == 1 ? "(i * 7919) % 100003 - 50000"
					: "i * 1000003");
	else if (is_real && t->strict)
		sh_buf_adds(b, v == 0 ? "i * 0.25" : "i / 7.0");
	else if ((is_text && t->strict) || (is_text && v < 2))
		sh_buf_adds(b, v == 0   ? "'v' || i"
			       : v == 1 ? "printf('%08d', i)"
					: "char(65 + i % 26) || i");
	else if (is_blob && t->strict)
		sh_buf_adds(b, "cast(printf('b%d', i) as blob)");
	else if (c->check == 3)
		sh_buf_adds(b, "i"); /* CHECK (typeof(c) != 'real') */
	else if (v == 0)
		sh_buf_adds(b, "i");
	else
		/* every storage class, by row */
		sh_buf_adds(
			b,
			"case i % 5 when 0 then i when 1 then 'v' || i when 2 then i * 0.5 "
			"when 3 then cast(i as text) || x'' else zeroblob(i % 3) || x'0' || i end");
}

static const int bulk_sizes[] = {150, 500, 1000, 1200, 2500};

/* Hundreds to thousands of rows in one INSERT ... SELECT from a recursive CTE (cheap to
 * build, varied values); some deleted afterwards, leaving gaps. Rebuild paths for big tables
 * (renaming instead of copying twice, from 1000 rows) run on these. */
static void bulk_rows(gen *g, sh_buf *rows, sqlite3 *db, gschema *s, const gtable *t)
{
	/* with size:bulk-rows-1000-plus denied, the sizes below 1000 only */
	uint64_t nsizes = gen_ok(g, R_BULK_1000) ? sizeof(bulk_sizes) / sizeof(bulk_sizes[0]) : 2;
	int n = bulk_sizes[gen_ch(g, nsizes)];
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b,
		      "with recursive r(i) as (select 1 union all select i + 1 from r where i < "
		      "%d) insert or ignore into ",
		      n);
	sh_buf_ident(&b, t->name);
	sh_buf_adds(&b, " (");
	int first = 1;
	for (int j = 0; j < t->ncols; j++) {
		if (t->cols[j].gen)
			continue;
		if (!first)
			sh_buf_adds(&b, ", ");
		first = 0;
		sh_buf_ident(&b, t->cols[j].name);
	}
	sh_buf_adds(&b, ") select ");
	first = 1;
	for (int j = 0; j < t->ncols; j++) {
		if (t->cols[j].gen)
			continue;
		if (!first)
			sh_buf_adds(&b, ", ");
		first = 0;
		bulk_value(g, &b, s, t, &t->cols[j]);
	}
	sh_buf_adds(&b, " from r;\n");
	if (!keep(g, rows, db, &b, R_BULK))
		return;
	if (n >= 1000)
		gen_label(g->cs, R_BULK_1000);
	const char *rowid = gen_rowid_name(t);
	if (rowid && gen_ok(g, R_DELETED) && gen_ch(g, 2)) {
		sh_buf_init(&b);
		sh_buf_adds(&b, "delete from ");
		sh_buf_ident(&b, t->name);
		sh_buf_printf(&b, " where %s %% 7 = 3;\n", rowid);
		keep(g, rows, db, &b, R_DELETED);
	}
}

/* Gaps a rebuild must keep: rows deleted (the largest rowid among them, so the next rowid
 * and an AUTOINCREMENT counter differ), and the counter pushed above the largest rowid. */
static void gaps(gen *g, sh_buf *rows, sqlite3 *db, const gtable *t)
{
	sh_buf b;
	const char *r = gen_rowid_name(t);
	if (r && gen_ok(g, R_DELETED) && gen_one_in(g, 3)) {
		sh_buf_init(&b);
		sh_buf_adds(&b, "delete from ");
		sh_buf_ident(&b, t->name);
		if (gen_ch(g, 2))
			sh_buf_printf(&b, " where %s = (select max(%s) from ", r, r);
		else
			sh_buf_printf(&b, " where %s %% 2 = 0 and %s <> (select max(%s) from ", r,
				      r, r);
		sh_buf_ident(&b, t->name);
		sh_buf_adds(&b, ");\n");
		keep(g, rows, db, &b, R_DELETED);
	}
	if (t->autoinc && gen_ok(g, R_SEQUENCE) && gen_ch(g, 2)) {
		/* the counter row exists once a row was inserted; else one is made */
		sh_buf q;
		sh_buf_init(&q);
		sh_buf_adds(&q, "SELECT 1 FROM sqlite_sequence WHERE name = ");
		sh_buf_literal(&q, t->name);
		sqlite3_stmt *st = sh_prepare(db, q.data);
		int has = st && sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		sh_buf_free(&q);
		sh_buf_init(&b);
		if (has) {
			sh_buf_printf(&b, "update sqlite_sequence set seq = seq + %d where name = ",
				      1 + (int)gen_ch(g, 3) * 500);
			sh_buf_literal(&b, t->name);
		} else {
			sh_buf_adds(&b, "insert into sqlite_sequence (name, seq) values (");
			sh_buf_literal(&b, t->name);
			sh_buf_printf(&b, ", %d)", 1000 + (int)gen_ch(g, 3));
		}
		sh_buf_adds(&b, ";\n");
		keep(g, rows, db, &b, R_SEQUENCE);
	}
}

void gen_rows(gen *g, sh_buf *rows, sqlite3 *db, gschema *s)
{
	int bulk = gen_ok(g, R_BULK) && gen_one_in(g, 5) ? (int)gen_ch(g, (uint64_t)s->nt) : -1;
	for (int i = 0; i < s->nt; i++) {
		const gtable *t = &s->t[i];
		int n = (int)gen_ch(g, 5);
		/* explicit rowids on a rowid table without an alias column */
		int explicit_rowids = gen_rowid_name(t) && t->pk != 1 &&
				      gen_ok(g, R_EXPLICIT_ROWID) && gen_one_in(g, 3);
		for (int r = 0; r < n; r++) {
			sh_buf b;
			sh_buf_init(&b);
			const char *rowid =
				explicit_rowids
					? rowids[gen_ch(g, sizeof(rowids) / sizeof(rowids[0]))]
					: NULL;
			insert_row(g, &b, db, s, t, rowid);
			keep(g, rows, db, &b, R_ROWS);
			if (rowid)
				gen_label(g->cs, R_EXPLICIT_ROWID);
		}
		if (i == bulk && !t->excluded)
			bulk_rows(g, rows, db, s, t);
		gaps(g, rows, db, t);
	}
}
