/* SPDX-License-Identifier: Apache-2.0 */
/* Bound AST -> flat bytecode, libpcap style: every sub-expression leaves two
 * lists of unresolved exits (true, false); `and`/`or` backpatch one list to
 * the start of the next operand, `not` swaps the lists and costs nothing.
 * A leaf is LDF (absent -> false exit), an optional LDB, and one typed test.
 * At the end the true exits go to RET 1 and the false exits to RET 0. All
 * jumps are forward. */
#include "compile.h"

#include <string.h>

enum { P_JT, P_JF, P_K };

typedef struct patch {
	uint32_t insn;
	uint8_t which;
	int32_t next;
} patch;

typedef struct plist {
	int32_t head, tail;
} plist;

typedef struct blk {
	plist t, f;
} blk;

typedef struct gen {
	fci_cc *cc;
	fci_insn *v;
	size_t n, cap;
	patch *p;
	size_t np, capp;
	int err;
} gen;

static const plist empty = {-1, -1};

static int emit(gen *g, fci_insn in)
{
	if (g->n >= 65535) {
		g->err = FC_ELIMIT;
		return -1;
	}
	if (FCI_PUSH(g->v, g->n, g->cap) < 0) {
		g->err = FC_ENOMEM;
		return -1;
	}
	g->v[g->n - 1] = in;
	return (int)(g->n - 1);
}

static plist mk(gen *g, int insn, uint8_t which)
{
	if (insn < 0 || FCI_PUSH(g->p, g->np, g->capp) < 0) {
		if (!g->err)
			g->err = FC_ENOMEM;
		return empty;
	}
	g->p[g->np - 1] = (patch){(uint32_t)insn, which, -1};
	return (plist){(int32_t)(g->np - 1), (int32_t)(g->np - 1)};
}

static plist cat(gen *g, plist a, plist b)
{
	if (a.head < 0)
		return b;
	if (b.head < 0)
		return a;
	g->p[a.tail].next = b.head;
	return (plist){a.head, b.tail};
}

static void backpatch(gen *g, plist l, uint32_t target)
{
	int32_t i;

	for (i = l.head; i >= 0; i = g->p[i].next) {
		fci_insn *in = &g->v[g->p[i].insn];
		uint32_t off = target - (g->p[i].insn + 1);

		if (off > 65535) {
			g->err = FC_ELIMIT;
			return;
		}
		if (g->p[i].which == P_JT)
			in->jt = (uint16_t)off;
		else if (g->p[i].which == P_JF)
			in->jf = (uint16_t)off;
		else
			in->k = off;
	}
}

static blk gen_node(gen *g, const fci_node *n)
{
	blk b = {empty, empty};
	uint32_t i;

	if (g->err)
		return b;
	switch (n->kind) {
	case FCI_N_NOT: {
		blk k = gen_node(g, n->kids[0]);

		b.t = k.f;
		b.f = k.t;
		return b;
	}
	case FCI_N_AND:
	case FCI_N_OR: {
		bool is_and = n->kind == FCI_N_AND;

		b = gen_node(g, n->kids[0]);
		for (i = 1; i < n->n_kids; i++) {
			blk k;

			backpatch(g, is_and ? b.t : b.f, (uint32_t)g->n);
			k = gen_node(g, n->kids[i]);
			if (is_and) {
				b.t = k.t;
				b.f = cat(g, b.f, k.f);
			} else {
				b.f = k.f;
				b.t = cat(g, b.t, k.t);
			}
		}
		return b;
	}
	case FCI_N_MACRO: {
		int at = emit(g, (fci_insn){.op = FCI_OP_JMACRO,
		                            .k = (uint32_t)g->cc->mi[n->macro].prog});

		b.t = mk(g, at, P_JT);
		b.f = mk(g, at, P_JF);
		return b;
	}
	case FCI_N_CONST: {
		int at = emit(g, (fci_insn){.op = FCI_OP_JA});

		if (n->value)
			b.t = mk(g, at, P_K);
		else
			b.f = mk(g, at, P_K);
		return b;
	}
	case FCI_N_CHECK: {
		const fci_bound *bd = n->bound;
		plist ot, of;
		int at;

		if (bd->op == FCI_OP_JCODE) {
			at = emit(g, (fci_insn){.op = FCI_OP_JCODE, .k = bd->k});
			ot = mk(g, at, P_JT);
			of = mk(g, at, P_JF);
			b.t = bd->negate ? of : ot;
			b.f = bd->negate ? ot : of;
			return b;
		}
		at = emit(g, (fci_insn){.op = FCI_OP_LDF, .a = (uint16_t)bd->lhs_slot});
		if (bd->exists) {
			b.t = mk(g, at, P_JT);
			b.f = mk(g, at, P_JF);
			return b;
		}
		b.f = mk(g, at, P_JF);
		if (bd->rhs_slot >= 0) {
			at = emit(g, (fci_insn){.op = FCI_OP_LDB, .a = (uint16_t)bd->rhs_slot});
			b.f = cat(g, b.f, mk(g, at, P_JF));
		}
		at = emit(g, (fci_insn){.op = bd->op, .flags = bd->flags, .k = bd->k});
		ot = mk(g, at, P_JT);
		of = mk(g, at, P_JF);
		/* a negated test swaps only the test's exits: absent stays false */
		b.t = bd->negate ? of : ot;
		b.f = cat(g, b.f, bd->negate ? ot : of);
		return b;
	}
	}
	g->err = FC_EINVAL;
	return b;
}

int fci_codegen(fci_cc *cc, const fci_node *root, fci_program *out)
{
	gen g;
	blk b;
	int r1, r0;

	memset(&g, 0, sizeof(g));
	g.cc = cc;
	b = gen_node(&g, root);
	r1 = emit(&g, (fci_insn){.op = FCI_OP_RET, .k = 1});
	backpatch(&g, b.t, (uint32_t)r1);
	r0 = emit(&g, (fci_insn){.op = FCI_OP_RET, .k = 0});
	backpatch(&g, b.f, (uint32_t)r0);
	fci_free(g.p);
	if (g.err) {
		fci_free(g.v);
		return g.err;
	}
	out->insns = g.v;
	out->n = (uint32_t)g.n;
	return FC_OK;
}
