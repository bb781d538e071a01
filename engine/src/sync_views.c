/* SPDX-License-Identifier: MIT */
/*
 * Circular views. SQLite accepts `CREATE VIEW v AS SELECT * FROM v` (and a cycle through
 * several views): the check happens only when the view is used ("view v is circularly
 * defined"), so neither strategy notices while materializing, and the prefix strategy
 * cannot even see it (its scratch copies select from the live names). This pass asks SQLite
 * itself, the same way for both strategies, before anything is planned:
 *
 *  1. a cheap over-approximation from the desired model: an edge v -> w when view v
 *     mentions the name of view w (any identifier: a column or an alias of that name also
 *     counts) or its own name past the name token; the views left after peeling off every
 *     view without outgoing or without incoming edges are the candidates. Usually none,
 *     and then nothing else runs;
 *  2. the candidates, every view they mention (transitively) and a table for every other
 *     name they mention (the desired table, or an empty stand-in, so that a missing table
 *     cannot hide the cycle behind "no such table") are created in a private in-memory
 *     connection, and `SELECT * FROM <candidate>` is prepared there: SQLite's "circularly
 *     defined" refuses the definitions with SS_E_INVALID; any other error is not ours to
 *     judge here (the view may be meant for a table that comes later).
 *
 * Example: `CREATE VIEW a AS SELECT 1 AS b; CREATE VIEW b AS SELECT a FROM (SELECT 1 AS a)`
 * is a candidate pair (each mentions the other's name) that SQLite prepares fine; `CREATE
 * VIEW a AS SELECT * FROM b; CREATE VIEW b AS SELECT * FROM a` is refused.
 */
#include "sync.h"

#include <stdlib.h>
#include <string.h>

/* Does the view mention its own name after its name token? */
static int mentions_itself(const ss_object *v, int *out)
{
	ss_tokens toks;
	ss_create_info ci;
	*out = 0;
	if (ss_tokens_lex(&toks, v->create_sql, strlen(v->create_sql)) != 0)
		return SS_E_NOMEM;
	memset(&ci, 0, sizeof(ci));
	int rc = ss_sql_classify(&ci, &toks, NULL) == 0 ? 0 : SS_E_NOMEM;
	for (size_t k = (size_t)ci.name_tok + 1; rc == 0 && !*out && k < toks.n; k++) {
		if (!ss_tok_is_name(&toks.v[k]))
			continue;
		char *id = ss_tok_ident(&toks.v[k]);
		if (id == NULL)
			rc = SS_E_NOMEM;
		else
			*out = ss_stricmp(id, v->name) == 0;
		ss_free(id);
	}
	ss_create_info_clear(&ci);
	ss_tokens_free(&toks);
	return rc;
}

static int has_mention(const ss_object *o, const char *key)
{
	size_t lo = 0, hi = o->nmentions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->mentions[mid], key);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The views of the desired schema (contiguous in it: objects are sorted by type) and the
 * edges between them, both ways, in CSR form. */
typedef struct view_graph {
	const ss_object *v; /* the first view; the views are v[0 .. n) */
	size_t n;
	unsigned char *self;  /* v mentions itself past its name */
	unsigned char *gone;  /* peeled off: on no cycle */
	size_t *out_at, *out; /* successors of i: out[out_at[i] .. out_at[i + 1]) */
	size_t *in_at, *in;   /* predecessors, likewise */
} view_graph;

static void graph_free(view_graph *g)
{
	ss_free(g->self);
	ss_free(g->gone);
	ss_free(g->out_at);
	ss_free(g->out);
	ss_free(g->in_at);
	ss_free(g->in);
}

/* The view index of the view named key, or (size_t)-1. */
static size_t view_index(const ss_schema *desired, const view_graph *g, const char *key)
{
	const ss_object *o = ss__schema_find(desired, SS_OBJ_VIEW, key);
	return o != NULL && o >= g->v && o < g->v + g->n ? (size_t)(o - g->v) : (size_t)-1;
}

