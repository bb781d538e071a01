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

#include <stdatomic.h>
#include <string.h>

/*
 * SQLite's keywords, read from the linked library on first use into a table of our own:
 * the normalizer asks about nearly every word, and sqlite3_keyword_check costs a call into
 * the library and a walk of a hash chain each time (a twentieth of an inspection).
 * Open addressing on the length and the first and last letters; one probe for most words.
 */
enum { KW_MAX_LEN = 20, KW_SLOTS = 1024 };
static struct {
	unsigned char len[KW_SLOTS];     /* 0: empty */
	char word[KW_SLOTS][KW_MAX_LEN]; /* lower case */
	size_t min_len, max_len;
} g_kw;
static atomic_int g_kw_state; /* 0 unbuilt, 1 being built (or unusable), 2 ready */

static inline size_t kw_slot(size_t n, unsigned char first, unsigned char last)
{
	return (n * 131u + first * 31u + last * 7u) & (KW_SLOTS - 1);
}

static int kw_build(void)
{
	int count = sqlite3_keyword_count();
	if (count <= 0 || count >= KW_SLOTS / 4)
		return 0;
	g_kw.min_len = KW_MAX_LEN;
	for (int i = 0; i < count; i++) {
		const char *z;
		int n;
		if (sqlite3_keyword_name(i, &z, &n) != SQLITE_OK || n <= 0 || n > KW_MAX_LEN)
			return 0;
		size_t h = kw_slot((size_t)n, ss_ascii_lower((unsigned char)z[0]),
				   ss_ascii_lower((unsigned char)z[n - 1]));
		while (g_kw.len[h] != 0)
			h = (h + 1) & (KW_SLOTS - 1);
		for (int k = 0; k < n; k++)
			g_kw.word[h][k] = (char)ss_ascii_lower((unsigned char)z[k]);
		g_kw.len[h] = (unsigned char)n;
		if ((size_t)n < g_kw.min_len)
			g_kw.min_len = (size_t)n;
		if ((size_t)n > g_kw.max_len)
			g_kw.max_len = (size_t)n;
	}
	return 1;
}

/* The first caller builds the table; a caller that finds it being built asks SQLite. */
static int kw_ready_slow(void)
{
	int expected = 0;
	if (!atomic_compare_exchange_strong(&g_kw_state, &expected, 1))
		return expected == 2;
	if (!kw_build())
		return 0; /* stays 1: SQLite answers from now on */
	atomic_store_explicit(&g_kw_state, 2, memory_order_release);
	return 1;
}

static inline int kw_ready(void)
{
	return atomic_load_explicit(&g_kw_state, memory_order_acquire) == 2 || kw_ready_slow();
}

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
is_keyword(const char *z, size_t n)
{
	if (!kw_ready())
		return n <= 30 && sqlite3_keyword_check(z, (int)n);
	if (n < g_kw.min_len || n > g_kw.max_len)
		return 0;
	unsigned char first = ss_ascii_lower((unsigned char)z[0]);
	unsigned char last = ss_ascii_lower((unsigned char)z[n - 1]);
	for (size_t h = kw_slot(n, first, last); g_kw.len[h] != 0; h = (h + 1) & (KW_SLOTS - 1)) {
		const unsigned char *w = (const unsigned char *)g_kw.word[h];
		if (g_kw.len[h] != n || w[0] != first || w[n - 1] != last)
			continue;
		size_t i = 1;
		while (i + 1 < n && w[i] == ss_ascii_lower((unsigned char)z[i]))
			i++;
		if (i + 1 >= n)
			return 1;
	}
	return 0;
}

/* Write z[0..n) as a double-quoted identifier at w (room for 2n + 2): returns the end. */
static char *put_canon_ident(char *w, const char *z, size_t n, int fold)
{
	*w++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		if (c == '"')
			*w++ = '"';
		*w++ = (char)(fold ? ss_ascii_lower(c) : c);
	}
	*w++ = '"';
	return w;
}

static char *put_lower(char *w, const char *z, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*w++ = (char)ss_ascii_lower((unsigned char)z[i]);
	return w;
}

/*
 * Words SQLite reads as keywords by context only (not in its keyword list). ROWID is one
 * only after WITHOUT: elsewhere it is an identifier (a column may be named rowid) whose
 * spelling counts.
 */
static int is_soft_keyword(const ss_token *toks, size_t i)
{
	const ss_token *t = &toks[i];
	if (ss_tok_is(t, "rowid"))
		return i > 0 && ss_tok_is(&toks[i - 1], "without");
	return ss_tok_is(t, "stored") || ss_tok_is(t, "strict");
}

