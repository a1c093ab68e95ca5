/* SPDX-License-Identifier: Apache-2.0 */
/* White-box tests of the rules loader: YAML positions, every item kind and
 * key, append/override/redefinition, exceptions, diagnostics with exact
 * positions, bad input, and the upstream rules files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rule_collector.h"
#include "rules.h"
#include "yaml_loader.h"

/* ---- fixtures ---- */

static int dummy_extract(void *ctx, const fc_event *ev, const fc_field_ref *ref,
                         fc_scratch *scratch, fc_value *out)
{
	(void)ctx;
	(void)ev;
	(void)ref;
	(void)scratch;
	(void)out;
	return FC_ENOENT;
}

static const char *const provides_all[] = {"container@0.4.0", "k8saudit@0.18.0", "json@0.7.0",
                                           NULL};

typedef struct fx {
	fc_engine *eng;
	fc_diag_list *dl;
	int rc;
} fx;

static void fx_init_opts(fx *f, const char *const *provides, const fc_engine_opts *opts)
{
	fc_source_ops ops;

	memset(f, 0, sizeof(*f));
	assert_int_equal(fc_engine_new(opts, &f->eng), FC_OK);
	assert_int_equal(fc_diag_list_new(&f->dl), FC_OK);
	memset(&ops, 0, sizeof(ops));
	ops.sz = sizeof(ops);
	ops.name = "syscall";
	ops.extract = dummy_extract;
	ops.provides = provides;
	assert_int_equal(fc_engine_add_source(f->eng, &ops, NULL), FC_OK);
	ops.name = "k8s_audit";
	ops.provides = NULL;
	assert_int_equal(fc_engine_add_source(f->eng, &ops, NULL), FC_OK);
}

static void fx_init(fx *f)
{
	fx_init_opts(f, provides_all, NULL);
}

static void fx_free(fx *f)
{
	fc_diag_list_free(f->dl);
	fc_engine_free(f->eng);
}

static int fx_load(fx *f, const char *yaml)
{
	f->rc = fc_engine_load_buffer(f->eng, "t.yaml", yaml, strlen(yaml), f->dl);
	return f->rc;
}

/* Load and expect no diagnostic at all. */
static void fx_load_ok(fx *f, const char *yaml)
{
	if (fx_load(f, yaml) != FC_OK || fc_diag_list_count(f->dl)) {
		size_t i;

		for (i = 0; i < fc_diag_list_count(f->dl); i++) {
			char buf[2048];

			assert_true(fc_diag_format(f->dl, i, 0, buf, sizeof(buf)) >= 0);
			fprintf(stderr, "%s", buf);
		}
		fail_msg("unexpected rc %d / diagnostics", f->rc);
	}
}

/* Diagnostic i has this code, severity, line and column. */
static void expect_diag(const fx *f, size_t i, fc_diag_code code, fc_severity sev, uint32_t line,
                        uint32_t col)
{
	const fc_diag *d = fc_diag_list_get(f->dl, i);

	assert_non_null(d);
	if (d->code != code || d->severity != sev || d->loc.line != line || d->loc.column != col) {
		fail_msg("diag %zu: got code %d sev %d at %u:%u (%s), want code %d sev %d at %u:%u",
		         i, d->code, d->severity, d->loc.line, d->loc.column, d->message, code, sev,
		         line, col);
	}
}

static const fci_rule *rule(const fx *f, const char *name)
{
	return fci_strmap_get(&f->eng->doc.rule_by_name, name, strlen(name));
}

static const fci_list *list(const fx *f, const char *name)
{
	return fci_strmap_get(&f->eng->doc.list_by_name, name, strlen(name));
}

static const fci_macro *macro(const fx *f, const char *name)
{
	return fci_strmap_get(&f->eng->doc.macro_by_name, name, strlen(name));
}

/* Line and column of byte i of s in file 0. */
static void str_linecol(const fx *f, const fci_str *s, uint32_t i, uint32_t *line, uint32_t *col)
{
	fci_loc l = fci_str_loc(s, i, 1);

	assert_true(l.file >= 0);
	fci_file_linecol(f->eng->files[l.file], l.offset, line, col);
}

static const char *upstream(const char *rel, char *buf, size_t len)
{
	const char *u = getenv("FC_UPSTREAM");

	snprintf(buf, len, "%s/%s", u ? u : "../../shared/upstream", rel);
	return buf;
}

#define STABLE     "falcosecurity-rules/falco_rules.yaml"
#define INCUBATING "falcosecurity-rules/falco-incubating_rules.yaml"
#define SANDBOX    "falcosecurity-rules/falco-sandbox_rules.yaml"
#define K8SAUDIT   "falcosecurity-plugins/k8s_audit_rules.yaml"

/* ---- YAML positions ---- */

static void check_scalar_positions(const char *text, const fci_ynode *n, size_t *count)
{
	size_t i;

	if (n->type != FCI_Y_SCALAR) {
		size_t m = n->type == FCI_Y_MAP ? 2 * n->n : n->n;

		for (i = 0; i < m; i++)
			check_scalar_positions(text, n->items[i], count);
		return;
	}
	for (i = 0; i < n->len; i++) {
		char v = n->val[i], t = text[n->offs[i]];

		if (i)
			assert_true(n->offs[i] >= n->offs[i - 1]);
		assert_true(n->offs[i] >= n->start && n->offs[i] < n->end);
		if (v == ' ' || v == '\n')
			assert_true(t == v || t == '\n' || t == '\r');
		else if (t != v)
			fail_msg("byte %zu of scalar at %u: '%c' maps to '%c'", i, n->start, v, t);
		(*count)++;
	}
}

static void test_yaml_positions_upstream(void **state)
{
	const char *files[] = {STABLE, INCUBATING, SANDBOX, K8SAUDIT};
	size_t k, d;

	(void)state;
	for (k = 0; k < FCI_ARRAY_LEN(files); k++) {
		char path[1024], *text;
		FILE *fp = fopen(upstream(files[k], path, sizeof(path)), "rb");
		long len;
		size_t count = 0;
		fci_yaml y;

		assert_non_null(fp);
		assert_int_equal(fseek(fp, 0, SEEK_END), 0);
		len = ftell(fp);
		rewind(fp);
		text = malloc((size_t)len + 1);
		assert_non_null(text);
		assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
		text[len] = '\0';
		fclose(fp);
		assert_int_equal(fci_yaml_parse(&y, text, (size_t)len), FC_OK);
		for (d = 0; d < y.n_docs; d++)
			if (y.docs[d])
				check_scalar_positions(text, y.docs[d], &count);
		assert_true(count > 10000);
		fci_yaml_free(&y);
		free(text);
	}
}

static const fci_ynode *first_value(const fci_yaml *y, const char *key)
{
	const fci_ynode *seq = y->docs[0];

	assert_non_null(seq);
	return fci_ymap_get(seq->items[0], key, NULL);
}

