/* SPDX-License-Identifier: Apache-2.0 */
/* Rules-loading time (YAML -> collected lists, macros, rules; no compile):
 * the three upstream rules files in sequence, N times; prints min and
 * median wall-clock milliseconds per load of the three.
 * Usage: bench_loader [-n N] file...   (default: the upstream files under
 * $FC_UPSTREAM) */
#include <falcocore/falcocore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	static const char *const rel[] = {"falcosecurity-rules/falco_rules.yaml",
	                                  "falcosecurity-rules/falco-incubating_rules.yaml",
	                                  "falcosecurity-rules/falco-sandbox_rules.yaml"};
	const char *files[64];
	char paths[3][1024];
	size_t n_files = 0, i;
	int n = 20, k, a = 1;
	double *t;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		n = atoi(argv[2]);
		a = 3;
	}
	for (; a < argc && n_files < 64; a++)
		files[n_files++] = argv[a];
	if (n_files == 0) {
		const char *u = getenv("FC_UPSTREAM");

		for (i = 0; i < 3; i++) {
			snprintf(paths[i], sizeof(paths[i]), "%s/%s", u ? u : "../shared/upstream",
			         rel[i]);
			files[n_files++] = paths[i];
		}
	}
	if (n < 1)
		n = 1;
	t = calloc((size_t)n, sizeof(*t));
	if (!t)
		return 1;
	for (k = 0; k < n; k++) {
		fc_engine *eng;
		fc_diag_list *dl;
		double t0;

		if (fc_engine_new(NULL, &eng) != FC_OK || fc_diag_list_new(&dl) != FC_OK)
			return 1;
		t0 = now_ms();
		for (i = 0; i < n_files; i++) {
			int rc = fc_engine_load_file(eng, files[i], dl);

			if (rc != FC_OK) {
				fprintf(stderr, "%s: %s\n", files[i], fc_strerror(rc));
				return 1;
			}
		}
		t[k] = now_ms() - t0;
		fc_diag_list_free(dl);
		fc_engine_free(eng);
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_d);
	printf("load %zu file(s), %d runs: min %.2f ms, median %.2f ms\n", n_files, n, t[0],
	       t[n / 2]);
	free(t);
	return 0;
}
