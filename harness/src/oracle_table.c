/* SPDX-License-Identifier: MIT */
/*
 * Table descriptions read with PRAGMAs (table_xinfo, index_list, table_list): columns with
 * their declared type, default, key position and hidden flag, WITHOUT ROWID, the rowid alias
 * and AUTOINCREMENT. The reference migration, P3 and P8 stand on them.
 */
#include "oracle.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sh_tdesc_free(sh_tdesc *t)
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

static int tdesc_has_col(void *ctx, const char *name)
{
	return sh_tcol_find(ctx, name) != NULL;
}

void sh_tdesc_read(sh_tdesc *t, sqlite3 *db, const char *name, int wr)
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
			t->cols = sh_realloc(t->cols, (size_t)(t->ncols + 1) * sizeof(sh_tcol));
			sh_tcol *c = &t->cols[t->ncols++];
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
	t->rowid = wr ? NULL : sh_rowid_pick(tdesc_has_col, t);
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

sh_tcol *sh_tcol_find(sh_tdesc *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (!sh_stricmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

void sh_tlist_read(sh_tlist *l, sqlite3 *db)
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

void sh_tlist_free(sh_tlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->wr);
}

int sh_tlist_find(const sh_tlist *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!sh_stricmp(l->names[i], name))
			return i;
	return -1;
}

/* ---- descriptions kept for the case ------------------------------------------------------ */

typedef struct tcache_entry {
	sh_tdesc d;
	int wr;
} tcache_entry;

/* One database's: its table list and the tables described so far. */
typedef struct tcache_db {
	sh_tlist list;
	int have_list;
	tcache_entry **v; /* one block each: what a caller holds stays put */
	int n;
} tcache_db;

struct sh_tcache {
	tcache_db db[2]; /* pristine, alone */
};

static tcache_db *tcache_of(sh_judge *x, sqlite3 *db)
{
	assert(db != NULL && (db == x->pristine || db == x->alone));
	if (!x->tables)
		x->tables = sh_calloc(1, sizeof(*x->tables));
	return &x->tables->db[db == x->alone];
}

const sh_tlist *sh_judge_tlist(sh_judge *x, sqlite3 *db)
{
	tcache_db *c = tcache_of(x, db);
	if (!c->have_list) {
		sh_tlist_read(&c->list, db);
		c->have_list = 1;
	}
	return &c->list;
}

sh_tdesc *sh_judge_tdesc(sh_judge *x, sqlite3 *db, const char *name, int wr)
{
	tcache_db *c = tcache_of(x, db);
	for (int i = 0; i < c->n; i++)
		if (c->v[i]->wr == wr && !strcmp(c->v[i]->d.name, name))
			return &c->v[i]->d;
	c->v = sh_realloc(c->v, (size_t)(c->n + 1) * sizeof(*c->v));
	tcache_entry *e = c->v[c->n++] = sh_calloc(1, sizeof(*e));
	e->wr = wr;
	sh_tdesc_read(&e->d, db, name, wr);
	return &e->d;
}

void sh_judge_tables_free(sh_judge *x)
{
	if (!x->tables)
		return;
	for (int k = 0; k < 2; k++) {
		tcache_db *c = &x->tables->db[k];
		for (int i = 0; i < c->n; i++) {
			sh_tdesc_free(&c->v[i]->d);
			free(c->v[i]);
		}
		free(c->v);
		if (c->have_list)
			sh_tlist_free(&c->list);
	}
	free(x->tables);
	x->tables = NULL;
}
