#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Builds the initramfs of the Linux side of the ext2-against-Linux test
# (tests/system/ext2linux.py): Debian's busybox-static, the kernel modules
# tools/setup.sh --bench unpacked (MODULE_DIR: its modules and their order), the
# operations as shell commands (ops.py --sh) and tests/system/ext2linux/init,
# packed by cpio (newc, owner root, reproducible).
#
#   tests/system/ext2linux/mkinitramfs.sh MODULE_DIR OPS.sh OUT.cpio
set -eu

modules=$1
ops=$2
out=$3
busybox=/bin/busybox
here=$(dirname "$0")

if [ ! -x "$busybox" ] || LC_ALL=C readelf -d "$busybox" | grep -q NEEDED; then
    echo "mkinitramfs: $busybox is missing or not static: install busybox-static (tools/setup.sh --bench)" >&2
    exit 1
fi
tree=$out.d
rm -rf "$tree"
mkdir -p "$tree/bin" "$tree/proc" "$tree/dev" "$tree/mnt" "$tree/lib/modules"
cp "$busybox" "$tree/bin/busybox"
while read -r m; do
    cp "$modules/$m.ko" "$tree/lib/modules/$m.ko"
done <"$modules/order"
cp "$modules/order" "$tree/lib/modules/order"
cp "$ops" "$tree/ops.sh"
cp "$here/init" "$tree/init"
chmod 755 "$tree/init"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$tree"
