/* SPDX-License-Identifier: Apache-2.0 */
/* Rule items -> fc_ruleset (stub until the conditions issue lands). */
#include "rules.h"

int fci_compile(fc_engine *eng, fc_diag_list *diags, fc_ruleset **out)
{
	(void)eng;
	(void)diags;
	*out = NULL;
	return FC_ENOTSUP;
}
