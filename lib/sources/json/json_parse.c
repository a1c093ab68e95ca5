/* SPDX-License-Identifier: Apache-2.0 */
/* JSON sources: creation, the source ops, the streaming parser and batches.
 * Parsing uses json-c's incremental tokener, so a value may span chunks and
 * whitespace-separated values (JSON lines, pretty-printed objects) follow
 * each other. */
#include "json_internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define FCI_JSON_DEFAULT_MAX_EVENT (16u << 20)
#define FCI_JSON_DEFAULT_MAX_DEPTH 64

static const char *const k8s_provides[] = {"k8saudit@0.18.0", "json@0.7.0", NULL};
static const char *const json_provides[] = {"json@0.7.0", NULL};
static const char *const json_code_names[] = {"json"};

static void *scratch_alloc(void *actx, size_t n)
{
	return fc_scratch_alloc(actx, n);
}

static int ops_extract(void *ctx, const fc_event *ev, const fc_field_ref *ref, fc_scratch *scratch,
                       fc_value *out)
{
	return fci_json_extract(ctx, ev, ref, scratch_alloc, scratch, out);
}

static int ops_resolve(void *ctx, fc_field_ref *ref, char *err, size_t errlen)
{
	const fc_json_source *src = ctx;
	const fc_field_def *f;

	if (!src || !ref || ref->field >= src->ops.n_fields)
		return FC_EINVAL;
	f = &fci_json_fields[ref->field];
	if ((f->flags & FC_FIELD_ARG_REQUIRED) && (!ref->has_arg || !ref->arg || !ref->arg_len)) {
		if (err && errlen)
			snprintf(err, errlen, "%s needs an argument: %s[...]", f->name, f->name);
		return FC_EINVAL;
	}
	if ((f->flags & FC_FIELD_ARG_INDEX) && ref->has_arg && ref->index < 0) {
		if (err && errlen)
			snprintf(err, errlen, "the argument of %s must be a non-negative index",
			         f->name);
		return FC_EINVAL;
	}
	if (!(f->flags & (FC_FIELD_ARG_REQUIRED | FC_FIELD_ARG_ALLOWED)) && ref->has_arg) {
		if (err && errlen)
			snprintf(err, errlen, "%s takes no argument", f->name);
		return FC_EINVAL;
	}
	return FC_OK;
}

int fc_json_source_new(const fc_json_opts *opts, fc_json_source **out)
{
	fc_json_source *src;
	fc_json_kind kind = FC_JSON_GENERIC;
	const char *name = NULL, *tp = NULL, *cluster = NULL;
	size_t max_event = 0;
	int depth = 0;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (opts) {
		if (opts->sz < offsetof(fc_json_opts, kind) + sizeof(opts->kind))
			return FC_EINVAL;
		if (opts->sz > sizeof(*opts)) {
			const unsigned char *p = (const unsigned char *)opts;
			size_t i;

			for (i = sizeof(*opts); i < opts->sz; i++)
				if (p[i])
					return FC_EINVAL;
		}
		kind = opts->kind;
#define HAS(f) (opts->sz >= offsetof(fc_json_opts, f) + sizeof(opts->f))
		if (HAS(name))
			name = opts->name;
		if (HAS(time_pointer))
			tp = opts->time_pointer;
		if (HAS(cluster_name))
			cluster = opts->cluster_name;
		if (HAS(max_event_size))
			max_event = opts->max_event_size;
		if (HAS(max_depth))
			depth = opts->max_depth;
#undef HAS
	}
	if (kind != FC_JSON_GENERIC && kind != FC_JSON_K8S_AUDIT)
		return FC_EINVAL;
	if (depth < 0 || (name && !*name))
		return FC_EINVAL;
	src = fci_calloc(1, sizeof(*src));
	if (!src)
		return FC_ENOMEM;
	src->kind = kind;
	src->name = fci_strdup(name ? name : kind == FC_JSON_K8S_AUDIT ? "k8s_audit" : "json");
	src->time_pointer = tp ? fci_strdup(tp) : NULL;
	src->cluster_name = cluster ? fci_strdup(cluster) : NULL;
	src->max_event_size = max_event ? max_event : FCI_JSON_DEFAULT_MAX_EVENT;
	src->max_depth = depth ? depth : FCI_JSON_DEFAULT_MAX_DEPTH;
	if (!src->name || (tp && !src->time_pointer) || (cluster && !src->cluster_name)) {
		fc_json_source_free(src);
		return FC_ENOMEM;
	}
	src->ops.sz = sizeof(src->ops);
	src->ops.name = src->name;
	src->ops.fields = fci_json_fields;
	src->ops.resolve = ops_resolve;
	src->ops.extract = ops_extract;
	src->ops.ctx = src;
	if (kind == FC_JSON_K8S_AUDIT) {
		src->ops.n_fields = fci_json_n_fields;
		src->ops.code_names = fci_k8s_code_names;
		src->ops.n_codes = FCI_KV__COUNT;
		src->ops.index_field = "ka.verb";
		src->ops.provides = k8s_provides;
	} else {
		src->ops.n_fields = fci_json_n_generic_fields;
		src->ops.code_names = json_code_names;
		src->ops.n_codes = 1;
		src->ops.index_field = NULL;
		src->ops.provides = json_provides;
	}
	*out = src;
	return FC_OK;
}

