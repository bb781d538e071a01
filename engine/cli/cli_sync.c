/* SPDX-License-Identifier: MIT */
/*
 * The sync, diff and inspect subcommands. Each parses its arguments, opens the database,
 * calls the public API once and reports: the plan's SQL (exactly ss_plan_to_sql's text) or
 * a JSON object on stdout, every message on stderr.
 *
 * One rule for stdout: it holds a plan only when the command succeeded. A refused or failed
 * sync prints nothing there (with --json, the object says ok:false and carries the plan that
 * was refused, when the engine returned one).
 */
#include "cli.h"

#include "schemasync.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Refuse definitions files larger than this: they are SQL text, not data. */
#define CLI_MAX_DEFINITIONS ((size_t)256 << 20)

/* The parsed command line of sync and diff. */
struct plan_args {
	const char *cmd;         /* "sync" or "diff", for messages */
	const char *db_path;     /* sync: DB */
	const char *definitions; /* sync: --definitions FILE or "-" */
	const char *baseline;    /* diff: BASELINE.sql */
	const char *desired;     /* diff: DESIRED.sql */
	ss_strategy strategy;
	int allow_destructive;
	int allow_empty;
	int dry_run;
	int foreign_keys; /* -1: leave SQLite's default, 0 off, 1 on */
	ss_profile profile;
	int json;
};

/*
 * Match argv[*i] against "--name VALUE" or "--name=VALUE". Returns 1 and sets *value (and
 * advances *i past a separate value), 0 when argv[*i] is another argument, -1 when the value
 * is missing.
 */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_err("option %s needs a value", name);
		return -1;
	}
	*i += 1;
	*value = argv[*i];
	return 1;
}

static int parse_strategy(const char *s, ss_strategy *out)
{
	if (strcmp(s, "auto") == 0)
		*out = SS_STRATEGY_AUTO;
	else if (strcmp(s, "scratch-db") == 0)
		*out = SS_STRATEGY_SCRATCH_DB;
	else if (strcmp(s, "prefix") == 0)
		*out = SS_STRATEGY_PREFIX;
	else {
		cli_err("--strategy must be auto, scratch-db or prefix, not '%s'", s);
		return -1;
	}
	return 0;
}

static int parse_profile(const char *s, ss_profile *out)
{
	if (strcmp(s, "default") == 0)
		*out = SS_PROFILE_DEFAULT;
	else if (strcmp(s, "durable-object") == 0)
		*out = SS_PROFILE_DURABLE_OBJECT;
	else {
		cli_err("--profile must be default or durable-object, not '%s'", s);
		return -1;
	}
	return 0;
}

static int parse_on_off(const char *s, int *out)
{
	if (strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "off") == 0)
		*out = 0;
	else {
		cli_err("--foreign-keys must be on or off, not '%s'", s);
		return -1;
	}
	return 0;
}

static int is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* sync --help and diff --help: the general usage, then what their options mean. */
static void plan_usage(FILE *f)
{
	cli_usage(f);
	fputs("\n"
	      "options of sync and diff:\n"
	      "  --allow-destructive  allow a plan that drops a table, column, index, view or\n"
	      "                       trigger (refused without it, also for --dry-run and diff)\n"
	      "  --allow-empty        accept definitions without any statement (an empty file,\n"
	      "                       only comments, an empty pipe): they mean \"no objects\" and\n"
	      "                       drop every table, so they are refused without it\n"
	      "  --dry-run            (sync) plan only; nothing is written to DB\n"
	      "definitions are limited to CREATE TABLE, INDEX, VIEW and TRIGGER; diff checks\n"
	      "both files that way before running BASELINE.sql (which may be empty).\n",
	      f);
}

/*
 * Parse the arguments of sync (is_sync) or diff into *a. Returns -1 on success, else the
 * exit status to return right away (CLI_EXIT_OK after --help, CLI_EXIT_USAGE on errors).
 */
