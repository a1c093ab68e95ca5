/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: an alert as falco prints it. The library substitutes the
 * %fields of the rule output; here come the time prefix, the priority name,
 * append_output extras, and the JSON object with falco's keys and order. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void cli_fmt_time(uint64_t ts, bool iso, char *buf, size_t len)
{
	time_t sec = (time_t)(ts / 1000000000u);
	unsigned long ns = (unsigned long)(ts % 1000000000u);
	struct tm tm;
	char base[32];

	if (iso) {
		gmtime_r(&sec, &tm);
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf, len, "%s.%09lu+0000", base, ns);
	} else {
		localtime_r(&sec, &tm);
		strftime(base, sizeof(base), "%H:%M:%S", &tm);
		snprintf(buf, len, "%s.%09lu", base, ns);
	}
}

void cli_fmt_time_json(uint64_t ts, char *buf, size_t len)
{
	time_t sec = (time_t)(ts / 1000000000u);
	struct tm tm;
	char base[32];

	gmtime_r(&sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%09luZ", base, (unsigned long)(ts % 1000000000u));
}

static void json_value(cli_buf *b, const fc_value *v)
{
	char tmp[128];
	int n;

	if (v->is_list) {
		size_t i;

		cli_buf_putc(b, '[');
		for (i = 0; i < v->u.list.n; i++) {
			fc_value e = v->u.list.items[i];

			if (i)
				cli_buf_putc(b, ',');
			e.is_list = false;
			json_value(b, &e);
		}
		cli_buf_putc(b, ']');
		return;
	}
	switch (v->type) {
	case FC_TYPE_NONE:
		cli_buf_puts(b, "null");
		return;
	case FC_TYPE_BOOL:
		cli_buf_puts(b, v->u.b ? "true" : "false");
		return;
	case FC_TYPE_INT64:
		cli_buf_printf(b, "%lld", (long long)v->u.i64);
		return;
	case FC_TYPE_UINT64:
	case FC_TYPE_PORT:
	case FC_TYPE_RELTIME:
	case FC_TYPE_ABSTIME:
		cli_buf_printf(b, "%llu", (unsigned long long)v->u.u64);
		return;
	case FC_TYPE_DOUBLE:
		cli_buf_printf(b, "%.17g", v->u.f64);
		return;
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_BYTES:
		cli_json_str(b, v->u.str.ptr, v->u.str.len);
		return;
	case FC_TYPE_IPADDR:
	case FC_TYPE_IPNET:
	default:
		n = fc_value_format(v, tmp, sizeof(tmp));
		if (n < 0) {
			cli_buf_puts(b, "null");
		} else if ((size_t)n < sizeof(tmp)) {
			cli_json_str(b, tmp, (size_t)n);
		} else {
			char *big = cli_xmalloc((size_t)n + 1);

			fc_value_format(v, big, (size_t)n + 1);
			cli_json_str(b, big, (size_t)n);
			free(big);
		}
		return;
	}
}

typedef struct kv {
	const char *key;
	char *json;
} kv;

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const kv *)a)->key, ((const kv *)b)->key);
}

static bool append_matches(const cli_append *a, const fc_rule *r)
{
	size_t i, j;

	if (a->source && strcmp(a->source, fc_rule_source(r)) != 0)
		return false;
	if (a->rule && strcmp(a->rule, fc_rule_name(r)) != 0)
		return false;
	for (i = 0; i < a->n_tags; i++) {
		bool found = false;

		for (j = 0; j < fc_rule_tag_count(r) && !found; j++)
			found = strcmp(a->tags[i], fc_rule_tag(r, j)) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The message: the rule output with %fields substituted, plus the literal
 * extra_output of matching append_output entries. */
static void build_message(const cli_config *cfg, const fc_match *m, cli_buf *msg)
{
	const fc_rule *r = fc_match_rule(m);
	char stackbuf[2048];
	int n = fc_match_format_output(m, stackbuf, sizeof(stackbuf));
	size_t i;

	if (n < 0) {
		cli_buf_puts(msg, fc_rule_output(r));
	} else if ((size_t)n < sizeof(stackbuf)) {
		cli_buf_add(msg, stackbuf, (size_t)n);
	} else {
		char *big = cli_xmalloc((size_t)n + 1);

		n = fc_match_format_output(m, big, (size_t)n + 1);
		cli_buf_add(msg, big, n > 0 ? (size_t)n : 0);
		free(big);
	}
	for (i = 0; i < cfg->n_appends; i++) {
		const cli_append *a = &cfg->appends[i];

		if (a->extra_output && *a->extra_output && !strchr(a->extra_output, '%') &&
		    append_matches(a, r)) {
			cli_buf_putc(msg, ' ');
			cli_buf_puts(msg, a->extra_output);
		}
	}
}

static void add_kv(kv **v, size_t *n, size_t *cap, const char *key, char *json)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i].key, key) == 0) { /* first one wins */
			free(json);
			return;
		}
	}
	i = *n;
	CLI_PUSH(*v, *n, *cap);
	(*v)[i].key = key;
	(*v)[i].json = json;
}

