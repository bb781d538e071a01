/* SPDX-License-Identifier: MIT */
/*
 * Case files (SPEC §7): a superset of sqlfu's schema-diff fixture format, so sqlfu fixture
 * files replay unchanged. Directives are whole lines starting with "-- ":
 *   -- default config: {...}      once per file, merged under every case's config
 *   -- #region: <name>            starts a case
 *   -- config: {...}              this case's config (allowDestructive, strategy, profile,
 *                                 foreignKeys, propertiesOnly, excludedTables)
 *   -- baseline: / -- rows: / -- desired: / -- output: [<empty>] / -- error: "..."
 *   -- #endregion                 ends the case
 * Every other line belongs to the section above it (SQL comments included). Extension:
 * "propertiesOnly": true marks a regression case whose correct plan text is not known; replay
 * then checks the properties only.
 */
#include "hint.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SEC_NONE, SEC_BASELINE, SEC_ROWS, SEC_DESIRED, SEC_OUTPUT };

typedef struct cfg {
	int allow_destructive;
	int strategy;
	int profile;
	int fk;
	int properties_only;
	char **excluded;
	size_t excluded_count;
	int has_excluded;
} cfg;

static void cfg_init(cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->allow_destructive = 1;
	c->strategy = SS_CASE_STRATEGY_BOTH;
}

static void cfg_free(cfg *c)
{
	for (size_t i = 0; i < c->excluded_count; i++)
		free(c->excluded[i]);
	free(c->excluded);
}

static void cfg_copy(cfg *dst, const cfg *src)
{
	*dst = *src;
	dst->excluded = NULL;
	if (src->excluded_count) {
		dst->excluded = sh_malloc(src->excluded_count * sizeof(char *));
		for (size_t i = 0; i < src->excluded_count; i++)
			dst->excluded[i] = sh_strdup(src->excluded[i]);
	}
}

/* Merge JSON text into c; returns 0 or -1 with a message. */
static int cfg_parse(cfg *c, const char *json, char *err, size_t len)
{
	cJSON *j = cJSON_Parse(json);
	if (!j || !cJSON_IsObject(j)) {
		snprintf(err, len, "config is not a JSON object: %s", json);
		cJSON_Delete(j);
		return -1;
	}
	int rc = 0;
	for (cJSON *it = j->child; it; it = it->next) {
		const char *k = it->string;
		if (!strcmp(k, "allowDestructive") && cJSON_IsBool(it)) {
			c->allow_destructive = cJSON_IsTrue(it);
		} else if (!strcmp(k, "foreignKeys") && cJSON_IsBool(it)) {
			c->fk = cJSON_IsTrue(it);
		} else if (!strcmp(k, "propertiesOnly") && cJSON_IsBool(it)) {
			c->properties_only = cJSON_IsTrue(it);
		} else if (!strcmp(k, "strategy") && cJSON_IsString(it)) {
			const char *v = it->valuestring;
			if (!strcmp(v, "auto"))
				c->strategy = 0;
			else if (!strcmp(v, "scratch-db"))
				c->strategy = 1;
			else if (!strcmp(v, "prefix"))
				c->strategy = 2;
			else if (!strcmp(v, "both"))
				c->strategy = SS_CASE_STRATEGY_BOTH;
			else {
				snprintf(err, len, "unknown strategy \"%s\"", v);
				rc = -1;
			}
		} else if (!strcmp(k, "profile") && cJSON_IsString(it)) {
			if (!strcmp(it->valuestring, "durable-object"))
				c->profile = 1;
			else if (!strcmp(it->valuestring, "default"))
				c->profile = 0;
			else {
				snprintf(err, len, "unknown profile \"%s\"", it->valuestring);
				rc = -1;
			}
		} else if (!strcmp(k, "excludedTables") && cJSON_IsArray(it)) {
			for (size_t i = 0; i < c->excluded_count; i++)
				free(c->excluded[i]);
			free(c->excluded);
			c->excluded = NULL;
			c->excluded_count = 0;
			c->has_excluded = 1;
			for (cJSON *e = it->child; e; e = e->next) {
				if (!cJSON_IsString(e))
					continue;
				c->excluded = sh_realloc(c->excluded,
							 (c->excluded_count + 1) * sizeof(char *));
				c->excluded[c->excluded_count++] = sh_strdup(e->valuestring);
			}
		} else {
			snprintf(err, len, "unknown or mistyped config key \"%s\"", k);
			rc = -1;
		}
		if (rc)
			break;
	}
	cJSON_Delete(j);
	return rc;
}

