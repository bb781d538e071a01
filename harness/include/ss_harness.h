/* SPDX-License-Identifier: MIT */
/*
 * ss_harness: the property-based test harness of schemasync. It generates pairs of schemas
 * (baseline + rows, desired) from one choice source, syncs each pair by both strategies,
 * checks properties P1-P9 of SPEC §5 with oracles that do not reuse the engine's inspector,
 * shrinks failures to minimal cases and reads / writes the case files of SPEC §7.
 *
 * The CLI calls ss_harness_check_main and ss_harness_replay_main; fuzz targets call
 * ss_gen_case_from_bytes and ss_run_case. Everything returned through **out belongs to the
 * caller and has a _free that accepts NULL.
 */
#ifndef SS_HARNESS_H
#define SS_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the choice source ------------------------------------------------------------------ */

/*
 * Every random decision of the generator is one call ss_choice(c, n) returning a value in
 * [0, n). The source records every value it returned, so a run can be replayed exactly and
 * the shrinker can edit the recorded sequence. Smaller values always mean simpler cases;
 * an exhausted replay or byte source returns 0.
 */
typedef struct ss_choices ss_choices;

ss_choices *ss_choices_new_rng(uint64_t seed);
ss_choices *ss_choices_new_bytes(const uint8_t *data, size_t size);
ss_choices *ss_choices_new_replay(const uint64_t *values, size_t count);
uint64_t ss_choice(ss_choices *c, uint64_t n);
/* The values drawn so far (owned by c). */
const uint64_t *ss_choices_values(const ss_choices *c, size_t *count);
void ss_choices_free(ss_choices *c);

/* ---- cases ------------------------------------------------------------------------------ */

enum {
	SS_CASE_STRATEGY_BOTH = -1 /* run scratch-db and prefix and check P4 */
};

/* One sync case: what a case file region holds, or what the generator made. */
typedef struct ss_case {
	char *name;     /* region name */
	char *baseline; /* SQL building the live database */
	char *rows;     /* SQL inserting rows (may be "") */
	char *desired;  /* the definitions */
	int strategy;   /* ss_strategy value or SS_CASE_STRATEGY_BOTH */
	int fk;         /* PRAGMA foreign_keys of the live connection */
	int profile;    /* ss_profile value */
	int allow_destructive;
	int properties_only; /* do not compare -- output: */
	char **excluded;     /* NULL: the engine's default list */
	size_t excluded_count;
	char *expect_output; /* NULL: not given; "" for <empty> */
	char *expect_error;  /* NULL: not given */
	int rejectable;      /* generator: rows may violate the desired schema */
	int same_model;      /* generator: desired equals baseline up to formatting, so the
			      * plan must be empty (SPEC §2: formatting never counts) */
	uint64_t labels[2];  /* bit set of ss_label_name() indexes */
	sqlite3 *pristine;   /* optional, owned: baseline + rows already built (generator) */
	char *file;          /* where it came from (may be NULL) */
	int line;
} ss_case;

ss_case *ss_case_new(void);
void ss_case_free(ss_case *c);
/* Number of labels and the name of label i ("feature:strict", "change:add-column", ...). */
int ss_label_count(void);
const char *ss_label_name(int i);
int ss_case_has_label(const ss_case *c, int i);

/* ---- the generator ---------------------------------------------------------------------- */

typedef struct ss_gen_options {
	unsigned max_tables; /* default 4 */
	int strategy;        /* -2: drawn; else as ss_case.strategy */
	int fk;              /* -1: drawn; 0/1 */
	int profile;         /* -1: drawn; 0 default; 1 durable-object */
} ss_gen_options;

#define SS_GEN_OPTIONS_INIT                                                                        \
	{                                                                                          \
		4, -2, -1, -1                                                                      \
	}

enum {
	SS_GEN_OK = 0,
	SS_GEN_INVALID = 1 /* SQLite rejected the generated baseline: discard and count */
};

/*
 * Generate one case from the choice source. Returns SS_GEN_OK with *out set, or
 * SS_GEN_INVALID (with *out NULL) when the generated baseline does not build, or -1 on
 * allocation failure. The same choices always give the same case.
 */
