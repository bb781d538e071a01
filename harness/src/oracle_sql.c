/* SPDX-License-Identifier: MIT */
/*
 * The oracles' SQL normalizer, on the harness' own tokenizer: comments and whitespace
 * dropped, identifiers unquoted and lowercased (ASCII; quoted again only when they need it),
 * keywords lowercased, string literals kept, IF NOT EXISTS, a trigger's FOR EACH ROW and
 * the main qualifier of its ON table dropped (they mean nothing). Example:
 * `CREATE  TABLE "T" ( a INT -- c` + a newline + `)` and `create table [t](A int)` both
 * normalize to `create table t ( a int )`.
 */
#include "oracle.h"

#include <stdlib.h>
#include <string.h>

static int plain_chars(const char *s)
{
	if (!s[0] || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || (unsigned char)*p >= 0x80))
			return 0;
	return 1;
}

static char *norm_token(const char *s, size_t n, sh_tok k)
{
	if (k == SH_WORD || k == SH_QIDENT) {
		char *id = sh_ident_text(s, n, k);
		sh_lower_ascii(id);
		if (k == SH_WORD || plain_chars(id))
			return id;
		sh_buf b;
		sh_buf_init(&b);
		sh_buf_ident(&b, id);
		free(id);
		return sh_buf_take(&b);
	}
	char *t = sh_strndup(s, n);
	if (k == SH_BLOB || k == SH_NUMBER)
		sh_lower_ascii(t);
	return t;
}

void sh_norm_tokens(sh_strv *out, const char *sql)
{
	const char *p = sql;
	for (;;) {
		sh_tok k;
		size_t n = sh_token(p, &k);
		if (k == SH_EOF || n == 0)
			break;
		if (k != SH_SPACE && k != SH_COMMENT)
			sh_strv_push(out, norm_token(p, n, k));
		p += n;
	}
	/* CREATE ... IF NOT EXISTS: SQLite does not keep it in sqlite_schema either */
	for (size_t i = 1; i + 2 < out->n && i < 6; i++) {
		if (!strcmp(out->v[0], "create") && !strcmp(out->v[i], "if") &&
		    !strcmp(out->v[i + 1], "not") && !strcmp(out->v[i + 2], "exists")) {
			for (int j = 0; j < 3; j++)
				free(out->v[i + (size_t)j]);
			memmove(&out->v[i], &out->v[i + 3], (out->n - i - 3) * sizeof(char *));
			out->n -= 3;
			break;
		}
	}
}

/* A trigger's FOR EACH ROW is optional and means nothing else (SQLite has no other kind). */
static void drop_for_each_row(sh_strv *t)
{
	if (t->n < 3 || strcmp(t->v[0], "create") != 0)
		return;
	int trigger = 0;
	for (size_t i = 1; i < t->n && i < 4; i++)
		if (!strcmp(t->v[i], "trigger"))
			trigger = 1;
	if (!trigger)
		return;
	for (size_t i = 0; i + 2 < t->n; i++) {
		if (!strcmp(t->v[i], "for") && !strcmp(t->v[i + 1], "each") &&
		    !strcmp(t->v[i + 2], "row")) {
			for (int j = 0; j < 3; j++)
				free(t->v[i + (size_t)j]);
			memmove(&t->v[i], &t->v[i + 3], (t->n - i - 3) * sizeof(char *));
			t->n -= 3;
			break;
		}
	}
}

/*
 * A trigger's ON main.t names the same table as ON t (a trigger of main cannot be on
 * another schema's table); SQLite keeps the qualifier in sqlite_schema (it drops it from
 * object names), so it is dropped here: formatting, not schema.
 */
static void drop_trigger_on_main(sh_strv *t)
{
	if (t->n < 4 || strcmp(t->v[0], "create") != 0)
		return;
	size_t i = 1;
	while (i < t->n && i < 4 && strcmp(t->v[i], "trigger"))
		i++;
	if (i >= t->n || strcmp(t->v[i], "trigger"))
		return;
	for (; i + 2 < t->n && strcmp(t->v[i], "begin"); i++) {
		if (!strcmp(t->v[i], "on") && !strcmp(t->v[i + 1], "main") &&
		    !strcmp(t->v[i + 2], ".")) {
			free(t->v[i + 1]);
			free(t->v[i + 2]);
			memmove(&t->v[i + 1], &t->v[i + 3], (t->n - i - 3) * sizeof(char *));
			t->n -= 2;
			break;
		}
	}
}

char *sh_norm_join(const sh_strv *t, size_t a, size_t b)
{
	sh_buf out;
	sh_buf_init(&out);
	for (size_t i = a; i < b && i < t->n; i++) {
		if (i > a)
			sh_buf_addc(&out, ' ');
		sh_buf_adds(&out, t->v[i]);
	}
	return sh_buf_take(&out);
}

char *ss_oracle_normalize_sql(const char *sql)
{
	sh_strv t = {0};
	sh_norm_tokens(&t, sql ? sql : "");
	drop_for_each_row(&t);
	drop_trigger_on_main(&t);
	/* trailing semicolons do not count */
	while (t.n && !strcmp(t.v[t.n - 1], ";")) {
		free(t.v[t.n - 1]);
		t.n--;
	}
	char *s = sh_norm_join(&t, 0, t.n);
	sh_strv_free(&t);
	return s;
}
