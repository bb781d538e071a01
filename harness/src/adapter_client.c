/* SPDX-License-Identifier: MIT */
/*
 * The adapter protocol's transports (docs/ENGINES.md §3-4), from the harness' side.
 *
 * jsonl: one adapter process per harness process, started on the first sync (fork/exec of
 * the descriptor's command, in a process group of its own, stdin/stdout pipes, stderr
 * appended to LOG_DIR/adapter-<pid>.log), greeted with hello (three failed hellos in a row
 * stop the run), then one request line and one reply line at a time, each under the
 * per-request timeout. A timeout, a line that is not a JSON object or carries the wrong id,
 * or the end of the adapter's stdout kill the whole process group; the next sync starts a new
 * adapter. bye at the end (killed after 5 s).
 *
 * command: one fork/exec of the template per sync, placeholders replaced, the definitions in
 * a file beside the database; the exit status is the answer, stdout the plan, stderr the
 * message (also appended to the log); killed at the timeout.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "adapter.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAIL_BYTES 4096

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- kinds and replies ------------------------------------------------------------------------ */

static const char *const kind_names[SH_NKINDS] = {
	"ok",   "refused",  "destructive", "constraint", "invalid", "unsupported",
	"busy", "internal", "timeout",     "crashed",    "protocol"};

const char *sh_kind_name(int kind)
{
	return kind >= 0 && kind < SH_NKINDS ? kind_names[kind] : "?";
}

int sh_kind_code(int kind)
{
	switch (kind) {
	case SH_OK:
		return SS_OK;
	case SH_REFUSED:
		return SS_E_REFUSED;
	case SH_DESTRUCTIVE:
		return SS_E_DESTRUCTIVE;
	case SH_CONSTRAINT:
		return SS_E_CONSTRAINT;
	case SH_INVALID:
		return SS_E_INVALID;
	case SH_UNSUPPORTED:
		return SS_E_UNSUPPORTED;
	default:
		return SS_E_SQLITE;
	}
}

/* The kind a reply's error.kind names (an unknown one is internal). */
static int kind_of(const char *name)
{
	for (int k = SH_REFUSED; k <= SH_INTERNAL; k++)
		if (name && !strcmp(name, kind_names[k]))
			return k;
	return SH_INTERNAL;
}

void sh_sync_reply_free(sh_sync_reply *r)
{
	free(r->message);
	sh_strv_free(&r->plan);
	memset(r, 0, sizeof(*r));
}

char *sh_sync_reply_plan_text(const sh_sync_reply *r)
{
	sh_buf b;
	sh_buf_init(&b);
	for (size_t i = 0; i < r->plan.n; i++)
		sh_buf_printf(&b, "%s;\n", r->plan.v[i]);
	return sh_buf_take(&b);
}

/* A plan statement: surrounding white space and a trailing ';' dropped. */
static void push_statement(sh_strv *plan, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n && s[n - 1] == ';')
		n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n)
		sh_strv_push(plan, sh_strndup(s, n));
}

/* ---- this process's folder and log ------------------------------------------------------------ */

const char *sh_engine_dir(ss_engine *e)
{
	if (e->dir)
		return e->dir;
	/* tmpfs when there is one: every sync writes and syncs a database file several times */
	const char *base = e->opts.work_dir;
	if (!base)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	if (!base || !base[0])
		base = "/tmp";
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "%s/ss-engine-%ld-XXXXXX", base, (long)getpid());
	char *d = sh_buf_take(&b);
	if (!mkdtemp(d)) {
		/* the caller's file operations then fail and name the folder */
		snprintf(d + strlen(d) - 6, 7, "failed");
	}
	e->dir = d;
	return d;
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *it;
		while ((it = readdir(d))) {
			if (!strcmp(it->d_name, ".") || !strcmp(it->d_name, ".."))
				continue;
			sh_buf p;
			sh_buf_init(&p);
			sh_buf_printf(&p, "%s/%s", path, it->d_name);
			struct stat st;
			if (lstat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(p.data);
			else
				unlink(p.data);
			sh_buf_free(&p);
		}
		closedir(d);
	}
	rmdir(path);
}

/* mkdir -p */
static void make_dirs(const char *path)
{
	char *p = sh_strdup(path);
	for (char *s = p[0] ? p + 1 : p; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0777);
			*s = '/';
		}
	mkdir(p, 0777);
	free(p);
}

