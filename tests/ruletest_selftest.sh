#!/bin/sh
# falcocore-ruletest on broken test files and wrong expectations.
# usage: ruletest_selftest.sh RUNNER SRC_ROOT
set -u
runner=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; [ -f "$tmp/out" ] && cat "$tmp/out"; exit 1; }

# 1. Usage errors exit 2.
"$runner" >"$tmp/out" 2>&1; [ $? -eq 2 ] || fail "no arguments should exit 2"
"$runner" --bogus x.yaml >"$tmp/out" 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"

# 2. A malformed test file exits 2 and names file and line.
cat >"$tmp/bad.yaml" <<'T'
rules: [/nonexistent.yaml]
tests:
  - name: typo in a key
    proccesses: []
    events: []
    expect: []
T
"$runner" "$tmp/bad.yaml" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "malformed test file: expected exit 2, got $rc"
grep -q "bad.yaml:4: error: unknown key 'proccesses'" "$tmp/out" || fail "no file:line for the bad key"

cat >"$tmp/bad2.yaml" <<'T'
rules: [x.yaml]
tests:
  - name: missing expect
    events:
      - openat: {fd: 3}
T
"$runner" "$tmp/bad2.yaml" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "test without expect: expected exit 2, got $rc"
grep -q "has no expect" "$tmp/out" || fail "missing expect not reported"

# 3. A wrong expectation fails with a readable diff (once the library runs).
cat >"$tmp/wrong.yaml" <<T
rules: [$src/rules/falcocore_rules.yaml]
tests:
  - name: expects the wrong rule
    processes:
      - {pid: 100, exe: /usr/bin/cat}
    events:
      - openat: {fd: 3, dirfd: AT_FDCWD, name: /etc/shadow, flags: O_RDONLY}
    expect:
      - {rule: Kernel module loaded, event: 1}
  - name: an unknown syscall parameter is an error
    processes:
      - {pid: 100, exe: /usr/bin/cat}
    events:
      - openat: {fd: 3, nosuchparam: 1}
    expect: []
T
"$runner" "$tmp/wrong.yaml" >"$tmp/out" 2>&1; rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP (library not ready): $(head -n 1 "$tmp/out")"
	exit 77
fi
[ $rc -eq 2 ] || fail "wrong expectation + bad parameter: expected exit 2, got $rc"
grep -q 'event 1: expected "Kernel module loaded", got no alert from that rule' "$tmp/out" ||
	fail "missing expected alert not reported"
grep -q 'event 1: unexpected "Credential file read by untrusted program" \[Warning\]' "$tmp/out" ||
	fail "unexpected alert not reported"
grep -q "has no parameter 'nosuchparam'" "$tmp/out" || fail "unknown parameter not reported"
echo "ok"
