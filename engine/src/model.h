/* SPDX-License-Identifier: MIT */
/*
 * The schema model: one ss_object per table, index, view or trigger, with the text forms the
 * planner compares (normalized, so formatting never counts) and emits (canonical CREATE
 * statements with unprefixed, double-quoted names, identical under both strategies). Built
 * by inspection (schema_inspect.c) from parsed text (schema_parse.c), held and looked up by
 * schema_model.c. Knows nothing of plans (plan.h) or of syncing (sync.h).
 *
 * Example: `create table Posts (id integer primary key, Title TEXT not null)` becomes
 *   name "Posts", key "posts",
 *   create_sql `CREATE TABLE "Posts" (id integer primary key, Title TEXT not null)`,
 *   cols [{name "id", def_norm `"integer" primary key`, pk 1},
 *         {name "Title", def_norm `"text" not null`, notnull 1}].
 */
#ifndef SS_MODEL_H
#define SS_MODEL_H

#include "sql.h"

enum {
	SS_COL_PRIMARY = 1 << 0,
	SS_COL_UNIQUE = 1 << 1,
	SS_COL_REFERENCES = 1 << 2,
	SS_COL_CHECK = 1 << 3,
	SS_COL_GENERATED = 1 << 4,
	SS_COL_STORED = 1 << 5,
	SS_COL_DEFAULT_CURRENT = 1 << 6, /* DEFAULT CURRENT_TIME / _DATE / _TIMESTAMP */
	SS_COL_DEFAULT_EXPR = 1 << 7,    /* DEFAULT ( expr ) */
	SS_COL_DEFAULT = 1 << 8,
	SS_COL_AUTOINCREMENT = 1 << 9,
	SS_COL_NOT_NULL = 1 << 10,
	SS_COL_FK_FROM_TABLE = 1 << 11, /* its REFERENCES came from a table FOREIGN KEY */
	SS_COL_VTAB_AUX = 1 << 12       /* an R*Tree auxiliary column ("+name") */
};

typedef struct ss_column {
	char *name;     /* spelling as declared */
	char *def_sql;  /* original text of the whole column definition, name included */
	char *def_norm; /* normalized definition after the name */
	char *type;     /* declared type, from PRAGMA table_xinfo */
	char *dflt;     /* default expression text, or NULL */
	int notnull;
	int pk;     /* position in the primary key, 0 when not part of it */
	int hidden; /* 0 normal, 2 VIRTUAL generated, 3 STORED generated */
	unsigned flags;
} ss_column;

typedef struct ss_object {
	/* What the planner reads of every object comes first: one cache line of the array
	 * (at 100,000 tables its passes stream through tens of megabytes of objects). */
	ss_object_type type;
	int facts_loaded; /* tables: columns' PRAGMA facts read (see ss__table_facts) */
	char *key;        /* ASCII lower-cased name: identity */
	char *name;       /* spelling */
	char *norm;       /* comparison key: normalized create_sql without the name */
	char *target_key; /* index and trigger: lower-cased name of the table it is on */
	size_t nfk;
	size_t nmentions;
	/* Its strings and arrays belong to an object of another schema that outlives this
	 * one (a definition identical to a live object shares that object's model). */
	unsigned char borrowed;
	/* key, name, target_key and the mentions' strings live in their schema's pool (see
	 * ss_schema); so does norm while norm_pooled (a reparse gives the table a norm of
	 * its own) */
	unsigned char pooled, norm_pooled;
	char *target;     /* index and trigger: the table, as spelled; else NULL */
	char *create_sql; /* canonical CREATE statement (no trailing ';') */
	char *raw_name;   /* tables: the name in the catalog it was read from */
	/* tables */
	ss_column *cols;
	size_t ncols;
	char **cons; /* normalized table constraints, in order */
	size_t ncons;
	char *options; /* normalized text after the closing parenthesis */
	int without_rowid, strict, autoincrement;
	char **fk_targets; /* lower-cased names of referenced tables, sorted, distinct (nfk) */
	/* indexes, views, triggers: lower-cased identifiers mentioned, sorted, distinct */
	char **mentions;
	/* virtual tables (schema_vtab.c): vkind != SS_VT_NONE; cols then hold the module's
	 * columns (names and argument texts, no PRAGMA facts), options "" and no constraints */
	unsigned char vkind; /* ss_vtab_kind */
	char *vmodule;       /* lower-cased module: "fts5", "rtree" or "rtree_i32" */
	char *vcontent;      /* FTS5 content=: the lower-cased external content table, or NULL */
	/* Where its strings and arrays live: its schema's arena (never freed one by one), or
	 * NULL for the heap (virtual tables, objects built outside inspection). Every later
	 * change (facts read lazily, a reparse) allocates from the same place. */
	ss_arena *arena;
} ss_object;

