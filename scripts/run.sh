#!/bin/sh
# The main job: install what is missing, build, then run falcocore live with
# the default rules (rules/falcocore_rules.yaml, then falcocore_rules.local.yaml
# and rules.d/). Live capture needs the eBPF probe (built when libbpf, clang,
# bpftool and kernel BTF are present) and root; without them this says why and
# replays an upstream capture instead. Extra arguments go to falcocore
# (e.g. -M 60 to stop after a minute, -o json_output=true).
set -u
cd "$(dirname "$0")/.."
sh scripts/deps.sh || exit 1
sh scripts/build.sh build >/dev/null || { sh scripts/build.sh build; exit 1; }
exe=build/cli/falcocore
if [ -e build/probe/.probe-built ]; then
	echo "run: live detection with the default rules (Ctrl-C to stop)"
	$exe "$@"
	rc=$?
	[ $rc -ne 1 ] && exit $rc
	echo "run: live capture could not start (see above)"
else
	echo "run: this build has no eBPF probe (libbpf, clang, bpftool or kernel BTF missing)"
fi
cap=../shared/upstream/captures/cat_write.scap
echo "run: replaying $cap with the default rules instead"
exec $exe -e "$cap" "$@"
