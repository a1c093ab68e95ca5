/* SPDX-License-Identifier: Apache-2.0 */
/* fc_engine: sources, files, and dispatch to the loader and the compiler. */
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FCI_DEFAULT_MAX_FILE (64u << 20)

int fc_engine_new(const fc_engine_opts *opts, fc_engine **out)
{
	fc_engine *eng;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (opts && opts->sz > sizeof(*opts)) {
		const unsigned char *p = (const unsigned char *)opts;
		size_t i;

		for (i = sizeof(*opts); i < opts->sz; i++)
			if (p[i])
				return FC_EINVAL;
	}
	eng = fci_calloc(1, sizeof(*eng));
	if (!eng)
		return FC_ENOMEM;
	snprintf(eng->engine_version, sizeof(eng->engine_version), "%s", FC_ENGINE_VERSION_STRING);
	eng->max_file_size = FCI_DEFAULT_MAX_FILE;
	if (opts) {
		if (opts->sz > offsetof(fc_engine_opts, flags))
			eng->flags = opts->flags;
		if (opts->sz > offsetof(fc_engine_opts, engine_version) && opts->engine_version)
			snprintf(eng->engine_version, sizeof(eng->engine_version), "%s",
			         opts->engine_version);
		if (opts->sz > offsetof(fc_engine_opts, max_file_size) && opts->max_file_size)
			eng->max_file_size = opts->max_file_size;
	}
	fci_ruledoc_init(&eng->doc);
	*out = eng;
	return FC_OK;
}

void fc_engine_free(fc_engine *eng)
{
	size_t i;

	if (!eng)
		return;
	fci_ruledoc_free(&eng->doc);
	for (i = 0; i < eng->n_sources; i++) {
		fci_free(eng->sources[i].name);
		fci_strmap_free(&eng->sources[i].field_by_name);
	}
	fci_free(eng->sources);
	for (i = 0; i < eng->n_files; i++) {
		fci_free(eng->files[i]->name);
		fci_free(eng->files[i]->text);
		fci_free(eng->files[i]->line_starts);
		fci_free(eng->files[i]);
	}
	fci_free(eng->files);
	fci_free(eng);
}

int fc_engine_add_source(fc_engine *eng, const fc_source_ops *ops, uint32_t *id)
{
	fci_source *s;
	size_t i;

	if (!eng || !ops || !ops->name || !ops->extract || ops->sz < offsetof(fc_source_ops, ctx))
		return FC_EINVAL;
	if (ops->n_fields && !ops->fields)
		return FC_EINVAL;
	for (i = 0; i < eng->n_sources; i++)
		if (strcmp(eng->sources[i].name, ops->name) == 0)
			return FC_EEXIST;
	if (fci_grow((void **)&eng->sources, &eng->cap_sources, eng->n_sources + 1,
	             sizeof(*eng->sources)) < 0)
		return FC_ENOMEM;
	s = &eng->sources[eng->n_sources];
	memset(s, 0, sizeof(*s));
	memcpy(&s->ops, ops, ops->sz < sizeof(s->ops) ? ops->sz : sizeof(s->ops));
	s->ops.sz = sizeof(s->ops);
	s->name = fci_strdup(ops->name);
	if (!s->name)
		return FC_ENOMEM;
	s->ops.name = s->name;
	fci_strmap_init(&s->field_by_name);
	for (i = 0; i < ops->n_fields; i++) {
		const char *n = ops->fields[i].name;

		if (fci_strmap_put(&s->field_by_name, n, strlen(n), (void *)(uintptr_t)(i + 1)) <
		    0) {
			fci_strmap_free(&s->field_by_name);
			fci_free(s->name);
			return FC_ENOMEM;
		}
	}
	if (id)
		*id = (uint32_t)eng->n_sources;
	eng->n_sources++;
	return FC_OK;
}

int fci_engine_add_file(fc_engine *eng, const char *name, char *text, size_t len)
{
	fci_file *f;
	size_t i, cap = 0, n = 0;

	if (fci_grow((void **)&eng->files, &eng->cap_files, eng->n_files + 1, sizeof(*eng->files)) <
	    0)
		return FC_ENOMEM;
	f = fci_calloc(1, sizeof(*f));
	if (!f)
		return FC_ENOMEM;
	f->name = fci_strdup(name);
	f->text = text;
	f->len = len;
	if (!f->name)
		goto oom;
	if (FCI_PUSH(f->line_starts, n, cap) < 0)
		goto oom;
	f->line_starts[0] = 0;
	for (i = 0; i < len; i++) {
		if (text[i] == '\n' && i + 1 <= len) {
			if (FCI_PUSH(f->line_starts, n, cap) < 0)
				goto oom;
			f->line_starts[n - 1] = (uint32_t)(i + 1);
		}
	}
	f->n_lines = (uint32_t)n;
	eng->files[eng->n_files] = f;
	return (int)eng->n_files++;
oom:
	fci_free(f->line_starts);
	fci_free(f->name);
	fci_free(f);
	return FC_ENOMEM;
}

