/* SPDX-License-Identifier: Apache-2.0 */
/* Field table and extractors of the syscall source: the 90 fields Falco's
 * upstream rules use (names and types), argument validation, and values of
 * each field class. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syscall_fixture.h"

#define S(name) fct_str(src, &ev, name)

/* The 90 field names of the three upstream rules files, with Falco's types. */
static const struct {
	const char *name;
	fc_type type;
} upstream[] = {
        {"container.id", FC_TYPE_STRING},
        {"container.image.repository", FC_TYPE_STRING},
        {"container.mount.dest", FC_TYPE_STRING},
        {"container.mounts", FC_TYPE_STRING},
        {"container.privileged", FC_TYPE_BOOL},
        {"container.start_ts", FC_TYPE_ABSTIME},
        {"evt.arg.cmd", FC_TYPE_STRING},
        {"evt.arg.domain", FC_TYPE_STRING},
        {"evt.arg.fd", FC_TYPE_STRING},
        {"evt.arg.filename", FC_TYPE_STRING},
        {"evt.arg.flags", FC_TYPE_STRING},
        {"evt.arg.linkpath", FC_TYPE_STRING},
        {"evt.arg.mode", FC_TYPE_STRING},
        {"evt.arg.name", FC_TYPE_STRING},
        {"evt.arg.newpath", FC_TYPE_STRING},
        {"evt.arg.oldpath", FC_TYPE_STRING},
        {"evt.arg.path", FC_TYPE_STRING},
        {"evt.arg.request", FC_TYPE_STRING},
        {"evt.arg.target", FC_TYPE_STRING},
        {"evt.arg.uid", FC_TYPE_STRING},
        {"evt.args", FC_TYPE_STRING},
        {"evt.buffer", FC_TYPE_BYTES},
        {"evt.is_open_exec", FC_TYPE_BOOL},
        {"evt.is_open_read", FC_TYPE_BOOL},
        {"evt.is_open_write", FC_TYPE_BOOL},
        {"evt.num", FC_TYPE_UINT64},
        {"evt.rawres", FC_TYPE_INT64},
        {"evt.res", FC_TYPE_STRING},
        {"evt.type", FC_TYPE_STRING},
        {"fd.cip", FC_TYPE_IPADDR},
        {"fd.cip.name", FC_TYPE_STRING},
        {"fd.cnet", FC_TYPE_IPNET},
        {"fd.connected", FC_TYPE_BOOL},
        {"fd.directory", FC_TYPE_STRING},
        {"fd.filename", FC_TYPE_STRING},
        {"fd.ip", FC_TYPE_IPADDR},
        {"fd.l4proto", FC_TYPE_STRING},
        {"fd.lip.name", FC_TYPE_STRING},
        {"fd.lport", FC_TYPE_PORT},
        {"fd.name", FC_TYPE_STRING},
        {"fd.name_changed", FC_TYPE_BOOL},
        {"fd.nameraw", FC_TYPE_STRING},
        {"fd.net", FC_TYPE_IPNET},
        {"fd.num", FC_TYPE_INT64},
        {"fd.port", FC_TYPE_PORT},
        {"fd.rip", FC_TYPE_IPADDR},
        {"fd.rip.name", FC_TYPE_STRING},
        {"fd.rnet", FC_TYPE_IPNET},
        {"fd.rport", FC_TYPE_PORT},
        {"fd.sip", FC_TYPE_IPADDR},
        {"fd.sip.name", FC_TYPE_STRING},
        {"fd.snet", FC_TYPE_IPNET},
        {"fd.sockfamily", FC_TYPE_STRING},
        {"fd.sport", FC_TYPE_PORT},
        {"fd.type", FC_TYPE_STRING},
        {"fd.typechar", FC_TYPE_STRING},
        {"group.gid", FC_TYPE_UINT64},
        {"group.name", FC_TYPE_STRING},
        {"k8s.ns.name", FC_TYPE_STRING},
        {"k8s.pod.name", FC_TYPE_STRING},
        {"proc.aexe", FC_TYPE_STRING},
        {"proc.aexepath", FC_TYPE_STRING},
        {"proc.aname", FC_TYPE_STRING},
        {"proc.args", FC_TYPE_STRING},
        {"proc.cmdline", FC_TYPE_STRING},
        {"proc.cwd", FC_TYPE_STRING},
        {"proc.duration", FC_TYPE_RELTIME},
        {"proc.env", FC_TYPE_STRING},
        {"proc.exe", FC_TYPE_STRING},
        {"proc.exe_ino.ctime", FC_TYPE_ABSTIME},
        {"proc.exe_ino.ctime_duration_proc_start", FC_TYPE_ABSTIME},
        {"proc.exe_ino.mtime", FC_TYPE_ABSTIME},
        {"proc.exepath", FC_TYPE_STRING},
        {"proc.is_exe_from_memfd", FC_TYPE_BOOL},
        {"proc.is_exe_upper_layer", FC_TYPE_BOOL},
        {"proc.is_vpgid_leader", FC_TYPE_BOOL},
        {"proc.name", FC_TYPE_STRING},
        {"proc.pcmdline", FC_TYPE_STRING},
        {"proc.pexe", FC_TYPE_STRING},
        {"proc.pexepath", FC_TYPE_STRING},
        {"proc.pname", FC_TYPE_STRING},
        {"proc.sname", FC_TYPE_STRING},
        {"proc.tty", FC_TYPE_UINT64},
        {"proc.vpid", FC_TYPE_INT64},
        {"thread.cap_effective", FC_TYPE_STRING},
        {"thread.cap_permitted", FC_TYPE_STRING},
        {"user.loginname", FC_TYPE_STRING},
        {"user.loginuid", FC_TYPE_INT64},
        {"user.name", FC_TYPE_STRING},
        {"user.uid", FC_TYPE_UINT64},
};