static const char *after_prefix(const char *line, size_t n, const char *prefix)
{
	size_t p = strlen(prefix);
	if (n >= p && !strncmp(line, prefix, p))
		return line + p;
	return NULL;
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return sh_strndup(s, n);
}

typedef struct parser {
	ss_case **v;
	size_t n;
	ss_case *cur;
	cfg def, curcfg;
	int sec;
	sh_buf text[5];
	const char *file;
} parser;

static void finish(parser *p)
{
	ss_case *c = p->cur;
	if (!c)
		return;
	c->baseline = sh_buf_take(&p->text[SEC_BASELINE]);
	c->rows = sh_buf_take(&p->text[SEC_ROWS]);
	c->desired = sh_buf_take(&p->text[SEC_DESIRED]);
	if (c->expect_output || p->text[SEC_OUTPUT].len) {
		free(c->expect_output);
		c->expect_output = sh_buf_take(&p->text[SEC_OUTPUT]);
	}
	sh_buf_free(&p->text[SEC_OUTPUT]);
	c->allow_destructive = p->curcfg.allow_destructive;
	c->strategy = p->curcfg.strategy;
	c->profile = p->curcfg.profile;
	c->fk = p->curcfg.fk || c->profile;
	c->properties_only = p->curcfg.properties_only;
	if (p->curcfg.has_excluded) {
		c->excluded = p->curcfg.excluded;
		c->excluded_count = p->curcfg.excluded_count;
		if (!c->excluded)
			c->excluded = sh_calloc(1, sizeof(char *));
		p->curcfg.excluded = NULL;
		p->curcfg.excluded_count = 0;
	}
	cfg_free(&p->curcfg);
	p->v = sh_realloc(p->v, (p->n + 1) * sizeof(ss_case *));
	p->v[p->n++] = c;
	p->cur = NULL;
	p->sec = SEC_NONE;
}

static void start(parser *p, const char *name, int line)
{
	finish(p);
	p->cur = ss_case_new();
	p->cur->name = sh_strdup(name);
	p->cur->file = sh_strdup(p->file);
	p->cur->line = line;
	cfg_copy(&p->curcfg, &p->def);
	p->sec = SEC_NONE;
}

int ss_casefile_parse(ss_case ***out, size_t *count, const char *text, const char *filename,
		      char *err, size_t errlen)
{
	parser p;
	memset(&p, 0, sizeof(p));
	cfg_init(&p.def);
	p.file = filename ? filename : "<input>";
	*out = NULL;
	*count = 0;
	int line = 0, rc = 0;
	char msg[400];
	for (const char *s = text; *s && !rc;) {
		size_t n = strcspn(s, "\n");
		line++;
		const char *v;
		char *name;
		if ((v = after_prefix(s, n, "-- default config:"))) {
			char *j = trim_dup(v, n - (size_t)(v - s));
			cfg_free(&p.def);
			cfg_init(&p.def);
			if (cfg_parse(&p.def, j, msg, sizeof(msg))) {
				snprintf(err, errlen, "%s:%d: %s", p.file, line, msg);
				rc = -1;
			}
			free(j);
		} else if ((v = after_prefix(s, n, "-- #region:"))) {
			name = trim_dup(v, n - (size_t)(v - s));
			start(&p, name, line);
			free(name);
		} else if (after_prefix(s, n, "-- #endregion")) {
			finish(&p);
		} else if ((v = after_prefix(s, n, "-- config:"))) {
			if (!p.cur) {
				char base[64];
				snprintf(base, sizeof(base), "case at line %d", line);
				start(&p, base, line);
			}
			char *j = trim_dup(v, n - (size_t)(v - s));
			if (cfg_parse(&p.curcfg, j, msg, sizeof(msg))) {
				snprintf(err, errlen, "%s:%d: %s", p.file, line, msg);
				rc = -1;
			}
			free(j);
		} else if (after_prefix(s, n, "-- baseline:") || after_prefix(s, n, "-- rows:") ||
			   after_prefix(s, n, "-- desired:")) {
			if (!p.cur) {
				char base[64];
				snprintf(base, sizeof(base), "case at line %d", line);
				start(&p, base, line);
			}
			p.sec = after_prefix(s, n, "-- baseline:") ? SEC_BASELINE
				: after_prefix(s, n, "-- rows:")   ? SEC_ROWS
								   : SEC_DESIRED;
		} else if ((v = after_prefix(s, n, "-- output:"))) {
			if (!p.cur) {
				snprintf(err, errlen, "%s:%d: -- output: outside a case", p.file,
					 line);
				rc = -1;
				break;
			}
			p.sec = SEC_OUTPUT;
			free(p.cur->expect_output);
			p.cur->expect_output = sh_strdup("");
			char *rest = trim_dup(v, n - (size_t)(v - s));
			if (rest[0] && strcmp(rest, "<empty>"))
				sh_buf_adds(&p.text[SEC_OUTPUT], rest);
			if (!strcmp(rest, "<empty>"))
				p.sec = SEC_NONE;
			free(rest);
		} else if ((v = after_prefix(s, n, "-- error:"))) {
			if (!p.cur) {
				snprintf(err, errlen, "%s:%d: -- error: outside a case", p.file,
					 line);
				rc = -1;
				break;
			}
			char *rest = trim_dup(v, n - (size_t)(v - s));
			free(p.cur->expect_error);
			p.cur->expect_error = NULL;
			if (rest[0] == '"') {
				cJSON *j = cJSON_Parse(rest);
				if (cJSON_IsString(j))
					p.cur->expect_error = sh_strdup(j->valuestring);
				cJSON_Delete(j);
			}
			if (!p.cur->expect_error)
				p.cur->expect_error = sh_strdup(rest);
			free(rest);
			p.sec = SEC_NONE;
		} else if (p.cur && p.sec != SEC_NONE) {
			sh_buf_add(&p.text[p.sec], s, n);
			sh_buf_addc(&p.text[p.sec], '\n');
		}
		s += n;
		if (*s)
			s++;
	}
	if (!rc)
		finish(&p);
	else if (p.cur) {
		ss_case_free(p.cur);
		cfg_free(&p.curcfg);
	}
	for (int i = 0; i < 5; i++)
		sh_buf_free(&p.text[i]);
	cfg_free(&p.def);
	if (rc) {
		for (size_t i = 0; i < p.n; i++)
			ss_case_free(p.v[i]);
		free(p.v);
		return -1;
	}
	for (size_t i = 0; i < p.n; i++)
		if (!p.v[i]->desired[0] && !p.v[i]->baseline[0]) {
			snprintf(err, errlen, "%s:%d: case \"%s\" has no baseline and no desired",
				 p.file, p.v[i]->line, p.v[i]->name);
		}
	*out = p.v;
	*count = p.n;
	return 0;
}

