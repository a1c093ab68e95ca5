/* SPDX-License-Identifier: Apache-2.0 */
/* YAML items -> candidate lists, macros and rules (Falco's
 * rule_loader_reader.cpp), handed to the collector. Unlike Falco, every
 * problem of a file is reported: a rejected item is dropped and reading goes
 * on with the next one. */
#include "rule_collector.h"
#include "yaml_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARNING_APPEND                                                                             \
	"'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under "      \
	"'override' instead."
#define WARNING_ENABLED                                                                            \
	"The standalone 'enabled' key usage is deprecated. The correct approach requires also a "  \
	"'replace' entry under the 'override' key (i.e. 'enabled: replace')."
#define ERROR_OVERRIDE_APPEND                                                                      \
	"Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. " \
	"'condition: append') under 'override' instead."
#define RGX_IDENTIFIER "([a-zA-Z]+[a-zA-Z0-9_]*)"
#define RGX_BARESTR    "([^()\"'[:space:]=,]+)"

typedef struct reader {
	fci_lctx *c;
	const char *kind; /* current item kind, for diagnostics */
	const char *name; /* current item name */
	size_t errs_at_item;
} reader;

static fci_loc nloc(const reader *r, const fci_ynode *n)
{
	fci_loc l = {r->c->file, n->start, n->end > n->start ? n->end - n->start : 1};

	/* a block scalar's node starts at its `|`/`>` indicator: point at the text */
	if (n->type == FCI_Y_SCALAR && n->len &&
	    (n->style == FCI_YS_LITERAL || n->style == FCI_YS_FOLDED)) {
		l.offset = n->offs[0];
		l.length = n->offs[n->len - 1] >= l.offset ? n->offs[n->len - 1] - l.offset + 1 : 1;
	}
	return l;
}

#define RERR(code, node, ...)                                                                      \
	fci_lctx_diag(r->c, FC_SEV_ERROR, (code), nloc(r, (node)), r->kind, r->name, __VA_ARGS__)
#define RWARN(code, node, ...)                                                                     \
	fci_lctx_diag(r->c, FC_SEV_WARNING, (code), nloc(r, (node)), r->kind, r->name, __VA_ARGS__)

static bool item_failed(const reader *r)
{
	return r->c->n_errors > r->errs_at_item;
}

/* ---- typed accessors (report and return false on error) ---- */

/* Required/optional scalar string value of `key` (non-empty, as Falco's
 * decode_val). *out NULL when absent and optional. */
static bool get_scalar(reader *r, const fci_ynode *item, const fci_ynode *namenode, const char *key,
                       bool required, const fci_ynode **out)
{
	fci_ynode *k = NULL, *v = fci_ymap_get(item, key, &k);

	*out = NULL;
	if (!k) {
		if (required)
			RERR(FC_D_MISSING_KEY, namenode, "Item has no mapping for key '%s'", key);
		return !required;
	}
	if (fci_ynode_is_null(v)) {
		RERR(FC_D_EMPTY_VALUE, k, "Mapping for key '%s' is empty", key);
		return false;
	}
	if (v->type != FCI_Y_SCALAR) {
		RERR(FC_D_BAD_TYPE, v, "Value for key '%s' is not a scalar value", key);
		return false;
	}
	if (v->len == 0) {
		RERR(FC_D_EMPTY_VALUE, v, "Value for key '%s' must be non-empty", key);
		return false;
	}
	*out = v;
	return true;
}

static bool get_str(reader *r, const fci_ynode *item, const fci_ynode *namenode, const char *key,
                    bool required, fci_str *out, bool *present)
{
	const fci_ynode *v;

	if (present)
		*present = false;
	if (!get_scalar(r, item, namenode, key, required, &v))
		return false;
	if (!v)
		return true;
	if (fci_str_set(out, v->val, v->len, v->offs, nloc(r, v)) < 0) {
		r->c->oom = true;
		return false;
	}
	if (present)
		*present = true;
	return true;
}

static bool get_bool(reader *r, const fci_ynode *item, const fci_ynode *namenode, const char *key,
                     bool required, bool *out, bool *present)
{
	const fci_ynode *v;

	if (present)
		*present = false;
	if (!get_scalar(r, item, namenode, key, required, &v))
		return false;
	if (!v)
		return true;
	if (!fci_ynode_bool(v, out)) {
		RERR(FC_D_BAD_TYPE, v, "Value for key '%s' is not a boolean: '%s'", key, v->val);
		return false;
	}
	if (present)
		*present = true;
	return true;
}

/* Sequence of scalars (items, tags). */
static bool get_seq(reader *r, const fci_ynode *item, const fci_ynode *namenode, const char *key,
                    bool required, const fci_ynode **out)
{
	fci_ynode *k = NULL, *v = fci_ymap_get(item, key, &k);
	size_t i;

	*out = NULL;
	if (!k) {
		if (required)
			RERR(FC_D_MISSING_KEY, namenode, "Item has no mapping for key '%s'", key);
		return !required;
	}
	if (v->type != FCI_Y_SEQ) {
		RERR(FC_D_BAD_TYPE, fci_ynode_is_null(v) ? k : v,
		     "Value for key '%s' is not a sequence", key);
		return false;
	}
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type != FCI_Y_SCALAR) {
			RERR(FC_D_BAD_TYPE, v->items[i], "Sequence value of key '%s' is not scalar",
			     key);
			return false;
		}
	}
	*out = v;
	return true;
}

