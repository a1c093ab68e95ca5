/* SPDX-License-Identifier: Apache-2.0 */
/* fc_strerror, fc_version, fc_engine_version. */
#include "internal.h"

const char *fc_strerror(int status)
{
	switch (status) {
	case FC_OK:
		return "success";
	case FC_EOF:
		return "end of stream";
	case FC_ENOMEM:
		return "out of memory";
	case FC_EINVAL:
		return "invalid argument";
	case FC_ENOENT:
		return "not found";
	case FC_ENOTSUP:
		return "not supported";
	case FC_ESTATE:
		return "call not allowed in this state";
	case FC_ERULES:
		return "rules have errors";
	case FC_EIO:
		return "input/output error";
	case FC_EFORMAT:
		return "malformed input data";
	case FC_ELIMIT:
		return "resource limit exceeded";
	case FC_EAGAIN:
		return "try again";
	case FC_EPERM:
		return "permission or kernel feature missing";
	case FC_EEXIST:
		return "already exists";
	default:
		return "unknown status";
	}
}

const char *fc_version(void)
{
	return FC_VERSION_STRING;
}

const char *fc_engine_version(void)
{
	return FC_ENGINE_VERSION_STRING;
}
