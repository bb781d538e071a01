/* SPDX-License-Identifier: MIT */
/*
 * The scratch-db strategy: attach a fresh in-memory database under a unique name, create
 * the definitions that must be materialized there (names qualified with the scratch
 * schema), inspect it, and detach it again, on success and on every failure path. Nothing
 * is written outside the attached schema. Where ATTACH is forbidden (a Durable Object),
 * this fails with SS_E_UNSUPPORTED and auto falls back to the prefix strategy.
 */
#include "sync.h"

#include <stdio.h>

/* ATTACH ':memory:' under a fresh name (c->scratch). */
static int attach_scratch(sync_ctx *c)
{
	static unsigned counter;
	ss_buf b;
	ss_buf_init(&b);
	snprintf(c->scratch, sizeof(c->scratch), "ss_scratch_%u", ++counter);
	ss_buf_adds(&b, "ATTACH ':memory:' AS ");
	ss_buf_add_ident(&b, c->scratch);
	char *q = ss_buf_detach(&b);
	if (q == NULL)
		return ss__fail(c->err, SS_E_NOMEM, "out of memory");
	int rc = ss__exec1(c->db, q);
	ss_free(q);
	/* only a refusal (an authorizer, the attached-database limit, an open transaction)
	 * means the strategy is not available here; running out of memory or an I/O error is
	 * what it is, and auto must not paper over it by switching strategy */
	if ((rc & 0xff) == SQLITE_NOMEM)
		return ss__fail(
			c->err, SS_E_NOMEM,
			"scratch-db strategy: attaching the scratch database: out of memory");
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_ERROR && (rc & 0xff) != SQLITE_AUTH)
		return ss__fail(c->err, SS_E_SQLITE,
				"scratch-db strategy: attaching the scratch database: %s",
				sqlite3_errmsg(c->db));
	if (rc != SQLITE_OK)
		return ss__fail(
			c->err, SS_E_UNSUPPORTED,
			"scratch-db strategy: cannot attach a scratch database (%s); use the "
			"prefix strategy",
			sqlite3_errmsg(c->db));
	return 0;
}

/* d's statement with its name qualified by the scratch schema. Caller frees. */
static char *scratch_statement(const sync_ctx *c, const def_stmt *d)
{
	ss_buf b;
	ss_buf_init(&b);
	ss_buf_add_ident(&b, c->scratch);
	ss_buf_addc(&b, '.');
	ss_buf_add_ident(&b, d->ci.name);
	char *name = ss_buf_detach(&b);
	/* "ON main.t" resolves to the scratch schema's t only unqualified (as the prefix
	 * strategy's rewrite also drops it) */
	char *target = NULL;
	if (d->ci.target_schema_tok >= 0) {
		ss_buf_add_ident(&b, d->ci.target);
		target = ss_buf_detach(&b);
	}
	char *sql = name && (target || d->ci.target_schema_tok < 0)
			    ? ss_sql_rewrite_names(d->z, d->n, &d->toks, &d->ci, name, target)
			    : NULL;
	ss_free(name);
	ss_free(target);
	return sql;
}

/* Create every definition to materialize in the attached schema, then inspect it. */
static int build_in_scratch(sync_ctx *c, ss_schema **out)
{
	int rc = 0;
	for (size_t i = 0; i < c->ndefs && rc == 0; i++) {
		def_stmt *d = &c->defs[i];
		if (!d->materialize)
			continue;
		char *sql = scratch_statement(c, d);
		if (sql == NULL)
			return ss__fail(c->err, SS_E_NOMEM, "out of memory");
		rc = ss__create_definition(c, d, sql);
		ss_free(sql);
	}
	if (rc == 0) {
		ss_inspect_opts io = {c->scratch,
				      c->prefix,
				      SS_PREFIX_SKIP,
				      c->excluded,
				      c->nexcluded,
				      0,
				      c->opts->profile == SS_PROFILE_DURABLE_OBJECT};
		rc = ss__schema_inspect(out, c->db, &io, c->err);
	}
	return rc;
}

int ss__materialize_scratch_db(sync_ctx *c, ss_schema **out)
{
	/* SQLite attaches inside a transaction but cannot detach there: the scratch database
	 * would stay attached to the caller's connection */
	if (!sqlite3_get_autocommit(c->db))
		return ss__fail(c->err, SS_E_UNSUPPORTED,
				"scratch-db strategy: not available inside an open transaction "
				"(SQLite cannot detach the scratch database there); use prefix or "
				"auto");
	int rc = attach_scratch(c);
	if (rc != 0)
		return rc;
	/* one transaction for all creations: one commit instead of one per statement */
	int in_txn = ss__exec1(c->db, "BEGIN") == SQLITE_OK;
	rc = build_in_scratch(c, out);
	/* the scratch content is thrown away: roll back (nothing to commit) */
	if (in_txn)
		ss__exec_cleanup(c->db, "ROLLBACK");
#if SS_PLANT_BUG == SS_BUG_SCRATCH_LEFT_ATTACHED
	if (rc != 0)
		return rc; /* planted bug: a failed definition returns before the DETACH */
#endif
	/* a fixed buffer: detaching must not depend on an allocation */
	char dq[96];
	snprintf(dq, sizeof(dq), "DETACH \"%s\"", c->scratch);
	int drc = ss__exec_cleanup(c->db, dq);
	if (drc != SQLITE_OK && rc == 0) {
		rc = ss__fail(c->err, SS_E_SQLITE, "detaching the scratch database: %s",
			      sqlite3_errmsg(c->db));
		ss_schema_free(*out);
		*out = NULL;
	}
	return rc;
}
