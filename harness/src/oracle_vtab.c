/* SPDX-License-Identifier: MIT */
/*
 * Virtual tables (FTS5, R*Tree) in the oracles, decided with the harness's own tokenizer
 * and SQLite, never with the engine's code:
 *
 *  - the P1 comparison text of a CREATE VIRTUAL TABLE (sh_vtab_canon): module, columns in
 *    order, FTS5 options sorted with their quotes, case and spelled-out defaults ignored, the
 *    prefix lengths as a set;
 *  - the SQL filter that keeps shadow tables out of the oracles' table lists (PRAGMA
 *    table_list says 'shadow'): they are part of their virtual table, never compared alone;
 *  - the rows oracle (sh_oracle_vtab, reported as P3): for each virtual table of the
 *    baseline that the desired schema keeps with the same module and that keeps its rows
 *    (own content, or the same external content table), the same rowids and, by name (FTS5)
 *    or by position (R*Tree), the same values; and the same answers to a few MATCH queries
 *    (FTS5, where tokenizer and the column's indexing are unchanged) and range queries
 *    (R*Tree) before and after.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the comparison text ----------------------------------------------------------------- */

static char *unquote_lower(const char *t, int fold)
{
	size_t n = strlen(t);
	char *s;
	if (n >= 2 && (t[0] == '\'' || t[0] == '"') && t[n - 1] == t[0]) {
		/* the quote doubled inside counts once */
		s = sh_strndup(t + 1, n - 2);
		char *w = s;
		for (char *r = s; *r; r++) {
			*w++ = *r;
			if (*r == t[0] && r[1] == t[0])
				r++;
		}
		*w = 0;
	} else {
		s = sh_strdup(t);
	}
	if (fold)
		sh_lower_ascii(s);
	return s;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static int is_default(const char *k, const char *v)
{
	return (!strcmp(k, "detail") && !strcmp(v, "full")) ||
	       (!strcmp(k, "columnsize") && !strcmp(v, "1")) ||
	       (!strcmp(k, "content_rowid") && !strcmp(v, "rowid"));
}

char *sh_vtab_canon(const char *sql)
{
	sh_strv t = {0}, opts = {0};
	sh_buf b;
	long prefixes[64];
	size_t np = 0;
	sh_buf_init(&b);
	sh_norm_tokens(&t, sql);
	size_t i = 0;
	while (i < t.n && strcmp(t.v[i], "using"))
		i++;
	if (i + 1 >= t.n) {
		sh_strv_free(&t);
		return sh_strdup(sql);
	}
	const char *module = t.v[i + 1];
	int fts = !strcmp(module, "fts5");
	sh_buf_printf(&b, "VT %s(", module);
	i += 2;
	if (i < t.n && !strcmp(t.v[i], "("))
		i++;
	int ncols = 0;
	while (i < t.n && strcmp(t.v[i], ")")) {
		size_t a = i;
		int depth = 0;
		while (i < t.n && (depth > 0 || (strcmp(t.v[i], ",") && strcmp(t.v[i], ")")))) {
			depth += !strcmp(t.v[i], "(") - !strcmp(t.v[i], ")");
			i++;
		}
		if (fts && i - a >= 2 && !strcmp(t.v[a + 1], "=")) {
			char *key = unquote_lower(t.v[a], 1);
			sh_buf v;
			sh_buf_init(&v);
			for (size_t k = a + 2; k < i; k++) {
				char *u = unquote_lower(t.v[k], strcmp(key, "tokenize") != 0);
				sh_buf_printf(&v, "%s%s", v.len ? " " : "", u);
				free(u);
			}
			char *val = sh_buf_take(&v);
			/* runs of spaces inside a quoted value */
			char *w = val;
			for (char *r = val; *r; r++)
				if (!(*r == ' ' && (w == val || w[-1] == ' ')))
					*w++ = *r;
			*w = 0;
			if (!strcmp(key, "prefix")) {
				for (char *p = val; *p;) {
					char *end;
					long n = strtol(p, &end, 10);
					if (end == p) {
						p++;
						continue;
					}
					if (np < 64)
						prefixes[np++] = n;
					p = end;
				}
			} else if (!is_default(key, val)) {
				sh_buf o;
				sh_buf_init(&o);
				sh_buf_printf(&o, "%s=%s", key, val);
				sh_strv_push(&opts, sh_buf_take(&o));
			}
			free(key);
			free(val);
		} else {
			char *col = sh_norm_join(&t, a, i);
			sh_buf_printf(&b, "%s%s", ncols++ ? ", " : "", col);
			free(col);
		}
		if (i < t.n && !strcmp(t.v[i], ","))
			i++;
	}
	sh_strv_sort(&opts);
	for (size_t k = 0; k < opts.n; k++)
		sh_buf_printf(&b, "; %s", opts.v[k]);
	if (np) {
		qsort(prefixes, np, sizeof(long), cmp_long);
		sh_buf_adds(&b, "; prefix=");
		for (size_t k = 0; k < np; k++)
			if (k == 0 || prefixes[k] != prefixes[k - 1])
				sh_buf_printf(&b, "%s%ld", k ? " " : "", prefixes[k]);
	}
	sh_buf_adds(&b, ")");
	sh_strv_free(&opts);
	sh_strv_free(&t);
	return sh_buf_take(&b);
}

void sh_shadow_tables(sh_strv *out, sqlite3 *db)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM pragma_table_list WHERE schema = "
					  "'main' AND type = 'shadow'");
	while (st && sqlite3_step(st) == SQLITE_ROW)
		sh_strv_push(out, sh_strdup(sh_col_text(st, 0)));
	sqlite3_finalize(st);
}

