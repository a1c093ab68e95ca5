/* SPDX-License-Identifier: Apache-2.0 */
/* Replay benchmark (issue 10): a capture is loaded into memory once, then run
 * many times through decode + state (fc_syscall_source_process) and rule
 * evaluation (fc_eval_run). Printed per configuration: ns/event (median of
 * the runs, min, max), events/s, alerts per run, and the share of events for
 * which the event-type index selected no rule.
 *
 * usage: bench_replay [-n RUNS] [-r RULES]... CAPTURE
 * With no -r, the three upstream rules files are used ($FC_UPSTREAM); an
 * empty ruleset is always measured first, to separate evaluation from
 * decode and state. */
#include <falcocore/falcocore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fuzz_ignore(int r)
{
	(void)r;
}

typedef struct rec {
	size_t off, len;
} rec;

typedef struct capture_mem {
	unsigned char *buf;
	size_t len, cap;
	rec *recs;
	size_t n, ncap;
} capture_mem;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int push_rec(capture_mem *m, const void *p, size_t len)
{
	if (m->len + len > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 1 << 20;
		unsigned char *nb;

		while (nc < m->len + len)
			nc *= 2;
		nb = realloc(m->buf, nc);
		if (!nb)
			return -1;
		m->buf = nb;
		m->cap = nc;
	}
	if (m->n == m->ncap) {
		size_t nc = m->ncap ? m->ncap * 2 : 4096;
		rec *nr = realloc(m->recs, nc * sizeof(*nr));

		if (!nr)
			return -1;
		m->recs = nr;
		m->ncap = nc;
	}
	memcpy(m->buf + m->len, p, len);
	m->recs[m->n].off = m->len;
	m->recs[m->n].len = len;
	m->len += len;
	m->n++;
	return 0;
}

/* Opens the capture into a fresh source (its header blocks give the initial
 * state) and, the first time, copies every record into memory. */
static int open_capture(const char *path, fc_syscall_source **src, capture_mem *m, bool load)
{
	fc_capture *cap;
	const void *p;
	size_t len;
	int rc;

	if (fc_syscall_source_new(NULL, src) != FC_OK)
		return -1;
	rc = fc_capture_open(path, *src, &cap);
	if (rc != FC_OK) {
		fprintf(stderr, "bench_replay: %s: %s\n", path, fc_strerror(rc));
		return -1;
	}
	while (load && (rc = fc_capture_next(cap, &p, &len)) == FC_OK)
		if (push_rec(m, p, len) < 0)
			return -1;
	if (load && rc != FC_EOF)
		fprintf(stderr, "bench_replay: %s: %s (using the %zu events before it)\n", path,
		        fc_capture_error(cap), m->n);
	fc_capture_close(cap);
	return 0;
}

static int count_match(const fc_match *mt, void *user)
{
	(void)mt;
	(*(uint64_t *)user)++;
	return FC_CB_CONTINUE;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One configuration: returns 0 and prints a line. */
static int run_config(const char *label, const char *path, capture_mem *m, const char **rules,
                      int n_rules, int runs)
{
	double *ns = calloc((size_t)runs, sizeof(double));
	uint64_t alerts = 0, no_rule = 0;
	int r;

	for (r = 0; r < runs; r++) {
		fc_syscall_source *src = NULL;
		fc_engine *eng = NULL;
		fc_diag_list *dl = NULL;
		fc_ruleset *rs = NULL;
		fc_eval *ev = NULL;
		fc_eval_stats st;
		uint32_t sid = 0;
		uint64_t matches = 0;
		double t0;
		size_t i;
		int j, rc;

		if (open_capture(path, &src, m, false) < 0 || fc_engine_new(NULL, &eng) != FC_OK ||
		    fc_diag_list_new(&dl) != FC_OK ||
		    fc_engine_add_source(eng, fc_syscall_source_ops(src), &sid) != FC_OK)
			return -1;
		for (j = 0; j < n_rules; j++)
			fuzz_ignore(fc_engine_load_file(eng, rules[j], dl));
		rc = fc_engine_compile(eng, dl, &rs);
		if (rc != FC_OK) {
			fprintf(stderr, "bench_replay: compile: %s (%zu errors)\n", fc_strerror(rc),
			        fc_diag_list_count_severity(dl, FC_SEV_ERROR));
			return -1;
		}
		if (fc_eval_new(rs,
		                FC_OPTS(fc_eval_opts, .on_match = count_match, .user = &matches,
		                        .rule_matching = FC_RULE_MATCHING_ALL),
		                &ev) != FC_OK)
			return -1;
		t0 = now_ns();
		for (i = 0; i < m->n; i++) {
			fc_event e;

			if (fc_syscall_source_process(src, m->buf + m->recs[i].off, m->recs[i].len,
			                              sid, &e) == FC_OK)
				fuzz_ignore(fc_eval_run(ev, &e));
		}
		ns[r] = (now_ns() - t0) / (double)m->n;
		fc_eval_get_stats(ev, &st);
		alerts = matches;
		no_rule = st.events_no_rule;
		fc_eval_free(ev);
		fc_ruleset_unref(rs);
		fc_diag_list_free(dl);
		fc_engine_free(eng);
		fc_syscall_source_free(src);
	}
	qsort(ns, (size_t)runs, sizeof(double), cmp_double);
	printf("%-22s events=%zu runs=%d ns/event median=%.1f min=%.1f max=%.1f "
	       "events/s=%.2fM alerts/run=%llu no-rule=%.1f%%\n",
	       label, m->n, runs, ns[runs / 2], ns[0], ns[runs - 1], 1e3 / ns[runs / 2],
	       (unsigned long long)alerts, m->n ? 100.0 * (double)no_rule / (double)m->n : 0.0);
	free(ns);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int main(int argc, char **argv)
{
	const char *rules[32];
	int n_rules = 0, runs = 9, i;
	bool from_default;
	const char *path = NULL, *up = getenv("FC_UPSTREAM");
	static char defaults[3][1024];
	capture_mem m = {0};
	fc_syscall_source *src = NULL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc && n_rules < 32)
			rules[n_rules++] = argv[++i];
		else
			path = argv[i];
	}
	if (!path || runs < 1) {
		fprintf(stderr, "usage: bench_replay [-n RUNS] [-r RULES]... CAPTURE\n");
		return 2;
	}
	from_default = n_rules == 0;
	if (n_rules == 0 && up) {
		static const char *names[3] = {"falco_rules.yaml", "falco-incubating_rules.yaml",
		                               "falco-sandbox_rules.yaml"};

		for (i = 0; i < 3; i++) {
			snprintf(defaults[i], sizeof(defaults[i]), "%s/falcosecurity-rules/%s", up,
			         names[i]);
			rules[n_rules++] = defaults[i];
		}
	}
	if (open_capture(path, &src, &m, true) < 0 || m.n == 0) {
		fprintf(stderr, "bench_replay: no events in %s\n", path);
		return 1;
	}
	fc_syscall_source_free(src);
	printf("capture %s: %zu events, %zu bytes\n", path, m.n, m.len);
	if (run_config("empty ruleset", path, &m, rules, 0, runs) < 0)
		return 1;
	if (n_rules && run_config(from_default ? "stable rules" : base_name(rules[0]), path, &m,
	                          rules, 1, runs) < 0)
		return 1;
	if (n_rules > 1 && run_config("all given rules", path, &m, rules, n_rules, runs) < 0)
		return 1;
	free(m.buf);
	free(m.recs);
	return 0;
}
