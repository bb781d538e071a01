/* SPDX-License-Identifier: MIT */
/*
 * Virtual tables in generated cases: after the ordinary schema, its rows and its changes
 * are drawn, a case may get up to two FTS5 or R*Tree tables with rows and one change each,
 * appended to the baseline, the rows and the definitions (and built in the pristine
 * database). Kinds: FTS5 with its own content, FTS5 over an external content table (its
 * own content table, filled with 'rebuild', sometimes kept in step by triggers), contentless
 * FTS5, R*Tree and rtree_i32. Changes: none (the definition reformatted: case, spacing,
 * quoting, option order, spelled-out defaults), FTS5 columns added / dropped / reordered /
 * UNINDEXED, FTS5 options (prefix, tokenize, detail, columnsize), R*Tree bounds renamed, an
 * auxiliary column added, a dimension dropped or (while empty) added, rtree <-> rtree_i32,
 * the content table of an external index rebuilt, the virtual table added or dropped.
 * Every literal, size and row is drawn; choice 0 is always "no virtual table".
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VK_FTS, VK_EXTERNAL, VK_CONTENTLESS, VK_RTREE, VK_NKINDS };

typedef struct gvtab {
	char name[NAMELEN];
	int kind;
	char cols[8][NAMELEN];
	int ncols;      /* FTS5 columns; R*Tree: id and coordinates */
	int unindexed;  /* bit i: FTS5 column i is UNINDEXED */
	int prefix;     /* 0 none, else prefix lengths (2, 3 or both) */
	int tokenize;   /* 0 default, 1 porter, 2 trigram-free ascii */
	int detail;     /* 0 full, 1 column */
	int columnsize; /* 1 default, 0 none */
	int i32;        /* R*Tree: rtree_i32 */
	int aux;        /* R*Tree: an auxiliary column +label */
	char src[NAMELEN];
	int src_check; /* the content table carries a CHECK (a change rebuilds it) */
	int triggers;  /* the content table keeps the index in step */
} gvtab;

static const char *const vt_names[] = {"docs",  "search",  "geo",    "boxes",
				       "Notes", "find me", "idx\"q", "caf\xc3\xa9_fts"};
static const char *const fts_cols[] = {"title", "body", "tag", "Summary", "note", "by"};
static const char *const rt_cols[] = {"id", "x0", "x1", "y0", "y1", "z0", "z1"};
static const char *const rt_alt[] = {"id", "minx", "maxx", "miny", "maxy", "minz", "maxz"};
static const char *const words[] = {"alpha", "beta",    "gamma", "delta",       "epsilon",
				    "Zeta",  "running", "runs",  "caf\xc3\xa9", "o'neil"};
static const char *const shadow_sfx[] = {"data",   "idx",  "content", "docsize",
					 "config", "node", "parent",  "rowid"};

/* Is n (or any of its shadow names) already a name of the schemas or of the vtabs? */
static int name_taken(const gschema *a, const gschema *b, const gvtab *v, int nv, const char *n)
{
	char sh[2 * NAMELEN + 16];
	for (size_t k = 0; k <= sizeof(shadow_sfx) / sizeof(shadow_sfx[0]); k++) {
		if (k == 0)
			snprintf(sh, sizeof(sh), "%s", n);
		else
			snprintf(sh, sizeof(sh), "%s_%s", n, shadow_sfx[k - 1]);
		if (gen_schema_name_taken(a, sh) || gen_schema_name_taken(b, sh))
			return 1;
		for (int i = 0; i < nv; i++)
			if (!sh_stricmp(v[i].name, sh) || !sh_stricmp(v[i].src, sh))
				return 1;
	}
	return 0;
}

