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
	cs->desired = sh_buf_take(&b);
}

int ss_case_generate(ss_case **out, ss_choices *choices, const ss_gen_options *opts, ss_error *err)
{
	ss_gen_options def = SS_GEN_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	*out = NULL;
	gen g = {choices, sh_case_new(), opts->max_tables ? opts->max_tables : 4, opts, 0, 0};
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
		cs->pristine = db; /* the runner copies it instead of building it again */
		cs->name = sh_strdup("generated");
		*out = cs;
	}
	free(base);
	free(want);
	return rc;
}
