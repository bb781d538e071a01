/* SPDX-License-Identifier: MIT */
/*
 * ss_harness: the property-based test harness of schemasync. It generates pairs of schemas
 * (baseline + rows, desired) from one choice source, syncs each pair by both strategies,
 * checks properties P1-P10 of SPEC §5 with oracles that do not reuse the engine's internals,
 * shrinks failures to minimal cases, reads and writes the case files of SPEC §7, and runs
 * the `check` campaign and the corpus `replay`. The executables schemasync-check and
 * schemasync-replay (harness/cli/) are its command lines; `schemasync check|replay` runs them.
 *
 * Conventions (those of schemasync.h): functions that can fail return 0 or a negative SS_E*
 * code and put the message into an ss_error the caller passes (may be NULL). Output
 * parameters come first and are called out; what comes back through **out belongs to the
 * caller and has a _free that accepts NULL; strings the harness returns are freed with
 * ss_harness_free. Options structs have an _INIT initializer. The library never prints and
 * never exits: campaigns report through callbacks in their options. The harness is a test
 * program: running out of memory aborts it.
 */
#ifndef SS_HARNESS_H
#define SS_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "schemasync.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The harness' own error code, beside the engine's SS_E_*: an operating-system call
 * (fork, mmap, reading a file) failed; the message names it and errno's text. */
enum { SS_E_SYSTEM = -32 };

/* An engine under test behind an adapter (ss_engine.h); NULL everywhere means the reference
 * engine, in process. */
typedef struct ss_engine ss_engine;

/* Free a string the harness returned (NULL is fine). */
void ss_harness_free(void *ptr);

/* ---- the choice source ------------------------------------------------------------------ */

/*
 * Every random decision of the generator is one ss_choices_draw(c, n) returning a value in
 * [0, n). The source records every value it returned, so a run can be replayed exactly and
 * the shrinker can edit the recorded sequence. Smaller values always mean simpler cases; an
 * exhausted replay or byte source returns 0.
 */
typedef struct ss_choices ss_choices;

/* A seeded PRNG (check), a fuzzer's input bytes (not copied: data must outlive *out), or a
 * recorded sequence to replay (copied). */
int ss_choices_new_rng(ss_choices **out, uint64_t seed);
int ss_choices_new_bytes(ss_choices **out, const uint8_t *data, size_t size);
int ss_choices_new_replay(ss_choices **out, const uint64_t *values, size_t count);
/* A value in [0, n); n <= 1 is not a decision: 0, neither drawn nor recorded. */
uint64_t ss_choices_draw(ss_choices *c, uint64_t n);
/* The values drawn so far (owned by c); *count receives their number. */
const uint64_t *ss_choices_values(const ss_choices *c, size_t *count);
void ss_choices_free(ss_choices *c);

/* ---- cases ------------------------------------------------------------------------------ */

enum {
	SS_CASE_STRATEGY_BOTH = -1 /* run scratch-db and prefix and check P4 */
};

/* The caller's transaction when the sync starts (ss_case_config.caller_txn). */
typedef enum ss_caller_txn {
	SS_CALLER_AUTOCOMMIT = 0, /* none: the engine's own BEGIN IMMEDIATE / COMMIT */
	SS_CALLER_BEGIN,          /* BEGIN, and a SAVEPOINT txn hook (as a real caller would) */
	SS_CALLER_SAVEPOINT       /* SAVEPOINT, and a SAVEPOINT txn hook */
} ss_caller_txn;

