/* SPDX-License-Identifier: MIT */
/*
 * Inspection: read one schema of a connection ("main" or an attached scratch database)
 * into the model of model.h. Uses only sqlite_schema and the PRAGMAs a Durable Object
 * allows (table_xinfo as a table-valued function with an explicit schema argument), and
 * skips SQLite's and Cloudflare's internal objects. The live side can leave the columns'
 * PRAGMA facts unread (lazy_facts): sync_facts.c reads them with ss__table_facts for the
 * tables the planner says differ, before planning.
 */
#include "model.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static int has_prefix_ci(const char *s, const char *p)
{
	return ss_strnicmp(s, p, strlen(p)) == 0;
}

static int is_excluded(const ss_inspect_opts *o, const char *name)
{
	for (size_t i = 0; i < o->nexcluded; i++)
		if (ss_stricmp(o->excluded[i], name) == 0)
			return 1;
	return 0;
}

typedef struct inspector {
	sqlite3 *db;
	const ss_inspect_opts *o;
	sqlite3_stmt *xinfo;
	ss_error *err;
	ss_arena *arena; /* the schema's: where its objects' strings go */
	ss_tokens toks;  /* the current row's tokens, their room kept from row to row */
	ss_tokens canon; /* the tokens of its canonical CREATE, the same way */
	/* the schema's virtual tables, names and CREATE texts, met while reading: their
	 * shadow tables are part of them, never objects (drop_shadow_tables) */
	char **vnames, **vsqls;
	size_t nvtabs;
} inspector;

static int sqlite_fail(inspector *in, const char *what)
{
	return ss__fail(in->err, SS_E_SQLITE, "inspecting schema \"%s\": %s: %s", in->o->schema,
			what, sqlite3_errmsg(in->db));
}

/* The PRAGMA table_xinfo statement, prepared on first need: most tables never need it. */
static sqlite3_stmt *xinfo_stmt(inspector *in)
{
	if (in->xinfo == NULL &&
	    sqlite3_prepare_v2(in->db,
			       "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
			       "pragma_table_xinfo(?1, ?2)",
			       -1, &in->xinfo, NULL) == SQLITE_OK)
		sqlite3_bind_text(in->xinfo, 2, in->o->schema, -1, SQLITE_STATIC);
	return in->xinfo;
}

static int facts_differ(inspector *in, const ss_object *o, const ss_column *c, const char *what,
			const char *text, const char *sqlite)
{
	return ss__fail(in->err, SS_E_SQLITE,
			"table \"%s\": the column facts read from its text differ from SQLite's "
			"(column \"%s\": %s <%s> where SQLite says <%s>)",
			o->name, c->name, what, text ? text : "NULL", sqlite ? sqlite : "NULL");
}

/* Each row of PRAGMA table_xinfo for o, with the column it describes: into the column
 * (check 0), or compared with what the text gave (check 1). */
