/* SPDX-License-Identifier: Apache-2.0 */
/* Probe overhead benchmark: a syscall loop pinned to one CPU, without and with
 * the live probe attached (interest: every event the probe emits except I/O,
 * like the upstream rules plus state tracking); a poller thread on another CPU
 * consumes the ring buffer. Reports CPU ns per syscall, the overhead, events/s
 * consumed and drops. Usage: bench_probe [ITERATIONS] (default 1000000). */
#include "fc_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop;
static atomic_ullong consumed;

static double cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu % CPU_SETSIZE, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

/* ns of CPU per syscall: getppid() (uninteresting) or openat+close (interesting). */
static double loop(int mode, long n)
{
	double t0 = cpu_ns();
	if (mode == 0) {
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		return (cpu_ns() - t0) / n;
	}
	for (long i = 0; i < n; i++) {
		int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY, 0);
		syscall(SYS_close, fd);
	}
	return (cpu_ns() - t0) / (2.0 * n);
}

/* The probe drops its consumer's own process, so the loop runs in a child. */
static double loop_child(int mode, long n, int cpu)
{
	int fds[2];
	double r = -1;
	if (pipe(fds) != 0)
		return -1;
	pid_t c = fork();
	if (c == 0) {
		pin(cpu);
		r = loop(mode, n);
		if (write(fds[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	if (read(fds[0], &r, sizeof(r)) != sizeof(r))
		r = -1;
	waitpid(c, NULL, 0);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static int count(const void *rec, size_t len, void *user)
{
	(void)rec;
	(void)len;
	(void)user;
	atomic_fetch_add_explicit(&consumed, 1, memory_order_relaxed);
	return 0;
}

static void *poller(void *arg)
{
	fcp_probe *p = arg;
	pin(0);
	while (!atomic_load(&stop))
		fcp_probe_poll(p, 10, count, NULL);
	while (fcp_probe_poll(p, 0, count, NULL) > 0)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int work_cpu = ncpu > 1 ? 1 : 0;
	double base_g = loop_child(0, n, work_cpu), base_o = loop_child(1, n / 4, work_cpu);

	uint8_t bm[64];
	fcp_probe_all_events(bm, sizeof(bm));
	fcp_opts o = {.interest = bm, .interest_codes = sizeof(bm) * 8, .ringbuf_bytes = 64u << 20};
	fcp_probe *p;
	char err[512];
	if (fcp_probe_open(&o, &p, err, sizeof(err)) != 0) {
		printf("bench_probe: skipped: %s\n", err);
		printf("without probe: getppid %.1f ns/syscall, openat+close %.1f ns/syscall\n",
		       base_g, base_o);
		return 0;
	}
	pthread_t th;
	pthread_create(&th, NULL, poller, p);
	double probe_g = loop_child(0, n, work_cpu);
	fcp_stats s0;
	fcp_probe_get_stats(p, &s0);
	unsigned long long c0 = atomic_load(&consumed);
	double w0 = wall_ns();
	double probe_o = loop_child(1, n / 4, work_cpu);
	double w1 = wall_ns();
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	fcp_stats s;
	fcp_probe_get_stats(p, &s);
	unsigned long long ev = atomic_load(&consumed) - c0;
	printf("cpus: workload on %d, poller on 0; iterations %ld\n", work_cpu, n);
	printf("getppid (uninteresting): %.1f -> %.1f ns/syscall (+%.1f ns)\n", base_g, probe_g,
	       probe_g - base_g);
	printf("openat+close (interesting, 2 events each): %.1f -> %.1f ns/syscall (+%.1f ns, "
	       "+%.1f ns/event)\n",
	       base_o, probe_o, probe_o - base_o, (probe_o - base_o) / 2);
	printf("events consumed during openat phase: %llu in %.3f s = %.2f M events/s\n", ev,
	       (w1 - w0) / 1e9, ev / ((w1 - w0) / 1e3));
	printf("stats: captured %llu dropped_kernel %llu dropped_user %llu syscalls_seen %llu "
	       "(getppid phase captured %llu)\n",
	       (unsigned long long)s.captured, (unsigned long long)s.dropped_kernel,
	       (unsigned long long)s.dropped_user, (unsigned long long)s.syscalls_seen,
	       (unsigned long long)s0.captured);
	fcp_probe_close(p);
	return 0;
}
