/* SPDX-License-Identifier: Apache-2.0 */
/* fci_str (text with per-byte file positions) and fci_ruledoc lifetime. */
#include "rules.h"

#include <string.h>

fci_loc fci_str_loc(const fci_str *s, uint32_t start, uint32_t len)
{
	fci_loc l = s->loc;

	if (!s->offs || start > s->len)
		return (fci_loc){l.file, l.offset, l.length};
	if (start + len > s->len)
		len = s->len - start;
	l.offset = s->offs[start];
	if (len == 0) {
		l.length = 0;
	} else {
		uint32_t last = s->offs[start + len - 1];

		l.length = last >= l.offset ? last - l.offset + 1 : 1;
	}
	return l;
}

int fci_str_set(fci_str *dst, const char *s, size_t len, const uint32_t *offs, fci_loc loc)
{
	memset(dst, 0, sizeof(*dst));
	dst->s = fci_strndup(s, len);
	if (!dst->s)
		return FC_ENOMEM;
	dst->len = (uint32_t)len;
	dst->loc = loc;
	if (offs) {
		dst->offs = fci_malloc((len + 1) * sizeof(uint32_t));
		if (!dst->offs) {
			fci_free(dst->s);
			dst->s = NULL;
			return FC_ENOMEM;
		}
		memcpy(dst->offs, offs, (len + 1) * sizeof(uint32_t));
	}
	return FC_OK;
}

/* Make sure dst has an offs array (synthesising one from its loc). */
static int ensure_offs(fci_str *dst)
{
	uint32_t i;

	if (dst->offs)
		return FC_OK;
	dst->offs = fci_malloc((dst->len + 1) * sizeof(uint32_t));
	if (!dst->offs)
		return FC_ENOMEM;
	for (i = 0; i <= dst->len; i++)
		dst->offs[i] = dst->loc.offset;
	return FC_OK;
}

static int append_raw(fci_str *dst, const char *s, size_t len, const uint32_t *offs, uint32_t at)
{
	char *ns;
	uint32_t *no;
	size_t i;

	if (!dst->s) {
		dst->s = fci_strdup("");
		if (!dst->s)
			return FC_ENOMEM;
	}
	if (ensure_offs(dst) < 0)
		return FC_ENOMEM;
	ns = fci_realloc(dst->s, dst->len + len + 1);
	if (!ns)
		return FC_ENOMEM;
	dst->s = ns;
	no = fci_realloc(dst->offs, (dst->len + len + 1) * sizeof(uint32_t));
	if (!no)
		return FC_ENOMEM;
	dst->offs = no;
	memcpy(dst->s + dst->len, s, len);
	for (i = 0; i < len; i++)
		dst->offs[dst->len + i] = offs ? offs[i] : at;
	dst->len += (uint32_t)len;
	dst->s[dst->len] = '\0';
	dst->offs[dst->len] = offs ? offs[len] : at;
	return FC_OK;
}

int fci_str_append(fci_str *dst, const fci_str *src)
{
	if (!src->offs)
		return append_raw(dst, src->s, src->len, NULL, src->loc.offset);
	return append_raw(dst, src->s, src->len, src->offs, 0);
}

int fci_str_append_lit(fci_str *dst, const char *s, size_t len, fci_loc at)
{
	if (!dst->s)
		dst->loc = at;
	return append_raw(dst, s, len, NULL, at.offset);
}

int fci_str_copy(fci_str *dst, const fci_str *src)
{
	return fci_str_set(dst, src->s ? src->s : "", src->len, src->offs, src->loc);
}

void fci_str_free(fci_str *s)
{
	fci_free(s->s);
	fci_free(s->offs);
	memset(s, 0, sizeof(*s));
}

void fci_exc_entry_free(fci_exc_entry *e)
{
	size_t i;

	fci_str_free(&e->item);
	for (i = 0; i < e->n_items; i++)
		fci_exc_entry_free(&e->items[i]);
	fci_free(e->items);
	memset(e, 0, sizeof(*e));
}

void fci_exception_free(fci_exception *ex)
{
	size_t i;

	fci_free(ex->name);
	fci_exc_entry_free(&ex->fields);
	fci_exc_entry_free(&ex->comps);
	for (i = 0; i < ex->n_values; i++)
		fci_exc_entry_free(&ex->values[i]);
	fci_free(ex->values);
	memset(ex, 0, sizeof(*ex));
}

void fci_ruledoc_init(fci_ruledoc *d)
{
	memset(d, 0, sizeof(*d));
	fci_strmap_init(&d->list_by_name);
	fci_strmap_init(&d->macro_by_name);
	fci_strmap_init(&d->rule_by_name);
	strcpy(d->required_engine_version, "0.0.0");
}

void fci_ruledoc_free(fci_ruledoc *d)
{
	size_t i, j;

	for (i = 0; i < d->n_lists; i++) {
		fci_list *l = d->lists[i];

		for (j = 0; j < l->n_items; j++)
			fci_str_free(&l->items[j]);
		fci_free(l->items);
		for (j = 0; j < l->n_raw_items; j++)
			fci_str_free(&l->raw_items[j]);
		fci_free(l->raw_items);
		fci_free(l->name);
		fci_free(l);
	}
	for (i = 0; i < d->n_macros; i++) {
		fci_str_free(&d->macros[i]->cond);
		fci_free(d->macros[i]->name);
		fci_free(d->macros[i]);
	}
	for (i = 0; i < d->n_rules; i++) {
		fci_rule *r = d->rules[i];

		fci_str_free(&r->cond);
		fci_str_free(&r->cond_orig);
		fci_str_free(&r->output);
		fci_free(r->name);
		fci_free(r->desc);
		fci_free(r->source);
		for (j = 0; j < r->n_tags; j++)
			fci_free(r->tags[j]);
		fci_free(r->tags);
		for (j = 0; j < r->n_exceptions; j++)
			fci_exception_free(&r->exceptions[j]);
		fci_free(r->exceptions);
		fci_free(r);
	}
	for (i = 0; i < d->n_plugin_reqs; i++) {
		for (j = 0; j < d->plugin_reqs[i].n_alts; j++) {
			fci_free(d->plugin_reqs[i].alts[j].name);
			fci_free(d->plugin_reqs[i].alts[j].version);
		}
		fci_free(d->plugin_reqs[i].alts);
	}
	fci_free(d->plugin_reqs);
	fci_free(d->lists);
	fci_free(d->macros);
	fci_free(d->rules);
	fci_strmap_free(&d->list_by_name);
	fci_strmap_free(&d->macro_by_name);
	fci_strmap_free(&d->rule_by_name);
	memset(d, 0, sizeof(*d));
}
