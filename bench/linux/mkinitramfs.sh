#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Builds a busybox initramfs for Debian's kernel: Debian's busybox-static
# (with /bin/sh), the kernel modules tools/setup.sh --bench unpacked into
# MODULES_DIR, as /lib/modules/NAME.ko with their load order (MODULES_DIR's
# file order) in /lib/modules/order, INIT as /init, and each further
# SRC:DEST file at DEST; packed by cpio (newc, owner root, reproducible).
# No device nodes are needed: an init mounts devtmpfs.  The Linux baseline
# (bench/linux/init, the benchmark program) and the ext2-against-Linux test
# (tests/system/ext2linux/init, its operations) both use it.
#
#   bench/linux/mkinitramfs.sh MODULES_DIR INIT OUT.cpio [SRC:DEST ...]
set -eu

modules=$1
init=$2
out=$3
shift 3
busybox=/bin/busybox

if [ ! -x "$busybox" ] || LC_ALL=C readelf -d "$busybox" | grep -q NEEDED; then
    echo "mkinitramfs: $busybox is missing or not static: install busybox-static (tools/setup.sh --bench)" >&2
    exit 1
fi
if [ ! -f "$modules/order" ]; then
    echo "mkinitramfs: no $modules/order: run tools/setup.sh --bench" >&2
    exit 1
fi
tree=$out.d
rm -rf "$tree"
mkdir -p "$tree/bin" "$tree/proc" "$tree/dev" "$tree/sys" "$tree/tmp" "$tree/mnt" "$tree/lib/modules"
while read -r m; do
    cp "$modules/$m.ko" "$tree/lib/modules/$m.ko"
done <"$modules/order"
cp "$modules/order" "$tree/lib/modules/order"
cp "$busybox" "$tree/bin/busybox"
ln -s busybox "$tree/bin/sh"
cp "$init" "$tree/init"
chmod 755 "$tree/init"
for f in "$@"; do
    mkdir -p "$tree/$(dirname "${f#*:}")"
    cp "${f%%:*}" "$tree/${f#*:}"
    chmod 755 "$tree/${f#*:}"
done
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$tree"
