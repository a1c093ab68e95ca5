/* SPDX-License-Identifier: Apache-2.0 */
/* Output templates (Falco's sinsp_evt_formatter rules, falco-features 4.2):
 * `%field`, `%field[arg]`, `%transformer(...)`, `%(field)`, `%<N>field`
 * (pad/truncate to N). Compiled once into literal and field segments; the
 * fields share the ruleset's slots (and so the per-event cache). Absent
 * values render as <NA>. `%container.info` renders nothing (deprecated). */
#include "compile.h"

#include <string.h>

static int push_seg(fc_rule *r, size_t *cap, fci_seg s)
{
	if (FCI_PUSH(r->segs, r->n_segs, *cap) < 0)
		return FC_ENOMEM;
	r->segs[r->n_segs - 1] = s;
	return FC_OK;
}

static int lit_seg(fci_cc *cc, fc_rule *r, size_t *cap, const char *s, uint32_t n)
{
	fci_seg seg = {0};

	if (!n)
		return FC_OK;
	seg.lit = fci_arena_strndup(&cc->rs->arena, s, n);
	seg.lit_len = n;
	seg.slot = -1;
	if (!seg.lit)
		return FC_ENOMEM;
	return push_seg(r, cap, seg);
}

int fci_output_compile(fci_cc *cc, const fci_str *out, fc_rule *r)
{
	const char *s = out->s ? out->s : "";
	uint32_t len = out->len, i = 0, lit = 0;
	size_t cap = 0, ocap = 0;
	int rc = FC_OK;

	while (i < len) {
		uint32_t j, width = 0, used;
		fci_fexpr *f = NULL;
		bool paren = false;
		fci_seg seg = {0};

		if (s[i] != '%') {
			i++;
			continue;
		}
		if (lit_seg(cc, r, &cap, s + lit, i - lit) < 0)
			return FC_ENOMEM;
		j = i + 1;
		if (j >= len) {
			fci_cc_diag(cc, FC_SEV_ERROR, FC_D_BAD_OUTPUT, i, 1,
			            "formatting cannot end with a %%");
			return FC_EINVAL;
		}
		while (j < len && s[j] >= '0' && s[j] <= '9' && width < 100000)
			width = width * 10 + (uint32_t)(s[j++] - '0');
		if (j < len && s[j] == '(') {
			paren = true;
			j++;
		}
		used = fci_parse_fexpr_prefix(&cc->arena, s + j, len - j, &f);
		if (!used || (paren && (j + used >= len || s[j + used] != ')'))) {
			fci_cc_diag(cc, FC_SEV_ERROR, FC_D_BAD_OUTPUT, i, 1,
			            "invalid field reference after '%%' in output");
			rc = FC_EINVAL;
			lit = i = j;
			continue;
		}
		/* positions relative to the whole output string */
		{
			fci_fexpr *stack[64];
			int sp = 0;

			stack[sp++] = f;
			while (sp) {
				fci_fexpr *x = stack[--sp];
				uint32_t a;

				x->start += j;
				x->arg_start += j;
				for (a = 0; a < x->n_args && sp < 64; a++)
					stack[sp++] = x->args[a];
			}
		}
		i = j + used + (paren ? 1 : 0);
		lit = i;
		if (f->kind == FCI_FX_FIELD && strcmp(f->name, "container.info") == 0 &&
		    !f->has_arg) {
			fci_cc_diag(
			        cc, FC_SEV_WARNING, FC_D_DEPRECATED, f->start, f->len,
			        "%%container.info is deprecated and renders as an empty string");
			seg.empty = true;
			seg.slot = -1;
			if (push_seg(r, &cap, seg) < 0)
				return FC_ENOMEM;
			continue;
		}
		{
			int r2 = fci_resolve_fexpr(cc, f, true);

			if (r2 == FC_ENOMEM)
				return r2;
			if (r2 < 0) {
				rc = r2;
				continue;
			}
		}
		seg.slot = f->slot;
		seg.width = width;
		if (push_seg(r, &cap, seg) < 0)
			return FC_ENOMEM;
		if (f->kind == FCI_FX_FIELD) {
			uint32_t k;

			for (k = 0; k < r->n_out_slots; k++)
				if (r->out_slots[k] == (uint32_t)f->slot)
					break;
			if (k == r->n_out_slots) {
				if (FCI_PUSH(r->out_slots, r->n_out_slots, ocap) < 0)
					return FC_ENOMEM;
				r->out_slots[r->n_out_slots - 1] = (uint32_t)f->slot;
			}
		}
	}
	if (lit_seg(cc, r, &cap, s + lit, len - lit) < 0)
		return FC_ENOMEM;
	return rc;
}

int fci_output_render(fci_vm *vm, const fc_rule *r, fci_buf *b)
{
	uint32_t i;

	for (i = 0; i < r->n_segs; i++) {
		const fci_seg *s = &r->segs[i];
		const fci_cache_entry *e;
		size_t start = b->len;

		if (s->lit) {
			fci_buf_add(b, s->lit, s->lit_len);
			continue;
		}
		if (s->empty)
			continue;
		e = &vm->cache[s->slot];
		if (e->gen != vm->gen)
			e = vm->fill(vm, (uint32_t)s->slot);
		if (!e->present)
			fci_buf_adds(b, "<NA>");
		else if (fci_value_format_buf(&e->v, b) < 0)
			fci_buf_adds(b, "<NA>");
		if (s->width) {
			size_t n = b->len - start;

			if (n > s->width)
				b->len = start + s->width;
			while (b->len - start < s->width)
				fci_buf_addc(b, ' ');
			if (b->p)
				b->p[b->len] = '\0';
		}
	}
	return b->oom ? FC_ENOMEM : FC_OK;
}