/* A keyword in a random case. */
static void kw(gen *g, sh_buf *b, const char *w)
{
	int mode = (int)gen_ch(g, 3);
	for (const char *p = w; *p; p++) {
		char c = *p;
		if (mode == 1 && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (mode == 2 && p == w && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		sh_buf_printf(b, "%c", c);
	}
}

/* A name: bare when it can be, else (or sometimes) double-quoted. */
static void name(gen *g, sh_buf *b, const char *n)
{
	int plain = n[0] && !(n[0] >= '0' && n[0] <= '9') && !gen_is_keyword(n);
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			plain = 0;
	if (plain && !gen_one_in(g, 3))
		sh_buf_adds(b, n);
	else
		sh_buf_ident(b, n);
}

/* An option value: 'v', "v" or bare (when it is a plain word or number). */
static void value(gen *g, sh_buf *b, const char *v, int bare_ok)
{
	int q = (int)gen_ch(g, bare_ok ? 3 : 2);
	if (q == 2)
		sh_buf_adds(b, v);
	else if (q == 1)
		sh_buf_ident(b, v);
	else
		sh_buf_literal(b, v);
}

static void emit_vtab(gen *g, sh_buf *b, const gvtab *v)
{
	kw(g, b, "create virtual table ");
	name(g, b, v->name);
	sh_buf_adds(b, " ");
	kw(g, b, "using ");
	if (v->kind == VK_RTREE) {
		kw(g, b, v->i32 ? "rtree_i32" : "rtree");
		sh_buf_adds(b, gen_one_in(g, 2) ? "(" : " ( ");
		for (int i = 0; i < v->ncols; i++) {
			sh_buf_adds(b, i ? (gen_one_in(g, 2) ? "," : ", ") : "");
			name(g, b, v->cols[i]);
		}
		if (v->aux) {
			sh_buf_adds(b, ", +label ");
			kw(g, b, "text");
		}
		sh_buf_adds(b, ");\n");
		return;
	}
	kw(g, b, "fts5");
	sh_buf_adds(b, "(");
	for (int i = 0; i < v->ncols; i++) {
		sh_buf_adds(b, i ? ", " : "");
		name(g, b, v->cols[i]);
		if (v->unindexed & (1 << i)) {
			sh_buf_adds(b, " ");
			kw(g, b, "unindexed");
		}
	}
	/* options in a drawn order: a rotation of the list */
	sh_buf ob[8];
	int n = 0;
	for (int k = 0; k < 8; k++)
		sh_buf_init(&ob[k]);
	if (v->prefix) {
		kw(g, &ob[n], "prefix");
		sh_buf_adds(&ob[n], gen_one_in(g, 2) ? " = " : "=");
		value(g, &ob[n++],
		      v->prefix == 1   ? "2"
		      : v->prefix == 2 ? "3"
				       : "2 3",
		      v->prefix != 3);
	}
	if (v->tokenize) {
		kw(g, &ob[n], "tokenize");
		sh_buf_adds(&ob[n], "=");
		value(g, &ob[n++], v->tokenize == 1 ? "porter unicode61" : "ascii",
		      v->tokenize == 2);
	}
	if (v->detail || gen_one_in(g, 6)) {
		kw(g, &ob[n], "detail");
		sh_buf_adds(&ob[n], "=");
		value(g, &ob[n++], v->detail ? "column" : "full", 1);
	}
	if (!v->columnsize || gen_one_in(g, 6)) {
		kw(g, &ob[n], "columnsize");
		sh_buf_adds(&ob[n], "=");
		value(g, &ob[n++], v->columnsize ? "1" : "0", 1);
	}
	if (v->kind == VK_CONTENTLESS) {
		kw(g, &ob[n], "content");
		sh_buf_adds(&ob[n++], gen_one_in(g, 2) ? "=''" : "=\"\"");
	}
	if (v->kind == VK_EXTERNAL) {
		kw(g, &ob[n], "content");
		sh_buf_adds(&ob[n], "=");
		value(g, &ob[n++], v->src, 0);
		kw(g, &ob[n], "content_rowid");
		sh_buf_adds(&ob[n], "=");
		value(g, &ob[n++], "id", 1);
	}
	int rot = n > 1 ? (int)gen_ch(g, (uint64_t)n) : 0;
	for (int k = 0; k < n; k++) {
		sh_buf_adds(b, ", ");
		sh_buf_adds(b, ob[(k + rot) % n].data ? ob[(k + rot) % n].data : "");
	}
	for (int k = 0; k < 8; k++)
		sh_buf_free(&ob[k]);
	sh_buf_adds(b, ");\n");
}

/* The external index's content table (and its triggers): ordinary definitions. */
static void emit_src(gen *g, sh_buf *b, const gvtab *v)
{
	kw(g, b, "create table ");
	name(g, b, v->src);
	sh_buf_adds(b, "(id integer primary key");
	for (int i = 0; i < v->ncols; i++) {
		sh_buf_adds(b, ", ");
		name(g, b, v->cols[i]);
		sh_buf_adds(b, " text");
	}
	sh_buf_adds(b, ", extra int");
	if (v->src_check)
		sh_buf_adds(b, ", check (extra is null or extra >= 0)");
	sh_buf_adds(b, ");\n");
	if (!v->triggers)
		return;
	sh_buf cols, nv, ov;
	sh_buf_init(&cols);
	sh_buf_init(&nv);
	sh_buf_init(&ov);
	for (int i = 0; i < v->ncols; i++) {
		sh_buf_adds(&cols, ", ");
		sh_buf_ident(&cols, v->cols[i]);
		sh_buf_adds(&nv, ", new.");
		sh_buf_ident(&nv, v->cols[i]);
		sh_buf_adds(&ov, ", old.");
		sh_buf_ident(&ov, v->cols[i]);
	}
	for (int t = 0; t < 2; t++) {
		sh_buf tn;
		sh_buf_init(&tn);
		sh_buf_printf(&tn, "%s_%s", v->src, t ? "ad" : "ai");
		sh_buf_adds(b, "create trigger ");
		sh_buf_ident(b, tn.data);
		sh_buf_adds(b, t ? " after delete on " : " after insert on ");
		sh_buf_ident(b, v->src);
		sh_buf_adds(b, " begin insert into ");
		sh_buf_ident(b, v->name);
		sh_buf_adds(b, "(");
		if (t) {
			sh_buf_ident(b, v->name);
			sh_buf_adds(b, ", ");
		}
		sh_buf_printf(b, "rowid%s) values (%s%s%s); end;\n", cols.data,
			      t ? "'delete', old.id" : "new.id", t ? ov.data : nv.data, "");
		sh_buf_free(&tn);
	}
	sh_buf_free(&cols);
	sh_buf_free(&nv);
	sh_buf_free(&ov);
}

static void draw_vtab(gen *g, gvtab *v, const gschema *base, const gschema *want,
		      const gvtab *others, int nothers)
{
	static const int labels[VK_NKINDS] = {V_FTS5, V_FTS5_EXTERNAL, V_FTS5_CONTENTLESS, V_RTREE};
	unsigned char ok[VK_NKINDS];
	for (int k = 0; k < VK_NKINDS; k++)
		ok[k] = gen_ok(g, labels[k]);
	memset(v, 0, sizeof(*v));
	v->kind = (int)gen_ch_among(g, VK_NKINDS, ok);
	if (v->kind >= VK_NKINDS)
		v->kind = VK_FTS;
	size_t pick = gen_ch(g, sizeof(vt_names) / sizeof(vt_names[0]));
	for (size_t k = 0; k < 8; k++) {
		const char *n = vt_names[(pick + k) % (sizeof(vt_names) / sizeof(vt_names[0]))];
		if (!name_taken(base, want, others, nothers, n)) {
			gen_set_name(v->name, n);
			break;
		}
	}
	if (!v->name[0])
		snprintf(v->name, sizeof(v->name), "vt%d", nothers);
	v->columnsize = 1;
	if (v->kind == VK_RTREE) {
		v->ncols = 3 + 2 * (int)gen_ch(g, 3);
		for (int i = 0; i < v->ncols; i++)
			gen_set_name(v->cols[i], rt_cols[i]);
		v->i32 = gen_one_in(g, 3);
		v->aux = gen_one_in(g, 4);
		if (v->i32)
			gen_label(g->cs, V_RTREE_I32);
		return;
	}
	v->ncols = 1 + (int)gen_ch(g, 3);
	size_t c0 = gen_ch(g, 6);
	for (int i = 0; i < v->ncols; i++)
		gen_set_name(v->cols[i], fts_cols[(c0 + (size_t)i) % 6]);
	if (v->kind != VK_EXTERNAL && gen_one_in(g, 4))
		v->unindexed = 1 << (int)gen_ch(g, (uint64_t)v->ncols);
	v->prefix = (int)gen_ch(g, 4);
	v->tokenize = (int)gen_ch(g, 3);
	v->detail = gen_one_in(g, 4);
	if (v->kind == VK_EXTERNAL) {
		char s[NAMELEN + 8];
		snprintf(s, sizeof(s), "%.30s_src", v->name);
		gen_set_name(v->src, s);
		v->src_check = gen_one_in(g, 2);
		v->triggers = gen_one_in(g, 2);
	}
}

/* Rows for one virtual table (or its content table), into b. */
static void draw_rows(gen *g, sh_buf *b, const gvtab *v)
{
	int n = (int)gen_ch(g, 6);
	if (n == 0)
		return;
	gen_label(g->cs, R_ROWS);
	long rowid = 1 + (long)gen_ch(g, 50);
	for (int r = 0; r < n; r++) {
		rowid += 1 + (long)gen_ch(g, 20);
		sh_buf_adds(b, "insert into ");
		sh_buf_ident(b, v->kind == VK_EXTERNAL ? v->src : v->name);
		if (v->kind == VK_RTREE) {
			sh_buf_printf(b, " values (%ld", rowid);
			for (int i = 1; i + 1 < v->ncols; i += 2) {
				double lo = ((double)gen_ch(g, 80) - 40) / (v->i32 ? 1 : 4);
				double hi = lo + (double)gen_ch(g, 40) / (v->i32 ? 1 : 4);
				sh_buf_printf(b, ", %.17g, %.17g", lo, hi);
			}
			if (v->aux)
				sh_buf_printf(b, ", 'l%ld'", rowid);
			sh_buf_adds(b, ");\n");
			continue;
		}
		sh_buf_printf(b, "(%s", v->kind == VK_EXTERNAL ? "id" : "rowid");
		for (int i = 0; i < v->ncols; i++) {
			sh_buf_adds(b, ", ");
			sh_buf_ident(b, v->cols[i]);
		}
		sh_buf_printf(b, ") values (%ld", rowid);
		for (int i = 0; i < v->ncols; i++) {
			int nw = (int)gen_ch(g, 4);
			if (nw == 0 && gen_one_in(g, 2)) {
				sh_buf_adds(b, ", null");
				continue;
			}
			sh_buf text;
			sh_buf_init(&text);
			for (int w = 0; w < nw + 1; w++)
				sh_buf_printf(&text, "%s%s", w ? " " : "",
					      words[gen_ch(g, sizeof(words) / sizeof(words[0]))]);
			sh_buf_adds(b, ", ");
			sh_buf_literal(b, text.data);
			sh_buf_free(&text);
		}
		sh_buf_adds(b, ");\n");
	}
	if (v->kind == VK_EXTERNAL && !v->triggers) {
		sh_buf_adds(b, "insert into ");
		sh_buf_ident(b, v->name);
		sh_buf_adds(b, "(");
		sh_buf_ident(b, v->name);
		sh_buf_adds(b, ") values ('rebuild');\n");
	}
}

/* One change of a virtual table (which may drop it: *dropped); 0 when only its text's
 * formatting changes. */
static int change(gen *g, gvtab *v, int has_rows, int *dropped)
{
	int kind = (int)gen_ch(g, 6);
	if (kind == 0) {
		gen_label(g->cs, C_VT_FORMAT);
		return 0;
	}
	if (kind == 1 && gen_ok(g, C_VT_DROP)) {
		*dropped = 1;
		v->triggers = 0; /* they would write into the dropped index */
		gen_label(g->cs, C_VT_DROP);
		return 1;
	}
	if (v->kind == VK_RTREE) {
		int c = (int)gen_ch(g, 4);
		if (c == 0) {
			for (int i = 0; i < v->ncols; i++)
				gen_set_name(v->cols[i], rt_alt[i]);
		} else if (c == 1) {
			v->aux = !v->aux;
		} else if (c == 2 && (v->ncols > 3 || !has_rows)) {
			v->ncols += v->ncols > 3 ? -2 : 2;
			for (int i = 0; i < v->ncols; i++)
				gen_set_name(v->cols[i], rt_cols[i]);
		} else {
			v->i32 = !v->i32; /* rtree_i32 rounds: destructive */
		}
		gen_label(g->cs, C_VT_RTREE);
		return 1;
	}
	if (v->kind == VK_EXTERNAL && gen_one_in(g, 2)) {
		v->src_check = !v->src_check; /* the content table is rebuilt */
		gen_label(g->cs, C_VT_CONTENT_TABLE);
		return 1;
	}
	int c = (int)gen_ch(g, 5);
	if (c == 0 && v->ncols < 6 && v->kind != VK_EXTERNAL) {
		gen_set_name(v->cols[v->ncols], fts_cols[(v->ncols + 3) % 6]);
		int dup = 0;
		for (int i = 0; i < v->ncols; i++)
			dup |= !sh_stricmp(v->cols[i], v->cols[v->ncols]);
		if (!dup)
			v->ncols++;
		gen_label(g->cs, C_VT_COLUMNS);
	} else if (c == 1 && v->ncols > 1) {
		char t[NAMELEN];
		memcpy(t, v->cols[0], NAMELEN);
		memmove(v->cols[0], v->cols[1], (size_t)(v->ncols - 1) * NAMELEN);
		memcpy(v->cols[v->ncols - 1], t, NAMELEN);
		if (gen_one_in(g, 2) && v->kind != VK_EXTERNAL)
			v->ncols--; /* and the last one dropped */
		v->unindexed = 0;
		gen_label(g->cs, C_VT_COLUMNS);
	} else {
		int o = (int)gen_ch(g, 5);
		if (o == 0)
			v->prefix = (v->prefix + 1) % 4;
		else if (o == 1)
			v->tokenize = (v->tokenize + 1) % 3;
		else if (o == 2)
			v->detail = !v->detail;
		else if (o == 3)
			v->columnsize = !v->columnsize;
		else if (v->kind != VK_EXTERNAL)
			v->unindexed ^= 1 << (int)gen_ch(g, (uint64_t)v->ncols);
		gen_label(g->cs, C_VT_OPTIONS);
	}
	return 1;
}

static void append(char **dst, const char *text)
{
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_adds(&b, *dst ? *dst : "");
	sh_buf_adds(&b, text);
	free(*dst);
	*dst = sh_buf_take(&b);
}

void gen_vtabs(gen *g, sqlite3 *db, const gschema *base, const gschema *want)
{
	ss_case *cs = g->cs;
	if (!gen_ok(g, V_FTS5) && !gen_ok(g, V_RTREE))
		return;
	int n = (int)gen_ch(g, 4);
	n = n == 3 ? 2 : n == 2 ? 1 : n; /* 0, 1, 1 or 2 */
	gvtab v[2];
	for (int i = 0; i < n; i++) {
		draw_vtab(g, &v[i], base, want, v, i);
		sh_buf b, rows, d;
		sh_buf_init(&b);
		sh_buf_init(&rows);
		sh_buf_init(&d);
		/* added by the change: in the desired schema only */
		int added = gen_ok(g, C_VT_ADD) && gen_one_in(g, 5);
		if (v[i].kind == VK_EXTERNAL)
			emit_src(g, &b, &v[i]);
		if (!added)
			emit_vtab(g, &b, &v[i]);
		draw_rows(g, &rows, &v[i]);
		char msg[256];
		sh_exec(db, "SAVEPOINT gen_vtab", NULL, 0);
		if (sh_exec(db, b.data, msg, sizeof(msg)) != SQLITE_OK ||
		    (rows.len && sh_exec(db, rows.data, msg, sizeof(msg)) != SQLITE_OK)) {
			/* a draw SQLite rejects is left out: nothing of it stays in db */
			sh_exec(db, "ROLLBACK TO gen_vtab; RELEASE gen_vtab", NULL, 0);
			sh_buf_free(&b);
			sh_buf_free(&rows);
			sh_buf_free(&d);
			n = i;
			break;
		}
		sh_exec(db, "RELEASE gen_vtab", NULL, 0);
		gen_label(cs, v[i].kind == VK_RTREE         ? V_RTREE
			      : v[i].kind == VK_EXTERNAL    ? V_FTS5_EXTERNAL
			      : v[i].kind == VK_CONTENTLESS ? V_FTS5_CONTENTLESS
							    : V_FTS5);
		append(&cs->baseline, b.data ? b.data : "");
		append(&cs->rows, rows.data ? rows.data : "");
		int dropped = 0, changed = 1;
		if (added)
			gen_label(cs, C_VT_ADD);
		else
			changed = change(g, &v[i], rows.len > 0, &dropped);
		if (v[i].kind == VK_EXTERNAL)
			emit_src(g, &d, &v[i]);
		if (!dropped)
			emit_vtab(g, &d, &v[i]);
		append(&cs->desired, d.data ? d.data : "");
		/* anything but a reformatted definition is a change the plan must make */
		if (changed)
			cs->same_model = 0;
		sh_buf_free(&b);
		sh_buf_free(&rows);
		sh_buf_free(&d);
	}
}
