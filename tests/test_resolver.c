/* SPDX-License-Identifier: Apache-2.0 */
/* Resolution diagnostics: unknown fields (with "did you mean"), operators
 * against types, bad constants, bad regexes (column inside the pattern),
 * macros (undefined, visibility, errors inside macros with the rule's use
 * site as origin), lists expanded as values, unknown sources,
 * skip-if-unknown-filter, unused macro/list warnings, event types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fake_source.h"

static fc_diag_list *dl;

static int setup(void **state)
{
	(void)state;
	return fc_diag_list_new(&dl);
}

static int teardown(void **state)
{
	(void)state;
	fc_diag_list_free(dl);
	dl = NULL;
	return 0;
}

/* First diagnostic with `code`, or NULL. */
static const fc_diag *find(fc_diag_code code)
{
	size_t i;

	for (i = 0; i < fc_diag_list_count(dl); i++)
		if (fc_diag_list_get(dl, i)->code == code)
			return fc_diag_list_get(dl, i);
	return NULL;
}

static size_t count_code(fc_diag_code code)
{
	size_t i, n = 0;

	for (i = 0; i < fc_diag_list_count(dl); i++)
		n += fc_diag_list_get(dl, i)->code == code;
	return n;
}

static int build(const char *yaml)
{
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	int rc;

	fc_diag_list_clear(dl);
	rc = fct_build(&ctx, yaml, dl, &rs);
	fc_ruleset_unref(rs);
	return rc;
}

#define RULE(name, cond)                                                                           \
	"- rule: " name "\n  desc: d\n  condition: " cond "\n  output: o\n  priority: INFO\n"      \
	"  source: test\n"

static void test_unknown_field(void **state)
{
	const fc_diag *d;
	size_t i;

	(void)state;
	/* condition on line 3, column 14 */
	assert_int_equal(build(RULE("r", "t.u = 1 and t.prot = x")), FC_ERULES);
	d = find(FC_D_UNKNOWN_FIELD);
	assert_non_null(d);
	assert_int_equal(d->severity, FC_SEV_ERROR);
	assert_int_equal(d->loc.line, 3);
	assert_int_equal(d->loc.column, 26);
	assert_int_equal(d->loc.length, 6);
	assert_string_equal(d->item_name, "r");
	assert_string_equal(d->item_kind, "rule");
	assert_non_null(strstr(d->message, "t.prot"));
	for (i = 0; i < fc_diag_list_count(dl); i++) {
		d = fc_diag_list_get(dl, i);
		if (d->severity == FC_SEV_NOTE)
			break;
	}
	assert_true(i < fc_diag_list_count(dl));
	assert_string_equal(d->message, "did you mean 't.port'?");
}