static int parse_plan_args(struct plan_args *a, int argc, char **argv, int is_sync)
{
	const char *positional[2] = {NULL, NULL};
	int npos = 0, only_positional = 0, i, r;
	const char *v;

	memset(a, 0, sizeof(*a));
	a->cmd = argv[0];
	a->strategy = SS_STRATEGY_AUTO;
	a->foreign_keys = -1;
	a->profile = SS_PROFILE_DEFAULT;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!only_positional && arg[0] == '-' && arg[1] != '\0') {
			if (strcmp(arg, "--") == 0) {
				only_positional = 1;
				continue;
			}
			if (is_help(arg)) {
				plan_usage(stdout);
				return CLI_EXIT_OK;
			}
			if (strcmp(arg, "--allow-destructive") == 0) {
				a->allow_destructive = 1;
				continue;
			}
			if (strcmp(arg, "--allow-empty") == 0) {
				a->allow_empty = 1;
				continue;
			}
			if (strcmp(arg, "--json") == 0) {
				a->json = 1;
				continue;
			}
			if ((r = opt_value(argc, argv, &i, "--strategy", &v)) != 0) {
				if (r < 0 || parse_strategy(v, &a->strategy) < 0)
					return CLI_EXIT_USAGE;
				continue;
			}
			if (is_sync && strcmp(arg, "--dry-run") == 0) {
				a->dry_run = 1;
				continue;
			}
			if (is_sync && (r = opt_value(argc, argv, &i, "--definitions", &v)) != 0) {
				if (r < 0)
					return CLI_EXIT_USAGE;
				a->definitions = v;
				continue;
			}
			if (is_sync && (r = opt_value(argc, argv, &i, "--foreign-keys", &v)) != 0) {
				if (r < 0 || parse_on_off(v, &a->foreign_keys) < 0)
					return CLI_EXIT_USAGE;
				continue;
			}
			if (is_sync && (r = opt_value(argc, argv, &i, "--profile", &v)) != 0) {
				if (r < 0 || parse_profile(v, &a->profile) < 0)
					return CLI_EXIT_USAGE;
				continue;
			}
			cli_err("%s: unknown option '%s'", a->cmd, arg);
			return CLI_EXIT_USAGE;
		}
		if (npos >= (is_sync ? 1 : 2)) {
			cli_err("%s: unexpected argument '%s'", a->cmd, arg);
			return CLI_EXIT_USAGE;
		}
		positional[npos++] = arg;
	}

	if (is_sync) {
		if (npos != 1) {
			cli_err("sync: missing DB (usage: schemasync sync DB --definitions "
				"FILE|-)");
			return CLI_EXIT_USAGE;
		}
		if (!a->definitions) {
			cli_err("sync: missing --definitions FILE|-");
			return CLI_EXIT_USAGE;
		}
		a->db_path = positional[0];
	} else {
		if (npos != 2) {
			cli_err("diff: needs BASELINE.sql and DESIRED.sql");
			return CLI_EXIT_USAGE;
		}
		a->baseline = positional[0];
		a->desired = positional[1];
		a->dry_run = 1;
	}
	return -1;
}

/*
 * Read a whole file ("-" is stdin) into a NUL-terminated string the caller frees. Prints the
 * reason and returns NULL on failure, including a NUL byte inside the text (the API takes a C
 * string, so the rest would be silently ignored).
 */
static char *read_text(const char *path)
{
	FILE *f;
	char *buf = NULL, *tmp;
	size_t len = 0, cap = 0, n;
	int from_stdin = strcmp(path, "-") == 0;

	f = from_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		cli_err("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			if (cap > CLI_MAX_DEFINITIONS + 1) {
				cli_err("%s: larger than %zu bytes", path, CLI_MAX_DEFINITIONS);
				goto fail;
			}
			tmp = realloc(buf, cap);
			if (!tmp) {
				cli_err("out of memory reading %s", path);
				goto fail;
			}
			buf = tmp;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		cli_err("cannot read %s: %s", from_stdin ? "standard input" : path,
			strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		cli_err("%s contains a NUL byte", from_stdin ? "standard input" : path);
		goto fail;
	}
	if (!from_stdin)
		fclose(f);
	return buf;
fail:
	free(buf);
	if (!from_stdin)
		fclose(f);
	return NULL;
}

