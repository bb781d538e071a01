/* SPDX-License-Identifier: MIT */
/*
 * Engine descriptors and capabilities (docs/ENGINES.md §1-2). ss_engine_open finds the
 * descriptor (a path, or the NAME of one of harness/adapters/), checks it, expands {here} and
 * {build} in its argv, reads the capabilities into the generator's deny masks, and maps the
 * campaign's shared counters (MAP_SHARED, so the forked workers add to the same ones). The
 * transports are adapter_client.c's.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"
#include "gen.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SS_SOURCE_DIR
#define SS_SOURCE_DIR ""
#endif
#ifndef SS_BUILD_DIR
#define SS_BUILD_DIR ""
#endif
#ifndef SS_SHARE_DIR
#define SS_SHARE_DIR ""
#endif

/* ---- finding the descriptor ---------------------------------------------------------------- */

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The descriptor of NAME in the adapters folder dir, or NULL. */
static char *named_in(const char *dir, const char *name)
{
	sh_buf p;
	sh_buf_init(&p);
	if (sh_ends_with(name, "-command")) {
		sh_buf_printf(&p, "%s/%.*s/engine-command.json", dir,
			      (int)(strlen(name) - strlen("-command")), name);
		if (is_file(p.data))
			return sh_buf_take(&p);
		sh_buf_free(&p);
	}
	sh_buf_printf(&p, "%s/%s/engine.json", dir, name);
	if (is_file(p.data))
		return sh_buf_take(&p);
	sh_buf_free(&p);
	return NULL;
}

/* The folders that hold named adapters, in lookup order. */
static void adapter_dirs(sh_strv *dirs)
{
	const char *env = getenv("SS_ADAPTERS_DIR");
	if (env && env[0])
		sh_strv_push(dirs, sh_strdup(env));
	if (SS_SOURCE_DIR[0]) {
		sh_buf b;
		sh_buf_init(&b);
		sh_buf_printf(&b, "%s/harness/adapters", SS_SOURCE_DIR);
		sh_strv_push(dirs, sh_buf_take(&b));
	}
	/* an installed tree: BIN/../share/schemasync/adapters, then the configured prefix's */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			sh_buf b;
			sh_buf_init(&b);
			sh_buf_printf(&b, "%s/../share/schemasync/adapters", exe);
			sh_strv_push(dirs, sh_buf_take(&b));
		}
	}
	if (SS_SHARE_DIR[0]) {
		sh_buf b;
		sh_buf_init(&b);
		sh_buf_printf(&b, "%s/adapters", SS_SHARE_DIR);
		sh_strv_push(dirs, sh_buf_take(&b));
	}
}

static int find_descriptor(char **path, const char *spec, ss_error *err)
{
	*path = NULL;
	if (strchr(spec, '/') || sh_ends_with(spec, ".json")) {
		if (!is_file(spec))
			return sh_fail(err, SS_E_INVALID, "engine descriptor %s: %s", spec,
				       strerror(errno ? errno : ENOENT));
		*path = realpath(spec, NULL);
		return *path ? 0 : sh_fail(err, SS_E_INVALID, "%s: %s", spec, strerror(errno));
	}
	sh_strv dirs = {0};
	adapter_dirs(&dirs);
	for (size_t i = 0; i < dirs.n && !*path; i++) {
		char *p = named_in(dirs.v[i], spec);
		if (p) {
			*path = realpath(p, NULL);
			free(p);
		}
	}
	sh_buf tried;
	sh_buf_init(&tried);
	for (size_t i = 0; i < dirs.n; i++)
		sh_buf_printf(&tried, "%s%s", i ? ", " : "", dirs.v[i]);
	int rc = *path ? 0
		       : sh_fail(err, SS_E_INVALID,
				 "no engine named '%s' (looked for %s/engine.json in %s); give a "
				 "descriptor's path instead",
				 spec, spec, tried.data ? tried.data : "no folder");
	sh_buf_free(&tried);
	sh_strv_free(&dirs);
	return rc;
}

/* ---- reading it ---------------------------------------------------------------------------- */