int cli_alert_format(const cli_config *cfg, const fc_match *m, cli_alert *out)
{
	const fc_rule *r = fc_match_rule(m);
	const fc_event *ev = fc_match_event(m);
	fc_priority prio = fc_rule_priority(r);
	cli_buf msg = {0}, line = {0}, js = {0};
	char tbuf[64];

	memset(out, 0, sizeof(*out));
	build_message(cfg, m, &msg);
	cli_fmt_time(ev->ts, cfg->time_format_iso_8601, tbuf, sizeof(tbuf));
	cli_buf_printf(&line, "%s: %s ", tbuf, fc_priority_name(prio));
	cli_text_sanitize(&line, msg.p ? msg.p : "", msg.len);
	if (!cfg->json_output) {
		out->line = cli_buf_take(&line);
	} else {
		size_t i, nf = fc_match_field_count(m), n_kv = 0, cap_kv = 0;
		kv *kvs = NULL;

		cli_buf_puts(&js, "{\"hostname\":");
		cli_json_cstr(&js, cli_hostname());
		if (cfg->json_include_message_property) {
			cli_buf_puts(&js, ",\"message\":");
			cli_json_str(&js, msg.p ? msg.p : "", msg.len);
		}
		if (cfg->json_include_output_property) {
			cli_buf_puts(&js, ",\"output\":");
			cli_json_str(&js, line.p, line.len);
		}
		if (cfg->json_include_output_fields_property) {
			cli_buf vb = {0};

			if (cfg->time_format_iso_8601) {
				cli_json_cstr(&vb, tbuf);
				add_kv(&kvs, &n_kv, &cap_kv, "evt.time.iso8601", cli_buf_take(&vb));
			} else {
				cli_buf_printf(&vb, "%llu", (unsigned long long)ev->ts);
				add_kv(&kvs, &n_kv, &cap_kv, "evt.time", cli_buf_take(&vb));
			}
			for (i = 0; i < nf; i++) {
				const char *name = NULL;
				fc_value v;
				int rc = fc_match_field(m, i, &name, &v);

				if (!name)
					continue;
				if (rc == FC_OK)
					json_value(&vb, &v);
				else
					cli_buf_puts(&vb, "null");
				add_kv(&kvs, &n_kv, &cap_kv, name, cli_buf_take(&vb));
			}
			qsort(kvs, n_kv, sizeof(*kvs), cmp_kv);
			cli_buf_puts(&js, ",\"output_fields\":{");
			for (i = 0; i < n_kv; i++) {
				if (i)
					cli_buf_putc(&js, ',');
				cli_json_cstr(&js, kvs[i].key);
				cli_buf_putc(&js, ':');
				cli_buf_puts(&js, kvs[i].json);
				free(kvs[i].json);
			}
			cli_buf_putc(&js, '}');
			free(kvs);
		}
		cli_buf_puts(&js, ",\"priority\":");
		cli_json_cstr(&js, fc_priority_name(prio));
		cli_buf_puts(&js, ",\"rule\":");
		cli_json_cstr(&js, fc_rule_name(r));
		cli_buf_puts(&js, ",\"source\":");
		cli_json_cstr(&js, fc_rule_source(r));
		if (cfg->json_include_tags_property) {
			cli_buf_puts(&js, ",\"tags\":[");
			for (i = 0; i < fc_rule_tag_count(r); i++) {
				if (i)
					cli_buf_putc(&js, ',');
				cli_json_cstr(&js, fc_rule_tag(r, i));
			}
			cli_buf_putc(&js, ']');
		}
		cli_fmt_time_json(ev->ts, tbuf, sizeof(tbuf));
		cli_buf_puts(&js, ",\"time\":");
		cli_json_cstr(&js, tbuf);
		cli_buf_putc(&js, '}');
		out->line = cli_buf_take(&js);
		cli_buf_free(&line);
	}
	cli_buf_free(&msg);
	out->priority = prio;
	out->rule = cli_xstrdup(fc_rule_name(r));
	return 0;
}

void cli_alert_free(cli_alert *a)
{
	if (!a)
		return;
	free(a->line);
	free(a->rule);
	a->line = NULL;
	a->rule = NULL;
}