int sh_vtab_positional(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT sql FROM main.sqlite_schema WHERE type = 'table' "
					  "AND name = ?1 AND sql LIKE 'create virtual%'");
	int r = 0;
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char *canon = sh_vtab_canon(sh_col_text(st, 0));
			r = !strncmp(canon, "VT rtree", 8);
			free(canon);
		}
		sqlite3_finalize(st);
	}
	return r;
}

/* ---- the rows oracle ----------------------------------------------------------------------- */

/* What the oracle needs of one virtual table: module, columns (table_xinfo, hidden ones
 * left out), and the FTS5 options that decide what it keeps and how it answers. */
typedef struct vt_desc {
	char module[16];
	sh_strv cols;
	char *canon;
	int external, contentless;
	char content[128], tokenize[256], detail[16];
	sh_strv unindexed;
} vt_desc;

/* The value of option key in a canonical text ("" when absent). */
static void canon_option(const char *canon, const char *key, char *out, size_t len)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "; %s=", key);
	const char *p = strstr(canon, pat);
	out[0] = 0;
	if (!p)
		return;
	p += strlen(pat);
	size_t n = 0;
	while (p[n] && p[n] != ';' && !(p[n] == ')' && p[n + 1] == 0))
		n++;
	snprintf(out, len, "%.*s", (int)n, p);
}

/* Read virtual table name of db into d; 0 when it is not an FTS5 / R*Tree table there. */
static int vt_read(vt_desc *d, sqlite3 *db, const char *name)
{
	memset(d, 0, sizeof(*d));
	sqlite3_stmt *st = sh_prepare(db, "SELECT sql FROM main.sqlite_schema WHERE type = 'table' "
					  "AND name = ?1 AND sql LIKE 'create virtual%'");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		d->canon = sh_vtab_canon(sh_col_text(st, 0));
	sqlite3_finalize(st);
	if (!d->canon)
		return 0;
	sscanf(d->canon, "VT %15[a-z0-9_]", d->module);
	if (strcmp(d->module, "fts5") && strcmp(d->module, "rtree") &&
	    strcmp(d->module, "rtree_i32"))
		return 0;
	canon_option(d->canon, "content", d->content, sizeof(d->content));
	canon_option(d->canon, "tokenize", d->tokenize, sizeof(d->tokenize));
	canon_option(d->canon, "detail", d->detail, sizeof(d->detail));
	d->contentless = strstr(d->canon, "; content=;") || strstr(d->canon, "; content=)");
	d->external = d->content[0] != 0;
	st = sh_prepare(db, "SELECT name FROM pragma_table_xinfo(?1, 'main') WHERE hidden = 0 "
			    "ORDER BY cid");
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW)
			sh_strv_push(&d->cols, sh_strdup(sh_col_text(st, 0)));
		sqlite3_finalize(st);
	}
	/* UNINDEXED columns: the canonical column list says so */
	for (size_t k = 0; k < d->cols.n; k++) {
		char pat[300];
		char *low = sh_strdup(d->cols.v[k]);
		sh_lower_ascii(low);
		snprintf(pat, sizeof(pat), "%s unindexed", low);
		if (strstr(d->canon, pat))
			sh_strv_push(&d->unindexed, low);
		else
			free(low);
	}
	return 1;
}