static void test_yaml_scalar_styles(void **state)
{
	const char *text = "- a: \"x\\ty\\x41\\u00e9 \\\n   z\"\n"
	                   "  b: 'it''s'\n"
	                   "  c: plain\n    folded here\n"
	                   "  d: |\n    line1\n      line2\n"
	                   "  e: >-\n    one\n    two\n\n    three\n";
	fci_yaml y;
	const fci_ynode *n;

	(void)state;
	assert_int_equal(fci_yaml_parse(&y, text, strlen(text)), FC_OK);
	n = first_value(&y, "a");
	assert_string_equal(n->val, "x\tyA\xc3\xa9 z");
	assert_int_equal(n->style, FCI_YS_DOUBLE);
	assert_int_equal(n->offs[0], 6);  /* x */
	assert_int_equal(n->offs[1], 7);  /* \t -> the backslash */
	assert_int_equal(n->offs[2], 9);  /* y */
	assert_int_equal(n->offs[3], 10); /* A from \x41 */
	assert_int_equal(n->offs[4], 14); /* 2-byte é from \u00e9 */
	assert_int_equal(n->offs[5], 14);
	assert_int_equal(text[n->offs[7]], 'z');
	n = first_value(&y, "b");
	assert_string_equal(n->val, "it's");
	assert_int_equal(text[n->offs[2]], '\'');
	assert_int_equal(text[n->offs[3]], 's');
	n = first_value(&y, "c");
	assert_string_equal(n->val, "plain folded here");
	assert_int_equal(text[n->offs[6]], 'f');
	n = first_value(&y, "d");
	assert_int_equal(n->style, FCI_YS_LITERAL);
	assert_string_equal(n->val, "line1\n  line2\n");
	assert_int_equal(text[n->offs[0]], 'l');
	assert_int_equal(n->offs[6] + 2, n->offs[8]); /* the two kept spaces, then 'l' */
	assert_int_equal(text[n->offs[8]], 'l');
	n = first_value(&y, "e");
	assert_string_equal(n->val, "one two\nthree");
	assert_int_equal(text[n->offs[4]], 't');
	assert_int_equal(text[n->offs[8]], 't');
	assert_int_equal(text[n->offs[8] + 1], 'h');
	fci_yaml_free(&y);
}

static void test_yaml_multidoc_null_and_aliases(void **state)
{
	const char *text = "---\n- &a {list: l, items: [x]}\n- *a\n---\n---\n- ~\n";
	fci_yaml y;

	(void)state;
	assert_int_equal(fci_yaml_parse(&y, text, strlen(text)), FC_OK);
	assert_int_equal(y.n_docs, 3);
	assert_int_equal(y.docs[0]->n, 2);
	assert_ptr_equal(y.docs[0]->items[0], y.docs[0]->items[1]);
	assert_true(fci_ynode_is_null(y.docs[1]));
	assert_true(fci_ynode_is_null(y.docs[2]->items[0]));
	fci_yaml_free(&y);
	/* an alias to an unfinished node is undefined (no cycles) */
	text = "- &a [*a]\n";
	assert_int_equal(fci_yaml_parse(&y, text, strlen(text)), FC_EFORMAT);
	assert_int_equal(y.err_offset, 6); /* at the alias */
	fci_yaml_free(&y);
}

static void test_yaml_bool_int(void **state)
{
	const char *text = "[true, False, YES, no, On, y, TRUE, tRue, 42, -1, 0x10]";
	fci_yaml y;
	bool b;
	uint64_t u;
	const fci_ynode *s;

	(void)state;
	assert_int_equal(fci_yaml_parse(&y, text, strlen(text)), FC_OK);
	s = y.docs[0];
	assert_true(fci_ynode_bool(s->items[0], &b) && b);
	assert_true(fci_ynode_bool(s->items[1], &b) && !b);
	assert_true(fci_ynode_bool(s->items[2], &b) && b);
	assert_true(fci_ynode_bool(s->items[3], &b) && !b);
	assert_true(fci_ynode_bool(s->items[4], &b) && b);
	assert_true(fci_ynode_bool(s->items[5], &b) && b);
	assert_true(fci_ynode_bool(s->items[6], &b) && b);
	assert_false(fci_ynode_bool(s->items[7], &b));
	assert_true(fci_ynode_u64(s->items[8], &u) && u == 42);
	assert_false(fci_ynode_u64(s->items[9], &u));
	assert_false(fci_ynode_u64(s->items[10], &u));
	fci_yaml_free(&y);
}

/* A caret at a condition byte inside a `|` block and a `>` folded scalar. */
static void test_caret_in_block_scalars(void **state)
{
	const char *yaml = "- macro: m1\n"
	                   "  condition: |\n"
	                   "    evt.type = open and\n"
	                   "      proc.nmae = bash\n"
	                   "- macro: m2\n"
	                   "  condition: >\n"
	                   "    evt.type = open\n"
	                   "    and fd.nmae = x\n";
	fx f;
	const fci_macro *m;
	const char *p;
	uint32_t line, col;
	char buf[1024];

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, yaml);
	m = macro(&f, "m1");
	assert_non_null(m);
	assert_string_equal(m->cond.s, "evt.type = open and\n  proc.nmae = bash\n");
	p = strstr(m->cond.s, "proc.nmae");
	str_linecol(&f, &m->cond, (uint32_t)(p - m->cond.s), &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 7);
	assert_int_equal(fci_diag_add(f.dl, f.eng, FC_SEV_ERROR, FC_D_UNKNOWN_FIELD,
	                              fci_str_loc(&m->cond, (uint32_t)(p - m->cond.s), 9), NULL,
	                              "macro", "m1", "no source provides field 'proc.nmae'"),
	                 FC_OK);
	assert_true(fc_diag_format(f.dl, 0, 0, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "t.yaml:4:7: error[unknown-field]: macro 'm1': no source provides "
	                         "field 'proc.nmae'\n"
	                         "    4 |       proc.nmae = bash\n"
	                         "      |       ^~~~~~~~~\n");
	m = macro(&f, "m2");
	assert_string_equal(m->cond.s, "evt.type = open and fd.nmae = x\n");
	p = strstr(m->cond.s, "fd.nmae");
	str_linecol(&f, &m->cond, (uint32_t)(p - m->cond.s), &line, &col);
	assert_int_equal(line, 8);
	assert_int_equal(col, 9);
	/* the folded line break (a space in the value) maps to the line end */
	str_linecol(&f, &m->cond, (uint32_t)(p - m->cond.s) - 5, &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 20);
	/* a caret on a macro use site note */
	{
		fci_loc use = fci_str_loc(&m->cond, 0, 8);
		fci_loc at = fci_str_loc(&m->cond, (uint32_t)(p - m->cond.s), 7);

		assert_int_equal(fci_diag_add(f.dl, f.eng, FC_SEV_ERROR, FC_D_UNKNOWN_FIELD, at,
		                              &use, "rule", "r",
		                              "no source provides field 'fd.nmae'"),
		                 FC_OK);
		assert_true(fc_diag_format(f.dl, 1, 0, buf, sizeof(buf)) > 0);
		assert_string_equal(
		        buf, "t.yaml:8:9: error[unknown-field]: rule 'r': no source provides "
		             "field 'fd.nmae'\n"
		             "    8 |     and fd.nmae = x\n"
		             "      |         ^~~~~~~\n"
		             "t.yaml:7:5: note: used here, in rule 'r'\n"
		             "    7 |     evt.type = open\n"
		             "      |     ^~~~~~~~\n");
	}
	fx_free(&f);
}

/* ---- upstream files ---- */

static void load_upstream_ok(fx *f, const char *rel)
{
	char path[1024];
	int rc = fc_engine_load_file(f->eng, upstream(rel, path, sizeof(path)), f->dl);

	if (rc != FC_OK || fc_diag_list_count(f->dl))
		fail_msg("%s: rc %d, %zu diagnostics", rel, rc, fc_diag_list_count(f->dl));
}

