/* SPDX-License-Identifier: Apache-2.0 */
/* Event-code inference (Falco's ppm_event_codes): the set of event codes a
 * condition can match. `and` intersects, `or` unites, `not` is pushed down
 * to the leaves (De Morgan); an index-field test (`evt.type = x`, `in`,
 * `!=`) gives its set or the complement; every other leaf is neutral (all
 * codes, whatever the polarity). */
#include "compile.h"

#include <string.h>

size_t fci_codes_words(const fci_cc *cc)
{
	return (cc->eng->sources[cc->source].ops.n_codes + 63) / 64;
}

static void fill(const fci_cc *cc, uint64_t *out, bool all)
{
	size_t w = fci_codes_words(cc), i;
	uint32_t n = cc->eng->sources[cc->source].ops.n_codes;

	memset(out, 0, w * 8);
	if (!all)
		return;
	for (i = 0; i < n; i++)
		out[i >> 6] |= 1ull << (i & 63);
}

int fci_evtcodes(fci_cc *cc, const fci_node *n, bool neg, uint64_t *out)
{
	size_t w = fci_codes_words(cc), i;
	uint32_t k;

	switch (n->kind) {
	case FCI_N_NOT:
		return fci_evtcodes(cc, n->kids[0], !neg, out);
	case FCI_N_AND:
	case FCI_N_OR: {
		bool inter = (n->kind == FCI_N_AND) != neg;
		uint64_t *tmp = fci_arena_alloc(&cc->arena, (w ? w : 1) * 8);

		if (!tmp)
			return FC_ENOMEM;
		fill(cc, out, inter);
		for (k = 0; k < n->n_kids; k++) {
			int rc = fci_evtcodes(cc, n->kids[k], neg, tmp);

			if (rc < 0)
				return rc;
			for (i = 0; i < w; i++)
				out[i] = inter ? out[i] & tmp[i] : out[i] | tmp[i];
		}
		return FC_OK;
	}
	case FCI_N_MACRO: {
		fci_minst *mi = &cc->mi[n->macro];
		int rc;

		if (!mi->codes[neg]) {
			uint64_t *c = fci_arena_alloc(&cc->arena, (w ? w : 1) * 8);

			if (!c)
				return FC_ENOMEM;
			rc = fci_evtcodes(cc, cc->mi[n->macro].root, neg, c);
			if (rc < 0)
				return rc;
			cc->mi[n->macro].codes[neg] = c;
		}
		memcpy(out, cc->mi[n->macro].codes[neg], w * 8);
		return FC_OK;
	}
	case FCI_N_CHECK: {
		const fci_bound *b = n->bound;

		if (!b || !b->is_index) {
			fill(cc, out, true);
			return FC_OK;
		}
		memcpy(out, b->index_codes, w * 8);
		if (neg != b->index_ne) {
			uint64_t *full = fci_arena_alloc(&cc->arena, (w ? w : 1) * 8);

			if (!full)
				return FC_ENOMEM;
			fill(cc, full, true);
			for (i = 0; i < w; i++)
				out[i] = full[i] & ~out[i];
		}
		return FC_OK;
	}
	case FCI_N_CONST:
		fill(cc, out, n->value != neg);
		return FC_OK;
	}
	return FC_EINVAL;
}
