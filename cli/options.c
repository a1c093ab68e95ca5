/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: command-line options, as falco has them, plus -e and the
 * removed-but-remembered flags (translated to config overrides). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_usage(FILE *fp)
{
	fprintf(fp,
	        "Usage: falcocore [options]\n"
	        "\n"
	        "Falco-compatible runtime security detection built on libfalcocore.\n"
	        "\n"
	        "Options:\n"
	        "  -h, --help                 Print this help and exit.\n"
	        "  -c FILE                    Configuration file (falco.yaml subset). Default:\n"
	        "                             the installed falcocore.yaml when present.\n"
	        "  -o, --option KEY=VALUE     Override a configuration key: dot paths (a.b.c),\n"
	        "                             list indexes (list[0]), appends (list[]), and\n"
	        "                             YAML values (key={a: 1}, key=[x, y]). Repeatable.\n"
	        "  -r PATH                    Rules file or directory (repeatable); replaces\n"
	        "                             rules_files from the configuration.\n"
	        "  -e FILE                    Replay a .scap capture (= -o engine.kind=replay\n"
	        "                             -o engine.replay.capture_file=FILE). A FIFO works.\n"
	        "                             A file of k8s audit events (JSON: its first\n"
	        "                             non-blank byte is '{' or '['; for a FIFO, a .json,\n"
	        "                             .jsonl or .ndjson name) is read as the k8s_audit\n"
	        "                             input instead, with engine.kind=nodriver.\n"
	        "  --k8s-audit-file FILE      Read k8s audit events (JSON lines, objects,\n"
	        "                             arrays or EventLists; - = stdin) as the\n"
	        "                             k8s_audit input, next to the syscall input.\n"
	        "  --disable-source SRC       Turn an input off: syscall (= engine.kind=nodriver)\n"
	        "                             or k8s_audit (no webhook or audit file).\n"
	        "  --enable-source SRC        Keep only this input on (the other is disabled).\n"
	        "  -V, --validate FILE        Validate rules files (repeatable; loaded together)\n"
	        "                             and exit: 0 when all are valid, 1 otherwise.\n"
	        "  -L                         List the loaded rules and exit (JSON describe with\n"
	        "                             -o json_output=true).\n"
	        "  -l RULE                    Describe one rule and exit.\n"
	        "  --list[=SOURCE]            List the fields of every source, or of SOURCE.\n"
	        "  --list-events              List the event types of the sources.\n"
	        "  --format text|markdown|json  Format of --list and --list-events.\n"
	        "  --markdown                 Deprecated: --format markdown.\n"
	        "  -N                         With --list: field names only.\n"
	        "  -M SECONDS                 Stop after SECONDS seconds.\n"
	        "  -U, --unbuffered           Flush outputs after every alert.\n"
	        "  -P, --pidfile FILE         Write the process id to FILE.\n"
	        "  --dry-run                  Load configuration, rules and outputs, then exit\n"
	        "                             without processing events.\n"
	        "  --support                  Print support information (JSON) and exit.\n"
	        "  --allow-insecure-files     Load rules and configuration files that every\n"
	        "                             user may write (refused otherwise); also\n"
	        "                             -o security.allow_insecure_files=true.\n"
	        "  --dump-bytecode RULE       Print the compiled bytecode of RULE and exit.\n"
	        "  -w FILE                    Live capture: also write the events to a .scap\n"
	        "                             file (replayable with -e).\n"
	        "  -v                         Verbose: more messages on stderr.\n"
	        "  --version                  Print the library version and the rules-engine\n"
	        "                             version and exit.\n"
	        "\n"
	        "Removed falco flags kept with their old meaning (a notice names the current\n"
	        "form): -A, -b, -S N, -D SUBSTRING, -T TAG, -t TAG.\n"
	        "\n"
	        "Signals: SIGHUP reloads configuration and rules; SIGUSR1 reopens output files;\n"
	        "SIGINT/SIGTERM stop after flushing outputs.\n"
	        "Exit status: 0 success, 1 rule or configuration errors, 2 usage errors.\n"
	        "See falcocore(1).\n");
}

