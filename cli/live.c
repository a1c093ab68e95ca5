/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: live capture through the eBPF probe (probe/fc_probe.h).
 * Records arrive from the ring buffer in batches (the probe never wakes us
 * per event); each batch is copied into a buffer and handed out one event
 * at a time through the feeder interface, after the syscall source decoded
 * it and updated its state. Drops are counted, reported once a second when
 * they happen (like falco's syscall_event_drops), and in the exit summary. */
#include "live.h"

#include <stdlib.h>
#include <string.h>

#ifdef FC_HAVE_PROBE
#include "fc_probe.h"

#define LIVE_BATCH_BYTES (16u << 20)  /* initial batch buffer; grows */
#define LIVE_BATCH_MAX   (256u << 20) /* beyond this, records are dropped (counted) */
#define LIVE_MAX_CODES   1024

/* Events state tracking needs whatever the rules say (processes, fds, cwd,
 * users): sent up by the probe even when no rule names them. */
static const char *const state_events[] = {
        "clone",     "clone3",       "fork",    "vfork",  "execve",  "execveat", "procexit",
        "open",      "openat",       "openat2", "creat",  "close",   "dup",      "dup2",
        "dup3",      "socket",       "connect", "accept", "accept4", "bind",     "listen",
        "pipe",      "pipe2",        "chdir",   "fchdir", "setuid",  "setgid",   "setresuid",
        "setresgid", "memfd_create", NULL,
};

typedef struct live {
	fcp_probe *probe;
	fc_syscall_source *src;
	uint32_t source_id;
	fc_capture_writer *writer;
	unsigned char *buf; /* the current batch: [u32 len][record]... */
	size_t len, pos, cap;
	uint64_t batch_drops;
	uint64_t processed, decode_errors, write_errors;
	uint64_t last_drops, last_check_ns;
	char err[512];
} live;

static int batch_cb(const void *rec, size_t len, void *user)
{
	live *l = user;
	uint32_t n = (uint32_t)len;

	/* ring_buffer__consume() hands over everything available at once, and
	 * a record it gave cannot be put back: grow the batch instead. */
	while (l->len + sizeof(n) + len > l->cap) {
		unsigned char *nb;

		if (l->cap * 2 > LIVE_BATCH_MAX) {
			l->batch_drops++;
			return 0;
		}
		nb = realloc(l->buf, l->cap * 2);
		if (!nb) {
			l->batch_drops++;
			return 0;
		}
		l->buf = nb;
		l->cap *= 2;
	}
	memcpy(l->buf + l->len, &n, sizeof(n));
	memcpy(l->buf + l->len + sizeof(n), rec, len);
	l->len += sizeof(n) + len;
	return 0;
}

static void report_drops(live *l)
{
	uint64_t now = cli_mono_ns();
	fcp_stats st;

	if (now - l->last_check_ns < 1000000000ull)
		return;
	l->last_check_ns = now;
	fcp_probe_get_stats(l->probe, &st);
	if (st.dropped_kernel > l->last_drops) {
		cli_log("Falco internal: syscall event drop. %llu system calls dropped in last "
		        "second (ring buffer full; %llu in all).",
		        (unsigned long long)(st.dropped_kernel - l->last_drops),
		        (unsigned long long)st.dropped_kernel);
		l->last_drops = st.dropped_kernel;
	}
}

static int live_next(void *ctx, fc_event *ev)
{
	live *l = ctx;

	for (;;) {
		uint32_t n;
		const unsigned char *rec;
		int rc;

		if (l->pos >= l->len) {
			l->pos = l->len = 0;
			report_drops(l);
			rc = fcp_probe_poll(l->probe, 100, batch_cb, l);
			if (rc < 0) {
				snprintf(l->err, sizeof(l->err), "probe: poll failed: %s",
				         strerror(-rc));
				return FC_EIO;
			}
			if (l->len == 0)
				return FC_EAGAIN;
		}
		memcpy(&n, l->buf + l->pos, sizeof(n));
		rec = l->buf + l->pos + sizeof(n);
		l->pos += sizeof(n) + n;
		if (l->writer && fc_capture_writer_write(l->writer, rec, n) != FC_OK)
			l->write_errors++;
		rc = fc_syscall_source_process(l->src, rec, n, l->source_id, ev);
		if (rc == FC_OK) {
			l->processed++;
			return FC_OK;
		}
		l->decode_errors++;
	}
}

static const char *live_error(void *ctx)
{
	return ((live *)ctx)->err;
}

static void live_close(void *ctx)
{
	live *l = ctx;
	cli_live_stats st;

	cli_live_get_stats(l, &st);
	cli_log("Live capture: %llu events captured, %llu processed, %llu dropped in the kernel "
	        "(ring buffer full), %llu dropped in userspace",
	        (unsigned long long)st.captured, (unsigned long long)st.processed,
	        (unsigned long long)st.dropped_kernel, (unsigned long long)st.dropped_user);
	if (l->writer && fc_capture_writer_close(l->writer) != FC_OK)
		cli_err("capture file: error while closing it");
	if (l->write_errors)
		cli_err("capture file: %llu events could not be written",
		        (unsigned long long)l->write_errors);
	fcp_probe_close(l->probe);
	free(l->buf);
	free(l);
}

void cli_live_get_stats(void *ctx, cli_live_stats *out)
{
	live *l = ctx;
	fcp_stats st;

	fcp_probe_get_stats(l->probe, &st);
	out->captured = st.captured;
	out->dropped_kernel = st.dropped_kernel;
	out->dropped_user = st.dropped_user + l->decode_errors + l->batch_drops;
	out->processed = l->processed;
}

bool cli_live_available(void)
{
	return true;
}

static void set_bit(uint8_t *bm, size_t code)
{
	bm[code / 8] |= (uint8_t)(1u << (code % 8));
}

int cli_feeder_live_open(fc_syscall_source *src, uint32_t source_id, const fc_ruleset *rs,
                         const char *write_path, cli_feeder_ops *out, char *err, size_t errlen)
{
	static uint8_t interest[LIVE_MAX_CODES / 8];
	fcp_opts o = {0};
	live *l;
	size_t c, i;
	int rc;

	memset(interest, 0, sizeof(interest));
	if (rs && fc_ruleset_interest(rs, source_id, interest, LIVE_MAX_CODES) != FC_OK)
		memset(interest, 0xff, sizeof(interest));
	for (c = 0; c < LIVE_MAX_CODES; c++) {
		const char *name = fcp_probe_event_name((uint16_t)c);

		for (i = 0; name && state_events[i]; i++)
			if (strcmp(name, state_events[i]) == 0)
				set_bit(interest, c);
	}
	rc = fc_syscall_source_scan_proc(src, NULL);
	if (rc != FC_OK)
		cli_log("Live capture: could not read /proc (%s): processes started before now "
		        "will be known only from their events",
		        fc_strerror(rc));
	l = cli_xcalloc(1, sizeof(*l));
	l->src = src;
	l->source_id = source_id;
	l->buf = cli_xmalloc(LIVE_BATCH_BYTES);
	l->cap = LIVE_BATCH_BYTES;
	o.interest = interest;
	o.interest_codes = LIVE_MAX_CODES;
	rc = fcp_probe_open(&o, &l->probe, err, errlen);
	if (rc < 0) {
		free(l->buf);
		free(l);
		return FC_EPERM;
	}
	if (write_path) {
		rc = fc_capture_writer_open(write_path, src, &l->writer);
		if (rc != FC_OK) {
			snprintf(err, errlen, "cannot write capture file %s: %s", write_path,
			         fc_strerror(rc));
			fcp_probe_close(l->probe);
			free(l->buf);
			free(l);
			return rc;
		}
	}
	l->last_check_ns = cli_mono_ns();
	*out = (cli_feeder_ops){.name = "live",
	                        .next = live_next,
	                        .error = live_error,
	                        .close = live_close,
	                        .ctx = l};
	return FC_OK;
}

#else /* !FC_HAVE_PROBE */

int cli_feeder_live_open(fc_syscall_source *src, uint32_t source_id, const fc_ruleset *rs,
                         const char *write_path, cli_feeder_ops *out, char *err, size_t errlen)
{
	(void)src;
	(void)source_id;
	(void)rs;
	(void)write_path;
	(void)out;
	snprintf(err, errlen,
	         "live capture is not available: this falcocore was built without the eBPF "
	         "probe (it needs libbpf, clang, bpftool and a kernel with BTF at build time); "
	         "replay a capture instead: falcocore -e FILE");
	return FC_ENOTSUP;
}

void cli_live_get_stats(void *ctx, cli_live_stats *out)
{
	(void)ctx;
	memset(out, 0, sizeof(*out));
}

bool cli_live_available(void)
{
	return false;
}

#endif
