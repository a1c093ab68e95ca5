/* SPDX-License-Identifier: Apache-2.0 */
/* Public-API tests of the lifecycle basics: versions, engine, sources, diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <falcocore/falcocore.h>

static void test_versions(void **state)
{
	(void)state;
	assert_string_equal(fc_version(), FC_VERSION_STRING);
	assert_string_equal(fc_engine_version(), FC_ENGINE_VERSION_STRING);
}

static int dummy_extract(void *ctx, const fc_event *ev, const fc_field_ref *ref, fc_scratch *s,
                         fc_value *out)
{
	(void)ctx;
	(void)ev;
	(void)ref;
	(void)s;
	(void)out;
	return FC_ENOENT;
}

static void test_engine_sources(void **state)
{
	static const fc_field_def fields[] = {{"t.a", FC_TYPE_INT64, 0, "a"}};
	fc_source_ops ops = {.sz = sizeof(ops),
	                     .name = "test",
	                     .fields = fields,
	                     .n_fields = 1,
	                     .extract = dummy_extract};
	fc_engine *eng = NULL;
	uint32_t id = 99;

	(void)state;
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_non_null(eng);
	assert_int_equal(fc_engine_add_source(eng, &ops, &id), FC_OK);
	assert_int_equal(id, 0);
	assert_int_equal(fc_engine_add_source(eng, &ops, &id), FC_EEXIST);
	ops.extract = NULL;
	ops.name = "other";
	assert_int_equal(fc_engine_add_source(eng, &ops, &id), FC_EINVAL);
	assert_string_equal(fc_engine_required_version(eng), "0.0.0");
	fc_engine_free(eng);
	fc_engine_free(NULL);
}

static void test_engine_opts_tail(void **state)
{
	struct {
		fc_engine_opts o;
		uint64_t extra;
	} big;
	fc_engine *eng = (fc_engine *)1;

	(void)state;
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1; /* unknown non-zero tail is rejected */
	assert_int_equal(fc_engine_new(&big.o, &eng), FC_EINVAL);
	assert_null(eng);
	big.extra = 0;
	assert_int_equal(fc_engine_new(&big.o, &eng), FC_OK);
	fc_engine_free(eng);
}

static void test_missing_file(void **state)
{
	fc_engine *eng;
	fc_diag_list *dl;
	const fc_diag *d;

	(void)state;
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(fc_engine_load_file(eng, "/nonexistent/rules.yaml", dl), FC_ENOENT);
	assert_int_equal(fc_diag_list_count(dl), 1);
	d = fc_diag_list_get(dl, 0);
	assert_int_equal(d->severity, FC_SEV_ERROR);
	assert_int_equal(d->code, FC_D_FILE_READ);
	assert_non_null(strstr(d->message, "/nonexistent/rules.yaml"));
	fc_diag_list_free(dl);
	fc_engine_free(eng);
}

static void test_priorities(void **state)
{
	fc_priority p;

	(void)state;
	assert_int_equal(fc_priority_parse("WARNING", &p), FC_OK);
	assert_int_equal(p, FC_PRIO_WARNING);
	assert_int_equal(fc_priority_parse("info", &p), FC_OK);
	assert_int_equal(p, FC_PRIO_INFORMATIONAL);
	assert_string_equal(fc_priority_name(p), "Informational");
	assert_int_equal(fc_priority_parse("loud", &p), FC_EINVAL);
}

static void test_capability_names(void **state)
{
	(void)state;
	assert_string_equal(fc_syscall_capability_name(0), "CAP_CHOWN");
	assert_string_equal(fc_syscall_capability_name(21), "CAP_SYS_ADMIN");
	assert_string_equal(fc_syscall_capability_name(39), "CAP_BPF");
	assert_null(fc_syscall_capability_name(64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_versions),         cmocka_unit_test(test_engine_sources),
	        cmocka_unit_test(test_engine_opts_tail), cmocka_unit_test(test_missing_file),
	        cmocka_unit_test(test_priorities),       cmocka_unit_test(test_capability_names),
	};

	return cmocka_run_group_tests_name("api_basic", tests, NULL, NULL);
}
