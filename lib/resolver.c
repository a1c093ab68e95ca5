/* SPDX-License-Identifier: Apache-2.0 */
/* AST -> bound AST: macro references become (macro, source) instances with
 * their own subprogram, list names are expanded as typed values (never by
 * pasting text), every field is looked up in the rule's source, operators
 * are checked against field types, constants are converted once and pooled
 * (hash sets, network lists, pmatch sets, PCRE2 code), and the index field's
 * tests are turned into event-code sets. */
#include "compile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ERR(cc, code, s, l, ...) fci_cc_diag(cc, FC_SEV_ERROR, code, s, l, __VA_ARGS__)

static const fci_source *cur_src(const fci_cc *cc)
{
	return &cc->eng->sources[cc->source];
}

int fci_cc_key(fci_cc *cc, const char *key, size_t len, const char **out)
{
	char *k = fci_strndup(key, len);

	if (!k || FCI_PUSH(cc->keys, cc->n_keys, cc->cap_keys) < 0) {
		fci_free(k);
		cc->oom = true;
		return FC_ENOMEM;
	}
	cc->keys[cc->n_keys - 1] = k;
	*out = k;
	return FC_OK;
}

/* ---- pools ---- */

static int push_const(fci_cc *cc, const fc_value *v)
{
	fc_ruleset *rs = cc->rs;

	if (FCI_PUSH(rs->consts, rs->n_consts, rs->cap_consts) < 0) {
		cc->oom = true;
		return FC_ENOMEM;
	}
	rs->consts[rs->n_consts - 1] = *v;
	return (int)(rs->n_consts - 1);
}

static char *rs_strndup(fci_cc *cc, const char *s, size_t n)
{
	char *d = fci_arena_strndup(&cc->rs->arena, s, n);

	if (!d)
		cc->oom = true;
	return d;
}

static bool is_str_type(fc_type t)
{
	return t == FC_TYPE_STRING || t == FC_TYPE_FSPATH || t == FC_TYPE_BYTES;
}

static bool is_u64_type(fc_type t)
{
	return t == FC_TYPE_UINT64 || t == FC_TYPE_PORT || t == FC_TYPE_RELTIME ||
	       t == FC_TYPE_ABSTIME;
}

static bool is_ip_type(fc_type t)
{
	return t == FC_TYPE_IPADDR || t == FC_TYPE_IPNET;
}

static bool is_num_type(fc_type t)
{
	return is_u64_type(t) || t == FC_TYPE_INT64 || t == FC_TYPE_DOUBLE;
}

static int class_of(fc_type t)
{
	if (is_str_type(t))
		return 1;
	if (is_u64_type(t))
		return 2;
	if (is_ip_type(t))
		return 3;
	return 10 + (int)t;
}

/* ---- slots ---- */

static int find_or_add_slot(fci_cc *cc, const char *text, size_t tlen, const fci_slot *proto)
{
	fc_ruleset *rs = cc->rs;
	fci_buf key;
	void *v;
	const char *k;
	fci_slot *s;

	fci_buf_init(&key);
	fci_buf_printf(&key, "%u|", proto->source);
	fci_buf_add(&key, text, tlen);
	if (key.oom) {
		fci_buf_free(&key);
		cc->oom = true;
		return FC_ENOMEM;
	}
	v = fci_strmap_get(&cc->slot_by_key, key.p, key.len);
	if (v) {
		fci_buf_free(&key);
		return (int)((uintptr_t)v - 1);
	}
	if (rs->n_slots >= 65535) {
		fci_buf_free(&key);
		return FC_ELIMIT;
	}
	if (fci_cc_key(cc, key.p, key.len, &k) < 0 ||
	    FCI_PUSH(rs->slots, rs->n_slots, rs->cap_slots) < 0) {
		fci_buf_free(&key);
		cc->oom = true;
		return FC_ENOMEM;
	}
	fci_buf_free(&key);
	s = &rs->slots[rs->n_slots - 1];
	*s = *proto;
	s->text = rs_strndup(cc, text, tlen);
	if (!s->text ||
	    fci_strmap_put(&cc->slot_by_key, k, strlen(k), (void *)(uintptr_t)rs->n_slots) < 0) {
		cc->oom = true;
		return FC_ENOMEM;
	}
	return (int)(rs->n_slots - 1);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[128];

	if (lb >= FCI_ARRAY_LEN(row) || la >= 128)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0], tmp;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static void unknown_field(fci_cc *cc, const fci_fexpr *f, bool output)
{
	const fci_source *src = cur_src(cc);
	const char *best = NULL;
	size_t bestd = (size_t)-1, i;

	ERR(cc, output ? FC_D_UNKNOWN_OUTPUT_FIELD : FC_D_UNKNOWN_FIELD, f->start, f->name_len,
	    "no source provides field '%s' (source '%s')", f->name, src->name);
	for (i = 0; i < src->ops.n_fields; i++) {
		size_t d = edit_distance(f->name, src->ops.fields[i].name);

		if (d < bestd) {
			bestd = d;
			best = src->ops.fields[i].name;
		}
	}
	if (best && bestd <= 2 + strlen(f->name) / 8)
		fci_cc_diag(cc, FC_SEV_NOTE,
		            output ? FC_D_UNKNOWN_OUTPUT_FIELD : FC_D_UNKNOWN_FIELD, f->start,
		            f->name_len, "did you mean '%s'?", best);
}

