/* SPDX-License-Identifier: MIT */
/*
 * The known engine bugs: violations the harness found in the real engine, shrunk into
 * corpus/ (and listed in corpus/known-failing.txt, which the corpus replay skips) while
 * another engineer fixes the engine. A check campaign counts a violation that matches one
 * apart from the violations: it neither fails the campaign nor takes the property's one
 * shrink per worker, so it cannot hide a new bug of the same property (texts match ASCII
 * case-insensitively). Remove an entry (and
 * its line in known-failing.txt) once the engine is fixed: the campaign then reports the
 * bug again if it comes back.
 */
#include "harness_internal.h"

#include <string.h>

typedef struct known_bug {
	int property;
	const char *text1, *text2; /* both occur in the violation's detail */
	const char *file;          /* its case in corpus/ */
	const char *what;
} known_bug;

/* Entries go before the end marker (property 0), which keeps the array non-empty (C11). */
static const known_bug bugs[] = {
	{SS_P10, "the caller's COMMIT failed after the sync failed", "SQL logic error",
	 "corpus/check-seed-10961951141837681752-P10-fts5-commit.sql",
	 "FTS5 table created and written inside the caller's transaction, then the sync fails "
	 "and rolls back to its savepoint: SQLite 3.40's FTS5 then fails the caller's COMMIT"},
	{0, NULL, NULL, NULL, NULL},
};

_Static_assert(sizeof(bugs) / sizeof(bugs[0]) <= SS_KNOWN_BUG_MAX + 1,
	       "SS_KNOWN_BUG_MAX too small");

int ss_known_bug_count(void)
{
	return (int)(sizeof(bugs) / sizeof(bugs[0])) - 1;
}

const char *ss_known_bug_file(int k)
{
	return k >= 0 && k < ss_known_bug_count() ? bugs[k].file : "?";
}

const char *ss_known_bug_what(int k)
{
	return k >= 0 && k < ss_known_bug_count() ? bugs[k].what : "?";
}

/* Does text occur in s, ASCII case aside (plans keep the definitions' keyword case)? */
static int contains(const char *s, const char *text)
{
	size_t n = strlen(text);
	for (; *s; s++)
		if (!sh_strnicmp(s, text, n))
			return 1;
	return 0;
}

int ss_known_bug_match(int property, const char *detail)
{
	for (int k = 0; k < ss_known_bug_count(); k++)
		if (bugs[k].property == property && contains(detail, bugs[k].text1) &&
		    contains(detail, bugs[k].text2))
			return k;
	return -1;
}