/* Warn about keys not in `allowed` (NULL-terminated). */
static void check_keys(reader *r, const fci_ynode *item, const char *const *allowed,
                       const char *what)
{
	size_t i, j;

	for (i = 0; i < item->n; i++) {
		const fci_ynode *k = item->items[2 * i];
		bool ok = false;

		if (k->type != FCI_Y_SCALAR) {
			RWARN(FC_D_UNKNOWN_KEY, k,
			      "Unknown key (not a scalar) in %s; it is ignored", what);
			continue;
		}
		for (j = 0; allowed[j] && !ok; j++)
			ok = strcmp(k->val, allowed[j]) == 0;
		if (!ok)
			RWARN(FC_D_UNKNOWN_KEY, k, "Unknown key '%s' in %s; it is ignored", k->val,
			      what);
	}
}

static char *dup_node(reader *r, const fci_ynode *v)
{
	char *s = fci_strndup(v->val, v->len);

	if (!s)
		r->c->oom = true;
	return s;
}

/* Item name (list:, macro:, rule:). */
static const fci_ynode *get_name(reader *r, const fci_ynode *item, const char *key)
{
	const fci_ynode *v;

	if (!get_scalar(r, item, item, key, true, &v))
		return NULL;
	return v;
}

/* ---- overrides ---- */

typedef struct overrides {
	unsigned app, rep;
	bool present;
} overrides;

static bool in_set(const char *k, const char *const *set)
{
	size_t i;

	for (i = 0; set[i]; i++)
		if (strcmp(k, set[i]) == 0)
			return true;
	return false;
}

static unsigned rule_key_bit(const char *k)
{
	static const struct {
		const char *k;
		unsigned bit;
	} t[] = {
	        {"condition", FCI_RK_CONDITION},
	        {"output", FCI_RK_OUTPUT},
	        {"desc", FCI_RK_DESC},
	        {"priority", FCI_RK_PRIORITY},
	        {"tags", FCI_RK_TAGS},
	        {"exceptions", FCI_RK_EXCEPTIONS},
	        {"enabled", FCI_RK_ENABLED},
	        {"warn_evttypes", FCI_RK_WARN_EVTTYPES},
	        {"skip-if-unknown-filter", FCI_RK_SKIP_UNKNOWN},
	        {"capture", FCI_RK_CAPTURE},
	        {"capture_duration", FCI_RK_CAPTURE_DURATION},
	        {"source", FCI_RK_SOURCE},
	        {"items", 1},
	};
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(t); i++)
		if (strcmp(k, t[i].k) == 0)
			return t[i].bit;
	return 0;
}

static bool read_overrides(reader *r, const fci_ynode *item, const char *const *can_append,
                           const char *const *can_replace, overrides *o)
{
	fci_ynode *k = NULL, *v = fci_ymap_get(item, "override", &k);
	size_t i;
	bool ok = true;

	memset(o, 0, sizeof(*o));
	if (!k)
		return true;
	o->present = true;
	if (v->type != FCI_Y_MAP) {
		RERR(FC_D_BAD_OVERRIDE, fci_ynode_is_null(v) ? k : v,
		     "Value for key 'override' must be a mapping of keys to 'append' or 'replace'");
		return false;
	}
	for (i = 0; i < v->n; i++) {
		const fci_ynode *key = v->items[2 * i], *op = v->items[2 * i + 1];
		bool a, p;

		if (key->type != FCI_Y_SCALAR || op->type != FCI_Y_SCALAR) {
			RERR(FC_D_BAD_OVERRIDE, key->type != FCI_Y_SCALAR ? key : op,
			     "override entries must be 'key: append' or 'key: replace'");
			ok = false;
			continue;
		}
		a = in_set(key->val, can_append);
		p = in_set(key->val, can_replace);
		if (strcmp(op->val, "append") == 0) {
			if (!a) {
				RERR(FC_D_BAD_OVERRIDE, key, "Key '%s' cannot be appended to%s",
				     key->val, p ? ", use 'replace' instead" : "");
				ok = false;
				continue;
			}
			o->app |= rule_key_bit(key->val);
		} else if (strcmp(op->val, "replace") == 0) {
			if (!p) {
				RERR(FC_D_BAD_OVERRIDE, key, "Key '%s' cannot be replaced",
				     key->val);
				ok = false;
				continue;
			}
			o->rep |= rule_key_bit(key->val);
		} else {
			RERR(FC_D_BAD_OVERRIDE, op,
			     "Invalid override operation for key '%s': '%s'. Allowed values are: "
			     "%s%s",
			     key->val, op->val, a ? "append " : "", p ? "replace " : "");
			ok = false;
		}
	}
	return ok;
}

/* ---- exceptions ---- */

static bool read_entry(reader *r, const fci_ynode *v, const char *what, fci_exc_entry *out,
                       unsigned depth)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->present = true;
	out->loc = nloc(r, v);
	if (v->type == FCI_Y_SCALAR && !fci_ynode_is_null(v)) {
		if (v->len == 0) {
			RERR(FC_D_EMPTY_VALUE, v, "Exception %s must be non-empty", what);
			return false;
		}
		if (fci_str_set(&out->item, v->val, v->len, v->offs, out->loc) < 0) {
			r->c->oom = true;
			return false;
		}
		return true;
	}
	if (v->type != FCI_Y_SEQ || depth > 3) {
		RERR(FC_D_BAD_EXCEPTION, v, "Exception %s must be a string or a list of strings",
		     what);
		return false;
	}
	out->is_list = true;
	out->items = fci_calloc(v->n ? v->n : 1, sizeof(*out->items));
	if (!out->items) {
		r->c->oom = true;
		return false;
	}
	for (i = 0; i < v->n; i++) {
		out->n_items++;
		if (!read_entry(r, v->items[i], what, &out->items[i], depth + 1))
			return false;
	}
	return true;
}