/* Open path with flags; prints the reason and returns NULL on failure. */
static sqlite3 *open_db(const char *path, int flags)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);

	if (rc != SQLITE_OK) {
		cli_err("cannot open database %s: %s", path,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	/* Wait for a concurrent writer rather than fail at once. */
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The JSON report: see README.md ("--json"). Returns 0, or -1 when it could not be built. */
static int print_json(int rc, const ss_plan *plan, const ss_error *err)
{
	static const char *const phases[] = {"materialize", "inspect", "plan", "apply"};
	cJSON *root, *stmts, *item, *timings, *error;
	char *text;
	size_t i, n = plan ? ss_plan_count(plan) : 0;
	int ok = 0;

	root = cJSON_CreateObject();
	if (!root)
		return -1;
	cJSON_AddBoolToObject(root, "ok", rc == SS_OK);
	if (plan)
		cJSON_AddStringToObject(root, "strategy", ss_strategy_name(ss_plan_strategy(plan)));
	else
		cJSON_AddNullToObject(root, "strategy");
	stmts = cJSON_AddArrayToObject(root, "statements");
	for (i = 0; stmts && i < n; i++) {
		const char *reason = ss_plan_reason(plan, i);

		item = cJSON_CreateObject();
		if (!item || !cJSON_AddItemToArray(stmts, item)) {
			cJSON_Delete(item);
			goto done;
		}
		cJSON_AddStringToObject(item, "sql", ss_plan_statement(plan, i));
		cJSON_AddStringToObject(item, "reason", reason ? reason : "");
		cJSON_AddBoolToObject(item, "destructive", ss_plan_is_destructive(plan, i) != 0);
	}
	if (plan) {
		timings = cJSON_AddObjectToObject(root, "timings_usec");
		for (i = 0; timings && i < sizeof(phases) / sizeof(phases[0]); i++)
			cJSON_AddNumberToObject(timings, phases[i],
						ss_plan_phase_usec(plan, (int)i));
	} else {
		cJSON_AddNullToObject(root, "timings_usec");
	}
	if (rc != SS_OK) {
		error = cJSON_AddObjectToObject(root, "error");
		if (error) {
			cJSON_AddStringToObject(error, "code", ss_error_name(rc));
			cJSON_AddStringToObject(error, "message", err->message);
		}
	} else {
		cJSON_AddNullToObject(root, "error");
	}
	text = cJSON_PrintUnformatted(root);
	if (text) {
		fputs(text, stdout);
		fputc('\n', stdout);
		cJSON_free(text);
		ok = 1;
	}
done:
	cJSON_Delete(root);
	return ok ? 0 : -1;
}

/* Print the outcome; returns the exit status. */
static int report(const struct plan_args *a, int rc, const ss_plan *plan, const ss_error *err)
{
	int status = rc == SS_OK ? CLI_EXIT_OK : CLI_EXIT_FAIL;

	if (a->json) {
		if (print_json(rc, plan, err) < 0) {
			cli_err("out of memory building the JSON report");
			status = CLI_EXIT_FAIL;
		}
	} else if (rc == SS_OK) {
		char *sql = ss_plan_to_sql(plan);

		if (!sql) {
			cli_err("out of memory printing the plan");
			return CLI_EXIT_FAIL;
		}
		fputs(sql, stdout);
		ss_free(sql);
	}

	if (rc != SS_OK) {
		cli_err("%s failed (%s): %s", a->cmd, ss_error_name(rc), err->message);
		if (rc == SS_E_DESTRUCTIVE)
			cli_err("nothing was changed; pass --allow-destructive to allow it");
	} else if (ss_plan_count(plan) == 0) {
		cli_err("%s: already in sync, nothing to do (strategy %s)", a->cmd,
			ss_strategy_name(ss_plan_strategy(plan)));
	} else {
		cli_err("%s: %zu statement%s %s (strategy %s)", a->cmd, ss_plan_count(plan),
			ss_plan_count(plan) == 1 ? "" : "s", a->dry_run ? "planned" : "applied",
			ss_strategy_name(ss_plan_strategy(plan)));
	}

	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_err("cannot write to standard output: %s", strerror(errno));
		status = CLI_EXIT_FAIL;
	}
	return status;
}

/* Plan (dry run) or sync db to definitions; prints the outcome and returns the exit status. */
static int plan_or_sync(const struct plan_args *a, sqlite3 *db, const char *definitions)
{
	ss_options opts = SS_OPTIONS_INIT;
	ss_error err;
	ss_plan *plan = NULL;
	int rc, status, installed = 0;

	memset(&err, 0, sizeof(err));
	opts.strategy = a->strategy;
	opts.allow_destructive = a->allow_destructive;
	opts.allow_empty = a->allow_empty;
	opts.profile = a->profile;

	if (a->profile == SS_PROFILE_DURABLE_OBJECT) {
		rc = ss_durable_object_install(db, &err);
		if (rc != SS_OK)
			goto out;
		installed = 1;
		opts.txn = ss_durable_object_txn_hook();
	}
	if (a->foreign_keys >= 0) {
		const char *sql =
			a->foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF";

		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			err.code = rc = SS_E_SQLITE;
			snprintf(err.message, sizeof(err.message), "%s: %s", sql,
				 sqlite3_errmsg(db));
			goto out;
		}
	}

	if (a->dry_run)
		rc = ss_plan_create(&plan, db, definitions, &opts, &err);
	else
		rc = ss_sync(&plan, db, definitions, &opts, &err);

	/* The destructive guard is the engine's alone: with allow_destructive 0, a dry run
	 * and a sync both come back SS_E_DESTRUCTIVE with the refused plan, so the dry run
	 * answers "would sync refuse this?" by itself. */
	if (rc == SS_OK && !plan) {
		err.code = rc = SS_E_MISUSE;
		snprintf(err.message, sizeof(err.message), "the engine returned no plan");
	}
out:
	if (installed)
		ss_durable_object_uninstall(db);
	status = report(a, rc, plan, &err);
	ss_plan_free(plan);
	return status;
}

