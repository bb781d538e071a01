/* SPDX-License-Identifier: MIT */
/*
 * The schema model's container (model.h): freeing objects and schemas, packing the
 * planner's hot strings into one pool, sorting and the (type, key) hash index, lookups,
 * borrowing unchanged objects from another schema, and the human-readable dump. Parsing a
 * CREATE statement into an object is schema_parse.c; reading a connection, schema_inspect.c.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static void column_clear(ss_column *c)
{
	ss_free(c->name);
	ss_free(c->def_sql);
	ss_free(c->def_norm);
	ss_free(c->type);
	ss_free(c->dflt);
}

void ss__strv_free(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		ss_free(v[i]);
	ss_free(v);
}

void ss__object_clear(ss_object *o)
{
	if (o->borrowed || o->arena != NULL) { /* the arena's owner frees it all at once */
		memset(o, 0, sizeof(*o));
		return;
	}
	if (!o->pooled) {
		ss_free(o->name);
		ss_free(o->key);
		ss_free(o->target_key);
	}
	if (!o->norm_pooled)
		ss_free(o->norm);
	ss_free(o->target);
	ss_free(o->create_sql);
	ss_free(o->raw_name);
	for (size_t i = 0; i < o->ncols; i++)
		column_clear(&o->cols[i]);
	ss_free(o->cols);
	ss__strv_free(o->cons, o->ncons);
	ss_free(o->options);
	ss__strv_free(o->fk_targets, o->nfk);
	ss_free(o->vmodule);
	ss_free(o->vcontent);
	if (o->pooled)
		ss_free(o->mentions); /* the strings are in the pool */
	else
		ss__strv_free(o->mentions, o->nmentions);
	memset(o, 0, sizeof(*o));
}

void ss_schema_free(ss_schema *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		ss__object_clear(&s->objs[i]);
	ss_free(s->objs);
	ss_free(s->slots);
	ss_free(s->pool);
	ss__arena_free(&s->arena);
	ss_free(s);
}

/* Move *str (owned, or NULL) to the pool at *at. */
static void pool_move(char **at, char **str, ss_arena *arena)
{
	if (*str == NULL)
		return;
	size_t n = strlen(*str) + 1;
	char *r = memcpy(*at, *str, n);
	*at += n;
	ss__arena_release(arena, *str);
	*str = r;
}

/*
 * Move the hot strings of a freshly inspected (sorted) schema into its pool, one field at a
 * time: every key together (the twin merge reads nothing else), then names, tables, mentions
 * and the normalized texts.
 */
static void schema_pack(ss_schema *s)
{
	size_t total = 0;
	for (size_t i = 0; i < s->n; i++) {
		const ss_object *o = &s->objs[i];
		total += strlen(o->key) + strlen(o->name) + strlen(o->norm) + 3 +
			 (o->target_key ? strlen(o->target_key) + 1 : 0);
		for (size_t k = 0; k < o->nmentions; k++)
			total += strlen(o->mentions[k]) + 1;
	}
	char *pool = ss__malloc(total ? total : 1), *at = pool;
	if (pool == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		pool_move(&at, &s->objs[i].key, s->objs[i].arena);
	for (size_t i = 0; i < s->n; i++)
		pool_move(&at, &s->objs[i].name, s->objs[i].arena);
	for (size_t i = 0; i < s->n; i++)
		pool_move(&at, &s->objs[i].target_key, s->objs[i].arena);
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->objs[i].nmentions; k++)
			pool_move(&at, &s->objs[i].mentions[k], s->objs[i].arena);
	for (size_t i = 0; i < s->n; i++) {
		pool_move(&at, &s->objs[i].norm, s->objs[i].arena);
		s->objs[i].pooled = s->objs[i].norm_pooled = 1;
	}
	s->pool = pool;
	s->keys_packed = 1;
}

size_t ss_schema_object_count(const ss_schema *s)
{
	return s ? s->n : 0;
}

int ss__sorted_contains(char *const *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid], key);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Sort and deduplicate a string vector in place (frees the duplicates). */
static int obj_cmp(const void *a, const void *b)
{
	const ss_object *x = a, *y = b;
	if (x->type != y->type)
		return (int)x->type - (int)y->type;
	return strcmp(x->key, y->key);
}

static size_t key_hash(ss_object_type type, const char *key)
{
	return ss__str_hash((unsigned)type, key);
}

