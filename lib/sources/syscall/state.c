/* SPDX-License-Identifier: Apache-2.0 */
/* Thread and fd tables of the syscall source: a u64 hash map, bounded
 * tables with sampled least-recently-used eviction. */
#include "state.h"

#include <string.h>

/* How many occupied slots an eviction looks at before picking the oldest. */
#define EVICT_SAMPLE 32

/* ---- u64 map ---- */

static size_t u64_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

void fci_u64map_init(fci_u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void fci_u64map_free(fci_u64map *m)
{
	fci_free(m->slots);
	memset(m, 0, sizeof(*m));
}

void *fci_u64map_get(const fci_u64map *m, uint64_t key)
{
	size_t mask, i;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = u64_hash(key) & mask; m->slots[i].val; i = (i + 1) & mask)
		if (m->slots[i].key == key)
			return m->slots[i].val;
	return NULL;
}

static void u64map_insert(fci_u64map_slot *slots, size_t cap, uint64_t key, void *val)
{
	size_t mask = cap - 1, i;

	for (i = u64_hash(key) & mask; slots[i].val; i = (i + 1) & mask)
		if (slots[i].key == key)
			break;
	slots[i].key = key;
	slots[i].val = val;
}

int fci_u64map_put(fci_u64map *m, uint64_t key, void *val)
{
	size_t mask, i;

	if (m->cap) {
		mask = m->cap - 1;
		for (i = u64_hash(key) & mask; m->slots[i].val; i = (i + 1) & mask)
			if (m->slots[i].key == key) {
				m->slots[i].val = val;
				return FC_OK;
			}
	}
	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 16;
		fci_u64map_slot *ns = fci_calloc(ncap, sizeof(*ns));

		if (!ns)
			return FC_ENOMEM;
		for (i = 0; i < m->cap; i++)
			if (m->slots[i].val)
				u64map_insert(ns, ncap, m->slots[i].key, m->slots[i].val);
		fci_free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	u64map_insert(m->slots, m->cap, key, val);
	m->n++;
	return FC_OK;
}

void *fci_u64map_del(fci_u64map *m, uint64_t key)
{
	size_t mask, i, j;
	void *val;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = u64_hash(key) & mask; m->slots[i].val; i = (i + 1) & mask)
		if (m->slots[i].key == key)
			break;
	if (!m->slots[i].val)
		return NULL;
	val = m->slots[i].val;
	m->slots[i].val = NULL;
	m->n--;
	/* backward-shift deletion keeps probe chains intact without tombstones */
	j = i;
	for (;;) {
		size_t h;

		j = (j + 1) & mask;
		if (!m->slots[j].val)
			break;
		h = u64_hash(m->slots[j].key) & mask;
		/* move j to i when h is not cyclically within (i, j] */
		if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
			m->slots[i] = m->slots[j];
			m->slots[j].val = NULL;
			i = j;
		}
	}
	return val;
}

/* Picks an approximately least recently used key among a sample of
 * occupied slots starting at *cursor. Returns false when empty. */
static bool u64map_pick_old(const fci_u64map *m, size_t *cursor, uint64_t (*age)(const void *),
                            const void *keep, uint64_t *key)
{
	size_t seen = 0, i, k;
	uint64_t best = UINT64_MAX;
	bool found = false;

	if (!m->n)
		return false;
	for (k = 0; k < m->cap && seen < EVICT_SAMPLE; k++) {
		i = (*cursor + k) & (m->cap - 1);
		if (!m->slots[i].val || m->slots[i].val == keep)
			continue;
		seen++;
		if (age(m->slots[i].val) < best || !found) {
			best = age(m->slots[i].val);
			*key = m->slots[i].key;
			found = true;
		}
	}
	*cursor = (*cursor + k) & (m->cap - 1);
	return found;
}

/* ---- strings ---- */

