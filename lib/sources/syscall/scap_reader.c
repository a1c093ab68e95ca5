/* SPDX-License-Identifier: Apache-2.0 */
/* Reading .scap capture files (libscap's pcapng-like savefile format, plain
 * or gzip-compressed): section header, machine info, interface, process, fd
 * and user lists (handed to the source through its fci_scap_sink), and event
 * blocks with and without flags, old (no nparams) and current headers.
 *
 * Damage handling: a broken block frame (short read, bad length, trailer
 * mismatch) is reported once with its uncompressed byte offset and then
 * sticks; a malformed event inside a well-framed block is reported and the
 * next call continues with the following block. Nothing here trusts a length
 * from the file before checking it against what was actually read. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "../../internal.h"
#include "event_table.h"
#include "scap_blocks.h"

/* Block types (libscap scap_savefile.h). */
enum {
	BT_SHB = 0x0A0D0D0A,
	BT_MI = 0x201,
	BT_MI_INT = 0x8002ABCD,
	BT_PL_V1 = 0x202,
	BT_PL_V1_INT = 0x8000ABCD,
	BT_PL_V2 = 0x207,
	BT_PL_V2_INT = 0x8013ABCD,
	BT_PL_V3 = 0x209,
	BT_PL_V3_INT = 0x8014ABCD,
	BT_PL_V4 = 0x210,
	BT_PL_V5 = 0x211,
	BT_PL_V6 = 0x212,
	BT_PL_V7 = 0x213,
	BT_PL_V8 = 0x214,
	BT_PL_V9 = 0x215,
	BT_FDL = 0x203,
	BT_FDL_INT = 0x8001ABCD,
	BT_FDL_V2 = 0x218,
	BT_EV = 0x204,
	BT_EV_INT = 0x8010ABCD,
	BT_EV_V2 = 0x216,
	BT_EV_V2_LARGE = 0x221,
	BT_IL = 0x205,
	BT_IL_INT = 0x8011ABCD,
	BT_IL_V2 = 0x219,
	BT_UL = 0x206,
	BT_UL_INT = 0x8012ABCD,
	BT_UL_V2 = 0x220,
	BT_EVF = 0x208,
	BT_EVF_V2 = 0x217,
	BT_EVF_V2_LARGE = 0x222,
};

#define SHB_MAGIC         0x1A2B3C4Du
#define SHB_MAGIC_SWAPPED 0x4D3C2B1Au
#define MAX_BLOCK_LEN     (256u * 1024 * 1024) /* refuse absurd lengths before allocating */
#define V1_HDR_LEN        22u                  /* event header without nparams */

/* Input: a plain or gzip file, or a pipe/FIFO. Plain read() and streaming
 * inflate return as soon as the bytes a block needs have arrived (gzread
 * would wait to fill its whole buffer), so a live FIFO replays event by
 * event. */
#define IN_BUF 65536

struct fc_capture {
	int fd;
	bool gzip;
	bool zinit, zeof;
	z_stream zs;
	uint8_t pb[2]; /* the magic bytes read to detect gzip, for plain input */
	size_t pb_len, pb_pos;
	uint8_t *in;           /* IN_BUF bytes of input: compressed, or plain bytes read ahead */
	size_t in_pos, in_len; /* plain input: unread bytes are in[in_pos, in_len) */
	uint64_t off;          /* uncompressed offset of the next byte to read */
	const fci_scap_sink *sink;
	uint8_t *buf; /* current block body (+4 spare bytes for v1 conversion) */
	size_t cap;
	const uint8_t *rec; /* pending event (set by open when it met the first event) */
	size_t rec_len;
	int sticky;  /* FC_OK, or the status every further call returns */
	int pending; /* an event error met by open, reported by the first next() */
	uint64_t events;
	char err[256];
};

