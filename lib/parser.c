/* SPDX-License-Identifier: Apache-2.0 */
/* Recursive-descent parser for the Falco condition language (libs grammar,
 * see doc in falco-features.md 2.1):
 *   Expr     ::= OrExpr
 *   OrExpr   ::= AndExpr ('or' (blank AndExpr | '(' Expr ')'))*
 *   AndExpr  ::= NotExpr ('and' (blank NotExpr | '(' Expr ')'))*
 *   NotExpr  ::= ('not' blank+)* ('not(' Expr ')' | Check)
 *   Check    ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
 * Every node keeps its byte span; errors carry the offset of the offending
 * token. Nodes live in the caller's arena. */
#include "ast.h"

#include <stdio.h>
#include <string.h>

typedef struct parser {
	fci_lexer lx;
	fci_arena *a;
	uint32_t depth, max_depth;
	fci_parse_error *err;
	bool failed;
} parser;

static const char *const xform_names[] = {"tolower", "toupper", "b64",    "basename",
                                          "len",     "join",    "concat", "getopt"};

const char *fci_cmpop_name(fci_cmpop op)
{
	static const char *const names[] = {
	        "none",      "exists",     "=",           "!=",         "<",
	        "<=",        ">",          ">=",          "contains",   "icontains",
	        "bcontains", "startswith", "bstartswith", "endswith",   "glob",
	        "iglob",     "regex",      "in",          "intersects", "pmatch"};

	if ((unsigned)op >= FCI_ARRAY_LEN(names))
		return "?";
	return names[op];
}

