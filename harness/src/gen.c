/* SPDX-License-Identifier: MIT */
/*
 * The case generator. It draws a baseline schema model from the choice source, emits it as
 * SQL with randomized (but meaning-preserving) formatting and quoting, generates rows that
 * SQLite accepts for it (each INSERT is tried on a scratch database and kept only when it
 * succeeds), then mutates a copy of the model by one to three change classes of SPEC §3 and
 * emits the result as the desired definitions. Every decision is one ss_choice() call where 0
 * is the simplest option, so the shrinker can simplify a case by lowering choices.
 *
 * Example: choices all zero give `create table t(a int);` as both baseline and desired.
 */
#include "hint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- labels ------------------------------------------------------------------------------ */

#define LABELS(X)                                                                                  \
	X(F_STRICT, "feature:strict")                                                              \
	X(F_WITHOUT_ROWID, "feature:without-rowid")                                                \
	X(F_AUTOINC, "feature:autoincrement")                                                      \
	X(F_INT_PK, "feature:integer-primary-key")                                                 \
	X(F_PK_DESC, "feature:primary-key-desc")                                                   \
	X(F_SINGLE_PK, "feature:single-primary-key")                                               \
	X(F_COMPOSITE_PK, "feature:composite-primary-key")                                         \
	X(F_NOTNULL, "feature:not-null")                                                           \
	X(F_DEFAULT, "feature:default")                                                            \
	X(F_DEFAULT_QUOTE, "feature:default-string-with-quote")                                    \
	X(F_DEFAULT_CURRENT, "feature:default-current-timestamp")                                  \
	X(F_DEFAULT_EXPR, "feature:default-parenthesized")                                         \
	X(F_COLLATE, "feature:collate")                                                            \
	X(F_TYPE_EMPTY, "feature:type-empty")                                                      \
	X(F_TYPE_AFFINITY, "feature:type-odd-affinity")                                            \
	X(F_UNIQUE_COL, "feature:unique-column")                                                   \
	X(F_UNIQUE_TABLE, "feature:unique-table")                                                  \
	X(F_CHECK_COL, "feature:check-column")                                                     \
	X(F_CHECK_TABLE, "feature:check-table")                                                    \
	X(F_FK, "feature:foreign-key")                                                             \
	X(F_FK_CASCADE, "feature:fk-cascade")                                                      \
	X(F_FK_SET_NULL, "feature:fk-set-null")                                                    \
	X(F_FK_SET_DEFAULT, "feature:fk-set-default")                                              \
	X(F_FK_RESTRICT, "feature:fk-restrict")                                                    \
	X(F_FK_DEFERRABLE, "feature:fk-deferrable")                                                \
	X(F_FK_SELF, "feature:fk-self")                                                            \
	X(F_FK_COMPOSITE, "feature:fk-composite")                                                  \
	X(F_GEN_VIRTUAL, "feature:generated-virtual")                                              \
	X(F_GEN_STORED, "feature:generated-stored")                                                \
	X(F_IDX, "feature:index")                                                                  \
	X(F_IDX_UNIQUE, "feature:index-unique")                                                    \
	X(F_IDX_PARTIAL, "feature:index-partial")                                                  \
	X(F_IDX_EXPR, "feature:index-expression")                                                  \
	X(F_IDX_DESC, "feature:index-desc")                                                        \
	X(F_IDX_COLLATE, "feature:index-collate")                                                  \
	X(F_VIEW, "feature:view")                                                                  \
	X(F_VIEW_STAR, "feature:view-select-star")                                                 \
	X(F_VIEW_JOIN, "feature:view-join")                                                        \
	X(F_VIEW_ON_VIEW, "feature:view-on-view")                                                  \
	X(F_TRIG_BEFORE, "feature:trigger-before")                                                 \
	X(F_TRIG_AFTER, "feature:trigger-after")                                                   \
	X(F_TRIG_INSTEAD, "feature:trigger-instead-of")                                            \
	X(F_TRIG_UPDATE_OF, "feature:trigger-update-of")                                           \
	X(F_TRIG_WHEN, "feature:trigger-when")                                                     \
	X(F_TRIG_OTHER, "feature:trigger-body-other-table")                                        \
	X(F_EXCLUDED, "feature:excluded-table")                                                    \
	X(F_IF_NOT_EXISTS, "feature:if-not-exists")                                                \
	X(F_COMMENTS, "feature:comments")                                                          \
	X(N_KEYWORD, "name:keyword")                                                               \
	X(N_MIXED, "name:mixed-case")                                                              \
	X(N_SPACE, "name:space")                                                                   \
	X(N_QUOTE, "name:embedded-quote")                                                          \
	X(N_NONASCII, "name:non-ascii")                                                            \
	X(N_POSTS, "name:post-posts")                                                              \
	X(N_PREFIX_TEXT, "name:prefix-text-inside")                                                \
	X(N_LIKE, "name:like-wildcard")                                                            \
	X(R_ROWS, "rows:some")                                                                     \
	X(R_NULL, "rows:null")                                                                     \
	X(R_EXTREME, "rows:extreme-int")                                                           \
	X(R_REAL, "rows:real")                                                                     \
	X(R_EMPTY, "rows:empty-string")                                                            \
	X(R_BLOB, "rows:blob")                                                                     \
	X(R_NONASCII, "rows:non-ascii")                                                            \
	X(C_ADD_TABLE, "change:add-table")                                                         \
	X(C_DROP_TABLE, "change:drop-table")                                                       \
	X(C_ADD_COLUMN, "change:add-column")                                                       \
	X(C_DROP_COLUMN, "change:drop-column")                                                     \
	X(C_TYPE, "change:column-type")                                                            \
	X(C_NOTNULL, "change:not-null")                                                            \
	X(C_DEFAULT, "change:default")                                                             \
	X(C_COLLATE, "change:collation")                                                           \
	X(C_PK, "change:primary-key")                                                              \
	X(C_CHECK, "change:check")                                                                 \
	X(C_UNIQUE, "change:unique")                                                               \
	X(C_FK, "change:foreign-key")                                                              \
	X(C_GENERATED, "change:generated")                                                         \
	X(C_STRICT, "change:strict")                                                               \
	X(C_WITHOUT_ROWID, "change:without-rowid")                                                 \
	X(C_AUTOINC, "change:autoincrement")                                                       \
	X(C_INDEX, "change:index")                                                                 \
	X(C_VIEW, "change:view")                                                                   \
	X(C_TRIGGER, "change:trigger")                                                             \
	X(C_RENAME_CASE, "change:rename-by-case")                                                  \
	X(C_MOVE_COLUMN, "change:move-column")                                                     \
	X(C_NONE, "change:formatting-only")                                                        \
	X(K_FK_ON, "config:foreign-keys-on")                                                       \
	X(K_FK_OFF, "config:foreign-keys-off")                                                     \
	X(K_DURABLE, "config:durable-object")                                                      \
	X(K_NO_DESTRUCTIVE, "config:allow-destructive-off")

#define X_ENUM(id, name) id,
enum { LABELS(X_ENUM) NLABELS };
#define X_NAME(id, name) name,
static const char *const label_names[] = {LABELS(X_NAME)};

int ss_label_count(void)
{
	return NLABELS;
}

const char *ss_label_name(int i)
{
	return (i >= 0 && i < NLABELS) ? label_names[i] : "?";
}

int ss_case_has_label(const ss_case *c, int i)
{
	return (c->labels[i / 64] >> (i % 64)) & 1;
}

static void label(ss_case *c, int i)
{
	c->labels[i / 64] |= (uint64_t)1 << (i % 64);
}

/* ---- the model --------------------------------------------------------------------------- */

#define NAMELEN 40

/* Copy a name into a NAMELEN field, truncating (memmove: the compiler cannot prove that
 * source and destination, two fields of one model, never overlap). */
static void set_name(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n >= NAMELEN)
		n = NAMELEN - 1;
	memmove(dst, src, n);
	dst[n] = 0;
}

#define MAXT 6
#define MAXC 7
#define MAXI 6
#define MAXV 4
#define MAXTR 4

