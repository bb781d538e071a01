/* SPDX-License-Identifier: MIT */
/*
 * The sync layer: everything that talks to the live connection around the pure planner.
 * sync.c drives one sync or dry run through these steps, each in its own file:
 *
 *   sync_validate.c    split and check the definitions before anything runs
 *   sync_fastpath.c    an unchanged redeploy, proven from the catalog alone
 *   sync_reuse.c       which definitions equal a live object (not materialized)
 *   sync_views.c       circular views, which SQLite accepts until they are used
 *   strategy_scratch.c materialize in an attached in-memory database
 *   strategy_prefix.c  materialize in main under prefixed names; crash leftovers
 *   sync_facts.c       what the planner needs to know of the live database
 *   apply.c            run the plan in one transaction through the caller's hook
 *   apply_fk.c         the foreign-key story around that transaction
 *   conn.c             running statements and mapping SQLite's errors
 */
#ifndef SS_SYNC_H
#define SS_SYNC_H

#include "plan.h"

/* One statement of the definitions. */
typedef struct def_stmt {
	const char *z;
	size_t n;
	ss_tokens toks; /* a slice of sync_ctx.all */
	ss_create_info ci;
	int materialize;        /* must be built in the scratch area */
	int autoinc_stripped;   /* prefix strategy: built without AUTOINCREMENT */
	const ss_object *reuse; /* or: identical to this live object */
} def_stmt;

/* What another connection's commit changes: main's schema (PRAGMA schema_version, or a hash
 * of the catalog where the pragma is denied) and its data (PRAGMA data_version). */
typedef struct ss_stamp {
	long long schema;
	long long data;
	int have_data; /* data_version could be read */
} ss_stamp;

/* One sync or dry run. */
typedef struct sync_ctx {
	sqlite3 *db;
	const ss_options *opts;
	const char *prefix;
	const char *const *excluded;
	size_t nexcluded;
	ss_error *err;
	const char *definitions; /* the text, parsed again when the sync starts again */
	ss_tokens all;           /* the definitions' tokens; each def_stmt holds a slice */
	def_stmt *defs;
	size_t ndefs;
	ss_strategy strategy;
	char scratch[64];
	int leftovers;  /* prefixed objects a crashed sync left in main (ss__leftovers_check) */
	ss_stamp stamp; /* main as it was when inspection began */
	int caller_txn; /* the caller had a transaction open when the sync started */
	/* SQLite refused an ALTER TABLE because an object of the schema does not compile: set
	 * by the apply, and for the next attempt's plan (struct ss_plan_facts) */
	int alter_refused;
} sync_ctx;

/* ---- conn.c ---------------------------------------------------------------------------- */

/* Run one statement to completion (rows are ignored); SQLite's result code. */
int ss__exec1(sqlite3 *db, const char *sql);
/* A cleanup statement (ROLLBACK, DETACH, restoring a PRAGMA), retried; SQLite's code. */
int ss__exec_cleanup(sqlite3 *db, const char *sql);
/* The first column of the first row as an int (0 without a row); SQLite's code. */
int ss__read_int(sqlite3 *db, const char *sql, int *out);
/* The SS_E_* code for SQLite's failure rc on db: a constraint, memory, or SQLite itself. */
int ss__map_sqlite_error(sqlite3 *db, int rc);
/* The hook that makes the plan atomic: opts->txn, or BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
const ss_txn_hook *ss__txn_hook(const ss_options *opts);

/* Read it now (SS_E_SQLITE when it cannot be read: locked elsewhere, I/O). */
int ss__read_stamp(sqlite3 *db, ss_stamp *out, ss_error *err);

/* ---- sync_validate.c ------------------------------------------------------------------- */

/* *out = the caller's options (NULL: SS_OPTIONS_INIT) as the current version: a struct of
 * an older SS_OPTIONS_VERSION gets the defaults for the fields it does not have. Any other
 * version is SS_E_MISUSE. */
int ss__options_resolve(ss_options *out, const ss_options *opts, ss_error *err);
/* c for one sync, dry run or validation of db (NULL for a validation) with opts resolved:
 * the prefix and excluded tables, defaults filled in. */
int ss__ctx_init(sync_ctx *c, sqlite3 *db, const ss_options *opts, ss_error *err);

/* Split, classify and check every definition of text into c->defs; nothing runs. */
int ss__defs_parse(sync_ctx *c, const char *text);
void ss__defs_free(sync_ctx *c);
/* Is name one of the excluded tables (ASCII case-insensitive)? NULL is not. */
int ss__excluded_name(const sync_ctx *c, const char *name);
/* Is the definition excluded: a table in the list, or an index or trigger on one? */
int ss__def_excluded(const sync_ctx *c, const def_stmt *d);
/* Run one materializing statement for d; SQLite's refusal becomes SS_E_INVALID. */
int ss__create_definition(sync_ctx *c, const def_stmt *d, const char *sql);
/* The first n bytes of z on one line ("..." when cut), for messages. */
void ss__excerpt(char *dst, size_t cap, const char *z, size_t n);

