/* SPDX-License-Identifier: Apache-2.0 */
/* Diagnostic lists and rendering. (Foundation version: the loader issue
 * completes the code tables and the GCC-style snippet rendering.) */
#include "rules.h"

#include <stdio.h>
#include <string.h>

typedef struct diag_entry {
	fc_diag d;
	char *file;
	char *origin_file;
	char *kind;
	char *name;
	char *message;
	char *line_text; /* the source line of loc, for the snippet */
} diag_entry;

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
		fci_free(e->line_text);
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

static void fill_loc(const fc_engine *eng, fci_loc l, fc_loc *out, char **fname, char **line_text)
{
	const fci_file *f;

	memset(out, 0, sizeof(*out));
	if (!eng || l.file < 0 || (size_t)l.file >= eng->n_files)
		return;
	f = eng->files[l.file];
	*fname = fci_strdup(f->name);
	out->file = *fname;
	out->offset = l.offset;
	out->length = l.length;
	fci_file_linecol(f, l.offset, &out->line, &out->column);
	if (line_text) {
		uint32_t start = f->line_starts[out->line - 1], end = start;

		while (end < f->len && f->text[end] != '\n')
			end++;
		*line_text = fci_strndup(f->text + start, end - start);
	}
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
	fill_loc(eng, loc, &e->d.loc, &e->file, &e->line_text);
	if (origin)
		fill_loc(eng, *origin, &e->d.origin, &e->origin_file, NULL);
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

int fc_diag_format(const fc_diag_list *dl, size_t i, unsigned flags, char *buf, size_t len)
{
	const diag_entry *e;
	fci_buf b;
	int n;

	if (!dl || i >= dl->n || (!buf && len))
		return FC_EINVAL;
	e = &dl->v[i];
	fci_buf_init(&b);
	if (!(flags & FC_DIAG_FMT_SNIPPET_ONLY)) {
		if (e->d.loc.file && e->d.loc.line)
			fci_buf_printf(&b, "%s:%u:%u: ", e->d.loc.file, e->d.loc.line,
			               e->d.loc.column);
		else if (e->d.loc.file)
			fci_buf_printf(&b, "%s: ", e->d.loc.file);
		fci_buf_printf(&b, "%s[%s]: %s\n", sev_name(e->d.severity),
		               (flags & FC_DIAG_FMT_FALCO_CODE) ? fc_diag_falco_code(e->d.code)
		                                                : fc_diag_code_name(e->d.code),
		               e->d.message);
	}
	if (!(flags & FC_DIAG_FMT_NO_SNIPPET) && e->line_text && e->d.loc.line) {
		uint32_t c;

		fci_buf_printf(&b, "%5u | %s\n      | ", e->d.loc.line, e->line_text);
		for (c = 1; c < e->d.loc.column; c++)
			fci_buf_addc(&b, e->line_text[c - 1] == '\t' ? '\t' : ' ');
		fci_buf_addc(&b, '^');
		for (c = 1; c < e->d.loc.length; c++)
			fci_buf_addc(&b, '~');
		fci_buf_addc(&b, '\n');
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

const char *fc_diag_code_name(fc_diag_code code)
{
	(void)code;
	return "unknown"; /* table: loader issue */
}

const char *fc_diag_falco_code(fc_diag_code code)
{
	return (int)code >= 500 ? "LOAD_WARNING" : "LOAD_ERR_VALIDATE";
}

const char *fc_diag_falco_desc(fc_diag_code code)
{
	(void)code;
	return "";
}
