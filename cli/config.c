/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: the falco.yaml subset. The file is read into a generic tree,
 * config_files are merged, -o overrides are applied to the tree with falco's
 * key-path syntax, then typed values are read with checks. */
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#ifndef FC_SYSCONFDIR
#define FC_SYSCONFDIR "/etc"
#endif

/* ---- tree ---- */

static cli_node *node_new(cli_node_kind k)
{
	cli_node *n = cli_xcalloc(1, sizeof(*n));

	n->kind = k;
	return n;
}

static cli_node *node_scalar(const char *s, bool quoted)
{
	cli_node *n = node_new(CLI_NODE_SCALAR);

	n->str = cli_xstrdup(s);
	n->quoted = quoted;
	return n;
}

void cli_node_free(cli_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys)
			free(n->keys[i]);
		cli_node_free(n->vals[i]);
	}
	free(n->keys);
	free(n->vals);
	free(n->str);
	free(n);
}

static cli_node *node_clone(const cli_node *n)
{
	cli_node *c = node_new(n->kind);
	size_t i;

	c->str = cli_xstrdup(n->str);
	c->quoted = n->quoted;
	c->cap = n->n;
	c->n = n->n;
	c->vals = cli_xcalloc(n->n, sizeof(*c->vals));
	if (n->kind == CLI_NODE_MAP)
		c->keys = cli_xcalloc(n->n, sizeof(*c->keys));
	for (i = 0; i < n->n; i++) {
		if (n->kind == CLI_NODE_MAP)
			c->keys[i] = cli_xstrdup(n->keys[i]);
		c->vals[i] = node_clone(n->vals[i]);
	}
	return c;
}

static cli_node **map_slot(cli_node *m, const char *key, bool create)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	if (!create)
		return NULL;
	i = m->n;
	CLI_PUSH(m->vals, m->n, m->cap);
	m->keys = cli_xrealloc(m->keys, m->cap * sizeof(*m->keys));
	m->keys[i] = cli_xstrdup(key);
	m->vals[i] = NULL;
	return &m->vals[i];
}

static void seq_push(cli_node *s, cli_node *v)
{
	size_t i = s->n;

	CLI_PUSH(s->vals, s->n, s->cap);
	s->vals[i] = v;
}

static const cli_node *node_get(const cli_node *root, const char *path)
{
	char key[256];
	const char *p = path;

	while (root && *p) {
		size_t l = strcspn(p, ".");
		cli_node **slot;

		if (root->kind != CLI_NODE_MAP || l >= sizeof(key))
			return NULL;
		memcpy(key, p, l);
		key[l] = '\0';
		slot = map_slot((cli_node *)root, key, false);
		root = slot ? *slot : NULL;
		p += l;
		if (*p == '.')
			p++;
	}
	return root;
}

/* ---- environment expansion: ${VAR}, $${x} is a literal ${x} ---- */

static char *expand_env(const char *s)
{
	cli_buf b = {0};

	if (!strchr(s, '$'))
		return cli_xstrdup(s);
	while (*s) {
		if (s[0] == '$' && s[1] == '$' && s[2] == '{') {
			cli_buf_putc(&b, '$');
			s += 2;
			continue;
		}
		if (s[0] == '$' && s[1] == '{') {
			const char *end = strchr(s + 2, '}');

			if (end) {
				char name[256];
				size_t l = (size_t)(end - (s + 2));
				const char *v;

				if (l < sizeof(name)) {
					memcpy(name, s + 2, l);
					name[l] = '\0';
					v = getenv(name);
					cli_buf_puts(&b, v ? v : "");
				}
				s = end + 1;
				continue;
			}
		}
		cli_buf_putc(&b, *s++);
	}
	return cli_buf_take(&b);
}

/* ---- libyaml → tree ---- */

typedef struct parse_ctx {
	yaml_parser_t p;
	char *err;
	size_t errlen;
	const char *name;
} parse_ctx;

static int parse_node(parse_ctx *c, yaml_event_t *first, cli_node **out, int depth);

static int next_event(parse_ctx *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&c->p, ev)) {
		snprintf(c->err, c->errlen, "%s:%zu:%zu: YAML error: %s", c->name,
		         c->p.problem_mark.line + 1, c->p.problem_mark.column + 1,
		         c->p.problem ? c->p.problem : "syntax error");
		return -1;
	}
	return 0;
}

static int parse_node(parse_ctx *c, yaml_event_t *ev, cli_node **out, int depth)
{
	yaml_event_t e;
	cli_node *n = NULL;

	*out = NULL;
	if (depth > 64) {
		snprintf(c->err, c->errlen, "%s: configuration nested too deeply", c->name);
		return -1;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		const char *v = (const char *)ev->data.scalar.value;
		bool quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		              ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		char *x;

		if (!quoted && (strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || v[0] == '\0')) {
			*out = node_new(CLI_NODE_NULL);
			return 0;
		}
		x = expand_env(v);
		n = node_scalar(x, quoted);
		free(x);
		*out = n;
		return 0;
	}
	case YAML_ALIAS_EVENT:
		snprintf(c->err, c->errlen, "%s:%zu:%zu: YAML aliases are not supported here",
		         c->name, ev->start_mark.line + 1, ev->start_mark.column + 1);
		return -1;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(CLI_NODE_SEQ);
		for (;;) {
			cli_node *item;

			if (next_event(c, &e) < 0)
				goto fail;
			if (e.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&e);
				break;
			}
			if (parse_node(c, &e, &item, depth + 1) < 0) {
				yaml_event_delete(&e);
				goto fail;
			}
			yaml_event_delete(&e);
			seq_push(n, item);
		}
		*out = n;
		return 0;
	case YAML_MAPPING_START_EVENT:
		n = node_new(CLI_NODE_MAP);
		for (;;) {
			cli_node *val, **slot;
			char *key;

			if (next_event(c, &e) < 0)
				goto fail;
			if (e.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&e);
				break;
			}
			if (e.type != YAML_SCALAR_EVENT) {
				snprintf(c->err, c->errlen,
				         "%s:%zu:%zu: mapping keys must be scalars", c->name,
				         e.start_mark.line + 1, e.start_mark.column + 1);
				yaml_event_delete(&e);
				goto fail;
			}
			key = cli_xstrdup((const char *)e.data.scalar.value);
			yaml_event_delete(&e);
			if (next_event(c, &e) < 0) {
				free(key);
				goto fail;
			}
			if (parse_node(c, &e, &val, depth + 1) < 0) {
				free(key);
				yaml_event_delete(&e);
				goto fail;
			}
			yaml_event_delete(&e);
			slot = map_slot(n, key, true);
			cli_node_free(*slot);
			*slot = val;
			free(key);
		}
		*out = n;
		return 0;
	default:
		snprintf(c->err, c->errlen, "%s: unexpected YAML event", c->name);
		return -1;
	}