int ss_gen_case(ss_case **out, ss_choices *c, const ss_gen_options *opts);
/* The same, driven by a fuzzer's input bytes. */
int ss_gen_case_from_bytes(ss_case **out, const uint8_t *data, size_t size,
			   const ss_gen_options *opts);

/* ---- case files (SPEC §7) ----------------------------------------------------------------- */

/*
 * Parse a case file. *out receives an array of count cases (free each with ss_case_free and
 * the array with free). Returns 0, or -1 with a message "file:line: ..." in err.
 * Config keys: allowDestructive, strategy, profile, foreignKeys, propertiesOnly,
 * excludedTables.
 */
int ss_casefile_parse(ss_case ***out, size_t *count, const char *text, const char *filename,
		      char *err, size_t errlen);
/* Format one case as a case-file region (with a "-- default config" line when header). */
char *ss_case_format(const ss_case *c, const char *comment);

/* ---- oracles ---------------------------------------------------------------------------- */

/*
 * The harness' own SQL normalizer: comments and whitespace dropped, tokens joined by one
 * space, identifiers unquoted and lowercased (ASCII), keywords lowercased, string literals
 * kept. Free with free().
 */
char *ss_oracle_normalize_sql(const char *sql);
/*
 * A canonical text dump of schema main of db for P1, built from PRAGMA output and normalized
 * sqlite_schema text only. Excluded tables (and their triggers / indexes) are left out;
 * excluded == NULL means sqlfu_migrations and d1_migrations. Free with free().
 */
char *ss_oracle_schema_dump(sqlite3 *db, const char *const *excluded, size_t excluded_count);
/* Every object of main (raw sqlite_schema) and every row of every table. Free with free(). */
char *ss_oracle_full_dump(sqlite3 *db);
/* First differing line of two dumps, for messages, into buf. */
void ss_oracle_diff(char *buf, size_t len, const char *a, const char *b);

/* ---- running a case ---------------------------------------------------------------------- */

enum {
	SS_P1 = 1,
	SS_P2,
	SS_P3,
	SS_P4,
	SS_P5,
	SS_P6,
	SS_P7,
	SS_P8,
	SS_P9,
	SS_POUT, /* -- output: / -- error: mismatch (replay only) */
	SS_PROP_COUNT
};
const char *ss_property_name(int p);

typedef struct ss_result {
	int invalid;  /* discarded: baseline or desired does not build alone */
	int violated; /* property number of the first violation, 0 when clean */
	char detail[2048];
	unsigned checked; /* bit p: property p was checked */
	unsigned failed;  /* bit p: property p failed */
	int synced_ok;    /* the (first) sync succeeded */
	char *plan_sql;   /* the (first) plan, or NULL; free with free() */
	char *error;      /* the (first) error message, or NULL */
} ss_result;

enum {
	SS_RUN_COMPARE_OUTPUT = 1, /* check -- output: / -- error: */
	SS_RUN_NO_P9 = 2
};

/* Run the case and check every applicable property. Returns 0, or -1 on harness failure. */
int ss_run_case(ss_result *res, const ss_case *c, int flags);
void ss_result_clear(ss_result *res);

/* ---- shrinking --------------------------------------------------------------------------- */

/*
 * Shrink a failing choice sequence: delete, zero and halve blocks of choices, regenerate and
 * rerun; keep an edit when the same property still fails. *out receives the smallest
 * sequence found (free with free()). Gives up after max_runs runs.
 */
int ss_shrink(uint64_t **out, size_t *out_count, const uint64_t *values, size_t count,
	      const ss_gen_options *opts, int property, unsigned max_runs);

/*
 * Second stage, on the case text: drop statements of rows, desired and baseline (and pairs
 * of identical statements from baseline and desired at once) while the same property still
 * fails. Edits c in place; returns 1 when c still fails the property, 0 when it did not
 * fail to begin with.
 */
int ss_shrink_case_sql(ss_case *c, int property, unsigned max_runs);

/* ---- the commands ------------------------------------------------------------------------ */

int ss_harness_check_main(int argc, char **argv);  /* argv[0] == "check" */
int ss_harness_replay_main(int argc, char **argv); /* argv[0] == "replay" */

#ifdef __cplusplus
}
#endif
#endif
