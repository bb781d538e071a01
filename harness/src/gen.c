/* SPDX-License-Identifier: MIT */
/*
 * The case generator's driver. It draws the case's config, a baseline schema model (and,
 * sometimes, an excluded bookkeeping table), emits it as SQL with randomized formatting and
 * quoting, generates rows SQLite accepts for it, then applies one to three change classes
 * of SPEC §3 to a copy of the model and emits the result as the desired definitions. Every
 * decision is one draw from the choice source where 0 is the simplest option, so the
 * shrinker can simplify a case by lowering choices.
 *
 * Example: choices all zero give `create table t(a int);` as both baseline and desired.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- labels ------------------------------------------------------------------------------ */

#define X_NAME(id, name) name,
static const char *const label_names[] = {LABELS(X_NAME)};
#undef X_NAME

_Static_assert(NLABELS <= SS_LABEL_MAX, "SS_LABEL_MAX is too small for the labels");
_Static_assert(NLABELS <= 64 * (int)(sizeof(((ss_case *)0)->labels) / sizeof(uint64_t)),
	       "ss_case.labels is too small for the labels");

int ss_label_count(void)
{
	return NLABELS;
}

const char *ss_label_name(int label)
{
	return (label >= 0 && label < NLABELS) ? label_names[label] : "?";
}

void gen_label(ss_case *c, int i)
{
	c->labels[i / 64] |= (uint64_t)1 << (i % 64);
}

/* ---- the case ------------------------------------------------------------------------------ */

/* The caller's connection (P10): an open transaction (with a SAVEPOINT txn hook) and
 * defer_foreign_keys in it, an attached database, an authorizer of its own. Under the
 * durable-object profile the connection is the profile's. */
static void draw_connection(gen *g)
{
	ss_case_config *k = &g->cs->config;
	/* LIKE made case-sensitive: a query of the engine's that relied on LIKE's folding
	 * would miss what it looks for (allowed under the profile too) */
	if ((k->case_sensitive_like = gen_ok(g, K_CASE_LIKE) && gen_one_in(g, 16)))
		gen_label(g->cs, K_CASE_LIKE);
	if (k->profile)
		return;
	const unsigned char txns[2] = {gen_ok(g, K_CALLER_BEGIN), gen_ok(g, K_CALLER_SAVEPOINT)};
	if ((txns[0] || txns[1]) && gen_one_in(g, 6)) {
		k->caller_txn = gen_ch_among(g, 2, txns) ? SS_CALLER_SAVEPOINT : SS_CALLER_BEGIN;
		gen_label(g->cs,
			  k->caller_txn == SS_CALLER_BEGIN ? K_CALLER_BEGIN : K_CALLER_SAVEPOINT);
		if ((k->defer_foreign_keys = gen_ok(g, K_DEFER_FK) && gen_one_in(g, 2)))
			gen_label(g->cs, K_DEFER_FK);
	}
	if ((k->attached = gen_ok(g, K_ATTACHED) && gen_one_in(g, 6)))
		gen_label(g->cs, K_ATTACHED);
	if ((k->authorizer = gen_ok(g, K_AUTHORIZER) && gen_one_in(g, 4)))
		gen_label(g->cs, K_AUTHORIZER);
	if ((k->attach_limit = gen_ok(g, K_ATTACH_LIMIT) && gen_one_in(g, 12)))
		gen_label(g->cs, K_ATTACH_LIMIT);
}

/*
 * The engine's size thresholds, lowered so that its paths for big tables and big schemas run
 * on a case's handful of rows and objects: rename_min_rows (a rebuilt table with at least
 * this many rows is renamed instead of copied twice) and alter_copy_min_objects (from this
 * many objects a small table's in-place ADD / DROP COLUMN becomes a copy). Drawn only when
 * the engine has them (SS_OPTIONS_HAS_THRESHOLDS); a case file carries them either way.
 */
