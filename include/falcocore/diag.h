/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_DIAG_H
#define FALCOCORE_DIAG_H

#include <falcocore/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @file
 * @brief Diagnostics: rule-content problems reported like a compiler does,
 * with file, line, column, span, item and a stable code. */

/** Severity of a diagnostic. */
typedef enum fc_severity {
	FC_SEV_ERROR = 0,   /**< The item (or file) was rejected. */
	FC_SEV_WARNING = 1, /**< Loaded, but probably not what was meant. */
	FC_SEV_NOTE = 2,    /**< Extra information attached to the previous diagnostic. */
} fc_severity;

/**
 * @brief Stable diagnostic codes. Never renumbered; fc_diag_code_name() gives
 * the kebab-case id and fc_diag_falco_code() the Falco load-result code name.
 * Ranges: 1xx YAML and schema, 2xx collection (append, override, references),
 * 3xx condition syntax, 4xx resolution and types, 5xx warnings.
 */
typedef enum fc_diag_code {
	FC_D_YAML_SYNTAX = 100,  /**< libyaml rejected the document (LOAD_ERR_YAML_PARSE). */
	FC_D_FILE_READ = 101,    /**< The file could not be read (LOAD_ERR_FILE_READ). */
	FC_D_NOT_A_LIST = 102,   /**< A document is not a sequence of items. */
	FC_D_ITEM_NOT_MAP = 103, /**< An item is not a mapping. */
	FC_D_MISSING_KEY = 104,  /**< A required key is missing (e.g. a rule without condition). */
	FC_D_BAD_TYPE = 105,     /**< A key has a value of the wrong YAML type. */
	FC_D_UNKNOWN_KEY = 106,  /**< A key the item kind does not accept. */
	FC_D_BAD_PRIORITY = 107, /**< Unknown priority name. */
	FC_D_BAD_VERSION = 108,  /**< A version string that is not semver. */
	FC_D_BAD_OVERRIDE = 109, /**< override: with an unknown key or operation. */
	FC_D_FILE_TOO_LARGE = 110,     /**< A rules file over the size bound. */
	FC_D_EMPTY_VALUE = 111,        /**< A key whose value is empty where a value is required. */
	FC_D_NO_RULES_FILES = 112,     /**< A directory holds no .yaml/.yml file. */
	FC_D_APPEND_UNDEFINED = 200,   /**< append/override of an item never defined. */
	FC_D_ENGINE_VERSION = 201,     /**< required_engine_version newer than this engine. */
	FC_D_PLUGIN_REQUIREMENT = 202, /**< required_plugin_versions not met by any source. */
	FC_D_LIST_LOOP = 203,          /**< Lists reference each other in a loop. */
	FC_D_MACRO_LOOP = 204,         /**< Macros reference each other in a loop. */
	FC_D_UNDEFINED_MACRO = 205, /**< A condition names a macro that is not defined (visible). */
	FC_D_BAD_EXCEPTION = 206,   /**< An exception has the wrong shape. */
	FC_D_SOURCE_MISMATCH = 207, /**< A rule redefined with a different source. */
	FC_D_ENABLED_NO_RULE = 208, /**< A standalone `enabled:` for a rule that does not exist. */
	FC_D_UNDEFINED_LIST = 209,  /**< A list reference that names nothing. */
	FC_D_SYNTAX = 300,          /**< Condition syntax error at the offending byte. */
	FC_D_BAD_STRING = 301,      /**< Unterminated or badly escaped string. */
	FC_D_TOO_DEEP = 302,        /**< Condition or macro nesting over the depth bound. */
	FC_D_UNKNOWN_FIELD = 400,   /**< No registered source provides the field. */
	FC_D_BAD_FIELD_ARG =
	        401,             /**< A field argument that is missing, not allowed or malformed. */
	FC_D_BAD_OPERATOR = 402, /**< Operator not applicable to the field's type. */
	FC_D_BAD_VALUE = 403,    /**< A constant that cannot be converted to the field's type. */
	FC_D_BAD_REGEX = 404,    /**< PCRE2 rejected the pattern; the column points into it. */
	FC_D_UNKNOWN_EVTTYPE = 405, /**< An event type name no source knows. */
	FC_D_BAD_OUTPUT = 406, /**< Output format cannot be compiled (LOAD_ERR_COMPILE_OUTPUT). */
	FC_D_UNKNOWN_OUTPUT_FIELD = 407, /**< Output names an unknown field. */
	FC_D_BAD_TRANSFORMER = 408,      /**< Transformer unknown or not applicable to the type. */
	FC_D_LIMIT = 409,          /**< A resource bound (list size, program size) was exceeded. */
	FC_D_UNUSED_MACRO = 500,   /**< Macro defined but never used (LOAD_UNUSED_MACRO). */
	FC_D_NO_EVTTYPE = 501,     /**< Rule matches all event types (LOAD_NO_EVTTYPE). */
	FC_D_UNUSED_LIST = 502,    /**< List defined but never used (LOAD_UNUSED_LIST). */
	FC_D_UNKNOWN_SOURCE = 503, /**< Rule for a source that is not registered; skipped. */
	FC_D_DEPRECATED = 504,     /**< Deprecated construct (append:, standalone enabled:, ...). */
	FC_D_UNKNOWN_FILTER = 505, /**< Unknown field skipped by skip-if-unknown-filter. */
	FC_D_UNSAFE_NA_CHECK = 506,    /**< Comparison with the literal \<NA\>. */
	FC_D_INVALID_MACRO_NAME = 507, /**< Macro name does not match [a-zA-Z]+[a-zA-Z0-9_]*. */
	FC_D_INVALID_LIST_NAME = 508, /**< List name has characters a condition cannot reference. */
	FC_D_EXCEPTION_NAME_DUP = 509, /**< Two exceptions of one rule share a name. */
	FC_D_APPEND_NO_VALUES = 510,   /**< Exception appended without values. */
	FC_D_CONDITION_HINT = 511, /**< Compiler hint about a condition (LOAD_COMPILE_CONDITION). */
	FC_D_UNKNOWN_ITEM = 512,   /**< Top-level item of no known kind; ignored. */
	FC_D_NOT_COMPILED = 513,   /**< Note: conditions were not compiled in this mode. */
} fc_diag_code;