static bool read_exceptions(reader *r, const fci_ynode *item, bool append, fci_rule *rule)
{
	static const char *const keys[] = {"name", "fields", "comps", "values", NULL};
	fci_ynode *k = NULL, *exs = fci_ymap_get(item, "exceptions", &k);
	size_t i, j;
	bool ok = true;

	if (!k || fci_ynode_is_null(exs))
		return true;
	if (exs->type != FCI_Y_SEQ) {
		RERR(FC_D_BAD_EXCEPTION, exs, "Rule exceptions must be a sequence");
		return false;
	}
	rule->exceptions = fci_calloc(exs->n ? exs->n : 1, sizeof(*rule->exceptions));
	if (!rule->exceptions) {
		r->c->oom = true;
		return false;
	}
	for (i = 0; i < exs->n; i++) {
		const fci_ynode *ex = exs->items[i], *name, *f, *cp, *vals;
		fci_exception *e;

		if (ex->type != FCI_Y_MAP) {
			RERR(FC_D_BAD_EXCEPTION, ex, "Rule exception must be a mapping");
			ok = false;
			continue;
		}
		check_keys(r, ex, keys, "exception");
		if (!get_scalar(r, ex, ex, "name", true, &name)) {
			ok = false;
			continue;
		}
		for (j = 0; j < rule->n_exceptions; j++)
			if (strcmp(rule->exceptions[j].name, name->val) == 0)
				RWARN(FC_D_EXCEPTION_NAME_DUP, name,
				      "Multiple definitions of exception '%s' in the same rule",
				      name->val);
		e = &rule->exceptions[rule->n_exceptions++];
		e->loc = nloc(r, ex);
		e->name = dup_node(r, name);
		if (!e->name)
			return false;
		f = fci_ymap_get(ex, "fields", NULL);
		if (f) {
			if (!read_entry(r, f, "fields", &e->fields, 0))
				ok = false;
		} else if (!append) {
			RERR(FC_D_BAD_EXCEPTION, name,
			     "Rule exception '%s' must have fields property with a list of fields",
			     name->val);
			ok = false;
		}
		cp = fci_ymap_get(ex, "comps", NULL);
		if (cp && !read_entry(r, cp, "comps", &e->comps, 0))
			ok = false;
		vals = fci_ymap_get(ex, "values", &k);
		if (vals) {
			if (vals->type != FCI_Y_SEQ) {
				RERR(FC_D_BAD_EXCEPTION, fci_ynode_is_null(vals) ? k : vals,
				     "Rule exception values must be a sequence");
				ok = false;
				continue;
			}
			e->values = fci_calloc(vals->n ? vals->n : 1, sizeof(*e->values));
			if (!e->values) {
				r->c->oom = true;
				return false;
			}
			e->cap_values = vals->n ? vals->n : 1;
			for (j = 0; j < vals->n; j++) {
				e->n_values++;
				if (!read_entry(r, vals->items[j], "values", &e->values[j], 0)) {
					ok = false;
					break;
				}
			}
		} else if (append) {
			RWARN(FC_D_APPEND_NO_VALUES, name,
			      "Overriding/appending exception with no values");
		}
	}
	return ok;
}

/* ---- item kinds ---- */

static void read_engine_version(reader *r, const fci_ynode *item)
{
	static const char *const keys[] = {"required_engine_version", NULL};
	fc_engine *eng = r->c->eng;
	const fci_ynode *v;
	unsigned req[3], have[3];
	uint64_t legacy;
	char buf[32];

	r->kind = "required_engine_version";
	check_keys(r, item, keys, "required_engine_version item");
	if (!get_scalar(r, item, item, "required_engine_version", true, &v))
		return;
	if (fci_ynode_u64(v, &legacy) && legacy <= 0xFFFFFFFFu) {
		req[0] = 0;
		req[1] = (unsigned)legacy;
		req[2] = 0;
	} else if (!fci_semver_parse(v->val, req)) {
		RERR(FC_D_BAD_VERSION, v,
		     "Unable to parse engine version '%s' as a semver string. Expected \"x.y.z\" "
		     "semver format.",
		     v->val);
		return;
	}
	snprintf(buf, sizeof(buf), "%u.%u.%u", req[0], req[1], req[2]);
	if (!fci_semver_parse(eng->engine_version, have) || have[0] != req[0] ||
	    fci_semver_cmp(have, req) < 0) {
		RERR(FC_D_ENGINE_VERSION, v,
		     "Rules require engine version %s, but engine version is %s", buf,
		     eng->engine_version);
		return;
	}
	{
		unsigned cur[3];

		if (!fci_semver_parse(eng->doc.required_engine_version, cur) ||
		    fci_semver_cmp(cur, req) < 0)
			snprintf(eng->doc.required_engine_version,
			         sizeof(eng->doc.required_engine_version), "%s", buf);
	}
}

