/* SPDX-License-Identifier: Apache-2.0 */
/* Field tables and the extractor of the k8s_audit and json sources.
 *
 * Semantics follow Falco's k8saudit and json plugins: every ka.* and json.*
 * field is a string (or a list of strings); JSON strings are returned as they
 * are, any other JSON value as its compact JSON text ("true", "0", "{...}").
 * Every ka.* field is absent on an object without "auditID". A list with no
 * element is absent, as in the plugins (the SDK reports an empty list as "no
 * value"). Deliberate differences, for usefulness, are marked "note:". */
#include "json_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LIST FC_FIELD_LIST
#define IDX  (FC_FIELD_LIST | FC_FIELD_ARG_ALLOWED | FC_FIELD_ARG_INDEX)
#define KEY  (FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_KEY)
#define DEPR FC_FIELD_DEPRECATED
#define S    FC_TYPE_STRING
#define SPOD "When the request object refers to a pod, "

/* The per-container fields, in the same order for the three container lists
 * (spec.containers, spec.initContainers, spec.ephemeralContainers). */
enum {
	C_NAME,
	C_IMAGE,
	C_IMAGE_REPO,
	C_COMMAND,
	C_ARGS,
	C_HOST_PORT,
	C_PRIVILEGED,
	C_APE,
	C_RO_FS,
	C_RUN_AS_USER,
	C_EFF_RUN_AS_USER,
	C_RUN_AS_GROUP,
	C_EFF_RUN_AS_GROUP,
	C_PROC_MOUNT,
	C_ADD_CAPS,
	C__COUNT
};

