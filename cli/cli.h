/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore command line: declarations shared by the files of cli/.
 * The CLI links only the public API (<falcocore/falcocore.h>). */
#ifndef FALCOCORE_CLI_H
#define FALCOCORE_CLI_H

#include <falcocore/falcocore.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes (falco's, plus 2 for usage errors). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_ERROR = 1, CLI_EXIT_USAGE = 2 };

/* ---- util.c: growable text buffer, JSON writing, messages ---- */

typedef struct cli_buf {
	char *p;
	size_t len, cap;
} cli_buf;

void cli_buf_free(cli_buf *b);
void cli_buf_reset(cli_buf *b);
void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_puts(cli_buf *b, const char *s);
void cli_buf_putc(cli_buf *b, char c);
void cli_buf_printf(cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes the text (NUL-terminated; "" when empty) and leaves the buffer empty. */
char *cli_buf_take(cli_buf *b);
/* Appends a JSON string literal: control characters escaped, invalid UTF-8
 * replaced by U+FFFD (as falco 0.44 does). */
void cli_json_str(cli_buf *b, const char *s, size_t n);
void cli_json_cstr(cli_buf *b, const char *s);
/* Appends the text with control characters escaped and bad UTF-8 replaced,
 * without quotes (falco passes its text line through the JSON encoder). */
void cli_text_sanitize(cli_buf *b, const char *s, size_t n);

void *cli_xmalloc(size_t n);
void *cli_xcalloc(size_t n, size_t sz);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);
#define CLI_PUSH(arr, n, cap)                                                                      \
	((n) >= (cap) ? ((cap) = (cap) ? (cap)*2 : 8,                                              \
	                 (arr) = cli_xrealloc((arr), (cap) * sizeof(*(arr))), (n)++)               \
	              : (n)++)

/* Messages on stderr, prefixed with a wall-clock time like falco's logger. */
void cli_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "falcocore: error: ..." on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *cli_read_file(const char *path, size_t *len);
bool cli_wildcard_match(const char *pattern, const char *s);
const char *cli_hostname(void);
/* Nanoseconds since the epoch, CLOCK_REALTIME / CLOCK_MONOTONIC. */
uint64_t cli_now_ns(void);
uint64_t cli_mono_ns(void);

/* ---- config.c: falco.yaml subset, -o overrides ---- */

/* A generic YAML tree, so -o can set any key path before typed reading. */
typedef enum cli_node_kind {
	CLI_NODE_NULL = 0,
	CLI_NODE_SCALAR,
	CLI_NODE_MAP,
	CLI_NODE_SEQ
} cli_node_kind;

typedef struct cli_node {
	cli_node_kind kind;
	char *str;              /* scalar text */
	bool quoted;            /* scalar was quoted (never null/bool) */
	char **keys;            /* map keys */
	struct cli_node **vals; /* map values or sequence items */
	size_t n, cap;
} cli_node;

typedef struct cli_toggle {
	bool enable;  /* enable (true) or disable */
	bool by_tag;  /* pattern is a tag (exact) instead of a rule-name wildcard */
	char *target; /* rule-name wildcard or tag */
} cli_toggle;

typedef struct cli_append {
	char *source; /* NULL = any */
	char *rule;   /* NULL = any */
	char **tags;  /* all must be on the rule */
	size_t n_tags;
	char *extra_output; /* appended to the message, space separated */
	char **xf_names;    /* extra_fields: output_fields key */
	char **xf_formats;  /* format, or NULL for a bare field */
	size_t n_xf;
} cli_append;

typedef enum cli_engine_kind {
	CLI_ENGINE_MODERN_EBPF = 0,
	CLI_ENGINE_REPLAY,
	CLI_ENGINE_NODRIVER
} cli_engine_kind;

/* The k8s audit input configured through the k8saudit plugin's entry. */
typedef enum cli_audit_kind {
	CLI_AUDIT_NONE = 0,
	CLI_AUDIT_WEBHOOK, /* open_params http://HOST:PORT/PATH */
	CLI_AUDIT_FILE     /* open_params FILE (or file://FILE) */
} cli_audit_kind;