static void draw_thresholds(gen *g)
{
#ifdef SS_OPTIONS_HAS_THRESHOLDS
	ss_case_config *k = &g->cs->config;
	/* on the scales a case has: a table's handful of rows (0-4) or bulk rows (150-2500);
	 * a default schema's few objects or a large one's tens; both sides of each threshold */
	if (gen_ok(g, K_RENAME_MIN_ROWS) && gen_one_in(g, 4)) {
		static const unsigned rows_scale[] = {5, 50, 3000};
		k->rename_min_rows = 1 + (unsigned)gen_ch(g, rows_scale[gen_ch(g, 3)]);
		gen_label(g->cs, K_RENAME_MIN_ROWS);
	}
	if (gen_ok(g, K_ALTER_COPY_MIN_OBJECTS) && gen_one_in(g, 4)) {
		static const unsigned objects_scale[] = {6, 20, 60};
		k->alter_copy_min_objects = 1 + (unsigned)gen_ch(g, objects_scale[gen_ch(g, 3)]);
		gen_label(g->cs, K_ALTER_COPY_MIN_OBJECTS);
	}
#else
	(void)g;
#endif
}

/* The case's column-constraint spelling (gen.corder, named, explicit_null): one for the
 * baseline and the desired definitions alike. */
static void draw_spelling(gen *g)
{
	for (int i = 0; i < 6; i++)
		g->corder[i] = (unsigned char)i;
	if (gen_ok(g, F_CONSTRAINT_ORDER) && gen_one_in(g, 3)) {
		for (int i = 5; i > 0; i--) {
			int j = (int)gen_ch(g, (uint64_t)i + 1);
			unsigned char x = g->corder[i];
			g->corder[i] = g->corder[j];
			g->corder[j] = x;
		}
		gen_label(g->cs, F_CONSTRAINT_ORDER);
	}
	g->named = gen_ok(g, F_NAMED_CONSTRAINT) && gen_one_in(g, 6);
	g->explicit_null = gen_ok(g, F_NULL_CONSTRAINT) && gen_one_in(g, 8);
}

/* The case's config: given by the options or drawn. */
static void draw_config(gen *g, const ss_gen_options *opts)
{
	ss_case_config *k = &g->cs->config;
	k->strategy = opts->strategy;
	k->foreign_keys = opts->foreign_keys >= 0 ? opts->foreign_keys
			  : gen_ok(g, K_FK_ON)    ? (int)gen_ch(g, 2)
						  : 0;
	k->profile = opts->profile >= 0     ? (ss_profile)opts->profile
		     : gen_ok(g, K_DURABLE) ? (ss_profile)gen_one_in(g, 4)
					    : SS_PROFILE_DEFAULT;
	k->allow_destructive = !(gen_ok(g, K_NO_DESTRUCTIVE) && gen_one_in(g, 4));
	if (k->profile)
		k->foreign_keys = 1; /* the profile turns foreign keys on */
	gen_label(g->cs, k->foreign_keys ? K_FK_ON : K_FK_OFF);
	if (k->profile)
		gen_label(g->cs, K_DURABLE);
	if (!k->allow_destructive)
		gen_label(g->cs, K_NO_DESTRUCTIVE);
	/* definitions without a statement are refused unless allowed (SPEC §1) */
	if (gen_ok(g, K_NO_EMPTY) && gen_one_in(g, 10)) {
		k->allow_empty = 0;
		gen_label(g->cs, K_NO_EMPTY);
	}
	draw_spelling(g);
	draw_connection(g);
	/* a large schema now and then, at the default size (it costs a few cases' time) */
	g->large = g->max_tables >= 4 && gen_ok(g, S_LARGE) && gen_one_in(g, 12);
	draw_thresholds(g);
}

/* Sometimes a bookkeeping table the engine excludes by default (sqlfu_migrations, ...): it
 * lives in the live database only, and a sync must leave it alone. */
