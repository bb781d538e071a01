/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the SQL text layer (engine/src/sql_*.c): the tokenizer (every quoting style,
 * doubled quotes, blobs, numbers, comments, unterminated quotes), the statement splitter
 * (cross-checked against sqlite3_complete() on every piece), the CREATE classifier, the
 * prefix rewrite on token spans (never substrings), and the normalizer (formatting, keyword
 * case, comments and quoting style never change the result; string literal contents do).
 * Most tests are tables of cases; a failing case is reported by name and the test fails
 * once at the end, so one run shows every broken case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- tokenizer ------------------------------------------------------------------------ */

typedef struct token_case {
	const char *text;
	ss_tok_type type;
	size_t len; /* of the first token */
} token_case;

static const token_case k_tokens[] = {
	{"\"x\" rest", SS_TK_QIDENT, 3},
	{"\"a\"\"b\" rest", SS_TK_QIDENT, 6},
	{"\"a b\"", SS_TK_QIDENT, 5},
	{"`x` rest", SS_TK_QIDENT, 3},
	{"`a``b` rest", SS_TK_QIDENT, 6},
	{"[x] rest", SS_TK_QIDENT, 3},
	{"[a b] rest", SS_TK_QIDENT, 5},
	{"[a]] rest", SS_TK_QIDENT, 3}, /* brackets have no doubling */
	{"[a\"b] rest", SS_TK_QIDENT, 5},
	{"'x' rest", SS_TK_STRING, 3},
	{"'it''s' rest", SS_TK_STRING, 7},
	{"'a;b' rest", SS_TK_STRING, 5},
	{"'' rest", SS_TK_STRING, 2},
	{"'\"' rest", SS_TK_STRING, 3},
	{"x'ab' rest", SS_TK_BLOB, 5},
	{"X'00FF' rest", SS_TK_BLOB, 7},
	{"x'' rest", SS_TK_BLOB, 3},
	{"x'abc' rest", SS_TK_ILLEGAL, 6}, /* odd number of digits */
	{"x'zz' rest", SS_TK_ILLEGAL, 5},
	{"xy rest", SS_TK_WORD, 2},
	{"x rest", SS_TK_WORD, 1},
	{"_a$1 rest", SS_TK_WORD, 4},
	{"caf\xc3\xa9 rest", SS_TK_WORD, 5},
	{"123 rest", SS_TK_NUMBER, 3},
	{"1.5 rest", SS_TK_NUMBER, 3},
	{".5 rest", SS_TK_NUMBER, 2},
	{"1e10 rest", SS_TK_NUMBER, 4},
	{"1.5E-3 rest", SS_TK_NUMBER, 6},
	{"0x1F rest", SS_TK_NUMBER, 4},
	{"123abc rest", SS_TK_ILLEGAL, 6},
	{"-- comment ; 'x\nrest", SS_TK_COMMENT, 15},
	{"-- to the end", SS_TK_COMMENT, 13},
	{"/* a ; 'b */rest", SS_TK_COMMENT, 12},
	{" \t\n\r x", SS_TK_SPACE, 5},
	{"'unterminated", SS_TK_ILLEGAL, 13},
	{"'unterminated''", SS_TK_ILLEGAL, 15},
	{"\"unterminated", SS_TK_ILLEGAL, 13},
	{"`unterminated", SS_TK_ILLEGAL, 13},
	{"[unterminated", SS_TK_ILLEGAL, 13},
	{"?1 rest", SS_TK_VARIABLE, 2},
	{":name rest", SS_TK_VARIABLE, 5},
	{"@v rest", SS_TK_VARIABLE, 2},
	{"$v rest", SS_TK_VARIABLE, 2},
	{"; rest", SS_TK_PUNCT, 1},
	{"<> rest", SS_TK_PUNCT, 2},
	{"<= rest", SS_TK_PUNCT, 2},
	{"!= rest", SS_TK_PUNCT, 2},
	{"|| rest", SS_TK_PUNCT, 2},
	{"->> rest", SS_TK_PUNCT, 3},
	{"- 1", SS_TK_PUNCT, 1},
	{"/ 1", SS_TK_PUNCT, 1},
	{"! rest", SS_TK_ILLEGAL, 1},
};

static void test_sql__token_types_and_lengths(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_tokens); i++) {
		ss_tok_type type = SS_TK_EOF;
		size_t n = ss_sql_token(k_tokens[i].text, &type);
		if (type != k_tokens[i].type || n != k_tokens[i].len) {
			print_error("token case %zu <%s>: got type %d len %zu, want type %d len "
				    "%zu\n",
				    i, k_tokens[i].text, (int)type, n, (int)k_tokens[i].type,
				    k_tokens[i].len);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

typedef struct ident_case {
	const char *text;
	const char *ident; /* NULL: not a name token */
} ident_case;

static const ident_case k_idents[] = {
	{"plain", "plain"},
	{"MixedCase", "MixedCase"},
	{"\"quoted\"", "quoted"},
	{"\"a\"\"b\"", "a\"b"},
	{"\"a b\"", "a b"},
	{"`a``b`", "a`b"},
	{"[a b]", "a b"},
	{"[a\"b]", "a\"b"},
	{"'str''ing'", "str'ing"},
	{"\"caf\xc3\xa9\"", "caf\xc3\xa9"},
	{"\"\"", ""},
	{"123", NULL},
	{"x'ab'", NULL},
	{";", NULL},
};

static void test_sql__tok_ident_unquotes(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_idents); i++) {
		ss_token t;
		t.z = k_idents[i].text;
		t.n = ss_sql_token(t.z, &t.type);
		char *id = ss_tok_ident(&t);
		int ok = k_idents[i].ident == NULL
				 ? id == NULL
				 : (id != NULL && strcmp(id, k_idents[i].ident) == 0);
		if (!ok) {
			print_error("ident case <%s>: got <%s>, want <%s>\n", k_idents[i].text,
				    id ? id : "(null)",
				    k_idents[i].ident ? k_idents[i].ident : "(null)");
			failures++;
		}
		ss_free(id);
	}
	assert_int_equal(failures, 0);
}

