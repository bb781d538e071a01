/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the harness modules only: a growable text buffer, allocation that
 * aborts on failure (the harness is a test program: running out of memory ends the run),
 * and a small SQL tokenizer used by the oracle's normalizer and the case-file tools. This
 * is a separate implementation from the engine's on purpose: the oracle must not share the
 * engine's mistakes.
 */
#ifndef SS_HARNESS_INT_H
#define SS_HARNESS_INT_H

#include "ss_harness.h"

#include <stdarg.h>
#include <stddef.h>

void *sh_malloc(size_t n);
void *sh_calloc(size_t n, size_t size);
void *sh_realloc(void *p, size_t n);
char *sh_strdup(const char *s);
char *sh_strndup(const char *s, size_t n);
/* ASCII case-insensitive comparison, like SQLite's identifier comparison. */
int sh_stricmp(const char *a, const char *b);
int sh_strnicmp(const char *a, const char *b, size_t n);

typedef struct sh_buf {
	char *data;
	size_t len;
	size_t cap;
} sh_buf;

void sh_buf_init(sh_buf *b);
void sh_buf_free(sh_buf *b);
void sh_buf_add(sh_buf *b, const char *s, size_t n);
void sh_buf_adds(sh_buf *b, const char *s);
void sh_buf_addc(sh_buf *b, char c);
void sh_buf_printf(sh_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* "a""b" */
void sh_buf_ident(sh_buf *b, const char *name);
/* 'it''s' */
void sh_buf_literal(sh_buf *b, const char *s);
/* Returns the text (never NULL) and resets the buffer. */
char *sh_buf_take(sh_buf *b);

/* ---- tokens ------------------------------------------------------------------------------ */
typedef enum sh_tok {
	SH_EOF = 0,
	SH_SPACE,
	SH_COMMENT,
	SH_WORD,   /* bare identifier or keyword */
	SH_QIDENT, /* "x", [x], `x` */
	SH_STRING, /* 'x' */
	SH_BLOB,   /* x'00' */
	SH_NUMBER,
	SH_VAR, /* ?, ?1, :a, @a, $a */
	SH_PUNCT
} sh_tok;

/* Length and kind of the token at s (s non-empty). */
size_t sh_token(const char *s, sh_tok *kind);
/* The identifier a WORD or QIDENT token names (unquoted, quotes undoubled); malloc'd. */
char *sh_ident_text(const char *s, size_t n, sh_tok kind);

/* ---- SQLite helpers --------------------------------------------------------------------- */
/* Execute SQL; on failure copy SQLite's message into err (may be NULL) and return rc. */
int sh_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);
/* Open a fresh in-memory database (aborts on failure). */
sqlite3 *sh_open_memory(void);
/* A prepared statement, or NULL when sql does not compile. */
sqlite3_stmt *sh_prepare(sqlite3 *db, const char *sql);
/* Does main.table hold the rowid 2^63-1? Then SQLite picks new rowids at random. */
int sh_rowids_at_max(sqlite3 *db, const char *table);
/* Append one value rendered unambiguously (type-tagged). */
void sh_buf_value(sh_buf *b, sqlite3_stmt *st, int col);

#endif
