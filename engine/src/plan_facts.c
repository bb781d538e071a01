/* SPDX-License-Identifier: MIT */
/*
 * The planner's questions about the live database, and where their answers come from. The
 * planner is pure: it never reads a connection. Before planning, the sync layer asks
 * ss__plan_fact_needs which live tables matter (a cheap pass over the paired texts: at
 * 100,000 unchanged tables, none), reads those facts (sync_facts.c: each differing table's
 * PRAGMA table_xinfo into the live model, row counts with a LIMIT, PRAGMA foreign_keys),
 * and hands them over in struct ss_plan_facts. During planning, ss__table_rows and
 * ss__table_has_rows answer from them; a question that was not foreseen is a bug, reported
 * as SS_E_MISUSE rather than answered with a guess.
 */
#include "planner.h"

long ss__plan_row_limit(const ss_schema *live)
{
	long limit = 10 * (long)live->n;
	return limit < 1000 ? 1000 : limit;
}

long ss__plan_rename_min_rows(const planner *pl)
{
	long limit = ss__plan_row_limit(pl->L), asked = pl->opts->rename_min_rows;
	return asked > 0 && asked < limit ? asked : limit;
}

long ss__plan_alter_copy_min_objects(const planner *pl)
{
	long asked = pl->opts->alter_copy_min_objects;
	return asked > 0 ? asked : SS_ALTER_RELOAD_MIN_OBJECTS;
}

int ss__plan_reload_costly(planner *pl)
{
	if (pl->reload_weight == 0) {
		size_t bytes = 0;
		for (size_t i = 0; i < pl->L->n; i++)
			bytes += strlen(pl->L->objs[i].create_sql);
		size_t w = bytes / SS_RELOAD_BYTES_PER_OBJECT;
		pl->reload_weight = (long)(w > pl->L->n ? w : pl->L->n);
	}
	return pl->reload_weight >= ss__plan_alter_copy_min_objects(pl);
}

int ss__plan_alter_refused(const planner *pl)
{
	return pl->facts != NULL && pl->facts->alter_refused;
}

/* The facts' answer for live table l, read with at least need; or SS_E_MISUSE. */
static int answer(planner *pl, const ss_object *l, unsigned char need, long *out)
{
	const ss_plan_facts *f = pl->facts;
	size_t i = obj_index(pl->L, l) - pl->lfrom[SS_OBJ_TABLE];
	if (i >= f->ntables || f->need[i] < need || f->rows[i] < 0)
		return ss__fail(pl->err, SS_E_MISUSE,
				"table \"%s\": its rows were not counted before planning", l->name);
	*out = f->rows[i];
	return 0;
}

int ss__table_rows(planner *pl, const ss_object *l, long *out)
{
	*out = 0;
	return pl->facts == NULL ? 0 : answer(pl, l, SS_FACT_ROWS, out);
}

int ss__table_has_rows(planner *pl, const ss_object *l, int *out)
{
	long n = 0;
	int rc = pl->facts == NULL ? 0 : answer(pl, l, SS_FACT_ANY_ROW, &n);
	*out = n > 0;
	return rc;
}

/* Live tables that differ from their desired twin (SS_FACT_ROWS), and the keys of those
 * and of the dropped ones, which a referencing table's rows are asked about. */
static int mark_changed(planner *pl, unsigned char *need, keyset *changed)
{
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++) {
		const ss_object *l = &pl->L->objs[i];
		const ss_object *d = desired_twin(pl, i);
		if (d != NULL && ss__same_table_text(l, d))
			continue;
		if (d != NULL)
			need[i - pl->lfrom[SS_OBJ_TABLE]] = SS_FACT_ROWS;
		if (ss__keyset_add(changed, l->key) != 0)
			return ss__plan_nomem(pl);
	}
	return 0;
}

/*
 * A live table whose foreign keys reference a table that may be rebuilt or dropped: does it
 * hold rows? (SQLite's DROP TABLE would cascade into them; see apply_fk.c.) A rebuilt
 * table's new copy may reference others too, but its rows are its live twin's, which
 * differs and so is counted already.
 */
static void mark_referencing(planner *pl, unsigned char *need, const keyset *changed)
{
	if (changed->n == 0)
		return;
	for (size_t i = pl->lfrom[SS_OBJ_TABLE]; i < pl->lto[SS_OBJ_TABLE]; i++) {
		const ss_object *u = &pl->L->objs[i];
		unsigned char *n = &need[i - pl->lfrom[SS_OBJ_TABLE]];
		for (size_t k = 0; *n == SS_FACT_NONE && k < u->nfk; k++)
			if (ss__keyset_contains(changed, u->fk_targets[k]))
				*n = SS_FACT_ANY_ROW;
	}
}

int ss__plan_fact_needs(unsigned char **need, size_t *ntables, const ss_schema *live,
			const ss_schema *desired, ss_error *err)
{
	planner pl;
	keyset changed = {NULL, NULL, 0, 0};
	int rc;
	memset(&pl, 0, sizeof(pl));
	pl.L = live;
	pl.D = desired;
	pl.err = err;
	*need = NULL;
	*ntables = 0;
	if ((rc = ss__plan_pair(&pl)) == 0) {
		*ntables = live_count(&pl, SS_OBJ_TABLE);
		*need = ss__calloc(*ntables ? *ntables : 1, 1);
		if (*need == NULL)
			rc = ss__plan_nomem(&pl);
	}
	if (rc == 0 && (rc = mark_changed(&pl, *need, &changed)) == 0)
		mark_referencing(&pl, *need, &changed);
	ss__keyset_free(&changed);
	ss_free(pl.l2d);
	ss_free(pl.d2l);
	if (rc != 0) {
		ss_free(*need);
		*need = NULL;
		*ntables = 0;
	}
	return rc;
}
