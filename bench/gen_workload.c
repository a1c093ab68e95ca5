/* SPDX-License-Identifier: Apache-2.0 */
/* Workload capture generator (issue 10): writes a deterministic synthetic
 * `.scap` capture of a busy host for bench_replay and compare_sysdig.sh.
 *
 * usage: gen_workload [-n EVENTS] [-s SEED] OUT.scap
 *
 * The simulated host runs long-lived processes whose state is written as the
 * capture's process and fd tables (as a real capture starts): systemd, sshd
 * with an interactive bash (tty), cron, a python application server with
 * worker threads that talks to postgres and an HTTP API, dockerd, and an
 * nginx master with two workers inside a docker container (systemd cgroup
 * layout). Then, per step, one process performs one "activity" made of
 * enter/exit syscall pairs, as the kernel drivers emit them: nginx serves a
 * request (accept4, recvfrom, openat/fstat/read/close of a static file,
 * writev, write to the access log, close), the app handles a job (futex,
 * epoll_wait, sendto/recvfrom on its database socket, sometimes a new
 * connect, a temporary file in /tmp, /proc/self reads), bash or cron spawn
 * short-lived commands (clone in parent and child, execve with realistic
 * arguments, dynamic loader opens in /etc and /usr, the command's own file
 * and /proc reads, writes to the terminal, procexit), dockerd polls /proc
 * and cgroup files. Rarely a suspicious action happens (a shell in the
 * container, reading /etc/shadow), so a few rules fire.
 *
 * Thread and fd state stays consistent: every fd used was opened before and
 * is closed at most once, children inherit fds, and threads share them.
 * Events are built with fc_syscall_event_encode() (current layouts) and
 * written with fc_capture_writer_write(); every event is also fed to a
 * fc_syscall_source to check that it decodes. */
#include <falcocore/falcocore.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXFD = 48, MAXTH = 8, MAXPROC = 64, NPARAM = 32 };

enum fdkind { FK_FILE, FK_TTY, FK_LISTEN, FK_CONN, FK_CLIENT, FK_LOG, FK_PIPE };

typedef struct gfd {
	int num;
	int kind;
	char name[128];
} gfd;

enum role { R_INIT, R_SSHD, R_BASH, R_CRON, R_APP, R_DOCKERD, R_NGINX_MASTER, R_NGINX, R_CMD };

typedef struct gproc {
	int64_t pid, ptid;
	int64_t tids[MAXTH];
	int nth;
	int role;
	const char *comm, *exe, *cwd;
	char args[256];
	size_t args_len;
	int container; /* 0 host, 1 the nginx container */
	uint32_t uid, tty;
	gfd fds[MAXFD];
	int nfds;
	int steps_left; /* short-lived commands */
	const struct cmd *cmd;
} gproc;

/* A short-lived command: argv, what it opens and how long it lives. */
typedef struct cmd {
	const char *exe, *comm;
	const char *argv[6];
	const char *files[4];
	int proc_reads; /* reads of /proc/<pid>/... (ps-like) */
	int steps;
} cmd;

static const cmd bash_cmds[] = {
        {"/usr/bin/ls",
         "ls",
         {"ls", "-la", "/tmp", NULL},
         {"/etc/passwd", "/etc/group", NULL},
         0,
         3},
        {"/usr/bin/cat", "cat", {"cat", "/var/log/syslog", NULL}, {"/var/log/syslog", NULL}, 0, 6},
        {"/usr/bin/grep",
         "grep",
         {"grep", "-r", "TODO", "src/", NULL},
         {"/home/dev/project/src/main.c", "/home/dev/project/src/util.c", NULL},
         0,
         8},
        {"/usr/bin/ps", "ps", {"ps", "aux", NULL}, {"/etc/nsswitch.conf", NULL}, 12, 4},
        {"/usr/bin/git",
         "git",
         {"git", "status", "--short", NULL},
         {"/home/dev/project/.git/HEAD", "/home/dev/project/.git/index", "/home/dev/.gitconfig",
          NULL},
         0,
         8},
        {"/usr/bin/date", "date", {"date", "+%s", NULL}, {"/usr/share/zoneinfo/UTC", NULL}, 0, 1},
        {"/usr/bin/sed",
         "sed",
         {"sed", "-n", "1,20p", "/etc/hosts", NULL},
         {"/etc/hosts", NULL},
         0,
         2},
        {"/usr/bin/curl",
         "curl",
         {"curl", "-s", "http://10.0.0.20:8080/health", NULL},
         {"/etc/resolv.conf", "/etc/ssl/certs/ca-certificates.crt", NULL},
         0,
         4},
        {"/usr/bin/python3",
         "python3",
         {"python3", "-c", "import json; print(json.dumps({}))", NULL},
         {"/usr/lib/python3.11/json/__init__.py", "/usr/lib/python3.11/encodings/utf_8.py", NULL},
         0,
         10},
        {"/usr/bin/vim",
         "vim",
         {"vim", "notes.txt", NULL},
         {"/home/dev/notes.txt", "/usr/share/vim/vimrc", NULL},
         0,
         12},
};

