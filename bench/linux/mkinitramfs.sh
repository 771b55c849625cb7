#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Builds the Linux baseline's initramfs: Debian's busybox-static, the
# benchmark program, bench/linux/init and the kernel modules that
# bench/linux/modules lists (from MODULES_DIR, where tools/setup.sh --bench
# unpacked them), as /lib/modules/NAME.ko with their load order in
# /lib/modules/order; packed by cpio (newc, owner root, reproducible).  No
# device nodes are needed: init mounts devtmpfs.
#
#   bench/linux/mkinitramfs.sh BENCH_BINARY MODULES_DIR OUT.cpio
set -eu

bench=$1
modules=$2
out=$3
busybox=/bin/busybox
here=$(dirname "$0")

if [ ! -x "$busybox" ] || LC_ALL=C readelf -d "$busybox" | grep -q NEEDED; then
    echo "mkinitramfs: $busybox is missing or not static: install busybox-static (tools/setup.sh --bench)" >&2
    exit 1
fi
tree=$out.d
rm -rf "$tree"
mkdir -p "$tree/bin" "$tree/proc" "$tree/dev" "$tree/sys" "$tree/tmp" "$tree/mnt" "$tree/lib/modules"
grep -v '^#' "$here/modules" | while read -r name; do
    [ -n "$name" ] || continue
    ko=$(find "$modules" -name "$name.ko" | head -n 1)
    if [ -z "$ko" ]; then
        echo "mkinitramfs: no $name.ko under $modules: run tools/setup.sh --bench" >&2
        exit 1
    fi
    cp "$ko" "$tree/lib/modules/$name.ko"
    echo "$name" >>"$tree/lib/modules/order"
done
cp "$busybox" "$tree/bin/busybox"
ln -s busybox "$tree/bin/sh"
cp "$bench" "$tree/bin/kaal-linux-bench"
cp "$here/init" "$tree/init"
chmod 755 "$tree/init" "$tree/bin/kaal-linux-bench"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$tree"