static int resolve_field(fci_cc *cc, fci_fexpr *f, bool output)
{
	const fci_source *src = cur_src(cc);
	void *v = fci_strmap_get(&src->field_by_name, f->name, f->name_len);
	const fc_field_def *def;
	fci_slot s;
	uint32_t idx;
	const char *arg = f->has_arg ? f->arg : NULL;
	uint32_t arg_len = f->has_arg ? f->arg_len : 0;
	uint32_t arg_start = f->arg_start, arg_span = f->arg_span;
	bool has_arg = f->has_arg;
	fci_buf text;
	int slot;

	if (!v) {
		/* dotted argument form: evt.arg.name -> evt.arg + "name" */
		uint32_t p;

		for (p = f->name_len; p-- > 1;) {
			if (f->name[p] != '.')
				continue;
			v = fci_strmap_get(&src->field_by_name, f->name, p);
			if (v && (src->ops.fields[(uintptr_t)v - 1].flags & FC_FIELD_ARG_DOTTED)) {
				if (f->has_arg) {
					ERR(cc, FC_D_BAD_FIELD_ARG, f->start, f->len,
					    "field '%s' has two arguments", f->name);
					return FC_EINVAL;
				}
				has_arg = true;
				arg = f->name + p + 1;
				arg_len = f->name_len - p - 1;
				arg_start = f->start + p + 1;
				arg_span = arg_len;
				break;
			}
			v = NULL;
		}
	}
	if (!v) {
		unknown_field(cc, f, output);
		return FC_ENOENT;
	}
	idx = (uint32_t)((uintptr_t)v - 1);
	def = &src->ops.fields[idx];
	memset(&s, 0, sizeof(s));
	s.kind = FCI_SLOT_FIELD;
	s.source = cc->source;
	s.type = def->type;
	s.is_list = (def->flags & FC_FIELD_LIST) != 0;
	s.ref.field = idx;
	s.ref.index = -1;
	if (has_arg) {
		const uint32_t takes = FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_ALLOWED |
		                       FC_FIELD_ARG_INDEX | FC_FIELD_ARG_KEY | FC_FIELD_ARG_DOTTED;

		if (!(def->flags & takes)) {
			ERR(cc, FC_D_BAD_FIELD_ARG, arg_start, arg_span,
			    "field '%s' does not take an argument", def->name);
			return FC_EINVAL;
		}
		s.ref.has_arg = true;
		s.ref.arg = rs_strndup(cc, arg, arg_len);
		s.ref.arg_len = arg_len;
		if (!s.ref.arg)
			return FC_ENOMEM;
		if (def->flags & FC_FIELD_ARG_INDEX) {
			char *end;
			long long n;

			errno = 0;
			n = strtoll(s.ref.arg, &end, 10);
			if (arg_len && *end == '\0' && errno == 0 && n >= 0) {
				s.ref.index = n;
			} else if (!(def->flags & FC_FIELD_ARG_KEY)) {
				ERR(cc, FC_D_BAD_FIELD_ARG, arg_start, arg_span,
				    "field '%s' needs a numeric index argument, not '%s'",
				    def->name, s.ref.arg);
				return FC_EINVAL;
			}
		}
		/* an indexed element of a list field is a single value */
		if (s.ref.index >= 0)
			s.is_list = false;
	} else if (def->flags & FC_FIELD_ARG_REQUIRED) {
		ERR(cc, FC_D_BAD_FIELD_ARG, f->start, f->len, "field '%s' requires an argument",
		    def->name);
		return FC_EINVAL;
	}
	if (src->ops.resolve) {
		char err[160] = "";

		if (src->ops.resolve(src->ops.ctx, &s.ref, err, sizeof(err)) < 0) {
			ERR(cc, FC_D_BAD_FIELD_ARG, has_arg ? arg_start : f->start,
			    has_arg ? arg_span : f->len, "%s",
			    err[0] ? err : "invalid field argument");
			return FC_EINVAL;
		}
	}
	if (def->flags & FC_FIELD_DEPRECATED)
		fci_cc_diag(cc, FC_SEV_WARNING, FC_D_DEPRECATED, f->start, f->len,
		            "field '%s' is deprecated", def->name);
	fci_buf_init(&text);
	fci_fexpr_text(f, &text);
	if (text.oom) {
		fci_buf_free(&text);
		return FC_ENOMEM;
	}
	slot = find_or_add_slot(cc, text.p, text.len, &s);
	fci_buf_free(&text);
	if (slot < 0)
		return slot;
	f->slot = slot;
	f->type = s.type;
	f->is_list = s.is_list;
	return FC_OK;
}

static const char *const xf_names[] = {"tolower", "toupper", "b64",   "basename",
                                       "len",     "join",    "concat"};