/* A case's `-- config:` (SPEC §7 plus the extensions in harness/README.md). */
typedef struct ss_case_config {
	int strategy;       /* an ss_strategy value, or SS_CASE_STRATEGY_BOTH */
	int foreign_keys;   /* PRAGMA foreign_keys of the live connection */
	ss_profile profile; /* the durable-object profile implies foreign keys on */
	int allow_destructive;
	int properties_only;                /* replay checks the properties, not -- output: */
	const char *const *excluded_tables; /* NULL: the engine's default list */
	size_t excluded_count;
	const char *engine; /* the engine a campaign found the case with (NULL: none) */
	/* An empty desired schema is meant (ss_options.allow_empty): a case states its desired
	 * schema explicitly, so 1 unless the config says "allowEmpty": false. */
	int allow_empty;
	/* the caller's connection (P10 checks it is as it was after every sync) */
	int caller_txn;         /* an ss_caller_txn value (default profile only) */
	int defer_foreign_keys; /* PRAGMA defer_foreign_keys=ON in the caller's transaction */
	int attached;           /* a database of the caller's is attached (caller_aux) */
	int authorizer;         /* the caller's own (counting) authorizer is installed */
	int attach_limit;       /* SQLITE_LIMIT_ATTACHED is reached: no ATTACH possible */
	/* the engine's size thresholds (ss_options, when the engine has them); 0: default */
	unsigned rename_min_rows;
	unsigned alter_copy_min_objects;
	/* PRAGMA case_sensitive_like=ON on the caller's connection (replay only for now: the
	 * generator does not draw it while corpus/case-sensitive-like-fts5.sql is known
	 * failing) */
	int case_sensitive_like;
} ss_case_config;

#define SS_CASE_CONFIG_INIT                                                                        \
	{                                                                                          \
		SS_CASE_STRATEGY_BOTH, 0, SS_PROFILE_DEFAULT, 1, 0, NULL, 0, NULL, 1, 0, 0, 0, 0,  \
			0, 0, 0, 0                                                                 \
	}

/* What a case-file region holds. */
typedef struct ss_case_spec {
	const char *name;
	const char *baseline;      /* SQL building the live database */
	const char *rows;          /* SQL inserting rows (NULL: none) */
	const char *desired;       /* the definitions */
	const char *expect_output; /* -- output: (NULL: not given; "": <empty>) */
	const char *expect_error;  /* -- error: (NULL: not given; "": any message) */
	ss_case_config config;
} ss_case_spec;

#define SS_CASE_SPEC_INIT                                                                          \
	{                                                                                          \
		NULL, NULL, NULL, NULL, NULL, NULL, SS_CASE_CONFIG_INIT                            \
	}

/* One sync case (opaque): parsed from a case file, generated, or made from a spec. */
typedef struct ss_case ss_case;

typedef enum ss_case_part {
	SS_CASE_BASELINE,
	SS_CASE_ROWS,
	SS_CASE_DESIRED,
	SS_CASE_OUTPUT, /* NULL when not given */
	SS_CASE_ERROR   /* NULL when not given */
} ss_case_part;

/* A case from a spec (every text copied). */
int ss_case_new(ss_case **out, const ss_case_spec *spec);
const char *ss_case_name(const ss_case *c);
/* One of the case's texts: never NULL for baseline, rows and desired ("" when empty). */
const char *ss_case_text(const ss_case *c, ss_case_part part);
const ss_case_config *ss_case_get_config(const ss_case *c);
/* The file the case came from (NULL when none) and, through line, its line there. */
const char *ss_case_source(const ss_case *c, int *line);
void ss_case_free(ss_case *c);

/*
 * The case as a case-file region: "-- #region: name", each line of comment as "-- ...",
 * "-- config: {...}", the sections, "-- #endregion". Free with ss_harness_free.
 */
char *ss_case_format(const ss_case *c, const char *comment);

/* The generator's labels: what a case exercises ("feature:strict", "change:add-column"). */
#define SS_LABEL_MAX 192 /* ss_label_count() never exceeds it */
int ss_label_count(void);
const char *ss_label_name(int label);
/* Non-zero when the generator gave c the label (parsed cases have none). */
int ss_case_has_label(const ss_case *c, int label);

/* ---- the generator ---------------------------------------------------------------------- */

enum {
	SS_GEN_DRAWN = -1 /* ss_gen_options.foreign_keys / profile: drawn by the generator */
};

