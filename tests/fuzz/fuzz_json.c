/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: JSON / k8s audit input. The input is parsed whole with
 * fc_json_source_parse() and every event is evaluated against rules that
 * read ka.* and json.* fields; then it is fed again in two chunks to the
 * streaming parser (split at a point taken from the first byte). */
#include "fuzz_common.h"

#include <falcocore/json.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules[] =
        "- rule: r1\n  desc: d\n  priority: INFO\n  source: k8s_audit\n"
        "  condition: ka.verb in (create, get) and (ka.target.resource = pods or "
        "ka.user.name startswith \"system:\" or ka.req.pod.containers.privileged intersects (true)"
        " or json.value[/objectRef/name] contains x)\n"
        "  output: o %ka.user.name %ka.target.name %ka.req.pod.containers.image "
        "%ka.req.pod.volumes.hostpath %ka.uri.param[a] %json.value[/a/0/b] %jevt.time\n"
        "- rule: r2\n  desc: d\n  priority: INFO\n  source: k8s_audit\n"
        "  condition: ka.auth.decision = allow and ka.resp.name exists or "
        "ka.req.binding.subject.has_name[x] = true or ka.req.role.rules.verbs intersects (create)\n"
        "  output: o %ka.req.binding.role %ka.req.pod.host_network %ka.sourceips "
        "%ka.req.configmap.obj %ka.impuser.name %ka.useragent\n";

static int on_match(const fc_match *m, void *user)
{
	char buf[1024];

	(void)user;
	fuzz_ignore(fc_match_format_output(m, buf, sizeof(buf)));
	return FC_CB_CONTINUE;
}

static int on_event(const fc_event *evt, void *user)
{
	if (user)
		fuzz_ignore(fc_eval_run(user, evt));
	return FC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fc_json_source *src = NULL;
	fc_engine *eng = NULL;
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_json_batch *b = NULL;
	fc_json_parser *p = NULL;
	uint32_t sid = 0;
	char err[256];
	size_t cut;

	if (fc_json_source_new(
	            FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT, .max_event_size = 1 << 20),
	            &src) != FC_OK)
		return 0;
	if (fc_engine_new(NULL, &eng) == FC_OK && fc_diag_list_new(&dl) == FC_OK &&
	    fc_engine_add_source(eng, fc_json_source_ops(src), &sid) == FC_OK &&
	    fc_engine_load_buffer(eng, "r.yaml", rules, sizeof(rules) - 1, dl) == FC_OK &&
	    fc_engine_compile(eng, dl, &rs) == FC_OK &&
	    fc_ruleset_source_id(rs, "k8s_audit", &sid) == FC_OK)
		fuzz_ignore(fc_eval_new(rs, FC_OPTS(fc_eval_opts, .on_match = on_match), &ev));
	if (fc_json_source_parse(src, (const char *)data, size, sid, &b, err, sizeof(err)) ==
	    FC_OK) {
		for (size_t i = 0; ev && i < fc_json_batch_count(b); i++)
			fuzz_ignore(fc_eval_run(ev, fc_json_batch_event(b, i)));
	}
	fc_json_batch_free(b);
	cut = size ? data[0] % (size + 1) : 0;
	if (fc_json_parser_new(src, sid, size & 1 ? FC_JSON_PARSER_SKIP_BAD : 0, &p) == FC_OK) {
		if (fc_json_parser_feed(p, (const char *)data, cut, on_event, ev) == FC_OK &&
		    fc_json_parser_feed(p, (const char *)data + cut, size - cut, on_event, ev) ==
		            FC_OK)
			fuzz_ignore(fc_json_parser_finish(p, on_event, ev));
		fuzz_ignore((int)fc_json_parser_error(p)[0]);
		fc_json_parser_free(p);
	}
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_diag_list_free(dl);
	fc_engine_free(eng);
	fc_json_source_free(src);
	return 0;
}
