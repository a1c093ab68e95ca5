/* SPDX-License-Identifier: Apache-2.0 */
/* The scap event table (names, directions, flags, parameter layouts per
 * event code, libscap numbering) and the event decoder. Internal: shared by
 * the syscall source files (decode, capture files, state, fields). */
#ifndef FCI_EVENT_TABLE_H
#define FCI_EVENT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <falcocore/common.h>
#include <falcocore/syscall_abi.h>

/* Parameter types: libscap's ppm_param_type numbering (same values as
 * FC_PT_* in syscall_abi.h). */
typedef enum fci_ptype {
	FCI_PT_NONE = 0,
	FCI_PT_INT8 = 1,
	FCI_PT_INT16 = 2,
	FCI_PT_INT32 = 3,
	FCI_PT_INT64 = 4,
	FCI_PT_UINT8 = 5,
	FCI_PT_UINT16 = 6,
	FCI_PT_UINT32 = 7,
	FCI_PT_UINT64 = 8,
	FCI_PT_CHARBUF = 9,
	FCI_PT_BYTEBUF = 10,
	FCI_PT_ERRNO = 11,
	FCI_PT_SOCKADDR = 12,
	FCI_PT_SOCKTUPLE = 13,
	FCI_PT_FD = 14,
	FCI_PT_PID = 15,
	FCI_PT_FDLIST = 16,
	FCI_PT_FSPATH = 17,
	FCI_PT_SYSCALLID = 18,
	FCI_PT_SIGTYPE = 19,
	FCI_PT_RELTIME = 20,
	FCI_PT_ABSTIME = 21,
	FCI_PT_PORT = 22,
	FCI_PT_L4PROTO = 23,
	FCI_PT_SOCKFAMILY = 24,
	FCI_PT_BOOL = 25,
	FCI_PT_IPV4ADDR = 26,
	FCI_PT_DYNAMIC = 27,
	FCI_PT_FLAGS8 = 28,
	FCI_PT_FLAGS16 = 29,
	FCI_PT_FLAGS32 = 30,
	FCI_PT_UID = 31,
	FCI_PT_GID = 32,
	FCI_PT_DOUBLE = 33,
	FCI_PT_SIGSET = 34,
	FCI_PT_CHARBUFARRAY = 35,
	FCI_PT_CHARBUF_PAIR_ARRAY = 36,
	FCI_PT_IPV4NET = 37,
	FCI_PT_IPV6ADDR = 38,
	FCI_PT_IPV6NET = 39,
	FCI_PT_IPADDR = 40,
	FCI_PT_IPNET = 41,
	FCI_PT_MODE = 42,
	FCI_PT_FSRELPATH = 43,
	FCI_PT_ENUMFLAGS8 = 44,
	FCI_PT_ENUMFLAGS16 = 45,
	FCI_PT_ENUMFLAGS32 = 46,
	FCI_PT_MAX = 47
} fci_ptype;

/* Print formats (libscap's ppm_print_format). */
typedef enum fci_pfmt {
	FCI_PF_NA = 0,
	FCI_PF_DEC = 1,
	FCI_PF_HEX = 2,
	FCI_PF_10_PADDED_DEC = 3,
	FCI_PF_ID = 4,
	FCI_PF_DIR = 5,
	FCI_PF_OCT = 6,
} fci_pfmt;

/* Event flags (libscap's ppm_event_flags, EF_*). */
enum {
	FCI_EF_NONE = 0,
	FCI_EF_CREATES_FD = 1 << 0,
	FCI_EF_DESTROYS_FD = 1 << 1,
	FCI_EF_USES_FD = 1 << 2,
	FCI_EF_READS_FROM_FD = 1 << 3,
	FCI_EF_WRITES_TO_FD = 1 << 4,
	FCI_EF_MODIFIES_STATE = 1 << 5,
	FCI_EF_UNUSED = 1 << 6,
	FCI_EF_WAITS = 1 << 7,
	FCI_EF_SKIPPARSERESET = 1 << 8,
	FCI_EF_OLD_VERSION = 1 << 9,
	FCI_EF_DROP_SIMPLE_CONS = 1 << 10,
	FCI_EF_LARGE_PAYLOAD = 1 << 11,
};

/* Event categories (libscap's ppm_event_category, low bits). */
enum {
	FCI_EC_UNKNOWN = 0,
	FCI_EC_OTHER = 1,
	FCI_EC_FILE = 2,
	FCI_EC_NET = 3,
	FCI_EC_IPC = 4,
	FCI_EC_MEMORY = 5,
	FCI_EC_PROCESS = 6,
	FCI_EC_SLEEP = 7,
	FCI_EC_SYSTEM = 8,
	FCI_EC_SIGNAL = 9,
	FCI_EC_USER = 10,
	FCI_EC_TIME = 11,
	FCI_EC_PROCESSING = 12,
	FCI_EC_IO_READ = 32,
	FCI_EC_IO_WRITE = 33,
	FCI_EC_IO_OTHER = 34,
	FCI_EC_WAIT = 64,
	FCI_EC_SCHEDULER = 128,
	FCI_EC_INTERNAL = 256,
};