/** A byte span in a source file. Columns count bytes, not characters. */
typedef struct fc_loc {
	const char *file; /**< Display name as given to the loader; NULL if none. */
	uint32_t line;    /**< 1-based line; 0 = unknown. */
	uint32_t column;  /**< 1-based byte column; 0 = unknown. */
	uint32_t offset;  /**< Byte offset of the span start in the file. */
	uint32_t length;  /**< Span length in bytes; 0 for a point. */
} fc_loc;

/** One diagnostic. Pointers are owned by the ::fc_diag_list holding it. */
typedef struct fc_diag {
	fc_severity severity; /**< Error, warning or note. */
	fc_diag_code code;    /**< Stable machine-readable code. */
	fc_loc loc;           /**< Where the caret goes. */
	fc_loc origin; /**< Use site when @ref loc is inside a macro or list; line 0 if none. */
	const char *item_kind; /**< "rule", "macro", "list", ... or NULL at file level. */
	const char *item_name; /**< Enclosing item's name, or NULL at file level. */
	const char *message;   /**< One line, lower-case start, no location prefix. */
} fc_diag;

/** Opaque, growable list of diagnostics owned by the caller. */
typedef struct fc_diag_list fc_diag_list;

/**
 * @brief **fc_diag_list_new()** creates an empty diagnostics list.
 * @param[out] out receives the list; set to NULL on failure.
 * @return FC_OK, FC_EINVAL if @p out is NULL, or FC_ENOMEM.
 * @par Ownership
 * The caller frees the list with fc_diag_list_free().
 */
