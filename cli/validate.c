/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: -V (validate), -L/-l (describe), --list, --list-events,
 * --support. Diagnostics are rendered by the library (fc_diag_format). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/utsname.h>

/* ---- -V ---- */

typedef struct vfile {
	const char *name;
	fc_diag_list *load; /* diagnostics of loading this file */
	int load_status;
	int synthetic; /* a failing status with no diagnostic to show, or 0 */
	size_t errors, warnings;
} vfile;

/* Does diagnostic d (from the compile list) belong to file f? */
static bool diag_in_file(const fc_diag *d, const char *f, bool last)
{
	size_t l = strlen(f);

	if (!d->loc.file)
		return last;
	if (strcmp(d->loc.file, f) == 0)
		return true;
	/* a directory given to -V: its files */
	return strncmp(d->loc.file, f, l) == 0 && (d->loc.file[l] == '/' || f[l - 1] == '/');
}

static void count_list(const fc_diag_list *dl, const char *f, bool last, bool filter, size_t *e,
                       size_t *w)
{
	size_t i, n = fc_diag_list_count(dl);

	for (i = 0; i < n; i++) {
		const fc_diag *d = fc_diag_list_get(dl, i);

		if (filter && !diag_in_file(d, f, last))
			continue;
		if (d->severity == FC_SEV_ERROR)
			(*e)++;
		else if (d->severity == FC_SEV_WARNING)
			(*w)++;
	}
}

static void print_sev(FILE *fp, const fc_diag_list *dl, const char *f, bool last, bool filter,
                      fc_severity sev)
{
	size_t i, n = fc_diag_list_count(dl);
	bool in_group = false;

	for (i = 0; i < n; i++) {
		const fc_diag *d = fc_diag_list_get(dl, i);
		char buf[4096];
		int len;

		if (filter && !diag_in_file(d, f, last))
			continue;
		/* notes follow the diagnostic they belong to */
		if (d->severity == FC_SEV_NOTE) {
			if (!in_group)
				continue;
		} else {
			in_group = d->severity == sev;
			if (!in_group)
				continue;
		}
		len = fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf));
		if (len < 0)
			continue;
		if ((size_t)len < sizeof(buf)) {
			fputs(buf, fp);
		} else {
			char *big = cli_xmalloc((size_t)len + 1);

			fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, big, (size_t)len + 1);
			fputs(big, fp);
			free(big);
		}
	}
}

static void json_diag(cli_buf *b, const fc_diag_list *dl, size_t i)
{
	const fc_diag *d = fc_diag_list_get(dl, i);
	char snip[4096];
	int n = fc_diag_format(dl, i, FC_DIAG_FMT_SNIPPET_ONLY, snip, sizeof(snip));
	const char *file = d->loc.file ? d->loc.file : "";

	cli_buf_puts(b, "{\"context\":{\"locations\":[");
	cli_buf_puts(b,
	             "{\"item_type\":\"rules content\",\"item_name\":\"\",\"position\":{\"name\":");
	cli_json_cstr(b, file);
	cli_buf_puts(b, ",\"line\":0,\"column\":0,\"offset\":0}}");
	if (d->item_kind) {
		cli_buf_puts(b, ",{\"item_type\":");
		cli_json_cstr(b, d->item_kind);
		cli_buf_puts(b, ",\"item_name\":");
		cli_json_cstr(b, d->item_name ? d->item_name : "");
		cli_buf_puts(b, ",\"position\":{\"name\":");
		cli_json_cstr(b, d->origin.line ? (d->origin.file ? d->origin.file : file) : file);
		cli_buf_printf(b, ",\"line\":%u,\"column\":%u,\"offset\":%u}}",
		               d->origin.line ? d->origin.line - 1
		                              : (d->loc.line ? d->loc.line - 1 : 0),
		               d->origin.line ? (d->origin.column ? d->origin.column - 1 : 0)
		                              : (d->loc.column ? d->loc.column - 1 : 0),
		               d->origin.line ? d->origin.offset : d->loc.offset);
	}
	if (d->origin.line || !d->item_kind) {
		cli_buf_puts(b, ",{\"item_type\":\"condition expression\",\"item_name\":");
		cli_json_cstr(b, d->item_name ? d->item_name : "");
		cli_buf_puts(b, ",\"position\":{\"name\":");
		cli_json_cstr(b, file);
		cli_buf_printf(b, ",\"line\":%u,\"column\":%u,\"offset\":%u}}",
		               d->loc.line ? d->loc.line - 1 : 0,
		               d->loc.column ? d->loc.column - 1 : 0, d->loc.offset);
	}
	cli_buf_puts(b, "],\"snippet\":");
	if (n > 0 && (size_t)n < sizeof(snip))
		cli_json_str(b, snip, (size_t)n);
	else
		cli_buf_puts(b, "\"\"");
	cli_buf_puts(b, "},\"code\":");
	cli_json_cstr(b, fc_diag_falco_code(d->code));
	cli_buf_puts(b, ",\"codedesc\":");
	cli_json_cstr(b, fc_diag_falco_desc(d->code));
	cli_buf_puts(b, ",\"message\":");
	cli_json_cstr(b, d->message ? d->message : "");
	cli_buf_putc(b, '}');
}