void fci_file_linecol(const fci_file *f, uint32_t offset, uint32_t *line, uint32_t *col)
{
	uint32_t lo = 0, hi = f->n_lines;

	/* last line start <= offset */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (f->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = lo + 1;
	*col = offset - f->line_starts[lo] + 1;
}

static int load_text(fc_engine *eng, const char *name, char *text, size_t len, fc_diag_list *diags)
{
	int file = fci_engine_add_file(eng, name, text, len);

	if (file < 0) {
		fci_free(text);
		return file;
	}
	return fci_load_file_text(eng, file, diags);
}

int fc_engine_load_buffer(fc_engine *eng, const char *name, const char *data, size_t len,
                          fc_diag_list *diags)
{
	char *copy;

	if (!eng || (!data && len))
		return FC_EINVAL;
	if (!name)
		name = "<buffer>";
	if (len > eng->max_file_size) {
		fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_FILE_TOO_LARGE, (fci_loc){-1, 0, 0},
		             NULL, NULL, NULL,
		             "%s: %zu bytes is over the %zu-byte bound on a rules file", name, len,
		             eng->max_file_size);
		return FC_ERULES;
	}
	copy = fci_strndup(data ? data : "", len);
	if (!copy)
		return FC_ENOMEM;
	return load_text(eng, name, copy, len, diags);
}

static int read_whole(fc_engine *eng, const char *path, fc_diag_list *diags)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (!fp) {
		int e = errno;

		fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_FILE_READ, (fci_loc){-1, 0, 0}, NULL,
		             NULL, NULL, "could not open file %s for reading: %s", path,
		             strerror(e));
		return e == ENOENT ? FC_ENOENT : FC_EIO;
	}
	for (;;) {
		size_t got;

		if (fci_grow((void **)&buf, &cap, len + 65536 + 1, 1) < 0) {
			fclose(fp);
			fci_free(buf);
			return FC_ENOMEM;
		}
		got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (len > eng->max_file_size) {
			fclose(fp);
			fci_free(buf);
			fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_FILE_TOO_LARGE,
			             (fci_loc){-1, 0, 0}, NULL, NULL, NULL,
			             "%s: file is over the %zu-byte bound on a rules file", path,
			             eng->max_file_size);
			return FC_ERULES;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		fci_free(buf);
		fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_FILE_READ, (fci_loc){-1, 0, 0}, NULL,
		             NULL, NULL, "error reading %s: %s", path, strerror(e));
		return FC_EIO;
	}
	fclose(fp);
	buf[len] = '\0';
	rc = load_text(eng, path, buf, len, diags);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml_name(const char *n)
{
	size_t l = strlen(n);

	if (n[0] == '.')
		return false;
	return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
	       (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

int fc_engine_load_file(fc_engine *eng, const char *path, fc_diag_list *diags)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = FC_OK;

	if (!eng || !path)
		return FC_EINVAL;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return read_whole(eng, path, diags);
	d = opendir(path);
	if (!d) {
		fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_FILE_READ, (fci_loc){-1, 0, 0}, NULL,
		             NULL, NULL, "could not open directory %s: %s", path, strerror(errno));
		return FC_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		char *full;

		if (!is_yaml_name(de->d_name))
			continue;
		full = fci_asprintf("%s/%s", path, de->d_name);
		if (!full || FCI_PUSH(names, n, cap) < 0) {
			fci_free(full);
			rc = FC_ENOMEM;
			goto out;
		}
		names[n - 1] = full;
	}
	if (n == 0) {
		fci_diag_add(diags, eng, FC_SEV_ERROR, FC_D_NO_RULES_FILES, (fci_loc){-1, 0, 0},
		             NULL, NULL, NULL, "directory %s holds no .yaml or .yml rules file",
		             path);
		rc = FC_ERULES;
		goto out;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		int r = read_whole(eng, names[i], diags);

		if (r == FC_ENOMEM) {
			rc = r;
			goto out;
		}
		if (r < 0 && rc == FC_OK)
			rc = r;
	}
out:
	closedir(d);
	for (i = 0; i < n; i++)
		fci_free(names[i]);
	fci_free(names);
	return rc;
}

int fc_engine_compile(fc_engine *eng, fc_diag_list *diags, fc_ruleset **out)
{
	int rc;

	if (!out)
		return FC_EINVAL;
	*out = NULL;
	if (!eng)
		return FC_EINVAL;
	rc = fci_check_plugin_requirements(eng, diags);
	if (rc == FC_ENOMEM)
		return rc;
	if (eng->flags & FC_ENGINE_F_NO_COMPILE)
		return rc;
	{
		int rc2 = fci_compile(eng, diags, out);

		if (rc2 < 0 && rc == FC_OK)
			rc = rc2;
		if (rc < 0 && *out) {
			fc_ruleset_unref(*out);
			*out = NULL;
		}
	}
	return rc;
}

const char *fc_engine_required_version(const fc_engine *eng)
{
	return eng ? eng->doc.required_engine_version : "0.0.0";
}
