/* SPDX-License-Identifier: Apache-2.0 */
/* Resource bounds (doc/limits.md), each tested at its edge: the value at the
 * bound is accepted, one more is rejected with the documented diagnostic or
 * status (or counted, for the bounds that evict or give up). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fake_source.h"
#include "syscall_fixture.h"

/* ---- helpers ----------------------------------------------------------------- */

typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(tmp));
	sb_add(b, tmp, (size_t)n);
}

static void sb_rep(sbuf *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		sb_add(b, s, strlen(s));
}

/* True when some diagnostic has `code` and a message containing `msg`. */
static bool has_diag(const fc_diag_list *dl, fc_diag_code code, const char *msg)
{
	for (size_t i = 0; i < fc_diag_list_count(dl); i++) {
		const fc_diag *d = fc_diag_list_get(dl, i);

		if (d->code == code && strstr(d->message, msg))
			return true;
	}
	return false;
}

/* Compiles a rules text against the test source; returns the status. */
static int build(const char *yaml, fc_diag_list *dl, fc_ruleset **rs)
{
	static fct_source ctx;

	fc_diag_list_clear(dl);
	return fct_build(&ctx, yaml, dl, rs);
}

static void ignore_rc(int rc)
{
	(void)rc;
}

/* ---- rules file size ---------------------------------------------------------- */

static void test_file_size(void **state)
{
	fc_engine *eng = NULL;
	fc_diag_list *dl = NULL;
	char text[101];
	char path[] = "/tmp/fc-limits-XXXXXX";
	int fd;

	(void)state;
	memset(text, '#', sizeof(text)); /* a comment: valid YAML of any length */
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(fc_engine_new(FC_OPTS(fc_engine_opts, .max_file_size = 100), &eng), FC_OK);
	assert_int_equal(fc_engine_load_buffer(eng, "b.yaml", text, 100, dl), FC_OK);
	assert_false(has_diag(dl, FC_D_FILE_TOO_LARGE, ""));
	assert_int_equal(fc_engine_load_buffer(eng, "b.yaml", text, 101, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_FILE_TOO_LARGE,
	                     "b.yaml: 101 bytes is over the 100-byte bound on a rules file"));
	/* the same bound through fc_engine_load_file() */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, 100), 100);
	fc_diag_list_clear(dl);
	assert_int_equal(fc_engine_load_file(eng, path, dl), FC_OK);
	assert_int_equal(write(fd, text, 1), 1);
	close(fd);
	assert_int_equal(fc_engine_load_file(eng, path, dl), FC_ERULES);
	assert_true(
	        has_diag(dl, FC_D_FILE_TOO_LARGE, "is over the 100-byte bound on a rules file"));
	unlink(path);
	fc_engine_free(eng);
	/* default: 64 MiB */
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	fc_diag_list_clear(dl);
	assert_int_equal(fc_engine_load_buffer(eng, "big.yaml", text, (64u << 20) + 1, dl),
	                 FC_ERULES);
	assert_true(has_diag(dl, FC_D_FILE_TOO_LARGE, "over the 67108864-byte bound"));
	fc_engine_free(eng);
	fc_diag_list_free(dl);
}

/* ---- YAML nesting depth ------------------------------------------------------- */

static void yaml_nested(int levels, fc_diag_list *dl)
{
	fc_engine *eng = NULL;
	sbuf b = {0};

	/* a list whose items: hold levels - 2 nested flow sequences */
	sb_add(&b, "- list: l\n  items: ", strlen("- list: l\n  items: "));
	sb_rep(&b, "[", (size_t)levels - 2);
	sb_add(&b, "a", 1);
	sb_rep(&b, "]", (size_t)levels - 2);
	sb_add(&b, "\n", 1);
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	fc_diag_list_clear(dl);
	ignore_rc(fc_engine_load_buffer(eng, "deep.yaml", b.p, b.len, dl));
	fc_engine_free(eng);
	free(b.p);
}

static void test_yaml_depth(void **state)
{
	fc_diag_list *dl = NULL;

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	yaml_nested(256, dl);
	assert_false(has_diag(dl, FC_D_YAML_SYNTAX, "nesting deeper"));
	yaml_nested(257, dl);
	assert_true(has_diag(dl, FC_D_YAML_SYNTAX, "nesting deeper than 256 levels"));
	fc_diag_list_free(dl);
}

/* ---- condition nesting depth ---------------------------------------------------- */