static void vt_free(vt_desc *d)
{
	sh_strv_free(&d->cols);
	sh_strv_free(&d->unindexed);
	free(d->canon);
}

static int col_index(const sh_strv *cols, const char *name)
{
	for (size_t k = 0; k < cols->n; k++)
		if (!sh_stricmp(cols->v[k], name))
			return (int)k;
	return -1;
}

static int indexed(const vt_desc *d, const char *col)
{
	for (size_t k = 0; k < d->unindexed.n; k++)
		if (!sh_stricmp(d->unindexed.v[k], col))
			return 0;
	return 1;
}

/* Every row of query q on db as text, sorted. */
static char *answers(sqlite3 *db, const char *q, const char *bind)
{
	sh_buf b;
	sh_buf_init(&b);
	sqlite3_stmt *st = sh_prepare(db, q);
	if (!st) {
		sh_buf_printf(&b, "! %s", sqlite3_errmsg(db));
		return sh_buf_take(&b);
	}
	if (bind)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
	sh_strv rows = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sh_buf r;
		sh_buf_init(&r);
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			sh_buf_printf(&r, "%s%s", c ? "|" : "", v ? v : "NULL");
		}
		sh_strv_push(&rows, sh_buf_take(&r));
	}
	if (rc != SQLITE_DONE)
		sh_buf_printf(&b, "! %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sh_strv_flush(&rows, &b, "");
	sh_strv_free(&rows);
	return sh_buf_take(&b);
}

/* Compare one query's answers on pristine and live; report the first difference. */
static int same_answers(sh_judge *x, sqlite3 *live, const char *what, const char *qp,
			const char *ql, const char *bind)
{
	char *a = answers(x->pristine, qp, bind), *b = answers(live, ql, bind);
	int same = !strcmp(a, b);
	if (!same) {
		char diff[400];
		ss_oracle_diff(diff, sizeof(diff), b, a);
		sh_violate(x, SS_P3, "%s: %s%s%s (%s)", what, ql, bind ? " with " : "",
			   bind ? bind : "", diff);
	}
	free(a);
	free(b);
	return same;
}

