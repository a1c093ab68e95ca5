/* SPDX-License-Identifier: Apache-2.0 */
/* Public-API test of loading: fc_engine_load_buffer/_file, the item
 * accessors, required versions and rendered diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <falcocore/falcocore.h>

static void test_accessors(void **state)
{
	const char *yaml = "- required_engine_version: 0.26.0\n"
	                   "- required_plugin_versions:\n"
	                   "    - name: container\n      version: 0.4.0\n"
	                   "      alternatives: [{name: c2, version: 1.0.0}]\n"
	                   "- list: a\n  items: [x, y]\n"
	                   "- list: b\n  items: [a, z]\n"
	                   "- macro: m\n  condition: proc.name in (b)\n"
	                   "- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n"
	                   "  exceptions:\n    - name: e\n      fields: proc.name\n"
	                   "      values: [q]\n";
	fc_engine *eng;
	fc_diag_list *dl;
	const char *v = NULL;

	(void)state;
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(fc_engine_load_buffer(eng, "a.yaml", yaml, strlen(yaml), dl), FC_OK);
	assert_int_equal(fc_diag_list_count(dl), 0);
	assert_string_equal(fc_engine_required_version(eng), "0.26.0");
	assert_int_equal(fc_engine_item_count(eng, FC_ITEM_RULE), 1);
	assert_int_equal(fc_engine_item_count(eng, FC_ITEM_MACRO), 1);
	assert_int_equal(fc_engine_item_count(eng, FC_ITEM_LIST), 2);
	assert_string_equal(fc_engine_item_name(eng, FC_ITEM_LIST, 1), "b");
	assert_null(fc_engine_item_name(eng, FC_ITEM_LIST, 2));
	assert_string_equal(fc_engine_item_condition(eng, FC_ITEM_RULE, 0), "m");
	assert_string_equal(fc_engine_item_condition(eng, FC_ITEM_MACRO, 0), "proc.name in (b)");
	assert_null(fc_engine_item_condition(eng, FC_ITEM_LIST, 0));
	assert_string_equal(fc_engine_list_item(eng, 1, 0), "x");
	assert_string_equal(fc_engine_list_item(eng, 1, 2), "z");
	assert_null(fc_engine_list_item(eng, 1, 3));
	assert_string_equal(fc_engine_plugin_requirement(eng, 0, 0, &v), "container");
	assert_string_equal(v, "0.4.0");
	assert_string_equal(fc_engine_plugin_requirement(eng, 0, 1, &v), "c2");
	assert_null(fc_engine_plugin_requirement(eng, 0, 2, &v));
	assert_null(fc_engine_plugin_requirement(eng, 1, 0, &v));
	assert_int_equal(fc_engine_item_count(NULL, FC_ITEM_RULE), 0);
	fc_diag_list_free(dl);
	fc_engine_free(eng);
}

static void test_public_diagnostics(void **state)
{
	const char *yaml = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n- what: 1\n";
	fc_engine *eng;
	fc_diag_list *dl;
	const fc_diag *d;
	char buf[512];

	(void)state;
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(fc_engine_load_buffer(eng, "b.yaml", yaml, strlen(yaml), dl), FC_ERULES);
	assert_int_equal(fc_diag_list_count_severity(dl, FC_SEV_ERROR), 1);
	assert_int_equal(fc_diag_list_count_severity(dl, FC_SEV_WARNING), 1);
	d = fc_diag_list_get(dl, 0);
	assert_int_equal(d->code, FC_D_MISSING_KEY);
	assert_string_equal(d->loc.file, "b.yaml");
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.column, 9);
	assert_string_equal(d->item_kind, "rule");
	assert_string_equal(d->item_name, "r");
	assert_true(fc_diag_format(dl, 0, FC_DIAG_FMT_FALCO_CODE, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "b.yaml:1:9: error[LOAD_ERR_YAML_VALIDATE]: rule 'r': item has no "
	                         "mapping for key 'condition'\n"
	                         "    1 | - rule: r\n"
	                         "      |         ^\n");
	assert_string_equal(fc_diag_falco_desc(d->code),
	                    "Error validating internal structure of YAML file");
	assert_int_equal(fc_diag_list_get(dl, 1)->code, FC_D_UNKNOWN_ITEM);
	assert_string_equal(fc_diag_falco_code(FC_D_UNKNOWN_ITEM), "LOAD_UNKNOWN_ITEM");
	assert_int_equal(fc_engine_item_count(eng, FC_ITEM_RULE), 0);
	fc_diag_list_free(dl);
	fc_engine_free(eng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_accessors),
	        cmocka_unit_test(test_public_diagnostics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
