/* SPDX-License-Identifier: Apache-2.0 */
/* Collected items -> fci_ruledoc: define, append, replace and enable with
 * Falco's semantics (rule_loader_collector.cpp), exceptions folded into
 * rule conditions as Falco's build_rule_exception_infos writes them, and list
 * references expanded in place. */
#include "rule_collector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FCI_MAX_LIST_ITEMS (1u << 20)
#define FCI_MAX_LIST_DEPTH 1000
#define MSG_NO_PREV_LIST                                                                           \
	"List uses 'append' or 'override.items: append' but no list by that name already exists"
#define MSG_NO_PREV_MACRO                                                                          \
	"Macro uses 'append' or 'override.condition: append' but no macro by that name already "   \
	"exists"
#define MSG_NO_PREV_APPEND                                                                         \
	"Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
#define MSG_NO_PREV_REPLACE                                                                        \
	"An 'override.<key>: replace' to a rule was requested but no rule by that name already "   \
	"exists"

/* Messages are one line: values quoted in them (a `|` scalar ends with a
 * newline) get control bytes shown as blanks, and long ones are cut. */
static char *one_line(char *msg)
{
	size_t i, n = strlen(msg);

	for (i = 0; i < n; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = ' ';
	if (n > 400)
		memcpy(msg + 396, "...", 4);
	return msg;
}

void fci_lctx_diag(fci_lctx *c, fc_severity sev, fc_diag_code code, fci_loc loc, const char *kind,
                   const char *name, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (sev == FC_SEV_ERROR)
		c->n_errors++;
	else if (sev == FC_SEV_WARNING)
		c->n_warnings++;
	va_start(ap, fmt);
	msg = fci_vasprintf(fmt, ap);
	va_end(ap);
	if (!msg) {
		c->oom = true;
		return;
	}
	/* messages start lower-case (fc_diag contract); Falco's texts do not */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	if (fci_diag_add(c->diags, c->eng, sev, code, loc, NULL, kind, name, "%s", one_line(msg)) <
	    0)
		c->oom = true;
	fci_free(msg);
}

/* ---- small helpers ---- */

int fci_str_sub(fci_str *dst, const fci_str *src, uint32_t start, uint32_t len)
{
	fci_loc l = fci_str_loc(src, start, len);

	if (start > src->len)
		start = src->len;
	if (len > src->len - start)
		len = src->len - start;
	if (fci_str_set(dst, src->s + start, len, NULL, l) < 0)
		return FC_ENOMEM;
	if (src->offs) {
		dst->offs = fci_malloc((len + 1) * sizeof(uint32_t));
		if (!dst->offs) {
			fci_str_free(dst);
			return FC_ENOMEM;
		}
		memcpy(dst->offs, src->offs + start, (len + 1) * sizeof(uint32_t));
	}
	return FC_OK;
}

bool fci_semver_parse(const char *s, unsigned v[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long x = 0;
		int nd = 0;

		while (*s >= '0' && *s <= '9') {
			x = x * 10 + (unsigned long)(*s++ - '0');
			if (x > 0xFFFFFFFFul || ++nd > 10)
				return false;
		}
		if (nd == 0)
			return false;
		v[i] = (unsigned)x;
		if (i < 2 && *s++ != '.')
			return false;
	}
	return *s == '\0' || *s == '-' || *s == '+';
}

int fci_semver_cmp(const unsigned a[3], const unsigned b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

void fci_list_free(fci_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n_items; i++)
		fci_str_free(&l->items[i]);
	fci_free(l->items);
	for (i = 0; i < l->n_raw_items; i++)
		fci_str_free(&l->raw_items[i]);
	fci_free(l->raw_items);
	fci_free(l->name);
	fci_free(l);
}

void fci_macro_free(fci_macro *m)
{
	if (!m)
		return;
	fci_str_free(&m->cond);
	fci_free(m->name);
	fci_free(m);
}

void fci_rule_free(fci_rule *r)
{
	size_t i;

	if (!r)
		return;
	fci_str_free(&r->cond);
	fci_str_free(&r->cond_orig);
	fci_str_free(&r->output);
	fci_free(r->name);
	fci_free(r->desc);
	fci_free(r->source);
	for (i = 0; i < r->n_tags; i++)
		fci_free(r->tags[i]);
	fci_free(r->tags);
	for (i = 0; i < r->n_exceptions; i++)
		fci_exception_free(&r->exceptions[i]);
	fci_free(r->exceptions);
	fci_free(r);
}

/* Append " " + src to dst (Falco's `a += " "; a += b`). */
static int append_spaced(fci_str *dst, const fci_str *src)
{
	if (fci_str_append_lit(dst, " ", 1, fci_str_loc(src, 0, 0)) < 0)
		return FC_ENOMEM;
	return fci_str_append(dst, src);
}

static char *concat_spaced(const char *a, const char *b)
{
	return fci_asprintf("%s %s", a ? a : "", b ? b : "");
}

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Union of two tag sets into *dst (sorted, unique); takes src's strings. */
static int tags_union(char ***dst, size_t *n_dst, char **src, size_t n_src)
{
	char **v;
	size_t n = 0, i;

	v = fci_realloc(*dst, (*n_dst + n_src) * sizeof(*v));
	if (!v)
		return FC_ENOMEM;
	memcpy(v + *n_dst, src, n_src * sizeof(*v));
	n = *n_dst + n_src;
	qsort(v, n, sizeof(*v), cmp_tag);
	*n_dst = 0;
	for (i = 0; i < n; i++) {
		if (*n_dst && strcmp(v[*n_dst - 1], v[i]) == 0) {
			fci_free(v[i]);
			continue;
		}
		v[(*n_dst)++] = v[i];
	}
	*dst = v;
	return FC_OK;
}

/* ---- lists and macros ---- */

int fci_collect_list(fci_lctx *c, fci_list *l, bool append)
{
	fci_ruledoc *d = &c->eng->doc;
	fci_list *prev = fci_strmap_get(&d->list_by_name, l->name, strlen(l->name));
	uint32_t id = d->next_order++;
	size_t i;

	if (append) {
		if (!prev) {
			fci_lctx_diag(c, FC_SEV_ERROR, FC_D_APPEND_UNDEFINED, l->loc, "list",
			              l->name, MSG_NO_PREV_LIST);
			fci_list_free(l);
			return FC_ERULES;
		}
		for (i = 0; i < l->n_raw_items; i++) {
			if (FCI_PUSH(prev->raw_items, prev->n_raw_items, prev->cap_raw_items) < 0) {
				fci_list_free(l);
				return FC_ENOMEM;
			}
			prev->raw_items[prev->n_raw_items - 1] = l->raw_items[i];
			memset(&l->raw_items[i], 0, sizeof(l->raw_items[i]));
		}
		prev->order = id;
		fci_list_free(l);
		return FC_OK;
	}
	if (prev) {
		size_t pos;

		l->index = prev->index;
		l->order = id;
		l->used = prev->used;
		for (pos = 0; pos < d->n_lists && d->lists[pos] != prev; pos++)
			;
		d->lists[pos] = l;
		/* the map's key is prev's name: re-key before freeing it */
		if (fci_strmap_put(&d->list_by_name, l->name, strlen(l->name), l) < 0) {
			d->lists[pos] = prev;
			fci_list_free(l);
			return FC_ENOMEM;
		}
		fci_list_free(prev);
		return FC_OK;
	} else {
		l->index = l->order = id;
		if (FCI_PUSH(d->lists, d->n_lists, d->cap_lists) < 0) {
			fci_list_free(l);
			return FC_ENOMEM;
		}
		d->lists[d->n_lists - 1] = l;
	}
	return fci_strmap_put(&d->list_by_name, l->name, strlen(l->name), l);
}

int fci_collect_macro(fci_lctx *c, fci_macro *m, bool append)
{
	fci_ruledoc *d = &c->eng->doc;
	fci_macro *prev = fci_strmap_get(&d->macro_by_name, m->name, strlen(m->name));
	uint32_t id = d->next_order++;

	if (append) {
		int rc;

		if (!prev) {
			fci_lctx_diag(c, FC_SEV_ERROR, FC_D_APPEND_UNDEFINED, m->loc, "macro",
			              m->name, MSG_NO_PREV_MACRO);
			fci_macro_free(m);
			return FC_ERULES;
		}
		rc = append_spaced(&prev->cond, &m->cond);
		prev->order = id;
		fci_macro_free(m);
		return rc;
	}
	if (prev) {
		size_t pos;

		m->index = prev->index;
		m->order = id;
		m->used = prev->used;
		for (pos = 0; pos < d->n_macros && d->macros[pos] != prev; pos++)
			;
		d->macros[pos] = m;
		if (fci_strmap_put(&d->macro_by_name, m->name, strlen(m->name), m) < 0) {
			d->macros[pos] = prev;
			fci_macro_free(m);
			return FC_ENOMEM;
		}
		fci_macro_free(prev);
		return FC_OK;
	} else {
		m->index = m->order = id;
		if (FCI_PUSH(d->macros, d->n_macros, d->cap_macros) < 0) {
			fci_macro_free(m);
			return FC_ENOMEM;
		}
		d->macros[d->n_macros - 1] = m;
	}
	return fci_strmap_put(&d->macro_by_name, m->name, strlen(m->name), m);
}

/* ---- exceptions ---- */

static const char *const str_ops[] = {"==",         "=",           "!=",        "glob",
                                      "iglob",      "contains",    "icontains", "bcontains",
                                      "startswith", "bstartswith", "endswith",  "regex"};
static const char *const other_ops[] = {
        "exists", "<=", "<", ">=", ">", "intersects", "in", "pmatch"};

static bool is_list_op(const char *op)
{
	return strcmp(op, "in") == 0 || strcmp(op, "intersects") == 0 || strcmp(op, "pmatch") == 0;
}

/* `<strop> oneof|anyof|allof` (libs 0.25 / Falco 0.44). */
static bool is_modifier_op(const char *op)
{
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(str_ops); i++) {
		size_t n = strlen(str_ops[i]);
		const char *p = op + n;

		if (strncmp(op, str_ops[i], n) != 0 || (*p != ' ' && *p != '\t'))
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strcmp(p, "oneof") == 0 || strcmp(p, "anyof") == 0 || strcmp(p, "allof") == 0)
			return true;
	}
	return false;
}

