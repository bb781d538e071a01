/* SPDX-License-Identifier: MIT */
/*
 * Harness utilities: allocation that aborts on failure, the growable text buffer, the
 * tokenizer the oracle's normalizer is built on, and small SQLite wrappers. Kept separate
 * from the engine's util.c so that harness and engine do not share a tokenizer bug.
 */
#include "hint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("schemasync harness: out of memory\n", stderr);
	abort();
}

void *sh_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *sh_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *sh_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *sh_strndup(const char *s, size_t n)
{
	char *p = sh_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *sh_strdup(const char *s)
{
	return sh_strndup(s, strlen(s));
}

static int fold(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int sh_strnicmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
		if (x != y)
			return x - y;
		if (!x)
			return 0;
	}
	return 0;
}

int sh_stricmp(const char *a, const char *b)
{
	return sh_strnicmp(a, b, (size_t)-1);
}

void sh_buf_init(sh_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void sh_buf_free(sh_buf *b)
{
	free(b->data);
	sh_buf_init(b);
}

static void grow(sh_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = sh_realloc(b->data, cap);
	b->cap = cap;
}

void sh_buf_add(sh_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void sh_buf_adds(sh_buf *b, const char *s)
{
	sh_buf_add(b, s, strlen(s));
}

void sh_buf_addc(sh_buf *b, char c)
{
	sh_buf_add(b, &c, 1);
}

void sh_buf_printf(sh_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void quoted(sh_buf *b, const char *s, char q)
{
	sh_buf_addc(b, q);
	for (; *s; s++) {
		if (*s == q)
			sh_buf_addc(b, q);
		sh_buf_addc(b, *s);
	}
	sh_buf_addc(b, q);
}

void sh_buf_ident(sh_buf *b, const char *name)
{
	quoted(b, name, '"');
}

void sh_buf_literal(sh_buf *b, const char *s)
{
	quoted(b, s, '\'');
}

char *sh_buf_take(sh_buf *b)
{
	char *p = b->data ? b->data : sh_strdup("");
	sh_buf_init(b);
	return p;
}

/* ---- tokenizer -------------------------------------------------------------------------- */

static int idchar(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static size_t quoted_len(const char *s, char close)
{
	size_t i = 1;
	for (;;) {
		if (!s[i])
			return i;
		if (s[i] == close) {
			if (close != ']' && s[i + 1] == close) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
}

size_t sh_token(const char *s, sh_tok *kind)
{
	unsigned char c = (unsigned char)s[0];
	size_t i;
	if (!c) {
		*kind = SH_EOF;
		return 0;
	}
	if (isspace(c)) {
		for (i = 1; s[i] && isspace((unsigned char)s[i]); i++)
			;
		*kind = SH_SPACE;
		return i;
	}
	if (c == '-' && s[1] == '-') {
		for (i = 2; s[i] && s[i] != '\n'; i++)
			;
		*kind = SH_COMMENT;
		return i;
	}
	if (c == '/' && s[1] == '*') {
		for (i = 2; s[i] && !(s[i] == '*' && s[i + 1] == '/'); i++)
			;
		*kind = SH_COMMENT;
		return s[i] ? i + 2 : i;
	}
	if (c == '\'') {
		*kind = SH_STRING;
		return quoted_len(s, '\'');
	}
	if (c == '"' || c == '`') {
		*kind = SH_QIDENT;
		return quoted_len(s, (char)c);
	}
	if (c == '[') {
		*kind = SH_QIDENT;
		return quoted_len(s, ']');
	}
	if ((c == 'x' || c == 'X') && s[1] == '\'') {
		*kind = SH_BLOB;
		return 1 + quoted_len(s + 1, '\'');
	}
	if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[1]))) {
		i = 0;
		if (c == '0' && (s[1] == 'x' || s[1] == 'X')) {
			for (i = 2; isxdigit((unsigned char)s[i]); i++)
				;
		} else {
			while (isdigit((unsigned char)s[i]) || s[i] == '.')
				i++;
			if ((s[i] == 'e' || s[i] == 'E') &&
			    (isdigit((unsigned char)s[i + 1]) ||
			     ((s[i + 1] == '+' || s[i + 1] == '-') &&
			      isdigit((unsigned char)s[i + 2])))) {
				i += 2;
				while (isdigit((unsigned char)s[i]))
					i++;
			}
		}
		*kind = SH_NUMBER;
		return i;
	}
	if (c == '?' || c == ':' || c == '@' || c == '$') {
		for (i = 1; idchar((unsigned char)s[i]); i++)
			;
		*kind = SH_VAR;
		return i;
	}
	if (idchar(c)) {
		for (i = 1; idchar((unsigned char)s[i]); i++)
			;
		*kind = SH_WORD;
		return i;
	}
	*kind = SH_PUNCT;
	if ((c == '|' && s[1] == '|') ||
	    (c == '<' && (s[1] == '=' || s[1] == '>' || s[1] == '<')) ||
	    (c == '>' && (s[1] == '=' || s[1] == '>')) || (c == '!' && s[1] == '=') ||
	    (c == '=' && s[1] == '=') || (c == '-' && s[1] == '>'))
		return 2;
	return 1;
}

char *sh_ident_text(const char *s, size_t n, sh_tok kind)
{
	if (kind != SH_QIDENT || n < 2)
		return sh_strndup(s, n);
	char close = s[0] == '[' ? ']' : s[0];
	sh_buf b;
	sh_buf_init(&b);
	for (size_t i = 1; i + 1 < n; i++) {
		sh_buf_addc(&b, s[i]);
		if (s[i] == close && close != ']' && i + 2 < n && s[i + 1] == close)
			i++;
	}
	return sh_buf_take(&b);
}

/* ---- SQLite helpers --------------------------------------------------------------------- */

sqlite3_stmt *sh_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int sh_rowids_at_max(sqlite3 *db, const char *table)
{
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_adds(&q, "SELECT max(rowid) = 9223372036854775807 FROM main.");
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	sh_buf_free(&q);
	int at_max = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return at_max;
}

int sh_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK && err && errlen)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

sqlite3 *sh_open_memory(void)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		fputs("schemasync harness: cannot open an in-memory database\n", stderr);
		abort();
	}
	return db;
}

void sh_buf_value(sh_buf *b, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		sh_buf_adds(b, "NULL");
		break;
	case SQLITE_INTEGER:
		sh_buf_printf(b, "i%lld", (long long)sqlite3_column_int64(st, col));
		break;
	case SQLITE_FLOAT:
		sh_buf_printf(b, "r%.17g", sqlite3_column_double(st, col));
		break;
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(st, col);
		int n = sqlite3_column_bytes(st, col);
		sh_buf_addc(b, 't');
		sh_buf_literal(b, t ? t : "");
		if (t && (int)strlen(t) != n)
			sh_buf_printf(b, "/%d", n);
		break;
	}
	default: {
		const unsigned char *p = sqlite3_column_blob(st, col);
		int n = sqlite3_column_bytes(st, col);
		sh_buf_adds(b, "x'");
		for (int i = 0; i < n; i++)
			sh_buf_printf(b, "%02x", p[i]);
		sh_buf_addc(b, '\'');
	}
	}
}
