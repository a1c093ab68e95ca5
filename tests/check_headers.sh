#!/bin/sh
# Every public header compiles on its own as C11 and as C++ (STYLE B2).
# usage: check_headers.sh SRC_INCLUDE_DIR GEN_INCLUDE_PARENT
set -eu
src=$1; gen=$2; fail=0; n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for h in "$src"/falcocore/*.h; do
	name=$(basename "$h")
	printf '#include <falcocore/%s>\nint fc_header_check_%s;\n' "$name" "$(echo "$name" | tr -c 'a-z0-9\n' _)" > "$tmp/t.c"
	cp "$tmp/t.c" "$tmp/t.cpp"
	n=$((n + 1))
	if ! cc -std=c11 -Wall -Wextra -Werror -pedantic -Wno-gnu-zero-variadic-macro-arguments -fsyntax-only -I"$src" -I"$gen" "$tmp/t.c" 2>"$tmp/err"; then
		if ! cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$src" -I"$gen" "$tmp/t.c"; then
			echo "FAIL (C11): $name"; cat "$tmp/err"; fail=$((fail + 1))
		fi
	fi
	if ! c++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only -I"$src" -I"$gen" "$tmp/t.cpp"; then
		echo "FAIL (C++): $name"; fail=$((fail + 1))
	fi
done
echo "headers: $n checked as C11 and C++, $fail failures"
[ "$fail" -eq 0 ]
