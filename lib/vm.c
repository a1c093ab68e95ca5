/* SPDX-License-Identifier: Apache-2.0 */
/* The interpreter: runs verified programs. No allocation, no I/O. The only
 * recursion is a macro call (JMACRO), whose target always has a smaller
 * macro index than the caller (checked by the verifier), so the depth is
 * bounded by the number of macros. A list value (a list field, or a field
 * whose extractor returned several values, like ancestors) passes a test when
 * any element passes, or every element with FCI_F_ALL. Absent values never
 * reach a test: LDF takes jf. */
#include "ruleset_impl.h"

#include <string.h>
#include <strings.h>

#define K(rs, k) (&(rs)->consts[(k)])

static inline bool ck_cmp(uint8_t ck, int c)
{
	switch (ck & FCI_F_CKMASK) {
	case FCI_CK_EQ:
		return c == 0;
	case FCI_CK_NE:
		return c != 0;
	case FCI_CK_LT:
		return c < 0;
	case FCI_CK_LE:
		return c <= 0;
	case FCI_CK_GT:
		return c > 0;
	case FCI_CK_GE:
		return c >= 0;
	default:
		return false;
	}
}

static inline int cmp3(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static inline int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	int c = n ? memcmp(a, b, n) : 0;

	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl, bool nocase)
{
	size_t i;

	if (nl == 0)
		return h;
	if (nl > hl)
		return NULL;
	if (!nocase) {
		/* haystacks are short (names, command lines): memchr on the first
		 * byte beats memmem's per-call setup */
		const char *p = h, *end = h + (hl - nl) + 1;

		while ((p = memchr(p, n[0], (size_t)(end - p))) != NULL) {
			if (memcmp(p + 1, n + 1, nl - 1) == 0)
				return p;
			p++;
		}
		return NULL;
	}
	for (i = 0; i + nl <= hl; i++)
		if (strncasecmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

/* The set key of a scalar value. */
static inline bool set_has(const fci_set *s, const fc_value *a)
{
	if (s->numeric) {
		uint64_t key;

		switch (a->type) {
		case FC_TYPE_BOOL:
			key = a->u.b ? 1 : 0;
			break;
		case FC_TYPE_DOUBLE:
			memcpy(&key, &a->u.f64, sizeof(key));
			break;
		default:
			key = a->u.u64;
			break;
		}
		return fci_strmap_get(&s->map, (const char *)&key, sizeof(key)) != NULL;
	}
	if (a->u.str.len < s->min_len || a->u.str.len > s->max_len)
		return false;
	return fci_strmap_get(&s->map, a->u.str.ptr ? a->u.str.ptr : "", a->u.str.len) != NULL;
}

static bool test_scalar(fci_vm *vm, uint8_t op, uint8_t flags, uint32_t k, const fc_value *a,
                        const fc_value *b);

static bool test_multi(fci_vm *vm, const fci_multi *m, const fc_value *a)
{
	uint32_t i, hits = 0;

	for (i = 0; i < m->n; i++) {
		bool t;

		if (m->op == FCI_OP_JREGEX)
			t = test_scalar(vm, m->op, m->flags, m->first + i, a, NULL);
		else
			t = test_scalar(vm, m->op, m->flags, 0, a, K(vm->rs, m->first + i));
		if (t) {
			hits++;
			if (m->mode == 2 /* anyof */)
				return true;
			if (m->mode == 1 /* oneof */ && hits > 1)
				return false;
		} else if (m->mode == 3 /* allof */) {
			return false;
		}
	}
	switch (m->mode) {
	case 1:
		return hits == 1;
	case 2:
		return false;
	default:
		return true;
	}
}

static bool test_scalar(fci_vm *vm, uint8_t op, uint8_t flags, uint32_t k, const fc_value *a,
                        const fc_value *b)
{
	const fc_ruleset *rs = vm->rs;

	switch ((fci_op)op) {
	case FCI_OP_JCMP_U64:
		return ck_cmp(flags, cmp3(a->u.u64, b->u.u64));
	case FCI_OP_JCMP_I64:
		return ck_cmp(flags, a->u.i64 < b->u.i64 ? -1 : a->u.i64 > b->u.i64);
	case FCI_OP_JCMP_F64:
		return ck_cmp(flags, a->u.f64 < b->u.f64 ? -1 : a->u.f64 > b->u.f64);
	case FCI_OP_JCMP_BOOL:
		return ck_cmp(flags, (int)a->u.b - (int)b->u.b);
	case FCI_OP_JCMP_STR:
		if ((flags & FCI_F_CKMASK) <= FCI_CK_NE) {
			/* equality: lengths first */
			bool eq = a->u.str.len == b->u.str.len &&
			          (a->u.str.len == 0 ||
			           memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0);

			return (flags & FCI_F_CKMASK) == FCI_CK_EQ ? eq : !eq;
		}
		return ck_cmp(flags,
		              cmp_bytes(a->u.str.ptr, a->u.str.len, b->u.str.ptr, b->u.str.len));
	case FCI_OP_JCONTAINS:
		return find_bytes(a->u.str.ptr, a->u.str.len, b->u.str.ptr, b->u.str.len,
		                  flags & FCI_F_NOCASE) != NULL;
	case FCI_OP_JSTARTS:
		return a->u.str.len >= b->u.str.len &&
		       (b->u.str.len == 0 || memcmp(a->u.str.ptr, b->u.str.ptr, b->u.str.len) == 0);
	case FCI_OP_JENDS:
		return a->u.str.len >= b->u.str.len &&
		       (b->u.str.len == 0 || memcmp(a->u.str.ptr + a->u.str.len - b->u.str.len,
		                                    b->u.str.ptr, b->u.str.len) == 0);
	case FCI_OP_JGLOB:
		return fci_glob_match(b->u.str.ptr, b->u.str.len, a->u.str.ptr, a->u.str.len,
		                      flags & FCI_F_NOCASE);
	case FCI_OP_JREGEX: {
		const fci_regex *re = &rs->res[k];
		int r;

		if (!vm->md)
			return false;
#ifdef PCRE2_JIT_COMPLETE
		if (re->jit)
			r = pcre2_jit_match(re->code,
			                    (PCRE2_SPTR)(a->u.str.ptr ? a->u.str.ptr : ""),
			                    a->u.str.len, 0, 0, vm->md, vm->mctx);
		else
#endif
			r = pcre2_match(re->code, (PCRE2_SPTR)(a->u.str.ptr ? a->u.str.ptr : ""),
			                a->u.str.len, 0, 0, vm->md, vm->mctx);
		if (r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT ||
		    r == PCRE2_ERROR_HEAPLIMIT || r == PCRE2_ERROR_JIT_STACKLIMIT)
			vm->regex_limit++;
		return r >= 0;
	}
	case FCI_OP_JIN_SET:
		if (flags & FCI_F_RHSF)
			return test_scalar(vm, FCI_OP_JCMP_STR, FCI_CK_EQ, 0, a, b);
		return set_has(&rs->sets[k], a);
	case FCI_OP_JIN_NET: {
		const fci_netlist *nl = &rs->nets[k];
		uint32_t i;

		for (i = 0; i < nl->n; i++)
			if (fci_ip_in_net(&a->u.ip, &nl->v[i]))
				return true;
		return false;
	}
	case FCI_OP_JCMP_IP: {
		bool eq;

		if (b->type == FC_TYPE_IPNET)
			eq = fci_ip_in_net(&a->u.ip, &b->u.ip);
		else if (a->type == FC_TYPE_IPNET)
			eq = fci_ip_in_net(&b->u.ip, &a->u.ip);
		else
			eq = fci_ip_equal(&a->u.ip, &b->u.ip);
		return (flags & FCI_F_CKMASK) == FCI_CK_NE ? !eq : eq;
	}
	case FCI_OP_JPMATCH:
		return fci_pmset_match(&rs->pms[k], a->u.str.ptr, a->u.str.len);
	case FCI_OP_JMULTI:
		return test_multi(vm, &rs->multis[k], a);
	case FCI_OP_LDF:
	case FCI_OP_LDB:
	case FCI_OP_JCODE:
	case FCI_OP_JMACRO:
	case FCI_OP_JA:
	case FCI_OP_RET:
	case FCI_OP__COUNT:
		break;
	}
	return false;
}

/* A test op on A (scalar or list), against K[k] or B. */
static bool test_value(fci_vm *vm, const fci_insn *in, const fc_value *a, const fc_value *b)
{
	size_t i;

	if (!(in->flags & FCI_F_RHSF))
		b = (in->op == FCI_OP_JREGEX || in->op == FCI_OP_JIN_SET ||
		     in->op == FCI_OP_JIN_NET || in->op == FCI_OP_JPMATCH ||
		     in->op == FCI_OP_JMULTI)
		            ? NULL
		            : K(vm->rs, in->k);
	else if (b->is_list) {
		for (i = 0; i < b->u.list.n; i++)
			if (test_value(vm,
			               &(fci_insn){.op = in->op, .flags = in->flags, .k = in->k}, a,
			               &b->u.list.items[i]))
				return true;
		return false;
	}
	if (!a->is_list)
		return test_scalar(vm, in->op, in->flags, in->k, a, b);
	if (in->flags & FCI_F_ALL) {
		for (i = 0; i < a->u.list.n; i++)
			if (!test_scalar(vm, in->op, in->flags, in->k, &a->u.list.items[i], b))
				return false;
		return true;
	}
	for (i = 0; i < a->u.list.n; i++)
		if (test_scalar(vm, in->op, in->flags, in->k, &a->u.list.items[i], b))
			return true;
	return false;
}

#define FCI_DISPATCH(op) switch ((fci_op)(op))
#define FCI_CASE(name)   case FCI_OP_##name:

int fci_vm_run(fci_vm *vm, const fci_program *p)
{
	const fci_insn *pc = p->insns;
	const fc_value *A = NULL, *B = NULL;
#ifdef FC_PARANOID_VM
	const fci_insn *end = p->insns + p->n;
#endif

	for (;;) {
		const fci_insn *in = pc++;
		bool t;

#ifdef FC_PARANOID_VM
		if (in >= end)
			return FC_EINVAL;
#endif
		FCI_DISPATCH(in->op)
		{
			FCI_CASE(LDF)
			{
				const fci_cache_entry *e = &vm->cache[in->a];

				if (e->gen != vm->gen)
					e = vm->fill(vm, in->a);
				t = e->present;
				A = &e->v;
				break;
			}
			FCI_CASE(LDB)
			{
				const fci_cache_entry *e = &vm->cache[in->a];

				if (e->gen != vm->gen)
					e = vm->fill(vm, in->a);
				t = e->present;
				B = &e->v;
				break;
			}
			FCI_CASE(JCMP_U64)
			FCI_CASE(JCMP_I64)
			FCI_CASE(JCMP_F64)
			FCI_CASE(JCMP_BOOL)
			FCI_CASE(JCMP_STR)
			FCI_CASE(JCONTAINS)
			FCI_CASE(JSTARTS)
			FCI_CASE(JENDS)
			FCI_CASE(JGLOB)
			FCI_CASE(JREGEX)
			FCI_CASE(JIN_SET)
			FCI_CASE(JIN_NET)
			FCI_CASE(JCMP_IP)
			FCI_CASE(JPMATCH)
			FCI_CASE(JMULTI)
			if (!A->is_list && !(in->flags & FCI_F_RHSF) && in->op <= FCI_OP_JSTARTS)
				/* the common case, a scalar against a constant, without
				 * test_value()'s operand selection */
				t = test_scalar(vm, in->op, in->flags, in->k, A, K(vm->rs, in->k));
			else if (!A->is_list && !(in->flags & FCI_F_RHSF) &&
			         in->op == FCI_OP_JIN_SET)
				t = set_has(&vm->rs->sets[in->k], A);
			else
				t = test_value(vm, in, A, B);
			break;
			FCI_CASE(JCODE)
			t = fci_codeset_has(&vm->rs->codesets[in->k], vm->code);
			break;
			FCI_CASE(JMACRO)
			{
				int r = fci_vm_macro(vm, in->k);

				if (r < 0)
					return r;
				t = r != 0;
				break;
			}
			FCI_CASE(JA)
			pc += in->k;
			continue;
			FCI_CASE(RET)
			return (int)in->k;
		case FCI_OP__COUNT:
		default:
			return FC_EINVAL; /* unreachable after verification */
		}
		pc += t ? in->jt : in->jf;
	}
}

int fci_vm_macro(fci_vm *vm, uint32_t k)
{
	int r;

	if (vm->macro_gen[k] == vm->gen)
		return vm->macro_res[k];
	r = fci_vm_run(vm, &vm->rs->macros[k].prog);
	if (r < 0)
		return r;
	vm->macro_gen[k] = vm->gen;
	vm->macro_res[k] = (uint8_t)r;
	return r;
}
