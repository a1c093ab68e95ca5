/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_JSON_H
#define FALCOCORE_JSON_H

#include <falcocore/common.h>
#include <falcocore/source.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief JSON event sources: Kubernetes audit events (`k8s_audit`, Falco's
 * `ka.*` fields) and generic JSON (`json`, the `json.*` / `jevt.*` fields).
 *
 * Both are registered with fc_engine_add_source() through the same
 * ::fc_source_ops an embedder would write; nothing here uses private hooks.
 *
 * Typical use:
 * @code
 * fc_json_source *k8s;
 * uint32_t id;
 * fc_json_source_new(FC_OPTS(fc_json_opts, .kind = FC_JSON_K8S_AUDIT), &k8s);
 * fc_engine_add_source(eng, fc_json_source_ops(k8s), &id);
 * ... compile, fc_eval_new() ...
 * fc_json_batch *b;
 * if (fc_json_source_parse(k8s, body, len, id, &b, err, sizeof(err)) == FC_OK) {
 *	for (size_t i = 0; i < fc_json_batch_count(b); i++)
 *		fc_eval_run(ev, fc_json_batch_event(b, i));
 *	fc_json_batch_free(b);
 * }
 * @endcode
 *
 * Input forms: one JSON object per event, separated by any whitespace (JSON
 * lines, or pretty-printed objects one after another), a top-level array of
 * objects, or the API server's `{"kind":"EventList","items":[...]}` form (each
 * item becomes one event). Every ::fc_event produced has `decoded` set to the
 * parsed object (a json-c `json_object *`) and `data`/`len` = NULL/0; only
 * this source's extractor looks at it.
 *
 * Field values follow the k8saudit and json plugins: every field is a string
 * or a list of strings; JSON strings come back as they are and other values as
 * compact JSON text ("true", "8080", "{...}"); ka.* fields are absent on an
 * object without "auditID"; an empty list is absent. Deliberate differences:
 * per-container lists skip containers that lack the value (the plugin makes
 * the whole field absent), `command`, `args` and `add_capabilities` are
 * flattened to one element per word or capability, `eff_run_as_user/group`
 * read the container's then the pod's securityContext (else "0"),
 * `ka.sourceips` reads the top-level sourceIPs, `ka.cluster.name` is the
 * configured ::fc_json_opts::cluster_name, and a JSON null reads as absent.
 *
 * The generic source is the simplest way to feed an application's own events:
 * write one JSON object per line, load rules with `source: json` that test
 * `json.value[/some/pointer]`, and call fc_json_source_parse() on the text. */

typedef struct fc_json_source fc_json_source; /**< Opaque JSON source (immutable once made). */
typedef struct fc_json_batch fc_json_batch;   /**< Opaque batch of parsed events. */
typedef struct fc_json_parser fc_json_parser; /**< Opaque incremental (streaming) parser. */

/** Kinds of JSON source. */
typedef enum fc_json_kind {
	FC_JSON_GENERIC = 0,   /**< Source "json": json.* and jevt.* fields only. */
	FC_JSON_K8S_AUDIT = 1, /**< Source "k8s_audit": ka.* plus json.* / jevt.* fields. */
} fc_json_kind;

/** Options for fc_json_source_new(). Build with FC_OPTS(). */
typedef struct fc_json_opts {
	size_t sz;         /**< sizeof(fc_json_opts) as compiled by the caller. */
	fc_json_kind kind; /**< Which source to make. */
	/**
	 * Source name override (rules select it with `source:`); NULL gives
	 * "k8s_audit" or "json". Copied.
	 */
	const char *name;
	/**
	 * JSON pointer (RFC 6901) of each event's timestamp: an RFC 3339 string,
	 * or a number of seconds / milliseconds / microseconds / nanoseconds since
	 * the epoch (the unit is guessed from the magnitude). NULL: k8s_audit uses
	 * "/stageTimestamp" (then "/requestReceivedTimestamp"); generic JSON uses
	 * "/time". Events without one are stamped with the time they were parsed.
	 * Copied.
	 */
	const char *time_pointer;
	/** Value of `ka.cluster.name` (k8s_audit only); NULL: absent. Copied. */
	const char *cluster_name;
	/** Bound on one event's JSON text in bytes; 0 = 16 MiB. */
	size_t max_event_size;
	/** Bound on JSON nesting depth; 0 = 64. */
	int max_depth;
} fc_json_opts;

