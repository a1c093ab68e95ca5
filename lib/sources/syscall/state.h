/* SPDX-License-Identifier: Apache-2.0 */
/* Thread and fd state of the syscall source (internal). Threads live in a
 * bounded hash table keyed by tid; each process leader owns a bounded fd
 * table that its threads share. Both tables evict an approximately least
 * recently used entry when full (a sample of entries is scanned). */
#ifndef FCI_SYSCALL_STATE_H
#define FCI_SYSCALL_STATE_H

#include "../../internal.h"
#include "event_table.h"
#include "scap_blocks.h"

/* ---- u64 -> pointer open-addressing map (no tombstones: backward shift) ---- */
typedef struct fci_u64map_slot {
	uint64_t key;
	void *val; /* NULL = empty */
} fci_u64map_slot;

typedef struct fci_u64map {
	fci_u64map_slot *slots;
	size_t cap; /* power of two or 0 */
	size_t n;
} fci_u64map;

void fci_u64map_init(fci_u64map *m);
void fci_u64map_free(fci_u64map *m);
void *fci_u64map_get(const fci_u64map *m, uint64_t key);
int fci_u64map_put(fci_u64map *m, uint64_t key, void *val);
void *fci_u64map_del(fci_u64map *m, uint64_t key);

/* ---- fds ---- */

/* Which side of a connection this process is. */
enum { FCI_ROLE_NONE = 0, FCI_ROLE_CLIENT = 1, FCI_ROLE_SERVER = 2 };

/* l4 protocols (libs scap_l4_proto values) */
enum {
	FCI_L4_UNKNOWN = 0,
	FCI_L4_NA = 1,
	FCI_L4_TCP = 2,
	FCI_L4_UDP = 3,
	FCI_L4_ICMP = 4,
	FCI_L4_RAW = 5
};

typedef struct fci_fd {
	int64_t num;
	uint8_t type;    /* fci_fd_type */
	uint8_t role;    /* FCI_ROLE_* */
	uint8_t l4proto; /* FCI_L4_* */
	bool connected;
	bool name_changed;
	bool cloexec;
	uint32_t openflags; /* PPM open flags as in the event */
	char *name;         /* malloc'd, never NULL once in a table ("" allowed) */
	char *nameraw;      /* name as passed to the syscall (files), malloc'd or NULL */
	/* sockets: client (s) and server (d) side, network byte order */
	uint8_t cip[16], sip[16];
	uint16_t cport, sport;
	uint64_t dev, ino;
	uint64_t lastuse;
} fci_fd;

typedef struct fci_fdtable {
	fci_u64map map; /* fd num -> fci_fd* */
	uint32_t refs;  /* threads sharing it */
	uint32_t max;   /* bound */
	uint64_t *evicted_counter;
	size_t evict_cursor;
} fci_fdtable;

fci_fdtable *fci_fdtable_new(uint32_t max, uint64_t *evicted_counter);
/* Drop one reference; frees at zero. NULL ok. */
void fci_fdtable_unref(fci_fdtable *t);
/* Deep copy (for fork without CLONE_FILES). */
fci_fdtable *fci_fdtable_clone(const fci_fdtable *t);
fci_fd *fci_fdtable_get(fci_fdtable *t, int64_t num);
/* Creates or replaces the entry for num; returns it zeroed except num, or
 * NULL on OOM. Evicts an old entry when full. */
fci_fd *fci_fdtable_add(fci_fdtable *t, int64_t num, uint64_t now);
void fci_fdtable_del(fci_fdtable *t, int64_t num);
fci_fd *fci_fd_dup(const fci_fd *f);
void fci_fd_free(fci_fd *f);
void fci_fd_set_name(fci_fd *f, const char *name, size_t len);

/* ---- threads ---- */
enum {
	FCI_TH_EXE_WRITABLE = 1,
	FCI_TH_EXE_UPPER_LAYER = 2,
	FCI_TH_EXE_FROM_MEMFD = 4,
	FCI_TH_EXE_LOWER_LAYER = 8,
	FCI_TH_PLACEHOLDER = 16, /* seen only in events: fields mostly unknown */
	FCI_TH_DEAD = 32,        /* procexit seen, removal pending */
};