/* The log file adapters' stderr is appended to (opened on first use); -1 when it cannot be. */
static int log_fd(ss_engine *e)
{
	if (e->log_fd >= 0)
		return e->log_fd;
	sh_buf p;
	sh_buf_init(&p);
	if (e->opts.log_dir) {
		make_dirs(e->opts.log_dir);
		sh_buf_printf(&p, "%s/adapter-%ld.log", e->opts.log_dir, (long)getpid());
	} else {
		sh_buf_printf(&p, "%s/adapter.log", sh_engine_dir(e));
	}
	e->log_fd = open(p.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	free(e->log_path);
	e->log_path = sh_buf_take(&p);
	return e->log_fd;
}

static off_t log_size(ss_engine *e)
{
	struct stat st;
	return log_fd(e) >= 0 && fstat(e->log_fd, &st) == 0 ? st.st_size : 0;
}

/* What the adapter wrote to its log since offset from (the last TAIL_BYTES), or "". */
static char *log_since(ss_engine *e, off_t from)
{
	off_t end = log_size(e);
	if (end - from > TAIL_BYTES)
		from = end - TAIL_BYTES;
	sh_buf b;
	sh_buf_init(&b);
	int fd = e->log_path ? open(e->log_path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0 && end > from && lseek(fd, from, SEEK_SET) == from) {
		char chunk[TAIL_BYTES];
		ssize_t n = read(fd, chunk, (size_t)(end - from));
		while (n > 0 && (chunk[n - 1] == '\n' || chunk[n - 1] == ' '))
			n--;
		if (n > 0)
			sh_buf_add(&b, chunk, (size_t)n);
	}
	if (fd >= 0)
		close(fd);
	return sh_buf_take(&b);
}

/* ---- processes --------------------------------------------------------------------------------- */

/* A pipe whose ends are closed on exec (pipe2 is not POSIX). */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd))
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* fork/exec argv in a process group of its own with the given stdin, stdout, stderr (-1:
 * /dev/null) and the descriptor's env; the child's pid, or -1. */
