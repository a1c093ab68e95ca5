/* SPDX-License-Identifier: Apache-2.0 */
/* capture_eval: evaluates the syscall events of a .scap capture file (made
 * by falco, sysdig or falcocore) against a rules file, with a match callback.
 *
 *   cc -o capture_eval capture_eval.c $(pkg-config --cflags --libs libfalcocore)
 *   ./capture_eval rules.yaml capture.scap
 *
 * Prints one line per match ("event N: Priority rule: output") and a summary. */
#include <falcocore/falcocore.h>

#include <inttypes.h>
#include <stdio.h>

typedef struct counts {
	uint64_t matches;
} counts;

static int on_match(const fc_match *m, void *user)
{
	counts *c = user;
	const fc_rule *r = fc_match_rule(m);
	char out[2048];

	if (fc_match_format_output(m, out, sizeof(out)) < 0)
		out[0] = '\0';
	printf("event %" PRIu64 ": %s %s: %s\n", fc_match_event(m)->num,
	       fc_priority_name(fc_rule_priority(r)), fc_rule_name(r), out);
	c->matches++;
	return FC_CB_CONTINUE;
}

static int fail(const char *what, int rc, const fc_diag_list *dl)
{
	fprintf(stderr, "capture_eval: %s: %s\n", what, fc_strerror(rc));
	for (size_t i = 0; dl && i < fc_diag_list_count(dl); i++) {
		char buf[1024];

		if (fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf)) >= 0)
			fprintf(stderr, "%s\n", buf);
	}
	return 1;
}

int main(int argc, char **argv)
{
	fc_syscall_source *src = NULL;
	fc_engine *eng = NULL;
	fc_diag_list *dl = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	fc_capture *cap = NULL;
	counts c = {0};
	uint32_t sid;
	uint64_t events = 0;
	const void *rec;
	size_t len;
	int rc, status = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: capture_eval RULES.yaml CAPTURE.scap\n");
		return 2;
	}
	/* The syscall source holds thread and fd state; the engine compiles the
	 * rules against its field table. */
	if ((rc = fc_diag_list_new(&dl)) < 0 || (rc = fc_syscall_source_new(NULL, &src)) < 0 ||
	    (rc = fc_engine_new(NULL, &eng)) < 0 ||
	    (rc = fc_engine_add_source(eng, fc_syscall_source_ops(src), &sid)) < 0) {
		status = fail("setup", rc, NULL);
		goto out;
	}
	if ((rc = fc_engine_load_file(eng, argv[1], dl)) < 0 ||
	    (rc = fc_engine_compile(eng, dl, &rs)) < 0) {
		status = fail(argv[1], rc, dl);
		goto out;
	}
	if ((rc = fc_ruleset_source_id(rs, "syscall", &sid)) < 0 ||
	    (rc = fc_eval_new(rs,
	                      FC_OPTS(fc_eval_opts, .on_match = on_match, .user = &c,
	                              .rule_matching = FC_RULE_MATCHING_ALL),
	                      &ev)) < 0) {
		status = fail("evaluator", rc, NULL);
		goto out;
	}
	/* Opening the capture also loads its process and fd tables into src. */
	if ((rc = fc_capture_open(argv[2], src, &cap)) < 0) {
		fprintf(stderr, "capture_eval: %s: %s %s\n", argv[2], fc_strerror(rc),
		        cap ? fc_capture_error(cap) : "");
		goto out;
	}
	while ((rc = fc_capture_next(cap, &rec, &len)) == FC_OK) {
		fc_event e;

		events++;
		/* Update state first, then evaluate: the record stays valid until
		 * the next fc_capture_next(). */
		if (fc_syscall_source_process(src, rec, len, sid, &e) < 0)
			continue; /* malformed record: counted by the source, skipped */
		if (e.num == 0)
			e.num = events;
		if ((rc = fc_eval_run(ev, &e)) < 0) {
			status = fail("evaluation", rc, NULL);
			goto out;
		}
	}
	if (rc != FC_EOF) {
		fprintf(stderr, "capture_eval: %s: %s %s\n", argv[2], fc_strerror(rc),
		        fc_capture_error(cap));
		goto out;
	}
	printf("%" PRIu64 " events, %" PRIu64 " matches\n", events, c.matches);
	status = 0;
out:
	fc_capture_close(cap);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fc_engine_free(eng);
	fc_syscall_source_free(src);
	fc_diag_list_free(dl);
	return status;
}