#define CONTAINER_FIELDS(P, key, what)                                                             \
	F(P##_NAME, "ka.req.pod." key ".name", S, IDX, SPOD "the names of the " what ".")          \
	F(P##_IMAGE, "ka.req.pod." key ".image", S, IDX, SPOD "the images of the " what ".")       \
	F(P##_IMAGE_REPO, "ka.req.pod." key ".image.repository", S, IDX,                           \
	  SPOD "the repository part of the images of the " what " (no tag, no digest).")           \
	F(P##_COMMAND, "ka.req.pod." key ".command", S, IDX,                                       \
	  SPOD "the command words of the " what ".")                                               \
	F(P##_ARGS, "ka.req.pod." key ".args", S, IDX, SPOD "the arguments of the " what ".")      \
	F(P##_HOST_PORT, "ka.req.pod." key ".host_port", S, IDX,                                   \
	  SPOD "the hostPort (else containerPort) values of the " what ".")                        \
	F(P##_PRIVILEGED, "ka.req.pod." key ".privileged", S, IDX,                                 \
	  SPOD "the privileged flags of the " what ".")                                            \
	F(P##_APE, "ka.req.pod." key ".allow_privilege_escalation", S, IDX,                        \
	  SPOD "the allowPrivilegeEscalation flags of the " what ".")                              \
	F(P##_RO_FS, "ka.req.pod." key ".read_only_fs", S, IDX,                                    \
	  SPOD "the readOnlyRootFilesystem flags of the " what ".")                                \
	F(P##_RUN_AS_USER, "ka.req.pod." key ".run_as_user", S, IDX,                               \
	  SPOD "the runAsUser uids of the " what ".")                                              \
	F(P##_EFF_RUN_AS_USER, "ka.req.pod." key ".eff_run_as_user", S, IDX,                       \
	  SPOD "the uid each of the " what " starts with (container, else pod security "           \
	       "context, else 0).")                                                                \
	F(P##_RUN_AS_GROUP, "ka.req.pod." key ".run_as_group", S, IDX,                             \
	  SPOD "the runAsGroup gids of the " what ".")                                             \
	F(P##_EFF_RUN_AS_GROUP, "ka.req.pod." key ".eff_run_as_group", S, IDX,                     \
	  SPOD "the gid each of the " what " starts with (container, else pod security "           \
	       "context, else 0).")                                                                \
	F(P##_PROC_MOUNT, "ka.req.pod." key ".proc_mount", S, IDX,                                 \
	  SPOD "the procMount types of the " what ".")                                             \
	F(P##_ADD_CAPS, "ka.req.pod." key ".add_capabilities", S, IDX,                             \
	  SPOD "the capabilities added to the " what ".")

/* F(id, name, type, flags, description). The generic source uses the fields
 * up to and including FLD_JEVT_TIME_ISO. Append new k8s fields at the end. */
#define FIELDS                                                                                     \
	F(FLD_EVT_NUM, "evt.num", FC_TYPE_UINT64, 0, "Event number in its stream.")                \
	F(FLD_EVT_TIME, "evt.time", S, 0, "Event time as HH:MM:SS.nanoseconds (UTC).")             \
	F(FLD_EVT_TIME_ISO, "evt.time.iso8601", S, 0, "Event time in ISO 8601 form (UTC).")        \
	F(FLD_EVT_RAWTIME, "evt.rawtime", FC_TYPE_ABSTIME, 0,                                      \
	  "Event time in nanoseconds since the epoch.")                                            \
	F(FLD_EVT_SOURCE, "evt.source", S, 0, "Name of the event source.")                         \
	F(FLD_EVT_PLUGINNAME, "evt.pluginname", S, 0,                                              \
	  "Name of the Falco plugin this source stands in for.")                                   \
	F(FLD_JSON_VALUE, "json.value", S, KEY,                                                    \
	  "A value of the event, by RFC 6901 JSON pointer: json.value[/a/b/0]. Strings as they "   \
	  "are, other values as JSON text.")                                                       \
	F(FLD_JSON_OBJ, "json.obj", S, 0, "The whole event as indented JSON text.")                \
	F(FLD_JSON_RAWTIME, "json.rawtime", S, 0,                                                  \
	  "Event time in nanoseconds since the epoch, as text (as evt.rawtime).")                  \
	F(FLD_JEVT_VALUE, "jevt.value", S, KEY, "Alias of json.value.")                            \
	F(FLD_JEVT_OBJ, "jevt.obj", S, 0, "Alias of json.obj.")                                    \
	F(FLD_JEVT_RAWTIME, "jevt.rawtime", S, 0, "Alias of json.rawtime.")                        \
	F(FLD_JEVT_TIME, "jevt.time", S, 0, "Event time as HH:MM:SS.nanoseconds (UTC).")           \
	F(FLD_JEVT_TIME_ISO, "jevt.time.iso8601", S, 0, "Event time in ISO 8601 form (UTC).")      \
	F(FLD_KA_AUDITID, "ka.auditid", S, 0, "The unique id of the audit event.")                 \
	F(FLD_KA_STAGE, "ka.stage", S, 0,                                                          \
	  "Stage of the request (RequestReceived, ResponseComplete, ...).")                        \
	F(FLD_KA_AUTH_DECISION, "ka.auth.decision", S, 0, "The authorization decision.")           \
	F(FLD_KA_AUTH_REASON, "ka.auth.reason", S, 0, "The authorization reason.")                 \
	F(FLD_KA_AUTH_OS_DECISION, "ka.auth.openshift.decision", S, 0,                             \
	  "The authentication decision of the OpenShift API server extension.")                    \
	F(FLD_KA_VAP_FAILURE, "ka.validations.admission.policy.failure", S, 0,                     \
	  "The validation failure reason of a Validating Admission Policy.")                       \
	F(FLD_KA_POD_VIOLATIONS, "ka.security.pod.violations", S, 0,                               \
	  "The pod security admission violations.")                                                \
	F(FLD_KA_AUTH_OS_USERNAME, "ka.auth.openshift.username", S, 0,                             \
	  "The user name of the OpenShift authentication.")                                        \
	F(FLD_KA_USER_NAME, "ka.user.name", S, 0, "The user name performing the request.")         \
	F(FLD_KA_USER_GROUPS, "ka.user.groups", S, LIST, "The groups of the user.")                \
	F(FLD_KA_IMPUSER_NAME, "ka.impuser.name", S, 0, "The impersonated user name.")             \
	F(FLD_KA_VERB, "ka.verb", S, 0, "The action being performed (create, get, ...).")          \
	F(FLD_KA_URI, "ka.uri", S, 0, "The request URI as sent by the client.")                    \
	F(FLD_KA_URI_PARAM, "ka.uri.param", S, KEY,                                                \
	  "The value of a query parameter of the URI: ka.uri.param[command].")                     \
	F(FLD_KA_TARGET_NAME, "ka.target.name", S, 0, "The target object name.")                   \
	F(FLD_KA_TARGET_NS, "ka.target.namespace", S, 0, "The target object namespace.")           \
	F(FLD_KA_TARGET_RESOURCE, "ka.target.resource", S, 0, "The target object resource.")       \
	F(FLD_KA_TARGET_SUBRESOURCE, "ka.target.subresource", S, 0,                                \
	  "The target object subresource.")                                                        \
	F(FLD_KA_TARGET_POD_NAME, "ka.target.pod.name", S, 0,                                      \
	  "The target pod name, when the target resource is pods.")                                \
	F(FLD_KA_BINDING_SUBJECTS, "ka.req.binding.subjects", S, LIST,                             \
	  "When the request object is a (cluster) role binding, its subjects as JSON.")            \
	F(FLD_KA_BINDING_USERS, "ka.req.binding.subjects.user_names", S, LIST,                     \
	  "The User subjects of a (cluster) role binding.")                                        \
	F(FLD_KA_BINDING_SAS, "ka.req.binding.subjects.serviceaccount_names", S, LIST,             \
	  "The ServiceAccount subjects of a (cluster) role binding.")                              \
	F(FLD_KA_BINDING_SA_NS, "ka.req.binding.subjects.serviceaccount_ns_names", S, LIST,        \
	  "The ServiceAccount subjects of a (cluster) role binding, as namespace:name.")           \
	F(FLD_KA_BINDING_GROUPS, "ka.req.binding.subjects.group_names", S, LIST,                   \
	  "The Group subjects of a (cluster) role binding.")                                       \
	F(FLD_KA_BINDING_ROLE, "ka.req.binding.role", S, 0,                                        \
	  "When the request object is a (cluster) role binding, the role it binds.")               \
	F(FLD_KA_BINDING_HAS_NAME, "ka.req.binding.subject.has_name", S, KEY | DEPR,               \
	  "Deprecated; always \"true\" (as the k8saudit plugin).")                                 \
	F(FLD_KA_CM_NAME, "ka.req.configmap.name", S, 0,                                           \
	  "When the request object is a configmap, its name.")                                     \
	F(FLD_KA_CM_OBJ, "ka.req.configmap.obj", S, 0,                                             \
	  "When the request object is a configmap, its data as JSON.")                             \
	CONTAINER_FIELDS(FLD_KA_CT, "containers", "containers")                                    \
	CONTAINER_FIELDS(FLD_KA_IC, "initContainers", "init containers")                           \
	CONTAINER_FIELDS(FLD_KA_EC, "ephemeralContainers", "ephemeral containers")                 \
	F(FLD_KA_CONTAINER_IMAGE, "ka.req.container.image", S, DEPR,                               \
	  "Deprecated: the image of the first container.")                                         \
	F(FLD_KA_CONTAINER_IMAGE_REPO, "ka.req.container.image.repository", S, DEPR,               \
	  "Deprecated: the image repository of the first container.")                              \
	F(FLD_KA_POD_HOST_IPC, "ka.req.pod.host_ipc", S, 0, SPOD "the hostIPC flag.")              \
	F(FLD_KA_POD_HOST_NETWORK, "ka.req.pod.host_network", S, 0, SPOD "the hostNetwork flag.")  \
	F(FLD_KA_CONTAINER_HOST_NETWORK, "ka.req.container.host_network", S, DEPR,                 \
	  "Deprecated alias of ka.req.pod.host_network.")                                          \
	F(FLD_KA_POD_HOST_PID, "ka.req.pod.host_pid", S, 0, SPOD "the hostPID flag.")              \
	F(FLD_KA_CONTAINER_PRIVILEGED, "ka.req.container.privileged", S, DEPR,                     \
	  "Deprecated: \"true\" if any container is privileged, else \"false\".")                  \
	F(FLD_KA_POD_RUN_AS_USER, "ka.req.pod.run_as_user", S, 0,                                  \
	  SPOD "the runAsUser of the pod security context.")                                       \
	F(FLD_KA_POD_RUN_AS_GROUP, "ka.req.pod.run_as_group", S, 0,                                \
	  SPOD "the runAsGroup of the pod security context.")                                      \
	F(FLD_KA_ROLE_RULES, "ka.req.role.rules", S, LIST,                                         \
	  "When the request object is a (cluster) role, its rules as JSON.")                       \
	F(FLD_KA_ROLE_RULES_APIGROUPS, "ka.req.role.rules.apiGroups", S, IDX,                      \
	  "The API groups of the rules of a (cluster) role.")                                      \
	F(FLD_KA_ROLE_RULES_NRURLS, "ka.req.role.rules.nonResourceURLs", S, IDX,                   \
	  "The non-resource URLs of the rules of a (cluster) role.")                               \
	F(FLD_KA_ROLE_RULES_VERBS, "ka.req.role.rules.verbs", S, IDX,                              \
	  "The verbs of the rules of a (cluster) role.")                                           \
	F(FLD_KA_ROLE_RULES_RESOURCES, "ka.req.role.rules.resources", S, IDX,                      \
	  "The resources of the rules of a (cluster) role.")                                       \
	F(FLD_KA_POD_FS_GROUP, "ka.req.pod.fs_group", S, 0,                                        \
	  SPOD "the fsGroup of the pod security context.")                                         \
	F(FLD_KA_POD_SUPP_GROUPS, "ka.req.pod.supplemental_groups", S, LIST,                       \
	  SPOD "the supplementalGroups of the pod security context.")                              \
	F(FLD_KA_SERVICE_TYPE, "ka.req.service.type", S, 0,                                        \
	  "When the request object is a service, its type.")                                       \
	F(FLD_KA_SERVICE_PORTS, "ka.req.service.ports", S, IDX,                                    \
	  "When the request object is a service, its ports as JSON.")                              \
	F(FLD_KA_POD_VOL_HOSTPATH, "ka.req.pod.volumes.hostpath", S, IDX,                          \
	  SPOD "the hostPath paths of its volumes.")                                               \
	F(FLD_KA_VOLUME_HOSTPATH, "ka.req.volume.hostpath", S, KEY | DEPR,                         \
	  "Deprecated: \"true\" if a volume uses the host path given as argument (a trailing * "   \
	  "matches a prefix), else \"false\".")                                                    \
	F(FLD_KA_POD_VOL_FLEX, "ka.req.pod.volumes.flexvolume_driver", S, IDX,                     \
	  SPOD "the flexVolume drivers of its volumes.")                                           \
	F(FLD_KA_POD_VOL_TYPE, "ka.req.pod.volumes.volume_type", S, IDX,                           \
	  SPOD "the types of its volumes (hostPath, configMap, ...).")                             \
	F(FLD_KA_RESP_NAME, "ka.resp.name", S, 0, "The response object name.")                     \
	F(FLD_KA_RESPONSE_CODE, "ka.response.code", S, 0, "The response code.")                    \
	F(FLD_KA_RESPONSE_REASON, "ka.response.reason", S, 0,                                      \
	  "The response reason (usually only for failures).")                                      \
	F(FLD_KA_USERAGENT, "ka.useragent", S, 0, "The user agent of the client.")                 \
	F(FLD_KA_SOURCEIPS, "ka.sourceips", S, IDX, "The IP addresses of the client.")             \
	F(FLD_KA_CLUSTER_NAME, "ka.cluster.name", S, 0,                                            \
	  "The name of the cluster (as configured for this source).")

enum {
#define F(id, name, type, flags, desc) id,
	FIELDS
#undef F
	        FLD__COUNT
};

const fc_field_def fci_json_fields[] = {
#define F(id, name, type, flags, desc) {name, type, flags, desc},
        FIELDS
#undef F
};
const size_t fci_json_n_fields = FLD__COUNT;
const size_t fci_json_n_generic_fields = FLD_JEVT_TIME_ISO + 1;

_Static_assert(FCI_ARRAY_LEN(fci_json_fields) == FLD__COUNT, "field table and enum agree");
_Static_assert(FLD_KA_IC_NAME - FLD_KA_CT_NAME == C__COUNT, "container field blocks");
_Static_assert(FLD_KA_EC_NAME - FLD_KA_IC_NAME == C__COUNT, "container field blocks");

const char *const fci_k8s_code_names[FCI_KV__COUNT] = {
        [FCI_KV_OTHER] = "<other-verb>",
        [FCI_KV_CREATE] = "create",
        [FCI_KV_UPDATE] = "update",
        [FCI_KV_PATCH] = "patch",
        [FCI_KV_DELETE] = "delete",
        [FCI_KV_DELETECOLLECTION] = "deletecollection",
        [FCI_KV_GET] = "get",
        [FCI_KV_LIST] = "list",
        [FCI_KV_WATCH] = "watch",
        [FCI_KV_POST] = "post",
        [FCI_KV_PUT] = "put",
        [FCI_KV_HEAD] = "head",
        [FCI_KV_OPTIONS] = "options",
        [FCI_KV_CONNECT] = "connect",
        [FCI_KV_PROXY] = "proxy",
};

int fci_json_field_index(const char *name)
{
	size_t i;

	for (i = 0; i < FLD__COUNT; i++)
		if (strcmp(fci_json_fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

uint32_t fci_k8s_verb_code(const char *verb, size_t len)
{
	uint32_t i;

	for (i = 1; i < FCI_KV__COUNT; i++)
		if (strlen(fci_k8s_code_names[i]) == len &&
		    memcmp(fci_k8s_code_names[i], verb, len) == 0)
			return i;
	return FCI_KV_OTHER;
}

/* ---- extraction context ---- */

typedef struct xctx {
	fci_json_alloc_fn alloc;
	void *actx;
	bool oom;
} xctx;

static void *xalloc(xctx *x, size_t n)
{
	void *p = x->alloc(x->actx, n ? n : 1);

	if (!p)
		x->oom = true;
	return p;
}

/* A list under construction, in extractor memory. */
typedef struct vlist {
	fc_value *items;
	size_t n, cap;
} vlist;

static void vlist_add(xctx *x, vlist *l, const char *p, size_t len)
{
	fc_value *v;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;
		fc_value *ni = xalloc(x, ncap * sizeof(*ni));

		if (!ni)
			return;
		if (l->n)
			memcpy(ni, l->items, l->n * sizeof(*ni));
		l->items = ni;
		l->cap = ncap;
	}
	v = &l->items[l->n++];
	memset(v, 0, sizeof(*v));
	v->type = FC_TYPE_STRING;
	v->u.str.ptr = p;
	v->u.str.len = len;
}

/* ---- JSON text (compact or indented) ---- */

typedef struct jw {
	char *out; /* NULL: only count */
	size_t n;
} jw;

static void jw_put(jw *w, const char *s, size_t n)
{
	if (w->out)
		memcpy(w->out + w->n, s, n);
	w->n += n;
}

static void jw_str(jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	jw_put(w, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t el = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_put(w, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			el = 6;
			break;
		}
		jw_put(w, esc, el);
	}
	jw_put(w, s + run, n - run);
	jw_put(w, "\"", 1);
}

static void jw_nl(jw *w, int indent, int level)
{
	int i;

	if (!indent)
		return;
	jw_put(w, "\n", 1);
	for (i = 0; i < indent * level; i++)
		jw_put(w, " ", 1);
}

static void jw_value(jw *w, json_object *o, int indent, int level)
{
	char num[40];
	int k;

	switch (json_object_get_type(o)) {
	case json_type_null:
		jw_put(w, "null", 4);
		break;
	case json_type_boolean:
		if (json_object_get_boolean(o))
			jw_put(w, "true", 4);
		else
			jw_put(w, "false", 5);
		break;
	case json_type_int: {
		int64_t i = json_object_get_int64(o);

		if (i == INT64_MAX)
			k = snprintf(num, sizeof(num), "%" PRIu64, json_object_get_uint64(o));
		else
			k = snprintf(num, sizeof(num), "%" PRId64, i);
		jw_put(w, num, (size_t)k);
		break;
	}
	case json_type_double: {
		double d = json_object_get_double(o);
		int prec;

		for (prec = 15; prec <= 17; prec++) {
			k = snprintf(num, sizeof(num), "%.*g", prec, d);
			if (strtod(num, NULL) == d)
				break;
		}
		jw_put(w, num, (size_t)k);
		break;
	}
	case json_type_string:
		jw_str(w, json_object_get_string(o), (size_t)json_object_get_string_len(o));
		break;
	case json_type_array: {
		size_t i, n = json_object_array_length(o);

		jw_put(w, "[", 1);
		for (i = 0; i < n; i++) {
			if (i)
				jw_put(w, ",", 1);
			jw_nl(w, indent, level + 1);
			jw_value(w, json_object_array_get_idx(o, i), indent, level + 1);
		}
		if (n)
			jw_nl(w, indent, level);
		jw_put(w, "]", 1);
		break;
	}
	case json_type_object: {
		bool first = true;

		jw_put(w, "{", 1);
		json_object_object_foreach(o, key, val)
		{
			if (!first)
				jw_put(w, ",", 1);
			first = false;
			jw_nl(w, indent, level + 1);
			jw_str(w, key, strlen(key));
			if (indent)
				jw_put(w, ": ", 2);
			else
				jw_put(w, ":", 1);
			jw_value(w, val, indent, level + 1);
		}
		if (!first)
			jw_nl(w, indent, level);
		jw_put(w, "}", 1);
		break;
	}
	}
}

/* JSON text of a value in extractor memory. */
static const char *to_json(xctx *x, json_object *o, int indent, size_t *len)
{
	jw w = {NULL, 0};
	char *buf;

	jw_value(&w, o, indent, 0);
	buf = xalloc(x, w.n + 1);
	if (!buf)
		return NULL;
	w.out = buf;
	w.n = 0;
	jw_value(&w, o, indent, 0);
	buf[w.n] = '\0';
	*len = w.n;
	return buf;
}

/* A value as the plugins give it: strings as they are, anything else as
 * compact JSON text. */
static const char *as_str(xctx *x, json_object *o, size_t *len)
{
	if (json_object_is_type(o, json_type_string)) {
		*len = (size_t)json_object_get_string_len(o);
		return json_object_get_string(o);
	}
	return to_json(x, o, 0, len);
}

static void add_value(xctx *x, vlist *l, json_object *o)
{
	size_t n;
	const char *s = as_str(x, o, &n);

	if (s)
		vlist_add(x, l, s, n);
}

/* ---- JSON walking ---- */

static json_object *key(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, k, &v))
		return NULL;
	return v;
}

/* key path, NULL-terminated */
static json_object *path(json_object *o, const char *const *keys)
{
	for (; o && *keys; keys++)
		o = key(o, *keys);
	return o;
}

#define PATH(o, ...) path((o), (const char *const[]){__VA_ARGS__, NULL})

json_object *fci_json_pointer(json_object *root, const char *ptr, size_t len)
{
	json_object *cur = root;
	size_t i = 0;
	char tok[256];

	if (len && ptr[0] == '/')
		i = 1;
	else if (len == 0)
		return root;
	for (;;) {
		size_t tl = 0;

		while (i < len && ptr[i] != '/') {
			char c = ptr[i++];

			if (c == '~' && i < len && (ptr[i] == '0' || ptr[i] == '1'))
				c = ptr[i++] == '0' ? '~' : '/';
			if (tl + 1 >= sizeof(tok))
				return NULL;
			tok[tl++] = c;
		}
		tok[tl] = '\0';
		if (json_object_is_type(cur, json_type_object)) {
			if (!json_object_object_get_ex(cur, tok, &cur))
				return NULL;
		} else if (json_object_is_type(cur, json_type_array)) {
			size_t idx = 0, k;

			if (tl == 0 || (tl > 1 && tok[0] == '0'))
				return NULL;
			for (k = 0; k < tl; k++) {
				if (tok[k] < '0' || tok[k] > '9' || idx > (SIZE_MAX - 9) / 10)
					return NULL;
				idx = idx * 10 + (size_t)(tok[k] - '0');
			}
			if (idx >= json_object_array_length(cur))
				return NULL;
			cur = json_object_array_get_idx(cur, idx);
		} else {
			return NULL;
		}
		if (!cur)
			return NULL;
		if (i >= len)
			return cur;
		i++; /* the '/' */
	}
}

/* ---- time ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, size_t len, size_t at, size_t n, unsigned *out)
{
	size_t i;

	*out = 0;
	if (at + n > len)
		return false;
	for (i = at; i < at + n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

uint64_t fci_parse_rfc3339(const char *s, size_t len)
{
	unsigned Y, M, D, h, m, sec, oh = 0, om = 0;
	uint64_t ns = 0;
	int64_t t;
	size_t i = 19;

	if (!digits(s, len, 0, 4, &Y) || len < 20 || s[4] != '-' || !digits(s, len, 5, 2, &M) ||
	    s[7] != '-' || !digits(s, len, 8, 2, &D) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s, len, 11, 2, &h) || s[13] != ':' || !digits(s, len, 14, 2, &m) ||
	    s[16] != ':' || !digits(s, len, 17, 2, &sec))
		return 0;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return 0;
	if (i < len && s[i] == '.') {
		uint64_t scale = 100000000;

		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			ns += (uint64_t)(s[i] - '0') * scale;
			scale /= 10;
		}
	}
	t = days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec;
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '+' ? 1 : -1;

		if (!digits(s, len, i + 1, 2, &oh) || i + 3 >= len || s[i + 3] != ':' ||
		    !digits(s, len, i + 4, 2, &om))
			return 0;
		t -= sign * (int64_t)(oh * 3600 + om * 60);
		i += 6;
	} else {
		return 0;
	}
	if (i != len || t < 0)
		return 0;
	return (uint64_t)t * 1000000000u + ns;
}

static uint64_t number_time(json_object *o)
{
	double d = json_object_get_double(o);

	if (d <= 0)
		return 0;
	if (json_object_is_type(o, json_type_int)) {
		uint64_t v = (uint64_t)json_object_get_int64(o);

		if (v >= 100000000000000000ull) /* 1e17: nanoseconds */
			return v;
		if (v >= 100000000000000ull) /* 1e14: microseconds */
			return v * 1000u;
		if (v >= 100000000000ull) /* 1e11: milliseconds */
			return v * 1000000u;
		return v * 1000000000u;
	}
	if (d >= 1e17)
		return (uint64_t)d;
	if (d >= 1e14)
		return (uint64_t)(d * 1e3);
	if (d >= 1e11)
		return (uint64_t)(d * 1e6);
	return (uint64_t)(d * 1e9);
}

static uint64_t time_at(json_object *root, const char *ptr)
{
	json_object *o = fci_json_pointer(root, ptr, strlen(ptr));

	if (!o)
		return 0;
	if (json_object_is_type(o, json_type_string))
		return fci_parse_rfc3339(json_object_get_string(o),
		                         (size_t)json_object_get_string_len(o));
	if (json_object_is_type(o, json_type_int) || json_object_is_type(o, json_type_double))
		return number_time(o);
	return 0;
}

uint64_t fci_json_event_time(const fc_json_source *src, const json_object *obj)
{
	json_object *o = (json_object *)obj;
	uint64_t t;

	if (src->time_pointer)
		return time_at(o, src->time_pointer);
	if (src->kind == FC_JSON_K8S_AUDIT) {
		t = time_at(o, "/stageTimestamp");
		return t ? t : time_at(o, "/requestReceivedTimestamp");
	}
	return time_at(o, "/time");
}

static const char *fmt_time(xctx *x, uint64_t ts, bool iso, size_t *len)
{
	time_t secs = (time_t)(ts / 1000000000u);
	unsigned long ns = (unsigned long)(ts % 1000000000u);
	struct tm tm;
	char *buf = xalloc(x, 48);
	int n;

	if (!buf)
		return NULL;
	gmtime_r(&secs, &tm);
	if (iso)
		n = snprintf(buf, 48, "%04d-%02d-%02dT%02d:%02d:%02d.%09luZ", tm.tm_year + 1900,
		             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	else
		n = snprintf(buf, 48, "%02d:%02d:%02d.%09lu", tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	*len = (size_t)n;
	return buf;
}

/* ---- ka.* helpers ---- */

/* The elements of spec.<list>, or only element `index` when >= 0. Returns
 * the count (0 when absent or out of range) and sets *arr / *first. */
static size_t pick(json_object *arr, int64_t index, size_t *first)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	if (index >= 0) {
		if ((uint64_t)index >= n)
			return 0;
		*first = (size_t)index;
		return 1;
	}
	*first = 0;
	return n;
}

/* Adds a value, or each element when it is an array (flattening). */
static void add_flat(xctx *x, vlist *l, json_object *v)
{
	size_t i, n;

	if (!v)
		return;
	if (!json_object_is_type(v, json_type_array)) {
		add_value(x, l, v);
		return;
	}
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		if (e)
			add_value(x, l, e);
	}
}

static void image_repo(const char **p, size_t *n)
{
	size_t i;

	/* everything before the first ':' then before the first '@', as the plugin
	 * does (so registry:port/image gives "registry") */
	for (i = 0; i < *n; i++)
		if ((*p)[i] == ':')
			break;
	*n = i;
	for (i = 0; i < *n; i++)
		if ((*p)[i] == '@')
			break;
	*n = i;
}

static const char *const container_keys[] = {"containers", "initContainers", "ephemeralContainers"};

static void container_field(xctx *x, vlist *l, json_object *root, int group, int sub, int64_t index)
{
	json_object *spec = PATH(root, "requestObject", "spec");
	json_object *arr = key(spec, container_keys[group]);
	size_t first = 0, n = pick(arr, index, &first), i;

	for (i = first; i < first + n; i++) {
		json_object *c = json_object_array_get_idx(arr, i);
		json_object *sc = key(c, "securityContext");
		json_object *v = NULL;

		switch (sub) {
		case C_NAME:
			add_flat(x, l, key(c, "name"));
			break;
		case C_IMAGE:
			add_flat(x, l, key(c, "image"));
			break;
		case C_IMAGE_REPO:
			v = key(c, "image");
			if (v && json_object_is_type(v, json_type_string)) {
				const char *p = json_object_get_string(v);
				size_t len = (size_t)json_object_get_string_len(v);

				image_repo(&p, &len);
				vlist_add(x, l, p, len);
			}
			break;
		case C_COMMAND:
			/* note: the words of every container, flattened */
			add_flat(x, l, key(c, "command"));
			break;
		case C_ARGS:
			add_flat(x, l, key(c, "args"));
			break;
		case C_HOST_PORT: {
			json_object *ports = key(c, "ports");
			size_t j, np = ports && json_object_is_type(ports, json_type_array)
			                       ? json_object_array_length(ports)
			                       : 0;

			for (j = 0; j < np; j++) {
				json_object *port = json_object_array_get_idx(ports, j);

				v = key(port, "hostPort");
				if (!v)
					v = key(port, "containerPort");
				if (v)
					add_value(x, l, v);
			}
			break;
		}
		case C_PRIVILEGED:
			/* note: containers without the flag are skipped (the newest
			 * plugin makes the whole field absent then) */
			add_flat(x, l, key(sc, "privileged"));
			break;
		case C_APE:
			add_flat(x, l, key(sc, "allowPrivilegeEscalation"));
			break;
		case C_RO_FS:
			add_flat(x, l, key(sc, "readOnlyRootFilesystem"));
			break;
		case C_RUN_AS_USER:
			add_flat(x, l, key(sc, "runAsUser"));
			break;
		case C_RUN_AS_GROUP:
			add_flat(x, l, key(sc, "runAsGroup"));
			break;
		case C_EFF_RUN_AS_USER:
		case C_EFF_RUN_AS_GROUP: {
			const char *k = sub == C_EFF_RUN_AS_USER ? "runAsUser" : "runAsGroup";

			v = key(sc, k);
			if (!v)
				v = PATH(spec, "securityContext", k);
			if (v)
				add_value(x, l, v);
			else
				vlist_add(x, l, "0", 1);
			break;
		}
		case C_PROC_MOUNT:
			add_flat(x, l, key(sc, "procMount"));
			break;
		case C_ADD_CAPS:
			/* note: flattened to one capability per element */
			add_flat(x, l, PATH(sc, "capabilities", "add"));
			break;
		default:
			break;
		}
	}
}

/* Elements of an array at `arr` (each as a string). */
static void array_values(xctx *x, vlist *l, json_object *arr, int64_t index)
{
	size_t first = 0, n = pick(arr, index, &first), i;

	for (i = first; i < first + n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (e)
			add_value(x, l, e);
	}
}

/* requestObject.rules[*].<k>, flattened */
static void rules_field(xctx *x, vlist *l, json_object *root, const char *k, int64_t index)
{
	json_object *arr = PATH(root, "requestObject", "rules");
	size_t first = 0, n = pick(arr, index, &first), i;

	for (i = first; i < first + n; i++) {
		json_object *v = key(json_object_array_get_idx(arr, i), k);

		if (v && json_object_is_type(v, json_type_array))
			add_flat(x, l, v);
	}
}

static void subjects_of_kind(xctx *x, vlist *l, json_object *root, const char *kind, bool with_ns)
{
	json_object *arr = PATH(root, "requestObject", "subjects");
	size_t first = 0, n = pick(arr, -1, &first), i;

	for (i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(arr, i);
		json_object *k = key(s, "kind"), *name = key(s, "name"), *ns;

		if (!k || !name || strcmp(json_object_get_string(k), kind) != 0)
			continue;
		if (with_ns) {
			const char *nss = "";
			size_t nl = 0, len;
			const char *nm = as_str(x, name, &len);
			char *buf;

			ns = key(s, "namespace");
			if (ns)
				nss = as_str(x, ns, &nl);
			if (!nm || !nss)
				return;
			buf = xalloc(x, nl + len + 2);
			if (!buf)
				return;
			memcpy(buf, nss, nl);
			buf[nl] = ':';
			memcpy(buf + nl + 1, nm, len);
			buf[nl + 1 + len] = '\0';
			vlist_add(x, l, buf, nl + 1 + len);
		} else {
			add_value(x, l, name);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space, as in a query string) into buf;
 * returns the length. */
static size_t url_decode(const char *s, size_t n, char *buf)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		           hexval(s[i + 2]) >= 0) {
			buf[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			buf[o++] = s[i];
		}
	}
	return o;
}

/* ka.uri.param[name]: the first value of a query parameter. */
static int uri_param(xctx *x, json_object *root, const fc_field_ref *ref, fc_value *out)
{
	json_object *u = key(root, "requestURI");
	const char *s, *q, *end;
	char *kbuf;

	if (!u || !json_object_is_type(u, json_type_string) || !ref->arg)
		return FC_ENOENT;
	s = json_object_get_string(u);
	end = s + json_object_get_string_len(u);
	q = memchr(s, '?', (size_t)(end - s));
	if (!q)
		return FC_ENOENT;
	kbuf = xalloc(x, (size_t)(end - q) + 1);
	if (!kbuf)
		return FC_ENOMEM;
	for (q++; q < end;) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(q, '=', (size_t)(pe - q));
		const char *ke = eq ? eq : pe;
		size_t kl = url_decode(q, (size_t)(ke - q), kbuf);

		if (kl == ref->arg_len && memcmp(kbuf, ref->arg, kl) == 0) {
			char *vbuf;
			size_t vl = eq ? (size_t)(pe - eq - 1) : 0;

			vbuf = xalloc(x, vl + 1);
			if (!vbuf)
				return FC_ENOMEM;
			vl = eq ? url_decode(eq + 1, vl, vbuf) : 0;
			vbuf[vl] = '\0';
			out->type = FC_TYPE_STRING;
			out->u.str.ptr = vbuf;
			out->u.str.len = vl;
			return FC_OK;
		}
		q = pe + (amp ? 1 : 0);
		if (!amp)
			break;
	}
	return FC_ENOENT;
}

