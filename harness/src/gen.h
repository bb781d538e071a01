/* SPDX-License-Identifier: MIT */
/*
 * The generator's model, shared by its files: gen.c (the driver: config, baseline, rows,
 * changes, desired), gen_model.c (the vocabulary pools, lookups, validity fixup),
 * gen_table.c (drawing tables and columns), gen_object.c (indexes, views, triggers),
 * gen_emit.c (model -> SQL text), gen_rows.c (rows SQLite accepts), gen_change.c (the
 * change classes of SPEC §3) and gen_vtab.c (FTS5 / R*Tree tables, their rows and changes). Every decision is one gen_ch() call where 0 is the simplest
 * option, so the shrinker simplifies a case by lowering choices; the order of the calls is
 * the format of a choice sequence and must not change without reason.
 */
#ifndef SS_HARNESS_GEN_H
#define SS_HARNESS_GEN_H

#include "harness_internal.h"

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
	X(F_VIEW_SUBQUERY, "feature:view-subquery-other-table")                                    \
	X(F_TRIG_BEFORE, "feature:trigger-before")                                                 \
	X(F_TRIG_AFTER, "feature:trigger-after")                                                   \
	X(F_TRIG_INSTEAD, "feature:trigger-instead-of")                                            \
	X(F_TRIG_UPDATE_OF, "feature:trigger-update-of")                                           \
	X(F_TRIG_WHEN, "feature:trigger-when")                                                     \
	X(F_TRIG_OTHER, "feature:trigger-body-other-table")                                        \
	X(F_EXCLUDED, "feature:excluded-table")                                                    \
	X(F_IF_NOT_EXISTS, "feature:if-not-exists")                                                \
	X(F_COMMENTS, "feature:comments")                                                          \
	X(F_MAIN_QUALIFIER, "feature:main-qualified-name")                                         \
	X(F_DUPLICATE_INE, "feature:duplicate-if-not-exists")                                      \
	X(F_WIDE_TABLE, "feature:wide-table")                                                      \
	X(F_GEN_NOTNULL, "feature:generated-not-null")                                             \
	X(F_FK_FORWARD, "feature:fk-forward-reference")                                            \
	X(F_TEMP_REFUSED, "definitions:temp-refused")                                              \
	X(K_CUSTOM_EXCLUDED, "config:custom-excluded-tables")                                      \
	X(F_INVALID_DEF, "definitions:invalid-refused")                                            \
	X(C_TABLES_REPLACED, "change:tables-replaced")                                             \
	X(K_ATTACH_LIMIT, "conn:attach-limit-reached")                                             \
	X(K_CASE_LIKE, "conn:case-sensitive-like")                                                 \
	X(N_KEYWORD, "name:keyword")                                                               \
	X(N_MIXED, "name:mixed-case")                                                              \
	X(N_SPACE, "name:space")                                                                   \
	X(N_QUOTE, "name:embedded-quote")                                                          \
	X(N_NONASCII, "name:non-ascii")                                                            \
	X(N_POSTS, "name:post-posts")                                                              \
	X(N_PREFIX_TEXT, "name:prefix-text-inside")                                                \
	X(N_LIKE, "name:like-wildcard")                                                            \
	X(N_ROWID, "name:column-named-rowid")                                                      \
	X(R_ROWS, "rows:some")                                                                     \
	X(R_NULL, "rows:null")                                                                     \
	X(R_EXTREME, "rows:extreme-int")                                                           \
	X(R_REAL, "rows:real")                                                                     \
	X(R_EMPTY, "rows:empty-string")                                                            \
	X(R_BLOB, "rows:blob")                                                                     \
	X(R_NONASCII, "rows:non-ascii")                                                            \
	X(R_EXPLICIT_ROWID, "rows:explicit-rowid")                                                 \
	X(R_DELETED, "rows:deleted-gaps")                                                          \
	X(R_SEQUENCE, "rows:autoincrement-counter-above-max")                                      \
	X(R_BULK, "size:bulk-rows")                                                                \
	X(R_BULK_1000, "size:bulk-rows-1000-plus")                                                 \
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
	X(K_NO_DESTRUCTIVE, "config:allow-destructive-off")                                        \
	X(K_RENAME_MIN_ROWS, "config:rename-min-rows-small")                                       \
	X(K_ALTER_COPY_MIN_OBJECTS, "config:alter-copy-min-objects-small")                         \
	X(S_LARGE, "size:large-schema")                                                            \
	X(K_CALLER_BEGIN, "conn:caller-transaction-begin")                                         \
	X(K_CALLER_SAVEPOINT, "conn:caller-transaction-savepoint")                                 \
	X(K_DEFER_FK, "conn:defer-foreign-keys")                                                   \
	X(K_ATTACHED, "conn:attached-database")                                                    \
	X(K_AUTHORIZER, "conn:caller-authorizer")                                                  \
	X(L_DEFAULT, "literal:in-default")                                                         \
	X(L_CHECK, "literal:in-check")                                                             \
	X(L_INDEX_WHERE, "literal:in-index-where")                                                 \
	X(L_VIEW, "literal:in-view")                                                               \
	X(L_TRIGGER, "literal:in-trigger")                                                         \
	X(P_LIT_WHOLE, "prefix:literal-whole")                                                     \
	X(P_LIT_START, "prefix:literal-start")                                                     \
	X(P_LIT_MIDDLE, "prefix:literal-middle")                                                   \
	X(P_LIT_END, "prefix:literal-end")                                                         \
	X(P_COLUMN_NAME, "prefix:column-name-start")                                               \
	X(P_RESERVED, "prefix:reserved-name-refused")                                              \
	X(P_LEFT_TABLE, "prefix:leftover-table")                                                   \
	X(P_LEFT_INDEX, "prefix:leftover-index")                                                   \
	X(P_LEFT_VIEW, "prefix:leftover-view")                                                     \
	X(P_LEFT_TRIGGER, "prefix:leftover-trigger")                                               \
	X(P_USER_ROWS, "prefix:user-table-with-rows-refused")                                      \
	X(C_REF_COL_DROPPED, "change:referenced-column-dropped")                                   \
	X(C_REF_OTHER_DROPPED, "change:referenced-table-other-column-dropped")                     \
	X(C_REF_REBUILT, "change:referenced-table-rebuilt")                                        \
	X(C_REF_RENAMED, "change:referenced-column-renamed-by-case")                               \
	X(C_LIT_CASE, "change:literal-case")                                                       \
	X(C_LIT_SPACE, "change:literal-whitespace")                                                \
	X(C_LIT_QUOTING, "change:literal-quoting")                                                 \
	X(F_TRIG_CASE, "feature:trigger-body-case-expression")                                     \
	X(L_BACKSLASH, "literal:backslash")                                                        \
	X(V_FTS5, "feature:vtab-fts5")                                                             \
	X(V_FTS5_EXTERNAL, "feature:vtab-fts5-external-content")                                   \
	X(V_FTS5_CONTENTLESS, "feature:vtab-fts5-contentless")                                     \
	X(V_RTREE, "feature:vtab-rtree")                                                           \
	X(V_RTREE_I32, "feature:vtab-rtree-i32")                                                   \
	X(C_VT_FORMAT, "change:vtab-formatting-only")                                              \
	X(C_VT_ADD, "change:vtab-add")                                                             \
	X(C_VT_DROP, "change:vtab-drop")                                                           \
	X(C_VT_COLUMNS, "change:vtab-fts5-columns")                                                \
	X(C_VT_OPTIONS, "change:vtab-fts5-options")                                                \
	X(C_VT_RTREE, "change:vtab-rtree")                                                         \
	X(C_VT_CONTENT_TABLE, "change:vtab-content-table-rebuilt")                                 \
	X(D_NON_CREATE, "definitions:non-create-refused")                                          \
	X(D_MODULE, "definitions:other-module-refused")                                            \
	X(D_LOAD_EXT, "definitions:load-extension-refused")                                        \
	X(D_CIRCULAR_VIEWS, "definitions:circular-views")                                          \
	X(D_CF_NAME, "definitions:cf-name-refused")                                                \
	X(D_LEXICAL, "definitions:lexical-error")                                                  \
	X(D_QUALIFIED_ON, "definitions:index-on-qualified-table")                                  \
	X(D_EMPTY, "definitions:empty")                                                            \
	X(K_NO_EMPTY, "config:allow-empty-off")                                                    \
	X(C_ADD_COLUMN_INSIDE, "change:add-column-not-last")                                       \
	X(F_TRIG_DANGLING, "feature:trigger-body-missing-table")                                   \
	X(F_CONSTRAINT_ORDER, "feature:column-constraint-order")                                   \
	X(F_NAMED_CONSTRAINT, "feature:named-constraint")                                          \
	X(F_NULL_CONSTRAINT, "feature:explicit-null")                                              \
	X(F_CHECK_COMPARE, "feature:check-comparison")                                             \
	X(L_NUMBER, "literal:number-spelling")