static pid_t spawn(ss_engine *e, char *const *argv, int in, int out, int err)
{
	static int sigpipe_ignored;
	if (!sigpipe_ignored) {
		/* a dead adapter must read as a crash, not kill the harness */
		signal(SIGPIPE, SIG_IGN);
		sigpipe_ignored = 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		int null = open("/dev/null", O_RDWR);
		dup2(in >= 0 ? in : null, 0);
		dup2(out >= 0 ? out : null, 1);
		dup2(err >= 0 ? err : null, 2);
		for (size_t i = 0; i < e->env.n; i++)
			putenv(e->env.v[i]);
		execvp(argv[0], argv);
		dprintf(2, "schemasync: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid); /* also in the parent: no race with the first kill */
	return pid;
}

static void kill_group(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
	}
}

static void describe_status(char *out, size_t len, int st)
{
	if (WIFSIGNALED(st))
		snprintf(out, len, "killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	else
		snprintf(out, len, "exited with status %d", WEXITSTATUS(st));
}

/* ---- jsonl ------------------------------------------------------------------------------------- */

/* Forget the adapter (its fds); the caller has killed or reaped it. */
static void jsonl_drop(ss_engine *e)
{
	if (e->to_fd >= 0)
		close(e->to_fd);
	if (e->from_fd >= 0)
		close(e->from_fd);
	e->to_fd = e->from_fd = -1;
	e->pid = 0;
	sh_buf_free(&e->rbuf);
	sh_buf_init(&e->rbuf);
}

static void jsonl_kill(ss_engine *e)
{
	kill_group(e->pid);
	jsonl_drop(e);
}

void sh_engine_adopt(ss_engine *e)
{
	if (e->owner == getpid())
		return;
	/* a forked child: the parent's adapter, folder and log are the parent's */
	if (e->to_fd >= 0)
		close(e->to_fd);
	if (e->from_fd >= 0)
		close(e->from_fd);
	if (e->log_fd >= 0)
		close(e->log_fd);
	e->to_fd = e->from_fd = e->log_fd = -1;
	e->pid = 0;
	sh_buf_init(&e->rbuf);
	e->dir = NULL;
	e->log_path = NULL;
	e->owner = getpid();
}

static int jsonl_start(ss_engine *e, char *msg, size_t len)
{
	int in[2], out[2];
	if (cloexec_pipe(in) || cloexec_pipe(out)) {
		snprintf(msg, len, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = spawn(e, e->argv.v, in[0], out[1], log_fd(e));
	close(in[0]);
	close(out[1]);
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		snprintf(msg, len, "fork: %s", strerror(errno));
		return -1;
	}
	e->pid = pid;
	e->to_fd = in[1];
	e->from_fd = out[0];
	fcntl(e->to_fd, F_SETFL, fcntl(e->to_fd, F_GETFL) | O_NONBLOCK);
	fcntl(e->from_fd, F_SETFL, fcntl(e->from_fd, F_GETFL) | O_NONBLOCK);
	sh_buf_free(&e->rbuf);
	sh_buf_init(&e->rbuf);
	atomic_fetch_add(&e->sh->hellos, 1);
	return 0;
}

/* Milliseconds left until deadline (>= 0). */
static int left_ms(double deadline)
{
	double l = deadline - now();
	return l > 0 ? (int)(l * 1000) + 1 : 0;
}

static int write_all(int fd, const char *s, size_t n, double deadline)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return SH_CRASHED;
		struct pollfd p = {fd, POLLOUT, 0};
		int ms = left_ms(deadline);
		if (ms == 0 || (poll(&p, 1, ms) == 0))
			return SH_TIMEOUT;
	}
	return SH_OK;
}

/* The next non-empty line from the adapter (malloc'd) into *line, or a transport kind. */
static int read_line(ss_engine *e, char **line, double deadline)
{
	for (;;) {
		char *nl = e->rbuf.data ? memchr(e->rbuf.data, '\n', e->rbuf.len) : NULL;
		if (nl) {
			size_t n = (size_t)(nl - e->rbuf.data);
			char *l = sh_strndup(e->rbuf.data, n);
			memmove(e->rbuf.data, nl + 1, e->rbuf.len - n - 1);
			e->rbuf.len -= n + 1;
			e->rbuf.data[e->rbuf.len] = 0;
			if (strspn(l, " \t\r") == strlen(l)) {
				free(l);
				continue;
			}
			*line = l;
			return SH_OK;
		}
		char chunk[65536];
		ssize_t r = read(e->from_fd, chunk, sizeof(chunk));
		if (r > 0) {
			sh_buf_add(&e->rbuf, chunk, (size_t)r);
			continue;
		}
		if (r == 0)
			return SH_CRASHED;
		if (errno != EAGAIN && errno != EINTR)
			return SH_CRASHED;
		struct pollfd p = {e->from_fd, POLLIN, 0};
		int ms = left_ms(deadline);
		if (ms == 0 || poll(&p, 1, ms) == 0)
			return SH_TIMEOUT;
	}
}

/*
 * One request (req gets its id) and its reply. SH_OK with *reply, or a transport kind with a
 * message in msg (the adapter is then killed and forgotten).
 */
static int jsonl_request(ss_engine *e, cJSON *req, cJSON **reply, double timeout, char *msg,
			 size_t len)
{
	*reply = NULL;
	long id = ++e->next_id;
	cJSON_AddNumberToObject(req, "id", (double)id);
	char *text = cJSON_PrintUnformatted(req);
	sh_buf b;
	sh_buf_init(&b);
	sh_buf_printf(&b, "%s\n", text ? text : "{}");
	cJSON_free(text);
	double deadline = now() + timeout;
	int kind = write_all(e->to_fd, b.data, b.len, deadline);
	sh_buf_free(&b);
	char *line = NULL;
	if (kind == SH_OK)
		kind = read_line(e, &line, deadline);
	if (kind == SH_OK) {
		cJSON *r = cJSON_Parse(line);
		const cJSON *rid = r ? cJSON_GetObjectItemCaseSensitive(r, "id") : NULL;
		if (!cJSON_IsObject(r)) {
			snprintf(msg, len,
				 "adapter protocol error: not a JSON object on stdout: %.200s",
				 line);
			kind = SH_PROTOCOL;
		} else if (!cJSON_IsNumber(rid) || rid->valuedouble != (double)id) {
			snprintf(msg, len, "adapter protocol error: reply id %s, expected %ld",
				 cJSON_IsNumber(rid) ? "differs" : "missing", id);
			kind = SH_PROTOCOL;
		}
		if (kind == SH_OK)
			*reply = r;
		else
			cJSON_Delete(r);
	} else if (kind == SH_TIMEOUT) {
		snprintf(msg, len, "adapter timeout: no reply within %g s", timeout);
	}
	free(line);
	if (kind == SH_CRASHED) {
		int st = 0;
		char how[160] = "closed its stdout";
		/* give an exiting adapter a moment to be reaped; then it is killed anyway */
		for (int i = 0; i < 50; i++) {
			if (waitpid(e->pid, &st, WNOHANG) == e->pid) {
				describe_status(how, sizeof(how), st);
				e->pid = 0;
				break;
			}
			struct timespec ts = {0, 10 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
		snprintf(msg, len, "adapter crashed: %s", how);
	}
	if (kind != SH_OK) {
		atomic_fetch_add(kind == SH_TIMEOUT   ? &e->sh->timeouts
				 : kind == SH_CRASHED ? &e->sh->crashes
						      : &e->sh->protocol,
				 1);
		jsonl_kill(e);
	}
	return kind;
}

static int hello(ss_engine *e, char *msg, size_t len)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "op", "hello");
	cJSON_AddNumberToObject(req, "protocol", 1);
	cJSON *r = NULL;
	off_t from = log_size(e);
	/* an adapter's start-up (Node loading its engine) is not a sync: at least 20 s */
	int kind = jsonl_request(e, req, &r, e->opts.timeout > 20 ? e->opts.timeout : 20, msg, len);
	cJSON_Delete(req);
	if (kind != SH_OK) {
		char *tail = log_since(e, from);
		size_t n = strlen(msg);
		if (tail[0] && n + 10 < len)
			snprintf(msg + n, len - n, "; stderr: %s", tail);
		free(tail);
		return -1;
	}
	const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r, "ok");
	const cJSON *protocol = cJSON_GetObjectItemCaseSensitive(r, "protocol");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(r, "name");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(r, "version");
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(r, "capabilities");
	cJSON *want = cJSON_Parse(e->caps_json);
	int rc = 0;
	if (!cJSON_IsTrue(ok) ||
	    (protocol && (!cJSON_IsNumber(protocol) || protocol->valuedouble != 1))) {
		const cJSON *er = cJSON_GetObjectItemCaseSensitive(r, "error");
		const cJSON *m = er ? cJSON_GetObjectItemCaseSensitive(er, "message") : NULL;
		snprintf(msg, len, "hello refused: %s",
			 cJSON_IsString(m) ? m->valuestring : "not protocol 1");
		rc = -1;
	} else if (caps && !cJSON_Compare(caps, want, 1)) {
		snprintf(msg, len,
			 "descriptor error: hello's capabilities differ from those of %s (the "
			 "generator draws from the descriptor's)",
			 e->path);
		rc = -2;
	} else {
		free(e->hello_name);
		free(e->hello_version);
		e->hello_name = cJSON_IsString(name) ? sh_strdup(name->valuestring) : NULL;
		e->hello_version = cJSON_IsString(version) ? sh_strdup(version->valuestring) : NULL;
	}
	cJSON_Delete(want);
	cJSON_Delete(r);
	if (rc)
		jsonl_kill(e);
	return rc;
}

