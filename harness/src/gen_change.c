/* SPDX-License-Identifier: MIT */
/*
 * Changes: the change classes of SPEC §3 applied to a copy of the baseline model (add / drop
 * table and column, type, NOT NULL, default, collation, primary key, CHECK, UNIQUE, foreign
 * keys, generated columns, STRICT, WITHOUT ROWID, AUTOINCREMENT, indexes, views, triggers,
 * renames by case, moved columns, a literal's spelling, a name with the scratch prefix, or
 * nothing but formatting).
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void flip_case(char *name)
{
	for (char *p = name; *p; p++) {
		if (*p >= 'a' && *p <= 'z') {
			*p = (char)(*p - 32);
			return;
		}
		if (*p >= 'A' && *p <= 'Z') {
			*p = (char)(*p + 32);
			return;
		}
	}
}

static void rename_refs(gschema *s, const char *old, const char *new_name)
{
	for (int i = 0; i < s->nt; i++)
		for (int j = 0; j < s->t[i].ncols; j++)
			if (s->t[i].cols[j].fk && !sh_stricmp(s->t[i].cols[j].fk_table, old))
				gen_set_name(s->t[i].cols[j].fk_table, new_name);
	for (int i = 0; i < s->ni; i++)
		if (!sh_stricmp(s->i[i].table, old))
			gen_set_name(s->i[i].table, new_name);
	for (int i = 0; i < s->nv; i++) {
		if (!sh_stricmp(s->v[i].t1, old))
			gen_set_name(s->v[i].t1, new_name);
		if (!sh_stricmp(s->v[i].t2, old))
			gen_set_name(s->v[i].t2, new_name);
	}
	for (int i = 0; i < s->ntr; i++) {
		if (!sh_stricmp(s->tr[i].table, old))
			gen_set_name(s->tr[i].table, new_name);
		if (!sh_stricmp(s->tr[i].bt, old))
			gen_set_name(s->tr[i].bt, new_name);
	}
}

typedef void (*change_fn)(gen *g, gschema *s, gtable *t);

static void change_none(gen *g, gschema *s, gtable *t)
{
	(void)s;
	(void)t;
	gen_label(g->cs, C_NONE);
}

static void change_add_table(gen *g, gschema *s, gtable *t)
{
	(void)t;
	if (s->nt < MAXT) {
		gen_draw_table(g, s, &s->t[s->nt]);
		s->nt++;
		gen_label(g->cs, C_ADD_TABLE);
	}
}

static void change_drop_table(gen *g, gschema *s, gtable *t)
{
	int k = (int)(t - s->t);
	memmove(&s->t[k], &s->t[k + 1], (size_t)(s->nt - k - 1) * sizeof(gtable));
	s->nt--;
	gen_label(g->cs, C_DROP_TABLE);
}

static void change_add_column(gen *g, gschema *s, gtable *t)
{
	if (t->ncols < MAXC) {
		gcol *c = &t->cols[t->ncols];
		gen_draw_col(g, s, t, c, 1);
		t->ncols++;
		gen_label(g->cs, C_ADD_COLUMN);
		if (gen_ok(g, C_ADD_COLUMN_INSIDE) && gen_one_in(g, 4)) {
			/* not last: before some existing column (SQLite's ADD COLUMN cannot) */
			int k = (int)gen_ch(g, (uint64_t)t->ncols - 1);
			gcol tmp = *c;
			memmove(&t->cols[k + 1], &t->cols[k],
				(size_t)(t->ncols - 1 - k) * sizeof(gcol));
			t->cols[k] = tmp;
			c = &t->cols[k];
			gen_label(g->cs, C_ADD_COLUMN_INSIDE);
		}
		if (gen_ok(g, C_PK) && !t->pk && !c->gen && gen_one_in(g, 6)) {
			/* the new column is the primary key: invented data with rows (refused) */
			t->pk = 2;
			t->npk = 1;
			gen_set_name(t->pkcols[0], c->name);
			gen_label(g->cs, C_PK);
		}
		if (gen_ok(g, C_INDEX) && gen_ok(g, F_IDX) && gen_one_in(g, 3) && s->ni < MAXI) {
			/* a new column and a new unique index in the same change */
			gen_draw_index(g, s, &s->i[s->ni]);
			gen_label(g->cs, C_INDEX);
		}
	}
}

