/* SPDX-License-Identifier: Apache-2.0 */
/* The event table and the decoder: table integrity, the event types rules and
 * state need, hand-built records through decode / accessors / rendering,
 * malformed records, and the --list-events API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sources/syscall/event_table.h"
#include <falcocore/syscall.h>

/* ---- a tiny record builder ---- */
typedef struct rb {
	uint8_t b[4096];
	uint16_t lens[FCI_MAX_PARAMS];
	uint8_t data[4000];
	size_t dlen;
	uint32_t n;
} rb;

static void rb_param(rb *r, const void *p, size_t n)
{
	memcpy(r->data + r->dlen, p, n);
	r->dlen += n;
	r->lens[r->n++] = (uint16_t)n;
}

static void rb_i64(rb *r, int64_t v)
{
	rb_param(r, &v, 8);
}

static void rb_u32(rb *r, uint32_t v)
{
	rb_param(r, &v, 4);
}

static void rb_str(rb *r, const char *s)
{
	rb_param(r, s, strlen(s) + 1);
}

/* Lays the record out: 26-byte header, 16-bit lengths, data. */
static size_t rb_finish(rb *r, uint16_t type)
{
	uint64_t ts = 1000, tid = 42;
	uint32_t len = (uint32_t)(FC_SCAP_HDR_LEN + 2 * r->n + r->dlen);

	memcpy(r->b, &ts, 8);
	memcpy(r->b + 8, &tid, 8);
	memcpy(r->b + 16, &len, 4);
	memcpy(r->b + 20, &type, 2);
	memcpy(r->b + 22, &r->n, 4);
	memcpy(r->b + FC_SCAP_HDR_LEN, r->lens, 2 * r->n);
	memcpy(r->b + FC_SCAP_HDR_LEN + 2 * r->n, r->data, r->dlen);
	return len;
}

static void test_table_integrity(void **state)
{
	(void)state;
	assert_int_equal(FCI_EVENT_MAX, 426);
	for (uint32_t c = 0; c < FCI_EVENT_MAX; c++) {
		const fci_event_info *e = fci_event_info_get((uint16_t)c);

		assert_non_null(e);
		assert_non_null(e->name);
		assert_int_equal(e->dir, (c & 1) ? '<' : '>');
		assert_true(e->nparams <= FCI_MAX_PARAMS);
		for (unsigned p = 0; p < e->nparams; p++) {
			const fci_param_info *pi = &e->params[p];

			assert_non_null(pi->name);
			assert_true(pi->type > FCI_PT_NONE && pi->type < FCI_PT_MAX);
			if (pi->type == FCI_PT_FSRELPATH) {
				assert_true(pi->dirfd >= 0 && pi->dirfd < (int)e->nparams);
				assert_int_equal(e->params[pi->dirfd].type, FCI_PT_FD);
			} else {
				assert_int_equal(pi->dirfd, -1);
			}
			if (pi->type == FCI_PT_DYNAMIC)
				assert_true(pi->ndyn > 0 && pi->dyn != NULL);
		}
	}
	assert_null(fci_event_info_get(FCI_EVENT_MAX));
	assert_null(fci_event_info_get(0xffff));
	/* EF_LARGE_PAYLOAD only on the plugin/async/container meta events. */
	assert_true(fci_event_info_get(FC_PPME_ASYNCEVENT_E)->flags & FCI_EF_LARGE_PAYLOAD);
	assert_false(fci_event_info_get(FC_PPME_SYSCALL_OPEN_X)->flags & FCI_EF_LARGE_PAYLOAD);
}

static bool has_code_name(const char **names, const char *n)
{
	for (uint32_t c = 0; c < FCI_EVENT_MAX; c++)
		if (names[c] && strcmp(names[c], n) == 0)
			return true;
	return false;
}