typedef struct fci_thread {
	int64_t tid, pid, ptid;
	int64_t vtid, vpid;
	int64_t sid, vpgid, pgid;
	char *comm;    /* proc.name */
	char *exe;     /* proc.exe (argv[0]) */
	char *exepath; /* proc.exepath */
	char *cwd;     /* with a trailing '/' */
	char *args;    /* NUL-separated argv[1..], length args_len */
	size_t args_len;
	char *env; /* NUL-separated, length env_len */
	size_t env_len;
	char *cgroups; /* NUL-separated "subsys=path", length cgroups_len */
	size_t cgroups_len;
	char *cmdline; /* cached "comm arg1 arg2" */
	uint32_t uid, gid;
	int64_t loginuid; /* -1 when unset */
	uint32_t tty;
	uint32_t flags; /* FCI_TH_* */
	uint64_t cap_inh, cap_prm, cap_eff;
	uint64_t clone_ts; /* ns since epoch, 0 unknown */
	uint64_t exe_ino, exe_ino_ctime, exe_ino_mtime;
	uint64_t fdlimit, vmsize_kb, vmrss_kb, vmswap_kb, pfmajor, pfminor;
	char container_id[16];  /* "host" or 12-char id */
	uint8_t container_kind; /* FCI_CT_* */
	fci_fdtable *fds;       /* shared with the process's other threads */
	uint64_t lastuse;
	/* last enter event of this thread (old captures pair enter with exit) */
	uint16_t last_enter_type;
	uint32_t last_enter_len;
	uint8_t *last_enter; /* copy of the record, malloc'd */
	size_t last_enter_cap;
} fci_thread;

typedef struct fci_threadtable {
	fci_u64map map; /* tid -> fci_thread* */
	uint32_t max;
	uint32_t max_fds;
	uint64_t evicted;
	uint64_t fds_evicted;
	size_t evict_cursor;
} fci_threadtable;

void fci_threadtable_init(fci_threadtable *t, uint32_t max_threads, uint32_t max_fds);
void fci_threadtable_free(fci_threadtable *t);
fci_thread *fci_thread_get(fci_threadtable *t, int64_t tid);
/* Creates a fresh thread entry (placeholder values, own empty fd table), or
 * replaces an existing one with the same tid. NULL on OOM. `keep` is never
 * evicted (the thread being worked on, e.g. a clone's parent). */
fci_thread *fci_thread_add(fci_threadtable *t, int64_t tid, uint64_t now, const fci_thread *keep);
void fci_thread_del(fci_threadtable *t, int64_t tid);
void fci_thread_free(fci_thread *th);
/* The leader of th's process (th itself when it is the leader or unknown). */
fci_thread *fci_thread_main(fci_threadtable *t, fci_thread *th);
/* Recomputes th->cmdline from comm and args. */
int fci_thread_update_cmdline(fci_thread *th);
/* Replace a malloc'd string field with a copy of (s, n). */
int fci_setstr(char **dst, const char *s, size_t n);
int fci_setbuf(char **dst, size_t *dlen, const char *s, size_t n);

#endif

/* ---- containers (container.c) ---- */
enum {
	FCI_CT_HOST = 0,
	FCI_CT_DOCKER,
	FCI_CT_CRI, /* containerd / cri-o under Kubernetes */
	FCI_CT_CONTAINERD,
	FCI_CT_CRIO,
	FCI_CT_PODMAN,
	FCI_CT_LXC,
	FCI_CT_LIBVIRT_LXC,
	FCI_CT_NSPAWN,
};
/* Container id from one cgroup path. Writes a NUL-terminated id (12 chars
 * for hex ids, the name for LXC/nspawn, at most idlen-1) and returns the
 * FCI_CT_* kind; FCI_CT_HOST (and "host") when the path is no container's. */
int fci_container_from_cgroup(const char *path, size_t len, char *id, size_t idlen);
/* Same over a list of cgroups: NUL-separated "subsys=path" entries (the
 * execve/clone `cgroups` parameter). First match wins. */
int fci_container_from_cgroups(const char *cgroups, size_t len, char *id, size_t idlen);
/* Name of an FCI_CT_* kind as container.type prints it. */
const char *fci_container_type_name(int kind);

/* ---- users and groups (users.c) ---- */
typedef struct fci_user {
	uint32_t id;
	char *name;
	char *homedir; /* users only */
	char *shell;   /* users only */
} fci_user;

typedef struct fci_usertable {
	fci_u64map users;  /* uid -> fci_user* */
	fci_u64map groups; /* gid -> fci_user* */
	bool have_capture; /* entries came from a capture: do not read /etc */
	bool loaded_host;
	char *host_root;
} fci_usertable;

void fci_usertable_init(fci_usertable *t, const char *host_root);
void fci_usertable_free(fci_usertable *t);
int fci_usertable_add_user(fci_usertable *t, uint32_t uid, const char *name, const char *home,
                           const char *shell);
int fci_usertable_add_group(fci_usertable *t, uint32_t gid, const char *name);
/* Loads <host_root>/etc/passwd and /etc/group once (unless capture lists
 * were given). */
void fci_usertable_load_host(fci_usertable *t);
const fci_user *fci_user_get(fci_usertable *t, uint32_t uid);
const fci_user *fci_group_get(fci_usertable *t, uint32_t gid);

/* ---- the source (source.c, fields.c, proc_scan.c) ---- */

