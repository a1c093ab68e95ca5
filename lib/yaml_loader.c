/* SPDX-License-Identifier: Apache-2.0 */
/* libyaml events -> fci_ynode tree with byte positions.
 *
 * libyaml reports marks as character indexes; they are turned into byte
 * offsets with a table built once per file (only when the file is not pure
 * ASCII). A scalar's value bytes are mapped to file offsets by walking its
 * raw text in step with the value: plain and quoted scalars fold line breaks
 * into spaces, double-quoted ones decode escapes (all bytes an escape
 * produces map to its backslash), block scalars drop each line's
 * indentation. A byte that cannot be aligned (should not happen) maps to the
 * last aligned position, so offsets stay monotonic and inside the node. */
#include "yaml_loader.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define FCI_YAML_MAX_DEPTH 256

typedef struct frame {
	fci_ynode *node;
	fci_ynode **tmp;
	size_t n, cap;
	char *anchor;
} frame;

typedef struct builder {
	fci_yaml *y;
	const char *text;
	size_t len;
	uint32_t bom;   /* bytes of a UTF-8 BOM libyaml skipped */
	uint32_t *c2b;  /* char index -> byte offset, NULL when ASCII only */
	size_t n_chars; /* entries of c2b - 1 */
	frame *st;
	size_t depth, cap_st;
	fci_strmap anchors;
	fci_ynode *root;
	size_t cap_docs;
} builder;

static uint32_t mark_off(const builder *b, const yaml_mark_t *m)
{
	size_t i = m->index;

	if (b->c2b)
		return b->c2b[i < b->n_chars ? i : b->n_chars];
	i += b->bom;
	return (uint32_t)(i < b->len ? i : b->len);
}

static int build_c2b(builder *b)
{
	size_t i, n = 0, start = b->bom;
	bool ascii = true;

	for (i = start; i < b->len; i++) {
		if ((unsigned char)b->text[i] >= 0x80) {
			ascii = false;
			break;
		}
	}
	if (ascii)
		return FC_OK;
	b->c2b = fci_malloc((b->len - start + 1) * sizeof(uint32_t));
	if (!b->c2b)
		return FC_ENOMEM;
	for (i = start; i < b->len; i++)
		if (((unsigned char)b->text[i] & 0xC0) != 0x80)
			b->c2b[n++] = (uint32_t)i;
	b->c2b[n] = (uint32_t)b->len;
	b->n_chars = n;
	return FC_OK;
}

/* ---- scalar value -> file offsets ---- */

static size_t utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode a double-quoted escape at t[p] == '\\' (p < end). Writes the bytes
 * it produces to out (up to 4) and returns how many; *used gets the raw
 * length (for an escaped line break: the break and the next line's leading
 * blanks, producing nothing). */
static size_t dq_escape(const char *t, size_t p, size_t end, char *out, size_t *used)
{
	size_t k = 0, digits = 0, i;
	uint32_t c = 0;
	char e;

	*used = 1;
	if (p + 1 >= end)
		return 0;
	e = t[p + 1];
	*used = 2;
	switch (e) {
	case '0':
		out[0] = '\0';
		return 1;
	case 'a':
		out[0] = '\a';
		return 1;
	case 'b':
		out[0] = '\b';
		return 1;
	case 't':
	case '\t':
		out[0] = '\t';
		return 1;
	case 'n':
		out[0] = '\n';
		return 1;
	case 'v':
		out[0] = '\v';
		return 1;
	case 'f':
		out[0] = '\f';
		return 1;
	case 'r':
		out[0] = '\r';
		return 1;
	case 'e':
		out[0] = '\x1b';
		return 1;
	case ' ':
		out[0] = ' ';
		return 1;
	case '"':
		out[0] = '"';
		return 1;
	case '/':
		out[0] = '/';
		return 1;
	case '\\':
		out[0] = '\\';
		return 1;
	case 'N':
		return utf8_put(out, 0x85);
	case '_':
		return utf8_put(out, 0xA0);
	case 'L':
		return utf8_put(out, 0x2028);
	case 'P':
		return utf8_put(out, 0x2029);
	case 'x':
		digits = 2;
		break;
	case 'u':
		digits = 4;
		break;
	case 'U':
		digits = 8;
		break;
	case '\r':
	case '\n':
		i = p + 2;
		if (e == '\r' && i < end && t[i] == '\n')
			i++;
		while (i < end && (t[i] == ' ' || t[i] == '\t'))
			i++;
		*used = i - p;
		return 0;
	default:
		return 0;
	}
	for (i = 0; i < digits && p + 2 + i < end; i++) {
		int h = hexval(t[p + 2 + i]);

		if (h < 0)
			break;
		c = c * 16 + (uint32_t)h;
	}
	*used = 2 + i;
	k = utf8_put(out, c);
	return k;
}

