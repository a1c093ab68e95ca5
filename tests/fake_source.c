/* SPDX-License-Identifier: Apache-2.0 */
#include "fake_source.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const fc_field_def fields[FCT_N_FIELDS] = {
        [FCT_TYPE] = {"t.type", FC_TYPE_STRING, 0, "event type"},
        [FCT_I] = {"t.i", FC_TYPE_INT64, 0, "int64"},
        [FCT_U] = {"t.u", FC_TYPE_UINT64, 0, "uint64"},
        [FCT_D] = {"t.d", FC_TYPE_DOUBLE, 0, "double"},
        [FCT_B] = {"t.b", FC_TYPE_BOOL, 0, "bool"},
        [FCT_S] = {"t.s", FC_TYPE_STRING, 0, "string"},
        [FCT_P] = {"t.p", FC_TYPE_FSPATH, 0, "path"},
        [FCT_BYTES] = {"t.bytes", FC_TYPE_BYTES, 0, "bytes"},
        [FCT_IP] = {"t.ip", FC_TYPE_IPADDR, 0, "ip address"},
        [FCT_NET] = {"t.net", FC_TYPE_IPNET, 0, "ip (compared as network)"},
        [FCT_PORT] = {"t.port", FC_TYPE_PORT, 0, "port"},
        [FCT_RT] = {"t.rt", FC_TYPE_RELTIME, 0, "reltime"},
        [FCT_TS] = {"t.ts", FC_TYPE_ABSTIME, 0, "abstime"},
        [FCT_LIST] = {"t.list", FC_TYPE_STRING, FC_FIELD_LIST, "list of strings"},
        [FCT_ARG] = {"t.arg", FC_TYPE_STRING,
                     FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_KEY | FC_FIELD_ARG_DOTTED, "keyed"},
        [FCT_ANC] = {"t.anc", FC_TYPE_STRING, FC_FIELD_ARG_ALLOWED | FC_FIELD_ARG_INDEX,
                     "ancestors"},
        [FCT_ABSENT] = {"t.absent", FC_TYPE_STRING, 0, "never present"},
        [FCT_S2] = {"t.s2", FC_TYPE_STRING, 0, "second string"},
        [FCT_ULIST] = {"t.ulist", FC_TYPE_UINT64, FC_FIELD_LIST, "list of numbers"},
        [FCT_DEP] = {"t.dep", FC_TYPE_UINT64, FC_FIELD_DEPRECATED, "deprecated"},
};

static const char *const code_names[FCT_N_CODES] = {
        NULL, "open", "open", "execve", "execve", "connect", "connect", "close", "close",
};

static void set_str(fc_value *out, const char *s)
{
	out->type = FC_TYPE_STRING;
	out->u.str.ptr = s;
	out->u.str.len = strlen(s);
}

static int ip_value(const char *text, fc_value *out)
{
	memset(&out->u.ip, 0, sizeof(out->u.ip));
	if (inet_pton(AF_INET, text, out->u.ip.addr) == 1) {
		out->u.ip.family = 4;
		return FC_OK;
	}
	if (inet_pton(AF_INET6, text, out->u.ip.addr) == 1) {
		out->u.ip.family = 6;
		return FC_OK;
	}
	return FC_EFORMAT;
}

static int resolve(void *ctx, fc_field_ref *ref, char *err, size_t errlen)
{
	fct_source *s = ctx;

	s->resolve_calls++;
	if (ref->field == FCT_ARG && ref->arg && strcmp(ref->arg, "bad") == 0) {
		snprintf(err, errlen, "argument 'bad' is not accepted by t.arg");
		return FC_EINVAL;
	}
	ref->cookie = ref->arg ? strlen(ref->arg) : 0;
	return FC_OK;
}

