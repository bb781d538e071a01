/* SPDX-License-Identifier: MIT */
/*
 * The durable-object profile: make a plain SQLite connection behave like Cloudflare Durable
 * Object storage, so a sync can be run and tested on a laptop exactly as it would run inside
 * a Durable Object (or Miniflare). It installs an authorizer that follows workerd's
 * SqliteDatabase::isAuthorized / isAuthorizedTemp and SqlStorageRegulator rules (read from
 * the public workerd source; see docs SPEC-durable-object.md), workerd's sqlite3_limit
 * values, foreign keys on and defensive mode on, and creates the internal _cf_KV and
 * _cf_METADATA tables a real Durable Object database holds (in a database that lives in
 * memory only: a database file is never written by the profile). It also emulates
 * transactionSync(): a savepoint the authorizer lets through because the profile itself runs
 * it, while the same statement from user SQL is denied.
 *
 * Per-connection state lives in a small static registry keyed by the sqlite3 handle
 * (sqlite3_set_clientdata only exists from SQLite 3.44). The registry has no lock: install,
 * uninstall and the hook must be called from one thread, which is how the engine, the CLI
 * and the harness use a connection anyway. Call ss_durable_object_uninstall before
 * sqlite3_close, or the state leaks and a later connection at the same address would
 * inherit it.
 *
 * Known gap: ALTER TABLE ... RENAME TO: stock SQLite reports SQLITE_ALTER_TABLE with the
 * schema and the old table name only; the new name is never shown to an authorizer (it only
 * appears as a literal inside SQLite's nested UPDATE of sqlite_schema). workerd checks the
 * target with a patched SQLite; this profile cannot, so renaming a table to a _cf_ name is
 * allowed here (the table is then unreachable, as it would be in a Durable Object).
 */
#include "internal.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ---- per-connection state ------------------------------------------------------------- */

typedef struct do_state {
	sqlite3 *db;
	/* Non-zero only while the profile prepares and steps its own savepoint statements:
	 * workerd's TRUSTED regulator. */
	int trusted;
	/* Open transactionSync() savepoints; the next one is _cf_sync_savepoint_<depth>. */
	int depth;
	/* The depth of the savepoint that opened the connection's transaction (it began in
	 * autocommit mode), or -1: rolling that one back is a ROLLBACK, which leaves a database
	 * file untouched (ROLLBACK TO and RELEASE would commit an empty transaction and still
	 * bump the file's change counter). */
	int txn_depth;
	struct do_state *next;
} do_state;

/* Single-threaded by contract (see the top of the file). */
static do_state *g_states;

static do_state *state_find(sqlite3 *db)
{
	for (do_state *s = g_states; s != NULL; s = s->next) {
		if (s->db == db)
			return s;
	}
	return NULL;
}

int ss__durable_object_installed(sqlite3 *db)
{
	return db != NULL && state_find(db) != NULL;
}

static void state_remove(sqlite3 *db)
{
	for (do_state **pp = &g_states; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->db == db) {
			do_state *s = *pp;
			*pp = s->next;
			ss_free(s);
			return;
		}
	}
}

/* ---- the rules ------------------------------------------------------------------------ */

/* SqlStorageRegulator::isAllowedName: anything but the reserved _cf_ prefix, compared ASCII
 * case-insensitively (workerd's SQL_RESTRICT_RESERVED_NAMES behaviour). Names starting with
 * sqlite_ are NOT special here: workerd lets user SQL read sqlite_schema and read and write
 * sqlite_sequence, and leaves the rest to SQLite itself (which refuses writes to
 * sqlite_schema on its own, defensive mode or not). A missing name is refused, as
 * workerd's KJ_ASSERT_NONNULL would throw and the throw becomes SQLITE_DENY. */
static int name_allowed(const char *name)
{
	if (name == NULL)
		return 0;
	return ss_strnicmp(name, "_cf_", 4) != 0;
}

/* Functions user SQL may call: workerd's ALLOWED_SQLITE_FUNCTIONS. Compared exactly, as
 * SQLite reports the function's canonical (lower-case) name. Missing on purpose:
 * sqlite_version, sqlite_source_id, sqlite_compileoption_get, sqlite_compileoption_used,
 * sqlite_offset. The sqlite_rename_* and sqlite_drop_column entries are SQLite's own helpers
 * that ALTER TABLE calls from its nested statements. */
