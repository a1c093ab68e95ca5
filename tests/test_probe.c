/* SPDX-License-Identifier: Apache-2.0 */
/* Live probe: load + attach, run real actions in a child and check the records
 * (types, decoded parameters, tid/pid, paths), and the interest set. Skips (77)
 * only when the probe cannot load here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fc_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define EV_OPENAT_E  306
#define EV_OPENAT_X  307
#define EV_EXECVE_E  292
#define EV_EXECVE_X  293
#define EV_UNLINK_X  301
#define EV_CONNECT_X 23
#define EV_CLONE_X   223
#define EV_PROCEXIT  186
#define EV_CLOSE_X   5

/* Records kept for the checks: only those of the watched process. */
struct rec {
	uint64_t tid;
	uint16_t type;
	uint32_t n;
	uint16_t plen[32];
	uint32_t poff[32]; /* offsets into buf (the array is realloc'd) */
	uint8_t buf[8192];
};

struct cap {
	pid_t watch;
	struct rec *r;
	size_t n, cap;
	size_t total;
	uint16_t max_type;
};

static int keep(const void *data, size_t len, void *user)
{
	struct cap *c = user;
	const uint8_t *d = data;
	uint64_t tid;
	uint16_t type;
	uint32_t np;
	memcpy(&tid, d + 8, 8);
	memcpy(&type, d + 20, 2);
	memcpy(&np, d + 22, 4);
	c->total++;
	/* The fork's parent-side clone exit comes from the test process itself,
	 * which the probe filters out: only the child's records are kept. */
	if ((pid_t)tid != c->watch || len > sizeof(c->r[0].buf) || np > 32)
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->r = realloc(c->r, c->cap * sizeof(*c->r));
		assert_non_null(c->r);
	}
	struct rec *r = &c->r[c->n++];
	memcpy(r->buf, d, len);
	r->tid = tid;
	r->type = type;
	r->n = np;
	size_t off = 26 + 2 * (size_t)np;
	assert_true(off <= len);
	for (uint32_t i = 0; i < np; i++) {
		memcpy(&r->plen[i], d + 26 + 2 * i, 2);
		r->poff[i] = (uint32_t)off;
		off += r->plen[i];
		assert_true(off <= len);
	}
	assert_int_equal(off, len); /* parameters fill the record exactly */
	return 0;
}

static int64_t p_s64(const struct rec *r, unsigned i)
{
	int64_t v = 0;
	assert_int_equal(r->plen[i], 8);
	memcpy(&v, (r->buf + r->poff[i]), 8);
	return v;
}

static uint32_t p_u32(const struct rec *r, unsigned i)
{
	uint32_t v = 0;
	assert_int_equal(r->plen[i], 4);
	memcpy(&v, (r->buf + r->poff[i]), 4);
	return v;
}

static const char *p_str(const struct rec *r, unsigned i)
{
	assert_true(r->plen[i] > 0);
	assert_int_equal((r->buf + r->poff[i])[r->plen[i] - 1], 0);
	return (const char *)(r->buf + r->poff[i]);
}