/* This process's adapter, started and greeted; -1 (and the run stopped) when three hellos in
 * a row failed, or at once on a descriptor error. */
static int ensure_adapter(ss_engine *e, char *msg, size_t len)
{
	sh_engine_adopt(e);
	if (e->pid > 0)
		return 0;
	if (atomic_load(&e->sh->stopped)) {
		snprintf(msg, len, "the run was stopped: %s", e->sh->stop_message);
		return -1;
	}
	for (int attempt = 0; attempt < 3; attempt++) {
		int rc = jsonl_start(e, msg, len);
		if (rc == 0 && (rc = hello(e, msg, len)) == 0)
			return 0;
		if (rc == -2)
			break;
	}
	if (!atomic_exchange(&e->sh->stopped, 1))
		snprintf(e->sh->stop_message, sizeof(e->sh->stop_message), "%s: %s", e->spec, msg);
	return -1;
}

int ss_engine_hello(ss_engine *e, ss_error *err)
{
	char msg[1024] = "";
	if (e->transport != SH_JSONL)
		return 0;
	if (ensure_adapter(e, msg, sizeof(msg)))
		return sh_fail(err, SS_E_SYSTEM, "%s", msg);
	return 0;
}

static cJSON *sync_request(ss_engine *e, const sh_sync_req *rq)
{
	static const char *const strategies[] = {"auto", "scratch-db", "prefix"};
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "op", "sync");
	cJSON_AddStringToObject(req, "db", rq->db);
	cJSON_AddStringToObject(req, "definitions", rq->definitions);
	cJSON *o = cJSON_AddObjectToObject(req, "options");
	cJSON_AddStringToObject(o, "strategy", strategies[rq->strategy % 3]);
	cJSON_AddBoolToObject(o, "allowDestructive", rq->allow_destructive);
	cJSON_AddBoolToObject(o, "allowEmpty", rq->allow_empty);
	cJSON_AddBoolToObject(o, "foreignKeys", rq->foreign_keys);
	cJSON_AddStringToObject(o, "profile", rq->profile ? "durable-object" : "default");
	cJSON_AddBoolToObject(o, "dryRun", rq->dry_run);
	cJSON *x = cJSON_AddArrayToObject(o, "excludedTables");
	size_t n = rq->nexcluded;
	const char *const *list = rq->excluded ? rq->excluded : ss_default_excluded_tables(&n);
	(void)e;
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(x, cJSON_CreateString(list[i]));
	return req;
}

