/* SPDX-License-Identifier: MIT */
/*
 * The shim VFS of the fault campaign: registered under its own name over the default VFS
 * (only connections opened with SH_VFS_NAME use it), it passes every call through and, when
 * armed, either fails one operation (the I/O loop: the N-th read, write, sync, truncate or
 * lock; or a full disk from the N-th growing write on) or crashes (the crash loop: from the
 * N-th write or sync on, every operation fails as if the process had died).
 *
 * For a crash it records, for the main database, its rollback journal and its WAL, the
 * content as of the last sync (what a power loss cannot take away) and the writes and
 * truncations made since. After the crashed connection is closed, sh_vfs_crash_restore
 * writes each file back as the crash left it: the synced content plus none, all or a coin's
 * choice of the unsynced writes (whole writes, in order; SQLite assumes no more of a disk
 * than that writes between two syncs may be lost or reordered). Deleting a file is taken as
 * durable at once (SQLite syncs the directory after deleting a journal).
 *
 * One process, one armed fault at a time: the state is global (the campaign's workers are
 * separate processes).
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "fault.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the armed fault ------------------------------------------------------------------------ */

enum { ARM_NONE, ARM_COUNT, ARM_IO, ARM_CRASH };

static struct {
	int arm;
	int mode; /* ARM_IO: the SH_IO_* mode */
	long n;   /* the operation that fails */
	int at_sync, keep;
	uint64_t coin;
	long seen[SH_IO_MODES];
	int fired;
	int crashed; /* ARM_CRASH: everything fails from now on */
} g;

const char *sh_io_mode_name(int mode)
{
	static const char *const n[] = {"read", "write", "sync", "truncate", "lock", "full"};
	return mode >= 0 && mode < SH_IO_MODES ? n[mode] : "?";
}

/* ---- what a crash may lose ------------------------------------------------------------------ */

typedef struct trk_op {
	int trunc; /* a truncation to off, else a write of n bytes at off */
	sqlite3_int64 off;
	int n;
	unsigned char *data;
} trk_op;

typedef struct trk {
	char *path;
	int exists; /* as of the last sync */
	unsigned char *img;
	sqlite3_int64 len;
	trk_op *ops; /* since the last sync */
	int nops, cap;
} trk;

#define MAX_TRK 8
static trk g_trk[MAX_TRK];
static int g_ntrk;

static void trk_clear_ops(trk *t)
{
	for (int i = 0; i < t->nops; i++)
		free(t->ops[i].data);
	t->nops = 0;
}

static void trk_reset(void)
{
	for (int i = 0; i < g_ntrk; i++) {
		trk_clear_ops(&g_trk[i]);
		free(g_trk[i].ops);
		free(g_trk[i].img);
		free(g_trk[i].path);
	}
	memset(g_trk, 0, sizeof(g_trk));
	g_ntrk = 0;
}

/* Apply one operation to an image. */
static void img_apply(unsigned char **img, sqlite3_int64 *len, const trk_op *op)
{
	if (op->trunc) {
		if (op->off < *len)
			*len = op->off;
		return;
	}
	sqlite3_int64 end = op->off + op->n;
	if (end > *len) {
		*img = sh_realloc(*img, (size_t)end);
		memset(*img + *len, 0, (size_t)(end - *len));
		*len = end;
	}
	memcpy(*img + op->off, op->data, (size_t)op->n);
}

/* The record of path, created with its content on disk (before SQLite opens it). */
static int trk_find(const char *path)
{
	for (int i = 0; i < g_ntrk; i++)
		if (!strcmp(g_trk[i].path, path))
			return i;
	if (g_ntrk == MAX_TRK)
		return -1;
	trk *t = &g_trk[g_ntrk];
	memset(t, 0, sizeof(*t));
	t->path = sh_strdup(path);
	FILE *f = fopen(path, "rb");
	if (f) {
		t->exists = 1;
		unsigned char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			t->img = sh_realloc(t->img, (size_t)t->len + n);
			memcpy(t->img + t->len, chunk, n);
			t->len += (sqlite3_int64)n;
		}
		fclose(f);
	}
	return g_ntrk++;
}

static void trk_log(int idx, int trunc, sqlite3_int64 off, const void *data, int n)
{
	trk *t = &g_trk[idx];
	if (t->nops == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->ops = sh_realloc(t->ops, (size_t)t->cap * sizeof(trk_op));
	}
	trk_op *op = &t->ops[t->nops++];
	op->trunc = trunc;
	op->off = off;
	op->n = n;
	op->data = NULL;
	if (!trunc) {
		op->data = sh_malloc((size_t)n);
		memcpy(op->data, data, (size_t)n);
	}
}

