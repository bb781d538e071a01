/* SPDX-License-Identifier: MIT */
/*
 * The schema oracles. They never call the engine's inspector: a schema is judged from raw
 * PRAGMA output (table_list, table_xinfo, index_list, index_xinfo, foreign_key_list),
 * sqlite3_table_column_metadata (collation, AUTOINCREMENT) and the harness' own normalizer
 * over sqlite_schema text for what PRAGMAs do not show (CHECK, generated expressions,
 * DEFERRABLE, index / view / trigger definitions).
 *
 * Example: `CREATE TABLE "T"(a INT CHECK (a>0))` dumps as
 *   T T table=T wr=0 strict=0
 *   C 0 a type=int notnull=0 dflt=- pk=0 hidden=0 coll=BINARY gen=-
 *   K a > 0
 */
#include "hint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the normalizer ---------------------------------------------------------------------- */

static int plain_chars(const char *s)
{
	if (!s[0] || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || (unsigned char)*p >= 0x80))
			return 0;
	return 1;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

/* Normalized tokens of sql, as an array of malloc'd strings. */
typedef struct ntoks {
	char **v;
	size_t n, cap;
} ntoks;

static void ntoks_push(ntoks *t, char *s)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = sh_realloc(t->v, t->cap * sizeof(char *));
	}
	t->v[t->n++] = s;
}

static void ntoks_free(ntoks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
}

static char *norm_token(const char *s, size_t n, sh_tok k)
{
	if (k == SH_WORD || k == SH_QIDENT) {
		char *id = sh_ident_text(s, n, k);
		lower_ascii(id);
		if (k == SH_WORD || plain_chars(id))
			return id;
		sh_buf b;
		sh_buf_init(&b);
		sh_buf_ident(&b, id);
		free(id);
		return sh_buf_take(&b);
	}
	char *t = sh_strndup(s, n);
	if (k == SH_BLOB || k == SH_NUMBER)
		lower_ascii(t);
	return t;
}

static void tokenize(ntoks *out, const char *sql)
{
	const char *p = sql;
	for (;;) {
		sh_tok k;
		size_t n = sh_token(p, &k);
		if (k == SH_EOF || n == 0)
			break;
		if (k != SH_SPACE && k != SH_COMMENT)
			ntoks_push(out, norm_token(p, n, k));
		p += n;
	}
	/* CREATE ... IF NOT EXISTS: SQLite does not keep it in sqlite_schema either */
	for (size_t i = 1; i + 2 < out->n && i < 6; i++) {
		if (!strcmp(out->v[0], "create") && !strcmp(out->v[i], "if") &&
		    !strcmp(out->v[i + 1], "not") && !strcmp(out->v[i + 2], "exists")) {
			for (int j = 0; j < 3; j++)
				free(out->v[i + (size_t)j]);
			memmove(&out->v[i], &out->v[i + 3], (out->n - i - 3) * sizeof(char *));
			out->n -= 3;
			break;
		}
	}
}

/* A trigger's FOR EACH ROW is optional and means nothing else (SQLite has no other kind). */
static void drop_for_each_row(ntoks *t)
{
	if (t->n < 3 || strcmp(t->v[0], "create") != 0)
		return;
	int trigger = 0;
	for (size_t i = 1; i < t->n && i < 4; i++)
		if (!strcmp(t->v[i], "trigger"))
			trigger = 1;
	if (!trigger)
		return;
	for (size_t i = 0; i + 2 < t->n; i++) {
		if (!strcmp(t->v[i], "for") && !strcmp(t->v[i + 1], "each") &&
		    !strcmp(t->v[i + 2], "row")) {
			for (int j = 0; j < 3; j++)
				free(t->v[i + (size_t)j]);
			memmove(&t->v[i], &t->v[i + 3], (t->n - i - 3) * sizeof(char *));
			t->n -= 3;
			break;
		}
	}
}

static char *join(const ntoks *t, size_t a, size_t b)
{
	sh_buf out;
	sh_buf_init(&out);
	for (size_t i = a; i < b && i < t->n; i++) {
		if (i > a)
			sh_buf_addc(&out, ' ');
		sh_buf_adds(&out, t->v[i]);
	}
	return sh_buf_take(&out);
}