static int strategy_of(const char *s)
{
	return !s                         ? -1
	       : !strcmp(s, "auto")       ? SS_STRATEGY_AUTO
	       : !strcmp(s, "scratch-db") ? SS_STRATEGY_SCRATCH_DB
	       : !strcmp(s, "prefix")     ? SS_STRATEGY_PREFIX
					  : -1;
}

static void read_plan(sh_sync_reply *rp, const cJSON *plan)
{
	if (!cJSON_IsArray(plan))
		return;
	rp->has_plan = 1;
	for (const cJSON *it = plan->child; it; it = it->next)
		if (cJSON_IsString(it))
			push_statement(&rp->plan, it->valuestring, strlen(it->valuestring));
}

static int jsonl_sync(ss_engine *e, const sh_sync_req *rq, sh_sync_reply *rp)
{
	char msg[2048] = "";
	if (ensure_adapter(e, msg, sizeof(msg)))
		return SS_E_SYSTEM;
	cJSON *req = sync_request(e, rq);
	cJSON *r = NULL;
	off_t from = log_size(e);
	rp->kind = jsonl_request(e, req, &r, e->opts.timeout, msg, sizeof(msg));
	cJSON_Delete(req);
	if (rp->kind != SH_OK) {
		char *tail = log_since(e, from);
		sh_buf m;
		sh_buf_init(&m);
		sh_buf_adds(&m, msg);
		if (tail[0])
			sh_buf_printf(&m, "; stderr: %.1000s", tail);
		rp->message = sh_buf_take(&m);
		free(tail);
		atomic_fetch_add(&e->sh->restarts, 1);
		return 0;
	}
	const cJSON *ok = cJSON_GetObjectItemCaseSensitive(r, "ok");
	read_plan(rp, cJSON_GetObjectItemCaseSensitive(r, "plan"));
	const cJSON *strategy = cJSON_GetObjectItemCaseSensitive(r, "strategy");
	rp->strategy_used = strategy_of(cJSON_IsString(strategy) ? strategy->valuestring : NULL);
	if (cJSON_IsTrue(ok)) {
		rp->kind = SH_OK;
	} else {
		const cJSON *er = cJSON_GetObjectItemCaseSensitive(r, "error");
		const cJSON *k = er ? cJSON_GetObjectItemCaseSensitive(er, "kind") : NULL;
		const cJSON *m = er ? cJSON_GetObjectItemCaseSensitive(er, "message") : NULL;
		const cJSON *applied = cJSON_GetObjectItemCaseSensitive(r, "applied");
		rp->kind = kind_of(cJSON_IsString(k) ? k->valuestring : NULL);
		rp->message = sh_strdup(cJSON_IsString(m) ? m->valuestring : "(no message)");
		rp->applied = cJSON_IsNumber(applied) ? (long)applied->valuedouble : -1;
	}
	cJSON_Delete(r);
	return 0;
}