static void test_sql__lex_drops_spaces_and_comments(void **state)
{
	(void)state;
	const char *sql = "CREATE /* c; */ TABLE -- x;\n \"t\" ( a , [b] ) ; 'x' x'01' 1.5";
	static const ss_tok_type want[] = {SS_TK_WORD,  SS_TK_WORD,   SS_TK_QIDENT, SS_TK_PUNCT,
					   SS_TK_WORD,  SS_TK_PUNCT,  SS_TK_QIDENT, SS_TK_PUNCT,
					   SS_TK_PUNCT, SS_TK_STRING, SS_TK_BLOB,   SS_TK_NUMBER};
	ss_tokens t;
	assert_int_equal(ss_tokens_lex(&t, sql, strlen(sql)), 0);
	assert_int_equal(t.n, N_ELEMS(want));
	for (size_t i = 0; i < t.n; i++) {
		assert_int_equal(t.v[i].type, want[i]);
		/* spans point into the source */
		assert_true(t.v[i].z >= sql && t.v[i].z + t.v[i].n <= sql + strlen(sql));
	}
	assert_true(ss_tok_is(&t.v[0], "create"));
	assert_true(ss_tok_is(&t.v[1], "TABLE"));
	assert_false(ss_tok_is(&t.v[2], "t")); /* a quoted name never matches a keyword */
	ss_tokens_free(&t);
	assert_null(t.v);

	/* the length limit is honoured: only "CREATE" */
	assert_int_equal(ss_tokens_lex(&t, sql, 6), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].n, 6);
	ss_tokens_free(&t);
}

/* ---- splitter ------------------------------------------------------------------------- */

typedef struct split_case {
	const char *name;
	const char *sql;
	size_t count;
	const char *pieces[4]; /* each piece exactly, without the ';' */
} split_case;

static const split_case k_splits[] = {
	{"two tables",
	 "CREATE TABLE a(x);\nCREATE TABLE b(y);",
	 2,
	 {"CREATE TABLE a(x)", "CREATE TABLE b(y)"}},
	{"no final semicolon",
	 "CREATE TABLE a(x); CREATE TABLE b(y)",
	 2,
	 {"CREATE TABLE a(x)", "CREATE TABLE b(y)"}},
	{"string with semicolon",
	 "CREATE TABLE a(x DEFAULT 'a;b'); CREATE TABLE b(y)",
	 2,
	 {"CREATE TABLE a(x DEFAULT 'a;b')", "CREATE TABLE b(y)"}},
	{"string with doubled quote and semicolon",
	 "CREATE TABLE a(x DEFAULT 'it'';s');",
	 1,
	 {"CREATE TABLE a(x DEFAULT 'it'';s')"}},
	{"line comment with semicolon",
	 "CREATE TABLE a(x -- one; two\n);",
	 1,
	 {"CREATE TABLE a(x -- one; two\n)"}},
	{"block comment with semicolon",
	 "CREATE TABLE a(x /* ; */); /* ; */ CREATE TABLE b(y);",
	 2,
	 {"CREATE TABLE a(x /* ; */)", "CREATE TABLE b(y)"}},
	{"quoted names with semicolons",
	 "CREATE TABLE \"a;\"([b;] INT, `c;` INT); CREATE TABLE d(e);",
	 2,
	 {"CREATE TABLE \"a;\"([b;] INT, `c;` INT)", "CREATE TABLE d(e)"}},
	{"empty statements dropped", ";;\n  ; -- only a comment;\n ; /* x */ ;", 0, {NULL}},
	{"empty statements between",
	 "; CREATE TABLE a(x);; ;CREATE TABLE b(y);;",
	 2,
	 {"CREATE TABLE a(x)", "CREATE TABLE b(y)"}},
	{"trigger body with semicolons",
	 "CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); DELETE FROM b; "
	 "END; CREATE TABLE c(z);",
	 2,
	 {"CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); DELETE FROM b; "
	  "END",
	  "CREATE TABLE c(z)"}},
	{"trigger with CASE ... END in the body",
	 "create trigger tr after update on a begin update b set y = case when new.x > 0 then "
	 "'pos;' else 'neg' end; insert into b values (';'); end;\ncreate view v as select 1;",
	 2,
	 {"create trigger tr after update on a begin update b set y = case when new.x > 0 then "
	  "'pos;' else 'neg' end; insert into b values (';'); end",
	  "create view v as select 1"}},
	{"temp trigger",
	 "CREATE TEMP TRIGGER tr BEFORE DELETE ON a BEGIN SELECT 1; END;",
	 1,
	 {"CREATE TEMP TRIGGER tr BEFORE DELETE ON a BEGIN SELECT 1; END"}},
	{"trigger END at the end of the text",
	 "CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END",
	 1,
	 {"CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END"}},
	{"trigger with comment before END",
	 "CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; -- done;\nEND;SELECT 2",
	 2,
	 {"CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; -- done;\nEND", "SELECT 2"}},
	{"leading comment is not part of the piece",
	 "-- header;\nCREATE TABLE a(x);",
	 1,
	 {"CREATE TABLE a(x)"}},
};

