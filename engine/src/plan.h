/* SPDX-License-Identifier: MIT */
/*
 * What the planner exposes to the sync and apply layers: the plan container (struct
 * ss_plan) with the properties the apply needs, the facts the planner is given instead of
 * a connection (struct ss_plan_facts), and the questions the sync layer must answer before
 * planning (ss__plan_fact_needs). The planner's own working state is planner.h.
 *
 * The planner is pure: no plan*.c or plan*.h file touches a connection. The sync layer
 * (sync_facts.c) asks it which live tables matter, reads those facts from the connection,
 * and then calls ss_plan_between with them.
 */
#ifndef SS_PLAN_H
#define SS_PLAN_H

#include "model.h"

struct ss_plan {
	/* Every statement and reason, each ending in NUL, in one buffer (one allocation per
	 * doubling, not two per statement); sql_at / reason_at are offsets into it. */
	ss_buf text;
	size_t *sql_at;
	size_t *reason_at;
	unsigned char *destructive;
	size_t n, cap;
	ss_strategy strategy;
	double usec[4];
	/* What the plan does that matters to foreign keys; apply_fk.c decides what to do
	 * about enforcement. A rebuilt or dropped table is referenced by another table's
	 * foreign key (its DROP TABLE would cascade): */
	int touches_referenced;
	/* A table is rebuilt (its rows copied): with enforcement on, a copy into a table whose
	 * parent table is created later in the plan would fail. */
	int copies_rows;
	/* ... and the referencing tables hold rows (so enforcement cannot stay on). */
	int referencing_rows;
	char *destructive_summary; /* what would be lost, for SS_E_DESTRUCTIVE messages */
	/* The live tables whose rows the plan rewrites (a rebuild copies them, DROP COLUMN
	 * rewrites every row), each name ending in NUL, in plan order: the apply checks each
	 * with PRAGMA quick_check first, so a damaged table is never copied. */
	ss_buf rewritten;
	size_t nrewritten;
};

/*
 * What the planner is told about the live database. Per live table (in the order of the
 * live model's tables, which must be the model planned from): min(its rows, the limit its
 * question needed), or SS_ROWS_UNKNOWN when nobody asked.
 *
 * Example: live tables a, b, c; b differs from its desired twin and c references b:
 * need = {NONE, ROWS, ANY_ROW}; with 5,000 rows in b and 3 in c, rows = {UNKNOWN, 1000, 1}
 * (row_limit 1000 in a small schema), and the planner may ask "how many rows in b, up to
 * 1000" and "does c hold rows", nothing else.
 */
#define SS_ROWS_UNKNOWN (-1L)
enum ss_fact_need {
	SS_FACT_NONE = 0,    /* the planner never asks about this table */
	SS_FACT_ANY_ROW = 1, /* does it hold rows (it references a table that may be rebuilt) */
	SS_FACT_ROWS = 2     /* rows up to row_limit, and its columns' PRAGMA facts: it differs */
};
struct ss_plan_facts {
	int foreign_keys;    /* PRAGMA foreign_keys of the live connection */
	long row_limit;      /* ss__plan_row_limit of the live model */
	size_t ntables;      /* the live model's table count */
	unsigned char *need; /* per live table: enum ss_fact_need that was answered */
	long *rows;          /* per live table: min(rows, limit), or SS_ROWS_UNKNOWN */
	/* SQLite refused an ALTER TABLE RENAME or DROP COLUMN of an earlier attempt because
	 * an object of the schema does not compile (a trigger naming a missing table): those
	 * re-validate the whole schema, so the plan copies instead (ADD COLUMN does not). */
	int alter_refused;
};

/*
 * Which live tables the planner will ask about (pure: a pass over the paired texts). *need
 * gets one enum ss_fact_need per live table (caller frees; *ntables entries): SS_FACT_ROWS
 * for a table that differs from its desired twin, SS_FACT_ANY_ROW for one whose foreign
 * keys reference a table that differs or is dropped. At 100,000 unchanged tables, none.
 */
int ss__plan_fact_needs(unsigned char **need, size_t *ntables, const ss_schema *live,
			const ss_schema *desired, ss_error *err);
/* How far rows are counted: a rebuilt table with fewer rows than this is copied back under
 * its final name rather than renamed, and (from SS_ALTER_RELOAD_MIN_OBJECTS objects) a
 * table with fewer is copied rather than altered in place. */
long ss__plan_row_limit(const ss_schema *live);

ss_plan *ss__plan_new(void);
int ss__plan_add(ss_plan *p, const char *sql, const char *reason, int destructive);
/* Note that the plan rewrites the rows of live table name (see rewritten). */
int ss__plan_note_rewrite(ss_plan *p, const char *name);
/* The i-th rewritten table (i < p->nrewritten), walking the packed names from *at (start
 * at 0): returns the name and advances *at. */
const char *ss__plan_rewritten_next(const ss_plan *p, size_t *at);

/*
 * The destructive guard, the engine's only one: with opts->allow_destructive off, a plan
 * that drops a table, column, index, view or trigger (other than drop-and-recreate of an
 * unchanged dependent) fails with SS_E_DESTRUCTIVE naming the destructive statements. The
 * plan stays the caller's, so it can be shown.
 */
int ss__plan_guard(const ss_plan *p, const ss_options *opts, ss_error *err);

#endif
