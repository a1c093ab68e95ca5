/* SPDX-License-Identifier: Apache-2.0 */
/* Container ids from cgroup paths: every runtime form the source knows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "sources/syscall/state.h"

#define ID64 "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"

static void check(const char *path, int kind, const char *id)
{
	char out[64];

	assert_int_equal(fci_container_from_cgroup(path, strlen(path), out, sizeof(out)), kind);
	assert_string_equal(out, id);
}

static void test_forms(void **state)
{
	(void)state;
	check("/docker/" ID64, FCI_CT_DOCKER, "4f797c539e6c");
	check("/system.slice/docker-" ID64 ".scope", FCI_CT_DOCKER, "4f797c539e6c");
	check("/kubepods/besteffort/pod1b2c/" ID64, FCI_CT_CRI, "4f797c539e6c");
	check("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
	      "cri-containerd-" ID64 ".scope",
	      FCI_CT_CONTAINERD, "4f797c539e6c");
	check("/system.slice/containerd.service/kubepods-pod1.slice:cri-containerd:" ID64,
	      FCI_CT_CONTAINERD, "4f797c539e6c");
	check("/kubepods.slice/kubepods-pod1.slice/crio-" ID64 ".scope", FCI_CT_CRIO,
	      "4f797c539e6c");
	check("/kubepods/pod1/crio-" ID64, FCI_CT_CRIO, "4f797c539e6c");
	check("/machine.slice/libpod-" ID64 ".scope", FCI_CT_PODMAN, "4f797c539e6c");
	check("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope",
	      FCI_CT_PODMAN, "4f797c539e6c");
	check("/libpod_parent/libpod-" ID64, FCI_CT_PODMAN, "4f797c539e6c");
	check("/kubepods/pod1/docker-" ID64 ".scope", FCI_CT_CRI, "4f797c539e6c");
	check("/lxc/web01", FCI_CT_LXC, "web01");
	check("/lxc/web01/init.scope", FCI_CT_LXC, "web01");
	check("/lxc.payload/web02", FCI_CT_LXC, "web02");
	check("/lxc.payload.web03/system.slice", FCI_CT_LXC, "web03");
	check("/machine.slice/machine-lxc\\x2d1234\\x2dvm1.scope", FCI_CT_LIBVIRT_LXC, "vm1");
	check("/machine/vm2.libvirt-lxc", FCI_CT_LIBVIRT_LXC, "vm2");
	check("/machine.slice/machine-debian12.scope", FCI_CT_NSPAWN, "debian12");
	/* host forms */
	check("/", FCI_CT_HOST, "host");
	check("/user.slice/user-1000.slice/session-2.scope", FCI_CT_HOST, "host");
	check("/system.slice/docker.service", FCI_CT_HOST, "host");
	check("/system.slice/docker-" ID64 "x.scope", FCI_CT_HOST, "host");
	check("/docker/4f797c539e6c", FCI_CT_HOST, "host"); /* short ids are not runc ids */
	check("/system.slice/crio-conmon-" ID64 ".scope", FCI_CT_HOST, "host");
	check("", FCI_CT_HOST, "host");
}

static void test_list(void **state)
{
	static const char cg[] = "cpuset=/\0cpu=/user.slice\0memory=/docker/" ID64;
	char out[16];

	(void)state;
	assert_int_equal(fci_container_from_cgroups(cg, sizeof(cg), out, sizeof(out)),
	                 FCI_CT_DOCKER);
	assert_string_equal(out, "4f797c539e6c");
	assert_int_equal(fci_container_from_cgroups("cpu=/\0", 6, out, sizeof(out)), FCI_CT_HOST);
	assert_string_equal(out, "host");
	assert_int_equal(fci_container_from_cgroups(NULL, 0, out, sizeof(out)), FCI_CT_HOST);
	/* truncation is bounded by the buffer */
	assert_int_equal(fci_container_from_cgroup("/lxc/averyveryverylongname", 26, out, 8),
	                 FCI_CT_LXC);
	assert_string_equal(out, "averyve");
	assert_string_equal(fci_container_type_name(FCI_CT_CRIO), "cri-o");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_forms),
	        cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