/* FTS5: rows by rowid and common columns, then MATCH on words taken from the rows. */
static void check_fts(sh_judge *x, sqlite3 *live, const char *name, const vt_desc *p,
		      const vt_desc *l)
{
	sh_buf sp, sl, qp, ql, what;
	sh_buf_init(&sp);
	sh_buf_init(&sl);
	sh_buf_init(&what);
	for (size_t k = 0; k < p->cols.n; k++) {
		int j = col_index(&l->cols, p->cols.v[k]);
		if (j < 0)
			continue;
		sh_buf_adds(&sp, ", ");
		sh_buf_ident(&sp, p->cols.v[k]);
		sh_buf_adds(&sl, ", ");
		sh_buf_ident(&sl, l->cols.v[j]);
	}
	sh_buf_init(&qp);
	sh_buf_init(&ql);
	sh_buf_printf(&qp, "SELECT rowid%s FROM main.",
		      p->contentless ? ""
		      : sp.data      ? sp.data
				     : "");
	sh_buf_ident(&qp, name);
	sh_buf_printf(&ql, "SELECT rowid%s FROM main.",
		      l->contentless ? ""
		      : sl.data      ? sl.data
				     : "");
	sh_buf_ident(&ql, name);
	sh_buf_printf(&what, "virtual table %s: rows", name);
	int ok = same_answers(x, live, what.data, qp.data, ql.data, NULL);
	sh_buf_free(&qp);
	sh_buf_free(&ql);
	/* MATCH: the same words find the same rows, per column indexed on both sides */
	if (ok && !strcmp(p->tokenize, l->tokenize) && strcmp(p->detail, "none") &&
	    strcmp(l->detail, "none") && !p->contentless) {
		sqlite3_stmt *st = NULL;
		sh_buf wq;
		sh_buf_init(&wq);
		sh_buf_adds(&wq, "SELECT * FROM main.");
		sh_buf_ident(&wq, name);
		sh_buf_adds(&wq, " ORDER BY rowid LIMIT 4");
		st = sh_prepare(x->pristine, wq.data);
		sh_buf_free(&wq);
		int queries = 0;
		while (ok && st && queries < 6 && sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; ok && c < sqlite3_column_count(st) && queries < 6; c++) {
				const char *v = (const char *)sqlite3_column_text(st, c);
				const char *col = sqlite3_column_name(st, c);
				if (!v || !col || col_index(&l->cols, col) < 0 ||
				    !indexed(p, col) || !indexed(l, col))
					continue;
				/* the first word of letters and digits */
				char word[64];
				size_t n = 0;
				while (*v &&
				       !((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
					 (*v >= '0' && *v <= '9')))
					v++;
				while (n + 1 < sizeof(word) &&
				       ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
					(*v >= '0' && *v <= '9')))
					word[n++] = *v++;
				word[n] = 0;
				if (!n)
					continue;
				sh_buf m, a, bq;
				sh_buf_init(&m);
				sh_buf_init(&a);
				sh_buf_init(&bq);
				sh_buf_adds(&m, "{");
				sh_buf_ident(&m, col);
				sh_buf_printf(&m, "} : \"%s\"", word);
				sh_buf_adds(&a, "SELECT rowid FROM main.");
				sh_buf_ident(&a, name);
				sh_buf_adds(&a, " WHERE ");
				sh_buf_ident(&a, name);
				sh_buf_adds(&a, " MATCH ?1");
				ok = same_answers(x, live, "FTS5 MATCH", a.data, a.data, m.data);
				queries++;
				sh_buf_free(&m);
				sh_buf_free(&a);
				sh_buf_free(&bq);
			}
		}
		sqlite3_finalize(st);
	}
	sh_buf_free(&sp);
	sh_buf_free(&sl);
	sh_buf_free(&what);
}

/* R*Tree: rows by position (id and the common coordinates), then range queries on the
 * first dimension around a few rows' boxes. */
/* How many of an R*Tree's columns are the id and coordinates ("+aux" columns follow). */
static size_t coord_count(const char *canon)
{
	const char *p = strchr(canon, '(');
	size_t n = 0;
	while (p && *p && *p != ')') {
		p++;
		while (*p == ' ')
			p++;
		n += *p != '+' && *p != ')';
		while (*p && *p != ',' && *p != ')')
			p++;
	}
	return n;
}

