#!/bin/sh
# falcocore --version prints both versions; --help exits 0; a bad flag exits 2.
set -u
exe=$1; fail=0
out=$("$exe" --version) || { echo "--version exited $?"; fail=1; }
echo "$out" | grep -Eq '^falcocore version: [0-9]+\.[0-9]+\.[0-9]+$' || { echo "no library version in: $out"; fail=1; }
echo "$out" | grep -Eq '^Engine version: 0\.(5[7-9]|[6-9][0-9])\.[0-9]+$' || { echo "no engine version >= 0.57.0 in: $out"; fail=1; }
"$exe" --help | grep -q 'Usage: falcocore' || { echo "--help has no usage"; fail=1; }
"$exe" --no-such-flag >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "unknown flag exited $rc, want 2"; fail=1; }
[ "$fail" -eq 0 ] && echo "cli-version: ok"
exit $fail
