/* SPDX-License-Identifier: MIT */
/*
 * The prefix strategy's text rewrite: each definition is created in main under the
 * prefixed name, rewriting only the object's own name token and, for indexes and triggers,
 * the ON table token (never substrings: an index "post" on table "posts", string literals,
 * comments and column names that contain the prefix text all stay as they are).
 *
 * AUTOINCREMENT is this file's job too: a table created with it makes SQLite create
 * sqlite_sequence in main, which the cleanup cannot drop, so the scratch copy is created
 * without the keyword (blanked in place) and the model gets it back from the text SQLite
 * would store for the definition (ss_sql_stored_table_text; strategy_prefix.c re-derives the
 * table's model from it and applies SQLite's AUTOINCREMENT rule).
 *
 * Example, prefix "__sqlfu_sync_": `create index post on posts(a)` becomes
 * `create index "__sqlfu_sync_post" on "__sqlfu_sync_posts"(a)`.
 */
#include "sql.h"

#include <string.h>

#if SS_PLANT_BUG == SS_BUG_PREFIX_REPLACE_ALL
/* Planted bug: every occurrence of word in s from offset from on that starts a word gets the
 * prefix, as a text search-and-replace would: `post` inside `posts`, in columns, literals. */
static char *prefix_occurrences(const char *s, size_t from, const char *word, const char *prefix)
{
	ss_buf b;
	ss_buf_init(&b);
	size_t wn = strlen(word);
	ss_buf_add(&b, s, from);
	for (const char *p = s + from; *p; p++) {
		if (wn && strncmp(p, word, wn) == 0 &&
		    (p == s || !ss_sql_idchar((unsigned char)p[-1])))
			ss_buf_adds(&b, prefix);
		ss_buf_addc(&b, *p);
	}
	return ss_buf_detach(&b);
}
#endif

char *ss_sql_prefix_rewrite(const char *stmt, size_t len, const ss_tokens *toks,
			    const ss_create_info *ci, const char *prefix)
{
#if SS_PLANT_BUG == SS_BUG_PREFIX_REPLACE_ALL
	{
		const ss_token *nt = &toks->v[ci->schema_tok >= 0 ? ci->schema_tok : ci->name_tok];
		char *text = ss__strndup(stmt, len);
		char *once =
			text ? prefix_occurrences(text, (size_t)(nt->z - stmt), ci->name, prefix)
			     : NULL;
		char *twice = once && ci->target ? prefix_occurrences(once, (size_t)(nt->z - stmt),
								      ci->target, prefix)
						 : NULL;
		ss_free(text);
		if (twice == NULL)
			return once;
		ss_free(once);
		return twice;
	}
#endif

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

char *ss_sql_prefix_scratch_create(const char *stmt, size_t len, const ss_tokens *toks,
				   const ss_create_info *ci, const char *prefix,
				   int *autoinc_stripped)
{
	char *sql = ss_sql_prefix_rewrite(stmt, len, toks, ci, prefix);
	*autoinc_stripped = 0;
	if (sql == NULL || ci->type != SS_OBJ_TABLE)
		return sql;
	/* AUTOINCREMENT would make SQLite create sqlite_sequence in main: build the scratch
	 * copy without it (blanked in place) and restore it in the model */
	ss_tokens st;
	if (ss_tokens_lex(&st, sql, strlen(sql)) != 0) {
		ss_free(sql);
		return NULL;
	}
	for (size_t k = 0; k < st.n; k++)
		if (ss_tok_is(&st.v[k], "autoincrement")) {
			memset(sql + (st.v[k].z - sql), ' ', st.v[k].n);
			*autoinc_stripped = 1;
		}
	ss_tokens_free(&st);
	return sql;
}

char *ss_sql_stored_table_text(const ss_tokens *toks, const ss_create_info *ci)
{
	/* the text SQLite stores: CREATE TABLE, then the name through the last token */
	const ss_token *nt = &toks->v[ci->name_tok];
	const ss_token *last = &toks->v[toks->n - 1];
	ss_buf q;
	ss_buf_init(&q);
	ss_buf_adds(&q, "CREATE TABLE ");
	ss_buf_add_ident(&q, ci->name);
	ss_buf_add(&q, nt->z + nt->n, (size_t)(last->z + last->n - (nt->z + nt->n)));
	return ss_buf_detach(&q);
}

int ss_sql_has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}
