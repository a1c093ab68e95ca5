/* SPDX-License-Identifier: Apache-2.0 */
/* Audit-event input of the falcocore CLI: files of k8s audit (or any JSON)
 * events, and webhook bodies. Built only on the public JSON-source API. */
#ifndef FALCOCORE_CLI_AUDIT_INPUT_H
#define FALCOCORE_CLI_AUDIT_INPUT_H

#include <falcocore/falcocore.h>

#include <stddef.h>
#include <stdint.h>

/* Flags for fca_read_file(). */
enum {
	FCA_SKIP_BAD = 1, /* skip malformed lines (counted) instead of stopping */
};

/* Counters of one input. */
typedef struct fca_stats {
	uint64_t bytes;
	uint64_t events;
	uint64_t errors; /* malformed values skipped (FCA_SKIP_BAD) */
} fca_stats;

/* Reads a file ("-" = standard input) of JSON events - JSON lines, pretty
 * objects one after another, arrays, or EventList documents - in chunks of up
 * to 64 KiB as they arrive (read(2): pipes and FIFOs stream; a signal ends a
 * blocked read with FC_EIO), and calls fn for each event while its JSON is
 * alive (typically fn calls fc_eval_run). Returns FC_OK, or a negative
 * fc_status with a message "PATH: line L, column C: ..." in err. stats may
 * be NULL. */
int fca_read_file(const char *path, const fc_json_source *src, uint32_t source_id, unsigned flags,
                  fc_json_event_fn fn, void *user, fca_stats *stats, char *err, size_t errlen);

/* Handles one webhook body (all-or-nothing: a malformed body delivers no
 * event). Returns FC_OK or a negative fc_status with a message in err:
 * suitable as the body of fcw_opts.on_audit (see webserver.h). */
int fca_process_body(const fc_json_source *src, uint32_t source_id, const char *body, size_t len,
                     fc_json_event_fn fn, void *user, char *err, size_t errlen);

#endif
