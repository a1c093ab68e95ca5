/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_SYSCALL_ABI_H
#define FALCOCORE_SYSCALL_ABI_H

/** @file
 * @brief The scap event record layout shared by the syscall source, capture
 * files and the eBPF probe (probe/ includes this header too). Facts from the
 * scap format used by Falco's drivers: a packed header, then one length per
 * parameter (16-bit, or 32-bit for large-payload events), then the parameters.
 * Event numbers (FC_PPME_*) follow libscap's numbering. */

#ifndef __bpf__
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Header of every scap event record (26 bytes, packed, little-endian). */
struct fc_scap_evt_hdr {
	uint64_t ts;      /**< Timestamp, nanoseconds since the epoch. */
	uint64_t tid;     /**< Thread id that generated the event. */
	uint32_t len;     /**< Total record length, header included. */
	uint16_t type;    /**< Event type (FC_PPME_* numbering). */
	uint32_t nparams; /**< Number of parameters. */
} __attribute__((packed));

/** Size of ::fc_scap_evt_hdr in bytes. */
#define FC_SCAP_HDR_LEN 26

/**
 * @brief Event type codes (libscap's `ppm_event_code` numbering). Even codes
 * are enter events (`_E`), odd codes exit events (`_X`); a number suffix
 * (`_8`, `_19`) marks an older or newer layout of the same event, which
 * capture files may still contain. Codes are never renumbered.
 */
