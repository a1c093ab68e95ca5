/* SPDX-License-Identifier: Apache-2.0 */
/* Shared setup for the fuzz targets: an engine with the built-in syscall
 * source registered (when it is available in this build). */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <falcocore/falcocore.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void fuzz_ignore(int r)
{
	(void)r;
}

typedef struct fuzz_env {
	fc_engine *eng;
	fc_syscall_source *src;
	fc_diag_list *dl;
} fuzz_env;

static inline int fuzz_env_open(fuzz_env *e)
{
	memset(e, 0, sizeof(*e));
	if (fc_engine_new(NULL, &e->eng) != FC_OK)
		return -1;
	if (fc_diag_list_new(&e->dl) != FC_OK)
		return -1;
	if (fc_syscall_source_new(NULL, &e->src) == FC_OK)
		fuzz_ignore(fc_engine_add_source(e->eng, fc_syscall_source_ops(e->src), NULL));
	return 0;
}

static inline void fuzz_env_close(fuzz_env *e)
{
	fc_diag_list_free(e->dl);
	fc_engine_free(e->eng);
	fc_syscall_source_free(e->src);
}

/* Render every diagnostic: exercises the renderer on hostile positions. */
static inline void fuzz_render_diags(const fc_diag_list *dl)
{
	char buf[512];
	size_t i;

	for (i = 0; i < fc_diag_list_count(dl); i++)
		fuzz_ignore(fc_diag_format(dl, i, FC_DIAG_FMT_DEFAULT, buf, sizeof(buf)));
}

/* Put `data` into a YAML literal block scalar, each line indented by 4. */
static inline char *fuzz_block(const char *prefix, const uint8_t *data, size_t size,
                               const char *suffix, size_t *outlen)
{
	size_t plen = strlen(prefix), slen = strlen(suffix), i, n = 0;
	char *y = malloc(plen + slen + size * 5 + 8);

	if (!y)
		return NULL;
	memcpy(y, prefix, plen);
	n = plen;
	memcpy(y + n, "    ", 4);
	n += 4;
	for (i = 0; i < size; i++) {
		y[n++] = (char)data[i];
		if (data[i] == '\n') {
			memcpy(y + n, "    ", 4);
			n += 4;
		}
	}
	y[n++] = '\n';
	memcpy(y + n, suffix, slen);
	n += slen;
	y[n] = '\0';
	*outlen = n;
	return y;
}

#endif
