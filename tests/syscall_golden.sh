#!/bin/sh
# Replays the upstream captures through the syscall source and compares the
# fields sysdig prints (tests/golden/syscall/README.md). Skips (77) while the
# build cannot read capture files.
set -u
replay=$1
golden=$2
up=${FC_UPSTREAM:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for g in "$golden"/*.txt; do
	name=$(basename "$g" .txt)
	if ! "$replay" "$up/captures/$name.scap" >"$tmp/out" 2>"$tmp/err"; then
		if grep -q "not supported" "$tmp/err"; then
			echo "SKIP: capture reading not available"; exit 77
		fi
		echo "FAIL: $name: replay failed: $(cat "$tmp/err")"; fail=1; continue
	fi
	skip="$golden/$name.skip"
	[ -f "$skip" ] || skip=/dev/null
	n=0; bad=0
	while IFS= read -r line; do
		num=${line%% *}
		if grep -qx "$num" "$skip"; then continue; fi
		n=$((n + 1))
		ours=$(grep -m1 "^$num " "$tmp/out")
		if [ "$ours" != "$line" ]; then
			bad=$((bad + 1))
			echo "$name: sysdig: $line"
			echo "$name: ours:   $ours"
		fi
	done <"$g"
	echo "$name: $n lines compared, $bad different"
	[ "$bad" -eq 0 ] || fail=1
done
exit $fail
