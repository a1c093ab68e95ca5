// SPDX-License-Identifier: GPL-2.0-only
/* libfalcocore CO-RE probe: raw syscall tracepoints (tp_btf sys_enter/sys_exit)
 * dispatch, by syscall id, into one program per event through two tail-call
 * tables that the loader fills only for the syscalls of the interest set.
 * Each program builds a scap record (26-byte header, u16 parameter lengths,
 * parameters) in a per-CPU buffer and copies it into one BPF ring buffer without
 * waking the consumer (BPF_RB_NO_WAKEUP): userspace polls. Parameter layouts are
 * libscap's (falcosecurity/libs driver/event_table.c); values are taken the way
 * its modern_bpf driver takes them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fc_probe_shared.h"

char LICENSE[] SEC("license") = "GPL";

/* x86_64 is little-endian: network to host order is a byte swap. */
#define fcp_ntohs(x) __builtin_bswap16(x)

/* Set by the loader before load. */
const volatile __u32 fcp_own_tgid = 0; /* the consumer's own process */
const volatile __u64 fcp_boot_ns = 0;  /* epoch ns at boot: ts = boot_ns + boottime */
const volatile __u32 fcp_procexit = 0; /* emit procexit from sched_process_exit */

/* Interest set per syscall id (FCP_INTEREST_* bits), filled by the loader. */
__u8 fcp_interest[FCP_MAX_SYSCALLS];

/* The scap record header (struct fc_scap_evt_hdr of falcocore/syscall_abi.h). */
struct fc_scap_hdr_bpf {
	__u64 ts;
	__u64 tid;
	__u32 len;
	__u16 type;
	__u32 nparams;
} __attribute__((packed));

struct fcp_aux {
	__u8 data[FCP_AUX_SIZE];
	__u32 pos;  /* next payload byte */
	__u32 lpos; /* next parameter length slot */
	__u32 nparams;
	__u32 type;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* resized to the number of possible CPUs */
	__type(key, __u32);
	__type(value, struct fcp_aux);
} fcp_auxmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* resized by the loader */
} fcp_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fcp_kstats);
} fcp_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, FCP_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u32);
} fcp_enter_tab SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, FCP_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u32);
} fcp_exit_tab SEC(".maps");

/* ---- kernel flavours for CO-RE ---- */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

struct inode___v66 {
	struct timespec64 __i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

/* ---- record building ---- */

static __always_inline struct fcp_aux *aux_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&fcp_auxmap, &cpu);
}

static __always_inline void aux_begin(struct fcp_aux *a, __u32 type, __u32 nparams)
{
	a->type = type;
	a->nparams = nparams;
	a->lpos = sizeof(struct fc_scap_hdr_bpf);
	a->pos = sizeof(struct fc_scap_hdr_bpf) + nparams * 2;
}

static __always_inline void put_len(struct fcp_aux *a, __u16 len)
{
	*(__u16 *)&a->data[a->lpos & FCP_AUX_MASK] = len;
	a->lpos += 2;
}

static __always_inline void p_u8(struct fcp_aux *a, __u8 v)
{
	a->data[a->pos & FCP_AUX_MASK] = v;
	a->pos += 1;
	put_len(a, 1);
}

static __always_inline void p_u16(struct fcp_aux *a, __u16 v)
{
	*(__u16 *)&a->data[a->pos & FCP_AUX_MASK] = v;
	a->pos += 2;
	put_len(a, 2);
}

static __always_inline void p_u32(struct fcp_aux *a, __u32 v)
{
	*(__u32 *)&a->data[a->pos & FCP_AUX_MASK] = v;
	a->pos += 4;
	put_len(a, 4);
}

static __always_inline void p_u64(struct fcp_aux *a, __u64 v)
{
	*(__u64 *)&a->data[a->pos & FCP_AUX_MASK] = v;
	a->pos += 8;
	put_len(a, 8);
}

static __always_inline void p_empty(struct fcp_aux *a)
{
	put_len(a, 0);
}

/* A NUL-terminated string from user memory (length includes the NUL). */
static __always_inline void p_ustr(struct fcp_aux *a, const void *ptr, __u32 max)
{
	long n = 0;
	if (ptr)
		n = bpf_probe_read_user_str(&a->data[a->pos & FCP_AUX_MASK], max, ptr);
	if (n <= 0) {
		put_len(a, 0);
		return;
	}
	a->pos += n;
	put_len(a, n);
}

static __always_inline void p_kstr(struct fcp_aux *a, const void *ptr, __u32 max)
{
	long n = 0;
	if (ptr)
		n = bpf_probe_read_kernel_str(&a->data[a->pos & FCP_AUX_MASK], max, ptr);
	if (n <= 0) {
		put_len(a, 0);
		return;
	}
	a->pos += n;
	put_len(a, n);
}

/* Raw bytes from user memory (at most FCP_MAX_ARGS). */
static __always_inline void p_ubytes(struct fcp_aux *a, const void *ptr, __u64 len)
{
	len &= (FCP_MAX_ARGS - 1);
	if (!ptr || len == 0 ||
	    bpf_probe_read_user(&a->data[a->pos & FCP_AUX_MASK], len, ptr) != 0) {
		put_len(a, 0);
		return;
	}
	a->pos += len;
	put_len(a, len);
}

static __always_inline void aux_submit(struct fcp_aux *a)
{
	__u32 zero = 0;
	struct fcp_kstats *st = bpf_map_lookup_elem(&fcp_stats, &zero);
	__u32 sz = a->pos;
	if (sz > FCP_AUX_HALF || sz < sizeof(struct fc_scap_hdr_bpf)) {
		if (st)
			st->n_toobig++;
		return;
	}
	struct fc_scap_hdr_bpf *h = (void *)a->data;
	h->ts = fcp_boot_ns + bpf_ktime_get_boot_ns();
	h->tid = (__u32)bpf_get_current_pid_tgid();
	h->len = sz;
	h->type = a->type;
	h->nparams = a->nparams;
	/* Hide the bound from the compiler so that the mask survives for the verifier. */
	asm volatile("" : "+r"(sz));
	sz &= FCP_AUX_SIZE - 1;
	if (bpf_ringbuf_output(&fcp_rb, a->data, sz, BPF_RB_NO_WAKEUP) != 0) {
		if (st)
			st->n_drops++;
		return;
	}
	if (st)
		st->n_evts++;
}

/* ---- kernel data ---- */

