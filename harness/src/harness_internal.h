/* SPDX-License-Identifier: MIT */
/*
 * What the harness modules share and nothing else sees: the case as the modules know it,
 * allocation that aborts on failure (the harness is a test program: running out of memory
 * ends the run), the one growable text buffer and the one string list, a small SQL
 * tokenizer (the oracles' own, separate from the engine's on purpose: the oracle must not
 * share the engine's mistakes) and small SQLite wrappers. Only engine/include is on the
 * harness' include path: nothing here may reach into the engine's internals.
 */
#ifndef SS_HARNESS_INTERNAL_H
#define SS_HARNESS_INTERNAL_H

#include "ss_harness.h"

#include <stdarg.h>
#include <stddef.h>

/* ---- the case ------------------------------------------------------------------------------ */

/* A case: what a case-file region holds, plus what the generator knows about it. */
struct ss_case {
	char *name;            /* region name */
	char *baseline;        /* SQL building the live database */
	char *rows;            /* SQL inserting rows ("" when none) */
	char *desired;         /* the definitions */
	char *expect_output;   /* NULL: not given; "" for <empty> */
	char *expect_error;    /* NULL: not given */
	ss_case_config config; /* config.excluded_tables points into excluded */
	char **excluded;       /* owned; NULL: the engine's default list */
	char *file;            /* where it came from (may be NULL) */
	int line;
	/* generator only */
	int same_model;     /* desired equals baseline up to formatting, so the plan must be
			     * empty (SPEC §2: formatting never counts) */
	uint64_t labels[3]; /* bit set of ss_label_name() indexes */
	sqlite3 *pristine;  /* owned, may be NULL: baseline + rows already built */
};

/* An empty case with the default config (allow destructive, both strategies). */
ss_case *sh_case_new(void);
/* A deep copy, without the generator's prebuilt database. */
ss_case *sh_case_copy(const ss_case *c);
/* Replace c's excluded-table list by a copy of list (NULL: the engine's default). */
void sh_case_set_excluded(ss_case *c, const char *const *list, size_t count);
/* Is name (ASCII case-insensitively) in the list? list NULL: the engine's default list. */
int sh_is_excluded(const char *name, const char *const *list, size_t count);
/* Does a run of c (without -- output: comparison) fail property, known engine bugs aside?
 * 0 when it held or the case could not be set up. */
int sh_case_fails(const ss_case *c, int property);
/* The engine's options for case c run one way (a strategy, the profile or not): its
 * config's flags, excluded tables, thresholds and the caller's transaction hook. */
void sh_case_options(ss_options *opts, const ss_case *c, int strategy, int profile);

/* Take the i-th case out of f (f keeps NULL in its place). */
ss_case *sh_casefile_take(ss_casefile *f, size_t i);

/* A spent choice source whose recorded values are the given sequence (the shrinker's
 * result, as ss_choices_shrink hands it out). */
ss_choices *sh_choices_recording(const uint64_t *values, size_t count);

/* Is the case at line of file listed in the known-failing.txt beside it (replay.c)? */
int sh_known_failing(const char *file, int line);

/* End a forked worker: coverage counters written (coverage builds), stdio flushed, _exit. */
void sh_child_exit(int status) __attribute__((noreturn));

/* ---- memory -------------------------------------------------------------------------------- */

void *sh_malloc(size_t n);
void *sh_calloc(size_t n, size_t size);
void *sh_realloc(void *p, size_t n);
char *sh_strdup(const char *s);
char *sh_strndup(const char *s, size_t n);
/* ASCII case-insensitive comparison, like SQLite's identifier comparison. */
int sh_stricmp(const char *a, const char *b);
int sh_strnicmp(const char *a, const char *b, size_t n);
/* The first occurrence of needle in s, ASCII case aside, or NULL. */
const char *sh_strcasestr(const char *s, const char *needle);
void sh_lower_ascii(char *s);

/* The growable text buffer: data is NUL-terminated (or NULL while empty). */
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
/* Each line of text, prefixed (a comment block, an indented plan); at most max_lines. */
void sh_buf_lines(sh_buf *b, const char *prefix, const char *text, int max_lines);
/* Returns the text (never NULL) and resets the buffer. */
char *sh_buf_take(sh_buf *b);

/* The growable list of owned strings. */
typedef struct sh_strv {
	char **v;
	size_t n, cap;
} sh_strv;

void sh_strv_push(sh_strv *l, char *s); /* takes s */
void sh_strv_remove(sh_strv *l, size_t i);
void sh_strv_sort(sh_strv *l);
/* Sort, append each string to b as a line after indent, and empty the list. */
void sh_strv_flush(sh_strv *l, sh_buf *b, const char *indent);

/* Files: does s end in suffix; the whole file (NULL when it cannot be read; free()); the
 * entries of folder path that are folders or *.sql files, full paths, in name order. */
int sh_ends_with(const char *s, const char *suffix);
char *sh_read_file(const char *path);
void sh_sql_folder_entries(sh_strv *out, const char *path);
void sh_strv_free(sh_strv *l);

/* ---- tokens -------------------------------------------------------------------------------- */

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
/* SQL split into statements (each with its ';', trigger bodies kept whole); only
 * statements with a token that is not space or comment. */
void sh_split_sql(sh_strv *out, const char *sql);

/* ---- SQLite helpers ------------------------------------------------------------------------ */

/* Execute SQL; on failure copy SQLite's message into err (may be NULL) and return rc. */
int sh_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);
/* Open a fresh in-memory database (aborts on failure). */
sqlite3 *sh_open_memory(void);
/* A byte-for-byte in-memory copy of db's main (sqlite3_backup). */
sqlite3 *sh_copy_db(sqlite3 *src);
/* A prepared statement, or NULL when sql does not compile. */
sqlite3_stmt *sh_prepare(sqlite3 *db, const char *sql);
/*
 * The name that reaches a table's rowid: "rowid", else "_rowid_", else "oid" (a column of
 * that name hides it), NULL when columns take all three (the rowid cannot be named).
 * sh_rowid_pick asks has_col about each name; sh_rowid_name asks PRAGMA table_xinfo.
 */
const char *sh_rowid_pick(int (*has_col)(void *ctx, const char *name), void *ctx);
const char *sh_rowid_name(sqlite3 *db, const char *table);
/* The same, told the table's CREATE text (sql, when the caller has it) */
const char *sh_rowid_name_sql(sqlite3 *db, const char *table, const char *sql);
/* Does main.table hold the rowid 2^63-1? Then SQLite picks new rowids at random. */
int sh_rowids_at_max(sqlite3 *db, const char *table);
/* Append one value rendered unambiguously (type-tagged). */
void sh_buf_value(sh_buf *b, sqlite3_stmt *st, int col);
/* The current row of st, its values rendered so and joined by '|'. Caller frees. */
char *sh_row_line(sqlite3_stmt *st);
/* Column i as text, "-" for NULL. */
const char *sh_col_text(sqlite3_stmt *st, int i);

/* Fill err (may be NULL) and return code. */
int sh_fail(ss_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

#endif
