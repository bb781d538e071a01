/* SPDX-License-Identifier: MIT */
/*
 * Twins: each object paired with the object of the same type and key on the other side.
 * Both models are sorted by (type, key), so one merge per type pairs everything, reading
 * packed keys straight from the pool; every later "what is this object's twin" is an array
 * read. Also each type's range of objects, and the live indexes chained by their table
 * (only a column dropped in place needs them).
 *
 * Example: live tables [a, b], desired tables [b, c]: l2d = [NO_TWIN, 0], d2l = [1, NO_TWIN]
 * (a is dropped, b compared with b, c created).
 */
#include "planner.h"

#include <assert.h>

/* The index of the first object of type t or later (s is sorted by type first). */
static size_t first_of_type(const ss_schema *s, int t)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int)s->objs[mid].type < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where each type's run of objects starts and ends in s. */
static void type_ranges(const ss_schema *s, size_t *from, size_t *to)
{
	for (int t = 0; t <= SS_OBJ_TRIGGER; t++) {
		from[t] = first_of_type(s, t);
		to[t] = first_of_type(s, t + 1);
	}
}

/* The key of object i (< end, else NULL), whose predecessor's key is prev. */
static const char *next_key(const ss_schema *s, size_t i, size_t end, const char *prev)
{
	if (i >= end)
		return NULL;
	const char *key = s->keys_packed ? prev + strlen(prev) + 1 : s->objs[i].key;
	assert(key == s->objs[i].key);
	return key;
}

/*
 * Both object arrays are sorted by (type, key): one merge per type pairs every object with
 * its twin. Packed keys are read straight from the pool.
 * Also finds each type's range, so that a pass over one type reads only its objects.
 */
static void pair_twins(planner *pl)
{
	const ss_schema *L = pl->L, *D = pl->D;
	type_ranges(L, pl->lfrom, pl->lto);
	type_ranges(D, pl->dfrom, pl->dto);
	for (size_t k = 0; k < L->n; k++)
		pl->l2d[k] = NO_TWIN;
	for (size_t k = 0; k < D->n; k++)
		pl->d2l[k] = NO_TWIN;
	for (int t = SS_OBJ_TABLE; t <= SS_OBJ_TRIGGER; t++) {
		size_t i = pl->lfrom[t], j = pl->dfrom[t];
		if (i == pl->lto[t] || j == pl->dto[t])
			continue;
		const char *lk = L->objs[i].key, *dk = D->objs[j].key;
		for (;;) {
			int c = strcmp(lk, dk);
			if (c == 0) {
				pl->l2d[i] = (uint32_t)j;
				pl->d2l[j] = (uint32_t)i;
			}
			if (c <= 0 && (lk = next_key(L, ++i, pl->lto[t], lk)) == NULL)
				break;
			if (c >= 0 && (dk = next_key(D, ++j, pl->dto[t], dk)) == NULL)
				break;
		}
	}
}

int ss__plan_pair(planner *pl)
{
	const ss_schema *L = pl->L, *D = pl->D;
	if (L->n >= NO_TWIN || D->n >= NO_TWIN)
		return ss__fail(pl->err, SS_E_MISUSE, "more than 2^32 - 1 objects in a schema");
	pl->l2d = ss__malloc((L->n ? L->n : 1) * sizeof(uint32_t));
	pl->d2l = ss__malloc((D->n ? D->n : 1) * sizeof(uint32_t));
	if (!pl->l2d || !pl->d2l)
		return ss__fail(pl->err, SS_E_NOMEM, "out of memory while planning");
	pair_twins(pl);
	return 0;
}

/*
 * The live indexes on a table, chained by a hash of the table's key: built on first use
 * (only a column dropped in place needs them), in one pass with no sort.
 */
int ss__live_index_chains(planner *pl)
{
	if (pl->ix_head != NULL)
		return 0;
	size_t from = pl->lfrom[SS_OBJ_INDEX], n = pl->lto[SS_OBJ_INDEX] - from, cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	pl->ix_head = ss__calloc(cap, sizeof(size_t));
	pl->ix_next = ss__calloc(n ? n : 1, sizeof(size_t));
	if (pl->ix_head == NULL || pl->ix_next == NULL)
		return ss__plan_nomem(pl);
	pl->ix_mask = cap - 1;
	/* packed, the indexes' table keys follow each other in the pool (tables have none) */
	const char *tk = NULL;
	for (size_t k = 0; k < n; k++) {
		tk = pl->L->keys_packed && tk ? tk + strlen(tk) + 1
					      : pl->L->objs[from + k].target_key;
		assert(tk == pl->L->objs[from + k].target_key);
		size_t h = ss__str_hash(0, tk) & pl->ix_mask;
		pl->ix_next[k] = pl->ix_head[h];
		pl->ix_head[h] = k + 1;
	}
	return 0;
}

/* The next live index on table key after *cursor (0 to start), or NULL. */
const ss_object *ss__next_live_index_on(const planner *pl, const char *key, size_t *cursor)
{
	size_t k = *cursor ? pl->ix_next[*cursor - 1]
			   : pl->ix_head[ss__str_hash(0, key) & pl->ix_mask];
	for (; k != 0; k = pl->ix_next[k - 1]) {
		const ss_object *ix = &pl->L->objs[pl->lfrom[SS_OBJ_INDEX] + k - 1];
		if (strcmp(ix->target_key, key) == 0) {
			*cursor = k;
			return ix;
		}
	}
	*cursor = 0;
	return NULL;
}