int cli_sync_main(int argc, char **argv)
{
	struct plan_args a;
	char *definitions;
	sqlite3 *db;
	int status = parse_plan_args(&a, argc, argv, 1);

	if (status >= 0)
		return status;
	definitions = read_text(a.definitions);
	if (!definitions)
		return CLI_EXIT_FAIL;
	db = open_db(a.db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (!db) {
		free(definitions);
		return CLI_EXIT_FAIL;
	}
	status = plan_or_sync(&a, db, definitions);
	if (sqlite3_close(db) != SQLITE_OK) {
		cli_err("closing %s: %s", a.db_path, sqlite3_errmsg(db));
		status = CLI_EXIT_FAIL;
	}
	free(definitions);
	return status;
}

/* ss_definitions_validate of one file of diff; prints the refusal naming the file. */
static int validate_file(const struct plan_args *a, const char *path, const char *text,
			 int allow_empty)
{
	ss_options opts = SS_OPTIONS_INIT;
	ss_error err;
	int rc;

	opts.strategy = a->strategy;
	opts.profile = a->profile;
	opts.allow_empty = allow_empty;
	rc = ss_definitions_validate(text, &opts, &err);
	if (rc != SS_OK) {
		if (a->json)
			print_json(rc, NULL, &err);
		cli_err("%s: %s is not valid definitions (%s): %s", a->cmd, path, ss_error_name(rc),
			err.message);
		return -1;
	}
	return 0;
}

int cli_diff_main(int argc, char **argv)
{
	struct plan_args a;
	char *baseline = NULL, *desired = NULL, *msg = NULL;
	sqlite3 *db = NULL;
	int status = parse_plan_args(&a, argc, argv, 0);

	if (status >= 0)
		return status;
	if (strcmp(a.baseline, "-") == 0 && strcmp(a.desired, "-") == 0) {
		cli_err("diff: only one of BASELINE and DESIRED can be standard input");
		return CLI_EXIT_USAGE;
	}
	status = CLI_EXIT_FAIL;
	baseline = read_text(a.baseline);
	desired = baseline ? read_text(a.desired) : NULL;
	if (!desired)
		goto out;
	/* Both files are checked as definitions before either is executed: BASELINE runs
	 * with sqlite3_exec, and an ATTACH, DELETE or VACUUM INTO in it would reach other
	 * files. An empty BASELINE is an empty database (nothing to lose). */
	if (validate_file(&a, a.baseline, baseline, 1) != 0 ||
	    validate_file(&a, a.desired, desired, a.allow_empty) != 0)
		goto out;
	db = open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (!db)
		goto out;
	if (sqlite3_exec(db, baseline, NULL, NULL, &msg) != SQLITE_OK) {
		cli_err("diff: running %s failed: %s", a.baseline, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		goto out;
	}
	status = plan_or_sync(&a, db, desired);
out:
	sqlite3_close(db);
	free(baseline);
	free(desired);
	return status;
}

int cli_inspect_main(int argc, char **argv)
{
	const char *path = NULL;
	int json = 0, i, status = CLI_EXIT_FAIL, rc;
	ss_schema *schema = NULL;
	ss_error err;
	char *dump = NULL;
	sqlite3 *db;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			cli_usage(stdout);
			return CLI_EXIT_OK;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_err("inspect: unknown option '%s'", argv[i]);
			return CLI_EXIT_USAGE;
		} else if (path) {
			cli_err("inspect: unexpected argument '%s'", argv[i]);
			return CLI_EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		cli_err("inspect: missing DB (usage: schemasync inspect DB [--json])");
		return CLI_EXIT_USAGE;
	}

	/* Read only: inspecting never creates or changes a database file. */
	db = open_db(path, SQLITE_OPEN_READONLY);
	if (!db)
		return CLI_EXIT_FAIL;
	memset(&err, 0, sizeof(err));
	rc = ss_schema_inspect(&schema, db, "main", &err);
	if (rc != SS_OK) {
		cli_err("inspect failed (%s): %s", ss_error_name(rc), err.message);
		goto out;
	}
	dump = ss_schema_dump(schema);
	if (!dump) {
		cli_err("out of memory dumping the schema");
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateObject();
		char *text = NULL;

		if (root &&
		    cJSON_AddNumberToObject(root, "objects",
					    (double)ss_schema_object_count(schema)) &&
		    cJSON_AddStringToObject(root, "dump", dump))
			text = cJSON_PrintUnformatted(root);
		cJSON_Delete(root);
		if (!text) {
			cli_err("out of memory building the JSON report");
			goto out;
		}
		fputs(text, stdout);
		fputc('\n', stdout);
		cJSON_free(text);
	} else {
		size_t n = strlen(dump);

		fputs(dump, stdout);
		if (n > 0 && dump[n - 1] != '\n')
			fputc('\n', stdout);
	}
	status = CLI_EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_err("cannot write to standard output: %s", strerror(errno));
		status = CLI_EXIT_FAIL;
	}
out:
	ss_free(dump);
	ss_schema_free(schema);
	sqlite3_close(db);
	return status;
}