static void change_drop_column(gen *g, gschema *s, gtable *t)
{
	(void)s;
	if (t->ncols > 1) {
		int k = (int)gen_ch(g, (uint64_t)t->ncols);
		memmove(&t->cols[k], &t->cols[k + 1], (size_t)(t->ncols - k - 1) * sizeof(gcol));
		t->ncols--;
		gen_label(g->cs, C_DROP_COLUMN);
	}
}

static void change_type(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	if (c && !(t->pk == 1 && !sh_stricmp(c->name, t->pkcols[0]))) {
		c->type = gen_draw_type(g, t->strict);
		gen_label(g->cs, C_TYPE);
	}
}

static void change_not_null(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	if (c) {
		c->notnull = !c->notnull;
		gen_label(g->cs, C_NOTNULL);
	}
}

static void change_default(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	if (c) {
		c->dflt = gen_draw_default(g);
		gen_label(g->cs, C_DEFAULT);
	}
}

static void change_collation(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	if (c) {
		c->coll = (int)gen_ch(g, 4);
		gen_label(g->cs, C_COLLATE);
	}
}

static void change_pk(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gen_draw_pk(g, t);
	gen_label(g->cs, C_PK);
}

/* Toggle a table-level pair constraint (pair[0][0] == 0: none) over two drawn columns. */
static void toggle_pair(gen *g, gtable *t, char pair[2][NAMELEN])
{
	gcol *a = gen_pick_plain_col(g, t), *b = gen_pick_plain_col(g, t);
	if (pair[0][0]) {
		pair[0][0] = 0;
	} else if (a && b && a != b) {
		gen_set_name(pair[0], a->name);
		gen_set_name(pair[1], b->name);
	}
}

static void change_check(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	/* 0: the table-level CHECK, 1: a column's */
	const unsigned char where[2] = {gen_ok(g, F_CHECK_TABLE), gen_ok(g, F_CHECK_COL)};
	uint64_t w = gen_ch_among(g, 2, where);
	if (w == 1 && c) {
		c->check = c->check ? 0 : 1 + (int)gen_ch(g, gen_ok(g, L_CHECK) ? 5 : 4);
		if (c->check == 5)
			c->clit = gen_draw_lit(g, L_CHECK);
		gen_draw_check_compare(g, c);
	} else if (where[0])
		toggle_pair(g, t, t->tcheck);
	gen_label(g->cs, C_CHECK);
}

static void change_unique(gen *g, gschema *s, gtable *t)
{
	(void)s;
	gcol *c = gen_pick_plain_col(g, t);
	/* 0: the table-level UNIQUE, 1: a column's */
	const unsigned char where[2] = {gen_ok(g, F_UNIQUE_TABLE), gen_ok(g, F_UNIQUE_COL)};
	uint64_t w = gen_ch_among(g, 2, where);
	if (w == 1 && c)
		c->unique = !c->unique;
	else if (where[0])
		toggle_pair(g, t, t->tuniq);
	gen_label(g->cs, C_UNIQUE);
}

static void change_fk(gen *g, gschema *s, gtable *t)
{
	if (gen_ok(g, F_FK_COMPOSITE) && gen_one_in(g, 3)) {
		if (t->cfk_cols[0][0])
			t->cfk_cols[0][0] = 0;
		else
			gen_draw_cfk(g, s, t);
		gen_label(g->cs, C_FK);
		return;
	}
	gcol *c = gen_pick_plain_col(g, t);
	if (!c)
		return;
	if (c->fk && gen_ch(g, 2)) {
		c->fk_del = gen_draw_fk_action(g);
		c->fk_upd = gen_draw_fk_action(g);
		c->fk_defer = gen_draw_fk_defer(g);
	} else if (c->fk) {
		c->fk = 0;
	} else {
		gen_draw_fk(g, s, t, c);
	}
	gen_label(g->cs, C_FK);
}

