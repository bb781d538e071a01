/* SPDX-License-Identifier: MIT */
/*
 * The properties about the engine's answers, judged from what the public API returned:
 * P2 idempotent (a definitions text that differs from the baseline only in formatting plans
 * nothing; a second plan after the sync plans nothing), P4 strategies agree (same outcome,
 * byte-identical plans, identical databases), P7 durable-object profile (scratch-db fails,
 * auto picks prefix), and a case file's -- output: / -- error: (compared line by line after
 * trimming).
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sh_oracle_p2_formatting(sh_judge *x, size_t count, const char *plan_sql)
{
	sh_checked(x, SS_P2);
	if (x->c->same_model && count)
		sh_violate(x, SS_P2,
			   "the definitions differ from the baseline only in formatting, "
			   "but the plan has %zu statements: %.300s",
			   count, plan_sql ? plan_sql : "");
}

void sh_oracle_p2_again(sh_judge *x, int rc, const ss_plan *again, const char *message)
{
	if (rc != SS_OK) {
		sh_violate(x, SS_P2, "second plan failed: %s", message);
	} else if (ss_plan_count(again)) {
		char *sql = ss_plan_to_sql(again);
		sh_violate(x, SS_P2, "second sync plans %zu statements: %.400s",
			   ss_plan_count(again), sql);
		ss_free(sql);
	}
}

/* The first statement (with its reason comment) in which two plans differ, whole: a
 * statement spans lines, and its first line rarely says what differs. */
static void plan_diff(char *out, size_t len, const char *got, const char *want)
{
	sh_strv g = {0}, w = {0};
	sh_split_sql(&g, got);
	sh_split_sql(&w, want);
	size_t i = 0;
	while (i < g.n && i < w.n && !strcmp(g.v[i], w.v[i]))
		i++;
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "statement %zu: expected <%.450s> got <%.450s>", i + 1,
		      i < w.n ? w.v[i] : "(none)", i < g.n ? g.v[i] : "(none)");
	for (char *c = b.data; *c; c++)
		if (*c == '\n')
			*c = ' '; /* one line, like every detail */
	snprintf(out, len, "%s", b.data);
	sh_buf_free(&b);
	sh_strv_free(&g);
	sh_strv_free(&w);
}

/*
 * Do two full dumps differ by more than the clock? A default such as CURRENT_TIMESTAMP is
 * filled when each strategy's copy runs, which may be a second apart: benign, when the
 * case's definitions read the clock at all and the dumps agree once dates and times of day
 * are masked.
 */
static int dumps_differ(const sh_judge *x, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 0;
	if (!sh_case_reads_clock(x->c))
		return 1;
	char *ma = sh_strdup(a), *mb = sh_strdup(b);
	sh_dump_mask_clock(ma);
	sh_dump_mask_clock(mb);
	int differ = strcmp(ma, mb) != 0;
	free(ma);
	free(mb);
	return differ;
}

void sh_oracle_p4_agree(sh_judge *x, const sh_run_out *a, const sh_run_out *b)
{
	char d[1200];
	sh_checked(x, SS_P4);
	if ((a->rc == SS_OK) != (b->rc == SS_OK) || a->rc != b->rc) {
		sh_violate(x, SS_P4, "scratch-db returned %s, prefix %s", ss_error_name(a->rc),
			   ss_error_name(b->rc));
	} else if (a->rc == SS_OK && strcmp(a->plan ? a->plan : "", b->plan ? b->plan : "")) {
		char twice[200];
		plan_diff(d, sizeof(d), b->plan ? b->plan : "", a->plan ? a->plan : "");
		sh_defined_twice(x, twice, sizeof(twice));
		sh_violate(x, SS_P4, "plans differ (scratch-db expected, prefix got): %s%s", d,
			   twice);
	} else if (a->full && b->full && dumps_differ(x, a->full, b->full)) {
		ss_oracle_diff(d, sizeof(d), b->full, a->full);
		sh_violate(x, SS_P4, "resulting databases differ: %s", d);
	}
}

void sh_oracle_p7_install(sh_judge *x, const char *message)
{
	sh_violate(x, SS_P7, "ss_durable_object_install failed: %s", message);
}