static const fc_field_def *find_field(const fc_source_ops *ops, const char *name, bool *dotted)
{
	size_t i;

	*dotted = false;
	for (i = 0; i < ops->n_fields; i++)
		if (strcmp(ops->fields[i].name, name) == 0)
			return &ops->fields[i];
	for (i = 0; i < ops->n_fields; i++) {
		size_t l = strlen(ops->fields[i].name);

		if ((ops->fields[i].flags & FC_FIELD_ARG_DOTTED) &&
		    strncmp(name, ops->fields[i].name, l) == 0 && name[l] == '.') {
			*dotted = true;
			return &ops->fields[i];
		}
	}
	return NULL;
}

static void test_upstream_fields(void **state)
{
	fc_syscall_source *src = NULL;
	const fc_source_ops *ops;
	size_t i, found = 0;
	fc_event ev;

	(void)state;
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	ops = fc_syscall_source_ops(src);
	assert_string_equal(ops->name, "syscall");
	assert_string_equal(ops->index_field, "evt.type");
	assert_string_equal(ops->provides[0], "container@0.4.0");
	assert_null(ops->provides[1]);
	assert_string_equal(ops->code_names[FC_PPME_SYSCALL_OPENAT_2_X], "openat");
	assert_true(ops->n_codes >= 400);
	/* any event, for the extraction sanity pass */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_X, 1, 1, A_I("res", 0)), FC_OK);
	assert_int_equal(FCI_ARRAY_LEN(upstream), 90);
	for (i = 0; i < FCI_ARRAY_LEN(upstream); i++) {
		bool dotted;
		const fc_field_def *d = find_field(ops, upstream[i].name, &dotted);
		fc_value v;
		int rc;

		if (!d) {
			print_error("missing field %s\n", upstream[i].name);
			continue;
		}
		if (d->type != upstream[i].type && !dotted)
			print_error("type of %s: %d, want %d\n", upstream[i].name, d->type,
			            upstream[i].type);
		else
			found++;
		/* every field extracts without a hard error (absent is fine) */
		rc = fct_extract(src, &ev,
		                 strcmp(upstream[i].name, "container.mount.dest") == 0
		                         ? "container.mount.dest[/etc]"
		                         : upstream[i].name,
		                 &v);
		if (rc != FC_OK && rc != FC_ENOENT)
			print_error("extract %s: %d\n", upstream[i].name, rc);
		assert_true(rc == FC_OK || rc == FC_ENOENT);
	}
	assert_int_equal(found, 90);
	/* every field has a description and the names are unique */
	for (i = 0; i < ops->n_fields; i++) {
		size_t k;

		assert_non_null(ops->fields[i].desc);
		assert_true(strlen(ops->fields[i].desc) > 5);
		for (k = i + 1; k < ops->n_fields; k++)
			assert_string_not_equal(ops->fields[i].name, ops->fields[k].name);
	}
	fc_syscall_source_free(src);
}