static int extract(void *ctx, const fc_event *ev, const fc_field_ref *ref, fc_scratch *scratch,
                   fc_value *out)
{
	fct_source *s = ctx;
	const fct_event *e = ev->decoded;
	uint32_t f = ref->field;
	size_t i;

	if (f >= FCT_N_FIELDS)
		return FC_EINVAL;
	s->calls[f]++;
	if (!e || !(e->present & (1u << f)) || f == FCT_ABSENT)
		return FC_ENOENT;
	out->is_list = false;
	out->type = fields[f].type;
	switch (f) {
	case FCT_TYPE:
		if (ev->code >= FCT_N_CODES || !code_names[ev->code])
			return FC_ENOENT;
		set_str(out, code_names[ev->code]);
		return FC_OK;
	case FCT_I:
		out->u.i64 = e->i;
		return FC_OK;
	case FCT_U:
		out->u.u64 = e->u;
		return FC_OK;
	case FCT_D:
		out->u.f64 = e->d;
		return FC_OK;
	case FCT_B:
		out->u.b = e->b;
		return FC_OK;
	case FCT_S:
		set_str(out, e->s);
		return FC_OK;
	case FCT_S2:
		set_str(out, e->s2);
		return FC_OK;
	case FCT_P:
		set_str(out, e->p);
		out->type = FC_TYPE_FSPATH;
		return FC_OK;
	case FCT_BYTES:
		out->u.str.ptr = e->bytes;
		out->u.str.len = e->bytes_len;
		return FC_OK;
	case FCT_IP:
		return ip_value(e->ip, out);
	case FCT_NET:
		return ip_value(e->net, out);
	case FCT_PORT:
		out->u.u64 = e->port;
		return FC_OK;
	case FCT_RT:
		out->u.u64 = e->rt;
		return FC_OK;
	case FCT_TS:
	case FCT_DEP:
		out->u.u64 = e->ts;
		return FC_OK;
	case FCT_LIST:
	case FCT_ULIST: {
		size_t n = f == FCT_LIST ? e->n_list : e->n_ulist;
		fc_value *items = fc_scratch_alloc(scratch, (n ? n : 1) * sizeof(*items));

		if (!items)
			return FC_ENOMEM;
		for (i = 0; i < n; i++) {
			if (f == FCT_LIST) {
				set_str(&items[i], e->list[i]);
			} else {
				items[i].type = FC_TYPE_UINT64;
				items[i].u.u64 = e->ulist[i];
			}
		}
		out->is_list = true;
		out->u.list.items = items;
		out->u.list.n = n;
		return FC_OK;
	}
	case FCT_ARG: {
		char *buf;
		int n;

		if (strcmp(ref->arg, "none") == 0)
			return FC_ENOENT;
		buf = fc_scratch_alloc(scratch, ref->arg_len + 3);
		if (!buf)
			return FC_ENOMEM;
		n = snprintf(buf, ref->arg_len + 3, "v:%s", ref->arg);
		out->u.str.ptr = buf;
		out->u.str.len = (size_t)n;
		return FC_OK;
	}
	case FCT_ANC:
		if (ref->has_arg) {
			if (ref->index < 0 || (size_t)ref->index >= e->n_anc)
				return FC_ENOENT;
			set_str(out, e->anc[ref->index]);
			return FC_OK;
		} else {
			fc_value *items = fc_scratch_alloc(scratch, (e->n_anc ? e->n_anc : 1) *
			                                                    sizeof(*items));

			if (!items)
				return FC_ENOMEM;
			for (i = 0; i < e->n_anc; i++)
				set_str(&items[i], e->anc[i]);
			out->is_list = true;
			out->u.list.items = items;
			out->u.list.n = e->n_anc;
			return FC_OK;
		}
	default:
		return FC_ENOENT;
	}
}

void fct_source_ops(fct_source *ctx, fc_source_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	ops->sz = sizeof(*ops);
	ops->name = "test";
	ops->fields = fields;
	ops->n_fields = FCT_N_FIELDS;
	ops->code_names = code_names;
	ops->n_codes = FCT_N_CODES;
	ops->index_field = "t.type";
	ops->resolve = resolve;
	ops->extract = extract;
	ops->ctx = ctx;
}

void fct_event_default(fct_event *e)
{
	memset(e, 0, sizeof(*e));
	e->present = ~0u;
	e->i = -5;
	e->u = 42;
	e->d = 2.5;
	e->b = true;
	e->s = "bash";
	e->s2 = "bash";
	e->p = "/usr/bin/bash";
	e->bytes = "\xca\xfe\xba\xbe-x";
	e->bytes_len = 6;
	e->ip = "10.1.2.3";
	e->net = "192.168.1.7";
	e->port = 443;
	e->rt = 1000;
	e->ts = 1700000000000000000ull;
	e->list[0] = "a";
	e->list[1] = "b";
	e->n_list = 2;
	e->anc[0] = "sshd";
	e->anc[1] = "systemd";
	e->n_anc = 2;
	e->ulist[0] = 1;
	e->ulist[1] = 2;
	e->n_ulist = 2;
}

fc_event fct_make_event(uint32_t src, uint32_t code, const fct_event *e)
{
	fc_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.source = src;
	ev.code = code;
	ev.decoded = e;
	return ev;
}

void fct_reset_calls(fct_source *ctx)
{
	memset(ctx->calls, 0, sizeof(ctx->calls));
}

int fct_total_calls(const fct_source *ctx)
{
	int i, n = 0;

	for (i = 0; i < FCT_N_FIELDS; i++)
		n += ctx->calls[i];
	return n;
}

int fct_build(fct_source *ctx, const char *yaml, fc_diag_list *dl, fc_ruleset **rs)
{
	fc_engine *eng = NULL;
	fc_source_ops ops;
	int rc;

	*rs = NULL;
	rc = fc_engine_new(NULL, &eng);
	if (rc < 0)
		return rc;
	fct_source_ops(ctx, &ops);
	rc = fc_engine_add_source(eng, &ops, NULL);
	if (rc == FC_OK)
		rc = fc_engine_load_buffer(eng, "test.yaml", yaml, strlen(yaml), dl);
	if (rc == FC_OK)
		rc = fc_engine_compile(eng, dl, rs);
	fc_engine_free(eng);
	return rc;
}

int fct_build_cond(fct_source *ctx, const char *cond, fc_diag_list *dl, fc_ruleset **rs)
{
	char yaml[4096];

	snprintf(yaml, sizeof(yaml),
	         "- rule: r\n  desc: d\n  condition: |-\n    %s\n  output: out\n"
	         "  priority: WARNING\n  source: test\n",
	         cond);
	return fct_build(ctx, yaml, dl, rs);
}

void fct_print_diags(const fc_diag_list *dl)
{
	size_t i;

	for (i = 0; i < fc_diag_list_count(dl); i++) {
		char buf[2048];

		if (fc_diag_format(dl, i, 0, buf, sizeof(buf)) >= 0)
			fprintf(stderr, "%s", buf);
	}
}