/* Change the last generated column (its expression, or VIRTUAL / STORED), or add one. */
static void change_generated(gen *g, gschema *s, gtable *t)
{
	(void)s;
	int k = -1;
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].gen)
			k = i;
	const unsigned char kinds[2] = {gen_ok(g, F_GEN_VIRTUAL), gen_ok(g, F_GEN_STORED)};
	if (k >= 0 && gen_ch(g, 3)) {
		gcol *c = &t->cols[k];
		/* 0: VIRTUAL <-> STORED (when the other kind is allowed), 1: the expression */
		const unsigned char edits[2] = {kinds[2 - c->gen], 1};
		if (gen_ch_among(g, 2, edits))
			c->gen_expr = (c->gen_expr + 1) % 4;
		else
			c->gen = 3 - c->gen;
	} else if (t->ncols < MAXC) {
		gcol *src = gen_pick_plain_col(g, t);
		if (src) {
			gcol *c = &t->cols[t->ncols];
			memset(c, 0, sizeof(*c));
			gen_pick_col_name(g, c->name, t);
			c->type = t->strict ? 5 : gen_draw_type(g, 0);
			c->gen = 1 + (int)gen_ch_among(g, 2, kinds);
			c->gen_expr = (int)gen_ch(g, 4);
			gen_set_name(c->gen_src, src->name);
			t->ncols++;
		}
	}
	gen_label(g->cs, C_GENERATED);
}

static void change_strict(gen *g, gschema *s, gtable *t)
{
	(void)s;
	/* the STRICT type each declared type becomes */
	static const int map[] = {0, 1, 2, 3, 4, 5, 0, 1, 1, 0, 3, 0, 1, 2, 3};
	t->strict = !t->strict;
	if (t->strict)
		for (int i = 0; i < t->ncols; i++) {
			gcol *c = &t->cols[i];
			c->type = c->gen ? 5 : map[c->type % gen_ntypes];
		}
	gen_label(g->cs, C_STRICT);
}

static void change_without_rowid(gen *g, gschema *s, gtable *t)
{
	(void)s;
	if (t->pk) {
		t->without_rowid = !t->without_rowid;
		gen_label(g->cs, C_WITHOUT_ROWID);
	}
}

static void change_autoincrement(gen *g, gschema *s, gtable *t)
{
	(void)s;
	if (t->pk == 1 && !t->without_rowid && !t->pkdesc) {
		t->autoinc = !t->autoinc;
		gen_label(g->cs, C_AUTOINC);
	}
}

static void edit_index(gen *g, gindex *x)
{
	const unsigned char ok[4] = {gen_ok(g, F_IDX_UNIQUE), gen_ok(g, F_IDX_DESC),
				     gen_ok(g, F_IDX_PARTIAL), gen_ok(g, F_IDX_COLLATE)};
	switch (gen_ch_among(g, 4, ok)) {
	case 4:
		break; /* nothing about an index can change but its existence */
	case 0:
		x->unique = !x->unique;
		break;
	case 1:
		x->keys[0].desc = !x->keys[0].desc;
		break;
	case 2:
		x->partial = x->partial ? 0 : 1;
		if (x->partial)
			memcpy(x->pcol, x->keys[0].col, NAMELEN);
		break;
	default:
		x->keys[0].coll = (x->keys[0].coll + 1) % 3;
	}
}

static void change_index(gen *g, gschema *s, gtable *t)
{
	(void)t;
	if (s->ni && gen_ch(g, 2)) {
		int k = (int)gen_ch(g, (uint64_t)s->ni);
		if (gen_ch(g, 2)) {
			memmove(&s->i[k], &s->i[k + 1], (size_t)(s->ni - k - 1) * sizeof(gindex));
			s->ni--;
		} else {
			edit_index(g, &s->i[k]);
		}
	} else if (s->ni < MAXI) {
		gen_draw_index(g, s, &s->i[s->ni]);
	}
	gen_label(g->cs, C_INDEX);
}