int fci_resolve_fexpr(fci_cc *cc, fci_fexpr *f, bool output)
{
	fci_slot s;
	fci_buf text;
	uint32_t i, x;
	int rc = FC_OK, slot;

	if (f->kind == FCI_FX_FIELD)
		return resolve_field(cc, f, output);
	memset(&s, 0, sizeof(s));
	s.source = cc->source;
	if (f->kind == FCI_FX_LIT) {
		s.kind = FCI_SLOT_LIT;
		s.type = FC_TYPE_STRING;
		s.lit.type = FC_TYPE_STRING;
		s.lit.u.str.ptr = rs_strndup(cc, f->arg, f->arg_len);
		s.lit.u.str.len = f->arg_len;
		if (!s.lit.u.str.ptr)
			return FC_ENOMEM;
		goto add;
	}
	for (x = 0; x < FCI_ARRAY_LEN(xf_names); x++)
		if (strcmp(f->name, xf_names[x]) == 0)
			break;
	if (x == FCI_ARRAY_LEN(xf_names)) {
		ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->name_len,
		    strcmp(f->name, "val") == 0
		            ? "'val' can only be used on the right-hand side of a comparison"
		            : "transformer '%s' is not supported",
		    f->name);
		return FC_EINVAL;
	}
	s.kind = FCI_SLOT_XFORM;
	s.xform = (fci_xform)x;
	s.args = fci_arena_alloc(&cc->rs->arena, (f->n_args ? f->n_args : 1) * sizeof(uint32_t));
	s.n_args = f->n_args;
	if (!s.args)
		return FC_ENOMEM;
	for (i = 0; i < f->n_args; i++) {
		int r = fci_resolve_fexpr(cc, f->args[i], output);

		if (r < 0) {
			rc = r;
			continue;
		}
		s.args[i] = (uint32_t)f->args[i]->slot;
	}
	if (rc < 0)
		return rc;
	switch (s.xform) {
	case FCI_XF_TOLOWER:
	case FCI_XF_TOUPPER:
	case FCI_XF_B64:
	case FCI_XF_BASENAME:
	case FCI_XF_LEN:
		if (f->n_args != 1 || f->args[0]->kind == FCI_FX_LIT) {
			ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->len,
			    "transformer '%s' takes exactly one field", f->name);
			rc = FC_EINVAL;
			break;
		}
		if (s.xform == FCI_XF_LEN) {
			if (!is_str_type(f->args[0]->type) && !f->args[0]->is_list) {
				ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->len,
				    "transformer 'len' needs a string, buffer or list field, not "
				    "%s",
				    fc_type_name(f->args[0]->type));
				rc = FC_EINVAL;
			}
			s.type = FC_TYPE_UINT64;
			break;
		}
		if (!is_str_type(f->args[0]->type)) {
			ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->len,
			    "transformer '%s' needs a string field, not %s", f->name,
			    fc_type_name(f->args[0]->type));
			rc = FC_EINVAL;
		}
		s.type = f->args[0]->type == FC_TYPE_BYTES ? FC_TYPE_BYTES : FC_TYPE_STRING;
		s.is_list = f->args[0]->is_list;
		break;
	case FCI_XF_JOIN:
		if (f->n_args != 2 || f->args[0]->kind != FCI_FX_LIT || !f->args[1]->is_list) {
			ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->len,
			    "transformer 'join' takes a separator string and a list field");
			rc = FC_EINVAL;
		}
		s.type = FC_TYPE_STRING;
		break;
	case FCI_XF_CONCAT:
		if (f->n_args < 2) {
			ERR(cc, FC_D_BAD_TRANSFORMER, f->start, f->len,
			    "transformer 'concat' takes at least two arguments");
			rc = FC_EINVAL;
		}
		for (i = 0; i < f->n_args; i++) {
			if (!is_str_type(f->args[i]->type) || f->args[i]->is_list) {
				ERR(cc, FC_D_BAD_TRANSFORMER, f->args[i]->start, f->args[i]->len,
				    "transformer 'concat' takes string arguments");
				rc = FC_EINVAL;
			}
		}
		s.type = FC_TYPE_STRING;
		break;
	}
	if (f->has_arg) {
		ERR(cc, FC_D_BAD_TRANSFORMER, f->arg_start, f->arg_span,
		    "transformer '%s' takes no [argument]", f->name);
		rc = FC_EINVAL;
	}
	if (rc < 0) {
		return rc;
	}
add:
	fci_buf_init(&text);
	fci_fexpr_text(f, &text);
	if (text.oom) {
		fci_buf_free(&text);
		return FC_ENOMEM;
	}
	slot = find_or_add_slot(cc, text.p, text.len, &s);
	fci_buf_free(&text);
	if (slot < 0)
		return slot;
	f->slot = slot;
	f->type = s.type;
	f->is_list = s.is_list;
	return FC_OK;
}

/* ---- values ---- */

typedef struct vlist {
	fci_aval *v;
	size_t n, cap;
} vlist;

static fci_list *find_list(fci_cc *cc, const char *name, size_t len)
{
	return fci_strmap_get(&cc->eng->doc.list_by_name, name, len);
}

/* Appends a value, expanding a bare word that names a list. */
static int gather(fci_cc *cc, vlist *out, const fci_aval *v, bool expand)
{
	fci_list *l = expand && !v->quoted ? find_list(cc, v->s, v->len) : NULL;
	size_t i;

	if (!l) {
		if (FCI_PUSH(out->v, out->n, out->cap) < 0)
			return FC_ENOMEM;
		out->v[out->n - 1] = *v;
		return FC_OK;
	}
	l->used = true;
	for (i = 0; i < l->n_items; i++) {
		fci_aval *d;

		if (FCI_PUSH(out->v, out->n, out->cap) < 0)
			return FC_ENOMEM;
		d = &out->v[out->n - 1];
		*d = *v;
		d->s = l->items[i].s;
		d->len = l->items[i].len;
		d->quoted = true;
		d->from_list = true;
		/* an item written with quotes (`'"10.0.0.0/8"'`) is a quoted value,
		 * as Falco's textual list expansion makes it */
		if (d->len >= 2 && (d->s[0] == '"' || d->s[0] == '\'') &&
		    d->s[d->len - 1] == d->s[0]) {
			char *u = fci_arena_alloc(&cc->arena, d->len);
			char err[120];
			uint32_t bad, ulen;

			if (!u)
				return FC_ENOMEM;
			if (fci_unescape(d->s + 1, d->len - 2, d->s[0], u, &ulen, err, sizeof(err),
			                 &bad) == FC_OK) {
				d->s = u;
				d->len = ulen;
			}
		}
	}
	return FC_OK;
}

static int hexdecode(const char *s, uint32_t n, char *dst)
{
	uint32_t i;

	if (n % 2)
		return -1;
	for (i = 0; i < n; i += 2) {
		int h = 0, l = 0, k;

		for (k = 0; k < 2; k++) {
			char c = s[i + k];
			int d = (c >= '0' && c <= '9')   ? c - '0'
			        : (c >= 'a' && c <= 'f') ? c - 'a' + 10
			        : (c >= 'A' && c <= 'F') ? c - 'A' + 10
			                                 : -1;

			if (d < 0)
				return -1;
			if (k == 0)
				h = d;
			else
				l = d;
		}
		dst[i / 2] = (char)(h * 16 + l);
	}
	return (int)(n / 2);
}