typedef struct cli_config {
	char *path; /* file read, or NULL for built-in defaults */
	char **rules_files;
	size_t n_rules_files;
	cli_toggle *toggles;
	size_t n_toggles;
	fc_priority priority;
	fc_rule_matching rule_matching;
	bool json_output;
	bool json_include_output_property;
	bool json_include_message_property;
	bool json_include_output_fields_property;
	bool json_include_tags_property;
	bool time_format_iso_8601;
	bool buffered_outputs;
	size_t outputs_queue_capacity; /* 0 = the built-in bound */
	cli_append *appends;
	size_t n_appends;
	bool stdout_enabled;
	bool syslog_enabled;
	bool file_enabled, file_keep_alive;
	char *file_filename;
	bool program_enabled, program_keep_alive;
	char *program_program;
	bool http_enabled, http_insecure, http_echo, http_compress, http_keep_alive, http_mtls;
	char *http_url, *http_user_agent, *http_ca_cert, *http_ca_bundle, *http_ca_path;
	char *http_client_cert, *http_client_key;
	long http_max_consecutive_timeouts;
	cli_engine_kind engine_kind;
	char *replay_capture_file;
	bool metrics_enabled;
	uint64_t metrics_interval_ms;
	bool metrics_output_rule;
	char *metrics_output_file;
	bool log_stderr;
	char *log_level;
	long output_timeout_ms;
	/* webserver.*: /healthz, /metrics (and the audit webhook on the same port) */
	bool web_enabled;
	long web_port;       /* 8765; 0 = any free port (logged) */
	char *web_address;   /* "0.0.0.0" */
	char *web_healthz;   /* "/healthz" */
	bool web_prometheus; /* /metrics served */
	/* the k8saudit plugin's configuration (plugins[] + load_plugins) */
	cli_audit_kind audit_kind;
	char *audit_address;   /* webhook host ("" = every address) */
	long audit_port;       /* webhook port (0 = any free port) */
	char *audit_path;      /* webhook path, "/k8s-audit" when open_params has none */
	char *audit_file;      /* file input (open_params without http:// scheme) */
	size_t audit_max_body; /* init_config.webhookMaxBatchSize; 0 = 12 MiB */
	char **warnings;       /* non-fatal notes (unsupported plugins...), shown at start */
	size_t n_warnings;
	cli_node *root; /* the merged tree (after -o), for --support */
} cli_config;

/* Loads path (NULL: built-in defaults, or the installed file when present),
 * applies the -o overrides in order, and reads the typed values.
 * Returns 0, or -1 with a message in err. */
int cli_config_load(cli_config *cfg, const char *path, bool path_given, char **overrides,
                    size_t n_overrides, char *err, size_t errlen);
void cli_config_free(cli_config *cfg);
void cli_node_free(cli_node *n);
/* JSON rendering of a node (scalars typed: numbers, bools, null). */
void cli_node_to_json(const cli_node *n, cli_buf *b);

/* ---- options.c: argv ---- */

typedef enum cli_list_format { CLI_FMT_TEXT = 0, CLI_FMT_MARKDOWN, CLI_FMT_JSON } cli_list_format;

typedef struct cli_opts {
	char *config_path; /* -c */
	char **overrides;  /* -o, in order (also what -e and removed flags translate to) */
	size_t n_overrides;
	char **rules; /* -r */
	size_t n_rules;
	char **validate; /* -V */
	size_t n_validate;
	bool list_rules;     /* -L */
	char *describe_rule; /* -l */
	bool list_fields;    /* --list */
	char *list_source;   /* --list=SOURCE */
	bool list_events;    /* --list-events */
	bool names_only;     /* -N */
	cli_list_format list_format;
	long run_seconds; /* -M, 0 = unlimited */
	bool unbuffered;  /* -U */
	char *pidfile;    /* -P */
	bool dry_run;
	bool allow_insecure_files; /* --allow-insecure-files */
	bool support;
	bool version;
	bool help;
	char *dump_bytecode; /* --dump-bytecode RULE */
	long replay_loop;    /* --replay-loop N (hidden; tests) */
	char *write_capture; /* -w FILE: live events also go to a .scap file */
	bool verbose;        /* -v */
	char *audit_file;    /* -e FILE.json / --k8s-audit-file FILE ("-" = stdin) */
	bool no_k8s_audit;   /* --disable-source k8s_audit */
	/* removed flags, kept with their old meaning */
	char **disable_substr; /* -D */
	size_t n_disable_substr;
	char **disable_tags; /* -T */
	size_t n_disable_tags;
	char **only_tags; /* -t */
	size_t n_only_tags;
	char **argv; /* for --support's cmdline */
	int argc;
} cli_opts;

/* Parses argv. Returns 0; CLI_EXIT_USAGE after printing a message; or -1
 * when an informational flag was fully handled (exit 0). */
int cli_opts_parse(cli_opts *o, int argc, char **argv);
void cli_opts_free(cli_opts *o);
void cli_usage(FILE *fp);

/* ---- privs.c: least privilege ---- */

/* Live mode, once the probe is attached and /proc scanned: keeps only
 * CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (in every thread; bounding set
 * too) and sets no_new_privs. 0, or -1 with a message in err. */
int cli_drop_privileges(char *err, size_t errlen);
/* Whether files every user may write are accepted (default: refused). */
void cli_allow_insecure_files(bool allow);
/* 0 when `path` may be loaded; -1 with a message in err when every user can
 * write it (a directory: without the sticky bit) and that is not allowed. */
int cli_check_file_secure(const char *path, char *err, size_t errlen);

/* ---- sources.c: the built-in event sources ---- */

typedef struct cli_sources {
	fc_syscall_source *syscall; /* NULL when the library lacks it */
	int syscall_status;         /* why it is missing */
	fc_json_source *k8s_audit;  /* "k8s_audit" (ka.* fields), or NULL */
	fc_json_source *json;       /* generic "json" (json.*, jevt.*), or NULL */
	const fc_source_ops *ops[8];
	size_t n_ops;
} cli_sources;

