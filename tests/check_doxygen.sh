#!/bin/sh
# Doxygen over the public headers must produce zero warnings (WARN_AS_ERROR).
set -eu
doxygen=$1; doxyfile=$2
out=$("$doxygen" "$doxyfile" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "$out"; exit 1; fi
echo "doxygen: zero warnings"