void fc_json_source_free(fc_json_source *src)
{
	if (!src)
		return;
	fci_free(src->name);
	fci_free(src->time_pointer);
	fci_free(src->cluster_name);
	fci_free(src);
}

const fc_source_ops *fc_json_source_ops(const fc_json_source *src)
{
	return src ? &src->ops : NULL;
}

const char *fc_json_source_name(const fc_json_source *src)
{
	return src ? src->name : "";
}

/* ---- streaming parser ---- */

struct fc_json_parser {
	const fc_json_source *src;
	uint32_t source_id;
	uint32_t flags;
	json_tokener *tok;
	bool in_value; /* the tokener holds part of a value */
	bool skipping; /* after an error: dropping input up to the next newline */
	bool failed;   /* strict mode after an error */
	size_t value_bytes;
	uint64_t line, col;             /* position of the next byte (1-based) */
	uint64_t value_line, value_col; /* where the current value began */
	uint64_t num;
	fc_json_parser_stats st;
	char err[256];
};

int fc_json_parser_new(const fc_json_source *src, uint32_t source_id, uint32_t flags,
                       fc_json_parser **out)
{
	fc_json_parser *p;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!src || (flags & ~(uint32_t)FC_JSON_PARSER_SKIP_BAD))
		return FC_EINVAL;
	p = fci_calloc(1, sizeof(*p));
	if (!p)
		return FC_ENOMEM;
	p->src = src;
	p->source_id = source_id;
	p->flags = flags;
	p->tok = json_tokener_new_ex(src->max_depth);
	if (!p->tok) {
		fci_free(p);
		return FC_ENOMEM;
	}
	json_tokener_set_flags(p->tok, JSON_TOKENER_STRICT);
	p->line = 1;
	p->col = 1;
	*out = p;
	return FC_OK;
}

void fc_json_parser_free(fc_json_parser *p)
{
	if (!p)
		return;
	json_tokener_free(p->tok);
	fci_free(p);
}

const char *fc_json_parser_error(const fc_json_parser *p)
{
	return p ? p->err : "";
}

void fc_json_parser_get_stats(const fc_json_parser *p, fc_json_parser_stats *out)
{
	if (!out)
		return;
	if (!p) {
		*out = (fc_json_parser_stats){0};
		return;
	}
	*out = p->st;
}

/* Moves the position over n bytes of input. */
static void advance(fc_json_parser *p, const char *d, size_t n)
{
	const char *end = d + n, *nl;

	while ((nl = memchr(d, '\n', (size_t)(end - d))) != NULL) {
		p->line++;
		p->col = 1;
		d = nl + 1;
	}
	p->col += (uint64_t)(end - d);
	p->st.bytes += n;
}

