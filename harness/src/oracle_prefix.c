/* SPDX-License-Identifier: MIT */
/*
 * The scratch prefix (SS_DEFAULT_SCRATCH_PREFIX) where a sync must refuse (SPEC §1):
 *  - a definition whose object name starts with the prefix is refused before anything runs
 *    (so is a TEMP object, the other refusal the generator draws);
 *  - a live table whose name starts with the prefix and that holds rows is never a scratch
 *    leftover (scratch tables are always empty): the sync stops with a clear error naming
 *    it, decided before anything is dropped.
 * What the runner learns here (from SQLite and the harness' own tokenizer) makes such a
 * failure expected; a success is a P1 violation, and P5 / P9 check that the refusal (and the
 * dry run) changed nothing, prefixed indexes, views and triggers included.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int starts_with_prefix(const char *s)
{
	return !strncmp(s, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX));
}

/* The significant tokens of a statement (no spaces, no comments), at most max. */
static size_t tokens(const char *sql, const char **tok, size_t *len, sh_tok *kind, size_t max)
{
	size_t n = 0;
	for (const char *p = sql; *p && n < max;) {
		sh_tok k;
		size_t l = sh_token(p, &k);
		if (!l)
			break;
		if (k != SH_SPACE && k != SH_COMMENT) {
			tok[n] = p;
			len[n] = l;
			kind[n++] = k;
		}
		p += l;
	}
	return n;
}

static int word_is(const char *tok, size_t len, sh_tok kind, const char *w)
{
	return kind == SH_WORD && len == strlen(w) && !sh_strnicmp(tok, w, len);
}

/* The name a CREATE statement defines (malloc'd), or NULL; *temp: it is CREATE TEMP. */
static char *created_name(const char *sql, int *temp)
{
	const char *tok[16];
	size_t len[16], i = 1;
	sh_tok kind[16];
	size_t n = tokens(sql, tok, len, kind, 16);
	*temp = 0;
	if (!n || !word_is(tok[0], len[0], kind[0], "create"))
		return NULL;
	static const char *const skip[] = {"temp", "temporary", "unique", "virtual"};
	for (int again = 1; again && i < n;) {
		again = 0;
		for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); k++)
			if (word_is(tok[i], len[i], kind[i], skip[k])) {
				*temp |= k < 2;
				i++;
				again = 1;
				break;
			}
	}
	i++; /* table, index, view, trigger */
	if (i + 2 < n && word_is(tok[i], len[i], kind[i], "if"))
		i += 3; /* if not exists */
	if (i + 2 < n && tok[i + 1][0] == '.' && len[i + 1] == 1)
		i += 2; /* schema . */
	if (i >= n || (kind[i] != SH_WORD && kind[i] != SH_QIDENT))
		return NULL;
	return sh_ident_text(tok[i], len[i], kind[i]);
}

/* Is the CREATE TABLE statement sql one ... AS SELECT (refused by SPEC §1)? */
static int as_select(const char *sql)
{
	const char *tok[24];
	size_t len[24];
	sh_tok kind[24];
	size_t n = tokens(sql, tok, len, kind, 24);
	for (size_t i = 1; i + 1 < n; i++)
		if (word_is(tok[i], len[i], kind[i], "as") &&
		    (word_is(tok[i + 1], len[i + 1], kind[i + 1], "select") ||
		     word_is(tok[i + 1], len[i + 1], kind[i + 1], "with") ||
		     word_is(tok[i + 1], len[i + 1], kind[i + 1], "values")))
			return i < 8 && word_is(tok[1], len[1], kind[1], "table");
	return 0;
}

/*
 * The first definition that names an object with the prefix, into x->reserved. A name
 * that starts with it in another letter case (`__SQLFU_SYNC_t`) is the same name to SQLite:
 * refusing it is right too, but SPEC §1 does not require it (x->reserved_case).
 */
