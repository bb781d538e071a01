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

#include <string.h>

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
		ss_buf_adds(&b, e[k].text);
		pos = z->z + z->n;
		if (pos < stmt + len &&
		    (ss_sql_idchar((unsigned char)*pos) || strchr("\"'`[", *pos)))
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
