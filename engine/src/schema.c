/* SPDX-License-Identifier: MIT */
/*
 * Inspection: read one schema of a connection ("main" or an attached scratch database)
 * into the model of model.h. Uses only sqlite_schema and the PRAGMAs a Durable Object
 * allows (table_xinfo, foreign_key_list, as table-valued functions with an explicit schema
 * argument), and skips SQLite's and Cloudflare's internal objects.
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

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		ss_free(v[i]);
	ss_free(v);
}

static void object_clear(ss_object *o)
{
	if (o->borrowed) {
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
	strv_free(o->cons, o->ncons);
	ss_free(o->options);
	strv_free(o->fk_targets, o->nfk);
	if (o->pooled)
		ss_free(o->mentions); /* the strings are in the pool */
	else
		strv_free(o->mentions, o->nmentions);
	memset(o, 0, sizeof(*o));
}

void ss_schema_free(ss_schema *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		object_clear(&s->objs[i]);
	ss_free(s->objs);
	ss_free(s->slots);
	ss_free(s->pool);
	ss_free(s);
}

/* Move *str (owned, or NULL) to the pool at *at. */
static void pool_move(char **at, char **str)
{
	if (*str == NULL)
		return;
	size_t n = strlen(*str) + 1;
	char *r = memcpy(*at, *str, n);
	*at += n;
	ss_free(*str);
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
		pool_move(&at, &s->objs[i].key);
	for (size_t i = 0; i < s->n; i++)
		pool_move(&at, &s->objs[i].name);
	for (size_t i = 0; i < s->n; i++)
		pool_move(&at, &s->objs[i].target_key);
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->objs[i].nmentions; k++)
			pool_move(&at, &s->objs[i].mentions[k]);
	for (size_t i = 0; i < s->n; i++) {
		pool_move(&at, &s->objs[i].norm);
		s->objs[i].pooled = s->objs[i].norm_pooled = 1;
	}
	s->pool = pool;
	s->keys_packed = 1;
}

size_t ss_schema_object_count(const ss_schema *s)
{
	return s ? s->n : 0;
}

static char *lower_dup(const char *s)
{
	char *r = ss__strdup(s);
	if (r != NULL)
		for (char *p = r; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
static size_t strv_uniq(char **v, size_t n)
{
	if (n == 0)
		return 0;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	size_t j = 1;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i], v[j - 1]) == 0)
			ss_free(v[i]);
		else
			v[j++] = v[i];
	}
	return j;
}

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

static int has_prefix_ci(const char *s, const char *p)
{
	return ss_strnicmp(s, p, strlen(p)) == 0;
}

