/* SPDX-License-Identifier: Apache-2.0 */
/* Writing .scap capture files that falco, sysdig and fc_capture_open() read:
 * section header (format 1.2), machine info, the source's threads (process
 * list V9), fds (fd list V2, one block per thread) and users/groups (user
 * list V2), then one event-with-flags block (EVF V2) per record. Written
 * uncompressed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../internal.h"
#include "event_table.h"
#include "scap_blocks.h"

enum {
	BT_SHB = 0x0A0D0D0A,
	BT_MI = 0x201,
	BT_PL_V9 = 0x215,
	BT_FDL_V2 = 0x218,
	BT_UL_V2 = 0x220,
	BT_EVF_V2 = 0x217,
	BT_EVF_V2_LARGE = 0x222,
};

struct fc_capture_writer {
	FILE *f;
	bool failed;
	uint64_t events;
};

/* One fd entry waiting to be grouped by thread. */
typedef struct fd_ent {
	uint64_t tid;
	size_t off, len, seq;
} fd_ent;

typedef struct dump_ctx {
	fci_buf pl, fds, ul;
	fd_ent *ents;
	size_t nents, cap;
	uint32_t nthreads;
} dump_ctx;

static void put(fci_buf *b, const void *p, size_t n)
{
	fci_buf_add(b, p, n);
}

