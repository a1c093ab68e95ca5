/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_EVAL_H
#define FALCOCORE_EVAL_H

#include <falcocore/common.h>
#include <falcocore/source.h>
#include <falcocore/ruleset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Evaluating events against a compiled ruleset. One ::fc_eval per
 * thread; it holds the per-event field cache, scratch memory and callback. */

typedef struct fc_eval fc_eval;   /**< Opaque per-thread evaluator. */
typedef struct fc_match fc_match; /**< Opaque match, valid only inside the callback. */

/** Return values of a ::fc_match_fn. */
typedef enum fc_cb_result {
	FC_CB_CONTINUE = 0, /**< Keep evaluating rules for this event. */
	FC_CB_STOP = 1,     /**< Stop evaluating this event. */
} fc_cb_result;

/**
 * @brief Match callback: called once per matching rule, in rule order.
 * @param m the match; valid only during the call.
 * @param user the pointer given in ::fc_eval_opts.
 * @return ::FC_CB_CONTINUE or ::FC_CB_STOP.
 */
typedef int (*fc_match_fn)(const fc_match *m, void *user);

/** Falco's rule_matching modes. */
typedef enum fc_rule_matching {
	FC_RULE_MATCHING_FIRST = 0, /**< Stop at the first matching rule (falco's default). */
	FC_RULE_MATCHING_ALL = 1,   /**< Report every matching rule. */
} fc_rule_matching;

/** Options for fc_eval_new(). Build with FC_OPTS(). */
typedef struct fc_eval_opts {
	size_t sz;                      /**< sizeof(fc_eval_opts) as compiled by the caller. */
	fc_match_fn on_match;           /**< Match callback; NULL to only count. */
	void *user;                     /**< Passed to @ref on_match. */
	fc_rule_matching rule_matching; /**< First (default) or all. */
	fc_priority min_priority;       /**< Rules less severe than this are skipped; 0 = all
					    (a value of 0, Emergency, is read as "all"). */
} fc_eval_opts;

/** Counters of an evaluator. */
typedef struct fc_eval_stats {
	uint64_t events;         /**< Events passed to fc_eval_run(). */
	uint64_t events_no_rule; /**< Events for which the index selected no rule. */
	uint64_t rules_run;      /**< Rule programs executed. */
	uint64_t matches;        /**< Matches reported. */
	uint64_t extract_errors; /**< Extractor failures (treated as absent values). */
	/**
	 * Regex tests (`regex` operator) stopped by the PCRE2 match or depth limit
	 * (doc/limits.md), each treated as "no match".
	 */
	uint64_t regex_limit;
} fc_eval_stats;

/**
 * @brief **fc_eval_new()** creates an evaluator for a ruleset.
 * @param rs the ruleset; a reference is taken and dropped by fc_eval_free().
 * @param opts options, or NULL (count matches only).
 * @param[out] out receives the evaluator; NULL on failure.
 * @return FC_OK, FC_EINVAL, FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_eval_new(fc_ruleset *rs, const fc_eval_opts *opts, fc_eval **out);

/**
 * @brief **fc_eval_free()** frees an evaluator.
 * @param ev the evaluator, or NULL (no-op).
 */
FC_API void fc_eval_free(fc_eval *ev);

/**
 * @brief **fc_eval_set_ruleset()** switches to another ruleset at an event
 * boundary (hot reload). Enable/disable settings are re-applied by name.
 * @param ev the evaluator.
 * @param rs the new ruleset; a reference is taken, the old one dropped.
 * @return FC_OK, FC_ESTATE (called from a callback), FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_eval_set_ruleset(fc_eval *ev, fc_ruleset *rs);

/**
 * @brief **fc_eval_enable_rules()** enables or disables, for this evaluator
 * only, the rules whose name matches a wildcard pattern (`*` and `?`).
 * @param ev the evaluator.
 * @param pattern a rule name or wildcard pattern.
 * @param enabled true to enable.
 * @return the number of rules matched (>= 0), or FC_EINVAL.
 */
FC_API int fc_eval_enable_rules(fc_eval *ev, const char *pattern, bool enabled);

/**
 * @brief **fc_eval_enable_tag()** enables or disables, for this evaluator
 * only, the rules having a tag.
 * @param ev the evaluator.
 * @param tag the tag (exact).
 * @param enabled true to enable.
 * @return the number of rules matched (>= 0), or FC_EINVAL.
 */
FC_API int fc_eval_enable_tag(fc_eval *ev, const char *tag, bool enabled);

/**
 * @brief **fc_eval_run()** evaluates one event: runs the rules indexed under
 * its source and code, in rule order, and calls the match callback.
 * @param ev the evaluator.
 * @param event the event, borrowed for the call.
 * @return the number of matches (>= 0), FC_ESTATE (nested call), FC_EINVAL.
 */
FC_API int fc_eval_run(fc_eval *ev, const fc_event *event);

/**
 * @brief **fc_eval_get_stats()** copies the evaluator's counters.
 * @param ev the evaluator.
 * @param[out] out receives the counters.
 */
FC_API void fc_eval_get_stats(const fc_eval *ev, fc_eval_stats *out);

/**
 * @brief **fc_match_rule()** returns the rule that matched.
 * @param m the match.
 * @return the rule, borrowed from the ruleset.
 */
FC_API const fc_rule *fc_match_rule(const fc_match *m);

/**
 * @brief **fc_match_event()** returns the event that matched.
 * @param m the match.
 * @return the event given to fc_eval_run().
 */
FC_API const fc_event *fc_match_event(const fc_match *m);

/**
 * @brief **fc_match_format_output()** renders the rule's output with every
 * `%field` substituted as falco does (`\<NA\>` for absent values).
 * @param m the match.
 * @param buf destination, may be NULL when @p len is 0.
 * @param len size of @p buf.
 * @return the length the text needs, excluding the NUL (snprintf semantics),
 *         or a negative status.
 */
FC_API int fc_match_format_output(const fc_match *m, char *buf, size_t len);

/**
 * @brief **fc_match_field_count()** returns how many distinct fields the
 * rule's output names (falco's `output_fields`).
 * @param m the match.
 * @return the number of fields.
 */
FC_API size_t fc_match_field_count(const fc_match *m);

/**
 * @brief **fc_match_field()** extracts the i-th output field.
 * @param m the match.
 * @param i index below fc_match_field_count().
 * @param[out] name receives the field as written (e.g. "proc.aname[2]"), borrowed.
 * @param[out] value receives the value, valid during the callback.
 * @return FC_OK, FC_ENOENT when the field has no value (JSON `null`), FC_EINVAL.
 */
FC_API int fc_match_field(const fc_match *m, size_t i, const char **name, fc_value *value);

#ifdef __cplusplus
}
#endif
#endif
