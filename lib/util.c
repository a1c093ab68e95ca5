/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation wrappers, growable buffers, arena, string hash map. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *fci_malloc(size_t n)
{
	return malloc(n ? n : 1);
}

void *fci_calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *fci_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}

void fci_free(void *p)
{
	free(p);
}

char *fci_strndup(const char *s, size_t n)
{
	char *d = fci_malloc(n + 1);

	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *fci_strdup(const char *s)
{
	return s ? fci_strndup(s, strlen(s)) : NULL;
}

char *fci_vasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	s = fci_malloc((size_t)n + 1);
	if (!s)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *fci_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = fci_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int fci_grow(void **arr, size_t *cap, size_t need, size_t esz)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return FC_OK;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / esz)
			return FC_ENOMEM;
		ncap *= 2;
	}
	p = fci_realloc(*arr, ncap * esz);
	if (!p)
		return FC_ENOMEM;
	*arr = p;
	*cap = ncap;
	return FC_OK;
}

/* ---- fci_buf ---- */

void fci_buf_init(fci_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void fci_buf_free(fci_buf *b)
{
	fci_free(b->p);
	memset(b, 0, sizeof(*b));
}

void fci_buf_reset(fci_buf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->p)
		b->p[0] = '\0';
}

void fci_buf_add(fci_buf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (fci_grow((void **)&b->p, &b->cap, b->len + n + 1, 1) < 0) {
		b->oom = true;
		return;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void fci_buf_addc(fci_buf *b, char c)
{
	fci_buf_add(b, &c, 1);
}

void fci_buf_adds(fci_buf *b, const char *s)
{
	fci_buf_add(b, s, strlen(s));
}

void fci_buf_printf(fci_buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || fci_grow((void **)&b->p, &b->cap, b->len + (size_t)n + 1, 1) < 0) {
		b->oom = true;
		va_end(ap2);
		return;
	}
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

void fci_buf_add_json_str(fci_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	fci_buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fci_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			fci_buf_add(b, "\\\\", 2);
			break;
		case '\n':
			fci_buf_add(b, "\\n", 2);
			break;
		case '\r':
			fci_buf_add(b, "\\r", 2);
			break;
		case '\t':
			fci_buf_add(b, "\\t", 2);
			break;
		case '\b':
			fci_buf_add(b, "\\b", 2);
			break;
		case '\f':
			fci_buf_add(b, "\\f", 2);
			break;
		default:
			if (c < 0x20) {
				char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

				fci_buf_add(b, e, 6);
			} else {
				fci_buf_addc(b, (char)c);
			}
		}
	}
	fci_buf_addc(b, '"');
}

char *fci_buf_steal(fci_buf *b)
{
	char *p = b->p;

	if (!p)
		p = fci_strdup("");
	memset(b, 0, sizeof(*b));
	return p;
}

/* ---- arena ---- */

struct fci_arena_chunk {
	fci_arena_chunk *next;
	size_t size;
	size_t used;
	/* data follows, 8-aligned */
	max_align_t data[];
};

void fci_arena_init(fci_arena *a, size_t chunk_size)
{
	memset(a, 0, sizeof(*a));
	a->chunk_size = chunk_size ? chunk_size : 16384;
}

void *fci_arena_alloc(fci_arena *a, size_t n)
{
	fci_arena_chunk *c = a->head;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (a->limit && a->total + n > a->limit)
		return NULL;
	if (!c || c->size - c->used < n) {
		size_t sz = n > a->chunk_size ? n : a->chunk_size;

		c = fci_malloc(sizeof(*c) + sz);
		if (!c)
			return NULL;
		c->size = sz;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *fci_arena_strndup(fci_arena *a, const char *s, size_t n)
{
	char *d = fci_arena_alloc(a, n + 1);

	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *fci_arena_strdup(fci_arena *a, const char *s)
{
	return fci_arena_strndup(a, s, strlen(s));
}

void fci_arena_reset(fci_arena *a)
{
	fci_arena_chunk *c = a->head, *keep = NULL;

	/* keep the largest chunk so steady state does not allocate */
	while (c) {
		fci_arena_chunk *next = c->next;

		if (!keep || c->size > keep->size) {
			if (keep)
				fci_free(keep);
			keep = c;
		} else {
			fci_free(c);
		}
		c = next;
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->total = 0;
}

void fci_arena_free(fci_arena *a)
{
	fci_arena_chunk *c = a->head;

	while (c) {
		fci_arena_chunk *next = c->next;

		fci_free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

/* ---- string map (FNV-1a, linear probing) ---- */

uint64_t fci_hash(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void fci_strmap_init(fci_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void fci_strmap_free(fci_strmap *m)
{
	fci_free(m->slots);
	memset(m, 0, sizeof(*m));
}

static fci_strmap_slot *strmap_find(const fci_strmap *m, const char *key, size_t klen, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		fci_strmap_slot *s = &m->slots[i];

		if (!s->key)
			return s;
		if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

int fci_strmap_put(fci_strmap *m, const char *key, size_t klen, void *val)
{
	uint64_t h = fci_hash(key, klen);
	fci_strmap_slot *s;

	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 16, i;
		fci_strmap old = *m;

		m->slots = fci_calloc(ncap, sizeof(*m->slots));
		if (!m->slots) {
			*m = old;
			return FC_ENOMEM;
		}
		m->cap = ncap;
		m->n = 0;
		for (i = 0; i < old.cap; i++) {
			if (old.slots[i].key) {
				*strmap_find(m, old.slots[i].key, old.slots[i].klen,
				             old.slots[i].hash) = old.slots[i];
				m->n++;
			}
		}
		fci_free(old.slots);
	}
	s = strmap_find(m, key, klen, h);
	if (!s->key)
		m->n++;
	s->key = key;
	s->klen = klen;
	s->hash = h;
	s->val = val;
	return FC_OK;
}

void *fci_strmap_get(const fci_strmap *m, const char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	return strmap_find(m, key, klen, fci_hash(key, klen))->val;
}

bool fci_wildcard_match(const char *p, const char *s)
{
	const char *star = NULL, *ss = NULL;

	while (*s) {
		if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (*p == '*') {
			star = p++;
			ss = s;
		} else if (star) {
			p = star + 1;
			s = ++ss;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}
