/* SPDX-License-Identifier: Apache-2.0 */
/* The syscall source: decodes scap events, keeps thread and fd state the way
 * libsinsp's parsers do (clone/execve/procexit, open/close/dup, sockets,
 * chdir, set*id), and exposes the state to the field extractors (fields.c).
 * Capture files are read elsewhere (scap area) and feed the initial state
 * through fci_syscall_source_sink(). */
#include "state.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/* PPM flag bits used here (libscap's values). */
#define PPM_O_WRONLY        (1u << 1)
#define PPM_O_RDONLY        (1u << 0)
#define PPM_O_CREAT         (1u << 2)
#define PPM_O_DIRECTORY     (1u << 10)
#define PPM_O_CLOEXEC       (1u << 12)
#define PPM_CL_CLONE_FILES  (1u << 0)
#define PPM_CL_CLONE_THREAD (1u << 13)
#define PPM_EXE_WRITABLE    (1u << 0)
#define PPM_EXE_UPPER_LAYER (1u << 1)
#define PPM_EXE_FROM_MEMFD  (1u << 2)
#define PPM_EXE_LOWER_LAYER (1u << 3)
#define PPM_AT_FDCWD        (-100)
#define PPM_AF_UNIX         1
#define PPM_AF_INET         2
#define PPM_AF_INET6        10
#define PPM_AF_NETLINK      16
#define SE_EINPROGRESS      115

static const char *const provides[] = {"container@0.4.0", NULL};

/* ---- paths ---- */

/* An absolute path with nothing to normalise: no "//", "." or ".." component. */
static bool clean_abs(const char *rel, size_t rlen)
{
	size_t i;

	if (rlen == 0 || rel[0] != '/')
		return false;
	for (i = 0; i < rlen; i++) {
		size_t k;

		if (rel[i] != '/')
			continue;
		if (i + 1 < rlen && rel[i + 1] == '/')
			return false;
		for (k = i + 1; k < rlen && k < i + 3 && rel[k] == '.'; k++)
			;
		if (k > i + 1 && (k == rlen || rel[k] == '/'))
			return false; /* "/." or "/.." component */
	}
	return memchr(rel, '\0', rlen) == NULL;
}

char *fci_path_join(const char *base, const char *rel, size_t rlen)
{
	fci_buf b;
	size_t i, start;

	if (clean_abs(rel, rlen)) {
		/* the common case (opens of absolute paths): one copy */
		size_t n = rlen > 1 && rel[rlen - 1] == '/' ? rlen - 1 : rlen;
		char *p = fci_malloc(n + 1);

		if (p) {
			memcpy(p, rel, n);
			p[n] = '\0';
		}
		return p;
	}
	fci_buf_init(&b);
	if (!(rlen > 0 && rel[0] == '/') && base)
		fci_buf_adds(&b, base);
	if (b.len == 0 || b.p[b.len - 1] != '/')
		fci_buf_addc(&b, '/');
	/* walk the components of rel, applying "." and ".." */
	i = 0;
	while (i < rlen) {
		while (i < rlen && rel[i] == '/')
			i++;
		start = i;
		while (i < rlen && rel[i] != '/')
			i++;
		if (i == start)
			break;
		if (i - start == 1 && rel[start] == '.')
			continue;
		if (i - start == 2 && rel[start] == '.' && rel[start + 1] == '.') {
			/* drop the last component of b (b ends with '/') */
			if (b.len > 1) {
				b.len--;
				while (b.len > 0 && b.p[b.len - 1] != '/')
					b.len--;
				b.p[b.len] = '\0';
			}
			continue;
		}
		fci_buf_add(&b, rel + start, i - start);
		fci_buf_addc(&b, '/');
	}
	/* no trailing slash unless the result is "/" */
	if (b.len > 1 && b.p[b.len - 1] == '/' && !(rlen > 0 && rel[rlen - 1] == '/' && false)) {
		b.len--;
		b.p[b.len] = '\0';
	}
	if (b.oom) {
		fci_buf_free(&b);
		return NULL;
	}
	return fci_buf_steal(&b);
}

/* Same, into the per-event arena. */
static const char *ev_path_join(fc_syscall_source *src, const char *base, const char *rel,
                                size_t rlen)
{
	char *p = fci_path_join(base, rel, rlen);
	const char *r;

	if (!p)
		return NULL;
	r = fci_arena_strdup(&src->ev_arena, p);
	fci_free(p);
	return r;
}

/* ---- parameter access: exit event first, then the paired enter event ---- */

static int arg_index(const fci_sevt *e, const char *name)
{
	return e ? fci_sevt_param_index(e, name) : -1;
}

static bool arg_i64(const fci_sysevt *ev, const char *name, int64_t *v)
{
	int i = arg_index(&ev->e, name);

	if (i >= 0 && fci_sevt_int(&ev->e, (unsigned)i, v) == FC_OK)
		return true;
	i = arg_index(ev->enter, name);
	return i >= 0 && fci_sevt_int(ev->enter, (unsigned)i, v) == FC_OK;
}

static bool arg_u64(const fci_sysevt *ev, const char *name, uint64_t *v)
{
	int i = arg_index(&ev->e, name);

	if (i >= 0 && fci_sevt_uint(&ev->e, (unsigned)i, v) == FC_OK)
		return true;
	i = arg_index(ev->enter, name);
	return i >= 0 && fci_sevt_uint(ev->enter, (unsigned)i, v) == FC_OK;
}

static bool arg_str(const fci_sysevt *ev, const char *name, const char **s, size_t *n)
{
	int i = arg_index(&ev->e, name);

	if (i >= 0 && fci_sevt_str(&ev->e, (unsigned)i, s, n) == FC_OK)
		return true;
	i = arg_index(ev->enter, name);
	return i >= 0 && fci_sevt_str(ev->enter, (unsigned)i, s, n) == FC_OK;
}

static bool arg_bytes(const fci_sysevt *ev, const char *name, const uint8_t **b, size_t *n)
{
	int i = arg_index(&ev->e, name);

	if (i >= 0 && fci_sevt_bytes(&ev->e, (unsigned)i, b, n) == FC_OK)
		return true;
	i = arg_index(ev->enter, name);
	return i >= 0 && fci_sevt_bytes(ev->enter, (unsigned)i, b, n) == FC_OK;
}

/* Return value of the exit event: "res", or the created fd/pid. */
static bool ev_res(const fci_sysevt *ev, int64_t *v)
{
	int i = ev->ti ? ev->ti->res_param : arg_index(&ev->e, "res");

	if (i >= 0)
		return fci_sevt_int(&ev->e, (unsigned)i, v) == FC_OK;
	if (ev->e.nparams > 0 && ev->e.info && ev->e.info->nparams > 0 &&
	    (ev->e.info->params[0].type == FCI_PT_FD || ev->e.info->params[0].type == FCI_PT_PID ||
	     ev->e.info->params[0].type == FCI_PT_ERRNO))
		return fci_sevt_int(&ev->e, 0, v) == FC_OK;
	return false;
}

/* ---- type table ---- */

static const struct {
	const char *name;
	uint8_t action;
} action_names[] = {
        {"open", FCI_A_OPEN},
        {"openat", FCI_A_OPEN},
        {"openat2", FCI_A_OPEN},
        {"creat", FCI_A_OPEN},
        {"open_by_handle_at", FCI_A_OPEN},
        {"close", FCI_A_CLOSE},
        {"socket", FCI_A_SOCKET},
        {"connect", FCI_A_CONNECT},
        {"accept", FCI_A_ACCEPT},
        {"accept4", FCI_A_ACCEPT},
        {"bind", FCI_A_BIND},
        {"listen", FCI_A_LISTEN},
        {"dup", FCI_A_DUP},
        {"dup2", FCI_A_DUP},
        {"dup3", FCI_A_DUP},
        {"fcntl", FCI_A_FCNTL},
        {"pipe", FCI_A_PIPE},
        {"pipe2", FCI_A_PIPE},
        {"eventfd", FCI_A_EVENTFD},
        {"eventfd2", FCI_A_EVENTFD},
        {"signalfd", FCI_A_SIGNALFD},
        {"signalfd4", FCI_A_SIGNALFD},
        {"timerfd_create", FCI_A_TIMERFD},
        {"inotify_init", FCI_A_INOTIFY},
        {"inotify_init1", FCI_A_INOTIFY},
        {"epoll_create", FCI_A_EPOLL},
        {"epoll_create1", FCI_A_EPOLL},
        {"userfaultfd", FCI_A_USERFAULTFD},
        {"memfd_create", FCI_A_MEMFD},
        {"pidfd_open", FCI_A_PIDFD},
        {"pidfd_getfd", FCI_A_PIDFD},
        {"bpf", FCI_A_BPF},
        {"io_uring_setup", FCI_A_IOURING},
        {"socketpair", FCI_A_SOCKETPAIR},
        {"clone", FCI_A_CLONE},
        {"fork", FCI_A_CLONE},
        {"vfork", FCI_A_CLONE},
        {"clone3", FCI_A_CLONE},
        {"execve", FCI_A_EXECVE},
        {"execveat", FCI_A_EXECVE},
        {"chdir", FCI_A_CHDIR},
        {"fchdir", FCI_A_FCHDIR},
        {"setuid", FCI_A_SETUID},
        {"setresuid", FCI_A_SETUID},
        {"setreuid", FCI_A_SETUID},
        {"setgid", FCI_A_SETGID},
        {"setresgid", FCI_A_SETGID},
        {"setregid", FCI_A_SETGID},
        {"setsid", FCI_A_SETSID},
        {"setpgid", FCI_A_SETPGID},
        {"capset", FCI_A_CAPSET},
        {"rename", FCI_A_FSPATH},
        {"renameat", FCI_A_FSPATH},
        {"renameat2", FCI_A_FSPATH},
        {"link", FCI_A_FSPATH},
        {"linkat", FCI_A_FSPATH},
        {"symlink", FCI_A_FSPATH},
        {"symlinkat", FCI_A_FSPATH},
        {"mkdir", FCI_A_FSPATH},
        {"mkdirat", FCI_A_FSPATH},
        {"rmdir", FCI_A_FSPATH},
        {"unlink", FCI_A_FSPATH},
        {"unlinkat", FCI_A_FSPATH},
        {"chroot", FCI_A_CHROOT},
};

