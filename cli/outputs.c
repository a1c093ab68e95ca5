/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: output channels (stdout, file, syslog, program, http). They
 * run on the output thread only (see queue.c), never on the event path. */
#include "cli.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

struct cli_outputs {
	bool flush_each; /* unbuffered: flush after every alert */
	bool json;
	bool use_stdout;
	bool use_syslog;
	/* file */
	char *file_name;
	bool file_keep_alive;
	FILE *file;
	bool file_error_logged;
	/* program */
	char *program;
	bool program_keep_alive;
	FILE *prog;
	/* http */
	char *url;
	CURL *curl;
	struct curl_slist *headers;
	bool http_keep_alive;
	bool http_echo;
	long http_max_timeouts;
	uint64_t http_errors;
};

static size_t discard_body(char *ptr, size_t size, size_t nmemb, void *user)
{
	(void)ptr;
	(void)user;
	return size * nmemb;
}

static size_t echo_body(char *ptr, size_t size, size_t nmemb, void *user)
{
	(void)user;
	fwrite(ptr, size, nmemb, stdout);
	return size * nmemb;
}

static CURL *http_handle(cli_outputs *o, const cli_config *cfg)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, cfg->http_url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, o->headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, cfg->http_user_agent);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->output_timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, o->http_echo ? echo_body : discard_body);
	if (cfg->http_insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (cfg->http_ca_cert && *cfg->http_ca_cert)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->http_ca_cert);
	else if (cfg->http_ca_bundle && *cfg->http_ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->http_ca_bundle);
	if (cfg->http_ca_path && *cfg->http_ca_path)
		curl_easy_setopt(c, CURLOPT_CAPATH, cfg->http_ca_path);
	if (cfg->http_mtls) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, cfg->http_client_cert);
		curl_easy_setopt(c, CURLOPT_SSLKEY, cfg->http_client_key);
	}
	if (cfg->http_compress)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (!o->http_keep_alive)
		curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	return c;
}

cli_outputs *cli_outputs_new(const cli_config *cfg, bool unbuffered, char *err, size_t errlen)
{
	cli_outputs *o = cli_xcalloc(1, sizeof(*o));

	o->flush_each = unbuffered || !cfg->buffered_outputs;
	o->json = cfg->json_output;
	o->use_stdout = cfg->stdout_enabled;
	o->use_syslog = cfg->syslog_enabled;
	if (cfg->file_enabled) {
		o->file_name = cli_xstrdup(cfg->file_filename);
		o->file_keep_alive = cfg->file_keep_alive;
		/* open once now so a bad path is a startup error, like falco */
		o->file = fopen(o->file_name, "a");
		if (!o->file) {
			snprintf(err, errlen, "file_output: cannot open %s: %s", o->file_name,
			         strerror(errno));
			cli_outputs_free(o);
			return NULL;
		}
		if (o->flush_each)
			setvbuf(o->file, NULL, _IONBF, 0);
		if (!o->file_keep_alive) {
			fclose(o->file);
			o->file = NULL;
		}
	}
	if (cfg->program_enabled) {
		o->program = cli_xstrdup(cfg->program_program);
		o->program_keep_alive = cfg->program_keep_alive;
	}
	if (cfg->syslog_enabled)
		openlog("falcocore", LOG_PID, LOG_USER);
	if (cfg->http_enabled) {
		o->url = cli_xstrdup(cfg->http_url);
		o->http_keep_alive = cfg->http_keep_alive;
		o->http_echo = cfg->http_echo;
		o->http_max_timeouts = cfg->http_max_consecutive_timeouts;
		o->headers =
		        curl_slist_append(NULL, cfg->json_output ? "Content-Type: application/json"
		                                                 : "Content-Type: text/plain");
		o->curl = http_handle(o, cfg);
		if (!o->curl || !o->headers) {
			snprintf(err, errlen, "http_output: cannot initialise libcurl");
			cli_outputs_free(o);
			return NULL;
		}
	}
	return o;
}