static void reserved_definition(sh_judge *x)
{
	sh_strv stmts = {0};
	size_t plen = strlen(SS_DEFAULT_SCRATCH_PREFIX);
	sh_split_sql(&stmts, ss_case_text(x->c, SS_CASE_DESIRED));
	for (size_t i = 0; i < stmts.n && !x->reserved[0]; i++) {
		int temp;
		char *name = created_name(stmts.v[i], &temp);
		if (name && temp && !x->temp_def[0])
			snprintf(x->temp_def, sizeof(x->temp_def), "%s", name);
		if (name && !temp && as_select(stmts.v[i]) && !x->temp_def[0])
			snprintf(x->temp_def, sizeof(x->temp_def), "%s (AS SELECT)", name);
		if (name && starts_with_prefix(name))
			snprintf(x->reserved, sizeof(x->reserved), "%s", name);
		else if (name && !sh_strnicmp(name, SS_DEFAULT_SCRATCH_PREFIX, plen))
			x->reserved_case = 1;
		free(name);
	}
	sh_strv_free(&stmts);
}

/* A prefixed table of the pristine database that holds rows, into x->prefixed_rows. */
static void prefixed_table_with_rows(sh_judge *x)
{
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT name FROM main.sqlite_schema WHERE "
						   "type = 'table' AND substr(name, 1, ?1) = ?2");
	if (!st)
		return;
	sqlite3_bind_int(st, 1, (int)strlen(SS_DEFAULT_SCRATCH_PREFIX));
	sqlite3_bind_text(st, 2, SS_DEFAULT_SCRATCH_PREFIX, -1, SQLITE_STATIC);
	while (!x->prefixed_rows[0] && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = sh_col_text(st, 0);
		sh_buf q;
		sh_buf_init(&q);
		sh_buf_adds(&q, "SELECT 1 FROM main.");
		sh_buf_ident(&q, name);
		sqlite3_stmt *r = sh_prepare(x->pristine, q.data);
		if (r && sqlite3_step(r) == SQLITE_ROW)
			snprintf(x->prefixed_rows, sizeof(x->prefixed_rows), "%s", name);
		sqlite3_finalize(r);
		sh_buf_free(&q);
	}
	sqlite3_finalize(st);
}

/* The table an index or trigger statement is ON (malloc'd), or NULL. */
static char *on_target(const char *sql)
{
	const char *tok[64];
	size_t len[64];
	sh_tok kind[64];
	size_t n = tokens(sql, tok, len, kind, 64);
	for (size_t i = 1; i + 1 < n; i++)
		if (word_is(tok[i], len[i], kind[i], "on")) {
			if (i + 3 < n && tok[i + 2][0] == '.' && len[i + 2] == 1)
				i += 2; /* schema . */
			if (kind[i + 1] != SH_WORD && kind[i + 1] != SH_QIDENT)
				return NULL;
			return sh_ident_text(tok[i + 1], len[i + 1], kind[i + 1]);
		}
	return NULL;
}

/* Does sql call load_extension (bare or quoted name, then "(")? */
static int calls_load_extension(const char *sql)
{
	const char *prev = NULL;
	size_t plen = 0;
	sh_tok pkind = SH_EOF;
	for (const char *p = sql; *p;) {
		sh_tok k;
		size_t l = sh_token(p, &k);
		if (!l)
			break;
		if (k == SH_SPACE || k == SH_COMMENT) {
			p += l;
			continue;
		}
		if (k == SH_PUNCT && *p == '(' && prev &&
		    (pkind == SH_WORD || pkind == SH_QIDENT)) {
			char *id = sh_ident_text(prev, plen, pkind);
			int is = !sh_stricmp(id, "load_extension");
			free(id);
			if (is)
				return 1;
		}
		prev = p;
		plen = l;
		pkind = k;
		p += l;
	}
	return 0;
}

