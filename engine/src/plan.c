/* SPDX-License-Identifier: MIT */
/*
 * The planner: compare a live and a desired model and emit the ordered statements that
 * migrate one into the other, keeping every row.
 *
 * Per table it chooses, in this order of preference: nothing (equal), ALTER TABLE DROP /
 * ADD COLUMN in place (where SQLite accepts it), or SQLite's documented rebuild: create the
 * new table under a scratch name, copy the kept columns (rowids included), drop the old one,
 * rename the new one. The old table is never renamed aside: since SQLite 3.26 that rewrites
 * other tables' REFERENCES, views and triggers to the temporary name.
 *
 * Views and triggers that mention a table that is rebuilt, loses columns or is dropped are
 * dropped first and recreated after (SQLite re-validates every view and trigger on RENAME
 * and DROP COLUMN). All lookups are binary searches over sorted arrays, so planning costs
 * O(n log n) in the number of objects.
 */
#include "plan.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* From this many live objects on, ALTER TABLE's schema reload outweighs copying a table of
 * fewer than 10 rows per object (see decide_table). */
#define SS_ALTER_RELOAD_MIN_OBJECTS 1000

enum table_action { T_NONE = 0, T_EQUAL, T_INPLACE, T_REBUILD, T_DROP, T_CREATE };

typedef struct table_plan {
	enum table_action action;
	const ss_object *live;
	const ss_object *desired;
	char *reason;             /* "rebuilding table ..."; owned by the live side's entry */
	unsigned char *drop_cols; /* per live column: dropped in place */
	unsigned char *add_cols;  /* per desired column: added in place */
} table_plan;

#define NO_TWIN UINT32_MAX

/* A set of borrowed strings: open addressing, with each key's hash kept beside it so that
 * a probe of a small set stays in cache and rarely reads a key. */
typedef struct keyset {
	const char **keys;
	size_t *hashes;
	size_t cap, n; /* cap: a power of two, or 0 */
} keyset;

static void keyset_free(keyset *ks)
{
	ss_free(ks->keys);
	ss_free(ks->hashes);
	memset(ks, 0, sizeof(*ks));
}

static int keyset_contains(const keyset *ks, const char *key)
{
	if (ks->n == 0)
		return 0;
	size_t h = ss__str_hash(0, key), mask = ks->cap - 1;
	for (size_t i = h & mask; ks->keys[i] != NULL; i = (i + 1) & mask)
		if (ks->hashes[i] == h && strcmp(ks->keys[i], key) == 0)
			return 1;
	return 0;
}

static void keyset_place(keyset *ks, const char *key, size_t h)
{
	size_t mask = ks->cap - 1, i = h & mask;
	while (ks->keys[i] != NULL)
		i = (i + 1) & mask;
	ks->keys[i] = key;
	ks->hashes[i] = h;
	ks->n++;
}

/* Add key (borrowed: it must outlive the set) unless present. 0, or -1 without memory. */
static int keyset_add(keyset *ks, const char *key)
{
	if (keyset_contains(ks, key))
		return 0;
	if (2 * (ks->n + 1) > ks->cap) {
		keyset old = *ks;
		ks->cap = old.cap ? 2 * old.cap : 64;
		ks->n = 0;
		ks->keys = ss__calloc(ks->cap, sizeof(char *));
		ks->hashes = ss__calloc(ks->cap, sizeof(size_t));
		if (ks->keys == NULL || ks->hashes == NULL) {
			keyset_free(ks);
			*ks = old;
			return -1;
		}
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL)
				keyset_place(ks, old.keys[i], old.hashes[i]);
		keyset_free(&old);
	}
	keyset_place(ks, key, ss__str_hash(0, key));
	return 0;
}

typedef struct planner {
	const ss_schema *L, *D;
	sqlite3 *db;
	const ss_options *opts;
	const char *prefix;
	ss_plan *p;
	ss_error *err;
	int fk_on;
	table_plan *lt; /* per live table (see live_plan) */
	table_plan *dt; /* per desired table: creations */
	/* Twins: the object of the same type and key on the other side, as an index, or
	 * NO_TWIN. Found once by merging the two sorted object arrays: each later lookup is an
	 * array read instead of a hash probe into scattered memory. */
	uint32_t *l2d, *d2l;
	/* objects of type t: [lfrom[t], lto[t]) on the live side, [dfrom[t], dto[t]) desired */
	size_t lfrom[SS_OBJ_TRIGGER + 1], lto[SS_OBJ_TRIGGER + 1];
	size_t dfrom[SS_OBJ_TRIGGER + 1], dto[SS_OBJ_TRIGGER + 1];
	/* what a view or trigger must not mention to stay: the keys of tables that are
	 * rebuilt, lose columns or are dropped, and of live views that are dropped */
	keyset touched;
	keyset dropped_views;
	/* keys of live tables rebuilt / dropped: a small set an index or trigger checks its
	 * table against, instead of a probe into the whole live schema */
	keyset rebuilt_tables, dropped_tables;
	ss_buf destructive;
	size_t *ix_head, *ix_next, ix_mask; /* see live_index_chains */
} planner;

/* The index of the first object of type t or later (s is sorted by type first). */
static size_t first_of_type(const ss_schema *s, int t)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int)s->objs[mid].type < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where each type's run of objects starts and ends in s. */
static void type_ranges(const ss_schema *s, size_t *from, size_t *to)
{
	for (int t = 0; t <= SS_OBJ_TRIGGER; t++) {
		from[t] = first_of_type(s, t);
		to[t] = first_of_type(s, t + 1);
	}
}

/* The key of object i (< end, else NULL), whose predecessor's key is prev. */
static const char *next_key(const ss_schema *s, size_t i, size_t end, const char *prev)
{
	if (i >= end)
		return NULL;
	const char *key = s->keys_packed ? prev + strlen(prev) + 1 : s->objs[i].key;
	assert(key == s->objs[i].key);
	return key;
}

/*
 * Both object arrays are sorted by (type, key): one merge per type pairs every object with
 * its twin. Packed keys are read straight from the pool.
 * Also finds each type's range, so that a pass over one type reads only its objects.
 */
static void pair_twins(planner *pl)
{
	const ss_schema *L = pl->L, *D = pl->D;
	type_ranges(L, pl->lfrom, pl->lto);
	type_ranges(D, pl->dfrom, pl->dto);
	for (size_t k = 0; k < L->n; k++)
		pl->l2d[k] = NO_TWIN;
	for (size_t k = 0; k < D->n; k++)
		pl->d2l[k] = NO_TWIN;
	for (int t = SS_OBJ_TABLE; t <= SS_OBJ_TRIGGER; t++) {
		size_t i = pl->lfrom[t], j = pl->dfrom[t];
		if (i == pl->lto[t] || j == pl->dto[t])
			continue;
		const char *lk = L->objs[i].key, *dk = D->objs[j].key;
		for (;;) {
			int c = strcmp(lk, dk);
			if (c == 0) {
				pl->l2d[i] = (uint32_t)j;
				pl->d2l[j] = (uint32_t)i;
			}
			if (c <= 0 && (lk = next_key(L, ++i, pl->lto[t], lk)) == NULL)
				break;
			if (c >= 0 && (dk = next_key(D, ++j, pl->dto[t], dk)) == NULL)
				break;
		}
	}
}

static const ss_object *desired_twin(const planner *pl, size_t live_index)
{
	uint32_t j = pl->l2d[live_index];
	return j == NO_TWIN ? NULL : &pl->D->objs[j];
}

static const ss_object *live_twin(const planner *pl, size_t desired_index)
{
	uint32_t i = pl->d2l[desired_index];
	return i == NO_TWIN ? NULL : &pl->L->objs[i];
}

