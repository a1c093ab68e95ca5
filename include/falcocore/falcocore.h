/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FALCOCORE_FALCOCORE_H
#define FALCOCORE_FALCOCORE_H

/** @file
 * @brief Umbrella header: embedders include only this one.
 *
 * Lifecycle: fc_engine_new() → fc_engine_add_source() → fc_engine_load_file()
 * (repeatable) → fc_engine_compile() gives an immutable ::fc_ruleset →
 * fc_eval_new() per thread → fc_eval_run() per event (callbacks fire inside)
 * → fc_eval_free(), fc_ruleset_unref(), fc_engine_free() in any order. */

#include <falcocore/common.h>
#include <falcocore/version.h>
#include <falcocore/diag.h>
#include <falcocore/source.h>
#include <falcocore/engine.h>
#include <falcocore/ruleset.h>
#include <falcocore/eval.h>
#include <falcocore/syscall.h>
#include <falcocore/json.h>

#endif
