/* SPDX-License-Identifier: Apache-2.0 */
/* White-box tests of the syscall source state: process tree, exec, fds,
 * sockets, enter/exit pairing, bounded tables, capture sink records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "syscall_fixture.h"

#define S(name) fct_str(src, &ev, name)

static const char cg_docker[] =
        "cpuset=/docker/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970\0"
        "memory=/docker/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970";

static fc_syscall_source *new_src(uint32_t max_threads, uint32_t max_fds)
{
	fc_syscall_source *src = NULL;

	assert_int_equal(fc_syscall_source_new(FC_OPTS(fc_syscall_opts, .max_threads = max_threads,
	                                               .max_fds_per_thread = max_fds,
	                                               .host_root = "/nonexistent"),
	                                       &src),
	                 FC_OK);
	return src;
}

/* bash (100) forks 200, which execs cat with a docker cgroup. */
static void spawn_cat(fc_syscall_source *src, fc_event *ev)
{
	static const char bash_args[] = "-i";
	static const char cat_args[] = "/etc/shadow\0-n";

	assert_int_equal(FEED(src, ev, FC_PPME_SYSCALL_EXECVE_19_X, 1000, 100, A_I("res", 0),
	                      A_S("exe", "/bin/bash"), A_B("args", bash_args, sizeof(bash_args)),
	                      A_I("tid", 100), A_I("pid", 100), A_I("ptid", 1), A_S("cwd", "/root"),
	                      A_S("comm", "bash"), A_I("uid", 0), A_I("loginuid", 1000),
	                      A_I("tty", 34816), A_S("trusted_exepath", "/usr/bin/bash")),
	                 FC_OK);
	assert_int_equal(FEED(src, ev, FC_PPME_SYSCALL_CLONE_20_X, 2000, 100, A_I("res", 200),
	                      A_S("exe", "/bin/bash"), A_I("tid", 100), A_I("pid", 100),
	                      A_I("ptid", 1), A_S("comm", "bash"), A_I("flags", 0)),
	                 FC_OK);
	assert_int_equal(FEED(src, ev, FC_PPME_SYSCALL_CLONE_20_X, 2001, 200, A_I("res", 0),
	                      A_S("exe", "/bin/bash"), A_I("tid", 200), A_I("pid", 200),
	                      A_I("ptid", 100), A_S("comm", "bash"), A_I("flags", 0),
	                      A_I("vtid", 5), A_I("vpid", 5)),
	                 FC_OK);
	assert_int_equal(FEED(src, ev, FC_PPME_SYSCALL_EXECVE_19_X, 3000, 200, A_I("res", 0),
	                      A_S("exe", "cat"), A_B("args", cat_args, sizeof(cat_args)),
	                      A_I("tid", 200), A_I("pid", 200), A_I("ptid", 100),
	                      A_S("cwd", "/tmp/"), A_S("comm", "cat"),
	                      A_B("cgroups", cg_docker, sizeof(cg_docker)), A_I("uid", 1000),
	                      A_I("loginuid", 1000), A_I("cap_effective", 0x200000 | 1),
	                      A_I("flags", 1 | 2), A_S("trusted_exepath", "/usr/bin/cat"),
	                      A_B("env", "HOME=/root\0TERM=xterm", 21)),
	                 FC_OK);
}

