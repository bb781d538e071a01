/* SPDX-License-Identifier: MIT */
/*
 * The tokenizer: SQLite's lexical rules (tokenize.c) for one token at a time, a whole text
 * lexed into significant tokens (spaces and comments dropped), and the two questions every
 * other file asks a token: is it this keyword, and which identifier does it name.
 *
 * Example: `create table "My T"(a)` lexes to WORD create, WORD table, QIDENT "My T",
 * PUNCT (, WORD a, PUNCT ); ss_tok_ident of the third gives `My T`.
 */
#include "sql.h"

#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_xdigit(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static size_t quoted_len(const char *z, char close, ss_tok_type *type, ss_tok_type ok)
{
	size_t i = 1;
	for (;;) {
		if (z[i] == 0) {
			*type = SS_TK_ILLEGAL;
			return i;
		}
#if SS_PLANT_BUG == SS_BUG_TOKEN_BACKSLASH_ESCAPE
		/* planted bug: a backslash escapes the next byte in a string (MySQL's rule) */
		if (close == '\'' && z[i] == '\\' && z[i + 1] != 0) {
			i += 2;
			continue;
		}
#endif
		if (z[i] == close) {
			if (close != ']' && z[i + 1] == close) {
				i += 2;
				continue;
			}
			*type = ok;
			return i + 1;
		}
		i++;
	}
}

static size_t number_len(const char *z, ss_tok_type *type)
{
	size_t i = 0;
	*type = SS_TK_NUMBER;
	if (z[0] == '0' && (z[1] == 'x' || z[1] == 'X') && is_xdigit((unsigned char)z[2])) {
		for (i = 3; is_xdigit((unsigned char)z[i]); i++)
			;
	} else {
		while (is_digit((unsigned char)z[i]) || z[i] == '_')
			i++;
		if (z[i] == '.') {
			i++;
			while (is_digit((unsigned char)z[i]) || z[i] == '_')
				i++;
		}
		if ((z[i] == 'e' || z[i] == 'E') &&
		    (is_digit((unsigned char)z[i + 1]) ||
		     ((z[i + 1] == '+' || z[i + 1] == '-') && is_digit((unsigned char)z[i + 2])))) {
			i += 2;
			while (is_digit((unsigned char)z[i]))
				i++;
		}
	}
	/* "123abc" is one illegal token in SQLite. */
	if (ss_sql_idchar((unsigned char)z[i])) {
		*type = SS_TK_ILLEGAL;
		while (ss_sql_idchar((unsigned char)z[i]))
			i++;
	}
	return i;
}

/* '-' or '/': a line or block comment, or an operator. */
static size_t comment_len(const char *z, ss_tok_type *type)
{
	size_t i;
	if (z[0] == '-' && z[1] == '-') {
		for (i = 2; z[i] && z[i] != '\n'; i++)
			;
		*type = SS_TK_COMMENT;
		return i;
	}
	if (z[0] == '/' && z[1] == '*') {
		/* An unterminated block comment runs to the end, as in SQLite. */
		for (i = 2; z[i] && !(z[i] == '*' && z[i + 1] == '/'); i++)
			;
		*type = SS_TK_COMMENT;
		return z[i] ? i + 2 : i;
	}
	*type = SS_TK_PUNCT;
	if (z[0] == '-' && z[1] == '>')
		return z[2] == '>' ? 3 : 2;
	return 1;
}

/* The operators that start with < > = ! or |. */
static size_t operator_len(const char *z, ss_tok_type *type)
{
	*type = SS_TK_PUNCT;
	switch (z[0]) {
	case '<':
		return (z[1] == '=' || z[1] == '>' || z[1] == '<') ? 2 : 1;
	case '>':
		return (z[1] == '=' || z[1] == '>') ? 2 : 1;
	case '=':
		return z[1] == '=' ? 2 : 1;
	case '!':
		*type = z[1] == '=' ? SS_TK_PUNCT : SS_TK_ILLEGAL;
		return z[1] == '=' ? 2 : 1;
	default: /* '|' */
		return z[1] == '|' ? 2 : 1;
	}
}

