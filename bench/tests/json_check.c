/* SPDX-License-Identifier: MIT */
/*
 * Smoke-test helper: checks that a `schemasync bench --json` file parses and has the shape
 * the release gate reads (a results array whose entries name a family, size and phase and
 * carry a median), and that no phase failed. No timing assertions. Exit 0 when it holds.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *text = NULL;
	size_t n = 0, cap = 0, got;
	char chunk[65536];
	FILE *f;
	int bad = 0, count = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: ss_bench_json_check RESULTS.json\n");
		return 2;
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "json_check: cannot open %s\n", argv[1]);
		return 1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (n + got + 1 > cap) {
			cap = (n + got + 1) * 2;
			char *p = realloc(text, cap);
			if (p == NULL) {
				fclose(f);
				free(text);
				return 1;
			}
			text = p;
		}
		memcpy(text + n, chunk, got);
		n += got;
		text[n] = 0;
	}
	fclose(f);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	free(text);
	const cJSON *results = cJSON_GetObjectItemCaseSensitive(root, "results"), *r;
	if (!cJSON_IsArray(results)) {
		fprintf(stderr, "json_check: %s: does not parse or has no results array\n",
			argv[1]);
		cJSON_Delete(root);
		return 1;
	}
	cJSON_ArrayForEach(r, results)
	{
		const cJSON *fam = cJSON_GetObjectItemCaseSensitive(r, "family");
		const cJSON *phase = cJSON_GetObjectItemCaseSensitive(r, "phase");
		const cJSON *size = cJSON_GetObjectItemCaseSensitive(r, "size");
		const cJSON *med = cJSON_GetObjectItemCaseSensitive(r, "median_us");
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
		count++;
		if (!cJSON_IsString(fam) || !cJSON_IsString(phase) || !cJSON_IsNumber(size) ||
		    !cJSON_IsNumber(med)) {
			fprintf(stderr, "json_check: result %d lacks family/phase/size/median_us\n",
				count);
			bad++;
		} else if (err != NULL) {
			fprintf(stderr, "json_check: %s %g %s failed: %s\n", fam->valuestring,
				size->valuedouble, phase->valuestring,
				cJSON_IsString(err) ? err->valuestring : "?");
			bad++;
		}
	}
	cJSON_Delete(root);
	if (count == 0) {
		fprintf(stderr, "json_check: no results\n");
		return 1;
	}
	printf("json_check: %d results, %d problems\n", count, bad);
	return bad ? 1 : 0;
}
