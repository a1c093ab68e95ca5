/* SPDX-License-Identifier: Apache-2.0 */
/* fc_syscall_event_encode(): builds scap event records from an event name and
 * named text values, driven by the event table (event_table.h). Used by the
 * rule-test runner and by tests that synthesise events. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "../../internal.h"

#include "event_table.h"

/* Scap socket families (libscap's PPM_AF_*). */
enum { ENC_AF_UNIX = 1, ENC_AF_INET = 2, ENC_AF_INET6 = 10 };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The newest layout of an event: the last code with that name and direction
 * that is not marked old; an old layout only when nothing newer exists. */
static int find_event(const char *name, char dir, uint16_t *type, const fci_event_info **info)
{
	int found_old = -1, found = -1;

	for (uint32_t t = 0; t < FCI_EVENT_MAX; t++) {
		const fci_event_info *ei = fci_event_info_get((uint16_t)t);

		if (!ei || !ei->name || ei->dir != dir || (ei->flags & FCI_EF_UNUSED))
			continue;
		if (strcmp(ei->name, name) != 0)
			continue;
		if (ei->flags & FCI_EF_OLD_VERSION)
			found_old = (int)t;
		else
			found = (int)t;
	}
	if (found < 0)
		found = found_old;
	if (found < 0)
		return FC_ENOENT;
	*type = (uint16_t)found;
	*info = fci_event_info_get((uint16_t)found);
	return FC_OK;
}

/* Fixed size of a scalar parameter type, 0 for variable-size types. */
static size_t scalar_size(uint8_t type)
{
	switch (type) {
	case FCI_PT_INT8:
	case FCI_PT_UINT8:
	case FCI_PT_FLAGS8:
	case FCI_PT_ENUMFLAGS8:
	case FCI_PT_SIGTYPE:
	case FCI_PT_L4PROTO:
	case FCI_PT_SOCKFAMILY:
		return 1;
	case FCI_PT_INT16:
	case FCI_PT_UINT16:
	case FCI_PT_FLAGS16:
	case FCI_PT_ENUMFLAGS16:
	case FCI_PT_SYSCALLID:
	case FCI_PT_PORT:
		return 2;
	case FCI_PT_INT32:
	case FCI_PT_UINT32:
	case FCI_PT_FLAGS32:
	case FCI_PT_ENUMFLAGS32:
	case FCI_PT_MODE:
	case FCI_PT_UID:
	case FCI_PT_GID:
	case FCI_PT_BOOL:
	case FCI_PT_IPV4ADDR:
	case FCI_PT_SIGSET:
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

static bool is_flags_type(uint8_t type)
{
	switch (type) {
	case FCI_PT_FLAGS8:
	case FCI_PT_FLAGS16:
	case FCI_PT_FLAGS32:
	case FCI_PT_ENUMFLAGS8:
	case FCI_PT_ENUMFLAGS16:
	case FCI_PT_ENUMFLAGS32:
	case FCI_PT_MODE:
		return true;
	default:
		return false;
	}
}

/* Parses a whole integer (decimal, 0x hex, leading-0 octal, optional sign). */
static bool parse_int(const char *s, size_t n, int64_t *out)
{
	char tmp[64];
	char *end;
	bool neg = false;
	uint64_t u;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	s = tmp;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	u = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return true;
}

static bool parse_errno_name(const char *s, size_t n, int64_t *out)
{
	for (int64_t e = 1; e < 4096; e++) {
		const char *name = fci_errno_name(-e);

		if (name && strlen(name) == n && memcmp(name, s, n) == 0) {
			*out = -e;
			return true;
		}
	}
	return false;
}

/* "A|B|0x10": each part a number or a name from the parameter's table. */
static bool parse_flags(const fci_param_info *pi, const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i <= n) {
		size_t j = i;
		size_t a, b;
		int64_t num;
		bool ok = false;

		while (j < n && s[j] != '|')
			j++;
		a = i;
		b = j;
		while (a < b && isspace((unsigned char)s[a]))
			a++;
		while (b > a && isspace((unsigned char)s[b - 1]))
			b--;
		if (a == b)
			return false;
		if (parse_int(s + a, b - a, &num)) {
			v |= (uint64_t)num;
			ok = true;
		} else if (pi->flags) {
			for (const fci_flag_name *f = pi->flags; f->name; f++) {
				if (strlen(f->name) == b - a &&
				    memcmp(f->name, s + a, b - a) == 0) {
					v |= f->value;
					ok = true;
					break;
				}
			}
		}
		if (!ok)
			return false;
		i = j + 1;
	}
	*out = v;
	return true;
}

static void put_le(fci_buf *b, uint64_t v, size_t size)
{
	uint8_t bytes[8];

	for (size_t i = 0; i < size; i++)
		bytes[i] = (uint8_t)(v >> (8 * i));
	fci_buf_add(b, bytes, size);
}

/* "1.2.3.4:80" or "[::1]:80" into family, 4/16 address bytes and a port. */
static bool parse_endpoint(const char *s, size_t n, uint8_t *family, uint8_t addr[16],
                           uint16_t *port)
{
	char host[64];
	const char *colon;
	size_t hl;
	int64_t p;

	if (n > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close || close + 1 >= s + n || close[1] != ':')
			return false;
		hl = (size_t)(close - s - 1);
		if (hl == 0 || hl >= sizeof(host))
			return false;
		memcpy(host, s + 1, hl);
		host[hl] = '\0';
		if (inet_pton(AF_INET6, host, addr) != 1)
			return false;
		*family = ENC_AF_INET6;
		colon = close + 1;
	} else {
		colon = NULL;
		for (size_t i = n; i > 0; i--) {
			if (s[i - 1] == ':') {
				colon = s + i - 1;
				break;
			}
		}
		if (!colon)
			return false;
		hl = (size_t)(colon - s);
		if (hl == 0 || hl >= sizeof(host))
			return false;
		memcpy(host, s, hl);
		host[hl] = '\0';
		memset(addr, 0, 16);
		if (inet_pton(AF_INET, host, addr) != 1)
			return false;
		*family = ENC_AF_INET;
	}
	if (!parse_int(colon + 1, (size_t)(s + n - colon - 1), &p) || p < 0 || p > 65535)
		return false;
	*port = (uint16_t)p;
	return true;
}

