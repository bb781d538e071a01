/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the engine's SQL text layer (engine/src/sql.c): the input, up to its first
 * NUL byte, is lexed, split, classified, normalized and prefix-rewritten, and these
 * invariants are checked (a violation prints what broke and aborts, so every fuzzing engine
 * and the standalone replay see a crash):
 *
 *  - tokens: ss_sql_token's spans, spaces and comments included, cover the text exactly;
 *    ss_tokens_lex returns the same spans without spaces and comments; a token re-lexed on
 *    its own (followed by a space) has the same length and type.
 *  - split: pieces are in order, non-overlapping, start on a significant token, and only
 *    spaces, comments and ';' lie between them; each piece plus ";" is complete per
 *    sqlite3_complete() unless it holds an ILLEGAL token (SQLite's tokenizer and ours
 *    disagree on what follows a stray byte) or starts with EXPLAIN (see check_split); a
 *    failed split has an unterminated quote or comment, or a trigger without END, to blame.
 *  - normalize: the text and a re-formatted copy (tokens re-joined with other whitespace
 *    and comments, keyword case changed) normalize identically, in every fold mode.
 *  - prefix rewrite: for every piece that classifies as a CREATE, the rewrite equals the
 *    piece with exactly the name span (schema qualifier included) and the ON-target span
 *    replaced by the quoted prefixed names, and the result still lexes and classifies to the
 *    prefixed names.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sql.h"

#include "fuzz_common.h"

#define PREFIX SS_DEFAULT_SCRATCH_PREFIX
#define MAX_INPUT 65536

static const char *g_input;
static size_t g_input_len;

static void print_input(FILE *f)
{
	fprintf(f, "\n  input (%zu bytes): <%.*s>\n", g_input_len, (int)g_input_len, g_input);
}

static int has_illegal(const ss_tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].type == SS_TK_ILLEGAL)
			return 1;
	return 0;
}

/* ---- tokens ---------------------------------------------------------------------------- */

static void check_tokens(const char *text, size_t n, const ss_tokens *toks)
{
	size_t pos = 0, sig = 0;
	while (pos < n) {
		ss_tok_type type;
		size_t len = ss_sql_token(text + pos, &type);
		CHECK(len >= 1 && len <= n - pos, "token at %zu has length %zu (text %zu)", pos,
		      len, n);
		CHECK(type != SS_TK_EOF, "EOF token at %zu", pos);
		if (type == SS_TK_COMMENT)
			CHECK(memcmp(text + pos, "--", 2) == 0 || memcmp(text + pos, "/*", 2) == 0,
			      "comment at %zu does not start with -- or /*", pos);
		if (type == SS_TK_SPACE)
			for (size_t k = 0; k < len; k++)
				CHECK(strchr(" \t\n\f\r", text[pos + k]) != NULL,
				      "space token at %zu holds byte 0x%02x", pos,
				      (unsigned char)text[pos + k]);
		if (type == SS_TK_STRING)
			CHECK(len >= 2 && text[pos] == '\'' && text[pos + len - 1] == '\'',
			      "string at %zu is not quoted", pos);
		if (type == SS_TK_QIDENT) {
			char open = text[pos], close = open == '[' ? ']' : open;
			CHECK(len >= 2 && strchr("\"`[", open) != NULL &&
				      text[pos + len - 1] == close,
			      "quoted identifier at %zu is not quoted", pos);
		}
		if (type != SS_TK_SPACE && type != SS_TK_COMMENT) {
			CHECK(sig < toks->n, "ss_tokens_lex lost the token at %zu", pos);
			const ss_token *t = &toks->v[sig];
			CHECK(t->z == text + pos && t->n == len && t->type == type,
			      "ss_tokens_lex token %zu is (%zu,%zu,%d), the tokenizer says "
			      "(%zu,%zu,%d)",
			      sig, (size_t)(t->z - text), (size_t)t->n, (int)t->type, pos, len,
			      (int)type);
			sig++;
			if (type != SS_TK_ILLEGAL) {
				/* The token on its own lexes the same: nothing it spans depends on
				 * what follows it. */
				char *alone = malloc(len + 2);
				if (alone == NULL)
					abort();
				memcpy(alone, text + pos, len);
				alone[len] = ' ';
				alone[len + 1] = 0;
				ss_tok_type t2;
				size_t len2 = ss_sql_token(alone, &t2);
				CHECK(len2 == len && t2 == type,
				      "token <%.*s> at %zu re-lexes alone as length %zu type %d "
				      "(was %zu, %d)",
				      (int)len, text + pos, pos, len2, (int)t2, len, (int)type);
				free(alone);
			}
		}
		pos += len;
	}
	CHECK(pos == n, "tokens cover %zu of %zu bytes", pos, n);
	CHECK(sig == toks->n, "ss_tokens_lex has %zu tokens, the tokenizer %zu", toks->n, sig);
}

