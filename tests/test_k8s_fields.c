/* SPDX-License-Identifier: Apache-2.0 */
/* White-box tests of the k8s_audit field extractor on the audit events of
 * tests/k8s/ (written for this project). Values are rendered as falco prints
 * them: a string as is, a list as (a,b), an absent value as <NA>. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/json/json_internal.h"

typedef struct fx {
	fc_json_source *src;
	fc_json_batch *batch;
	fci_arena arena;
	char out[4096];
} fx;

static void *arena_alloc(void *actx, size_t n)
{
	return fci_arena_alloc(actx, n);
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

static void load(fx *x, const char *file)
{
	size_t len;
	char *text = read_fixture(file, &len);
	char err[256];

	fc_json_batch_free(x->batch);
	x->batch = NULL;
	assert_int_equal(fc_json_source_parse(x->src, text, len, 7, &x->batch, err, sizeof(err)),
	                 FC_OK);
	free(text);
	assert_true(fc_json_batch_count(x->batch) >= 1);
}

/* Extracts `name[arg]` from event i and renders it. */
static const char *get_i(fx *x, size_t i, const char *name, const char *arg)
{
	fc_field_ref ref = {0};
	fc_value v;
	int fld = fci_json_field_index(name), rc;
	size_t o = 0, k;

	if (fld < 0)
		fail_msg("unknown field %s", name);
	ref.field = (uint32_t)fld;
	ref.index = -1;
	if (arg) {
		char *end;
		long idx = strtol(arg, &end, 10);

		ref.has_arg = true;
		ref.arg = arg;
		ref.arg_len = strlen(arg);
		if (*arg && !*end)
			ref.index = idx;
	}
	rc = fci_json_extract(x->src, fc_json_batch_event(x->batch, i), &ref, arena_alloc,
	                      &x->arena, &v);
	if (rc == FC_ENOENT)
		return "<NA>";
	assert_int_equal(rc, FC_OK);
	if (v.type == FC_TYPE_UINT64 || v.type == FC_TYPE_ABSTIME) {
		snprintf(x->out, sizeof(x->out), "%llu", (unsigned long long)v.u.u64);
		return x->out;
	}
	assert_int_equal(v.type, FC_TYPE_STRING);
	if (!v.is_list) {
		snprintf(x->out, sizeof(x->out), "%.*s", (int)v.u.str.len, v.u.str.ptr);
		return x->out;
	}
	x->out[o++] = '(';
	for (k = 0; k < v.u.list.n; k++)
		o += (size_t)snprintf(x->out + o, sizeof(x->out) - o, "%s%.*s", k ? "," : "",
		                      (int)v.u.list.items[k].u.str.len,
		                      v.u.list.items[k].u.str.ptr);
	snprintf(x->out + o, sizeof(x->out) - o, ")");
	return x->out;
}

static const char *get(fx *x, const char *name, const char *arg)
{
	return get_i(x, 0, name, arg);
}

static int setup(void **state)
{
	fx *x = calloc(1, sizeof(*x));

	assert_int_equal(fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT,
	                                            .cluster_name = "prod-eu"),
	                                    &x->src),
	                 FC_OK);
	fci_arena_init(&x->arena, 4096);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fx *x = *state;

	fc_json_batch_free(x->batch);
	fc_json_source_free(x->src);
	fci_arena_free(&x->arena);
	free(x);
	return 0;
}

