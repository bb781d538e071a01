/* SPDX-License-Identifier: MIT */
/*
 * ss-casegen: the harness generator and oracles as a command, for probing an engine through
 * its adapter before the harness' C side speaks the adapter protocol (docs/ENGINES.md).
 *
 *   ss-casegen gen --seed S --cases N [--max-tables N]   one JSON object per case on stdout:
 *       {"seed","labels":[...],"baseline","rows","desired","foreignKeys","allowDestructive",
 *        "profile","rejectable","sameModel"}
 *   ss-casegen schema DB    ss_oracle_schema_dump (P1's view; default excluded tables)
 *   ss-casegen full DB      ss_oracle_full_dump (P5's view: every object and row)
 *   ss-casegen labels       every label name the generator uses, one per line
 */
#include "schemasync.h"
#include "ss_harness.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

static int gen(int argc, char **argv)
{
	uint64_t seed = 1, cases = 10, max_tables = 4, i;
	ss_gen_options opts = SS_GEN_OPTIONS_INIT;
	int a;

	for (a = 2; a + 1 < argc; a += 2) {
		uint64_t *dst = strcmp(argv[a], "--seed") == 0         ? &seed
				: strcmp(argv[a], "--cases") == 0      ? &cases
				: strcmp(argv[a], "--max-tables") == 0 ? &max_tables
								       : NULL;
		if (!dst || parse_u64(argv[a + 1], dst) < 0) {
			fprintf(stderr, "ss-casegen gen: bad option %s\n", argv[a]);
			return 2;
		}
	}
	opts.max_tables = (unsigned)max_tables;
	for (i = 0; i < cases; i++) {
		ss_choices *ch = ss_choices_new_rng(seed + i);
		ss_case *c = NULL;
		cJSON *o, *labels;
		char *text;
		int rc, l;

		if (!ch)
			return 1;
		rc = ss_gen_case(&c, ch, &opts);
		ss_choices_free(ch);
		if (rc < 0)
			return 1;
		if (rc != SS_GEN_OK)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "seed", (double)(seed + i));
		labels = cJSON_AddArrayToObject(o, "labels");
		for (l = 0; l < ss_label_count(); l++) {
			if (ss_case_has_label(c, l))
				cJSON_AddItemToArray(labels, cJSON_CreateString(ss_label_name(l)));
		}
		cJSON_AddStringToObject(o, "baseline", c->baseline);
		cJSON_AddStringToObject(o, "rows", c->rows ? c->rows : "");
		cJSON_AddStringToObject(o, "desired", c->desired);
		cJSON_AddBoolToObject(o, "foreignKeys", c->fk != 0);
		cJSON_AddBoolToObject(o, "allowDestructive", c->allow_destructive != 0);
		cJSON_AddStringToObject(o, "profile",
					c->profile == SS_PROFILE_DURABLE_OBJECT ? "durable-object"
										: "default");
		cJSON_AddBoolToObject(o, "rejectable", c->rejectable != 0);
		cJSON_AddBoolToObject(o, "sameModel", c->same_model != 0);
		text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		ss_case_free(c);
		if (!text)
			return 1;
		puts(text);
		cJSON_free(text);
	}
	return 0;
}

static int dump(const char *path, int full)
{
	sqlite3 *db = NULL;
	char *text;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "ss-casegen: cannot open %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	text = full ? ss_oracle_full_dump(db) : ss_oracle_schema_dump(db, NULL, 0);
	sqlite3_close(db);
	if (!text)
		return 1;
	fputs(text, stdout);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "gen") == 0)
		return gen(argc, argv);
	if (argc == 2 && strcmp(argv[1], "labels") == 0) {
		int l;

		for (l = 0; l < ss_label_count(); l++)
			puts(ss_label_name(l));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "schema") == 0)
		return dump(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "full") == 0)
		return dump(argv[2], 1);
	fprintf(stderr, "usage: ss-casegen gen --seed S --cases N [--max-tables N] | schema DB | "
			"full DB | labels\n");
	return 2;
}
