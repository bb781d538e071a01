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

/* "insert into t (a, b) values (...);" with drawn values for the stored columns. */
static void insert_row(gen *g, sh_buf *b, sqlite3 *db, gschema *s, const gtable *t)
{
	sh_buf_adds(b, "insert into ");
	sh_buf_ident(b, t->name);
	sh_buf_adds(b, " (");
	int first = 1;
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

void gen_rows(gen *g, sh_buf *rows, sqlite3 *db, gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		int n = (int)gen_ch(g, 5);
		for (int r = 0; r < n; r++) {
			sh_buf b;
			sh_buf_init(&b);
			insert_row(g, &b, db, s, &s->t[i]);
			if (sh_exec(db, b.data, NULL, 0) == SQLITE_OK) {
				sh_buf_adds(rows, b.data);
				gen_label(g->cs, R_ROWS);
			}
			sh_buf_free(&b);
		}
	}
}
