/* SPDX-License-Identifier: MIT */
/*
 * P1 converged. The schema oracle never calls the engine's inspector: a schema is judged
 * from raw PRAGMA output (table_list, table_xinfo, index_list, index_xinfo,
 * foreign_key_list), sqlite3_table_column_metadata (collation, AUTOINCREMENT) and the
 * harness' own normalizer over sqlite_schema text for what PRAGMAs do not show (CHECK,
 * generated expressions, DEFERRABLE, index / view / trigger definitions).
 *
 * Example: `CREATE TABLE "T"(a INT CHECK (a>0))` dumps as
 *   T T wr=0 strict=0
 *     C 0 a type=int notnull=0 dflt=- pk=0 hidden=0 coll=binary gen=-
 *     autoincrement=0
 *     K a > 0
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CREATE TABLE facts the PRAGMAs do not show -------------------------------------------- */

typedef struct tfacts {
	char **checks;
	size_t nchecks;
	char **gen_col, **gen_expr; /* lowercased column name -> normalized expression */
	size_t ngen;
	char **fk_from; /* "a,b" -> deferred flag */
	int *fk_deferred;
	size_t nfk;
} tfacts;

static void tfacts_free(tfacts *f)
{
	for (size_t i = 0; i < f->nchecks; i++)
		free(f->checks[i]);
	for (size_t i = 0; i < f->ngen; i++) {
		free(f->gen_col[i]);
		free(f->gen_expr[i]);
	}
	for (size_t i = 0; i < f->nfk; i++)
		free(f->fk_from[i]);
	free(f->checks);
	free(f->gen_col);
	free(f->gen_expr);
	free(f->fk_from);
	free(f->fk_deferred);
}

/* Index just past the parenthesized group starting at i (t->v[i] == "("). */
static size_t skip_group(const sh_strv *t, size_t i, size_t end)
{
	int d = 0;
	for (; i < end; i++) {
		if (!strcmp(t->v[i], "("))
			d++;
		else if (!strcmp(t->v[i], ")") && --d == 0)
			return i + 1;
	}
	return end;
}

static int is_constraint_word(const char *w)
{
	static const char *const k[] = {"constraint", "primary", "unique",  "check",   "foreign",
					"not",        "null",    "default", "collate", "references",
					"generated",  "as",      NULL};
	for (int i = 0; k[i]; i++)
		if (!strcmp(w, k[i]))
			return 1;
	return 0;
}

static void add_fk(tfacts *f, const sh_strv *t, size_t i, size_t end, const char *from)
{
	/* i is at "references": look for DEFERRABLE INITIALLY DEFERRED before the clause ends */
	int deferred = 0;
	for (size_t j = i + 1; j < end; j++) {
		if (!strcmp(t->v[j], "("))
			j = skip_group(t, j, end) - 1;
		else if (!strcmp(t->v[j], "deferrable")) {
			int neg = j > 0 && !strcmp(t->v[j - 1], "not");
			if (!neg && j + 2 < end && !strcmp(t->v[j + 1], "initially") &&
			    !strcmp(t->v[j + 2], "deferred"))
				deferred = 1;
			break;
		} else if (is_constraint_word(t->v[j]) && strcmp(t->v[j], "not"))
			break;
	}
	f->fk_from = sh_realloc(f->fk_from, (f->nfk + 1) * sizeof(char *));
	f->fk_deferred = sh_realloc(f->fk_deferred, (f->nfk + 1) * sizeof(int));
	f->fk_from[f->nfk] = sh_strdup(from);
	f->fk_deferred[f->nfk] = deferred;
	f->nfk++;
}

static void add_check(tfacts *f, const sh_strv *t, size_t open, size_t close)
{
	f->checks = sh_realloc(f->checks, (f->nchecks + 1) * sizeof(char *));
	f->checks[f->nchecks++] = sh_norm_join(t, open + 1, close - 1);
}

static char *unq(const char *normalized_ident)
{
	sh_tok k;
	size_t n = sh_token(normalized_ident, &k);
	return sh_ident_text(normalized_ident, n, k);
}

