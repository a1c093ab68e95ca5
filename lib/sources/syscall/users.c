/* SPDX-License-Identifier: Apache-2.0 */
/* User and group names: from a capture's user/group lists when present,
 * otherwise from the host's /etc/passwd and /etc/group (under host_root),
 * parsed here without NSS so that host_root works. */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fci_usertable_init(fci_usertable *t, const char *host_root)
{
	memset(t, 0, sizeof(*t));
	fci_u64map_init(&t->users);
	fci_u64map_init(&t->groups);
	t->host_root = fci_strdup(host_root ? host_root : "");
}

static void free_entries(fci_u64map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		fci_user *u = m->slots[i].val;

		if (!u)
			continue;
		fci_free(u->name);
		fci_free(u->homedir);
		fci_free(u->shell);
		fci_free(u);
	}
	fci_u64map_free(m);
}

void fci_usertable_free(fci_usertable *t)
{
	free_entries(&t->users);
	free_entries(&t->groups);
	fci_free(t->host_root);
}

static int add_entry(fci_u64map *m, uint32_t id, const char *name, const char *home,
                     const char *shell)
{
	fci_user *u = fci_u64map_get(m, id);
	bool fresh = !u;

	if (fresh) {
		u = fci_calloc(1, sizeof(*u));
		if (!u)
			return FC_ENOMEM;
	}
	u->id = id;
	if (fci_setstr(&u->name, name ? name : "", name ? strlen(name) : 0) < 0 ||
	    (home && fci_setstr(&u->homedir, home, strlen(home)) < 0) ||
	    (shell && fci_setstr(&u->shell, shell, strlen(shell)) < 0))
		goto oom;
	if (fresh && fci_u64map_put(m, id, u) < 0)
		goto oom;
	return FC_OK;
oom:
	if (fresh) {
		fci_free(u->name);
		fci_free(u->homedir);
		fci_free(u->shell);
		fci_free(u);
	}
	return FC_ENOMEM;
}

int fci_usertable_add_user(fci_usertable *t, uint32_t uid, const char *name, const char *home,
                           const char *shell)
{
	t->have_capture = true;
	return add_entry(&t->users, uid, name, home, shell);
}

int fci_usertable_add_group(fci_usertable *t, uint32_t gid, const char *name)
{
	t->have_capture = true;
	return add_entry(&t->groups, gid, name, NULL, NULL);
}

/* Splits a colon-separated line in place; returns the number of fields. */
static int split_colon(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static void load_file(fci_usertable *t, const char *rel, bool users)
{
	char path[4096], line[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s%s", t->host_root, rel);
	fp = fopen(path, "re");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *f[7] = {0}, *end; /* {0}: gcc -O3 false -Wmaybe-uninitialized */
		unsigned long id;
		int n;

		line[strcspn(line, "\r\n")] = '\0';
		n = split_colon(line, f, 7);
		if (n < 3 || !f[2][0])
			continue;
		id = strtoul(f[2], &end, 10);
		if (*end || id > UINT32_MAX)
			continue;
		/* first entry for an id wins, like getpwuid() */
		if (users && !fci_u64map_get(&t->users, id))
			(void)add_entry(&t->users, (uint32_t)id, f[0], n > 5 ? f[5] : "",
			                n > 6 ? f[6] : "");
		else if (!users && !fci_u64map_get(&t->groups, id))
			(void)add_entry(&t->groups, (uint32_t)id, f[0], NULL, NULL);
	}
	fclose(fp);
}

void fci_usertable_load_host(fci_usertable *t)
{
	if (t->loaded_host || t->have_capture)
		return;
	t->loaded_host = true;
	load_file(t, "/etc/passwd", true);
	load_file(t, "/etc/group", false);
}

const fci_user *fci_user_get(fci_usertable *t, uint32_t uid)
{
	fci_usertable_load_host(t);
	return fci_u64map_get(&t->users, uid);
}

const fci_user *fci_group_get(fci_usertable *t, uint32_t gid)
{
	fci_usertable_load_host(t);
	return fci_u64map_get(&t->groups, gid);
}