/* A rule whose condition is `parens` nested parentheses around t.i = -5. */
static int cond_nested(size_t parens, fc_diag_list *dl)
{
	fc_ruleset *rs = NULL;
	sbuf b = {0};
	int rc;

	sb_add(&b, "- rule: r\n  desc: d\n  condition: ",
	       strlen("- rule: r\n  desc: d\n  condition: "));
	sb_rep(&b, "(", parens);
	sb_add(&b, "t.i = -5", 8);
	sb_rep(&b, ")", parens);
	sb_printf(&b, "\n  output: o\n  priority: INFO\n  source: test\n");
	rc = build(b.p, dl, &rs);
	fc_ruleset_unref(rs);
	free(b.p);
	return rc;
}

static void test_condition_depth(void **state)
{
	fc_diag_list *dl = NULL;

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	/* 1000 parser levels; one parenthesis costs 5 (or, and, not, check,
	 * group), so 199 nested parentheses is the deepest condition */
	assert_int_equal(cond_nested(199, dl), FC_OK);
	assert_int_equal(cond_nested(200, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_TOO_DEEP, "exceeded max depth limit of 1000"));
	fc_diag_list_free(dl);
}

/* ---- macro nesting depth ----------------------------------------------------------- */

/* A chain m1 <- m2 <- ... <- m<n>, the rule using m<n>; returns the status and
 * evaluates the rule on a default event (it must match). */
static int macro_chain(int n, fc_diag_list *dl)
{
	fc_ruleset *rs = NULL;
	sbuf b = {0};
	int rc;

	sb_printf(&b, "- macro: m1\n  condition: t.i = -5\n");
	for (int i = 2; i <= n; i++)
		sb_printf(&b, "- macro: m%d\n  condition: m%d and t.u = 42\n", i, i - 1);
	sb_printf(&b,
	          "- rule: r\n  desc: d\n  condition: m%d\n  output: o\n  priority: INFO\n"
	          "  source: test\n",
	          n);
	rc = build(b.p, dl, &rs);
	if (rc == FC_OK) {
		fc_eval *ev = NULL;
		fct_event e;
		fc_event evt;

		fct_event_default(&e);
		evt = fct_make_event(0, FCT_C_OPEN_X, &e);
		assert_int_equal(fc_eval_new(rs, NULL, &ev), FC_OK);
		assert_int_equal(fc_eval_run(ev, &evt), 1);
		fc_eval_free(ev);
	}
	fc_ruleset_unref(rs);
	free(b.p);
	return rc;
}

static void test_macro_depth(void **state)
{
	fc_diag_list *dl = NULL;

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(macro_chain(100, dl), FC_OK);
	assert_int_equal(macro_chain(101, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_TOO_DEEP, "macro 'm1' is nested more than 100 macros deep"));
	/* far over the bound: an error, not a stack overflow */
	assert_int_equal(macro_chain(20000, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_TOO_DEEP, "is nested more than 100 macros deep"));
	fc_diag_list_free(dl);
}

/* A macro using 20 new macros, then an unknown field: the instances grow
 * (move) the compiler's macro table while the outer macro is being resolved;
 * its error must still be reported (it was written to freed memory). */
static void test_macro_diag_after_growth(void **state)
{
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	sbuf b = {0};

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	for (int i = 1; i <= 20; i++)
		sb_printf(&b, "- macro: m%d\n  condition: t.i = %d\n", i, i);
	sb_printf(&b, "- macro: outer\n  condition: t.u = 1");
	for (int i = 1; i <= 20; i++)
		sb_printf(&b, " or m%d", i);
	sb_printf(&b, " or t.nosuchfield = 1\n- rule: r\n  desc: d\n  condition: outer\n"
	              "  output: o\n  priority: INFO\n  source: test\n");
	assert_int_equal(build(b.p, dl, &rs), FC_ERULES);
	assert_true(has_diag(dl, FC_D_UNKNOWN_FIELD, "t.nosuchfield"));
	fc_ruleset_unref(rs);
	fc_diag_list_free(dl);
	free(b.p);
}

/* ---- lists --------------------------------------------------------------------------- */

/* l0 holds 1024 items; l1 holds `refs` references to l0 and `extra` items. */
static int list_items(size_t refs, size_t extra, fc_diag_list *dl)
{
	fc_ruleset *rs = NULL;
	sbuf b = {0};
	int rc;

	sb_printf(&b, "- list: l0\n  items: [");
	for (int i = 0; i < 1024; i++)
		sb_printf(&b, "%sv%d", i ? ", " : "", i);
	sb_printf(&b, "]\n- list: l1\n  items: [");
	for (size_t i = 0; i < refs; i++)
		sb_printf(&b, "%sl0", i ? ", " : "");
	for (size_t i = 0; i < extra; i++)
		sb_printf(&b, ", x%zu", i);
	sb_printf(&b, "]\n- rule: r\n  desc: d\n  condition: t.s in (l1)\n  output: o\n"
	              "  priority: INFO\n  source: test\n");
	rc = build(b.p, dl, &rs);
	fc_ruleset_unref(rs);
	free(b.p);
	return rc;
}

