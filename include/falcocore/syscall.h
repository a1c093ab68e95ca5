/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_SYSCALL_H
#define FALCOCORE_SYSCALL_H

#include <falcocore/common.h>
#include <falcocore/source.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief The built-in `syscall` source: scap event decoding, thread and fd
 * state, field extractors, and `.scap` capture files (read and write). */

typedef struct fc_syscall_source fc_syscall_source; /**< Opaque source with its state. */
typedef struct fc_capture fc_capture;               /**< Opaque capture-file reader. */
typedef struct fc_capture_writer fc_capture_writer; /**< Opaque capture-file writer. */

/**
 * @brief Container metadata callback: fills name and image for a container
 * id (e.g. from a runtime socket). Strings are copied by the source.
 * @return FC_OK, or FC_ENOENT when unknown.
 */
typedef int (*fc_container_meta_fn)(const char *container_id, char *name, size_t name_len,
                                    char *image, size_t image_len, void *user);

/** Options for fc_syscall_source_new(). Build with FC_OPTS(); NULL for defaults. */
typedef struct fc_syscall_opts {
	size_t sz;                           /**< sizeof(fc_syscall_opts). */
	uint32_t max_threads;                /**< Thread table bound; 0 = 131072. */
	uint32_t max_fds_per_thread;         /**< Fd table bound per process; 0 = 4096. */
	fc_container_meta_fn container_meta; /**< Optional metadata provider. */
	void *container_meta_user;           /**< Passed to @ref container_meta. */
	const char *host_root;               /**< Prefix for /proc and /etc lookups; NULL = "". */
} fc_syscall_opts;

/** State counters of the syscall source. */
typedef struct fc_syscall_stats {
	uint64_t events;          /**< Events processed. */
	uint64_t decode_errors;   /**< Events rejected as malformed. */
	uint64_t threads;         /**< Threads currently in the table. */
	uint64_t threads_evicted; /**< Threads evicted because the table was full. */
	uint64_t fds_evicted;     /**< Fds evicted because a table was full. */
	uint64_t unknown_events;  /**< Events of a type the table does not know. */
} fc_syscall_stats;

/**
 * @brief **fc_syscall_source_new()** creates a syscall source with empty state.
 * @param opts options, or NULL.
 * @param[out] out receives the source; NULL on failure.
 * @return FC_OK, FC_EINVAL, FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_syscall_source_new(const fc_syscall_opts *opts, fc_syscall_source **out);

/**
 * @brief **fc_syscall_source_free()** frees the source and its state.
 * @param src the source, or NULL (no-op). Rulesets compiled against it must
 *        not be evaluated afterwards.
 */
FC_API void fc_syscall_source_free(fc_syscall_source *src);

/**
 * @brief **fc_syscall_source_ops()** returns the source description to pass
 * to fc_engine_add_source().
 * @param src the source.
 * @return a pointer owned by @p src.
 */
FC_API const fc_source_ops *fc_syscall_source_ops(const fc_syscall_source *src);

/**
 * @brief **fc_syscall_source_process()** decodes one scap event record,
 * updates thread and fd state, and fills an ::fc_event ready for fc_eval_run().
 * @param src the source.
 * @param rec the record (header, lengths, parameters), borrowed; it must stay
 *        valid until the event has been evaluated.
 * @param len bytes available at @p rec.
 * @param source_id the id fc_engine_add_source() gave this source.
 * @param[out] out the event to evaluate.
 * @return FC_OK, FC_EFORMAT (malformed record; counted, state unchanged).
 */
FC_API FC_NODISCARD int fc_syscall_source_process(fc_syscall_source *src, const void *rec,
                                                  size_t len, uint32_t source_id, fc_event *out);

/**
 * @brief **fc_syscall_source_scan_proc()** fills the thread and fd tables from
 * a procfs (for live capture).
 * @param src the source.
 * @param procfs path of procfs, or NULL for "/proc".
 * @return FC_OK, FC_EIO.
 */
FC_API FC_NODISCARD int fc_syscall_source_scan_proc(fc_syscall_source *src, const char *procfs);

