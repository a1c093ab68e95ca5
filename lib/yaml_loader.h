/* SPDX-License-Identifier: Apache-2.0 */
/* A YAML document tree (built with libyaml) that keeps the file byte offset
 * of every node and of every byte of every scalar value, including values of
 * `|`/`>` block scalars and quoted scalars with escapes. */
#ifndef FCI_YAML_LOADER_H
#define FCI_YAML_LOADER_H

#include "internal.h"

typedef enum fci_ytype {
	FCI_Y_SCALAR = 1,
	FCI_Y_SEQ = 2,
	FCI_Y_MAP = 3,
} fci_ytype;

typedef enum fci_ystyle {
	FCI_YS_PLAIN = 0,
	FCI_YS_SINGLE = 1,
	FCI_YS_DOUBLE = 2,
	FCI_YS_LITERAL = 3,
	FCI_YS_FOLDED = 4,
} fci_ystyle;

typedef struct fci_ynode fci_ynode;
struct fci_ynode {
	fci_ytype type;
	fci_ystyle style; /* scalars */
	uint32_t start;   /* byte offset of the node's first byte */
	uint32_t end;     /* byte offset just past the node */
	/* scalar: value bytes (NUL-terminated) and per-byte offsets (len+1) */
	char *val;
	uint32_t len;
	uint32_t *offs;
	/* sequence: items[0..n); mapping: items[2i] key, items[2i+1] value */
	fci_ynode **items;
	size_t n;
};

/* Parsed YAML stream. Everything lives in the arena. */
typedef struct fci_yaml {
	fci_arena arena;
	fci_ynode **docs; /* roots; NULL for an empty document */
	size_t n_docs;
	/* syntax error (fci_yaml_parse returned FC_EFORMAT) */
	uint32_t err_offset;
	char err_msg[256];
} fci_yaml;

/* Parse `text` (len bytes, NUL-terminated). Returns FC_OK, FC_ENOMEM, or
 * FC_EFORMAT with err_offset/err_msg set. Free with fci_yaml_free either way. */
int fci_yaml_parse(fci_yaml *y, const char *text, size_t len);
void fci_yaml_free(fci_yaml *y);

/* Plain-scalar null ("", "~", "null", "Null", "NULL") or NULL pointer. */
bool fci_ynode_is_null(const fci_ynode *n);
/* Value of `key` in a mapping (first occurrence) or NULL; *keynode gets the key. */
fci_ynode *fci_ymap_get(const fci_ynode *map, const char *key, fci_ynode **keynode);
/* Scalar conversions as yaml-cpp does them; false when not convertible. */
bool fci_ynode_bool(const fci_ynode *n, bool *out);
bool fci_ynode_u64(const fci_ynode *n, uint64_t *out);

#endif
