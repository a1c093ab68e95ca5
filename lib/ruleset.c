/* SPDX-License-Identifier: Apache-2.0 */
/* The immutable compiled ruleset: lifetime (atomic refcount), read-only
 * accessors, the event-code index, interest bitmaps and listings. */
#include "ruleset_impl.h"

#include <stdatomic.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const prio_names[] = {"Emergency", "Alert",  "Critical",      "Error",
                                         "Warning",   "Notice", "Informational", "Debug"};

const char *fc_priority_name(fc_priority p)
{
	if ((unsigned)p >= FCI_ARRAY_LEN(prio_names))
		return "Unknown";
	return prio_names[p];
}

int fc_priority_parse(const char *name, fc_priority *out)
{
	size_t i;

	if (!name || !out)
		return FC_EINVAL;
	for (i = 0; i < FCI_ARRAY_LEN(prio_names); i++) {
		if (strcasecmp(name, prio_names[i]) == 0) {
			*out = (fc_priority)i;
			return FC_OK;
		}
	}
	if (strcasecmp(name, "info") == 0) {
		*out = FC_PRIO_INFORMATIONAL;
		return FC_OK;
	}
	return FC_EINVAL;
}

int fci_ruleset_new(fc_ruleset **out)
{
	fc_ruleset *rs = fci_calloc(1, sizeof(*rs));

	*out = NULL;
	if (!rs)
		return FC_ENOMEM;
	atomic_init(&rs->refs, 1);
	fci_arena_init(&rs->arena, 1 << 16);
	fci_strmap_init(&rs->rule_by_name);
	*out = rs;
	return FC_OK;
}

/* After all rules: the name map and, per source, the code -> rules index.
 * Bucket c lists the rules whose code set has c, in rule order; the last
 * bucket (n_codes) holds the rules that match every code, for events whose
 * code is out of range. */
int fci_ruleset_finish(fc_ruleset *rs)
{
	size_t s, r;

	for (r = 0; r < rs->n_rules; r++) {
		const char *n = rs->rules[r].name;

		if (!fci_strmap_get(&rs->rule_by_name, n, strlen(n)) &&
		    fci_strmap_put(&rs->rule_by_name, n, strlen(n), &rs->rules[r]) < 0)
			return FC_ENOMEM;
	}
	for (s = 0; s < rs->n_src; s++) {
		fci_rs_source *src = &rs->src[s];
		uint32_t nb = src->n_codes + 1, c;
		size_t total = 0, pos = 0;

		src->bucket_off = fci_calloc(nb + 1, sizeof(uint32_t));
		if (!src->bucket_off)
			return FC_ENOMEM;
		for (c = 0; c < nb; c++) {
			for (r = 0; r < rs->n_rules; r++) {
				const fc_rule *rule = &rs->rules[r];

				if (rule->source != s)
					continue;
				if (c == src->n_codes
				            ? rule->all_codes
				            : (rule->all_codes || fci_codeset_has(&rule->codes, c)))
					total++;
			}
		}
		src->bucket = fci_malloc((total ? total : 1) * sizeof(uint32_t));
		if (!src->bucket)
			return FC_ENOMEM;
		for (c = 0; c < nb; c++) {
			src->bucket_off[c] = (uint32_t)pos;
			for (r = 0; r < rs->n_rules; r++) {
				const fc_rule *rule = &rs->rules[r];

				if (rule->source != s)
					continue;
				if (c == src->n_codes
				            ? rule->all_codes
				            : (rule->all_codes || fci_codeset_has(&rule->codes, c)))
					src->bucket[pos++] = (uint32_t)r;
			}
		}
		src->bucket_off[nb] = (uint32_t)pos;
	}
	return FC_OK;
}

fc_ruleset *fc_ruleset_ref(fc_ruleset *rs)
{
	if (rs)
		atomic_fetch_add_explicit(&rs->refs, 1, memory_order_relaxed);
	return rs;
}

void fc_ruleset_unref(fc_ruleset *rs)
{
	size_t i;

	if (!rs || atomic_fetch_sub_explicit(&rs->refs, 1, memory_order_acq_rel) != 1)
		return;
	for (i = 0; i < rs->n_src; i++) {
		fci_free(rs->src[i].bucket_off);
		fci_free(rs->src[i].bucket);
	}
	fci_free(rs->src);
	fci_free(rs->slots);
	fci_free(rs->consts);
	for (i = 0; i < rs->n_sets; i++)
		fci_strmap_free(&rs->sets[i].map);
	fci_free(rs->sets);
	fci_free(rs->nets);
	for (i = 0; i < rs->n_pms; i++)
		fci_strmap_free(&rs->pms[i].map);
	fci_free(rs->pms);
	for (i = 0; i < rs->n_res; i++)
		pcre2_code_free(rs->res[i].code);
	fci_free(rs->res);
	fci_free(rs->multis);
	fci_free(rs->codesets);
	for (i = 0; i < rs->n_macros; i++)
		fci_free(rs->macros[i].prog.insns);
	fci_free(rs->macros);
	for (i = 0; i < rs->n_rules; i++) {
		fci_free(rs->rules[i].prog.insns);
		fci_free(rs->rules[i].segs);
		fci_free(rs->rules[i].out_slots);
	}
	fci_free(rs->rules);
	fci_strmap_free(&rs->rule_by_name);
	fci_arena_free(&rs->arena);
	fci_free(rs);
}