typedef struct ss_gen_options {
	unsigned max_tables; /* 1-6; default 4 */
	int strategy;        /* as ss_case_config.strategy; default SS_CASE_STRATEGY_BOTH */
	int foreign_keys;    /* 0, 1 or SS_GEN_DRAWN */
	int profile;         /* an ss_profile value or SS_GEN_DRAWN */
	/* Engines under test (ss_engine.h): labels no case may get (bit i: ss_label_name(i)).
	 * The generator steers every draw to what is left instead of discarding cases; all
	 * zero: every label. */
	uint64_t deny[(SS_LABEL_MAX + 63) / 64];
	/* The declared column types to draw, matched ASCII case-insensitively against the
	 * generator's vocabulary; NULL: every type. */
	const char *const *types;
	size_t ntypes;
} ss_gen_options;

#define SS_GEN_OPTIONS_INIT                                                                        \
	{                                                                                          \
		4, SS_CASE_STRATEGY_BOTH, SS_GEN_DRAWN, SS_GEN_DRAWN, {0}, NULL, 0                 \
	}

/*
 * Generate one case from the choice source (opts NULL: the defaults): a baseline schema, rows
 * SQLite accepts for it, and a desired schema one to three changes away. The same choices
 * always give the same case. SS_E_INVALID (and *out NULL) when SQLite rejects the generated
 * baseline: such a case is discarded and counted.
 */
int ss_case_generate(ss_case **out, ss_choices *choices, const ss_gen_options *opts, ss_error *err);

/* ---- running a case against the properties ------------------------------------------------ */

enum {
	SS_P1 = 1,
	SS_P2,
	SS_P3,
	SS_P4,
	SS_P5,
	SS_P6,
	SS_P7,
	SS_P8,
	SS_P9,
	SS_P10,
	SS_POUT, /* -- output: / -- error: mismatch (replay only) */
	SS_PROP_COUNT
};
/* "P1" ... "P10", "output"; "?" for anything else. */
const char *ss_property_name(int property);

typedef struct ss_run_options {
	int compare_output; /* also check -- output: / -- error: (replay) */
	ss_engine *engine;  /* sync through this engine's adapter (NULL: the reference engine) */
	int focus;          /* engines: only whether this property fails first matters (shrinking):
			     * the run may stop at the first violation; 0: check everything */
	/* a violation that matches a known engine bug (ss_known_bug_*) is recorded apart
	 * (ss_case_result.known), not as a violation (check) */
	int known_apart;
} ss_run_options;

#define SS_RUN_OPTIONS_INIT                                                                        \
	{                                                                                          \
		0, NULL, 0, 0                                                                      \
	}

typedef struct ss_case_result {
	int violated;      /* the first violated property, 0 when every check held */
	unsigned checked;  /* bit p: property p was checked */
	unsigned failed;   /* bit p: property p failed */
	int synced_ok;     /* the (first) sync succeeded */
	char *plan_sql;    /* the (first) plan as SQL, or NULL */
	char *error;       /* the (first) sync's error message, or NULL */
	char detail[2048]; /* what the first violation saw */
	/* engines: the first violation's signature (property and normalized difference), and
	 * "D1 differs-from-reference", which is not a violation */
	char signature[256];
	int differs;
	char differs_signature[256];
	char differs_detail[1024];
	/* with known_apart: bit k, known engine bug k was hit (not counted in failed) */
	unsigned known;
} ss_case_result;

/*
 * Known engine bugs: violations the harness found in the real engine that another engineer
 * fixes; each has its shrunk case in corpus/ (listed in corpus/known-failing.txt). A
 * campaign reports them apart, so they neither fail it nor mask a new violation of the same
 * property. Each is recognized by its property and two texts of the violation's detail.
 */
#define SS_KNOWN_BUG_MAX 16
int ss_known_bug_count(void);
/* The corpus case file of known bug k ("check-seed-S-P10.sql") and what the engine does. */
const char *ss_known_bug_file(int k);
const char *ss_known_bug_what(int k);
/* The known bug a violation of property with this detail is, or -1. */
int ss_known_bug_match(int property, const char *detail);

/*
 * Sync the case (both strategies unless its config names one, under its profile) and check
 * every applicable property (opts NULL: the defaults). Violations are results, not errors:
 * the call returns 0 whenever the case ran. SS_E_INVALID when the case cannot be set up
 * (its baseline, rows or desired schema alone does not build in SQLite); such a case proves
 * nothing and is discarded.
 */