static void put8(fci_buf *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put16(fci_buf *b, uint16_t v)
{
	put(b, &v, 2);
}

static void put32(fci_buf *b, uint32_t v)
{
	put(b, &v, 4);
}

static void put64(fci_buf *b, uint64_t v)
{
	put(b, &v, 8);
}

static void putstr(fci_buf *b, fci_bstr s)
{
	uint16_t n = s.len > UINT16_MAX ? UINT16_MAX : (uint16_t)s.len;

	put16(b, n);
	if (n)
		put(b, s.p, n);
}

/* Reserves the 32-bit entry length at the current position. */
static size_t entry_begin(fci_buf *b)
{
	size_t at = b->len;

	put32(b, 0);
	return at;
}

static void entry_end(fci_buf *b, size_t at)
{
	uint32_t n = (uint32_t)(b->len - at);

	if (!b->oom)
		memcpy(b->p + at, &n, 4);
}

static int dump_thread(void *vctx, const fci_proc_rec *r)
{
	dump_ctx *d = vctx;
	fci_buf *b = &d->pl;
	size_t at = entry_begin(b);

	put64(b, r->tid);
	put64(b, r->pid);
	put64(b, r->ptid);
	put64(b, r->sid);
	put64(b, r->vpgid);
	putstr(b, r->comm);
	putstr(b, r->exe);
	putstr(b, r->exepath);
	putstr(b, r->args);
	putstr(b, r->cwd);
	put64(b, r->fdlimit);
	put32(b, r->flags);
	put32(b, r->uid);
	put32(b, r->gid);
	put32(b, r->vmsize_kb);
	put32(b, r->vmrss_kb);
	put32(b, r->vmswap_kb);
	put64(b, r->pfmajor);
	put64(b, r->pfminor);
	putstr(b, r->env);
	put64(b, (uint64_t)r->vtid);
	put64(b, (uint64_t)r->vpid);
	putstr(b, r->cgroups);
	putstr(b, r->root);
	/* Trailing fields in the order of libs >= 0.10. */
	put64(b, r->pidns_init_start_ts);
	put32(b, r->tty);
	put32(b, r->loginuid);
	put8(b, r->exe_writable);
	put64(b, r->cap_inheritable);
	put64(b, r->cap_permitted);
	put64(b, r->cap_effective);
	put8(b, r->exe_upper_layer);
	put64(b, r->exe_ino);
	put64(b, r->exe_ino_ctime);
	put64(b, r->exe_ino_mtime);
	put8(b, r->exe_from_memfd);
	put8(b, r->exe_lower_layer);
	put64(b, r->pgid);
	entry_end(b, at);
	d->nthreads++;
	return b->oom ? FC_ENOMEM : FC_OK;
}

static int dump_fd(void *vctx, const fci_fd_rec *r)
{
	dump_ctx *d = vctx;
	fci_buf *b = &d->fds;
	size_t at = entry_begin(b);

	put64(b, (uint64_t)r->fd);
	put64(b, r->ino);
	put8(b, r->type);
	switch (r->type) {
	case FCI_FD_IPV4_SOCK:
		put(b, r->sip, 4);
		put(b, r->dip, 4);
		put16(b, r->sport);
		put16(b, r->dport);
		put8(b, r->l4proto);
		break;
	case FCI_FD_IPV4_SERVSOCK:
		put(b, r->sip, 4);
		put16(b, r->sport);
		put8(b, r->l4proto);
		break;
	case FCI_FD_IPV6_SOCK:
		put(b, r->sip, 16);
		put(b, r->dip, 16);
		put16(b, r->sport);
		put16(b, r->dport);
		put8(b, r->l4proto);
		break;
	case FCI_FD_IPV6_SERVSOCK:
		put(b, r->sip, 16);
		put16(b, r->sport);
		put8(b, r->l4proto);
		break;
	case FCI_FD_UNIX_SOCK:
		put64(b, r->unix_source);
		put64(b, r->unix_dest);
		putstr(b, r->name);
		break;
	case FCI_FD_FILE_V2:
		put32(b, r->open_flags);
		putstr(b, r->name);
		put32(b, r->dev);
		break;
	case FCI_FD_UNKNOWN:
		break;
	default:
		putstr(b, r->name);
		break;
	}
	entry_end(b, at);
	if (b->oom || FCI_PUSH(d->ents, d->nents, d->cap) != FC_OK)
		return FC_ENOMEM;
	d->ents[d->nents - 1] = (fd_ent){r->tid, at, b->len - at, d->nents};
	return FC_OK;
}

static int dump_user(void *vctx, const fci_user_rec *r)
{
	dump_ctx *d = vctx;
	size_t at = entry_begin(&d->ul);

	put8(&d->ul, 0);
	put32(&d->ul, r->uid);
	put32(&d->ul, r->gid);
	putstr(&d->ul, r->name);
	putstr(&d->ul, r->home);
	putstr(&d->ul, r->shell);
	entry_end(&d->ul, at);
	return d->ul.oom ? FC_ENOMEM : FC_OK;
}

static int dump_group(void *vctx, const fci_group_rec *r)
{
	dump_ctx *d = vctx;
	size_t at = entry_begin(&d->ul);

	put8(&d->ul, 1);
	put32(&d->ul, r->gid);
	putstr(&d->ul, r->name);
	entry_end(&d->ul, at);
	return d->ul.oom ? FC_ENOMEM : FC_OK;
}

static int cmp_fd_ent(const void *a, const void *b)
{
	const fd_ent *x = a, *y = b;

	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* Writes one block: header, body (in up to two pieces), padding, trailer. */
static int write_block(fc_capture_writer *w, uint32_t type, const void *a, size_t alen,
                       const void *b, size_t blen)
{
	static const uint8_t zero[4];
	size_t raw = 8 + alen + blen + 4;
	size_t pad = (4 - raw % 4) % 4;
	uint32_t total;

	if (raw + pad > UINT32_MAX)
		return FC_ELIMIT;
	total = (uint32_t)(raw + pad);
	if (fwrite(&type, 4, 1, w->f) != 1 || fwrite(&total, 4, 1, w->f) != 1 ||
	    (alen && fwrite(a, alen, 1, w->f) != 1) || (blen && fwrite(b, blen, 1, w->f) != 1) ||
	    (pad && fwrite(zero, pad, 1, w->f) != 1) || fwrite(&total, 4, 1, w->f) != 1) {
		w->failed = true;
		return FC_EIO;
	}
	return FC_OK;
}

static int write_shb(fc_capture_writer *w)
{
	uint8_t b[16];
	uint32_t magic = 0x1A2B3C4Du;
	uint16_t major = 1, minor = 2;
	uint64_t seclen = UINT64_MAX;

	memcpy(b, &magic, 4);
	memcpy(b + 4, &major, 2);
	memcpy(b + 6, &minor, 2);
	memcpy(b + 8, &seclen, 8);
	return write_block(w, BT_SHB, b, sizeof(b), NULL, 0);
}

static int write_mi(fc_capture_writer *w)
{
	uint8_t b[180] = {0};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	uint32_t cpus = ncpu > 0 ? (uint32_t)ncpu : 1;
	uint64_t mem = pages > 0 && psize > 0 ? (uint64_t)pages * (uint64_t)psize : 0;
	uint64_t ps = psize > 0 ? (uint64_t)psize : 4096, boot = 0;
	struct timespec rt, bt;

	if (clock_gettime(CLOCK_REALTIME, &rt) == 0 && clock_gettime(CLOCK_BOOTTIME, &bt) == 0)
		boot = ((uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec) -
		       ((uint64_t)bt.tv_sec * 1000000000u + (uint64_t)bt.tv_nsec);
	memcpy(b, &cpus, 4);
	memcpy(b + 4, &mem, 8);
	memcpy(b + 20, &ps, 8);
	if (gethostname((char *)b + 28, 127) != 0)
		b[28] = 0;
	b[28 + 127] = 0;
	memcpy(b + 156, &boot, 8);
	return write_block(w, BT_MI, b, sizeof(b), NULL, 0);
}

static int write_state(fc_capture_writer *w, const fc_syscall_source *src)
{
	dump_ctx d = {0};
	fci_scap_sink sink = {
	        .ctx = &d,
	        .thread = dump_thread,
	        .fd = dump_fd,
	        .user = dump_user,
	        .group = dump_group,
	};
	int rc;

	fci_buf_init(&d.pl);
	fci_buf_init(&d.fds);
	fci_buf_init(&d.ul);
	FCI_TRY(fci_syscall_source_dump(src, &sink));
	if (d.pl.oom || d.fds.oom || d.ul.oom) {
		rc = FC_ENOMEM;
		goto out;
	}
	if (d.nthreads)
		FCI_TRY(write_block(w, BT_PL_V9, d.pl.p, d.pl.len, NULL, 0));
	qsort(d.ents, d.nents, sizeof(*d.ents), cmp_fd_ent);
	for (size_t i = 0; i < d.nents;) {
		size_t j = i;
		fci_buf blk;

		fci_buf_init(&blk);
		put64(&blk, d.ents[i].tid);
		for (; j < d.nents && d.ents[j].tid == d.ents[i].tid; j++)
			put(&blk, d.fds.p + d.ents[j].off, d.ents[j].len);
		rc = blk.oom ? FC_ENOMEM : write_block(w, BT_FDL_V2, blk.p, blk.len, NULL, 0);
		fci_buf_free(&blk);
		if (rc < 0)
			goto out;
		i = j;
	}
	if (d.ul.len)
		FCI_TRY(write_block(w, BT_UL_V2, d.ul.p, d.ul.len, NULL, 0));
	rc = FC_OK;
out:
	fci_buf_free(&d.pl);
	fci_buf_free(&d.fds);
	fci_buf_free(&d.ul);
	fci_free(d.ents);
	return rc;
}

int fc_capture_writer_open(const char *path, const fc_syscall_source *src, fc_capture_writer **out)
{
	fc_capture_writer *w;
	int rc;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!path)
		return FC_EINVAL;
	w = fci_calloc(1, sizeof(*w));
	if (!w)
		return FC_ENOMEM;
	w->f = fopen(path, "wb");
	if (!w->f) {
		fci_free(w);
		return FC_EIO;
	}
	FCI_TRY(write_shb(w));
	FCI_TRY(write_mi(w));
	if (src)
		FCI_TRY(write_state(w, src));
	*out = w;
	return FC_OK;
out:
	fclose(w->f);
	(void)remove(path);
	fci_free(w);
	return rc;
}

int fc_capture_writer_write(fc_capture_writer *w, const void *rec, size_t len)
{
	fci_sevt e;
	uint8_t pre[6] = {0}; /* cpu id (unknown: 0) and flags (0) */

	if (!w || !rec)
		return FC_EINVAL;
	if (w->failed)
		return FC_EIO;
	if (fci_sevt_decode(rec, len, &e) != FC_OK)
		return FC_EINVAL;
	w->events++;
	return write_block(w, e.len > 65000 ? BT_EVF_V2_LARGE : BT_EVF_V2, pre, sizeof(pre), rec,
	                   e.len);
}

int fc_capture_writer_close(fc_capture_writer *w)
{
	int rc = FC_OK;

	if (!w)
		return FC_OK;
	if (fclose(w->f) != 0 || w->failed)
		rc = FC_EIO;
	fci_free(w);
	return rc;
}
