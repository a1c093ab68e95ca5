/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore-ruletest: runs rule tests (doc/ruletest-format.md). Each test
 * names rules files and describes processes and syscall events; the events
 * are encoded as real scap records, go through the syscall source (decoder,
 * thread and fd state) and the evaluator, and the alerts are compared with
 * the expected ones. Links only the public API, plus libyaml to read tests. */
#include <falcocore/falcocore.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define EXIT_PASS  0
#define EXIT_FAIL  1
#define EXIT_USAGE 2
#define EXIT_SKIP  77

/* ---- a small YAML tree with line numbers ---------------------------------- */

typedef enum node_kind { N_SCALAR, N_SEQ, N_MAP } node_kind;

typedef struct node {
	node_kind kind;
	unsigned line;
	char *str;           /* N_SCALAR */
	struct node **items; /* N_SEQ items; N_MAP keys/values interleaved */
	size_t n;            /* number of entries in items */
	size_t cap;
} node;

static void node_free(node *nd)
{
	if (!nd)
		return;
	for (size_t i = 0; i < nd->n; i++)
		node_free(nd->items[i]);
	free(nd->items);
	free(nd->str);
	free(nd);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		fprintf(stderr, "falcocore-ruletest: out of memory\n");
		exit(EXIT_USAGE);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(n + 1);

	memcpy(p, s, n + 1);
	return p;
}

static void node_add(node *parent, node *child)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		node **items = realloc(parent->items, cap * sizeof(*items));

		if (!items) {
			fprintf(stderr, "falcocore-ruletest: out of memory\n");
			exit(EXIT_USAGE);
		}
		parent->items = items;
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
}

