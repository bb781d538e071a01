/* SPDX-License-Identifier: MIT */
/*
 * Engines under test, inside the harness: the engine (descriptor, capabilities, this
 * process's adapter connection, the campaign's shared counters and distinct failures), one
 * sync request and its reply, and the parts that use them:
 *
 *   adapter.c         descriptors and capabilities (ss_engine_open, generator masks)
 *   adapter_client.c  the protocol's transports: jsonl (one adapter per process, timeouts,
 *                     restarts) and command (one process per sync)
 *   runner_engine.c   one case through the engine, judged by the oracles (oracle.h)
 *   signature.c       signatures of failures: the property and the normalized difference
 *   check_engine.c    the check worker for an engine: dedup by signature, shrink through
 *                     the adapter, case files naming the engine
 *   engine_report.c   the campaign report (Markdown, JSON)
 */
#ifndef SS_HARNESS_ADAPTER_H
#define SS_HARNESS_ADAPTER_H

#include "harness_internal.h"
#include "ss_engine.h"

#include <stdatomic.h>
#include <sys/types.h>

/* ---- replies ------------------------------------------------------------------------------- */

/* What a sync came back as: success, a protocol error kind, or a transport failure. */
enum {
	SH_OK = 0,
	SH_REFUSED,
	SH_DESTRUCTIVE,
	SH_CONSTRAINT,
	SH_INVALID,
	SH_UNSUPPORTED,
	SH_BUSY,
	SH_INTERNAL,
	SH_TIMEOUT, /* transport failures: the adapter was killed or died */
	SH_CRASHED,
	SH_PROTOCOL,
	SH_NKINDS
};
/* "ok", "refused", ..., "timeout", "crashed", "protocol". */
const char *sh_kind_name(int kind);
/* The engine's SS_E_* code closest to a kind (what the oracles' messages name). */
int sh_kind_code(int kind);
static inline int sh_kind_transport(int kind)
{
	return kind >= SH_TIMEOUT;
}

typedef struct sh_sync_req {
	const char *db;          /* absolute path of the live database (no connection open) */
	const char *definitions; /* SQL text */
	int strategy;            /* ss_strategy */
	int allow_destructive, foreign_keys, profile, dry_run;
	int allow_empty;             /* an empty desired schema is meant (ss_options.allow_empty) */
	const char *const *excluded; /* NULL: the engine's default list */
	size_t nexcluded;
} sh_sync_req;

typedef struct sh_sync_reply {
	int kind;          /* SH_OK, or why it failed */
	char *message;     /* failures: the adapter's message (+ its stderr for transport ones) */
	sh_strv plan;      /* the statements, when the engine reported them */
	int has_plan;      /* the reply carried a plan (possibly empty) */
	long applied;      /* failures: statements that took effect (-1: not said) */
	int strategy_used; /* ss_strategy the engine reported, -1: not said */
} sh_sync_reply;

void sh_sync_reply_free(sh_sync_reply *r);
/* The plan as text, one statement per line ended by ';' ("" when none). */
char *sh_sync_reply_plan_text(const sh_sync_reply *r);

/* ---- the engine ---------------------------------------------------------------------------- */

enum { SH_JSONL = 1, SH_COMMAND = 2 };

#define SH_MAX_SIGS 512

/* One distinct failure in shared memory: claimed by the first worker that sees it. */
typedef struct sh_sig {
	_Atomic uint64_t hash; /* 0: a free slot */
	atomic_long count;
	atomic_int state;     /* ss_engine_failure.state */
	atomic_int confirmed; /* a rerun failed the same way: to be shrunk */
	atomic_int taken;     /* a worker is shrinking (or has written) it */
	int property;
	uint64_t seed;
	long choices_from, choices_to;
	char text[256];
	char detail[1024];
	char path[512];
} sh_sig;

/* The campaign's counters, shared by its processes (MAP_SHARED, set up by ss_engine_open). */
typedef struct sh_eshared {
	atomic_long requests, request_us, hellos, restarts, timeouts, crashes, protocol;
	atomic_long synced, failed, by_kind[8], unclaimed, differs, overflow;
	atomic_int stopped;
	char stop_message[512];
	sh_sig sigs[SH_MAX_SIGS];
} sh_eshared;

