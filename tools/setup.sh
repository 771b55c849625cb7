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
#   tools/setup.sh --bench    also what `make bench` needs: musl-gcc,
#                             busybox-static, gnuplot, and Debian's
#                             kernel image, downloaded (not installed) and
#                             unpacked into build/linux (see get_kernel)
#   tools/setup.sh --list     print the package list and stop
#   tools/setup.sh --musl-source DIR
#                             unpack Debian's musl source package into DIR
#                             (apt-get source, for mk/libc.mk), adding a
#                             deb-src entry for bookworm main first if apt
#                             has none (see musl_source)
#
# Each line below is "command package": the package is needed when the
# command is missing.  A command of "-" means "check the package itself"
# (libclang-rt-14-dev holds clang's libFuzzer and sanitizer runtimes;
# libyaml-dev is the YAML parser kaal-sysgen links; GNU cpio checks
# kaal-sysgen's cpio archives in the unit tests and packs the benchmarks'
# initramfs; e2fsprogs's mke2fs, e2fsck and debugfs live in /sbin, which a
# user's PATH may lack).
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
- e2fsprogs
clang-format clang-format
git git
spin spin
dpkg-source dpkg-dev
cpio cpio
'
DEBUG_ONLY='
gdb gdb
'
BENCH_ONLY='
musl-gcc musl-tools
- busybox-static
gnuplot gnuplot-nox
'

mode=${1:-}
list=$REQUIRED
[ "$mode" = "--debug" ] && list="$REQUIRED$DEBUG_ONLY"
[ "$mode" = "--bench" ] && list="$REQUIRED$BENCH_ONLY"

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
    echo "$REQUIRED$DEBUG_ONLY$BENCH_ONLY" | awk 'NF { print $2 }' | sort -u | tr '\n' ' '
    echo
    exit 0
fi

# The Linux baseline's kernel (bench/linux): the image package that Debian's
# linux-image-amd64 depends on, fetched with apt-get download and unpacked
# with dpkg-deb into $KERNEL_DIR (only its boot/ folder: vmlinuz, config,
# System.map, and the modules below), never installed.  Kept there while
# the version stays the same: $KERNEL_DIR/vmlinuz and $KERNEL_DIR/version.
KERNEL_DIR=${BUILD:-build}/linux

# The modules Linux needs to mount an ext2 disk on virtio-blk, for the file
# benchmark and the test that compares KaaL's ext2 with Linux's
# (tests/system/ext2linux.py): Debian builds virtio, virtio-blk and ext4
# (which mounts ext2) as modules.  bench/linux/modules lists them in the
# order they load; they go into $KERNEL_DIR/modules, the order into its file
# order.
KERNEL_MODULES=$(grep -v '^#' "$(dirname "$0")/../bench/linux/modules" | tr '\n' ' ' | sed 's/ *$//')

kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