static int param_named(const fci_event_info *info, const char *name, int type)
{
	uint16_t i;

	for (i = 0; i < info->nparams; i++)
		if (strcmp(info->params[i].name, name) == 0 &&
		    (type < 0 || info->params[i].type == type))
			return i;
	return -1;
}

static int build_types(fc_syscall_source *src)
{
	uint32_t i, k;

	src->n_codes = FCI_EVENT_MAX;
	src->tinfo = fci_calloc(src->n_codes, sizeof(*src->tinfo));
	src->code_names = fci_calloc(src->n_codes, sizeof(*src->code_names));
	if (!src->tinfo || !src->code_names)
		return FC_ENOMEM;
	fci_event_code_names(src->code_names, src->n_codes);
	/* Current drivers send exit events only (falco-features.md: the enter
	 * event drop), so `evt.type = openat` must not select the enter events
	 * our probe still sends for state: an enter code keeps its name only
	 * when no exit code has it (procexit and other enter-only events). */
	for (i = 0; i < src->n_codes; i++) {
		const fci_event_info *info = fci_event_info_get((uint16_t)i);

		if (!src->code_names[i] || !info || info->dir != '>')
			continue;
		for (k = 0; k < src->n_codes; k++) {
			const fci_event_info *x = fci_event_info_get((uint16_t)k);

			if (k != i && src->code_names[k] && x && x->dir == '<' &&
			    strcmp(src->code_names[k], src->code_names[i]) == 0) {
				src->code_names[i] = NULL;
				break;
			}
		}
	}
	for (i = 0; i < src->n_codes; i++) {
		const fci_event_info *info = fci_event_info_get((uint16_t)i);
		fci_type_info *t = &src->tinfo[i];

		t->fd_param = t->res_param = t->name_param = t->flags_param = t->dirfd_param = -1;
		t->dev_param = t->ino_param = -1;
		if (!info || !info->name)
			continue;
		t->exit = info->dir == '<';
		t->fd_param = (int8_t)param_named(info, "fd", FCI_PT_FD);
		t->res_param = (int8_t)param_named(info, "res", -1);
		t->name_param = (int8_t)param_named(info, "name", -1);
		t->flags_param = (int8_t)param_named(info, "flags", -1);
		t->dirfd_param = (int8_t)param_named(info, "dirfd", -1);
		t->dev_param = (int8_t)param_named(info, "dev", -1);
		t->ino_param = (int8_t)param_named(info, "ino", -1);
		if (strcmp(info->name, "procexit") == 0 && !t->exit) {
			t->action = FCI_A_PROCEXIT;
			continue;
		}
		for (k = 0; k < FCI_ARRAY_LEN(action_names); k++)
			if (strcmp(info->name, action_names[k].name) == 0) {
				if (t->exit)
					t->action = action_names[k].action;
				t->is_open = action_names[k].action == FCI_A_OPEN;
				break;
			}
	}
	return FC_OK;
}

/* ---- threads ---- */

fci_thread *fci_src_thread_new(fc_syscall_source *src, int64_t tid)
{
	return fci_thread_add(&src->threads, tid, src->cur.e.ts, src->cur.th);
}

/* Copies the process-level attributes of parent into child (clone). */
static int inherit(fci_thread *child, const fci_thread *parent)
{
	int rc = FC_OK;

	if (parent->comm)
		FCI_TRY(fci_setstr(&child->comm, parent->comm, strlen(parent->comm)));
	if (parent->exe)
		FCI_TRY(fci_setstr(&child->exe, parent->exe, strlen(parent->exe)));
	if (parent->exepath)
		FCI_TRY(fci_setstr(&child->exepath, parent->exepath, strlen(parent->exepath)));
	if (parent->cwd)
		FCI_TRY(fci_setstr(&child->cwd, parent->cwd, strlen(parent->cwd)));
	if (parent->args)
		FCI_TRY(fci_setbuf(&child->args, &child->args_len, parent->args, parent->args_len));
	if (parent->env)
		FCI_TRY(fci_setbuf(&child->env, &child->env_len, parent->env, parent->env_len));
	if (parent->cgroups)
		FCI_TRY(fci_setbuf(&child->cgroups, &child->cgroups_len, parent->cgroups,
		                   parent->cgroups_len));
	child->uid = parent->uid;
	child->gid = parent->gid;
	child->loginuid = parent->loginuid;
	child->tty = parent->tty;
	child->sid = parent->sid;
	child->vpgid = parent->vpgid;
	child->pgid = parent->pgid;
	child->cap_inh = parent->cap_inh;
	child->cap_prm = parent->cap_prm;
	child->cap_eff = parent->cap_eff;
	child->exe_ino = parent->exe_ino;
	child->exe_ino_ctime = parent->exe_ino_ctime;
	child->exe_ino_mtime = parent->exe_ino_mtime;
	child->fdlimit = parent->fdlimit;
	child->flags = parent->flags & ~(uint32_t)(FCI_TH_PLACEHOLDER | FCI_TH_DEAD);
	child->container_kind = parent->container_kind;
	memcpy(child->container_id, parent->container_id, sizeof(child->container_id));
	FCI_TRY(fci_thread_update_cmdline(child));
out:
	return rc;
}

static void set_container(fci_thread *th)
{
	th->container_kind = (uint8_t)fci_container_from_cgroups(
	        th->cgroups, th->cgroups_len, th->container_id, sizeof(th->container_id));
}

/* Strings common to clone and execve exit events. */
static int load_proc_params(fc_syscall_source *src, fci_sysevt *ev, fci_thread *th)
{
	const char *s;
	size_t n;
	const uint8_t *b;
	uint64_t u;
	int64_t v;
	int rc = FC_OK;

	(void)src;
	if (arg_str(ev, "exe", &s, &n))
		FCI_TRY(fci_setstr(&th->exe, s, n));
	if (arg_bytes(ev, "args", &b, &n))
		FCI_TRY(fci_setbuf(&th->args, &th->args_len, (const char *)b, n));
	else if (arg_index(&ev->e, "args") >= 0)
		FCI_TRY(fci_setbuf(&th->args, &th->args_len, "", 0)); /* no arguments */
	if (arg_str(ev, "comm", &s, &n))
		FCI_TRY(fci_setstr(&th->comm, s, n));
	else if (th->exe) {
		/* old events have no comm: use the exe's base name */
		const char *slash = strrchr(th->exe, '/');

		FCI_TRY(fci_setstr(&th->comm, slash ? slash + 1 : th->exe,
		                   strlen(slash ? slash + 1 : th->exe)));
	}
	if (arg_str(ev, "cwd", &s, &n) && n > 0) {
		if (s[n - 1] == '/')
			FCI_TRY(fci_setstr(&th->cwd, s, n));
		else {
			char *c = fci_asprintf("%.*s/", (int)n, s);

			if (!c)
				return FC_ENOMEM;
			fci_free(th->cwd);
			th->cwd = c;
		}
	}
	if (arg_bytes(ev, "cgroups", &b, &n)) {
		FCI_TRY(fci_setbuf(&th->cgroups, &th->cgroups_len, (const char *)b, n));
		set_container(th);
	}
	if (arg_u64(ev, "fdlimit", &u))
		th->fdlimit = u;
	if (arg_u64(ev, "pgft_maj", &u))
		th->pfmajor = u;
	if (arg_u64(ev, "pgft_min", &u))
		th->pfminor = u;
	if (arg_u64(ev, "vm_size", &u))
		th->vmsize_kb = u;
	if (arg_u64(ev, "vm_rss", &u))
		th->vmrss_kb = u;
	if (arg_u64(ev, "vm_swap", &u))
		th->vmswap_kb = u;
	if (arg_u64(ev, "uid", &u))
		th->uid = (uint32_t)u;
	if (arg_u64(ev, "gid", &u))
		th->gid = (uint32_t)u;
	if (arg_i64(ev, "vtid", &v) && v > 0)
		th->vtid = v;
	if (arg_i64(ev, "vpid", &v) && v > 0)
		th->vpid = v;
	FCI_TRY(fci_thread_update_cmdline(th));
out:
	return rc;
}