int ss_case_run(ss_case_result **out, const ss_case *c, const ss_run_options *opts, ss_error *err);
void ss_case_result_free(ss_case_result *r);

/* ---- shrinking ---------------------------------------------------------------------------- */

typedef struct ss_shrink_options {
	ss_gen_options gen;    /* what the failing sequence was generated with */
	int property;          /* the property that must keep failing */
	unsigned max_runs;     /* runs allowed (ss_choices_shrink: 0 means 2000) */
	ss_engine *engine;     /* rerun through this engine (NULL: the reference engine) ... */
	const char *signature; /* ... and keep this signature too (NULL: any) */
	double max_seconds;    /* stop after this long (0: no limit) */
} ss_shrink_options;

#define SS_SHRINK_OPTIONS_INIT                                                                     \
	{                                                                                          \
		SS_GEN_OPTIONS_INIT, SS_P1, 0, NULL, NULL, 0                                       \
	}

/*
 * First stage: shrink a failing choice sequence (the values failing drew): truncate, delete,
 * zero and halve blocks of choices, regenerate and rerun; keep an edit when the property
 * still fails. *out receives the smallest sequence found as a recording: ss_choices_values
 * gives it, ss_choices_new_replay regenerates its case.
 */
int ss_choices_shrink(ss_choices **out, const ss_choices *failing, const ss_shrink_options *opts,
		      ss_error *err);

/*
 * Second stage, on the case text: drop statements of rows, desired and baseline (and pairs
 * of identical statements from baseline and desired at once) while the property still
 * fails. *out receives the smaller case. SS_E_MISUSE when c does not fail the property.
 */
int ss_case_shrink(ss_case **out, const ss_case *c, const ss_shrink_options *opts, ss_error *err);

/* ---- case files (SPEC §7) ------------------------------------------------------------------ */

typedef struct ss_casefile ss_casefile;

/*
 * Parse the text of a case file (filename names it in messages and in ss_case_source).
 * SS_E_INVALID with "file:line: ..." on a malformed directive or config. Config keys:
 * allowDestructive, strategy, profile, foreignKeys, propertiesOnly, excludedTables, engine.
 */
int ss_casefile_parse(ss_casefile **out, const char *text, const char *filename, ss_error *err);
size_t ss_casefile_count(const ss_casefile *f);
/* The i-th case (owned by f). */
const ss_case *ss_casefile_case(const ss_casefile *f, size_t i);
void ss_casefile_free(ss_casefile *f);

/* ---- oracles -------------------------------------------------------------------------------- */

/*
 * The harness' own SQL normalizer (its own tokenizer, not the engine's): comments and
 * whitespace dropped, tokens joined by one space, identifiers unquoted and lowercased
 * (ASCII), keywords lowercased, string literals kept. Free with ss_harness_free.
 */
char *ss_oracle_normalize_sql(const char *sql);
/*
 * P1's canonical text dump of schema main of db, from PRAGMA output and normalized
 * sqlite_schema text only. Excluded tables (and their triggers and indexes) are left out;
 * excluded == NULL means the engine's default list. Free with ss_harness_free.
 */
char *ss_oracle_dump_schema(sqlite3 *db, const char *const *excluded, size_t excluded_count);
/* Every object of main (raw sqlite_schema) and every row of every table, rowids included.
 * Free with ss_harness_free. */
char *ss_oracle_dump_full(sqlite3 *db);
/* The first differing line of two dumps, "line N: expected <want> got <got>", into out. */
void ss_oracle_diff(char *out, size_t len, const char *got, const char *want);

/* ---- the check campaign ------------------------------------------------------------------- */

#define SS_CHECK_MAX_JOBS 64

