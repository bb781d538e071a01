/* SPDX-License-Identifier: MIT */
/*
 * The case: made from a spec, parsed from a case file or generated; its accessors, deep
 * copy and excluded-table list. A case owns every text it holds.
 */
#include "harness_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

ss_case *sh_case_new(void)
{
	ss_case *c = sh_calloc(1, sizeof(*c));
	c->config = (ss_case_config)SS_CASE_CONFIG_INIT;
	return c;
}

void sh_case_set_excluded(ss_case *c, const char *const *list, size_t count)
{
	for (size_t i = 0; c->excluded && i < c->config.excluded_count; i++)
		free(c->excluded[i]);
	free(c->excluded);
	c->excluded = NULL;
	c->config.excluded_tables = NULL;
	c->config.excluded_count = 0;
	if (!list)
		return;
	c->excluded = sh_calloc(count ? count : 1, sizeof(char *));
	for (size_t i = 0; i < count; i++)
		c->excluded[i] = sh_strdup(list[i]);
	c->config.excluded_tables = (const char *const *)c->excluded;
	c->config.excluded_count = count;
}

static char *dup_or_null(const char *s)
{
	return s ? sh_strdup(s) : NULL;
}

int ss_case_new(ss_case **out, const ss_case_spec *spec)
{
	assert(out != NULL && spec != NULL);
	ss_case *c = sh_case_new();
	c->name = sh_strdup(spec->name ? spec->name : "case");
	c->baseline = sh_strdup(spec->baseline ? spec->baseline : "");
	c->rows = sh_strdup(spec->rows ? spec->rows : "");
	c->desired = sh_strdup(spec->desired ? spec->desired : "");
	c->expect_output = dup_or_null(spec->expect_output);
	c->expect_error = dup_or_null(spec->expect_error);
	c->config = spec->config;
	if (c->config.profile)
		c->config.foreign_keys = 1; /* the profile turns foreign keys on */
	c->config.excluded_tables = NULL;
	sh_case_set_excluded(c, spec->config.excluded_tables, spec->config.excluded_count);
	c->config.engine = dup_or_null(spec->config.engine);
	*out = c;
	return 0;
}

ss_case *sh_case_copy(const ss_case *c)
{
	ss_case *d = sh_case_new();
	*d = *c;
	d->name = dup_or_null(c->name);
	d->baseline = dup_or_null(c->baseline);
	d->rows = dup_or_null(c->rows);
	d->desired = dup_or_null(c->desired);
	d->expect_output = dup_or_null(c->expect_output);
	d->expect_error = dup_or_null(c->expect_error);
	d->file = dup_or_null(c->file);
	d->pristine = NULL;
	d->excluded = NULL;
	sh_case_set_excluded(d, c->config.excluded_tables, c->config.excluded_count);
	d->config.engine = dup_or_null(c->config.engine);
	return d;
}

const char *ss_case_name(const ss_case *c)
{
	return c->name;
}

const char *ss_case_text(const ss_case *c, ss_case_part part)
{
	switch (part) {
	case SS_CASE_BASELINE:
		return c->baseline ? c->baseline : "";
	case SS_CASE_ROWS:
		return c->rows ? c->rows : "";
	case SS_CASE_DESIRED:
		return c->desired ? c->desired : "";
	case SS_CASE_OUTPUT:
		return c->expect_output;
	case SS_CASE_ERROR:
		return c->expect_error;
	}
	return NULL;
}

const ss_case_config *ss_case_get_config(const ss_case *c)
{
	return &c->config;
}

const char *ss_case_source(const ss_case *c, int *line)
{
	if (line)
		*line = c->line;
	return c->file;
}

int ss_case_has_label(const ss_case *c, int label)
{
	if (label < 0 || label >= 64 * (int)(sizeof(c->labels) / sizeof(c->labels[0])))
		return 0;
	return (c->labels[label / 64] >> (label % 64)) & 1;
}

void ss_case_free(ss_case *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->baseline);
	free(c->rows);
	free(c->desired);
	sh_case_set_excluded(c, NULL, 0);
	free(c->expect_output);
	free(c->expect_error);
	free(c->file);
	free((char *)c->config.engine);
	sqlite3_close(c->pristine);
	free(c);
}

int sh_is_excluded(const char *name, const char *const *list, size_t count)
{
	if (!list)
		list = ss_default_excluded_tables(&count);
	for (size_t i = 0; i < count; i++)
		if (!sh_stricmp(name, list[i]))
			return 1;
	return 0;
}

int sh_case_fails(const ss_case *c, int property)
{
	ss_case_result *r = NULL;
	int fails = 0;
	/* a known engine bug does not count: confirming and shrinking a new violation must
	 * not drift onto a known one of the same property */
	ss_run_options ro = SS_RUN_OPTIONS_INIT;
	ro.known_apart = 1;
	if (ss_case_run(&r, c, &ro, NULL) == 0)
		fails = (r->failed >> property) & 1;
	ss_case_result_free(r);
	return fails;
}
