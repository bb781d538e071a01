/* SPDX-License-Identifier: MIT */
/*
 * The normalizer: the canonical text of a token range, which is what the engine compares,
 * so that formatting, comments, keyword case and quoting style never count while string
 * literals and identifier spelling do. Optional syntax that never changes the meaning
 * (GENERATED ALWAYS, FOR EACH ROW) is dropped.
 *
 * Example: `CREATE VIEW [V] AS SELECT  A, 'It''s' AS "Key" FROM t -- note` normalizes to
 * `create view "V" as select "A" , 'It''s' as "Key" from "t"`.
 */
#include "sql.h"

#include <string.h>

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
		ss_buf_addc(b, (char)(fold ? ss_ascii_lower(c) : c));
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
					ss_buf_addc(b,
						    (char)ss_ascii_lower((unsigned char)t->z[k]));
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
					ss_buf_addc(b, (char)ss_ascii_lower((unsigned char)id[k]));
			} else {
				add_canon_ident(b, id, idn, fold);
			}
			ss_free(id);
			break;
		}
#if SS_PLANT_BUG == SS_BUG_NORMALIZE_FOLDS_LITERALS
		case SS_TK_STRING: /* planted bug: literals folded like the keywords around them */
#endif
		case SS_TK_BLOB:
			for (size_t k = 0; k < t->n; k++)
				ss_buf_addc(b, (char)ss_ascii_lower((unsigned char)t->z[k]));
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
