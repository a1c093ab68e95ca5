/* SPDX-License-Identifier: Apache-2.0 */
/* .scap captures: the three upstream captures decode completely (counts per
 * event type printed), decoded parameters match `sysdig -r` output, damaged
 * copies (truncations, bit flips, wrong byte order) are reported with an
 * offset and never crash, the writer round-trips byte for byte and sysdig
 * reads what it writes; decode throughput is measured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "sources/syscall/event_table.h"

static const char *const captures[] = {"cat_write", "connect_localhost", "empty"};
static const int expected_events[] = {345, 374, 143};

static char *capture_path(const char *name)
{
	const char *up = getenv("FC_UPSTREAM");

	return fci_asprintf("%s/captures/%s.scap", up ? up : "../shared/upstream", name);
}

/* All records of a capture, copied. */
typedef struct recs {
	uint8_t **r;
	size_t *len;
	size_t n, cap, lcap;
} recs;

static void recs_free(recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->r[i]);
	free(rs->r);
	free(rs->len);
	memset(rs, 0, sizeof(*rs));
}

/* Reads every event; returns the final status (FC_EOF when clean). */
static int read_all(const char *path, recs *out, char *err, size_t errlen)
{
	fc_capture *c = NULL;
	const void *r;
	size_t l;
	int rc = fc_capture_open(path, NULL, &c);

	if (rc == FC_OK) {
		while ((rc = fc_capture_next(c, &r, &l)) == FC_OK) {
			if (out) {
				out->r = realloc(out->r, (out->n + 1) * sizeof(*out->r));
				out->len = realloc(out->len, (out->n + 1) * sizeof(*out->len));
				out->r[out->n] = malloc(l);
				memcpy(out->r[out->n], r, l);
				out->len[out->n++] = l;
			}
		}
	}
	if (err)
		snprintf(err, errlen, "%s", c ? fc_capture_error(c) : "");
	fc_capture_close(c);
	return rc;
}

static void test_upstream_captures_decode(void **state)
{
	(void)state;
	for (size_t f = 0; f < 3; f++) {
		char *path = capture_path(captures[f]);
		recs rs = {0};
		char err[256];
		uint32_t counts[FCI_EVENT_MAX] = {0};
		int rc = read_all(path, &rs, err, sizeof(err));

		if (rc != FC_EOF)
			fail_msg("%s: status %d: %s", path, rc, err);
		assert_int_equal(rs.n, expected_events[f]);
		for (size_t i = 0; i < rs.n; i++) {
			fci_sevt e;

			assert_int_equal(fci_sevt_decode(rs.r[i], rs.len[i], &e), FC_OK);
			if (!e.info)
				fail_msg("%s: event %zu has unknown type %u", path, i + 1, e.type);
			counts[e.type]++;
		}
		printf("# %s: %zu events:", captures[f], rs.n);
		for (uint32_t t = 0; t < FCI_EVENT_MAX; t++)
			if (counts[t])
				printf(" %s%c=%u", fci_event_info_get((uint16_t)t)->name,
				       fci_event_info_get((uint16_t)t)->dir, counts[t]);
		printf("\n");
		recs_free(&rs);
		free(path);
	}
}

static bool have_sysdig(void)
{
	return system("command -v sysdig >/dev/null 2>&1") == 0;
}

/* Compares sysdig's "%evt.num %evt.type %evt.args" with our rendering. The
 * parameter values sysdig resolves through its state (fds, thread names) or
 * truncates are compared on the part we produce. */