static void do_clone(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t res, tid = (int64_t)ev->e.tid, pid = -1, ptid = -1;
	uint64_t flags = 0;
	fci_thread *parent, *child;
	int64_t child_tid;

	if (!ev_res(ev, &res) || res < 0)
		return;
	(void)arg_u64(ev, "flags", &flags);
	(void)arg_i64(ev, "pid", &pid);
	(void)arg_i64(ev, "ptid", &ptid);
	if (res > 0) {
		/* in the parent: res is the child's tid */
		child_tid = res;
		parent = ev->th;
		if (fci_thread_get(&src->threads, child_tid))
			return; /* the child's own event came first */
	} else {
		/* in the child */
		child_tid = tid;
		if ((child = fci_thread_get(&src->threads, child_tid)) &&
		    !(child->flags & FCI_TH_PLACEHOLDER)) {
			int64_t v;

			if (arg_i64(ev, "vtid", &v) && v > 0)
				child->vtid = v;
			if (arg_i64(ev, "vpid", &v) && v > 0)
				child->vpid = v;
			ev->th = child;
			return;
		}
		parent = fci_thread_get(&src->threads, (flags & PPM_CL_CLONE_THREAD) ? pid : ptid);
		if (!parent && ptid > 0)
			parent = fci_thread_get(&src->threads, ptid);
	}
	child = fci_thread_add(&src->threads, child_tid, ev->e.ts, parent ? parent : ev->th);
	if (!child)
		return;
	child->clone_ts = ev->e.ts;
	child->lastuse = ev->e.ts;
	if (parent)
		(void)inherit(child, parent);
	if (flags & PPM_CL_CLONE_THREAD) {
		child->pid = res > 0 ? (parent ? parent->pid : pid) : pid;
		child->ptid = parent ? parent->ptid : ptid;
	} else {
		child->pid = child_tid;
		child->ptid = res > 0 ? tid : ptid;
	}
	if (res == 0) {
		/* the child's own event describes it */
		(void)load_proc_params(src, ev, child);
		child->vtid = child->vtid > 0 ? child->vtid : child_tid;
	} else {
		child->vtid = child_tid;
		child->vpid = child->pid;
	}
	/* fds: shared with threads (CLONE_FILES), copied for processes */
	if (parent && parent->fds) {
		fci_thread *pm = fci_thread_main(&src->threads, parent);
		fci_fdtable *pt = pm && pm->fds ? pm->fds : parent->fds;

		if (flags & (PPM_CL_CLONE_FILES | PPM_CL_CLONE_THREAD)) {
			fci_fdtable_unref(child->fds);
			pt->refs++;
			child->fds = pt;
		} else {
			fci_fdtable *c = fci_fdtable_clone(pt);

			if (c) {
				fci_fdtable_unref(child->fds);
				child->fds = c;
			}
		}
	}
	if (res == 0)
		ev->th = child;
}

/* Removes the fds marked close-on-exec (execve). */
static void close_cloexec(fci_fdtable *t)
{
	size_t i = 0;

	while (t && i < t->map.cap) {
		fci_fd *f = t->map.slots[i].val;

		if (f && f->cloexec) {
			fci_fdtable_del(t, f->num); /* backward shift may move an entry into i */
			continue;
		}
		i++;
	}
}

static void do_execve(fc_syscall_source *src, fci_sysevt *ev)
{
	fci_thread *th = ev->th;
	int64_t res, v;
	uint64_t u;
	const uint8_t *b;
	const char *s;
	size_t n;

	if (!th || !ev_res(ev, &res) || res < 0)
		return;
	th->flags &= ~(uint32_t)(FCI_TH_PLACEHOLDER | FCI_TH_EXE_WRITABLE | FCI_TH_EXE_UPPER_LAYER |
	                         FCI_TH_EXE_FROM_MEMFD | FCI_TH_EXE_LOWER_LAYER);
	if (arg_i64(ev, "pid", &v) && v > 0)
		th->pid = v;
	if (arg_i64(ev, "ptid", &v) && v > 0)
		th->ptid = v;
	(void)load_proc_params(src, ev, th);
	if (arg_bytes(ev, "env", &b, &n)) /* not through a cast of &s: strict aliasing */
		(void)fci_setbuf(&th->env, &th->env_len, (const char *)b, n);
	else if (arg_index(&ev->e, "env") >= 0)
		(void)fci_setbuf(&th->env, &th->env_len, "", 0);
	if (arg_u64(ev, "tty", &u))
		th->tty = (uint32_t)u;
	if (arg_i64(ev, "vpgid", &v))
		th->vpgid = v;
	if (arg_i64(ev, "pgid", &v))
		th->pgid = v;
	if (arg_i64(ev, "loginuid", &v))
		th->loginuid = (int64_t)(int32_t)v;
	if (arg_u64(ev, "cap_inheritable", &u))
		th->cap_inh = u;
	if (arg_u64(ev, "cap_permitted", &u))
		th->cap_prm = u;
	if (arg_u64(ev, "cap_effective", &u))
		th->cap_eff = u;
	if (arg_u64(ev, "exe_ino", &u))
		th->exe_ino = u;
	if (arg_u64(ev, "exe_ino_ctime", &u))
		th->exe_ino_ctime = u;
	if (arg_u64(ev, "exe_ino_mtime", &u))
		th->exe_ino_mtime = u;
	if (arg_index(&ev->e, "flags") >= 0 && arg_u64(ev, "flags", &u)) {
		if (u & PPM_EXE_WRITABLE)
			th->flags |= FCI_TH_EXE_WRITABLE;
		if (u & PPM_EXE_UPPER_LAYER)
			th->flags |= FCI_TH_EXE_UPPER_LAYER;
		if (u & PPM_EXE_FROM_MEMFD)
			th->flags |= FCI_TH_EXE_FROM_MEMFD;
		if (u & PPM_EXE_LOWER_LAYER)
			th->flags |= FCI_TH_EXE_LOWER_LAYER;
	}
	/* exepath: the kernel's trusted path, else the execve filename, else exe */
	if (arg_str(ev, "trusted_exepath", &s, &n) && n > 0)
		(void)fci_setstr(&th->exepath, s, n);
	else if (arg_str(ev, "filename", &s, &n) && n > 0) {
		char *p = fci_path_join(th->cwd ? th->cwd : "/", s, n);

		if (p) {
			fci_free(th->exepath);
			th->exepath = p;
		}
	} else if (th->exe)
		(void)fci_setstr(&th->exepath, th->exe, strlen(th->exe));
	if (!th->comm && th->exe)
		(void)fci_setstr(&th->comm, th->exe, strlen(th->exe));
	(void)fci_thread_update_cmdline(th);
	close_cloexec(fci_thread_main(&src->threads, th)->fds);
}

/* ---- fds ---- */

static fci_fdtable *fds_of(fc_syscall_source *src, fci_thread *th)
{
	fci_thread *m;

	if (!th)
		return NULL;
	m = fci_thread_main(&src->threads, th);
	return m->fds ? m->fds : th->fds;
}

static fci_fd *new_fd(fc_syscall_source *src, fci_sysevt *ev, int64_t num, uint8_t type)
{
	fci_fdtable *t = fds_of(src, ev->th);
	fci_fd *f;

	if (!t || num < 0)
		return NULL;
	f = fci_fdtable_add(t, num, ev->e.ts);
	if (f)
		f->type = type;
	return f;
}

static const char *fd_base(fc_syscall_source *src, fci_sysevt *ev, int64_t dirfd)
{
	fci_fd *d;

	if (dirfd == PPM_AT_FDCWD || !ev->th)
		return ev->th && ev->th->cwd ? ev->th->cwd : "/";
	d = fci_fdtable_get(fds_of(src, ev->th), dirfd);
	return d && d->name && d->name[0] == '/' ? d->name : NULL;
}