static void trk_synced(int idx)
{
	trk *t = &g_trk[idx];
	for (int i = 0; i < t->nops; i++)
		img_apply(&t->img, &t->len, &t->ops[i]);
	t->exists = 1;
	trk_clear_ops(t);
}

static int coin(void)
{
	/* xorshift64 */
	g.coin ^= g.coin << 13;
	g.coin ^= g.coin >> 7;
	g.coin ^= g.coin << 17;
	return (int)(g.coin >> 63);
}

int sh_vfs_crash_restore(void)
{
	int rc = 0;
	for (int i = 0; i < g_ntrk; i++) {
		trk *t = &g_trk[i];
		unsigned char *img = NULL;
		sqlite3_int64 len = t->len;
		int exists = t->exists;
		if (len > 0) {
			img = sh_malloc((size_t)len);
			memcpy(img, t->img, (size_t)len);
		}
		for (int k = 0; k < t->nops; k++)
			if (g.keep == 1 || (g.keep == 2 && coin())) {
				img_apply(&img, &len, &t->ops[k]);
				exists = 1;
			}
		if (exists) {
			FILE *f = fopen(t->path, "wb");
			if (!f || (len > 0 && fwrite(img, 1, (size_t)len, f) != (size_t)len))
				rc = -1;
			if (f && fclose(f) != 0)
				rc = -1;
		} else if (unlink(t->path) != 0 && errno != ENOENT) {
			rc = -1;
		}
		free(img);
	}
	return rc;
}

/* ---- arming ---------------------------------------------------------------------------------- */

static void arm(int how)
{
	memset(g.seen, 0, sizeof(g.seen));
	g.fired = 0;
	g.crashed = 0;
	g.arm = how;
}

void sh_vfs_arm_count(void)
{
	trk_reset();
	arm(ARM_COUNT);
}

void sh_vfs_arm_io(int mode, long n)
{
	trk_reset();
	g.mode = mode;
	g.n = n;
	arm(ARM_IO);
}

void sh_vfs_arm_crash(int at_sync, long n, int keep, uint64_t seed)
{
	trk_reset();
	g.at_sync = at_sync;
	g.n = n;
	g.keep = keep;
	g.coin = seed | 1;
	arm(ARM_CRASH);
}

void sh_vfs_disarm(void)
{
	g.arm = ARM_NONE;
	g.crashed = 0;
}

long sh_vfs_seen(int mode)
{
	return mode >= 0 && mode < SH_IO_MODES ? g.seen[mode] : 0;
}

int sh_vfs_fired(void)
{
	return g.fired;
}

/*
 * Count an operation of mode; non-zero when it must fail. A crash fails the chosen
 * operation and everything after it; an I/O fault the chosen one only (FULL: from it on).
 */
static int fault_at(int mode)
{
	if (g.arm == ARM_NONE)
		return 0;
	if (g.crashed)
		return 1;
	long k = ++g.seen[mode];
	if (g.arm == ARM_CRASH) {
		int counted = g.at_sync ? mode == SH_IO_SYNC : mode == SH_IO_WRITE;
		if (counted && k == g.n) {
			g.crashed = 1;
			g.fired = 1;
			return 1;
		}
		return 0;
	}
	if (g.arm == ARM_IO && mode == g.mode && (k == g.n || (mode == SH_IO_FULL && k > g.n))) {
		g.fired = 1;
		return 1;
	}
	return 0;
}

/* ---- the file ---------------------------------------------------------------------------------- */

typedef struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;
	int trk; /* index of its crash record, -1: not recorded */
} shim_file;

static sqlite3_vfs *g_real;

#define REAL(f) (((shim_file *)(f))->real)
#define TRK(f) (((shim_file *)(f))->trk)

static int recording(sqlite3_file *f)
{
	return g.arm == ARM_CRASH && !g.crashed && TRK(f) >= 0;
}

static int x_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
	f->pMethods = NULL;
	return rc;
}

static int x_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fault_at(SH_IO_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int x_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (g.arm != ARM_NONE && !g.crashed) {
		sqlite3_int64 size = 0;
		if (REAL(f)->pMethods->xFileSize(REAL(f), &size) == SQLITE_OK && off + n > size &&
		    fault_at(SH_IO_FULL))
			return SQLITE_FULL;
	}
	if (fault_at(SH_IO_WRITE))
		return SQLITE_IOERR_WRITE;
	if (recording(f))
		trk_log(TRK(f), 0, off, buf, n);
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_at(SH_IO_TRUNCATE))
		return SQLITE_IOERR_TRUNCATE;
	if (recording(f))
		trk_log(TRK(f), 1, size, NULL, 0);
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