static void test_process_tree(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	fc_event ev;
	fc_syscall_stats st;

	(void)state;
	spawn_cat(src, &ev);
	assert_string_equal(S("evt.type"), "execve");
	assert_string_equal(S("proc.name"), "cat");
	assert_string_equal(S("proc.exe"), "cat");
	assert_string_equal(S("proc.exepath"), "/usr/bin/cat");
	assert_string_equal(S("proc.args"), "/etc/shadow -n");
	assert_string_equal(S("proc.cmdline"), "cat /etc/shadow -n");
	assert_string_equal(S("proc.cwd"), "/tmp/");
	assert_string_equal(S("proc.pname"), "bash");
	assert_string_equal(S("proc.pcmdline"), "bash -i");
	assert_string_equal(S("proc.pexepath"), "/usr/bin/bash");
	assert_string_equal(S("proc.aname[0]"), "cat");
	assert_string_equal(S("proc.aname[1]"), "bash");
	assert_string_equal(S("proc.aname[2]"), "<NA>"); /* pid 1 unknown */
	assert_string_equal(S("proc.apid[1]"), "100");
	assert_string_equal(S("proc.aname"), "(bash)");
	assert_string_equal(S("proc.pid"), "200");
	assert_string_equal(S("proc.ppid"), "100");
	assert_string_equal(S("proc.vpid"), "5");
	assert_string_equal(S("thread.vtid"), "5");
	assert_string_equal(S("proc.tty"), "34816"); /* inherited from bash */
	assert_string_equal(S("user.uid"), "1000");
	assert_string_equal(S("user.loginuid"), "1000");
	assert_string_equal(S("container.id"), "4f797c539e6c");
	assert_string_equal(S("container.type"), "docker");
	assert_string_equal(S("proc.env[TERM]"), "xterm");
	assert_string_equal(S("proc.env"), "HOME=/root TERM=xterm");
	assert_string_equal(S("thread.cap_effective"), "CAP_CHOWN CAP_SYS_ADMIN");
	assert_string_equal(S("proc.is_exe_writable"), "true");
	assert_string_equal(S("proc.is_exe_upper_layer"), "true");
	assert_string_equal(S("proc.is_exe_from_memfd"), "false");
	assert_string_equal(S("proc.duration"), "1000"); /* 3000 - clone at 2000 */
	assert_string_equal(S("proc.loginshellid"), "100");
	assert_string_equal(S("evt.res"), "SUCCESS");
	assert_string_equal(S("evt.rawres"), "0");

	/* procexit removes the thread after its own event */
	assert_int_equal(FEED(src, &ev, FC_PPME_PROCEXIT_1_E, 4000, 200, A_I("status", 0)), FC_OK);
	assert_string_equal(S("proc.name"), "cat");
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.threads, 2);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_X, 5000, 100, A_I("res", 0)), FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.threads, 1);
	assert_int_equal(st.events, 6);
	fc_syscall_source_free(src);
}