static int resolve(fc_syscall_source *src, const char *field, const char *arg)
{
	const fc_source_ops *ops = fc_syscall_source_ops(src);
	fc_field_ref ref;
	char err[128];
	size_t i;

	memset(&ref, 0, sizeof(ref));
	for (i = 0; i < ops->n_fields; i++)
		if (strcmp(ops->fields[i].name, field) == 0)
			break;
	assert_true(i < ops->n_fields);
	ref.field = (uint32_t)i;
	ref.index = -1;
	if (arg) {
		ref.has_arg = true;
		ref.arg = arg;
		ref.arg_len = strlen(arg);
	}
	err[0] = '\0';
	return ops->resolve(ops->ctx, &ref, err, sizeof(err));
}

static void test_resolve(void **state)
{
	fc_syscall_source *src = NULL;

	(void)state;
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	assert_int_equal(resolve(src, "evt.arg", "flags"), FC_OK);
	assert_int_equal(resolve(src, "evt.arg", "0"), FC_OK);
	assert_int_equal(resolve(src, "evt.arg", "nosuchparam"), FC_EINVAL);
	assert_int_equal(resolve(src, "evt.arg", NULL), FC_EINVAL);
	assert_int_equal(resolve(src, "evt.rawarg", "res"), FC_OK);
	assert_int_equal(resolve(src, "proc.aname", "3"), FC_OK);
	assert_int_equal(resolve(src, "proc.aname", NULL), FC_OK);
	assert_int_equal(resolve(src, "proc.aname", "x"), FC_EINVAL);
	assert_int_equal(resolve(src, "proc.apid", "-1"), FC_EINVAL);
	assert_int_equal(resolve(src, "proc.name", "1"), FC_EINVAL);
	assert_int_equal(resolve(src, "thread.cgroup", NULL), FC_EINVAL);
	assert_int_equal(resolve(src, "thread.cgroup", "cpu"), FC_OK);
	assert_int_equal(resolve(src, "proc.env", "HOME"), FC_OK);
	assert_int_equal(resolve(src, "evt.type.is", "open"), FC_OK);
	assert_int_equal(resolve(src, "evt.type.is", "nosuch"), FC_EINVAL);
	assert_int_equal(resolve(src, "container.mount.dest", "/proc*"), FC_OK);
	fc_syscall_source_free(src);
}

/* evt.type indexes exit events only (current drivers send no enter events):
 * the paired enter codes have no name, enter-only events keep theirs. */
static void test_code_names_exit_only(void **state)
{
	fc_syscall_source *src = NULL;
	const fc_source_ops *ops;

	(void)state;
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	ops = fc_syscall_source_ops(src);
	assert_null(ops->code_names[FC_PPME_SYSCALL_OPENAT_2_E]);
	assert_string_equal(ops->code_names[FC_PPME_SYSCALL_OPENAT_2_E + 1], "openat");
	assert_null(ops->code_names[FC_PPME_SYSCALL_EXECVE_19_E]);
	assert_string_equal(ops->code_names[FC_PPME_SYSCALL_EXECVE_19_E + 1], "execve");
	assert_null(ops->code_names[FC_PPME_SYSCALL_PTRACE_E]);
	assert_string_equal(ops->code_names[FC_PPME_SYSCALL_PTRACE_E + 1], "ptrace");
	assert_string_equal(ops->code_names[FC_PPME_PROCEXIT_1_E], "procexit"); /* enter-only */
	fc_syscall_source_free(src);
}