typedef struct gcol {
	char name[NAMELEN];
	int type; /* index into types[] */
	int notnull;
	int dflt; /* index into dflts[], 0 none */
	int coll; /* 0 none, 1 NOCASE, 2 RTRIM, 3 BINARY */
	int unique;
	int check; /* 0 none, else kind */
	int gen;   /* 0 none, 1 VIRTUAL, 2 STORED */
	int gen_expr;
	char gen_src[NAMELEN];
	int fk;
	char fk_table[NAMELEN], fk_col[NAMELEN]; /* fk_col "" = parent's primary key */
	int fk_del, fk_upd, fk_defer;
} gcol;

typedef struct gtable {
	char name[NAMELEN];
	gcol cols[MAXC];
	int ncols;
	int strict, without_rowid;
	int pk; /* 0 none, 1 INTEGER PRIMARY KEY on pkcol, 2 column PRIMARY KEY, 3 table-level */
	int autoinc, pkdesc;
	char pkcols[2][NAMELEN];
	int npk;
	char tuniq[2][NAMELEN]; /* table-level UNIQUE when tuniq[0][0] */
	char tcheck[2][NAMELEN];
	/* composite foreign key (a, b) -> parent (x, y) when cfk_cols[0][0] */
	char cfk_cols[2][NAMELEN], cfk_table[NAMELEN], cfk_pcols[2][NAMELEN];
	int cfk_del, cfk_match;
	int excluded;
} gtable;

typedef struct gkey {
	char col[NAMELEN];
	int expr; /* 0 column, 1 lower(), 2 abs(), 3 length() */
	int desc;
	int coll;
} gkey;

typedef struct gindex {
	char name[NAMELEN], table[NAMELEN];
	int unique;
	gkey keys[2];
	int nkeys;
	int partial;
	char pcol[NAMELEN];
} gindex;

typedef struct gview {
	char name[NAMELEN];
	int kind; /* 0 columns, 1 star, 2 join, 3 on view, 4 aggregate */
	char t1[NAMELEN], c1[NAMELEN], t2[NAMELEN], c2[NAMELEN];
} gview;

typedef struct gtrig {
	char name[NAMELEN], table[NAMELEN];
	int timing; /* 0 AFTER, 1 BEFORE, 2 INSTEAD OF */
	int event;  /* 0 INSERT, 1 DELETE, 2 UPDATE, 3 UPDATE OF */
	char ofcol[NAMELEN];
	int when;
	char wcol[NAMELEN];
	int body; /* 0 SELECT, 1 UPDATE other, 2 DELETE other, 3 INSERT other, 4 RAISE */
	char bt[NAMELEN], bc[NAMELEN], src[NAMELEN];
} gtrig;

typedef struct gschema {
	gtable t[MAXT];
	int nt;
	gindex i[MAXI];
	int ni;
	gview v[MAXV];
	int nv;
	gtrig tr[MAXTR];
	int ntr;
} gschema;

typedef struct gen {
	ss_choices *c;
	ss_case *cs;
	unsigned max_tables;
} gen;

static uint64_t ch(gen *g, uint64_t n)
{
	return ss_choice(g->c, n);
}

/* A biased coin: true with probability 1/n (false is the simpler outcome). */
static int one_in(gen *g, uint64_t n)
{
	return ch(g, n) == n - 1;
}

static const char *const types[] = {"int",         "text",    "integer",          "real",
				    "blob",        "",        "NUMERIC",          "TEXT",
				    "varchar(10)", "bigint",  "DOUBLE PRECISION", "boolean",
				    "datetime",    "Integer", "decimal(10,2)"};
#define NTYPES (sizeof(types) / sizeof(types[0]))
static const char *const strict_types[] = {"int", "text", "integer", "real", "blob", "any"};
#define NSTRICT 6

static const char *const dflts[] = {NULL,
				    "0",
				    "-1",
				    "1.5",
				    "'it''s'",
				    "''",
				    "NULL",
				    "'名'",
				    "CURRENT_TIMESTAMP",
				    "(1 + 2)",
				    "x'ff'",
				    "'n'",
				    "(abs(-5))",
				    "9223372036854775807"};
#define NDFLTS (sizeof(dflts) / sizeof(dflts[0]))
static const char *const colls[] = {NULL, "NOCASE", "RTRIM", "BINARY"};
static const char *const fk_actions[] = {NULL,      "NO ACTION", "RESTRICT",
					 "CASCADE", "SET NULL",  "SET DEFAULT"};
static const char *const fk_defers[] = {NULL, "DEFERRABLE INITIALLY DEFERRED", "NOT DEFERRABLE",
					"DEFERRABLE INITIALLY IMMEDIATE"};

/* Name pools: index 0 is the plainest. */
static const char *const tnames[] = {"t",
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
#define NTNAMES (sizeof(tnames) / sizeof(tnames[0]))
static const char *const cnames[] = {
	"a",       "b",    "c", "id",     "name", "value", "Order",
	"x y",     "q\"t", "é", "select", "post", "posts", "x__sqlfu_sync_c",
	"default", "Key",  "n"};
#define NCNAMES (sizeof(cnames) / sizeof(cnames[0]))
static const char *const keywords[] = {"order", "select", "group",  "from", "key",    "default",
				       "table", "index",  "values", "view", "trigger"};

static int is_keyword(const char *s)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!sh_stricmp(s, keywords[i]))
			return 1;
	return 0;
}

static void name_labels(gen *g, const char *s)
{
	if (is_keyword(s))
		label(g->cs, N_KEYWORD);
	if (strchr(s, ' '))
		label(g->cs, N_SPACE);
	if (strchr(s, '"') || strchr(s, '\''))
		label(g->cs, N_QUOTE);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80) {
			label(g->cs, N_NONASCII);
			break;
		}
	if (!sh_stricmp(s, "post") || !sh_stricmp(s, "posts"))
		label(g->cs, N_POSTS);
	if (strstr(s, "__sqlfu_sync_"))
		label(g->cs, N_PREFIX_TEXT);
	if (strstr(s, "sqlfuxsync"))
		label(g->cs, N_LIKE);
	int up = 0, lo = 0;
	for (const char *p = s; *p; p++) {
		up |= (*p >= 'A' && *p <= 'Z');
		lo |= (*p >= 'a' && *p <= 'z');
	}
	if (up && lo)
		label(g->cs, N_MIXED);
}

/* ---- name registries --------------------------------------------------------------------- */

static int schema_name_taken(const gschema *s, const char *n)
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
	if (!sh_stricmp(n, "sqlfu_migrations") || !sh_stricmp(n, "d1_migrations"))
		return 1;
	return 0;
}

static int trig_name_taken(const gschema *s, const char *n)
{
	for (int i = 0; i < s->ntr; i++)
		if (!sh_stricmp(s->tr[i].name, n))
			return 1;
	return 0;
}

static int col_taken(const gtable *t, const char *n)
{
	if (!sh_stricmp(n, "rowid") || !sh_stricmp(n, "oid") || !sh_stricmp(n, "_rowid_"))
		return 1;
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, n))
			return 1;
	return 0;
}

/* Pick a fresh object name: a pool entry, suffixed with a number when taken. */
static void pick_name(gen *g, char *out, const char *base_kind, const gschema *s, int trigger)
{
	const char *base = tnames[ch(g, NTNAMES)];
	char buf[NAMELEN];
	if (!strcmp(base_kind, "i"))
		base = ch(g, 3) ? "idx" : base;
	else if (!strcmp(base_kind, "v"))
		base = ch(g, 3) ? "v" : base;
	else if (!strcmp(base_kind, "tr"))
		base = ch(g, 3) ? "tr" : base;
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2; trigger ? trig_name_taken(s, buf) : schema_name_taken(s, buf); n++)
		snprintf(buf, sizeof(buf), "%s%d", base, n);
	memcpy(out, buf, NAMELEN);
	name_labels(g, out);
}