static void section(sh_buf *b, const char *head, const char *text)
{
	sh_buf_adds(b, head);
	sh_buf_addc(b, '\n');
	if (text && text[0]) {
		sh_buf_adds(b, text);
		if (text[strlen(text) - 1] != '\n')
			sh_buf_addc(b, '\n');
	}
}

char *ss_case_format(const ss_case *c, const char *comment)
{
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "-- #region: %s\n", c->name ? c->name : "case");
	for (const char *s = comment; s && *s;) {
		size_t n = strcspn(s, "\n");
		sh_buf_adds(&b, "-- ");
		sh_buf_add(&b, s, n);
		sh_buf_addc(&b, '\n');
		s += n;
		if (*s)
			s++;
	}
	cJSON *j = cJSON_CreateObject();
	cJSON_AddBoolToObject(j, "allowDestructive", c->allow_destructive);
	if (c->strategy != SS_CASE_STRATEGY_BOTH)
		cJSON_AddStringToObject(j, "strategy",
					c->strategy == 0   ? "auto"
					: c->strategy == 1 ? "scratch-db"
							   : "prefix");
	if (c->profile)
		cJSON_AddStringToObject(j, "profile", "durable-object");
	cJSON_AddBoolToObject(j, "foreignKeys", c->fk);
	if (c->properties_only)
		cJSON_AddBoolToObject(j, "propertiesOnly", 1);
	if (c->excluded) {
		cJSON *a = cJSON_AddArrayToObject(j, "excludedTables");
		for (size_t i = 0; i < c->excluded_count; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(c->excluded[i]));
	}
	char *js = cJSON_PrintUnformatted(j);
	sh_buf_printf(&b, "-- config: %s\n", js ? js : "{}");
	cJSON_free(js);
	cJSON_Delete(j);
	section(&b, "-- baseline:", c->baseline);
	if (c->rows && c->rows[0])
		section(&b, "-- rows:", c->rows);
	section(&b, "-- desired:", c->desired);
	if (c->expect_error) {
		cJSON *s = cJSON_CreateString(c->expect_error);
		char *q = cJSON_PrintUnformatted(s);
		sh_buf_printf(&b, "-- error: %s\n", q ? q : "\"\"");
		cJSON_free(q);
		cJSON_Delete(s);
	} else if (c->expect_output) {
		if (!c->expect_output[0])
			sh_buf_adds(&b, "-- output: <empty>\n");
		else
			section(&b, "-- output:", c->expect_output);
	}
	sh_buf_adds(&b, "-- #endregion\n");
	return sh_buf_take(&b);
}
