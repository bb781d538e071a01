/* SPDX-License-Identifier: MIT */
/*
 * The engine's bottom layer, shared by every module: the allocation hook, the growable text
 * buffer, error filling, ASCII case helpers, the string hash, and the bug zoo switches.
 * Nothing here knows SQL: the text layer is sql.h, the schema model model.h, the planner
 * plan.h, the sync layer sync.h. Not installed; unit tests and fuzz targets include the
 * layer they test directly.
 *
 * Layers, each header including the one below it (a file includes only what it uses):
 *   internal.h (util.c, buf.c) < sql.h (sql_*.c) < model.h (schema_*.c)
 *     < plan.h (plan*.c) < sync.h (sync*.c, strategy_*.c, apply*.c, conn.c)
 */
#ifndef SS_INTERNAL_H
#define SS_INTERNAL_H

#include "schemasync.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- memory: every engine allocation goes through these -------------------------------- */
void *ss__malloc(size_t n);
void *ss__realloc(void *p, size_t n);
void *ss__calloc(size_t count, size_t size);
char *ss__strndup(const char *s, size_t n);
char *ss__strdup(const char *s);

/*
 * An arena: many small blocks with one lifetime, freed together (a schema model's strings
 * and arrays). One bump of a pointer per allocation where the heap takes a search and a
 * header: inspecting 3,200 objects made 92,000 allocations. A NULL arena means the heap
 * (ss__malloc), so code that fills either kind of owner calls the same functions. Builds
 * with AddressSanitizer give every allocation a block of its own, so overruns still show.
 */
typedef struct ss_arena_block ss_arena_block;
typedef struct ss_arena {
	ss_arena_block *blocks; /* newest first */
	char *at;               /* free space of the newest block */
	size_t left;
	size_t next; /* size of the next block: doubles up to a cap */
} ss_arena;

/* n bytes aligned for any field of the model (8), uninitialised. NULL without memory. */
void *ss__arena_alloc_slow(ss_arena *a, size_t n);
static inline void *ss__arena_alloc(ss_arena *a, size_t n)
{
	/* the common case inline: a bump of the pointer in the current block (sanitized
	 * builds never have one: left stays 0) */
	size_t rounded = (n + 7) & ~(size_t)7;
	if (a != NULL && n != 0 && rounded >= n && rounded <= a->left) {
		void *r = a->at;
		a->at += rounded;
		a->left -= rounded;
		return r;
	}
	return ss__arena_alloc_slow(a, n);
}
/* count * size zeroed bytes. NULL without memory or on overflow. */
void *ss__arena_calloc(ss_arena *a, size_t count, size_t size);
char *ss__arena_strndup(ss_arena *a, const char *s, size_t n);
char *ss__arena_strdup(ss_arena *a, const char *s);
/* Free every block; a is empty again. */
void ss__arena_free(ss_arena *a);
/* Free p, which came from a: only a heap block (a NULL arena) is freed on its own. */
void ss__arena_release(ss_arena *a, void *p);

/* Fill err (may be NULL) and return code. */
int ss__fail(ss_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Copy n bytes that are usually a few (a name, a keyword, a token): fixed-size moves the
 * compiler inlines, where memcpy of a variable length is a library call. */
static inline void ss_copy_short(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (n >= 8 && n <= 16) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n > 0 && n < 4) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	} else if (n > 16) {
		memcpy(d, s, n);
	}
}

/* ---- growable text buffer with a hard cap ---------------------------------------------- */
#define SS_BUF_MAX ((size_t)1 << 30)
typedef struct ss_buf {
	char *data;
	size_t len;
	size_t cap;
	int failed;   /* sticky: an append failed (allocation or cap) */
	int on_stack; /* data is the caller's storage (ss_buf_init_on), not ours to free */
} ss_buf;

void ss_buf_init(ss_buf *b);
/* Start in the caller's storage of cap bytes (cap >= 1; it must outlive b): a short text
 * costs no allocation until ss_buf_detach makes one of its exact size. */
void ss_buf_init_on(ss_buf *b, char *storage, size_t cap);
void ss_buf_free(ss_buf *b);
void ss_buf_reset(ss_buf *b);
int ss_buf_add(ss_buf *b, const char *s, size_t n);
int ss_buf_adds(ss_buf *b, const char *s);
int ss_buf_addc_slow(ss_buf *b, char c);
/* Room for n more bytes (and the terminator) at b->data + b->len, which the caller fills,
 * then advances b->len and terminates: one capacity test for a whole token. NULL when the
 * buffer failed. */
char *ss_buf_room_slow(ss_buf *b, size_t n);
static inline char *ss_buf_room(ss_buf *b, size_t n)
{
	if (!b->failed && b->len + n + 1 <= b->cap)
		return b->data + b->len;
	return ss_buf_room_slow(b, n);
}
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
/* Write s[0..n) between quotes q, each q inside doubled, at w (room for 2n + 2 bytes, no
 * terminator written): returns the end. */