static const char *const allowed_functions[] = {
	/* core */
	"abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex",
	"ifnull", "iif", "instr", "last_insert_rowid", "length", "like", "likelihood", "likely",
	"load_extension", "lower", "ltrim", "max_scalar", "min_scalar", "nullif", "octet_length",
	"printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign", "soundex",
	"substr", "substring", "total_changes", "trim", "typeof", "unhex", "unicode", "unlikely",
	"upper", "zeroblob",
	/* date and time */
	"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
	"current_date", "current_time", "current_timestamp",
	/* aggregates */
	"avg", "count", "group_concat", "max", "min", "string_agg", "sum", "total",
	/* window functions */
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
	"first_value", "last_value", "nth_value",
	/* math */
	"acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "cos", "cosh",
	"degrees", "exp", "floor", "ln", "log", "log2", "mod", "pi", "pow", "radians", "sin",
	"sinh", "sqrt", "tan", "tanh", "trunc",
	/* JSON */
	"json", "json_array", "json_array_length", "json_extract", "->", "->>", "json_insert",
	"json_object", "json_patch", "json_remove", "json_replace", "json_set", "json_type",
	"json_valid", "json_quote", "json_group_array", "json_group_object", "json_each",
	"json_tree",
	/* FTS5 auxiliary functions */
	"match", "highlight", "bm25", "snippet",
	/* ALTER TABLE internals */
	"sqlite_rename_column", "sqlite_rename_table", "sqlite_rename_test", "sqlite_drop_column",
	"sqlite_rename_quotefix"};

static int function_allowed(const char *name)
{
	if (name == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(allowed_functions) / sizeof(allowed_functions[0]); i++) {
		if (strcmp(name, allowed_functions[i]) == 0)
			return 1;
	}
	return 0;
}

/* Virtual-table modules a Durable Object offers. workerd checks the module only; a _cf_
 * table name still fails when the module creates its shadow tables. */
static int module_allowed(const char *module)
{
	static const char *const modules[] = {"fts5", "fts5vocab", "rtree", "rtree_i32"};
	if (module == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		if (ss_stricmp(module, modules[i]) == 0)
			return 1;
	}
	return 0;
}

typedef enum pragma_sig {
	PRAGMA_ANY_ARG,        /* table_list */
	PRAGMA_NO_ARG,         /* read only */
	PRAGMA_BOOLEAN,        /* read, or set to a boolean word */
	PRAGMA_OBJECT,         /* an allowed name is required */
	PRAGMA_OPT_OBJECT,     /* nothing, or an allowed name */
	PRAGMA_OPT_INT,        /* nothing, or a 32-bit integer */
	PRAGMA_OPT_UINT_OBJECT /* nothing, an unsigned number, or an allowed name */
} pragma_sig;

static const struct {
	const char *name;
	pragma_sig sig;
} allowed_pragmas[] = {
	{"table_list", PRAGMA_ANY_ARG},
	{"table_info", PRAGMA_OBJECT},
	{"table_xinfo", PRAGMA_OBJECT},
	{"index_info", PRAGMA_OBJECT},
	{"index_list", PRAGMA_OBJECT},
	{"index_xinfo", PRAGMA_OBJECT},
	{"foreign_key_list", PRAGMA_OBJECT},
	{"foreign_key_check", PRAGMA_OPT_OBJECT},
	{"quick_check", PRAGMA_OPT_UINT_OBJECT},
	{"optimize", PRAGMA_OPT_INT},
	{"data_version", PRAGMA_NO_ARG},
	{"page_size", PRAGMA_NO_ARG},
	{"foreign_keys", PRAGMA_BOOLEAN},
	{"defer_foreign_keys", PRAGMA_BOOLEAN},
	{"legacy_alter_table", PRAGMA_BOOLEAN},
	{"case_sensitive_like", PRAGMA_BOOLEAN},
	{"ignore_check_constraints", PRAGMA_BOOLEAN},
	{"recursive_triggers", PRAGMA_BOOLEAN},
	{"reverse_unordered_selects", PRAGMA_BOOLEAN},
};

/* workerd's boolean test, kept as it is: after stripping one pair of matching quotes, the
 * value must START with one of the words (so "10" and "onward" pass there too). SQLite has
 * usually dequoted the value already. */
static int boolean_arg(const char *v)
{
	static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "1", "0"};
	size_t n = strlen(v);
	char buf[64];
	if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
		n -= 2;
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, v + 1, n);
		buf[n] = 0;
		v = buf;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (ss_strnicmp(v, words[i], strlen(words[i])) == 0)
			return 1;
	}
	return 0;
}