static void compare_with_sysdig(const char *name, size_t *compared, size_t *mismatched)
{
	char *path = capture_path(name);
	char *cmd = fci_asprintf("sysdig -r '%s' -p '%%evt.num %%evt.type %%evt.args' 2>/dev/null",
	                         path);
	recs rs = {0};
	FILE *p;
	char line[8192];

	assert_int_equal(read_all(path, &rs, NULL, 0), FC_EOF);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char type[64], *args;
		unsigned long num;
		int off = 0;
		fci_sevt e;
		const char *want_type;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%lu %63s %n", &num, type, &off) != 2 || num == 0 || num > rs.n)
			continue;
		args = line + off;
		assert_int_equal(fci_sevt_decode(rs.r[num - 1], rs.len[num - 1], &e), FC_OK);
		want_type = e.info->name;
		if (e.type == FC_PPME_GENERIC_E || e.type == FC_PPME_GENERIC_X) {
			uint64_t id = 0;

			assert_int_equal(fci_sevt_uint(&e, 0, &id), FC_OK);
			want_type = fci_syscall_name((uint16_t)id);
			if (!want_type)
				want_type =
				        "<unknown>"; /* sysdig's name for ids it has no name for */
		}
		if (!want_type || strcmp(want_type, type) != 0) {
			printf("# %s #%lu: type %s, sysdig says %s\n", name, num,
			       want_type ? want_type : "?", type);
			(*mismatched)++;
			continue;
		}
		/* Split sysdig's args at our parameter names, in order. */
		for (unsigned i = 0; i < e.nparams && e.info && i < e.info->nparams; i++) {
			char key[64], raw[4096], res[512], ours[4700];
			const char *at, *end;
			size_t vlen;

			snprintf(key, sizeof(key), "%s=", e.info->params[i].name);
			at = strstr(args, key);
			if (!at || (at != args && at[-1] != ' '))
				continue;
			at += strlen(key);
			end = NULL;
			if (i + 1 < e.info->nparams) {
				char nk[70];

				snprintf(nk, sizeof(nk), " %s=", e.info->params[i + 1].name);
				end = strstr(at, nk);
			}
			vlen = end ? (size_t)(end - at) : strlen(at);
			while (vlen && at[vlen - 1] == ' ')
				vlen--;
			assert_true(fci_sevt_format_param_parts(&e, i, raw, sizeof(raw), res,
			                                        sizeof(res)) >= 0);
			snprintf(ours, sizeof(ours), res[0] ? "%s(%s)" : "%s", raw, res);
			(*compared)++;
			if (vlen == strlen(ours) && memcmp(at, ours, vlen) == 0)
				continue;
			/* sysdig added state (fd names, thread names): "3(<f>/x)" */
			if (vlen > strlen(raw) && memcmp(at, raw, strlen(raw)) == 0 &&
			    at[strlen(raw)] == '(')
				continue;
			/* sysdig truncated a long value: "abc..." */
			if (vlen > 3 && memcmp(at + vlen - 3, "...", 3) == 0 &&
			    strncmp(ours, at, vlen - 3) == 0)
				continue;
			printf("# %s #%lu %s: %s=%.*s, ours %s\n", name, num, type, key, (int)vlen,
			       at, ours);
			(*mismatched)++;
		}
	}
	pclose(p);
	recs_free(&rs);
	free(cmd);
	free(path);
}

static void test_matches_sysdig(void **state)
{
	size_t compared = 0, mismatched = 0;

	(void)state;
	if (!have_sysdig()) {
		printf("# sysdig not installed: comparison skipped\n");
		skip();
	}
	for (size_t f = 0; f < 3; f++)
		compare_with_sysdig(captures[f], &compared, &mismatched);
	printf("# sysdig comparison: %zu parameters compared, %zu mismatched\n", compared,
	       mismatched);
	assert_true(compared > 150);
	assert_int_equal(mismatched, 0);
}

/* The capture decompressed, so damage lands on the block structure. */
static uint8_t *load_plain(const char *path, size_t *n)
{
	gzFile g = gzopen(path, "rb");
	size_t cap = 1 << 16;
	uint8_t *b = malloc(cap);
	int r;

	*n = 0;
	assert_non_null(g);
	while ((r = gzread(g, b + *n, (unsigned)(cap - *n))) > 0) {
		*n += (size_t)r;
		if (*n == cap)
			b = realloc(b, cap *= 2);
	}
	gzclose(g);
	return b;
}

