/* SPDX-License-Identifier: MIT */
/*
 * Validating the definitions before anything runs: the text is lexed once and split into
 * statements, each classified; anything but CREATE TABLE / INDEX / VIEW / TRIGGER in the
 * main schema is refused with a clear message (TEMP objects, virtual tables of modules
 * other than fts5 / rtree / rtree_i32, AS SELECT,
 * reserved names: sqlite_* and the scratch prefix). SQLite stays the last validator: a
 * definition it rejects when materialized fails as SS_E_INVALID too (ss__create_definition).
 */
#define _POSIX_C_SOURCE 200809L
#include "sync.h"

#include <stddef.h>
#include <string.h>

int ss__options_resolve(ss_options *out, const ss_options *opts, ss_error *err)
{
	static const ss_options defaults = SS_OPTIONS_INIT;
	*out = defaults;
	if (opts == NULL)
		return 0;
	if (opts->version == SS_OPTIONS_VERSION) {
		*out = *opts;
		return 0;
	}
	/* version 1 ended before allow_empty */
	if (opts->version == 1) {
		memcpy(out, opts, offsetof(ss_options, allow_empty));
		out->version = SS_OPTIONS_VERSION;
		return 0;
	}
	return ss__fail(err, SS_E_MISUSE, "options were not initialized with SS_OPTIONS_INIT");
}

int ss__ctx_init(sync_ctx *c, sqlite3 *db, const ss_options *opts, ss_error *err)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
	c->opts = opts;
	c->err = err;
	c->prefix = opts->scratch_prefix ? opts->scratch_prefix : SS_DEFAULT_SCRATCH_PREFIX;
	c->excluded = ss_default_excluded_tables(&c->nexcluded);
	if (opts->excluded_tables != NULL) {
		c->excluded = opts->excluded_tables;
		c->nexcluded = opts->excluded_count;
	}
	if (c->prefix[0] == 0)
		return ss__fail(err, SS_E_MISUSE, "the scratch prefix must not be empty");
	return 0;
}

void ss__excerpt(char *dst, size_t cap, const char *z, size_t n)
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

void ss__defs_free(sync_ctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++)
		ss_create_info_clear(&c->defs[i].ci); /* toks are slices of c->all */
	ss_free(c->defs);
	ss_tokens_free(&c->all);
	c->defs = NULL;
	c->ndefs = 0;
}

/* Does t name load_extension (bare or quoted: SQLite calls "load_extension"(...) too)?
 * -1 when that cannot be told (out of memory): never taken as "no". */
static int calls_load_extension(const ss_token *t)
{
	if (t->type == SS_TK_WORD)
		return ss_tok_is(t, "load_extension");
	if (t->type != SS_TK_QIDENT || t->n < 16 || t->n > 40)
		return 0;
	char *id = ss_tok_ident(t);
	if (id == NULL)
		return -1;
	int is = ss_stricmp(id, "load_extension") == 0;
	ss_free(id);
	return is;
}

static const char k_nomem[] = "out of memory while checking the definition:";
/* A virtual table's module must be one the engine models (FTS5, R*Tree): any other is
 * SS_E_UNSUPPORTED, naming the module. */