/* Builds the tree of the first document of a file; NULL with a message on error. */
static node *yaml_load(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	yaml_parser_t parser;
	yaml_event_t ev;
	node *stack[128];
	int depth = 0;
	node *root = NULL;
	bool done = false;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	while (!done) {
		node *nd = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			snprintf(err, errlen, "%s:%zu:%zu: YAML error: %s", path,
			         parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			         parser.problem ? parser.problem : "unknown");
			node_free(root);
			root = NULL;
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			nd = xmalloc(sizeof(*nd));
			nd->kind = N_SCALAR;
			nd->str = xstrdup((const char *)ev.data.scalar.value);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			nd = xmalloc(sizeof(*nd));
			nd->kind = ev.type == YAML_SEQUENCE_START_EVENT ? N_SEQ : N_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_ALIAS_EVENT:
			snprintf(err, errlen,
			         "%s:%zu: YAML aliases are not supported in rule tests", path,
			         ev.start_mark.line + 1);
			node_free(root);
			root = NULL;
			done = true;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (nd) {
			nd->line = (unsigned)ev.start_mark.line + 1;
			if (depth > 0)
				node_add(stack[depth - 1], nd);
			else if (!root)
				root = nd;
			else
				node_free(nd);
			if (nd->kind != N_SCALAR) {
				if (depth == (int)(sizeof(stack) / sizeof(stack[0]))) {
					snprintf(err, errlen, "%s:%u: nesting too deep", path,
					         nd->line);
					yaml_event_delete(&ev);
					node_free(root);
					root = NULL;
					break;
				}
				stack[depth++] = nd;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	if (root == NULL && err[0] == '\0')
		snprintf(err, errlen, "%s: empty document", path);
	return root;
}

static node *map_get(const node *m, const char *key)
{
	if (!m || m->kind != N_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->items[i]->kind == N_SCALAR && strcmp(m->items[i]->str, key) == 0)
			return m->items[i + 1];
	return NULL;
}

/* ---- errors in test files ------------------------------------------------- */

static const char *g_file; /* test file being read (the tool is single-threaded) */
static int g_file_errors;

static void file_error(const node *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void file_error(const node *at, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u: error: ", g_file, at ? at->line : 0);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	g_file_errors++;
}

static bool check_keys(const node *m, const char *const *allowed)
{
	bool ok = true;

	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const char *k = m->items[i]->kind == N_SCALAR ? m->items[i]->str : "";
		bool found = false;

		for (const char *const *a = allowed; *a; a++)
			found |= strcmp(*a, k) == 0;
		if (!found) {
			file_error(m->items[i], "unknown key '%s'", k);
			ok = false;
		}
	}
	return ok;
}

static const char *scalar(const node *nd, const char *what)
{
	if (!nd)
		return NULL;
	if (nd->kind != N_SCALAR) {
		file_error(nd, "%s must be a scalar", what);
		return NULL;
	}
	return nd->str;
}

static bool to_i64(const node *nd, const char *what, int64_t *out)
{
	const char *s = scalar(nd, what);
	char *end;

	if (!s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 0);
	if (errno || end == s || *end) {
		file_error(nd, "%s: '%s' is not an integer", what, s);
		return false;
	}
	return true;
}

/* ---- growable text buffer -------------------------------------------------- */

typedef struct tbuf {
	char *p;
	size_t len, cap;
} tbuf;

static void tb_add(tbuf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			fprintf(stderr, "falcocore-ruletest: out of memory\n");
			exit(EXIT_USAGE);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void tb_adds(tbuf *b, const char *s)
{
	tb_add(b, s, strlen(s));
}

/* A sequence of scalars as NUL-terminated strings back to back ("a\0b\0"),
 * the layout of execve's args, env and cgroups. */
static bool nul_list(const node *nd, const char *what, tbuf *out)
{
	out->len = 0;
	if (nd->kind == N_SCALAR) {
		tb_add(out, nd->str, strlen(nd->str) + 1);
		return true;
	}
	if (nd->kind != N_SEQ) {
		file_error(nd, "%s must be a list of strings", what);
		return false;
	}
	for (size_t i = 0; i < nd->n; i++) {
		if (nd->items[i]->kind != N_SCALAR) {
			file_error(nd->items[i], "%s must be a list of strings", what);
			return false;
		}
		tb_add(out, nd->items[i]->str, strlen(nd->items[i]->str) + 1);
	}
	return true;
}

/* ---- processes ------------------------------------------------------------- */

typedef struct proc {
	int64_t pid, tid, ppid, vpid, vtid, tty, uid, gid, loginuid;
	char *comm, *exe, *cwd;
	tbuf args, env, cgroups;
	uint64_t caps;
} proc;

/* Every capability the library knows (fc_syscall_capability_name). */
static uint64_t caps_all(void)
{
	unsigned n = 0;

	while (n < 64 && fc_syscall_capability_name(n))
		n++;
	return n == 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

/* The capabilities a container runtime grants by default (Docker's list). */
static uint64_t default_container_caps(void)
{
	static const int nums[] = {0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31};
	uint64_t v = 0;

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		v |= UINT64_C(1) << nums[i];
	return v;
}

static bool parse_caps(const node *nd, uint64_t *out)
{
	uint64_t v = 0;

	if (nd->kind == N_SCALAR) {
		char *end;

		if (strcmp(nd->str, "all") == 0) {
			*out = caps_all();
			return true;
		}
		if (strcmp(nd->str, "none") == 0) {
			*out = 0;
			return true;
		}
		errno = 0;
		v = strtoull(nd->str, &end, 0);
		if (errno || end == nd->str || *end) {
			file_error(nd,
			           "caps: expected all, none, a number or a list of CAP_ names");
			return false;
		}
		*out = v;
		return true;
	}
	if (nd->kind != N_SEQ) {
		file_error(nd, "caps: expected a list of capability names");
		return false;
	}
	for (size_t i = 0; i < nd->n; i++) {
		const char *s = nd->items[i]->kind == N_SCALAR ? nd->items[i]->str : "";
		const char *name;
		unsigned k;

		for (k = 0; (name = fc_syscall_capability_name(k)) != NULL; k++)
			if (strcasecmp(s, name) == 0 || strcasecmp(s, name + 4) == 0)
				break;
		if (!name) {
			file_error(nd->items[i], "caps: unknown capability '%s'", s);
			return false;
		}
		v |= UINT64_C(1) << k;
	}
	*out = v;
	return true;
}

static void proc_free(proc *p)
{
	free(p->comm);
	free(p->exe);
	free(p->cwd);
	free(p->args.p);
	free(p->env.p);
	free(p->cgroups.p);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* Applies the keys of a process map (a `processes:` entry, or the overrides
 * of an execve event) to p. Returns false on an error in the file. */
static bool proc_apply(proc *p, const node *m)
{
	static const char *const keys[] = {"pid",     "tid",      "ppid", "vpid", "vtid",
	                                   "comm",    "exe",      "args", "cwd",  "uid",
	                                   "gid",     "loginuid", "tty",  "env",  "container",
	                                   "cgroups", "caps",     "res",  NULL};
	bool ok = true;
	bool comm_given = false, exe_given = false;
	const node *nd;

	if (!check_keys(m, keys))
		return false;
	if ((nd = map_get(m, "pid"))) {
		ok &= to_i64(nd, "pid", &p->pid);
		p->tid = p->pid;
	}
	if ((nd = map_get(m, "tid")))
		ok &= to_i64(nd, "tid", &p->tid);
	if ((nd = map_get(m, "ppid")))
		ok &= to_i64(nd, "ppid", &p->ppid);
	if ((nd = map_get(m, "vpid")))
		ok &= to_i64(nd, "vpid", &p->vpid);
	if ((nd = map_get(m, "vtid")))
		ok &= to_i64(nd, "vtid", &p->vtid);
	if ((nd = map_get(m, "uid")))
		ok &= to_i64(nd, "uid", &p->uid);
	if ((nd = map_get(m, "gid")))
		ok &= to_i64(nd, "gid", &p->gid);
	if ((nd = map_get(m, "loginuid")))
		ok &= to_i64(nd, "loginuid", &p->loginuid);
	if ((nd = map_get(m, "tty")))
		ok &= to_i64(nd, "tty", &p->tty);
	if ((nd = map_get(m, "exe")) && scalar(nd, "exe")) {
		set_str(&p->exe, nd->str);
		exe_given = true;
	}
	if ((nd = map_get(m, "comm")) && scalar(nd, "comm")) {
		set_str(&p->comm, nd->str);
		comm_given = true;
	}
	if (exe_given && !comm_given)
		set_str(&p->comm, base_name(p->exe));
	if (comm_given && !p->exe)
		set_str(&p->exe, p->comm);
	if ((nd = map_get(m, "cwd")) && scalar(nd, "cwd"))
		set_str(&p->cwd, nd->str);
	if ((nd = map_get(m, "args")))
		ok &= nul_list(nd, "args", &p->args);
	if ((nd = map_get(m, "env")))
		ok &= nul_list(nd, "env", &p->env);
	if ((nd = map_get(m, "cgroups")))
		ok &= nul_list(nd, "cgroups", &p->cgroups);
	if ((nd = map_get(m, "container")) && scalar(nd, "container")) {
		static const char *const ctl[] = {"cpuset", "cpu", "memory", "pids"};

		p->cgroups.len = 0;
		for (size_t i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
			tb_adds(&p->cgroups, ctl[i]);
			tb_adds(&p->cgroups, "=/docker/");
			tb_add(&p->cgroups, nd->str, strlen(nd->str) + 1);
		}
		if (!map_get(m, "caps"))
			p->caps = default_container_caps();
	}
	if ((nd = map_get(m, "caps")))
		ok &= parse_caps(nd, &p->caps);
	return ok;
}

static void proc_init(proc *p)
{
	memset(p, 0, sizeof(*p));
	p->ppid = 1;
	p->loginuid = 4294967295LL; /* unset */
	p->caps = caps_all();       /* root on the host */
	p->vpid = -1;
	p->vtid = -1;
	set_str(&p->cwd, "/");
	tb_add(&p->cgroups, "cpuset=/", 9);
}

/* ---- event parameters ------------------------------------------------------ */

typedef struct params {
	fc_syscall_param *v;
	size_t n, cap;
	char **owned; /* strings to free */
	size_t nowned, capowned;
} params;

static void params_add(params *ps, const char *name, const char *value, size_t len)
{
	char *nm, *val;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->v = realloc(ps->v, ps->cap * sizeof(*ps->v));
	}
	if (ps->nowned + 2 > ps->capowned) {
		ps->capowned = ps->capowned ? ps->capowned * 2 : 32;
		ps->owned = realloc(ps->owned, ps->capowned * sizeof(*ps->owned));
	}
	if (!ps->v || !ps->owned) {
		fprintf(stderr, "falcocore-ruletest: out of memory\n");
		exit(EXIT_USAGE);
	}
	nm = xstrdup(name);
	val = xmalloc(len + 1);
	memcpy(val, value, len);
	ps->owned[ps->nowned++] = nm;
	ps->owned[ps->nowned++] = val;
	ps->v[ps->n++] = (fc_syscall_param){.name = nm, .value = val, .value_len = len};
}

static void params_addf(params *ps, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void params_addf(params *ps, const char *name, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	params_add(ps, name, tmp, (size_t)n);
}

static void params_free(params *ps)
{
	for (size_t i = 0; i < ps->nowned; i++)
		free(ps->owned[i]);
	free(ps->owned);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/* The process-describing parameters of clone/fork/execve exit events. A
 * byte buffer with no bytes needs a stand-in: value_len 0 means strlen. */
static void params_from_proc(params *ps, const proc *p, bool clone_child)
{
	params_addf(ps, "res", "0");
	params_add(ps, "exe", p->exe ? p->exe : "", strlen(p->exe ? p->exe : ""));
	if (p->args.len)
		params_add(ps, "args", p->args.p, p->args.len);
	params_addf(ps, "tid", "%" PRId64, p->tid);
	params_addf(ps, "pid", "%" PRId64, p->pid);
	params_addf(ps, "ptid", "%" PRId64, p->ppid);
	params_add(ps, "cwd", p->cwd, strlen(p->cwd));
	params_addf(ps, "fdlimit", "1024");
	params_add(ps, "comm", p->comm ? p->comm : "", strlen(p->comm ? p->comm : ""));
	if (p->cgroups.len)
		params_add(ps, "cgroups", p->cgroups.p, p->cgroups.len);
	if (p->env.len)
		params_add(ps, "env", p->env.p, p->env.len);
	params_addf(ps, "tty", "%" PRId64, p->tty);
	params_addf(ps, "vpgid", "%" PRId64, p->vpid >= 0 ? p->vpid : p->pid);
	params_addf(ps, "pgid", "%" PRId64, p->pid);
	params_addf(ps, "loginuid", "%" PRId64, p->loginuid);
	params_addf(ps, "uid", "%" PRId64, p->uid);
	params_addf(ps, "gid", "%" PRId64, p->gid);
	params_addf(ps, "cap_inheritable", "0");
	params_addf(ps, "cap_permitted", "%" PRIu64, p->caps);
	params_addf(ps, "cap_effective", "%" PRIu64, p->caps);
	params_add(ps, "trusted_exepath", p->exe ? p->exe : "", strlen(p->exe ? p->exe : ""));
	if (clone_child) {
		params_addf(ps, "vtid", "%" PRId64, p->vtid >= 0 ? p->vtid : p->tid);
		params_addf(ps, "vpid", "%" PRId64, p->vpid >= 0 ? p->vpid : p->pid);
	}
}

/* ---- alerts ---------------------------------------------------------------- */

typedef struct alert {
	size_t event; /* 1-based */
	char *rule;
	char *priority;
	char *output;
	bool matched;
} alert;

typedef struct run_ctx {
	alert *a;
	size_t n, cap;
	size_t cur_event;
} run_ctx;

static int on_match(const fc_match *m, void *user)
{
	run_ctx *rc = user;
	const fc_rule *r = fc_match_rule(m);
	int need = fc_match_format_output(m, NULL, 0);
	alert *al;

	if (rc->n == rc->cap) {
		rc->cap = rc->cap ? rc->cap * 2 : 8;
		rc->a = realloc(rc->a, rc->cap * sizeof(*rc->a));
		if (!rc->a) {
			fprintf(stderr, "falcocore-ruletest: out of memory\n");
			exit(EXIT_USAGE);
		}
	}
	al = &rc->a[rc->n++];
	memset(al, 0, sizeof(*al));
	al->event = rc->cur_event;
	al->rule = xstrdup(fc_rule_name(r));
	al->priority = xstrdup(fc_priority_name(fc_rule_priority(r)));
	if (need < 0)
		need = 0;
	al->output = xmalloc((size_t)need + 1);
	if (need > 0 && fc_match_format_output(m, al->output, (size_t)need + 1) < 0)
		al->output[0] = '\0';
	return FC_CB_CONTINUE;
}

static void alerts_free(run_ctx *rc)
{
	for (size_t i = 0; i < rc->n; i++) {
		free(rc->a[i].rule);
		free(rc->a[i].priority);
		free(rc->a[i].output);
	}
	free(rc->a);
	memset(rc, 0, sizeof(*rc));
}

/* ---- options --------------------------------------------------------------- */

typedef struct options {
	const char **rules; /* -r: replaces the rules: of every test file */
	size_t nrules;
	bool verbose;
} options;

/* ---- running one test ------------------------------------------------------- */

typedef enum outcome { T_PASS, T_FAIL, T_SKIP, T_ERROR } outcome;

static char *resolve_path(const char *file_dir, const char *p)
{
	char *out;

	if (p[0] == '/' || !file_dir[0])
		return xstrdup(p);
	out = xmalloc(strlen(file_dir) + strlen(p) + 2);
	sprintf(out, "%s/%s", file_dir, p);
	return out;
}

static void print_diags(const fc_diag_list *dl)
{
	for (size_t i = 0; i < fc_diag_list_count(dl); i++) {
		char buf[2048];

		if (fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf)) >= 0)
			fprintf(stderr, "    %s\n", buf);
	}
}

static bool skip_status(int rc, const char *what, const char *name)
{
	if (rc != FC_ENOTSUP)
		return false;
	printf("SKIP %s: %s: %s: the library reports it is not supported yet (%s)\n", g_file, name,
	       what, fc_strerror(rc));
	return true;
}

typedef struct suite {
	const node *rules;      /* rules: sequence, or NULL */
	const node *rules_yaml; /* inline rules text loaded after the files */
	char *dir;              /* directory of the test file */
	const options *opt;
} suite;

static outcome build_engine(const suite *su, const char *name, fc_syscall_source **srcp,
                            fc_engine **engp, fc_ruleset **rsp, uint32_t *sid)
{
	fc_diag_list *dl = NULL;
	int rc;
	outcome res = T_ERROR;

	rc = fc_syscall_source_new(NULL, srcp);
	if (skip_status(rc, "syscall source", name))
		return T_SKIP;
	if (rc < 0) {
		fprintf(stderr, "%s: %s: syscall source: %s\n", g_file, name, fc_strerror(rc));
		return T_ERROR;
	}
	rc = fc_engine_new(NULL, engp);
	if (rc < 0)
		goto out;
	rc = fc_engine_add_source(*engp, fc_syscall_source_ops(*srcp), sid);
	if (skip_status(rc, "registering the syscall source", name)) {
		res = T_SKIP;
		goto out;
	}
	if (rc < 0)
		goto out;
	if (fc_diag_list_new(&dl) < 0)
		goto out;
	if (su->opt->nrules) {
		for (size_t i = 0; i < su->opt->nrules; i++) {
			rc = fc_engine_load_file(*engp, su->opt->rules[i], dl);
			if (skip_status(rc, "loading rules", name)) {
				res = T_SKIP;
				goto out;
			}
			if (rc < 0)
				goto diag;
		}
	} else {
		for (size_t i = 0; su->rules && i < su->rules->n; i++) {
			char *path = resolve_path(su->dir, su->rules->items[i]->str);

			rc = fc_engine_load_file(*engp, path, dl);
			free(path);
			if (skip_status(rc, "loading rules", name)) {
				res = T_SKIP;
				goto out;
			}
			if (rc < 0)
				goto diag;
		}
	}
	if (su->rules_yaml) {
		rc = fc_engine_load_buffer(*engp, "rules_yaml", su->rules_yaml->str,
		                           strlen(su->rules_yaml->str), dl);
		if (skip_status(rc, "loading rules", name)) {
			res = T_SKIP;
			goto out;
		}
		if (rc < 0)
			goto diag;
	}
	rc = fc_engine_compile(*engp, dl, rsp);
	if (skip_status(rc, "compiling rules", name)) {
		res = T_SKIP;
		goto out;
	}
	if (rc < 0)
		goto diag;
	rc = fc_ruleset_source_id(*rsp, "syscall", sid);
	if (skip_status(rc, "looking up the syscall source", name)) {
		res = T_SKIP;
		goto out;
	}
	if (rc < 0)
		goto out;
	res = T_PASS;
	goto out;
diag:
	fprintf(stderr, "%s: %s: the rules do not load (%s):\n", g_file, name, fc_strerror(rc));
	print_diags(dl);
out:
	if (res == T_ERROR && rc < 0 && rc != FC_ERULES)
		fprintf(stderr, "%s: %s: %s\n", g_file, name, fc_strerror(rc));
	fc_diag_list_free(dl);
	return res;
}

typedef struct expect {
	const node *at;
	const char *rule;
	const char *priority;
	int64_t event; /* 0 = any */
	const node *output;
	bool found;
} expect;

/* Feeds one encoded record through the source and, when evaluate is set,
 * the evaluator. Returns an outcome for errors, T_PASS otherwise. */
static outcome feed(fc_syscall_source *src, fc_eval *ev, uint32_t sid, const void *rec, size_t len,
                    bool evaluate, const char *name, const node *at)
{
	fc_event e;
	int rc = fc_syscall_source_process(src, rec, len, sid, &e);

	if (skip_status(rc, "processing events", name))
		return T_SKIP;
	if (rc < 0) {
		file_error(at, "the syscall source rejected the event: %s", fc_strerror(rc));
		return T_ERROR;
	}
	if (!evaluate)
		return T_PASS;
	rc = fc_eval_run(ev, &e);
	if (skip_status(rc, "evaluating events", name))
		return T_SKIP;
	if (rc < 0) {
		file_error(at, "evaluation failed: %s", fc_strerror(rc));
		return T_ERROR;
	}
	return T_PASS;
}

static outcome encode_feed(fc_syscall_source *src, fc_eval *ev, uint32_t sid, const char *evname,
                           char dir, uint64_t ts, int64_t tid, params *ps, uint32_t flags,
                           bool evaluate, const char *name, const node *at)
{
	char err[256];
	uint8_t stackbuf[4096];
	uint8_t *buf = stackbuf;
	int n = fc_syscall_event_encode(evname, dir, ts, (uint64_t)tid, ps->v, ps->n, flags, buf,
	                                sizeof(stackbuf), err, sizeof(err));
	outcome res;

	if (skip_status(n, "encoding events", name))
		return T_SKIP;
	if (n < 0) {
		file_error(at, "event '%s': %s", evname, err[0] ? err : fc_strerror(n));
		return T_ERROR;
	}
	if ((size_t)n > sizeof(stackbuf)) {
		buf = xmalloc((size_t)n);
		n = fc_syscall_event_encode(evname, dir, ts, (uint64_t)tid, ps->v, ps->n, flags,
		                            buf, (size_t)n, err, sizeof(err));
		if (n < 0) {
			free(buf);
			file_error(at, "event '%s': %s", evname, err);
			return T_ERROR;
		}
	}
	res = feed(src, ev, sid, buf, (size_t)n, evaluate, name, at);
	if (buf != stackbuf)
		free(buf);
	return res;
}

static bool substr_all(const char *out, const node *want, const char **missing)
{
	if (!want)
		return true;
	if (want->kind == N_SCALAR) {
		*missing = want->str;
		return strstr(out, want->str) != NULL;
	}
	for (size_t i = 0; i < want->n; i++) {
		if (want->items[i]->kind == N_SCALAR && !strstr(out, want->items[i]->str)) {
			*missing = want->items[i]->str;
			return false;
		}
	}
	return true;
}

static bool is_process_event(const char *evname)
{
	return strcmp(evname, "execve") == 0 || strcmp(evname, "execveat") == 0;
}

static outcome run_test(const suite *su, const node *t, size_t index)
{
	static const char *const keys[] = {"name",    "processes",  "events",
	                                   "capture", "expect",     "rule_matching",
	                                   "strict",  "not_expect", NULL};
	const char *name;
	const node *nd, *procs, *events, *capture, *exp;
	proc *pv = NULL;
	size_t np = 0;
	expect *xv = NULL;
	size_t nx = 0;
	fc_syscall_source *src = NULL;
	fc_engine *eng = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_capture *cap = NULL;
	uint32_t sid = 0;
	run_ctx rctx = {0};
	outcome res = T_ERROR;
	bool strict = true;
	fc_rule_matching matching = FC_RULE_MATCHING_ALL;
	uint64_t ts = UINT64_C(1700000000000000000);
	int errors_before = g_file_errors;
	char namebuf[32];
	bool failed = false;
	int rc;

	if (t->kind != N_MAP) {
		file_error(t, "a test must be a mapping");
		return T_ERROR;
	}
	if (!check_keys(t, keys))
		return T_ERROR;
	name = scalar(map_get(t, "name"), "name");
	if (!name) {
		snprintf(namebuf, sizeof(namebuf), "test #%zu", index + 1);
		name = namebuf;
	}
	procs = map_get(t, "processes");
	events = map_get(t, "events");
	capture = map_get(t, "capture");
	exp = map_get(t, "expect");
	if ((nd = map_get(t, "strict"))) {
		const char *s = scalar(nd, "strict");

		if (s && strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			file_error(nd, "strict must be true or false");
		strict = s && strcmp(s, "true") == 0;
	}
	if ((nd = map_get(t, "rule_matching"))) {
		const char *s = scalar(nd, "rule_matching");

		if (s && strcmp(s, "first") == 0)
			matching = FC_RULE_MATCHING_FIRST;
		else if (!s || strcmp(s, "all") != 0)
			file_error(nd, "rule_matching must be first or all");
	}
	if (!events && !capture)
		file_error(t, "test '%s' has neither events nor capture", name);
	if (events && capture)
		file_error(capture, "test '%s' has both events and capture", name);
	if (events && events->kind != N_SEQ)
		file_error(events, "events must be a list");
	if (procs && procs->kind != N_SEQ)
		file_error(procs, "processes must be a list");
	if (!exp)
		file_error(t, "test '%s' has no expect: (use expect: [] for no alerts)", name);
	else if (exp->kind != N_SEQ)
		file_error(exp, "expect must be a list");

	/* Expected alerts. */
	if (exp && exp->kind == N_SEQ) {
		static const char *const ekeys[] = {"rule", "priority", "event", "output", NULL};

		xv = xmalloc((exp->n + 1) * sizeof(*xv));
		for (size_t i = 0; i < exp->n; i++) {
			const node *e = exp->items[i];
			expect *x = &xv[nx];

			if (e->kind != N_MAP) {
				file_error(e, "an expected alert must be a mapping");
				continue;
			}
			check_keys(e, ekeys);
			x->at = e;
			x->rule = scalar(map_get(e, "rule"), "rule");
			if (!x->rule)
				file_error(e, "an expected alert needs rule:");
			x->priority = scalar(map_get(e, "priority"), "priority");
			if (x->priority) {
				fc_priority pr;

				if (fc_priority_parse(x->priority, &pr) < 0)
					file_error(map_get(e, "priority"), "unknown priority '%s'",
					           x->priority);
			}
			if ((nd = map_get(e, "event")))
				to_i64(nd, "event", &x->event);
			x->output = map_get(e, "output");
			nx++;
		}
	}
	/* Process contexts. */
	if (procs && procs->kind == N_SEQ) {
		pv = xmalloc((procs->n + 1) * sizeof(*pv));
		for (size_t i = 0; i < procs->n; i++) {
			if (procs->items[i]->kind != N_MAP) {
				file_error(procs->items[i], "a process must be a mapping");
				continue;
			}
			proc_init(&pv[np]);
			np++;
			if (!map_get(procs->items[i], "pid"))
				file_error(procs->items[i], "a process needs pid:");
			proc_apply(&pv[np - 1], procs->items[i]);
		}
	}
	if (g_file_errors > errors_before)
		goto out;

	res = build_engine(su, name, &src, &eng, &rs, &sid);
	if (res != T_PASS)
		goto out;
	res = T_ERROR;
	rc = fc_eval_new(rs,
	                 FC_OPTS(fc_eval_opts, .on_match = on_match, .user = &rctx,
	                         .rule_matching = matching),
	                 &ev);
	if (skip_status(rc, "creating the evaluator", name)) {
		res = T_SKIP;
		goto out;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: fc_eval_new: %s\n", g_file, name, fc_strerror(rc));
		goto out;
	}

	/* Set-up: each process is cloned, then execs its program. These events
	 * update state only; they are not evaluated. */
	for (size_t i = 0; i < np; i++) {
		params ps = {0};
		outcome o;

		params_from_proc(&ps, &pv[i], true);
		o = encode_feed(src, ev, sid, "clone", '<', ts++, pv[i].tid, &ps,
		                FC_SYSCALL_ENCODE_LENIENT, false, name, procs->items[i]);
		if (o == T_PASS) {
			params_free(&ps);
			params_from_proc(&ps, &pv[i], false);
			o = encode_feed(src, ev, sid, "execve", '<', ts++, pv[i].tid, &ps,
			                FC_SYSCALL_ENCODE_LENIENT, false, name, procs->items[i]);
		}
		params_free(&ps);
		if (o != T_PASS) {
			res = o;
			goto out;
		}
	}

	if (capture) {
		const char *cpath = scalar(capture, "capture");
		char *path;
		const void *rec;
		size_t len;

		if (!cpath)
			goto out;
		path = resolve_path(su->dir, cpath);
		rc = fc_capture_open(path, src, &cap);
		if (skip_status(rc, "reading captures", name)) {
			free(path);
			res = T_SKIP;
			goto out;
		}
		if (rc < 0) {
			file_error(capture, "cannot open capture %s: %s %s", path, fc_strerror(rc),
			           cap ? fc_capture_error(cap) : "");
			free(path);
			goto out;
		}
		free(path);
		while ((rc = fc_capture_next(cap, &rec, &len)) == FC_OK) {
			outcome o;

			rctx.cur_event++;
			o = feed(src, ev, sid, rec, len, true, name, capture);
			if (o != T_PASS) {
				res = o;
				goto out;
			}
		}
		if (skip_status(rc, "reading captures", name)) {
			res = T_SKIP;
			goto out;
		}
		if (rc != FC_EOF) {
			file_error(capture, "capture read error: %s %s", fc_strerror(rc),
			           fc_capture_error(cap));
			goto out;
		}
	}

	for (size_t i = 0; events && events->kind == N_SEQ && i < events->n; i++) {
		const node *e = events->items[i];
		const char *evname = NULL;
		const node *args = NULL;
		int64_t tid = np ? pv[np - 1].tid : 1;
		char dir = '<';
		params ps = {0};
		outcome o;
		proc *p = NULL;

		rctx.cur_event = i + 1;
		if (e->kind != N_MAP) {
			file_error(e,
			           "an event must be a mapping like '- openat: {fd: 3, name: /x}'");
			goto out;
		}
		for (size_t k = 0; k + 1 < e->n; k += 2) {
			const char *key = e->items[k]->str;

			if (strcmp(key, "tid") == 0) {
				if (!to_i64(e->items[k + 1], "tid", &tid))
					goto out;
			} else if (strcmp(key, "dir") == 0) {
				const char *d = scalar(e->items[k + 1], "dir");

				if (!d || (strcmp(d, "<") != 0 && strcmp(d, ">") != 0)) {
					file_error(e->items[k + 1], "dir must be '<' or '>'");
					goto out;
				}
				dir = d[0];
			} else if (evname) {
				file_error(e->items[k],
				           "an event names one syscall; '%s' and '%s' given",
				           evname, key);
				goto out;
			} else {
				evname = key;
				args = e->items[k + 1];
			}
		}
		if (!evname) {
			file_error(e, "an event must name its syscall");
			goto out;
		}
		if (args && args->kind == N_SCALAR && args->str[0] == '\0')
			args = NULL; /* `- execve:` with no parameters */
		if (args && args->kind != N_MAP) {
			file_error(args, "the parameters of '%s' must be a mapping", evname);
			goto out;
		}
		for (size_t k = 0; k < np; k++)
			if (pv[k].tid == tid)
				p = &pv[k];
		if (is_process_event(evname) && dir == '<') {
			/* execve: start from the process context, apply overrides. */
			if (!p) {
				file_error(e,
				           "execve from tid %" PRId64 " which no process: defines",
				           tid);
				goto out;
			}
			if (args && !proc_apply(p, args))
				goto out;
			params_from_proc(&ps, p, false);
			for (size_t k = 0; args && k + 1 < args->n; k += 2) {
				const char *pk = args->items[k]->str;

				if (strcmp(pk, "res") == 0 && args->items[k + 1]->kind == N_SCALAR)
					params_add(&ps, "res", args->items[k + 1]->str,
					           strlen(args->items[k + 1]->str));
			}
			o = encode_feed(src, ev, sid, evname, dir, ts++, tid, &ps,
			                FC_SYSCALL_ENCODE_LENIENT, true, name, e);
		} else {
			tbuf tmp = {0};

			for (size_t k = 0; args && k + 1 < args->n; k += 2) {
				const node *v = args->items[k + 1];

				if (v->kind == N_SCALAR) {
					params_add(&ps, args->items[k]->str, v->str,
					           strlen(v->str));
				} else if (nul_list(v, args->items[k]->str, &tmp)) {
					params_add(&ps, args->items[k]->str, tmp.p, tmp.len);
				} else {
					free(tmp.p);
					params_free(&ps);
					goto out;
				}
			}
			free(tmp.p);
			o = encode_feed(src, ev, sid, evname, dir, ts++, tid, &ps, 0, true, name,
			                e);
		}
		params_free(&ps);
		if (o != T_PASS) {
			res = o;
			goto out;
		}
	}

	/* Compare: each expectation takes the first unused alert that fits. */
	for (size_t i = 0; i < nx; i++) {
		expect *x = &xv[i];
		const char *missing = NULL;
		alert *near = NULL;

		if (!x->rule)
			continue;
		for (size_t k = 0; k < rctx.n && !x->found; k++) {
			alert *a = &rctx.a[k];

			if (a->matched || strcmp(a->rule, x->rule) != 0)
				continue;
			if (x->event && (size_t)x->event != a->event)
				continue;
			if (x->priority && strcasecmp(x->priority, a->priority) != 0 &&
			    !(strcasecmp(x->priority, "info") == 0 &&
			      strcasecmp(a->priority, "informational") == 0)) {
				near = a;
				continue;
			}
			if (!substr_all(a->output, x->output, &missing)) {
				near = a;
				continue;
			}
			a->matched = true;
			x->found = true;
		}
		if (x->found)
			continue;
		if (!failed)
			printf("FAIL %s:%u: %s\n", g_file, x->at->line, name);
		failed = true;
		if (x->event)
			printf("  event %" PRId64 ": expected \"%s\"%s%s%s, ", x->event, x->rule,
			       x->priority ? " [" : "", x->priority ? x->priority : "",
			       x->priority ? "]" : "");
		else
			printf("  expected \"%s\"%s%s%s, ", x->rule, x->priority ? " [" : "",
			       x->priority ? x->priority : "", x->priority ? "]" : "");
		if (near)
			near->matched = true; /* reported here, not again as unexpected */
		if (!near) {
			printf("got no alert from that rule\n");
		} else if (x->priority && strcasecmp(x->priority, near->priority) != 0) {
			printf("got it at event %zu with priority %s\n", near->event,
			       near->priority);
		} else {
			printf("got it at event %zu but its output lacks \"%s\"\n", near->event,
			       missing ? missing : "");
			printf("      output: %s\n", near->output);
		}
	}
	if (strict) {
		for (size_t k = 0; k < rctx.n; k++) {
			alert *a = &rctx.a[k];

			if (a->matched)
				continue;
			if (!failed)
				printf("FAIL %s:%u: %s\n", g_file, t->line, name);
			failed = true;
			printf("  event %zu: unexpected \"%s\" [%s]: %s\n", a->event, a->rule,
			       a->priority, a->output);
		}
	} else if ((nd = map_get(t, "not_expect")) && nd->kind == N_SEQ) {
		for (size_t j = 0; j < nd->n; j++) {
			for (size_t k = 0; k < rctx.n; k++) {
				alert *a = &rctx.a[k];

				if (a->matched || nd->items[j]->kind != N_SCALAR ||
				    strcmp(a->rule, nd->items[j]->str) != 0)
					continue;
				if (!failed)
					printf("FAIL %s:%u: %s\n", g_file, t->line, name);
				failed = true;
				printf("  event %zu: \"%s\" fired but is listed in not_expect: "
				       "%s\n",
				       a->event, a->rule, a->output);
			}
		}
	}
	if (su->opt->verbose || failed) {
		if (su->opt->verbose)
			printf("  %zu alert(s):\n", rctx.n);
		for (size_t k = 0; su->opt->verbose && k < rctx.n; k++)
			printf("    event %zu: %s [%s]: %s\n", rctx.a[k].event, rctx.a[k].rule,
			       rctx.a[k].priority, rctx.a[k].output);
	}
	res = failed ? T_FAIL : T_PASS;
	if (!failed)
		printf("PASS %s: %s\n", g_file, name);
out:
	if (res == T_ERROR && g_file_errors == errors_before)
		g_file_errors++;
	fc_capture_close(cap);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_engine_free(eng);
	fc_syscall_source_free(src);
	alerts_free(&rctx);
	for (size_t i = 0; i < np; i++)
		proc_free(&pv[i]);
	free(pv);
	free(xv);
	return res;
}

/* Runs every test of one file; returns counts through the pointers. */
static void run_file(const char *path, const options *opt, int *pass, int *fail, int *skip,
                     int *errors)
{
	static const char *const keys[] = {"rules", "rules_yaml", "tests", NULL};
	char err[512] = "";
	node *root;
	const node *tests;
	suite su = {.opt = opt};
	const char *slash;

	g_file = path;
	g_file_errors = 0;
	root = yaml_load(path, err, sizeof(err));
	if (!root) {
		fprintf(stderr, "%s\n", err);
		(*errors)++;
		return;
	}
	if (root->kind != N_MAP) {
		file_error(root, "a rule-test file is a mapping with rules: and tests:");
		goto out;
	}
	if (!check_keys(root, keys))
		goto out;
	su.rules = map_get(root, "rules");
	if (su.rules && su.rules->kind == N_SCALAR) {
		file_error(su.rules, "rules must be a list of files");
		goto out;
	}
	for (size_t i = 0; su.rules && i < su.rules->n; i++) {
		if (su.rules->items[i]->kind != N_SCALAR) {
			file_error(su.rules->items[i], "rules must be a list of files");
			goto out;
		}
	}
	if (!su.rules && !opt->nrules) {
		file_error(root, "no rules: given (and no -r on the command line)");
		goto out;
	}
	su.rules_yaml = map_get(root, "rules_yaml");
	if (su.rules_yaml && !scalar(su.rules_yaml, "rules_yaml"))
		goto out;
	tests = map_get(root, "tests");
	if (!tests || tests->kind != N_SEQ || tests->n == 0) {
		file_error(tests ? tests : root, "tests must be a non-empty list");
		goto out;
	}
	slash = strrchr(path, '/');
	su.dir = xmalloc(slash ? (size_t)(slash - path) + 1 : 1);
	if (slash)
		memcpy(su.dir, path, (size_t)(slash - path));
	for (size_t i = 0; i < tests->n; i++) {
		switch (run_test(&su, tests->items[i], i)) {
		case T_PASS:
			(*pass)++;
			break;
		case T_FAIL:
			(*fail)++;
			break;
		case T_SKIP:
			(*skip)++;
			break;
		case T_ERROR:
			break;
		}
	}
out:
	*errors += g_file_errors;
	free(su.dir);
	node_free(root);
}

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: falcocore-ruletest [options] TEST.yaml...\n"
	            "\n"
	            "Runs rule tests (see doc/ruletest-format.md): synthesised syscall events\n"
	            "go through libfalcocore's decoder, state and evaluator, and the alerts are\n"
	            "compared with the expected ones.\n"
	            "\n"
	            "Options:\n"
	            "  -r FILE         Rules file to use instead of each test file's rules:\n"
	            "                  (repeatable; loaded in order).\n"
	            "  -v, --verbose   Print every alert of every test.\n"
	            "  -h, --help      Print this help and exit.\n"
	            "\n"
	            "Exit status: 0 all tests passed, 1 a test failed, 2 a test file is\n"
	            "invalid, 77 every test was skipped because the library lacks a feature.\n");
}

int main(int argc, char **argv)
{
	options opt = {0};
	const char **files;
	size_t nfiles = 0;
	int pass = 0, fail = 0, skip = 0, errors = 0;

	opt.rules = xmalloc((size_t)argc * sizeof(*opt.rules));
	files = xmalloc((size_t)argc * sizeof(*files));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			free(opt.rules);
			free(files);
			return EXIT_PASS;
		} else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			opt.verbose = true;
		} else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
			opt.rules[opt.nrules++] = argv[++i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "falcocore-ruletest: unknown option '%s' (see --help)\n",
			        argv[i]);
			free(opt.rules);
			free(files);
			return EXIT_USAGE;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (nfiles == 0) {
		usage(stderr);
		free(opt.rules);
		free(files);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < nfiles; i++)
		run_file(files[i], &opt, &pass, &fail, &skip, &errors);
	printf("%d passed, %d failed, %d skipped, %d error(s)\n", pass, fail, skip, errors);
	free(opt.rules);
	free(files);
	if (errors)
		return EXIT_USAGE;
	if (fail)
		return EXIT_FAIL;
	if (skip && pass == 0)
		return EXIT_SKIP;
	return EXIT_PASS;
}
