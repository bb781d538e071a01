/* SPDX-License-Identifier: MIT */
/*
 * The generator's vocabulary (types, defaults, collations, name pools: index 0 is always the
 * plainest) and its model lookups, and the fixup that keeps a model valid after changes:
 * whatever refers to a table or column that no longer exists is removed.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy a name into a NAMELEN field, truncating (memmove: the compiler cannot prove that
 * source and destination, two fields of one model, never overlap). */
void gen_set_name(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n >= NAMELEN)
		n = NAMELEN - 1;
	memmove(dst, src, n);
	dst[n] = 0;
}

const char *const gen_types[] = {"int",         "text",    "integer",          "real",
				 "blob",        "",        "NUMERIC",          "TEXT",
				 "varchar(10)", "bigint",  "DOUBLE PRECISION", "boolean",
				 "datetime",    "Integer", "decimal(10,2)"};
const size_t gen_ntypes = sizeof(gen_types) / sizeof(gen_types[0]);
const char *const gen_strict_types[] = {"int", "text", "integer", "real", "blob", "any"};

const char *const gen_dflts[] = {
	NULL, "0", "-1", "1.5", "'it''s'", "''", "NULL", "'名'", "CURRENT_TIMESTAMP", "(1 + 2)",
	"x'ff'", "'n'", "(abs(-5))", "9223372036854775807",
	/* other clocks, numbers in other spellings, operators */
	"CURRENT_TIME", "current_date", "0x7F", "1e3", "-.5e-2", "(0x10 << 2 | 1)",
	"('{\"a\":[1,2]}' ->> '$.a[1]')", "(7 % 4 * -2)"};
const size_t gen_ndflts = sizeof(gen_dflts) / sizeof(gen_dflts[0]);
const char *const gen_colls[] = {NULL, "NOCASE", "RTRIM", "BINARY"};
const char *const gen_fk_actions[] = {NULL,      "NO ACTION", "RESTRICT",
				      "CASCADE", "SET NULL",  "SET DEFAULT"};
const char *const gen_fk_defers[] = {NULL, "DEFERRABLE INITIALLY DEFERRED", "NOT DEFERRABLE",
				     "DEFERRABLE INITIALLY IMMEDIATE"};

const glit gen_lits[] = {
	/* family 0: plain, in case and whitespace spellings */
	{"'abc'", 0, 0},
	{"'ABC'", 0, 0},
	{"'Abc'", 0, 0},
	{"'a bc'", 0, 0},
	{"'a  bc'", 0, 0},
	{"' abc'", 0, 0},
	{"'abc '", 0, 0},
	/* families 1-4: the scratch prefix as the whole literal, at its start, middle, end */
	{"'__sqlfu_sync_'", 1, 1},
	{"'__SQLFU_SYNC_'", 1, 1},
	{"'__sqlfu_sync_x'", 2, 2},
	{"'__sqlfu_sync_X'", 2, 2},
	{"'__sqlfu_sync_ x'", 2, 2},
	{"'x__sqlfu_sync_y'", 3, 3},
	{"'x__SQLFU_SYNC_y'", 3, 3},
	{"'x __sqlfu_sync_y'", 3, 3},
	{"'x__sqlfu_sync_'", 4, 4},
	{"'X__sqlfu_sync_'", 4, 4},
	{"'x__sqlfu_sync_ '", 4, 4},
	/* family 5: an embedded quote */
	{"'it''s'", 5, 0},
	{"'IT''S'", 5, 0},
	{"'it''s '", 5, 0},
	/* family 6: blobs, the same value in other spellings */
	{"x'ab'", 6, 0},
	{"X'AB'", 6, 0},
	{"x'AB'", 6, 0},
	/* families 7-8: a backslash, at the end or before a quote (SQLite has no backslash
	 * escapes: the quote after it closes the literal or doubles another) */
	{"'C:\\'", 7, 0},
	{"'c:\\'", 7, 0},
	{"'C:\\ '", 7, 0},
	{"'a\\''b'", 8, 0},
	{"'A\\''B'", 8, 0},
};
const size_t gen_nlits = sizeof(gen_lits) / sizeof(gen_lits[0]);