/* Invariants against SQLite's own notion of a complete statement: each piece followed by
 * ';' is complete, and no shorter prefix of the piece ending at one of its ';' bytes is. */
static int check_complete(const char *name, const char *piece, size_t len)
{
	char buf[1024];
	int bad = 0;
	if (len + 2 > sizeof(buf))
		return 1;
	memcpy(buf, piece, len);
	buf[len] = ';';
	buf[len + 1] = 0;
	if (!sqlite3_complete(buf)) {
		print_error("split case '%s': piece <%s> is not complete per sqlite3_complete\n",
			    name, buf);
		bad++;
	}
	for (size_t k = 0; k < len; k++) {
		if (piece[k] != ';')
			continue;
		memcpy(buf, piece, k + 1);
		buf[k + 1] = 0;
		if (sqlite3_complete(buf)) {
			print_error("split case '%s': piece <%.*s> contains a complete statement "
				    "<%s>\n",
				    name, (int)len, piece, buf);
			bad++;
		}
	}
	return bad;
}

static void test_sql__split_cases(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_splits); i++) {
		const split_case *c = &k_splits[i];
		ss_stmt_span *spans = NULL;
		size_t n = 99;
		ss_error err = {0, ""};
		int rc = ss_sql_split(&spans, &n, c->sql, &err);
		if (rc != 0 || n != c->count) {
			print_error("split case '%s': rc %d (%s), %zu pieces, want %zu\n", c->name,
				    rc, err.message, n, c->count);
			failures++;
			ss_free(spans);
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			const char *p = c->sql + spans[k].start;
			if (strlen(c->pieces[k]) != spans[k].len ||
			    strncmp(p, c->pieces[k], spans[k].len) != 0) {
				print_error("split case '%s' piece %zu: <%.*s>, want <%s>\n",
					    c->name, k, (int)spans[k].len, p, c->pieces[k]);
				failures++;
			}
			failures += check_complete(c->name, p, spans[k].len);
		}
		ss_free(spans);
	}
	assert_int_equal(failures, 0);
}

typedef struct split_error_case {
	const char *name;
	const char *sql;
} split_error_case;

static const split_error_case k_split_errors[] = {
	{"unterminated string", "CREATE TABLE a(x DEFAULT 'abc);"},
	{"unterminated string in second statement", "CREATE TABLE a(x); CREATE TABLE b(y '"},
	{"unterminated double quote", "CREATE TABLE \"a(x);"},
	{"unterminated backtick", "CREATE TABLE `a(x);"},
	{"unterminated bracket", "CREATE TABLE [a(x);"},
	{"trigger without END", "CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1;"},
};

static void test_sql__split_rejects_unterminated(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_split_errors); i++) {
		ss_stmt_span *spans = NULL;
		size_t n = 0;
		ss_error err = {0, ""};
		int rc = ss_sql_split(&spans, &n, k_split_errors[i].sql, &err);
		if (rc != SS_E_INVALID || err.code != SS_E_INVALID || err.message[0] == 0) {
			print_error("split error case '%s': rc %d, message <%s>\n",
				    k_split_errors[i].name, rc, err.message);
			failures++;
		}
		/* SQLite agrees the text cannot be complete */
		if (sqlite3_complete(k_split_errors[i].sql)) {
			print_error("split error case '%s': sqlite3_complete says complete\n",
				    k_split_errors[i].name);
			failures++;
		}
		ss_free(spans);
	}
	assert_int_equal(failures, 0);
}

/*
 * ENGINE BUG (sql-1): internal.h promises SS_E_INVALID for an unterminated block comment,
 * but the tokenizer lets a block comment run to the end of the text (as SQLite does) and the
 * splitter accepts it. Either the contract or the code must change; until then the test is
 * skipped through SKIP_ENGINE_BUG_UNTERMINATED_COMMENT.
 */
#define SKIP_ENGINE_BUG_UNTERMINATED_COMMENT 0

static void test_sql__split_rejects_unterminated_comment(void **state)
{
	(void)state;
	ss_stmt_span *spans = NULL;
	size_t n = 0;
	ss_error err = {0, ""};
	int rc = ss_sql_split(&spans, &n, "CREATE TABLE a(x); /* no end", &err);
	ss_free(spans);
	if (SKIP_ENGINE_BUG_UNTERMINATED_COMMENT && rc == 0)
		skip();
	assert_int_equal(rc, SS_E_INVALID);
}

/* ---- classifier ----------------------------------------------------------------------- */

typedef struct classify_case {
	const char *sql;
	int rc;
	ss_object_type type;
	int temp, virt, ine, uniq, as_select;
	const char *name;
	const char *target;
	int schema; /* schema qualifier present */
} classify_case;