/* s with {here} and {build} replaced. */
static char *expand(const ss_engine *e, const char *s)
{
	sh_buf b;
	sh_buf_init(&b);
	while (*s) {
		if (!strncmp(s, "{here}", 6)) {
			sh_buf_adds(&b, e->here);
			s += 6;
		} else if (!strncmp(s, "{build}", 7)) {
			sh_buf_adds(&b, e->build);
			s += 7;
		} else {
			sh_buf_addc(&b, *s++);
		}
	}
	return sh_buf_take(&b);
}

/* An array of strings into l (expanded); -1 when it is not one or is empty. */
static int string_array(ss_engine *e, sh_strv *l, const cJSON *a)
{
	if (!cJSON_IsArray(a) || !a->child)
		return -1;
	for (const cJSON *it = a->child; it; it = it->next) {
		if (!cJSON_IsString(it))
			return -1;
		sh_strv_push(l, expand(e, it->valuestring));
	}
	return 0;
}

/* The label named kind:name, or -1. */
static int label_index(const char *kind, const char *name)
{
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "%s:%s", kind, name);
	int found = -1;
	for (int i = 0; i < ss_label_count() && found < 0; i++)
		if (!strcmp(ss_label_name(i), b.data))
			found = i;
	sh_buf_free(&b);
	return found;
}

static void deny(ss_engine *e, int label)
{
	e->deny[label / 64] |= (uint64_t)1 << (label % 64);
}

/* features / changes / names: deny every label of the kind that is not listed. */
static int label_list(ss_engine *e, const cJSON *caps, const char *field, const char *kind,
		      ss_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(caps, field);
	if (!a)
		return 0; /* absent: ["*"] */
	if (!cJSON_IsArray(a))
		return sh_fail(err, SS_E_INVALID, "%s: capabilities.%s is not an array", e->path,
			       field);
	int all = 0;
	unsigned char listed[SS_LABEL_MAX] = {0};
	for (const cJSON *it = a->child; it; it = it->next) {
		if (!cJSON_IsString(it))
			return sh_fail(err, SS_E_INVALID, "%s: capabilities.%s holds a non-string",
				       e->path, field);
		if (!strcmp(it->valuestring, "*")) {
			all = 1;
			continue;
		}
		int l = label_index(kind, it->valuestring);
		if (l < 0)
			return sh_fail(err, SS_E_INVALID,
				       "%s: capabilities.%s: unknown label '%s' (no %s:%s; "
				       "`schemasync check` lists the labels)",
				       e->path, field, it->valuestring, kind, it->valuestring);
		listed[l] = 1;
	}
	size_t klen = strlen(kind);
	for (int i = 0; i < ss_label_count() && !all; i++) {
		const char *n = ss_label_name(i);
		if (!strncmp(n, kind, klen) && n[klen] == ':' && !listed[i])
			deny(e, i);
	}
	return 0;
}

/* One of words (bit i), for strategies / profiles; -1 on an unknown word. */
static int word_bits(const cJSON *a, const char *const *words, int dflt, int *out)
{
	if (!a) {
		*out = dflt;
		return 0;
	}
	if (!cJSON_IsArray(a))
		return -1;
	*out = 0;
	for (const cJSON *it = a->child; it; it = it->next) {
		int k = -1;
		for (int i = 0; cJSON_IsString(it) && words[i]; i++)
			if (!strcmp(it->valuestring, words[i]))
				k = i;
		if (k < 0)
			return -1;
		*out |= 1 << k;
	}
	return *out ? 0 : -1;
}

