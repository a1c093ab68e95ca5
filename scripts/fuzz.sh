#!/bin/sh
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for N
# seconds (default 60), printing executions, exec/s, coverage and crashes
# per target. Crashes are copied into tests/fuzz/corpus/<target>/ so they
# become regression inputs of the normal test suite.
# usage: sh scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}; [ $# -gt 0 ] && shift
targets=${*:-"load condition output scap ruletest json"}
sh scripts/deps.sh >/dev/null
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Ddocs=disabled -Dtests=disabled -Dprobe=disabled >/dev/null
fi
ninja -C build-fuzz >/dev/null
dict=tests/fuzz/falco.dict
printf '%-10s %12s %10s %8s %8s\n' target execs exec/s cov crashes
for t in $targets; do
	work=build-fuzz/fuzz-work/$t; mkdir -p "$work/corpus" "$work/crashes"
	seeds="tests/fuzz/corpus/$t"
	[ "$t" = scap ] && [ -d ../shared/upstream/captures ] && seeds="$seeds ../shared/upstream/captures"
	extra=""; [ "$t" != scap ] && [ -f "$dict" ] && extra="-dict=$dict"
	# shellcheck disable=SC2086
	build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=4096 \
		-timeout=20 -artifact_prefix="$work/crashes/" $extra "$work/corpus" $seeds \
		>"$work/log" 2>&1 || true
	execs=$(grep -a 'stat::number_of_executed_units' "$work/log" | awk '{print $2}')
	rate=$(grep -a 'stat::average_exec_per_sec' "$work/log" | awk '{print $2}')
	cov=$(grep -a -o 'cov: [0-9]*' "$work/log" | tail -1 | awk '{print $2}')
	crashes=$(ls "$work/crashes" | wc -l)
	for c in "$work"/crashes/*; do [ -f "$c" ] && cp "$c" "tests/fuzz/corpus/$t/"; done
	printf '%-10s %12s %10s %8s %8s\n' "$t" "${execs:-0}" "${rate:-0}" "${cov:-0}" "$crashes"
done
