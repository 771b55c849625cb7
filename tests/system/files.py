#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The file service's system test: tests/system/files in QEMU, then the disk on the host.

The runner makes a 4 MiB ext2 disk with mke2fs -d (1 KiB blocks, from a
folder holding hello.txt and remove-me.txt; then again with 4 KiB
blocks) and boots the system with it as a modern-only virtio-blk-pci
device.  filecheck (tests/system/files/
filecheck.c) goes through the cpio root, the ramfs at /tmp and the ext2
disk at /data; nosy then tries what its read-only grant of /data does not
allow.  After the run the disk is checked with e2fsprogs, not with KaaL's
own reader: e2fsck -fn must find nothing wrong, and debugfs must read back
what filecheck wrote, byte for byte, and no longer find what it removed.

A second boot gives the service a disk whose superblock is damaged (its
magic number): the mount of /data must be refused with a message naming
the disk, and the cpio root and /tmp must keep working.

Prints "PASS: files/<name>" or "FAIL: files/<name>: <why>" per check.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

BIG = 200 * 1024  # filecheck.c's BIG: its pattern is (i * 7 + i / 251) mod 256


def big_pattern():
    return bytes((i * 7 + i // 251) & 0xFF for i in range(BIG))


LOG = [
    r"^\[root\] loaded 4 of 4 components",
    r"^\[filecheck\] ok: connected$",
    r"^\[filecheck\] ok: the cpio root's /etc/motd reads back as packed$",
    r"^\[filecheck\] ok: /etc is a directory$",
    r"^\[filecheck\] ok: / lists etc, tmp and data$",
    r"^\[filecheck\] ok: the cpio root is read-only: EROFS$",
    r"^\[filecheck\] ok: a missing file is ENOENT$",
    r"^\[filecheck\] ok: /tmp: a file written reads back$",
    r"^\[filecheck\] ok: /tmp: mkdir and rename move the file$",
    r"^\[filecheck\] ok: rmdir of a full directory: ENOTEMPTY$",
    r"^\[filecheck\] ok: chdir, then a relative path$",
    r"^\[filecheck\] ok: chdir \.\.$",
    r"^\[filecheck\] ok: a symlink is followed$",
    r"^\[filecheck\] ok: lstat sees the symlink, stat the file$",
    r"^\[filecheck\] ok: /tmp: 200 KiB through a 64 KiB buffer, written and read back$",
    r"^\[filecheck\] ok: fstat of the open file: 200 KiB, a regular file$",
    r"^\[filecheck\] ok: /data: a file mke2fs -d put there reads back$",
    r"^\[filecheck\] ok: /data: a new file is written$",
    r"^\[filecheck\] ok: /data: a directory and a file in it$",
    r"^\[filecheck\] ok: /data: a file is unlinked$",
    r"^\[filecheck\] ok: /data: 200 KiB written and fsync'd$",
    r"^\[filecheck\] ok: /data: statfs says ext2 with BLOCK KiB blocks$",
    r"^\[filecheck\] ok: sync$",
    r"^\[filecheck\] done$",
    r"^\[nosy\] ok: it may read /data/hello.txt$",
    r"^\[nosy\] ok: writing or creating under its read-only grant: EACCES$",
    r"^\[nosy\] ok: unlink, rename and mkdir there: EACCES$",
    r"^\[nosy\] ok: /tmp, /etc and /data/\.\./etc are not there for it: ENOENT$",
    r"^\[nosy\] ok: it sees what filecheck wrote under /data$",
    r"^\[nosy\] ok: a path range outside its buffer: EINVAL$",
    r"^\[nosy\] ok: a path with a NUL inside: EINVAL$",
    r"^\[nosy\] ok: a name of 256 bytes: ENAMETOOLONG$",
    r"^\[nosy\] ok: a channel without files: is refused: EACCES$",
    r"^\[nosy\] done$",
    r"halted by thread 'nosy' \(DebugHalt\)",
]
TROUBLE = [r"PANIC", r"boot error", r"FAILED", r"faulted", r"not started", r"refused component"]


def make_disk(path, block=1024):
    with tempfile.TemporaryDirectory() as tree:
        with open(os.path.join(tree, "hello.txt"), "w") as f:
            f.write("hello from mke2fs\n")
        with open(os.path.join(tree, "remove-me.txt"), "w") as f:
            f.write("soon gone\n")
        qemu.mke2fs(tree, path, "4M", block)


def debugfs_cat(image, path):
    r = subprocess.run([qemu.e2fs_tool("debugfs"), "-R", "cat " + path, image],
                       capture_output=True)
    return r.stdout


def check_disk(image):
    """None if e2fsck finds the disk clean and debugfs reads back what filecheck wrote."""
    r = subprocess.run([qemu.e2fs_tool("e2fsck"), "-fn", image], capture_output=True, text=True)
    if r.returncode != 0:
        return "e2fsck -fn exits %d:\n%s" % (r.returncode, r.stdout + r.stderr)
    want = {"/written.txt": b"written by KaaL\n", "/newdir/inner.txt": b"inner\n",
            "/hello.txt": b"hello from mke2fs\n", "/big.bin": big_pattern()}
    for path, data in want.items():
        got = debugfs_cat(image, path)
        if got != data:
            return "debugfs reads %d bytes of %s, not the %d filecheck wrote" % (
                len(got), path, len(data))
    r = subprocess.run([qemu.e2fs_tool("debugfs"), "-R", "ls -l /", image], capture_output=True,
                       text=True)
    if "remove-me.txt" in r.stdout:
        return "remove-me.txt is still in the root directory:\n" + r.stdout
    return None


# The damaged disk: the service's refusal, the other mounts still served.
HOSTILE_LOG = [
    r"^\[fs\] mount /data: disk on channel 1: .*superblock",
    r"^\[filecheck\] ok: the cpio root's /etc/motd reads back as packed$",
    r"^\[filecheck\] ok: /tmp: 200 KiB through a 64 KiB buffer, written and read back$",
    r"^\[nosy\] done$",
    r"halted by thread 'nosy' \(DebugHalt\)",
]


def run(args, name, image, expect, forbid):
    """Boots the system with image as its disk; None if the log has expect in order and none of
    forbid, else why not (with the log's end)."""
    log = os.path.join(args.out, name + ".log")
    root = os.path.join(args.build, "tests", "system", "files", "root.elf")
    res = qemu.boot(args.qemu, args.kernel, [root], "kaal.verbose", "128M", log, 120,
                    qemu.virtio_blk("file=%s,format=raw" % image))
    why = qemu.log_problem(res, expect, forbid, 120)
    if why:
        tail = "\n".join("  | " + line for line in res.log.strip().splitlines()[-20:])
        why = "%s; log %s ends:\n%s" % (why, log, tail)
    return why, res


def result(name, why, res=None):
    if why is None:
        return "PASS: files/%s" % name + (" (%.1f s)" % res.seconds if res else "")
    return "FAIL: files/%s: %s" % (name, why)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True, help="the build directory, build/<arch>")
    ap.add_argument("--out", required=True, help="directory for the disk and the log")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not shutil.which(qemu.e2fs_tool("mke2fs")):
        print(result("service", "mke2fs is missing: run tools/setup.sh (package e2fsprogs)"))
        return 1
    lines = []
    for block in (1024, 4096):
        kib = block // 1024
        image = os.path.join(args.out, "disk-%dk.img" % kib)
        make_disk(image, block)
        expect = [p.replace("BLOCK", str(kib)) for p in LOG]
        why, res = run(args, "files-%dk" % kib, image, expect, TROUBLE)
        lines.append(result("service-%dk-blocks" % kib, why, res))
        if why is None:
            lines.append(result("disk-%dk-checked-by-e2fsprogs" % kib, check_disk(image)))
    hostile = os.path.join(args.out, "hostile.img")
    make_disk(hostile)
    with open(hostile, "r+b") as f:  # the superblock's magic number, 0xef53 at byte 1024 + 56
        f.seek(1024 + 56)
        f.write(b"\0\0")
    why, res = run(args, "hostile", hostile, HOSTILE_LOG, [r"PANIC", r"faulted", r"not started"])
    lines.append(result("hostile-disk-refused-the-rest-served", why, res))
    print("\n".join(lines))
    return 1 if any(line.startswith("FAIL") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