/* ---- normalize a re-formatted copy ------------------------------------------------------- */

static uint32_t g_rng;

static uint32_t rnd(void)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 17;
	g_rng ^= g_rng << 5;
	return g_rng;
}

static char *normalized(const ss_tokens *t, size_t fold_first)
{
	ss_buf b;
	ss_buf_init(&b);
	int rc = fold_first == (size_t)-1 ? ss_sql_normalize(&b, t->v, t->n)
					  : ss_sql_normalize_mode(&b, t->v, t->n, fold_first);
	CHECK(rc == 0 && !b.failed, "normalize failed with %d", rc);
	char *r = ss_buf_detach(&b);
	CHECK(r != NULL, "normalize returned NULL");
	return r;
}

/*
 * Join the tokens again with other separators (each starts with a space, so no two tokens
 * can fuse and no comment can swallow a token) and keywords in another case.
 */
static char *reformat(const ss_tokens *t)
{
	static const char *const seps[] = {" ", "\n\t ", " /* c; 'x\" */ ", " -- c; end\n",
					   "  \r\n"};
	ss_buf b;
	ss_buf_init(&b);
	for (size_t i = 0; i < t->n; i++) {
		const ss_token *k = &t->v[i];
		if (i > 0)
			ss_buf_adds(&b, seps[rnd() % (sizeof(seps) / sizeof(seps[0]))]);
		if (k->type == SS_TK_WORD && k->n <= 30 && sqlite3_keyword_check(k->z, (int)k->n)) {
			uint32_t mode = rnd() % 3;
			for (size_t j = 0; j < k->n; j++) {
				char c = k->z[j];
				int up = mode == 0 || (mode == 2 && (j & 1));
				if (up && c >= 'a' && c <= 'z')
					c = (char)(c - 32);
				else if (!up && c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				ss_buf_addc(&b, c);
			}
		} else {
			ss_buf_add(&b, k->z, k->n);
		}
	}
	char *r = ss_buf_detach(&b);
	CHECK(r != NULL, "reformat: out of memory");
	return r;
}

static void check_normalize(const char *text, const ss_tokens *toks)
{
	if (has_illegal(toks))
		return; /* an unterminated quote would swallow the new separators */
	char *other = reformat(toks);
	ss_tokens t2;
	CHECK(ss_tokens_lex(&t2, other, strlen(other)) == 0, "lex of the re-formatted text");
	CHECK(t2.n == toks->n, "re-formatted <%s> has %zu tokens, the text %zu", other, t2.n,
	      toks->n);
	for (size_t i = 0; i < t2.n; i++)
		CHECK(t2.v[i].type == toks->v[i].type && t2.v[i].n == toks->v[i].n,
		      "re-formatted token %zu <%.*s> differs from <%.*s>", i, (int)t2.v[i].n,
		      t2.v[i].z, (int)toks->v[i].n, toks->v[i].z);
	size_t modes[] = {(size_t)-1, 0, 1, 2, toks->n};
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		char *a = normalized(toks, modes[m]);
		char *b = normalized(&t2, modes[m]);
		CHECK(strcmp(a, b) == 0,
		      "normalize (fold %ld) differs:\n  <%s> -> <%s>\n  <%s> -> <%s>",
		      (long)modes[m], text, a, other, b);
		ss_free(a);
		ss_free(b);
	}
	ss_tokens_free(&t2);
	free(other);
}