static const classify_case k_classify[] = {
	{"CREATE TABLE t(x)", 0, SS_OBJ_TABLE, 0, 0, 0, 0, 0, "t", NULL, 0},
	{"create table if not exists \"My T\"(x)", 0, SS_OBJ_TABLE, 0, 0, 1, 0, 0, "My T", NULL, 0},
	{"CREATE TEMP TABLE t(x)", 0, SS_OBJ_TABLE, 1, 0, 0, 0, 0, "t", NULL, 0},
	{"CREATE TEMPORARY TABLE t(x)", 0, SS_OBJ_TABLE, 1, 0, 0, 0, 0, "t", NULL, 0},
	{"CREATE VIRTUAL TABLE f USING fts5(x)", 0, SS_OBJ_TABLE, 0, 1, 0, 0, 0, "f", NULL, 0},
	{"CREATE TABLE main.t(x)", 0, SS_OBJ_TABLE, 0, 0, 0, 0, 0, "t", NULL, 1},
	{"CREATE TABLE [other].`t`(x)", 0, SS_OBJ_TABLE, 0, 0, 0, 0, 0, "t", NULL, 1},
	{"CREATE TABLE t AS SELECT 1", 0, SS_OBJ_TABLE, 0, 0, 0, 0, 1, "t", NULL, 0},
	{"CREATE INDEX i ON t(x)", 0, SS_OBJ_INDEX, 0, 0, 0, 0, 0, "i", "t", 0},
	{"CREATE UNIQUE INDEX IF NOT EXISTS main.i ON [t t](x) WHERE x > 0", 0, SS_OBJ_INDEX, 0, 0,
	 1, 1, 0, "i", "t t", 1},
	{"CREATE VIEW v AS SELECT 1", 0, SS_OBJ_VIEW, 0, 0, 0, 0, 0, "v", NULL, 0},
	{"CREATE TEMP VIEW IF NOT EXISTS v(a) AS SELECT 1", 0, SS_OBJ_VIEW, 1, 0, 1, 0, 0, "v",
	 NULL, 0},
	{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", 0, SS_OBJ_TRIGGER, 0, 0, 0, 0,
	 0, "tr", "t", 0},
	{"CREATE TRIGGER tr AFTER UPDATE OF a, b ON \"tgt\" WHEN new.a > 0 BEGIN SELECT 1; END", 0,
	 SS_OBJ_TRIGGER, 0, 0, 0, 0, 0, "tr", "tgt", 0},
	{"CREATE TRIGGER IF NOT EXISTS tr INSTEAD OF DELETE ON v BEGIN SELECT 1; END", 0,
	 SS_OBJ_TRIGGER, 0, 0, 1, 0, 0, "tr", "v", 0},
	{"create trigger on_x before delete on x begin select 1; end", 0, SS_OBJ_TRIGGER, 0, 0, 0,
	 0, 0, "on_x", "x", 0},
	/* rejected */
	{"DROP TABLE t", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"INSERT INTO t VALUES (1)", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"ALTER TABLE t ADD COLUMN y", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"PRAGMA foreign_keys = ON", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE SEQUENCE s START 1", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE UNIQUE TABLE t(x)", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE VIRTUAL INDEX i ON t(x)", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE INDEX i", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
	{"CREATE TABLE (x)", SS_E_INVALID, SS_OBJ_NONE, 0, 0, 0, 0, 0, NULL, NULL, 0},
};

static int str_eq_null(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void test_sql__classify_cases(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_classify); i++) {
		const classify_case *c = &k_classify[i];
		ss_tokens t;
		ss_create_info ci;
		ss_error err = {0, ""};
		assert_int_equal(ss_tokens_lex(&t, c->sql, strlen(c->sql)), 0);
		int rc = ss_sql_classify(&ci, &t, &err);
		int ok = rc == c->rc;
		if (ok && rc == 0) {
			ok = ci.type == c->type && ci.is_temp == c->temp &&
			     ci.is_virtual == c->virt && ci.if_not_exists == c->ine &&
			     ci.is_unique_index == c->uniq && ci.as_select == c->as_select &&
			     str_eq_null(ci.name, c->name) && str_eq_null(ci.target, c->target) &&
			     (ci.schema_tok >= 0) == c->schema && ci.name_tok >= 0 &&
			     (size_t)ci.name_tok < t.n;
			/* the name token really spells the name */
			if (ok) {
				char *id = ss_tok_ident(&t.v[ci.name_tok]);
				ok = id != NULL && strcmp(id, c->name) == 0;
				ss_free(id);
			}
			if (ok && c->target != NULL) {
				char *id = ss_tok_ident(&t.v[ci.target_tok]);
				ok = id != NULL && strcmp(id, c->target) == 0;
				ss_free(id);
			}
			if (ok && c->target == NULL)
				ok = ci.target_tok == -1;
		}
		if (ok && rc != 0)
			ok = err.code == rc && err.message[0] != 0;
		if (!ok) {
			print_error("classify <%s>: rc %d (want %d), type %d, temp %d, virtual %d, "
				    "ine %d, unique %d, as %d, name <%s>, target <%s>, schema_tok "
				    "%ld: %s\n",
				    c->sql, rc, c->rc, (int)ci.type, ci.is_temp, ci.is_virtual,
				    ci.if_not_exists, ci.is_unique_index, ci.as_select,
				    ci.name ? ci.name : "", ci.target ? ci.target : "",
				    ci.schema_tok, err.message);
			failures++;
		}
		ss_create_info_clear(&ci);
		ss_tokens_free(&t);
	}
	assert_int_equal(failures, 0);
}

/* ---- prefix rewrite ------------------------------------------------------------------- */

#define PFX SS_DEFAULT_SCRATCH_PREFIX

typedef struct rewrite_case {
	const char *name;
	const char *setup; /* run first in a fresh database (prefixed ON targets) */
	const char *sql;
	const char *want;
} rewrite_case;