static void test_fds(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	fc_event ev;
	uint8_t tuple[13] = {2, 127, 0, 0, 1, 0x58, 0xb8, 127, 0, 0, 1, 80, 0};

	(void)state;
	spawn_cat(src, &ev);
	/* relative open resolves against the cwd */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5000, 200, A_I("fd", 3),
	                      A_I("dirfd", -100), A_S("name", "../etc/./shadow"),
	                      A_I("flags", 1 | (1 << 12)), A_I("mode", 0)),
	                 FC_OK);
	assert_string_equal(S("fd.name"), "/etc/shadow");
	assert_string_equal(S("fd.nameraw"), "../etc/./shadow");
	assert_string_equal(S("fd.directory"), "/etc");
	assert_string_equal(S("fd.filename"), "shadow");
	assert_string_equal(S("fd.typechar"), "f");
	assert_string_equal(S("fd.type"), "file");
	assert_string_equal(S("fd.num"), "3");
	assert_string_equal(S("evt.is_open_read"), "true");
	assert_string_equal(S("evt.is_open_write"), "false");
	assert_string_equal(S("evt.arg.flags"), "O_RDONLY|O_CLOEXEC");
	/* openat relative to a directory fd */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5100, 200, A_I("fd", 4),
	                      A_I("dirfd", -100), A_S("name", "/var/log"),
	                      A_I("flags", 1 | (1 << 10))),
	                 FC_OK);
	assert_string_equal(S("fd.typechar"), "d");
	assert_string_equal(S("fd.directory"), "/var/log");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5200, 200, A_I("fd", 5),
	                      A_I("dirfd", 4), A_S("name", "syslog"), A_I("flags", 2 | 4)),
	                 FC_OK);
	assert_string_equal(S("fd.name"), "/var/log/syslog");
	assert_string_equal(S("evt.is_open_write"), "true");
	/* a socket, connected */
	assert_int_equal(FEED(src, &ev, FC_PPME_SOCKET_SOCKET_X, 6000, 200, A_I("fd", 6),
	                      A_I("domain", 2), A_I("type", 1), A_I("proto", 0)),
	                 FC_OK);
	assert_string_equal(S("fd.typechar"), "4");
	assert_string_equal(S("fd.name"), "");
	assert_int_equal(FEED(src, &ev, FC_PPME_SOCKET_CONNECT_X, 6100, 200, A_I("res", -115),
	                      A_B("tuple", tuple, sizeof(tuple)), A_I("fd", 6)),
	                 FC_OK);
	assert_string_equal(S("fd.name"), "127.0.0.1:47192->127.0.0.1:80");
	assert_string_equal(S("fd.sip"), "127.0.0.1");
	assert_string_equal(S("fd.sport"), "80");
	assert_string_equal(S("fd.lport"), "47192");
	assert_string_equal(S("fd.rport"), "80");
	assert_string_equal(S("fd.l4proto"), "tcp");
	assert_string_equal(S("fd.sockfamily"), "ip");
	assert_string_equal(S("fd.is_server"), "false");
	assert_string_equal(S("fd.connected"), "true");
	assert_string_equal(S("fd.port"), "(47192,80)");
	assert_string_equal(S("evt.res"), "EINPROGRESS");
	assert_string_equal(S("evt.failed"), "true");
	/* dup2 the socket onto stdout */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_DUP2_X, 6200, 200, A_I("res", 1),
	                      A_I("oldfd", 6), A_I("newfd", 1)),
	                 FC_OK);
	assert_string_equal(S("fd.num"), "1");
	assert_string_equal(S("fd.type"), "ipv4");
	assert_string_equal(S("proc.stdout.type"), "ipv4");
	/* close: the fd is still visible on its own event, gone after */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 6300, 200, A_I("fd", 3)), FC_OK);
	assert_string_equal(S("fd.name"), "/etc/shadow");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_X, 6301, 200, A_I("res", 0)), FC_OK);
	assert_string_equal(S("fd.name"), "/etc/shadow"); /* paired with the enter event */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 6400, 200, A_I("fd", 3)), FC_OK);
	assert_string_equal(S("fd.name"), "<NA>");
	assert_string_equal(S("fd.num"), "3");
	/* chdir then a relative fs.path */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CHDIR_X, 7000, 200, A_I("res", 0),
	                      A_S("path", "/home/user")),
	                 FC_OK);
	assert_string_equal(S("proc.cwd"), "/home/user/");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_RENAMEAT2_X, 7100, 200, A_I("res", 0),
	                      A_I("olddirfd", -100), A_S("oldpath", "a.txt"), A_I("newdirfd", 4),
	                      A_S("newpath", "b.txt")),
	                 FC_OK);
	assert_string_equal(S("fs.path.source"), "/home/user/a.txt");
	assert_string_equal(S("fs.path.sourceraw"), "a.txt");
	assert_string_equal(S("fs.path.target"), "/var/log/b.txt");
	assert_string_equal(S("fs.path.name"), "<NA>");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_UNLINKAT_2_X, 7200, 200, A_I("res", 0),
	                      A_I("dirfd", -100), A_S("name", "x/../y")),
	                 FC_OK);
	assert_string_equal(S("fs.path.name"), "/home/user/y");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_SYMLINKAT_X, 7300, 200, A_I("res", 0),
	                      A_S("target", "/etc/passwd"), A_I("linkdirfd", -100),
	                      A_S("linkpath", "pw")),
	                 FC_OK);
	assert_string_equal(S("fs.path.source"), "/etc/passwd");
	assert_string_equal(S("fs.path.target"), "/home/user/pw");
	/* setuid */
	assert_int_equal(
	        FEED(src, &ev, FC_PPME_SYSCALL_SETUID_X, 7400, 200, A_I("res", 0), A_I("uid", 0)),
	        FC_OK);
	assert_string_equal(S("user.uid"), "0");
	assert_string_equal(S("evt.arg.uid"), "0");
	fc_syscall_source_free(src);
}