static void test_upstream_each(void **state)
{
	static const struct {
		const char *file;
		size_t rules, macros, lists;
	} t[] = {{STABLE, 25, 87, 49},
	         {INCUBATING, 31, 82, 54},
	         {SANDBOX, 37, 183, 60},
	         {K8SAUDIT, 48, 45, 18}};
	size_t i, j;

	(void)state;
	for (i = 0; i < FCI_ARRAY_LEN(t); i++) {
		fx f;

		fx_init(&f);
		load_upstream_ok(&f, t[i].file);
		assert_int_equal(f.eng->doc.n_rules, t[i].rules);
		assert_int_equal(f.eng->doc.n_macros, t[i].macros);
		assert_int_equal(f.eng->doc.n_lists, t[i].lists);
		assert_int_equal(fci_check_plugin_requirements(f.eng, f.dl), FC_OK);
		assert_int_equal(fc_diag_list_count(f.dl), 0);
		for (j = 0; j < f.eng->doc.n_rules; j++) {
			const fci_rule *r = f.eng->doc.rules[j];

			assert_true(r->cond.len > 0 && r->output.len > 0 && r->desc);
			assert_string_equal(r->cond.s, r->cond_orig.s); /* no exceptions upstream */
			assert_string_equal(r->source, i == 3 ? "k8s_audit" : "syscall");
			assert_true(r->output.s[0] != ' ' &&
			            r->output.s[r->output.len - 1] != '\n');
		}
		fx_free(&f);
	}
}

static void test_upstream_sequence(void **state)
{
	fx f;
	const fci_rule *r;
	char path[1024];
	size_t i;

	(void)state;
	fx_init(&f);
	load_upstream_ok(&f, STABLE);
	load_upstream_ok(&f, INCUBATING);
	load_upstream_ok(&f, SANDBOX);
	load_upstream_ok(&f, K8SAUDIT);
	assert_int_equal(f.eng->doc.n_rules, 25 + 31 + 37 + 48);
	assert_string_equal(fc_engine_required_version(f.eng), "0.57.0");
	assert_int_equal(fci_check_plugin_requirements(f.eng, f.dl), FC_OK);
	assert_int_equal(fc_diag_list_count(f.dl), 0);
	for (i = 1; i < f.eng->doc.n_rules; i++)
		assert_true(f.eng->doc.rules[i]->order > f.eng->doc.rules[i - 1]->order);
	/* macros redefined by a later file keep their first index */
	for (i = 0; i < f.eng->doc.n_macros; i++)
		assert_true(f.eng->doc.macros[i]->index <= f.eng->doc.macros[i]->order);
	r = rule(&f, "Terminal shell in container");
	assert_non_null(r);
	assert_int_equal(r->priority, FC_PRIO_NOTICE);
	/* without the container plugin the requirement is not met */
	fx_free(&f);
	fx_init_opts(&f, NULL, NULL);
	assert_int_equal(fc_engine_load_file(f.eng, upstream(STABLE, path, sizeof(path)), f.dl),
	                 FC_OK);
	assert_int_equal(fci_check_plugin_requirements(f.eng, f.dl), FC_ERULES);
	assert_int_equal(fc_diag_list_count(f.dl), 1);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "plugin requirement not satisfied, must load one of: container (>= "
	                    "0.4.0)");
	assert_int_equal(fc_diag_list_get(f.dl, 0)->code, FC_D_PLUGIN_REQUIREMENT);
	fx_free(&f);
}

static void test_plugin_requirements(void **state)
{
	static const char *const old[] = {"container@0.3.9", "k8saudit-eks@0.12.1", NULL};
	static const char *const major[] = {"container@1.4.0", NULL};
	const char *yaml = "- required_plugin_versions:\n"
	                   "  - name: container\n"
	                   "    version: 0.4.0\n"
	                   "  - name: k8saudit\n"
	                   "    version: 0.18.0\n"
	                   "    alternatives:\n"
	                   "      - name: k8saudit-eks\n"
	                   "        version: 0.12.0\n";
	fx f;

	(void)state;
	fx_init_opts(&f, old, NULL);
	fx_load_ok(&f, yaml);
	assert_int_equal(f.eng->doc.n_plugin_reqs, 2);
	assert_int_equal(f.eng->doc.plugin_reqs[1].n_alts, 2);
	assert_string_equal(f.eng->doc.plugin_reqs[1].alts[1].name, "k8saudit-eks");
	assert_int_equal(fci_check_plugin_requirements(f.eng, f.dl), FC_ERULES);
	assert_int_equal(fc_diag_list_count(f.dl), 1); /* the alternative meets the second */
	expect_diag(&f, 0, FC_D_PLUGIN_REQUIREMENT, FC_SEV_ERROR, 2, 5);
	fx_free(&f);
	fx_init_opts(&f, major, NULL);
	fx_load_ok(&f, "- required_plugin_versions: [{name: container, version: 0.4.0}]");
	assert_int_equal(fci_check_plugin_requirements(f.eng, f.dl), FC_ERULES);
	fx_free(&f);
	/* bad versions, duplicate alternative names */
	fx_init(&f);
	assert_int_equal(fx_load(&f, "- required_plugin_versions:\n"
	                             "  - name: a\n"
	                             "    version: x.1\n"
	                             "  - name: b\n"
	                             "    version: 1.0.0\n"
	                             "    alternatives: [{name: b, version: 1.0.0}]\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_BAD_VERSION, FC_SEV_ERROR, 3, 14);
	expect_diag(&f, 1, FC_D_BAD_VERSION, FC_SEV_ERROR, 6, 20);
	assert_int_equal(f.eng->doc.n_plugin_reqs, 0);
	fx_free(&f);
}

/* ---- required_engine_version ---- */

static void test_engine_version(void **state)
{
	fx f;

	(void)state;
	fx_init_opts(&f, provides_all, FC_OPTS(fc_engine_opts, .engine_version = "0.63.0"));
	fx_load_ok(&f, "- required_engine_version: 15\n- required_engine_version: 0.57.0\n"
	               "- required_engine_version: '0.20.1'\n");
	assert_string_equal(fc_engine_required_version(f.eng), "0.57.0");
	assert_int_equal(fx_load(&f, "- required_engine_version: 0.64.0\n"
	                             "- required_engine_version: 1.0.0\n"
	                             "- required_engine_version: 70\n"
	                             "- required_engine_version: abc\n"
	                             "- required_engine_version: [1]\n"),
	                 FC_ERULES);
	assert_int_equal(fc_diag_list_count(f.dl), 5);
	expect_diag(&f, 0, FC_D_ENGINE_VERSION, FC_SEV_ERROR, 1, 28);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "rules require engine version 0.64.0, but engine version is 0.63.0");
	expect_diag(&f, 1, FC_D_ENGINE_VERSION, FC_SEV_ERROR, 2, 28);
	expect_diag(&f, 2, FC_D_ENGINE_VERSION, FC_SEV_ERROR, 3, 28);
	expect_diag(&f, 3, FC_D_BAD_VERSION, FC_SEV_ERROR, 4, 28);
	expect_diag(&f, 4, FC_D_BAD_TYPE, FC_SEV_ERROR, 5, 28);
	assert_string_equal(fc_engine_required_version(f.eng), "0.57.0");
	fx_free(&f);
}

/* ---- lists ---- */

static void test_lists(void **state)
{
	fx f;
	const fci_list *l;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, "- list: a\n  items: [x, \"y z\", 3]\n"
	               "- list: b\n  items: [a, w, c]\n"
	               "- list: a\n  items: [q]\n  override:\n    items: append\n"
	               "- list: e\n  items: []\n");
	l = list(&f, "b");
	assert_int_equal(l->n_items, 6); /* a expanded in place; c is no list */
	assert_string_equal(l->items[0].s, "x");
	assert_string_equal(l->items[1].s, "y z");
	assert_string_equal(l->items[2].s, "3");
	assert_string_equal(l->items[3].s, "q"); /* a's final items */
	assert_string_equal(l->items[4].s, "w");
	assert_string_equal(l->items[5].s, "c");
	assert_true(list(&f, "a")->used);
	assert_false(l->used);
	assert_int_equal(list(&f, "a")->index, 0);
	assert_int_equal(list(&f, "a")->order, 2);
	assert_int_equal(list(&f, "e")->n_items, 0);
	/* legacy append (warns), override replace, redefinition in a later file */
	assert_int_equal(fx_load(&f, "- list: e\n  items: [n]\n  append: true\n"
	                             "- list: b\n  items: [r]\n  override: {items: replace}\n"),
	                 FC_OK);
	assert_int_equal(fc_diag_list_count(f.dl), 1);
	expect_diag(&f, 0, FC_D_DEPRECATED, FC_SEV_WARNING, 3, 11);
	assert_int_equal(list(&f, "e")->n_items, 1);
	assert_int_equal(list(&f, "b")->n_items, 1);
	assert_ptr_equal(f.eng->doc.lists[1], list(&f, "b")); /* kept its position */
	/* a later list c is not visible to b (defined before it) */
	fx_free(&f);
}