/**
 * @brief **fc_json_source_new()** creates a JSON event source.
 * @param opts options, or NULL for a generic "json" source.
 * @param[out] out receives the source; NULL on failure.
 * @return FC_OK, FC_EINVAL (bad options, unknown bytes past a larger @p opts),
 *         FC_ENOMEM.
 * @par Ownership
 * The caller frees the source with fc_json_source_free(), after every engine
 * and ruleset it was registered with.
 * @par Thread safety
 * The source is immutable: its extractor and fc_json_source_parse() may run
 * from several threads at once.
 */
FC_API FC_NODISCARD int fc_json_source_new(const fc_json_opts *opts, fc_json_source **out);

/**
 * @brief **fc_json_source_free()** frees a source.
 * @param src the source, or NULL (no-op).
 */
FC_API void fc_json_source_free(fc_json_source *src);

/**
 * @brief **fc_json_source_ops()** returns the description to pass to
 * fc_engine_add_source(). Fields, code names and `provides` live in static
 * tables or in @p src.
 *
 * Event codes: the k8s_audit source gives every event a code from its verb
 * (`create`, `update`, `patch`, `delete`, `deletecollection`, `get`, `list`,
 * `watch`, and the lowercase HTTP methods of non-resource requests), with
 * `index_field` "ka.verb", so a rule testing `ka.verb=create` or `ka.verb in
 * (...)` only runs on events with those verbs. Verbs outside that table get
 * the catch-all code named "<other-verb>", which no rule can name. (Falco's
 * plugin sources have no such index: every k8s_audit rule runs on every audit
 * event, a known cost of plugin sources; here a rule without a ka.verb test
 * still runs on every event.) The generic
 * source has one code ("json") and no index field: every rule runs on every
 * event.
 * @param src the source.
 * @return the ops, valid as long as @p src; NULL if @p src is NULL.
 */
FC_API const fc_source_ops *fc_json_source_ops(const fc_json_source *src);

/**
 * @brief **fc_json_source_name()** returns the source name ("k8s_audit",
 * "json", or the override given in ::fc_json_opts).
 * @param src the source.
 * @return a string owned by @p src, or "" if @p src is NULL.
 */
FC_API const char *fc_json_source_name(const fc_json_source *src);

/**
 * @brief **fc_json_source_parse()** parses a whole buffer (JSON lines, an
 * array, or an EventList) into a batch of events.
 * @param src the source.
 * @param text the JSON text (need not be NUL-terminated).
 * @param len length of @p text in bytes.
 * @param source_id id from fc_engine_add_source(), stored in every event.
 * @param[out] out receives the batch (possibly empty); NULL on failure.
 * @param err receives a one-line message on FC_EFORMAT/FC_ELIMIT, e.g.
 *        "line 3, column 17: unexpected character"; may be NULL.
 * @param errlen size of @p err.
 * @return FC_OK, FC_EFORMAT (malformed JSON, or a value that is not an
 *         object), FC_ELIMIT (an event over max_event_size or max_depth),
 *         FC_EINVAL, FC_ENOMEM. Nothing is returned in @p out on failure.
 */
FC_API FC_NODISCARD int fc_json_source_parse(const fc_json_source *src, const char *text,
                                             size_t len, uint32_t source_id, fc_json_batch **out,
                                             char *err, size_t errlen);

/**
 * @brief **fc_json_batch_count()** returns how many events a batch holds.
 * @param b the batch, or NULL (0).
 * @return the number of events.
 */
FC_API size_t fc_json_batch_count(const fc_json_batch *b);

/**
 * @brief **fc_json_batch_event()** returns the i-th event of a batch.
 * @param b the batch.
 * @param i index below fc_json_batch_count().
 * @return the event, owned by the batch and valid until fc_json_batch_free();
 *         NULL when @p i is out of range.
 */
