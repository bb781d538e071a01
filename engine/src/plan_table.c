/* SPDX-License-Identifier: MIT */
/*
 * When is a table rebuilt instead of altered in place: the per-table decision, for a table
 * present on both sides. In this order of preference:
 *
 *  - nothing, when the two read the same (spelling, columns, constraints, options);
 *  - ALTER TABLE ADD / DROP COLUMN in place, where SQLite accepts it: only trailing
 *    columns added, each addable (not PRIMARY KEY or UNIQUE, a constant default, not
 *    STORED, NOT NULL only with a non-NULL default, REFERENCES only with a NULL default
 *    while foreign keys are enforced, ...), and dropped columns nothing else uses;
 *  - otherwise SQLite's rebuild (plan_emit.c), with a reason comment saying why: spelling,
 *    options (STRICT, WITHOUT ROWID), table constraints, a column's definition, type or
 *    order changed, or a column that cannot be added or dropped in place. In schemas of
 *    SS_ALTER_RELOAD_MIN_OBJECTS objects, a small table is copied rather than altered too:
 *    every ALTER TABLE makes SQLite reload the whole schema. Long texts count as several objects
 *    (ss__plan_reload_costly): a schema of a few hundred wide tables is large too.
 *
 * And the refusal: a new primary-key column, or a new NOT NULL column without default, on a
 * table with rows would need invented values: SS_E_REFUSED before anything runs.
 *
 * Example: live `t(a INT, b TEXT)`, desired `t(a INT, b TEXT, c INT DEFAULT 0)`: in place
 * (ADD COLUMN c). Desired `t(a TEXT, b TEXT)`: rebuild, "column "a" type changed from INT
 * to TEXT".
 */
#include "planner.h"

#include <stdio.h>

/* Why a table is rebuilt (a reason comment's tail); empty while it need not be. */
typedef struct why_buf {
	char text[400];
} why_buf;

const ss_column *ss__find_col_near(const ss_object *t, const char *name, size_t near, size_t *pos)
{
	size_t n = t->ncols;
	size_t up = near < n ? near : n, down = up;
	/* near, near - 1, near + 1, near - 2, ...: every position once */
	while (up < n || down > 0) {
		size_t i = n;
		if (up < n && ss_stricmp(t->cols[up].name, name) == 0)
			i = up;
		else if (down > 0 && ss_stricmp(t->cols[down - 1].name, name) == 0)
			i = down - 1;
		if (i < n) {
			if (pos)
				*pos = i;
			return &t->cols[i];
		}
		if (up < n)
			up++;
		if (down > 0)
			down--;
	}
	return NULL;
}

const ss_column *ss__find_col(const ss_object *t, const char *name, size_t *pos)
{
	return ss__find_col_near(t, name, 0, pos);
}

/* Is name (ASCII case-insensitive) an identifier inside normalized text? */
static int norm_mentions(const char *norm, const char *name)
{
	ss_buf b;
	ss_buf_init(&b);
	for (const char *p = name; *p; p++) {
		char c = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
		if (c == '"')
			ss_buf_addc(&b, '"');
		ss_buf_addc(&b, c);
	}
	char *l = ss_buf_detach(&b);
	if (l == NULL)
		return 1; /* conservative */
	size_t ln = strlen(l);
	int found = 0;
	for (const char *p = norm; *p && !found; p++) {
		/* quoted form "name" */
		if (*p == '"' && strncmp(p + 1, l, ln) == 0 && p[1 + ln] == '"' && p[2 + ln] != '"')
			found = 1;
		/* a keyword used as a name appears bare */
		else if ((p == norm || p[-1] == ' ' || p[-1] == '(') && strncmp(p, l, ln) == 0 &&
			 (p[ln] == 0 || p[ln] == ' ' || p[ln] == ')' || p[ln] == ','))
			found = 1;
	}
	ss_free(l);
	return found;
}

/* A column's definition text after its name, for reason comments. */
static const char *col_body(const ss_column *c)
{
	ss_tok_type type;
	const char *z = c->def_sql;
	z += ss_sql_token(z, &type);
	while (*z == ' ' || *z == '\t' || *z == '\n' || *z == '\r')
		z++;
	return z;
}