static void do_open(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t fd = -1, dirfd = PPM_AT_FDCWD;
	uint64_t flags = 0, u;
	const char *name = NULL, *base;
	size_t nlen = 0;
	fci_fd *f;
	char *full;

	if (!ev_res(ev, &fd) || fd < 0)
		return;
	/* current layouts carry name, flags and dirfd in the exit event: indexes
	 * from the type table; else by name, in the exit or the enter event */
	if (!(ev->ti->name_param >= 0 &&
	      fci_sevt_str(&ev->e, (unsigned)ev->ti->name_param, &name, &nlen) == FC_OK) &&
	    !arg_str(ev, "name", &name, &nlen) && !arg_str(ev, "path", &name, &nlen))
		name = "", nlen = 0;
	if (!(ev->ti->flags_param >= 0 &&
	      fci_sevt_uint(&ev->e, (unsigned)ev->ti->flags_param, &flags) == FC_OK))
		(void)arg_u64(ev, "flags", &flags);
	if (!(ev->ti->dirfd_param >= 0 &&
	      fci_sevt_int(&ev->e, (unsigned)ev->ti->dirfd_param, &dirfd) == FC_OK))
		(void)arg_i64(ev, "dirfd", &dirfd);
	base = fd_base(src, ev, dirfd);
	full = (nlen && (name[0] == '/' || base)) ? fci_path_join(base, name, nlen) : NULL;
	f = new_fd(src, ev, fd, (flags & PPM_O_DIRECTORY) ? FCI_FD_DIRECTORY : FCI_FD_FILE_V2);
	if (!f) {
		fci_free(full);
		return;
	}
	if (full) {
		fci_free(f->name);
		f->name = full;
	} else {
		fci_fd_set_name(f, name, nlen);
	}
	(void)fci_setstr(&f->nameraw, name, nlen);
	f->openflags = (uint32_t)flags;
	f->cloexec = (flags & PPM_O_CLOEXEC) != 0;
	if (ev->ti->dev_param >= 0 ? fci_sevt_uint(&ev->e, (unsigned)ev->ti->dev_param, &u) == FC_OK
	                           : arg_u64(ev, "dev", &u))
		f->dev = u;
	if (ev->ti->ino_param >= 0 ? fci_sevt_uint(&ev->e, (unsigned)ev->ti->ino_param, &u) == FC_OK
	                           : arg_u64(ev, "ino", &u))
		f->ino = u;
	ev->fd = f;
	ev->fdnum = fd;
	ev->has_fdnum = true;
}

static char *put_uint(char *p, unsigned v)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* "a.b.c.d:port" or "v6:port" into buf (at least 64 bytes); returns its length.
 * By hand for IPv4: sockets are made often, snprintf is slow. */
static size_t ip_name(char *buf, int fam, const uint8_t *a, uint16_t port)
{
	char *p = buf;
	int i;

	if (fam == 4) {
		for (i = 0; i < 4; i++) {
			p = put_uint(p, a[i]);
			*p++ = i < 3 ? '.' : ':';
		}
	} else {
		if (!inet_ntop(AF_INET6, a, buf, 48))
			buf[0] = '\0';
		p = buf + strlen(buf);
		*p++ = ':';
	}
	p = put_uint(p, port);
	*p = '\0';
	return (size_t)(p - buf);
}

/* Fills a socket fd from a scap socktuple (family, src, dst). client_is_src:
 * the tuple's source is the client side (connect: us; accept: the peer). */
static bool apply_tuple(fci_fd *f, const uint8_t *b, size_t n, bool we_are_client)
{
	char a[96], c[96];
	size_t al = 0, cl = 0;

	if (n < 1)
		return false;
	if (b[0] == PPM_AF_INET && n >= 13) {
		f->type = FCI_FD_IPV4_SOCK;
		memset(f->cip, 0, 16);
		memset(f->sip, 0, 16);
		memcpy(f->cip, b + 1, 4);
		memcpy(&f->cport, b + 5, 2);
		memcpy(f->sip, b + 7, 4);
		memcpy(&f->sport, b + 11, 2);
		al = ip_name(a, 4, f->cip, f->cport);
		cl = ip_name(c, 4, f->sip, f->sport);
	} else if (b[0] == PPM_AF_INET6 && n >= 37) {
		/* v4-mapped addresses are reported as IPv4 like libsinsp does */
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

		memcpy(f->cip, b + 1, 16);
		memcpy(&f->cport, b + 17, 2);
		memcpy(f->sip, b + 19, 16);
		memcpy(&f->sport, b + 35, 2);
		if (memcmp(f->cip, mapped, 12) == 0 && memcmp(f->sip, mapped, 12) == 0) {
			f->type = FCI_FD_IPV4_SOCK;
			memmove(f->cip, f->cip + 12, 4);
			memmove(f->sip, f->sip + 12, 4);
			memset(f->cip + 4, 0, 12);
			memset(f->sip + 4, 0, 12);
			al = ip_name(a, 4, f->cip, f->cport);
			cl = ip_name(c, 4, f->sip, f->sport);
		} else {
			f->type = FCI_FD_IPV6_SOCK;
			al = ip_name(a, 6, f->cip, f->cport);
			cl = ip_name(c, 6, f->sip, f->sport);
		}
	} else if (b[0] == PPM_AF_UNIX && n >= 17) {
		uint64_t s, d;
		char *nm;
		size_t plen = n - 17;

		memcpy(&s, b + 1, 8);
		memcpy(&d, b + 9, 8);
		while (plen > 0 && b[17 + plen - 1] == '\0')
			plen--;
		f->type = FCI_FD_UNIX_SOCK;
		nm = fci_asprintf("%" PRIx64 "->%" PRIx64 " %.*s", s, d, (int)plen,
		                  (const char *)b + 17);
		if (nm) {
			fci_free(f->name);
			f->name = nm;
		}
		f->role = we_are_client ? FCI_ROLE_CLIENT : FCI_ROLE_SERVER;
		return true;
	} else {
		return false;
	}
	{
		char *nm = fci_malloc(al + cl + 3);

		if (nm) {
			memcpy(nm, a, al);
			memcpy(nm + al, "->", 2);
			memcpy(nm + al + 2, c, cl + 1);
			fci_free(f->name);
			f->name = nm;
		}
	}
	f->role = we_are_client ? FCI_ROLE_CLIENT : FCI_ROLE_SERVER;
	return true;
}

static void do_socket(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t fd, domain = 0, type = 0, proto = 0;
	uint8_t t;
	fci_fd *f;

	if (!ev_res(ev, &fd) || fd < 0)
		return;
	(void)arg_i64(ev, "domain", &domain);
	(void)arg_i64(ev, "type", &type);
	(void)arg_i64(ev, "proto", &proto);
	t = domain == PPM_AF_UNIX      ? FCI_FD_UNIX_SOCK
	    : domain == PPM_AF_INET    ? FCI_FD_IPV4_SOCK
	    : domain == PPM_AF_INET6   ? FCI_FD_IPV6_SOCK
	    : domain == PPM_AF_NETLINK ? FCI_FD_NETLINK
	                               : FCI_FD_UNKNOWN;
	f = new_fd(src, ev, fd, t);
	if (!f)
		return;
	if (t == FCI_FD_IPV4_SOCK || t == FCI_FD_IPV6_SOCK) {
		int st = (int)(type & 0xf);

		f->l4proto = st == 1   ? FCI_L4_TCP
		             : st == 2 ? FCI_L4_UDP
		             : st == 3 ? (proto == 1 || proto == 58 ? FCI_L4_ICMP : FCI_L4_RAW)
		                       : FCI_L4_UNKNOWN;
	}
	f->cloexec = (type & 02000000) != 0;
	ev->fd = f;
	ev->fdnum = fd;
	ev->has_fdnum = true;
}

static void do_connect(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t res = 0;
	const uint8_t *b;
	size_t n;
	fci_fd *f = ev->fd;
	char *old;

	if (!ev_res(ev, &res) || (res < 0 && res != -SE_EINPROGRESS))
		return;
	if (!ev->has_fdnum)
		return;
	if (!f)
		f = ev->fd = new_fd(src, ev, ev->fdnum, FCI_FD_UNKNOWN);
	if (!f || !arg_bytes(ev, "tuple", &b, &n))
		return;
	old = f->name && f->name[0] ? fci_strdup(f->name) : NULL;
	if (apply_tuple(f, b, n, true)) {
		f->connected = true;
		if (old && strcmp(old, f->name) != 0)
			ev->fd_name_changed = true;
		if (f->l4proto == FCI_L4_UNKNOWN && f->type != FCI_FD_UNIX_SOCK)
			f->l4proto = FCI_L4_TCP;
	}
	fci_free(old);
}