static const rewrite_case k_rewrites[] = {
	{"index post on table posts", "CREATE TABLE \"" PFX "posts\"(post_id, post)",
	 "CREATE INDEX post ON posts(post_id, post)",
	 "CREATE INDEX \"" PFX "post\" ON \"" PFX "posts\"(post_id, post)"},
	{"table with prefix text in literal, comment and column", NULL,
	 "CREATE TABLE t( /* t " PFX "t */ \"" PFX "c\" TEXT DEFAULT '" PFX "t', t INT)",
	 "CREATE TABLE \"" PFX "t\"( /* t " PFX "t */ \"" PFX "c\" TEXT DEFAULT '" PFX
	 "t', t INT)"},
	{"schema qualifier replaced", NULL, "CREATE TABLE main . t(x)",
	 "CREATE TABLE \"" PFX "t\"(x)"},
	{"IF NOT EXISTS kept", NULL, "create table if not exists [t](x)",
	 "create table if not exists \"" PFX "t\"(x)"},
	{"name with spaces", NULL, "CREATE TABLE \"my table\"(x)",
	 "CREATE TABLE \"" PFX "my table\"(x)"},
	{"embedded double quote", NULL, "CREATE TABLE \"a\"\"b\"(x)",
	 "CREATE TABLE \"" PFX "a\"\"b\"(x)"},
	{"backticks with embedded backtick", NULL, "CREATE TABLE `a``b`(x)",
	 "CREATE TABLE \"" PFX "a`b\"(x)"},
	{"non-ASCII", NULL, "CREATE TABLE caf\xc3\xa9(x)",
	 "CREATE TABLE \"" PFX "caf\xc3\xa9\"(x)"},
	{"underscore and percent", NULL, "CREATE TABLE \"a_%b\"(x)",
	 "CREATE TABLE \"" PFX "a_%b\"(x)"},
	{"string literal as name", NULL, "CREATE TABLE 'lit'(x)", "CREATE TABLE \"" PFX "lit\"(x)"},
	{"view mentioning its own name text", "CREATE TABLE v(v)",
	 "CREATE VIEW v AS SELECT v, 'v' FROM v",
	 "CREATE VIEW \"" PFX "v\" AS SELECT v, 'v' FROM v"},
	{"trigger UPDATE OF column named like the table", "CREATE TABLE \"" PFX "posts\"(posts)",
	 "CREATE TRIGGER posts AFTER UPDATE OF posts ON posts BEGIN SELECT 'posts'; END",
	 "CREATE TRIGGER \"" PFX "posts\" AFTER UPDATE OF posts ON \"" PFX
	 "posts\" BEGIN SELECT 'posts'; END"},
	{"unique index quoted target with spaces", "CREATE TABLE \"" PFX "t t\"(\"a b\")",
	 "CREATE UNIQUE INDEX [i i] ON \"t t\"(\"a b\") WHERE \"a b\" <> 'i i'",
	 "CREATE UNIQUE INDEX \"" PFX "i i\" ON \"" PFX "t t\"(\"a b\") WHERE \"a b\" <> 'i i'"},
};

static void test_sql__prefix_rewrite_changes_only_name_tokens(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_rewrites); i++) {
		const rewrite_case *c = &k_rewrites[i];
		ss_tokens t, t2;
		ss_create_info ci, ci2;
		assert_int_equal(ss_tokens_lex(&t, c->sql, strlen(c->sql)), 0);
		assert_int_equal(ss_sql_classify(&ci, &t, NULL), 0);
		char *r = ss_sql_prefix_rewrite(c->sql, strlen(c->sql), &t, &ci, PFX);
		assert_non_null(r);
		if (strcmp(r, c->want) != 0) {
			print_error("rewrite '%s':\n  got  <%s>\n  want <%s>\n", c->name, r,
				    c->want);
			failures++;
		}
		/* the result classifies as the prefixed name and target */
		assert_int_equal(ss_tokens_lex(&t2, r, strlen(r)), 0);
		assert_int_equal(ss_sql_classify(&ci2, &t2, NULL), 0);
		if (strncmp(ci2.name, PFX, strlen(PFX)) != 0 ||
		    strcmp(ci2.name + strlen(PFX), ci.name) != 0 ||
		    (ci.target != NULL &&
		     (ci2.target == NULL || strncmp(ci2.target, PFX, strlen(PFX)) != 0 ||
		      strcmp(ci2.target + strlen(PFX), ci.target) != 0))) {
			print_error("rewrite '%s': reclassified as <%s> on <%s>\n", c->name,
				    ci2.name, ci2.target ? ci2.target : "");
			failures++;
		}
		/* and SQLite accepts it */
		sqlite3 *db = NULL;
		char *msg = NULL;
		assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
		if ((c->setup && sqlite3_exec(db, c->setup, NULL, NULL, &msg) != SQLITE_OK) ||
		    sqlite3_exec(db, r, NULL, NULL, &msg) != SQLITE_OK) {
			print_error("rewrite '%s': SQLite rejects <%s>: %s\n", c->name, r,
				    msg ? msg : "");
			failures++;
		}
		sqlite3_free(msg);
		sqlite3_close(db);
		ss_free(r);
		ss_create_info_clear(&ci);
		ss_create_info_clear(&ci2);
		ss_tokens_free(&t);
		ss_tokens_free(&t2);
	}
	assert_int_equal(failures, 0);
}

