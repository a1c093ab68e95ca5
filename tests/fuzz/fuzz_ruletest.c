/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: a rule-test file (doc/ruletest-format.md) read and run by
 * falcocore-ruletest's own code. The tool's source is compiled into this
 * target (its main() renamed); each input is written to a private temporary
 * directory and given to run_file(), so the YAML reader, the test-file
 * checks, the event encoder, the syscall source and the evaluator all see it.
 * The tool's reports go to /dev/null unless FUZZ_VERBOSE is set. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *fuzz_sink;

#undef stdout
#undef stderr
#define stdout      fuzz_sink
#define stderr      fuzz_sink
#define printf(...) fprintf(fuzz_sink, __VA_ARGS__)
#define main        ruletest_main
int ruletest_main(int argc, char **argv);
#include "../../tools/ruletest.c"
#undef main
#undef printf
#undef stdout
#undef stderr

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs naming special files (a FIFO or /dev/stdin would block, /dev/zero
 * never ends) are skipped: they test the machine, not the parser. */
static int fuzz_unsafe(const uint8_t *data, size_t size)
{
	static const char *const bad[] = {"/dev", "/proc", "/sys", "/run"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (size >= strlen(bad[i]) && memmem(data, size, bad[i], strlen(bad[i])))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/fc-fuzz-ruletest-XXXXXX";
	char path[64];
	options opt = {0};
	int pass = 0, fail = 0, skip = 0, errors = 0;
	FILE *fp;

	if (fuzz_unsafe(data, size))
		return 0;
	if (!fuzz_sink)
		fuzz_sink = getenv("FUZZ_VERBOSE") ? fdopen(dup(2), "w") : fopen("/dev/null", "w");
	if (!fuzz_sink || !mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/t.yaml", dir);
	fp = fopen(path, "wb");
	if (fp) {
		size_t n = fwrite(data, 1, size, fp);

		if (fclose(fp) == 0 && n == size)
			run_file(path, &opt, &pass, &fail, &skip, &errors);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}