static bool ws_match(char v, char r)
{
	if (v == ' ' || v == '\n')
		return r == '\n' || r == '\r';
	return false;
}

static void map_scalar(const builder *b, fci_ynode *n)
{
	const char *t = b->text;
	size_t p = n->start, end = n->end, i;
	size_t indent = 0;
	bool block = n->style == FCI_YS_LITERAL || n->style == FCI_YS_FOLDED;
	bool line_start = false;
	uint32_t last;

	if (end > b->len)
		end = b->len;
	if (n->style == FCI_YS_SINGLE || n->style == FCI_YS_DOUBLE) {
		p++; /* opening quote */
		if (end > p)
			end--; /* closing quote */
	} else if (block) {
		size_t q;

		while (p < end && t[p] != '\n')
			p++;
		if (p < end)
			p++;
		/* indentation: leading spaces of the first non-blank line */
		for (q = p; q < end;) {
			size_t s = q;

			while (q < end && t[q] == ' ')
				q++;
			if (q < end && t[q] != '\n' && t[q] != '\r') {
				indent = q - s;
				break;
			}
			while (q < end && t[q] != '\n')
				q++;
			if (q < end)
				q++;
		}
		line_start = true;
	}
	last = (uint32_t)p;
	for (i = 0; i < n->len; i++) {
		char c = n->val[i];
		bool found = false;

		while (p < end) {
			if (block && line_start) {
				size_t k = 0;

				while (k < indent && p < end && t[p] == ' ') {
					p++;
					k++;
				}
				line_start = false;
				if (p >= end)
					break;
			}
			if (n->style == FCI_YS_DOUBLE && t[p] == '\\') {
				char out[4];
				size_t used, k = dq_escape(t, p, end, out, &used);

				if (k && i + k <= n->len && memcmp(n->val + i, out, k) == 0) {
					size_t j;

					for (j = 0; j < k; j++)
						n->offs[i + j] = (uint32_t)p;
					i += k - 1;
					last = (uint32_t)p;
					p += used;
					found = true;
					break;
				}
				p += used;
				continue;
			}
			if (t[p] == c || ws_match(c, t[p])) {
				n->offs[i] = (uint32_t)p;
				last = (uint32_t)p;
				if (t[p] == '\r' && p + 1 < end && t[p + 1] == '\n')
					p++;
				if (t[p] == '\n')
					line_start = true;
				p++;
				found = true;
				break;
			}
			if (t[p] == '\n')
				line_start = true;
			p++;
		}
		if (!found)
			n->offs[i] = last;
	}
	n->offs[n->len] = n->len ? (uint32_t)(p > last ? p : last + 1) : (uint32_t)p;
	if (n->offs[n->len] > b->len)
		n->offs[n->len] = (uint32_t)b->len;
}

/* ---- tree building ---- */

static fci_ynode *new_node(builder *b, fci_ytype type, const yaml_event_t *ev)
{
	fci_ynode *n = fci_arena_alloc(&b->y->arena, sizeof(*n));

	if (!n)
		return NULL;
	n->type = type;
	n->start = mark_off(b, &ev->start_mark);
	n->end = mark_off(b, &ev->end_mark);
	return n;
}

static int attach(builder *b, fci_ynode *n)
{
	frame *f;

	if (b->depth == 0) {
		b->root = n;
		return FC_OK;
	}
	f = &b->st[b->depth - 1];
	if (FCI_PUSH(f->tmp, f->n, f->cap) < 0)
		return FC_ENOMEM;
	f->tmp[f->n - 1] = n;
	return FC_OK;
}

static int put_anchor(builder *b, const yaml_char_t *anchor, fci_ynode *n)
{
	char *key;

	if (!anchor)
		return FC_OK;
	key = fci_arena_strdup(&b->y->arena, (const char *)anchor);
	if (!key)
		return FC_ENOMEM;
	return fci_strmap_put(&b->anchors, key, strlen(key), n);
}

