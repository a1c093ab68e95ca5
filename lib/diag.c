/* SPDX-License-Identifier: Apache-2.0 */
/* Diagnostic lists and rendering. (Foundation version: the loader issue
 * completes the code tables and the GCC-style snippet rendering.) */
#include "rules.h"

#include <stdio.h>
#include <string.h>

/* A source line kept for the snippet: at most FCI_SNIPPET_MAX bytes around
 * the caret (with "..." where cut), and where the caret goes in it. */
typedef struct snippet {
	char *text;
	uint32_t caret; /* byte offset of the caret in text */
	uint32_t len;   /* caret span in bytes (>= 1), clipped to the line */
} snippet;

typedef struct diag_entry {
	fc_diag d;
	char *file;
	char *origin_file;
	char *kind;
	char *name;
	char *message;
	snippet snip;
	snippet origin_snip;
} diag_entry;

#define FCI_SNIPPET_MAX 160

struct fc_diag_list {
	diag_entry *v;
	size_t n, cap;
};

int fc_diag_list_new(fc_diag_list **out)
{
	if (!out)
		return FC_EINVAL;
	*out = fci_calloc(1, sizeof(**out));
	return *out ? FC_OK : FC_ENOMEM;
}

void fc_diag_list_clear(fc_diag_list *dl)
{
	size_t i;

	if (!dl)
		return;
	for (i = 0; i < dl->n; i++) {
		diag_entry *e = &dl->v[i];

		fci_free(e->file);
		fci_free(e->origin_file);
		fci_free(e->kind);
		fci_free(e->name);
		fci_free(e->message);
		fci_free(e->snip.text);
		fci_free(e->origin_snip.text);
	}
	dl->n = 0;
}

void fc_diag_list_free(fc_diag_list *dl)
{
	if (!dl)
		return;
	fc_diag_list_clear(dl);
	fci_free(dl->v);
	fci_free(dl);
}

size_t fc_diag_list_count(const fc_diag_list *dl)
{
	return dl ? dl->n : 0;
}

size_t fc_diag_list_count_severity(const fc_diag_list *dl, fc_severity sev)
{
	size_t i, c = 0;

	if (!dl)
		return 0;
	for (i = 0; i < dl->n; i++)
		if (dl->v[i].d.severity == sev)
			c++;
	return c;
}

const fc_diag *fc_diag_list_get(const fc_diag_list *dl, size_t i)
{
	if (!dl || i >= dl->n)
		return NULL;
	return &dl->v[i].d;
}

static void fill_loc(const fc_engine *eng, fci_loc l, fc_loc *out, char **fname, snippet *sn)
{
	const fci_file *f;
	uint32_t start, end, off, from, to, span;
	fci_buf b;

	memset(out, 0, sizeof(*out));
	if (!eng || l.file < 0 || (size_t)l.file >= eng->n_files)
		return;
	f = eng->files[l.file];
	*fname = fci_strdup(f->name);
	out->file = *fname;
	off = l.offset <= f->len ? l.offset : (uint32_t)f->len;
	out->offset = off;
	out->length = l.length;
	fci_file_linecol(f, off, &out->line, &out->column);
	start = f->line_starts[out->line - 1];
	end = off;
	while (end < f->len && f->text[end] != '\n')
		end++;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	span = l.length ? l.length : 1;
	if (off + span > end)
		span = end > off ? end - off : 1;
	/* window of at most FCI_SNIPPET_MAX bytes around the caret */
	from = start;
	to = end;
	if (to - from > FCI_SNIPPET_MAX) {
		from = off > start + FCI_SNIPPET_MAX / 2 ? off - FCI_SNIPPET_MAX / 2 : start;
		to = from + FCI_SNIPPET_MAX < end ? from + FCI_SNIPPET_MAX : end;
		if (span > to - off)
			span = to > off ? to - off : 1;
	}
	fci_buf_init(&b);
	if (from > start)
		fci_buf_adds(&b, "...");
	sn->caret = (uint32_t)b.len + (off - from);
	fci_buf_add(&b, f->text + from, to - from);
	if (to < end)
		fci_buf_adds(&b, "...");
	fci_buf_addc(&b, '\0');
	sn->text = b.oom ? NULL : fci_buf_steal(&b);
	fci_buf_free(&b);
	sn->len = span;
}