/* ---- split ----------------------------------------------------------------------------- */

/* Only spaces, comments and ';' in [from, to). */
static void check_gap(const char *text, size_t from, size_t to)
{
	char *gap = fuzz_dup(text + from, to - from);
	size_t pos = 0, n = to - from;
	while (pos < n) {
		ss_tok_type type;
		size_t len = ss_sql_token(gap + pos, &type);
		CHECK(type == SS_TK_SPACE || type == SS_TK_COMMENT ||
			      (type == SS_TK_PUNCT && gap[pos] == ';'),
		      "between pieces, [%zu, %zu) holds token <%.*s>", from, to, (int)len,
		      gap + pos);
		pos += len;
	}
	free(gap);
}

/* The piece, terminated so that a trailing comment cannot swallow the ';'. */
static int piece_complete(const char *piece, size_t n)
{
	size_t pos = 0, last = 0;
	ss_tok_type type = SS_TK_EOF, last_type = SS_TK_EOF;
	while (pos < n) {
		size_t len = ss_sql_token(piece + pos, &type);
		last = pos;
		last_type = type;
		pos += len;
	}
	const char *tail = "\n;";
	if (last_type == SS_TK_COMMENT && piece[last] == '/' &&
	    (n - last < 4 || memcmp(piece + n - 2, "*/", 2) != 0))
		tail = "*/;";
	size_t tn = strlen(tail);
	char *s = malloc(n + tn + 1);
	if (s == NULL)
		abort();
	memcpy(s, piece, n);
	memcpy(s + n, tail, tn + 1);
	int ok = sqlite3_complete(s);
	free(s);
	return ok;
}

static void check_rewrite(const char *piece, size_t n, const ss_tokens *toks,
			  const ss_create_info *ci);

static void check_split(const char *text, size_t n)
{
	ss_stmt_span *v = NULL;
	size_t count = 0;
	ss_error err;
	int rc = ss_sql_split(&v, &count, text, &err);
	if (rc != 0) {
		CHECK(rc == SS_E_INVALID && v == NULL, "split failed with %d", rc);
		CHECK(strstr(err.message, "unterminated") != NULL ||
			      strstr(err.message, "TRIGGER") != NULL,
		      "split failed for no stated reason: %s", err.message);
		return;
	}
	size_t prev = 0;
	for (size_t i = 0; i < count; i++) {
		size_t s = v[i].start, len = v[i].len;
		CHECK(s >= prev && len > 0 && s + len <= n,
		      "piece %zu [%zu, +%zu) is out of order or range (previous end %zu, text %zu)",
		      i, s, len, prev, n);
		check_gap(text, prev, s);
		char *piece = fuzz_dup(text + s, len);
		ss_tok_type type;
		ss_sql_token(piece, &type);
		CHECK(type != SS_TK_SPACE && type != SS_TK_COMMENT,
		      "piece %zu <%s> starts with a space or comment", i, piece);
		ss_tokens toks;
		CHECK(ss_tokens_lex(&toks, piece, len) == 0, "lex piece");
		CHECK(toks.n > 0, "piece %zu is empty", i);
		/* sqlite3_complete() also knows EXPLAIN CREATE TRIGGER; the splitter does not,
		 * which is benign: definitions accept only CREATE, so EXPLAIN is rejected
		 * whichever way it is split. */
		if (!has_illegal(&toks) && !ss_tok_is(&toks.v[0], "explain"))
			CHECK(piece_complete(piece, len),
			      "piece %zu <%s> + ';' is not complete per sqlite3_complete", i,
			      piece);
		ss_create_info ci;
		ss_error cerr;
		if (ss_sql_classify(&ci, &toks, &cerr) == 0)
			check_rewrite(piece, len, &toks, &ci);
		ss_create_info_clear(&ci);
		ss_tokens_free(&toks);
		free(piece);
		prev = s + len;
	}
	check_gap(text, prev, n);
	ss_free(v);
}

/* ---- classify and prefix rewrite --------------------------------------------------------- */

