/* SPDX-License-Identifier: Apache-2.0 */
/* Every program must pass this before it joins a ruleset (and so before the
 * VM may run it): known opcodes and flags, operand indices inside their
 * pools, forward jumps that land inside the program, RET as the last
 * instruction, every test reading a value that the instruction just before
 * loaded (no jump lands on a test), value classes that match the ops, and
 * macro calls only to smaller macro indices (so calls terminate). */
#include "ruleset_impl.h"

#include <stdio.h>
#include <string.h>

#define FC_OP(name, operand, acc, doc) [FCI_OP_##name] = #name,
const char *const fci_op_names[FCI_OP__COUNT] = {
#include "opcodes.def"
};
#undef FC_OP
#define FC_OP(name, operand, acc, doc) [FCI_OP_##name] = FCI_OPND_##operand,
const uint8_t fci_op_operand[FCI_OP__COUNT] = {
#include "opcodes.def"
};
#undef FC_OP
#define FC_OP(name, operand, acc, doc) [FCI_OP_##name] = FCI_ACC_##acc,
const uint8_t fci_op_acc[FCI_OP__COUNT] = {
#include "opcodes.def"
};
#undef FC_OP

static fci_acc type_class(fc_type t)
{
	switch (t) {
	case FC_TYPE_UINT64:
	case FC_TYPE_PORT:
	case FC_TYPE_RELTIME:
	case FC_TYPE_ABSTIME:
		return FCI_ACC_U64;
	case FC_TYPE_INT64:
		return FCI_ACC_I64;
	case FC_TYPE_DOUBLE:
		return FCI_ACC_F64;
	case FC_TYPE_BOOL:
		return FCI_ACC_BOOL;
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_BYTES:
		return FCI_ACC_STR;
	case FC_TYPE_IPADDR:
	case FC_TYPE_IPNET:
		return FCI_ACC_IP;
	case FC_TYPE_NONE:
		break;
	}
	return FCI_ACC_NONE;
}

static bool acc_ok(const fc_ruleset *rs, uint8_t op, uint32_t k, fc_type t)
{
	fci_acc want = (fci_acc)fci_op_acc[op], have = type_class(t);

	if (have == FCI_ACC_NONE)
		return false;
	if (op == FCI_OP_JIN_SET)
		return rs->sets[k].numeric == (have != FCI_ACC_STR && have != FCI_ACC_IP) &&
		       have != FCI_ACC_IP;
	if (op == FCI_OP_JMULTI) {
		const fci_multi *m = &rs->multis[k];

		if (m->op == FCI_OP_JMULTI || m->op == FCI_OP_JIN_SET ||
		    fci_op_operand[m->op] !=
		            (m->op == FCI_OP_JREGEX ? FCI_OPND_REGEX : FCI_OPND_CONST))
			return false;
		if (m->op == FCI_OP_JREGEX ? m->first + (uint64_t)m->n > rs->n_res
		                           : m->first + (uint64_t)m->n > rs->n_consts)
			return false;
		return acc_ok(rs, m->op, 0, t);
	}
	return want == FCI_ACC_ANY || want == have;
}

static const char *check_operand(const fc_ruleset *rs, const fci_insn *in, int64_t self)
{
	switch ((fci_operand)fci_op_operand[in->op]) {
	case FCI_OPND_NONE:
	case FCI_OPND_JUMP:
		return NULL;
	case FCI_OPND_FIELD:
		return in->a < rs->n_slots ? NULL : "field slot out of range";
	case FCI_OPND_CONST:
		return (in->flags & FCI_F_RHSF) || in->k < rs->n_consts ? NULL
		                                                        : "constant out of range";
	case FCI_OPND_SET:
		return in->k < rs->n_sets ? NULL : "set out of range";
	case FCI_OPND_NETS:
		return in->k < rs->n_nets ? NULL : "network list out of range";
	case FCI_OPND_PMSET:
		return in->k < rs->n_pms ? NULL : "pmatch set out of range";
	case FCI_OPND_REGEX:
		return in->k < rs->n_res ? NULL : "regex out of range";
	case FCI_OPND_MULTI:
		return in->k < rs->n_multis ? NULL : "modifier table out of range";
	case FCI_OPND_CODES:
		return in->k < rs->n_codesets ? NULL : "code set out of range";
	case FCI_OPND_MACRO:
		if (in->k >= rs->n_macros)
			return "macro out of range";
		return self < 0 || in->k < self ? NULL : "macro call to a later macro";
	}
	return "bad operand kind";
}