/* How many live / desired objects are of type t. */
static size_t live_count(const planner *pl, int t)
{
	return pl->lto[t] - pl->lfrom[t];
}

static size_t desired_count(const planner *pl, int t)
{
	return pl->dto[t] - pl->dfrom[t];
}

/* Equal normalized definitions (a model shared by both sides compares equal at once). */
static int same_norm(const ss_object *a, const ss_object *b)
{
	return a->norm == b->norm || strcmp(a->norm, b->norm) == 0;
}

/* The table plan of live table i (an index into L->objs), and of desired table i. */
static table_plan *live_plan(const planner *pl, size_t i)
{
	return &pl->lt[i - pl->lfrom[SS_OBJ_TABLE]];
}

static table_plan *desired_plan(const planner *pl, size_t i)
{
	return &pl->dt[i - pl->dfrom[SS_OBJ_TABLE]];
}

/* ---- plan container -------------------------------------------------------------------- */

ss_plan *ss__plan_new(void)
{
	ss_plan *p = ss__calloc(1, sizeof(ss_plan));
	if (p != NULL)
		ss_buf_init(&p->text);
	return p;
}

int ss__plan_add(ss_plan *p, const char *sql, const char *reason, int destructive)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		size_t *s = ss__realloc(p->sql_at, cap * sizeof(size_t));
		if (s == NULL)
			return SS_E_NOMEM;
		p->sql_at = s;
		size_t *r = ss__realloc(p->reason_at, cap * sizeof(size_t));
		if (r == NULL)
			return SS_E_NOMEM;
		p->reason_at = r;
		unsigned char *d = ss__realloc(p->destructive, cap);
		if (d == NULL)
			return SS_E_NOMEM;
		p->destructive = d;
		p->cap = cap;
	}
	size_t s = p->text.len;
	ss_buf_add(&p->text, sql, strlen(sql) + 1);
	size_t r = p->text.len;
	if (reason != NULL)
		ss_buf_adds(&p->text, reason);
	ss_buf_add(&p->text, "", 1);
	if (p->text.failed)
		return SS_E_NOMEM;
	p->sql_at[p->n] = s;
	p->reason_at[p->n] = r;
	p->destructive[p->n] = (unsigned char)(destructive != 0);
	p->n++;
	return 0;
}

size_t ss_plan_count(const ss_plan *p)
{
	return p ? p->n : 0;
}

const char *ss_plan_statement(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->text.data + p->sql_at[i] : NULL;
}

const char *ss_plan_reason(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->text.data + p->reason_at[i] : NULL;
}

int ss_plan_is_destructive(const ss_plan *p, size_t i)
{
	return (p && i < p->n) ? p->destructive[i] : 0;
}

ss_strategy ss_plan_strategy(const ss_plan *p)
{
	return p ? p->strategy : SS_STRATEGY_AUTO;
}

double ss_plan_phase_usec(const ss_plan *p, int phase)
{
	return (p && phase >= 0 && phase < 4) ? p->usec[phase] : 0.0;
}

char *ss_plan_to_sql(const ss_plan *p)
{
	ss_buf b;
	ss_buf_init(&b);
	for (size_t i = 0; p && i < p->n; i++) {
		if (ss_plan_reason(p, i)[0])
			ss_buf_printf(&b, "-- %s\n", ss_plan_reason(p, i));
		ss_buf_adds(&b, ss_plan_statement(p, i));
		ss_buf_adds(&b, ";\n");
	}
	return ss_buf_detach(&b);
}

void ss_plan_free(ss_plan *p)
{
	if (p == NULL)
		return;
	ss_buf_free(&p->text);
	ss_free(p->sql_at);
	ss_free(p->reason_at);
	ss_free(p->destructive);
	ss_free(p->destructive_summary);
	ss_free(p);
}

/* ---- helpers --------------------------------------------------------------------------- */

static int nomem(planner *pl)
{
	return ss__fail(pl->err, SS_E_NOMEM, "out of memory while planning");
}

static int emit(planner *pl, const char *sql, const char *reason, int destructive)
{
	if (ss__plan_add(pl->p, sql, reason, destructive) != 0)
		return nomem(pl);
	if (destructive) {
		ss_buf_adds(&pl->destructive, pl->destructive.len ? "; " : "");
		ss_buf_adds(&pl->destructive, sql);
	}
	return 0;
}

static int emitf_drop(planner *pl, const char *kind, const char *name, const char *reason,
		      int destructive)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_printf(&b, "DROP %s ", kind);
	ss_buf_add_ident(&b, name);
	char *s = ss_buf_detach(&b);
	if (s == NULL)
		return nomem(pl);
	int rc = emit(pl, s, reason, destructive);
	ss_free(s);
	return rc;
}

static size_t obj_index(const ss_schema *s, const ss_object *o)
{
	return (size_t)(o - s->objs);
}

/* min(rows of the table, limit), read with a bounded scan. Without a database: 0. */
static int table_rows_upto(planner *pl, const char *name, long limit, long *out)
{
	*out = 0;
	if (pl->db == NULL)
		return 0;
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "SELECT count(*) FROM (SELECT 1 FROM \"main\".");
	ss_buf_add_ident(&b, name);
	ss_buf_printf(&b, " LIMIT %ld)", limit);
	char *q = ss_buf_detach(&b);
	if (q == NULL)
		return nomem(pl);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(pl->db, q, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = (long)sqlite3_column_int64(st, 0);
		rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	ss_free(q);
	if (rc != SQLITE_OK)
		return ss__fail(pl->err, SS_E_SQLITE, "counting rows of \"%s\": %s", name,
				sqlite3_errmsg(pl->db));
	return 0;
}

/* Does the table hold rows? Without a database the answer is "no". */
static int table_has_rows(planner *pl, const char *name, int *out)
{
	long n = 0;
	int rc = table_rows_upto(pl, name, 1, &n);
	*out = n > 0;
	return rc;
}

static const ss_column *find_col(const ss_object *t, const char *name, size_t *pos)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (ss_stricmp(t->cols[i].name, name) == 0) {
			if (pos)
				*pos = i;
			return &t->cols[i];
		}
	return NULL;
}

/* Is name (ASCII case-insensitive) an identifier inside normalized text? */
static int norm_mentions(const char *norm, const char *name)
{
	ss_buf b;
	ss_buf_init(&b);
	for (const char *p = name; *p; p++) {
		char c = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
		if (c == '"')
			ss_buf_addc(&b, '"');
		ss_buf_addc(&b, c);
	}
	char *l = ss_buf_detach(&b);
	if (l == NULL)
		return 1; /* conservative */
	size_t ln = strlen(l);
	int found = 0;
	for (const char *p = norm; *p && !found; p++) {
		/* quoted form "name" */
		if (*p == '"' && strncmp(p + 1, l, ln) == 0 && p[1 + ln] == '"' && p[2 + ln] != '"')
			found = 1;
		/* a keyword used as a name appears bare */
		else if ((p == norm || p[-1] == ' ' || p[-1] == '(') && strncmp(p, l, ln) == 0 &&
			 (p[ln] == 0 || p[ln] == ' ' || p[ln] == ')' || p[ln] == ','))
			found = 1;
	}
	ss_free(l);
	return found;
}

/* A column's definition text after its name, for reason comments. */
static const char *col_body(const ss_column *c)
{
	ss_tok_type type;
	const char *z = c->def_sql;
	z += ss_sql_token(z, &type);
	while (*z == ' ' || *z == '\t' || *z == '\n' || *z == '\r')
		z++;
	return z;
}

