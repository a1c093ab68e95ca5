/* SPDX-License-Identifier: Apache-2.0 */
/* Condition front end: the scanner helpers (lexer.c), the AST the
 * recursive-descent parser builds (parser.c), and what the resolver adds to
 * it (resolver.c). Every node records the byte span of its text in the
 * condition string, so a diagnostic can point at the exact file position via
 * fci_str_loc(). AST memory lives in an fci_arena owned by the caller. */
#ifndef FCI_AST_H
#define FCI_AST_H

#include "internal.h"

/* Comparison operators, in the order of libs' cmpop. */
typedef enum fci_cmpop {
	FCI_CMP_NONE = 0,
	FCI_CMP_EXISTS,
	FCI_CMP_EQ, /* = and == */
	FCI_CMP_NE,
	FCI_CMP_LT,
	FCI_CMP_LE,
	FCI_CMP_GT,
	FCI_CMP_GE,
	FCI_CMP_CONTAINS,
	FCI_CMP_ICONTAINS,
	FCI_CMP_BCONTAINS,
	FCI_CMP_STARTSWITH,
	FCI_CMP_BSTARTSWITH,
	FCI_CMP_ENDSWITH,
	FCI_CMP_GLOB,
	FCI_CMP_IGLOB,
	FCI_CMP_REGEX,
	FCI_CMP_IN,
	FCI_CMP_INTERSECTS,
	FCI_CMP_PMATCH,
	FCI_CMP__COUNT
} fci_cmpop;

/* String comparator modifiers (libs 0.25). */
typedef enum fci_cmpmod {
	FCI_MOD_NONE = 0,
	FCI_MOD_ONEOF,
	FCI_MOD_ANYOF,
	FCI_MOD_ALLOF,
} fci_cmpmod;

const char *fci_cmpop_name(fci_cmpop op);

/* A field expression: a field (with optional argument), a transformer over
 * field expressions, or (inside transformers) a literal argument. */
typedef enum fci_fexpr_kind {
	FCI_FX_FIELD,
	FCI_FX_XFORM,
	FCI_FX_LIT,
} fci_fexpr_kind;

typedef struct fci_fexpr {
	fci_fexpr_kind kind;
	uint32_t start, len; /* span in the condition text */
	char *name;          /* field name or transformer name ("val" included) */
	uint32_t name_len;
	/* FIELD: [arg] */
	bool has_arg;
	char *arg; /* decoded, NUL-terminated */
	uint32_t arg_len;
	uint32_t arg_start, arg_span; /* span of the argument text */
	/* XFORM: args; optional [arg] suffix (getopt) uses has_arg/arg */
	struct fci_fexpr **args;
	uint32_t n_args;
	/* LIT: the value (decoded) in arg/arg_len */
	/* resolved */
	int32_t slot;  /* ruleset field slot, -1 before resolution */
	uint32_t type; /* fc_type of the value */
	bool is_list;  /* extracts a list */
	bool any_list; /* list semantics "any element" (ancestors), not a FC_FIELD_LIST */
} fci_fexpr;

/* One constant as written. */
typedef struct fci_aval {
	char *s; /* decoded, NUL-terminated */
	uint32_t len;
	uint32_t start, span; /* span in the condition text (with quotes) */
	bool quoted;
	bool from_list; /* came from a named list: positions are the use site */
} fci_aval;

typedef enum fci_node_kind {
	FCI_N_AND,
	FCI_N_OR,
	FCI_N_NOT,
	FCI_N_MACRO, /* identifier (macro reference) */
	FCI_N_CHECK,
	FCI_N_CONST, /* constant boolean (never produced by the parser) */
} fci_node_kind;

typedef enum fci_rhs_kind {
	FCI_RHS_NONE,  /* exists */
	FCI_RHS_VALUE, /* a single value */
	FCI_RHS_LIST,  /* (a, b, c) */
	FCI_RHS_IDENT, /* in name: a list name, or a one-element set */
	FCI_RHS_FIELD, /* val(field) or a transformer */
} fci_rhs_kind;

