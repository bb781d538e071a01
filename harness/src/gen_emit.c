/* SPDX-License-Identifier: MIT */
/*
 * Emission: the model as SQL text with randomized but meaning-preserving formatting (keyword
 * case, every identifier quoting style, comments, IF NOT EXISTS, GENERATED ALWAYS, FOR EACH
 * ROW, column- or table-level FOREIGN KEY). Each emitted feature labels the case.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct emit {
	gen *g;
	sh_buf *b;
	int upper; /* keyword case */
} emit;

static void kw(emit *e, const char *k)
{
	for (const char *p = k; *p; p++) {
		char c = *p;
		if (e->upper && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		else if (!e->upper && c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		sh_buf_addc(e->b, c);
	}
}

static int plain_ident(const char *s)
{
	if (!s[0] || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return !gen_is_keyword(s);
}

/* An identifier in one of SQLite's quoting styles, chosen by the generator. */
static void ident(emit *e, const char *name)
{
	int style = (int)gen_ch(e->g, 4);
	if (style == 0 && plain_ident(name)) {
		sh_buf_adds(e->b, name);
	} else if (style == 2 && !strchr(name, ']')) {
		sh_buf_addc(e->b, '[');
		sh_buf_adds(e->b, name);
		sh_buf_addc(e->b, ']');
	} else if (style == 3) {
		sh_buf_addc(e->b, '`');
		for (const char *p = name; *p; p++) {
			if (*p == '`')
				sh_buf_addc(e->b, '`');
			sh_buf_addc(e->b, *p);
		}
		sh_buf_addc(e->b, '`');
	} else {
		sh_buf_ident(e->b, name);
	}
}

static void sep(emit *e)
{
	/* whitespace, sometimes a comment: formatting never counts */
	unsigned char c = (unsigned char)gen_ok(e->g, F_COMMENTS);
	const unsigned char ok[8] = {1, 1, c, c, 1, 1, 1, 1};
	switch (gen_ch_among(e->g, 8, ok)) {
	case 1:
		sh_buf_adds(e->b, "\n  ");
		break;
	case 2:
		sh_buf_adds(e->b, " /* c */ ");
		gen_label(e->g->cs, F_COMMENTS);
		break;
	case 3:
		sh_buf_adds(e->b, " -- note\n");
		gen_label(e->g->cs, F_COMMENTS);
		break;
	default:
		sh_buf_addc(e->b, ' ');
	}
}

static void col_expr(emit *e, const char *col)
{
	ident(e, col);
}

static void emit_check(emit *e, const gcol *c, const char *col)
{
	int lit = c->clit;
	kw(e, "check (");
	switch (c->check) {
	case 6:
		col_expr(e, col);
		sh_buf_addc(e->b, ' ');
		sh_buf_adds(e->b, gen_cmp_ops[c->cop % gen_ncmp_ops]);
		sh_buf_addc(e->b, ' ');
		sh_buf_adds(e->b, gen_nums[c->cnum % gen_nnums]);
		sh_buf_adds(e->b, " or ");
		col_expr(e, col);
		kw(e, " is null or typeof(");
		col_expr(e, col);
		sh_buf_adds(e->b, ") = 'text'");
		gen_label(e->g->cs, F_CHECK_COMPARE);
		if (gen_number_spelling(gen_nums[c->cnum % gen_nnums]))
			gen_label(e->g->cs, L_NUMBER);
		break;
	case 1:
		kw(e, "length(");
		col_expr(e, col);
		sh_buf_adds(e->b, ") < 40");
		break;
	case 2:
		col_expr(e, col);
		sh_buf_adds(e->b, " <> 'bad'");
		break;
	case 3:
		kw(e, "typeof(");
		col_expr(e, col);
		sh_buf_adds(e->b, ") != 'real'");
		break;
	case 5:
		col_expr(e, col);
		kw(e, " is not ");
		sh_buf_adds(e->b, gen_lit(lit));
		gen_label_lit(e->g, lit, L_CHECK);
		break;
	default:
		col_expr(e, col);
		kw(e, " is not null");
	}
	sh_buf_addc(e->b, ')');
}

static void emit_gen_expr(emit *e, const gcol *c)
{
	switch (c->gen_expr) {
	case 1:
		kw(e, "length(");
		col_expr(e, c->gen_src);
		sh_buf_addc(e->b, ')');
		break;
	case 2:
		kw(e, "coalesce(");
		col_expr(e, c->gen_src);
		sh_buf_adds(e->b, ", 0) + 1");
		break;
	case 3:
		kw(e, "typeof(");
		col_expr(e, c->gen_src);
		sh_buf_addc(e->b, ')');
		break;
	default:
		col_expr(e, c->gen_src);
		sh_buf_adds(e->b, " || 'x'");
	}
}

/* REFERENCES parent(col) ON ... DEFERRABLE ..., column- or table-level. */
static void emit_fk_clause(emit *e, const gtable *t, const gcol *c)
{
	ss_case *cs = e->g->cs;
	kw(e, " references ");
	ident(e, c->fk_table);
	if (c->fk_col[0]) {
		sh_buf_addc(e->b, '(');
		ident(e, c->fk_col);
		sh_buf_addc(e->b, ')');
	}
	if (gen_fk_actions[c->fk_del]) {
		kw(e, " on delete ");
		kw(e, gen_fk_actions[c->fk_del]);
	}
	if (gen_fk_actions[c->fk_upd]) {
		kw(e, " on update ");
		kw(e, gen_fk_actions[c->fk_upd]);
	}
	if (gen_fk_defers[c->fk_defer]) {
		sh_buf_addc(e->b, ' ');
		kw(e, gen_fk_defers[c->fk_defer]);
		if (c->fk_defer != 2)
			gen_label(cs, F_FK_DEFERRABLE);
	}
	gen_label(cs, F_FK);
	if (c->fk_del == 3 || c->fk_upd == 3)
		gen_label(cs, F_FK_CASCADE);
	if (c->fk_del == 4 || c->fk_upd == 4)
		gen_label(cs, F_FK_SET_NULL);
	if (c->fk_del == 5 || c->fk_upd == 5)
		gen_label(cs, F_FK_SET_DEFAULT);
	if (c->fk_del == 2 || c->fk_upd == 2)
		gen_label(cs, F_FK_RESTRICT);
	if (!sh_stricmp(c->fk_table, t->name))
		gen_label(cs, F_FK_SELF);
}

/* The column-level PRIMARY KEY of t, when it is on c. */
static void emit_col_pk(emit *e, const gtable *t, const gcol *c)
{
	ss_case *cs = e->g->cs;
	if (!((t->pk == 1 || t->pk == 2) && !sh_stricmp(t->pkcols[0], c->name)))
		return;
	kw(e, " primary key");
	if (t->pkdesc) {
		kw(e, " desc");
		gen_label(cs, F_PK_DESC);
	}
	if (t->autoinc) {
		kw(e, " autoincrement");
		gen_label(cs, F_AUTOINC);
	}
	gen_label(cs, t->pk == 1 ? F_INT_PK : F_SINGLE_PK);
}

static void emit_default(emit *e, const gcol *c)
{
	ss_case *cs = e->g->cs;
	const char *d = c->dlit ? gen_lit(c->dlit) : gen_dflts[c->dflt];
	gen_label_lit(e->g, c->dlit, L_DEFAULT);
	kw(e, " default ");
	sh_buf_adds(e->b, d);
	gen_label(cs, F_DEFAULT);
	if (!strchr(d, '\'') && gen_number_spelling(d))
		gen_label(cs, L_NUMBER);
	if (strchr(d, '\'') && strstr(d, "''"))
		gen_label(cs, F_DEFAULT_QUOTE);
	if (d[0] == 'C')
		gen_label(cs, F_DEFAULT_CURRENT);
	if (d[0] == '(')
		gen_label(cs, F_DEFAULT_EXPR);
}

/* " CONSTRAINT kind_col" before a column constraint, when the case names them. */
static void constraint_name(emit *e, const char *kind, const char *col)
{
	if (!e->g->named)
		return;
	char name[2 * NAMELEN];
	snprintf(name, sizeof(name), "%s_%s", kind, col);
	kw(e, " constraint ");
	ident(e, name);
	gen_label(e->g->cs, F_NAMED_CONSTRAINT);
}

/* One column definition; returns 1 when its foreign key goes to the table level. */
static int emit_column(emit *e, const gtable *t, const gcol *c)
{
	ss_case *cs = e->g->cs;
	int table_fk = 0;
	sep(e);
	ident(e, c->name);
	const char *ty = gen_type_of(t, c);
	if (ty[0]) {
		sh_buf_addc(e->b, ' ');
		sh_buf_adds(e->b, ty);
	} else {
		gen_label(cs, F_TYPE_EMPTY);
	}
	if (c->type >= 6 && !t->strict)
		gen_label(cs, F_TYPE_AFFINITY);
	emit_col_pk(e, t, c);
	/* the case's order of the column constraints (gen.corder) */
	for (int k = 0; k < 6; k++)
		switch (e->g->corder[k]) {
		case 0:
			if (c->notnull) {
				kw(e, " not null");
				gen_label(cs, F_NOTNULL);
			} else if (e->g->explicit_null && !gen_pk_has(t, c->name)) {
				kw(e, " null");
				gen_label(cs, F_NULL_CONSTRAINT);
			}
			break;
		case 1:
			if ((c->dflt || c->dlit) && !c->gen)
				emit_default(e, c);
			break;
		case 2:
			if (c->coll) {
				kw(e, " collate ");
				sh_buf_adds(e->b, gen_colls[c->coll]);
				gen_label(cs, F_COLLATE);
			}
			break;
		case 3:
			if (c->unique) {
				constraint_name(e, "uq", c->name);
				kw(e, " unique");
				gen_label(cs, F_UNIQUE_COL);
			}
			break;
		case 4:
			if (c->check) {
				constraint_name(e, "ck", c->name);
				sh_buf_addc(e->b, ' ');
				emit_check(e, c, c->name);
				gen_label(cs, F_CHECK_COL);
			}
			break;
		default:
			/* unnamed: the clause may be written at the table level instead */
			if (c->fk && !(table_fk = gen_one_in(e->g, 3)))
				emit_fk_clause(e, t, c);
		}
	if (c->gen) {
		if (c->notnull)
			gen_label(cs, F_GEN_NOTNULL);
		kw(e, gen_one_in(e->g, 2) ? " generated always as (" : " as (");
		emit_gen_expr(e, c);
		kw(e, c->gen == 2 ? ") stored" : (gen_one_in(e->g, 2) ? ") virtual" : ")"));
		gen_label(cs, c->gen == 2 ? F_GEN_STORED : F_GEN_VIRTUAL);
	}
	return table_fk;
}

/* ", " and a separator before a table-level item. */
static void next_item(emit *e)
{
	sh_buf_addc(e->b, ',');
	sep(e);
}

/* Two identifiers "a, b". */
static void ident_pair(emit *e, const char *a, const char *b)
{
	ident(e, a);
	sh_buf_adds(e->b, ", ");
	ident(e, b);
}

static void emit_table_pk(emit *e, const gtable *t)
{
	ss_case *cs = e->g->cs;
	next_item(e);
	kw(e, "primary key (");
	for (int k = 0; k < t->npk; k++) {
		if (k)
			sh_buf_adds(e->b, ", ");
		ident(e, t->pkcols[k]);
		if (k == 0 && t->pkdesc) {
			kw(e, " desc");
			gen_label(cs, F_PK_DESC);
		}
	}
	sh_buf_addc(e->b, ')');
	gen_label(cs, t->npk > 1 ? F_COMPOSITE_PK : F_SINGLE_PK);
}

static void emit_table_cfk(emit *e, const gtable *t)
{
	next_item(e);
	kw(e, "foreign key (");
	ident_pair(e, t->cfk_cols[0], t->cfk_cols[1]);
	kw(e, ") references ");
	ident(e, t->cfk_table);
	sh_buf_addc(e->b, '(');
	ident_pair(e, t->cfk_pcols[0], t->cfk_pcols[1]);
	sh_buf_addc(e->b, ')');
	if (t->cfk_match)
		kw(e, " match simple");
	if (gen_fk_actions[t->cfk_del]) {
		kw(e, " on delete ");
		kw(e, gen_fk_actions[t->cfk_del]);
	}
	gen_label(e->g->cs, F_FK_COMPOSITE);
	gen_label(e->g->cs, F_FK);
}

static void emit_table_check(emit *e, const gtable *t)
{
	next_item(e);
	kw(e, "check (");
	ident(e, t->tcheck[0]);
	kw(e, " is not ");
	ident(e, t->tcheck[1]);
	kw(e, " or ");
	ident(e, t->tcheck[0]);
	kw(e, " is null)");
	gen_label(e->g->cs, F_CHECK_TABLE);
}

/* The table-level items after the columns: foreign keys, primary key, UNIQUE, CHECK. */
static void emit_table_items(emit *e, const gtable *t, const int *table_fk)
{
	for (int i = 0; i < t->ncols; i++) {
		if (!t->cols[i].fk || !table_fk[i])
			continue;
		next_item(e);
		kw(e, "foreign key (");
		ident(e, t->cols[i].name);
		sh_buf_addc(e->b, ')');
		emit_fk_clause(e, t, &t->cols[i]);
	}
	if (t->pk == 3)
		emit_table_pk(e, t);
	if (t->cfk_cols[0][0])
		emit_table_cfk(e, t);
	if (t->tuniq[0][0]) {
		next_item(e);
		kw(e, "unique (");
		ident_pair(e, t->tuniq[0], t->tuniq[1]);
		sh_buf_addc(e->b, ')');
		gen_label(e->g->cs, F_UNIQUE_TABLE);
	}
	if (t->tcheck[0][0])
		emit_table_check(e, t);
}

/* An object's own name, sometimes qualified by main (SQLite stores it without). */
static void obj_name(emit *e, const char *name)
{
	if (gen_ok(e->g, F_MAIN_QUALIFIER) && gen_one_in(e->g, 10)) {
		kw(e, "main.");
		gen_label(e->g->cs, F_MAIN_QUALIFIER);
	}
	ident(e, name);
}

static void emit_table(emit *e, const gtable *t, int if_not_exists)
{
	int table_fk[MAXC] = {0};
	ss_case *cs = e->g->cs;
	kw(e, t->temp ? "create temp table " : "create table ");
	if (t->temp)
		gen_label(cs, F_TEMP_REFUSED);
	if (if_not_exists || (gen_ok(e->g, F_IF_NOT_EXISTS) && gen_one_in(e->g, 8))) {
		kw(e, "if not exists ");
		gen_label(cs, F_IF_NOT_EXISTS);
	}
	if (t->temp)
		ident(e, t->name);
	else
		obj_name(e, t->name);
	sh_buf_adds(e->b, " (");
	for (int i = 0; i < t->ncols; i++) {
		if (i)
			sh_buf_addc(e->b, ',');
		table_fk[i] = emit_column(e, t, &t->cols[i]);
	}
	emit_table_items(e, t, table_fk);
	sh_buf_adds(e->b, ")");
	if (t->strict) {
		kw(e, " strict");
		gen_label(cs, F_STRICT);
	}
	if (t->without_rowid) {
		sh_buf_adds(e->b, t->strict ? ", " : " ");
		kw(e, "without rowid");
		gen_label(cs, F_WITHOUT_ROWID);
	}
	sh_buf_adds(e->b, ";\n");
}

static void emit_index(emit *e, const gindex *x)
{
	ss_case *cs = e->g->cs;
	kw(e, x->unique ? "create unique index " : "create index ");
	obj_name(e, x->name);
	kw(e, " on ");
	ident(e, x->table);
	sh_buf_adds(e->b, " (");
	for (int k = 0; k < x->nkeys; k++) {
		const gkey *y = &x->keys[k];
		if (k)
			sh_buf_adds(e->b, ", ");
		static const char *const fn[] = {NULL, "lower(", "abs(", "length("};
		if (y->expr) {
			kw(e, fn[y->expr]);
			ident(e, y->col);
			sh_buf_addc(e->b, ')');
			gen_label(cs, F_IDX_EXPR);
		} else {
			ident(e, y->col);
		}
		if (y->coll) {
			kw(e, " collate ");
			sh_buf_adds(e->b, gen_colls[y->coll]);
			gen_label(cs, F_IDX_COLLATE);
		}
		if (y->desc) {
			kw(e, " desc");
			gen_label(cs, F_IDX_DESC);
		}
	}
	sh_buf_addc(e->b, ')');
	if (x->partial) {
		kw(e, " where ");
		ident(e, x->pcol);
		if (x->partial == 3) {
			sh_buf_adds(e->b, " <> ");
			sh_buf_adds(e->b, gen_lit(x->plit));
			gen_label_lit(e->g, x->plit, L_INDEX_WHERE);
		} else {
			kw(e, x->partial == 1 ? " is not null" : " > 0");
		}
		gen_label(cs, F_IDX_PARTIAL);
	}
	sh_buf_adds(e->b, ";\n");
	gen_label(cs, F_IDX);
	if (x->unique)
		gen_label(cs, F_IDX_UNIQUE);
}

/* A filter with the view's literal, after its body. */
static void emit_view_literal(emit *e, const gview *v)
{
	const char *lit = gen_lit(v->vlit);
	int has_where = v->kind == 4 || v->kind == 6;
	kw(e, has_where ? " and " : " where ");
	if (v->kind == 1 || v->kind == 3) {
		sh_buf_adds(e->b, lit);
		kw(e, " is not null");
	} else {
		if (v->kind == 2)
			sh_buf_adds(e->b, "l.");
		ident(e, v->c1);
		kw(e, " is not ");
		sh_buf_adds(e->b, lit);
	}
	gen_label_lit(e->g, v->vlit, L_VIEW);
}

static void emit_view(emit *e, const gview *v)
{
	ss_case *cs = e->g->cs;
	kw(e, "create view ");
	obj_name(e, v->name);
	if (v->kind == 5) {
		/* a column list renames the view's columns */
		sh_buf_adds(e->b, " (");
		ident(e, "vc");
		sh_buf_addc(e->b, ')');
	}
	kw(e, " as select ");
	switch (v->kind) {
	case 5:
	case 0:
		ident(e, v->c1);
		kw(e, " from ");
		ident(e, v->t1);
		break;
	case 2:
		sh_buf_adds(e->b, "l.");
		ident(e, v->c1);
		kw(e, " as ");
		sh_buf_adds(e->b, "x, r.");
		ident(e, v->c2);
		kw(e, " as ");
		sh_buf_adds(e->b, "y ");
		kw(e, "from ");
		ident(e, v->t1);
		kw(e, " as ");
		sh_buf_adds(e->b, "l ");
		kw(e, "join ");
		ident(e, v->t2);
		kw(e, " as ");
		sh_buf_adds(e->b, "r ");
		kw(e, "on ");
		sh_buf_adds(e->b, "l.");
		ident(e, v->c1);
		sh_buf_adds(e->b, " = r.");
		ident(e, v->c2);
		gen_label(cs, F_VIEW_JOIN);
		break;
	case 4:
		kw(e, "count(*) as ");
		sh_buf_adds(e->b, "n ");
		kw(e, "from ");
		ident(e, v->t1);
		kw(e, " where ");
		ident(e, v->c1);
		kw(e, " is not null");
		break;
	case 6:
		/* another table's column in a subquery */
		ident(e, v->c1);
		kw(e, " from ");
		ident(e, v->t1);
		kw(e, " where ");
		ident(e, v->c1);
		kw(e, " in (select ");
		ident(e, v->c2);
		kw(e, " from ");
		ident(e, v->t2);
		sh_buf_addc(e->b, ')');
		gen_label(cs, F_VIEW_SUBQUERY);
		break;
	default:
		sh_buf_adds(e->b, "* ");
		kw(e, "from ");
		ident(e, v->t1);
		gen_label(cs, v->kind == 3 ? F_VIEW_ON_VIEW : F_VIEW_STAR);
	}
	if (v->vlit)
		emit_view_literal(e, v);
	sh_buf_adds(e->b, ";\n");
	gen_label(cs, F_VIEW);
}

/* The one statement of a trigger's body (rec: "new." or "old."). */
static void emit_trigger_body(emit *e, const gtrig *r, const char *rec)
{
	ss_case *cs = e->g->cs;
	switch (r->timing == 2 && r->body == 3 ? 1 : r->body) {
	case 1:
		kw(e, "update ");
		ident(e, r->bt);
		kw(e, " set ");
		ident(e, r->bc);
		sh_buf_adds(e->b, " = ");
		ident(e, r->bc);
		kw(e, " where 0");
		gen_label(cs, F_TRIG_OTHER);
		break;
	case 2:
		kw(e, "delete from ");
		ident(e, r->bt);
		kw(e, " where ");
		ident(e, r->bc);
		if (r->timing == 2) {
			kw(e, " is null and 0");
		} else {
			sh_buf_adds(e->b, " = ");
			sh_buf_adds(e->b, rec);
			ident(e, r->src);
		}
		gen_label(cs, F_TRIG_OTHER);
		break;
	case 3:
		kw(e, "insert or ignore into ");
		ident(e, r->bt);
		sh_buf_adds(e->b, " (");
		ident(e, r->bc);
		kw(e, ") values (");
		sh_buf_adds(e->b, rec);
		ident(e, r->src);
		sh_buf_adds(e->b, ")");
		gen_label(cs, F_TRIG_OTHER);
		break;
	case 4:
		kw(e, "select raise(abort, ");
		sh_buf_adds(e->b, "'no ''__sqlfu_sync_x''') ");
		kw(e, "where 0");
		break;
	case 5:
		kw(e, "select ");
		sh_buf_adds(e->b, gen_lit(r->tlit));
		gen_label_lit(e->g, r->tlit, L_TRIGGER);
		break;
	case 6:
		/* the statement ends in a CASE expression: "... end;" inside the body, before the
		 * trigger's own "end;" (an INSTEAD OF trigger's new.* are the view's columns) */
		kw(e, "select case when ");
		if (r->timing == 2) {
			sh_buf_adds(e->b, "0");
		} else {
			sh_buf_adds(e->b, rec);
			ident(e, r->src);
			kw(e, " is null");
		}
		kw(e, " then ");
		sh_buf_adds(e->b, r->tlit ? gen_lit(r->tlit) : "0");
		kw(e, " else ");
		sh_buf_adds(e->b, "1 ");
		kw(e, "end");
		if (r->tlit)
			gen_label_lit(e->g, r->tlit, L_TRIGGER);
		gen_label(cs, F_TRIG_CASE);
		break;
	default:
		kw(e, "select 1");
	}
}

static void emit_trigger(emit *e, const gtrig *r)
{
	ss_case *cs = e->g->cs;
	static const char *const timing[] = {"after ", "before ", "instead of "};
	static const char *const event[] = {"insert", "delete", "update", "update of "};
	kw(e, "create trigger ");
	obj_name(e, r->name);
	sh_buf_addc(e->b, ' ');
	kw(e, timing[r->timing]);
	kw(e, event[r->event]);
	gen_label(cs, r->timing == 0   ? F_TRIG_AFTER
		      : r->timing == 1 ? F_TRIG_BEFORE
				       : F_TRIG_INSTEAD);
	if (r->event == 3) {
		ident(e, r->ofcol);
		gen_label(cs, F_TRIG_UPDATE_OF);
	}
	kw(e, " on ");
	obj_name(e, r->table); /* SQLite takes ON main.t in a trigger (not in an index) */
	if (gen_one_in(e->g, 4))
		kw(e, " for each row");
	/* new.* for insert/update, old.* for delete */
	const char *rec = r->event == 1 ? "old." : "new.";
	if (r->when && r->timing != 2) {
		kw(e, " when ");
		sh_buf_adds(e->b, rec);
		ident(e, r->wcol);
		if (r->tlit) {
			kw(e, " is not ");
			sh_buf_adds(e->b, gen_lit(r->tlit));
			gen_label_lit(e->g, r->tlit, L_TRIGGER);
		} else {
			kw(e, " is not null");
		}
		gen_label(cs, F_TRIG_WHEN);
	}
	kw(e, " begin ");
	if (r->dangling)
		gen_label(cs, F_TRIG_DANGLING);
	emit_trigger_body(e, r, rec);
	kw(e, "; end;\n");
}

/* A statement other than CREATE that SQLite would run over the desired tables (t, its first
 * column c): SPEC §1 refuses every one. */
static void emit_non_create(emit *e, const char *t, const char *c)
{
	gen *g = e->g;
	switch (gen_ch(g, 10)) {
	case 0:
		kw(e, "insert into ");
		ident(e, t);
		sh_buf_adds(e->b, " (");
		ident(e, c);
		kw(e, ") values (");
		sh_buf_adds(e->b, gen_lit(gen_draw_lit(g, L_DEFAULT)));
		sh_buf_addc(e->b, ')');
		break;
	case 1:
		kw(e, "update ");
		ident(e, t);
		kw(e, " set ");
		ident(e, c);
		sh_buf_adds(e->b, " = ");
		ident(e, c);
		kw(e, " where 0");
		break;
	case 2:
		kw(e, "delete from ");
		ident(e, t);
		break;
	case 3: {
		static const char *const pragmas[] = {"user_version = ", "foreign_keys = ",
						      "recursive_triggers = ", "cache_size = "};
		kw(e, "pragma ");
		sh_buf_adds(e->b, pragmas[gen_ch(g, 4)]);
		sh_buf_printf(e->b, "%d", (int)gen_ch(g, 3));
		break;
	}
	case 4:
		kw(e, "drop table if exists ");
		ident(e, t);
		break;
	case 5:
		kw(e, gen_ch(g, 2) ? "analyze" : "reindex");
		break;
	case 6:
		kw(e, "select ");
		sh_buf_adds(e->b, gen_nums[gen_ch(g, gen_nnums)]);
		break;
	case 7:
		kw(e, "alter table ");
		ident(e, t);
		kw(e, " add column ");
		ident(e, "added_by_alter");
		break;
	case 8:
		kw(e, "with w(x) as (select 1) select x from w");
		break;
	default:
		kw(e, "replace into ");
		ident(e, t);
		sh_buf_adds(e->b, " (");
		ident(e, c);
		kw(e, ") values (null)");
	}
	sh_buf_adds(e->b, ";\n");
	gen_label(g->cs, D_NON_CREATE);
}

/* A definition with a lexical error SQLite rejects: a bad blob literal, an unterminated
 * string or quoted name, a parameter, a number run into a name (emitted last: it may
 * swallow the rest). Not an unterminated comment at the end: SQLite takes it as a comment
 * up to the end of input, the engine refuses it (reported, not specified). */
static void emit_lexical(emit *e, const char *name)
{
	kw(e, "create table ");
	ident(e, name);
	switch (gen_ch(e->g, 5)) {
	case 0:
		sh_buf_adds(e->b, " (a blob default x'0g');\n");
		break;
	case 1:
		kw(e, " (a default 'never closed);\n");
		break;
	case 2:
		kw(e, " (a check (a > ?1));\n");
		break;
	case 3:
		sh_buf_adds(e->b, " (a default 12abc);\n");
		break;
	default:
		sh_buf_adds(e->b, " (\"a int);\n");
	}
	gen_label(e->g->cs, D_LEXICAL);
}

/* The definition the engine must refuse (SPEC §1), by s->invalid. */
static void emit_invalid(emit *e, const gschema *s)
{
	gen *g = e->g;
	int n = s->nt;
	const char *t = n ? s->t[n - 1].name : "t";
	const char *c = n && s->t[n - 1].ncols ? s->t[n - 1].cols[0].name : "a";
	char nm[NAMELEN], nm2[NAMELEN];
	gen_pick_name(g, nm, "t", s, 0);
	switch (s->invalid) {
	case 1:
		kw(e, "create table ");
		ident(e, "made_by_select");
		kw(e, " as select 1 as ");
		sh_buf_adds(e->b, "a;\n");
		break;
	case 2:
		kw(e, "create table ");
		ident(e, "sqlite_mine");
		sh_buf_adds(e->b, " (a);\n");
		break;
	case 3:
		kw(e, "create index ");
		ident(e, "on_nothing");
		kw(e, " on ");
		ident(e, "no_such_table");
		sh_buf_adds(e->b, " (a);\n");
		break;
	case 4:
		kw(e, "create table ");
		sh_buf_adds(e->b, "aux.");
		ident(e, "elsewhere");
		sh_buf_adds(e->b, " (a);\n");
		break;
	case 5:
		kw(e, "create table ");
		ident(e, t);
		sh_buf_adds(e->b, " (twice);\n");
		break;
	case 6:
		emit_non_create(e, t, c);
		break;
	case 7: {
		/* modules SQLite has (fts4, fts3) or has not; SPEC §1 refuses them all */
		static const char *const mods[] = {"fts4", "FTS3", "fts4aux", "spellfix1", "Fts4"};
		size_t m = gen_ch(g, 5);
		kw(e, "create virtual table ");
		ident(e, nm);
		kw(e, " using ");
		sh_buf_adds(e->b, mods[m]);
		if (m == 2) {
			sh_buf_addc(e->b, '(');
			ident(e, t);
			sh_buf_addc(e->b, ')');
		} else {
			sh_buf_addc(e->b, '(');
			ident(e, c);
			sh_buf_addc(e->b, ')');
		}
		sh_buf_adds(e->b, ";\n");
		gen_label(g->cs, D_MODULE);
		break;
	}
	case 8: {
		/* load_extension() where it would run when the sync copies rows or fires */
		static const char *const spell[] = {"load_extension", "LOAD_EXTENSION",
						    "\"load_extension\"", "[load_extension]"};
		const char *fn = spell[gen_ch(g, 4)];
		switch (gen_ch(g, 3)) {
		case 0:
			kw(e, "create trigger ");
			ident(e, nm);
			kw(e, " after insert on ");
			ident(e, t);
			kw(e, " begin select ");
			sh_buf_printf(e->b, "%s('%s'); ", fn, nm);
			kw(e, "end;\n");
			break;
		case 1:
			kw(e, "create table ");
			ident(e, nm);
			sh_buf_printf(e->b, " (a check (%s('x') is null));\n", fn);
			break;
		default:
			kw(e, "create view ");
			ident(e, nm);
			kw(e, " as select ");
			sh_buf_printf(e->b, "%s('x', 'y') as a;\n", fn);
		}
		gen_label(g->cs, D_LOAD_EXT);
		break;
	}
	case 9: {
		/* two or three views in a circle: CREATE VIEW does not look, SQLite refuses them
		 * when they are used */
		char nm3[NAMELEN];
		gschema *tmp = sh_calloc(1, sizeof(gschema));
		*tmp = *s;
		gen_set_name(tmp->v[0].name, nm);
		tmp->nv = 1;
		gen_pick_name(g, nm2, "v", tmp, 0);
		int three = (int)gen_ch(g, 2);
		gen_set_name(tmp->v[0].name, nm2);
		gen_pick_name(g, nm3, "v", tmp, 0);
		free(tmp);
		const char *ring[3] = {nm, nm2, three ? nm3 : nm};
		for (int k = 0; k < 2 + three; k++) {
			kw(e, "create view ");
			ident(e, ring[k]);
			kw(e, " as select * from ");
			ident(e, ring[(k + 1) % (2 + three)]);
			sh_buf_adds(e->b, ";\n");
		}
		gen_label(g->cs, D_CIRCULAR_VIEWS);
		break;
	}
	case 10: {
		/* reserved under the durable-object profile only (gen_change.c draws it there) */
		static const char *const cf[] = {"_cf_", "_CF_", "_Cf_"};
		snprintf(nm2, sizeof(nm2), "%s%.20s", cf[gen_ch(g, 3)], nm);
		if (gen_ch(g, 2)) {
			kw(e, "create table ");
			ident(e, nm2);
			sh_buf_adds(e->b, " (a);\n");
		} else {
			kw(e, "create index ");
			ident(e, nm2);
			kw(e, " on ");
			ident(e, t);
			sh_buf_adds(e->b, " (");
			ident(e, c);
			sh_buf_adds(e->b, ");\n");
		}
		gen_label(g->cs, D_CF_NAME);
		break;
	}
	case 11:
		emit_lexical(e, nm);
		break;
	default:
		kw(e, "create index ");
		ident(e, nm);
		kw(e, " on main.");
		ident(e, t);
		sh_buf_adds(e->b, " (");
		ident(e, c);
		sh_buf_adds(e->b, ");\n");
		gen_label(g->cs, D_QUALIFIED_ON);
	}
	gen_label(g->cs, F_INVALID_DEF);
}

void gen_emit_schema(gen *g, sh_buf *b, const gschema *s, int with_excluded)
{
	emit e = {g, b, (int)gen_ch(g, 2)};
	if (!with_excluded && s->invalid && s->invalid_first)
		emit_invalid(&e, s);
	for (int i = 0; i < s->nt; i++)
		if (!s->t[i].excluded || with_excluded)
			emit_table(&e, &s->t[i], 0);
	for (int i = 0; i < s->ni; i++)
		emit_index(&e, &s->i[i]);
	for (int i = 0; i < s->nv; i++)
		emit_view(&e, &s->v[i]);
	for (int i = 0; i < s->ntr; i++)
		emit_trigger(&e, &s->tr[i]);
	if (!with_excluded && s->invalid && !s->invalid_first)
		emit_invalid(&e, s);
	/* the definitions sometimes repeat a table with IF NOT EXISTS: SQLite keeps the first,
	 * the second changes nothing */
	int cand[MAXT], n = gen_user_tables(s, cand);
	if (!with_excluded && n && gen_ok(g, F_DUPLICATE_INE) && gen_ok(g, F_IF_NOT_EXISTS) &&
	    gen_one_in(g, 12)) {
		emit_table(&e, &s->t[cand[gen_ch(g, (uint64_t)n)]], 1);
		gen_label(g->cs, F_DUPLICATE_INE);
	}
}