size_t fc_ruleset_rule_count(const fc_ruleset *rs)
{
	return rs ? rs->n_rules : 0;
}

const fc_rule *fc_ruleset_rule(const fc_ruleset *rs, size_t i)
{
	if (!rs || i >= rs->n_rules)
		return NULL;
	return &rs->rules[i];
}

const fc_rule *fc_ruleset_find_rule(const fc_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return NULL;
	return fci_strmap_get(&rs->rule_by_name, name, strlen(name));
}

int fc_ruleset_source_id(const fc_ruleset *rs, const char *name, uint32_t *id)
{
	size_t i;

	if (!rs || !name || !id)
		return FC_EINVAL;
	for (i = 0; i < rs->n_src; i++) {
		if (strcmp(rs->src[i].name, name) == 0) {
			*id = (uint32_t)i;
			return FC_OK;
		}
	}
	return FC_ENOENT;
}

int fc_ruleset_interest(const fc_ruleset *rs, uint32_t source, uint8_t *bitmap, size_t n_codes)
{
	size_t r, c;

	if (!rs || !bitmap || source >= rs->n_src)
		return FC_EINVAL;
	for (r = 0; r < rs->n_rules; r++) {
		const fc_rule *rule = &rs->rules[r];

		if (rule->source != source || !rule->enabled)
			continue;
		for (c = 0; c < n_codes; c++)
			if (rule->all_codes || fci_codeset_has(&rule->codes, (uint32_t)c))
				bitmap[c / 8] |= (uint8_t)(1u << (c % 8));
	}
	return FC_OK;
}

static void mark_macros(const fc_ruleset *rs, const fci_program *p, uint8_t *seen)
{
	uint32_t i;

	for (i = 0; i < p->n; i++) {
		uint32_t k = p->insns[i].k;

		if (p->insns[i].op == FCI_OP_JMACRO && k < rs->n_macros && !seen[k]) {
			seen[k] = 1;
			mark_macros(rs, &rs->macros[k].prog, seen);
		}
	}
}

int fc_ruleset_disasm(const fc_ruleset *rs, const fc_rule *rule, char *buf, size_t len)
{
	fci_buf b;
	uint8_t *seen;
	size_t i;
	int n;

	if (!rs || !rule || (!buf && len))
		return FC_EINVAL;
	seen = fci_calloc(rs->n_macros ? rs->n_macros : 1, 1);
	if (!seen)
		return FC_ENOMEM;
	fci_buf_init(&b);
	fci_buf_printf(&b, "rule %s:\n", rule->name);
	fci_disasm(rs, &rule->prog, &b);
	mark_macros(rs, &rule->prog, seen);
	for (i = 0; i < rs->n_macros; i++) {
		if (!seen[i])
			continue;
		fci_buf_printf(&b, "macro %s:\n", rs->macros[i].name);
		fci_disasm(rs, &rs->macros[i].prog, &b);
	}
	fci_free(seen);
	if (b.oom) {
		fci_buf_free(&b);
		return FC_ENOMEM;
	}
	n = (int)b.len;
	if (len) {
		size_t c = b.len < len - 1 ? b.len : len - 1;

		if (c)
			memcpy(buf, b.p, c);
		buf[c] = '\0';
	}
	fci_buf_free(&b);
	return n;
}

const char *fc_rule_name(const fc_rule *r)
{
	return r ? r->name : "";
}

const char *fc_rule_desc(const fc_rule *r)
{
	return r ? r->desc : "";
}

const char *fc_rule_condition(const fc_rule *r)
{
	return r ? r->cond : "";
}

const char *fc_rule_output(const fc_rule *r)
{
	return r ? r->output : "";
}

const char *fc_rule_source(const fc_rule *r)
{
	return r ? r->source_name : "syscall";
}

fc_priority fc_rule_priority(const fc_rule *r)
{
	return r ? r->priority : FC_PRIO_DEBUG;
}

bool fc_rule_enabled(const fc_rule *r)
{
	return r && r->enabled;
}

size_t fc_rule_tag_count(const fc_rule *r)
{
	return r ? r->n_tags : 0;
}

const char *fc_rule_tag(const fc_rule *r, size_t i)
{
	if (!r || i >= r->n_tags)
		return NULL;
	return r->tags[i];
}

size_t fc_rule_index(const fc_rule *r)
{
	return r ? r->index : 0;
}
