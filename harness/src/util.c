/* SPDX-License-Identifier: MIT */
/*
 * Harness utilities: allocation that aborts on failure, the growable text buffer and string
 * list, error reporting into ss_error, and small SQLite wrappers.
 */
#include "harness_internal.h"

#include <dirent.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libgcov's constructor hook: every object of a coverage build calls it, so it is linked
 * there and only there (a weak reference does not pull it from libgcov.a elsewhere). */
extern void __gcov_init(void *info) __attribute__((weak));

void sh_child_exit(int status)
{
	fflush(NULL);
	/* _exit skips the handler that writes a coverage build's counters, so a forked
	 * worker's engine calls would not count: in a coverage build, exit normally */
	if (__gcov_init)
		exit(status);
	_exit(status);
}

static void oom(void)
{
	fputs("schemasync harness: out of memory\n", stderr);
	abort();
}

void *sh_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *sh_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *sh_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *sh_strndup(const char *s, size_t n)
{
	char *p = sh_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *sh_strdup(const char *s)
{
	return sh_strndup(s, strlen(s));
}

static int fold(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int sh_strnicmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
		if (x != y)
			return x - y;
		if (!x)
			return 0;
	}
	return 0;
}

const char *sh_strcasestr(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (!sh_strnicmp(s, needle, n))
			return s;
	return NULL;
}

void sh_lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

int sh_stricmp(const char *a, const char *b)
{
	return sh_strnicmp(a, b, (size_t)-1);
}

void sh_buf_init(sh_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void sh_buf_free(sh_buf *b)
{
	free(b->data);
	sh_buf_init(b);
}

static void grow(sh_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = sh_realloc(b->data, cap);
	b->cap = cap;
}

void sh_buf_add(sh_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void sh_buf_adds(sh_buf *b, const char *s)
{
	sh_buf_add(b, s, strlen(s));
}

void sh_buf_addc(sh_buf *b, char c)
{
	sh_buf_add(b, &c, 1);
}

void sh_buf_printf(sh_buf *b, const char *fmt, ...)
{
	/* most texts are short: one formatting pass into the stack, a second only when longer */
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sh_buf_add(b, small, (size_t)n);
		return;
	}
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void quoted(sh_buf *b, const char *s, char q)
{
	sh_buf_addc(b, q);
	for (; *s; s++) {
		if (*s == q)
			sh_buf_addc(b, q);
		sh_buf_addc(b, *s);
	}
	sh_buf_addc(b, q);
}

void sh_buf_ident(sh_buf *b, const char *name)
{
	quoted(b, name, '"');
}

void sh_buf_literal(sh_buf *b, const char *s)
{
	quoted(b, s, '\'');
}

void sh_buf_lines(sh_buf *b, const char *prefix, const char *text, int max_lines)
{
	int lines = 0;
	for (const char *s = text; s && *s && (max_lines < 0 || lines < max_lines); lines++) {
		size_t n = strcspn(s, "\n");
		sh_buf_adds(b, prefix);
		sh_buf_add(b, s, n);
		sh_buf_addc(b, '\n');
		s += n;
		if (*s)
			s++;
	}
}

char *sh_buf_take(sh_buf *b)
{
	char *p = b->data ? b->data : sh_strdup("");
	sh_buf_init(b);
	return p;
}

void ss_harness_free(void *ptr)
{
	free(ptr);
}

/* ---- string lists ---------------------------------------------------------------------- */

void sh_strv_push(sh_strv *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = sh_realloc(l->v, l->cap * sizeof(char *));
	}
	l->v[l->n++] = s;
}

void sh_strv_remove(sh_strv *l, size_t i)
{
	free(l->v[i]);
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(char *));
	l->n--;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sh_strv_sort(sh_strv *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(char *), cmp_str);
}

void sh_strv_flush(sh_strv *l, sh_buf *b, const char *indent)
{
	sh_strv_sort(l);
	for (size_t i = 0; i < l->n; i++) {
		sh_buf_adds(b, indent);
		sh_buf_adds(b, l->v[i]);
		sh_buf_addc(b, '\n');
	}
	sh_strv_free(l);
}