static void set_err(fci_yaml *y, uint32_t off, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void set_err(fci_yaml *y, uint32_t off, const char *fmt, ...)
{
	va_list ap;

	y->err_offset = off;
	va_start(ap, fmt);
	vsnprintf(y->err_msg, sizeof(y->err_msg), fmt, ap);
	va_end(ap);
}

static int on_event(builder *b, yaml_event_t *ev)
{
	fci_ynode *n;
	int rc;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		b->root = NULL;
		return FC_OK;
	case YAML_DOCUMENT_END_EVENT:
		if (FCI_PUSH(b->y->docs, b->y->n_docs, b->cap_docs) < 0)
			return FC_ENOMEM;
		b->y->docs[b->y->n_docs - 1] = b->root;
		return FC_OK;
	case YAML_SCALAR_EVENT:
		n = new_node(b, FCI_Y_SCALAR, ev);
		if (!n)
			return FC_ENOMEM;
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			n->style = FCI_YS_SINGLE;
			break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			n->style = FCI_YS_DOUBLE;
			break;
		case YAML_LITERAL_SCALAR_STYLE:
			n->style = FCI_YS_LITERAL;
			break;
		case YAML_FOLDED_SCALAR_STYLE:
			n->style = FCI_YS_FOLDED;
			break;
		default:
			n->style = FCI_YS_PLAIN;
			break;
		}
		n->len = (uint32_t)ev->data.scalar.length;
		n->val = fci_arena_strndup(&b->y->arena, (const char *)ev->data.scalar.value,
		                           n->len);
		n->offs = fci_arena_alloc(&b->y->arena, (n->len + 1) * sizeof(uint32_t));
		if (!n->val || !n->offs)
			return FC_ENOMEM;
		map_scalar(b, n);
		rc = put_anchor(b, ev->data.scalar.anchor, n);
		if (rc < 0)
			return rc;
		return attach(b, n);
	case YAML_ALIAS_EVENT:
		n = fci_strmap_get(&b->anchors, (const char *)ev->data.alias.anchor,
		                   strlen((const char *)ev->data.alias.anchor));
		if (!n) {
			set_err(b->y, mark_off(b, &ev->start_mark), "found undefined alias '%s'",
			        (const char *)ev->data.alias.anchor);
			return FC_EFORMAT;
		}
		return attach(b, n);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT
		                                    ? ev->data.sequence_start.anchor
		                                    : ev->data.mapping_start.anchor;
		frame *f;

		if (b->depth >= FCI_YAML_MAX_DEPTH) {
			set_err(b->y, mark_off(b, &ev->start_mark), "nesting deeper than %d levels",
			        FCI_YAML_MAX_DEPTH);
			return FC_EFORMAT;
		}
		n = new_node(b, ev->type == YAML_SEQUENCE_START_EVENT ? FCI_Y_SEQ : FCI_Y_MAP, ev);
		if (!n)
			return FC_ENOMEM;
		rc = attach(b, n);
		if (rc < 0)
			return rc;
		{
			size_t oldcap = b->cap_st;

			if (fci_grow((void **)&b->st, &b->cap_st, b->depth + 1, sizeof(*b->st)) < 0)
				return FC_ENOMEM;
			if (b->cap_st > oldcap)
				memset(b->st + oldcap, 0, (b->cap_st - oldcap) * sizeof(*b->st));
		}
		f = &b->st[b->depth++];
		f->node = n;
		f->n = 0;
		f->anchor = NULL;
		if (anchor) {
			f->anchor = fci_arena_strdup(&b->y->arena, (const char *)anchor);
			if (!f->anchor)
				return FC_ENOMEM;
		}
		return FC_OK;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		frame *f;

		if (b->depth == 0)
			return FC_OK;
		f = &b->st[--b->depth];
		n = f->node;
		n->end = mark_off(b, &ev->end_mark);
		n->n = n->type == FCI_Y_MAP ? f->n / 2 : f->n;
		n->items = fci_arena_alloc(&b->y->arena, (f->n ? f->n : 1) * sizeof(*n->items));
		if (!n->items)
			return FC_ENOMEM;
		if (f->n)
			memcpy(n->items, f->tmp, f->n * sizeof(*n->items));
		/* registered only now: an alias inside its own node is undefined */
		if (f->anchor)
			return fci_strmap_put(&b->anchors, f->anchor, strlen(f->anchor), n);
		return FC_OK;
	}
	default:
		return FC_OK;
	}
}

