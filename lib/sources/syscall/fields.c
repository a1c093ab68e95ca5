/* SPDX-License-Identifier: Apache-2.0 */
/* Field table and extractors of the syscall source: evt.*, proc.*, thread.*,
 * user.*, group.*, fd.*, fs.path.*, and the container.* / k8s.* fields the
 * container plugin would provide. Semantics follow libsinsp's filterchecks
 * (descriptions are our own words). */
#include "state.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S  FC_TYPE_STRING
#define FP FC_TYPE_FSPATH
#define U  FC_TYPE_UINT64
#define I  FC_TYPE_INT64
#define B  FC_TYPE_BOOL
#define AT FC_TYPE_ABSTIME
#define RT FC_TYPE_RELTIME
#define IP FC_TYPE_IPADDR
#define NT FC_TYPE_IPNET
#define PT FC_TYPE_PORT
#define DB FC_TYPE_DOUBLE
#define BY FC_TYPE_BYTES

#define AIDX (FC_FIELD_ARG_ALLOWED | FC_FIELD_ARG_INDEX)
#define AKEY (FC_FIELD_ARG_ALLOWED | FC_FIELD_ARG_KEY)
#define RKEY (FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_KEY)
#define DEP  FC_FIELD_DEPRECATED
#define LST  FC_FIELD_LIST