/* What an event code does to the state (computed once from the table). */
typedef enum fci_action {
	FCI_A_NONE = 0,
	FCI_A_OPEN,    /* open, openat, openat2, creat, open_by_handle_at (exit) */
	FCI_A_CLOSE,   /* close (exit) */
	FCI_A_SOCKET,  /* socket (exit) */
	FCI_A_CONNECT, /* connect (exit) */
	FCI_A_ACCEPT,  /* accept, accept4 (exit) */
	FCI_A_BIND,
	FCI_A_LISTEN,
	FCI_A_DUP, /* dup, dup2, dup3 (exit) */
	FCI_A_FCNTL,
	FCI_A_PIPE,     /* pipe, pipe2 */
	FCI_A_EVENTFD,  /* eventfd, eventfd2 */
	FCI_A_SIGNALFD, /* signalfd, signalfd4 */
	FCI_A_TIMERFD,
	FCI_A_INOTIFY,
	FCI_A_EPOLL,
	FCI_A_USERFAULTFD,
	FCI_A_MEMFD,
	FCI_A_PIDFD,
	FCI_A_BPF,
	FCI_A_IOURING,
	FCI_A_SOCKETPAIR,
	FCI_A_CLONE,  /* clone, fork, vfork, clone3 (exit) */
	FCI_A_EXECVE, /* execve, execveat (exit) */
	FCI_A_PROCEXIT,
	FCI_A_CHDIR,
	FCI_A_FCHDIR,
	FCI_A_SETUID, /* setuid, setresuid, setreuid */
	FCI_A_SETGID,
	FCI_A_SETSID,
	FCI_A_SETPGID,
	FCI_A_CAPSET,
	FCI_A_PRCTL,
	FCI_A_FSPATH, /* rename/link/symlink/mkdir/unlink/rmdir...: fs.path.* */
	FCI_A_CHROOT,
} fci_action;

/* Open-like semantics for evt.is_open_*. */
enum { FCI_K_OPEN = 1, FCI_K_EXEC_OPEN = 2 };

typedef struct fci_type_info {
	uint8_t action;  /* fci_action */
	bool exit;       /* '<' */
	bool is_open;    /* open-family exit: evt.is_open_* apply */
	int8_t fd_param; /* index of an "fd" PT_FD parameter, else -1 */
	int8_t res_param;
	int8_t name_param; /* open/creat name, chdir path */
	int8_t flags_param;
	int8_t dirfd_param;
	int8_t dev_param, ino_param; /* open exits */
} fci_type_info;

/* The per-event decoded form handed out in fc_event.decoded. */
typedef struct fci_sysevt {
	fci_sevt e;
	const fci_type_info *ti; /* parameter indexes of e's type */
	const fci_sevt *enter;   /* paired enter event of this thread (old captures), or NULL */
	fci_sevt enter_buf;
	uint64_t num;
	fci_thread *th;
	fci_fd *fd; /* fd the event works on, or NULL */
	int64_t fdnum;
	bool has_fdnum;
	bool fd_name_changed;
	const char *fs_name, *fs_source, *fs_target;          /* resolved, per-event arena */
	const char *fs_nameraw, *fs_sourceraw, *fs_targetraw; /* as passed */
} fci_sysevt;

struct fc_syscall_source {
	fc_source_ops ops;
	fc_syscall_opts opts;
	char *host_root;
	fci_threadtable threads;
	fci_usertable users;
	fci_type_info *tinfo; /* per code */
	const char **code_names;
	uint32_t n_codes;
	fci_sysevt cur;
	fci_arena ev_arena; /* per-event strings (reset by each process call) */
	/* removals deferred until the next event */
	int64_t pending_exit_tid;
	bool has_pending_exit;
	int64_t pending_close_fd;
	int64_t pending_close_tid;
	bool has_pending_close;
	uint64_t first_ts, prev_ts, cur_ts;
	bool live;
	char hostname[256];
	fc_syscall_stats stats;
	fci_scap_sink sink;
	fci_strmap arg_names; /* interned evt.arg names -> id+1 */
	char **arg_name_list;
	size_t n_arg_names, cap_arg_names;
	char ct_name[256], ct_image[512], ct_for[16]; /* container_meta cache (last id) */
	int ct_rc;
};

/* fields.c */
extern const fc_field_def fci_syscall_fields[];
extern const size_t fci_syscall_n_fields;
int fci_syscall_resolve(void *ctx, fc_field_ref *ref, char *err, size_t errlen);
int fci_syscall_extract(void *ctx, const fc_event *ev, const fc_field_ref *ref, fc_scratch *scratch,
                        fc_value *out);

/* source.c helpers used by proc_scan.c and fields.c */
fci_thread *fci_src_thread_new(fc_syscall_source *src, int64_t tid);
/* Joins base and a relative path, normalising "." and "..": malloc'd. */
char *fci_path_join(const char *base, const char *rel, size_t rlen);
/* Fills th from /proc/<tid> under procfs; FC_OK or FC_ENOENT. */
int fci_proc_read_thread(fc_syscall_source *src, const char *procfs, int64_t pid, int64_t tid,
                         bool with_fds);