static void test_fork_inherits_fds_and_exec_closes_cloexec(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	fc_event ev;

	(void)state;
	spawn_cat(src, &ev);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5000, 200, A_I("fd", 3),
	                      A_I("dirfd", -100), A_S("name", "/a"), A_I("flags", 1 | (1 << 12))),
	                 FC_OK);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5001, 200, A_I("fd", 4),
	                      A_I("dirfd", -100), A_S("name", "/b"), A_I("flags", 1)),
	                 FC_OK);
	/* child 300 created from the parent's event (no CLONE_FILES): copies fds */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLONE_20_X, 5100, 200, A_I("res", 300),
	                      A_I("tid", 200), A_I("pid", 200), A_I("ptid", 100), A_I("flags", 0)),
	                 FC_OK);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 5200, 300, A_I("fd", 4)), FC_OK);
	assert_string_equal(S("proc.name"), "cat");
	assert_string_equal(S("proc.pname"), "cat");
	assert_string_equal(S("fd.name"), "/b");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_EXECVE_19_X, 5300, 300, A_I("res", 0),
	                      A_S("exe", "ls"), A_I("tid", 300), A_I("pid", 300), A_I("ptid", 200),
	                      A_S("comm", "ls")),
	                 FC_OK);
	assert_string_equal(S("proc.exepath"), "ls"); /* no trusted path nor filename */
	assert_string_equal(S("proc.cmdline"), "ls");
	assert_string_equal(S("proc.args"), "");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 5400, 300, A_I("fd", 3)), FC_OK);
	assert_string_equal(S("fd.name"), "<NA>"); /* O_CLOEXEC fd closed by exec */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 5500, 300, A_I("fd", 4)), FC_OK);
	assert_string_equal(S("fd.name"), "/b");
	/* parent keeps its own copy */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 5600, 200, A_I("fd", 3)), FC_OK);
	assert_string_equal(S("fd.name"), "/a");
	/* a thread (CLONE_THREAD|CLONE_FILES) shares the table */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLONE_20_X, 5700, 200, A_I("res", 201),
	                      A_I("tid", 200), A_I("pid", 200), A_I("ptid", 100),
	                      A_I("flags", (1 << 13) | 1)),
	                 FC_OK);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 5800, 201, A_I("fd", 9),
	                      A_I("dirfd", -100), A_S("name", "/c"), A_I("flags", 1)),
	                 FC_OK);
	assert_string_equal(S("proc.pid"), "200");
	assert_string_equal(S("thread.tid"), "201");
	assert_string_equal(S("thread.ismain"), "false");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 5900, 200, A_I("fd", 9)), FC_OK);
	assert_string_equal(S("fd.name"), "/c");
	fc_syscall_source_free(src);
}

static void test_placeholder_thread(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	fc_event ev;

	(void)state;
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 100, 4242, A_I("fd", 3)), FC_OK);
	assert_string_equal(S("proc.name"), "<NA>");
	assert_string_equal(S("proc.cmdline"), "<NA>");
	assert_string_equal(S("thread.tid"), "4242");
	assert_string_equal(S("user.uid"), "4294967295"); /* as sysdig */
	assert_string_equal(S("container.id"), "host");
	assert_string_equal(S("evt.dir"), ">");
	assert_string_equal(S("evt.res"), "<NA>"); /* enter events have no result */
	fc_syscall_source_free(src);
}

