/* SPDX-License-Identifier: MIT */
/*
 * The unchanged-redeploy fast path. Every redeploy syncs an unchanged schema, so that case
 * must cost little more than reading the catalog: this file reads main's sqlite_schema
 * itself (no inspection, no materialization) and proves, definition by definition, that the
 * live schema already is the desired one. Any doubt answers "not proven" and the full path
 * decides; only a catalog SQLite cannot read (a lock, I/O) fails the sync here, so that a
 * locked database is waited for once, not once here and again by the full path.
 */
#include "sync.h"

#include <stdlib.h>
#include <string.h>

/* "type \x1f name \x1f normalized text", or NULL (and *skip) for excluded objects. */
static char *identity_key(const sync_ctx *c, const ss_tokens *toks, const ss_create_info *ci,
			  int *skip)
{
	*skip = ss__excluded_name(c, ci->type == SS_OBJ_TABLE ? ci->name : ci->target);
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
			     ? ss__object_norm(toks, ci, ci->target ? q.data : NULL, NULL, NULL)
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

/* The catalog rows a definition could be (tables, views, indexes, triggers), owned. */
typedef struct live_rows {
	live_row *v;
	size_t n, cap;
} live_rows;

static void live_rows_free(live_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		ss_free(rows->v[i].name);
		ss_free(rows->v[i].sql);
	}
	ss_free(rows->v);
}

/* Append a copy of one row. 0, or -1 without memory. */
static int live_rows_add(live_rows *rows, const char *type, const char *name, const char *sql)
{
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 64;
		live_row *v = ss__realloc(rows->v, cap * sizeof(live_row));
		if (v == NULL)
			return -1;
		rows->v = v;
		rows->cap = cap;
	}
	live_row *r = &rows->v[rows->n];
	r->ns = strcmp(type, "trigger") == 0;
	r->used = 0;
	r->name = ss__strdup(name);
	r->sql = r->name ? ss__strdup(sql) : NULL;
	if (r->sql == NULL) {
		ss_free(r->name);
		return -1;
	}
	rows->n++;
	return 0;
}

/* A failure to read the catalog: busy, locked, I/O are SQLite's error, reported at once (the
 * full path would only wait for the same lock again); no memory answers "not proven". */
static int read_failed(const sync_ctx *c, int src)
{
	if ((src & 0xff) == SQLITE_NOMEM)
		return 1;
	return ss__fail(c->err, SS_E_SQLITE, "reading the live schema: %s", sqlite3_errmsg(c->db));
}

/*
 * Read main's catalog into rows, without SQLite's internals, Cloudflare's (under the
 * durable-object profile) and the excluded tables. 0 when read; 1 "not proven": scratch
 * leftovers to clean (the full path removes them), an odd row or no memory; SS_E_SQLITE
 * when SQLite cannot read the catalog (a lock held elsewhere, I/O).
 */
static int read_live_rows(const sync_ctx *c, live_rows *rows)
{
	sqlite3_stmt *st = NULL;
	size_t plen = strlen(c->prefix);
	int verdict = 1;
	/* Cloudflare's internals, under the profile only */
	int skip_cf = c->opts->profile == SS_PROFILE_DURABLE_OBJECT;
	int src = sqlite3_prepare_v2(
		c->db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema", -1, &st, NULL);
	if (src != SQLITE_OK)
		return read_failed(c, src);
	for (;;) {
		src = sqlite3_step(st);
		if (src == SQLITE_DONE) {
			verdict = 0;
			break;
		}
		if (src != SQLITE_ROW) {
			verdict = read_failed(c, src);
			break;
		}
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		if (name == NULL || type == NULL)
			break;
		if (strncmp(name, c->prefix, plen) == 0)
			break; /* leftovers to clean: take the full path */
		if (ss_strnicmp(name, "sqlite_", 7) == 0 ||
		    (skip_cf && ss_strnicmp(name, "_cf_", 4) == 0) || sql == NULL ||
		    ss__excluded_name(c, tbl))
			continue;
		if (live_rows_add(rows, type, name, sql) != 0)
			break;
	}
	sqlite3_finalize(st);
	return verdict;
}

/* Is definition d the live object stored as live_sql, byte for byte or normalized? */
static int def_matches(const sync_ctx *c, const def_stmt *d, const char *live_sql)
{
	if (stored_text_equal(d, live_sql))
		return 1;
	/* formatting may differ: compare normalized */
	ss_tokens toks;
	ss_create_info ci;
	int skip;
	if (ss_tokens_lex(&toks, live_sql, strlen(live_sql)) != 0)
		return 0;
	int ok = ss_sql_classify(&ci, &toks, NULL) == 0 && !ci.is_virtual;
	char *lk = ok ? identity_key(c, &toks, &ci, &skip) : NULL;
	char *dk = lk ? identity_key(c, &d->toks, &d->ci, &skip) : NULL;
#if SS_PLANT_BUG == SS_BUG_FASTPATH_CASE_INSENSITIVE
	/* planted bug: SQL is case-insensitive, so the texts are compared that way too (but a
	 * literal's or a name's spelling is not) */
	int same = lk && dk && ss_stricmp(lk, dk) == 0;
#else
	int same = lk && dk && strcmp(lk, dk) == 0;
#endif
	ss_free(lk);
	ss_free(dk);
	ss_create_info_clear(&ci);
	ss_tokens_free(&toks);
	return same;
}

/*
 * Each definition is paired with the live object of its exact name; when every pair holds
 * the same statement (byte for byte as SQLite stores it, or else after normalizing) and
 * nothing else is live, the desired schema is the live one, which SQLite has already
 * validated: skip materializing. Any doubt (scratch leftovers, virtual tables, unparsable
 * live SQL) answers "not proven", and the full path decides. Only a catalog that SQLite
 * cannot read (locked by another connection, I/O) fails the sync here.
 */
int ss__unchanged_fast_path(sync_ctx *c, int *unchanged)
{
	live_rows rows = {NULL, 0, 0};
	size_t ndefs = 0;
	int rc = 0;
	*unchanged = 0;
	int verdict = read_live_rows(c, &rows);
	if (verdict != 0) {
		rc = verdict < 0 ? verdict : 0;
		goto done;
	}
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof(live_row), cmp_live_row);
	for (size_t i = 0; i < c->ndefs; i++) {
		const def_stmt *d = &c->defs[i];
		/* an excluded definition has no live twin that SQLite validated: let the full
		 * path build (and so check) it */
		if (ss__def_excluded(c, d))
			goto done;
		ndefs++;
		live_row probe = {d->ci.name, NULL, d->ci.type == SS_OBJ_TRIGGER, 0};
		live_row *r =
			rows.n ? bsearch(&probe, rows.v, rows.n, sizeof(live_row), cmp_live_row)
			       : NULL;
		if (r == NULL || r->used)
			goto done;
		r->used = 1;
		if (!def_matches(c, d, r->sql))
			goto done;
	}
	*unchanged = ndefs == rows.n;
done:
	live_rows_free(&rows);
	return rc;
}