int fci_setstr(char **dst, const char *s, size_t n)
{
	char *p = fci_malloc(n + 1);

	if (!p)
		return FC_ENOMEM;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	fci_free(*dst);
	*dst = p;
	return FC_OK;
}

int fci_setbuf(char **dst, size_t *dlen, const char *s, size_t n)
{
	int rc = fci_setstr(dst, s, n);

	if (rc == FC_OK)
		*dlen = n;
	return rc;
}

/* ---- fds ---- */

void fci_fd_free(fci_fd *f)
{
	if (!f)
		return;
	fci_free(f->name);
	fci_free(f->nameraw);
	fci_free(f);
}

void fci_fd_set_name(fci_fd *f, const char *name, size_t len)
{
	(void)fci_setstr(&f->name, name, len);
}

fci_fd *fci_fd_dup(const fci_fd *f)
{
	fci_fd *n = fci_malloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *f;
	n->name = f->name ? fci_strdup(f->name) : NULL;
	n->nameraw = f->nameraw ? fci_strdup(f->nameraw) : NULL;
	if ((f->name && !n->name) || (f->nameraw && !n->nameraw)) {
		fci_fd_free(n);
		return NULL;
	}
	return n;
}

fci_fdtable *fci_fdtable_new(uint32_t max, uint64_t *evicted_counter)
{
	fci_fdtable *t = fci_calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	fci_u64map_init(&t->map);
	t->refs = 1;
	t->max = max;
	t->evicted_counter = evicted_counter;
	return t;
}

void fci_fdtable_unref(fci_fdtable *t)
{
	size_t i;

	if (!t || --t->refs > 0)
		return;
	for (i = 0; i < t->map.cap; i++)
		if (t->map.slots[i].val)
			fci_fd_free(t->map.slots[i].val);
	fci_u64map_free(&t->map);
	fci_free(t);
}

fci_fdtable *fci_fdtable_clone(const fci_fdtable *t)
{
	fci_fdtable *n = fci_fdtable_new(t->max, t->evicted_counter);
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < t->map.cap; i++) {
		fci_fd *f;

		if (!t->map.slots[i].val)
			continue;
		f = fci_fd_dup(t->map.slots[i].val);
		if (!f || fci_u64map_put(&n->map, (uint64_t)f->num, f) < 0) {
			fci_fd_free(f);
			fci_fdtable_unref(n);
			return NULL;
		}
	}
	return n;
}

fci_fd *fci_fdtable_get(fci_fdtable *t, int64_t num)
{
	return t ? fci_u64map_get(&t->map, (uint64_t)num) : NULL;
}

static uint64_t fd_age(const void *p)
{
	return ((const fci_fd *)p)->lastuse;
}

fci_fd *fci_fdtable_add(fci_fdtable *t, int64_t num, uint64_t now)
{
	fci_fd *f = fci_u64map_get(&t->map, (uint64_t)num);

	if (f) {
		fci_free(f->name);
		fci_free(f->nameraw);
		memset(f, 0, sizeof(*f));
	} else {
		uint64_t victim;

		if (t->max && t->map.n >= t->max &&
		    u64map_pick_old(&t->map, &t->evict_cursor, fd_age, NULL, &victim)) {
			fci_fd_free(fci_u64map_del(&t->map, victim));
			if (t->evicted_counter)
				(*t->evicted_counter)++;
		}
		f = fci_calloc(1, sizeof(*f));
		if (!f)
			return NULL;
		if (fci_u64map_put(&t->map, (uint64_t)num, f) < 0) {
			fci_free(f);
			return NULL;
		}
	}
	f->num = num;
	f->lastuse = now;
	f->name = fci_strdup("");
	if (!f->name) {
		fci_fd_free(fci_u64map_del(&t->map, (uint64_t)num));
		return NULL;
	}
	return f;
}

void fci_fdtable_del(fci_fdtable *t, int64_t num)
{
	if (t)
		fci_fd_free(fci_u64map_del(&t->map, (uint64_t)num));
}

/* ---- threads ---- */