fail:
	cli_node_free(n);
	return -1;
}

/* Parses a YAML document; an empty document gives an empty map. */
static int parse_yaml(const char *name, const char *text, size_t len, cli_node **out, char *err,
                      size_t errlen)
{
	parse_ctx c = {.err = err, .errlen = errlen, .name = name};
	yaml_event_t e;
	int rc = -1;
	bool done = false;

	*out = NULL;
	if (!yaml_parser_initialize(&c.p)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&c.p, (const unsigned char *)text, len);
	while (!done) {
		if (next_event(&c, &e) < 0)
			goto out;
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		default:
			if (*out) {
				snprintf(err, errlen, "%s: only one YAML document is allowed",
				         name);
				yaml_event_delete(&e);
				goto out;
			}
			if (parse_node(&c, &e, out, 0) < 0) {
				yaml_event_delete(&e);
				goto out;
			}
		}
		yaml_event_delete(&e);
	}
	if (!*out)
		*out = node_new(CLI_NODE_MAP);
	rc = 0;
out:
	if (rc < 0) {
		cli_node_free(*out);
		*out = NULL;
	}
	yaml_parser_delete(&c.p);
	return rc;
}

static int parse_file(const char *path, cli_node **out, char *err, size_t errlen)
{
	size_t len;
	char *text;
	int rc;

	if (cli_check_file_secure(path, err, errlen) < 0)
		return -1;
	text = cli_read_file(path, &len);
	if (!text) {
		snprintf(err, errlen, "cannot read configuration file %s: %s", path,
		         strerror(errno));
		return -1;
	}
	rc = parse_yaml(path, text, len, out, err, errlen);
	free(text);
	if (rc == 0 && (*out)->kind == CLI_NODE_NULL) {
		cli_node_free(*out);
		*out = node_new(CLI_NODE_MAP);
	}
	if (rc == 0 && (*out)->kind != CLI_NODE_MAP) {
		snprintf(err, errlen, "%s: the configuration must be a YAML mapping", path);
		cli_node_free(*out);
		*out = NULL;
		return -1;
	}
	return rc;
}

/* ---- merging of config_files ---- */

typedef enum merge_strategy { MERGE_APPEND, MERGE_OVERRIDE, MERGE_ADD_ONLY } merge_strategy;

static void merge_into(cli_node *dst, const cli_node *src, merge_strategy st)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		cli_node **slot = map_slot(dst, src->keys[i], false);
		const cli_node *v = src->vals[i];

		if (!slot) {
			*map_slot(dst, src->keys[i], true) = node_clone(v);
			continue;
		}
		if (st == MERGE_ADD_ONLY)
			continue;
		if (st == MERGE_APPEND && *slot && (*slot)->kind == CLI_NODE_SEQ &&
		    v->kind == CLI_NODE_SEQ) {
			size_t j;

			for (j = 0; j < v->n; j++)
				seq_push(*slot, node_clone(v->vals[j]));
			continue;
		}
		if (st == MERGE_APPEND && *slot && (*slot)->kind == CLI_NODE_MAP &&
		    v->kind == CLI_NODE_MAP) {
			merge_into(*slot, v, st);
			continue;
		}
		cli_node_free(*slot);
		*slot = node_clone(v);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int merge_one(cli_node *root, const char *path, merge_strategy st, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return 0; /* missing entries are skipped, like falco */
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, cap = 0, i;
		int rc = 0;

		if (!d)
			return 0;
		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);

			if (de->d_name[0] == '.' ||
			    !((l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0) ||
			      (l > 4 && strcmp(de->d_name + l - 4, ".yml") == 0)))
				continue;
			i = n;
			CLI_PUSH(names, n, cap);
			names[i] = cli_xstrdup(de->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof(*names), cmp_str);
		for (i = 0; i < n; i++) {
			cli_buf p = {0};

			cli_buf_printf(&p, "%s/%s", path, names[i]);
			if (rc == 0)
				rc = merge_one(root, p.p, st, err, errlen);
			cli_buf_free(&p);
			free(names[i]);
		}
		free(names);
		return rc;
	} else {
		cli_node *t;

		if (parse_file(path, &t, err, errlen) < 0)
			return -1;
		merge_into(root, t, st);
		cli_node_free(t);
		return 0;
	}
}

