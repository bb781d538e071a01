/* SPDX-License-Identifier: MIT */
/*
 * Drawing tables: names from the pools (fresh, labelled by what makes them hard: keywords,
 * spaces, quotes, non-ASCII, the scratch prefix inside), columns with their type, default,
 * collation, constraints, generated expression and foreign key, the primary key and the
 * table-level constraints.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gen_name_labels(const char *s, int *out)
{
	int n = 0;
	if (gen_is_keyword(s))
		out[n++] = N_KEYWORD;
	if (strchr(s, ' '))
		out[n++] = N_SPACE;
	if (strchr(s, '"') || strchr(s, '\''))
		out[n++] = N_QUOTE;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80) {
			out[n++] = N_NONASCII;
			break;
		}
	if (!sh_stricmp(s, "post") || !sh_stricmp(s, "posts"))
		out[n++] = N_POSTS;
	if (!strncmp(s, "__sqlfu_sync_", 13))
		out[n++] = P_COLUMN_NAME;
	else if (strstr(s, "__sqlfu_sync_"))
		out[n++] = N_PREFIX_TEXT;
	if (strstr(s, "sqlfuxsync"))
		out[n++] = N_LIKE;
	if (!sh_stricmp(s, "rowid") || !sh_stricmp(s, "oid"))
		out[n++] = N_ROWID;
	int up = 0, lo = 0;
	for (const char *p = s; *p; p++) {
		up |= (*p >= 'A' && *p <= 'Z');
		lo |= (*p >= 'a' && *p <= 'z');
	}
	if (up && lo)
		out[n++] = N_MIXED;
	return n;
}

static void name_labels(gen *g, const char *s)
{
	int l[8];
	int n = gen_name_labels(s, l);
	for (int i = 0; i < n; i++)
		gen_label(g->cs, l[i]);
}

void gen_pick_name(gen *g, char *out, const char *base_kind, const gschema *s, int trigger)
{
	const char *base = gen_draw_pool_name(g, gen_tnames, gen_ntnames);
	char buf[NAMELEN];
	if (!strcmp(base_kind, "i"))
		base = gen_ch(g, 3) ? "idx" : base;
	else if (!strcmp(base_kind, "v"))
		base = gen_ch(g, 3) ? "v" : base;
	else if (!strcmp(base_kind, "tr"))
		base = gen_ch(g, 3) ? "tr" : base;
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2; trigger ? gen_trig_name_taken(s, buf) : gen_schema_name_taken(s, buf); n++)
		snprintf(buf, sizeof(buf), "%s%d", base, n);
	memcpy(out, buf, NAMELEN);
	name_labels(g, out);
}

void gen_pick_col_name(gen *g, char *out, const gtable *t)
{
	const char *base = gen_draw_pool_name(g, gen_cnames, gen_ncnames);
	char buf[NAMELEN];
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2; gen_col_taken(t, buf); n++)
		snprintf(buf, sizeof(buf), "%s%d", base, n);
	memcpy(out, buf, NAMELEN);
	name_labels(g, out);
}

/* ---- drawing the baseline ------------------------------------------------------------------ */

void gen_draw_fk(gen *g, gschema *s, gtable *t, gcol *c)
{
	/* parents: earlier tables or t itself, with a usable key */
	int cand[MAXT + 1], n = 0;
	for (int i = 0; i < s->nt; i++)
		if (&s->t[i] != t && !s->t[i].excluded && (s->t[i].pk == 1 || s->t[i].pk == 2))
			cand[n++] = i;
	if ((t->pk == 1 || t->pk == 2) && sh_stricmp(t->pkcols[0], c->name) && gen_ok(g, F_FK_SELF))
		cand[n++] = -1;
	if (!n)
		return;
	int k = cand[gen_ch(g, (uint64_t)n)];
	gtable *p = k < 0 ? t : &s->t[k];
	c->fk = 1;
	gen_set_name(c->fk_table, p->name);
	gen_set_name(c->fk_col, gen_ch(g, 3) ? p->pkcols[0] : "");
	c->fk_del = gen_draw_fk_action(g);
	c->fk_upd = gen_draw_fk_action(g);
	c->fk_defer = gen_draw_fk_defer(g);
}