static bool is_supported_op(const char *op)
{
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(str_ops); i++)
		if (strcmp(op, str_ops[i]) == 0)
			return true;
	for (i = 0; i < FCI_ARRAY_LEN(other_ops); i++)
		if (strcmp(op, other_ops[i]) == 0)
			return true;
	return is_modifier_op(op);
}

/* Trim blanks around a comp (Falco 0.44 trims comps). */
static int trim_entry(fci_exc_entry *e)
{
	uint32_t a = 0, b = e->item.len;
	fci_str t;

	while (a < b && (e->item.s[a] == ' ' || e->item.s[a] == '\t' || e->item.s[a] == '\n'))
		a++;
	while (b > a &&
	       (e->item.s[b - 1] == ' ' || e->item.s[b - 1] == '\t' || e->item.s[b - 1] == '\n'))
		b--;
	if (a == 0 && b == e->item.len)
		return FC_OK;
	if (fci_str_sub(&t, &e->item, a, b - a) < 0)
		return FC_ENOMEM;
	fci_str_free(&e->item);
	e->item = t;
	return FC_OK;
}

static int default_comp(fci_exc_entry *e, const char *op, fci_loc at)
{
	memset(e, 0, sizeof(*e));
	e->present = true;
	e->loc = at;
	return fci_str_set(&e->item, op, strlen(op), NULL, at);
}

