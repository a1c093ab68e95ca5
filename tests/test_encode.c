/* SPDX-License-Identifier: Apache-2.0 */
/* fc_syscall_event_encode(): records built from text round-trip through the
 * scap decoder (fci_sevt_decode and the parameter formatter). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <falcocore/falcocore.h>

#include "sources/syscall/event_table.h"

#define P(n, v)                                                                                    \
	{                                                                                          \
		.name = (n), .value = (v)                                                          \
	}

static uint8_t g_buf[8192];

/* Encodes and decodes one event; fails the test on any error. */
static void roundtrip(const char *name, char dir, const fc_syscall_param *ps, size_t n,
                      fci_sevt *out)
{
	char err[256];
	int len = fc_syscall_event_encode(name, dir, 1000, 42, ps, n, 0, g_buf, sizeof(g_buf), err,
	                                  sizeof(err));

	if (len < 0)
		fail_msg("encode %s: %d %s", name, len, err);
	assert_true((size_t)len <= sizeof(g_buf));
	assert_int_equal(fci_sevt_decode(g_buf, (size_t)len, out), FC_OK);
	assert_int_equal(out->len, (uint32_t)len);
	assert_int_equal(out->tid, 42);
	assert_int_equal(out->ts, 1000);
	assert_non_null(out->info);
	assert_string_equal(out->info->name, name);
	assert_int_equal(out->info->dir, dir);
}

static const char *fmt(const fci_sevt *e, const char *param)
{
	static char buf[512];
	int i = fci_sevt_param_index(e, param);

	assert_true(i >= 0);
	assert_true(fci_sevt_format_param(e, (unsigned)i, buf, sizeof(buf)) >= 0);
	return buf;
}

static int64_t ival(const fci_sevt *e, const char *param)
{
	int64_t v = 0;
	int i = fci_sevt_param_index(e, param);

	assert_true(i >= 0);
	assert_int_equal(fci_sevt_int(e, (unsigned)i, &v), FC_OK);
	return v;
}

static void test_openat_exit(void **state)
{
	const fc_syscall_param ps[] = {P("fd", "3"), P("dirfd", "AT_FDCWD"),
	                               P("name", "/etc/shadow"), P("flags", "O_RDONLY|O_CLOEXEC"),
	                               P("mode", "0640")};
	fci_sevt e;

	(void)state;
	roundtrip("openat", '<', ps, 5, &e);
	assert_int_equal(e.type, FC_PPME_SYSCALL_OPENAT_2_X); /* the newest layout */
	assert_int_equal(ival(&e, "fd"), 3);
	assert_int_equal(ival(&e, "dirfd"), -100);
	assert_string_equal(fmt(&e, "name"), "/etc/shadow");
	assert_non_null(strstr(fmt(&e, "flags"), "O_RDONLY"));
	assert_non_null(strstr(fmt(&e, "flags"), "O_CLOEXEC"));
	assert_int_equal(ival(&e, "mode"), 0640);
	/* Parameters not given are present with their zero value. */
	assert_int_equal(ival(&e, "ino"), 0);
}

static void test_errno_names_and_modes(void **state)
{
	const fc_syscall_param ps[] = {P("res", "EPERM"), P("dirfd", "-100"),
	                               P("filename", "/srv/x"), P("mode", "0777")};
	fci_sevt e;

	(void)state;
	roundtrip("fchmodat", '<', ps, 4, &e);
	assert_int_equal(ival(&e, "res"), -1);
	assert_non_null(strstr(fmt(&e, "mode"), "S_IWOTH"));
	assert_null(strstr(fmt(&e, "mode"), "S_ISUID"));
}

static void test_socket_tuples(void **state)
{
	const fc_syscall_param v4[] = {P("res", "0"), P("fd", "3"),
	                               P("tuple", "172.17.0.2:40312->198.51.100.7:80"),
	                               P("addr", "198.51.100.7:80")};
	const fc_syscall_param v6[] = {P("res", "EINPROGRESS"), P("fd", "4"),
	                               P("tuple", "[fd00::2]:40312->[2001:db8::7]:443"),
	                               P("addr", "[2001:db8::7]:443")};
	fci_sevt e;

	(void)state;
	roundtrip("connect", '<', v4, 4, &e);
	assert_string_equal(fmt(&e, "tuple"), "172.17.0.2:40312->198.51.100.7:80");
	assert_string_equal(fmt(&e, "addr"), "198.51.100.7:80");
	roundtrip("connect", '<', v6, 4, &e);
	assert_non_null(strstr(fmt(&e, "tuple"), "2001:db8::7"));
	assert_non_null(strstr(fmt(&e, "tuple"), "443"));
	assert_true(ival(&e, "res") < 0);
}

