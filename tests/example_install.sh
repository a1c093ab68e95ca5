#!/bin/sh
# Installs the project into a temporary DESTDIR and builds the examples
# against the INSTALLED library with pkg-config, as an embedder would, then
# runs them (example_run.sh).
# usage: example_install.sh BUILD_ROOT SRC_ROOT
set -u
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "meson install"; }
pc=$(find "$tmp/root" -name libfalcocore.pc | head -n 1)
[ -n "$pc" ] || fail "libfalcocore.pc not installed"
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$tmp/root"
flags=$(pkg-config --cflags --libs libfalcocore) || fail "pkg-config libfalcocore"
case "$flags" in
*"$tmp/root"*) ;;
*) fail "pkg-config flags do not point into the install: $flags" ;;
esac
# The installed rules and the rule-test tool are there too.
find "$tmp/root" -path '*/falcocore/falcocore_rules.yaml' | grep -q . || fail "default rules not installed"
find "$tmp/root" -path '*/falcocore/falcocore_rules.local.yaml' | grep -q . || fail "local rules not installed"
find "$tmp/root" -type d -path '*/falcocore/rules.d' | grep -q . || fail "rules.d not installed"
find "$tmp/root" -name falcocore-ruletest -type f | grep -q . || fail "falcocore-ruletest not installed"

cc=${CC:-cc}
# A sanitizer build of the library needs the same runtime in the program.
so=$(find "$tmp/root" -name 'libfalcocore.so.0' | head -n 1)
san=
ldd "$so" | grep -q libasan && san="$san -fsanitize=address"
ldd "$so" | grep -q libubsan && san="$san -fsanitize=undefined"
for ex in minimal_agent capture_eval; do
	# shellcheck disable=SC2086
	$cc -std=c11 -Wall -Wextra -Werror $san -o "$tmp/$ex" "$src/examples/$ex.c" $flags ||
		fail "building $ex against the installed library"
done
libdir=$(dirname "$so")
# The binaries must use the installed library, not the build tree's.
LD_LIBRARY_PATH="$libdir" ldd "$tmp/minimal_agent" | grep -q "$libdir/libfalcocore.so.0" ||
	fail "minimal_agent does not resolve the installed libfalcocore.so.0"
LD_LIBRARY_PATH="$libdir" exec "$(dirname "$0")/example_run.sh" "$tmp/minimal_agent" \
	"$tmp/capture_eval" "$src"