static void *fail_at(parser *p, uint32_t pos, uint32_t len, int code, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static void *fail_at(parser *p, uint32_t pos, uint32_t len, int code, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return NULL;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	p->err->pos = pos;
	p->err->len = len;
	p->err->code = code;
	return NULL;
}

/* Length of the token at the cursor, for the caret. */
static uint32_t tok_len(const parser *p)
{
	uint32_t n = fci_lex_peek_barestr(&p->lx);

	return n ? n : (p->lx.pos < p->lx.len ? 1 : 0);
}

static void *fail(parser *p, const char *msg)
{
	return fail_at(p, p->lx.pos, tok_len(p), FC_D_SYNTAX, "%s", msg);
}

static void *oom(parser *p)
{
	if (!p->failed) {
		p->failed = true;
		p->err->code = 0;
		snprintf(p->err->msg, sizeof(p->err->msg), "out of memory");
	}
	return NULL;
}

static bool enter(parser *p)
{
	if (++p->depth > p->max_depth) {
		fail_at(p, p->lx.pos, 1, FC_D_TOO_DEEP, "exceeded max depth limit of %u",
		        p->max_depth);
		return false;
	}
	return true;
}

static fci_node *new_node(parser *p, fci_node_kind k, uint32_t start)
{
	fci_node *n = fci_arena_alloc(p->a, sizeof(*n));

	if (!n)
		return oom(p);
	n->kind = k;
	n->start = start;
	n->macro = -1;
	return n;
}

static char *dup_text(parser *p, uint32_t start, uint32_t len)
{
	char *s = fci_arena_strndup(p->a, p->lx.s + start, len);

	if (!s)
		oom(p);
	return s;
}

/* Growable pointer vector, copied into the arena when done. */
typedef struct pvec {
	void **v;
	size_t n, cap;
} pvec;

static int pvec_push(pvec *pv, void *x)
{
	if (FCI_PUSH(pv->v, pv->n, pv->cap) < 0)
		return FC_ENOMEM;
	pv->v[pv->n - 1] = x;
	return FC_OK;
}

static void **pvec_finish(parser *p, pvec *pv)
{
	void **out = fci_arena_alloc(p->a, (pv->n ? pv->n : 1) * sizeof(void *));

	if (!out)
		oom(p);
	else if (pv->n)
		memcpy(out, pv->v, pv->n * sizeof(void *));
	fci_free(pv->v);
	pv->v = NULL;
	return out;
}

static fci_node *parse_or(parser *p);
static fci_fexpr *parse_xform_remainder(parser *p, uint32_t start, const char *name,
                                        uint32_t name_len);

static fci_node *embedded_remainder(parser *p)
{
	fci_node *n;

	if (!enter(p))
		return NULL;
	fci_lex_blank(&p->lx);
	n = parse_or(p);
	if (!n)
		return NULL;
	fci_lex_blank(&p->lx);
	if (!fci_lex_str(&p->lx, ")"))
		return fail(p, "expected a ')' token");
	p->depth--;
	return n;
}

/* Transformer name followed by '(' at the cursor: returns the index, or -1. */
static int peek_xform(parser *p, uint32_t *name_len)
{
	uint32_t n = fci_lex_peek_ident(&p->lx);
	size_t i;

	if (!n || p->lx.pos + n >= p->lx.len || p->lx.s[p->lx.pos + n] != '(')
		return -1;
	for (i = 0; i < FCI_ARRAY_LEN(xform_names); i++) {
		if (strlen(xform_names[i]) == n &&
		    memcmp(p->lx.s + p->lx.pos, xform_names[i], n) == 0) {
			*name_len = n;
			return (int)i;
		}
	}
	if (n == 3 && memcmp(p->lx.s + p->lx.pos, "val", 3) == 0) {
		*name_len = 3;
		return (int)FCI_ARRAY_LEN(xform_names);
	}
	return -1;
}

static bool field_arg(parser *p, fci_fexpr *f)
{
	if (!fci_lex_str(&p->lx, "["))
		return true;
	f->has_arg = true;
	f->arg_start = p->lx.pos;
	{
		int q = fci_lex_quoted(&p->lx, p->a, &f->arg, &f->arg_len);

		if (q < 0) {
			fail_at(p, p->lx.err_pos, 1,
			        p->lx.err_string ? FC_D_BAD_STRING : FC_D_SYNTAX, "%s", p->lx.err);
			return false;
		}
		if (q == 0) {
			uint32_t n = fci_lex_peek_argstr(&p->lx);

			if (!n) {
				fail(p, "expected a valid field argument: a quoted string or a "
				        "bare string");
				return false;
			}
			f->arg = dup_text(p, p->lx.pos, n);
			if (!f->arg)
				return false;
			f->arg_len = n;
			p->lx.pos += n;
		}
	}
	f->arg_span = p->lx.pos - f->arg_start;
	if (!fci_lex_str(&p->lx, "]")) {
		fail(p, "expected a ']' token");
		return false;
	}
	return true;
}

/* A field name (already peeked, n bytes) and its optional [arg]. */
static fci_fexpr *parse_field(parser *p, uint32_t n)
{
	fci_fexpr *f = fci_arena_alloc(p->a, sizeof(*f));

	if (!f)
		return oom(p);
	f->kind = FCI_FX_FIELD;
	f->slot = -1;
	f->start = p->lx.pos;
	f->name = dup_text(p, p->lx.pos, n);
	f->name_len = n;
	if (!f->name)
		return NULL;
	p->lx.pos += n;
	if (!field_arg(p, f))
		return NULL;
	f->len = p->lx.pos - f->start;
	return f;
}

/* One transformer argument: transformer | field | quoted string | number. */
static fci_fexpr *parse_xform_arg(parser *p)
{
	uint32_t nl, n, start;
	int q;
	fci_fexpr *f;

	fci_lex_blank(&p->lx);
	start = p->lx.pos;
	if (peek_xform(p, &nl) >= 0) {
		const char *name = p->lx.s + p->lx.pos;

		p->lx.pos += nl + 1;
		return parse_xform_remainder(p, start, name, nl);
	}
	n = fci_lex_peek_field(&p->lx);
	if (n)
		return parse_field(p, n);
	f = fci_arena_alloc(p->a, sizeof(*f));
	if (!f)
		return oom(p);
	f->kind = FCI_FX_LIT;
	f->slot = -1;
	f->start = start;
	q = fci_lex_quoted(&p->lx, p->a, &f->arg, &f->arg_len);
	if (q < 0)
		return fail_at(p, p->lx.err_pos, 1,
		               p->lx.err_string ? FC_D_BAD_STRING : FC_D_SYNTAX, "%s", p->lx.err);
	if (q == 0) {
		n = fci_lex_peek_number(&p->lx);
		if (!n)
			return fail(p, "expected a field, a nested transformer, a quoted string "
			               "or a number as transformer argument");
		f->arg = dup_text(p, p->lx.pos, n);
		if (!f->arg)
			return NULL;
		f->arg_len = n;
		p->lx.pos += n;
	}
	f->len = p->lx.pos - start;
	return f;
}

/* After "name(": arguments, ')' and an optional [arg]. */
static fci_fexpr *parse_xform_remainder(parser *p, uint32_t start, const char *name,
                                        uint32_t name_len)
{
	fci_fexpr *f;
	pvec args = {0};
	bool is_val = name_len == 3 && memcmp(name, "val", 3) == 0;

	if (!enter(p))
		return NULL;
	f = fci_arena_alloc(p->a, sizeof(*f));
	if (!f)
		return oom(p);
	f->kind = FCI_FX_XFORM;
	f->slot = -1;
	f->start = start;
	f->name = fci_arena_strndup(p->a, name, name_len);
	f->name_len = name_len;
	if (!f->name)
		return oom(p);
	for (;;) {
		fci_fexpr *arg;

		fci_lex_blank(&p->lx);
		if (is_val) {
			uint32_t n = fci_lex_peek_field(&p->lx);

			if (!n) {
				fci_free(args.v);
				return fail(p, "expected a field within 'val' transformer");
			}
			arg = parse_field(p, n);
		} else {
			arg = parse_xform_arg(p);
		}
		if (!arg) {
			fci_free(args.v);
			return NULL;
		}
		if (pvec_push(&args, arg) < 0) {
			fci_free(args.v);
			return oom(p);
		}
		fci_lex_blank(&p->lx);
		if (is_val || !fci_lex_str(&p->lx, ","))
			break;
	}
	f->n_args = (uint32_t)args.n;
	f->args = (fci_fexpr **)pvec_finish(p, &args);
	if (!f->args)
		return NULL;
	fci_lex_blank(&p->lx);
	if (!fci_lex_str(&p->lx, ")"))
		return fail(p, "expected a ')' token closing the transformer");
	if (!is_val && !field_arg(p, f))
		return NULL;
	f->len = p->lx.pos - start;
	p->depth--;
	return f;
}

/* transformer or val(...) at the cursor, or NULL (p->failed tells errors). */
static fci_fexpr *try_xform(parser *p)
{
	uint32_t nl, start = p->lx.pos;
	const char *name = p->lx.s + p->lx.pos;

	if (peek_xform(p, &nl) < 0)
		return NULL;
	p->lx.pos += nl + 1;
	return parse_xform_remainder(p, start, name, nl);
}

/* A quoted or bare string value. Returns 1, 0 (none here), -1 (error). */
static int parse_str_value(parser *p, fci_aval *v)
{
	int q;
	uint32_t n;

	v->start = p->lx.pos;
	q = fci_lex_quoted(&p->lx, p->a, &v->s, &v->len);
	if (q < 0) {
		fail_at(p, p->lx.err_pos, 1, p->lx.err_string ? FC_D_BAD_STRING : FC_D_SYNTAX, "%s",
		        p->lx.err);
		return -1;
	}
	if (q > 0) {
		v->quoted = true;
		v->span = p->lx.pos - v->start;
		return 1;
	}
	n = fci_lex_peek_barestr(&p->lx);
	if (!n)
		return 0;
	v->s = dup_text(p, p->lx.pos, n);
	if (!v->s)
		return -1;
	v->len = n;
	v->span = n;
	p->lx.pos += n;
	return 1;
}

static bool one_value(parser *p, fci_node *n)
{
	n->vals = fci_arena_alloc(p->a, sizeof(*n->vals));
	if (!n->vals) {
		oom(p);
		return false;
	}
	n->n_vals = 1;
	return true;
}

static bool parse_list_value(parser *p, fci_node *n)
{
	fci_lex_blank(&p->lx);
	if (fci_lex_str(&p->lx, "(")) {
		fci_aval *vals = NULL;
		size_t nv = 0, cap = 0;

		fci_lex_blank(&p->lx);
		if (!fci_lex_str(&p->lx, ")")) {
			for (;;) {
				fci_aval v = {0};
				int r = parse_str_value(p, &v);

				if (r <= 0) {
					fci_free(vals);
					if (r == 0)
						fail(p, "expected a string value");
					return false;
				}
				if (FCI_PUSH(vals, nv, cap) < 0) {
					fci_free(vals);
					oom(p);
					return false;
				}
				vals[nv - 1] = v;
				fci_lex_blank(&p->lx);
				if (fci_lex_str(&p->lx, ",")) {
					fci_lex_blank(&p->lx);
					continue;
				}
				if (fci_lex_str(&p->lx, ")"))
					break;
				fci_free(vals);
				fail(p, "expected a ',' or a ')' token");
				return false;
			}
		}
		n->rhs_kind = FCI_RHS_LIST;
		n->n_vals = (uint32_t)nv;
		n->vals = fci_arena_alloc(p->a, (nv ? nv : 1) * sizeof(*n->vals));
		if (!n->vals) {
			fci_free(vals);
			oom(p);
			return false;
		}
		if (nv)
			memcpy(n->vals, vals, nv * sizeof(*vals));
		fci_free(vals);
		return true;
	}
	n->rhs = try_xform(p);
	if (n->rhs) {
		n->rhs_kind = FCI_RHS_FIELD;
		return true;
	}
	if (p->failed)
		return false;
	{
		uint32_t len = fci_lex_peek_ident(&p->lx);

		if (!len) {
			fail(p, "expected a list, an identifier, or a field with a valid "
			        "transformer");
			return false;
		}
		if (!one_value(p, n))
			return false;
		n->rhs_kind = FCI_RHS_IDENT;
		n->vals[0].start = p->lx.pos;
		n->vals[0].span = len;
		n->vals[0].len = len;
		n->vals[0].s = dup_text(p, p->lx.pos, len);
		p->lx.pos += len;
		return n->vals[0].s != NULL;
	}
}

typedef struct opdef {
	const char *text;
	fci_cmpop op;
	int cls; /* 0 unary, 1 num, 2 str, 3 list */
	bool word;
} opdef;

static const opdef ops[] = {
        {"exists", FCI_CMP_EXISTS, 0, true},
        {"<=", FCI_CMP_LE, 1, false},
        {"<", FCI_CMP_LT, 1, false},
        {">=", FCI_CMP_GE, 1, false},
        {">", FCI_CMP_GT, 1, false},
        {"==", FCI_CMP_EQ, 2, false},
        {"=", FCI_CMP_EQ, 2, false},
        {"!=", FCI_CMP_NE, 2, false},
        {"glob", FCI_CMP_GLOB, 2, true},
        {"iglob", FCI_CMP_IGLOB, 2, true},
        {"contains", FCI_CMP_CONTAINS, 2, true},
        {"icontains", FCI_CMP_ICONTAINS, 2, true},
        {"bcontains", FCI_CMP_BCONTAINS, 2, true},
        {"startswith", FCI_CMP_STARTSWITH, 2, true},
        {"bstartswith", FCI_CMP_BSTARTSWITH, 2, true},
        {"endswith", FCI_CMP_ENDSWITH, 2, true},
        {"regex", FCI_CMP_REGEX, 2, true},
        {"intersects", FCI_CMP_INTERSECTS, 3, false},
        {"in", FCI_CMP_IN, 3, false},
        {"pmatch", FCI_CMP_PMATCH, 3, false},
};

static const opdef *lex_op(parser *p)
{
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(ops); i++) {
		const opdef *o = &ops[i];
		size_t n = strlen(o->text);
		uint32_t pos = p->lx.pos;

		if (pos + n > p->lx.len || memcmp(p->lx.s + pos, o->text, n) != 0)
			continue;
		if (o->word && o->cls == 2) {
			/* string word operators need a blank after them */
			char c = pos + n < p->lx.len ? p->lx.s[pos + n] : '\0';

			if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\b' ||
			      c == '\f' || c == '\v'))
				continue;
		} else if (o->cls == 0) {
			char c = pos + n < p->lx.len ? p->lx.s[pos + n] : '\0';

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '_')
				continue;
		}
		p->lx.pos += (uint32_t)n;
		return o;
	}
	return NULL;
}