/* What a virtual table keeps, which decides how a change to it is made (plan_vtab.c). */
typedef enum ss_vtab_kind {
	SS_VT_NONE = 0,         /* an ordinary table */
	SS_VT_FTS5_OWN,         /* FTS5 storing its own copy of the text: rows are copied */
	SS_VT_FTS5_EXTERNAL,    /* FTS5 content='table': rebuilt from its content table */
	SS_VT_FTS5_CONTENTLESS, /* FTS5 content='': the text is gone, rows cannot be kept */
	SS_VT_RTREE             /* rtree and rtree_i32: rows are copied */
} ss_vtab_kind;

struct ss_schema {
	ss_object *objs; /* sorted by (type, key) */
	size_t n;
	/* Open-addressing index over (type, key): slot = index into objs + 1, 0 = empty.
	 * NULL when not built (allocation failed): lookups fall back to binary search. */
	uint32_t *slots;
	size_t nslots; /* a power of two, at least 2n */
	/* The planner's hot strings (each object's key, name, norm, target_key, mentions), packed in
	 * object order, so that its passes read memory in sequence: at 100,000 tables,
	 * strings scattered over the heap made each comparison a cache miss. NULL when not
	 * packed (allocation failed): the objects then own their strings. */
	char *pool;
	/* The pool starts with every object's key, in object order (cleared when objects
	 * are added): a walk over keys need not read the objects. */
	int keys_packed;
	/* What inspection allocated for the objects (ss_object.arena points here). */
	ss_arena arena;
};

/* How inspection treats names starting with the scratch prefix. */
typedef enum ss_prefix_mode {
	SS_PREFIX_SKIP = 0, /* live side: prefixed objects are scratch, not part of the schema */
	SS_PREFIX_ONLY      /* desired side of the prefix strategy: only prefixed, prefix removed */
} ss_prefix_mode;

typedef struct ss_inspect_opts {
	const char *schema; /* "main" or the attached scratch name */
	const char *prefix;
	ss_prefix_mode prefix_mode;
	const char *const *excluded; /* tables (and what hangs on them) left out */
	size_t nexcluded;
	/* Leave the columns' PRAGMA facts unread (the planner needs them only for tables that
	 * differ: sync_facts.c reads those with ss__table_facts before planning). */
	int lazy_facts;
	/* Skip names starting with _cf_: Cloudflare's internals, under the durable-object
	 * profile only (elsewhere they are ordinary names). */
	int skip_cf;
} ss_inspect_opts;

/* ---- schema_inspect.c ------------------------------------------------------------------ */

int ss__schema_inspect(ss_schema **out, sqlite3 *db, const ss_inspect_opts *o, ss_error *err);

/* Read a lazily inspected table's column facts from db (schema "main" for the live side). */
int ss__table_facts(ss_object *o, sqlite3 *db, const char *schema, ss_error *err);

/* ---- schema_facts.c -------------------------------------------------------------------- */

/*
 * The columns' facts of a parsed table (ss__table_parse) from its tokens, as SQLite derives
 * them: 0 and o->facts_loaded set; 1 when the text holds something this reading does not
 * mirror (nothing set: ask SQLite); -1 out of memory.
 */
int ss__table_facts_from_text(ss_object *o, const ss_tokens *toks, long name_tok);

/* ---- schema_parse.c -------------------------------------------------------------------- */

/* A table's comparison key (o->norm) and where each token of its canonical CREATE went in
 * it (span, by token index of the canonical text): its columns' normalized definitions are
 * then copied out of the key instead of normalized again. */
typedef struct ss_norm_view {
	const char *norm;
	const ss_norm_span *span;
} ss_norm_view;

/*
 * Split a canonical CREATE TABLE into columns, table constraints and options.
 * toks are the tokens of o->create_sql; name_tok is the table name's index; view (or NULL)
 * the key's spans of toks.
 */
int ss__table_parse(ss_object *o, const ss_tokens *toks, long name_tok, const ss_norm_view *view,
		    ss_error *err);

/* Does a table element starting at t hold a table constraint (CONSTRAINT, PRIMARY, UNIQUE,
 * CHECK, FOREIGN) rather than a column? */
