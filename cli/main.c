/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore: the command line. Links only the public API (STYLE B16).
 *
 * Threads: the main thread pulls events from a feeder and evaluates them;
 * the output thread (queue.c) writes alerts to the channels; the control
 * thread waits for signals and timers (SIGHUP reload, SIGUSR1 reopen,
 * SIGINT/SIGTERM stop, -M, metrics) and compiles reloaded rules off the hot
 * path, handing them to the main thread, which swaps at an event boundary.
 *
 * k8s audit events come from the webhook (the web server's one internal
 * thread) and/or a file (the audit-file thread). Each of those threads has
 * its own fc_eval over the current generation, switched at a batch (webhook)
 * or event (file) boundary once the main thread has applied a reload.
 * Generations are reference-counted so an old one lives until the last
 * thread using it has moved on. Alerts of every thread go to the one output
 * queue; as in falco, the first input to end stops the run. */
#include "audit_input.h"
#include "cli.h"
#include "live.h"
#include "webserver.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct rule_count {
	char *name;
	uint64_t n;
} rule_count;

#define MAX_SOURCES 8

struct run_state;

/* Everything a reload replaces, built by the control thread. Immutable once
 * built (the config is the formatting snapshot of every alert it produces);
 * freed when the last reference goes. */
typedef struct generation {
	struct run_state *st;
	_Atomic unsigned refs;
	uint64_t seq;
	cli_config cfg;
	cli_ruleset_build build;
	fc_eval *ev;       /* the main thread's evaluator */
	cli_outputs *outs; /* handed to the queue on swap */
} generation;

/* An evaluator of a thread other than the main one (webhook, audit file). */
typedef struct side_eval {
	struct run_state *st;
	generation *g;  /* a reference */
	fc_eval *ev;    /* over g's ruleset */
	bool stoppable; /* stop delivering events once a stop is requested */
} side_eval;

typedef struct run_state {
	cli_opts *o;
	cli_sources src;
	uint32_t syscall_id, k8s_id;
	generation *cur; /* the applied generation; replaced under reload_mu */
	_Atomic uint64_t cur_seq;
	generation *main_g; /* the main thread's reference (its evaluator: main_g->ev) */
	uint64_t pending_since;
	uint64_t next_seq;
	cli_queue *q;
	pthread_t main_thread, ctl_thread;
	uint64_t start_mono;
	bool log_stderr; /* at the start */
	/* k8s audit inputs */
	fcw_server *web;       /* webserver.* (+ the webhook when it shares the port) */
	fcw_server *audit_web; /* the webhook on a port of its own */
	side_eval web_eval;
	pthread_t audit_thread;
	_Atomic bool audit_thread_running;
	_Atomic bool audit_done;
	bool audit_failed;
	const char *audit_file;
	side_eval file_eval;
	/* counters */
	_Atomic uint64_t events, alerts, eval_errors;
	_Atomic uint64_t events_by_src[MAX_SOURCES];
	pthread_mutex_t stats_mu;
	uint64_t by_prio[8];
	rule_count *rules;
	size_t n_rules, cap_rules;
	/* control */
	_Atomic bool stop, finished, reload_ready;
	pthread_mutex_t reload_mu;
	generation *pending;
	_Atomic uint64_t reloads;
	uint64_t reload_failures;
} run_state;

/* ---- building a generation: config + rules + eval + outputs ---- */

static int on_match(const fc_match *m, void *user);

/* An evaluator over g's ruleset with g's settings (matches go to on_match
 * with g as the user pointer). Prints the error. */
static int make_eval(generation *g, fc_eval **out)
{
	size_t i;
	int rc;

	*out = NULL;
	rc = fc_eval_new(g->build.rs,
	                 FC_OPTS(fc_eval_opts, .on_match = on_match, .user = g,
	                         .rule_matching = g->cfg.rule_matching,
	                         .min_priority = g->cfg.priority),
	                 out);
	if (rc != FC_OK) {
		cli_err("cannot create an evaluator: %s", fc_strerror(rc));
		return rc;
	}
	for (i = 0; i < g->cfg.n_toggles; i++) {
		const cli_toggle *t = &g->cfg.toggles[i];

		rc = t->by_tag ? fc_eval_enable_tag(*out, t->target, t->enable)
		               : fc_eval_enable_rules(*out, t->target, t->enable);
		if (rc < 0) {
			cli_err("rules[%zu]: cannot %s %s '%s': %s", i,
			        t->enable ? "enable" : "disable", t->by_tag ? "tag" : "rules",
			        t->target, fc_strerror(rc));
			fc_eval_free(*out);
			*out = NULL;
			return rc;
		}
	}
	return FC_OK;
}