/* Totals of a campaign (also the running totals given to on_progress). */
typedef struct ss_check_report {
	uint64_t seed;
	int jobs;              /* worker processes (never more than cases) */
	double seconds;        /* wall time so far */
	long cases;            /* cases generated */
	long invalid;          /* discarded: baseline or desired does not build */
	long synced_ok;        /* cases whose (first) sync succeeded */
	long violations;       /* confirmed violations */
	long flaky;            /* violations that did not reproduce (not counted) */
	long lost;             /* cases that crashed or hung their worker */
	int crashed;           /* cases or workers that crashed or hung */
	double shrink_seconds; /* worker time spent shrinking */
	long checked[SS_PROP_COUNT], failed[SS_PROP_COUNT];
	long labels[SS_LABEL_MAX]; /* cases per generator label */
	/* The first confirmed violation: campaign time when its case started, and its case
	 * index + 1 (the case seeds from the start up to it); 0 / 0 when there was none. */
	double first_violation_seconds;
	long first_violation_cases;
	long known[SS_KNOWN_BUG_MAX]; /* cases per known engine bug (not violations) */
} ss_check_report;

typedef enum ss_check_event_kind {
	SS_CHECK_STARTED,     /* options: the effective options (jobs clamped to cases) */
	SS_CHECK_VIOLATION,   /* confirmed (property, seed, detail); shrinking and writing follow */
	SS_CHECK_FLAKY,       /* property, seed, detail: did not reproduce, not counted */
	SS_CHECK_REPEATED,    /* property, seed, detail: seen before in this worker, not shrunk */
	SS_CHECK_WRITTEN,     /* path: the case file written for the last violation or loss */
	SS_CHECK_NOT_WRITTEN, /* path, detail: why it could not be written */
	SS_CHECK_LOST,        /* seed, detail ("crash: signal 6 (Aborted)", "timeout: ...") */
	SS_CHECK_WORKER_DIED, /* worker, status: a worker died between cases */
	SS_CHECK_WORKER_HUNG, /* worker: killed, the campaign's time ran out long ago */
	SS_CHECK_FORK_FAILED  /* detail: a replacement worker could not be started */
} ss_check_event_kind;

struct ss_check_options;

typedef struct ss_check_event {
	ss_check_event_kind kind;
	const struct ss_check_options *options;
	uint64_t seed;
	int property;
	const char *detail;
	const char *path;
	int worker, status;
	long index; /* SS_CHECK_LOST: the case's index in the campaign */
} ss_check_event;

typedef struct ss_check_options {
	/* the campaign's start seed: case i runs case seed ss_check_case_seed(seed, i); with
	 * one_case, seed is itself a case seed and that case alone runs */
	uint64_t seed;
	long cases;           /* > 0: run this many cases; 0: run for seconds */
	double seconds;       /* default 10 */
	int jobs;             /* worker processes, 1 to SS_CHECK_MAX_JOBS */
	const char *out_dir;  /* where violations are written; default "check-failures" */
	ss_gen_options gen;   /* max_tables, strategy, foreign_keys, profile */
	unsigned shrink_runs; /* default 1500 */
	double case_timeout;  /* seconds before a case counts as hung; default 60 */
	/* for tests: a worker crashes (abort) or hangs at this case index; -1: never */
	long test_crash_at, test_hang_at;
	/* Called in the worker processes and the parent as things happen (may be NULL). */
	void (*on_event)(void *ctx, const ss_check_event *event);
	/* Called in the parent every 200 ms with the running totals (may be NULL). */
	void (*on_progress)(void *ctx, const ss_check_report *so_far);
	void *ctx;
	/* Engines under test: cases are drawn from its capabilities (gen must hold
	 * ss_engine_gen_options), synced through its adapter, deduplicated by signature (one
	 * shrink per signature across the workers) and counted in it (ss_engine.h). */
	ss_engine *engine;
	double shrink_seconds; /* engines: time allowed per shrink (0: 60) */
	/* > 0: stop after this many confirmed violations (workers finish the case, shrinking and
	 * writing included, and start no other); 0: run all cases / seconds */
	long max_violations;
	int one_case; /* seed is a case seed (--case-seed): run that one case */
	/* --shard K/N: this campaign runs only the case indexes i with i mod N == K, so N
	 * campaigns of one seed (a CI matrix) split its cases without overlap; --cases is the
	 * total over all shards. shard_count 0 or 1: no sharding. */
	long shard_index, shard_count;
} ss_check_options;