#define EXC_ERR(loc, ...)                                                                          \
	do {                                                                                       \
		fci_lctx_diag(c, FC_SEV_ERROR, FC_D_BAD_EXCEPTION, (loc), "rule", rule,            \
		              __VA_ARGS__);                                                        \
		return FC_ERULES;                                                                  \
	} while (0)

/* Values of an exception against its fields' shape (Falco checks these when
 * building the condition; here when collecting, so the error has the value's
 * position and the rule is the one rejected). */
static int check_values(fci_lctx *c, const char *rule, const fci_exception *ex,
                        const fci_exc_entry *vals, size_t n)
{
	size_t i, k, j;

	for (i = 0; i < n; i++) {
		const fci_exc_entry *v = &vals[i];

		if (!ex->fields.is_list) {
			if (v->is_list)
				EXC_ERR(v->loc,
				        "exception '%s': expected values array to contain a "
				        "list of strings",
				        ex->name);
			continue;
		}
		if (!v->is_list || v->n_items != ex->fields.n_items)
			EXC_ERR(v->loc,
			        "exception '%s': fields and values lists must have equal length "
			        "(%zu fields, %zu values)",
			        ex->name, ex->fields.n_items, v->is_list ? v->n_items : (size_t)1);
		for (k = 0; k < v->n_items; k++) {
			const fci_exc_entry *e = &v->items[k];

			if (!e->is_list)
				continue;
			for (j = 0; j < e->n_items; j++)
				if (e->items[j].is_list)
					EXC_ERR(e->items[j].loc,
					        "exception '%s': a value list may hold only "
					        "strings",
					        ex->name);
		}
	}
	return FC_OK;
}