static int read_table_pragmas(inspector *in, ss_object *o, const char *raw_name, int check)
{
	int rc;
	size_t k = 0;
	sqlite3_stmt *x = xinfo_stmt(in);
	if (x == NULL)
		return sqlite_fail(in, "PRAGMA table_xinfo");
	sqlite3_reset(x);
	sqlite3_bind_text(x, 1, raw_name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(x)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(x, 0);
		if (k >= o->ncols || name == NULL || ss_stricmp(name, o->cols[k].name) != 0)
			return ss__fail(in->err, SS_E_SQLITE,
					"table \"%s\": column list does not match SQLite's (column "
					"\"%s\")",
					o->name, name ? name : "?");
		ss_column *c = &o->cols[k++];
		const char *type = (const char *)sqlite3_column_text(x, 1);
		const char *dflt = (const char *)sqlite3_column_text(x, 3);
		if (check) {
			if (strcmp(c->type, type ? type : "") != 0)
				return facts_differ(in, o, c, "declared type", c->type, type);
			if ((dflt == NULL) != (c->dflt == NULL) ||
			    (dflt != NULL && strcmp(dflt, c->dflt) != 0))
				return facts_differ(in, o, c, "default", c->dflt, dflt);
			if (c->notnull != sqlite3_column_int(x, 2) ||
			    c->pk != sqlite3_column_int(x, 4) ||
			    c->hidden != sqlite3_column_int(x, 5)) {
				char mine[40], theirs[40];
				snprintf(mine, sizeof(mine), "%d %d %d", c->notnull, c->pk,
					 c->hidden);
				snprintf(theirs, sizeof(theirs), "%d %d %d",
					 sqlite3_column_int(x, 2), sqlite3_column_int(x, 4),
					 sqlite3_column_int(x, 5));
				return facts_differ(in, o, c, "NOT NULL, key, hidden", mine,
						    theirs);
			}
			continue;
		}
		c->type = ss__arena_strdup(o->arena, type ? type : "");
		c->notnull = sqlite3_column_int(x, 2);
		c->dflt = dflt ? ss__arena_strdup(o->arena, dflt) : NULL;
		c->pk = sqlite3_column_int(x, 4);
		c->hidden = sqlite3_column_int(x, 5);
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

/*
 * Columns' facts (declared type, NOT NULL, default, key position, hidden) of a parsed
 * table: from its text (schema_facts.c) where that reading covers it, else from SQLite.
 * Builds with assertions ask SQLite too and fail when the two differ.
 */
static int table_facts(inspector *in, ss_object *o, const ss_tokens *toks, long name_tok,
		       const char *raw_name)
{
	int t = o->vkind == SS_VT_NONE ? ss__table_facts_from_text(o, toks, name_tok) : 1;
	if (t < 0)
		return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	if (t > 0)
		return read_table_pragmas(in, o, raw_name, 0);
#ifndef NDEBUG
	return read_table_pragmas(in, o, raw_name, 1);
#else
	return 0;
#endif
}

int ss__table_facts(ss_object *o, sqlite3 *db, const char *schema, ss_error *err)
{
	ss_inspect_opts opts = {schema, SS_DEFAULT_SCRATCH_PREFIX, SS_PREFIX_SKIP, NULL, 0, 0, 0};
	inspector in = {db,   &opts, NULL, err, NULL, {NULL, 0, 0, NULL}, {NULL, 0, 0, NULL},
			NULL, NULL,  0};
	ss_tokens toks = {0};
	ss_create_info ci;
	ss_error quiet = {0, ""}; /* a text classify refuses: SQLite answers instead */
	int rc;
	if (o->facts_loaded || o->type != SS_OBJ_TABLE)
		return 0;
	memset(&ci, 0, sizeof(ci));
	const char *raw = o->raw_name ? o->raw_name : o->name;
	if (ss_tokens_lex(&toks, o->create_sql, strlen(o->create_sql)) != 0)
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
	else if (ss_sql_classify(&ci, &toks, &quiet) != 0 || ci.is_virtual)
		rc = read_table_pragmas(&in, o, raw, 0); /* SQLite says */
	else
		rc = table_facts(&in, o, &toks, ci.name_tok, raw);
	sqlite3_finalize(in.xinfo);
	ss_tokens_free(&toks);
	ss_create_info_clear(&ci);
	return rc;
}

/* name as a double-quoted identifier ("a""b"), in arena. */
static char *quoted(const char *name, ss_arena *arena)
{
	size_t n = strlen(name);
	char *r = ss__arena_alloc(arena, 2 * n + 3); /* every byte a quote, at worst */
	if (r != NULL)
		*ss_put_quoted(r, name, n, '"') = 0;
	return r;
}

/* The four kinds of row SQLite writes to its catalog. */
static int known_type(const char *type)
{
	return strcmp(type, "table") == 0 || strcmp(type, "index") == 0 ||
	       strcmp(type, "view") == 0 || strcmp(type, "trigger") == 0;
}

/* A row to leave out: anything but the four kinds, SQLite's and Cloudflare's internals,
 * objects outside the prefix mode's side, automatic indexes (no SQL: they belong to their
 * table's definition). */
static int skipped_row(const ss_inspect_opts *opt, const char *type, const char *raw_name,
		       const char *sql)
{
	if (!known_type(type))
		return 1;
	if (has_prefix_ci(raw_name, "sqlite_") || (opt->skip_cf && has_prefix_ci(raw_name, "_cf_")))
		return 1;
	if (opt->prefix_mode == SS_PREFIX_SKIP && ss_sql_has_prefix(raw_name, opt->prefix))
		return 1;
	if (opt->prefix_mode == SS_PREFIX_ONLY && !ss_sql_has_prefix(raw_name, opt->prefix))
		return 1;
	return sql == NULL;
}

/* The quoted forms of an object's names, for its canonical CREATE and comparison key. */
typedef struct quoted_names {
	char *name;    /* "Name" */
	char *target;  /* "Target", or NULL */
	char *ltarget; /* "target" (lower-cased), or NULL */
} quoted_names;

/*
 * Name, key, target and target key of o from its classified statement, the prefix undone
 * on the prefix strategy's side. Returns 1 when the object is excluded (a table in the
 * excluded list, or an index or trigger on one).
 */
static int object_identity(inspector *in, ss_object *o, const ss_create_info *ci, quoted_names *q)
{
	const ss_inspect_opts *opt = in->o;
	size_t plen = strlen(opt->prefix);
	/* The prefix strategy rewrote exactly the name and the ON target: undo both. */
	const char *name = ci->name;
	const char *target = ci->target;
	if (opt->prefix_mode == SS_PREFIX_ONLY) {
		if (ss_sql_has_prefix(name, opt->prefix))
			name += plen;
		if (target != NULL && ss_sql_has_prefix(target, opt->prefix))
			target += plen;
	}
	if (target != NULL && is_excluded(opt, target))
		return 1;
	if (o->type == SS_OBJ_TABLE && is_excluded(opt, name))
		return 1;
	/* classify put the names in this arena: kept, not copied */
	int shared = o->arena != NULL && o->arena == ci->arena;
	o->name = shared ? (char *)name : ss__arena_strdup(o->arena, name);
	o->key = ss__arena_lower_dup(o->arena, name);
	q->name = quoted(name, o->arena);
	if (target != NULL) {
		o->target = shared ? (char *)target : ss__arena_strdup(o->arena, target);
		o->target_key = ss__arena_lower_dup(o->arena, target);
		q->target = quoted(target, o->arena);
		/* most targets are spelled in lower case: the same quoted text serves */
		q->ltarget = o->target_key == NULL                ? NULL
			     : strcmp(o->target_key, target) == 0 ? q->target
								  : quoted(o->target_key, o->arena);
	}
	if (o->name == NULL || o->key == NULL || q->name == NULL ||
	    (target != NULL && (o->target == NULL || q->target == NULL || q->ltarget == NULL)))
		return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	return 0;
}

/*
 * What the planner reads of o beyond its texts, from its canonical CREATE: a table's
 * columns, constraints, options and referenced tables (and, unless lazy, its columns'
 * PRAGMA facts); the names any other object mentions.
 */
static int object_parts(inspector *in, ss_object *o, const char *raw_name, const ss_tokens *toks,
			const ss_create_info *orig, const ss_norm_view *view)
{
	ss_create_info ci;
	int rc = 0;
	memset(&ci, 0, sizeof(ci));
	if (o->type != SS_OBJ_TABLE) {
		if (ss__collect_names(&o->mentions, &o->nmentions, toks, 0, o->arena) != 0)
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (!orig->is_virtual) {
		/* the canonical text is the original with its name span (schema qualifier
		 * included) as one token: no need to classify it again */
		ci.name_tok = orig->schema_tok >= 0 ? orig->schema_tok : orig->name_tok;
#ifndef NDEBUG
		ss_create_info check;
		memset(&check, 0, sizeof(check));
		assert(ss_sql_classify(&check, toks, NULL) != 0 || check.name_tok == ci.name_tok);
		ss_create_info_clear(&check);
#endif
	} else if ((rc = ss_sql_classify(&ci, toks, in->err)) != 0) {
		goto done;
	}
	if (ci.is_virtual) {
		/* FTS5 / R*Tree: the arguments are the definition; no PRAGMA facts */
		if ((rc = ss__vtab_parse(o, toks, &ci, in->err)) == 0 &&
		    (o->raw_name = ss__arena_strdup(o->arena, raw_name)) == NULL)
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if ((rc = ss__table_parse(o, toks, ci.name_tok, view, in->err)) != 0)
		goto done;
	if (ss__collect_names(&o->fk_targets, &o->nfk, toks, 1, o->arena) != 0 ||
	    (o->raw_name = ss__arena_strdup(o->arena, raw_name)) == NULL) {
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (!in->o->lazy_facts)
		rc = table_facts(in, o, toks, ci.name_tok, raw_name);
done:
	ss_create_info_clear(&ci);
	return rc;
}

#if SS_PLANT_BUG == SS_BUG_UNPREFIX_WHOLE_TEXT
/* Planted bug: s with every occurrence of prefix removed, string literals included. */
static char *strip_prefix_everywhere(const char *s, const char *prefix)
{
	ss_buf b;
	ss_buf_init(&b);
	size_t pn = strlen(prefix);
	while (*s) {
		if (pn && strncmp(s, prefix, pn) == 0)
			s += pn;
		else
			ss_buf_addc(&b, *s++);
	}
	return ss_buf_detach(&b);
}
#endif

static int push_name(inspector *in, char ***v, size_t *n, const char *name)
{
	char **nv = ss__realloc(*v, (*n + 1) * sizeof(char *));
	if (nv == NULL)
		return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	*v = nv;
	if ((nv[*n] = ss__strdup(name ? name : "")) == NULL)
		return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	(*n)++;
	return 0;
}

/* Is a catalog row a virtual table? SQLite stores every one as "CREATE VIRTUAL TABLE ...",
 * so the bytes tell; LIKE would follow the caller's PRAGMA case_sensitive_like. */
static int is_vtab_row(const char *type, const char *sql)
{
	return sql != NULL && strcmp(type, "table") == 0 &&
	       strncmp(sql, "CREATE VIRTUAL ", 15) == 0;
}

/*
 * Take the shadow tables of the schema's virtual tables out of s: a table is a shadow table
 * when a virtual table of the schema owns its name by its module's suffix rule and its
 * options (schema_vtab.c). Not PRAGMA table_list's 'shadow' type: SQLite looks the owner up
 * by name across all schemas (an attached scratch copy's shadow tables are not marked while
 * main holds an ordinary table of the owner's name), and marks any table with a module's
 * suffix, also a user's "x_content" beside a contentless x. A user table that merely ends
 * in _data is an ordinary table. Decided after the one read of the catalog, which met the
 * owners in any order.
 */
static int drop_shadow_tables(inspector *in, ss_schema *s)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < s->n; i++) {
		ss_object *o = &s->objs[i];
		int shadow = 0;
		if (rc == 0 && o->type == SS_OBJ_TABLE && o->vkind == SS_VT_NONE &&
		    o->raw_name != NULL)
			shadow = ss__vtab_is_shadow_name(
				o->raw_name, (const char *const *)in->vnames,
				(const char *const *)in->vsqls, in->nvtabs);
		if (shadow < 0) /* the array is still compacted: each object once */
			rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		if (shadow > 0) {
			ss__object_clear(o);
			continue;
		}
		if (kept != i)
			s->objs[kept] = *o;
		kept++;
	}
	s->n = kept;
	return rc;
}

/* Build one object from a sqlite_schema row. Returns 1 when the row is skipped. */
static int build_object(inspector *in, ss_object *o, const char *type, const char *raw_name,
			const char *sql)
{
	ss_tokens *toks = &in->toks, *canon = &in->canon; /* their room serves every row */
	ss_create_info ci;
	quoted_names q = {NULL, NULL, NULL};
	ss_norm_span stack_spans[256], *spans = stack_spans;
	int rc = 0;
	memset(&ci, 0, sizeof(ci));
	if (skipped_row(in->o, type, raw_name, sql))
		return 1;
#if SS_PLANT_BUG == SS_BUG_UNPREFIX_WHOLE_TEXT
	/* planted bug: the prefix is undone on the whole text, not on the two name tokens */
	char *unprefixed = in->o->prefix_mode == SS_PREFIX_ONLY
				   ? strip_prefix_everywhere(sql, in->o->prefix)
				   : NULL;
	if (unprefixed != NULL)
		sql = unprefixed;
#endif
	if ((rc = ss_tokens_relex(toks, sql, strlen(sql))) != 0) {
		rc = ss__fail(in->err, rc, "out of memory");
		goto done;
	}
	/* the name and target in the schema's arena: the object keeps them as they are */
	if ((rc = ss_sql_classify_in(&ci, toks, in->arena, in->err)) != 0)
		goto done;

	o->type = ci.type;
	o->arena = ci.is_virtual ? NULL : in->arena; /* schema_vtab.c fills from the heap */
	if (strcmp(type, "table") == 0 && o->type != SS_OBJ_TABLE) {
		rc = ss__fail(in->err, SS_E_SQLITE, "unexpected definition of \"%s\"", raw_name);
		goto done;
	}
	if ((rc = object_identity(in, o, &ci, &q)) != 0)
		goto done;
	/* the canonical CREATE and its tokens, which the parts below read */
	/* a table's key remembers where its tokens went: its columns are copied out of it */
	int keep_spans = o->type == SS_OBJ_TABLE && !ci.is_virtual;
	if (keep_spans && toks->n > sizeof(stack_spans) / sizeof(stack_spans[0]) &&
	    (spans = ss__calloc(toks->n, sizeof(ss_norm_span))) == NULL) {
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (ss_sql_rewrite_lexed(&o->create_sql, o->arena, canon, sql, strlen(sql), toks, &ci,
				 q.name, q.target) != 0 ||
	    (o->norm = ss__object_norm(toks, &ci, q.ltarget, o->arena,
				       keep_spans ? spans : NULL)) == NULL) {
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (keep_spans) {
		/* by the canonical text's token index: its name span is one token */
		long name_from = ci.schema_tok >= 0 ? ci.schema_tok : ci.name_tok;
		size_t shift = (size_t)(ci.name_tok - name_from);
		assert(canon->n + shift == toks->n);
		for (size_t i = (size_t)name_from + 1; i < canon->n; i++)
			spans[i] = spans[i + shift];
	}
	ss_norm_view view = {o->norm, spans};
	rc = object_parts(in, o, raw_name, canon, &ci, keep_spans ? &view : NULL);
done:
	if (spans != stack_spans)
		ss_free(spans);
#if SS_PLANT_BUG == SS_BUG_UNPREFIX_WHOLE_TEXT
	ss_free(unprefixed);
#endif
	ss_create_info_clear(&ci);
	ss__arena_release(o->arena, q.name);
	ss__arena_release(o->arena, q.target);
	if (q.ltarget != q.target)
		ss__arena_release(o->arena, q.ltarget);
	return rc;
}

/* How many rows the catalog holds, into *n: the objects' array is made that size at once,
 * where doubling it copied it a dozen times and faulted in fresh pages each time. A failure
 * is the inspection's (an allocation SQLite could not make may have ended the caller's
 * transaction: going on would sync outside it). */
static int catalog_rows(inspector *in, size_t *n)
{
	sqlite3_stmt *st = NULL;
	char room[128];
	ss_buf b;
	int rc = 0;
	*n = 0;
	ss_buf_init_on(&b, room, sizeof(room));
	ss_buf_adds(&b, "SELECT count(*) FROM ");
	ss_buf_add_ident(&b, in->o->schema);
	ss_buf_adds(&b, ".sqlite_schema");
	if (b.failed)
		rc = ss__fail(in->err, SS_E_NOMEM, "out of memory");
	else if (sqlite3_prepare_v2(in->db, b.data, -1, &st, NULL) != SQLITE_OK ||
		 sqlite3_step(st) != SQLITE_ROW)
		rc = sqlite_fail(in, "counting the catalog");
	else if (sqlite3_column_int64(st, 0) > 0)
		*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	ss_buf_free(&b);
	return rc;
}

/* Build an object from each catalog row of rows into s. */
static int read_rows(inspector *in, ss_schema *s, sqlite3_stmt *rows)
{
	size_t cap;
	int rc = catalog_rows(in, &cap);
	if (rc != 0)
		return rc;
	if (cap > 0 && (s->objs = ss__malloc(cap * sizeof(ss_object))) == NULL)
		return ss__fail(in->err, SS_E_NOMEM, "out of memory");
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(rows, 0);
		const char *name = (const char *)sqlite3_column_text(rows, 1);
		const char *sql = (const char *)sqlite3_column_text(rows, 2);
		if (s->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			ss_object *v = ss__realloc(s->objs, nc * sizeof(*v));
			if (v == NULL)
				return ss__fail(in->err, SS_E_NOMEM, "out of memory");
			s->objs = v;
			cap = nc;
		}
		if (type != NULL && name != NULL && is_vtab_row(type, sql)) {
			size_t nsql = in->nvtabs;
			int rc2 = push_name(in, &in->vnames, &in->nvtabs, name);
			if (rc2 == 0)
				rc2 = push_name(in, &in->vsqls, &nsql, sql);
			if (rc2 != 0) {
				if (nsql < in->nvtabs) /* both lists are freed with one count */
					ss_free(in->vnames[--in->nvtabs]);
				return rc2;
			}
		}
		ss_object *obj = &s->objs[s->n];
		memset(obj, 0, sizeof(*obj));
		int r = build_object(in, obj, type ? type : "", name ? name : "", sql);
		if (r < 0) {
			ss__object_clear(obj);
			return r;
		}
		if (r == 1)
			ss__object_clear(obj);
		else
			s->n++;
	}
	if (rc != SQLITE_DONE)
		return sqlite_fail(in, "reading sqlite_schema");
	return in->nvtabs ? drop_shadow_tables(in, s) : 0;
}

int ss__schema_inspect(ss_schema **out, sqlite3 *db, const ss_inspect_opts *o, ss_error *err)
{
	ss_schema *s = ss__calloc(1, sizeof(*s));
	sqlite3_stmt *rows = NULL;
	inspector in = {db,   o,    NULL, err, NULL, {NULL, 0, 0, NULL}, {NULL, 0, 0, NULL},
			NULL, NULL, 0};
	int rc;
	char *q = NULL;
	ss_buf b;
	ss_buf_init(&b);
	*out = NULL;
	if (s == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	in.arena = &s->arena;
	ss_buf_adds(&b, "SELECT type, name, sql FROM ");
	ss_buf_add_ident(&b, o->schema);
	/* no WHERE: an IN list would probe a temporary index for every row (these four types
	 * are all SQLite writes; skipped_row drops anything else) */
	ss_buf_adds(&b, ".sqlite_schema");
	if ((q = ss_buf_detach(&b)) == NULL) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	if (sqlite3_prepare_v2(db, q, -1, &rows, NULL) != SQLITE_OK) {
		rc = sqlite_fail(&in, "reading the catalog");
		goto done;
	}
	if ((rc = read_rows(&in, s, rows)) == 0 && (rc = ss__schema_finish(s, err)) == 0) {
		*out = s;
		s = NULL;
	}
done:
	sqlite3_finalize(rows);
	sqlite3_finalize(in.xinfo);
	ss_tokens_free(&in.toks);
	ss_tokens_free(&in.canon);
	ss__strv_free(in.vnames, in.nvtabs);
	ss__strv_free(in.vsqls, in.nvtabs);
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
			     0,
			     0};
	if (out == NULL || db == NULL)
		return ss__fail(err, SS_E_MISUSE, "ss_schema_inspect: out and db are required");
	/* _cf_ names are Cloudflare's internals only where the profile is installed */
	o.skip_cf = ss__durable_object_installed(db);
	return ss__schema_inspect(out, db, &o, err);
}