void gen_draw_check_compare(gen *g, gcol *c)
{
	if (!c->check || !gen_ok(g, F_CHECK_COMPARE) || !gen_one_in(g, 3))
		return;
	const unsigned char ok[2] = {1, (unsigned char)gen_ok(g, L_NUMBER)};
	c->check = 6;
	c->cop = (int)gen_ch(g, gen_ncmp_ops);
	/* gen_nums[0] and [6] are plain: the only ones without literal:number-spelling */
	c->cnum = gen_ch_among(g, 2, ok) == 1 ? (int)gen_ch(g, gen_nnums) : 6 * (int)gen_ch(g, 2);
}

void gen_draw_col(gen *g, gschema *s, gtable *t, gcol *c, int allow_gen)
{
	memset(c, 0, sizeof(*c));
	gen_pick_col_name(g, c->name, t);
	c->type = gen_draw_type(g, t->strict);
	const unsigned char gen_kinds[2] = {gen_ok(g, F_GEN_VIRTUAL), gen_ok(g, F_GEN_STORED)};
	if (allow_gen && (gen_kinds[0] || gen_kinds[1]) && gen_one_in(g, 6)) {
		gcol *src = gen_pick_plain_col(g, t);
		if (src) {
			c->gen = 1 + (int)gen_ch_among(g, 2, gen_kinds);
			c->gen_expr = (int)gen_ch(g, 4);
			gen_set_name(c->gen_src, src->name);
			c->notnull = gen_ok(g, F_GEN_NOTNULL) && gen_ok(g, F_NOTNULL) &&
				     gen_one_in(g, 5);
			if (t->strict)
				c->type = 5; /* any */
			return;
		}
	}
	c->notnull = gen_ok(g, F_NOTNULL) && gen_one_in(g, 4);
	c->dflt = gen_ok(g, F_DEFAULT) && gen_one_in(g, 2) ? gen_draw_default(g) : 0;
	c->dlit = gen_ok(g, F_DEFAULT) && gen_ok(g, L_DEFAULT) && gen_one_in(g, 6)
			  ? gen_draw_lit(g, L_DEFAULT)
			  : 0;
	c->coll = gen_ok(g, F_COLLATE) && gen_one_in(g, 4) ? (int)gen_ch(g, 4) : 0;
	c->unique = gen_ok(g, F_UNIQUE_COL) && gen_one_in(g, 5);
	c->check = gen_ok(g, F_CHECK_COL) && gen_one_in(g, 5)
			   ? 1 + (int)gen_ch(g, gen_ok(g, L_CHECK) ? 5 : 4)
			   : 0;
	if (c->check == 5)
		c->clit = gen_draw_lit(g, L_CHECK);
	gen_draw_check_compare(g, c);
	if (gen_ok(g, F_FK) && gen_one_in(g, 4))
		gen_draw_fk(g, s, t, c);
}

void gen_draw_pk(gen *g, gtable *t)
{
	/* none, INTEGER PRIMARY KEY, column PRIMARY KEY, table-level (one or two columns) */
	const unsigned char kinds[4] = {1, gen_ok(g, F_INT_PK) && ((g->types_ok >> 2) & 1),
					gen_ok(g, F_SINGLE_PK),
					gen_ok(g, F_SINGLE_PK) || gen_ok(g, F_COMPOSITE_PK)};
	uint64_t kind = gen_ch_among(g, 4, kinds);
	t->pk = kind < 4 ? (int)kind : 0;
	t->autoinc = 0;
	t->pkdesc = 0;
	t->npk = 0;
	if (t->pk == 1) {
		/* INTEGER PRIMARY KEY on column 0 */
		gcol *c = &t->cols[0];
		c->gen = 0;
		c->type = 2; /* integer, also in the STRICT list */
		c->fk = 0;
		c->dflt = 0;
		gen_set_name(t->pkcols[0], c->name);
		t->npk = 1;
		t->autoinc = gen_ok(g, F_AUTOINC) && gen_one_in(g, 3);
		t->pkdesc = !t->autoinc && gen_ok(g, F_PK_DESC) && gen_one_in(g, 8);
	} else if (t->pk == 2) {
		gcol *c = gen_pick_plain_col(g, t);
		if (!c) {
			t->pk = 0;
			return;
		}
		gen_set_name(t->pkcols[0], c->name);
		t->npk = 1;
		t->pkdesc = gen_ok(g, F_PK_DESC) && gen_one_in(g, 6);
	} else if (t->pk == 3) {
		gcol *a = gen_pick_plain_col(g, t), *b = gen_pick_plain_col(g, t);
		if (!a) {
			t->pk = 0;
			return;
		}
		gen_set_name(t->pkcols[0], a->name);
		t->npk = 1;
		if (b && b != a && gen_ok(g, F_COMPOSITE_PK))
			gen_set_name(t->pkcols[t->npk++], b->name);
		if (t->npk == 1 && !gen_ok(g, F_SINGLE_PK)) {
			t->pk = 0; /* the engine claims composite keys only */
			t->npk = 0;
			return;
		}
		t->pkdesc = gen_ok(g, F_PK_DESC) && gen_one_in(g, 6);
	}
}

