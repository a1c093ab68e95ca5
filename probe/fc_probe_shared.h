/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FC_PROBE_SHARED_H
#define FC_PROBE_SHARED_H

/* Constants shared by the eBPF program (falcocore.bpf.c) and its loader
 * (fc_probe.c). Event numbers follow libscap's ppm_event_code (falcosecurity/libs
 * driver/ppm_events_public.h); parameter layouts follow driver/event_table.c.
 * TODO(scap): switch to the FC_PPME_* names of include/falcocore/syscall_abi.h
 * once the scap branch lands them; the numbers are libscap's and will not change. */

/* Per-CPU scratch buffer: events are built in the lower half, the upper half is
 * scratch space (sockaddr copies, path components). */
#define FCP_AUX_SIZE (1 << 16)
#define FCP_AUX_HALF (FCP_AUX_SIZE / 2) /* largest event, bytes */
#define FCP_AUX_MASK (FCP_AUX_HALF - 1)

#define FCP_MAX_SYSCALLS   512 /* x86_64 syscall ids are below this */
#define FCP_INTEREST_ENTER 1u  /* fcp_interest[] bit: emit the enter event */
#define FCP_INTEREST_EXIT  2u  /* fcp_interest[] bit: emit the exit event */

#define FCP_MAX_PATH   4096 /* a user path string */
#define FCP_MAX_ARGS   4096 /* execve argv / env, bytes */
#define FCP_MAX_DEPTH  20   /* components walked for a kernel path */
#define FCP_MAX_CGDEP  12   /* components walked for a cgroup path */
#define FCP_MAX_SUBSYS 14   /* cgroup controllers reported */