/* Converts a written value to a constant of type t. */
static int conv(fci_cc *cc, fc_type t, const fci_aval *a, bool hex, bool allow_net, fc_value *out)
{
	char *end;

	memset(out, 0, sizeof(*out));
	out->type = t;
	if (is_str_type(t)) {
		if (hex) {
			char *d = fci_arena_alloc(&cc->rs->arena, a->len / 2 + 1);
			int n;

			if (!d)
				return FC_ENOMEM;
			n = hexdecode(a->s, a->len, d);
			if (n < 0) {
				ERR(cc, FC_D_BAD_VALUE, a->start, a->span,
				    "'%s' is not a valid hex string", a->s);
				return FC_EINVAL;
			}
			out->u.str.ptr = d;
			out->u.str.len = (size_t)n;
			return FC_OK;
		}
		out->u.str.ptr = rs_strndup(cc, a->s, a->len);
		out->u.str.len = a->len;
		return out->u.str.ptr ? FC_OK : FC_ENOMEM;
	}
	errno = 0;
	switch (t) {
	case FC_TYPE_BOOL:
		if (strcasecmp(a->s, "true") == 0 || strcmp(a->s, "1") == 0)
			out->u.b = true;
		else if (strcasecmp(a->s, "false") == 0 || strcmp(a->s, "0") == 0)
			out->u.b = false;
		else
			goto bad;
		return FC_OK;
	case FC_TYPE_INT64:
		out->u.i64 = strtoll(a->s, &end, 0);
		if (!a->len || *end || errno)
			goto bad;
		return FC_OK;
	case FC_TYPE_UINT64:
	case FC_TYPE_PORT:
	case FC_TYPE_RELTIME:
	case FC_TYPE_ABSTIME:
		if (a->s[0] == '-')
			goto bad;
		out->u.u64 = strtoull(a->s, &end, 0);
		if (!a->len || *end || errno)
			goto bad;
		if (t == FC_TYPE_PORT && out->u.u64 > 65535)
			goto bad;
		return FC_OK;
	case FC_TYPE_DOUBLE:
		out->u.f64 = strtod(a->s, &end);
		if (!a->len || *end || errno || isnan(out->u.f64))
			goto bad;
		return FC_OK;
	case FC_TYPE_IPADDR:
	case FC_TYPE_IPNET:
		if (fci_parse_ip(a->s, a->len, allow_net || t == FC_TYPE_IPNET, &out->u.ip) < 0)
			goto bad;
		if (memchr(a->s, '/', a->len))
			out->type = FC_TYPE_IPNET;
		else
			out->type = FC_TYPE_IPADDR;
		return FC_OK;
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_BYTES:
	case FC_TYPE_NONE:
		break;
	}
bad:
	ERR(cc, FC_D_BAD_VALUE, a->start, a->span, "'%s' is not a valid %s value", a->s,
	    fc_type_name(t));
	return FC_EINVAL;
}

static int new_set(fci_cc *cc, bool numeric)
{
	fc_ruleset *rs = cc->rs;
	fci_set *s;

	if (FCI_PUSH(rs->sets, rs->n_sets, rs->cap_sets) < 0)
		return FC_ENOMEM;
	s = &rs->sets[rs->n_sets - 1];
	memset(s, 0, sizeof(*s));
	fci_strmap_init(&s->map);
	s->numeric = numeric;
	s->min_len = UINT32_MAX;
	return (int)(rs->n_sets - 1);
}

static int set_add(fci_cc *cc, fci_set *s, const fc_value *v)
{
	const char *key;
	size_t klen;

	if (s->numeric) {
		uint64_t k = v->type == FC_TYPE_BOOL ? (uint64_t)v->u.b : v->u.u64;
		char *d = fci_arena_alloc(&cc->rs->arena, 8);

		if (v->type == FC_TYPE_DOUBLE)
			memcpy(&k, &v->u.f64, 8);
		if (!d)
			return FC_ENOMEM;
		memcpy(d, &k, 8);
		key = d;
		klen = 8;
	} else {
		key = v->u.str.ptr;
		klen = v->u.str.len;
		if (klen < s->min_len)
			s->min_len = (uint32_t)klen;
		if (klen > s->max_len)
			s->max_len = (uint32_t)klen;
	}
	if (fci_strmap_get(&s->map, key, klen))
		return FC_OK;
	s->n++;
	return fci_strmap_put(&s->map, key, klen, (void *)1);
}

static int new_nets(fci_cc *cc, const fc_value *v, size_t n)
{
	fc_ruleset *rs = cc->rs;
	fci_netlist *nl;
	size_t i;

	if (FCI_PUSH(rs->nets, rs->n_nets, rs->cap_nets) < 0)
		return FC_ENOMEM;
	nl = &rs->nets[rs->n_nets - 1];
	nl->n = (uint32_t)n;
	nl->v = fci_arena_alloc(&rs->arena, (n ? n : 1) * sizeof(fc_ip));
	if (!nl->v)
		return FC_ENOMEM;
	for (i = 0; i < n; i++)
		nl->v[i] = v[i].u.ip;
	return (int)(rs->n_nets - 1);
}

static int new_pmset(fci_cc *cc, const fc_value *v, size_t n)
{
	fc_ruleset *rs = cc->rs;
	fci_pmset *p;
	size_t i;

	if (FCI_PUSH(rs->pms, rs->n_pms, rs->cap_pms) < 0)
		return FC_ENOMEM;
	p = &rs->pms[rs->n_pms - 1];
	memset(p, 0, sizeof(*p));
	fci_strmap_init(&p->map);
	for (i = 0; i < n; i++) {
		char *d = fci_arena_alloc(&rs->arena, v[i].u.str.len + 1);
		int len;

		if (!d)
			return FC_ENOMEM;
		len = fci_path_norm(v[i].u.str.ptr, v[i].u.str.len, d, v[i].u.str.len + 1);
		if (len < 0)
			continue;
		p->n++;
		if (len == 0) {
			p->any_path = true;
			continue;
		}
		if (fci_strmap_put(&p->map, d, (size_t)len, (void *)1) < 0)
			return FC_ENOMEM;
	}
	return (int)(rs->n_pms - 1);
}