static void test_common_fields(void **state)
{
	fx *x = *state;

	load(x, "privileged_pod.json");
	assert_string_equal(get(x, "ka.auditid", NULL), "a1000001-0000-4000-8000-000000000001");
	assert_string_equal(get(x, "ka.stage", NULL), "ResponseComplete");
	assert_string_equal(get(x, "ka.verb", NULL), "create");
	assert_string_equal(get(x, "ka.user.name", NULL), "kubernetes-admin");
	assert_string_equal(get(x, "ka.user.groups", NULL),
	                    "(system:masters,system:authenticated)");
	assert_string_equal(get(x, "ka.uri", NULL), "/api/v1/namespaces/default/pods");
	assert_string_equal(get(x, "ka.target.resource", NULL), "pods");
	assert_string_equal(get(x, "ka.target.name", NULL), "priv-pod");
	assert_string_equal(get(x, "ka.target.pod.name", NULL), "priv-pod");
	assert_string_equal(get(x, "ka.target.namespace", NULL), "default");
	assert_string_equal(get(x, "ka.target.subresource", NULL), "<NA>");
	assert_string_equal(get(x, "ka.resp.name", NULL), "priv-pod");
	/* numbers come back as their JSON text */
	assert_string_equal(get(x, "ka.response.code", NULL), "201");
	assert_string_equal(get(x, "ka.auth.decision", NULL), "allow");
	assert_string_equal(get(x, "ka.useragent", NULL),
	                    "kubectl/v1.29.0 (linux/amd64) kubernetes/abcdef");
	assert_string_equal(get(x, "ka.sourceips", NULL), "(10.0.0.7,192.168.1.5)");
	assert_string_equal(get(x, "ka.sourceips", "1"), "(192.168.1.5)");
	assert_string_equal(get(x, "ka.sourceips", "2"), "<NA>");
	assert_string_equal(get(x, "ka.cluster.name", NULL), "prod-eu");
	assert_string_equal(get(x, "ka.impuser.name", NULL), "<NA>");
	assert_string_equal(get(x, "ka.req.binding.subject.has_name", "x"), "true");
	/* stageTimestamp 2024-05-14T10:00:01.5Z */
	assert_string_equal(get(x, "evt.rawtime", NULL), "1715680801500000000");
	assert_string_equal(get(x, "jevt.rawtime", NULL), "1715680801500000000");
	assert_string_equal(get(x, "evt.time.iso8601", NULL), "2024-05-14T10:00:01.500000000Z");
	assert_string_equal(get(x, "evt.time", NULL), "10:00:01.500000000");
	assert_string_equal(get(x, "evt.num", NULL), "1");
	assert_string_equal(get(x, "evt.source", NULL), "k8s_audit");
	assert_int_equal(fc_json_batch_event(x->batch, 0)->code, FCI_KV_CREATE);
	assert_int_equal(fc_json_batch_event(x->batch, 0)->source, 7);
}

static void test_privileged_pod(void **state)
{
	fx *x = *state;

	load(x, "privileged_pod.json");
	/* the sidecar has no securityContext: skipped, not "absent for all" */
	assert_string_equal(get(x, "ka.req.pod.containers.privileged", NULL), "(true)");
	assert_string_equal(get(x, "ka.req.pod.containers.privileged", "0"), "(true)");
	assert_string_equal(get(x, "ka.req.pod.containers.privileged", "1"), "<NA>");
	assert_string_equal(get(x, "ka.req.container.privileged", NULL), "true");
	assert_string_equal(get(x, "ka.req.pod.initContainers.privileged", NULL), "(false)");
	assert_string_equal(get(x, "ka.req.pod.ephemeralContainers.privileged", NULL), "<NA>");
	assert_string_equal(get(x, "ka.req.pod.containers.image", NULL),
	                    "(docker.io/library/nginx:1.25,busybox@sha256:0123abcd)");
	assert_string_equal(get(x, "ka.req.pod.containers.image", "1"),
	                    "(busybox@sha256:0123abcd)");
	assert_string_equal(get(x, "ka.req.pod.containers.image.repository", NULL),
	                    "(docker.io/library/nginx,busybox)");
	assert_string_equal(get(x, "ka.req.container.image", NULL), "docker.io/library/nginx:1.25");
	assert_string_equal(get(x, "ka.req.container.image.repository", NULL),
	                    "docker.io/library/nginx");
	/* as the plugin: everything before the first ':' (a registry port too) */
	assert_string_equal(get(x, "ka.req.pod.initContainers.image.repository", NULL),
	                    "(registry.example.com)");
	assert_string_equal(get(x, "ka.req.pod.initContainers.name", NULL), "(init)");
	assert_string_equal(get(x, "ka.req.pod.containers.name", NULL), "(app,sidecar)");
	assert_string_equal(get(x, "ka.req.pod.containers.command", NULL), "(sh,-c)");
	assert_string_equal(get(x, "ka.req.pod.containers.args", NULL), "(sleep 3600)");
	assert_string_equal(get(x, "ka.req.pod.containers.add_capabilities", NULL),
	                    "(NET_ADMIN,SYS_TIME)");
	assert_string_equal(get(x, "ka.req.pod.containers.host_port", NULL), "(8080,5353)");
	assert_string_equal(get(x, "ka.req.pod.containers.run_as_user", NULL), "(1000)");
	/* effective: the container's own, else the pod's */
	assert_string_equal(get(x, "ka.req.pod.containers.eff_run_as_user", NULL), "(1000,2000)");
	assert_string_equal(get(x, "ka.req.pod.containers.eff_run_as_group", NULL), "(3000,3000)");
	assert_string_equal(get(x, "ka.req.pod.run_as_user", NULL), "2000");
	assert_string_equal(get(x, "ka.req.pod.run_as_group", NULL), "3000");
	assert_string_equal(get(x, "ka.req.pod.fs_group", NULL), "4000");
	assert_string_equal(get(x, "ka.req.pod.supplemental_groups", NULL), "(5000,5001)");
	assert_string_equal(get(x, "ka.req.pod.host_network", NULL), "<NA>");
	assert_string_equal(get(x, "ka.req.pod.volumes.hostpath", NULL), "<NA>");
	assert_string_equal(get(x, "jevt.value", "/requestObject/spec/containers/0/name"), "app");
	assert_string_equal(get(x, "json.value", "/requestObject/spec/containers/1/ports/1"),
	                    "{\"containerPort\":53,\"hostPort\":5353}");
	assert_string_equal(get(x, "jevt.value", "/requestObject/spec/containers/2"), "<NA>");
	assert_string_equal(get(x, "jevt.value", "/stage"), "ResponseComplete");
	/* the plugin also accepts a pointer without the leading '/' */
	assert_string_equal(get(x, "jevt.value", "verb"), "create");
}