static void add_quoted(ss_buf *b, const char *prefix, const char *name)
{
	ss_buf_addc(b, '"');
	for (const char *p = prefix; *p; p++)
		ss_buf_addc(b, *p);
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			ss_buf_addc(b, '"');
		ss_buf_addc(b, *p);
	}
	ss_buf_addc(b, '"');
}

/*
 * A three-part name (main.a.b) is a syntax error in SQLite; the rewrite turns it into a
 * two-part name in a schema named with the prefix, which does not exist either, so it stays
 * an error (benign: not checked at the token level).
 */
static int followed_by_dot(const ss_tokens *toks, long i)
{
	return (size_t)i + 1 < toks->n && toks->v[i + 1].type == SS_TK_PUNCT &&
	       toks->v[i + 1].z[0] == '.';
}

/* The expected rewrite of the CREATE piece, built from the spans by hand: the name span
 * (schema qualifier included) and the ON-target span replaced by quoted prefixed names. */
static char *expected_rewrite(const char *piece, size_t n, const ss_tokens *toks,
			      const ss_create_info *ci)
{
	int has_target = ci->type == SS_OBJ_INDEX || ci->type == SS_OBJ_TRIGGER;
	const ss_token *v = toks->v;
	long nfrom = ci->schema_tok >= 0 ? ci->schema_tok : ci->name_tok;
	size_t a = (size_t)(v[nfrom].z - piece);
	size_t b = (size_t)(v[ci->name_tok].z + v[ci->name_tok].n - piece);
	ss_buf want;
	ss_buf_init(&want);
	ss_buf_add(&want, piece, a);
	/* a replacement keeps a space from a word or quote it would otherwise fuse with */
#define FUSES(ch)                                                                                  \
	(isalnum((unsigned char)(ch)) || (ch) == '_' || (ch) == '$' ||                             \
	 (unsigned char)(ch) >= 0x80 || strchr("\"'`[]", (ch)) != NULL)
	if (a > 0 && FUSES(piece[a - 1]) && piece[a - 1] != '[')
		ss_buf_addc(&want, ' ');
	add_quoted(&want, PREFIX, ci->name);
	if (b < n && FUSES(piece[b]) && piece[b] != ']')
		ss_buf_addc(&want, ' ');
	size_t rest = b;
	if (has_target) {
		long tfrom = ci->target_schema_tok >= 0 ? ci->target_schema_tok : ci->target_tok;
		size_t c = (size_t)(v[tfrom].z - piece);
		size_t d = (size_t)(v[ci->target_tok].z + v[ci->target_tok].n - piece);
		CHECK(c >= b, "target span [%zu, %zu) overlaps the name span [%zu, %zu)", c, d, a,
		      b);
		ss_buf_add(&want, piece + b, c - b);
		if (c > 0 && FUSES(piece[c - 1]) && piece[c - 1] != '[')
			ss_buf_addc(&want, ' ');
		add_quoted(&want, PREFIX, ci->target);
		if (d < n && FUSES(piece[d]) && piece[d] != ']')
			ss_buf_addc(&want, ' ');
		rest = d;
	}
#undef FUSES
	ss_buf_add(&want, piece + rest, n - rest);
	return ss_buf_detach(&want);
}

/* The rewritten statement got lexes to the same tokens, with the prefixed names in the
 * name and target positions (qualifiers dropped), and classifies to them. */