static void test_execve_byte_buffers(void **state)
{
	fc_syscall_param ps[] = {P("exe", "/usr/bin/nc"), P("args", NULL),
	                         P("tid", "10"),          P("pid", "10"),
	                         P("comm", "nc"),         P("cap_effective", "0x200000")};
	const char args[] = "-e\0/bin/sh\0";
	const uint8_t *b;
	size_t blen;
	fci_sevt e;
	int i;

	(void)state;
	ps[1].value = args;
	ps[1].value_len = sizeof(args) - 1;
	roundtrip("execve", '<', ps, 6, &e);
	i = fci_sevt_param_index(&e, "args");
	assert_true(i >= 0);
	assert_int_equal(fci_sevt_bytes(&e, (unsigned)i, &b, &blen), FC_OK);
	assert_int_equal(blen, sizeof(args) - 1);
	assert_memory_equal(b, args, blen);
	assert_string_equal(fmt(&e, "comm"), "nc");
	assert_int_equal(ival(&e, "cap_effective"), 0x200000);
}

static void test_ptrace_request_names(void **state)
{
	const fc_syscall_param ps[] = {P("res", "0"), P("request", "PTRACE_ATTACH"),
	                               P("pid", "4242")};
	fci_sevt e;

	(void)state;
	roundtrip("ptrace", '<', ps, 3, &e);
	assert_non_null(strstr(fmt(&e, "request"), "PTRACE_ATTACH"));
	assert_int_equal(ival(&e, "pid"), 4242);
}

static void test_errors(void **state)
{
	char err[256];
	const fc_syscall_param bad_name[] = {P("nosuch", "1")};
	const fc_syscall_param bad_value[] = {P("fd", "three")};
	const fc_syscall_param bad_flag[] = {P("flags", "O_RDONLY|O_BOGUS")};
	const fc_syscall_param bad_tuple[] = {P("tuple", "1.2.3.4->5.6.7.8")};

	(void)state;
	assert_int_equal(fc_syscall_event_encode("nosyscall", '<', 0, 1, NULL, 0, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_ENOENT);
	assert_non_null(strstr(err, "nosyscall"));
	assert_int_equal(fc_syscall_event_encode("openat", 'x', 0, 1, NULL, 0, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_EINVAL);
	assert_int_equal(fc_syscall_event_encode("openat", '<', 0, 1, bad_name, 1, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_EINVAL);
	assert_non_null(strstr(err, "no parameter 'nosuch'"));
	/* Lenient mode skips what the event does not have. */
	assert_true(fc_syscall_event_encode("openat", '<', 0, 1, bad_name, 1,
	                                    FC_SYSCALL_ENCODE_LENIENT, g_buf, sizeof(g_buf), err,
	                                    sizeof(err)) > FC_SCAP_HDR_LEN);
	assert_int_equal(fc_syscall_event_encode("openat", '<', 0, 1, bad_value, 1, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_EINVAL);
	assert_non_null(strstr(err, "'fd'"));
	assert_int_equal(fc_syscall_event_encode("openat", '<', 0, 1, bad_flag, 1, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_EINVAL);
	assert_int_equal(fc_syscall_event_encode("connect", '<', 0, 1, bad_tuple, 1, 0, g_buf,
	                                         sizeof(g_buf), err, sizeof(err)),
	                 FC_EINVAL);
}

static void test_small_buffer_reports_size(void **state)
{
	const fc_syscall_param ps[] = {P("name", "/a/rather/long/path/to/a/file")};
	uint8_t small[8];
	int need, got;

	(void)state;
	need = fc_syscall_event_encode("openat", '<', 0, 1, ps, 1, 0, NULL, 0, NULL, 0);
	assert_true(need > (int)sizeof(small));
	got = fc_syscall_event_encode("openat", '<', 0, 1, ps, 1, 0, small, sizeof(small), NULL, 0);
	assert_int_equal(got, need);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_openat_exit),
	        cmocka_unit_test(test_errno_names_and_modes),
	        cmocka_unit_test(test_socket_tuples),
	        cmocka_unit_test(test_execve_byte_buffers),
	        cmocka_unit_test(test_ptrace_request_names),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_small_buffer_reports_size),
	};

	return cmocka_run_group_tests_name("encode", tests, NULL, NULL);
}
