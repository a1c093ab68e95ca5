/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: the live feeder, over the probe's loader (probe/fc_probe.h).
 * Built with the probe; without it cli_feeder_live_open() says so. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#ifdef FC_HAVE_PROBE
#include "fc_probe.h"

typedef struct live {
	fcp_probe *probe;
	fc_syscall_source *src;
	uint32_t source_id;
	int (*fn)(const fc_event *ev, void *user);
	void *user;
	uint64_t decode_errors;
	char err[512];
} live;

static int on_record(const void *rec, size_t len, void *user)
{
	live *l = user;
	fc_event ev;
	int rc = fc_syscall_source_process(l->src, rec, len, l->source_id, &ev);

	if (rc != FC_OK) {
		l->decode_errors++; /* malformed record: counted, skipped */
		return 0;
	}
	return l->fn(&ev, l->user);
}

static int live_pump(void *ctx, int (*fn)(const fc_event *ev, void *user), void *user,
                     int timeout_ms)
{
	live *l = ctx;
	int rc;

	l->fn = fn;
	l->user = user;
	rc = fcp_probe_poll(l->probe, timeout_ms, on_record, l);
	if (rc < 0) {
		snprintf(l->err, sizeof(l->err), "live capture: poll failed: %s", strerror(-rc));
		return FC_EIO;
	}
	return rc;
}

static const char *live_error(void *ctx)
{
	return ((live *)ctx)->err;
}

static void live_close(void *ctx)
{
	live *l = ctx;
	fcp_stats st;

	fcp_probe_get_stats(l->probe, &st);
	if (st.dropped_kernel || st.dropped_user || l->decode_errors)
		cli_log("Live capture: %llu events captured, %llu dropped in the kernel (ring "
		        "buffer full), %llu rejected, %llu undecodable",
		        (unsigned long long)st.captured, (unsigned long long)st.dropped_kernel,
		        (unsigned long long)st.dropped_user, (unsigned long long)l->decode_errors);
	fcp_probe_close(l->probe);
	free(l);
}

int cli_feeder_live_open(fc_syscall_source *src, uint32_t source_id, const fc_ruleset *interest,
                         cli_feeder_ops *out, char *err, size_t errlen)
{
	live *l = cli_xcalloc(1, sizeof(*l));
	const fc_source_ops *ops = fc_syscall_source_ops(src);
	fcp_opts o;
	uint8_t *bm = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	l->src = src;
	l->source_id = source_id;
	if (interest && ops && ops->n_codes) {
		bm = cli_xcalloc((ops->n_codes + 7) / 8, 1);
		if (fc_ruleset_interest(interest, source_id, bm, ops->n_codes) == FC_OK) {
			o.interest = bm;
			o.interest_codes = ops->n_codes;
		}
	}
	rc = fc_syscall_source_scan_proc(src, NULL);
	if (rc != FC_OK)
		cli_log("Live capture: reading /proc failed (%s); process state fills in as "
		        "events arrive",
		        fc_strerror(rc));
	rc = fcp_probe_open(&o, &l->probe, err, errlen);
	free(bm);
	if (rc < 0) {
		free(l);
		return FC_EPERM;
	}
	*out = (cli_feeder_ops){.name = "live",
	                        .pump = live_pump,
	                        .error = live_error,
	                        .close = live_close,
	                        .ctx = l};
	return FC_OK;
}

#else

int cli_feeder_live_open(fc_syscall_source *src, uint32_t source_id, const fc_ruleset *interest,
                         cli_feeder_ops *out, char *err, size_t errlen)
{
	(void)src;
	(void)source_id;
	(void)interest;
	memset(out, 0, sizeof(*out));
	snprintf(err, errlen,
	         "live capture (engine.kind=modern_ebpf) is not available: this build has no "
	         "eBPF probe; replay a capture with -e FILE or -o engine.kind=replay "
	         "-o engine.replay.capture_file=FILE");
	return FC_ENOTSUP;
}

#endif