char *ss_oracle_normalize_sql(const char *sql)
{
	ntoks t = {0};
	tokenize(&t, sql ? sql : "");
	drop_for_each_row(&t);
	/* trailing semicolons do not count */
	while (t.n && !strcmp(t.v[t.n - 1], ";")) {
		free(t.v[t.n - 1]);
		t.n--;
	}
	char *s = join(&t, 0, t.n);
	ntoks_free(&t);
	return s;
}

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
static size_t skip_group(const ntoks *t, size_t i, size_t end)
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

static void add_fk(tfacts *f, const ntoks *t, size_t i, size_t end, const char *from)
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

static void add_check(tfacts *f, const ntoks *t, size_t open, size_t close)
{
	f->checks = sh_realloc(f->checks, (f->nchecks + 1) * sizeof(char *));
	f->checks[f->nchecks++] = join(t, open + 1, close - 1);
}

static char *unq(const char *normalized_ident)
{
	sh_tok k;
	size_t n = sh_token(normalized_ident, &k);
	return sh_ident_text(normalized_ident, n, k);
}

static void table_facts(tfacts *f, const char *sql)
{
	ntoks t = {0};
	tokenize(&t, sql ? sql : "");
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
		size_t a = i;
		if (a + 1 < j && !strcmp(t.v[a], "constraint"))
			a += 2;
		int table_level =
			a < j && (!strcmp(t.v[a], "primary") || !strcmp(t.v[a], "unique") ||
				  !strcmp(t.v[a], "check") || !strcmp(t.v[a], "foreign"));
		char *colname = (!table_level && i < j) ? unq(t.v[i]) : NULL;
		char from[512] = "";
		if (colname)
			snprintf(from, sizeof(from), "%s", colname);
		for (size_t k = table_level ? a : i + 1; k < j; k++) {
			const char *w = t.v[k];
			if (!strcmp(w, "check") && k + 1 < j && !strcmp(t.v[k + 1], "(")) {
				size_t close = skip_group(&t, k + 1, j);
				add_check(f, &t, k + 1, close);
				k = close - 1;
			} else if (!strcmp(w, "as") && colname && k + 1 < j &&
				   !strcmp(t.v[k + 1], "(")) {
				size_t close = skip_group(&t, k + 1, j);
				f->gen_col = sh_realloc(f->gen_col, (f->ngen + 1) * sizeof(char *));
				f->gen_expr =
					sh_realloc(f->gen_expr, (f->ngen + 1) * sizeof(char *));
				f->gen_col[f->ngen] = sh_strdup(colname);
				f->gen_expr[f->ngen] = join(&t, k + 2, close - 1);
				f->ngen++;
				k = close - 1;
			} else if (!strcmp(w, "foreign") && k + 2 < j &&
				   !strcmp(t.v[k + 1], "key") && !strcmp(t.v[k + 2], "(")) {
				size_t close = skip_group(&t, k + 2, j);
				from[0] = 0;
				for (size_t m = k + 3; m + 1 < close; m++) {
					if (!strcmp(t.v[m], ","))
						continue;
					char *u = unq(t.v[m]);
					size_t len = strlen(from);
					snprintf(from + len, sizeof(from) - len, "%s%s",
						 len ? "," : "", u);
					free(u);
				}
				k = close - 1;
			} else if (!strcmp(w, "references")) {
				add_fk(f, &t, k, j, from);
			} else if (!strcmp(w, "(")) {
				k = skip_group(&t, k, j) - 1;
			}
		}
		free(colname);
		i = j + 1;
	}
	ntoks_free(&t);
}

