/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_ENGINE_H
#define FALCOCORE_ENGINE_H

#include <falcocore/common.h>
#include <falcocore/diag.h>
#include <falcocore/source.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Loading and compiling rules. An ::fc_engine is a single-threaded
 * builder; the ::fc_ruleset it returns is immutable and thread-shareable. */

typedef struct fc_engine fc_engine;   /**< Opaque builder; one thread at a time. */
typedef struct fc_ruleset fc_ruleset; /**< Opaque, immutable, reference-counted. */

/** Flags for ::fc_engine_opts. */
typedef enum fc_engine_flags {
	FC_ENGINE_F_WARNINGS_AS_ERRORS = 1, /**< Any warning makes load/compile fail. */
	FC_ENGINE_F_NO_COMPILE = 2, /**< Compile checks only the loader level (no bytecode). */
} fc_engine_flags;

/** Options for fc_engine_new(). Build with FC_OPTS(); pass NULL for defaults. */
typedef struct fc_engine_opts {
	size_t sz;                  /**< sizeof(fc_engine_opts) as compiled by the caller. */
	uint32_t flags;             /**< ::fc_engine_flags bits. */
	const char *engine_version; /**< Compared with required_engine_version; NULL = built-in. */
	size_t max_file_size;       /**< Bound on one rules file in bytes; 0 = 64 MiB. */
} fc_engine_opts;

/**
 * @brief **fc_engine_new()** creates an engine with no sources and no rules.
 * @param opts options, or NULL for defaults.
 * @param[out] out receives the engine; set to NULL on failure.
 * @return FC_OK, FC_EINVAL if @p opts carries non-zero bytes this library
 *         version does not know or @p out is NULL, or FC_ENOMEM.
 * @par Ownership
 * The caller owns the engine and releases it with fc_engine_free().
 */
FC_API FC_NODISCARD int fc_engine_new(const fc_engine_opts *opts, fc_engine **out);

/**
 * @brief **fc_engine_free()** frees an engine. Rulesets compiled from it stay valid.
 * @param eng the engine, or NULL (no-op).
 */
FC_API void fc_engine_free(fc_engine *eng);

/**
 * @brief **fc_engine_add_source()** registers an event source; its fields
 * become usable in conditions and outputs of rules with its `source:`.
 * @param eng the engine.
 * @param ops the source description; copied, but the tables and ctx it points
 *        to are borrowed and must outlive the engine and every ruleset.
 * @param[out] id receives the source id used in ::fc_event::source; may be NULL.
 * @return FC_OK, FC_EINVAL (bad ops), FC_EEXIST (name taken), FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_engine_add_source(fc_engine *eng, const fc_source_ops *ops,
                                             uint32_t *id);

/**
 * @brief **fc_engine_load_file()** reads a rules file, or every `*.yaml` and
 * `*.yml` file of a directory in name order, after what was loaded before:
 * later items redefine, append to or override earlier ones as in Falco.
 * @param eng the engine.
 * @param path a file or a directory.
 * @param diags receives diagnostics (errors and warnings, all of them); may be NULL.
 * @return FC_OK (possibly with warnings), FC_ERULES when an item was rejected
 *         (the rest was loaded), FC_ENOENT/FC_EIO when nothing could be read
 *         (also reported in @p diags), FC_ENOMEM.
 */
FC_API FC_NODISCARD int fc_engine_load_file(fc_engine *eng, const char *path, fc_diag_list *diags);

/**
 * @brief **fc_engine_load_buffer()** loads rules from memory.
 * @param eng the engine.
 * @param name display name used in diagnostics (e.g. a file name).
 * @param data YAML text; copied.
 * @param len length of @p data in bytes.
 * @param diags receives diagnostics; may be NULL.
 * @return as fc_engine_load_file().
 */
FC_API FC_NODISCARD int fc_engine_load_buffer(fc_engine *eng, const char *name, const char *data,
                                              size_t len, fc_diag_list *diags);

