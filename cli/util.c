/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore CLI: buffers, JSON strings, messages, small helpers. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	fputs("falcocore: out of memory\n", stderr);
	abort();
}

void *cli_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *cli_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p)
		oom();
	return p;
}

void *cli_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *cli_xstrdup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		oom();
	return d;
}

void cli_buf_free(cli_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void cli_buf_reset(cli_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static void reserve(cli_buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;

		while (cap < b->len + extra + 1)
			cap *= 2;
		b->p = cli_xrealloc(b->p, cap);
		b->cap = cap;
	}
}

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void cli_buf_puts(cli_buf *b, const char *s)
{
	cli_buf_add(b, s, strlen(s));
}

void cli_buf_putc(cli_buf *b, char c)
{
	cli_buf_add(b, &c, 1);
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!fmt) /* never; tells GCC's sanitizer build (-Wformat-truncation) so */
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *cli_buf_take(cli_buf *b)
{
	char *p = b->p;

	if (!p)
		p = cli_xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t want, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		want = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		want = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		want = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < want)
		return 0;
	for (i = 1; i < want; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((want == 2 && cp < 0x80) || (want == 3 && cp < 0x800) || (want == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return want;
}

static void escape(cli_buf *b, const char *s, size_t n, bool json)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	reserve(b, n + 2);
	while (i < n) {
		unsigned char c = u[i];
		size_t l;

		if (c == '"' && json) {
			cli_buf_add(b, "\\\"", 2);
		} else if (c == '\\' && json) {
			cli_buf_add(b, "\\\\", 2);
		} else if (c == '\n') {
			cli_buf_add(b, "\\n", 2);
		} else if (c == '\r') {
			cli_buf_add(b, "\\r", 2);
		} else if (c == '\t') {
			cli_buf_add(b, "\\t", 2);
		} else if (c == '\b') {
			cli_buf_add(b, "\\b", 2);
		} else if (c == '\f') {
			cli_buf_add(b, "\\f", 2);
		} else if (c < 0x20 || c == 0x7f) {
			cli_buf_printf(b, "\\u%04x", c);
		} else if (c < 0x80) {
			cli_buf_putc(b, (char)c);
		} else if ((l = utf8_len(u + i, n - i)) != 0) {
			cli_buf_add(b, s + i, l);
			i += l;
			continue;
		} else {
			cli_buf_add(b, "\xef\xbf\xbd", 3); /* U+FFFD */
		}
		i++;
	}
}

void cli_json_str(cli_buf *b, const char *s, size_t n)
{
	cli_buf_putc(b, '"');
	escape(b, s ? s : "", s ? n : 0, true);
	cli_buf_putc(b, '"');
}

void cli_json_cstr(cli_buf *b, const char *s)
{
	cli_json_str(b, s, s ? strlen(s) : 0);
}

void cli_text_sanitize(cli_buf *b, const char *s, size_t n)
{
	escape(b, s, n, false);
}

void cli_log(const char *fmt, ...)
{
	va_list ap;
	char ts[64];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%a %b %e %H:%M:%S %Y", &tm);
	fprintf(stderr, "%s: ", ts);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("falcocore: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *cli_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	cli_buf b = {0};
	char tmp[65536];
	size_t got;

	if (!fp)
		return NULL;
	while ((got = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		cli_buf_add(&b, tmp, got);
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		cli_buf_free(&b);
		errno = e;
		return NULL;
	}
	fclose(fp);
	if (len)
		*len = b.len;
	return cli_buf_take(&b);
}

bool cli_wildcard_match(const char *p, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			retry = s;
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++retry;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

const char *cli_hostname(void)
{
	static char host[256];
	const char *env = getenv("FALCO_HOSTNAME");

	if (env && *env)
		return env;
	if (!host[0] && gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "unknown");
	return host;
}

uint64_t cli_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t cli_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