static void change_view(gen *g, gschema *s, gtable *t)
{
	(void)t;
	if (s->nv && gen_ch(g, 2)) {
		int k = (int)gen_ch(g, (uint64_t)s->nv);
		if (gen_ch(g, 2)) {
			memmove(&s->v[k], &s->v[k + 1], (size_t)(s->nv - k - 1) * sizeof(gview));
			s->nv--;
		} else {
			int kind = s->v[k].kind == 3 ? 3 : (s->v[k].kind + 1) % 3;
			if ((kind != 1 || gen_ok(g, F_VIEW_STAR)) &&
			    (kind != 2 || gen_ok(g, F_VIEW_JOIN)))
				s->v[k].kind = kind;
		}
	} else if (s->nv < MAXV) {
		gen_draw_view(g, s, &s->v[s->nv]);
	}
	gen_label(g->cs, C_VIEW);
}

static void change_trigger(gen *g, gschema *s, gtable *t)
{
	(void)t;
	if (s->ntr && gen_ch(g, 2)) {
		int k = (int)gen_ch(g, (uint64_t)s->ntr);
		if (gen_ch(g, 2)) {
			memmove(&s->tr[k], &s->tr[k + 1], (size_t)(s->ntr - k - 1) * sizeof(gtrig));
			s->ntr--;
		} else {
			int body = (s->tr[k].body + 1) % 7;
			while ((body >= 1 && body <= 3 && !gen_ok(g, F_TRIG_OTHER)) ||
			       (body == 5 && !gen_ok(g, L_TRIGGER)) ||
			       (body == 6 && !gen_ok(g, F_TRIG_CASE)))
				body = (body + 1) % 7;
			s->tr[k].body = body;
			if (body == 5 && !s->tr[k].tlit)
				s->tr[k].tlit = gen_draw_lit(g, L_TRIGGER);
			if (s->tr[k].timing != 2 && (s->tr[k].when || gen_ok(g, F_TRIG_WHEN)))
				s->tr[k].when = !s->tr[k].when;
		}
	} else if (s->ntr < MAXTR) {
		gen_draw_trigger(g, s, &s->tr[s->ntr]);
	}
	gen_label(g->cs, C_TRIGGER);
}

static void change_rename_table(gen *g, gschema *s, gtable *t)
{
	char old[NAMELEN];
	memcpy(old, t->name, NAMELEN);
	flip_case(t->name);
	if (strcmp(old, t->name)) {
		rename_refs(s, old, t->name);
		gen_label(g->cs, C_RENAME_CASE);
	}
}

/* Flip the case of the first letter of name; label when that changed it. */
static void rename_by_case(gen *g, char *name)
{
	char old[NAMELEN];
	memcpy(old, name, NAMELEN);
	flip_case(name);
	if (strcmp(old, name))
		gen_label(g->cs, C_RENAME_CASE);
}

/* Rename by case: an index, view or trigger, else a column. */
static void change_rename_other(gen *g, gschema *s, gtable *t)
{
	int what = (int)gen_ch(g, 4);
	char *obj = NULL;
	if (what == 1 && s->ni)
		obj = s->i[gen_ch(g, (uint64_t)s->ni)].name;
	else if (what == 2 && s->nv)
		obj = s->v[gen_ch(g, (uint64_t)s->nv)].name;
	else if (what == 3 && s->ntr)
		obj = s->tr[gen_ch(g, (uint64_t)s->ntr)].name;
	if (obj) {
		rename_by_case(g, obj);
		return;
	}
	gcol *c = gen_pick_plain_col(g, t);
	if (c)
		rename_by_case(g, c->name);
}