static void pick_col_name(gen *g, char *out, const gtable *t)
{
	const char *base = cnames[ch(g, NCNAMES)];
	char buf[NAMELEN];
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2; col_taken(t, buf); n++)
		snprintf(buf, sizeof(buf), "%s%d", base, n);
	memcpy(out, buf, NAMELEN);
	name_labels(g, out);
}

static gtable *find_table(gschema *s, const char *n)
{
	for (int i = 0; i < s->nt; i++)
		if (!sh_stricmp(s->t[i].name, n))
			return &s->t[i];
	return NULL;
}

static gview *find_view(gschema *s, const char *n)
{
	for (int i = 0; i < s->nv; i++)
		if (!sh_stricmp(s->v[i].name, n))
			return &s->v[i];
	return NULL;
}

static gcol *find_col(gtable *t, const char *n)
{
	if (!t)
		return NULL;
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, n))
			return &t->cols[i];
	return NULL;
}

/* A plain (stored, non-generated) column of t, or NULL. */
static gcol *pick_plain_col(gen *g, gtable *t)
{
	int idx[MAXC], n = 0;
	for (int i = 0; i < t->ncols; i++)
		if (!t->cols[i].gen)
			idx[n++] = i;
	if (!n)
		return NULL;
	return &t->cols[idx[ch(g, (uint64_t)n)]];
}

static const char *type_of(const gtable *t, const gcol *c)
{
	return t->strict ? strict_types[c->type % NSTRICT] : types[c->type % NTYPES];
}

static int pk_has(const gtable *t, const char *col)
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
static int fk_target_ok(const gtable *t, const char *col)
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

/* ---- drawing the baseline ------------------------------------------------------------------ */

static void draw_fk(gen *g, gschema *s, gtable *t, gcol *c)
{
	/* parents: earlier tables or t itself, with a usable key */
	int cand[MAXT + 1], n = 0;
	for (int i = 0; i < s->nt; i++)
		if (&s->t[i] != t && !s->t[i].excluded && (s->t[i].pk == 1 || s->t[i].pk == 2))
			cand[n++] = i;
	if ((t->pk == 1 || t->pk == 2) && sh_stricmp(t->pkcols[0], c->name))
		cand[n++] = -1;
	if (!n)
		return;
	int k = cand[ch(g, (uint64_t)n)];
	gtable *p = k < 0 ? t : &s->t[k];
	c->fk = 1;
	set_name(c->fk_table, p->name);
	set_name(c->fk_col, ch(g, 3) ? p->pkcols[0] : "");
	c->fk_del = (int)ch(g, 6);
	c->fk_upd = (int)ch(g, 6);
	c->fk_defer = (int)ch(g, 4);
}

static void draw_col(gen *g, gschema *s, gtable *t, gcol *c, int allow_gen)
{
	memset(c, 0, sizeof(*c));
	pick_col_name(g, c->name, t);
	c->type = (int)(t->strict ? ch(g, NSTRICT) : ch(g, NTYPES));
	if (allow_gen && one_in(g, 6)) {
		gcol *src = pick_plain_col(g, t);
		if (src) {
			c->gen = 1 + (int)ch(g, 2);
			c->gen_expr = (int)ch(g, 4);
			set_name(c->gen_src, src->name);
			if (t->strict)
				c->type = 5; /* any */
			return;
		}
	}
	c->notnull = one_in(g, 4);
	c->dflt = one_in(g, 2) ? (int)ch(g, NDFLTS) : 0;
	c->coll = one_in(g, 4) ? (int)ch(g, 4) : 0;
	c->unique = one_in(g, 5);
	c->check = one_in(g, 5) ? 1 + (int)ch(g, 4) : 0;
	if (one_in(g, 4))
		draw_fk(g, s, t, c);
}

static void draw_pk(gen *g, gtable *t)
{
	t->pk = (int)ch(g, 4);
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
		set_name(t->pkcols[0], c->name);
		t->npk = 1;
		t->autoinc = one_in(g, 3);
		t->pkdesc = !t->autoinc && one_in(g, 8);
	} else if (t->pk == 2) {
		gcol *c = pick_plain_col(g, t);
		if (!c) {
			t->pk = 0;
			return;
		}
		set_name(t->pkcols[0], c->name);
		t->npk = 1;
		t->pkdesc = one_in(g, 6);
	} else if (t->pk == 3) {
		gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
		if (!a) {
			t->pk = 0;
			return;
		}
		set_name(t->pkcols[0], a->name);
		t->npk = 1;
		if (b && b != a)
			set_name(t->pkcols[t->npk++], b->name);
		t->pkdesc = one_in(g, 6);
	}
}

/* A composite foreign key to a table whose two-column primary key or UNIQUE can take it. */
static void draw_cfk(gen *g, gschema *s, gtable *t)
{
	int cand[MAXT], n = 0;
	for (int i = 0; i < s->nt; i++) {
		gtable *p = &s->t[i];
		if (p != t && !p->excluded && ((p->pk == 3 && p->npk == 2) || p->tuniq[0][0]))
			cand[n++] = i;
	}
	gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
	if (!n || !a || !b || a == b)
		return;
	gtable *p = &s->t[cand[ch(g, (uint64_t)n)]];
	set_name(t->cfk_cols[0], a->name);
	set_name(t->cfk_cols[1], b->name);
	set_name(t->cfk_table, p->name);
	if (p->pk == 3 && p->npk == 2 && (!p->tuniq[0][0] || ch(g, 2))) {
		memcpy(t->cfk_pcols[0], p->pkcols[0], NAMELEN);
		memcpy(t->cfk_pcols[1], p->pkcols[1], NAMELEN);
	} else {
		memcpy(t->cfk_pcols[0], p->tuniq[0], NAMELEN);
		memcpy(t->cfk_pcols[1], p->tuniq[1], NAMELEN);
	}
	t->cfk_del = (int)ch(g, 6);
	t->cfk_match = one_in(g, 3);
}

static void draw_table(gen *g, gschema *s, gtable *t)
{
	memset(t, 0, sizeof(*t));
	pick_name(g, t->name, "t", s, 0);
	t->strict = one_in(g, 5);
	int nc = 1 + (int)ch(g, 4);
	for (int i = 0; i < nc && i < MAXC; i++) {
		draw_col(g, s, t, &t->cols[t->ncols], i > 0);
		t->ncols++;
	}
	draw_pk(g, t);
	if (t->pk && one_in(g, 5) && !t->autoinc)
		t->without_rowid = 1;
	if (one_in(g, 6)) {
		gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
		if (a && b && a != b) {
			set_name(t->tuniq[0], a->name);
			set_name(t->tuniq[1], b->name);
		}
	}
	if (one_in(g, 6)) {
		gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
		if (a && b && a != b) {
			set_name(t->tcheck[0], a->name);
			set_name(t->tcheck[1], b->name);
		}
	}
	if (one_in(g, 4))
		draw_cfk(g, s, t);
}

/* Indexes of the tables that are not excluded bookkeeping tables, into cand; their count. */
static int user_tables(const gschema *s, int *cand)
{
	int n = 0;
	for (int i = 0; i < s->nt; i++)
		if (!s->t[i].excluded)
			cand[n++] = i;
	return n;
}

static void draw_index(gen *g, gschema *s, gindex *x)
{
	memset(x, 0, sizeof(*x));
	int cand[MAXT], n = user_tables(s, cand);
	if (!n)
		return;
	gtable *t = &s->t[cand[ch(g, (uint64_t)n)]];
	gcol *c = pick_plain_col(g, t);
	if (!c)
		return;
	pick_name(g, x->name, "i", s, 0);
	set_name(x->table, t->name);
	x->unique = one_in(g, 4);
	x->nkeys = 1;
	set_name(x->keys[0].col, c->name);
	x->keys[0].expr = one_in(g, 4) ? 1 + (int)ch(g, 3) : 0;
	x->keys[0].desc = one_in(g, 4);
	x->keys[0].coll = one_in(g, 5) ? 1 + (int)ch(g, 2) : 0;
	if (one_in(g, 3)) {
		gcol *d = pick_plain_col(g, t);
		if (d && d != c) {
			set_name(x->keys[1].col, d->name);
			x->keys[1].desc = one_in(g, 3);
			x->nkeys = 2;
		}
	}
	if (one_in(g, 4)) {
		gcol *d = pick_plain_col(g, t);
		x->partial = 1 + (int)ch(g, 2);
		set_name(x->pcol, d->name);
	}
	s->ni++;
}

