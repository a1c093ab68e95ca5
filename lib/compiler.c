/* SPDX-License-Identifier: Apache-2.0 */
/* fci_compile: eng->doc + eng->sources -> fc_ruleset.
 *   1. every macro is parsed once: syntax errors, references to macros not
 *      defined before it, and what it uses (for the unused warnings);
 *   2. every rule: parse, resolve (macros become shared per-source
 *      subprograms), output template, event codes, bytecode, verification;
 *   3. unused macro/list warnings, the event-code index.
 * Compilation continues past errors so that all of them are reported. */
#include "compile.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 1000
/* Bound on macros nested in macros (doc/limits.md): compiling a macro
 * compiles the macros it uses first, and the evaluator calls them the same
 * way, so this bounds both recursions (a chain of 50000 macros would
 * otherwise overflow the stack). */
#define FCI_MAX_MACRO_DEPTH 100

/* ---- diagnostics ---- */

void fci_pdiags_free(fci_pdiags *pd)
{
	size_t i;

	for (i = 0; i < pd->n; i++) {
		fci_free(pd->v[i].kind);
		fci_free(pd->v[i].name);
		fci_free(pd->v[i].msg);
	}
	fci_free(pd->v);
	memset(pd, 0, sizeof(*pd));
}

static int pd_push(fci_cc *cc, fci_pdiags *pd, const fci_pdiag *src)
{
	fci_pdiag *d;

	if (FCI_PUSH(pd->v, pd->n, pd->cap) < 0) {
		cc->oom = true;
		return FC_ENOMEM;
	}
	d = &pd->v[pd->n - 1];
	*d = *src;
	d->kind = src->kind ? fci_strdup(src->kind) : NULL;
	d->name = src->name ? fci_strdup(src->name) : NULL;
	d->msg = fci_strdup(src->msg ? src->msg : "");
	if (!d->msg)
		cc->oom = true;
	return FC_OK;
}

static void count(fci_cc *cc, fc_severity sev)
{
	if (sev == FC_SEV_ERROR)
		cc->n_errors++;
	else if (sev == FC_SEV_WARNING)
		cc->n_warnings++;
}

void fci_cc_emit(fci_cc *cc, fc_severity sev, fc_diag_code code, fci_loc loc, const fci_loc *origin,
                 const char *kind, const char *name, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	count(cc, sev);
	if (fci_diag_add(cc->diags, cc->eng, sev, code, loc, origin, kind, name, "%s", msg) < 0)
		cc->oom = true;
}

void fci_cc_diag(fci_cc *cc, fc_severity sev, fc_diag_code code, uint32_t start, uint32_t len,
                 const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	fci_pdiag d;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == FC_SEV_ERROR) {
		cc->failed = true;
		if (code != FC_D_UNKNOWN_FIELD && code != FC_D_UNKNOWN_EVTTYPE)
			cc->unknown_only = false;
	}
	memset(&d, 0, sizeof(d));
	d.sev = sev;
	d.code = code;
	d.loc = cc->text ? fci_str_loc(cc->text, start, len) : (fci_loc){-1, 0, 0};
	d.kind = (char *)cc->kind;
	d.name = (char *)cc->name;
	d.msg = msg;
	if (cc->pd) {
		pd_push(cc, cc->pd, &d);
		return;
	}
	fci_cc_emit(cc, sev, code, d.loc, NULL, cc->kind, cc->name, "%s", msg);
}

void fci_cc_flush(fci_cc *cc, const fci_pdiags *pd)
{
	size_t i;

	for (i = 0; i < pd->n; i++) {
		const fci_pdiag *d = &pd->v[i];

		fci_cc_emit(cc, d->sev, d->code, d->loc, d->has_origin ? &d->origin : NULL, d->kind,
		            d->name, "%s", d->msg);
	}
}

static bool pd_has_errors(const fci_pdiags *pd)
{
	size_t i;

	for (i = 0; i < pd->n; i++)
		if (pd->v[i].sev == FC_SEV_ERROR)
			return true;
	return false;
}

/* Copies a macro instance's diagnostics to the current unit. */
static void copy_diags(fci_cc *cc, const fci_pdiags *from, bool errors_only)
{
	size_t i;

	if (!cc->pd)
		return;
	for (i = 0; i < from->n; i++) {
		fci_pdiag d = from->v[i];

		if (errors_only && d.sev != FC_SEV_ERROR && d.sev != FC_SEV_NOTE)
			continue;
		if (!d.has_origin && !cc->in_macro) {
			d.has_origin = true;
			d.origin = cc->use_loc;
		}
		pd_push(cc, cc->pd, &d);
	}
}

