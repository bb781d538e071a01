/* SPDX-License-Identifier: MIT */
/*
 * The SQL text layer: a tokenizer that follows SQLite's lexical rules (tokenize.c), the
 * statement splitter for definitions texts, the classifier of CREATE statements, the
 * identifier-span rewrites (canonical names, the prefix strategy's scratch names with its
 * AUTOINCREMENT handling), and the normalizer that makes formatting, keyword case, comments
 * and quoting style irrelevant to comparison. Knows SQL text only: no model, no connection.
 *
 * Everything works on token spans of the original text, never on substrings: renaming the
 * index "post" must not touch the table "posts", a string literal or a comment.
 *
 * Files: sql_token.c (lexing), sql_split.c (statements), sql_classify.c (what a CREATE
 * defines), sql_rewrite.c (replacing name spans), sql_prefix.c (the prefix strategy's
 * rewrite), sql_normalize.c (comparison text).
 */
#ifndef SS_SQL_H
#define SS_SQL_H

#include "internal.h"
#include <string.h>

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
/* The same into a token list already used (emptied first, its room kept): a loop over many
 * texts allocates once. */
int ss_tokens_relex(ss_tokens *out, const char *sql, size_t n);
void ss_tokens_free(ss_tokens *t);

/* Is t a bare word equal to keyword, ASCII case-insensitive? (Quoted names never match.)
 * Inline: the parsers call it for almost every token, with a literal keyword whose length
 * the compiler knows, so most calls end at the length test. */
static inline int ss_tok_is(const ss_token *t, const char *keyword)
{
	size_t n = strlen(keyword);
	if (t->type != SS_TK_WORD || t->n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ss_ascii_lower((unsigned char)t->z[i]) !=
		    ss_ascii_lower((unsigned char)keyword[i]))
			return 0;
	return 1;
}
/* A word with its length, so a scan of a list tests lengths first. */
typedef struct ss_word {
	const char *z;
	size_t n;
} ss_word;
#define SS_WORD(s)                                                                                 \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}

/* The words that end a column's declared type (a column constraint starts, or GENERATED /
 * AS), as bit flags; 0 for any other token. One switch on the length: the parsers ask it of
 * every token of every column. */
enum {
	SS_CW_CONSTRAINT = 1 << 0,
	SS_CW_PRIMARY = 1 << 1,
	SS_CW_NOT = 1 << 2,
	SS_CW_NULL = 1 << 3,
	SS_CW_UNIQUE = 1 << 4,
	SS_CW_CHECK = 1 << 5,
	SS_CW_DEFAULT = 1 << 6,
	SS_CW_COLLATE = 1 << 7,
	SS_CW_REFERENCES = 1 << 8,
	SS_CW_GENERATED = 1 << 9,
	SS_CW_AS = 1 << 10
};
static inline unsigned ss_column_word(const ss_token *t)
{
	if (t->type != SS_TK_WORD)
		return 0;
	switch (t->n) {
	case 2:
		return ss_tok_is(t, "as") ? SS_CW_AS : 0;
	case 3:
		return ss_tok_is(t, "not") ? SS_CW_NOT : 0;
	case 4:
		return ss_tok_is(t, "null") ? SS_CW_NULL : 0;
	case 5:
		return ss_tok_is(t, "check") ? SS_CW_CHECK : 0;
	case 6:
		return ss_tok_is(t, "unique") ? SS_CW_UNIQUE : 0;
	case 7:
		return ss_tok_is(t, "primary")   ? SS_CW_PRIMARY
		       : ss_tok_is(t, "default") ? SS_CW_DEFAULT
		       : ss_tok_is(t, "collate") ? SS_CW_COLLATE
						 : 0;
	case 9:
		return ss_tok_is(t, "generated") ? SS_CW_GENERATED : 0;
	case 10:
		return ss_tok_is(t, "constraint")   ? SS_CW_CONSTRAINT
		       : ss_tok_is(t, "references") ? SS_CW_REFERENCES
						    : 0;
	default:
		return 0;
	}
}
/* Is t the one-character punctuation c ( "(", ")", ",", ...)? */
static inline int ss_tok_punct(const ss_token *t, char c)
{
	return t->type == SS_TK_PUNCT && t->n == 1 && t->z[0] == c;
}

/* The identifier named by a WORD or QIDENT token, unquoted, or a STRING used as a name.
 * Caller frees with ss_free. NULL on allocation failure. */
char *ss_tok_ident(const ss_token *t);
/* The same in arena (NULL: the heap). */
char *ss_tok_ident_to(const ss_token *t, ss_arena *arena);
/* The name a QIDENT or STRING token stands for, unquoted into out (room for t->n bytes,
 * no terminator written): its length. */
