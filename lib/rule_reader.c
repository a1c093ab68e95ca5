/* SPDX-License-Identifier: Apache-2.0 */
/* YAML items -> rule items (stub until the loader issue lands). */
#include "rules.h"

int fci_load_file_text(fc_engine *eng, int32_t file, fc_diag_list *diags)
{
	(void)eng;
	(void)file;
	(void)diags;
	return FC_ENOTSUP;
}

int fci_check_plugin_requirements(fc_engine *eng, fc_diag_list *diags)
{
	(void)eng;
	(void)diags;
	return FC_OK;
}