static bool build_generation(run_state *st, generation *g, bool reload)
{
	cli_opts *o = st->o;
	char err[1024];
	char **paths, **defs = NULL;
	size_t n_paths, n_defs = 0, i;
	bool skip_missing = false, ok = false;
	int rc;

	memset(g, 0, sizeof(*g));
	g->st = st;
	atomic_init(&g->refs, 1);
	g->seq = ++st->next_seq;
	if (cli_config_load(&g->cfg, o->config_path, o->config_path != NULL, o->overrides,
	                    o->n_overrides, err, sizeof(err)) < 0) {
		cli_err("%s", err);
		return false;
	}
	if (o->n_rules) {
		paths = o->rules;
		n_paths = o->n_rules;
	} else if (g->cfg.n_rules_files) {
		paths = g->cfg.rules_files;
		n_paths = g->cfg.n_rules_files;
		skip_missing = true; /* falco skips missing rules_files entries */
	} else {
		n_defs = cli_default_rules(&defs);
		paths = defs;
		n_paths = n_defs;
		skip_missing = true;
	}
	if (g->cfg.log_stderr && !reload) {
		for (i = 0; i < n_paths; i++) {
			struct stat sb;

			if (!skip_missing || stat(paths[i], &sb) == 0)
				cli_log("Loading rules from: %s", paths[i]);
		}
	}
	rc = cli_build_ruleset(&st->src, paths, n_paths, skip_missing, &g->build);
	if (g->build.diags && fc_diag_list_count(g->build.diags))
		cli_print_diags(stderr, g->build.diags, FC_DIAG_FMT_DEFAULT);
	if (rc != FC_OK) {
		cli_err("%s: %s",
		        reload ? "reload failed, keeping the current rules"
		               : "could not load rules",
		        fc_strerror(rc));
		goto out;
	}
	if (g->build.n_files_loaded == 0 && g->cfg.log_stderr)
		cli_log("No rules files found; running with no rules");
	if (make_eval(g, &g->ev) != FC_OK)
		goto out;
	g->outs = cli_outputs_new(&g->cfg, o->unbuffered, err, sizeof(err));
	if (!g->outs) {
		cli_err("%s", err);
		goto out;
	}
	for (i = 0; i < g->cfg.n_appends; i++) {
		const cli_append *a = &g->cfg.appends[i];

		if ((a->extra_output && strchr(a->extra_output, '%')) || a->n_xf)
			fprintf(stderr,
			        "falcocore: warning: append_output[%zu]: %%fields in extra_output "
			        "and extra_fields need library support and are ignored\n",
			        i);
	}
	ok = true;
out:
	for (i = 0; i < n_defs; i++)
		free(defs[i]);
	free(defs);
	return ok;
}

static void free_generation(generation *g)
{
	fc_eval_free(g->ev);
	cli_ruleset_build_free(&g->build);
	cli_outputs_free(g->outs);
	cli_config_free(&g->cfg);
	memset(g, 0, sizeof(*g));
	free(g);
}

/* A reference to the current generation. */
static generation *gen_get(run_state *st)
{
	generation *g;

	pthread_mutex_lock(&st->reload_mu);
	g = st->cur;
	atomic_fetch_add(&g->refs, 1);
	pthread_mutex_unlock(&st->reload_mu);
	return g;
}

static void gen_put(generation *g)
{
	if (g && atomic_fetch_sub(&g->refs, 1) == 1)
		free_generation(g);
}

/* ---- evaluators of the audit threads ---- */

/* Moves w to the current generation when a reload was applied. Returns
 * false when it has no evaluator at all. */
static bool side_sync(side_eval *w)
{
	generation *g;
	fc_eval *ev;

	if (w->g && w->g->seq == atomic_load(&w->st->cur_seq))
		return true;
	g = gen_get(w->st);
	if (g == w->g) {
		gen_put(g);
		return true;
	}
	if (make_eval(g, &ev) != FC_OK) {
		gen_put(g);
		return w->ev != NULL; /* keep the old one */
	}
	fc_eval_free(w->ev);
	gen_put(w->g);
	w->g = g;
	w->ev = ev;
	return true;
}

static void side_free(side_eval *w)
{
	fc_eval_free(w->ev);
	gen_put(w->g);
	w->ev = NULL;
	w->g = NULL;
}

/* ---- alerts and counters ---- */

static void count_alert(run_state *st, const char *rule, fc_priority p)
{
	size_t i;

	pthread_mutex_lock(&st->stats_mu);
	if ((unsigned)p < 8)
		st->by_prio[p]++;
	for (i = 0; i < st->n_rules; i++)
		if (strcmp(st->rules[i].name, rule) == 0)
			break;
	if (i == st->n_rules) {
		CLI_PUSH(st->rules, st->n_rules, st->cap_rules);
		st->rules[i].name = cli_xstrdup(rule);
		st->rules[i].n = 0;
	}
	st->rules[i].n++;
	pthread_mutex_unlock(&st->stats_mu);
}

static void count_event(run_state *st, const fc_event *ev)
{
	atomic_fetch_add_explicit(&st->events, 1, memory_order_relaxed);
	if (ev->source < MAX_SOURCES)
		atomic_fetch_add_explicit(&st->events_by_src[ev->source], 1, memory_order_relaxed);
}

static int on_match(const fc_match *m, void *user)
{
	generation *g = user; /* the evaluator's generation: its config formats */
	run_state *st = g->st;
	const fc_rule *r = fc_match_rule(m);
	cli_alert a;

	if (fc_rule_priority(r) > g->cfg.priority)
		return FC_CB_CONTINUE;
	atomic_fetch_add(&st->alerts, 1);
	count_alert(st, fc_rule_name(r), fc_rule_priority(r));
	if (cli_alert_format(&g->cfg, m, &a) == 0)
		cli_queue_push(st->q, &a);
	return FC_CB_CONTINUE;
}

static const char *const prio_upper[8] = {"EMERGENCY", "ALERT",  "CRITICAL", "ERROR",
                                          "WARNING",   "NOTICE", "INFO",     "DEBUG"};