/* Records an error at line:col; returns the status for the caller. */
static int fail(fc_json_parser *p, int status, uint64_t line, uint64_t col, const char *msg)
{
	snprintf(p->err, sizeof(p->err), "line %llu, column %llu: %s", (unsigned long long)line,
	         (unsigned long long)col, msg);
	p->st.errors++;
	json_tokener_reset(p->tok);
	p->in_value = false;
	if (p->flags & FC_JSON_PARSER_SKIP_BAD) {
		p->skipping = true;
		return FC_OK;
	}
	p->failed = true;
	return status;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int deliver_one(fc_json_parser *p, json_object *item, uint64_t now, fc_json_event_fn fn,
                       void *user)
{
	fc_event ev;
	uint64_t ts;

	memset(&ev, 0, sizeof(ev));
	ev.source = p->source_id;
	if (p->src->kind == FC_JSON_K8S_AUDIT) {
		json_object *verb = NULL;

		if (json_object_object_get_ex(item, "verb", &verb) &&
		    json_object_is_type(verb, json_type_string))
			ev.code = fci_k8s_verb_code(json_object_get_string(verb),
			                            (size_t)json_object_get_string_len(verb));
	}
	ts = fci_json_event_time(p->src, item);
	ev.ts = ts ? ts : now;
	ev.num = ++p->num;
	ev.decoded = item;
	p->st.events++;
	return fn(&ev, user);
}

/* Delivers the events of one complete top-level value. */
static int deliver(fc_json_parser *p, json_object *top, fc_json_event_fn fn, void *user)
{
	json_object *items = NULL, *kind = NULL;
	uint64_t now = now_ns();
	size_t i, n;
	int rc;

	if (json_object_is_type(top, json_type_object)) {
		if (json_object_object_get_ex(top, "kind", &kind) &&
		    json_object_is_type(kind, json_type_string) &&
		    strcmp(json_object_get_string(kind), "EventList") == 0 &&
		    json_object_object_get_ex(top, "items", &items) &&
		    json_object_is_type(items, json_type_array)) {
			/* the API server's webhook batch: one event per item */
		} else {
			return deliver_one(p, top, now, fn, user);
		}
	} else if (json_object_is_type(top, json_type_array)) {
		items = top;
	} else {
		return fail(p, FC_EFORMAT, p->value_line, p->value_col,
		            "expected a JSON object, an array of objects or an EventList");
	}
	n = json_object_array_length(items);
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);

		if (!json_object_is_type(it, json_type_object)) {
			char msg[96];

			snprintf(msg, sizeof(msg), "item %zu of the list is not a JSON object", i);
			rc = fail(p, FC_EFORMAT, p->value_line, p->value_col, msg);
			if (rc < 0)
				return rc;
			p->skipping = false; /* the value was complete: nothing to skip */
			continue;
		}
		rc = deliver_one(p, it, now, fn, user);
		if (rc < 0)
			return rc;
	}
	return FC_OK;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int fc_json_parser_feed(fc_json_parser *p, const char *data, size_t len, fc_json_event_fn fn,
                        void *user)
{
	size_t pos = 0;
	int rc;

	if (!p || (!data && len) || !fn)
		return FC_EINVAL;
	if (p->failed)
		return FC_ESTATE;
	while (pos < len) {
		size_t room, chunk, used, vlen;
		json_object *obj;
		enum json_tokener_error jerr;

		if (p->skipping) {
			const char *nl = memchr(data + pos, '\n', len - pos);
			size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;

			advance(p, data + pos, n);
			pos += n;
			if (nl)
				p->skipping = false;
			continue;
		}
		if (!p->in_value) {
			size_t s = pos;

			while (pos < len && is_ws(data[pos]))
				pos++;
			advance(p, data + s, pos - s);
			if (pos == len)
				break;
			p->in_value = true;
			p->value_bytes = 0;
			p->value_line = p->line;
			p->value_col = p->col;
		}
		room = p->src->max_event_size - p->value_bytes + 1;
		chunk = len - pos;
		if (chunk > room)
			chunk = room;
		if (chunk > INT_MAX)
			chunk = INT_MAX;
		{
			/* In strict mode json-c rejects anything but whitespace after a
			 * value, so the tokener sees one line at a time. */
			const char *nl = memchr(data + pos, '\n', chunk);

			if (nl)
				chunk = (size_t)(nl - (data + pos)) + 1;
		}
		obj = json_tokener_parse_ex(p->tok, data + pos, (int)chunk);
		jerr = json_tokener_get_error(p->tok);
		if (jerr == json_tokener_continue) {
			advance(p, data + pos, chunk);
			pos += chunk;
			p->value_bytes += chunk;
			if (p->value_bytes > p->src->max_event_size) {
				char msg[96];

				snprintf(msg, sizeof(msg), "JSON value over the %zu-byte bound",
				         p->src->max_event_size);
				rc = fail(p, FC_ELIMIT, p->value_line, p->value_col, msg);
				if (rc < 0)
					return rc;
			}
			continue;
		}
		used = json_tokener_get_parse_end(p->tok);
		if (jerr != json_tokener_success) {
			char msg[160];

			if (used > chunk)
				used = chunk;
			advance(p, data + pos, used);
			pos += used;
			snprintf(msg, sizeof(msg), "malformed JSON: %s",
			         json_tokener_error_desc(jerr));
			rc = fail(p, jerr == json_tokener_error_depth ? FC_ELIMIT : FC_EFORMAT,
			          p->line, p->col, msg);
			if (rc < 0)
				return rc;
			continue;
		}
		vlen = used; /* the value, without the whitespace after it */
		while (vlen > 0 && is_ws(data[pos + vlen - 1]))
			vlen--;
		advance(p, data + pos, used);
		pos += used;
		if (p->value_bytes + vlen > p->src->max_event_size) {
			/* the tokener is given one byte over the bound, to tell a value
			 * of exactly max_event_size bytes from a longer one */
			char msg[96];

			json_object_put(obj);
			snprintf(msg, sizeof(msg), "JSON value over the %zu-byte bound",
			         p->src->max_event_size);
			rc = fail(p, FC_ELIMIT, p->value_line, p->value_col, msg);
			if (rc < 0)
				return rc;
			continue;
		}
		p->in_value = false;
		json_tokener_reset(p->tok);
		rc = deliver(p, obj, fn, user);
		json_object_put(obj);
		if (rc < 0)
			return rc;
	}
	return FC_OK;
}