#define SS_CHECK_OPTIONS_INIT                                                                      \
	{                                                                                          \
		0, 0, 10, 1, "check-failures", SS_GEN_OPTIONS_INIT, 1500, 60, -1, -1, NULL, NULL,  \
			NULL, NULL, 0, 0, 0, 0, 0                                                  \
	}

/*
 * The seed of case index of a campaign started at seed: SplitMix64 of the mixed start seed
 * plus the index, so campaigns from neighbouring start seeds run unrelated cases. A case
 * seed is what `schemasync check --case-seed S` runs alone.
 */
uint64_t ss_check_case_seed(uint64_t seed, long index);
/*
 * The command that reruns case seed S alone with the generator options of opts
 * ("schemasync check --case-seed S --max-tables 4 ..."), into buf.
 */
void ss_check_case_command(char *buf, size_t len, const ss_check_options *opts, uint64_t seed);

/*
 * Run a campaign in opts->jobs forked workers. Each violation is confirmed by a rerun,
 * shrunk (choice sequence, then statements; at most once per property per worker) and
 * written to out_dir/check-seed-S-Pn.sql; a case that crashes or hangs its worker is written
 * unshrunk as check-seed-S-lost.sql and a new worker carries on. Returns 0 when the campaign
 * ran (*out: its totals; violations and losses are counted there), SS_E_MISUSE for bad
 * options, SS_E_SYSTEM when the workers could not be started.
 */
int ss_check_run(ss_check_report **out, const ss_check_options *opts, ss_error *err);
void ss_check_report_free(ss_check_report *report);

/* ---- the corpus replay --------------------------------------------------------------------- */

typedef enum ss_replay_event_kind {
	SS_REPLAY_BAD_PATH,     /* path, detail: a named path cannot be read (its load fails) */
	SS_REPLAY_CASE_STARTED, /* where: a case starts (in the worker running it) */
	SS_REPLAY_CASE_DONE,    /* where: it returned */
	SS_REPLAY_FAILED,     /* where, what ("P1".."P9", "output", "setup", "load", ...), detail */
	SS_REPLAY_WORKER_DIED /* worker, status: its remaining cases count as failed */
} ss_replay_event_kind;

typedef struct ss_replay_event {
	ss_replay_event_kind kind;
	const char *where; /* "file:line region-name", or "file (file)" for a file */
	const char *what;
	const char *detail;
	const char *path;
	int worker, status;
} ss_replay_event;

typedef struct ss_replay_options {
	int properties_only; /* check the properties only, never -- output: */
	int jobs;            /* worker processes, 1 to 64 */
	int fail_one;        /* report the first case as failed (CI proves it notices) */
	/* also run the files that a known-failing.txt beside them lists (known engine bugs);
	 * by default they are skipped and counted */
	int include_known_failing;
	/* Called as things happen, in the worker running the case (may be NULL). */
	void (*on_event)(void *ctx, const ss_replay_event *event);
	void *ctx;
	ss_engine *engine; /* replay through this engine (NULL: the reference engine) */
} ss_replay_options;

#define SS_REPLAY_OPTIONS_INIT                                                                     \
	{                                                                                          \
		0, 1, 0, 0, NULL, NULL, NULL                                                       \
	}

typedef struct ss_replay_report {
	long passed, failed;
	long skipped; /* cases skipped: listed in a known-failing.txt */
} ss_replay_report;

/*
 * Replay the case files named by paths (folders recursively, *.sql, in name order): every
 * case is run with ss_case_run, comparing -- output: / -- error: unless properties_only or
 * the case's propertiesOnly. A case listed in the known-failing.txt of its folder (one
 * entry per line: a file name, or "name:LINE" for the case whose region starts on LINE, then
 * the reason; '#' starts a comment) is a known engine bug: skipped and counted unless
 * include_known_failing. Returns 0 when the cases ran (*out: the counts), SS_E_MISUSE
 * when the paths hold no case file, SS_E_SYSTEM when the workers could not be set up.
 */
int ss_replay_run(ss_replay_report **out, const char *const *paths, size_t npaths,
		  const ss_replay_options *opts, ss_error *err);
void ss_replay_report_free(ss_replay_report *report);

#ifdef __cplusplus
}
#endif
#endif
