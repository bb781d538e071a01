/* SPDX-License-Identifier: MIT */
/*
 * From a CREATE statement's text to the parts of the model the planner compares: a table
 * split into columns (each with its normalized definition and flags), table constraints and
 * options; the names an object mentions or references; the comparison key of any object
 * (ss__object_norm); and re-deriving a table's text parts from another text
 * (ss__table_reparse). Pure text work: the PRAGMA facts come from schema_inspect.c.
 *
 * Semantic equivalences decided here: a generated column without STORED is VIRTUAL, a
 * REFERENCES clause sits at the end of its column's definition, and a one-column table
 * FOREIGN KEY (c) REFERENCES ... is c's own REFERENCES clause.
 *
 * Example: `CREATE TABLE "t" (a INT NOT NULL, b TEXT, FOREIGN KEY (b) REFERENCES p(x))`
 * gives cols [{a, `"int" not null`, NOT_NULL}, {b, `"text" references "p" ( "x" )`,
 * REFERENCES | FK_FROM_TABLE}], no constraints, options "", fk_targets ["p"].
 */
#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* strcmp, with the first byte compared inline: most names differ there. */
static inline int name_cmp(const char *a, const char *b)
{
	if (a[0] != b[0])
		return (int)(unsigned char)a[0] - (int)(unsigned char)b[0];
	return strcmp(a, b);
}

static int cmp_str(const void *a, const void *b)
{
	return name_cmp(*(char *const *)a, *(char *const *)b);
}