static int is_rowid_alias(const ss_object *t, const ss_column *c)
{
	if (t->without_rowid || c->pk != 1 || ss_stricmp(c->type, "integer") != 0)
		return 0;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].pk > 1)
			return 0; /* composite key */
	/* "INTEGER PRIMARY KEY DESC" is not an alias (SQLite quirk) */
	return strstr(c->def_norm, "primary key desc") == NULL;
}

/* qsort, after one pass that finds the input usually already in order (objects are kept
 * sorted by key). */
static void sort_unless_sorted(void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	const char *v = base;
	for (size_t i = 1; i < n; i++)
		if (cmp(v + (i - 1) * size, v + i * size) > 0) {
			qsort(base, n, size, cmp);
			return;
		}
}

/*
 * The live indexes on a table, chained by a hash of the table's key: built on first use
 * (only a column dropped in place needs them), in one pass with no sort.
 */
static int live_index_chains(planner *pl)
{
	if (pl->ix_head != NULL)
		return 0;
	size_t from = pl->lfrom[SS_OBJ_INDEX], n = pl->lto[SS_OBJ_INDEX] - from, cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	pl->ix_head = ss__calloc(cap, sizeof(size_t));
	pl->ix_next = ss__calloc(n ? n : 1, sizeof(size_t));
	if (pl->ix_head == NULL || pl->ix_next == NULL)
		return nomem(pl);
	pl->ix_mask = cap - 1;
	/* packed, the indexes' table keys follow each other in the pool (tables have none) */
	const char *tk = NULL;
	for (size_t k = 0; k < n; k++) {
		tk = pl->L->keys_packed && tk ? tk + strlen(tk) + 1
					      : pl->L->objs[from + k].target_key;
		assert(tk == pl->L->objs[from + k].target_key);
		size_t h = ss__str_hash(0, tk) & pl->ix_mask;
		pl->ix_next[k] = pl->ix_head[h];
		pl->ix_head[h] = k + 1;
	}
	return 0;
}

/* The next live index on table key after *cursor (0 to start), or NULL. */
static const ss_object *next_live_index_on(const planner *pl, const char *key, size_t *cursor)
{
	size_t k = *cursor ? pl->ix_next[*cursor - 1]
			   : pl->ix_head[ss__str_hash(0, key) & pl->ix_mask];
	for (; k != 0; k = pl->ix_next[k - 1]) {
		const ss_object *ix = &pl->L->objs[pl->lfrom[SS_OBJ_INDEX] + k - 1];
		if (strcmp(ix->target_key, key) == 0) {
			*cursor = k;
			return ix;
		}
	}
	*cursor = 0;
	return NULL;
}

/* ---- per-table decision ---------------------------------------------------------------- */

/* Refuse changes that would have to invent data for existing rows. */
static int check_invented_data(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	int rows = -1;
	for (size_t i = 0; i < d->ncols; i++) {
		const ss_column *c = &d->cols[i];
		if (find_col(l, c->name, NULL) != NULL || c->hidden != 0)
			continue;
		int pk = c->pk > 0;
		int notnull_nodefault =
			c->notnull && (c->dflt == NULL || ss_stricmp(c->dflt, "null") == 0);
		if (!pk && !notnull_nodefault)
			continue;
		if (rows < 0 && table_has_rows(pl, l->name, &rows) != 0)
			return pl->err ? pl->err->code : SS_E_SQLITE;
		if (rows > 0)
			return ss__fail(
				pl->err, SS_E_REFUSED,
				"refusing to change table \"%s\": new %s column \"%s\" would "
				"need values invented for its existing rows",
				d->name, pk ? "primary-key" : "NOT NULL (without default)",
				c->name);
	}
	return 0;
}

static int can_add_in_place(planner *pl, const ss_object *t, const ss_column *c, const char **why)
{
	int null_default = c->dflt == NULL || ss_stricmp(c->dflt, "null") == 0;
	if (c->flags & SS_COL_PRIMARY)
		*why = "PRIMARY KEY";
	else if (c->flags & SS_COL_UNIQUE)
		*why = "UNIQUE";
	else if (c->flags & SS_COL_DEFAULT_CURRENT)
		*why = "CURRENT_* default";
	else if (c->flags & SS_COL_DEFAULT_EXPR)
		*why = "expression default";
	else if (c->hidden == 3 || (c->flags & SS_COL_STORED))
		*why = "STORED generated";
	else if (c->hidden != 0 && c->notnull)
		*why = "NOT NULL generated";
	else if (c->notnull && null_default)
		*why = "NOT NULL without a default";
	else if (c->flags & SS_COL_FK_FROM_TABLE)
		*why = "its foreign key is a table constraint";
	else if (t->strict && !null_default)
		*why = "STRICT table: SQLite does not check the default's type";
	else if ((c->flags & SS_COL_REFERENCES) && pl->fk_on && !null_default)
		*why = "REFERENCES with a non-NULL default";
	else
		return 1;
	return 0;
}

/*
 * Decide what happens to a table present on both sides. Sets tp->action and, for rebuilds,
 * tp->reason ("rebuilding table ...").
 */
/* Do two tables read the same (spelling, columns, constraints, options)? */
static int same_table_text(const ss_object *l, const ss_object *d)
{
	if (strcmp(l->name, d->name) != 0)
		return 0;
	/* equal normalized text means equal parts: one string compared, not every column's */
	if (same_norm(l, d))
		return 1;
	if (strcmp(l->options, d->options) != 0 || l->ncols != d->ncols || l->ncons != d->ncons)
		return 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i].name, d->cols[i].name) != 0 ||
		    strcmp(l->cols[i].def_norm, d->cols[i].def_norm) != 0)
			return 0;
	for (size_t i = 0; i < l->ncons; i++)
		if (strcmp(l->cons[i], d->cons[i]) != 0)
			return 0;
	return 1;
}

/* Column facts of a lazily inspected table (the live side): read on first need. */
static int ensure_facts(planner *pl, const ss_object *t)
{
	if (t->facts_loaded)
		return 0;
	if (pl->db == NULL)
		return ss__fail(pl->err, SS_E_MISUSE,
				"table \"%s\": column facts not loaded and no database given",
				t->name);
	return ss__table_facts((ss_object *)t, pl->db, "main", pl->err);
}

