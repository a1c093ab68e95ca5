/* SPDX-License-Identifier: Apache-2.0 */
/* minimal_agent: the smallest useful embedding of libfalcocore.
 *
 * It registers its own event source, "auth", whose events are JSON lines
 * describing logins:
 *
 *   {"type": "login", "user": "root", "src": "203.0.113.9", "success": true}
 *
 * loads a rules file whose rules say `source: auth`, and prints a line for
 * every match. Build against an installed library with
 *
 *   cc -o minimal_agent minimal_agent.c $(pkg-config --cflags --libs libfalcocore)
 *
 * and run `./minimal_agent agent_rules.yaml < agent_events.jsonl`. */
#include <falcocore/falcocore.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the event: a flat JSON object, parsed by hand ----------------------- */

enum { CODE_LOGIN, CODE_LOGOUT, CODE_SUDO, N_CODES };
static const char *const code_names[N_CODES] = {"login", "logout", "sudo"};

enum { F_TYPE, F_USER, F_SRC, F_SUCCESS, F_ATTEMPTS, N_FIELDS };
static const fc_field_def fields[N_FIELDS] = {
        {"auth.type", FC_TYPE_STRING, 0, "Event type: login, logout or sudo."},
        {"auth.user", FC_TYPE_STRING, 0, "User name."},
        {"auth.src", FC_TYPE_STRING, 0, "Address the session came from."},
        {"auth.success", FC_TYPE_BOOL, 0, "Whether authentication succeeded."},
        {"auth.attempts", FC_TYPE_UINT64, 0, "Failed attempts before this event."},
};

typedef struct auth_event {
	char user[64], src[64];
	int success; /* -1 absent, 0, 1 */
	long long attempts;
	int has_attempts;
} auth_event;

/* Reads a JSON string at *p (after the opening quote) into out. */
static int json_string(const char **p, char *out, size_t outlen)
{
	size_t n = 0;

	while (**p && **p != '"') {
		char c = *(*p)++;

		if (c == '\\' && **p)
			c = *(*p)++ == 'n' ? '\n' : (*p)[-1];
		if (n + 1 < outlen)
			out[n++] = c;
	}
	if (**p != '"')
		return -1;
	(*p)++;
	out[n] = '\0';
	return 0;
}

/* Parses one line; returns the event code or -1. Unknown keys are ignored. */
static int parse_line(const char *line, auth_event *ev)
{
	const char *p = line;
	int code = -1;

	memset(ev, 0, sizeof(*ev));
	ev->success = -1;
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '{')
		return -1;
	for (;;) {
		char key[32], sval[64] = "";

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '}')
			break;
		if (*p++ != '"' || json_string(&p, key, sizeof(key)) < 0)
			return -1;
		while (isspace((unsigned char)*p) || *p == ':')
			p++;
		if (*p == '"') {
			p++;
			if (json_string(&p, sval, sizeof(sval)) < 0)
				return -1;
		} else {
			size_t n = 0;

			while (*p && *p != ',' && *p != '}' && !isspace((unsigned char)*p))
				if (n + 1 < sizeof(sval))
					sval[n++] = *p++;
				else
					p++;
			sval[n] = '\0';
		}
		if (strcmp(key, "type") == 0) {
			for (int c = 0; c < N_CODES; c++)
				if (strcmp(sval, code_names[c]) == 0)
					code = c;
		} else if (strcmp(key, "user") == 0) {
			snprintf(ev->user, sizeof(ev->user), "%s", sval);
		} else if (strcmp(key, "src") == 0) {
			snprintf(ev->src, sizeof(ev->src), "%s", sval);
		} else if (strcmp(key, "success") == 0) {
			ev->success = strcmp(sval, "true") == 0;
		} else if (strcmp(key, "attempts") == 0) {
			ev->attempts = strtoll(sval, NULL, 10);
			ev->has_attempts = 1;
		}
	}
	return code;
}

/* ---- the source's extractor ------------------------------------------------ */

static int set_str(fc_value *out, const char *s)
{
	if (!s[0])
		return FC_ENOENT; /* printed as <NA> */
	out->type = FC_TYPE_STRING;
	out->u.str.ptr = s;
	out->u.str.len = strlen(s);
	return FC_OK;
}

