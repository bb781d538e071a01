/* SPDX-License-Identifier: MIT */
/*
 * Signatures of failures, for deduplication: two cases fail "the same way" when the property
 * and the signature agree. The signature is made from the detail an oracle wrote:
 *  - a schema difference (P1, D1): the kind of dump line and which of its fields differ
 *    ("schema: column differs in type"), or which line stands where another was expected
 *    ("schema: expected <column> got <end of columns>");
 *  - a row difference (P3): what differs in the first differing row ("rows: rowid differs",
 *    "rows: missing");
 *  - a failed sync that changed the database (P5): the error kind, the shape of the failing
 *    statement and the first changed object ("constraint INSERT INTO: changed: expected
 *    <table ·> got <table __new_·>");
 *  - anything else: the message with the case's names, string literals and numbers replaced.
 * Names are those of the case's baseline and desired schemas; they become "·".
 */
#include "adapter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------------- */

void sh_schema_names(sh_strv *names, sqlite3 *db)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name, type FROM main.sqlite_schema WHERE name "
					  "NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char *n = sh_strdup(sh_col_text(st, 0));
		sh_lower_ascii(n);
		sh_strv_push(names, n);
		if (strcmp(sh_col_text(st, 1), "table"))
			continue;
		sqlite3_stmt *c = sh_prepare(db, "SELECT name FROM pragma_table_xinfo(?1, 'main')");
		if (c) {
			sqlite3_bind_text(c, 1, sh_col_text(st, 0), -1, SQLITE_TRANSIENT);
			while (sqlite3_step(c) == SQLITE_ROW) {
				char *cn = sh_strdup(sh_col_text(c, 0));
				sh_lower_ascii(cn);
				sh_strv_push(names, cn);
			}
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(st);
}

/* Words that stay themselves unless they stand where a name does (after '.', ':' or '('):
 * SQL keywords and the English of SQLite's messages. */
static int stopword(const char *w)
{
	static const char *const k[] = {"a",
					"an",
					"the",
					"name",
					"value",
					"values",
					"key",
					"default",
					"order",
					"select",
					"from",
					"group",
					"table",
					"index",
					"view",
					"trigger",
					"column",
					"where",
					"insert",
					"into",
					"update",
					"set",
					"delete",
					"create",
					"drop",
					"alter",
					"add",
					"rename",
					"to",
					"primary",
					"not",
					"null",
					"unique",
					"check",
					"references",
					"foreign",
					"on",
					"and",
					"or",
					"as",
					"begin",
					"end",
					"by",
					"is",
					"constraint",
					"collate",
					"without",
					"rowid",
					"strict",
					"if",
					"exists",
					"desc",
					"asc",
					"no",
					"action",
					"cascade",
					"restrict",
					"deferrable",
					"initially",
					"deferred",
					"generated",
					"always",
					"stored",
					"virtual",
					"join",
					"count",
					"with",
					"match",
					"of",
					"for",
					"each",
					"row",
					"instead",
					"before",
					"after",
					"when",
					"in",
					"like",
					"has",
					"failed",
					"such",
					"duplicate",
					"integer",
					"text",
					"real",
					"blob",
					"numeric",
					"int",
					"autoincrement",
					NULL};
	for (int i = 0; k[i]; i++)
		if (!sh_stricmp(w, k[i]))
			return 1;
	return 0;
}

static int is_name(const sh_strv *names, const char *w)
{
	for (size_t i = 0; names && i < names->n; i++)
		if (!sh_stricmp(names->v[i], w))
			return 1;
	return 0;
}

static int word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* A word with every name it holds as an '_'-separated segment (longest first) replaced by
 * "·": "t" -> "·", "__new_t" -> "__new_·", "sqlite_autoindex_t_1" -> "sqlite_autoindex_·_1". */
