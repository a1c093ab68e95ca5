/* SPDX-License-Identifier: Apache-2.0 */
/* The default ruleset loads and compiles against the syscall source with no
 * error and no warning, and every rule carries what a responder needs. Uses
 * only the public API. Exits 77 while the library reports FC_ENOTSUP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <falcocore/falcocore.h>

typedef struct loaded {
	fc_syscall_source *src;
	fc_engine *eng;
	fc_ruleset *rs;
	fc_diag_list *dl;
} loaded;

static char g_main[1024], g_local[1024];

static void loaded_free(loaded *l)
{
	fc_ruleset_unref(l->rs);
	fc_engine_free(l->eng);
	fc_syscall_source_free(l->src);
	fc_diag_list_free(l->dl);
	memset(l, 0, sizeof(*l));
}

/* Loads main + local rules; returns the first failing status. */
static int load(loaded *l)
{
	uint32_t sid;
	int rc;

	memset(l, 0, sizeof(*l));
	if ((rc = fc_diag_list_new(&l->dl)) < 0)
		return rc;
	if ((rc = fc_syscall_source_new(NULL, &l->src)) < 0)
		return rc;
	if ((rc = fc_engine_new(NULL, &l->eng)) < 0)
		return rc;
	if ((rc = fc_engine_add_source(l->eng, fc_syscall_source_ops(l->src), &sid)) < 0)
		return rc;
	if ((rc = fc_engine_load_file(l->eng, g_main, l->dl)) < 0)
		return rc;
	if ((rc = fc_engine_load_file(l->eng, g_local, l->dl)) < 0)
		return rc;
	return fc_engine_compile(l->eng, l->dl, &l->rs);
}

static void print_diags(const fc_diag_list *dl)
{
	for (size_t i = 0; dl && i < fc_diag_list_count(dl); i++) {
		char buf[2048];

		if (fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf)) >= 0)
			fprintf(stderr, "%s\n", buf);
	}
}

static void test_no_errors_no_warnings(void **state)
{
	loaded l;
	int rc = load(&l);

	(void)state;
	print_diags(l.dl);
	assert_int_equal(rc, FC_OK);
	assert_int_equal(fc_diag_list_count_severity(l.dl, FC_SEV_ERROR), 0);
	assert_int_equal(fc_diag_list_count_severity(l.dl, FC_SEV_WARNING), 0);
	loaded_free(&l);
}

static bool has_tag_prefix(const fc_rule *r, const char *prefix)
{
	for (size_t i = 0; i < fc_rule_tag_count(r); i++)
		if (strncmp(fc_rule_tag(r, i), prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void test_every_rule_is_complete(void **state)
{
	static const char *const names[] = {
	        "Interactive shell in container",
	        "Credential file read by untrusted program",
	        "Write below etc directory",
	        "Write below root home",
	        "Write below binary directory",
	        "Shell history deleted or truncated",
	        "Remote shell tool in container",
	        "Port scan tool in container",
	        "World-writable permission set",
	        "Download tool contacted external address from container",
	        "Privileged container started",
	        "Process attached with ptrace",
	        "Kernel module loaded",
	        "Symlink to sensitive file created",
	        "Kubernetes API server contacted from container",
	        "Package management in container",
	};
	loaded l;
	size_t n;

	(void)state;
	assert_int_equal(load(&l), FC_OK);
	n = fc_ruleset_rule_count(l.rs);
	assert_int_equal(n, sizeof(names) / sizeof(names[0]));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const fc_rule *r = fc_ruleset_find_rule(l.rs, names[i]);

		if (!r)
			fail_msg("rule '%s' is missing", names[i]);
		assert_true(fc_rule_enabled(r));
		assert_string_equal(fc_rule_source(r), "syscall");
		assert_true(strlen(fc_rule_desc(r)) > 40);
		if (!has_tag_prefix(r, "mitre_") || !has_tag_prefix(r, "T"))
			fail_msg("rule '%s' lacks a mitre_ tactic or a T-id tag", names[i]);
		/* The context a responder needs. */
		assert_non_null(strstr(fc_rule_output(r), "%proc.cmdline"));
		assert_non_null(strstr(fc_rule_output(r), "%user.name"));
		assert_non_null(strstr(fc_rule_output(r), "%proc.pname"));
		assert_non_null(strstr(fc_rule_output(r), "%container.id"));
		assert_non_null(strstr(fc_rule_output(r), "%container.name"));
	}
	loaded_free(&l);
}

/* Every rule is indexed under a few event types, never "all". */
static void test_rules_have_event_types(void **state)
{
	loaded l;
	uint32_t sid;
	uint8_t *bitmap;
	uint32_t n_codes;

	(void)state;
	assert_int_equal(load(&l), FC_OK);
	assert_int_equal(fc_ruleset_source_id(l.rs, "syscall", &sid), FC_OK);
	n_codes = fc_syscall_source_ops(l.src)->n_codes;
	assert_true(n_codes > 300);
	bitmap = calloc((n_codes + 7) / 8, 1);
	assert_non_null(bitmap);
	assert_int_equal(fc_ruleset_interest(l.rs, sid, bitmap, n_codes), FC_OK);
	{
		size_t set = 0;

		for (size_t i = 0; i < n_codes; i++)
			set += (bitmap[i / 8] >> (i % 8)) & 1;
		/* execve(at), open family, creat, unlink(at), chmod family, connect,
		 * ptrace, (f)init_module, symlink(at): enter and exit codes of a few
		 * dozen syscalls, far from the 454 codes of the table. */
		assert_true(set > 10);
		assert_true(set < 200);
	}
	free(bitmap);
	loaded_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_no_errors_no_warnings),
	        cmocka_unit_test(test_every_rule_is_complete),
	        cmocka_unit_test(test_rules_have_event_types),
	};
	const char *root = getenv("FC_SRC_ROOT");
	loaded l;
	int rc;

	if (!root) {
		fprintf(stderr, "FC_SRC_ROOT is not set\n");
		return 1;
	}
	snprintf(g_main, sizeof(g_main), "%s/rules/falcocore_rules.yaml", root);
	snprintf(g_local, sizeof(g_local), "%s/rules/falcocore_rules.local.yaml", root);
	rc = load(&l);
	loaded_free(&l);
	if (rc == FC_ENOTSUP) {
		printf("SKIP: the library reports FC_ENOTSUP for loading the default rules\n");
		return 77;
	}
	return cmocka_run_group_tests_name("default_rules", tests, NULL, NULL);
}