int fci_diag_add(fc_diag_list *dl, const fc_engine *eng, fc_severity sev, fc_diag_code code,
                 fci_loc loc, const fci_loc *origin, const char *item_kind, const char *item_name,
                 const char *fmt, ...)
{
	diag_entry *e;
	va_list ap;

	if (!dl)
		return FC_OK;
	if (fci_grow((void **)&dl->v, &dl->cap, dl->n + 1, sizeof(*dl->v)) < 0)
		return FC_ENOMEM;
	e = &dl->v[dl->n];
	memset(e, 0, sizeof(*e));
	va_start(ap, fmt);
	e->message = fci_vasprintf(fmt, ap);
	va_end(ap);
	if (!e->message)
		return FC_ENOMEM;
	e->d.severity = sev;
	e->d.code = code;
	fill_loc(eng, loc, &e->d.loc, &e->file, &e->snip);
	if (origin)
		fill_loc(eng, *origin, &e->d.origin, &e->origin_file, &e->origin_snip);
	if (item_kind)
		e->kind = fci_strdup(item_kind);
	if (item_name)
		e->name = fci_strdup(item_name);
	e->d.item_kind = e->kind;
	e->d.item_name = e->name;
	e->d.message = e->message;
	dl->n++;
	return FC_OK;
}

static const char *sev_name(fc_severity s)
{
	switch (s) {
	case FC_SEV_ERROR:
		return "error";
	case FC_SEV_WARNING:
		return "warning";
	case FC_SEV_NOTE:
		return "note";
	}
	return "error";
}

#define C_BOLD  "\033[1m"
#define C_RED   "\033[1;31m"
#define C_MAG   "\033[1;35m"
#define C_CYAN  "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_OFF   "\033[0m"

static const char *sev_color(fc_severity s)
{
	return s == FC_SEV_ERROR ? C_RED : s == FC_SEV_WARNING ? C_MAG : C_CYAN;
}

static void put_snippet(fci_buf *b, const fc_loc *loc, const snippet *sn, bool color)
{
	uint32_t c;

	if (!sn->text || !loc->line)
		return;
	fci_buf_printf(b, "%5u | %s\n      | ", loc->line, sn->text);
	for (c = 0; c < sn->caret && sn->text[c]; c++)
		fci_buf_addc(b, sn->text[c] == '\t' ? '\t' : ' ');
	if (color)
		fci_buf_adds(b, C_GREEN);
	fci_buf_addc(b, '^');
	for (c = 1; c < sn->len; c++)
		fci_buf_addc(b, '~');
	if (color)
		fci_buf_adds(b, C_OFF);
	fci_buf_addc(b, '\n');
}

static void put_where(fci_buf *b, const fc_loc *loc, bool color)
{
	if (color)
		fci_buf_adds(b, C_BOLD);
	if (loc->file && loc->line)
		fci_buf_printf(b, "%s:%u:%u: ", loc->file, loc->line, loc->column);
	else if (loc->file)
		fci_buf_printf(b, "%s: ", loc->file);
	if (color)
		fci_buf_adds(b, C_OFF);
}

int fc_diag_format(const fc_diag_list *dl, size_t i, unsigned flags, char *buf, size_t len)
{
	const diag_entry *e;
	bool color;
	fci_buf b;
	int n;

	if (!dl || i >= dl->n || (!buf && len))
		return FC_EINVAL;
	e = &dl->v[i];
	color = (flags & FC_DIAG_FMT_COLOR) != 0;
	fci_buf_init(&b);
	if (!(flags & FC_DIAG_FMT_SNIPPET_ONLY)) {
		put_where(&b, &e->d.loc, color);
		fci_buf_printf(&b, "%s%s%s[%s]: ", color ? sev_color(e->d.severity) : "",
		               sev_name(e->d.severity), color ? C_OFF : "",
		               (flags & FC_DIAG_FMT_FALCO_CODE) ? fc_diag_falco_code(e->d.code)
		                                                : fc_diag_code_name(e->d.code));
		if (e->d.item_kind && e->d.item_name)
			fci_buf_printf(&b, "%s '%s': ", e->d.item_kind, e->d.item_name);
		fci_buf_printf(&b, "%s\n", e->d.message);
	}
	if (!(flags & FC_DIAG_FMT_NO_SNIPPET))
		put_snippet(&b, &e->d.loc, &e->snip, color);
	if (e->d.origin.line && !(flags & FC_DIAG_FMT_SNIPPET_ONLY)) {
		put_where(&b, &e->d.origin, color);
		fci_buf_printf(&b, "%snote%s: used here", color ? C_CYAN : "", color ? C_OFF : "");
		if (e->d.item_kind && e->d.item_name)
			fci_buf_printf(&b, ", in %s '%s'", e->d.item_kind, e->d.item_name);
		fci_buf_addc(&b, '\n');
		if (!(flags & FC_DIAG_FMT_NO_SNIPPET))
			put_snippet(&b, &e->d.origin, &e->origin_snip, color);
	}
	if (b.oom) {
		fci_buf_free(&b);
		return FC_ENOMEM;
	}
	n = (int)b.len;
	if (len) {
		size_t c = b.len < len - 1 ? b.len : len - 1;

		if (c)
			memcpy(buf, b.p, c);
		buf[c] = '\0';
	}
	fci_buf_free(&b);
	return n;
}