static __always_inline __u32 enc_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline struct file *fd_file(int fd)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	struct file *f = NULL;
	if (fd < 0)
		return NULL;
	unsigned int max = BPF_CORE_READ(t, files, fdt, max_fds);
	if ((unsigned int)fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(t, files, fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline void file_dev_ino(struct file *f, __u32 *dev, __u64 *ino)
{
	*dev = 0;
	*ino = 0;
	if (!f)
		return;
	struct inode *i = BPF_CORE_READ(f, f_inode);
	*dev = enc_dev(BPF_CORE_READ(i, i_sb, s_dev));
	*ino = BPF_CORE_READ(i, i_ino);
}

/* open(2) flags -> PPM_O_* (ppm_events_public.h). */
static __always_inline __u32 open_flags(__u32 f)
{
	__u32 r = 0;
	switch (f & 3) {
	case 0:
		r = 1 << 0;
		break;
	case 1:
		r = 1 << 1;
		break;
	case 2:
		r = 3;
		break;
	}
	if (f & 0100)
		r |= 1 << 2; /* O_CREAT */
	if (f & 02000)
		r |= 1 << 3; /* O_APPEND */
	if (f & 010000)
		r |= 1 << 4; /* O_DSYNC */
	if (f & 0200)
		r |= 1 << 5; /* O_EXCL */
	if (f & 04000)
		r |= 1 << 6; /* O_NONBLOCK */
	if ((f & 04010000) == 04010000)
		r |= 1 << 7; /* O_SYNC */
	if (f & 01000)
		r |= 1 << 8; /* O_TRUNC */
	if (f & 040000)
		r |= 1 << 9; /* O_DIRECT */
	if (f & 0200000)
		r |= 1 << 10; /* O_DIRECTORY */
	if (f & 0100000)
		r |= 1 << 11; /* O_LARGEFILE */
	if (f & 02000000)
		r |= 1 << 12; /* O_CLOEXEC */
	if ((f & 020200000) == 020200000)
		r |= 1 << 13; /* O_TMPFILE */
	return r;
}

static __always_inline __u32 open_mode(__u32 flags, __u32 mode)
{
	/* PPM_S_* bits equal the low 12 mode bits; only meaningful on create. */
	if ((flags & 0100) || (flags & 020200000) == 020200000)
		return mode & 07777;
	return 0;
}

#define PPM_O_F_CREATED   (1 << 14)
#define FMODE_CREATED_BIT (1u << 20)

static __always_inline __u32 created_flag(struct file *f)
{
	if (!f)
		return 0;
	__u32 m = BPF_CORE_READ(f, f_mode);
	return (m & FMODE_CREATED_BIT) ? PPM_O_F_CREATED : 0;
}

static __always_inline __u32 clone_flags(__u64 f)
{
	__u32 r = 0;
	if (f & 0x400)
		r |= 1 << 0; /* FILES */
	if (f & 0x200)
		r |= 1 << 1; /* FS */
	if (f & 0x80000000ull)
		r |= 1 << 2; /* IO */
	if (f & 0x08000000)
		r |= 1 << 3; /* NEWIPC */
	if (f & 0x40000000)
		r |= 1 << 4; /* NEWNET */
	if (f & 0x20000)
		r |= 1 << 5; /* NEWNS */
	if (f & 0x20000000)
		r |= 1 << 6; /* NEWPID */
	if (f & 0x04000000)
		r |= 1 << 7; /* NEWUTS */
	if (f & 0x8000)
		r |= 1 << 8; /* PARENT */
	if (f & 0x100000)
		r |= 1 << 9; /* PARENT_SETTID */
	if (f & 0x2000)
		r |= 1 << 10; /* PTRACE */
	if (f & 0x800)
		r |= 1 << 11; /* SIGHAND */
	if (f & 0x40000)
		r |= 1 << 12; /* SYSVSEM */
	if (f & 0x10000)
		r |= 1 << 13; /* THREAD */
	if (f & 0x800000)
		r |= 1 << 14; /* UNTRACED */
	if (f & 0x100)
		r |= 1 << 15; /* VM */
	if (f & 0x10000000)
		r |= 1 << 20; /* NEWUSER */
	if (f & 0x200000)
		r |= 1 << 23; /* CHILD_CLEARTID */
	if (f & 0x1000000)
		r |= 1 << 24; /* CHILD_SETTID */
	if (f & 0x80000)
		r |= 1 << 25; /* SETTLS */
	if (f & 0x4000)
		r |= 1 << 27; /* VFORK */
	if (f & 0x02000000)
		r |= 1 << 28; /* NEWCGROUP */
	return r;
}

/* The pid number of `pid` as seen from its own (innermost) namespace. */
static __always_inline __u32 pid_vnr(struct pid *pid)
{
	__u32 level = BPF_CORE_READ(pid, level);
	__u32 nr = 0;
	__u64 off = bpf_core_field_offset(struct pid, numbers) +
	            (__u64)(level & 31) * bpf_core_type_size(struct upid) +
	            bpf_core_field_offset(struct upid, nr);
	bpf_probe_read_kernel(&nr, sizeof(nr), (void *)pid + off);
	return nr;
}

/* Path walks use bpf_loop(): its callback is verified once, whatever the depth. */
struct fcp_walk {
	struct fcp_aux *a;
	struct dentry *d;
	struct vfsmount *vm;
	struct mount *mnt;
	struct kernfs_node *kn;
	__u32 n;
	__u64 names[32];
};

static long dp_walk(__u32 i, void *vc)
{
	struct fcp_walk *c = vc;
	struct dentry *d = c->d;
	struct vfsmount *vm = c->vm;
	struct mount *mnt = c->mnt;
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	struct dentry *mroot = BPF_CORE_READ(vm, mnt_root);
	if (d == mroot || d == parent) {
		struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
		if (mp == mnt || !mp)
			return 1;
		c->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		c->mnt = mp;
		c->vm = (struct vfsmount *)((void *)mp + bpf_core_field_offset(struct mount, mnt));
		return 0;
	}
	if (c->n >= FCP_MAX_DEPTH)
		return 1;
	c->names[c->n & 31] = (__u64)BPF_CORE_READ(d, d_name.name);
	c->n++;
	c->d = parent;
	return 0;
}

static long kn_walk(__u32 i, void *vc)
{
	struct fcp_walk *c = vc;
	struct kernfs_node *kn = c->kn, *parent;
	if (bpf_core_field_exists(struct kernfs_node, __parent))
		parent = BPF_CORE_READ(kn, __parent);
	else
		parent = BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
	if (!parent || c->n >= FCP_MAX_CGDEP)
		return 1;
	c->names[c->n & 31] = (__u64)BPF_CORE_READ(kn, name);
	c->n++;
	c->kn = parent;
	return 0;
}

/* Writes "/" + names[n-1] + "/" + ... + names[0]. */
static long dp_write(__u32 i, void *vc)
{
	struct fcp_walk *c = vc;
	struct fcp_aux *a = c->a;
	if (i >= c->n)
		return 1;
	__u32 j = c->n - 1 - i;
	a->data[a->pos & FCP_AUX_MASK] = '/';
	a->pos++;
	long k = bpf_probe_read_kernel_str(&a->data[a->pos & FCP_AUX_MASK], 256,
	                                   (void *)c->names[j & 31]);
	if (k > 1)
		a->pos += k - 1;
	return 0;
}

static __always_inline void walk_emit(struct fcp_walk *c)
{
	struct fcp_aux *a = c->a;
	if (c->n == 0) {
		a->data[a->pos & FCP_AUX_MASK] = '/';
		a->pos++;
	}
	bpf_loop(32, dp_write, c, 0);
	a->data[a->pos & FCP_AUX_MASK] = 0;
	a->pos++;
}

/* Kernel path of a struct path (mnt, dentry), walked up to the root of the mount
 * tree (global function: verified once, apart from its callers). */
__noinline int fcp_dpath(struct fcp_aux *a, __u64 pathp)
{
	struct path *p = (struct path *)pathp;
	struct fcp_walk c = {};
	if (!a)
		return 0;
	c.a = a;
	c.d = BPF_CORE_READ(p, dentry);
	c.vm = BPF_CORE_READ(p, mnt);
	c.mnt = container_of(c.vm, struct mount, mnt);
	if (!c.d || !c.vm) {
		p_empty(a);
		return 0;
	}
	__u32 start = a->pos;
	bpf_loop(FCP_MAX_DEPTH + 8, dp_walk, &c, 0);
	walk_emit(&c);
	put_len(a, a->pos - start);
	return 0;
}

/* cgroups: "subsys=path" strings, each NUL-terminated (global function). */
__noinline int fcp_cgroups(struct fcp_aux *a)
{
	struct fcp_walk c = {};
	if (!a)
		return 0;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	__u32 start = a->pos;
	c.a = a;
	for (int i = 0; i < FCP_MAX_SUBSYS; i++) {
		struct cgroup_subsys_state *css = BPF_CORE_READ(t, cgroups, subsys[i]);
		if (!css)
			continue;
		const char *ssname = BPF_CORE_READ(css, ss, name);
		long k = bpf_probe_read_kernel_str(&a->data[a->pos & FCP_AUX_MASK], 32, ssname);
		if (k <= 1)
			continue;
		a->pos += k - 1;
		a->data[a->pos & FCP_AUX_MASK] = '=';
		a->pos++;
		c.kn = BPF_CORE_READ(css, cgroup, kn);
		c.n = 0;
		bpf_loop(FCP_MAX_CGDEP + 1, kn_walk, &c, 0);
		walk_emit(&c);
	}
	put_len(a, a->pos - start);
	return 0;
}

/* A user sockaddr (PT_SOCKADDR): family, then address and port. */
static __always_inline void p_sockaddr(struct fcp_aux *a, const void *uaddr, __u32 alen)
{
	__u8 *s = &a->data[FCP_AUX_HALF];
	if (!uaddr || alen < 2 || bpf_probe_read_user(s, alen > 128 ? 128 : (alen & 127), uaddr)) {
		p_empty(a);
		return;
	}
	__u16 fam = *(__u16 *)s;
	__u32 start = a->pos;
	if (fam == 2) { /* AF_INET */
		a->data[a->pos & FCP_AUX_MASK] = 2;
		*(__u32 *)&a->data[(a->pos + 1) & FCP_AUX_MASK] = *(__u32 *)(s + 4);
		*(__u16 *)&a->data[(a->pos + 5) & FCP_AUX_MASK] = fcp_ntohs(*(__u16 *)(s + 2));
		a->pos += 7;
	} else if (fam == 10) { /* AF_INET6 */
		a->data[a->pos & FCP_AUX_MASK] = 10;
		__builtin_memcpy(&a->data[(a->pos + 1) & FCP_AUX_MASK], s + 8, 16);
		*(__u16 *)&a->data[(a->pos + 17) & FCP_AUX_MASK] = fcp_ntohs(*(__u16 *)(s + 2));
		a->pos += 19;
	} else if (fam == 1) { /* AF_UNIX */
		a->data[a->pos & FCP_AUX_MASK] = 1;
		a->pos++;
		const void *path = uaddr + 2;
		if (s[2] == 0)
			path = uaddr + 3; /* abstract */
		long k = bpf_probe_read_user_str(&a->data[a->pos & FCP_AUX_MASK], 108, path);
		if (k > 0)
			a->pos += k;
	} else {
		p_empty(a);
		return;
	}
	put_len(a, a->pos - start);
}

/* A socket tuple (PT_SOCKTUPLE) from the kernel socket behind fd; outbound:
 * local is the source, inbound: the peer is the source. */
static __always_inline void p_socktuple(struct fcp_aux *a, int fd, int outbound)
{
	struct file *f = fd_file(fd);
	if (!f) {
		p_empty(a);
		return;
	}
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u32 start = a->pos;
	if (fam == 2) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u32 lip = BPF_CORE_READ(inet, inet_saddr);
		__u16 lport = fcp_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = fcp_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (!outbound) {
			__u32 ti = lip;
			__u16 tp = lport;
			lip = rip;
			lport = rport;
			rip = ti;
			rport = tp;
		}
		a->data[a->pos & FCP_AUX_MASK] = 2;
		*(__u32 *)&a->data[(a->pos + 1) & FCP_AUX_MASK] = lip;
		*(__u16 *)&a->data[(a->pos + 5) & FCP_AUX_MASK] = lport;
		*(__u32 *)&a->data[(a->pos + 7) & FCP_AUX_MASK] = rip;
		*(__u16 *)&a->data[(a->pos + 11) & FCP_AUX_MASK] = rport;
		a->pos += 13;
	} else if (fam == 10) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u8 lip[16], rip[16];
		BPF_CORE_READ_INTO(&lip, inet, pinet6, saddr);
		BPF_CORE_READ_INTO(&rip, sk, __sk_common.skc_v6_daddr);
		__u16 lport = fcp_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u16 rport = fcp_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		a->data[a->pos & FCP_AUX_MASK] = 10;
		if (outbound) {
			__builtin_memcpy(&a->data[(a->pos + 1) & FCP_AUX_MASK], lip, 16);
			*(__u16 *)&a->data[(a->pos + 17) & FCP_AUX_MASK] = lport;
			__builtin_memcpy(&a->data[(a->pos + 19) & FCP_AUX_MASK], rip, 16);
			*(__u16 *)&a->data[(a->pos + 35) & FCP_AUX_MASK] = rport;
		} else {
			__builtin_memcpy(&a->data[(a->pos + 1) & FCP_AUX_MASK], rip, 16);
			*(__u16 *)&a->data[(a->pos + 17) & FCP_AUX_MASK] = rport;
			__builtin_memcpy(&a->data[(a->pos + 19) & FCP_AUX_MASK], lip, 16);
			*(__u16 *)&a->data[(a->pos + 35) & FCP_AUX_MASK] = lport;
		}
		a->pos += 37;
	} else if (fam == 1) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(us, peer);
		struct unix_sock *named = outbound ? peer : us;
		a->data[a->pos & FCP_AUX_MASK] = 1;
		*(__u64 *)&a->data[(a->pos + 1) & FCP_AUX_MASK] = (__u64)(outbound ? peer : us);
		*(__u64 *)&a->data[(a->pos + 9) & FCP_AUX_MASK] = (__u64)(outbound ? us : peer);
		a->pos += 17;
		struct unix_address *ua = BPF_CORE_READ(named, addr);
		char *path = ua ? (char *)ua + bpf_core_field_offset(struct unix_address, name) + 2
		                : NULL;
		char first = 0;
		if (path)
			bpf_probe_read_kernel(&first, 1, path);
		if (path && first == 0)
			path++;
		long k =
		        path ? bpf_probe_read_kernel_str(&a->data[a->pos & FCP_AUX_MASK], 108, path)
		             : 0;
		if (k <= 0) {
			a->data[a->pos & FCP_AUX_MASK] = 0;
			k = 1;
		}
		a->pos += k;
	} else {
		p_empty(a);
		return;
	}
	put_len(a, a->pos - start);
}