/* X(id, name, type, flags, description) */
#define FIELDS(X)                                                                                  \
	X(EVT_NUM, "evt.num", U, 0, "Event number in the stream (1-based).")                       \
	X(EVT_TIME, "evt.time", S, 0, "Event time as hh:mm:ss.nnnnnnnnn (local time).")            \
	X(EVT_TIME_S, "evt.time.s", S, 0, "Event time as hh:mm:ss (local time).")                  \
	X(EVT_TIME_ISO, "evt.time.iso8601", S, 0, "Event time in ISO 8601 form, UTC, with ns.")    \
	X(EVT_DATETIME, "evt.datetime", S, 0, "Event date and time, local, with ns.")              \
	X(EVT_DATETIME_S, "evt.datetime.s", S, 0, "Event date and time, local, seconds.")          \
	X(EVT_RAWTIME, "evt.rawtime", AT, 0, "Event time in ns since the epoch.")                  \
	X(EVT_RAWTIME_S, "evt.rawtime.s", U, 0, "Whole seconds of evt.rawtime.")                   \
	X(EVT_RAWTIME_NS, "evt.rawtime.ns", U, 0, "Nanosecond part of evt.rawtime.")               \
	X(EVT_RELTIME, "evt.reltime", RT, 0, "Time since the first event, in ns.")                 \
	X(EVT_RELTIME_S, "evt.reltime.s", U, 0, "Whole seconds of evt.reltime.")                   \
	X(EVT_RELTIME_NS, "evt.reltime.ns", U, 0, "Nanosecond part of evt.reltime.")               \
	X(EVT_DELTATIME, "evt.deltatime", RT, 0, "Time since the previous event, in ns.")          \
	X(EVT_SOURCE, "evt.source", S, 0, "Name of the event source (syscall).")                   \
	X(EVT_HOSTNAME, "evt.hostname", S, 0, "Host name the event comes from.")                   \
	X(EVT_IS_ASYNC, "evt.is_async", B, 0, "True for asynchronous (non-syscall) events.")       \
	X(EVT_DIR, "evt.dir", S, DEP, "Direction: '>' enter, '<' exit.")                           \
	X(EVT_TYPE, "evt.type", S, 0, "Event type name (the syscall name for syscalls).")          \
	X(EVT_TYPE_IS, "evt.type.is", U, RKEY, "1 when the event type is the argument, else 0.")   \
	X(SYSCALL_TYPE, "syscall.type", S, 0, "Syscall name for syscall events.")                  \
	X(EVT_CATEGORY, "evt.category", S, 0, "Event category (file, net, process, ...).")         \
	X(EVT_ARGS, "evt.args", S, 0, "All event arguments as name=value text.")                   \
	X(EVT_ARG, "evt.arg", S, RKEY | FC_FIELD_ARG_INDEX | FC_FIELD_ARG_DOTTED,                  \
	  "One argument by name (evt.arg.fd) or position (evt.arg[0]), as text.")                  \
	X(EVT_RAWARG, "evt.rawarg", I, RKEY | FC_FIELD_ARG_DOTTED,                                 \
	  "One numeric argument by name, unformatted.")                                            \
	X(EVT_INFO, "evt.info", S, 0, "Event arguments as text (same as evt.args).")               \
	X(EVT_BUFFER, "evt.buffer", BY, 0, "The data buffer of I/O events.")                       \
	X(EVT_BUFLEN, "evt.buflen", U, 0, "Length of the data buffer of I/O events.")              \
	X(EVT_RES, "evt.res", S, 0, "Result: SUCCESS, or the errno name.")                         \
	X(EVT_RAWRES, "evt.rawres", I, 0, "Result as a number.")                                   \
	X(EVT_FAILED, "evt.failed", B, 0, "True when the call returned an error.")                 \
	X(EVT_IS_IO, "evt.is_io", B, 0, "True for events that read or write data.")                \
	X(EVT_IS_IO_READ, "evt.is_io_read", B, 0, "True for events that read data.")               \
	X(EVT_IS_IO_WRITE, "evt.is_io_write", B, 0, "True for events that write data.")            \
	X(EVT_IO_DIR, "evt.io_dir", S, 0, "'r' for reads, 'w' for writes.")                        \
	X(EVT_IS_WAIT, "evt.is_wait", B, 0, "True for events that wait (sleep, poll...).")         \
	X(EVT_COUNT, "evt.count", U, 0, "Always 1 (for counting).")                                \
	X(EVT_COUNT_ERROR, "evt.count.error", U, 0, "1 for failed calls, else 0.")                 \
	X(EVT_COUNT_EXIT, "evt.count.exit", U, 0, "1 for exit events, else 0.")                    \
	X(EVT_IS_OPEN_READ, "evt.is_open_read", B, 0, "True for opens with read access.")          \
	X(EVT_IS_OPEN_WRITE, "evt.is_open_write", B, 0, "True for opens with write access.")       \
	X(EVT_IS_OPEN_EXEC, "evt.is_open_exec", B, 0, "True for opens creating an executable.")    \
	X(EVT_IS_OPEN_CREATE, "evt.is_open_create", B, 0, "True for opens that created the file.") \
	X(PROC_EXE, "proc.exe", S, 0, "First command line argument (argv[0]).")                    \
	X(PROC_PEXE, "proc.pexe", S, 0, "proc.exe of the parent.")                                 \
	X(PROC_AEXE, "proc.aexe", S, AIDX, "proc.exe of the Nth ancestor (0 = self).")             \
	X(PROC_EXEPATH, "proc.exepath", S, 0, "Full path of the executable.")                      \
	X(PROC_PEXEPATH, "proc.pexepath", S, 0, "proc.exepath of the parent.")                     \
	X(PROC_AEXEPATH, "proc.aexepath", S, AIDX, "proc.exepath of the Nth ancestor.")            \
	X(PROC_NAME, "proc.name", S, 0, "Process name (the kernel's comm).")                       \
	X(PROC_PNAME, "proc.pname", S, 0, "Name of the parent process.")                           \
	X(PROC_ANAME, "proc.aname", S, AIDX, "Name of the Nth ancestor; without N, any ancestor.") \
	X(PROC_ARGS, "proc.args", S, 0, "Command line arguments after argv[0], space-separated.")  \
	X(PROC_CMDLINE, "proc.cmdline", S, 0, "Process name and arguments.")                       \
	X(PROC_PCMDLINE, "proc.pcmdline", S, 0, "proc.cmdline of the parent.")                     \
	X(PROC_ACMDLINE, "proc.acmdline", S, AIDX, "proc.cmdline of the Nth ancestor.")            \
	X(PROC_CMDNARGS, "proc.cmdnargs", U, 0, "Number of command line arguments.")               \
	X(PROC_CMDLENARGS, "proc.cmdlenargs", U, 0, "Total length of the arguments.")              \
	X(PROC_EXELINE, "proc.exeline", S, 0, "proc.exe and the arguments.")                       \
	X(PROC_ENV, "proc.env", S, AKEY, "Environment; with [NAME], that variable's value.")       \
	X(PROC_CWD, "proc.cwd", S, 0, "Current working directory.")                                \
	X(PROC_LOGINSHELLID, "proc.loginshellid", I, 0, "Pid of the outermost shell ancestor.")    \
	X(PROC_TTY, "proc.tty", U, 0, "Controlling terminal number, 0 if none.")                   \
	X(PROC_PID, "proc.pid", I, 0, "Process id.")                                               \
	X(PROC_PPID, "proc.ppid", I, 0, "Parent process id.")                                      \
	X(PROC_APID, "proc.apid", I, AIDX, "Pid of the Nth ancestor.")                             \
	X(PROC_VPID, "proc.vpid", I, 0, "Process id inside its pid namespace.")                    \
	X(PROC_PVPID, "proc.pvpid", I, 0, "Parent's id inside its pid namespace.")                 \
	X(PROC_SID, "proc.sid", I, 0, "Session id.")                                               \
	X(PROC_SNAME, "proc.sname", S, 0, "Name of the session leader.")                           \
	X(PROC_SID_EXE, "proc.sid.exe", S, 0, "proc.exe of the session leader.")                   \
	X(PROC_SID_EXEPATH, "proc.sid.exepath", S, 0, "proc.exepath of the session leader.")       \
	X(PROC_VPGID, "proc.vpgid", I, 0, "Process group id inside the pid namespace.")            \
	X(PROC_VPGID_NAME, "proc.vpgid.name", S, 0, "Name of the process group leader.")           \
	X(PROC_VPGID_EXE, "proc.vpgid.exe", S, 0, "proc.exe of the process group leader.")         \
	X(PROC_VPGID_EXEPATH, "proc.vpgid.exepath", S, 0, "proc.exepath of the group leader.")     \
	X(PROC_PGID, "proc.pgid", I, 0, "Process group id.")                                       \
	X(PROC_PGID_NAME, "proc.pgid.name", S, 0, "Name of the process group leader.")             \
	X(PROC_PGID_EXE, "proc.pgid.exe", S, 0, "proc.exe of the process group leader.")           \
	X(PROC_PGID_EXEPATH, "proc.pgid.exepath", S, 0, "proc.exepath of the group leader.")       \
	X(PROC_DURATION, "proc.duration", RT, 0, "Time since the process started, in ns.")         \
	X(PROC_PPID_DURATION, "proc.ppid.duration", RT, 0, "Time since the parent started.")       \
	X(PROC_PID_TS, "proc.pid.ts", AT, 0, "Start time of the process.")                         \
	X(PROC_PPID_TS, "proc.ppid.ts", AT, 0, "Start time of the parent.")                        \
	X(PROC_IS_EXE_WRITABLE, "proc.is_exe_writable", B, 0, "Executable writable by its user.")  \
	X(PROC_IS_EXE_UPPER, "proc.is_exe_upper_layer", B, 0,                                      \
	  "Executable in an overlay upper layer.")                                                 \
	X(PROC_IS_EXE_LOWER, "proc.is_exe_lower_layer", B, 0,                                      \
	  "Executable in an overlay lower layer.")                                                 \
	X(PROC_IS_EXE_MEMFD, "proc.is_exe_from_memfd", B, 0, "Executable run from a memfd.")       \
	X(PROC_IS_SID_LEADER, "proc.is_sid_leader", B, 0, "The process leads its session.")        \
	X(PROC_IS_VPGID_LEADER, "proc.is_vpgid_leader", B, 0, "The process leads its group.")      \
	X(PROC_IS_PGID_LEADER, "proc.is_pgid_leader", B, 0, "The process leads its group (host).") \
	X(PROC_EXE_INO, "proc.exe_ino", U, 0, "Inode of the executable.")                          \
	X(PROC_EXE_INO_CTIME, "proc.exe_ino.ctime", AT, 0,                                         \
	  "Status change time of the executable.")                                                 \
	X(PROC_EXE_INO_MTIME, "proc.exe_ino.mtime", AT, 0, "Modification time of the executable.") \
	X(PROC_EXE_INO_CTIME_DUR, "proc.exe_ino.ctime_duration_proc_start", AT, 0,                 \
	  "Time between the executable's ctime and the process start.")                            \
	X(THREAD_CAP_PERMITTED, "thread.cap_permitted", S, 0, "Permitted capabilities.")           \
	X(THREAD_CAP_INHERITABLE, "thread.cap_inheritable", S, 0, "Inheritable capabilities.")     \
	X(THREAD_CAP_EFFECTIVE, "thread.cap_effective", S, 0, "Effective capabilities.")           \
	X(PROC_FDOPENCOUNT, "proc.fdopencount", U, 0, "Number of open fds known.")                 \
	X(PROC_FDLIMIT, "proc.fdlimit", I, 0, "Fd limit of the process.")                          \
	X(PROC_FDUSAGE, "proc.fdusage", DB, 0, "Open fds as a percentage of the limit.")           \
	X(PROC_VMSIZE, "proc.vmsize", U, 0, "Virtual memory size, KiB.")                           \
	X(PROC_VMRSS, "proc.vmrss", U, 0, "Resident memory, KiB.")                                 \
	X(PROC_VMSWAP, "proc.vmswap", U, 0, "Swapped memory, KiB.")                                \
	X(THREAD_PFMAJOR, "thread.pfmajor", U, 0, "Major page faults.")                            \
	X(THREAD_PFMINOR, "thread.pfminor", U, 0, "Minor page faults.")                            \
	X(THREAD_TID, "thread.tid", I, 0, "Thread id.")                                            \
	X(THREAD_ISMAIN, "thread.ismain", B, 0, "True for the main thread of the process.")        \
	X(THREAD_VTID, "thread.vtid", I, 0, "Thread id inside its pid namespace.")                 \
	X(THREAD_CGROUPS, "thread.cgroups", S, 0, "All cgroups of the thread.")                    \
	X(THREAD_CGROUP, "thread.cgroup", S, RKEY, "The cgroup of one subsystem.")                 \
	X(PROC_NTHREADS, "proc.nthreads", U, 0, "Threads of the process known.")                   \
	X(PROC_NCHILDS, "proc.nchilds", U, 0, "Child threads and processes known.")                \
	X(PROC_STDIN_TYPE, "proc.stdin.type", S, 0, "fd.type of fd 0.")                            \
	X(PROC_STDOUT_TYPE, "proc.stdout.type", S, 0, "fd.type of fd 1.")                          \
	X(PROC_STDERR_TYPE, "proc.stderr.type", S, 0, "fd.type of fd 2.")                          \
	X(PROC_STDIN_NAME, "proc.stdin.name", S, 0, "fd.name of fd 0.")                            \
	X(PROC_STDOUT_NAME, "proc.stdout.name", S, 0, "fd.name of fd 1.")                          \
	X(PROC_STDERR_NAME, "proc.stderr.name", S, 0, "fd.name of fd 2.")                          \
	X(USER_UID, "user.uid", U, 0, "User id.")                                                  \
	X(USER_NAME, "user.name", S, 0, "User name.")                                              \
	X(USER_HOMEDIR, "user.homedir", S, 0, "Home directory of the user.")                       \
	X(USER_SHELL, "user.shell", S, 0, "Login shell of the user.")                              \
	X(USER_LOGINUID, "user.loginuid", I, 0, "Audit login uid, -1 if none.")                    \
	X(USER_LOGINNAME, "user.loginname", S, 0, "Name of the login user.")                       \
	X(GROUP_GID, "group.gid", U, 0, "Group id.")                                               \
	X(GROUP_NAME, "group.name", S, 0, "Group name.")                                           \
	X(FD_NUM, "fd.num", I, 0, "Fd number.")                                                    \
	X(FD_TYPE, "fd.type", S, 0, "Fd type: file, directory, ipv4, ipv6, unix, pipe, ...")       \
	X(FD_TYPECHAR, "fd.typechar", S, 0, "Fd type as one letter (f, 4, 6, u, p, e, ...).")      \
	X(FD_NAME, "fd.name", S, 0, "Fd name: path, or connection tuple for sockets.")             \
	X(FD_DIRECTORY, "fd.directory", S, 0, "Directory of a file fd.")                           \
	X(FD_FILENAME, "fd.filename", S, 0, "Base name of a file fd.")                             \
	X(FD_IP, "fd.ip", IP, 0, "Either IP of the connection (filter only).")                     \
	X(FD_CIP, "fd.cip", IP, 0, "Client IP.")                                                   \
	X(FD_SIP, "fd.sip", IP, 0, "Server IP.")                                                   \
	X(FD_LIP, "fd.lip", IP, 0, "Local IP.")                                                    \
	X(FD_RIP, "fd.rip", IP, 0, "Remote IP.")                                                   \
	X(FD_PORT, "fd.port", PT, 0, "Either port of the connection (filter only).")               \
	X(FD_CPORT, "fd.cport", PT, 0, "Client port.")                                             \
	X(FD_SPORT, "fd.sport", PT, 0, "Server port.")                                             \
	X(FD_LPORT, "fd.lport", PT, 0, "Local port.")                                              \
	X(FD_RPORT, "fd.rport", PT, 0, "Remote port.")                                             \
	X(FD_L4PROTO, "fd.l4proto", S, 0, "Transport protocol: tcp, udp, icmp, raw.")              \
	X(FD_SOCKFAMILY, "fd.sockfamily", S, 0, "Socket family: ip or unix.")                      \
	X(FD_IS_SERVER, "fd.is_server", B, 0, "True when this process is the server side.")        \
	X(FD_UID, "fd.uid", S, 0, "Unique fd id: thread id and fd number.")                        \
	X(FD_CONTAINERNAME, "fd.containername", S, 0, "Container id and fd name.")                 \
	X(FD_CONTAINERDIRECTORY, "fd.containerdirectory", S, 0, "Container id and directory.")     \
	X(FD_NET, "fd.net", NT, 0, "Either IP of the connection, as a network (filter only).")     \
	X(FD_CNET, "fd.cnet", NT, 0, "Client IP as a network (filter only).")                      \
	X(FD_SNET, "fd.snet", NT, 0, "Server IP as a network (filter only).")                      \
	X(FD_LNET, "fd.lnet", NT, 0, "Local IP as a network (filter only).")                       \
	X(FD_RNET, "fd.rnet", NT, 0, "Remote IP as a network (filter only).")                      \
	X(FD_CONNECTED, "fd.connected", B, 0, "True for connected sockets.")                       \
	X(FD_NAME_CHANGED, "fd.name_changed", B, 0, "True when this event changed the fd name.")   \
	X(FD_CIP_NAME, "fd.cip.name", S, 0, "Domain name of the client IP (not resolved).")        \
	X(FD_SIP_NAME, "fd.sip.name", S, 0, "Domain name of the server IP (not resolved).")        \
	X(FD_LIP_NAME, "fd.lip.name", S, 0, "Domain name of the local IP (not resolved).")         \
	X(FD_RIP_NAME, "fd.rip.name", S, 0, "Domain name of the remote IP (not resolved).")        \
	X(FD_DEV, "fd.dev", U, 0, "Device number of a file fd.")                                   \
	X(FD_DEV_MAJOR, "fd.dev.major", U, 0, "Major device number.")                              \
	X(FD_DEV_MINOR, "fd.dev.minor", U, 0, "Minor device number.")                              \
	X(FD_INO, "fd.ino", U, 0, "Inode number of a file fd.")                                    \
	X(FD_NAMERAW, "fd.nameraw", S, 0, "Fd name as given to the syscall.")                      \
	X(FD_TYPES, "fd.types", S, LST | AIDX, "Types of the process's open fds.")                 \
	X(FS_PATH_NAME, "fs.path.name", FP, 0, "Path of mkdir/rmdir/unlink-like events.")          \
	X(FS_PATH_NAMERAW, "fs.path.nameraw", FP, 0, "fs.path.name as given.")                     \
	X(FS_PATH_SOURCE, "fs.path.source", FP, 0, "Source path of rename/link/symlink.")          \
	X(FS_PATH_SOURCERAW, "fs.path.sourceraw", FP, 0, "fs.path.source as given.")               \
	X(FS_PATH_TARGET, "fs.path.target", FP, 0, "Target path of rename/link/symlink.")          \
	X(FS_PATH_TARGETRAW, "fs.path.targetraw", FP, 0, "fs.path.target as given.")               \
	X(CT_ID, "container.id", S, 0, "Container id (12 chars), or host.")                        \
	X(CT_FULL_ID, "container.full_id", S, 0,                                                   \
	  "Container id as found (12 chars here), or host.")                                       \
	X(CT_NAME, "container.name", S, 0, "Container name (from the metadata provider).")         \
	X(CT_IMAGE, "container.image", S, 0, "Container image (from the metadata provider).")      \
	X(CT_IMAGE_ID, "container.image.id", S, 0, "Container image id (not available).")          \
	X(CT_IMAGE_REPO, "container.image.repository", S, 0,                                       \
	  "Image repository (image before :tag).")                                                 \
	X(CT_IMAGE_TAG, "container.image.tag", S, 0, "Image tag.")                                 \
	X(CT_IMAGE_DIGEST, "container.image.digest", S, 0, "Image digest (not available).")        \
	X(CT_TYPE, "container.type", S, 0, "Container runtime kind guessed from the cgroup.")      \
	X(CT_PRIVILEGED, "container.privileged", B, 0, "Privileged container (not available).")    \
	X(CT_MOUNTS, "container.mounts", S, 0, "Container mounts (not available).")                \
	X(CT_MOUNT, "container.mount", S, RKEY, "One mount (not available).")                      \
	X(CT_MOUNT_SOURCE, "container.mount.source", S, RKEY, "Mount source (not available).")     \
	X(CT_MOUNT_DEST, "container.mount.dest", S, RKEY, "Mount destination (not available).")    \
	X(CT_START_TS, "container.start_ts", AT, 0, "Container start time (not available).")       \
	X(CT_DURATION, "container.duration", RT, 0, "Container age (not available).")              \
	X(CT_IP, "container.ip", S, 0, "Container IP (not available).")                            \
	X(K8S_NS_NAME, "k8s.ns.name", S, 0, "Kubernetes namespace (not available).")               \
	X(K8S_POD_NAME, "k8s.pod.name", S, 0, "Kubernetes pod name (not available).")              \
	X(K8S_POD_ID, "k8s.pod.id", S, 0, "Kubernetes pod id (not available).")                    \
	X(K8S_POD_UID, "k8s.pod.uid", S, 0, "Kubernetes pod uid (not available).")                 \
	X(K8S_POD_LABEL, "k8s.pod.label", S, RKEY, "Kubernetes pod label (not available).")        \
	X(K8S_POD_LABELS, "k8s.pod.labels", S, 0, "Kubernetes pod labels (not available).")