/* id, Falco load-result code, and the Falco description text (JSON
 * `codedesc`: the short text for errors - Falco's error_desc() returns its
 * short strings - and the long description for warnings). */
typedef struct code_info {
	fc_diag_code code;
	const char *id;
	const char *falco;
} code_info;

static const code_info codes[] = {
        {FC_D_YAML_SYNTAX, "yaml-syntax", "LOAD_ERR_YAML_PARSE"},
        {FC_D_FILE_READ, "file-read", "LOAD_ERR_FILE_READ"},
        {FC_D_NOT_A_LIST, "not-a-list", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_ITEM_NOT_MAP, "item-not-map", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_MISSING_KEY, "missing-key", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_BAD_TYPE, "bad-type", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_UNKNOWN_KEY, "unknown-key", "LOAD_UNKNOWN_KEY"},
        {FC_D_BAD_PRIORITY, "bad-priority", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_BAD_VERSION, "bad-version", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_BAD_OVERRIDE, "bad-override", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_FILE_TOO_LARGE, "file-too-large", "LOAD_ERR_FILE_READ"},
        {FC_D_EMPTY_VALUE, "empty-value", "LOAD_ERR_YAML_VALIDATE"},
        {FC_D_NO_RULES_FILES, "no-rules-files", "LOAD_ERR_FILE_READ"},
        {FC_D_APPEND_UNDEFINED, "append-undefined", "LOAD_ERR_VALIDATE"},
        {FC_D_ENGINE_VERSION, "engine-version", "LOAD_ERR_VALIDATE"},
        {FC_D_PLUGIN_REQUIREMENT, "plugin-requirement", "LOAD_ERR_VALIDATE"},
        {FC_D_LIST_LOOP, "list-loop", "LOAD_ERR_VALIDATE"},
        {FC_D_MACRO_LOOP, "macro-loop", "LOAD_ERR_VALIDATE"},
        {FC_D_UNDEFINED_MACRO, "undefined-macro", "LOAD_ERR_VALIDATE"},
        {FC_D_BAD_EXCEPTION, "bad-exception", "LOAD_ERR_VALIDATE"},
        {FC_D_SOURCE_MISMATCH, "source-mismatch", "LOAD_ERR_VALIDATE"},
        {FC_D_ENABLED_NO_RULE, "enabled-no-rule", "LOAD_ERR_VALIDATE"},
        {FC_D_UNDEFINED_LIST, "undefined-list", "LOAD_ERR_VALIDATE"},
        {FC_D_SYNTAX, "syntax", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_STRING, "bad-string", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_TOO_DEEP, "too-deep", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_UNKNOWN_FIELD, "unknown-field", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_FIELD_ARG, "bad-field-arg", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_OPERATOR, "bad-operator", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_VALUE, "bad-value", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_REGEX, "bad-regex", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_UNKNOWN_EVTTYPE, "unknown-evttype", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_BAD_OUTPUT, "bad-output", "LOAD_ERR_COMPILE_OUTPUT"},
        {FC_D_UNKNOWN_OUTPUT_FIELD, "unknown-output-field", "LOAD_ERR_COMPILE_OUTPUT"},
        {FC_D_BAD_TRANSFORMER, "bad-transformer", "LOAD_ERR_COMPILE_CONDITION"},
        {FC_D_LIMIT, "limit", "LOAD_ERR_VALIDATE"},
        {FC_D_UNUSED_MACRO, "unused-macro", "LOAD_UNUSED_MACRO"},
        {FC_D_NO_EVTTYPE, "no-evttype", "LOAD_NO_EVTTYPE"},
        {FC_D_UNUSED_LIST, "unused-list", "LOAD_UNUSED_LIST"},
        {FC_D_UNKNOWN_SOURCE, "unknown-source", "LOAD_UNKNOWN_SOURCE"},
        {FC_D_DEPRECATED, "deprecated", "LOAD_DEPRECATED_ITEM"},
        {FC_D_UNKNOWN_FILTER, "unknown-filter", "LOAD_UNKNOWN_FILTER"},
        {FC_D_UNSAFE_NA_CHECK, "unsafe-na-check", "LOAD_UNSAFE_NA_CHECK"},
        {FC_D_INVALID_MACRO_NAME, "invalid-macro-name", "LOAD_INVALID_MACRO_NAME"},
        {FC_D_INVALID_LIST_NAME, "invalid-list-name", "LOAD_INVALID_LIST_NAME"},
        {FC_D_EXCEPTION_NAME_DUP, "exception-name-dup", "LOAD_EXCEPTION_NAME_NOT_UNIQUE"},
        {FC_D_APPEND_NO_VALUES, "append-no-values", "LOAD_APPEND_NO_VALUES"},
        {FC_D_CONDITION_HINT, "condition-hint", "LOAD_COMPILE_CONDITION"},
        {FC_D_UNKNOWN_ITEM, "unknown-item", "LOAD_UNKNOWN_ITEM"},
        {FC_D_NOT_COMPILED, "not-compiled", "LOAD_WARNING_EXTENSION"},
};