static void jsonl_bye(ss_engine *e)
{
	if (e->pid <= 0)
		return;
	static const char bye[] = "{\"op\":\"bye\"}\n";
	if (write(e->to_fd, bye, sizeof(bye) - 1) < 0) {
		/* gone already: reaped below */
	}
	close(e->to_fd);
	e->to_fd = -1;
	for (int i = 0; i < 500; i++) {
		if (waitpid(e->pid, NULL, WNOHANG) == e->pid) {
			/* the group may still hold children of the adapter */
			kill(-e->pid, SIGKILL);
			jsonl_drop(e);
			return;
		}
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	jsonl_kill(e);
}

/* ---- command ----------------------------------------------------------------------------------- */

/* The template's element with the sync's placeholders replaced. */
static char *fill(const char *t, const sh_sync_req *rq, const char *defs)
{
	static const char *const strategies[] = {"auto", "scratch-db", "prefix"};
	sh_buf x;
	sh_buf_init(&x);
	size_t n = rq->nexcluded;
	const char *const *list = rq->excluded ? rq->excluded : ss_default_excluded_tables(&n);
	for (size_t i = 0; i < n; i++)
		sh_buf_printf(&x, "%s%s", i ? "," : "", list[i]);
	const char *keys[] = {"{db}",          "{definitions}",    "{allowDestructive}",
			      "{foreignKeys}", "{strategy}",       "{profile}",
			      "{dryRun}",      "{excludedTables}", "{allowEmpty}"};
	const char *vals[] = {rq->db,
			      defs,
			      rq->allow_destructive ? "true" : "false",
			      rq->foreign_keys ? "on" : "off",
			      strategies[rq->strategy % 3],
			      rq->profile ? "durable-object" : "default",
			      rq->dry_run ? "true" : "false",
			      x.data ? x.data : "",
			      rq->allow_empty ? "true" : "false"};
	sh_buf b;
	sh_buf_init(&b);
	while (*t) {
		size_t k = 0;
		while (k < 9 && strncmp(t, keys[k], strlen(keys[k])))
			k++;
		if (k < 9) {
			sh_buf_adds(&b, vals[k]);
			t += strlen(keys[k]);
		} else {
			sh_buf_addc(&b, *t++);
		}
	}
	sh_buf_free(&x);
	return sh_buf_take(&b);
}

/* stdout as a plan: statements end with ';' at the end of a line; "-- " lines are reasons. */
static void parse_plan(sh_strv *plan, const char *out)
{
	sh_buf cur;
	sh_buf_init(&cur);
	for (const char *s = out; *s;) {
		size_t n = strcspn(s, "\n");
		size_t m = n;
		while (m && (s[m - 1] == ' ' || s[m - 1] == '\r' || s[m - 1] == '\t'))
			m--;
		if (!(cur.len == 0 && (!strncmp(s, "-- ", 3) || m == 0))) {
			sh_buf_add(&cur, s, n);
			sh_buf_addc(&cur, '\n');
			if (m && s[m - 1] == ';') {
				push_statement(plan, cur.data, cur.len);
				cur.len = 0;
			}
		}
		s += n;
		if (*s)
			s++;
	}
	if (cur.len)
		push_statement(plan, cur.data, cur.len);
	sh_buf_free(&cur);
}

/* Read out and err until both end or the deadline passes; 0, or -1 on the timeout. */
static int drain(int out, int err, sh_buf *o, sh_buf *er, double deadline)
{
	struct pollfd p[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int ms = left_ms(deadline);
		if (ms == 0)
			return -1;
		if (poll(p, 2, ms) < 0 && errno != EINTR)
			return -1;
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char chunk[8192];
			ssize_t r = read(p[i].fd, chunk, sizeof(chunk));
			if (r > 0)
				sh_buf_add(i ? er : o, chunk, (size_t)r);
			else if (r == 0 || (errno != EINTR && errno != EAGAIN))
				p[i].fd = -1;
		}
	}
	return 0;
}

