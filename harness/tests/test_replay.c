/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the corpus replay's known-failing list: a case file (or one region of a
 * file, name:LINE) listed in the known-failing.txt beside it is skipped and counted, and
 * runs again with include_known_failing. The failing case is planted through the runner's
 * test hook SS_HARNESS_FAKE_P1 (no engine bug needed).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ss_harness.h"

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static ss_replay_report *replay(const char *dir, int include)
{
	ss_replay_options o = SS_REPLAY_OPTIONS_INIT;
	o.include_known_failing = include;
	ss_replay_report *rep = NULL;
	const char *paths[] = {dir};
	assert_int_equal(ss_replay_run(&rep, paths, 1, &o, NULL), 0);
	return rep;
}

static void test_replay__known_failing_skipped(void **state)
{
	(void)state;
	char dir[] = "/tmp/ss-test-replay-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("SS_HARNESS_FAKE_P1", "planted_failure", 1);
	/* a.sql fails; b.sql has a passing case and, on line 6, a failing one */
	write_file(
		dir, "a.sql",
		"-- baseline:\ncreate table t(x);\n-- desired:\ncreate table planted_failure(x);\n");
	write_file(dir, "b.sql",
		   "-- #region: ok\n-- baseline:\ncreate table t(x);\n-- desired:\ncreate table "
		   "t(x);\n-- #region: bad\n-- baseline:\ncreate table t(x);\n-- desired:\n"
		   "create table planted_failure(x);\n-- #endregion\n");
	ss_replay_report *rep = replay(dir, 0);
	assert_int_equal(rep->failed, 2);
	assert_int_equal(rep->skipped, 0);
	ss_replay_report_free(rep);
	write_file(dir, "known-failing.txt",
		   "# comment\na.sql  planted\nb.sql:6  planted in a region\nb.sql:1x  no such\n");
	rep = replay(dir, 0);
	assert_int_equal(rep->passed, 1);
	assert_int_equal(rep->failed, 0);
	assert_int_equal(rep->skipped, 2);
	ss_replay_report_free(rep);
	rep = replay(dir, 1);
	assert_int_equal(rep->failed, 2);
	assert_int_equal(rep->skipped, 0);
	ss_replay_report_free(rep);
	unsetenv("SS_HARNESS_FAKE_P1");
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay__known_failing_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