int cli_sources_init(cli_sources *s);
void cli_sources_free(cli_sources *s);
/* Registers every available source with an engine, in ops[] order, so a
 * source's id is its index in ops[] in every engine. */
int cli_sources_register(const cli_sources *s, fc_engine *eng);

/* ---- rulesload.c: rules files → ruleset ---- */

/* Expands configured rules entries (skipping missing ones as falco does). */
typedef struct cli_ruleset_build {
	fc_engine *eng;
	fc_ruleset *rs;
	fc_diag_list *diags;
	int status; /* FC_OK or the failing status */
	char **files_loaded;
	size_t n_files_loaded;
} cli_ruleset_build;

/* Builds a ruleset from the given paths (NULL entries skipped). Fills b;
 * returns FC_OK or a status, with diagnostics in b->diags. */
int cli_build_ruleset(const cli_sources *src, char *const *paths, size_t n, bool skip_missing,
                      cli_ruleset_build *b);
void cli_ruleset_build_free(cli_ruleset_build *b);
/* Prints every diagnostic of dl to fp with fc_diag_format(). */
void cli_print_diags(FILE *fp, const fc_diag_list *dl, unsigned flags);
/* Default rules paths: sysconfdir files, or the source tree fallback. */
size_t cli_default_rules(char ***out);

/* ---- alert.c: text and JSON alerts ---- */

typedef struct cli_alert {
	char *line; /* the text line, or the JSON object, no newline */
	fc_priority priority;
	char *rule;
} cli_alert;

/* Formats a match. Must run inside the match callback. */
int cli_alert_format(const cli_config *cfg, const fc_match *m, cli_alert *out);
void cli_alert_free(cli_alert *a);
/* evt.time (local HH:MM:SS.nnnnnnnnn) and ISO 8601 renderings. */
void cli_fmt_time(uint64_t ts, bool iso, char *buf, size_t len);
void cli_fmt_time_json(uint64_t ts, char *buf, size_t len);

/* ---- outputs.c: channels ---- */

typedef struct cli_outputs cli_outputs;
cli_outputs *cli_outputs_new(const cli_config *cfg, bool unbuffered, char *err, size_t errlen);
void cli_outputs_free(cli_outputs *o);
void cli_outputs_write(cli_outputs *o, const cli_alert *a);
void cli_outputs_reopen(cli_outputs *o);
void cli_outputs_flush(cli_outputs *o);

/* ---- queue.c: bounded queue + output thread ---- */

typedef struct cli_queue cli_queue;
cli_queue *cli_queue_new(cli_outputs *outs, size_t capacity);
/* Takes ownership of a. Never blocks: a full queue drops (counted).
 * Thread-safe (the main thread and the audit threads push). */
bool cli_queue_push(cli_queue *q, cli_alert *a);
/* Replaces the output channels at this point of the stream (config reload). */
void cli_queue_swap_outputs(cli_queue *q, cli_outputs *outs);
void cli_queue_reopen(cli_queue *q);
uint64_t cli_queue_dropped(const cli_queue *q);
uint64_t cli_queue_written(const cli_queue *q);
/* Drains, stops the thread, frees the current outputs. */
void cli_queue_free(cli_queue *q);

/* ---- feeder.c: event input (replay, live, ...) ---- */

typedef struct cli_feeder cli_feeder;
typedef struct cli_feeder_ops {
	const char *name;
	/* FC_OK with *ev filled (valid until the next call), FC_EOF, FC_EAGAIN
	 * (nothing now; poll again), or a negative status (see error()). */
	int (*next)(void *ctx, fc_event *ev);
	/* Push mode (used when next is NULL): hands every available event to fn
	 * (valid during the call; fn returns non-zero to stop the batch), waiting
	 * at most timeout_ms when none is ready. Returns the number of events
	 * handled (>= 0), FC_EOF, or a negative status (see error()). */
	int (*pump)(void *ctx, int (*fn)(const fc_event *ev, void *user), void *user,
	            int timeout_ms);
	const char *(*error)(void *ctx);
	void (*close)(void *ctx);
	void *ctx;
} cli_feeder_ops;

/* A scap capture replay (a file or a FIFO). loops: times to read the file
 * (FIFO: 1). */
int cli_feeder_replay_open(const char *path, fc_syscall_source *src, uint32_t source_id, long loops,
                           cli_feeder_ops *out, char *err, size_t errlen);

/* ---- validate.c: -V, -L, -l, --list, --list-events, --support ---- */

int cli_validate(const cli_opts *o, const cli_config *cfg, const cli_sources *src);
int cli_describe(const cli_opts *o, const cli_config *cfg, const fc_ruleset *rs,
                 const fc_engine *eng);
int cli_list_fields(const cli_opts *o, const cli_sources *src);
int cli_list_events(const cli_opts *o, const cli_sources *src);
int cli_support(const cli_opts *o, const cli_config *cfg);

#endif
