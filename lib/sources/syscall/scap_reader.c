/* SPDX-License-Identifier: Apache-2.0 */
/* Reading .scap capture files (placeholder until the reader lands). */
#include "../../internal.h"
#include "scap_blocks.h"

int fc_capture_open(const char *path, fc_syscall_source *src, fc_capture **out)
{
	(void)path;
	(void)src;
	if (out)
		*out = NULL;
	return FC_ENOTSUP;
}

int fc_capture_next(fc_capture *cap, const void **rec, size_t *len)
{
	(void)cap;
	(void)rec;
	(void)len;
	return FC_ENOTSUP;
}

const char *fc_capture_error(const fc_capture *cap)
{
	(void)cap;
	return "";
}

void fc_capture_close(fc_capture *cap)
{
	(void)cap;
}
