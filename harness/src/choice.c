/* SPDX-License-Identifier: MIT */
/*
 * The choice source: the one place every random decision of the generator comes from.
 * Three drivers (a seeded PRNG for `check`, a fuzzer's bytes, a recorded sequence the
 * shrinker edited) feed the same ss_choices_draw() call, and every value returned is
 * recorded so any case can be regenerated from its sequence (Hypothesis' choice sequences).
 */
#include "harness_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum { MODE_RNG, MODE_BYTES, MODE_REPLAY };

struct ss_choices {
	int mode;
	uint64_t state; /* splitmix64 */
	const uint8_t *bytes;
	size_t nbytes, bpos;
	uint64_t *replay;
	size_t nreplay, rpos;
	uint64_t *vals;
	size_t len, cap;
};

static ss_choices *make(int mode)
{
	ss_choices *c = sh_calloc(1, sizeof(*c));
	c->mode = mode;
	return c;
}

static uint64_t splitmix(uint64_t *s);

int ss_choices_new_rng(ss_choices **out, uint64_t seed)
{
	ss_choices *c = make(MODE_RNG);
	uint64_t s = seed ^ 0x632BE59BD9B4E019ull;
	/* hash the seed so that neighbouring seeds do not give overlapping streams */
	c->state = splitmix(&s);
	*out = c;
	return 0;
}

int ss_choices_new_bytes(ss_choices **out, const uint8_t *data, size_t size)
{
	ss_choices *c = make(MODE_BYTES);
	c->bytes = data;
	c->nbytes = size;
	*out = c;
	return 0;
}

int ss_choices_new_replay(ss_choices **out, const uint64_t *values, size_t count)
{
	ss_choices *c = make(MODE_REPLAY);
	c->replay = sh_malloc((count ? count : 1) * sizeof(uint64_t));
	if (count)
		memcpy(c->replay, values, count * sizeof(uint64_t));
	c->nreplay = count;
	*out = c;
	return 0;
}

ss_choices *sh_choices_recording(const uint64_t *values, size_t count)
{
	ss_choices *c = NULL;
	ss_choices_new_replay(&c, values, count);
	c->vals = sh_malloc((count ? count : 1) * sizeof(uint64_t));
	if (count)
		memcpy(c->vals, values, count * sizeof(uint64_t));
	c->len = c->cap = count;
	c->rpos = count; /* spent: every value drawn */
	return c;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t ss_choices_draw(ss_choices *c, uint64_t n)
{
	uint64_t v = 0;
	if (n <= 1)
		return 0; /* not a decision: neither drawn nor recorded */
	if (c->mode == MODE_RNG) {
		v = splitmix(&c->state) % n;
	} else if (c->mode == MODE_BYTES) {
		/* as many bytes as n needs, big-endian; exhausted input reads as zeros */
		uint64_t acc = 0;
		for (uint64_t m = n - 1; m; m >>= 8) {
			acc = (acc << 8) | (c->bpos < c->nbytes ? c->bytes[c->bpos] : 0);
			c->bpos++;
		}
		v = acc % n;
	} else {
		if (c->rpos < c->nreplay) {
			v = c->replay[c->rpos];
			/* a value out of range after an edit is clamped, not wrapped: smaller stays
			 * simpler */
			if (v >= n)
				v = n - 1;
		}
		c->rpos++;
	}
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->vals = sh_realloc(c->vals, c->cap * sizeof(uint64_t));
	}
	c->vals[c->len++] = v;
	return v;
}

const uint64_t *ss_choices_values(const ss_choices *c, size_t *count)
{
	assert(c != NULL && count != NULL);
	*count = c->len;
	return c->vals;
}

void ss_choices_free(ss_choices *c)
{
	if (!c)
		return;
	free(c->vals);
	free(c->replay);
	free(c);
}