char *ss_put_quoted(char *w, const char *s, size_t n, char q);
/* Append name as a double-quoted identifier ("a""b"). */
int ss_buf_add_ident(ss_buf *b, const char *name);
/* Append s as a single-quoted string literal. */
int ss_buf_add_literal(ss_buf *b, const char *s);
/* Take ownership of the text (never NULL unless failed); the buffer is reset. */
char *ss_buf_detach(ss_buf *b);
/* The same into arena a (NULL: the heap): the text is copied there, the buffer freed. */
char *ss_buf_detach_to(ss_buf *b, ss_arena *a);

/* ASCII case-insensitive comparison, as SQLite compares identifiers. */
int ss_stricmp(const char *a, const char *b);
int ss_strnicmp(const char *a, const char *b, size_t n);

/* ASCII lower case of one byte (SQLite folds only ASCII in identifiers). */
static inline unsigned char ss_ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* An ASCII lower-cased copy of s (an identifier's key); caller frees. NULL without memory. */
char *ss__lower_dup(const char *s);
/* The same in arena a (NULL: the heap), of s or of its first n bytes. */
char *ss__arena_lower_dup(ss_arena *a, const char *s);
char *ss__arena_lower_ndup(ss_arena *a, const char *s, size_t n);

/* A string's hash (FNV-1a), seeded so that different kinds of key spread apart. */
size_t ss__str_hash(unsigned seed, const char *s);

/* Is the durable-object profile installed on db (durable_object.c)? Its _cf_ internals are
 * then skipped by inspection; elsewhere _cf_ names are ordinary. */
int ss__durable_object_installed(sqlite3 *db);

/*
 * Bug zoo: build switches that plant known engine bugs for the harness to catch. Each lives
 * where the correct code lives: 1 in plan_build.c (index recreation), 2 in
 * strategy_prefix.c (scratch cleanup), 3 in plan_emit.c (the rebuild recipe), 4 in
 * plan_table.c (the per-table decision); 5 and up: grep for the name. docs/BUGZOO.md lists
 * them with the property that should catch each; ci/bugzoo measures which detector does.
 */
#ifndef SS_PLANT_BUG
#define SS_PLANT_BUG 0
#endif
/* Macros, not an enum: they are compared in #if. */
#define SS_BUG_NONE 0
#define SS_BUG_SKIP_INDEX_RECREATE 1 /* rebuild forgets the table's indexes */
#define SS_BUG_LIKE_CLEANUP 2        /* scratch cleanup matches names with LIKE */
#define SS_BUG_RENAME_ASIDE 3        /* rebuild renames the old table aside first */
#define SS_BUG_IGNORE_CHECK 4        /* CHECK constraint changes are not detected */
/* text layer (sql_*.c) */
#define SS_BUG_PREFIX_REPLACE_ALL 5       /* prefix rewrite replaces the name as a substring */
#define SS_BUG_NORMALIZE_FOLDS_LITERALS 6 /* normalizer lower-cases string literals */
#define SS_BUG_SPLIT_TRIGGER_AT_END 7     /* a trigger ends at the first "END ;" (CASE ... END;) */
#define SS_BUG_TOKEN_BACKSLASH_ESCAPE 8   /* tokenizer takes \' as an escaped quote (MySQL) */
/* model (schema_*.c) */
#define SS_BUG_UNPREFIX_WHOLE_TEXT 9    /* prefix stripped from the whole scratch SQL text */
#define SS_BUG_IGNORE_COLLATE 10        /* a column's COLLATE is not compared */
#define SS_BUG_IGNORE_STRICT 11         /* STRICT added or removed is not detected */
#define SS_BUG_IGNORE_GENERATED_EXPR 12 /* a generated column's expression is not compared */
/* planner (plan_*.c) */
#define SS_BUG_NAME_CASE_SENSITIVE 13      /* Users -> users planned as drop + create */
#define SS_BUG_COPY_BY_POSITION 14         /* rebuild copies kept columns in live order */
#define SS_BUG_AUTOINC_NOT_CARRIED 15      /* rebuild does not carry the sqlite_sequence counter */
#define SS_BUG_ROWID_NOT_PRESERVED 16      /* rebuild copy renumbers rowids */
#define SS_BUG_RENAME_PATH_NO_INDEXES 17   /* big-table rename path does not recreate indexes */
#define SS_BUG_BIG_SCHEMA_COPY_NULLS 18    /* big-schema copy path fills new columns with NULL */
#define SS_BUG_VIEW_CHAIN_NOT_RECREATED 19 /* a view on a recreated view is not recreated */
/* sync and apply (sync*.c, apply*.c, strategy_*.c) */
#define SS_BUG_FASTPATH_CASE_INSENSITIVE 20 /* unchanged fast path ignores case (literals too) */
#define SS_BUG_FK_OFF_IN_TXN 21             /* foreign_keys=OFF issued inside the transaction */
#define SS_BUG_FK_NOT_RESTORED 22           /* foreign_keys not restored after a failed apply */
#define SS_BUG_SCRATCH_LEFT_ATTACHED 23     /* scratch database stays attached after a failure */
#define SS_BUG_LEFTOVER_DROPS_ROWS 24       /* leftover cleanup drops a prefixed table with rows */
/* durable-object profile (durable_object.c) */
#define SS_BUG_DO_ROLLBACK_RELEASES 25 /* transactionSync rollback RELEASEs: half-applied */
#define SS_BUG_DO_TRUST_LEAKS 26       /* the profile's trusted flag outlives its statement */

#endif
