/* SPDX-License-Identifier: Apache-2.0 */
/* AST utilities: canonical text of field expressions (slot names, output
 * field names) and an s-expression dump for tests. */
#include "ast.h"

#include <string.h>

void fci_fexpr_text(const fci_fexpr *f, fci_buf *b)
{
	uint32_t i;

	switch (f->kind) {
	case FCI_FX_FIELD:
		fci_buf_adds(b, f->name);
		if (f->has_arg) {
			fci_buf_addc(b, '[');
			fci_buf_add(b, f->arg, f->arg_len);
			fci_buf_addc(b, ']');
		}
		break;
	case FCI_FX_LIT:
		fci_buf_add_json_str(b, f->arg, f->arg_len);
		break;
	case FCI_FX_XFORM:
		fci_buf_adds(b, f->name);
		fci_buf_addc(b, '(');
		for (i = 0; i < f->n_args; i++) {
			if (i)
				fci_buf_adds(b, ", ");
			fci_fexpr_text(f->args[i], b);
		}
		fci_buf_addc(b, ')');
		if (f->has_arg) {
			fci_buf_addc(b, '[');
			fci_buf_add(b, f->arg, f->arg_len);
			fci_buf_addc(b, ']');
		}
		break;
	}
}

static const char *mod_name(fci_cmpmod m)
{
	switch (m) {
	case FCI_MOD_ONEOF:
		return " oneof";
	case FCI_MOD_ANYOF:
		return " anyof";
	case FCI_MOD_ALLOF:
		return " allof";
	case FCI_MOD_NONE:
		break;
	}
	return "";
}

void fci_node_dump(const fci_node *n, fci_buf *b)
{
	uint32_t i;

	switch (n->kind) {
	case FCI_N_AND:
	case FCI_N_OR:
	case FCI_N_NOT:
		fci_buf_adds(b, n->kind == FCI_N_AND  ? "(and"
		                : n->kind == FCI_N_OR ? "(or"
		                                      : "(not");
		for (i = 0; i < n->n_kids; i++) {
			fci_buf_addc(b, ' ');
			fci_node_dump(n->kids[i], b);
		}
		fci_buf_addc(b, ')');
		break;
	case FCI_N_MACRO:
		fci_buf_printf(b, "<%s>", n->name);
		break;
	case FCI_N_CONST:
		fci_buf_adds(b, n->value ? "true" : "false");
		break;
	case FCI_N_CHECK:
		fci_buf_addc(b, '[');
		fci_fexpr_text(n->lhs, b);
		fci_buf_printf(b, " %s%s", fci_cmpop_name(n->op), mod_name(n->mod));
		switch (n->rhs_kind) {
		case FCI_RHS_NONE:
			break;
		case FCI_RHS_VALUE:
		case FCI_RHS_IDENT:
			fci_buf_addc(b, ' ');
			if (n->rhs_kind == FCI_RHS_IDENT)
				fci_buf_addc(b, '@');
			fci_buf_add_json_str(b, n->vals[0].s, n->vals[0].len);
			break;
		case FCI_RHS_LIST:
			fci_buf_adds(b, " (");
			for (i = 0; i < n->n_vals; i++) {
				if (i)
					fci_buf_adds(b, ", ");
				fci_buf_add_json_str(b, n->vals[i].s, n->vals[i].len);
			}
			fci_buf_addc(b, ')');
			break;
		case FCI_RHS_FIELD:
			fci_buf_addc(b, ' ');
			fci_fexpr_text(n->rhs, b);
			break;
		}
		fci_buf_addc(b, ']');
		break;
	}
}