/* l1 refers to l0, l2 to l1, ... l<n> to l<n-1>. */
static int list_chain(int n, fc_diag_list *dl)
{
	fc_ruleset *rs = NULL;
	sbuf b = {0};
	int rc;

	sb_printf(&b, "- list: l0\n  items: [bash]\n");
	for (int i = 1; i <= n; i++)
		sb_printf(&b, "- list: l%d\n  items: [l%d]\n", i, i - 1);
	sb_printf(&b,
	          "- rule: r\n  desc: d\n  condition: t.s in (l%d)\n  output: o\n"
	          "  priority: INFO\n  source: test\n",
	          n);
	rc = build(b.p, dl, &rs);
	fc_ruleset_unref(rs);
	free(b.p);
	return rc;
}

static void test_list_bounds(void **state)
{
	fc_diag_list *dl = NULL;

	(void)state;
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	/* 1024 * 1024 = 2^20 items: the bound */
	assert_int_equal(list_items(1024, 0, dl), FC_OK);
	assert_int_equal(list_items(1024, 1, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_LIMIT, "list 'l1' expands to more than 1048576 items"));
	assert_int_equal(list_items(1025, 0, dl), FC_ERULES);
	assert_true(has_diag(dl, FC_D_LIMIT, "list 'l1' expands to more than 1048576 items"));
	/* lists refer only to earlier lists and are expanded in that order, so a
	 * long chain of references needs no recursion (and no bound) */
	assert_int_equal(list_chain(5000, dl), FC_OK);
	fc_diag_list_free(dl);
}

/* ---- regex ---------------------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_regex_limits(void **state)
{
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_eval_stats st;
	fct_event e;
	fc_event evt;
	char *s = malloc(65537);
	double t0;

	(void)state;
	assert_non_null(s);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(build("- rule: bad\n  desc: d\n  condition: t.s regex \"(a+)+$\"\n"
	                       "  output: o\n  priority: INFO\n  source: test\n"
	                       "- rule: fine\n  desc: d\n  condition: t.s2 regex \".*x\"\n"
	                       "  output: o\n  priority: INFO\n  source: test\n",
	                       dl, &rs),
	                 FC_OK);
	assert_int_equal(
	        fc_eval_new(rs, FC_OPTS(fc_eval_opts, .rule_matching = FC_RULE_MATCHING_ALL), &ev),
	        FC_OK);
	fct_event_default(&e);
	/* catastrophic backtracking: 2^40 paths without the match limit */
	memset(s, 'a', 40);
	strcpy(s + 40, "b");
	e.s = s;
	e.s2 = "none";
	evt = fct_make_event(0, FCT_C_OPEN_X, &e);
	t0 = now_s();
	assert_int_equal(fc_eval_run(ev, &evt), 0);
	assert_true(now_s() - t0 < 2.0);
	fc_eval_get_stats(ev, &st);
	assert_int_equal(st.regex_limit, 1);
	/* an ordinary regex over a 64 KiB value stays under the limits */
	memset(s, 'y', 65535);
	strcpy(s + 65535, "x");
	e.s = "bash";
	e.s2 = s;
	evt = fct_make_event(0, FCT_C_OPEN_X, &e);
	assert_int_equal(fc_eval_run(ev, &evt), 1);
	fc_eval_get_stats(ev, &st);
	assert_int_equal(st.regex_limit, 1);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_diag_list_free(dl);
	free(s);
}

/* ---- JSON events --------------------------------------------------------------------- */

static int json_parse(const fc_json_source *src, const char *text, char *err, size_t errlen)
{
	fc_json_batch *b = NULL;
	int rc = fc_json_source_parse(src, text, strlen(text), 0, &b, err, errlen);

	fc_json_batch_free(b);
	return rc;
}

