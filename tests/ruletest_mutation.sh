#!/bin/sh
# A rule test must catch a broken rule: mutate one condition of a copy of the
# default rules and check that falcocore-ruletest then fails with a readable
# diff. Skips (77) while the library cannot run rule tests yet.
# usage: ruletest_mutation.sh RUNNER SRC_ROOT
set -u
runner=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The unmutated rules must pass first; otherwise the mutation proves nothing.
"$runner" -r "$src/rules/falcocore_rules.yaml" "$src/tests/rules/shell_in_container.yaml" \
	"$src/tests/rules/credential_read.yaml" >"$tmp/base.out" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP: $(head -n 1 "$tmp/base.out")"
	exit 77
fi
if [ $rc -ne 0 ]; then
	echo "the unmutated default rules fail their tests:"
	cat "$tmp/base.out"
	exit 1
fi

check() { # name sed-expression test-file expected-text
	sed "$2" "$src/rules/falcocore_rules.yaml" >"$tmp/mutated.yaml"
	if cmp -s "$tmp/mutated.yaml" "$src/rules/falcocore_rules.yaml"; then
		echo "mutation '$1' did not change the rules file (stale sed expression)"
		exit 1
	fi
	"$runner" -r "$tmp/mutated.yaml" "$src/tests/rules/$3" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "mutation '$1': expected exit status 1, got $rc"
		cat "$tmp/out"
		exit 1
	fi
	if ! grep -q "$4" "$tmp/out"; then
		echo "mutation '$1': the report does not say '$4'"
		cat "$tmp/out"
		exit 1
	fi
	echo "mutation '$1' caught:"
	grep -E '^(FAIL|  )' "$tmp/out" | head -n 4
}

# The terminal check inverted: the positive case must be reported missing and
# the script case as unexpected.
check "tty inverted" 's/and proc.tty != 0/and proc.tty = 0/' shell_in_container.yaml \
	'expected "Interactive shell in container"'
check "tty inverted (unexpected alert)" 's/and proc.tty != 0/and proc.tty = 0/' \
	shell_in_container.yaml 'unexpected "Interactive shell in container"'
# A list item removed: /etc/shadow no longer counts as a credential file.
check "shadow dropped" 's#\[/etc/shadow, /etc/shadow-,#[/etc/shadow-,#' credential_read.yaml \
	'expected "Credential file read by untrusted program"'
# A trusted program forgotten: sshd must then produce an unexpected alert.
check "sshd not trusted" 's/items: \[sshd, sudo,/items: [sudo,/' credential_read.yaml \
	'unexpected "Credential file read by untrusted program"'
exit 0