/* ---- dispatchers ---- */

static __always_inline int skip_self(void)
{
	return fcp_own_tgid && (bpf_get_current_pid_tgid() >> 32) == fcp_own_tgid;
}

static __always_inline void count_seen(void)
{
	__u32 zero = 0;
	struct fcp_kstats *st = bpf_map_lookup_elem(&fcp_stats, &zero);
	if (st)
		st->n_seen++;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(fcp_sys_enter, struct pt_regs *regs, long id)
{
	if ((unsigned long)id >= FCP_MAX_SYSCALLS)
		return 0;
	if (!(fcp_interest[id] & FCP_INTEREST_ENTER))
		return 0;
	if (skip_self())
		return 0;
	count_seen();
	bpf_tail_call(ctx, &fcp_enter_tab, id);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(fcp_sys_exit, struct pt_regs *regs, long ret)
{
	/* The syscall id is orig_ax; exit events read the arguments from regs. */
	long id = regs->orig_ax;
	if ((unsigned long)id >= FCP_MAX_SYSCALLS)
		return 0;
	if (!(fcp_interest[id] & FCP_INTEREST_EXIT))
		return 0;
	if (skip_self())
		return 0;
	if (!(fcp_interest[id] & FCP_INTEREST_ENTER))
		count_seen();
	bpf_tail_call(ctx, &fcp_exit_tab, id);
	return 0;
}

#define ARG0 (regs->di)
#define ARG1 (regs->si)
#define ARG2 (regs->dx)
#define ARG3 (regs->r10)
#define ARG4 (regs->r8)
#define ARG5 (regs->r9)

#define ENTER(name) SEC("tp_btf/sys_enter") int BPF_PROG(name, struct pt_regs *regs, long id)
#define EXIT(name)  SEC("tp_btf/sys_exit") int BPF_PROG(name, struct pt_regs *regs, long ret)
#define BEGIN(type, n)                                                                             \
	struct fcp_aux *a = aux_get();                                                             \
	if (!a)                                                                                    \
		return 0;                                                                          \
	aux_begin(a, type, n)

/* ---- open family ---- */

ENTER(fcp_open_e)
{
	BEGIN(FCP_PPME_SYSCALL_OPEN_E, 3);
	__u32 fl = ARG1;
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, open_flags(fl));
	p_u32(a, open_mode(fl, ARG2));
	aux_submit(a);
	return 0;
}

EXIT(fcp_open_x)
{
	BEGIN(FCP_PPME_SYSCALL_OPEN_X, 6);
	__u32 fl = ARG1, dev;
	__u64 ino;
	struct file *f = fd_file(ret);
	file_dev_ino(f, &dev, &ino);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, open_flags(fl) | created_flag(f));
	p_u32(a, open_mode(fl, ARG2));
	p_u32(a, dev);
	p_u64(a, ino);
	aux_submit(a);
	return 0;
}