static int merge_config_files(cli_node *root, char *err, size_t errlen)
{
	const cli_node *cf = node_get(root, "config_files");
	cli_node *copy;
	size_t i;
	int rc = 0;

	if (!cf || cf->kind == CLI_NODE_NULL)
		return 0;
	if (cf->kind != CLI_NODE_SEQ) {
		snprintf(err, errlen, "config_files: expected a list");
		return -1;
	}
	copy = node_clone(cf); /* the root changes while merging */
	for (i = 0; i < copy->n && rc == 0; i++) {
		const cli_node *e = copy->vals[i];
		const char *path = NULL;
		merge_strategy st = MERGE_APPEND;

		if (e->kind == CLI_NODE_SCALAR) {
			path = e->str;
		} else if (e->kind == CLI_NODE_MAP) {
			const cli_node *p = node_get(e, "path"), *s = node_get(e, "strategy");

			path = p && p->kind == CLI_NODE_SCALAR ? p->str : NULL;
			if (s && s->kind == CLI_NODE_SCALAR) {
				if (strcmp(s->str, "override") == 0)
					st = MERGE_OVERRIDE;
				else if (strcmp(s->str, "add-only") == 0)
					st = MERGE_ADD_ONLY;
				else if (strcmp(s->str, "append") != 0) {
					snprintf(
					        err, errlen,
					        "config_files[%zu].strategy: unknown strategy '%s' "
					        "(append, override, add-only)",
					        i, s->str);
					rc = -1;
					break;
				}
			}
		}
		if (!path) {
			snprintf(err, errlen, "config_files[%zu]: expected a path", i);
			rc = -1;
			break;
		}
		rc = merge_one(root, path, st, err, errlen);
	}
	cli_node_free(copy);
	return rc;
}

/* ---- -o key.path[i]=value ---- */

typedef struct path_seg {
	char key[256];
	bool is_index;
	bool append; /* [] */
	size_t index;
} path_seg;

/* Splits "a.b[0].c" / "rules[].disable.rule" with backslash escapes. */
static int split_path(const char *p, path_seg *segs, size_t max, size_t *n_out)
{
	size_t n = 0;

	while (*p) {
		path_seg *s;
		size_t l = 0;

		if (n >= max)
			return -1;
		s = &segs[n];
		memset(s, 0, sizeof(*s));
		if (*p == '[') {
			char *end;

			p++;
			s->is_index = true;
			if (*p == ']') {
				s->append = true;
				p++;
			} else {
				if (!isdigit((unsigned char)*p))
					return -1;
				s->index = strtoul(p, &end, 10);
				if (*end != ']')
					return -1;
				p = end + 1;
			}
			n++;
			if (*p == '.')
				p++;
			else if (*p && *p != '[')
				return -1;
			continue;
		}
		while (*p && *p != '.' && *p != '[') {
			if (*p == '\\' && p[1])
				p++;
			if (l + 1 >= sizeof(s->key))
				return -1;
			s->key[l++] = *p++;
		}
		s->key[l] = '\0';
		if (l == 0)
			return -1;
		n++;
		if (*p == '.') {
			p++;
			if (!*p)
				return -1;
		}
	}
	*n_out = n;
	return n ? 0 : -1;
}

static int apply_override(cli_node *root, const char *ov, char *err, size_t errlen)
{
	const char *eq = strchr(ov, '=');
	path_seg segs[32];
	size_t n, i;
	char path[512];
	cli_node **slot, *val = NULL, *cur = root;
	const char *v;

	/* the '=' may itself be escaped in the path */
	while (eq && eq > ov && eq[-1] == '\\')
		eq = strchr(eq + 1, '=');
	if (!eq || eq == ov || (size_t)(eq - ov) >= sizeof(path)) {
		snprintf(err, errlen, "-o '%s': expected KEY=VALUE", ov);
		return -1;
	}
	memcpy(path, ov, (size_t)(eq - ov));
	path[eq - ov] = '\0';
	if (split_path(path, segs, 32, &n) < 0) {
		snprintf(err, errlen, "-o '%s': bad key path '%s'", ov, path);
		return -1;
	}
	v = eq + 1;
	if (v[0] == '{' || v[0] == '[') {
		if (parse_yaml("-o value", v, strlen(v), &val, err, errlen) < 0)
			return -1;
	} else {
		char *x = expand_env(v);

		val = node_scalar(x, false);
		free(x);
	}
	slot = NULL;
	for (i = 0; i < n; i++) {
		path_seg *s = &segs[i];

		if (s->is_index) {
			if (cur->kind != CLI_NODE_SEQ) {
				if (cur->kind != CLI_NODE_NULL && cur->n) {
					snprintf(err, errlen, "-o '%s': '%s' is not a list", ov,
					         path);
					cli_node_free(val);
					return -1;
				}
				cur->kind = CLI_NODE_SEQ;
				free(cur->keys);
				cur->keys = NULL;
				cur->n = 0;
			}
			if (s->append || s->index >= cur->n) {
				if (!s->append && s->index > cur->n) {
					snprintf(err, errlen,
					         "-o '%s': index %zu out of range (list has %zu)",
					         ov, s->index, cur->n);
					cli_node_free(val);
					return -1;
				}
				seq_push(cur, node_new(CLI_NODE_NULL));
				slot = &cur->vals[cur->n - 1];
			} else {
				slot = &cur->vals[s->index];
			}
		} else {
			if (cur->kind != CLI_NODE_MAP) {
				if (cur->kind == CLI_NODE_SCALAR || cur->kind == CLI_NODE_SEQ) {
					/* replace a scalar/list by a map on the way */
					size_t j;

					for (j = 0; j < cur->n; j++)
						cli_node_free(cur->vals[j]);
					cur->n = 0;
					free(cur->str);
					cur->str = NULL;
				}
				cur->kind = CLI_NODE_MAP;
			}
			slot = map_slot(cur, s->key, true);
			if (!*slot)
				*slot = node_new(CLI_NODE_NULL);
		}
		if (i + 1 < n)
			cur = *slot;
	}
	cli_node_free(*slot);
	*slot = val;
	return 0;
}

/* ---- typed reading ---- */

typedef struct reader {
	const cli_node *root;
	char *err;
	size_t errlen;
	int failed;
} reader;

