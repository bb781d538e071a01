/* SPDX-License-Identifier: MIT */
/*
 * The planner's working state, shared by the plan_*.c files and by nothing else.
 *
 * The planner is pure: it reads two models (plan.h) and the facts gathered beforehand
 * (struct ss_plan_facts), and never touches a connection. Its files, in the order a plan is
 * made (plan_build.c runs the passes):
 *
 *   plan_pair.c   twins: each object paired with its namesake on the other side
 *   plan_facts.c  what the planner will ask of the live database, and the answers read
 *   plan_table.c  per table: equal, altered in place, or rebuilt; refusals
 *   plan_order.c  dependency order (foreign keys, view mentions)
 *   plan_emit.c   the statements: drops, ALTERs, the rebuild recipe
 *   plan_vtab.c   virtual tables (FTS5, R*Tree): decided and recreated apart
 *   plan_build.c  the passes, from decisions to the ordered plan; ss_plan_between
 *   plan_keyset.c the hash sets of keys the passes test against
 *   plan.c        the plan container and its public accessors
 */
#ifndef SS_PLANNER_H
#define SS_PLANNER_H

#include "plan.h"

#include <stdint.h>
#include <string.h>

/* From this many live objects on, ALTER TABLE's schema reload outweighs copying a table of
 * fewer than 10 rows per object (see plan_table.c). */
#define SS_ALTER_RELOAD_MIN_OBJECTS 1000
/* SQLite's reload parses every CREATE text again, so a long text weighs like several objects:
 * this many bytes count as one (the gen_cases schemas average 119 bytes an object; a table of
 * 500 columns, about 7 KB, counts as about 55). */
#define SS_RELOAD_BYTES_PER_OBJECT 128

#define NO_TWIN UINT32_MAX

enum table_action { T_NONE = 0, T_EQUAL, T_INPLACE, T_REBUILD, T_DROP, T_CREATE };

typedef struct table_plan {
	enum table_action action;
	const ss_object *live;
	const ss_object *desired;
	char *reason;             /* "rebuilding table ..."; owned by the live side's entry */
	unsigned char *drop_cols; /* per live column: dropped in place */
	unsigned char *add_cols;  /* per desired column: added in place */
} table_plan;

/* A set of borrowed strings: open addressing, with each key's hash kept beside it so that
 * a probe of a small set stays in cache and rarely reads a key. */
typedef struct keyset {
	const char **keys;
	size_t *hashes;
	size_t cap, n; /* cap: a power of two, or 0 */
} keyset;

typedef struct planner {
	const ss_schema *L, *D;
	const ss_plan_facts *facts; /* NULL: no table holds rows, enforcement off */
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
	unsigned char *ldrop; /* per live object: dropped by an explicit statement */
	unsigned char *gone;  /* per live object: vanished (explicitly or implicitly) */
	ss_buf destructive;
	size_t *ix_head, *ix_next, ix_mask; /* see ss__live_index_chains */
	size_t stash_width; /* columns of the rebuild stash table (plan_emit.c); 0: none yet */
	long reload_weight; /* see ss__plan_reload_costly; 0: not counted yet */
} planner;

/* ---- small accessors, inline: the passes call them once per object --------------------- */

static inline const ss_object *desired_twin(const planner *pl, size_t live_index)
{
	uint32_t j = pl->l2d[live_index];
	return j == NO_TWIN ? NULL : &pl->D->objs[j];
}

static inline const ss_object *live_twin(const planner *pl, size_t desired_index)
{
	uint32_t i = pl->d2l[desired_index];
	return i == NO_TWIN ? NULL : &pl->L->objs[i];
}

/* How many live / desired objects are of type t. */
static inline size_t live_count(const planner *pl, int t)
{
	return pl->lto[t] - pl->lfrom[t];
}

static inline size_t desired_count(const planner *pl, int t)
{
	return pl->dto[t] - pl->dfrom[t];
}

/* Equal normalized definitions (a model shared by both sides compares equal at once). */
static inline int same_norm(const ss_object *a, const ss_object *b)
{
	return a->norm == b->norm || strcmp(a->norm, b->norm) == 0;
}

/* The table plan of live table i (an index into L->objs), and of desired table i. */
static inline table_plan *live_plan(const planner *pl, size_t i)
{
	return &pl->lt[i - pl->lfrom[SS_OBJ_TABLE]];
}

static inline table_plan *desired_plan(const planner *pl, size_t i)
{
	return &pl->dt[i - pl->dfrom[SS_OBJ_TABLE]];
}

static inline size_t obj_index(const ss_schema *s, const ss_object *o)
{
	return (size_t)(o - s->objs);
}

/* ---- plan_keyset.c --------------------------------------------------------------------- */

void ss__keyset_free(keyset *ks);
/* Add key (borrowed: it must outlive the set) unless present. 0, or -1 without memory. */
int ss__keyset_add(keyset *ks, const char *key);

static inline int ss__keyset_contains(const keyset *ks, const char *key)
{
	if (ks->n == 0)
		return 0;
	size_t h = ss__str_hash(0, key), mask = ks->cap - 1;
	for (size_t i = h & mask; ks->keys[i] != NULL; i = (i + 1) & mask)
		if (ks->hashes[i] == h && strcmp(ks->keys[i], key) == 0)
			return 1;
	return 0;
}