static fci_node *parse_condition(parser *p, fci_fexpr *lhs, uint32_t start)
{
	fci_node *n = new_node(p, FCI_N_CHECK, start);
	const opdef *o;

	if (!n)
		return NULL;
	n->lhs = lhs;
	fci_lex_blank(&p->lx);
	n->op_start = p->lx.pos;
	o = lex_op(p);
	if (!o)
		return fail(p, "expected a valid check operator: one of 'exists', '<=', '<', "
		               "'>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', "
		               "'icontains', 'bcontains', 'startswith', 'bstartswith', "
		               "'endswith', 'regex', 'intersects', 'in', 'pmatch'");
	n->op = o->op;
	n->op_len = p->lx.pos - n->op_start;
	switch (o->cls) {
	case 0:
		n->rhs_kind = FCI_RHS_NONE;
		break;
	case 1:
		fci_lex_blank(&p->lx);
		n->rhs = try_xform(p);
		if (n->rhs) {
			n->rhs_kind = FCI_RHS_FIELD;
			break;
		}
		if (p->failed)
			return NULL;
		{
			uint32_t len = fci_lex_peek_number(&p->lx);

			if (!len)
				return fail(p, "expected a number value or a field with a valid "
				               "transformer");
			if (!one_value(p, n))
				return NULL;
			n->rhs_kind = FCI_RHS_VALUE;
			n->vals[0].start = p->lx.pos;
			n->vals[0].span = len;
			n->vals[0].len = len;
			n->vals[0].s = dup_text(p, p->lx.pos, len);
			if (!n->vals[0].s)
				return NULL;
			p->lx.pos += len;
		}
		break;
	case 2: {
		int r;

		fci_lex_blank(&p->lx);
		if (fci_lex_keyword(&p->lx, "oneof", true))
			n->mod = FCI_MOD_ONEOF;
		else if (fci_lex_keyword(&p->lx, "anyof", true))
			n->mod = FCI_MOD_ANYOF;
		else if (fci_lex_keyword(&p->lx, "allof", true))
			n->mod = FCI_MOD_ALLOF;
		if (n->mod != FCI_MOD_NONE) {
			n->op_len = p->lx.pos - n->op_start;
			if (!parse_list_value(p, n))
				return NULL;
			if (n->rhs_kind == FCI_RHS_FIELD)
				return fail_at(p, n->rhs->start, n->rhs->len, FC_D_SYNTAX,
				               "a comparator modifier needs a list of values");
			break;
		}
		n->rhs = try_xform(p);
		if (n->rhs) {
			n->rhs_kind = FCI_RHS_FIELD;
			break;
		}
		if (p->failed)
			return NULL;
		if (!one_value(p, n))
			return NULL;
		r = parse_str_value(p, &n->vals[0]);
		if (r < 0)
			return NULL;
		if (r == 0)
			return fail(p, "expected a string value or a field with a valid "
			               "transformer");
		n->rhs_kind = FCI_RHS_VALUE;
		break;
	}
	default:
		if (!parse_list_value(p, n))
			return NULL;
		break;
	}
	n->len = p->lx.pos - start;
	return n;
}