static void test_bounded_tables(void **state)
{
	fc_syscall_source *src = new_src(4, 3);
	fc_event ev;
	fc_syscall_stats st;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 100 + (uint64_t)i,
		                      (uint64_t)(1000 + i), A_I("fd", 3)),
		                 FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.threads, 4);
	assert_int_equal(st.threads_evicted, 6);
	for (i = 0; i < 5; i++)
		assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 200 + (uint64_t)i, 1009,
		                      A_I("fd", 10 + i), A_I("dirfd", -100), A_S("name", "/f"),
		                      A_I("flags", 1)),
		                 FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.fds_evicted, 2);
	/* the most recent fd survived, the oldest was evicted */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 300, 1009, A_I("fd", 14)), FC_OK);
	assert_string_equal(S("fd.name"), "/f");
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 301, 1009, A_I("fd", 10)), FC_OK);
	assert_string_equal(S("fd.name"), "<NA>");
	fc_syscall_source_free(src);
}

static void test_malformed(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	fc_event ev;
	fc_syscall_stats st;
	uint8_t junk[40] = {0};

	(void)state;
	assert_int_equal(fc_syscall_source_process(src, junk, 10, 0, &ev), FC_EFORMAT);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.decode_errors, 1);
	assert_int_equal(st.events, 0);
	assert_int_equal(fc_syscall_source_process(NULL, junk, 10, 0, &ev), FC_EINVAL);
	fc_syscall_source_free(src);
}

static void test_sink(void **state)
{
	fc_syscall_source *src = new_src(0, 0);
	const fci_scap_sink *sink = fci_syscall_source_sink(src);
	fci_proc_rec pr;
	fci_fd_rec fr;
	fci_user_rec ur;
	fc_event ev;

	(void)state;
	memset(&pr, 0, sizeof(pr));
	pr.tid = pr.pid = 77;
	pr.ptid = 1;
	pr.comm = (fci_bstr){"nginx", 5};
	pr.exe = (fci_bstr){"nginx:", 6};
	pr.exepath = (fci_bstr){"/usr/sbin/nginx", 15};
	pr.args = (fci_bstr){"master\0process", 15};
	pr.cwd = (fci_bstr){"/", 1};
	pr.uid = 33;
	pr.loginuid = UINT32_MAX;
	pr.vtid = pr.vpid = -1;
	assert_int_equal(sink->thread(sink->ctx, &pr), FC_OK);
	memset(&fr, 0, sizeof(fr));
	fr.tid = 77;
	fr.fd = 6;
	fr.type = FCI_FD_IPV4_SERVSOCK;
	fr.sip[0] = 10;
	fr.sip[3] = 1;
	fr.sport = 443;
	fr.l4proto = FCI_L4_TCP;
	assert_int_equal(sink->fd(sink->ctx, &fr), FC_OK);
	memset(&ur, 0, sizeof(ur));
	ur.uid = 33;
	ur.name = (fci_bstr){"www-data", 8};
	assert_int_equal(sink->user(sink->ctx, &ur), FC_OK);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 100, 77, A_I("fd", 6)), FC_OK);
	assert_string_equal(S("proc.cmdline"), "nginx master process");
	assert_string_equal(S("proc.exepath"), "/usr/sbin/nginx");
	assert_string_equal(S("user.name"), "www-data");
	assert_string_equal(S("user.loginuid"), "-1");
	assert_string_equal(S("fd.name"), "10.0.0.1:443");
	assert_string_equal(S("fd.sport"), "443");
	assert_string_equal(S("fd.is_server"), "true");
	assert_string_equal(S("fd.cip"), "<NA>");
	fc_syscall_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_process_tree),
	        cmocka_unit_test(test_fds),
	        cmocka_unit_test(test_fork_inherits_fds_and_exec_closes_cloexec),
	        cmocka_unit_test(test_placeholder_thread),
	        cmocka_unit_test(test_bounded_tables),
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