/*
 * The first definition SPEC §1 refuses although SQLite would run it (into x->refused_def):
 * a statement other than CREATE, a virtual table of another module than fts5 / rtree /
 * rtree_i32, a call of load_extension(), under the durable-object profile a name (or an ON
 * table) starting with _cf_ in any letter case; and no statement at all unless the case
 * allows an empty schema. A TEMP object, AS SELECT and the scratch
 * prefix are reserved_definition's.
 */
static void refused_definition(sh_judge *x)
{
	sh_strv stmts = {0};
	size_t real = 0;
	sh_split_sql(&stmts, ss_case_text(x->c, SS_CASE_DESIRED));
	for (size_t i = 0; i < stmts.n && !x->refused_def[0]; i++) {
		const char *tok[12];
		size_t len[12];
		sh_tok kind[12];
		const char *s = stmts.v[i];
		size_t n = tokens(s, tok, len, kind, 12);
		if (n == 1 && tok[0][0] == ';')
			continue; /* an empty statement */
		real++;
		if (!n || !word_is(tok[0], len[0], kind[0], "create")) {
			snprintf(x->refused_def, sizeof(x->refused_def),
				 "a statement other than CREATE (%.40s)", s);
			continue;
		}
		for (size_t k = 1; k + 1 < n; k++)
			if (word_is(tok[k], len[k], kind[k], "using")) {
				char *m = sh_ident_text(tok[k + 1], len[k + 1], kind[k + 1]);
				if (sh_stricmp(m, "fts5") && sh_stricmp(m, "rtree") &&
				    sh_stricmp(m, "rtree_i32"))
					snprintf(x->refused_def, sizeof(x->refused_def),
						 "a virtual table of module %.40s", m);
				free(m);
				break;
			}
		if (!x->refused_def[0] && calls_load_extension(s))
			snprintf(x->refused_def, sizeof(x->refused_def),
				 "a call of load_extension() (%.40s)", s);
		if (!x->refused_def[0] && x->c->config.profile) {
			int temp;
			char *name = created_name(s, &temp), *on = on_target(s);
			const char *cf = name && !sh_strnicmp(name, "_cf_", 4) ? name
					 : on && !sh_strnicmp(on, "_cf_", 4)   ? on
									       : NULL;
			if (cf)
				snprintf(
					x->refused_def, sizeof(x->refused_def),
					"the name %.40s (_cf_ is reserved under the durable-object "
					"profile)",
					cf);
			free(name);
			free(on);
		}
	}
	if (!real && !x->refused_def[0] && !x->c->config.allow_empty)
		snprintf(x->refused_def, sizeof(x->refused_def),
			 "no statement, and allowEmpty is false");
	sh_strv_free(&stmts);
}

void sh_prefix_expectations(sh_judge *x)
{
	reserved_definition(x);
	refused_definition(x);
	prefixed_table_with_rows(x);
}

void sh_defined_twice(const sh_judge *x, char *buf, size_t len)
{
	sh_strv stmts = {0}, names = {0};
	buf[0] = 0;
	sh_split_sql(&stmts, ss_case_text(x->c, SS_CASE_DESIRED));
	for (size_t i = 0; i < stmts.n && !buf[0]; i++) {
		int temp;
		char *name = created_name(stmts.v[i], &temp);
		if (!name)
			continue;
		for (size_t k = 0; k < names.n && !buf[0]; k++)
			if (!sh_stricmp(names.v[k], name) &&
			    sh_strcasestr(stmts.v[i], "autoincrement"))
				snprintf(buf, len,
					 " [the definitions define AUTOINCREMENT table %s twice]",
					 name);
		sh_strv_push(&names, name);
	}
	sh_strv_free(&names);
	sh_strv_free(&stmts);
}

int sh_refusal_expected(const sh_judge *x)
{
	return x->reserved[0] || x->prefixed_rows[0] || x->reserved_case || x->temp_def[0] ||
	       x->refused_def[0] || x->desired_bad;
}

