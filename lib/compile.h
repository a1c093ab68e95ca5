/* SPDX-License-Identifier: Apache-2.0 */
/* Compile-time state shared by compiler.c (driver), resolver.c (macros,
 * lists, fields, types, constants), evtcode.c (event-code sets), codegen.c
 * (bytecode) and format.c (output templates). */
#ifndef FCI_COMPILE_H
#define FCI_COMPILE_H

#include "ast.h"
#include "rules.h"
#include "ruleset_impl.h"

/* A diagnostic held back until the unit (rule or macro instance) is done,
 * so skip-if-unknown-filter can turn errors into one warning and macro
 * errors can be given the origin of the rule that uses them. */
typedef struct fci_pdiag {
	fc_severity sev;
	fc_diag_code code;
	fci_loc loc;
	bool has_origin;
	fci_loc origin;
	char *kind, *name, *msg;
} fci_pdiag;

typedef struct fci_pdiags {
	fci_pdiag *v;
	size_t n, cap;
} fci_pdiags;

/* (macro, source) instance: its own AST and subprogram. */
typedef struct fci_minst {
	fci_macro *m;
	uint32_t source;
	fci_node *root;
	int state; /* 0 new, 1 resolving, 2 ok, 3 failed */
	int32_t prog;
	fci_pdiags diags;
	bool emitted;
	bool unknown_only;  /* every error is an unknown field/evttype */
	uint64_t *codes[2]; /* evtcode cache: [negated] */
} fci_minst;

/* What a CHECK node compiles to (resolver.c -> codegen.c, evtcode.c). */
typedef struct fci_bound {
	uint8_t op;
	uint8_t flags;
	uint32_t k;
	int32_t lhs_slot, rhs_slot;
	bool exists;
	bool negate;
	bool is_const;
	bool value;
	/* event-code info: the check narrows codes */
	bool is_index;
	bool index_ne;
	uint64_t *index_codes; /* bitset over the source's codes */
} fci_bound;

typedef struct fci_cc {
	fc_engine *eng;
	fc_diag_list *diags;
	fc_ruleset *rs;
	fci_arena arena; /* ASTs and bound data, freed after compile */
	fci_minst *mi;
	size_t n_mi, cap_mi;
	fci_strmap mi_by_key;
	fci_strmap slot_by_key;
	char **keys; /* owned keys of the maps above */
	size_t n_keys, cap_keys;
	size_t n_errors, n_warnings;
	/* current unit */
	uint32_t source;
	const fci_str *text;
	const char *kind, *name;
	uint32_t order; /* visibility of the current macro; UINT32_MAX for rules */
	fci_pdiags *pd;
	size_t pd_mi;    /* when pd is &mi[k].diags: k + 1 (mi moves when it grows); else 0 */
	fci_loc use_loc; /* the rule's use site of the macro being resolved */
	fci_strmap bad_macros;
	bool in_macro;
	unsigned macro_depth; /* macros being compiled, nested (FCI_MAX_MACRO_DEPTH) */
	bool failed;
	bool unknown_only;
	bool oom;
} fci_cc;

/* diagnostics */
void fci_cc_diag(fci_cc *cc, fc_severity sev, fc_diag_code code, uint32_t start, uint32_t len,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void fci_cc_flush(fci_cc *cc, const fci_pdiags *pd);
void fci_pdiags_free(fci_pdiags *pd);
/* Direct diagnostic (not held back). */
void fci_cc_emit(fci_cc *cc, fc_severity sev, fc_diag_code code, fci_loc loc, const fci_loc *origin,
                 const char *kind, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 8, 9)));

/* resolver.c */
int fci_resolve(fci_cc *cc, fci_node *n);
/* A field expression: resolves to a slot. Returns FC_OK or <0 (diag added). */
int fci_resolve_fexpr(fci_cc *cc, fci_fexpr *f, bool output);
/* Get or create the instance of macro `m` for the current source. */
int fci_macro_instance(fci_cc *cc, fci_macro *m, uint32_t use_start, uint32_t use_len);
int fci_cc_key(fci_cc *cc, const char *key, size_t len, const char **out);
void fci_macro_refs(fci_cc *cc, fci_node *n, const fci_macro *self);

/* evtcode.c: bitset of codes (n words of the source) a node can match. */
int fci_evtcodes(fci_cc *cc, const fci_node *n, bool neg, uint64_t *out);
size_t fci_codes_words(const fci_cc *cc);

/* codegen.c */
int fci_codegen(fci_cc *cc, const fci_node *root, fci_program *out);

/* format.c */
int fci_output_compile(fci_cc *cc, const fci_str *out, fc_rule *rule);

#endif
