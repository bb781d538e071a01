/* SPDX-License-Identifier: MIT */
/*
 * Running one case and checking the properties of SPEC §5 on it. The case is built into a
 * pristine database once; each strategy runs on a byte-for-byte copy (sqlite3_backup). The
 * expectations come from SQLite itself, never from the engine:
 *  - the desired schema built alone in a fresh database is the P1 reference;
 *  - a "reference migration" (desired tables created fresh, the baseline rows copied into
 *    the kept columns with their rowids, then indexes / views / triggers created) says
 *    which rows the desired schema holds (P3) and whether the rows fit it at all: when they
 *    do not, a failed sync is expected and must be atomic (P5).
 */
#include "hint.h"

#include "schemasync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sh_dump_rows(sh_buf *b, sqlite3 *db, const char *table, int with_rowid);
char *sh_full_dump(sqlite3 *db, int flags);

const char *ss_property_name(int p)
{
	static const char *const n[] = {"-",  "P1", "P2", "P3", "P4",    "P5",
					"P6", "P7", "P8", "P9", "output"};
	return (p > 0 && p < SS_PROP_COUNT) ? n[p] : "?";
}

void ss_result_clear(ss_result *res)
{
	free(res->plan_sql);
	free(res->error);
	memset(res, 0, sizeof(*res));
}

typedef struct ctx {
	const ss_case *c;
	ss_result *res;
	int flags;
	sqlite3 *pristine, *alone, *ref;
	char *pristine_full;
	char *pristine_skip; /* full dump without prefixed objects */
	char *alone_schema;
	int rows_ok;       /* SQLite accepts the baseline rows in the desired schema */
	int fk_ok;         /* ...and their foreign keys */
	int fk_only;       /* rows_ok is 0 for a foreign-key reason only */
	int fk_dirty;      /* the baseline rows already violate a foreign key */
	int fk_check_fail; /* foreign_key_check of the reference is not empty */
	int may_refuse;    /* a new key or NOT NULL column: the engine refuses to invent data */
	char why[512];     /* why the rows do not fit, for messages */
	/* integrity_check of the pristine and reference databases: SQLite 3.40 reports a false
	 * "NULL value in t.c" for some WITHOUT ROWID tables; the same message on the reference
	 * is SQLite's, not the engine's */
	char pristine_ic[300], ref_ic[300];
	const char *label; /* strategy / profile of the current run, for messages */
} ctx;

static void violate(ctx *x, int p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void violate(ctx *x, int p, const char *fmt, ...)
{
	x->res->failed |= 1u << p;
	if (x->res->violated)
		return;
	x->res->violated = p;
	int n = snprintf(x->res->detail, sizeof(x->res->detail), "[%s] ", x->label);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(x->res->detail))
		vsnprintf(x->res->detail + n, sizeof(x->res->detail) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void checked(ctx *x, int p)
{
	x->res->checked |= 1u << p;
}

static const char *const *excl_list(const ss_case *c, size_t *n)
{
	*n = c->excluded_count;
	return c->excluded ? (const char *const *)c->excluded : NULL;
}

static int is_excluded(const ss_case *c, const char *name)
{
	static const char *const def[] = {"sqlfu_migrations", "d1_migrations"};
	size_t n;
	const char *const *e = excl_list(c, &n);
	if (!e) {
		e = def;
		n = 2;
	}
	for (size_t i = 0; i < n; i++)
		if (!sh_stricmp(name, e[i]))
			return 1;
	return 0;
}

static sqlite3 *copy_db(sqlite3 *src)
{
	sqlite3 *dst = sh_open_memory();
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk) {
		sqlite3_backup_step(bk, -1);
		sqlite3_backup_finish(bk);
	}
	return dst;
}

/* ---- table descriptions read with PRAGMAs ---------------------------------------------- */

typedef struct tcol {
	char *name, *type, *dflt;
	int pk, hidden, notnull;
} tcol;

typedef struct tdesc {
	char *name;
	tcol *cols;
	int ncols;
	int wr, alias; /* WITHOUT ROWID; has an INTEGER PRIMARY KEY rowid alias */
	int autoinc;
} tdesc;

static void tdesc_free(tdesc *t)
{
	for (int i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].type);
		free(t->cols[i].dflt);
	}
	free(t->cols);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

static char *dupcol(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? sh_strdup(s) : NULL;
}

static void describe(tdesc *t, sqlite3 *db, const char *name, int wr)
{
	memset(t, 0, sizeof(*t));
	t->name = sh_strdup(name);
	t->wr = wr;
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT name, type, dflt_value, pk, hidden, \"notnull\" FROM "
			       "pragma_table_xinfo(?1, 'main') ORDER BY cid");
	int npk = 0, intpk = 0;
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			t->cols = sh_realloc(t->cols, (size_t)(t->ncols + 1) * sizeof(tcol));
			tcol *c = &t->cols[t->ncols++];
			c->name = dupcol(st, 0);
			c->type = dupcol(st, 1);
			c->dflt = dupcol(st, 2);
			c->pk = sqlite3_column_int(st, 3);
			c->hidden = sqlite3_column_int(st, 4);
			c->notnull = sqlite3_column_int(st, 5);
			if (!c->name)
				c->name = sh_strdup("");
			if (c->pk) {
				npk++;
				intpk = c->type && !sh_stricmp(c->type, "integer");
				int ai = 0;
				sqlite3_table_column_metadata(db, "main", name, c->name, NULL, NULL,
							      NULL, NULL, &ai);
				t->autoinc |= ai;
			}
		}
		sqlite3_finalize(st);
	}
	if (!wr && npk == 1 && intpk) {
		/* INTEGER PRIMARY KEY DESC is not an alias: it gets an automatic index */
		t->alias = 1;
		st = sh_prepare(db,
				"SELECT 1 FROM pragma_index_list(?1, 'main') WHERE origin = 'pk'");
		if (st) {
			sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW)
				t->alias = 0;
			sqlite3_finalize(st);
		}
	}
}