static void draw_excluded_table(gen *g, gschema *base)
{
	if (!(gen_ok(g, F_EXCLUDED) && gen_one_in(g, 5) && base->nt < MAXT))
		return;
	size_t n;
	const char *const *names = ss_default_excluded_tables(&n);
	gtable *x = &base->t[base->nt++];
	memset(x, 0, sizeof(*x));
	if (gen_ch(g, 2) && gen_ok(g, K_CUSTOM_EXCLUDED)) {
		/* the caller's own list replaces the default one */
		static const char *const custom[] = {"audit_log"};
		sh_case_set_excluded(g->cs, custom, 1);
		gen_label(g->cs, K_CUSTOM_EXCLUDED);
		names = custom;
		n = 1;
	}
	gen_set_name(x->name, names[gen_ch(g, n)]);
	x->ncols = 2;
	snprintf(x->cols[0].name, NAMELEN, "name");
	x->cols[0].type = 1;
	snprintf(x->cols[1].name, NAMELEN, "applied_at");
	x->cols[1].type = 1;
	x->pk = 2;
	snprintf(x->pkcols[0], NAMELEN, "name");
	x->npk = 1;
	if (!gen_ok(g, F_SINGLE_PK)) {
		x->pk = 0; /* the engine claims no single-column key: a bookkeeping table without */
		x->npk = 0;
	}
	x->excluded = 1;
	gen_label(g->cs, F_EXCLUDED);
}

/* s without its excluded tables. */
static void drop_excluded(gschema *s)
{
	int n = 0;
	for (int i = 0; i < s->nt; i++)
		if (!s->t[i].excluded)
			s->t[n++] = s->t[i];
	s->nt = n;
}

/* Is want the same model as base (bookkeeping tables aside)? Then every difference in
 * the two texts is formatting. */
static int same_model(const gschema *base, const gschema *want)
{
	gschema *cmp = sh_calloc(1, sizeof(gschema));
	*cmp = *base;
	drop_excluded(cmp);
	memset(&cmp->t[cmp->nt], 0, (size_t)(MAXT - cmp->nt) * sizeof(gtable));
	gschema *w2 = sh_calloc(1, sizeof(gschema));
	*w2 = *want;
	memset(&w2->t[w2->nt], 0, (size_t)(MAXT - w2->nt) * sizeof(gtable));
	int same = !memcmp(cmp, w2, sizeof(gschema));
	free(cmp);
	free(w2);
	return same;
}

/* Rows for base (built in db), then the desired model: one to three changes away. */
static void draw_rows_and_desired(gen *g, sqlite3 *db, gschema *base, gschema *want)
{
	ss_case *cs = g->cs;
	sh_buf b;
	sh_buf_init(&b);
	gen_rows(g, &b, db, base);
	cs->rows = sh_buf_take(&b);
	*want = *base;
	drop_excluded(want); /* excluded tables live in the database only */
	int nm = 1 + (int)gen_ch(g, 3);
	for (int i = 0; i < nm; i++)
		gen_mutate(g, want);
	gen_sync_col_refs(want);
	gen_fixup(want);
	cs->same_model = same_model(base, want);
	gen_emit_schema(g, &b, want, 0);
	if (!b.len) {
		/* nothing left: the text is empty, or comments and semicolons only */
		static const char *const none[] = {"", "-- nothing left\n", "/* empty */ ;\n",
						   ";\n;\n"};
		sh_buf_adds(&b, none[gen_ch(g, 4)]);
		gen_label(cs, D_EMPTY);
	}
	cs->desired = sh_buf_take(&b);
	/* a definition SQLite itself rejects: the desired schema does not build alone, and the
	 * sync must fail (atomically) */
	if (want->invalid >= 2)
		cs->expect_error = sh_strdup("");
}

/* ---- scratch-prefixed objects in the live database ---------------------------------------- */

static void prefixed(char *name)
{
	char buf[2 * NAMELEN]; /* gen_set_name truncates to NAMELEN */
	snprintf(buf, sizeof(buf), SS_DEFAULT_SCRATCH_PREFIX "%s", name);
	gen_set_name(name, buf);
}

/* What a crashed prefix-strategy sync leaves in main: the scratch copy of a desired table
 * (empty), of its indexes and triggers (ON the scratch table), of a view (its body still
 * naming the user's objects). */