const char *const gen_cmp_ops[] = {"<", "<=", ">", ">=", "!=", "<>", "==", "="};
const size_t gen_ncmp_ops = sizeof(gen_cmp_ops) / sizeof(gen_cmp_ops[0]);
const char *const gen_nums[] = {"100", "0x10", "0X7fff", "1e3", "2.5E-1", ".5",
				"-7",  "1e+2", "-0x1",   "3.",  "00012"};
const size_t gen_nnums = sizeof(gen_nums) / sizeof(gen_nums[0]);

const char *gen_lit(int v)
{
	return v > 0 && (size_t)v <= gen_nlits ? gen_lits[v - 1].text : "NULL";
}

void gen_label_lit(gen *g, int v, int ctx)
{
	if (v <= 0 || (size_t)v > gen_nlits)
		return;
	static const int pos_label[] = {-1, P_LIT_WHOLE, P_LIT_START, P_LIT_MIDDLE, P_LIT_END};
	gen_label(g->cs, ctx);
	if (strchr(gen_lits[v - 1].text, '\\'))
		gen_label(g->cs, L_BACKSLASH);
	if (gen_lits[v - 1].pos)
		gen_label(g->cs, pos_label[gen_lits[v - 1].pos]);
}

/* The label the spelling change from a to b (one family) gets. */
static int respell_label(int fam, const char *a, const char *b)
{
	if (fam == 6)
		return C_LIT_QUOTING;
	return !sh_stricmp(a, b) ? C_LIT_CASE : C_LIT_SPACE;
}

/* May literal i (an index into gen_lits) be drawn in context ctx (gen_mask.c's rule)? */
static int lit_ok(const gen *g, size_t i, int ctx)
{
	static const int pos_label[] = {-1, P_LIT_WHOLE, P_LIT_START, P_LIT_MIDDLE, P_LIT_END};
	if (gen_lits[i].pos && !gen_ok(g, pos_label[gen_lits[i].pos]))
		return 0;
	if (strchr(gen_lits[i].text, '\\') && !gen_ok(g, L_BACKSLASH))
		return 0;
	if (ctx == L_DEFAULT && strstr(gen_lits[i].text, "''") && !gen_ok(g, F_DEFAULT_QUOTE))
		return 0;
	return 1;
}

int gen_draw_lit(gen *g, int ctx)
{
	unsigned char ok[GEN_AMONG_MAX] = {0};
	for (size_t i = 0; i < gen_nlits && i < GEN_AMONG_MAX; i++)
		ok[i] = (unsigned char)lit_ok(g, i, ctx);
	uint64_t v = gen_ch_among(g, gen_nlits, ok);
	return 1 + (int)(v < gen_nlits ? v : 0);
}

int gen_respell_lit(gen *g, int v)
{
	if (v <= 0 || (size_t)v > gen_nlits)
		return v;
	int fam = gen_lits[v - 1].family, idx[8], n = 0;
	for (size_t i = 0; i < gen_nlits && n < 8; i++)
		if (gen_lits[i].family == fam && (int)i != v - 1 &&
		    gen_ok(g, respell_label(fam, gen_lits[v - 1].text, gen_lits[i].text)))
			idx[n++] = (int)i;
	if (!n)
		return v;
	int w = 1 + idx[gen_ch(g, (uint64_t)n)];
	const char *a = gen_lits[v - 1].text, *b = gen_lits[w - 1].text;
	gen_label(g->cs, respell_label(fam, a, b));
	return w;
}

