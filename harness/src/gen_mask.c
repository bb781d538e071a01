/* SPDX-License-Identifier: MIT */
/*
 * Engines under test (docs/ENGINES.md): the generator draws only what an engine claims.
 * ss_gen_options.deny names the labels no case may get and .types the declared types to use;
 * every draw that could give a denied label is steered to the values that remain, so a
 * narrow engine (drizzle-kit claims a third of the labels) still gets a case per draw instead
 * of one in ten thousand. When nothing is denied every helper here draws exactly what the
 * unmasked generator drew (the same choice sequences give the same cases), and among allowed
 * values 0 still maps to the simplest one, so shrinking works the same way.
 */
#include "gen.h"

#include <string.h>

uint64_t gen_ch_among(gen *g, uint64_t n, const unsigned char *ok)
{
	uint64_t allowed[GEN_AMONG_MAX], k = 0;
	if (n > GEN_AMONG_MAX)
		return gen_ch(g, n); /* never: every pool is smaller */
	for (uint64_t v = 0; v < n; v++)
		if (ok[v])
			allowed[k++] = v;
	if (k == n)
		return gen_ch(g, n);
	if (k == 0)
		return n;
	return allowed[gen_ch(g, k)];
}

/* Is type (a vocabulary entry) one of the options' types? */
static int type_listed(const gen *g, const char *type)
{
	for (size_t i = 0; i < g->opts->ntypes; i++)
		if (!sh_stricmp(g->opts->types[i], type))
			return 1;
	return 0;
}

void gen_mask_types(gen *g)
{
	g->types_ok = 0;
	g->strict_ok = 0;
	for (size_t i = 0; i < gen_ntypes && i < 64; i++) {
		int ok = !g->opts->types || type_listed(g, gen_types[i]);
		if (!gen_types[i][0] && !gen_ok(g, F_TYPE_EMPTY))
			ok = 0;
		if (i >= 6 && !gen_ok(g, F_TYPE_AFFINITY))
			ok = 0;
		if (ok)
			g->types_ok |= (uint64_t)1 << i;
	}
	for (size_t i = 0; i < NSTRICT; i++)
		if (!g->opts->types || type_listed(g, gen_strict_types[i]))
			g->strict_ok |= (uint64_t)1 << i;
}

int gen_draw_type(gen *g, int strict)
{
	unsigned char ok[GEN_AMONG_MAX] = {0};
	size_t n = strict ? NSTRICT : gen_ntypes;
	uint64_t mask = strict ? g->strict_ok : g->types_ok;
	for (size_t i = 0; i < n; i++)
		ok[i] = (mask >> i) & 1;
	uint64_t v = gen_ch_among(g, n, ok);
	return v < n ? (int)v : 0;
}

/* The label a default gets beyond feature:default (gen_emit.c's emit_default), or -1. */
static int default_label(const char *d)
{
	if (strchr(d, '\'') && strstr(d, "''"))
		return F_DEFAULT_QUOTE;
	if (d[0] == 'C')
		return F_DEFAULT_CURRENT;
	if (d[0] == '(')
		return F_DEFAULT_EXPR;
	if (gen_number_spelling(d))
		return L_NUMBER;
	return -1;
}

int gen_number_spelling(const char *d)
{
	for (const char *p = d; *p; p++) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			return 1;
		if ((p[0] == 'e' || p[0] == 'E') && p > d && p[-1] >= '0' && p[-1] <= '9')
			return 1;
		if (p[0] == '.' && (p == d || p[-1] < '0' || p[-1] > '9'))
			return 1;
	}
	return 0;
}

int gen_draw_default(gen *g)
{
	unsigned char ok[GEN_AMONG_MAX] = {0};
	for (size_t i = 0; i < gen_ndflts && i < GEN_AMONG_MAX; i++) {
		int l = gen_dflts[i] ? default_label(gen_dflts[i]) : -1;
		ok[i] = l < 0 || gen_ok(g, l);
	}
	uint64_t v = gen_ch_among(g, gen_ndflts, ok);
	return v < gen_ndflts ? (int)v : 0;
}

int gen_draw_fk_action(gen *g)
{
	/* NULL, NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT */
	const unsigned char ok[6] = {1,
				     1,
				     gen_ok(g, F_FK_RESTRICT),
				     gen_ok(g, F_FK_CASCADE),
				     gen_ok(g, F_FK_SET_NULL),
				     gen_ok(g, F_FK_SET_DEFAULT)};
	uint64_t v = gen_ch_among(g, 6, ok);
	return v < 6 ? (int)v : 0;
}

int gen_draw_fk_defer(gen *g)
{
	/* NULL, DEFERRABLE INITIALLY DEFERRED, NOT DEFERRABLE, DEFERRABLE INITIALLY IMMEDIATE */
	int d = gen_ok(g, F_FK_DEFERRABLE);
	const unsigned char ok[4] = {1, (unsigned char)d, 1, (unsigned char)d};
	uint64_t v = gen_ch_among(g, 4, ok);
	return v < 4 ? (int)v : 0;
}

const char *gen_draw_pool_name(gen *g, const char *const *pool, size_t n)
{
	unsigned char ok[GEN_AMONG_MAX] = {0};
	for (size_t i = 0; i < n && i < GEN_AMONG_MAX; i++) {
		int l[8], k = gen_name_labels(pool[i], l);
		ok[i] = 1;
		for (int j = 0; j < k; j++)
			ok[i] &= (unsigned char)gen_ok(g, l[j]);
	}
	uint64_t v = gen_ch_among(g, n, ok);
	return pool[v < n ? v : 0];
}

int gen_trig_ok(const gen *g)
{
	return gen_ok(g, F_TRIG_AFTER) || gen_ok(g, F_TRIG_BEFORE) || gen_ok(g, F_TRIG_INSTEAD);
}