static bool read_plugin_alt(reader *r, const fci_ynode *m, fci_plugin_alt *alt)
{
	static const char *const keys[] = {"name", "version", NULL};
	const fci_ynode *n, *v;
	unsigned sv[3];

	if (!get_scalar(r, m, m, "name", true, &n) || !get_scalar(r, m, m, "version", true, &v))
		return false;
	if (!fci_semver_parse(v->val, sv)) {
		RERR(FC_D_BAD_VERSION, v, "Invalid required version '%s' for plugin '%s'", v->val,
		     n->val);
		return false;
	}
	(void)keys;
	alt->name = dup_node(r, n);
	alt->version = dup_node(r, v);
	return alt->name && alt->version;
}

static void read_plugin_versions(reader *r, const fci_ynode *item)
{
	static const char *const keys[] = {"required_plugin_versions", NULL};
	static const char *const ekeys[] = {"name", "version", "alternatives", NULL};
	static const char *const akeys[] = {"name", "version", NULL};
	fci_ruledoc *d = &r->c->eng->doc;
	fci_ynode *k = NULL, *seq = fci_ymap_get(item, "required_plugin_versions", &k);
	size_t i, j, a;

	r->kind = "required_plugin_versions";
	check_keys(r, item, keys, "required_plugin_versions item");
	if (seq->type != FCI_Y_SEQ) {
		RERR(FC_D_BAD_TYPE, fci_ynode_is_null(seq) ? k : seq,
		     "Value of required_plugin_versions must be a sequence");
		return;
	}
	for (i = 0; i < seq->n; i++) {
		const fci_ynode *e = seq->items[i], *alts;
		fci_plugin_req req;
		bool ok = true;

		memset(&req, 0, sizeof(req));
		if (e->type != FCI_Y_MAP) {
			RERR(FC_D_BAD_TYPE, e, "Plugin version must be a mapping");
			continue;
		}
		check_keys(r, e, ekeys, "required_plugin_versions entry");
		alts = fci_ymap_get(e, "alternatives", &k);
		if (alts && alts->type != FCI_Y_SEQ) {
			RERR(FC_D_BAD_TYPE, fci_ynode_is_null(alts) ? k : alts,
			     "Value of plugin version alternatives must be a sequence");
			continue;
		}
		req.loc = nloc(r, e);
		req.alts = fci_calloc(1 + (alts ? alts->n : 0), sizeof(*req.alts));
		if (!req.alts) {
			r->c->oom = true;
			return;
		}
		req.n_alts = 1;
		ok = read_plugin_alt(r, e, &req.alts[0]);
		for (j = 0; ok && alts && j < alts->n; j++) {
			const fci_ynode *am = alts->items[j];

			if (am->type != FCI_Y_MAP) {
				RERR(FC_D_BAD_TYPE, am,
				     "Plugin version alternative must be a mapping");
				ok = false;
				break;
			}
			check_keys(r, am, akeys, "plugin version alternative");
			req.n_alts++;
			ok = read_plugin_alt(r, am, &req.alts[req.n_alts - 1]);
			for (a = 0; ok && a + 1 < req.n_alts; a++) {
				if (strcmp(req.alts[a].name, req.alts[req.n_alts - 1].name) == 0) {
					RERR(FC_D_BAD_VERSION, am,
					     "Defined multiple alternative version requirements "
					     "for "
					     "plugin '%s'",
					     req.alts[a].name);
					ok = false;
				}
			}
		}
		if (ok && FCI_PUSH(d->plugin_reqs, d->n_plugin_reqs, d->cap_plugin_reqs) == 0) {
			d->plugin_reqs[d->n_plugin_reqs - 1] = req;
			continue;
		}
		if (ok)
			r->c->oom = true;
		for (a = 0; a < req.n_alts; a++) {
			fci_free(req.alts[a].name);
			fci_free(req.alts[a].version);
		}
		fci_free(req.alts);
	}
}

static bool match_identifier(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 1; s[i]; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return true;
}

static bool match_barestr(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (strchr("()\"'=, \t\n\r\v\f", *s))
			return false;
	return true;
}

static const char *const list_ops[] = {"items", NULL};

static const fci_ynode *override_key(const fci_ynode *item)
{
	fci_ynode *k = NULL;

	fci_ymap_get(item, "override", &k);
	return k;
}
static const char *const macro_ops[] = {"condition", NULL};

static bool read_append_flag(reader *r, const fci_ynode *item, const fci_ynode *name, bool *append)
{
	*append = false;
	if (!get_bool(r, item, name, "append", false, append, NULL))
		return false;
	if (*append)
		RWARN(FC_D_DEPRECATED, fci_ymap_get(item, "append", NULL), WARNING_APPEND);
	return true;
}

