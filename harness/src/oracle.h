/* SPDX-License-Identifier: MIT */
/*
 * The oracles of SPEC §5, one file per property family, and what they share: the judge of
 * one case (what the runner's setup learned from SQLite about the case, and the result being
 * filled), the dumps and the PRAGMA table descriptions. The runner (runner.c) builds the
 * databases, calls the engine and hands each outcome to the oracles in a fixed order (the
 * first violation is the one reported). The oracles never use the engine's internals: only
 * SQLite, their own tokenizer and, where a property is about the engine's answer (P2, P4, P7,
 * P9), the public API's results the runner passes in.
 *
 *   oracle_sql.c        the normalizer (ss_oracle_normalize_sql)
 *   oracle_schema.c     P1 converged: the schema dump and its judgements
 *   oracle_dump.c       full dumps (P4, P5, P9), row dumps, ss_oracle_diff, the clock mask
 *   oracle_table.c      table descriptions read with PRAGMAs (reference, P3, P8)
 *   oracle_reference.c  the reference migration: do the rows fit the desired schema?
 *   oracle_rows.c       P3 rows preserved
 *   oracle_atomic.c     P5 atomic, and scratch leftovers
 *   oracle_integrity.c  P6 integrity
 *   oracle_guard.c      P8 guard
 *   oracle_contained.c  P9 contained materialization (an authorizer around the dry run)
 *   oracle_plan.c       P2 idempotent, P4 strategies agree, P7 profile, -- output: / -- error:
 *   oracle_conn.c       P10 connection restored (the caller's connection state)
 *   oracle_prefix.c     refusals the scratch prefix calls for (reserved names, user tables),
 *                       definitions SPEC §1 refuses, ss_definitions_validate
 *   oracle_profile.c    P7 user SQL under the durable-object profile (workerd's verdicts)
 *   oracle_vtab.c       virtual tables (FTS5, R*Tree): P1 text, shadow tables, rows and
 *                       MATCH / range answers (reported as P3)
 */
#ifndef SS_HARNESS_ORACLE_H
#define SS_HARNESS_ORACLE_H

#include "harness_internal.h"

/* ---- the judge of one case --------------------------------------------------------------- */

typedef struct sh_judge {
	const ss_case *c;
	ss_case_result *res;
	int compare_output;    /* check -- output: / -- error: */
	int known_apart;       /* record known engine bugs apart (ss_run_options) */
	sqlite3 *pristine;     /* baseline + rows */
	int pristine_borrowed; /* pristine is the case's own connection (never written) */
	sqlite3 *alone;        /* the desired schema built alone: the P1 reference */
	sqlite3 *ref;          /* the reference migration: the P3 reference */
	char *pristine_full;   /* full dump of pristine (computed on first use) */
	char *pristine_schema; /* ... schema only (P9) */
	char *alone_schema;    /* schema dump of alone */
	int rows_ok;           /* SQLite accepts the baseline rows in the desired schema */
	int fk_ok;             /* ...and their foreign keys */
	int fk_only;           /* rows_ok is 0 for a foreign-key reason only */
	int fk_dirty;          /* the baseline rows already violate a foreign key */
	int fk_check_fail;     /* foreign_key_check of the reference is not empty */
	int may_refuse;        /* a new key or NOT NULL column: the engine refuses to invent data */
	char why[512];         /* why the rows do not fit, for messages */
	/* the sync must refuse (oracle_prefix.c): a definition's name with the scratch
	 * prefix, a live prefixed table holding rows ("" when none) */
	char reserved[128], prefixed_rows[128];
	int reserved_case;  /* a definition's name has the prefix in another letter case */
	char temp_def[128]; /* a TEMP object or CREATE TABLE AS SELECT (refused), or "" */
	/* another definition SPEC §1 refuses though SQLite runs it (a statement other than
	 * CREATE, another module, load_extension(), _cf_ under the profile), or "" */
	char refused_def[160];
	int desired_bad; /* SQLite rejects the definitions alone (the case expects it) */
	/* integrity_check of the pristine and reference databases: SQLite 3.40 reports a false
	 * "NULL value in t.c" for some WITHOUT ROWID tables; the same message on the reference
	 * is SQLite's, not the engine's */
	char pristine_ic[1024], ref_ic[1024];
	const char *label; /* strategy / profile of the current run, for messages */
	/* the tables of pristine and alone, described once per case (oracle_table.c) */
	struct sh_tcache *tables;
} sh_judge;