static int set_str(fc_value *out, const char *p, size_t n)
{
	if (!p)
		return FC_ENOMEM;
	out->type = FC_TYPE_STRING;
	out->u.str.ptr = p;
	out->u.str.len = n;
	return FC_OK;
}

static int set_json(xctx *x, fc_value *out, json_object *v)
{
	size_t n = 0;
	const char *s;

	if (!v)
		return FC_ENOENT;
	s = as_str(x, v, &n);
	return set_str(out, s, n);
}

static int set_list(xctx *x, fc_value *out, vlist *l)
{
	if (x->oom)
		return FC_ENOMEM;
	if (l->n == 0)
		return FC_ENOENT;
	out->type = FC_TYPE_STRING;
	out->is_list = true;
	out->u.list.items = l->items;
	out->u.list.n = l->n;
	return FC_OK;
}

static int set_static(fc_value *out, const char *s)
{
	return set_str(out, s, strlen(s));
}

static int extract_ka(xctx *x, const fc_json_source *src, json_object *root, int fld,
                      const fc_field_ref *ref, fc_value *out)
{
	int64_t idx = ref->has_arg ? ref->index : -1;
	vlist l = {NULL, 0, 0};

	if (!key(root, "auditID"))
		return FC_ENOENT;
	if (fld >= FLD_KA_CT_NAME && fld < FLD_KA_CT_NAME + 3 * C__COUNT) {
		int rel = fld - FLD_KA_CT_NAME;

		if (ref->has_arg && idx < 0)
			return FC_ENOENT;
		container_field(x, &l, root, rel / C__COUNT, rel % C__COUNT, idx);
		return set_list(x, out, &l);
	}
	switch (fld) {
	case FLD_KA_AUDITID:
		return set_json(x, out, key(root, "auditID"));
	case FLD_KA_STAGE:
		return set_json(x, out, key(root, "stage"));
	case FLD_KA_AUTH_DECISION:
		return set_json(x, out, PATH(root, "annotations", "authorization.k8s.io/decision"));
	case FLD_KA_AUTH_REASON:
		return set_json(x, out, PATH(root, "annotations", "authorization.k8s.io/reason"));
	case FLD_KA_AUTH_OS_DECISION:
		return set_json(x, out,
		                PATH(root, "annotations", "authentication.openshift.io/decision"));
	case FLD_KA_AUTH_OS_USERNAME:
		return set_json(x, out,
		                PATH(root, "annotations", "authentication.openshift.io/username"));
	case FLD_KA_VAP_FAILURE:
		return set_json(x, out,
		                PATH(root, "annotations",
		                     "validation.policy.admission.k8s.io/validation_failure"));
	case FLD_KA_POD_VIOLATIONS:
		return set_json(
		        x, out,
		        PATH(root, "annotations", "pod-security.kubernetes.io/audit-violations"));
	case FLD_KA_USER_NAME:
		return set_json(x, out, PATH(root, "user", "username"));
	case FLD_KA_USER_GROUPS:
		array_values(x, &l, PATH(root, "user", "groups"), -1);
		return set_list(x, out, &l);
	case FLD_KA_IMPUSER_NAME:
		return set_json(x, out, PATH(root, "impersonatedUser", "username"));
	case FLD_KA_VERB:
		return set_json(x, out, key(root, "verb"));
	case FLD_KA_URI:
		return set_json(x, out, key(root, "requestURI"));
	case FLD_KA_URI_PARAM:
		return uri_param(x, root, ref, out);
	case FLD_KA_TARGET_NAME:
		return set_json(x, out, PATH(root, "objectRef", "name"));
	case FLD_KA_TARGET_NS:
		return set_json(x, out, PATH(root, "objectRef", "namespace"));
	case FLD_KA_TARGET_RESOURCE:
		return set_json(x, out, PATH(root, "objectRef", "resource"));
	case FLD_KA_TARGET_SUBRESOURCE:
		return set_json(x, out, PATH(root, "objectRef", "subresource"));
	case FLD_KA_TARGET_POD_NAME: {
		json_object *r = PATH(root, "objectRef", "resource");

		if (!r || strcmp(json_object_get_string(r), "pods") != 0)
			return FC_ENOENT;
		return set_json(x, out, PATH(root, "objectRef", "name"));
	}
	case FLD_KA_BINDING_SUBJECTS:
		array_values(x, &l, PATH(root, "requestObject", "subjects"), -1);
		return set_list(x, out, &l);
	case FLD_KA_BINDING_USERS:
		subjects_of_kind(x, &l, root, "User", false);
		return set_list(x, out, &l);
	case FLD_KA_BINDING_SAS:
		subjects_of_kind(x, &l, root, "ServiceAccount", false);
		return set_list(x, out, &l);
	case FLD_KA_BINDING_SA_NS:
		subjects_of_kind(x, &l, root, "ServiceAccount", true);
		return set_list(x, out, &l);
	case FLD_KA_BINDING_GROUPS:
		subjects_of_kind(x, &l, root, "Group", false);
		return set_list(x, out, &l);
	case FLD_KA_BINDING_ROLE:
		return set_json(x, out, PATH(root, "requestObject", "roleRef", "name"));
	case FLD_KA_BINDING_HAS_NAME:
		return set_static(out, "true");
	case FLD_KA_CM_NAME:
		return set_json(x, out, PATH(root, "objectRef", "name"));
	case FLD_KA_CM_OBJ:
		return set_json(x, out, PATH(root, "requestObject", "data"));
	case FLD_KA_CONTAINER_IMAGE:
	case FLD_KA_CONTAINER_IMAGE_REPO: {
		json_object *img =
		        key(json_object_array_get_idx(
		                    PATH(root, "requestObject", "spec", "containers"), 0),
		            "image");
		const char *p;
		size_t n;

		if (!img || !json_object_is_type(img, json_type_string))
			return FC_ENOENT;
		p = json_object_get_string(img);
		n = (size_t)json_object_get_string_len(img);
		if (fld == FLD_KA_CONTAINER_IMAGE_REPO)
			image_repo(&p, &n);
		return set_str(out, p, n);
	}
	case FLD_KA_POD_HOST_IPC:
		return set_json(x, out, PATH(root, "requestObject", "spec", "hostIPC"));
	case FLD_KA_POD_HOST_NETWORK:
	case FLD_KA_CONTAINER_HOST_NETWORK:
		return set_json(x, out, PATH(root, "requestObject", "spec", "hostNetwork"));
	case FLD_KA_POD_HOST_PID:
		return set_json(x, out, PATH(root, "requestObject", "spec", "hostPID"));
	case FLD_KA_CONTAINER_PRIVILEGED: {
		size_t i;

		container_field(x, &l, root, 0, C_PRIVILEGED, -1);
		if (x->oom)
			return FC_ENOMEM;
		if (!PATH(root, "requestObject", "spec", "containers"))
			return FC_ENOENT;
		for (i = 0; i < l.n; i++)
			if (l.items[i].u.str.len == 4 &&
			    memcmp(l.items[i].u.str.ptr, "true", 4) == 0)
				return set_static(out, "true");
		return set_static(out, "false");
	}
	case FLD_KA_POD_RUN_AS_USER:
		return set_json(
		        x, out,
		        PATH(root, "requestObject", "spec", "securityContext", "runAsUser"));
	case FLD_KA_POD_RUN_AS_GROUP:
		return set_json(
		        x, out,
		        PATH(root, "requestObject", "spec", "securityContext", "runAsGroup"));
	case FLD_KA_ROLE_RULES:
		array_values(x, &l, PATH(root, "requestObject", "rules"), -1);
		return set_list(x, out, &l);
	case FLD_KA_ROLE_RULES_APIGROUPS:
		rules_field(x, &l, root, "apiGroups", idx);
		return set_list(x, out, &l);
	case FLD_KA_ROLE_RULES_NRURLS:
		rules_field(x, &l, root, "nonResourceURLs", idx);
		return set_list(x, out, &l);
	case FLD_KA_ROLE_RULES_VERBS:
		rules_field(x, &l, root, "verbs", idx);
		return set_list(x, out, &l);
	case FLD_KA_ROLE_RULES_RESOURCES:
		rules_field(x, &l, root, "resources", idx);
		return set_list(x, out, &l);
	case FLD_KA_POD_FS_GROUP:
		return set_json(x, out,
		                PATH(root, "requestObject", "spec", "securityContext", "fsGroup"));
	case FLD_KA_POD_SUPP_GROUPS:
		array_values(x, &l,
		             PATH(root, "requestObject", "spec", "securityContext",
		                  "supplementalGroups"),
		             -1);
		return set_list(x, out, &l);
	case FLD_KA_SERVICE_TYPE:
		return set_json(x, out, PATH(root, "requestObject", "spec", "type"));
	case FLD_KA_SERVICE_PORTS:
		array_values(x, &l, PATH(root, "requestObject", "spec", "ports"), idx);
		return set_list(x, out, &l);
	case FLD_KA_POD_VOL_HOSTPATH:
	case FLD_KA_POD_VOL_FLEX:
	case FLD_KA_POD_VOL_TYPE:
	case FLD_KA_VOLUME_HOSTPATH: {
		json_object *vols = PATH(root, "requestObject", "spec", "volumes");
		size_t first = 0, n, i;

		n = pick(vols, fld == FLD_KA_VOLUME_HOSTPATH ? -1 : idx, &first);
		for (i = first; i < first + n; i++) {
			json_object *vol = json_object_array_get_idx(vols, i);

			if (fld == FLD_KA_POD_VOL_FLEX) {
				add_flat(x, &l, PATH(vol, "flexVolume", "driver"));
			} else if (fld == FLD_KA_POD_VOL_TYPE) {
				if (!json_object_is_type(vol, json_type_object))
					continue;
				json_object_object_foreach(vol, k, v)
				{
					(void)v;
					if (strcmp(k, "name") != 0)
						vlist_add(x, &l, k, strlen(k));
				}
			} else {
				add_flat(x, &l, PATH(vol, "hostPath", "path"));
			}
		}
		if (fld == FLD_KA_VOLUME_HOSTPATH) {
			const char *a = ref->arg ? ref->arg : "";
			size_t al = ref->arg ? ref->arg_len : 0;
			bool prefix = al > 0 && a[al - 1] == '*';

			if (!vols || x->oom)
				return x->oom ? FC_ENOMEM : FC_ENOENT;
			for (i = 0; i < l.n; i++) {
				const fc_value *v = &l.items[i];

				if (prefix ? v->u.str.len >= al - 1 &&
				                     memcmp(v->u.str.ptr, a, al - 1) == 0
				           : v->u.str.len == al && memcmp(v->u.str.ptr, a, al) == 0)
					return set_static(out, "true");
			}
			return set_static(out, "false");
		}
		return set_list(x, out, &l);
	}
	case FLD_KA_RESP_NAME:
		return set_json(x, out, PATH(root, "responseObject", "metadata", "name"));
	case FLD_KA_RESPONSE_CODE:
		return set_json(x, out, PATH(root, "responseStatus", "code"));
	case FLD_KA_RESPONSE_REASON:
		return set_json(x, out, PATH(root, "responseStatus", "reason"));
	case FLD_KA_USERAGENT:
		return set_json(x, out, key(root, "userAgent"));
	case FLD_KA_SOURCEIPS:
		/* note: the top-level sourceIPs array */
		array_values(x, &l, key(root, "sourceIPs"), idx);
		return set_list(x, out, &l);
	case FLD_KA_CLUSTER_NAME:
		if (!src->cluster_name)
			return FC_ENOENT;
		return set_static(out, src->cluster_name);
	default:
		return FC_EINVAL;
	}
}

