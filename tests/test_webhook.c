/* SPDX-License-Identifier: Apache-2.0 */
/* The CLI's web server and audit input, over loopback only: POST audit
 * batches (200), garbage (400), an oversized body (413), /healthz, /metrics,
 * and reading the fixture files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/audit_input.h"
#include "../cli/webserver.h"

typedef struct ctx {
	fc_json_source *src;
	int events;
	int creates;
	fcw_server *srv;
	char url[128];
} ctx;

typedef struct resp {
	char buf[8192];
	size_t len;
} resp;

static int on_event(const fc_event *ev, void *user)
{
	ctx *c = user;
	const fc_source_ops *ops = fc_json_source_ops(c->src);

	assert_non_null(ev->decoded);
	c->events++;
	if (strcmp(ops->code_names[ev->code], "create") == 0)
		c->creates++;
	return FC_OK;
}

static int on_audit(void *user, const char *body, size_t len, char *err, size_t errlen)
{
	ctx *c = user;

	return fca_process_body(c->src, 0, body, len, on_event, c, err, errlen);
}

static void on_metrics(void *user, FILE *out)
{
	ctx *c = user;

	fprintf(out, "falcocore_test_events_total %d\n", c->events);
}

static size_t on_data(char *p, size_t sz, size_t n, void *user)
{
	resp *r = user;
	size_t k = sz * n;

	if (r->len + k >= sizeof(r->buf))
		k = sizeof(r->buf) - 1 - r->len;
	memcpy(r->buf + r->len, p, k);
	r->len += k;
	r->buf[r->len] = '\0';
	return sz * n;
}

static long http(ctx *c, const char *path, const char *body, size_t len, resp *r)
{
	CURL *h = curl_easy_init();
	char url[256];
	long code = 0;

	assert_non_null(h);
	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "%s%s", c->url, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(h);
	return code;
}

static char *read_fixture(const char *name, size_t *len)
{
	const char *root = getenv("FC_SRC_ROOT");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/k8s/%s", root ? root : "..", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	ctx *c = calloc(1, sizeof(*c));
	char err[256];

	assert_int_equal(
	        fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT), &c->src),
	        FC_OK);
	fcw_opts o = {.address = "127.0.0.1",
	              .port = 0,
	              .max_body = 8192,
	              .on_audit = on_audit,
	              .on_metrics = on_metrics,
	              .user = c};
	if (fcw_server_start(&o, &c->srv, err, sizeof(err)) != 0)
		fail_msg("server: %s", err);
	assert_true(fcw_server_port(c->srv) != 0);
	snprintf(c->url, sizeof(c->url), "http://127.0.0.1:%u", fcw_server_port(c->srv));
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;

	fcw_server_stop(c->srv);
	fc_json_source_free(c->src);
	free(c);
	return 0;
}

static void test_post_batches(void **state)
{
	ctx *c = *state;
	size_t len;
	char *body;
	resp r;
	fcw_stats st;

	body = read_fixture("privileged_pod.json", &len);
	assert_int_equal(http(c, "/k8s-audit", body, len, &r), 200);
	free(body);
	assert_int_equal(c->events, 1);
	assert_int_equal(c->creates, 1);
	body = read_fixture("eventlist.json", &len);
	assert_int_equal(http(c, "/k8s-audit", body, len, &r), 200);
	free(body);
	assert_int_equal(c->events, 3);
	assert_int_equal(c->creates, 2);
	fcw_server_get_stats(c->srv, &st);
	assert_int_equal(st.audit_ok, 2);
}

static void test_bad_requests(void **state)
{
	ctx *c = *state;
	static const char garbage[] =
	        "{\"kind\":\"EventList\",\"items\":[{\"auditID\":1},\n oops]}";
	char big[9000];
	resp r;

	assert_int_equal(http(c, "/k8s-audit", garbage, strlen(garbage), &r), 400);
	if (!strstr(r.buf, "line 2, column 2"))
		fail_msg("400 body lacks the position: %s", r.buf);
	assert_int_equal(c->events, 0);                          /* all-or-nothing */
	assert_int_equal(http(c, "/k8s-audit", "", 0, &r), 200); /* empty batch */
	memset(big, ' ', sizeof(big));
	big[0] = '{';
	big[sizeof(big) - 1] = '}';
	assert_int_equal(http(c, "/k8s-audit", big, sizeof(big), &r), 413);
	assert_non_null(strstr(r.buf, "8192-byte limit"));
	assert_int_equal(http(c, "/k8s-audit", NULL, 0, &r), 405);
	assert_int_equal(http(c, "/nope", NULL, 0, &r), 404);
	assert_int_equal(c->events, 0);
	/* the server still works */
	{
		static const char ok[] = "{\"auditID\":\"x\",\"verb\":\"get\"}";

		assert_int_equal(http(c, "/k8s-audit", ok, strlen(ok), &r), 200);
	}
	assert_int_equal(c->events, 1);
}