int fci_exception_validate(fci_lctx *c, const char *rule, fci_exception *ex)
{
	size_t i;

	if (!ex->fields.present)
		EXC_ERR(ex->loc,
		        "rule exception '%s' must have fields property with a list of fields",
		        ex->name);
	if (ex->fields.is_list) {
		for (i = 0; i < ex->fields.n_items; i++)
			if (ex->fields.items[i].is_list)
				EXC_ERR(ex->fields.items[i].loc,
				        "exception '%s': each field must be a string", ex->name);
		if (!ex->comps.present) {
			ex->comps.present = true;
			ex->comps.is_list = true;
			ex->comps.loc = ex->fields.loc;
			ex->comps.items = fci_calloc(ex->fields.n_items, sizeof(*ex->comps.items));
			if (!ex->comps.items)
				return FC_ENOMEM;
			for (i = 0; i < ex->fields.n_items; i++) {
				ex->comps.n_items++;
				if (default_comp(&ex->comps.items[i], "=",
				                 ex->fields.items[i].loc) < 0)
					return FC_ENOMEM;
			}
		}
		if (!ex->comps.is_list || ex->comps.n_items != ex->fields.n_items)
			EXC_ERR(ex->comps.loc,
			        "exception '%s': fields and comps lists must have equal length",
			        ex->name);
		for (i = 0; i < ex->comps.n_items; i++) {
			fci_exc_entry *e = &ex->comps.items[i];

			if (e->is_list)
				EXC_ERR(e->loc, "exception '%s': each comp must be a string",
				        ex->name);
			if (trim_entry(e) < 0)
				return FC_ENOMEM;
			if (!is_supported_op(e->item.s))
				EXC_ERR(e->loc,
				        "exception '%s': '%s' is not a supported comparison "
				        "operator",
				        ex->name, e->item.s);
		}
	} else {
		if (!ex->comps.present && default_comp(&ex->comps, "in", ex->fields.loc) < 0)
			return FC_ENOMEM;
		if (ex->comps.is_list)
			EXC_ERR(ex->comps.loc,
			        "exception '%s': fields and comps must both be strings", ex->name);
		if (trim_entry(&ex->comps) < 0)
			return FC_ENOMEM;
		if (!is_list_op(ex->comps.item.s) && !is_modifier_op(ex->comps.item.s))
			EXC_ERR(ex->comps.loc,
			        "exception '%s': when fields is a single value, comps must be one "
			        "of "
			        "(in, pmatch, intersects) or a string operator with "
			        "oneof/anyof/allof",
			        ex->name);
	}
	return check_values(c, rule, ex, ex->values, ex->n_values);
}

/* Falco's quote_item: values with a space get double quotes. */
static bool needs_quote(const fci_str *v)
{
	return v->len && memchr(v->s, ' ', v->len) && v->s[0] != '"' && v->s[0] != '\'';
}

static int add_quoted(fci_str *d, const fci_exc_entry *v)
{
	bool q = needs_quote(&v->item);
	fci_loc at = fci_str_loc(&v->item, 0, 0);

	if (q && fci_str_append_lit(d, "\"", 1, at) < 0)
		return FC_ENOMEM;
	if (fci_str_append(d, &v->item) < 0)
		return FC_ENOMEM;
	if (q && fci_str_append_lit(d, "\"", 1, fci_str_loc(&v->item, v->item.len, 0)) < 0)
		return FC_ENOMEM;
	return FC_OK;
}

#define LIT(d, s, at)                                                                              \
	do {                                                                                       \
		if (fci_str_append_lit((d), (s), sizeof(s) - 1, (at)) < 0)                         \
			goto oom;                                                                  \
	} while (0)
#define STR(d, src)                                                                                \
	do {                                                                                       \
		if (fci_str_append((d), (src)) < 0)                                                \
			goto oom;                                                                  \
	} while (0)