static void test_list_errors(void **state)
{
	fx f;

	(void)state;
	fx_init(&f);
	assert_int_equal(fx_load(&f, "- list: l1\n  items: [l2]\n"
	                             "- list: l2\n  items: [l1]\n"
	                             "- list: l1\n  items: [l2, v]\n" /* redefinition: a loop */
	                             "- list: nope\n  items: [x]\n  append: true\n"
	                             "- list: bad name\n  items: [x]\n"
	                             "- list: noitems\n"
	                             "- list: m\n  items: {a: b}\n"
	                             "- list: m2\n  items: [[a]]\n"
	                             "- list: o\n  items: [a]\n  append: true\n"
	                             "  override: {items: append}\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_DEPRECATED, FC_SEV_WARNING, 9, 11);
	expect_diag(&f, 1, FC_D_APPEND_UNDEFINED, FC_SEV_ERROR, 7, 9);
	expect_diag(&f, 2, FC_D_INVALID_LIST_NAME, FC_SEV_WARNING, 10, 9);
	expect_diag(&f, 3, FC_D_MISSING_KEY, FC_SEV_ERROR, 12, 9);
	assert_string_equal(fc_diag_list_get(f.dl, 3)->message,
	                    "item has no mapping for key 'items'");
	expect_diag(&f, 4, FC_D_BAD_TYPE, FC_SEV_ERROR, 14, 10);
	expect_diag(&f, 5, FC_D_BAD_TYPE, FC_SEV_ERROR, 16, 11);
	expect_diag(&f, 6, FC_D_DEPRECATED, FC_SEV_WARNING, 19, 11);
	expect_diag(&f, 7, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 20, 3);
	expect_diag(&f, 8, FC_D_LIST_LOOP, FC_SEV_ERROR, 4, 11); /* where it closes */
	assert_int_equal(fc_diag_list_count(f.dl), 9);
	assert_non_null(list(&f, "bad name")); /* only a warning */
	assert_null(list(&f, "noitems"));
	fx_free(&f);
}

/* ---- macros ---- */

static void test_macros(void **state)
{
	fx f;
	const fci_macro *m;
	uint32_t line, col;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, "- macro: a\n  condition: evt.type = open\n"
	               "- macro: b\n  condition: a and proc.name = x\n"
	               "- macro: a\n  condition: or evt.type = close\n  override:\n"
	               "    condition: append\n");
	m = macro(&f, "a");
	assert_string_equal(m->cond.s, "evt.type = open or evt.type = close");
	assert_int_equal(m->index, 0);
	assert_int_equal(m->order, 2);
	assert_int_equal(macro(&f, "b")->index, 1);
	assert_int_equal(macro(&f, "b")->order, 1);
	/* the appended text keeps its own positions */
	str_linecol(&f, &m->cond, 16, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 14);
	/* legacy append, replace, redefinition (new visibility, same index) */
	assert_int_equal(fx_load(&f, "- macro: b\n  condition: and x\n  append: true\n"
	                             "- macro: a\n  condition: evt.type = exec\n"
	                             "  override: {condition: replace}\n"
	                             "- macro: b\n  condition: evt.num > 0\n"),
	                 FC_OK);
	assert_int_equal(fc_diag_list_count(f.dl), 1);
	assert_string_equal(macro(&f, "a")->cond.s, "evt.type = exec");
	assert_string_equal(macro(&f, "b")->cond.s, "evt.num > 0");
	assert_int_equal(macro(&f, "b")->index, 1);
	assert_int_equal(macro(&f, "b")->order, 5);
	assert_ptr_equal(f.eng->doc.macros[1], macro(&f, "b"));
	fc_diag_list_clear(f.dl);
	assert_int_equal(fx_load(&f, "- macro: 9bad\n  condition: x\n"
	                             "- macro: c\n  condition: and y\n  override:\n"
	                             "    condition: append\n"
	                             "- macro: d\n"
	                             "- macro: e\n  condition: ''\n"
	                             "- macro: f\n  condition:\n"
	                             "- macro: g\n  condition: x\n  override: {items: append}\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_INVALID_MACRO_NAME, FC_SEV_WARNING, 1, 10);
	expect_diag(&f, 1, FC_D_APPEND_UNDEFINED, FC_SEV_ERROR, 3, 10);
	expect_diag(&f, 2, FC_D_MISSING_KEY, FC_SEV_ERROR, 7, 10);
	expect_diag(&f, 3, FC_D_EMPTY_VALUE, FC_SEV_ERROR, 9, 14);
	expect_diag(&f, 4, FC_D_EMPTY_VALUE, FC_SEV_ERROR, 11, 3);
	expect_diag(&f, 5, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 14, 14);
	assert_string_equal(fc_diag_list_get(f.dl, 5)->message,
	                    "key 'items' cannot be appended to");
	fx_free(&f);
}

/* ---- rules ---- */

#define RULE_A                                                                                     \
	"- rule: A\n"                                                                              \
	"  desc: the A rule\n"                                                                     \
	"  condition: evt.type = open\n"                                                           \
	"  output: \"  opened %fd.name \"\n"                                                       \
	"  priority: warning\n"                                                                    \
	"  tags: [t2, t1, t2]\n"

static void test_rule_define(void **state)
{
	fx f;
	const fci_rule *r;
	uint32_t line, col;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, RULE_A "- rule: B\n  desc: d\n  condition: c\n  output: o\n"
	                      "  priority: INFO\n  source: k8s_audit\n  enabled: false\n"
	                      "  warn_evttypes: false\n  skip-if-unknown-filter: true\n"
	                      "  capture: true\n  capture_duration: 5000\n");
	r = rule(&f, "A");
	assert_string_equal(r->output.s, "opened %fd.name");
	str_linecol(&f, &r->output, 0, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 14);
	assert_int_equal(r->priority, FC_PRIO_WARNING);
	assert_int_equal(r->n_tags, 2);
	assert_string_equal(r->tags[0], "t1");
	assert_string_equal(r->tags[1], "t2");
	assert_string_equal(r->source, "syscall");
	assert_false(r->source_explicit);
	assert_true(r->enabled && r->warn_evttypes && !r->skip_if_unknown_filter && !r->capture);
	assert_string_equal(r->desc, "the A rule");
	r = rule(&f, "B");
	assert_int_equal(r->priority, FC_PRIO_INFORMATIONAL);
	assert_string_equal(r->source, "k8s_audit");
	assert_true(r->source_explicit);
	assert_false(r->enabled);
	assert_false(r->warn_evttypes);
	assert_true(r->skip_if_unknown_filter && r->capture);
	assert_int_equal(r->capture_duration, 5000);
	assert_int_equal(f.eng->doc.rules[0]->order, 0);
	assert_int_equal(f.eng->doc.rules[1]->order, 1);
	/* redefinition keeps the evaluation position */
	fx_load_ok(&f, "- rule: A\n  desc: x\n  condition: evt.type = close\n  output: o2\n"
	               "  priority: critical\n");
	assert_ptr_equal(f.eng->doc.rules[0], rule(&f, "A"));
	assert_int_equal(rule(&f, "A")->order, 0);
	assert_int_equal(rule(&f, "A")->n_tags, 0);
	assert_int_equal(rule(&f, "A")->priority, FC_PRIO_CRITICAL);
	fx_free(&f);
}

static void test_rule_errors(void **state)
{
	fx f;

	(void)state;
	fx_init(&f);
	assert_int_equal(fx_load(&f, "- rule: r1\n  desc: d\n  output: o\n  priority: INFO\n"
	                             "- rule: r2\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: loud\n"
	                             "- rule: r3\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  enabled: maybe\n  tags: t\n"
	                             "  capture_duration: -1\n"
	                             "- rule: r4\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  colour: red\n"
	                             "- rule: r5\n  desc: d\n  condition: [c]\n  output: o\n"
	                             "  priority: INFO\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_MISSING_KEY, FC_SEV_ERROR, 1, 9);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "item has no mapping for key 'condition'");
	expect_diag(&f, 1, FC_D_BAD_PRIORITY, FC_SEV_ERROR, 9, 13);
	expect_diag(&f, 2, FC_D_BAD_TYPE, FC_SEV_ERROR, 15, 12);
	expect_diag(&f, 3, FC_D_BAD_TYPE, FC_SEV_ERROR, 17, 21);
	expect_diag(&f, 4, FC_D_BAD_TYPE, FC_SEV_ERROR, 16, 9);
	expect_diag(&f, 5, FC_D_UNKNOWN_KEY, FC_SEV_WARNING, 23, 3);
	assert_string_equal(fc_diag_list_get(f.dl, 5)->message,
	                    "unknown key 'colour' in rule; it is ignored");
	expect_diag(&f, 6, FC_D_BAD_TYPE, FC_SEV_ERROR, 26, 14);
	assert_int_equal(fc_diag_list_count(f.dl), 7);
	assert_int_equal(f.eng->doc.n_rules, 1); /* r4 only: unknown keys only warn */
	assert_non_null(rule(&f, "r4"));
	fx_free(&f);
}

static void test_rule_overrides(void **state)
{
	fx f;
	const fci_rule *r;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, RULE_A);
	fx_load_ok(&f, "- rule: A\n  condition: and proc.name = x\n  output: more\n"
	               "  desc: and more\n  tags: [t0, t1]\n  priority: error\n  enabled: false\n"
	               "  warn_evttypes: false\n  capture: true\n  capture_duration: 7\n"
	               "  skip-if-unknown-filter: true\n"
	               "  override:\n    condition: append\n    output: append\n"
	               "    desc: append\n    tags: append\n    priority: replace\n"
	               "    enabled: replace\n    warn_evttypes: replace\n    capture: replace\n"
	               "    capture_duration: replace\n    skip-if-unknown-filter: replace\n");
	r = rule(&f, "A");
	assert_string_equal(r->cond.s, "evt.type = open and proc.name = x");
	assert_string_equal(r->output.s, "opened %fd.name more");
	assert_string_equal(r->desc, "the A rule and more");
	assert_int_equal(r->n_tags, 3);
	assert_string_equal(r->tags[0], "t0");
	assert_string_equal(r->tags[2], "t2");
	assert_int_equal(r->priority, FC_PRIO_ERROR);
	assert_false(r->enabled || r->warn_evttypes);
	assert_true(r->capture && r->skip_if_unknown_filter);
	assert_int_equal(r->capture_duration, 7);
	/* enabled-only override, replace of condition/tags/output/desc */
	fx_load_ok(&f, "- rule: A\n  enabled: true\n  override:\n    enabled: replace\n"
	               "- rule: A\n  condition: evt.type = exec\n  tags: []\n  output: new\n"
	               "  desc: nd\n  override: {condition: replace, tags: replace, "
	               "output: replace, desc: replace}\n");
	assert_true(r->enabled);
	assert_string_equal(r->cond.s, "evt.type = exec");
	assert_string_equal(r->cond_orig.s, "evt.type = exec");
	assert_int_equal(r->n_tags, 0);
	assert_string_equal(r->output.s, "new");
	assert_string_equal(r->desc, "nd");
	/* legacy append: condition (warns deprecated) */
	assert_int_equal(
	        fx_load(&f, "- rule: A\n  condition: or evt.type = open\n  append: true\n"), FC_OK);
	expect_diag(&f, 0, FC_D_DEPRECATED, FC_SEV_WARNING, 3, 11);
	assert_string_equal(r->cond.s, "evt.type = exec or evt.type = open");
	fc_diag_list_clear(f.dl);
	/* errors */
	assert_int_equal(
	        fx_load(&f, "- rule: A\n  priority: INFO\n  override: {priority: append}\n"
	                    "- rule: A\n  condition: x\n  override: {output: append}\n"
	                    "- rule: A\n  condition: x\n  output: y\n  override: {output: append}\n"
	                    "- rule: A\n  condition: x\n  override: {condition: merge}\n"
	                    "- rule: A\n  condition: x\n  append: true\n"
	                    "  override: {condition: append}\n"
	                    "- rule: Z\n  condition: x\n  override: {condition: append}\n"
	                    "- rule: Z\n  enabled: false\n  override: {enabled: replace}\n"
	                    "- rule: A\n  condition: x\n  source: k8s_audit\n"
	                    "  override: {condition: append}\n"
	                    "- rule: A\n  source: k8s_audit\n  desc: d\n  condition: c\n"
	                    "  output: o\n  priority: INFO\n"
	                    "- rule: Y\n  condition: x\n  append: true\n"),
	        FC_ERULES);
	expect_diag(&f, 0, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 3, 14);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "key 'priority' cannot be appended to, use 'replace' instead");
	expect_diag(&f, 1, FC_D_MISSING_KEY, FC_SEV_ERROR, 6, 14);
	assert_string_equal(fc_diag_list_get(f.dl, 1)->message,
	                    "an append override for 'output' was specified but 'output' is not "
	                    "defined");
	expect_diag(&f, 2, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 5, 3);
	assert_string_equal(fc_diag_list_get(f.dl, 2)->message,
	                    "unexpected key 'condition': no corresponding entry under 'override' "
	                    "is defined.");
	expect_diag(&f, 3, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 8, 3);
	expect_diag(&f, 4, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 13, 25);
	assert_string_equal(fc_diag_list_get(f.dl, 4)->message,
	                    "invalid override operation for key 'condition': 'merge'. Allowed "
	                    "values are: append replace ");
	expect_diag(&f, 5, FC_D_DEPRECATED, FC_SEV_WARNING, 16, 11);
	expect_diag(&f, 6, FC_D_BAD_OVERRIDE, FC_SEV_ERROR, 17, 3);
	expect_diag(&f, 7, FC_D_APPEND_UNDEFINED, FC_SEV_ERROR, 18, 9);
	expect_diag(&f, 8, FC_D_APPEND_UNDEFINED, FC_SEV_ERROR, 21, 9);
	assert_string_equal(fc_diag_list_get(f.dl, 8)->message,
	                    "an 'override.<key>: replace' to a rule was requested but no rule by "
	                    "that name already exists");
	expect_diag(&f, 9, FC_D_SOURCE_MISMATCH, FC_SEV_ERROR, 24, 9);
	expect_diag(&f, 10, FC_D_SOURCE_MISMATCH, FC_SEV_ERROR, 28, 9);
	expect_diag(&f, 11, FC_D_DEPRECATED, FC_SEV_WARNING, 36, 11);
	expect_diag(&f, 12, FC_D_APPEND_UNDEFINED, FC_SEV_ERROR, 34, 9);
	assert_int_equal(fc_diag_list_count(f.dl), 13);
	assert_string_equal(r->cond.s, "evt.type = exec or evt.type = open"); /* untouched */
	fx_free(&f);
}

static void test_rule_enabled_standalone(void **state)
{
	fx f;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, RULE_A);
	assert_int_equal(
	        fx_load(&f, "- rule: A\n  enabled: false\n- rule: Nope\n  enabled: true\n"),
	        FC_ERULES);
	expect_diag(&f, 0, FC_D_DEPRECATED, FC_SEV_WARNING, 2, 3);
	expect_diag(&f, 1, FC_D_DEPRECATED, FC_SEV_WARNING, 4, 3);
	expect_diag(&f, 2, FC_D_ENABLED_NO_RULE, FC_SEV_ERROR, 3, 9);
	assert_string_equal(fc_diag_list_get(f.dl, 2)->message,
	                    "rule has 'enabled' key but no rule by that name already exists");
	assert_false(rule(&f, "A")->enabled);
	fx_free(&f);
}

/* ---- exceptions ---- */

static const char *load_exc(fx *f, const char *exc_yaml)
{
	char buf[4096];

	snprintf(buf, sizeof(buf),
	         "- list: shells\n  items: [bash, sh]\n"
	         "- rule: R\n  desc: d\n  condition: evt.type = open\n  output: o\n"
	         "  priority: INFO\n  exceptions:\n%s",
	         exc_yaml);
	fx_load_ok(f, buf);
	return rule(f, "R")->cond.s;
}

static void test_exceptions_forms(void **state)
{
	fx f;
	const fci_rule *r;
	const char *p;
	uint32_t line, col;

	(void)state;
	fx_init(&f);
	assert_string_equal(
	        load_exc(&f, "    - name: e1\n      fields: [proc.name, fd.name]\n"
	                     "      comps: [=, startswith]\n"
	                     "      values:\n        - [bash, /etc]\n        - [\"my app\", /tmp/x "
	                     "y]\n"),
	        "(evt.type = open) and not (( proc.name = bash and  fd.name startswith /etc) or "
	        "( proc.name = \"my app\" and  fd.name startswith \"/tmp/x y\"))");
	r = rule(&f, "R");
	assert_string_equal(r->cond_orig.s, "evt.type = open");
	assert_int_equal(r->n_exceptions, 1);
	/* the value bytes in the generated text point at the YAML values */
	p = strstr(r->cond.s, "/etc");
	str_linecol(&f, &r->cond, (uint32_t)(p - r->cond.s), &line, &col);
	assert_int_equal(line, 13);
	assert_int_equal(col, 18);
	p = strstr(r->cond.s, "\"my app\"");
	str_linecol(&f, &r->cond, (uint32_t)(p - r->cond.s) + 1, &line, &col);
	assert_int_equal(line, 14);
	assert_int_equal(col, 13);
	/* default comps: '=' per field */
	assert_string_equal(load_exc(&f, "    - name: e\n      fields: [proc.name, proc.pname]\n"
	                                 "      values: [[a, b]]\n"),
	                    "(evt.type = open) and not (( proc.name = a and  proc.pname = b))");
	/* single field: default 'in', values list, quoting */
	assert_string_equal(load_exc(&f, "    - name: e\n      fields: proc.name\n"
	                                 "      values: [a, b c, \"'q r'\"]\n"),
	                    "(evt.type = open) and not (proc.name in (a, \"b c\", 'q r'))");
	/* single field with pmatch, two exceptions */
	assert_string_equal(load_exc(&f,
	                             "    - name: e\n      fields: fd.name\n      comps: pmatch\n"
	                             "      values: [/etc, /usr]\n"
	                             "    - name: f\n      fields: proc.name\n"
	                             "      values: [x]\n"),
	                    "(evt.type = open) and not (fd.name pmatch (/etc, /usr)) and not "
	                    "(proc.name in (x))");
	/* tuple element that is a list, and a list-name reference with 'in' */
	assert_string_equal(
	        load_exc(&f, "    - name: e\n      fields: [proc.name, proc.pname]\n"
	                     "      comps: [in, in]\n"
	                     "      values:\n        - [[bash, sh], shells]\n"
	                     "        - [x, (y)]\n"),
	        "(evt.type = open) and not (( proc.name in (bash, sh) and  proc.pname in (shells)) "
	        "or ( proc.name in (x) and  proc.pname in (y)))");
	/* comps trimmed, modifier operator, no values -> nothing added */
	assert_string_equal(load_exc(&f,
	                             "    - name: e\n      fields: [proc.name]\n"
	                             "      comps: [\" startswith oneof \"]\n"
	                             "      values: [[a]]\n"
	                             "    - name: n\n      fields: proc.name\n      values: []\n"),
	                    "(evt.type = open) and not (( proc.name startswith oneof a))");
	assert_string_equal(
	        load_exc(&f, "    - name: e\n      fields: [proc.name]\n      values: []\n"),
	        "(evt.type = open)");
	assert_string_equal(load_exc(&f, "    []\n"), "evt.type = open");
	fx_free(&f);
}

static void test_exceptions_append(void **state)
{
	fx f;
	const fci_rule *r;

	(void)state;
	fx_init(&f);
	load_exc(&f, "    - name: e\n      fields: [proc.name, fd.name]\n"
	             "      values: [[a, b]]\n");
	fx_load_ok(&f, "- rule: R\n  exceptions:\n    - name: e\n      values: [[c, d]]\n"
	               "    - name: g\n      fields: proc.pname\n      values: [p]\n"
	               "  override:\n    exceptions: append\n");
	r = rule(&f, "R");
	assert_string_equal(r->cond.s,
	                    "(evt.type = open) and not (( proc.name = a and  fd.name = b) "
	                    "or ( proc.name = c and  fd.name = d)) and not (proc.pname in "
	                    "(p))");
	/* legacy append of exceptions + condition */
	assert_int_equal(fx_load(&f, "- rule: R\n  condition: and proc.name = z\n  exceptions:\n"
	                             "    - name: g\n      values: [q]\n  append: true\n"),
	                 FC_OK);
	assert_string_equal(r->cond.s,
	                    "(evt.type = open and proc.name = z) and not (( proc.name = a "
	                    "and  fd.name = b) or ( proc.name = c and  fd.name = d)) and "
	                    "not (proc.pname in (p, q))");
	fc_diag_list_clear(f.dl);
	/* replace drops the old exceptions */
	fx_load_ok(&f, "- rule: R\n  exceptions:\n    - name: h\n      fields: fd.name\n"
	               "      values: [/x]\n  override: {exceptions: replace}\n");
	assert_string_equal(r->cond.s,
	                    "(evt.type = open and proc.name = z) and not (fd.name in (/x))");
	/* errors and warnings of appends */
	assert_int_equal(fx_load(&f, "- rule: R\n  exceptions:\n"
	                             "    - name: new\n      fields: fd.name\n"
	                             "  override: {exceptions: append}\n"
	                             "- rule: R\n  exceptions:\n"
	                             "    - name: h\n      fields: fd.name\n      values: [a]\n"
	                             "  override: {exceptions: append}\n"
	                             "- rule: R\n  exceptions:\n"
	                             "    - name: h\n  override: {exceptions: append}\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_APPEND_NO_VALUES, FC_SEV_WARNING, 3, 13);
	expect_diag(&f, 1, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 3, 7);
	expect_diag(&f, 2, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 9, 15);
	expect_diag(&f, 3, FC_D_APPEND_NO_VALUES, FC_SEV_WARNING, 14, 13);
	assert_int_equal(fc_diag_list_count(f.dl), 4);
	assert_string_equal(r->cond.s,
	                    "(evt.type = open and proc.name = z) and not (fd.name in (/x))");
	fx_free(&f);
}

static void test_exceptions_errors(void **state)
{
	fx f;

	(void)state;
	fx_init(&f);
	assert_int_equal(
	        fx_load(&f, "- rule: R\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n"
	                    "  exceptions:\n"
	                    "    - name: a\n      fields: [f.a, f.b]\n      comps: [=]\n" /* 7 */
	                    "    - name: b\n      fields: [f.a]\n      comps: [~=]\n"
	                    "    - name: c\n      fields: f.a\n      comps: =\n"
	                    "    - name: d\n      fields: [f.a, f.b]\n      values: [[x]]\n"
	                    "    - name: d\n      fields: f.a\n      values: [[x]]\n"
	                    "    - fields: f.a\n"
	                    "    - name: g\n      values: [x]\n"
	                    "    - just a string\n"
	                    "- rule: S\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n"
	                    "  exceptions: {name: x}\n"),
	        FC_ERULES);
	expect_diag(&f, 0, FC_D_EXCEPTION_NAME_DUP, FC_SEV_WARNING, 19, 13);
	expect_diag(&f, 1, FC_D_MISSING_KEY, FC_SEV_ERROR, 22, 7);
	expect_diag(&f, 2, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 23, 13);
	expect_diag(&f, 3, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 25, 7);
	expect_diag(&f, 4, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 31, 15);
	assert_int_equal(fc_diag_list_count(f.dl), 5);
	assert_int_equal(f.eng->doc.n_rules, 0);
	fc_diag_list_clear(f.dl);
	/* shape errors found when collecting (one per rule: the rule is dropped) */
	assert_int_equal(fx_load(&f, "- rule: R1\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  exceptions:\n"
	                             "    - name: a\n      fields: [f.a, f.b]\n      comps: [=]\n"
	                             "- rule: R2\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  exceptions:\n"
	                             "    - name: b\n      fields: [f.a]\n      comps: [~=]\n"
	                             "- rule: R3\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  exceptions:\n"
	                             "    - name: c\n      fields: f.a\n      comps: =\n"
	                             "- rule: R4\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  exceptions:\n"
	                             "    - name: d\n      fields: [f.a, f.b]\n"
	                             "      values: [[x]]\n"
	                             "- rule: R5\n  desc: d\n  condition: c\n  output: o\n"
	                             "  priority: INFO\n  exceptions:\n"
	                             "    - name: e\n      fields: f.a\n      values: [[x]]\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 9, 14);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "exception 'a': fields and comps lists must have equal length");
	expect_diag(&f, 1, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 18, 15);
	assert_string_equal(fc_diag_list_get(f.dl, 1)->message,
	                    "exception 'b': '~=' is not a supported comparison operator");
	expect_diag(&f, 2, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 27, 14);
	expect_diag(&f, 3, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 36, 16);
	expect_diag(&f, 4, FC_D_BAD_EXCEPTION, FC_SEV_ERROR, 45, 16);
	assert_string_equal(fc_diag_list_get(f.dl, 4)->message,
	                    "exception 'e': expected values array to contain a list of strings");
	assert_int_equal(fc_diag_list_count(f.dl), 5);
	assert_int_equal(f.eng->doc.n_rules, 0);
	fx_free(&f);
}

/* ---- documents, items, bad input ---- */

static void test_documents_and_items(void **state)
{
	fx f;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f, "");
	fx_load_ok(&f, "# only a comment\n");
	fx_load_ok(&f, "---\n- list: a\n  items: [x]\n- ~\n---\n---\n- list: b\n  items: [y]\n");
	assert_int_equal(f.eng->doc.n_lists, 2);
	assert_int_equal(fx_load(&f, "- foo: bar\n"), FC_OK);
	expect_diag(&f, 0, FC_D_UNKNOWN_ITEM, FC_SEV_WARNING, 1, 3);
	fc_diag_list_clear(f.dl);
	assert_int_equal(fx_load(&f, "---\nfoo: bar\n---\nplain\n---\n- [1]\n- x\n"
	                             "- list: ok\n  items: [z]\n"),
	                 FC_ERULES);
	expect_diag(&f, 0, FC_D_NOT_A_LIST, FC_SEV_ERROR, 2, 1);
	assert_string_equal(fc_diag_list_get(f.dl, 0)->message,
	                    "rules content is not yaml array of objects");
	expect_diag(&f, 1, FC_D_NOT_A_LIST, FC_SEV_ERROR, 4, 1);
	expect_diag(&f, 2, FC_D_ITEM_NOT_MAP, FC_SEV_ERROR, 6, 3);
	expect_diag(&f, 3, FC_D_ITEM_NOT_MAP, FC_SEV_ERROR, 7, 3);
	assert_int_equal(fc_diag_list_count(f.dl), 4);
	assert_non_null(list(&f, "ok")); /* loading went on */
	fx_free(&f);
}

static void test_yaml_syntax_error(void **state)
{
	fx f;
	char buf[1024];

	(void)state;
	fx_init(&f);
	assert_int_equal(fx_load(&f, "- rule: x\n  desc: [a\n  condition: b\n"), FC_ERULES);
	assert_int_equal(fc_diag_list_count(f.dl), 1);
	expect_diag(&f, 0, FC_D_YAML_SYNTAX, FC_SEV_ERROR, 3, 12);
	assert_true(fc_diag_format(f.dl, 0, FC_DIAG_FMT_FALCO_CODE, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "error[LOAD_ERR_YAML_PARSE]"));
	assert_int_equal(f.eng->doc.n_rules, 0);
	fc_diag_list_clear(f.dl);
	assert_int_equal(fx_load(&f, "- a: b\n c: d\n"), FC_ERULES);
	expect_diag(&f, 0, FC_D_YAML_SYNTAX, FC_SEV_ERROR, 2, 2);
	fc_diag_list_clear(f.dl);
	/* invalid UTF-8: reported at the byte */
	assert_int_equal(fx_load(&f, "- list: a\n  items: [\xff]\n"), FC_ERULES);
	expect_diag(&f, 0, FC_D_YAML_SYNTAX, FC_SEV_ERROR, 2, 11);
	fx_free(&f);
}

static void test_non_ascii_positions(void **state)
{
	fx f;
	uint32_t line, col;
	const fci_macro *m;

	(void)state;
	fx_init(&f);
	fx_load_ok(&f,
	           "\xEF\xBB\xBF# caf\xc3\xa9\n- macro: m\n  condition: \"\xc3\xa9\\t and x\"\n");
	m = macro(&f, "m");
	assert_string_equal(m->cond.s, "\xc3\xa9\t and x");
	str_linecol(&f, &m->cond, 4, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 20);
	assert_int_equal(fx_load(&f, "- rule: \xc3\xa9\n  enabled: 3\n"), FC_ERULES);
	expect_diag(&f, 0, FC_D_BAD_TYPE, FC_SEV_ERROR, 2, 12);
	fx_free(&f);
}

static void test_garbage_and_deep(void **state)
{
	fx f;
	size_t n = 10u << 20, i;
	char *buf = malloc(n);
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (char)(seed >> 16);
	}
	fx_init(&f);
	f.rc = fc_engine_load_buffer(f.eng, "garbage", buf, n, f.dl);
	assert_int_equal(f.rc, FC_ERULES);
	assert_int_equal(fc_diag_list_count(f.dl), 1);
	assert_int_equal(fc_diag_list_get(f.dl, 0)->code, FC_D_YAML_SYNTAX);
	assert_true(fc_diag_list_get(f.dl, 0)->loc.line >= 1);
	/* printable garbage */
	for (i = 0; i < n; i++)
		buf[i] = (char)(' ' + (unsigned char)buf[i] % 95);
	fc_diag_list_clear(f.dl);
	f.rc = fc_engine_load_buffer(f.eng, "garbage2", buf, n, f.dl);
	assert_true(f.rc == FC_ERULES || f.rc == FC_OK);
	/* deep nesting is bounded */
	memset(buf, '[', n / 2);
	fc_diag_list_clear(f.dl);
	f.rc = fc_engine_load_buffer(f.eng, "deep", buf, n / 2, f.dl);
	assert_int_equal(f.rc, FC_ERULES);
	assert_int_equal(fc_diag_list_get(f.dl, 0)->code, FC_D_YAML_SYNTAX);
	assert_non_null(strstr(fc_diag_list_get(f.dl, 0)->message, "nesting"));
	{
		char out[2048];

		/* the snippet of a 5 MB line is cut around the caret */
		assert_true(fc_diag_format(f.dl, 0, 0, out, sizeof(out)) < 600);
	}
	fx_free(&f);
	free(buf);
}

static void test_files_and_dirs(void **state)
{
	fx f;
	char dir[] = "/tmp/fc_loader_XXXXXX", path[512];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fx_init(&f);
	snprintf(path, sizeof(path), "%s/missing.yaml", dir);
	assert_int_equal(fc_engine_load_file(f.eng, path, f.dl), FC_ENOENT);
	assert_int_equal(fc_diag_list_get(f.dl, 0)->code, FC_D_FILE_READ);
	fc_diag_list_clear(f.dl);
	assert_int_equal(fc_engine_load_file(f.eng, dir, f.dl), FC_ERULES);
	assert_int_equal(fc_diag_list_get(f.dl, 0)->code, FC_D_NO_RULES_FILES);
	fc_diag_list_clear(f.dl);
	/* a directory: .yaml and .yml files in name order, later files redefine */
	snprintf(path, sizeof(path), "%s/b.yml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("- list: l\n  items: [from_b]\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("- list: l\n  items: [from_a]\n- list: m\n  items: [x]\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/c.txt", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not yaml: [", fp);
	fclose(fp);
	assert_int_equal(fc_engine_load_file(f.eng, dir, f.dl), FC_OK);
	assert_int_equal(fc_diag_list_count(f.dl), 0);
	assert_string_equal(list(&f, "l")->items[0].s, "from_b");
	assert_ptr_equal(f.eng->doc.lists[0], list(&f, "l"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.yml", dir);
	unlink(path);
	rmdir(dir);
	fx_free(&f);
}

static void test_warnings_as_errors(void **state)
{
	fx f;

	(void)state;
	fx_init_opts(&f, provides_all,
	             FC_OPTS(fc_engine_opts, .flags = FC_ENGINE_F_WARNINGS_AS_ERRORS));
	assert_int_equal(fx_load(&f, "- foo: 1\n"), FC_ERULES);
	assert_int_equal(fc_diag_list_count_severity(f.dl, FC_SEV_WARNING), 1);
	fx_free(&f);
}

static void test_diag_tables(void **state)
{
	static const int codes[] = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
	                            200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 300, 301, 302,
	                            400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 500, 501, 502,
	                            503, 504, 505, 506, 507, 508, 509, 510, 511, 512, 513};
	size_t i, j;

	(void)state;
	for (i = 0; i < FCI_ARRAY_LEN(codes); i++) {
		const char *id = fc_diag_code_name((fc_diag_code)codes[i]);
		const char *fc = fc_diag_falco_code((fc_diag_code)codes[i]);

		assert_string_not_equal(id, "unknown");
		assert_true(strncmp(fc, "LOAD_", 5) == 0);
		assert_true(fc_diag_falco_desc((fc_diag_code)codes[i])[0] != '\0');
		if (codes[i] >= 500)
			assert_null(strstr(fc, "LOAD_ERR_"));
		else if (codes[i] != FC_D_UNKNOWN_KEY)
			assert_non_null(strstr(fc, "LOAD_ERR_"));
		for (j = 0; j < i; j++)
			assert_string_not_equal(id, fc_diag_code_name((fc_diag_code)codes[j]));
	}
	assert_string_equal(fc_diag_code_name((fc_diag_code)999), "unknown");
	assert_string_equal(fc_diag_falco_code(FC_D_SYNTAX), "LOAD_ERR_COMPILE_CONDITION");
	assert_string_equal(fc_diag_falco_desc(FC_D_SYNTAX), "Error compiling condition");
	assert_string_equal(fc_diag_falco_code(FC_D_UNUSED_MACRO), "LOAD_UNUSED_MACRO");
	assert_string_equal(fc_diag_falco_code(FC_D_NO_EVTTYPE), "LOAD_NO_EVTTYPE");
	assert_string_equal(fc_diag_falco_code(FC_D_DEPRECATED), "LOAD_DEPRECATED_ITEM");
	assert_string_equal(fc_diag_falco_code(FC_D_BAD_OUTPUT), "LOAD_ERR_COMPILE_OUTPUT");
	assert_string_equal(fc_diag_code_name(FC_D_UNKNOWN_FIELD), "unknown-field");
}

static void test_diag_render_color_and_flags(void **state)
{
	fx f;
	char buf[1024];
	int n;

	(void)state;
	fx_init(&f);
	assert_int_equal(fx_load(&f, "- rule: r\n\tenabled: 1\n"), FC_ERULES);
	fc_diag_list_clear(f.dl);
	assert_int_equal(fx_load(&f, "- list: l\n  items: x\n"), FC_ERULES);
	n = fc_diag_format(f.dl, 0, FC_DIAG_FMT_NO_SNIPPET, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(buf));
	assert_string_equal(buf, "t.yaml:2:10: error[bad-type]: list 'l': value for key 'items' is "
	                         "not a sequence\n");
	assert_true(fc_diag_format(f.dl, 0, FC_DIAG_FMT_SNIPPET_ONLY, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "    2 |   items: x\n      |          ^\n");
	assert_true(fc_diag_format(f.dl, 0, FC_DIAG_FMT_COLOR, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\033[1;31merror\033[0m"));
	/* snprintf semantics */
	assert_int_equal(fc_diag_format(f.dl, 0, 0, NULL, 0), n + 38);
	assert_int_equal(fc_diag_format(f.dl, 0, 0, buf, 5), n + 38);
	assert_string_equal(buf, "t.ya");
	assert_int_equal(fc_diag_format(f.dl, 7, 0, buf, sizeof(buf)), FC_EINVAL);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_yaml_positions_upstream),
	        cmocka_unit_test(test_yaml_scalar_styles),
	        cmocka_unit_test(test_yaml_multidoc_null_and_aliases),
	        cmocka_unit_test(test_yaml_bool_int),
	        cmocka_unit_test(test_caret_in_block_scalars),
	        cmocka_unit_test(test_upstream_each),
	        cmocka_unit_test(test_upstream_sequence),
	        cmocka_unit_test(test_plugin_requirements),
	        cmocka_unit_test(test_engine_version),
	        cmocka_unit_test(test_lists),
	        cmocka_unit_test(test_list_errors),
	        cmocka_unit_test(test_macros),
	        cmocka_unit_test(test_rule_define),
	        cmocka_unit_test(test_rule_errors),
	        cmocka_unit_test(test_rule_overrides),
	        cmocka_unit_test(test_rule_enabled_standalone),
	        cmocka_unit_test(test_exceptions_forms),
	        cmocka_unit_test(test_exceptions_append),
	        cmocka_unit_test(test_exceptions_errors),
	        cmocka_unit_test(test_documents_and_items),
	        cmocka_unit_test(test_yaml_syntax_error),
	        cmocka_unit_test(test_non_ascii_positions),
	        cmocka_unit_test(test_garbage_and_deep),
	        cmocka_unit_test(test_files_and_dirs),
	        cmocka_unit_test(test_warnings_as_errors),
	        cmocka_unit_test(test_diag_tables),
	        cmocka_unit_test(test_diag_render_color_and_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