static void change_move_column(gen *g, gschema *s, gtable *t)
{
	(void)s;
	if (t->ncols > 1) {
		int k = (int)gen_ch(g, (uint64_t)t->ncols);
		gcol tmp = t->cols[k];
		memmove(&t->cols[1], &t->cols[0], (size_t)k * sizeof(gcol));
		t->cols[0] = tmp;
		gen_label(g->cs, C_MOVE_COLUMN);
	}
}

/* A literal's spelling alone changes (case, whitespace inside it, blob quoting): in a
 * DEFAULT, a CHECK, an index's WHERE, a view or a trigger. Without one, a column gets a
 * DEFAULT literal. The engine must see the change and converge (P1), then plan nothing
 * (P2). */
static void change_literal(gen *g, gschema *s, gtable *t)
{
	int *slots[MAXT * MAXC * 2 + MAXI + MAXV + MAXTR];
	int n = 0;
	for (int i = 0; i < s->nt; i++)
		for (int j = 0; j < s->t[i].ncols; j++) {
			gcol *c = &s->t[i].cols[j];
			if (c->dlit && !c->gen)
				slots[n++] = &c->dlit;
			if (c->check == 5 && c->clit)
				slots[n++] = &c->clit;
		}
	for (int i = 0; i < s->ni; i++)
		if (s->i[i].partial == 3)
			slots[n++] = &s->i[i].plit;
	for (int i = 0; i < s->nv; i++)
		if (s->v[i].vlit)
			slots[n++] = &s->v[i].vlit;
	for (int i = 0; i < s->ntr; i++)
		if (s->tr[i].tlit)
			slots[n++] = &s->tr[i].tlit;
	if (n) {
		int *v = slots[gen_ch(g, (uint64_t)n)];
		*v = gen_respell_lit(g, *v);
		return;
	}
	gcol *c = gen_pick_plain_col(g, t);
	if (c && gen_ok(g, C_DEFAULT) && gen_ok(g, F_DEFAULT) && gen_ok(g, L_DEFAULT)) {
		c->dlit = gen_draw_lit(g, L_DEFAULT);
		gen_label(g->cs, C_DEFAULT);
	}
}

/* A column another object's body names: a view's column or join / subquery partner, or a
 * table a trigger's body writes. */
typedef struct colref {
	char *table, *col;
} colref;

static int body_refs(gschema *s, colref *out, int max)
{
	int n = 0;
	for (int i = 0; i < s->nv && n + 2 <= max; i++) {
		gview *v = &s->v[i];
		if (v->kind == 1 || v->kind == 3)
			continue;
		out[n++] = (colref){v->t1, v->c1};
		if (v->kind == 2 || v->kind == 6)
			out[n++] = (colref){v->t2, v->c2};
	}
	for (int i = 0; i < s->ntr && n < max; i++)
		if (s->tr[i].body >= 1 && s->tr[i].body <= 3)
			out[n++] = (colref){s->tr[i].bt, s->tr[i].bc};
	return n;
}

/*
 * The table or column a view or trigger body names changes under it: the column is dropped
 * (the body goes too: the desired schema must build), another column of its table is dropped
 * (ALTER TABLE DROP COLUMN re-checks every body), the table is rebuilt (its type or STRICT
 * changes), or the column is renamed by case. Bodies must be dropped and recreated around
 * the change in the right order, and never point at a table's temporary name.
 */