static fci_node *parse_check(parser *p)
{
	uint32_t start, n;
	fci_fexpr *f;

	if (!enter(p))
		return NULL;
	fci_lex_blank(&p->lx);
	start = p->lx.pos;
	if (fci_lex_str(&p->lx, "(")) {
		fci_node *r = embedded_remainder(p);

		p->depth--;
		return r;
	}
	n = fci_lex_peek_field(&p->lx);
	if (n) {
		f = parse_field(p, n);
		if (!f)
			return NULL;
		p->depth--;
		return parse_condition(p, f, start);
	}
	f = try_xform(p);
	if (f) {
		p->depth--;
		return parse_condition(p, f, start);
	}
	if (p->failed)
		return NULL;
	n = fci_lex_peek_ident(&p->lx);
	if (n) {
		fci_node *m = new_node(p, FCI_N_MACRO, start);

		if (!m)
			return NULL;
		m->name = dup_text(p, start, n);
		if (!m->name)
			return NULL;
		m->len = n;
		p->lx.pos += n;
		p->depth--;
		return m;
	}
	return fail(p, "expected a '(' token, a field check, or an identifier");
}

static fci_node *parse_not(parser *p)
{
	uint32_t start;
	bool neg = false;
	fci_node *child, *n;

	if (!enter(p))
		return NULL;
	fci_lex_blank(&p->lx);
	start = p->lx.pos;
	while (fci_lex_keyword(&p->lx, "not", false)) {
		fci_lex_blank(&p->lx);
		neg = !neg;
	}
	if (fci_lex_str(&p->lx, "not(")) {
		neg = !neg;
		child = embedded_remainder(p);
	} else {
		child = parse_check(p);
	}
	if (!child)
		return NULL;
	p->depth--;
	if (!neg)
		return child;
	n = new_node(p, FCI_N_NOT, start);
	if (!n)
		return NULL;
	n->kids = fci_arena_alloc(p->a, sizeof(*n->kids));
	if (!n->kids)
		return oom(p);
	n->kids[0] = child;
	n->n_kids = 1;
	n->len = p->lx.pos - start;
	return n;
}

