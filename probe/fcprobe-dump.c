/* SPDX-License-Identifier: Apache-2.0 */
/* fcprobe-dump: attach the live probe and print one line per event:
 *   ts tid type name nparams len [params...]
 * Parameters (with -p) print as decimal numbers (1/2/4/8-byte values) or
 * quoted strings. Usage:
 *   fcprobe-dump [-p] [-n N] [-t SECONDS] [-i CODE,CODE...] [-A] [-- CMD ARGS...]
 * With a command, the probe is attached first, the command runs, and the dump
 * ends shortly after it exits; counters go to stderr. Exit 77 when the probe
 * cannot load (the reason on stderr). */
#include "fc_probe.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static long max_events = -1;
static long printed;
static int show_params;

static void on_sig(int s)
{
	(void)s;
	stop = 1;
}

static void print_param(const unsigned char *v, unsigned len)
{
	uint64_t x = 0;
	if (len == 1 || len == 2 || len == 4 || len == 8) {
		bool printable = v[len - 1] == 0 && len > 1;
		for (unsigned i = 0; printable && i + 1 < len; i++)
			printable = isprint(v[i]);
		if (!printable) {
			memcpy(&x, v, len);
			printf(" %llu", (unsigned long long)x);
			return;
		}
	}
	putchar(' ');
	putchar('"');
	for (unsigned i = 0; i < len; i++) {
		if (v[i] == 0 && i + 1 == len)
			break;
		if (isprint(v[i]) && v[i] != '"' && v[i] != '\\')
			putchar(v[i]);
		else
			printf("\\x%02x", v[i]);
	}
	putchar('"');
}

static int on_event(const void *rec, size_t len, void *user)
{
	(void)user;
	const unsigned char *d = rec;
	uint64_t ts, tid;
	uint16_t type;
	uint32_t n;
	memcpy(&ts, d, 8);
	memcpy(&tid, d + 8, 8);
	memcpy(&type, d + 20, 2);
	memcpy(&n, d + 22, 4);
	const char *name = fcp_probe_event_name(type);
	printf("%llu %llu %u %s %u %zu", (unsigned long long)ts, (unsigned long long)tid, type,
	       name ? name : "?", n, len);
	if (show_params && 26 + 2 * (size_t)n <= len) {
		size_t off = 26 + 2 * (size_t)n;
		for (uint32_t i = 0; i < n; i++) {
			uint16_t pl;
			memcpy(&pl, d + 26 + 2 * i, 2);
			if (off + pl > len)
				break;
			print_param(d + off, pl);
			off += pl;
		}
	}
	putchar('\n');
	printed++;
	if (max_events >= 0 && printed >= max_events)
		stop = 1;
	return 0;
}

static int parse_codes(const char *s, uint8_t *bm, size_t bytes)
{
	memset(bm, 0, bytes);
	while (*s) {
		char *end;
		long c = strtol(s, &end, 10);
		if (end == s || c < 0 || (size_t)c >= bytes * 8)
			return -1;
		bm[c / 8] |= 1u << (c % 8);
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	fcp_opts o = {0};
	uint8_t bm[64];
	double secs = -1;
	int c;
	while ((c = getopt(argc, argv, "pn:t:i:Ab:")) != -1) {
		switch (c) {
		case 'p':
			show_params = 1;
			break;
		case 'n':
			max_events = atol(optarg);
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'A':
			o.capture_io = true;
			break;
		case 'b':
			o.ringbuf_bytes = (size_t)atol(optarg);
			break;
		case 'i':
			if (parse_codes(optarg, bm, sizeof(bm)) != 0) {
				fprintf(stderr, "fcprobe-dump: bad event code list '%s'\n", optarg);
				return 2;
			}
			o.interest = bm;
			o.interest_codes = sizeof(bm) * 8;
			break;
		default:
			fprintf(stderr,
			        "usage: fcprobe-dump [-p] [-n N] [-t SECONDS] [-i CODES] [-A] "
			        "[-b RINGBYTES] [-- CMD ARGS...]\n");
			return 2;
		}
	}
	char err[512];
	fcp_probe *p;
	int rc = fcp_probe_open(&o, &p, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "fcprobe-dump: %s\n", err);
		return 77;
	}
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	pid_t child = -1;
	if (optind < argc) {
		child = fork();
		if (child == 0) {
			execvp(argv[optind], argv + optind);
			_exit(127);
		}
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int child_status = 0, drain = 0;
	while (!stop) {
		rc = fcp_probe_poll(p, 50, on_event, NULL);
		if (rc < 0)
			break;
		if (child > 0 && waitpid(child, &child_status, WNOHANG) == child) {
			child = -1;
			drain = 4;
		} else if (drain > 0 && --drain == 0) {
			break;
		}
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (secs >= 0 && (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
			break;
	}
	fflush(stdout);
	fcp_stats st;
	fcp_probe_get_stats(p, &st);
	fprintf(stderr,
	        "fcprobe-dump: captured %llu dropped_kernel %llu dropped_user %llu seen %llu\n",
	        (unsigned long long)st.captured, (unsigned long long)st.dropped_kernel,
	        (unsigned long long)st.dropped_user, (unsigned long long)st.syscalls_seen);
	fcp_probe_close(p);
	if (child > 0)
		waitpid(child, &child_status, 0);
	return 0;
}