/* ?NNN, or $ @ : # followed by a name. */
static size_t variable_len(const char *z, ss_tok_type *type)
{
	size_t i;
	if (z[0] == '?') {
		for (i = 1; is_digit((unsigned char)z[i]); i++)
			;
		*type = SS_TK_VARIABLE;
		return i;
	}
	for (i = 1; ss_sql_idchar((unsigned char)z[i]); i++)
		;
	*type = i > 1 ? SS_TK_VARIABLE : SS_TK_ILLEGAL;
	return i;
}

/* x'...' (z[1] is the quote): an even number of hex digits, else one illegal token. */
static size_t blob_len(const char *z, ss_tok_type *type)
{
	size_t i;
	for (i = 2; is_xdigit((unsigned char)z[i]); i++)
		;
	if (z[i] != '\'' || (i - 2) % 2 != 0) {
		*type = SS_TK_ILLEGAL;
		while (z[i] && z[i] != '\'')
			i++;
		return z[i] ? i + 1 : i;
	}
	*type = SS_TK_BLOB;
	return i + 1;
}

/* What a byte starts or continues, by table: the lexer looks at every byte of every text. */
/* CC_ID alone starts a word; with CC_DIGIT or CC_LATER (a digit, '$') it only continues one. */
enum { CC_OTHER = 0, CC_SPACE = 1, CC_ID = 2, CC_DIGIT = 4, CC_PUNCT = 8, CC_LATER = 16 };
/* is_space, ss_sql_idchar, is_digit and the one-byte punctuation, byte by byte. */
#define S CC_SPACE
#define I CC_ID
#define D (CC_ID | CC_DIGIT)
#define L (CC_ID | CC_LATER)
#define P CC_PUNCT
#define O CC_OTHER
static const unsigned char g_class[256] = {
	O, O, O, O, O, O, O, O, O, S, S, O, S, S, O, O, /* 0x00 */
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 0x10 */
	S, O, O, O, L, P, P, O, P, P, P, P, P, O, O, O, /* 0x20 */
	D, D, D, D, D, D, D, D, D, D, O, P, O, O, O, O, /* 0x30 */
	O, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0x40 */
	I, I, I, I, I, I, I, I, I, I, I, O, O, O, O, I, /* 0x50 */
	O, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0x60 */
	I, I, I, I, I, I, I, I, I, I, I, O, O, O, P, O, /* 0x70 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0x80 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0x90 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xa0 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xb0 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xc0 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xd0 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xe0 */
	I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, /* 0xf0 */
};
#undef S
#undef I
#undef D
#undef L
#undef P
#undef O

size_t ss_sql_token(const char *z, ss_tok_type *type)
{
	const unsigned char *cc = g_class;
	unsigned char c = (unsigned char)z[0];
	size_t i;
	switch (cc[c]) {
	case CC_SPACE:
		for (i = 1; cc[(unsigned char)z[i]] == CC_SPACE; i++)
			;
		*type = SS_TK_SPACE;
		return i;
	case CC_ID:
		if ((c == 'x' || c == 'X') && z[1] == '\'')
			return blob_len(z, type);
		for (i = 1; cc[(unsigned char)z[i]] & CC_ID; i++)
			;
		*type = SS_TK_WORD;
		return i;
	case CC_PUNCT:
		*type = SS_TK_PUNCT;
		return 1;
	default:
		break;
	}
	switch (c) {
	case '-':
	case '/':
		return comment_len(z, type);
	case '\'':
		return quoted_len(z, '\'', type, SS_TK_STRING);
	case '"':
		return quoted_len(z, '"', type, SS_TK_QIDENT);
	case '`':
		return quoted_len(z, '`', type, SS_TK_QIDENT);
	case '[':
		return quoted_len(z, ']', type, SS_TK_QIDENT);
	case '.':
		if (is_digit((unsigned char)z[1]))
			return number_len(z, type);
		*type = SS_TK_PUNCT;
		return 1;
	case '<':
	case '>':
	case '=':
	case '!':
	case '|':
		return operator_len(z, type);
	case '?':
	case '$':
	case '@':
	case ':':
	case '#':
		return variable_len(z, type);
	case 'x':
	case 'X':
		if (z[1] == '\'')
			return blob_len(z, type);
		break;
	default:
		break;
	}
	if (is_digit(c))
		return number_len(z, type);
	if (ss_sql_idchar(c)) {
		for (i = 1; ss_sql_idchar((unsigned char)z[i]); i++)
			;
		*type = SS_TK_WORD;
		return i;
	}
	if (strchr("();,+*%&~", c) != NULL) {
		*type = SS_TK_PUNCT;
		return 1;
	}
	*type = SS_TK_ILLEGAL;
	return 1;
}