static int build_one(const fci_exception *ex, fci_str *ic)
{
	fci_loc at = ex->loc;
	size_t i, k, j;

	at.length = 1;
	if (!ex->fields.is_list) {
		for (i = 0; i < ex->n_values; i++) {
			if (i == 0) {
				LIT(ic, "(", at);
				STR(ic, &ex->fields.item);
				LIT(ic, " ", at);
				STR(ic, &ex->comps.item);
				LIT(ic, " (", at);
			} else {
				LIT(ic, ", ", ex->values[i].loc);
			}
			if (add_quoted(ic, &ex->values[i]) < 0)
				goto oom;
		}
		if (ex->n_values)
			LIT(ic, "))", at);
		return FC_OK;
	}
	if (ex->n_values == 0)
		return FC_OK; /* Falco: "()" -> nothing */
	LIT(ic, "(", at);
	for (i = 0; i < ex->n_values; i++) {
		const fci_exc_entry *tuple = &ex->values[i];

		if (i)
			LIT(ic, " or ", tuple->loc);
		LIT(ic, "(", tuple->loc);
		for (k = 0; k < ex->fields.n_items && k < tuple->n_items; k++) {
			const fci_exc_entry *v = &tuple->items[k];
			const fci_str *comp = &ex->comps.items[k].item;

			if (k)
				LIT(ic, " and ", v->loc);
			LIT(ic, " ", ex->fields.items[k].loc);
			STR(ic, &ex->fields.items[k].item);
			LIT(ic, " ", comp->loc);
			STR(ic, comp);
			LIT(ic, " ", v->loc);
			if (v->is_list) {
				LIT(ic, "(", v->loc);
				for (j = 0; j < v->n_items; j++) {
					if (j)
						LIT(ic, ", ", v->items[j].loc);
					if (add_quoted(ic, &v->items[j]) < 0)
						goto oom;
				}
				LIT(ic, ")", v->loc);
			} else if (is_list_op(comp->s)) {
				bool p = !(v->item.len && v->item.s[0] == '(');

				if (p)
					LIT(ic, "(", fci_str_loc(&v->item, 0, 0));
				STR(ic, &v->item);
				if (p)
					LIT(ic, ")", fci_str_loc(&v->item, v->item.len, 0));
			} else if (add_quoted(ic, v) < 0) {
				goto oom;
			}
		}
		LIT(ic, ")", tuple->loc);
	}
	LIT(ic, ")", at);
	return FC_OK;
oom:
	return FC_ENOMEM;
}

int fci_rule_build_cond(fci_rule *r)
{
	fci_str d;
	size_t i;
	fci_loc at = fci_str_loc(&r->cond_orig, 0, 0);

	memset(&d, 0, sizeof(d));
	if (r->n_exceptions == 0) {
		fci_str_free(&r->cond);
		return fci_str_copy(&r->cond, &r->cond_orig);
	}
	LIT(&d, "(", at);
	STR(&d, &r->cond_orig);
	LIT(&d, ")", fci_str_loc(&r->cond_orig, r->cond_orig.len, 0));
	for (i = 0; i < r->n_exceptions; i++) {
		fci_str ic;
		fci_loc eat = r->exceptions[i].loc;

		memset(&ic, 0, sizeof(ic));
		eat.length = 1;
		if (build_one(&r->exceptions[i], &ic) < 0) {
			fci_str_free(&ic);
			goto oom;
		}
		if (ic.len) {
			if (fci_str_append_lit(&d, " and not ", 9, eat) < 0 ||
			    fci_str_append(&d, &ic) < 0) {
				fci_str_free(&ic);
				goto oom;
			}
		}
		fci_str_free(&ic);
	}
	d.loc = r->cond_orig.loc;
	fci_str_free(&r->cond);
	r->cond = d;
	return FC_OK;
oom:
	fci_str_free(&d);
	return FC_ENOMEM;
}

/* ---- rules ---- */

static int doc_put_rule(fci_ruledoc *d, fci_rule *r, fci_rule *prev)
{
	if (prev) {
		size_t pos;

		r->order = prev->order;
		for (pos = 0; pos < d->n_rules && d->rules[pos] != prev; pos++)
			;
		d->rules[pos] = r;
		if (fci_strmap_put(&d->rule_by_name, r->name, strlen(r->name), r) < 0) {
			d->rules[pos] = prev;
			fci_rule_free(r);
			return FC_ENOMEM;
		}
		fci_rule_free(prev);
		return FC_OK;
	} else {
		if (FCI_PUSH(d->rules, d->n_rules, d->cap_rules) < 0) {
			fci_rule_free(r);
			return FC_ENOMEM;
		}
		d->rules[d->n_rules - 1] = r;
	}
	return fci_strmap_put(&d->rule_by_name, r->name, strlen(r->name), r);
}

