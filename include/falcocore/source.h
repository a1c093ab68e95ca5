/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_SOURCE_H
#define FALCOCORE_SOURCE_H

#include <falcocore/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Event sources: how any kind of event plugs into the engine. A source
 * declares its name, its event codes, its field table and an extractor. The
 * built-in sources (syscall, k8s_audit, json) use this same interface. */

/** Value types of fields and constants. Values are stable. */
typedef enum fc_type {
	FC_TYPE_NONE = 0,     /**< No value. */
	FC_TYPE_BOOL = 1,     /**< bool (u.b). */
	FC_TYPE_INT64 = 2,    /**< Signed integer (u.i64). */
	FC_TYPE_UINT64 = 3,   /**< Unsigned integer (u.u64): counts, ids, flags, modes. */
	FC_TYPE_DOUBLE = 4,   /**< Floating point (u.f64). */
	FC_TYPE_STRING = 5,   /**< Text (u.str); not necessarily NUL-terminated. */
	FC_TYPE_BYTES = 6,    /**< Binary buffer (u.str). */
	FC_TYPE_IPADDR = 7,   /**< IPv4 or IPv6 address (u.ip). */
	FC_TYPE_IPNET = 8,    /**< Network in CIDR form (u.ip with prefix). */
	FC_TYPE_PORT = 9,     /**< TCP/UDP port (u.u64). */
	FC_TYPE_RELTIME = 10, /**< Duration in nanoseconds (u.u64). */
	FC_TYPE_ABSTIME = 11, /**< Nanoseconds since the epoch (u.u64). */
	FC_TYPE_FSPATH = 12,  /**< File-system path (u.str), compared as text. */
} fc_type;

/** An IPv4/IPv6 address or network. */
typedef struct fc_ip {
	uint8_t family;   /**< 4 or 6. */
	uint8_t prefix;   /**< Prefix length for ::FC_TYPE_IPNET (0-32 / 0-128); 0 otherwise. */
	uint8_t addr[16]; /**< Network byte order; IPv4 uses the first 4 bytes. */
} fc_ip;

/**
 * @brief A typed value: what an extractor returns and what constants become.
 * Strings and lists are borrowed (from the event payload, the source, or the
 * evaluation's scratch memory) and valid until the next event is evaluated.
 */
typedef struct fc_value {
	fc_type type; /**< Type of the value, or of each element of a list. */
	bool is_list; /**< True for a list value: see u.list. */
	union {
		bool b;       /**< ::FC_TYPE_BOOL */
		int64_t i64;  /**< ::FC_TYPE_INT64 */
		uint64_t u64; /**< ::FC_TYPE_UINT64, PORT, RELTIME, ABSTIME */
		double f64;   /**< ::FC_TYPE_DOUBLE */
		/** ::FC_TYPE_STRING, FSPATH, BYTES */
		struct {
			const char *ptr; /**< First byte; need not be NUL-terminated. */
			size_t len;      /**< Length in bytes. */
		} str;
		fc_ip ip; /**< ::FC_TYPE_IPADDR, IPNET */
		/** List values (is_list): elements all of @ref type. */
		struct {
			const struct fc_value *items; /**< The elements. */
			size_t n;                     /**< Number of elements; may be 0. */
		} list;
	} u; /**< The payload, chosen by @ref type and @ref is_list. */
} fc_value;

/** Field flags for ::fc_field_def. */
typedef enum fc_field_flags {
	FC_FIELD_LIST = 1,         /**< Extracts a list (comparisons mean "any element"). */
	FC_FIELD_ARG_REQUIRED = 2, /**< Needs an argument: `name[arg]`. */
	FC_FIELD_ARG_ALLOWED = 4,  /**< Takes an optional argument. */
	FC_FIELD_ARG_INDEX = 8,    /**< The argument is an integer index (`proc.aname[2]`). */
	FC_FIELD_ARG_KEY = 16,     /**< The argument is a key or path (`evt.arg[name]`). */
	FC_FIELD_ARG_DOTTED = 32,  /**< Accepts `name.key` as the argument (`evt.arg.name`). */
	FC_FIELD_HIDDEN = 64,      /**< Not listed by --list. */
	FC_FIELD_DEPRECATED = 128, /**< Use warns FC_D_DEPRECATED. */
} fc_field_flags;

/** One field a source offers. */
typedef struct fc_field_def {
	const char *name; /**< Full name, e.g. "proc.name". */
	fc_type type;     /**< Value type (of elements when ::FC_FIELD_LIST). */
	uint32_t flags;   /**< ::fc_field_flags. */
	const char *desc; /**< One-line description for --list. */
} fc_field_def;

