/* SPDX-License-Identifier: MIT */
/*
 * The workloads: a faithful C port of sqlfu's benchmark generator gen_cases.py (the pairs it
 * was timed on; same random stream, same text byte for byte, so no Python is needed at bench time), the
 * families generated here (wide tables, deep view chains, many triggers, a heavy foreign-key
 * graph, no change), and the fast builder of in-memory databases they run against.
 *
 * Sizes: N is the number of tables for gen, nochange and fk; the other families scale with N
 * as well, so one log-log axis holds them all: wide has max(1, N/10) tables of 500 columns,
 * views has max(1, N/10) tables and N views in chains at most 1,000 deep, triggers has
 * max(1, N/10) tables and N triggers.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const bench_families[] = {"gen", "nochange", "wide", "views", "triggers", "fk"};
const size_t bench_family_count = sizeof(bench_families) / sizeof(bench_families[0]);

/* ---- gen_cases.py ------------------------------------------------------------------------ */

typedef struct gen_table {
	unsigned char extra, no_payload, price_numeric, flag_idx, no_name_idx;
} gen_table;

typedef struct gen_view {
	long a, b; /* b == 0: single-table view */
	int where0;
} gen_view;

static void render_gen(bstr *out, long n, const gen_table *t, const gen_view *v, long nviews,
		       const long (*trig)[2], long ntrig)
{
	for (long i = 1; i <= n; i++) {
		const gen_table *x = &t[i];
		char tn[32];
		snprintf(tn, sizeof(tn), "t_%05ld", i);
		bstr_addf(out,
			  "create table %s (\n  id integer primary key,\n  name text not null "
			  "default '',\n  qty integer not null default 0,\n  price %s,\n  note "
			  "text,\n  flag integer not null default 1,\n",
			  tn, x->price_numeric ? "numeric default 0.0" : "real default 0.0");
		if (!x->no_payload)
			bstr_add(out, "  payload blob,\n");
		bstr_add(out, "  created_at text not null default '1970-01-01'");
		if (x->extra)
			bstr_add(out, ",\n  extra text");
		bstr_add(out, "\n);\n");
		if (x->flag_idx)
			bstr_addf(out, "create index %s_flag_idx on %s(flag, created_at);\n", tn,
				  tn);
		if (!x->no_name_idx)
			bstr_addf(out, "create index %s_name_idx on %s(name);\n", tn, tn);
		bstr_addf(out, "create index %s_qty_price_idx on %s(qty, price);\n", tn, tn);
	}
	for (long k = 1; k <= nviews; k++) {
		const gen_view *x = &v[k];
		if (x->b)
			bstr_addf(
				out,
				"create view v_%05ld as select a.id, a.name, b.qty from t_%05ld a "
				"join t_%05ld b on b.id = a.id where a.flag = %d;\n",
				k, x->a, x->b, x->where0 ? 0 : 1);
		else
			bstr_addf(out,
				  "create view v_%05ld as select id, name, qty, price from t_%05ld "
				  "where flag = %d;\n",
				  k, x->a, x->where0 ? 0 : 1);
	}
	for (long k = 1; k <= ntrig; k++) {
		if (trig[k][1])
			bstr_addf(
				out,
				"create trigger trg_%05ld after update of qty on t_%05ld for each "
				"row begin\n  update t_%05ld set note = new.name where id = "
				"new.id;\nend;\n",
				k, trig[k][0], trig[k][1]);
		else
			bstr_addf(
				out,
				"create trigger trg_%05ld after insert on t_%05ld for each row "
				"begin\n  update t_%05ld set flag = 1 where id = new.id and flag <> "
				"1;\nend;\n",
				k, trig[k][0], trig[k][0]);
	}
}