static void test_sensitive_mount(void **state)
{
	fx *x = *state;

	load(x, "sensitive_mount_pod.json");
	assert_string_equal(get(x, "ka.req.pod.volumes.hostpath", NULL),
	                    "(/var/run/docker.sock,/data)");
	assert_string_equal(get(x, "ka.req.pod.volumes.hostpath", "1"), "(/data)");
	assert_string_equal(get(x, "ka.req.pod.volumes.hostpath", "2"), "<NA>");
	assert_string_equal(get(x, "ka.req.volume.hostpath", "/var/run/docker.sock"), "true");
	assert_string_equal(get(x, "ka.req.volume.hostpath", "/var/run/*"), "true");
	assert_string_equal(get(x, "ka.req.volume.hostpath", "/etc"), "false");
	assert_string_equal(get(x, "ka.req.pod.volumes.flexvolume_driver", NULL),
	                    "(example.com/lvm)");
	assert_string_equal(get(x, "ka.req.pod.volumes.volume_type", NULL),
	                    "(hostPath,hostPath,configMap,flexVolume)");
	assert_string_equal(get(x, "ka.req.pod.containers.privileged", NULL), "<NA>");
	assert_string_equal(get(x, "ka.req.container.privileged", NULL), "false");
	assert_string_equal(get(x, "ka.req.pod.containers.eff_run_as_user", NULL), "(0)");
}

static void test_hostnetwork(void **state)
{
	fx *x = *state;

	load(x, "hostnetwork_pod.json");
	assert_string_equal(get(x, "ka.req.pod.host_network", NULL), "true");
	assert_string_equal(get(x, "ka.req.container.host_network", NULL), "true");
	assert_string_equal(get(x, "ka.req.pod.host_pid", NULL), "false");
	assert_string_equal(get(x, "ka.req.pod.host_ipc", NULL), "false");
}

static void test_cluster_admin_binding(void **state)
{
	fx *x = *state;

	load(x, "clusterrolebinding_admin.json");
	assert_string_equal(get(x, "ka.req.binding.role", NULL), "cluster-admin");
	assert_string_equal(get(x, "ka.target.pod.name", NULL), "<NA>");
	assert_string_equal(
	        get(x, "ka.req.binding.subjects", NULL),
	        "({\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":"
	        "\"mallory\"},"
	        "{\"kind\":\"ServiceAccount\",\"name\":\"builder\",\"namespace\":\"ci\"},"
	        "{\"kind\":\"Group\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"devs\"}"
	        ")");
	assert_string_equal(get(x, "ka.req.binding.subjects.user_names", NULL), "(mallory)");
	assert_string_equal(get(x, "ka.req.binding.subjects.serviceaccount_names", NULL),
	                    "(builder)");
	assert_string_equal(get(x, "ka.req.binding.subjects.serviceaccount_ns_names", NULL),
	                    "(ci:builder)");
	assert_string_equal(get(x, "ka.req.binding.subjects.group_names", NULL), "(devs)");
}

static void test_configmap(void **state)
{
	fx *x = *state;

	load(x, "configmap_aws_keys.json");
	assert_string_equal(get(x, "ka.req.configmap.name", NULL), "app-config");
	assert_string_equal(
	        get(x, "ka.req.configmap.obj", NULL),
	        "{\"region\":\"eu-west-1\",\"aws_access_key_id\":\"AKIAEXAMPLEEXAMPLE12\"}");
}

