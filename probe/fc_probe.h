/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FC_PROBE_H
#define FC_PROBE_H

/* Loader of libfalcocore's live eBPF probe (internal to the project; the CLI
 * uses it for live mode). The probe writes libscap-format event records
 * (struct fc_scap_evt_hdr + u16 parameter lengths + parameters) into one BPF
 * ring buffer; fcp_probe_poll() hands each record to a callback. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fcp_probe fcp_probe;

/* Options of fcp_probe_open(); zero-initialise, then set what you need. */
typedef struct fcp_opts {
	size_t ringbuf_bytes; /* ring buffer size; 0 = 8 MiB; rounded up to a power of 2 */
	const uint8_t
	        *interest;     /* bitmap over PPME codes (bit c = byte c/8, 1 << c%8); NULL = all */
	size_t interest_codes; /* number of codes the bitmap covers */
	bool capture_io;       /* also read/write/sendto/recvfrom (off: too noisy) */
} fcp_opts;

/* Counters of fcp_probe_get_stats(). */
typedef struct fcp_stats {
	uint64_t captured;       /* records written by the kernel side */
	uint64_t dropped_kernel; /* records lost because the ring buffer was full */
	uint64_t dropped_user;   /* records userspace rejected (malformed or too large) */
	uint64_t syscalls_seen;  /* interesting syscalls that reached the probe */
} fcp_stats;

/* Load the probe, fill the interest set and attach it. Returns 0 and sets *out,
 * or a negative errno with a message in err that names what is missing (no BTF,
 * no CAP_BPF/not root, kernel too old) and suggests replaying a capture instead
 * (falcocore -e FILE). */
int fcp_probe_open(const fcp_opts *o, fcp_probe **out, char *err, size_t errlen);

/* Consume every record available, calling cb(rec, len, user) for each (rec is
 * valid during the call only; a non-zero return from cb stops the batch and is
 * returned). When nothing is available, waits up to timeout_ms (polling with a
 * growing back-off: the probe never wakes the consumer). Returns the number of
 * records handled (0 on timeout) or a negative errno. */
int fcp_probe_poll(fcp_probe *p, int timeout_ms, int (*cb)(const void *rec, size_t len, void *user),
                   void *user);

/* Sum the per-CPU counters into *out. */
void fcp_probe_get_stats(const fcp_probe *p, fcp_stats *out);

/* Detach and unload the probe, free p. NULL is a no-op. */
void fcp_probe_close(fcp_probe *p);

/* Fill the interest bitmap bm (FCP_PPME_EVENT_MAX bits at least) with the
 * events the probe can emit for its syscalls: a convenience for tools/tests.
 * Returns the number of codes covered. */
size_t fcp_probe_all_events(uint8_t *bm, size_t bmbytes);

/* The event name of a PPME code the probe emits ("openat"), or NULL. */
const char *fcp_probe_event_name(uint16_t type);

#ifdef __cplusplus
}
#endif
#endif