static int check_module(sync_ctx *c, const def_stmt *d)
{
	char ex[90];
	char *m = ss_tok_ident(&d->toks.v[d->ci.module_tok]);
	if (m == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	int rc = 0;
	if (!ss__vtab_module_supported(m)) {
		ss__excerpt(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
		rc = ss__fail(c->err, SS_E_UNSUPPORTED,
			      "virtual table module \"%s\" is not supported by schema sync (only "
			      "fts5, rtree and rtree_i32): %s",
			      m, ex);
	}
	ss_free(m);
	return rc;
}

/* Why a definition is refused before anything runs, or NULL. */
static const char *refusal(const sync_ctx *c, const def_stmt *d, int *code)
{
	const ss_create_info *ci = &d->ci;
	*code = SS_E_INVALID;
	for (size_t k = 0; k < d->toks.n; k++) {
		if (d->toks.v[k].type == SS_TK_ILLEGAL)
			return "definitions: unrecognized token in";
		/* a default, CHECK, generated column or trigger body calling load_extension()
		 * would load code when the sync copies rows (where the caller enabled it) */
		if (k + 1 < d->toks.n && d->toks.v[k + 1].type == SS_TK_PUNCT &&
		    d->toks.v[k + 1].z[0] == '(') {
			int le = calls_load_extension(&d->toks.v[k]);
			if (le < 0) {
				*code = SS_E_NOMEM;
				return k_nomem;
			}
			if (le)
				return "load_extension() is not allowed in definitions:";
		}
	}
	int bad_schema = 0;
	long qual[2] = {ci->schema_tok, ci->target_schema_tok};
	for (int k = 0; k < 2; k++) {
		if (qual[k] < 0)
			continue;
		char *q = ss_tok_ident(&d->toks.v[qual[k]]);
		if (q == NULL) {
			/* found by check --faults oom: "main" was refused as another schema */
			*code = SS_E_NOMEM;
			return k_nomem;
		}
		if (ss_stricmp(q, "main") != 0)
			bad_schema = 1;
		ss_free(q);
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
	/* Cloudflare's internals: off limits in a Durable Object, ordinary names elsewhere */
	if (c->opts->profile == SS_PROFILE_DURABLE_OBJECT &&
	    (ss_strnicmp(ci->name, "_cf_", 4) == 0 ||
	     (ci->target != NULL && ss_strnicmp(ci->target, "_cf_", 4) == 0)))
		return "names starting with _cf_ are reserved under the durable-object profile "
		       "(Cloudflare's internal tables):";
	if (ss_strnicmp(ci->name, c->prefix, strlen(c->prefix)) == 0)
		return "names starting with the scratch prefix are reserved:";
	return NULL;
}

/*
 * Split and check every statement before anything is executed. The text is lexed once;
 * each definition's tokens are a slice of that one list.
 */
int ss__defs_parse(sync_ctx *c, const char *text)
{
	ss_tok_range *ranges = NULL;
	size_t max_bytes = c->opts->max_definitions_bytes ? c->opts->max_definitions_bytes
							  : SS_DEFAULT_MAX_DEFINITIONS_BYTES;
	size_t max_stmts =
		c->opts->max_statements ? c->opts->max_statements : SS_DEFAULT_MAX_STATEMENTS;
	if (max_bytes > SS_BUF_MAX)
		max_bytes = SS_BUF_MAX;
	/* strnlen: a text far over the limit is not even measured to its end */
	size_t n = 0, len = strnlen(text, max_bytes + 1);
	int rc;
	if (len > max_bytes)
		return ss__fail(c->err, SS_E_INVALID,
				"definitions: the text is over the limit of %zu bytes "
				"(ss_options.max_definitions_bytes)",
				max_bytes);
	if (ss_tokens_lex(&c->all, text, len) != 0)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	if ((rc = ss_sql_split_tokens(&ranges, &n, text, &c->all, c->err)) != 0)
		return rc;
	if (n > max_stmts) {
		ss_free(ranges);
		return ss__fail(c->err, SS_E_INVALID,
				"definitions: %zu statements, over the limit of %zu "
				"(ss_options.max_statements); nothing was run",
				n, max_stmts);
	}
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
		if (d->ci.is_virtual && (rc = check_module(c, d)) != 0)
			break;
		int code;
		const char *why = refusal(c, d, &code);
		if (why != NULL) {
			char ex[90];
			ss__excerpt(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
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
	/* an empty text is far more often a failed `cat` than a wish to drop everything */
	if (rc == 0 && c->ndefs == 0 && !c->opts->allow_empty)
		rc = ss__fail(
			c->err, SS_E_INVALID,
			"definitions: no statement (the text is empty or holds only comments); "
			"refusing to sync to an empty schema, which drops every table: set "
			"allow_empty (CLI: --allow-empty) if that is what you want");
	return rc;
}

int ss_definitions_validate(const char *sql, const ss_options *opts, ss_error *err)
{
	ss_options resolved;
	sync_ctx c;
	ss_error local;
	if (err == NULL)
		err = &local;
	err->code = 0;
	err->message[0] = 0;
	if (sql == NULL)
		return ss__fail(err, SS_E_MISUSE, "ss_definitions_validate: sql is required");
	int rc = ss__options_resolve(&resolved, opts, err);
	if (rc == 0)
		rc = ss__ctx_init(&c, NULL, &resolved, err);
	if (rc != 0)
		return rc;
	rc = ss__defs_parse(&c, sql);
	ss__defs_free(&c);
	return rc;
}

int ss__excluded_name(const sync_ctx *c, const char *name)
{
	for (size_t i = 0; name && i < c->nexcluded; i++)
		if (ss_stricmp(c->excluded[i], name) == 0)
			return 1;
	return 0;
}

int ss__def_excluded(const sync_ctx *c, const def_stmt *d)
{
	return ss__excluded_name(c, d->ci.type == SS_OBJ_TABLE ? d->ci.name : d->ci.target);
}

/* Does SQLite's refusal of a CREATE say something about the definition (a parse or name
 * error, a limit, an authorizer denial under the profile), rather than about the database
 * (busy, locked, read-only, I/O, corrupt, full)? */
static int definition_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_ERROR:
	case SQLITE_AUTH:
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
	case SQLITE_MISMATCH:
	case SQLITE_CONSTRAINT:
		return 1;
	default:
		return 0;
	}
}

int ss__create_definition(sync_ctx *c, const def_stmt *d, const char *sql)
{
	int rc = ss__exec1(c->db, sql);
	if (rc == SQLITE_OK)
		return 0;
	char ex[90];
	ss__excerpt(ex, sizeof(ex), d->z, d->n > 80 ? 80 : d->n);
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	if (!definition_error(rc))
		return ss__fail(c->err, SS_E_SQLITE, "building the definitions failed: %s: %s", ex,
				sqlite3_errmsg(c->db));
	return ss__fail(c->err, SS_E_INVALID, "definition failed: %s: %s", ex,
			sqlite3_errmsg(c->db));
}