static void test_exec(void **state)
{
	fx *x = *state;

	load(x, "exec_pod.json");
	assert_string_equal(get(x, "ka.target.subresource", NULL), "exec");
	assert_string_equal(get(x, "ka.stage", NULL), "ResponseStarted");
	/* first value, percent-decoded */
	assert_string_equal(get(x, "ka.uri.param", "command"), "/bin/bash");
	assert_string_equal(get(x, "ka.uri.param", "container"), "web");
	assert_string_equal(get(x, "ka.uri.param", "tty"), "true");
	assert_string_equal(get(x, "ka.uri.param", "missing"), "<NA>");
	assert_string_equal(get(x, "ka.response.code", NULL), "101");
}

static void test_anonymous(void **state)
{
	fx *x = *state;

	load(x, "anonymous_allowed.json");
	assert_string_equal(get(x, "ka.user.name", NULL), "system:anonymous");
	assert_string_equal(get(x, "ka.auth.decision", NULL), "allow");
	assert_string_equal(get(x, "ka.verb", NULL), "list");
	assert_int_equal(fc_json_batch_event(x->batch, 0)->code, FCI_KV_LIST);
	assert_string_equal(
	        get(x, "ka.auth.reason", NULL),
	        "RBAC: allowed by ClusterRoleBinding \"oops\" of ClusterRole \"view\" to "
	        "Group \"system:unauthenticated\"");
}

static void test_role_rules(void **state)
{
	fx *x = *state;

	load(x, "role_wildcard.json");
	assert_string_equal(get(x, "ka.req.role.rules.resources", NULL), "(*)");
	assert_string_equal(get(x, "ka.req.role.rules.verbs", NULL), "(*,get)");
	assert_string_equal(get(x, "ka.req.role.rules.verbs", "1"), "(get)");
	assert_string_equal(get(x, "ka.req.role.rules.apiGroups", NULL), "(*)");
	assert_string_equal(get(x, "ka.req.role.rules.nonResourceURLs", NULL), "(/metrics)");
	assert_string_equal(get(x, "ka.req.role.rules", NULL),
	                    "({\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]},"
	                    "{\"nonResourceURLs\":[\"/metrics\"],\"verbs\":[\"get\"]})");
}

static void test_service(void **state)
{
	fx *x = *state;

	load(x, "nodeport_service.json");
	assert_string_equal(get(x, "ka.req.service.type", NULL), "NodePort");
	assert_string_equal(
	        get(x, "ka.req.service.ports", NULL),
	        "({\"port\":80,\"targetPort\":8080,\"nodePort\":30080,\"protocol\":\"TCP\"})");
}

static void test_eventlist_and_codes(void **state)
{
	fx *x = *state;

	load(x, "eventlist.json");
	assert_int_equal(fc_json_batch_count(x->batch), 2);
	assert_string_equal(get_i(x, 0, "ka.target.name", NULL), "crypto-miner");
	assert_string_equal(get_i(x, 1, "ka.user.name", NULL), "system:kube-controller-manager");
	assert_string_equal(get_i(x, 1, "evt.num", NULL), "2");
	assert_int_equal(fc_json_batch_event(x->batch, 0)->code, FCI_KV_CREATE);
	assert_int_equal(fc_json_batch_event(x->batch, 1)->code, FCI_KV_GET);
	load(x, "benign.json");
	assert_int_equal(fc_json_batch_count(x->batch), 4);
	assert_int_equal(fc_json_batch_event(x->batch, 1)->code, FCI_KV_WATCH);
	assert_string_equal(get_i(x, 1, "ka.uri.param", "watch"), "true");
	assert_string_equal(get_i(x, 3, "ka.uri", NULL), "/healthz");
}

