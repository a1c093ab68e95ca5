/* SPDX-License-Identifier: Apache-2.0 */
/* Between the rule reader (YAML items -> candidate objects) and the
 * collector (define / append / replace into fci_ruledoc, as Falco's
 * rule_loader_collector does). Internal to the loader. */
#ifndef FCI_RULE_COLLECTOR_H
#define FCI_RULE_COLLECTOR_H

#include "rules.h"

/* Loading context of one file: where diagnostics go and how many. */
typedef struct fci_lctx {
	fc_engine *eng;
	fc_diag_list *diags;
	int32_t file;
	size_t n_errors;
	size_t n_warnings;
	bool oom;
} fci_lctx;

/* Report a diagnostic (counts it; remembers OOM). */
void fci_lctx_diag(fci_lctx *c, fc_severity sev, fc_diag_code code, fci_loc loc, const char *kind,
                   const char *name, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Rule keys, as bits (for overrides and partial updates). */
enum {
	FCI_RK_CONDITION = 1u << 0,
	FCI_RK_OUTPUT = 1u << 1,
	FCI_RK_DESC = 1u << 2,
	FCI_RK_PRIORITY = 1u << 3,
	FCI_RK_TAGS = 1u << 4,
	FCI_RK_EXCEPTIONS = 1u << 5,
	FCI_RK_ENABLED = 1u << 6,
	FCI_RK_WARN_EVTTYPES = 1u << 7,
	FCI_RK_SKIP_UNKNOWN = 1u << 8,
	FCI_RK_CAPTURE = 1u << 9,
	FCI_RK_CAPTURE_DURATION = 1u << 10,
	FCI_RK_SOURCE = 1u << 11,
};

/* The collector takes ownership of the object passed in every case (it is
 * freed on error). Return FC_OK, FC_ERULES (reported), FC_ENOMEM. */
int fci_collect_list(fci_lctx *c, fci_list *l, bool append);
int fci_collect_macro(fci_lctx *c, fci_macro *m, bool append);
int fci_collect_rule(fci_lctx *c, fci_rule *r);
/* `upd` holds only the keys in `keys`; append (else replace). */
int fci_collect_rule_update(fci_lctx *c, fci_rule *upd, unsigned keys, bool append);
/* Legacy standalone `enabled:`. */
int fci_collect_rule_enable(fci_lctx *c, const char *name, bool enabled, fci_loc loc);
/* After each file: expand list references, report loops. */
int fci_collect_finish(fci_lctx *c);

/* Validate an exception of a new definition (fills default comps). */
int fci_exception_validate(fci_lctx *c, const char *rule, fci_exception *ex);
/* Rebuild r->cond from r->cond_orig and r->exceptions, as Falco's
 * build_rule_exception_infos does. FC_OK / FC_ENOMEM. */
int fci_rule_build_cond(fci_rule *r);

void fci_list_free(fci_list *l);
void fci_macro_free(fci_macro *m);
void fci_rule_free(fci_rule *r);

/* "x.y.z" (optionally followed by -pre or +build). */
bool fci_semver_parse(const char *s, unsigned v[3]);
int fci_semver_cmp(const unsigned a[3], const unsigned b[3]);

/* Substring of an fci_str, keeping offsets. */
int fci_str_sub(fci_str *dst, const fci_str *src, uint32_t start, uint32_t len);

#endif