static void change_referenced(gen *g, gschema *s, gtable *t)
{
	colref refs[MAXV * 2 + MAXTR];
	int n = body_refs(s, refs, MAXV * 2 + MAXTR);
	if (!n) {
		if (gen_ok(g, C_VIEW) && gen_ok(g, F_VIEW))
			change_view(g, s, t);
		return;
	}
	colref r = refs[gen_ch(g, (uint64_t)n)];
	gtable *rt = gen_find_table(s, r.table);
	gcol *c = gen_find_col(rt, r.col);
	if (!rt || !c || rt->excluded)
		return;
	const unsigned char how[4] = {gen_ok(g, C_REF_COL_DROPPED), gen_ok(g, C_REF_OTHER_DROPPED),
				      gen_ok(g, C_REF_REBUILT), gen_ok(g, C_REF_RENAMED)};
	switch (gen_ch_among(g, 4, how)) {
	case 4:
		break; /* none is allowed */
	case 0:
		if (rt->ncols > 1) {
			int k = (int)(c - rt->cols);
			memmove(&rt->cols[k], &rt->cols[k + 1],
				(size_t)(rt->ncols - k - 1) * sizeof(gcol));
			rt->ncols--;
			gen_label(g->cs, C_REF_COL_DROPPED);
		}
		break;
	case 1: {
		gcol *o = gen_pick_plain_col(g, rt);
		if (o && o != c && rt->ncols > 1 && !gen_pk_has(rt, o->name)) {
			int k = (int)(o - rt->cols);
			memmove(&rt->cols[k], &rt->cols[k + 1],
				(size_t)(rt->ncols - k - 1) * sizeof(gcol));
			rt->ncols--;
			gen_label(g->cs, C_REF_OTHER_DROPPED);
		}
		break;
	}
	case 2:
		if (gen_ch(g, 2) && gen_ok(g, C_STRICT) && gen_ok(g, F_STRICT)) {
			change_strict(g, s, rt);
		} else {
			gcol *o = gen_pick_plain_col(g, rt);
			if (o && !(rt->pk == 1 && !sh_stricmp(o->name, rt->pkcols[0])))
				o->type = gen_draw_type(g, rt->strict);
		}
		gen_label(g->cs, C_REF_REBUILT);
		break;
	default: {
		char old[NAMELEN];
		memcpy(old, c->name, NAMELEN);
		flip_case(c->name);
		if (strcmp(old, c->name))
			gen_label(g->cs, C_REF_RENAMED);
	}
	}
}

/* An object whose name starts with the scratch prefix: SPEC §1 says the definitions are
 * refused before anything runs (the oracle expects the error, and an unchanged database). */
static void change_reserved_name(gen *g, gschema *s, gtable *t)
{
	char *name = NULL;
	int ni = s->ni, nv = s->nv, ntr = s->ntr;
	(void)t;
	switch (gen_ch(g, 5)) {
	case 1:
		if (s->ni < MAXI && gen_ok(g, F_IDX))
			gen_draw_index(g, s, &s->i[s->ni]);
		name = s->ni > ni ? s->i[ni].name : NULL;
		break;
	case 2:
		if (s->nv < MAXV && gen_ok(g, F_VIEW))
			gen_draw_view(g, s, &s->v[s->nv]);
		name = s->nv > nv ? s->v[nv].name : NULL;
		break;
	case 3:
		if (s->ntr < MAXTR && gen_trig_ok(g))
			gen_draw_trigger(g, s, &s->tr[s->ntr]);
		name = s->ntr > ntr ? s->tr[ntr].name : NULL;
		break;
	case 4:
		/* a TEMP table: refused like a prefixed name (SPEC §1) */
		if (s->nt < MAXT && gen_ok(g, F_TEMP_REFUSED) && gen_ok(g, C_ADD_TABLE)) {
			gen_draw_table(g, s, &s->t[s->nt]);
			s->t[s->nt++].temp = 1;
		}
		return;
	default:
		if (s->nt < MAXT && gen_ok(g, C_ADD_TABLE)) {
			gen_draw_table(g, s, &s->t[s->nt]);
			name = s->t[s->nt++].name;
		}
	}
	if (!name)
		return;
	char buf[2 * NAMELEN]; /* gen_set_name truncates to NAMELEN */
	snprintf(buf, sizeof(buf), SS_DEFAULT_SCRATCH_PREFIX "%s", name);
	gen_set_name(name, buf);
	gen_label(g->cs, P_RESERVED);
}

/* One definition the engine must refuse before anything runs (SPEC §1); the ones SQLite
 * itself rejects make the case expect an error. */