int fc_json_parser_finish(fc_json_parser *p, fc_json_event_fn fn, void *user)
{
	int rc = FC_OK;

	/* Objects and arrays end with a delimiter, so nothing is pending here
	 * but a truncated value: the callback is not needed (kept for symmetry). */
	(void)user;
	if (!p || !fn)
		return FC_EINVAL;
	if (p->failed)
		return FC_ESTATE;
	if (p->in_value && !p->skipping)
		rc = fail(p, FC_EFORMAT, p->line, p->col, "truncated JSON value at end of input");
	p->skipping = false;
	p->in_value = false;
	json_tokener_reset(p->tok);
	return rc;
}

/* ---- batches ---- */

struct fc_json_batch {
	fc_event *events;
	size_t n, cap;
};

static int batch_add(const fc_event *ev, void *user)
{
	fc_json_batch *b = user;

	if (FCI_PUSH(b->events, b->n, b->cap) < 0)
		return FC_ENOMEM;
	b->events[b->n - 1] = *ev;
	json_object_get((json_object *)ev->decoded);
	return FC_OK;
}

void fc_json_batch_free(fc_json_batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++)
		json_object_put((json_object *)b->events[i].decoded);
	fci_free(b->events);
	fci_free(b);
}

size_t fc_json_batch_count(const fc_json_batch *b)
{
	return b ? b->n : 0;
}

const fc_event *fc_json_batch_event(const fc_json_batch *b, size_t i)
{
	return b && i < b->n ? &b->events[i] : NULL;
}

int fc_json_source_parse(const fc_json_source *src, const char *text, size_t len,
                         uint32_t source_id, fc_json_batch **out, char *err, size_t errlen)
{
	fc_json_parser *p = NULL;
	fc_json_batch *b;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!src || (!text && len))
		return FC_EINVAL;
	b = fci_calloc(1, sizeof(*b));
	if (!b)
		return FC_ENOMEM;
	rc = fc_json_parser_new(src, source_id, 0, &p);
	if (rc == FC_OK)
		rc = fc_json_parser_feed(p, text, len, batch_add, b);
	if (rc == FC_OK)
		rc = fc_json_parser_finish(p, batch_add, b);
	if (rc < 0) {
		if (err && errlen && p)
			snprintf(err, errlen, "%s", p->err);
		fc_json_batch_free(b);
		b = NULL;
	}
	fc_json_parser_free(p);
	*out = b;
	return rc;
}