void fci_threadtable_init(fci_threadtable *t, uint32_t max_threads, uint32_t max_fds)
{
	memset(t, 0, sizeof(*t));
	fci_u64map_init(&t->map);
	t->max = max_threads;
	t->max_fds = max_fds;
}

void fci_thread_free(fci_thread *th)
{
	if (!th)
		return;
	fci_free(th->comm);
	fci_free(th->exe);
	fci_free(th->exepath);
	fci_free(th->cwd);
	fci_free(th->args);
	fci_free(th->env);
	fci_free(th->cgroups);
	fci_free(th->cmdline);
	fci_free(th->last_enter);
	fci_fdtable_unref(th->fds);
	fci_free(th);
}

void fci_threadtable_free(fci_threadtable *t)
{
	size_t i;

	for (i = 0; i < t->map.cap; i++)
		if (t->map.slots[i].val)
			fci_thread_free(t->map.slots[i].val);
	fci_u64map_free(&t->map);
}

fci_thread *fci_thread_get(fci_threadtable *t, int64_t tid)
{
	return fci_u64map_get(&t->map, (uint64_t)tid);
}

static uint64_t thread_age(const void *p)
{
	return ((const fci_thread *)p)->lastuse;
}

fci_thread *fci_thread_add(fci_threadtable *t, int64_t tid, uint64_t now, const fci_thread *keep)
{
	fci_thread *th, *old;
	uint64_t victim;

	th = fci_calloc(1, sizeof(*th));
	if (!th)
		return NULL;
	th->tid = tid;
	th->pid = tid;
	th->ptid = -1;
	th->vtid = tid;
	th->vpid = tid;
	th->sid = -1;
	th->vpgid = -1;
	th->pgid = -1;
	th->loginuid = -1;
	th->uid = UINT32_MAX;
	th->gid = UINT32_MAX;
	th->lastuse = now;
	memcpy(th->container_id, "host", 5);
	th->fds = fci_fdtable_new(t->max_fds, &t->fds_evicted);
	if (!th->fds) {
		fci_free(th);
		return NULL;
	}
	old = fci_u64map_get(&t->map, (uint64_t)tid);
	if (!old && t->max && t->map.n >= t->max &&
	    u64map_pick_old(&t->map, &t->evict_cursor, thread_age, keep, &victim)) {
		fci_thread_free(fci_u64map_del(&t->map, victim));
		t->evicted++;
	}
	if (fci_u64map_put(&t->map, (uint64_t)tid, th) < 0) {
		fci_thread_free(th);
		return NULL;
	}
	fci_thread_free(old);
	return th;
}

void fci_thread_del(fci_threadtable *t, int64_t tid)
{
	fci_thread_free(fci_u64map_del(&t->map, (uint64_t)tid));
}

fci_thread *fci_thread_main(fci_threadtable *t, fci_thread *th)
{
	fci_thread *m;

	if (!th || th->pid == th->tid || th->pid <= 0)
		return th;
	m = fci_thread_get(t, th->pid);
	return m ? m : th;
}

int fci_thread_update_cmdline(fci_thread *th)
{
	fci_buf b;
	size_t i;

	fci_buf_init(&b);
	fci_buf_adds(&b, th->comm ? th->comm : "");
	if (th->args_len) {
		fci_buf_addc(&b, ' ');
		for (i = 0; i < th->args_len; i++) {
			char c = th->args[i];

			/* args are NUL-separated; the last one may lack its NUL */
			if (c == '\0') {
				if (i + 1 < th->args_len)
					fci_buf_addc(&b, ' ');
			} else {
				fci_buf_addc(&b, c);
			}
		}
	}
	if (b.oom) {
		fci_buf_free(&b);
		return FC_ENOMEM;
	}
	fci_free(th->cmdline);
	th->cmdline = b.p ? fci_buf_steal(&b) : fci_strdup("");
	return th->cmdline ? FC_OK : FC_ENOMEM;
}