static int extract(void *ctx, const fc_event *e, const fc_field_ref *ref, fc_scratch *scratch,
                   fc_value *out)
{
	const auth_event *ev = e->decoded;

	(void)ctx;
	(void)scratch;
	switch (ref->field) {
	case F_TYPE:
		return set_str(out, code_names[e->code]);
	case F_USER:
		return set_str(out, ev->user);
	case F_SRC:
		return set_str(out, ev->src);
	case F_SUCCESS:
		if (ev->success < 0)
			return FC_ENOENT;
		out->type = FC_TYPE_BOOL;
		out->u.b = ev->success != 0;
		return FC_OK;
	case F_ATTEMPTS:
		if (!ev->has_attempts)
			return FC_ENOENT;
		out->type = FC_TYPE_UINT64;
		out->u.u64 = (uint64_t)ev->attempts;
		return FC_OK;
	default:
		return FC_EINVAL;
	}
}

/* ---- matches --------------------------------------------------------------- */

static int on_match(const fc_match *m, void *user)
{
	const fc_rule *r = fc_match_rule(m);
	char out[1024];

	(void)user;
	if (fc_match_format_output(m, out, sizeof(out)) < 0)
		out[0] = '\0';
	printf("%s %s: %s\n", fc_priority_name(fc_rule_priority(r)), fc_rule_name(r), out);
	return FC_CB_CONTINUE;
}

static int fail(const char *what, int rc, fc_diag_list *dl)
{
	fprintf(stderr, "minimal_agent: %s: %s\n", what, fc_strerror(rc));
	for (size_t i = 0; dl && i < fc_diag_list_count(dl); i++) {
		char buf[1024];

		if (fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf)) >= 0)
			fprintf(stderr, "%s\n", buf);
	}
	return 1;
}

int main(int argc, char **argv)
{
	const fc_source_ops ops = {
	        .sz = sizeof(fc_source_ops),
	        .name = "auth",
	        .fields = fields,
	        .n_fields = N_FIELDS,
	        .code_names = code_names,
	        .n_codes = N_CODES,
	        .index_field = "auth.type",
	        .extract = extract,
	};
	fc_engine *eng = NULL;
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	FILE *in = stdin;
	uint32_t sid;
	char line[4096];
	uint64_t num = 0;
	int rc, status = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: minimal_agent RULES.yaml [EVENTS.jsonl]\n");
		return 2;
	}
	if (argc == 3 && !(in = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 1;
	}
	if ((rc = fc_diag_list_new(&dl)) < 0 || (rc = fc_engine_new(NULL, &eng)) < 0) {
		status = fail("setup", rc, NULL);
		goto out;
	}
	if ((rc = fc_engine_add_source(eng, &ops, &sid)) < 0) {
		status = fail("registering the auth source", rc, NULL);
		goto out;
	}
	if ((rc = fc_engine_load_file(eng, argv[1], dl)) < 0 ||
	    (rc = fc_engine_compile(eng, dl, &rs)) < 0) {
		status = fail(argv[1], rc, dl);
		goto out;
	}
	if ((rc = fc_ruleset_source_id(rs, "auth", &sid)) < 0 ||
	    (rc = fc_eval_new(rs,
	                      FC_OPTS(fc_eval_opts, .on_match = on_match,
	                              .rule_matching = FC_RULE_MATCHING_ALL),
	                      &ev)) < 0) {
		status = fail("evaluator", rc, NULL);
		goto out;
	}
	while (fgets(line, sizeof(line), in)) {
		auth_event ae;
		int code = parse_line(line, &ae);
		fc_event e = {.source = sid, .num = ++num, .decoded = &ae};

		if (code < 0) {
			fprintf(stderr, "minimal_agent: line %llu: not an auth event, skipped\n",
			        (unsigned long long)num);
			continue;
		}
		e.code = (uint32_t)code;
		e.data = line;
		e.len = strlen(line);
		if ((rc = fc_eval_run(ev, &e)) < 0) {
			status = fail("evaluation", rc, NULL);
			goto out;
		}
	}
	status = 0;
out:
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_engine_free(eng);
	fc_diag_list_free(dl);
	if (in != stdin)
		fclose(in);
	return status;
}