/* and/or chains share this: kw is "and" or "or". */
static fci_node *parse_chain(parser *p, const char *kw, fci_node_kind kind,
                             fci_node *(*sub)(parser *))
{
	uint32_t start;
	pvec kids = {0};
	fci_node *first, *n;

	if (!enter(p))
		return NULL;
	fci_lex_blank(&p->lx);
	start = p->lx.pos;
	first = sub(p);
	if (!first)
		return NULL;
	fci_lex_blank(&p->lx);
	while (fci_lex_str(&p->lx, kw)) {
		fci_node *child;

		if (!kids.n && pvec_push(&kids, first) < 0)
			return oom(p);
		if (!fci_lex_blank(&p->lx)) {
			if (fci_lex_str(&p->lx, "(")) {
				child = embedded_remainder(p);
			} else {
				fci_free(kids.v);
				p->lx.pos -= (uint32_t)strlen(kw);
				return fail_at(p, p->lx.pos, (uint32_t)strlen(kw) + 1, FC_D_SYNTAX,
				               "expected blank or '(' after '%s'", kw);
			}
		} else {
			child = sub(p);
		}
		if (!child || pvec_push(&kids, child) < 0) {
			fci_free(kids.v);
			return child ? oom(p) : NULL;
		}
		fci_lex_blank(&p->lx);
	}
	p->depth--;
	if (!kids.n)
		return first;
	n = new_node(p, kind, start);
	if (!n) {
		fci_free(kids.v);
		return NULL;
	}
	n->n_kids = (uint32_t)kids.n;
	n->kids = (fci_node **)pvec_finish(p, &kids);
	if (!n->kids)
		return NULL;
	n->len = p->lx.pos - start;
	return n;
}