static void check_rtree(sh_judge *x, sqlite3 *live, const char *name, const vt_desc *p,
			const vt_desc *l)
{
	size_t cp = coord_count(p->canon), cl = coord_count(l->canon);
	size_t n = cp < cl ? cp : cl;
	if (n > p->cols.n || n > l->cols.n)
		return;
	sh_buf qp, ql;
	sh_buf_init(&qp);
	sh_buf_init(&ql);
	sh_buf_adds(&qp, "SELECT ");
	sh_buf_adds(&ql, "SELECT ");
	for (size_t k = 0; k < n; k++) {
		sh_buf_adds(&qp, k ? ", " : "");
		sh_buf_ident(&qp, p->cols.v[k]);
		sh_buf_adds(&ql, k ? ", " : "");
		sh_buf_ident(&ql, l->cols.v[k]);
	}
	sh_buf_adds(&qp, " FROM main.");
	sh_buf_ident(&qp, name);
	sh_buf_adds(&ql, " FROM main.");
	sh_buf_ident(&ql, name);
	char what[300];
	snprintf(what, sizeof(what), "virtual table %s: rows", name);
	/* the coordinates the desired table keeps (a lost dimension is destructive, and
	 * rtree_i32 rounds: the module must match) */
	int ok = n >= 3 && same_answers(x, live, what, qp.data, ql.data, NULL);
	sh_buf_free(&qp);
	sh_buf_free(&ql);
	if (!ok)
		return;
	/* boxes overlapping [lo, hi] on the first dimension, for a few rows' extents */
	sh_buf bq;
	sh_buf_init(&bq);
	sh_buf_adds(&bq, "SELECT ");
	sh_buf_ident(&bq, p->cols.v[1]);
	sh_buf_adds(&bq, ", ");
	sh_buf_ident(&bq, p->cols.v[2]);
	sh_buf_adds(&bq, " FROM main.");
	sh_buf_ident(&bq, name);
	sh_buf_adds(&bq, " ORDER BY 1 LIMIT 3");
	sqlite3_stmt *st = sh_prepare(x->pristine, bq.data);
	sh_buf_free(&bq);
	while (ok && st && sqlite3_step(st) == SQLITE_ROW) {
		double lo = sqlite3_column_double(st, 0), hi = sqlite3_column_double(st, 1);
		sh_buf a, b;
		sh_buf_init(&a);
		sh_buf_init(&b);
		sh_buf_adds(&a, "SELECT ");
		sh_buf_ident(&a, p->cols.v[0]);
		sh_buf_adds(&a, " FROM main.");
		sh_buf_ident(&a, name);
		sh_buf_adds(&a, " WHERE ");
		sh_buf_ident(&a, p->cols.v[2]);
		sh_buf_printf(&a, " >= %.17g AND ", lo);
		sh_buf_ident(&a, p->cols.v[1]);
		sh_buf_printf(&a, " <= %.17g", hi);
		sh_buf_adds(&b, "SELECT ");
		sh_buf_ident(&b, l->cols.v[0]);
		sh_buf_adds(&b, " FROM main.");
		sh_buf_ident(&b, name);
		sh_buf_adds(&b, " WHERE ");
		sh_buf_ident(&b, l->cols.v[2]);
		sh_buf_printf(&b, " >= %.17g AND ", lo);
		sh_buf_ident(&b, l->cols.v[1]);
		sh_buf_printf(&b, " <= %.17g", hi);
		ok = same_answers(x, live, "R*Tree range query", a.data, b.data, NULL);
		sh_buf_free(&a);
		sh_buf_free(&b);
	}
	sqlite3_finalize(st);
}

void sh_oracle_vtab(sh_judge *x, sqlite3 *live)
{
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT name FROM main.sqlite_schema WHERE "
						   "type = 'table' AND sql LIKE 'create virtual%' "
						   "ORDER BY name");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = sh_col_text(st, 0);
		vt_desc p, l;
		if (sh_judge_excluded(x, name) || !vt_read(&p, x->pristine, name)) {
			vt_free(&p);
			continue;
		}
		int has_live = vt_read(&l, live, name);
		/* kept: the same module, and either both own their rows (FTS5 without content=,
		 * R*Tree) or both read the same external content table */
		int kept = has_live && !strcmp(p.module, l.module) && !p.contentless &&
			   !l.contentless && p.external == l.external &&
			   !strcmp(p.content, l.content);
		if (kept) {
			sh_checked(x, SS_P3);
			if (!strcmp(p.module, "fts5"))
				check_fts(x, live, name, &p, &l);
			else
				check_rtree(x, live, name, &p, &l);
		}
		vt_free(&p);
		vt_free(&l);
	}
	sqlite3_finalize(st);
}