static void print_summary(run_state *st)
{
	size_t i;

	pthread_mutex_lock(&st->stats_mu);
	printf("Events detected: %llu\n", (unsigned long long)atomic_load(&st->alerts));
	printf("Rule counts by severity:\n");
	for (i = 0; i < 8; i++)
		if (st->by_prio[i])
			printf("   %s: %llu\n", prio_upper[i], (unsigned long long)st->by_prio[i]);
	printf("Triggered rules by rule name:\n");
	for (i = 0; i < st->n_rules; i++)
		printf("   %s: %llu\n", st->rules[i].name, (unsigned long long)st->rules[i].n);
	pthread_mutex_unlock(&st->stats_mu);
	fflush(stdout);
}

/* Periodic metrics: an internal alert ("Falco internal: metrics snapshot")
 * through the outputs and/or a JSON line appended to metrics.output_file. */
static void emit_metrics(run_state *st, const cli_config *cfg)
{
	uint64_t now = cli_now_ns();
	cli_buf fields = {0}, text = {0}, line = {0};
	char tbuf[64];
	size_t i;

	pthread_mutex_lock(&st->stats_mu);
	cli_buf_printf(&fields,
	               "{\"falcocore.n_alerts\":%llu,\"falcocore.n_drops_outputs_queue\":%llu,"
	               "\"falcocore.n_evts\":%llu,\"falcocore.n_reloads\":%llu",
	               (unsigned long long)atomic_load(&st->alerts),
	               (unsigned long long)cli_queue_dropped(st->q),
	               (unsigned long long)atomic_load(&st->events),
	               (unsigned long long)atomic_load(&st->reloads));
	cli_buf_printf(&text, "n_evts=%llu n_alerts=%llu n_drops_outputs_queue=%llu",
	               (unsigned long long)atomic_load(&st->events),
	               (unsigned long long)atomic_load(&st->alerts),
	               (unsigned long long)cli_queue_dropped(st->q));
	for (i = 0; i < 8; i++) {
		cli_buf_printf(&fields, ",\"falcocore.n_alerts.%s\":%llu", prio_upper[i],
		               (unsigned long long)st->by_prio[i]);
	}
	for (i = 0; i < st->n_rules; i++) {
		cli_buf key = {0};

		cli_buf_printf(&key, "rules.%s", st->rules[i].name);
		cli_buf_putc(&fields, ',');
		cli_json_str(&fields, key.p, key.len);
		cli_buf_printf(&fields, ":%llu", (unsigned long long)st->rules[i].n);
		cli_buf_free(&key);
	}
	pthread_mutex_unlock(&st->stats_mu);
	cli_buf_putc(&fields, '}');

	cli_fmt_time(now, cfg->time_format_iso_8601, tbuf, sizeof(tbuf));
	if (cfg->metrics_output_rule) {
		cli_alert a = {0};
		cli_buf out = {0};

		cli_buf_printf(&out, "%s: Informational Falco metrics snapshot (%s)", tbuf, text.p);
		if (cfg->json_output) {
			cli_buf_puts(&line, "{\"hostname\":");
			cli_json_cstr(&line, cli_hostname());
			cli_buf_puts(&line, ",\"output\":");
			cli_json_str(&line, out.p, out.len);
			cli_buf_puts(&line, ",\"output_fields\":");
			cli_buf_puts(&line, fields.p);
			cli_buf_puts(&line, ",\"priority\":\"Informational\",\"rule\":\"Falco "
			                    "internal: metrics snapshot\",\"source\":\"internal\","
			                    "\"time\":");
			cli_fmt_time_json(now, tbuf, sizeof(tbuf));
			cli_json_cstr(&line, tbuf);
			cli_buf_putc(&line, '}');
			a.line = cli_buf_take(&line);
			cli_buf_free(&out);
		} else {
			a.line = cli_buf_take(&out);
		}
		a.priority = FC_PRIO_INFORMATIONAL;
		a.rule = cli_xstrdup("Falco internal: metrics snapshot");
		cli_queue_push(st->q, &a);
	}
	if (cfg->metrics_output_file && *cfg->metrics_output_file) {
		FILE *fp = fopen(cfg->metrics_output_file, "a");

		if (fp) {
			cli_fmt_time_json(now, tbuf, sizeof(tbuf));
			fprintf(fp, "{\"hostname\":\"%s\",\"output_fields\":%s,\"time\":\"%s\"}\n",
			        cli_hostname(), fields.p, tbuf);
			fclose(fp);
		} else {
			cli_log("metrics.output_file: cannot open %s: %s", cfg->metrics_output_file,
			        strerror(errno));
		}
	}
	cli_buf_free(&fields);
	cli_buf_free(&text);
	cli_buf_free(&line);
}

/* ---- control thread: signals, timers, reload ---- */

static void do_reload(run_state *st)
{
	generation *g = cli_xcalloc(1, sizeof(*g));

	cli_log("SIGHUP received, reloading configuration and rules");
	if (!build_generation(st, g, true)) {
		free_generation(g);
		st->reload_failures++;
		cli_log("Reload failed; keeping the current configuration and rules");
		return;
	}
	pthread_mutex_lock(&st->reload_mu);
	if (st->pending) /* an older reload not yet applied: replace it */
		free_generation(st->pending);
	st->pending = g;
	st->pending_since = cli_mono_ns();
	pthread_mutex_unlock(&st->reload_mu);
	atomic_store(&st->reload_ready, true);
	cli_log("Reload: new rules ready (%zu rules); switching at the next event",
	        fc_ruleset_rule_count(g->build.rs));
}

