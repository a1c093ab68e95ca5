/* SPDX-License-Identifier: Apache-2.0 */
/* Golden bytecode listings: tests/golden/conditions/<case>.yaml (rules over
 * the test source) must compile to exactly <case>.disasm. Run with
 * FC_GOLDEN_UPDATE=1 to rewrite the expectations (then review the diff).
 * Usage: test_codegen <case> (one meson test per case). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_source.h"

static const char *case_name;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_golden(void **state)
{
	const char *root = getenv("FC_SRC_ROOT");
	char ypath[1024], dpath[1024];
	char *yaml, *expect, *got;
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	fc_diag_list *dl = NULL;
	size_t i, cap = 1 << 16, len = 0;

	(void)state;
	assert_non_null(root);
	snprintf(ypath, sizeof(ypath), "%s/tests/golden/conditions/%s.yaml", root, case_name);
	snprintf(dpath, sizeof(dpath), "%s/tests/golden/conditions/%s.disasm", root, case_name);
	yaml = slurp(ypath);
	assert_non_null(yaml);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	if (fct_build(&ctx, yaml, dl, &rs) != FC_OK)
		fct_print_diags(dl);
	assert_non_null(rs);
	got = calloc(1, cap);
	assert_non_null(got);
	for (i = 0; i < fc_ruleset_rule_count(rs); i++) {
		int n = fc_ruleset_disasm(rs, fc_ruleset_rule(rs, i), got + len, cap - len);

		assert_true(n >= 0 && (size_t)n < cap - len);
		len += (size_t)n;
	}
	if (getenv("FC_GOLDEN_UPDATE")) {
		FILE *f = fopen(dpath, "wb");

		assert_non_null(f);
		fwrite(got, 1, len, f);
		fclose(f);
	}
	expect = slurp(dpath);
	assert_non_null(expect);
	if (strcmp(expect, got) != 0)
		fprintf(stderr, "--- expected (%s)\n%s--- got\n%s", dpath, expect, got);
	assert_string_equal(expect, got);
	free(expect);
	free(got);
	free(yaml);
	fc_ruleset_unref(rs);
	fc_diag_list_free(dl);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_golden),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: test_codegen <case>\n");
		return 2;
	}
	case_name = argv[1];
	return cmocka_run_group_tests_name("codegen", tests, NULL, NULL);
}