static const cmd cron_cmds[] = {
        {"/usr/bin/sh",
         "sh",
         {"sh", "-c", "/usr/local/bin/backup.sh >/dev/null 2>&1", NULL},
         {"/usr/local/bin/backup.sh", NULL},
         0,
         2},
        {"/usr/sbin/logrotate",
         "logrotate",
         {"logrotate", "/etc/logrotate.conf", NULL},
         {"/etc/logrotate.conf", "/var/lib/logrotate/status", NULL},
         0,
         4},
        {"/usr/bin/find",
         "find",
         {"find", "/tmp", "-mtime", "+7", "-delete", NULL},
         {"/tmp", NULL},
         0,
         4},
};

static const char *const app_files[] = {"/proc/self/stat", "/proc/meminfo", "/etc/hosts",
                                        "/srv/app/config.yaml", "/proc/self/status"};
static const char *const dockerd_files[] = {
        "/proc/1234/stat", "/sys/fs/cgroup/system.slice/docker.service/cpu.stat",
        "/proc/self/mountinfo", "/var/lib/docker/containers/config.v2.json",
        "/sys/fs/cgroup/memory.pressure"};
static const char *const nginx_files[] = {"/usr/share/nginx/html/index.html",
                                          "/usr/share/nginx/html/style.css",
                                          "/usr/share/nginx/html/app.js", "/etc/nginx/mime.types"};

#define CT_ID "5d3e7c5b9a1f2e4d6c8b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d"

typedef struct gen {
	uint64_t rng;
	uint64_t ts;
	int64_t next_pid;
	uint64_t target, written, alerts_planned;
	fc_capture_writer *w;
	fc_syscall_source *src;
	uint64_t decode_fail;
	gproc procs[MAXPROC];
	int nprocs;
	unsigned char buf[8192];
	/* parameter scratch for one event */
	fc_syscall_param p[NPARAM];
	size_t np;
	bool lenient; /* skip parameters the event does not have */
	char text[NPARAM][160];
	uint32_t conn_port;
} gen;

