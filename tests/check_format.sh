#!/bin/sh
# Every C file of the project is formatted with the root .clang-format (v14).
set -eu
root=$1
cd "$root"
files=$(git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tests/fuzz/corpus/' | grep -v 'vmlinux.h' || find lib cli include probe tests examples bench -name '*.[ch]')
[ -n "$files" ] || { echo "no files"; exit 1; }
if clang-format --dry-run --Werror $files 2>/tmp/fc-format.$$; then
	echo "format: $(echo "$files" | wc -w) files clean"; rm -f /tmp/fc-format.$$
else
	head -40 /tmp/fc-format.$$; rm -f /tmp/fc-format.$$; exit 1
fi
