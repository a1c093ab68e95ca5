/* SPDX-License-Identifier: Apache-2.0 */
/* Bytecode listings (fc_ruleset_disasm, golden tests). One line per
 * instruction: index, op, operand, absolute jump targets. */
#include "ruleset_impl.h"

#include <ctype.h>
#include <string.h>

static const char *const ck_names[] = {"==", "!=", "<", "<=", ">", ">=", "?", "?"};

static void quoted(fci_buf *b, const char *s, size_t n)
{
	size_t i;

	fci_buf_addc(b, '"');
	for (i = 0; i < n && i < 48; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fci_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fci_buf_printf(b, "\\x%02x", c);
		else
			fci_buf_addc(b, (char)c);
	}
	if (n > 48)
		fci_buf_adds(b, "...");
	fci_buf_addc(b, '"');
}

static void const_text(fci_buf *b, const fc_value *v)
{
	switch (v->type) {
	case FC_TYPE_STRING:
	case FC_TYPE_FSPATH:
	case FC_TYPE_BYTES:
		quoted(b, v->u.str.ptr, v->u.str.len);
		break;
	default:
		fci_value_format_buf(v, b);
		break;
	}
}

static void operand(const fc_ruleset *rs, const fci_insn *in, fci_buf *b)
{
	uint8_t ck = in->flags & FCI_F_CKMASK;

	switch ((fci_operand)fci_op_operand[in->op]) {
	case FCI_OPND_NONE:
		if (in->op == FCI_OP_RET)
			fci_buf_printf(b, "%u", in->k);
		break;
	case FCI_OPND_JUMP:
		break;
	case FCI_OPND_FIELD:
		fci_buf_printf(b, "%s", rs->slots[in->a].text);
		break;
	case FCI_OPND_CONST:
		if (in->op != FCI_OP_JCONTAINS && in->op != FCI_OP_JSTARTS &&
		    in->op != FCI_OP_JENDS && in->op != FCI_OP_JGLOB)
			fci_buf_printf(b, "%s ", ck_names[ck]);
		if (in->flags & FCI_F_RHSF) {
			fci_buf_adds(b, "B");
		} else {
			fci_buf_printf(b, "K%u=", in->k);
			const_text(b, &rs->consts[in->k]);
		}
		break;
	case FCI_OPND_SET:
		if (in->flags & FCI_F_RHSF)
			fci_buf_adds(b, "B");
		else
			fci_buf_printf(b, "S%u(%u)", in->k, rs->sets[in->k].n);
		break;
	case FCI_OPND_NETS:
		fci_buf_printf(b, "N%u(%u)", in->k, rs->nets[in->k].n);
		break;
	case FCI_OPND_PMSET:
		fci_buf_printf(b, "P%u(%u)", in->k, rs->pms[in->k].n);
		break;
	case FCI_OPND_REGEX:
		fci_buf_printf(b, "R%u=", in->k);
		quoted(b, rs->res[in->k].pattern, strlen(rs->res[in->k].pattern));
		break;
	case FCI_OPND_MULTI: {
		static const char *const modes[] = {"", "oneof", "anyof", "allof"};
		const fci_multi *m = &rs->multis[in->k];

		fci_buf_printf(b, "M%u %s %s %s[%u..%u)", in->k, modes[m->mode & 3],
		               fci_op_names[m->op], m->op == FCI_OP_JREGEX ? "R" : "K", m->first,
		               m->first + m->n);
		break;
	}
	case FCI_OPND_CODES: {
		const fci_codeset *c = &rs->codesets[in->k];
		uint32_t i, n = 0;

		for (i = 0; i < c->n_codes; i++)
			n += fci_codeset_has(c, i);
		fci_buf_printf(b, "C%u(%u codes)", in->k, n);
		break;
	}
	case FCI_OPND_MACRO:
		fci_buf_printf(b, "%s", rs->macros[in->k].name);
		break;
	}
	if (in->flags & FCI_F_NOCASE)
		fci_buf_adds(b, " nocase");
	if (in->flags & FCI_F_ALL)
		fci_buf_adds(b, " all");
}

void fci_disasm(const fc_ruleset *rs, const fci_program *p, fci_buf *b)
{
	uint32_t pc;

	for (pc = 0; pc < p->n; pc++) {
		const fci_insn *in = &p->insns[pc];
		size_t start = b->len, col;
		char name[24];
		size_t i;

		for (i = 0; fci_op_names[in->op][i] && i + 1 < sizeof(name); i++)
			name[i] = (char)tolower((unsigned char)fci_op_names[in->op][i]);
		name[i] = '\0';
		fci_buf_printf(b, "%4u  %-10s ", pc, name);
		operand(rs, in, b);
		if (in->op == FCI_OP_JA) {
			fci_buf_printf(b, "-> %u", pc + 1 + in->k);
		} else if (in->op != FCI_OP_RET) {
			col = b->len - start;
			while (col++ < 48)
				fci_buf_addc(b, ' ');
			fci_buf_printf(b, " jt %u jf %u", pc + 1 + in->jt, pc + 1 + in->jf);
		}
		fci_buf_addc(b, '\n');
	}
}