/* ---- plan_pair.c ----------------------------------------------------------------------- */

/* Allocate and fill the twin arrays and type ranges of pl (L and D set). */
int ss__plan_pair(planner *pl);
/* The live indexes on a table, chained by the table's key; built on first use. */
int ss__live_index_chains(planner *pl);
/* The next live index on table key after *cursor (0 to start), or NULL. */
const ss_object *ss__next_live_index_on(const planner *pl, const char *key, size_t *cursor);

/* ---- plan_facts.c ---------------------------------------------------------------------- */

/* min(rows of live table l, the facts' row limit); 0 without facts. */
int ss__table_rows(planner *pl, const ss_object *l, long *out);
/* Does live table l hold rows? Without facts: no. */
int ss__table_has_rows(planner *pl, const ss_object *l, int *out);
/* The size thresholds of the cost rules, from the options or the defaults (plan_facts.c):
 * rows from which a rebuilt table is renamed rather than copied back, and live objects
 * from which a small table is copied rather than altered in place. */
/* create_sql with its object's name replaced by new_name (quoted); NULL when out of memory
 * or unparsable. Caller frees. */
char *ss__rename_create(const char *create_sql, const char *new_name);
long ss__plan_rename_min_rows(const planner *pl);
long ss__plan_alter_copy_min_objects(const planner *pl);
/* Does an ALTER TABLE's reload of the live schema cost more than copying a table below
 * rename_min_rows rows? The schema's size counts its objects, or its CREATE texts at
 * SS_RELOAD_BYTES_PER_OBJECT bytes an object when that is more, against
 * alter_copy_min_objects. */
int ss__plan_reload_costly(planner *pl);
/* Did SQLite refuse an ALTER TABLE RENAME or DROP COLUMN on this schema (plan.h)? */
int ss__plan_alter_refused(const planner *pl);

/* ---- plan_table.c ---------------------------------------------------------------------- */

/* The column of t named name (ASCII case-insensitive), its position in *pos; or NULL. */
const ss_column *ss__find_col(const ss_object *t, const char *name, size_t *pos);
/* The same, looking at position near first and then outwards: a caller walking the other
 * side's columns passes its own index, so matching two tables of n columns costs about n
 * comparisons instead of n^2 / 2 (columns mostly keep their places). */
const ss_column *ss__find_col_near(const ss_object *t, const char *name, size_t near, size_t *pos);
/* Do two tables read the same (spelling, columns, constraints, options)? */
int ss__same_table_text(const ss_object *l, const ss_object *d);
/* Decide what happens to a table present on both sides: tp->action, and for rebuilds
 * tp->reason; SS_E_REFUSED when existing rows would need invented values. */
int ss__decide_table(planner *pl, table_plan *tp);

/* ---- plan_vtab.c ----------------------------------------------------------------------- */

/* Decide a table pair of which at least one side is a virtual table (T_EQUAL or T_REBUILD
 * with its reason); SS_E_REFUSED for a new R*Tree coordinate on rows. */
int ss__decide_vtab(planner *pl, table_plan *tp);
/* The recreation of a virtual table (tp->action T_REBUILD, either side virtual). */
int ss__emit_vtab_rebuild(planner *pl, const table_plan *tp);
/* Last pass: FTS5 'rebuild' of external-content indexes that were created, recreated, or
 * whose content table was rebuilt or created. */
int ss__pass_fts_rebuild(planner *pl);

/* ---- plan_order.c ---------------------------------------------------------------------- */

/* Objects to emit in dependency order: add them, then ss__topo_finish, then walk order[]. */
typedef struct topo_item {
	const ss_object *obj;
	size_t *deps;
	size_t ndeps;
} topo_item;

typedef struct topo_list {
	topo_item *items;
	size_t n;
	size_t *order;
	size_t *deps; /* every item's dependencies */
} topo_list;

int ss__topo_begin(planner *pl, topo_list *t, size_t cap);
/* use_fk: dependencies are foreign-key targets (tables), else mentioned names (views). */
int ss__topo_finish(planner *pl, topo_list *t, int use_fk);
void ss__topo_end(topo_list *t);

/* ---- plan_emit.c ----------------------------------------------------------------------- */

int ss__plan_nomem(planner *pl);
/* Append one statement to the plan; destructive ones are also listed for the guard. */
int ss__emit(planner *pl, const char *sql, const char *reason, int destructive);
/* DROP <kind> "name". */
int ss__emit_drop(planner *pl, const char *kind, const char *name, const char *reason,
		  int destructive);
/* A table's in-place ALTER TABLE ADD / DROP COLUMN statements. */
int ss__emit_inplace(planner *pl, const table_plan *tp);
/* SQLite's rebuild of one table (tp->action T_REBUILD). */
int ss__emit_rebuild(planner *pl, const table_plan *tp);
/* After the last rebuild: drop the stash table the rebuilds shared, if one was created. */
int ss__emit_stash_drop(planner *pl);

#endif
