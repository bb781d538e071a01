/* SPDX-License-Identifier: MIT */
/*
 * The planner's driver: from two models (and the facts gathered beforehand) to the ordered
 * plan, in short passes over the paired objects. Drops come first, dependents before what
 * they depend on; then in-place changes; then creations and rebuilds, referenced tables
 * first; then indexes, views (dependency order) and triggers.
 *
 * Views and triggers that mention a table that is rebuilt, loses columns or is dropped are
 * dropped first and recreated after (SQLite re-validates every view and trigger on RENAME
 * and DROP COLUMN). An unchanged dependent's drop is not destructive; a removed or changed
 * one is dropped explicitly, so the destructive guard sees it. Lookups are twin arrays and
 * small hash sets, so planning costs about O(n) in the number of objects.
 *
 * Pure: no connection, nothing changed in either model.
 */
#include "planner.h"

#include <stdio.h>

/* What happens to the live table an index or trigger is on: T_DROP, T_REBUILD or T_NONE. */
static enum table_action target_fate(const planner *pl, const char *table_key)
{
	if (ss__keyset_contains(&pl->dropped_tables, table_key))
		return T_DROP;
	if (ss__keyset_contains(&pl->rebuilt_tables, table_key))
		return T_REBUILD;
	return T_NONE;
}

/* The first touched table (or dropped view) an object mentions, or NULL. */
static const char *mentions_touched(const planner *pl, const ss_object *o)
{
	for (size_t i = 0; i < o->nmentions; i++) {
		if (ss__keyset_contains(&pl->touched, o->mentions[i]) ||
		    ss__keyset_contains(&pl->dropped_views, o->mentions[i]))
			return o->mentions[i];
	}
	return NULL;
}