void gen_cases(long n, bstr *baseline, bstr *desired)
{
	pyrand r;
	long nviews = n / 10 > 1 ? n / 10 : 1;
	long ntrig = nviews;
	gen_table *t = bench_xcalloc((size_t)n + 1, sizeof(*t));
	gen_view *v = bench_xcalloc((size_t)nviews + 1, sizeof(*v));
	long(*trig)[2] = bench_xcalloc((size_t)ntrig + 1, sizeof(*trig));

	pyrand_seed(&r, (uint32_t)n);
	for (long k = 1; k <= nviews; k++) {
		v[k].a = pyrand_randint(&r, 1, n);
		if (k % 2 == 1 && n > 1) {
			long b = pyrand_randint(&r, 1, n);
			while (b == v[k].a)
				b = pyrand_randint(&r, 1, n);
			v[k].b = b;
		}
	}
	for (long k = 1; k <= ntrig; k++) {
		trig[k][0] = pyrand_randint(&r, 1, n);
		if (k % 2 == 1 && n > 1) {
			long b = pyrand_randint(&r, 1, n);
			while (b == trig[k][0])
				b = pyrand_randint(&r, 1, n);
			trig[k][1] = b;
		}
	}
	render_gen(baseline, n, t, v, nviews, (const long(*)[2])trig, ntrig);

	long nmut = n / 10 > 1 ? n / 10 : 1;
	long ntt = nmut < n ? nmut : n;
	long nvt = (nmut + 5) / 6 < nviews ? (nmut + 5) / 6 : nviews;
	long *tt = bench_xmalloc(sizeof(long) * (size_t)ntt);
	long *vt = bench_xmalloc(sizeof(long) * (size_t)(nvt ? nvt : 1));
	pyrand_sample_range(&r, 1, n, ntt, tt);
	pyrand_sample_range(&r, 1, nviews, nvt, vt);
	long vnext = 0;
	for (long j = 0; j < nmut; j++) {
		long i = tt[j];
		switch (j % 6) {
		case 0:
			t[i].extra = 1;
			break;
		case 1:
			t[i].no_payload = 1;
			break;
		case 2:
			t[i].price_numeric = 1;
			break;
		case 3:
			t[i].flag_idx = 1;
			break;
		case 4:
			t[i].no_name_idx = 1;
			break;
		default:
			if (vnext < nvt)
				v[vt[vnext++]].where0 = 1;
			break;
		}
	}
	render_gen(desired, n, t, v, nviews, (const long(*)[2])trig, ntrig);
	free(tt);
	free(vt);
	free(t);
	free(v);
	free(trig);
}

/* ---- the C families ------------------------------------------------------------------------ */

/* A plain table for the view and trigger families. */
static void small_table(bstr *b, long i, int changed)
{
	bstr_addf(
		b,
		"create table s_%05ld (\n  id integer primary key,\n  name text not null default "
		"'',\n  qty integer not null default 0,\n  flag integer not null default 1%s\n);\n",
		i, changed ? ",\n  extra text" : "");
}

/* max(1, N/10) tables of 500 columns; every 10th gains a column, every 10th (offset 5) turns
 * a column's type (rebuild), every 10th (offset 7) loses its last column. */
static void family_wide(bstr *b, long n, int desired)
{
	long nt = n / 10 > 1 ? n / 10 : 1;
	for (long i = 1; i <= nt; i++) {
		int add = desired && i % 10 == 1, retype = desired && i % 10 == 5;
		int drop = desired && i % 10 == 7;
		bstr_addf(b, "create table w_%05ld (\n  id integer primary key", i);
		for (int c = 1; c < 500 - (drop ? 1 : 0); c++) {
			const char *type = c % 3 == 0 ? "integer" : c % 3 == 1 ? "text" : "real";
			if (retype && c == 2)
				type = "numeric";
			bstr_addf(b, ",\n  c%03d %s", c, type);
		}
		if (add)
			bstr_add(b, ",\n  extra text");
		bstr_add(b, "\n);\n");
		bstr_addf(b, "create index w_%05ld_c001_idx on w_%05ld(c001);\n", i, i);
	}
}