int fci_collect_rule(fci_lctx *c, fci_rule *r)
{
	fci_ruledoc *d = &c->eng->doc;
	fci_rule *prev = fci_strmap_get(&d->rule_by_name, r->name, strlen(r->name));
	size_t i;
	int rc;

	if (prev && strcmp(prev->source, r->source) != 0) {
		fci_lctx_diag(c, FC_SEV_ERROR, FC_D_SOURCE_MISMATCH, r->loc, "rule", r->name,
		              "Rule has been re-defined with a different source ('%s', was '%s')",
		              r->source, prev->source);
		fci_rule_free(r);
		return FC_ERULES;
	}
	for (i = 0; i < r->n_exceptions; i++) {
		rc = fci_exception_validate(c, r->name, &r->exceptions[i]);
		if (rc < 0) {
			fci_rule_free(r);
			return rc;
		}
	}
	if (fci_rule_build_cond(r) < 0) {
		fci_rule_free(r);
		return FC_ENOMEM;
	}
	r->order = d->next_order++;
	return doc_put_rule(d, r, prev);
}

static fci_exception *find_exc(fci_rule *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_exceptions; i++)
		if (strcmp(r->exceptions[i].name, name) == 0)
			return &r->exceptions[i];
	return NULL;
}

/* Check an exceptions append against `prev` before changing anything. */
static int check_exc_append(fci_lctx *c, fci_rule *prev, fci_rule *upd)
{
	size_t i;
	int rc;

	for (i = 0; i < upd->n_exceptions; i++) {
		fci_exception *ex = &upd->exceptions[i];
		fci_exception *pe = find_exc(prev, ex->name);
		const char *rule = prev->name;

		if (!pe) {
			if (!ex->fields.present)
				EXC_ERR(ex->loc,
				        "Rule exception must have fields property with a list of "
				        "fields (exception '%s' is new)",
				        ex->name);
			if (ex->n_values == 0)
				EXC_ERR(ex->loc,
				        "Rule exception must have values property with a list of "
				        "values (exception '%s' is new)",
				        ex->name);
			rc = fci_exception_validate(c, prev->name, ex);
			if (rc < 0)
				return rc;
			continue;
		}
		if (ex->fields.present)
			EXC_ERR(ex->fields.loc,
			        "Can not append exception fields to existing exception '%s', only "
			        "values",
			        ex->name);
		if (ex->comps.present)
			EXC_ERR(ex->comps.loc,
			        "Can not append exception comps to existing exception '%s', only "
			        "values",
			        ex->name);
		rc = check_values(c, prev->name, pe, ex->values, ex->n_values);
		if (rc < 0)
			return rc;
	}
	return FC_OK;
}

static int move_exceptions_in(fci_rule *prev, fci_rule *upd)
{
	size_t i, j;

	for (i = 0; i < upd->n_exceptions; i++) {
		fci_exception *ex = &upd->exceptions[i];
		fci_exception *pe = find_exc(prev, ex->name);

		if (!pe) {
			fci_exception *v = fci_realloc(prev->exceptions,
			                               (prev->n_exceptions + 1) * sizeof(*v));

			if (!v)
				return FC_ENOMEM;
			prev->exceptions = v;
			v[prev->n_exceptions++] = *ex;
			memset(ex, 0, sizeof(*ex));
			continue;
		}
		for (j = 0; j < ex->n_values; j++) {
			if (FCI_PUSH(pe->values, pe->n_values, pe->cap_values) < 0)
				return FC_ENOMEM;
			pe->values[pe->n_values - 1] = ex->values[j];
			memset(&ex->values[j], 0, sizeof(ex->values[j]));
		}
	}
	return FC_OK;
}

