/* SPDX-License-Identifier: MIT */
/*
 * The harness' own SQL tokenizer, the ground the oracles' normalizer and the statement-level
 * shrinker stand on. It is a separate implementation from the engine's on purpose: the
 * oracles must not share the engine's mistakes.
 */
#include "harness_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* A number: hexadecimal, or digits and dots with an optional exponent. */
static size_t number_len(const char *s)
{
	size_t i = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; isxdigit((unsigned char)s[i]); i++)
			;
		return i;
	}
	while (isdigit((unsigned char)s[i]) || s[i] == '.')
		i++;
	if ((s[i] == 'e' || s[i] == 'E') &&
	    (isdigit((unsigned char)s[i + 1]) ||
	     ((s[i + 1] == '+' || s[i + 1] == '-') && isdigit((unsigned char)s[i + 2])))) {
		i += 2;
		while (isdigit((unsigned char)s[i]))
			i++;
	}
	return i;
}

/* An operator of two characters (||, <=, <>, <<, >=, >>, !=, ==, ->) or one. */
static size_t punct_len(const char *s)
{
	char c = s[0];
	if ((c == '|' && s[1] == '|') ||
	    (c == '<' && (s[1] == '=' || s[1] == '>' || s[1] == '<')) ||
	    (c == '>' && (s[1] == '=' || s[1] == '>')) || (c == '!' && s[1] == '=') ||
	    (c == '=' && s[1] == '=') || (c == '-' && s[1] == '>'))
		return 2;
	return 1;
}

/* A run of characters that satisfy ok, from s[from]. */
static size_t run_len(const char *s, size_t from, int (*ok)(int c))
{
	size_t i = from;
	while (s[i] && ok((unsigned char)s[i]))
		i++;
	return i;
}

static int is_space(int c)
{
	return isspace(c);
}

static int is_idchar(int c)
{
	return idchar((unsigned char)c);
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
		*kind = SH_SPACE;
		return run_len(s, 1, is_space);
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
		*kind = SH_NUMBER;
		return number_len(s);
	}
	if (c == '?' || c == ':' || c == '@' || c == '$') {
		*kind = SH_VAR;
		return run_len(s, 1, is_idchar);
	}
	if (idchar(c)) {
		*kind = SH_WORD;
		return run_len(s, 1, is_idchar);
	}
	*kind = SH_PUNCT;
	return punct_len(s);
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

/* Does [start, end) hold a token that is not space or comment? */
static int has_real_token(const char *start, const char *end)
{
	for (const char *q = start; q < end;) {
		sh_tok k;
		size_t l = sh_token(q, &k);
		if (!l)
			break;
		if (k != SH_SPACE && k != SH_COMMENT)
			return 1;
		q += l;
	}
	return 0;
}

/* Trigger bodies: a ';' between BEGIN and END of a CREATE TRIGGER ends no statement. The
 * body's END is the one right after a ';' (as in sqlite3_complete): a body statement may
 * end in a CASE expression's own END. */
typedef struct split_state {
	int saw_trigger, in_body, words, after_semi;
} split_state;

static void split_word(split_state *st, const char *p, size_t len)
{
	if (st->words < 6 && len == 7 && !sh_strnicmp(p, "trigger", 7))
		st->saw_trigger = 1;
	else if (st->saw_trigger && len == 5 && !sh_strnicmp(p, "begin", 5))
		st->in_body = 1;
	else if (st->in_body && st->after_semi && len == 3 && !sh_strnicmp(p, "end", 3))
		st->in_body = 0, st->saw_trigger = 0;
	st->words++;
}

void sh_split_sql(sh_strv *out, const char *sql)
{
	const char *start = sql, *p = sql;
	split_state st = {0, 0, 0, 0};
	for (;;) {
		sh_tok k;
		size_t len = sh_token(p, &k);
		int end_stmt = 0;
		if (k == SH_EOF || len == 0) {
			end_stmt = 1;
		} else if (k == SH_WORD) {
			split_word(&st, p, len);
		}
		if (k != SH_EOF && k != SH_SPACE && k != SH_COMMENT && len)
			st.after_semi = k == SH_PUNCT && *p == ';';
		if (k == SH_PUNCT && *p == ';' && !st.in_body) {
			p += len;
			end_stmt = 1;
			len = 0;
		}
		if (!end_stmt) {
			p += len;
			continue;
		}
		if (has_real_token(start, p))
			sh_strv_push(out, sh_strndup(start, (size_t)(p - start)));
		if (k == SH_EOF || (len == 0 && !*p))
			break;
		start = p;
		st = (split_state){0, 0, 0, 0};
		if (!*p)
			break;
	}
}
