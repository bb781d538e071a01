/* SPDX-License-Identifier: MIT */
/*
 * schemasync: declarative schema sync for SQLite.
 *
 * Give the engine a live database and the desired schema as CREATE statements; it plans the
 * statements that migrate the database in place (keeping every row) and applies them in one
 * transaction. This is the whole public API; everything else in engine/ is internal.
 *
 * Conventions: functions return 0 or a negative SS_E* code; the message goes into an
 * ss_error the caller passes (may be NULL). Output parameters come first and are called out;
 * what comes back through **out belongs to the caller and has a _free that accepts NULL.
 * The library never prints and never exits.
 */
#ifndef SCHEMASYNC_H
#define SCHEMASYNC_H

#include <stddef.h>
#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SS_VERSION "0.1.0"

/* Error codes: the failures a caller handles differently. */
enum {
	SS_OK = 0,
	SS_E_INVALID = -1,     /* definitions are malformed or contain a forbidden statement */
	SS_E_UNSUPPORTED = -2, /* an object the engine cannot sync (a virtual table other than
				* FTS5 / R*Tree, ...) */
	SS_E_DESTRUCTIVE = -3, /* allow_destructive is off and the plan would drop something */
	SS_E_CONSTRAINT = -4,  /* existing rows violate a constraint of the desired schema */
	SS_E_SQLITE = -5,      /* any other SQLite failure (I/O, full disk, busy, ...) */
	SS_E_NOMEM = -6,       /* an allocation failed */
	SS_E_REFUSED = -7,     /* the change would have to invent data, or is unsafe */
	SS_E_MISUSE = -8       /* bad arguments */
};

/* Filled by every call that can fail; code mirrors the return value. */
typedef struct ss_error {
	int code;
	char message[2048];
} ss_error;

typedef enum ss_strategy {
	SS_STRATEGY_AUTO = 0,   /* scratch-db where ATTACH works, prefix otherwise */
	SS_STRATEGY_SCRATCH_DB, /* definitions built in an attached in-memory database */
	SS_STRATEGY_PREFIX      /* definitions built in main under prefixed names */
} ss_strategy;

typedef enum ss_profile {
	SS_PROFILE_DEFAULT = 0,
	SS_PROFILE_DURABLE_OBJECT /* the caller runs under Cloudflare Durable Object rules */
} ss_profile;

/*
 * How the plan is made atomic. The default issues BEGIN IMMEDIATE / COMMIT / ROLLBACK; a
 * caller already inside a transaction, or a Durable Object, supplies its own (for example a
 * savepoint). begin and commit return 0 or an SS_E* code; rollback must not fail.
 */
typedef struct ss_txn_hook {
	int (*begin)(void *ctx, sqlite3 *db, ss_error *err);
	int (*commit)(void *ctx, sqlite3 *db, ss_error *err);
	void (*rollback)(void *ctx, sqlite3 *db);
	void *ctx;
} ss_txn_hook;

typedef struct ss_options {
	unsigned version; /* SS_OPTIONS_VERSION */
	ss_strategy strategy;
	int allow_destructive; /* default 1 in the library (sqlfu's default) */
	/* Tables never compared, touched or dropped. NULL means the default list:
	 * sqlfu_migrations, d1_migrations. */
	const char *const *excluded_tables;
	size_t excluded_count;
	const char *scratch_prefix; /* NULL means "__sqlfu_sync_" */
	ss_profile profile;
	const ss_txn_hook *txn; /* NULL means BEGIN IMMEDIATE / COMMIT / ROLLBACK */
	/* Size thresholds of the planner's cost rules; 0 means the engine's default. Tests
	 * lower them so that small databases take the paths big ones take. Values above the
	 * default act as the default (rows are counted only that far).
	 * rename_min_rows: a rebuilt table with at least this many rows takes its name by
	 *   ALTER TABLE RENAME; a smaller one is copied again under its final name (default:
	 *   10 rows per live object, at least 1,000).
	 * alter_copy_min_objects: in a live schema of at least this many objects, a table with
	 *   fewer than rename_min_rows rows is copied instead of altered in place by ADD or
	 *   DROP COLUMN (default 1,000). Objects with long CREATE texts count as several, one
	 *   per 128 bytes, since SQLite's reload after an ALTER parses every text. */
	long rename_min_rows;
	long alter_copy_min_objects;
	/* Definitions without any statement (an empty text, only comments or semicolons) are
	 * refused with SS_E_INVALID unless this is non-zero: then they mean "no objects at
	 * all" and the plan drops every table (a failed `cat` in a deploy script must not do
	 * that by accident). Default 0. */
	int allow_empty;
	/* Limits on the definitions, checked before anything runs, so that the wrong file or a
	 * runaway generator fails at once with SS_E_INVALID instead of running for minutes:
	 * the text's size in bytes and its number of statements. 0 means the default
	 * (SS_DEFAULT_MAX_DEFINITIONS_BYTES, SS_DEFAULT_MAX_STATEMENTS); (size_t)-1 means no
	 * limit. */
	size_t max_definitions_bytes;
	size_t max_statements;
} ss_options;

