/* SPDX-License-Identifier: Apache-2.0 */
/* Evaluation semantics over the test source: every operator on every type
 * it applies to, absent values, `not` over absent values, lists, CIDRs,
 * transformers, modifiers, field-to-field comparisons, the index, caching,
 * short-circuiting, enable/disable, priorities, hot reload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fake_source.h"

typedef struct sem_case {
	const char *cond;
	int expect;
} sem_case;

static const sem_case cases[] = {
        /* int64 */
        {"t.i = -5", 1},
        {"t.i == -5", 1},
        {"t.i != -5", 0},
        {"t.i < 0", 1},
        {"t.i <= -5", 1},
        {"t.i > -6", 1},
        {"t.i >= -4", 0},
        {"t.i in (1, -5)", 1},
        {"t.i in (1, 2)", 0},
        {"t.i intersects (-5)", 1},
        /* uint64 */
        {"t.u = 42", 1},
        {"t.u = 0x2a", 1},
        {"t.u > 41", 1},
        {"t.u < 42", 0},
        {"t.u in (1, 2)", 0},
        {"t.u in (42)", 1},
        /* double */
        {"t.d = 2.5", 1},
        {"t.d > 2", 1},
        {"t.d < 2.4", 0},
        {"t.d in (1.0, 2.5)", 1},
        /* bool */
        {"t.b = true", 1},
        {"t.b = false", 0},
        {"t.b != false", 1},
        {"t.b in (true)", 1},
        /* string */
        {"t.s = bash", 1},
        {"t.s == \"bash\"", 1},
        {"t.s = 'bash'", 1},
        {"t.s != bash", 0},
        {"t.s = Bash", 0},
        {"t.s contains as", 1},
        {"t.s contains AS", 0},
        {"t.s icontains AS", 1},
        {"t.s startswith ba", 1},
        {"t.s startswith sh", 0},
        {"t.s endswith sh", 1},
        {"t.s endswith ba", 0},
        {"t.s glob \"b*h\"", 1},
        {"t.s glob \"b?sh\"", 1},
        {"t.s glob \"[ab]ash\"", 1},
        {"t.s glob \"[!b]ash\"", 0},
        {"t.s glob \"B*\"", 0},
        {"t.s iglob \"B*\"", 1},
        {"t.s regex \"ba.h\"", 1},
        {"t.s regex \"ba\"", 0},
        {"t.s regex \"[a-z]+\"", 1},
        {"t.s in (zsh, bash)", 1},
        {"t.s in (zsh, \"ba sh\")", 0},
        {"t.s in ()", 0},
        {"t.s intersects (bash)", 1},
        /* numeric operators on strings compare text; the value must lex as a number */
        {"t.s > 5", 1},
        {"t.s < 5", 0},
        {"tolower(t.s) >= 5", 1},
        {"t.s bcontains 6173", 1},
        {"t.s bstartswith 6261", 1},
        /* paths and pmatch */
        {"t.p pmatch (/usr/bin)", 1},
        {"t.p pmatch (/usr/bi)", 0},
        {"t.p pmatch (/usr/bin/bash)", 1},
        {"t.p pmatch (/etc, /usr)", 1},
        {"t.p pmatch (/)", 1},
        {"t.p pmatch (/usr/bin/bash/x)", 0},
        {"t.p startswith /usr/", 1},
        {"t.p glob /usr/*", 1},
        {"t.p = /usr/bin/bash", 1},
        /* bytes */
        {"t.bytes bcontains babe", 1},
        {"t.bytes bcontains BABE", 1},
        {"t.bytes bcontains beef", 0},
        {"t.bytes bstartswith cafe", 1},
        {"t.bytes bstartswith babe", 0},
        {"t.bytes contains \"-x\"", 1},
        {"t.bytes endswith \"-x\"", 1},
        /* ip address */
        {"t.ip = 10.1.2.3", 1},
        {"t.ip != 10.1.2.3", 0},
        {"t.ip = 10.1.2.4", 0},
        {"t.ip = 10.0.0.0/8", 1},
        {"t.ip in (10.0.0.0/8, 192.168.0.0/16)", 1},
        {"t.ip in (172.16.0.0/12)", 0},
        {"t.ip in (10.1.2.3, 10.1.2.4)", 1},
        {"t.ip = ::1", 0},
        /* ip network field */
        {"t.net = 192.168.0.0/16", 1},
        {"t.net = 10.0.0.0/8", 0},
        {"t.net != 10.0.0.0/8", 1},
        {"t.net in (\"192.168.1.0/24\")", 1},
        {"t.net in (10.0.0.0/8)", 0},
        /* port, reltime, abstime */
        {"t.port = 443", 1},
        {"t.port in (80, 443)", 1},
        {"t.port > 1024", 0},
        {"t.rt = 1000", 1},
        {"t.ts > 1600000000000000000", 1},
        /* list fields (Falco: `in` = every element, `intersects` = any) */
        {"t.list in (a, b, c)", 1},
        {"t.list in (a)", 0},
        {"t.list intersects (b, z)", 1},
        {"t.list intersects (z)", 0},
        {"t.list exists", 1},
        {"t.list = a", 1},
        {"t.list != a", 0},
        {"t.list != z", 1},
        {"t.list startswith b", 1},
        {"t.ulist in (1, 2, 3)", 1},
        {"t.ulist in (1)", 0},
        {"t.ulist intersects (2)", 1},
        /* multi-valued extraction (ancestors): any element */
        {"t.anc = systemd", 1},
        {"t.anc = init", 0},
        {"t.anc[0] = sshd", 1},
        {"t.anc[1] = sshd", 0},
        {"t.anc[5] exists", 0},
        {"t.anc in (systemd, x)", 1},
        {"t.anc startswith ssh", 1},
        {"t.anc != sshd", 0}, /* `!=` on several values: no element is equal */
        {"t.anc != init", 1},
        /* argument fields */
        {"t.arg[x] = \"v:x\"", 1},
        {"t.arg['a b'] = \"v:a b\"", 1},
        {"t.arg.foo = \"v:foo\"", 1},
        {"t.arg[none] exists", 0},
        /* absent values: every predicate is false, `not` of it is true */
        {"t.absent = x", 0},
        {"t.absent != x", 0},
        {"not t.absent = x", 1},
        {"not t.absent != x", 1},
        {"t.absent exists", 0},
        {"not t.absent exists", 1},
        {"t.absent in (a)", 0},
        {"not t.absent in (a)", 1},
        {"t.absent contains x or t.u = 42", 1},
        {"t.absent != x and t.u = 42", 0},
        {"t.s exists", 1},
        /* transformers */
        {"tolower(t.s) = bash", 1},
        {"toupper(t.s) = BASH", 1},
        {"tolower(toupper(t.s)) = bash", 1},
        {"basename(t.p) = bash", 1},
        {"len(t.s) = 4", 1},
        {"len(t.list) = 2", 1},
        {"len(t.s) > 10", 0},
        {"concat(t.s, \"-\", t.s2) = bash-bash", 1},
        {"join(\",\", t.list) = \"a,b\"", 1},
        {"tolower(t.absent) = x", 0},
        {"t.s = tolower(t.s2)", 1},
        /* field-to-field */
        {"t.s = val(t.s2)", 1},
        {"t.s != val(t.s2)", 0},
        {"t.s contains val(t.s2)", 1},
        {"t.u > val(t.rt)", 0},
        {"t.u < val(t.rt)", 1},
        {"t.s = val(t.absent)", 0},
        /* modifiers */
        {"t.s = anyof (zsh, bash)", 1},
        {"t.s = anyof (zsh)", 0},
        {"t.s startswith anyof (ba, zz)", 1},
        {"t.s startswith allof (b, ba)", 1},
        {"t.s startswith allof (b, z)", 0},
        {"t.s contains oneof (a, s)", 0},
        {"t.s contains oneof (a, z)", 1},
        {"t.s != allof (zsh, sh)", 1},
        {"t.s != allof (bash)", 0},
        {"t.s regex anyof (\"b.*\", \"z\")", 1},
        {"t.s glob allof (\"b*\", \"*h\")", 1},
        {"t.absent != allof (x)", 0},
        /* logic */
        {"t.u = 42 and t.s = bash", 1},
        {"t.u = 1 or t.s = bash", 1},
        {"t.u = 1 or t.s = zsh", 0},
        {"not t.u = 42", 0},
        {"not not t.u = 42", 1},
        {"not(t.u = 42)", 0},
        {"(t.u = 1 or t.u = 42) and not t.s = zsh", 1},
        {"t.u = 1 or (t.s = bash and (t.i = 3 or t.i = -5))", 1},
        {"not (t.u = 1 or t.s = zsh)", 1},
        /* index field (event code of the default event: open) */
        {"t.type = open", 1},
        {"t.type = execve", 0},
        {"t.type in (open, close)", 1},
        {"t.type != open", 0},
        {"t.type != execve and t.u = 42", 1},
        {"not t.type in (execve)", 1},
};