static tcol *tcol_find(tdesc *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

/* Tables of main (name, wr), not internal. */
typedef struct tlist {
	char **names;
	int *wr;
	int n;
} tlist;

static void tlist_read(tlist *l, sqlite3 *db)
{
	memset(l, 0, sizeof(*l));
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' "
			       "AND type = 'table' ORDER BY name");
	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		if (!n || !sh_strnicmp(n, "sqlite_", 7) || !sh_strnicmp(n, "_cf_", 4))
			continue;
		l->names = sh_realloc(l->names, (size_t)(l->n + 1) * sizeof(char *));
		l->wr = sh_realloc(l->wr, (size_t)(l->n + 1) * sizeof(int));
		l->names[l->n] = sh_strdup(n);
		l->wr[l->n++] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
}

static void tlist_free(tlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->wr);
}

static int tlist_find(const tlist *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!sh_stricmp(l->names[i], name))
			return i;
	return -1;
}

/* ---- the reference migration ------------------------------------------------------------ */

/* Columns P3 compares for desired table d given baseline table b (NULL: new table). */
static void compared_cols(sh_buf *sel, tdesc *d, tdesc *b, const char *skip, int *with_rowid)
{
	*with_rowid = b && !b->wr && !d->wr && !d->alias;
	int first = 1;
	if (*with_rowid) {
		sh_buf_adds(sel, "rowid");
		first = 0;
	}
	for (int i = 0; i < d->ncols; i++) {
		tcol *c = &d->cols[i];
		if (c->hidden || (skip && !sh_stricmp(c->name, skip)))
			continue;
		/* a generated column that becomes a plain one: whether it keeps the computed
		 * values or starts from its default is not specified; not compared */
		tcol *o = b ? tcol_find(b, c->name) : NULL;
		if (o && o->hidden)
			continue;
		if (c->dflt && (strstr(c->dflt, "CURRENT_") || strstr(c->dflt, "current_") ||
				sh_strnicmp(c->dflt, "current", 7) == 0))
			continue; /* time-dependent */
		if (!first)
			sh_buf_adds(sel, ", ");
		first = 0;
		sh_buf_ident(sel, c->name);
	}
	if (first)
		sh_buf_adds(sel, "1");
}

static void exec_schema_objects(ctx *x, sqlite3 *dst, const char *types_sql)
{
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_printf(&q,
		      "SELECT sql, type, name FROM main.sqlite_schema WHERE sql IS NOT NULL "
		      "AND type IN (%s) AND name NOT LIKE 'sqlite\\_%%' ESCAPE '\\' "
		      "ORDER BY rowid",
		      types_sql);
	sqlite3_stmt *st = sh_prepare(x->alone, q.data);
	sh_buf_free(&q);
	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char err[300];
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		if (sh_exec(dst, sql, err, sizeof(err)) != SQLITE_OK && x->rows_ok) {
			x->rows_ok = 0;
			snprintf(x->why, sizeof(x->why), "creating %s %s over the rows: %s",
				 sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), err);
		}
	}
	sqlite3_finalize(st);
}

/* Copy the baseline rows of b (pristine) into d (ref) on the kept columns. */
static void ref_copy(ctx *x, tdesc *d, tdesc *b)
{
	sh_buf sel, ins;
	sh_buf_init(&sel);
	sh_buf_init(&ins);
	int with_rowid = !b->wr && !d->wr && !d->alias;
	int n = 0;
	sh_buf_adds(&sel, with_rowid ? "SELECT rowid" : "SELECT NULL");
	sh_buf_adds(&ins, "INSERT INTO main.");
	sh_buf_ident(&ins, d->name);
	sh_buf_adds(&ins, with_rowid ? " (rowid" : " (");
	for (int i = 0; i < d->ncols; i++) {
		tcol *c = &d->cols[i];
		tcol *o = tcol_find(b, c->name);
		if (c->hidden || !o || o->hidden)
			continue;
		sh_buf_adds(&sel, ", ");
		sh_buf_ident(&sel, o->name);
		if (with_rowid || n)
			sh_buf_adds(&ins, ", ");
		sh_buf_ident(&ins, c->name);
		n++;
	}
	if (!n && !with_rowid) {
		/* no kept column: the rows are gone with their columns; count them only */
		sh_buf_free(&sel);
		sh_buf_free(&ins);
		return;
	}
	sh_buf_adds(&sel, " FROM main.");
	sh_buf_ident(&sel, b->name);
	sh_buf_adds(&ins, ") VALUES (");
	for (int i = 0; i < n + with_rowid; i++)
		sh_buf_adds(&ins, i ? ", ?" : "?");
	sh_buf_adds(&ins, ")");
	sqlite3_stmt *s = sh_prepare(x->pristine, sel.data), *w = sh_prepare(x->ref, ins.data);
	if (!s || !w) {
		x->rows_ok = 0;
		snprintf(x->why, sizeof(x->why), "cannot copy rows of %s: %s", b->name,
			 sqlite3_errmsg(w ? x->pristine : x->ref));
	}
	while (s && w && sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < n + with_rowid; i++)
			sqlite3_bind_value(w, i + 1, sqlite3_column_value(s, i + !with_rowid));
		if (sqlite3_step(w) != SQLITE_DONE && x->rows_ok) {
			x->rows_ok = 0;
			snprintf(x->why, sizeof(x->why), "row of %s does not fit: %s", b->name,
				 sqlite3_errmsg(x->ref));
		}
		sqlite3_reset(w);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(w);
	sh_buf_free(&sel);
	sh_buf_free(&ins);
}

static int has_rows(ctx *x, tdesc *b)
{
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_adds(&q, "SELECT 1 FROM main.");
	sh_buf_ident(&q, b->name);
	sqlite3_stmt *st = sh_prepare(x->pristine, q.data);
	sh_buf_free(&q);
	int rows = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return rows;
}

