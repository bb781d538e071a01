/* SPDX-License-Identifier: MIT */
/*
 * Small shared pieces: the allocation hook every engine allocation goes through (so tests
 * can fail the N-th one), error filling, ASCII case helpers, the string hash, the default
 * excluded tables and name tables for enums. The text buffer is buf.c.
 */
#include "internal.h"

#include <stdatomic.h>
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

static void spares_free(void);

void ss_set_allocator(const ss_allocator *allocator)
{
	spares_free(); /* blocks the old allocator made go back to it */
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
	return ss__arena_strndup(NULL, s, n);
}

char *ss__strdup(const char *s)
{
	return ss__strndup(s, strlen(s));
}

/* ---- arena ----------------------------------------------------------------------------- */

struct ss_arena_block {
	ss_arena_block *next;
	size_t size;
	/* the data follows, aligned like the header */
};

#if defined(__SANITIZE_ADDRESS__)
#define SS_ARENA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SS_ARENA_SANITIZED 1
#endif
#endif

/* Blocks double from 4 KiB to 64 KiB, below glibc's mmap threshold (128 KiB). */
enum {
	SS_ARENA_ALIGN = 8,
	SS_ARENA_FIRST = 4096,
	SS_ARENA_MAX_BLOCK = (size_t)64 << 10,
	SS_ARENA_SPARES = 512 /* at most 32 MiB kept */
};

#ifndef SS_ARENA_SANITIZED
/*
 * Full-size blocks of freed arenas, kept for the next one. Freed to the heap, a schema's
 * blocks coalesce into one free region at its top, which glibc gives back to the system
 * (above 128 KiB), and the next inspection of the schema faulted every page in again: 800
 * page faults for a 1,000-table schema, more than the inspection's own work on a virtual
 * machine. Any thread may take or return one, under a spin lock held for a pointer swap.
 */
static ss_arena_block *g_spares;
static atomic_size_t g_nspares;
static atomic_flag g_spares_lock = ATOMIC_FLAG_INIT;

static void spares_lock(void)
{
	while (atomic_flag_test_and_set_explicit(&g_spares_lock, memory_order_acquire))
		;
}

static void spares_unlock(void)
{
	atomic_flag_clear_explicit(&g_spares_lock, memory_order_release);
}

/* A hint only (read without the lock): a block may be taken meanwhile. */
static int spares_kept(void)
{
	return atomic_load_explicit(&g_nspares, memory_order_relaxed) > 0;
}

static ss_arena_block *spare_take(void)
{
	spares_lock();
	ss_arena_block *b = g_spares;
	if (b != NULL) {
		g_spares = b->next;
		g_nspares--;
	}
	spares_unlock();
	return b;
}

/* Keep b (a full-size block) for another arena: 1, or 0 when enough are kept. */
static int spare_put(ss_arena_block *b)
{
	int kept = 0;
	spares_lock();
	if (g_nspares < SS_ARENA_SPARES) {
		b->next = g_spares;
		g_spares = b;
		g_nspares++;
		kept = 1;
	}
	spares_unlock();
	return kept;
}

/* Free the kept blocks (with the allocator that made them). */
static void spares_free(void)
{
	spares_lock();
	ss_arena_block *b = g_spares;
	g_spares = NULL;
	g_nspares = 0;
	spares_unlock();
	while (b != NULL) {
		ss_arena_block *next = b->next;
		ss_free(b);
		b = next;
	}
}

#else
static ss_arena_block *spare_take(void)
{
	return NULL; /* sanitized builds keep nothing: every block is its own allocation */
}

static void spares_free(void)
{
}
#endif

static void *arena_block(ss_arena *a, size_t n)
{
	ss_arena_block *b = n == SS_ARENA_MAX_BLOCK ? spare_take() : NULL;
	if (b == NULL && (b = ss__malloc(sizeof(*b) + n)) == NULL)
		return NULL;
	b->next = a->blocks;
	b->size = n;
	a->blocks = b;
	return b + 1;
}

void *ss__arena_alloc_slow(ss_arena *a, size_t n)
{
	if (a == NULL)
		return ss__malloc(n);
	if (n > SS_BUF_MAX)
		return NULL;
	n = (n + SS_ARENA_ALIGN - 1) & ~(size_t)(SS_ARENA_ALIGN - 1);
	if (n == 0)
		n = SS_ARENA_ALIGN;
#ifdef SS_ARENA_SANITIZED
	return arena_block(a, n); /* one block each: the sanitizer sees every overrun */
#else
	if (n > a->left) {
		if (n > SS_ARENA_MAX_BLOCK / 4) /* a big one alone: the current block stays */
			return arena_block(a, n);
		/* a kept block, when there is one, whatever the doubling has reached */
		size_t size = spares_kept() ? SS_ARENA_MAX_BLOCK
			      : a->next     ? a->next
					    : SS_ARENA_FIRST;
		while (size < n)
			size *= 2;
		char *data = arena_block(a, size);
		if (data == NULL)
			return NULL;
		a->at = data;
		a->left = size;
		a->next = size * 2 <= SS_ARENA_MAX_BLOCK ? size * 2 : SS_ARENA_MAX_BLOCK;
	}
	void *r = a->at;
	a->at += n;
	a->left -= n;
	return r;
#endif
}

void *ss__arena_calloc(ss_arena *a, size_t count, size_t size)
{
	if (a == NULL)
		return ss__calloc(count, size);
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	void *p = ss__arena_alloc(a, count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

char *ss__arena_strndup(ss_arena *a, const char *s, size_t n)
{
	char *r = ss__arena_alloc(a, n + 1);
	if (r == NULL)
		return NULL;
	ss_copy_short(r, s, n);
	r[n] = 0;
	return r;
}

char *ss__arena_strdup(ss_arena *a, const char *s)
{
	return ss__arena_strndup(a, s, strlen(s));
}

char *ss__arena_lower_dup(ss_arena *a, const char *s)
{
	return ss__arena_lower_ndup(a, s, strlen(s));
}

char *ss__arena_lower_ndup(ss_arena *a, const char *s, size_t n)
{
	char *r = ss__arena_alloc(a, n + 1);
	if (r != NULL) {
		for (size_t i = 0; i < n; i++) /* lower-cased as it is copied */
			r[i] = (char)ss_ascii_lower((unsigned char)s[i]);
		r[n] = 0;
	}
	return r;
}

void ss__arena_release(ss_arena *a, void *p)
{
	if (a == NULL)
		ss_free(p);
}

void ss__arena_free(ss_arena *a)
{
	if (a == NULL)
		return;
	while (a->blocks != NULL) {
		ss_arena_block *next = a->blocks->next;
#ifndef SS_ARENA_SANITIZED
		if (a->blocks->size != SS_ARENA_MAX_BLOCK || !spare_put(a->blocks))
#endif
			ss_free(a->blocks);
		a->blocks = next;
	}
	memset(a, 0, sizeof(*a));
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
	return ss__arena_lower_dup(NULL, s);
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