/* Defined since the thresholds above exist, for code that builds against older headers. */
#define SS_OPTIONS_HAS_THRESHOLDS 1

/* Version 2 added allow_empty and the definitions limits; a version-1 struct (everything
 * before them) is still accepted and gets the defaults for the newer fields. */
#define SS_OPTIONS_VERSION 2
#define SS_OPTIONS_INIT                                                                            \
	{                                                                                          \
		SS_OPTIONS_VERSION, SS_STRATEGY_AUTO, 1, NULL, 0, NULL, SS_PROFILE_DEFAULT, NULL,  \
			0, 0, 0, 0, 0                                                              \
	}
/* The definitions limits that 0 stands for: 64 MiB of text, 100,000 statements. */
#define SS_DEFAULT_MAX_DEFINITIONS_BYTES ((size_t)64 << 20)
#define SS_DEFAULT_MAX_STATEMENTS ((size_t)100000)
#define SS_DEFAULT_SCRATCH_PREFIX "__sqlfu_sync_"

/* ---- plans ---------------------------------------------------------------------------- */

typedef struct ss_plan ss_plan;

/*
 * Dry run: validate the definitions, materialize them in a scratch area, inspect both sides
 * and plan. Never writes to db: the scratch area is always cleaned (the prefix strategy
 * builds inside a transaction it rolls back), and scratch objects a crashed earlier sync
 * left behind are ignored, not removed (ss_sync removes them in its transaction). A prefixed
 * table holding rows fails it with SS_E_REFUSED, as it would fail ss_sync. *out receives the
 * plan (possibly empty)
 * whenever one was made, also when the call then fails with SS_E_DESTRUCTIVE; the caller
 * frees it.
 */
int ss_plan_create(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
		   ss_error *err);

/*
 * Plan and apply in one transaction (through opts->txn). On failure the database is left
 * logically identical to before. out may be NULL; when given, it receives the plan whenever
 * one was made (also when applying it failed, or on SS_E_DESTRUCTIVE, so a caller can show
 * what would have been dropped); the caller frees it.
 */
int ss_sync(ss_plan **out, sqlite3 *db, const char *definitions, const ss_options *opts,
	    ss_error *err);

/*
 * Check definitions the way ss_sync and ss_plan_create do before anything runs, without a
 * database: only CREATE TABLE / INDEX / VIEW / TRIGGER in main, no reserved name (sqlite_,
 * the scratch prefix, _cf_ under the durable-object profile), at least one statement unless
 * opts->allow_empty. What only SQLite can judge (a missing column, a bad type) is not
 * checked: it fails when the definitions are built. opts may be NULL (SS_OPTIONS_INIT).
 * Use it on every text that will be executed as SQL (the CLI's diff runs it on both files).
 */
int ss_definitions_validate(const char *sql, const ss_options *opts, ss_error *err);

size_t ss_plan_count(const ss_plan *plan);
/* The i-th statement (no trailing semicolon) and its reason ("" when self-explanatory). */
const char *ss_plan_statement(const ss_plan *plan, size_t i);
const char *ss_plan_reason(const ss_plan *plan, size_t i);
/* Non-zero when the i-th statement drops a table, column, index, view or trigger that the
 * desired schema does not recreate unchanged. */