static void test_health_and_metrics(void **state)
{
	ctx *c = *state;
	resp r;

	assert_int_equal(http(c, "/healthz", NULL, 0, &r), 200);
	assert_string_equal(r.buf, "{\"status\": \"ok\"}");
	assert_int_equal(http(c, "/k8s-audit", "nope", 4, &r), 400);
	assert_int_equal(http(c, "/k8s-audit", "{\"auditID\":\"x\"}", 15, &r), 200);
	assert_int_equal(http(c, "/metrics", NULL, 0, &r), 200);
	assert_non_null(strstr(r.buf, "# TYPE falcocore_webhook_requests_total counter"));
	assert_non_null(
	        strstr(r.buf, "falcocore_webhook_audit_batches_total{result=\"accepted\"} 1\n"));
	assert_non_null(
	        strstr(r.buf, "falcocore_webhook_audit_batches_total{result=\"malformed\"} 1\n"));
	assert_non_null(strstr(r.buf, "falcocore_test_events_total 1\n"));
}

static void test_read_files(void **state)
{
	ctx *c = *state;
	const char *root = getenv("FC_SRC_ROOT");
	char path[1024], err[512];
	fca_stats st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/k8s/benign.json", root ? root : "..");
	assert_int_equal(fca_read_file(path, c->src, 0, 0, on_event, c, &st, err, sizeof(err)),
	                 FC_OK);
	assert_int_equal(st.events, 4);
	assert_int_equal(c->events, 4);
	snprintf(path, sizeof(path), "%s/tests/k8s/eventlist.json", root ? root : "..");
	assert_int_equal(fca_read_file(path, c->src, 0, 0, on_event, c, &st, err, sizeof(err)),
	                 FC_OK);
	assert_int_equal(c->events, 6);
	assert_int_equal(fca_read_file("/nonexistent/x.json", c->src, 0, 0, on_event, c, NULL, err,
	                               sizeof(err)),
	                 FC_ENOENT);
	assert_non_null(strstr(err, "cannot open"));

	/* a malformed line: strict stops with file:line:column, skip-bad goes on */
	snprintf(path, sizeof(path), "%s/k8s_bad_%d.json",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"auditID\":\"1\"}\n{\"auditID\":\n\"2\"]\n{\"auditID\":\"3\"}\n", f);
	fclose(f);
	c->events = 0;
	assert_int_equal(fca_read_file(path, c->src, 0, 0, on_event, c, &st, err, sizeof(err)),
	                 FC_EFORMAT);
	if (!strstr(err, "line 3, column 4"))
		fail_msg("error: %s", err);
	assert_int_equal(c->events, 1);
	c->events = 0;
	assert_int_equal(
	        fca_read_file(path, c->src, 0, FCA_SKIP_BAD, on_event, c, &st, err, sizeof(err)),
	        FC_OK);
	assert_int_equal(c->events, 2);
	assert_int_equal(st.errors, 1);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_post_batches, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_health_and_metrics, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_read_files, setup, teardown),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests_name("webhook", tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
