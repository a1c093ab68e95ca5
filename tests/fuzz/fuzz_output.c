/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: an output format string. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "- rule: fuzz\n  desc: d\n  condition: evt.type = openat\n"
	                          "  priority: INFO\n  output: |\n";
	fuzz_env e;
	fc_ruleset *rs = NULL;
	size_t len;
	char *y = fuzz_block(pre, data, size, "", &len);

	if (y && fuzz_env_open(&e) == 0) {
		fuzz_ignore(fc_engine_load_buffer(e.eng, "out.yaml", y, len, e.dl));
		fuzz_ignore(fc_engine_compile(e.eng, e.dl, &rs));
		fuzz_render_diags(e.dl);
		fuzz_env_close(&e);
	}
	fc_ruleset_unref(rs);
	free(y);
	return 0;
}
