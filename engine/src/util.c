/* SPDX-License-Identifier: MIT */
/*
 * Small shared pieces: the allocation hook every engine allocation goes through (so tests
 * can fail the N-th one), error filling, ASCII case helpers, the string hash, the default
 * excluded tables and name tables for enums. The text buffer is buf.c.
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

char *ss__lower_dup(const char *s)
{
	char *r = ss__strdup(s);
	if (r != NULL)
		for (char *p = r; *p; p++)
			*p = (char)ss_ascii_lower((unsigned char)*p);
	return r;
}

/* FNV-1a, seeded. */
size_t ss__str_hash(unsigned seed, const char *s)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)seed;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 32));
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