enum fc_ppme {
	FC_PPME_GENERIC_E = 0,                     /**< generic enter. */
	FC_PPME_GENERIC_X = 1,                     /**< generic exit. */
	FC_PPME_SYSCALL_OPEN_E = 2,                /**< syscall_open enter. */
	FC_PPME_SYSCALL_OPEN_X = 3,                /**< syscall_open exit. */
	FC_PPME_SYSCALL_CLOSE_E = 4,               /**< syscall_close enter. */
	FC_PPME_SYSCALL_CLOSE_X = 5,               /**< syscall_close exit. */
	FC_PPME_SYSCALL_READ_E = 6,                /**< syscall_read enter. */
	FC_PPME_SYSCALL_READ_X = 7,                /**< syscall_read exit. */
	FC_PPME_SYSCALL_WRITE_E = 8,               /**< syscall_write enter. */
	FC_PPME_SYSCALL_WRITE_X = 9,               /**< syscall_write exit. */
	FC_PPME_SYSCALL_BRK_1_E = 10,              /**< syscall_brk_1 enter. */
	FC_PPME_SYSCALL_BRK_1_X = 11,              /**< syscall_brk_1 exit. */
	FC_PPME_SYSCALL_EXECVE_8_E = 12,           /**< syscall_execve_8 enter. */
	FC_PPME_SYSCALL_EXECVE_8_X = 13,           /**< syscall_execve_8 exit. */
	FC_PPME_SYSCALL_CLONE_11_E = 14,           /**< syscall_clone_11 enter. */
	FC_PPME_SYSCALL_CLONE_11_X = 15,           /**< syscall_clone_11 exit. */
	FC_PPME_PROCEXIT_E = 16,                   /**< procexit enter. */
	FC_PPME_PROCEXIT_X = 17,                   /**< procexit exit. */
	FC_PPME_SOCKET_SOCKET_E = 18,              /**< socket_socket enter. */
	FC_PPME_SOCKET_SOCKET_X = 19,              /**< socket_socket exit. */
	FC_PPME_SOCKET_BIND_E = 20,                /**< socket_bind enter. */
	FC_PPME_SOCKET_BIND_X = 21,                /**< socket_bind exit. */
	FC_PPME_SOCKET_CONNECT_E = 22,             /**< socket_connect enter. */
	FC_PPME_SOCKET_CONNECT_X = 23,             /**< socket_connect exit. */
	FC_PPME_SOCKET_LISTEN_E = 24,              /**< socket_listen enter. */
	FC_PPME_SOCKET_LISTEN_X = 25,              /**< socket_listen exit. */
	FC_PPME_SOCKET_ACCEPT_E = 26,              /**< socket_accept enter. */
	FC_PPME_SOCKET_ACCEPT_X = 27,              /**< socket_accept exit. */
	FC_PPME_SOCKET_SEND_E = 28,                /**< socket_send enter. */
	FC_PPME_SOCKET_SEND_X = 29,                /**< socket_send exit. */
	FC_PPME_SOCKET_SENDTO_E = 30,              /**< socket_sendto enter. */
	FC_PPME_SOCKET_SENDTO_X = 31,              /**< socket_sendto exit. */
	FC_PPME_SOCKET_RECV_E = 32,                /**< socket_recv enter. */
	FC_PPME_SOCKET_RECV_X = 33,                /**< socket_recv exit. */
	FC_PPME_SOCKET_RECVFROM_E = 34,            /**< socket_recvfrom enter. */
	FC_PPME_SOCKET_RECVFROM_X = 35,            /**< socket_recvfrom exit. */
	FC_PPME_SOCKET_SHUTDOWN_E = 36,            /**< socket_shutdown enter. */
	FC_PPME_SOCKET_SHUTDOWN_X = 37,            /**< socket_shutdown exit. */
	FC_PPME_SOCKET_GETSOCKNAME_E = 38,         /**< socket_getsockname enter. */
	FC_PPME_SOCKET_GETSOCKNAME_X = 39,         /**< socket_getsockname exit. */
	FC_PPME_SOCKET_GETPEERNAME_E = 40,         /**< socket_getpeername enter. */
	FC_PPME_SOCKET_GETPEERNAME_X = 41,         /**< socket_getpeername exit. */
	FC_PPME_SOCKET_SOCKETPAIR_E = 42,          /**< socket_socketpair enter. */
	FC_PPME_SOCKET_SOCKETPAIR_X = 43,          /**< socket_socketpair exit. */
	FC_PPME_SOCKET_SETSOCKOPT_E = 44,          /**< socket_setsockopt enter. */
	FC_PPME_SOCKET_SETSOCKOPT_X = 45,          /**< socket_setsockopt exit. */
	FC_PPME_SOCKET_GETSOCKOPT_E = 46,          /**< socket_getsockopt enter. */
	FC_PPME_SOCKET_GETSOCKOPT_X = 47,          /**< socket_getsockopt exit. */
	FC_PPME_SOCKET_SENDMSG_E = 48,             /**< socket_sendmsg enter. */
	FC_PPME_SOCKET_SENDMSG_X = 49,             /**< socket_sendmsg exit. */
	FC_PPME_SOCKET_SENDMMSG_E = 50,            /**< socket_sendmmsg enter. */
	FC_PPME_SOCKET_SENDMMSG_X = 51,            /**< socket_sendmmsg exit. */
	FC_PPME_SOCKET_RECVMSG_E = 52,             /**< socket_recvmsg enter. */
	FC_PPME_SOCKET_RECVMSG_X = 53,             /**< socket_recvmsg exit. */
	FC_PPME_SOCKET_RECVMMSG_E = 54,            /**< socket_recvmmsg enter. */
	FC_PPME_SOCKET_RECVMMSG_X = 55,            /**< socket_recvmmsg exit. */
	FC_PPME_SOCKET_ACCEPT4_E = 56,             /**< socket_accept4 enter. */
	FC_PPME_SOCKET_ACCEPT4_X = 57,             /**< socket_accept4 exit. */
	FC_PPME_SYSCALL_CREAT_E = 58,              /**< syscall_creat enter. */
	FC_PPME_SYSCALL_CREAT_X = 59,              /**< syscall_creat exit. */
	FC_PPME_SYSCALL_PIPE_E = 60,               /**< syscall_pipe enter. */
	FC_PPME_SYSCALL_PIPE_X = 61,               /**< syscall_pipe exit. */
	FC_PPME_SYSCALL_EVENTFD_E = 62,            /**< syscall_eventfd enter. */
	FC_PPME_SYSCALL_EVENTFD_X = 63,            /**< syscall_eventfd exit. */
	FC_PPME_SYSCALL_FUTEX_E = 64,              /**< syscall_futex enter. */
	FC_PPME_SYSCALL_FUTEX_X = 65,              /**< syscall_futex exit. */
	FC_PPME_SYSCALL_STAT_E = 66,               /**< syscall_stat enter. */
	FC_PPME_SYSCALL_STAT_X = 67,               /**< syscall_stat exit. */
	FC_PPME_SYSCALL_LSTAT_E = 68,              /**< syscall_lstat enter. */
	FC_PPME_SYSCALL_LSTAT_X = 69,              /**< syscall_lstat exit. */
	FC_PPME_SYSCALL_FSTAT_E = 70,              /**< syscall_fstat enter. */
	FC_PPME_SYSCALL_FSTAT_X = 71,              /**< syscall_fstat exit. */
	FC_PPME_SYSCALL_STAT64_E = 72,             /**< syscall_stat64 enter. */
	FC_PPME_SYSCALL_STAT64_X = 73,             /**< syscall_stat64 exit. */
	FC_PPME_SYSCALL_LSTAT64_E = 74,            /**< syscall_lstat64 enter. */
	FC_PPME_SYSCALL_LSTAT64_X = 75,            /**< syscall_lstat64 exit. */
	FC_PPME_SYSCALL_FSTAT64_E = 76,            /**< syscall_fstat64 enter. */
	FC_PPME_SYSCALL_FSTAT64_X = 77,            /**< syscall_fstat64 exit. */
	FC_PPME_SYSCALL_EPOLLWAIT_E = 78,          /**< syscall_epollwait enter. */
	FC_PPME_SYSCALL_EPOLLWAIT_X = 79,          /**< syscall_epollwait exit. */
	FC_PPME_SYSCALL_POLL_E = 80,               /**< syscall_poll enter. */
	FC_PPME_SYSCALL_POLL_X = 81,               /**< syscall_poll exit. */
	FC_PPME_SYSCALL_SELECT_E = 82,             /**< syscall_select enter. */
	FC_PPME_SYSCALL_SELECT_X = 83,             /**< syscall_select exit. */
	FC_PPME_SYSCALL_NEWSELECT_E = 84,          /**< syscall_newselect enter. */
	FC_PPME_SYSCALL_NEWSELECT_X = 85,          /**< syscall_newselect exit. */
	FC_PPME_SYSCALL_LSEEK_E = 86,              /**< syscall_lseek enter. */
	FC_PPME_SYSCALL_LSEEK_X = 87,              /**< syscall_lseek exit. */
	FC_PPME_SYSCALL_LLSEEK_E = 88,             /**< syscall_llseek enter. */
	FC_PPME_SYSCALL_LLSEEK_X = 89,             /**< syscall_llseek exit. */
	FC_PPME_SYSCALL_IOCTL_2_E = 90,            /**< syscall_ioctl_2 enter. */
	FC_PPME_SYSCALL_IOCTL_2_X = 91,            /**< syscall_ioctl_2 exit. */
	FC_PPME_SYSCALL_GETCWD_E = 92,             /**< syscall_getcwd enter. */
	FC_PPME_SYSCALL_GETCWD_X = 93,             /**< syscall_getcwd exit. */
	FC_PPME_SYSCALL_CHDIR_E = 94,              /**< syscall_chdir enter. */
	FC_PPME_SYSCALL_CHDIR_X = 95,              /**< syscall_chdir exit. */
	FC_PPME_SYSCALL_FCHDIR_E = 96,             /**< syscall_fchdir enter. */
	FC_PPME_SYSCALL_FCHDIR_X = 97,             /**< syscall_fchdir exit. */
	FC_PPME_SYSCALL_MKDIR_E = 98,              /**< syscall_mkdir enter. */
	FC_PPME_SYSCALL_MKDIR_X = 99,              /**< syscall_mkdir exit. */
	FC_PPME_SYSCALL_RMDIR_E = 100,             /**< syscall_rmdir enter. */
	FC_PPME_SYSCALL_RMDIR_X = 101,             /**< syscall_rmdir exit. */
	FC_PPME_SYSCALL_OPENAT_E = 102,            /**< syscall_openat enter. */
	FC_PPME_SYSCALL_OPENAT_X = 103,            /**< syscall_openat exit. */
	FC_PPME_SYSCALL_LINK_E = 104,              /**< syscall_link enter. */
	FC_PPME_SYSCALL_LINK_X = 105,              /**< syscall_link exit. */
	FC_PPME_SYSCALL_LINKAT_E = 106,            /**< syscall_linkat enter. */
	FC_PPME_SYSCALL_LINKAT_X = 107,            /**< syscall_linkat exit. */
	FC_PPME_SYSCALL_UNLINK_E = 108,            /**< syscall_unlink enter. */
	FC_PPME_SYSCALL_UNLINK_X = 109,            /**< syscall_unlink exit. */
	FC_PPME_SYSCALL_UNLINKAT_E = 110,          /**< syscall_unlinkat enter. */
	FC_PPME_SYSCALL_UNLINKAT_X = 111,          /**< syscall_unlinkat exit. */
	FC_PPME_SYSCALL_PREAD_E = 112,             /**< syscall_pread enter. */
	FC_PPME_SYSCALL_PREAD_X = 113,             /**< syscall_pread exit. */
	FC_PPME_SYSCALL_PWRITE_E = 114,            /**< syscall_pwrite enter. */
	FC_PPME_SYSCALL_PWRITE_X = 115,            /**< syscall_pwrite exit. */
	FC_PPME_SYSCALL_READV_E = 116,             /**< syscall_readv enter. */
	FC_PPME_SYSCALL_READV_X = 117,             /**< syscall_readv exit. */
	FC_PPME_SYSCALL_WRITEV_E = 118,            /**< syscall_writev enter. */
	FC_PPME_SYSCALL_WRITEV_X = 119,            /**< syscall_writev exit. */
	FC_PPME_SYSCALL_PREADV_E = 120,            /**< syscall_preadv enter. */
	FC_PPME_SYSCALL_PREADV_X = 121,            /**< syscall_preadv exit. */
	FC_PPME_SYSCALL_PWRITEV_E = 122,           /**< syscall_pwritev enter. */
	FC_PPME_SYSCALL_PWRITEV_X = 123,           /**< syscall_pwritev exit. */
	FC_PPME_SYSCALL_DUP_E = 124,               /**< syscall_dup enter. */
	FC_PPME_SYSCALL_DUP_X = 125,               /**< syscall_dup exit. */
	FC_PPME_SYSCALL_SIGNALFD_E = 126,          /**< syscall_signalfd enter. */
	FC_PPME_SYSCALL_SIGNALFD_X = 127,          /**< syscall_signalfd exit. */
	FC_PPME_SYSCALL_KILL_E = 128,              /**< syscall_kill enter. */
	FC_PPME_SYSCALL_KILL_X = 129,              /**< syscall_kill exit. */
	FC_PPME_SYSCALL_TKILL_E = 130,             /**< syscall_tkill enter. */
	FC_PPME_SYSCALL_TKILL_X = 131,             /**< syscall_tkill exit. */
	FC_PPME_SYSCALL_TGKILL_E = 132,            /**< syscall_tgkill enter. */
	FC_PPME_SYSCALL_TGKILL_X = 133,            /**< syscall_tgkill exit. */
	FC_PPME_SYSCALL_NANOSLEEP_E = 134,         /**< syscall_nanosleep enter. */
	FC_PPME_SYSCALL_NANOSLEEP_X = 135,         /**< syscall_nanosleep exit. */
	FC_PPME_SYSCALL_TIMERFD_CREATE_E = 136,    /**< syscall_timerfd_create enter. */
	FC_PPME_SYSCALL_TIMERFD_CREATE_X = 137,    /**< syscall_timerfd_create exit. */
	FC_PPME_SYSCALL_INOTIFY_INIT_E = 138,      /**< syscall_inotify_init enter. */
	FC_PPME_SYSCALL_INOTIFY_INIT_X = 139,      /**< syscall_inotify_init exit. */
	FC_PPME_SYSCALL_GETRLIMIT_E = 140,         /**< syscall_getrlimit enter. */
	FC_PPME_SYSCALL_GETRLIMIT_X = 141,         /**< syscall_getrlimit exit. */
	FC_PPME_SYSCALL_SETRLIMIT_E = 142,         /**< syscall_setrlimit enter. */
	FC_PPME_SYSCALL_SETRLIMIT_X = 143,         /**< syscall_setrlimit exit. */
	FC_PPME_SYSCALL_PRLIMIT_E = 144,           /**< syscall_prlimit enter. */
	FC_PPME_SYSCALL_PRLIMIT_X = 145,           /**< syscall_prlimit exit. */
	FC_PPME_SCHEDSWITCH_1_E = 146,             /**< schedswitch_1 enter. */
	FC_PPME_SCHEDSWITCH_1_X = 147,             /**< schedswitch_1 exit. */
	FC_PPME_DROP_E = 148,                      /**< drop enter. */
	FC_PPME_DROP_X = 149,                      /**< drop exit. */
	FC_PPME_SYSCALL_FCNTL_E = 150,             /**< syscall_fcntl enter. */
	FC_PPME_SYSCALL_FCNTL_X = 151,             /**< syscall_fcntl exit. */
	FC_PPME_SCHEDSWITCH_6_E = 152,             /**< schedswitch_6 enter. */
	FC_PPME_SCHEDSWITCH_6_X = 153,             /**< schedswitch_6 exit. */
	FC_PPME_SYSCALL_EXECVE_13_E = 154,         /**< syscall_execve_13 enter. */
	FC_PPME_SYSCALL_EXECVE_13_X = 155,         /**< syscall_execve_13 exit. */
	FC_PPME_SYSCALL_CLONE_16_E = 156,          /**< syscall_clone_16 enter. */
	FC_PPME_SYSCALL_CLONE_16_X = 157,          /**< syscall_clone_16 exit. */
	FC_PPME_SYSCALL_BRK_4_E = 158,             /**< syscall_brk_4 enter. */
	FC_PPME_SYSCALL_BRK_4_X = 159,             /**< syscall_brk_4 exit. */
	FC_PPME_SYSCALL_MMAP_E = 160,              /**< syscall_mmap enter. */
	FC_PPME_SYSCALL_MMAP_X = 161,              /**< syscall_mmap exit. */
	FC_PPME_SYSCALL_MMAP2_E = 162,             /**< syscall_mmap2 enter. */
	FC_PPME_SYSCALL_MMAP2_X = 163,             /**< syscall_mmap2 exit. */
	FC_PPME_SYSCALL_MUNMAP_E = 164,            /**< syscall_munmap enter. */
	FC_PPME_SYSCALL_MUNMAP_X = 165,            /**< syscall_munmap exit. */
	FC_PPME_SYSCALL_SPLICE_E = 166,            /**< syscall_splice enter. */
	FC_PPME_SYSCALL_SPLICE_X = 167,            /**< syscall_splice exit. */
	FC_PPME_SYSCALL_PTRACE_E = 168,            /**< syscall_ptrace enter. */
	FC_PPME_SYSCALL_PTRACE_X = 169,            /**< syscall_ptrace exit. */
	FC_PPME_SYSCALL_IOCTL_3_E = 170,           /**< syscall_ioctl_3 enter. */
	FC_PPME_SYSCALL_IOCTL_3_X = 171,           /**< syscall_ioctl_3 exit. */
	FC_PPME_SYSCALL_EXECVE_14_E = 172,         /**< syscall_execve_14 enter. */
	FC_PPME_SYSCALL_EXECVE_14_X = 173,         /**< syscall_execve_14 exit. */
	FC_PPME_SYSCALL_RENAME_E = 174,            /**< syscall_rename enter. */
	FC_PPME_SYSCALL_RENAME_X = 175,            /**< syscall_rename exit. */
	FC_PPME_SYSCALL_RENAMEAT_E = 176,          /**< syscall_renameat enter. */
	FC_PPME_SYSCALL_RENAMEAT_X = 177,          /**< syscall_renameat exit. */
	FC_PPME_SYSCALL_SYMLINK_E = 178,           /**< syscall_symlink enter. */
	FC_PPME_SYSCALL_SYMLINK_X = 179,           /**< syscall_symlink exit. */
	FC_PPME_SYSCALL_SYMLINKAT_E = 180,         /**< syscall_symlinkat enter. */
	FC_PPME_SYSCALL_SYMLINKAT_X = 181,         /**< syscall_symlinkat exit. */
	FC_PPME_SYSCALL_FORK_E = 182,              /**< syscall_fork enter. */
	FC_PPME_SYSCALL_FORK_X = 183,              /**< syscall_fork exit. */
	FC_PPME_SYSCALL_VFORK_E = 184,             /**< syscall_vfork enter. */
	FC_PPME_SYSCALL_VFORK_X = 185,             /**< syscall_vfork exit. */
	FC_PPME_PROCEXIT_1_E = 186,                /**< procexit_1 enter. */
	FC_PPME_PROCEXIT_1_X = 187,                /**< procexit_1 exit. */
	FC_PPME_SYSCALL_SENDFILE_E = 188,          /**< syscall_sendfile enter. */
	FC_PPME_SYSCALL_SENDFILE_X = 189,          /**< syscall_sendfile exit. */
	FC_PPME_SYSCALL_QUOTACTL_E = 190,          /**< syscall_quotactl enter. */
	FC_PPME_SYSCALL_QUOTACTL_X = 191,          /**< syscall_quotactl exit. */
	FC_PPME_SYSCALL_SETRESUID_E = 192,         /**< syscall_setresuid enter. */
	FC_PPME_SYSCALL_SETRESUID_X = 193,         /**< syscall_setresuid exit. */
	FC_PPME_SYSCALL_SETRESGID_E = 194,         /**< syscall_setresgid enter. */
	FC_PPME_SYSCALL_SETRESGID_X = 195,         /**< syscall_setresgid exit. */
	FC_PPME_SCAPEVENT_E = 196,                 /**< scapevent enter. */
	FC_PPME_SCAPEVENT_X = 197,                 /**< scapevent exit. */
	FC_PPME_SYSCALL_SETUID_E = 198,            /**< syscall_setuid enter. */
	FC_PPME_SYSCALL_SETUID_X = 199,            /**< syscall_setuid exit. */
	FC_PPME_SYSCALL_SETGID_E = 200,            /**< syscall_setgid enter. */
	FC_PPME_SYSCALL_SETGID_X = 201,            /**< syscall_setgid exit. */
	FC_PPME_SYSCALL_GETUID_E = 202,            /**< syscall_getuid enter. */
	FC_PPME_SYSCALL_GETUID_X = 203,            /**< syscall_getuid exit. */
	FC_PPME_SYSCALL_GETEUID_E = 204,           /**< syscall_geteuid enter. */
	FC_PPME_SYSCALL_GETEUID_X = 205,           /**< syscall_geteuid exit. */
	FC_PPME_SYSCALL_GETGID_E = 206,            /**< syscall_getgid enter. */
	FC_PPME_SYSCALL_GETGID_X = 207,            /**< syscall_getgid exit. */
	FC_PPME_SYSCALL_GETEGID_E = 208,           /**< syscall_getegid enter. */
	FC_PPME_SYSCALL_GETEGID_X = 209,           /**< syscall_getegid exit. */
	FC_PPME_SYSCALL_GETRESUID_E = 210,         /**< syscall_getresuid enter. */
	FC_PPME_SYSCALL_GETRESUID_X = 211,         /**< syscall_getresuid exit. */
	FC_PPME_SYSCALL_GETRESGID_E = 212,         /**< syscall_getresgid enter. */
	FC_PPME_SYSCALL_GETRESGID_X = 213,         /**< syscall_getresgid exit. */
	FC_PPME_SYSCALL_EXECVE_15_E = 214,         /**< syscall_execve_15 enter. */
	FC_PPME_SYSCALL_EXECVE_15_X = 215,         /**< syscall_execve_15 exit. */
	FC_PPME_SYSCALL_CLONE_17_E = 216,          /**< syscall_clone_17 enter. */
	FC_PPME_SYSCALL_CLONE_17_X = 217,          /**< syscall_clone_17 exit. */
	FC_PPME_SYSCALL_FORK_17_E = 218,           /**< syscall_fork_17 enter. */
	FC_PPME_SYSCALL_FORK_17_X = 219,           /**< syscall_fork_17 exit. */
	FC_PPME_SYSCALL_VFORK_17_E = 220,          /**< syscall_vfork_17 enter. */
	FC_PPME_SYSCALL_VFORK_17_X = 221,          /**< syscall_vfork_17 exit. */
	FC_PPME_SYSCALL_CLONE_20_E = 222,          /**< syscall_clone_20 enter. */
	FC_PPME_SYSCALL_CLONE_20_X = 223,          /**< syscall_clone_20 exit. */
	FC_PPME_SYSCALL_FORK_20_E = 224,           /**< syscall_fork_20 enter. */
	FC_PPME_SYSCALL_FORK_20_X = 225,           /**< syscall_fork_20 exit. */
	FC_PPME_SYSCALL_VFORK_20_E = 226,          /**< syscall_vfork_20 enter. */
	FC_PPME_SYSCALL_VFORK_20_X = 227,          /**< syscall_vfork_20 exit. */
	FC_PPME_CONTAINER_E = 228,                 /**< container enter. */
	FC_PPME_CONTAINER_X = 229,                 /**< container exit. */
	FC_PPME_SYSCALL_EXECVE_16_E = 230,         /**< syscall_execve_16 enter. */
	FC_PPME_SYSCALL_EXECVE_16_X = 231,         /**< syscall_execve_16 exit. */
	FC_PPME_SIGNALDELIVER_E = 232,             /**< signaldeliver enter. */
	FC_PPME_SIGNALDELIVER_X = 233,             /**< signaldeliver exit. */
	FC_PPME_PROCINFO_E = 234,                  /**< procinfo enter. */
	FC_PPME_PROCINFO_X = 235,                  /**< procinfo exit. */
	FC_PPME_SYSCALL_GETDENTS_E = 236,          /**< syscall_getdents enter. */
	FC_PPME_SYSCALL_GETDENTS_X = 237,          /**< syscall_getdents exit. */
	FC_PPME_SYSCALL_GETDENTS64_E = 238,        /**< syscall_getdents64 enter. */
	FC_PPME_SYSCALL_GETDENTS64_X = 239,        /**< syscall_getdents64 exit. */
	FC_PPME_SYSCALL_SETNS_E = 240,             /**< syscall_setns enter. */
	FC_PPME_SYSCALL_SETNS_X = 241,             /**< syscall_setns exit. */
	FC_PPME_SYSCALL_FLOCK_E = 242,             /**< syscall_flock enter. */
	FC_PPME_SYSCALL_FLOCK_X = 243,             /**< syscall_flock exit. */
	FC_PPME_CPU_HOTPLUG_E = 244,               /**< cpu_hotplug enter. */
	FC_PPME_CPU_HOTPLUG_X = 245,               /**< cpu_hotplug exit. */
	FC_PPME_SOCKET_ACCEPT_5_E = 246,           /**< socket_accept_5 enter. */
	FC_PPME_SOCKET_ACCEPT_5_X = 247,           /**< socket_accept_5 exit. */
	FC_PPME_SOCKET_ACCEPT4_5_E = 248,          /**< socket_accept4_5 enter. */
	FC_PPME_SOCKET_ACCEPT4_5_X = 249,          /**< socket_accept4_5 exit. */
	FC_PPME_SYSCALL_SEMOP_E = 250,             /**< syscall_semop enter. */
	FC_PPME_SYSCALL_SEMOP_X = 251,             /**< syscall_semop exit. */
	FC_PPME_SYSCALL_SEMCTL_E = 252,            /**< syscall_semctl enter. */
	FC_PPME_SYSCALL_SEMCTL_X = 253,            /**< syscall_semctl exit. */
	FC_PPME_SYSCALL_PPOLL_E = 254,             /**< syscall_ppoll enter. */
	FC_PPME_SYSCALL_PPOLL_X = 255,             /**< syscall_ppoll exit. */
	FC_PPME_SYSCALL_MOUNT_E = 256,             /**< syscall_mount enter. */
	FC_PPME_SYSCALL_MOUNT_X = 257,             /**< syscall_mount exit. */
	FC_PPME_SYSCALL_UMOUNT_E = 258,            /**< syscall_umount enter. */
	FC_PPME_SYSCALL_UMOUNT_X = 259,            /**< syscall_umount exit. */
	FC_PPME_K8S_E = 260,                       /**< k8s enter. */
	FC_PPME_K8S_X = 261,                       /**< k8s exit. */
	FC_PPME_SYSCALL_SEMGET_E = 262,            /**< syscall_semget enter. */
	FC_PPME_SYSCALL_SEMGET_X = 263,            /**< syscall_semget exit. */
	FC_PPME_SYSCALL_ACCESS_E = 264,            /**< syscall_access enter. */
	FC_PPME_SYSCALL_ACCESS_X = 265,            /**< syscall_access exit. */
	FC_PPME_SYSCALL_CHROOT_E = 266,            /**< syscall_chroot enter. */
	FC_PPME_SYSCALL_CHROOT_X = 267,            /**< syscall_chroot exit. */
	FC_PPME_TRACER_E = 268,                    /**< tracer enter. */
	FC_PPME_TRACER_X = 269,                    /**< tracer exit. */
	FC_PPME_MESOS_E = 270,                     /**< mesos enter. */
	FC_PPME_MESOS_X = 271,                     /**< mesos exit. */
	FC_PPME_CONTAINER_JSON_E = 272,            /**< container_json enter. */
	FC_PPME_CONTAINER_JSON_X = 273,            /**< container_json exit. */
	FC_PPME_SYSCALL_SETSID_E = 274,            /**< syscall_setsid enter. */
	FC_PPME_SYSCALL_SETSID_X = 275,            /**< syscall_setsid exit. */
	FC_PPME_SYSCALL_MKDIR_2_E = 276,           /**< syscall_mkdir_2 enter. */
	FC_PPME_SYSCALL_MKDIR_2_X = 277,           /**< syscall_mkdir_2 exit. */
	FC_PPME_SYSCALL_RMDIR_2_E = 278,           /**< syscall_rmdir_2 enter. */
	FC_PPME_SYSCALL_RMDIR_2_X = 279,           /**< syscall_rmdir_2 exit. */
	FC_PPME_NOTIFICATION_E = 280,              /**< notification enter. */
	FC_PPME_NOTIFICATION_X = 281,              /**< notification exit. */
	FC_PPME_SYSCALL_EXECVE_17_E = 282,         /**< syscall_execve_17 enter. */
	FC_PPME_SYSCALL_EXECVE_17_X = 283,         /**< syscall_execve_17 exit. */
	FC_PPME_SYSCALL_UNSHARE_E = 284,           /**< syscall_unshare enter. */
	FC_PPME_SYSCALL_UNSHARE_X = 285,           /**< syscall_unshare exit. */
	FC_PPME_INFRASTRUCTURE_EVENT_E = 286,      /**< infrastructure_event enter. */
	FC_PPME_INFRASTRUCTURE_EVENT_X = 287,      /**< infrastructure_event exit. */
	FC_PPME_SYSCALL_EXECVE_18_E = 288,         /**< syscall_execve_18 enter. */
	FC_PPME_SYSCALL_EXECVE_18_X = 289,         /**< syscall_execve_18 exit. */
	FC_PPME_PAGE_FAULT_E = 290,                /**< page_fault enter. */
	FC_PPME_PAGE_FAULT_X = 291,                /**< page_fault exit. */
	FC_PPME_SYSCALL_EXECVE_19_E = 292,         /**< syscall_execve_19 enter. */
	FC_PPME_SYSCALL_EXECVE_19_X = 293,         /**< syscall_execve_19 exit. */
	FC_PPME_SYSCALL_SETPGID_E = 294,           /**< syscall_setpgid enter. */
	FC_PPME_SYSCALL_SETPGID_X = 295,           /**< syscall_setpgid exit. */
	FC_PPME_SYSCALL_BPF_E = 296,               /**< syscall_bpf enter. */
	FC_PPME_SYSCALL_BPF_X = 297,               /**< syscall_bpf exit. */
	FC_PPME_SYSCALL_SECCOMP_E = 298,           /**< syscall_seccomp enter. */
	FC_PPME_SYSCALL_SECCOMP_X = 299,           /**< syscall_seccomp exit. */
	FC_PPME_SYSCALL_UNLINK_2_E = 300,          /**< syscall_unlink_2 enter. */
	FC_PPME_SYSCALL_UNLINK_2_X = 301,          /**< syscall_unlink_2 exit. */
	FC_PPME_SYSCALL_UNLINKAT_2_E = 302,        /**< syscall_unlinkat_2 enter. */
	FC_PPME_SYSCALL_UNLINKAT_2_X = 303,        /**< syscall_unlinkat_2 exit. */
	FC_PPME_SYSCALL_MKDIRAT_E = 304,           /**< syscall_mkdirat enter. */
	FC_PPME_SYSCALL_MKDIRAT_X = 305,           /**< syscall_mkdirat exit. */
	FC_PPME_SYSCALL_OPENAT_2_E = 306,          /**< syscall_openat_2 enter. */
	FC_PPME_SYSCALL_OPENAT_2_X = 307,          /**< syscall_openat_2 exit. */
	FC_PPME_SYSCALL_LINK_2_E = 308,            /**< syscall_link_2 enter. */
	FC_PPME_SYSCALL_LINK_2_X = 309,            /**< syscall_link_2 exit. */
	FC_PPME_SYSCALL_LINKAT_2_E = 310,          /**< syscall_linkat_2 enter. */
	FC_PPME_SYSCALL_LINKAT_2_X = 311,          /**< syscall_linkat_2 exit. */
	FC_PPME_SYSCALL_FCHMODAT_E = 312,          /**< syscall_fchmodat enter. */
	FC_PPME_SYSCALL_FCHMODAT_X = 313,          /**< syscall_fchmodat exit. */
	FC_PPME_SYSCALL_CHMOD_E = 314,             /**< syscall_chmod enter. */
	FC_PPME_SYSCALL_CHMOD_X = 315,             /**< syscall_chmod exit. */
	FC_PPME_SYSCALL_FCHMOD_E = 316,            /**< syscall_fchmod enter. */
	FC_PPME_SYSCALL_FCHMOD_X = 317,            /**< syscall_fchmod exit. */
	FC_PPME_SYSCALL_RENAMEAT2_E = 318,         /**< syscall_renameat2 enter. */
	FC_PPME_SYSCALL_RENAMEAT2_X = 319,         /**< syscall_renameat2 exit. */
	FC_PPME_SYSCALL_USERFAULTFD_E = 320,       /**< syscall_userfaultfd enter. */
	FC_PPME_SYSCALL_USERFAULTFD_X = 321,       /**< syscall_userfaultfd exit. */
	FC_PPME_PLUGINEVENT_E = 322,               /**< pluginevent enter. */
	FC_PPME_PLUGINEVENT_X = 323,               /**< pluginevent exit. */
	FC_PPME_CONTAINER_JSON_2_E = 324,          /**< container_json_2 enter. */
	FC_PPME_CONTAINER_JSON_2_X = 325,          /**< container_json_2 exit. */
	FC_PPME_SYSCALL_OPENAT2_E = 326,           /**< syscall_openat2 enter. */
	FC_PPME_SYSCALL_OPENAT2_X = 327,           /**< syscall_openat2 exit. */
	FC_PPME_SYSCALL_MPROTECT_E = 328,          /**< syscall_mprotect enter. */
	FC_PPME_SYSCALL_MPROTECT_X = 329,          /**< syscall_mprotect exit. */
	FC_PPME_SYSCALL_EXECVEAT_E = 330,          /**< syscall_execveat enter. */
	FC_PPME_SYSCALL_EXECVEAT_X = 331,          /**< syscall_execveat exit. */
	FC_PPME_SYSCALL_COPY_FILE_RANGE_E = 332,   /**< syscall_copy_file_range enter. */
	FC_PPME_SYSCALL_COPY_FILE_RANGE_X = 333,   /**< syscall_copy_file_range exit. */
	FC_PPME_SYSCALL_CLONE3_E = 334,            /**< syscall_clone3 enter. */
	FC_PPME_SYSCALL_CLONE3_X = 335,            /**< syscall_clone3 exit. */
	FC_PPME_SYSCALL_OPEN_BY_HANDLE_AT_E = 336, /**< syscall_open_by_handle_at enter. */
	FC_PPME_SYSCALL_OPEN_BY_HANDLE_AT_X = 337, /**< syscall_open_by_handle_at exit. */
	FC_PPME_SYSCALL_IO_URING_SETUP_E = 338,    /**< syscall_io_uring_setup enter. */
	FC_PPME_SYSCALL_IO_URING_SETUP_X = 339,    /**< syscall_io_uring_setup exit. */
	FC_PPME_SYSCALL_IO_URING_ENTER_E = 340,    /**< syscall_io_uring_enter enter. */
	FC_PPME_SYSCALL_IO_URING_ENTER_X = 341,    /**< syscall_io_uring_enter exit. */
	FC_PPME_SYSCALL_IO_URING_REGISTER_E = 342, /**< syscall_io_uring_register enter. */
	FC_PPME_SYSCALL_IO_URING_REGISTER_X = 343, /**< syscall_io_uring_register exit. */
	FC_PPME_SYSCALL_MLOCK_E = 344,             /**< syscall_mlock enter. */
	FC_PPME_SYSCALL_MLOCK_X = 345,             /**< syscall_mlock exit. */
	FC_PPME_SYSCALL_MUNLOCK_E = 346,           /**< syscall_munlock enter. */
	FC_PPME_SYSCALL_MUNLOCK_X = 347,           /**< syscall_munlock exit. */
	FC_PPME_SYSCALL_MLOCKALL_E = 348,          /**< syscall_mlockall enter. */
	FC_PPME_SYSCALL_MLOCKALL_X = 349,          /**< syscall_mlockall exit. */
	FC_PPME_SYSCALL_MUNLOCKALL_E = 350,        /**< syscall_munlockall enter. */
	FC_PPME_SYSCALL_MUNLOCKALL_X = 351,        /**< syscall_munlockall exit. */
	FC_PPME_SYSCALL_CAPSET_E = 352,            /**< syscall_capset enter. */
	FC_PPME_SYSCALL_CAPSET_X = 353,            /**< syscall_capset exit. */
	FC_PPME_USER_ADDED_E = 354,                /**< user_added enter. */
	FC_PPME_USER_ADDED_X = 355,                /**< user_added exit. */
	FC_PPME_USER_DELETED_E = 356,              /**< user_deleted enter. */
	FC_PPME_USER_DELETED_X = 357,              /**< user_deleted exit. */
	FC_PPME_GROUP_ADDED_E = 358,               /**< group_added enter. */
	FC_PPME_GROUP_ADDED_X = 359,               /**< group_added exit. */
	FC_PPME_GROUP_DELETED_E = 360,             /**< group_deleted enter. */
	FC_PPME_GROUP_DELETED_X = 361,             /**< group_deleted exit. */
	FC_PPME_SYSCALL_DUP2_E = 362,              /**< syscall_dup2 enter. */
	FC_PPME_SYSCALL_DUP2_X = 363,              /**< syscall_dup2 exit. */
	FC_PPME_SYSCALL_DUP3_E = 364,              /**< syscall_dup3 enter. */
	FC_PPME_SYSCALL_DUP3_X = 365,              /**< syscall_dup3 exit. */
	FC_PPME_SYSCALL_DUP_1_E = 366,             /**< syscall_dup_1 enter. */
	FC_PPME_SYSCALL_DUP_1_X = 367,             /**< syscall_dup_1 exit. */
	FC_PPME_SYSCALL_BPF_2_E = 368,             /**< syscall_bpf_2 enter. */
	FC_PPME_SYSCALL_BPF_2_X = 369,             /**< syscall_bpf_2 exit. */
	FC_PPME_SYSCALL_MLOCK2_E = 370,            /**< syscall_mlock2 enter. */
	FC_PPME_SYSCALL_MLOCK2_X = 371,            /**< syscall_mlock2 exit. */
	FC_PPME_SYSCALL_FSCONFIG_E = 372,          /**< syscall_fsconfig enter. */
	FC_PPME_SYSCALL_FSCONFIG_X = 373,          /**< syscall_fsconfig exit. */
	FC_PPME_SYSCALL_EPOLL_CREATE_E = 374,      /**< syscall_epoll_create enter. */
	FC_PPME_SYSCALL_EPOLL_CREATE_X = 375,      /**< syscall_epoll_create exit. */
	FC_PPME_SYSCALL_EPOLL_CREATE1_E = 376,     /**< syscall_epoll_create1 enter. */
	FC_PPME_SYSCALL_EPOLL_CREATE1_X = 377,     /**< syscall_epoll_create1 exit. */
	FC_PPME_SYSCALL_CHOWN_E = 378,             /**< syscall_chown enter. */
	FC_PPME_SYSCALL_CHOWN_X = 379,             /**< syscall_chown exit. */
	FC_PPME_SYSCALL_LCHOWN_E = 380,            /**< syscall_lchown enter. */
	FC_PPME_SYSCALL_LCHOWN_X = 381,            /**< syscall_lchown exit. */
	FC_PPME_SYSCALL_FCHOWN_E = 382,            /**< syscall_fchown enter. */
	FC_PPME_SYSCALL_FCHOWN_X = 383,            /**< syscall_fchown exit. */
	FC_PPME_SYSCALL_FCHOWNAT_E = 384,          /**< syscall_fchownat enter. */
	FC_PPME_SYSCALL_FCHOWNAT_X = 385,          /**< syscall_fchownat exit. */
	FC_PPME_SYSCALL_UMOUNT_1_E = 386,          /**< syscall_umount_1 enter. */
	FC_PPME_SYSCALL_UMOUNT_1_X = 387,          /**< syscall_umount_1 exit. */
	FC_PPME_SOCKET_ACCEPT4_6_E = 388,          /**< socket_accept4_6 enter. */
	FC_PPME_SOCKET_ACCEPT4_6_X = 389,          /**< socket_accept4_6 exit. */
	FC_PPME_SYSCALL_UMOUNT2_E = 390,           /**< syscall_umount2 enter. */
	FC_PPME_SYSCALL_UMOUNT2_X = 391,           /**< syscall_umount2 exit. */
	FC_PPME_SYSCALL_PIPE2_E = 392,             /**< syscall_pipe2 enter. */
	FC_PPME_SYSCALL_PIPE2_X = 393,             /**< syscall_pipe2 exit. */
	FC_PPME_SYSCALL_INOTIFY_INIT1_E = 394,     /**< syscall_inotify_init1 enter. */
	FC_PPME_SYSCALL_INOTIFY_INIT1_X = 395,     /**< syscall_inotify_init1 exit. */
	FC_PPME_SYSCALL_EVENTFD2_E = 396,          /**< syscall_eventfd2 enter. */
	FC_PPME_SYSCALL_EVENTFD2_X = 397,          /**< syscall_eventfd2 exit. */
	FC_PPME_SYSCALL_SIGNALFD4_E = 398,         /**< syscall_signalfd4 enter. */
	FC_PPME_SYSCALL_SIGNALFD4_X = 399,         /**< syscall_signalfd4 exit. */
	FC_PPME_SYSCALL_PRCTL_E = 400,             /**< syscall_prctl enter. */
	FC_PPME_SYSCALL_PRCTL_X = 401,             /**< syscall_prctl exit. */
	FC_PPME_ASYNCEVENT_E = 402,                /**< asyncevent enter. */
	FC_PPME_ASYNCEVENT_X = 403,                /**< asyncevent exit. */
	FC_PPME_SYSCALL_MEMFD_CREATE_E = 404,      /**< syscall_memfd_create enter. */
	FC_PPME_SYSCALL_MEMFD_CREATE_X = 405,      /**< syscall_memfd_create exit. */
	FC_PPME_SYSCALL_PIDFD_GETFD_E = 406,       /**< syscall_pidfd_getfd enter. */
	FC_PPME_SYSCALL_PIDFD_GETFD_X = 407,       /**< syscall_pidfd_getfd exit. */
	FC_PPME_SYSCALL_PIDFD_OPEN_E = 408,        /**< syscall_pidfd_open enter. */
	FC_PPME_SYSCALL_PIDFD_OPEN_X = 409,        /**< syscall_pidfd_open exit. */
	FC_PPME_SYSCALL_INIT_MODULE_E = 410,       /**< syscall_init_module enter. */
	FC_PPME_SYSCALL_INIT_MODULE_X = 411,       /**< syscall_init_module exit. */
	FC_PPME_SYSCALL_FINIT_MODULE_E = 412,      /**< syscall_finit_module enter. */
	FC_PPME_SYSCALL_FINIT_MODULE_X = 413,      /**< syscall_finit_module exit. */
	FC_PPME_SYSCALL_MKNOD_E = 414,             /**< syscall_mknod enter. */
	FC_PPME_SYSCALL_MKNOD_X = 415,             /**< syscall_mknod exit. */
	FC_PPME_SYSCALL_MKNODAT_E = 416,           /**< syscall_mknodat enter. */
	FC_PPME_SYSCALL_MKNODAT_X = 417,           /**< syscall_mknodat exit. */
	FC_PPME_SYSCALL_NEWFSTATAT_E = 418,        /**< syscall_newfstatat enter. */
	FC_PPME_SYSCALL_NEWFSTATAT_X = 419,        /**< syscall_newfstatat exit. */
	FC_PPME_SYSCALL_PROCESS_VM_READV_E = 420,  /**< syscall_process_vm_readv enter. */
	FC_PPME_SYSCALL_PROCESS_VM_READV_X = 421,  /**< syscall_process_vm_readv exit. */
	FC_PPME_SYSCALL_PROCESS_VM_WRITEV_E = 422, /**< syscall_process_vm_writev enter. */
	FC_PPME_SYSCALL_PROCESS_VM_WRITEV_X = 423, /**< syscall_process_vm_writev exit. */
	FC_PPME_SYSCALL_DELETE_MODULE_E = 424,     /**< syscall_delete_module enter. */
	FC_PPME_SYSCALL_DELETE_MODULE_X = 425,     /**< syscall_delete_module exit. */
	FC_PPM_EVENT_MAX = 426 /**< Number of event codes known to this version. */
};

