/* SPDX-License-Identifier: MIT */
/*
 * Case files (SPEC §7): a superset of sqlfu's schema-diff fixture format, so sqlfu fixture
 * files replay unchanged. Directives are whole lines starting with "-- ":
 *   -- default config: {...}      once per file, merged under every case's config
 *   -- #region: <name>            starts a case
 *   -- config: {...}              this case's config (allowDestructive, strategy, profile,
 *                                 foreignKeys, propertiesOnly, excludedTables, and the
 *                                 caller's connection: callerTransaction none|begin|
 *                                 savepoint, deferForeignKeys, attached, authorizer,
 *                                 attachLimit, caseSensitiveLike; the
 *                                 engine's thresholds renameMinRows, alterCopyMinObjects)
 *   -- baseline: / -- rows: / -- desired: / -- output: [<empty>] / -- error: "..."
 *   -- #endregion                 ends the case
 * Every other line belongs to the section above it (SQL comments included). Extension:
 * "propertiesOnly": true marks a regression case whose correct plan text is not known; replay
 * then checks the properties only.
 */
#include "harness_internal.h"

#include <assert.h>

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
	char *engine; /* "engine": the engine a campaign found the case with */
	int allow_empty;
	int caller_txn, defer_fk, attached, authorizer, attach_limit, case_like;
	unsigned rename_min_rows, alter_copy_min_objects;
} cfg;

static void cfg_init(cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->allow_destructive = 1;
	c->allow_empty = 1;
	c->strategy = SS_CASE_STRATEGY_BOTH;
}

static void cfg_free(cfg *c)
{
	for (size_t i = 0; i < c->excluded_count; i++)
		free(c->excluded[i]);
	free(c->excluded);
	free(c->engine);
}

static void cfg_copy(cfg *dst, const cfg *src)
{
	*dst = *src;
	dst->engine = src->engine ? sh_strdup(src->engine) : NULL;
	dst->excluded = NULL;
	if (src->excluded_count) {
		dst->excluded = sh_malloc(src->excluded_count * sizeof(char *));
		for (size_t i = 0; i < src->excluded_count; i++)
			dst->excluded[i] = sh_strdup(src->excluded[i]);
	}
}

static int cfg_strategy(cfg *c, const char *v, char *err, size_t len)
{
	if (!strcmp(v, "auto"))
		c->strategy = SS_STRATEGY_AUTO;
	else if (!strcmp(v, "scratch-db"))
		c->strategy = SS_STRATEGY_SCRATCH_DB;
	else if (!strcmp(v, "prefix"))
		c->strategy = SS_STRATEGY_PREFIX;
	else if (!strcmp(v, "both"))
		c->strategy = SS_CASE_STRATEGY_BOTH;
	else {
		snprintf(err, len, "unknown strategy \"%s\"", v);
		return -1;
	}
	return 0;
}

static int cfg_profile(cfg *c, const char *v, char *err, size_t len)
{
	if (!strcmp(v, "durable-object"))
		c->profile = SS_PROFILE_DURABLE_OBJECT;
	else if (!strcmp(v, "default"))
		c->profile = SS_PROFILE_DEFAULT;
	else {
		snprintf(err, len, "unknown profile \"%s\"", v);
		return -1;
	}
	return 0;
}

static int cfg_caller_txn(cfg *c, const char *v, char *err, size_t len)
{
	if (!strcmp(v, "none"))
		c->caller_txn = SS_CALLER_AUTOCOMMIT;
	else if (!strcmp(v, "begin"))
		c->caller_txn = SS_CALLER_BEGIN;
	else if (!strcmp(v, "savepoint"))
		c->caller_txn = SS_CALLER_SAVEPOINT;
	else {
		snprintf(err, len, "unknown callerTransaction \"%s\" (none, begin, savepoint)", v);
		return -1;
	}
	return 0;
}

