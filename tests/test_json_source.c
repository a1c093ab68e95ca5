/* SPDX-License-Identifier: Apache-2.0 */
/* Public-API tests of the JSON sources: input forms, streaming in chunks,
 * malformed input, bounds, registration with an engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <falcocore/falcocore.h>

typedef struct seen {
	int n;
	uint32_t codes[16];
	uint64_t ts[16];
	uint64_t num[16];
} seen;

static int on_event(const fc_event *ev, void *user)
{
	seen *s = user;

	assert_non_null(ev->decoded);
	if (s->n < 16) {
		s->codes[s->n] = ev->code;
		s->ts[s->n] = ev->ts;
		s->num[s->n] = ev->num;
	}
	s->n++;
	return FC_OK;
}

static fc_json_source *k8s(void)
{
	fc_json_source *src = NULL;

	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT), &src),
	                 FC_OK);
	return src;
}

static const char two_lines[] =
        "{\"auditID\":\"1\",\"verb\":\"create\",\"stageTimestamp\":\"2024-01-01T00:00:00Z\"}\n"
        "  {\"auditID\":\"2\",\"verb\":\"get\"}\n";

static void test_json_lines(void **state)
{
	fc_json_source *src = k8s();
	fc_json_batch *b = NULL;
	char err[200];

	(void)state;
	assert_int_equal(
	        fc_json_source_parse(src, two_lines, strlen(two_lines), 3, &b, err, sizeof(err)),
	        FC_OK);
	assert_int_equal(fc_json_batch_count(b), 2);
	assert_int_equal(fc_json_batch_event(b, 0)->ts, 1704067200000000000ull);
	assert_int_equal(fc_json_batch_event(b, 0)->source, 3);
	assert_int_equal(fc_json_batch_event(b, 1)->num, 2);
	/* no timestamp: stamped with the parse time */
	assert_true(fc_json_batch_event(b, 1)->ts > 1704067200000000000ull);
	assert_true(fc_json_batch_event(b, 0)->code != fc_json_batch_event(b, 1)->code);
	assert_string_equal(fc_json_source_ops(src)->code_names[fc_json_batch_event(b, 1)->code],
	                    "get");
	assert_null(fc_json_batch_event(b, 2));
	fc_json_batch_free(b);
	/* empty input: an empty batch */
	assert_int_equal(fc_json_source_parse(src, " \n", 2, 0, &b, err, sizeof(err)), FC_OK);
	assert_int_equal(fc_json_batch_count(b), 0);
	fc_json_batch_free(b);
	fc_json_source_free(src);
}

static void test_chunked_stream(void **state)
{
	static const char text[] =
	        "{\"kind\":\"EventList\",\"items\":[{\"auditID\":\"a\",\"verb\":\"patch\"},\n"
	        "{\"auditID\":\"b\",\"verb\":\"delete\"}]}\n"
	        "[{\"auditID\":\"c\",\"verb\":\"watch\"}]\n"
	        "{\n  \"auditID\": \"d\",\n  \"verb\": \"frobnicate\"\n}";
	fc_json_source *src = k8s();
	const fc_source_ops *ops = fc_json_source_ops(src);
	size_t step;

	(void)state;
	/* any chunking gives the same events */
	for (step = 1; step <= sizeof(text); step += 7) {
		fc_json_parser *p = NULL;
		fc_json_parser_stats st;
		seen s = {0};
		size_t off;

		assert_int_equal(fc_json_parser_new(src, 0, 0, &p), FC_OK);
		for (off = 0; off < sizeof(text) - 1; off += step) {
			size_t n = sizeof(text) - 1 - off < step ? sizeof(text) - 1 - off : step;

			assert_int_equal(fc_json_parser_feed(p, text + off, n, on_event, &s),
			                 FC_OK);
		}
		assert_int_equal(fc_json_parser_finish(p, on_event, &s), FC_OK);
		assert_int_equal(s.n, 4);
		assert_string_equal(ops->code_names[s.codes[0]], "patch");
		assert_string_equal(ops->code_names[s.codes[1]], "delete");
		assert_string_equal(ops->code_names[s.codes[2]], "watch");
		assert_string_equal(ops->code_names[s.codes[3]], "<other-verb>");
		assert_int_equal(s.num[3], 4);
		fc_json_parser_get_stats(p, &st);
		assert_int_equal(st.events, 4);
		assert_int_equal(st.bytes, sizeof(text) - 1);
		assert_int_equal(st.errors, 0);
		fc_json_parser_free(p);
	}
	fc_json_source_free(src);
}

