/* SPDX-License-Identifier: Apache-2.0 */
/* Decoding scap event records: header and parameter validation, typed
 * accessors, and rendering of parameters the way sysdig and falco print them. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "event_table.h"

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int fci_sevt_decode(const void *rec, size_t len, fci_sevt *out)
{
	const uint8_t *b = rec;
	size_t lw, off, data;

	if (!rec || !out || len < FC_SCAP_HDR_LEN)
		return FC_EFORMAT;
	out->ts = rd64(b);
	out->tid = rd64(b + 8);
	out->len = rd32(b + 16);
	out->type = rd16(b + 20);
	out->nparams = rd32(b + 22);
	out->info = fci_event_info_get(out->type);
	if (out->len < FC_SCAP_HDR_LEN || out->len > len || out->nparams > FCI_MAX_PARAMS)
		return FC_EFORMAT;
	lw = (out->info && (out->info->flags & FCI_EF_LARGE_PAYLOAD)) ? 4 : 2;
	off = FC_SCAP_HDR_LEN;
	data = off + (size_t)out->nparams * lw;
	if (data > out->len)
		return FC_EFORMAT;
	for (uint32_t i = 0; i < out->nparams; i++, off += lw) {
		uint32_t pl = lw == 4 ? rd32(b + off) : rd16(b + off);

		if (pl > out->len - data)
			return FC_EFORMAT;
		out->p[i] = b + data;
		out->plen[i] = pl;
		data += pl;
	}
	return FC_OK;
}

static uint8_t ptype_of(const fci_sevt *e, unsigned i)
{
	if (e->info && i < e->info->nparams)
		return e->info->params[i].type;
	return FCI_PT_NONE;
}

/* Reads an integer of whatever width the parameter has: 1, 2, 4 or 8 bytes. */
static int read_int(const fci_sevt *e, unsigned i, uint64_t *u, unsigned *width)
{
	const uint8_t *p;

	if (i >= e->nparams || e->plen[i] == 0)
		return FC_ENOENT;
	p = e->p[i];
	switch (e->plen[i]) {
	case 1:
		*u = p[0];
		break;
	case 2:
		*u = rd16(p);
		break;
	case 4:
		*u = rd32(p);
		break;
	case 8:
		*u = rd64(p);
		break;
	default:
		return FC_EFORMAT;
	}
	*width = e->plen[i];
	return FC_OK;
}

static bool ptype_signed(uint8_t t)
{
	switch (t) {
	case FCI_PT_INT8:
	case FCI_PT_INT16:
	case FCI_PT_INT32:
	case FCI_PT_INT64:
	case FCI_PT_ERRNO:
	case FCI_PT_FD:
	case FCI_PT_PID:
		return true;
	default:
		return false;
	}
}

int fci_sevt_int(const fci_sevt *e, unsigned i, int64_t *v)
{
	uint64_t u;
	unsigned w;
	int rc = read_int(e, i, &u, &w);

	if (rc != FC_OK)
		return rc;
	if (ptype_signed(ptype_of(e, i)) && w < 8) {
		uint64_t sign = 1ull << (w * 8 - 1);

		u = (u ^ sign) - sign;
	}
	*v = (int64_t)u;
	return FC_OK;
}

int fci_sevt_uint(const fci_sevt *e, unsigned i, uint64_t *v)
{
	unsigned w;

	return read_int(e, i, v, &w);
}

int fci_sevt_str(const fci_sevt *e, unsigned i, const char **s, size_t *len)
{
	size_t n;

	if (i >= e->nparams || e->plen[i] == 0)
		return FC_ENOENT;
	n = e->plen[i];
	/* Strings carry their NUL; stop at the first one. */
	*s = (const char *)e->p[i];
	*len = strnlen(*s, n);
	return FC_OK;
}

int fci_sevt_bytes(const fci_sevt *e, unsigned i, const uint8_t **b, size_t *len)
{
	if (i >= e->nparams || e->plen[i] == 0)
		return FC_ENOENT;
	*b = e->p[i];
	*len = e->plen[i];
	return FC_OK;
}

int fci_sevt_param_index(const fci_sevt *e, const char *name)
{
	if (!e->info || !name)
		return -1;
	for (unsigned i = 0; i < e->info->nparams; i++) {
		const char *pn = e->info->params[i].name;

		/* first byte first: most names differ there (hot in state updates) */
		if (pn[0] == name[0] && strcmp(pn, name) == 0)
			return (int)i;
	}
	return -1;
}

/* ---- rendering ---- */

/* A bounded writer with snprintf semantics: counts what it could not store. */
typedef struct outbuf {
	char *p;
	size_t cap, n;
} outbuf;

static void ob_init(outbuf *o, char *p, size_t cap)
{
	o->p = p;
	o->cap = cap;
	o->n = 0;
	if (p && cap)
		p[0] = '\0';
}