/* Copy every kept row of the pristine database into the reference. */
static void copy_all_rows(ctx *x)
{
	tlist dl, bl;
	tlist_read(&dl, x->alone);
	tlist_read(&bl, x->pristine);
	/*
	 * Parents before children, as a rebuild copies them: under enforcement SQLite's
	 * result can depend on the order (a REAL child key 3.0 finds an INTEGER PRIMARY KEY
	 * parent 3 when the parent row comes second, not when it comes first).
	 */
	int n1 = dl.n ? dl.n : 1;
	int *order = sh_malloc((size_t)n1 * sizeof(int));
	int *done = sh_calloc((size_t)n1, sizeof(int));
	/* parent[i * n + j]: table i references table j */
	char *parent = sh_calloc((size_t)n1 * (size_t)n1, 1);
	sqlite3_stmt *fl = sh_prepare(x->alone, "SELECT DISTINCT \"table\" FROM "
						"pragma_foreign_key_list(?1, 'main')");
	for (int i = 0; fl && i < dl.n; i++) {
		sqlite3_reset(fl);
		sqlite3_bind_text(fl, 1, dl.names[i], -1, SQLITE_TRANSIENT);
		while (sqlite3_step(fl) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(fl, 0);
			int j = p ? tlist_find(&dl, p) : -1;
			if (j >= 0 && j != i)
				parent[i * dl.n + j] = 1;
		}
	}
	sqlite3_finalize(fl);
	int no = 0;
	for (int round = 0; round <= dl.n && no < dl.n; round++) {
		for (int i = 0; i < dl.n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			for (int j = 0; j < dl.n && ready; j++)
				ready = !parent[i * dl.n + j] || done[j];
			if (ready || round == dl.n) {
				done[i] = 1;
				order[no++] = i;
			}
		}
	}
	free(parent);
	for (int oi = 0; oi < no; oi++) {
		int i = order[oi];
		if (is_excluded(x->c, dl.names[i]))
			continue;
		int k = tlist_find(&bl, dl.names[i]);
		if (k < 0 || is_excluded(x->c, bl.names[k]))
			continue;
		tdesc d, b;
		describe(&d, x->alone, dl.names[i], dl.wr[i]);
		describe(&b, x->pristine, bl.names[k], bl.wr[k]);
		/* a primary-key column the baseline lacks must be invented: refused; so must
		 * a new NOT NULL column without default when the table has rows (even when
		 * no column is kept and the copy below has nothing to insert) */
		for (int j = 0; j < d.ncols; j++) {
			tcol *c = &d.cols[j];
			if (tcol_find(&b, c->name))
				continue;
			if (c->pk || (c->notnull && !c->dflt && !c->hidden && has_rows(x, &b)))
				x->may_refuse = 1;
		}
		ref_copy(x, &d, &b);
		tdesc_free(&d);
		tdesc_free(&b);
	}
	free(order);
	free(done);
	tlist_free(&dl);
	tlist_free(&bl);
}

static void build_ref(ctx *x)
{
	x->rows_ok = 1;
	x->fk_ok = 1;
	x->ref = sh_open_memory();
	sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
	exec_schema_objects(x, x->ref, "'table'");
	/*
	 * With foreign keys on, the rows are copied under enforcement (deferred, in one
	 * transaction) as the engine's apply would: SQLite's enforcement and its
	 * foreign_key_check do not always agree (a REAL child key 3.0 under an INTEGER PRIMARY
	 * KEY parent 3 passes the check but fails enforcement). When COMMIT fails, the rows
	 * do not fit; they are copied again without enforcement for the P3 comparison.
	 */
	int enforced = x->c->fk;
	for (int pass = 0; pass < 2; pass++) {
		if (enforced)
			sh_exec(x->ref,
				"PRAGMA foreign_keys=ON; BEGIN; PRAGMA defer_foreign_keys=ON", NULL,
				0);
		copy_all_rows(x);
		if (!enforced)
			break;
		char err[300];
		if (sh_exec(x->ref, "COMMIT", err, sizeof(err)) == SQLITE_OK) {
			sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
			break;
		}
		sh_exec(x->ref, "ROLLBACK", NULL, 0);
		sh_exec(x->ref, "PRAGMA foreign_keys=OFF", NULL, 0);
		if (x->rows_ok) {
			/* a failure is expected; a success is judged by foreign_key_check */
			x->rows_ok = 0;
			x->fk_only = 1;
			snprintf(x->why, sizeof(x->why),
				 "the rows fail foreign-key enforcement at COMMIT: %s", err);
		}
		enforced = 0;
	}
	exec_schema_objects(x, x->ref, "'index'");
	exec_schema_objects(x, x->ref, "'view'");
	exec_schema_objects(x, x->ref, "'trigger'");
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT 1 FROM pragma_foreign_key_check");
	x->fk_dirty = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	st = sh_prepare(x->ref, "SELECT \"table\", parent FROM pragma_foreign_key_check");
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		x->fk_ok = 0;
		x->fk_check_fail = 1;
		if (x->c->fk && x->rows_ok) {
			x->rows_ok = 0;
			x->fk_only = 1;
			snprintf(x->why, sizeof(x->why), "rows of %s violate a foreign key to %s",
				 sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
}

/* ---- P3 ---------------------------------------------------------------------------------- */

static char *rows_of(sqlite3 *db, const char *table, const char *cols)
{
	sh_buf q, out;
	sh_buf_init(&q);
	sh_buf_init(&out);
	sh_buf_printf(&q, "SELECT %s FROM main.", cols);
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	if (!st) {
		sh_buf_printf(&out, "! %s: %s", q.data, sqlite3_errmsg(db));
		sh_buf_free(&q);
		return sh_buf_take(&out);
	}
	sh_buf_free(&q);
	char **v = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		sh_buf r;
		sh_buf_init(&r);
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				sh_buf_addc(&r, '|');
			sh_buf_value(&r, st, i);
		}
		v = sh_realloc(v, (n + 1) * sizeof(char *));
		v[n++] = sh_buf_take(&r);
	}
	sqlite3_finalize(st);
	for (size_t i = 1; i < n; i++) /* insertion sort: tables are small */
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		sh_buf_adds(&out, v[i]);
		sh_buf_addc(&out, '\n');
		free(v[i]);
	}
	free(v);
	return sh_buf_take(&out);
}