/* Falco's falco_load_result.cpp texts, by Falco code name. */
static const struct {
	const char *falco;
	const char *desc;
} falco_descs[] = {
        {"LOAD_ERR_FILE_READ", "File read error"},
        {"LOAD_ERR_YAML_PARSE", "YAML parse error"},
        {"LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file"},
        {"LOAD_ERR_COMPILE_CONDITION", "Error compiling condition"},
        {"LOAD_ERR_COMPILE_OUTPUT", "Error compiling output"},
        {"LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects"},
        {"LOAD_ERR_EXTENSION", "Error in extension item"},
        {"LOAD_UNKNOWN_SOURCE",
         "A rule has a unknown event source. This can occur when reading rules content without "
         "having a corresponding plugin loaded, etc. The rule will be silently ignored."},
        {"LOAD_UNSAFE_NA_CHECK",
         "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of "
         "the rule condition. If you need to check for the existence of a field, consider using "
         "the 'exists' operator instead."},
        {"LOAD_NO_EVTTYPE",
         "A rule condition matches too many evt.type values. This has a significant performance "
         "penalty. Make the condition more specific by adding an evt.type field or further "
         "restricting the number of evt.type values in the condition."},
        {"LOAD_UNKNOWN_FILTER",
         "A rule condition or output refers to a field or evt.type that does not exist. This is "
         "normally an error, but if a rule has a skip-if-unknown-filter property, the error is "
         "downgraded to a warning."},
        {"LOAD_UNUSED_MACRO",
         "A macro is defined in the rules content but is not used by any other macro or rule."},
        {"LOAD_UNUSED_LIST", "A list is defined in the rules content but is not used by any "
                             "other list, macro, or rule."},
        {"LOAD_UNKNOWN_ITEM",
         "An unknown top-level object is in the rules content. It will be ignored."},
        {"LOAD_DEPRECATED_ITEM", "A deprecated item is employed by lists, macros, or rules."},
        {"LOAD_WARNING_EXTENSION", "An extension item has a warning"},
        {"LOAD_APPEND_NO_VALUES", "A rule exception is overriding/appending with no values"},
        {"LOAD_EXCEPTION_NAME_NOT_UNIQUE",
         "A rule is defining multiple exceptions with the same name"},
        {"LOAD_INVALID_MACRO_NAME", "A macro is defined with an invalid name"},
        {"LOAD_INVALID_LIST_NAME", "A list is defined with an invalid name"},
        {"LOAD_COMPILE_CONDITION", "A rule condition or output have been parsed with a warning"},
        {"LOAD_UNKNOWN_KEY",
         "An item in the rules content contains an unrecognized key. The key will be ignored. "
         "This may indicate a typo or a property placed on the wrong item type."},
};

static const code_info *find_code(fc_diag_code code)
{
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(codes); i++)
		if (codes[i].code == code)
			return &codes[i];
	return NULL;
}

const char *fc_diag_code_name(fc_diag_code code)
{
	const code_info *c = find_code(code);

	return c ? c->id : "unknown";
}

const char *fc_diag_falco_code(fc_diag_code code)
{
	const code_info *c = find_code(code);

	if (c)
		return c->falco;
	return (int)code >= 500 ? "LOAD_WARNING_EXTENSION" : "LOAD_ERR_VALIDATE";
}

const char *fc_diag_falco_desc(fc_diag_code code)
{
	const char *f = fc_diag_falco_code(code);
	size_t i;

	for (i = 0; i < FCI_ARRAY_LEN(falco_descs); i++)
		if (strcmp(falco_descs[i].falco, f) == 0)
			return falco_descs[i].desc;
	return "";
}