static void write_file(const char *path, const uint8_t *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

static char *tmp_path(const char *what)
{
	return fci_asprintf("/tmp/fc_test_scap_%ld_%s", (long)getpid(), what);
}

static void test_truncated_copies(void **state)
{
	char *src = capture_path("cat_write");
	char *tmp = tmp_path("trunc.scap");
	size_t n, prev_events = 0, eformat = 0;
	uint8_t *b = load_plain(src, &n);

	(void)state;
	for (size_t cut = 0; cut <= n; cut += (cut < 4096 ? 13 : 211)) {
		recs rs = {0};
		char err[256];
		int rc;

		write_file(tmp, b, cut);
		rc = read_all(tmp, &rs, err, sizeof(err));
		if (cut == n) {
			assert_int_equal(rc, FC_EOF);
			assert_int_equal(rs.n, 345);
		} else {
			/* Either it ends cleanly at a block boundary, or says where. */
			assert_true(rc == FC_EOF || rc == FC_EFORMAT);
			if (rc == FC_EFORMAT) {
				eformat++;
				if (!strstr(err, "offset"))
					fail_msg("cut at %zu: error without offset: %s", cut, err);
			}
		}
		/* Events before the cut are all returned: counts only grow. */
		assert_true(rs.n >= prev_events);
		prev_events = rs.n;
		recs_free(&rs);
	}
	assert_true(eformat > 100);
	unlink(tmp);
	free(b);
	free(tmp);
	free(src);
}

static void test_bit_flips_and_garbage(void **state)
{
	char *src = capture_path("connect_localhost");
	char *tmp = tmp_path("flip.scap");
	size_t n;
	uint8_t *b = load_plain(src, &n);
	uint8_t *m = malloc(n);
	unsigned seed = 12345;

	(void)state;
	for (int it = 0; it < 400; it++) {
		int rc;

		memcpy(m, b, n);
		for (int k = 0; k < 1 + it % 4; k++) {
			size_t pos;

			seed = seed * 1103515245u + 12345u;
			pos = (seed >> 8) % n;
			m[pos] ^= (uint8_t)(1u << (seed % 8));
		}
		write_file(tmp, m, n);
		rc = read_all(tmp, NULL, NULL, 0);
		assert_true(rc == FC_EOF || rc == FC_EFORMAT || rc == FC_ENOMEM);
	}
	/* Pure garbage and an empty file. */
	for (size_t i = 0; i < n; i++)
		m[i] = (uint8_t)(i * 7919u >> 3);
	write_file(tmp, m, n);
	assert_int_equal(read_all(tmp, NULL, NULL, 0), FC_EFORMAT);
	write_file(tmp, m, 0);
	assert_int_equal(read_all(tmp, NULL, NULL, 0), FC_EFORMAT);
	/* A truncated gzip stream. */
	{
		FILE *f = fopen(src, "rb");
		uint8_t gzb[8192];
		size_t gn = fread(gzb, 1, sizeof(gzb), f);

		fclose(f);
		write_file(tmp, gzb, gn);
		assert_true(read_all(tmp, NULL, NULL, 0) == FC_EFORMAT);
	}
	unlink(tmp);
	free(m);
	free(b);
	free(tmp);
	free(src);
}

static void test_byte_order_and_missing(void **state)
{
	char *src = capture_path("empty");
	char *tmp = tmp_path("bo.scap");
	size_t n;
	uint8_t *b = load_plain(src, &n);
	fc_capture *c = NULL;
	uint32_t swapped = 0x4D3C2B1Au;

	(void)state;
	memcpy(b + 8, &swapped, 4);
	write_file(tmp, b, n);
	assert_int_equal(fc_capture_open(tmp, NULL, &c), FC_EFORMAT);
	assert_non_null(c);
	assert_non_null(strstr(fc_capture_error(c), "byte order"));
	fc_capture_close(c);
	assert_int_equal(fc_capture_open("/nonexistent/x.scap", NULL, &c), FC_ENOENT);
	assert_null(c);
	unlink(tmp);
	free(b);
	free(tmp);
	free(src);
}

static void test_writer_round_trip(void **state)
{
	char *src = capture_path("cat_write");
	char *tmp = tmp_path("rt.scap");
	recs a = {0}, b = {0};
	fc_capture_writer *w;

	(void)state;
	assert_int_equal(read_all(src, &a, NULL, 0), FC_EOF);
	assert_int_equal(fc_capture_writer_open(tmp, NULL, &w), FC_OK);
	for (size_t i = 0; i < a.n; i++)
		assert_int_equal(fc_capture_writer_write(w, a.r[i], a.len[i]), FC_OK);
	assert_int_equal(fc_capture_writer_write(w, a.r[0], 10), FC_EINVAL);
	assert_int_equal(fc_capture_writer_close(w), FC_OK);
	assert_int_equal(read_all(tmp, &b, NULL, 0), FC_EOF);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.len[i], b.len[i]);
		assert_memory_equal(a.r[i], b.r[i], a.len[i]);
	}
	if (have_sysdig()) {
		char *c1 =
		        fci_asprintf("sysdig -r '%s' -p '%%evt.num %%evt.type %%evt.args' 2>&1 | "
		                     "sed 's/([^)]*)//g'",
		                     src);
		char *c2 =
		        fci_asprintf("sysdig -r '%s' -p '%%evt.num %%evt.type %%evt.args' 2>&1 | "
		                     "sed 's/([^)]*)//g'",
		                     tmp);
		FILE *p1 = popen(c1, "r"), *p2 = popen(c2, "r");
		char l1[8192], l2[8192];
		size_t lines = 0;

		while (fgets(l1, sizeof(l1), p1)) {
			assert_non_null(fgets(l2, sizeof(l2), p2));
			assert_string_equal(l1, l2);
			lines++;
		}
		assert_null(fgets(l2, sizeof(l2), p2));
		assert_int_equal(pclose(p1), 0);
		assert_int_equal(pclose(p2), 0);
		printf("# sysdig read the written capture: %zu identical lines\n", lines);
		assert_true(lines > 80);
		free(c1);
		free(c2);
	} else {
		printf("# sysdig not installed: sysdig read-back skipped\n");
	}
	unlink(tmp);
	recs_free(&a);
	recs_free(&b);
	free(tmp);
	free(src);
}

