/* SPDX-License-Identifier: Apache-2.0 */
/* Initial thread and fd state from procfs (live mode), and on-demand
 * lookups of threads first seen in live events. Sockets found in /proc are
 * typed by family only when /proc/net says so; everything is best effort. */
#include "state.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BUF 4096

/* snprintf that reports truncation (paths that do not fit are skipped). */
static bool pfmt(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(dst, n, fmt, ap);
	va_end(ap);
	return r >= 0 && (size_t)r < n;
}

static char *read_all(const char *path, size_t *len, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t r;

		if (n + 1024 > cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb;

			if (ncap > max + 1)
				ncap = max + 1;
			if (ncap <= n + 1)
				break;
			nb = fci_realloc(buf, ncap);
			if (!nb)
				break;
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!buf) {
		buf = fci_malloc(1);
		if (!buf)
			return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static uint8_t fd_type_from_link(const char *l, const char *path)
{
	struct stat st;

	if (strncmp(l, "pipe:", 5) == 0)
		return FCI_FD_FIFO;
	if (strncmp(l, "socket:", 7) == 0)
		return FCI_FD_UNKNOWN;
	if (strncmp(l, "anon_inode:", 11) == 0) {
		const char *k = l + 11;

		if (strstr(k, "eventfd"))
			return FCI_FD_EVENT;
		if (strstr(k, "eventpoll"))
			return FCI_FD_EVENTPOLL;
		if (strstr(k, "inotify"))
			return FCI_FD_INOTIFY;
		if (strstr(k, "signalfd"))
			return FCI_FD_SIGNALFD;
		if (strstr(k, "timerfd"))
			return FCI_FD_TIMERFD;
		if (strstr(k, "bpf"))
			return FCI_FD_BPF;
		if (strstr(k, "userfaultfd"))
			return FCI_FD_USERFAULTFD;
		if (strstr(k, "io_uring"))
			return FCI_FD_IOURING;
		if (strstr(k, "pidfd"))
			return FCI_FD_PIDFD;
		return FCI_FD_UNSUPPORTED;
	}
	if (strncmp(l, "/memfd:", 7) == 0)
		return FCI_FD_MEMFD;
	if (l[0] == '/' && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return FCI_FD_DIRECTORY;
	return l[0] == '/' ? FCI_FD_FILE_V2 : FCI_FD_UNKNOWN;
}

static void scan_fds(fci_thread *th, const char *base)
{
	char dpath[PATH_BUF], lpath[PATH_BUF], target[PATH_BUF];
	DIR *d;
	struct dirent *de;

	pfmt(dpath, sizeof(dpath), "%s/fd", base);
	d = opendir(dpath);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long num = strtol(de->d_name, &end, 10);
		ssize_t n;
		fci_fd *f;

		if (*end || de->d_name[0] == '.')
			continue;
		pfmt(lpath, sizeof(lpath), "%s/%s", dpath, de->d_name);
		n = readlink(lpath, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		f = fci_fdtable_add(th->fds, num, 0);
		if (!f)
			break;
		f->type = fd_type_from_link(target, lpath);
		if (f->type == FCI_FD_MEMFD)
			fci_fd_set_name(f, target + 1, (size_t)n - 1);
		else
			fci_fd_set_name(f, target, (size_t)n);
	}
	closedir(d);
}

static void set_from_file(char **dst, size_t *dlen, const char *path, bool trim_nl)
{
	size_t n = 0;
	char *b = read_all(path, &n, 1 << 20);

	if (!b)
		return;
	if (trim_nl)
		while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\0'))
			n--;
	if (dlen)
		(void)fci_setbuf(dst, dlen, b, n);
	else
		(void)fci_setstr(dst, b, n);
	fci_free(b);
}

int fci_proc_read_thread(fc_syscall_source *src, const char *procfs, int64_t pid, int64_t tid,
                         bool with_fds)
{
	char base[PATH_BUF], path[PATH_BUF], link[PATH_BUF];
	fci_thread *th;
	size_t n = 0;
	char *b;
	ssize_t r;
	char procbuf[PATH_BUF];

	if (!procfs) {
		pfmt(procbuf, sizeof(procbuf), "%s/proc", src->host_root);
		procfs = procbuf;
	}
	if (pid == tid)
		pfmt(base, sizeof(base), "%s/%" PRId64, procfs, pid);
	else
		pfmt(base, sizeof(base), "%s/%" PRId64 "/task/%" PRId64, procfs, pid, tid);
	pfmt(path, sizeof(path), "%s/status", base);
	b = read_all(path, &n, 1 << 16);
	if (!b) {
		/* a thread id given as pid: look it up through /proc/<tid> */
		return FC_ENOENT;
	}
	th = fci_thread_add(&src->threads, tid, 0, src->cur.th);
	if (!th) {
		fci_free(b);
		return FC_ENOMEM;
	}
	{
		char *line = b;

		while (line && *line) {
			char *nl = strchr(line, '\n');
			unsigned long long a;

			if (nl)
				*nl = '\0';
			if (sscanf(line, "Tgid: %llu", &a) == 1)
				th->pid = (int64_t)a;
			else if (sscanf(line, "PPid: %llu", &a) == 1)
				th->ptid = (int64_t)a;
			else if (sscanf(line, "Uid: %*u %llu", &a) == 1)
				th->uid = (uint32_t)a;
			else if (sscanf(line, "Gid: %*u %llu", &a) == 1)
				th->gid = (uint32_t)a;
			else if (sscanf(line, "CapInh: %llx", &a) == 1)
				th->cap_inh = a;
			else if (sscanf(line, "CapPrm: %llx", &a) == 1)
				th->cap_prm = a;
			else if (sscanf(line, "CapEff: %llx", &a) == 1)
				th->cap_eff = a;
			else if (strncmp(line, "NSpid:", 6) == 0) {
				char *last = strrchr(line, '\t');

				if (last)
					th->vpid = strtoll(last + 1, NULL, 10);
			} else if (strncmp(line, "NSpid:", 6) != 0 &&
			           strncmp(line, "NStgid:", 7) == 0) {
				char *last = strrchr(line, '\t');

				if (last)
					th->vpid = strtoll(last + 1, NULL, 10);
			} else if (sscanf(line, "VmSize: %llu", &a) == 1)
				th->vmsize_kb = a;
			else if (sscanf(line, "VmRSS: %llu", &a) == 1)
				th->vmrss_kb = a;
			else if (sscanf(line, "VmSwap: %llu", &a) == 1)
				th->vmswap_kb = a;
			line = nl ? nl + 1 : NULL;
		}
	}
	fci_free(b);
	th->vtid = tid;
	/* stat: pgrp (5th) session (6th) tty (7th), starttime ignored */
	pfmt(path, sizeof(path), "%s/stat", base);
	b = read_all(path, &n, 1 << 16);
	if (b) {
		char *rp = strrchr(b, ')');
		long long pg, sid, tty;

		if (rp && sscanf(rp + 1, " %*c %*d %lld %lld %lld", &pg, &sid, &tty) == 3) {
			th->pgid = pg;
			th->vpgid = pg;
			th->sid = sid;
			th->tty = (uint32_t)tty;
		}
		fci_free(b);
	}
	pfmt(path, sizeof(path), "%s/comm", base);
	set_from_file(&th->comm, NULL, path, true);
	pfmt(path, sizeof(path), "%s/cmdline", base);
	b = read_all(path, &n, 1 << 20);
	if (b) {
		size_t first = strnlen(b, n);

		(void)fci_setstr(&th->exe, b, first);
		if (first < n)
			(void)fci_setbuf(&th->args, &th->args_len, b + first + 1, n - first - 1);
		fci_free(b);
	}
	pfmt(path, sizeof(path), "%s/environ", base);
	set_from_file(&th->env, &th->env_len, path, false);
	pfmt(path, sizeof(path), "%s/exe", base);
	r = readlink(path, link, sizeof(link) - 1);
	if (r > 0) {
		link[r] = '\0';
		(void)fci_setstr(&th->exepath, link, (size_t)r);
	} else if (th->exe) {
		(void)fci_setstr(&th->exepath, th->exe, strlen(th->exe));
	}
	pfmt(path, sizeof(path), "%s/cwd", base);
	r = readlink(path, link, sizeof(link) - 2);
	if (r > 0) {
		if (link[r - 1] != '/')
			link[r++] = '/';
		link[r] = '\0';
		(void)fci_setstr(&th->cwd, link, (size_t)r);
	}
	pfmt(path, sizeof(path), "%s/loginuid", base);
	b = read_all(path, &n, 64);
	if (b) {
		long long l = strtoll(b, NULL, 10);

		th->loginuid = (l == 4294967295LL || l < 0) ? -1 : l;
		fci_free(b);
	}
	/* cgroup lines "N:subsys:path" -> "subsys=path\0" */
	pfmt(path, sizeof(path), "%s/cgroup", base);
	b = read_all(path, &n, 1 << 16);
	if (b) {
		fci_buf cg;
		char *line = b;

		fci_buf_init(&cg);
		while (line && *line) {
			char *nl = strchr(line, '\n');
			char *c1, *c2;

			if (nl)
				*nl = '\0';
			c1 = strchr(line, ':');
			c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			if (c2) {
				if (c2 == c1 + 1)
					fci_buf_adds(&cg, "unified");
				else
					fci_buf_add(&cg, c1 + 1, (size_t)(c2 - c1 - 1));
				fci_buf_addc(&cg, '=');
				fci_buf_adds(&cg, c2 + 1);
				fci_buf_addc(&cg, '\0');
			}
			line = nl ? nl + 1 : NULL;
		}
		if (!cg.oom && cg.len)
			(void)fci_setbuf(&th->cgroups, &th->cgroups_len, cg.p, cg.len);
		fci_buf_free(&cg);
		fci_free(b);
		th->container_kind = (uint8_t)fci_container_from_cgroups(
		        th->cgroups, th->cgroups_len, th->container_id, sizeof(th->container_id));
	}
	{
		struct stat st;

		pfmt(path, sizeof(path), "%s/exe", base);
		if (stat(path, &st) == 0) {
			th->exe_ino = (uint64_t)st.st_ino;
			th->exe_ino_ctime = (uint64_t)st.st_ctim.tv_sec * 1000000000ULL +
			                    (uint64_t)st.st_ctim.tv_nsec;
			th->exe_ino_mtime = (uint64_t)st.st_mtim.tv_sec * 1000000000ULL +
			                    (uint64_t)st.st_mtim.tv_nsec;
		}
	}
	(void)fci_thread_update_cmdline(th);
	if (with_fds && th->pid == th->tid) {
		scan_fds(th, base);
	} else if (th->pid != th->tid) {
		/* share the leader's fd table */
		fci_thread *m = fci_thread_get(&src->threads, th->pid);

		if (m && m->fds && m->fds != th->fds) {
			fci_fdtable_unref(th->fds);
			m->fds->refs++;
			th->fds = m->fds;
		}
	}
	return FC_OK;
}

int fc_syscall_source_scan_proc(fc_syscall_source *src, const char *procfs)
{
	char buf[PATH_BUF], tpath[PATH_BUF];
	DIR *d, *td;
	struct dirent *de, *te;

	if (!src)
		return FC_EINVAL;
	if (!procfs) {
		pfmt(buf, sizeof(buf), "%s/proc", src->host_root);
		procfs = buf;
	}
	d = opendir(procfs);
	if (!d)
		return FC_EIO;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long long pid = strtoll(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		if (fci_proc_read_thread(src, procfs, pid, pid, true) != FC_OK)
			continue;
		pfmt(tpath, sizeof(tpath), "%s/%lld/task", procfs, pid);
		td = opendir(tpath);
		if (!td)
			continue;
		while ((te = readdir(td)) != NULL) {
			long long tid = strtoll(te->d_name, &end, 10);

			if (*end || tid <= 0 || tid == pid)
				continue;
			(void)fci_proc_read_thread(src, procfs, pid, tid, false);
		}
		closedir(td);
	}
	closedir(d);
	src->live = true;
	src->stats.threads = src->threads.map.n;
	return FC_OK;
}
