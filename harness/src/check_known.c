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

static const known_bug bugs[] = {
	{SS_P1, "[caller transaction", "foreign key mismatch",
	 "check-seed-3603249215092139678-P1.sql",
	 "inside a caller's transaction with foreign keys on, a parent whose key the child's "
	 "foreign key names is rebuilt before the child: \"foreign key mismatch\" "
	 "(SS_E_SQLITE) instead of success or a clear refusal"},
	{SS_P1, "RENAME TO", "error in trigger", "check-seed-495503638920981052-P1.sql",
	 "a rebuilt table of 1000+ rows is renamed into place while a trigger on another table "
	 "(dropped only later, by that table's own rebuild) still names it: \"error in trigger "
	 "...: no such table\""},
	{SS_P1, "live schema differs from desired",
	 "owid type=", "check-seed-8500901811021478532-P1.sql",
	 "a column named rowid renamed by case (rowid -> Rowid) is not renamed"},
	{SS_P4, "plans differ", "AUTOINCREMENT", "check-seed-8179120965582120457-P4.sql",
	 "a table defined twice (the second with IF NOT EXISTS) with AUTOINCREMENT: prefix plans "
	 "the second statement's text, scratch-db the first (the one SQLite keeps)"},
};

_Static_assert(sizeof(bugs) / sizeof(bugs[0]) <= SS_KNOWN_BUG_MAX, "SS_KNOWN_BUG_MAX too small");

int ss_known_bug_count(void)
{
	return (int)(sizeof(bugs) / sizeof(bugs[0]));
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