static void name_segments(sh_buf *b, const char *w, const sh_strv *names)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < n;) {
		size_t best = 0;
		if (i == 0 || w[i - 1] == '_') {
			for (size_t j = n; j > i && !best; j--) {
				if (j < n && w[j] != '_')
					continue;
				char *seg = sh_strndup(w + i, j - i);
				if (is_name(names, seg))
					best = j - i;
				free(seg);
			}
		}
		if (best) {
			sh_buf_adds(b, "\xc2\xb7");
			i += best;
		} else {
			sh_buf_addc(b, w[i++]);
		}
	}
}

/* Cut s to at most max bytes, never inside a UTF-8 sequence. */
static void utf8_cut(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = 0;
}

/* Collapse runs of "X, X" (X one of the placeholders) into one X. */
static void collapse_lists(sh_buf *b)
{
	static const char *const ph[] = {"\xc2\xb7", "N", "'?'"};
	for (int k = 0; k < 3; k++) {
		sh_buf pair;
		sh_buf_init(&pair);
		sh_buf_printf(&pair, "%s, %s", ph[k], ph[k]);
		char *p;
		while (b->data && (p = strstr(b->data, pair.data))) {
			size_t skip = strlen(ph[k]) + 2;
			memmove(p, p + skip, b->len - (size_t)(p - b->data) - skip + 1);
			b->len -= skip;
		}
		sh_buf_free(&pair);
	}
}

/* text with every name that is not a plain word ("My Table", "it's") replaced by \x01 where
 * it stands alone or after a prefix ending in '_' ("__new_My Table"). */
static char *mark_odd_names(const char *text, const sh_strv *names)
{
	char *t = sh_strdup(text);
	for (size_t k = 0; names && k < names->n; k++) {
		const char *n = names->v[k];
		size_t len = strlen(n);
		int odd = 0;
		for (const char *p = n; *p; p++)
			odd |= !word_char((unsigned char)*p);
		if (!odd || !len)
			continue;
		for (size_t i = 0; t[i]; i++) {
			size_t tl = strlen(t);
			if (i + len > tl || sh_strnicmp(t + i, n, len))
				continue;
			unsigned char before = i ? (unsigned char)t[i - 1] : ' ';
			unsigned char after = (unsigned char)t[i + len];
			if ((word_char(before) && before != '_') || word_char(after))
				continue;
			t[i] = '\x01';
			memmove(t + i + 1, t + i + len, tl - i - len + 1);
		}
	}
	return t;
}

/* Does the word w (n bytes) put the next word where a name stands? */
static int names_next(const char *w, size_t n)
{
	static const char *const k[] = {"view", "table", "index", "trigger", "named",
					"on",   "into",  "from",  "exists",  NULL};
	for (int i = 0; k[i]; i++)
		if (strlen(k[i]) == n && !sh_strnicmp(w, k[i], n))
			return 1;
	return 0;
}

char *sh_normalize_message(const char *text, const sh_strv *names)
{
	char *marked = mark_odd_names(text, names);
	const char *s = marked;
	sh_buf b;
	sh_buf_init(&b);
	char prev = ' ';  /* the last non-space character written */
	int after_kw = 0; /* the last word puts a name next */
	while (*s) {
		unsigned char c = (unsigned char)*s;
		int in_word = s > marked && word_char((unsigned char)s[-1]);
		if (c == '\x01') {
			sh_buf_adds(&b, "\xc2\xb7");
			s++;
			prev = 'x';
			after_kw = 0;
		} else if (c == '\'' && !in_word) {
			for (s++; *s && !(*s == '\'' && s[1] != '\''); s += *s == '\'' ? 2 : 1) {
			}
			if (*s)
				s++;
			sh_buf_adds(&b, "'?'");
			prev = '\'';
			after_kw = 0;
		} else if (c == '"' || c == '`') {
			for (s++; *s && !(*s == (char)c && s[1] != (char)c);
			     s += *s == (char)c ? 2 : 1) {
			}
			if (*s)
				s++;
			sh_buf_adds(&b, "\xc2\xb7");
			prev = 'x';
			after_kw = 0;
		} else if (isdigit(c) && !in_word) {
			while (isdigit((unsigned char)*s) || *s == '.')
				s++;
			sh_buf_addc(&b, 'N');
			prev = 'N';
			after_kw = 0;
		} else if (word_char(c)) {
			const char *w = s;
			while (word_char((unsigned char)*s))
				s++;
			char *word = sh_strndup(w, (size_t)(s - w));
			int name_slot =
				prev == '.' || prev == ':' || prev == '(' || *s == '.' || after_kw;
			if (stopword(word) && !name_slot)
				sh_buf_adds(&b, word);
			else
				name_segments(&b, word, names);
			after_kw = names_next(word, strlen(word));
			free(word);
			prev = 'x';
		} else if (isspace(c)) {
			while (isspace((unsigned char)*s))
				s++;
			if (b.len && b.data[b.len - 1] != ' ')
				sh_buf_addc(&b, ' ');
		} else {
			sh_buf_addc(&b, (char)c);
			prev = (char)c;
			after_kw = 0;
			s++;
		}
	}
	free(marked);
	collapse_lists(&b);
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = 0;
	return sh_buf_take(&b);
}

