/* SPDX-License-Identifier: Apache-2.0 */
/* JSON sources (k8s_audit, json): shared between the field extractor
 * (json_fields.c) and the parser (json_parse.c). Never installed. */
#ifndef FCI_JSON_INTERNAL_H
#define FCI_JSON_INTERNAL_H

#include "../../internal.h"

#include <falcocore/json.h>

#include <json-c/json.h>

/* Event codes of the k8s_audit source: one per verb. FCI_KV_OTHER is the
 * catch-all for verbs outside the table. */
enum {
	FCI_KV_OTHER = 0,
	FCI_KV_CREATE,
	FCI_KV_UPDATE,
	FCI_KV_PATCH,
	FCI_KV_DELETE,
	FCI_KV_DELETECOLLECTION,
	FCI_KV_GET,
	FCI_KV_LIST,
	FCI_KV_WATCH,
	FCI_KV_POST,
	FCI_KV_PUT,
	FCI_KV_HEAD,
	FCI_KV_OPTIONS,
	FCI_KV_CONNECT,
	FCI_KV_PROXY,
	FCI_KV__COUNT
};

struct fc_json_source {
	fc_source_ops ops;
	fc_json_kind kind;
	char *name;
	char *time_pointer; /* NULL: per-kind default */
	char *cluster_name;
	size_t max_event_size;
	int max_depth;
};

/* Allocator used by the extractor: fc_scratch_alloc in the library, an arena
 * in tests. */
typedef void *(*fci_json_alloc_fn)(void *actx, size_t n);

/* The extractor behind ops.extract, with the allocator made explicit. */
int fci_json_extract(const fc_json_source *src, const fc_event *ev, const fc_field_ref *ref,
                     fci_json_alloc_fn alloc, void *actx, fc_value *out);

/* Field tables (json_fields.c). The generic source uses the first
 * fci_json_n_generic_fields entries of the k8s_audit table. */
extern const fc_field_def fci_json_fields[];
extern const size_t fci_json_n_fields;
extern const size_t fci_json_n_generic_fields;
extern const char *const fci_k8s_code_names[FCI_KV__COUNT];

/* Index of a field by name in fci_json_fields, or -1. */
int fci_json_field_index(const char *name);

/* Code of a k8s audit event from its "verb". */
uint32_t fci_k8s_verb_code(const char *verb, size_t len);

/* Timestamp of an event (ns since the epoch), or 0 if it has none. */
uint64_t fci_json_event_time(const fc_json_source *src, const json_object *obj);

/* Parses an RFC 3339 timestamp; returns 0 on failure. */
uint64_t fci_parse_rfc3339(const char *s, size_t len);

/* Walks an RFC 6901 pointer (a leading '/' is optional, as in the json
 * plugin; array elements by decimal index). NULL when absent. */
json_object *fci_json_pointer(json_object *root, const char *ptr, size_t len);

#endif