/* A whole decimal integer (optional sign when allow_sign) within [min, max]. */
static int integer_arg(const char *v, int allow_sign, long long min, long long max)
{
	const char *p = v;
	int neg = 0;
	long long x = 0;
	if (allow_sign && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (*p == 0)
		return 0;
	for (; *p != 0; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		if (x > (LLONG_MAX - 9) / 10)
			return 0;
		x = x * 10 + (*p - '0');
	}
	if (neg)
		x = -x;
	return x >= min && x <= max;
}

static int pragma_allowed(const char *pragma, const char *arg)
{
	if (pragma == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(allowed_pragmas) / sizeof(allowed_pragmas[0]); i++) {
		if (strcmp(pragma, allowed_pragmas[i].name) != 0)
			continue;
		switch (allowed_pragmas[i].sig) {
		case PRAGMA_ANY_ARG:
			return 1;
		case PRAGMA_NO_ARG:
			return arg == NULL;
		case PRAGMA_BOOLEAN:
			return arg == NULL || boolean_arg(arg);
		case PRAGMA_OBJECT:
			return arg != NULL && name_allowed(arg);
		case PRAGMA_OPT_OBJECT:
			return arg == NULL || name_allowed(arg);
		case PRAGMA_OPT_INT:
			return arg == NULL || integer_arg(arg, 1, INT_MIN, INT_MAX);
		case PRAGMA_OPT_UINT_OBJECT:
			return arg == NULL || integer_arg(arg, 0, 0, UINT_MAX) || name_allowed(arg);
		}
		return 0;
	}
	return 0;
}

/*
 * The authorizer, in workerd's order: database name (temp: READ/UPDATE of an allowed name
 * only; anything but main: denied), then the trusted shortcut (everything but
 * TRANSACTION/SAVEPOINT), then the per-action rules. Everything not named is denied,
 * including action codes newer than this file.
 */
static int do_authorize(void *user, int code, const char *p1, const char *p2, const char *dbname,
			const char *trigger)
{
	const do_state *st = user;
	(void)trigger; /* SqlStorageRegulator::isAllowedTrigger allows every trigger */

	/* SQLite passes the schema as the first argument of these two; workerd swaps it into
	 * place so the database-name rule sees it. */
	if (code == SQLITE_ALTER_TABLE || code == SQLITE_DETACH) {
		const char *schema = p1;
		p1 = p2;
		p2 = dbname;
		dbname = schema;
	}
	if (dbname != NULL) {
		if (strcmp(dbname, "temp") == 0) {
			if ((code == SQLITE_READ || code == SQLITE_UPDATE) && name_allowed(p1))
				return SQLITE_OK;
			return SQLITE_DENY;
		}
		if (strcmp(dbname, "main") != 0)
			return SQLITE_DENY;
	}
	if (st->trusted && code != SQLITE_TRANSACTION && code != SQLITE_SAVEPOINT)
		return SQLITE_OK;

	switch (code) {
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE:
	case SQLITE_ANALYZE: /* PRAGMA optimize analyzes everything, _cf_ tables included */
		return SQLITE_OK;

	case SQLITE_CREATE_TABLE:
	case SQLITE_DROP_TABLE:
	case SQLITE_CREATE_VIEW:
	case SQLITE_DROP_VIEW:
	case SQLITE_INSERT:
	case SQLITE_DELETE:
	case SQLITE_REINDEX:
	case SQLITE_READ:
	case SQLITE_UPDATE:
	case SQLITE_ALTER_TABLE: /* the rename target is not visible: see the top of the file */
		return name_allowed(p1) ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_CREATE_INDEX:
	case SQLITE_DROP_INDEX:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_DROP_TRIGGER:
		return name_allowed(p1) && name_allowed(p2) ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		/* User SQL must use transactionSync(); only the profile's own savepoint passes. */
		return st->trusted ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_PRAGMA:
		return pragma_allowed(p1, p2) ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_FUNCTION:
		return function_allowed(p2) ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		return module_allowed(p2) ? SQLITE_OK : SQLITE_DENY;

	case SQLITE_ATTACH:
	case SQLITE_DETACH:
	case SQLITE_COPY:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_DROP_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_DROP_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_DROP_TEMP_TRIGGER:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_DROP_TEMP_VIEW:
	default:
		return SQLITE_DENY;
	}
}

/* ---- install / uninstall -------------------------------------------------------------- */

/* workerd's setupSecurity() limits, with the length limit of the current release (4 MiB). */
static const struct {
	int id;
	int value;
} do_limits[] = {
	{SQLITE_LIMIT_LENGTH, 4 * 1024 * 1024},
	{SQLITE_LIMIT_SQL_LENGTH, 100000},
	{SQLITE_LIMIT_COLUMN, 100},
	{SQLITE_LIMIT_EXPR_DEPTH, 100},
	{SQLITE_LIMIT_COMPOUND_SELECT, 5},
	{SQLITE_LIMIT_VDBE_OP, 25000},
	{SQLITE_LIMIT_FUNCTION_ARG, 127},
	{SQLITE_LIMIT_ATTACHED, 0},
	{SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50},
	{SQLITE_LIMIT_VARIABLE_NUMBER, 100},
	{SQLITE_LIMIT_TRIGGER_DEPTH, 10},
	{SQLITE_LIMIT_WORKER_THREADS, 0},
};

/* Run one statement of the profile's own, with the trusted flag set while SQLite prepares
 * and steps it (sqlite3_exec does both). */
static int run_own(do_state *st, sqlite3 *db, const char *sql, ss_error *err)
{
	char *msg = NULL;
	int rc;
	if (st != NULL)
		st->trusted = 1;
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
#if SS_PLANT_BUG == SS_BUG_DO_TRUST_LEAKS
	if (st != NULL && rc != SQLITE_OK) /* planted bug: trust withdrawn on failure only */
#else
	if (st != NULL)
#endif
		st->trusted = 0;
	if (rc != SQLITE_OK) {
		int code = rc == SQLITE_NOMEM ? SS_E_NOMEM : SS_E_SQLITE;
		ss__fail(err, code, "durable-object profile: %s: %s", sql,
			 msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

/* Foreign keys on, and checked: SQLite ignores the PRAGMA inside a transaction. */
static int foreign_keys_on(sqlite3 *db, ss_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc = run_own(NULL, db, "PRAGMA foreign_keys = ON", err);
	if (rc != 0)
		return rc;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		rc = ss__fail(err, SS_E_SQLITE, "durable-object profile: PRAGMA foreign_keys: %s",
			      sqlite3_errmsg(db));
	} else if (!sqlite3_column_int(stmt, 0)) {
		rc = ss__fail(
			err, SS_E_MISUSE,
			"durable-object profile: foreign keys cannot be switched on inside an "
			"open transaction; install the profile before BEGIN");
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * The internal tables every Durable Object database holds (an inspector must skip them),
 * created only where the emulation owns the database: one that lives in memory (or in an
 * anonymous temporary file), as the harness and the tests use. A database file is the
 * user's: installing the profile never writes to it (not on a dry run, a refused sync or a
 * sync that changes nothing), and a real Durable Object's file already has them.
 * _cf_EXTERNALS is not created: it only appears with some runtime features.
 */
static int create_internal_tables(sqlite3 *db, ss_error *err)
{
	const char *file = sqlite3_db_filename(db, "main");
	if (file != NULL && file[0] != 0)
		return 0;
	int rc = run_own(NULL, db,
			 "CREATE TABLE IF NOT EXISTS main._cf_KV (key TEXT PRIMARY KEY, value "
			 "BLOB) WITHOUT ROWID",
			 err);
	if (rc != 0)
		return rc;
	return run_own(NULL, db,
		       "CREATE TABLE IF NOT EXISTS main._cf_METADATA (key INTEGER PRIMARY KEY, "
		       "value BLOB)",
		       err);
}

int ss_durable_object_install(sqlite3 *db, ss_error *err)
{
	do_state *st;
	int rc = 0;

	if (db == NULL)
		return ss__fail(err, SS_E_MISUSE, "durable-object profile: no database connection");

	st = state_find(db);
	if (st == NULL) {
		st = ss__calloc(1, sizeof(*st));
		if (st == NULL)
			return ss__fail(err, SS_E_NOMEM, "durable-object profile: out of memory");
		st->db = db;
		st->txn_depth = -1;
		st->next = g_states;
		g_states = st;
	}
	/* A second install re-applies everything; the setup statements below must not meet the
	 * first install's authorizer (CREATE of _cf_ tables would be denied). */
	sqlite3_set_authorizer(db, NULL, NULL);
	st->trusted = 0;

	if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL) != SQLITE_OK) {
		rc = ss__fail(err, SS_E_SQLITE,
			      "durable-object profile: cannot enable defensive mode");
		goto cleanup;
	}
	for (size_t i = 0; i < sizeof(do_limits) / sizeof(do_limits[0]); i++)
		sqlite3_limit(db, do_limits[i].id, do_limits[i].value);
	if ((rc = foreign_keys_on(db, err)) != 0 || (rc = create_internal_tables(db, err)) != 0)
		goto cleanup;
	if (sqlite3_set_authorizer(db, do_authorize, st) != SQLITE_OK)
		rc = ss__fail(err, SS_E_SQLITE,
			      "durable-object profile: sqlite3_set_authorizer: %s",
			      sqlite3_errmsg(db));
cleanup:
	if (rc != 0) {
		/* Leave no authorizer pointing at freed state; settings already applied stay. */
		sqlite3_set_authorizer(db, NULL, NULL);
		state_remove(db);
	}
	return rc;
}

void ss_durable_object_uninstall(sqlite3 *db)
{
	if (db == NULL || state_find(db) == NULL)
		return;
	sqlite3_set_authorizer(db, NULL, NULL);
	state_remove(db);
}

/* ---- the emulated transactionSync() --------------------------------------------------- */

/*
 * begin: SAVEPOINT _cf_sync_savepoint_<depth>, depth counting this connection's open ones
 * (nesting works like transactionSync() inside transactionSync()).
 * commit: RELEASE of the innermost one. If RELEASE fails (a deferred foreign-key violation
 * when it ends the outermost transaction), the savepoint stays open, as a failed COMMIT
 * leaves its transaction open: the caller then calls rollback.
 * rollback: ROLLBACK TO and RELEASE of the innermost one; a no-op when none is open. When
 * the innermost one opened the connection's transaction, a plain ROLLBACK instead: the same
 * result, without committing an empty transaction (which would still write to a file).
 * ctx is unused: the state is looked up by db, so the hook is one static constant.
 */
static int hook_begin(void *ctx, sqlite3 *db, ss_error *err)
{
	do_state *st = state_find(db);
	char sql[64];
	int rc;
	(void)ctx;
	if (st == NULL)
		return ss__fail(err, SS_E_MISUSE,
				"durable-object transaction hook: the profile is not installed on "
				"this connection");
	snprintf(sql, sizeof(sql), "SAVEPOINT _cf_sync_savepoint_%d", st->depth);
	int opens = sqlite3_get_autocommit(db);
	rc = run_own(st, db, sql, err);
	if (rc == 0) {
		if (opens)
			st->txn_depth = st->depth;
		st->depth++;
	}
	return rc;
}

static int hook_commit(void *ctx, sqlite3 *db, ss_error *err)
{
	do_state *st = state_find(db);
	char sql[64];
	int rc;
	(void)ctx;
	if (st == NULL || st->depth == 0)
		return ss__fail(err, SS_E_MISUSE,
				"durable-object transaction hook: commit without begin");
	snprintf(sql, sizeof(sql), "RELEASE _cf_sync_savepoint_%d", st->depth - 1);
	rc = run_own(st, db, sql, err);
	if (rc == 0 && --st->depth == st->txn_depth)
		st->txn_depth = -1;
	return rc;
}

static void hook_rollback(void *ctx, sqlite3 *db)
{
	do_state *st = state_find(db);
	char sql[96];
	(void)ctx;
	if (st == NULL || st->depth == 0)
		return;
#if SS_PLANT_BUG == SS_BUG_DO_ROLLBACK_RELEASES
	/* planted bug: RELEASE "discards" the savepoint, but commits what it holds */
	snprintf(sql, sizeof(sql), "RELEASE _cf_sync_savepoint_%d", st->depth - 1);
	if (st->depth - 1 == st->txn_depth)
		st->txn_depth = -1;
#else
	if (st->depth - 1 == st->txn_depth) {
		/* this savepoint opened the transaction: end it (nothing written to a file) */
		snprintf(sql, sizeof(sql), "ROLLBACK");
		st->txn_depth = -1;
	} else {
		snprintf(sql, sizeof(sql),
			 "ROLLBACK TO _cf_sync_savepoint_%d; RELEASE _cf_sync_savepoint_%d",
			 st->depth - 1, st->depth - 1);
	}
#endif
	/* Nothing to report to: rollback must not fail. If SQLite already rolled the whole
	 * transaction back (an I/O error, SQLITE_FULL), the savepoint is gone as well. A
	 * transient failure (an allocation) is retried: a savepoint left open would hold the
	 * next one's work in an open transaction, uncommitted (found by check --faults oom). */
	for (int attempt = 0; attempt < 3 && !sqlite3_get_autocommit(db); attempt++)
		if (run_own(st, db, sql, NULL) == 0)
			break;
	st->depth--;
}

static const ss_txn_hook do_txn_hook = {hook_begin, hook_commit, hook_rollback, NULL};

const ss_txn_hook *ss_durable_object_txn_hook(void)
{
	return &do_txn_hook;
}
