/* SPDX-License-Identifier: MIT */
/*
 * The SQL text layer: a tokenizer that follows SQLite's lexical rules (tokenize.c), the
 * statement splitter for definitions texts, the classifier of CREATE statements, the
 * identifier-span rewrite used by the prefix strategy, and the normalizer that makes
 * formatting, keyword case, comments and quoting style irrelevant to comparison.
 *
 * Everything works on token spans of the original text, never on substrings: renaming the
 * index "post" must not touch the table "posts", a string literal or a comment.
 */
#include "internal.h"

#include <string.h>

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_xdigit(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* SQLite's IdChar: letters, digits, '_', '$' and every byte >= 0x80. */
static int is_idchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
	       c == '$' || c >= 0x80;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static size_t quoted_len(const char *z, char close, ss_tok_type *type, ss_tok_type ok)
{
	size_t i = 1;
	for (;;) {
		if (z[i] == 0) {
			*type = SS_TK_ILLEGAL;
			return i;
		}
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
	if (is_idchar((unsigned char)z[i])) {
		*type = SS_TK_ILLEGAL;
		while (is_idchar((unsigned char)z[i]))
			i++;
	}
	return i;
}

size_t ss_sql_token(const char *z, ss_tok_type *type)
{
	unsigned char c = (unsigned char)z[0];
	size_t i;
	if (is_space(c)) {
		for (i = 1; is_space((unsigned char)z[i]); i++)
			;
		*type = SS_TK_SPACE;
		return i;
	}
	switch (c) {
	case '-':
		if (z[1] == '-') {
			for (i = 2; z[i] && z[i] != '\n'; i++)
				;
			*type = SS_TK_COMMENT;
			return i;
		}
		*type = SS_TK_PUNCT;
		if (z[1] == '>')
			return z[2] == '>' ? 3 : 2;
		return 1;
	case '/':
		if (z[1] == '*') {
			/* An unterminated block comment runs to the end, as in SQLite. */
			for (i = 2; z[i] && !(z[i] == '*' && z[i + 1] == '/'); i++)
				;
			*type = SS_TK_COMMENT;
			return z[i] ? i + 2 : i;
		}
		*type = SS_TK_PUNCT;
		return 1;
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
		*type = SS_TK_PUNCT;
		return (z[1] == '=' || z[1] == '>' || z[1] == '<') ? 2 : 1;
	case '>':
		*type = SS_TK_PUNCT;
		return (z[1] == '=' || z[1] == '>') ? 2 : 1;
	case '=':
		*type = SS_TK_PUNCT;
		return z[1] == '=' ? 2 : 1;
	case '!':
		*type = z[1] == '=' ? SS_TK_PUNCT : SS_TK_ILLEGAL;
		return z[1] == '=' ? 2 : 1;
	case '|':
		*type = SS_TK_PUNCT;
		return z[1] == '|' ? 2 : 1;
	case '?':
		for (i = 1; is_digit((unsigned char)z[i]); i++)
			;
		*type = SS_TK_VARIABLE;
		return i;
	case '$':
	case '@':
	case ':':
	case '#':
		for (i = 1; is_idchar((unsigned char)z[i]); i++)
			;
		*type = i > 1 ? SS_TK_VARIABLE : SS_TK_ILLEGAL;
		return i;
	case 'x':
	case 'X':
		if (z[1] == '\'') {
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
		break;
	default:
		break;
	}
	if (is_digit(c))
		return number_len(z, type);
	if (is_idchar(c)) {
		for (i = 1; is_idchar((unsigned char)z[i]); i++)
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
	size_t i = 0;
	memset(out, 0, sizeof(*out));
	if (n > SS_BUF_MAX)
		return SS_E_NOMEM; /* token lengths are 32-bit */
	while (i < n && sql[i]) {
		ss_tok_type type;
		size_t len = ss_sql_token(sql + i, &type);
		if (i + len > n)
			len = n - i;
		if (type == SS_TK_COMMENT && sql[i] == '/' &&
		    (len < 4 || sql[i + len - 2] != '*' || sql[i + len - 1] != '/'))
			out->unterminated_comment = sql + i;
		if (type != SS_TK_SPACE && type != SS_TK_COMMENT) {
			if (out->n == out->cap) {
				size_t cap = out->cap ? out->cap * 2 : 32;
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

int ss_tok_is(const ss_token *t, const char *keyword)
{
	size_t n = strlen(keyword);
	return t->type == SS_TK_WORD && t->n == n && ss_strnicmp(t->z, keyword, n) == 0;
}

char *ss_tok_ident(const ss_token *t)
{
	if (t->type == SS_TK_WORD)
		return ss__strndup(t->z, t->n);
	if (t->type != SS_TK_QIDENT && t->type != SS_TK_STRING)
		return NULL;
	char close = t->z[0] == '[' ? ']' : t->z[0];
	char *r = ss__malloc(t->n);
	if (r == NULL)
		return NULL;
	size_t j = 0;
	for (size_t i = 1; i + 1 < t->n; i++) {
		r[j++] = t->z[i];
		if (close != ']' && t->z[i] == close)
			i++; /* a doubled quote stands for one */
	}
	r[j] = 0;
	return r;
}

static int is_name_token(const ss_token *t)
{
	return t->type == SS_TK_WORD || t->type == SS_TK_QIDENT || t->type == SS_TK_STRING;
}

/* ---- splitting ------------------------------------------------------------------------- */

/*
 * Splitting follows sqlite3_complete(): a statement ends at ';', except in CREATE TRIGGER,
 * which ends only at "; END ;" (or END at the end of the text). A CASE ... END inside a
 * trigger body never follows a ';', so it cannot end the trigger early.
 */
static size_t line_of(const char *sql, const char *at)
{
	size_t line = 1;
	for (const char *p = sql; p < at && *p; p++)
		line += *p == '\n';
	return line;
}

static int is_semi(const ss_token *t)
{
	return t->type == SS_TK_PUNCT && t->z[0] == ';';
}

int ss_sql_split_tokens(ss_tok_range **out, size_t *count, const char *sql, const ss_tokens *all,
			ss_error *err)
{
	size_t cap = 0, i = 0, n = all->n;
	const ss_token *t = all->v;
	ss_tok_range *v = NULL;
	*out = NULL;
	*count = 0;
	if (all->unterminated_comment != NULL)
		return ss__fail(err, SS_E_INVALID,
				"definitions: unterminated /* comment at line %zu",
				line_of(sql, all->unterminated_comment));
	for (size_t k = 0; k < n; k++)
		if (t[k].type == SS_TK_ILLEGAL &&
		    (t[k].z[0] == '\'' || t[k].z[0] == '"' || t[k].z[0] == '`' || t[k].z[0] == '['))
			return ss__fail(err, SS_E_INVALID,
					"definitions: unterminated quote at line %zu",
					line_of(sql, t[k].z));
	while (i < n) {
		if (is_semi(&t[i])) {
			i++; /* an empty statement */
			continue;
		}
		size_t start = i, j = i;
		size_t w = start + 1;
		if (w < n && (ss_tok_is(&t[w], "temp") || ss_tok_is(&t[w], "temporary")))
			w++;
		int trigger =
			ss_tok_is(&t[start], "create") && w < n && ss_tok_is(&t[w], "trigger");
		if (!trigger) {
			while (j < n && !is_semi(&t[j]))
				j++;
		} else {
			/* ends at "; END ;" or at "; END" closing the text */
			for (j = w + 1; j < n; j++)
				if (is_semi(&t[j]) && j >= 2 && ss_tok_is(&t[j - 1], "end") &&
				    is_semi(&t[j - 2]))
					break;
			if (j == n &&
			    !(n >= 2 && ss_tok_is(&t[n - 1], "end") && is_semi(&t[n - 2]))) {
				ss_free(v);
				return ss__fail(
					err, SS_E_INVALID,
					"definitions: CREATE TRIGGER starting at line %zu has "
					"no END",
					line_of(sql, t[start].z));
			}
		}
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			ss_tok_range *nv = ss__realloc(v, cap * sizeof(*nv));
			if (nv == NULL) {
				ss_free(v);
				return ss__fail(err, SS_E_NOMEM, "out of memory");
			}
			v = nv;
		}
		v[*count].first = start;
		v[*count].count = j - start;
		(*count)++;
		i = j + 1;
	}
	*out = v;
	return 0;
}

int ss_sql_split(ss_stmt_span **out, size_t *count, const char *sql, ss_error *err)
{
	ss_tokens all;
	ss_tok_range *r = NULL;
	size_t n = 0, len = strlen(sql);
	*out = NULL;
	*count = 0;
	if (ss_tokens_lex(&all, sql, len) != 0)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	int rc = ss_sql_split_tokens(&r, &n, sql, &all, err);
	ss_stmt_span *v = rc == 0 ? ss__calloc(n ? n : 1, sizeof(*v)) : NULL;
	if (rc == 0 && v == NULL)
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
	for (size_t k = 0; rc == 0 && k < n; k++) {
		/* from the first token to the ';' (or the end of the text) */
		const ss_token *first = &all.v[r[k].first];
		size_t end_tok = r[k].first + r[k].count;
		const char *end = end_tok < all.n ? all.v[end_tok].z : sql + len;
		v[k].start = (size_t)(first->z - sql);
		v[k].len = (size_t)(end - first->z);
	}
	ss_free(r);
	ss_tokens_free(&all);
	if (rc != 0) {
		ss_free(v);
		return rc;
	}
	*out = v;
	*count = n;
	return 0;
}

/* ---- classification -------------------------------------------------------------------- */

void ss_create_info_clear(ss_create_info *ci)
{
	ss_free(ci->name);
	ss_free(ci->target);
	memset(ci, 0, sizeof(*ci));
}

static void excerpt(char *dst, size_t cap, const ss_tokens *toks)
{
	if (toks->n == 0) {
		dst[0] = 0;
		return;
	}
	const char *b = toks->v[0].z;
	const char *e = toks->v[toks->n - 1].z + toks->v[toks->n - 1].n;
	size_t n = (size_t)(e - b);
	if (n > 60)
		n = 60;
	size_t j = 0;
	for (size_t i = 0; i < n && j + 4 < cap; i++)
		dst[j++] = (b[i] == '\n' || b[i] == '\r' || b[i] == '\t') ? ' ' : b[i];
	if ((size_t)(e - b) > 60 && j + 4 < cap) {
		memcpy(dst + j, "...", 3);
		j += 3;
	}
	dst[j] = 0;
}

int ss_sql_classify(ss_create_info *out, const ss_tokens *toks, ss_error *err)
{
	char ex[80];
#define EX() (excerpt(ex, sizeof(ex), toks), ex)
	size_t i = 1;
	const ss_token *t = toks->v;
	memset(out, 0, sizeof(*out));
	out->name_tok = out->schema_tok = out->target_tok = out->target_schema_tok = -1;
	ex[0] = 0; /* filled only when failing (EX) */
	if (toks->n < 3 || !ss_tok_is(&t[0], "create"))
		return ss__fail(err, SS_E_INVALID,
				"only CREATE TABLE, INDEX, VIEW and TRIGGER are accepted: %s",
				EX());
	if (ss_tok_is(&t[i], "temp") || ss_tok_is(&t[i], "temporary")) {
		out->is_temp = 1;
		i++;
	}
	if (i < toks->n && ss_tok_is(&t[i], "unique")) {
		out->is_unique_index = 1;
		i++;
	}
	if (i < toks->n && ss_tok_is(&t[i], "virtual")) {
		out->is_virtual = 1;
		i++;
	}
	if (i >= toks->n)
		return ss__fail(err, SS_E_INVALID, "incomplete CREATE statement: %s", EX());
	if (ss_tok_is(&t[i], "table"))
		out->type = SS_OBJ_TABLE;
	else if (ss_tok_is(&t[i], "index"))
		out->type = SS_OBJ_INDEX;
	else if (ss_tok_is(&t[i], "view"))
		out->type = SS_OBJ_VIEW;
	else if (ss_tok_is(&t[i], "trigger"))
		out->type = SS_OBJ_TRIGGER;
	else
		return ss__fail(err, SS_E_INVALID,
				"only CREATE TABLE, INDEX, VIEW and TRIGGER are accepted: %s",
				EX());
	if ((out->is_unique_index && out->type != SS_OBJ_INDEX) ||
	    (out->is_virtual && out->type != SS_OBJ_TABLE))
		return ss__fail(err, SS_E_INVALID, "malformed CREATE statement: %s", EX());
	i++;
	if (i + 2 < toks->n && ss_tok_is(&t[i], "if") && ss_tok_is(&t[i + 1], "not") &&
	    ss_tok_is(&t[i + 2], "exists")) {
		out->if_not_exists = 1;
		i += 3;
	}
	if (i >= toks->n || !is_name_token(&t[i]))
		return ss__fail(err, SS_E_INVALID, "CREATE statement without a name: %s", EX());
	if (i + 2 < toks->n && t[i + 1].type == SS_TK_PUNCT && t[i + 1].z[0] == '.' &&
	    is_name_token(&t[i + 2])) {
		out->schema_tok = (long)i;
		i += 2;
	}
	out->name_tok = (long)i;
	out->name = ss_tok_ident(&t[i]);
	if (out->name == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	i++;
	if (out->type == SS_OBJ_TABLE) {
		if (i < toks->n && ss_tok_is(&t[i], "as"))
			out->as_select = 1;
	} else if (out->type == SS_OBJ_INDEX || out->type == SS_OBJ_TRIGGER) {
		/* The first top-level ON names the target (a trigger's UPDATE OF list has no ON). */
		for (; i < toks->n; i++)
			if (ss_tok_is(&t[i], "on"))
				break;
		i++;
		if (i >= toks->n || !is_name_token(&t[i]))
			return ss__fail(err, SS_E_INVALID, "CREATE %s without ON table: %s",
					out->type == SS_OBJ_INDEX ? "INDEX" : "TRIGGER", EX());
		if (i + 2 < toks->n && t[i + 1].type == SS_TK_PUNCT && t[i + 1].z[0] == '.' &&
		    is_name_token(&t[i + 2])) {
			out->target_schema_tok = (long)i;
			i += 2;
		}
		out->target_tok = (long)i;
		out->target = ss_tok_ident(&t[i]);
		if (out->target == NULL)
			return ss__fail(err, SS_E_NOMEM, "out of memory");
	}
	return 0;
}
#undef EX

/* ---- rewriting ------------------------------------------------------------------------- */

/*
 * Copy stmt, replacing the tokens [from, to] (inclusive, by index) with text. Used with the
 * name span (schema qualifier included) and the target span.
 */
typedef struct span_edit {
	long from, to;
	const char *text;
} span_edit;

static char *apply_edits(const char *stmt, size_t len, const ss_tokens *toks, span_edit *e, int ne)
{
	ss_buf b;
	ss_buf_init(&b);
	const char *pos = stmt;
	/* edits are in token order */
	for (int k = 0; k < ne; k++) {
		if (e[k].to < 0)
			continue;
		const ss_token *a = &toks->v[e[k].from];
		const ss_token *z = &toks->v[e[k].to];
		ss_buf_add(&b, pos, (size_t)(a->z - pos));
		/* a replacement must stay a token of its own: "w""" would fuse with a quote
		 * or word that followed the old name without a space */
		if (a->z > stmt &&
		    (is_idchar((unsigned char)a->z[-1]) || strchr("\"'`]", a->z[-1])))
			ss_buf_addc(&b, ' ');
		ss_buf_adds(&b, e[k].text);
		pos = z->z + z->n;
		if (pos < stmt + len && (is_idchar((unsigned char)*pos) || strchr("\"'`[", *pos)))
			ss_buf_addc(&b, ' ');
	}
	ss_buf_add(&b, pos, (size_t)(stmt + len - pos));
	return ss_buf_detach(&b);
}

char *ss_sql_rewrite_names(const char *stmt, size_t len, const ss_tokens *toks,
			   const ss_create_info *ci, const char *name_sql, const char *target_sql)
{
	span_edit e[2];
	int ne = 0;
	if (name_sql != NULL) {
		e[ne].from = ci->schema_tok >= 0 ? ci->schema_tok : ci->name_tok;
		e[ne].to = ci->name_tok;
		e[ne].text = name_sql;
		ne++;
	}
	if (target_sql != NULL && ci->target_tok >= 0) {
		e[ne].from = ci->target_schema_tok >= 0 ? ci->target_schema_tok : ci->target_tok;
		e[ne].to = ci->target_tok;
		e[ne].text = target_sql;
		ne++;
	}
	return apply_edits(stmt, len, toks, e, ne);
}

char *ss_sql_prefix_rewrite(const char *stmt, size_t len, const ss_tokens *toks,
			    const ss_create_info *ci, const char *prefix)
{
	ss_buf name, target;
	ss_buf_init(&name);
	ss_buf_init(&target);
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, prefix);
	ss_buf_adds(&b, ci->name);
	char *pn = ss_buf_detach(&b);
	char *r = NULL;
	char *pt = NULL;
	if (pn == NULL)
		goto done;
	ss_buf_add_ident(&name, pn);
	if (ci->target != NULL) {
		ss_buf_adds(&b, prefix);
		ss_buf_adds(&b, ci->target);
		pt = ss_buf_detach(&b);
		if (pt == NULL)
			goto done;
		ss_buf_add_ident(&target, pt);
	}
	if (name.failed || target.failed)
		goto done;
	r = ss_sql_rewrite_names(stmt, len, toks, ci, name.data,
				 ci->target != NULL ? target.data : NULL);
done:
	ss_free(pn);
	ss_free(pt);
	ss_buf_free(&name);
	ss_buf_free(&target);
	ss_buf_free(&b);
	return r;
}

/* ---- normalization --------------------------------------------------------------------- */

static int is_keyword(const char *z, size_t n)
{
	return n <= 30 && sqlite3_keyword_check(z, (int)n);
}

static int add_canon_ident(ss_buf *b, const char *z, size_t n, int fold)
{
	ss_buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		if (c == '"')
			ss_buf_addc(b, '"');
		ss_buf_addc(b, (char)(fold ? lower(c) : c));
	}
	return ss_buf_addc(b, '"');
}

/*
 * Identifier case is kept (spelling counts), except where SQLite's meaning is
 * case-insensitive and writers vary it freely: the first fold_first tokens (a column's
 * declared type), a name directly before '(' (functions) and a collation name.
 */
/* Words SQLite reads as keywords by context only (not in its keyword list). */
static int is_soft_keyword(const ss_token *t)
{
	return ss_tok_is(t, "stored") || ss_tok_is(t, "strict") || ss_tok_is(t, "rowid");
}

int ss_sql_normalize_mode(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first)
{
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		const ss_token *t = &toks[i];
		/* optional syntax that never changes the meaning */
		if (i + 2 < n && ss_tok_is(t, "generated") && ss_tok_is(&toks[i + 1], "always") &&
		    ss_tok_is(&toks[i + 2], "as")) {
			i++; /* GENERATED ALWAYS AS reads as AS */
			continue;
		}
		if (i + 2 < n && ss_tok_is(t, "for") && ss_tok_is(&toks[i + 1], "each") &&
		    ss_tok_is(&toks[i + 2], "row")) {
			i += 2; /* FOR EACH ROW is the only kind of trigger SQLite has */
			continue;
		}
		int fold =
			i < fold_first || is_soft_keyword(t) ||
			(i + 1 < n && toks[i + 1].type == SS_TK_PUNCT && toks[i + 1].z[0] == '(' &&
			 !(i > 0 && ss_tok_is(&toks[i - 1], "references"))) ||
			(i > 0 &&
			 (ss_tok_is(&toks[i - 1], "collate") || ss_tok_is(&toks[i - 1], "match")));
		if (!first)
			ss_buf_addc(b, ' ');
		first = 0;
		switch (t->type) {
		case SS_TK_WORD:
			if (is_keyword(t->z, t->n)) {
				for (size_t k = 0; k < t->n; k++)
					ss_buf_addc(b, (char)lower((unsigned char)t->z[k]));
			} else {
				add_canon_ident(b, t->z, t->n, fold);
			}
			break;
		case SS_TK_QIDENT: {
			char *id = ss_tok_ident(t);
			if (id == NULL) {
				b->failed = 1;
				return SS_E_NOMEM;
			}
			size_t idn = strlen(id);
			int all_lower = 1;
			for (size_t k = 0; k < idn; k++)
				if (id[k] >= 'A' && id[k] <= 'Z')
					all_lower = 0;
			/* "key" reads as the bare word key; "Key" keeps its spelling */
			if (is_keyword(id, idn) && (all_lower || fold)) {
				for (size_t k = 0; k < idn; k++)
					ss_buf_addc(b, (char)lower((unsigned char)id[k]));
			} else {
				add_canon_ident(b, id, idn, fold);
			}
			ss_free(id);
			break;
		}
		case SS_TK_BLOB:
			for (size_t k = 0; k < t->n; k++)
				ss_buf_addc(b, (char)lower((unsigned char)t->z[k]));
			break;
		default:
			ss_buf_add(b, t->z, t->n);
			break;
		}
	}
	return b->failed ? SS_E_NOMEM : 0;
}

int ss_sql_normalize(ss_buf *b, const ss_token *toks, size_t n)
{
	return ss_sql_normalize_mode(b, toks, n, 0);
}
