/* SPDX-License-Identifier: MIT */
/*
 * Dependency order: tables are created referenced-first (their foreign keys), views
 * mentioned-first, and both are dropped in the reverse order. Kahn's algorithm with a
 * min-heap of ready items by index: ties and cycles fall back to the input order, which is
 * sorted by key, so the result is deterministic (both strategies must produce byte-identical
 * plans).
 *
 * Example: tables to create [a, b, c] where a references c: b and c are ready at once, a
 * waits for c, so the order is b, c, a; dropping them goes a, c, b.
 */
#include "planner.h"

#include <stdlib.h>

/* qsort, after one pass that finds the input usually already in order (objects are kept
 * sorted by key). */
static void sort_unless_sorted(void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	const char *v = base;
	for (size_t i = 1; i < n; i++)
		if (cmp(v + (i - 1) * size, v + i * size) > 0) {
			qsort(base, n, size, cmp);
			return;
		}
}

static int cmp_key_obj(const void *a, const void *b)
{
	const topo_item *x = a, *y = b;
	return strcmp(x->obj->key, y->obj->key);
}

static size_t find_item(const topo_item *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].obj->key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Each item's dependencies, from the names it references (tables: use_fk) or mentions
 * (views), all in one block (*block, for the caller to free). */
static int topo_build_deps(topo_item *v, size_t n, int use_fk, size_t **block)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += use_fk ? v[i].obj->nfk : v[i].obj->nmentions;
	size_t *at = *block = ss__malloc((total ? total : 1) * sizeof(size_t));
	if (at == NULL)
		return SS_E_NOMEM;
	for (size_t i = 0; i < n; i++) {
		char *const *names = use_fk ? v[i].obj->fk_targets : v[i].obj->mentions;
		size_t nn = use_fk ? v[i].obj->nfk : v[i].obj->nmentions;
		v[i].deps = at;
		for (size_t k = 0; k < nn; k++) {
			size_t j = find_item(v, n, names[k]);
			if (j != (size_t)-1 && j != i)
				v[i].deps[v[i].ndeps++] = j;
		}
		at += nn;
	}
	return 0;
}

/* Kahn's algorithm's state: in-degrees, reverse edges, and a min-heap of ready items. */
typedef struct kahn {
	size_t *indeg;
	size_t *rev_start; /* rev[rev_start[j] .. rev_start[j + 1]): the items waiting for j */
	size_t *rev;
	size_t *heap, hn;
	unsigned char *done;
} kahn;

static void kahn_free(kahn *k)
{
	ss_free(k->indeg);
	ss_free(k->done);
	ss_free(k->rev_start);
	ss_free(k->rev);
	ss_free(k->heap);
}

/* Allocate k for n items and fill in-degrees and reverse edges. */
static int kahn_init(kahn *k, const topo_item *v, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += v[i].ndeps;
	k->hn = 0;
	k->indeg = ss__calloc(n ? n : 1, sizeof(size_t));
	k->done = ss__calloc(n ? n : 1, 1);
	k->rev_start = ss__calloc(n + 1, sizeof(size_t));
	k->rev = ss__calloc(total ? total : 1, sizeof(size_t));
	k->heap = ss__calloc(n ? n : 1, sizeof(size_t));
	size_t *fill = ss__calloc(n ? n : 1, sizeof(size_t));
	if (!k->indeg || !k->done || !k->rev_start || !k->rev || !k->heap || !fill) {
		ss_free(fill);
		kahn_free(k);
		return SS_E_NOMEM;
	}
	/* reverse edges: for dependency j, the items that wait for it */
	for (size_t i = 0; i < n; i++) {
		k->indeg[i] = v[i].ndeps;
		for (size_t e = 0; e < v[i].ndeps; e++)
			k->rev_start[v[i].deps[e] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		k->rev_start[i + 1] += k->rev_start[i];
	for (size_t i = 0; i < n; i++)
		for (size_t e = 0; e < v[i].ndeps; e++) {
			size_t j = v[i].deps[e];
			k->rev[k->rev_start[j] + fill[j]++] = i;
		}
	ss_free(fill);
	return 0;
}

static void heap_push(kahn *k, size_t x)
{
	size_t *heap = k->heap, c = k->hn++;
	heap[c] = x;
	while (c > 0 && heap[(c - 1) / 2] > heap[c]) {
		size_t t = heap[c];
		heap[c] = heap[(c - 1) / 2];
		heap[(c - 1) / 2] = t;
		c = (c - 1) / 2;
	}
}

static size_t heap_pop(kahn *k)
{
	size_t *heap = k->heap, x = heap[0], c = 0;
	heap[0] = heap[--k->hn];
	for (;;) {
		size_t l = 2 * c + 1, r = l + 1, m = c;
		if (l < k->hn && heap[l] < heap[m])
			m = l;
		if (r < k->hn && heap[r] < heap[m])
			m = r;
		if (m == c)
			break;
		size_t t = heap[c];
		heap[c] = heap[m];
		heap[m] = t;
		c = m;
	}
	return x;
}

/*
 * Order items so that each comes after the items it depends on; ready items leave in index
 * (= key) order, and a cycle releases the first item not yet emitted. Writes the order into
 * out (n entries).
 */
static int topo_sort(topo_item *v, size_t n, size_t *out)
{
	kahn k;
	size_t outn = 0, next_unforced = 0;
	if (kahn_init(&k, v, n) != 0)
		return SS_E_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (k.indeg[i] == 0)
			heap_push(&k, i);
	while (outn < n) {
		size_t x;
		if (k.hn == 0) {
			/* a cycle: release the first item not yet emitted */
			while (k.done[next_unforced])
				next_unforced++;
			x = next_unforced;
		} else {
			x = heap_pop(&k);
			if (k.done[x])
				continue;
		}
		k.done[x] = 1;
		out[outn++] = x;
		for (size_t e = k.rev_start[x]; e < k.rev_start[x + 1]; e++) {
			size_t w = k.rev[e];
			if (!k.done[w] && k.indeg[w] > 0 && --k.indeg[w] == 0)
				heap_push(&k, w);
		}
	}
	kahn_free(&k);
	return 0;
}

int ss__topo_begin(planner *pl, topo_list *t, size_t cap)
{
	t->n = 0;
	t->deps = NULL;
	t->items = ss__calloc(cap ? cap : 1, sizeof(topo_item));
	t->order = ss__calloc(cap ? cap : 1, sizeof(size_t));
	return (t->items && t->order) ? 0 : ss__plan_nomem(pl);
}

int ss__topo_finish(planner *pl, topo_list *t, int use_fk)
{
	sort_unless_sorted(t->items, t->n, sizeof(topo_item), cmp_key_obj);
	if (topo_build_deps(t->items, t->n, use_fk, &t->deps) != 0 ||
	    topo_sort(t->items, t->n, t->order) != 0)
		return ss__plan_nomem(pl);
	return 0;
}

void ss__topo_end(topo_list *t)
{
	ss_free(t->items);
	ss_free(t->deps);
	ss_free(t->order);
	memset(t, 0, sizeof(*t));
}
