/* SPDX-License-Identifier: Apache-2.0 */
/* End to end, public API only: Falco's upstream k8s_audit_rules.yaml loads
 * and compiles with zero errors against the k8s_audit source (registered next
 * to the generic json source), and replaying the tests/k8s fixtures fires the rules
 * listed in tests/k8s/expected.txt, while benign events fire nothing. Skipped
 * while the compiler or the evaluator is not available in the build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <falcocore/falcocore.h>

static int skipped; /* exit 77 (meson: SKIP) when the compiler is missing */

typedef struct hits {
	char names[64][128];
	int n;
} hits;

typedef struct world {
	fc_json_source *k8s, *json;
	fc_engine *eng;
	fc_ruleset *rs;
	fc_eval *ev;
	uint32_t k8s_id;
	hits h;
} world;

static int on_match(const fc_match *m, void *user)
{
	hits *h = user;
	const char *name = fc_rule_name(fc_match_rule(m));
	int i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->names[i], name) == 0)
			return FC_CB_CONTINUE;
	if (h->n < 64)
		snprintf(h->names[h->n++], sizeof(h->names[0]), "%s", name);
	return FC_CB_CONTINUE;
}

static void print_diags(fc_diag_list *dl)
{
	size_t i;
	char buf[1024];

	for (i = 0; i < fc_diag_list_count(dl); i++)
		if (fc_diag_format(dl, i, 0, buf, sizeof(buf)) >= 0)
			print_message("%s\n", buf);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	const char *up = getenv("FC_UPSTREAM");
	char path[1024];
	fc_diag_list *dl = NULL;
	int rc;

	assert_non_null(w);
	*state = w;
	assert_int_equal(
	        fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT), &w->k8s),
	        FC_OK);
	assert_int_equal(fc_json_source_new(NULL, &w->json), FC_OK);
	assert_int_equal(fc_engine_new(NULL, &w->eng), FC_OK);
	assert_int_equal(fc_engine_add_source(w->eng, fc_json_source_ops(w->k8s), &w->k8s_id),
	                 FC_OK);
	assert_int_equal(fc_engine_add_source(w->eng, fc_json_source_ops(w->json), NULL), FC_OK);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	snprintf(path, sizeof(path), "%s/falcosecurity-plugins/k8s_audit_rules.yaml",
	         up ? up : "../../shared/upstream");
	rc = fc_engine_load_file(w->eng, path, dl);
	if (rc == FC_ENOTSUP) {
		fc_diag_list_free(dl);
		return 0;
	}
	if (rc == FC_OK)
		rc = fc_engine_compile(w->eng, dl, &w->rs);
	if (rc == FC_ENOTSUP) {
		fc_diag_list_free(dl);
		return 0;
	}
	if (rc != FC_OK || fc_diag_list_count_severity(dl, FC_SEV_ERROR) != 0) {
		print_diags(dl);
		fail_msg("k8s_audit_rules.yaml: %s", fc_strerror(rc));
	}
	fc_diag_list_free(dl);
	rc = fc_eval_new(w->rs,
	                 FC_OPTS(fc_eval_opts, .on_match = on_match, .user = &w->h,
	                         .rule_matching = FC_RULE_MATCHING_ALL),
	                 &w->ev);
	if (rc == FC_ENOTSUP)
		return 0;
	assert_int_equal(rc, FC_OK);
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;

	fc_eval_free(w->ev);
	fc_ruleset_unref(w->rs);
	fc_engine_free(w->eng);
	fc_json_source_free(w->k8s);
	fc_json_source_free(w->json);
	free(w);
	return 0;
}

static int run_event(const fc_event *ev, void *user)
{
	world *w = user;
	int rc = fc_eval_run(w->ev, ev);

	return rc < 0 ? rc : FC_OK;
}

static void replay(world *w, const char *file)
{
	const char *root = getenv("FC_SRC_ROOT");
	char path[1024], buf[65536];
	fc_json_parser *p = NULL;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/k8s/%s", root ? root : "..", file);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fc_json_parser_new(w->k8s, w->k8s_id, 0, &p), FC_OK);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(fc_json_parser_feed(p, buf, n, run_event, w), FC_OK);
	assert_int_equal(fc_json_parser_finish(p, run_event, w), FC_OK);
	fc_json_parser_free(p);
	fclose(f);
}

static bool fired(const hits *h, const char *name)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->names[i], name) == 0)
			return true;
	return false;
}