static void add_gen(tfacts *f, const sh_strv *t, const char *colname, size_t open, size_t close)
{
	f->gen_col = sh_realloc(f->gen_col, (f->ngen + 1) * sizeof(char *));
	f->gen_expr = sh_realloc(f->gen_expr, (f->ngen + 1) * sizeof(char *));
	f->gen_col[f->ngen] = sh_strdup(colname);
	f->gen_expr[f->ngen] = sh_norm_join(t, open + 1, close - 1);
	f->ngen++;
}

/* The columns of FOREIGN KEY ( ... ) [open, close) as "a,b" into from. */
static void fk_columns(char *from, size_t len, const sh_strv *t, size_t open, size_t close)
{
	from[0] = 0;
	for (size_t m = open + 1; m + 1 < close; m++) {
		if (!strcmp(t->v[m], ","))
			continue;
		char *u = unq(t->v[m]);
		size_t used = strlen(from);
		snprintf(from + used, len - used, "%s%s", used ? "," : "", u);
		free(u);
	}
}

/* One item of the table definition, tokens [i, j) at depth 0: a column or a constraint. */
static void item_facts(tfacts *f, const sh_strv *t, size_t i, size_t j)
{
	size_t a = i;
	if (a + 1 < j && !strcmp(t->v[a], "constraint"))
		a += 2;
	int table_level = a < j && (!strcmp(t->v[a], "primary") || !strcmp(t->v[a], "unique") ||
				    !strcmp(t->v[a], "check") || !strcmp(t->v[a], "foreign"));
	char *colname = (!table_level && i < j) ? unq(t->v[i]) : NULL;
	char from[512] = "";
	if (colname)
		snprintf(from, sizeof(from), "%s", colname);
	for (size_t k = table_level ? a : i + 1; k < j; k++) {
		const char *w = t->v[k];
		if (!strcmp(w, "check") && k + 1 < j && !strcmp(t->v[k + 1], "(")) {
			size_t close = skip_group(t, k + 1, j);
			add_check(f, t, k + 1, close);
			k = close - 1;
		} else if (!strcmp(w, "as") && colname && k + 1 < j && !strcmp(t->v[k + 1], "(")) {
			size_t close = skip_group(t, k + 1, j);
			add_gen(f, t, colname, k + 1, close);
			k = close - 1;
		} else if (!strcmp(w, "foreign") && k + 2 < j && !strcmp(t->v[k + 1], "key") &&
			   !strcmp(t->v[k + 2], "(")) {
			size_t close = skip_group(t, k + 2, j);
			fk_columns(from, sizeof(from), t, k + 2, close);
			k = close - 1;
		} else if (!strcmp(w, "references")) {
			add_fk(f, t, k, j, from);
		} else if (!strcmp(w, "(")) {
			k = skip_group(t, k, j) - 1;
		}
	}
	free(colname);
}

static void table_facts(tfacts *f, const char *sql)
{
	sh_strv t = {0};
	sh_norm_tokens(&t, sql ? sql : "");
	size_t i = 0;
	while (i < t.n && strcmp(t.v[i], "("))
		i++;
	size_t end = i < t.n ? skip_group(&t, i, t.n) - 1 : t.n; /* the closing paren */
	i++;
	while (i < end) {
		/* one item: [i, j) at depth 0 */
		size_t j = i;
		while (j < end && strcmp(t.v[j], ",")) {
			if (!strcmp(t.v[j], "("))
				j = skip_group(&t, j, end);
			else
				j++;
		}
		item_facts(f, &t, i, j);
		i = j + 1;
	}
	sh_strv_free(&t);
}

/* ---- the dump ------------------------------------------------------------------------------- */

static int is_internal(const char *name)
{
	return !sh_strnicmp(name, "sqlite_", 7) || !sh_strnicmp(name, "_cf_", 4);
}

static char *normalized_or_dash(const char *s)
{
	return s ? ss_oracle_normalize_sql(s) : sh_strdup("-");
}

