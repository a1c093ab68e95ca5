/* SPDX-License-Identifier: Apache-2.0 */
/* The syscall source (stubs until the syscall-source issue). */
#include "../../rules.h"
#include "scap_blocks.h"

int fc_syscall_source_new(const fc_syscall_opts *opts, fc_syscall_source **out)
{
	(void)opts;
	if (out)
		*out = NULL;
	return FC_ENOTSUP;
}

void fc_syscall_source_free(fc_syscall_source *src)
{
	(void)src;
}

const fc_source_ops *fc_syscall_source_ops(const fc_syscall_source *src)
{
	(void)src;
	return NULL;
}

int fc_syscall_source_process(fc_syscall_source *src, const void *rec, size_t len,
                              uint32_t source_id, fc_event *out)
{
	(void)src;
	(void)rec;
	(void)len;
	(void)source_id;
	(void)out;
	return FC_ENOTSUP;
}

int fc_syscall_source_scan_proc(fc_syscall_source *src, const char *procfs)
{
	(void)src;
	(void)procfs;
	return FC_ENOTSUP;
}

void fc_syscall_source_get_stats(const fc_syscall_source *src, fc_syscall_stats *out)
{
	(void)src;
	if (out)
		*out = (fc_syscall_stats){0};
}

/* Until the state layer lands: capture header records are validated by the
 * reader and then dropped; the dump has nothing to write. */
const fci_scap_sink *fci_syscall_source_sink(fc_syscall_source *src)
{
	(void)src;
	return NULL;
}

int fci_syscall_source_dump(const fc_syscall_source *src, const fci_scap_sink *out)
{
	(void)src;
	(void)out;
	return FC_OK;
}