static void test_json_bounds(void **state)
{
	fc_json_source *src = NULL;
	char err[256];
	sbuf b = {0};

	(void)state;
	/* event size: {"a":"xxxx"} of exactly 100 bytes, then 101 */
	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .max_event_size = 100), &src),
	                 FC_OK);
	sb_add(&b, "{\"a\":\"", 6);
	sb_rep(&b, "x", 100 - 8);
	sb_add(&b, "\"}", 2);
	assert_int_equal(b.len, 100);
	assert_int_equal(json_parse(src, b.p, err, sizeof(err)), FC_OK);
	sb_add(&b, "  \n\t{}\n", 6); /* whitespace is not part of a value */
	assert_int_equal(json_parse(src, b.p, err, sizeof(err)), FC_OK);
	b.len = 0;
	sb_add(&b, "{\"a\":\"", 6);
	sb_rep(&b, "x", 101 - 8);
	sb_add(&b, "\"}", 2);
	assert_int_equal(json_parse(src, b.p, err, sizeof(err)), FC_ELIMIT);
	assert_non_null(strstr(err, "over the 100-byte bound"));
	fc_json_source_free(src);
	/* depth: the default, 64 levels */
	assert_int_equal(fc_json_source_new(NULL, &src), FC_OK);
	b.len = 0;
	sb_rep(&b, "{\"a\":", 63);
	sb_add(&b, "{}", 2);
	sb_rep(&b, "}", 63);
	assert_int_equal(json_parse(src, b.p, err, sizeof(err)), FC_OK);
	b.len = 0;
	sb_rep(&b, "{\"a\":", 64);
	sb_add(&b, "{}", 2);
	sb_rep(&b, "}", 64);
	assert_int_equal(json_parse(src, b.p, err, sizeof(err)), FC_ELIMIT);
	assert_non_null(strstr(err, "malformed JSON: nesting too deep"));
	fc_json_source_free(src);
	free(b.p);
}

/* ---- syscall state tables ------------------------------------------------------------- */

static void test_state_tables(void **state)
{
	fc_syscall_source *src = NULL;
	fc_syscall_stats st;
	fc_event ev;

	(void)state;
	assert_int_equal(
	        fc_syscall_source_new(FC_OPTS(fc_syscall_opts, .max_threads = 4,
	                                      .max_fds_per_thread = 3, .host_root = "/nonexistent"),
	                              &src),
	        FC_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 100 + (uint64_t)i,
		                      (uint64_t)(1000 + i), A_I("fd", 3)),
		                 FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.threads, 4);
	assert_int_equal(st.threads_evicted, 0);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_CLOSE_E, 200, 1004, A_I("fd", 3)), FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.threads, 4);
	assert_int_equal(st.threads_evicted, 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 300 + (uint64_t)i, 1004,
		                      A_I("fd", 10 + i), A_I("dirfd", -100), A_S("name", "/f"),
		                      A_I("flags", 1)),
		                 FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.fds_evicted, 0);
	assert_int_equal(FEED(src, &ev, FC_PPME_SYSCALL_OPENAT_2_X, 400, 1004, A_I("fd", 13),
	                      A_I("dirfd", -100), A_S("name", "/f"), A_I("flags", 1)),
	                 FC_OK);
	fc_syscall_source_get_stats(src, &st);
	assert_int_equal(st.fds_evicted, 1);
	fc_syscall_source_free(src);
}

/* ---- capture blocks ------------------------------------------------------------------ */

/* A capture whose first block claims `len` bytes: the reader either refuses
 * the length or reads on and finds the file truncated. */
static int capture_block(uint32_t len, char *msg, size_t msglen)
{
	char path[] = "/tmp/fc-limits-cap-XXXXXX";
	uint32_t h[3] = {0x0A0D0D0A, len, 0x1A2B3C4D};
	fc_capture *cap = NULL;
	fc_syscall_source *src = NULL;
	const void *rec;
	size_t rlen;
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, h, sizeof(h)), (ssize_t)sizeof(h));
	close(fd);
	assert_int_equal(fc_syscall_source_new(NULL, &src), FC_OK);
	rc = fc_capture_open(path, src, &cap);
	if (rc == FC_OK)
		rc = fc_capture_next(cap, &rec, &rlen);
	snprintf(msg, msglen, "%s", cap ? fc_capture_error(cap) : "");
	fc_capture_close(cap);
	fc_syscall_source_free(src);
	unlink(path);
	return rc;
}

static void test_capture_block(void **state)
{
	char msg[256];

	(void)state;
	assert_true(capture_block(256u << 20, msg, sizeof(msg)) < 0);
	assert_null(strstr(msg, "bad length"));
	assert_true(capture_block((256u << 20) + 1, msg, sizeof(msg)) < 0);
	assert_non_null(strstr(msg, "has bad length 268435457"));
}

static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_size),
        cmocka_unit_test(test_yaml_depth),
        cmocka_unit_test(test_condition_depth),
        cmocka_unit_test(test_macro_depth),
        cmocka_unit_test(test_macro_diag_after_growth),
        cmocka_unit_test(test_list_bounds),
        cmocka_unit_test(test_regex_limits),
        cmocka_unit_test(test_json_bounds),
        cmocka_unit_test(test_state_tables),
        cmocka_unit_test(test_capture_block),
};

int main(void)
{
	return cmocka_run_group_tests(tests, NULL, NULL);
}