static void draw_view(gen *g, gschema *s, gview *v)
{
	memset(v, 0, sizeof(*v));
	int cand[MAXT], n = user_tables(s, cand);
	if (!n)
		return;
	pick_name(g, v->name, "v", s, 0);
	v->kind = (int)ch(g, 6);
	if (v->kind == 3 && s->nv == 0)
		v->kind = 1;
	gtable *t1 = &s->t[cand[ch(g, (uint64_t)n)]];
	gtable *t2 = &s->t[cand[ch(g, (uint64_t)n)]];
	gcol *c1 = pick_plain_col(g, t1), *c2 = pick_plain_col(g, t2);
	if (!c1 || !c2) {
		v->kind = 1;
		c1 = &t1->cols[0];
		c2 = &t2->cols[0];
	}
	set_name(v->t1, v->kind == 3 ? s->v[ch(g, (uint64_t)s->nv)].name : t1->name);
	set_name(v->c1, c1->name);
	set_name(v->t2, t2->name);
	set_name(v->c2, c2->name);
	s->nv++;
}

static void draw_trigger(gen *g, gschema *s, gtrig *r)
{
	memset(r, 0, sizeof(*r));
	int cand[MAXT], n = user_tables(s, cand);
	if (!n)
		return;
	pick_name(g, r->name, "tr", s, 1);
	r->timing = (int)ch(g, 3);
	if (r->timing == 2 && s->nv == 0)
		r->timing = 0;
	gtable *t = &s->t[cand[ch(g, (uint64_t)n)]];
	gtable *o = &s->t[cand[ch(g, (uint64_t)n)]];
	gcol *c = pick_plain_col(g, t);
	gcol *oc = pick_plain_col(g, o);
	if (!c || !oc)
		return;
	if (r->timing == 2)
		set_name(r->table, s->v[ch(g, (uint64_t)s->nv)].name);
	else
		set_name(r->table, t->name);
	r->event = (int)ch(g, 4);
	if (r->timing == 2 && r->event == 3)
		r->event = 2; /* INSTEAD OF UPDATE OF is allowed, keep it simple */
	set_name(r->ofcol, c->name);
	set_name(r->src, c->name);
	r->when = r->timing != 2 && one_in(g, 3);
	set_name(r->wcol, c->name);
	r->body = (int)ch(g, 5);
	if (r->timing == 2 && r->body == 3)
		r->body = 1;
	set_name(r->bt, o->name);
	set_name(r->bc, oc->name);
	s->ntr++;
}

static void draw_schema(gen *g, gschema *s)
{
	memset(s, 0, sizeof(*s));
	int nt = 1 + (int)ch(g, g->max_tables ? g->max_tables : 1);
	for (int i = 0; i < nt && s->nt < MAXT; i++) {
		draw_table(g, s, &s->t[s->nt]);
		s->nt++;
	}
	int ni = (int)ch(g, 3);
	for (int i = 0; i < ni && s->ni < MAXI; i++)
		draw_index(g, s, &s->i[s->ni]);
	int nv = (int)ch(g, 3);
	for (int i = 0; i < nv && s->nv < MAXV; i++)
		draw_view(g, s, &s->v[s->nv]);
	int ntr = (int)ch(g, 3);
	for (int i = 0; i < ntr && s->ntr < MAXTR; i++)
		draw_trigger(g, s, &s->tr[s->ntr]);
}

/* ---- fixup: keep the schema valid after mutations ---------------------------------------- */

static int view_cols_ok(gschema *s, gview *v, int depth)
{
	if (depth > 8)
		return 0;
	if (v->kind == 3) {
		gview *u = find_view(s, v->t1);
		return u && u != v && view_cols_ok(s, u, depth + 1);
	}
	gtable *t1 = find_table(s, v->t1);
	if (!t1 || t1->excluded)
		return 0;
	if (v->kind == 1)
		return 1;
	if (!find_col(t1, v->c1))
		return 0;
	if (v->kind == 2) {
		gtable *t2 = find_table(s, v->t2);
		return t2 && !t2->excluded && find_col(t2, v->c2);
	}
	return 1;
}

/* Remove everything that refers to a table or column that no longer exists. */
static void fixup(gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		gtable *t = &s->t[i];
		for (int j = 0; j < t->ncols; j++) {
			gcol *c = &t->cols[j];
			if (c->gen) {
				gcol *src = find_col(t, c->gen_src);
				if (!src || src->gen || pk_has(t, c->name)) {
					c->gen = 0;
					if (t->strict)
						c->type = 5;
				}
			}
			if (c->fk) {
				gtable *p = find_table(s, c->fk_table);
				if (!p || !fk_target_ok(p, c->fk_col) || c->gen)
					c->fk = 0;
				else
					set_name(c->fk_table, p->name);
			}
			if (c->gen) {
				c->unique = 0;
				c->dflt = 0;
			}
		}
		if (t->pk) {
			int ok = 1;
			for (int k = 0; k < t->npk; k++) {
				gcol *c = find_col(t, t->pkcols[k]);
				if (!c || c->gen)
					ok = 0;
				else
					set_name(t->pkcols[k], c->name);
			}
			if (t->pk == 1) {
				gcol *c = find_col(t, t->pkcols[0]);
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
		if (t->tuniq[0][0] &&
		    (!find_col(t, t->tuniq[0]) || !find_col(t, t->tuniq[1]) ||
		     find_col(t, t->tuniq[0])->gen || find_col(t, t->tuniq[1])->gen))
			t->tuniq[0][0] = 0;
		if (t->cfk_cols[0][0]) {
			gtable *p = find_table(s, t->cfk_table);
			int ok = p && !p->excluded && find_col(t, t->cfk_cols[0]) &&
				 find_col(t, t->cfk_cols[1]) && !find_col(t, t->cfk_cols[0])->gen &&
				 !find_col(t, t->cfk_cols[1])->gen;
			/* the parent columns must still be its two-column key, in this order */
			if (ok)
				ok = (p->pk == 3 && p->npk == 2 &&
				      !sh_stricmp(p->pkcols[0], t->cfk_pcols[0]) &&
				      !sh_stricmp(p->pkcols[1], t->cfk_pcols[1])) ||
				     (p->tuniq[0][0] && !sh_stricmp(p->tuniq[0], t->cfk_pcols[0]) &&
				      !sh_stricmp(p->tuniq[1], t->cfk_pcols[1]));
			if (!ok)
				t->cfk_cols[0][0] = 0;
			else
				set_name(t->cfk_table, p->name);
		}
		if (t->tcheck[0][0] && (!find_col(t, t->tcheck[0]) || !find_col(t, t->tcheck[1])))
			t->tcheck[0][0] = 0;
	}
	/* a second pass for foreign keys: a pk change above may have removed a target */
	for (int i = 0; i < s->nt; i++)
		for (int j = 0; j < s->t[i].ncols; j++) {
			gcol *c = &s->t[i].cols[j];
			gtable *p = c->fk ? find_table(s, c->fk_table) : NULL;
			if (c->fk && (!p || !fk_target_ok(p, c->fk_col)))
				c->fk = 0;
		}
	int n = 0;
	for (int i = 0; i < s->ni; i++) {
		gindex *x = &s->i[i];
		gtable *t = find_table(s, x->table);
		int ok = t && !t->excluded;
		for (int k = 0; ok && k < x->nkeys; k++)
			ok = find_col(t, x->keys[k].col) != NULL;
		if (ok && x->partial)
			ok = find_col(t, x->pcol) != NULL;
		if (ok)
			s->i[n++] = *x;
	}
	s->ni = n;
	/* views: repeat until stable, views on views may cascade */
	for (int changed = 1; changed;) {
		changed = 0;
		n = 0;
		for (int i = 0; i < s->nv; i++) {
			if (view_cols_ok(s, &s->v[i], 0))
				s->v[n++] = s->v[i];
			else
				changed = 1;
		}
		s->nv = n;
	}
	n = 0;
	for (int i = 0; i < s->ntr; i++) {
		gtrig *r = &s->tr[i];
		int ok;
		if (r->timing == 2)
			ok = find_view(s, r->table) != NULL;
		else {
			gtable *t = find_table(s, r->table);
			ok = t && !t->excluded && find_col(t, r->src) && find_col(t, r->ofcol) &&
			     find_col(t, r->wcol);
		}
		gtable *o = find_table(s, r->bt);
		if (r->body >= 1 && r->body <= 3)
			ok = ok && o && !o->excluded && find_col(o, r->bc);
		if (ok)
			s->tr[n++] = *r;
	}
	s->ntr = n;
}

/* ---- emission ------------------------------------------------------------------------------ */

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
	return !is_keyword(s);
}