static void test_sql__rewrite_names_replaces_spans(void **state)
{
	(void)state;
	const char *sql = "CREATE INDEX main.post ON posts (post)";
	ss_tokens t;
	ss_create_info ci;
	assert_int_equal(ss_tokens_lex(&t, sql, strlen(sql)), 0);
	assert_int_equal(ss_sql_classify(&ci, &t, NULL), 0);
	char *r = ss_sql_rewrite_names(sql, strlen(sql), &t, &ci, "\"x\".\"p\"", NULL);
	assert_string_equal(r, "CREATE INDEX \"x\".\"p\" ON posts (post)");
	ss_free(r);
	r = ss_sql_rewrite_names(sql, strlen(sql), &t, &ci, NULL, "\"P\"");
	assert_string_equal(r, "CREATE INDEX main.post ON \"P\" (post)");
	ss_free(r);
	ss_create_info_clear(&ci);
	ss_tokens_free(&t);
}

/* ---- normalizer ----------------------------------------------------------------------- */

static char *normalized(const char *sql, int fold)
{
	ss_tokens t;
	ss_buf b;
	ss_buf_init(&b);
	assert_int_equal(ss_tokens_lex(&t, sql, strlen(sql)), 0);
	int rc = fold < 0 ? ss_sql_normalize(&b, t.v, t.n)
			  : ss_sql_normalize_mode(&b, t.v, t.n, fold);
	assert_int_equal(rc, 0);
	ss_tokens_free(&t);
	char *r = ss_buf_detach(&b);
	assert_non_null(r);
	return r;
}

/* Texts in one group normalize identically; fold is ss_sql_normalize_mode's fold_first (the
 * number of leading tokens whose identifiers are folded: a column's declared type), -1 is
 * ss_sql_normalize. */
typedef struct norm_group {
	const char *name;
	int fold;
	const char *texts[6];
} norm_group;

static const norm_group k_norm_same[] = {
	{"formatting and keyword case",
	 -1,
	 {"CREATE VIEW v AS SELECT a, b FROM t WHERE a = 1",
	  "create   view v\n\tas select a,b from t where a=1",
	  "Create View v As Select a , b From t Where a = 1", NULL}},
	{"comments",
	 0,
	 {"CREATE VIEW v AS SELECT a FROM t", "CREATE /* c */ VIEW v AS -- x\n SELECT a FROM t",
	  "CREATE VIEW v AS SELECT a FROM t -- trailing", NULL}},
	{"quoting styles",
	 0,
	 {"SELECT \"col\" FROM \"tab\"", "SELECT `col` FROM `tab`", "SELECT [col] FROM [tab]",
	  "SELECT col FROM tab", NULL}},
	{"quoted keyword used as name",
	 0,
	 {"SELECT \"order\" FROM t", "SELECT [order] FROM t", "SELECT `order` FROM t", NULL}},
	{"declared type case (fold_first 1)",
	 1,
	 {"Text NOT NULL", "TEXT not null", "text Not Null", "\"TEXT\" NOT NULL", NULL}},
	{"function name case",
	 0,
	 {"SELECT LOWER(a)", "select lower(a)", "SELECT Lower ( a )", NULL}},
	{"collation name case",
	 0,
	 {"a COLLATE NOCASE", "a collate nocase", "a COLLATE \"NoCase\"", NULL}},
	{"blob case", 0, {"SELECT x'AB'", "select X'ab'", NULL}},
	{"embedded quote", 0, {"SELECT \"a\"\"b\"", "SELECT [a\"b]", "SELECT `a\"b`", NULL}},
};

static void test_sql__normalize_ignores_formatting(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_norm_same); i++) {
		const norm_group *g = &k_norm_same[i];
		char *first = normalized(g->texts[0], g->fold);
		for (size_t k = 1; k < N_ELEMS(g->texts) && g->texts[k]; k++) {
			char *other = normalized(g->texts[k], g->fold);
			if (strcmp(first, other) != 0) {
				print_error("normalize group '%s': <%s> -> <%s> but <%s> -> <%s>\n",
					    g->name, g->texts[0], first, g->texts[k], other);
				failures++;
			}
			ss_free(other);
		}
		ss_free(first);
	}
	assert_int_equal(failures, 0);
}

typedef struct norm_pair {
	const char *name;
	int fold;
	const char *a, *b;
} norm_pair;

static const norm_pair k_norm_differ[] = {
	{"string literal case", 0, "SELECT 'a'", "SELECT 'A'"},
	{"string literal case folded mode", 1, "DEFAULT 'a'", "DEFAULT 'A'"},
	{"string literal spaces", 1, "DEFAULT 'a b'", "DEFAULT 'a  b'"},
	{"string literal comment-like text", 0, "SELECT '/* x */'", "SELECT ''"},
	{"string with semicolon", 0, "SELECT 'a;b'", "SELECT 'ab'"},
	{"string vs identifier", 0, "SELECT 'a'", "SELECT \"a\""},
	{"number", 0, "SELECT 1", "SELECT 1.0"},
	{"identifier spelling", 0, "SELECT Abc FROM t", "SELECT abc FROM t"},
	{"quoted identifier spelling", 0, "SELECT \"Abc\" FROM t", "SELECT \"abc\" FROM t"},
	{"column spelling after a folded type", 1, "INT REFERENCES p(Id)", "INT REFERENCES p(id)"},
	{"identifier after the folded prefix", 1, "TEXT DEFAULT Abc", "TEXT DEFAULT abc"},
	{"different identifier", 1, "CREATE TABLE t(a)", "CREATE TABLE t(b)"},
};

