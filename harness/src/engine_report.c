/* SPDX-License-Identifier: MIT */
/*
 * The report of a campaign against an engine under test, as Markdown (for people: figures,
 * failures by property, every distinct failure with its replay command, the D1 differences
 * from the reference engine, the labels drawn) and as JSON (the same, for tools).
 */
#include "adapter.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "converged" for "P1", ... (SPEC §5); "" for anything else. */
static const char *property_title(int p)
{
	static const char *const names[][2] = {{"P1", "converged"},
					       {"P2", "idempotent"},
					       {"P3", "rows preserved"},
					       {"P4", "strategies agree"},
					       {"P5", "atomic"},
					       {"P6", "integrity"},
					       {"P7", "durable-object profile"},
					       {"P8", "guard"},
					       {"P9", "contained"},
					       {"P10", "connection restored"},
					       {"output", "-- output: / -- error:"}};
	const char *n = ss_property_name(p);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], n))
			return names[i][1];
	return "";
}

/* Cases generated per second of the cases phase (shrinking comes after it). */
static double case_rate(const ss_check_options *o, const ss_check_report *t)
{
	double phase = o->cases > 0 ? t->seconds - t->shrink_seconds / (t->jobs ? t->jobs : 1)
				    : (t->seconds < o->seconds ? t->seconds : o->seconds);
	return phase > 0 ? (double)t->cases / phase : 0;
}

static long distinct_of(const ss_engine *e, int property)
{
	long n = 0;
	ss_engine_failure f;
	for (size_t i = 0; ss_engine_failure_get(e, i, &f) == 0; i++)
		n += f.property == property;
	return n;
}

static const char *state_text(int s)
{
	switch (s) {
	case 1:
		return "shrunk";
	case 2:
		return "not shrunk (out of time)";
	case 3:
		return "did not reproduce (flaky)";
	default:
		return "";
	}
}

/* A table cell: pipes and line breaks would break the table. */
static void cell(sh_buf *b, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++) {
		if (*s == '|')
			sh_buf_adds(b, "\\|");
		else if (*s == '\n')
			sh_buf_addc(b, ' ');
		else
			sh_buf_addc(b, *s);
	}
	if (*s)
		sh_buf_adds(b, "…");
}

static void md_figures(sh_buf *b, const ss_engine *e, const ss_check_options *o,
		       const ss_check_report *t, const ss_engine_stats *st)
{
	long distinct = 0, flaky_sigs = 0;
	ss_engine_failure f;
	for (size_t i = 0; ss_engine_failure_get(e, i, &f) == 0; i++) {
		distinct += f.property != SS_ENGINE_D1 && f.state != 3;
		flaky_sigs += f.state == 3;
	}
	sh_buf_printf(b, "# Engine campaign: %s %s\n\n", ss_engine_name(e), ss_engine_version(e));
	sh_buf_adds(b, "| | |\n|---|---|\n");
	sh_buf_printf(b, "| engine | %s %s (`--engine %s`, transport %s, `%s`) |\n",
		      ss_engine_name(e), ss_engine_version(e), ss_engine_spec(e),
		      ss_engine_transport(e), ss_engine_path(e));
	sh_buf_printf(b,
		      "| declared | transactional: %s, refusesDestructive: %s, foreignKeys: %s, "
		      "strategies: %s%s%s |\n",
		      e->transactional ? "yes" : "no", e->refuses_destructive ? "yes" : "no",
		      e->foreign_keys ? "yes" : "no", (e->strategies & 1) ? "auto " : "",
		      (e->strategies & 2) ? "scratch-db " : "",
		      (e->strategies & 4) ? "prefix" : "");
	sh_buf_printf(
		b,
		"| campaign | seed %llu, %.0f s (cases for %s, then shrinking), %d job(s), max "
		"%u tables, adapter timeout %g s |\n",
		(unsigned long long)t->seed, t->seconds,
		o->cases > 0 ? "the given count" : "the given seconds", t->jobs, o->gen.max_tables,
		e->opts.timeout);
	sh_buf_printf(b,
		      "| cases | %ld generated, %.1f cases/s; %ld discarded (%ld do not build in "
		      "SQLite, %ld carried an unclaimed label) |\n",
		      t->cases, case_rate(o, t), t->invalid, t->invalid - st->unclaimed,
		      st->unclaimed);
	sh_buf_printf(b,
		      "| syncs | %ld requests, %.1f ms each on average; first syncs: %ld "
		      "succeeded, %ld failed (",
		      st->requests,
		      st->requests ? 1000 * st->request_seconds / (double)st->requests : 0,
		      st->synced, st->failed);
	for (int i = 0, n = 0; i < 8; i++)
		if (st->failed_by_kind[i])
			sh_buf_printf(b, "%s%s %ld", n++ ? ", " : "", ss_engine_kind_name(i),
				      st->failed_by_kind[i]);
	sh_buf_adds(b, ") |\n");
	sh_buf_printf(b,
		      "| adapter | %ld started, %ld restarts; %ld timeouts, %ld crashes, %ld "
		      "protocol errors%s%s |\n",
		      st->hellos, st->restarts, st->timeouts, st->crashes, st->protocol_errors,
		      st->stopped ? "; **stopped**: " : "", st->stopped ? st->stop_message : "");
	sh_buf_printf(b,
		      "| violations | %ld cases, **%ld distinct failures** (by property and "
		      "signature)%s; %ld cases lost (crashed or hung a worker) |\n",
		      t->violations, distinct, flaky_sigs ? "; some did not reproduce" : "",
		      t->lost);
	sh_buf_printf(b,
		      "| D1 differs-from-reference | %ld cases, %ld distinct: the result differs "
		      "from the reference engine's (not a violation) |\n\n",
		      st->differs, distinct_of(e, SS_ENGINE_D1));
}

