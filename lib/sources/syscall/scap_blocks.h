/* SPDX-License-Identifier: Apache-2.0 */
/* Records carried by the header blocks of .scap capture files (process list,
 * fd list, user and group lists, machine info) and the sink through which
 * the capture reader hands them to the syscall source's state (and through
 * which the state is dumped back when writing a capture).
 *
 * Contract between scap_reader.c / scap_writer.c (area "scap") and the
 * state layer in source.c (area "sysstate"):
 *  - the reader calls fci_syscall_source_sink(src) once in fc_capture_open()
 *    and then the sink callbacks for every record, in file order (machine
 *    info first, then threads, fds, users, groups as the blocks come);
 *  - the writer calls fci_syscall_source_dump(src, sink) once in
 *    fc_capture_writer_open(); the source calls sink->thread for each thread
 *    and sink->fd for each fd (any order), user/group when it has them.
 * All strings are borrowed for the duration of the callback only, are not
 * NUL-terminated unless stated, and may be empty (len 0). A callback returns
 * FC_OK, or a negative status that aborts the read/dump with that status. */
#ifndef FCI_SCAP_BLOCKS_H
#define FCI_SCAP_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#include <falcocore/syscall.h>

/* A borrowed byte string. */
typedef struct fci_bstr {
	const char *p;
	size_t len;
} fci_bstr;

/* fd types (libscap's scap_fd_type numbering, as stored in FDL blocks). */
typedef enum fci_fd_type {
	FCI_FD_UNKNOWN = 0,
	FCI_FD_FILE = 1,
	FCI_FD_DIRECTORY = 2,
	FCI_FD_IPV4_SOCK = 3,
	FCI_FD_IPV6_SOCK = 4,
	FCI_FD_IPV4_SERVSOCK = 5,
	FCI_FD_IPV6_SERVSOCK = 6,
	FCI_FD_FIFO = 7,
	FCI_FD_UNIX_SOCK = 8,
	FCI_FD_EVENT = 9,
	FCI_FD_UNSUPPORTED = 10,
	FCI_FD_SIGNALFD = 11,
	FCI_FD_EVENTPOLL = 12,
	FCI_FD_INOTIFY = 13,
	FCI_FD_TIMERFD = 14,
	FCI_FD_NETLINK = 15,
	FCI_FD_FILE_V2 = 16,
	FCI_FD_BPF = 17,
	FCI_FD_USERFAULTFD = 18,
	FCI_FD_IOURING = 19,
	FCI_FD_MEMFD = 20,
	FCI_FD_PIDFD = 21,
} fci_fd_type;

/* One thread of a process-list block (any PL version; fields missing in
 * older versions are 0 / empty). */
typedef struct fci_proc_rec {
	uint64_t tid, pid, ptid, sid, vpgid, pgid;
	fci_bstr comm;    /* thread name */
	fci_bstr exe;     /* argv[0] as the kernel reports it */
	fci_bstr exepath; /* full executable path (PL V5+), else empty */
	fci_bstr args;    /* arguments after argv[0], NUL-separated (the last NUL may be missing) */
	fci_bstr env;     /* environment entries, NUL-separated (the last NUL may be missing) */
	fci_bstr cwd;
	fci_bstr cgroups; /* "subsys=path" entries, NUL-separated */
	fci_bstr root;    /* chroot dir (PL V7+), else empty */
	uint64_t fdlimit;
	uint64_t pfmajor, pfminor;
	uint32_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint32_t flags; /* PPM_CL_* bits */
	uint32_t uid, gid;
	uint32_t loginuid; /* UINT32_MAX when unknown */
	uint32_t tty;
	int64_t vtid, vpid; /* -1 when unknown */
	uint64_t exe_ino, exe_ino_ctime, exe_ino_mtime;
	uint64_t pidns_init_start_ts, clone_ts;
	uint64_t cap_inheritable, cap_permitted, cap_effective;
	uint8_t exe_writable, exe_upper_layer, exe_lower_layer, exe_from_memfd;
} fci_proc_rec;

/* One fd of an fd-list block. Which fields are set depends on type. */
typedef struct fci_fd_rec {
	uint64_t tid;
	int64_t fd;
	uint64_t ino;
	uint8_t type; /* fci_fd_type */
	uint32_t open_flags, mount_id, dev;
	/* IPV4_SOCK / IPV6_SOCK: source and destination; SERVSOCK: sip/sport only.
	 * IPv4 addresses use the first 4 bytes, network byte order. */
	uint8_t sip[16], dip[16];
	uint16_t sport, dport;
	uint8_t l4proto;
	/* UNIX_SOCK: kernel socket addresses. */
	uint64_t unix_source, unix_dest;
	fci_bstr name; /* path for files/dirs/fifos/unix sockets, else empty */
} fci_fd_rec;

typedef struct fci_user_rec {
	uint32_t uid, gid;
	fci_bstr name, home, shell, container_id;
} fci_user_rec;

typedef struct fci_group_rec {
	uint32_t gid;
	fci_bstr name, container_id;
} fci_group_rec;

typedef struct fci_machine_rec {
	uint32_t num_cpus;
	uint64_t memory_size_bytes;
	uint64_t max_cpu_frequency;
	uint64_t page_size;
	uint64_t boot_ts_epoch; /* 0 when the file does not say */
	fci_bstr hostname;
} fci_machine_rec;

typedef struct fci_scap_sink {
	void *ctx;
	int (*machine)(void *ctx, const fci_machine_rec *rec); /* may be NULL */
	int (*thread)(void *ctx, const fci_proc_rec *rec);     /* may be NULL */
	int (*fd)(void *ctx, const fci_fd_rec *rec);           /* may be NULL */
	int (*user)(void *ctx, const fci_user_rec *rec);       /* may be NULL */
	int (*group)(void *ctx, const fci_group_rec *rec);     /* may be NULL */
} fci_scap_sink;

/* Implemented by the state layer (source.c): the sink that loads capture
 * header records into src's tables. src may be NULL: returns NULL (records
 * are then only validated). */
const fci_scap_sink *fci_syscall_source_sink(fc_syscall_source *src);

/* Implemented by the state layer (source.c): calls out's callbacks for every
 * thread and fd (and user/group) currently in src. Returns FC_OK or the
 * first negative status a callback returned. */
int fci_syscall_source_dump(const fc_syscall_source *src, const fci_scap_sink *out);

#endif