static void drain(fcp_probe *p, struct cap *c, pid_t child)
{
	int status;
	for (int i = 0; i < 400; i++) {
		assert_true(fcp_probe_poll(p, 20, keep, c) >= 0);
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	for (int i = 0; i < 5; i++)
		assert_true(fcp_probe_poll(p, 20, keep, c) >= 0);
}

static void test_actions(void **state)
{
	(void)state;
	fcp_probe *p = NULL;
	char err[512];
	fcp_opts o = {0};
	assert_int_equal(fcp_probe_open(&o, &p, err, sizeof(err)), 0);

	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof(sa);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 4), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&sa, &sl), 0);
	int go[2];
	assert_int_equal(pipe(go), 0);

	char tmp[64];
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char b;
		close(go[1]);
		if (read(go[0], &b, 1) != 1)
			_exit(2);
		snprintf(tmp, sizeof(tmp), "/tmp/fcp-test-%d", (int)getpid());
		int fd = open("/etc/shadow", O_RDONLY);
		if (fd >= 0)
			close(fd);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0)
			_exit(3);
		close(s);
		execl("/bin/cat", "cat", "/etc/hostname", (char *)NULL);
		_exit(4);
	}
	close(go[0]);
	snprintf(tmp, sizeof(tmp), "/tmp/fcp-test-%d", (int)child);
	struct cap c = {.watch = child};
	assert_int_equal(write(go[1], "x", 1), 1);
	close(go[1]);
	drain(p, &c, child);
	int a = accept(ls, NULL, NULL);
	if (a >= 0)
		close(a);
	close(ls);

	bool shadow = false, created = false, unlinked = false, connected = false, execd = false,
	     cat_open = false, clone_child = false, procexit = false;
	bool after_exec = false;
	for (size_t i = 0; i < c.n; i++) {
		const struct rec *r = &c.r[i];
		switch (r->type) {
		case EV_OPENAT_X: {
			assert_int_equal(r->n, 7);
			const char *name = p_str(r, 2);
			uint32_t flags = p_u32(r, 3);
			if (!strcmp(name, "/etc/shadow")) {
				assert_true(p_s64(r, 0) >= 0);
				assert_int_equal(p_s64(r, 1), -100); /* AT_FDCWD */
				assert_true(flags & 1);              /* PPM_O_RDONLY */
				assert_true(p_u32(r, 5) != 0);       /* dev */
				shadow = true;
			}
			if (!strcmp(name, tmp)) {
				assert_true(flags & (1 << 2)); /* PPM_O_CREAT */
				assert_int_equal(p_u32(r, 4), 0600);
				assert_true(flags & (1 << 14)); /* PPM_O_F_CREATED */
				created = true;
			}
			if (after_exec && !strcmp(name, "/etc/hostname"))
				cat_open = true;
			break;
		}
		case EV_UNLINK_X:
			assert_int_equal(r->n, 2);
			if (!strcmp(p_str(r, 1), tmp) && p_s64(r, 0) == 0)
				unlinked = true;
			break;
		case EV_CONNECT_X: {
			assert_int_equal(r->n, 4);       /* res, tuple, fd, addr */
			assert_int_equal(r->plen[3], 7); /* IPv4 sockaddr: family, addr, port */
			assert_int_equal(p_s64(r, 0), 0);
			assert_int_equal(r->plen[1], 13); /* IPv4 tuple */
			const uint8_t *t = (r->buf + r->poff[1]);
			uint32_t dip;
			uint16_t dport;
			memcpy(&dip, t + 7, 4);
			memcpy(&dport, t + 11, 2);
			assert_int_equal(t[0], 2);
			assert_int_equal(dip, htonl(INADDR_LOOPBACK));
			assert_int_equal(dport, ntohs(sa.sin_port));
			assert_true(p_s64(r, 2) >= 0);
			connected = true;
			break;
		}
		case EV_EXECVE_X: {
			assert_int_equal(r->n, 30);
			assert_int_equal(p_s64(r, 0), 0);
			assert_string_equal(p_str(r, 1), "cat");
			assert_int_equal(r->plen[2], sizeof("/etc/hostname"));
			assert_memory_equal((r->buf + r->poff[2]), "/etc/hostname",
			                    sizeof("/etc/hostname"));
			assert_int_equal(p_s64(r, 3), child);    /* tid */
			assert_int_equal(p_s64(r, 4), child);    /* pid */
			assert_int_equal(p_s64(r, 5), getpid()); /* ptid */
			char cwd[4096];
			assert_non_null(getcwd(cwd, sizeof(cwd)));
			assert_string_equal(p_str(r, 6), cwd);
			assert_string_equal(p_str(r, 13), "cat");          /* comm */
			assert_true(r->plen[14] > 0);                      /* cgroups */
			assert_string_equal(p_str(r, 27), "/usr/bin/cat"); /* trusted_exepath */
			execd = true;
			after_exec = true;
			break;
		}
		case EV_CLONE_X:
			/* The child side of fork: res 0, tid = the child. */
			if (p_s64(r, 0) == 0) {
				assert_int_equal(r->n, 21);
				assert_int_equal(p_s64(r, 3), child);
				assert_int_equal(p_s64(r, 5), getpid());
				clone_child = true;
			}
			break;
		case EV_PROCEXIT:
			assert_int_equal(r->n, 5);
			procexit = true;
			break;
		default:
			break;
		}
		if (r->type > c.max_type)
			c.max_type = r->type;
	}
	assert_true(shadow);
	assert_true(created);
	assert_true(unlinked);
	assert_true(connected);
	assert_true(execd);
	assert_true(cat_open);
	assert_true(clone_child);
	assert_true(procexit);

	fcp_stats st;
	fcp_probe_get_stats(p, &st);
	assert_true(st.captured >= c.n);
	assert_true(st.syscalls_seen > 0);
	fcp_probe_close(p);
	free(c.r);
}

/* Only openat is interesting: no execve records, openat ones still arrive. */
static void test_interest(void **state)
{
	(void)state;
	uint8_t bm[64] = {0};
	bm[EV_OPENAT_E / 8] |= 1u << (EV_OPENAT_E % 8);
	bm[EV_OPENAT_X / 8] |= 1u << (EV_OPENAT_X % 8);
	fcp_opts o = {.interest = bm, .interest_codes = sizeof(bm) * 8};
	fcp_probe *p = NULL;
	char err[512];
	assert_int_equal(fcp_probe_open(&o, &p, err, sizeof(err)), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		usleep(20000);
		int fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0)
			close(fd);
		execl("/bin/true", "true", (char *)NULL);
		_exit(4);
	}
	struct cap c = {.watch = child};
	drain(p, &c, child);
	size_t opens = 0;
	for (size_t i = 0; i < c.n; i++) {
		assert_true(c.r[i].type == EV_OPENAT_E || c.r[i].type == EV_OPENAT_X);
		opens++;
	}
	assert_true(opens >= 2);
	fcp_probe_close(p);
	free(c.r);
}

/* The consumer's own process is filtered in the kernel. */
static void test_self_filtered(void **state)
{
	(void)state;
	fcp_probe *p = NULL;
	char err[512];
	assert_int_equal(fcp_probe_open(NULL, &p, err, sizeof(err)), 0);
	for (int i = 0; i < 10; i++) {
		int fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	struct cap c = {.watch = getpid()};
	for (int i = 0; i < 5; i++)
		assert_true(fcp_probe_poll(p, 10, keep, &c) >= 0);
	assert_int_equal(c.n, 0);
	fcp_probe_close(p);
	free(c.r);
}

int main(void)
{
	fcp_probe *p = NULL;
	char err[512];
	if (fcp_probe_open(NULL, &p, err, sizeof(err)) != 0) {
		printf("SKIP: the eBPF probe cannot load here: %s\n", err);
		return 77;
	}
	fcp_probe_close(p);
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_actions),
	        cmocka_unit_test(test_interest),
	        cmocka_unit_test(test_self_filtered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