/* A composite foreign key to a table whose two-column primary key or UNIQUE can take it. */
void gen_draw_cfk(gen *g, gschema *s, gtable *t)
{
	int cand[MAXT], n = 0;
	for (int i = 0; i < s->nt; i++) {
		gtable *p = &s->t[i];
		if (p != t && !p->excluded && ((p->pk == 3 && p->npk == 2) || p->tuniq[0][0]))
			cand[n++] = i;
	}
	gcol *a = gen_pick_plain_col(g, t), *b = gen_pick_plain_col(g, t);
	if (!n || !a || !b || a == b)
		return;
	gtable *p = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gen_set_name(t->cfk_cols[0], a->name);
	gen_set_name(t->cfk_cols[1], b->name);
	gen_set_name(t->cfk_table, p->name);
	if (p->pk == 3 && p->npk == 2 && (!p->tuniq[0][0] || gen_ch(g, 2))) {
		memcpy(t->cfk_pcols[0], p->pkcols[0], NAMELEN);
		memcpy(t->cfk_pcols[1], p->pkcols[1], NAMELEN);
	} else {
		memcpy(t->cfk_pcols[0], p->tuniq[0], NAMELEN);
		memcpy(t->cfk_pcols[1], p->tuniq[1], NAMELEN);
	}
	t->cfk_del = gen_draw_fk_action(g);
	t->cfk_match = gen_one_in(g, 3);
}

void gen_draw_table(gen *g, gschema *s, gtable *t)
{
	memset(t, 0, sizeof(*t));
	gen_pick_name(g, t->name, "t", s, 0);
	t->strict = gen_ok(g, F_STRICT) && gen_one_in(g, 5);
	/* now and then a wide table (the engine's column arrays grow) */
	int wide = gen_ok(g, F_WIDE_TABLE) && gen_one_in(g, 12);
	int nc = wide ? 8 + (int)gen_ch(g, MAXC - 8) : 1 + (int)gen_ch(g, 4);
	if (wide)
		gen_label(g->cs, F_WIDE_TABLE);
	for (int i = 0; i < nc && i < MAXC; i++) {
		gen_draw_col(g, s, t, &t->cols[t->ncols], i > 0);
		t->ncols++;
	}
	gen_draw_pk(g, t);
	if (t->pk && gen_ok(g, F_WITHOUT_ROWID) && gen_one_in(g, 5) && !t->autoinc)
		t->without_rowid = 1;
	if (gen_ok(g, F_UNIQUE_TABLE) && gen_one_in(g, 6)) {
		gcol *a = gen_pick_plain_col(g, t), *b = gen_pick_plain_col(g, t);
		if (a && b && a != b) {
			gen_set_name(t->tuniq[0], a->name);
			gen_set_name(t->tuniq[1], b->name);
		}
	}
	if (gen_ok(g, F_CHECK_TABLE) && gen_one_in(g, 6)) {
		gcol *a = gen_pick_plain_col(g, t), *b = gen_pick_plain_col(g, t);
		if (a && b && a != b) {
			gen_set_name(t->tcheck[0], a->name);
			gen_set_name(t->tcheck[1], b->name);
		}
	}
	if (gen_ok(g, F_FK) && gen_ok(g, F_FK_COMPOSITE) && gen_one_in(g, 4))
		gen_draw_cfk(g, s, t);
}