static void test_json_obj_and_non_audit(void **state)
{
	fx *x = *state;
	static const char text[] = "{\"a\":[1,2.5,{\"b\":null}],\"s\":\"q\\\"\\n\"}\n";
	char err[128];
	const char *obj;

	fc_json_batch_free(x->batch);
	assert_int_equal(fc_json_source_parse(x->src, text, sizeof(text) - 1, 0, &x->batch, err,
	                                      sizeof(err)),
	                 FC_OK);
	obj = get(x, "jevt.obj", NULL);
	assert_string_equal(obj,
	                    "{\n  \"a\": [\n    1,\n    2.5,\n    {\n      \"b\": null\n    }\n"
	                    "  ],\n  \"s\": \"q\\\"\\n\"\n}");
	assert_string_equal(get(x, "json.value", "/a/1"), "2.5");
	/* note: json-c has no null object: a null value reads as absent */
	assert_string_equal(get(x, "json.value", "/a/2/b"), "<NA>");
	assert_string_equal(get(x, "json.value", "/s"), "q\"\n");
	/* no auditID: every ka.* field is absent, and the verb code is the catch-all */
	assert_string_equal(get(x, "ka.verb", NULL), "<NA>");
	assert_string_equal(get(x, "ka.req.binding.subject.has_name", "x"), "<NA>");
	assert_string_equal(get(x, "ka.cluster.name", NULL), "<NA>");
	assert_int_equal(fc_json_batch_event(x->batch, 0)->code, FCI_KV_OTHER);
}

static void test_field_table(void **state)
{
	const fc_source_ops *ops;
	size_t i, n_ka = 0;
	fx *x = *state;
	int f;

	ops = fc_json_source_ops(x->src);
	assert_string_equal(ops->name, "k8s_audit");
	assert_string_equal(ops->index_field, "ka.verb");
	assert_string_equal(ops->provides[0], "k8saudit@0.18.0");
	for (i = 0; i < ops->n_fields; i++) {
		if (strncmp(ops->fields[i].name, "ka.", 3) == 0)
			n_ka++;
		assert_non_null(ops->fields[i].desc);
		assert_int_equal(fci_json_field_index(ops->fields[i].name), (int)i);
	}
	/* the k8saudit plugin documents 100 ka.* fields; we have them plus the
	 * json plugin's and a few evt.* */
	assert_true(n_ka >= 100);
	for (i = 1; i < ops->n_codes; i++)
		assert_int_equal(fci_k8s_verb_code(ops->code_names[i], strlen(ops->code_names[i])),
		                 i);
	f = fci_json_field_index("ka.req.pod.containers.image");
	assert_true(ops->fields[f].flags & FC_FIELD_LIST);
	assert_true(ops->fields[f].flags & FC_FIELD_ARG_INDEX);
	f = fci_json_field_index("ka.uri.param");
	assert_true(ops->fields[f].flags & FC_FIELD_ARG_REQUIRED);
	/* resolve checks arguments */
	{
		fc_field_ref ref = {.field = (uint32_t)f, .index = -1};
		char err[128] = "";

		assert_int_equal(ops->resolve(ops->ctx, &ref, err, sizeof(err)), FC_EINVAL);
		assert_non_null(strstr(err, "needs an argument"));
		ref.field = (uint32_t)fci_json_field_index("ka.req.pod.containers.image");
		ref.has_arg = true;
		ref.arg = "x";
		ref.arg_len = 1;
		assert_int_equal(ops->resolve(ops->ctx, &ref, err, sizeof(err)), FC_EINVAL);
		ref.arg = "1";
		ref.index = 1;
		assert_int_equal(ops->resolve(ops->ctx, &ref, err, sizeof(err)), FC_OK);
		ref.field = (uint32_t)fci_json_field_index("ka.verb");
		assert_int_equal(ops->resolve(ops->ctx, &ref, err, sizeof(err)), FC_EINVAL);
	}
}

static void test_rfc3339(void **state)
{
	(void)state;
	assert_true(fci_parse_rfc3339("1970-01-01T00:00:01Z", 20) == 1000000000ull);
	assert_true(fci_parse_rfc3339("2024-05-14T12:00:01.5+02:00", 27) == 1715680801500000000ull);
	assert_true(fci_parse_rfc3339("2024-05-14T10:00:01.123456789Z", 30) ==
	            1715680801123456789ull);
	assert_true(fci_parse_rfc3339("2024-13-14T10:00:01Z", 20) == 0);
	assert_true(fci_parse_rfc3339("yesterday", 9) == 0);
	assert_true(fci_parse_rfc3339("2024-05-14T10:00:01", 19) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_common_fields, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_privileged_pod, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_sensitive_mount, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_hostnetwork, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_cluster_admin_binding, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_configmap, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_anonymous, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_role_rules, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_service, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_eventlist_and_codes, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_json_obj_and_non_audit, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_field_table, setup, teardown),
	        cmocka_unit_test(test_rfc3339),
	};

	return cmocka_run_group_tests_name("k8s_fields", tests, NULL, NULL);
}