/*
 * The rowid alias column of d when SQLite chose its values at random: a NULL copied into
 * an INTEGER PRIMARY KEY gets max(rowid) + 1, or, once the largest rowid is 2^63 - 1, a
 * random unused one, so the engine's copy and the reference cannot agree on it. Else NULL.
 */
static const char *random_alias(ctx *x, tdesc *d, tdesc *b)
{
	const char *alias = NULL;
	for (int i = 0; d->alias && i < d->ncols && !alias; i++)
		if (d->cols[i].pk)
			alias = d->cols[i].name;
	tcol *o = alias && b ? tcol_find(b, alias) : NULL;
	if (o == NULL || o->hidden)
		return NULL;
	int random = sh_rowids_at_max(x->ref, d->name);
	sh_buf q;
	sh_buf_init(&q);
	if (random) {
		sqlite3_stmt *st;
		sh_buf_adds(&q, "SELECT 1 FROM main.");
		sh_buf_ident(&q, b->name);
		sh_buf_adds(&q, " WHERE ");
		sh_buf_ident(&q, o->name);
		sh_buf_adds(&q, " IS NULL");
		st = sh_prepare(x->pristine, q.data);
		random = st && sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	sh_buf_free(&q);
	return random ? alias : NULL;
}

/* Columns kept from b into d: named in both, generated on neither side. */
static int kept_count(tdesc *d, tdesc *b)
{
	int n = 0;
	for (int i = 0; i < d->ncols; i++) {
		tcol *o = tcol_find(b, d->cols[i].name);
		n += !d->cols[i].hidden && o && !o->hidden;
	}
	return n;
}

static void check_rows(ctx *x, sqlite3 *live)
{
	checked(x, SS_P3);
	tlist dl, bl;
	tlist_read(&dl, x->alone);
	tlist_read(&bl, x->pristine);
	for (int i = 0; i < dl.n && !(x->res->failed & (1u << SS_P3)); i++) {
		if (is_excluded(x->c, dl.names[i]))
			continue;
		int k = tlist_find(&bl, dl.names[i]);
		if (k >= 0 && is_excluded(x->c, bl.names[k]))
			k = -1;
		tdesc d, b;
		describe(&d, x->alone, dl.names[i], dl.wr[i]);
		if (k >= 0)
			describe(&b, x->pristine, bl.names[k], bl.wr[k]);
		if (k >= 0 && !kept_count(&d, &b)) {
			/* no column survives: whether the rows do (with defaults) is not
			 * specified; not compared */
			tdesc_free(&d);
			tdesc_free(&b);
			continue;
		}
		sh_buf cols;
		sh_buf_init(&cols);
		int with_rowid;
		compared_cols(&cols, &d, k >= 0 ? &b : NULL,
			      k >= 0 ? random_alias(x, &d, &b) : NULL, &with_rowid);
		char *want = rows_of(x->ref, d.name, cols.data);
		char *got = rows_of(live, d.name, cols.data);
		if (strcmp(want, got)) {
			char diff[600];
			ss_oracle_diff(diff, sizeof(diff), got, want);
			violate(x, SS_P3, "rows of table %s (%s) differ: %s", d.name, cols.data,
				diff);
		}
		free(want);
		free(got);
		sh_buf_free(&cols);
		tdesc_free(&d);
		if (k >= 0)
			tdesc_free(&b);
	}
	tlist_free(&dl);
	tlist_free(&bl);

	/* excluded tables untouched */
	tlist pl;
	tlist_read(&pl, x->pristine);
	for (int i = 0; i < pl.n; i++) {
		if (!is_excluded(x->c, pl.names[i]))
			continue;
		sh_buf a, b;
		sh_buf_init(&a);
		sh_buf_init(&b);
		sh_dump_rows(&a, x->pristine, pl.names[i], !pl.wr[i]);
		sh_dump_rows(&b, live, pl.names[i], !pl.wr[i]);
		if (strcmp(a.data ? a.data : "", b.data ? b.data : ""))
			violate(x, SS_P3, "excluded table %s changed", pl.names[i]);
		sh_buf_free(&a);
		sh_buf_free(&b);
	}
	tlist_free(&pl);

	/* AUTOINCREMENT counters never decrease */
	sqlite3_stmt *st = sh_prepare(x->pristine, "SELECT name, seq FROM main.sqlite_sequence");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sqlite3_int64 before = sqlite3_column_int64(st, 1);
		if (!name || before <= 0)
			continue;
		int k;
		tlist dl2;
		tlist_read(&dl2, x->alone);
		k = tlist_find(&dl2, name);
		int autoinc = 0;
		if (k >= 0) {
			tdesc d;
			describe(&d, x->alone, dl2.names[k], dl2.wr[k]);
			autoinc = d.autoinc;
			tdesc_free(&d);
		}
		tlist_free(&dl2);
		if (!autoinc)
			continue;
		sqlite3_stmt *q =
			sh_prepare(live, "SELECT max(seq) FROM main.sqlite_sequence WHERE "
					 "name = ?1 COLLATE NOCASE");
		sqlite3_int64 after = -1;
		if (q) {
			sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW &&
			    sqlite3_column_type(q, 0) != SQLITE_NULL)
				after = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
		if (after < before)
			violate(x, SS_P3, "sqlite_sequence of %s went from %lld to %lld", name,
				(long long)before, (long long)after);
	}
	sqlite3_finalize(st);
}

/* ---- P5 / P6 helpers --------------------------------------------------------------------- */

static int integrity_ok(sqlite3 *db, char *msg, size_t len)
{
	/* every line of the report, newline-separated (truncated to len) */
	sqlite3_stmt *st = sh_prepare(db, "PRAGMA main.integrity_check");
	int ok = 0, rc;
	sh_buf b;
	sh_buf_init(&b);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && !strcmp(r, "ok"))
			ok = 1;
		sh_buf_printf(&b, "%s\n", r ? r : "?");
	}
	if (!st)
		sh_buf_printf(&b, "integrity_check failed: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	snprintf(msg, len, "%s", b.data ? b.data : "");
	sh_buf_free(&b);
	return ok;
}