FC_API FC_NODISCARD int fc_diag_list_new(fc_diag_list **out);

/**
 * @brief **fc_diag_list_free()** frees a list and every diagnostic in it.
 * @param dl the list, or NULL (no-op).
 */
FC_API void fc_diag_list_free(fc_diag_list *dl);

/**
 * @brief **fc_diag_list_clear()** removes every diagnostic, keeping the list.
 * @param dl the list, or NULL (no-op).
 */
FC_API void fc_diag_list_clear(fc_diag_list *dl);

/**
 * @brief **fc_diag_list_count()** returns how many diagnostics the list holds.
 * @param dl the list, or NULL (0).
 * @return the number of diagnostics of every severity.
 */
FC_API size_t fc_diag_list_count(const fc_diag_list *dl);

/**
 * @brief **fc_diag_list_count_severity()** counts diagnostics of one severity.
 * @param dl the list, or NULL (0).
 * @param sev the severity to count.
 * @return the number of diagnostics with severity @p sev.
 */
FC_API size_t fc_diag_list_count_severity(const fc_diag_list *dl, fc_severity sev);

/**
 * @brief **fc_diag_list_get()** returns one diagnostic, in the order reported.
 * @param dl the list.
 * @param i index, below fc_diag_list_count().
 * @return a pointer owned by @p dl, valid until the list is cleared or freed;
 *         NULL if @p i is out of range.
 */
FC_API const fc_diag *fc_diag_list_get(const fc_diag_list *dl, size_t i);

/** Flags for fc_diag_format(). */
typedef enum fc_diag_format_flags {
	FC_DIAG_FMT_DEFAULT =
	        0, /**< "file:line:col: severity[id]: message" + source line + caret. */
	FC_DIAG_FMT_NO_SNIPPET = 1,   /**< Only the first line, no source line or caret. */
	FC_DIAG_FMT_SNIPPET_ONLY = 2, /**< Only the source line and the caret line. */
	FC_DIAG_FMT_COLOR = 4,        /**< ANSI colours, like GCC on a terminal. */
	FC_DIAG_FMT_FALCO_CODE = 8,   /**< Show the Falco code name instead of the kebab-case id. */
} fc_diag_format_flags;

/**
 * @brief **fc_diag_format()** renders one diagnostic in GCC's format with the
 * source line and a caret under the span, e.g.
 * `rules.yaml:14:34: error[unknown-field]: no source provides field 'proc.nmae'`.
 * @param dl the list.
 * @param i index of the diagnostic.
 * @param flags a combination of ::fc_diag_format_flags.
 * @param buf destination, may be NULL when @p len is 0.
 * @param len size of @p buf in bytes.
 * @return the length the full text needs, excluding the NUL (snprintf
 *         semantics; the text ends with a newline), or FC_EINVAL.
 */
FC_API int fc_diag_format(const fc_diag_list *dl, size_t i, unsigned flags, char *buf, size_t len);

/**
 * @brief **fc_diag_code_name()** returns the stable kebab-case id of a code.
 * @param code a diagnostic code.
 * @return a static string such as "unknown-field"; "unknown" for unknown codes.
 */
FC_API const char *fc_diag_code_name(fc_diag_code code);

/**
 * @brief **fc_diag_falco_code()** maps a code to Falco's load-result code.
 * @param code a diagnostic code.
 * @return a static string such as "LOAD_ERR_COMPILE_CONDITION".
 */
FC_API const char *fc_diag_falco_code(fc_diag_code code);

/**
 * @brief **fc_diag_falco_desc()** returns Falco's description text of the
 * load-result code a diagnostic maps to (e.g. "Error compiling condition").
 * @param code a diagnostic code.
 * @return a static string.
 */
FC_API const char *fc_diag_falco_desc(fc_diag_code code);

#ifdef __cplusplus
}
#endif
#endif
