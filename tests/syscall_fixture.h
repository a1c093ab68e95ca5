/* SPDX-License-Identifier: Apache-2.0 */
/* Test helper: builds scap event records from (name, value) pairs using the
 * event table, and extracts syscall-source fields by name. White-box. */
#ifndef FCT_SYSCALL_FIXTURE_H
#define FCT_SYSCALL_FIXTURE_H

#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/syscall/state.h"

/* One parameter value: integer, string (NUL added) or raw bytes. */
typedef struct fct_arg {
	const char *name;
	int kind; /* 0 int, 1 string, 2 bytes */
	int64_t i;
	const void *p;
	size_t n;
} fct_arg;

#define A_I(nm, v)    ((fct_arg){nm, 0, (int64_t)(v), NULL, 0})
#define A_S(nm, s)    ((fct_arg){nm, 1, 0, s, 0})
#define A_B(nm, b, l) ((fct_arg){nm, 2, 0, b, l})
#define A_END         ((fct_arg){NULL, 0, 0, NULL, 0})

static inline size_t fct_width(uint8_t t)
{
	switch (t) {
	case FCI_PT_INT8:
	case FCI_PT_UINT8:
	case FCI_PT_FLAGS8:
	case FCI_PT_ENUMFLAGS8:
	case FCI_PT_SOCKFAMILY:
	case FCI_PT_L4PROTO:
	case FCI_PT_SIGTYPE:
	case FCI_PT_BOOL:
		return 1;
	case FCI_PT_INT16:
	case FCI_PT_UINT16:
	case FCI_PT_FLAGS16:
	case FCI_PT_ENUMFLAGS16:
	case FCI_PT_PORT:
	case FCI_PT_SYSCALLID:
		return 2;
	case FCI_PT_INT32:
	case FCI_PT_UINT32:
	case FCI_PT_FLAGS32:
	case FCI_PT_ENUMFLAGS32:
	case FCI_PT_UID:
	case FCI_PT_GID:
	case FCI_PT_MODE:
	case FCI_PT_IPV4ADDR:
		return 4;
	case FCI_PT_INT64:
	case FCI_PT_UINT64:
	case FCI_PT_ERRNO:
	case FCI_PT_FD:
	case FCI_PT_PID:
	case FCI_PT_RELTIME:
	case FCI_PT_ABSTIME:
	case FCI_PT_DOUBLE:
		return 8;
	default:
		return 0;
	}
}

/* Encodes into buf (static storage reused per call slot). Returns length. */
static inline size_t fct_rec_v(uint8_t *buf, size_t cap, uint16_t type, uint64_t ts, uint64_t tid,
                               const fct_arg *args)
{
	const fci_event_info *info = fci_event_info_get(type);
	struct fc_scap_evt_hdr h;
	size_t off, i, np = info ? info->nparams : 0;
	size_t lw = info && (info->flags & FCI_EF_LARGE_PAYLOAD) ? 4 : 2;

	off = FC_SCAP_HDR_LEN + np * lw;
	for (i = 0; i < np; i++) {
		const fct_arg *a = NULL;
		size_t k, len = 0;

		for (k = 0; args[k].name; k++)
			if (strcmp(args[k].name, info->params[i].name) == 0)
				a = &args[k];
		if (a) {
			if (a->kind == 0) {
				len = fct_width(info->params[i].type);
				if (!len)
					len = 8;
				memcpy(buf + off, &a->i, len); /* little-endian */
			} else if (a->kind == 1) {
				len = strlen(a->p) + 1;
				memcpy(buf + off, a->p, len);
			} else {
				len = a->n;
				memcpy(buf + off, a->p, len);
			}
		}
		if (lw == 2) {
			uint16_t l16 = (uint16_t)len;

			memcpy(buf + FC_SCAP_HDR_LEN + i * 2, &l16, 2);
		} else {
			uint32_t l32 = (uint32_t)len;

			memcpy(buf + FC_SCAP_HDR_LEN + i * 4, &l32, 4);
		}
		off += len;
	}
	(void)cap;
	h.ts = ts;
	h.tid = tid;
	h.len = (uint32_t)off;
	h.type = type;
	h.nparams = (uint32_t)np;
	memcpy(buf, &h, FC_SCAP_HDR_LEN);
	return off;
}

/* Processes one synthetic event; the record lives in a ring of buffers so
 * the previous event's pointers stay valid as the API requires. */
static inline int fct_feed(fc_syscall_source *src, fc_event *ev, uint16_t type, uint64_t ts,
                           uint64_t tid, const fct_arg *args)
{
	static uint8_t ring[4][8192];
	static unsigned slot;
	uint8_t *b = ring[slot++ % 4];
	size_t len = fct_rec_v(b, sizeof(ring[0]), type, ts, tid, args);

	return fc_syscall_source_process(src, b, len, 0, ev);
}

