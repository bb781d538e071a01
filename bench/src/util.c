/* SPDX-License-Identifier: MIT */
/*
 * Small helpers of the bench tool: a growable string and allocation wrappers that abort on
 * out-of-memory (a benchmark that runs out of memory has nothing useful left to report), and
 * the Python-compatible random generator gen_cases.py relies on: MT19937 seeded like
 * random.Random(n), with randint() and sample() following CPython 3.11's Lib/random.py, so the
 * C port of the generator writes the same pairs byte for byte.
 */
#include "bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *bench_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL) {
		fputs("schemasync bench: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *bench_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL) {
		fputs("schemasync bench: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *bench_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = bench_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

static void bstr_reserve(bstr *b, size_t extra)
{
	if (b->n + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->n + extra + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (p == NULL) {
		fputs("schemasync bench: out of memory\n", stderr);
		abort();
	}
	b->p = p;
	b->cap = cap;
}

void bstr_addn(bstr *b, const char *s, size_t n)
{
	bstr_reserve(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

void bstr_add(bstr *b, const char *s)
{
	bstr_addn(b, s, strlen(s));
}

void bstr_addf(bstr *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	bstr_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void bstr_free(bstr *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

const char *bstr_str(const bstr *b)
{
	return b->p ? b->p : "";
}

/* ---- MT19937 as CPython's _randommodule.c ----------------------------------------------- */

static void mt_init(pyrand *r, uint32_t s)
{
	r->mt[0] = s;
	for (int i = 1; i < 624; i++)
		r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
	r->mti = 624;
}

/* random.seed(n) for 0 <= n < 2**32: init_by_array with the one-word key [n]. */
void pyrand_seed(pyrand *r, uint32_t seed)
{
	uint32_t key[1] = {seed};
	const int key_length = 1;
	int i = 1, j = 0, k;

	mt_init(r, 19650218u);
	for (k = 624; k; k--) {
		r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) +
			   key[j] + (uint32_t)j;
		i++;
		j++;
		if (i >= 624) {
			r->mt[0] = r->mt[623];
			i = 1;
		}
		if (j >= key_length)
			j = 0;
	}
	for (k = 623; k; k--) {
		r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) -
			   (uint32_t)i;
		i++;
		if (i >= 624) {
			r->mt[0] = r->mt[623];
			i = 1;
		}
	}
	r->mt[0] = 0x80000000u;
}

static uint32_t mt_next(pyrand *r)
{
	static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
	uint32_t y;

	if (r->mti >= 624) {
		int kk;
		for (kk = 0; kk < 624 - 397; kk++) {
			y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
			r->mt[kk] = r->mt[kk + 397] ^ (y >> 1) ^ mag01[y & 1u];
		}
		for (; kk < 623; kk++) {
			y = (r->mt[kk] & 0x80000000u) | (r->mt[kk + 1] & 0x7fffffffu);
			r->mt[kk] = r->mt[kk + (397 - 624)] ^ (y >> 1) ^ mag01[y & 1u];
		}
		y = (r->mt[623] & 0x80000000u) | (r->mt[0] & 0x7fffffffu);
		r->mt[623] = r->mt[396] ^ (y >> 1) ^ mag01[y & 1u];
		r->mti = 0;
	}
	y = r->mt[r->mti++];
	y ^= (y >> 11);
	y ^= (y << 7) & 0x9d2c5680u;
	y ^= (y << 15) & 0xefc60000u;
	y ^= (y >> 18);
	return y;
}

/* _randbelow_with_getrandbits(n) for 1 <= n < 2**32. */
static long randbelow(pyrand *r, long n)
{
	int k = 0;
	for (unsigned long v = (unsigned long)n; v; v >>= 1)
		k++;
	long x;
	do
		x = (long)(mt_next(r) >> (32 - k));
	while (x >= n);
	return x;
}

long pyrand_randint(pyrand *r, long a, long b)
{
	return a + randbelow(r, b - a + 1);
}

void pyrand_sample_range(pyrand *r, long start, long n, long k, long *out)
{
	long setsize = 21;
	if (k > 5)
		setsize += (long)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
	if (n <= setsize) {
		long *pool = bench_xmalloc(sizeof(long) * (size_t)(n ? n : 1));
		for (long i = 0; i < n; i++)
			pool[i] = start + i;
		for (long i = 0; i < k; i++) {
			long j = randbelow(r, n - i);
			out[i] = pool[j];
			pool[j] = pool[n - i - 1];
		}
		free(pool);
	} else {
		unsigned char *selected = bench_xcalloc((size_t)n, 1);
		for (long i = 0; i < k; i++) {
			long j = randbelow(r, n);
			while (selected[j])
				j = randbelow(r, n);
			selected[j] = 1;
			out[i] = start + j;
		}
		free(selected);
	}
}

/* snprintf that may truncate on purpose (error messages, names): through vsnprintf, so
 * -Wformat-truncation does not flag the intended truncation. */
void bench_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}
