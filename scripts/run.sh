#!/bin/sh
# The main job: install what is missing, build, then run falcocore with the
# default rules. Live detection needs the eBPF probe; until it is built this
# replays an upstream capture instead and says so. Extra arguments are passed
# to falcocore.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
exe=build/cli/falcocore
if $exe --help 2>/dev/null | grep -q -- '--list-events' && [ -e build/probe/.probe-built ]; then
	echo "run: live detection with rules/falcocore_rules.yaml (Ctrl-C to stop)"
	exec $exe -r rules/falcocore_rules.yaml "$@"
fi
cap=../shared/upstream/captures/cat_write.scap
echo "run: the live probe is not built yet: replaying $cap with the default rules"
exec $exe -r rules/falcocore_rules.yaml -e "$cap" "$@"
