/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: the live feeder (eBPF probe → syscall source). */
#ifndef FALCOCORE_CLI_LIVE_H
#define FALCOCORE_CLI_LIVE_H

#include "cli.h"

/* Counters of the live feeder, for stats and the exit summary. */
typedef struct cli_live_stats {
	uint64_t captured;       /* records the probe wrote */
	uint64_t dropped_kernel; /* lost in the kernel: ring buffer full */
	uint64_t dropped_user;   /* rejected in userspace (malformed / decode errors) */
	uint64_t processed;      /* records handed to the syscall source */
} cli_live_stats;

/* Scans /proc into src, loads and attaches the probe with an interest set made
 * of the events the ruleset's rules can match plus those state tracking needs,
 * and optionally writes every record to a .scap file (write_path, or NULL).
 * Returns FC_OK with *out set, or FC_EPERM/FC_ENOTSUP with one message in err
 * naming what is missing and how to replay a capture instead. */
int cli_feeder_live_open(fc_syscall_source *src, uint32_t source_id, const fc_ruleset *rs,
                         const char *write_path, cli_feeder_ops *out, char *err, size_t errlen);
/* Copies the counters of a live feeder (ctx from cli_feeder_ops). */
void cli_live_get_stats(void *ctx, cli_live_stats *out);
/* True when this build has the probe. */
bool cli_live_available(void);

#endif