static void md_properties(sh_buf *b, const ss_engine *e, const ss_check_report *t)
{
	sh_buf_adds(b, "## Failures by property\n\n| property | checked | failed | distinct |\n"
		       "|---|---:|---:|---:|\n");
	for (int p = 1; p < SS_PROP_COUNT; p++) {
		if (!t->checked[p] && !t->failed[p])
			continue;
		sh_buf_printf(b, "| %s %s | %ld | %ld | %ld |\n", ss_property_name(p),
			      property_title(p), t->checked[p], t->failed[p], distinct_of(e, p));
	}
	sh_buf_adds(b, "\nP1 is judged against what the same engine builds from the definitions "
		       "on an empty database; a failed sync counts under P1 when the rows fit the "
		       "desired schema (SQLite's reference migration), and always when the adapter "
		       "timed out, crashed or broke the protocol. Not checked through an adapter: "
		       "P9 (and P10); P4 and P7 only when claimed.\n\n");
}

static void md_failures(sh_buf *b, const ss_engine *e)
{
	sh_buf_adds(b, "## Distinct failures\n\n");
	ss_engine_failure f;
	int k = 0;
	for (size_t i = 0; ss_engine_failure_get(e, i, &f) == 0; i++) {
		if (f.property == SS_ENGINE_D1)
			continue;
		sh_buf_printf(b, "### %d. %s (%ld case%s)\n\n", ++k, f.signature, f.count,
			      f.count == 1 ? "" : "s");
		sh_buf_printf(b, "- property: %s %s; first seed %llu", ss_property_name(f.property),
			      property_title(f.property), (unsigned long long)f.seed);
		if (f.state)
			sh_buf_printf(b, "; %s", state_text(f.state));
		if (f.state == 1)
			sh_buf_printf(b, " from %ld to %ld choices", f.choices_from, f.choices_to);
		sh_buf_adds(b, "\n- detail: ");
		cell(b, f.detail, 700);
		sh_buf_adds(b, "\n");
		if (f.path[0]) {
			char *cmd = ss_engine_replay_command(e, f.path);
			sh_buf_printf(b, "- case: `%s`\n- replay: `%s`\n", f.path, cmd);
			free(cmd);
		}
		sh_buf_adds(b, "\n");
	}
	if (!k)
		sh_buf_adds(b, "None.\n\n");
}