/* Name pools: index 0 is the plainest. */
const char *const gen_tnames[] = {"t",
				  "a",
				  "users",
				  "posts",
				  "post",
				  "Users",
				  "order",
				  "select",
				  "My Table",
				  "we\"ird",
				  "it's",
				  "tâble",
				  "名前",
				  "x__sqlfu_sync_y",
				  "xxsqlfuxsyncxkeep",
				  "MixedCase",
				  "group",
				  "t2",
				  "from",
				  "idx",
				  "v"};
const size_t gen_ntnames = sizeof(gen_tnames) / sizeof(gen_tnames[0]);
const char *const gen_cnames[] = {"a",       "b",
				  "c",       "id",
				  "name",    "value",
				  "Order",   "x y",
				  "q\"t",    "é",
				  "select",  "post",
				  "posts",   "x__sqlfu_sync_c",
				  "default", "Key",
				  "n",       "__sqlfu_sync_c",
				  "rowid",   "oid"};
const size_t gen_ncnames = sizeof(gen_cnames) / sizeof(gen_cnames[0]);
static const char *const keywords[] = {"order", "select", "group",  "from", "key",    "default",
				       "table", "index",  "values", "view", "trigger"};

int gen_is_keyword(const char *s)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!sh_stricmp(s, keywords[i]))
			return 1;
	return 0;
}

/* ---- name registries --------------------------------------------------------------------- */

int gen_schema_name_taken(const gschema *s, const char *n)
{
	for (int i = 0; i < s->nt; i++)
		if (!sh_stricmp(s->t[i].name, n))
			return 1;
	for (int i = 0; i < s->ni; i++)
		if (!sh_stricmp(s->i[i].name, n))
			return 1;
	for (int i = 0; i < s->nv; i++)
		if (!sh_stricmp(s->v[i].name, n))
			return 1;
	/* the engine's default excluded tables: the bookkeeping tables the generator adds */
	return sh_is_excluded(n, NULL, 0);
}

int gen_trig_name_taken(const gschema *s, const char *n)
{
	for (int i = 0; i < s->ntr; i++)
		if (!sh_stricmp(s->tr[i].name, n))
			return 1;
	return 0;
}

int gen_col_taken(const gtable *t, const char *n)
{
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, n))
			return 1;
	return 0;
}

static int model_has_col(void *ctx, const char *name)
{
	return gen_col_taken(ctx, name);
}

const char *gen_rowid_name(const gtable *t)
{
	return t->without_rowid ? NULL : sh_rowid_pick(model_has_col, (void *)t);
}

gtable *gen_find_table(gschema *s, const char *n)
{
	for (int i = 0; i < s->nt; i++)
		if (!sh_stricmp(s->t[i].name, n))
			return &s->t[i];
	return NULL;
}

gview *gen_find_view(gschema *s, const char *n)
{
	for (int i = 0; i < s->nv; i++)
		if (!sh_stricmp(s->v[i].name, n))
			return &s->v[i];
	return NULL;
}

gcol *gen_find_col(gtable *t, const char *n)
{
	if (!t)
		return NULL;
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, n))
			return &t->cols[i];
	return NULL;
}

/* A plain (stored, non-generated) column of t, or NULL. */
gcol *gen_pick_plain_col(gen *g, gtable *t)
{
	int idx[MAXC], n = 0;
	for (int i = 0; i < t->ncols; i++)
		if (!t->cols[i].gen)
			idx[n++] = i;
	if (!n)
		return NULL;
	return &t->cols[idx[gen_ch(g, (uint64_t)n)]];
}

const char *gen_type_of(const gtable *t, const gcol *c)
{
	return t->strict ? gen_strict_types[c->type % NSTRICT] : gen_types[c->type % gen_ntypes];
}

int gen_pk_has(const gtable *t, const char *col)
{
	if (t->pk == 1 || t->pk == 2)
		return !sh_stricmp(t->pkcols[0], col);
	if (t->pk == 3)
		for (int i = 0; i < t->npk; i++)
			if (!sh_stricmp(t->pkcols[i], col))
				return 1;
	return 0;
}