static void test_names_rules_and_state_need(void **state)
{
	static const char *const need[] = {
	        /* the 41 evt.type values of the upstream rules */
	        "accept", "accept4", "bpf", "chmod", "connect", "creat", "dup", "dup2", "dup3",
	        "execve", "execveat", "fchmod", "fchmodat", "finit_module", "init_module", "link",
	        "linkat", "listen", "mkdir", "mkdirat", "open", "openat", "openat2", "ptrace",
	        "recvfrom", "recvmsg", "rename", "renameat", "renameat2", "rmdir", "sendmsg",
	        "sendto", "setns", "setuid", "socket", "symlink", "symlinkat", "unlink", "unlinkat",
	        "unshare", "userfaultfd",
	        /* what the state layer needs */
	        "clone", "fork", "vfork", "clone3", "procexit", "close", "bind", "socketpair",
	        "pipe", "pipe2", "chdir", "fchdir", "setgid", "setresuid", "setresgid", "signalfd",
	        "eventfd", "timerfd_create", "inotify_init", "memfd_create", "prctl", "mount",
	        "umount", "umount2", "read", "write", "container", "procinfo", "drop",
	        "notification", "asyncevent", "fcntl", "chroot", "setsid", "setpgid", "capset"};
	const char *names[FCI_EVENT_MAX];

	(void)state;
	assert_int_equal(fci_event_code_names(names, FCI_EVENT_MAX), FCI_EVENT_MAX);
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!has_code_name(names, need[i]))
			fail_msg("event type '%s' missing from the table", need[i]);
	}
	assert_string_equal(names[FC_PPME_SYSCALL_OPEN_E], "open");
	assert_string_equal(names[FC_PPME_SYSCALL_OPEN_X], "open");
	assert_string_equal(names[FC_PPME_SYSCALL_EXECVE_8_X], "execve"); /* old versions too */
	assert_null(names[FC_PPME_PROCEXIT_X]);                           /* unused code */
	assert_string_equal(fci_syscall_name(3), "read");
	assert_null(fci_syscall_name(60000));
	assert_string_equal(fci_errno_name(-2), "ENOENT");
	assert_null(fci_errno_name(0));
}