/* ---- macro instances ---- */

int fci_macro_instance(fci_cc *cc, fci_macro *m, uint32_t use_start, uint32_t use_len)
{
	char key[512];
	void *v;
	size_t idx;
	fci_minst *mi;
	const fci_str *s_text = cc->text;
	const char *s_kind = cc->kind, *s_name = cc->name;
	uint32_t s_order = cc->order;
	fci_pdiags *s_pd = cc->pd;
	size_t s_pd_mi = cc->pd_mi;
	bool s_in = cc->in_macro, s_failed = cc->failed, s_unk = cc->unknown_only;
	fci_parse_error perr;
	fci_node *root;
	int rc;

	if (!cc->in_macro)
		cc->use_loc = fci_str_loc(cc->text, use_start, use_len);
	if (fci_strmap_get(&cc->bad_macros, m->name, strlen(m->name))) {
		/* already reported at the macro itself */
		cc->failed = true;
		cc->unknown_only = false;
		return FC_EINVAL;
	}
	snprintf(key, sizeof(key), "%u|%s", cc->source, m->name);
	v = fci_strmap_get(&cc->mi_by_key, key, strlen(key));
	if (v) {
		idx = (uintptr_t)v - 1;
		mi = &cc->mi[idx];
		if (mi->state == 1) {
			fci_cc_diag(cc, FC_SEV_ERROR, FC_D_MACRO_LOOP, use_start, use_len,
			            "reference loop in macro '%s'", m->name);
			return FC_EINVAL;
		}
		if (mi->state == 3) {
			copy_diags(cc, &mi->diags, true);
			cc->failed = true;
			if (!mi->unknown_only)
				cc->unknown_only = false;
			return FC_EINVAL;
		}
		return (int)idx;
	}
	if (cc->macro_depth >= FCI_MAX_MACRO_DEPTH) {
		fci_cc_diag(cc, FC_SEV_ERROR, FC_D_TOO_DEEP, use_start, use_len,
		            "macro '%s' is nested more than %d macros deep", m->name,
		            FCI_MAX_MACRO_DEPTH);
		cc->failed = true;
		cc->unknown_only = false;
		return FC_EINVAL;
	}
	{
		const char *k;

		if (FCI_PUSH(cc->mi, cc->n_mi, cc->cap_mi) < 0 ||
		    fci_cc_key(cc, key, strlen(key), &k) < 0)
			return FC_ENOMEM;
		idx = cc->n_mi - 1;
		memset(&cc->mi[idx], 0, sizeof(cc->mi[idx]));
		cc->mi[idx].m = m;
		cc->mi[idx].source = cc->source;
		cc->mi[idx].state = 1;
		cc->mi[idx].prog = -1;
		if (fci_strmap_put(&cc->mi_by_key, k, strlen(k), (void *)(uintptr_t)(idx + 1)) < 0)
			return FC_ENOMEM;
	}
	cc->text = &m->cond;
	cc->kind = "macro";
	cc->name = m->name;
	cc->order = m->order;
	cc->in_macro = true;
	cc->pd = &cc->mi[idx].diags;
	cc->pd_mi = idx + 1;
	cc->failed = false;
	cc->unknown_only = true;
	root = fci_parse(&cc->arena, m->cond.s, m->cond.len, MAX_DEPTH, &perr);
	if (!root) {
		rc = perr.code ? FC_EINVAL : FC_ENOMEM;
	} else {
		cc->mi[idx].root = root;
		cc->macro_depth++;
		rc = fci_resolve(cc, root);
		cc->macro_depth--;
	}
	mi = &cc->mi[idx];
	mi->unknown_only = cc->unknown_only;
	if (rc >= 0 && !pd_has_errors(&mi->diags)) {
		fci_program prog;
		char err[200];

		rc = fci_codegen(cc, root, &prog);
		if (rc == FC_OK) {
			fc_ruleset *rs = cc->rs;

			if (FCI_PUSH(rs->macros, rs->n_macros, rs->cap_macros) < 0) {
				fci_free(prog.insns);
				rc = FC_ENOMEM;
			} else {
				fci_macro_prog *mp = &rs->macros[rs->n_macros - 1];

				mp->name = fci_arena_strdup(&rs->arena, m->name);
				mp->source = cc->source;
				mp->prog = prog;
				rc = fci_verify(rs, &prog, (int64_t)rs->n_macros - 1, err,
				                sizeof(err));
				if (rc == FC_EINVAL)
					fci_cc_diag(cc, FC_SEV_ERROR, FC_D_LIMIT, 0, m->cond.len,
					            "internal error: bytecode rejected: %s", err);
				mi->prog = (int32_t)(rs->n_macros - 1);
			}
		} else if (rc == FC_ELIMIT) {
			fci_cc_diag(cc, FC_SEV_ERROR, FC_D_LIMIT, 0, m->cond.len,
			            "macro too large for one program");
		}
	}
	cc->text = s_text;
	cc->kind = s_kind;
	cc->name = s_name;
	cc->order = s_order;
	/* nested instances may have grown (moved) cc->mi */
	cc->pd = s_pd_mi ? &cc->mi[s_pd_mi - 1].diags : s_pd;
	cc->pd_mi = s_pd_mi;
	cc->in_macro = s_in;
	cc->failed = s_failed;
	cc->unknown_only = s_unk;
	mi = &cc->mi[idx];
	if (rc == FC_ENOMEM || cc->oom)
		return FC_ENOMEM;
	if (rc < 0 || pd_has_errors(&mi->diags)) {
		mi->state = 3;
		copy_diags(cc, &mi->diags, true);
		cc->failed = true;
		if (!mi->unknown_only)
			cc->unknown_only = false;
		return FC_EINVAL;
	}
	mi->state = 2;
	if (!mi->emitted) {
		copy_diags(cc, &mi->diags, false); /* warnings, once */
		mi->emitted = true;
	}
	return (int)idx;
}