static void test_sql__normalize_keeps_literals_and_spelling(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < N_ELEMS(k_norm_differ); i++) {
		const norm_pair *p = &k_norm_differ[i];
		char *a = normalized(p->a, p->fold);
		char *b = normalized(p->b, p->fold);
		if (strcmp(a, b) == 0) {
			print_error("normalize pair '%s': <%s> and <%s> both -> <%s>\n", p->name,
				    p->a, p->b, a);
			failures++;
		}
		ss_free(a);
		ss_free(b);
	}
	assert_int_equal(failures, 0);
}

/*
 * ENGINE BUG (sql-2): a quoted identifier whose text is an SQL keyword is emitted as the
 * lower-cased bare keyword, so "Key" and "key" (or "Order" and "order") normalize alike
 * even without identifier folding. Identifier spelling must count (SPEC §2): a view
 * `SELECT a AS "Key"` changed to `AS "key"` is planned as unchanged, and the live view keeps
 * the old column name. Skipped through SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE.
 */
#define SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE 0

static void test_sql__normalize_keeps_quoted_keyword_spelling(void **state)
{
	(void)state;
	char *a = normalized("SELECT a AS \"Key\" FROM t", 0);
	char *b = normalized("SELECT a AS \"key\" FROM t", 0);
	int same = strcmp(a, b) == 0;
	ss_free(a);
	ss_free(b);
	if (SKIP_ENGINE_BUG_QUOTED_KEYWORD_CASE && same)
		skip();
	assert_false(same);
}

static void test_sql__normalize_exact_form(void **state)
{
	(void)state;
	/* spelling kept, except the name before '(' (resolved case-insensitively) */
	char *r = normalized("CREATE  VIEW [My V] AS SELECT \"b\"\"C\", 'X y' FROM T -- z", 0);
	assert_string_equal(r, "create view \"My V\" as select \"b\"\"C\" , 'X y' from \"T\"");
	ss_free(r);
	r = normalized("INT DEFAULT 'Q' COLLATE NoCase", 1);
	assert_string_equal(r, "\"int\" default 'Q' collate \"nocase\"");
	ss_free(r);
	r = normalized("", 0);
	assert_string_equal(r, "");
	ss_free(r);
}

/* ---- small helpers -------------------------------------------------------------------- */

static void test_sql__stricmp_is_ascii_only(void **state)
{
	(void)state;
	assert_int_equal(ss_stricmp("Users", "users"), 0);
	assert_int_not_equal(ss_stricmp("user", "users"), 0);
	/* SQLite folds ASCII only: "É" and "é" are different names */
	assert_int_not_equal(ss_stricmp("\xc3\x89", "\xc3\xa9"), 0);
	assert_int_equal(ss_strnicmp("__SQLFU_sync_x", "__sqlfu_SYNC_", 13), 0);
}

static void test_sql__buf_quotes_identifiers_and_literals(void **state)
{
	(void)state;
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_add_ident(&b, "a\"b c");
	ss_buf_addc(&b, ' ');
	ss_buf_add_literal(&b, "it's;");
	ss_buf_printf(&b, " %d", 42);
	char *s = ss_buf_detach(&b);
	assert_string_equal(s, "\"a\"\"b c\" 'it''s;' 42");
	assert_int_equal(b.len, 0);
	ss_free(s);
	ss_buf_free(&b);
}

/* Every keyword SQLite reports reads as a keyword (lower-cased, bare) in any case, and a
 * word one letter longer or with a letter changed as a name (quoted): the normalizer's own
 * keyword table against the library's list, including words that share a keyword's
 * length and first and last letters. */
static void test_sql__normalize_keywords_match_sqlite(void **state)
{
	(void)state;
	int failures = 0;
	for (int i = 0; i < sqlite3_keyword_count(); i++) {
		const char *z;
		int n;
		assert_int_equal(sqlite3_keyword_name(i, &z, &n), SQLITE_OK);
		char word[64], expect[80];
		assert_true(n > 0 && n < 40);
		for (int k = 0; k < n; k++) /* mixed case: KeYwOrD */
			word[k] = (char)(k % 2 ? ss_ascii_lower((unsigned char)z[k]) : z[k]);
		word[n] = 0;
		char *got = normalized(word, 0);
		for (int k = 0; k < n; k++)
			expect[k] = (char)ss_ascii_lower((unsigned char)z[k]);
		expect[n] = 0;
		if (strcmp(got, expect) != 0) {
			print_error("keyword %s normalized to <%s>\n", word, got);
			failures++;
		}
		ss_free(got);
		const char *variants[2];
		char longer[72], changed[72];
		memcpy(longer, word, (size_t)n);
		longer[n] = 'x';
		longer[n + 1] = 0;
		memcpy(changed, word, (size_t)n + 1);
		if (n > 2)
			changed[n / 2] = changed[n / 2] == 'q' ? 'j' : 'q';
		variants[0] = longer;
		variants[1] = n > 2 ? changed : NULL;
		for (int v = 0; v < 2 && variants[v] != NULL; v++) {
			if (sqlite3_keyword_check(variants[v], (int)strlen(variants[v])))
				continue; /* happens to be another keyword */
			got = normalized(variants[v], 0);
			if (got[0] != '"') {
				print_error("name %s normalized to <%s>\n", variants[v], got);
				failures++;
			}
			ss_free(got);
		}
	}
	assert_int_equal(failures, 0);
}