/* The first touched table (or dropped view) an object mentions other than table_key. */
static const char *mentions_touched_other(const planner *pl, const ss_object *o,
					  const char *table_key)
{
	for (size_t i = 0; i < o->nmentions; i++) {
		if (strcmp(o->mentions[i], table_key) == 0)
			continue;
		if (ss__keyset_contains(&pl->touched, o->mentions[i]) ||
		    ss__keyset_contains(&pl->dropped_views, o->mentions[i]))
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
static int live_twin_stays(const planner *pl, const ss_object *live)
{
	return live != NULL && !pl->gone[obj_index(pl->L, live)];
}

/* ---- decisions --------------------------------------------------------------------------- */

/* Twins paired, and the per-object and per-table arrays allocated. */
static int plan_alloc(planner *pl)
{
	int rc = ss__plan_pair(pl);
	if (rc != 0)
		return rc;
	/* facts read for another live model would answer about the wrong tables */
	if (pl->facts != NULL && pl->facts->ntables != live_count(pl, SS_OBJ_TABLE))
		return ss__fail(pl->err, SS_E_MISUSE,
				"ss_plan_between: the facts were read for another live schema");
	size_t nl = pl->L->n ? pl->L->n : 1;
	size_t nlt = live_count(pl, SS_OBJ_TABLE), ndt = desired_count(pl, SS_OBJ_TABLE);
	pl->ldrop = ss__calloc(nl, 1);
	pl->gone = ss__calloc(nl, 1);
	pl->lt = ss__calloc(nlt ? nlt : 1, sizeof(table_plan));
	pl->dt = ss__calloc(ndt ? ndt : 1, sizeof(table_plan));
	if (!pl->ldrop || !pl->gone || !pl->lt || !pl->dt)
		return ss__plan_nomem(pl);
	return 0;
}

/* 1. tables: each desired table is created, or decided against its live twin. */
static int pass_decide_tables(planner *pl)
{
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; i < pl->dto[SS_OBJ_TABLE]; i++) {
		const ss_object *d = &pl->D->objs[i];
		const ss_object *l = live_twin(pl, i);
#if SS_PLANT_BUG == SS_BUG_NAME_CASE_SENSITIVE
		/* planted bug: twins compared by spelling: Users -> users is drop + create */
		if (l != NULL && strcmp(l->name, d->name) != 0)
			l = NULL;
#endif
		table_plan *dp = desired_plan(pl, i);
		if (l == NULL) {
			dp->action = T_CREATE;
			dp->desired = d;
			continue;
		}
		table_plan *tp = live_plan(pl, obj_index(pl->L, l));
		tp->live = l;
		tp->desired = d;
		int rc = ss__decide_table(pl, tp);
		if (rc != 0)
			return rc;
		*dp = *tp;
		dp->drop_cols = dp->add_cols = NULL; /* owned by lt */
	}
	return 0;
}

/*
 * Does the rebuild of tp end with ALTER TABLE RENAME (a table with many rows, renamed into
 * place)? SQLite re-validates every view and trigger on RENAME, so those that mention the
 * table must be gone by then. The other recipes (the stash, the scratch-name copy) only
 * drop and create the table, two statements apart with nothing between them that reads the
 * schema: views and other tables' triggers that mention it can stay, and a plan saves two
 * DDL statements per such view (each one costs a scan of the whole catalog).
 */
static int rebuild_renames(planner *pl, const table_plan *tp, int *out)
{
	long rows = 0;
	*out = 1;
#if SS_PLANT_BUG != SS_BUG_RENAME_ASIDE
	if (tp->live->vkind != SS_VT_NONE || tp->desired->vkind != SS_VT_NONE)
		return 0; /* virtual tables: kept to the drop-and-recreate of their dependents */
	int rc = ss__table_rows(pl, tp->live, &rows);
	if (rc != 0)
		return rc;
	*out = rows >= ss__plan_rename_min_rows(pl) && !ss__plan_alter_refused(pl);
#endif
	return 0;
}

/* Live tables without a twin are dropped; record which tables are rebuilt, dropped, or
 * touched (what views and triggers must not mention to stay: dropped tables, tables that
 * lose columns, and tables rebuilt with a RENAME). */
static int pass_mark_tables(planner *pl)
{
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++) {
		const ss_object *l = &pl->L->objs[i];
		table_plan *tp = live_plan(pl, i);
		if (tp->live == NULL) {
			tp->live = l;
			tp->action = T_DROP;
		}
		int dropping_cols = 0;
		if (tp->action == T_INPLACE)
			for (size_t k = 0; k < l->ncols; k++)
				dropping_cols |= tp->drop_cols[k];
		int renames = 0;
		if (tp->action == T_REBUILD) {
			int rc = rebuild_renames(pl, tp, &renames);
			if (rc != 0)
				return rc;
		}
		if (((renames || tp->action == T_DROP || dropping_cols) &&
		     ss__keyset_add(&pl->touched, l->key) != 0) ||
		    (tp->action == T_REBUILD && ss__keyset_add(&pl->rebuilt_tables, l->key) != 0) ||
		    (tp->action == T_DROP && ss__keyset_add(&pl->dropped_tables, l->key) != 0))
			return ss__plan_nomem(pl);
	}
	return 0;
}

/*
 * Foreign keys: is a rebuilt or dropped table referenced, by a live table or by the new
 * copy of a rebuilt one (its own new copy included: a table that gains a self-reference)?
 * Then its DROP TABLE would cascade into those rows. Recorded in the plan for apply_fk.c,
 * which decides what to do about enforcement.
 */
static int pass_foreign_keys(planner *pl)
{
	for (int side = 0; side < 2; side++) {
		const ss_schema *S = side == 0 ? pl->L : pl->D;
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
				int rc = ss__table_has_rows(pl, lu, &rows);
				if (rc != 0)
					return rc;
				if (rows)
					pl->p->referencing_rows = 1;
			}
		}
	}
	return 0;
}

/* 2. views that go: changed, removed, or mentioning a touched table or a dropped view
 * (to a fixed point: a view on a dropped view goes too). */
static int pass_views_gone(planner *pl)
{
	for (;;) {
		size_t before = pl->dropped_views.n;
		for (size_t i = pl->lfrom[SS_OBJ_VIEW]; i < pl->lto[SS_OBJ_VIEW]; i++) {
			const ss_object *v = &pl->L->objs[i];
			if (pl->gone[i])
				continue;
			if (!same_object(v, desired_twin(pl, i)) ||
			    mentions_touched(pl, v) != NULL) {
				pl->gone[i] = 1;
				if (ss__keyset_add(&pl->dropped_views, v->key) != 0)
					return ss__plan_nomem(pl);
			}
		}
		if (pl->dropped_views.n == before)
			return 0;
	}
}