static void json_sev(cli_buf *b, const fc_diag_list *dl, const char *f, bool last, bool filter,
                     fc_severity sev, bool *first)
{
	size_t i, n = fc_diag_list_count(dl);

	for (i = 0; i < n; i++) {
		const fc_diag *d = fc_diag_list_get(dl, i);

		if (d->severity != sev || (filter && !diag_in_file(d, f, last)))
			continue;
		if (!*first)
			cli_buf_putc(b, ',');
		*first = false;
		json_diag(b, dl, i);
	}
}

/* A status without a diagnostic (e.g. FC_ENOTSUP) as a synthetic error. */
static void json_status_error(cli_buf *b, const char *file, int status, bool *first)
{
	if (!*first)
		cli_buf_putc(b, ',');
	*first = false;
	cli_buf_puts(b, "{\"context\":{\"locations\":[{\"item_type\":\"rules content\","
	                "\"item_name\":\"\",\"position\":{\"name\":");
	cli_json_cstr(b, file);
	cli_buf_puts(b, ",\"line\":0,\"column\":0,\"offset\":0}}],\"snippet\":\"\"},"
	                "\"code\":\"LOAD_ERR_FILE_READ\",\"codedesc\":\"File read error\","
	                "\"message\":");
	cli_json_cstr(b, fc_strerror(status));
	cli_buf_putc(b, '}');
}

static void describe_json(cli_buf *b, const fc_ruleset *rs, const fc_engine *eng, const char *only);