/**
 * @brief **fc_engine_compile()** resolves macros and lists, type-checks every
 * condition and output against the registered sources and emits bytecode.
 * Also checks required_plugin_versions and reports unused macros and lists.
 * @param eng engine with rules loaded; it may keep loading afterwards.
 * @param diags receives diagnostics; may be NULL.
 * @param[out] out new ruleset with one reference, or NULL on failure.
 * @return FC_OK, FC_ERULES (see @p diags; rules with errors are left out and
 *         no ruleset is returned), FC_ENOMEM.
 * @par Thread safety
 * The result is immutable; see fc_eval_new() for per-thread state.
 */
FC_API FC_NODISCARD int fc_engine_compile(fc_engine *eng, fc_diag_list *diags, fc_ruleset **out);

/**
 * @brief **fc_engine_required_version()** returns the highest
 * required_engine_version seen in the files loaded so far.
 * @param eng the engine.
 * @return a string owned by the engine ("0.0.0" if none), valid until the
 *         next load or fc_engine_free().
 */
FC_API const char *fc_engine_required_version(const fc_engine *eng);

/** Kinds of loaded items, for the fc_engine_item_*() accessors. */
typedef enum fc_item_kind {
	FC_ITEM_RULE = 0,  /**< Rules, in evaluation order. */
	FC_ITEM_MACRO = 1, /**< Macros, in first-definition order. */
	FC_ITEM_LIST = 2,  /**< Lists, in first-definition order. */
} fc_item_kind;

/**
 * @brief **fc_engine_item_count()** counts the items of one kind loaded so
 * far (after redefinitions, appends and overrides: one entry per name).
 * @param eng the engine, or NULL (0).
 * @param kind which items.
 * @return the number of items of @p kind.
 */
FC_API size_t fc_engine_item_count(const fc_engine *eng, fc_item_kind kind);

/**
 * @brief **fc_engine_item_name()** returns the name of a loaded item.
 * @param eng the engine.
 * @param kind which items.
 * @param i index, below fc_engine_item_count().
 * @return a string owned by the engine, valid until the next load or
 *         fc_engine_free(); NULL if @p i is out of range.
 */
FC_API const char *fc_engine_item_name(const fc_engine *eng, fc_item_kind kind, size_t i);

/**
 * @brief **fc_engine_item_condition()** returns the condition text of a
 * loaded rule or macro as collected (after appends; for a rule without the
 * text its exceptions add), as falco's `-L` shows it.
 * @param eng the engine.
 * @param kind ::FC_ITEM_RULE or ::FC_ITEM_MACRO.
 * @param i index, below fc_engine_item_count().
 * @return a string owned by the engine, valid until the next load or
 *         fc_engine_free(); NULL for lists or if @p i is out of range.
 */
FC_API const char *fc_engine_item_condition(const fc_engine *eng, fc_item_kind kind, size_t i);

/**
 * @brief **fc_engine_list_item()** returns one value of a loaded list, with
 * references to other lists already expanded.
 * @param eng the engine.
 * @param list index of the list, below fc_engine_item_count(eng, ::FC_ITEM_LIST).
 * @param j index of the value.
 * @return a string owned by the engine, valid until the next load or
 *         fc_engine_free(); NULL past the last value.
 */
FC_API const char *fc_engine_list_item(const fc_engine *eng, size_t list, size_t j);

/**
 * @brief **fc_engine_plugin_requirement()** returns one required_plugin_versions
 * entry loaded so far: alternative 0 is the entry itself, 1.. its alternatives.
 * @param eng the engine.
 * @param i index of the requirement, in load order.
 * @param alt index of the alternative.
 * @param[out] version receives the required version ("x.y.z"); may be NULL.
 * @return the plugin name, owned by the engine and valid until the next load
 *         or fc_engine_free(); NULL past the last requirement or alternative.
 */
FC_API const char *fc_engine_plugin_requirement(const fc_engine *eng, size_t i, size_t alt,
                                                const char **version);

#ifdef __cplusplus
}
#endif
#endif