static void read_list(reader *r, const fci_ynode *item)
{
	static const char *const keys[] = {"list", "items", "append", "override", NULL};
	const fci_ynode *name, *items;
	fci_list *l;
	overrides o;
	bool append;
	size_t i;

	r->kind = "list";
	name = get_name(r, item, "list");
	if (name)
		r->name = name->val;
	check_keys(r, item, keys, "list");
	if (!name)
		return;
	if (!match_barestr(name->val))
		RWARN(FC_D_INVALID_LIST_NAME, name,
		      "List has an invalid name. List names should match a regular "
		      "expression: " RGX_BARESTR);
	if (!get_seq(r, item, name, "items", true, &items))
		items = NULL;
	if (!read_append_flag(r, item, name, &append))
		return;
	if (!read_overrides(r, item, list_ops, list_ops, &o))
		return;
	if (append && (o.app || o.rep)) {
		RERR(FC_D_BAD_OVERRIDE, override_key(item), ERROR_OVERRIDE_APPEND);
		return;
	}
	if (!items || item_failed(r))
		return;
	append |= o.app != 0;
	l = fci_calloc(1, sizeof(*l));
	if (!l) {
		r->c->oom = true;
		return;
	}
	l->name = dup_node(r, name);
	l->loc = nloc(r, name);
	l->raw_items = fci_calloc(items->n ? items->n : 1, sizeof(*l->raw_items));
	l->cap_raw_items = items->n ? items->n : 1;
	if (!l->name || !l->raw_items) {
		r->c->oom = true;
		fci_list_free(l);
		return;
	}
	for (i = 0; i < items->n; i++) {
		const fci_ynode *it = items->items[i];

		if (fci_str_set(&l->raw_items[i], it->val, it->len, it->offs, nloc(r, it)) < 0) {
			r->c->oom = true;
			fci_list_free(l);
			return;
		}
		l->n_raw_items++;
	}
	if (fci_collect_list(r->c, l, append) == FC_ENOMEM)
		r->c->oom = true;
}

