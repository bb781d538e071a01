/* SPDX-License-Identifier: MIT */
/*
 * The sync driver: validate the definitions, materialize them in a scratch area (an
 * attached in-memory database, or prefixed objects in main), inspect both sides, plan, and
 * apply the plan in one transaction through the caller's hook. The scratch area is cleaned
 * on success and on every failure path; a failed apply is rolled back whole.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct def_stmt {
	const char *z;
	size_t n;
	ss_tokens toks;
	ss_create_info ci;
	int materialize;        /* must be built in the scratch area */
	int autoinc_stripped;   /* prefix strategy: built without AUTOINCREMENT */
	const ss_object *reuse; /* or: identical to this live object */
} def_stmt;

typedef struct sync_ctx {
	sqlite3 *db;
	const ss_options *opts;
	const char *prefix;
	const char *const *excluded;
	size_t nexcluded;
	ss_error *err;
	ss_tokens all; /* the definitions' tokens; each def_stmt holds a slice */
	def_stmt *defs;
	size_t ndefs;
	ss_strategy strategy;
	char scratch[64];
} sync_ctx;

static double now_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void excerpt_of(char *dst, size_t cap, const char *z, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j + 4 < cap; i++)
		dst[j++] = (z[i] == '\n' || z[i] == '\r' || z[i] == '\t') ? ' ' : z[i];
	if (j + 4 >= cap) {
		memcpy(dst + j, "...", 3);
		j += 3;
	}
	dst[j] = 0;
}

static int map_sqlite_error(sqlite3 *db, int rc)
{
	const char *msg = sqlite3_errmsg(db);
	if ((rc & 0xff) == SQLITE_CONSTRAINT || strstr(msg, "constraint failed") != NULL)
		return SS_E_CONSTRAINT;
	if ((rc & 0xff) == SQLITE_NOMEM)
		return SS_E_NOMEM;
	return SS_E_SQLITE;
}

/* Run one statement to completion; rows are ignored. */
static int exec1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = SQLITE_OK;
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/*
 * A cleanup statement (ROLLBACK, DETACH, restoring a PRAGMA): retried, because a transient
 * failure (an allocation) must not leave a transaction open or a database attached.
 */
static int exec_cleanup(sqlite3 *db, const char *sql)
{
	int rc = SQLITE_OK;
	for (int attempt = 0; attempt < 3; attempt++) {
		if (strcmp(sql, "ROLLBACK") == 0 && sqlite3_get_autocommit(db))
			return SQLITE_OK;
		if ((rc = exec1(db, sql)) == SQLITE_OK)
			break;
	}
	return rc;
}

static int read_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	*out = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int(st, 0);
		rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- definitions ----------------------------------------------------------------------- */

static void defs_free(sync_ctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++)
		ss_create_info_clear(&c->defs[i].ci); /* toks are slices of c->all */
	ss_free(c->defs);
	ss_tokens_free(&c->all);
	c->defs = NULL;
	c->ndefs = 0;
}

/* Why a definition is refused before anything runs, or NULL. */
static const char *refusal(const sync_ctx *c, const def_stmt *d, int *code)
{
	const ss_create_info *ci = &d->ci;
	*code = SS_E_INVALID;
	for (size_t k = 0; k < d->toks.n; k++)
		if (d->toks.v[k].type == SS_TK_ILLEGAL)
			return "definitions: unrecognized token in";
	int bad_schema = 0;
	long qual[2] = {ci->schema_tok, ci->target_schema_tok};
	for (int k = 0; k < 2; k++) {
		if (qual[k] < 0)
			continue;
		char *q = ss_tok_ident(&d->toks.v[qual[k]]);
		if (q == NULL || ss_stricmp(q, "main") != 0)
			bad_schema = 1;
		ss_free(q);
	}
	if (ci->is_virtual) {
		*code = SS_E_UNSUPPORTED;
		return "virtual tables are not supported by schema sync:";
	}
	if (ci->is_temp)
		return "TEMP objects are not allowed:";
	/* SQLite rejects a qualified table in CREATE INDEX ... ON: so do both strategies (the
	 * rewrite would otherwise drop the qualifier and accept it) */
	if (ci->type == SS_OBJ_INDEX && ci->target_schema_tok >= 0)
		return "CREATE INDEX ... ON takes an unqualified table name:";
	if (bad_schema)
		return "only the main schema can be synced:";
	if (ci->as_select)
		return "CREATE TABLE ... AS SELECT is not allowed:";
	if (ss_strnicmp(ci->name, "sqlite_", 7) == 0)
		return "names starting with sqlite_ are reserved:";
	if (ss_strnicmp(ci->name, c->prefix, strlen(c->prefix)) == 0)
		return "names starting with the scratch prefix are reserved:";
	return NULL;
}