/* ---- driver ---- */

static int find_source(const fc_engine *eng, const char *name)
{
	size_t i;

	for (i = 0; i < eng->n_sources; i++)
		if (strcmp(eng->sources[i].name, name) == 0)
			return (int)i;
	return -1;
}

static char *rs_dup(fc_ruleset *rs, const char *s)
{
	return fci_arena_strdup(&rs->arena, s ? s : "");
}

static int syntax_error(fci_cc *cc, const fci_str *text, const fci_parse_error *pe,
                        const char *kind, const char *name)
{
	if (!pe->code)
		return FC_ENOMEM;
	fci_cc_emit(cc, FC_SEV_ERROR, (fc_diag_code)pe->code,
	            fci_str_loc(text, pe->pos, pe->len ? pe->len : 1), NULL, kind, name, "%s",
	            pe->msg);
	return FC_OK;
}

static int first_pass_macros(fci_cc *cc)
{
	fci_ruledoc *doc = &cc->eng->doc;
	size_t i;

	for (i = 0; i < doc->n_macros; i++) {
		fci_macro *m = doc->macros[i];
		fci_parse_error pe;
		fci_node *root = fci_parse(&cc->arena, m->cond.s, m->cond.len, MAX_DEPTH, &pe);
		bool bad = false;

		if (!root) {
			if (syntax_error(cc, &m->cond, &pe, "macro", m->name) < 0)
				return FC_ENOMEM;
			bad = true;
		} else {
			cc->text = &m->cond;
			cc->kind = "macro";
			cc->name = m->name;
			cc->pd = NULL;
			cc->failed = false;
			fci_macro_refs(cc, root, m);
			bad = cc->failed;
		}
		if (bad && fci_strmap_put(&cc->bad_macros, m->name, strlen(m->name), (void *)1) < 0)
			return FC_ENOMEM;
	}
	cc->text = NULL;
	return cc->oom ? FC_ENOMEM : FC_OK;
}

static size_t popcount_codes(const uint64_t *w, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (size_t)__builtin_popcountll(w[i]);
	return c;
}