/* An identifier in one of SQLite's quoting styles, chosen by the generator. */
static void ident(emit *e, const char *name)
{
	int style = (int)ch(e->g, 4);
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
	switch (ch(e->g, 8)) {
	case 1:
		sh_buf_adds(e->b, "\n  ");
		break;
	case 2:
		sh_buf_adds(e->b, " /* c */ ");
		label(e->g->cs, F_COMMENTS);
		break;
	case 3:
		sh_buf_adds(e->b, " -- note\n");
		label(e->g->cs, F_COMMENTS);
		break;
	default:
		sh_buf_addc(e->b, ' ');
	}
}

static void col_expr(emit *e, const char *col)
{
	ident(e, col);
}

static void emit_check(emit *e, int kind, const char *col)
{
	kw(e, "check (");
	switch (kind) {
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
	if (fk_actions[c->fk_del]) {
		kw(e, " on delete ");
		kw(e, fk_actions[c->fk_del]);
	}
	if (fk_actions[c->fk_upd]) {
		kw(e, " on update ");
		kw(e, fk_actions[c->fk_upd]);
	}
	if (fk_defers[c->fk_defer]) {
		sh_buf_addc(e->b, ' ');
		kw(e, fk_defers[c->fk_defer]);
		if (c->fk_defer != 2)
			label(cs, F_FK_DEFERRABLE);
	}
	label(cs, F_FK);
	if (c->fk_del == 3 || c->fk_upd == 3)
		label(cs, F_FK_CASCADE);
	if (c->fk_del == 4 || c->fk_upd == 4)
		label(cs, F_FK_SET_NULL);
	if (c->fk_del == 5 || c->fk_upd == 5)
		label(cs, F_FK_SET_DEFAULT);
	if (c->fk_del == 2 || c->fk_upd == 2)
		label(cs, F_FK_RESTRICT);
	if (!sh_stricmp(c->fk_table, t->name))
		label(cs, F_FK_SELF);
}

static void emit_table(emit *e, const gtable *t)
{
	int table_fk[MAXC] = {0};
	ss_case *cs = e->g->cs;
	kw(e, "create table ");
	if (one_in(e->g, 8)) {
		kw(e, "if not exists ");
		label(cs, F_IF_NOT_EXISTS);
	}
	ident(e, t->name);
	sh_buf_adds(e->b, " (");
	for (int i = 0; i < t->ncols; i++) {
		const gcol *c = &t->cols[i];
		if (i)
			sh_buf_addc(e->b, ',');
		sep(e);
		ident(e, c->name);
		const char *ty = type_of(t, c);
		if (ty[0]) {
			sh_buf_addc(e->b, ' ');
			sh_buf_adds(e->b, ty);
		} else {
			label(cs, F_TYPE_EMPTY);
		}
		if (c->type >= 6 && !t->strict)
			label(cs, F_TYPE_AFFINITY);
		if ((t->pk == 1 || t->pk == 2) && !sh_stricmp(t->pkcols[0], c->name)) {
			kw(e, " primary key");
			if (t->pkdesc) {
				kw(e, " desc");
				label(cs, F_PK_DESC);
			}
			if (t->autoinc) {
				kw(e, " autoincrement");
				label(cs, F_AUTOINC);
			}
			label(cs, t->pk == 1 ? F_INT_PK : F_SINGLE_PK);
		}
		if (c->notnull) {
			kw(e, " not null");
			label(cs, F_NOTNULL);
		}
		if (c->dflt && !c->gen) {
			kw(e, " default ");
			sh_buf_adds(e->b, dflts[c->dflt]);
			label(cs, F_DEFAULT);
			if (strchr(dflts[c->dflt], '\'') && strstr(dflts[c->dflt], "''"))
				label(cs, F_DEFAULT_QUOTE);
			if (dflts[c->dflt][0] == 'C')
				label(cs, F_DEFAULT_CURRENT);
			if (dflts[c->dflt][0] == '(')
				label(cs, F_DEFAULT_EXPR);
		}
		if (c->coll) {
			kw(e, " collate ");
			sh_buf_adds(e->b, colls[c->coll]);
			label(cs, F_COLLATE);
		}
		if (c->unique) {
			kw(e, " unique");
			label(cs, F_UNIQUE_COL);
		}
		if (c->check) {
			sh_buf_addc(e->b, ' ');
			emit_check(e, c->check, c->name);
			label(cs, F_CHECK_COL);
		}
		if (c->fk && !(table_fk[i] = one_in(e->g, 3)))
			emit_fk_clause(e, t, c);
		if (c->gen) {
			kw(e, one_in(e->g, 2) ? " generated always as (" : " as (");
			emit_gen_expr(e, c);
			kw(e, c->gen == 2 ? ") stored" : (one_in(e->g, 2) ? ") virtual" : ")"));
			label(cs, c->gen == 2 ? F_GEN_STORED : F_GEN_VIRTUAL);
		}
	}
	for (int i = 0; i < t->ncols; i++) {
		if (!t->cols[i].fk || !table_fk[i])
			continue;
		sh_buf_addc(e->b, ',');
		sep(e);
		kw(e, "foreign key (");
		ident(e, t->cols[i].name);
		sh_buf_addc(e->b, ')');
		emit_fk_clause(e, t, &t->cols[i]);
	}
	if (t->pk == 3) {
		sh_buf_addc(e->b, ',');
		sep(e);
		kw(e, "primary key (");
		for (int k = 0; k < t->npk; k++) {
			if (k)
				sh_buf_adds(e->b, ", ");
			ident(e, t->pkcols[k]);
			if (k == 0 && t->pkdesc) {
				kw(e, " desc");
				label(cs, F_PK_DESC);
			}
		}
		sh_buf_addc(e->b, ')');
		label(cs, t->npk > 1 ? F_COMPOSITE_PK : F_SINGLE_PK);
	}
	if (t->cfk_cols[0][0]) {
		sh_buf_addc(e->b, ',');
		sep(e);
		kw(e, "foreign key (");
		ident(e, t->cfk_cols[0]);
		sh_buf_adds(e->b, ", ");
		ident(e, t->cfk_cols[1]);
		kw(e, ") references ");
		ident(e, t->cfk_table);
		sh_buf_addc(e->b, '(');
		ident(e, t->cfk_pcols[0]);
		sh_buf_adds(e->b, ", ");
		ident(e, t->cfk_pcols[1]);
		sh_buf_addc(e->b, ')');
		if (t->cfk_match)
			kw(e, " match simple");
		if (fk_actions[t->cfk_del]) {
			kw(e, " on delete ");
			kw(e, fk_actions[t->cfk_del]);
		}
		label(e->g->cs, F_FK_COMPOSITE);
		label(e->g->cs, F_FK);
	}
	if (t->tuniq[0][0]) {
		sh_buf_addc(e->b, ',');
		sep(e);
		kw(e, "unique (");
		ident(e, t->tuniq[0]);
		sh_buf_adds(e->b, ", ");
		ident(e, t->tuniq[1]);
		sh_buf_addc(e->b, ')');
		label(cs, F_UNIQUE_TABLE);
	}
	if (t->tcheck[0][0]) {
		sh_buf_addc(e->b, ',');
		sep(e);
		kw(e, "check (");
		ident(e, t->tcheck[0]);
		kw(e, " is not ");
		ident(e, t->tcheck[1]);
		kw(e, " or ");
		ident(e, t->tcheck[0]);
		kw(e, " is null)");
		label(cs, F_CHECK_TABLE);
	}
	sh_buf_adds(e->b, ")");
	if (t->strict) {
		kw(e, " strict");
		label(cs, F_STRICT);
	}
	if (t->without_rowid) {
		sh_buf_adds(e->b, t->strict ? ", " : " ");
		kw(e, "without rowid");
		label(cs, F_WITHOUT_ROWID);
	}
	sh_buf_adds(e->b, ";\n");
}

static void emit_index(emit *e, const gindex *x)
{
	ss_case *cs = e->g->cs;
	kw(e, x->unique ? "create unique index " : "create index ");
	ident(e, x->name);
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
			label(cs, F_IDX_EXPR);
		} else {
			ident(e, y->col);
		}
		if (y->coll) {
			kw(e, " collate ");
			sh_buf_adds(e->b, colls[y->coll]);
			label(cs, F_IDX_COLLATE);
		}
		if (y->desc) {
			kw(e, " desc");
			label(cs, F_IDX_DESC);
		}
	}
	sh_buf_addc(e->b, ')');
	if (x->partial) {
		kw(e, " where ");
		ident(e, x->pcol);
		kw(e, x->partial == 1 ? " is not null" : " > 0");
		label(cs, F_IDX_PARTIAL);
	}
	sh_buf_adds(e->b, ";\n");
	label(cs, F_IDX);
	if (x->unique)
		label(cs, F_IDX_UNIQUE);
}

