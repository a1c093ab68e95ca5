/* SPDX-License-Identifier: Apache-2.0 */
/* Micro-benchmark of condition evaluation: for a few representative
 * conditions over the test source, ns per evaluated rule (index selection,
 * VM, field cache, macros). Prints one line per condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/fake_source.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct bcase {
	const char *name;
	const char *cond;
} bcase;

static const bcase cases[] = {
        {"eq-and", "t.type = open and t.u = 42 and t.s = bash"},
        {"miss-first", "t.type = open and t.u = 1 and t.s = bash"},
        {"in-50", "t.type = open and t.s in (a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, "
                  "b2, b3, b4, b5, b6, b7, b8, b9, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, d0, "
                  "d1, d2, d3, d4, d5, d6, d7, d8, d9, e0, e1, e2, e3, e4, e5, e6, e7, e8, "
                  "bash)"},
        {"pmatch", "t.type = open and t.p pmatch (/etc, /usr/lib, /usr/bin, /var/run)"},
        {"startswith-or", "t.type = open and (t.p startswith /etc or t.p startswith /root or "
                          "t.p startswith /usr/bin)"},
        {"glob", "t.type = open and t.p glob '/usr/*/ba?h'"},
        {"regex", "t.type = open and t.s regex 'ba[a-z]+'"},
        {"not-absent", "t.type = open and not t.absent exists and not t.absent = x"},
        {"cidr", "t.type = open and t.ip in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"},
        {"tolower", "t.type = open and tolower(t.s) = bash"},
        {"macros", "MACROS"},
};

static const char *const macro_rules =
        "- macro: m_open\n  condition: t.type = open\n"
        "- macro: m_shell\n  condition: t.s in (bash, sh, zsh)\n"
        "- macro: m_bin\n  condition: t.p startswith /usr/bin\n"
        "- rule: r\n  desc: d\n  condition: m_open and m_shell and m_bin and not t.absent "
        "exists\n  output: o\n  priority: INFO\n  source: test\n"
        "- rule: r2\n  desc: d\n  condition: m_open and m_shell and m_bin and t.u = 42\n"
        "  output: o\n  priority: INFO\n  source: test\n"
        "- rule: r3\n  desc: d\n  condition: m_open and m_shell and not m_bin\n"
        "  output: o\n  priority: INFO\n  source: test\n";

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 2000000;
	size_t i;

	printf("%-14s %10s %12s %8s\n", "condition", "ns/rule", "rules/event", "matches");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fct_source ctx = {0};
		fc_ruleset *rs = NULL;
		fc_eval *ev = NULL;
		fc_eval_opts o = {.sz = sizeof(o), .rule_matching = FC_RULE_MATCHING_ALL};
		fct_event e;
		fc_event event;
		fc_eval_stats st;
		double t0, t1;
		long n;
		int rc, m = 0;

		if (strcmp(cases[i].cond, "MACROS") == 0)
			rc = fct_build(&ctx, macro_rules, NULL, &rs);
		else
			rc = fct_build_cond(&ctx, cases[i].cond, NULL, &rs);
		if (rc != FC_OK) {
			fprintf(stderr, "%s: compile failed (%d)\n", cases[i].name, rc);
			return 1;
		}
		if (fc_eval_new(rs, &o, &ev) != FC_OK)
			return 1;
		fct_event_default(&e);
		event = fct_make_event(0, FCT_C_OPEN_X, &e);
		for (n = 0; n < iters / 10; n++) /* warm up */
			m = fc_eval_run(ev, &event);
		t0 = now_ns();
		for (n = 0; n < iters; n++)
			m = fc_eval_run(ev, &event);
		t1 = now_ns();
		fc_eval_get_stats(ev, &st);
		printf("%-14s %10.1f %12.1f %8d\n", cases[i].name,
		       (t1 - t0) / ((double)iters * ((double)st.rules_run / (double)st.events)),
		       (double)st.rules_run / (double)st.events, m);
		fc_eval_free(ev);
		fc_ruleset_unref(rs);
	}
	return 0;
}