size_t ss_tok_unquote(char *out, const ss_token *t);

/* SQLite's IdChar: letters, digits, '_', '$' and every byte >= 0x80. */
static inline int ss_sql_idchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$' || c >= 0x80;
}

/* Can t name an object (a bare word, a quoted name, or a string used as a name)? */
static inline int ss_tok_is_name(const ss_token *t)
{
	return t->type == SS_TK_WORD || t->type == SS_TK_QIDENT || t->type == SS_TK_STRING;
}

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
	long module_tok; /* CREATE VIRTUAL TABLE: the module name after USING, or -1 */
	char *name;      /* unquoted; owned */
	char *target;    /* unquoted or NULL; owned */
	ss_arena *arena; /* where name and target live (NULL: the heap) */
} ss_create_info;

/* Classify one statement. Returns 0, or SS_E_INVALID with a message naming the statement. */
int ss_sql_classify(ss_create_info *out, const ss_tokens *toks, ss_error *err);
/* The same with name and target allocated in arena (never freed one by one). */
int ss_sql_classify_in(ss_create_info *out, const ss_tokens *toks, ss_arena *arena, ss_error *err);
void ss_create_info_clear(ss_create_info *ci);

/*
 * Copy one CREATE statement replacing its name span (schema qualifier included) with
 * name_sql and, when given, its ON-target span with target_sql. Caller frees.
 */
char *ss_sql_rewrite_names(const char *stmt, size_t len, const ss_tokens *toks,
			   const ss_create_info *ci, const char *name_sql, const char *target_sql);
/*
 * The same into arena (NULL: the heap), with the tokens of the copy (*out_toks, emptied
 * first: a zeroed list, or one used before whose room is kept; the caller frees it) taken
 * from toks instead of lexing the copy again. name_sql and target_sql must each be one
 * quoted identifier ("x"). 0 or SS_E_NOMEM.
 */
int ss_sql_rewrite_lexed(char **out, ss_arena *arena, ss_tokens *out_toks, const char *stmt,
			 size_t len, const ss_tokens *toks, const ss_create_info *ci,
			 const char *name_sql, const char *target_sql);

/* ---- the prefix strategy's rewrite (sql_prefix.c) ---------------------------------------- */

/*
 * Rewrite one CREATE statement's own name (and the ON table of indexes and triggers) by
 * prepending prefix, on token spans only; everything else is copied byte for byte.
 * Caller frees the result with ss_free.
 */
char *ss_sql_prefix_rewrite(const char *stmt, size_t len, const ss_tokens *toks,
			    const ss_create_info *ci, const char *prefix);

/*
 * The statement the prefix strategy runs in main for one definition: ss_sql_prefix_rewrite,
 * and for a table every AUTOINCREMENT keyword blanked (SQLite would otherwise create
 * sqlite_sequence in main). *autoinc_stripped tells whether a keyword was; the model then
 * gets it back from ss_sql_stored_table_text. Caller frees; NULL without memory.
 */
char *ss_sql_prefix_scratch_create(const char *stmt, size_t len, const ss_tokens *toks,
				   const ss_create_info *ci, const char *prefix,
				   int *autoinc_stripped);

/*
 * The text SQLite stores for a CREATE TABLE definition: `CREATE TABLE "name"`, then the
 * statement's text from after the name through its last token (IF NOT EXISTS and a schema
 * qualifier dropped, AUTOINCREMENT kept). Caller frees; NULL without memory.
 */
char *ss_sql_stored_table_text(const ss_tokens *toks, const ss_create_info *ci);

/* Does name start with prefix, byte for byte? Never LIKE, where '_' is a wildcard. */
int ss_sql_has_prefix(const char *name, const char *prefix);

/*
 * Canonical text of a token range, so formatting never counts: comments and spaces dropped,
 * keywords lower-cased, identifiers double-quoted with their spelling kept, strings and
 * numbers verbatim, one space between tokens. Appended to b.
 */
int ss_sql_normalize(ss_buf *b, const ss_token *toks, size_t n);
/* The same, with the first fold_first tokens' identifiers ASCII lower-cased too (a column's
 * declared type); names before '(' and collation names are always folded. */
int ss_sql_normalize_mode(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first);

/* Where one token went in a normalized text: bytes [start, end) of the buffer, or start ==
 * SS_NORM_DROPPED for a token the normalizer leaves out (GENERATED ALWAYS, FOR EACH ROW). */
typedef struct ss_norm_span {
	uint32_t start, end;
} ss_norm_span;
#define SS_NORM_DROPPED UINT32_MAX
/* ss_sql_normalize_mode that also fills spans[0..n) (NULL: not wanted). */
int ss_sql_normalize_spans(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first,
			   ss_norm_span *spans);

#endif