/**
 * @brief **fc_syscall_source_get_stats()** copies the source's counters.
 * @param src the source.
 * @param[out] out receives the counters.
 */
FC_API void fc_syscall_source_get_stats(const fc_syscall_source *src, fc_syscall_stats *out);

/**
 * @brief **fc_syscall_capability_name()** names a Linux capability bit as the
 * capability fields (`thread.cap_effective`, ...) print it.
 * @param bit the capability number (linux/capability.h), e.g. 21.
 * @return a static string such as "CAP_SYS_ADMIN", or NULL when @p bit is
 *         past the last capability this library knows.
 */
FC_API const char *fc_syscall_capability_name(unsigned bit);

/**
 * @brief **fc_capture_open()** opens a `.scap` capture file and reads its
 * header blocks (machine info, process, fd and user lists) into @p src.
 * @param path the file.
 * @param src the source that receives the initial state.
 * @param[out] out receives the reader; NULL on failure.
 * Plain and gzip-compressed files are accepted. When the file could be
 * opened but its headers are damaged, *out is still set (so that
 * fc_capture_error() can say where) and must be closed.
 * @return FC_OK, FC_ENOENT, FC_EIO, FC_EFORMAT (see fc_capture_error() when
 *         *out was set; otherwise nothing was readable), FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_capture_open(const char *path, fc_syscall_source *src, fc_capture **out);

/**
 * @brief **fc_capture_next()** returns the next event record of the capture.
 * @param cap the reader.
 * @param[out] rec receives the record, borrowed until the next call.
 * @param[out] len receives its length.
 * @return FC_OK, FC_EOF at the end, FC_EFORMAT on damage (fc_capture_error()
 *         says where, as an uncompressed byte offset; events before it were
 *         returned). Damage to the block structure is final (every further
 *         call returns FC_EFORMAT); a malformed event inside an intact block
 *         is reported once and the next call goes on with the next event.
 *         FC_EIO on read errors.
 */
FC_API FC_NODISCARD int fc_capture_next(fc_capture *cap, const void **rec, size_t *len);

/**
 * @brief **fc_capture_error()** describes the last error with its byte offset.
 * @param cap the reader.
 * @return a string owned by @p cap, "" if no error.
 */
FC_API const char *fc_capture_error(const fc_capture *cap);

/**
 * @brief **fc_capture_close()** closes the reader.
 * @param cap the reader, or NULL (no-op).
 */
FC_API void fc_capture_close(fc_capture *cap);

/**
 * @brief **fc_capture_writer_open()** creates a `.scap` file that falco,
 * sysdig and fc_capture_open() can read, starting with the state of @p src.
 * @param path the file to create (truncated).
 * @param src the source whose thread and fd tables are written first; may be NULL.
 * @param[out] out receives the writer.
 * @return FC_OK, FC_EIO, FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_capture_writer_open(const char *path, const fc_syscall_source *src,
                                               fc_capture_writer **out);

/**
 * @brief **fc_capture_writer_write()** appends one event record.
 * @param w the writer.
 * @param rec the record.
 * @param len its length.
 * @return FC_OK, FC_EINVAL (not a well-formed scap record), FC_EIO.
 */
FC_API FC_NODISCARD int fc_capture_writer_write(fc_capture_writer *w, const void *rec, size_t len);

/**
 * @brief **fc_capture_writer_close()** finishes the file and closes it.
 * @param w the writer, or NULL (no-op).
 * @return FC_OK, FC_EIO.
 */
FC_API int fc_capture_writer_close(fc_capture_writer *w);

/**
 * @brief One parameter given to fc_syscall_event_encode(): a parameter name
 * from the event table and its value as text.
 */
typedef struct fc_syscall_param {
	const char *name;  /**< Parameter name as in the event table ("fd", "name", "flags"). */
	const char *value; /**< Value as text (see fc_syscall_event_encode()); borrowed. */
	size_t value_len;  /**< Bytes at @ref value; 0 means strlen(value). Lets byte
	                        buffers such as execve's `args` hold NUL bytes. */
} fc_syscall_param;

