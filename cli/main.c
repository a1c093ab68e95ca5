/* SPDX-License-Identifier: Apache-2.0 */
/* falcocore: the command line. Links only the public API (STYLE B16). */
#include <falcocore/falcocore.h>

#include <stdio.h>
#include <string.h>

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: falcocore [options]\n"
	            "\n"
	            "Falco-compatible runtime security detection built on libfalcocore.\n"
	            "\n"
	            "Options:\n"
	            "  -h, --help      Print this help and exit.\n"
	            "  --version       Print the library version and the rules engine version.\n");
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("falcocore version: %s\n", fc_version());
			printf("Engine version: %s\n", fc_engine_version());
			return 0;
		}
		fprintf(stderr, "falcocore: unknown option '%s' (see --help)\n", argv[i]);
		return 2;
	}
	usage(stderr);
	return 2;
}