FC_API const fc_event *fc_json_batch_event(const fc_json_batch *b, size_t i);

/**
 * @brief **fc_json_batch_free()** frees a batch and every event in it.
 * @param b the batch, or NULL (no-op).
 */
FC_API void fc_json_batch_free(fc_json_batch *b);

/**
 * @brief Event callback of the streaming parser.
 * @param ev the event; it and its decoded object are valid only during the call.
 * @param user the pointer given to fc_json_parser_feed().
 * @return FC_OK to go on; any negative value stops parsing and is returned by
 *         fc_json_parser_feed().
 */
typedef int (*fc_json_event_fn)(const fc_event *ev, void *user);

/** Flags for fc_json_parser_new(). */
typedef enum fc_json_parser_flags {
	/**
	 * On malformed input, count the error, skip to the next line and go on
	 * (for JSON-lines files) instead of failing.
	 */
	FC_JSON_PARSER_SKIP_BAD = 1,
} fc_json_parser_flags;

/** Counters of a streaming parser. */
typedef struct fc_json_parser_stats {
	uint64_t bytes;  /**< Bytes fed. */
	uint64_t events; /**< Events delivered to the callback. */
	uint64_t errors; /**< Malformed values skipped (with ::FC_JSON_PARSER_SKIP_BAD). */
} fc_json_parser_stats;

/**
 * @brief **fc_json_parser_new()** creates an incremental parser: input may be
 * fed in chunks of any size (a value may span chunks), e.g. while reading a
 * file or a pipe.
 * @param src the source; borrowed, must outlive the parser.
 * @param source_id id from fc_engine_add_source(), stored in every event.
 * @param flags ::fc_json_parser_flags bits.
 * @param[out] out receives the parser; NULL on failure.
 * @return FC_OK, FC_EINVAL, FC_ENOMEM.
 * @par Thread safety
 * A parser is used by one thread at a time; make one per input stream.
 */
FC_API FC_NODISCARD int fc_json_parser_new(const fc_json_source *src, uint32_t source_id,
                                           uint32_t flags, fc_json_parser **out);

/**
 * @brief **fc_json_parser_feed()** parses the next chunk and calls @p fn for
 * each complete event (each item of an EventList or array, in order).
 * @param p the parser.
 * @param data the chunk; borrowed for the call.
 * @param len its length in bytes.
 * @param fn event callback.
 * @param user passed to @p fn.
 * @return FC_OK, FC_EFORMAT / FC_ELIMIT (malformed input; see
 *         fc_json_parser_error(); without ::FC_JSON_PARSER_SKIP_BAD the parser
 *         then refuses more input with FC_ESTATE), the callback's negative
 *         status, FC_EINVAL, FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_json_parser_feed(fc_json_parser *p, const char *data, size_t len,
                                            fc_json_event_fn fn, void *user);

/**
 * @brief **fc_json_parser_finish()** signals the end of input: a trailing
 * value without a final newline is delivered, a truncated value is an error.
 * @param p the parser.
 * @param fn event callback.
 * @param user passed to @p fn.
 * @return as fc_json_parser_feed().
 */
FC_API FC_NODISCARD int fc_json_parser_finish(fc_json_parser *p, fc_json_event_fn fn, void *user);

/**
 * @brief **fc_json_parser_error()** returns the message of the last error,
 * with its position ("line L, column C: ...").
 * @param p the parser.
 * @return a string owned by the parser ("" when there was none).
 */
FC_API const char *fc_json_parser_error(const fc_json_parser *p);

/**
 * @brief **fc_json_parser_get_stats()** copies the parser's counters.
 * @param p the parser.
 * @param[out] out receives the counters.
 */
FC_API void fc_json_parser_get_stats(const fc_json_parser *p, fc_json_parser_stats *out);

/**
 * @brief **fc_json_parser_free()** frees a parser.
 * @param p the parser, or NULL (no-op).
 */
FC_API void fc_json_parser_free(fc_json_parser *p);

#ifdef __cplusplus
}
#endif
#endif