/* Is col a valid single-column foreign-key target of t (its PK or a UNIQUE column)? */
int gen_fk_target_ok(const gtable *t, const char *col)
{
	if (!col[0])
		return t->pk == 1 || t->pk == 2;
	if ((t->pk == 1 || t->pk == 2) && !sh_stricmp(t->pkcols[0], col))
		return 1;
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, col))
			return t->cols[i].unique && !t->cols[i].gen;
	return 0;
}

int gen_user_tables(const gschema *s, int *cand)
{
	int n = 0;
	for (int i = 0; i < s->nt; i++)
		if (!s->t[i].excluded && !s->t[i].temp)
			cand[n++] = i;
	return n;
}

gtable *gen_pick_table(gen *g, gschema *s)
{
	int cand[MAXT], n = gen_user_tables(s, cand);
	return n ? &s->t[cand[gen_ch(g, (uint64_t)n)]] : NULL;
}

/* ---- fixup: keep the schema valid after mutations ---------------------------------------- */

static int view_cols_ok(gschema *s, gview *v, int depth)
{
	if (depth > 8)
		return 0;
	if (v->kind == 3) {
		gview *u = gen_find_view(s, v->t1);
		return u && u != v && view_cols_ok(s, u, depth + 1);
	}
	gtable *t1 = gen_find_table(s, v->t1);
	if (!t1 || t1->excluded)
		return 0;
	if (v->kind == 1)
		return 1;
	if (!gen_find_col(t1, v->c1))
		return 0;
	if (v->kind == 2 || v->kind == 6) {
		gtable *t2 = gen_find_table(s, v->t2);
		return t2 && !t2->excluded && gen_find_col(t2, v->c2);
	}
	return 1;
}

/* Generated expressions and foreign keys whose column or target is gone. */
static void fixup_columns(gschema *s, gtable *t)
{
	for (int j = 0; j < t->ncols; j++) {
		gcol *c = &t->cols[j];
		if (c->gen) {
			gcol *src = gen_find_col(t, c->gen_src);
			if (!src || src->gen || gen_pk_has(t, c->name)) {
				c->gen = 0;
				if (t->strict)
					c->type = 5;
			}
		}
		if (c->fk) {
			gtable *p = gen_find_table(s, c->fk_table);
			if (!p || !gen_fk_target_ok(p, c->fk_col) || c->gen)
				c->fk = 0;
			else
				gen_set_name(c->fk_table, p->name);
		}
		if (c->gen) {
			c->unique = 0;
			c->dflt = 0;
		}
	}
}

/* A primary key on a column that is gone or generated; the flags that need a key. */
static void fixup_pk(gtable *t)
{
	if (t->pk) {
		int ok = 1;
		for (int k = 0; k < t->npk; k++) {
			gcol *c = gen_find_col(t, t->pkcols[k]);
			if (!c || c->gen)
				ok = 0;
			else
				gen_set_name(t->pkcols[k], c->name);
		}
		if (t->pk == 1) {
			gcol *c = gen_find_col(t, t->pkcols[0]);
			if (c)
				c->type = 2;
		}
		if (!ok) {
			t->pk = 0;
			t->npk = 0;
			t->autoinc = 0;
		}
	}
	if (t->pk != 1)
		t->autoinc = 0;
	if (!t->pk)
		t->without_rowid = 0;
	if (t->without_rowid)
		t->autoinc = 0;
}

static int plain_col_exists(gtable *t, const char *name)
{
	gcol *c = gen_find_col(t, name);
	return c && !c->gen;
}

/* The composite foreign key: the parent columns must still be its two-column key, in
 * this order. */
