/* SPDX-License-Identifier: Apache-2.0 */
/* Embedded web server of the falcocore CLI (libmicrohttpd):
 *   POST <audit_path>  (default /k8s-audit)  k8s audit webhook, as the
 *                      k8saudit plugin's: a JSON event, JSON lines, or an
 *                      EventList; 200 on success, 400 + message when the
 *                      body is malformed, 413 over max_body, 405 for other
 *                      methods;
 *   GET /healthz       200 {"status": "ok"} (path configurable, or off);
 *   GET /metrics       Prometheus text: the server's own counters plus
 *                      whatever the on_metrics callback writes (or off).
 * One internal thread serves every connection, so the callbacks are never
 * called concurrently (the audit callback may evaluate events with one
 * fc_eval of its own). */
#ifndef FALCOCORE_CLI_WEBSERVER_H
#define FALCOCORE_CLI_WEBSERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct fcw_server fcw_server;

/* Called with the whole body of a POST to the audit path. Return 0 when the
 * body was accepted, or a negative value with a one-line reason in err
 * (NUL-terminated, at most errlen bytes): the client gets 400 and the reason. */
typedef int (*fcw_audit_fn)(void *user, const char *body, size_t len, char *err, size_t errlen);

/* Writes Prometheus text-format lines to out (after the server's own). */
typedef void (*fcw_metrics_fn)(void *user, FILE *out);

typedef struct fcw_opts {
	const char *address;    /* IPv4/IPv6 literal to bind; NULL = all addresses */
	uint16_t port;          /* 0 = any free port (see fcw_server_port) */
	const char *audit_path; /* NULL = "/k8s-audit" */
	size_t max_body;        /* bound on a request body; 0 = 12 MiB */
	fcw_audit_fn on_audit;  /* NULL: the audit path answers 404 */
	fcw_metrics_fn on_metrics;
	void *user;               /* passed to the callbacks */
	const char *healthz_path; /* NULL = "/healthz" */
	bool no_healthz;          /* answer 404 on the health path */
	bool no_metrics;          /* answer 404 on /metrics */
} fcw_opts;

/* Starts serving. Returns 0, or -1 with a message in err. */
int fcw_server_start(const fcw_opts *opts, fcw_server **out, char *err, size_t errlen);

/* The port actually bound (useful with port 0). */
uint16_t fcw_server_port(const fcw_server *s);

/* Server counters (also on /metrics). */
typedef struct fcw_stats {
	uint64_t requests;    /* every request answered */
	uint64_t audit_ok;    /* audit bodies accepted */
	uint64_t audit_bad;   /* audit bodies rejected (400) */
	uint64_t too_large;   /* 413 answers */
	uint64_t audit_bytes; /* bytes of accepted audit bodies */
} fcw_stats;
void fcw_server_get_stats(const fcw_server *s, fcw_stats *out);

/* Stops the server (waits for its thread) and frees it; NULL is a no-op. */
void fcw_server_stop(fcw_server *s);

#endif
