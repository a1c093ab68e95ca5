/* SPDX-License-Identifier: Apache-2.0 */
/* Syscall generator for the live benchmark (bench/live_bench.py).
 *
 *   syscall_gen MODE SECONDS [RATE]
 *
 * MODE "open": openat + close of /etc/hostname (two syscalls per loop, the
 * openat is interesting to Falco's rules); "getppid": getppid (uninteresting:
 * the probe drops it in the kernel). RATE is the target number of syscalls per
 * second (0 or absent: as fast as possible), paced against CLOCK_MONOTONIC.
 * Prints one line: "syscalls=N seconds=S rate=R ns_per_syscall=X". */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	uint64_t start, end, t, n = 0, per_loop, interval = 0, next;
	double secs, rate = 0;
	int open_mode;

	if (argc < 3) {
		fprintf(stderr, "usage: %s open|getppid SECONDS [RATE]\n", argv[0]);
		return 2;
	}
	open_mode = strcmp(argv[1], "open") == 0;
	if (!open_mode && strcmp(argv[1], "getppid") != 0) {
		fprintf(stderr, "%s: unknown mode '%s'\n", argv[0], argv[1]);
		return 2;
	}
	secs = atof(argv[2]);
	if (argc > 3)
		rate = atof(argv[3]);
	per_loop = open_mode ? 2 : 1;
	/* pacing: check the clock every 64 loops */
	if (rate > 0)
		interval = (uint64_t)(1e9 * 64.0 * (double)per_loop / rate);
	start = now_ns();
	end = start + (uint64_t)(secs * 1e9);
	next = start + interval;
	for (;;) {
		for (int i = 0; i < 64; i++) {
			if (open_mode) {
				int fd = (int)syscall(SYS_openat, AT_FDCWD, "/etc/hostname",
				                      O_RDONLY);

				if (fd >= 0)
					syscall(SYS_close, fd);
			} else {
				syscall(SYS_getppid);
			}
		}
		n += 64 * per_loop;
		t = now_ns();
		if (t >= end)
			break;
		if (interval) {
			while (t < next && t < end)
				t = now_ns();
			next += interval;
		}
	}
	t = now_ns();
	printf("syscalls=%llu seconds=%.3f rate=%.0f ns_per_syscall=%.1f\n", (unsigned long long)n,
	       (double)(t - start) / 1e9, (double)n * 1e9 / (double)(t - start),
	       (double)(t - start) / (double)n);
	return 0;
}