static void emit_view(emit *e, const gview *v)
{
	ss_case *cs = e->g->cs;
	kw(e, "create view ");
	ident(e, v->name);
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
		label(cs, F_VIEW_JOIN);
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
	default:
		sh_buf_adds(e->b, "* ");
		kw(e, "from ");
		ident(e, v->t1);
		label(cs, v->kind == 3 ? F_VIEW_ON_VIEW : F_VIEW_STAR);
	}
	sh_buf_adds(e->b, ";\n");
	label(cs, F_VIEW);
}

static void emit_trigger(emit *e, const gtrig *r)
{
	ss_case *cs = e->g->cs;
	static const char *const timing[] = {"after ", "before ", "instead of "};
	static const char *const event[] = {"insert", "delete", "update", "update of "};
	kw(e, "create trigger ");
	ident(e, r->name);
	sh_buf_addc(e->b, ' ');
	kw(e, timing[r->timing]);
	kw(e, event[r->event]);
	label(cs, r->timing == 0 ? F_TRIG_AFTER : r->timing == 1 ? F_TRIG_BEFORE : F_TRIG_INSTEAD);
	if (r->event == 3) {
		ident(e, r->ofcol);
		label(cs, F_TRIG_UPDATE_OF);
	}
	kw(e, " on ");
	ident(e, r->table);
	/* new.* for insert/update, old.* for delete */
	if (one_in(e->g, 4))
		kw(e, " for each row");
	const char *rec = r->event == 1 ? "old." : "new.";
	if (r->when && r->timing != 2) {
		kw(e, " when ");
		sh_buf_adds(e->b, rec);
		ident(e, r->wcol);
		kw(e, " is not null");
		label(cs, F_TRIG_WHEN);
	}
	kw(e, " begin ");
	switch (r->timing == 2 && r->body == 3 ? 1 : r->body) {
	case 1:
		kw(e, "update ");
		ident(e, r->bt);
		kw(e, " set ");
		ident(e, r->bc);
		sh_buf_adds(e->b, " = ");
		ident(e, r->bc);
		kw(e, " where 0");
		label(cs, F_TRIG_OTHER);
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
		label(cs, F_TRIG_OTHER);
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
		label(cs, F_TRIG_OTHER);
		break;
	case 4:
		kw(e, "select raise(abort, ");
		sh_buf_adds(e->b, "'no ''__sqlfu_sync_x''') ");
		kw(e, "where 0");
		break;
	default:
		kw(e, "select 1");
	}
	kw(e, "; end;\n");
}

static void emit_schema(gen *g, sh_buf *b, const gschema *s, int with_excluded)
{
	emit e = {g, b, (int)ch(g, 2)};
	for (int i = 0; i < s->nt; i++)
		if (!s->t[i].excluded || with_excluded)
			emit_table(&e, &s->t[i]);
	for (int i = 0; i < s->ni; i++)
		emit_index(&e, &s->i[i]);
	for (int i = 0; i < s->nv; i++)
		emit_view(&e, &s->v[i]);
	for (int i = 0; i < s->ntr; i++)
		emit_trigger(&e, &s->tr[i]);
}

/* ---- rows ------------------------------------------------------------------------------------ */

static void emit_value(gen *g, sh_buf *b, sqlite3 *db, gschema *s, const gcol *c)
{
	ss_case *cs = g->cs;
	if (c->fk && ch(g, 4)) {
		/* a key of the parent, so foreign keys stay satisfied */
		sh_buf q;
		sh_buf_init(&q);
		const char *col = c->fk_col;
		gtable *p = find_table(s, c->fk_table);
		if (!col[0] && p)
			col = p->pkcols[0];
		sh_buf_adds(&q, "SELECT quote(");
		sh_buf_ident(&q, col);
		sh_buf_adds(&q, ") FROM ");
		sh_buf_ident(&q, c->fk_table);
		sh_buf_printf(&q, " LIMIT 1 OFFSET %d", (int)ch(g, 3));
		sqlite3_stmt *st = NULL;
		int done = 0;
		if (sqlite3_prepare_v2(db, q.data, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			sh_buf_adds(b, (const char *)sqlite3_column_text(st, 0));
			done = 1;
		}
		sqlite3_finalize(st);
		sh_buf_free(&q);
		if (done)
			return;
	}
	switch (ch(g, 14)) {
	case 0:
		sh_buf_printf(b, "%d", (int)ch(g, 4));
		break;
	case 1:
		sh_buf_adds(b, "NULL");
		label(cs, R_NULL);
		break;
	case 2:
		sh_buf_adds(b, "'a'");
		break;
	case 3:
		sh_buf_adds(b, ch(g, 2) ? "9223372036854775807" : "-9223372036854775808");
		label(cs, R_EXTREME);
		break;
	case 4:
		sh_buf_adds(b, ch(g, 2) ? "1.5" : "-0.25e300");
		label(cs, R_REAL);
		break;
	case 5:
		sh_buf_adds(b, "''");
		label(cs, R_EMPTY);
		break;
	case 6:
		sh_buf_adds(b, "x'00ff'");
		label(cs, R_BLOB);
		break;
	case 7:
		sh_buf_adds(b, "'é名'");
		label(cs, R_NONASCII);
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
		sh_buf_printf(b, "%d", 100 + (int)ch(g, 1000));
		break;
	case 12:
		sh_buf_adds(b, "'A'");
		break;
	default:
		sh_buf_adds(b, "'__sqlfu_sync_v'");
	}
}

/* Insert rows; each INSERT is tried and kept only when SQLite accepts it. */
static void gen_rows(gen *g, sh_buf *rows, sqlite3 *db, gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		const gtable *t = &s->t[i];
		int n = (int)ch(g, 5);
		for (int r = 0; r < n; r++) {
			sh_buf b;
			sh_buf_init(&b);
			sh_buf_adds(&b, "insert into ");
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
			sh_buf_adds(&b, ") values (");
			first = 1;
			for (int j = 0; j < t->ncols; j++) {
				if (t->cols[j].gen)
					continue;
				if (!first)
					sh_buf_adds(&b, ", ");
				first = 0;
				emit_value(g, &b, db, s, &t->cols[j]);
			}
			sh_buf_adds(&b, ");\n");
			if (sh_exec(db, b.data, NULL, 0) == SQLITE_OK) {
				sh_buf_adds(rows, b.data);
				label(g->cs, R_ROWS);
			}
			sh_buf_free(&b);
		}
	}
}