/* ---- dumps ---------------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct strlist {
	char **v;
	size_t n;
} strlist;

static void sl_push(strlist *l, char *s)
{
	l->v = sh_realloc(l->v, (l->n + 1) * sizeof(char *));
	l->v[l->n++] = s;
}

/* Sort, append each line to b, free. */
static void sl_flush(strlist *l, sh_buf *b, const char *indent)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < l->n; i++) {
		sh_buf_adds(b, indent);
		sh_buf_adds(b, l->v[i]);
		sh_buf_addc(b, '\n');
		free(l->v[i]);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int is_excluded(const char *name, const char *const *excl, size_t n)
{
	static const char *const def[] = {"sqlfu_migrations", "d1_migrations"};
	if (!excl) {
		excl = def;
		n = 2;
	}
	for (size_t i = 0; i < n; i++)
		if (!sh_stricmp(name, excl[i]))
			return 1;
	return 0;
}

static int is_internal(const char *name)
{
	return !sh_strnicmp(name, "sqlite_", 7) || !sh_strnicmp(name, "_cf_", 4);
}

static const char *ct(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "-";
}

static char *normalized_or_dash(const char *s)
{
	return s ? ss_oracle_normalize_sql(s) : sh_strdup("-");
}

static char *lower_dup(const char *s)
{
	char *d = sh_strdup(s ? s : "-");
	lower_ascii(d);
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
	strlist l = {0};
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
		const char *name = ct(st, 0), *origin = ct(st, 2);
		char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 4));
		if (!strcmp(origin, "c"))
			sh_buf_printf(&e, "I %s", name);
		else
			sh_buf_printf(&e, "I <auto:%s>", origin);
		sh_buf_printf(&e, " unique=%s partial=%s sql=%s keys=", ct(st, 1), ct(st, 3),
			      strcmp(origin, "c") ? "-" : sql);
		free(sql);
		sqlite3_stmt *x = cprep(db, "SELECT seqno, cid, name, \"desc\", coll, key FROM "
					    "pragma_index_xinfo(?1, 'main') ORDER BY seqno");
		if (x) {
			sqlite3_bind_text(x, 1, name, -1, SQLITE_TRANSIENT);
			while (sqlite3_step(x) == SQLITE_ROW) {
				char *lc = lower_dup(ct(x, 4));
				sh_buf_printf(&e, "[%s %s %s d%s %s k%s]", ct(x, 0), ct(x, 1),
					      ct(x, 2), ct(x, 3), lc, ct(x, 5));
				free(lc);
			}
			/* cached */
		}
		sl_push(&l, sh_buf_take(&e));
	}
	/* cached */
	sl_flush(&l, b, "  ");
}

static void dump_fks(sh_buf *b, sqlite3 *db, const char *table, const tfacts *f)
{
	strlist l = {0};
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
			sl_push(&l, sh_buf_take(&e));
			sh_buf_free(&from);
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			char *tbl = lower_dup(ct(st, 2));
			sh_buf_printf(&e, "F -> %s upd=%s del=%s match=%s:", tbl, ct(st, 5),
				      ct(st, 6), ct(st, 7));
			free(tbl);
			cur = id;
		}
		sh_buf_printf(&e, " %s->%s", ct(st, 3), ct(st, 4));
		if (from.len)
			sh_buf_addc(&from, ',');
		sh_buf_adds(&from, ct(st, 3));
	}
	sh_buf_free(&e);
	sh_buf_free(&from);
	/* cached */
	sl_flush(&l, b, "  ");
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
			const char *col = ct(st, 1);
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
				ct(st, 0), col, type, ct(st, 3), dflt, ct(st, 5), ct(st, 6), lcoll,
				gen);
			free(type);
			free(lcoll);
			free(dflt);
		}
		/* cached */
	}
	sh_buf_printf(b, "  autoincrement=%d\n", autoinc);
	strlist l = {0};
	for (size_t i = 0; i < f.nchecks; i++)
		sl_push(&l, sh_strdup(f.checks[i]));
	sl_flush(&l, b, "  K ");
	dump_fks(b, db, name, &f);
	dump_indexes(b, db, name);
	tfacts_free(&f);
}

char *ss_oracle_schema_dump(sqlite3 *db, const char *const *excluded, size_t excluded_count)
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
		const char *name = ct(st, 0), *type = ct(st, 1);
		if (is_internal(name) || is_excluded(name, excluded, excluded_count))
			continue;
		if (!strcmp(type, "view")) {
			char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 4));
			sh_buf_printf(&b, "V %s %s\n", name, sql);
			free(sql);
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
			if (is_excluded(ct(st, 1), excluded, excluded_count))
				continue;
			char *tbl = lower_dup(ct(st, 1));
			char *sql = normalized_or_dash((const char *)sqlite3_column_text(st, 2));
			sh_buf_printf(&b, "R %s on %s %s\n", ct(st, 0), tbl, sql);
			free(tbl);
			free(sql);
		}
		sqlite3_finalize(st);
	}
	cache_clear();
	return sh_buf_take(&b);
}

/* Every row of one table, sorted, each line "  row: v|v|v". */
void sh_dump_rows(sh_buf *b, sqlite3 *db, const char *table, int with_rowid);
/*
 * Once a table's largest rowid is 2^63 - 1, SQLite gives a row inserted without one a
 * random unused rowid: two correct syncs of the same case then differ in that value. Such
 * tables are dumped without the rowid and without an INTEGER PRIMARY KEY column (the
 * alias); every other column is still compared. Returns 1 when table is such a table.
 */
