/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_SYSCALL_ABI_H
#define FALCOCORE_SYSCALL_ABI_H

/** @file
 * @brief The scap event record layout shared by the syscall source, capture
 * files and the eBPF probe (probe/ includes this header too). Facts from the
 * scap format used by Falco's drivers: a packed header, then one length per
 * parameter (16-bit, or 32-bit for large-payload events), then the parameters.
 * Event numbers (FC_PPME_*) follow libscap's numbering. */

#ifndef __bpf__
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Header of every scap event record (26 bytes, packed, little-endian). */
struct fc_scap_evt_hdr {
	uint64_t ts;      /**< Timestamp, nanoseconds since the epoch. */
	uint64_t tid;     /**< Thread id that generated the event. */
	uint32_t len;     /**< Total record length, header included. */
	uint16_t type;    /**< Event type (FC_PPME_* numbering). */
	uint32_t nparams; /**< Number of parameters. */
} __attribute__((packed));

/** Size of ::fc_scap_evt_hdr in bytes. */
#define FC_SCAP_HDR_LEN 26

/** @cond INTERNAL */
#ifndef __cplusplus
_Static_assert(sizeof(struct fc_scap_evt_hdr) == FC_SCAP_HDR_LEN, "scap header is 26 bytes");
#endif
/** @endcond */

#ifdef __cplusplus
}
#endif
#endif