static void test_bad_operator(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.u contains 4")), FC_ERULES);
	d = find(FC_D_BAD_OPERATOR);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 18);
	assert_int_equal(build(RULE("r", "t.ulist contains 1")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
	assert_int_equal(build(RULE("r", "t.ip contains 1")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
	assert_int_equal(build(RULE("r", "t.b < 1")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
	assert_int_equal(build(RULE("r", "t.s regex val(t.s2)")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
	assert_int_equal(build(RULE("r", "t.u = val(t.s)")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
	assert_int_equal(build(RULE("r", "t.u startswith oneof (1)")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_OPERATOR));
}

static void test_bad_value(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.u = abc")), FC_ERULES);
	d = find(FC_D_BAD_VALUE);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 20);
	assert_int_equal(d->loc.length, 3);
	assert_int_equal(build(RULE("r", "t.port = 70000")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_VALUE));
	assert_int_equal(build(RULE("r", "t.ip = 10.0.0.300")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_VALUE));
	assert_int_equal(build(RULE("r", "t.ip in (10.0.0.0/33)")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_VALUE));
	assert_int_equal(build(RULE("r", "t.b = maybe")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_VALUE));
	assert_int_equal(build(RULE("r", "t.bytes bcontains xyz1")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_VALUE));
	assert_int_equal(build(RULE("r", "t.i in (1, x, 3)")), FC_ERULES);
	d = find(FC_D_BAD_VALUE);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 25);
}

static void test_bad_regex(void **state)
{
	const fc_diag *d;

	(void)state;
	/* condition starts at column 14: `t.s regex "ab(c"`; pattern at 24 */
	assert_int_equal(build(RULE("r", "t.s regex 'ab(c'")), FC_ERULES);
	d = find(FC_D_BAD_REGEX);
	assert_non_null(d);
	assert_int_equal(d->loc.line, 3);
	assert_int_equal(d->loc.column, 25 + 4); /* PCRE2 reports the end of the pattern */
}

static void test_bad_field_arg(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.arg exists")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_FIELD_ARG));
	assert_int_equal(build(RULE("r", "t.u[1] = 2")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_FIELD_ARG));
	assert_int_equal(build(RULE("r", "t.anc[x] = 2")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_FIELD_ARG));
	/* the source's resolve callback rejects it, with its message */
	assert_int_equal(build(RULE("r", "t.arg[bad] = 2")), FC_ERULES);
	d = find(FC_D_BAD_FIELD_ARG);
	assert_non_null(d);
	assert_non_null(strstr(d->message, "not accepted"));
	assert_int_equal(d->loc.column, 20);
}

static void test_syntax_error(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.u = 1 and")), FC_ERULES);
	assert_non_null(find(FC_D_SYNTAX));
	assert_int_equal(build(RULE("r", "t.u = 1 t.s = x")), FC_ERULES);
	d = find(FC_D_SYNTAX);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 22);
	assert_int_equal(build(RULE("r", "t.s = 'abc")), FC_ERULES);
	assert_non_null(find(FC_D_BAD_STRING));
	assert_int_equal(build(RULE("r", "t.s = 'a\\qb'")), FC_ERULES);
	d = find(FC_D_BAD_STRING);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 22);
}

static void test_undefined_macro(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.u = 1 and nosuch")), FC_ERULES);
	d = find(FC_D_UNDEFINED_MACRO);
	assert_non_null(d);
	assert_int_equal(d->loc.column, 26);
	assert_int_equal(d->loc.length, 6);
}

static void test_macro_visibility(void **state)
{
	const fc_diag *d;

	(void)state;
	/* a macro may use only macros defined before it; a rule any */
	assert_int_equal(build("- macro: a\n  condition: b\n"
	                       "- macro: b\n  condition: t.u = 1\n" RULE("r", "a")),
	                 FC_ERULES);
	d = find(FC_D_UNDEFINED_MACRO);
	assert_non_null(d);
	assert_string_equal(d->item_kind, "macro");
	assert_string_equal(d->item_name, "a");
	assert_int_equal(build("- macro: b\n  condition: t.u = 1\n"
	                       "- macro: a\n  condition: b\n" RULE("r", "a")),
	                 FC_OK);
}

static void test_error_in_macro_has_origin(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build("- macro: m\n  condition: t.zz = 1\n" RULE("r", "t.u = 1 and m")),
	                 FC_ERULES);
	d = find(FC_D_UNKNOWN_FIELD);
	assert_non_null(d);
	assert_string_equal(d->item_kind, "macro");
	assert_string_equal(d->item_name, "m");
	assert_int_equal(d->loc.line, 2);
	assert_int_equal(d->loc.column, 14);
	assert_int_equal(d->origin.line, 5);
	assert_int_equal(d->origin.column, 26);
}

static void test_lists(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fct_event e;
	fc_event event;

	(void)state;
	fc_diag_list_clear(dl);
	/* list names expand inside literals, mixed with values; `in name` too */
	assert_int_equal(fct_build(&ctx,
	                           "- list: l1\n  items: [zsh, \"ba sh\"]\n"
	                           "- list: l2\n  items: [bash]\n" RULE(
	                                   "r", "t.s in (l1, x, l2) and t.s in l2 and t.s = l2"),
	                           dl, &rs),
	                 FC_OK);
	assert_int_equal(count_code(FC_D_UNUSED_LIST), 0);
	fct_event_default(&e);
	assert_int_equal(fc_eval_new(rs, NULL, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	/* a quoted list name is a plain string */
	assert_int_equal(build("- list: l2\n  items: [bash]\n" RULE("r", "t.s = 'l2'")), FC_OK);
	assert_int_equal(count_code(FC_D_UNUSED_LIST), 1);
}

static void test_unused_warnings(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build("- macro: used_by_unused\n  condition: t.u = 1\n"
	                       "- macro: unused\n  condition: used_by_unused\n"
	                       "- list: nolist\n  items: [a]\n" RULE("r", "t.u = 1")),
	                 FC_OK);
	assert_int_equal(count_code(FC_D_UNUSED_MACRO), 1);
	d = find(FC_D_UNUSED_MACRO);
	assert_string_equal(d->item_name, "unused");
	assert_int_equal(d->severity, FC_SEV_WARNING);
	assert_int_equal(count_code(FC_D_UNUSED_LIST), 1);
}

static void test_unknown_source(void **state)
{
	(void)state;
	assert_int_equal(build("- rule: r\n  desc: d\n  condition: x.y = 1\n  output: o\n"
	                       "  priority: INFO\n  source: nosuch\n" RULE("r2", "t.u = 1")),
	                 FC_OK);
	assert_non_null(find(FC_D_UNKNOWN_SOURCE));
	assert_int_equal(find(FC_D_UNKNOWN_SOURCE)->severity, FC_SEV_WARNING);
}

static void test_skip_if_unknown_filter(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;

	(void)state;
	fc_diag_list_clear(dl);
	assert_int_equal(fct_build(&ctx,
	                           "- rule: r\n  desc: d\n  condition: t.nosuch = 1\n  output: o\n"
	                           "  priority: INFO\n  source: test\n"
	                           "  skip-if-unknown-filter: true\n" RULE("r2", "t.u = 1"),
	                           dl, &rs),
	                 FC_OK);
	assert_non_null(find(FC_D_UNKNOWN_FILTER));
	assert_null(find(FC_D_UNKNOWN_FIELD));
	assert_int_equal(fc_ruleset_rule_count(rs), 1);
	assert_string_equal(fc_rule_name(fc_ruleset_rule(rs, 0)), "r2");
	fc_ruleset_unref(rs);
	/* other errors are still errors */
	assert_int_equal(build("- rule: r\n  desc: d\n  condition: t.u = x\n  output: o\n"
	                       "  priority: INFO\n  source: test\n"
	                       "  skip-if-unknown-filter: true\n"),
	                 FC_ERULES);
}

static void test_event_types(void **state)
{
	const fc_diag *d;

	(void)state;
	assert_int_equal(build(RULE("r", "t.type = nosuch")), FC_ERULES);
	assert_non_null(find(FC_D_UNKNOWN_EVTTYPE));
	/* no restriction: Falco warns only above 100 event codes, which the test
	 * source does not have (the syscall case is checked by cli-validate) */
	assert_int_equal(build(RULE("r", "t.u = 1")), FC_OK);
	d = find(FC_D_NO_EVTTYPE);
	assert_null(d);
	assert_int_equal(build(RULE("r", "t.type = open and t.u = 1")), FC_OK);
	assert_null(find(FC_D_NO_EVTTYPE));
	assert_int_equal(build(RULE("r", "not t.type = open")), FC_OK);
	assert_null(find(FC_D_NO_EVTTYPE));
	assert_int_equal(build(RULE("r", "t.type = open or t.u = 1")), FC_OK);
	assert_null(find(FC_D_NO_EVTTYPE));
	assert_int_equal(build("- rule: r\n  desc: d\n  condition: t.u = 1\n  output: o\n"
	                       "  priority: INFO\n  source: test\n  warn_evttypes: false\n"),
	                 FC_OK);
	assert_null(find(FC_D_NO_EVTTYPE));
}

static void test_evtcode_sets(void **state)
{
	static const struct {
		const char *cond;
		uint8_t bits; /* codes 0..7 */
	} cases[] = {
	        {"t.type = open", 0x06},
	        {"t.type in (open, execve)", 0x1e},
	        {"t.type != open", 0xf9},
	        {"not t.type = open", 0xf9},
	        {"t.type = open and t.type = execve", 0x00},
	        {"t.type = open or t.type = execve", 0x1e},
	        {"not (t.type = open or t.u = 1)", 0xf9},
	        {"not (t.type = open and t.u = 1)", 0xff},
	        {"not (t.type != open or t.type = execve)", 0x06},
	        {"t.u = 1 and (t.type = close or t.type = connect)", 0xe0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fct_source ctx = {0};
		fc_ruleset *rs = NULL;
		uint8_t bm[2] = {0, 0};

		assert_int_equal(fct_build_cond(&ctx, cases[i].cond, NULL, &rs), FC_OK);
		assert_int_equal(fc_ruleset_interest(rs, 0, bm, FCT_N_CODES), FC_OK);
		if (bm[0] != cases[i].bits)
			fprintf(stderr, "%s: %#x expected %#x\n", cases[i].cond, bm[0],
			        cases[i].bits);
		assert_int_equal(bm[0], cases[i].bits);
		fc_ruleset_unref(rs);
	}
}

static void test_deprecated_field(void **state)
{
	(void)state;
	assert_int_equal(build(RULE("r", "t.type = open and t.dep = 1")), FC_OK);
	assert_non_null(find(FC_D_DEPRECATED));
}

static void test_macro_loop_free(void **state)
{
	(void)state;
	/* self reference is invisible (order), so it is an undefined macro */
	assert_int_equal(build("- macro: a\n  condition: a\n" RULE("r", "a")), FC_ERULES);
	assert_non_null(find(FC_D_UNDEFINED_MACRO));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_unknown_field, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_operator, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_value, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_regex, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_field_arg, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_syntax_error, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_undefined_macro, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_macro_visibility, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_error_in_macro_has_origin, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_unused_warnings, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_unknown_source, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_skip_if_unknown_filter, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_event_types, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_evtcode_sets, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_deprecated_field, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_macro_loop_free, setup, teardown),
	};

	return cmocka_run_group_tests_name("resolver", tests, NULL, NULL);
}