#define X_ENUM(id, name) id,
enum { LABELS(X_ENUM) NLABELS };
#undef X_ENUM

/* Give the case label i. */
void gen_label(ss_case *c, int i);

/* ---- the model --------------------------------------------------------------------------- */

#define NAMELEN 40

#define MAXT 16 /* 6 in a default-size case; up to 14 in a large schema */
#define MAXC 12 /* up to 4 in most tables, 8-11 in a wide one */
#define MAXI 16
#define MAXV 8
#define MAXTR 8

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
	int dlit;      /* DEFAULT literal: 1 + index into gen_lits (overrides dflt), 0 none */
	int clit;      /* the literal of CHECK kind 5 (col IS NOT literal) */
	int cop, cnum; /* CHECK kind 6: col gen_cmp_ops[cop] gen_nums[cnum] */
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
	int temp; /* CREATE TEMP TABLE: refused in definitions */
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
	int partial; /* WHERE: 0 none, 1 IS NOT NULL, 2 > 0, 3 <> literal plit */
	char pcol[NAMELEN];
	int plit;
} gindex;

typedef struct gview {
	char name[NAMELEN];
	int kind; /* 0 columns, 1 star, 2 join, 3 on view, 4 aggregate, 5 column list,
		   * 6 subquery on t2.c2 */
	char t1[NAMELEN], c1[NAMELEN], t2[NAMELEN], c2[NAMELEN];
	int vlit; /* a literal in its WHERE (1 + index into gen_lits), 0 none */
} gview;