/* max(1, N/10) tables and N views in chains of at most 1,000: the head of each chain reads a
 * table, every other view reads the one before it. The desired side changes the WHERE of each
 * chain's head, so the whole chain above it must be recreated. */
static void family_views(bstr *b, long n, int desired)
{
	long nt = n / 10 > 1 ? n / 10 : 1;
	for (long i = 1; i <= nt; i++)
		small_table(b, i, 0);
	for (long k = 1; k <= n; k++) {
		long pos = (k - 1) % 1000;
		if (pos == 0)
			bstr_addf(b,
				  "create view v_%06ld as select id, name, qty, flag from s_%05ld "
				  "where flag = %d;\n",
				  k, (k - 1) / 1000 % nt + 1, desired ? 0 : 1);
		else
			bstr_addf(
				b,
				"create view v_%06ld as select id, name, qty + 1 as qty, flag from "
				"v_%06ld;\n",
				k, k - 1);
	}
}

/* max(1, N/10) tables and N triggers spread over them. The desired side rewrites every 10th
 * trigger's body and adds a column to every 10th table (offset 3). */
static void family_triggers(bstr *b, long n, int desired)
{
	long nt = n / 10 > 1 ? n / 10 : 1;
	for (long i = 1; i <= nt; i++)
		small_table(b, i, desired && i % 10 == 3);
	for (long k = 1; k <= n; k++) {
		long t = (k - 1) % nt + 1, u = k % nt + 1;
		int changed = desired && k % 10 == 0;
		if (k % 2)
			bstr_addf(
				b,
				"create trigger tr_%06ld after update of qty on s_%05ld for each row "
				"begin\n  update s_%05ld set flag = %d where id = new.id;\nend;\n",
				k, t, u, changed ? 2 : 1);
		else
			bstr_addf(
				b,
				"create trigger tr_%06ld after insert on s_%05ld for each row "
				"when new.qty > %d begin\n  update s_%05ld set name = new.name where "
				"id = new.id;\nend;\n",
				k, t, changed ? 10 : 0, t);
	}
}

/* N tables, each referencing up to three earlier ones (a chain, a parent at i/2 and one at
 * i/3) with ON DELETE CASCADE. The desired side changes a column type in every 10th table
 * (a rebuild of a referenced table) and adds a reference to every 10th (offset 5). */
static void family_fk(bstr *b, long n, int desired)
{
	for (long i = 1; i <= n; i++) {
		bstr_addf(
			b,
			"create table f_%05ld (\n  id integer primary key,\n  name text,\n  qty %s",
			i, desired && i % 10 == 1 ? "numeric" : "integer");
		long parents[3] = {i - 1, i / 2, i / 3};
		for (int p = 0; p < 3; p++) {
			if (parents[p] < 1 || (p > 0 && parents[p] == parents[p - 1]) ||
			    (p == 2 && parents[2] == parents[0]))
				continue;
			bstr_addf(b,
				  ",\n  p%d integer default 1 references f_%05ld(id) on delete "
				  "cascade",
				  p, parents[p]);
		}
		if (desired && i % 10 == 5 && i > 1)
			bstr_add(b, ",\n  p9 integer references f_00001(id)");
		bstr_add(b, "\n);\n");
		if (i > 1)
			bstr_addf(b, "create index f_%05ld_p0_idx on f_%05ld(p0);\n", i, i);
	}
}