static void do_accept(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t fd;
	const uint8_t *b;
	size_t n;
	fci_fd *f;

	if (!ev_res(ev, &fd) || fd < 0)
		return;
	f = new_fd(src, ev, fd, FCI_FD_UNKNOWN);
	if (!f)
		return;
	if (arg_bytes(ev, "tuple", &b, &n) && apply_tuple(f, b, n, false))
		f->connected = true;
	f->role = FCI_ROLE_SERVER;
	if (f->type == FCI_FD_IPV4_SOCK || f->type == FCI_FD_IPV6_SOCK)
		f->l4proto = FCI_L4_TCP;
	ev->fd = f;
	ev->fdnum = fd;
	ev->has_fdnum = true;
}

static void do_bind(fc_syscall_source *src, fci_sysevt *ev)
{
	int64_t res;
	const uint8_t *b;
	size_t n;
	fci_fd *f = ev->fd;
	char nm[96];

	(void)src;
	if (!f || !ev_res(ev, &res) || res < 0 || !arg_bytes(ev, "addr", &b, &n) || n < 1)
		return;
	if (b[0] == PPM_AF_INET && n >= 7) {
		memset(f->sip, 0, 16);
		memcpy(f->sip, b + 1, 4);
		memcpy(&f->sport, b + 5, 2);
		ip_name(nm, 4, f->sip, f->sport);
		fci_fd_set_name(f, nm, strlen(nm));
		f->role = FCI_ROLE_SERVER;
	} else if (b[0] == PPM_AF_INET6 && n >= 19) {
		memcpy(f->sip, b + 1, 16);
		memcpy(&f->sport, b + 17, 2);
		ip_name(nm, 6, f->sip, f->sport);
		fci_fd_set_name(f, nm, strlen(nm));
		f->role = FCI_ROLE_SERVER;
	} else if (b[0] == PPM_AF_UNIX && n > 1) {
		size_t plen = n - 1;

		while (plen > 0 && b[plen] == '\0')
			plen--;
		fci_fd_set_name(f, (const char *)b + 1, plen);
	}
}

static void do_dup(fc_syscall_source *src, fci_sysevt *ev, bool is_fcntl)
{
	int64_t res, oldfd = -1, cmd = 0;
	uint64_t flags = 0;
	fci_fdtable *t = fds_of(src, ev->th);
	fci_fd *of, *nf;

	if (!t || !ev_res(ev, &res) || res < 0)
		return;
	if (is_fcntl) {
		/* only F_DUPFD (1) and F_DUPFD_CLOEXEC (26) create fds */
		if (!arg_i64(ev, "cmd", &cmd) || (cmd != 1 && cmd != 26))
			return;
		if (!arg_i64(ev, "fd", &oldfd))
			return;
	} else if (!arg_i64(ev, "oldfd", &oldfd) && !arg_i64(ev, "fd", &oldfd)) {
		return;
	}
	if (oldfd == res)
		return;
	of = fci_fdtable_get(t, oldfd);
	if (!of)
		return;
	nf = fci_fd_dup(of);
	if (!nf)
		return;
	fci_fdtable_del(t, res);
	nf->num = res;
	nf->lastuse = ev->e.ts;
	nf->cloexec = is_fcntl ? cmd == 26 : (arg_u64(ev, "flags", &flags) && (flags & 1));
	if (fci_u64map_put(&t->map, (uint64_t)res, nf) < 0) {
		fci_fd_free(nf);
		return;
	}
	ev->fd = nf;
	ev->fdnum = res;
	ev->has_fdnum = true;
}

static void do_pipe(fc_syscall_source *src, fci_sysevt *ev, uint8_t type, bool pair)
{
	int64_t res, a, b;
	uint64_t ino = 0;
	char nm[64] = "";
	fci_fd *f;

	if (!ev_res(ev, &res) || res < 0)
		return;
	if (!arg_i64(ev, "fd1", &a) || !arg_i64(ev, "fd2", &b))
		return;
	if (!pair && arg_u64(ev, "ino", &ino))
		snprintf(nm, sizeof(nm), "pipe:[%" PRIu64 "]", ino);
	if ((f = new_fd(src, ev, a, type))) {
		fci_fd_set_name(f, nm, strlen(nm));
		f->ino = ino;
	}
	if ((f = new_fd(src, ev, b, type))) {
		fci_fd_set_name(f, nm, strlen(nm));
		f->ino = ino;
	}
}

static void do_simple_fd(fc_syscall_source *src, fci_sysevt *ev, uint8_t type, const char *prefix)
{
	int64_t fd;
	const char *s = NULL;
	size_t n = 0;
	fci_fd *f;

	if (!ev_res(ev, &fd) || fd < 0)
		return;
	if (type == FCI_FD_BPF && ev->e.info && param_named(ev->e.info, "fd", FCI_PT_FD) < 0)
		return;
	f = new_fd(src, ev, fd, type);
	if (!f)
		return;
	if (prefix && arg_str(ev, "name", &s, &n)) {
		char *nm = fci_asprintf("%s%.*s", prefix, (int)n, s);

		if (nm) {
			fci_free(f->name);
			f->name = nm;
		}
	}
	ev->fd = f;
	ev->fdnum = fd;
	ev->has_fdnum = true;
}

static void do_chdir(fc_syscall_source *src, fci_sysevt *ev, bool by_fd)
{
	int64_t res;
	const char *s;
	size_t n;
	char *p = NULL;

	if (!ev->th || !ev_res(ev, &res) || res < 0)
		return;
	if (by_fd) {
		if (ev->fd && ev->fd->name && ev->fd->name[0] == '/')
			p = fci_strdup(ev->fd->name);
	} else if (arg_str(ev, "path", &s, &n)) {
		p = fci_path_join(ev->th->cwd ? ev->th->cwd : "/", s, n);
	}
	(void)src;
	if (!p)
		return;
	fci_free(ev->th->cwd);
	ev->th->cwd = p;
	if (p[strlen(p) - 1] != '/') {
		char *q = fci_asprintf("%s/", p);

		if (q) {
			fci_free(ev->th->cwd);
			ev->th->cwd = q;
		}
	}
}

static void do_setid(fci_sysevt *ev, bool gid)
{
	int64_t res, v;
	fci_thread *th = ev->th;

	if (!th || !ev_res(ev, &res) || res < 0)
		return;
	if (arg_i64(ev, gid ? "egid" : "euid", &v) || arg_i64(ev, gid ? "gid" : "uid", &v)) {
		if ((int32_t)v == -1)
			return;
		if (gid)
			th->gid = (uint32_t)v;
		else
			th->uid = (uint32_t)v;
	}
}

/* fs.path.*: names per event (libsinsp's fspath class). */
static void do_fspath(fc_syscall_source *src, fci_sysevt *ev)
{
	const char *name = ev->e.info->name;
	const char *s;
	size_t n;
	int64_t dfd = PPM_AT_FDCWD;
	const char *base;

	if (strncmp(name, "rename", 6) == 0 || strncmp(name, "link", 4) == 0) {
		if (arg_str(ev, "oldpath", &s, &n)) {
			if (!arg_i64(ev, "olddirfd", &dfd))
				(void)arg_i64(ev, "olddir", &dfd);
			base = fd_base(src, ev, dfd);
			ev->fs_sourceraw = fci_arena_strndup(&src->ev_arena, s, n);
			ev->fs_source = base || (n && s[0] == '/') ? ev_path_join(src, base, s, n)
			                                           : ev->fs_sourceraw;
		}
		dfd = PPM_AT_FDCWD;
		if (arg_str(ev, "newpath", &s, &n)) {
			if (!arg_i64(ev, "newdirfd", &dfd))
				(void)arg_i64(ev, "newdir", &dfd);
			base = fd_base(src, ev, dfd);
			ev->fs_targetraw = fci_arena_strndup(&src->ev_arena, s, n);
			ev->fs_target = base || (n && s[0] == '/') ? ev_path_join(src, base, s, n)
			                                           : ev->fs_targetraw;
		}
	} else if (strncmp(name, "symlink", 7) == 0) {
		/* the target is stored as given; the link path is resolved */
		if (arg_str(ev, "target", &s, &n)) {
			ev->fs_sourceraw = fci_arena_strndup(&src->ev_arena, s, n);
			ev->fs_source = ev->fs_sourceraw;
		}
		if (arg_str(ev, "linkpath", &s, &n)) {
			(void)arg_i64(ev, "linkdirfd", &dfd);
			base = fd_base(src, ev, dfd);
			ev->fs_targetraw = fci_arena_strndup(&src->ev_arena, s, n);
			ev->fs_target = base || (n && s[0] == '/') ? ev_path_join(src, base, s, n)
			                                           : ev->fs_targetraw;
		}
	} else if (arg_str(ev, "path", &s, &n) || arg_str(ev, "name", &s, &n)) {
		(void)arg_i64(ev, "dirfd", &dfd);
		base = fd_base(src, ev, dfd);
		ev->fs_nameraw = fci_arena_strndup(&src->ev_arena, s, n);
		ev->fs_name =
		        base || (n && s[0] == '/') ? ev_path_join(src, base, s, n) : ev->fs_nameraw;
	}
}