/* Refuse changes that would have to invent data for existing rows. */
static int check_invented_data(planner *pl, const table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	int rows = -1;
	for (size_t i = 0; i < d->ncols; i++) {
		const ss_column *c = &d->cols[i];
		if (ss__find_col_near(l, c->name, i, NULL) != NULL || c->hidden != 0)
			continue;
		int pk = c->pk > 0;
		int notnull_nodefault =
			c->notnull && (c->dflt == NULL || ss_stricmp(c->dflt, "null") == 0);
		if (!pk && !notnull_nodefault)
			continue;
		if (rows < 0 && ss__table_has_rows(pl, l, &rows) != 0)
			return pl->err ? pl->err->code : SS_E_SQLITE;
		if (rows > 0)
			return ss__fail(
				pl->err, SS_E_REFUSED,
				"refusing to change table \"%s\": new %s column \"%s\" would "
				"need values invented for its existing rows",
				d->name, pk ? "primary-key" : "NOT NULL (without default)",
				c->name);
	}
	return 0;
}

/* Does declared type contain word (ASCII case-insensitively)? SQLite's affinity rules. */
static int type_has(const char *type, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = type; p && *p; p++)
		if (ss_strnicmp(p, word, n) == 0)
			return 1;
	return 0;
}

/*
 * A default that SQLite reads differently for the rows a column was added to: a REAL
 * literal (1e3, 1.50) in a column of TEXT or BLOB affinity reads as its spelling ('1e3',
 * '1.50', or the integer 1000) in the rows that existed before ALTER TABLE ADD COLUMN, but
 * as the value ('1000.0', 1000.0) in every row a copy writes. Checked on SQLite 3.40.
 */
static int default_reads_as_spelled(const ss_column *c)
{
	const char *d = c->dflt, *type = c->type ? c->type : "";
	if (d == NULL || type_has(type, "int"))
		return 0;
	int text = type_has(type, "char") || type_has(type, "clob") || type_has(type, "text");
	int blob = !text && (type[0] == 0 || type_has(type, "blob"));
	if (!text && !blob)
		return 0; /* REAL and NUMERIC affinity convert the old rows' value too */
	if (*d == '+' || *d == '-')
		d++;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		return 0;
	size_t digits = 0;
	int real = 0;
	for (; *d; d++) {
		if (*d >= '0' && *d <= '9')
			digits++;
		else if (*d == '.' || *d == 'e' || *d == 'E' || *d == '+' || *d == '-')
			real = 1;
		else
			return 0;
	}
	/* an integer too big for 64 bits is a REAL too */
	return digits > 0 && (real || digits > 18);
}

static int can_add_in_place(planner *pl, const ss_object *t, const ss_column *c, const char **why)
{
	int null_default = c->dflt == NULL || ss_stricmp(c->dflt, "null") == 0;
	if (c->flags & SS_COL_PRIMARY)
		*why = "PRIMARY KEY";
	else if (c->flags & SS_COL_UNIQUE)
		*why = "UNIQUE";
	else if (c->flags & SS_COL_DEFAULT_CURRENT)
		*why = "CURRENT_* default";
	else if (c->flags & SS_COL_DEFAULT_EXPR)
		*why = "expression default";
	else if (c->hidden == 3 || (c->flags & SS_COL_STORED))
		*why = "STORED generated";
	else if (c->hidden != 0 && c->notnull)
		*why = "NOT NULL generated";
	else if (c->notnull && null_default)
		*why = "NOT NULL without a default";
	else if (c->flags & SS_COL_FK_FROM_TABLE)
		*why = "its foreign key is a table constraint";
	else if (t->strict && !null_default)
		*why = "STRICT table: SQLite does not check the default's type";
	else if ((c->flags & SS_COL_REFERENCES) && pl->fk_on && !null_default)
		*why = "REFERENCES with a non-NULL default";
	else if (default_reads_as_spelled(c))
		*why = "a REAL default that existing rows would read as spelled";
	else
		return 1;
	return 0;
}

