/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_COMMON_H
#define FALCOCORE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Export macros, status codes and options-struct helpers shared by every
 * libfalcocore header. */

/**
 * @def FC_API
 * @brief Marks a declaration as part of the public ABI (default visibility).
 */
#if defined(__GNUC__) || defined(__clang__)
#define FC_API __attribute__((visibility("default")))
#else
#define FC_API
#endif

/**
 * @def FC_NODISCARD
 * @brief The caller must look at the returned status.
 */
#if defined(__GNUC__) || defined(__clang__)
#define FC_NODISCARD __attribute__((warn_unused_result))
#else
#define FC_NODISCARD
#endif

/**
 * @def FC_DEPRECATED
 * @brief Marks a declaration as deprecated, with a hint naming its replacement.
 */
#if defined(__GNUC__) || defined(__clang__)
#define FC_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define FC_DEPRECATED(msg)
#endif

/**
 * @brief Status codes. Functions return ::FC_OK (0) or one of the negative
 * values; a few stream functions also return the positive ::FC_EOF.
 * Values are stable and never renumbered.
 */
typedef enum fc_status {
	FC_OK = 0,       /**< Success. */
	FC_EOF = 1,      /**< End of a stream (capture file, event list); not an error. */
	FC_ENOMEM = -1,  /**< Out of memory. */
	FC_EINVAL = -2,  /**< Invalid argument (NULL where not allowed, bad options). */
	FC_ENOENT = -3,  /**< Not found: file, rule, field value absent. */
	FC_ENOTSUP = -4, /**< Not supported (yet) by this build or this version. */
	FC_ESTATE = -5,  /**< Call made in the wrong state (e.g. nested fc_eval_run()). */
	FC_ERULES = -6,  /**< Rules have errors; details in the ::fc_diag_list. */
	FC_EIO = -7,     /**< I/O error; errno was kept where it helps. */
	FC_EFORMAT = -8, /**< Malformed input data (corrupt capture, bad event). */
	FC_ELIMIT = -9,  /**< A documented resource bound was exceeded. */
	FC_EAGAIN = -10, /**< Try again later (no data yet). */
	FC_EPERM = -11,  /**< Permission or kernel feature missing. */
	FC_EEXIST = -12, /**< Already exists (e.g. a source registered twice). */
} fc_status;

/**
 * @brief **fc_strerror()** returns a static, human-readable text for a status.
 * @param status a ::fc_status value (any int is accepted).
 * @return a static NUL-terminated string; never NULL.
 */
FC_API const char *fc_strerror(int status);

/**
 * @def FC_OPTS
 * @brief Builds an options struct as a C11 compound literal with its `sz` set,
 * e.g. `FC_OPTS(fc_eval_opts, .on_match = cb)`. At least one field must be
 * given (C11 forbids an empty `...`); pass NULL for all defaults instead.
 */
#define FC_OPTS(type, ...) (&(type){.sz = sizeof(type), __VA_ARGS__})

#ifdef __cplusplus
}
#endif
#endif
