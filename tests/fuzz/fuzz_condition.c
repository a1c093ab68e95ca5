/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: one condition string, in a rule of its own (with a macro and
 * a list it may reference). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "- list: shells\n  items: [bash, sh]\n"
	                          "- macro: spawned\n  condition: evt.type = execve\n"
	                          "- rule: fuzz\n  desc: d\n  output: o %proc.name\n"
	                          "  priority: INFO\n  condition: |\n";
	fuzz_env e;
	fc_ruleset *rs = NULL;
	size_t len;
	char *y = fuzz_block(pre, data, size, "", &len);

	if (y && fuzz_env_open(&e) == 0) {
		fuzz_ignore(fc_engine_load_buffer(e.eng, "cond.yaml", y, len, e.dl));
		fuzz_ignore(fc_engine_compile(e.eng, e.dl, &rs));
		if (rs) {
			char buf[4096];

			fuzz_ignore(fc_ruleset_disasm(rs, fc_ruleset_find_rule(rs, "fuzz"), buf,
			                              sizeof(buf)));
		}
		fuzz_render_diags(e.dl);
		fuzz_env_close(&e);
	}
	fc_ruleset_unref(rs);
	free(y);
	return 0;
}
