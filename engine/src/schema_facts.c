/* SPDX-License-Identifier: MIT */
/*
 * A table's column facts (what PRAGMA table_xinfo reports: declared type, NOT NULL, default
 * text, primary-key position, generated kind) read from its CREATE TABLE text, the way
 * SQLite 3.40 derives them while parsing (build.c: sqlite3AddColumn, sqlite3AddDefaultValue,
 * sqlite3AddPrimaryKey, convertToWithoutRowidTable). Asking SQLite costs a PRAGMA statement
 * per table, about 85 % of inspecting one; the text is already tokenized.
 *
 * Where the text holds something whose treatment this file does not mirror (a quoted word
 * in a declared type, SQLite dequotes those by rules of its own; a primary-key entry that is
 * not a plain column name), it says so and the caller asks SQLite. Builds with assertions
 * ask SQLite as well and fail the inspection when the answers differ (schema_inspect.c), so
 * every test, corpus replay and property run checks this file against SQLite.
 *
 * Example: `CREATE TABLE t(a Text Generated Always AS (b) STORED, b INT DEFAULT (-1) NOT
 * NULL, PRIMARY KEY (b))` gives a: type "TEXT", hidden 3; b: type "INT", dflt "-1",
 * notnull 1, pk 1.
 */
#include "model.h"

#include <string.h>

/* The type words SQLite's grammar cannot take: they start a column constraint. */
static int ends_type(const ss_token *t)
{
	return (ss_column_word(t) & ~(unsigned)SS_CW_GENERATED) != 0;
}

/* Index of the ")" closing the group that opens at t[i] ("("), or n. */
static size_t group_end(const ss_token *t, size_t i, size_t n)
{
	size_t depth = 0;
	for (; i < n; i++) {
		if (ss_tok_punct(&t[i], '('))
			depth++;
		else if (ss_tok_punct(&t[i], ')') && --depth == 0)
			return i;
	}
	return n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int ends_with_ci(const char *z, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && ss_strnicmp(z + n - k, w, k) == 0;
}

/* Do z[0..n) and w[0..n) match, ASCII case-insensitive? */
static int same_ci(const char *z, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ss_ascii_lower((unsigned char)z[i]) != ss_ascii_lower((unsigned char)w[i]))
			return 0;
	return 1;
}

/* The declared type of SQLite's column from its raw span [z, z+n): a trailing
 * "GENERATED ALWAYS" (the grammar lets both words into the type) cut, a standard type
 * name spelled in upper case. In arena (NULL: the heap). */
static char *declared_type(const char *z, size_t n, ss_arena *arena)
{
	static const ss_word std[] = {SS_WORD("ANY"),     SS_WORD("BLOB"), SS_WORD("INT"),
				      SS_WORD("INTEGER"), SS_WORD("REAL"), SS_WORD("TEXT")};
	if (n >= 16 && ends_with_ci(z, n, "always")) {
		n -= 6;
		while (n > 0 && is_space(z[n - 1]))
			n--;
		if (n >= 9 && ends_with_ci(z, n, "generated")) {
			n -= 9;
			while (n > 0 && is_space(z[n - 1]))
				n--;
		}
	}
	for (size_t k = 0; n >= 3 && n <= 7 && k < sizeof(std) / sizeof(std[0]); k++)
		if (std[k].n == n && same_ci(z, std[k].z, n))
			return ss__arena_strndup(arena, std[k].z, n);
	return ss__arena_strndup(arena, z, n);
}

/* A default's text: [z, z+n) with surrounding whitespace trimmed (sqlite3DbSpanDup). */
static char *span_dup(const char *z, const char *end, ss_arena *arena)
{
	while (z < end && is_space(*z))
		z++;
	while (end > z && is_space(end[-1]))
		end--;
	return ss__arena_strndup(arena, z, (size_t)(end - z));
}

/* Facts of one column definition e[0..en) (e[0] its name) into c; *pk_desc set when its
 * own PRIMARY KEY is DESC. 1: not mirrored. */