static int new_regex(fci_cc *cc, const fci_aval *a)
{
	fc_ruleset *rs = cc->rs;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;
	fci_regex *re;

	code = pcre2_compile((PCRE2_SPTR)a->s, a->len, PCRE2_ANCHORED | PCRE2_ENDANCHORED, &errcode,
	                     &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		ERR(cc, FC_D_BAD_REGEX,
		    a->from_list ? a->start : a->start + (a->quoted ? 1 : 0) + (uint32_t)erroff,
		    a->from_list ? a->span : 1, "invalid regular expression '%s': %s at offset %zu",
		    a->s, (const char *)msg, (size_t)erroff);
		return FC_EINVAL;
	}
	if (FCI_PUSH(rs->res, rs->n_res, rs->cap_res) < 0) {
		pcre2_code_free(code);
		return FC_ENOMEM;
	}
	re = &rs->res[rs->n_res - 1];
	re->code = code;
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	re->pattern = rs_strndup(cc, a->s, a->len);
	if (!re->pattern)
		return FC_ENOMEM;
	return (int)(rs->n_res - 1);
}

static int new_codeset(fci_cc *cc, const uint64_t *bits)
{
	fc_ruleset *rs = cc->rs;
	fci_codeset *c;
	size_t w = fci_codes_words(cc);

	if (FCI_PUSH(rs->codesets, rs->n_codesets, rs->cap_codesets) < 0)
		return FC_ENOMEM;
	c = &rs->codesets[rs->n_codesets - 1];
	c->n_codes = cur_src(cc)->ops.n_codes;
	c->w = fci_arena_alloc(&rs->arena, (w ? w : 1) * 8);
	if (!c->w)
		return FC_ENOMEM;
	memcpy(c->w, bits, w * 8);
	return (int)(rs->n_codesets - 1);
}

/* ---- checks ---- */

static bool str_only_op(fci_cmpop op)
{
	switch (op) {
	case FCI_CMP_CONTAINS:
	case FCI_CMP_ICONTAINS:
	case FCI_CMP_BCONTAINS:
	case FCI_CMP_STARTSWITH:
	case FCI_CMP_BSTARTSWITH:
	case FCI_CMP_ENDSWITH:
	case FCI_CMP_GLOB:
	case FCI_CMP_IGLOB:
	case FCI_CMP_REGEX:
	case FCI_CMP_PMATCH:
		return true;
	default:
		return false;
	}
}

static uint8_t ck_of(fci_cmpop op)
{
	switch (op) {
	case FCI_CMP_NE:
		return FCI_CK_NE;
	case FCI_CMP_LT:
		return FCI_CK_LT;
	case FCI_CMP_LE:
		return FCI_CK_LE;
	case FCI_CMP_GT:
		return FCI_CK_GT;
	case FCI_CMP_GE:
		return FCI_CK_GE;
	default:
		return FCI_CK_EQ;
	}
}

/* The typed opcode of a scalar comparison; -1 when not applicable. */
static int scalar_op(fc_type t, fci_cmpop op, uint8_t *flags)
{
	*flags = ck_of(op);
	switch (op) {
	case FCI_CMP_EQ:
	case FCI_CMP_NE:
	case FCI_CMP_LT:
	case FCI_CMP_LE:
	case FCI_CMP_GT:
	case FCI_CMP_GE:
		if (is_str_type(t))
			return FCI_OP_JCMP_STR;
		if (is_u64_type(t))
			return FCI_OP_JCMP_U64;
		if (t == FC_TYPE_INT64)
			return FCI_OP_JCMP_I64;
		if (t == FC_TYPE_DOUBLE)
			return FCI_OP_JCMP_F64;
		if (op != FCI_CMP_EQ && op != FCI_CMP_NE)
			return -1;
		if (t == FC_TYPE_BOOL)
			return FCI_OP_JCMP_BOOL;
		if (is_ip_type(t))
			return FCI_OP_JCMP_IP;
		return -1;
	case FCI_CMP_CONTAINS:
	case FCI_CMP_BCONTAINS:
		return is_str_type(t) ? FCI_OP_JCONTAINS : -1;
	case FCI_CMP_ICONTAINS:
		*flags = FCI_F_NOCASE;
		return is_str_type(t) ? FCI_OP_JCONTAINS : -1;
	case FCI_CMP_STARTSWITH:
	case FCI_CMP_BSTARTSWITH:
		*flags = 0;
		return is_str_type(t) ? FCI_OP_JSTARTS : -1;
	case FCI_CMP_ENDSWITH:
		*flags = 0;
		return is_str_type(t) ? FCI_OP_JENDS : -1;
	case FCI_CMP_GLOB:
		*flags = 0;
		return is_str_type(t) ? FCI_OP_JGLOB : -1;
	case FCI_CMP_IGLOB:
		*flags = FCI_F_NOCASE;
		return is_str_type(t) ? FCI_OP_JGLOB : -1;
	case FCI_CMP_REGEX:
		*flags = 0;
		return is_str_type(t) && t != FC_TYPE_BYTES ? FCI_OP_JREGEX : -1;
	default:
		return -1;
	}
}