int fci_json_extract(const fc_json_source *src, const fc_event *ev, const fc_field_ref *ref,
                     fci_json_alloc_fn alloc, void *actx, fc_value *out)
{
	xctx x = {alloc, actx, false};
	json_object *root;
	int fld, rc;
	size_t n = 0;
	const char *s;

	if (!src || !ev || !ref || !out)
		return FC_EINVAL;
	if (ref->field >=
	    (src->kind == FC_JSON_K8S_AUDIT ? fci_json_n_fields : fci_json_n_generic_fields))
		return FC_EINVAL;
	memset(out, 0, sizeof(*out));
	fld = (int)ref->field;
	root = (json_object *)ev->decoded;
	switch (fld) {
	case FLD_EVT_NUM:
		out->type = FC_TYPE_UINT64;
		out->u.u64 = ev->num;
		return FC_OK;
	case FLD_EVT_RAWTIME:
		out->type = FC_TYPE_ABSTIME;
		out->u.u64 = ev->ts;
		return FC_OK;
	case FLD_EVT_TIME:
	case FLD_JEVT_TIME:
		s = fmt_time(&x, ev->ts, false, &n);
		return set_str(out, s, n);
	case FLD_EVT_TIME_ISO:
	case FLD_JEVT_TIME_ISO:
		s = fmt_time(&x, ev->ts, true, &n);
		return set_str(out, s, n);
	case FLD_EVT_SOURCE:
		return set_static(out, src->name);
	case FLD_EVT_PLUGINNAME:
		return set_static(out, src->kind == FC_JSON_K8S_AUDIT ? "k8saudit" : "json");
	case FLD_JSON_RAWTIME:
	case FLD_JEVT_RAWTIME: {
		char *buf = xalloc(&x, 24);

		if (!buf)
			return FC_ENOMEM;
		n = (size_t)snprintf(buf, 24, "%" PRIu64, ev->ts);
		return set_str(out, buf, n);
	}
	default:
		break;
	}
	if (!root)
		return FC_ENOENT;
	switch (fld) {
	case FLD_JSON_VALUE:
	case FLD_JEVT_VALUE:
		if (!ref->arg || ref->arg_len == 0)
			return FC_ENOENT;
		return set_json(&x, out, fci_json_pointer(root, ref->arg, ref->arg_len));
	case FLD_JSON_OBJ:
	case FLD_JEVT_OBJ:
		s = to_json(&x, root, 2, &n);
		return set_str(out, s, n);
	default:
		break;
	}
	rc = extract_ka(&x, src, root, fld, ref, out);
	if (rc == FC_OK && x.oom)
		rc = FC_ENOMEM;
	return rc;
}