int cli_validate(const cli_opts *o, const cli_config *cfg, const cli_sources *src)
{
	vfile *files = cli_xcalloc(o->n_validate, sizeof(*files));
	fc_engine *eng = NULL;
	fc_diag_list *cdiags = NULL;
	fc_ruleset *rs = NULL;
	int compile_status = FC_OK, rc, exit_code = CLI_EXIT_OK;
	size_t i;
	bool all_ok = true;

	rc = fc_engine_new(NULL, &eng);
	if (rc == FC_OK)
		rc = cli_sources_register(src, eng);
	if (rc == FC_OK)
		rc = fc_diag_list_new(&cdiags);
	if (rc != FC_OK) {
		cli_err("cannot create a rules engine: %s", fc_strerror(rc));
		fc_engine_free(eng);
		free(files);
		return CLI_EXIT_ERROR;
	}
	for (i = 0; i < o->n_validate; i++) {
		files[i].name = o->validate[i];
		if (fc_diag_list_new(&files[i].load) != FC_OK)
			abort();
		files[i].load_status = fc_engine_load_file(eng, files[i].name, files[i].load);
	}
	compile_status = fc_engine_compile(eng, cdiags, &rs);
	for (i = 0; i < o->n_validate; i++) {
		vfile *f = &files[i];
		bool last = i + 1 == o->n_validate;

		count_list(f->load, f->name, last, false, &f->errors, &f->warnings);
		count_list(cdiags, f->name, last, true, &f->errors, &f->warnings);
		/* a failing status without a diagnostic still makes the file invalid */
		if (f->errors == 0 && f->load_status < 0 && f->load_status != FC_ERULES)
			f->synthetic = f->load_status;
		else if (f->errors == 0 && last && compile_status < 0 &&
		         compile_status != FC_ERULES)
			f->synthetic = compile_status;
		if (f->synthetic)
			f->errors = 1;
		if (f->errors)
			all_ok = false;
	}
	if (!cfg->json_output) {
		for (i = 0; i < o->n_validate; i++) {
			vfile *f = &files[i];
			bool last = i + 1 == o->n_validate;

			if (f->errors) {
				printf("%s: Invalid\n", f->name);
				printf("%zu Errors:\n", f->errors);
				print_sev(stdout, f->load, f->name, last, false, FC_SEV_ERROR);
				print_sev(stdout, cdiags, f->name, last, true, FC_SEV_ERROR);
				if (f->synthetic)
					printf("%s: error: %s\n", f->name,
					       fc_strerror(f->synthetic));
				if (f->warnings) {
					printf("%zu Warnings:\n", f->warnings);
					print_sev(stdout, f->load, f->name, last, false,
					          FC_SEV_WARNING);
					print_sev(stdout, cdiags, f->name, last, true,
					          FC_SEV_WARNING);
				}
			} else if (f->warnings) {
				printf("%s: Ok, with warnings\n", f->name);
				print_sev(stderr, f->load, f->name, last, false, FC_SEV_WARNING);
				print_sev(stderr, cdiags, f->name, last, true, FC_SEV_WARNING);
			} else {
				printf("%s: Ok\n", f->name);
			}
		}
		if (all_ok && rs && (o->list_rules || o->describe_rule))
			exit_code = cli_describe(o, cfg, rs, eng);
	} else {
		cli_buf b = {0};

		cli_buf_puts(&b, "{\"falco_load_results\":[");
		for (i = 0; i < o->n_validate; i++) {
			vfile *f = &files[i];
			bool last = i + 1 == o->n_validate, first = true;

			if (i)
				cli_buf_putc(&b, ',');
			cli_buf_puts(&b, "{\"name\":");
			cli_json_cstr(&b, f->name);
			cli_buf_printf(&b, ",\"successful\":%s,\"errors\":[",
			               f->errors ? "false" : "true");
			json_sev(&b, f->load, f->name, last, false, FC_SEV_ERROR, &first);
			json_sev(&b, cdiags, f->name, last, true, FC_SEV_ERROR, &first);
			if (f->synthetic)
				json_status_error(&b, f->name, f->synthetic, &first);
			cli_buf_puts(&b, "],\"warnings\":[");
			first = true;
			json_sev(&b, f->load, f->name, last, false, FC_SEV_WARNING, &first);
			json_sev(&b, cdiags, f->name, last, true, FC_SEV_WARNING, &first);
			cli_buf_puts(&b, "]}");
		}
		cli_buf_putc(&b, ']');
		if (all_ok && rs && (o->list_rules || o->describe_rule)) {
			cli_buf_puts(&b, ",\"falco_describe_results\":");
			describe_json(&b, rs, eng, o->describe_rule);
		}
		cli_buf_puts(&b, "}\n");
		fputs(b.p, stdout);
		cli_buf_free(&b);
	}
	for (i = 0; i < o->n_validate; i++)
		fc_diag_list_free(files[i].load);
	free(files);
	fc_diag_list_free(cdiags);
	fc_ruleset_unref(rs);
	fc_engine_free(eng);
	if (!all_ok)
		return CLI_EXIT_ERROR;
	return exit_code;
}