typedef struct gtrig {
	char name[NAMELEN], table[NAMELEN];
	int timing; /* 0 AFTER, 1 BEFORE, 2 INSTEAD OF */
	int event;  /* 0 INSERT, 1 DELETE, 2 UPDATE, 3 UPDATE OF */
	char ofcol[NAMELEN];
	int when;
	char wcol[NAMELEN];
	int body; /* 0 SELECT, 1 UPDATE other, 2 DELETE other, 3 INSERT other, 4 RAISE,
		   * 5 SELECT literal tlit, 6 a statement ending in a CASE expression */
	char bt[NAMELEN], bc[NAMELEN], src[NAMELEN];
	int tlit;     /* a literal in its WHEN and body 5 (1 + index into gen_lits), 0 none */
	int dangling; /* bodies 1-3 write table bt, which does not exist (SQLite accepts it) */
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
	/* one definition the engine must refuse (emitted last in the definitions): 0 none,
	 * 1 CREATE TABLE ... AS SELECT, 2 a sqlite_ name, 3 an index on a missing table,
	 * 4 another schema, 5 a table defined twice; SPEC §1 refuses what SQLite would run:
	 * 6 a statement other than CREATE, 7 a virtual table of another module, 8 a call of
	 * load_extension(), 9 views defined in a circle, 10 a _cf_ name under the durable-object
	 * profile; 11 a lexical error (unterminated comment or string, a parameter, a bad
	 * token), 12 an index ON main.t. Kinds 6-10 may come first instead of last. */
	int invalid, invalid_first;
} gschema;