/* libscap event numbers used by the probe (ppm_event_code). */
#define FCP_PPME_SYSCALL_OPEN_E         2
#define FCP_PPME_SYSCALL_OPEN_X         3
#define FCP_PPME_SYSCALL_CLOSE_E        4
#define FCP_PPME_SYSCALL_CLOSE_X        5
#define FCP_PPME_SYSCALL_READ_E         6
#define FCP_PPME_SYSCALL_READ_X         7
#define FCP_PPME_SYSCALL_WRITE_E        8
#define FCP_PPME_SYSCALL_WRITE_X        9
#define FCP_PPME_SOCKET_SOCKET_E        18
#define FCP_PPME_SOCKET_SOCKET_X        19
#define FCP_PPME_SOCKET_BIND_E          20
#define FCP_PPME_SOCKET_BIND_X          21
#define FCP_PPME_SOCKET_CONNECT_E       22
#define FCP_PPME_SOCKET_CONNECT_X       23
#define FCP_PPME_SOCKET_LISTEN_E        24
#define FCP_PPME_SOCKET_LISTEN_X        25
#define FCP_PPME_SOCKET_SENDTO_E        30
#define FCP_PPME_SOCKET_SENDTO_X        31
#define FCP_PPME_SOCKET_RECVFROM_E      34
#define FCP_PPME_SOCKET_RECVFROM_X      35
#define FCP_PPME_SYSCALL_CREAT_E        58
#define FCP_PPME_SYSCALL_CREAT_X        59
#define FCP_PPME_SYSCALL_PIPE_E         60
#define FCP_PPME_SYSCALL_PIPE_X         61
#define FCP_PPME_SYSCALL_CHDIR_E        94
#define FCP_PPME_SYSCALL_CHDIR_X        95
#define FCP_PPME_SYSCALL_FCHDIR_E       96
#define FCP_PPME_SYSCALL_FCHDIR_X       97
#define FCP_PPME_SYSCALL_PTRACE_E       168
#define FCP_PPME_SYSCALL_PTRACE_X       169
#define FCP_PPME_SYSCALL_RENAME_E       174
#define FCP_PPME_SYSCALL_RENAME_X       175
#define FCP_PPME_SYSCALL_RENAMEAT_E     176
#define FCP_PPME_SYSCALL_RENAMEAT_X     177
#define FCP_PPME_SYSCALL_SYMLINK_E      178
#define FCP_PPME_SYSCALL_SYMLINK_X      179
#define FCP_PPME_SYSCALL_SYMLINKAT_E    180
#define FCP_PPME_SYSCALL_SYMLINKAT_X    181
#define FCP_PPME_PROCEXIT_1_E           186
#define FCP_PPME_SYSCALL_SETRESUID_E    192
#define FCP_PPME_SYSCALL_SETRESUID_X    193
#define FCP_PPME_SYSCALL_SETRESGID_E    194
#define FCP_PPME_SYSCALL_SETRESGID_X    195
#define FCP_PPME_SYSCALL_SETUID_E       198
#define FCP_PPME_SYSCALL_SETUID_X       199
#define FCP_PPME_SYSCALL_SETGID_E       200
#define FCP_PPME_SYSCALL_SETGID_X       201
#define FCP_PPME_SYSCALL_CLONE_20_E     222
#define FCP_PPME_SYSCALL_CLONE_20_X     223
#define FCP_PPME_SYSCALL_FORK_20_E      224
#define FCP_PPME_SYSCALL_FORK_20_X      225
#define FCP_PPME_SYSCALL_VFORK_20_E     226
#define FCP_PPME_SYSCALL_VFORK_20_X     227
#define FCP_PPME_SOCKET_ACCEPT_5_E      246
#define FCP_PPME_SOCKET_ACCEPT_5_X      247
#define FCP_PPME_SYSCALL_MOUNT_E        256
#define FCP_PPME_SYSCALL_MOUNT_X        257
#define FCP_PPME_SYSCALL_MKDIR_2_E      276
#define FCP_PPME_SYSCALL_MKDIR_2_X      277
#define FCP_PPME_SYSCALL_RMDIR_2_E      278
#define FCP_PPME_SYSCALL_RMDIR_2_X      279
#define FCP_PPME_SYSCALL_EXECVE_19_E    292
#define FCP_PPME_SYSCALL_EXECVE_19_X    293
#define FCP_PPME_SYSCALL_UNLINK_2_E     300
#define FCP_PPME_SYSCALL_UNLINK_2_X     301
#define FCP_PPME_SYSCALL_UNLINKAT_2_E   302
#define FCP_PPME_SYSCALL_UNLINKAT_2_X   303
#define FCP_PPME_SYSCALL_MKDIRAT_E      304
#define FCP_PPME_SYSCALL_MKDIRAT_X      305
#define FCP_PPME_SYSCALL_OPENAT_2_E     306
#define FCP_PPME_SYSCALL_OPENAT_2_X     307
#define FCP_PPME_SYSCALL_LINK_2_E       308
#define FCP_PPME_SYSCALL_LINK_2_X       309
#define FCP_PPME_SYSCALL_LINKAT_2_E     310
#define FCP_PPME_SYSCALL_LINKAT_2_X     311
#define FCP_PPME_SYSCALL_FCHMODAT_E     312
#define FCP_PPME_SYSCALL_FCHMODAT_X     313
#define FCP_PPME_SYSCALL_CHMOD_E        314
#define FCP_PPME_SYSCALL_CHMOD_X        315
#define FCP_PPME_SYSCALL_FCHMOD_E       316
#define FCP_PPME_SYSCALL_FCHMOD_X       317
#define FCP_PPME_SYSCALL_RENAMEAT2_E    318
#define FCP_PPME_SYSCALL_RENAMEAT2_X    319
#define FCP_PPME_SYSCALL_OPENAT2_E      326
#define FCP_PPME_SYSCALL_OPENAT2_X      327
#define FCP_PPME_SYSCALL_EXECVEAT_E     330
#define FCP_PPME_SYSCALL_EXECVEAT_X     331
#define FCP_PPME_SYSCALL_CLONE3_E       334
#define FCP_PPME_SYSCALL_CLONE3_X       335
#define FCP_PPME_SYSCALL_DUP2_E         362
#define FCP_PPME_SYSCALL_DUP2_X         363
#define FCP_PPME_SYSCALL_DUP3_E         364
#define FCP_PPME_SYSCALL_DUP3_X         365
#define FCP_PPME_SYSCALL_DUP_1_E        366
#define FCP_PPME_SYSCALL_DUP_1_X        367
#define FCP_PPME_SOCKET_ACCEPT4_6_E     388
#define FCP_PPME_SOCKET_ACCEPT4_6_X     389
#define FCP_PPME_SYSCALL_UMOUNT2_E      390
#define FCP_PPME_SYSCALL_UMOUNT2_X      391
#define FCP_PPME_SYSCALL_PIPE2_E        392
#define FCP_PPME_SYSCALL_PIPE2_X        393
#define FCP_PPME_SYSCALL_MEMFD_CREATE_E 404
#define FCP_PPME_SYSCALL_MEMFD_CREATE_X 405
#define FCP_PPME_SYSCALL_INIT_MODULE_E  410
#define FCP_PPME_SYSCALL_INIT_MODULE_X  411
#define FCP_PPME_SYSCALL_FINIT_MODULE_E 412
#define FCP_PPME_SYSCALL_FINIT_MODULE_X 413
#define FCP_PPME_EVENT_MAX              426

/* Per-CPU counters (map fcp_stats). */
struct fcp_kstats {
	unsigned long long n_evts;   /* records written to the ring buffer */
	unsigned long long n_drops;  /* ring buffer full (reserve/output failed) */
	unsigned long long n_seen;   /* interesting syscalls seen */
	unsigned long long n_toobig; /* events larger than FCP_AUX_HALF, dropped */
};

#endif