static int cfk_ok(gschema *s, gtable *t)
{
	gtable *p = gen_find_table(s, t->cfk_table);
	if (!p || p->excluded || !plain_col_exists(t, t->cfk_cols[0]) ||
	    !plain_col_exists(t, t->cfk_cols[1]))
		return 0;
	return (p->pk == 3 && p->npk == 2 && !sh_stricmp(p->pkcols[0], t->cfk_pcols[0]) &&
		!sh_stricmp(p->pkcols[1], t->cfk_pcols[1])) ||
	       (p->tuniq[0][0] && !sh_stricmp(p->tuniq[0], t->cfk_pcols[0]) &&
		!sh_stricmp(p->tuniq[1], t->cfk_pcols[1]));
}

/* Table-level UNIQUE, composite FOREIGN KEY and CHECK on columns that are gone. */
static void fixup_table_constraints(gschema *s, gtable *t)
{
	if (t->tuniq[0][0] &&
	    (!plain_col_exists(t, t->tuniq[0]) || !plain_col_exists(t, t->tuniq[1])))
		t->tuniq[0][0] = 0;
	if (t->cfk_cols[0][0]) {
		if (!cfk_ok(s, t))
			t->cfk_cols[0][0] = 0;
		else
			gen_set_name(t->cfk_table, gen_find_table(s, t->cfk_table)->name);
	}
	if (t->tcheck[0][0] && (!gen_find_col(t, t->tcheck[0]) || !gen_find_col(t, t->tcheck[1])))
		t->tcheck[0][0] = 0;
}

static void fixup_indexes(gschema *s)
{
	int n = 0;
	for (int i = 0; i < s->ni; i++) {
		gindex *x = &s->i[i];
		gtable *t = gen_find_table(s, x->table);
		int ok = t && !t->excluded;
		for (int k = 0; ok && k < x->nkeys; k++)
			ok = gen_find_col(t, x->keys[k].col) != NULL;
		if (ok && x->partial)
			ok = gen_find_col(t, x->pcol) != NULL;
		if (ok)
			s->i[n++] = *x;
	}
	s->ni = n;
}

/* Views: repeat until stable, views on views may cascade. */
static void fixup_views(gschema *s)
{
	for (int changed = 1; changed;) {
		changed = 0;
		int n = 0;
		for (int i = 0; i < s->nv; i++) {
			if (view_cols_ok(s, &s->v[i], 0))
				s->v[n++] = s->v[i];
			else
				changed = 1;
		}
		s->nv = n;
	}
}

static void fixup_triggers(gschema *s)
{
	int n = 0;
	for (int i = 0; i < s->ntr; i++) {
		gtrig *r = &s->tr[i];
		int ok;
		if (r->timing == 2) {
			ok = gen_find_view(s, r->table) != NULL;
		} else {
			gtable *t = gen_find_table(s, r->table);
			ok = t && !t->excluded && gen_find_col(t, r->src) &&
			     gen_find_col(t, r->ofcol) && gen_find_col(t, r->wcol);
		}
		gtable *o = gen_find_table(s, r->bt);
		/* a dangling body's table must stay missing (a view of that name, too) */
		if (r->body >= 1 && r->body <= 3 && r->dangling)
			ok = ok && !o && !gen_find_view(s, r->bt);
		else if (r->body >= 1 && r->body <= 3)
			ok = ok && o && !o->excluded && gen_find_col(o, r->bc);
		if (ok)
			s->tr[n++] = *r;
	}
	s->ntr = n;
}

void gen_fixup(gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		fixup_columns(s, &s->t[i]);
		fixup_pk(&s->t[i]);
		fixup_table_constraints(s, &s->t[i]);
	}
	/* a second pass for foreign keys: a pk change above may have removed a target */
	for (int i = 0; i < s->nt; i++)
		for (int j = 0; j < s->t[i].ncols; j++) {
			gcol *c = &s->t[i].cols[j];
			gtable *p = c->fk ? gen_find_table(s, c->fk_table) : NULL;
			if (c->fk && (!p || !gen_fk_target_ok(p, c->fk_col)))
				c->fk = 0;
		}
	fixup_indexes(s);
	fixup_views(s);
	fixup_triggers(s);
}
