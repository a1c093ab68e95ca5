/* SPDX-License-Identifier: Apache-2.0 */
/* Audit-event input of the falcocore CLI: see audit_input.h. */
#include "audit_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fca_read_file(const char *path, const fc_json_source *src, uint32_t source_id, unsigned flags,
                  fc_json_event_fn fn, void *user, fca_stats *stats, char *err, size_t errlen)
{
	enum { CHUNK = 65536 };
	char *buf = malloc(CHUNK);
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	fc_json_parser *p = NULL;
	fc_json_parser_stats st;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!buf) {
		if (fd >= 0 && !is_stdin)
			close(fd);
		return FC_ENOMEM;
	}
	if (fd < 0) {
		int e = errno;

		free(buf);
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		return e == ENOENT ? FC_ENOENT : FC_EIO;
	}
	rc = fc_json_parser_new(src, source_id,
	                        (flags & FCA_SKIP_BAD) ? FC_JSON_PARSER_SKIP_BAD : 0, &p);
	/* read(2), not stdio: a pipe or FIFO delivers its events as they arrive,
	 * and a signal (EINTR) ends a blocked read */
	while (rc == FC_OK) {
		ssize_t n = read(fd, buf, CHUNK);

		if (n < 0) {
			snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
			rc = FC_EIO;
			break;
		}
		if (n == 0) {
			rc = fc_json_parser_finish(p, fn, user);
			break;
		}
		rc = fc_json_parser_feed(p, buf, (size_t)n, fn, user);
	}
	if ((rc == FC_EFORMAT || rc == FC_ELIMIT) && p)
		snprintf(err, errlen, "%s: %s", path, fc_json_parser_error(p));
	else if (rc < 0 && rc != FC_EIO && err && !err[0])
		snprintf(err, errlen, "%s: %s", path, fc_strerror(rc));
	fc_json_parser_get_stats(p, &st);
	if (stats) {
		stats->bytes = st.bytes;
		stats->events = st.events;
		stats->errors = st.errors;
	}
	fc_json_parser_free(p);
	free(buf);
	if (!is_stdin)
		close(fd);
	return rc;
}

int fca_process_body(const fc_json_source *src, uint32_t source_id, const char *body, size_t len,
                     fc_json_event_fn fn, void *user, char *err, size_t errlen)
{
	fc_json_batch *b = NULL;
	size_t i;
	int rc = fc_json_source_parse(src, body, len, source_id, &b, err, errlen);

	if (rc < 0) {
		if (err && errlen && !err[0])
			snprintf(err, errlen, "%s", fc_strerror(rc));
		return rc;
	}
	for (i = 0; i < fc_json_batch_count(b) && rc == FC_OK; i++)
		rc = fn(fc_json_batch_event(b, i), user);
	fc_json_batch_free(b);
	return rc;
}