typedef struct gen {
	ss_choices *c;
	ss_case *cs;
	unsigned max_tables;
	/* engines under test: what may be drawn (gen_mask.c) */
	const ss_gen_options *opts;
	uint64_t types_ok, strict_ok; /* bit i: gen_types[i] / gen_strict_types[i] may be drawn */
	int large;                    /* a large schema: tens of objects */
	/* the case's column-constraint spelling, the same in the baseline and the desired
	 * definitions (a different one would be a change, not formatting): the order of NOT
	 * NULL, DEFAULT, COLLATE, UNIQUE, CHECK and REFERENCES, CONSTRAINT names, NULL */
	unsigned char corder[6];
	int named, explicit_null;
} gen;

/* The next decision: a value in [0, n). */
static inline uint64_t gen_ch(gen *g, uint64_t n)
{
	return ss_choices_draw(g->c, n);
}

/* A biased coin: true with probability 1/n (false is the simpler outcome). */
static inline int gen_one_in(gen *g, uint64_t n)
{
	return gen_ch(g, n) == n - 1;
}

/* ---- engines under test (gen_mask.c): draw only what the engine claims ------------------- */

/* May the case get label l (ss_gen_options.deny)? */
static inline int gen_ok(const gen *g, int l)
{
	return !((g->opts->deny[l / 64] >> (l % 64)) & 1);
}

/* A value in [0, n) among those ok[v] allows: exactly gen_ch(g, n) when all are; n (and no
 * draw) when none is. n <= GEN_AMONG_MAX. */
#define GEN_AMONG_MAX 64
uint64_t gen_ch_among(gen *g, uint64_t n, const unsigned char *ok);
/* The types the options allow, into g (types_ok, strict_ok). */
void gen_mask_types(gen *g);
/* May the case have a trigger (is any trigger timing allowed)? */
int gen_trig_ok(const gen *g);
/* A declared type for a column of a STRICT or ordinary table, among the allowed ones. */
int gen_draw_type(gen *g, int strict);
/* Is the number in d spelled in hex, with an exponent or a leading point (literal:number-
 * spelling)? */
int gen_number_spelling(const char *d);
/* A default (index into gen_dflts, 0: none drawn) among the allowed ones. */
int gen_draw_default(gen *g);
/* A foreign-key action (index into gen_fk_actions) / deferral among the allowed ones. */
int gen_draw_fk_action(gen *g);
int gen_draw_fk_defer(gen *g);
/* A name from a pool whose labels (name:...) are all allowed. */
const char *gen_draw_pool_name(gen *g, const char *const *pool, size_t n);
/* The name labels (name:...) a name gets, into out (at most 8); their number. */
int gen_name_labels(const char *s, int *out);

/* ---- vocabulary (gen_model.c): index 0 is the plainest ------------------------------------- */

extern const char *const gen_types[];
extern const size_t gen_ntypes;
extern const char *const gen_strict_types[];
#define NSTRICT 6
extern const char *const gen_dflts[];
extern const size_t gen_ndflts;
extern const char *const gen_colls[];
extern const char *const gen_fk_actions[];
extern const char *const gen_fk_defers[];
/* String and blob literals in families: the spellings of one family differ in case,
 * whitespace or quoting only (changing between them is a literal-spelling change); pos says
 * where the scratch prefix sits in it (0 nowhere, 1 the whole literal, 2 start, 3 middle,
 * 4 end). */
typedef struct glit {
	const char *text;
	int family, pos;
} glit;
extern const glit gen_lits[];
extern const size_t gen_nlits;
/* Comparison operators and numbers in their spellings (hex, exponent, leading point) for
 * CHECK kind 6. */
extern const char *const gen_cmp_ops[];
extern const size_t gen_ncmp_ops;
extern const char *const gen_nums[];
extern const size_t gen_nnums;
/* A literal drawn (1 + index) and its labels for context label ctx. */
int gen_draw_lit(gen *g, int ctx);
/* The SQL text of literal field v (1 + index). */
const char *gen_lit(int v);
/* Label literal v as used in context ctx (an L_* label). */
void gen_label_lit(gen *g, int v, int ctx);
/* Another spelling of v's family (1 + index; v itself when the family has one). */
int gen_respell_lit(gen *g, int v);