static void do_capset(fci_sysevt *ev)
{
	int64_t res;
	uint64_t u;

	if (!ev->th || !ev_res(ev, &res) || res < 0)
		return;
	if (arg_u64(ev, "cap_inheritable", &u))
		ev->th->cap_inh = u;
	if (arg_u64(ev, "cap_permitted", &u))
		ev->th->cap_prm = u;
	if (arg_u64(ev, "cap_effective", &u))
		ev->th->cap_eff = u;
}

/* ---- the event loop ---- */

static void apply_pending(fc_syscall_source *src)
{
	if (src->has_pending_close) {
		fci_thread *th = fci_thread_get(&src->threads, src->pending_close_tid);

		if (th)
			fci_fdtable_del(fds_of(src, th), src->pending_close_fd);
		src->has_pending_close = false;
	}
	if (src->has_pending_exit) {
		fci_thread_del(&src->threads, src->pending_exit_tid);
		src->has_pending_exit = false;
	}
}

/* Keeps a copy of an enter event for the following exit of the thread. */
static void save_enter(fci_thread *th, const fci_sevt *e, const void *rec)
{
	if (e->len > th->last_enter_cap) {
		size_t cap = e->len < 256 ? 256 : e->len;
		uint8_t *p = fci_realloc(th->last_enter, cap);

		if (!p) {
			th->last_enter_type = 0xffff;
			return;
		}
		th->last_enter = p;
		th->last_enter_cap = cap;
	}
	memcpy(th->last_enter, rec, e->len);
	th->last_enter_len = e->len;
	th->last_enter_type = e->type;
}

int fc_syscall_source_process(fc_syscall_source *src, const void *rec, size_t len,
                              uint32_t source_id, fc_event *out)
{
	fci_sysevt *ev;
	const fci_type_info *ti;
	int64_t v;

	if (!src || !rec || !out)
		return FC_EINVAL;
	apply_pending(src);
	fci_arena_reset(&src->ev_arena);
	ev = &src->cur;
	/* not the parameter arrays of e and enter_buf (~850 bytes): decoding
	 * sets nparams and the entries below it, and readers check nparams */
	ev->e.len = 0;
	ev->e.type = 0;
	ev->e.nparams = 0;
	ev->e.info = NULL;
	ev->ti = NULL;
	ev->enter = NULL;
	ev->enter_buf.nparams = 0;
	ev->enter_buf.info = NULL;
	memset(&ev->num, 0, sizeof(*ev) - offsetof(fci_sysevt, num));
	if (fci_sevt_decode(rec, len, &ev->e) < 0 || !ev->e.info || ev->e.type >= src->n_codes) {
		if (ev->e.type >= src->n_codes || (ev->e.len && !ev->e.info))
			src->stats.unknown_events++;
		src->stats.decode_errors++;
		return FC_EFORMAT;
	}
	src->stats.events++;
	ev->num = src->stats.events;
	if (!src->first_ts)
		src->first_ts = ev->e.ts;
	ti = &src->tinfo[ev->e.type];
	ev->ti = ti;

	/* the thread */
	ev->th = fci_thread_get(&src->threads, (int64_t)ev->e.tid);
	if (!ev->th && !(ti->action == FCI_A_CLONE && ev_res(ev, &v) && v == 0)) {
		if (src->live && fci_proc_read_thread(src, NULL, (int64_t)ev->e.tid,
		                                      (int64_t)ev->e.tid, true) == FC_OK)
			ev->th = fci_thread_get(&src->threads, (int64_t)ev->e.tid);
		if (!ev->th) {
			ev->th = fci_thread_add(&src->threads, (int64_t)ev->e.tid, ev->e.ts, NULL);
			if (ev->th)
				ev->th->flags |= FCI_TH_PLACEHOLDER;
		}
	}
	if (ev->th) {
		ev->th->lastuse = ev->e.ts;
		if (!ti->exit) {
			save_enter(ev->th, &ev->e, rec);
		} else {
			if (ev->th->last_enter_type + 1 == ev->e.type &&
			    fci_sevt_decode(ev->th->last_enter, ev->th->last_enter_len,
			                    &ev->enter_buf) == FC_OK)
				ev->enter = &ev->enter_buf;
			ev->th->last_enter_type = 0xffff;
		}
	}

	/* the fd the event is about (only for events that use or make fds) */
	if (!(ev->e.info->flags & (FCI_EF_USES_FD | FCI_EF_CREATES_FD | FCI_EF_DESTROYS_FD))) {
		/* no fd */
	} else if (ti->fd_param >= 0 && fci_sevt_int(&ev->e, (unsigned)ti->fd_param, &v) == FC_OK) {
		ev->fdnum = v;
		ev->has_fdnum = true;
	} else if (ev->enter && ev->enter->type < src->n_codes &&
	           src->tinfo[ev->enter->type].fd_param >= 0 &&
	           fci_sevt_int(ev->enter, (unsigned)src->tinfo[ev->enter->type].fd_param, &v) ==
	                   FC_OK) {
		ev->fdnum = v;
		ev->has_fdnum = true;
	}
	if (ev->has_fdnum && ev->th && ev->fdnum >= 0) {
		ev->fd = fci_fdtable_get(fds_of(src, ev->th), ev->fdnum);
		if (ev->fd)
			ev->fd->lastuse = ev->e.ts;
	}

	switch (ti->action) {
	case FCI_A_OPEN:
		do_open(src, ev);
		break;
	case FCI_A_CLOSE:
		if (ev->has_fdnum && ev_res(ev, &v) && v >= 0 && ev->th) {
			src->has_pending_close = true;
			src->pending_close_fd = ev->fdnum;
			src->pending_close_tid = ev->th->tid;
		}
		break;
	case FCI_A_SOCKET:
		do_socket(src, ev);
		break;
	case FCI_A_CONNECT:
		do_connect(src, ev);
		break;
	case FCI_A_ACCEPT:
		do_accept(src, ev);
		break;
	case FCI_A_BIND:
		do_bind(src, ev);
		break;
	case FCI_A_LISTEN:
		if (ev->fd && ev_res(ev, &v) && v >= 0)
			ev->fd->role = FCI_ROLE_SERVER;
		break;
	case FCI_A_DUP:
		do_dup(src, ev, false);
		break;
	case FCI_A_FCNTL:
		do_dup(src, ev, true);
		break;
	case FCI_A_PIPE:
		do_pipe(src, ev, FCI_FD_FIFO, false);
		break;
	case FCI_A_SOCKETPAIR:
		do_pipe(src, ev, FCI_FD_UNIX_SOCK, true);
		break;
	case FCI_A_EVENTFD:
		do_simple_fd(src, ev, FCI_FD_EVENT, NULL);
		break;
	case FCI_A_SIGNALFD:
		do_simple_fd(src, ev, FCI_FD_SIGNALFD, NULL);
		break;
	case FCI_A_TIMERFD:
		do_simple_fd(src, ev, FCI_FD_TIMERFD, NULL);
		break;
	case FCI_A_INOTIFY:
		do_simple_fd(src, ev, FCI_FD_INOTIFY, NULL);
		break;
	case FCI_A_EPOLL:
		do_simple_fd(src, ev, FCI_FD_EVENTPOLL, NULL);
		break;
	case FCI_A_USERFAULTFD:
		do_simple_fd(src, ev, FCI_FD_USERFAULTFD, NULL);
		break;
	case FCI_A_MEMFD:
		do_simple_fd(src, ev, FCI_FD_MEMFD, "memfd:");
		break;
	case FCI_A_PIDFD:
		do_simple_fd(src, ev, FCI_FD_PIDFD, NULL);
		break;
	case FCI_A_BPF:
		do_simple_fd(src, ev, FCI_FD_BPF, NULL);
		break;
	case FCI_A_IOURING:
		do_simple_fd(src, ev, FCI_FD_IOURING, NULL);
		break;
	case FCI_A_CLONE:
		do_clone(src, ev);
		break;
	case FCI_A_EXECVE:
		do_execve(src, ev);
		break;
	case FCI_A_PROCEXIT:
		if (ev->th) {
			ev->th->flags |= FCI_TH_DEAD;
			src->has_pending_exit = true;
			src->pending_exit_tid = ev->th->tid;
		}
		break;
	case FCI_A_CHDIR:
		do_chdir(src, ev, false);
		break;
	case FCI_A_FCHDIR:
		do_chdir(src, ev, true);
		break;
	case FCI_A_SETUID:
		do_setid(ev, false);
		break;
	case FCI_A_SETGID:
		do_setid(ev, true);
		break;
	case FCI_A_SETSID:
		if (ev->th && ev_res(ev, &v) && v > 0)
			ev->th->sid = v;
		break;
	case FCI_A_CAPSET:
		do_capset(ev);
		break;
	case FCI_A_FSPATH:
		do_fspath(src, ev);
		break;
	default:
		break;
	}

	src->prev_ts = src->cur_ts;
	src->cur_ts = ev->e.ts;
	src->stats.threads = src->threads.map.n;
	src->stats.threads_evicted = src->threads.evicted;
	src->stats.fds_evicted = src->threads.fds_evicted;
	out->source = source_id;
	out->code = ev->e.type;
	out->ts = ev->e.ts;
	out->num = ev->num;
	out->data = rec;
	out->len = ev->e.len;
	out->decoded = ev;
	return FC_OK;
}