/* A threshold: a whole number from 0 to 2^31. */
static int cfg_threshold(unsigned *out, const cJSON *it, char *err, size_t len)
{
	double v = it->valuedouble;
	if (v < 0 || v > 2147483648.0 || v != (double)(unsigned)v) {
		snprintf(err, len, "config key \"%s\" must be a whole number >= 0", it->string);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* excludedTables replaces the list (an empty array: nothing is excluded). */
static void cfg_excluded(cfg *c, const cJSON *array)
{
	for (size_t i = 0; i < c->excluded_count; i++)
		free(c->excluded[i]);
	free(c->excluded);
	c->excluded = NULL;
	c->excluded_count = 0;
	c->has_excluded = 1;
	for (cJSON *e = array->child; e; e = e->next) {
		if (!cJSON_IsString(e))
			continue;
		c->excluded = sh_realloc(c->excluded, (c->excluded_count + 1) * sizeof(char *));
		c->excluded[c->excluded_count++] = sh_strdup(e->valuestring);
	}
}

/* One key of a config object; 0, or -1 with a message. */
static int cfg_key(cfg *c, const cJSON *it, char *err, size_t len)
{
	const char *k = it->string;
	if (!strcmp(k, "allowDestructive") && cJSON_IsBool(it))
		c->allow_destructive = cJSON_IsTrue(it);
	else if (!strcmp(k, "allowEmpty") && cJSON_IsBool(it))
		c->allow_empty = cJSON_IsTrue(it);
	else if (!strcmp(k, "foreignKeys") && cJSON_IsBool(it))
		c->fk = cJSON_IsTrue(it);
	else if (!strcmp(k, "propertiesOnly") && cJSON_IsBool(it))
		c->properties_only = cJSON_IsTrue(it);
	else if (!strcmp(k, "strategy") && cJSON_IsString(it))
		return cfg_strategy(c, it->valuestring, err, len);
	else if (!strcmp(k, "profile") && cJSON_IsString(it))
		return cfg_profile(c, it->valuestring, err, len);
	else if (!strcmp(k, "excludedTables") && cJSON_IsArray(it))
		cfg_excluded(c, it);
	else if (!strcmp(k, "engine") && cJSON_IsString(it)) {
		free(c->engine);
		c->engine = sh_strdup(it->valuestring);
	} else if (!strcmp(k, "callerTransaction") && cJSON_IsString(it))
		return cfg_caller_txn(c, it->valuestring, err, len);
	else if (!strcmp(k, "deferForeignKeys") && cJSON_IsBool(it))
		c->defer_fk = cJSON_IsTrue(it);
	else if (!strcmp(k, "attached") && cJSON_IsBool(it))
		c->attached = cJSON_IsTrue(it);
	else if (!strcmp(k, "authorizer") && cJSON_IsBool(it))
		c->authorizer = cJSON_IsTrue(it);
	else if (!strcmp(k, "attachLimit") && cJSON_IsBool(it))
		c->attach_limit = cJSON_IsTrue(it);
	else if (!strcmp(k, "caseSensitiveLike") && cJSON_IsBool(it))
		c->case_like = cJSON_IsTrue(it);
	else if (!strcmp(k, "renameMinRows") && cJSON_IsNumber(it))
		return cfg_threshold(&c->rename_min_rows, it, err, len);
	else if (!strcmp(k, "alterCopyMinObjects") && cJSON_IsNumber(it))
		return cfg_threshold(&c->alter_copy_min_objects, it, err, len);
	else {
		snprintf(err, len, "unknown or mistyped config key \"%s\"", k);
		return -1;
	}
	return 0;
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
	for (cJSON *it = j->child; it && !rc; it = it->next)
		rc = cfg_key(c, it, err, len);
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
	char err[600];
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
	c->config.allow_destructive = p->curcfg.allow_destructive;
	c->config.allow_empty = p->curcfg.allow_empty;
	c->config.strategy = p->curcfg.strategy;
	c->config.profile = (ss_profile)p->curcfg.profile;
	c->config.foreign_keys = p->curcfg.fk || c->config.profile;
	c->config.properties_only = p->curcfg.properties_only;
	c->config.engine = p->curcfg.engine ? sh_strdup(p->curcfg.engine) : NULL;
	c->config.caller_txn = p->curcfg.caller_txn;
	c->config.defer_foreign_keys = p->curcfg.defer_fk;
	c->config.attached = p->curcfg.attached;
	c->config.authorizer = p->curcfg.authorizer;
	c->config.attach_limit = p->curcfg.attach_limit;
	c->config.case_sensitive_like = p->curcfg.case_like;
	c->config.rename_min_rows = p->curcfg.rename_min_rows;
	c->config.alter_copy_min_objects = p->curcfg.alter_copy_min_objects;
	if (p->curcfg.has_excluded) {
		/* an empty list excludes nothing; NULL would mean the default list */
		static const char *const none[1] = {NULL};
		sh_case_set_excluded(
			c, p->curcfg.excluded ? (const char *const *)p->curcfg.excluded : none,
			p->curcfg.excluded_count);
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
	p->cur = sh_case_new();
	p->cur->name = sh_strdup(name);
	p->cur->file = sh_strdup(p->file);
	p->cur->line = line;
	cfg_copy(&p->curcfg, &p->def);
	p->sec = SEC_NONE;
}

/* A case for a section found outside a region: named after its line. */
static void ensure_case(parser *p, int line)
{
	char base[64];
	if (p->cur)
		return;
	snprintf(base, sizeof(base), "case at line %d", line);
	start(p, base, line);
}

static int fail_at(parser *p, int line, const char *msg)
{
	snprintf(p->err, sizeof(p->err), "%s:%d: %s", p->file, line, msg);
	return -1;
}

/* "-- output: [<empty>]": the expected plan follows (or is empty). */
static int output_line(parser *p, const char *rest, int line)
{
	if (!p->cur)
		return fail_at(p, line, "-- output: outside a case");
	p->sec = SEC_OUTPUT;
	free(p->cur->expect_output);
	p->cur->expect_output = sh_strdup("");
	if (rest[0] && strcmp(rest, "<empty>"))
		sh_buf_adds(&p->text[SEC_OUTPUT], rest);
	if (!strcmp(rest, "<empty>"))
		p->sec = SEC_NONE;
	return 0;
}

/* "-- error: \"...\"" (JSON string) or a bare message. */
static int error_line(parser *p, const char *rest, int line)
{
	if (!p->cur)
		return fail_at(p, line, "-- error: outside a case");
	free(p->cur->expect_error);
	p->cur->expect_error = NULL;
	if (rest[0] == '"') {
		cJSON *j = cJSON_Parse(rest);
		if (cJSON_IsString(j))
			p->cur->expect_error = sh_strdup(j->valuestring);
		cJSON_Delete(j);
	}
	if (!p->cur->expect_error)
		p->cur->expect_error = sh_strdup(rest);
	p->sec = SEC_NONE;
	return 0;
}

static int config_line(parser *p, cfg *c, const char *json, int line)
{
	char msg[400];
	return cfg_parse(c, json, msg, sizeof(msg)) ? fail_at(p, line, msg) : 0;
}

/* One line of the file (n bytes at s, without its newline). 0, or -1 with p->err. */
static int parse_line(parser *p, const char *s, size_t n, int line)
{
	const char *v;
	int rc = 0;
	char *rest = NULL;
	if ((v = after_prefix(s, n, "-- default config:"))) {
		rest = trim_dup(v, n - (size_t)(v - s));
		cfg_free(&p->def);
		cfg_init(&p->def);
		rc = config_line(p, &p->def, rest, line);
	} else if ((v = after_prefix(s, n, "-- #region:"))) {
		rest = trim_dup(v, n - (size_t)(v - s));
		start(p, rest, line);
	} else if (after_prefix(s, n, "-- #endregion")) {
		finish(p);
	} else if ((v = after_prefix(s, n, "-- config:"))) {
		ensure_case(p, line);
		rest = trim_dup(v, n - (size_t)(v - s));
		rc = config_line(p, &p->curcfg, rest, line);
	} else if (after_prefix(s, n, "-- baseline:") || after_prefix(s, n, "-- rows:") ||
		   after_prefix(s, n, "-- desired:")) {
		ensure_case(p, line);
		p->sec = after_prefix(s, n, "-- baseline:") ? SEC_BASELINE
			 : after_prefix(s, n, "-- rows:")   ? SEC_ROWS
							    : SEC_DESIRED;
	} else if ((v = after_prefix(s, n, "-- output:"))) {
		rest = trim_dup(v, n - (size_t)(v - s));
		rc = output_line(p, rest, line);
	} else if ((v = after_prefix(s, n, "-- error:"))) {
		rest = trim_dup(v, n - (size_t)(v - s));
		rc = error_line(p, rest, line);
	} else if (p->cur && p->sec != SEC_NONE) {
		sh_buf_add(&p->text[p->sec], s, n);
		sh_buf_addc(&p->text[p->sec], '\n');
	}
	free(rest);
	return rc;
}

struct ss_casefile {
	ss_case **v;
	size_t n;
};

int ss_casefile_parse(ss_casefile **out, const char *text, const char *filename, ss_error *err)
{
	assert(out != NULL && text != NULL);
	parser p;
	memset(&p, 0, sizeof(p));
	cfg_init(&p.def);
	p.file = filename ? filename : "<input>";
	*out = NULL;
	int line = 0, rc = 0;
	for (const char *s = text; *s && !rc;) {
		size_t n = strcspn(s, "\n");
		rc = parse_line(&p, s, n, ++line);
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
	ss_casefile *f = sh_calloc(1, sizeof(*f));
	f->v = p.v;
	f->n = p.n;
	if (rc) {
		ss_casefile_free(f);
		return sh_fail(err, SS_E_INVALID, "%s", p.err);
	}
	*out = f;
	return 0;
}

size_t ss_casefile_count(const ss_casefile *f)
{
	return f->n;
}

const ss_case *ss_casefile_case(const ss_casefile *f, size_t i)
{
	return i < f->n ? f->v[i] : NULL;
}

ss_case *sh_casefile_take(ss_casefile *f, size_t i)
{
	ss_case *c = f->v[i];
	f->v[i] = NULL;
	return c;
}

void ss_casefile_free(ss_casefile *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		ss_case_free(f->v[i]);
	free(f->v);
	free(f);
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

/* The case's config as one line of JSON. */
static void config_json(sh_buf *b, const ss_case_config *k)
{
	static const char *const strategies[] = {"auto", "scratch-db", "prefix"};
	cJSON *j = cJSON_CreateObject();
	cJSON_AddBoolToObject(j, "allowDestructive", k->allow_destructive);
	if (!k->allow_empty)
		cJSON_AddBoolToObject(j, "allowEmpty", 0);
	if (k->strategy != SS_CASE_STRATEGY_BOTH)
		cJSON_AddStringToObject(
			j, "strategy",
			strategies[k->strategy >= 0 && k->strategy <= 2 ? k->strategy : 2]);
	if (k->profile)
		cJSON_AddStringToObject(j, "profile", "durable-object");
	cJSON_AddBoolToObject(j, "foreignKeys", k->foreign_keys);
	if (k->properties_only)
		cJSON_AddBoolToObject(j, "propertiesOnly", 1);
	if (k->engine)
		cJSON_AddStringToObject(j, "engine", k->engine);
	static const char *const txns[] = {"none", "begin", "savepoint"};
	if (k->caller_txn > 0 && k->caller_txn <= 2)
		cJSON_AddStringToObject(j, "callerTransaction", txns[k->caller_txn]);
	if (k->defer_foreign_keys)
		cJSON_AddBoolToObject(j, "deferForeignKeys", 1);
	if (k->attached)
		cJSON_AddBoolToObject(j, "attached", 1);
	if (k->authorizer)
		cJSON_AddBoolToObject(j, "authorizer", 1);
	if (k->attach_limit)
		cJSON_AddBoolToObject(j, "attachLimit", 1);
	if (k->case_sensitive_like)
		cJSON_AddBoolToObject(j, "caseSensitiveLike", 1);
	if (k->rename_min_rows)
		cJSON_AddNumberToObject(j, "renameMinRows", k->rename_min_rows);
	if (k->alter_copy_min_objects)
		cJSON_AddNumberToObject(j, "alterCopyMinObjects", k->alter_copy_min_objects);
	if (k->excluded_tables) {
		cJSON *a = cJSON_AddArrayToObject(j, "excludedTables");
		for (size_t i = 0; i < k->excluded_count; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(k->excluded_tables[i]));
	}
	char *js = cJSON_PrintUnformatted(j);
	sh_buf_printf(b, "-- config: %s\n", js ? js : "{}");
	cJSON_free(js);
	cJSON_Delete(j);
}

/* "-- error: ..." or "-- output: ..." when the case gives one. */
static void expectation(sh_buf *b, const ss_case *c)
{
	if (c->expect_error) {
		cJSON *s = cJSON_CreateString(c->expect_error);
		char *q = cJSON_PrintUnformatted(s);
		sh_buf_printf(b, "-- error: %s\n", q ? q : "\"\"");
		cJSON_free(q);
		cJSON_Delete(s);
	} else if (c->expect_output) {
		if (!c->expect_output[0])
			sh_buf_adds(b, "-- output: <empty>\n");
		else
			section(b, "-- output:", c->expect_output);
	}
}

char *ss_case_format(const ss_case *c, const char *comment)
{
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "-- #region: %s\n", c->name ? c->name : "case");
	sh_buf_lines(&b, "-- ", comment, -1);
	config_json(&b, &c->config);
	section(&b, "-- baseline:", c->baseline);
	if (c->rows && c->rows[0])
		section(&b, "-- rows:", c->rows);
	section(&b, "-- desired:", c->desired);
	expectation(&b, c);
	sh_buf_adds(&b, "-- #endregion\n");
	return sh_buf_take(&b);
}
