/* SPDX-License-Identifier: Apache-2.0 */
/* Values: rendering (fc_value_format), type names, IP/CIDR parsing and
 * matching, glob matching (fnmatch-compatible, flags 0 / FNM_CASEFOLD) and
 * pmatch path prefixes. Nothing here allocates except the fci_buf variant. */
#include "ruleset_impl.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *fc_type_name(fc_type t)
{
	switch (t) {
	case FC_TYPE_NONE:
		return "NONE";
	case FC_TYPE_BOOL:
		return "BOOL";
	case FC_TYPE_INT64:
		return "INT64";
	case FC_TYPE_UINT64:
		return "UINT64";
	case FC_TYPE_DOUBLE:
		return "DOUBLE";
	case FC_TYPE_STRING:
		return "CHARBUF";
	case FC_TYPE_BYTES:
		return "BYTEBUF";
	case FC_TYPE_IPADDR:
		return "IPADDR";
	case FC_TYPE_IPNET:
		return "IPNET";
	case FC_TYPE_PORT:
		return "PORT";
	case FC_TYPE_RELTIME:
		return "RELTIME";
	case FC_TYPE_ABSTIME:
		return "ABSTIME";
	case FC_TYPE_FSPATH:
		return "FSPATH";
	}
	return "NONE";
}

static void format_ip(const fc_ip *ip, bool net, fci_buf *b)
{
	char tmp[INET6_ADDRSTRLEN + 8];

	if (ip->family == 4)
		inet_ntop(AF_INET, ip->addr, tmp, sizeof(tmp));
	else if (ip->family == 6)
		inet_ntop(AF_INET6, ip->addr, tmp, sizeof(tmp));
	else
		snprintf(tmp, sizeof(tmp), "<NA>");
	fci_buf_adds(b, tmp);
	if (net)
		fci_buf_printf(b, "/%u", ip->prefix);
}

static int format_scalar(const fc_value *v, fci_buf *b)
{
	switch (v->type) {
	case FC_TYPE_NONE:
		fci_buf_adds(b, "<NA>");
		break;
	case FC_TYPE_BOOL:
		fci_buf_adds(b, v->u.b ? "true" : "false");
		break;
	case FC_TYPE_INT64:
		fci_buf_printf(b, "%" PRId64, v->u.i64);
		break;
	case FC_TYPE_UINT64:
	case FC_TYPE_PORT:
	case FC_TYPE_RELTIME:
	case FC_TYPE_ABSTIME:
		fci_buf_printf(b, "%" PRIu64, v->u.u64);
		break;
	case FC_TYPE_DOUBLE:
		fci_buf_printf(b, "%.1f", v->u.f64);
		break;
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
		if (v->u.str.len)
			fci_buf_add(b, v->u.str.ptr, v->u.str.len);
		break;
	case FC_TYPE_BYTES: {
		size_t i;

		/* printable bytes as is, others as '.', like libs' default buffer format */
		for (i = 0; i < v->u.str.len; i++) {
			unsigned char c = (unsigned char)v->u.str.ptr[i];

			fci_buf_addc(b, (c >= 0x20 && c < 0x7f) ? (char)c : '.');
		}
		break;
	}
	case FC_TYPE_IPADDR:
		format_ip(&v->u.ip, false, b);
		break;
	case FC_TYPE_IPNET:
		format_ip(&v->u.ip, v->u.ip.prefix != 0, b);
		break;
	default:
		return FC_EINVAL;
	}
	return FC_OK;
}

int fci_value_format_buf(const fc_value *v, fci_buf *b)
{
	size_t i;

	if (!v->is_list)
		return format_scalar(v, b);
	fci_buf_addc(b, '(');
	for (i = 0; i < v->u.list.n; i++) {
		if (i)
			fci_buf_addc(b, ',');
		if (format_scalar(&v->u.list.items[i], b) < 0)
			return FC_EINVAL;
	}
	fci_buf_addc(b, ')');
	return FC_OK;
}

int fc_value_format(const fc_value *v, char *buf, size_t len)
{
	fci_buf b;
	int n;

	if (!v || (!buf && len))
		return FC_EINVAL;
	fci_buf_init(&b);
	if (fci_value_format_buf(v, &b) < 0) {
		fci_buf_free(&b);
		return FC_EINVAL;
	}
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

int fci_parse_ip(const char *s, size_t len, bool allow_net, fc_ip *out)
{
	char tmp[64];
	const char *slash;
	size_t alen = len;
	long prefix = -1;

	if (len == 0 || len >= sizeof(tmp))
		return FC_EINVAL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	slash = strchr(tmp, '/');
	if (slash) {
		char *end;

		if (!allow_net)
			return FC_EINVAL;
		alen = (size_t)(slash - tmp);
		tmp[alen] = '\0';
		if (!isdigit((unsigned char)slash[1]))
			return FC_EINVAL;
		prefix = strtol(slash + 1, &end, 10);
		if (*end)
			return FC_EINVAL;
	}
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, tmp, out->addr) == 1) {
		out->family = 4;
		if (prefix > 32)
			return FC_EINVAL;
		out->prefix = (uint8_t)(prefix < 0 ? 32 : prefix);
	} else if (inet_pton(AF_INET6, tmp, out->addr) == 1) {
		out->family = 6;
		if (prefix > 128)
			return FC_EINVAL;
		out->prefix = (uint8_t)(prefix < 0 ? 128 : prefix);
	} else {
		return FC_EINVAL;
	}
	return FC_OK;
}

