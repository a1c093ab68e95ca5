/* SPDX-License-Identifier: Apache-2.0 */
/* Output templates: %field, %field[arg], %(field), transformers, widths,
 * <NA> for absent values, output_fields, errors, fc_value_format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fake_source.h"

typedef struct capture {
	char text[512];
	char fields[8][64];
	char values[8][64];
	int present[8];
	size_t n_fields;
} capture;

static int cb(const fc_match *m, void *user)
{
	capture *c = user;
	size_t i;

	assert_true(fc_match_format_output(m, c->text, sizeof(c->text)) >= 0);
	c->n_fields = fc_match_field_count(m);
	for (i = 0; i < c->n_fields && i < 8; i++) {
		const char *name;
		fc_value v;
		int rc = fc_match_field(m, i, &name, &v);

		snprintf(c->fields[i], sizeof(c->fields[i]), "%s", name);
		c->present[i] = rc == FC_OK;
		if (rc == FC_OK)
			fc_value_format(&v, c->values[i], sizeof(c->values[i]));
	}
	assert_int_equal(fc_match_field(m, c->n_fields, NULL, NULL), FC_EINVAL);
	return FC_CB_CONTINUE;
}

static int render(const char *output, capture *c, fc_diag_list *dl)
{
	char yaml[1024];
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_eval_opts o = {.sz = sizeof(o), .on_match = cb, .user = c};
	fct_event e;
	fc_event event;
	int rc;

	snprintf(yaml, sizeof(yaml),
	         "- rule: r\n  desc: d\n  condition: t.type = open\n  output: >-\n    %s\n"
	         "  priority: INFO\n  source: test\n",
	         output);
	rc = fct_build(&ctx, yaml, dl, &rs);
	if (rc != FC_OK)
		return rc;
	memset(c, 0, sizeof(*c));
	fct_event_default(&e);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	return FC_OK;
}

static void test_render(void **state)
{
	capture c;

	(void)state;
	assert_int_equal(render("shell %t.s (%t.u) ip=%t.ip net=%t.net x=%t.absent,", &c, NULL),
	                 FC_OK);
	assert_string_equal(c.text, "shell bash (42) ip=10.1.2.3 net=192.168.1.7 x=<NA>,");
	assert_int_equal(c.n_fields, 5);
	assert_string_equal(c.fields[0], "t.s");
	assert_string_equal(c.values[0], "bash");
	assert_string_equal(c.fields[4], "t.absent");
	assert_int_equal(c.present[4], 0);
	assert_int_equal(
	        render("%t.arg[k] %t.arg.foo %t.anc[1] %(t.s)x %t.list %t.b %t.d %t.i", &c, NULL),
	        FC_OK);
	assert_string_equal(c.text, "v:k v:foo systemd bashx (a,b) true 2.5 -5");
	assert_int_equal(c.n_fields, 8);
	assert_string_equal(c.fields[1], "t.arg.foo");
	/* transformers render but are not output fields; duplicates counted once */
	assert_int_equal(render("%toupper(t.s) %t.s %t.s %basename(t.p)", &c, NULL), FC_OK);
	assert_string_equal(c.text, "BASH bash bash bash");
	assert_int_equal(c.n_fields, 1);
	/* width */
	assert_int_equal(render("[%6t.s][%2t.s]", &c, NULL), FC_OK);
	assert_string_equal(c.text, "[bash  ][ba]");
	/* deprecated %container.info renders nothing */
	assert_int_equal(render("a%container.info b", &c, NULL), FC_OK);
	assert_string_equal(c.text, "a b");
}

static void test_errors(void **state)
{
	fc_diag_list *dl = NULL;
	capture c;
	const fc_diag *d;

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(render("x %t.nosuch y", &c, dl), FC_ERULES);
	d = fc_diag_list_get(dl, 0);
	assert_int_equal(d->code, FC_D_UNKNOWN_OUTPUT_FIELD);
	assert_int_equal(d->loc.line, 5);
	assert_int_equal(d->loc.column, 8);
	fc_diag_list_clear(dl);
	assert_int_equal(render("ends with %", &c, dl), FC_ERULES);
	assert_int_equal(fc_diag_list_get(dl, 0)->code, FC_D_BAD_OUTPUT);
	fc_diag_list_clear(dl);
	assert_int_equal(render("bad %% here", &c, dl), FC_ERULES);
	assert_int_equal(fc_diag_list_get(dl, 0)->code, FC_D_BAD_OUTPUT);
	fc_diag_list_free(dl);
}

static void test_value_format(void **state)
{
	fc_value v = {.type = FC_TYPE_UINT64, .u.u64 = 7};
	fc_value items[2] = {{.type = FC_TYPE_STRING, .u.str = {"a", 1}},
	                     {.type = FC_TYPE_STRING, .u.str = {"b", 1}}};
	char buf[64];

	(void)state;
	assert_int_equal(fc_value_format(&v, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "7");
	assert_int_equal(fc_value_format(&v, NULL, 0), 1);
	v.type = FC_TYPE_IPNET;
	v.u.ip = (fc_ip){.family = 4, .prefix = 8, .addr = {10}};
	assert_true(fc_value_format(&v, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "10.0.0.0/8");
	v.type = FC_TYPE_IPADDR;
	v.u.ip = (fc_ip){.family = 6, .addr = {[15] = 1}};
	fc_value_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "::1");
	v = (fc_value){.type = FC_TYPE_STRING, .is_list = true, .u.list = {items, 2}};
	fc_value_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "(a,b)");
	v = (fc_value){.type = FC_TYPE_BYTES, .u.str = {"a\x01z", 3}};
	fc_value_format(&v, buf, 3);
	assert_string_equal(buf, "a.");
	assert_string_equal(fc_type_name(FC_TYPE_STRING), "CHARBUF");
	assert_string_equal(fc_type_name(FC_TYPE_IPNET), "IPNET");
	assert_int_equal(fc_value_format(NULL, buf, 1), FC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_render),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_value_format),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