static int random_rowids(sh_buf *select, sqlite3 *db, const char *table)
{
	if (!sh_rowids_at_max(db, table))
		return 0;
	sqlite3_stmt *st = sh_prepare(
		db, "SELECT name, pk = 1 AND lower(type) = 'integer' AND (SELECT count(*) "
		    "FROM pragma_table_info(?1, 'main') WHERE pk > 0) = 1 "
		    "FROM pragma_table_info(?1, 'main') ORDER BY cid");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	int n = 0;
	sh_buf_adds(select, "SELECT ");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1))
			continue;
		if (n++)
			sh_buf_adds(select, ", ");
		sh_buf_ident(select, ct(st, 0));
	}
	sqlite3_finalize(st);
	if (n == 0)
		sh_buf_adds(select, "1");
	sh_buf_adds(select, " FROM main.");
	return 1;
}

void sh_dump_rows(sh_buf *b, sqlite3 *db, const char *table, int with_rowid)
{
	sh_buf q;
	sh_buf_init(&q);
	if (with_rowid && random_rowids(&q, db, table))
		sh_buf_adds(b, "  rowids: chosen at random by SQLite (largest is 2^63-1), not "
			       "compared\n");
	else
		sh_buf_adds(&q, with_rowid ? "SELECT rowid, * FROM main." : "SELECT * FROM main.");
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	sh_buf_free(&q);
	if (!st && with_rowid) {
		/* a WITHOUT ROWID table */
		sh_dump_rows(b, db, table, 0);
		return;
	}
	if (!st) {
		sh_buf_printf(b, "  ! cannot read %s: %s\n", table, sqlite3_errmsg(db));
		return;
	}
	strlist l = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sh_buf r;
		sh_buf_init(&r);
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				sh_buf_addc(&r, '|');
			sh_buf_value(&r, st, i);
		}
		sl_push(&l, sh_buf_take(&r));
	}
	if (rc != SQLITE_DONE)
		sh_buf_printf(b, "  ! reading %s: %s\n", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sl_flush(&l, b, "  row: ");
}

char *sh_full_dump(sqlite3 *db, int skip_prefixed);
char *ss_oracle_full_dump(sqlite3 *db)
{
	return sh_full_dump(db, 0);
}

/* flags: 1 leave out objects named with the scratch prefix (leftovers of a crashed sync,
 * which any sync, even a dry run, may clean up); 2 the schema only, no rows */
char *sh_full_dump(sqlite3 *db, int flags)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
			       "ORDER BY type, name");
	if (!st) {
		sh_buf_printf(&b, "! sqlite_schema failed: %s\n", sqlite3_errmsg(db));
		return sh_buf_take(&b);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* _cf_* are the durable-object profile's own tables (workerd's internals) */
		if (!sh_strnicmp(ct(st, 1), "_cf_", 4))
			continue;
		if ((flags & 1) && (!strncmp(ct(st, 1), "__sqlfu_sync_", 13) ||
				    !strncmp(ct(st, 2), "__sqlfu_sync_", 13)))
			continue;
		sh_buf_printf(&b, "%s %s on %s: %s\n", ct(st, 0), ct(st, 1), ct(st, 2), ct(st, 3));
		if (!strcmp(ct(st, 0), "table") &&
		    (!(flags & 2) || !strcmp(ct(st, 1), "sqlite_sequence")))
			sh_dump_rows(&b, db, ct(st, 1), 1);
	}
	sqlite3_finalize(st);
	return sh_buf_take(&b);
}

void ss_oracle_diff(char *buf, size_t len, const char *a, const char *b)
{
	const char *pa = a, *pb = b;
	size_t line = 1;
	while (*pa && *pa == *pb) {
		if (*pa == '\n')
			line++;
		pa++;
		pb++;
	}
	/* back to the start of the differing line */
	while (pa > a && pa[-1] != '\n') {
		pa--;
		pb--;
	}
	int la = (int)strcspn(pa, "\n"), lb = (int)strcspn(pb, "\n");
	snprintf(buf, len, "line %zu: expected <%.*s> got <%.*s>", line, lb > 300 ? 300 : lb, pb,
		 la > 300 ? 300 : la, pa);
}
