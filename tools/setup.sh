#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Finds the Debian packages that KaaL's build, run and tests need and
# installs the missing ones.  As root it runs apt-get itself (updating the
# package lists first when a package is not found); otherwise it prints the
# exact command to run and fails.  `make run` and `make check` call it, so a
# fresh Debian 12 machine needs nothing else.
#
#   tools/setup.sh            what build, run and check need
#   tools/setup.sh --debug    also gdb, for `make debug`
#   tools/setup.sh --list     print the package list and stop
#
# Each line below is "command package": the package is needed when the
# command is missing.  A command of "-" means "check the package itself"
# (libclang-rt-14-dev holds clang's libFuzzer and sanitizer runtimes;
# libyaml-dev is the YAML parser kaal-sysgen links).
# gcc's ThreadSanitizer runtime (libtsan2, for make test-tsan) comes with
# gcc itself: gcc-12 depends on libgcc-12-dev, which depends on libtsan2.
set -eu

REQUIRED='
gcc gcc
make make
ld binutils
objcopy binutils
qemu-system-x86_64 qemu-system-x86
python3 python3
clang clang
- libclang-rt-14-dev
- libyaml-dev
clang-format clang-format
git git
spin spin
'
DEBUG_ONLY='
gdb gdb
'

mode=${1:-}
list=$REQUIRED
[ "$mode" = "--debug" ] && list="$REQUIRED$DEBUG_ONLY"

missing_packages() {
    echo "$list" | while read -r cmd pkg; do
        [ -n "$cmd" ] || continue
        if [ "$cmd" = "-" ]; then
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || echo "$pkg"
        else
            command -v "$cmd" >/dev/null 2>&1 || echo "$pkg"
        fi
    done | sort -u | tr '\n' ' '
}

if [ "$mode" = "--list" ]; then
    echo "$REQUIRED$DEBUG_ONLY" | awk 'NF { print $2 }' | sort -u | tr '\n' ' '
    echo
    exit 0
fi

pkgs=$(missing_packages)
[ -z "$pkgs" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "KaaL needs these Debian packages: $pkgs" >&2
    echo "Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y $pkgs" >&2
    exit 1
fi

echo "KaaL setup: installing $pkgs"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is intended
if ! apt-get install -y -q $pkgs; then
    apt-get update -q
    apt-get install -y -q $pkgs
fi
pkgs=$(missing_packages)
if [ -n "$pkgs" ]; then
    echo "KaaL setup: still missing after apt-get: $pkgs" >&2
    exit 1
fi
