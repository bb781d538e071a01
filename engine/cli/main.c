/* SPDX-License-Identifier: MIT */
/*
 * schemasync command-line tool: dispatch to the subcommands. sync, diff and inspect are
 * built in (cli_sync.c). check, replay and bench are separate executables, git- and
 * cargo-style: `schemasync check ARGS` runs `schemasync-check ARGS` (likewise
 * schemasync-replay, schemasync-bench), looked up first in the directory of this executable
 * (/proc/self/exe, else argv[0]) and then on PATH. The CLI knows only the engine; the
 * harness and the benchmarks are built (and installed) beside it when their folders exist.
 */
#define _DEFAULT_SOURCE
#include "cli.h"

#include "schemasync.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("schemasync: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_usage(FILE *f)
{
	fputs("usage:\n"
	      "  schemasync sync DB --definitions FILE|- [--strategy auto|scratch-db|prefix]\n"
	      "                     [--allow-destructive] [--dry-run] [--foreign-keys on|off]\n"
	      "                     [--profile default|durable-object] [--json]\n"
	      "  schemasync diff BASELINE.sql DESIRED.sql [--allow-destructive]\n"
	      "                     [--strategy auto|scratch-db|prefix] [--json]\n"
	      "  schemasync inspect DB [--json]\n"
	      "  schemasync check [...]    property check campaign (needs the harness)\n"
	      "  schemasync replay [...]   replay corpus case files (needs the harness)\n"
	      "  schemasync bench [...]    benchmarks (needs the bench library)\n"
	      "  schemasync --version | --help\n"
	      "\n"
	      "sync     migrates DB in place to the schema given as CREATE statements, keeping\n"
	      "         every row, in one transaction; prints the applied plan as SQL.\n"
	      "         --dry-run plans without changing anything. Destructive plans (dropping a\n"
	      "         table, column, index, view or trigger) are refused unless\n"
	      "         --allow-destructive is given.\n"
	      "diff     runs BASELINE.sql in an in-memory database and prints the plan to\n"
	      "         DESIRED.sql.\n"
	      "inspect  prints the normalized schema model of DB.\n"
	      "\n"
	      "stdout carries only SQL (or JSON with --json); messages go to stderr.\n"
	      "exit status: 0 success, 1 failed sync/diff/inspect/check, 2 usage error.\n",
	      f);
}

/*
 * The directory of this executable into dir ("" when unknown): /proc/self/exe, else the
 * directory part of argv[0] when it names a path.
 */
static void self_dir(char *dir, size_t len, const char *argv0)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0)
		self[n] = 0;
	else
		snprintf(self, sizeof(self), "%s", strchr(argv0, '/') ? argv0 : "");
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	else
		self[0] = 0;
	snprintf(dir, len, "%s", slash && self[0] == 0 ? "/" : self);
}

/*
 * Run `schemasync-<cmd>` with argv[1..] as its arguments, in place of this process (exec),
 * so its output and exit status are the command's own. Returns only when no helper was
 * found (or it could not be executed): exit status 2 with a "not built" message.
 */
static int run_helper(const char *argv0, int argc, char **argv, const char *build_hint)
{
	char name[64], dir[PATH_MAX], path[PATH_MAX + 64];
	snprintf(name, sizeof(name), "schemasync-%s", argv[0]);
	char **args = calloc((size_t)argc + 1, sizeof(char *));
	if (args == NULL) {
		cli_err("out of memory");
		return CLI_EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	self_dir(dir, sizeof(dir), argv0);
	if (dir[0]) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		args[0] = path;
		if (access(path, X_OK) == 0)
			execv(path, args);
	}
	args[0] = name;
	execvp(name, args);
	int e = errno;
	free(args);
	if (e == ENOENT)
		cli_err("'%s' is not built or not installed: %s is neither in %s nor on PATH (%s)",
			argv[0], name, dir[0] ? dir : "the directory of schemasync", build_hint);
	else
		cli_err("'%s': cannot run %s: %s", argv[0], name, strerror(e));
	return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} commands[] = {
		{"sync", cli_sync_main},
		{"diff", cli_diff_main},
		{"inspect", cli_inspect_main},
	};
	/* the separate executables, and what builds them */
	static const struct {
		const char *name, *hint;
	} helpers[] = {
		{"check", "build the tree with harness/"},
		{"replay", "build the tree with harness/"},
		{"bench", "build the tree with bench/ and BUILD_BENCH=ON"},
	};
	const char *cmd;
	size_t i;

	if (argc < 2) {
		cli_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("schemasync %s (SQLite %s)\n", SS_VERSION, sqlite3_libversion());
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		cli_usage(stdout);
		return CLI_EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	}
	for (i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		if (strcmp(cmd, helpers[i].name) == 0)
			return run_helper(argv[0], argc - 1, argv + 1, helpers[i].hint);
	}
	cli_err("unknown command '%s'", cmd);
	cli_usage(stderr);
	return CLI_EXIT_USAGE;
}
