/* SPDX-License-Identifier: Apache-2.0 */
/* Per-thread evaluation (stubs until the conditions issue). */
#include "rules.h"

int fc_eval_new(fc_ruleset *rs, const fc_eval_opts *opts, fc_eval **out)
{
	(void)rs;
	(void)opts;
	if (out)
		*out = NULL;
	return FC_ENOTSUP;
}

void fc_eval_free(fc_eval *ev)
{
	(void)ev;
}

int fc_eval_set_ruleset(fc_eval *ev, fc_ruleset *rs)
{
	(void)ev;
	(void)rs;
	return FC_ENOTSUP;
}

int fc_eval_enable_rules(fc_eval *ev, const char *pattern, bool enabled)
{
	(void)ev;
	(void)pattern;
	(void)enabled;
	return FC_ENOTSUP;
}

int fc_eval_enable_tag(fc_eval *ev, const char *tag, bool enabled)
{
	(void)ev;
	(void)tag;
	(void)enabled;
	return FC_ENOTSUP;
}

int fc_eval_run(fc_eval *ev, const fc_event *event)
{
	(void)ev;
	(void)event;
	return FC_ENOTSUP;
}

void fc_eval_get_stats(const fc_eval *ev, fc_eval_stats *out)
{
	(void)ev;
	if (out)
		*out = (fc_eval_stats){0};
}

const fc_rule *fc_match_rule(const fc_match *m)
{
	(void)m;
	return NULL;
}

const fc_event *fc_match_event(const fc_match *m)
{
	(void)m;
	return NULL;
}

int fc_match_format_output(const fc_match *m, char *buf, size_t len)
{
	(void)m;
	(void)buf;
	(void)len;
	return FC_ENOTSUP;
}

size_t fc_match_field_count(const fc_match *m)
{
	(void)m;
	return 0;
}

int fc_match_field(const fc_match *m, size_t i, const char **name, fc_value *value)
{
	(void)m;
	(void)i;
	(void)name;
	(void)value;
	return FC_ENOTSUP;
}

void *fc_scratch_alloc(fc_scratch *s, size_t size)
{
	(void)s;
	(void)size;
	return NULL;
}

int fc_value_format(const fc_value *v, char *buf, size_t len)
{
	(void)v;
	(void)buf;
	(void)len;
	return FC_ENOTSUP;
}

const char *fc_type_name(fc_type t)
{
	(void)t;
	return "NONE";
}