static void rfail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rfail(reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed++)
		return;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const t[] = {"true", "yes", "on", "y", "1"};
	static const char *const f[] = {"false", "no", "off", "n", "0"};
	size_t i;

	for (i = 0; i < 5; i++) {
		if (strcasecmp(s, t[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, f[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static void get_bool(reader *r, const char *path, bool *out)
{
	const cli_node *n = node_get(r->root, path);

	if (!n || n->kind == CLI_NODE_NULL)
		return;
	if (n->kind != CLI_NODE_SCALAR || !parse_bool(n->str, out))
		rfail(r, "%s: expected a boolean (true or false), got '%s'", path,
		      n->kind == CLI_NODE_SCALAR ? n->str : "a list or mapping");
}

static void get_str(reader *r, const char *path, char **out)
{
	const cli_node *n = node_get(r->root, path);

	if (!n)
		return;
	if (n->kind == CLI_NODE_NULL) {
		free(*out);
		*out = cli_xstrdup("");
		return;
	}
	if (n->kind != CLI_NODE_SCALAR) {
		rfail(r, "%s: expected a string", path);
		return;
	}
	free(*out);
	*out = cli_xstrdup(n->str);
}

static void get_long(reader *r, const char *path, long *out, long min)
{
	const cli_node *n = node_get(r->root, path);
	char *end;
	long v;

	if (!n || n->kind == CLI_NODE_NULL)
		return;
	if (n->kind != CLI_NODE_SCALAR) {
		rfail(r, "%s: expected a number", path);
		return;
	}
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno || end == n->str || *end || v < min) {
		rfail(r, "%s: expected an integer >= %ld, got '%s'", path, min, n->str);
		return;
	}
	*out = v;
}

/* A Prometheus-style duration ("1h", "30s", "1m30s", "500ms") or plain ms. */
static bool parse_duration_ms(const char *s, uint64_t *out)
{
	uint64_t total = 0;
	char *end;

	if (!*s)
		return false;
	if (strspn(s, "0123456789") == strlen(s)) {
		*out = strtoull(s, NULL, 10);
		return true;
	}
	while (*s) {
		uint64_t v, mul;

		if (!isdigit((unsigned char)*s))
			return false;
		v = strtoull(s, &end, 10);
		s = end;
		if (strncmp(s, "ms", 2) == 0) {
			mul = 1;
			s += 2;
		} else if (*s == 's') {
			mul = 1000;
			s++;
		} else if (*s == 'm') {
			mul = 60000;
			s++;
		} else if (*s == 'h') {
			mul = 3600000;
			s++;
		} else if (*s == 'd') {
			mul = 86400000;
			s++;
		} else if (*s == 'w') {
			mul = 604800000;
			s++;
		} else if (*s == 'y') {
			mul = 31536000000ull;
			s++;
		} else {
			return false;
		}
		total += v * mul;
	}
	*out = total;
	return true;
}

static void str_list(reader *r, const cli_node *n, const char *what, char ***out, size_t *count)
{
	size_t i, cap = 0;

	if (!n || n->kind == CLI_NODE_NULL)
		return;
	if (n->kind == CLI_NODE_SCALAR) {
		i = *count;
		CLI_PUSH(*out, *count, cap);
		(*out)[i] = cli_xstrdup(n->str);
		return;
	}
	if (n->kind != CLI_NODE_SEQ) {
		rfail(r, "%s: expected a list of strings", what);
		return;
	}
	for (i = 0; i < n->n; i++) {
		size_t k;

		if (n->vals[i]->kind != CLI_NODE_SCALAR) {
			rfail(r, "%s[%zu]: expected a string", what, i);
			return;
		}
		k = *count;
		CLI_PUSH(*out, *count, cap);
		(*out)[k] = cli_xstrdup(n->vals[i]->str);
	}
}

static void read_rules(reader *r, cli_config *cfg)
{
	const cli_node *n = node_get(r->root, "rules");
	size_t i, cap = 0;

	if (!n || n->kind == CLI_NODE_NULL)
		return;
	if (n->kind != CLI_NODE_SEQ) {
		rfail(r, "rules: expected a list of {enable: ...} or {disable: ...}");
		return;
	}
	for (i = 0; i < n->n; i++) {
		const cli_node *e = n->vals[i], *body, *rule, *tag;
		cli_toggle t = {0};
		size_t k;

		if (e->kind != CLI_NODE_MAP || e->n != 1 ||
		    (strcmp(e->keys[0], "enable") != 0 && strcmp(e->keys[0], "disable") != 0)) {
			rfail(r, "rules[%zu]: expected {enable: {rule|tag: ...}} or {disable: ...}",
			      i);
			return;
		}
		t.enable = strcmp(e->keys[0], "enable") == 0;
		body = e->vals[0];
		rule = body->kind == CLI_NODE_MAP ? node_get(body, "rule") : NULL;
		tag = body->kind == CLI_NODE_MAP ? node_get(body, "tag") : NULL;
		if ((!rule && !tag) || (rule && tag) ||
		    (rule ? rule : tag)->kind != CLI_NODE_SCALAR) {
			rfail(r,
			      "rules[%zu].%s: expected exactly one of 'rule: <pattern>' or 'tag: "
			      "<tag>'",
			      i, e->keys[0]);
			return;
		}
		t.by_tag = tag != NULL;
		t.target = cli_xstrdup((rule ? rule : tag)->str);
		k = cfg->n_toggles;
		CLI_PUSH(cfg->toggles, cfg->n_toggles, cap);
		cfg->toggles[k] = t;
	}
}

static void read_append_output(reader *r, cli_config *cfg)
{
	const cli_node *n = node_get(r->root, "append_output");
	size_t i, cap = 0;

	if (!n || n->kind == CLI_NODE_NULL)
		return;
	if (n->kind != CLI_NODE_SEQ) {
		rfail(r, "append_output: expected a list");
		return;
	}
	for (i = 0; i < n->n; i++) {
		const cli_node *e = n->vals[i], *m, *x;
		cli_append a = {0};
		size_t k, xcap = 0;
		char what[64];

		if (e->kind != CLI_NODE_MAP) {
			rfail(r, "append_output[%zu]: expected a mapping", i);
			return;
		}
		m = node_get(e, "match");
		if (m && m->kind == CLI_NODE_MAP) {
			const cli_node *s = node_get(m, "source"), *ru = node_get(m, "rule");

			if (s && s->kind == CLI_NODE_SCALAR)
				a.source = cli_xstrdup(s->str);
			if (ru && ru->kind == CLI_NODE_SCALAR)
				a.rule = cli_xstrdup(ru->str);
			snprintf(what, sizeof(what), "append_output[%zu].match.tags", i);
			str_list(r, node_get(m, "tags"), what, &a.tags, &a.n_tags);
		} else if (m && m->kind != CLI_NODE_NULL) {
			rfail(r, "append_output[%zu].match: expected a mapping", i);
		}
		x = node_get(e, "extra_output");
		if (x && x->kind == CLI_NODE_SCALAR)
			a.extra_output = cli_xstrdup(x->str);
		x = node_get(e, "extra_fields");
		if (x && x->kind == CLI_NODE_SEQ) {
			size_t j;

			for (j = 0; j < x->n; j++) {
				const cli_node *f = x->vals[j];

				k = a.n_xf;
				if (f->kind == CLI_NODE_SCALAR) {
					CLI_PUSH(a.xf_names, a.n_xf, xcap);
					a.xf_formats = cli_xrealloc(a.xf_formats,
					                            xcap * sizeof(*a.xf_formats));
					a.xf_names[k] = cli_xstrdup(f->str);
					a.xf_formats[k] = NULL;
				} else if (f->kind == CLI_NODE_MAP && f->n == 1 &&
				           f->vals[0]->kind == CLI_NODE_SCALAR) {
					CLI_PUSH(a.xf_names, a.n_xf, xcap);
					a.xf_formats = cli_xrealloc(a.xf_formats,
					                            xcap * sizeof(*a.xf_formats));
					a.xf_names[k] = cli_xstrdup(f->keys[0]);
					a.xf_formats[k] = cli_xstrdup(f->vals[0]->str);
				} else {
					rfail(r,
					      "append_output[%zu].extra_fields[%zu]: expected a "
					      "field "
					      "name or {name: format}",
					      i, j);
				}
			}
		}
		k = cfg->n_appends;
		CLI_PUSH(cfg->appends, cfg->n_appends, cap);
		cfg->appends[k] = a;
	}
}

static void warn(cli_config *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(cli_config *cfg, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	size_t i = cfg->n_warnings;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	cfg->warnings = cli_xrealloc(cfg->warnings, (i + 1) * sizeof(*cfg->warnings));
	cfg->warnings[i] = cli_xstrdup(tmp);
	cfg->n_warnings = i + 1;
}

static bool is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static void read_webserver(reader *r, cli_config *cfg)
{
	const cli_node *n = node_get(r->root, "webserver");
	bool ssl = false;

	if (n && n->kind != CLI_NODE_MAP && n->kind != CLI_NODE_NULL) {
		rfail(r, "webserver: expected a mapping");
		return;
	}
	get_bool(r, "webserver.enabled", &cfg->web_enabled);
	get_long(r, "webserver.listen_port", &cfg->web_port, 0);
	if (cfg->web_port > 65535)
		rfail(r, "webserver.listen_port: expected a port number (0-65535), got %ld",
		      cfg->web_port);
	get_str(r, "webserver.listen_address", &cfg->web_address);
	if (!is_ip_literal(cfg->web_address))
		rfail(r, "webserver.listen_address: expected an IPv4 or IPv6 address, got '%s'",
		      cfg->web_address);
	get_str(r, "webserver.k8s_healthz_endpoint", &cfg->web_healthz);
	if (cfg->web_healthz[0] != '/')
		rfail(r,
		      "webserver.k8s_healthz_endpoint: expected a path starting with '/', got "
		      "'%s'",
		      cfg->web_healthz);
	get_bool(r, "webserver.prometheus_metrics_enabled", &cfg->web_prometheus);
	get_bool(r, "webserver.ssl_enabled", &ssl);
	if (ssl && cfg->web_enabled)
		rfail(r, "webserver.ssl_enabled: TLS is not supported by falcocore; serve plain "
		         "HTTP on a loopback address behind a TLS proxy instead");
}

/* open_params of the k8saudit plugin: "http://HOST:PORT/PATH" (HOST may be
 * empty or [v6]), "https://..." (refused: no TLS), "file://FILE" or FILE. */
static void parse_audit_open_params(reader *r, cli_config *cfg, const char *what, const char *p)
{
	const char *host, *port, *path;
	char *end;
	long v;

	if (strncmp(p, "https://", 8) == 0) {
		rfail(r,
		      "%s: '%s': https is not supported by falcocore; use http:// behind a TLS "
		      "proxy",
		      what, p);
		return;
	}
	if (strncmp(p, "http://", 7) != 0) {
		if (strncmp(p, "file://", 7) == 0)
			p += 7;
		if (!*p) {
			rfail(r, "%s: expected http://HOST:PORT/PATH or a file path", what);
			return;
		}
		cfg->audit_kind = CLI_AUDIT_FILE;
		free(cfg->audit_file);
		cfg->audit_file = cli_xstrdup(p);
		return;
	}
	host = p + 7;
	if (*host == '[') {
		port = strchr(host, ']');
		if (!port || port[1] != ':') {
			rfail(r, "%s: '%s': expected http://[ADDRESS]:PORT/PATH", what, p);
			return;
		}
		free(cfg->audit_address);
		cfg->audit_address = cli_xmalloc((size_t)(port - host));
		memcpy(cfg->audit_address, host + 1, (size_t)(port - host - 1));
		cfg->audit_address[port - host - 1] = '\0';
		port += 2;
	} else {
		port = strchr(host, ':');
		if (!port || (strchr(host, '/') && strchr(host, '/') < port)) {
			rfail(r, "%s: '%s': expected http://HOST:PORT/PATH (the port is required)",
			      what, p);
			return;
		}
		free(cfg->audit_address);
		cfg->audit_address = cli_xmalloc((size_t)(port - host) + 1);
		memcpy(cfg->audit_address, host, (size_t)(port - host));
		cfg->audit_address[port - host] = '\0';
		port++;
	}
	errno = 0;
	v = strtol(port, &end, 10);
	if (errno || end == port || v < 0 || v > 65535 || (*end && *end != '/')) {
		rfail(r, "%s: '%s': bad port", what, p);
		return;
	}
	if (strcmp(cfg->audit_address, "localhost") == 0) {
		free(cfg->audit_address);
		cfg->audit_address = cli_xstrdup("127.0.0.1");
	}
	if (*cfg->audit_address && !is_ip_literal(cfg->audit_address)) {
		rfail(r,
		      "%s: '%s': the host must be empty (every address), localhost or an IP "
		      "address",
		      what, p);
		return;
	}
	path = *end ? end : "/k8s-audit";
	cfg->audit_kind = CLI_AUDIT_WEBHOOK;
	cfg->audit_port = v;
	free(cfg->audit_path);
	cfg->audit_path = cli_xstrdup(path);
}

/* plugins: [{name, library_path, init_config, open_params}] and load_plugins:
 * falcocore has no plugin loader; the k8saudit entry configures the built-in
 * k8s_audit input, json and container are built in, others are ignored. */
static void read_plugins(reader *r, cli_config *cfg)
{
	const cli_node *plugins = node_get(r->root, "plugins");
	const cli_node *load = node_get(r->root, "load_plugins");
	size_t i, j;

	if (plugins && plugins->kind != CLI_NODE_SEQ && plugins->kind != CLI_NODE_NULL) {
		rfail(r, "plugins: expected a list of {name, library_path, init_config, "
		         "open_params}");
		return;
	}
	if (load && load->kind != CLI_NODE_SEQ && load->kind != CLI_NODE_NULL) {
		rfail(r, "load_plugins: expected a list of plugin names");
		return;
	}
	if (load && load->kind == CLI_NODE_SEQ) {
		for (j = 0; j < load->n; j++) {
			const cli_node *ln = load->vals[j];
			bool found = false;

			if (ln->kind != CLI_NODE_SCALAR) {
				rfail(r, "load_plugins[%zu]: expected a plugin name", j);
				return;
			}
			for (i = 0; plugins && plugins->kind == CLI_NODE_SEQ && i < plugins->n;
			     i++) {
				const cli_node *nm = node_get(plugins->vals[i], "name");

				if (plugins->vals[i]->kind == CLI_NODE_MAP && nm &&
				    nm->kind == CLI_NODE_SCALAR && strcmp(nm->str, ln->str) == 0)
					found = true;
			}
			if (!found) {
				rfail(r, "load_plugins[%zu]: plugin '%s' has no entry in plugins",
				      j, ln->str);
				return;
			}
		}
	}
	if (!plugins || plugins->kind != CLI_NODE_SEQ)
		return;
	for (i = 0; i < plugins->n; i++) {
		const cli_node *e = plugins->vals[i], *nm, *op, *ic;
		bool loaded = !load || load->kind != CLI_NODE_SEQ;
		char what[64];

		nm = e->kind == CLI_NODE_MAP ? node_get(e, "name") : NULL;
		if (!nm || nm->kind != CLI_NODE_SCALAR || !*nm->str) {
			rfail(r, "plugins[%zu]: expected a mapping with a 'name'", i);
			return;
		}
		for (j = 0; !loaded && j < load->n; j++)
			loaded = strcmp(load->vals[j]->str, nm->str) == 0;
		if (!loaded)
			continue;
		if (strcmp(nm->str, "json") == 0 || strcmp(nm->str, "container") == 0)
			continue; /* built in */
		if (strcmp(nm->str, "k8saudit") != 0) {
			warn(cfg,
			     "plugins[%zu]: plugin '%s' is not available in falcocore (it has no "
			     "plugin loader; k8saudit, json and container are built in); ignored",
			     i, nm->str);
			continue;
		}
		snprintf(what, sizeof(what), "plugins[%zu].open_params", i);
		op = node_get(e, "open_params");
		if (!op || op->kind == CLI_NODE_NULL ||
		    (op->kind == CLI_NODE_SCALAR && !*op->str)) {
			rfail(r,
			      "%s: required for k8saudit (e.g. \"http://:9765/k8s-audit\" or a "
			      "file of audit events)",
			      what);
			return;
		}
		if (op->kind != CLI_NODE_SCALAR) {
			rfail(r, "%s: expected a string", what);
			return;
		}
		parse_audit_open_params(r, cfg, what, op->str);
		ic = node_get(e, "init_config");
		if (ic && ic->kind == CLI_NODE_MAP) {
			const cli_node *mb = node_get(ic, "webhookMaxBatchSize");

			char *end;
			long long v;

			if (mb && mb->kind == CLI_NODE_SCALAR) {
				errno = 0;
				v = strtoll(mb->str, &end, 10);
				if (errno || end == mb->str || *end || v < 1024) {
					rfail(r,
					      "plugins[%zu].init_config.webhookMaxBatchSize: "
					      "expected a size in bytes >= 1024, got '%s'",
					      i, mb->str);
					return;
				}
				cfg->audit_max_body = (size_t)v;
			}
		}
	}
}

static void set_defaults(cli_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->priority = FC_PRIO_DEBUG;
	cfg->rule_matching = FC_RULE_MATCHING_FIRST;
	cfg->json_include_output_property = true;
	cfg->json_include_output_fields_property = true;
	cfg->json_include_tags_property = true;
	cfg->stdout_enabled = true;
	cfg->http_user_agent = cli_xstrdup("falcosecurity/falco");
	cfg->http_ca_path = cli_xstrdup("/etc/ssl/certs");
	cfg->http_client_cert = cli_xstrdup("/etc/ssl/certs/client.crt");
	cfg->http_client_key = cli_xstrdup("/etc/ssl/certs/client.key");
	cfg->http_max_consecutive_timeouts = 5;
	cfg->engine_kind = CLI_ENGINE_MODERN_EBPF;
	cfg->metrics_interval_ms = 3600000;
	cfg->metrics_output_rule = true;
	cfg->log_stderr = true;
	cfg->log_level = cli_xstrdup("info");
	cfg->output_timeout_ms = 2000;
	cfg->web_port = 8765;
	cfg->web_address = cli_xstrdup("0.0.0.0");
	cfg->web_healthz = cli_xstrdup("/healthz");
	cfg->audit_port = 9765;
	cfg->audit_address = cli_xstrdup("");
	cfg->audit_path = cli_xstrdup("/k8s-audit");
}

static void read_typed(reader *r, cli_config *cfg)
{
	const cli_node *n;
	char *s = NULL;
	long l;

	n = node_get(r->root, "rules_files");
	if (n && node_get(r->root, "rules_file"))
		rfail(r, "both 'rules_files' and the deprecated 'rules_file' are set; keep one");
	if (!n)
		n = node_get(r->root, "rules_file");
	str_list(r, n, "rules_files", &cfg->rules_files, &cfg->n_rules_files);
	read_rules(r, cfg);

	get_str(r, "priority", &s);
	if (s) {
		if (fc_priority_parse(s, &cfg->priority) != FC_OK)
			rfail(r,
			      "priority: unknown priority '%s' (emergency, alert, critical, error, "
			      "warning, notice, informational, debug)",
			      s);
		free(s);
		s = NULL;
	}
	get_str(r, "rule_matching", &s);
	if (s) {
		if (strcasecmp(s, "first") == 0)
			cfg->rule_matching = FC_RULE_MATCHING_FIRST;
		else if (strcasecmp(s, "all") == 0)
			cfg->rule_matching = FC_RULE_MATCHING_ALL;
		else
			rfail(r, "rule_matching: expected 'first' or 'all', got '%s'", s);
		free(s);
		s = NULL;
	}
	get_bool(r, "json_output", &cfg->json_output);
	get_bool(r, "json_include_output_property", &cfg->json_include_output_property);
	get_bool(r, "json_include_message_property", &cfg->json_include_message_property);
	get_bool(r, "json_include_output_fields_property",
	         &cfg->json_include_output_fields_property);
	get_bool(r, "json_include_tags_property", &cfg->json_include_tags_property);
	get_bool(r, "time_format_iso_8601", &cfg->time_format_iso_8601);
	get_bool(r, "buffered_outputs", &cfg->buffered_outputs);
	l = 0;
	get_long(r, "outputs_queue.capacity", &l, 0);
	cfg->outputs_queue_capacity = (size_t)l;
	read_append_output(r, cfg);

	get_bool(r, "stdout_output.enabled", &cfg->stdout_enabled);
	get_bool(r, "syslog_output.enabled", &cfg->syslog_enabled);
	get_bool(r, "file_output.enabled", &cfg->file_enabled);
	get_bool(r, "file_output.keep_alive", &cfg->file_keep_alive);
	get_str(r, "file_output.filename", &cfg->file_filename);
	if (cfg->file_enabled && (!cfg->file_filename || !*cfg->file_filename))
		rfail(r, "file_output.filename: required when file_output.enabled is true");
	get_bool(r, "program_output.enabled", &cfg->program_enabled);
	get_bool(r, "program_output.keep_alive", &cfg->program_keep_alive);
	get_str(r, "program_output.program", &cfg->program_program);
	if (cfg->program_enabled && (!cfg->program_program || !*cfg->program_program))
		rfail(r, "program_output.program: required when program_output.enabled is true");
	get_bool(r, "http_output.enabled", &cfg->http_enabled);
	get_str(r, "http_output.url", &cfg->http_url);
	get_str(r, "http_output.user_agent", &cfg->http_user_agent);
	get_bool(r, "http_output.insecure", &cfg->http_insecure);
	get_str(r, "http_output.ca_cert", &cfg->http_ca_cert);
	get_str(r, "http_output.ca_bundle", &cfg->http_ca_bundle);
	get_str(r, "http_output.ca_path", &cfg->http_ca_path);
	get_bool(r, "http_output.mtls", &cfg->http_mtls);
	get_str(r, "http_output.client_cert", &cfg->http_client_cert);
	get_str(r, "http_output.client_key", &cfg->http_client_key);
	get_bool(r, "http_output.echo", &cfg->http_echo);
	get_bool(r, "http_output.compress_uploads", &cfg->http_compress);
	get_bool(r, "http_output.keep_alive", &cfg->http_keep_alive);
	get_long(r, "http_output.max_consecutive_timeouts", &cfg->http_max_consecutive_timeouts, 0);
	if (cfg->http_enabled && (!cfg->http_url || !*cfg->http_url))
		rfail(r, "http_output.url: required when http_output.enabled is true");

	get_str(r, "engine.kind", &s);
	if (s) {
		if (strcmp(s, "modern_ebpf") == 0)
			cfg->engine_kind = CLI_ENGINE_MODERN_EBPF;
		else if (strcmp(s, "replay") == 0)
			cfg->engine_kind = CLI_ENGINE_REPLAY;
		else if (strcmp(s, "nodriver") == 0)
			cfg->engine_kind = CLI_ENGINE_NODRIVER;
		else
			rfail(r,
			      "engine.kind: '%s' is not supported (modern_ebpf, replay, nodriver)",
			      s);
		free(s);
		s = NULL;
	}
	get_str(r, "engine.replay.capture_file", &cfg->replay_capture_file);
	if (cfg->engine_kind == CLI_ENGINE_REPLAY &&
	    (!cfg->replay_capture_file || !*cfg->replay_capture_file))
		rfail(r, "engine.replay.capture_file: required when engine.kind is replay");

	get_bool(r, "metrics.enabled", &cfg->metrics_enabled);
	n = node_get(r->root, "metrics.interval");
	if (n && n->kind == CLI_NODE_SCALAR) {
		if (!parse_duration_ms(n->str, &cfg->metrics_interval_ms) ||
		    cfg->metrics_interval_ms < 100)
			rfail(r,
			      "metrics.interval: expected a duration of at least 100ms (e.g. 15s, "
			      "1m, 1h or milliseconds), got '%s'",
			      n->str);
	}
	get_bool(r, "metrics.output_rule", &cfg->metrics_output_rule);
	get_str(r, "metrics.output_file", &cfg->metrics_output_file);
	get_bool(r, "log_stderr", &cfg->log_stderr);
	get_str(r, "log_level", &cfg->log_level);
	get_long(r, "output_timeout", &cfg->output_timeout_ms, 1);
	read_webserver(r, cfg);
	read_plugins(r, cfg);
}

static int config_load(cli_config *cfg, const char *path, bool path_given, char **overrides,
                       size_t n_overrides, char *err, size_t errlen)
{
	cli_node *root = NULL;
	reader r;
	size_t i;
	struct stat sb;

	set_defaults(cfg);
	if (!path_given) {
		const char *def = FC_SYSCONFDIR "/falcocore/falcocore.yaml";

		path = stat(def, &sb) == 0 ? def : NULL;
	}
	if (path) {
		if (parse_file(path, &root, err, errlen) < 0)
			return -1;
		cfg->path = cli_xstrdup(path);
		if (merge_config_files(root, err, errlen) < 0) {
			cli_node_free(root);
			return -1;
		}
	} else {
		root = node_new(CLI_NODE_MAP);
	}
	for (i = 0; i < n_overrides; i++) {
		if (apply_override(root, overrides[i], err, errlen) < 0) {
			cli_node_free(root);
			return -1;
		}
	}
	r = (reader){.root = root, .err = err, .errlen = errlen};
	read_typed(&r, cfg);
	cfg->root = root;
	if (r.failed) {
		/* prefix the error with the file, if any */
		if (cfg->path) {
			char tmp[1024];

			snprintf(tmp, sizeof(tmp), "%s: %s", cfg->path, err);
			snprintf(err, errlen, "%s", tmp);
		}
		return -1;
	}
	return 0;
}

int cli_config_load(cli_config *cfg, const char *path, bool path_given, char **overrides,
                    size_t n_overrides, char *err, size_t errlen)
{
	int rc = config_load(cfg, path, path_given, overrides, n_overrides, err, errlen);

	if (rc < 0)
		cli_config_free(cfg); /* nothing to free for the caller on failure */
	return rc;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void cli_config_free(cli_config *cfg)
{
	size_t i;

	free(cfg->path);
	free_strv(cfg->rules_files, cfg->n_rules_files);
	for (i = 0; i < cfg->n_toggles; i++)
		free(cfg->toggles[i].target);
	free(cfg->toggles);
	for (i = 0; i < cfg->n_appends; i++) {
		cli_append *a = &cfg->appends[i];

		free(a->source);
		free(a->rule);
		free_strv(a->tags, a->n_tags);
		free(a->extra_output);
		free_strv(a->xf_names, a->n_xf);
		free_strv(a->xf_formats, a->n_xf);
	}
	free(cfg->appends);
	free(cfg->file_filename);
	free(cfg->program_program);
	free(cfg->http_url);
	free(cfg->http_user_agent);
	free(cfg->http_ca_cert);
	free(cfg->http_ca_bundle);
	free(cfg->http_ca_path);
	free(cfg->http_client_cert);
	free(cfg->http_client_key);
	free(cfg->replay_capture_file);
	free(cfg->metrics_output_file);
	free(cfg->log_level);
	free(cfg->web_address);
	free(cfg->web_healthz);
	free(cfg->audit_address);
	free(cfg->audit_path);
	free(cfg->audit_file);
	free_strv(cfg->warnings, cfg->n_warnings);
	cli_node_free(cfg->root);
	memset(cfg, 0, sizeof(*cfg));
}

static bool looks_number(const char *s)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	(void)strtod(s, &end);
	return *end == '\0' && errno == 0 && strcasecmp(s, "nan") != 0 &&
	       strcasecmp(s, "inf") != 0 && strcasecmp(s, "infinity") != 0 &&
	       strncasecmp(s, "0x", 2) != 0;
}

void cli_node_to_json(const cli_node *n, cli_buf *b)
{
	size_t i;
	bool bv;

	if (!n) {
		cli_buf_puts(b, "null");
		return;
	}
	switch (n->kind) {
	case CLI_NODE_NULL:
		cli_buf_puts(b, "null");
		break;
	case CLI_NODE_SCALAR:
		if (!n->quoted && (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
			cli_buf_puts(b, parse_bool(n->str, &bv) && bv ? "true" : "false");
		else if (!n->quoted && looks_number(n->str))
			cli_buf_puts(b, n->str);
		else
			cli_json_cstr(b, n->str);
		break;
	case CLI_NODE_SEQ:
		cli_buf_putc(b, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				cli_buf_putc(b, ',');
			cli_node_to_json(n->vals[i], b);
		}
		cli_buf_putc(b, ']');
		break;
	case CLI_NODE_MAP:
		cli_buf_putc(b, '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				cli_buf_putc(b, ',');
			cli_json_cstr(b, n->keys[i]);
			cli_buf_putc(b, ':');
			cli_node_to_json(n->vals[i], b);
		}
		cli_buf_putc(b, '}');
		break;
	}
}