/** Flags for fc_syscall_event_encode(). */
typedef enum fc_syscall_encode_flags {
	FC_SYSCALL_ENCODE_LENIENT = 1, /**< Skip parameters the event does not have
	                                    instead of failing with FC_EINVAL. */
} fc_syscall_encode_flags;

/**
 * @brief **fc_syscall_event_encode()** builds one scap event record (header,
 * parameter lengths, parameters) from an event name and named text values,
 * using the library's event table. It is meant for tests and tools that
 * synthesise events (the rule-test runner, fuzzers, examples): the record can
 * be passed to fc_syscall_source_process() or written with
 * fc_capture_writer_write().
 *
 * The newest layout of the event is used (e.g. execve exit with its 30
 * parameters). Parameters not given are encoded with their zero value (0,
 * empty string, empty buffer). Values are converted per parameter type:
 * - integers, fds, pids, uids, errnos: decimal, `0x` hex or leading-0 octal;
 *   errno parameters also take names ("ENOENT" → -2), fds "AT_FDCWD";
 * - flags and modes: a number, or names from the event table joined by `|`
 *   ("O_WRONLY|O_CREAT|O_TRUNC", "PTRACE_ATTACH", "S_IWOTH");
 * - strings and paths: the text (a NUL is appended);
 * - byte buffers: the bytes as given (@ref fc_syscall_param.value_len);
 * - socket addresses: "1.2.3.4:80", "[::1]:80" or a Unix path;
 *   socket tuples: "10.0.0.2:40000->10.96.0.1:443" (IPv6 in brackets);
 * - booleans: true/false/1/0.
 *
 * @param event_name event name as `evt.type` shows it ("openat", "execve").
 * @param dir '<' for the exit event (what current drivers send), '>' for enter.
 * @param ts timestamp in nanoseconds since the epoch.
 * @param tid thread id that generated the event.
 * @param params the parameters, borrowed; may be NULL when @p n is 0.
 * @param n number of entries in @p params.
 * @param flags ::fc_syscall_encode_flags bits.
 * @param buf destination, may be NULL when @p len is 0.
 * @param len size of @p buf in bytes.
 * @param err receives a one-line message on failure (NUL-terminated); may be NULL.
 * @param errlen size of @p err.
 * @return the record length in bytes (> 0), which is larger than @p len when
 *         @p buf was too small (nothing useful was written; retry with a
 *         larger buffer); FC_ENOENT for an unknown event name or direction;
 *         FC_EINVAL for an unknown parameter name or a value that does not
 *         convert (see @p err).
 */
FC_API int fc_syscall_event_encode(const char *event_name, char dir, uint64_t ts, uint64_t tid,
                                   const fc_syscall_param *params, size_t n, uint32_t flags,
                                   void *buf, size_t len, char *err, size_t errlen);

/**
 * @brief **fc_syscall_event_count()** returns how many event types
 * fc_syscall_event_describe() lists (current layouts only, as falco's
 * `--list-events` shows them; old versions kept for capture files are left
 * out).
 * @return the number of listed event types.
 */
FC_API size_t fc_syscall_event_count(void);

/**
 * @brief **fc_syscall_event_describe()** describes one listed event type, for
 * `--list-events` lines such as `< execve(res, exe, args, ...)`.
 * @param i index, below fc_syscall_event_count().
 * @param[out] name receives the event name (static string), e.g. "execve"; may be NULL.
 * @param[out] dir receives '>' (enter event) or '<' (exit event); may be NULL.
 * @param[out] params_buf receives the parameter names separated by ", "
 *        (NUL-terminated, truncated to fit); may be NULL when @p len is 0.
 * @param len size of @p params_buf.
 * @return FC_OK, FC_ENOENT when @p i is out of range.
 */
FC_API int fc_syscall_event_describe(size_t i, const char **name, char *dir, char *params_buf,
                                     size_t len);

#ifdef __cplusplus
}
#endif
#endif