static void test_evt_fields(void **state)
{
	fc_syscall_source *src = NULL;
	fc_event ev;
	uint8_t buf[4] = {'a', 'b', 0, 'c'};

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	/* 2021-01-02 03:04:05.000000123 UTC */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 1609556645000000123ULL, 9,
	                      A_I("fd", -2), A_I("dirfd", -100), A_S("name", "/nope"),
	                      A_I("flags", 1), A_I("mode", 0)),
	                 FC_OK);
	assert_string_equal(S("evt.time"), "03:04:05.000000123");
	assert_string_equal(S("evt.time.s"), "03:04:05");
	assert_string_equal(S("evt.time.iso8601"), "2021-01-02T03:04:05.000000123Z");
	assert_string_equal(S("evt.datetime"), "2021-01-02 03:04:05.000000123");
	assert_string_equal(S("evt.datetime.s"), "2021-01-02 03:04:05");
	assert_string_equal(S("evt.rawtime"), "1609556645000000123");
	assert_string_equal(S("evt.rawtime.ns"), "123");
	assert_string_equal(S("evt.num"), "1");
	assert_string_equal(S("evt.dir"), "<");
	assert_string_equal(S("evt.type"), "openat");
	assert_string_equal(S("evt.type.is[openat]"), "1");
	assert_string_equal(S("evt.category"), "file");
	assert_string_equal(S("evt.res"), "ENOENT");
	assert_string_equal(S("evt.rawres"), "-2");
	assert_string_equal(S("evt.failed"), "true");
	assert_string_equal(S("evt.count.error"), "1");
	assert_string_equal(S("evt.arg.name"), "/nope");
	assert_string_equal(S("evt.arg[2]"), "/nope");
	assert_string_equal(S("evt.arg[20]"), "<NA>");
	assert_string_equal(S("evt.arg.uid"), "<NA>");
	assert_string_equal(S("evt.rawarg.fd"), "-2");
	assert_string_equal(S("fd.name"), "<NA>"); /* failed open adds no fd */
	assert_string_equal(S("evt.is_open_read"), "true");
	assert_string_equal(S("evt.source"), "syscall");
	assert_true(strstr(S("evt.args"), "name=/nope") != NULL);
	assert_string_equal(S("evt.is_io"), "false");
	/* second event: relative and delta times, buffers */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_READ_X, 1609556645000001123ULL, 9,
	                      A_I("res", 4), A_B("data", buf, 4)),
	                 FC_OK);
	assert_string_equal(S("evt.num"), "2");
	assert_string_equal(S("evt.reltime"), "1000");
	assert_string_equal(S("evt.deltatime"), "1000");
	assert_string_equal(S("evt.buflen"), "4");
	assert_string_equal(S("evt.is_io_read"), "true");
	assert_string_equal(S("evt.io_dir"), "r");
	assert_string_equal(S("evt.is_open_read"), "false");
	assert_string_equal(S("evt.res"), "SUCCESS");
	{
		fc_value v;

		assert_int_equal(fct_extract(src, &ev, "evt.buffer", &v), FC_OK);
		assert_int_equal(v.type, FC_TYPE_BYTES);
		assert_int_equal(v.u.str.len, 4);
		assert_memory_equal(v.u.str.ptr, buf, 4);
	}
	/* generic events: evt.type is the syscall's name */
	assert_int_equal(FEED(src, &ev, FC_PPME_GENERIC_X, 1609556645000002123ULL, 9, A_I("ID", 0),
	                      A_I("nativeID", 0)),
	                 FC_OK);
	assert_string_not_equal(S("evt.type"), "syscall");
	fc_syscall_source_free(src);
}

static int meta(const char *id, char *name, size_t nl, char *image, size_t il, void *user)
{
	(*(int *)user)++;
	if (strcmp(id, "4f797c539e6c") != 0)
		return FC_ENOENT;
	snprintf(name, nl, "web");
	snprintf(image, il, "registry.io:5000/team/nginx:1.25");
	return FC_OK;
}