void sh_oracle_p7_profile(sh_judge *x, int strategy, int rc, int strategy_used)
{
	if (strategy == SS_STRATEGY_SCRATCH_DB) {
		sh_checked(x, SS_P7);
		if (rc == SS_OK)
			sh_violate(x, SS_P7,
				   "scratch-db under the durable-object profile succeeded");
	}
	if (rc == SS_OK && strategy == SS_STRATEGY_AUTO) {
		sh_checked(x, SS_P7);
		if (strategy_used != SS_STRATEGY_PREFIX)
			sh_violate(x, SS_P7, "auto under the profile picked %s, not prefix",
				   ss_strategy_name((ss_strategy)strategy_used));
	}
}

/*
 * What the profile must deny to user SQL (workerd's authorizer): opening a transaction or a
 * savepoint of its own (only transactionSync() may), and writing or creating a reserved
 * _cf_ table. Each is only prepared, never stepped: the authorizer decides while SQLite
 * prepares, so a probe changes nothing.
 */
static const char *const p7_denied[] = {
	"SAVEPOINT sh_user_savepoint",
	"BEGIN",
	"INSERT INTO _cf_KV (key, value) VALUES ('sh_probe', 1)",
	"DELETE FROM _cf_METADATA",
	"CREATE TABLE _cf_sh_probe (x)",
};

/* Is sql allowed on db (does it prepare)? */
static int p7_prepares(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_finalize(st);
	return rc == SQLITE_OK;
}

void sh_oracle_p7_strict(sh_judge *x, sqlite3 *live, int rc)
{
	sh_checked(x, SS_P7);
	for (size_t i = 0; i < sizeof(p7_denied) / sizeof(p7_denied[0]); i++) {
		if (!p7_prepares(live, p7_denied[i]))
			continue;
		/* the rule itself: denied on a fresh connection with the profile installed (else
		 * the probe proves nothing about the sync) */
		sqlite3 *fresh = sh_open_memory();
		ss_error err = {0};
		int denied = ss_durable_object_install(fresh, &err) == SS_OK &&
			     !p7_prepares(fresh, p7_denied[i]);
		sqlite3_close(fresh);
		if (denied) {
			sh_violate(x, SS_P7,
				   "the profile's authorizer no longer denies user SQL after the "
				   "sync (%s): \"%s\" is allowed",
				   rc == SS_OK ? "it succeeded" : "it failed", p7_denied[i]);
			return;
		}
	}
}

/* s without blank lines and with every line trimmed. */
static char *trimmed_lines(const char *s)
{
	sh_buf b;
	sh_buf_init(&b);
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		const char *a = s, *e = s + n;
		while (a < e && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > a) {
			sh_buf_add(&b, a, (size_t)(e - a));
			sh_buf_addc(&b, '\n');
		}
		s += n;
		if (*s)
			s++;
	}
	return sh_buf_take(&b);
}

static void expected_error(sh_judge *x, int rc, const char *message)
{
	const char *want = x->c->expect_error;
	sh_checked(x, SS_POUT);
	if (rc == SS_OK)
		sh_violate(x, SS_POUT, "expected error \"%s\" but the sync succeeded", want);
	else if (!strstr(message, want))
		sh_violate(x, SS_POUT, "expected error \"%s\", got \"%s\"", want, message);
}

static void expected_output(sh_judge *x, int rc, const char *message, const char *plan_sql)
{
	sh_checked(x, SS_POUT);
	if (rc != SS_OK) {
		sh_violate(x, SS_POUT, "expected a plan but the sync failed: %s", message);
		return;
	}
	char *want = trimmed_lines(x->c->expect_output);
	char *got = trimmed_lines(plan_sql);
	if (strcmp(want, got)) {
		char msg[600];
		ss_oracle_diff(msg, sizeof(msg), got, want);
		sh_violate(x, SS_POUT, "plan differs from -- output: %s", msg);
	}
	free(want);
	free(got);
}

void sh_oracle_output(sh_judge *x, int strategy, int profile, int rc, const char *message,
		      const char *plan_sql)
{
	const ss_case *c = x->c;
	/* scratch-db under the profile fails by design unless the case asked for it */
	if (!x->compare_output || c->config.properties_only ||
	    (profile && strategy == SS_STRATEGY_SCRATCH_DB && c->config.strategy != strategy))
		return;
	if (c->expect_error)
		expected_error(x, rc, message);
	else if (c->expect_output)
		expected_output(x, rc, message, plan_sql);
}