/* The source's state (threads, fds) goes into the written header blocks and
 * comes back: same thread count, and sysdig resolves the same process names. */
static void test_writer_with_state(void **state)
{
	char *src_path = capture_path("cat_write");
	char *tmp = tmp_path("state.scap");
	fc_syscall_source *s1 = NULL, *s2 = NULL;
	fc_capture *c = NULL, *c2 = NULL;
	fc_capture_writer *w = NULL;
	fc_syscall_stats st1, st2;
	const void *r;
	size_t l;

	(void)state;
	assert_int_equal(fc_syscall_source_new(NULL, &s1), FC_OK);
	assert_int_equal(fc_capture_open(src_path, s1, &c), FC_OK);
	fc_syscall_source_get_stats(s1, &st1);
	assert_true(st1.threads > 10);
	assert_int_equal(fc_capture_writer_open(tmp, s1, &w), FC_OK);
	while (fc_capture_next(c, &r, &l) == FC_OK)
		assert_int_equal(fc_capture_writer_write(w, r, l), FC_OK);
	assert_int_equal(fc_capture_writer_close(w), FC_OK);
	fc_capture_close(c);

	assert_int_equal(fc_syscall_source_new(NULL, &s2), FC_OK);
	assert_int_equal(fc_capture_open(tmp, s2, &c2), FC_OK);
	fc_syscall_source_get_stats(s2, &st2);
	assert_int_equal(st2.threads, st1.threads);
	fc_capture_close(c2);
	if (have_sysdig()) {
		const char *fmt = "sysdig -r '%s' -p '*%%evt.num %%evt.type %%evt.args %%proc.name "
		                  "%%proc.pname %%fd.name' 2>&1";
		char *c1 = fci_asprintf(fmt, src_path), *c2s = fci_asprintf(fmt, tmp);
		FILE *p1 = popen(c1, "r"), *p2 = popen(c2s, "r");
		char l1[8192], l2[8192];
		size_t lines = 0;

		while (fgets(l1, sizeof(l1), p1)) {
			assert_non_null(fgets(l2, sizeof(l2), p2));
			assert_string_equal(l1, l2);
			lines++;
		}
		assert_null(fgets(l2, sizeof(l2), p2));
		pclose(p1);
		pclose(p2);
		printf("# sysdig on the capture written with state: %zu identical lines\n", lines);
		assert_true(lines > 80);
		free(c1);
		free(c2s);
	}
	fc_syscall_source_free(s1);
	fc_syscall_source_free(s2);
	unlink(tmp);
	free(tmp);
	free(src_path);
}

static void test_decode_throughput(void **state)
{
	recs all = {0};
	struct timespec t0, t1;
	const int rounds = 300;
	uint64_t sink = 0;
	double ns;

	(void)state;
	for (size_t f = 0; f < 3; f++) {
		char *path = capture_path(captures[f]);

		assert_int_equal(read_all(path, &all, NULL, 0), FC_EOF);
		free(path);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < all.n; i++) {
			fci_sevt e;

			if (fci_sevt_decode(all.r[i], all.len[i], &e) == FC_OK)
				sink += e.nparams;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
	     ((double)rounds * (double)all.n);
	printf("# decode: %zu events x %d rounds, %.1f ns/event (checksum %llu)\n", all.n, rounds,
	       ns, (unsigned long long)sink);
	assert_true(sink > 0);
	recs_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_upstream_captures_decode),
	        cmocka_unit_test(test_matches_sysdig),
	        cmocka_unit_test(test_truncated_copies),
	        cmocka_unit_test(test_bit_flips_and_garbage),
	        cmocka_unit_test(test_byte_order_and_missing),
	        cmocka_unit_test(test_writer_round_trip),
	        cmocka_unit_test(test_writer_with_state),
	        cmocka_unit_test(test_decode_throughput),
	};

	return cmocka_run_group_tests_name("scap", tests, NULL, NULL);
}