void sh_oracle_refusal(sh_judge *x, int rc, const char *message)
{
	/* a refusal any of the reasons calls for may give any one of them as its message */
	int other = x->temp_def[0] || x->refused_def[0] || x->desired_bad;
	if (x->refused_def[0] && rc == SS_OK) {
		sh_checked(x, SS_P1);
		sh_violate(x, SS_P1,
			   "the definitions hold %s, but the sync succeeded (SPEC §1: rejected "
			   "before anything is executed)",
			   x->refused_def);
	}
	if (x->temp_def[0] && rc == SS_OK) {
		sh_checked(x, SS_P1);
		sh_violate(x, SS_P1,
			   "the definitions create %s%s, but the sync succeeded (SPEC §1: refused "
			   "before anything runs)",
			   strstr(x->temp_def, "(AS SELECT)") ? "" : "TEMP object ", x->temp_def);
	}
	if (x->desired_bad && rc == SS_OK) {
		/* SQLite itself rejects the definitions */
		sh_checked(x, SS_P1);
		sh_violate(x, SS_P1, "the sync succeeded although %s", x->why);
	}
	if (!x->reserved[0] && !x->prefixed_rows[0])
		return;
	/* a refusal of a prefixed name in another letter case is right too */
	int names_prefix = strstr(message, SS_DEFAULT_SCRATCH_PREFIX) != NULL;
	int names_table = x->prefixed_rows[0] && strstr(message, x->prefixed_rows);
	int refused_name =
		rc == SS_E_INVALID && names_prefix && (x->reserved[0] || x->reserved_case);
	sh_checked(x, SS_P1);
	if (rc == SS_OK && x->reserved[0])
		sh_violate(x, SS_P1,
			   "the definitions name %s, which starts with the scratch prefix, but the "
			   "sync succeeded (SPEC §1: refused before anything runs)",
			   x->reserved);
	else if (rc == SS_OK)
		sh_violate(x, SS_P1,
			   "table %s starts with the scratch prefix and holds rows (not a scratch "
			   "leftover), but the sync succeeded (SPEC §1: stop with a clear error)",
			   x->prefixed_rows);
	else if (other)
		return;
	else if (x->reserved[0] && !names_prefix)
		sh_violate(x, SS_P1, "refusing %s, the error does not name the scratch prefix: %s",
			   x->reserved, message);
	else if (!x->reserved[0] && !names_table && !refused_name)
		sh_violate(x, SS_P1, "refusing because of table %s, the error does not name it: %s",
			   x->prefixed_rows, message);
}

/*
 * ss_definitions_validate checks the definitions "the way ss_sync and ss_plan_create do
 * before anything runs" (schemasync.h): a definition SPEC §1 refuses before anything runs
 * (the scratch prefix, TEMP, AS SELECT, refused_definition's) must fail it too, and when it
 * fails, the sync (rc, message) must have failed with the same code and message.
 */
void sh_oracle_validate(sh_judge *x, const ss_options *opts, int rc, const char *message)
{
	ss_error verr = {0};
	int vrc = ss_definitions_validate(ss_case_text(x->c, SS_CASE_DESIRED), opts, &verr);
	sh_checked(x, SS_P1);
	const char *must = x->reserved[0]      ? x->reserved
			   : x->temp_def[0]    ? x->temp_def
			   : x->refused_def[0] ? x->refused_def
					       : NULL;
	if (vrc == SS_OK && must)
		sh_violate(x, SS_P1,
			   "ss_definitions_validate accepts the definitions although they hold %s "
			   "(SPEC §1: rejected before anything is executed)",
			   must);
	else if (vrc != SS_OK && (rc != vrc || strcmp(message, verr.message)))
		sh_violate(x, SS_P1,
			   "ss_definitions_validate refuses (%s: %s) but the sync gave %s: %s",
			   ss_error_name(vrc), verr.message, ss_error_name(rc), message);
}