static void change_invalid_definition(gen *g, gschema *s, gtable *t)
{
	(void)t;
	/* 1-5 (below), and what SPEC §1 refuses though SQLite would run it, gen.h's list */
	static const int label[] = {0,
				    0,
				    0,
				    0,
				    0,
				    0,
				    D_NON_CREATE,
				    D_MODULE,
				    D_LOAD_EXT,
				    D_CIRCULAR_VIEWS,
				    D_CF_NAME,
				    D_LEXICAL,
				    D_QUALIFIED_ON};
	unsigned char ok[12];
	for (int k = 1; k <= 12; k++)
		ok[k - 1] = (unsigned char)(!label[k] || gen_ok(g, label[k]));
	/* _cf_ names are reserved under the durable-object profile only */
	ok[9] = ok[9] && g->cs->config.profile;
	uint64_t v = gen_ch_among(g, 12, ok);
	s->invalid = v < 12 ? 1 + (int)v : 1;
	s->invalid_first = s->invalid >= 6 && s->invalid <= 10 && gen_one_in(g, 3);
}

/* Tables replaced: some renamed outright (the engine sees drops and creations; the new ones
 * are created in foreign-key order, cycles included), with every reference following. */
static void change_tables_replaced(gen *g, gschema *s, gtable *t)
{
	(void)t;
	for (int i = 0; i < s->nt; i++) {
		if (s->t[i].excluded || s->t[i].temp || !gen_ch(g, 2))
			continue;
		char old[NAMELEN], buf[2 * NAMELEN];
		memcpy(old, s->t[i].name, NAMELEN);
		snprintf(buf, sizeof(buf), "%s_new", old);
		if (gen_schema_name_taken(s, buf))
			continue;
		gen_set_name(s->t[i].name, buf);
		rename_refs(s, old, s->t[i].name);
		for (int j = 0; j < s->nt; j++)
			if (s->t[j].cfk_cols[0][0] && !sh_stricmp(s->t[j].cfk_table, old))
				gen_set_name(s->t[j].cfk_table, s->t[i].name);
		gen_label(g->cs, C_TABLES_REPLACED);
	}
}

/* Every table dropped (with what is on them): the definitions may end up holding no
 * statement, which is refused unless the caller allows an empty schema (SPEC §1). */
static void change_drop_all(gen *g, gschema *s, gtable *t)
{
	(void)t;
	s->nt = 0;
	gen_label(g->cs, C_DROP_TABLE);
}

/* Several small edits on one table. */
static void change_several(gen *g, gschema *s, gtable *t)
{
	if (t->ncols < MAXC) {
		gen_draw_col(g, s, t, &t->cols[t->ncols], 1);
		t->ncols++;
		gen_label(g->cs, C_ADD_COLUMN);
	}
	if (s->ni < MAXI) {
		gen_draw_index(g, s, &s->i[s->ni]);
		gen_label(g->cs, C_INDEX);
	}
}

/* The change classes, by the value drawn (the last one picks change_several). */
static const change_fn changes[] = {
	change_none,
	change_add_table,
	change_drop_table,
	change_add_column,
	change_drop_column,
	change_type,
	change_not_null,
	change_default,
	change_collation,
	change_pk,
	change_check,
	change_unique,
	change_fk,
	change_generated,
	change_strict,
	change_without_rowid,
	change_autoincrement,
	change_index,
	change_view,
	change_trigger,
	change_rename_table,
	change_rename_other,
	change_move_column,
	change_literal,
	change_literal,
	change_reserved_name,
	change_referenced,
	change_referenced,
	change_invalid_definition,
	change_tables_replaced,
	change_drop_all,
	change_several,
};

/* May the change class changes[kind] be drawn: its label, and the features it needs to
 * change anything, are allowed? */