typedef struct fci_node {
	fci_node_kind kind;
	uint32_t start, len; /* span in the condition text */
	/* AND / OR / NOT */
	struct fci_node **kids;
	uint32_t n_kids;
	/* MACRO */
	char *name;
	/* CHECK */
	fci_fexpr *lhs;
	fci_cmpop op;
	fci_cmpmod mod;
	uint32_t op_start, op_len;
	fci_rhs_kind rhs_kind;
	fci_aval *vals; /* VALUE: 1; LIST: n; IDENT: 1 */
	uint32_t n_vals;
	fci_fexpr *rhs;
	/* CONST */
	bool value;
	/* resolved (filled by resolver.c, read by codegen/evtcode) */
	int32_t macro; /* MACRO: index of the macro instance */
	void *bound;   /* CHECK: resolver's compiled operand description */
} fci_node;

/* ---- lexer.c: character-level scanning over a NUL-terminated text ---- */
typedef struct fci_lexer {
	const char *s;
	uint32_t len;
	uint32_t pos;
	/* last error */
	char err[160];
	uint32_t err_pos;
	bool err_string; /* the error is about a string literal (FC_D_BAD_STRING) */
} fci_lexer;

void fci_lex_init(fci_lexer *lx, const char *s, uint32_t len);
/* Skips blanks (space, \t, \b, \r, \n, \f, \v); true if any. */
bool fci_lex_blank(fci_lexer *lx);
/* Consumes the literal text `t` if it is next. */
bool fci_lex_str(fci_lexer *lx, const char *t);
/* Consumes keyword `kw` only when followed by a blank (or '(' if paren_ok). */
bool fci_lex_keyword(fci_lexer *lx, const char *kw, bool paren_ok);
/* [a-zA-Z]+[a-zA-Z0-9_]* ; returns its length (0: none), not consumed. */
uint32_t fci_lex_peek_ident(const fci_lexer *lx);
/* Identifier('.'Identifier)+ ; length or 0, not consumed. */
uint32_t fci_lex_peek_field(const fci_lexer *lx);
/* [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)? or 0x.. ; length or 0. */
uint32_t fci_lex_peek_number(const fci_lexer *lx);
/* [^()"'blank=,]+ ; length or 0. */
uint32_t fci_lex_peek_barestr(const fci_lexer *lx);
/* [^][\"'blank]+ ; length or 0. */
uint32_t fci_lex_peek_argstr(const fci_lexer *lx);
/* A quoted string at the cursor: consumed and decoded into the arena.
 * Returns 1 (ok), 0 (not a quote here), or -1 (error in lx->err). */
int fci_lex_quoted(fci_lexer *lx, fci_arena *a, char **out, uint32_t *out_len);
/* Decodes escapes of the text between quotes (libs unescape rules). Returns
 * FC_OK or FC_EINVAL (err filled, *bad = offset of the bad escape). */
int fci_unescape(const char *s, uint32_t n, char delim, char *dst, uint32_t *dst_len, char *err,
                 size_t errlen, uint32_t *bad);

/* ---- parser.c ---- */
typedef struct fci_parse_error {
	char msg[200];
	uint32_t pos; /* byte offset of the offending token */
	uint32_t len;
	int code; /* fc_diag_code */
} fci_parse_error;

/* Parses a whole condition. Returns the root, or NULL with *err set (or NULL
 * with err->code == 0 on out-of-memory). max_depth bounds nesting. */
fci_node *fci_parse(fci_arena *a, const char *text, uint32_t len, uint32_t max_depth,
                    fci_parse_error *err);
/* Parses a field expression (field or transformer) at the start of `text`,
 * as the output formatter needs; returns the number of bytes used (0 = no
 * field expression there). */
uint32_t fci_parse_fexpr_prefix(fci_arena *a, const char *text, uint32_t len, fci_fexpr **out);

/* ---- ast.c ---- */
/* Canonical text of a field expression ("tolower(proc.name)", "proc.aname[2]"). */
void fci_fexpr_text(const fci_fexpr *f, fci_buf *b);
/* Debug dump of a node (tests): s-expression form. */
void fci_node_dump(const fci_node *n, fci_buf *b);

#endif