static void read_macro(reader *r, const fci_ynode *item)
{
	static const char *const keys[] = {"macro", "condition", "append", "override", NULL};
	const fci_ynode *name;
	fci_macro *m;
	overrides o;
	bool append;
	fci_str cond;

	memset(&cond, 0, sizeof(cond));
	r->kind = "macro";
	name = get_name(r, item, "macro");
	if (name)
		r->name = name->val;
	check_keys(r, item, keys, "macro");
	if (!name)
		return;
	if (!match_identifier(name->val))
		RWARN(FC_D_INVALID_MACRO_NAME, name,
		      "Macro has an invalid name. Macro names should match a regular "
		      "expression: " RGX_IDENTIFIER);
	get_str(r, item, name, "condition", true, &cond, NULL);
	if (!read_append_flag(r, item, name, &append) ||
	    !read_overrides(r, item, macro_ops, macro_ops, &o) || item_failed(r)) {
		fci_str_free(&cond);
		return;
	}
	if (append && (o.app || o.rep)) {
		RERR(FC_D_BAD_OVERRIDE, override_key(item), ERROR_OVERRIDE_APPEND);
		fci_str_free(&cond);
		return;
	}
	append |= o.app != 0;
	m = fci_calloc(1, sizeof(*m));
	if (!m || !(m->name = dup_node(r, name))) {
		r->c->oom = true;
		fci_free(m);
		fci_str_free(&cond);
		return;
	}
	m->loc = nloc(r, name);
	m->cond = cond;
	if (fci_collect_macro(r->c, m, append) == FC_ENOMEM)
		r->c->oom = true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* tags: a sequence of strings, kept sorted and unique (Falco: std::set). */
static bool read_tags(reader *r, const fci_ynode *item, const fci_ynode *name, fci_rule *ru)
{
	const fci_ynode *seq;
	size_t i, n = 0;
	char **v;

	if (!get_seq(r, item, name, "tags", false, &seq))
		return false;
	if (!seq)
		return true;
	v = fci_calloc(seq->n ? seq->n : 1, sizeof(*v));
	if (!v) {
		r->c->oom = true;
		return false;
	}
	for (i = 0; i < seq->n; i++) {
		v[i] = dup_node(r, seq->items[i]);
		if (!v[i]) {
			while (i--)
				fci_free(v[i]);
			fci_free(v);
			return false;
		}
	}
	qsort(v, seq->n, sizeof(*v), cmp_str);
	for (i = 0; i < seq->n; i++) {
		if (n && strcmp(v[n - 1], v[i]) == 0)
			fci_free(v[i]);
		else
			v[n++] = v[i];
	}
	ru->tags = v;
	ru->n_tags = n;
	return true;
}

/* Trim blanks (Falco trims outputs) keeping offsets. */
static bool trim_str(reader *r, fci_str *s)
{
	uint32_t a = 0, b = s->len;
	fci_str t;

	while (a < b && strchr(" \t\n\r\f\v", s->s[a]))
		a++;
	while (b > a && strchr(" \t\n\r\f\v", s->s[b - 1]))
		b--;
	if (a == 0 && b == s->len)
		return true;
	if (fci_str_sub(&t, s, a, b - a) < 0) {
		r->c->oom = true;
		return false;
	}
	fci_str_free(s);
	*s = t;
	return true;
}

/* Read the keys in `want` into ru (priority parsed, etc.). */
static void read_rule_keys(reader *r, const fci_ynode *item, const fci_ynode *name, fci_rule *ru,
                           unsigned want, bool exc_append)
{
	bool present;

	if (want & FCI_RK_CONDITION)
		get_str(r, item, name, "condition", true, &ru->cond_orig, NULL);
	if (want & FCI_RK_OUTPUT) {
		if (get_str(r, item, name, "output", true, &ru->output, &present) && present)
			trim_str(r, &ru->output);
	}
	if (want & FCI_RK_DESC) {
		const fci_ynode *v;

		if (get_scalar(r, item, name, "desc", true, &v) && v)
			ru->desc = dup_node(r, v);
	}
	if (want & FCI_RK_PRIORITY) {
		const fci_ynode *v;

		if (get_scalar(r, item, name, "priority", true, &v) && v) {
			fc_priority p;

			if (fc_priority_parse(v->val, &p) < 0)
				RERR(FC_D_BAD_PRIORITY, v, "Invalid priority '%s'", v->val);
			else
				ru->priority = (int)p;
		}
	}
	if (want & FCI_RK_SOURCE) {
		const fci_ynode *v;

		if (get_scalar(r, item, name, "source", false, &v) && v) {
			fci_free(ru->source);
			ru->source = dup_node(r, v);
			ru->source_explicit = true;
		}
	}
	if (want & FCI_RK_ENABLED)
		get_bool(r, item, name, "enabled", false, &ru->enabled, NULL);
	if (want & FCI_RK_WARN_EVTTYPES)
		get_bool(r, item, name, "warn_evttypes", false, &ru->warn_evttypes, NULL);
	if (want & FCI_RK_SKIP_UNKNOWN)
		get_bool(r, item, name, "skip-if-unknown-filter", false,
		         &ru->skip_if_unknown_filter, NULL);
	if (want & FCI_RK_CAPTURE)
		get_bool(r, item, name, "capture", false, &ru->capture, NULL);
	if (want & FCI_RK_CAPTURE_DURATION) {
		const fci_ynode *v;

		if (get_scalar(r, item, name, "capture_duration", false, &v) && v &&
		    !fci_ynode_u64(v, &ru->capture_duration))
			RERR(FC_D_BAD_TYPE, v,
			     "Value for key 'capture_duration' is not an unsigned integer: '%s'",
			     v->val);
	}
	if (want & FCI_RK_TAGS)
		read_tags(r, item, name, ru);
	if (want & FCI_RK_EXCEPTIONS)
		read_exceptions(r, item, exc_append, ru);
}

static fci_rule *new_rule(reader *r, const fci_ynode *name)
{
	fci_rule *ru = fci_calloc(1, sizeof(*ru));

	if (!ru || !(ru->name = dup_node(r, name)) || !(ru->source = fci_strdup("syscall"))) {
		r->c->oom = true;
		if (ru)
			fci_free(ru->name);
		fci_free(ru);
		return NULL;
	}
	ru->loc = nloc(r, name);
	ru->enabled = true;
	ru->warn_evttypes = true;
	ru->priority = FC_PRIO_DEBUG;
	return ru;
}

static const char *const rule_append_keys[] = {"condition", "output",     "desc",
                                               "tags",      "exceptions", NULL};
static const char *const rule_replace_keys[] = {"condition",
                                                "output",
                                                "desc",
                                                "priority",
                                                "tags",
                                                "exceptions",
                                                "enabled",
                                                "warn_evttypes",
                                                "skip-if-unknown-filter",
                                                "capture",
                                                "capture_duration",
                                                NULL};

static void submit_update(reader *r, fci_rule *u, unsigned keys, bool append)
{
	if (item_failed(r)) {
		fci_rule_free(u);
		return;
	}
	if (fci_collect_rule_update(r->c, u, keys, append) == FC_ENOMEM)
		r->c->oom = true;
}

static void read_rule_overrides(reader *r, const fci_ynode *item, const fci_ynode *name,
                                const overrides *o)
{
	unsigned expected = 0, missing, both;
	size_t i;
	fci_rule *ua = NULL, *ur = NULL;

	/* expected = overridable keys present in the item */
	for (i = 0; rule_replace_keys[i]; i++)
		if (fci_ymap_get(item, rule_replace_keys[i], NULL))
			expected |= rule_key_bit(rule_replace_keys[i]);
	both = o->app & o->rep;
	for (i = 0; rule_replace_keys[i]; i++) {
		unsigned bit = rule_key_bit(rule_replace_keys[i]);
		fci_ynode *ov = NULL;

		fci_ymap_get(fci_ymap_get(item, "override", NULL), rule_replace_keys[i], &ov);

		if (both & bit)
			RERR(FC_D_BAD_OVERRIDE, ov, "Key '%s' is both appended and replaced",
			     rule_replace_keys[i]);
		if (((o->app | o->rep) & bit) && !(expected & bit))
			RERR(FC_D_MISSING_KEY, ov,
			     "An %s override for '%s' was specified but '%s' is not defined",
			     (o->app & bit) ? "append" : "replace", rule_replace_keys[i],
			     rule_replace_keys[i]);
	}
	missing = expected & ~(o->app | o->rep);
	for (i = 0; rule_replace_keys[i]; i++) {
		unsigned bit = rule_key_bit(rule_replace_keys[i]);
		fci_ynode *kn = NULL;

		if (!(missing & bit))
			continue;
		fci_ymap_get(item, rule_replace_keys[i], &kn);
		RERR(FC_D_BAD_OVERRIDE, kn,
		     "Unexpected key '%s': no corresponding entry under 'override' is defined.",
		     rule_replace_keys[i]);
	}
	if (item_failed(r))
		return;
	if (o->app) {
		ua = new_rule(r, name);
		if (ua)
			read_rule_keys(r, item, name, ua, o->app | FCI_RK_SOURCE, true);
	}
	if (o->rep) {
		ur = new_rule(r, name);
		if (ur)
			read_rule_keys(r, item, name, ur, o->rep | FCI_RK_SOURCE, true);
	}
	{
		unsigned src = fci_ymap_get(item, "source", NULL) ? FCI_RK_SOURCE : 0;

		if (ua)
			submit_update(r, ua, o->app | src, true);
		if (ur)
			submit_update(r, ur, o->rep | src, false);
	}
}

static void read_rule(reader *r, const fci_ynode *item)
{
	static const char *const keys[] = {"rule",
	                                   "condition",
	                                   "output",
	                                   "desc",
	                                   "priority",
	                                   "source",
	                                   "enabled",
	                                   "capture",
	                                   "capture_duration",
	                                   "warn_evttypes",
	                                   "skip-if-unknown-filter",
	                                   "tags",
	                                   "exceptions",
	                                   "override",
	                                   "append",
	                                   NULL};
	const fci_ynode *name;
	overrides o;
	bool append;
	fci_rule *ru;

	r->kind = "rule";
	name = get_name(r, item, "rule");
	if (name)
		r->name = name->val;
	check_keys(r, item, keys, "rule");
	if (!name)
		return;
	if (!read_append_flag(r, item, name, &append))
		return;
	if (!read_overrides(r, item, rule_append_keys, rule_replace_keys, &o))
		return;
	if (append && o.present) {
		RERR(FC_D_BAD_OVERRIDE, override_key(item), ERROR_OVERRIDE_APPEND);
		return;
	}
	if (o.app || o.rep) {
		read_rule_overrides(r, item, name, &o);
		return;
	}
	if (append) {
		unsigned keys2 = 0;

		ru = new_rule(r, name);
		if (!ru)
			return;
		if (fci_ymap_get(item, "condition", NULL))
			keys2 |= FCI_RK_CONDITION;
		if (fci_ymap_get(item, "exceptions", NULL))
			keys2 |= FCI_RK_EXCEPTIONS;
		if (fci_ymap_get(item, "source", NULL))
			keys2 |= FCI_RK_SOURCE;
		read_rule_keys(r, item, name, ru, keys2, true);
		submit_update(r, ru, keys2, true);
		return;
	}
	if (!fci_ymap_get(item, "condition", NULL) && !fci_ymap_get(item, "output", NULL) &&
	    !fci_ymap_get(item, "desc", NULL) && !fci_ymap_get(item, "priority", NULL)) {
		bool en = true;
		fci_ynode *ek = NULL;

		if (!get_bool(r, item, name, "enabled", true, &en, NULL))
			return;
		fci_ymap_get(item, "enabled", &ek);
		RWARN(FC_D_DEPRECATED, ek, WARNING_ENABLED);
		fci_collect_rule_enable(r->c, name->val, en, nloc(r, name));
		return;
	}
	ru = new_rule(r, name);
	if (!ru)
		return;
	read_rule_keys(r, item, name, ru,
	               FCI_RK_CONDITION | FCI_RK_OUTPUT | FCI_RK_DESC | FCI_RK_PRIORITY |
	                       FCI_RK_SOURCE | FCI_RK_ENABLED | FCI_RK_WARN_EVTTYPES |
	                       FCI_RK_SKIP_UNKNOWN | FCI_RK_CAPTURE | FCI_RK_CAPTURE_DURATION |
	                       FCI_RK_TAGS | FCI_RK_EXCEPTIONS,
	               false);
	if (item_failed(r)) {
		fci_rule_free(ru);
		return;
	}
	if (fci_collect_rule(r->c, ru) == FC_ENOMEM)
		r->c->oom = true;
}

static void read_item(reader *r, const fci_ynode *item)
{
	r->kind = NULL;
	r->name = NULL;
	r->errs_at_item = r->c->n_errors;
	if (item->type != FCI_Y_MAP) {
		RERR(FC_D_ITEM_NOT_MAP, item,
		     "Unexpected element type. Each element should be a yaml associative array.");
		return;
	}
	if (fci_ymap_get(item, "required_engine_version", NULL))
		read_engine_version(r, item);
	else if (fci_ymap_get(item, "required_plugin_versions", NULL))
		read_plugin_versions(r, item);
	else if (fci_ymap_get(item, "list", NULL))
		read_list(r, item);
	else if (fci_ymap_get(item, "macro", NULL))
		read_macro(r, item);
	else if (fci_ymap_get(item, "rule", NULL))
		read_rule(r, item);
	else
		RWARN(FC_D_UNKNOWN_ITEM, item, "Unknown top level item");
}

int fci_load_file_text(fc_engine *eng, int32_t file, fc_diag_list *diags)
{
	fci_lctx c;
	reader rd, *r = &rd;
	fci_yaml y;
	const fci_file *f;
	size_t d, i;
	int rc;

	if (!eng || file < 0 || (size_t)file >= eng->n_files)
		return FC_EINVAL;
	f = eng->files[file];
	memset(&c, 0, sizeof(c));
	c.eng = eng;
	c.diags = diags;
	c.file = file;
	memset(&rd, 0, sizeof(rd));
	rd.c = &c;
	rc = fci_yaml_parse(&y, f->text, f->len);
	if (rc == FC_EFORMAT) {
		fci_lctx_diag(&c, FC_SEV_ERROR, FC_D_YAML_SYNTAX,
		              (fci_loc){file, y.err_offset, y.err_offset < f->len ? 1 : 0}, NULL,
		              NULL, "%s", y.err_msg);
		fci_yaml_free(&y);
		return c.oom ? FC_ENOMEM : FC_ERULES;
	}
	if (rc < 0) {
		fci_yaml_free(&y);
		return rc;
	}
	for (d = 0; d < y.n_docs && !c.oom; d++) {
		const fci_ynode *doc = y.docs[d];

		if (fci_ynode_is_null(doc))
			continue;
		if (doc->type != FCI_Y_SEQ) {
			r->kind = NULL;
			r->name = NULL;
			RERR(FC_D_NOT_A_LIST, doc,
			     doc->type == FCI_Y_MAP ? "Rules content is not yaml array of objects"
			                            : "Rules content is not yaml");
			continue;
		}
		for (i = 0; i < doc->n && !c.oom; i++)
			if (!fci_ynode_is_null(doc->items[i]))
				read_item(r, doc->items[i]);
	}
	fci_yaml_free(&y);
	if (!c.oom && fci_collect_finish(&c) == FC_ENOMEM)
		c.oom = true;
	if (c.oom)
		return FC_ENOMEM;
	if (c.n_errors || (c.n_warnings && (eng->flags & FC_ENGINE_F_WARNINGS_AS_ERRORS)))
		return FC_ERULES;
	return FC_OK;
}

/* "name@version" provided by a source meets alt? */
static bool provides_meets(const char *prov, const fci_plugin_alt *alt)
{
	const char *at = strrchr(prov, '@');
	unsigned have[3], want[3];

	if (!at || (size_t)(at - prov) != strlen(alt->name) ||
	    strncmp(prov, alt->name, (size_t)(at - prov)) != 0)
		return false;
	if (!fci_semver_parse(at + 1, have) || !fci_semver_parse(alt->version, want))
		return false;
	return have[0] == want[0] && fci_semver_cmp(have, want) >= 0;
}

int fci_check_plugin_requirements(fc_engine *eng, fc_diag_list *diags)
{
	size_t i, a, s;
	int rc = FC_OK;

	if (!eng)
		return FC_EINVAL;
	for (i = 0; i < eng->doc.n_plugin_reqs; i++) {
		const fci_plugin_req *req = &eng->doc.plugin_reqs[i];
		bool met = false;
		fci_buf b;

		for (a = 0; a < req->n_alts && !met; a++) {
			for (s = 0; s < eng->n_sources && !met; s++) {
				const char *const *p = eng->sources[s].ops.provides;

				for (; p && *p && !met; p++)
					met = provides_meets(*p, &req->alts[a]);
			}
		}
		if (met)
			continue;
		fci_buf_init(&b);
		for (a = 0; a < req->n_alts; a++)
			fci_buf_printf(&b, "%s%s (>= %s)", a ? ", " : "", req->alts[a].name,
			               req->alts[a].version);
		if (b.oom || fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_PLUGIN_REQUIREMENT,
		                          req->loc, NULL, "required_plugin_versions", NULL,
		                          "plugin requirement not satisfied, must load one of: %s",
		                          b.p ? b.p : "") < 0) {
			fci_buf_free(&b);
			return FC_ENOMEM;
		}
		fci_buf_free(&b);
		rc = FC_ERULES;
	}
	return rc;
}

