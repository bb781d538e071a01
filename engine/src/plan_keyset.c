/* SPDX-License-Identifier: MIT */
/*
 * The planner's hash sets of keys (borrowed strings): which tables are rebuilt, dropped or
 * touched, which views are dropped. Open addressing with each key's hash beside it, so a
 * probe of a small set stays in cache and rarely reads a key; membership tests are inline
 * in planner.h, since the passes make one per object mentioned.
 */
#include "planner.h"

void ss__keyset_free(keyset *ks)
{
	ss_free(ks->keys);
	ss_free(ks->hashes);
	memset(ks, 0, sizeof(*ks));
}

static void keyset_place(keyset *ks, const char *key, size_t h)
{
	size_t mask = ks->cap - 1, i = h & mask;
	while (ks->keys[i] != NULL)
		i = (i + 1) & mask;
	ks->keys[i] = key;
	ks->hashes[i] = h;
	ks->n++;
}

int ss__keyset_add(keyset *ks, const char *key)
{
	if (ss__keyset_contains(ks, key))
		return 0;
	if (2 * (ks->n + 1) > ks->cap) {
		keyset old = *ks;
		ks->cap = old.cap ? 2 * old.cap : 64;
		ks->n = 0;
		ks->keys = ss__calloc(ks->cap, sizeof(char *));
		ks->hashes = ss__calloc(ks->cap, sizeof(size_t));
		if (ks->keys == NULL || ks->hashes == NULL) {
			ss__keyset_free(ks);
			*ks = old;
			return -1;
		}
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL)
				keyset_place(ks, old.keys[i], old.hashes[i]);
		ss__keyset_free(&old);
	}
	keyset_place(ks, key, ss__str_hash(0, key));
	return 0;
}
