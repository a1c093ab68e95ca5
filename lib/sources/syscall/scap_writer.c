/* SPDX-License-Identifier: Apache-2.0 */
/* Writing .scap capture files (placeholder until the writer lands). */
#include "../../internal.h"
#include "scap_blocks.h"

int fc_capture_writer_open(const char *path, const fc_syscall_source *src, fc_capture_writer **out)
{
	(void)path;
	(void)src;
	if (out)
		*out = NULL;
	return FC_ENOTSUP;
}

int fc_capture_writer_write(fc_capture_writer *w, const void *rec, size_t len)
{
	(void)w;
	(void)rec;
	(void)len;
	return FC_ENOTSUP;
}

int fc_capture_writer_close(fc_capture_writer *w)
{
	(void)w;
	return FC_ENOTSUP;
}