int workload_make(workload *w, const char *family, long n)
{
	bstr base = {0}, des = {0};
	memset(w, 0, sizeof(*w));
	snprintf(w->family, sizeof(w->family), "%s", family);
	w->size = n;
	if (strcmp(family, "gen") == 0) {
		gen_cases(n, &base, &des);
	} else if (strcmp(family, "nochange") == 0) {
		gen_cases(n, &base, &des);
		bstr_free(&des);
		bstr_add(&des, bstr_str(&base));
	} else if (strcmp(family, "wide") == 0) {
		family_wide(&base, n, 0);
		family_wide(&des, n, 1);
	} else if (strcmp(family, "views") == 0) {
		family_views(&base, n, 0);
		family_views(&des, n, 1);
	} else if (strcmp(family, "triggers") == 0) {
		family_triggers(&base, n, 0);
		family_triggers(&des, n, 1);
	} else if (strcmp(family, "fk") == 0) {
		family_fk(&base, n, 0);
		family_fk(&des, n, 1);
		w->foreign_keys = 1;
	} else {
		return -1;
	}
	w->baseline = bench_xstrdup(bstr_str(&base));
	w->desired = bench_xstrdup(bstr_str(&des));
	bstr_free(&base);
	bstr_free(&des);
	return 0;
}

void workload_free(workload *w)
{
	free(w->baseline);
	free(w->desired);
	w->baseline = w->desired = NULL;
}

/* ---- the builder ------------------------------------------------------------------------- */