/* The real fsync is skipped: what a sync makes durable is the crash model's business
 * (trk_synced), and the campaigns stay bound by CPU instead of by the disk. */
static int x_sync(sqlite3_file *f, int flags)
{
	(void)flags;
	if (fault_at(SH_IO_SYNC))
		return SQLITE_IOERR_FSYNC;
	if (recording(f))
		trk_synced(TRK(f));
	return SQLITE_OK;
}

static int x_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	if (g.crashed)
		return SQLITE_IOERR_FSTAT;
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int x_lock(sqlite3_file *f, int level)
{
	if (fault_at(SH_IO_LOCK))
		return SQLITE_IOERR_LOCK;
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int x_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int x_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int x_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int x_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int x_device_characteristics(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int x_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	if (g.crashed)
		return SQLITE_IOERR_SHMMAP;
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int x_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	/* a crashed process holds no lock: taking one fails, releasing one is let through so
	 * that closing does not leave the shared-memory locks of this process behind */
	if (g.crashed && !(flags & SQLITE_SHM_UNLOCK))
		return SQLITE_IOERR_SHMLOCK;
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void x_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int x_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	*pp = NULL;
	(void)off;
	(void)n;
	(void)f;
	return SQLITE_OK; /* no memory map: every read goes through x_read */
}

static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {3,
						x_close,
						x_read,
						x_write,
						x_truncate,
						x_sync,
						x_file_size,
						x_lock,
						x_unlock,
						x_check_reserved,
						x_file_control,
						x_sector_size,
						x_device_characteristics,
						x_shm_map,
						x_shm_lock,
						x_shm_barrier,
						x_shm_unmap,
						x_fetch,
						x_unfetch};

/* ---- the VFS ----------------------------------------------------------------------------------- */

static int v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
	(void)vfs;
	shim_file *s = (shim_file *)f;
	s->real = (sqlite3_file *)&s[1];
	s->trk = -1;
	f->pMethods = NULL;
	if (g.crashed)
		return SQLITE_CANTOPEN;
	if (g.arm == ARM_CRASH && name &&
	    (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL)))
		s->trk = trk_find(name);
	int rc = g_real->xOpen(g_real, name, s->real, flags, out);
	f->pMethods = s->real->pMethods ? &shim_methods : NULL;
	return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	if (g.crashed)
		return SQLITE_IOERR_DELETE;
	if (g.arm == ARM_CRASH) {
		for (int i = 0; i < g_ntrk; i++)
			if (!strcmp(g_trk[i].path, name)) {
				trk_clear_ops(&g_trk[i]);
				g_trk[i].exists = 0;
				g_trk[i].len = 0;
			}
	}
	return g_real->xDelete(g_real, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return g_real->xAccess(g_real, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return g_real->xFullPathname(g_real, name, n, out);
}

static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return g_real->xDlOpen(g_real, name);
}

static void v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	g_real->xDlError(g_real, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return g_real->xDlSym(g_real, h, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	g_real->xDlClose(g_real, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return g_real->xRandomness(g_real, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return g_real->xSleep(g_real, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return g_real->xCurrentTime(g_real, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return g_real->xGetLastError(g_real, n, out);
}

static int v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return g_real->xCurrentTimeInt64(g_real, out);
}

static sqlite3_vfs g_shim;

int sh_vfs_register(void)
{
	if (g_real)
		return SQLITE_OK;
	sqlite3_vfs *real = sqlite3_vfs_find(NULL);
	if (!real || real->iVersion < 2)
		return SQLITE_ERROR;
	g_real = real;
	memset(&g_shim, 0, sizeof(g_shim));
	g_shim.iVersion = 2;
	g_shim.szOsFile = (int)sizeof(shim_file) + real->szOsFile;
	g_shim.mxPathname = real->mxPathname;
	g_shim.zName = SH_VFS_NAME;
	g_shim.xOpen = v_open;
	g_shim.xDelete = v_delete;
	g_shim.xAccess = v_access;
	g_shim.xFullPathname = v_full_pathname;
	g_shim.xDlOpen = v_dlopen;
	g_shim.xDlError = v_dlerror;
	g_shim.xDlSym = v_dlsym;
	g_shim.xDlClose = v_dlclose;
	g_shim.xRandomness = v_randomness;
	g_shim.xSleep = v_sleep;
	g_shim.xCurrentTime = v_current_time;
	g_shim.xGetLastError = v_last_error;
	g_shim.xCurrentTimeInt64 = v_current_time64;
	int rc = sqlite3_vfs_register(&g_shim, 0);
	if (rc != SQLITE_OK)
		g_real = NULL;
	return rc;
}