static char *lower_dup(const char *s)
{
	char *d = sh_strdup(s ? s : "-");
	sh_lower_ascii(d);
	/* collapse whitespace runs: the declared type "DOUBLE  PRECISION" */
	char *w = d;
	for (char *r = d; *r; r++) {
		if (*r == ' ' && w > d && w[-1] == ' ')
			continue;
		*w++ = *r;
	}
	*w = 0;
	return d;
}

/*
 * Statements prepared once per dump and reused for every table (preparing the pragma
 * table-valued functions dominated the dump's cost). Keyed by the SQL literal's address;
 * cache_clear() at the end of each dump. One dump at a time per process.
 */
static struct {
	sqlite3 *db;
	const char *sql;
	sqlite3_stmt *st;
} g_cache[8];
static int g_ncache;

static sqlite3_stmt *cprep(sqlite3 *db, const char *sql)
{
	for (int i = 0; i < g_ncache; i++)
		if (g_cache[i].db == db && g_cache[i].sql == sql) {
			sqlite3_reset(g_cache[i].st);
			sqlite3_clear_bindings(g_cache[i].st);
			return g_cache[i].st;
		}
	sqlite3_stmt *st = sh_prepare(db, sql);
	if (st && g_ncache < 8) {
		g_cache[g_ncache].db = db;
		g_cache[g_ncache].sql = sql;
		g_cache[g_ncache++].st = st;
	}
	return st;
}

static void cache_clear(void)
{
	for (int i = 0; i < g_ncache; i++)
		sqlite3_finalize(g_cache[i].st);
	g_ncache = 0;
}

static void dump_indexes(sh_buf *b, sqlite3 *db, const char *table)
{
	sh_strv l = {0};
	sqlite3_stmt *st =
		cprep(db, "SELECT il.name, il.\"unique\", il.origin, il.partial, "
			  "s.sql FROM pragma_index_list(?1, 'main') il LEFT JOIN "
			  "main.sqlite_schema s ON s.type = 'index' AND s.name = il.name");
	if (!st) {
		sh_buf_printf(b, "  ! index_list failed: %s\n", sqlite3_errmsg(db));
		return;
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sh_buf e;
		sh_buf_init(&e);
		const char *name = sh_col_text(st, 0), *origin = sh_col_text(st, 2);
		char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 4));
		if (!strcmp(origin, "c"))
			sh_buf_printf(&e, "I %s", name);
		else
			sh_buf_printf(&e, "I <auto:%s>", origin);
		sh_buf_printf(&e, " unique=%s partial=%s sql=%s keys=", sh_col_text(st, 1),
			      sh_col_text(st, 3), strcmp(origin, "c") ? "-" : sql);
		free(sql);
		sqlite3_stmt *x = cprep(db, "SELECT seqno, cid, name, \"desc\", coll, key FROM "
					    "pragma_index_xinfo(?1, 'main') ORDER BY seqno");
		if (x) {
			sqlite3_bind_text(x, 1, name, -1, SQLITE_TRANSIENT);
			while (sqlite3_step(x) == SQLITE_ROW) {
				char *lc = lower_dup(sh_col_text(x, 4));
				sh_buf_printf(&e, "[%s %s %s d%s %s k%s]", sh_col_text(x, 0),
					      sh_col_text(x, 1), sh_col_text(x, 2),
					      sh_col_text(x, 3), lc, sh_col_text(x, 5));
				free(lc);
			}
			/* cached */
		}
		sh_strv_push(&l, sh_buf_take(&e));
	}
	/* cached */
	sh_strv_flush(&l, b, "  ");
}