/* ---- lifecycle ---- */

int fc_syscall_source_new(const fc_syscall_opts *opts, fc_syscall_source **out)
{
	fc_syscall_source *src;
	int rc;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (opts && opts->sz < offsetof(fc_syscall_opts, host_root))
		return FC_EINVAL;
	src = fci_calloc(1, sizeof(*src));
	if (!src)
		return FC_ENOMEM;
	if (opts)
		memcpy(&src->opts, opts,
		       opts->sz < sizeof(src->opts) ? opts->sz : sizeof(src->opts));
	src->opts.sz = sizeof(src->opts);
	if (!src->opts.max_threads)
		src->opts.max_threads = 131072;
	if (!src->opts.max_fds_per_thread)
		src->opts.max_fds_per_thread = 4096;
	src->host_root = fci_strdup(src->opts.host_root ? src->opts.host_root : "");
	src->opts.host_root = src->host_root;
	fci_threadtable_init(&src->threads, src->opts.max_threads, src->opts.max_fds_per_thread);
	fci_usertable_init(&src->users, src->host_root);
	fci_arena_init(&src->ev_arena, 4096);
	fci_strmap_init(&src->arg_names);
	if (gethostname(src->hostname, sizeof(src->hostname) - 1) != 0)
		src->hostname[0] = '\0';
	rc = build_types(src);
	if (rc < 0 || !src->host_root || !src->users.host_root) {
		fc_syscall_source_free(src);
		return rc < 0 ? rc : FC_ENOMEM;
	}
	src->ops.sz = sizeof(src->ops);
	src->ops.name = "syscall";
	src->ops.fields = fci_syscall_fields;
	src->ops.n_fields = fci_syscall_n_fields;
	src->ops.code_names = src->code_names;
	src->ops.n_codes = src->n_codes;
	src->ops.index_field = "evt.type";
	src->ops.provides = provides;
	src->ops.resolve = fci_syscall_resolve;
	src->ops.extract = fci_syscall_extract;
	src->ops.ctx = src;
	src->ct_rc = 1; /* nothing cached */
	*out = src;
	return FC_OK;
}

void fc_syscall_source_free(fc_syscall_source *src)
{
	size_t i;

	if (!src)
		return;
	fci_threadtable_free(&src->threads);
	fci_usertable_free(&src->users);
	fci_arena_free(&src->ev_arena);
	fci_strmap_free(&src->arg_names);
	for (i = 0; i < src->n_arg_names; i++)
		fci_free(src->arg_name_list[i]);
	fci_free(src->arg_name_list);
	fci_free(src->tinfo);
	fci_free(src->code_names);
	fci_free(src->host_root);
	fci_free(src);
}

const fc_source_ops *fc_syscall_source_ops(const fc_syscall_source *src)
{
	return src ? &src->ops : NULL;
}

void fc_syscall_source_get_stats(const fc_syscall_source *src, fc_syscall_stats *out)
{
	if (!out)
		return;
	if (!src) {
		*out = (fc_syscall_stats){0};
		return;
	}
	*out = src->stats;
	out->threads = src->threads.map.n;
	out->threads_evicted = src->threads.evicted;
	out->fds_evicted = src->threads.fds_evicted;
}

/* ---- capture header records (sink) ---- */

static int sink_machine(void *ctx, const fci_machine_rec *r)
{
	fc_syscall_source *src = ctx;
	size_t n = r->hostname.len < sizeof(src->hostname) - 1 ? r->hostname.len
	                                                       : sizeof(src->hostname) - 1;

	if (n) {
		memcpy(src->hostname, r->hostname.p, n);
		src->hostname[n] = '\0';
	}
	return FC_OK;
}

static int sink_thread(void *ctx, const fci_proc_rec *r)
{
	fc_syscall_source *src = ctx;
	fci_thread *th = fci_thread_add(&src->threads, (int64_t)r->tid, r->clone_ts, NULL);
	int rc = FC_OK;

	if (!th)
		return FC_ENOMEM;
	th->pid = (int64_t)r->pid;
	th->ptid = (int64_t)r->ptid;
	th->sid = (int64_t)r->sid;
	th->vpgid = (int64_t)r->vpgid;
	th->pgid = (int64_t)r->pgid;
	th->vtid = r->vtid >= 0 ? r->vtid : (int64_t)r->tid;
	th->vpid = r->vpid >= 0 ? r->vpid : (int64_t)r->pid;
	FCI_TRY(fci_setstr(&th->comm, r->comm.p, r->comm.len));
	FCI_TRY(fci_setstr(&th->exe, r->exe.p, r->exe.len));
	if (r->exepath.len)
		FCI_TRY(fci_setstr(&th->exepath, r->exepath.p, r->exepath.len));
	else
		FCI_TRY(fci_setstr(&th->exepath, r->exe.p, r->exe.len));
	FCI_TRY(fci_setbuf(&th->args, &th->args_len, r->args.p, r->args.len));
	FCI_TRY(fci_setbuf(&th->env, &th->env_len, r->env.p, r->env.len));
	FCI_TRY(fci_setbuf(&th->cgroups, &th->cgroups_len, r->cgroups.p, r->cgroups.len));
	if (r->cwd.len && r->cwd.p[r->cwd.len - 1] != '/') {
		char *c = fci_asprintf("%.*s/", (int)r->cwd.len, r->cwd.p);

		if (!c)
			return FC_ENOMEM;
		fci_free(th->cwd);
		th->cwd = c;
	} else {
		FCI_TRY(fci_setstr(&th->cwd, r->cwd.p, r->cwd.len));
	}
	th->fdlimit = r->fdlimit;
	th->pfmajor = r->pfmajor;
	th->pfminor = r->pfminor;
	th->vmsize_kb = r->vmsize_kb;
	th->vmrss_kb = r->vmrss_kb;
	th->vmswap_kb = r->vmswap_kb;
	th->uid = r->uid;
	th->gid = r->gid;
	th->loginuid = r->loginuid == UINT32_MAX ? -1 : (int64_t)r->loginuid;
	th->tty = r->tty;
	th->exe_ino = r->exe_ino;
	th->exe_ino_ctime = r->exe_ino_ctime;
	th->exe_ino_mtime = r->exe_ino_mtime;
	th->clone_ts = r->clone_ts;
	th->cap_inh = r->cap_inheritable;
	th->cap_prm = r->cap_permitted;
	th->cap_eff = r->cap_effective;
	if (r->exe_writable)
		th->flags |= FCI_TH_EXE_WRITABLE;
	if (r->exe_upper_layer)
		th->flags |= FCI_TH_EXE_UPPER_LAYER;
	if (r->exe_lower_layer)
		th->flags |= FCI_TH_EXE_LOWER_LAYER;
	if (r->exe_from_memfd)
		th->flags |= FCI_TH_EXE_FROM_MEMFD;
	set_container(th);
	FCI_TRY(fci_thread_update_cmdline(th));
out:
	return rc;
}

