/* SPDX-License-Identifier: MIT */
/*
 * Virtual tables in the model: FTS5 and R*Tree. A CREATE VIRTUAL TABLE's arguments are
 * split at top-level commas and normalized, so that formatting, quoting, option order and
 * options spelled out at their default never count; what does count is the module, the
 * columns in order (with FTS5's UNINDEXED, R*Tree's auxiliary "+name type"), and the FTS5
 * options (prefix lengths as a set, tokenize, content, content_rowid, columnsize, detail,
 * and any other option verbatim). Also the shadow-table suffix rule, for SQLite versions
 * whose PRAGMA table_list cannot name shadow tables.
 *
 * Example: `CREATE VIRTUAL TABLE docs USING FTS5(body, "Title" UNINDEXED,
 * prefix = '3 2', detail=full)` gives the key
 *   `virtual fts5 ("body", "Title" unindexed; prefix=2 3)`,
 * vkind SS_VT_FTS5_OWN, cols [body, Title]; with content='posts' it is
 * SS_VT_FTS5_EXTERNAL with vcontent "posts".
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

int ss__vtab_module_supported(const char *module)
{
	return module != NULL &&
	       (ss_stricmp(module, "fts5") == 0 || ss_stricmp(module, "rtree") == 0 ||
		ss_stricmp(module, "rtree_i32") == 0);
}

/* One argument: tokens [first, first + n) of the statement. */
typedef struct vt_arg {
	size_t first, n;
} vt_arg;

/* The arguments between the '(' after the module and its ')', split at top-level commas,
 * into *out (caller frees). No parentheses: no arguments. */
static int split_args(vt_arg **out, size_t *count, const ss_tokens *toks, const ss_create_info *ci)
{
	size_t i = (size_t)ci->module_tok + 1, cap = 8, depth = 0, start;
	*count = 0;
	*out = ss__calloc(cap, sizeof(vt_arg));
	if (*out == NULL)
		return -1;
	if (i >= toks->n || !ss_tok_punct(&toks->v[i], '('))
		return 0;
	start = ++i;
	for (; i < toks->n; i++) {
		const ss_token *t = &toks->v[i];
		if (ss_tok_punct(t, '(')) {
			depth++;
			continue;
		}
		int end = ss_tok_punct(t, ')') && depth == 0;
		if (ss_tok_punct(t, ')') && depth > 0) {
			depth--;
			continue;
		}
		if (!end && !(ss_tok_punct(t, ',') && depth == 0))
			continue;
		if (i > start) {
			if (*count == cap) {
				vt_arg *v = ss__realloc(*out, 2 * cap * sizeof(vt_arg));
				if (v == NULL)
					return -1;
				*out = v;
				cap *= 2;
			}
			(*out)[(*count)++] = (vt_arg){start, i - start};
		}
		start = i + 1;
		if (end)
			break;
	}
	return 0;
}

/* A value token's text: strings and quoted names unquoted, anything else verbatim. */
static void add_value_token(ss_buf *b, const ss_token *t)
{
	if (t->type == SS_TK_STRING || t->type == SS_TK_QIDENT) {
		char *id = ss_tok_ident(t);
		if (id == NULL) {
			b->failed = 1;
			return;
		}
		ss_buf_adds(b, id);
		ss_free(id);
		return;
	}
	ss_buf_add(b, t->z, t->n);
}

/* The text of an option's value (tokens after '='), one space between tokens, runs of
 * spaces inside an unquoted string collapsed; lower-cased when fold. Caller frees. */