static void dump_fks(sh_buf *b, sqlite3 *db, const char *table, const tfacts *f)
{
	sh_strv l = {0};
	sqlite3_stmt *st =
		cprep(db, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, "
			  "on_delete, \"match\" FROM pragma_foreign_key_list(?1, 'main') "
			  "ORDER BY id, seq");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	sh_buf e, from;
	sh_buf_init(&e);
	sh_buf_init(&from);
	int cur = -1;
	for (int rc = sqlite3_step(st);; rc = sqlite3_step(st)) {
		int id = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -2;
		if (id != cur && cur != -1) {
			/* finish the previous foreign key */
			int deferred = 0;
			char *lf = lower_dup(from.data ? from.data : "");
			for (size_t i = 0; i < f->nfk; i++) {
				char *ff = lower_dup(f->fk_from[i]);
				if (!strcmp(ff, lf))
					deferred = f->fk_deferred[i];
				free(ff);
			}
			free(lf);
			sh_buf_printf(&e, " deferred=%d", deferred);
			sh_strv_push(&l, sh_buf_take(&e));
			sh_buf_free(&from);
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			char *tbl = lower_dup(sh_col_text(st, 2));
			sh_buf_printf(&e, "F -> %s upd=%s del=%s match=%s:", tbl,
				      sh_col_text(st, 5), sh_col_text(st, 6), sh_col_text(st, 7));
			free(tbl);
			cur = id;
		}
		sh_buf_printf(&e, " %s->%s", sh_col_text(st, 3), sh_col_text(st, 4));
		if (from.len)
			sh_buf_addc(&from, ',');
		sh_buf_adds(&from, sh_col_text(st, 3));
	}
	sh_buf_free(&e);
	sh_buf_free(&from);
	/* cached */
	sh_strv_flush(&l, b, "  ");
}

static void dump_table(sh_buf *b, sqlite3 *db, const char *name, const char *sql, int wr,
		       int strict)
{
	tfacts f = {0};
	table_facts(&f, sql);
	sh_buf_printf(b, "T %s wr=%d strict=%d\n", name, wr, strict);
	sqlite3_stmt *st = cprep(db, "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
				     "FROM pragma_table_xinfo(?1, 'main') ORDER BY cid");
	int autoinc = 0;
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *col = sh_col_text(st, 1);
			const char *coll = NULL;
			int nn = 0, pk = 0, ai = 0;
			if (sqlite3_table_column_metadata(db, "main", name, col, NULL, &coll, &nn,
							  &pk, &ai) != SQLITE_OK)
				coll = "?";
			autoinc |= ai;
			char *type = lower_dup((const char *)sqlite3_column_text(st, 2));
			/* collation names are case-insensitive in SQLite */
			char *lcoll = lower_dup(coll ? coll : "-");
			char *dflt = normalized_or_dash((const char *)sqlite3_column_text(st, 4));
			const char *gen = "-";
			for (size_t i = 0; i < f.ngen; i++)
				if (!sh_stricmp(f.gen_col[i], col))
					gen = f.gen_expr[i];
			sh_buf_printf(
				b,
				"  C %s %s type=%s notnull=%s dflt=%s pk=%s hidden=%s coll=%s "
				"gen=%s\n",
				sh_col_text(st, 0), col, type, sh_col_text(st, 3), dflt,
				sh_col_text(st, 5), sh_col_text(st, 6), lcoll, gen);
			free(type);
			free(lcoll);
			free(dflt);
		}
		/* cached */
	}
	sh_buf_printf(b, "  autoincrement=%d\n", autoinc);
	sh_strv l = {0};
	for (size_t i = 0; i < f.nchecks; i++)
		sh_strv_push(&l, sh_strdup(f.checks[i]));
	sh_strv_flush(&l, b, "  K ");
	dump_fks(b, db, name, &f);
	dump_indexes(b, db, name);
	tfacts_free(&f);
}