static bool encode_sockaddr(fci_buf *b, const char *s, size_t n)
{
	uint8_t fam, addr[16];
	uint16_t port;

	if (n > 0 && s[0] == '/') {
		put_le(b, ENC_AF_UNIX, 1);
		fci_buf_add(b, s, n);
		fci_buf_addc(b, '\0');
		return true;
	}
	if (!parse_endpoint(s, n, &fam, addr, &port))
		return false;
	put_le(b, fam, 1);
	fci_buf_add(b, addr, fam == ENC_AF_INET ? 4 : 16);
	put_le(b, port, 2);
	return true;
}

static bool encode_socktuple(fci_buf *b, const char *s, size_t n)
{
	const char *arrow = NULL;
	uint8_t f1, f2, a1[16], a2[16];
	uint16_t p1, p2;

	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == '-' && s[i + 1] == '>') {
			arrow = s + i;
			break;
		}
	}
	if (n > 0 && s[0] == '/') { /* unix socket: just the path */
		put_le(b, ENC_AF_UNIX, 1);
		put_le(b, 0, 8);
		put_le(b, 0, 8);
		fci_buf_add(b, s, n);
		fci_buf_addc(b, '\0');
		return true;
	}
	if (!arrow)
		return false;
	if (!parse_endpoint(s, (size_t)(arrow - s), &f1, a1, &p1) ||
	    !parse_endpoint(arrow + 2, (size_t)(s + n - arrow - 2), &f2, a2, &p2) || f1 != f2)
		return false;
	put_le(b, f1, 1);
	fci_buf_add(b, a1, f1 == ENC_AF_INET ? 4 : 16);
	put_le(b, p1, 2);
	fci_buf_add(b, a2, f1 == ENC_AF_INET ? 4 : 16);
	put_le(b, p2, 2);
	return true;
}

