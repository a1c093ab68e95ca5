/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: a .scap capture file read, decoded, fed through state and
 * evaluated against a small ruleset. */
#include "fuzz_common.h"

#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fc_ruleset *fuzz_rules(fuzz_env *e, uint32_t *sid)
{
	static const char rules[] =
	        "- rule: r\n  desc: d\n  priority: INFO\n"
	        "  condition: evt.type in (open, openat, execve, connect) and (fd.name contains "
	        "etc or proc.name = cat or fd.sip = 127.0.0.1)\n"
	        "  output: o %proc.cmdline %fd.name %evt.args %proc.aname[3] %user.name\n";
	fc_ruleset *rs = NULL;

	if (fc_engine_load_buffer(e->eng, "r.yaml", rules, sizeof(rules) - 1, e->dl) != FC_OK ||
	    fc_engine_compile(e->eng, e->dl, &rs) != FC_OK)
		return NULL;
	if (fc_ruleset_source_id(rs, "syscall", sid) != FC_OK) {
		fc_ruleset_unref(rs);
		return NULL;
	}
	return rs;
}

static int on_match(const fc_match *m, void *user)
{
	char buf[1024];

	(void)user;
	fuzz_ignore(fc_match_format_output(m, buf, sizeof(buf)));
	return FC_CB_CONTINUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fc-fuzz-scap-XXXXXX";
	int fd = mkstemp(path);
	fuzz_env e;
	fc_capture *cap = NULL;
	fc_ruleset *rs = NULL;
	fc_eval *ev = NULL;
	uint32_t sid = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	if (fuzz_env_open(&e) == 0 && e.src) {
		rs = fuzz_rules(&e, &sid);
		if (rs)
			fuzz_ignore(
			        fc_eval_new(rs, FC_OPTS(fc_eval_opts, .on_match = on_match), &ev));
		if (fc_capture_open(path, e.src, &cap) == FC_OK) {
			const void *rec;
			size_t len;
			int n = 0;

			while (n++ < 100000 && fc_capture_next(cap, &rec, &len) == FC_OK) {
				fc_event evt;

				if (fc_syscall_source_process(e.src, rec, len, sid, &evt) ==
				            FC_OK &&
				    ev)
					fuzz_ignore(fc_eval_run(ev, &evt));
			}
			if (fc_capture_error(cap)[0] == 0x7f)
				abort();
		}
	}
	fc_capture_close(cap);
	fc_eval_free(ev);
	fc_ruleset_unref(rs);
	fuzz_env_close(&e);
	unlink(path);
	return 0;
}