/** A field reference as compiled: field index plus its parsed argument. */
typedef struct fc_field_ref {
	uint32_t field;  /**< Index into the source's field table. */
	bool has_arg;    /**< An argument was given. */
	int64_t index;   /**< Numeric argument (::FC_FIELD_ARG_INDEX), else -1. */
	const char *arg; /**< Argument text (NUL-terminated, owned by the ruleset), or NULL. */
	size_t arg_len;  /**< Length of @ref arg. */
	uint64_t cookie; /**< Set by the source's resolve callback (e.g. a parameter index). */
} fc_field_ref;

/**
 * @brief An event handed to fc_eval_run(). Only the source's own extractor
 * looks inside the payload and the decoded form. The struct is a value view: the
 * caller owns it and the memory it points to, for the duration of the call.
 */
typedef struct fc_event {
	uint32_t source;     /**< Source id from fc_engine_add_source() / fc_ruleset_source_id(). */
	uint32_t code;       /**< Event code (index key), below the source's n_codes. */
	uint64_t ts;         /**< Timestamp, nanoseconds since the epoch. */
	uint64_t num;        /**< Event number in its stream (1-based), 0 if unknown. */
	const void *data;    /**< Raw payload (e.g. a scap event record). */
	size_t len;          /**< Payload length in bytes. */
	const void *decoded; /**< Source-private decoded form, or NULL. */
} fc_event;

/** Opaque per-evaluation scratch memory extractors may allocate from. */
typedef struct fc_scratch fc_scratch;

/**
 * @brief **fc_scratch_alloc()** allocates memory valid until the evaluation
 * moves to the next event. Memory is reused between events, so in steady
 * state this does not call malloc.
 * @param s the scratch handed to the extractor.
 * @param size bytes wanted.
 * @return 8-byte aligned memory, or NULL when out of memory or over the bound.
 */
FC_API void *fc_scratch_alloc(fc_scratch *s, size_t size);

/**
 * @brief Source description registered with fc_engine_add_source().
 * Grows at the end only; set sz to sizeof(fc_source_ops).
 */
typedef struct fc_source_ops {
	size_t sz;                  /**< sizeof(fc_source_ops) as compiled by the caller. */
	const char *name;           /**< Matches a rule's `source:` ("syscall", "k8s_audit"). */
	const fc_field_def *fields; /**< Field table, borrowed; must outlive every ruleset. */
	size_t n_fields;            /**< Number of entries in @ref fields. */
	/**
	 * Event code names, indexed by code (several codes may share a name, e.g.
	 * the enter and exit events of a syscall; NULL for unused codes). Borrowed.
	 */
	const char *const *code_names;
	uint32_t n_codes; /**< Number of event codes; codes are 0..n_codes-1. */
	/**
	 * Name of the field whose `=`, `in` and `!=` tests narrow the event codes
	 * a rule can match (e.g. "evt.type"); values are code names. NULL if the
	 * source has no such field: then every rule runs on every event.
	 */
	const char *index_field;
	/**
	 * Plugins this source stands in for, as "name@version" strings, NULL-
	 * terminated (e.g. {"container@0.4.0", NULL}); used to meet a rules file's
	 * required_plugin_versions. May be NULL.
	 */
	const char *const *provides;
	/**
	 * Optional: validates a field argument at compile time and may store a
	 * parsed form in ref->cookie. Returns FC_OK, or FC_EINVAL with a message
	 * in @p err (NUL-terminated, at most @p errlen bytes).
	 */
	int (*resolve)(void *ctx, fc_field_ref *ref, char *err, size_t errlen);
	/**
	 * Extracts one field of one event. Returns FC_OK with @p out set,
	 * FC_ENOENT when the field has no value for this event (absent, printed
	 * `\<NA\>`), or another negative status (counted, treated as absent).
	 * Must be reentrant; may allocate only from @p scratch.
	 */
	int (*extract)(void *ctx, const fc_event *ev, const fc_field_ref *ref, fc_scratch *scratch,
	               fc_value *out);
	void *ctx; /**< Passed to the callbacks; borrowed, outlives every ruleset using it. */
} fc_source_ops;

/**
 * @brief **fc_value_format()** renders a value as falco prints it in outputs
 * (numbers in decimal, IPs in dotted or RFC 5952 form, lists as "(a,b)").
 * @param v the value.
 * @param buf destination, may be NULL when @p len is 0.
 * @param len size of @p buf.
 * @return the length the text needs, excluding the NUL (snprintf semantics),
 *         or FC_EINVAL.
 */
FC_API int fc_value_format(const fc_value *v, char *buf, size_t len);

/**
 * @brief **fc_type_name()** returns the name of a value type as `--list`
 * prints it ("CHARBUF", "UINT64", "IPADDR", ...).
 * @param t a type.
 * @return a static string.
 */
FC_API const char *fc_type_name(fc_type t);

#ifdef __cplusplus
}
#endif
#endif
