/* SPDX-License-Identifier: MIT */
/*
 * The growable text buffer every SQL text of the engine is built in (curl's dynbuf): a hard
 * size cap (SS_BUF_MAX), a sticky failure flag so a chain of appends is checked once, and
 * quoting helpers for identifiers and string literals.
 */
#include "internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void ss_buf_init(ss_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void ss_buf_init_on(ss_buf *b, char *storage, size_t cap)
{
	assert(storage != NULL && cap >= 1);
	memset(b, 0, sizeof(*b));
	b->data = storage;
	b->data[0] = 0;
	b->cap = cap;
	b->on_stack = 1;
}

void ss_buf_free(ss_buf *b)
{
	if (!b->on_stack)
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
	char *p = b->on_stack ? ss__malloc(cap) : ss__realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return SS_E_NOMEM;
	}
	if (b->on_stack)
		memcpy(p, b->data, b->len + 1);
	b->on_stack = 0;
	b->data = p;
	b->cap = cap;
	return 0;
}

int ss_buf_add(ss_buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) != 0)
		return SS_E_NOMEM;
	ss_copy_short(b->data + b->len, s, n);
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

char *ss_buf_room_slow(ss_buf *b, size_t n)
{
	if (b->failed || (b->len + n + 1 > b->cap && buf_grow(b, n) != 0))
		return NULL;
	return b->data + b->len;
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

char *ss_put_quoted(char *w, const char *s, size_t n, char q)
{
	*w++ = q;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == q)
			*w++ = q;
		*w++ = s[i];
	}
	*w++ = q;
	return w;
}

static int buf_add_quoted(ss_buf *b, const char *s, char q)
{
	size_t n = strlen(s);
	char *w = ss_buf_room(b, 2 * n + 2); /* every byte a quote to double, at worst */
	if (w == NULL)
		return SS_E_NOMEM;
	b->len += (size_t)(ss_put_quoted(w, s, n, q) - w);
	b->data[b->len] = 0;
	return 0;
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
	if (b->on_stack) {
		/* the text leaves the caller's storage in a block of its own size */
		r = ss__malloc(b->len + 1);
		if (r != NULL)
			memcpy(r, b->data, b->len + 1);
		ss_buf_init(b);
		return r;
	}
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

char *ss_buf_detach_to(ss_buf *b, ss_arena *a)
{
	if (a == NULL)
		return ss_buf_detach(b);
	if (b->failed) {
		ss_buf_free(b);
		return NULL;
	}
	char *r = ss__arena_strndup(a, b->data ? b->data : "", b->len);
	ss_buf_free(b);
	return r;
}
