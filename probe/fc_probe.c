/* SPDX-License-Identifier: Apache-2.0 */
/* Loader of the CO-RE probe: opens the skeleton, sizes the maps, loads only the
 * programs of the interest set, fills the tail-call tables and attaches. */
#include "fc_probe.h"
#include "fc_probe_shared.h"
#include "falcocore.skel.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

struct fcp_probe {
	struct fcp_bpf *skel;
	struct ring_buffer *rb;
	int (*cb)(const void *, size_t, void *);
	void *user;
	uint64_t dropped_user;
	int ncpus;
};

/* One row per syscall: its handlers and the events they emit. */
struct fcp_sys {
	int nr;
	const char *enter, *exit;
	uint16_t ev_e, ev_x;
	const char *name;
	bool io;
};

#define EXECVE_TAIL_SLOT (FCP_MAX_SYSCALLS - 1)

static const struct fcp_sys fcp_systab[] = {
        {SYS_open, "fcp_open_e", "fcp_open_x", 2, 3, "open", false},
        {SYS_creat, "fcp_creat_e", "fcp_creat_x", 58, 59, "creat", false},
        {SYS_openat, "fcp_openat_e", "fcp_openat_x", 306, 307, "openat", false},
        {SYS_openat2, "fcp_openat2_e", "fcp_openat2_x", 326, 327, "openat2", false},
        {SYS_close, "fcp_fd_e", "fcp_close_x", 4, 5, "close", false},
        {SYS_dup, "fcp_fd_e", "fcp_dup_x", 366, 367, "dup", false},
        {SYS_dup2, "fcp_fd_e", "fcp_dup_x", 362, 363, "dup2", false},
        {SYS_dup3, "fcp_fd_e", "fcp_dup_x", 364, 365, "dup3", false},
        {SYS_fchdir, "fcp_fd_e", "fcp_fchdir_x", 96, 97, "fchdir", false},
        {SYS_chdir, "fcp_chdir_e", "fcp_chdir_x", 94, 95, "chdir", false},
        {SYS_socket, "fcp_socket_e", "fcp_socket_x", 18, 19, "socket", false},
        {SYS_connect, "fcp_connect_e", "fcp_connect_x", 22, 23, "connect", false},
        {SYS_bind, "fcp_bind_e", "fcp_bind_x", 20, 21, "bind", false},
        {SYS_listen, "fcp_listen_e", "fcp_listen_x", 24, 25, "listen", false},
        {SYS_accept, "fcp_accept_e", "fcp_accept_x", 246, 247, "accept", false},
        {SYS_accept4, "fcp_accept4_e", "fcp_accept_x", 388, 389, "accept4", false},
        {SYS_sendto, "fcp_sendto_e", "fcp_sendto_x", 30, 31, "sendto", true},
        {SYS_recvfrom, "fcp_recvfrom_e", "fcp_recvfrom_x", 34, 35, "recvfrom", true},
        {SYS_read, "fcp_rw_e", "fcp_rw_x", 6, 7, "read", true},
        {SYS_write, "fcp_rw_e", "fcp_rw_x", 8, 9, "write", true},
        {SYS_pipe, "fcp_pipe_e", "fcp_pipe_x", 60, 61, "pipe", false},
        {SYS_pipe2, "fcp_pipe2_e", "fcp_pipe_x", 392, 393, "pipe2", false},
        {SYS_memfd_create, "fcp_memfd_e", "fcp_memfd_x", 404, 405, "memfd_create", false},
        {SYS_mkdir, "fcp_mkdir_e", "fcp_mkdir_x", 276, 277, "mkdir", false},
        {SYS_rmdir, "fcp_rmdir_e", "fcp_path1_x", 278, 279, "rmdir", false},
        {SYS_unlink, "fcp_unlink_e", "fcp_path1_x", 300, 301, "unlink", false},
        {SYS_mkdirat, "fcp_mkdirat_e", "fcp_mkdirat_x", 304, 305, "mkdirat", false},
        {SYS_unlinkat, "fcp_unlinkat_e", "fcp_unlinkat_x", 302, 303, "unlinkat", false},
        {SYS_rename, "fcp_rename_e", "fcp_path2_x", 174, 175, "rename", false},
        {SYS_link, "fcp_link_e", "fcp_path2_x", 308, 309, "link", false},
        {SYS_symlink, "fcp_symlink_e", "fcp_path2_x", 178, 179, "symlink", false},
        {SYS_renameat, "fcp_renameat_e", "fcp_renameat_x", 176, 177, "renameat", false},
        {SYS_renameat2, "fcp_renameat2_e", "fcp_renameat_x", 318, 319, "renameat2", false},
        {SYS_linkat, "fcp_linkat_e", "fcp_renameat_x", 310, 311, "linkat", false},
        {SYS_symlinkat, "fcp_symlinkat_e", "fcp_symlinkat_x", 180, 181, "symlinkat", false},
        {SYS_chmod, "fcp_chmod_e", "fcp_chmod_x", 314, 315, "chmod", false},
        {SYS_fchmod, "fcp_fchmod_e", "fcp_fchmod_x", 316, 317, "fchmod", false},
        {SYS_fchmodat, "fcp_fchmodat_e", "fcp_fchmodat_x", 312, 313, "fchmodat", false},
        {SYS_mount, "fcp_mount_e", "fcp_mount_x", 256, 257, "mount", false},
        {SYS_umount2, "fcp_umount2_e", "fcp_umount2_x", 390, 391, "umount2", false},
        {SYS_init_module, "fcp_init_module_e", "fcp_init_module_x", 410, 411, "init_module", false},
        {SYS_finit_module, "fcp_finit_module_e", "fcp_finit_module_x", 412, 413, "finit_module",
         false},
        {SYS_setuid, "fcp_setid_e", "fcp_res_x", 198, 199, "setuid", false},
        {SYS_setgid, "fcp_setid_e", "fcp_res_x", 200, 201, "setgid", false},
        {SYS_setresuid, "fcp_setresid_e", "fcp_res_x", 192, 193, "setresuid", false},
        {SYS_setresgid, "fcp_setresid_e", "fcp_res_x", 194, 195, "setresgid", false},
        {SYS_ptrace, "fcp_ptrace_e", "fcp_ptrace_x", 168, 169, "ptrace", false},
        {SYS_execve, "fcp_execve_e", "fcp_execve_x", 292, 293, "execve", false},
        {SYS_execveat, "fcp_execveat_e", "fcp_execve_x", 330, 331, "execveat", false},
        {SYS_clone, "fcp_clone_e", "fcp_clone_x", 222, 223, "clone", false},
        {SYS_fork, "fcp_fork_e", "fcp_clone_x", 224, 225, "fork", false},
        {SYS_vfork, "fcp_vfork_e", "fcp_clone_x", 226, 227, "vfork", false},
        {SYS_clone3, "fcp_clone3_e", "fcp_clone_x", 334, 335, "clone3", false},
};

