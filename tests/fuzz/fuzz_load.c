/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: a whole rules file loaded and compiled, then evaluated once. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_env e;
	fc_ruleset *rs = NULL;

	if (fuzz_env_open(&e) == 0) {
		fuzz_ignore(
		        fc_engine_load_buffer(e.eng, "fuzz.yaml", (const char *)data, size, e.dl));
		if (fc_engine_compile(e.eng, e.dl, &rs) == FC_OK && rs) {
			fc_eval *ev = NULL;

			if (fc_eval_new(rs, NULL, &ev) == FC_OK) {
				fc_event evt = {0};

				fuzz_ignore(fc_eval_run(ev, &evt));
				fc_eval_free(ev);
			}
		}
		fuzz_render_diags(e.dl);
	}
	fc_ruleset_unref(rs);
	fuzz_env_close(&e);
	return 0;
}
