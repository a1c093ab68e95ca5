/* SPDX-License-Identifier: Apache-2.0 */
/* A deterministic `test` source for unit tests: one field of each fc_type,
 * a list field, argument fields, an always-absent field, an index field
 * (t.type) over a few event codes, and per-field extractor call counters so
 * tests can assert short-circuiting and caching. */
#ifndef FCT_FAKE_SOURCE_H
#define FCT_FAKE_SOURCE_H

#include <falcocore/falcocore.h>

enum {
	FCT_TYPE,   /* t.type   STRING (index field: code name) */
	FCT_I,      /* t.i      INT64 */
	FCT_U,      /* t.u      UINT64 */
	FCT_D,      /* t.d      DOUBLE */
	FCT_B,      /* t.b      BOOL */
	FCT_S,      /* t.s      STRING */
	FCT_P,      /* t.p      FSPATH */
	FCT_BYTES,  /* t.bytes  BYTES */
	FCT_IP,     /* t.ip     IPADDR */
	FCT_NET,    /* t.net    IPNET (value is an address) */
	FCT_PORT,   /* t.port   PORT */
	FCT_RT,     /* t.rt     RELTIME */
	FCT_TS,     /* t.ts     ABSTIME */
	FCT_LIST,   /* t.list   STRING list */
	FCT_ARG,    /* t.arg[k] STRING, argument required ("v:<k>"; absent for k = none) */
	FCT_ANC,    /* t.anc[i] STRING, index allowed; no index: every ancestor (list value) */
	FCT_ABSENT, /* t.absent STRING, never has a value */
	FCT_S2,     /* t.s2     STRING */
	FCT_ULIST,  /* t.ulist  UINT64 list */
	FCT_DEP,    /* t.dep    UINT64, deprecated */
	FCT_N_FIELDS
};

/* Event codes of the test source. */
enum {
	FCT_C_NONE,
	FCT_C_OPEN_E,
	FCT_C_OPEN_X,
	FCT_C_EXECVE_E,
	FCT_C_EXECVE_X,
	FCT_C_CONNECT_E,
	FCT_C_CONNECT_X,
	FCT_C_CLOSE_E,
	FCT_C_CLOSE_X,
	FCT_N_CODES
};

/* The decoded event (fc_event.decoded). A field is present when its bit is
 * set in `present`. */
typedef struct fct_event {
	uint32_t present;
	int64_t i;
	uint64_t u;
	double d;
	bool b;
	const char *s, *p, *s2;
	const char *bytes;
	size_t bytes_len;
	const char *ip, *net; /* text, parsed by the extractor */
	uint64_t port, rt, ts;
	const char *list[8];
	size_t n_list;
	const char *anc[8];
	size_t n_anc;
	uint64_t ulist[4];
	size_t n_ulist;
} fct_event;

typedef struct fct_source {
	int calls[FCT_N_FIELDS]; /* extractor calls per field */
	int resolve_calls;
} fct_source;

/* Fills ops for the test source; ctx is borrowed. */
void fct_source_ops(fct_source *ctx, fc_source_ops *ops);
/* All fields present with default values. */
void fct_event_default(fct_event *e);
/* Builds an fc_event for source id `src` and `code`. */
fc_event fct_make_event(uint32_t src, uint32_t code, const fct_event *e);
void fct_reset_calls(fct_source *ctx);
int fct_total_calls(const fct_source *ctx);

/* Loads `yaml` (a rules file) into a fresh engine with the test source
 * registered and compiles it. Returns the compile status; *rs is set on
 * success. dl may be NULL. */
int fct_build(fct_source *ctx, const char *yaml, fc_diag_list *dl, fc_ruleset **rs);
/* One-rule helper: a rule `r` (source test) with condition `cond`. */
int fct_build_cond(fct_source *ctx, const char *cond, fc_diag_list *dl, fc_ruleset **rs);
/* Prints every diagnostic of dl to stderr (for failing tests). */
void fct_print_diags(const fc_diag_list *dl);

#endif