static void md_differences(sh_buf *b, const ss_engine *e, const ss_check_options *o)
{
	sh_buf_adds(b, "## D1 differs-from-reference (not violations)\n\nThe result compared with "
		       "what the reference engine (schemasync, in process) makes of the same case: "
		       "outcome, schema, rows. A difference is where the engine and the reference "
		       "disagree, not necessarily a bug of either.\n\n");
	ss_engine_failure f;
	int k = 0;
	for (size_t i = 0; ss_engine_failure_get(e, i, &f) == 0; i++) {
		if (f.property != SS_ENGINE_D1)
			continue;
		if (!k++)
			sh_buf_adds(b, "| signature | cases | reproduce | first detail |\n"
				       "|---|---:|---|---|\n");
		sh_buf_adds(b, "| ");
		cell(b, f.signature, 200);
		sh_buf_printf(
			b,
			" | %ld | `schemasync check --engine %s --seed %llu --cases 1 --jobs 1 "
			"--max-tables %u` | ",
			f.count, ss_engine_spec(e), (unsigned long long)f.seed, o->gen.max_tables);
		cell(b, f.detail, 300);
		sh_buf_adds(b, " |\n");
	}
	sh_buf_adds(b, k ? "\n" : "None.\n\n");
}

static void md_labels(sh_buf *b, const ss_engine *e, const ss_check_report *t)
{
	sh_buf_adds(b, "## Labels drawn (cases)\n\n");
	sh_buf l;
	sh_buf_init(&l);
	for (int i = 0; i < ss_label_count(); i++) {
		if (!sh_engine_label_ok(e, i)) {
			sh_buf_printf(&l, "%s`%s`", l.len ? ", " : "", ss_label_name(i));
			continue;
		}
		sh_buf_printf(b, "%s`%s` %ld", i ? ", " : "", ss_label_name(i), t->labels[i]);
	}
	sh_buf_printf(b, "\n\nNot claimed, never drawn: %s\n", l.len ? l.data : "none");
	sh_buf_free(&l);
}

char *ss_engine_report_markdown(const ss_engine *e, const ss_check_options *o,
				const ss_check_report *t)
{
	ss_engine_stats st;
	ss_engine_get_stats(e, &st);
	sh_buf b;
	sh_buf_init(&b);
	md_figures(&b, e, o, t, &st);
	md_properties(&b, e, t);
	md_failures(&b, e);
	md_differences(&b, e, o);
	md_labels(&b, e, t);
	return sh_buf_take(&b);
}

/* ---- JSON -------------------------------------------------------------------------------------- */

static void json_failures(cJSON *j, const ss_engine *e, const ss_check_options *o)
{
	cJSON *fails = cJSON_AddArrayToObject(j, "failures");
	cJSON *diffs = cJSON_AddArrayToObject(j, "differsFromReference");
	ss_engine_failure f;
	for (size_t i = 0; ss_engine_failure_get(e, i, &f) == 0; i++) {
		cJSON *x = cJSON_CreateObject();
		if (f.property != SS_ENGINE_D1)
			cJSON_AddStringToObject(x, "property", ss_property_name(f.property));
		cJSON_AddStringToObject(x, "signature", f.signature);
		cJSON_AddNumberToObject(x, "cases", (double)f.count);
		cJSON_AddNumberToObject(x, "seed", (double)f.seed);
		cJSON_AddStringToObject(x, "detail", f.detail);
		if (f.property == SS_ENGINE_D1) {
			char cmd[600];
			snprintf(cmd, sizeof(cmd),
				 "schemasync check --engine %s --seed %llu --cases 1 --jobs 1 "
				 "--max-tables %u",
				 ss_engine_spec(e), (unsigned long long)f.seed, o->gen.max_tables);
			cJSON_AddStringToObject(x, "reproduce", cmd);
			cJSON_AddItemToArray(diffs, x);
			continue;
		}
		cJSON_AddStringToObject(x, "state", f.state ? state_text(f.state) : "found");
		if (f.state == 1) {
			cJSON_AddNumberToObject(x, "choicesFrom", (double)f.choices_from);
			cJSON_AddNumberToObject(x, "choicesTo", (double)f.choices_to);
		}
		if (f.path[0]) {
			char *cmd = ss_engine_replay_command(e, f.path);
			cJSON_AddStringToObject(x, "case", f.path);
			cJSON_AddStringToObject(x, "replay", cmd);
			free(cmd);
		}
		cJSON_AddItemToArray(fails, x);
	}
}

