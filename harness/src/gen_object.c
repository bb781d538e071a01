/* SPDX-License-Identifier: MIT */
/*
 * Drawing the objects over the tables: indexes (unique, partial, expression keys, DESC,
 * COLLATE), views (columns, SELECT *, joins, views on views, aggregates) and triggers (every
 * timing and event, WHEN, bodies that write other tables); and the whole baseline schema.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gen_draw_index(gen *g, gschema *s, gindex *x)
{
	memset(x, 0, sizeof(*x));
	int cand[MAXT], n = gen_user_tables(s, cand);
	if (!n)
		return;
	gtable *t = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gcol *c = gen_pick_plain_col(g, t);
	if (!c)
		return;
	gen_pick_name(g, x->name, "i", s, 0);
	gen_set_name(x->table, t->name);
	x->unique = gen_ok(g, F_IDX_UNIQUE) && gen_one_in(g, 4);
	x->nkeys = 1;
	gen_set_name(x->keys[0].col, c->name);
	x->keys[0].expr = gen_ok(g, F_IDX_EXPR) && gen_one_in(g, 4) ? 1 + (int)gen_ch(g, 3) : 0;
	x->keys[0].desc = gen_ok(g, F_IDX_DESC) && gen_one_in(g, 4);
	x->keys[0].coll = gen_ok(g, F_IDX_COLLATE) && gen_one_in(g, 5) ? 1 + (int)gen_ch(g, 2) : 0;
	if (gen_one_in(g, 3)) {
		gcol *d = gen_pick_plain_col(g, t);
		if (d && d != c) {
			gen_set_name(x->keys[1].col, d->name);
			x->keys[1].desc = gen_ok(g, F_IDX_DESC) && gen_one_in(g, 3);
			x->nkeys = 2;
		}
	}
	if (gen_ok(g, F_IDX_PARTIAL) && gen_one_in(g, 4)) {
		gcol *d = gen_pick_plain_col(g, t);
		x->partial = 1 + (int)gen_ch(g, gen_ok(g, L_INDEX_WHERE) ? 3 : 2);
		gen_set_name(x->pcol, d->name);
		if (x->partial == 3)
			x->plit = gen_draw_lit(g, L_INDEX_WHERE);
	}
	s->ni++;
}

void gen_draw_view(gen *g, gschema *s, gview *v)
{
	memset(v, 0, sizeof(*v));
	int cand[MAXT], n = gen_user_tables(s, cand);
	if (!n)
		return;
	gen_pick_name(g, v->name, "v", s, 0);
	/* columns, SELECT *, join, on a view, aggregate, column list, subquery on another table */
	const unsigned char kinds[7] = {
		1, gen_ok(g, F_VIEW_STAR),    gen_ok(g, F_VIEW_JOIN), gen_ok(g, F_VIEW_ON_VIEW), 1,
		1, gen_ok(g, F_VIEW_SUBQUERY)};
	v->kind = (int)gen_ch_among(g, 7, kinds);
	if (v->kind == 3 && s->nv == 0)
		v->kind = kinds[1] ? 1 : 0;
	gtable *t1 = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gtable *t2 = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gcol *c1 = gen_pick_plain_col(g, t1), *c2 = gen_pick_plain_col(g, t2);
	if (!c1 || !c2) {
		if (!kinds[1])
			return; /* SELECT * is not claimed */
		v->kind = 1;
		c1 = &t1->cols[0];
		c2 = &t2->cols[0];
	}
	gen_set_name(v->t1, v->kind == 3 ? s->v[gen_ch(g, (uint64_t)s->nv)].name : t1->name);
	gen_set_name(v->c1, c1->name);
	gen_set_name(v->t2, t2->name);
	gen_set_name(v->c2, c2->name);
	v->vlit = gen_ok(g, L_VIEW) && gen_one_in(g, 4) ? gen_draw_lit(g, L_VIEW) : 0;
	s->nv++;
}