static void apply_reload(run_state *st);

static void request_stop(run_state *st)
{
	atomic_store(&st->stop, true);
	pthread_kill(st->main_thread, SIGUSR2); /* interrupt a blocking read */
}

static void *control_main(void *arg)
{
	run_state *st = arg;
	sigset_t set;
	uint64_t start = cli_mono_ns(), next_metrics = 0;
	uint64_t deadline =
	        st->o->run_seconds ? start + (uint64_t)st->o->run_seconds * 1000000000u : 0;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	for (;;) {
		struct timespec to = {0, 200000000};
		uint64_t now = cli_mono_ns();
		const cli_config *cfg;
		int sig;

		if (atomic_load(&st->finished))
			break;
		/* a stop request may have hit the main thread just before it entered a
		 * blocking read: repeat the interruption until it is done */
		if (atomic_load(&st->stop)) {
			pthread_kill(st->main_thread, SIGUSR2);
			if (st->audit_thread_running && !atomic_load(&st->audit_done))
				pthread_kill(st->audit_thread, SIGUSR2);
		}
		/* the main thread swaps st->cur under reload_mu */
		pthread_mutex_lock(&st->reload_mu);
		cfg = &st->cur->cfg;
		if (deadline && now >= deadline && !atomic_load(&st->stop)) {
			if (cfg->log_stderr)
				cli_log("Run time of %ld seconds reached, stopping",
				        st->o->run_seconds);
			request_stop(st);
		}
		if (cfg->metrics_enabled) {
			if (!next_metrics) {
				next_metrics = now + cfg->metrics_interval_ms * 1000000u;
			} else if (now >= next_metrics) {
				emit_metrics(st, cfg);
				next_metrics = now + cfg->metrics_interval_ms * 1000000u;
			}
		}
		/* the main thread applies a reload at its next event; when it has
		 * none (idle capture, nodriver) the reload applies from here */
		if (atomic_load(&st->reload_ready) && st->pending &&
		    now - st->pending_since >= 500000000u) {
			pthread_mutex_unlock(&st->reload_mu);
			apply_reload(st);
		} else {
			pthread_mutex_unlock(&st->reload_mu);
		}
		sig = sigtimedwait(&set, NULL, &to);
		if (sig < 0)
			continue;
		switch (sig) {
		case SIGHUP:
			do_reload(st);
			break;
		case SIGUSR1:
			/* queued first: an alert raised after this message goes to the
			 * reopened files */
			cli_queue_reopen(st->q);
			cli_log("SIGUSR1 received, reopening outputs");
			break;
		case SIGINT:
		case SIGTERM:
			if (!atomic_load(&st->finished) && !atomic_load(&st->stop))
				cli_log("%s received, stopping",
				        sig == SIGINT ? "SIGINT" : "SIGTERM");
			request_stop(st);
			break;
		}
	}
	return NULL;
}

static void noop_handler(int sig)
{
	(void)sig;
}

/* Makes the pending generation current: by the main thread between two
 * events, or by the control thread when the main thread is idle. Every
 * evaluating thread then moves to it at its next event or batch. */
static void apply_reload(run_state *st)
{
	generation *g, *old;

	pthread_mutex_lock(&st->reload_mu);
	g = st->pending;
	st->pending = NULL;
	atomic_store(&st->reload_ready, false);
	if (!g) {
		pthread_mutex_unlock(&st->reload_mu);
		return;
	}
	cli_queue_swap_outputs(st->q, g->outs); /* the old ones are freed in order */
	g->outs = NULL;
	old = st->cur;
	st->cur = g;
	atomic_store(&st->cur_seq, g->seq);
	pthread_mutex_unlock(&st->reload_mu);
	gen_put(old); /* freed once every thread has moved on */
	atomic_fetch_add(&st->reloads, 1);
	cli_log("Reload: switched to the new configuration and rules");
}

/* ---- k8s audit inputs: webhook, file, /metrics ---- */

static int side_event(const fc_event *ev, void *user)
{
	side_eval *w = user;
	run_state *st = w->st;

	if (w->stoppable && atomic_load(&st->stop))
		return FC_ESTATE; /* stops the file reader */
	if (w->stoppable && !side_sync(w))
		return FC_ENOMEM;
	count_event(st, ev);
	if (fc_eval_run(w->ev, ev) < 0)
		atomic_fetch_add(&st->eval_errors, 1);
	return FC_OK;
}

/* The webhook: one body, evaluated by the web server's thread. */
static int on_audit(void *user, const char *body, size_t len, char *err, size_t errlen)
{
	run_state *st = user;

	if (!side_sync(&st->web_eval)) {
		snprintf(err, errlen, "no evaluator (out of memory)");
		return -1;
	}
	return fca_process_body(st->src.k8s_audit, st->k8s_id, body, len, side_event, &st->web_eval,
	                        err, errlen) < 0
	               ? -1
	               : 0;
}