/* ---- the parts of a detail ----------------------------------------------------------------------- */

/* Split "HEAD line N: expected <A> got <B>" (ss_oracle_diff's format); 0 when not one. */
static int split_diff(const char *d, char **head, char **a, char **b)
{
	for (const char *line = strstr(d, "line "); line; line = strstr(line + 1, "line ")) {
		const char *p = line + 5;
		while (isdigit((unsigned char)*p))
			p++;
		if (p == line + 5 || strncmp(p, ": expected <", 12))
			continue;
		const char *got = strstr(p, "> got <");
		if (!got)
			return 0;
		*head = sh_strndup(d, (size_t)(line - d));
		*a = sh_strndup(p + 12, (size_t)(got - p - 12));
		const char *bs = got + 7;
		const char *be = bs + strlen(bs);
		if (be > bs && be[-1] == '>')
			be--;
		*b = sh_strndup(bs, (size_t)(be - bs));
		return 1;
	}
	return 0;
}

/* What a schema-dump line is (oracle_schema.c's format). */
static const char *dump_kind(const char *l)
{
	while (*l == ' ')
		l++;
	if (!*l)
		return "nothing";
	if (!strncmp(l, "autoincrement=", 14))
		return "end of columns";
	if (l[1] == ' ' || !l[1]) {
		switch (l[0]) {
		case 'T':
			return "table";
		case 'C':
			return "column";
		case 'K':
			return "check";
		case 'F':
			return "foreign key";
		case 'I':
			return "index";
		case 'V':
			return "view";
		case 'R':
			return "trigger";
		}
	}
	return l[0] == '!' ? "error" : "line";
}

/* The value of " key=" in line (up to the next " word=" or the end), or NULL. */
static char *field(const char *line, const char *key)
{
	sh_buf k;
	sh_buf_init(&k);
	sh_buf_printf(&k, " %s=", key);
	const char *p = strstr(line, k.data);
	size_t kl = k.len;
	sh_buf_free(&k);
	if (!p)
		return NULL;
	p += kl;
	const char *e = p;
	for (; *e; e++) {
		if (*e != ' ')
			continue;
		const char *w = e + 1;
		while (*w >= 'a' && *w <= 'z')
			w++;
		if (*w == '=' && w > e + 1)
			break;
	}
	return sh_strndup(p, (size_t)(e - p));
}

/* The words before the first " key=" (kind letter, number, name...). */
static void lead_words(sh_strv *out, const char *l)
{
	while (*l == ' ')
		l++;
	while (*l) {
		size_t n = strcspn(l, " ");
		if (memchr(l, '=', n))
			break;
		sh_strv_push(out, sh_strndup(l, n));
		l += n;
		while (*l == ' ')
			l++;
	}
}