enum {
#define X(id, name, type, flags, desc) F_##id,
	FIELDS(X)
#undef X
	        F_COUNT
};

const fc_field_def fci_syscall_fields[] = {
#define X(id, name, type, flags, desc) {name, type, flags, desc},
        FIELDS(X)
#undef X
};
const size_t fci_syscall_n_fields = F_COUNT;

/* cookie: high bit = numeric argument index (low bits); otherwise the
 * interned argument name id + 1 (0 = none). */
#define COOKIE_INDEX (1ULL << 63)

/* ---- resolve ---- */

static bool parse_index(const char *s, size_t n, int64_t *v)
{
	int64_t r = 0;
	size_t i;

	if (!n || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return true;
}

static bool is_param_name(const char *name, size_t n)
{
	uint32_t t;
	uint16_t i;

	for (t = 0; t < FCI_EVENT_MAX; t++) {
		const fci_event_info *info = fci_event_info_get((uint16_t)t);

		if (!info || !info->name)
			continue;
		for (i = 0; i < info->nparams; i++)
			if (strlen(info->params[i].name) == n &&
			    memcmp(info->params[i].name, name, n) == 0)
				return true;
	}
	return false;
}

static int intern(fc_syscall_source *src, const char *s, size_t n, uint64_t *id)
{
	void *v = fci_strmap_get(&src->arg_names, s, n);
	char *k;

	if (v) {
		*id = (uint64_t)(uintptr_t)v;
		return FC_OK;
	}
	k = fci_strndup(s, n);
	if (!k || FCI_PUSH(src->arg_name_list, src->n_arg_names, src->cap_arg_names) < 0) {
		fci_free(k);
		return FC_ENOMEM;
	}
	src->arg_name_list[src->n_arg_names - 1] = k;
	*id = src->n_arg_names;
	return fci_strmap_put(&src->arg_names, k, n, (void *)(uintptr_t)*id);
}

int fci_syscall_resolve(void *ctx, fc_field_ref *ref, char *err, size_t errlen)
{
	fc_syscall_source *src = ctx;
	const fc_field_def *d;
	int64_t idx;
	uint64_t id;

	if (!src || !ref || ref->field >= F_COUNT)
		return FC_EINVAL;
	d = &fci_syscall_fields[ref->field];
	ref->cookie = 0;
	if (!ref->has_arg || !ref->arg) {
		if (d->flags & FC_FIELD_ARG_REQUIRED) {
			snprintf(err, errlen, "field '%s' requires an argument", d->name);
			return FC_EINVAL;
		}
		return FC_OK;
	}
	if (!(d->flags & (FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_ALLOWED))) {
		snprintf(err, errlen, "field '%s' does not take an argument", d->name);
		return FC_EINVAL;
	}
	switch (ref->field) {
	case F_EVT_ARG:
	case F_EVT_RAWARG:
		if (ref->field == F_EVT_ARG && parse_index(ref->arg, ref->arg_len, &idx)) {
			if (idx >= FCI_MAX_PARAMS) {
				snprintf(err, errlen, "argument index %" PRId64 " out of range",
				         idx);
				return FC_EINVAL;
			}
			ref->cookie = COOKIE_INDEX | (uint64_t)idx;
			return FC_OK;
		}
		if (!is_param_name(ref->arg, ref->arg_len)) {
			snprintf(err, errlen, "no event has an argument named '%.*s'",
			         (int)ref->arg_len, ref->arg);
			return FC_EINVAL;
		}
		if (intern(src, ref->arg, ref->arg_len, &id) < 0)
			return FC_ENOMEM;
		ref->cookie = id;
		return FC_OK;
	case F_EVT_TYPE_IS: {
		uint32_t t;

		for (t = 0; t < src->n_codes; t++)
			if (src->code_names[t] && strlen(src->code_names[t]) == ref->arg_len &&
			    memcmp(src->code_names[t], ref->arg, ref->arg_len) == 0)
				return FC_OK;
		snprintf(err, errlen, "unknown event type '%.*s'", (int)ref->arg_len, ref->arg);
		return FC_EINVAL;
	}
	default:
		break;
	}
	if (d->flags & FC_FIELD_ARG_INDEX) {
		if (!parse_index(ref->arg, ref->arg_len, &idx)) {
			snprintf(err, errlen, "field '%s' needs a numeric index, not '%.*s'",
			         d->name, (int)ref->arg_len, ref->arg);
			return FC_EINVAL;
		}
		ref->cookie = COOKIE_INDEX | (uint64_t)idx;
	}
	return FC_OK;
}

/* ---- helpers ---- */

static void *salloc(fc_syscall_source *src, fc_scratch *scratch, size_t n)
{
	if (scratch)
		return fc_scratch_alloc(scratch, n);
	return fci_arena_alloc(&src->ev_arena, n);
}

static int ret_str(fc_value *out, const char *s)
{
	if (!s)
		return FC_ENOENT;
	out->type = FC_TYPE_STRING;
	out->u.str.ptr = s;
	out->u.str.len = strlen(s);
	return FC_OK;
}

static int ret_strn(fc_value *out, fc_type t, const char *s, size_t n)
{
	if (!s)
		return FC_ENOENT;
	out->type = t;
	out->u.str.ptr = s;
	out->u.str.len = n;
	return FC_OK;
}

static int ret_u64(fc_value *out, fc_type t, uint64_t v)
{
	out->type = t;
	out->u.u64 = v;
	return FC_OK;
}

static int ret_i64(fc_value *out, int64_t v)
{
	out->type = FC_TYPE_INT64;
	out->u.i64 = v;
	return FC_OK;
}

static int ret_bool(fc_value *out, bool b)
{
	out->type = FC_TYPE_BOOL;
	out->u.b = b;
	return FC_OK;
}

/* Formats into scratch memory. */
static int ret_fmt(fc_syscall_source *src, fc_scratch *scratch, fc_value *out, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int ret_fmt(fc_syscall_source *src, fc_scratch *scratch, fc_value *out, const char *fmt, ...)
{
	va_list ap;
	char tmp[256], *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return FC_EINVAL;
	p = salloc(src, scratch, (size_t)n + 1);
	if (!p)
		return FC_ENOMEM;
	if ((size_t)n < sizeof(tmp)) {
		memcpy(p, tmp, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return ret_strn(out, FC_TYPE_STRING, p, (size_t)n);
}

static fci_thread *parent_of(fc_syscall_source *src, const fci_thread *th)
{
	fci_thread *p;

	if (!th || th->ptid <= 0 || th->ptid == th->tid)
		return NULL;
	p = fci_thread_get(&src->threads, th->ptid);
	return p;
}

/* Nth ancestor (0 = th). */
static fci_thread *ancestor(fc_syscall_source *src, fci_thread *th, int64_t n)
{
	int64_t i;

	for (i = 0; th && i < n; i++)
		th = parent_of(src, th);
	return th;
}

static int ret_thr_str(fc_value *out, const fci_thread *th, int which)
{
	if (!th)
		return FC_ENOENT;
	switch (which) {
	case 0:
		return ret_str(out, th->comm);
	case 1:
		return ret_str(out, th->exe);
	case 2:
		return ret_str(out, th->exepath);
	default:
		return ret_str(out, th->cmdline);
	}
}

/* proc.aname etc. without an index: the list over all ancestors. */
static int ancestors_list(fc_syscall_source *src, fc_scratch *scratch, fci_thread *th, int which,
                          fc_value *out)
{
	fc_value *items;
	size_t n = 0, cap = 64;
	fci_thread *a = parent_of(src, th);

	items = salloc(src, scratch, cap * sizeof(*items));
	if (!items)
		return FC_ENOMEM;
	while (a && n < cap) {
		if (which == 4) {
			items[n].type = FC_TYPE_INT64;
			items[n].is_list = false;
			items[n++].u.i64 = a->pid;
		} else if (ret_thr_str(&items[n], a, which) == FC_OK) {
			items[n++].is_list = false;
		}
		a = parent_of(src, a);
	}
	out->type = which == 4 ? FC_TYPE_INT64 : FC_TYPE_STRING;
	out->is_list = true;
	out->u.list.items = items;
	out->u.list.n = n;
	return FC_OK;
}

/* Text of a NUL-separated buffer joined with spaces, in scratch. */
static int ret_joined(fc_syscall_source *src, fc_scratch *scratch, fc_value *out, const char *b,
                      size_t n)
{
	char *p;
	size_t i;

	if (!b)
		return FC_ENOENT;
	while (n > 0 && b[n - 1] == '\0')
		n--;
	p = salloc(src, scratch, n + 1);
	if (!p)
		return FC_ENOMEM;
	for (i = 0; i < n; i++)
		p[i] = b[i] ? b[i] : ' ';
	p[n] = '\0';
	return ret_strn(out, FC_TYPE_STRING, p, n);
}

static const char *const cap_names[] = {
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN",
        "CAP_NET_RAW",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",
        "CAP_LEASE",
        "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ",
        "CAP_PERFMON",
        "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
};

const char *fc_syscall_capability_name(unsigned bit)
{
	return bit < FCI_ARRAY_LEN(cap_names) ? cap_names[bit] : NULL;
}

static int ret_caps(fc_syscall_source *src, fc_scratch *scratch, fc_value *out, uint64_t caps)
{
	fci_buf b;
	size_t i;
	char *p;

	fci_buf_init(&b);
	for (i = 0; i < FCI_ARRAY_LEN(cap_names); i++)
		if (caps & (1ULL << i)) {
			if (b.len)
				fci_buf_addc(&b, ' ');
			fci_buf_adds(&b, cap_names[i]);
		}
	if (b.oom) {
		fci_buf_free(&b);
		return FC_ENOMEM;
	}
	p = salloc(src, scratch, b.len + 1);
	if (!p) {
		fci_buf_free(&b);
		return FC_ENOMEM;
	}
	if (b.len)
		memcpy(p, b.p, b.len);
	p[b.len] = '\0';
	fci_buf_free(&b);
	return ret_strn(out, FC_TYPE_STRING, p, strlen(p));
}

static const char *fd_type_name(uint8_t t)
{
	switch (t) {
	case FCI_FD_FILE:
	case FCI_FD_FILE_V2:
		return "file";
	case FCI_FD_DIRECTORY:
		return "directory";
	case FCI_FD_IPV4_SOCK:
	case FCI_FD_IPV4_SERVSOCK:
		return "ipv4";
	case FCI_FD_IPV6_SOCK:
	case FCI_FD_IPV6_SERVSOCK:
		return "ipv6";
	case FCI_FD_UNIX_SOCK:
		return "unix";
	case FCI_FD_FIFO:
		return "pipe";
	case FCI_FD_EVENT:
		return "event";
	case FCI_FD_SIGNALFD:
		return "signalfd";
	case FCI_FD_EVENTPOLL:
		return "eventpoll";
	case FCI_FD_INOTIFY:
		return "inotify";
	case FCI_FD_TIMERFD:
		return "timerfd";
	case FCI_FD_NETLINK:
		return "netlink";
	case FCI_FD_BPF:
		return "bpf";
	case FCI_FD_USERFAULTFD:
		return "userfaultfd";
	case FCI_FD_IOURING:
		return "io_uring";
	case FCI_FD_MEMFD:
		return "memfd";
	case FCI_FD_PIDFD:
		return "pidfd";
	default:
		return "unknown";
	}
}

static const char *fd_type_char(uint8_t t)
{
	switch (t) {
	case FCI_FD_FILE:
	case FCI_FD_FILE_V2:
		return "f";
	case FCI_FD_DIRECTORY:
		return "d";
	case FCI_FD_IPV4_SOCK:
	case FCI_FD_IPV4_SERVSOCK:
		return "4";
	case FCI_FD_IPV6_SOCK:
	case FCI_FD_IPV6_SERVSOCK:
		return "6";
	case FCI_FD_UNIX_SOCK:
		return "u";
	case FCI_FD_FIFO:
		return "p";
	case FCI_FD_EVENT:
		return "e";
	case FCI_FD_SIGNALFD:
		return "s";
	case FCI_FD_EVENTPOLL:
		return "l";
	case FCI_FD_INOTIFY:
		return "i";
	case FCI_FD_TIMERFD:
		return "t";
	case FCI_FD_NETLINK:
		return "n";
	case FCI_FD_BPF:
		return "b";
	case FCI_FD_USERFAULTFD:
		return "u";
	case FCI_FD_IOURING:
		return "r";
	case FCI_FD_MEMFD:
		return "m";
	case FCI_FD_PIDFD:
		return "P";
	default:
		return "o";
	}
}

static bool is_sock(const fci_fd *f)
{
	return f && (f->type == FCI_FD_IPV4_SOCK || f->type == FCI_FD_IPV6_SOCK ||
	             f->type == FCI_FD_IPV4_SERVSOCK || f->type == FCI_FD_IPV6_SERVSOCK);
}

static int ret_ip(fc_value *out, const fci_fd *f, const uint8_t *a, bool net)
{
	bool v4 = f->type == FCI_FD_IPV4_SOCK || f->type == FCI_FD_IPV4_SERVSOCK;

	out->type = net ? FC_TYPE_IPNET : FC_TYPE_IPADDR;
	out->is_list = false;
	memset(&out->u.ip, 0, sizeof(out->u.ip));
	out->u.ip.family = v4 ? 4 : 6;
	out->u.ip.prefix = net ? (v4 ? 32 : 128) : 0;
	memcpy(out->u.ip.addr, a, v4 ? 4 : 16);
	return FC_OK;
}

/* Client and server sides; which: 'c','s','l','r'. NULL when not known. */
static const uint8_t *side_ip(const fci_fd *f, char which, uint16_t *port)
{
	bool client;

	if (!is_sock(f))
		return NULL;
	if (which == 'l' || which == 'r') {
		if (f->role == FCI_ROLE_NONE)
			return NULL;
		client = (which == 'l') == (f->role == FCI_ROLE_CLIENT);
	} else {
		client = which == 'c';
	}
	if (client && (f->type == FCI_FD_IPV4_SERVSOCK || f->type == FCI_FD_IPV6_SERVSOCK))
		return NULL;
	if (port)
		*port = client ? f->cport : f->sport;
	return client ? f->cip : f->sip;
}

static int both_sides(fc_syscall_source *src, fc_scratch *scratch, const fci_fd *f, int kind,
                      fc_value *out)
{
	fc_value *items;
	size_t n = 0;
	char w;

	if (!is_sock(f))
		return FC_ENOENT;
	items = salloc(src, scratch, 2 * sizeof(*items));
	if (!items)
		return FC_ENOMEM;
	for (w = 'c'; w; w = w == 'c' ? 's' : 0) {
		uint16_t port;
		const uint8_t *a = side_ip(f, w, &port);

		if (!a)
			continue;
		if (kind == 2) {
			items[n].type = FC_TYPE_PORT;
			items[n].is_list = false;
			items[n++].u.u64 = port;
		} else {
			ret_ip(&items[n++], f, a, kind == 1);
		}
	}
	if (n == 0)
		return FC_ENOENT; /* a socket with no address yet: no value */
	out->type = kind == 2 ? FC_TYPE_PORT : kind == 1 ? FC_TYPE_IPNET : FC_TYPE_IPADDR;
	out->is_list = true;
	out->u.list.items = items;
	out->u.list.n = n;
	return FC_OK;
}

static int ret_time(fc_syscall_source *src, fc_scratch *scratch, fc_value *out, uint64_t ts,
                    int kind)
{
	time_t secs = (time_t)(ts / 1000000000ULL);
	unsigned long ns = (unsigned long)(ts % 1000000000ULL);
	struct tm tm;
	char b[64];

	if (kind == 2)
		gmtime_r(&secs, &tm);
	else
		localtime_r(&secs, &tm);
	switch (kind) {
	case 0: /* evt.time */
		strftime(b, sizeof(b), "%H:%M:%S", &tm);
		return ret_fmt(src, scratch, out, "%s.%09lu", b, ns);
	case 1: /* evt.time.s */
		strftime(b, sizeof(b), "%H:%M:%S", &tm);
		return ret_fmt(src, scratch, out, "%s", b);
	case 2: /* iso8601 */
		strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
		return ret_fmt(src, scratch, out, "%s.%09luZ", b, ns);
	case 3: /* datetime */
		strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
		return ret_fmt(src, scratch, out, "%s.%09lu", b, ns);
	default:
		strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
		return ret_fmt(src, scratch, out, "%s", b);
	}
}

/* The syscall's return value, if the event has one. */
static bool get_res(const fci_sysevt *ev, int64_t *v)
{
	const fci_event_info *info = ev->e.info;
	int i;

	if (!info || info->dir != '<')
		return false;
	i = ev->ti ? ev->ti->res_param : fci_sevt_param_index(&ev->e, "res");
	if (i >= 0)
		return fci_sevt_int(&ev->e, (unsigned)i, v) == FC_OK;
	if (info->nparams > 0 &&
	    (info->params[0].type == FCI_PT_FD || info->params[0].type == FCI_PT_PID ||
	     info->params[0].type == FCI_PT_ERRNO))
		return fci_sevt_int(&ev->e, 0, v) == FC_OK;
	return false;
}

/* Locates an argument by name in the event or its paired enter event. */
static const fci_sevt *find_arg(const fci_sysevt *ev, const char *name, int *idx)
{
	*idx = fci_sevt_param_index(&ev->e, name);
	if (*idx >= 0)
		return &ev->e;
	if (ev->enter) {
		*idx = fci_sevt_param_index(ev->enter, name);
		if (*idx >= 0)
			return ev->enter;
	}
	return NULL;
}

static int ret_param_text(fc_syscall_source *src, fc_scratch *scratch, fc_value *out,
                          const fci_sevt *e, unsigned i)
{
	char tmp[256], *p;
	int n = fci_sevt_format_param(e, i, tmp, sizeof(tmp));

	if (n < 0)
		return n == FC_ENOENT ? FC_ENOENT : n;
	p = salloc(src, scratch, (size_t)n + 1);
	if (!p)
		return FC_ENOMEM;
	if ((size_t)n < sizeof(tmp))
		memcpy(p, tmp, (size_t)n + 1);
	else if (fci_sevt_format_param(e, i, p, (size_t)n + 1) < 0)
		return FC_EFORMAT;
	return ret_strn(out, FC_TYPE_STRING, p, (size_t)n);
}

static bool open_flags(const fci_sysevt *ev, uint64_t *flags)
{
	int i;
	const fci_sevt *e;

	if (!ev->e.info || ev->e.info->dir != '<')
		return false;
	if (ev->ti && ev->ti->flags_param >= 0) /* evt.is_open_* run on every open */
		e = &ev->e, i = ev->ti->flags_param;
	else
		e = find_arg(ev, "flags", &i);
	return e && fci_sevt_uint(e, (unsigned)i, flags) == FC_OK;
}

/* Container metadata through the optional callback, cached for the last id. */
static int ct_meta(fc_syscall_source *src, const fci_thread *th)
{
	if (!src->opts.container_meta || !th || strcmp(th->container_id, "host") == 0)
		return FC_ENOENT;
	if (src->ct_rc != 1 && strcmp(src->ct_for, th->container_id) == 0)
		return src->ct_rc;
	src->ct_name[0] = src->ct_image[0] = '\0';
	src->ct_rc = src->opts.container_meta(th->container_id, src->ct_name, sizeof(src->ct_name),
	                                      src->ct_image, sizeof(src->ct_image),
	                                      src->opts.container_meta_user);
	if (src->ct_rc != FC_OK)
		src->ct_rc = FC_ENOENT;
	src->ct_name[sizeof(src->ct_name) - 1] = '\0';
	src->ct_image[sizeof(src->ct_image) - 1] = '\0';
	memcpy(src->ct_for, th->container_id, sizeof(src->ct_for));
	return src->ct_rc;
}

static const char *env_get(const fci_thread *th, const char *key, size_t klen, size_t *vlen)
{
	size_t i = 0;

	while (th->env && i < th->env_len) {
		const char *e = th->env + i;
		const char *end = memchr(e, '\0', th->env_len - i);
		size_t n = end ? (size_t)(end - e) : th->env_len - i;

		if (n > klen && memcmp(e, key, klen) == 0 && e[klen] == '=') {
			*vlen = n - klen - 1;
			return e + klen + 1;
		}
		i += n + 1;
	}
	return NULL;
}

static bool is_shell(const char *comm)
{
	static const char *const shells[] = {"sh",   "bash", "zsh", "ksh",  "csh",
	                                     "tcsh", "dash", "ash", "fish", NULL};
	size_t i;

	for (i = 0; comm && shells[i]; i++)
		if (strcmp(comm, shells[i]) == 0)
			return true;
	return false;
}

static int ct_image_part(fc_value *out, const char *img, bool tag)
{
	const char *slash = strrchr(img, '/');
	const char *colon = strrchr(slash ? slash : img, ':');
	const char *at = strchr(img, '@');

	if (at)
		colon = NULL;
	if (tag)
		return colon ? ret_str(out, colon + 1) : FC_ENOENT;
	return ret_strn(out, FC_TYPE_STRING, img,
	                colon ? (size_t)(colon - img)
	                : at  ? (size_t)(at - img)
	                      : strlen(img));
}

/* ---- extract ---- */

int fci_syscall_extract(void *ctx, const fc_event *event, const fc_field_ref *ref,
                        fc_scratch *scratch, fc_value *out)
{
	fc_syscall_source *src = ctx;
	const fci_sysevt *ev;
	fci_thread *th, *p;
	const fci_fd *f;
	const fci_event_info *info;
	int64_t v;
	uint64_t u;
	int64_t n =
	        (ref && (ref->cookie & COOKIE_INDEX)) ? (int64_t)(ref->cookie & 0xffffffff) : -1;

	if (!src || !event || !ref || !out || !event->decoded)
		return FC_EINVAL;
	ev = event->decoded;
	th = ev->th;
	f = ev->fd;
	info = ev->e.info;
	out->is_list = false;

	switch (ref->field) {
	case F_EVT_NUM:
		return ret_u64(out, FC_TYPE_UINT64, event->num ? event->num : ev->num);
	case F_EVT_TIME:
		return ret_time(src, scratch, out, ev->e.ts, 0);
	case F_EVT_TIME_S:
		return ret_time(src, scratch, out, ev->e.ts, 1);
	case F_EVT_TIME_ISO:
		return ret_time(src, scratch, out, ev->e.ts, 2);
	case F_EVT_DATETIME:
		return ret_time(src, scratch, out, ev->e.ts, 3);
	case F_EVT_DATETIME_S:
		return ret_time(src, scratch, out, ev->e.ts, 4);
	case F_EVT_RAWTIME:
		return ret_u64(out, FC_TYPE_ABSTIME, ev->e.ts);
	case F_EVT_RAWTIME_S:
		return ret_u64(out, FC_TYPE_UINT64, ev->e.ts / 1000000000ULL);
	case F_EVT_RAWTIME_NS:
		return ret_u64(out, FC_TYPE_UINT64, ev->e.ts % 1000000000ULL);
	case F_EVT_RELTIME:
		return ret_u64(out, FC_TYPE_RELTIME, ev->e.ts - src->first_ts);
	case F_EVT_RELTIME_S:
		return ret_u64(out, FC_TYPE_UINT64, (ev->e.ts - src->first_ts) / 1000000000ULL);
	case F_EVT_RELTIME_NS:
		return ret_u64(out, FC_TYPE_UINT64, (ev->e.ts - src->first_ts) % 1000000000ULL);
	case F_EVT_DELTATIME:
		return ret_u64(out, FC_TYPE_RELTIME,
		               src->prev_ts && ev->e.ts > src->prev_ts ? ev->e.ts - src->prev_ts
		                                                       : 0);
	case F_EVT_SOURCE:
		return ret_str(out, "syscall");
	case F_EVT_HOSTNAME:
		return ret_str(out, src->hostname);
	case F_EVT_IS_ASYNC:
		return ret_bool(out, false);
	case F_EVT_DIR:
		return ret_str(out, info && info->dir == '>' ? ">" : "<");
	case F_EVT_TYPE:
	case F_SYSCALL_TYPE:
		if (info && strcmp(info->name, "syscall") == 0 &&
		    fci_sevt_uint(&ev->e, 0, &u) == FC_OK) {
			const char *nm = fci_syscall_name((uint16_t)u);

			return ret_str(out, nm ? nm : "<unknown>");
		}
		return ret_str(out, info ? info->name : NULL);
	case F_EVT_TYPE_IS:
		return ret_u64(out, FC_TYPE_UINT64,
		               info && ref->arg && strcmp(info->name, ref->arg) == 0 ? 1 : 0);
	case F_EVT_CATEGORY:
		return ret_str(out, info ? fci_event_category_name(info->category) : NULL);
	case F_EVT_ARGS:
	case F_EVT_INFO: {
		char tmp[1024], *pp;
		int k = fci_sevt_format_args(&ev->e, tmp, sizeof(tmp));

		if (k < 0)
			return k;
		pp = salloc(src, scratch, (size_t)k + 1);
		if (!pp)
			return FC_ENOMEM;
		if ((size_t)k < sizeof(tmp))
			memcpy(pp, tmp, (size_t)k + 1);
		else if (fci_sevt_format_args(&ev->e, pp, (size_t)k + 1) < 0)
			return FC_EFORMAT;
		return ret_strn(out, FC_TYPE_STRING, pp, (size_t)k);
	}
	case F_EVT_ARG:
	case F_EVT_RAWARG: {
		const fci_sevt *e = &ev->e;
		int i;

		if (ref->cookie & COOKIE_INDEX) {
			i = (int)n;
			if ((uint32_t)i >= e->nparams)
				return FC_ENOENT;
		} else if (ref->cookie && ref->cookie <= src->n_arg_names) {
			/* the event's own arguments only, like libsinsp (no enter fallback) */
			i = fci_sevt_param_index(e, src->arg_name_list[ref->cookie - 1]);
			if (i < 0)
				return FC_ENOENT;
		} else {
			return FC_ENOENT;
		}
		if (ref->field == F_EVT_ARG)
			return ret_param_text(src, scratch, out, e, (unsigned)i);
		if (fci_sevt_int(e, (unsigned)i, &v) != FC_OK)
			return FC_ENOENT;
		return ret_i64(out, v);
	}
	case F_EVT_BUFFER:
	case F_EVT_BUFLEN: {
		const fci_sevt *e;
		const uint8_t *b;
		size_t bl;
		int i;

		e = find_arg(ev, "data", &i);
		if (!e || fci_sevt_bytes(e, (unsigned)i, &b, &bl) != FC_OK)
			return FC_ENOENT;
		if (ref->field == F_EVT_BUFLEN)
			return ret_u64(out, FC_TYPE_UINT64, bl);
		return ret_strn(out, FC_TYPE_BYTES, (const char *)b, bl);
	}
	case F_EVT_RES:
		if (!get_res(ev, &v))
			return FC_ENOENT;
		if (v >= 0)
			return ret_str(out, "SUCCESS");
		{
			const char *en = fci_errno_name(v);

			if (!en)
				en = fci_errno_name(-v);
			return en ? ret_str(out, en) : ret_fmt(src, scratch, out, "%" PRId64, v);
		}
	case F_EVT_RAWRES:
		if (!get_res(ev, &v))
			return FC_ENOENT;
		return ret_i64(out, v);
	case F_EVT_FAILED:
		return ret_bool(out, get_res(ev, &v) && v < 0);
	case F_EVT_IS_IO:
		return ret_bool(out, info && (info->category == FCI_EC_IO_READ ||
		                              info->category == FCI_EC_IO_WRITE));
	case F_EVT_IS_IO_READ:
		return ret_bool(out, info && info->category == FCI_EC_IO_READ);
	case F_EVT_IS_IO_WRITE:
		return ret_bool(out, info && info->category == FCI_EC_IO_WRITE);
	case F_EVT_IO_DIR:
		if (!info ||
		    (info->category != FCI_EC_IO_READ && info->category != FCI_EC_IO_WRITE))
			return FC_ENOENT;
		return ret_str(out, info->category == FCI_EC_IO_READ ? "r" : "w");
	case F_EVT_IS_WAIT:
		return ret_bool(out, info && (info->flags & FCI_EF_WAITS));
	case F_EVT_COUNT:
		return ret_u64(out, FC_TYPE_UINT64, 1);
	case F_EVT_COUNT_ERROR:
		return ret_u64(out, FC_TYPE_UINT64, get_res(ev, &v) && v < 0 ? 1 : 0);
	case F_EVT_COUNT_EXIT:
		return ret_u64(out, FC_TYPE_UINT64, info && info->dir == '<' ? 1 : 0);
	case F_EVT_IS_OPEN_READ:
	case F_EVT_IS_OPEN_WRITE:
	case F_EVT_IS_OPEN_EXEC:
	case F_EVT_IS_OPEN_CREATE: {
		bool r = false;

		if (src->tinfo[ev->e.type].is_open && open_flags(ev, &u)) {
			if (ref->field == F_EVT_IS_OPEN_READ)
				r = (u & 1) != 0;
			else if (ref->field == F_EVT_IS_OPEN_WRITE)
				r = (u & 2) != 0;
			else if (ref->field == F_EVT_IS_OPEN_CREATE)
				r = (u & (1u << 14)) != 0 || (u & (1u << 2)) != 0;
			else {
				const fci_sevt *e;
				int i;
				uint64_t mode = 0;

				e = find_arg(ev, "mode", &i);
				if (e)
					(void)fci_sevt_uint(e, (unsigned)i, &mode);
				/* created with an execute bit (PPM_S_IXUSR|IXGRP|IXOTH) */
				r = (u & (1u << 2)) && (mode & ((1u << 6) | (1u << 3) | 1u));
			}
		}
		return ret_bool(out, r);
	}
	default:
		break;
	}

	/* container.* / k8s.* */
	switch (ref->field) {
	case F_CT_ID:
	case F_CT_FULL_ID:
		if (!th)
			return FC_ENOENT;
		return ret_str(out, th->container_id);
	case F_CT_TYPE:
		if (!th)
			return FC_ENOENT;
		return ret_str(out, fci_container_type_name(th->container_kind));
	case F_CT_NAME:
		if (!th)
			return FC_ENOENT;
		if (strcmp(th->container_id, "host") == 0)
			return ret_str(out, "host");
		if (ct_meta(src, th) != FC_OK || !src->ct_name[0])
			return FC_ENOENT;
		return ret_str(out, src->ct_name);
	case F_CT_IMAGE:
	case F_CT_IMAGE_REPO:
	case F_CT_IMAGE_TAG:
		if (ct_meta(src, th) != FC_OK || !src->ct_image[0])
			return FC_ENOENT;
		if (ref->field == F_CT_IMAGE)
			return ret_str(out, src->ct_image);
		return ct_image_part(out, src->ct_image, ref->field == F_CT_IMAGE_TAG);
	case F_CT_IMAGE_ID:
	case F_CT_IMAGE_DIGEST:
	case F_CT_PRIVILEGED:
	case F_CT_MOUNTS:
	case F_CT_MOUNT:
	case F_CT_MOUNT_SOURCE:
	case F_CT_MOUNT_DEST:
	case F_CT_START_TS:
	case F_CT_DURATION:
	case F_CT_IP:
	case F_K8S_NS_NAME:
	case F_K8S_POD_NAME:
	case F_K8S_POD_ID:
	case F_K8S_POD_UID:
	case F_K8S_POD_LABEL:
	case F_K8S_POD_LABELS:
		return FC_ENOENT;
	default:
		break;
	}

	/* fs.path.* */
	switch (ref->field) {
	case F_FS_PATH_NAME:
		return ev->fs_name ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_name, strlen(ev->fs_name))
		                   : FC_ENOENT;
	case F_FS_PATH_NAMERAW:
		return ev->fs_nameraw ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_nameraw,
		                                 strlen(ev->fs_nameraw))
		                      : FC_ENOENT;
	case F_FS_PATH_SOURCE:
		return ev->fs_source
		               ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_source, strlen(ev->fs_source))
		               : FC_ENOENT;
	case F_FS_PATH_SOURCERAW:
		return ev->fs_sourceraw ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_sourceraw,
		                                   strlen(ev->fs_sourceraw))
		                        : FC_ENOENT;
	case F_FS_PATH_TARGET:
		return ev->fs_target
		               ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_target, strlen(ev->fs_target))
		               : FC_ENOENT;
	case F_FS_PATH_TARGETRAW:
		return ev->fs_targetraw ? ret_strn(out, FC_TYPE_FSPATH, ev->fs_targetraw,
		                                   strlen(ev->fs_targetraw))
		                        : FC_ENOENT;
	default:
		break;
	}

	/* fd.* */
	if (ref->field >= F_FD_NUM && ref->field <= F_FD_TYPES) {
		const uint8_t *a;
		uint16_t port;

		if (ref->field == F_FD_NUM)
			return ev->has_fdnum ? ret_i64(out, ev->fdnum) : FC_ENOENT;
		if (ref->field == F_FD_NAME_CHANGED)
			return ret_bool(out, ev->fd_name_changed);
		if (ref->field == F_FD_TYPES) {
			fci_thread *m = fci_thread_main(&src->threads, th);
			fc_value *items;
			size_t k, cnt = 0;
			const char *seen[32];
			size_t ns = 0;

			if (!m || !m->fds)
				return FC_ENOENT;
			items = salloc(src, scratch, 32 * sizeof(*items));
			if (!items)
				return FC_ENOMEM;
			for (k = 0; k < m->fds->map.cap && cnt < 32; k++) {
				const fci_fd *x = m->fds->map.slots[k].val;
				const char *tn;
				size_t j;

				if (!x)
					continue;
				tn = fd_type_name(x->type);
				for (j = 0; j < ns; j++)
					if (seen[j] == tn)
						break;
				if (j < ns)
					continue;
				seen[ns++] = tn;
				ret_str(&items[cnt], tn);
				items[cnt++].is_list = false;
			}
			out->type = FC_TYPE_STRING;
			out->is_list = true;
			out->u.list.items = items;
			out->u.list.n = cnt;
			return FC_OK;
		}
		if (!f)
			return FC_ENOENT;
		switch (ref->field) {
		case F_FD_TYPE:
			return ret_str(out, fd_type_name(f->type));
		case F_FD_TYPECHAR:
			return ret_str(out, fd_type_char(f->type));
		case F_FD_NAME:
			return ret_str(out, f->name);
		case F_FD_NAMERAW:
			return ret_str(out, f->nameraw ? f->nameraw : f->name);
		case F_FD_DIRECTORY:
		case F_FD_CONTAINERDIRECTORY: {
			const char *nm = f->name;
			size_t len;

			if (f->type == FCI_FD_DIRECTORY)
				len = strlen(nm);
			else if (f->type == FCI_FD_FILE || f->type == FCI_FD_FILE_V2) {
				const char *sl = strrchr(nm, '/');

				if (!sl)
					return FC_ENOENT;
				len = sl == nm ? 1 : (size_t)(sl - nm);
			} else {
				return FC_ENOENT;
			}
			if (ref->field == F_FD_DIRECTORY)
				return ret_strn(out, FC_TYPE_STRING, nm, len);
			return ret_fmt(src, scratch, out, "%s:%.*s", th ? th->container_id : "host",
			               (int)len, nm);
		}
		case F_FD_FILENAME: {
			const char *sl;

			if (f->type != FCI_FD_FILE && f->type != FCI_FD_FILE_V2)
				return FC_ENOENT;
			sl = strrchr(f->name, '/');
			return ret_str(out, sl ? sl + 1 : f->name);
		}
		case F_FD_CONTAINERNAME:
			return ret_fmt(src, scratch, out, "%s:%s", th ? th->container_id : "host",
			               f->name);
		case F_FD_UID:
			return ret_fmt(src, scratch, out, "%" PRId64 "%" PRId64, th ? th->tid : 0,
			               f->num);
		case F_FD_IP:
			return both_sides(src, scratch, f, 0, out);
		case F_FD_NET:
			return both_sides(src, scratch, f, 1, out);
		case F_FD_PORT:
			return both_sides(src, scratch, f, 2, out);
		case F_FD_CIP:
		case F_FD_SIP:
		case F_FD_LIP:
		case F_FD_RIP:
		case F_FD_CNET:
		case F_FD_SNET:
		case F_FD_LNET:
		case F_FD_RNET: {
			static const char w4[] = "cslrcslr";

			a = side_ip(f,
			            w4[ref->field <= F_FD_RIP ? ref->field - F_FD_CIP
			                                      : ref->field - F_FD_CNET + 4],
			            NULL);
			if (!a)
				return FC_ENOENT;
			return ret_ip(out, f, a, ref->field >= F_FD_CNET);
		}
		case F_FD_CPORT:
		case F_FD_SPORT:
		case F_FD_LPORT:
		case F_FD_RPORT:
			a = side_ip(f, "cslr"[ref->field - F_FD_CPORT], &port);
			if (!a)
				return FC_ENOENT;
			return ret_u64(out, FC_TYPE_PORT, port);
		case F_FD_L4PROTO:
			if (!is_sock(f))
				return FC_ENOENT;
			return ret_str(out, f->l4proto == FCI_L4_TCP    ? "tcp"
			                    : f->l4proto == FCI_L4_UDP  ? "udp"
			                    : f->l4proto == FCI_L4_ICMP ? "icmp"
			                    : f->l4proto == FCI_L4_RAW  ? "raw"
			                                                : "<unknown>");
		case F_FD_SOCKFAMILY:
			if (is_sock(f))
				return ret_str(out, "ip");
			if (f->type == FCI_FD_UNIX_SOCK)
				return ret_str(out, "unix");
			return FC_ENOENT;
		case F_FD_IS_SERVER:
			return ret_bool(out, f->role == FCI_ROLE_SERVER);
		case F_FD_CONNECTED:
			return ret_bool(out, f->connected);
		case F_FD_DEV:
			return ret_u64(out, FC_TYPE_UINT64, f->dev);
		case F_FD_DEV_MAJOR:
			return ret_u64(out, FC_TYPE_UINT64, f->dev >> 20);
		case F_FD_DEV_MINOR:
			return ret_u64(out, FC_TYPE_UINT64, f->dev & 0xfffff);
		case F_FD_INO:
			return ret_u64(out, FC_TYPE_UINT64, f->ino);
		default:
			return FC_ENOENT; /* fd.*ip.name: no DNS resolution */
		}
	}

	/* proc.*, thread.*, user.*, group.*: need the thread */
	if (!th)
		return FC_ENOENT;
	switch (ref->field) {
	case F_PROC_NAME:
		return ret_str(out, th->comm);
	case F_PROC_EXE:
		return ret_str(out, th->exe);
	case F_PROC_EXEPATH:
		return ret_str(out, th->exepath);
	case F_PROC_CMDLINE:
		return th->comm ? ret_str(out, th->cmdline) : FC_ENOENT;
	case F_PROC_PNAME:
		return ret_thr_str(out, parent_of(src, th), 0);
	case F_PROC_PEXE:
		return ret_thr_str(out, parent_of(src, th), 1);
	case F_PROC_PEXEPATH:
		return ret_thr_str(out, parent_of(src, th), 2);
	case F_PROC_PCMDLINE:
		p = parent_of(src, th);
		return p && p->comm ? ret_thr_str(out, p, 3) : FC_ENOENT;
	case F_PROC_ANAME:
	case F_PROC_AEXE:
	case F_PROC_AEXEPATH:
	case F_PROC_ACMDLINE: {
		int which = ref->field == F_PROC_ANAME      ? 0
		            : ref->field == F_PROC_AEXE     ? 1
		            : ref->field == F_PROC_AEXEPATH ? 2
		                                            : 3;

		if (n < 0)
			return ancestors_list(src, scratch, th, which, out);
		return ret_thr_str(out, ancestor(src, th, n), which);
	}
	case F_PROC_APID:
		if (n < 0)
			return ancestors_list(src, scratch, th, 4, out);
		p = ancestor(src, th, n);
		return p ? ret_i64(out, p->pid) : FC_ENOENT;
	case F_PROC_ARGS:
		if (!th->comm)
			return FC_ENOENT;
		return ret_joined(src, scratch, out, th->args ? th->args : "", th->args_len);
	case F_PROC_CMDNARGS: {
		size_t k, c = 0;

		for (k = 0; k < th->args_len; k++)
			if (th->args[k] == '\0')
				c++;
		if (th->args_len && th->args[th->args_len - 1] != '\0')
			c++;
		return ret_u64(out, FC_TYPE_UINT64, c);
	}
	case F_PROC_CMDLENARGS: {
		size_t k, c = 0;

		for (k = 0; k < th->args_len; k++)
			if (th->args[k] != '\0')
				c++;
		return ret_u64(out, FC_TYPE_UINT64, c);
	}
	case F_PROC_EXELINE: {
		fc_value a;
		int rc = ret_joined(src, scratch, &a, th->args ? th->args : "", th->args_len);

		if (rc < 0 || !th->exe)
			return rc < 0 ? rc : FC_ENOENT;
		if (!a.u.str.len)
			return ret_str(out, th->exe);
		return ret_fmt(src, scratch, out, "%s %.*s", th->exe, (int)a.u.str.len,
		               a.u.str.ptr);
	}
	case F_PROC_ENV:
		if (ref->has_arg && ref->arg) {
			size_t vl;
			const char *val = env_get(th, ref->arg, ref->arg_len, &vl);

			return val ? ret_strn(out, FC_TYPE_STRING, val, vl) : FC_ENOENT;
		}
		return ret_joined(src, scratch, out, th->env, th->env_len);
	case F_PROC_CWD:
		return ret_str(out, th->cwd);
	case F_PROC_LOGINSHELLID: {
		int64_t id = -1;
		int k;

		for (p = th, k = 0; p && k < 256; p = parent_of(src, p), k++)
			if (is_shell(p->comm))
				id = p->pid;
		return id >= 0 ? ret_i64(out, id) : FC_ENOENT;
	}
	case F_PROC_TTY:
		return ret_u64(out, FC_TYPE_UINT64, th->tty);
	case F_PROC_PID:
		return ret_i64(out, th->pid);
	case F_PROC_PPID:
		p = parent_of(src, th);
		if (p)
			return ret_i64(out, p->pid);
		return th->ptid > 0 ? ret_i64(out, th->ptid) : FC_ENOENT;
	case F_PROC_VPID:
		return ret_i64(out, th->vpid);
	case F_PROC_PVPID:
		p = parent_of(src, th);
		return p ? ret_i64(out, p->vpid) : FC_ENOENT;
	case F_PROC_SID:
		return th->sid >= 0 ? ret_i64(out, th->sid) : FC_ENOENT;
	case F_PROC_SNAME:
	case F_PROC_SID_EXE:
	case F_PROC_SID_EXEPATH:
		p = th->sid > 0 ? fci_thread_get(&src->threads, th->sid) : NULL;
		return ret_thr_str(out, p,
		                   ref->field == F_PROC_SNAME     ? 0
		                   : ref->field == F_PROC_SID_EXE ? 1
		                                                  : 2);
	case F_PROC_VPGID:
		return th->vpgid >= 0 ? ret_i64(out, th->vpgid) : FC_ENOENT;
	case F_PROC_PGID:
		return th->pgid >= 0 ? ret_i64(out, th->pgid) : FC_ENOENT;
	case F_PROC_VPGID_NAME:
	case F_PROC_VPGID_EXE:
	case F_PROC_VPGID_EXEPATH:
	case F_PROC_PGID_NAME:
	case F_PROC_PGID_EXE:
	case F_PROC_PGID_EXEPATH: {
		bool vp = ref->field <= F_PROC_VPGID_EXEPATH;
		int64_t g = vp ? th->vpgid : th->pgid;
		int which = (int)(ref->field - (vp ? F_PROC_VPGID_NAME : F_PROC_PGID_NAME));

		p = g > 0 ? fci_thread_get(&src->threads, g) : NULL;
		return ret_thr_str(out, p, which);
	}
	case F_PROC_DURATION:
		return th->clone_ts && ev->e.ts >= th->clone_ts
		               ? ret_u64(out, FC_TYPE_RELTIME, ev->e.ts - th->clone_ts)
		               : FC_ENOENT;
	case F_PROC_PPID_DURATION:
		p = parent_of(src, th);
		return p && p->clone_ts && ev->e.ts >= p->clone_ts
		               ? ret_u64(out, FC_TYPE_RELTIME, ev->e.ts - p->clone_ts)
		               : FC_ENOENT;
	case F_PROC_PID_TS:
		return th->clone_ts ? ret_u64(out, FC_TYPE_ABSTIME, th->clone_ts) : FC_ENOENT;
	case F_PROC_PPID_TS:
		p = parent_of(src, th);
		return p && p->clone_ts ? ret_u64(out, FC_TYPE_ABSTIME, p->clone_ts) : FC_ENOENT;
	case F_PROC_IS_EXE_WRITABLE:
		return ret_bool(out, th->flags & FCI_TH_EXE_WRITABLE);
	case F_PROC_IS_EXE_UPPER:
		return ret_bool(out, th->flags & FCI_TH_EXE_UPPER_LAYER);
	case F_PROC_IS_EXE_LOWER:
		return ret_bool(out, th->flags & FCI_TH_EXE_LOWER_LAYER);
	case F_PROC_IS_EXE_MEMFD:
		return ret_bool(out, th->flags & FCI_TH_EXE_FROM_MEMFD);
	case F_PROC_IS_SID_LEADER:
		return ret_bool(out, th->sid >= 0 && th->sid == th->vpid);
	case F_PROC_IS_VPGID_LEADER:
		return ret_bool(out, th->vpgid >= 0 && th->vpgid == th->vpid);
	case F_PROC_IS_PGID_LEADER:
		return ret_bool(out, th->pgid >= 0 && th->pgid == th->pid);
	case F_PROC_EXE_INO:
		return th->exe_ino ? ret_u64(out, FC_TYPE_UINT64, th->exe_ino) : FC_ENOENT;
	case F_PROC_EXE_INO_CTIME:
		return th->exe_ino_ctime ? ret_u64(out, FC_TYPE_ABSTIME, th->exe_ino_ctime)
		                         : FC_ENOENT;
	case F_PROC_EXE_INO_MTIME:
		return th->exe_ino_mtime ? ret_u64(out, FC_TYPE_ABSTIME, th->exe_ino_mtime)
		                         : FC_ENOENT;
	case F_PROC_EXE_INO_CTIME_DUR:
		return th->exe_ino_ctime && th->clone_ts >= th->exe_ino_ctime
		               ? ret_u64(out, FC_TYPE_ABSTIME, th->clone_ts - th->exe_ino_ctime)
		               : FC_ENOENT;
	case F_THREAD_CAP_PERMITTED:
		return ret_caps(src, scratch, out, th->cap_prm);
	case F_THREAD_CAP_INHERITABLE:
		return ret_caps(src, scratch, out, th->cap_inh);
	case F_THREAD_CAP_EFFECTIVE:
		return ret_caps(src, scratch, out, th->cap_eff);
	case F_PROC_FDOPENCOUNT:
	case F_PROC_FDUSAGE: {
		fci_thread *m = fci_thread_main(&src->threads, th);
		size_t cnt = m && m->fds ? m->fds->map.n : 0;

		if (ref->field == F_PROC_FDOPENCOUNT)
			return ret_u64(out, FC_TYPE_UINT64, cnt);
		if (!m || !m->fdlimit)
			return FC_ENOENT;
		out->type = FC_TYPE_DOUBLE;
		out->u.f64 = 100.0 * (double)cnt / (double)m->fdlimit;
		return FC_OK;
	}
	case F_PROC_FDLIMIT:
		return ret_i64(out, (int64_t)th->fdlimit);
	case F_PROC_VMSIZE:
		return ret_u64(out, FC_TYPE_UINT64, th->vmsize_kb);
	case F_PROC_VMRSS:
		return ret_u64(out, FC_TYPE_UINT64, th->vmrss_kb);
	case F_PROC_VMSWAP:
		return ret_u64(out, FC_TYPE_UINT64, th->vmswap_kb);
	case F_THREAD_PFMAJOR:
		return ret_u64(out, FC_TYPE_UINT64, th->pfmajor);
	case F_THREAD_PFMINOR:
		return ret_u64(out, FC_TYPE_UINT64, th->pfminor);
	case F_THREAD_TID:
		return ret_i64(out, th->tid);
	case F_THREAD_ISMAIN:
		return ret_bool(out, th->tid == th->pid);
	case F_THREAD_VTID:
		return ret_i64(out, th->vtid);
	case F_THREAD_CGROUPS:
		return ret_joined(src, scratch, out, th->cgroups, th->cgroups_len);
	case F_THREAD_CGROUP: {
		size_t i = 0;

		while (ref->arg && th->cgroups && i < th->cgroups_len) {
			const char *e = th->cgroups + i;
			const char *end = memchr(e, '\0', th->cgroups_len - i);
			size_t len = end ? (size_t)(end - e) : th->cgroups_len - i;

			if (len > ref->arg_len && memcmp(e, ref->arg, ref->arg_len) == 0 &&
			    e[ref->arg_len] == '=')
				return ret_strn(out, FC_TYPE_STRING, e + ref->arg_len + 1,
				                len - ref->arg_len - 1);
			i += len + 1;
		}
		return FC_ENOENT;
	}
	case F_PROC_NTHREADS:
	case F_PROC_NCHILDS: {
		size_t k, c = 0;

		for (k = 0; k < src->threads.map.cap; k++) {
			const fci_thread *x = src->threads.map.slots[k].val;

			if (!x)
				continue;
			if (ref->field == F_PROC_NTHREADS
			            ? x->pid == th->pid
			            : (x->ptid == th->tid && x->tid != th->tid))
				c++;
		}
		return ret_u64(out, FC_TYPE_UINT64, c);
	}
	case F_PROC_STDIN_TYPE:
	case F_PROC_STDOUT_TYPE:
	case F_PROC_STDERR_TYPE:
	case F_PROC_STDIN_NAME:
	case F_PROC_STDOUT_NAME:
	case F_PROC_STDERR_NAME: {
		int which = (int)(ref->field - F_PROC_STDIN_TYPE);
		fci_thread *m = fci_thread_main(&src->threads, th);
		const fci_fd *x = fci_fdtable_get(m ? m->fds : NULL, which % 3);

		if (!x)
			return FC_ENOENT;
		return which < 3 ? ret_str(out, fd_type_name(x->type)) : ret_str(out, x->name);
	}
	case F_USER_UID:
		return ret_u64(out, FC_TYPE_UINT64, th->uid); /* 4294967295 when unknown */
	case F_USER_NAME:
	case F_USER_HOMEDIR:
	case F_USER_SHELL: {
		const fci_user *us = fci_user_get(&src->users, th->uid);

		if (!us)
			return FC_ENOENT;
		return ret_str(out, ref->field == F_USER_NAME      ? us->name
		                    : ref->field == F_USER_HOMEDIR ? us->homedir
		                                                   : us->shell);
	}
	case F_USER_LOGINUID:
		return ret_i64(out, th->loginuid);
	case F_USER_LOGINNAME: {
		const fci_user *us;

		if (th->loginuid < 0)
			return FC_ENOENT;
		us = fci_user_get(&src->users, (uint32_t)th->loginuid);
		return us ? ret_str(out, us->name) : FC_ENOENT;
	}
	case F_GROUP_GID:
		return ret_u64(out, FC_TYPE_UINT64, th->gid);
	case F_GROUP_NAME: {
		const fci_user *g = fci_group_get(&src->users, th->gid);

		return g ? ret_str(out, g->name) : FC_ENOENT;
	}
	default:
		return FC_ENOENT;
	}
}
