/* SPDX-License-Identifier: MIT */
/*
 * The statement splitter for definitions texts: statements end at a top-level ';', a
 * trigger's BEGIN ... END is one statement, statements of only spaces and comments are
 * dropped, and an unterminated quote or comment, or a trigger without END, is an error
 * naming its line.
 */
#include "sql.h"

#include <string.h>

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
#if SS_PLANT_BUG == SS_BUG_SPLIT_TRIGGER_AT_END
				/* planted bug: the first "END ;" ends it, also a CASE's END */
				if (is_semi(&t[j]) && j >= 2 && ss_tok_is(&t[j - 1], "end"))
#else
				if (is_semi(&t[j]) && j >= 2 && ss_tok_is(&t[j - 1], "end") &&
				    is_semi(&t[j - 2]))
#endif
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