static int bind_index(fci_cc *cc, fci_node *n, fci_bound *b, const vlist *vals)
{
	const fci_source *src = cur_src(cc);
	size_t w = fci_codes_words(cc), i;
	uint64_t *bits = fci_arena_alloc(&cc->arena, (w ? w : 1) * 8);
	int rc = FC_OK, k;

	if (!bits)
		return FC_ENOMEM;
	for (i = 0; i < vals->n; i++) {
		const fci_aval *a = &vals->v[i];
		uint32_t c;
		bool found = false;

		for (c = 0; c < src->ops.n_codes; c++) {
			const char *cn = src->ops.code_names ? src->ops.code_names[c] : NULL;

			if (cn && strlen(cn) == a->len && memcmp(cn, a->s, a->len) == 0) {
				bits[c >> 6] |= 1ull << (c & 63);
				found = true;
			}
		}
		if (!found) {
			ERR(cc, FC_D_UNKNOWN_EVTTYPE, a->start, a->span,
			    "unknown event type '%s' for source '%s'", a->s, src->name);
			rc = FC_ENOENT;
		}
	}
	if (rc < 0)
		return rc;
	k = new_codeset(cc, bits);
	if (k < 0)
		return k;
	b->op = FCI_OP_JCODE;
	b->k = (uint32_t)k;
	b->is_index = true;
	b->index_codes = bits;
	b->index_ne = n->op == FCI_CMP_NE;
	b->negate = b->index_ne;
	(void)n;
	return FC_OK;
}

