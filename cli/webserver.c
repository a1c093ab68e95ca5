/* SPDX-License-Identifier: Apache-2.0 */
/* Embedded web server of the falcocore CLI: see webserver.h. */
#include "webserver.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define FCW_DEFAULT_MAX_BODY (12u << 20)

struct fcw_server {
	struct MHD_Daemon *d;
	fcw_opts opts;
	char *audit_path;
	char *healthz_path;
	uint16_t port;
	pthread_mutex_t lock; /* stats are read from other threads */
	fcw_stats st;
};

typedef struct req {
	char *body;
	size_t len, cap;
	bool too_large;
} req;

static void count(fcw_server *s, uint64_t *field, uint64_t add)
{
	pthread_mutex_lock(&s->lock);
	*field += add;
	pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result reply(fcw_server *s, struct MHD_Connection *c, unsigned code,
                             const char *ctype, const char *text, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	count(s, &s->st.requests, 1);
	if (code == MHD_HTTP_CONTENT_TOO_LARGE)
		count(s, &s->st.too_large, 1);
	return ret;
}

static enum MHD_Result reply_str(fcw_server *s, struct MHD_Connection *c, unsigned code,
                                 const char *text)
{
	return reply(s, c, code, "text/plain; charset=utf-8", text, strlen(text));
}

static enum MHD_Result metrics(fcw_server *s, struct MHD_Connection *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fcw_stats st;
	enum MHD_Result ret;

	if (!f)
		return reply_str(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	fcw_server_get_stats(s, &st);
	fprintf(f,
	        "# HELP falcocore_webhook_requests_total HTTP requests answered by the web "
	        "server.\n"
	        "# TYPE falcocore_webhook_requests_total counter\n"
	        "falcocore_webhook_requests_total %llu\n"
	        "# HELP falcocore_webhook_audit_batches_total Audit webhook bodies, by result.\n"
	        "# TYPE falcocore_webhook_audit_batches_total counter\n"
	        "falcocore_webhook_audit_batches_total{result=\"accepted\"} %llu\n"
	        "falcocore_webhook_audit_batches_total{result=\"malformed\"} %llu\n"
	        "falcocore_webhook_audit_batches_total{result=\"too_large\"} %llu\n"
	        "# HELP falcocore_webhook_audit_bytes_total Bytes of accepted audit bodies.\n"
	        "# TYPE falcocore_webhook_audit_bytes_total counter\n"
	        "falcocore_webhook_audit_bytes_total %llu\n",
	        (unsigned long long)st.requests, (unsigned long long)st.audit_ok,
	        (unsigned long long)st.audit_bad, (unsigned long long)st.too_large,
	        (unsigned long long)st.audit_bytes);
	if (s->opts.on_metrics)
		s->opts.on_metrics(s->opts.user, f);
	if (fclose(f) != 0) {
		free(buf);
		return reply_str(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	}
	ret = reply(s, c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", buf, len);
	free(buf);
	return ret;
}

static enum MHD_Result audit(fcw_server *s, struct MHD_Connection *c, req *r)
{
	char err[512] = "";
	char msg[600];
	int rc;

	if (r->too_large) {
		snprintf(msg, sizeof(msg), "request body over the %zu-byte limit\n",
		         s->opts.max_body);
		return reply_str(s, c, MHD_HTTP_CONTENT_TOO_LARGE, msg);
	}
	rc = s->opts.on_audit(s->opts.user, r->body ? r->body : "", r->len, err, sizeof(err));
	if (rc < 0) {
		count(s, &s->st.audit_bad, 1);
		snprintf(msg, sizeof(msg), "bad audit event batch: %s\n",
		         err[0] ? err : "rejected");
		return reply_str(s, c, MHD_HTTP_BAD_REQUEST, msg);
	}
	count(s, &s->st.audit_ok, 1);
	count(s, &s->st.audit_bytes, r->len);
	return reply_str(s, c, MHD_HTTP_OK, "{}\n");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
	fcw_server *s = cls;
	bool is_audit = s->opts.on_audit && strcmp(url, s->audit_path) == 0;
	bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	req *r = *con_cls;

	(void)version;
	if (is_audit && post) {
		if (!r) {
			const char *cl = MHD_lookup_connection_value(
			        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

			r = calloc(1, sizeof(*r));
			if (!r)
				return MHD_NO;
			*con_cls = r;
			if (cl && strtoull(cl, NULL, 10) > s->opts.max_body)
				r->too_large = true; /* answered once the body is drained */
			return MHD_YES;
		}
		if (*upload_size) {
			size_t n = *upload_size;

			*upload_size = 0;
			if (r->too_large || r->len + n > s->opts.max_body) {
				r->too_large = true;
				return MHD_YES;
			}
			if (r->len + n + 1 > r->cap) {
				size_t cap = r->cap ? r->cap : 65536;
				char *nb;

				while (cap < r->len + n + 1)
					cap *= 2;
				nb = realloc(r->body, cap);
				if (!nb)
					return MHD_NO;
				r->body = nb;
				r->cap = cap;
			}
			memcpy(r->body + r->len, upload, n);
			r->len += n;
			r->body[r->len] = '\0';
			return MHD_YES;
		}
		return audit(s, c, r);
	}
	if (*upload_size) {
		*upload_size = 0; /* drop bodies of other requests */
		return MHD_YES;
	}
	if (is_audit)
		return reply_str(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "use POST\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_str(s, c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (!s->opts.no_healthz && strcmp(url, s->healthz_path) == 0)
		return reply(s, c, MHD_HTTP_OK, "application/json", "{\"status\": \"ok\"}",
		             strlen("{\"status\": \"ok\"}"));
	if (!s->opts.no_metrics && strcmp(url, "/metrics") == 0)
		return metrics(s, c);
	return reply_str(s, c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (r) {
		free(r->body);
		free(r);
		*con_cls = NULL;
	}
}

int fcw_server_start(const fcw_opts *opts, fcw_server **out, char *err, size_t errlen)
{
	fcw_server *s;
	struct sockaddr_storage sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;

	*out = NULL;
	memset(&sa, 0, sizeof(sa));
	if (opts->address && strchr(opts->address, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&sa;

		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(opts->port);
		if (inet_pton(AF_INET6, opts->address, &a6->sin6_addr) != 1) {
			snprintf(err, errlen, "bad listen address '%s'", opts->address);
			return -1;
		}
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&sa;

		a4->sin_family = AF_INET;
		a4->sin_port = htons(opts->port);
		a4->sin_addr.s_addr = htonl(INADDR_ANY);
		if (opts->address && inet_pton(AF_INET, opts->address, &a4->sin_addr) != 1) {
			snprintf(err, errlen, "bad listen address '%s'", opts->address);
			return -1;
		}
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->opts = *opts;
	if (!s->opts.max_body)
		s->opts.max_body = FCW_DEFAULT_MAX_BODY;
	s->audit_path = strdup(opts->audit_path ? opts->audit_path : "/k8s-audit");
	s->healthz_path = strdup(opts->healthz_path ? opts->healthz_path : "/healthz");
	s->opts.audit_path = s->opts.healthz_path = NULL; /* borrowed: use the copies */
	pthread_mutex_init(&s->lock, NULL);
	if (!s->audit_path || !s->healthz_path) {
		snprintf(err, errlen, "out of memory");
		fcw_server_stop(s);
		return -1;
	}
	s->d = MHD_start_daemon(flags, opts->port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR,
	                        (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)64, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "could not listen on %s:%u (address in use, or not allowed)",
		         opts->address ? opts->address : "*", (unsigned)opts->port);
		fcw_server_stop(s);
		return -1;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opts->port;
	*out = s;
	return 0;
}

uint16_t fcw_server_port(const fcw_server *s)
{
	return s ? s->port : 0;
}

void fcw_server_get_stats(const fcw_server *s, fcw_stats *out)
{
	fcw_server *m = (fcw_server *)s;

	pthread_mutex_lock(&m->lock);
	*out = s->st;
	pthread_mutex_unlock(&m->lock);
}

void fcw_server_stop(fcw_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->lock);
	free(s->audit_path);
	free(s->healthz_path);
	free(s);
}
