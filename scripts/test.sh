#!/bin/sh
# Installs what is missing, builds, and runs every test: the normal build,
# then the whole suite again under ASan+UBSan, then the CLI tests under
# valgrind memcheck. Ends with meson's summaries.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
echo "== tests (debugoptimized build) =="
meson test -C build --print-errorlogs --num-processes 2
echo "== tests under ASan+UBSan =="
[ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined \
	-Db_lundef=false -Ddocs=disabled >/dev/null
ninja -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite style
echo "== CLI tests under valgrind memcheck (errors and definite leaks fail) =="
meson test -C build --setup clivalgrind --suite cli --print-errorlogs --num-processes 2