static int decide_table(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	char why[400] = "";
	size_t last_kept_pos = 0;
	int any_kept = 0, order_ok = 1, changed = 0;

	if (same_table_text(l, d)) {
		tp->action = T_EQUAL;
		return 0;
	}
	if (ensure_facts(pl, l) != 0 || ensure_facts(pl, d) != 0)
		return pl->err->code;

	if (strcmp(l->name, d->name) != 0) {
		snprintf(why, sizeof(why), "name spelling changed from \"%s\" to \"%s\"", l->name,
			 d->name);
		goto rebuild;
	}
	if (strcmp(l->options, d->options) != 0) {
		snprintf(why, sizeof(why), "%s%s%s%s",
			 l->strict == d->strict ? ""
			 : d->strict            ? "STRICT added"
						: "STRICT removed",
			 l->strict != d->strict && l->without_rowid != d->without_rowid ? ", " : "",
			 l->without_rowid == d->without_rowid ? ""
			 : d->without_rowid                   ? "WITHOUT ROWID added"
							      : "WITHOUT ROWID removed",
			 l->strict == d->strict && l->without_rowid == d->without_rowid
				 ? "table options changed"
				 : "");
		goto rebuild;
	}
	{
		size_t lc = 0, dc = 0;
		for (;;) {
#if SS_PLANT_BUG == SS_BUG_IGNORE_CHECK
			while (lc < l->ncons && strstr(l->cons[lc], "check") != NULL)
				lc++;
			while (dc < d->ncons && strstr(d->cons[dc], "check") != NULL)
				dc++;
#endif
			if (lc >= l->ncons || dc >= d->ncons)
				break;
			if (strcmp(l->cons[lc], d->cons[dc]) != 0)
				break;
			lc++;
			dc++;
		}
		if (lc < l->ncons || dc < d->ncons) {
			snprintf(why, sizeof(why), "table constraints changed");
			goto rebuild;
		}
	}
	/* columns present on both sides: same spelling, same definition, same order */
	for (size_t i = 0; i < l->ncols; i++) {
		size_t pos;
		const ss_column *lc = &l->cols[i];
		const ss_column *dc = find_col(d, lc->name, &pos);
		if (dc == NULL) {
			changed = 1;
			continue;
		}
		if (strcmp(lc->name, dc->name) != 0) {
			snprintf(why, sizeof(why), "column \"%s\" renamed to \"%s\"", lc->name,
				 dc->name);
			goto rebuild;
		}
		if (strcmp(lc->def_norm, dc->def_norm) != 0) {
#if SS_PLANT_BUG == SS_BUG_IGNORE_CHECK
			if (strstr(lc->def_norm, "check") || strstr(dc->def_norm, "check"))
				continue;
#endif
			if (ss_stricmp(lc->type, dc->type) != 0)
				snprintf(why, sizeof(why),
					 "column \"%s\" type changed from %s to %s", dc->name,
					 lc->type[0] ? lc->type : "(none)",
					 dc->type[0] ? dc->type : "(none)");
			else
				snprintf(why, sizeof(why),
					 "column \"%s\" definition changed from \"%s\" to \"%s\"",
					 dc->name, col_body(lc), col_body(dc));
			goto rebuild;
		}
		if (any_kept && pos < last_kept_pos)
			order_ok = 0;
		last_kept_pos = pos;
		any_kept = 1;
	}
	if (!order_ok) {
		snprintf(why, sizeof(why), "column order changed");
		goto rebuild;
	}
	for (size_t i = 0; i < d->ncols; i++) {
		if (find_col(l, d->cols[i].name, NULL) != NULL)
			continue;
		changed = 1;
		if (any_kept && i < last_kept_pos) {
			snprintf(why, sizeof(why), "column \"%s\" added before existing columns",
				 d->cols[i].name);
			goto rebuild;
		}
		const char *no = NULL;
		if (!can_add_in_place(pl, d, &d->cols[i], &no)) {
			snprintf(why, sizeof(why), "column \"%s\" cannot be added in place (%s)",
				 d->cols[i].name, no);
			goto rebuild;
		}
	}
	if (!changed) {
		tp->action = T_EQUAL;
		return 0;
	}
	/* columns to drop in place: nothing else in the table or its kept indexes uses them */
	for (size_t i = 0; i < l->ncols; i++) {
		const ss_column *c = &l->cols[i];
		if (find_col(d, c->name, NULL) != NULL)
			continue;
		/* SQLite refuses to drop a key, a unique or a foreign-key column */
		int used = c->pk > 0 ||
			   (c->flags & (SS_COL_PRIMARY | SS_COL_UNIQUE | SS_COL_REFERENCES)) != 0;
		for (size_t k = 0; !used && k < l->ncols; k++)
			if (k != i && norm_mentions(l->cols[k].def_norm, c->name))
				used = 1;
		for (size_t k = 0; !used && k < l->ncons; k++)
			if (norm_mentions(l->cons[k], c->name))
				used = 1;
		if (!used && live_index_chains(pl) != 0)
			return pl->err->code;
		size_t cursor = 0;
		const ss_object *ix;
		while (!used && (ix = next_live_index_on(pl, l->key, &cursor)) != NULL) {
			const ss_object *dix = desired_twin(pl, obj_index(pl->L, ix));
			if (dix != NULL && same_norm(dix, ix) && norm_mentions(ix->norm, c->name))
				used = 1;
		}
		if (used) {
			snprintf(why, sizeof(why), "column \"%s\" cannot be dropped in place",
				 c->name);
			goto rebuild;
		}
	}
	if (check_invented_data(pl, tp) != 0)
		return pl->err->code;
	/*
	 * Every ALTER TABLE makes SQLite reload the whole schema (about 13 us per object,
	 * measured on 3.40), while a copy costs about 1 us per row. In a large schema a small
	 * table is therefore rebuilt by copying instead; small schemas always alter in place.
	 */
	if (pl->L->n >= SS_ALTER_RELOAD_MIN_OBJECTS) {
		long rows = 0, limit = 10 * (long)pl->L->n;
		if (table_rows_upto(pl, l->name, limit, &rows) != 0)
			return pl->err->code;
		if (rows < limit) {
			snprintf(why, sizeof(why),
				 "copying %ld rows costs less than SQLite's schema reload after "
				 "ALTER TABLE in a schema of %zu objects",
				 rows, pl->L->n);
			goto rebuild;
		}
	}
	tp->action = T_INPLACE;
	tp->drop_cols = ss__calloc(l->ncols, 1);
	tp->add_cols = ss__calloc(d->ncols, 1);
	if (tp->drop_cols == NULL || tp->add_cols == NULL)
		return nomem(pl);
	for (size_t i = 0; i < l->ncols; i++)
		tp->drop_cols[i] = find_col(d, l->cols[i].name, NULL) == NULL;
	for (size_t i = 0; i < d->ncols; i++)
		tp->add_cols[i] = find_col(l, d->cols[i].name, NULL) == NULL;
	return 0;
rebuild:
	if (check_invented_data(pl, tp) != 0)
		return pl->err->code;
	tp->action = T_REBUILD;
	{
		ss_buf r;
		ss_buf_init(&r);
		ss_buf_printf(&r, "rebuilding table \"%s\": %s", d->name, why);
		if ((tp->reason = ss_buf_detach(&r)) == NULL)
			return nomem(pl);
	}
	return 0;
}

/* ---- ordering -------------------------------------------------------------------------- */

/*
 * Order items so that each comes after the items it depends on (Kahn's algorithm); ties and
 * cycles fall back to the input order, which is sorted by key, so the result is
 * deterministic. deps(i) lists indexes into the same item array.
 */
typedef struct topo_item {
	const ss_object *obj;
	size_t *deps;
	size_t ndeps;
} topo_item;

static int cmp_key_obj(const void *a, const void *b)
{
	const topo_item *x = a, *y = b;
	return strcmp(x->obj->key, y->obj->key);
}

static size_t find_item(const topo_item *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].obj->key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Fill deps of each item from the names it mentions (views) or references (tables). */
/* Each item's dependencies, all in one block (*block, for the caller to free). */
static int topo_build_deps(topo_item *v, size_t n, int use_fk, size_t **block)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += use_fk ? v[i].obj->nfk : v[i].obj->nmentions;
	size_t *at = *block = ss__malloc((total ? total : 1) * sizeof(size_t));
	if (at == NULL)
		return SS_E_NOMEM;
	for (size_t i = 0; i < n; i++) {
		char *const *names = use_fk ? v[i].obj->fk_targets : v[i].obj->mentions;
		size_t nn = use_fk ? v[i].obj->nfk : v[i].obj->nmentions;
		v[i].deps = at;
		for (size_t k = 0; k < nn; k++) {
			size_t j = find_item(v, n, names[k]);
			if (j != (size_t)-1 && j != i)
				v[i].deps[v[i].ndeps++] = j;
		}
		at += nn;
	}
	return 0;
}

