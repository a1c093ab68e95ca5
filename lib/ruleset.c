/* SPDX-License-Identifier: Apache-2.0 */
/* The immutable compiled ruleset and its read-only accessors.
 * Stubs: every function returns FC_ENOTSUP/NULL until the conditions issue. */
#include "rules.h"

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

fc_ruleset *fc_ruleset_ref(fc_ruleset *rs)
{
	return rs;
}

void fc_ruleset_unref(fc_ruleset *rs)
{
	(void)rs;
}

size_t fc_ruleset_rule_count(const fc_ruleset *rs)
{
	(void)rs;
	return 0;
}

const fc_rule *fc_ruleset_rule(const fc_ruleset *rs, size_t i)
{
	(void)rs;
	(void)i;
	return NULL;
}

const fc_rule *fc_ruleset_find_rule(const fc_ruleset *rs, const char *name)
{
	(void)rs;
	(void)name;
	return NULL;
}

int fc_ruleset_source_id(const fc_ruleset *rs, const char *name, uint32_t *id)
{
	(void)rs;
	(void)name;
	(void)id;
	return FC_ENOTSUP;
}

int fc_ruleset_interest(const fc_ruleset *rs, uint32_t source, uint8_t *bitmap, size_t n_codes)
{
	(void)rs;
	(void)source;
	(void)bitmap;
	(void)n_codes;
	return FC_ENOTSUP;
}

int fc_ruleset_disasm(const fc_ruleset *rs, const fc_rule *rule, char *buf, size_t len)
{
	(void)rs;
	(void)rule;
	(void)buf;
	(void)len;
	return FC_ENOTSUP;
}

const char *fc_rule_name(const fc_rule *r)
{
	(void)r;
	return "";
}

const char *fc_rule_desc(const fc_rule *r)
{
	(void)r;
	return "";
}

const char *fc_rule_condition(const fc_rule *r)
{
	(void)r;
	return "";
}

const char *fc_rule_output(const fc_rule *r)
{
	(void)r;
	return "";
}

const char *fc_rule_source(const fc_rule *r)
{
	(void)r;
	return "syscall";
}

fc_priority fc_rule_priority(const fc_rule *r)
{
	(void)r;
	return FC_PRIO_DEBUG;
}

bool fc_rule_enabled(const fc_rule *r)
{
	(void)r;
	return false;
}

size_t fc_rule_tag_count(const fc_rule *r)
{
	(void)r;
	return 0;
}

const char *fc_rule_tag(const fc_rule *r, size_t i)
{
	(void)r;
	(void)i;
	return NULL;
}

size_t fc_rule_index(const fc_rule *r)
{
	(void)r;
	return 0;
}