static void parser_error(builder *b, const yaml_parser_t *p)
{
	const char *prob = p->problem ? p->problem : "unknown YAML error";

	if (p->error == YAML_READER_ERROR) {
		size_t off = p->problem_offset;

		set_err(b->y, (uint32_t)(off < b->len ? off : b->len), "%s", prob);
		return;
	}
	if (p->context) {
		uint32_t coff = mark_off(b, &p->context_mark);

		set_err(b->y, mark_off(b, &p->problem_mark), "%s %s (started at line %zu)",
		        p->context, prob, (size_t)p->context_mark.line + 1);
		(void)coff;
		return;
	}
	set_err(b->y, mark_off(b, &p->problem_mark), "%s", prob);
}

int fci_yaml_parse(fci_yaml *y, const char *text, size_t len)
{
	yaml_parser_t parser;
	builder b;
	int rc = FC_OK;
	size_t i;

	memset(y, 0, sizeof(*y));
	fci_arena_init(&y->arena, 65536);
	memset(&b, 0, sizeof(b));
	b.y = y;
	b.text = text;
	b.len = len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		b.bom = 3;
	fci_strmap_init(&b.anchors);
	if (build_c2b(&b) < 0)
		return FC_ENOMEM;
	if (!yaml_parser_initialize(&parser)) {
		fci_free(b.c2b);
		return FC_ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		yaml_event_t ev;
		bool done;

		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				rc = FC_ENOMEM;
			} else {
				parser_error(&b, &parser);
				rc = FC_EFORMAT;
			}
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (rc < 0 || done)
			break;
	}
	yaml_parser_delete(&parser);
	for (i = 0; i < b.cap_st; i++)
		fci_free(b.st[i].tmp);
	fci_free(b.st);
	fci_free(b.c2b);
	fci_strmap_free(&b.anchors);
	return rc;
}

void fci_yaml_free(fci_yaml *y)
{
	fci_free(y->docs);
	fci_arena_free(&y->arena);
	memset(y, 0, sizeof(*y));
}

bool fci_ynode_is_null(const fci_ynode *n)
{
	if (!n)
		return true;
	if (n->type != FCI_Y_SCALAR || n->style != FCI_YS_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->val, "~") == 0 || strcmp(n->val, "null") == 0 ||
	       strcmp(n->val, "Null") == 0 || strcmp(n->val, "NULL") == 0;
}

fci_ynode *fci_ymap_get(const fci_ynode *map, const char *key, fci_ynode **keynode)
{
	size_t i, kl = strlen(key);

	if (!map || map->type != FCI_Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		fci_ynode *k = map->items[2 * i];

		if (k->type == FCI_Y_SCALAR && k->len == kl && memcmp(k->val, key, kl) == 0) {
			if (keynode)
				*keynode = k;
			return map->items[2 * i + 1];
		}
	}
	return NULL;
}

/* yaml-cpp's "flexible case": all lower, all upper, or capitalised. */
static bool flex_eq(const char *s, const char *lower)
{
	size_t i, n = strlen(lower);
	bool all_up = true, all_low = true, cap = true;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++) {
		char l = lower[i], u = (char)(l - 'a' + 'A');

		if (s[i] != l)
			all_low = false;
		if (s[i] != u)
			all_up = false;
		if (s[i] != (i == 0 ? u : l))
			cap = false;
	}
	return all_low || all_up || cap;
}

bool fci_ynode_bool(const fci_ynode *n, bool *out)
{
	static const char *const t[] = {"y", "yes", "true", "on"};
	static const char *const f[] = {"n", "no", "false", "off"};
	size_t i;

	if (!n || n->type != FCI_Y_SCALAR)
		return false;
	for (i = 0; i < FCI_ARRAY_LEN(t); i++) {
		if (flex_eq(n->val, t[i])) {
			*out = true;
			return true;
		}
		if (flex_eq(n->val, f[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool fci_ynode_u64(const fci_ynode *n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n || n->type != FCI_Y_SCALAR || n->len == 0 || n->len > 19)
		return false;
	for (i = 0; i < n->len; i++) {
		if (n->val[i] < '0' || n->val[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(n->val[i] - '0');
	}
	*out = v;
	return true;
}