/* ---- read-only accessors (engine.h) ---- */

size_t fc_engine_item_count(const fc_engine *eng, fc_item_kind kind)
{
	if (!eng)
		return 0;
	switch (kind) {
	case FC_ITEM_RULE:
		return eng->doc.n_rules;
	case FC_ITEM_MACRO:
		return eng->doc.n_macros;
	case FC_ITEM_LIST:
		return eng->doc.n_lists;
	}
	return 0;
}

const char *fc_engine_item_name(const fc_engine *eng, fc_item_kind kind, size_t i)
{
	if (i >= fc_engine_item_count(eng, kind))
		return NULL;
	switch (kind) {
	case FC_ITEM_RULE:
		return eng->doc.rules[i]->name;
	case FC_ITEM_MACRO:
		return eng->doc.macros[i]->name;
	case FC_ITEM_LIST:
		return eng->doc.lists[i]->name;
	}
	return NULL;
}

const char *fc_engine_item_condition(const fc_engine *eng, fc_item_kind kind, size_t i)
{
	if (i >= fc_engine_item_count(eng, kind))
		return NULL;
	if (kind == FC_ITEM_RULE)
		return eng->doc.rules[i]->cond_orig.s ? eng->doc.rules[i]->cond_orig.s : "";
	if (kind == FC_ITEM_MACRO)
		return eng->doc.macros[i]->cond.s ? eng->doc.macros[i]->cond.s : "";
	return NULL;
}

const char *fc_engine_list_item(const fc_engine *eng, size_t list, size_t j)
{
	if (!eng || list >= eng->doc.n_lists || j >= eng->doc.lists[list]->n_items)
		return NULL;
	return eng->doc.lists[list]->items[j].s;
}

const char *fc_engine_plugin_requirement(const fc_engine *eng, size_t i, size_t alt,
                                         const char **version)
{
	const fci_plugin_req *r;

	if (!eng || i >= eng->doc.n_plugin_reqs)
		return NULL;
	r = &eng->doc.plugin_reqs[i];
	if (alt >= r->n_alts)
		return NULL;
	if (version)
		*version = r->alts[alt].version;
	return r->alts[alt].name;
}
