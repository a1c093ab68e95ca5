/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: rules files to a compiled ruleset; default rules paths. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FC_SYSCONFDIR
#define FC_SYSCONFDIR "/etc"
#endif

int cli_build_ruleset(const cli_sources *src, char *const *paths, size_t n, bool skip_missing,
                      cli_ruleset_build *b)
{
	size_t i, cap = 0;
	int rc, worst = FC_OK;
	char err[1024];

	memset(b, 0, sizeof(*b));
	rc = fc_diag_list_new(&b->diags);
	if (rc == FC_OK)
		rc = fc_engine_new(NULL, &b->eng);
	if (rc == FC_OK)
		rc = cli_sources_register(src, b->eng);
	if (rc != FC_OK) {
		b->status = rc;
		return rc;
	}
	for (i = 0; i < n; i++) {
		struct stat sb;
		size_t k;

		if (!paths[i])
			continue;
		if (skip_missing && stat(paths[i], &sb) != 0 && errno == ENOENT)
			continue;
		if (cli_check_file_secure(paths[i], err, sizeof(err)) < 0) {
			cli_err("%s", err);
			if (worst == FC_OK)
				worst = FC_EPERM;
			continue;
		}
		rc = fc_engine_load_file(b->eng, paths[i], b->diags);
		k = b->n_files_loaded;
		CLI_PUSH(b->files_loaded, b->n_files_loaded, cap);
		b->files_loaded[k] = cli_xstrdup(paths[i]);
		if (rc < 0 && worst == FC_OK)
			worst = rc;
		if (rc == FC_ENOMEM || rc == FC_ENOTSUP)
			break;
	}
	if (worst == FC_OK || worst == FC_ERULES) {
		rc = fc_engine_compile(b->eng, b->diags, &b->rs);
		if (rc < 0 && worst == FC_OK)
			worst = rc;
	}
	if (worst != FC_OK && b->rs) {
		fc_ruleset_unref(b->rs);
		b->rs = NULL;
	}
	b->status = worst;
	return worst;
}

void cli_ruleset_build_free(cli_ruleset_build *b)
{
	size_t i;

	fc_ruleset_unref(b->rs);
	fc_engine_free(b->eng);
	fc_diag_list_free(b->diags);
	for (i = 0; i < b->n_files_loaded; i++)
		free(b->files_loaded[i]);
	free(b->files_loaded);
	memset(b, 0, sizeof(*b));
}

void cli_print_diags(FILE *fp, const fc_diag_list *dl, unsigned flags)
{
	size_t i, n = fc_diag_list_count(dl);

	for (i = 0; i < n; i++) {
		char stackbuf[1024];
		int len = fc_diag_format(dl, i, flags, stackbuf, sizeof(stackbuf));

		if (len < 0)
			continue;
		if ((size_t)len < sizeof(stackbuf)) {
			fputs(stackbuf, fp);
		} else {
			char *big = cli_xmalloc((size_t)len + 1);

			fc_diag_format(dl, i, flags, big, (size_t)len + 1);
			fputs(big, fp);
			free(big);
		}
	}
}

/* The directory of the running executable, for the source-tree fallback. */
static bool exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return false;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

size_t cli_default_rules(char ***out)
{
	static const char *const names[] = {"falcocore_rules.yaml", "falcocore_rules.local.yaml",
	                                    "rules.d"};
	const char *base = FC_SYSCONFDIR "/falcocore";
	char path[PATH_MAX];
	struct stat sb;
	size_t i;

#ifdef FC_BUILD_DIR
	/* Run from the build tree (not installed): use the source tree's rules. */
	char dir[PATH_MAX];

	if (exe_dir(dir, sizeof(dir)) && strcmp(dir, FC_BUILD_DIR) == 0)
		base = FC_SOURCE_RULES_DIR;
#else
	(void)exe_dir;
#endif
	*out = cli_xcalloc(3, sizeof(**out));
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", base, names[i]);
		(*out)[i] = cli_xstrdup(path);
	}
	(void)sb;
	return 3;
}