int fci_collect_rule_update(fci_lctx *c, fci_rule *upd, unsigned keys, bool append)
{
	fci_ruledoc *d = &c->eng->doc;
	fci_rule *prev = fci_strmap_get(&d->rule_by_name, upd->name, strlen(upd->name));
	int rc = FC_OK;

	if (!prev) {
		fci_lctx_diag(c, FC_SEV_ERROR, FC_D_APPEND_UNDEFINED, upd->loc, "rule", upd->name,
		              append ? MSG_NO_PREV_APPEND : MSG_NO_PREV_REPLACE);
		fci_rule_free(upd);
		return FC_ERULES;
	}
	if ((keys & ~FCI_RK_SOURCE) == 0) {
		fci_lctx_diag(
		        c, FC_SEV_ERROR, FC_D_MISSING_KEY, upd->loc, "rule", upd->name,
		        append ? "Appended rule must have exceptions or condition property"
		               : "The rule must have at least one field that can be replaced");
		fci_rule_free(upd);
		return FC_ERULES;
	}
	if ((keys & FCI_RK_SOURCE) && strcmp(upd->source, prev->source) != 0) {
		fci_lctx_diag(c, FC_SEV_ERROR, FC_D_SOURCE_MISMATCH, upd->loc, "rule", upd->name,
		              "Rule has been re-defined with a different source ('%s', was '%s')",
		              upd->source, prev->source);
		fci_rule_free(upd);
		return FC_ERULES;
	}
	if (keys & FCI_RK_EXCEPTIONS) {
		if (append) {
			rc = check_exc_append(c, prev, upd);
		} else {
			size_t i;

			for (i = 0; i < upd->n_exceptions && rc == FC_OK; i++)
				rc = fci_exception_validate(c, prev->name, &upd->exceptions[i]);
		}
		if (rc < 0) {
			fci_rule_free(upd);
			return rc;
		}
	}
	d->next_order++; /* an update takes a load index, as in Falco */
	if (append) {
		if ((keys & FCI_RK_CONDITION) && upd->cond_orig.len)
			FCI_TRY(append_spaced(&prev->cond_orig, &upd->cond_orig));
		if ((keys & FCI_RK_OUTPUT) && upd->output.len)
			FCI_TRY(append_spaced(&prev->output, &upd->output));
		if ((keys & FCI_RK_DESC) && upd->desc && *upd->desc) {
			char *nd = concat_spaced(prev->desc, upd->desc);

			if (!nd) {
				rc = FC_ENOMEM;
				goto out;
			}
			fci_free(prev->desc);
			prev->desc = nd;
		}
		if (keys & FCI_RK_TAGS) {
			FCI_TRY(tags_union(&prev->tags, &prev->n_tags, upd->tags, upd->n_tags));
			fci_free(upd->tags);
			upd->tags = NULL;
			upd->n_tags = 0;
		}
		if (keys & FCI_RK_EXCEPTIONS)
			FCI_TRY(move_exceptions_in(prev, upd));
	} else {
		if (keys & FCI_RK_CONDITION) {
			fci_str_free(&prev->cond_orig);
			prev->cond_orig = upd->cond_orig;
			memset(&upd->cond_orig, 0, sizeof(upd->cond_orig));
		}
		if (keys & FCI_RK_OUTPUT) {
			fci_str_free(&prev->output);
			prev->output = upd->output;
			memset(&upd->output, 0, sizeof(upd->output));
		}
		if (keys & FCI_RK_DESC) {
			fci_free(prev->desc);
			prev->desc = upd->desc;
			upd->desc = NULL;
		}
		if (keys & FCI_RK_TAGS) {
			size_t i;

			for (i = 0; i < prev->n_tags; i++)
				fci_free(prev->tags[i]);
			fci_free(prev->tags);
			prev->tags = upd->tags;
			prev->n_tags = upd->n_tags;
			upd->tags = NULL;
			upd->n_tags = 0;
		}
		if (keys & FCI_RK_EXCEPTIONS) {
			size_t i;

			for (i = 0; i < prev->n_exceptions; i++)
				fci_exception_free(&prev->exceptions[i]);
			fci_free(prev->exceptions);
			prev->exceptions = upd->exceptions;
			prev->n_exceptions = upd->n_exceptions;
			upd->exceptions = NULL;
			upd->n_exceptions = 0;
		}
		if (keys & FCI_RK_PRIORITY)
			prev->priority = upd->priority;
		if (keys & FCI_RK_ENABLED)
			prev->enabled = upd->enabled;
		if (keys & FCI_RK_WARN_EVTTYPES)
			prev->warn_evttypes = upd->warn_evttypes;
		if (keys & FCI_RK_SKIP_UNKNOWN)
			prev->skip_if_unknown_filter = upd->skip_if_unknown_filter;
		if (keys & FCI_RK_CAPTURE)
			prev->capture = upd->capture;
		if (keys & FCI_RK_CAPTURE_DURATION)
			prev->capture_duration = upd->capture_duration;
	}
	FCI_TRY(fci_rule_build_cond(prev));
out:
	fci_rule_free(upd);
	return rc;
}