static void dump_line_sig(sh_buf *s, const char *a, const char *b)
{
	const char *ka = dump_kind(a), *kb = dump_kind(b);
	if (strcmp(ka, kb)) {
		sh_buf_printf(s, "expected <%s> got <%s>", ka, kb);
		return;
	}
	static const char *const keys[] = {"type",    "notnull",  "dflt", "pk",     "hidden",
					   "coll",    "gen",      "wr",   "strict", "unique",
					   "partial", "sql",      "keys", "upd",    "del",
					   "match",   "deferred", NULL};
	sh_buf diff;
	sh_buf_init(&diff);
	int any_field = 0;
	for (int i = 0; keys[i]; i++) {
		char *x = field(a, keys[i]), *y = field(b, keys[i]);
		any_field |= x || y;
		if ((x || y) && (!x || !y || strcmp(x, y)))
			sh_buf_printf(&diff, "%s%s", diff.len ? ", " : "", keys[i]);
		free(x);
		free(y);
	}
	sh_strv la = {0}, lb = {0};
	lead_words(&la, a);
	lead_words(&lb, b);
	/* a column's or table's name (case aside, renames by case are their own finding) */
	const char *na = !strcmp(ka, "column") && la.n > 2 ? la.v[2] : la.n > 1 ? la.v[1] : "";
	const char *nb = !strcmp(kb, "column") && lb.n > 2 ? lb.v[2] : lb.n > 1 ? lb.v[1] : "";
	if (any_field && strcmp(na, nb))
		sh_buf_printf(&diff, "%s%s", diff.len ? ", " : "",
			      sh_stricmp(na, nb) ? "name" : "name case");
	if (!any_field)
		sh_buf_printf(s, "%s differs", ka);
	else if (diff.len)
		sh_buf_printf(s, "%s differs in %s", ka, diff.data);
	else
		sh_buf_printf(s, "%s differs", ka);
	sh_strv_free(&la);
	sh_strv_free(&lb);
	sh_buf_free(&diff);
}

/* "N|T'x'|I3" split on '|' outside quotes. */
static void split_values(sh_strv *out, const char *r)
{
	const char *start = r;
	int q = 0;
	for (const char *p = r;; p++) {
		if (*p == '\'')
			q = !q;
		if (!*p || (*p == '|' && !q)) {
			sh_strv_push(out, sh_strndup(start, (size_t)(p - start)));
			if (!*p)
				break;
			start = p + 1;
		}
	}
}

static void rows_sig(sh_buf *s, const char *head, const char *a, const char *b)
{
	if (!b[0]) {
		sh_buf_adds(s, "rows: missing");
		return;
	}
	if (!a[0]) {
		sh_buf_adds(s, "rows: extra");
		return;
	}
	/* the compared columns: "rows of table T (c1, c2) differ: " */
	sh_strv cols = {0}, va = {0}, vb = {0};
	const char *open = strrchr(head, '(');
	const char *close = open ? strchr(open, ')') : NULL;
	for (const char *p = open ? open + 1 : NULL; p && p < close;) {
		size_t n = strcspn(p, ",)");
		if (p + n > close)
			n = (size_t)(close - p);
		sh_strv_push(&cols, sh_strndup(p, n));
		p += n;
		while (p < close && (*p == ',' || *p == ' '))
			p++;
	}
	split_values(&va, a);
	split_values(&vb, b);
	int rowid = 0, other = 0, nulled = 0, retyped = 0;
	for (size_t i = 0; i < va.n && i < vb.n; i++) {
		if (!strcmp(va.v[i], vb.v[i]))
			continue;
		if (i < cols.n && !strcmp(cols.v[i], "rowid"))
			rowid = 1;
		else
			other = 1;
		if (!strcmp(vb.v[i], "N"))
			nulled = 1;
		else if (va.v[i][0] != vb.v[i][0])
			retyped = 1;
	}
	sh_buf_adds(s, "rows: ");
	if (va.n != vb.n)
		sh_buf_adds(s, "different columns");
	else if (rowid && !other)
		sh_buf_adds(s, "rowid differs");
	else
		sh_buf_printf(s, "%s%s%s", rowid ? "rowid and a value differ" : "a value differs",
			      nulled ? " (NULL instead)" : "", retyped ? " (another type)" : "");
	sh_strv_free(&cols);
	sh_strv_free(&va);
	sh_strv_free(&vb);
}