/* Does every line of msg also appear in known (SQLite's own false reports)? */
static int ic_known(const char *msg, const char *known)
{
	for (const char *s = msg; *s;) {
		size_t n = strcspn(s, "\n");
		int found = 0;
		for (const char *k = known; *k && !found;) {
			size_t m = strcspn(k, "\n");
			found = m == n && !strncmp(s, k, n);
			k += m;
			if (*k)
				k++;
		}
		if (!found && n)
			return 0;
		s += n;
		if (*s)
			s++;
	}
	return 1;
}

/* A prefixed object in db that the pristine database did not have (a user's own prefixed
 * table with rows is never a scratch object), or NULL. */
/* Computed on first use only: most cases never need them. */
static const char *pristine_full(ctx *x)
{
	if (!x->pristine_full)
		x->pristine_full = ss_oracle_full_dump(x->pristine);
	return x->pristine_full;
}

static const char *pristine_ic(ctx *x)
{
	if (!x->pristine_ic[0])
		integrity_ok(x->pristine, x->pristine_ic, sizeof(x->pristine_ic));
	return x->pristine_ic;
}

static const char *ref_ic(ctx *x)
{
	if (!x->ref_ic[0] && x->ref)
		integrity_ok(x->ref, x->ref_ic, sizeof(x->ref_ic));
	return x->ref_ic;
}

static const char *prefix_leftover(sqlite3 *db, sqlite3 *pristine, char *buf, size_t len)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM main.sqlite_schema WHERE "
					  "substr(name, 1, 13) = '__sqlfu_sync_'");
	const char *r = NULL;
	while (!r && st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sqlite3_stmt *q =
			sh_prepare(pristine, "SELECT 1 FROM main.sqlite_schema WHERE name = ?1");
		int had = 0;
		if (q) {
			sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
			had = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!had) {
			snprintf(buf, len, "%s", name);
			r = buf;
		}
	}
	sqlite3_finalize(st);
	return r;
}

static const char *attached_leftover(sqlite3 *db, char *buf, size_t len)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT name FROM pragma_database_list WHERE name NOT IN "
					  "('main', 'temp')");
	const char *r = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
		r = buf;
	}
	sqlite3_finalize(st);
	return r;
}

/* ---- P9: an authorizer around the dry run -------------------------------------------------- */

typedef struct p9 {
	int prefix; /* 1: prefix strategy, 0: scratch-db */
	char bad[512];
} p9;

static int is_prefixed(const char *s)
{
	return s && !strncmp(s, SS_DEFAULT_SCRATCH_PREFIX, strlen(SS_DEFAULT_SCRATCH_PREFIX));
}

static int p9_auth(void *arg, int code, const char *a1, const char *a2, const char *db,
		   const char *trigger)
{
	p9 *p = arg;
	(void)trigger;
	int write = 0;
	const char *obj = a1, *tbl = NULL;
	switch (code) {
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_DROP_TEMP_INDEX:
	case SQLITE_DROP_TEMP_TRIGGER:
		tbl = a2;
		write = 1;
		break;
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_VIEW:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_VIEW:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_DROP_TEMP_TABLE:
	case SQLITE_DROP_TEMP_VIEW:
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		write = 1;
		break;
	case SQLITE_ALTER_TABLE:
		obj = a2;
		db = a1;
		write = 1;
		break;
	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		write = 1;
		break;
	default:
		return SQLITE_OK;
	}
	if (!write || p->bad[0])
		return SQLITE_OK;
	/* SQLite authorizes its own nested parses on the schema table (CREATE writes a row
	 * there; even pragma_table_list reports an UPDATE of it); the CREATE / DROP codes
	 * above are what name the object, so the schema table itself is not judged */
	if ((code == SQLITE_INSERT || code == SQLITE_UPDATE || code == SQLITE_DELETE) && a1 &&
	    (!sh_stricmp(a1, "sqlite_master") || !sh_stricmp(a1, "sqlite_temp_master") ||
	     !sh_stricmp(a1, "sqlite_schema")))
		return SQLITE_OK;
	int ok;
	if (p->prefix)
		ok = (!db || !strcmp(db, "main")) &&
		     (is_prefixed(obj) || (obj && !strncmp(obj, "sqlite_autoindex_", 17))) &&
		     (!tbl || is_prefixed(tbl));
	else
		ok = (db && strcmp(db, "main") && strcmp(db, "temp")) ||
		     /* removing a crashed sync's prefixed leftovers is part of any sync */
		     ((code == SQLITE_DROP_TABLE || code == SQLITE_DROP_INDEX ||
		       code == SQLITE_DROP_VIEW || code == SQLITE_DROP_TRIGGER ||
		       code == SQLITE_DELETE) &&
		      is_prefixed(obj));
	/* DROP TABLE of an AUTOINCREMENT table deletes its sqlite_sequence row in a nested
	 * parse that the authorizer sees as a DELETE on sqlite_sequence: which row is not
	 * visible here, so this one write is let through (a gap of this approximation) */
	/* SQLite creates sqlite_sequence itself for the first AUTOINCREMENT table, also a
	 * prefixed one; whether it stays behind is judged by the dump comparison below */
	if (!ok && obj && !sh_stricmp(obj, "sqlite_sequence") && code == SQLITE_CREATE_TABLE)
		ok = 1;
	if (!ok && obj && !sh_stricmp(obj, "sqlite_sequence") && code == SQLITE_DELETE)
		ok = 1;
	if (!ok)
		snprintf(p->bad, sizeof(p->bad), "authorizer code %d on %s.%s%s%s (%s) inside %s",
			 code, db ? db : "?", obj ? obj : "?", tbl ? " table " : "", tbl ? tbl : "",
			 a2 ? a2 : "-", trigger ? trigger : "-");
	return SQLITE_OK;
}

/* ---- one sync ---------------------------------------------------------------------------- */

static int expected_failure(ctx *x, int rc, int profile)
{
	if (!x->rows_ok || x->may_refuse)
		return 1;
	if (rc == SS_E_DESTRUCTIVE && !x->c->allow_destructive)
		return 1;
	if (rc == SS_E_REFUSED && profile)
		return 1;
	return 0;
}