get_kernel() {
    pkg=$(kernel_package)
    if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
        apt-get update -q
        pkg=$(kernel_package)
    fi
    if [ -z "$pkg" ]; then
        echo "KaaL setup: apt-cache knows no linux-image-amd64; update the package lists with:" >&2
        echo "    sudo apt-get update" >&2
        return 1
    fi
    [ -f "$KERNEL_DIR/vmlinuz" ] && [ "$(cat "$KERNEL_DIR/version" 2>/dev/null)" = "$pkg" ] &&
        [ "$(cat "$KERNEL_DIR/modules/order" 2>/dev/null)" = "$(echo "$KERNEL_MODULES" | tr " " "\n")" ] &&
        return 0
    echo "KaaL setup: fetching $pkg for the Linux baseline into $KERNEL_DIR"
    rm -rf "$KERNEL_DIR"
    mkdir -p "$KERNEL_DIR/deb"
    # apt-get download needs no root; _apt cannot write here, so it warns and fetches as us.
    (cd "$KERNEL_DIR/deb" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed') || true
    set -- "$KERNEL_DIR"/deb/"$pkg"_*.deb
    deb=$1
    if [ ! -f "$deb" ]; then
        echo "KaaL setup: could not download $pkg; try:" >&2
        echo "    sudo apt-get update && (cd $KERNEL_DIR/deb && apt-get download $pkg)" >&2
        return 1
    fi
    dpkg-deb --fsys-tarfile "$deb" | (cd "$KERNEL_DIR" && tar -x ./boot)
    cp "$KERNEL_DIR"/boot/vmlinuz-* "$KERNEL_DIR/vmlinuz"
    # shellcheck disable=SC2086 # one pattern per module
    dpkg-deb --fsys-tarfile "$deb" | (cd "$KERNEL_DIR" && set -f &&
        tar -x --wildcards $(printf "./lib/modules/*/%s.ko " $KERNEL_MODULES))
    mkdir -p "$KERNEL_DIR/modules"
    find "$KERNEL_DIR/lib" -name '*.ko' -exec mv {} "$KERNEL_DIR/modules" \;
    rm -rf "$KERNEL_DIR/lib"
    echo "$KERNEL_MODULES" | tr ' ' '\n' >"$KERNEL_DIR/modules/order"
    rm -rf "$KERNEL_DIR/deb"
    echo "$pkg" >"$KERNEL_DIR/version"
}

# The components' C library (mk/libc.mk) is built from Debian's musl source
# package, unpacked by apt-get source into $2.  apt needs a deb-src entry:
# if it knows no source for musl, a separate file with one for bookworm main
# is added beside Debian's own debian.sources (never edited), and the lists
# are updated.  Kept while $2 holds an unpacked musl-* tree.
SRC_LIST=/etc/apt/sources.list.d/kaal-deb-src.sources

add_deb_src() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "KaaL setup: apt has no deb-src entry for Debian's musl source; as root run:" >&2
        echo "    tools/setup.sh --musl-source $1" >&2
        return 1
    fi
    if ! grep -qs '^Types:.*deb-src' "$SRC_LIST"; then
        echo "KaaL setup: adding a deb-src entry for bookworm main in $SRC_LIST"
        printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
            'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
            >"$SRC_LIST"
    fi
    apt-get update -q
}

musl_source() {
    dir=$1
    set -- "$dir"/musl-*/Makefile
    [ -f "$1" ] && return 0
    command -v dpkg-source >/dev/null 2>&1 || {
        echo "KaaL setup: apt-get source needs dpkg-dev; run tools/setup.sh first" >&2
        return 1
    }
    apt-cache showsrc musl 2>/dev/null | grep -q '^Package: musl' || add_deb_src "$dir" || return 1
    echo "KaaL setup: apt-get source musl into $dir"
    mkdir -p "$dir"
    # As root, _apt cannot write here: apt warns and fetches as us.
    (cd "$dir" && apt-get source -q musl 2>&1 | grep -v '^W: Download is performed unsandboxed') ||
        true
    set -- "$dir"/musl-*/Makefile
    if [ ! -f "$1" ]; then
        echo "KaaL setup: apt-get source musl failed; try: (cd $dir && apt-get source musl)" >&2
        return 1
    fi
}

if [ "$mode" = "--musl-source" ]; then
    [ -n "${2:-}" ] || { echo "usage: tools/setup.sh --musl-source DIR" >&2; exit 2; }
    musl_source "$2"
    exit
fi

pkgs=$(missing_packages)
if [ -z "$pkgs" ]; then
    [ "$mode" = "--bench" ] && { get_kernel || exit 1; }
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "KaaL needs these Debian packages: $pkgs" >&2
    echo "Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y $pkgs" >&2
    [ "$mode" = "--bench" ] && echo "then run tools/setup.sh --bench again for the kernel" >&2
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
[ "$mode" = "--bench" ] && { get_kernel || exit 1; }
exit 0
