/* SPDX-License-Identifier: Apache-2.0 */
/* Per-thread evaluation: fc_eval holds the per-event field cache (by slot,
 * invalidated by a generation counter, so every field is extracted at most
 * once per event whatever the number of rules using it), the memoised macro
 * results, scratch memory reset per event, the PCRE2 match data, the
 * per-eval enabled mask and the match callback. Nothing here allocates in
 * steady state: the scratch arena keeps its largest chunk between events. */
#include "ruleset_impl.h"

#include <string.h>

#define SCRATCH_CHUNK (64u << 10)
#define SCRATCH_LIMIT (64u << 20)

struct fc_scratch {
	fci_arena arena;
};

typedef struct enable_op {
	char *pattern;
	bool tag;
	bool enabled;
} enable_op;

struct fc_eval {
	fc_ruleset *rs;
	fc_eval_opts opts;
	fci_vm vm;
	uint8_t *enabled;
	struct fc_scratch scratch;
	const fc_event *event;
	bool running;
	fc_eval_stats stats;
	enable_op *ops;
	size_t n_ops, cap_ops;
	fci_buf out;
};

struct fc_match {
	fc_eval *ev;
	const fc_rule *rule;
};

void *fc_scratch_alloc(fc_scratch *s, size_t size)
{
	if (!s)
		return NULL;
	return fci_arena_alloc(&s->arena, size ? size : 1);
}

static bool same_class(fc_type a, fc_type b)
{
	static const int cls[] = {
	        [FC_TYPE_NONE] = 0,   [FC_TYPE_BOOL] = 1,    [FC_TYPE_INT64] = 2,
	        [FC_TYPE_UINT64] = 3, [FC_TYPE_DOUBLE] = 4,  [FC_TYPE_STRING] = 5,
	        [FC_TYPE_BYTES] = 5,  [FC_TYPE_IPADDR] = 6,  [FC_TYPE_IPNET] = 6,
	        [FC_TYPE_PORT] = 3,   [FC_TYPE_RELTIME] = 3, [FC_TYPE_ABSTIME] = 3,
	        [FC_TYPE_FSPATH] = 5,
	};

	if ((unsigned)a > FC_TYPE_FSPATH || (unsigned)b > FC_TYPE_FSPATH)
		return false;
	return cls[a] == cls[b] && cls[a] != 0;
}