static void p8_check(ctx *x, sqlite3 *live)
{
	checked(x, SS_P8);
	sqlite3_stmt *st =
		sh_prepare(x->pristine, "SELECT type, name FROM main.sqlite_schema WHERE "
					"sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
					"ESCAPE '\\'");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		sqlite3_stmt *q =
			sh_prepare(live, "SELECT 1 FROM main.sqlite_schema WHERE type = ?1 AND "
					 "name = ?2 COLLATE NOCASE");
		int found = 0;
		if (q) {
			sqlite3_bind_text(q, 1, type, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q, 2, name, -1, SQLITE_TRANSIENT);
			found = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!found) {
			violate(x, SS_P8, "allowDestructive=false but %s %s was dropped", type,
				name);
			break;
		}
		if (!strcmp(type, "table")) {
			tdesc b, l;
			describe(&b, x->pristine, name, 0);
			describe(&l, live, name, 0);
			for (int i = 0; i < b.ncols; i++)
				if (!tcol_find(&l, b.cols[i].name)) {
					violate(x, SS_P8,
						"allowDestructive=false but column %s.%s was dropped",
						name, b.cols[i].name);
					break;
				}
			tdesc_free(&b);
			tdesc_free(&l);
		}
	}
	sqlite3_finalize(st);
}

static char *trimmed_lines(const char *s)
{
	sh_buf b;
	sh_buf_init(&b);
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		const char *a = s, *e = s + n;
		while (a < e && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > a) {
			sh_buf_add(&b, a, (size_t)(e - a));
			sh_buf_addc(&b, '\n');
		}
		s += n;
		if (*s)
			s++;
	}
	return sh_buf_take(&b);
}

typedef struct run_out {
	int rc;
	char *plan;
	char *full;
	int strategy_used;
} run_out;

/*
 * Sync a copy of the pristine database with one strategy / profile and check P1-P3, P5,
 * P6, P8, P9 (and P7's strategy choice). out receives the plan and the final full dump
 * for P4.
 */