/* ss_sql_normalize_spans: each token's span holds exactly that token's normalized text;
 * tokens the normalizer leaves out have none. */
static void test_sql__normalize_spans_locate_tokens(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"CREATE TABLE \"T\" (Id INTEGER PRIMARY KEY, b Text GENERATED ALWAYS AS (Id + 1), "
		"c VARCHAR(10) REFERENCES p(x), [d e] \"Key\" DEFAULT 'It''s')",
		"CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN SELECT 1; END"};
	for (size_t i = 0; i < N_ELEMS(texts); i++) {
		ss_tokens t;
		ss_buf whole, one;
		ss_buf_init(&whole);
		assert_int_equal(ss_tokens_lex(&t, texts[i], strlen(texts[i])), 0);
		ss_norm_span *spans = calloc(t.n, sizeof(*spans));
		assert_non_null(spans);
		assert_int_equal(ss_sql_normalize_spans(&whole, t.v, t.n, 0, spans), 0);
		char *plain = normalized(texts[i], 0);
		assert_string_equal(whole.data, plain); /* spans change nothing */
		ss_free(plain);
		size_t dropped = 0;
		for (size_t k = 0; k < t.n; k++) {
			if (spans[k].start == SS_NORM_DROPPED) {
				dropped++;
				continue;
			}
			assert_true(spans[k].start < spans[k].end && spans[k].end <= whole.len);
			/* the token alone, in the same neighbourhood, normalizes to its span */
			ss_norm_span alone[3];
			size_t from = k > 0 ? k - 1 : 0, to = k + 2 < t.n ? k + 2 : t.n;
			ss_buf_init(&one);
			assert_int_equal(
				ss_sql_normalize_spans(&one, t.v + from, to - from, 0, alone), 0);
			const ss_norm_span *me = &alone[k - from];
			if (me->start != SS_NORM_DROPPED)
				assert_memory_equal(one.data + me->start,
						    whole.data + spans[k].start,
						    spans[k].end - spans[k].start);
			ss_buf_free(&one);
		}
		/* GENERATED ALWAYS, FOR EACH ROW */
		assert_int_equal(dropped, i == 0 ? 2 : 3);
		free(spans);
		ss_tokens_free(&t);
		ss_buf_free(&whole);
	}
}

/* The arena: aligned blocks whose contents stay put as more are taken, copies that end in a
 * NUL, zeroed arrays, single allocations larger than a block, and a NULL arena that is the
 * heap. Freed twice (the kept blocks of the first serve the second). */
static void test_sql__arena_allocations(void **state)
{
	(void)state;
	for (int round = 0; round < 2; round++) {
		ss_arena a;
		memset(&a, 0, sizeof(a));
		char *first = ss__arena_strndup(&a, "Hello, arena", 5);
		assert_string_equal(first, "Hello");
		char *lower = ss__arena_lower_dup(&a, "MiXeD_09");
		assert_string_equal(lower, "mixed_09");
		uint64_t *big = ss__arena_calloc(&a, 40000, sizeof(uint64_t)); /* 320 KB */
		assert_non_null(big);
		for (size_t k = 0; k < 40000; k++)
			assert_int_equal(big[k], 0);
		char *texts[3000];
		for (int k = 0; k < 3000; k++) {
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "text %d", k);
			texts[k] = ss__arena_strdup(&a, tmp);
			assert_non_null(texts[k]);
			void *aligned = ss__arena_alloc(&a, (size_t)(k % 13) + 1);
			assert_int_equal((uintptr_t)aligned % 8, 0);
			memset(aligned, 0xAB, (size_t)(k % 13) + 1);
		}
		for (int k = 0; k < 3000; k += 97) {
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "text %d", k);
			assert_string_equal(texts[k], tmp);
		}
		assert_string_equal(first, "Hello");
		ss__arena_release(&a, first); /* never freed one by one */
		ss__arena_free(&a);
		assert_null(a.blocks);
	}
	char *heap = ss__arena_strdup(NULL, "on the heap");
	assert_string_equal(heap, "on the heap");
	ss__arena_release(NULL, heap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql__token_types_and_lengths),
		cmocka_unit_test(test_sql__tok_ident_unquotes),
		cmocka_unit_test(test_sql__lex_drops_spaces_and_comments),
		cmocka_unit_test(test_sql__split_cases),
		cmocka_unit_test(test_sql__split_rejects_unterminated),
		cmocka_unit_test(test_sql__split_rejects_unterminated_comment),
		cmocka_unit_test(test_sql__classify_cases),
		cmocka_unit_test(test_sql__prefix_rewrite_changes_only_name_tokens),
		cmocka_unit_test(test_sql__rewrite_names_replaces_spans),
		cmocka_unit_test(test_sql__normalize_ignores_formatting),
		cmocka_unit_test(test_sql__normalize_keywords_match_sqlite),
		cmocka_unit_test(test_sql__normalize_spans_locate_tokens),
		cmocka_unit_test(test_sql__arena_allocations),
		cmocka_unit_test(test_sql__normalize_keeps_literals_and_spelling),
		cmocka_unit_test(test_sql__normalize_keeps_quoted_keyword_spelling),
		cmocka_unit_test(test_sql__normalize_exact_form),
		cmocka_unit_test(test_sql__stricmp_is_ascii_only),
		cmocka_unit_test(test_sql__buf_quotes_identifiers_and_literals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