static int resolve_check(fci_cc *cc, fci_node *n)
{
	fci_bound *b = fci_arena_alloc(&cc->arena, sizeof(*b));
	fci_fexpr *lhs = n->lhs;
	const fci_source *src = cur_src(cc);
	vlist vals = {0};
	fc_value *cv = NULL;
	fc_type t;
	int rc, opc;
	uint8_t flags = 0;
	size_t i;
	bool multi = n->op == FCI_CMP_IN || n->op == FCI_CMP_INTERSECTS ||
	             n->op == FCI_CMP_PMATCH || n->mod != FCI_MOD_NONE;

	if (!b)
		return FC_ENOMEM;
	b->lhs_slot = b->rhs_slot = -1;
	n->bound = b;
	rc = fci_resolve_fexpr(cc, lhs, false);
	if (rc < 0)
		return rc;
	b->lhs_slot = lhs->slot;
	t = (fc_type)lhs->type;
	if (n->op == FCI_CMP_EXISTS) {
		b->exists = true;
		return FC_OK;
	}
	if (n->mod != FCI_MOD_NONE && !(n->op == FCI_CMP_EQ || n->op == FCI_CMP_NE) &&
	    !is_str_type(t)) {
		ERR(cc, FC_D_BAD_OPERATOR, n->op_start, n->op_len,
		    "operator '%s %s' not supported for %s fields", fci_cmpop_name(n->op),
		    n->mod == FCI_MOD_ONEOF   ? "oneof"
		    : n->mod == FCI_MOD_ANYOF ? "anyof"
		                              : "allof",
		    fc_type_name(t));
		return FC_EINVAL;
	}
	if ((str_only_op(n->op) && !is_str_type(t)) ||
	    ((n->op == FCI_CMP_LT || n->op == FCI_CMP_LE || n->op == FCI_CMP_GT ||
	      n->op == FCI_CMP_GE) &&
	     !is_num_type(t) && !is_str_type(t)) ||
	    (n->op == FCI_CMP_REGEX && t == FC_TYPE_BYTES) ||
	    (n->op == FCI_CMP_PMATCH && t == FC_TYPE_BYTES) ||
	    (is_ip_type(t) && n->op != FCI_CMP_EQ && n->op != FCI_CMP_NE && n->op != FCI_CMP_IN &&
	     n->op != FCI_CMP_INTERSECTS)) {
		ERR(cc, FC_D_BAD_OPERATOR, n->op_start, n->op_len,
		    "'%s' operator not supported for %s field '%s'", fci_cmpop_name(n->op),
		    fc_type_name(t), lhs->name ? lhs->name : "");
		return FC_EINVAL;
	}

	/* field-to-field */
	if (n->rhs_kind == FCI_RHS_FIELD) {
		fci_fexpr *r = n->rhs;
		fci_cmpop op = n->op;

		if (op == FCI_CMP_REGEX || op == FCI_CMP_PMATCH || op == FCI_CMP_BCONTAINS ||
		    op == FCI_CMP_BSTARTSWITH) {
			ERR(cc, FC_D_BAD_OPERATOR, n->op_start, n->op_len,
			    "operator '%s' does not support right-hand side fields",
			    fci_cmpop_name(op));
			return FC_EINVAL;
		}
		if (t == FC_TYPE_IPNET) {
			ERR(cc, FC_D_BAD_OPERATOR, r->start, r->len,
			    "field type 'IPNET' does not support right-hand side fields");
			return FC_EINVAL;
		}
		if (r->kind == FCI_FX_XFORM && strcmp(r->name, "val") == 0)
			r = r->args[0];
		rc = fci_resolve_fexpr(cc, r, false);
		if (rc < 0)
			return rc;
		if (class_of((fc_type)r->type) != class_of(t)) {
			ERR(cc, FC_D_BAD_OPERATOR, n->rhs->start, n->rhs->len,
			    "cannot compare %s field with %s field", fc_type_name(t),
			    fc_type_name((fc_type)r->type));
			return FC_EINVAL;
		}
		if (op == FCI_CMP_IN || op == FCI_CMP_INTERSECTS)
			op = FCI_CMP_EQ;
		opc = scalar_op(t, op, &flags);
		if (opc < 0) {
			ERR(cc, FC_D_BAD_OPERATOR, n->op_start, n->op_len,
			    "'%s' operator not supported for %s fields", fci_cmpop_name(op),
			    fc_type_name(t));
			return FC_EINVAL;
		}
		b->op = (uint8_t)opc;
		b->flags = flags | FCI_F_RHSF;
		if ((flags & FCI_F_CKMASK) == FCI_CK_NE)
			b->flags |= FCI_F_ALL;
		b->rhs_slot = r->slot;
		return FC_OK;
	}

	/* constants: gather (expanding list names) */
	for (i = 0; i < n->n_vals; i++) {
		if (gather(cc, &vals, &n->vals[i], true) < 0) {
			fci_free(vals.v);
			return FC_ENOMEM;
		}
	}
	if (!multi && vals.n != 1) {
		ERR(cc, FC_D_BAD_VALUE, n->vals[0].start, n->vals[0].span,
		    "list '%s' has %zu items where one value is expected", n->vals[0].s, vals.n);
		fci_free(vals.v);
		return FC_EINVAL;
	}
	/* the index field: event-code sets */
	if (src->ops.index_field && lhs->kind == FCI_FX_FIELD && !lhs->has_arg &&
	    strcmp(lhs->name, src->ops.index_field) == 0 && n->mod == FCI_MOD_NONE &&
	    (n->op == FCI_CMP_EQ || n->op == FCI_CMP_NE || n->op == FCI_CMP_IN ||
	     n->op == FCI_CMP_INTERSECTS)) {
		rc = bind_index(cc, n, b, &vals);
		fci_free(vals.v);
		return rc;
	}
	cv = fci_calloc(vals.n ? vals.n : 1, sizeof(*cv));
	if (!cv) {
		fci_free(vals.v);
		return FC_ENOMEM;
	}
	for (i = 0; i < vals.n; i++) {
		int r;

		if (n->op == FCI_CMP_REGEX)
			continue;
		r = conv(cc, t, &vals.v[i],
		         n->op == FCI_CMP_BCONTAINS || n->op == FCI_CMP_BSTARTSWITH,
		         is_ip_type(t) && (n->op == FCI_CMP_IN || n->op == FCI_CMP_INTERSECTS ||
		                           vals.n == 1),
		         &cv[i]);
		if (r < 0)
			rc = r;
		if (t == FC_TYPE_IPNET && r == 0 && n->op != FCI_CMP_EQ && n->op != FCI_CMP_NE)
			cv[i].type = FC_TYPE_IPNET;
	}
	if (rc < 0)
		goto out;

	if (n->op == FCI_CMP_IN || n->op == FCI_CMP_INTERSECTS ||
	    (n->op == FCI_CMP_EQ && n->mod == FCI_MOD_ANYOF) ||
	    (n->op == FCI_CMP_NE && n->mod == FCI_MOD_ALLOF)) {
		int k;

		if (is_ip_type(t)) {
			for (i = 0; i < vals.n; i++) {
				if (cv[i].type == FC_TYPE_IPADDR)
					cv[i].u.ip.prefix = cv[i].u.ip.family == 4 ? 32 : 128;
			}
			k = new_nets(cc, cv, vals.n);
			b->op = FCI_OP_JIN_NET;
		} else {
			k = new_set(cc, !is_str_type(t));
			for (i = 0; k >= 0 && i < vals.n; i++)
				if (set_add(cc, &cc->rs->sets[k], &cv[i]) < 0)
					k = FC_ENOMEM;
			b->op = FCI_OP_JIN_SET;
		}
		if (k < 0) {
			rc = k;
			goto out;
		}
		b->k = (uint32_t)k;
		if (lhs->is_list && n->op == FCI_CMP_IN)
			b->flags |= FCI_F_ALL;
		b->negate = n->op == FCI_CMP_NE;
		goto out;
	}
	if (n->op == FCI_CMP_PMATCH) {
		int k = new_pmset(cc, cv, vals.n);

		if (k < 0) {
			rc = k;
			goto out;
		}
		b->op = FCI_OP_JPMATCH;
		b->k = (uint32_t)k;
		goto out;
	}
	opc = scalar_op(t, n->op, &flags);
	if (opc < 0) {
		ERR(cc, FC_D_BAD_OPERATOR, n->op_start, n->op_len,
		    "'%s' operator not supported for %s fields", fci_cmpop_name(n->op),
		    fc_type_name(t));
		rc = FC_EINVAL;
		goto out;
	}
	b->op = (uint8_t)opc;
	b->flags = flags;
	/* several values (a list field, ancestors): `!=` holds when no element
	 * is equal, like libs' "either" fields (fd.ip != x) */
	if ((flags & FCI_F_CKMASK) == FCI_CK_NE && opc != FCI_OP_JREGEX)
		b->flags |= FCI_F_ALL;
	if (n->mod != FCI_MOD_NONE) {
		fci_multi m = {.op = (uint8_t)opc, .flags = flags, .mode = (uint8_t)n->mod};
		fc_ruleset *rs = cc->rs;

		if (opc == FCI_OP_JREGEX) {
			m.first = (uint32_t)rs->n_res;
			for (i = 0; i < vals.n; i++) {
				int k = new_regex(cc, &vals.v[i]);

				if (k < 0)
					rc = k;
			}
		} else {
			m.first = (uint32_t)rs->n_consts;
			for (i = 0; i < vals.n; i++) {
				int k = push_const(cc, &cv[i]);

				if (k < 0)
					rc = k;
			}
		}
		if (rc < 0)
			goto out;
		m.n = (uint32_t)vals.n;
		if (FCI_PUSH(rs->multis, rs->n_multis, rs->cap_multis) < 0) {
			rc = FC_ENOMEM;
			goto out;
		}
		rs->multis[rs->n_multis - 1] = m;
		b->op = FCI_OP_JMULTI;
		b->flags = 0;
		b->k = (uint32_t)(rs->n_multis - 1);
		goto out;
	}
	if (opc == FCI_OP_JREGEX) {
		int k = new_regex(cc, &vals.v[0]);

		if (k < 0) {
			rc = k;
			goto out;
		}
		b->k = (uint32_t)k;
		goto out;
	}
	{
		int k = push_const(cc, &cv[0]);

		if (k < 0) {
			rc = k;
			goto out;
		}
		b->k = (uint32_t)k;
	}
out:
	fci_free(cv);
	fci_free(vals.v);
	return rc;
}

/* ---- macros ---- */

static int resolve_macro_ref(fci_cc *cc, fci_node *n)
{
	fci_macro *m = fci_strmap_get(&cc->eng->doc.macro_by_name, n->name, strlen(n->name));
	int k;

	if (!m || (cc->in_macro && m->index >= cc->order)) {
		ERR(cc, FC_D_UNDEFINED_MACRO, n->start, n->len,
		    "undefined macro '%s' used in filter", n->name);
		return FC_ENOENT;
	}
	m->used = true;
	k = fci_macro_instance(cc, m, n->start, n->len);
	if (k < 0)
		return k;
	n->macro = k;
	return FC_OK;
}

