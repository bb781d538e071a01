/* SPDX-License-Identifier: MIT */
/*
 * Name-span rewrites of one CREATE statement: replace the object's name (schema qualifier
 * included) and the ON table of an index or trigger with given SQL, copying everything else
 * byte for byte. Inspection uses it for canonical names, the scratch-db strategy to qualify
 * names with the attached schema, the planner to create a table under its rebuild name, and
 * sql_prefix.c for the prefix strategy.
 *
 * Example: `create index ix on t(a)` with name `"s"."ix"` and target `"t"` becomes
 * `create index "s"."ix" on "t"(a)`.
 */
#include "sql.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

/*
 * Copy stmt, replacing the tokens [from, to] (inclusive, by index) with text. Used with the
 * name span (schema qualifier included) and the target span.
 */
typedef struct span_edit {
	long from, to;
	const char *text;
	size_t at;     /* out: where text starts in the copy */
	size_t resume; /* out: where the copy goes on with the byte after token to */
} span_edit;

static char *apply_edits(const char *stmt, size_t len, const ss_tokens *toks, span_edit *e, int ne,
			 ss_arena *arena)
{
	char room[1024];
	ss_buf b;
	ss_buf_init_on(&b, room, sizeof(room));
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
		    (ss_sql_idchar((unsigned char)a->z[-1]) || strchr("\"'`]", a->z[-1])))
			ss_buf_addc(&b, ' ');
		e[k].at = b.len;
		ss_buf_adds(&b, e[k].text);
		pos = z->z + z->n;
		if (pos < stmt + len &&
		    (ss_sql_idchar((unsigned char)*pos) || strchr("\"'`[", *pos)))
			ss_buf_addc(&b, ' ');
		e[k].resume = b.len;
	}
	ss_buf_add(&b, pos, (size_t)(stmt + len - pos));
	return ss_buf_detach_to(&b, arena);
}

/*
 * The tokens of out, the copy apply_edits made of stmt with the edits e: each replaced span
 * becomes the one quoted-identifier token its text is (a quoted name, as every caller of
 * ss_sql_rewrite_lexed passes), every other token moves with its bytes. The spaces
 * apply_edits adds keep the neighbours apart, so this is what lexing out would give; builds
 * with assertions lex out again and check.
 */
static int edited_tokens(ss_tokens *dst, const char *out, const char *stmt, const ss_tokens *toks,
			 const span_edit *e, int ne)
{
	size_t need = toks->n ? toks->n : 1;
	dst->n = 0;
	dst->unterminated_comment = NULL;
	if (dst->cap < need) { /* the room of an earlier use serves when it is enough */
		ss_free(dst->v);
		dst->cap = 0;
		if ((dst->v = ss__malloc(need * sizeof(ss_token))) == NULL)
			return SS_E_NOMEM;
		dst->cap = need;
	}
	ptrdiff_t delta = 0; /* a token's offset in out minus its offset in stmt */
	int k = 0;
	for (size_t i = 0; i < toks->n; i++) {
		while (k < ne && e[k].to < 0)
			k++;
		if (k < ne && (long)i == e[k].from) {
			ss_token *t = &dst->v[dst->n++];
			t->type = SS_TK_QIDENT;
			t->z = out + e[k].at;
			t->n = (uint32_t)strlen(e[k].text);
			const ss_token *last = &toks->v[e[k].to];
			delta = (ptrdiff_t)e[k].resume - ((last->z + last->n) - stmt);
			i = (size_t)e[k].to;
			k++;
			continue;
		}
		dst->v[dst->n] = toks->v[i];
		dst->v[dst->n++].z = out + ((toks->v[i].z - stmt) + delta);
	}
	if (toks->unterminated_comment != NULL)
		dst->unterminated_comment = out + ((toks->unterminated_comment - stmt) + delta);
#ifndef NDEBUG
	ss_tokens again;
	if (ss_tokens_lex(&again, out, strlen(out)) == 0) {
		assert(again.n == dst->n);
		for (size_t i = 0; i < again.n && i < dst->n; i++)
			assert(again.v[i].z == dst->v[i].z && again.v[i].n == dst->v[i].n &&
			       again.v[i].type == dst->v[i].type);
		ss_tokens_free(&again);
	}
#endif
	return 0;
}

static int name_edits(span_edit *e, const ss_create_info *ci, const char *name_sql,
		      const char *target_sql)
{
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
	return ne;
}

char *ss_sql_rewrite_names(const char *stmt, size_t len, const ss_tokens *toks,
			   const ss_create_info *ci, const char *name_sql, const char *target_sql)
{
	span_edit e[2];
	int ne = name_edits(e, ci, name_sql, target_sql);
	return apply_edits(stmt, len, toks, e, ne, NULL);
}

int ss_sql_rewrite_lexed(char **out, ss_arena *arena, ss_tokens *out_toks, const char *stmt,
			 size_t len, const ss_tokens *toks, const ss_create_info *ci,
			 const char *name_sql, const char *target_sql)
{
	span_edit e[2];
	int ne = name_edits(e, ci, name_sql, target_sql);
	out_toks->n = 0;
	*out = apply_edits(stmt, len, toks, e, ne, arena);
	if (*out == NULL)
		return SS_E_NOMEM;
	if (edited_tokens(out_toks, *out, stmt, toks, e, ne) != 0) {
		ss__arena_release(arena, *out);
		*out = NULL;
		return SS_E_NOMEM;
	}
	return 0;
}