static void test_users_and_containers(void **state)
{
	fc_syscall_source *src = NULL;
	fc_event ev;
	char dir[] = "/tmp/fct_rootXXXXXX";
	char path[256];
	FILE *fp;
	int calls = 0;
	static const char cg[] =
	        "cpu=/docker/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970";

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/etc", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/etc/passwd", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/zsh\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/etc/group", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("root:x:0:\nstaff:x:50:alice\n", fp);
	fclose(fp);
	assert_int_equal(fc_syscall_source_new(FC_OPTS(fc_syscall_opts, .host_root = dir,
	                                               .container_meta = meta,
	                                               .container_meta_user = &calls),
	                                       &src),
	                 FC_OK);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_EXECVE_19_X, 10, 5, A_I("res", 0),
	                      A_S("exe", "sh"), A_I("tid", 5), A_I("pid", 5), A_I("ptid", 1),
	                      A_S("comm", "sh"), A_I("uid", 1000), A_I("gid", 50),
	                      A_I("loginuid", 0), A_B("cgroups", cg, sizeof(cg))),
	                 FC_OK);
	assert_string_equal(S("user.name"), "alice");
	assert_string_equal(S("user.homedir"), "/home/alice");
	assert_string_equal(S("user.shell"), "/bin/zsh");
	assert_string_equal(S("user.loginname"), "root");
	assert_string_equal(S("group.gid"), "50");
	assert_string_equal(S("group.name"), "staff");
	assert_string_equal(S("container.id"), "4f797c539e6c");
	assert_string_equal(S("container.name"), "web");
	assert_string_equal(S("container.image"), "registry.io:5000/team/nginx:1.25");
	assert_string_equal(S("container.image.repository"), "registry.io:5000/team/nginx");
	assert_string_equal(S("container.image.tag"), "1.25");
	assert_string_equal(S("container.privileged"), "<NA>");
	assert_string_equal(S("k8s.ns.name"), "<NA>");
	assert_int_equal(calls, 1); /* cached per container id */
	/* a host process: container.name is "host", no image */
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_EXECVE_19_X, 20, 6, A_I("res", 0),
	                      A_S("exe", "ls"), A_I("tid", 6), A_I("pid", 6), A_S("comm", "ls"),
	                      A_I("uid", 4242)),
	                 FC_OK);
	assert_string_equal(S("container.id"), "host");
	assert_string_equal(S("container.name"), "host");
	assert_string_equal(S("container.image"), "<NA>");
	assert_string_equal(S("user.name"), "<NA>"); /* unknown uid */
	fc_syscall_source_free(src);
	snprintf(path, sizeof(path), "%s/etc/passwd", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/group", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_scan_proc(void **state)
{
	fc_syscall_source *src = NULL;
	fc_event ev;
	fc_syscall_stats st;
	char self[32];

	(void)state;
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	assert_int_equal(fc_syscall_source_scan_proc(src, NULL), FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_true(st.threads > 1);
	/* our own process is known with its name and open fds */
	assert_int_equal(
	        FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 1, (uint64_t)getpid(), A_I("fd", 0)),
	        FC_OK);
	assert_string_equal(S("proc.name"), "test_syscall_fi");
	snprintf(self, sizeof(self), "%d", (int)getpid());
	assert_string_equal(S("proc.pid"), self);
	assert_true(strstr(S("proc.exepath"), "test_syscall_fields") != NULL);
	assert_string_not_equal(S("fd.name"), "<NA>");
	assert_int_equal(fc_syscall_source_scan_proc(src, "/nonexistent/proc"), FC_EIO);
	fc_syscall_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_upstream_fields), cmocka_unit_test(test_resolve),
	        cmocka_unit_test(test_evt_fields),      cmocka_unit_test(test_users_and_containers),
	        cmocka_unit_test(test_scan_proc),       cmocka_unit_test(test_code_names_exit_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
