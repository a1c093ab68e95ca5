/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: least privilege for live capture, and refusing rules and
 * config files that anyone may write.
 *
 * Capabilities. Loading and attaching the probe needs CAP_BPF, CAP_PERFMON
 * and often CAP_SYS_ADMIN / CAP_SYS_RESOURCE; once the probe runs and /proc
 * has been scanned, the ring buffer is read through file descriptors already
 * open, which needs no capability. What is still needed is reading /proc of
 * other processes, which the syscall source does for threads it has not
 * seen yet (and a reload re-reads rules files):
 *   - CAP_SYS_PTRACE: /proc/<pid>/exe, cwd, root, environ and fd of processes
 *     of other users or with a different dumpable flag are ptrace-checked;
 *   - CAP_DAC_READ_SEARCH: reading files and directories whatever their
 *     mode (rules files, /proc entries of other users).
 * Every other capability is dropped from the effective, permitted,
 * inheritable and ambient sets and from the bounding set (so nothing
 * falcocore runs — program_output — can get them back), and no_new_privs is
 * set (setuid and file capabilities give nothing on execve).
 *
 * Capabilities are per thread: the main thread drops them, then every other
 * thread of the process (output, control, web server threads) runs the same
 * system calls from a signal handler, the way glibc propagates setuid(). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PRIV_KEEP        ((UINT64_C(1) << CAP_SYS_PTRACE) | (UINT64_C(1) << CAP_DAC_READ_SEARCH))
#define PRIV_SIG         (SIGRTMIN + 4)
#define PRIV_MAX_THREADS 1024

/* Shared with the signal handler: what to apply, and the acknowledgements. */
static struct {
	uint64_t keep;   /* capabilities kept (a subset of PRIV_KEEP) */
	int last_cap;    /* highest capability number the kernel knows */
	atomic_int done; /* threads that applied the drop */
	atomic_int failed;
} g_priv;

/* Async-signal-safe: raw system calls only. Order matters: dropping from the
 * bounding set needs CAP_SETPCAP, which capset() then removes. */
static int apply_drop(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	int c;

	for (c = 0; c <= g_priv.last_cap; c++)
		if (!(g_priv.keep & (UINT64_C(1) << c)) &&
		    prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1 &&
		    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0)
			return -1;
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = (uint32_t)g_priv.keep;
	data[1].effective = data[1].permitted = (uint32_t)(g_priv.keep >> 32);
	if (syscall(SYS_capset, &hdr, data) != 0)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return 0;
}

static void on_priv_signal(int sig)
{
	int saved = errno;

	(void)sig;
	if (apply_drop() != 0)
		atomic_fetch_add(&g_priv.failed, 1);
	atomic_fetch_add(&g_priv.done, 1);
	errno = saved;
}

static uint64_t current_permitted(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return 0;
	return (uint64_t)data[0].permitted | ((uint64_t)data[1].permitted << 32);
}

static int last_cap(void)
{
	int c = 0;

	while (c < 63 && prctl(PR_CAPBSET_READ, c + 1, 0, 0, 0) >= 0)
		c++;
	return c;
}

/* Signals every thread not yet in `seen` once; returns how many were
 * signalled, -1 when /proc/self/task cannot be listed. */
static int signal_new_threads(pid_t *seen, int *n_seen)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	pid_t self = (pid_t)syscall(SYS_gettid), pid = getpid();
	int sent = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);
		bool known = tid <= 0 || tid == self;

		for (int i = 0; !known && i < *n_seen; i++)
			known = seen[i] == tid;
		if (known || *n_seen >= PRIV_MAX_THREADS)
			continue;
		seen[(*n_seen)++] = tid;
		if (syscall(SYS_tgkill, pid, tid, PRIV_SIG) == 0)
			sent++;
	}
	closedir(d);
	return sent;
}

/* True when every thread's effective and bounding sets are within `keep`. */
static bool threads_dropped(uint64_t keep)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	bool ok = d != NULL;

	while (ok && (de = readdir(d)) != NULL) {
		char path[320], line[256];
		FILE *fp;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/status", de->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue; /* exited */
		while (fgets(line, sizeof(line), fp))
			if (strncmp(line, "CapEff:", 7) == 0 || strncmp(line, "CapBnd:", 7) == 0)
				ok &= (strtoull(line + 7, NULL, 16) & ~keep) == 0;
		fclose(fp);
	}
	if (d)
		closedir(d);
	return ok;
}

int cli_drop_privileges(char *err, size_t errlen)
{
	static pid_t seen[PRIV_MAX_THREADS];
	struct sigaction sa, old;
	int n_seen = 0, sent = 0, r;
	uint64_t deadline;

	g_priv.keep = current_permitted() & PRIV_KEEP;
	g_priv.last_cap = last_cap();
	atomic_store(&g_priv.done, 0);
	atomic_store(&g_priv.failed, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_priv_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(PRIV_SIG, &sa, &old) != 0) {
		snprintf(err, errlen, "dropping capabilities: sigaction: %s", strerror(errno));
		return -1;
	}
	if (apply_drop() != 0) {
		snprintf(err, errlen, "dropping capabilities: %s", strerror(errno));
		sigaction(PRIV_SIG, &old, NULL);
		return -1;
	}
	/* Until no thread is new: a thread may have been created by one that
	 * had not dropped yet. A thread that exits before it handles the signal
	 * never answers: after a second, /proc tells whether any is left. */
	deadline = cli_mono_ns() + 1000000000ull;
	for (;;) {
		struct timespec ts = {0, 1000000};

		r = signal_new_threads(seen, &n_seen);
		if (r < 0) {
			snprintf(err, errlen, "dropping capabilities: cannot list /proc/self/task");
			return -1;
		}
		sent += r;
		if (r == 0 && atomic_load(&g_priv.done) >= sent)
			break;
		if (cli_mono_ns() > deadline) {
			if (threads_dropped(g_priv.keep))
				break;
			snprintf(err, errlen,
			         "dropping capabilities: %d of %d threads did not answer in 1 s",
			         sent - atomic_load(&g_priv.done), sent);
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&g_priv.failed)) {
		snprintf(err, errlen, "dropping capabilities failed in %d thread(s)",
		         atomic_load(&g_priv.failed));
		return -1;
	}
	return 0;
}

/* ---- insecure files ---------------------------------------------------------- */

static bool g_allow_insecure;

void cli_allow_insecure_files(bool allow)
{
	g_allow_insecure = allow;
}

int cli_check_file_secure(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (g_allow_insecure || stat(path, &st) != 0)
		return 0; /* a missing file is reported by whoever opens it */
	if ((st.st_mode & S_IWOTH) && !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX))) {
		snprintf(err, errlen,
		         "%s is writable by every user (mode %04o): anyone could change what "
		         "falcocore detects; fix it with 'chmod o-w %s', or allow it with "
		         "--allow-insecure-files",
		         path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}