static void prom_label(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static const char *const prio_lower[8] = {"emergency", "alert",  "critical",      "error",
                                          "warning",   "notice", "informational", "debug"};

/* GET /metrics (web server thread): the engine's counters. */
static void on_metrics(void *user, FILE *out)
{
	run_state *st = user;
	size_t i, n_rules;

	fputs("# HELP falcocore_events_total Events evaluated, by source.\n"
	      "# TYPE falcocore_events_total counter\n",
	      out);
	for (i = 0; i < st->src.n_ops && i < MAX_SOURCES; i++) {
		fputs("falcocore_events_total{source=", out);
		prom_label(out, st->src.ops[i]->name);
		fprintf(out, "} %llu\n", (unsigned long long)atomic_load(&st->events_by_src[i]));
	}
	fprintf(out,
	        "# HELP falcocore_alerts_total Alerts raised (rules matched).\n"
	        "# TYPE falcocore_alerts_total counter\n"
	        "falcocore_alerts_total %llu\n"
	        "# HELP falcocore_outputs_queue_drops_total Alerts dropped on a full outputs "
	        "queue.\n"
	        "# TYPE falcocore_outputs_queue_drops_total counter\n"
	        "falcocore_outputs_queue_drops_total %llu\n"
	        "# HELP falcocore_outputs_written_total Alerts written to the outputs.\n"
	        "# TYPE falcocore_outputs_written_total counter\n"
	        "falcocore_outputs_written_total %llu\n"
	        "# HELP falcocore_eval_errors_total Events that could not be evaluated.\n"
	        "# TYPE falcocore_eval_errors_total counter\n"
	        "falcocore_eval_errors_total %llu\n"
	        "# HELP falcocore_reloads_total Configuration and rules reloads applied.\n"
	        "# TYPE falcocore_reloads_total counter\n"
	        "falcocore_reloads_total %llu\n"
	        "# HELP falcocore_uptime_seconds Seconds since the start.\n"
	        "# TYPE falcocore_uptime_seconds gauge\n"
	        "falcocore_uptime_seconds %.3f\n",
	        (unsigned long long)atomic_load(&st->alerts),
	        (unsigned long long)cli_queue_dropped(st->q),
	        (unsigned long long)cli_queue_written(st->q),
	        (unsigned long long)atomic_load(&st->eval_errors),
	        (unsigned long long)atomic_load(&st->reloads),
	        (double)(cli_mono_ns() - st->start_mono) / 1e9);
	pthread_mutex_lock(&st->reload_mu);
	n_rules = fc_ruleset_rule_count(st->cur->build.rs);
	pthread_mutex_unlock(&st->reload_mu);
	fprintf(out,
	        "# HELP falcocore_rules_loaded Rules in the current ruleset.\n"
	        "# TYPE falcocore_rules_loaded gauge\n"
	        "falcocore_rules_loaded %zu\n",
	        n_rules);
	pthread_mutex_lock(&st->stats_mu);
	fputs("# HELP falcocore_alerts_by_priority_total Alerts by rule priority.\n"
	      "# TYPE falcocore_alerts_by_priority_total counter\n",
	      out);
	for (i = 0; i < 8; i++)
		fprintf(out, "falcocore_alerts_by_priority_total{priority=\"%s\"} %llu\n",
		        prio_lower[i], (unsigned long long)st->by_prio[i]);
	fputs("# HELP falcocore_rule_alerts_total Alerts by rule.\n"
	      "# TYPE falcocore_rule_alerts_total counter\n",
	      out);
	for (i = 0; i < st->n_rules; i++) {
		fputs("falcocore_rule_alerts_total{rule=", out);
		prom_label(out, st->rules[i].name);
		fprintf(out, "} %llu\n", (unsigned long long)st->rules[i].n);
	}
	pthread_mutex_unlock(&st->stats_mu);
}

/* The audit-file thread: reads the file, then (the first input to end stops
 * the run, as in falco) asks everything to stop. */
static void *audit_file_main(void *arg)
{
	run_state *st = arg;
	fca_stats stats = {0};
	char err[1024] = "";
	sigset_t usr2;
	int rc;

	/* SIGUSR2 (no SA_RESTART) interrupts a blocking read on stop */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	rc = fca_read_file(st->audit_file, st->src.k8s_audit, st->k8s_id, 0, side_event,
	                   &st->file_eval, &stats, err, sizeof(err));
	if (rc < 0 && !atomic_load(&st->stop)) {
		cli_err("k8s audit input: %s (%llu events read before it)",
		        err[0] ? err : fc_strerror(rc), (unsigned long long)stats.events);
		st->audit_failed = true;
	} else if (st->log_stderr) {
		cli_log("k8s audit input %s: %llu events read", st->audit_file,
		        (unsigned long long)stats.events);
	}
	atomic_store(&st->audit_done, true);
	request_stop(st);
	return NULL;
}

static const char *addr_or_null(const char *a)
{
	return a && *a ? a : NULL;
}

static void log_listen(const char *what, const char *addr, uint16_t port, const char *path)
{
	const char *a = addr && *addr ? addr : "0.0.0.0";
	bool v6 = strchr(a, ':') != NULL;

	cli_log("%s listening on http://%s%s%s:%u%s", what, v6 ? "[" : "", a, v6 ? "]" : "",
	        (unsigned)port, path ? path : "");
}

/* Starts the web server(s) and the audit-file thread, as configured. Runs in
 * the main thread with every signal blocked (the threads inherit that).
 * Returns 0 or -1 (message printed). */
static int start_audit_inputs(run_state *st)
{
	const cli_config *cfg = &st->cur->cfg;
	bool k8s = st->src.k8s_audit && !st->o->no_k8s_audit;
	bool webhook = k8s && cfg->audit_kind == CLI_AUDIT_WEBHOOK;
	bool shared = webhook && cfg->web_enabled && cfg->audit_port == cfg->web_port;
	char err[512];

	st->audit_file = st->o->audit_file                   ? st->o->audit_file
	                 : cfg->audit_kind == CLI_AUDIT_FILE ? cfg->audit_file
	                                                     : NULL;
	if (!k8s)
		st->audit_file = NULL;
	if (!st->src.k8s_audit && (st->o->audit_file || cfg->audit_kind != CLI_AUDIT_NONE)) {
		cli_err("k8s audit input: the k8s_audit source is not available in this build");
		return -1;
	}
	st->web_eval = (side_eval){.st = st};
	st->file_eval = (side_eval){.st = st, .stoppable = true};
	if (cfg->web_enabled) {
		fcw_opts wo = {.address = addr_or_null(cfg->web_address),
		               .port = (uint16_t)cfg->web_port,
		               .healthz_path = cfg->web_healthz,
		               .no_metrics = !cfg->web_prometheus,
		               .on_metrics = on_metrics,
		               .user = st};

		if (shared) {
			wo.on_audit = on_audit;
			wo.audit_path = cfg->audit_path;
			wo.max_body = cfg->audit_max_body;
			if (*cfg->audit_address &&
			    strcmp(cfg->audit_address, cfg->web_address) != 0)
				cli_log("k8saudit open_params: port %ld is the web server's: the "
				        "webhook is served there, on webserver.listen_address %s",
				        cfg->audit_port, cfg->web_address);
		}
		if (fcw_server_start(&wo, &st->web, err, sizeof(err)) < 0) {
			cli_err("webserver: %s", err);
			return -1;
		}
		if (cfg->log_stderr) {
			log_listen("Web server", cfg->web_address, fcw_server_port(st->web), NULL);
			cli_log("Web server endpoints: %s%s%s%s", cfg->web_healthz,
			        cfg->web_prometheus ? ", /metrics" : "", shared ? ", POST " : "",
			        shared ? cfg->audit_path : "");
		}
	}
	if (webhook && !shared) {
		fcw_opts ao = {.address = addr_or_null(cfg->audit_address),
		               .port = (uint16_t)cfg->audit_port,
		               .audit_path = cfg->audit_path,
		               .max_body = cfg->audit_max_body,
		               .on_audit = on_audit,
		               .no_healthz = true,
		               .no_metrics = true,
		               .user = st};

		if (fcw_server_start(&ao, &st->audit_web, err, sizeof(err)) < 0) {
			cli_err("k8saudit webhook: %s", err);
			return -1;
		}
	}
	if (webhook && cfg->log_stderr)
		log_listen("k8s audit webhook", shared ? cfg->web_address : cfg->audit_address,
		           fcw_server_port(shared ? st->web : st->audit_web), cfg->audit_path);
	if (st->audit_file) {
		if (cfg->log_stderr)
			cli_log("Reading k8s audit events from %s", st->audit_file);
		if (pthread_create(&st->audit_thread, NULL, audit_file_main, st) != 0) {
			cli_err("cannot start the k8s audit input thread");
			return -1;
		}
		st->audit_thread_running = true;
	}
	if (cfg->log_stderr)
		cli_log("Enabled event sources: %s%s%s",
		        cfg->engine_kind != CLI_ENGINE_NODRIVER ? "syscall" : "",
		        cfg->engine_kind != CLI_ENGINE_NODRIVER && (webhook || st->audit_file)
		                ? ", "
		                : "",
		        webhook || st->audit_file ? "k8s_audit" : "");
	return 0;
}

/* Stops the servers and waits for the audit-file thread to finish (while the
 * control thread still interrupts a blocking read of it). */
static void stop_audit_inputs(run_state *st)
{
	if (st->web || st->audit_web || st->audit_thread_running)
		atomic_store(&st->stop, true);
	fcw_server_stop(st->web); /* waits for a batch in progress */
	fcw_server_stop(st->audit_web);
	st->web = st->audit_web = NULL;
	if (st->audit_thread_running) {
		pthread_kill(st->audit_thread, SIGUSR2); /* the control thread repeats it */
		while (!atomic_load(&st->audit_done)) {
			struct timespec ts = {0, 10000000};

			nanosleep(&ts, NULL);
		}
	}
}

/* After the control thread is gone (it may still signal the thread). */
static void join_audit_inputs(run_state *st)
{
	if (st->audit_thread_running) {
		pthread_join(st->audit_thread, NULL);
		st->audit_thread_running = false;
	}
	side_free(&st->web_eval);
	side_free(&st->file_eval);
}

/* ---- main loop ---- */

static int open_feeder(run_state *st, cli_feeder_ops *f)
{
	const cli_config *cfg = &st->cur->cfg;
	char err[1024];
	int rc;

	switch (cfg->engine_kind) {
	case CLI_ENGINE_REPLAY:
		if (!st->src.syscall) {
			cli_err("replay: the syscall source is not available in this build (%s)",
			        fc_strerror(st->src.syscall_status));
			return -1;
		}
		rc = cli_feeder_replay_open(cfg->replay_capture_file, st->src.syscall,
		                            st->syscall_id, st->o->replay_loop, f, err,
		                            sizeof(err));
		if (rc != FC_OK) {
			if (!atomic_load(&st->stop))
				cli_err("%s", err);
			return -1;
		}
		if (cfg->log_stderr)
			cli_log("Reading events from capture file %s", cfg->replay_capture_file);
		return 0;
	case CLI_ENGINE_NODRIVER:
		memset(f, 0, sizeof(*f));
		return 0;
	case CLI_ENGINE_MODERN_EBPF:
	default:
		if (!st->src.syscall) {
			cli_err("live capture: the syscall source is not available in this build "
			        "(%s)",
			        fc_strerror(st->src.syscall_status));
			return -1;
		}
		rc = cli_feeder_live_open(st->src.syscall, st->syscall_id, st->cur->build.rs,
		                          st->o->write_capture, f, err, sizeof(err));
		if (rc != FC_OK) {
			cli_err("%s", err);
			return -1;
		}
		if (cli_drop_privileges(err, sizeof(err)) < 0) {
			cli_err("%s", err);
			return -1;
		}
		if (cfg->log_stderr)
			cli_log("Capturing system calls live with the eBPF probe (capabilities "
			        "dropped but for CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH)");
		return 0;
	}
}

/* The main thread's evaluator, after applying a pending reload and moving
 * to the current generation (at an event boundary). */
static fc_eval *main_eval(run_state *st)
{
	if (atomic_load(&st->reload_ready))
		apply_reload(st);
	if (st->main_g->seq != atomic_load(&st->cur_seq)) {
		generation *g = gen_get(st);

		gen_put(st->main_g);
		st->main_g = g;
	}
	return st->main_g->ev;
}

/* Push-mode delivery: the event boundary is here, so reloads apply here. */
static int deliver(const fc_event *ev, void *user)
{
	run_state *st = user;
	fc_eval *e = main_eval(st);

	count_event(st, ev);
	if (fc_eval_run(e, ev) < 0)
		atomic_fetch_add(&st->eval_errors, 1);
	return atomic_load(&st->stop) ? 1 : 0;
}

static int run_loop(run_state *st, cli_feeder_ops *f)
{
	int exit_code = CLI_EXIT_OK;

	while (!atomic_load(&st->stop)) {
		fc_event ev;
		int rc;

		main_eval(st);
		if (f->pump) {
			rc = f->pump(f->ctx, deliver, st, 200);
			if (rc >= 0 || rc == FC_EAGAIN)
				continue;
			if (rc == FC_EOF || atomic_load(&st->stop))
				break;
			cli_err("%s", f->error(f->ctx));
			exit_code = CLI_EXIT_ERROR;
			break;
		}
		if (!f->next) { /* nodriver: no events, wait for a signal or -M */
			struct timespec ts = {0, 50000000};

			nanosleep(&ts, NULL);
			continue;
		}
		rc = f->next(f->ctx, &ev);
		if (rc == FC_OK) {
			count_event(st, &ev);
			if (fc_eval_run(main_eval(st), &ev) < 0)
				atomic_fetch_add(&st->eval_errors, 1);
			continue;
		}
		if (rc == FC_EAGAIN)
			continue;
		if (rc == FC_EOF)
			break;
		if (atomic_load(&st->stop))
			break; /* a read interrupted by the stop request */
		cli_err("%s (%llu events processed before it)", f->error(f->ctx),
		        (unsigned long long)atomic_load(&st->events));
		exit_code = CLI_EXIT_ERROR;
		break;
	}
	return exit_code;
}

static int write_pidfile(const char *path)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		cli_err("-P: cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(fp, "%ld\n", (long)getpid());
	fclose(fp);
	return 0;
}

static int run(cli_opts *o)
{
	run_state *st = cli_xcalloc(1, sizeof(*st));
	cli_feeder_ops feeder = {0};
	sigset_t set, usr2;
	struct sigaction sa;
	int exit_code = CLI_EXIT_ERROR;
	size_t i;
	bool threads = false, feeder_failed = false;

	st->o = o;
	pthread_mutex_init(&st->stats_mu, NULL);
	pthread_mutex_init(&st->reload_mu, NULL);
	st->main_thread = pthread_self();
	st->start_mono = cli_mono_ns();
	cli_sources_init(&st->src);
	if (st->src.syscall)
		st->syscall_id = 0; /* the first source registered, in every engine */

	st->cur = cli_xcalloc(1, sizeof(*st->cur));
	if (!build_generation(st, st->cur, false))
		goto out;
	atomic_store(&st->cur_seq, st->cur->seq);
	st->log_stderr = st->cur->cfg.log_stderr;
	st->main_g = gen_get(st);
	for (i = 0; i < st->cur->cfg.n_warnings; i++)
		fprintf(stderr, "falcocore: warning: %s\n", st->cur->cfg.warnings[i]);
	for (i = 0; i < st->src.n_ops; i++)
		if (st->src.k8s_audit && st->src.ops[i] == fc_json_source_ops(st->src.k8s_audit))
			st->k8s_id = (uint32_t)i;

	if (o->list_rules || o->describe_rule) {
		exit_code = cli_describe(o, &st->cur->cfg, st->cur->build.rs, st->cur->build.eng);
		goto out;
	}
	if (o->dump_bytecode) {
		const fc_rule *r = fc_ruleset_find_rule(st->cur->build.rs, o->dump_bytecode);
		int n;
		char *buf;

		if (!r) {
			cli_err("--dump-bytecode: no rule named '%s' is loaded", o->dump_bytecode);
			goto out;
		}
		n = fc_ruleset_disasm(st->cur->build.rs, r, NULL, 0);
		if (n < 0) {
			cli_err("--dump-bytecode: %s", fc_strerror(n));
			goto out;
		}
		buf = cli_xmalloc((size_t)n + 1);
		fc_ruleset_disasm(st->cur->build.rs, r, buf, (size_t)n + 1);
		fputs(buf, stdout);
		free(buf);
		exit_code = CLI_EXIT_OK;
		goto out;
	}
	if (o->dry_run) {
		if (st->cur->cfg.log_stderr)
			cli_log("Dry run: configuration, rules and outputs are valid (%zu rules)",
			        fc_ruleset_rule_count(st->cur->build.rs));
		exit_code = CLI_EXIT_OK;
		goto out;
	}
	if (o->pidfile && write_pidfile(o->pidfile) < 0)
		goto out;

	/* signals: every thread blocks them; the control thread waits for them;
	 * the main thread takes only SIGUSR2 (no SA_RESTART) to leave a read. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = noop_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);

	st->q = cli_queue_new(st->cur->outs, st->cur->cfg.outputs_queue_capacity);
	if (!st->q) {
		cli_err("cannot start the output thread");
		goto out;
	}
	st->cur->outs = NULL; /* owned by the queue now */
	if (pthread_create(&st->ctl_thread, NULL, control_main, st) != 0) {
		cli_err("cannot start the control thread");
		goto out;
	}
	threads = true;
	if (start_audit_inputs(st) < 0) {
		feeder_failed = true;
		goto out;
	}
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);

	/* Opened once the control thread runs: opening a FIFO replay blocks
	 * until its writer sends the first events, and -M or a signal must
	 * still be able to stop it. */
	if (open_feeder(st, &feeder) < 0) {
		feeder_failed = true;
		if (atomic_load(&st->stop))
			exit_code = CLI_EXIT_OK; /* stopped (-M, signal) while opening */
		goto out;
	}
	exit_code = run_loop(st, &feeder);

out:
	stop_audit_inputs(st);
	if (threads) {
		atomic_store(&st->finished, true);
		pthread_kill(st->ctl_thread, SIGTERM);
		pthread_join(st->ctl_thread, NULL);
	}
	join_audit_inputs(st);
	if (st->audit_failed)
		exit_code = CLI_EXIT_ERROR;
	if (feeder.close)
		feeder.close(feeder.ctx);
	if (st->q) {
		uint64_t dropped = cli_queue_dropped(st->q);

		cli_queue_free(st->q); /* drains and flushes */
		if (dropped)
			cli_log("%llu alerts were dropped because the outputs queue was full",
			        (unsigned long long)dropped);
	}
	if (threads && !feeder_failed) {
		print_summary(st);
		if (atomic_load(&st->eval_errors))
			cli_log("%llu events could not be evaluated",
			        (unsigned long long)atomic_load(&st->eval_errors));
	}
	if (st->pending)
		free_generation(st->pending);
	gen_put(st->main_g);
	gen_put(st->cur);
	cli_sources_free(&st->src);
	for (i = 0; i < st->n_rules; i++)
		free(st->rules[i].name);
	free(st->rules);
	pthread_mutex_destroy(&st->stats_mu);
	pthread_mutex_destroy(&st->reload_mu);
	if (o->pidfile && threads)
		unlink(o->pidfile);
	free(st);
	return exit_code;
}