/* Writes the order into out (n entries). */
static int topo_sort(topo_item *v, size_t n, size_t *out)
{
	size_t *indeg = ss__calloc(n ? n : 1, sizeof(size_t));
	unsigned char *done = ss__calloc(n ? n : 1, 1);
	size_t *rev_start = ss__calloc(n + 1, sizeof(size_t));
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += v[i].ndeps;
	size_t *rev = ss__calloc(total ? total : 1, sizeof(size_t));
	size_t *heap = ss__calloc(n ? n : 1, sizeof(size_t));
	if (!indeg || !done || !rev_start || !rev || !heap) {
		ss_free(indeg);
		ss_free(done);
		ss_free(rev_start);
		ss_free(rev);
		ss_free(heap);
		return SS_E_NOMEM;
	}
	/* reverse edges: for dependency j, the items that wait for it */
	for (size_t i = 0; i < n; i++) {
		indeg[i] = v[i].ndeps;
		for (size_t k = 0; k < v[i].ndeps; k++)
			rev_start[v[i].deps[k] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		rev_start[i + 1] += rev_start[i];
	{
		size_t *fill = ss__calloc(n ? n : 1, sizeof(size_t));
		if (fill == NULL) {
			ss_free(indeg);
			ss_free(done);
			ss_free(rev_start);
			ss_free(rev);
			ss_free(heap);
			return SS_E_NOMEM;
		}
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < v[i].ndeps; k++) {
				size_t j = v[i].deps[k];
				rev[rev_start[j] + fill[j]++] = i;
			}
		ss_free(fill);
	}
	/* min-heap of ready items by index (= key order) */
	size_t hn = 0, outn = 0, next_unforced = 0;
#define HEAP_PUSH(x)                                                                               \
	do {                                                                                       \
		size_t c_ = hn++;                                                                  \
		heap[c_] = (x);                                                                    \
		while (c_ > 0 && heap[(c_ - 1) / 2] > heap[c_]) {                                  \
			size_t t_ = heap[c_];                                                      \
			heap[c_] = heap[(c_ - 1) / 2];                                             \
			heap[(c_ - 1) / 2] = t_;                                                   \
			c_ = (c_ - 1) / 2;                                                         \
		}                                                                                  \
	} while (0)
	for (size_t i = 0; i < n; i++)
		if (indeg[i] == 0)
			HEAP_PUSH(i);
	while (outn < n) {
		size_t x;
		if (hn == 0) {
			/* a cycle: release the first item not yet emitted */
			while (done[next_unforced])
				next_unforced++;
			x = next_unforced;
		} else {
			x = heap[0];
			heap[0] = heap[--hn];
			size_t c = 0;
			for (;;) {
				size_t l = 2 * c + 1, r = l + 1, m = c;
				if (l < hn && heap[l] < heap[m])
					m = l;
				if (r < hn && heap[r] < heap[m])
					m = r;
				if (m == c)
					break;
				size_t t = heap[c];
				heap[c] = heap[m];
				heap[m] = t;
				c = m;
			}
			if (done[x])
				continue;
		}
		done[x] = 1;
		out[outn++] = x;
		for (size_t k = rev_start[x]; k < rev_start[x + 1]; k++) {
			size_t w = rev[k];
			if (!done[w] && indeg[w] > 0 && --indeg[w] == 0)
				HEAP_PUSH(w);
		}
	}
#undef HEAP_PUSH
	ss_free(indeg);
	ss_free(done);
	ss_free(rev_start);
	ss_free(rev);
	ss_free(heap);
	return 0;
}

/* Objects to emit in dependency order: add them, then topo_finish, then walk order[]. */
typedef struct topo_list {
	topo_item *items;
	size_t n;
	size_t *order;
	size_t *deps; /* every item's dependencies */
} topo_list;

static int topo_begin(planner *pl, topo_list *t, size_t cap)
{
	t->n = 0;
	t->deps = NULL;
	t->items = ss__calloc(cap ? cap : 1, sizeof(topo_item));
	t->order = ss__calloc(cap ? cap : 1, sizeof(size_t));
	return (t->items && t->order) ? 0 : nomem(pl);
}

/* use_fk: dependencies are foreign-key targets (tables), else mentioned names (views). */
static int topo_finish(planner *pl, topo_list *t, int use_fk)
{
	sort_unless_sorted(t->items, t->n, sizeof(topo_item), cmp_key_obj);
	if (topo_build_deps(t->items, t->n, use_fk, &t->deps) != 0 ||
	    topo_sort(t->items, t->n, t->order) != 0)
		return nomem(pl);
	return 0;
}

static void topo_end(topo_list *t)
{
	ss_free(t->items);
	ss_free(t->deps);
	ss_free(t->order);
	memset(t, 0, sizeof(*t));
}

/* ---- statement builders ---------------------------------------------------------------- */

static char *rename_create(const char *create_sql, const char *new_name)
{
	ss_tokens t;
	ss_create_info ci;
	char *r = NULL;
	ss_buf q;
	ss_buf_init(&q);
	ss_buf_add_ident(&q, new_name);
	if (q.failed || ss_tokens_lex(&t, create_sql, strlen(create_sql)) != 0) {
		ss_buf_free(&q);
		return NULL;
	}
	if (ss_sql_classify(&ci, &t, NULL) == 0)
		r = ss_sql_rewrite_names(create_sql, strlen(create_sql), &t, &ci, q.data, NULL);
	ss_create_info_clear(&ci);
	ss_tokens_free(&t);
	ss_buf_free(&q);
	return r;
}

/* Emit the statement built in b (b is reset). */
static int emit_buf(planner *pl, ss_buf *b, const char *reason, int destructive)
{
	char *s = ss_buf_detach(b);
	if (s == NULL)
		return nomem(pl);
	int rc = emit(pl, s, reason, destructive);
	ss_free(s);
	return rc;
}

/* INSERT INTO to (rowid?, cols) SELECT rowid?, cols FROM from. */
static int emit_copy(planner *pl, const char *to, const char *from, const char *rowid,
		     const ss_buf *cols)
{
	ss_buf sel, b;
	ss_buf_init(&sel);
	ss_buf_init(&b);
	if (rowid)
		ss_buf_printf(&sel, "%s%s", rowid, cols->len ? ", " : "");
	ss_buf_adds(&sel, cols->len ? cols->data : "");
	if (sel.failed) {
		ss_buf_free(&sel);
		return nomem(pl);
	}
	ss_buf_adds(&b, "INSERT INTO ");
	ss_buf_add_ident(&b, to);
	ss_buf_printf(&b, " (%s) SELECT %s FROM ", sel.data, sel.data);
	ss_buf_add_ident(&b, from);
	ss_buf_free(&sel);
	return emit_buf(pl, &b, NULL, 0);
}

/* sqlite_sequence: to's counter becomes at least from's (never backwards). */
static int emit_carry_sequence(planner *pl, const char *to, const char *from)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_adds(&b, "UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM "
			"sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, from);
	ss_buf_adds(&b, "), 0)) WHERE name = ");
	ss_buf_add_literal(&b, to);
	int rc = emit_buf(pl, &b, NULL, 0);
	if (rc)
		return rc;
	ss_buf_adds(&b, "INSERT INTO sqlite_sequence (name, seq) SELECT ");
	ss_buf_add_literal(&b, to);
	ss_buf_adds(&b, ", max(seq) FROM sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, from);
	ss_buf_adds(&b, " AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ");
	ss_buf_add_literal(&b, to);
	ss_buf_adds(&b, ") HAVING max(seq) IS NOT NULL");
	return emit_buf(pl, &b, NULL, 0);
}

/*
 * Does the old table carry stored data into this new column? A generated column's values
 * are derived, not stored data: a column that was generated starts afresh, like a new one.
 */
static int carried(const ss_object *l, const ss_column *dc)
{
	const ss_column *lc = find_col(l, dc->name, NULL);
	return lc != NULL && lc->hidden == 0;
}

/* The non-generated columns of d, quoted and comma-separated; only_kept: those l carries. */
static void column_list(ss_buf *cols, const ss_object *d, const ss_object *l, int only_kept)
{
	ss_buf_reset(cols);
	for (size_t i = 0; i < d->ncols; i++) {
		if (d->cols[i].hidden != 0 || (only_kept && !carried(l, &d->cols[i])))
			continue;
		if (cols->len)
			ss_buf_adds(cols, ", ");
		ss_buf_add_ident(cols, d->cols[i].name);
	}
}

/* The name by which the rowid can be copied (NULL: it cannot, or an alias carries it). */
static const char *rowid_name(const ss_object *l, const ss_object *d, int only_kept)
{
	if (l->without_rowid || d->without_rowid)
		return NULL;
	for (size_t i = 0; i < d->ncols; i++)
		if (is_rowid_alias(d, &d->cols[i]) && (!only_kept || carried(l, &d->cols[i])))
			return NULL;
	static const char *const names[] = {"rowid", "_rowid_", "oid"};
	for (size_t k = 0; k < 3; k++)
		if (find_col(l, names[k], NULL) == NULL && find_col(d, names[k], NULL) == NULL)
			return names[k];
	return NULL;
}

#if SS_PLANT_BUG == SS_BUG_RENAME_ASIDE
/* Planted bug: the pre-3.26 recipe, which rewrites other objects' references. */
static int emit_rebuild_rename_aside(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf b, old, cols;
	ss_buf_init(&b);
	ss_buf_init(&old);
	ss_buf_init(&cols);
	ss_buf_printf(&old, "%sold_%s", pl->prefix, l->name);
	ss_buf_adds(&b, "ALTER TABLE ");
	ss_buf_add_ident(&b, l->name);
	ss_buf_adds(&b, " RENAME TO ");
	ss_buf_add_ident(&b, old.data ? old.data : "");
	int rc = old.failed ? nomem(pl) : emit_buf(pl, &b, tp->reason, 0);
	if (rc == 0)
		rc = emit(pl, d->create_sql, NULL, 0);
	column_list(&cols, d, l, 1);
	if (rc == 0 && cols.len)
		rc = emit_copy(pl, d->name, old.data, NULL, &cols);
	if (rc == 0)
		rc = emitf_drop(pl, "TABLE", old.data, NULL, 0);
	ss_buf_free(&old);
	ss_buf_free(&cols);
	return rc;
}
#endif

/*
 * SQLite's rebuild: the new definition under a scratch name, the kept columns copied by
 * name (rowids too), the counter carried, the old table dropped, then the new one takes
 * the name.
 */
static int emit_rebuild(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf tmp, b, cols;
	int rc;
	char *s = NULL;
#if SS_PLANT_BUG == SS_BUG_RENAME_ASIDE
	return emit_rebuild_rename_aside(pl, tp);
#endif
	ss_buf_init(&tmp);
	ss_buf_init(&b);
	ss_buf_init(&cols);
	ss_buf_printf(&tmp, "%snew_%s", pl->prefix, d->name);
	if (tmp.failed)
		return nomem(pl);

	/* 1. the new table under a scratch name */
	if ((s = rename_create(d->create_sql, tmp.data)) == NULL) {
		rc = nomem(pl);
		goto done;
	}
	if ((rc = emit(pl, s, tp->reason, 0)) != 0)
		goto done;
	pl->p->copies_rows = 1;

	/* 2. copy kept columns, rowids included */
	column_list(&cols, d, l, 1);
	const char *rowid = rowid_name(l, d, 1);
	if ((cols.len || rowid) && (rc = emit_copy(pl, tmp.data, l->name, rowid, &cols)) != 0)
		goto done;

	/* 3. AUTOINCREMENT counters never go backwards */
	if (l->autoincrement && d->autoincrement &&
	    (rc = emit_carry_sequence(pl, tmp.data, l->name)) != 0)
		goto done;

	/* 4. drop the old table; losing columns here is destructive */
	int loses = 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (find_col(d, l->cols[i].name, NULL) == NULL)
			loses = 1;
	if ((rc = emitf_drop(pl, "TABLE", l->name, NULL, loses)) != 0)
		goto done;

	/*
	 * 5. the new table takes the name. ALTER TABLE RENAME makes SQLite re-parse and
	 * re-validate the whole schema (measured: 40 ms per rename at 3,000 objects), so a
	 * small table is instead copied a second time into a table created under its final
	 * name; a large one, where the copy costs more than the re-parse, is renamed.
	 */
	long rows = 0, limit = 10 * (long)pl->L->n;
	if (limit < 1000)
		limit = 1000;
	if ((rc = table_rows_upto(pl, l->name, limit, &rows)) != 0)
		goto done;
	if (rows >= limit) {
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, tmp.data);
		ss_buf_adds(&b, " RENAME TO ");
		ss_buf_add_ident(&b, d->name);
		rc = emit_buf(pl, &b, NULL, 0);
		goto done;
	}
	if ((rc = emit(pl, d->create_sql, NULL, 0)) != 0)
		goto done;
	column_list(&cols, d, l, 0);
	rowid = rowid_name(d, d, 0);
	if (rowid_name(l, d, 1) == NULL)
		rowid = NULL; /* the first copy carried no rowid, an alias column does */
	if ((cols.len || rowid) && (rc = emit_copy(pl, d->name, tmp.data, rowid, &cols)) != 0)
		goto done;
	if (d->autoincrement && (rc = emit_carry_sequence(pl, d->name, tmp.data)) != 0)
		goto done;
	rc = emitf_drop(pl, "TABLE", tmp.data, NULL, 0);
done:
	ss_free(s);
	ss_buf_free(&tmp);
	ss_buf_free(&b);
	ss_buf_free(&cols);
	return rc;
}

static int emit_inplace(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	ss_buf b;
	int rc = 0;
	ss_buf_init(&b);
	/* adds first: SQLite refuses to drop a table's last column */
	for (size_t i = 0; rc == 0 && i < d->ncols; i++) {
		if (!tp->add_cols[i])
			continue;
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, l->name);
		ss_buf_adds(&b, " ADD COLUMN ");
		ss_buf_adds(&b, d->cols[i].def_sql);
		rc = emit_buf(pl, &b, NULL, 0);
	}
	for (size_t i = 0; rc == 0 && i < l->ncols; i++) {
		if (!tp->drop_cols[i])
			continue;
		ss_buf_adds(&b, "ALTER TABLE ");
		ss_buf_add_ident(&b, l->name);
		ss_buf_adds(&b, " DROP COLUMN ");
		ss_buf_add_ident(&b, l->cols[i].name);
		rc = emit_buf(pl, &b, NULL, 1);
	}
	ss_buf_free(&b);
	return rc;
}