static int compile_rule(fci_cc *cc, fci_rule *r)
{
	fc_ruleset *rs = cc->rs;
	fci_pdiags pd = {0};
	fci_parse_error pe;
	fci_node *root;
	fc_rule rule;
	int src, rc;
	char err[200];

	src = find_source(cc->eng, r->source ? r->source : "syscall");
	if (src < 0) {
		fci_cc_emit(cc, FC_SEV_WARNING, FC_D_UNKNOWN_SOURCE, r->loc, NULL, "rule", r->name,
		            "rule '%s' is for source '%s', which is not loaded; skipped", r->name,
		            r->source ? r->source : "syscall");
		return FC_OK;
	}
	root = fci_parse(&cc->arena, r->cond.s, r->cond.len, MAX_DEPTH, &pe);
	if (!root)
		return syntax_error(cc, &r->cond, &pe, "rule", r->name);
	memset(&rule, 0, sizeof(rule));
	cc->source = (uint32_t)src;
	cc->text = &r->cond;
	cc->kind = "rule";
	cc->name = r->name;
	cc->order = UINT32_MAX;
	cc->in_macro = false;
	cc->pd = &pd;
	cc->failed = false;
	cc->unknown_only = true;
	rc = fci_resolve(cc, root);
	if (rc == FC_ENOMEM || cc->oom)
		goto oom;
	if (rc < 0 || pd_has_errors(&pd)) {
		if (r->skip_if_unknown_filter && cc->unknown_only) {
			size_t i;
			const char *why = "unknown field";

			for (i = 0; i < pd.n; i++)
				if (pd.v[i].sev == FC_SEV_ERROR) {
					why = pd.v[i].msg;
					break;
				}
			fci_cc_emit(cc, FC_SEV_WARNING, FC_D_UNKNOWN_FILTER,
			            pd.n ? pd.v[0].loc : r->loc, NULL, "rule", r->name,
			            "rule '%s' skipped (skip-if-unknown-filter): %s", r->name, why);
		} else {
			fci_cc_flush(cc, &pd);
			if (!pd_has_errors(&pd))
				cc->n_errors++; /* an error reported elsewhere (bad macro) */
		}
		fci_pdiags_free(&pd);
		return FC_OK;
	}
	/* output template */
	cc->text = &r->output;
	rc = fci_output_compile(cc, &r->output, &rule);
	if (rc == FC_ENOMEM || cc->oom)
		goto oom;
	if (rc < 0 || pd_has_errors(&pd)) {
		fci_cc_flush(cc, &pd);
		fci_pdiags_free(&pd);
		fci_free(rule.segs);
		fci_free(rule.out_slots);
		return FC_OK;
	}
	cc->text = &r->cond;
	/* event codes */
	{
		size_t w = fci_codes_words(cc);
		uint64_t *bits = fci_arena_alloc(&rs->arena, (w ? w : 1) * 8);
		const fc_source_ops *ops = &cc->eng->sources[src].ops;
		size_t n;

		if (!bits)
			goto oom;
		rc = fci_evtcodes(cc, root, false, bits);
		if (rc < 0)
			goto oom;
		rule.codes.w = bits;
		rule.codes.n_codes = ops->n_codes;
		n = popcount_codes(bits, w);
		rule.all_codes = !ops->index_field || n == ops->n_codes;
		/* Falco warns when a rule can match more than 100 event codes,
		 * which only the syscall source has; sources with a small code
		 * space (k8s_audit verbs) are not warned about, as in Falco. */
		if (ops->index_field && r->warn_evttypes && n > 100)
			fci_cc_diag(cc, FC_SEV_WARNING, FC_D_NO_EVTTYPE, 0, r->cond.len,
			            "rule matches too many %s values (%zu of %u); this has a "
			            "significant performance penalty",
			            ops->index_field, n, ops->n_codes);
	}
	rc = fci_codegen(cc, root, &rule.prog);
	if (rc == FC_ENOMEM)
		goto oom;
	if (rc < 0) {
		fci_cc_diag(cc, FC_SEV_ERROR, FC_D_LIMIT, 0, r->cond.len,
		            "condition too large for one program");
		fci_cc_flush(cc, &pd);
		fci_pdiags_free(&pd);
		fci_free(rule.segs);
		fci_free(rule.out_slots);
		return FC_OK;
	}
	rc = fci_verify(rs, &rule.prog, -1, err, sizeof(err));
	if (rc < 0) {
		fci_free(rule.prog.insns);
		rule.prog.insns = NULL;
		if (rc == FC_ENOMEM)
			goto oom;
		fci_cc_diag(cc, FC_SEV_ERROR, FC_D_LIMIT, 0, r->cond.len,
		            "internal error: bytecode rejected by the verifier: %s", err);
		fci_cc_flush(cc, &pd);
		fci_pdiags_free(&pd);
		fci_free(rule.segs);
		fci_free(rule.out_slots);
		return FC_OK;
	}
	fci_cc_flush(cc, &pd);
	fci_pdiags_free(&pd);
	rule.name = rs_dup(rs, r->name);
	rule.desc = rs_dup(rs, r->desc);
	rule.cond = rs_dup(rs, r->cond.s);
	rule.output = rs_dup(rs, r->output.s);
	rule.source_name = rs_dup(rs, cc->eng->sources[src].name);
	rule.source = (uint32_t)src;
	rule.priority = (fc_priority)r->priority;
	rule.enabled = r->enabled;
	rule.n_tags = r->n_tags;
	rule.tags = fci_arena_alloc(&rs->arena, (r->n_tags ? r->n_tags : 1) * sizeof(char *));
	if (!rule.tags)
		goto oom;
	{
		size_t i;

		for (i = 0; i < r->n_tags; i++)
			rule.tags[i] = rs_dup(rs, r->tags[i]);
	}
	if (FCI_PUSH(rs->rules, rs->n_rules, rs->cap_rules) < 0)
		goto oom;
	rule.index = rs->n_rules - 1;
	rs->rules[rs->n_rules - 1] = rule;
	return FC_OK;
oom:
	fci_free(rule.prog.insns);
	rule.prog.insns = NULL;
	fci_free(rule.segs);
	fci_free(rule.out_slots);
	fci_pdiags_free(&pd);
	return FC_ENOMEM;
}