/*
 * Split and check every statement before anything is executed. The text is lexed once;
 * each definition's tokens are a slice of that one list.
 */
static int parse_definitions(sync_ctx *c, const char *text)
{
	ss_tok_range *ranges = NULL;
	size_t n = 0, len = strlen(text);
	int rc;
	if (len > SS_BUF_MAX)
		return ss__fail(c->err, SS_E_INVALID, "definitions: the text is over %zu bytes",
				(size_t)SS_BUF_MAX);
	if (ss_tokens_lex(&c->all, text, len) != 0)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	if ((rc = ss_sql_split_tokens(&ranges, &n, text, &c->all, c->err)) != 0)
		return rc;
	c->defs = ss__calloc(n ? n : 1, sizeof(def_stmt));
	if (c->defs == NULL) {
		ss_free(ranges);
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		def_stmt *d = &c->defs[c->ndefs++];
		size_t end_tok = ranges[i].first + ranges[i].count;
		d->toks.v = c->all.v + ranges[i].first;
		d->toks.n = ranges[i].count;
		d->z = d->toks.v[0].z;
		d->n = (size_t)((end_tok < c->all.n ? c->all.v[end_tok].z : text + len) - d->z);
		if ((rc = ss_sql_classify(&d->ci, &d->toks, c->err)) != 0)
			break;
		int code;
		const char *why = refusal(c, d, &code);
		if (why != NULL) {
			char ex[90];
			excerpt_of(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
			if (strstr(why, "scratch prefix") != NULL)
				rc = ss__fail(c->err, code,
					      "names starting with the scratch prefix \"%s\" are "
					      "reserved: %s",
					      c->prefix, ex);
			else
				rc = ss__fail(c->err, code, "%s %s", why, ex);
		}
	}
	ss_free(ranges);
	return rc;
}

/* ---- the unchanged-redeploy fast path ------------------------------------------------ */

static int excluded_name(const sync_ctx *c, const char *name)
{
	for (size_t i = 0; name && i < c->nexcluded; i++)
		if (ss_stricmp(c->excluded[i], name) == 0)
			return 1;
	return 0;
}

/* "type \x1f name \x1f normalized text", or NULL (and *skip) for excluded objects. */
static char *identity_key(const sync_ctx *c, const ss_tokens *toks, const ss_create_info *ci,
			  int *skip)
{
	*skip = excluded_name(c, ci->type == SS_OBJ_TABLE ? ci->name : ci->target);
	if (*skip)
		return NULL;
	ss_buf q, b;
	ss_buf_init(&q);
	ss_buf_init(&b);
	if (ci->target != NULL) {
		ss_buf_addc(&q, '"');
		for (const char *p = ci->target; *p; p++) {
			char ch = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
			if (ch == '"')
				ss_buf_addc(&q, '"');
			ss_buf_addc(&q, ch);
		}
		ss_buf_addc(&q, '"');
	}
	char *norm = (ci->target == NULL || !q.failed)
			     ? ss__object_norm(toks, ci, ci->target ? q.data : NULL)
			     : NULL;
	if (norm != NULL) {
		ss_buf_addc(&b, (char)('0' + (int)ci->type));
		ss_buf_addc(&b, '\x1f');
		ss_buf_adds(&b, ci->name);
		ss_buf_addc(&b, '\x1f');
		ss_buf_adds(&b, norm);
	}
	ss_free(norm);
	ss_buf_free(&q);
	return norm ? ss_buf_detach(&b) : (ss_buf_free(&b), NULL);
}

typedef struct live_row {
	char *name;
	char *sql;
	int ns; /* 0: tables, views, indexes; 1: triggers */
	int used;
} live_row;

static int cmp_live_row(const void *a, const void *b)
{
	const live_row *x = a, *y = b;
	if (x->ns != y->ns)
		return x->ns - y->ns;
	return strcmp(x->name, y->name);
}

/*
 * Is the live SQL exactly what SQLite stores for this definition? SQLite keeps "CREATE
 * <KIND> " followed by the statement's text from the object's name to its last token
 * (IF NOT EXISTS and the schema qualifier dropped). Equal bytes need no normalizing.
 */
static int stored_text_equal(const def_stmt *d, const char *live_sql)
{
	static const char *const head[] = {"", "CREATE TABLE ", "CREATE INDEX ", "CREATE VIEW ",
					   "CREATE TRIGGER "};
	const char *h = d->ci.is_unique_index ? "CREATE UNIQUE INDEX " : head[d->ci.type];
	size_t hn = strlen(h);
	const ss_token *nt = &d->toks.v[d->ci.name_tok];
	const ss_token *last = &d->toks.v[d->toks.n - 1];
	size_t rn = (size_t)(last->z + last->n - nt->z);
	return strncmp(live_sql, h, hn) == 0 && strlen(live_sql + hn) == rn &&
	       memcmp(live_sql + hn, nt->z, rn) == 0;
}

/*
 * Every redeploy syncs an unchanged schema, so that case must cost little more than
 * reading the catalog. Each definition is paired with the live object of its exact name;
 * when every pair holds the same statement (byte for byte as SQLite stores it, or else
 * after normalizing) and nothing else is live, the desired schema is the live one, which
 * SQLite has already validated: skip materializing. Any doubt (scratch leftovers, virtual
 * tables, unparsable live SQL) answers "not proven", and the full path decides.
 */
static int unchanged_fast_path(sync_ctx *c, int *unchanged)
{
	live_row *rows = NULL;
	size_t nrows = 0, cap = 0, ndefs = 0;
	sqlite3_stmt *st = NULL;
	int rc = 0, skip;
	size_t plen = strlen(c->prefix);
	*unchanged = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema",
			       -1, &st, NULL) != SQLITE_OK)
		return 0; /* not proven */
	for (;;) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW)
			goto done;
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		if (name == NULL || type == NULL)
			goto done;
		if (strncmp(name, c->prefix, plen) == 0)
			goto done; /* leftovers to clean: take the full path */
		if (ss_strnicmp(name, "sqlite_", 7) == 0 || ss_strnicmp(name, "_cf_", 4) == 0 ||
		    sql == NULL || excluded_name(c, tbl))
			continue;
		if (nrows == cap) {
			cap = cap ? cap * 2 : 64;
			live_row *v = ss__realloc(rows, cap * sizeof(live_row));
			if (v == NULL)
				goto done;
			rows = v;
		}
		live_row *r = &rows[nrows];
		r->ns = strcmp(type, "trigger") == 0;
		r->used = 0;
		r->name = ss__strdup(name);
		r->sql = r->name ? ss__strdup(sql) : NULL;
		if (r->sql == NULL) {
			ss_free(r->name);
			goto done;
		}
		nrows++;
	}
	if (nrows > 1)
		qsort(rows, nrows, sizeof(live_row), cmp_live_row);
	for (size_t i = 0; i < c->ndefs; i++) {
		const def_stmt *d = &c->defs[i];
		/* an excluded definition has no live twin that SQLite validated: let the full
		 * path build (and so check) it */
		if (excluded_name(c, d->ci.type == SS_OBJ_TABLE ? d->ci.name : d->ci.target))
			goto done;
		ndefs++;
		live_row probe = {(char *)d->ci.name, NULL, d->ci.type == SS_OBJ_TRIGGER, 0};
		live_row *r =
			nrows ? bsearch(&probe, rows, nrows, sizeof(live_row), cmp_live_row) : NULL;
		if (r == NULL || r->used)
			goto done;
		r->used = 1;
		if (stored_text_equal(d, r->sql))
			continue;
		/* formatting may differ: compare normalized */
		ss_tokens toks;
		ss_create_info ci;
		if (ss_tokens_lex(&toks, r->sql, strlen(r->sql)) != 0)
			goto done;
		int ok = ss_sql_classify(&ci, &toks, NULL) == 0 && !ci.is_virtual;
		char *lk = ok ? identity_key(c, &toks, &ci, &skip) : NULL;
		char *dk = lk ? identity_key(c, &d->toks, &d->ci, &skip) : NULL;
		int same = lk && dk && strcmp(lk, dk) == 0;
		ss_free(lk);
		ss_free(dk);
		ss_create_info_clear(&ci);
		ss_tokens_free(&toks);
		if (!same)
			goto done;
	}
	*unchanged = ndefs == nrows;