static void check_relex(const char *piece, const char *got, const ss_tokens *toks,
			const ss_create_info *ci)
{
	int has_target = ci->type == SS_OBJ_INDEX || ci->type == SS_OBJ_TRIGGER;
	if (!has_illegal(toks) && !followed_by_dot(toks, ci->name_tok) &&
	    !(has_target && followed_by_dot(toks, ci->target_tok))) {
		ss_tokens t2;
		CHECK(ss_tokens_lex(&t2, got, strlen(got)) == 0, "lex rewrite");
		size_t dropped =
			(ci->schema_tok >= 0 ? 2 : 0) + (ci->target_schema_tok >= 0 ? 2 : 0);
		/* Open bug "fused-name": a quoted replacement fuses with a "-quoted token right
		 * after the name (CREATE INDEX w""ON s). */
		if (t2.n + dropped != toks->n && fuzz_skip_known("fused-name")) {
			ss_tokens_free(&t2);
			return;
		}
		CHECK(t2.n + dropped == toks->n,
		      "rewrite of <%s> is <%s>: %zu tokens, expected %zu (a quoted name fused "
		      "with a neighbour?)",
		      piece, got, t2.n, toks->n - dropped);
		ss_create_info c2;
		ss_error err;
		int rc = ss_sql_classify(&c2, &t2, &err);
		CHECK(rc == 0, "rewrite <%s> of <%s> does not classify: %s", got, piece,
		      err.message);
		CHECK(c2.type == ci->type && strncmp(c2.name, PREFIX, strlen(PREFIX)) == 0 &&
			      strcmp(c2.name + strlen(PREFIX), ci->name) == 0,
		      "rewrite <%s> classifies as type %d name <%s>", got, (int)c2.type, c2.name);
		if (has_target)
			CHECK(c2.target != NULL &&
				      strncmp(c2.target, PREFIX, strlen(PREFIX)) == 0 &&
				      strcmp(c2.target + strlen(PREFIX), ci->target) == 0,
			      "rewrite <%s> of <%s> targets <%s>, not the prefixed <%s>", got,
			      piece, c2.target ? c2.target : "(null)", ci->target);
		ss_create_info_clear(&c2);
		ss_tokens_free(&t2);
	}
}

static void check_rewrite(const char *piece, size_t n, const ss_tokens *toks,
			  const ss_create_info *ci)
{
	CHECK(ci->type != SS_OBJ_NONE && ci->name != NULL, "classified without type or name");
	CHECK(ci->name_tok >= 0 && (size_t)ci->name_tok < toks->n, "name_tok %ld of %zu",
	      ci->name_tok, toks->n);
	char *id = ss_tok_ident(&toks->v[ci->name_tok]);
	CHECK(id != NULL && strcmp(id, ci->name) == 0, "name <%s> but name token says <%s>",
	      ci->name, id ? id : "(null)");
	ss_free(id);
	int has_target = ci->type == SS_OBJ_INDEX || ci->type == SS_OBJ_TRIGGER;
	CHECK(has_target == (ci->target_tok >= 0) && has_target == (ci->target != NULL),
	      "target_tok %ld for object type %d", ci->target_tok, (int)ci->type);
	if (has_target) {
		CHECK(ci->target_tok > ci->name_tok && (size_t)ci->target_tok < toks->n,
		      "target_tok %ld, name_tok %ld, %zu tokens", ci->target_tok, ci->name_tok,
		      toks->n);
		id = ss_tok_ident(&toks->v[ci->target_tok]);
		CHECK(id != NULL && strcmp(id, ci->target) == 0,
		      "target <%s> but target token says <%s>", ci->target, id ? id : "(null)");
		ss_free(id);
	}

	char *w = expected_rewrite(piece, n, toks, ci);
	char *got = ss_sql_prefix_rewrite(piece, n, toks, ci, PREFIX);
	CHECK(w != NULL && got != NULL, "prefix rewrite returned NULL");
	CHECK(strcmp(w, got) == 0, "prefix rewrite of <%s>:\n  got  <%s>\n  want <%s>", piece, got,
	      w);
	ss_free(w);

	check_relex(piece, got, toks, ci);
	ss_free(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	size_t n;
	char *text = fuzz_text(data, size, &n);
	fuzz_setup("sql_fuzzer", print_input);
	g_input = text;
	g_input_len = n;
	g_rng = 2166136261u;
	for (size_t i = 0; i < n; i++)
		g_rng = (g_rng ^ (unsigned char)text[i]) * 16777619u;
	if (g_rng == 0)
		g_rng = 1;

	ss_tokens toks;
	CHECK(ss_tokens_lex(&toks, text, n) == 0, "lex failed");
	check_tokens(text, n, &toks);
	check_normalize(text, &toks);
	ss_tokens_free(&toks);
	check_split(text, n);

	free(text);
	g_input = NULL;
	return 0;
}