int fci_verify(const fc_ruleset *rs, const fci_program *p, int64_t self, char *err, size_t errlen)
{
	uint8_t *target = NULL;
	uint32_t pc;
	int rc = FC_EINVAL;

	if (!p->insns || p->n == 0 || p->n > 65535) {
		snprintf(err, errlen, "empty or oversized program (%u instructions)", p->n);
		return FC_EINVAL;
	}
	target = fci_calloc(p->n, 1);
	if (!target)
		return FC_ENOMEM;
	for (pc = 0; pc < p->n; pc++) {
		const fci_insn *in = &p->insns[pc];
		const char *why = NULL;

		if (in->op >= FCI_OP__COUNT) {
			why = "unknown opcode";
		} else if (in->flags & ~FCI_F__KNOWN) {
			why = "unknown flag bits";
		} else if ((why = check_operand(rs, in, self)) != NULL) {
		} else if (in->op == FCI_OP_RET) {
			if (in->k > 1)
				why = "RET value must be 0 or 1";
		} else if (in->op == FCI_OP_JA) {
			if ((uint64_t)pc + 1 + in->k >= p->n)
				why = "jump out of the program";
			else
				target[pc + 1 + in->k] = 1;
		} else {
			if ((uint64_t)pc + 1 + in->jt >= p->n || (uint64_t)pc + 1 + in->jf >= p->n)
				why = "jump out of the program";
			else {
				target[pc + 1 + in->jt] |= in->jt ? 1 : 0;
				target[pc + 1 + in->jf] |= in->jf ? 1 : 0;
			}
		}
		if (why) {
			snprintf(err, errlen, "insn %u (%s): %s", pc,
			         in->op < FCI_OP__COUNT ? fci_op_names[in->op] : "?", why);
			goto out;
		}
	}
	if (p->insns[p->n - 1].op != FCI_OP_RET) {
		snprintf(err, errlen, "program does not end with RET");
		goto out;
	}
	/* data flow: a test reads A loaded by the LDF right before it (with an
	 * LDB in between for field-to-field tests), and nothing jumps between. */
	for (pc = 0; pc < p->n; pc++) {
		const fci_insn *in = &p->insns[pc];
		const fci_insn *ldf, *ldb = NULL;
		bool test = fci_op_acc[in->op] != FCI_ACC_NONE;

		if (in->op == FCI_OP_LDB) {
			if (pc == 0 || p->insns[pc - 1].op != FCI_OP_LDF || target[pc]) {
				snprintf(err, errlen, "insn %u (LDB): not right after an LDF", pc);
				goto out;
			}
			continue;
		}
		if (!test)
			continue;
		if (target[pc] || pc == 0) {
			snprintf(err, errlen, "insn %u (%s): test reachable without a load", pc,
			         fci_op_names[in->op]);
			goto out;
		}
		if (in->flags & FCI_F_RHSF) {
			ldb = &p->insns[pc - 1];
			if (ldb->op != FCI_OP_LDB || pc < 2) {
				snprintf(err, errlen, "insn %u (%s): field comparison without LDB",
				         pc, fci_op_names[in->op]);
				goto out;
			}
			ldf = &p->insns[pc - 2];
		} else {
			ldf = &p->insns[pc - 1];
		}
		if (ldf->op != FCI_OP_LDF) {
			snprintf(err, errlen, "insn %u (%s): test not preceded by LDF", pc,
			         fci_op_names[in->op]);
			goto out;
		}
		if (!acc_ok(rs, in->op, in->k, rs->slots[ldf->a].type) ||
		    (ldb &&
		     (fci_op_operand[in->op] != FCI_OPND_CONST && in->op != FCI_OP_JIN_SET)) ||
		    (ldb && !acc_ok(rs, in->op == FCI_OP_JIN_SET ? FCI_OP_JCMP_STR : in->op, 0,
		                    rs->slots[ldb->a].type)) ||
		    (!ldb && fci_op_operand[in->op] == FCI_OPND_CONST &&
		     type_class(rs->consts[in->k].type) != type_class(rs->slots[ldf->a].type) &&
		     in->op != FCI_OP_JCMP_IP)) {
			snprintf(err, errlen, "insn %u (%s): operand types do not fit the op", pc,
			         fci_op_names[in->op]);
			goto out;
		}
	}
	rc = FC_OK;
out:
	fci_free(target);
	return rc;
}