static const fci_cache_entry *fill(fci_vm *vm, uint32_t slot);

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* One string transformer over one scalar string; false = no value. */
static bool xform_str(fc_eval *ev, fci_xform x, const fc_value *in, fc_value *out)
{
	const char *s = in->u.str.ptr ? in->u.str.ptr : "";
	size_t n = in->u.str.len, i;
	char *d;

	*out = *in;
	switch (x) {
	case FCI_XF_TOLOWER:
	case FCI_XF_TOUPPER:
		d = fc_scratch_alloc(&ev->scratch, n + 1);
		if (!d)
			return false;
		for (i = 0; i < n; i++) {
			char c = s[i];

			if (x == FCI_XF_TOLOWER && c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			else if (x == FCI_XF_TOUPPER && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			d[i] = c;
		}
		out->u.str.ptr = d;
		return true;
	case FCI_XF_BASENAME: {
		const char *slash = n ? memrchr(s, '/', n) : NULL;

		if (slash) {
			out->u.str.ptr = slash + 1;
			out->u.str.len = n - (size_t)(slash + 1 - s);
		}
		return true;
	}
	case FCI_XF_B64: {
		size_t o = 0;
		uint32_t acc = 0;
		int bits = 0;

		d = fc_scratch_alloc(&ev->scratch, n + 1);
		if (!d)
			return false;
		for (i = 0; i < n; i++) {
			int v;

			if (s[i] == '=')
				break;
			v = b64val((unsigned char)s[i]);
			if (v < 0)
				return false;
			acc = (acc << 6) | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				d[o++] = (char)((acc >> bits) & 0xff);
			}
		}
		out->u.str.ptr = d;
		out->u.str.len = o;
		return true;
	}
	case FCI_XF_LEN:
	case FCI_XF_JOIN:
	case FCI_XF_CONCAT:
		break;
	}
	return false;
}

static bool run_xform(fc_eval *ev, const fci_slot *s, fc_value *out)
{
	const fci_cache_entry *a[8];
	uint32_t i;

	if (s->n_args > 8)
		return false;
	for (i = 0; i < s->n_args; i++) {
		a[i] = fill(&ev->vm, s->args[i]);
		if (!a[i]->present)
			return false;
	}
	memset(out, 0, sizeof(*out));
	out->type = s->type;
	switch (s->xform) {
	case FCI_XF_LEN:
		out->u.u64 = a[0]->v.is_list ? a[0]->v.u.list.n : a[0]->v.u.str.len;
		return true;
	case FCI_XF_JOIN:
	case FCI_XF_CONCAT: {
		const fc_value *sep = &a[0]->v;
		size_t total = 0, n, k, o = 0;
		const fc_value *items;
		char *d;

		if (s->xform == FCI_XF_JOIN) {
			items = a[1]->v.is_list ? a[1]->v.u.list.items : &a[1]->v;
			n = a[1]->v.is_list ? a[1]->v.u.list.n : 1;
		} else {
			items = NULL;
			n = s->n_args;
		}
		for (k = 0; k < n; k++)
			total += (items ? items[k].u.str.len : a[k]->v.u.str.len) + sep->u.str.len;
		d = fc_scratch_alloc(&ev->scratch, total + 1);
		if (!d)
			return false;
		for (k = 0; k < n; k++) {
			const fc_value *v = items ? &items[k] : &a[k]->v;

			if (items && k && sep->u.str.len) {
				memcpy(d + o, sep->u.str.ptr, sep->u.str.len);
				o += sep->u.str.len;
			}
			if (v->u.str.len)
				memcpy(d + o, v->u.str.ptr, v->u.str.len);
			o += v->u.str.len;
		}
		out->u.str.ptr = d;
		out->u.str.len = o;
		return true;
	}
	case FCI_XF_TOLOWER:
	case FCI_XF_TOUPPER:
	case FCI_XF_B64:
	case FCI_XF_BASENAME:
		if (!a[0]->v.is_list)
			return xform_str(ev, s->xform, &a[0]->v, out) &&
			       ((out->type = s->type), true);
		{
			size_t n = a[0]->v.u.list.n, k;
			fc_value *items =
			        fc_scratch_alloc(&ev->scratch, (n ? n : 1) * sizeof(*items));

			if (!items)
				return false;
			for (k = 0; k < n; k++) {
				if (!xform_str(ev, s->xform, &a[0]->v.u.list.items[k], &items[k]))
					return false;
				items[k].type = s->type;
			}
			out->is_list = true;
			out->u.list.items = items;
			out->u.list.n = n;
			return true;
		}
	}
	return false;
}

static const fci_cache_entry *fill(fci_vm *vm, uint32_t slot)
{
	fc_eval *ev = vm->user;
	fci_cache_entry *e = &vm->cache[slot];
	const fci_slot *s = &ev->rs->slots[slot];

	if (e->gen == vm->gen)
		return e;
	e->gen = vm->gen;
	e->present = 0;
	switch (s->kind) {
	case FCI_SLOT_LIT:
		e->v = s->lit;
		e->present = 1;
		break;
	case FCI_SLOT_XFORM:
		e->present = run_xform(ev, s, &e->v) ? 1 : 0;
		break;
	case FCI_SLOT_FIELD: {
		const fc_source_ops *ops = &ev->rs->src[s->source].ops;
		fc_value v;
		int rc;

		if (!ev->event || ev->event->source != s->source)
			break;
		memset(&v, 0, sizeof(v));
		rc = ops->extract(ops->ctx, ev->event, &s->ref, &ev->scratch, &v);
		if (rc == FC_OK) {
			if (!same_class(v.type, s->type) ||
			    (v.is_list && v.u.list.n && !v.u.list.items)) {
				ev->stats.extract_errors++;
				break;
			}
			e->v = v;
			e->present = 1;
		} else if (rc != FC_ENOENT) {
			ev->stats.extract_errors++;
		}
		break;
	}
	}
	return e;
}

static void reset_enabled(fc_eval *ev)
{
	size_t i, j;

	for (i = 0; i < ev->rs->n_rules; i++) {
		const fc_rule *r = &ev->rs->rules[i];

		ev->enabled[i] = r->enabled && (ev->opts.min_priority == 0 ||
		                                r->priority <= ev->opts.min_priority);
	}
	for (j = 0; j < ev->n_ops; j++) {
		const enable_op *op = &ev->ops[j];

		for (i = 0; i < ev->rs->n_rules; i++) {
			const fc_rule *r = &ev->rs->rules[i];
			bool hit = false;
			size_t t;

			if (op->tag) {
				for (t = 0; t < r->n_tags && !hit; t++)
					hit = strcmp(r->tags[t], op->pattern) == 0;
			} else {
				hit = fci_wildcard_match(op->pattern, r->name);
			}
			if (hit)
				ev->enabled[i] = op->enabled;
		}
	}
}

/* (Re)binds the evaluator to a ruleset: caches sized by its pools. */
static int bind(fc_eval *ev, fc_ruleset *rs)
{
	fci_cache_entry *cache = fci_calloc(rs->n_slots ? rs->n_slots : 1, sizeof(*cache));
	uint64_t *mg = fci_calloc(rs->n_macros ? rs->n_macros : 1, sizeof(*mg));
	uint8_t *mr = fci_calloc(rs->n_macros ? rs->n_macros : 1, 1);
	uint8_t *en = fci_calloc(rs->n_rules ? rs->n_rules : 1, 1);

	if (!cache || !mg || !mr || !en) {
		fci_free(cache);
		fci_free(mg);
		fci_free(mr);
		fci_free(en);
		return FC_ENOMEM;
	}
	fci_free(ev->vm.cache);
	fci_free(ev->vm.macro_gen);
	fci_free(ev->vm.macro_res);
	fci_free(ev->enabled);
	if (ev->rs != rs) {
		fc_ruleset_ref(rs);
		fc_ruleset_unref(ev->rs);
	}
	ev->rs = rs;
	ev->vm.rs = rs;
	ev->vm.cache = cache;
	ev->vm.macro_gen = mg;
	ev->vm.macro_res = mr;
	ev->vm.gen = 1; /* entries start at generation 0: all stale */
	ev->enabled = en;
	reset_enabled(ev);
	return FC_OK;
}

int fc_eval_new(fc_ruleset *rs, const fc_eval_opts *opts, fc_eval **out)
{
	fc_eval *ev;
	int rc;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!rs)
		return FC_EINVAL;
	if (opts && opts->sz > sizeof(*opts)) {
		const unsigned char *p = (const unsigned char *)opts;
		size_t i;

		for (i = sizeof(*opts); i < opts->sz; i++)
			if (p[i])
				return FC_EINVAL;
	}
	ev = fci_calloc(1, sizeof(*ev));
	if (!ev)
		return FC_ENOMEM;
	if (opts)
		memcpy(&ev->opts, opts, opts->sz < sizeof(ev->opts) ? opts->sz : sizeof(ev->opts));
	ev->opts.sz = sizeof(ev->opts);
	fci_arena_init(&ev->scratch.arena, SCRATCH_CHUNK);
	ev->scratch.arena.limit = SCRATCH_LIMIT;
	fci_buf_init(&ev->out);
	ev->vm.user = ev;
	ev->vm.fill = fill;
	ev->vm.md = pcre2_match_data_create(1, NULL);
	ev->vm.mctx = pcre2_match_context_create(NULL);
	if (!ev->vm.md || !ev->vm.mctx) {
		fc_eval_free(ev);
		return FC_ENOMEM;
	}
	pcre2_set_match_limit(ev->vm.mctx, FCI_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(ev->vm.mctx, FCI_REGEX_DEPTH_LIMIT);
	rc = bind(ev, rs);
	if (rc < 0) {
		fc_eval_free(ev);
		return rc;
	}
	*out = ev;
	return FC_OK;
}

void fc_eval_free(fc_eval *ev)
{
	size_t i;

	if (!ev)
		return;
	fci_free(ev->vm.cache);
	fci_free(ev->vm.macro_gen);
	fci_free(ev->vm.macro_res);
	fci_free(ev->enabled);
	if (ev->vm.md)
		pcre2_match_data_free(ev->vm.md);
	if (ev->vm.mctx)
		pcre2_match_context_free(ev->vm.mctx);
	for (i = 0; i < ev->n_ops; i++)
		fci_free(ev->ops[i].pattern);
	fci_free(ev->ops);
	fci_arena_free(&ev->scratch.arena);
	fci_buf_free(&ev->out);
	fc_ruleset_unref(ev->rs);
	fci_free(ev);
}

int fc_eval_set_ruleset(fc_eval *ev, fc_ruleset *rs)
{
	if (!ev || !rs)
		return FC_EINVAL;
	if (ev->running)
		return FC_ESTATE;
	return bind(ev, rs);
}

static int enable(fc_eval *ev, const char *pattern, bool tag, bool enabled)
{
	size_t i, t;
	int n = 0;
	char *copy;

	if (!ev || !pattern)
		return FC_EINVAL;
	copy = fci_strdup(pattern);
	if (!copy || FCI_PUSH(ev->ops, ev->n_ops, ev->cap_ops) < 0) {
		fci_free(copy);
		return FC_ENOMEM;
	}
	ev->ops[ev->n_ops - 1] = (enable_op){copy, tag, enabled};
	for (i = 0; i < ev->rs->n_rules; i++) {
		const fc_rule *r = &ev->rs->rules[i];
		bool hit = false;

		if (tag) {
			for (t = 0; t < r->n_tags && !hit; t++)
				hit = strcmp(r->tags[t], pattern) == 0;
		} else {
			hit = fci_wildcard_match(pattern, r->name);
		}
		if (hit) {
			ev->enabled[i] = enabled;
			n++;
		}
	}
	return n;
}

int fc_eval_enable_rules(fc_eval *ev, const char *pattern, bool enabled)
{
	return enable(ev, pattern, false, enabled);
}

int fc_eval_enable_tag(fc_eval *ev, const char *tag, bool enabled)
{
	return enable(ev, tag, true, enabled);
}

int fc_eval_run(fc_eval *ev, const fc_event *event)
{
	const fci_rs_source *src;
	uint32_t b, lo, hi, i;
	int matches = 0;

	if (!ev || !event)
		return FC_EINVAL;
	if (ev->running)
		return FC_ESTATE;
	if (event->source >= ev->rs->n_src)
		return FC_EINVAL;
	ev->running = true;
	ev->event = event;
	ev->vm.gen++;
	ev->vm.code = event->code;
	fci_arena_reset(&ev->scratch.arena);
	ev->stats.events++;
	src = &ev->rs->src[event->source];
	b = event->code < src->n_codes ? event->code : src->n_codes;
	lo = src->bucket_off[b];
	hi = src->bucket_off[b + 1];
	if (lo == hi)
		ev->stats.events_no_rule++;
	for (i = lo; i < hi; i++) {
		uint32_t idx = src->bucket[i];
		const fc_rule *r = &ev->rs->rules[idx];
		int res;

		if (!ev->enabled[idx])
			continue;
		ev->stats.rules_run++;
		res = fci_vm_run(&ev->vm, &r->prog);
		if (res <= 0)
			continue;
		matches++;
		ev->stats.matches++;
		if (ev->opts.on_match) {
			fc_match m = {ev, r};

			if (ev->opts.on_match(&m, ev->opts.user) == FC_CB_STOP)
				break;
		}
		if (ev->opts.rule_matching == FC_RULE_MATCHING_FIRST)
			break;
	}
	ev->running = false;
	return matches;
}

void fc_eval_get_stats(const fc_eval *ev, fc_eval_stats *out)
{
	if (!out)
		return;
	if (!ev) {
		*out = (fc_eval_stats){0};
		return;
	}
	*out = ev->stats;
	out->regex_limit = ev->vm.regex_limit;
}

const fc_rule *fc_match_rule(const fc_match *m)
{
	return m ? m->rule : NULL;
}

const fc_event *fc_match_event(const fc_match *m)
{
	return m ? m->ev->event : NULL;
}

int fc_match_format_output(const fc_match *m, char *buf, size_t len)
{
	fci_buf *b;
	int n;

	if (!m || (!buf && len))
		return FC_EINVAL;
	b = &m->ev->out;
	fci_buf_reset(b);
	if (fci_output_render(&m->ev->vm, m->rule, b) < 0)
		return FC_ENOMEM;
	n = (int)b->len;
	if (len) {
		size_t c = b->len < len - 1 ? b->len : len - 1;

		if (c)
			memcpy(buf, b->p, c);
		buf[c] = '\0';
	}
	return n;
}

size_t fc_match_field_count(const fc_match *m)
{
	return m ? m->rule->n_out_slots : 0;
}

int fc_match_field(const fc_match *m, size_t i, const char **name, fc_value *value)
{
	const fci_cache_entry *e;
	uint32_t slot;

	if (!m || i >= m->rule->n_out_slots)
		return FC_EINVAL;
	slot = m->rule->out_slots[i];
	if (name)
		*name = m->ev->rs->slots[slot].text;
	e = fill(&m->ev->vm, slot);
	if (!e->present)
		return FC_ENOENT;
	if (value)
		*value = e->v;
	return FC_OK;
}