void cli_outputs_free(cli_outputs *o)
{
	if (!o)
		return;
	cli_outputs_flush(o);
	if (o->file)
		fclose(o->file);
	if (o->prog)
		pclose(o->prog);
	if (o->use_syslog)
		closelog();
	if (o->curl)
		curl_easy_cleanup(o->curl);
	curl_slist_free_all(o->headers);
	free(o->file_name);
	free(o->program);
	free(o->url);
	free(o);
}

static void write_file(cli_outputs *o, const char *line)
{
	FILE *fp = o->file;

	if (!fp) {
		fp = fopen(o->file_name, "a");
		if (!fp) {
			if (!o->file_error_logged)
				cli_log("file_output: cannot open %s: %s", o->file_name,
				        strerror(errno));
			o->file_error_logged = true;
			return;
		}
		o->file_error_logged = false;
		if (o->flush_each)
			setvbuf(fp, NULL, _IONBF, 0);
	}
	fputs(line, fp);
	fputc('\n', fp);
	if (o->file_keep_alive) {
		o->file = fp;
		if (o->flush_each)
			fflush(fp);
	} else {
		fclose(fp);
	}
}

static int prog_write(FILE *fp, const char *line)
{
	if (fputs(line, fp) == EOF || fputc('\n', fp) == EOF || fflush(fp) == EOF)
		return -1;
	return 0;
}

static void write_program(cli_outputs *o, const char *line)
{
	int attempt;

	if (!o->program_keep_alive) {
		FILE *fp = popen(o->program, "w");

		if (!fp) {
			cli_log("program_output: cannot start '%s': %s", o->program,
			        strerror(errno));
			return;
		}
		prog_write(fp, line);
		pclose(fp);
		return;
	}
	/* keep_alive: one long-lived process, restarted if it went away */
	for (attempt = 0; attempt < 2; attempt++) {
		if (!o->prog) {
			o->prog = popen(o->program, "w");
			if (!o->prog) {
				cli_log("program_output: cannot start '%s': %s", o->program,
				        strerror(errno));
				return;
			}
		}
		if (prog_write(o->prog, line) == 0)
			return;
		cli_log("program_output: '%s' exited; restarting it", o->program);
		pclose(o->prog);
		o->prog = NULL;
	}
}

static void write_http(cli_outputs *o, const char *line)
{
	long tries = 0;
	CURLcode rc;

	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDS, line);
	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(line));
	for (;;) {
		rc = curl_easy_perform(o->curl);
		if (rc != CURLE_OPERATION_TIMEDOUT || ++tries > o->http_max_timeouts)
			break;
	}
	if (rc != CURLE_OK) {
		o->http_errors++;
		cli_log("http_output: POST %s failed: %s", o->url, curl_easy_strerror(rc));
	} else {
		long code = 0;

		curl_easy_getinfo(o->curl, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 400) {
			o->http_errors++;
			cli_log("http_output: POST %s: HTTP status %ld", o->url, code);
		}
	}
	if (o->http_echo)
		fflush(stdout);
}

void cli_outputs_write(cli_outputs *o, const cli_alert *a)
{
	if (o->use_stdout) {
		fputs(a->line, stdout);
		fputc('\n', stdout);
		if (o->flush_each)
			fflush(stdout);
	}
	if (o->file_name)
		write_file(o, a->line);
	if (o->use_syslog)
		syslog(LOG_USER | (int)a->priority, "%s", a->line);
	if (o->program)
		write_program(o, a->line);
	if (o->curl)
		write_http(o, a->line);
}

void cli_outputs_reopen(cli_outputs *o)
{
	if (o->file) {
		fclose(o->file);
		o->file = NULL;
	}
}

void cli_outputs_flush(cli_outputs *o)
{
	if (o->use_stdout)
		fflush(stdout);
	if (o->file)
		fflush(o->file);
	if (o->prog)
		fflush(o->prog);
}