bool fci_ip_in_net(const fc_ip *addr, const fc_ip *net)
{
	unsigned full, rem;

	if (addr->family != net->family)
		return false;
	full = net->prefix / 8;
	rem = net->prefix % 8;
	if (full && memcmp(addr->addr, net->addr, full) != 0)
		return false;
	if (rem) {
		uint8_t mask = (uint8_t)(0xff << (8 - rem));

		if ((addr->addr[full] & mask) != (net->addr[full] & mask))
			return false;
	}
	return true;
}

bool fci_ip_equal(const fc_ip *a, const fc_ip *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16) == 0;
}

static inline int fold(int c, bool nocase)
{
	return nocase ? tolower(c) : c;
}

/* Bracket expression at pat[*pi] (just after '['). Returns 1 match, 0 no
 * match, -1 malformed (then '[' is literal). */
static int bracket(const char *pat, size_t plen, size_t *pi, int c, bool nocase)
{
	size_t i = *pi;
	bool neg = false, match = false, first = true;

	if (i < plen && (pat[i] == '!' || pat[i] == '^')) {
		neg = true;
		i++;
	}
	while (i < plen && (first || pat[i] != ']')) {
		int lo = (unsigned char)pat[i], hi;

		first = false;
		if (lo == '\\' && i + 1 < plen)
			lo = (unsigned char)pat[++i];
		i++;
		hi = lo;
		if (i + 1 < plen && pat[i] == '-' && pat[i + 1] != ']') {
			hi = (unsigned char)pat[i + 1];
			if (hi == '\\' && i + 2 < plen) {
				hi = (unsigned char)pat[i + 2];
				i++;
			}
			i += 2;
		}
		if (fold(c, nocase) >= fold(lo, nocase) && fold(c, nocase) <= fold(hi, nocase))
			match = true;
		else if (nocase && c >= lo && c <= hi)
			match = true;
	}
	if (i >= plen)
		return -1;
	*pi = i + 1;
	return match != neg;
}

bool fci_glob_match(const char *pat, size_t plen, const char *s, size_t slen, bool nocase)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;

	while (si < slen) {
		if (pi < plen) {
			int pc = (unsigned char)pat[pi];

			if (pc == '*') {
				star_p = ++pi;
				star_s = si;
				continue;
			}
			if (pc == '?') {
				pi++;
				si++;
				continue;
			}
			if (pc == '[') {
				size_t q = pi + 1;
				int r = bracket(pat, plen, &q, (unsigned char)s[si], nocase);

				if (r == 1) {
					pi = q;
					si++;
					continue;
				}
				if (r == 0)
					goto backtrack;
				/* malformed: literal '[' */
			}
			if (pc == '\\' && pi + 1 < plen)
				pc = (unsigned char)pat[++pi];
			if (fold(pc, nocase) == fold((unsigned char)s[si], nocase)) {
				pi++;
				si++;
				continue;
			}
		}
	backtrack:
		if (star_p == (size_t)-1)
			return false;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

int fci_path_norm(const char *s, size_t len, char *dst, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < len) {
		size_t j;

		while (i < len && s[i] == '/')
			i++;
		j = i;
		while (j < len && s[j] != '/')
			j++;
		if (j > i) {
			if (o && o < cap)
				dst[o] = '/';
			o += o ? 1 : 0;
			if (o + (j - i) >= cap)
				return -1;
			memcpy(dst + o, s + i, j - i);
			o += j - i;
		}
		i = j;
	}
	if (o >= cap)
		return -1;
	dst[o] = '\0';
	return (int)o;
}

bool fci_pmset_match(const fci_pmset *p, const char *s, size_t len)
{
	char tmp[4096];
	int n;
	size_t i;

	if (p->any_path)
		return len > 0 && s[0] == '/';
	n = fci_path_norm(s, len, tmp, sizeof(tmp));
	if (n <= 0)
		return false;
	/* every component-boundary prefix of the normalised path */
	for (i = 1; i <= (size_t)n; i++) {
		if (i == (size_t)n || tmp[i] == '/') {
			if (fci_strmap_get(&p->map, tmp, i))
				return true;
		}
	}
	return false;
}