char *ss_oracle_dump_schema(sqlite3 *db, const char *const *excluded, size_t excluded_count)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st = sh_prepare(
		db, "SELECT tl.name, tl.type, tl.wr, tl.strict, s.sql FROM "
		    "pragma_table_list tl JOIN main.sqlite_schema s ON s.name = tl.name AND "
		    "s.type IN ('table', 'view') WHERE tl.schema = 'main' ORDER BY tl.name");
	if (!st) {
		sh_buf_printf(&b, "! table_list failed: %s\n", sqlite3_errmsg(db));
		return sh_buf_take(&b);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = sh_col_text(st, 0), *type = sh_col_text(st, 1);
		if (is_internal(name) || sh_is_excluded(name, excluded, excluded_count))
			continue;
		if (!strcmp(type, "shadow"))
			continue; /* part of its virtual table */
		if (!strcmp(type, "view")) {
			char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 4));
			sh_buf_printf(&b, "V %s %s\n", name, sql);
			free(sql);
		} else if (!strcmp(type, "virtual")) {
			const char *raw = (const char *)sqlite3_column_text(st, 4);
			char *canon = sh_vtab_canon(raw ? raw : "");
			sh_buf_printf(&b, "%s %s\n", name, canon);
			free(canon);
		} else {
			dump_table(&b, db, name, (const char *)sqlite3_column_text(st, 4),
				   sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
		}
	}
	sqlite3_finalize(st);
	st = sh_prepare(db,
			"SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'trigger' "
			"ORDER BY name");
	if (st) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (sh_is_excluded(sh_col_text(st, 1), excluded, excluded_count))
				continue;
			char *tbl = lower_dup(sh_col_text(st, 1));
			char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 2));
			sh_buf_printf(&b, "R %s on %s %s\n", sh_col_text(st, 0), tbl, sql);
			free(tbl);
			free(sql);
		}
		sqlite3_finalize(st);
	}
	cache_clear();
	return sh_buf_take(&b);
}

/* ---- P1 ----------------------------------------------------------------------------------- */

void sh_oracle_p1_converged(sh_judge *x, sqlite3 *live)
{
	char msg[600];
	sh_checked(x, SS_P1);
	char *got = ss_oracle_dump_schema(live, x->c->config.excluded_tables,
					  x->c->config.excluded_count);
	if (strcmp(got, x->alone_schema)) {
		ss_oracle_diff(msg, sizeof(msg), got, x->alone_schema);
		sh_violate(x, SS_P1, "live schema differs from desired: %s", msg);
	}
	free(got);
}

/* A failure the reference migration (or the case) predicts. */
static int expected_failure(const sh_judge *x, int rc, int profile)
{
	if (!x->rows_ok || x->may_refuse || sh_refusal_expected(x))
		return 1;
	if (rc == SS_E_DESTRUCTIVE && !x->c->config.allow_destructive)
		return 1;
	if (rc == SS_E_REFUSED && profile)
		return 1;
	return 0;
}

/*
 * Failures a caller inside its own transaction must expect: ATTACH cannot run in a
 * transaction (scratch-db is unavailable), and foreign-key enforcement cannot be switched
 * off there, so a rebuild of a referenced table is refused (SPEC §4).
 */
static int caller_txn_failure(const sh_judge *x, int strategy, int rc)
{
	/* scratch-db: any error (SQLite's own ATTACH / DETACH errors included); P5 and P10
	 * still check that it changed nothing */
	const ss_case_config *k = &x->c->config;
	if (k->attach_limit && !k->profile && strategy == SS_STRATEGY_SCRATCH_DB)
		return 1; /* no room to attach the scratch database */
	if (!k->caller_txn || k->profile)
		return 0;
	return strategy == SS_STRATEGY_SCRATCH_DB || (k->foreign_keys && rc == SS_E_REFUSED);
}

void sh_oracle_p1_failure(sh_judge *x, int strategy, int profile, int rc, const char *message)
{
	/* scratch-db under the profile must fail (P7) */
	int expect_fail = (profile && strategy == SS_STRATEGY_SCRATCH_DB) ||
			  caller_txn_failure(x, strategy, rc);
	if (expect_fail || expected_failure(x, rc, profile) || x->c->expect_error)
		return;
	sh_checked(x, SS_P1);
	sh_violate(x, SS_P1, "sync failed although the rows fit the desired schema: %s: %s",
		   ss_error_name(rc), message);
}
