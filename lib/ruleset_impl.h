/* SPDX-License-Identifier: Apache-2.0 */
/* The compiled ruleset (immutable after fci_compile) and the VM interface.
 * Written by compiler.c/resolver.c/codegen.c/format.c, read by ruleset.c,
 * verifier.c, disasm.c, vm.c and eval.c. */
#ifndef FCI_RULESET_IMPL_H
#define FCI_RULESET_IMPL_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "bytecode.h"
#include "internal.h"

/* Field slots: every distinct field expression of the ruleset, per source. */
typedef enum fci_slot_kind {
	FCI_SLOT_FIELD, /* extracted by the source */
	FCI_SLOT_XFORM, /* a transformer over other slots */
	FCI_SLOT_LIT,   /* a literal argument of a transformer */
} fci_slot_kind;

typedef enum fci_xform {
	FCI_XF_TOLOWER,
	FCI_XF_TOUPPER,
	FCI_XF_B64,
	FCI_XF_BASENAME,
	FCI_XF_LEN,
	FCI_XF_JOIN,
	FCI_XF_CONCAT,
} fci_xform;

typedef struct fci_slot {
	fci_slot_kind kind;
	fci_xform xform;
	uint32_t source;
	fc_type type;
	bool is_list;     /* declared FC_FIELD_LIST (or a transformer over one) */
	fc_field_ref ref; /* FIELD */
	uint32_t *args;   /* XFORM: argument slots */
	uint32_t n_args;
	fc_value lit; /* LIT */
	char *text;   /* canonical text, e.g. "proc.aname[2]" */
} fci_slot;

/* A hash set of byte keys (strings, or 8-byte numbers). */
typedef struct fci_set {
	fci_strmap map;
	uint32_t min_len, max_len;
	bool numeric; /* keys are 8-byte u64 images */
	uint32_t n;
} fci_set;

typedef struct fci_netlist {
	fc_ip *v;
	uint32_t n;
} fci_netlist;

/* pmatch: component-wise path prefixes, hashed by normalised prefix
 * ("usr/bin"); any_path when "/" is in the set. */
typedef struct fci_pmset {
	fci_strmap map;
	bool any_path;
	uint32_t n;
} fci_pmset;

typedef struct fci_regex {
	pcre2_code *code;
	char *pattern;
	bool jit;
} fci_regex;

/* oneof/anyof/allof: a base op over consts [first, first+n) (or regexes). */
typedef struct fci_multi {
	uint8_t op;
	uint8_t flags;
	uint8_t mode; /* fci_cmpmod */
	uint32_t first, n;
} fci_multi;

typedef struct fci_codeset {
	uint64_t *w;
	uint32_t n_codes;
} fci_codeset;

typedef struct fci_seg {
	char *lit; /* literal text, or NULL for a field */
	uint32_t lit_len;
	int32_t slot;
	uint32_t width; /* %<N>field: pad/truncate, 0 = none */
	bool empty;     /* deprecated %container.info: renders nothing */
} fci_seg;

struct fc_rule {
	char *name, *desc, *cond, *output, *source_name;
	uint32_t source;
	fc_priority priority;
	bool enabled;
	char **tags;
	size_t n_tags;
	size_t index;
	fci_program prog;
	fci_codeset codes;
	bool all_codes;
	fci_seg *segs;
	uint32_t n_segs;
	uint32_t *out_slots; /* distinct plain fields of the output */
	uint32_t n_out_slots;
};

typedef struct fci_rs_source {
	char *name;
	fc_source_ops ops;
	uint32_t n_codes;
	uint32_t *bucket_off; /* n_codes + 2 entries: bucket c = [off[c], off[c+1]); last = "all" */
	uint32_t *bucket;     /* rule indices in rule order */
} fci_rs_source;

typedef struct fci_macro_prog {
	char *name;
	uint32_t source;
	fci_program prog;
} fci_macro_prog;