/*
 * Decide what happens to a table present on both sides. Sets tp->action and, for rebuilds,
 * tp->reason ("rebuilding table ...").
 */

/* Do two tables read the same (spelling, columns, constraints, options)? */
int ss__same_table_text(const ss_object *l, const ss_object *d)
{
	if (strcmp(l->name, d->name) != 0)
		return 0;
	/* equal normalized text means equal parts: one string compared, not every column's */
	if (same_norm(l, d))
		return 1;
	if (strcmp(l->options, d->options) != 0 || l->ncols != d->ncols || l->ncons != d->ncons)
		return 0;
	for (size_t i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i].name, d->cols[i].name) != 0 ||
		    strcmp(l->cols[i].def_norm, d->cols[i].def_norm) != 0)
			return 0;
	for (size_t i = 0; i < l->ncons; i++)
		if (strcmp(l->cons[i], d->cons[i]) != 0)
			return 0;
	return 1;
}

/* Both sides' column facts (PRAGMA table_xinfo) must have been read before planning. */
static int facts_loaded(planner *pl, const ss_object *t)
{
	if (t->facts_loaded)
		return 0;
	return ss__fail(pl->err, SS_E_MISUSE,
			"table \"%s\": column facts not loaded (read them before planning)",
			t->name);
}

/* Spelling, options or table constraints changed: why is filled, 1 returned. */
static int table_text_changed(const ss_object *l, const ss_object *d, why_buf *why)
{
	if (strcmp(l->name, d->name) != 0) {
		snprintf(why->text, sizeof(why->text),
			 "name spelling changed from \"%s\" to \"%s\"", l->name, d->name);
		return 1;
	}
	if (strcmp(l->options, d->options) != 0) {
		snprintf(why->text, sizeof(why->text), "%s%s%s%s",
			 l->strict == d->strict ? ""
			 : d->strict            ? "STRICT added"
						: "STRICT removed",
			 l->strict != d->strict && l->without_rowid != d->without_rowid ? ", " : "",
			 l->without_rowid == d->without_rowid ? ""
			 : d->without_rowid                   ? "WITHOUT ROWID added"
							      : "WITHOUT ROWID removed",
			 l->strict == d->strict && l->without_rowid == d->without_rowid
				 ? "table options changed"
				 : "");
		return 1;
	}
	size_t lc = 0, dc = 0;
	for (;;) {
#if SS_PLANT_BUG == SS_BUG_IGNORE_CHECK
		while (lc < l->ncons && strstr(l->cons[lc], "check") != NULL)
			lc++;
		while (dc < d->ncons && strstr(d->cons[dc], "check") != NULL)
			dc++;
#endif
		if (lc >= l->ncons || dc >= d->ncons)
			break;
		if (strcmp(l->cons[lc], d->cons[dc]) != 0)
			break;
		lc++;
		dc++;
	}
	if (lc < l->ncons || dc < d->ncons) {
		snprintf(why->text, sizeof(why->text), "table constraints changed");
		return 1;
	}
	return 0;
}

/* What a walk over the live columns found. */
typedef struct col_scan {
	size_t last_kept_pos; /* the desired position of the last kept column */
	int any_kept;
	int changed; /* a column is added or dropped */
} col_scan;

/*
 * Columns present on both sides: same spelling, same definition, same order, else why is
 * filled and 1 returned.
 */
