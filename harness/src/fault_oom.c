/* SPDX-License-Identifier: MIT */
/*
 * Out of memory, the loop SQLite runs on itself: the N-th allocation of a sync fails, for
 * N = 1, 2, ... until the sync runs through without reaching the N-th. The engine's
 * allocations (its one hook, ss_set_allocator) and SQLite's (sqlite3_config
 * SQLITE_CONFIG_MALLOC, set before sqlite3_initialize in the worker) are counted together,
 * so every point of either is tried. The failure is transient (only the N-th fails): under
 * a persistent one not even ROLLBACK could be prepared, and SQLite promises no cleanup then.
 * The hooks also count the engine's live blocks, for the leak check after every run.
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>

static struct {
	long n;     /* the allocation that fails, 0: none */
	long count; /* allocations since arming */
	int fired;
	long engine_live;
} g;

static sqlite3_mem_methods g_real;

/* One allocation: non-zero when it must fail. */
static int fail_now(void)
{
	if (g.n <= 0)
		return 0;
	return ++g.count == g.n;
}

/* ---- the engine's hook ------------------------------------------------------------------------ */

static void *e_malloc(void *ctx, size_t n)
{
	(void)ctx;
	if (fail_now()) {
		g.fired = 1;
		return NULL;
	}
	void *p = malloc(n);
	if (p)
		g.engine_live++;
	return p;
}

static void *e_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	if (fail_now()) {
		g.fired = 1;
		return NULL;
	}
	void *r = realloc(p, n);
	if (r && !p)
		g.engine_live++;
	return r;
}

static void e_free(void *ctx, void *p)
{
	(void)ctx;
	if (p)
		g.engine_live--;
	free(p);
}

/* ---- SQLite's allocator ------------------------------------------------------------------------ */

static void *s_malloc(int n)
{
	if (fail_now()) {
		g.fired = 2;
		return NULL;
	}
	return g_real.xMalloc(n);
}

static void *s_realloc(void *p, int n)
{
	if (fail_now()) {
		g.fired = 2;
		return NULL;
	}
	return g_real.xRealloc(p, n);
}

static void s_free(void *p)
{
	g_real.xFree(p);
}

static int s_size(void *p)
{
	return g_real.xSize(p);
}

static int s_roundup(int n)
{
	return g_real.xRoundup(n);
}

static int s_init(void *ctx)
{
	return g_real.xInit(ctx);
}

static void s_shutdown(void *ctx)
{
	g_real.xShutdown(ctx);
}

int sh_oom_install(void)
{
	static const ss_allocator engine = {e_malloc, e_realloc, e_free, NULL};
	static sqlite3_mem_methods wrapped = {s_malloc,  s_free, s_realloc,  s_size,
					      s_roundup, s_init, s_shutdown, NULL};
	static int done;
	if (done)
		return 0;
	/* SQLite's allocator can only be replaced while it is shut down */
	sqlite3_shutdown();
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_real) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK)
		return -1;
	ss_set_allocator(&engine);
	done = 1;
	return 0;
}

void sh_oom_arm(long n)
{
	g.n = n;
	g.count = 0;
	g.fired = 0;
}

void sh_oom_disarm(void)
{
	g.n = 0;
}

long sh_oom_seen(void)
{
	return g.count;
}

int sh_oom_fired(void)
{
	return g.fired;
}

long sh_oom_engine_live(void)
{
	return g.engine_live;
}

/* ---- the loop ---------------------------------------------------------------------------------- */

/*
 * N = 1, 2, ...: a copy of the pristine database (in memory), the sync with the N-th
 * allocation failing, the checks. Ends at the first N the sync does not reach (it then ran
 * without a fault), or after max_points.
 */
void sh_fault_oom_loop(sh_fcase *f, sh_frun *r)
{
	long max = f->w->o->max_points;
	for (long n = 1;; n++) {
		sqlite3 *live = sh_fault_live_memory(f);
		sh_ftrial t;
		sh_ftrial_begin(f, r, live, &t);
		sh_oom_arm(n);
		sh_ftrial_sync(f, live, &t);
		int fired = sh_oom_fired();
		sh_oom_disarm();
		char point[96];
		snprintf(point, sizeof(point), "allocation %ld (%s)", n,
			 fired == 1 ? "engine" : "SQLite");
		if (fired)
			f->w->rep->faults_injected[SS_FAULT_OOM]++;
		sh_ftrial_judge(f, r, live, &t, SS_FAULT_OOM, fired != 0, point);
		sqlite3_close(live);
		if (!fired || (max > 0 && n >= max))
			break;
	}
}
