/* SPDX-License-Identifier: MIT */
/*
 * Only what differs is materialized. A definition whose normalized text equals a live
 * object's (same spelling) is that object: it is not built in the scratch area, and the
 * desired model borrows the live object's model instead. Every CREATE makes SQLite scan
 * the catalog (O(n^2) for a whole schema), so an unchanged table among 10,000 must cost
 * nothing. Exceptions, built anyway: names defined twice (SQLite rejects them, or skips
 * IF NOT EXISTS), and the table a materialized index or trigger is ON.
 */
#include "sync.h"

#include <stdlib.h>
#include <string.h>

typedef struct name_ref {
	char *lname;
	int ns; /* 0: tables, views, indexes; 1: triggers (SQLite's two namespaces) */
	size_t idx;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
	const name_ref *x = a, *y = b;
	if (x->ns != y->ns)
		return x->ns - y->ns;
	return strcmp(x->lname, y->lname);
}

/* d->reuse = the live object of key lname when d is exactly it (same spelling, same
 * normalized text), and then d is not materialized. */
static int reuse_live_twin(sync_ctx *c, def_stmt *d, const ss_schema *live, const char *lname)
{
	if (ss__def_excluded(c, d))
		return 0;
	const ss_object *o = ss__schema_find(live, d->ci.type, lname);
	if (o == NULL || strcmp(o->name, d->ci.name) != 0)
		return 0;
	if (d->ci.target != NULL && strcmp(d->ci.target, o->target) != 0)
		return 0;
	ss_buf q;
	ss_buf_init(&q);
	if (d->ci.target != NULL)
		ss_buf_add_ident(&q, o->target_key);
	char *norm = q.failed ? NULL
			      : ss__object_norm(&d->toks, &d->ci,
						d->ci.target != NULL ? q.data : NULL, NULL, NULL);
	ss_buf_free(&q);
	if (norm == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	if (strcmp(norm, o->norm) == 0) {
		d->materialize = 0;
		d->reuse = o;
	}
	ss_free(norm);
	return 0;
}

/* What a materialized index or trigger is ON is materialized with it. refs is sorted. */
static int materialize_targets(sync_ctx *c, const name_ref *refs)
{
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize || d->ci.target == NULL)
			continue;
		name_ref probe = {ss__lower_dup(d->ci.target), 0, 0};
		if (probe.lname == NULL)
			return ss__fail(c->err, SS_E_NOMEM, "out of memory");
		const name_ref *hit =
			bsearch(&probe, refs, c->ndefs, sizeof(name_ref), cmp_name_ref);
		ss_free(probe.lname);
		/* all definitions of that name (duplicates are adjacent) */
		for (const name_ref *r = hit; r && r >= refs && cmp_name_ref(r, hit) == 0; r--)
			c->defs[r->idx].materialize = 1;
		for (const name_ref *r = hit; r && r < refs + c->ndefs && cmp_name_ref(r, hit) == 0;
		     r++)
			c->defs[r->idx].materialize = 1;
	}
	return 0;
}

int ss__choose_materialized(sync_ctx *c, const ss_schema *live)
{
	int rc = 0;
	name_ref *refs = ss__calloc(c->ndefs ? c->ndefs : 1, sizeof(name_ref));
	if (refs == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	for (size_t i = 0; i < c->ndefs; i++) {
		def_stmt *d = &c->defs[i];
		refs[i].ns = d->ci.type == SS_OBJ_TRIGGER;
		refs[i].idx = i;
		refs[i].lname = ss__lower_dup(d->ci.name);
		d->materialize = 1;
		d->reuse = NULL;
		if (refs[i].lname == NULL) {
			rc = ss__fail(c->err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		if ((rc = reuse_live_twin(c, d, live, refs[i].lname)) != 0)
			goto done;
	}
	if (c->ndefs > 1)
		qsort(refs, c->ndefs, sizeof(name_ref), cmp_name_ref);
	/* names defined twice go through SQLite, which rejects them or skips IF NOT EXISTS */
	for (size_t i = 1; i < c->ndefs; i++)
		if (cmp_name_ref(&refs[i - 1], &refs[i]) == 0)
			c->defs[refs[i - 1].idx].materialize = c->defs[refs[i].idx].materialize = 1;
	rc = materialize_targets(c, refs);
done:
	for (size_t i = 0; i < c->ndefs; i++)
		ss_free(refs[i].lname);
	ss_free(refs);
	return rc;
}

/* Add the live models of the definitions that were not materialized (shared, not copied:
 * live outlives desired). */
int ss__adopt_reused(sync_ctx *c, ss_schema *desired)
{
	const ss_object **v = ss__calloc(c->ndefs ? c->ndefs : 1, sizeof(ss_object *));
	size_t n = 0;
	if (v == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	for (size_t i = 0; i < c->ndefs; i++)
		if (!c->defs[i].materialize && c->defs[i].reuse != NULL)
			v[n++] = c->defs[i].reuse;
	int rc = ss__schema_borrow(desired, v, n, c->err);
	ss_free(v);
	return rc;
}