char *ss_engine_report_json(const ss_engine *e, const ss_check_options *o, const ss_check_report *t)
{
	ss_engine_stats st;
	ss_engine_get_stats(e, &st);
	cJSON *j = cJSON_CreateObject();
	cJSON *en = cJSON_AddObjectToObject(j, "engine");
	cJSON_AddStringToObject(en, "name", ss_engine_name(e));
	cJSON_AddStringToObject(en, "version", ss_engine_version(e));
	cJSON_AddStringToObject(en, "spec", ss_engine_spec(e));
	cJSON_AddStringToObject(en, "descriptor", ss_engine_path(e));
	cJSON_AddStringToObject(en, "transport", ss_engine_transport(e));
	cJSON_AddBoolToObject(en, "transactional", e->transactional);
	cJSON_AddBoolToObject(en, "refusesDestructive", e->refuses_destructive);
	cJSON_AddNumberToObject(j, "seed", (double)t->seed);
	cJSON_AddNumberToObject(j, "jobs", t->jobs);
	cJSON_AddNumberToObject(j, "seconds", t->seconds);
	cJSON_AddNumberToObject(j, "shrinkSeconds", t->shrink_seconds);
	cJSON_AddNumberToObject(j, "maxTables", o->gen.max_tables);
	cJSON_AddNumberToObject(j, "adapterTimeout", e->opts.timeout);
	cJSON_AddNumberToObject(j, "cases", (double)t->cases);
	cJSON_AddNumberToObject(j, "casesPerSecond", case_rate(o, t));
	cJSON_AddNumberToObject(j, "discarded", (double)t->invalid);
	cJSON_AddNumberToObject(j, "unclaimed", (double)st.unclaimed);
	cJSON_AddNumberToObject(j, "syncedOk", (double)t->synced_ok);
	cJSON_AddNumberToObject(j, "violations", (double)t->violations);
	cJSON_AddNumberToObject(j, "flaky", (double)t->flaky);
	cJSON_AddNumberToObject(j, "lost", (double)t->lost);
	cJSON_AddNumberToObject(j, "differs", (double)st.differs);
	cJSON *a = cJSON_AddObjectToObject(j, "adapter");
	cJSON_AddNumberToObject(a, "requests", (double)st.requests);
	cJSON_AddNumberToObject(a, "requestSeconds", st.request_seconds);
	cJSON_AddNumberToObject(a, "started", (double)st.hellos);
	cJSON_AddNumberToObject(a, "restarts", (double)st.restarts);
	cJSON_AddNumberToObject(a, "timeouts", (double)st.timeouts);
	cJSON_AddNumberToObject(a, "crashes", (double)st.crashes);
	cJSON_AddNumberToObject(a, "protocolErrors", (double)st.protocol_errors);
	if (st.stopped)
		cJSON_AddStringToObject(a, "stopped", st.stop_message);
	cJSON *k = cJSON_AddObjectToObject(a, "failedByKind");
	for (int i = 0; i < 8; i++)
		cJSON_AddNumberToObject(k, ss_engine_kind_name(i), (double)st.failed_by_kind[i]);
	cJSON *p = cJSON_AddObjectToObject(j, "properties");
	for (int i = 1; i < SS_PROP_COUNT; i++) {
		cJSON *x = cJSON_AddObjectToObject(p, ss_property_name(i));
		cJSON_AddNumberToObject(x, "checked", (double)t->checked[i]);
		cJSON_AddNumberToObject(x, "failed", (double)t->failed[i]);
		cJSON_AddNumberToObject(x, "distinct", (double)distinct_of(e, i));
	}
	json_failures(j, e, o);
	cJSON *l = cJSON_AddObjectToObject(j, "labels");
	for (int i = 0; i < ss_label_count(); i++)
		if (sh_engine_label_ok(e, i))
			cJSON_AddNumberToObject(l, ss_label_name(i), (double)t->labels[i]);
	char *s = cJSON_Print(j);
	cJSON_Delete(j);
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "%s\n", s ? s : "{}");
	cJSON_free(s);
	return sh_buf_take(&b);
}