/* Appends the encoding of one parameter to b. v == NULL: the zero value. */
static int encode_param(fci_buf *b, const fci_param_info *pi, const char *v, size_t n, char *err,
                        size_t errlen)
{
	size_t size = scalar_size(pi->type);
	int64_t i64;
	uint64_t u64;

	if (!v) {
		if (size > 0)
			put_le(b, 0, size);
		else if (pi->type == FCI_PT_CHARBUF || pi->type == FCI_PT_FSPATH ||
		         pi->type == FCI_PT_FSRELPATH)
			fci_buf_addc(b, '\0');
		return FC_OK;
	}
	if (pi->type == FCI_PT_DOUBLE) {
		char tmp[64], *end;
		double d;

		if (n == 0 || n >= sizeof(tmp))
			goto bad;
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		d = strtod(tmp, &end);
		if (*end)
			goto bad;
		memcpy(&u64, &d, sizeof(d));
		put_le(b, u64, 8);
		return FC_OK;
	}
	if (pi->type == FCI_PT_BOOL) {
		if ((n == 4 && memcmp(v, "true", 4) == 0) || (n == 1 && v[0] == '1'))
			put_le(b, 1, size);
		else if ((n == 5 && memcmp(v, "false", 5) == 0) || (n == 1 && v[0] == '0'))
			put_le(b, 0, size);
		else
			goto bad;
		return FC_OK;
	}
	if (pi->type == FCI_PT_IPV4ADDR) {
		char tmp[32];
		uint8_t a[4];

		if (n >= sizeof(tmp))
			goto bad;
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		if (inet_pton(AF_INET, tmp, a) != 1)
			goto bad;
		fci_buf_add(b, a, 4);
		return FC_OK;
	}
	if (is_flags_type(pi->type)) {
		if (!parse_flags(pi, v, n, &u64))
			goto bad;
		put_le(b, u64, size);
		return FC_OK;
	}
	if (size > 0) {
		if (!parse_int(v, n, &i64)) {
			if (pi->type == FCI_PT_ERRNO && parse_errno_name(v, n, &i64))
				;
			else if (pi->type == FCI_PT_FD && n == 8 && memcmp(v, "AT_FDCWD", 8) == 0)
				i64 = -100;
			else
				goto bad;
		}
		put_le(b, (uint64_t)i64, size);
		return FC_OK;
	}
	switch (pi->type) {
	case FCI_PT_CHARBUF:
	case FCI_PT_FSPATH:
	case FCI_PT_FSRELPATH:
		fci_buf_add(b, v, n);
		fci_buf_addc(b, '\0');
		return FC_OK;
	case FCI_PT_BYTEBUF:
	case FCI_PT_CHARBUFARRAY:
	case FCI_PT_CHARBUF_PAIR_ARRAY:
		fci_buf_add(b, v, n);
		return FC_OK;
	case FCI_PT_SOCKADDR:
		if (!encode_sockaddr(b, v, n))
			goto bad;
		return FC_OK;
	case FCI_PT_SOCKTUPLE:
		if (!encode_socktuple(b, v, n))
			goto bad;
		return FC_OK;
	case FCI_PT_DYNAMIC:
		/* "value" uses selector 0; "N:value" selector N. */
		{
			int64_t sel = 0;
			const char *colon = memchr(v, ':', n);

			if (colon) {
				if (!parse_int(v, (size_t)(colon - v), &sel) || sel < 0 ||
				    sel >= pi->ndyn)
					goto bad;
				n -= (size_t)(colon + 1 - v);
				v = colon + 1;
			}
			if (pi->ndyn == 0 || !pi->dyn)
				goto bad;
			put_le(b, (uint64_t)sel, 1);
			return encode_param(b, &pi->dyn[sel], v, n, err, errlen);
		}
	default:
		set_err(err, errlen, "parameter '%s': type %u cannot be given as text", pi->name,
		        (unsigned)pi->type);
		return FC_EINVAL;
	}
bad:
	set_err(err, errlen, "parameter '%s': cannot convert '%.*s'", pi->name,
	        (int)(n > 80 ? 80 : n), v);
	return FC_EINVAL;
}