ENTER(fcp_creat_e)
{
	BEGIN(FCP_PPME_SYSCALL_CREAT_E, 2);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, ARG1 & 07777);
	aux_submit(a);
	return 0;
}

EXIT(fcp_creat_x)
{
	BEGIN(FCP_PPME_SYSCALL_CREAT_X, 5);
	__u32 dev;
	__u64 ino;
	file_dev_ino(fd_file(ret), &dev, &ino);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, ARG1 & 07777);
	p_u32(a, dev);
	p_u64(a, ino);
	aux_submit(a);
	return 0;
}

ENTER(fcp_openat_e)
{
	BEGIN(FCP_PPME_SYSCALL_OPENAT_2_E, 4);
	__u32 fl = ARG2;
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, open_flags(fl));
	p_u32(a, open_mode(fl, ARG3));
	aux_submit(a);
	return 0;
}

EXIT(fcp_openat_x)
{
	BEGIN(FCP_PPME_SYSCALL_OPENAT_2_X, 7);
	__u32 fl = ARG2, dev;
	__u64 ino;
	struct file *f = fd_file(ret);
	file_dev_ino(f, &dev, &ino);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, open_flags(fl) | created_flag(f));
	p_u32(a, open_mode(fl, ARG3));
	p_u32(a, dev);
	p_u64(a, ino);
	aux_submit(a);
	return 0;
}

struct fcp_open_how {
	__u64 flags, mode, resolve;
};

static __always_inline __u32 resolve_flags(__u64 r)
{
	/* RESOLVE_NO_XDEV 1, NO_MAGICLINKS 2, NO_SYMLINKS 4, BENEATH 8, IN_ROOT 16,
	 * CACHED 32 -> PPM_RESOLVE_* (BENEATH 1, IN_ROOT 2, NO_MAGICLINKS 4,
	 * NO_SYMLINKS 8, NO_XDEV 16, CACHED 32). */
	__u32 o = 0;
	if (r & 8)
		o |= 1;
	if (r & 16)
		o |= 2;
	if (r & 2)
		o |= 4;
	if (r & 4)
		o |= 8;
	if (r & 1)
		o |= 16;
	if (r & 32)
		o |= 32;
	return o;
}

ENTER(fcp_openat2_e)
{
	BEGIN(FCP_PPME_SYSCALL_OPENAT2_E, 5);
	struct fcp_open_how how = {};
	bpf_probe_read_user(&how, sizeof(how), (void *)ARG2);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, open_flags(how.flags));
	p_u32(a, open_mode(how.flags, how.mode));
	p_u32(a, resolve_flags(how.resolve));
	aux_submit(a);
	return 0;
}

EXIT(fcp_openat2_x)
{
	BEGIN(FCP_PPME_SYSCALL_OPENAT2_X, 6);
	struct fcp_open_how how = {};
	bpf_probe_read_user(&how, sizeof(how), (void *)ARG2);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, open_flags(how.flags) | created_flag(fd_file(ret)));
	p_u32(a, open_mode(how.flags, how.mode));
	p_u32(a, resolve_flags(how.resolve));
	aux_submit(a);
	return 0;
}

/* ---- fd events ---- */

ENTER(fcp_fd_e) /* close, dup, fchdir: one PT_FD */
{
	__u32 t = id == 3    ? FCP_PPME_SYSCALL_CLOSE_E
	          : id == 32 ? FCP_PPME_SYSCALL_DUP_1_E
	          : id == 81 ? FCP_PPME_SYSCALL_FCHDIR_E
	          : id == 33 ? FCP_PPME_SYSCALL_DUP2_E
	                     : FCP_PPME_SYSCALL_DUP3_E;
	BEGIN(t, 1);
	p_u64(a, (__s64)(int)ARG0);
	aux_submit(a);
	return 0;
}

EXIT(fcp_close_x)
{
	BEGIN(FCP_PPME_SYSCALL_CLOSE_X, 1);
	p_u64(a, ret);
	aux_submit(a);
	return 0;
}

EXIT(fcp_fchdir_x)
{
	BEGIN(FCP_PPME_SYSCALL_FCHDIR_X, 1);
	p_u64(a, ret);
	aux_submit(a);
	return 0;
}

EXIT(fcp_dup_x)
{
	long id = regs->orig_ax;
	__u32 t = id == 32   ? FCP_PPME_SYSCALL_DUP_1_X
	          : id == 33 ? FCP_PPME_SYSCALL_DUP2_X
	                     : FCP_PPME_SYSCALL_DUP3_X;
	__u32 n = id == 32 ? 2 : id == 33 ? 3 : 4;
	BEGIN(t, n);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	if (id != 32)
		p_u64(a, (__s64)(int)ARG1);
	if (id == 292)
		p_u32(a, (ARG2 & 02000000) ? (1 << 12) : 0);
	aux_submit(a);
	return 0;
}

/* ---- sockets ---- */