void sh_strv_free(sh_strv *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- errors ------------------------------------------------------------------------------ */

int sh_fail(ss_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* ---- SQLite helpers --------------------------------------------------------------------- */

sqlite3_stmt *sh_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

const char *sh_rowid_pick(int (*has_col)(void *ctx, const char *name), void *ctx)
{
	static const char *const names[] = {"rowid", "_rowid_", "oid"};
	for (int i = 0; i < 3; i++)
		if (!has_col(ctx, names[i]))
			return names[i];
	return NULL;
}

typedef struct table_ref {
	sqlite3 *db;
	const char *table;
} table_ref;

static int db_has_col(void *ctx, const char *name)
{
	table_ref *t = ctx;
	sqlite3_stmt *st = sh_prepare(t->db, "SELECT 1 FROM pragma_table_xinfo(?1, 'main') WHERE "
					     "name = ?2 COLLATE NOCASE");
	int has = 0;
	if (st) {
		sqlite3_bind_text(st, 1, t->table, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		has = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return has;
}

/* Can a table with this CREATE text name a column rowid, _rowid_ or oid at all (the text
 * holds "rowid" or "oid", any case)? Reading it is much cheaper than preparing PRAGMA
 * table_xinfo, which a dump would otherwise do for every table. */
static int text_may_name_rowid(const char *sql)
{
	for (const char *p = sql; *p; p++)
		if (!sh_strnicmp(p, "oid", 3) || !sh_strnicmp(p, "rowid", 5))
			return 1;
	return 0;
}

static int may_have_rowid_column(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = sh_prepare(db, "SELECT sql FROM main.sqlite_schema WHERE type = 'table' "
					  "AND name = ?1");
	int may = 1;
	if (st) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			may = text_may_name_rowid((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return may;
}

const char *sh_rowid_name_sql(sqlite3 *db, const char *table, const char *sql)
{
	table_ref t = {db, table};
	if (sql ? !text_may_name_rowid(sql) : !may_have_rowid_column(db, table))
		return "rowid";
	return sh_rowid_pick(db_has_col, &t);
}

const char *sh_rowid_name(sqlite3 *db, const char *table)
{
	return sh_rowid_name_sql(db, table, NULL);
}

int sh_rowids_at_max(sqlite3 *db, const char *table)
{
	const char *rowid = sh_rowid_name(db, table);
	if (!rowid)
		return 0;
	sh_buf q;
	sh_buf_init(&q);
	sh_buf_printf(&q, "SELECT max(%s) = 9223372036854775807 FROM main.", rowid);
	sh_buf_ident(&q, table);
	sqlite3_stmt *st = sh_prepare(db, q.data);
	sh_buf_free(&q);
	int at_max = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return at_max;
}

int sh_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK && err && errlen)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

sqlite3 *sh_copy_db(sqlite3 *src)
{
	sqlite3 *dst = sh_open_memory();
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk) {
		sqlite3_backup_step(bk, -1);
		sqlite3_backup_finish(bk);
	}
	return dst;
}

const char *sh_col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "-";
}

sqlite3 *sh_open_memory(void)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		fputs("schemasync harness: cannot open an in-memory database\n", stderr);
		abort();
	}
	return db;
}

char *sh_row_line(sqlite3_stmt *st)
{
	sh_buf r;
	sh_buf_init(&r);
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		if (i)
			sh_buf_addc(&r, '|');
		sh_buf_value(&r, st, i);
	}
	return sh_buf_take(&r);
}

void sh_buf_value(sh_buf *b, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		sh_buf_adds(b, "NULL");
		break;
	case SQLITE_INTEGER: {
		/* by hand: dumps render every value of every row, several times per case */
		char d[24];
		sqlite3_int64 v = sqlite3_column_int64(st, col);
		sqlite3_uint64 u = v < 0 ? 0 - (sqlite3_uint64)v : (sqlite3_uint64)v;
		size_t i = sizeof(d);
		do
			d[--i] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v < 0)
			d[--i] = '-';
		d[--i] = 'i';
		sh_buf_add(b, d + i, sizeof(d) - i);
		break;
	}
	case SQLITE_FLOAT:
		sh_buf_printf(b, "r%.17g", sqlite3_column_double(st, col));
		break;
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(st, col);
		int n = sqlite3_column_bytes(st, col);
		sh_buf_addc(b, 't');
		sh_buf_literal(b, t ? t : "");
		if (t && (int)strlen(t) != n)
			sh_buf_printf(b, "/%d", n);
		break;
	}
	default: {
		const unsigned char *p = sqlite3_column_blob(st, col);
		int n = sqlite3_column_bytes(st, col);
		static const char hex[] = "0123456789abcdef";
		sh_buf_adds(b, "x'");
		for (int i = 0; i < n; i++) {
			sh_buf_addc(b, hex[p[i] >> 4]);
			sh_buf_addc(b, hex[p[i] & 15]);
		}
		sh_buf_addc(b, '\'');
	}
	}
}

/* ---- files ------------------------------------------------------------------------------- */

int sh_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

char *sh_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sh_buf b;
	sh_buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sh_buf_add(&b, chunk, n);
	fclose(f);
	return sh_buf_take(&b);
}

void sh_sql_folder_entries(sh_strv *out, const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		sh_buf p;
		sh_buf_init(&p);
		sh_buf_printf(&p, "%s/%s", path, e->d_name);
		struct stat st;
		if (stat(p.data, &st) == 0 &&
		    (S_ISDIR(st.st_mode) || sh_ends_with(e->d_name, ".sql")))
			sh_strv_push(out, sh_buf_take(&p));
		else
			sh_buf_free(&p);
	}
	closedir(d);
	sh_strv_sort(out);
}
