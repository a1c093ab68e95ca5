/* SPDX-License-Identifier: Apache-2.0 */
/* Golden tests of rendered loader diagnostics: every tests/golden/loader/
 * <case>.yaml is loaded (as "<case>.yaml", into an engine with a syscall
 * source providing container@0.4.0 and a k8s_audit source), plugin
 * requirements are checked, and every diagnostic is rendered GCC-style. The
 * text must equal <case>.diag byte for byte. FC_GOLDEN_UPDATE=1 rewrites the
 * .diag files instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

static int dummy_extract(void *ctx, const fc_event *ev, const fc_field_ref *ref,
                         fc_scratch *scratch, fc_value *out)
{
	(void)ctx;
	(void)ev;
	(void)ref;
	(void)scratch;
	(void)out;
	return FC_ENOENT;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0) {
		fclose(fp);
		return NULL;
	}
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* Render the load of one case. Returns a malloc'd string. */
static char *render_case(const char *name, const char *text, size_t len)
{
	static const char *const provides[] = {"container@0.4.0", NULL};
	fc_engine *eng;
	fc_diag_list *dl;
	fc_source_ops ops;
	fci_buf out;
	int rc, prc;
	size_t i;

	memset(&ops, 0, sizeof(ops));
	ops.sz = sizeof(ops);
	ops.name = "syscall";
	ops.extract = dummy_extract;
	ops.provides = provides;
	assert_int_equal(fc_engine_new(NULL, &eng), FC_OK);
	assert_int_equal(fc_diag_list_new(&dl), FC_OK);
	assert_int_equal(fc_engine_add_source(eng, &ops, NULL), FC_OK);
	ops.name = "k8s_audit";
	ops.provides = NULL;
	assert_int_equal(fc_engine_add_source(eng, &ops, NULL), FC_OK);
	rc = fc_engine_load_buffer(eng, name, text, len, dl);
	prc = fci_check_plugin_requirements(eng, dl);
	fci_buf_init(&out);
	for (i = 0; i < fc_diag_list_count(dl); i++) {
		int n = fc_diag_format(dl, i, 0, NULL, 0);
		char *b;

		assert_true(n > 0);
		b = malloc((size_t)n + 1);
		assert_non_null(b);
		assert_int_equal(fc_diag_format(dl, i, 0, b, (size_t)n + 1), n);
		fci_buf_add(&out, b, (size_t)n);
		free(b);
	}
	fci_buf_printf(&out,
	               "== load: %s; plugin requirements: %s; %zu rules, %zu macros, %zu "
	               "lists\n",
	               fc_strerror(rc), fc_strerror(prc), eng->doc.n_rules, eng->doc.n_macros,
	               eng->doc.n_lists);
	assert_false(out.oom);
	fc_diag_list_free(dl);
	fc_engine_free(eng);
	return fci_buf_steal(&out);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_golden(void **state)
{
	const char *root = getenv("FC_SRC_ROOT");
	bool update = getenv("FC_GOLDEN_UPDATE") && strcmp(getenv("FC_GOLDEN_UPDATE"), "1") == 0;
	char dir[1024];
	char *names[256];
	size_t n = 0, i, failed = 0;
	DIR *d;
	struct dirent *de;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/golden/loader", root ? root : "..");
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL && n < 256) {
		size_t l = strlen(de->d_name);

		if (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	assert_true(n >= 15);
	for (i = 0; i < n; i++) {
		char path[1200], *text, *got, *want;
		size_t len, wlen;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		text = read_file(path, &len);
		assert_non_null(text);
		got = render_case(names[i], text, len);
		snprintf(path + strlen(path) - 5, 6, ".diag");
		if (update) {
			FILE *fp = fopen(path, "wb");

			assert_non_null(fp);
			fputs(got, fp);
			fclose(fp);
		} else {
			want = read_file(path, &wlen);
			if (!want || strcmp(want, got) != 0) {
				fprintf(stderr, "golden mismatch: %s\n--- want\n%s--- got\n%s",
				        path, want ? want : "(missing)\n", got);
				failed++;
			}
			free(want);
		}
		free(got);
		free(text);
		free(names[i]);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