/* Edges v -> w (w != v) for each mention of a view's name, both directions. */
static int build_edges(const ss_schema *desired, view_graph *g)
{
	size_t total = 0;
	for (size_t i = 0; i < g->n; i++)
		for (size_t m = 0; m < g->v[i].nmentions; m++) {
			size_t j = view_index(desired, g, g->v[i].mentions[m]);
			total += j != (size_t)-1 && j != i;
		}
	g->out_at = ss__calloc(g->n + 1, sizeof(size_t));
	g->in_at = ss__calloc(g->n + 2, sizeof(size_t));
	g->out = ss__calloc(total ? total : 1, sizeof(size_t));
	g->in = ss__calloc(total ? total : 1, sizeof(size_t));
	if (!g->out_at || !g->in_at || !g->out || !g->in)
		return SS_E_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < g->n; i++) {
		g->out_at[i] = k;
		for (size_t m = 0; m < g->v[i].nmentions; m++) {
			size_t j = view_index(desired, g, g->v[i].mentions[m]);
			if (j != (size_t)-1 && j != i) {
				g->out[k++] = j;
				g->in_at[j + 2]++;
			}
		}
	}
	g->out_at[g->n] = k;
	/* counting sort into the reverse lists */
	for (size_t i = 2; i < g->n + 2; i++)
		g->in_at[i] += g->in_at[i - 1];
	for (size_t i = 0; i < g->n; i++)
		for (size_t e = g->out_at[i]; e < g->out_at[i + 1]; e++)
			g->in[g->in_at[g->out[e] + 1]++] = i;
	return 0;
}

/*
 * Peel off views without an outgoing or without an incoming edge to a view still there,
 * until none is left to peel (linear: each view goes once, each edge is looked at once per
 * end); what is left lies on a cycle or between cycles. Returns how many are left.
 */
static size_t peel(view_graph *g, size_t *outdeg, size_t *indeg, size_t *queue)
{
	size_t head = 0, tail = 0, left = g->n;
	for (size_t i = 0; i < g->n; i++) {
		outdeg[i] = g->out_at[i + 1] - g->out_at[i] + g->self[i];
		indeg[i] = g->in_at[i + 1] - g->in_at[i] + g->self[i];
		if (outdeg[i] == 0 || indeg[i] == 0) {
			g->gone[i] = 1;
			queue[tail++] = i;
		}
	}
	while (head < tail) {
		size_t i = queue[head++];
		left--;
		for (size_t e = g->out_at[i]; e < g->out_at[i + 1]; e++) {
			size_t j = g->out[e];
			if (!g->gone[j] && --indeg[j] == 0) {
				g->gone[j] = 1;
				queue[tail++] = j;
			}
		}
		for (size_t e = g->in_at[i]; e < g->in_at[i + 1]; e++) {
			size_t j = g->in[e];
			if (!g->gone[j] && --outdeg[j] == 0) {
				g->gone[j] = 1;
				queue[tail++] = j;
			}
		}
	}
	return left;
}

/* Run sql on the private connection; errors are not ours to judge (see the top). */
/* A statement the side database rejects is left out (the question is only about cycles),
 * but running out of memory is SS_E_NOMEM: a view left out for lack of memory would let a
 * circular one through (found by check --faults oom). */
static int side_exec(sqlite3 *side, const char *sql)
{
	return (sqlite3_exec(side, sql, NULL, NULL, NULL) & 0xff) == SQLITE_NOMEM ? SS_E_NOMEM : 0;
}

/* Create in side the candidate views, the views they mention (transitively) and a table
 * for every other name they mention. */