/* ---- the plan -------------------------------------------------------------------------- */

/* What happens to the live table an index or trigger is on: T_DROP, T_REBUILD or T_NONE. */
static enum table_action target_fate(const planner *pl, const char *table_key)
{
	if (keyset_contains(&pl->dropped_tables, table_key))
		return T_DROP;
	if (keyset_contains(&pl->rebuilt_tables, table_key))
		return T_REBUILD;
	return T_NONE;
}

/* The first touched table (or dropped view) an object mentions, or NULL. */
static const char *mentions_touched(const planner *pl, const ss_object *o)
{
	for (size_t i = 0; i < o->nmentions; i++) {
		if (keyset_contains(&pl->touched, o->mentions[i]) ||
		    keyset_contains(&pl->dropped_views, o->mentions[i]))
			return o->mentions[i];
	}
	return NULL;
}

/* Same spelling, same normalized definition. */
static int same_object(const ss_object *a, const ss_object *b)
{
	return b != NULL && strcmp(a->name, b->name) == 0 && same_norm(a, b);
}

/* Does the live object of the same name survive the plan (so nothing is created)? */
static int live_twin_stays(const ss_schema *L, const unsigned char *gone, const ss_object *live)
{
	return live != NULL && !gone[obj_index(L, live)];
}

static void planner_free(planner *pl)
{
	for (size_t i = 0; pl->lt && i < live_count(pl, SS_OBJ_TABLE); i++) {
		ss_free(pl->lt[i].drop_cols);
		ss_free(pl->lt[i].add_cols);
		ss_free(pl->lt[i].reason);
	}
	ss_free(pl->lt);
	ss_free(pl->dt);
	keyset_free(&pl->touched);
	keyset_free(&pl->dropped_views);
	keyset_free(&pl->rebuilt_tables);
	keyset_free(&pl->dropped_tables);
	ss_free(pl->l2d);
	ss_free(pl->d2l);
	ss_free(pl->ix_head);
	ss_free(pl->ix_next);
	ss_buf_free(&pl->destructive);
}