struct fc_ruleset {
	_Atomic unsigned refs;
	fci_arena arena; /* strings and constants */
	fci_rs_source *src;
	size_t n_src;
	fci_slot *slots;
	size_t n_slots, cap_slots;
	fc_value *consts;
	size_t n_consts, cap_consts;
	fci_set *sets;
	size_t n_sets, cap_sets;
	fci_netlist *nets;
	size_t n_nets, cap_nets;
	fci_pmset *pms;
	size_t n_pms, cap_pms;
	fci_regex *res;
	size_t n_res, cap_res;
	fci_multi *multis;
	size_t n_multis, cap_multis;
	fci_codeset *codesets;
	size_t n_codesets, cap_codesets;
	fci_macro_prog *macros;
	size_t n_macros, cap_macros;
	fc_rule *rules;
	size_t n_rules, cap_rules;
	fci_strmap rule_by_name;
};

/* ruleset.c */
int fci_ruleset_new(fc_ruleset **out);
/* Name map and event-code index, after the last rule. */
int fci_ruleset_finish(fc_ruleset *rs);
/* Bits of a code set. */
static inline bool fci_codeset_has(const fci_codeset *c, uint32_t code)
{
	return code < c->n_codes && (c->w[code >> 6] >> (code & 63)) & 1;
}

/* verifier.c: FC_OK or FC_EINVAL with a message in err. `self` is the macro
 * index of the program (calls must go to smaller indices) or -1 for a rule. */
int fci_verify(const fc_ruleset *rs, const fci_program *p, int64_t self, char *err, size_t errlen);

/* disasm.c */
void fci_disasm(const fc_ruleset *rs, const fci_program *p, fci_buf *b);

/* ---- VM (vm.c) ---- */
typedef struct fci_cache_entry {
	uint64_t gen;
	int32_t present; /* 1 value, 0 absent */
	fc_value v;
} fci_cache_entry;

typedef struct fci_vm {
	const fc_ruleset *rs;
	fci_cache_entry *cache; /* per slot */
	uint64_t *macro_gen;    /* per macro: generation of the memoised result */
	uint8_t *macro_res;
	uint64_t gen;
	uint32_t code; /* event code */
	pcre2_match_data *md;
	pcre2_match_context *mctx; /* match and depth limits (FCI_REGEX_*_LIMIT) */
	uint64_t regex_limit;      /* matches stopped by those limits */
	/* slow path: extract slot into cache (eval.c); returns the entry */
	const fci_cache_entry *(*fill)(struct fci_vm *vm, uint32_t slot);
	void *user;
	int depth;
} fci_vm;

/* Bounds on one regex match (doc/limits.md): PCRE2's match() calls
 * (backtracking steps; also honoured by the JIT) and backtracking depth. A
 * match over a bound fails, counts in fc_eval_stats.regex_limit and reads as
 * "no match". */
#define FCI_REGEX_MATCH_LIMIT 100000u
#define FCI_REGEX_DEPTH_LIMIT 10000u

/* Runs a verified program: 1 match, 0 no match. */
int fci_vm_run(fci_vm *vm, const fci_program *p);
/* Runs macro program k with memoisation. */
int fci_vm_macro(fci_vm *vm, uint32_t k);

/* format.c: renders a rule's output for the current event. */
int fci_output_render(fci_vm *vm, const fc_rule *r, fci_buf *b);

/* value.c */
int fci_value_format_buf(const fc_value *v, fci_buf *b);
int fci_parse_ip(const char *s, size_t len, bool allow_net, fc_ip *out);
bool fci_ip_in_net(const fc_ip *addr, const fc_ip *net);
bool fci_ip_equal(const fc_ip *a, const fc_ip *b);
bool fci_glob_match(const char *pat, size_t plen, const char *s, size_t slen, bool nocase);
bool fci_pmset_match(const fci_pmset *p, const char *s, size_t len);
/* Normalised pmatch key of a path into dst (cap bytes); returns length or -1. */
int fci_path_norm(const char *s, size_t len, char *dst, size_t cap);

#endif
