/* SPDX-License-Identifier: MIT */
/*
 * Internal helpers shared by the engine's modules: the allocation hook, the growable text
 * buffer, error filling, and the SQL text layer (tokenizer, splitter, classifier,
 * normalizer). Not installed; unit tests and fuzz targets include it directly.
 */
#ifndef SS_INTERNAL_H
#define SS_INTERNAL_H

#include "schemasync.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- memory: every engine allocation goes through these -------------------------------- */
void *ss__malloc(size_t n);
void *ss__realloc(void *p, size_t n);
void *ss__calloc(size_t count, size_t size);
char *ss__strndup(const char *s, size_t n);
char *ss__strdup(const char *s);

/* Fill err (may be NULL) and return code. */
int ss__fail(ss_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* ---- growable text buffer with a hard cap ---------------------------------------------- */
#define SS_BUF_MAX ((size_t)1 << 30)
typedef struct ss_buf {
	char *data;
	size_t len;
	size_t cap;
	int failed; /* sticky: an append failed (allocation or cap) */
} ss_buf;

void ss_buf_init(ss_buf *b);
void ss_buf_free(ss_buf *b);
void ss_buf_reset(ss_buf *b);
int ss_buf_add(ss_buf *b, const char *s, size_t n);
int ss_buf_adds(ss_buf *b, const char *s);
int ss_buf_addc_slow(ss_buf *b, char c);
/* One byte: the hot path of the normalizer, so the common case is inline. */
static inline int ss_buf_addc(ss_buf *b, char c)
{
	if (b->len + 1 < b->cap && !b->failed) {
		b->data[b->len++] = c;
		b->data[b->len] = 0;
		return 0;
	}
	return ss_buf_addc_slow(b, c);
}
int ss_buf_printf(ss_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Append name as a double-quoted identifier ("a""b"). */
int ss_buf_add_ident(ss_buf *b, const char *name);
/* Append s as a single-quoted string literal. */
int ss_buf_add_literal(ss_buf *b, const char *s);
/* Take ownership of the text (never NULL unless failed); the buffer is reset. */
char *ss_buf_detach(ss_buf *b);

/* ---- SQL tokens ------------------------------------------------------------------------ */
typedef enum ss_tok_type {
	SS_TK_EOF = 0,
	SS_TK_SPACE,   /* whitespace */
	SS_TK_COMMENT, /* -- ... or slash-star ... */
	SS_TK_WORD,    /* bare word: keyword or identifier */
	SS_TK_QIDENT,  /* "x", `x` or [x] */
	SS_TK_STRING,  /* 'x' */
	SS_TK_BLOB,    /* x'ab' */
	SS_TK_NUMBER,
	SS_TK_VARIABLE, /* ?1 :a @a $a */
	SS_TK_PUNCT,    /* operators and punctuation, incl. ; ( ) , . */
	SS_TK_ILLEGAL   /* unterminated quote or comment, stray byte */
} ss_tok_type;

/* 16 bytes: a definitions text of 10,000 tables is about a million tokens. */
typedef struct ss_token {
	const char *z; /* points into the source text */
	uint32_t n;    /* SS_BUF_MAX bounds every text the engine lexes */
	ss_tok_type type;
} ss_token;

/* Length and type of the token starting at z (z[0] != 0). Follows SQLite's tokenize.c rules. */
size_t ss_sql_token(const char *z, ss_tok_type *type);

/* Tokens of one text, without spaces and comments. */
typedef struct ss_tokens {
	ss_token *v;
	size_t n;
	size_t cap;
	const char *unterminated_comment; /* where a block comment without end starts */
} ss_tokens;
int ss_tokens_lex(ss_tokens *out, const char *sql, size_t n);
void ss_tokens_free(ss_tokens *t);

/* Is t a bare word equal to keyword, ASCII case-insensitive? (Quoted names never match.) */
int ss_tok_is(const ss_token *t, const char *keyword);
/* The identifier named by a WORD or QIDENT token, unquoted, or a STRING used as a name.
 * Caller frees with ss_free. NULL on allocation failure. */
char *ss_tok_ident(const ss_token *t);

/* One statement of a definitions text: [start, start+len), without the trailing ';'. */
typedef struct ss_stmt_span {
	size_t start;
	size_t len;
} ss_stmt_span;

/*
 * Split text into statements at top-level ';' (a trigger's BEGIN ... END is one statement).
 * Statements that hold only spaces and comments are dropped. *out is owned by the caller
 * (ss_free). Returns SS_E_INVALID on an unterminated quote or comment, or a trigger without
 * END.
 */
int ss_sql_split(ss_stmt_span **out, size_t *count, const char *sql, ss_error *err);

/* The same over a text already lexed: statements as ranges of all's tokens (the ';' not
 * included). One pass of the tokenizer serves both splitting and classifying. */
typedef struct ss_tok_range {
	size_t first;
	size_t count;
} ss_tok_range;
int ss_sql_split_tokens(ss_tok_range **out, size_t *count, const char *sql, const ss_tokens *all,
			ss_error *err);

typedef enum ss_object_type {
	SS_OBJ_NONE = 0,
	SS_OBJ_TABLE,
	SS_OBJ_INDEX,
	SS_OBJ_VIEW,
	SS_OBJ_TRIGGER
} ss_object_type;

/*
 * What a CREATE statement defines, with token positions for the prefix rewrite.
 * name_tok / target_tok index into the statement's token list (target: the table an index
 * or trigger is ON; -1 for tables and views). schema_tok is the qualifier before the name,
 * or -1.
 */
typedef struct ss_create_info {
	ss_object_type type;
	int is_temp;
	int is_virtual;
	int if_not_exists;
	int is_unique_index;
	int as_select; /* CREATE TABLE ... AS SELECT */
	long name_tok;
	long schema_tok;
	long target_tok;
	long target_schema_tok;
	char *name;   /* unquoted; owned */
	char *target; /* unquoted or NULL; owned */
} ss_create_info;

/* Classify one statement. Returns 0, or SS_E_INVALID with a message naming the statement. */
int ss_sql_classify(ss_create_info *out, const ss_tokens *toks, ss_error *err);
void ss_create_info_clear(ss_create_info *ci);

/*
 * Rewrite one CREATE statement's own name (and the ON table of indexes and triggers) by
 * prepending prefix, on token spans only; everything else is copied byte for byte.
 * Caller frees the result with ss_free.
 */
char *ss_sql_prefix_rewrite(const char *stmt, size_t len, const ss_tokens *toks,
			    const ss_create_info *ci, const char *prefix);

/*
 * Copy one CREATE statement replacing its name span (schema qualifier included) with
 * name_sql and, when given, its ON-target span with target_sql. Caller frees.
 */
char *ss_sql_rewrite_names(const char *stmt, size_t len, const ss_tokens *toks,
			   const ss_create_info *ci, const char *name_sql, const char *target_sql);

/*
 * Canonical text of a token range, so formatting never counts: comments and spaces dropped,
 * keywords lower-cased, identifiers double-quoted with their spelling kept, strings and
 * numbers verbatim, one space between tokens. Appended to b.
 */
int ss_sql_normalize(ss_buf *b, const ss_token *toks, size_t n);
/* The same, with the first fold_first tokens' identifiers ASCII lower-cased too (a column's
 * declared type); names before '(' and collation names are always folded. */
int ss_sql_normalize_mode(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first);

/* ASCII case-insensitive comparison, as SQLite compares identifiers. */
int ss_stricmp(const char *a, const char *b);
int ss_strnicmp(const char *a, const char *b, size_t n);

/* Bug zoo: build switches that plant known engine bugs for the harness to catch. */
#ifndef SS_PLANT_BUG
#define SS_PLANT_BUG 0
#endif
/* Macros, not an enum: they are compared in #if. */
#define SS_BUG_NONE 0
#define SS_BUG_SKIP_INDEX_RECREATE 1 /* rebuild forgets the table's indexes */
#define SS_BUG_LIKE_CLEANUP 2        /* scratch cleanup matches names with LIKE */
#define SS_BUG_RENAME_ASIDE 3        /* rebuild renames the old table aside first */
#define SS_BUG_IGNORE_CHECK 4        /* CHECK constraint changes are not detected */

#endif
