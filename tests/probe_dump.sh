#!/bin/sh
# fcprobe-dump prints one line per event; run a command under it and check
# that its execve (293) and the openat (307) of the file it reads appear with
# the command's tid. Skips (77) when the probe cannot load.
set -u
dump=$1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$dump" -p -- /bin/cat /etc/hostname >"$out" 2>"$err"
rc=$?
if [ $rc -eq 77 ]; then cat "$err"; exit 77; fi
[ $rc -eq 0 ] || { echo "fcprobe-dump failed ($rc)"; cat "$err"; exit 1; }
tid=$(awk '$3 == 293 && $7 == 0 && $8 == "\"/bin/cat\"" {print $2; exit}' "$out")
[ -n "$tid" ] || { echo "no execve exit of cat"; head -20 "$out"; exit 1; }
grep -q "^[0-9]* $tid 307 openat 7 [0-9]* [0-9]* [0-9]* \"/etc/hostname\"" "$out" ||
	{ echo "no openat of /etc/hostname by $tid"; grep " $tid " "$out" | head; exit 1; }
grep -q "captured [1-9]" "$err" || { echo "no counters"; cat "$err"; exit 1; }
echo "ok: execve + openat of tid $tid"