static int eval_cond(const char *cond, const fct_event *e, uint32_t code, fct_source *ctx)
{
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_event event;
	int rc;

	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	rc = fct_build_cond(ctx, cond, dl, &rs);
	if (rc != FC_OK) {
		fprintf(stderr, "compile failed for: %s\n", cond);
		fct_print_diags(dl);
		fc_diag_list_free(dl);
		return -100;
	}
	fc_diag_list_free(dl);
	assert_int_equal(fc_eval_new(rs, NULL, &ev), FC_OK);
	event = fct_make_event(0, code, e);
	rc = fc_eval_run(ev, &event);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	return rc;
}

static void test_semantics(void **state)
{
	fct_source ctx = {0};
	fct_event e;
	size_t i, bad = 0;

	(void)state;
	fct_event_default(&e);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = eval_cond(cases[i].cond, &e, FCT_C_OPEN_X, &ctx);

		if (got != cases[i].expect) {
			fprintf(stderr, "FAIL: %s -> %d, expected %d\n", cases[i].cond, got,
			        cases[i].expect);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_b64(void **state)
{
	fct_source ctx = {0};
	fct_event e;

	(void)state;
	fct_event_default(&e);
	e.s2 = "YmFzaA=="; /* "bash" */
	assert_int_equal(eval_cond("b64(t.s2) = bash", &e, FCT_C_OPEN_X, &ctx), 1);
	assert_int_equal(eval_cond("t.s = b64(t.s2)", &e, FCT_C_OPEN_X, &ctx), 1);
	e.s2 = "!!";
	assert_int_equal(eval_cond("b64(t.s2) exists", &e, FCT_C_OPEN_X, &ctx), 0);
}

static void test_empty_list(void **state)
{
	fct_source ctx = {0};
	fct_event e;

	(void)state;
	fct_event_default(&e);
	e.n_list = 0;
	/* every element of the empty list is in the set; none intersects */
	assert_int_equal(eval_cond("t.list in (a)", &e, FCT_C_OPEN_X, &ctx), 1);
	assert_int_equal(eval_cond("t.list intersects (a)", &e, FCT_C_OPEN_X, &ctx), 0);
	e.present &= ~(1u << FCT_LIST);
	assert_int_equal(eval_cond("t.list in (a)", &e, FCT_C_OPEN_X, &ctx), 0);
	assert_int_equal(eval_cond("not t.list in (a)", &e, FCT_C_OPEN_X, &ctx), 1);
}

static void test_ipv6(void **state)
{
	fct_source ctx = {0};
	fct_event e;

	(void)state;
	fct_event_default(&e);
	e.ip = "2001:db8::1";
	assert_int_equal(eval_cond("t.ip = 2001:db8::1", &e, FCT_C_OPEN_X, &ctx), 1);
	assert_int_equal(eval_cond("t.ip in (\"2001:db8::/32\")", &e, FCT_C_OPEN_X, &ctx), 1);
	assert_int_equal(eval_cond("t.ip in (10.0.0.0/8)", &e, FCT_C_OPEN_X, &ctx), 0);
}

/* ---- caching, short-circuit, index ---- */

static const char *const multi_yaml =
        "- macro: m_u\n  condition: t.u = 42\n"
        "- list: shells\n  items: [bash, zsh]\n"
        "- rule: r1\n  desc: d\n  condition: t.type = open and m_u and t.s in (shells)\n"
        "  output: o1 %t.s\n  priority: ERROR\n  source: test\n  tags: [a, b]\n"
        "- rule: r2\n  desc: d\n  condition: t.type = open and m_u and t.s = bash\n"
        "  output: o2\n  priority: WARNING\n  source: test\n  tags: [b]\n"
        "- rule: r3\n  desc: d\n  condition: t.type in (open, execve) and not m_u\n"
        "  output: o3\n  priority: NOTICE\n  source: test\n"
        "- rule: r4\n  desc: d\n  condition: t.type = execve and t.s = bash\n"
        "  output: o4\n  priority: DEBUG\n  source: test\n";

typedef struct hits {
	char names[8][16];
	int n;
	int stop_after;
} hits;

static int on_match(const fc_match *m, void *user)
{
	hits *h = user;

	if (h->n < 8)
		snprintf(h->names[h->n], sizeof(h->names[0]), "%s", fc_rule_name(fc_match_rule(m)));
	h->n++;
	return h->stop_after && h->n >= h->stop_after ? FC_CB_STOP : FC_CB_CONTINUE;
}

static fc_ruleset *build_multi(fct_source *ctx)
{
	fc_ruleset *rs = NULL;
	fc_diag_list *dl = NULL;

	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	if (fct_build(ctx, multi_yaml, dl, &rs) != FC_OK)
		fct_print_diags(dl);
	assert_non_null(rs);
	fc_diag_list_free(dl);
	return rs;
}

static void test_cache_once_per_event(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx);
	fc_eval *ev = NULL;
	hits h = {0};
	fc_eval_opts o = {.sz = sizeof(o),
	                  .on_match = on_match,
	                  .user = &h,
	                  .rule_matching = FC_RULE_MATCHING_ALL};
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	fct_reset_calls(&ctx);
	assert_int_equal(fc_eval_run(ev, &event), 2);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.names[0], "r1");
	assert_string_equal(h.names[1], "r2");
	/* t.u is used by a macro in 3 rules, t.s by 2 rules: one call each */
	assert_int_equal(ctx.calls[FCT_U], 1);
	assert_int_equal(ctx.calls[FCT_S], 1);
	/* t.type is never extracted: index tests run on the event code */
	assert_int_equal(ctx.calls[FCT_TYPE], 0);
	/* next event: extracted again, once */
	fct_reset_calls(&ctx);
	h.n = 0;
	assert_int_equal(fc_eval_run(ev, &event), 2);
	assert_int_equal(ctx.calls[FCT_U], 1);
	assert_int_equal(ctx.calls[FCT_S], 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static void test_short_circuit(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	assert_int_equal(fct_build_cond(&ctx, "t.u = 1 and t.s = bash", NULL, &rs), FC_OK);
	assert_int_equal(fc_eval_new(rs, NULL, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	fct_reset_calls(&ctx);
	assert_int_equal(fc_eval_run(ev, &event), 0);
	assert_int_equal(ctx.calls[FCT_U], 1);
	assert_int_equal(ctx.calls[FCT_S], 0);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	assert_int_equal(fct_build_cond(&ctx, "t.u = 42 or t.s = bash", NULL, &rs), FC_OK);
	assert_int_equal(fc_eval_new(rs, NULL, &ev), FC_OK);
	fct_reset_calls(&ctx);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	assert_int_equal(ctx.calls[FCT_S], 0);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static void test_index_selection(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx);
	fc_eval *ev = NULL;
	hits h = {0};
	fc_eval_opts o = {.sz = sizeof(o),
	                  .on_match = on_match,
	                  .user = &h,
	                  .rule_matching = FC_RULE_MATCHING_ALL};
	fct_event e;
	fc_event event;
	fc_eval_stats st;
	uint8_t bitmap[2] = {0, 0};
	uint32_t id;

	(void)state;
	fct_event_default(&e);
	assert_int_equal(fc_ruleset_source_id(rs, "test", &id), FC_OK);
	assert_int_equal(id, 0);
	assert_int_equal(fc_ruleset_interest(rs, 0, bitmap, FCT_N_CODES), FC_OK);
	/* open (1,2) and execve (3,4) */
	assert_int_equal(bitmap[0], 0x1e);
	assert_int_equal(bitmap[1], 0);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	/* execve: only r3 and r4 are candidates */
	event = fct_make_event(0, FCT_C_EXECVE_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	assert_string_equal(h.names[0], "r4");
	fc_eval_get_stats(ev, &st);
	assert_int_equal(st.rules_run, 2);
	/* close: no candidate rule at all, nothing extracted */
	fct_reset_calls(&ctx);
	event = fct_make_event(0, FCT_C_CLOSE_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 0);
	assert_int_equal(fct_total_calls(&ctx), 0);
	fc_eval_get_stats(ev, &st);
	assert_int_equal(st.events, 2);
	assert_int_equal(st.events_no_rule, 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static void test_first_match_and_stop(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx);
	fc_eval *ev = NULL;
	hits h = {0};
	fc_eval_opts o = {.sz = sizeof(o), .on_match = on_match, .user = &h};
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	assert_string_equal(h.names[0], "r1");
	fc_eval_free(ev);
	h.n = 0;
	h.stop_after = 1;
	o.rule_matching = FC_RULE_MATCHING_ALL;
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static void test_enable_disable(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx), *rs2;
	fc_eval *ev = NULL, *ev2 = NULL;
	hits h = {0};
	fc_eval_opts o = {.sz = sizeof(o),
	                  .on_match = on_match,
	                  .user = &h,
	                  .rule_matching = FC_RULE_MATCHING_ALL};
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	assert_int_equal(fc_eval_new(rs, &o, &ev2), FC_OK);
	assert_int_equal(fc_eval_enable_rules(ev, "r*", false), 4);
	assert_int_equal(fc_eval_enable_rules(ev, "r2", true), 1);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	assert_string_equal(h.names[0], "r2");
	/* the other evaluator is not affected */
	h.n = 0;
	assert_int_equal(fc_eval_run(ev2, &event), 2);
	/* tags */
	assert_int_equal(fc_eval_enable_tag(ev2, "a", false), 1);
	h.n = 0;
	assert_int_equal(fc_eval_run(ev2, &event), 1);
	assert_string_equal(h.names[0], "r2");
	/* hot reload keeps the enable settings */
	rs2 = build_multi(&ctx);
	assert_int_equal(fc_eval_set_ruleset(ev2, rs2), FC_OK);
	fc_ruleset_unref(rs2);
	h.n = 0;
	assert_int_equal(fc_eval_run(ev2, &event), 1);
	assert_string_equal(h.names[0], "r2");
	fc_eval_free(ev);
	fc_eval_free(ev2);
	fc_ruleset_unref(rs);
}

static void test_min_priority(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx);
	fc_eval *ev = NULL;
	hits h = {0};
	fc_eval_opts o = {.sz = sizeof(o),
	                  .on_match = on_match,
	                  .user = &h,
	                  .rule_matching = FC_RULE_MATCHING_ALL,
	                  .min_priority = FC_PRIO_ERROR};
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	assert_int_equal(fc_eval_run(ev, &event), 1); /* r2 (Warning) is filtered out */
	assert_string_equal(h.names[0], "r1");
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static int nested_cb(const fc_match *m, void *user)
{
	fc_eval *ev = *(fc_eval **)user;

	assert_int_equal(fc_eval_run(ev, fc_match_event(m)), FC_ESTATE);
	assert_int_equal(fc_eval_set_ruleset(ev, NULL), FC_EINVAL);
	return FC_CB_CONTINUE;
}

static void test_nested_run(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_eval_opts o = {.sz = sizeof(o), .on_match = nested_cb, .user = &ev};
	fct_event e;
	fc_event event;

	(void)state;
	fct_event_default(&e);
	assert_int_equal(fct_build_cond(&ctx, "t.u = 42", NULL, &rs), FC_OK);
	assert_int_equal(fc_eval_new(rs, &o, &ev), FC_OK);
	event = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_run(ev, &event), 1);
	event.source = 9;
	assert_int_equal(fc_eval_run(ev, &event), FC_EINVAL);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
}

static void test_ruleset_accessors(void **state)
{
	fct_source ctx = {0};
	fc_ruleset *rs = build_multi(&ctx);
	const fc_rule *r;

	(void)state;
	assert_int_equal(fc_ruleset_rule_count(rs), 4);
	r = fc_ruleset_find_rule(rs, "r2");
	assert_non_null(r);
	assert_int_equal(fc_rule_index(r), 1);
	assert_ptr_equal(fc_ruleset_rule(rs, 1), r);
	assert_null(fc_ruleset_rule(rs, 4));
	assert_string_equal(fc_rule_source(r), "test");
	assert_string_equal(fc_rule_output(r), "o2");
	assert_int_equal(fc_rule_priority(r), FC_PRIO_WARNING);
	assert_true(fc_rule_enabled(r));
	assert_int_equal(fc_rule_tag_count(fc_ruleset_rule(rs, 0)), 2);
	assert_string_equal(fc_rule_tag(fc_ruleset_rule(rs, 0), 1), "b");
	assert_null(fc_ruleset_find_rule(rs, "nope"));
	assert_ptr_equal(fc_ruleset_ref(rs), rs);
	fc_ruleset_unref(rs);
	fc_ruleset_unref(rs);
	fc_ruleset_unref(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_semantics),
	        cmocka_unit_test(test_b64),
	        cmocka_unit_test(test_empty_list),
	        cmocka_unit_test(test_ipv6),
	        cmocka_unit_test(test_cache_once_per_event),
	        cmocka_unit_test(test_short_circuit),
	        cmocka_unit_test(test_index_selection),
	        cmocka_unit_test(test_first_match_and_stop),
	        cmocka_unit_test(test_enable_disable),
	        cmocka_unit_test(test_min_priority),
	        cmocka_unit_test(test_nested_run),
	        cmocka_unit_test(test_ruleset_accessors),
	};

	return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
