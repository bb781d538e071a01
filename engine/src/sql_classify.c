/* SPDX-License-Identifier: MIT */
/*
 * The classifier: what one CREATE statement defines (kind, name, the table an index or
 * trigger is ON, TEMP / VIRTUAL / UNIQUE / IF NOT EXISTS / AS SELECT) and where its name
 * tokens are, so that the rewrites in sql_rewrite.c and sql_prefix.c can replace exactly
 * those spans. Validation (sync_validate.c) and inspection (schema_inspect.c) both use it.
 *
 * A virtual table's module is the name after USING (module_tok).
 *
 * Example: `CREATE INDEX IF NOT EXISTS main.ix ON "Posts"(a)` gives type index, name "ix"
 * (name_tok 7, schema_tok 5), target "Posts" (target_tok 9), if_not_exists 1.
 */
#include "sql.h"

#include <string.h>

void ss_create_info_clear(ss_create_info *ci)
{
	ss__arena_release(ci->arena, ci->name);
	ss__arena_release(ci->arena, ci->target);
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

/* "only CREATE TABLE, ..." and friends end with an excerpt of the statement. */
#define EX(ex, toks) (excerpt((ex), sizeof(ex), (toks)), (ex))

/*
 * The words between CREATE and the name: TEMP, UNIQUE, VIRTUAL and the object kind. *at
 * starts after CREATE and ends after the kind keyword.
 */
static int classify_kind(ss_create_info *out, const ss_tokens *toks, size_t *at, ss_error *err)
{
	char ex[80];
	size_t i = *at;
	const ss_token *t = toks->v;
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
		return ss__fail(err, SS_E_INVALID, "incomplete CREATE statement: %s", EX(ex, toks));
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
				EX(ex, toks));
	if ((out->is_unique_index && out->type != SS_OBJ_INDEX) ||
	    (out->is_virtual && out->type != SS_OBJ_TABLE))
		return ss__fail(err, SS_E_INVALID, "malformed CREATE statement: %s", EX(ex, toks));
	*at = i + 1;
	return 0;
}

/* Is t[i] a name followed by '.' and another name (a schema-qualified name)? */
static int qualified_at(const ss_tokens *toks, size_t i)
{
	const ss_token *t = toks->v;
	return i + 2 < toks->n && t[i + 1].type == SS_TK_PUNCT && t[i + 1].z[0] == '.' &&
	       ss_tok_is_name(&t[i + 2]);
}

/* The table an index or trigger is ON, searched from token i. */
static int classify_target(ss_create_info *out, const ss_tokens *toks, size_t i, ss_error *err)
{
	char ex[80];
	const ss_token *t = toks->v;
	/* The first top-level ON names the target (a trigger's UPDATE OF list has no ON). */
	for (; i < toks->n; i++)
		if (ss_tok_is(&t[i], "on"))
			break;
	i++;
	if (i >= toks->n || !ss_tok_is_name(&t[i]))
		return ss__fail(err, SS_E_INVALID, "CREATE %s without ON table: %s",
				out->type == SS_OBJ_INDEX ? "INDEX" : "TRIGGER", EX(ex, toks));
	if (qualified_at(toks, i)) {
		out->target_schema_tok = (long)i;
		i += 2;
	}
	out->target_tok = (long)i;
	out->target = ss_tok_ident_to(&t[i], out->arena);
	if (out->target == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	return 0;
}

static int punct_is(const ss_token *t, char c)
{
	return t->type == SS_TK_PUNCT && t->n == 1 && t->z[0] == c;
}

/*
 * After CREATE VIRTUAL TABLE name USING module, from token i: nothing, or one parenthesized
 * argument list, then nothing but a ';'. SQLite refuses anything else, and the comparison of
 * virtual tables reads only the module and its arguments: trailing text (a second statement
 * without its ';') would otherwise pass unnoticed.
 */
static int check_module_args_end(const ss_tokens *toks, size_t i, ss_error *err)
{
	char ex[80];
	const ss_token *t = toks->v;
	if (i < toks->n && punct_is(&t[i], '(')) {
		size_t depth = 0;
		for (; i < toks->n; i++) {
			if (punct_is(&t[i], '('))
				depth++;
			else if (punct_is(&t[i], ')') && --depth == 0)
				break;
		}
		if (i >= toks->n)
			return ss__fail(err, SS_E_INVALID,
					"CREATE VIRTUAL TABLE: unclosed module arguments: %s",
					EX(ex, toks));
		i++;
	}
	for (; i < toks->n; i++)
		if (!punct_is(&t[i], ';'))
			return ss__fail(err, SS_E_INVALID,
					"CREATE VIRTUAL TABLE: unexpected text after the module "
					"arguments: %s",
					EX(ex, toks));
	return 0;
}

int ss_sql_classify(ss_create_info *out, const ss_tokens *toks, ss_error *err)
{
	return ss_sql_classify_in(out, toks, NULL, err);
}

int ss_sql_classify_in(ss_create_info *out, const ss_tokens *toks, ss_arena *arena, ss_error *err)
{
	char ex[80];
	size_t i = 1;
	const ss_token *t = toks->v;
	int rc;
	memset(out, 0, sizeof(*out));
	out->arena = arena;
	out->name_tok = out->schema_tok = out->target_tok = out->target_schema_tok = -1;
	out->module_tok = -1;
	if (toks->n < 3 || !ss_tok_is(&t[0], "create"))
		return ss__fail(err, SS_E_INVALID,
				"only CREATE TABLE, INDEX, VIEW and TRIGGER are accepted: %s",
				EX(ex, toks));
	if ((rc = classify_kind(out, toks, &i, err)) != 0)
		return rc;
	if (i + 2 < toks->n && ss_tok_is(&t[i], "if") && ss_tok_is(&t[i + 1], "not") &&
	    ss_tok_is(&t[i + 2], "exists")) {
		out->if_not_exists = 1;
		i += 3;
	}
	if (i >= toks->n || !ss_tok_is_name(&t[i]))
		return ss__fail(err, SS_E_INVALID, "CREATE statement without a name: %s",
				EX(ex, toks));
	if (qualified_at(toks, i)) {
		out->schema_tok = (long)i;
		i += 2;
	}
	out->name_tok = (long)i;
	out->name = ss_tok_ident_to(&t[i], out->arena);
	if (out->name == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	i++;
	if (out->type == SS_OBJ_TABLE && out->is_virtual) {
		/* CREATE VIRTUAL TABLE name USING module [( args )] */
		if (i + 1 >= toks->n || !ss_tok_is(&t[i], "using") || !ss_tok_is_name(&t[i + 1]))
			return ss__fail(err, SS_E_INVALID,
					"CREATE VIRTUAL TABLE without USING module: %s",
					EX(ex, toks));
		out->module_tok = (long)(i + 1);
		return check_module_args_end(toks, i + 2, err);
	} else if (out->type == SS_OBJ_TABLE) {
		if (i < toks->n && ss_tok_is(&t[i], "as"))
			out->as_select = 1;
	} else if (out->type == SS_OBJ_INDEX || out->type == SS_OBJ_TRIGGER) {
		return classify_target(out, toks, i, err);
	}
	return 0;
}
#undef EX