int fc_syscall_event_encode(const char *event_name, char dir, uint64_t ts, uint64_t tid,
                            const fc_syscall_param *params, size_t n, uint32_t flags, void *buf,
                            size_t len, char *err, size_t errlen)
{
	const fci_event_info *ei = NULL;
	uint16_t type = 0;
	const fc_syscall_param **byidx = NULL;
	fci_buf body;
	size_t lensz, total;
	int rc = FC_OK;

	if (err && errlen)
		err[0] = '\0';
	if (!event_name || (dir != '<' && dir != '>') || (n > 0 && !params) || (len > 0 && !buf))
		return FC_EINVAL;
	if (find_event(event_name, dir, &type, &ei) < 0) {
		set_err(err, errlen, "unknown event '%s' (direction '%c')", event_name, dir);
		return FC_ENOENT;
	}
	fci_buf_init(&body);
	byidx = fci_calloc(ei->nparams ? ei->nparams : 1, sizeof(*byidx));
	if (!byidx) {
		rc = FC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		uint16_t k;

		if (!params[i].name || !params[i].value) {
			rc = FC_EINVAL;
			goto out;
		}
		for (k = 0; k < ei->nparams; k++)
			if (strcmp(ei->params[k].name, params[i].name) == 0)
				break;
		if (k == ei->nparams) {
			if (flags & FC_SYSCALL_ENCODE_LENIENT)
				continue;
			set_err(err, errlen, "event '%s' has no parameter '%s'", event_name,
			        params[i].name);
			rc = FC_EINVAL;
			goto out;
		}
		byidx[k] = &params[i]; /* the last one given wins */
	}
	lensz = (ei->flags & FCI_EF_LARGE_PAYLOAD) ? 4 : 2;
	/* Parameter lengths first (patched below), then the values. */
	for (uint16_t k = 0; k < ei->nparams; k++)
		put_le(&body, 0, lensz);
	for (uint16_t k = 0; k < ei->nparams; k++) {
		size_t before = body.len, plen;
		const fc_syscall_param *p = byidx[k];
		const char *v = p ? p->value : NULL;
		size_t vl = p ? (p->value_len ? p->value_len : strlen(p->value)) : 0;

		FCI_TRY(encode_param(&body, &ei->params[k], v, vl, err, errlen));
		if (body.oom) {
			rc = FC_ENOMEM;
			goto out;
		}
		plen = body.len - before;
		if (plen > (lensz == 2 ? 0xffffu : 0xffffffffu)) {
			set_err(err, errlen, "parameter '%s' is too long", ei->params[k].name);
			rc = FC_EINVAL;
			goto out;
		}
		for (size_t j = 0; j < lensz; j++)
			((uint8_t *)body.p)[k * lensz + j] = (uint8_t)(plen >> (8 * j));
	}
	if (body.oom) {
		rc = FC_ENOMEM;
		goto out;
	}
	total = FC_SCAP_HDR_LEN + body.len;
	if (total > INT32_MAX) {
		rc = FC_ELIMIT;
		goto out;
	}
	if (total <= len) {
		struct fc_scap_evt_hdr h = {
		        .ts = ts,
		        .tid = tid,
		        .len = (uint32_t)total,
		        .type = type,
		        .nparams = ei->nparams,
		};

		memcpy(buf, &h, FC_SCAP_HDR_LEN);
		if (body.len)
			memcpy((uint8_t *)buf + FC_SCAP_HDR_LEN, body.p, body.len);
	}
	rc = (int)total;
out:
	fci_free(byidx);
	fci_buf_free(&body);
	return rc;
}