/* The first words of a full-dump line: "table ·", "index ·", "row". */
static void full_kind(sh_buf *s, const char *l, const sh_strv *names)
{
	while (*l == ' ')
		l++;
	if (!*l) {
		sh_buf_adds(s, "nothing");
		return;
	}
	if (!strncmp(l, "row:", 4)) {
		sh_buf_adds(s, "row");
		return;
	}
	size_t n = strcspn(l, " ");
	size_t m = n + strcspn(l + n + 1, " ") + 1;
	char *two = sh_strndup(l, m);
	char *norm = sh_normalize_message(two, names);
	sh_buf_adds(s, norm);
	free(norm);
	free(two);
}

/* The leading SQL keywords of a statement ("CREATE TABLE", "INSERT INTO", "DROP INDEX"). */
static void statement_words(sh_buf *s, const char *text, int max)
{
	static const char *const k[] = {
		"create",    "table",    "index",  "unique", "view",   "trigger", "drop",
		"alter",     "add",      "rename", "column", "insert", "into",    "or",
		"ignore",    "replace",  "update", "delete", "from",   "pragma",  "begin",
		"commit",    "rollback", "select", "if",     "exists", "not",     "temp",
		"savepoint", "release",  NULL};
	const char *w = text;
	int words = 0;
	while (*w == ' ')
		w++;
	while (*w && words < max) {
		size_t n = 0;
		while (isalpha((unsigned char)w[n]))
			n++;
		int kw = 0;
		for (int i = 0; n && k[i] && !kw; i++)
			kw = strlen(k[i]) == n && !sh_strnicmp(w, k[i], n);
		if (!kw)
			break;
		/* IF [NOT] EXISTS adds nothing to the shape */
		if (!(n == 2 && !sh_strnicmp(w, "if", 2)) &&
		    !(n == 3 && !sh_strnicmp(w, "not", 3)) &&
		    !(n == 6 && !sh_strnicmp(w, "exists", 6))) {
			sh_buf_printf(s, "%s", words ? " " : "");
			for (size_t i = 0; i < n; i++)
				sh_buf_addc(s, (char)toupper((unsigned char)w[i]));
			words++;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
}

/* SQLite's messages, as they appear inside an engine's message. */
static const char *sqlite_phrase(const char *m, size_t *back)
{
	static const char *const p[] = {"constraint failed", "no such column",
					"no such table",     "already exists",
					"duplicate column",  "error in view",
					"error in trigger",  "syntax error",
					"cannot add a",      "has no column named",
					"datatype mismatch", "database is locked",
					"cannot drop",       "cannot start a transaction",
					"cannot commit",     "malformed",
					"not defined",       "does not compile",
					"does not load",     NULL};
	const char *best = NULL;
	for (int i = 0; p[i]; i++) {
		const char *f = NULL;
		for (const char *q = m; *q && !f; q++)
			if (!sh_strnicmp(q, p[i], strlen(p[i])))
				f = q;
		if (f && (!best || f < best))
			best = f;
	}
	*back = 0;
	if (best && !sh_strnicmp(best, "constraint failed", 17)) {
		/* "UNIQUE constraint failed", "FOREIGN KEY constraint failed" */
		const char *q = best;
		for (int words = 0; q > m && words < 2; words++) {
			q--;
			while (q > m && q[-1] != ' ' && q[-1] != ':')
				q--;
			if (words == 0 && strncmp(q, "KEY ", 4) && strncmp(q, "NULL ", 5))
				break;
		}
		*back = (size_t)(best - q);
	}
	return best;
}

/* The shape of a failure message: the failing statement's first keywords and SQLite's
 * phrase ("INSERT INTO … UNIQUE constraint failed: ·.·"); else the normalized message with
 * parenthesized lists shortened. */
static void failure_shape(sh_buf *s, const char *message, const sh_strv *names)
{
	char *norm = sh_normalize_message(message, names);
	sh_buf b;
	sh_buf_init(&b);
	int depth = 0;
	for (const char *p = norm; *p; p++) {
		if (*p == '(') {
			if (depth++ == 0)
				sh_buf_adds(&b, "(\xe2\x80\xa6)");
			continue;
		}
		if (*p == ')' && depth) {
			depth--;
			continue;
		}
		if (!depth)
			sh_buf_addc(&b, *p);
	}
	const char *text = b.data ? b.data : "";
	/* kinds first ("sqlite: internal: ..."): the last one is the adapter's */
	static const char *const kinds[] = {
		"refused: ", "destructive: ", "constraint: ", "invalid: ", "unsupported: ",
		"busy: ",    "internal: ",    "sqlite: ",     NULL};
	const char *kind = NULL;
	for (int i = 0; kinds[i]; i++)
		if (!strncmp(text, kinds[i], strlen(kinds[i]))) {
			if (strcmp(kinds[i], "sqlite: "))
				kind = kinds[i];
			text += strlen(kinds[i]);
			i = -1;
		}
	if (kind)
		sh_buf_adds(s, kind);
	size_t back = 0;
	const char *phrase = sqlite_phrase(text, &back);
	sh_buf stmt;
	sh_buf_init(&stmt);
	statement_words(&stmt, text, 4);
	const char *err = phrase ? strstr(phrase, "ERROR: ") : NULL;
	if (phrase && strstr(phrase, " is not defined")) {
		/* a JavaScript ReferenceError: the name is the case's */
		sh_buf_printf(s, "%.*s: · is not defined", (int)strcspn(phrase, ":"), phrase);
	} else if (phrase && err) {
		/* a compiler's message: its first clause */
		err += 7;
		sh_buf_printf(s, "%.*s: %.*s", (int)strcspn(phrase, ":"), phrase,
			      (int)strcspn(err, ":\"'`"), err);
	} else if (phrase) {
		/* SQLite's phrase up to its object ("UNIQUE constraint failed", "error in view ·
		 * after drop column"), and the next one when it nests ("no such column") */
		const char *from = phrase - back;
		size_t n = strcspn(from, ":;(");
		if (n > 80)
			n = 80;
		if (stmt.len)
			sh_buf_printf(s, "%s … ", stmt.data);
		sh_buf_add(s, from, n);
		size_t back2 = 0;
		const char *next = sqlite_phrase(from + n, &back2);
		if (next) {
			size_t m = strcspn(next - back2, ":;(");
			sh_buf_printf(s, ": %.*s", (int)(m > 60 ? 60 : m), next - back2);
		}
		while (s->len && s->data[s->len - 1] == ' ')
			s->data[--s->len] = 0;
	} else {
		sh_buf_printf(s, "%.160s", text);
	}
	sh_buf_free(&stmt);
	sh_buf_free(&b);
	free(norm);
}

/* P2's details: which statement a formatting-only change or a second sync planned. */
static int p2_shape(sh_buf *s, const char *d, const sh_strv *names)
{
	static const char *const heads[][2] = {
		{"the definitions differ from the baseline only in formatting, but the plan has",
		 "formatting-only change planned: "},
		{"the definitions differ from the baseline only in formatting, but the sync changed",
		 "formatting-only change changed the database"},
		{"second sync planned", "second sync planned: "},
		{"second sync plans", "second plan: "},
		{"second sync changed the database", "second sync changed the database"},
		{"second sync failed: ", "second sync failed: "},
		{"second plan failed: ", "second plan failed: "}};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		if (strncmp(d, heads[i][0], strlen(heads[i][0])))
			continue;
		sh_buf_adds(s, heads[i][1]);
		const char *rest = strstr(d + strlen(heads[i][0]), ": ");
		if (strstr(heads[i][1], "failed"))
			failure_shape(s, d + strlen(heads[i][0]), names);
		else if (rest && heads[i][1][strlen(heads[i][1]) - 1] == ' ')
			statement_words(s, rest + 2, 3);
		return 1;
	}
	return 0;
}

void sh_signature(char *out, size_t len, const char *prefix, const char *detail,
		  const sh_strv *names)
{
	sh_buf s;
	sh_buf_init(&s);
	sh_buf_printf(&s, "%s ", prefix);
	const char *d = detail;
	if (*d == '[') {
		const char *e = strstr(d, "] ");
		if (e)
			d = e + 2;
	}
	static const char *const transport[] = {"adapter timeout", "adapter crashed",
						"adapter protocol error", NULL};
	for (int i = 0; transport[i]; i++)
		if (strstr(d, transport[i])) {
			snprintf(out, len, "%s %s", prefix, transport[i]);
			sh_buf_free(&s);
			return;
		}
	static const char *const heads[][2] = {
		{"sync failed although the rows fit the desired schema: ",
		 "failed although the rows fit: "},
		{"sync did not complete: ", "did not complete: "},
		{"the engine cannot build the definitions on an empty database: ",
		 "cannot build the definitions on an empty database: "},
		{"sync succeeded but SQLite rejects the rows in the desired schema",
		 "synced although SQLite rejects the rows"},
		{"failed sync left the file", "failed sync left a file beside the database"},
		{"the engine synced; the reference engine failed: ",
		 "the engine synced, the reference failed: "}};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		size_t n = strlen(heads[i][0]);
		if (strncmp(d, heads[i][0], n))
			continue;
		sh_buf_adds(&s, heads[i][1]);
		if (heads[i][0][n - 1] == ' ')
			failure_shape(&s, d + n, names);
		d = NULL;
		break;
	}
	if (d && !strncmp(d, "the engine failed (", 19)) {
		/* D1: only the kind; the message is the engine's */
		sh_buf_printf(&s, "the engine failed (%.*s), the reference synced",
			      (int)strcspn(d + 19, ":)"), d + 19);
		d = NULL;
	}
	char *head = NULL, *a = NULL, *b = NULL;
	const char *fs = d ? strstr(d, "failed sync (") : NULL;
	if (!d) {
		/* done */
	} else if (p2_shape(&s, d, names)) {
		/* done */
	} else if (split_diff(d, &head, &a, &b)) {
		if (strstr(head, "schema differs")) {
			sh_buf_adds(&s, "schema: ");
			dump_line_sig(&s, a, b);
		} else if (!strncmp(head, "rows of table", 13)) {
			rows_sig(&s, head, a, b);
		} else if (fs && strstr(head, "changed the database")) {
			/* "failed sync (kind: message) changed the database: " */
			const char *k = fs + 13;
			const char *me = strstr(k, ") changed the database");
			char *message = sh_strndup(k, me ? (size_t)(me - k) : strlen(k));
			failure_shape(&s, message, names);
			sh_buf_adds(&s, "; changed: expected <");
			full_kind(&s, a, names);
			sh_buf_adds(&s, "> got <");
			full_kind(&s, b, names);
			sh_buf_adds(&s, ">");
			free(message);
		} else {
			char *n = sh_normalize_message(head, names);
			sh_buf_printf(&s, "%.160s", n);
			free(n);
		}
	} else {
		failure_shape(&s, d, names);
	}
	free(head);
	free(a);
	free(b);
	while (s.len && (s.data[s.len - 1] == ' ' || s.data[s.len - 1] == ':'))
		s.data[--s.len] = 0;
	utf8_cut(s.data, len - 1);
	snprintf(out, len, "%s", s.data);
	sh_buf_free(&s);
}

void sh_signature_failure(char *out, size_t len, const char *prefix, const char *message,
			  const char *suffix, const sh_strv *names)
{
	sh_buf s;
	sh_buf_init(&s);
	sh_buf_printf(&s, "%s ", prefix);
	failure_shape(&s, message, names);
	while (s.len && s.data[s.len - 1] == ' ')
		s.data[--s.len] = 0;
	if (suffix && suffix[0])
		sh_buf_printf(&s, "; %s", suffix);
	utf8_cut(s.data, len - 1);
	snprintf(out, len, "%s", s.data);
	sh_buf_free(&s);
}