/** Bit set in exit event codes (codes are enter/exit pairs). */
#define FC_PPME_DIRECTION_FLAG 1

/**
 * @brief Parameter types of event parameters (libscap's `ppm_param_type`
 * numbering), as they appear on the wire.
 */
enum fc_ppm_param_type {
	FC_PT_NONE = 0,                /**< No value. */
	FC_PT_INT8 = 1,                /**< 1-byte signed. */
	FC_PT_INT16 = 2,               /**< 2-byte signed. */
	FC_PT_INT32 = 3,               /**< 4-byte signed. */
	FC_PT_INT64 = 4,               /**< 8-byte signed. */
	FC_PT_UINT8 = 5,               /**< 1-byte unsigned. */
	FC_PT_UINT16 = 6,              /**< 2-byte unsigned. */
	FC_PT_UINT32 = 7,              /**< 4-byte unsigned. */
	FC_PT_UINT64 = 8,              /**< 8-byte unsigned. */
	FC_PT_CHARBUF = 9,             /**< NUL-terminated string. */
	FC_PT_BYTEBUF = 10,            /**< Raw bytes. */
	FC_PT_ERRNO = 11,              /**< 8-byte signed return value; negative = -errno. */
	FC_PT_SOCKADDR = 12,           /**< 1-byte family + address. */
	FC_PT_SOCKTUPLE = 13,          /**< 1-byte family + source and destination. */
	FC_PT_FD = 14,                 /**< 8-byte signed fd. */
	FC_PT_PID = 15,                /**< 8-byte signed pid/tid. */
	FC_PT_FDLIST = 16,             /**< 2-byte count + count * (8-byte fd, 2-byte flags). */
	FC_PT_FSPATH = 17,             /**< NUL-terminated path. */
	FC_PT_SYSCALLID = 18,          /**< 2-byte syscall id. */
	FC_PT_SIGTYPE = 19,            /**< 1-byte signal number. */
	FC_PT_RELTIME = 20,            /**< 8-byte nanoseconds. */
	FC_PT_ABSTIME = 21,            /**< 8-byte nanoseconds since the epoch. */
	FC_PT_PORT = 22,               /**< 2-byte port. */
	FC_PT_L4PROTO = 23,            /**< 1-byte IP protocol. */
	FC_PT_SOCKFAMILY = 24,         /**< 1-byte socket family. */
	FC_PT_BOOL = 25,               /**< 4-byte boolean. */
	FC_PT_IPV4ADDR = 26,           /**< 4-byte IPv4 address. */
	FC_PT_DYN = 27,                /**< 1-byte index selecting the real type, then the value. */
	FC_PT_FLAGS8 = 28,             /**< 1-byte flags. */
	FC_PT_FLAGS16 = 29,            /**< 2-byte flags. */
	FC_PT_FLAGS32 = 30,            /**< 4-byte flags. */
	FC_PT_UID = 31,                /**< 4-byte uid. */
	FC_PT_GID = 32,                /**< 4-byte gid. */
	FC_PT_DOUBLE = 33,             /**< 8-byte double. */
	FC_PT_SIGSET = 34,             /**< 4-byte signal set. */
	FC_PT_CHARBUFARRAY = 35,       /**< Array of strings (internal). */
	FC_PT_CHARBUF_PAIR_ARRAY = 36, /**< Array of string pairs (internal). */
	FC_PT_IPV4NET = 37,            /**< IPv4 network. */
	FC_PT_IPV6ADDR = 38,           /**< 16-byte IPv6 address. */
	FC_PT_IPV6NET = 39,            /**< IPv6 network. */
	FC_PT_IPADDR = 40,             /**< IPv4 or IPv6 address (by length). */
	FC_PT_IPNET = 41,              /**< IPv4 or IPv6 network (by length). */
	FC_PT_MODE = 42,               /**< 4-byte file mode. */
	FC_PT_FSRELPATH = 43,          /**< Path relative to a dirfd parameter. */
	FC_PT_ENUMFLAGS8 = 44,         /**< 1-byte enumeration. */
	FC_PT_ENUMFLAGS16 = 45,        /**< 2-byte enumeration. */
	FC_PT_ENUMFLAGS32 = 46,        /**< 4-byte enumeration. */
	FC_PT_MAX = 47                 /**< Number of parameter types. */
};

/** @cond INTERNAL */
#ifndef __cplusplus
_Static_assert(sizeof(struct fc_scap_evt_hdr) == FC_SCAP_HDR_LEN, "scap header is 26 bytes");
#endif
/** @endcond */

#ifdef __cplusplus
}
#endif
#endif
