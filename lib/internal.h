/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by every lib/ file: allocation, growable buffers,
 * an arena, a string hash map. fci_ prefix; never installed. */
#ifndef FCI_INTERNAL_H
#define FCI_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <falcocore/falcocore.h>

#define FCI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FCI_UNUSED(x)    ((void)(x))

/* Evaluate an int status expression; on a negative result jump to `out` with
 * `rc` set. The only error macro (STYLE B4). */
#define FCI_TRY(expr)                                                                              \
	do {                                                                                       \
		rc = (expr);                                                                       \
		if (rc < 0)                                                                        \
			goto out;                                                                  \
	} while (0)

/* Allocation: thin wrappers so an allocator hook can come later. All accept
 * and tolerate size 0; fci_free(NULL) is a no-op. */
void *fci_malloc(size_t n);
void *fci_calloc(size_t n, size_t size);
void *fci_realloc(void *p, size_t n);
void fci_free(void *p);
char *fci_strdup(const char *s);
char *fci_strndup(const char *s, size_t n);
/* malloc'd printf; NULL on OOM. */
char *fci_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *fci_vasprintf(const char *fmt, va_list ap);

/* Grow *arr (element size esz) so that it holds at least `need` elements;
 * *cap is updated. Returns FC_OK or FC_ENOMEM. */
int fci_grow(void **arr, size_t *cap, size_t need, size_t esz);
/* Typed convenience: FCI_PUSH(arr, n, cap) reserves one slot, evaluates to
 * FC_OK/FC_ENOMEM; the new slot is arr[n-1] after success. */
#define FCI_PUSH(arr, n, cap)                                                                      \
	(fci_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))) == 0 ? ((n)++, 0) : FC_ENOMEM)

/* Growable byte buffer, always NUL-terminated when len > 0 or after any
 * append. An OOM sets `oom` and further appends are ignored (check once). */
typedef struct fci_buf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
} fci_buf;
void fci_buf_init(fci_buf *b);
void fci_buf_free(fci_buf *b);
void fci_buf_reset(fci_buf *b);
void fci_buf_add(fci_buf *b, const void *data, size_t n);
void fci_buf_addc(fci_buf *b, char c);
void fci_buf_adds(fci_buf *b, const char *s);
void fci_buf_printf(fci_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append `s` as a JSON string literal (with quotes and escapes). */
void fci_buf_add_json_str(fci_buf *b, const char *s, size_t n);
/* Take ownership of the bytes (caller frees); the buffer is reset. */
char *fci_buf_steal(fci_buf *b);

/* Bump arena: many small allocations freed together. Memory is 8-aligned
 * and zeroed. fci_arena_reset keeps the first chunk for reuse. */
typedef struct fci_arena_chunk fci_arena_chunk;
typedef struct fci_arena {
	fci_arena_chunk *head;
	size_t chunk_size;
	size_t total; /* bytes handed out since init/reset */
	size_t limit; /* 0 = unbounded; fci_arena_alloc returns NULL past it */
} fci_arena;
void fci_arena_init(fci_arena *a, size_t chunk_size);
void *fci_arena_alloc(fci_arena *a, size_t n);
char *fci_arena_strndup(fci_arena *a, const char *s, size_t n);
char *fci_arena_strdup(fci_arena *a, const char *s);
void fci_arena_reset(fci_arena *a);
void fci_arena_free(fci_arena *a);

/* Open-addressing hash map from byte strings to void* (keys are borrowed:
 * the caller keeps them alive as long as the map). */
typedef struct fci_strmap_slot {
	const char *key;
	size_t klen;
	uint64_t hash;
	void *val;
} fci_strmap_slot;
typedef struct fci_strmap {
	fci_strmap_slot *slots;
	size_t cap; /* power of two or 0 */
	size_t n;
} fci_strmap;
uint64_t fci_hash(const void *data, size_t n);
void fci_strmap_init(fci_strmap *m);
void fci_strmap_free(fci_strmap *m);
/* Insert or replace. Returns FC_OK or FC_ENOMEM. */
int fci_strmap_put(fci_strmap *m, const char *key, size_t klen, void *val);
/* NULL when absent (so do not store NULL values). */
void *fci_strmap_get(const fci_strmap *m, const char *key, size_t klen);

/* Wildcard match with `*` and `?` (falco's rule-name patterns). */
bool fci_wildcard_match(const char *pattern, const char *s);

#endif