ENTER(fcp_socket_e)
{
	BEGIN(FCP_PPME_SOCKET_SOCKET_E, 3);
	p_u32(a, ARG0);
	p_u32(a, ARG1);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_socket_x)
{
	/* current libs' exit event carries the enter parameters too */
	BEGIN(FCP_PPME_SOCKET_SOCKET_X, 4);
	p_u64(a, ret);
	p_u32(a, ARG0);
	p_u32(a, ARG1);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

ENTER(fcp_connect_e)
{
	BEGIN(FCP_PPME_SOCKET_CONNECT_E, 2);
	p_u64(a, (__s64)(int)ARG0);
	p_sockaddr(a, (void *)ARG1, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_connect_x)
{
	BEGIN(FCP_PPME_SOCKET_CONNECT_X, 4);
	int fd = ARG0;
	p_u64(a, ret);
	/* A connect in progress (EINPROGRESS) has its tuple too. */
	if (ret == 0 || ret == -115)
		p_socktuple(a, fd, 1);
	else
		p_empty(a);
	p_u64(a, (__s64)fd);
	p_sockaddr(a, (void *)ARG1, ARG2);
	aux_submit(a);
	return 0;
}

ENTER(fcp_bind_e)
{
	BEGIN(FCP_PPME_SOCKET_BIND_E, 1);
	p_u64(a, (__s64)(int)ARG0);
	aux_submit(a);
	return 0;
}

EXIT(fcp_bind_x)
{
	BEGIN(FCP_PPME_SOCKET_BIND_X, 2);
	p_u64(a, ret);
	p_sockaddr(a, (void *)ARG1, ARG2);
	aux_submit(a);
	return 0;
}

ENTER(fcp_listen_e)
{
	BEGIN(FCP_PPME_SOCKET_LISTEN_E, 2);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG1);
	aux_submit(a);
	return 0;
}

EXIT(fcp_listen_x)
{
	BEGIN(FCP_PPME_SOCKET_LISTEN_X, 3);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG1);
	aux_submit(a);
	return 0;
}

ENTER(fcp_accept4_e)
{
	BEGIN(FCP_PPME_SOCKET_ACCEPT4_6_E, 1);
	p_u32(a, ARG3);
	aux_submit(a);
	return 0;
}

EXIT(fcp_accept_x)
{
	long id = regs->orig_ax;
	BEGIN(id == 43 ? FCP_PPME_SOCKET_ACCEPT_5_X : FCP_PPME_SOCKET_ACCEPT4_6_X, 5);
	__u32 qlen = 0, qmax = 0;
	p_u64(a, ret);
	if (ret >= 0)
		p_socktuple(a, ret, 0);
	else
		p_empty(a);
	struct file *lf = fd_file(ARG0);
	if (lf) {
		struct socket *ls = BPF_CORE_READ(lf, private_data);
		struct sock *lsk = BPF_CORE_READ(ls, sk);
		qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
		qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
	}
	p_u8(a, qmax ? (qlen * 100) / qmax : 0);
	p_u32(a, qlen);
	p_u32(a, qmax);
	aux_submit(a);
	return 0;
}

ENTER(fcp_sendto_e)
{
	BEGIN(FCP_PPME_SOCKET_SENDTO_E, 3);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG2);
	p_socktuple(a, ARG0, 1);
	aux_submit(a);
	return 0;
}

EXIT(fcp_sendto_x)
{
	BEGIN(FCP_PPME_SOCKET_SENDTO_X, 2);
	p_u64(a, ret);
	p_ubytes(a, (void *)ARG1, ret > 0 ? (ret > 80 ? 80 : ret) : 0);
	aux_submit(a);
	return 0;
}

ENTER(fcp_recvfrom_e)
{
	BEGIN(FCP_PPME_SOCKET_RECVFROM_E, 2);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_recvfrom_x)
{
	BEGIN(FCP_PPME_SOCKET_RECVFROM_X, 3);
	p_u64(a, ret);
	p_ubytes(a, (void *)ARG1, ret > 0 ? (ret > 80 ? 80 : ret) : 0);
	if (ret >= 0)
		p_socktuple(a, ARG0, 0);
	else
		p_empty(a);
	aux_submit(a);
	return 0;
}

/* read/write: only with capture_io (snaplen 80 like libscap's default). */
ENTER(fcp_rw_e)
{
	BEGIN(id == 0 ? FCP_PPME_SYSCALL_READ_E : FCP_PPME_SYSCALL_WRITE_E, 2);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_rw_x)
{
	long id = regs->orig_ax;
	BEGIN(id == 0 ? FCP_PPME_SYSCALL_READ_X : FCP_PPME_SYSCALL_WRITE_X, 2);
	p_u64(a, ret);
	p_ubytes(a, (void *)ARG1, ret > 0 ? (ret > 80 ? 80 : ret) : 0);
	aux_submit(a);
	return 0;
}

/* ---- pipes, memfd ---- */

EXIT(fcp_pipe_x)
{
	long id = regs->orig_ax;
	BEGIN(id == 22 ? FCP_PPME_SYSCALL_PIPE_X : FCP_PPME_SYSCALL_PIPE2_X, id == 22 ? 4 : 5);
	int fds[2] = {-1, -1};
	__u32 dev;
	__u64 ino = 0;
	if (ret == 0)
		bpf_probe_read_user(fds, sizeof(fds), (void *)ARG0);
	file_dev_ino(fd_file(fds[0]), &dev, &ino);
	p_u64(a, ret);
	p_u64(a, (__s64)fds[0]);
	p_u64(a, (__s64)fds[1]);
	p_u64(a, ino);
	if (id != 22) {
		__u32 f = ARG1, o = 0;
		if (f & 02000000)
			o |= 1 << 12;
		if (f & 040000)
			o |= 1 << 9;
		if (f & 04000)
			o |= 1 << 6;
		p_u32(a, o);
	}
	aux_submit(a);
	return 0;
}

EXIT(fcp_memfd_x)
{
	BEGIN(FCP_PPME_SYSCALL_MEMFD_CREATE_X, 3);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, 256);
	p_u32(a, ARG1 & 7);
	aux_submit(a);
	return 0;
}

/* Enter events without parameters: one program per event number. */
#define NOPARAM_E(name, type)                                                                      \
	ENTER(name)                                                                                \
	{                                                                                          \
		BEGIN(type, 0);                                                                    \
		aux_submit(a);                                                                     \
		return 0;                                                                          \
	}

NOPARAM_E(fcp_pipe_e, FCP_PPME_SYSCALL_PIPE_E)
NOPARAM_E(fcp_pipe2_e, FCP_PPME_SYSCALL_PIPE2_E)
NOPARAM_E(fcp_memfd_e, FCP_PPME_SYSCALL_MEMFD_CREATE_E)
NOPARAM_E(fcp_accept_e, FCP_PPME_SOCKET_ACCEPT_5_E)
NOPARAM_E(fcp_chdir_e, FCP_PPME_SYSCALL_CHDIR_E)
NOPARAM_E(fcp_rename_e, FCP_PPME_SYSCALL_RENAME_E)
NOPARAM_E(fcp_renameat_e, FCP_PPME_SYSCALL_RENAMEAT_E)
NOPARAM_E(fcp_renameat2_e, FCP_PPME_SYSCALL_RENAMEAT2_E)
NOPARAM_E(fcp_symlink_e, FCP_PPME_SYSCALL_SYMLINK_E)
NOPARAM_E(fcp_symlinkat_e, FCP_PPME_SYSCALL_SYMLINKAT_E)
NOPARAM_E(fcp_link_e, FCP_PPME_SYSCALL_LINK_2_E)
NOPARAM_E(fcp_linkat_e, FCP_PPME_SYSCALL_LINKAT_2_E)
NOPARAM_E(fcp_unlink_e, FCP_PPME_SYSCALL_UNLINK_2_E)
NOPARAM_E(fcp_unlinkat_e, FCP_PPME_SYSCALL_UNLINKAT_2_E)
NOPARAM_E(fcp_rmdir_e, FCP_PPME_SYSCALL_RMDIR_2_E)
NOPARAM_E(fcp_mkdirat_e, FCP_PPME_SYSCALL_MKDIRAT_E)
NOPARAM_E(fcp_chmod_e, FCP_PPME_SYSCALL_CHMOD_E)
NOPARAM_E(fcp_fchmod_e, FCP_PPME_SYSCALL_FCHMOD_E)
NOPARAM_E(fcp_fchmodat_e, FCP_PPME_SYSCALL_FCHMODAT_E)
NOPARAM_E(fcp_clone_e, FCP_PPME_SYSCALL_CLONE_20_E)
NOPARAM_E(fcp_fork_e, FCP_PPME_SYSCALL_FORK_20_E)
NOPARAM_E(fcp_vfork_e, FCP_PPME_SYSCALL_VFORK_20_E)
NOPARAM_E(fcp_clone3_e, FCP_PPME_SYSCALL_CLONE3_E)
NOPARAM_E(fcp_init_module_e, FCP_PPME_SYSCALL_INIT_MODULE_E)
NOPARAM_E(fcp_finit_module_e, FCP_PPME_SYSCALL_FINIT_MODULE_E)

