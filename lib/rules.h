/* SPDX-License-Identifier: Apache-2.0 */
/* The contract between the loader (yaml_loader.c, rule_reader.c,
 * rule_collector.c) and the compiler (parser.c ... codegen.c): what the
 * engine holds after loading, with exact source positions.
 *
 *   files  --loader-->  fci_ruledoc (lists, macros, rules after append/override,
 *                       exceptions already folded into rule conditions)
 *          --compiler--> fc_ruleset
 *
 * Positions: every text taken from YAML is an fci_str, which records the file
 * byte offset of each of its bytes, so a diagnostic at byte i of a condition
 * (even inside a `|` or `>` block scalar, or in text the loader generated from
 * an exception) points at the right line and column of the file. */
#ifndef FCI_RULES_H
#define FCI_RULES_H

#include "internal.h"

/* One loaded file (or buffer). Owned by the engine; never freed before it. */
typedef struct fci_file {
	char *name; /* display name as given */
	char *text; /* contents, NUL-terminated */
	size_t len;
	uint32_t *line_starts; /* byte offset of each line's first byte */
	uint32_t n_lines;
} fci_file;

/* A span in a file. file < 0: no position. */
typedef struct fci_loc {
	int32_t file;
	uint32_t offset;
	uint32_t length;
} fci_loc;

/* Text with per-byte positions. offs has len+1 entries (offs[len] = end) or
 * is NULL for synthetic text (then every byte maps to `loc.offset`). */
typedef struct fci_str {
	char *s; /* NUL-terminated, owned */
	uint32_t len;
	uint32_t *offs; /* owned, may be NULL */
	fci_loc loc;    /* span of the whole scalar in its file */
} fci_str;

/* Span [start, start+len) of a string's bytes, as a file location. */
fci_loc fci_str_loc(const fci_str *s, uint32_t start, uint32_t len);
/* Build helpers (FC_OK / FC_ENOMEM). dst is (re)initialised / appended to. */
int fci_str_set(fci_str *dst, const char *s, size_t len, const uint32_t *offs, fci_loc loc);
int fci_str_append(fci_str *dst, const fci_str *src);
/* Append literal text whose bytes all map to `at`. */
int fci_str_append_lit(fci_str *dst, const char *s, size_t len, fci_loc at);
int fci_str_copy(fci_str *dst, const fci_str *src);
void fci_str_free(fci_str *s);

/* A list after append/override: items as written, in order. Items that name
 * another (earlier-defined) list are already expanded in place by the
 * collector, so `items` are final values. */
typedef struct fci_list {
	char *name;
	fci_loc loc; /* the `list:` key's value */
	fci_str *items;
	size_t n_items, cap_items;
	uint32_t order; /* definition index (visibility) */
	bool used;      /* referenced by another list (collector) or a condition (compiler) */
	/* loader-private (additions): items as written after append/override,
	 * before list references are expanded; index of the first definition. */
	fci_str *raw_items;
	size_t n_raw_items, cap_raw_items;
	uint32_t index;
	bool loop_reported;
} fci_list;

/* Visibility (as Falco): every definition, append or override of an item
 * takes the next load index. `index` is the index of the first definition
 * (kept on redefinition), `order` the index of the last definition/update.
 * A macro M may use macro U iff U.index < M.order (rules see every macro). */
typedef struct fci_macro {
	char *name;
	fci_loc loc;
	fci_str cond;   /* after append/override */
	uint32_t order; /* visibility: last (re)definition or append index */
	bool used;
	uint32_t index; /* first definition index (addition) */
} fci_macro;

/* One exception key's value as written: a scalar or a (nested) list. */
typedef struct fci_exc_entry {
	bool present; /* the key was given */
	bool is_list;
	fci_str item; /* scalar value (is_list false) */
	struct fci_exc_entry *items;
	size_t n_items;
	fci_loc loc; /* the YAML node */
} fci_exc_entry;

/* One rule exception (after defaults: comps filled in). */
typedef struct fci_exception {
	char *name;
	fci_loc loc;          /* the exception's mapping */
	fci_exc_entry fields; /* scalar field or list of fields */
	fci_exc_entry comps;  /* scalar comp or list of comps */
	fci_exc_entry *values;
	size_t n_values, cap_values;
} fci_exception;

void fci_exc_entry_free(fci_exc_entry *e);
void fci_exception_free(fci_exception *ex);