/*
 * Is the name at toks[i] folded to lower case? Identifier case is kept (spelling counts),
 * except where SQLite's meaning is case-insensitive and writers vary it freely: the first
 * fold_first tokens (a column's declared type), a name directly before '(' (functions) and
 * a collation name. Asked only of names: a keyword is lower-cased anyway.
 */
static int folded(const ss_token *toks, size_t n, size_t i, size_t fold_first)
{
	return i < fold_first || is_soft_keyword(toks, i) ||
	       (i + 1 < n && toks[i + 1].type == SS_TK_PUNCT && toks[i + 1].z[0] == '(' &&
		!(i > 0 && ss_tok_is(&toks[i - 1], "references"))) ||
	       (i > 0 && (ss_tok_is(&toks[i - 1], "collate") || ss_tok_is(&toks[i - 1], "match")));
}

int ss_sql_normalize_mode(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first)
{
	return ss_sql_normalize_spans(b, toks, n, fold_first, NULL);
}

int ss_sql_normalize_spans(ss_buf *b, const ss_token *toks, size_t n, size_t fold_first,
			   ss_norm_span *spans)
{
	static const ss_norm_span dropped = {SS_NORM_DROPPED, SS_NORM_DROPPED};
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		const ss_token *t = &toks[i];
		/* optional syntax that never changes the meaning */
		if (t->type == SS_TK_WORD && (t->n == 9 || t->n == 3) && i + 2 < n) {
			if (ss_tok_is(t, "generated") && ss_tok_is(&toks[i + 1], "always") &&
			    ss_tok_is(&toks[i + 2], "as")) {
				if (spans != NULL)
					spans[i] = spans[i + 1] = dropped;
				i++; /* GENERATED ALWAYS AS reads as AS */
				continue;
			}
			if (ss_tok_is(t, "for") && ss_tok_is(&toks[i + 1], "each") &&
			    ss_tok_is(&toks[i + 2], "row")) {
				if (spans != NULL)
					spans[i] = spans[i + 1] = spans[i + 2] = dropped;
				i += 2; /* FOR EACH ROW is the only kind of trigger SQLite has */
				continue;
			}
		}
		/* the longest a token can become: a space, quotes, every byte doubled */
		char *w = ss_buf_room(b, 2 * (size_t)t->n + 3);
		if (w == NULL)
			return SS_E_NOMEM;
		char *w0 = w;
		if (!first)
			*w++ = ' ';
		first = 0;
		char *token_start = w;
		switch (t->type) {
		case SS_TK_WORD:
			if (is_keyword(t->z, t->n)) {
				w = put_lower(w, t->z, t->n);
			} else {
				/* a bare word holds no quote to double */
				*w++ = '"';
				if (folded(toks, n, i, fold_first)) {
					w = put_lower(w, t->z, t->n);
				} else {
					ss_copy_short(w, t->z, t->n);
					w += t->n;
				}
				*w++ = '"';
			}
			break;
		case SS_TK_QIDENT: {
			char room[128];
			char *id = t->n <= sizeof(room) ? room : ss__malloc(t->n);
			if (id == NULL) {
				b->failed = 1;
				return SS_E_NOMEM;
			}
			size_t idn = ss_tok_unquote(id, t);
			int all_lower = 1;
			for (size_t k = 0; k < idn; k++)
				if (id[k] >= 'A' && id[k] <= 'Z')
					all_lower = 0;
			/* "key" reads as the bare word key; "Key" keeps its spelling */
			int fold = folded(toks, n, i, fold_first);
			if (is_keyword(id, idn) && (all_lower || fold))
				w = put_lower(w, id, idn);
			else
				w = put_canon_ident(w, id, idn, fold);
			if (id != room)
				ss_free(id);
			break;
		}
#if SS_PLANT_BUG == SS_BUG_NORMALIZE_FOLDS_LITERALS
		case SS_TK_STRING: /* planted bug: literals folded like the keywords around them */
#endif
		case SS_TK_BLOB:
			w = put_lower(w, t->z, t->n);
			break;
		default:
			ss_copy_short(w, t->z, t->n);
			w += t->n;
			break;
		}
		if (spans != NULL) {
			spans[i].start = (uint32_t)(b->len + (size_t)(token_start - w0));
			spans[i].end = (uint32_t)(b->len + (size_t)(w - w0));
		}
		b->len += (size_t)(w - w0);
		b->data[b->len] = 0;
	}
	return b->failed ? SS_E_NOMEM : 0;
}

int ss_sql_normalize(ss_buf *b, const ss_token *toks, size_t n)
{
	return ss_sql_normalize_mode(b, toks, n, 0);
}