static int kept_columns_changed(const ss_object *l, const ss_object *d, col_scan *s, why_buf *why)
{
	int order_ok = 1;
	for (size_t i = 0; i < l->ncols; i++) {
		size_t pos;
		const ss_column *lc = &l->cols[i];
		const ss_column *dc = ss__find_col_near(d, lc->name, i, &pos);
		if (dc == NULL) {
			s->changed = 1;
			continue;
		}
		if (strcmp(lc->name, dc->name) != 0) {
			snprintf(why->text, sizeof(why->text), "column \"%s\" renamed to \"%s\"",
				 lc->name, dc->name);
			return 1;
		}
		if (strcmp(lc->def_norm, dc->def_norm) != 0) {
#if SS_PLANT_BUG == SS_BUG_IGNORE_CHECK
			if (strstr(lc->def_norm, "check") || strstr(dc->def_norm, "check"))
				continue;
#endif
			if (ss_stricmp(lc->type, dc->type) != 0)
				snprintf(why->text, sizeof(why->text),
					 "column \"%s\" type changed from %s to %s", dc->name,
					 lc->type[0] ? lc->type : "(none)",
					 dc->type[0] ? dc->type : "(none)");
			else
				snprintf(why->text, sizeof(why->text),
					 "column \"%s\" definition changed from \"%s\" to \"%s\"",
					 dc->name, col_body(lc), col_body(dc));
			return 1;
		}
		if (s->any_kept && pos < s->last_kept_pos)
			order_ok = 0;
		s->last_kept_pos = pos;
		s->any_kept = 1;
	}
	if (!order_ok) {
		snprintf(why->text, sizeof(why->text), "column order changed");
		return 1;
	}
	return 0;
}

/* New columns: each trailing and addable in place, else why is filled and 1 returned. */
static int added_columns_need_rebuild(planner *pl, const ss_object *l, const ss_object *d,
				      col_scan *s, why_buf *why)
{
	for (size_t i = 0; i < d->ncols; i++) {
		if (ss__find_col_near(l, d->cols[i].name, i, NULL) != NULL)
			continue;
		s->changed = 1;
		if (s->any_kept && i < s->last_kept_pos) {
			snprintf(why->text, sizeof(why->text),
				 "column \"%s\" added before existing columns", d->cols[i].name);
			return 1;
		}
		const char *no = NULL;
		if (!can_add_in_place(pl, d, &d->cols[i], &no)) {
			snprintf(why->text, sizeof(why->text),
				 "column \"%s\" cannot be added in place (%s)", d->cols[i].name,
				 no);
			return 1;
		}
	}
	return 0;
}

/* Is live column i of l used by anything that stays (another column, a table constraint,
 * a kept index)? SQLite refuses to drop a key, a unique or a foreign-key column. */
static int column_used(planner *pl, const ss_object *l, size_t i, int *used)
{
	const ss_column *c = &l->cols[i];
	*used = c->pk > 0 || (c->flags & (SS_COL_PRIMARY | SS_COL_UNIQUE | SS_COL_REFERENCES)) != 0;
	for (size_t k = 0; !*used && k < l->ncols; k++)
		if (k != i && norm_mentions(l->cols[k].def_norm, c->name))
			*used = 1;
	for (size_t k = 0; !*used && k < l->ncons; k++)
		if (norm_mentions(l->cons[k], c->name))
			*used = 1;
	if (!*used && ss__live_index_chains(pl) != 0)
		return pl->err->code;
	size_t cursor = 0;
	const ss_object *ix;
	while (!*used && (ix = ss__next_live_index_on(pl, l->key, &cursor)) != NULL) {
		const ss_object *dix = desired_twin(pl, obj_index(pl->L, ix));
		if (dix != NULL && same_norm(dix, ix) && norm_mentions(ix->norm, c->name))
			*used = 1;
	}
	return 0;
}

/* Columns to drop in place: nothing else in the table or its kept indexes uses them. */
static int dropped_column_blocked(planner *pl, const ss_object *l, const ss_object *d, why_buf *why,
				  int *blocked)
{
	*blocked = 0;
	for (size_t i = 0; i < l->ncols; i++) {
		if (ss__find_col_near(d, l->cols[i].name, i, NULL) != NULL)
			continue;
		if (ss__plan_alter_refused(pl)) {
			snprintf(why->text, sizeof(why->text),
				 "column \"%s\" cannot be dropped in place: SQLite refuses ALTER "
				 "TABLE DROP COLUMN while an object of the schema does not compile",
				 l->cols[i].name);
			*blocked = 1;
			return 0;
		}
		int used = 0;
		if (column_used(pl, l, i, &used) != 0)
			return pl->err->code;
		if (used) {
			snprintf(why->text, sizeof(why->text),
				 "column \"%s\" cannot be dropped in place", l->cols[i].name);
			*blocked = 1;
			return 0;
		}
	}
	return 0;
}