#define NSYS (sizeof(fcp_systab) / sizeof(fcp_systab[0]))

static bool bit(const fcp_opts *o, unsigned code)
{
	if (!o->interest)
		return true;
	if (code >= o->interest_codes)
		return false;
	return (o->interest[code / 8] >> (code % 8)) & 1;
}

size_t fcp_probe_all_events(uint8_t *bm, size_t bmbytes)
{
	memset(bm, 0, bmbytes);
	size_t n = bmbytes * 8 < FCP_PPME_EVENT_MAX ? bmbytes * 8 : FCP_PPME_EVENT_MAX;
	for (size_t i = 0; i < NSYS; i++) {
		if (fcp_systab[i].ev_e < n)
			bm[fcp_systab[i].ev_e / 8] |= 1u << (fcp_systab[i].ev_e % 8);
		if (fcp_systab[i].ev_x < n)
			bm[fcp_systab[i].ev_x / 8] |= 1u << (fcp_systab[i].ev_x % 8);
	}
	if (FCP_PPME_PROCEXIT_1_E < n)
		bm[FCP_PPME_PROCEXIT_1_E / 8] |= 1u << (FCP_PPME_PROCEXIT_1_E % 8);
	return n;
}

const char *fcp_probe_event_name(uint16_t type)
{
	if (type == FCP_PPME_PROCEXIT_1_E)
		return "procexit";
	for (size_t i = 0; i < NSYS; i++)
		if (fcp_systab[i].ev_e == type || fcp_systab[i].ev_x == type)
			return fcp_systab[i].name;
	return NULL;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !getenv("FC_PROBE_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static const char replay_hint[] = "; replay a capture instead: falcocore -e FILE";

static int explain(int rc, const char *what, char *err, size_t errlen)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		errf(err, errlen,
		     "live probe: %s failed: the kernel has no BTF (/sys/kernel/btf/vmlinux; "
		     "needs CONFIG_DEBUG_INFO_BTF)%s",
		     what, replay_hint);
	else if (rc == -EPERM || rc == -EACCES)
		errf(err, errlen,
		     "live probe: %s failed: permission denied: run as root or with "
		     "CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE%s",
		     what, replay_hint);
	else if (rc == -EINVAL || rc == -ENOTSUP || rc == -EOPNOTSUPP || rc == -ENOENT ||
	         rc == -E2BIG)
		errf(err, errlen,
		     "live probe: %s failed (%s): the kernel is too old or lacks BPF features "
		     "(needs >= 5.8: BTF tracepoints and BPF ring buffer); set FC_PROBE_DEBUG=1 "
		     "for the verifier log%s",
		     what, strerror(-rc), replay_hint);
	else
		errf(err, errlen, "live probe: %s failed: %s%s", what, strerror(-rc), replay_hint);
	return rc;
}

static int rb_sample(void *ctx, void *data, size_t size)
{
	struct fcp_probe *p = ctx;
	const unsigned char *d = data;
	uint32_t len;
	if (size < 26) {
		p->dropped_user++;
		return 0;
	}
	memcpy(&len, d + 16, sizeof(len));
	if (len != size) {
		p->dropped_user++;
		return 0;
	}
	return p->cb ? p->cb(data, size, p->user) : 0;
}

static uint64_t ts_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static size_t pow2_at_least(size_t n)
{
	size_t p = 4096;
	while (p < n && p < ((size_t)1 << 30))
		p <<= 1;
	return p;
}

static bool wanted_prog(const char *name, const bool *need_e, const bool *need_x, bool procexit)
{
	if (!strcmp(name, "fcp_sys_enter") || !strcmp(name, "fcp_sys_exit"))
		return true;
	if (!strcmp(name, "fcp_sched_exit"))
		return procexit;
	if (!strcmp(name, "fcp_execve_x2"))
		return need_x[SYS_execve] || need_x[SYS_execveat];
	for (size_t i = 0; i < NSYS; i++) {
		if (need_e[fcp_systab[i].nr] && !strcmp(name, fcp_systab[i].enter))
			return true;
		if (need_x[fcp_systab[i].nr] && !strcmp(name, fcp_systab[i].exit))
			return true;
	}
	return false;
}

int fcp_probe_open(const fcp_opts *o, fcp_probe **out, char *err, size_t errlen)
{
	static const fcp_opts defaults = {0};
	bool need_e[FCP_MAX_SYSCALLS] = {false}, need_x[FCP_MAX_SYSCALLS] = {false};
	struct bpf_program *prog;
	int rc;

	*out = NULL;
	if (!o)
		o = &defaults;
	for (size_t i = 0; i < NSYS; i++) {
		const struct fcp_sys *s = &fcp_systab[i];
		if (s->io && !o->capture_io)
			continue;
		need_e[s->nr] = bit(o, s->ev_e);
		need_x[s->nr] = bit(o, s->ev_x);
	}
	bool procexit = bit(o, FCP_PPME_PROCEXIT_1_E);

	libbpf_set_print(quiet_print);
	struct fcp_probe *p = calloc(1, sizeof(*p));
	if (!p) {
		errf(err, errlen, "live probe: out of memory");
		return -ENOMEM;
	}
	p->skel = fcp_bpf__open();
	if (!p->skel) {
		rc = -errno;
		explain(rc, "opening the BPF object", err, errlen);
		goto fail;
	}
	p->ncpus = libbpf_num_possible_cpus();
	if (p->ncpus <= 0) {
		rc = p->ncpus ? p->ncpus : -EINVAL;
		explain(rc, "counting CPUs", err, errlen);
		goto fail;
	}
	p->skel->rodata->fcp_own_tgid = (uint32_t)getpid();
	p->skel->rodata->fcp_boot_ns = ts_ns(CLOCK_REALTIME) - ts_ns(CLOCK_BOOTTIME);
	p->skel->rodata->fcp_procexit = procexit;
	bpf_map__set_max_entries(p->skel->maps.fcp_auxmap, (uint32_t)p->ncpus);
	bpf_map__set_max_entries(
	        p->skel->maps.fcp_rb,
	        (uint32_t)pow2_at_least(o->ringbuf_bytes ? o->ringbuf_bytes : 8u << 20));
	bpf_object__for_each_program(prog, p->skel->obj)
	{
		const char *name = bpf_program__name(prog);
		bool w = wanted_prog(name, need_e, need_x, procexit);
		bpf_program__set_autoload(prog, w);
		bpf_program__set_autoattach(prog, w && (!strcmp(name, "fcp_sys_enter") ||
		                                        !strcmp(name, "fcp_sys_exit") ||
		                                        !strcmp(name, "fcp_sched_exit")));
	}
	rc = fcp_bpf__load(p->skel);
	if (rc) {
		explain(rc < 0 ? rc : -rc, "loading the BPF programs", err, errlen);
		goto fail;
	}
	int efd = bpf_map__fd(p->skel->maps.fcp_enter_tab);
	int xfd = bpf_map__fd(p->skel->maps.fcp_exit_tab);
	for (size_t i = 0; i < NSYS; i++) {
		const struct fcp_sys *s = &fcp_systab[i];
		uint32_t key = (uint32_t)s->nr;
		uint8_t in = 0;
		if (need_e[s->nr]) {
			int fd = bpf_program__fd(
			        bpf_object__find_program_by_name(p->skel->obj, s->enter));
			if (fd >= 0 && bpf_map_update_elem(efd, &key, &fd, BPF_ANY) == 0)
				in |= FCP_INTEREST_ENTER;
		}
		if (need_x[s->nr]) {
			int fd = bpf_program__fd(
			        bpf_object__find_program_by_name(p->skel->obj, s->exit));
			if (fd >= 0 && bpf_map_update_elem(xfd, &key, &fd, BPF_ANY) == 0)
				in |= FCP_INTEREST_EXIT;
		}
		p->skel->bss->fcp_interest[s->nr] = in;
	}
	if (need_x[SYS_execve] || need_x[SYS_execveat]) {
		uint32_t key = EXECVE_TAIL_SLOT;
		int fd = bpf_program__fd(p->skel->progs.fcp_execve_x2);
		if (bpf_map_update_elem(xfd, &key, &fd, BPF_ANY) != 0) {
			rc = -errno;
			explain(rc, "filling the tail-call table", err, errlen);
			goto fail;
		}
	}
	p->rb = ring_buffer__new(bpf_map__fd(p->skel->maps.fcp_rb), rb_sample, p, NULL);
	if (!p->rb) {
		rc = -errno;
		explain(rc, "mapping the ring buffer", err, errlen);
		goto fail;
	}
	rc = fcp_bpf__attach(p->skel);
	if (rc) {
		explain(rc < 0 ? rc : -rc, "attaching to the syscall tracepoints", err, errlen);
		goto fail;
	}
	*out = p;
	return 0;
fail:
	fcp_probe_close(p);
	return rc < 0 ? rc : -EINVAL;
}

int fcp_probe_poll(fcp_probe *p, int timeout_ms, int (*cb)(const void *rec, size_t len, void *user),
                   void *user)
{
	if (!p)
		return -EINVAL;
	p->cb = cb;
	p->user = user;
	uint64_t deadline =
	        ts_ns(CLOCK_MONOTONIC) + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000ull;
	long backoff_us = 500;
	for (;;) {
		int n = ring_buffer__consume(p->rb);
		if (n != 0)
			return n;
		uint64_t now = ts_ns(CLOCK_MONOTONIC);
		if (now >= deadline)
			return 0;
		uint64_t left_us = (deadline - now) / 1000;
		long sl = backoff_us < (long)left_us ? backoff_us : (long)left_us;
		struct timespec ts = {sl / 1000000, (sl % 1000000) * 1000};
		nanosleep(&ts, NULL);
		if (backoff_us < 30000)
			backoff_us *= 2;
	}
}

void fcp_probe_get_stats(const fcp_probe *p, fcp_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (!p || !p->skel)
		return;
	struct fcp_kstats *v = calloc((size_t)p->ncpus, sizeof(*v));
	uint32_t zero = 0;
	if (v && bpf_map_lookup_elem(bpf_map__fd(p->skel->maps.fcp_stats), &zero, v) == 0) {
		for (int i = 0; i < p->ncpus; i++) {
			out->captured += v[i].n_evts;
			out->dropped_kernel += v[i].n_drops;
			out->dropped_kernel += v[i].n_toobig;
			out->syscalls_seen += v[i].n_seen;
		}
	}
	free(v);
	out->dropped_user += p->dropped_user;
}

void fcp_probe_close(fcp_probe *p)
{
	if (!p)
		return;
	ring_buffer__free(p->rb);
	fcp_bpf__destroy(p->skel);
	free(p);
}