int ss__table_constraint_start(const ss_token *t);

/* The column of a parsed table that name token t (bare or quoted) names, ASCII
 * case-insensitive, into *out (NULL: none). SS_E_NOMEM or 0. */
int ss__token_column(ss_column **out, ss_object *o, const ss_token *t);

/*
 * Lower-cased names of a token list, sorted and distinct, into *out / *count: every word and
 * quoted name, or (refs_only) just the names that follow REFERENCES. The vector and its
 * strings come from arena (NULL: the heap).
 */
int ss__collect_names(char ***out, size_t *count, const ss_tokens *t, int refs_only,
		      ss_arena *arena);

/*
 * The comparison key of one CREATE statement: normalized tokens with the name replaced by
 * a placeholder and the ON target by qtarget (the lower-cased target, double-quoted), IF
 * NOT EXISTS dropped. In arena (NULL: the heap, caller frees). spans (toks->n of them, or
 * NULL) receive where each token went (SS_NORM_DROPPED for those left out).
 */
char *ss__object_norm(const ss_tokens *toks, const ss_create_info *ci, const char *qtarget,
		      ss_arena *arena, ss_norm_span *spans);

/*
 * Re-derive a table's text parts (columns' definitions, constraints, options, create_sql,
 * norm) from create_sql, keeping its PRAGMA facts. Used when the scratch copy was built from
 * a different text (the prefix strategy builds AUTOINCREMENT tables without the keyword,
 * so SQLite does not create sqlite_sequence in main).
 */
int ss__table_reparse(ss_object *o, const char *create_sql, ss_error *err);

/* ---- schema_vtab.c --------------------------------------------------------------------- */

/* Is module (any case) one that schema sync supports: fts5, rtree, rtree_i32? */
int ss__vtab_module_supported(const char *module);

/*
 * The comparison key of a CREATE VIRTUAL TABLE (ci->is_virtual): module and normalized
 * arguments, formatting, quoting, option order and spelled-out defaults not counting.
 * Caller frees; NULL without memory.
 */
char *ss__vtab_norm(const ss_tokens *toks, const ss_create_info *ci);

/* Fill a virtual table's parts (vkind, vmodule, vcontent, cols) from its canonical CREATE.
 * SS_E_UNSUPPORTED for a module other than fts5, rtree, rtree_i32. */
int ss__vtab_parse(ss_object *o, const ss_tokens *toks, const ss_create_info *ci, ss_error *err);

/* Is table name a shadow table of one of the n virtual tables (names, CREATE texts)? The
 * owner's module and options decide: FTS5 owns _data, _idx, _config, _content (own content,
 * or contentless_unindexed) and _docsize (unless columnsize=0); R*Tree _node, _parent,
 * _rowid. 1 yes, 0 no, -1 without memory. */
int ss__vtab_is_shadow_name(const char *name, const char *const *vnames, const char *const *vsqls,
			    size_t n);

/* ---- schema_model.c -------------------------------------------------------------------- */

/* Free what an object owns (nothing when borrowed) and zero it. */
void ss__object_clear(ss_object *o);
/* Free n strings and the vector. */
void ss__strv_free(char **v, size_t n);

/*
 * After objects were added to s: sort them by (type, key), refuse two that differ only in
 * case, pack the hot strings and build the lookup index.
 */
int ss__schema_finish(ss_schema *s, ss_error *err);

/*
 * Append shallow copies of extra objects to s (kept sorted): they share the originals'
 * strings, so the schema holding the originals must outlive s and neither side may change
 * them (column facts are never loaded for an object compared with itself: it never differs).
 */
int ss__schema_borrow(ss_schema *s, const ss_object *const *extra, size_t n, ss_error *err);

/* Build (or rebuild, after objs changed) the lookup index of s; never fails (without
 * memory, lookups stay binary searches). */
void ss__schema_index(ss_schema *s);

/* Look up by (type, key): a hash probe, one string comparison in the common case (a
 * binary search would touch log2(n) scattered keys: at 100,000 tables, the cache misses
 * made the planner's cost grow faster than n log n). */
const ss_object *ss__schema_find(const ss_schema *s, ss_object_type type, const char *key);
/* The same in a schema the caller owns and may change. */
ss_object *ss__schema_find_mut(ss_schema *s, ss_object_type type, const char *key);
int ss__sorted_contains(char *const *v, size_t n, const char *key);

#endif
