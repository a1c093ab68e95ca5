/* SPDX-License-Identifier: Apache-2.0 */
/* Test tool: replays a .scap capture through the syscall source and prints,
 * per event, the fields the sysdig comparison uses, in the layout of
 *   sysdig -r F -p "*%evt.num %proc.name %proc.cmdline %proc.pname %fd.name
 *                   %evt.type %evt.arg.flags %fd.typechar %user.uid %container.id"
 * With -b N it instead times N passes of state updates and prints ns/event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syscall_fixture.h"

static const char *const cols[] = {"evt.num",  "proc.name",   "proc.cmdline",  "proc.pname",
                                   "fd.name",  "evt.type",    "evt.arg.flags", "fd.typechar",
                                   "user.uid", "container.id"};

static int replay(const char *path, bool print, uint64_t *nev, uint64_t *ns)
{
	fc_syscall_source *src = NULL;
	fc_capture *cap = NULL;
	const void *rec;
	size_t len;
	fc_event ev;
	struct timespec a, b;
	int rc;

	if (fc_syscall_source_new(NULL, &src) != FC_OK)
		return 1;
	rc = fc_capture_open(path, src, &cap);
	if (rc != FC_OK) {
		fprintf(stderr, "%s: %s\n", path, fc_strerror(rc));
		fc_syscall_source_free(src);
		return 1;
	}
	*nev = 0;
	*ns = 0;
	while ((rc = fc_capture_next(cap, &rec, &len)) == FC_OK) {
		size_t i;

		clock_gettime(CLOCK_MONOTONIC, &a);
		rc = fc_syscall_source_process(src, rec, len, 0, &ev);
		clock_gettime(CLOCK_MONOTONIC, &b);
		*ns += (uint64_t)((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec));
		(*nev)++;
		if (rc != FC_OK || !print)
			continue;
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			printf("%s%s", i ? " " : "", fct_str(src, &ev, cols[i]));
		printf("\n");
	}
	if (rc != FC_EOF)
		fprintf(stderr, "%s: %s %s\n", path, fc_strerror(rc), fc_capture_error(cap));
	fc_capture_close(cap);
	fc_syscall_source_free(src);
	return rc == FC_EOF ? 0 : 1;
}

int main(int argc, char **argv)
{
	uint64_t nev, ns;

	if (argc == 4 && strcmp(argv[1], "-b") == 0) {
		int n = atoi(argv[2]), i;
		uint64_t tev = 0, tns = 0;

		for (i = 0; i < n; i++) {
			if (replay(argv[3], false, &nev, &ns))
				return 1;
			tev += nev;
			tns += ns;
		}
		printf("%llu events, %.1f ns/event\n", (unsigned long long)tev,
		       tev ? (double)tns / (double)tev : 0.0);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: replay_syscall [-b N] FILE.scap\n");
		return 2;
	}
	return replay(argv[1], true, &nev, &ns);
}