static size_t strv_uniq(char **v, size_t n, ss_arena *arena)
{
	if (n == 0)
		return 0;
	if (n > 24) {
		qsort(v, n, sizeof(*v), cmp_str);
	} else {
		/* most objects mention a handful of names: insertion sort, no scratch memory */
		for (size_t i = 1; i < n; i++) {
			char *x = v[i];
			size_t j = i;
			for (; j > 0 && name_cmp(v[j - 1], x) > 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	size_t j = 1;
	for (size_t i = 1; i < n; i++) {
		if (name_cmp(v[i], v[j - 1]) == 0)
			ss__arena_release(arena, v[i]);
		else
			v[j++] = v[i];
	}
	return j;
}

/* Free n strings of arena (NULL: the heap) and their vector. */
static void strv_release(ss_arena *arena, char **v, size_t n)
{
	if (arena == NULL)
		ss__strv_free(v, n);
}

/* The name token t stands for, ASCII lower-cased, in arena (NULL: the heap). */
static char *lower_ident(const ss_token *t, ss_arena *arena)
{
	char *l;
	if (t->type == SS_TK_WORD) /* a bare word is its own name */
		return ss__arena_lower_ndup(arena, t->z, t->n);
	if ((l = ss_tok_ident_to(t, arena)) != NULL)
		for (char *p = l; *p; p++)
			*p = (char)ss_ascii_lower((unsigned char)*p);
	return l;
}

/*
 * Lower-cased names of a token list, sorted and distinct, into *out / *count: every word and
 * quoted name, or (refs_only) just the names that follow REFERENCES.
 */
int ss__collect_names(char ***out, size_t *count, const ss_tokens *t, int refs_only,
		      ss_arena *arena)
{
	char **v = ss__arena_alloc(arena, (t->n ? t->n : 1) * sizeof(char *));
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
		char *l = lower_ident(name, arena);
		if (l == NULL) {
			strv_release(arena, v, n);
			return SS_E_NOMEM;
		}
		v[n++] = l;
	}
	*out = v;
	*count = strv_uniq(v, n, arena);
	return 0;
}

int ss__table_constraint_start(const ss_token *t)
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
	for (size_t i = 0; i < n; i++)
		if (ss_column_word(&t[i]) != 0)
			return i;
	return n;
}

static char *norm_tokens(const ss_token *t, size_t n, size_t fold, ss_arena *arena)
{
	char room[256];
	ss_buf b;
	ss_buf_init_on(&b, room, sizeof(room));
	ss_sql_normalize_mode(&b, t, n, fold);
	return ss_buf_detach_to(&b, arena);
}

/*
 * The REFERENCES clause of a column definition: [*from, *to), or 0 when there is none. It
 * runs to the next column constraint at the same depth (SET NULL and NOT DEFERRABLE
 * belong to it).
 */
static int find_references(const ss_token *t, size_t n, size_t *from, size_t *to)
{
	/* the column constraints that end the clause (and GENERATED) */
	const unsigned stop = SS_CW_CONSTRAINT | SS_CW_PRIMARY | SS_CW_UNIQUE | SS_CW_CHECK |
			      SS_CW_DEFAULT | SS_CW_COLLATE | SS_CW_GENERATED | SS_CW_REFERENCES;
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
		int is_stop = (ss_column_word(&t[i]) & stop) != 0;
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

static int append_norm(char **dst, const ss_token *t, size_t n, ss_arena *arena)
{
	char room[512];
	ss_buf b;
	ss_buf_init_on(&b, room, sizeof(room));
	ss_buf_adds(&b, *dst);
	if (b.len)
		ss_buf_addc(&b, ' ');
	ss_sql_normalize_mode(&b, t, n, 0);
	char *r = ss_buf_detach_to(&b, arena);
	if (r == NULL)
		return SS_E_NOMEM;
	ss__arena_release(arena, *dst);
	*dst = r;
	return 0;
}

/*
 * A column definition (after its name) in canonical form, so equivalent spellings compare
 * equal: a generated column without STORED says VIRTUAL, and a REFERENCES clause moves to
 * the end (where a table-level FOREIGN KEY on this one column also lands). Normalized
 * from the tokens; column_def_norm copies the same text out of the table's comparison key.
 */
static char *column_def_renorm(const ss_token *t, size_t n, unsigned flags, ss_arena *arena)
{
	size_t rf = 0, rt = 0;
	int has_ref = find_references(t, n, &rf, &rt);
	ss_token room[64] = {{NULL, 0, SS_TK_EOF}};
	ss_token *v = n <= 64 ? room : ss__calloc(n, sizeof(ss_token));
	if (v == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!has_ref || i < rf || i >= rt)
			v[k++] = t[i];
#if SS_PLANT_BUG == SS_BUG_IGNORE_COLLATE
	/* planted bug: COLLATE <name> left out of the comparison, like the declared type's case */
	size_t kept = 0;
	for (size_t i = 0; i < k; i++) {
		if (ss_tok_is(&v[i], "collate") && i + 1 < k) {
			i++;
			continue;
		}
		v[kept++] = v[i];
	}
	k = kept;
#endif
#if SS_PLANT_BUG == SS_BUG_IGNORE_GENERATED_EXPR
	/* planted bug: a generated column compares as "AS ( )", its expression left out */
	size_t kept = 0, depth = 0;
	for (size_t i = 0; i < k; i++) {
		int open = v[i].type == SS_TK_PUNCT && v[i].z[0] == '(';
		int close = v[i].type == SS_TK_PUNCT && v[i].z[0] == ')';
		if (depth == 0 && open && i > 0 && ss_tok_is(&v[i - 1], "as")) {
			v[kept++] = v[i];
			depth = 1;
			continue;
		}
		if (depth > 0) {
			depth += (size_t)open;
			depth -= (size_t)close;
			if (depth > 0)
				continue;
		}
		v[kept++] = v[i];
	}
	k = kept;
#endif
	char *r = norm_tokens(v, k, type_span(v, k), arena);
	if (v != room)
		ss_free(v);
	if (r != NULL && (flags & SS_COL_GENERATED) && !(flags & SS_COL_STORED) &&
	    !has_word(t, n, "virtual")) {
		static const ss_token virt = {"virtual", 7, SS_TK_WORD};
		if (append_norm(&r, &virt, 1, arena) != 0) {
			ss__arena_release(arena, r);
			return NULL;
		}
	}
	if (r != NULL && has_ref && append_norm(&r, t + rf, rt - rf, arena) != 0) {
		ss__arena_release(arena, r);
		return NULL;
	}
	return r;
}

/* Append token i's text from the comparison key (nothing for a token it left out), a
 * name's letters lower-cased when fold (the key spells it as written: "Text"). */
static inline void add_span(ss_buf *b, const ss_norm_view *view, size_t i, int fold)
{
	const ss_norm_span *sp = &view->span[i];
	if (sp->start == SS_NORM_DROPPED)
		return;
	size_t n = sp->end - sp->start;
	char *w = ss_buf_room(b, n + 1);
	if (w == NULL)
		return;
	char *start = w;
	if (b->len > 0)
		*w++ = ' ';
	const char *z = view->norm + sp->start;
	if (fold && z[0] == '"') {
		for (size_t k = 0; k < n; k++)
			*w++ = (char)ss_ascii_lower((unsigned char)z[k]);
	} else {
		ss_copy_short(w, z, n);
		w += n;
	}
	b->len += (size_t)(w - start);
	b->data[b->len] = 0;
}

/*
 * column_def_renorm's text for the column definition t[0..n), copied from the table's
 * comparison key, which normalized the same tokens in the same neighbourhood: only the
 * declared type is folded here and not there, and the REFERENCES clause moves to the end
 * (the tokens on either side of it are keywords, so no name's folding changes). A quoted
 * name in the type (a keyword there reads differently) is normalized again instead.
 */
static char *column_def_norm(const ss_token *t, size_t n, unsigned flags, ss_arena *arena,
			     const ss_norm_view *view)
{
#if SS_PLANT_BUG == SS_BUG_IGNORE_COLLATE || SS_PLANT_BUG == SS_BUG_IGNORE_GENERATED_EXPR
	view = NULL; /* the planted bugs live in column_def_renorm */
#endif
	size_t fold_first = type_span(t, n);
	for (size_t i = 0; view != NULL && i < fold_first; i++)
		if (t[i].type == SS_TK_QIDENT)
			view = NULL;
	if (view == NULL)
		return column_def_renorm(t, n, flags, arena);
	size_t rf = 0, rt = 0;
	int has_ref = find_references(t, n, &rf, &rt);
	char room[256];
	ss_buf b;
	ss_buf_init_on(&b, room, sizeof(room));
	for (size_t i = 0; i < n; i++)
		if (!has_ref || i < rf || i >= rt)
			add_span(&b, view, i, i < fold_first);
	if ((flags & SS_COL_GENERATED) && !(flags & SS_COL_STORED) && !has_word(t, n, "virtual"))
		ss_buf_adds(&b, b.len > 0 ? " virtual" : "virtual");
	for (size_t i = rf; has_ref && i < rt; i++)
		add_span(&b, view, i, 0);
	char *r = ss_buf_detach_to(&b, arena);
#ifndef NDEBUG
	/* builds with assertions normalize again and compare */
	char *again = column_def_renorm(t, n, flags, NULL);
	assert(r == NULL || again == NULL || strcmp(r, again) == 0);
	ss_free(again);
#endif
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
	ss_column *c = NULL;
	if (ss__token_column(&c, o, &e[3]) != 0)
		return SS_E_NOMEM;
	if (c == NULL)
		return 0;
	if (append_norm(&c->def_norm, e + 5, en - 5, o->arena) != 0)
		return SS_E_NOMEM;
	c->flags |= SS_COL_REFERENCES | SS_COL_FK_FROM_TABLE;
	*moved = 1;
	return 0;
}

int ss__token_column(ss_column **out, ss_object *o, const ss_token *t)
{
	char *name = ss_tok_ident(t);
	*out = NULL;
	if (name == NULL)
		return SS_E_NOMEM;
	for (size_t k = 0; k < o->ncols && *out == NULL; k++)
		if (ss_stricmp(o->cols[k].name, name) == 0)
			*out = &o->cols[k];
	ss_free(name);
	return 0;
}

/* One element of the column list, tokens e[0..en): a table constraint or a column. The
 * arrays have room for every element (ss__table_parse counted them). */
static int parse_element(ss_object *o, const ss_token *e, size_t en, size_t cap,
			 const ss_norm_view *view, ss_error *err)
{
	assert(o->ncols < cap && o->ncons < cap);
	(void)cap;
	if (ss__table_constraint_start(e)) {
		int moved = 0;
		if (move_fk_to_column(o, e, en, &moved) != 0)
			return ss__fail(err, SS_E_NOMEM, "out of memory");
		if (moved)
			return 0;
		if ((o->cons[o->ncons] = norm_tokens(e, en, 0, o->arena)) == NULL)
			return ss__fail(err, SS_E_NOMEM, "out of memory");
		o->ncons++;
		return 0;
	}
	ss_column *c = &o->cols[o->ncols++];
	c->name = e->type == SS_TK_WORD ? ss__arena_strndup(o->arena, e->z, e->n)
					: ss_tok_ident_to(e, o->arena);
	const char *end = e[en - 1].z + e[en - 1].n;
	c->def_sql = ss__arena_strndup(o->arena, e->z, (size_t)(end - e->z));
	c->flags = column_flags(e + 1, en - 1);
	ss_norm_view def_view = {view ? view->norm : NULL, view ? view->span + 1 : NULL};
	c->def_norm = column_def_norm(e + 1, en - 1, c->flags, o->arena, view ? &def_view : NULL);
	if (c->name == NULL || c->def_sql == NULL || c->def_norm == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	if (c->flags & SS_COL_AUTOINCREMENT)
		o->autoincrement = 1;
	return 0;
}

/* The table options from token i on (after the column list): normalized, and read. */
static int parse_options(ss_object *o, const ss_tokens *toks, size_t i, ss_error *err)
{
	const ss_token *t = toks->v;
	o->options = norm_tokens(&t[i < toks->n ? i : toks->n], i < toks->n ? toks->n - i : 0,
				 (size_t)-1, o->arena);
	if (o->options == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	for (; i < toks->n; i++) {
		if (ss_tok_is(&t[i], "without"))
			o->without_rowid = 1;
		else if (ss_tok_is(&t[i], "strict"))
			o->strict = 1;
	}
#if SS_PLANT_BUG == SS_BUG_IGNORE_STRICT
	/* planted bug: the options modelled are WITHOUT ROWID alone (STRICT is not compared) */
	ss__arena_release(o->arena, o->options);
	if ((o->options = ss__arena_strdup(o->arena, o->without_rowid ? "without rowid" : "")) ==
	    NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
#endif
	return 0;
}

int ss__table_parse(ss_object *o, const ss_tokens *toks, long name_tok, const ss_norm_view *view,
		    ss_error *err)
{
	size_t i = (size_t)name_tok + 1;
	const ss_token *t = toks->v;
	int rc;
	if (i >= toks->n || !(t[i].type == SS_TK_PUNCT && t[i].z[0] == '('))
		return ss__fail(err, SS_E_INVALID, "table \"%s\": expected a column list", o->name);
	/* elements: one more than the commas at the list's depth */
	size_t cap = 1, depth = 0;
	for (size_t k = i; k < toks->n; k++) {
		if (t[k].type != SS_TK_PUNCT)
			continue;
		if (t[k].z[0] == '(')
			depth++;
		else if (t[k].z[0] == ')' && --depth == 0)
			break;
		else if (t[k].z[0] == ',' && depth == 1)
			cap++;
	}
	o->cols = ss__arena_calloc(o->arena, cap, sizeof(ss_column));
	o->cons = ss__arena_calloc(o->arena, cap, sizeof(char *));
	if (o->cols == NULL || o->cons == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	depth = 0;
	size_t el_start = i + 1;
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
		ss_norm_view el_view = {view ? view->norm : NULL,
					view ? view->span + el_start : NULL};
		if (i > el_start && (rc = parse_element(o, &t[el_start], i - el_start, cap,
							view ? &el_view : NULL, err)) != 0)
			return rc;
		el_start = i + 1;
		if (close) {
			i++;
			break;
		}
	}
	return parse_options(o, toks, i, err);
}

char *ss__object_norm(const ss_tokens *toks, const ss_create_info *ci, const char *qtarget,
		      ss_arena *arena, ss_norm_span *spans)
{
	static const char placeholder[] = "#";
	size_t k = 0;
	long name_from = ci->schema_tok >= 0 ? ci->schema_tok : ci->name_tok;
	long target_from = ci->target_schema_tok >= 0 ? ci->target_schema_tok : ci->target_tok;
	if (ci->is_virtual) {
		/* a virtual table compares by module and normalized arguments (schema_vtab.c) */
		char *r = ss__vtab_norm(toks, ci), *moved = r;
		if (r != NULL && arena != NULL) {
			moved = ss__arena_strdup(arena, r);
			ss_free(r);
		}
		return moved;
	}
	/* the tokens normalized, which token of toks each is, and where each went */
	size_t stack_from[256];
	size_t *from = toks->n <= 256 ? stack_from : ss__calloc(toks->n, sizeof(size_t));
	ss_token stack_v[256];
	ss_token *v = toks->n <= 256 ? stack_v : ss__calloc(toks->n, sizeof(ss_token));
	ss_norm_span stack_spans[256];
	ss_norm_span *vspans = spans == NULL    ? NULL
			       : toks->n <= 256 ? stack_spans
						: ss__calloc(toks->n, sizeof(ss_norm_span));
	char *r = NULL;
	if (from == NULL || v == NULL || (spans != NULL && vspans == NULL))
		goto done;
	for (size_t i = 0; i < toks->n; i++) {
		const ss_token *t = &toks->v[i];
		if ((long)i < name_from && i + 2 < toks->n && ss_tok_is(t, "if") &&
		    ss_tok_is(t + 1, "not") && ss_tok_is(t + 2, "exists")) {
			i += 2; /* IF NOT EXISTS (before the name) never counts */
			continue;
		}
		from[k] = i;
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
			v[k++].n = (uint32_t)strlen(qtarget);
			i = (size_t)ci->target_tok;
			continue;
		}
		v[k++] = *t;
	}
	char room[1024];
	ss_buf b;
	ss_buf_init_on(&b, room, sizeof(room));
	ss_sql_normalize_spans(&b, v, k, 0, vspans);
	for (size_t i = 0, j = 0; spans != NULL && i < toks->n; i++) {
		if (j < k && from[j] == i) {
			spans[i] = vspans[j++];
		} else {
			spans[i].start = spans[i].end = SS_NORM_DROPPED;
		}
	}
	r = ss_buf_detach_to(&b, arena);
done:
	if (from != stack_from)
		ss_free(from);
	if (v != stack_v)
		ss_free(v);
	if (vspans != stack_spans)
		ss_free(vspans);
	return r;
}

int ss__table_reparse(ss_object *o, const char *create_sql, ss_error *err)
{
	ss_object tmp;
	ss_tokens toks = {0};
	ss_create_info ci;
	int rc;
	memset(&tmp, 0, sizeof(tmp));
	memset(&ci, 0, sizeof(ci));
	tmp.arena = o->arena; /* what the swaps below give o comes from o's own arena */
	tmp.name = ss__arena_strdup(tmp.arena, o->name);
	tmp.create_sql = ss__arena_strdup(tmp.arena, create_sql);
	if (tmp.name == NULL || tmp.create_sql == NULL ||
	    ss_tokens_lex(&toks, tmp.create_sql, strlen(tmp.create_sql)) != 0) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if ((rc = ss_sql_classify(&ci, &toks, err)) != 0 ||
	    (rc = ss__table_parse(&tmp, &toks, ci.name_tok, NULL, err)) != 0)
		goto done;
	if ((tmp.norm = ss__object_norm(&toks, &ci, NULL, tmp.arena, NULL)) == NULL) {
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
	ss__object_clear(&tmp);
	ss_tokens_free(&toks);
	ss_create_info_clear(&ci);
	return rc;
}