static void test_decode_open_exit(void **state)
{
	rb r = {0};
	fci_sevt e;
	size_t len, sl;
	int64_t i64;
	uint64_t u64;
	const char *s;
	char buf[256];

	(void)state;
	rb_i64(&r, 3);
	rb_str(&r, "/etc/passwd");
	rb_u32(&r, 0x1001); /* PPM_O_RDONLY | PPM_O_CLOEXEC */
	rb_u32(&r, 0);
	rb_u32(&r, 0x803);
	rb_i64(&r, 1234);
	len = rb_finish(&r, FC_PPME_SYSCALL_OPEN_X);

	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_int_equal(e.type, FC_PPME_SYSCALL_OPEN_X);
	assert_int_equal(e.tid, 42);
	assert_int_equal(e.nparams, 6);
	assert_string_equal(e.info->name, "open");
	assert_int_equal(fci_sevt_int(&e, 0, &i64), FC_OK);
	assert_int_equal(i64, 3);
	assert_int_equal(fci_sevt_str(&e, 1, &s, &sl), FC_OK);
	assert_int_equal(sl, 11);
	assert_memory_equal(s, "/etc/passwd", 11);
	assert_int_equal(fci_sevt_uint(&e, 2, &u64), FC_OK);
	assert_int_equal(u64, 0x1001);
	assert_int_equal(fci_sevt_param_index(&e, "flags"), 2);
	assert_int_equal(fci_sevt_param_index(&e, "nope"), -1);
	assert_int_equal(fci_sevt_int(&e, 9, &i64), FC_ENOENT);

	assert_true(fci_sevt_format_param(&e, 2, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "O_RDONLY|O_CLOEXEC");
	assert_true(fci_sevt_format_args(&e, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "fd=3 name=/etc/passwd flags=4097(O_RDONLY|O_CLOEXEC) mode=0 "
	                         "dev=803 ino=1234");
	/* snprintf semantics: the needed length comes back even when truncated. */
	assert_int_equal(fci_sevt_format_args(&e, buf, 5), 76);
	assert_string_equal(buf, "fd=3");
}

static void test_decode_errno_tuple_sign(void **state)
{
	rb r = {0};
	fci_sevt e;
	size_t len;
	char buf[128];
	uint8_t tuple[13] = {2, 127, 0, 0, 1, 0, 0, 127, 0, 0, 1, 0, 0};
	uint16_t sport = 80, dport = 3456;
	int64_t v;

	(void)state;
	memcpy(tuple + 5, &sport, 2);
	memcpy(tuple + 11, &dport, 2);
	rb_i64(&r, -111); /* ECONNREFUSED */
	rb_param(&r, tuple, sizeof(tuple));
	rb_i64(&r, 4);
	len = rb_finish(&r, FC_PPME_SOCKET_CONNECT_X);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_true(fci_sevt_format_param(&e, 0, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "ECONNREFUSED");
	assert_true(fci_sevt_format_param(&e, 1, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "127.0.0.1:80->127.0.0.1:3456");

	/* INT32 sign extension (listen backlog) vs UINT32 zero extension. */
	memset(&r, 0, sizeof(r));
	rb_i64(&r, 7);
	rb_u32(&r, 0xffffffffu);
	len = rb_finish(&r, FC_PPME_SOCKET_LISTEN_E);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_int_equal(fci_sevt_int(&e, 1, &v), FC_OK);
	assert_int_equal(v, -1);
	memset(&r, 0, sizeof(r));
	rb_i64(&r, 0);
	rb_str(&r, "/");
	rb_u32(&r, 0xffffffffu);
	len = rb_finish(&r, FC_PPME_SYSCALL_OPEN_X);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_int_equal(fci_sevt_int(&e, 2, &v), FC_OK);
	assert_int_equal(v, 0xffffffffLL);
}

static void test_decode_rejects_malformed(void **state)
{
	rb r = {0};
	fci_sevt e;
	size_t len;
	uint32_t bad;

	(void)state;
	rb_i64(&r, 3);
	rb_str(&r, "/x");
	len = rb_finish(&r, FC_PPME_SYSCALL_OPEN_X);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_int_equal(fci_sevt_decode(r.b, FC_SCAP_HDR_LEN - 1, &e), FC_EFORMAT);
	assert_int_equal(fci_sevt_decode(r.b, len - 1, &e), FC_EFORMAT); /* len > buffer */
	assert_int_equal(fci_sevt_decode(NULL, len, &e), FC_EFORMAT);
	/* A parameter length running past the record. */
	r.b[FC_SCAP_HDR_LEN + 2] = 200;
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_EFORMAT);
	r.b[FC_SCAP_HDR_LEN + 2] = 3;
	/* Too many parameters for the header length / for the decoder. */
	bad = 33;
	memcpy(r.b + 22, &bad, 4);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_EFORMAT);
	bad = 20;
	memcpy(r.b + 22, &bad, 4);
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_EFORMAT);
	/* Unknown event types still decode generically. */
	bad = 2;
	memcpy(r.b + 22, &bad, 4);
	r.b[20] = 0xff;
	r.b[21] = 0x7f;
	assert_int_equal(fci_sevt_decode(r.b, len, &e), FC_OK);
	assert_null(e.info);
}

static void test_decode_large_payload(void **state)
{
	uint8_t b[64] = {0};
	uint32_t len = FC_SCAP_HDR_LEN + 3 * 4 + 4 + 2 + 3, np = 3, l;
	uint16_t type = FC_PPME_ASYNCEVENT_E;
	fci_sevt e;
	const uint8_t *p;
	size_t pl;

	(void)state;
	memcpy(b + 16, &len, 4);
	memcpy(b + 20, &type, 2);
	memcpy(b + 22, &np, 4);
	l = 4;
	memcpy(b + 26, &l, 4);
	l = 2;
	memcpy(b + 30, &l, 4);
	l = 3;
	memcpy(b + 34, &l, 4);
	memcpy(b + 42, "x", 2);
	memcpy(b + 44, "abc", 3);
	assert_int_equal(fci_sevt_decode(b, len, &e), FC_OK);
	assert_int_equal(fci_sevt_bytes(&e, 2, &p, &pl), FC_OK);
	assert_int_equal(pl, 3);
	assert_memory_equal(p, "abc", 3);
}

static void test_list_events(void **state)
{
	size_t n = fc_syscall_event_count();
	bool seen_execve = false;
	char params[512];

	(void)state;
	assert_true(n > 200 && n < FCI_EVENT_MAX);
	for (size_t i = 0; i < n; i++) {
		const char *name;
		char dir;

		assert_int_equal(fc_syscall_event_describe(i, &name, &dir, params, sizeof(params)),
		                 FC_OK);
		if (strcmp(name, "execve") == 0 && dir == '<') {
			assert_false(seen_execve); /* only the current version is listed */
			seen_execve = true;
			assert_memory_equal(params, "res, exe, args, tid", 19);
		}
	}
	assert_true(seen_execve);
	assert_int_equal(fc_syscall_event_describe(n, NULL, NULL, NULL, 0), FC_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_table_integrity),
	        cmocka_unit_test(test_names_rules_and_state_need),
	        cmocka_unit_test(test_decode_open_exit),
	        cmocka_unit_test(test_decode_errno_tuple_sign),
	        cmocka_unit_test(test_decode_rejects_malformed),
	        cmocka_unit_test(test_decode_large_payload),
	        cmocka_unit_test(test_list_events),
	};

	return cmocka_run_group_tests_name("event_table", tests, NULL, NULL);
}
