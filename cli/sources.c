/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: the built-in event sources the command line registers. */
#include "cli.h"

#include <string.h>

int cli_sources_init(cli_sources *s)
{
	const fc_source_ops *ops;

	memset(s, 0, sizeof(*s));
	s->syscall_status = fc_syscall_source_new(NULL, &s->syscall);
	if (s->syscall_status == FC_OK) {
		ops = fc_syscall_source_ops(s->syscall);
		if (ops)
			s->ops[s->n_ops++] = ops;
		else
			s->syscall_status = FC_ENOTSUP;
	}
	/* k8s audit and generic JSON events: their rules load and compile (like
	 * falco with the k8saudit/json plugins); events come from their inputs. */
	if (fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT), &s->k8s_audit) ==
	    FC_OK) {
		ops = fc_json_source_ops(s->k8s_audit);
		if (ops)
			s->ops[s->n_ops++] = ops;
	}
	if (fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_GENERIC), &s->json) == FC_OK) {
		ops = fc_json_source_ops(s->json);
		if (ops)
			s->ops[s->n_ops++] = ops;
	}
	return FC_OK;
}

void cli_sources_free(cli_sources *s)
{
	fc_syscall_source_free(s->syscall);
	fc_json_source_free(s->k8s_audit);
	fc_json_source_free(s->json);
	memset(s, 0, sizeof(*s));
}

int cli_sources_register(const cli_sources *s, fc_engine *eng)
{
	size_t i;
	int rc;

	for (i = 0; i < s->n_ops; i++) {
		rc = fc_engine_add_source(eng, s->ops[i], NULL);
		if (rc != FC_OK)
			return rc;
	}
	return FC_OK;
}