static uint64_t rnd(gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static unsigned rn(gen *g, unsigned n)
{
	return (unsigned)(rnd(g) % n);
}

/* ---- events ---- */

static void pclear(gen *g)
{
	g->np = 0;
	g->lenient = false;
}

static void pstr(gen *g, const char *name, const char *v)
{
	g->p[g->np].name = name;
	g->p[g->np].value = v;
	g->p[g->np].value_len = 0;
	g->np++;
}

static void pbuf(gen *g, const char *name, const char *v, size_t n)
{
	g->p[g->np].name = name;
	g->p[g->np].value = n ? v : "";
	g->p[g->np].value_len = n;
	g->np++;
}

static void pint(gen *g, const char *name, int64_t v)
{
	snprintf(g->text[g->np], sizeof(g->text[0]), "%" PRId64, v);
	pstr(g, name, g->text[g->np]);
}

static int emit(gen *g, const char *name, char dir, int64_t tid)
{
	char err[200];
	fc_event ev;
	int n;

	g->ts += 300 + rn(g, 4000);
	n = fc_syscall_event_encode(name, dir, g->ts, (uint64_t)tid, g->p, g->np,
	                            g->lenient ? FC_SYSCALL_ENCODE_LENIENT : 0, g->buf,
	                            sizeof(g->buf), err, sizeof(err));
	if (n <= 0 || (size_t)n > sizeof(g->buf)) {
		fprintf(stderr, "gen_workload: %c %s: %s\n", dir, name, n <= 0 ? err : "too long");
		return -1;
	}
	if (fc_syscall_source_process(g->src, g->buf, (size_t)n, 0, &ev) != FC_OK)
		g->decode_fail++;
	if (g->w) {
		if (fc_capture_writer_write(g->w, g->buf, (size_t)n) != FC_OK) {
			fprintf(stderr, "gen_workload: write failed\n");
			return -1;
		}
		g->written++;
	}
	pclear(g);
	return 0;
}

#define EMIT(g, n, d, t)                                                                           \
	do {                                                                                       \
		if (emit(g, n, d, t) < 0)                                                          \
			return -1;                                                                 \
	} while (0)

/* ---- fd bookkeeping ---- */

static int fd_alloc(gproc *p)
{
	int n = 0, i;

again:
	for (i = 0; i < p->nfds; i++)
		if (p->fds[i].num == n) {
			n++;
			goto again;
		}
	return n;
}

static gfd *fd_add(gproc *p, int num, int kind, const char *name)
{
	gfd *f;

	if (p->nfds == MAXFD)
		return NULL;
	f = &p->fds[p->nfds++];
	f->num = num;
	f->kind = kind;
	snprintf(f->name, sizeof(f->name), "%s", name);
	return f;
}

static gfd *fd_find_kind(gen *g, gproc *p, int kind)
{
	int i, n = 0, pick;

	for (i = 0; i < p->nfds; i++)
		n += p->fds[i].kind == kind;
	if (!n)
		return NULL;
	pick = (int)rn(g, (unsigned)n);
	for (i = 0; i < p->nfds; i++)
		if (p->fds[i].kind == kind && pick-- == 0)
			return &p->fds[i];
	return NULL;
}

static void fd_del(gproc *p, int num)
{
	int i;

	for (i = 0; i < p->nfds; i++)
		if (p->fds[i].num == num) {
			p->fds[i] = p->fds[--p->nfds];
			return;
		}
}

static int64_t th(gen *g, gproc *p)
{
	return p->tids[rn(g, (unsigned)p->nth)];
}

/* ---- syscalls (enter + exit pairs) ---- */

static int sys_openat(gen *g, gproc *p, int64_t tid, const char *path, const char *flags, int kind,
                      int *out)
{
	int fd = fd_alloc(p);

	pstr(g, "dirfd", "AT_FDCWD");
	pstr(g, "name", path);
	pstr(g, "flags", flags);
	pstr(g, "mode", strstr(flags, "O_CREAT") ? "0644" : "0");
	EMIT(g, "openat", '>', tid);
	pint(g, "fd", fd);
	pstr(g, "dirfd", "AT_FDCWD");
	pstr(g, "name", path);
	pstr(g, "flags", flags);
	pstr(g, "mode", strstr(flags, "O_CREAT") ? "0644" : "0");
	pstr(g, "dev", "0x803");
	pint(g, "ino", 100000 + (int64_t)(rnd(g) % 900000));
	EMIT(g, "openat", '<', tid);
	fd_add(p, fd, kind, path);
	*out = fd;
	return 0;
}

static int sys_openat_fail(gen *g, int64_t tid, const char *path)
{
	pstr(g, "dirfd", "AT_FDCWD");
	pstr(g, "name", path);
	pstr(g, "flags", "O_RDONLY|O_CLOEXEC");
	EMIT(g, "openat", '>', tid);
	pint(g, "fd", -2); /* ENOENT */
	pstr(g, "dirfd", "AT_FDCWD");
	pstr(g, "name", path);
	pstr(g, "flags", "O_RDONLY|O_CLOEXEC");
	EMIT(g, "openat", '<', tid);
	return 0;
}

static int sys_close(gen *g, gproc *p, int64_t tid, int fd)
{
	pint(g, "fd", fd);
	EMIT(g, "close", '>', tid);
	pint(g, "res", 0);
	EMIT(g, "close", '<', tid);
	fd_del(p, fd);
	return 0;
}

static const char payload[] = "GET /index.html HTTP/1.1\r\nHost: example.test\r\nUser-Agent: "
                              "curl/7.88.1\r\nAccept: */*\r\n\r\n";

/* read/write/recvfrom/sendto/writev/pread with a snaplen-limited payload */
static int sys_io(gen *g, int64_t tid, const char *name, int fd, unsigned size)
{
	unsigned res = size ? 1 + rn(g, size) : 0, dl = res < 80 ? res : 80;

	if (dl > sizeof(payload) - 1)
		dl = sizeof(payload) - 1;
	pint(g, "fd", fd);
	pint(g, "size", size);
	EMIT(g, name, '>', tid);
	pint(g, "res", res);
	pbuf(g, "data", payload, dl);
	pint(g, "fd", fd); /* newer exit layouts repeat fd and size */
	pint(g, "size", size);
	g->lenient = true;
	EMIT(g, name, '<', tid);
	return 0;
}

static int sys_simple(gen *g, int64_t tid, const char *name, int fd)
{
	if (fd >= 0)
		pint(g, "fd", fd);
	EMIT(g, name, '>', tid);
	pint(g, "res", 0);
	EMIT(g, name, '<', tid);
	return 0;
}

static int sys_futex(gen *g, int64_t tid)
{
	pstr(g, "addr", "0x7f3a2c001f40");
	pstr(g, "op", "FUTEX_WAIT|FUTEX_PRIVATE_FLAG");
	pint(g, "val", 1);
	EMIT(g, "futex", '>', tid);
	pint(g, "res", rn(g, 4) ? 0 : -110);
	EMIT(g, "futex", '<', tid);
	return 0;
}

static int sys_mmap(gen *g, int64_t tid, int fd)
{
	pstr(g, "addr", "0");
	pint(g, "length", 4096 * (1 + rn(g, 512)));
	pstr(g, "prot", "PROT_READ|PROT_EXEC");
	pstr(g, "flags", "MAP_PRIVATE");
	pint(g, "fd", fd);
	EMIT(g, "mmap", '>', tid);
	pstr(g, "res", "0x7f3a2c600000");
	pint(g, "vm_size", 12000 + rn(g, 4000));
	pint(g, "vm_rss", 4000 + rn(g, 2000));
	EMIT(g, "mmap", '<', tid);
	return 0;
}

static int sys_epoll(gen *g, int64_t tid)
{
	pint(g, "maxevents", 512);
	EMIT(g, "epoll_wait", '>', tid);
	pint(g, "res", rn(g, 3));
	EMIT(g, "epoll_wait", '<', tid);
	return 0;
}

static int sys_socket(gen *g, gproc *p, int64_t tid, int *out)
{
	int fd = fd_alloc(p);

	pstr(g, "domain", "AF_INET");
	pint(g, "type", 1);
	pint(g, "proto", 0);
	EMIT(g, "socket", '>', tid);
	pint(g, "fd", fd);
	pstr(g, "domain", "AF_INET");
	pint(g, "type", 1);
	pint(g, "proto", 0);
	EMIT(g, "socket", '<', tid);
	fd_add(p, fd, FK_CLIENT, "");
	*out = fd;
	return 0;
}

static int sys_connect(gen *g, gproc *p, int64_t tid, const char *local, const char *remote)
{
	int fd;
	char tuple[128];
	gfd *f;

	if (sys_socket(g, p, tid, &fd) < 0)
		return -1;
	g->conn_port = g->conn_port >= 60999 ? 32768 : g->conn_port + 1;
	snprintf(tuple, sizeof(tuple), "%s:%u->%s", local, g->conn_port, remote);
	pint(g, "fd", fd);
	pstr(g, "addr", remote);
	EMIT(g, "connect", '>', tid);
	pint(g, "res", 0);
	pstr(g, "tuple", tuple);
	pint(g, "fd", fd);
	pstr(g, "addr", remote);
	EMIT(g, "connect", '<', tid);
	f = NULL;
	for (int i = 0; i < p->nfds; i++)
		if (p->fds[i].num == fd)
			f = &p->fds[i];
	if (f)
		snprintf(f->name, sizeof(f->name), "%s", tuple);
	return fd;
}

static int sys_accept(gen *g, gproc *p, int64_t tid, const char *server)
{
	int fd = fd_alloc(p);
	char tuple[128];

	snprintf(tuple, sizeof(tuple), "172.17.0.%u:%u->%s", 2 + rn(g, 200), 32768 + rn(g, 28000),
	         server);
	pstr(g, "flags", "0x80800");
	EMIT(g, "accept4", '>', tid);
	pint(g, "fd", fd);
	pstr(g, "tuple", tuple);
	pint(g, "queuepct", 0);
	pint(g, "queuelen", 0);
	pint(g, "queuemax", 511);
	pstr(g, "flags", "0x80800");
	EMIT(g, "accept4", '<', tid);
	fd_add(p, fd, FK_CONN, tuple);
	return fd;
}

/* ---- processes ---- */

static void set_args(gproc *p, const char *const *argv)
{
	size_t n = 0;

	/* argv[0] is the exe parameter; args holds argv[1..], NUL-terminated */
	for (int i = 1; argv[i] && n < sizeof(p->args); i++) {
		size_t l = strlen(argv[i]) + 1;

		if (n + l > sizeof(p->args))
			break;
		memcpy(p->args + n, argv[i], l);
		n += l;
	}
	p->args_len = n;
}

static const char *cgroups_of(gproc *p, size_t *len)
{
	static const char host[] = "cpuset=/\0cpu=/user.slice\0memory=/user.slice";
	static const char ct[] =
	        "cpuset=/system.slice/docker-" CT_ID ".scope\0cpu=/system.slice/"
	        "docker-" CT_ID ".scope\0memory=/system.slice/docker-" CT_ID ".scope";

	*len = p->container ? sizeof(ct) : sizeof(host);
	return p->container ? ct : host;
}

/* Common clone/execve exit parameters describing process p as thread tid. */
static void proc_params(gen *g, gproc *p, int64_t tid)
{
	size_t cl;
	const char *cg = cgroups_of(p, &cl);

	pstr(g, "exe", p->exe);
	pbuf(g, "args", p->args, p->args_len);
	pint(g, "tid", tid);
	pint(g, "pid", p->pid);
	pint(g, "ptid", p->ptid);
	pstr(g, "cwd", p->cwd);
	pint(g, "fdlimit", 1024);
	pint(g, "vm_size", 8000 + rn(g, 100000));
	pint(g, "vm_rss", 2000 + rn(g, 30000));
	pstr(g, "comm", p->comm);
	pbuf(g, "cgroups", cg, cl);
	pint(g, "uid", p->uid);
	pint(g, "gid", p->uid);
}

static gproc *proc_new(gen *g, gproc *parent, int role, const char *exe, const char *comm,
                       const char *const *argv, const char *cwd)
{
	gproc *p;

	if (g->nprocs == MAXPROC)
		return NULL;
	p = &g->procs[g->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = g->next_pid;
	g->next_pid += 1 + rn(g, 3);
	p->tids[0] = p->pid;
	p->nth = 1;
	p->role = role;
	p->ptid = parent ? parent->pid : 0;
	p->exe = exe;
	p->comm = comm;
	p->cwd = cwd;
	set_args(p, argv);
	if (parent) {
		p->container = parent->container;
		p->uid = parent->uid;
		p->tty = parent->tty;
		memcpy(p->fds, parent->fds, sizeof(p->fds));
		p->nfds = parent->nfds;
	}
	return p;
}

/* clone in the parent and in the child, then execve in the child (unless
 * exe is NULL: a fork without exec). */
static int spawn(gen *g, gproc *parent, gproc *c, const char *exe, const char *comm,
                 const char *const *argv)
{
	static const char env[] = "PATH=/usr/local/bin:/usr/bin:/bin\0HOME=/home/dev\0LANG=C.UTF-8";
	gproc pre = *c;
	int64_t ptid = th(g, parent);

	/* before execve, the child is a copy of the parent */
	pre.exe = parent->exe;
	pre.comm = parent->comm;
	memcpy(pre.args, parent->args, parent->args_len);
	pre.args_len = parent->args_len;
	EMIT(g, "clone", '>', ptid);
	pint(g, "res", c->pid);
	proc_params(g, parent, ptid);
	pstr(g, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
	pint(g, "vtid", ptid);
	pint(g, "vpid", parent->pid);
	EMIT(g, "clone", '<', ptid);
	pint(g, "res", 0);
	proc_params(g, &pre, c->pid);
	pstr(g, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
	pint(g, "vtid", c->pid);
	pint(g, "vpid", c->pid);
	EMIT(g, "clone", '<', c->pid);
	if (!exe)
		return 0;
	c->exe = argv[0];
	c->comm = comm;
	set_args(c, argv);
	pstr(g, "filename", exe);
	EMIT(g, "execve", '>', c->pid);
	pint(g, "res", 0);
	proc_params(g, c, c->pid);
	pbuf(g, "env", env, sizeof(env));
	pint(g, "tty", c->tty);
	pint(g, "vpgid", c->pid);
	pint(g, "loginuid", c->uid ? (int64_t)c->uid : -1);
	pstr(g, "cap_permitted", c->uid ? "0" : "0x1ffffffffff");
	pstr(g, "cap_effective", c->uid ? "0" : "0x1ffffffffff");
	pint(g, "exe_ino", 1000 + (int64_t)(rnd(g) % 100000));
	pstr(g, "trusted_exepath", exe);
	pint(g, "pgid", c->pid);
	EMIT(g, "execve", '<', c->pid);
	c->exe = argv[0];
	return 0;
}

static int add_thread(gen *g, gproc *p)
{
	int64_t tid = g->next_pid++;
	gproc tmp = *p;

	EMIT(g, "clone", '>', p->pid);
	pint(g, "res", tid);
	proc_params(g, p, p->pid);
	pstr(g, "flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM");
	EMIT(g, "clone", '<', p->pid);
	pint(g, "res", 0);
	proc_params(g, &tmp, tid);
	pstr(g, "flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM");
	pint(g, "vtid", tid);
	pint(g, "vpid", p->pid);
	EMIT(g, "clone", '<', tid);
	p->tids[p->nth++] = tid;
	return 0;
}

static int proc_exit(gen *g, gproc *p)
{
	int i;

	for (i = p->nth - 1; i >= 0; i--) {
		pint(g, "status", 0);
		pint(g, "ret", 0);
		pint(g, "sig", 0);
		pint(g, "reaper_tid", 1);
		EMIT(g, "procexit", '>', p->tids[i]);
	}
	*p = g->procs[--g->nprocs];
	return 0;
}

/* The nth process (wrapping around) with the given role. */
static gproc *find_role(gen *g, int role, unsigned nth)
{
	gproc *first = NULL;
	int i;

	for (i = 0; i < g->nprocs; i++)
		if (g->procs[i].role == role) {
			if (!first)
				first = &g->procs[i];
			if (nth-- == 0)
				return &g->procs[i];
		}
	return first;
}

/* The dynamic loader of a freshly exec'ed command. */
static int ld_so(gen *g, gproc *p)
{
	int fd;

	if (sys_simple(g, p->pid, "brk", -1) < 0 ||
	    sys_openat_fail(g, p->pid, "/etc/ld.so.preload") < 0 ||
	    sys_openat(g, p, p->pid, "/etc/ld.so.cache", "O_RDONLY|O_CLOEXEC", FK_FILE, &fd) < 0 ||
	    sys_simple(g, p->pid, "fstat", fd) < 0 || sys_mmap(g, p->pid, fd) < 0 ||
	    sys_close(g, p, p->pid, fd) < 0 ||
	    sys_openat(g, p, p->pid, "/usr/lib/x86_64-linux-gnu/libc.so.6", "O_RDONLY|O_CLOEXEC",
	               FK_FILE, &fd) < 0 ||
	    sys_io(g, p->pid, "read", fd, 832) < 0 || sys_simple(g, p->pid, "fstat", fd) < 0 ||
	    sys_mmap(g, p->pid, fd) < 0 || sys_mmap(g, p->pid, fd) < 0 ||
	    sys_close(g, p, p->pid, fd) < 0)
		return -1;
	return 0;
}

static int start_cmd(gen *g, gproc *parent, const cmd *c)
{
	gproc *p = proc_new(g, parent, R_CMD, NULL, NULL, c->argv, parent->cwd);

	if (!p)
		return 0;
	p->cmd = c;
	p->steps_left = c->steps;
	if (spawn(g, parent, p, c->exe, c->comm, c->argv) < 0 || ld_so(g, p) < 0)
		return -1;
	return 0;
}

/* One step of a short-lived command. */
static int step_cmd(gen *g, gproc *p)
{
	const cmd *c = p->cmd;
	int fd, i;
	char path[64];

	if (p->steps_left-- <= 0)
		return proc_exit(g, p);
	for (i = 0; i < c->proc_reads; i++) {
		snprintf(path, sizeof(path), "/proc/%u/stat", 1 + rn(g, 5000));
		if (sys_openat(g, p, p->pid, path, "O_RDONLY", FK_FILE, &fd) < 0 ||
		    sys_io(g, p->pid, "read", fd, 1024) < 0 || sys_close(g, p, p->pid, fd) < 0)
			return -1;
	}
	i = 0;
	while (c->files[i])
		i++;
	if (i && rn(g, 2) == 0) {
		const char *f = c->files[rn(g, (unsigned)i)];

		if (sys_openat(g, p, p->pid, f, "O_RDONLY|O_CLOEXEC", FK_FILE, &fd) < 0 ||
		    sys_simple(g, p->pid, "fstat", fd) < 0 ||
		    sys_io(g, p->pid, "read", fd, 4096) < 0 ||
		    sys_io(g, p->pid, "read", fd, 4096) < 0 || sys_close(g, p, p->pid, fd) < 0)
			return -1;
	}
	return sys_io(g, p->pid, "write", 1, 200);
}

/* ---- per-role activities ---- */

static int act_nginx(gen *g, gproc *p)
{
	gfd *l = fd_find_kind(g, p, FK_LISTEN), *log = fd_find_kind(g, p, FK_LOG);
	int conn, fd;

	if (!l || !log || sys_epoll(g, p->pid) < 0)
		return -1;
	conn = sys_accept(g, p, p->pid, "172.17.0.2:80");
	if (conn < 0 || sys_io(g, p->pid, "recvfrom", conn, 1024) < 0)
		return -1;
	if (sys_openat(g, p, p->pid, nginx_files[rn(g, 4)], "O_RDONLY|O_NONBLOCK", FK_FILE, &fd) <
	            0 ||
	    sys_simple(g, p->pid, "fstat", fd) < 0 || sys_io(g, p->pid, "pread", fd, 8192) < 0 ||
	    sys_close(g, p, p->pid, fd) < 0 || sys_io(g, p->pid, "writev", conn, 8192) < 0 ||
	    sys_io(g, p->pid, "write", log->num, 180) < 0)
		return -1;
	if (rn(g, 3) == 0 && sys_io(g, p->pid, "recvfrom", conn, 1024) < 0)
		return -1;
	return sys_close(g, p, p->pid, conn);
}

static int act_app(gen *g, gproc *p)
{
	int64_t t = th(g, p);
	gfd *db = fd_find_kind(g, p, FK_CLIENT);
	int fd, k = (int)rn(g, 100);

	if (sys_futex(g, t) < 0 || sys_epoll(g, t) < 0)
		return -1;
	if (db && k < 70) {
		/* a query on the pooled database connection */
		if (sys_io(g, t, "sendto", db->num, 300) < 0 ||
		    sys_io(g, t, "recvfrom", db->num, 8192) < 0 || sys_futex(g, t) < 0)
			return -1;
	} else if (k < 80) {
		/* an HTTP call to another service */
		fd = sys_connect(g, p, t, "10.0.0.5", "10.0.0.20:8080");
		if (fd < 0 || sys_io(g, t, "sendto", fd, 400) < 0 ||
		    sys_io(g, t, "recvfrom", fd, 4096) < 0 || sys_close(g, p, t, fd) < 0)
			return -1;
	} else if (k < 88) {
		/* a temporary file */
		char path[64];

		snprintf(path, sizeof(path), "/tmp/tmp%08x", (unsigned)rnd(g));
		if (sys_openat(g, p, t, path, "O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC", FK_FILE, &fd) <
		            0 ||
		    sys_io(g, t, "write", fd, 4096) < 0 || sys_simple(g, t, "lseek", fd) < 0 ||
		    sys_io(g, t, "read", fd, 4096) < 0 || sys_close(g, p, t, fd) < 0)
			return -1;
	} else if (k < 96) {
		if (sys_openat(g, p, t, app_files[rn(g, 5)], "O_RDONLY|O_CLOEXEC", FK_FILE, &fd) <
		            0 ||
		    sys_io(g, t, "read", fd, 1024) < 0 || sys_close(g, p, t, fd) < 0)
			return -1;
	} else {
		/* reconnect the database pool */
		if (db && sys_close(g, p, t, db->num) < 0)
			return -1;
		if (sys_connect(g, p, t, "10.0.0.5", "10.0.0.9:5432") < 0)
			return -1;
	}
	return sys_io(g, t, "write", 2, 120); /* log line to stderr */
}

static int act_dockerd(gen *g, gproc *p)
{
	int64_t t = th(g, p);
	int fd;

	if (sys_futex(g, t) < 0 || sys_epoll(g, t) < 0)
		return -1;
	if (sys_openat(g, p, t, dockerd_files[rn(g, 5)], "O_RDONLY|O_CLOEXEC", FK_FILE, &fd) < 0 ||
	    sys_io(g, t, "read", fd, 4096) < 0 || sys_close(g, p, t, fd) < 0)
		return -1;
	return sys_simple(g, t, "nanosleep", -1);
}

static int act_bash(gen *g, gproc *p)
{
	unsigned k = rn(g, 100);

	if (k < 50) /* typing: read a byte from the tty, echo it */
		return sys_io(g, p->pid, "read", 0, 1) < 0 ? -1 : sys_io(g, p->pid, "write", 2, 1);
	if (k < 90 || g->nprocs >= MAXPROC - 4)
		return sys_simple(g, p->pid, "ioctl", 0);
	return start_cmd(g, p, &bash_cmds[rn(g, sizeof(bash_cmds) / sizeof(bash_cmds[0]))]);
}

static int act_cron(gen *g, gproc *p)
{
	if (rn(g, 20) || g->nprocs >= MAXPROC - 4)
		return sys_simple(g, p->pid, "nanosleep", -1);
	return start_cmd(g, p, &cron_cmds[rn(g, sizeof(cron_cmds) / sizeof(cron_cmds[0]))]);
}

/* Rare actions that upstream rules flag. */
static int act_suspicious(gen *g)
{
	gproc *n = find_role(g, R_NGINX, 0), *b = find_role(g, R_BASH, 0);
	static const char *const sh[] = {"sh", "-i", NULL};
	static const char *const cat[] = {"cat", "/etc/shadow", NULL};
	gproc *p;
	int fd;

	if (g->nprocs >= MAXPROC - 4 || !n || !b)
		return 0;
	g->alerts_planned++;
	if (rn(g, 2)) {
		/* an interactive shell in the container */
		p = proc_new(g, n, R_CMD, NULL, NULL, sh, "/");
		if (!p)
			return 0;
		p->tty = 34816;
		p->steps_left = 3;
		p->cmd = &bash_cmds[0];
		return spawn(g, n, p, "/bin/sh", "sh", sh);
	}
	p = proc_new(g, b, R_CMD, NULL, NULL, cat, b->cwd);
	if (!p)
		return 0;
	p->cmd = &bash_cmds[1];
	p->steps_left = 1;
	if (spawn(g, b, p, "/usr/bin/cat", "cat", cat) < 0 ||
	    sys_openat(g, p, p->pid, "/etc/shadow", "O_RDONLY", FK_FILE, &fd) < 0 ||
	    sys_io(g, p->pid, "read", fd, 4096) < 0 || sys_close(g, p, p->pid, fd) < 0)
		return -1;
	return 0;
}

/* ---- the host ---- */

static int boot(gen *g)
{
	static const char *const a_init[] = {"/sbin/init", "splash", NULL};
	static const char *const a_sshd[] = {"sshd", "-D", NULL};
	static const char *const a_sshs[] = {"sshd", "dev@pts/0", NULL};
	static const char *const a_bash[] = {"-bash", NULL};
	static const char *const a_cron[] = {"/usr/sbin/cron", "-f", NULL};
	static const char *const a_app[] = {"python3", "/srv/app/server.py", "--workers", "4",
	                                    NULL};
	static const char *const a_dockerd[] = {"/usr/bin/dockerd", "-H", "fd://", NULL};
	static const char *const a_shim[] = {"/usr/bin/containerd-shim-runc-v2", "-namespace",
	                                     "moby", NULL};
	static const char *const a_nginx[] = {"nginx", "-g", "daemon off;", NULL};
	static const char *const a_worker[] = {"nginx", NULL};
	gproc *init, *sshd, *sess, *bash, *cron, *app, *dockerd, *shim, *nm, *p;
	int fd, i;

	g->next_pid = 1;
	init = proc_new(g, NULL, R_INIT, "/sbin/init", "systemd", a_init, "/");
	pstr(g, "filename", "/sbin/init");
	EMIT(g, "execve", '>', 1);
	pint(g, "res", 0);
	proc_params(g, init, 1);
	pstr(g, "trusted_exepath", "/usr/lib/systemd/systemd");
	EMIT(g, "execve", '<', 1);
	for (i = 0; i < 3; i++)
		if (sys_openat(g, init, 1, "/dev/null", "O_RDWR", FK_TTY, &fd) < 0)
			return -1;
	g->next_pid = 612;
	sshd = proc_new(g, init, R_SSHD, NULL, NULL, a_sshd, "/");
	if (spawn(g, init, sshd, "/usr/sbin/sshd", "sshd", a_sshd) < 0)
		return -1;
	cron = proc_new(g, init, R_CRON, NULL, NULL, a_cron, "/");
	if (spawn(g, init, cron, "/usr/sbin/cron", "cron", a_cron) < 0)
		return -1;
	dockerd = proc_new(g, init, R_DOCKERD, NULL, NULL, a_dockerd, "/");
	if (spawn(g, init, dockerd, "/usr/bin/dockerd", "dockerd", a_dockerd) < 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (add_thread(g, dockerd) < 0)
			return -1;
	app = proc_new(g, init, R_APP, NULL, NULL, a_app, "/srv/app");
	app->uid = 33;
	if (spawn(g, init, app, "/usr/bin/python3", "python3", a_app) < 0 ||
	    sys_connect(g, app, app->pid, "10.0.0.5", "10.0.0.9:5432") < 0)
		return -1;
	for (i = 0; i < 4; i++)
		if (add_thread(g, app) < 0)
			return -1;
	g->next_pid = 1400;
	sess = proc_new(g, sshd, R_SSHD, NULL, NULL, a_sshs, "/");
	if (spawn(g, sshd, sess, "/usr/sbin/sshd", "sshd", a_sshs) < 0)
		return -1;
	bash = proc_new(g, sess, R_BASH, NULL, NULL, a_bash, "/home/dev/project");
	bash->uid = 1000;
	bash->tty = 34816;
	if (spawn(g, sess, bash, "/usr/bin/bash", "bash", a_bash) < 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (sys_close(g, bash, bash->pid, i) < 0 ||
		    sys_openat(g, bash, bash->pid, "/dev/pts/0", "O_RDWR", FK_TTY, &fd) < 0)
			return -1;
	g->next_pid = 2100;
	shim = proc_new(g, init, R_INIT, NULL, NULL, a_shim, "/");
	if (spawn(g, init, shim, "/usr/bin/containerd-shim-runc-v2", "containerd-shim", a_shim) < 0)
		return -1;
	nm = proc_new(g, shim, R_NGINX_MASTER, NULL, NULL, a_nginx, "/");
	nm->container = 1;
	if (spawn(g, shim, nm, "/usr/sbin/nginx", "nginx", a_nginx) < 0)
		return -1;
	if (sys_openat(g, nm, nm->pid, "/var/log/nginx/access.log", "O_WRONLY|O_CREAT|O_APPEND",
	               FK_LOG, &fd) < 0 ||
	    sys_socket(g, nm, nm->pid, &fd) < 0)
		return -1;
	pint(g, "fd", fd);
	EMIT(g, "bind", '>', nm->pid);
	pint(g, "res", 0);
	pstr(g, "addr", "0.0.0.0:80");
	EMIT(g, "bind", '<', nm->pid);
	pint(g, "fd", fd);
	pint(g, "backlog", 511);
	EMIT(g, "listen", '>', nm->pid);
	pint(g, "res", 0);
	pint(g, "fd", fd);
	pint(g, "backlog", 511);
	EMIT(g, "listen", '<', nm->pid);
	nm->fds[nm->nfds - 1].kind = FK_LISTEN;
	for (i = 0; i < 2; i++) {
		p = proc_new(g, nm, R_NGINX, NULL, NULL, a_worker, "/");
		if (!p || spawn(g, nm, p, NULL, NULL, NULL) < 0)
			return -1;
		p->comm = "nginx";
		p->exe = "nginx";
	}
	g->next_pid = 3000;
	return 0;
}

static int step(gen *g)
{
	unsigned k = rn(g, 1000);
	int i;

	/* running short-lived commands go first, one step each */
	for (i = 0; i < g->nprocs; i++)
		if (g->procs[i].role == R_CMD && rn(g, 3) == 0)
			return step_cmd(g, &g->procs[i]);
	if (k < 330)
		return act_nginx(g, find_role(g, R_NGINX, rn(g, 2)));
	if (k < 700)
		return act_app(g, find_role(g, R_APP, 0));
	if (k < 850)
		return act_dockerd(g, find_role(g, R_DOCKERD, 0));
	if (k < 985)
		return act_bash(g, find_role(g, R_BASH, 0));
	if (k < 999)
		return act_cron(g, find_role(g, R_CRON, 0));
	return rn(g, 4) ? 0 : act_suspicious(g);
}

int main(int argc, char **argv)
{
	gen *g = calloc(1, sizeof(*g));
	const char *out = NULL;
	uint64_t seed = 0x5eed1234abcdULL;
	int i, rc = 1;

	if (!g)
		return 1;
	g->target = 1000000;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			g->target = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else
			out = argv[i];
	}
	if (!out || !seed) {
		fprintf(stderr, "usage: gen_workload [-n EVENTS] [-s SEED] OUT.scap\n");
		free(g);
		return 2;
	}
	g->rng = seed;
	g->ts = 1732406400000000000ULL;
	g->conn_port = 40000;
	if (fc_syscall_source_new(NULL, &g->src) != FC_OK || boot(g) < 0)
		goto done;
	/* the booted host becomes the capture's process and fd tables */
	if (fc_capture_writer_open(out, g->src, &g->w) != FC_OK) {
		fprintf(stderr, "gen_workload: cannot create %s\n", out);
		goto done;
	}
	while (g->written < g->target)
		if (step(g) < 0)
			goto done;
	rc = 0;
done:
	if (g->w && fc_capture_writer_close(g->w) != FC_OK)
		rc = 1;
	if (g->decode_fail) {
		fprintf(stderr, "gen_workload: %" PRIu64 " events did not decode\n",
		        g->decode_fail);
		rc = 1;
	}
	if (rc == 0)
		printf("gen_workload: %s: %" PRIu64 " events, %d processes alive, %" PRIu64
		       " suspicious actions\n",
		       out, g->written, g->nprocs, g->alerts_planned);
	fc_syscall_source_free(g->src);
	free(g);
	return rc;
}