static void draw_leftovers(gen *g, gschema *lo, const gschema *want)
{
	int cand[MAXT], n = gen_user_tables(want, cand);
	if (!n)
		return;
	const gtable *src = &want->t[cand[gen_ch(g, (uint64_t)n)]];
	lo->t[0] = *src;
	prefixed(lo->t[0].name);
	lo->nt = 1;
	gen_label(g->cs, P_LEFT_TABLE);
	for (int i = 0; i < want->ni && lo->ni < 2; i++)
		if (!sh_stricmp(want->i[i].table, src->name) && gen_ch(g, 2) &&
		    gen_ok(g, P_LEFT_INDEX)) {
			lo->i[lo->ni] = want->i[i];
			prefixed(lo->i[lo->ni].name);
			gen_set_name(lo->i[lo->ni].table, lo->t[0].name);
			lo->ni++;
			gen_label(g->cs, P_LEFT_INDEX);
		}
	if (want->nv && gen_ok(g, P_LEFT_VIEW) && gen_ch(g, 2)) {
		lo->v[0] = want->v[gen_ch(g, (uint64_t)want->nv)];
		prefixed(lo->v[0].name);
		lo->nv = 1;
		gen_label(g->cs, P_LEFT_VIEW);
	}
	if (gen_ok(g, P_LEFT_TRIGGER) && gen_ok(g, F_TRIG_AFTER) && gen_ch(g, 2)) {
		gtrig *r = &lo->tr[0];
		memset(r, 0, sizeof(*r));
		for (int i = 0; i < want->ntr; i++)
			if (want->tr[i].timing != 2 && !sh_stricmp(want->tr[i].table, src->name))
				*r = want->tr[i];
		if (!r->name[0]) {
			gen_set_name(r->name, "tr");
			gen_set_name(r->src, src->cols[0].name);
			gen_set_name(r->ofcol, src->cols[0].name);
			gen_set_name(r->wcol, src->cols[0].name);
		}
		prefixed(r->name);
		gen_set_name(r->table, lo->t[0].name);
		lo->ntr = 1;
		gen_label(g->cs, P_LEFT_TRIGGER);
	}
}

/* A user's own table whose name starts with the prefix, holding rows, with an index, a view
 * and a trigger of the prefix too: never a scratch leftover, so the sync must refuse and
 * change nothing, not even drop the index, view or trigger (SPEC §1). */
static void draw_user_prefixed(gen *g, gschema *lo, sh_buf *rows)
{
	gtable *t = &lo->t[lo->nt++];
	memset(t, 0, sizeof(*t));
	gen_set_name(t->name, SS_DEFAULT_SCRATCH_PREFIX "keep");
	t->ncols = 2;
	gen_set_name(t->cols[0].name, "id");
	t->cols[0].type = 2;
	gen_set_name(t->cols[1].name, "note");
	t->cols[1].type = 1;
	t->pk = 1;
	t->npk = 1;
	gen_set_name(t->pkcols[0], "id");
	if (lo->ni < MAXI) {
		gindex *x = &lo->i[lo->ni++];
		memset(x, 0, sizeof(*x));
		gen_set_name(x->name, SS_DEFAULT_SCRATCH_PREFIX "keep_note");
		gen_set_name(x->table, t->name);
		gen_set_name(x->keys[0].col, "note");
		x->nkeys = 1;
	}
	if (lo->nv < MAXV && gen_ok(g, F_VIEW) && gen_ch(g, 2)) {
		gview *v = &lo->v[lo->nv++];
		memset(v, 0, sizeof(*v));
		gen_set_name(v->name, SS_DEFAULT_SCRATCH_PREFIX "keep_v");
		gen_set_name(v->t1, t->name);
		gen_set_name(v->c1, "note");
	}
	sh_buf_printf(rows,
		      "insert into \"%skeep\" (id, note) values (%d, 'mine'), (%d, "
		      "'__sqlfu_sync_ also mine');\n",
		      SS_DEFAULT_SCRATCH_PREFIX, 1 + (int)gen_ch(g, 3), 7);
	gen_label(g->cs, P_USER_ROWS);
}