static char *option_value(const ss_token *v, size_t n, int fold)
{
	ss_buf raw, b;
	ss_buf_init(&raw);
	ss_buf_init(&b);
	for (size_t k = 0; k < n; k++) {
		if (k)
			ss_buf_addc(&raw, ' ');
		add_value_token(&raw, &v[k]);
	}
	if (raw.failed) {
		ss_buf_free(&raw);
		return NULL;
	}
	int space = 0;
	for (size_t k = 0; raw.data && k < raw.len; k++) {
		char c = raw.data[k];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			ss_buf_addc(&b, ' ');
		space = 0;
		ss_buf_addc(&b, fold && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
	}
	ss_buf_free(&raw);
	if (b.len == 0)
		ss_buf_adds(&b, "");
	return ss_buf_detach(&b);
}

/* An FTS5 option, normalized: "key=value", or "" for an option at its default. */
typedef struct fts_opt {
	char *text;
} fts_opt;

static int cmp_opt(const void *a, const void *b)
{
	return strcmp(((const fts_opt *)a)->text, ((const fts_opt *)b)->text);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* What the FTS5 arguments say, gathered while normalizing. */
typedef struct fts_info {
	long prefixes[64];
	size_t nprefix;
	int has_content;
	char *content;             /* lower-cased; "" for contentless */
	int no_docsize;            /* columnsize=0 */
	int contentless_unindexed; /* keeps a _content table even when contentless */
} fts_info;

/* Prefix lengths of one prefix= value (FTS5 accepts "2 3", "2,3", and repeated options). */
static void collect_prefixes(fts_info *fi, const char *value)
{
	const char *p = value;
	while (*p) {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		long v = 0;
		while (*p >= '0' && *p <= '9' && v < 100000)
			v = v * 10 + (*p++ - '0');
		if (fi->nprefix < sizeof(fi->prefixes) / sizeof(fi->prefixes[0]))
			fi->prefixes[fi->nprefix++] = v;
	}
}

/* Is an option at FTS5's default (so writing it out changes nothing)? */
static int fts_default(const char *key, const char *value)
{
	return (strcmp(key, "detail") == 0 && strcmp(value, "full") == 0) ||
	       (strcmp(key, "columnsize") == 0 && strcmp(value, "1") == 0) ||
	       (strcmp(key, "contentless_delete") == 0 && strcmp(value, "0") == 0) ||
	       (strcmp(key, "content_rowid") == 0 && strcmp(value, "rowid") == 0);
}

/* One FTS5 option key = value into *opt; the prefixes and content into fi. */
static int fts_option(fts_opt *opt, fts_info *fi, const ss_token *t, size_t n)
{
	char *key = option_value(t, 1, 1);
	/* names and keywords are folded; a tokenizer's arguments keep their case */
	int fold = key != NULL && strcmp(key, "tokenize") != 0;
	char *value = option_value(t + 2, n - 2, fold);
	int rc = 0;
	ss_buf b;
	ss_buf_init(&b);
	if (key == NULL || value == NULL) {
		rc = -1;
	} else if (strcmp(key, "prefix") == 0) {
		collect_prefixes(fi, value);
	} else {
		if (strcmp(key, "content") == 0) {
			fi->has_content = 1;
			ss_free(fi->content);
			fi->content = ss__strdup(value);
			if (fi->content == NULL)
				rc = -1;
		}
		if (strcmp(key, "columnsize") == 0)
			fi->no_docsize = strcmp(value, "0") == 0;
		if (strcmp(key, "contentless_unindexed") == 0)
			fi->contentless_unindexed = strcmp(value, "1") == 0;
		if (!fts_default(key, value))
			ss_buf_printf(&b, "%s=%s", key, value);
	}
	ss_free(key);
	ss_free(value);
	opt->text = ss_buf_detach(&b);
	return rc != 0 || opt->text == NULL ? -1 : 0;
}

/* The normalized prefix option ("prefix=2 3"), or nothing when none. */
static void add_prefixes(ss_buf *b, fts_info *fi)
{
	if (fi->nprefix == 0)
		return;
	qsort(fi->prefixes, fi->nprefix, sizeof(long), cmp_long);
	ss_buf_adds(b, b->len ? "; prefix=" : "prefix=");
	for (size_t k = 0; k < fi->nprefix; k++) {
		if (k > 0 && fi->prefixes[k] == fi->prefixes[k - 1])
			continue;
		ss_buf_printf(b, k ? " %ld" : "%ld", fi->prefixes[k]);
	}
}

/* Is argument a an FTS5 option (name = value)? */
static int is_option(const ss_tokens *toks, const vt_arg *a)
{
	return a->n >= 2 && ss_tok_punct(&toks->v[a->first + 1], '=');
}

/*
 * The normalized argument list of an FTS5 table into b: columns in order, then the options
 * sorted. fi receives the prefixes and content.
 */
static int fts_args(ss_buf *b, fts_info *fi, const ss_tokens *toks, const vt_arg *args, size_t n)
{
	fts_opt *opts = ss__calloc(n ? n : 1, sizeof(fts_opt));
	size_t nopt = 0;
	int rc = 0, cols = 0;
	if (opts == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const ss_token *t = &toks->v[args[i].first];
		if (is_option(toks, &args[i])) {
			rc = fts_option(&opts[nopt++], fi, t, args[i].n);
			continue;
		}
		/* the name as spelled; UNINDEXED (FTS5's only column keyword) in any case */
		ss_buf_adds(b, cols++ ? ", " : "");
		rc = ss_sql_normalize(b, t, 1);
		if (rc == 0 && args[i].n > 1) {
			ss_buf_addc(b, ' ');
			rc = ss_sql_normalize_mode(b, t + 1, args[i].n - 1, args[i].n - 1);
		}
	}
	ss_buf cb;
	ss_buf_init(&cb);
	if (rc == 0 && nopt > 1)
		qsort(opts, nopt, sizeof(fts_opt), cmp_opt);
	for (size_t k = 0; rc == 0 && k < nopt; k++) {
		if (opts[k].text[0] == 0)
			continue;
		ss_buf_adds(&cb, cb.len ? "; " : "");
		ss_buf_adds(&cb, opts[k].text);
	}
	if (rc == 0)
		add_prefixes(&cb, fi);
	if (cb.failed) /* options lost to a failed allocation would compare as none */
		rc = -1;
	if (rc == 0 && cb.len) {
		ss_buf_adds(b, "; ");
		ss_buf_adds(b, cb.data);
	}
	ss_buf_free(&cb);
	for (size_t k = 0; k < nopt; k++)
		ss_free(opts[k].text);
	ss_free(opts);
	return rc;
}

/* The key, and for FTS5 what its options say (fi may be NULL). */
static char *vtab_norm(const ss_tokens *toks, const ss_create_info *ci, fts_info *fi)
{
	vt_arg *args = NULL;
	size_t n = 0;
	fts_info local;
	ss_buf b;
	memset(&local, 0, sizeof(local));
	if (fi == NULL)
		fi = &local;
	ss_buf_init(&b);
	if (ci->module_tok < 0 || split_args(&args, &n, toks, ci) != 0) {
		ss_free(args);
		return NULL;
	}
	char *module = option_value(&toks->v[ci->module_tok], 1, 1);
	if (module == NULL) {
		ss_free(args);
		return NULL;
	}
	ss_buf_printf(&b, "virtual %s (", module);
	int rc = 0;
	if (strcmp(module, "fts5") == 0) {
		rc = fts_args(&b, fi, toks, args, n);
	} else {
		/* R*Tree: every argument is a column, in order; an auxiliary column's type
		 * compares without case */
		for (size_t i = 0; i < n && rc == 0; i++) {
			const ss_token *t = &toks->v[args[i].first];
			size_t head = args[i].n > 1 && ss_tok_punct(t, '+') ? 2 : 1;
			if (head > args[i].n)
				head = args[i].n;
			ss_buf_adds(&b, i ? ", " : "");
			rc = ss_sql_normalize(&b, t, head);
			if (rc == 0 && args[i].n > head) {
				ss_buf_addc(&b, ' ');
				rc = ss_sql_normalize_mode(&b, t + head, args[i].n - head,
							   args[i].n - head);
			}
		}
	}
	ss_buf_addc(&b, ')');
	ss_free(module);
	ss_free(args);
	if (fi == &local)
		ss_free(local.content);
	if (rc != 0) {
		ss_buf_free(&b);
		return NULL;
	}
	return ss_buf_detach(&b);
}

char *ss__vtab_norm(const ss_tokens *toks, const ss_create_info *ci)
{
	return vtab_norm(toks, ci, NULL);
}

/* One column of a virtual table: its name (without R*Tree's '+'), and argument texts. */
static int add_column(ss_object *o, const ss_tokens *toks, const vt_arg *a)
{
	const ss_token *t = &toks->v[a->first];
	size_t n = a->n;
	ss_column *c = &o->cols[o->ncols];
	unsigned flags = 0;
	if (n > 1 && ss_tok_punct(t, '+')) {
		t++;
		n--;
		flags = SS_COL_VTAB_AUX;
	}
	ss_buf norm;
	ss_buf_init(&norm);
	ss_sql_normalize(&norm, t + 1, n - 1);
	memset(c, 0, sizeof(*c));
	c->flags = flags;
	c->name = ss_tok_ident(t);
	c->def_sql = ss__strndup(toks->v[a->first].z,
				 (size_t)(t[n - 1].z + t[n - 1].n - toks->v[a->first].z));
	c->def_norm = ss_buf_detach(&norm);
	c->type = ss__strdup("");
	o->ncols++;
	return c->name && c->def_sql && c->def_norm && c->type ? 0 : -1;
}

int ss__vtab_parse(ss_object *o, const ss_tokens *toks, const ss_create_info *ci, ss_error *err)
{
	vt_arg *args = NULL;
	size_t n = 0;
	fts_info fi;
	int rc = 0;
	memset(&fi, 0, sizeof(fi));
	if (ci->module_tok < 0)
		return ss__fail(err, SS_E_INVALID, "virtual table \"%s\": no module", o->name);
	o->vmodule = option_value(&toks->v[ci->module_tok], 1, 1);
	if (o->vmodule == NULL)
		return ss__fail(err, SS_E_NOMEM, "out of memory");
	if (!ss__vtab_module_supported(o->vmodule))
		return ss__fail(err, SS_E_UNSUPPORTED,
				"virtual table \"%s\": module \"%s\" is not supported by schema "
				"sync (only fts5, rtree and rtree_i32)",
				o->name, o->vmodule);
	char *norm = vtab_norm(toks, ci, &fi);
	ss_free(norm);
	if (norm == NULL || split_args(&args, &n, toks, ci) != 0 ||
	    (o->options = ss__strdup("")) == NULL ||
	    (o->cols = ss__calloc(n ? n : 1, sizeof(ss_column))) == NULL) {
		rc = ss__fail(err, SS_E_NOMEM, "out of memory");
		goto done;
	}
	int fts = strcmp(o->vmodule, "fts5") == 0;
	for (size_t i = 0; i < n; i++) {
		if (fts && is_option(toks, &args[i]))
			continue;
		if (add_column(o, toks, &args[i]) != 0) {
			rc = ss__fail(err, SS_E_NOMEM, "out of memory");
			goto done;
		}
	}
	if (!fts)
		o->vkind = SS_VT_RTREE;
	else if (!fi.has_content)
		o->vkind = SS_VT_FTS5_OWN;
	else if (fi.content == NULL || fi.content[0] == 0)
		o->vkind = SS_VT_FTS5_CONTENTLESS;
	else {
		o->vkind = SS_VT_FTS5_EXTERNAL;
		o->vcontent = fi.content;
		fi.content = NULL;
	}
	o->facts_loaded = 1; /* no PRAGMA facts: the arguments are the whole definition */
done:
	ss_free(fi.content);
	ss_free(args);
	return rc;
}

/* The shadow-table suffixes a virtual table of this CREATE text owns, NULL-terminated,
 * into out (room for 6). -1 without memory. */
static int shadow_suffixes(const char *sql, const char **out)
{
	static const char *const rtree[] = {"node", "parent", "rowid", NULL};
	ss_tokens toks = {0};
	ss_create_info ci;
	fts_info fi;
	int rc = 0;
	size_t k = 0;
	memset(&fi, 0, sizeof(fi));
	memset(&ci, 0, sizeof(ci));
	out[0] = NULL;
	if (ss_tokens_lex(&toks, sql, strlen(sql)) != 0) {
		rc = -1;
		goto done;
	}
	int crc = ss_sql_classify(&ci, &toks, NULL);
	if (crc == SS_E_NOMEM) {
		rc = -1; /* not "owns nothing": its shadow tables would be planned as tables */
		goto done;
	}
	if (crc != 0 || !ci.is_virtual || ci.module_tok < 0)
		goto done; /* not a virtual table we know: it owns nothing */
	char *module = option_value(&toks.v[ci.module_tok], 1, 1);
	if (module == NULL) {
		rc = -1;
		goto done;
	}
	if (strcmp(module, "rtree") == 0 || strcmp(module, "rtree_i32") == 0) {
		for (; rtree[k]; k++)
			out[k] = rtree[k];
	} else if (strcmp(module, "fts5") == 0) {
		char *norm = vtab_norm(&toks, &ci, &fi);
		if (norm == NULL)
			rc = -1;
		ss_free(norm);
		out[k++] = "data";
		out[k++] = "idx";
		out[k++] = "config";
		if (!fi.has_content || fi.contentless_unindexed)
			out[k++] = "content";
		if (!fi.no_docsize)
			out[k++] = "docsize";
	}
	out[k] = NULL;
	ss_free(module);
done:
	ss_free(fi.content);
	ss_tokens_free(&toks);
	ss_create_info_clear(&ci);
	return rc;
}

int ss__vtab_is_shadow_name(const char *name, const char *const *vnames, const char *const *vsqls,
			    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(vnames[i]);
		if (ss_strnicmp(name, vnames[i], len) != 0 || name[len] != '_')
			continue;
		const char *suffixes[8];
		if (shadow_suffixes(vsqls[i], suffixes) != 0)
			return -1;
		for (size_t k = 0; suffixes[k]; k++)
			if (ss_stricmp(name + len + 1, suffixes[k]) == 0)
				return 1;
	}
	return 0;
}