int ss_plan_is_destructive(const ss_plan *plan, size_t i);
/* The strategy that materialized the definitions (never SS_STRATEGY_AUTO). */
ss_strategy ss_plan_strategy(const ss_plan *plan);
/* Microseconds spent per phase: 0 materialize, 1 inspect, 2 plan, 3 apply. */
double ss_plan_phase_usec(const ss_plan *plan, int phase);
/*
 * The plan as SQL text: each reason as "-- reason" on its own line before its statement,
 * each statement followed by ";\n". Empty plan: "". Free with ss_free.
 */
char *ss_plan_to_sql(const ss_plan *plan);
void ss_plan_free(ss_plan *plan);

/* ---- schema inspection ---------------------------------------------------------------- */

typedef struct ss_schema ss_schema;

/*
 * Read schema `schema_name` ("main" or an attached name) of db into a model, skipping
 * sqlite_* internals, and _cf_* ones when the durable-object profile is installed on db
 * (elsewhere _cf_ names are ordinary) and the shadow tables of FTS5 / R*Tree tables (part
 * of their owner). Virtual tables of other modules fail with SS_E_UNSUPPORTED.
 */
int ss_schema_inspect(ss_schema **out, sqlite3 *db, const char *schema_name, ss_error *err);
/* A stable, human-readable dump of the model (normalized); free with ss_free. */
char *ss_schema_dump(const ss_schema *schema);
size_t ss_schema_object_count(const ss_schema *schema);
void ss_schema_free(ss_schema *schema);

/*
 * What the planner needs to know of the live database besides its schema: whether foreign
 * keys are enforced, and for the tables that matter to the plan, whether they hold rows
 * (and how many, up to a limit). Read from the live connection for a given pair of models;
 * valid only with those two models. Free with ss_plan_facts_free (NULL is accepted).
 */
typedef struct ss_plan_facts ss_plan_facts;
int ss_plan_facts_read(ss_plan_facts **out, sqlite3 *live_db, const ss_schema *live,
		       const ss_schema *desired, ss_error *err);
void ss_plan_facts_free(ss_plan_facts *facts);

/*
 * Plan between two models without touching any database (the planner's hot path; it is
 * pure). facts, read with ss_plan_facts_read for these two models, answer "does this table
 * hold rows" for the refusal rules and say whether foreign keys are enforced; NULL means no
 * table holds rows and enforcement is off.
 */
int ss_plan_between(ss_plan **out, const ss_schema *live, const ss_schema *desired,
		    const ss_plan_facts *facts, const ss_options *opts, ss_error *err);

/* ---- the durable-object profile ------------------------------------------------------- */

/*
 * Make a plain SQLite connection behave like Durable Object storage: the authorizer of
 * workerd's rules, its limits, foreign keys and defensive mode on, and (in a database that
 * lives in memory only; a database file is never written) the internal _cf_KV and
 * _cf_METADATA tables. The rules apply to statements prepared by the caller; the engine's
 * trusted savepoint is let through.
 */
int ss_durable_object_install(sqlite3 *db, ss_error *err);
/* Remove the authorizer again (limits stay). */
void ss_durable_object_uninstall(sqlite3 *db);
/* The emulated transactionSync(): a trusted SAVEPOINT / RELEASE / ROLLBACK TO. */
const ss_txn_hook *ss_durable_object_txn_hook(void);

/* ---- memory --------------------------------------------------------------------------- */

/*
 * One hook for every allocation the engine makes (SQLite's own allocator is configured
 * separately with sqlite3_config(SQLITE_CONFIG_MALLOC)). Pass NULL to restore malloc.
 * Not thread-safe: set it before any other call. The engine keeps up to 32 MiB of a freed
 * schema's memory for the next inspection (freed to the heap, it was faulted in again each
 * time); every call here, even with the allocator already set, gives that memory back.
 */
typedef struct ss_allocator {
	void *(*malloc_fn)(void *ctx, size_t size);
	void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
	void (*free_fn)(void *ctx, void *ptr);
	void *ctx;
} ss_allocator;
void ss_set_allocator(const ss_allocator *allocator);
void ss_free(void *ptr);

/* The tables excluded when ss_options.excluded_tables is NULL (sqlfu_migrations,
 * d1_migrations); *count receives their number. Static storage. */
const char *const *ss_default_excluded_tables(size_t *count);

const char *ss_strategy_name(ss_strategy strategy);
const char *ss_error_name(int code);

#ifdef __cplusplus
}
#endif
#endif