static int sink_fd(void *ctx, const fci_fd_rec *r)
{
	fc_syscall_source *src = ctx;
	fci_thread *th = fci_thread_get(&src->threads, (int64_t)r->tid);
	fci_fdtable *t;
	fci_fd *f;
	char a[96], b[96];

	if (!th)
		return FC_OK; /* fds of unknown threads are dropped */
	t = fds_of(src, th);
	f = fci_fdtable_add(t, r->fd, 0);
	if (!f)
		return FC_ENOMEM;
	f->type = r->type;
	f->openflags = r->open_flags;
	f->dev = r->dev;
	f->ino = r->ino;
	f->l4proto = r->l4proto;
	switch (r->type) {
	case FCI_FD_IPV4_SOCK:
	case FCI_FD_IPV6_SOCK: {
		int fam = r->type == FCI_FD_IPV4_SOCK ? 4 : 6;

		memcpy(f->cip, r->sip, 16);
		memcpy(f->sip, r->dip, 16);
		f->cport = r->sport;
		f->sport = r->dport;
		ip_name(a, fam, f->cip, f->cport);
		ip_name(b, fam, f->sip, f->sport);
		{
			char *nm = fci_asprintf("%s->%s", a, b);

			if (!nm)
				return FC_ENOMEM;
			fci_free(f->name);
			f->name = nm;
		}
		f->connected = true;
		break;
	}
	case FCI_FD_IPV4_SERVSOCK:
	case FCI_FD_IPV6_SERVSOCK:
		memcpy(f->sip, r->sip, 16);
		f->sport = r->sport;
		f->role = FCI_ROLE_SERVER;
		ip_name(a, r->type == FCI_FD_IPV4_SERVSOCK ? 4 : 6, f->sip, f->sport);
		fci_fd_set_name(f, a, strlen(a));
		break;
	case FCI_FD_UNIX_SOCK: {
		char *nm = fci_asprintf("%" PRIx64 "->%" PRIx64 " %.*s", r->unix_source,
		                        r->unix_dest, (int)r->name.len, r->name.p);

		if (!nm)
			return FC_ENOMEM;
		fci_free(f->name);
		f->name = nm;
		break;
	}
	default:
		fci_fd_set_name(f, r->name.p, r->name.len);
		break;
	}
	return FC_OK;
}

static int sink_user(void *ctx, const fci_user_rec *r)
{
	fc_syscall_source *src = ctx;
	char *n = fci_strndup(r->name.p, r->name.len);
	char *h = fci_strndup(r->home.p, r->home.len);
	char *s = fci_strndup(r->shell.p, r->shell.len);
	int rc = FC_ENOMEM;

	if (n && h && s &&
	    (!r->container_id.len ||
	     (r->container_id.len == 4 && memcmp(r->container_id.p, "host", 4) == 0)))
		rc = fci_usertable_add_user(&src->users, r->uid, n, h, s);
	else if (n && h && s)
		rc = FC_OK; /* container users are not tracked separately */
	fci_free(n);
	fci_free(h);
	fci_free(s);
	return rc;
}

static int sink_group(void *ctx, const fci_group_rec *r)
{
	fc_syscall_source *src = ctx;
	char *n = fci_strndup(r->name.p, r->name.len);
	int rc = FC_ENOMEM;

	if (n && (!r->container_id.len ||
	          (r->container_id.len == 4 && memcmp(r->container_id.p, "host", 4) == 0)))
		rc = fci_usertable_add_group(&src->users, r->gid, n);
	else if (n)
		rc = FC_OK;
	fci_free(n);
	return rc;
}

const fci_scap_sink *fci_syscall_source_sink(fc_syscall_source *src)
{
	if (!src)
		return NULL;
	src->sink.ctx = src;
	src->sink.machine = sink_machine;
	src->sink.thread = sink_thread;
	src->sink.fd = sink_fd;
	src->sink.user = sink_user;
	src->sink.group = sink_group;
	return &src->sink;
}

static fci_bstr bs(const char *p, size_t n)
{
	fci_bstr b = {p ? p : "", p ? n : 0};

	return b;
}

int fci_syscall_source_dump(const fc_syscall_source *src, const fci_scap_sink *out)
{
	const fci_threadtable *tt;
	size_t i, k;
	int rc = FC_OK;

	if (!src || !out)
		return FC_EINVAL;
	tt = &src->threads;
	for (i = 0; i < tt->map.cap; i++) {
		const fci_thread *th = tt->map.slots[i].val;
		fci_proc_rec r;

		if (!th)
			continue;
		memset(&r, 0, sizeof(r));
		r.tid = (uint64_t)th->tid;
		r.pid = (uint64_t)th->pid;
		r.ptid = (uint64_t)th->ptid;
		r.sid = (uint64_t)th->sid;
		r.vpgid = (uint64_t)th->vpgid;
		r.pgid = (uint64_t)th->pgid;
		r.comm = bs(th->comm, th->comm ? strlen(th->comm) : 0);
		r.exe = bs(th->exe, th->exe ? strlen(th->exe) : 0);
		r.exepath = bs(th->exepath, th->exepath ? strlen(th->exepath) : 0);
		r.args = bs(th->args, th->args_len);
		r.env = bs(th->env, th->env_len);
		r.cwd = bs(th->cwd, th->cwd ? strlen(th->cwd) : 0);
		r.cgroups = bs(th->cgroups, th->cgroups_len);
		r.fdlimit = th->fdlimit;
		r.pfmajor = th->pfmajor;
		r.pfminor = th->pfminor;
		r.vmsize_kb = (uint32_t)th->vmsize_kb;
		r.vmrss_kb = (uint32_t)th->vmrss_kb;
		r.vmswap_kb = (uint32_t)th->vmswap_kb;
		r.uid = th->uid;
		r.gid = th->gid;
		r.loginuid = th->loginuid < 0 ? UINT32_MAX : (uint32_t)th->loginuid;
		r.tty = th->tty;
		r.vtid = th->vtid;
		r.vpid = th->vpid;
		r.exe_ino = th->exe_ino;
		r.exe_ino_ctime = th->exe_ino_ctime;
		r.exe_ino_mtime = th->exe_ino_mtime;
		r.clone_ts = th->clone_ts;
		r.cap_inheritable = th->cap_inh;
		r.cap_permitted = th->cap_prm;
		r.cap_effective = th->cap_eff;
		r.exe_writable = (th->flags & FCI_TH_EXE_WRITABLE) != 0;
		r.exe_upper_layer = (th->flags & FCI_TH_EXE_UPPER_LAYER) != 0;
		r.exe_lower_layer = (th->flags & FCI_TH_EXE_LOWER_LAYER) != 0;
		r.exe_from_memfd = (th->flags & FCI_TH_EXE_FROM_MEMFD) != 0;
		if (th->pid != th->tid) {
			/* a thread sharing its leader's fds: readers (libsinsp) then
			 * resolve its fds in the leader's table */
			const fci_thread *l = fci_u64map_get(&tt->map, (uint64_t)th->pid);

			if (l && l->fds && l->fds == th->fds)
				r.flags = PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;
		}
		if (out->thread && (rc = out->thread(out->ctx, &r)) < 0)
			return rc;
	}
	/* fds once per table: the owner is the process leader (or a lone thread) */
	for (i = 0; i < tt->map.cap && out->fd; i++) {
		const fci_thread *th = tt->map.slots[i].val;

		if (!th || !th->fds ||
		    (th->pid != th->tid && th->fds->refs > 1 &&
		     fci_u64map_get(&tt->map, (uint64_t)th->pid)))
			continue;
		for (k = 0; k < th->fds->map.cap; k++) {
			const fci_fd *f = th->fds->map.slots[k].val;
			fci_fd_rec r;

			if (!f)
				continue;
			memset(&r, 0, sizeof(r));
			r.tid = (uint64_t)th->tid;
			r.fd = f->num;
			r.ino = f->ino;
			r.type = f->type;
			r.open_flags = f->openflags;
			r.dev = (uint32_t)f->dev;
			r.l4proto = f->l4proto;
			if (f->type == FCI_FD_IPV4_SOCK || f->type == FCI_FD_IPV6_SOCK) {
				memcpy(r.sip, f->cip, 16);
				memcpy(r.dip, f->sip, 16);
				r.sport = f->cport;
				r.dport = f->sport;
			} else if (f->type == FCI_FD_IPV4_SERVSOCK ||
			           f->type == FCI_FD_IPV6_SERVSOCK) {
				memcpy(r.sip, f->sip, 16);
				r.sport = f->sport;
			}
			r.name = bs(f->name, f->name ? strlen(f->name) : 0);
			if ((rc = out->fd(out->ctx, &r)) < 0)
				return rc;
		}
	}
	for (i = 0; i < src->users.users.cap && out->user; i++) {
		const fci_user *u = src->users.users.slots[i].val;
		fci_user_rec r;

		if (!u)
			continue;
		memset(&r, 0, sizeof(r));
		r.uid = u->id;
		r.name = bs(u->name, strlen(u->name));
		r.home = bs(u->homedir, u->homedir ? strlen(u->homedir) : 0);
		r.shell = bs(u->shell, u->shell ? strlen(u->shell) : 0);
		if ((rc = out->user(out->ctx, &r)) < 0)
			return rc;
	}
	for (i = 0; i < src->users.groups.cap && out->group; i++) {
		const fci_user *g = src->users.groups.slots[i].val;
		fci_group_rec r;

		if (!g)
			continue;
		memset(&r, 0, sizeof(r));
		r.gid = g->id;
		r.name = bs(g->name, strlen(g->name));
		if ((rc = out->group(out->ctx, &r)) < 0)
			return rc;
	}
	return rc;
}