/* ---- -L / -l ---- */

/* Wraps text at line_len columns; continuation lines are indented by indent. */
static void wrap_text(cli_buf *b, const char *s, size_t indent, size_t line_len)
{
	size_t col = indent, width = line_len > indent ? line_len - indent : 40;

	while (*s) {
		size_t w;

		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		if (!*s)
			break;
		w = strcspn(s, " \n\t");
		if (col > indent && col + 1 + w > indent + width) {
			cli_buf_putc(b, '\n');
			cli_buf_printf(b, "%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			cli_buf_putc(b, ' ');
			col++;
		}
		cli_buf_add(b, s, w);
		col += w;
		s += w;
	}
}

static void rule_json(cli_buf *b, const fc_rule *r)
{
	size_t t;

	cli_buf_puts(b, "{\"info\":{\"name\":");
	cli_json_cstr(b, fc_rule_name(r));
	cli_buf_puts(b, ",\"condition\":");
	cli_json_cstr(b, fc_rule_condition(r));
	cli_buf_puts(b, ",\"priority\":");
	cli_json_cstr(b, fc_priority_name(fc_rule_priority(r)));
	cli_buf_puts(b, ",\"output\":");
	cli_json_cstr(b, fc_rule_output(r));
	cli_buf_puts(b, ",\"description\":");
	cli_json_cstr(b, fc_rule_desc(r));
	cli_buf_printf(b, ",\"enabled\":%s", fc_rule_enabled(r) ? "true" : "false");
	cli_buf_puts(b, ",\"source\":");
	cli_json_cstr(b, fc_rule_source(r));
	cli_buf_puts(b, ",\"capture\":false,\"capture_duration\":0,\"tags\":[");
	for (t = 0; t < fc_rule_tag_count(r); t++) {
		if (t)
			cli_buf_putc(b, ',');
		cli_json_cstr(b, fc_rule_tag(r, t));
	}
	cli_buf_puts(b, "]},\"details\":{}}");
}

static void describe_json(cli_buf *b, const fc_ruleset *rs, const fc_engine *eng, const char *only)
{
	size_t i, n = fc_ruleset_rule_count(rs);
	bool first = true;

	cli_buf_puts(b, "{\"required_engine_version\":");
	cli_json_cstr(b, eng ? fc_engine_required_version(eng) : "0.0.0");
	cli_buf_puts(b, ",\"required_plugin_versions\":[");
	for (i = 0; eng; i++) {
		const char *ver = NULL, *name = fc_engine_plugin_requirement(eng, i, 0, &ver);
		size_t alt;

		if (!name)
			break;
		if (i)
			cli_buf_putc(b, ',');
		cli_buf_puts(b, "{\"name\":");
		cli_json_cstr(b, name);
		cli_buf_puts(b, ",\"version\":");
		cli_json_cstr(b, ver ? ver : "");
		cli_buf_puts(b, ",\"alternatives\":[");
		for (alt = 1;; alt++) {
			const char *an = fc_engine_plugin_requirement(eng, i, alt, &ver);

			if (!an)
				break;
			if (alt > 1)
				cli_buf_putc(b, ',');
			cli_buf_puts(b, "{\"name\":");
			cli_json_cstr(b, an);
			cli_buf_puts(b, ",\"version\":");
			cli_json_cstr(b, ver ? ver : "");
			cli_buf_putc(b, '}');
		}
		cli_buf_puts(b, "]}");
	}
	cli_buf_puts(b, "],\"rules\":[");
	for (i = 0; i < n; i++) {
		const fc_rule *r = fc_ruleset_rule(rs, i);

		if (!r || (only && strcmp(only, fc_rule_name(r)) != 0))
			continue;
		if (!first)
			cli_buf_putc(b, ',');
		first = false;
		rule_json(b, r);
	}
	cli_buf_puts(b, "],\"macros\":[");
	for (i = 0; eng && !only && i < fc_engine_item_count(eng, FC_ITEM_MACRO); i++) {
		const char *cond = fc_engine_item_condition(eng, FC_ITEM_MACRO, i);

		if (i)
			cli_buf_putc(b, ',');
		cli_buf_puts(b, "{\"info\":{\"name\":");
		cli_json_cstr(b, fc_engine_item_name(eng, FC_ITEM_MACRO, i));
		cli_buf_puts(b, ",\"condition\":");
		cli_json_cstr(b, cond ? cond : "");
		cli_buf_puts(b, "},\"details\":{}}");
	}
	cli_buf_puts(b, "],\"lists\":[");
	for (i = 0; eng && !only && i < fc_engine_item_count(eng, FC_ITEM_LIST); i++) {
		const char *item;
		size_t j;

		if (i)
			cli_buf_putc(b, ',');
		cli_buf_puts(b, "{\"info\":{\"name\":");
		cli_json_cstr(b, fc_engine_item_name(eng, FC_ITEM_LIST, i));
		cli_buf_puts(b, ",\"items\":[");
		for (j = 0; (item = fc_engine_list_item(eng, i, j)) != NULL; j++) {
			if (j)
				cli_buf_putc(b, ',');
			cli_json_cstr(b, item);
		}
		cli_buf_puts(b, "]},\"details\":{}}");
	}
	cli_buf_puts(b, "]}");
}

int cli_describe(const cli_opts *o, const cli_config *cfg, const fc_ruleset *rs,
                 const fc_engine *eng)
{
	size_t i, n = fc_ruleset_rule_count(rs);
	cli_buf b = {0};

	if (o->describe_rule && !fc_ruleset_find_rule(rs, o->describe_rule)) {
		cli_err("-l: no rule named '%s' is loaded", o->describe_rule);
		return CLI_EXIT_ERROR;
	}
	if (cfg->json_output) {
		describe_json(&b, rs, eng, o->describe_rule);
		cli_buf_putc(&b, '\n');
	} else {
		cli_buf_printf(&b, "%-50s %s\n", "Rule", "Description");
		cli_buf_printf(&b, "%-50s %s\n", "----", "-----------");
		for (i = 0; i < n; i++) {
			const fc_rule *r = fc_ruleset_rule(rs, i);

			if (!r || (o->describe_rule && strcmp(o->describe_rule, fc_rule_name(r))))
				continue;
			cli_buf_printf(&b, "%-50s ", fc_rule_name(r));
			wrap_text(&b, fc_rule_desc(r), 51, 110);
			cli_buf_puts(&b, "\n\n");
		}
	}
	if (b.p)
		fputs(b.p, stdout);
	cli_buf_free(&b);
	return CLI_EXIT_OK;
}

/* ---- --list / --list-events ---- */

static const char *field_class(const char *name, char *buf, size_t len)
{
	size_t l = strcspn(name, ".");

	if (l >= len)
		l = len - 1;
	memcpy(buf, name, l);
	buf[l] = '\0';
	return buf;
}

int cli_list_fields(const cli_opts *o, const cli_sources *src)
{
	cli_buf b = {0};
	size_t s, i;
	bool any = false, first_src = true;

	if (o->list_format == CLI_FMT_JSON)
		cli_buf_puts(&b, "[");
	for (s = 0; s < src->n_ops; s++) {
		const fc_source_ops *ops = src->ops[s];
		char cls[64] = "", prev[64] = "";
		bool first_field = true;

		if (o->list_source && strcmp(o->list_source, ops->name) != 0)
			continue;
		any = true;
		if (o->list_format == CLI_FMT_JSON) {
			if (!first_src)
				cli_buf_putc(&b, ',');
			cli_buf_puts(&b, "{\"source\":");
			cli_json_cstr(&b, ops->name);
			cli_buf_puts(&b, ",\"fields\":[");
		}
		first_src = false;
		for (i = 0; i < ops->n_fields; i++) {
			const fc_field_def *f = &ops->fields[i];

			if (f->flags & FC_FIELD_HIDDEN)
				continue;
			field_class(f->name, cls, sizeof(cls));
			if (o->names_only) {
				if (o->list_format == CLI_FMT_JSON) {
					if (!first_field)
						cli_buf_putc(&b, ',');
					cli_json_cstr(&b, f->name);
				} else {
					cli_buf_printf(&b, "%s\n", f->name);
				}
				first_field = false;
				continue;
			}
			switch (o->list_format) {
			case CLI_FMT_TEXT:
				if (strcmp(cls, prev) != 0) {
					cli_buf_puts(&b,
					             "------------------------------------------"
					             "-------------------------------------\n");
					cli_buf_printf(&b, "Field Class:                  %s\n",
					               cls);
					cli_buf_printf(&b, "Event Sources:                %s\n\n",
					               ops->name);
				}
				cli_buf_printf(
				        &b, "%-29s %-13s %s%s\n", f->name, fc_type_name(f->type),
				        f->flags & FC_FIELD_DEPRECATED ? "(deprecated) " : "",
				        f->desc ? f->desc : "");
				break;
			case CLI_FMT_MARKDOWN:
				if (strcmp(cls, prev) != 0) {
					cli_buf_printf(
					        &b, "\n## Field Class: %s\n\nEvent Sources: %s\n\n",
					        cls, ops->name);
					cli_buf_puts(&b, "Name | Type | "
					                 "Description\n:----|:-----|:----------"
					                 "-\n");
				}
				cli_buf_printf(&b, "`%s` | %s | %s\n", f->name,
				               fc_type_name(f->type), f->desc ? f->desc : "");
				break;
			case CLI_FMT_JSON:
				if (!first_field)
					cli_buf_putc(&b, ',');
				cli_buf_puts(&b, "{\"name\":");
				cli_json_cstr(&b, f->name);
				cli_buf_puts(&b, ",\"class\":");
				cli_json_cstr(&b, cls);
				cli_buf_puts(&b, ",\"type\":");
				cli_json_cstr(&b, fc_type_name(f->type));
				cli_buf_printf(&b,
				               ",\"is_list\":%s,\"arg_required\":%s,"
				               "\"deprecated\":%s,\"desc\":",
				               f->flags & FC_FIELD_LIST ? "true" : "false",
				               f->flags & FC_FIELD_ARG_REQUIRED ? "true" : "false",
				               f->flags & FC_FIELD_DEPRECATED ? "true" : "false");
				cli_json_cstr(&b, f->desc ? f->desc : "");
				cli_buf_putc(&b, '}');
				break;
			}
			first_field = false;
			snprintf(prev, sizeof(prev), "%s", cls);
		}
		if (o->list_format == CLI_FMT_JSON)
			cli_buf_puts(&b, "]}");
	}
	if (o->list_format == CLI_FMT_JSON)
		cli_buf_puts(&b, "]\n");
	if (o->list_source && !any) {
		cli_buf_free(&b);
		cli_err("--list: unknown or unavailable event source '%s'", o->list_source);
		return CLI_EXIT_ERROR;
	}
	if (!any && src->n_ops == 0) {
		cli_buf_free(&b);
		cli_err("--list: no event source is available in this build (%s)",
		        fc_strerror(src->syscall_status));
		return CLI_EXIT_ERROR;
	}
	if (b.p)
		fputs(b.p, stdout);
	cli_buf_free(&b);
	return CLI_EXIT_OK;
}

int cli_list_events(const cli_opts *o, const cli_sources *src)
{
	cli_buf b = {0};
	size_t s;
	uint32_t c;
	bool first_src = true;

	if (src->n_ops == 0) {
		cli_err("--list-events: no event source is available in this build (%s)",
		        fc_strerror(src->syscall_status));
		return CLI_EXIT_ERROR;
	}
	if (o->list_format == CLI_FMT_JSON)
		cli_buf_putc(&b, '[');
	for (s = 0; s < src->n_ops; s++) {
		const fc_source_ops *ops = src->ops[s];
		bool first = true;

		if (o->list_format == CLI_FMT_JSON) {
			if (!first_src)
				cli_buf_putc(&b, ',');
			cli_buf_puts(&b, "{\"source\":");
			cli_json_cstr(&b, ops->name);
			cli_buf_puts(&b, ",\"events\":[");
		} else if (o->list_format == CLI_FMT_MARKDOWN) {
			cli_buf_printf(&b, "## %s events\n\n| Code | Name |\n|:-----|:-----|\n",
			               ops->name);
		} else {
			cli_buf_printf(&b, "%s events:\n\n", ops->name);
		}
		first_src = false;
		for (c = 0; ops->code_names && c < ops->n_codes; c++) {
			const char *name = ops->code_names[c];
			uint32_t k;
			bool seen = false;

			if (!name)
				continue;
			for (k = 0; k < c && !seen; k++) /* enter/exit pairs share a name */
				seen = ops->code_names[k] && strcmp(ops->code_names[k], name) == 0;
			if (seen)
				continue;
			switch (o->list_format) {
			case CLI_FMT_TEXT:
				cli_buf_printf(&b, "%s\n", name);
				break;
			case CLI_FMT_MARKDOWN:
				cli_buf_printf(&b, "| %u | %s |\n", c, name);
				break;
			case CLI_FMT_JSON:
				if (!first)
					cli_buf_putc(&b, ',');
				cli_json_cstr(&b, name);
				break;
			}
			first = false;
		}
		if (o->list_format == CLI_FMT_JSON)
			cli_buf_puts(&b, "]}");
		else
			cli_buf_putc(&b, '\n');
	}
	if (o->list_format == CLI_FMT_JSON)
		cli_buf_puts(&b, "]\n");
	fputs(b.p, stdout);
	cli_buf_free(&b);
	return CLI_EXIT_OK;
}

/* ---- --support ---- */

/* SHA-256 (FIPS 180-4), for the digest of each rules file. */
typedef struct sha256 {
	uint32_t h[8];
	uint8_t blk[64];
	size_t used;
	uint64_t total;
} sha256;

static const uint32_t K256[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	f = s->h[5];
	g = s->h[6];
	h = s->h[7];
	for (i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
		              K256[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
	s->h[5] += f;
	s->h[6] += g;
	s->h[7] += h;
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
	static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	sha256 s;
	const uint8_t *p = data;
	uint8_t pad[128];
	size_t i, full = len / 64 * 64, rest = len - full, padlen;
	uint64_t bits = (uint64_t)len * 8;

	memcpy(s.h, init, sizeof(init));
	for (i = 0; i < full; i += 64)
		sha256_block(&s, p + i);
	memset(pad, 0, sizeof(pad));
	if (rest)
		memcpy(pad, p + full, rest);
	pad[rest] = 0x80;
	padlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		pad[padlen - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_block(&s, pad);
	if (padlen == 128)
		sha256_block(&s, pad + 64);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", s.h[i]);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void support_file(cli_buf *b, const char *path, bool *first)
{
	size_t len = 0;
	char *text;
	char digest[65];
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* a rules directory: its .yaml/.yml files in name order */
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, cap = 0, i;

		if (!d)
			return;
		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);

			if (de->d_name[0] == '.' ||
			    !((l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0) ||
			      (l > 4 && strcmp(de->d_name + l - 4, ".yml") == 0)))
				continue;
			i = n;
			CLI_PUSH(names, n, cap);
			names[i] = cli_xstrdup(de->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof(*names), cmp_name);
		for (i = 0; i < n; i++) {
			cli_buf p = {0};

			cli_buf_printf(&p, "%s/%s", path, names[i]);
			support_file(b, p.p, first);
			cli_buf_free(&p);
			free(names[i]);
		}
		free(names);
		return;
	}
	text = cli_read_file(path, &len);
	if (!text)
		return;
	if (!*first)
		cli_buf_putc(b, ',');
	*first = false;
	sha256_hex(text, len, digest);
	cli_buf_puts(b, "{\"name\":");
	cli_json_cstr(b, path);
	cli_buf_puts(b, ",\"variants\":[{\"content\":");
	cli_json_str(b, text, len);
	cli_buf_printf(b, ",\"sha256\":\"%s\",\"size\":%zu}]}", digest, len);
	free(text);
}

int cli_support(const cli_opts *o, const cli_config *cfg)
{
	cli_buf b = {0};
	struct utsname u;
	char **defs = NULL;
	size_t i, n_defs = 0;
	bool first = true;
	char *const *paths;
	size_t n_paths;

	cli_buf_puts(&b, "{\"version\":");
	cli_json_cstr(&b, fc_version());
	cli_buf_puts(&b, ",\"engine_info\":{\"falcocore_version\":");
	cli_json_cstr(&b, fc_version());
	cli_buf_puts(&b, ",\"engine_version\":");
	cli_json_cstr(&b, fc_engine_version());
	cli_buf_puts(&b, ",\"engine_version_semver\":");
	cli_json_cstr(&b, fc_engine_version());
	cli_buf_puts(&b, ",\"plugin_versions\":[]},\"cmdline\":");
	{
		cli_buf cmd = {0};
		int a;

		for (a = 0; a < o->argc; a++) {
			if (a)
				cli_buf_putc(&cmd, ' ');
			cli_buf_puts(&cmd, o->argv[a]);
		}
		cli_json_str(&b, cmd.p ? cmd.p : "", cmd.len);
		cli_buf_free(&cmd);
	}
	cli_buf_puts(&b, ",\"config\":");
	cli_node_to_json(cfg->root, &b);
	cli_buf_puts(&b, ",\"config_file\":");
	if (cfg->path)
		cli_json_cstr(&b, cfg->path);
	else
		cli_buf_puts(&b, "null");
	cli_buf_puts(&b, ",\"rules_files\":[");
	if (o->n_rules) {
		paths = o->rules;
		n_paths = o->n_rules;
	} else if (cfg->n_rules_files) {
		paths = cfg->rules_files;
		n_paths = cfg->n_rules_files;
	} else {
		n_defs = cli_default_rules(&defs);
		paths = defs;
		n_paths = n_defs;
	}
	for (i = 0; i < n_paths; i++)
		support_file(&b, paths[i], &first);
	cli_buf_puts(&b, "],\"system_info\":");
	if (uname(&u) == 0) {
		cli_buf_puts(&b, "{\"sysname\":");
		cli_json_cstr(&b, u.sysname);
		cli_buf_puts(&b, ",\"nodename\":");
		cli_json_cstr(&b, u.nodename);
		cli_buf_puts(&b, ",\"release\":");
		cli_json_cstr(&b, u.release);
		cli_buf_puts(&b, ",\"version\":");
		cli_json_cstr(&b, u.version);
		cli_buf_puts(&b, ",\"machine\":");
		cli_json_cstr(&b, u.machine);
		cli_buf_putc(&b, '}');
	} else {
		cli_buf_puts(&b, "null");
	}
	cli_buf_puts(&b, "}\n");
	fputs(b.p, stdout);
	cli_buf_free(&b);
	for (i = 0; i < n_defs; i++)
		free(defs[i]);
	free(defs);
	return CLI_EXIT_OK;
}