static void run_one(ctx *x, int strategy, int profile, int light, int do_p9, run_out *out)
{
	const ss_case *c = x->c;
	memset(out, 0, sizeof(*out));
	sqlite3 *live = copy_db(x->pristine);
	sh_exec(live, c->fk ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", NULL, 0);

	ss_options opts = SS_OPTIONS_INIT;
	opts.strategy = (ss_strategy)strategy;
	opts.allow_destructive = c->allow_destructive;
	opts.excluded_tables = excl_list(c, &opts.excluded_count);
	opts.profile = profile ? SS_PROFILE_DURABLE_OBJECT : SS_PROFILE_DEFAULT;
	opts.txn = profile ? ss_durable_object_txn_hook() : NULL;
	ss_error err = {0};

	/* P9: the dry run writes only to the scratch area (default profile: the profile's own
	 * authorizer would be replaced by ours) */
	if (do_p9 && !profile && !(x->flags & SS_RUN_NO_P9) && strategy != SS_STRATEGY_AUTO) {
		p9 p = {strategy == SS_STRATEGY_PREFIX, ""};
		ss_plan *dry = NULL;
		sqlite3_set_authorizer(live, p9_auth, &p);
		int rc = ss_plan_create(&dry, live, c->desired, &opts, &err);
		sqlite3_set_authorizer(live, NULL, NULL);
		ss_plan_free(dry);
		checked(x, SS_P9);
		if (p.bad[0])
			violate(x, SS_P9, "materializing wrote outside the scratch area: %s",
				p.bad);
		(void)rc;
		/* scratch leftovers of a crashed sync may be cleaned even by a dry run */
		/* the schema (and sqlite_sequence): writes to rows of main are the
		 * authorizer's to see */
		char *after = sh_full_dump(live, 3);
		if (!x->pristine_skip)
			x->pristine_skip = sh_full_dump(x->pristine, 3);
		const char *before = x->pristine_skip;
		if (strcmp(after, before)) {
			char d[600];
			ss_oracle_diff(d, sizeof(d), after, before);
			violate(x, SS_P9, "the dry run (ss_plan_create) changed the database: %s",
				d);
		}
		free(after);
		memset(&err, 0, sizeof(err));
	}

	if (profile && ss_durable_object_install(live, &err) != SS_OK) {
		violate(x, SS_P7, "ss_durable_object_install failed: %s", err.message);
		sqlite3_close(live);
		out->rc = -100;
		return;
	}
	ss_plan *plan = NULL;
	int rc = ss_sync(&plan, live, c->desired, &opts, &err);
	if (profile)
		ss_durable_object_uninstall(live);
	out->rc = rc;
	out->plan = plan ? ss_plan_to_sql(plan) : NULL;
	out->strategy_used = plan ? (int)ss_plan_strategy(plan) : -1;
	if (!x->res->plan_sql && out->plan)
		x->res->plan_sql = sh_strdup(out->plan);
	if (rc != SS_OK && !x->res->error)
		x->res->error = sh_strdup(err.message);
	if (!x->res->synced_ok && rc == SS_OK)
		x->res->synced_ok = 1;

	if (profile && strategy == SS_STRATEGY_SCRATCH_DB) {
		checked(x, SS_P7);
		if (rc == SS_OK)
			violate(x, SS_P7, "scratch-db under the durable-object profile succeeded");
	}
	if (rc == SS_OK && profile && strategy == SS_STRATEGY_AUTO) {
		checked(x, SS_P7);
		if (out->strategy_used != SS_STRATEGY_PREFIX)
			violate(x, SS_P7, "auto under the profile picked %s, not prefix",
				ss_strategy_name((ss_strategy)out->strategy_used));
	}

	char msg[600];
	if (rc == SS_OK && !light) {
		/* P1 */
		checked(x, SS_P1);
		size_t ne;
		const char *const *e = excl_list(c, &ne);
		char *got = ss_oracle_schema_dump(live, e, ne);
		if (strcmp(got, x->alone_schema)) {
			ss_oracle_diff(msg, sizeof(msg), got, x->alone_schema);
			violate(x, SS_P1, "live schema differs from desired: %s", msg);
		}
		free(got);
		/* P3 */
		if (x->fk_check_fail && x->c->fk && !x->fk_dirty)
			violate(x, SS_P6,
				"sync succeeded with foreign keys enforced although the rows "
				"violate the desired foreign keys (%s)",
				x->why);
		if (x->rows_ok || x->fk_only)
			check_rows(x, live); /* the reference holds every row */
		else if (!x->may_refuse)
			violate(x, SS_P3,
				"sync succeeded but SQLite rejects the rows in the desired "
				"schema (%s)",
				x->why);
		/* P6 */
		checked(x, SS_P6);
		if (!integrity_ok(live, msg, sizeof(msg)) && !ic_known(msg, ref_ic(x)) &&
		    !ic_known(msg, pristine_ic(x)))
			violate(x, SS_P6, "integrity_check: %s", msg);
		if (x->fk_ok) {
			sqlite3_stmt *st = sh_prepare(live, "SELECT \"table\", rowid, parent FROM "
							    "pragma_foreign_key_check");
			if (st && sqlite3_step(st) == SQLITE_ROW)
				violate(x, SS_P6, "foreign_key_check: row %lld of %s -> %s",
					(long long)sqlite3_column_int64(st, 1),
					sqlite3_column_text(st, 0), sqlite3_column_text(st, 2));
			sqlite3_finalize(st);
		}
		/* P8 */
		if (!c->allow_destructive)
			p8_check(x, live);
		/* P2, also: a desired schema that differs from the baseline only in formatting
		 * plans nothing at all */
		checked(x, SS_P2);
		if (c->same_model && plan && ss_plan_count(plan))
			violate(x, SS_P2,
				"the definitions differ from the baseline only in formatting, "
				"but the plan has %zu statements: %.300s",
				ss_plan_count(plan), out->plan ? out->plan : "");
		ss_plan *again = NULL;
		ss_error e2 = {0};
		if (profile)
			ss_durable_object_install(live, &e2);
		int rc2 = ss_plan_create(&again, live, c->desired, &opts, &e2);
		if (profile)
			ss_durable_object_uninstall(live);
		if (rc2 != SS_OK)
			violate(x, SS_P2, "second plan failed: %s", e2.message);
		else if (ss_plan_count(again)) {
			char *sql = ss_plan_to_sql(again);
			violate(x, SS_P2, "second sync plans %zu statements: %.400s",
				ss_plan_count(again), sql);
			ss_free(sql);
		}
		ss_plan_free(again);
	} else if (rc != SS_OK) {
		/* P5 */
		checked(x, SS_P5);
		char *after = ss_oracle_full_dump(live);
		if (strcmp(after, pristine_full(x))) {
			ss_oracle_diff(msg, sizeof(msg), after, pristine_full(x));
			violate(x, SS_P5, "failed sync (%s: %.300s) changed the database: %s",
				ss_error_name(rc), err.message, msg);
		}
		free(after);
		if (!integrity_ok(live, msg, sizeof(msg)) && !ic_known(msg, pristine_ic(x)))
			violate(x, SS_P5, "integrity_check after failure: %s", msg);
		char nm[300];
		if (prefix_leftover(live, x->pristine, nm, sizeof(nm)))
			violate(x, SS_P5, "prefixed object %s left after failure", nm);
		if (attached_leftover(live, nm, sizeof(nm)))
			violate(x, SS_P5, "database %s still attached after failure", nm);
		int expect_fail = profile && strategy == SS_STRATEGY_SCRATCH_DB;
		if (!expect_fail && !expected_failure(x, rc, profile) && !c->expect_error) {
			checked(x, SS_P1);
			violate(x, SS_P1,
				"sync failed although the rows fit the desired schema: %s: %s",
				ss_error_name(rc), err.message);
		}
	}
	if (rc == SS_OK) {
		char nm[300];
		if (prefix_leftover(live, x->pristine, nm, sizeof(nm)))
			violate(x, SS_P1, "prefixed object %s left after the sync", nm);
		if (attached_leftover(live, nm, sizeof(nm)))
			violate(x, SS_P1, "database %s still attached after the sync", nm);
	}

	/* -- output: / -- error: (replay) */
	if ((x->flags & SS_RUN_COMPARE_OUTPUT) && !c->properties_only &&
	    !(profile && strategy == SS_STRATEGY_SCRATCH_DB && c->strategy != strategy)) {
		if (c->expect_error) {
			checked(x, SS_POUT);
			if (rc == SS_OK)
				violate(x, SS_POUT, "expected error \"%s\" but the sync succeeded",
					c->expect_error);
			else if (!strstr(err.message, c->expect_error))
				violate(x, SS_POUT, "expected error \"%s\", got \"%s\"",
					c->expect_error, err.message);
		} else if (c->expect_output) {
			checked(x, SS_POUT);
			if (rc != SS_OK) {
				violate(x, SS_POUT, "expected a plan but the sync failed: %s",
					err.message);
			} else {
				char *want = trimmed_lines(c->expect_output);
				char *got = trimmed_lines(out->plan);
				if (strcmp(want, got)) {
					ss_oracle_diff(msg, sizeof(msg), got, want);
					violate(x, SS_POUT, "plan differs from -- output: %s", msg);
				}
				free(want);
				free(got);
			}
		}
	}
	out->full = ss_oracle_full_dump(live);
	ss_plan_free(plan);
	sqlite3_close(live);
}

static void run_out_free(run_out *o)
{
	if (o->plan)
		ss_free(o->plan);
	free(o->full);
}

/* ---- the case ------------------------------------------------------------------------------ */

static int views_ok(sqlite3 *db, char *err, size_t len)
{
	sqlite3_stmt *st =
		sh_prepare(db, "SELECT name FROM main.sqlite_schema WHERE type = 'view'");
	int ok = 1;
	while (ok && st && sqlite3_step(st) == SQLITE_ROW) {
		sh_buf q;
		sh_buf_init(&q);
		sh_buf_adds(&q, "SELECT * FROM main.");
		sh_buf_ident(&q, (const char *)sqlite3_column_text(st, 0));
		sh_buf_adds(&q, " LIMIT 0");
		sqlite3_stmt *v = NULL;
		if (sqlite3_prepare_v2(db, q.data, -1, &v, NULL) != SQLITE_OK) {
			snprintf(err, len, "view %s: %s", sqlite3_column_text(st, 0),
				 sqlite3_errmsg(db));
			ok = 0;
		}
		sqlite3_finalize(v);
		sh_buf_free(&q);
	}
	sqlite3_finalize(st);
	return ok;
}

int ss_run_case(ss_result *res, const ss_case *c, int flags)
{
	memset(res, 0, sizeof(*res));
	ctx x = {0};
	x.c = c;
	x.res = res;
	x.flags = flags;
	x.label = "setup";
	char err[600];

	if (c->pristine) {
		/* built by the generator already: a copy is cheaper than running the SQL */
		x.pristine = copy_db(c->pristine);
		sh_exec(x.pristine, c->fk ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
			NULL, 0);
	} else if (x.pristine = sh_open_memory(),
		   sh_exec(x.pristine, c->fk ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
			   NULL, 0),
		   sh_exec(x.pristine, c->baseline ? c->baseline : "", err, sizeof(err)) !=
				   SQLITE_OK ||
			   sh_exec(x.pristine, c->rows ? c->rows : "", err, sizeof(err)) !=
				   SQLITE_OK) {
		res->invalid = 1;
		snprintf(res->detail, sizeof(res->detail), "baseline does not build: %s", err);
		goto done;
	}
	x.alone = sh_open_memory();
	int desired_ok =
		sh_exec(x.alone, c->desired ? c->desired : "", err, sizeof(err)) == SQLITE_OK &&
		views_ok(x.alone, err, sizeof(err));
	if (!desired_ok && !c->expect_error) {
		res->invalid = 1;
		snprintf(res->detail, sizeof(res->detail), "desired does not build alone: %.400s",
			 err);
		goto done;
	}
	size_t ne;
	const char *const *e = excl_list(c, &ne);
	x.alone_schema = ss_oracle_schema_dump(x.alone, e, ne);
	if (desired_ok) {
		build_ref(&x);
	} else {
		x.rows_ok = 0;
		snprintf(x.why, sizeof(x.why), "desired does not build alone: %.400s", err);
	}

	/* test hook for the shrinker's unit tests: a violation that does not depend on the
	 * engine, planted whenever the definitions contain the given text */
	const char *fake = getenv("SS_HARNESS_FAKE_P1");
	if (fake && fake[0] && c->desired && strstr(c->desired, fake))
		violate(&x, SS_P1, "fake violation: the definitions contain \"%s\"", fake);

	if (c->profile) {
		int strategies[2] = {SS_STRATEGY_AUTO, SS_STRATEGY_SCRATCH_DB};
		int n = 2;
		if (c->strategy != SS_CASE_STRATEGY_BOTH) {
			strategies[0] = c->strategy;
			n = 1;
		}
		for (int i = 0; i < n; i++) {
			run_out o;
			x.label = strategies[i] == SS_STRATEGY_AUTO ? "durable-object auto"
				  : strategies[i] == SS_STRATEGY_PREFIX
					  ? "durable-object prefix"
					  : "durable-object scratch-db";
			if (strategies[i] == SS_STRATEGY_AUTO)
				checked(&x, SS_P7);
			run_one(&x, strategies[i], 1, 0, 0, &o);
			run_out_free(&o);
		}
	} else if (c->strategy == SS_CASE_STRATEGY_BOTH) {
		run_out a, b;
		/*
		 * The first strategy gets every check; the second only P5 / P9 and the P4
		 * comparison: when its plan and database equal the first's, P1-P3, P6 and
		 * P8 follow. Which one goes first alternates with the case (both get the
		 * full checks across a campaign); so does the P9 dry run, the costliest
		 * extra engine call.
		 */
		unsigned h = 0;
		for (const char *p = c->desired ? c->desired : ""; *p; p++)
			h = h * 31 + (unsigned char)*p;
		int first = (h & 1) ? SS_STRATEGY_PREFIX : SS_STRATEGY_SCRATCH_DB;
		int second =
			first == SS_STRATEGY_PREFIX ? SS_STRATEGY_SCRATCH_DB : SS_STRATEGY_PREFIX;
		int light = !(flags & SS_RUN_COMPARE_OUTPUT);
		x.label = ss_strategy_name((ss_strategy)first);
		run_one(&x, first, 0, 0, !(h & 2) || !light,
			first == SS_STRATEGY_SCRATCH_DB ? &a : &b);
		x.label = ss_strategy_name((ss_strategy)second);
		run_one(&x, second, 0, light, (h & 2) || !light,
			second == SS_STRATEGY_SCRATCH_DB ? &a : &b);
		x.label = "scratch-db vs prefix";
		checked(&x, SS_P4);
		if ((a.rc == SS_OK) != (b.rc == SS_OK) || a.rc != b.rc)
			violate(&x, SS_P4, "scratch-db returned %s, prefix %s", ss_error_name(a.rc),
				ss_error_name(b.rc));
		else if (a.rc == SS_OK && strcmp(a.plan ? a.plan : "", b.plan ? b.plan : "")) {
			char d[600];
			ss_oracle_diff(d, sizeof(d), b.plan ? b.plan : "", a.plan ? a.plan : "");
			violate(&x, SS_P4, "plans differ (scratch-db expected, prefix got): %s", d);
		} else if (a.full && b.full && strcmp(a.full, b.full)) {
			char d[600];
			ss_oracle_diff(d, sizeof(d), b.full, a.full);
			violate(&x, SS_P4, "resulting databases differ: %s", d);
		}
		run_out_free(&a);
		run_out_free(&b);
	} else {
		run_out o;
		x.label = ss_strategy_name((ss_strategy)c->strategy);
		run_one(&x, c->strategy, 0, 0, 1, &o);
		run_out_free(&o);
	}
done:
	sqlite3_close(x.pristine);
	sqlite3_close(x.alone);
	sqlite3_close(x.ref);
	free(x.pristine_full);
	free(x.pristine_skip);
	free(x.alone_schema);
	return 0;
}