/* Sometimes the live database holds scratch-prefixed objects: a crashed sync's leftovers
 * (removed by the sync, never counted as schema), or a user's table holding rows (the sync
 * must refuse). Built into db after the rows and appended to the baseline (and rows). */
static void draw_prefixed(gen *g, sqlite3 *db, const gschema *want)
{
	uint64_t kind = gen_ch(g, 20);
	if (kind < 18)
		return;
	/* engines under test: only what they claim (the scratch user table is INTEGER / TEXT,
	 * with an index) */
	int left_ok = gen_ok(g, P_LEFT_TABLE);
	int user_ok = gen_ok(g, P_USER_ROWS) && gen_ok(g, F_IDX) && ((g->types_ok >> 1) & 1) &&
		      ((g->types_ok >> 2) & 1);
	if ((kind == 18 && !left_ok) || (kind == 19 && !user_ok))
		return;
	gschema *lo = sh_calloc(1, sizeof(gschema));
	sh_buf sql, rows;
	sh_buf_init(&sql);
	sh_buf_init(&rows);
	if (left_ok && (kind == 18 || gen_ch(g, 2)))
		draw_leftovers(g, lo, want);
	if (kind == 19)
		draw_user_prefixed(g, lo, &rows);
	gen_emit_schema(g, &sql, lo, 0);
	if (sql.len && sh_exec(db, sql.data, NULL, 0) == SQLITE_OK &&
	    (!rows.len || sh_exec(db, rows.data, NULL, 0) == SQLITE_OK)) {
		sh_buf b;
		sh_buf_init(&b);
		sh_buf_adds(&b, g->cs->baseline);
		sh_buf_adds(&b, sql.data);
		free(g->cs->baseline);
		g->cs->baseline = sh_buf_take(&b);
		if (rows.len) {
			sh_buf_adds(&b, g->cs->rows);
			sh_buf_adds(&b, rows.data);
			free(g->cs->rows);
			g->cs->rows = sh_buf_take(&b);
		}
	}
	sh_buf_free(&sql);
	sh_buf_free(&rows);
	free(lo);
}

int ss_case_generate(ss_case **out, ss_choices *choices, const ss_gen_options *opts, ss_error *err)
{
	ss_gen_options def = SS_GEN_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	*out = NULL;
	gen g = {choices,
		 sh_case_new(),
		 opts->max_tables ? opts->max_tables : 4,
		 opts,
		 0,
		 0,
		 0,
		 {0, 1, 2, 3, 4, 5},
		 0,
		 0};
	ss_case *cs = g.cs;
	gschema *base = sh_calloc(1, sizeof(gschema));
	gschema *want = sh_calloc(1, sizeof(gschema));
	int rc = 0;

	gen_mask_types(&g);
	draw_config(&g, opts);
	gen_draw_schema(&g, base);
	draw_excluded_table(&g, base);
	gen_fixup(base);
	sh_buf b;
	sh_buf_init(&b);
	gen_emit_schema(&g, &b, base, 1);
	cs->baseline = sh_buf_take(&b);

	sqlite3 *db = sh_open_memory();
	char msg[512];
	sh_exec(db, "PRAGMA foreign_keys=ON", NULL, 0);
	if (sh_exec(db, cs->baseline, msg, sizeof(msg)) != SQLITE_OK) {
		rc = sh_fail(err, SS_E_INVALID, "the generated baseline does not build: %s", msg);
		sqlite3_close(db);
		ss_case_free(cs);
	} else {
		draw_rows_and_desired(&g, db, base, want);
		draw_prefixed(&g, db, want);
		gen_vtabs(&g, db, base, want);
		cs->pristine = db; /* the runner copies it instead of building it again */
		cs->name = sh_strdup("generated");
		*out = cs;
	}
	free(base);
	free(want);
	return rc;
}