static void ob_putc(outbuf *o, char c)
{
	if (o->p && o->n + 1 < o->cap) {
		o->p[o->n] = c;
		o->p[o->n + 1] = '\0';
	}
	o->n++;
}

static void ob_put(outbuf *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ob_putc(o, s[i]);
}

static void ob_puts(outbuf *o, const char *s)
{
	ob_put(o, s, strlen(s));
}

static void ob_printf(outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ob_printf(outbuf *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		ob_put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void ob_ipv4(outbuf *o, const uint8_t *a)
{
	ob_printf(o, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static bool ipv6_is_v4mapped(const uint8_t *a)
{
	static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, pfx, 12) == 0;
}

static void ob_ipv6(outbuf *o, const uint8_t *a)
{
	char tmp[INET6_ADDRSTRLEN];

	if (ipv6_is_v4mapped(a)) {
		ob_ipv4(o, a + 12);
		return;
	}
	if (inet_ntop(AF_INET6, a, tmp, sizeof(tmp)))
		ob_puts(o, tmp);
}

/* Printable rendering of a buffer: printable ASCII as is, other bytes '.'. */
static void ob_buffer(outbuf *o, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ob_putc(o, (b[i] >= 0x20 && b[i] < 0x7f) ? (char)b[i] : '.');
}

static void ob_str(outbuf *o, const uint8_t *b, size_t n)
{
	ob_put(o, (const char *)b, strnlen((const char *)b, n));
}

/* Socket families in the driver's PPM_AF_* numbering. */
enum { PPM_AF_UNIX = 1, PPM_AF_INET = 2, PPM_AF_INET6 = 10 };

/* One endpoint as the driver packs it after the family byte: the address
 * (4 or 16 bytes) then the port (2 bytes), printed "addr:port". */
static void render_endpoint(outbuf *o, uint8_t family, const uint8_t *p)
{
	if (family == PPM_AF_INET) {
		ob_ipv4(o, p);
		ob_printf(o, ":%u", rd16(p + 4));
	} else {
		ob_ipv6(o, p);
		ob_printf(o, ":%u", rd16(p + 16));
	}
}

static void render_sockaddr(outbuf *o, const uint8_t *p, size_t n)
{
	if (n < 1)
		return;
	switch (p[0]) {
	case PPM_AF_INET:
		if (n >= 7)
			render_endpoint(o, p[0], p + 1);
		break;
	case PPM_AF_INET6:
		if (n >= 19)
			render_endpoint(o, p[0], p + 1);
		break;
	case PPM_AF_UNIX:
		ob_str(o, p + 1, n - 1);
		break;
	default:
		ob_printf(o, "family %u", p[0]);
		break;
	}
}

/* A tuple is the family byte then two endpoints, source first. */
static void render_socktuple(outbuf *o, const uint8_t *p, size_t n)
{
	size_t end; /* one endpoint's size */

	if (n < 1)
		return;
	end = p[0] == PPM_AF_INET ? 6 : 18;
	switch (p[0]) {
	case PPM_AF_INET:
	case PPM_AF_INET6:
		if (n >= 1 + 2 * end) {
			render_endpoint(o, p[0], p + 1);
			ob_put(o, "->", 2);
			render_endpoint(o, p[0], p + 1 + end);
		}
		break;
	case PPM_AF_UNIX:
		if (n >= 17) {
			ob_printf(o, "%" PRIx64 "->%" PRIx64 " ", rd64(p + 1), rd64(p + 9));
			ob_str(o, p + 17, n - 17);
		}
		break;
	default:
		ob_printf(o, "family %u", p[0]);
		break;
	}
}

static void render_fdlist(outbuf *o, const uint8_t *p, size_t n)
{
	uint16_t cnt;

	if (n < 2)
		return;
	cnt = rd16(p);
	for (size_t i = 0, off = 2; i < cnt && off + 10 <= n; i++, off += 10) {
		if (i)
			ob_putc(o, ' ');
		ob_printf(o, "%" PRId64 ":%u", (int64_t)rd64(p + off), rd16(p + off + 8));
	}
}

/* sysdig's flag resolution: walk the table in order, taking each flag whose
 * bits are all still set (a 0-valued flag only for a 0 value), and stop at
 * an entry equal to the whole value, which is appended last. */
static void resolve_flags(outbuf *o, const fci_flag_name *fl, uint32_t val)
{
	const uint32_t initial = val;
	const char *sep = "";

	for (; fl && fl->name && fl->value != initial; fl++) {
		if ((fl->value == 0 && initial == 0) ||
		    (fl->value != 0 && (val & fl->value) == fl->value && val != 0)) {
			ob_puts(o, sep);
			ob_puts(o, fl->name);
			sep = "|";
			val &= ~fl->value;
		}
	}
	if (fl && fl->name) {
		ob_puts(o, sep);
		ob_puts(o, fl->name);
	}
}

static void resolve_enum(outbuf *o, const fci_flag_name *fl, uint32_t val)
{
	for (; fl && fl->name; fl++) {
		if (fl->value == val) {
			ob_puts(o, fl->name);
			return;
		}
	}
}

static const char *const signal_names[] = {
        NULL,        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
};

static void render_int(outbuf *o, uint8_t fmt, uint64_t u, int64_t s, bool is_signed)
{
	switch (fmt) {
	case FCI_PF_HEX:
		ob_printf(o, "%" PRIX64, u);
		break;
	case FCI_PF_OCT:
		ob_printf(o, "%#" PRIo64, u);
		break;
	case FCI_PF_10_PADDED_DEC:
		ob_printf(o, "%09" PRIu64, u);
		break;
	default:
		if (is_signed)
			ob_printf(o, "%" PRId64, s);
		else
			ob_printf(o, "%" PRIu64, u);
		break;
	}
}

static int render_typed(const fci_sevt *e, unsigned i, const fci_param_info *pi, const uint8_t *p,
                        size_t n, outbuf *raw, outbuf *res)
{
	uint8_t t = pi ? pi->type : FCI_PT_BYTEBUF;
	uint8_t fmt = pi ? pi->fmt : FCI_PF_NA;
	uint64_t u = 0;
	int64_t s = 0;

	switch (t) {
	case FCI_PT_INT8:
	case FCI_PT_INT16:
	case FCI_PT_INT32:
	case FCI_PT_INT64:
	case FCI_PT_UINT8:
	case FCI_PT_UINT16:
	case FCI_PT_UINT32:
	case FCI_PT_UINT64:
	case FCI_PT_FD:
	case FCI_PT_PID:
	case FCI_PT_RELTIME:
	case FCI_PT_ABSTIME:
	case FCI_PT_PORT:
	case FCI_PT_L4PROTO:
	case FCI_PT_SOCKFAMILY:
	case FCI_PT_UID:
	case FCI_PT_GID:
	case FCI_PT_SIGSET:
	case FCI_PT_ERRNO:
	case FCI_PT_SIGTYPE:
	case FCI_PT_SYSCALLID:
	case FCI_PT_BOOL:
	case FCI_PT_FLAGS8:
	case FCI_PT_FLAGS16:
	case FCI_PT_FLAGS32:
	case FCI_PT_ENUMFLAGS8:
	case FCI_PT_ENUMFLAGS16:
	case FCI_PT_ENUMFLAGS32:
	case FCI_PT_MODE: {
		int rc = fci_sevt_int(e, i, &s);

		if (rc != FC_OK)
			return rc;
		u = (uint64_t)s;
		if (!ptype_signed(t) && e->plen[i] < 8)
			u &= (1ull << (e->plen[i] * 8)) - 1;
		break;
	}
	default:
		break;
	}

	switch (t) {
	case FCI_PT_ERRNO:
		render_int(raw, fmt, u, s, true);
		if (s < 0 && fci_errno_name(s))
			ob_puts(res, fci_errno_name(s));
		break;
	case FCI_PT_INT8:
	case FCI_PT_INT16:
	case FCI_PT_INT32:
	case FCI_PT_INT64:
	case FCI_PT_FD:
	case FCI_PT_PID:
		render_int(raw, fmt, u, s, true);
		break;
	case FCI_PT_SIGTYPE:
		ob_printf(raw, "%" PRIu64, u);
		if (u < sizeof(signal_names) / sizeof(signal_names[0]) && signal_names[u])
			ob_puts(res, signal_names[u]);
		break;
	case FCI_PT_SYSCALLID: {
		const char *nm = fci_syscall_name((uint16_t)u);

		ob_printf(raw, "%" PRIu64, u);
		if (nm)
			ob_puts(res, nm);
		break;
	}
	case FCI_PT_BOOL:
		ob_puts(raw, u ? "true" : "false");
		break;
	case FCI_PT_FLAGS8:
	case FCI_PT_FLAGS16:
	case FCI_PT_FLAGS32:
	case FCI_PT_MODE:
		if (t == FCI_PT_MODE)
			ob_printf(raw, "%#" PRIo64, u);
		else
			ob_printf(raw, "%" PRIu64, u);
		if (pi && pi->flags)
			resolve_flags(res, pi->flags, (uint32_t)u);
		break;
	case FCI_PT_ENUMFLAGS8:
	case FCI_PT_ENUMFLAGS16:
	case FCI_PT_ENUMFLAGS32:
		ob_printf(raw, "%" PRIu64, u);
		if (pi && pi->flags)
			resolve_enum(res, pi->flags, (uint32_t)u);
		break;
	case FCI_PT_UINT8:
	case FCI_PT_UINT16:
	case FCI_PT_UINT32:
	case FCI_PT_UINT64:
	case FCI_PT_RELTIME:
	case FCI_PT_ABSTIME:
	case FCI_PT_PORT:
	case FCI_PT_L4PROTO:
	case FCI_PT_SOCKFAMILY:
	case FCI_PT_UID:
	case FCI_PT_GID:
	case FCI_PT_SIGSET:
		render_int(raw, fmt, u, s, false);
		break;
	case FCI_PT_CHARBUF:
	case FCI_PT_FSPATH:
	case FCI_PT_FSRELPATH:
		ob_str(raw, p, n);
		break;
	case FCI_PT_SOCKADDR:
		render_sockaddr(raw, p, n);
		break;
	case FCI_PT_SOCKTUPLE:
		render_socktuple(raw, p, n);
		break;
	case FCI_PT_FDLIST:
		render_fdlist(raw, p, n);
		break;
	case FCI_PT_IPV4ADDR:
		if (n >= 4)
			ob_ipv4(raw, p);
		break;
	case FCI_PT_IPV6ADDR:
		if (n >= 16)
			ob_ipv6(raw, p);
		break;
	case FCI_PT_IPADDR:
		if (n == 4)
			ob_ipv4(raw, p);
		else if (n >= 16)
			ob_ipv6(raw, p);
		break;
	case FCI_PT_DOUBLE:
		if (n >= 8) {
			double d;

			memcpy(&d, p, sizeof(d));
			ob_printf(raw, "%lf", d);
		}
		break;
	case FCI_PT_DYNAMIC:
		if (n >= 1 && pi && p[0] < pi->ndyn) {
			fci_sevt sub = *e;

			/* Re-point parameter i past the selector byte. */
			sub.p[i] = p + 1;
			sub.plen[i] = (uint32_t)(n - 1);
			sub.info = NULL;
			return render_typed(&sub, i, &pi->dyn[p[0]], p + 1, n - 1, raw, res);
		}
		ob_buffer(raw, p, n);
		break;
	default:
		ob_buffer(raw, p, n);
		break;
	}
	return FC_OK;
}

int fci_sevt_format_param_parts(const fci_sevt *e, unsigned i, char *raw, size_t rawlen,
                                char *resolved, size_t reslen)
{
	outbuf r, s;
	const fci_param_info *pi = NULL;

	ob_init(&r, raw, rawlen);
	ob_init(&s, resolved, reslen);
	if (!e || i >= e->nparams)
		return FC_ENOENT;
	if (e->info && i < e->info->nparams)
		pi = &e->info->params[i];
	if (e->plen[i] == 0)
		return FC_OK;
	return render_typed(e, i, pi, e->p[i], e->plen[i], &r, &s);
}

int fci_sevt_format_param(const fci_sevt *e, unsigned i, char *buf, size_t len)
{
	char res[256];
	outbuf o, r, sres;
	const fci_param_info *pi;
	int rc;

	ob_init(&o, buf, len);
	if (!e || i >= e->nparams)
		return FC_ENOENT;
	if (e->plen[i] == 0)
		return 0;
	pi = (e->info && i < e->info->nparams) ? &e->info->params[i] : NULL;
	/* First pass: only the resolved form (names are short). */
	ob_init(&r, NULL, 0);
	ob_init(&sres, res, sizeof(res));
	rc = render_typed(e, i, pi, e->p[i], e->plen[i], &r, &sres);
	if (rc < 0)
		return rc;
	if (res[0]) {
		ob_puts(&o, res);
		return (int)o.n;
	}
	ob_init(&sres, NULL, 0);
	rc = render_typed(e, i, pi, e->p[i], e->plen[i], &o, &sres);
	return rc < 0 ? rc : (int)o.n;
}

int fci_sevt_format_args(const fci_sevt *e, char *buf, size_t len)
{
	outbuf o;
	char raw[256], res[256];

	ob_init(&o, buf, len);
	if (!e)
		return FC_EINVAL;
	/* Generic events: sysdig shows the syscall as the event type and no args. */
	if (e->type == FC_PPME_GENERIC_E || e->type == FC_PPME_GENERIC_X)
		return 0;
	for (unsigned i = 0; i < e->nparams; i++) {
		const char *nm =
		        (e->info && i < e->info->nparams) ? e->info->params[i].name : "arg";

		if (fci_sevt_format_param_parts(e, i, raw, sizeof(raw), res, sizeof(res)) < 0)
			continue;
		if (i)
			ob_putc(&o, ' ');
		ob_puts(&o, nm);
		ob_putc(&o, '=');
		ob_puts(&o, raw);
		if (res[0]) {
			ob_putc(&o, '(');
			ob_puts(&o, res);
			ob_putc(&o, ')');
		}
	}
	return (int)o.n;
}
