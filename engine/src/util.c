/* SPDX-License-Identifier: MIT */
/*
 * Small shared pieces: the allocation hook every engine allocation goes through (so tests
 * can fail the N-th one), the capped growable text buffer all SQL is built in, error
 * filling, and name tables for enums.
 */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *default_malloc(void *ctx, size_t n)
{
	(void)ctx;
	return malloc(n);
}

static void *default_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return realloc(p, n);
}

static void default_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

static ss_allocator g_alloc = {default_malloc, default_realloc, default_free, NULL};

void ss_set_allocator(const ss_allocator *allocator)
{
	if (allocator == NULL) {
		g_alloc.malloc_fn = default_malloc;
		g_alloc.realloc_fn = default_realloc;
		g_alloc.free_fn = default_free;
		g_alloc.ctx = NULL;
		return;
	}
	g_alloc = *allocator;
}

void *ss__malloc(size_t n)
{
	return g_alloc.malloc_fn(g_alloc.ctx, n ? n : 1);
}

void *ss__realloc(void *p, size_t n)
{
	return g_alloc.realloc_fn(g_alloc.ctx, p, n ? n : 1);
}

void *ss__calloc(size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	if (g_alloc.malloc_fn == default_malloc)
		return calloc(count ? count : 1, size ? size : 1); /* fresh pages need no memset */
	void *p = ss__malloc(count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

void ss_free(void *p)
{
	if (p != NULL)
		g_alloc.free_fn(g_alloc.ctx, p);
}

char *ss__strndup(const char *s, size_t n)
{
	char *r = ss__malloc(n + 1);
	if (r == NULL)
		return NULL;
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

char *ss__strdup(const char *s)
{
	return ss__strndup(s, strlen(s));
}

int ss__fail(ss_error *err, int code, const char *fmt, ...)
{
	if (err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int ss_stricmp(const char *a, const char *b)
{
	return sqlite3_stricmp(a, b);
}

int ss_strnicmp(const char *a, const char *b, size_t n)
{
	return sqlite3_strnicmp(a, b, (int)n);
}

/* ---- buffer ---------------------------------------------------------------------------- */

void ss_buf_init(ss_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void ss_buf_free(ss_buf *b)
{
	ss_free(b->data);
	ss_buf_init(b);
}

void ss_buf_reset(ss_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = 0;
}

static int buf_grow(ss_buf *b, size_t extra)
{
	if (b->failed)
		return SS_E_NOMEM;
	if (extra > SS_BUF_MAX - b->len - 1) {
		b->failed = 1;
		return SS_E_NOMEM;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SS_BUF_MAX / 2 ? SS_BUF_MAX : cap * 2;
	char *p = ss__realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return SS_E_NOMEM;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int ss_buf_add(ss_buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) != 0)
		return SS_E_NOMEM;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

int ss_buf_adds(ss_buf *b, const char *s)
{
	return ss_buf_add(b, s, strlen(s));
}

int ss_buf_addc_slow(ss_buf *b, char c)
{
	return ss_buf_add(b, &c, 1);
}

int ss_buf_printf(ss_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) != 0) {
		b->failed = 1;
		return SS_E_NOMEM;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

static int buf_add_quoted(ss_buf *b, const char *s, char q)
{
	ss_buf_addc(b, q);
	for (const char *p = s; *p; p++) {
		if (*p == q)
			ss_buf_addc(b, q);
		ss_buf_addc(b, *p);
	}
	return ss_buf_addc(b, q);
}

int ss_buf_add_ident(ss_buf *b, const char *name)
{
	return buf_add_quoted(b, name, '"');
}

int ss_buf_add_literal(ss_buf *b, const char *s)
{
	return buf_add_quoted(b, s, '\'');
}

char *ss_buf_detach(ss_buf *b)
{
	if (b->failed) {
		ss_buf_free(b);
		return NULL;
	}
	if (b->data == NULL && ss_buf_add(b, "", 0) != 0)
		return NULL;
	char *r = b->data;
	/* Detached text usually lives on in a model: give back the doubling slack (a failed
	 * shrink keeps the larger block, which is still correct). */
	if (b->cap > b->len + 1) {
		char *shrunk = ss__realloc(r, b->len + 1);
		if (shrunk != NULL)
			r = shrunk;
	}
	ss_buf_init(b);
	return r;
}

/* ---- defaults ------------------------------------------------------------------------- */

/* sqlfu's and Cloudflare D1's migration bookkeeping: a sync must never touch them. */
static const char *const default_excluded[] = {"sqlfu_migrations", "d1_migrations"};

const char *const *ss_default_excluded_tables(size_t *count)
{
	if (count != NULL)
		*count = sizeof(default_excluded) / sizeof(default_excluded[0]);
	return default_excluded;
}

/* ---- names ----------------------------------------------------------------------------- */

const char *ss_strategy_name(ss_strategy strategy)
{
	switch (strategy) {
	case SS_STRATEGY_AUTO:
		return "auto";
	case SS_STRATEGY_SCRATCH_DB:
		return "scratch-db";
	case SS_STRATEGY_PREFIX:
		return "prefix";
	}
	return "unknown";
}

const char *ss_error_name(int code)
{
	switch (code) {
	case SS_OK:
		return "ok";
	case SS_E_INVALID:
		return "invalid-definitions";
	case SS_E_UNSUPPORTED:
		return "unsupported";
	case SS_E_DESTRUCTIVE:
		return "destructive";
	case SS_E_CONSTRAINT:
		return "constraint";
	case SS_E_SQLITE:
		return "sqlite";
	case SS_E_NOMEM:
		return "nomem";
	case SS_E_REFUSED:
		return "refused";
	case SS_E_MISUSE:
		return "misuse";
	}
	return "unknown";
}