int ss_tokens_lex(ss_tokens *out, const char *sql, size_t n)
{
	memset(out, 0, sizeof(*out));
	return ss_tokens_relex(out, sql, n);
}

int ss_tokens_relex(ss_tokens *out, const char *sql, size_t n)
{
	size_t i = 0;
	out->n = 0;
	out->unterminated_comment = NULL;
	if (n > SS_BUF_MAX)
		return SS_E_NOMEM; /* token lengths are 32-bit */
	while (i < n && sql[i]) {
		unsigned char cls = g_class[(unsigned char)sql[i]];
		if (cls == CC_SPACE) {
			i++; /* most spaces are one byte between two tokens */
			continue;
		}
		ss_tok_type type;
		size_t len;
		if (cls == CC_ID && sql[i + 1] != '\'') {
			/* a word, the most common token, without the call */
			for (len = 1; g_class[(unsigned char)sql[i + len]] & CC_ID; len++)
				;
			type = SS_TK_WORD;
		} else if (cls == CC_PUNCT) {
			len = 1;
			type = SS_TK_PUNCT;
		} else {
			len = ss_sql_token(sql + i, &type);
		}
		if (i + len > n)
			len = n - i;
		if (type == SS_TK_COMMENT && sql[i] == '/' &&
		    (len < 4 || sql[i + len - 2] != '*' || sql[i + len - 1] != '/'))
			out->unterminated_comment = sql + i;
		if (type != SS_TK_SPACE && type != SS_TK_COMMENT) {
			if (out->n == out->cap) {
				/* first guess: a token per five bytes, which CREATE texts rarely
				 * pass (one allocation for most of them) */
				size_t cap = out->cap ? out->cap * 2 : n / 5 + 16;
				ss_token *v = ss__realloc(out->v, cap * sizeof(*v));
				if (v == NULL) {
					ss_tokens_free(out);
					return SS_E_NOMEM;
				}
				out->v = v;
				out->cap = cap;
			}
			out->v[out->n].type = type;
			out->v[out->n].z = sql + i;
			out->v[out->n].n = (uint32_t)len;
			out->n++;
		}
		i += len;
	}
	return 0;
}

void ss_tokens_free(ss_tokens *t)
{
	ss_free(t->v);
	memset(t, 0, sizeof(*t));
}

char *ss_tok_ident(const ss_token *t)
{
	return ss_tok_ident_to(t, NULL);
}

char *ss_tok_ident_to(const ss_token *t, ss_arena *arena)
{
	if (t->type == SS_TK_WORD)
		return ss__arena_strndup(arena, t->z, t->n);
	if (t->type != SS_TK_QIDENT && t->type != SS_TK_STRING)
		return NULL;
	char *r = ss__arena_alloc(arena, t->n);
	if (r != NULL)
		r[ss_tok_unquote(r, t)] = 0;
	return r;
}

size_t ss_tok_unquote(char *out, const ss_token *t)
{
	char close = t->z[0] == '[' ? ']' : t->z[0];
	size_t j = 0;
	for (size_t i = 1; i + 1 < t->n; i++) {
		out[j++] = t->z[i];
		if (close != ']' && t->z[i] == close)
			i++; /* a doubled quote stands for one */
	}
	return j;
}
