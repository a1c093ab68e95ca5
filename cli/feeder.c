/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: event feeders of the main loop (system calls): replay (a
 * .scap file or a FIFO) here, the live probe in live.c. k8s audit events do
 * not go through a feeder: the webhook and audit-file threads evaluate them
 * with evaluators of their own (main.c). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct replay {
	char *path;
	fc_syscall_source *src;
	uint32_t source_id;
	fc_capture *cap;
	long loops_left;
	uint64_t decode_errors;
	char err[512];
} replay;

static int replay_open_cap(replay *r)
{
	int rc = fc_capture_open(r->path, r->src, &r->cap);

	if (rc != FC_OK) {
		const char *detail = r->cap ? fc_capture_error(r->cap) : "";

		snprintf(r->err, sizeof(r->err), "cannot open capture %s: %s%s%s", r->path,
		         fc_strerror(rc), *detail ? ": " : "", detail);
		fc_capture_close(r->cap);
		r->cap = NULL;
	}
	return rc;
}

static int replay_next(void *ctx, fc_event *ev)
{
	replay *r = ctx;

	for (;;) {
		const void *rec;
		size_t len;
		int rc;

		if (!r->cap)
			return FC_EOF;
		rc = fc_capture_next(r->cap, &rec, &len);
		if (rc == FC_EOF) {
			fc_capture_close(r->cap);
			r->cap = NULL;
			if (--r->loops_left > 0) {
				rc = replay_open_cap(r);
				if (rc != FC_OK)
					return rc;
				continue;
			}
			return FC_EOF;
		}
		if (rc != FC_OK) {
			snprintf(r->err, sizeof(r->err), "%s: %s: %s", r->path, fc_strerror(rc),
			         fc_capture_error(r->cap));
			return rc;
		}
		rc = fc_syscall_source_process(r->src, rec, len, r->source_id, ev);
		if (rc == FC_OK)
			return FC_OK;
		if (rc == FC_EFORMAT) {
			r->decode_errors++; /* counted by the source too; skip the record */
			continue;
		}
		snprintf(r->err, sizeof(r->err), "%s: cannot decode event: %s", r->path,
		         fc_strerror(rc));
		return rc;
	}
}

static const char *replay_error(void *ctx)
{
	return ((replay *)ctx)->err;
}

static void replay_close(void *ctx)
{
	replay *r = ctx;

	fc_capture_close(r->cap);
	free(r->path);
	free(r);
}

int cli_feeder_replay_open(const char *path, fc_syscall_source *src, uint32_t source_id, long loops,
                           cli_feeder_ops *out, char *err, size_t errlen)
{
	replay *r = cli_xcalloc(1, sizeof(*r));
	int rc;

	r->path = cli_xstrdup(path);
	r->src = src;
	r->source_id = source_id;
	r->loops_left = loops > 0 ? loops : 1;
	rc = replay_open_cap(r);
	if (rc != FC_OK) {
		snprintf(err, errlen, "%s", r->err);
		replay_close(r);
		return rc;
	}
	*out = (cli_feeder_ops){.name = "replay",
	                        .next = replay_next,
	                        .error = replay_error,
	                        .close = replay_close,
	                        .ctx = r};
	return FC_OK;
}
