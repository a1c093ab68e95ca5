#!/bin/sh
# Installs the Debian 12 packages libfalcocore needs to build, test and run
# (only the missing ones; apt-get update only when something is missing).
set -eu
PKGS="meson ninja-build pkg-config gcc g++ clang llvm clang-format libyaml-dev libpcre2-dev
libjson-c-dev libcmocka-dev doxygen libbpf-dev bpftool libelf-dev zlib1g-dev
libcurl4-openssl-dev libmicrohttpd-dev libcap-dev valgrind sysdig socat netcat-openbsd
util-linux procps iproute2 python3 git libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
echo "deps: all present"