static int exec(sqlite3 *db, const char *sql, char *errbuf, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(errbuf, errlen, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

long bench_db_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

#define FILL_CHUNK 256

static int fill_rows(sqlite3 *db, long rows, char *errbuf, size_t errlen)
{
	sqlite3_stmt *names = NULL;
	bstr sql = {0};
	long filled = 0;
	int rc = 0;
	if (rows <= 0)
		return 0;
	if (exec(db, "BEGIN", errbuf, errlen))
		return -1;
	if (sqlite3_prepare_v2(db,
			       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
			       "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
			       -1, &names, NULL) != SQLITE_OK) {
		snprintf(errbuf, errlen, "listing tables: %s", sqlite3_errmsg(db));
		rc = -1;
		goto done;
	}
	while (sqlite3_step(names) == SQLITE_ROW) {
		sqlite3_stmt *ins = NULL;
		sql.n = 0;
		bstr_add(&sql, "INSERT INTO \"");
		for (const char *p = (const char *)sqlite3_column_text(names, 0); *p; p++)
			bstr_addn(&sql, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
		bstr_add(&sql, "\" DEFAULT VALUES");
		if (sqlite3_prepare_v2(db, bstr_str(&sql), -1, &ins, NULL) != SQLITE_OK) {
			snprintf(errbuf, errlen, "%s: %s", bstr_str(&sql), sqlite3_errmsg(db));
			rc = -1;
			goto done;
		}
		for (long i = 0; i < rows; i++) {
			if (sqlite3_step(ins) != SQLITE_DONE) {
				snprintf(errbuf, errlen, "%s: %s", bstr_str(&sql),
					 sqlite3_errmsg(db));
				sqlite3_finalize(ins);
				rc = -1;
				goto done;
			}
			sqlite3_reset(ins);
		}
		sqlite3_finalize(ins);
		/* Commit in chunks: an in-memory database journals every page a transaction
		 * changes, and one transaction over 10,000 tables doubled the peak RSS of setup. */
		if (++filled % FILL_CHUNK == 0 && exec(db, "COMMIT; BEGIN", errbuf, errlen)) {
			rc = -1;
			goto done;
		}
	}
done:
	sqlite3_finalize(names);
	bstr_free(&sql);
	exec(db, rc ? "ROLLBACK" : "COMMIT", errbuf, rc ? 0 : errlen);
	return rc;
}

/*
 * Why not sqlite3_exec(sql): every CREATE costs SQLite time proportional to the schema it
 * already holds: it re-reads the new object with a full scan of sqlite_schema
 * (OP_ParseSchema) and walks every table to clear the foreign-key trigger cache when the
 * schema cookie changes (OP_SetCookie, sqlite3FkClearTriggerCache). Building n objects is
 * O(n^2): 40 s for the 10,000-table gen pair, hours at 100,000.
 *
 * So the builder keeps both small. Right after each statement its new catalog rows move to a
 * temp table (writable_schema), and every CHUNK statements the connection drops its
 * in-memory schema (writable_schema = RESET), which then holds only the recent objects. A
 * statement that needs a table no longer in memory (CREATE INDEX or CREATE TRIGGER on an
 * older table) fails with "no such table: X": the rows of X go back into the catalog, the
 * schema is reset again and the statement retried. (RESET also clears writable_schema,
 * so it is switched on again each time.) At the end every row returns to
 * sqlite_schema in its original order and the catalog is parsed once. The result is
 * byte-identical in sqlite_schema to plain execution and passes integrity_check.
 */
enum { CHUNK = 256 };

typedef struct builder {
	sqlite3 *db;
	sqlite3_stmt *stash, *clear, *restore;
} builder;

static int builder_prep(builder *b, sqlite3_stmt **st, const char *sql)
{
	return *st ? SQLITE_OK : sqlite3_prepare_v2(b->db, sql, -1, st, NULL);
}

static int step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Move the catalog rows into the stash (keeping the first position of each). */
static int builder_stash(builder *b)
{
	if (builder_prep(
		    b, &b->stash,
		    "INSERT OR IGNORE INTO temp.ss_bench_stash(type, name, tbl_name, rootpage, "
		    "sql) SELECT type, name, tbl_name, rootpage, sql FROM main.sqlite_schema "
		    "ORDER BY rowid") ||
	    builder_prep(b, &b->clear, "DELETE FROM main.sqlite_schema"))
		return -1;
	return step_reset(b->stash) || step_reset(b->clear) ? -1 : 0;
}

/* Put the rows of table name back into the catalog and reload the schema. */
static int builder_restore(builder *b, const char *name)
{
	if (builder_prep(b, &b->restore,
			 "INSERT INTO main.sqlite_schema(type, name, tbl_name, rootpage, sql) "
			 "SELECT type, name, tbl_name, rootpage, sql FROM temp.ss_bench_stash "
			 "WHERE tbl_name = ?1 COLLATE NOCASE ORDER BY id"))
		return -1;
	sqlite3_bind_text(b->restore, 1, name, -1, SQLITE_TRANSIENT);
	int rc = step_reset(b->restore);
	sqlite3_clear_bindings(b->restore);
	if (rc != SQLITE_OK || sqlite3_changes(b->db) == 0)
		return -1;
	return sqlite3_exec(b->db, "PRAGMA writable_schema = RESET; PRAGMA writable_schema = ON",
			    NULL, NULL, NULL)
		       ? -1
		       : 0;
}

/* The table named in "no such table: [main.]X", or 0. */
static int missing_table(sqlite3 *db, char *out, size_t len)
{
	const char *m = sqlite3_errmsg(db), *p = strstr(m, "no such table: ");
	if (p == NULL)
		return 0;
	p += 15;
	if (strncmp(p, "main.", 5) == 0)
		p += 5;
	snprintf(out, len, "%s", p);
	return out[0] != 0;
}

static int is_txn_control(const char *sql)
{
	static const char *const kw[] = {"begin", "commit", "end", "rollback"};
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r')
		sql++;
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		size_t n = strlen(kw[i]);
		if (sqlite3_strnicmp(sql, kw[i], (int)n) == 0 &&
		    (sql[n] == 0 || sql[n] == ' ' || sql[n] == ';' || sql[n] == '\n'))
			return 1;
	}
	return 0;
}

sqlite3 *bench_db_build(const char *sql, long rows, char *errbuf, size_t errlen)
{
	builder b;
	sqlite3_stmt *st = NULL;
	const char *tail = sql;
	long since_reset = 0;

	memset(&b, 0, sizeof(b));
	if (sqlite3_open(":memory:", &b.db) != SQLITE_OK) {
		snprintf(errbuf, errlen, "sqlite3_open failed");
		goto fail;
	}
	if (exec(b.db,
		 "PRAGMA writable_schema = ON;"
		 "CREATE TEMP TABLE ss_bench_stash(id INTEGER PRIMARY KEY, type, name, tbl_name, "
		 "rootpage, sql, UNIQUE(type, name));"
		 "CREATE INDEX temp.ss_bench_stash_tbl ON ss_bench_stash(tbl_name COLLATE NOCASE);"
		 "BEGIN",
		 errbuf, errlen))
		goto fail;
	while (tail && *tail) {
		const char *next = NULL, *this_sql = tail;
		int rc = sqlite3_prepare_v2(b.db, tail, -1, &st, &next);
		for (int retry = 0; rc != SQLITE_OK && retry < 8; retry++) {
			char name[256];
			if (!missing_table(b.db, name, sizeof(name)) || builder_restore(&b, name))
				break;
			rc = sqlite3_prepare_v2(b.db, this_sql, -1, &st, &next);
		}
		if (rc != SQLITE_OK) {
			snprintf(errbuf, errlen, "building: %s", sqlite3_errmsg(b.db));
			goto fail;
		}
		tail = next;
		if (st == NULL)
			continue;
		if (is_txn_control(sqlite3_sql(st))) {
			sqlite3_finalize(st);
			st = NULL;
			continue;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			snprintf(errbuf, errlen, "building: %s: %s", sqlite3_sql(st),
				 sqlite3_errmsg(b.db));
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (builder_stash(&b)) {
			snprintf(errbuf, errlen, "builder: %s", sqlite3_errmsg(b.db));
			goto fail;
		}
		if (++since_reset >= CHUNK) {
			since_reset = 0;
			if (exec(b.db,
				 "PRAGMA writable_schema = RESET; PRAGMA writable_schema = ON",
				 errbuf, errlen))
				goto fail;
		}
	}
	sqlite3_finalize(b.stash);
	sqlite3_finalize(b.clear);
	sqlite3_finalize(b.restore);
	b.stash = b.clear = b.restore = NULL;
	if (exec(b.db,
		 "INSERT INTO main.sqlite_schema(type, name, tbl_name, rootpage, sql) "
		 "SELECT type, name, tbl_name, rootpage, sql FROM temp.ss_bench_stash ORDER BY id;"
		 "DROP TABLE temp.ss_bench_stash;"
		 "COMMIT;"
		 "PRAGMA writable_schema = OFF;"
		 "PRAGMA writable_schema = RESET",
		 errbuf, errlen))
		goto fail;
	if (bench_db_count(b.db, "SELECT count(*) FROM sqlite_schema") < 0) {
		snprintf(errbuf, errlen, "builder: %s", sqlite3_errmsg(b.db));
		goto fail;
	}
	if (fill_rows(b.db, rows, errbuf, errlen))
		goto fail;
	return b.db;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(b.stash);
	sqlite3_finalize(b.clear);
	sqlite3_finalize(b.restore);
	sqlite3_close(b.db);
	return NULL;
}

sqlite3 *bench_db_copy(sqlite3 *src, char *errbuf, size_t errlen)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	if (sqlite3_open(":memory:", &dst) != SQLITE_OK) {
		snprintf(errbuf, errlen, "sqlite3_open failed");
		sqlite3_close(dst);
		return NULL;
	}
	bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk == NULL || sqlite3_backup_step(bk, -1) != SQLITE_DONE) {
		snprintf(errbuf, errlen, "backup: %s", sqlite3_errmsg(dst));
		sqlite3_backup_finish(bk);
		sqlite3_close(dst);
		return NULL;
	}
	sqlite3_backup_finish(bk);
	/* Load the schema now, so the timed call does not pay for parsing it. */
	if (bench_db_count(dst, "SELECT count(*) FROM sqlite_schema") < 0) {
		snprintf(errbuf, errlen, "loading the schema of the copy: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return NULL;
	}
	return dst;
}
