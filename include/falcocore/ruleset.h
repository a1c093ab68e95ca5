/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_RULESET_H
#define FALCOCORE_RULESET_H

#include <falcocore/common.h>
#include <falcocore/engine.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Read-only access to a compiled ruleset: rules, their metadata, the
 * event codes they need, and bytecode listings. */

typedef struct fc_rule fc_rule; /**< Opaque rule inside a ruleset; borrowed from it. */

/** Rule priorities, most severe first (Falco's numbering = syslog levels). */
typedef enum fc_priority {
	FC_PRIO_EMERGENCY = 0,     /**< Emergency */
	FC_PRIO_ALERT = 1,         /**< Alert */
	FC_PRIO_CRITICAL = 2,      /**< Critical */
	FC_PRIO_ERROR = 3,         /**< Error */
	FC_PRIO_WARNING = 4,       /**< Warning */
	FC_PRIO_NOTICE = 5,        /**< Notice */
	FC_PRIO_INFORMATIONAL = 6, /**< Informational (alias: info) */
	FC_PRIO_DEBUG = 7,         /**< Debug */
} fc_priority;

/**
 * @brief **fc_priority_name()** returns Falco's display name of a priority.
 * @param p a priority.
 * @return "Emergency", ..., "Informational", "Debug"; "Unknown" if out of range.
 */
FC_API const char *fc_priority_name(fc_priority p);

/**
 * @brief **fc_priority_parse()** parses a priority name, case-insensitively
 * ("info" is accepted for Informational).
 * @param name the text.
 * @param[out] out receives the priority.
 * @return FC_OK or FC_EINVAL.
 */
FC_API FC_NODISCARD int fc_priority_parse(const char *name, fc_priority *out);

/**
 * @brief **fc_ruleset_ref()** takes one more reference (atomic).
 * @param rs the ruleset.
 * @return @p rs.
 */
FC_API fc_ruleset *fc_ruleset_ref(fc_ruleset *rs);

/**
 * @brief **fc_ruleset_unref()** drops a reference; the last one frees it.
 * @param rs the ruleset, or NULL (no-op).
 */
FC_API void fc_ruleset_unref(fc_ruleset *rs);

/**
 * @brief **fc_ruleset_rule_count()** returns the number of rules, in evaluation order.
 * @param rs the ruleset.
 * @return the number of rules (enabled or not).
 */
FC_API size_t fc_ruleset_rule_count(const fc_ruleset *rs);

/**
 * @brief **fc_ruleset_rule()** returns the i-th rule in evaluation order.
 * @param rs the ruleset.
 * @param i index below fc_ruleset_rule_count().
 * @return a rule borrowed from @p rs, or NULL if out of range.
 */
FC_API const fc_rule *fc_ruleset_rule(const fc_ruleset *rs, size_t i);

/**
 * @brief **fc_ruleset_find_rule()** finds a rule by exact name.
 * @param rs the ruleset.
 * @param name the rule name.
 * @return a rule borrowed from @p rs, or NULL.
 */
FC_API const fc_rule *fc_ruleset_find_rule(const fc_ruleset *rs, const char *name);

/**
 * @brief **fc_ruleset_source_id()** returns the id of a source by name.
 * @param rs the ruleset.
 * @param name the source name ("syscall").
 * @param[out] id receives the id to put in ::fc_event::source.
 * @return FC_OK or FC_ENOENT.
 */
FC_API FC_NODISCARD int fc_ruleset_source_id(const fc_ruleset *rs, const char *name, uint32_t *id);

/**
 * @brief **fc_ruleset_interest()** marks the event codes of a source that any
 * enabled rule can match, e.g. to choose which syscalls a probe sends up.
 * @param rs the ruleset.
 * @param source a source id.
 * @param bitmap bit i set when code i is needed; the function only sets bits.
 * @param n_codes number of bits in @p bitmap.
 * @return FC_OK or FC_EINVAL.
 */
FC_API FC_NODISCARD int fc_ruleset_interest(const fc_ruleset *rs, uint32_t source, uint8_t *bitmap,
                                            size_t n_codes);

/**
 * @brief **fc_ruleset_disasm()** prints the bytecode listing of a rule.
 * @param rs the ruleset.
 * @param rule a rule of @p rs.
 * @param buf destination, may be NULL when @p len is 0.
 * @param len size of @p buf.
 * @return the length the listing needs, excluding the NUL (snprintf
 *         semantics), or FC_EINVAL.
 */
FC_API int fc_ruleset_disasm(const fc_ruleset *rs, const fc_rule *rule, char *buf, size_t len);

/**
 * @brief **fc_rule_name()** returns a rule's name.
 * @param r the rule.
 * @return a string borrowed from the ruleset.
 */
FC_API const char *fc_rule_name(const fc_rule *r);

/**
 * @brief **fc_rule_desc()** returns a rule's description.
 * @param r the rule.
 * @return a string borrowed from the ruleset ("" if none).
 */
FC_API const char *fc_rule_desc(const fc_rule *r);

/**
 * @brief **fc_rule_condition()** returns a rule's condition as written
 * (after append/override, with exceptions added as Falco builds them).
 * @param r the rule.
 * @return a string borrowed from the ruleset.
 */
FC_API const char *fc_rule_condition(const fc_rule *r);

/**
 * @brief **fc_rule_output()** returns a rule's output format string.
 * @param r the rule.
 * @return a string borrowed from the ruleset.
 */
FC_API const char *fc_rule_output(const fc_rule *r);

/**
 * @brief **fc_rule_source()** returns the name of a rule's event source.
 * @param r the rule.
 * @return a string borrowed from the ruleset ("syscall" by default).
 */
FC_API const char *fc_rule_source(const fc_rule *r);

/**
 * @brief **fc_rule_priority()** returns a rule's priority.
 * @param r the rule.
 * @return the priority.
 */
FC_API fc_priority fc_rule_priority(const fc_rule *r);

/**
 * @brief **fc_rule_enabled()** tells whether the rule is enabled in the rules
 * files (an evaluation may still disable it, see fc_eval_enable_rules()).
 * @param r the rule.
 * @return true if enabled.
 */
FC_API bool fc_rule_enabled(const fc_rule *r);

/**
 * @brief **fc_rule_tag_count()** returns the number of tags (sorted, unique).
 * @param r the rule.
 * @return the number of tags.
 */
FC_API size_t fc_rule_tag_count(const fc_rule *r);

/**
 * @brief **fc_rule_tag()** returns the i-th tag.
 * @param r the rule.
 * @param i index below fc_rule_tag_count().
 * @return a string borrowed from the ruleset, or NULL if out of range.
 */
FC_API const char *fc_rule_tag(const fc_rule *r, size_t i);

/**
 * @brief **fc_rule_index()** returns the rule's position in evaluation order.
 * @param r the rule.
 * @return the index, as for fc_ruleset_rule().
 */
FC_API size_t fc_rule_index(const fc_rule *r);

#ifdef __cplusplus
}
#endif
#endif