static void test_expected_alerts(void **state)
{
	world *w = *state;
	const char *root = getenv("FC_SRC_ROOT");
	char path[1024], line[1024];
	FILE *f;
	int files = 0;

	if (!w->ev) {
		skipped++;
		skip();
	}
	snprintf(path, sizeof(path), "%s/tests/k8s/expected.txt", root ? root : "..");
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *colon, *want, *tok, *save = NULL;
		int i;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		colon = strstr(line, ": ");
		assert_non_null(colon);
		*colon = '\0';
		want = colon + 2;
		memset(&w->h, 0, sizeof(w->h));
		replay(w, line);
		files++;
		if (strcmp(want, "-") == 0) {
			for (i = 0; i < w->h.n; i++)
				print_message("%s: unexpected alert '%s'\n", line, w->h.names[i]);
			assert_int_equal(w->h.n, 0);
			continue;
		}
		for (tok = strtok_r(want, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
			while (*tok == ' ')
				tok++;
			if (!fired(&w->h, tok)) {
				for (i = 0; i < w->h.n; i++)
					print_message("%s: fired '%s'\n", line, w->h.names[i]);
				fail_msg("%s: rule '%s' did not fire", line, tok);
			}
		}
	}
	fclose(f);
	assert_true(files >= 10);
}

static int count_match(const fc_match *m, void *user)
{
	(void)m;
	++*(int *)user;
	return FC_CB_CONTINUE;
}

/* The verb index: a rule testing ka.verb only runs on events with its verbs. */
static void test_verb_index(void **state)
{
	static const char rules[] =
	        "- rule: pod created\n  desc: d\n  condition: ka.verb=create and "
	        "ka.target.resource=pods\n  output: created %ka.target.name\n  priority: NOTICE\n"
	        "  source: k8s_audit\n"
	        "- rule: reads\n  desc: d\n  condition: ka.verb in (get, list)\n"
	        "  output: read %ka.uri\n  priority: NOTICE\n  source: k8s_audit\n";
	static const char events[] =
	        "{\"auditID\":\"1\",\"verb\":\"delete\",\"objectRef\":{\"resource\":\"pods\"}}\n"
	        "{\"auditID\":\"2\",\"verb\":\"create\",\"objectRef\":{\"resource\":\"pods\"}}\n"
	        "{\"auditID\":\"3\",\"verb\":\"list\",\"requestURI\":\"/api\"}\n";
	world *w = *state;
	fc_engine *eng = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_json_batch *b = NULL;
	fc_eval_stats st;
	const fc_source_ops *ops = fc_json_source_ops(w->k8s);
	uint8_t bitmap[8];
	uint32_t id = 0, i;
	int matches = 0, rc;
	char err[128];

	if (!w->ev) {
		skipped++;
		skip();
	}
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_engine_add_source(eng, ops, &id), FC_OK);
	assert_int_equal(fc_engine_load_buffer(eng, "verbs.yaml", rules, strlen(rules), NULL),
	                 FC_OK);
	assert_int_equal(fc_engine_compile(eng, NULL, &rs), FC_OK);
	memset(bitmap, 0, sizeof(bitmap));
	assert_int_equal(fc_ruleset_interest(rs, id, bitmap, ops->n_codes), FC_OK);
	for (i = 0; i < ops->n_codes; i++) {
		bool want = strcmp(ops->code_names[i], "create") == 0 ||
		            strcmp(ops->code_names[i], "get") == 0 ||
		            strcmp(ops->code_names[i], "list") == 0;

		assert_int_equal(!!(bitmap[i / 8] & (1u << (i % 8))), want);
	}
	rc = fc_eval_new(rs,
	                 FC_OPTS(fc_eval_opts, .on_match = count_match, .user = &matches,
	                         .rule_matching = FC_RULE_MATCHING_ALL),
	                 &ev);
	assert_int_equal(rc, FC_OK);
	assert_int_equal(
	        fc_json_source_parse(w->k8s, events, strlen(events), id, &b, err, sizeof(err)),
	        FC_OK);
	for (i = 0; i < fc_json_batch_count(b); i++)
		assert_true(fc_eval_run(ev, fc_json_batch_event(b, i)) >= 0);
	fc_eval_get_stats(ev, &st);
	assert_int_equal(matches, 2);
	assert_int_equal(st.events, 3);
	assert_int_equal(st.events_no_rule, 1); /* the delete */
	assert_int_equal(st.rules_run, 2);      /* one rule each for create and list */
	fc_json_batch_free(b);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_engine_free(eng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_expected_alerts, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_verb_index, setup, teardown),
	};

	int rc = cmocka_run_group_tests_name("k8s_rules", tests, NULL, NULL);

	return rc == 0 && skipped ? 77 : rc;
}