/* -o security.allow_insecure_files=true: only from the command line, since
 * a world-writable configuration file could otherwise allow itself. */
static bool insecure_override(const cli_opts *o)
{
	static const char key[] = "security.allow_insecure_files=";
	bool allow = false;

	for (size_t i = 0; i < o->n_overrides; i++)
		if (strncmp(o->overrides[i], key, sizeof(key) - 1) == 0)
			allow = strcmp(o->overrides[i] + sizeof(key) - 1, "true") == 0;
	return allow;
}

int main(int argc, char **argv)
{
	cli_opts o;
	int rc;

	rc = cli_opts_parse(&o, argc, argv);
	if (rc != 0) {
		cli_opts_free(&o);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}
	if (o.help) {
		cli_usage(stdout);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (o.version) {
		printf("falcocore version: %s\n", fc_version());
		printf("Engine version: %s\n", fc_engine_version());
		rc = CLI_EXIT_OK;
		goto out;
	}
	cli_allow_insecure_files(o.allow_insecure_files || insecure_override(&o));
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		cli_err("cannot initialise libcurl");
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	if (o.support || o.list_fields || o.list_events || o.n_validate) {
		cli_config cfg;
		cli_sources src;
		char err[1024];

		if (cli_config_load(&cfg, o.config_path, o.config_path != NULL, o.overrides,
		                    o.n_overrides, err, sizeof(err)) < 0) {
			cli_err("%s", err);
			rc = CLI_EXIT_ERROR;
			goto out_curl;
		}
		cli_sources_init(&src);
		if (o.support)
			rc = cli_support(&o, &cfg);
		else if (o.list_fields)
			rc = cli_list_fields(&o, &src);
		else if (o.list_events)
			rc = cli_list_events(&o, &src);
		else
			rc = cli_validate(&o, &cfg, &src);
		cli_sources_free(&src);
		cli_config_free(&cfg);
		goto out_curl;
	}
	rc = run(&o);
out_curl:
	curl_global_cleanup();
out:
	cli_opts_free(&o);
	return rc;
}