static int read_fk_on(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int on = 0;
	if (db && sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return on;
}

static int plan_all(planner *pl)
{
	const ss_schema *L = pl->L, *D = pl->D;
	int rc;
	char reason[600];
	unsigned char *ldrop = NULL; /* per live object: dropped by an explicit statement */
	unsigned char *gone = NULL;  /* per live object: vanished (explicitly or implicitly) */
	topo_list topo = {NULL, 0, NULL, NULL};

	if (L->n >= NO_TWIN || D->n >= NO_TWIN) {
		rc = ss__fail(pl->err, SS_E_MISUSE, "more than 2^32 - 1 objects in a schema");
		goto out;
	}
	ldrop = ss__calloc(L->n ? L->n : 1, 1);
	gone = ss__calloc(L->n ? L->n : 1, 1);
	pl->l2d = ss__malloc((L->n ? L->n : 1) * sizeof(uint32_t));
	pl->d2l = ss__malloc((D->n ? D->n : 1) * sizeof(uint32_t));
	if (!ldrop || !gone || !pl->l2d || !pl->d2l) {
		rc = nomem(pl);
		goto out;
	}
	pair_twins(pl);
	size_t nlt = live_count(pl, SS_OBJ_TABLE), ndt = desired_count(pl, SS_OBJ_TABLE);
	pl->lt = ss__calloc(nlt ? nlt : 1, sizeof(table_plan));
	pl->dt = ss__calloc(ndt ? ndt : 1, sizeof(table_plan));
	if (!pl->lt || !pl->dt) {
		rc = nomem(pl);
		goto out;
	}

	/* 1. tables */
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; i < pl->dto[SS_OBJ_TABLE]; i++) {
		const ss_object *d = &D->objs[i];
		const ss_object *l = live_twin(pl, i);
		table_plan *dp = desired_plan(pl, i);
		if (l == NULL) {
			dp->action = T_CREATE;
			dp->desired = d;
			continue;
		}
		table_plan *tp = live_plan(pl, obj_index(L, l));
		tp->live = l;
		tp->desired = d;
		if ((rc = decide_table(pl, tp)) != 0)
			goto out;
		*dp = *tp;
		dp->drop_cols = dp->add_cols = NULL; /* owned by lt */
	}
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++) {
		const ss_object *l = &L->objs[i];
		table_plan *tp = live_plan(pl, i);
		if (tp->live == NULL) {
			tp->live = l;
			tp->action = T_DROP;
		}
		int dropping_cols = 0;
		if (tp->action == T_INPLACE)
			for (size_t k = 0; k < l->ncols; k++)
				dropping_cols |= tp->drop_cols[k];
		if (((tp->action == T_REBUILD || tp->action == T_DROP || dropping_cols) &&
		     keyset_add(&pl->touched, l->key) != 0) ||
		    (tp->action == T_REBUILD && keyset_add(&pl->rebuilt_tables, l->key) != 0) ||
		    (tp->action == T_DROP && keyset_add(&pl->dropped_tables, l->key) != 0)) {
			rc = nomem(pl);
			goto out;
		}
	}

	/*
	 * foreign keys: is a rebuilt or dropped table referenced, by a live table or by the
	 * new copy of a rebuilt one (its own new copy included: a table that gains a
	 * self-reference)? Then its DROP TABLE would cascade into those rows.
	 */
	for (int side = 0; side < 2; side++) {
		const ss_schema *S = side == 0 ? L : D;
		const size_t *from = side == 0 ? pl->lfrom : pl->dfrom;
		const size_t *to = side == 0 ? pl->lto : pl->dto;
		for (size_t i = from[SS_OBJ_TABLE]; i < to[SS_OBJ_TABLE]; i++) {
			const ss_object *u = &S->objs[i];
			const ss_object *lu = u; /* the live table holding u's rows */
			if (side == 1) {
				if (desired_plan(pl, i)->action != T_REBUILD)
					continue;
				lu = desired_plan(pl, i)->live;
			}
			for (size_t k = 0; k < u->nfk; k++) {
				enum table_action a = target_fate(pl, u->fk_targets[k]);
				if (a != T_REBUILD && a != T_DROP)
					continue;
				pl->p->touches_referenced = 1;
				int rows = 0;
				if ((rc = table_has_rows(pl, lu->name, &rows)) != 0)
					goto out;
				if (rows)
					pl->p->referencing_rows = 1;
			}
		}
	}

	/* 2. views to drop: changed, removed, or mentioning a touched table or dropped view */
	for (;;) {
		size_t before = pl->dropped_views.n;
		for (size_t i = pl->lfrom[SS_OBJ_VIEW]; i < pl->lto[SS_OBJ_VIEW]; i++) {
			const ss_object *v = &L->objs[i];
			if (gone[i])
				continue;
			if (!same_object(v, desired_twin(pl, i)) ||
			    mentions_touched(pl, v) != NULL) {
				gone[i] = 1;
				if (keyset_add(&pl->dropped_views, v->key) != 0) {
					rc = nomem(pl);
					goto out;
				}
			}
		}
		if (pl->dropped_views.n == before)
			break;
	}

	/* 3. drop triggers: changed, removed, or depending on what changes */
	for (size_t i = pl->lfrom[SS_OBJ_TRIGGER]; i < pl->lto[SS_OBJ_TRIGGER]; i++) {
		const ss_object *t = &L->objs[i];
		const ss_object *dt = desired_twin(pl, i);
		enum table_action a = target_fate(pl, t->target_key);
		int view_goes = keyset_contains(&pl->dropped_views, t->target_key);
		/* it goes with its table or view; only an unchanged trigger may go silently, a
		 * removed or changed one is dropped explicitly, so the guard sees it */
		if (a == T_DROP || ((a == T_REBUILD || view_goes) && same_object(t, dt))) {
			gone[i] = 1;
			continue;
		}
		const char *dep = NULL;
		if (same_object(t, dt) && (dep = mentions_touched(pl, t)) == NULL)
			continue;
		gone[i] = ldrop[i] = 1;
		if (dep != NULL)
			snprintf(reason, sizeof(reason),
				 "trigger \"%s\" depends on \"%s\", which changes; recreated below",
				 t->name, dep);
		else if (dt != NULL)
			snprintf(reason, sizeof(reason), "trigger \"%s\" changed; recreated below",
				 t->name);
		rc = emitf_drop(pl, "TRIGGER", t->name, (dep || dt) ? reason : NULL, dep == NULL);
		if (rc)
			goto out;
	}
	/* views, dependents first (reverse of their creation order) */
	if ((rc = topo_begin(pl, &topo, live_count(pl, SS_OBJ_VIEW))) != 0)
		goto out;
	for (size_t i = pl->lfrom[SS_OBJ_VIEW]; i < pl->lto[SS_OBJ_VIEW]; i++)
		if (gone[i])
			topo.items[topo.n++].obj = &L->objs[i];
	if ((rc = topo_finish(pl, &topo, 0)) != 0)
		goto out;
	for (size_t k = topo.n; k-- > 0;) {
		const ss_object *v = topo.items[topo.order[k]].obj;
		const ss_object *dv = desired_twin(pl, obj_index(L, v));
		const char *dep = same_object(v, dv) ? mentions_touched(pl, v) : NULL;
		if (dep != NULL)
			snprintf(reason, sizeof(reason),
				 "view \"%s\" depends on \"%s\", which changes; recreated below",
				 v->name, dep);
		else if (dv != NULL)
			snprintf(reason, sizeof(reason), "view \"%s\" changed; recreated below",
				 v->name);
		ldrop[obj_index(L, v)] = 1;
		if ((rc = emitf_drop(pl, "VIEW", v->name, (dep || dv) ? reason : NULL,
				     dep == NULL)) != 0)
			goto out;
	}
	topo_end(&topo);

	/* 4. drop indexes that change or go (those of rebuilt/dropped tables go implicitly) */
	for (size_t i = pl->lfrom[SS_OBJ_INDEX]; i < pl->lto[SS_OBJ_INDEX]; i++) {
		const ss_object *ix = &L->objs[i];
		const ss_object *dix = desired_twin(pl, i);
		enum table_action a = target_fate(pl, ix->target_key);
		if (a == T_DROP || (a == T_REBUILD && same_object(ix, dix))) {
			gone[i] = 1; /* goes with its table (and comes back unchanged) */
			continue;
		}
		if (same_object(ix, dix))
			continue;
		gone[i] = ldrop[i] = 1;
		if (dix != NULL)
			snprintf(reason, sizeof(reason), "index \"%s\" changed; recreated below",
				 ix->name);
		if ((rc = emitf_drop(pl, "INDEX", ix->name, dix ? reason : NULL, 1)) != 0)
			goto out;
	}

	/* 5. drop removed tables, referencing tables first */
	if ((rc = topo_begin(pl, &topo, live_count(pl, SS_OBJ_TABLE))) != 0)
		goto out;
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++)
		if (live_plan(pl, i)->action == T_DROP)
			topo.items[topo.n++].obj = &L->objs[i];
	if ((rc = topo_finish(pl, &topo, 1)) != 0)
		goto out;
	for (size_t k = topo.n; k-- > 0;)
		if ((rc = emitf_drop(pl, "TABLE", topo.items[topo.order[k]].obj->name, NULL, 1)) !=
		    0)
			goto out;
	topo_end(&topo);

	/* 6. tables: in-place changes, then creations and rebuilds, referenced tables first */
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++)
		if (live_plan(pl, i)->action == T_INPLACE &&
		    (rc = emit_inplace(pl, live_plan(pl, i))) != 0)
			goto out;
	if ((rc = topo_begin(pl, &topo, desired_count(pl, SS_OBJ_TABLE))) != 0)
		goto out;
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; i < pl->dto[SS_OBJ_TABLE]; i++)
		if (desired_plan(pl, i)->action == T_CREATE ||
		    desired_plan(pl, i)->action == T_REBUILD)
			topo.items[topo.n++].obj = &D->objs[i];
	if ((rc = topo_finish(pl, &topo, 1)) != 0)
		goto out;
	for (size_t k = 0; k < topo.n; k++) {
		const ss_object *d = topo.items[topo.order[k]].obj;
		table_plan *tp = desired_plan(pl, obj_index(D, d));
		if (tp->action == T_CREATE)
			rc = emit(pl, d->create_sql, NULL, 0);
		else
			rc = emit_rebuild(pl, live_plan(pl, obj_index(L, tp->live)));
		if (rc)
			goto out;
	}
	topo_end(&topo);

	/* 7. create indexes that are new, changed, or lost with a rebuilt table */
	for (size_t i = pl->dfrom[SS_OBJ_INDEX]; i < pl->dto[SS_OBJ_INDEX]; i++) {
		const ss_object *dix = &D->objs[i];
		const ss_object *ix = live_twin(pl, i);
		if (live_twin_stays(L, gone, ix))
			continue;
#if SS_PLANT_BUG == SS_BUG_SKIP_INDEX_RECREATE
		if (ix != NULL && !ldrop[obj_index(L, ix)])
			continue; /* planted bug: indexes lost with a rebuilt table stay lost */
#endif
		if ((rc = emit(pl, dix->create_sql, NULL, 0)) != 0)
			goto out;
	}

	/* 8. create views in dependency order */
	if ((rc = topo_begin(pl, &topo, desired_count(pl, SS_OBJ_VIEW))) != 0)
		goto out;
	for (size_t i = pl->dfrom[SS_OBJ_VIEW]; i < pl->dto[SS_OBJ_VIEW]; i++) {
		const ss_object *dv = &D->objs[i];
		if (!live_twin_stays(L, gone, live_twin(pl, i)))
			topo.items[topo.n++].obj = dv;
	}
	if ((rc = topo_finish(pl, &topo, 0)) != 0)
		goto out;
	for (size_t k = 0; k < topo.n; k++)
		if ((rc = emit(pl, topo.items[topo.order[k]].obj->create_sql, NULL, 0)) != 0)
			goto out;
	topo_end(&topo);

	/* 9. create triggers */
	for (size_t i = pl->dfrom[SS_OBJ_TRIGGER]; i < pl->dto[SS_OBJ_TRIGGER]; i++) {
		const ss_object *dt = &D->objs[i];
		if (live_twin_stays(L, gone, live_twin(pl, i)))
			continue;
		if ((rc = emit(pl, dt->create_sql, NULL, 0)) != 0)
			goto out;
	}
	rc = 0;