/* ---- drops --------------------------------------------------------------------------------- */

/* 3. triggers: changed, removed, or depending on what changes. */
static int pass_drop_triggers(planner *pl)
{
	char reason[600];
	for (size_t i = pl->lfrom[SS_OBJ_TRIGGER]; i < pl->lto[SS_OBJ_TRIGGER]; i++) {
		const ss_object *t = &pl->L->objs[i];
		const ss_object *dt = desired_twin(pl, i);
		enum table_action a = target_fate(pl, t->target_key);
		int view_goes = ss__keyset_contains(&pl->dropped_views, t->target_key);
		/* it goes with its table or view; only an unchanged trigger may go silently, a
		 * removed or changed one is dropped explicitly, so the guard sees it. A trigger
		 * of a rebuilt table whose body mentions another touched table is dropped here,
		 * before any rebuild: that table may be renamed into place before this one's
		 * rebuild, and RENAME re-validates every trigger. */
		if (a == T_DROP || (view_goes && same_object(t, dt)) ||
		    (a == T_REBUILD && same_object(t, dt) &&
		     mentions_touched_other(pl, t, t->target_key) == NULL)) {
			pl->gone[i] = 1;
			continue;
		}
		const char *dep = NULL;
		if (same_object(t, dt) && (dep = mentions_touched(pl, t)) == NULL)
			continue;
		pl->gone[i] = pl->ldrop[i] = 1;
		if (dep != NULL)
			snprintf(reason, sizeof(reason),
				 "trigger \"%s\" depends on \"%s\", which changes; recreated below",
				 t->name, dep);
		else if (dt != NULL)
			snprintf(reason, sizeof(reason), "trigger \"%s\" changed; recreated below",
				 t->name);
		int rc = ss__emit_drop(pl, "TRIGGER", t->name, (dep || dt) ? reason : NULL,
				       dep == NULL);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* One view that goes: DROP VIEW, with a reason when it comes back. */
static int drop_view(planner *pl, const ss_object *v)
{
	char reason[600];
	const ss_object *dv = desired_twin(pl, obj_index(pl->L, v));
	const char *dep = same_object(v, dv) ? mentions_touched(pl, v) : NULL;
	if (dep != NULL)
		snprintf(reason, sizeof(reason),
			 "view \"%s\" depends on \"%s\", which changes; recreated below", v->name,
			 dep);
	else if (dv != NULL)
		snprintf(reason, sizeof(reason), "view \"%s\" changed; recreated below", v->name);
	pl->ldrop[obj_index(pl->L, v)] = 1;
	return ss__emit_drop(pl, "VIEW", v->name, (dep || dv) ? reason : NULL, dep == NULL);
}

/* The views that go, dependents first (reverse of their creation order). */
static int pass_drop_views(planner *pl)
{
	topo_list topo = {NULL, 0, NULL, NULL};
	int rc = ss__topo_begin(pl, &topo, live_count(pl, SS_OBJ_VIEW));
	for (size_t i = pl->lfrom[SS_OBJ_VIEW]; rc == 0 && i < pl->lto[SS_OBJ_VIEW]; i++)
		if (pl->gone[i])
			topo.items[topo.n++].obj = &pl->L->objs[i];
	if (rc == 0)
		rc = ss__topo_finish(pl, &topo, 0);
	for (size_t k = topo.n; rc == 0 && k-- > 0;)
		rc = drop_view(pl, topo.items[topo.order[k]].obj);
	ss__topo_end(&topo);
	return rc;
}

/* 4. indexes that change or go (those of rebuilt or dropped tables go implicitly). */
static int pass_drop_indexes(planner *pl)
{
	char reason[600];
	for (size_t i = pl->lfrom[SS_OBJ_INDEX]; i < pl->lto[SS_OBJ_INDEX]; i++) {
		const ss_object *ix = &pl->L->objs[i];
		const ss_object *dix = desired_twin(pl, i);
		enum table_action a = target_fate(pl, ix->target_key);
		if (a == T_DROP || (a == T_REBUILD && same_object(ix, dix))) {
			pl->gone[i] = 1; /* goes with its table (and comes back unchanged) */
			continue;
		}
		if (same_object(ix, dix))
			continue;
		pl->gone[i] = pl->ldrop[i] = 1;
		if (dix != NULL)
			snprintf(reason, sizeof(reason), "index \"%s\" changed; recreated below",
				 ix->name);
		int rc = ss__emit_drop(pl, "INDEX", ix->name, dix ? reason : NULL, 1);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* 5. removed tables, referencing tables first. */
static int pass_drop_tables(planner *pl)
{
	topo_list topo = {NULL, 0, NULL, NULL};
	int rc = ss__topo_begin(pl, &topo, live_count(pl, SS_OBJ_TABLE));
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; rc == 0 && i < pl->lto[SS_OBJ_TABLE]; i++)
		if (live_plan(pl, i)->action == T_DROP)
			topo.items[topo.n++].obj = &pl->L->objs[i];
	if (rc == 0)
		rc = ss__topo_finish(pl, &topo, 1);
	for (size_t k = topo.n; rc == 0 && k-- > 0;)
		rc = ss__emit_drop(pl, "TABLE", topo.items[topo.order[k]].obj->name, NULL, 1);
	ss__topo_end(&topo);
	return rc;
}

/* ---- changes and creations ----------------------------------------------------------------- */

/*
 * A rebuilt table whose live version references a rebuilt table and whose new version
 * references no rebuilt table (but itself), with enforcement on: rebuilt first, so no live
 * foreign key names the parent while the parent's rows are copied (SQLite fails that copy with "foreign key
 * mismatch" when the parent's new copy lost the key; enforcement cannot always be switched
 * off, inside a caller's transaction).
 */
static int rebuilt_child_first(const planner *pl, size_t desired_index)
{
	const table_plan *tp = desired_plan(pl, desired_index);
	const ss_object *d = &pl->D->objs[desired_index];
	if (!pl->fk_on || tp->action != T_REBUILD || tp->live == NULL)
		return 0;
	/* its new parents must be in place already: unchanged, or new (created early) */
	for (size_t k = 0; k < d->nfk; k++)
		if (target_fate(pl, d->fk_targets[k]) == T_REBUILD &&
		    strcmp(d->fk_targets[k], tp->live->key) != 0)
			return 0;
	for (size_t k = 0; k < tp->live->nfk; k++)
		if (target_fate(pl, tp->live->fk_targets[k]) == T_REBUILD &&
		    strcmp(tp->live->fk_targets[k], tp->live->key) != 0)
			return 1;
	return 0;
}

/* Which desired tables a topological pass of pass_tables emits. */
enum table_wave { WAVE_ALL, WAVE_CREATED, WAVE_REBUILT };

static int in_wave(const planner *pl, size_t i, enum table_wave wave)
{
	int action = desired_plan(pl, i)->action;
	if (action != T_CREATE && action != T_REBUILD)
		return 0;
	if (rebuilt_child_first(pl, i))
		return 0;
	return wave == WAVE_ALL || (wave == WAVE_CREATED) == (action == T_CREATE);
}

/* The tables of one wave, referenced tables first. */
static int emit_wave(planner *pl, enum table_wave wave)
{
	topo_list topo = {NULL, 0, NULL, NULL};
	int rc = ss__topo_begin(pl, &topo, desired_count(pl, SS_OBJ_TABLE));
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; rc == 0 && i < pl->dto[SS_OBJ_TABLE]; i++)
		if (in_wave(pl, i, wave))
			topo.items[topo.n++].obj = &pl->D->objs[i];
	if (rc == 0)
		rc = ss__topo_finish(pl, &topo, 1);
	for (size_t k = 0; rc == 0 && k < topo.n; k++) {
		const ss_object *d = topo.items[topo.order[k]].obj;
		const table_plan *tp = desired_plan(pl, obj_index(pl->D, d));
		if (tp->action == T_CREATE)
			rc = ss__emit(pl, d->create_sql, NULL, 0);
		else
			rc = ss__emit_rebuild(pl, live_plan(pl, obj_index(pl->L, tp->live)));
	}
	ss__topo_end(&topo);
	return rc;
}

/*
 * 6. tables: in-place changes, then creations and rebuilds, referenced tables first. With
 * enforcement on, the new tables were created already (pass_create_tables_early): a
 * rebuild's copy into a table that references a parent not created yet fails ("no such
 * table") where enforcement cannot be switched off (a caller's transaction, a Durable
 * Object), and a cycle of references between a new and a rebuilt table has no order that
 * avoids it. Creating an empty table never needs its parents to exist.
 */
static int pass_tables(planner *pl)
{
	int rc = 0;
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; rc == 0 && i < pl->lto[SS_OBJ_TABLE]; i++)
		if (live_plan(pl, i)->action == T_INPLACE)
			rc = ss__emit_inplace(pl, live_plan(pl, i));
	for (size_t i = pl->dfrom[SS_OBJ_TABLE]; rc == 0 && i < pl->dto[SS_OBJ_TABLE]; i++)
		if (rebuilt_child_first(pl, i))
			rc = ss__emit_rebuild(
				pl, live_plan(pl, obj_index(pl->L, desired_plan(pl, i)->live)));
	if (rc == 0)
		rc = emit_wave(pl, pl->fk_on ? WAVE_REBUILT : WAVE_ALL);
	return rc != 0 ? rc : ss__emit_stash_drop(pl);
}

/*
 * 5b. with enforcement on, the new tables, before any table is dropped or rebuilt (see
 * pass_tables): dropping a parent deletes its rows, and SQLite then resolves every foreign
 * key of its children, failing with "no such table" on one that names a table the plan is
 * about to create.
 */
static int pass_create_tables_early(planner *pl)
{
	return pl->fk_on ? emit_wave(pl, WAVE_CREATED) : 0;
}

#if SS_PLANT_BUG == SS_BUG_RENAME_PATH_NO_INDEXES
/* Planted bug: is table key rebuilt and renamed into place (the big-table path)? Its
 * indexes are then believed to come along with ALTER TABLE RENAME. */
static int renamed_into_place(planner *pl, const char *key)
{
	const ss_object *t = ss__schema_find(pl->L, SS_OBJ_TABLE, key);
	long rows = 0;
	return t != NULL && target_fate(pl, key) == T_REBUILD &&
	       ss__table_rows(pl, t, &rows) == 0 && rows >= ss__plan_rename_min_rows(pl);
}
#endif

/* 7. indexes that are new, changed, or lost with a rebuilt table. */
static int pass_create_indexes(planner *pl)
{
	for (size_t i = pl->dfrom[SS_OBJ_INDEX]; i < pl->dto[SS_OBJ_INDEX]; i++) {
		const ss_object *dix = &pl->D->objs[i];
		const ss_object *ix = live_twin(pl, i);
		if (live_twin_stays(pl, ix))
			continue;
#if SS_PLANT_BUG == SS_BUG_SKIP_INDEX_RECREATE
		if (ix != NULL && !pl->ldrop[obj_index(pl->L, ix)])
			continue; /* planted bug: indexes lost with a rebuilt table stay lost */
#endif
#if SS_PLANT_BUG == SS_BUG_RENAME_PATH_NO_INDEXES
		if (ix != NULL && !pl->ldrop[obj_index(pl->L, ix)] &&
		    renamed_into_place(pl, ix->target_key))
			continue; /* planted bug: "RENAME keeps the indexes" (not the new copy's) */
#endif
		int rc = ss__emit(pl, dix->create_sql, NULL, 0);
		if (rc != 0)
			return rc;
	}
	return 0;
}

#if SS_PLANT_BUG == SS_BUG_VIEW_CHAIN_NOT_RECREATED
/* Planted bug: an unchanged view is brought back only when it mentions a table that
 * changes; one that went only because a view it reads went stays gone. */
static int view_chain_skipped(const planner *pl, size_t desired_index)
{
	const ss_object *lv = live_twin(pl, desired_index);
	if (lv == NULL || !same_object(lv, &pl->D->objs[desired_index]))
		return 0;
	for (size_t k = 0; k < lv->nmentions; k++)
		if (ss__keyset_contains(&pl->touched, lv->mentions[k]))
			return 0;
	return 1;
}
#endif

/* 8. views in dependency order. */
static int pass_create_views(planner *pl)
{
	topo_list topo = {NULL, 0, NULL, NULL};
	int rc = ss__topo_begin(pl, &topo, desired_count(pl, SS_OBJ_VIEW));
	for (size_t i = pl->dfrom[SS_OBJ_VIEW]; rc == 0 && i < pl->dto[SS_OBJ_VIEW]; i++)
		if (!live_twin_stays(pl, live_twin(pl, i)))
			topo.items[topo.n++].obj = &pl->D->objs[i];
#if SS_PLANT_BUG == SS_BUG_VIEW_CHAIN_NOT_RECREATED
	size_t kept = 0; /* planted bug: views that went only with another view stay gone */
	for (size_t k = 0; k < topo.n; k++)
		if (!view_chain_skipped(pl, obj_index(pl->D, topo.items[k].obj)))
			topo.items[kept++] = topo.items[k];
	topo.n = kept;
#endif
	if (rc == 0)
		rc = ss__topo_finish(pl, &topo, 0);
	for (size_t k = 0; rc == 0 && k < topo.n; k++)
		rc = ss__emit(pl, topo.items[topo.order[k]].obj->create_sql, NULL, 0);
	ss__topo_end(&topo);
	return rc;
}

/* 9. triggers. */
static int pass_create_triggers(planner *pl)
{
	for (size_t i = pl->dfrom[SS_OBJ_TRIGGER]; i < pl->dto[SS_OBJ_TRIGGER]; i++) {
		if (live_twin_stays(pl, live_twin(pl, i)))
			continue;
		int rc = ss__emit(pl, pl->D->objs[i].create_sql, NULL, 0);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- the driver ------------------------------------------------------------------------- */

static int plan_all(planner *pl)
{
	static int (*const passes[])(planner *) = {
		plan_alloc,        pass_decide_tables,   pass_mark_tables,
		pass_foreign_keys, pass_views_gone,      pass_drop_triggers,
		pass_drop_views,   pass_drop_indexes,    pass_create_tables_early,
		pass_drop_tables,  pass_tables,          pass_create_indexes,
		pass_create_views, pass_create_triggers, ss__pass_fts_rebuild};
	for (size_t k = 0; k < sizeof(passes) / sizeof(passes[0]); k++) {
		int rc = passes[k](pl);
		if (rc != 0)
			return rc;
	}
	return 0;
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
	ss__keyset_free(&pl->touched);
	ss__keyset_free(&pl->dropped_views);
	ss__keyset_free(&pl->rebuilt_tables);
	ss__keyset_free(&pl->dropped_tables);
	ss_free(pl->l2d);
	ss_free(pl->d2l);
	ss_free(pl->ix_head);
	ss_free(pl->ix_next);
	ss_free(pl->ldrop);
	ss_free(pl->gone);
	ss_buf_free(&pl->destructive);
}

int ss_plan_between(ss_plan **out, const ss_schema *live, const ss_schema *desired,
		    const ss_plan_facts *facts, const ss_options *opts, ss_error *err)
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
	pl.facts = facts;
	pl.opts = opts;
	pl.prefix = opts->scratch_prefix ? opts->scratch_prefix : SS_DEFAULT_SCRATCH_PREFIX;
	pl.err = err;
	pl.fk_on = facts != NULL && facts->foreign_keys;
	ss_buf_init(&pl.destructive);
	pl.p = ss__plan_new();
	if (pl.p == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	pl.p->strategy = opts->strategy;
	rc = plan_all(&pl);
	if (rc == 0 && pl.destructive.failed)
		rc = ss__plan_nomem(&pl);
	if (rc == 0 && pl.destructive.len) {
		pl.p->destructive_summary = ss_buf_detach(&pl.destructive);
		if (pl.p->destructive_summary == NULL)
			rc = ss__plan_nomem(&pl);
	}
	planner_free(&pl);
	if (rc != 0) {
		ss_plan_free(pl.p);
		return rc;
	}
	*out = pl.p;
	return ss__plan_guard(pl.p, opts, err);
}