void gen_draw_trigger(gen *g, gschema *s, gtrig *r)
{
	memset(r, 0, sizeof(*r));
	int cand[MAXT], n = gen_user_tables(s, cand);
	if (!n)
		return;
	gen_pick_name(g, r->name, "tr", s, 1);
	const unsigned char timings[3] = {gen_ok(g, F_TRIG_AFTER), gen_ok(g, F_TRIG_BEFORE),
					  gen_ok(g, F_TRIG_INSTEAD)};
	r->timing = (int)gen_ch_among(g, 3, timings);
	if (r->timing == 2 && s->nv == 0)
		r->timing = 0;
	if (r->timing > 2 || !timings[r->timing])
		return; /* no trigger timing is claimed */
	gtable *t = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gtable *o = &s->t[cand[gen_ch(g, (uint64_t)n)]];
	gcol *c = gen_pick_plain_col(g, t);
	gcol *oc = gen_pick_plain_col(g, o);
	if (!c || !oc)
		return;
	if (r->timing == 2)
		gen_set_name(r->table, s->v[gen_ch(g, (uint64_t)s->nv)].name);
	else
		gen_set_name(r->table, t->name);
	const unsigned char events[4] = {1, 1, 1, gen_ok(g, F_TRIG_UPDATE_OF)};
	r->event = (int)gen_ch_among(g, 4, events);
	if (r->timing == 2 && r->event == 3)
		r->event = 2; /* INSTEAD OF UPDATE OF is allowed, keep it simple */
	gen_set_name(r->ofcol, c->name);
	gen_set_name(r->src, c->name);
	r->when = r->timing != 2 && gen_ok(g, F_TRIG_WHEN) && gen_one_in(g, 3);
	gen_set_name(r->wcol, c->name);
	int other = gen_ok(g, F_TRIG_OTHER);
	const unsigned char bodies[7] = {1,
					 (unsigned char)other,
					 (unsigned char)other,
					 (unsigned char)other,
					 1,
					 (unsigned char)gen_ok(g, L_TRIGGER),
					 (unsigned char)gen_ok(g, F_TRIG_CASE)};
	r->body = (int)gen_ch_among(g, 7, bodies);
	if (r->timing == 2 && r->body == 3)
		r->body = 1;
	r->tlit = r->body == 5 || (gen_ok(g, L_TRIGGER) && gen_one_in(g, 4))
			  ? gen_draw_lit(g, L_TRIGGER)
			  : 0;
	gen_set_name(r->bt, o->name);
	gen_set_name(r->bc, oc->name);
	if (r->body >= 1 && r->body <= 3 && gen_ok(g, F_TRIG_DANGLING) && gen_one_in(g, 8)) {
		/* the body writes a table that does not exist: SQLite accepts the trigger (and
		 * fails only when it fires), but ALTER TABLE RENAME / DROP COLUMN re-check every
		 * trigger and refuse */
		r->dangling = 1;
		gen_pick_name(g, r->bt, "t", s, 0);
	}
	s->ntr++;
}

/* A foreign key from an earlier table to a later one: created in dependency order, and a
 * cycle when the later one references the earlier. */
static void draw_forward_fk(gen *g, gschema *s)
{
	if (!gen_ok(g, F_FK_FORWARD) || !gen_ok(g, F_FK) || s->nt < 2 || !gen_one_in(g, 5))
		return;
	int i = (int)gen_ch(g, (uint64_t)s->nt - 1);
	int j = i + 1 + (int)gen_ch(g, (uint64_t)(s->nt - i - 1));
	gtable *t = &s->t[i], *p = &s->t[j];
	gcol *c = gen_pick_plain_col(g, t);
	if (!c || c->fk || gen_pk_has(t, c->name) || !(p->pk == 1 || p->pk == 2) || p->excluded)
		return;
	c->fk = 1;
	gen_set_name(c->fk_table, p->name);
	gen_set_name(c->fk_col, gen_ch(g, 2) ? p->pkcols[0] : "");
	c->fk_del = gen_draw_fk_action(g);
	c->fk_upd = gen_draw_fk_action(g);
	c->fk_defer = gen_draw_fk_defer(g);
	gen_label(g->cs, F_FK_FORWARD);
}

void gen_draw_schema(gen *g, gschema *s)
{
	memset(s, 0, sizeof(*s));
	/* a large schema: 8-14 tables, up to 12 indexes and 6 views and triggers (tens of
	 * objects), where the engine's paths for big schemas run (with small thresholds) */
	int nt = g->large ? 8 + (int)gen_ch(g, 7) : 1 + (int)gen_ch(g, g->max_tables);
	int more = g->large ? 4 : 0;
	for (int i = 0; i < nt && s->nt < MAXT - 2; i++) {
		gen_draw_table(g, s, &s->t[s->nt]);
		s->nt++;
	}
	draw_forward_fk(g, s);
	int ni = gen_ok(g, F_IDX) ? (int)gen_ch(g, 3 + (uint64_t)more * 2) : 0;
	for (int i = 0; i < ni && s->ni < MAXI - 2; i++)
		gen_draw_index(g, s, &s->i[s->ni]);
	int nv = gen_ok(g, F_VIEW) ? (int)gen_ch(g, 3 + (uint64_t)more) : 0;
	for (int i = 0; i < nv && s->nv < MAXV - 2; i++)
		gen_draw_view(g, s, &s->v[s->nv]);
	int ntr = gen_trig_ok(g) ? (int)gen_ch(g, 3 + (uint64_t)more) : 0;
	for (int i = 0; i < ntr && s->ntr < MAXTR - 2; i++)
		gen_draw_trigger(g, s, &s->tr[s->ntr]);
	if (s->nt + s->ni + s->nv + s->ntr >= 16)
		gen_label(g->cs, S_LARGE);
}