extern const char *const gen_tnames[];
extern const size_t gen_ntnames;
extern const char *const gen_cnames[];
extern const size_t gen_ncnames;

int gen_is_keyword(const char *s);
/* Copy a name into a NAMELEN field, truncating. */
void gen_set_name(char *dst, const char *src);

/* ---- lookups (gen_model.c) ------------------------------------------------------------------ */

int gen_schema_name_taken(const gschema *s, const char *n);
int gen_trig_name_taken(const gschema *s, const char *n);
int gen_col_taken(const gtable *t, const char *n);
/* The name that reaches t's rowid (a column named rowid hides it), NULL when none does. */
const char *gen_rowid_name(const gtable *t);
gtable *gen_find_table(gschema *s, const char *n);
gview *gen_find_view(gschema *s, const char *n);
gcol *gen_find_col(gtable *t, const char *n);
/* A plain (stored, non-generated) column of t drawn by the generator, or NULL. */
gcol *gen_pick_plain_col(gen *g, gtable *t);
/* A table that is not an excluded bookkeeping table, drawn by the generator, or NULL. */
gtable *gen_pick_table(gen *g, gschema *s);
/* Indexes of the tables that are neither excluded bookkeeping tables nor TEMP, into cand;
 * their count. */
int gen_user_tables(const gschema *s, int *cand);
const char *gen_type_of(const gtable *t, const gcol *c);
int gen_pk_has(const gtable *t, const char *col);
/* Is col a valid single-column foreign-key target of t (its PK or a UNIQUE column)? */
int gen_fk_target_ok(const gtable *t, const char *col);
/* Remove everything that refers to a table or column that no longer exists. */
void gen_fixup(gschema *s);

/* ---- drawing (gen_table.c, gen_object.c) ----------------------------------------------------- */

/* A fresh name for a table, index ("i"), view ("v") or trigger ("tr"), labelled. */
void gen_pick_name(gen *g, char *out, const char *base_kind, const gschema *s, int trigger);
/* A fresh column name for t, labelled. */
void gen_pick_col_name(gen *g, char *out, const gtable *t);
void gen_draw_fk(gen *g, gschema *s, gtable *t, gcol *c);
void gen_draw_col(gen *g, gschema *s, gtable *t, gcol *c, int allow_gen);
/* Sometimes turn c's CHECK into kind 6, a comparison with a number in some spelling. */
void gen_draw_check_compare(gen *g, gcol *c);
void gen_draw_pk(gen *g, gtable *t);
void gen_draw_cfk(gen *g, gschema *s, gtable *t);
void gen_draw_table(gen *g, gschema *s, gtable *t);
void gen_draw_index(gen *g, gschema *s, gindex *x);
void gen_draw_view(gen *g, gschema *s, gview *v);
void gen_draw_trigger(gen *g, gschema *s, gtrig *r);
void gen_draw_schema(gen *g, gschema *s);

/* ---- text (gen_emit.c, gen_rows.c) ------------------------------------------------------------ */

/* The schema as SQL with randomized formatting and quoting (excluded tables when asked). */
void gen_emit_schema(gen *g, sh_buf *b, const gschema *s, int with_excluded);
/* INSERTs for every table, each tried on db and kept only when SQLite accepts it. */
void gen_rows(gen *g, sh_buf *rows, sqlite3 *db, gschema *s);

/* ---- changes (gen_change.c) ----------------------------------------------------------------- */

/* One change class of SPEC §3 applied to the model. */
void gen_mutate(gen *g, gschema *s);
/* Column-name references inside a table change with a case rename; sync them. */
void gen_sync_col_refs(gschema *s);

/* ---- virtual tables (gen_vtab.c) ------------------------------------------------------------ */

/* Up to two FTS5 / R*Tree tables with rows and a change each, appended to the case's
 * baseline, rows and definitions and built in db (the pristine database); names apart
 * from base's and want's (shadow tables included). */
void gen_vtabs(gen *g, sqlite3 *db, const gschema *base, const gschema *want);

#endif