static int has_prefix_literal(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int is_excluded(const ss_inspect_opts *o, const char *name)
{
	for (size_t i = 0; i < o->nexcluded; i++)
		if (ss_stricmp(o->excluded[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Lower-cased names of a token list, sorted and distinct, into *out / *count: every word and
 * quoted name, or (refs_only) just the names that follow REFERENCES.
 */
static int collect_names(char ***out, size_t *count, const ss_tokens *t, int refs_only)
{
	char **v = ss__calloc(t->n ? t->n : 1, sizeof(char *));
	size_t n = 0;
	if (v == NULL)
		return SS_E_NOMEM;
	for (size_t i = 0; i < t->n; i++) {
		const ss_token *name = &t->v[i];
		if (refs_only) {
			if (i + 1 >= t->n || !ss_tok_is(&t->v[i], "references"))
				continue;
			name = &t->v[i + 1];
		} else if (name->type != SS_TK_WORD && name->type != SS_TK_QIDENT &&
			   name->type != SS_TK_STRING) {
			continue;
		}
		char *id = ss_tok_ident(name);
		char *l = id ? lower_dup(id) : NULL;
		ss_free(id);
		if (l == NULL) {
			strv_free(v, n);
			return SS_E_NOMEM;
		}
		v[n++] = l;
	}
	*out = v;
	*count = strv_uniq(v, n);
	return 0;
}

static int is_constraint_start(const ss_token *t)
{
	return ss_tok_is(t, "constraint") || ss_tok_is(t, "primary") || ss_tok_is(t, "unique") ||
	       ss_tok_is(t, "check") || ss_tok_is(t, "foreign");
}

static int has_word(const ss_token *t, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (ss_tok_is(&t[i], w))
			return 1;
	return 0;
}

static unsigned column_flags(const ss_token *t, size_t n)
{
	unsigned f = 0;
	for (size_t i = 0; i < n; i++) {
		if (ss_tok_is(&t[i], "primary"))
			f |= SS_COL_PRIMARY;
		else if (ss_tok_is(&t[i], "unique"))
			f |= SS_COL_UNIQUE;
		else if (ss_tok_is(&t[i], "references"))
			f |= SS_COL_REFERENCES;
		else if (ss_tok_is(&t[i], "check"))
			f |= SS_COL_CHECK;
		else if (ss_tok_is(&t[i], "generated") ||
			 (ss_tok_is(&t[i], "as") && i + 1 < n && t[i + 1].type == SS_TK_PUNCT &&
			  t[i + 1].z[0] == '('))
			f |= SS_COL_GENERATED;
		else if (ss_tok_is(&t[i], "stored"))
			f |= SS_COL_STORED;
		else if (ss_tok_is(&t[i], "autoincrement"))
			f |= SS_COL_AUTOINCREMENT;
		else if (ss_tok_is(&t[i], "not") && i + 1 < n && ss_tok_is(&t[i + 1], "null"))
			f |= SS_COL_NOT_NULL;
		else if (ss_tok_is(&t[i], "default") && i + 1 < n) {
			f |= SS_COL_DEFAULT;
			const ss_token *d = &t[i + 1];
			if (d->type == SS_TK_PUNCT && d->z[0] == '(')
				f |= SS_COL_DEFAULT_EXPR;
			else if (ss_tok_is(d, "current_time") || ss_tok_is(d, "current_date") ||
				 ss_tok_is(d, "current_timestamp"))
				f |= SS_COL_DEFAULT_CURRENT;
		}
	}
	return f;
}

/* Tokens of a column's declared type: everything before its first constraint keyword. */
static size_t type_span(const ss_token *t, size_t n)
{
	static const char *const stop[] = {"constraint", "primary",   "not",     "null",
					   "unique",     "check",     "default", "collate",
					   "references", "generated", "as"};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(stop) / sizeof(stop[0]); k++)
			if (ss_tok_is(&t[i], stop[k]))
				return i;
	return n;
}

static char *norm_tokens(const ss_token *t, size_t n, size_t fold)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_sql_normalize_mode(&b, t, n, fold);
	return ss_buf_detach(&b);
}

/*
 * The REFERENCES clause of a column definition: [*from, *to), or 0 when there is none. It
 * runs to the next column constraint at the same depth (SET NULL and NOT DEFERRABLE
 * belong to it).
 */
static int find_references(const ss_token *t, size_t n, size_t *from, size_t *to)
{
	static const char *const stop[] = {"constraint", "primary", "unique",    "check",
					   "default",    "collate", "generated", "references"};
	size_t depth = 0, i;
	for (i = 0; i < n; i++) {
		if (t[i].type == SS_TK_PUNCT && t[i].z[0] == '(')
			depth++;
		else if (t[i].type == SS_TK_PUNCT && t[i].z[0] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && ss_tok_is(&t[i], "references"))
			break;
	}
	if (i == n)
		return 0;
	*from = i;
	depth = 0;
	for (i = i + 1; i < n; i++) {
		if (t[i].type == SS_TK_PUNCT && t[i].z[0] == '(') {
			depth++;
			continue;
		}
		if (t[i].type == SS_TK_PUNCT && t[i].z[0] == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (depth > 0)
			continue;
		int is_stop = 0;
		for (size_t k = 0; k < sizeof(stop) / sizeof(stop[0]); k++)
			if (ss_tok_is(&t[i], stop[k]))
				is_stop = 1;
		if (ss_tok_is(&t[i], "as") && i + 1 < n && t[i + 1].type == SS_TK_PUNCT &&
		    t[i + 1].z[0] == '(')
			is_stop = 1;
		if (ss_tok_is(&t[i], "not") && i + 1 < n && ss_tok_is(&t[i + 1], "null"))
			is_stop = 1;
		if (ss_tok_is(&t[i], "null") && !ss_tok_is(&t[i - 1], "set") &&
		    !ss_tok_is(&t[i - 1], "not"))
			is_stop = 1;
		if (i > 0 && ss_tok_is(&t[i - 1], "set"))
			is_stop = 0; /* ON DELETE SET DEFAULT / SET NULL */
		if (is_stop)
			break;
	}
	*to = i;
	return 1;
}

static int append_norm(char **dst, const ss_token *t, size_t n)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, *dst);
	if (b.len)
		ss_buf_addc(&b, ' ');
	ss_sql_normalize_mode(&b, t, n, 0);
	char *r = ss_buf_detach(&b);
	if (r == NULL)
		return SS_E_NOMEM;
	ss_free(*dst);
	*dst = r;
	return 0;
}

/*
 * A column definition (after its name) in canonical form, so equivalent spellings compare
 * equal: a generated column without STORED says VIRTUAL, and a REFERENCES clause moves to
 * the end (where a table-level FOREIGN KEY on this one column also lands).
 */
static char *column_def_norm(const ss_token *t, size_t n, unsigned flags)
{
	size_t rf = 0, rt = 0;
	int has_ref = find_references(t, n, &rf, &rt);
	ss_token *v = ss__calloc(n ? n : 1, sizeof(ss_token));
	if (v == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!has_ref || i < rf || i >= rt)
			v[k++] = t[i];
	char *r = norm_tokens(v, k, type_span(v, k));
	ss_free(v);
	if (r != NULL && (flags & SS_COL_GENERATED) && !(flags & SS_COL_STORED) &&
	    !has_word(t, n, "virtual")) {
		static const ss_token virt = {"virtual", 7, SS_TK_WORD};
		if (append_norm(&r, &virt, 1) != 0) {
			ss_free(r);
			return NULL;
		}
	}
	if (r != NULL && has_ref && append_norm(&r, t + rf, rt - rf) != 0) {
		ss_free(r);
		return NULL;
	}
	return r;
}

/*
 * FOREIGN KEY (c) REFERENCES ... on one column means what c's own REFERENCES clause means:
 * move it into c's definition. *moved tells whether it was.
 */
static int move_fk_to_column(ss_object *o, const ss_token *e, size_t en, int *moved)
{
	*moved = 0;
	if (en < 6 || !ss_tok_is(&e[0], "foreign") || !ss_tok_is(&e[1], "key") ||
	    !(e[2].type == SS_TK_PUNCT && e[2].z[0] == '(') ||
	    !(e[4].type == SS_TK_PUNCT && e[4].z[0] == ')') || !ss_tok_is(&e[5], "references"))
		return 0;
	char *col = ss_tok_ident(&e[3]);
	if (col == NULL)
		return SS_E_NOMEM;
	ss_column *c = NULL;
	for (size_t k = 0; k < o->ncols && c == NULL; k++)
		if (ss_stricmp(o->cols[k].name, col) == 0)
			c = &o->cols[k];
	ss_free(col);
	if (c == NULL)
		return 0;
	if (append_norm(&c->def_norm, e + 5, en - 5) != 0)
		return SS_E_NOMEM;
	c->flags |= SS_COL_REFERENCES | SS_COL_FK_FROM_TABLE;
	*moved = 1;
	return 0;
}

/*
 * Split a canonical CREATE TABLE into columns, table constraints and options.
 * toks are the tokens of o->create_sql; name_tok is the table name's index.
 */
static int parse_table(ss_object *o, const ss_tokens *toks, long name_tok, ss_error *err)
{
	size_t i = (size_t)name_tok + 1;
	const ss_token *t = toks->v;
	if (i >= toks->n || !(t[i].type == SS_TK_PUNCT && t[i].z[0] == '('))
		return ss__fail(err, SS_E_INVALID, "table \"%s\": expected a column list", o->name);
	size_t cap = 8;
	o->cols = ss__calloc(cap, sizeof(ss_column));
	o->cons = ss__calloc(cap, sizeof(char *));
	if (o->cols == NULL || o->cons == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	size_t depth = 0, el_start = i + 1;
	for (; i < toks->n; i++) {
		int open = t[i].type == SS_TK_PUNCT && t[i].z[0] == '(';
		int close = t[i].type == SS_TK_PUNCT && t[i].z[0] == ')';
		int comma = t[i].type == SS_TK_PUNCT && t[i].z[0] == ',';
		if (open) {
			depth++;
			continue;
		}
		if (!(close && depth == 1) && !(comma && depth == 1)) {
			if (close)
				depth--;
			continue;
		}
		/* element [el_start, i) */
		if (i > el_start) {
			const ss_token *e = &t[el_start];
			size_t en = i - el_start;
			if (o->ncols == cap || o->ncons == cap) {
				size_t nc = cap * 2;
				ss_column *c = ss__realloc(o->cols, nc * sizeof(*c));
				if (c == NULL)
					return ss__fail(err, SS_E_NOMEM, "out of memory");
				o->cols = c;
				char **s = ss__realloc(o->cons, nc * sizeof(*s));
				if (s == NULL)
					return ss__fail(err, SS_E_NOMEM, "out of memory");
				o->cons = s;
				memset(o->cols + cap, 0, (nc - cap) * sizeof(*c));
				cap = nc;
			}
			if (is_constraint_start(e)) {
				int moved = 0;
				if (move_fk_to_column(o, e, en, &moved) != 0)
					return ss__fail(err, SS_E_NOMEM, "out of memory");
				if (moved)
					goto next_element;
				if ((o->cons[o->ncons] = norm_tokens(e, en, 0)) == NULL)
					return ss__fail(err, SS_E_NOMEM, "out of memory");
				o->ncons++;
			} else {
				ss_column *c = &o->cols[o->ncols++];
				c->name = ss_tok_ident(e);
				const char *end = e[en - 1].z + e[en - 1].n;
				c->def_sql = ss__strndup(e->z, (size_t)(end - e->z));
				c->flags = column_flags(e + 1, en - 1);
				c->def_norm = column_def_norm(e + 1, en - 1, c->flags);
				if (c->name == NULL || c->def_sql == NULL || c->def_norm == NULL)
					return ss__fail(err, SS_E_NOMEM, "out of memory");
				if (c->flags & SS_COL_AUTOINCREMENT)
					o->autoincrement = 1;
			}
		}
next_element:
		el_start = i + 1;
		if (close) {
			i++;
			break;
		}
	}
	o->options = norm_tokens(&t[i < toks->n ? i : toks->n], i < toks->n ? toks->n - i : 0,
				 (size_t)-1);
	if (o->options == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	for (; i < toks->n; i++) {
		if (ss_tok_is(&t[i], "without"))
			o->without_rowid = 1;
		else if (ss_tok_is(&t[i], "strict"))
			o->strict = 1;
	}
	return 0;
}

char *ss__object_norm(const ss_tokens *toks, const ss_create_info *ci, const char *qtarget)
{
	static const char placeholder[] = "#";
	ss_token *v = ss__calloc(toks->n ? toks->n : 1, sizeof(ss_token));
	size_t k = 0;
	long name_from = ci->schema_tok >= 0 ? ci->schema_tok : ci->name_tok;
	long target_from = ci->target_schema_tok >= 0 ? ci->target_schema_tok : ci->target_tok;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < toks->n; i++) {
		const ss_token *t = &toks->v[i];
		if (i + 2 < toks->n && ss_tok_is(t, "if") && ss_tok_is(t + 1, "not") &&
		    ss_tok_is(t + 2, "exists")) {
			i += 2; /* IF NOT EXISTS never counts */
			continue;
		}
		if ((long)i == name_from) {
			v[k].type = SS_TK_VARIABLE;
			v[k].z = placeholder;
			v[k++].n = 1;
			i = (size_t)ci->name_tok;
			continue;
		}
		if (qtarget != NULL && ci->target_tok >= 0 && (long)i == target_from) {
			v[k].type = SS_TK_QIDENT;
			v[k].z = qtarget;
			v[k++].n = strlen(qtarget);
			i = (size_t)ci->target_tok;
			continue;
		}
		v[k++] = *t;
	}
	ss_buf b;
	ss_buf_init(&b);
	ss_sql_normalize_mode(&b, v, k, 0);
	ss_free(v);
	return ss_buf_detach(&b);
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

int ss__table_reparse(ss_object *o, const char *create_sql, ss_error *err)
{
	ss_object tmp;
	ss_tokens toks = {0};
	ss_create_info ci;
	int rc;
	memset(&tmp, 0, sizeof(tmp));
	memset(&ci, 0, sizeof(ci));
	tmp.name = ss__strdup(o->name);
	tmp.create_sql = ss__strdup(create_sql);
	if (tmp.name == NULL || tmp.create_sql == NULL ||
	    ss_tokens_lex(&toks, tmp.create_sql, strlen(tmp.create_sql)) != 0) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if ((rc = ss_sql_classify(&ci, &toks, err)) != 0 ||
	    (rc = parse_table(&tmp, &toks, ci.name_tok, err)) != 0)
		goto done;
	if ((tmp.norm = ss__object_norm(&toks, &ci, NULL)) == NULL) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (tmp.ncols != o->ncols) {
		rc = ss__fail(err, SS_E_SQLITE, "table \"%s\": definition and catalog disagree",
			      o->name);
		goto done;
	}
#define SWAP(a, b)                                                                                 \
	do {                                                                                       \
		__typeof__(a) t_ = (a);                                                            \
		(a) = (b);                                                                         \
		(b) = t_;                                                                          \
	} while (0)
	for (size_t k = 0; k < o->ncols; k++) {
		SWAP(o->cols[k].def_sql, tmp.cols[k].def_sql);
		SWAP(o->cols[k].def_norm, tmp.cols[k].def_norm);
		SWAP(o->cols[k].flags, tmp.cols[k].flags);
	}
	SWAP(o->create_sql, tmp.create_sql);
	SWAP(o->norm, tmp.norm);
	if (o->norm_pooled) {
		tmp.norm = NULL; /* the old one, in the pool */
		o->norm_pooled = 0;
	}
	SWAP(o->cons, tmp.cons);
	SWAP(o->ncons, tmp.ncons);
	SWAP(o->options, tmp.options);
	SWAP(o->autoincrement, tmp.autoincrement);
	SWAP(o->without_rowid, tmp.without_rowid);
	SWAP(o->strict, tmp.strict);
#undef SWAP
	rc = 0;
done:
	object_clear(&tmp);
	ss_tokens_free(&toks);
	ss_create_info_clear(&ci);
	return rc;
}

typedef struct inspector {
	sqlite3 *db;
	const ss_inspect_opts *o;
	sqlite3_stmt *xinfo;
	ss_error *err;
} inspector;

static int sqlite_fail(inspector *in, const char *what)
{
	return ss__fail(in->err, SS_E_SQLITE, "inspecting schema \"%s\": %s: %s", in->o->schema,
			what, sqlite3_errmsg(in->db));
}

/* Columns' PRAGMA facts: declared type, NOT NULL, default, key position, hidden. */
static int read_table_pragmas(inspector *in, ss_object *o, const char *raw_name)
{
	int rc;
	size_t k = 0;
	sqlite3_reset(in->xinfo);
	sqlite3_bind_text(in->xinfo, 1, raw_name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(in->xinfo)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(in->xinfo, 0);
		if (k >= o->ncols || name == NULL || ss_stricmp(name, o->cols[k].name) != 0)
			return ss__fail(in->err, SS_E_SQLITE,
					"table \"%s\": column list does not match SQLite's (column "
					"\"%s\")",
					o->name, name ? name : "?");
		ss_column *c = &o->cols[k++];
		const char *type = (const char *)sqlite3_column_text(in->xinfo, 1);
		const char *dflt = (const char *)sqlite3_column_text(in->xinfo, 3);
		c->type = ss__strdup(type ? type : "");
		c->notnull = sqlite3_column_int(in->xinfo, 2);
		c->dflt = dflt ? ss__strdup(dflt) : NULL;
		c->pk = sqlite3_column_int(in->xinfo, 4);
		c->hidden = sqlite3_column_int(in->xinfo, 5);
		if (c->type == NULL || (dflt && c->dflt == NULL))
			return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	}
	if (rc != SQLITE_DONE)
		return sqlite_fail(in, "PRAGMA table_xinfo");
	if (k != o->ncols)
		return ss__fail(in->err, SS_E_SQLITE,
				"table \"%s\": parsed %zu columns, SQLite reports %zu", o->name,
				o->ncols, k);
	o->facts_loaded = 1;
	return 0;
}

int ss__table_facts(ss_object *o, sqlite3 *db, const char *schema, ss_error *err)
{
	ss_inspect_opts opts = {schema, SS_DEFAULT_SCRATCH_PREFIX, SS_PREFIX_SKIP, NULL, 0, 0};
	inspector in = {db, &opts, NULL, err};
	if (o->facts_loaded || o->type != SS_OBJ_TABLE)
		return 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
			       "pragma_table_xinfo(?1, ?2)",
			       -1, &in.xinfo, NULL) != SQLITE_OK) {
		int rc = sqlite_fail(&in, "PRAGMA table_xinfo");
		sqlite3_finalize(in.xinfo);
		return rc;
	}
	sqlite3_bind_text(in.xinfo, 2, schema, -1, SQLITE_STATIC);
	int rc = read_table_pragmas(&in, o, o->raw_name ? o->raw_name : o->name);
	sqlite3_finalize(in.xinfo);
	return rc;
}

static char *quoted(const char *name)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_add_ident(&b, name);
	return ss_buf_detach(&b);
}

/* Build one object from a sqlite_schema row. Returns 1 when the row is skipped. */
static int build_object(inspector *in, ss_object *o, const char *type, const char *raw_name,
			const char *sql)
{
	const ss_inspect_opts *opt = in->o;
	ss_tokens toks = {0}, toks2 = {0};
	ss_create_info ci, ci2;
	char *qname = NULL, *qtarget = NULL, *ltarget = NULL;
	size_t plen = strlen(opt->prefix);
	int rc = 0;
	memset(&ci, 0, sizeof(ci));
	memset(&ci2, 0, sizeof(ci2));

	if (has_prefix_ci(raw_name, "sqlite_") || has_prefix_ci(raw_name, "_cf_"))
		return 1;
	if (opt->prefix_mode == SS_PREFIX_SKIP && has_prefix_literal(raw_name, opt->prefix))
		return 1;
	if (opt->prefix_mode == SS_PREFIX_ONLY && !has_prefix_literal(raw_name, opt->prefix))
		return 1;
	if (sql == NULL)
		return 1; /* automatic indexes belong to their table's definition */
	if ((rc = ss_tokens_lex(&toks, sql, strlen(sql))) != 0) {
		rc = ss__fail(in->err, rc, "out of memory");
		goto done;
	}
	if ((rc = ss_sql_classify(&ci, &toks, in->err)) != 0)
		goto done;
	if (ci.is_virtual) {
		rc = ss__fail(in->err, SS_E_UNSUPPORTED,
			      "virtual table \"%s\" is not supported by schema sync", raw_name);
		goto done;
	}
	o->type = ci.type;
	if (strcmp(type, "table") == 0 && o->type != SS_OBJ_TABLE) {
		rc = ss__fail(in->err, SS_E_SQLITE, "unexpected definition of \"%s\"", raw_name);
		goto done;
	}
	/* The prefix strategy rewrote exactly the name and the ON target: undo both. */
	const char *name = ci.name;
	const char *target = ci.target;
	if (opt->prefix_mode == SS_PREFIX_ONLY) {
		if (has_prefix_literal(name, opt->prefix))
			name += plen;
		if (target != NULL && has_prefix_literal(target, opt->prefix))
			target += plen;
	}
	if (target != NULL && is_excluded(opt, target)) {
		rc = 1;
		goto done;
	}
	if (o->type == SS_OBJ_TABLE && is_excluded(opt, name)) {
		rc = 1;
		goto done;
	}
	o->name = ss__strdup(name);
	o->key = lower_dup(name);
	qname = quoted(name);
	if (target != NULL) {
		o->target = ss__strdup(target);
		o->target_key = lower_dup(target);
		qtarget = quoted(target);
		ltarget = o->target_key ? quoted(o->target_key) : NULL;
	}
	if (o->name == NULL || o->key == NULL || qname == NULL ||
	    (target != NULL && (o->target == NULL || qtarget == NULL || ltarget == NULL))) {
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	o->create_sql = ss_sql_rewrite_names(sql, strlen(sql), &toks, &ci, qname, qtarget);
	o->norm = ss__object_norm(&toks, &ci, ltarget);
	if (o->create_sql == NULL || o->norm == NULL) {
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (o->type == SS_OBJ_TABLE) {
		if (ss_tokens_lex(&toks2, o->create_sql, strlen(o->create_sql)) != 0) {
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		if ((rc = ss_sql_classify(&ci2, &toks2, in->err)) != 0 ||
		    (rc = parse_table(o, &toks2, ci2.name_tok, in->err)) != 0)
			goto done;
		if (collect_names(&o->fk_targets, &o->nfk, &toks2, 1) != 0 ||
		    (o->raw_name = ss__strdup(raw_name)) == NULL) {
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		if (!opt->lazy_facts && (rc = read_table_pragmas(in, o, raw_name)) != 0)
			goto done;
	} else {
		if ((rc = ss_tokens_lex(&toks2, o->create_sql, strlen(o->create_sql))) != 0 ||
		    (rc = collect_names(&o->mentions, &o->nmentions, &toks2, 0)) != 0) {
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
	}
done:
	ss_tokens_free(&toks);
	ss_tokens_free(&toks2);
	ss_create_info_clear(&ci);
	ss_create_info_clear(&ci2);
	ss_free(qname);
	ss_free(qtarget);
	ss_free(ltarget);
	return rc;
}

int ss__schema_inspect(ss_schema **out, sqlite3 *db, const ss_inspect_opts *o, ss_error *err)
{
	ss_schema *s = ss__calloc(1, sizeof(*s));
	sqlite3_stmt *rows = NULL;
	inspector in = {db, o, NULL, err};
	size_t cap = 0;
	int rc;
	char *q = NULL;
	ss_buf b;
	ss_buf_init(&b);
	*out = NULL;
	if (s == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	ss_buf_adds(&b, "SELECT type, name, sql FROM ");
	ss_buf_add_ident(&b, o->schema);
	ss_buf_adds(&b, ".sqlite_schema WHERE type IN ('table','index','view','trigger')");
	if ((q = ss_buf_detach(&b)) == NULL) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto fail;
	}
	if (sqlite3_prepare_v2(db, q, -1, &rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
			       "pragma_table_xinfo(?1, ?2)",
			       -1, &in.xinfo, NULL) != SQLITE_OK ||
	    0) {
		rc = sqlite_fail(&in, "reading the catalog");
		goto fail;
	}
	sqlite3_bind_text(in.xinfo, 2, o->schema, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(rows, 0);
		const char *name = (const char *)sqlite3_column_text(rows, 1);
		const char *sql = (const char *)sqlite3_column_text(rows, 2);
		if (s->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			ss_object *v = ss__realloc(s->objs, nc * sizeof(*v));
			if (v == NULL) {
				rc = ss__fail(err, SS_E_NOMEM, "out of memory");
				goto fail;
			}
			s->objs = v;
			cap = nc;
		}
		ss_object *obj = &s->objs[s->n];
		memset(obj, 0, sizeof(*obj));
		int r = build_object(&in, obj, type ? type : "", name ? name : "", sql);
		if (r < 0) {
			object_clear(obj);
			rc = r;
			goto fail;
		}
		if (r == 1)
			object_clear(obj);
		else
			s->n++;
	}
	if (rc != SQLITE_DONE) {
		rc = sqlite_fail(&in, "reading sqlite_schema");
		goto fail;
	}
	if (s->n > 1)
		qsort(s->objs, s->n, sizeof(ss_object), obj_cmp);
	for (size_t i = 1; i < s->n; i++)
		if (obj_cmp(&s->objs[i - 1], &s->objs[i]) == 0) {
			rc = ss__fail(err, SS_E_INVALID,
				      "two objects named \"%s\" differ only in case",
				      s->objs[i].name);
			goto fail;
		}
	schema_pack(s);
	ss__schema_index(s);
	sqlite3_finalize(rows);
	sqlite3_finalize(in.xinfo);
	ss_free(q);
	*out = s;
	return 0;
fail:
	sqlite3_finalize(rows);
	sqlite3_finalize(in.xinfo);
	ss_free(q);
	ss_schema_free(s);
	return rc;
}

int ss_schema_inspect(ss_schema **out, sqlite3 *db, const char *schema_name, ss_error *err)
{
	ss_inspect_opts o = {schema_name ? schema_name : "main",
			     SS_DEFAULT_SCRATCH_PREFIX,
			     SS_PREFIX_SKIP,
			     NULL,
			     0,
			     0};
	if (out == NULL || db == NULL)
		return ss__fail(err, SS_E_MISUSE, "ss_schema_inspect: out and db are required");
	return ss__schema_inspect(out, db, &o, err);
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
		if (o->type == SS_OBJ_TABLE) {
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