/* ---- mutations --------------------------------------------------------------------------- */

static gtable *pick_table(gen *g, gschema *s)
{
	int cand[MAXT], n = user_tables(s, cand);
	return n ? &s->t[cand[ch(g, (uint64_t)n)]] : NULL;
}

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
				set_name(s->t[i].cols[j].fk_table, new_name);
	for (int i = 0; i < s->ni; i++)
		if (!sh_stricmp(s->i[i].table, old))
			set_name(s->i[i].table, new_name);
	for (int i = 0; i < s->nv; i++) {
		if (!sh_stricmp(s->v[i].t1, old))
			set_name(s->v[i].t1, new_name);
		if (!sh_stricmp(s->v[i].t2, old))
			set_name(s->v[i].t2, new_name);
	}
	for (int i = 0; i < s->ntr; i++) {
		if (!sh_stricmp(s->tr[i].table, old))
			set_name(s->tr[i].table, new_name);
		if (!sh_stricmp(s->tr[i].bt, old))
			set_name(s->tr[i].bt, new_name);
	}
}

static void mutate(gen *g, gschema *s)
{
	ss_case *cs = g->cs;
	gtable *t = pick_table(g, s);
	int kind = (int)ch(g, 24);
	if (!t)
		kind = 0;
	switch (kind) {
	case 0:
		label(cs, C_NONE);
		break;
	case 1:
		if (s->nt < MAXT) {
			draw_table(g, s, &s->t[s->nt]);
			s->nt++;
			label(cs, C_ADD_TABLE);
		}
		break;
	case 2: {
		int k = (int)(t - s->t);
		memmove(&s->t[k], &s->t[k + 1], (size_t)(s->nt - k - 1) * sizeof(gtable));
		s->nt--;
		label(cs, C_DROP_TABLE);
		break;
	}
	case 3:
		if (t->ncols < MAXC) {
			draw_col(g, s, t, &t->cols[t->ncols], 1);
			t->ncols++;
			label(cs, C_ADD_COLUMN);
			if (one_in(g, 3) && s->ni < MAXI) {
				/* a new column and a new unique index in the same change */
				draw_index(g, s, &s->i[s->ni]);
				label(cs, C_INDEX);
			}
		}
		break;
	case 4:
		if (t->ncols > 1) {
			int k = (int)ch(g, (uint64_t)t->ncols);
			memmove(&t->cols[k], &t->cols[k + 1],
				(size_t)(t->ncols - k - 1) * sizeof(gcol));
			t->ncols--;
			label(cs, C_DROP_COLUMN);
		}
		break;
	case 5: {
		gcol *c = pick_plain_col(g, t);
		if (c && !(t->pk == 1 && !sh_stricmp(c->name, t->pkcols[0]))) {
			c->type = (int)(t->strict ? ch(g, NSTRICT) : ch(g, NTYPES));
			label(cs, C_TYPE);
		}
		break;
	}
	case 6: {
		gcol *c = pick_plain_col(g, t);
		if (c) {
			c->notnull = !c->notnull;
			label(cs, C_NOTNULL);
		}
		break;
	}
	case 7: {
		gcol *c = pick_plain_col(g, t);
		if (c) {
			c->dflt = (int)ch(g, NDFLTS);
			label(cs, C_DEFAULT);
		}
		break;
	}
	case 8: {
		gcol *c = pick_plain_col(g, t);
		if (c) {
			c->coll = (int)ch(g, 4);
			label(cs, C_COLLATE);
		}
		break;
	}
	case 9:
		draw_pk(g, t);
		label(cs, C_PK);
		break;
	case 10: {
		gcol *c = pick_plain_col(g, t);
		if (ch(g, 2) && c) {
			c->check = c->check ? 0 : 1 + (int)ch(g, 4);
		} else {
			gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
			if (t->tcheck[0][0])
				t->tcheck[0][0] = 0;
			else if (a && b && a != b) {
				set_name(t->tcheck[0], a->name);
				set_name(t->tcheck[1], b->name);
			}
		}
		label(cs, C_CHECK);
		break;
	}
	case 11: {
		gcol *c = pick_plain_col(g, t);
		if (ch(g, 2) && c) {
			c->unique = !c->unique;
		} else {
			gcol *a = pick_plain_col(g, t), *b = pick_plain_col(g, t);
			if (t->tuniq[0][0])
				t->tuniq[0][0] = 0;
			else if (a && b && a != b) {
				set_name(t->tuniq[0], a->name);
				set_name(t->tuniq[1], b->name);
			}
		}
		label(cs, C_UNIQUE);
		break;
	}
	case 12: {
		if (one_in(g, 3)) {
			if (t->cfk_cols[0][0])
				t->cfk_cols[0][0] = 0;
			else
				draw_cfk(g, s, t);
			label(cs, C_FK);
			break;
		}
		gcol *c = pick_plain_col(g, t);
		if (c) {
			if (c->fk && ch(g, 2)) {
				c->fk_del = (int)ch(g, 6);
				c->fk_upd = (int)ch(g, 6);
				c->fk_defer = (int)ch(g, 4);
			} else if (c->fk) {
				c->fk = 0;
			} else {
				draw_fk(g, s, t, c);
			}
			label(cs, C_FK);
		}
		break;
	}
	case 13: {
		int k = -1;
		for (int i = 0; i < t->ncols; i++)
			if (t->cols[i].gen)
				k = i;
		if (k >= 0 && ch(g, 3)) {
			gcol *c = &t->cols[k];
			if (ch(g, 2))
				c->gen_expr = (c->gen_expr + 1) % 4;
			else
				c->gen = 3 - c->gen;
		} else if (t->ncols < MAXC) {
			gcol *src = pick_plain_col(g, t);
			if (src) {
				gcol *c = &t->cols[t->ncols];
				memset(c, 0, sizeof(*c));
				pick_col_name(g, c->name, t);
				c->type = t->strict ? 5 : (int)ch(g, NTYPES);
				c->gen = 1 + (int)ch(g, 2);
				c->gen_expr = (int)ch(g, 4);
				set_name(c->gen_src, src->name);
				t->ncols++;
			}
		}
		label(cs, C_GENERATED);
		break;
	}
	case 14:
		t->strict = !t->strict;
		if (t->strict)
			for (int i = 0; i < t->ncols; i++) {
				gcol *c = &t->cols[i];
				static const int map[] = {0, 1, 2, 3, 4, 5, 0, 1,
							  1, 0, 3, 0, 1, 2, 3};
				c->type = c->gen ? 5 : map[c->type % NTYPES];
			}
		label(cs, C_STRICT);
		break;
	case 15:
		if (t->pk) {
			t->without_rowid = !t->without_rowid;
			label(cs, C_WITHOUT_ROWID);
		}
		break;
	case 16:
		if (t->pk == 1 && !t->without_rowid && !t->pkdesc) {
			t->autoinc = !t->autoinc;
			label(cs, C_AUTOINC);
		}
		break;
	case 17:
		if (s->ni && ch(g, 2)) {
			int k = (int)ch(g, (uint64_t)s->ni);
			if (ch(g, 2)) {
				memmove(&s->i[k], &s->i[k + 1],
					(size_t)(s->ni - k - 1) * sizeof(gindex));
				s->ni--;
			} else {
				gindex *x = &s->i[k];
				switch (ch(g, 4)) {
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
		} else if (s->ni < MAXI) {
			draw_index(g, s, &s->i[s->ni]);
		}
		label(cs, C_INDEX);
		break;
	case 18:
		if (s->nv && ch(g, 2)) {
			int k = (int)ch(g, (uint64_t)s->nv);
			if (ch(g, 2)) {
				memmove(&s->v[k], &s->v[k + 1],
					(size_t)(s->nv - k - 1) * sizeof(gview));
				s->nv--;
			} else {
				s->v[k].kind = s->v[k].kind == 3 ? 3 : (s->v[k].kind + 1) % 3;
			}
		} else if (s->nv < MAXV) {
			draw_view(g, s, &s->v[s->nv]);
		}
		label(cs, C_VIEW);
		break;
	case 19:
		if (s->ntr && ch(g, 2)) {
			int k = (int)ch(g, (uint64_t)s->ntr);
			if (ch(g, 2)) {
				memmove(&s->tr[k], &s->tr[k + 1],
					(size_t)(s->ntr - k - 1) * sizeof(gtrig));
				s->ntr--;
			} else {
				s->tr[k].body = (s->tr[k].body + 1) % 5;
				if (s->tr[k].timing != 2)
					s->tr[k].when = !s->tr[k].when;
			}
		} else if (s->ntr < MAXTR) {
			draw_trigger(g, s, &s->tr[s->ntr]);
		}
		label(cs, C_TRIGGER);
		break;
	case 20: {
		char old[NAMELEN];
		memcpy(old, t->name, NAMELEN);
		flip_case(t->name);
		if (strcmp(old, t->name)) {
			rename_refs(s, old, t->name);
			label(cs, C_RENAME_CASE);
		}
		break;
	}
	case 21: {
		/* rename by case: a column, or an index, view or trigger */
		int what = (int)ch(g, 4);
		char *obj = NULL;
		if (what == 1 && s->ni)
			obj = s->i[ch(g, (uint64_t)s->ni)].name;
		else if (what == 2 && s->nv)
			obj = s->v[ch(g, (uint64_t)s->nv)].name;
		else if (what == 3 && s->ntr)
			obj = s->tr[ch(g, (uint64_t)s->ntr)].name;
		if (obj) {
			char old[NAMELEN];
			memcpy(old, obj, NAMELEN);
			flip_case(obj);
			if (strcmp(old, obj))
				label(cs, C_RENAME_CASE);
			break;
		}
		gcol *c = pick_plain_col(g, t);
		if (c) {
			char old[NAMELEN];
			memcpy(old, c->name, NAMELEN);
			flip_case(c->name);
			if (strcmp(old, c->name))
				label(cs, C_RENAME_CASE);
		}
		break;
	}
	case 22:
		if (t->ncols > 1) {
			int k = (int)ch(g, (uint64_t)t->ncols);
			gcol tmp = t->cols[k];
			memmove(&t->cols[1], &t->cols[0], (size_t)k * sizeof(gcol));
			t->cols[0] = tmp;
			label(cs, C_MOVE_COLUMN);
		}
		break;
	default:
		/* several small edits on one table */
		if (t->ncols < MAXC) {
			draw_col(g, s, t, &t->cols[t->ncols], 1);
			t->ncols++;
			label(cs, C_ADD_COLUMN);
		}
		if (s->ni < MAXI) {
			draw_index(g, s, &s->i[s->ni]);
			label(cs, C_INDEX);
		}
	}
}

/* Column-name references inside a table change with a case rename; sync them. */
static void sync_col_refs(gschema *s)
{
	for (int i = 0; i < s->nt; i++) {
		gtable *t = &s->t[i];
		for (int k = 0; k < t->npk; k++) {
			gcol *c = find_col(t, t->pkcols[k]);
			if (c)
				set_name(t->pkcols[k], c->name);
		}
	}
}

/* ---- the case ------------------------------------------------------------------------------ */

int ss_gen_case(ss_case **out, ss_choices *c, const ss_gen_options *opts)
{
	ss_gen_options def = SS_GEN_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	*out = NULL;
	gen g = {c, ss_case_new(), opts->max_tables ? opts->max_tables : 4};
	ss_case *cs = g.cs;
	gschema *base = sh_calloc(1, sizeof(gschema));
	gschema *want = sh_calloc(1, sizeof(gschema));

	/* config */
	cs->strategy = opts->strategy == -2 ? SS_CASE_STRATEGY_BOTH : opts->strategy;
	cs->fk = opts->fk >= 0 ? opts->fk : (int)ch(&g, 2);
	cs->profile = opts->profile >= 0 ? opts->profile : one_in(&g, 4);
	cs->allow_destructive = !one_in(&g, 4);
	if (cs->profile)
		cs->fk = 1; /* the profile turns foreign keys on */
	label(cs, cs->fk ? K_FK_ON : K_FK_OFF);
	if (cs->profile)
		label(cs, K_DURABLE);
	if (!cs->allow_destructive)
		label(cs, K_NO_DESTRUCTIVE);

	draw_schema(&g, base);
	if (one_in(&g, 5) && base->nt < MAXT) {
		gtable *x = &base->t[base->nt++];
		memset(x, 0, sizeof(*x));
		set_name(x->name, ch(&g, 2) ? "d1_migrations" : "sqlfu_migrations");
		x->ncols = 2;
		snprintf(x->cols[0].name, NAMELEN, "name");
		x->cols[0].type = 1;
		snprintf(x->cols[1].name, NAMELEN, "applied_at");
		x->cols[1].type = 1;
		x->pk = 2;
		snprintf(x->pkcols[0], NAMELEN, "name");
		x->npk = 1;
		x->excluded = 1;
		label(cs, F_EXCLUDED);
	}
	fixup(base);

	sh_buf b;
	sh_buf_init(&b);
	emit_schema(&g, &b, base, 1);
	cs->baseline = sh_buf_take(&b);

	sqlite3 *db = sh_open_memory();
	sh_exec(db, "PRAGMA foreign_keys=ON", NULL, 0);
	int rc = SS_GEN_OK;
	if (sh_exec(db, cs->baseline, NULL, 0) != SQLITE_OK) {
		rc = SS_GEN_INVALID;
	} else {
		gen_rows(&g, &b, db, base);
		cs->rows = sh_buf_take(&b);
		*want = *base;
		/* excluded tables live in the database only */
		int n = 0;
		for (int i = 0; i < want->nt; i++)
			if (!want->t[i].excluded)
				want->t[n++] = want->t[i];
		want->nt = n;
		int nm = 1 + (int)ch(&g, 3);
		for (int i = 0; i < nm; i++)
			mutate(&g, want);
		sync_col_refs(want);
		fixup(want);
		/* the same model as the baseline (bookkeeping tables aside): every difference
		 * in the two texts is formatting */
		gschema *cmp = sh_calloc(1, sizeof(gschema));
		*cmp = *base;
		int k = 0;
		for (int i = 0; i < cmp->nt; i++)
			if (!cmp->t[i].excluded)
				cmp->t[k++] = cmp->t[i];
		cmp->nt = k;
		memset(&cmp->t[k], 0, (size_t)(MAXT - k) * sizeof(gtable));
		gschema *w2 = sh_calloc(1, sizeof(gschema));
		*w2 = *want;
		memset(&w2->t[w2->nt], 0, (size_t)(MAXT - w2->nt) * sizeof(gtable));
		cs->same_model = !memcmp(cmp, w2, sizeof(gschema));
		free(cmp);
		free(w2);
		emit_schema(&g, &b, want, 0);
		cs->desired = sh_buf_take(&b);
	}
	if (rc == SS_GEN_OK)
		cs->pristine = db; /* the runner copies it instead of building it again */
	else
		sqlite3_close(db);
	free(base);
	free(want);
	if (rc != SS_GEN_OK) {
		ss_case_free(cs);
		return rc;
	}
	cs->name = sh_strdup("generated");
	*out = cs;
	return SS_GEN_OK;
}

int ss_gen_case_from_bytes(ss_case **out, const uint8_t *data, size_t size,
			   const ss_gen_options *opts)
{
	ss_choices *c = ss_choices_new_bytes(data, size);
	int rc = ss_gen_case(out, c, opts);
	ss_choices_free(c);
	return rc;
}

ss_case *ss_case_new(void)
{
	ss_case *c = sh_calloc(1, sizeof(*c));
	c->strategy = SS_CASE_STRATEGY_BOTH;
	c->allow_destructive = 1;
	return c;
}

void ss_case_free(ss_case *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->baseline);
	free(c->rows);
	free(c->desired);
	for (size_t i = 0; i < c->excluded_count; i++)
		free(c->excluded[i]);
	free(c->excluded);
	free(c->expect_output);
	free(c->expect_error);
	free(c->file);
	sqlite3_close(c->pristine);
	free(c);
}