int fci_collect_rule_enable(fci_lctx *c, const char *name, bool enabled, fci_loc loc)
{
	fci_rule *prev = fci_strmap_get(&c->eng->doc.rule_by_name, name, strlen(name));

	if (!prev) {
		fci_lctx_diag(c, FC_SEV_ERROR, FC_D_ENABLED_NO_RULE, loc, "rule", name,
		              "Rule has 'enabled' key but no rule by that name already exists");
		return FC_ERULES;
	}
	prev->enabled = enabled;
	return FC_OK;
}

/* ---- list expansion ---- */

typedef struct expander {
	fci_lctx *c;
	fci_ruledoc *d;
	uint8_t *state; /* per list position: 0 todo, 1 in progress, 2 done */
	fci_strmap pos; /* list pointer -> position + 1 (keyed by name) */
} expander;

static size_t list_pos(expander *x, const fci_list *l)
{
	return (size_t)(uintptr_t)fci_strmap_get(&x->pos, l->name, strlen(l->name)) - 1;
}

static int expand(expander *x, fci_list *l, unsigned depth)
{
	size_t i, j, me = list_pos(x, l);
	fci_str *items = NULL;
	size_t n = 0, cap = 0;
	int rc = FC_OK;

	x->state[me] = 1;
	for (i = 0; i < l->n_raw_items; i++) {
		const fci_str *it = &l->raw_items[i];
		fci_list *ref = fci_strmap_get(&x->d->list_by_name, it->s, it->len);

		if (ref && ref->index < l->order) {
			size_t rp = list_pos(x, ref);

			if (x->state[rp] == 1 || depth >= FCI_MAX_LIST_DEPTH) {
				if (!l->loop_reported)
					fci_lctx_diag(
					        x->c, FC_SEV_ERROR, FC_D_LIST_LOOP,
					        fci_str_loc(it, 0, it->len), "list", l->name,
					        "list '%s' refers to list '%s', which refers back "
					        "to it (reference loop)",
					        l->name, ref->name);
				l->loop_reported = true;
				ref = NULL;
			} else if (x->state[rp] == 0) {
				rc = expand(x, ref, depth + 1);
				if (rc < 0)
					goto out;
			}
		} else {
			ref = NULL;
		}
		if (n + (ref ? ref->n_items : 1) > FCI_MAX_LIST_ITEMS) {
			fci_lctx_diag(x->c, FC_SEV_ERROR, FC_D_LIMIT, fci_str_loc(it, 0, it->len),
			              "list", l->name, "list '%s' expands to more than %u items",
			              l->name, FCI_MAX_LIST_ITEMS);
			break;
		}
		if (ref) {
			ref->used = true;
			for (j = 0; j < ref->n_items; j++) {
				if (FCI_PUSH(items, n, cap) < 0 ||
				    fci_str_copy(&items[n - 1], &ref->items[j]) < 0) {
					if (n && !items[n - 1].s)
						n--;
					rc = FC_ENOMEM;
					goto out;
				}
			}
			continue;
		}
		if (FCI_PUSH(items, n, cap) < 0 || fci_str_copy(&items[n - 1], it) < 0) {
			if (n && !items[n - 1].s)
				n--;
			rc = FC_ENOMEM;
			goto out;
		}
	}
out:
	for (j = 0; j < l->n_items; j++)
		fci_str_free(&l->items[j]);
	fci_free(l->items);
	l->items = items;
	l->n_items = n;
	l->cap_items = cap;
	x->state[me] = 2;
	return rc;
}

int fci_collect_finish(fci_lctx *c)
{
	expander x;
	size_t i;
	int rc = FC_OK;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.d = &c->eng->doc;
	if (x.d->n_lists == 0)
		return FC_OK;
	x.state = fci_calloc(x.d->n_lists, 1);
	if (!x.state)
		return FC_ENOMEM;
	fci_strmap_init(&x.pos);
	for (i = 0; i < x.d->n_lists && rc == FC_OK; i++)
		rc = fci_strmap_put(&x.pos, x.d->lists[i]->name, strlen(x.d->lists[i]->name),
		                    (void *)(uintptr_t)(i + 1));
	for (i = 0; i < x.d->n_lists && rc == FC_OK; i++)
		if (x.state[i] == 0)
			rc = expand(&x, x.d->lists[i], 0);
	fci_strmap_free(&x.pos);
	fci_free(x.state);
	return rc;
}
