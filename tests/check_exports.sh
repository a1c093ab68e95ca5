#!/bin/sh
# The shared library exports only fc_ symbols, all under a FALCOCORE_ version
# node, and its SONAME is libfalcocore.so.0 (STYLE B12).
set -eu
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^fc_' | grep -v '^FALCOCORE_' || true)
if [ -n "$bad" ]; then echo "non-fc_ exports:"; echo "$bad"; exit 1; fi
n=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^fc_' || true)
unversioned=$(objdump -T "$lib" | awk '$NF ~ /^fc_/ && $(NF-1) !~ /FALCOCORE_/' | wc -l)
if [ "$unversioned" -ne 0 ]; then echo "$unversioned fc_ symbols without a version node"; exit 1; fi
soname=$(objdump -p "$lib" | awk '/SONAME/{print $2}')
[ "$soname" = "libfalcocore.so.0" ] || { echo "SONAME is '$soname'"; exit 1; }
echo "exports: $n fc_ symbols, all versioned; SONAME $soname"
