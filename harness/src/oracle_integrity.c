/* SPDX-License-Identifier: MIT */
/*
 * P6 integrity: after a successful sync, integrity_check is ok and foreign_key_check empty
 * (when the rows satisfy the desired foreign keys in the reference). Benign cause ruled out
 * first: SQLite 3.40's integrity_check reports a false "NULL value in t.c" for some WITHOUT
 * ROWID tables; a live message is a violation only when the reference (or, for P5, the
 * pristine database) does not report the same.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is the line of n bytes at s already one of b's lines? */
static int has_line(const sh_buf *b, const char *s, size_t n)
{
	for (const char *l = b->data; l && *l;) {
		size_t m = strcspn(l, "\n");
		if (m == n && !strncmp(l, s, n))
			return 1;
		l += m + (l[m] == '\n');
	}
	return 0;
}

int sh_integrity_ok(sqlite3 *db, char *msg, size_t len)
{
	/* the report's distinct lines, newline-separated, whole lines only (as many as fit in
	 * len): a report repeats one message per row, and a line cut short would never match
	 * the same report of another database (sh_integrity_known) */
	sqlite3_stmt *st = sh_prepare(db, "PRAGMA main.integrity_check");
	int ok = 0, rc;
	sh_buf b;
	sh_buf_init(&b);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && !strcmp(r, "ok"))
			ok = 1;
		r = r ? r : "?";
		if (!has_line(&b, r, strlen(r)) && b.len + strlen(r) + 2 < len)
			sh_buf_printf(&b, "%s\n", r);
	}
	if (!st)
		sh_buf_printf(&b, "integrity_check failed: %.200s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	snprintf(msg, len, "%s", b.data ? b.data : "");
	sh_buf_free(&b);
	return ok;
}

int sh_integrity_known(const char *msg, const char *known)
{
	for (const char *s = msg; *s;) {
		size_t n = strcspn(s, "\n");
		int found = 0;
		for (const char *k = known; *k && !found;) {
			size_t m = strcspn(k, "\n");
			found = m == n && !strncmp(s, k, n);
			k += m;
			if (*k)
				k++;
		}
		if (!found && n)
			return 0;
		s += n;
		if (*s)
			s++;
	}
	return 1;
}

/* Computed on first use only: most cases never need them. */
const char *sh_pristine_integrity(sh_judge *x)
{
	if (!x->pristine_ic[0])
		sh_integrity_ok(x->pristine, x->pristine_ic, sizeof(x->pristine_ic));
	return x->pristine_ic;
}

static const char *ref_ic(sh_judge *x)
{
	if (!x->ref_ic[0] && x->ref)
		sh_integrity_ok(x->ref, x->ref_ic, sizeof(x->ref_ic));
	return x->ref_ic;
}

void sh_oracle_p6_enforced(sh_judge *x)
{
	if (x->fk_check_fail && x->c->config.foreign_keys && !x->fk_dirty)
		sh_violate(x, SS_P6,
			   "sync succeeded with foreign keys enforced although the rows "
			   "violate the desired foreign keys (%s)",
			   x->why);
}

void sh_oracle_p6_integrity(sh_judge *x, sqlite3 *live)
{
	char msg[1024];
	sh_checked(x, SS_P6);
	if (!sh_integrity_ok(live, msg, sizeof(msg)) && !sh_integrity_known(msg, ref_ic(x)) &&
	    !sh_integrity_known(msg, sh_pristine_integrity(x)))
		sh_violate(x, SS_P6, "integrity_check: %s", msg);
	if (!x->fk_ok)
		return;
	sqlite3_stmt *st =
		sh_prepare(live, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		sh_violate(x, SS_P6, "foreign_key_check: row %lld of %s -> %s",
			   (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 0),
			   sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}