void ss__schema_index(ss_schema *s)
{
	ss_free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	if (s->n == 0 || s->n >= UINT32_MAX / 2)
		return;
	size_t cap = 16;
	while (cap < 2 * s->n)
		cap *= 2;
	uint32_t *slots = ss__calloc(cap, sizeof(uint32_t));
	if (slots == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		size_t h = key_hash(s->objs[i].type, s->objs[i].key) & (cap - 1);
		while (slots[h] != 0)
			h = (h + 1) & (cap - 1);
		slots[h] = (uint32_t)(i + 1);
	}
	s->slots = slots;
	s->nslots = cap;
}

const ss_object *ss__schema_find(const ss_schema *s, ss_object_type type, const char *key)
{
	if (s->slots != NULL) {
		size_t mask = s->nslots - 1;
		for (size_t h = key_hash(type, key) & mask; s->slots[h] != 0; h = (h + 1) & mask) {
			const ss_object *o = &s->objs[s->slots[h] - 1];
			if (o->type == type && strcmp(o->key, key) == 0)
				return o;
		}
		return NULL;
	}
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ss_object *o = &s->objs[mid];
		int c = o->type != type ? (int)o->type - (int)type : strcmp(o->key, key);
		if (c == 0)
			return o;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int ss__schema_finish(ss_schema *s, ss_error *err)
{
	if (s->n > 1)
		qsort(s->objs, s->n, sizeof(ss_object), obj_cmp);
	for (size_t i = 1; i < s->n; i++)
		if (obj_cmp(&s->objs[i - 1], &s->objs[i]) == 0)
			return ss__fail(err, SS_E_INVALID,
					"two objects named \"%s\" differ only in case",
					s->objs[i].name);
	schema_pack(s);
	ss__schema_index(s);
	return 0;
}

ss_object *ss__schema_find_mut(ss_schema *s, ss_object_type type, const char *key)
{
	const ss_object *o = ss__schema_find(s, type, key);
	return o == NULL ? NULL : &s->objs[o - s->objs];
}

int ss__schema_borrow(ss_schema *s, const ss_object *const *extra, size_t n, ss_error *err)
{
	if (n == 0)
		return 0;
	ss_object *v = ss__realloc(s->objs, (s->n + n) * sizeof(ss_object));
	if (v == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	s->objs = v;
	s->keys_packed = 0;
	for (size_t i = 0; i < n; i++) {
		s->objs[s->n] = *extra[i];
		s->objs[s->n++].borrowed = 1;
	}
	qsort(s->objs, s->n, sizeof(ss_object), obj_cmp);
	ss__schema_index(s);
	for (size_t i = 1; i < s->n; i++)
		if (obj_cmp(&s->objs[i - 1], &s->objs[i]) == 0)
			return ss__fail(err, SS_E_INVALID, "two definitions of \"%s\"",
					s->objs[i].name);
	return 0;
}

static const char *type_name(ss_object_type t)
{
	switch (t) {
	case SS_OBJ_TABLE:
		return "table";
	case SS_OBJ_INDEX:
		return "index";
	case SS_OBJ_VIEW:
		return "view";
	case SS_OBJ_TRIGGER:
		return "trigger";
	default:
		return "?";
	}
}

char *ss_schema_dump(const ss_schema *s)
{
	ss_buf b;
	ss_buf_init(&b);
	if (s == NULL)
		return ss_buf_detach(&b);
	for (size_t i = 0; i < s->n; i++) {
		const ss_object *o = &s->objs[i];
		ss_buf_printf(&b, "%s ", type_name(o->type));
		ss_buf_add_ident(&b, o->name);
		if (o->target) {
			ss_buf_adds(&b, " on ");
			ss_buf_add_ident(&b, o->target);
		}
		ss_buf_addc(&b, '\n');
		if (o->type == SS_OBJ_TABLE && o->vkind != SS_VT_NONE) {
			ss_buf_printf(&b, "  %s\n", o->norm);
		} else if (o->type == SS_OBJ_TABLE) {
			for (size_t k = 0; k < o->ncols; k++) {
				const ss_column *c = &o->cols[k];
				ss_buf_adds(&b, "  column ");
				ss_buf_add_ident(&b, c->name);
				ss_buf_printf(&b, " notnull=%d pk=%d hidden=%d: %s\n", c->notnull,
					      c->pk, c->hidden, c->def_norm);
			}
			for (size_t k = 0; k < o->ncons; k++)
				ss_buf_printf(&b, "  constraint %s\n", o->cons[k]);
			if (o->options[0])
				ss_buf_printf(&b, "  options %s\n", o->options);
			for (size_t k = 0; k < o->nfk; k++)
				ss_buf_printf(&b, "  references %s\n", o->fk_targets[k]);
		} else {
			ss_buf_printf(&b, "  %s\n", o->norm);
		}
	}
	return ss_buf_detach(&b);
}