static fci_node *parse_and(parser *p)
{
	return parse_chain(p, "and", FCI_N_AND, parse_not);
}

static fci_node *parse_or(parser *p)
{
	return parse_chain(p, "or", FCI_N_OR, parse_and);
}

fci_node *fci_parse(fci_arena *a, const char *text, uint32_t len, uint32_t max_depth,
                    fci_parse_error *err)
{
	parser p;
	fci_node *root;

	memset(&p, 0, sizeof(p));
	memset(err, 0, sizeof(*err));
	fci_lex_init(&p.lx, text, len);
	p.a = a;
	p.err = err;
	p.max_depth = max_depth ? max_depth : 1000;
	{
		fci_lexer probe = p.lx;

		fci_lex_blank(&probe);
		if (probe.pos >= len) {
			fail_at(&p, 0, 0, FC_D_SYNTAX, "filter input string is empty");
			return NULL;
		}
	}
	root = parse_or(&p);
	if (!root)
		return NULL;
	if (p.lx.pos != len)
		return fail_at(&p, p.lx.pos, tok_len(&p), FC_D_SYNTAX,
		               "unexpected token '%.*s', expecting 'or', 'and'", (int)tok_len(&p),
		               text + p.lx.pos);
	return root;
}

uint32_t fci_parse_fexpr_prefix(fci_arena *a, const char *text, uint32_t len, fci_fexpr **out)
{
	parser p;
	fci_parse_error err;
	uint32_t n;

	memset(&p, 0, sizeof(p));
	fci_lex_init(&p.lx, text, len);
	p.a = a;
	p.err = &err;
	p.max_depth = 100;
	*out = try_xform(&p);
	if (*out)
		return p.lx.pos;
	if (p.failed)
		return 0;
	n = fci_lex_peek_field(&p.lx);
	if (!n)
		return 0;
	*out = parse_field(&p, n);
	return *out ? p.lx.pos : 0;
}
