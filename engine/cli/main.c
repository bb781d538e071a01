/* SPDX-License-Identifier: MIT */
/*
 * schemasync command-line tool: dispatch to the subcommands. sync, diff and inspect are
 * always built (cli_sync.c); check and replay come from the harness library and bench from
 * the bench library, when the build found them (SS_HAVE_HARNESS, SS_HAVE_BENCH).
 */
#include "cli.h"

#include "schemasync.h"

#ifdef SS_HAVE_HARNESS
#include "ss_harness.h"
#endif
#ifdef SS_HAVE_BENCH
#include "ss_bench.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

#if !defined(SS_HAVE_HARNESS) || !defined(SS_HAVE_BENCH)
static int not_built(const char *cmd, const char *what)
{
	cli_err("'%s' is not built into this binary (configure the tree with %s)", cmd, what);
	return CLI_EXIT_USAGE;
}
#endif

static int run_check(int argc, char **argv)
{
#ifdef SS_HAVE_HARNESS
	return ss_harness_check_main(argc, argv);
#else
	(void)argc;
	return not_built(argv[0], "harness/");
#endif
}

static int run_replay(int argc, char **argv)
{
#ifdef SS_HAVE_HARNESS
	return ss_harness_replay_main(argc, argv);
#else
	(void)argc;
	return not_built(argv[0], "harness/");
#endif
}

static int run_bench(int argc, char **argv)
{
#ifdef SS_HAVE_BENCH
	return ss_bench_main(argc, argv);
#else
	(void)argc;
	return not_built(argv[0], "bench/ and BUILD_BENCH=ON");
#endif
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} commands[] = {
		{"sync", cli_sync_main}, {"diff", cli_diff_main}, {"inspect", cli_inspect_main},
		{"check", run_check},    {"replay", run_replay},  {"bench", run_bench},
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
	cli_err("unknown command '%s'", cmd);
	cli_usage(stderr);
	return CLI_EXIT_USAGE;
}