/*
 * Every ALTER TABLE makes SQLite reload the whole schema (about 13 us per object,
 * measured on 3.40, more for long texts: a table of 500 columns about 0.6 ms), while a copy
 * costs about 1 us per row. In a large schema a small table is therefore rebuilt by copying
 * instead; small schemas always alter in place.
 */
static int copy_is_cheaper(planner *pl, const ss_object *l, why_buf *why, int *cheaper)
{
	*cheaper = 0;
	if (!ss__plan_reload_costly(pl))
		return 0;
	long rows = 0, limit = ss__plan_rename_min_rows(pl);
	if (ss__table_rows(pl, l, &rows) != 0)
		return pl->err->code;
	if (rows < limit) {
		char weight[64] = "";
		if (pl->reload_weight > (long)pl->L->n)
			snprintf(weight, sizeof(weight), " (their CREATE texts weigh as %ld)",
				 pl->reload_weight);
		snprintf(why->text, sizeof(why->text),
			 "copying %ld rows costs less than SQLite's schema reload after "
			 "ALTER TABLE in a schema of %zu objects%s",
			 rows, pl->L->n, weight);
		*cheaper = 1;
	}
	return 0;
}

/* In place: which live columns are dropped and which desired ones added. */
static int set_inplace(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	tp->action = T_INPLACE;
	tp->drop_cols = ss__calloc(l->ncols, 1);
	tp->add_cols = ss__calloc(d->ncols, 1);
	if (tp->drop_cols == NULL || tp->add_cols == NULL)
		return ss__plan_nomem(pl);
	for (size_t i = 0; i < l->ncols; i++)
		tp->drop_cols[i] = ss__find_col_near(d, l->cols[i].name, i, NULL) == NULL;
	for (size_t i = 0; i < d->ncols; i++)
		tp->add_cols[i] = ss__find_col_near(l, d->cols[i].name, i, NULL) == NULL;
	return 0;
}

/* A rebuild, unless it would invent data; tp->reason says why. */
static int set_rebuild(planner *pl, table_plan *tp, const why_buf *why)
{
	if (check_invented_data(pl, tp) != 0)
		return pl->err->code;
	tp->action = T_REBUILD;
	ss_buf r;
	ss_buf_init(&r);
	ss_buf_printf(&r, "rebuilding table \"%s\": %s", tp->desired->name, why->text);
	if ((tp->reason = ss_buf_detach(&r)) == NULL)
		return ss__plan_nomem(pl);
	return 0;
}

int ss__decide_table(planner *pl, table_plan *tp)
{
	const ss_object *l = tp->live, *d = tp->desired;
	why_buf why = {""};
	col_scan scan = {0, 0, 0};
	int blocked = 0, cheaper = 0;

	if (l->vkind != SS_VT_NONE || d->vkind != SS_VT_NONE)
		return ss__decide_vtab(pl, tp);
	if (ss__same_table_text(l, d)) {
		tp->action = T_EQUAL;
		return 0;
	}
	if (facts_loaded(pl, l) != 0 || facts_loaded(pl, d) != 0)
		return pl->err->code;
	if (table_text_changed(l, d, &why) || kept_columns_changed(l, d, &scan, &why) ||
	    added_columns_need_rebuild(pl, l, d, &scan, &why))
		return set_rebuild(pl, tp, &why);
	if (!scan.changed) {
		tp->action = T_EQUAL;
		return 0;
	}
	if (dropped_column_blocked(pl, l, d, &why, &blocked) != 0)
		return pl->err->code;
	if (blocked)
		return set_rebuild(pl, tp, &why);
	if (check_invented_data(pl, tp) != 0)
		return pl->err->code;
	if (copy_is_cheaper(pl, l, &why, &cheaper) != 0)
		return pl->err->code;
	return cheaper ? set_rebuild(pl, tp, &why) : set_inplace(pl, tp);
}