struct ss_engine {
	/* the descriptor */
	char *spec, *path, *here, *build, *name, *setup;
	int transport;
	sh_strv argv;    /* command (jsonl) or template (command), {here} {build} expanded */
	sh_strv env;     /* KEY=VALUE */
	char *caps_json; /* the capabilities object, unformatted (hello must send the same) */
	/* the capabilities */
	uint64_t deny[(SS_LABEL_MAX + 63) / 64];
	sh_strv types;  /* empty: any */
	int strategies; /* bit ss_strategy */
	int profiles;   /* bit ss_profile */
	int transactional, foreign_keys, refuses_destructive;
	ss_engine_options opts;
	/* hello */
	char *hello_name, *hello_version;
	/* this process's adapter (a forked child starts its own: owner says whose it is) */
	pid_t owner;
	pid_t pid;
	int to_fd, from_fd, log_fd;
	sh_buf rbuf;
	long next_id;
	char *dir, *log_path;
	/* this process's cache of what the engine builds on an empty database (P1) */
	struct sh_empty_cache *empty;
	sh_eshared *sh;
};

/* Send one sync (starting the adapter, with hello, when this process has none). 0, or
 * SS_E_SYSTEM when no adapter can be started (hello failed three times in a row: the run
 * stops; e->sh->stopped is set). */
int sh_engine_sync(ss_engine *e, const sh_sync_req *rq, sh_sync_reply *rp);
/* This process's case folder (created on first use). */
const char *sh_engine_dir(ss_engine *e);
/* Close what a forked child inherited from its parent's adapter. */
void sh_engine_adopt(ss_engine *e);
/* Is label l one the engine claims? */
int sh_engine_label_ok(const ss_engine *e, int label);
int sh_engine_strategy_ok(const ss_engine *e, int strategy);
int sh_engine_profile_ok(const ss_engine *e, int profile);

/* Count a failure with this property and signature in the shared table; *is_new: this call
 * claimed it (the caller then shrinks and writes it). NULL when the table is full. */
sh_sig *sh_engine_sig_claim(ss_engine *e, int property, const char *signature, uint64_t seed,
			    const char *detail, int *is_new);

/* ---- the runner (runner_engine.c) and signatures (signature.c) ------------------------------ */

/* Free this process's cache of empty-database builds. */
void sh_engine_empty_free(ss_engine *e);
/* ss_case_run through opts->engine. */
int sh_engine_case_run(ss_case_result **out, const ss_case *c, const ss_run_options *opts,
		       ss_error *err);
/* Does a run of c through e fail property first, with this signature (NULL: any)? */
int sh_engine_case_fails(ss_engine *e, const ss_case *c, int property, const char *signature);

/* The signature of a failure: "P1 schema: column differs in type", "P5 internal INSERT:
 * changed: expected <table> got <table __new_·>", ... from the property, the detail an
 * oracle wrote and the names of the case's schemas (normalized to "·"). */
void sh_signature(char *out, size_t len, const char *prefix, const char *detail,
		  const sh_strv *names);
/* prefix, the shape of a failure message (kind, statement, SQLite's phrase) and suffix. */
void sh_signature_failure(char *out, size_t len, const char *prefix, const char *message,
			  const char *suffix, const sh_strv *names);
/* The names (tables, columns, indexes, views, triggers) of db's schema, lowercased. */
void sh_schema_names(sh_strv *names, sqlite3 *db);
/* Text with the case's names, strings and numbers normalized away. */
char *sh_normalize_message(const char *text, const sh_strv *names);

/* The check worker for an engine (check_engine.c); as sh_check_worker. */
struct sh_wstats;
void sh_engine_check_worker(const ss_check_options *o, int id, struct sh_wstats *w, double t0,
			    long first_j);
/* How long after the campaign's time the parent lets an engine's workers go on (shrinking). */
double sh_engine_check_grace(const ss_check_options *o);

#endif
