/* SPDX-License-Identifier: MIT */
/*
 * schemasync-adapter: the reference engine behind the engine adapter protocol (docs/ENGINES.md,
 * protocol 1, transport "jsonl"). Reads one JSON request per line on stdin and writes one
 * JSON reply per line on stdout; nothing else ever goes to stdout. Uses only the public API
 * (schemasync.h) and cJSON.
 *
 *   schemasync-adapter            serve requests until {"op":"bye"} or end of input
 */
#include "schemasync.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE ((size_t)512 << 20)
#define MAX_EXCLUDED 64

/* Read one line (without its newline) into *buf; returns its length, or -1 at end of input
 * (or on a line longer than MAX_LINE, or out of memory). */
static long read_line(char **buf, size_t *cap)
{
	size_t len = 0;
	int ch;

	while ((ch = getchar()) != EOF) {
		if (len + 2 > *cap) {
			size_t ncap = *cap ? *cap * 2 : 65536;
			char *nb;

			if (ncap > MAX_LINE)
				return -1;
			nb = realloc(*buf, ncap);
			if (!nb)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
		if (ch == '\n')
			break;
		(*buf)[len++] = (char)ch;
	}
	if (ch == EOF && len == 0)
		return -1;
	(*buf)[len] = '\0';
	return (long)len;
}

/* Print reply as one line and free it. */
static void send_reply(cJSON *reply)
{
	char *text = reply ? cJSON_PrintUnformatted(reply) : NULL;

	if (text) {
		fputs(text, stdout);
		fputc('\n', stdout);
		cJSON_free(text);
	} else {
		fputs("{\"id\":null,\"ok\":false,\"error\":{\"kind\":\"internal\",\"message\":\"out of "
		      "memory\"}}\n",
		      stdout);
	}
	fflush(stdout);
	cJSON_Delete(reply);
}

static cJSON *new_reply(const cJSON *req, int ok)
{
	cJSON *reply = cJSON_CreateObject();
	const cJSON *id = req ? cJSON_GetObjectItemCaseSensitive(req, "id") : NULL;

	if (!reply)
		return NULL;
	cJSON_AddItemToObject(reply, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	cJSON_AddBoolToObject(reply, "ok", ok);
	return reply;
}

static cJSON *error_reply(const cJSON *req, const char *kind, const char *message)
{
	cJSON *reply = new_reply(req, 0);
	cJSON *error = reply ? cJSON_AddObjectToObject(reply, "error") : NULL;

	if (error) {
		cJSON_AddStringToObject(error, "kind", kind);
		cJSON_AddStringToObject(error, "message", message);
	}
	return reply;
}

/* The protocol's error kind for an engine error. */
static const char *error_kind(int code, const char *message)
{
	switch (code) {
	case SS_E_REFUSED:
		return "refused";
	case SS_E_DESTRUCTIVE:
		return "destructive";
	case SS_E_CONSTRAINT:
		return "constraint";
	case SS_E_INVALID:
		return "invalid";
	case SS_E_UNSUPPORTED:
		return "unsupported";
	case SS_E_SQLITE:
		if (strstr(message, "database is locked") || strstr(message, "table is locked") ||
		    strstr(message, "database is busy"))
			return "busy";
		return "internal";
	default:
		return "internal";
	}
}

static cJSON *string_array(const char *const *items, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
	return a;
}

static cJSON *hello(const cJSON *req)
{
	static const char *const all[] = {"*"};
	static const char *const strategies[] = {"auto", "scratch-db", "prefix"};
	static const char *const profiles[] = {"default", "durable-object"};
	const cJSON *proto = cJSON_GetObjectItemCaseSensitive(req, "protocol");
	cJSON *reply, *caps;

	if (cJSON_IsNumber(proto) && proto->valuedouble != 1)
		return error_reply(req, "unsupported", "this adapter speaks protocol 1");
	reply = new_reply(req, 1);
	if (!reply)
		return NULL;
	cJSON_AddNumberToObject(reply, "protocol", 1);
	cJSON_AddStringToObject(reply, "name", "schemasync");
	cJSON_AddStringToObject(reply, "version", SS_VERSION);
	caps = cJSON_AddObjectToObject(reply, "capabilities");
	if (caps) {
		cJSON_AddItemToObject(caps, "features", string_array(all, 1));
		cJSON_AddItemToObject(caps, "changes", string_array(all, 1));
		cJSON_AddItemToObject(caps, "names", string_array(all, 1));
		cJSON_AddItemToObject(caps, "strategies", string_array(strategies, 3));
		cJSON_AddItemToObject(caps, "profiles", string_array(profiles, 2));
		cJSON_AddBoolToObject(caps, "transactional", 1);
		cJSON_AddBoolToObject(caps, "foreignKeys", 1);
		cJSON_AddBoolToObject(caps, "refusesDestructive", 1);
	}
	return reply;
}

/* Fetch an optional option; returns 0 when absent or well-typed, -1 (with reply set) else. */
static int opt_bool(const cJSON *o, const char *name, int *out)
{
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return -1;
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 0;
}

static int opt_string(const cJSON *o, const char *name, const char **out)
{
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	*out = v->valuestring;
	return 0;
}

static void add_plan(cJSON *reply, const ss_plan *plan)
{
	cJSON *stmts, *reasons;
	size_t i, n = ss_plan_count(plan);

	cJSON_AddStringToObject(reply, "strategy", ss_strategy_name(ss_plan_strategy(plan)));
	stmts = cJSON_AddArrayToObject(reply, "plan");
	reasons = cJSON_AddArrayToObject(reply, "reasons");
	for (i = 0; stmts && reasons && i < n; i++) {
		const char *reason = ss_plan_reason(plan, i);

		cJSON_AddItemToArray(stmts, cJSON_CreateString(ss_plan_statement(plan, i)));
		cJSON_AddItemToArray(reasons, cJSON_CreateString(reason ? reason : ""));
	}
}

static cJSON *do_sync(const cJSON *req)
{
	const cJSON *dbv = cJSON_GetObjectItemCaseSensitive(req, "db");
	const cJSON *defs = cJSON_GetObjectItemCaseSensitive(req, "definitions");
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(req, "options");
	const cJSON *excl = o ? cJSON_GetObjectItemCaseSensitive(o, "excludedTables") : NULL;
	const char *strategy = "auto", *profile = "default", *excluded[MAX_EXCLUDED];
	int allow_destructive = 1, allow_empty = 0, foreign_keys = 1, dry_run = 0, rc,
	    installed = 0;
	ss_options opts = SS_OPTIONS_INIT;
	ss_error err;
	ss_plan *plan = NULL;
	sqlite3 *db = NULL;
	cJSON *reply;

	memset(&err, 0, sizeof(err));
	if (!cJSON_IsString(dbv) || !cJSON_IsString(defs))
		return error_reply(req, "invalid", "sync needs \"db\" and \"definitions\" strings");
	if ((o && !cJSON_IsObject(o)) || opt_bool(o, "allowDestructive", &allow_destructive) < 0 ||
	    opt_bool(o, "allowEmpty", &allow_empty) < 0 ||
	    opt_bool(o, "foreignKeys", &foreign_keys) < 0 || opt_bool(o, "dryRun", &dry_run) < 0 ||
	    opt_string(o, "strategy", &strategy) < 0 || opt_string(o, "profile", &profile) < 0)
		return error_reply(req, "invalid", "an option has the wrong type");

	if (strcmp(strategy, "auto") == 0)
		opts.strategy = SS_STRATEGY_AUTO;
	else if (strcmp(strategy, "scratch-db") == 0)
		opts.strategy = SS_STRATEGY_SCRATCH_DB;
	else if (strcmp(strategy, "prefix") == 0)
		opts.strategy = SS_STRATEGY_PREFIX;
	else
		return error_reply(req, "unsupported", "unknown strategy");
	if (strcmp(profile, "default") == 0)
		opts.profile = SS_PROFILE_DEFAULT;
	else if (strcmp(profile, "durable-object") == 0)
		opts.profile = SS_PROFILE_DURABLE_OBJECT;
	else
		return error_reply(req, "unsupported", "unknown profile");
	opts.allow_destructive = allow_destructive;
	opts.allow_empty = allow_empty;
	if (excl && !cJSON_IsNull(excl)) {
		const cJSON *it;
		size_t n = 0;

		if (!cJSON_IsArray(excl))
			return error_reply(req, "invalid", "excludedTables must be an array");
		cJSON_ArrayForEach(it, excl)
		{
			if (!cJSON_IsString(it) || n == MAX_EXCLUDED)
				return error_reply(req, "invalid",
						   "excludedTables: at most 64 strings");
			excluded[n++] = it->valuestring;
		}
		opts.excluded_tables = excluded;
		opts.excluded_count = n;
	}

	if (sqlite3_open_v2(dbv->valuestring, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err.message, sizeof(err.message), "cannot open %s: %s", dbv->valuestring,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return error_reply(req, "invalid", err.message);
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);

	if (opts.profile == SS_PROFILE_DURABLE_OBJECT) {
		rc = ss_durable_object_install(db, &err);
		if (rc != SS_OK)
			goto out;
		installed = 1;
		opts.txn = ss_durable_object_txn_hook();
	}
	if (sqlite3_exec(db, foreign_keys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
			 NULL, NULL, NULL) != SQLITE_OK) {
		err.code = rc = SS_E_SQLITE;
		snprintf(err.message, sizeof(err.message), "PRAGMA foreign_keys: %s",
			 sqlite3_errmsg(db));
		goto out;
	}
	if (dry_run)
		rc = ss_plan_create(&plan, db, defs->valuestring, &opts, &err);
	else
		rc = ss_sync(&plan, db, defs->valuestring, &opts, &err);
	if (rc == SS_OK && !plan) {
		err.code = rc = SS_E_MISUSE;
		snprintf(err.message, sizeof(err.message), "the engine returned no plan");
	}
out:
	if (installed)
		ss_durable_object_uninstall(db);
	if (rc == SS_OK) {
		reply = new_reply(req, 1);
	} else {
		reply = error_reply(req, error_kind(rc, err.message), err.message);
		if (reply) {
			cJSON *error = cJSON_GetObjectItemCaseSensitive(reply, "error");

			cJSON_AddStringToObject(error, "code", ss_error_name(rc));
		}
	}
	if (reply && plan)
		add_plan(reply, plan);
	ss_plan_free(plan);
	if (sqlite3_close(db) != SQLITE_OK && reply && rc == SS_OK) {
		cJSON_Delete(reply);
		reply = error_reply(req, "internal", "closing the database failed");
	}
	return reply;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	long n;

	while ((n = read_line(&line, &cap)) >= 0) {
		cJSON *req, *op;
		const char *name;

		if (n == 0)
			continue;
		req = cJSON_Parse(line);
		if (!cJSON_IsObject(req)) {
			send_reply(error_reply(NULL, "invalid", "a request is one JSON object"));
			cJSON_Delete(req);
			continue;
		}
		op = cJSON_GetObjectItemCaseSensitive(req, "op");
		name = cJSON_IsString(op) ? op->valuestring : "";
		if (strcmp(name, "bye") == 0) {
			cJSON_Delete(req);
			break;
		}
		if (strcmp(name, "hello") == 0)
			send_reply(hello(req));
		else if (strcmp(name, "sync") == 0)
			send_reply(do_sync(req));
		else
			send_reply(error_reply(req, "invalid", "unknown op"));
		cJSON_Delete(req);
	}
	free(line);
	return 0;
}