#define FEED(src, ev, type, ts, tid, ...)                                                          \
	fct_feed(src, ev, type, ts, tid, (const fct_arg[]){__VA_ARGS__, A_END})

/* Field lookup by name ("proc.aname[2]", "evt.arg.flags"). */
static inline int fct_extract(fc_syscall_source *src, const fc_event *ev, const char *name,
                              fc_value *out)
{
	const fc_source_ops *ops = fc_syscall_source_ops(src);
	char base[128], err[256];
	const char *arg = NULL;
	size_t i, alen = 0;
	fc_field_ref ref;
	int rc;

	memset(&ref, 0, sizeof(ref));
	snprintf(base, sizeof(base), "%s", name);
	{
		/* found in name itself: GCC 12 -O3 miscomputed strlen() of a pointer
		 * into name derived from one into base */
		const char *br = strchr(name, '[');

		if (br && (size_t)(br - name) < sizeof(base)) {
			base[br - name] = '\0';
			arg = br + 1;
			alen = strlen(arg) - 1;
		}
	}
	for (i = 0; i < ops->n_fields; i++)
		if (strcmp(ops->fields[i].name, base) == 0)
			break;
	if (i == ops->n_fields && !arg) {
		/* dotted argument: evt.arg.NAME */
		for (i = 0; i < ops->n_fields; i++) {
			size_t fl = strlen(ops->fields[i].name);

			if ((ops->fields[i].flags & FC_FIELD_ARG_DOTTED) &&
			    strncmp(base, ops->fields[i].name, fl) == 0 && base[fl] == '.') {
				arg = name + fl + 1;
				alen = strlen(arg);
				break;
			}
		}
	}
	if (i == ops->n_fields)
		return -1000;
	ref.field = (uint32_t)i;
	ref.index = -1;
	if (arg) {
		static char argbuf[8][128];
		static unsigned ai;
		char *ab = argbuf[ai++ % 8];

		snprintf(ab, 128, "%.*s", (int)alen, arg);
		ref.has_arg = true;
		ref.arg = ab;
		ref.arg_len = alen;
	}
	rc = ops->resolve(ops->ctx, &ref, err, sizeof(err));
	if (rc < 0)
		return rc;
	return ops->extract(ops->ctx, ev, &ref, NULL, out);
}

/* String form of a field for assertions ("<NA>" when absent). */
static inline const char *fct_str(fc_syscall_source *src, const fc_event *ev, const char *name)
{
	static char bufs[8][512];
	static unsigned bi;
	char *b = bufs[bi++ % 8];
	fc_value v;
	int rc = fct_extract(src, ev, name, &v);

	if (rc == FC_ENOENT)
		return "<NA>";
	if (rc < 0) {
		snprintf(b, 512, "<ERR %d>", rc);
		return b;
	}
	if (v.is_list) {
		size_t k, o = 0;

		o += (size_t)snprintf(b + o, 512 - o, "(");
		for (k = 0; k < v.u.list.n && o < 500; k++) {
			const fc_value *it = &v.u.list.items[k];

			if (it->type == FC_TYPE_STRING)
				o += (size_t)snprintf(b + o, 512 - o, "%s%.*s", k ? "," : "",
				                      (int)it->u.str.len, it->u.str.ptr);
			else
				o += (size_t)snprintf(b + o, 512 - o, "%s%" PRIu64, k ? "," : "",
				                      it->u.u64);
		}
		snprintf(b + o, 512 - o, ")");
		return b;
	}
	switch (v.type) {
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_BYTES:
		snprintf(b, 512, "%.*s", (int)v.u.str.len, v.u.str.ptr);
		break;
	case FC_TYPE_BOOL:
		snprintf(b, 512, "%s", v.u.b ? "true" : "false");
		break;
	case FC_TYPE_INT64:
		snprintf(b, 512, "%" PRId64, v.u.i64);
		break;
	case FC_TYPE_IPADDR:
	case FC_TYPE_IPNET:
		if (v.u.ip.family == 4)
			snprintf(b, 512, "%u.%u.%u.%u", v.u.ip.addr[0], v.u.ip.addr[1],
			         v.u.ip.addr[2], v.u.ip.addr[3]);
		else
			snprintf(b, 512, "ipv6");
		break;
	case FC_TYPE_DOUBLE:
		snprintf(b, 512, "%g", v.u.f64);
		break;
	default:
		snprintf(b, 512, "%" PRIu64, v.u.u64);
		break;
	}
	return b;
}

#endif