static int build_side(sqlite3 *side, const ss_schema *desired, view_graph *g)
{
	/* want[i]: view i is created; grows to the closure over mentions */
	unsigned char *want = ss__calloc(g->n ? g->n : 1, 1);
	if (want == NULL)
		return SS_E_NOMEM;
	for (size_t i = 0; i < g->n; i++)
		want[i] = !g->gone[i];
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < g->n; i++)
			for (size_t e = g->out_at[i]; want[i] && e < g->out_at[i + 1]; e++)
				if (!want[g->out[e]])
					want[g->out[e]] = changed = 1;
	}
	int rc = 0;
	ss_buf b;
	ss_buf_init(&b);
	for (size_t i = 0; rc == 0 && i < g->n; i++) {
		if (!want[i])
			continue;
		const ss_object *v = &g->v[i];
		for (size_t m = 0; rc == 0 && m < v->nmentions; m++) {
			const char *name = v->mentions[m];
			if (ss__schema_find(desired, SS_OBJ_VIEW, name) != NULL)
				continue;
			const ss_object *t = ss__schema_find(desired, SS_OBJ_TABLE, name);
			if (t != NULL) {
				rc = side_exec(side, t->create_sql);
				continue;
			}
			ss_buf_reset(&b);
			ss_buf_adds(&b, "CREATE TABLE IF NOT EXISTS ");
			ss_buf_add_ident(&b, name);
			ss_buf_adds(&b, "(x)");
			if (b.failed)
				rc = SS_E_NOMEM;
			else
				rc = side_exec(side, b.data);
		}
	}
	for (size_t i = 0; rc == 0 && i < g->n; i++)
		if (want[i])
			rc = side_exec(side, g->v[i].create_sql);
	ss_buf_free(&b);
	ss_free(want);
	return rc;
}

/* SS_E_INVALID when SQLite calls a candidate view circularly defined. */
static int ask_sqlite(const ss_schema *desired, view_graph *g, ss_error *err)
{
	sqlite3 *side = NULL;
	int rc = sqlite3_open_v2(":memory:", &side, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				 NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(side);
		return ss__fail(err, rc == SQLITE_NOMEM ? SS_E_NOMEM : SS_E_SQLITE,
				"checking views for cycles: %s", sqlite3_errstr(rc));
	}
	rc = build_side(side, desired, g);
	ss_buf b;
	ss_buf_init(&b);
	for (size_t i = 0; rc == 0 && i < g->n; i++) {
		if (g->gone[i])
			continue;
		ss_buf_reset(&b);
		ss_buf_adds(&b, "SELECT * FROM ");
		ss_buf_add_ident(&b, g->v[i].name);
		if (b.failed) {
			rc = SS_E_NOMEM;
			break;
		}
		sqlite3_stmt *st = NULL;
		int prc = sqlite3_prepare_v2(side, b.data, -1, &st, NULL);
		sqlite3_finalize(st);
		if (prc != SQLITE_OK && strstr(sqlite3_errmsg(side), "circularly defined") != NULL)
			rc = ss__fail(err, SS_E_INVALID,
				      "definition failed: view \"%s\" is circularly defined (it "
				      "selects from itself, directly or through other views)",
				      g->v[i].name);
		else if ((prc & 0xff) == SQLITE_NOMEM)
			rc = SS_E_NOMEM;
	}
	ss_buf_free(&b);
	sqlite3_close(side);
	if (rc == SS_E_NOMEM)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	return rc;
}

int ss__views_check_cycles(const ss_schema *desired, ss_error *err)
{
	view_graph g;
	size_t *work = NULL;
	int rc = 0;
	memset(&g, 0, sizeof(g));
	for (size_t i = 0; i < desired->n; i++) {
		if (desired->objs[i].type != SS_OBJ_VIEW)
			continue;
		if (g.v == NULL)
			g.v = &desired->objs[i];
		g.n++;
	}
	if (g.n == 0)
		return 0;
	g.self = ss__calloc(g.n, 1);
	g.gone = ss__calloc(g.n, 1);
	work = ss__calloc(3 * g.n, sizeof(size_t));
	if (g.self == NULL || g.gone == NULL || work == NULL || build_edges(desired, &g) != 0) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < g.n; i++) {
		int self = 0;
		if (has_mention(&g.v[i], g.v[i].key) && mentions_itself(&g.v[i], &self) != 0) {
			rc = ss__fail(err, SS_E_NOMEM, "out of memory");
			goto done;
		}
		g.self[i] = (unsigned char)self;
	}
	if (peel(&g, work, work + g.n, work + 2 * g.n) > 0)
		rc = ask_sqlite(desired, &g, err);
done:
	graph_free(&g);
	ss_free(work);
	return rc;
}
