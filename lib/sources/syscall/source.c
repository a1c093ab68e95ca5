/* SPDX-License-Identifier: Apache-2.0 */
/* The syscall source (stubs until the syscall-source issue). */
#include "../../rules.h"

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