static int column_facts(ss_column *c, const ss_token *e, size_t en, int *pk_desc, ss_arena *arena)
{
	size_t i = 1;
	int quoted = 0;
	while (i < en &&
	       (e[i].type == SS_TK_WORD || e[i].type == SS_TK_QIDENT ||
		e[i].type == SS_TK_STRING) &&
	       !ends_type(&e[i])) {
		quoted |= e[i].type != SS_TK_WORD;
		i++;
	}
	if (quoted)
		return 1;
	size_t type_end = i; /* one past the type's last token */
	if (i > 1 && i < en && ss_tok_punct(&e[i], '(')) {
		i = group_end(e, i, en);
		if (i >= en)
			return 1;
		type_end = ++i;
	}
	c->type = i > 1 ? declared_type(e[1].z,
					(size_t)(e[type_end - 1].z + e[type_end - 1].n - e[1].z),
					arena)
			: ss__arena_strdup(arena, "");
	if (c->type == NULL)
		return -1;
	for (; i < en; i++) {
		const ss_token *t = &e[i];
		if (ss_tok_punct(t, '(')) {
			i = group_end(e, i, en);
		} else if (ss_tok_is(t, "constraint") || ss_tok_is(t, "collate")) {
			i++; /* its name */
		} else if (ss_tok_is(t, "not") && i + 1 < en && ss_tok_is(&e[i + 1], "null")) {
			c->notnull = 1;
			i++;
		} else if (ss_tok_is(t, "primary") && i + 1 < en && ss_tok_is(&e[i + 1], "key")) {
			c->pk = 1;
			i++;
			*pk_desc = i + 1 < en && ss_tok_is(&e[i + 1], "desc");
		} else if (ss_tok_is(t, "as") && i + 1 < en && ss_tok_punct(&e[i + 1], '(')) {
			i = group_end(e, i + 1, en);
			c->hidden = i + 1 < en && ss_tok_is(&e[i + 1], "stored") ? 3 : 2;
		} else if (ss_tok_is(t, "default") && !ss_tok_is(&e[i - 1], "set") && i + 1 < en) {
			/* (ON DELETE SET DEFAULT is a foreign key's action) */
			const ss_token *d = &e[++i];
			const char *from = d->z, *to;
			if (ss_tok_punct(d, '(')) {
				/* DEFAULT ( expr ): the text between the parentheses */
				i = group_end(e, i, en);
				if (i >= en)
					return 1;
				from = d->z + 1;
				to = e[i].z;
			} else {
				/* a literal, a name, or a sign and a literal */
				if ((ss_tok_punct(d, '-') || ss_tok_punct(d, '+')) && i + 1 < en)
					i++;
				to = e[i].z + e[i].n;
			}
			ss__arena_release(arena, c->dflt);
			if ((c->dflt = span_dup(from, to, arena)) == NULL)
				return -1;
		}
	}
	return 0;
}

/* Table-level PRIMARY KEY ( ... ) in e[0..en): each entry's column gets its position. */
static int table_key(ss_object *o, const ss_token *e, size_t en)
{
	size_t i = 0;
	while (i + 2 < en && !(ss_tok_is(&e[i], "primary") && ss_tok_is(&e[i + 1], "key")))
		i++;
	if (i + 2 >= en)
		return 0; /* UNIQUE, CHECK, FOREIGN KEY: no facts */
	if (!ss_tok_punct(&e[i + 2], '('))
		return 1;
	size_t close = group_end(e, i + 2, en);
	int pos = 0;
	for (size_t k = i + 3; k < close;) {
		if (e[k].type != SS_TK_WORD && e[k].type != SS_TK_QIDENT)
			return 1;
		ss_column *c = NULL;
		if (ss__token_column(&c, o, &e[k]) != 0)
			return -1;
		if (c == NULL)
			return 1;
		c->pk = ++pos;
		/* past the entry's end (COLLATE x, ASC / DESC) and its comma */
		while (k < close && !ss_tok_punct(&e[k], ','))
			k++;
		k++;
	}
	return 0;
}

/*
 * WITHOUT ROWID and STRICT tables make their primary-key columns NOT NULL, except (STRICT)
 * the rowid alias: a key of one column declared INTEGER, unless the column's own PRIMARY
 * KEY says DESC (a table-level key's DESC still makes an alias: SQLite's quirk).
 */
static void key_not_null(ss_object *o, int pk_desc)
{
	size_t npk = 0, alias = o->ncols;
	for (size_t k = 0; k < o->ncols; k++)
		if (o->cols[k].pk) {
			npk++;
			alias = k;
		}
	if (o->without_rowid || npk != 1 || strcmp(o->cols[alias].type, "INTEGER") != 0 || pk_desc)
		alias = o->ncols;
	for (size_t k = 0; k < o->ncols; k++)
		if (o->cols[k].pk && k != alias)
			o->cols[k].notnull = 1;
}

static void clear_facts(ss_object *o)
{
	for (size_t k = 0; k < o->ncols; k++) {
		ss_column *c = &o->cols[k];
		ss__arena_release(o->arena, c->type);
		ss__arena_release(o->arena, c->dflt);
		c->type = c->dflt = NULL;
		c->notnull = c->pk = c->hidden = 0;
	}
}

int ss__table_facts_from_text(ss_object *o, const ss_tokens *toks, long name_tok)
{
	clear_facts(o);
	const ss_token *t = toks->v;
	size_t i = (size_t)name_tok + 1, n = toks->n, col = 0;
	if (i >= n || !ss_tok_punct(&t[i], '('))
		return 1;
	size_t close = group_end(t, i, n);
	int rc = 0, pk_desc = 0;
	for (size_t from = i + 1; rc == 0 && from < close;) {
		size_t to = from;
		while (to < close && !ss_tok_punct(&t[to], ',')) {
			if (ss_tok_punct(&t[to], '('))
				to = group_end(t, to, close);
			to++;
		}
		int table_level = ss__table_constraint_start(&t[from]);
		if (!table_level)
			rc = col < o->ncols ? column_facts(&o->cols[col++], &t[from], to - from,
							   &pk_desc, o->arena)
					    : 1;
		else
			rc = table_key(o, &t[from], to - from);
		from = to + 1;
	}
	if (rc == 0 && col != o->ncols)
		rc = 1;
	if (rc == 0 && (o->without_rowid || o->strict))
		key_not_null(o, pk_desc);
	if (rc != 0)
		clear_facts(o);
	else
		o->facts_loaded = 1;
	return rc;
}