/* A rule after append/override. `cond` already includes the exceptions as
 * Falco's build_rule_exception_infos writes them:
 * "(<condition>) and not <exc1> and not <exc2> ...", with
 * exc (single field): "(field comp (v1, v2))" and exc (field list):
 * "(( f1 c1 v1 and  f2 c2 v2) or ( ...))" (Falco's spacing). Generated text
 * maps to the positions of the exception's YAML nodes. */
typedef struct fci_rule {
	char *name;
	fci_loc loc;
	fci_str cond;
	fci_str cond_orig; /* the condition without exceptions (for -L/-l) */
	fci_str output;
	char *desc;
	int priority; /* fc_priority */
	char *source; /* "syscall" when not given */
	bool source_explicit;
	bool enabled;
	char **tags; /* sorted, unique */
	size_t n_tags;
	bool warn_evttypes;
	bool skip_if_unknown_filter;
	bool capture;
	uint64_t capture_duration;
	uint32_t order; /* evaluation order (kept on redefinition) */
	/* additions: the exceptions as collected (cond is rebuilt from
	 * cond_orig + these after every change) */
	fci_exception *exceptions;
	size_t n_exceptions;
} fci_rule;

typedef struct fci_plugin_alt {
	char *name;
	char *version;
} fci_plugin_alt;

/* One required_plugin_versions entry: any alternative satisfies it. */
typedef struct fci_plugin_req {
	fci_plugin_alt *alts; /* alts[0] is the entry itself */
	size_t n_alts;
	fci_loc loc;
} fci_plugin_req;

typedef struct fci_ruledoc {
	fci_list **lists;
	size_t n_lists, cap_lists;
	fci_macro **macros;
	size_t n_macros, cap_macros;
	fci_rule **rules; /* evaluation order */
	size_t n_rules, cap_rules;
	fci_strmap list_by_name, macro_by_name, rule_by_name;
	char required_engine_version[32]; /* highest seen, "0.0.0" if none */
	fci_plugin_req *plugin_reqs;
	size_t n_plugin_reqs, cap_plugin_reqs;
	uint32_t next_order;
} fci_ruledoc;

void fci_ruledoc_init(fci_ruledoc *d);
void fci_ruledoc_free(fci_ruledoc *d);

/* A registered source (the ops are copied; tables borrowed). */
typedef struct fci_source {
	fc_source_ops ops;
	char *name;
	fci_strmap field_by_name; /* name -> (field index + 1) */
} fci_source;

struct fc_engine {
	uint32_t flags;
	char engine_version[32];
	size_t max_file_size;
	fci_source *sources;
	size_t n_sources, cap_sources;
	fci_file **files;
	size_t n_files, cap_files;
	fci_ruledoc doc;
};

/* Register a file's text with the engine (takes ownership of `text`, which
 * must be NUL-terminated at len). Returns the file index or FC_ENOMEM. */
int fci_engine_add_file(fc_engine *eng, const char *name, char *text, size_t len);
/* Line (1-based) and column (1-based byte) of an offset in a file. */
void fci_file_linecol(const fci_file *f, uint32_t offset, uint32_t *line, uint32_t *col);

/* Loader entry point (rule_reader.c + rule_collector.c): parse one file's
 * YAML (already registered as eng->files[file]) and collect its items into
 * eng->doc. Returns FC_OK, FC_ERULES (some item rejected), FC_ENOMEM. */
int fci_load_file_text(fc_engine *eng, int32_t file, fc_diag_list *diags);
/* After all files: required_plugin_versions against the sources' provides. */
int fci_check_plugin_requirements(fc_engine *eng, fc_diag_list *diags);

/* Compiler entry point (compiler.c): eng->doc + eng->sources -> ruleset. */
int fci_compile(fc_engine *eng, fc_diag_list *diags, fc_ruleset **out);

/* Diagnostics (diag.c). Copies everything it needs (file name, the source
 * line for the snippet). `origin` may be NULL. dl may be NULL (then only the
 * return value counts). Returns FC_OK or FC_ENOMEM. */
int fci_diag_add(fc_diag_list *dl, const fc_engine *eng, fc_severity sev, fc_diag_code code,
                 fci_loc loc, const fci_loc *origin, const char *item_kind, const char *item_name,
                 const char *fmt, ...) __attribute__((format(printf, 9, 10)));

#endif