static int change_ok(const gen *g, int kind)
{
	static const int label[] = {C_NONE,
				    C_ADD_TABLE,
				    C_DROP_TABLE,
				    C_ADD_COLUMN,
				    C_DROP_COLUMN,
				    C_TYPE,
				    C_NOTNULL,
				    C_DEFAULT,
				    C_COLLATE,
				    C_PK,
				    C_CHECK,
				    C_UNIQUE,
				    C_FK,
				    C_GENERATED,
				    C_STRICT,
				    C_WITHOUT_ROWID,
				    C_AUTOINC,
				    C_INDEX,
				    C_VIEW,
				    C_TRIGGER,
				    C_RENAME_CASE,
				    C_RENAME_CASE,
				    C_MOVE_COLUMN,
				    -1,
				    -1,
				    P_RESERVED,
				    -1,
				    -1,
				    F_INVALID_DEF,
				    C_TABLES_REPLACED,
				    C_DROP_TABLE,
				    C_ADD_COLUMN};
	_Static_assert(sizeof(label) == sizeof(changes) / sizeof(changes[0]) * sizeof(int),
		       "one label per change class");
	if (label[kind] >= 0 && !gen_ok(g, label[kind]))
		return 0;
	switch (kind) {
	case 6:
		return gen_ok(g, F_NOTNULL);
	case 7:
		return gen_ok(g, F_DEFAULT);
	case 8:
		return gen_ok(g, F_COLLATE);
	case 10:
		return gen_ok(g, F_CHECK_COL) || gen_ok(g, F_CHECK_TABLE);
	case 11:
		return gen_ok(g, F_UNIQUE_COL) || gen_ok(g, F_UNIQUE_TABLE);
	case 12:
		return gen_ok(g, F_FK);
	case 13:
		return gen_ok(g, F_GEN_VIRTUAL) || gen_ok(g, F_GEN_STORED);
	case 14:
		return gen_ok(g, F_STRICT);
	case 15:
		return gen_ok(g, F_WITHOUT_ROWID);
	case 16:
		return gen_ok(g, F_AUTOINC);
	case 17:
		return gen_ok(g, F_IDX) && gen_ok(g, C_INDEX);
	case 23:
	case 24: /* a literal's spelling (or, with none, a literal default) */
		return gen_ok(g, C_LIT_CASE) || gen_ok(g, C_LIT_SPACE) ||
		       gen_ok(g, C_LIT_QUOTING) ||
		       (gen_ok(g, C_DEFAULT) && gen_ok(g, F_DEFAULT) && gen_ok(g, L_DEFAULT));
	case 26:
	case 27: /* an object a view or trigger refers to */
		return gen_ok(g, C_REF_COL_DROPPED) || gen_ok(g, C_REF_OTHER_DROPPED) ||
		       gen_ok(g, C_REF_REBUILT) || gen_ok(g, C_REF_RENAMED);
	case 31: /* change_several: a column and an index */
		return gen_ok(g, C_ADD_COLUMN) && gen_ok(g, F_IDX) && gen_ok(g, C_INDEX);
	case 18:
		return gen_ok(g, F_VIEW);
	case 19:
		return gen_trig_ok(g);
	default:
		return 1;
	}
}

void gen_mutate(gen *g, gschema *s)
{
	gtable *t = gen_pick_table(g, s);
	enum { NCHANGES = sizeof(changes) / sizeof(changes[0]) };
	unsigned char ok[NCHANGES];
	for (int i = 0; i < NCHANGES; i++)
		ok[i] = (unsigned char)change_ok(g, i);
	int kind = (int)gen_ch_among(g, NCHANGES, ok);
	if (!t || kind >= NCHANGES)
		kind = 0;
	changes[kind](g, s, t);
}

/* Column-name references inside a table change with a case rename; sync them. */
void gen_sync_col_refs(gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		gtable *t = &s->t[i];
		for (int k = 0; k < t->npk; k++) {
			gcol *c = gen_find_col(t, t->pkcols[k]);
			if (c)
				gen_set_name(t->pkcols[k], c->name);
		}
	}
}