enum {
	OPT_DRY_RUN = 256,
	OPT_LIST,
	OPT_LIST_EVENTS,
	OPT_FORMAT,
	OPT_MARKDOWN,
	OPT_SUPPORT,
	OPT_VERSION,
	OPT_DUMP_BYTECODE,
	OPT_REPLAY_LOOP,
	OPT_DISABLE_SOURCE,
	OPT_ENABLE_SOURCE,
	OPT_PAGE_SIZE,
	OPT_LIST_PLUGINS,
	OPT_K8S_AUDIT_FILE,
	OPT_ALLOW_INSECURE,
};

static const struct option long_opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"option", required_argument, NULL, 'o'},
        {"validate", required_argument, NULL, 'V'},
        {"unbuffered", no_argument, NULL, 'U'},
        {"pidfile", required_argument, NULL, 'P'},
        {"print", required_argument, NULL, 'p'},
        {"snaplen", required_argument, NULL, 'S'},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"list", optional_argument, NULL, OPT_LIST},
        {"list-events", no_argument, NULL, OPT_LIST_EVENTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"markdown", no_argument, NULL, OPT_MARKDOWN},
        {"support", no_argument, NULL, OPT_SUPPORT},
        {"version", no_argument, NULL, OPT_VERSION},
        {"dump-bytecode", required_argument, NULL, OPT_DUMP_BYTECODE},
        {"replay-loop", required_argument, NULL, OPT_REPLAY_LOOP},
        {"disable-source", required_argument, NULL, OPT_DISABLE_SOURCE},
        {"enable-source", required_argument, NULL, OPT_ENABLE_SOURCE},
        {"page-size", no_argument, NULL, OPT_PAGE_SIZE},
        {"list-plugins", no_argument, NULL, OPT_LIST_PLUGINS},
        {"k8s-audit-file", required_argument, NULL, OPT_K8S_AUDIT_FILE},
        {"allow-insecure-files", no_argument, NULL, OPT_ALLOW_INSECURE},
        {NULL, 0, NULL, 0},
};

static void push(char ***v, size_t *n, const char *s)
{
	size_t cap = *n, i = *n; /* grow by one each time: option lists are short */

	cap = cap + 1;
	*v = cli_xrealloc(*v, cap * sizeof(**v));
	(*v)[i] = cli_xstrdup(s);
	*n = i + 1;
}

static void push_override(cli_opts *o, const char *fmt, const char *arg)
{
	cli_buf b = {0};

	cli_buf_printf(&b, fmt, arg);
	push(&o->overrides, &o->n_overrides, b.p);
	cli_buf_free(&b);
}

/* -e: a JSON file of audit events or a scap capture? Regular files by their
 * first non-blank byte (scap and gzip start with binary magic); anything else
 * (a FIFO: peeking would consume it) by the name's extension. */
static bool is_json_input(const char *path)
{
	static const char *const exts[] = {".json", ".jsonl", ".ndjson"};
	struct stat sb;
	size_t i, len = strlen(path);

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		FILE *f = fopen(path, "rb");
		int c = EOF;

		if (f) {
			do
				c = fgetc(f);
			while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
			fclose(f);
			if (c != EOF)
				return c == '{' || c == '[';
		}
	}
	for (i = 0; i < 3; i++) {
		size_t n = strlen(exts[i]);

		if (len > n && strcasecmp(path + len - n, exts[i]) == 0)
			return true;
	}
	return false;
}

static void removed(const char *flag, const char *now)
{
	fprintf(stderr, "falcocore: notice: %s was removed from falco; use %s instead\n", flag,
	        now);
}