static int flag(const cJSON *caps, const char *field, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(caps, field);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

static int read_types(ss_engine *e, const cJSON *caps, ss_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(caps, "types");
	if (!a)
		return 0;
	if (!cJSON_IsArray(a) || !a->child)
		return sh_fail(err, SS_E_INVALID, "%s: capabilities.types: a non-empty array",
			       e->path);
	int known = 0;
	for (const cJSON *it = a->child; it; it = it->next) {
		if (!cJSON_IsString(it))
			return sh_fail(err, SS_E_INVALID,
				       "%s: capabilities.types holds a "
				       "non-string",
				       e->path);
		sh_strv_push(&e->types, sh_strdup(it->valuestring));
		for (size_t i = 0; i < gen_ntypes; i++)
			known |= !sh_stricmp(gen_types[i], it->valuestring);
	}
	if (!known)
		return sh_fail(err, SS_E_INVALID,
			       "%s: capabilities.types names none of the generator's types",
			       e->path);
	return 0;
}

static int read_capabilities(ss_engine *e, const cJSON *caps, ss_error *err)
{
	static const char *const strategies[] = {"auto", "scratch-db", "prefix", NULL};
	static const char *const profiles[] = {"default", "durable-object", NULL};
	if (!cJSON_IsObject(caps))
		return sh_fail(err, SS_E_INVALID, "%s: capabilities is not an object", e->path);
	int rc = label_list(e, caps, "features", "feature", err);
	if (!rc)
		rc = label_list(e, caps, "changes", "change", err);
	if (!rc)
		rc = label_list(e, caps, "names", "name", err);
	/* the kinds main's generator added (absent: every one) */
	if (!rc)
		rc = label_list(e, caps, "literals", "literal", err);
	if (!rc)
		rc = label_list(e, caps, "sizes", "size", err);
	if (!rc)
		rc = read_types(e, caps, err);
	if (rc)
		return rc;
	if (word_bits(cJSON_GetObjectItemCaseSensitive(caps, "strategies"), strategies, 1,
		      &e->strategies) ||
	    word_bits(cJSON_GetObjectItemCaseSensitive(caps, "profiles"), profiles, 1,
		      &e->profiles) ||
	    !(e->profiles & 1))
		return sh_fail(err, SS_E_INVALID,
			       "%s: capabilities.strategies (auto, scratch-db, prefix) or "
			       ".profiles (default, durable-object; default included) is not "
			       "valid",
			       e->path);
	e->transactional = flag(caps, "transactional", 1);
	e->foreign_keys = flag(caps, "foreignKeys", 1);
	e->refuses_destructive = flag(caps, "refusesDestructive", 0);
	/* configs follow from foreignKeys, profiles and refusesDestructive */
	for (int i = 0; i < ss_label_count(); i++) {
		const char *n = ss_label_name(i);
		if ((!strcmp(n, "config:durable-object") && !(e->profiles & 2)) ||
		    (!strcmp(n, "config:allow-destructive-off") && !e->refuses_destructive) ||
		    (!strcmp(n, "config:foreign-keys-on") && !e->foreign_keys))
			deny(e, i);
		/* the protocol carries neither the caller's connection (conn:*, P10: the
		 * engine runs in its own process) nor the reference engine's size thresholds */
		/* nor are main's refusal and leftover cases (definitions:*, prefix:*) or a custom
		 * excluded-table list judged through an adapter yet */
		if (!strncmp(n, "conn:", 5) || !strncmp(n, "definitions:", 12) ||
		    !strncmp(n, "prefix:", 7) || !strcmp(n, "config:custom-excluded-tables") ||
		    !strcmp(n, "config:rename-min-rows-small") ||
		    !strcmp(n, "config:alter-copy-min-objects-small"))
			deny(e, i);
	}
	char *js = cJSON_PrintUnformatted(caps);
	e->caps_json = sh_strdup(js ? js : "{}");
	cJSON_free(js);
	return 0;
}

/* capabilities, or capabilitiesFile (relative to the descriptor's folder). */
static int load_capabilities(ss_engine *e, const cJSON *d, ss_error *err)
{
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(d, "capabilities");
	const cJSON *file = cJSON_GetObjectItemCaseSensitive(d, "capabilitiesFile");
	if ((caps != NULL) == (file != NULL))
		return sh_fail(err, SS_E_INVALID,
			       "%s: give exactly one of capabilities / capabilitiesFile", e->path);
	if (caps)
		return read_capabilities(e, caps, err);
	if (!cJSON_IsString(file))
		return sh_fail(err, SS_E_INVALID, "%s: capabilitiesFile is not a string", e->path);
	sh_buf p;
	sh_buf_init(&p);
	if (file->valuestring[0] == '/')
		sh_buf_adds(&p, file->valuestring);
	else
		sh_buf_printf(&p, "%s/%s", e->here, file->valuestring);
	char *text = sh_read_file(p.data);
	cJSON *j = text ? cJSON_Parse(text) : NULL;
	int rc = j ? read_capabilities(e, j, err)
		   : sh_fail(err, SS_E_INVALID, "%s: capabilitiesFile %s: %s", e->path, p.data,
			     text ? "not JSON" : strerror(errno));
	cJSON_Delete(j);
	free(text);
	sh_buf_free(&p);
	return rc;
}

static int load_descriptor(ss_engine *e, const cJSON *d, ss_error *err)
{
	const cJSON *protocol = cJSON_GetObjectItemCaseSensitive(d, "protocol");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(d, "name");
	const cJSON *transport = cJSON_GetObjectItemCaseSensitive(d, "transport");
	if (!cJSON_IsObject(d))
		return sh_fail(err, SS_E_INVALID, "%s: not a JSON object", e->path);
	if (!cJSON_IsNumber(protocol) || protocol->valuedouble != 1)
		return sh_fail(err, SS_E_INVALID, "%s: protocol must be 1", e->path);
	if (!cJSON_IsString(name) || !name->valuestring[0])
		return sh_fail(err, SS_E_INVALID, "%s: name must be a string", e->path);
	e->name = sh_strdup(name->valuestring);
	if (cJSON_IsString(transport) && !strcmp(transport->valuestring, "jsonl"))
		e->transport = SH_JSONL;
	else if (cJSON_IsString(transport) && !strcmp(transport->valuestring, "command"))
		e->transport = SH_COMMAND;
	else
		return sh_fail(err, SS_E_INVALID, "%s: transport must be \"jsonl\" or \"command\"",
			       e->path);
	const char *field = e->transport == SH_JSONL ? "command" : "template";
	if (string_array(e, &e->argv, cJSON_GetObjectItemCaseSensitive(d, field)))
		return sh_fail(err, SS_E_INVALID, "%s: %s must be a non-empty array of strings",
			       e->path, field);
	/* execvp's argv ends with NULL */
	sh_strv_push(&e->argv, NULL);
	e->argv.n--;
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(d, "env");
	for (const cJSON *it = env ? env->child : NULL; it; it = it->next) {
		if (!cJSON_IsString(it))
			return sh_fail(err, SS_E_INVALID, "%s: env values must be strings",
				       e->path);
		sh_buf kv;
		sh_buf_init(&kv);
		sh_buf_printf(&kv, "%s=", it->string);
		char *v = expand(e, it->valuestring);
		sh_buf_adds(&kv, v);
		free(v);
		sh_strv_push(&e->env, sh_buf_take(&kv));
	}
	const cJSON *setup = cJSON_GetObjectItemCaseSensitive(d, "setup");
	if (cJSON_IsString(setup))
		e->setup = sh_strdup(setup->valuestring);
	return load_capabilities(e, d, err);
}

static sh_eshared *map_shared(void)
{
	void *p = mmap(NULL, sizeof(sh_eshared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, sizeof(sh_eshared));
	return p;
}

int ss_engine_open(ss_engine **out, const char *engine, const ss_engine_options *opts,
		   ss_error *err)
{
	*out = NULL;
	ss_engine_options def = SS_ENGINE_OPTIONS_INIT;
	ss_engine *e = sh_calloc(1, sizeof(*e));
	e->opts = opts ? *opts : def;
	if (e->opts.timeout <= 0)
		e->opts.timeout = 30;
	/* the option strings are the engine's own (the caller's may not live as long) */
	e->opts.log_dir = e->opts.log_dir ? sh_strdup(e->opts.log_dir) : NULL;
	e->opts.build_dir = e->opts.build_dir ? sh_strdup(e->opts.build_dir) : NULL;
	e->opts.work_dir = e->opts.work_dir ? sh_strdup(e->opts.work_dir) : NULL;
	e->spec = sh_strdup(engine);
	e->to_fd = e->from_fd = e->log_fd = -1;
	int rc = find_descriptor(&e->path, engine, err);
	if (rc) {
		ss_engine_free(e);
		return rc;
	}
	e->here = sh_strdup(e->path);
	*strrchr(e->here, '/') = 0;
	const char *build = e->opts.build_dir ? e->opts.build_dir : getenv("SS_BUILD_DIR");
	e->build = sh_strdup(build && build[0] ? build : SS_BUILD_DIR);
	char *text = sh_read_file(e->path);
	cJSON *d = text ? cJSON_Parse(text) : NULL;
	rc = d ? load_descriptor(e, d, err)
	       : sh_fail(err, SS_E_INVALID, "%s: %s", e->path,
			 text ? "not valid JSON" : strerror(errno));
	cJSON_Delete(d);
	free(text);
	if (!rc && !(e->sh = map_shared()))
		rc = sh_fail(err, SS_E_SYSTEM, "mmap: %s", strerror(errno));
	if (rc) {
		ss_engine_free(e);
		return rc;
	}
	e->owner = getpid();
	*out = e;
	return 0;
}

void ss_engine_free(ss_engine *e)
{
	if (!e)
		return;
	if (e->owner == getpid())
		ss_engine_stop(e);
	free(e->spec);
	free(e->path);
	free(e->here);
	free(e->build);
	free(e->name);
	free(e->setup);
	free(e->caps_json);
	free((char *)e->opts.log_dir);
	free((char *)e->opts.build_dir);
	free((char *)e->opts.work_dir);
	free(e->hello_name);
	free(e->hello_version);
	sh_strv_free(&e->argv);
	sh_strv_free(&e->env);
	sh_strv_free(&e->types);
	sh_engine_empty_free(e);
	if (e->sh)
		munmap(e->sh, sizeof(sh_eshared));
	free(e);
}

/* ---- accessors and the generator ------------------------------------------------------------- */

const char *ss_engine_spec(const ss_engine *e)
{
	return e->spec;
}

const char *ss_engine_path(const ss_engine *e)
{
	return e->path;
}

const char *ss_engine_name(const ss_engine *e)
{
	return e->hello_name ? e->hello_name : e->name;
}

const char *ss_engine_version(const ss_engine *e)
{
	return e->hello_version ? e->hello_version : "";
}

const char *ss_engine_transport(const ss_engine *e)
{
	return e->transport == SH_JSONL ? "jsonl" : "command";
}

int ss_engine_transactional(const ss_engine *e)
{
	return e->transactional;
}

int sh_engine_label_ok(const ss_engine *e, int label)
{
	return !((e->deny[label / 64] >> (label % 64)) & 1);
}

int sh_engine_strategy_ok(const ss_engine *e, int strategy)
{
	return strategy >= 0 && strategy < 3 && ((e->strategies >> strategy) & 1);
}

int sh_engine_profile_ok(const ss_engine *e, int profile)
{
	return profile >= 0 && profile < 2 && ((e->profiles >> profile) & 1);
}

void ss_engine_gen_options(const ss_engine *e, ss_gen_options *gen)
{
	memcpy(gen->deny, e->deny, sizeof(gen->deny));
	gen->types = e->types.n ? (const char *const *)e->types.v : NULL;
	gen->ntypes = e->types.n;
	if (!e->foreign_keys)
		gen->foreign_keys = 0;
	if (!(e->profiles & 2))
		gen->profile = SS_PROFILE_DEFAULT;
	if (sh_engine_strategy_ok(e, SS_STRATEGY_SCRATCH_DB) &&
	    sh_engine_strategy_ok(e, SS_STRATEGY_PREFIX))
		gen->strategy = SS_CASE_STRATEGY_BOTH;
	else if (sh_engine_strategy_ok(e, SS_STRATEGY_AUTO))
		gen->strategy = SS_STRATEGY_AUTO;
	else
		gen->strategy = sh_engine_strategy_ok(e, SS_STRATEGY_SCRATCH_DB)
					? SS_STRATEGY_SCRATCH_DB
					: SS_STRATEGY_PREFIX;
}

int ss_engine_claims(const ss_engine *e, const ss_case *c)
{
	for (int i = 0; i < ss_label_count(); i++)
		if (ss_case_has_label(c, i) && !sh_engine_label_ok(e, i))
			return 0;
	return 1;
}

/* ---- the shared counters and failures -------------------------------------------------------- */

const char *ss_engine_kind_name(int i)
{
	static const char *const n[] = {"refused",     "destructive", "constraint", "invalid",
					"unsupported", "busy",        "internal",   "transport"};
	return i >= 0 && i < 8 ? n[i] : "?";
}

void ss_engine_get_stats(const ss_engine *e, ss_engine_stats *out)
{
	sh_eshared *s = e->sh;
	memset(out, 0, sizeof(*out));
	out->requests = atomic_load(&s->requests);
	out->request_seconds = (double)atomic_load(&s->request_us) / 1e6;
	out->hellos = atomic_load(&s->hellos);
	out->restarts = atomic_load(&s->restarts);
	out->timeouts = atomic_load(&s->timeouts);
	out->crashes = atomic_load(&s->crashes);
	out->protocol_errors = atomic_load(&s->protocol);
	out->synced = atomic_load(&s->synced);
	out->failed = atomic_load(&s->failed);
	for (int i = 0; i < 8; i++)
		out->failed_by_kind[i] = atomic_load(&s->by_kind[i]);
	out->unclaimed = atomic_load(&s->unclaimed);
	out->differs = atomic_load(&s->differs);
	out->stopped = atomic_load(&s->stopped);
	snprintf(out->stop_message, sizeof(out->stop_message), "%s", s->stop_message);
}

/* FNV-1a of the property and the signature; never 0 (a free slot). */
static uint64_t sig_hash(int property, const char *text)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(property + 1);
	for (const char *p = text; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ull;
	}
	return h ? h : 1;
}

sh_sig *sh_engine_sig_claim(ss_engine *e, int property, const char *signature, uint64_t seed,
			    const char *detail, int *is_new)
{
	uint64_t h = sig_hash(property, signature);
	*is_new = 0;
	for (size_t k = 0; k < SH_MAX_SIGS; k++) {
		sh_sig *g = &e->sh->sigs[(h + k) % SH_MAX_SIGS];
		uint64_t expected = 0;
		if (atomic_compare_exchange_strong(&g->hash, &expected, h)) {
			g->property = property;
			g->seed = seed;
			snprintf(g->text, sizeof(g->text), "%s", signature);
			snprintf(g->detail, sizeof(g->detail), "%s", detail ? detail : "");
			atomic_fetch_add(&g->count, 1);
			*is_new = 1;
			return g;
		}
		if (expected == h) {
			atomic_fetch_add(&g->count, 1);
			return g;
		}
	}
	atomic_fetch_add(&e->sh->overflow, 1);
	return NULL;
}

/* The used slots in a stable order: property, then first seed. */
static int sig_cmp(const void *a, const void *b)
{
	const sh_sig *x = *(sh_sig *const *)a, *y = *(sh_sig *const *)b;
	int px = x->property ? x->property : 1000, py = y->property ? y->property : 1000;
	if (px != py)
		return px < py ? -1 : 1;
	return x->seed < y->seed ? -1 : x->seed > y->seed;
}

static size_t used_sigs(const ss_engine *e, sh_sig **v)
{
	size_t n = 0;
	for (size_t k = 0; k < SH_MAX_SIGS; k++)
		if (atomic_load(&e->sh->sigs[k].hash))
			v[n++] = &e->sh->sigs[k];
	qsort(v, n, sizeof(*v), sig_cmp);
	return n;
}

size_t ss_engine_failure_count(const ss_engine *e)
{
	size_t n = 0;
	for (size_t k = 0; k < SH_MAX_SIGS; k++)
		n += atomic_load(&e->sh->sigs[k].hash) != 0;
	return n;
}

int ss_engine_failure_get(const ss_engine *e, size_t i, ss_engine_failure *out)
{
	sh_sig *v[SH_MAX_SIGS];
	size_t n = used_sigs(e, v);
	if (i >= n)
		return SS_E_MISUSE;
	sh_sig *g = v[i];
	out->property = g->property;
	out->signature = g->text;
	out->count = atomic_load(&g->count);
	out->seed = g->seed;
	out->detail = g->detail;
	out->path = g->path;
	out->state = atomic_load(&g->state);
	out->choices_from = g->choices_from;
	out->choices_to = g->choices_to;
	return 0;
}

char *ss_engine_replay_command(const ss_engine *e, const char *path)
{
	sh_buf b;
	sh_buf_init(&b);
	/* a name is found from anywhere; a descriptor path is given absolute */
	int named = !strchr(e->spec, '/') && !sh_ends_with(e->spec, ".json");
	sh_buf_printf(&b, "schemasync replay --engine %s %s", named ? e->spec : e->path, path);
	return sh_buf_take(&b);
}