static int command_sync(ss_engine *e, const sh_sync_req *rq, sh_sync_reply *rp)
{
	sh_buf defs;
	sh_buf_init(&defs);
	sh_buf_printf(&defs, "%s/definitions.sql", sh_engine_dir(e));
	FILE *f = fopen(defs.data, "w");
	if (!f || fputs(rq->definitions, f) < 0) {
		rp->kind = SH_INTERNAL;
		rp->message = sh_strdup("the harness cannot write the definitions file");
		if (f)
			fclose(f);
		sh_buf_free(&defs);
		return 0;
	}
	fclose(f);
	sh_strv argv = {0};
	for (size_t i = 0; i < e->argv.n; i++)
		sh_strv_push(&argv, fill(e->argv.v[i], rq, defs.data));
	sh_strv_push(&argv, NULL);
	argv.n--;
	int out[2], err[2];
	if (cloexec_pipe(out) || cloexec_pipe(err)) {
		rp->kind = SH_INTERNAL;
		rp->message = sh_strdup("pipe failed");
		sh_strv_free(&argv);
		sh_buf_free(&defs);
		return 0;
	}
	double deadline = now() + e->opts.timeout;
	pid_t pid = spawn(e, argv.v, -1, out[1], err[1]);
	close(out[1]);
	close(err[1]);
	sh_buf o, er;
	sh_buf_init(&o);
	sh_buf_init(&er);
	int timed_out = pid < 0 || drain(out[0], err[0], &o, &er, deadline);
	close(out[0]);
	close(err[0]);
	int st = 0;
	if (timed_out) {
		kill_group(pid);
	} else {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
		}
	}
	if (er.len && log_fd(e) >= 0 && write(e->log_fd, er.data, er.len) < 0) {
		/* the log is for people; a failed write loses nothing the reply needs */
	}
	const char *tail = er.data ? er.data : "";
	if (er.len > TAIL_BYTES)
		tail += er.len - TAIL_BYTES;
	sh_buf m;
	sh_buf_init(&m);
	if (timed_out) {
		rp->kind = SH_TIMEOUT;
		sh_buf_printf(&m, "adapter timeout: the command did not end within %g s",
			      e->opts.timeout);
		atomic_fetch_add(&e->sh->timeouts, 1);
	} else if (WIFSIGNALED(st)) {
		char how[160];
		describe_status(how, sizeof(how), st);
		rp->kind = SH_CRASHED;
		sh_buf_printf(&m, "adapter crashed: the command %s", how);
		atomic_fetch_add(&e->sh->crashes, 1);
	} else {
		static const int by_status[8] = {SH_OK,          SH_INTERNAL,   SH_INTERNAL,
						 SH_REFUSED,     SH_CONSTRAINT, SH_INVALID,
						 SH_UNSUPPORTED, SH_BUSY};
		int code = WEXITSTATUS(st);
		rp->kind = code < 8 ? by_status[code] : SH_INTERNAL;
		/* status 3 is refused or destructive: with allowDestructive off, the guard */
		if (rp->kind == SH_REFUSED && !rq->allow_destructive)
			rp->kind = SH_DESTRUCTIVE;
		if (rp->kind == SH_OK) {
			rp->has_plan = 1;
			parse_plan(&rp->plan, o.data ? o.data : "");
		} else if (code == 127 && strstr(tail, "cannot run")) {
			rp->kind = SH_CRASHED;
		}
	}
	if (rp->kind != SH_OK) {
		if (m.len && tail[0])
			sh_buf_adds(&m, "; stderr: ");
		sh_buf_printf(&m, "%.1500s", tail);
		while (m.len && (m.data[m.len - 1] == '\n' || m.data[m.len - 1] == ' '))
			m.data[--m.len] = 0;
		rp->message = sh_buf_take(&m);
	} else {
		sh_buf_free(&m);
	}
	sh_buf_free(&o);
	sh_buf_free(&er);
	sh_strv_free(&argv);
	sh_buf_free(&defs);
	return 0;
}

/* ---- the sync ---------------------------------------------------------------------------------- */

int sh_engine_sync(ss_engine *e, const sh_sync_req *rq, sh_sync_reply *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->applied = -1;
	rp->strategy_used = -1;
	sh_engine_adopt(e);
	double t = now();
	int rc = e->transport == SH_JSONL ? jsonl_sync(e, rq, rp) : command_sync(e, rq, rp);
	if (rc == 0) {
		atomic_fetch_add(&e->sh->requests, 1);
		atomic_fetch_add(&e->sh->request_us, (long)((now() - t) * 1e6));
	}
	return rc;
}

void ss_engine_stop(ss_engine *e)
{
	if (!e || e->owner != getpid())
		return;
	if (e->transport == SH_JSONL)
		jsonl_bye(e);
	if (e->log_fd >= 0)
		close(e->log_fd);
	e->log_fd = -1;
	if (e->dir) {
		remove_tree(e->dir);
		free(e->dir);
		e->dir = NULL;
	}
	free(e->log_path);
	e->log_path = NULL;
}