static void expect_bad(fc_json_source *src, const char *text, int status, const char *msg)
{
	fc_json_batch *b = (fc_json_batch *)1;
	char err[200] = "";

	assert_int_equal(fc_json_source_parse(src, text, strlen(text), 0, &b, err, sizeof(err)),
	                 status);
	assert_null(b);
	if (!strstr(err, msg))
		fail_msg("error \"%s\" lacks \"%s\"", err, msg);
}

static void test_malformed(void **state)
{
	fc_json_source *src = k8s();

	(void)state;
	expect_bad(src, "{\"a\":1}\n{\"b\": tru}\n", FC_EFORMAT, "line 2, column ");
	expect_bad(src, "{\"a\":1}\n{\"b\": tru}\n", FC_EFORMAT, "malformed JSON");
	expect_bad(src, "{\"a\":[1,2}", FC_EFORMAT, "line 1, column 10");
	expect_bad(src, "{\"a\":1", FC_EFORMAT, "truncated JSON value at end of input");
	expect_bad(src, "42\n", FC_EFORMAT, "expected a JSON object");
	expect_bad(src, "[{\"a\":1}, 3]", FC_EFORMAT, "item 1 of the list is not a JSON object");
	expect_bad(src, "garbage", FC_EFORMAT, "line 1, column 1");
	expect_bad(src, "{\"a\":1}\x01", FC_EFORMAT, "line 1, column 8");
	fc_json_source_free(src);
}

static void test_skip_bad_lines(void **state)
{
	static const char text[] = "{\"auditID\":\"1\"}\n{\"auditID\": oops}\n"
	                           "not json at all\n{\"auditID\":\"4\"}\n";
	fc_json_source *src = k8s();
	fc_json_parser *p = NULL;
	fc_json_parser_stats st;
	seen s = {0};

	(void)state;
	assert_int_equal(fc_json_parser_new(src, 0, FC_JSON_PARSER_SKIP_BAD, &p), FC_OK);
	assert_int_equal(fc_json_parser_feed(p, text, strlen(text), on_event, &s), FC_OK);
	assert_int_equal(fc_json_parser_finish(p, on_event, &s), FC_OK);
	fc_json_parser_get_stats(p, &st);
	assert_int_equal(s.n, 2);
	assert_int_equal(st.errors, 2);
	/* "not ..." fails on the 'o' after an 'n' that could start null */
	assert_non_null(strstr(fc_json_parser_error(p), "line 3, column 2: malformed JSON"));
	fc_json_parser_free(p);

	/* strict: the parser refuses more input after an error */
	assert_int_equal(fc_json_parser_new(src, 0, 0, &p), FC_OK);
	s.n = 0;
	assert_int_equal(fc_json_parser_feed(p, text, strlen(text), on_event, &s), FC_EFORMAT);
	assert_int_equal(s.n, 1);
	assert_int_equal(fc_json_parser_feed(p, "{}", 2, on_event, &s), FC_ESTATE);
	fc_json_parser_free(p);
	fc_json_source_free(src);
}

static void test_bounds(void **state)
{
	fc_json_source *src = NULL;
	char big[400], deep[200];
	int i;

	(void)state;
	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_GENERIC,
	                                            .max_event_size = 100, .max_depth = 8),
	                                    &src),
	                 FC_OK);
	snprintf(big, sizeof(big), "{\"a\":\"%0300d\"}", 0);
	expect_bad(src, big, FC_ELIMIT, "100-byte bound");
	for (i = 0; i < 20; i++)
		deep[i] = '[';
	deep[20] = '\0';
	expect_bad(src, deep, FC_ELIMIT, "nesting too deep");
	fc_json_source_free(src);
}

static int stop_at_two(const fc_event *ev, void *user)
{
	int *n = user;

	(void)ev;
	return ++*n == 2 ? (-1000) : FC_OK;
}