/* ---- sync_fastpath.c ------------------------------------------------------------------- */

/* *unchanged = 1 when the catalog alone proves the definitions equal the live schema;
 * SS_E_SQLITE when SQLite cannot read the catalog (locked elsewhere, I/O). */
int ss__unchanged_fast_path(sync_ctx *c, int *unchanged);

/* ---- sync_reuse.c ---------------------------------------------------------------------- */

/* Mark which definitions must be materialized; the others reuse their live twin. */
int ss__choose_materialized(sync_ctx *c, const ss_schema *live);
/* Add the reused live objects to the materialized desired schema (borrowed, not copied). */
int ss__adopt_reused(sync_ctx *c, ss_schema *desired);

/* ---- strategy_scratch.c, strategy_prefix.c ---------------------------------------------- */

int ss__materialize_scratch_db(sync_ctx *c, ss_schema **out);
int ss__materialize_prefix(sync_ctx *c, ss_schema **out);
/* Count what a crashed prefix-strategy sync left in main into c->leftovers, changing
 * nothing; SS_E_REFUSED when a prefixed table holds rows, SS_E_SQLITE when that cannot be
 * told. */
int ss__leftovers_check(sync_ctx *c);
/* Drop them, inside a transaction (never a table holding rows). */
int ss__leftovers_drop(sync_ctx *c);

/* ---- sync_views.c ---------------------------------------------------------------------- */

/* SS_E_INVALID when a view of the desired schema selects from itself, directly or through
 * other views (SQLite accepts such a CREATE VIEW and fails only when it is used). */
int ss__views_check_cycles(const ss_schema *desired, ss_error *err);

/* ---- sync_facts.c ---------------------------------------------------------------------- */

/*
 * Read what the planner will ask about (ss__plan_fact_needs) from db: the column facts of
 * the live tables that differ (into live, inspected with lazy_facts), row counts, and
 * enforcement. *out is the caller's (ss_plan_facts_free).
 */
int ss__plan_facts_gather(ss_plan_facts **out, sqlite3 *db, ss_schema *live,
			  const ss_schema *desired, ss_error *err);

/* ---- apply_fk.c ------------------------------------------------------------------------ */

/* The foreign-key state of one apply, from before its transaction to after it. */
typedef struct ss_fk_guard {
	int on;         /* enforcement was on when the apply started */
	int could;      /* ... and could be switched */
	int by_config;  /* ... by sqlite3_db_config, inside the caller's transaction (else by
			 * PRAGMA, before the sync's own) */
	int switched;   /* ... and was switched off around the transaction */
	int before;     /* foreign_key_check violations before the plan */
	int defer_was;  /* PRAGMA defer_foreign_keys before the apply */
	int defer_read; /* ... and it could be read */
	int pending;    /* SQLite's deferred-violation counter was non-zero (or unreadable)
			 * before the plan */
} ss_fk_guard;

/* Before the transaction: switch enforcement off where the plan needs it, refuse when
 * that is impossible and child rows are at stake. */
int ss__fk_guard_begin(ss_fk_guard *g, sqlite3 *db, const ss_plan *p, int in_runtime,
		       ss_error *err);
/* Would the guard set up for one plan also do for p (a plan made again inside the
 * transaction)? 0 when p needs enforcement switched off and it is not. */
int ss__fk_guard_fits(const ss_fk_guard *g, const ss_plan *p);
/* Inside the transaction, before the plan: defer what enforcement stays on for, count the
 * violations that are already there. */
int ss__fk_guard_enter(ss_fk_guard *g, sqlite3 *db, ss_error *err);
/* Before COMMIT: no more violations than before, and none that SQLite's enforcement counts
 * where there was none. SS_E_CONSTRAINT otherwise. */
/* Count the violations the plan starts from, inside the transaction, once a crashed sync's
 * leftovers are gone (a leftover whose key names a column that is not unique would make
 * foreign_key_check fail). */
int ss__fk_guard_baseline(ss_fk_guard *g, sqlite3 *db, ss_error *err);
int ss__fk_guard_check(const ss_fk_guard *g, sqlite3 *db, ss_error *err);
/* After the transaction, committed or not: enforcement as the caller had it. */
void ss__fk_guard_end(ss_fk_guard *g, sqlite3 *db);

/* ---- apply.c --------------------------------------------------------------------------- */

/* One apply's state: the foreign-key guard and whether its transaction is open. */
typedef struct ss_apply {
	ss_fk_guard fk;
	int open;
} ss_apply;

/* Begin the transaction for p through the hook of c->opts, foreign keys guarded
 * (apply_fk.c). On failure nothing is left open. */
int ss__apply_open(sync_ctx *c, const ss_plan *p, ss_apply *a);
/* Drop the scratch leftovers, run p, check foreign keys and commit; on failure roll back.
 * p may differ from the plan ss__apply_open was given if ss__fk_guard_fits says so. */
int ss__apply_run(sync_ctx *c, const ss_plan *p, ss_apply *a);
/* Roll back an open apply and restore the connection. */
void ss__apply_abort(sync_ctx *c, ss_apply *a);

#endif
