/* SPDX-License-Identifier: MIT */
/*
 * Engines under test (docs/ENGINES.md): any schema-sync engine behind an adapter, driven by
 * the harness' generator and judged by its oracles. An engine is a descriptor file (or the
 * NAME of one of harness/adapters/, such as "drizzle"), its capabilities (what the generator
 * may draw for it) and a client of the adapter protocol (transport jsonl: one adapter process
 * per harness process, hello / sync / bye, each request under a timeout, a new adapter after
 * a timeout, crash or protocol error; transport command: one process per sync).
 *
 * An ss_engine is opened once, before the campaign forks its workers: each process then
 * starts its own adapter on its first sync (the one that opened it must ss_engine_stop first
 * if it said hello). Counters and the distinct failures of a campaign live in memory shared
 * by those processes, so the parent reads the totals when the workers are done. A process
 * that starts an adapter ignores SIGPIPE (a dead adapter is read as a crash, not a signal).
 * Conventions as in ss_harness.h.
 */
#ifndef SS_ENGINE_H
#define SS_ENGINE_H

#include "ss_harness.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_engine_options {
	double timeout;        /* seconds per request (hello, each sync); default 30 */
	const char *log_dir;   /* adapter stderr into LOG_DIR/adapter-<pid>.log; NULL: temp */
	const char *build_dir; /* {build}; NULL: $SS_BUILD_DIR, else the harness' build tree */
	const char *work_dir;  /* per-process case folders; NULL: /dev/shm, $TMPDIR, /tmp */
} ss_engine_options;

#define SS_ENGINE_OPTIONS_INIT                                                                     \
	{                                                                                          \
		30, NULL, NULL, NULL                                                               \
	}

/*
 * Load the descriptor that engine names (opts NULL: the defaults; its strings are copied): a path (anything with a '/' or ending in .json), or
 * a NAME of harness/adapters/NAME/engine.json (NAME-command: engine-command.json), looked up
 * in $SS_ADAPTERS_DIR, the source tree the harness was built from, and the installed share
 * folder, in that order. Checks protocol, transport, argv and that every label named in the
 * capabilities exists. SS_E_INVALID with a message when not found or malformed. Starts no
 * process.
 */
int ss_engine_open(ss_engine **out, const char *engine, const ss_engine_options *opts,
		   ss_error *err);
/* Start this process's adapter and say hello (jsonl; nothing to do for command): protocol 1,
 * name and version, capabilities equal to the descriptor's. SS_E_SYSTEM when it fails. */
int ss_engine_hello(ss_engine *e, ss_error *err);
/* End this process's adapter (bye; killed when it has not exited 5 s later) and remove its
 * case folder. The next sync starts a new one. */
void ss_engine_stop(ss_engine *e);
void ss_engine_free(ss_engine *e);

const char *ss_engine_spec(const ss_engine *e);      /* what ss_engine_open was given */
const char *ss_engine_path(const ss_engine *e);      /* the descriptor file */
const char *ss_engine_name(const ss_engine *e);      /* hello's name, else the descriptor's */
const char *ss_engine_version(const ss_engine *e);   /* hello's version, "" when none */
const char *ss_engine_transport(const ss_engine *e); /* "jsonl" or "command" */
int ss_engine_transactional(const ss_engine *e);     /* capabilities.transactional */

/* The capabilities as generator options: deny masks over the labels, types, foreign keys,
 * profile and strategy (max_tables is left as it is). */
void ss_engine_gen_options(const ss_engine *e, ss_gen_options *gen);
/* Does the engine claim everything c's labels name? (parsed cases have no labels: yes) */
int ss_engine_claims(const ss_engine *e, const ss_case *c);

/* ---- a campaign's totals (shared by its processes) ------------------------------------------ */

enum {
	SS_ENGINE_D1 = 0 /* ss_engine_failure.property of a "D1 differs-from-reference" */
};

typedef struct ss_engine_stats {
	long requests;          /* sync requests sent */
	double request_seconds; /* their wall time */
	long hellos, restarts;  /* adapter starts; after a timeout, crash or protocol error */
	long timeouts, crashes, protocol_errors;
	long synced, failed;    /* first syncs of a case: succeeded / failed */
	long failed_by_kind[8]; /* refused, destructive, constraint, invalid, unsupported, busy,
				 * internal, transport (timeout, crashed, protocol) */
	long unclaimed;         /* generated cases with an unclaimed label, discarded */
	long differs;           /* cases whose result differs from the reference engine's (D1) */
	int stopped;            /* an adapter could not get through hello three times */
	char stop_message[512];
} ss_engine_stats;

/* The name of failed_by_kind[i]. */
const char *ss_engine_kind_name(int i);
void ss_engine_get_stats(const ss_engine *e, ss_engine_stats *out);

/* One distinct failure: a property and a signature (the normalized first difference, or the
 * error kind and the shape of the failing statement). */
typedef struct ss_engine_failure {
	int property;          /* SS_P1..., or SS_ENGINE_D1 */
	const char *signature; /* "P3 rows: rowid differs", ... */
	long count;            /* cases that failed with it */
	uint64_t seed;         /* the first case seed */
	const char *detail;    /* what the written case shows (else the first case) */
	const char *path;      /* the case file written, "" when none */
	int state;             /* 0 not written (D1, duplicates), 1 written shrunk, 2 written
				* unshrunk, 3 did not reproduce */
	long choices_from, choices_to; /* the shrink */
} ss_engine_failure;

size_t ss_engine_failure_count(const ss_engine *e);
/* The i-th distinct failure (strings owned by e); 0, or SS_E_MISUSE when i is too large. */
int ss_engine_failure_get(const ss_engine *e, size_t i, ss_engine_failure *out);

/* The campaign report as Markdown and as JSON (free with ss_harness_free): engine, figures,
 * failures by property, the distinct failures each with its replay command, D1, labels. */
char *ss_engine_report_markdown(const ss_engine *e, const ss_check_options *o,
				const ss_check_report *t);
char *ss_engine_report_json(const ss_engine *e, const ss_check_options *o,
			    const ss_check_report *t);
/* The command that replays a case file through the engine:
 * "schemasync replay --engine SPEC PATH" (free with ss_harness_free). */
char *ss_engine_replay_command(const ss_engine *e, const char *path);

#ifdef __cplusplus
}
#endif
#endif