out:
	topo_end(&topo);
	ss_free(ldrop);
	ss_free(gone);
	return rc;
}

int ss_plan_between(ss_plan **out, const ss_schema *live, const ss_schema *desired,
		    sqlite3 *live_db, const ss_options *opts, ss_error *err)
{
	ss_options defaults = SS_OPTIONS_INIT;
	ss_error local;
	planner pl;
	int rc;
	if (err == NULL)
		err = &local;
	if (out == NULL || live == NULL || desired == NULL)
		return ss__fail(err, SS_E_MISUSE,
				"ss_plan_between: out, live and desired are required");
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	memset(&pl, 0, sizeof(pl));
	pl.L = live;
	pl.D = desired;
	pl.db = live_db;
	pl.opts = opts;
	pl.prefix = opts->scratch_prefix ? opts->scratch_prefix : SS_DEFAULT_SCRATCH_PREFIX;
	pl.err = err;
	pl.fk_on = read_fk_on(live_db);
	ss_buf_init(&pl.destructive);
	pl.p = ss__plan_new();
	if (pl.p == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	pl.p->strategy = opts->strategy;
	rc = plan_all(&pl);
	if (rc == 0 && pl.destructive.failed)
		rc = nomem(&pl);
	if (rc == 0 && pl.destructive.len) {
		pl.p->destructive_summary = ss_buf_detach(&pl.destructive);
		if (pl.p->destructive_summary == NULL)
			rc = nomem(&pl);
	}
	planner_free(&pl);
	if (rc != 0) {
		ss_plan_free(pl.p);
		return rc;
	}
	*out = pl.p;
	return ss__plan_guard(pl.p, opts, err);
}

int ss__plan_guard(const ss_plan *p, const ss_options *opts, ss_error *err)
{
	if (!opts->allow_destructive && p->destructive_summary != NULL)
		return ss__fail(err, SS_E_DESTRUCTIVE,
				"refusing destructive changes (allow destructive is off): %s",
				p->destructive_summary);
	return 0;
}
