/* SPDX-License-Identifier: Apache-2.0 */
/* Container ids from cgroup paths, following the forms the container plugin
 * (and libsinsp before it) recognise: runc-based runtimes leave a 64-hex id
 * in the last path component (docker, containerd, cri-o, podman), LXC and
 * nspawn leave a name. Anything else is the host. */
#include "state.h"

#include <string.h>

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return n > 0;
}

static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && memcmp(s, p, pl) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && memcmp(s + n - pl, p, pl) == 0;
}

static void put_id(char *id, size_t idlen, const char *s, size_t n)
{
	if (!idlen)
		return;
	if (n > idlen - 1)
		n = idlen - 1;
	memcpy(id, s, n);
	id[n] = '\0';
}

/* runc layouts: prefix inside the last component, optional suffix */
static const struct {
	const char *prefix;
	const char *suffix;
	int kind;
} runc_layouts[] = {
        {"docker-", ".scope", FCI_CT_DOCKER},
        {"cri-containerd-", ".scope", FCI_CT_CONTAINERD},
        {"crio-", ".scope", FCI_CT_CRIO},
        {"crio-", "", FCI_CT_CRIO},
        {"libpod-", ".scope", FCI_CT_PODMAN},
        {"libpod-", "", FCI_CT_PODMAN},
        {"containerd-", ".scope", FCI_CT_CONTAINERD},
};

int fci_container_from_cgroup(const char *path, size_t len, char *id, size_t idlen)
{
	const char *last, *p;
	size_t n, i;

	/* last path component */
	for (p = path + len; p > path && p[-1] != '/'; p--)
		;
	last = p;
	n = (size_t)(path + len - last);
	/* containerd without systemd cgroups: ".../cri-containerd:<id>" */
	for (i = n; i > 0; i--)
		if (last[i - 1] == ':')
			break;
	if (i > 0 && n - i == 64 && is_hex(last + i, 64)) {
		put_id(id, idlen, last + i, 12);
		return FCI_CT_CONTAINERD;
	}
	if (n == 64 && is_hex(last, 64)) {
		/* bare id: docker ("/docker/<id>") or cri under kubepods */
		put_id(id, idlen, last, 12);
		if (has_prefix(path, len, "/docker/"))
			return FCI_CT_DOCKER;
		if (strstr(path, "libpod") != NULL)
			return FCI_CT_PODMAN;
		return FCI_CT_CRI;
	}
	for (i = 0; i < FCI_ARRAY_LEN(runc_layouts); i++) {
		size_t pl = strlen(runc_layouts[i].prefix), sl = strlen(runc_layouts[i].suffix);

		if (n == pl + 64 + sl && has_prefix(last, n, runc_layouts[i].prefix) &&
		    has_suffix(last, n, runc_layouts[i].suffix) && is_hex(last + pl, 64)) {
			put_id(id, idlen, last + pl, 12);
			if (runc_layouts[i].kind == FCI_CT_DOCKER && strstr(path, "kubepods"))
				return FCI_CT_CRI;
			return runc_layouts[i].kind;
		}
	}
	/* LXC: /lxc/<name>/..., /lxc.payload/<name>/..., /lxc.payload.<name>/... */
	if (has_prefix(path, len, "/lxc/") || has_prefix(path, len, "/lxc.payload/") ||
	    has_prefix(path, len, "/lxc.payload.")) {
		const char *s = path + (has_prefix(path, len, "/lxc/") ? 5 : 13);
		const char *e = memchr(s, '/', (size_t)(path + len - s));

		if (!e)
			e = path + len;
		if (e > s) {
			put_id(id, idlen, s, (size_t)(e - s));
			return FCI_CT_LXC;
		}
	}
	/* libvirt LXC: /machine.slice/machine-lxc\x2d<pid>\x2d<name>.scope or
	 * /machine/<name>.libvirt-lxc */
	if (has_prefix(path, len, "/machine.slice/machine-lxc\\x2d") &&
	    has_suffix(path, len, ".scope")) {
		const char *s = path + strlen("/machine.slice/machine-lxc\\x2d");
		const char *e = path + len - 6;
		const char *d = NULL;

		for (p = s; p + 4 <= e; p++)
			if (memcmp(p, "\\x2d", 4) == 0) {
				d = p + 4;
				break;
			}
		if (d && d < e) {
			put_id(id, idlen, d, (size_t)(e - d));
			return FCI_CT_LIBVIRT_LXC;
		}
	}
	if (has_prefix(path, len, "/machine/") && has_suffix(path, len, ".libvirt-lxc")) {
		const char *s = path + 9, *e = path + len - 12;

		if (e > s && !memchr(s, '/', (size_t)(e - s))) {
			put_id(id, idlen, s, (size_t)(e - s));
			return FCI_CT_LIBVIRT_LXC;
		}
	}
	/* systemd-nspawn: /machine.slice/machine-<name>.scope */
	if (has_prefix(path, len, "/machine.slice/machine-") && has_suffix(path, len, ".scope")) {
		const char *s = path + strlen("/machine.slice/machine-"), *e = path + len - 6;

		if (e > s && !memchr(s, '/', (size_t)(e - s))) {
			put_id(id, idlen, s, (size_t)(e - s));
			return FCI_CT_NSPAWN;
		}
	}
	put_id(id, idlen, "host", 4);
	return FCI_CT_HOST;
}

int fci_container_from_cgroups(const char *cgroups, size_t len, char *id, size_t idlen)
{
	size_t i = 0;

	while (i < len) {
		const char *e = memchr(cgroups + i, '\0', len - i);
		size_t n = e ? (size_t)(e - (cgroups + i)) : len - i;
		const char *eq = memchr(cgroups + i, '=', n);
		const char *path = eq ? eq + 1 : cgroups + i;
		size_t plen = (size_t)(cgroups + i + n - path);
		int kind = fci_container_from_cgroup(path, plen, id, idlen);

		if (kind != FCI_CT_HOST)
			return kind;
		i += n + 1;
	}
	put_id(id, idlen, "host", 4);
	return FCI_CT_HOST;
}

const char *fci_container_type_name(int kind)
{
	switch (kind) {
	case FCI_CT_DOCKER:
		return "docker";
	case FCI_CT_CRI:
		return "cri";
	case FCI_CT_CONTAINERD:
		return "containerd";
	case FCI_CT_CRIO:
		return "cri-o";
	case FCI_CT_PODMAN:
		return "podman";
	case FCI_CT_LXC:
		return "lxc";
	case FCI_CT_LIBVIRT_LXC:
		return "libvirt-lxc";
	case FCI_CT_NSPAWN:
		return "systemd-nspawn";
	default:
		return "host";
	}
}