/* What one strategy's run left for the comparison of P4. */
typedef struct sh_run_out {
	int rc;
	char *plan; /* ss_plan_to_sql (engine memory: ss_free) or NULL */
	char *full; /* full dump of the live database afterwards */
	int strategy_used;
} sh_run_out;

/* The runner's setup of x (x->c, res, compare_output, label set): the pristine database,
 * the desired schema alone and the reference migration; as ss_case_run's SS_E_INVALID. The
 * engine runner (runner_engine.c) sets its cases up the same way. Cleanup closes them. */
int sh_judge_setup(sh_judge *x, ss_error *err);
void sh_judge_cleanup(sh_judge *x);

/* Record a violation of property p (the first one gives res->violated and the detail). */
void sh_violate(sh_judge *x, int p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
void sh_checked(sh_judge *x, int p);
/* The case's excluded-table list is the engine's (NULL: its default). */
int sh_judge_excluded(const sh_judge *x, const char *name);

/* ---- dumps (oracle_dump.c) ---------------------------------------------------------------- */

enum {
	SH_DUMP_SCHEMA_ONLY = 2 /* no rows (sqlite_sequence's aside) */
};
char *sh_dump_full(sqlite3 *db, int flags);
/* Every row of one table, sorted, each line "  row: v|v|v". */
void sh_dump_rows(sh_buf *b, sqlite3 *db, const char *table, int with_rowid);
/* The pristine database's full dump (computed once per case). */
const char *sh_pristine_full(sh_judge *x);
/* Does the case read SQLite's clock (CURRENT_TIME / _DATE / _TIMESTAMP, 'now')? Two runs
 * of such a case may fill a default a second apart. */
int sh_case_reads_clock(const ss_case *c);
/* Mask the digits of a dump's text values shaped like dates and times ('2026-12-02
 * 00:38:18', '00:38:18', '2026-12-02'), in place. */
void sh_dump_mask_clock(char *dump);

/* ---- normalized tokens (oracle_sql.c) ------------------------------------------------------- */

/* The normalized tokens of sql (IF NOT EXISTS dropped). */
void sh_norm_tokens(sh_strv *out, const char *sql);
/* Tokens [a, b) joined by one space. */
char *sh_norm_join(const sh_strv *t, size_t a, size_t b);

/* ---- table descriptions (oracle_table.c) ---------------------------------------------------- */

typedef struct sh_tcol {
	char *name, *type, *dflt;
	int pk, hidden, notnull;
} sh_tcol;

typedef struct sh_tdesc {
	char *name;
	sh_tcol *cols;
	int ncols;
	int wr, alias; /* WITHOUT ROWID; has an INTEGER PRIMARY KEY rowid alias */
	int autoinc;
	const char *rowid; /* the name that reaches the rowid (sh_rowid_name), NULL: none */
} sh_tdesc;

void sh_tdesc_read(sh_tdesc *t, sqlite3 *db, const char *name, int wr);
void sh_tdesc_free(sh_tdesc *t);
sh_tcol *sh_tcol_find(sh_tdesc *t, const char *name);

/* Tables of main (name, wr), not internal. */
typedef struct sh_tlist {
	char **names;
	int *wr;
	int n;
} sh_tlist;

void sh_tlist_read(sh_tlist *l, sqlite3 *db);
void sh_tlist_free(sh_tlist *l);
int sh_tlist_find(const sh_tlist *l, const char *name);

/*
 * The same of x->pristine or x->alone (db is one of them), which nothing changes after the
 * setup: read on first use and kept until sh_judge_tables_free, so the reference migration,
 * P3, P7 and P8 do not each ask SQLite again. The judge owns what they return.
 */
const sh_tlist *sh_judge_tlist(sh_judge *x, sqlite3 *db);
sh_tdesc *sh_judge_tdesc(sh_judge *x, sqlite3 *db, const char *name, int wr);
void sh_judge_tables_free(sh_judge *x);

/* ---- the properties --------------------------------------------------------------------------- */

/* The reference migration (oracle_reference.c): fills x->ref, rows_ok, fk_*, may_refuse. */
void sh_reference_build(sh_judge *x);

/* P1 (oracle_schema.c): the live schema equals the desired one built alone. */
void sh_oracle_p1_converged(sh_judge *x, sqlite3 *live);
/* P1: a sync that failed although the rows fit the desired schema. */
void sh_oracle_p1_failure(sh_judge *x, int strategy, int profile, int rc, const char *message);

/* P2 (oracle_plan.c): a formatting-only change plans nothing; so does a second plan. */
void sh_oracle_p2_formatting(sh_judge *x, size_t count, const char *plan_sql);
void sh_oracle_p2_again(sh_judge *x, int rc, const ss_plan *again, const char *message);
/* P4: the two strategies' outcomes, plans and databases agree. */
void sh_oracle_p4_agree(sh_judge *x, const sh_run_out *scratch, const sh_run_out *prefix);
/* P7: the profile installs; under it, scratch-db fails and auto picks prefix. */
void sh_oracle_p7_install(sh_judge *x, const char *message);
void sh_oracle_p7_profile(sh_judge *x, int strategy, int rc, int strategy_used);
/* P7: after a sync (rc its result), the profile still installed on live, its authorizer still
 * denies what the profile denies to user SQL (a SAVEPOINT of its own, a _cf_ table write). */
void sh_oracle_p7_strict(sh_judge *x, sqlite3 *live, int rc);
/* P7 (oracle_profile.c): after a sync under the profile, user statements (on the case's own
 * table and on the reserved names) get workerd's verdicts: denied ones SQLITE_AUTH, allowed
 * ones never. */
void sh_oracle_p7_user_sql(sh_judge *x, sqlite3 *live);
/* -- output: / -- error: of the case (replay). */
void sh_oracle_output(sh_judge *x, int strategy, int profile, int rc, const char *message,
		      const char *plan_sql);

/* P3 (oracle_rows.c): rows of the desired tables, excluded tables, AUTOINCREMENT counters. */
void sh_oracle_p3_rows(sh_judge *x, sqlite3 *live);

/* P5 (oracle_atomic.c): a failed sync changed nothing. full: live's full dump when the caller
 * has it (NULL: made here). */
void sh_oracle_p5_atomic(sh_judge *x, sqlite3 *live, int rc, const char *message, const char *full);
/* A scratch-prefixed object of pristine that db lacks ("type name" into buf), or NULL. */
const char *sh_prefixed_removed(sqlite3 *db, sqlite3 *pristine, char *buf, size_t len);
/* No scratch-prefixed object (but those pristine had; pristine NULL: none at all) and no
 * attached database left (reported as property p). */
void sh_oracle_leftovers(sh_judge *x, sqlite3 *live, int p, sqlite3 *pristine, const char *after);

/* P6 (oracle_integrity.c): integrity_check and foreign_key_check after a sync. */
void sh_oracle_p6_integrity(sh_judge *x, sqlite3 *live);
/* P6: a sync with foreign keys enforced succeeded although the rows violate them. */
void sh_oracle_p6_enforced(sh_judge *x);
/* integrity_check's report into msg (every line); non-zero when it says "ok". */
int sh_integrity_ok(sqlite3 *db, char *msg, size_t len);
/* Does every line of msg also appear in known (SQLite's own false reports)? */
int sh_integrity_known(const char *msg, const char *known);
const char *sh_pristine_integrity(sh_judge *x);

/* P8 (oracle_guard.c), after a successful sync: with allowDestructive=false nothing of the
 * baseline is gone and no statement is flagged destructive; what is gone is flagged (plan
 * NULL: the flags are not checked). */
void sh_oracle_p8_guard(sh_judge *x, sqlite3 *live, const ss_plan *plan);

/* P9 (oracle_contained.c): an authorizer watches the dry run, then judges it. */
typedef struct sh_p9 {
	int prefix; /* 1: prefix strategy, 0: scratch-db */
	char bad[512];
	/* live shadow tables (oracle_vtab.c): a virtual table prepares its writes to them
	 * when it connects, authorized then though never run; a real write goes through the
	 * virtual table, which the authorizer sees itself */
	sh_strv shadows;
} sh_p9;
void sh_p9_watch(sh_p9 *p, sqlite3 *live, int prefix);
void sh_oracle_p9_contained(sh_judge *x, sqlite3 *live, sh_p9 *p);

/* The scratch prefix (oracle_prefix.c): when must the sync refuse? Fills x->reserved and
 * x->prefixed_rows from the definitions and the pristine database. */
void sh_prefix_expectations(sh_judge *x);
int sh_refusal_expected(const sh_judge *x);
/* " [the definitions define AUTOINCREMENT table t twice]" when they do (a P4 detail's
 * context), else "". */
void sh_defined_twice(const sh_judge *x, char *buf, size_t len);
/* P1: a refusal the prefix calls for happened, and its error names the reason. */
void sh_oracle_refusal(sh_judge *x, int rc, const char *message);
/* P1: ss_definitions_validate refuses what must be refused before anything runs, and agrees
 * with the sync (rc, message) whenever it refuses (opts: the sync's options). */
void sh_oracle_validate(sh_judge *x, const ss_options *opts, int rc, const char *message);

/* P10 (oracle_conn.c): the caller's connection, set up from the case's config before the
 * sync (attached database, open transaction, defer_foreign_keys, authorizer) and read. */
typedef struct sh_conn {
	int txn;                  /* ss_caller_txn in effect */
	int attached;             /* caller_aux is attached */
	int auth_on;              /* the counting authorizer is installed */
	int limit_set, old_limit; /* SQLITE_LIMIT_ATTACHED lowered by the caller, and before */
	int attach_max;           /* SQLITE_LIMIT_ATTACHED (read) */
	long auth_calls;
	int fk, defer, autocommit;
	char *dblist; /* name=file; of pragma_database_list */
	char *aux;    /* what caller_aux holds */
} sh_conn;
void sh_conn_setup(sh_judge *x, sqlite3 *live, sh_conn *before);
void sh_conn_free(sh_conn *c);
/* The SAVEPOINT txn hook a caller inside its own transaction passes to the engine. */
const ss_txn_hook *sh_conn_txn_hook(void);
/* P10: the state after the sync equals before's; then the caller's transaction is committed,
 * its database detached and its authorizer removed. */
void sh_oracle_p10_restored(sh_judge *x, sqlite3 *live, sh_conn *before, int rc);
/* P10: where foreign keys were enforced, an orphan insert is still rejected. */
void sh_oracle_p10_enforced(sh_judge *x, sqlite3 *live);

/* ---- virtual tables (oracle_vtab.c) ----------------------------------------------------- */

/* An SQL condition true when column col names no shadow table of a virtual table (SQLite's
 * own PRAGMA table_list says so): shadow tables are part of their owner, never compared
 * or built on their own. */
#define SH_NOT_SHADOW(col)                                                                         \
	" " col " NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = "    \
	"'shadow') "
/* The shadow tables of main (PRAGMA table_list), into out. */
void sh_shadow_tables(sh_strv *out, sqlite3 *db);
/* Is table name of db an R*Tree (whose columns are positional: renaming bounds loses
 * nothing)? */
int sh_vtab_positional(sqlite3 *db, const char *name);
/* The P1 comparison text of a CREATE VIRTUAL TABLE (module, columns, FTS5 options). */
char *sh_vtab_canon(const char *sql);
/* Virtual tables kept with their rows: same rowids and values, same MATCH and range answers
 * before and after (reported as P3). */
void sh_oracle_vtab(sh_judge *x, sqlite3 *live);

#endif