static void unused_warnings(fci_cc *cc)
{
	fci_ruledoc *doc = &cc->eng->doc;
	size_t i;

	for (i = 0; i < doc->n_macros; i++)
		if (!doc->macros[i]->used)
			fci_cc_emit(cc, FC_SEV_WARNING, FC_D_UNUSED_MACRO, doc->macros[i]->loc,
			            NULL, "macro", doc->macros[i]->name,
			            "macro '%s' is not referenced by any other macro or rule",
			            doc->macros[i]->name);
	for (i = 0; i < doc->n_lists; i++)
		if (!doc->lists[i]->used)
			fci_cc_emit(cc, FC_SEV_WARNING, FC_D_UNUSED_LIST, doc->lists[i]->loc, NULL,
			            "list", doc->lists[i]->name,
			            "list '%s' is not referenced by any other list, macro or rule",
			            doc->lists[i]->name);
}

int fci_compile(fc_engine *eng, fc_diag_list *diags, fc_ruleset **out)
{
	fci_cc cc;
	fc_ruleset *rs = NULL;
	size_t i;
	int rc;

	*out = NULL;
	memset(&cc, 0, sizeof(cc));
	rc = fci_ruleset_new(&rs);
	if (rc < 0)
		return rc;
	cc.eng = eng;
	cc.diags = diags;
	cc.rs = rs;
	fci_arena_init(&cc.arena, 1 << 16);
	fci_strmap_init(&cc.mi_by_key);
	fci_strmap_init(&cc.slot_by_key);
	fci_strmap_init(&cc.bad_macros);
	rs->src = fci_calloc(eng->n_sources ? eng->n_sources : 1, sizeof(*rs->src));
	if (!rs->src) {
		rc = FC_ENOMEM;
		goto out;
	}
	rs->n_src = eng->n_sources;
	for (i = 0; i < eng->n_sources; i++) {
		rs->src[i].name = rs_dup(rs, eng->sources[i].name);
		rs->src[i].ops = eng->sources[i].ops;
		rs->src[i].ops.name = rs->src[i].name;
		rs->src[i].n_codes = eng->sources[i].ops.n_codes;
	}
	for (i = 0; i < eng->doc.n_macros; i++)
		eng->doc.macros[i]->used = false;
	rc = first_pass_macros(&cc);
	if (rc < 0)
		goto out;
	for (i = 0; i < eng->doc.n_rules; i++) {
		rc = compile_rule(&cc, eng->doc.rules[i]);
		if (rc < 0)
			goto out;
	}
	unused_warnings(&cc);
	rc = fci_ruleset_finish(rs);
	if (rc < 0)
		goto out;
	if (cc.oom) {
		rc = FC_ENOMEM;
		goto out;
	}
	if (cc.n_errors || ((eng->flags & FC_ENGINE_F_WARNINGS_AS_ERRORS) && cc.n_warnings))
		rc = FC_ERULES;
out:
	for (i = 0; i < cc.n_mi; i++)
		fci_pdiags_free(&cc.mi[i].diags);
	fci_free(cc.mi);
	for (i = 0; i < cc.n_keys; i++)
		fci_free(cc.keys[i]);
	fci_free(cc.keys);
	fci_strmap_free(&cc.mi_by_key);
	fci_strmap_free(&cc.slot_by_key);
	fci_strmap_free(&cc.bad_macros);
	fci_arena_free(&cc.arena);
	if (rc == FC_ENOMEM) {
		fc_ruleset_unref(rs);
		return rc;
	}
	*out = rs;
	return rc;
}