/* ---- filesystem ---- */

EXIT(fcp_chdir_x)
{
	BEGIN(FCP_PPME_SYSCALL_CHDIR_X, 2);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

ENTER(fcp_mkdir_e)
{
	BEGIN(FCP_PPME_SYSCALL_MKDIR_2_E, 1);
	p_u32(a, ARG1);
	aux_submit(a);
	return 0;
}

EXIT(fcp_mkdir_x)
{
	BEGIN(FCP_PPME_SYSCALL_MKDIR_2_X, 3);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, ARG1);
	aux_submit(a);
	return 0;
}

EXIT(fcp_path1_x) /* rmdir, unlink: res, path */
{
	long id = regs->orig_ax;
	BEGIN(id == 84 ? FCP_PPME_SYSCALL_RMDIR_2_X : FCP_PPME_SYSCALL_UNLINK_2_X, 2);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

EXIT(fcp_mkdirat_x)
{
	BEGIN(FCP_PPME_SYSCALL_MKDIRAT_X, 4);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_unlinkat_x)
{
	BEGIN(FCP_PPME_SYSCALL_UNLINKAT_2_X, 4);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, ARG2 & 0x200);
	aux_submit(a);
	return 0;
}

EXIT(fcp_path2_x) /* rename, link, symlink: res, path, path */
{
	long id = regs->orig_ax;
	BEGIN(id == 82   ? FCP_PPME_SYSCALL_RENAME_X
	      : id == 86 ? FCP_PPME_SYSCALL_LINK_2_X
	                 : FCP_PPME_SYSCALL_SYMLINK_X,
	      3);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

EXIT(fcp_renameat_x) /* renameat, renameat2, linkat */
{
	long id = regs->orig_ax;
	BEGIN(id == 264   ? FCP_PPME_SYSCALL_RENAMEAT_X
	      : id == 316 ? FCP_PPME_SYSCALL_RENAMEAT2_X
	                  : FCP_PPME_SYSCALL_LINKAT_2_X,
	      id == 264 ? 5 : 6);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u64(a, (__s64)(int)ARG2);
	p_ustr(a, (void *)ARG3, FCP_MAX_PATH);
	if (id != 264)
		p_u32(a, id == 316 ? (ARG4 & 7) : (ARG4 & 0x1400));
	aux_submit(a);
	return 0;
}

EXIT(fcp_symlinkat_x)
{
	BEGIN(FCP_PPME_SYSCALL_SYMLINKAT_X, 4);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u64(a, (__s64)(int)ARG1);
	p_ustr(a, (void *)ARG2, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

EXIT(fcp_chmod_x)
{
	BEGIN(FCP_PPME_SYSCALL_CHMOD_X, 3);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_u32(a, ARG1 & 07777);
	aux_submit(a);
	return 0;
}

EXIT(fcp_fchmod_x)
{
	BEGIN(FCP_PPME_SYSCALL_FCHMOD_X, 3);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_u32(a, ARG1 & 07777);
	aux_submit(a);
	return 0;
}

EXIT(fcp_fchmodat_x)
{
	BEGIN(FCP_PPME_SYSCALL_FCHMODAT_X, 4);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, ARG2 & 07777);
	aux_submit(a);
	return 0;
}

ENTER(fcp_mount_e)
{
	BEGIN(FCP_PPME_SYSCALL_MOUNT_E, 1);
	__u32 fl = ARG3;
	if ((fl & 0xffff0000) == 0xC0ED0000) /* MS_MGC_VAL */
		fl &= 0xffff;
	p_u32(a, fl);
	aux_submit(a);
	return 0;
}

EXIT(fcp_mount_x)
{
	BEGIN(FCP_PPME_SYSCALL_MOUNT_X, 4);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_ustr(a, (void *)ARG2, 256);
	aux_submit(a);
	return 0;
}

ENTER(fcp_umount2_e)
{
	BEGIN(FCP_PPME_SYSCALL_UMOUNT2_E, 1);
	p_u32(a, ARG1 & 0xf);
	aux_submit(a);
	return 0;
}

EXIT(fcp_umount2_x)
{
	BEGIN(FCP_PPME_SYSCALL_UMOUNT2_X, 2);
	p_u64(a, ret);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

/* ---- modules ---- */

EXIT(fcp_init_module_x)
{
	BEGIN(FCP_PPME_SYSCALL_INIT_MODULE_X, 4);
	p_u64(a, ret);
	p_ubytes(a, (void *)ARG0, ARG1 > FCP_MAX_ARGS - 1 ? FCP_MAX_ARGS - 1 : ARG1);
	p_u64(a, ARG1);
	p_ustr(a, (void *)ARG2, 1024);
	aux_submit(a);
	return 0;
}

EXIT(fcp_finit_module_x)
{
	BEGIN(FCP_PPME_SYSCALL_FINIT_MODULE_X, 4);
	p_u64(a, ret);
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, 1024);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

/* ---- credentials ---- */

ENTER(fcp_setid_e) /* setuid, setgid: one PT_UID/PT_GID */
{
	BEGIN(id == 105 ? FCP_PPME_SYSCALL_SETUID_E : FCP_PPME_SYSCALL_SETGID_E, 1);
	p_u32(a, ARG0);
	aux_submit(a);
	return 0;
}

ENTER(fcp_setresid_e)
{
	BEGIN(id == 117 ? FCP_PPME_SYSCALL_SETRESUID_E : FCP_PPME_SYSCALL_SETRESGID_E, 3);
	p_u32(a, ARG0);
	p_u32(a, ARG1);
	p_u32(a, ARG2);
	aux_submit(a);
	return 0;
}

EXIT(fcp_res_x) /* setuid, setgid, setresuid, setresgid: res */
{
	long id = regs->orig_ax;
	__u32 t = id == 105   ? FCP_PPME_SYSCALL_SETUID_X
	          : id == 106 ? FCP_PPME_SYSCALL_SETGID_X
	          : id == 117 ? FCP_PPME_SYSCALL_SETRESUID_X
	                      : FCP_PPME_SYSCALL_SETRESGID_X;
	BEGIN(t, 1);
	p_u64(a, ret);
	aux_submit(a);
	return 0;
}

static __always_inline __u16 ptrace_req(__u64 r)
{
	switch (r) {
	case 0:
		return 1; /* TRACEME */
	case 1:
		return 2; /* PEEKTEXT */
	case 2:
		return 3; /* PEEKDATA */
	case 3:
		return 4; /* PEEKUSR */
	case 4:
		return 5; /* POKETEXT */
	case 5:
		return 6; /* POKEDATA */
	case 6:
		return 7; /* POKEUSR */
	case 7:
		return 8; /* CONT */
	case 8:
		return 9; /* KILL */
	case 9:
		return 10; /* SINGLESTEP */
	case 16:
		return 11; /* ATTACH */
	case 17:
		return 12; /* DETACH */
	case 24:
		return 13; /* SYSCALL */
	case 0x4200:
		return 14; /* SETOPTIONS */
	case 0x4201:
		return 15;
	case 0x4202:
		return 16;
	case 0x4203:
		return 17;
	case 0x4204:
		return 18;
	case 0x4205:
		return 19;
	case 0x4206:
		return 20; /* SEIZE */
	case 0x4207:
		return 21;
	case 0x4208:
		return 22;
	case 0x4209:
		return 23;
	case 0x420a:
		return 24;
	case 0x420b:
		return 25;
	case 12:
		return 26; /* GETREGS */
	case 13:
		return 27;
	case 14:
		return 28;
	case 15:
		return 29;
	case 18:
		return 30;
	case 19:
		return 31;
	case 21:
		return 32; /* OLDSETOPTIONS */
	case 25:
		return 33;
	case 26:
		return 34;
	case 30:
		return 35; /* ARCH_PRCTL */
	case 31:
		return 36;
	case 32:
		return 37;
	case 33:
		return 38;
	}
	return 0;
}

ENTER(fcp_ptrace_e)
{
	BEGIN(FCP_PPME_SYSCALL_PTRACE_E, 2);
	p_u16(a, ptrace_req(ARG0));
	p_u64(a, (__s64)(int)ARG1);
	aux_submit(a);
	return 0;
}

EXIT(fcp_ptrace_x)
{
	/* res addr data request pid: libsinsp reads evt.arg.* from the exit
	 * event only, so request and pid must be here too. */
	BEGIN(FCP_PPME_SYSCALL_PTRACE_X, 5);
	p_u64(a, ret);
	/* addr, data: PT_DYN with index PPM_PTRACE_IDX_UINT64 (0) + u64. */
	a->data[a->pos & FCP_AUX_MASK] = 0;
	*(__u64 *)&a->data[(a->pos + 1) & FCP_AUX_MASK] = ARG2;
	a->pos += 9;
	put_len(a, 9);
	a->data[a->pos & FCP_AUX_MASK] = 0;
	*(__u64 *)&a->data[(a->pos + 1) & FCP_AUX_MASK] = ARG3;
	a->pos += 9;
	put_len(a, 9);
	p_u16(a, ptrace_req(ARG0));
	p_u64(a, (__s64)(int)ARG1);
	aux_submit(a);
	return 0;
}

/* ---- processes ---- */

ENTER(fcp_execve_e)
{
	BEGIN(FCP_PPME_SYSCALL_EXECVE_19_E, 1);
	p_ustr(a, (void *)ARG0, FCP_MAX_PATH);
	aux_submit(a);
	return 0;
}

ENTER(fcp_execveat_e)
{
	BEGIN(FCP_PPME_SYSCALL_EXECVEAT_E, 3);
	__u32 fl = ARG4, o = 0;
	if (fl & 0x1000)
		o |= 1; /* AT_EMPTY_PATH -> PPM_EXVAT_AT_EMPTY_PATH */
	if (fl & 0x100)
		o |= 2; /* AT_SYMLINK_NOFOLLOW */
	p_u64(a, (__s64)(int)ARG0);
	p_ustr(a, (void *)ARG1, FCP_MAX_PATH);
	p_u32(a, o);
	aux_submit(a);
	return 0;
}

/* argv/envp arrays from user memory, each string NUL-terminated (global function). */
__noinline int fcp_uargv(struct fcp_aux *a, __u64 argvp, int skip_first)
{
	const char *const *argv = (const char *const *)argvp;
	if (!a)
		return 0;
	__u32 start = a->pos;
	if (!argv) {
		p_empty(a);
		return 0;
	}
	for (int i = 0; i < 32; i++) {
		const char *s = NULL;
		if (bpf_probe_read_user(&s, sizeof(s), &argv[i]) || !s)
			break;
		if (i == 0 && skip_first)
			continue;
		if (a->pos - start >= FCP_MAX_ARGS)
			break;
		long k = bpf_probe_read_user_str(&a->data[a->pos & FCP_AUX_MASK], 1024, s);
		if (k <= 0)
			break;
		a->pos += k;
	}
	put_len(a, a->pos - start);
	return 0;
}

/* Parameters 2..14 shared by execve/execveat/clone exits (exe .. comm). */
static __always_inline void p_proc_common(struct fcp_aux *a, struct task_struct *t, long ret,
                                          struct pt_regs *regs, int is_exec)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	if (!is_exec || ret == 0) {
		/* exe and args from the process' memory (arg_start..arg_end). */
		unsigned long as = BPF_CORE_READ(mm, arg_start), ae = BPF_CORE_READ(mm, arg_end);
		long k = 0;
		__u32 start = a->pos;
		if (as && ae > as)
			k = bpf_probe_read_user_str(&a->data[a->pos & FCP_AUX_MASK], FCP_MAX_PATH,
			                            (void *)as);
		if (k > 0) {
			a->pos += k;
			put_len(a, k);
		} else {
			put_len(a, 0);
			k = 0;
		}
		(void)start;
		unsigned long rest = ae > as + k ? ae - as - k : 0;
		p_ubytes(a, (void *)(as + k), rest > FCP_MAX_ARGS - 1 ? FCP_MAX_ARGS - 1 : rest);
	} else {
		const char *const *argv = (const char *const *)ARG1;
		if (regs->orig_ax == 322)
			argv = (const char *const *)ARG2;
		const char *s0 = NULL;
		bpf_probe_read_user(&s0, sizeof(s0), &argv[0]);
		p_ustr(a, s0, FCP_MAX_PATH);
		fcp_uargv(a, (__u64)argv, 1);
	}
	struct task_struct *leader = BPF_CORE_READ(t, group_leader);
	struct task_struct *parent = BPF_CORE_READ(t, real_parent);
	p_u64(a, (__s64)BPF_CORE_READ(t, pid));
	p_u64(a, (__s64)BPF_CORE_READ(t, tgid));
	p_u64(a, (__s64)BPF_CORE_READ(parent, tgid));
	(void)leader;
	/* cwd: a path walk of fs->pwd. */
	struct fs_struct *fs = BPF_CORE_READ(t, fs);
	fcp_dpath(a, (__u64)fs + bpf_core_field_offset(struct fs_struct, pwd));
	p_u64(a, BPF_CORE_READ(t, signal, rlim[7].rlim_cur)); /* RLIMIT_NOFILE */
	p_u64(a, BPF_CORE_READ(t, maj_flt));
	p_u64(a, BPF_CORE_READ(t, min_flt));
	__u32 vsz = 0, rss = 0, swap = 0;
	if (mm) {
		vsz = BPF_CORE_READ(mm, total_vm) << 2; /* pages -> KiB (4 KiB pages) */
		__s64 file = BPF_CORE_READ(mm, rss_stat[0].count);
		__s64 anon = BPF_CORE_READ(mm, rss_stat[1].count);
		__s64 sw = BPF_CORE_READ(mm, rss_stat[2].count);
		__s64 shm = BPF_CORE_READ(mm, rss_stat[3].count);
		__s64 r = file + anon + shm;
		rss = r > 0 ? r << 2 : 0;
		swap = sw > 0 ? sw << 2 : 0;
	}
	p_u32(a, vsz);
	p_u32(a, rss);
	p_u32(a, swap);
	p_kstr(a, t->comm, 16);
}

EXIT(fcp_execve_x)
{
	long id = regs->orig_ax;
	BEGIN(id == 59 ? FCP_PPME_SYSCALL_EXECVE_19_X : FCP_PPME_SYSCALL_EXECVEAT_X, 30);
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	p_u64(a, ret);
	p_proc_common(a, t, ret, regs, 1);
	bpf_tail_call(ctx, &fcp_exit_tab, FCP_MAX_SYSCALLS - 1);
	return 0;
}

/* Second half of execve/execveat exit (tail call slot FCP_MAX_SYSCALLS-1). */
EXIT(fcp_execve_x2)
{
	struct fcp_aux *a = aux_get();
	if (!a)
		return 0;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	fcp_cgroups(a);
	if (ret == 0) {
		unsigned long es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end);
		unsigned long n = ee > es ? ee - es : 0;
		p_ubytes(a, (void *)es, n > FCP_MAX_ARGS - 1 ? FCP_MAX_ARGS - 1 : n);
	} else {
		fcp_uargv(a, regs->orig_ax == 322 ? ARG3 : ARG2, 0);
	}
	/* tty */
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	__u32 ttyv = 0;
	if (tty) {
		int major = BPF_CORE_READ(tty, driver, major);
		int minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
		ttyv = enc_dev(((__u32)major << 20) | (__u32)minor);
	}
	p_u32(a, ttyv);
	struct task_struct *leader = BPF_CORE_READ(t, group_leader);
	struct pid *pgrp = BPF_CORE_READ(leader, signal, pids[2]); /* PIDTYPE_PGID */
	p_u64(a, (__s64)pid_vnr(pgrp));                            /* vpgid */
	p_u32(a, BPF_CORE_READ(t, loginuid.val));
	/* flags: PPM_EXE_FROM_MEMFD when the executable is a memfd. */
	struct file *exe = BPF_CORE_READ(mm, exe_file);
	struct inode *ino = BPF_CORE_READ(exe, f_inode);
	__u32 flags = 0;
	char nm[8] = {};
	bpf_probe_read_kernel_str(nm, sizeof(nm), BPF_CORE_READ(exe, f_path.dentry, d_name.name));
	if (nm[0] == 'm' && nm[1] == 'e' && nm[2] == 'm' && nm[3] == 'f' && nm[4] == 'd' &&
	    nm[5] == ':')
		flags |= 1 << 2;
	p_u32(a, flags);
	const struct cred *cred = BPF_CORE_READ(t, cred);
	__u64 c = 0;
	bpf_probe_read_kernel(&c, 8,
	                      (void *)cred + bpf_core_field_offset(struct cred, cap_inheritable));
	p_u64(a, c);
	bpf_probe_read_kernel(&c, 8,
	                      (void *)cred + bpf_core_field_offset(struct cred, cap_permitted));
	p_u64(a, c);
	bpf_probe_read_kernel(&c, 8,
	                      (void *)cred + bpf_core_field_offset(struct cred, cap_effective));
	p_u64(a, c);
	p_u64(a, BPF_CORE_READ(ino, i_ino));
	__u64 ct = 0, mt = 0;
	if (bpf_core_field_exists(struct inode, i_ctime_sec)) {
		ct = BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ull +
		     BPF_CORE_READ(ino, i_ctime_nsec);
		mt = BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ull +
		     BPF_CORE_READ(ino, i_mtime_nsec);
	} else {
		struct inode___v66 *o = (void *)ino;
		ct = BPF_CORE_READ(o, __i_ctime.tv_sec) * 1000000000ull +
		     BPF_CORE_READ(o, __i_ctime.tv_nsec);
		mt = BPF_CORE_READ(o, i_mtime.tv_sec) * 1000000000ull +
		     BPF_CORE_READ(o, i_mtime.tv_nsec);
	}
	p_u64(a, ct);
	p_u64(a, mt);
	p_u32(a, BPF_CORE_READ(cred, euid.val));
	if (exe)
		fcp_dpath(a, (__u64)exe + bpf_core_field_offset(struct file, f_path));
	else
		p_empty(a);
	p_u64(a, (__s64)BPF_CORE_READ(leader, tgid) == 0 ? 0 : (__s64)pid_vnr(pgrp)); /* pgid */
	p_u32(a, BPF_CORE_READ(cred, egid.val));
	aux_submit(a);
	return 0;
}

EXIT(fcp_clone_x)
{
	long id = regs->orig_ax;
	__u32 t = id == 56   ? FCP_PPME_SYSCALL_CLONE_20_X
	          : id == 57 ? FCP_PPME_SYSCALL_FORK_20_X
	          : id == 58 ? FCP_PPME_SYSCALL_VFORK_20_X
	                     : FCP_PPME_SYSCALL_CLONE3_X;
	BEGIN(t, 21);
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	p_u64(a, ret);
	p_proc_common(a, task, ret, regs, 0);
	fcp_cgroups(a);
	__u64 fl = 0;
	if (id == 56)
		fl = ARG0;
	else if (id == 58)
		fl = 0x4000 | 0x100; /* CLONE_VFORK | CLONE_VM */
	else if (id == 435)
		bpf_probe_read_user(&fl, sizeof(fl), (void *)ARG0);
	__u32 pf = clone_flags(fl);
	struct pid *tp = BPF_CORE_READ(task, thread_pid);
	__u32 level = BPF_CORE_READ(tp, level);
	if (ret == 0 && level > 0)
		pf |= 1 << 29; /* PPM_CL_CHILD_IN_PIDNS */
	p_u32(a, pf);
	const struct cred *cred = BPF_CORE_READ(task, cred);
	p_u32(a, BPF_CORE_READ(cred, euid.val));
	p_u32(a, BPF_CORE_READ(cred, egid.val));
	p_u64(a, (__s64)pid_vnr(tp));
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	p_u64(a, (__s64)pid_vnr(BPF_CORE_READ(leader, thread_pid)));
	__u64 ts = 0;
	if (level > 0) {
		struct upid u = {};
		__u64 off = bpf_core_field_offset(struct pid, numbers) +
		            (__u64)(level & 31) * bpf_core_type_size(struct upid);
		bpf_probe_read_kernel(&u, sizeof(u), (void *)tp + off);
		struct task_struct *reaper = BPF_CORE_READ(u.ns, child_reaper);
		if (reaper)
			ts = fcp_boot_ns + BPF_CORE_READ(reaper, start_boottime);
	}
	p_u64(a, ts);
	aux_submit(a);
	return 0;
}

/* procexit from the sched_process_exit tracepoint (per thread). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(fcp_sched_exit, struct task_struct *p)
{
	if (!fcp_procexit || skip_self())
		return 0;
	BEGIN(FCP_PPME_PROCEXIT_1_E, 5);
	struct task_struct *t = (struct task_struct *)bpf_get_current_task_btf();
	__s32 code = BPF_CORE_READ(t, exit_code);
	p_u64(a, (__s64)code);
	p_u64(a, (__s64)((code >> 8) & 0xff));
	p_u8(a, code & 0x7f);
	p_u8(a, (code & 0x80) ? 1 : 0);
	/* reaper: 0 = unknown, the consumer falls back to its own reparenting. */
	p_u64(a, 0);
	aux_submit(a);
	return 0;
}