static int parse_long_arg(const char *flag, const char *s, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min) {
		fprintf(stderr, "falcocore: %s: expected an integer >= %ld, got '%s'\n", flag, min,
		        s);
		return -1;
	}
	*out = v;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("falcocore: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see --help)\n", stderr);
	return CLI_EXIT_USAGE;
}

int cli_opts_parse(cli_opts *o, int argc, char **argv)
{
	static const char shortopts[] = "+:hc:o:r:e:V:Ll:M:NUP:p:vAbS:D:T:t:iw:";
	int c;
	long v;

	memset(o, 0, sizeof(*o));
	o->argc = argc;
	o->argv = argv;
	o->replay_loop = 1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			o->help = true;
			break;
		case 'c':
			free(o->config_path);
			o->config_path = cli_xstrdup(optarg);
			break;
		case 'o':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return usage_error("-o '%s': expected KEY=VALUE", optarg);
			push(&o->overrides, &o->n_overrides, optarg);
			break;
		case 'r':
			push(&o->rules, &o->n_rules, optarg);
			break;
		case 'e':
			if (is_json_input(optarg)) {
				free(o->audit_file);
				o->audit_file = cli_xstrdup(optarg);
				push_override(o, "engine.kind=%s", "nodriver");
				break;
			}
			push_override(o, "engine.kind=%s", "replay");
			push_override(o, "engine.replay.capture_file=%s", optarg);
			break;
		case OPT_K8S_AUDIT_FILE:
			free(o->audit_file);
			o->audit_file = cli_xstrdup(optarg);
			break;
		case 'w':
			free(o->write_capture);
			o->write_capture = cli_xstrdup(optarg);
			break;
		case 'V':
			push(&o->validate, &o->n_validate, optarg);
			break;
		case 'L':
			o->list_rules = true;
			break;
		case 'l':
			free(o->describe_rule);
			o->describe_rule = cli_xstrdup(optarg);
			break;
		case 'M':
			if (parse_long_arg("-M", optarg, 0, &o->run_seconds) < 0)
				return CLI_EXIT_USAGE;
			break;
		case 'N':
			o->names_only = true;
			break;
		case 'U':
			o->unbuffered = true;
			break;
		case 'P':
			free(o->pidfile);
			o->pidfile = cli_xstrdup(optarg);
			break;
		case 'p':
			fprintf(stderr,
			        "falcocore: notice: -p/--print is deprecated and ignored; use "
			        "append_output in the configuration\n");
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'i':
			printf("falcocore ignores no event types by default: the probe sends what "
			       "the "
			       "loaded rules need.\n");
			return -1;
		case 'A':
			removed("-A", "-o base_syscalls.all=true");
			push_override(o, "base_syscalls.all=%s", "true");
			break;
		case 'b':
			removed("-b", "-o buffer_format_base64=true");
			push_override(o, "buffer_format_base64=%s", "true");
			break;
		case 'S':
			if (parse_long_arg("-S", optarg, 0, &v) < 0)
				return CLI_EXIT_USAGE;
			removed("-S/--snaplen", "-o falco_libs.snaplen=N");
			push_override(o, "falco_libs.snaplen=%s", optarg);
			break;
		case 'D':
			removed("-D SUBSTRING", "-o 'rules[].disable.rule=*SUBSTRING*'");
			push_override(o, "rules[].disable.rule=*%s*", optarg);
			break;
		case 'T':
			removed("-T TAG", "-o rules[].disable.tag=TAG");
			push_override(o, "rules[].disable.tag=%s", optarg);
			break;
		case 't':
			removed("-t TAG", "-o 'rules[].disable.rule=*' -o rules[].enable.tag=TAG");
			push(&o->only_tags, &o->n_only_tags, optarg);
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_ALLOW_INSECURE:
			o->allow_insecure_files = true;
			break;
		case OPT_LIST:
			o->list_fields = true;
			free(o->list_source);
			o->list_source = NULL;
			if (optarg)
				o->list_source = cli_xstrdup(optarg);
			else if (optind < argc && argv[optind][0] != '-')
				o->list_source = cli_xstrdup(argv[optind++]);
			break;
		case OPT_LIST_EVENTS:
			o->list_events = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->list_format = CLI_FMT_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				o->list_format = CLI_FMT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				o->list_format = CLI_FMT_JSON;
			else
				return usage_error("--format '%s': expected text, markdown or json",
				                   optarg);
			break;
		case OPT_MARKDOWN:
			fprintf(stderr, "falcocore: notice: --markdown is deprecated; use --format "
			                "markdown\n");
			o->list_format = CLI_FMT_MARKDOWN;
			break;
		case OPT_SUPPORT:
			o->support = true;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		case OPT_DUMP_BYTECODE:
			free(o->dump_bytecode);
			o->dump_bytecode = cli_xstrdup(optarg);
			break;
		case OPT_REPLAY_LOOP:
			if (parse_long_arg("--replay-loop", optarg, 1, &o->replay_loop) < 0)
				return CLI_EXIT_USAGE;
			break;
		case OPT_DISABLE_SOURCE:
		case OPT_ENABLE_SOURCE: {
			bool enable = c == OPT_ENABLE_SOURCE;
			bool sys = strcmp(optarg, "syscall") == 0;

			if (!sys && strcmp(optarg, "k8s_audit") != 0 && strcmp(optarg, "json") != 0)
				return usage_error("unknown event source '%s' (syscall, k8s_audit, "
				                   "json)",
				                   optarg);
			if (strcmp(optarg, "json") == 0) {
				fprintf(stderr,
				        "falcocore: notice: the json source has no input of "
				        "its own; %s json changes nothing\n",
				        enable ? "--enable-source" : "--disable-source");
				break;
			}
			/* disable this one, or (enable) the other one */
			if (sys != enable)
				push_override(o, "engine.kind=%s", "nodriver");
			else
				o->no_k8s_audit = true;
			break;
		}
		case OPT_PAGE_SIZE:
			printf("%ld\n", sysconf(_SC_PAGESIZE));
			return -1; /* handled: exit 0 */
		case OPT_LIST_PLUGINS:
			printf("0 Plugins Loaded:\n");
			return -1;
		case ':':
			if (optopt >= 256 || optopt == 0) {
				return usage_error("option '%s' requires an argument",
				                   argv[optind - 1]);
			} else {
				char f[3] = {'-', (char)optopt, '\0'};

				return usage_error("option '%s' requires an argument", f);
			}
		case '?':
		default:
			if (optopt && optopt < 256) {
				char f[3] = {'-', (char)optopt, '\0'};

				return usage_error("unknown option '%s'", f);
			}
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	/* -t: disable everything, then enable the tag(s); after all other overrides */
	if (o->n_only_tags) {
		size_t i;

		push_override(o, "rules[].disable.rule=%s", "*");
		for (i = 0; i < o->n_only_tags; i++)
			push_override(o, "rules[].enable.tag=%s", o->only_tags[i]);
	}
	if (o->list_format != CLI_FMT_TEXT && !o->list_fields && !o->list_events)
		return usage_error("%s: --format applies to --list and --list-events", "--format");
	if (o->names_only && !o->list_fields)
		return usage_error("%s: -N applies to --list", "-N");
	return 0;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void cli_opts_free(cli_opts *o)
{
	free(o->config_path);
	free_strv(o->overrides, o->n_overrides);
	free_strv(o->rules, o->n_rules);
	free_strv(o->validate, o->n_validate);
	free(o->describe_rule);
	free(o->list_source);
	free(o->pidfile);
	free(o->dump_bytecode);
	free(o->write_capture);
	free(o->audit_file);
	free_strv(o->disable_substr, o->n_disable_substr);
	free_strv(o->disable_tags, o->n_disable_tags);
	free_strv(o->only_tags, o->n_only_tags);
	memset(o, 0, sizeof(*o));
}