done:
	sqlite3_finalize(st);
	for (size_t i = 0; i < nrows; i++) {
		ss_free(rows[i].name);
		ss_free(rows[i].sql);
	}
	ss_free(rows);
	return rc;
}

typedef struct name_ref {
	char *lname;
	int ns; /* 0: tables, views, indexes; 1: triggers (SQLite's two namespaces) */
	size_t idx;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
	const name_ref *x = a, *y = b;
	if (x->ns != y->ns)
		return x->ns - y->ns;
	return strcmp(x->lname, y->lname);
}

static char *lower_copy(const char *s)
{
	char *r = ss__strdup(s);
	for (char *p = r; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return r;
}

static int choose_materialized(sync_ctx *c, const ss_schema *live)
{
	int rc = 0;
	name_ref *refs = ss__calloc(c->ndefs ? c->ndefs : 1, sizeof(name_ref));
	if (refs == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		refs[i].ns = d->ci.type == SS_OBJ_TRIGGER;
		refs[i].idx = i;
		refs[i].lname = lower_copy(d->ci.name);
		d->materialize = 1;
		d->reuse = NULL;
		if (refs[i].lname == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		if (excluded_name(c, d->ci.type == SS_OBJ_TABLE ? d->ci.name : d->ci.target))
			continue;
		const ss_object *o = ss__schema_find(live, d->ci.type, refs[i].lname);
		if (o == NULL || strcmp(o->name, d->ci.name) != 0)
			continue;
		if (d->ci.target != NULL && strcmp(d->ci.target, o->target) != 0)
			continue;
		ss_buf q;
		ss_buf_init(&q);
		if (d->ci.target != NULL)
			ss_buf_add_ident(&q, o->target_key);
		char *norm = q.failed ? NULL
				      : ss__object_norm(&d->toks, &d->ci,
							d->ci.target != NULL ? q.data : NULL);
		ss_buf_free(&q);
		if (norm == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		if (strcmp(norm, o->norm) == 0) {
			d->materialize = 0;
			d->reuse = o;
		}
		ss_free(norm);
	}
	if (c->ndefs > 1)
		qsort(refs, c->ndefs, sizeof(name_ref), cmp_name_ref);
	/* names defined twice go through SQLite, which rejects them or skips IF NOT EXISTS */
	for (size_t i = 1; i < c->ndefs; i++)
		if (cmp_name_ref(&refs[i - 1], &refs[i]) == 0)
			c->defs[refs[i - 1].idx].materialize = c->defs[refs[i].idx].materialize = 1;
	/* what a materialized index or trigger is ON is materialized with it */
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize || d->ci.target == NULL)
			continue;
		name_ref probe = {lower_copy(d->ci.target), 0, 0};
		if (probe.lname == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		name_ref *hit = bsearch(&probe, refs, c->ndefs, sizeof(name_ref), cmp_name_ref);
		ss_free(probe.lname);
		/* all definitions of that name (duplicates are adjacent) */
		for (name_ref *r = hit; r && r >= refs && cmp_name_ref(r, hit) == 0; r--)
			c->defs[r->idx].materialize = 1;
		for (name_ref *r = hit; r && r < refs + c->ndefs && cmp_name_ref(r, hit) == 0; r++)
			c->defs[r->idx].materialize = 1;
	}
done:
	for (size_t i = 0; i < c->ndefs; i++)
		ss_free(refs[i].lname);
	ss_free(refs);
	return rc;
}

/* Add the live models of the definitions that were not materialized (shared, not copied:
 * live outlives desired). */
static int adopt_reused(sync_ctx *c, ss_schema *desired)
{
	const ss_object **v = ss__calloc(c->ndefs ? c->ndefs : 1, sizeof(ss_object *));
	size_t n = 0;
	if (v == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	for (size_t i = 0; i < c->ndefs; i++)
		if (!c->defs[i].materialize && c->defs[i].reuse != NULL)
			v[n++] = c->defs[i].reuse;
	int rc = ss__schema_borrow(desired, v, n, c->err);
	ss_free(v);
	return rc;
}

/* ---- scratch areas --------------------------------------------------------------------- */

/*
 * Remove objects left in main by a crashed prefix-strategy sync. The name test is a literal
 * byte comparison: LIKE would treat '_' as a wildcard and match user tables. A prefixed
 * table holding rows is never a scratch leftover (scratch tables stay empty): stop.
 */
static int cleanup_prefixed(sync_ctx *c)
{
	static const char *const order[] = {"trigger", "view", "index", "table"};
	sqlite3_stmt *st = NULL;
	int rc;
#if SS_PLANT_BUG == SS_BUG_LIKE_CLEANUP
	const char *q = "SELECT type, name FROM main.sqlite_schema WHERE name LIKE ?1 || '%' AND "
			"type = ?2";
#else
	const char *q = "SELECT type, name FROM main.sqlite_schema WHERE substr(name, 1, "
			"length(?1)) = ?1 AND type = ?2";
#endif
	/* the common case, nothing to clean, costs one query */
	{
		int any = 0;
#if SS_PLANT_BUG == SS_BUG_LIKE_CLEANUP
		const char *probe =
			"SELECT count(*) FROM main.sqlite_schema WHERE name LIKE ?1 || '%'";
#else
		const char *probe = "SELECT count(*) FROM main.sqlite_schema WHERE substr(name, 1, "
				    "length(?1)) = ?1";
#endif
		rc = sqlite3_prepare_v2(c->db, probe, -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
			any = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
			rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_OK)
			return ss__fail(c->err, SS_E_SQLITE, "looking for scratch leftovers: %s",
					sqlite3_errmsg(c->db));
		if (!any)
			return 0;
	}
	for (size_t k = 0; k < 4; k++) {
		for (;;) {
			char *name = NULL;
			rc = sqlite3_prepare_v2(c->db, q, -1, &st, NULL);
			if (rc != SQLITE_OK)
				break;
			sqlite3_bind_text(st, 1, c->prefix, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, order[k], -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW)
				name = ss__strdup((const char *)sqlite3_column_text(st, 1));
			sqlite3_finalize(st);
			st = NULL;
			if (rc == SQLITE_DONE) {
				rc = SQLITE_OK;
				break;
			}
			if (rc != SQLITE_ROW)
				break;
			if (name == NULL)
				return ss__fail(c->err, SS_E_NOMEM, "out of memory");
			ss_buf b;
			ss_buf_init(&b);
			if (k == 3) {
				int rows = 0;
				ss_buf_adds(&b, "SELECT count(*) > 0 FROM main.");
				ss_buf_add_ident(&b, name);
				char *cq = ss_buf_detach(&b);
				rc = cq ? read_int(c->db, cq, &rows) : SQLITE_NOMEM;
				ss_free(cq);
				if (rc == SQLITE_OK && rows) {
					rc = ss__fail(
						c->err, SS_E_REFUSED,
						"table \"%s\" starts with the scratch prefix \"%s\" "
						"but holds rows, so it is not a scratch leftover; "
						"rename it or choose another scratch prefix",
						name, c->prefix);
					ss_free(name);
					return rc;
				}
			}
			ss_buf_printf(&b, "DROP %s IF EXISTS main.", order[k]);
			ss_buf_add_ident(&b, name);
			char *dq = ss_buf_detach(&b);
			rc = dq ? exec1(c->db, dq) : SQLITE_NOMEM;
			ss_free(dq);
			if (rc != SQLITE_OK) {
				int code = ss__fail(c->err, SS_E_SQLITE,
						    "removing scratch leftover \"%s\": %s", name,
						    sqlite3_errmsg(c->db));
				ss_free(name);
				return code;
			}
			ss_free(name);
		}
		if (rc != SQLITE_OK)
			return ss__fail(c->err, SS_E_SQLITE, "looking for scratch leftovers: %s",
					sqlite3_errmsg(c->db));
	}
	return 0;
}

static int create_definition(sync_ctx *c, const def_stmt *d, const char *sql)
{
	int rc = exec1(c->db, sql);
	if (rc == SQLITE_OK)
		return 0;
	char ex[90];
	excerpt_of(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	return ss__fail(c->err, SS_E_INVALID, "definition failed: %s: %s", ex,
			sqlite3_errmsg(c->db));
}

static int materialize_scratch_db(sync_ctx *c, ss_schema **out)
{
	static unsigned counter;
	ss_buf b;
	int rc = 0, attached = 0;
	ss_buf_init(&b);
	snprintf(c->scratch, sizeof(c->scratch), "ss_scratch_%u", ++counter);
	ss_buf_adds(&b, "ATTACH ':memory:' AS ");
	ss_buf_add_ident(&b, c->scratch);
	char *q = ss_buf_detach(&b);
	if (q == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	rc = exec1(c->db, q);
	ss_free(q);
	if (rc != SQLITE_OK)
		return ss__fail(
			c->err, SS_E_UNSUPPORTED,
			"scratch-db strategy: cannot attach a scratch database (%s); use the "
			"prefix strategy",
			sqlite3_errmsg(c->db));
	attached = 1;
	/* one transaction for all creations: one commit instead of one per statement */
	int in_txn = exec1(c->db, "BEGIN") == SQLITE_OK;
	rc = 0;
	for (size_t i = 0; i < c->ndefs && rc == 0; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize)
			continue;
		ss_buf_add_ident(&b, c->scratch);
		ss_buf_addc(&b, '.');
		ss_buf_add_ident(&b, d->ci.name);
		char *name = ss_buf_detach(&b);
		/* "ON main.t" resolves to the scratch schema's t only unqualified (as the prefix
		 * strategy's rewrite also drops it) */
		char *target = NULL;
		if (d->ci.target_schema_tok >= 0) {
			ss_buf_add_ident(&b, d->ci.target);
			target = ss_buf_detach(&b);
		}
		char *sql =
			name && (target || d->ci.target_schema_tok < 0)
				? ss_sql_rewrite_names(d->z, d->n, &d->toks, &d->ci, name, target)
				: NULL;
		ss_free(name);
		ss_free(target);
		if (sql == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			break;
		}
		rc = create_definition(c, d, sql);
		ss_free(sql);
	}
	if (rc == 0) {
		ss_inspect_opts io = {c->scratch,  c->prefix,    SS_PREFIX_SKIP,
				      c->excluded, c->nexcluded, 0};
		rc = ss__schema_inspect(out, c->db, &io, c->err);
	}
	/* the scratch content is thrown away: roll back (nothing to commit) */
	if (in_txn)
		exec_cleanup(c->db, "ROLLBACK");
	if (attached) {
		/* a fixed buffer: detaching must not depend on an allocation */
		char dq[96];
		snprintf(dq, sizeof(dq), "DETACH \"%s\"", c->scratch);
		int drc = exec_cleanup(c->db, dq);
		if (drc != SQLITE_OK && rc == 0) {
			rc = ss__fail(c->err, SS_E_SQLITE, "detaching the scratch database: %s",
				      sqlite3_errmsg(c->db));
			ss_schema_free(*out);
			*out = NULL;
		}
	}
	return rc;
}

/*
 * SQLite's rule for AUTOINCREMENT: the table's only key column, declared INTEGER, in a
 * rowid table, and no other column carries the keyword.
 */
static int autoincrement_allowed(const ss_object *t)
{
	const ss_column *key = NULL;
	for (size_t i = 0; i < t->ncols; i++) {
		const ss_column *col = &t->cols[i];
		if (col->pk > 1)
			return 0;
		if (col->pk == 1)
			key = col;
		if ((col->flags & SS_COL_AUTOINCREMENT) && col->pk != 1)
			return 0;
	}
	return !t->without_rowid && key != NULL && ss_stricmp(key->type, "integer") == 0;
}

static const ss_txn_hook default_hook;

/*
 * The prefixed objects are created inside the caller's transaction hook and rolled back,
 * so a crash can leave nothing behind; they are also dropped explicitly, for hooks that
 * cannot roll back (a caller's own outer transaction).
 */
static int materialize_prefix(sync_ctx *c, ss_schema **out)
{
	const ss_txn_hook *hook = c->opts->txn ? c->opts->txn : &default_hook;
	ss_error begin_err;
	int rc = 0;
	int in_txn = hook->begin(hook->ctx, c->db, &begin_err) == 0;
	for (size_t i = 0; i < c->ndefs && rc == 0; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize)
			continue;
		char *sql = ss_sql_prefix_rewrite(d->z, d->n, &d->toks, &d->ci, c->prefix);
		if (sql == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			break;
		}
		/* AUTOINCREMENT would make SQLite create sqlite_sequence in main: build the
		 * scratch copy without it (blanked in place) and restore it in the model */
		d->autoinc_stripped = 0;
		if (d->ci.type == SS_OBJ_TABLE) {
			ss_tokens st;
			if (ss_tokens_lex(&st, sql, strlen(sql)) != 0) {
				ss_free(sql);
				rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
				break;
			}
			for (size_t k = 0; k < st.n; k++)
				if (ss_tok_is(&st.v[k], "autoincrement")) {
					memset((char *)st.v[k].z, ' ', st.v[k].n);
					d->autoinc_stripped = 1;
				}
			ss_tokens_free(&st);
		}
		rc = create_definition(c, d, sql);
		ss_free(sql);
	}
	if (rc == 0) {
		ss_inspect_opts io = {"main",      c->prefix,    SS_PREFIX_ONLY,
				      c->excluded, c->nexcluded, 0};
		rc = ss__schema_inspect(out, c->db, &io, c->err);
	}
	for (size_t i = 0; rc == 0 && i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize || !d->autoinc_stripped)
			continue;
		char *key = lower_copy(d->ci.name);
		if (key == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			break;
		}
		ss_object *o = (ss_object *)ss__schema_find(*out, SS_OBJ_TABLE, key);
		ss_free(key);
		if (o == NULL)
			continue; /* excluded */
		/* the text SQLite stores: CREATE TABLE, then the name through the last token */
		const ss_token *nt = &d->toks.v[d->ci.name_tok];
		const ss_token *last = &d->toks.v[d->toks.n - 1];
		ss_buf q;
		ss_buf_init(&q);
		ss_buf_adds(&q, "CREATE TABLE ");
		ss_buf_add_ident(&q, d->ci.name);
		ss_buf_add(&q, nt->z + nt->n, (size_t)(last->z + last->n - (nt->z + nt->n)));
		char *create = ss_buf_detach(&q);
		rc = create ? ss__table_reparse(o, create, c->err)
			    : ss__fail(c->err, SS_E_NOMEM, "out of memory");
		ss_free(create);
		/* the keyword SQLite never saw: apply its rule here, with its message */
		if (rc == 0 && !autoincrement_allowed(o)) {
			char ex[90];
			excerpt_of(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
			rc = ss__fail(c->err, SS_E_INVALID,
				      "definition failed: %s: AUTOINCREMENT is only allowed on an "
				      "INTEGER PRIMARY KEY",
				      ex);
		}
	}
	if (in_txn)
		hook->rollback(hook->ctx, c->db);
	/* always clean, keeping the first error */
	ss_error cleanup_err;
	ss_error *keep = c->err;
	c->err = &cleanup_err;
	int crc = cleanup_prefixed(c);
	c->err = keep;
	if (crc != 0 && rc == 0) {
		ss__fail(c->err, crc, "%s", cleanup_err.message);
		rc = crc;
		ss_schema_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- applying -------------------------------------------------------------------------- */

static int default_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	if (exec1(db, "BEGIN IMMEDIATE") != SQLITE_OK)
		return ss__fail(err, SS_E_SQLITE, "BEGIN IMMEDIATE failed: %s", sqlite3_errmsg(db));
	return 0;
}

static int default_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	(void)ctx;
	int rc = exec1(db, "COMMIT");
	if (rc != SQLITE_OK)
		return ss__fail(err, map_sqlite_error(db, rc), "COMMIT failed: %s",
				sqlite3_errmsg(db));
	return 0;
}

static void default_rollback(void *ctx, sqlite3 *db)
{
	(void)ctx;
	exec_cleanup(db, "ROLLBACK");
}

static const ss_txn_hook default_hook = {default_begin, default_commit, default_rollback, NULL};

static int count_fk_violations(sqlite3 *db, int *out)
{
	return read_int(db, "SELECT count(*) FROM pragma_foreign_key_check", out);
}

/* "row 3 of \"c\" references missing \"p\"" for the first violation, into buf. */
static void first_fk_violation(sqlite3 *db, char *buf, size_t cap)
{
	sqlite3_stmt *st = NULL;
	buf[0] = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check "
			       "LIMIT 1",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, cap, "; first: row %lld of \"%s\" references a missing row of \"%s\"",
			 (long long)sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

static int apply_plan(sync_ctx *c, ss_plan *p)
{
	const ss_txn_hook *hook = c->opts->txn ? c->opts->txn : &default_hook;
	sqlite3 *db = c->db;
	int fk_on = 0, fk_switched = 0, fk_before = 0, rc;
	if (p->n == 0)
		return 0;
	if (read_int(db, "PRAGMA foreign_keys", &fk_on) != SQLITE_OK)
		return ss__fail(c->err, SS_E_SQLITE, "reading PRAGMA foreign_keys: %s",
				sqlite3_errmsg(db));
	if (fk_on && (p->touches_referenced || p->copies_rows)) {
		/* DROP TABLE of a referenced table deletes implicitly and fires ON DELETE actions
		 * in its children, even with defer_foreign_keys, and copying rows into a table
		 * whose parent is created later fails with "no such table": switch enforcement
		 * off (SQLite only honours that outside a transaction); foreign_key_check below
		 * still holds the result to the rules. */
		if (sqlite3_get_autocommit(db)) {
			int now = 1;
			exec1(db, "PRAGMA foreign_keys = OFF");
			read_int(db, "PRAGMA foreign_keys", &now);
			fk_switched = now == 0;
		}
		if (!fk_switched && p->referencing_rows)
			return ss__fail(
				c->err, SS_E_REFUSED,
				"refusing to rebuild or drop a table referenced by foreign keys "
				"of tables holding rows while enforcement is on and cannot be "
				"switched off (a transaction is open): SQLite's DROP TABLE "
				"would delete or change child rows");
	}
	if (fk_on && count_fk_violations(db, &fk_before) != SQLITE_OK) {
		rc = ss__fail(c->err, SS_E_SQLITE, "PRAGMA foreign_key_check: %s",
			      sqlite3_errmsg(db));
		goto restore;
	}
	if ((rc = hook->begin(hook->ctx, db, c->err)) != 0)
		goto restore;
	if (fk_on && !fk_switched)
		exec1(db, "PRAGMA defer_foreign_keys = ON");
	for (size_t i = 0; i < p->n; i++) {
		int src = exec1(db, ss_plan_statement(p, i));
		if (src != SQLITE_OK) {
			rc = ss__fail(c->err, map_sqlite_error(db, src), "statement failed: %s: %s",
				      ss_plan_statement(p, i), sqlite3_errmsg(db));
			hook->rollback(hook->ctx, db);
			goto restore;
		}
	}
	if (fk_on) {
		int after = 0;
		if (count_fk_violations(db, &after) != SQLITE_OK || after > fk_before) {
			char first[600];
			first_fk_violation(db, first, sizeof(first));
			rc = ss__fail(
				c->err, SS_E_CONSTRAINT,
				"FOREIGN KEY constraint failed: %d new violation(s) after the "
				"change%s",
				after - fk_before, first);
			hook->rollback(hook->ctx, db);
			goto restore;
		}
	}
	if ((rc = hook->commit(hook->ctx, db, c->err)) != 0) {
		hook->rollback(hook->ctx, db);
		goto restore;
	}
restore:
	if (fk_switched)
		exec_cleanup(db, "PRAGMA foreign_keys = ON");
	return rc;
}

/* ---- entry points ---------------------------------------------------------------------- */

static int run(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	       ss_error *err, int apply)
{
	ss_options defaults = SS_OPTIONS_INIT;
	ss_error local;
	sync_ctx c;
	ss_schema *live = NULL, *desired = NULL;
	ss_plan *p = NULL;
	int rc;
	double t0, t1, t_mat = 0, t_insp = 0;
	if (err == NULL)
		err = &local;
	err->code = 0;
	err->message[0] = 0;
	if (out)
		*out = NULL;
	if (db == NULL || definitions == NULL)
		return ss__fail(err, SS_E_MISUSE, "a database and definitions are required");
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != SS_OPTIONS_VERSION)
		return ss__fail(err, SS_E_MISUSE,
				"options were not initialized with SS_OPTIONS_INIT");
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.opts = opts;
	c.err = err;
	c.prefix = opts->scratch_prefix ? opts->scratch_prefix : SS_DEFAULT_SCRATCH_PREFIX;
	c.excluded = ss_default_excluded_tables(&c.nexcluded);
	if (opts->excluded_tables != NULL) {
		c.excluded = opts->excluded_tables;
		c.nexcluded = opts->excluded_count;
	}
	if (c.prefix[0] == 0)
		return ss__fail(err, SS_E_MISUSE, "the scratch prefix must not be empty");

	if ((rc = parse_definitions(&c, definitions)) != 0)
		goto done;

	c.strategy = opts->strategy;
	if (c.strategy == SS_STRATEGY_AUTO)
		c.strategy =
			(opts->profile == SS_PROFILE_DURABLE_OBJECT || !sqlite3_get_autocommit(db))
				? SS_STRATEGY_PREFIX
				: SS_STRATEGY_SCRATCH_DB;
	if (opts->profile == SS_PROFILE_DURABLE_OBJECT && c.strategy == SS_STRATEGY_SCRATCH_DB) {
		rc = ss__fail(err, SS_E_UNSUPPORTED,
			      "scratch-db strategy is not available under the durable-object "
			      "profile (ATTACH is forbidden); use prefix or auto");
		goto done;
	}

	t0 = now_usec();
	{
		int unchanged = 0;
		if ((rc = unchanged_fast_path(&c, &unchanged)) != 0)
			goto done;
		if (unchanged) {
			if ((p = ss__plan_new()) == NULL) {
				rc = ss__fail(err, SS_E_NOMEM, "out of memory");
				goto done;
			}
			p->strategy = c.strategy;
			p->usec[1] = now_usec() - t0;
			goto done;
		}
	}
	if ((rc = cleanup_prefixed(&c)) != 0)
		goto done;
	{
		/* the live side's column facts are read only for tables that differ */
		ss_inspect_opts io = {"main", c.prefix, SS_PREFIX_SKIP, c.excluded, c.nexcluded, 1};
		if ((rc = ss__schema_inspect(&live, db, &io, err)) != 0)
			goto done;
	}
	if ((rc = choose_materialized(&c, live)) != 0)
		goto done;
	t1 = now_usec();
	t_insp = t1 - t0;
	if (c.strategy == SS_STRATEGY_SCRATCH_DB) {
		rc = materialize_scratch_db(&c, &desired);
		if (rc == SS_E_UNSUPPORTED && opts->strategy == SS_STRATEGY_AUTO) {
			c.strategy = SS_STRATEGY_PREFIX;
			rc = materialize_prefix(&c, &desired);
		}
	} else {
		rc = materialize_prefix(&c, &desired);
	}
	if (rc == 0)
		rc = adopt_reused(&c, desired);
	/* The definitions' tokens are not needed past this point: free them before planning
	 * (at 10,000 tables they are a quarter of the engine's peak memory). */
	defs_free(&c);
	t_mat = now_usec() - t1;
	if (rc != 0)
		goto done;

	t0 = now_usec();
	ss_options popts = *opts;
	popts.strategy = c.strategy;
	popts.allow_destructive = 1; /* checked below, so the plan is returned either way */
	rc = ss_plan_between(&p, live, desired, db, &popts, err);
	if (rc != 0)
		goto done;
	p->strategy = c.strategy;
	p->usec[0] = t_mat;
	p->usec[1] = t_insp;
	p->usec[2] = now_usec() - t0;
	if (!opts->allow_destructive && p->destructive_summary != NULL) {
		rc = ss__fail(err, SS_E_DESTRUCTIVE,
			      "refusing destructive changes (allow destructive is off): %s",
			      p->destructive_summary);
		goto done;
	}
	if (apply) {
		t0 = now_usec();
		rc = apply_plan(&c, p);
		p->usec[3] = now_usec() - t0;
	}
done:
	defs_free(&c);
	ss_schema_free(live);
	ss_schema_free(desired);
	if (out)
		*out = p;
	else
		ss_plan_free(p);
	return rc;
}

int ss_plan_create(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
		   ss_error *err)
{
	if (out == NULL)
		return ss__fail(err, SS_E_MISUSE, "ss_plan_create: out is required");
	return run(out, db, definitions, opts, err, 0);
}

int ss_sync(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	    ss_error *err)
{
	return run(out, db, definitions, opts, err, 1);
}