static void test_callback_stops(void **state)
{
	fc_json_source *src = k8s();
	fc_json_parser *p = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(fc_json_parser_new(src, 0, 0, &p), FC_OK);
	assert_int_equal(fc_json_parser_feed(p, "{}\n{}\n{}", 8, stop_at_two, &n), (-1000));
	assert_int_equal(n, 2);
	fc_json_parser_free(p);
	fc_json_source_free(src);
}

static void test_generic_source(void **state)
{
	fc_json_source *src = NULL;
	fc_json_batch *b = NULL;
	const fc_source_ops *ops;
	char err[100];
	size_t i;
	static const char text[] = "{\"time\":1700000000123,\"app\":\"shop\"}\n"
	                           "{\"ts\":\"2024-01-01T00:00:00Z\"}\n";

	(void)state;
	assert_int_equal(fc_json_source_new(NULL, &src), FC_OK);
	ops = fc_json_source_ops(src);
	assert_string_equal(ops->name, "json");
	assert_string_equal(fc_json_source_name(src), "json");
	assert_null(ops->index_field);
	assert_int_equal(ops->n_codes, 1);
	assert_string_equal(ops->provides[0], "json@0.7.0");
	for (i = 0; i < ops->n_fields; i++)
		assert_true(strncmp(ops->fields[i].name, "ka.", 3) != 0);
	assert_int_equal(fc_json_source_parse(src, text, strlen(text), 0, &b, err, sizeof(err)),
	                 FC_OK);
	assert_int_equal(fc_json_batch_count(b), 2);
	/* milliseconds, guessed from the magnitude */
	assert_int_equal(fc_json_batch_event(b, 0)->ts, 1700000000123000000ull);
	fc_json_batch_free(b);
	fc_json_source_free(src);

	assert_int_equal(
	        fc_json_source_new(FC_OPTS(fc_json_opts, .name = "myapp", .time_pointer = "/ts"),
	                           &src),
	        FC_OK);
	assert_string_equal(fc_json_source_ops(src)->name, "myapp");
	assert_int_equal(fc_json_source_parse(src, text, strlen(text), 0, &b, err, sizeof(err)),
	                 FC_OK);
	assert_int_equal(fc_json_batch_event(b, 1)->ts, 1704067200000000000ull);
	fc_json_batch_free(b);
	fc_json_source_free(src);
}

static void test_register_with_engine(void **state)
{
	fc_json_source *a = k8s(), *j = NULL;
	fc_engine *eng = NULL;
	uint32_t ida = 99, idj = 99;

	(void)state;
	assert_int_equal(fc_json_source_new(NULL, &j), FC_OK);
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_engine_add_source(eng, fc_json_source_ops(a), &ida), FC_OK);
	assert_int_equal(fc_engine_add_source(eng, fc_json_source_ops(j), &idj), FC_OK);
	assert_int_not_equal(ida, idj);
	assert_int_equal(fc_engine_add_source(eng, fc_json_source_ops(a), NULL), FC_EEXIST);
	fc_engine_free(eng);
	fc_json_source_free(a);
	fc_json_source_free(j);
}

static void test_bad_args(void **state)
{
	fc_json_source *src = NULL;
	fc_json_batch *b = NULL;
	fc_json_parser *p = NULL;

	(void)state;
	assert_int_equal(fc_json_source_new(NULL, NULL), FC_EINVAL);
	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .kind = (fc_json_kind)7), &src),
	                 FC_EINVAL);
	assert_null(src);
	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .name = ""), &src), FC_EINVAL);
	assert_int_equal(fc_json_source_parse(NULL, "{}", 2, 0, &b, NULL, 0), FC_EINVAL);
	assert_int_equal(fc_json_parser_new(NULL, 0, 0, &p), FC_EINVAL);
	assert_null(fc_json_source_ops(NULL));
	fc_json_source_free(NULL);
	fc_json_batch_free(NULL);
	fc_json_parser_free(NULL);
	assert_int_equal(fc_json_batch_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_json_lines),     cmocka_unit_test(test_chunked_stream),
	        cmocka_unit_test(test_malformed),      cmocka_unit_test(test_skip_bad_lines),
	        cmocka_unit_test(test_bounds),         cmocka_unit_test(test_callback_stops),
	        cmocka_unit_test(test_generic_source), cmocka_unit_test(test_register_with_engine),
	        cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests_name("json_source", tests, NULL, NULL);
}