/* A flag or enum value name. Tables end with {NULL, 0}. */
typedef struct fci_flag_name {
	const char *name;
	uint32_t value;
} fci_flag_name;

typedef struct fci_param_info {
	const char *name;
	uint8_t type;                     /* fci_ptype */
	uint8_t fmt;                      /* fci_pfmt */
	const fci_flag_name *flags;       /* names for FLAGS / ENUMFLAGS / MODE, or NULL */
	int8_t dirfd;                     /* FSRELPATH: index of the dirfd parameter, else -1 */
	uint8_t ndyn;                     /* DYNAMIC: number of entries in dyn */
	const struct fci_param_info *dyn; /* DYNAMIC: layout per 1-byte selector */
} fci_param_info;

typedef struct fci_event_info {
	const char *name;
	char dir;       /* '>' enter, '<' exit */
	uint32_t flags; /* FCI_EF_* */
	uint16_t nparams;
	const fci_param_info *params;
	uint16_t category; /* FCI_EC_* */
} fci_event_info;

#define FCI_EVENT_MAX ((uint32_t)FC_PPM_EVENT_MAX)

/* NULL for codes outside the table. Unused codes ("NA", EF_UNUSED) return
 * their entry. */
const fci_event_info *fci_event_info_get(uint16_t type);

/* Name per event code for fc_source_ops.code_names: "open" for both
 * PPME_SYSCALL_OPEN_E/X and every version. Unused codes give NULL.
 * Fills names[0..min(n, FCI_EVENT_MAX)); returns FCI_EVENT_MAX. */
uint32_t fci_event_code_names(const char **names, uint32_t n);

/* Syscall name for a generic-event syscall id (PT_SYSCALLID, libscap's
 * ppm_sc numbering), or NULL. */
const char *fci_syscall_name(uint16_t id);

#define FCI_MAX_PARAMS 32

/* A decoded event: header fields plus a pointer and length per parameter,
 * all borrowed from the record. */
typedef struct fci_sevt {
	uint64_t ts, tid;
	uint32_t len;
	uint16_t type;
	uint32_t nparams;
	const fci_event_info *info; /* may be NULL for unknown types */
	const uint8_t *p[FCI_MAX_PARAMS];
	uint32_t plen[FCI_MAX_PARAMS];
} fci_sevt;

/* Decodes a record (26-byte header, nparams lengths of 16 bits, or 32 bits
 * for EF_LARGE_PAYLOAD events, then the parameters). Checks the header, that
 * len fits the buffer and that all parameters fit in len.
 * Returns FC_OK or FC_EFORMAT. */
int fci_sevt_decode(const void *rec, size_t len, fci_sevt *out);

/* Typed accessors: FC_OK, FC_ENOENT (parameter missing or empty),
 * FC_EFORMAT (size does not fit the type). */
int fci_sevt_int(const fci_sevt *e, unsigned i, int64_t *v);   /* sign-extends per type */
int fci_sevt_uint(const fci_sevt *e, unsigned i, uint64_t *v); /* zero-extends */
/* CHARBUF / FSPATH / FSRELPATH: the text without its trailing NUL. */
int fci_sevt_str(const fci_sevt *e, unsigned i, const char **s, size_t *len);
int fci_sevt_bytes(const fci_sevt *e, unsigned i, const uint8_t **b, size_t *len);
/* Index of the parameter with that name in e->info, or -1. */
int fci_sevt_param_index(const fci_sevt *e, const char *name);

/* Renders a parameter as sysdig/falco print it in evt.arg.X and evt.args
 * (flags as names "O_RDONLY|O_CLOEXEC", errno names "ENOENT", addresses
 * "127.0.0.1:80->127.0.0.1:3456", buffers printable). snprintf semantics:
 * returns the length needed, excluding the NUL, or a negative status. */
int fci_sevt_format_param(const fci_sevt *e, unsigned i, char *buf, size_t len);

/* The two parts sysdig computes for a parameter: the raw value ("4097", "-2",
 * "3") and, when it has one, the resolved form ("O_RDONLY|O_CLOEXEC",
 * "ENOENT"; empty otherwise). evt.args prints "raw(resolved)". Either buffer
 * may be NULL with length 0. Returns FC_OK or a negative status. */
int fci_sevt_format_param_parts(const fci_sevt *e, unsigned i, char *raw, size_t rawlen,
                                char *resolved, size_t reslen);

/* Renders all parameters as evt.args does ("fd=3(<f>/etc/passwd) name=..."
 * without the fd resolution, which the state layer adds). */
int fci_sevt_format_args(const fci_sevt *e, char *buf, size_t len);

/* Name of an errno value ("ENOENT"), or NULL. */
const char *fci_errno_name(int64_t err);

/* Category name as evt.category prints it ("file", "net", ...). */
const char *fci_event_category_name(uint16_t category);

#endif