/* ---- `f = a or f = b` folding -------------------------------------------
 * In an `or`, adjacent checks `f = c` / `f in (c...)` on the same plain
 * field become one `f in (...)` check: one hash-set test instead of a chain
 * of comparisons (falco rules and sysdig-style filters often spell lists
 * out this way). Only where the meaning is the same: a plain field (no
 * transformer, no modifier, no argument-less list field, whose `in` means
 * "every element"), a string, path or number type, constant values, and no
 * bare `=` value that names a list (in an `in` it would be expanded). */
static bool foldable(fci_cc *cc, const fci_node *n)
{
	const fci_source *src = cur_src(cc);
	const fc_field_def *def;
	void *v;

	if (n->kind != FCI_N_CHECK || n->mod != FCI_MOD_NONE || !n->lhs ||
	    n->lhs->kind != FCI_FX_FIELD)
		return false;
	if (n->op == FCI_CMP_EQ) {
		if (n->rhs_kind != FCI_RHS_VALUE || n->n_vals != 1)
			return false;
		if (!n->vals[0].quoted && find_list(cc, n->vals[0].s, n->vals[0].len))
			return false;
	} else if (n->op != FCI_CMP_IN || n->rhs_kind != FCI_RHS_LIST) {
		return false;
	}
	v = fci_strmap_get(&src->field_by_name, n->lhs->name, n->lhs->name_len);
	if (!v)
		return false;
	def = &src->ops.fields[(uintptr_t)v - 1];
	if (def->flags & FC_FIELD_LIST)
		return false;
	switch (def->type) {
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_INT64:
	case FC_TYPE_UINT64:
	case FC_TYPE_PORT:
		return true;
	default:
		return false;
	}
}

static bool same_field(const fci_fexpr *a, const fci_fexpr *b)
{
	return a->name_len == b->name_len && memcmp(a->name, b->name, a->name_len) == 0 &&
	       a->has_arg == b->has_arg &&
	       (!a->has_arg ||
	        (a->arg_len == b->arg_len && memcmp(a->arg, b->arg, a->arg_len) == 0));
}

static int fold_or(fci_cc *cc, fci_node *n)
{
	uint32_t i = 0, out = 0;

	while (i < n->n_kids) {
		fci_node *first = n->kids[i];
		uint32_t j = i + 1, nv, k;
		fci_node *m;
		fci_aval *vals;

		if (foldable(cc, first))
			while (j < n->n_kids && foldable(cc, n->kids[j]) &&
			       same_field(first->lhs, n->kids[j]->lhs))
				j++;
		if (j - i < 2) {
			n->kids[out++] = n->kids[i++];
			continue;
		}
		for (nv = 0, k = i; k < j; k++)
			nv += n->kids[k]->n_vals;
		m = fci_arena_alloc(&cc->arena, sizeof(*m));
		vals = fci_arena_alloc(&cc->arena, nv * sizeof(*vals));
		if (!m || !vals)
			return FC_ENOMEM;
		*m = *first;
		for (nv = 0, k = i; k < j; k++) {
			memcpy(vals + nv, n->kids[k]->vals, n->kids[k]->n_vals * sizeof(*vals));
			nv += n->kids[k]->n_vals;
		}
		m->op = FCI_CMP_IN;
		m->rhs_kind = FCI_RHS_LIST;
		m->vals = vals;
		m->n_vals = nv;
		m->len = n->kids[j - 1]->start + n->kids[j - 1]->len - first->start;
		n->kids[out++] = m;
		i = j;
	}
	n->n_kids = out;
	return FC_OK;
}

int fci_resolve(fci_cc *cc, fci_node *n)
{
	int rc = FC_OK;
	uint32_t i;

	switch (n->kind) {
	case FCI_N_AND:
	case FCI_N_OR:
	case FCI_N_NOT:
		if (n->kind == FCI_N_OR && fold_or(cc, n) == FC_ENOMEM)
			return FC_ENOMEM;
		for (i = 0; i < n->n_kids; i++) {
			int r = fci_resolve(cc, n->kids[i]);

			if (r == FC_ENOMEM)
				return r;
			if (r < 0)
				rc = r;
		}
		return rc;
	case FCI_N_MACRO:
		return resolve_macro_ref(cc, n);
	case FCI_N_CHECK:
		return resolve_check(cc, n);
	case FCI_N_CONST:
		return FC_OK;
	}
	return FC_EINVAL;
}

/* Marks macros and lists referenced by a parsed macro body (first pass);
 * reports references to macros that are not defined before it. */
void fci_macro_refs(fci_cc *cc, fci_node *n, const fci_macro *self)
{
	uint32_t i;

	switch (n->kind) {
	case FCI_N_AND:
	case FCI_N_OR:
	case FCI_N_NOT:
		for (i = 0; i < n->n_kids; i++)
			fci_macro_refs(cc, n->kids[i], self);
		break;
	case FCI_N_MACRO: {
		fci_macro *m =
		        fci_strmap_get(&cc->eng->doc.macro_by_name, n->name, strlen(n->name));

		if (!m || m->index >= self->order) {
			ERR(cc, FC_D_UNDEFINED_MACRO, n->start, n->len,
			    "undefined macro '%s' used in filter", n->name);
			cc->failed = true;
		} else {
			m->used = true;
		}
		break;
	}
	case FCI_N_CHECK:
		for (i = 0; i < n->n_vals; i++) {
			fci_list *l = n->vals[i].quoted
			                      ? NULL
			                      : find_list(cc, n->vals[i].s, n->vals[i].len);

			if (l)
				l->used = true;
		}
		break;
	case FCI_N_CONST:
		break;
	}
}