static int cap_fail(fc_capture *c, int rc, bool sticky, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int cap_fail(fc_capture *c, int rc, bool sticky, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	if (sticky)
		c->sticky = rc;
	return rc;
}

/* read() that retries nothing: returns bytes read, 0 at EOF, -1 on error
 * (EINTR included, so a signal can stop a reader blocked on a FIFO). */
static long raw_read(fc_capture *c, uint8_t *dst, size_t n)
{
	size_t got = 0;

	while (got < n && c->pb_pos < c->pb_len)
		dst[got++] = c->pb[c->pb_pos++];
	while (got < n) {
		size_t k;
		ssize_t r;

		if (c->in_pos < c->in_len) {
			/* read-ahead buffer: one read() per IN_BUF bytes, not per block */
			k = c->in_len - c->in_pos < n - got ? c->in_len - c->in_pos : n - got;
			memcpy(dst + got, c->in + c->in_pos, k);
			c->in_pos += k;
			got += k;
			continue;
		}
		if (!c->in || n - got >= IN_BUF) {
			r = read(c->fd, dst + got, n - got > (1u << 30) ? (1u << 30) : n - got);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			got += (size_t)r;
			continue;
		}
		/* a FIFO's read() returns what has arrived, so this never waits
		 * for more than the block needs */
		r = read(c->fd, c->in, IN_BUF);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		c->in_pos = 0;
		c->in_len = (size_t)r;
	}
	return (long)got;
}

static long gz_read(fc_capture *c, uint8_t *dst, size_t n)
{
	c->zs.next_out = dst;
	c->zs.avail_out = (uInt)n;
	while (c->zs.avail_out > 0) {
		int ret;

		if (c->zs.avail_in == 0) {
			ssize_t r;

			if (c->zeof)
				break;
			r = read(c->fd, c->in, IN_BUF);
			if (r < 0)
				return -1;
			if (r == 0) {
				c->zeof = true;
				break;
			}
			c->zs.next_in = c->in;
			c->zs.avail_in = (uInt)r;
		}
		ret = inflate(&c->zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			/* concatenated gzip members continue the stream */
			if (inflateReset(&c->zs) != Z_OK)
				return -1;
			continue;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR)
			return -1;
	}
	return (long)(n - c->zs.avail_out);
}

/* Reads exactly n bytes; returns the number read (short at EOF), or -1. */
static long cap_read(fc_capture *c, void *dst, size_t n)
{
	long got;

	if (n > (1u << 30))
		return -1;
	got = c->gzip ? gz_read(c, dst, n) : raw_read(c, dst, n);
	if (got > 0)
		c->off += (uint64_t)got;
	return got;
}

/* ---- a bounds-checked cursor over a block body ---- */

typedef struct cur {
	const uint8_t *p;
	size_t n, o;
	bool bad;
} cur;

static bool cur_has(cur *c, size_t k)
{
	if (c->bad || k > c->n - c->o) {
		c->bad = true;
		return false;
	}
	return true;
}

static uint8_t cur_u8(cur *c)
{
	return cur_has(c, 1) ? c->p[c->o++] : 0;
}

static uint16_t cur_u16(cur *c)
{
	uint16_t v = 0;

	if (cur_has(c, 2)) {
		memcpy(&v, c->p + c->o, 2);
		c->o += 2;
	}
	return v;
}

static uint32_t cur_u32(cur *c)
{
	uint32_t v = 0;

	if (cur_has(c, 4)) {
		memcpy(&v, c->p + c->o, 4);
		c->o += 4;
	}
	return v;
}

static uint64_t cur_u64(cur *c)
{
	uint64_t v = 0;

	if (cur_has(c, 8)) {
		memcpy(&v, c->p + c->o, 8);
		c->o += 8;
	}
	return v;
}

static void cur_bytes(cur *c, void *dst, size_t k)
{
	if (cur_has(c, k)) {
		memcpy(dst, c->p + c->o, k);
		c->o += k;
	}
}

/* A string with a 16-bit length prefix, not NUL-terminated on disk. */
static fci_bstr cur_str16(cur *c)
{
	fci_bstr s = {"", 0};
	uint16_t l = cur_u16(c);

	if (cur_has(c, l)) {
		s.p = (const char *)c->p + c->o;
		s.len = l;
		c->o += l;
	}
	return s;
}

/* ---- header blocks ---- */

static int parse_machine(fc_capture *c, const uint8_t *b, size_t n, uint64_t boff)
{
	cur k = {b, n, 0, false};
	fci_machine_rec m = {0};

	m.num_cpus = cur_u32(&k);
	m.memory_size_bytes = cur_u64(&k);
	m.max_cpu_frequency = cur_u64(&k);
	m.page_size = cur_u64(&k);
	if (!cur_has(&k, 128))
		return cap_fail(c, FC_EFORMAT, true,
		                "machine info block at offset %" PRIu64 " is too short", boff);
	m.hostname.p = (const char *)b + k.o;
	m.hostname.len = strnlen(m.hostname.p, 128);
	k.o += 128;
	if (k.n - k.o >= 8)
		m.boot_ts_epoch = cur_u64(&k);
	if (c->sink && c->sink->machine)
		return c->sink->machine(c->sink->ctx, &m);
	return FC_OK;
}

static bool pl_at_least(uint32_t bt, int v)
{
	int ver;

	switch (bt) {
	case BT_PL_V1:
	case BT_PL_V1_INT:
		ver = 1;
		break;
	case BT_PL_V2:
	case BT_PL_V2_INT:
		ver = 2;
		break;
	case BT_PL_V3:
	case BT_PL_V3_INT:
		ver = 3;
		break;
	default:
		ver = (int)(bt - BT_PL_V4) + 4; /* V4..V9 are consecutive */
		break;
	}
	return ver >= v;
}

/* Reads the optional trailing fields of a V9 entry that fit in its length. */
#define OPT(k, end, sz) ((k).o + (sz) <= (end))

static int parse_proclist(fc_capture *c, uint32_t bt, const uint8_t *b, size_t n, uint64_t boff)
{
	cur k = {b, n, 0, false};

	while (n - k.o >= 4) {
		fci_proc_rec r = {0};
		size_t start = k.o, end = n;
		uint32_t sub_len = 0;

		r.loginuid = UINT32_MAX;
		r.vtid = r.vpid = -1;
		if (bt == BT_PL_V9) {
			sub_len = cur_u32(&k);
			if (sub_len < 4 || sub_len > n - start)
				return cap_fail(c, FC_EFORMAT, true,
				                "process list entry at offset %" PRIu64
				                " has bad length %u",
				                boff + start, sub_len);
			end = start + sub_len;
		}
		r.tid = cur_u64(&k);
		r.pid = cur_u64(&k);
		r.ptid = cur_u64(&k);
		if (pl_at_least(bt, 6))
			r.sid = cur_u64(&k);
		if (pl_at_least(bt, 8))
			r.vpgid = cur_u64(&k);
		r.comm = cur_str16(&k);
		r.exe = cur_str16(&k);
		if (pl_at_least(bt, 7))
			r.exepath = cur_str16(&k);
		r.args = cur_str16(&k);
		r.cwd = cur_str16(&k);
		r.fdlimit = cur_u64(&k);
		r.flags = cur_u32(&k);
		r.uid = cur_u32(&k);
		r.gid = cur_u32(&k);
		if (pl_at_least(bt, 2)) {
			r.vmsize_kb = cur_u32(&k);
			r.vmrss_kb = cur_u32(&k);
			r.vmswap_kb = cur_u32(&k);
			r.pfmajor = cur_u64(&k);
			r.pfminor = cur_u64(&k);
			if (pl_at_least(bt, 3))
				r.env = cur_str16(&k);
			if (pl_at_least(bt, 4)) {
				r.vtid = (int64_t)cur_u64(&k);
				r.vpid = (int64_t)cur_u64(&k);
				r.cgroups = cur_str16(&k);
				if (pl_at_least(bt, 5))
					r.root = cur_str16(&k);
			}
		}
		if (k.bad || k.o > end)
			return cap_fail(c, FC_EFORMAT, true,
			                "process list entry at offset %" PRIu64 " is truncated",
			                boff + start);
		if (sub_len) {
			/* libs < 0.10 wrote exactly loginuid, exe_writable and the three
			 * capability sets (29 bytes) here; newer ones start with
			 * pidns_init_start_ts and tty. */
			if (end - k.o > 29) {
				if (OPT(k, end, 8))
					r.pidns_init_start_ts = cur_u64(&k);
				if (OPT(k, end, 4))
					r.tty = cur_u32(&k);
			}
			if (OPT(k, end, 4))
				r.loginuid = cur_u32(&k);
			if (OPT(k, end, 1))
				r.exe_writable = cur_u8(&k);
			if (OPT(k, end, 8))
				r.cap_inheritable = cur_u64(&k);
			if (OPT(k, end, 8))
				r.cap_permitted = cur_u64(&k);
			if (OPT(k, end, 8))
				r.cap_effective = cur_u64(&k);
			if (OPT(k, end, 1))
				r.exe_upper_layer = cur_u8(&k);
			if (OPT(k, end, 8))
				r.exe_ino = cur_u64(&k);
			if (OPT(k, end, 8))
				r.exe_ino_ctime = cur_u64(&k);
			if (OPT(k, end, 8))
				r.exe_ino_mtime = cur_u64(&k);
			if (OPT(k, end, 1))
				r.exe_from_memfd = cur_u8(&k);
			if (OPT(k, end, 1))
				r.exe_lower_layer = cur_u8(&k);
			if (OPT(k, end, 8))
				r.pgid = cur_u64(&k);
			k.o = end;
		}
		if (c->sink && c->sink->thread) {
			int rc = c->sink->thread(c->sink->ctx, &r);

			if (rc < 0)
				return cap_fail(c, rc, true,
				                "loading thread %" PRIu64 " failed: %s", r.tid,
				                fc_strerror(rc));
		}
	}
	return FC_OK;
}

static int parse_fdlist(fc_capture *c, uint32_t bt, const uint8_t *b, size_t n, uint64_t boff)
{
	cur k = {b, n, 0, false};
	uint64_t tid = cur_u64(&k);

	if (k.bad)
		return cap_fail(c, FC_EFORMAT, true,
		                "fd list block at offset %" PRIu64 " is too short", boff);
	while (n - k.o >= 4) {
		fci_fd_rec r = {0};
		size_t start = k.o, end = n;
		uint32_t sub_len = 0;

		r.tid = tid;
		if (bt == BT_FDL_V2) {
			sub_len = cur_u32(&k);
			if (sub_len < 4 || sub_len > n - start)
				return cap_fail(c, FC_EFORMAT, true,
				                "fd list entry at offset %" PRIu64
				                " has bad length %u",
				                boff + start, sub_len);
			end = start + sub_len;
		}
		r.fd = (int64_t)cur_u64(&k);
		r.ino = cur_u64(&k);
		r.type = cur_u8(&k);
		switch (r.type) {
		case FCI_FD_IPV4_SOCK:
			cur_bytes(&k, r.sip, 4);
			cur_bytes(&k, r.dip, 4);
			r.sport = cur_u16(&k);
			r.dport = cur_u16(&k);
			r.l4proto = cur_u8(&k);
			break;
		case FCI_FD_IPV4_SERVSOCK:
			cur_bytes(&k, r.sip, 4);
			r.sport = cur_u16(&k);
			r.l4proto = cur_u8(&k);
			break;
		case FCI_FD_IPV6_SOCK:
			cur_bytes(&k, r.sip, 16);
			cur_bytes(&k, r.dip, 16);
			r.sport = cur_u16(&k);
			r.dport = cur_u16(&k);
			r.l4proto = cur_u8(&k);
			break;
		case FCI_FD_IPV6_SERVSOCK:
			cur_bytes(&k, r.sip, 16);
			r.sport = cur_u16(&k);
			r.l4proto = cur_u8(&k);
			break;
		case FCI_FD_UNIX_SOCK:
			r.unix_source = cur_u64(&k);
			r.unix_dest = cur_u64(&k);
			r.name = cur_str16(&k);
			break;
		case FCI_FD_FILE_V2:
			r.open_flags = cur_u32(&k);
			r.name = cur_str16(&k);
			if (sub_len && OPT(k, end, 4))
				r.dev = cur_u32(&k);
			break;
		case FCI_FD_UNKNOWN:
			break;
		case FCI_FD_FIFO:
		case FCI_FD_FILE:
		case FCI_FD_DIRECTORY:
		case FCI_FD_UNSUPPORTED:
		case FCI_FD_EVENT:
		case FCI_FD_SIGNALFD:
		case FCI_FD_EVENTPOLL:
		case FCI_FD_INOTIFY:
		case FCI_FD_TIMERFD:
		case FCI_FD_NETLINK:
		case FCI_FD_BPF:
		case FCI_FD_USERFAULTFD:
		case FCI_FD_IOURING:
		case FCI_FD_MEMFD:
		case FCI_FD_PIDFD:
			r.name = cur_str16(&k);
			break;
		default:
			/* A newer fd type: skippable only when the entry has a length. */
			if (!sub_len)
				return cap_fail(c, FC_EFORMAT, true,
				                "fd list entry at offset %" PRIu64
				                " has unknown type %u",
				                boff + start, r.type);
			r.type = FCI_FD_UNSUPPORTED;
			break;
		}
		if (k.bad || k.o > end)
			return cap_fail(c, FC_EFORMAT, true,
			                "fd list entry at offset %" PRIu64 " is truncated",
			                boff + start);
		if (sub_len)
			k.o = end;
		if (c->sink && c->sink->fd) {
			int rc = c->sink->fd(c->sink->ctx, &r);

			if (rc < 0)
				return cap_fail(c, rc, true, "loading fd %" PRId64 " failed: %s",
				                r.fd, fc_strerror(rc));
		}
	}
	return FC_OK;
}

static int parse_userlist(fc_capture *c, uint32_t bt, const uint8_t *b, size_t n, uint64_t boff)
{
	cur k = {b, n, 0, false};

	while (n - k.o >= 4) {
		size_t start = k.o, end = n;
		uint32_t sub_len = 0;
		uint8_t type;
		int rc = FC_OK;

		if (bt == BT_UL_V2) {
			sub_len = cur_u32(&k);
			if (sub_len < 4 || sub_len > n - start)
				return cap_fail(c, FC_EFORMAT, true,
				                "user list entry at offset %" PRIu64
				                " has bad length %u",
				                boff + start, sub_len);
			end = start + sub_len;
		}
		type = cur_u8(&k);
		if (type == 0) { /* USERBLOCK_TYPE_USER */
			fci_user_rec u = {0};

			u.uid = cur_u32(&k);
			u.gid = cur_u32(&k);
			u.name = cur_str16(&k);
			u.home = cur_str16(&k);
			u.shell = cur_str16(&k);
			if (k.bad || k.o > end)
				goto trunc;
			if (c->sink && c->sink->user)
				rc = c->sink->user(c->sink->ctx, &u);
		} else {
			fci_group_rec g = {0};

			g.gid = cur_u32(&k);
			g.name = cur_str16(&k);
			if (k.bad || k.o > end)
				goto trunc;
			if (c->sink && c->sink->group)
				rc = c->sink->group(c->sink->ctx, &g);
		}
		if (rc < 0)
			return cap_fail(c, rc, true, "loading users failed: %s", fc_strerror(rc));
		if (sub_len)
			k.o = end;
		continue;
	trunc:
		return cap_fail(c, FC_EFORMAT, true,
		                "user list entry at offset %" PRIu64 " is truncated", boff + start);
	}
	return FC_OK;
}

/* Interface lists are only checked for framing; nothing consumes them yet. */
static int parse_iflist(fc_capture *c, uint32_t bt, const uint8_t *b, size_t n, uint64_t boff)
{
	(void)c;
	(void)bt;
	(void)b;
	(void)n;
	(void)boff;
	return FC_OK;
}

/* ---- events ---- */

static bool is_event_block(uint32_t bt)
{
	switch (bt) {
	case BT_EV:
	case BT_EV_INT:
	case BT_EV_V2:
	case BT_EV_V2_LARGE:
	case BT_EVF:
	case BT_EVF_V2:
	case BT_EVF_V2_LARGE:
		return true;
	default:
		return false;
	}
}

/* Turns the body of an event block into a current-format record in place:
 * strips cpu id (and flags), and for old blocks inserts nparams (derived, as
 * libscap does, by finding the count whose lengths add up to the event
 * length, starting from the table's count). */
static int event_from_block(fc_capture *c, uint32_t bt, uint8_t *b, size_t n, uint64_t boff)
{
	bool has_flags = bt == BT_EVF || bt == BT_EVF_V2 || bt == BT_EVF_V2_LARGE;
	bool v2 =
	        bt == BT_EV_V2 || bt == BT_EV_V2_LARGE || bt == BT_EVF_V2 || bt == BT_EVF_V2_LARGE;
	size_t skip = 2 + (has_flags ? 4 : 0);
	uint8_t *e = b + skip;
	size_t avail = n > skip ? n - skip : 0;
	uint32_t elen;
	fci_sevt sev;

	if (avail < (v2 ? FC_SCAP_HDR_LEN : V1_HDR_LEN))
		return cap_fail(
		        c, FC_EFORMAT, false,
		        "event block at offset %" PRIu64 " is too short for an event header", boff);
	memcpy(&elen, e + 16, 4);
	if (!v2) {
		uint16_t type;
		uint32_t np;
		bool found = false;

		if (elen < V1_HDR_LEN || elen > avail)
			return cap_fail(c, FC_EFORMAT, false,
			                "event at offset %" PRIu64 " has bad length %u",
			                boff + skip, elen);
		memcpy(&type, e + 20, 2);
		/* Open room for nparams (the buffer has 4 spare bytes). */
		memmove(e + FC_SCAP_HDR_LEN, e + V1_HDR_LEN, elen - V1_HDR_LEN);
		if (type == FC_PPME_NOTIFICATION_E || type == FC_PPME_INFRASTRUCTURE_EVENT_E)
			elen = elen >= V1_HDR_LEN + 3 ? elen - 3
			                              : elen; /* old writers overstated these */
		{
			/* 2 * np + sum(lens) grows strictly with np: at most one count fits. */
			size_t body = elen - V1_HDR_LEN, sum = 0;

			for (np = 0; np <= FCI_MAX_PARAMS; np++) {
				size_t used = 2 * (size_t)np + sum;
				uint16_t l;

				if (used == body) {
					found = true;
					break;
				}
				if (used + 2 > body)
					break;
				memcpy(&l, e + FC_SCAP_HDR_LEN + 2 * np, 2);
				sum += l;
			}
		}
		if (!found)
			return cap_fail(c, FC_EFORMAT, false,
			                "event at offset %" PRIu64
			                ": parameter lengths do not add up to the event length",
			                boff + skip);
		elen += 4;
		memcpy(e + 16, &elen, 4);
		memcpy(e + 22, &np, 4);
		avail += 4;
	}
	if (elen < FC_SCAP_HDR_LEN || elen > avail)
		return cap_fail(c, FC_EFORMAT, false,
		                "event at offset %" PRIu64 " has bad length %u", boff + skip, elen);
	if (fci_sevt_decode(e, elen, &sev) != FC_OK)
		return cap_fail(c, FC_EFORMAT, false,
		                "event at offset %" PRIu64 " (type %u) is malformed", boff + skip,
		                sev.type);
	c->rec = e;
	c->rec_len = elen;
	return FC_OK;
}

/* Reads one block into c->buf. *bt gets its type, *n the body length, *boff
 * the block's offset. Returns FC_OK, FC_EOF (clean end), or an error. */
static int read_block(fc_capture *c, uint32_t *bt, size_t *n, uint64_t *boff)
{
	uint32_t h[2], trailer;
	long r;
	size_t body;

	*boff = c->off;
	r = cap_read(c, h, sizeof(h));
	if (r == 0)
		return FC_EOF;
	if (r < 0)
		return cap_fail(c, FC_EIO, true, "read error at offset %" PRIu64, c->off);
	if (r != (long)sizeof(h))
		return cap_fail(c, FC_EFORMAT, true,
		                "truncated block header at offset %" PRIu64
		                " (file ends after %ld bytes)",
		                *boff, r);
	*bt = h[0];
	if (h[1] < 12 || h[1] > MAX_BLOCK_LEN)
		return cap_fail(c, FC_EFORMAT, true,
		                "block at offset %" PRIu64 " (type 0x%x) has bad length %u", *boff,
		                h[0], h[1]);
	body = h[1] - 12;
	if (body + 4 > c->cap) {
		size_t nc = body + 4 < 65536 ? 65536 : body + 4;
		uint8_t *nb = fci_realloc(c->buf, nc);

		if (!nb)
			return cap_fail(c, FC_ENOMEM, true, "out of memory for a %zu-byte block",
			                body);
		c->buf = nb;
		c->cap = nc;
	}
	r = cap_read(c, c->buf, body);
	if (r < 0)
		return cap_fail(c, FC_EIO, true, "read error at offset %" PRIu64, c->off);
	if ((size_t)r != body)
		return cap_fail(c, FC_EFORMAT, true,
		                "block at offset %" PRIu64
		                " (type 0x%x, %u bytes) is truncated at offset %" PRIu64,
		                *boff, h[0], h[1], c->off);
	r = cap_read(c, &trailer, 4);
	if (r != 4)
		return cap_fail(c, FC_EFORMAT, true,
		                "block at offset %" PRIu64 " is truncated at offset %" PRIu64
		                " (missing trailer)",
		                *boff, c->off);
	if (trailer != h[1])
		return cap_fail(c, FC_EFORMAT, true,
		                "block at offset %" PRIu64
		                ": trailer length %u does not match header length %u",
		                *boff, trailer, h[1]);
	*n = body;
	return FC_OK;
}

/* Handles a non-event block; FC_OK to go on. */
static int header_block(fc_capture *c, uint32_t bt, size_t n, uint64_t boff)
{
	switch (bt) {
	case BT_MI:
	case BT_MI_INT:
		return parse_machine(c, c->buf, n, boff);
	case BT_PL_V1:
	case BT_PL_V1_INT:
	case BT_PL_V2:
	case BT_PL_V2_INT:
	case BT_PL_V3:
	case BT_PL_V3_INT:
	case BT_PL_V4:
	case BT_PL_V5:
	case BT_PL_V6:
	case BT_PL_V7:
	case BT_PL_V8:
	case BT_PL_V9:
		return parse_proclist(c, bt, c->buf, n, boff);
	case BT_FDL:
	case BT_FDL_INT:
	case BT_FDL_V2:
		return parse_fdlist(c, bt, c->buf, n, boff);
	case BT_UL:
	case BT_UL_INT:
	case BT_UL_V2:
		return parse_userlist(c, bt, c->buf, n, boff);
	case BT_IL:
	case BT_IL_INT:
	case BT_IL_V2:
		return parse_iflist(c, bt, c->buf, n, boff);
	case BT_SHB: /* a further section (concatenated captures) */
		if (n < 16)
			return cap_fail(c, FC_EFORMAT, true,
			                "section header at offset %" PRIu64 " is too short", boff);
		return FC_OK;
	default:
		return FC_OK; /* unknown block: skipped by length */
	}
}

/* Advances to the next event; FC_OK with c->rec set, FC_EOF, or an error. */
static int advance(fc_capture *c)
{
	for (;;) {
		uint32_t bt = 0; /* = 0: gcc -O3 -Wmaybe-uninitialized */
		size_t n = 0;
		uint64_t boff = 0;
		int rc = read_block(c, &bt, &n, &boff);

		if (rc != FC_OK)
			return rc;
		if (is_event_block(bt))
			return event_from_block(c, bt, c->buf, n, boff);
		rc = header_block(c, bt, n, boff);
		if (rc < 0)
			return rc;
	}
}

int fc_capture_open(const char *path, fc_syscall_source *src, fc_capture **out)
{
	fc_capture *c;
	uint32_t bt = 0;
	size_t n = 0;
	uint64_t boff = 0;
	uint32_t magic;
	uint16_t major;
	int rc;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!path)
		return FC_EINVAL;
	c = fci_calloc(1, sizeof(*c));
	if (!c)
		return FC_ENOMEM;
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		int e = errno;

		fci_free(c);
		return e == ENOENT ? FC_ENOENT : (e == ENOMEM ? FC_ENOMEM : FC_EIO);
	}
	c->pb_len = 0;
	while (c->pb_len < 2) {
		ssize_t r = read(c->fd, c->pb + c->pb_len, 2 - c->pb_len);

		if (r <= 0)
			break;
		c->pb_len += (size_t)r;
	}
	if (c->pb_len == 2 && c->pb[0] == 0x1f && c->pb[1] == 0x8b) {
		c->in = fci_malloc(IN_BUF);
		if (!c->in || inflateInit2(&c->zs, 15 + 32) != Z_OK) {
			close(c->fd);
			fci_free(c->in);
			fci_free(c);
			return FC_ENOMEM;
		}
		c->zinit = true;
		c->gzip = true;
		memcpy(c->in, c->pb, 2);
		c->zs.next_in = c->in;
		c->zs.avail_in = 2;
		c->pb_len = 0;
	} else {
		c->in = fci_malloc(IN_BUF); /* read-ahead; NULL: unbuffered reads */
	}
	c->sink = fci_syscall_source_sink(src);
	*out = c;

	rc = read_block(c, &bt, &n, &boff);
	if (rc == FC_EOF)
		return cap_fail(c, FC_EFORMAT, true,
		                "empty file: no section header block at offset 0");
	if (rc != FC_OK)
		return rc;
	if (bt != BT_SHB || n < 16) {
		if (bt == 0x8b1f || (bt & 0xffff) == 0x8b1f)
			return cap_fail(
			        c, FC_EFORMAT, true,
			        "not a capture file: gzip data could not be read (offset 0)");
		return cap_fail(
		        c, FC_EFORMAT, true,
		        "not a capture file: offset 0 holds block type 0x%x, not a section header",
		        bt);
	}
	memcpy(&magic, c->buf, 4);
	memcpy(&major, c->buf + 4, 2);
	if (magic == SHB_MAGIC_SWAPPED)
		return cap_fail(c, FC_EFORMAT, true,
		                "capture written in the other byte order (big-endian magic at "
		                "offset 8); not supported");
	if (magic != SHB_MAGIC)
		return cap_fail(c, FC_EFORMAT, true, "bad section header magic 0x%08x at offset 8",
		                magic);
	if (major != 1)
		return cap_fail(
		        c, FC_EFORMAT, true,
		        "unsupported capture format version %u (section header at offset 0)",
		        major);

	/* Header blocks up to the first event. */
	rc = advance(c);
	if (rc == FC_EOF) {
		c->sticky = FC_EOF;
		return FC_OK; /* a capture with state only */
	}
	if (rc == FC_EFORMAT && c->sticky == FC_OK) {
		c->pending = rc; /* first event malformed: the first next() reports it */
		return FC_OK;
	}
	return rc;
}

int fc_capture_next(fc_capture *cap, const void **rec, size_t *len)
{
	int rc;

	if (!cap || !rec || !len)
		return FC_EINVAL;
	*rec = NULL;
	*len = 0;
	if (cap->pending) {
		rc = cap->pending;
		cap->pending = 0;
		return rc;
	}
	if (!cap->rec) {
		if (cap->sticky != FC_OK)
			return cap->sticky;
		rc = advance(cap);
		if (rc == FC_EOF)
			cap->sticky = FC_EOF;
		if (rc != FC_OK)
			return rc;
	}
	*rec = cap->rec;
	*len = cap->rec_len;
	cap->rec = NULL;
	cap->events++;
	return FC_OK;
}

const char *fc_capture_error(const fc_capture *cap)
{
	return cap ? cap->err : "";
}

void fc_capture_close(fc_capture *cap)
{
	if (!cap)
		return;
	if (cap->zinit)
		inflateEnd(&cap->zs);
	fci_free(cap->in);
	if (cap->fd >= 0)
		close(cap->fd);
	fci_free(cap->buf);
	fci_free(cap);
}
