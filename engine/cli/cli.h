/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of the schemasync command-line tool. The CLI uses only the public API
 * (schemasync.h); it is the one place that prints and exits. stdout carries only SQL (or
 * JSON with --json) so it can be piped; every message goes to stderr.
 */
#ifndef SS_CLI_H
#define SS_CLI_H

#include <stdio.h>

/* Exit codes. */
enum {
	CLI_EXIT_OK = 0,   /* success */
	CLI_EXIT_FAIL = 1, /* the sync, diff, inspect or check failed */
	CLI_EXIT_USAGE = 2 /* bad command line */
};

/* Each subcommand gets argv[0] = its own name ("sync", "diff", ...). */
int cli_sync_main(int argc, char **argv);
int cli_diff_main(int argc, char **argv);
int cli_inspect_main(int argc, char **argv);

/* The usage text. */
void cli_usage(FILE *f);

/* "schemasync: <message>\n" to stderr. */
void cli_err(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#endif
