#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""KaaL's ext2 against Linux's: the same file operations on two copies of one image, compared.

The runner makes an 8 MiB ext2 image with mke2fs -d (1 KiB blocks; a few
files and a directory for the operations to change) and two copies of it.
KaaL (tests/system/ext2linux: the file service on virtio-blk and the
component ops) applies the list of tests/system/ext2linux/ops.py to one;
Debian's kernel, booted on the same QEMU machine with a busybox initramfs,
mounts the other as ext2 (the ext4 driver) and runs the same list as shell
commands.  Then, on the host:

  - e2fsck -fn must exit 0 on both images;
  - debugfs rdump of both trees, and debugfs stat of every name in them,
    must agree on the names, and for each on its type, permission bits,
    owner, group, link count, size (not of directories, whose blocks each
    side fills its own way), contents and symlink target.  Timestamps and
    inode numbers are not compared.

Prints "PASS: ext2-linux/<name>" or "FAIL: ext2-linux/<name>: why" per check.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

TROUBLE = [r"PANIC", r"boot error", r"FAILED", r"faulted", r"not started", r"refused component"]
STAT = {"type": r"Type: (\w+)", "mode": r"Mode:\s+(\d+)", "uid": r"User:\s+(\d+)",
        "gid": r"Group:\s+(\d+)", "links": r"Links: (\d+)", "size": r"Size: (\d+)"}


def make_base(path, size):
    with tempfile.TemporaryDirectory() as tree:
        with open(os.path.join(tree, "keep.txt"), "w") as f:
            f.write("made by mke2fs -d\n")
        with open(os.path.join(tree, "made.bin"), "wb") as f:
            f.write(bytes((i * 13 + i // 1024) & 0xFF for i in range(50000)))
        os.mkdir(os.path.join(tree, "old"))
        with open(os.path.join(tree, "old", "inner.txt"), "w") as f:
            f.write("inside old\n")
        qemu.mke2fs(tree, path, size, 1024)


def disk(image):
    return qemu.virtio_blk("file=%s,format=raw" % image)


def run_kaal(args, image):
    log = os.path.join(args.out, "kaal.log")
    root = os.path.join(args.build, "tests", "system", "ext2linux", "root.elf")
    res = qemu.boot(args.qemu, args.kernel, [root], "kaal.verbose", "256M", log, args.timeout,
                    disk(image))
    return booted(res, log, [r"^\[ops\] done \d+$", r"halted by thread 'ops' \(DebugHalt\)"])


def run_linux(args, image):
    log = os.path.join(args.out, "linux.log")
    res = qemu.boot(args.qemu, args.linux_kernel, [args.linux_initramfs], "console=ttyS0 quiet",
                    "256M", log, args.timeout, disk(image))
    return booted(res, log, [r"^LINUX mounted: /dev/vda /mnt ext2 ", r"^LINUX done"])


def booted(res, log, want):
    """None if the boot showed every line of want in order and no trouble, else why."""
    why = None
    if res.timed_out:
        why = "timed out"
    else:
        missing = qemu.match_in_order(res.log, want)
        bad = [p for p in TROUBLE if qemu.match_in_order(res.log, [p]) is None]
        if missing:
            why = "serial log lacks /%s/" % missing
        elif bad:
            why = "serial log shows /%s/" % bad[0]
    if why:
        tail = "\n".join("  | " + line for line in res.log.strip().splitlines()[-15:])
        why = "%s; log %s ends:\n%s" % (why, log, tail)
    return why


def tree_of(image, scratch):
    """{path: {type, mode, uid, gid, links, size, data or target}} of the image, from debugfs."""
    dump = os.path.join(scratch, "tree")
    os.makedirs(dump)
    subprocess.run([qemu.e2fs_tool("debugfs"), "-R", "rdump / " + dump, image],
                   capture_output=True)
    paths = ["/"]
    for top, dirs, files in os.walk(dump):
        for name in dirs + files:
            paths.append("/" + os.path.relpath(os.path.join(top, name), dump))
    cmds = os.path.join(scratch, "stat.cmds")
    with open(cmds, "w") as f:
        f.writelines('stat "%s"\n' % p for p in paths)
    out = subprocess.run([qemu.e2fs_tool("debugfs"), "-f", cmds, image], capture_output=True,
                         text=True).stdout
    stats = out.split("debugfs: stat ")[1:]
    tree = {}
    for path, text in zip(paths, stats):
        entry = {}
        for key, pat in STAT.items():
            m = re.search(pat, text)
            entry[key] = m[1] if m else None
        host = os.path.join(dump, path.lstrip("/"))
        if entry["type"] == "directory":
            entry["size"] = None
        elif os.path.islink(host):
            entry["target"] = os.readlink(host)
        elif os.path.isfile(host):
            with open(host, "rb") as f:
                entry["data"] = f.read()
        tree[path] = entry
    return tree


def differences(a, b):
    """Lines that say where trees a (KaaL's) and b (Linux's) differ."""
    out = []
    for path in sorted(set(a) | set(b)):
        if path not in a or path not in b:
            out.append("%s only on %s's image" % (path, "KaaL" if path in a else "Linux"))
            continue
        for key in sorted(set(a[path]) | set(b[path])):
            x, y = a[path].get(key), b[path].get(key)
            if x != y:
                if key == "data":
                    x, y = "%d bytes" % len(x or b""), "%d bytes" % len(y or b"")
                    if x == y:
                        x += " (other bytes)"
                out.append("%s: %s is %s on KaaL, %s on Linux" % (path, key, x, y))
    return out


def fsck(image):
    r = subprocess.run([qemu.e2fs_tool("e2fsck"), "-fn", image], capture_output=True, text=True)
    return None if r.returncode == 0 else "e2fsck -fn %s exits %d:\n%s" % (
        image, r.returncode, r.stdout + r.stderr)


def result(name, why, detail=""):
    if why is None:
        return "PASS: ext2-linux/%s%s" % (name, " (%s)" % detail if detail else "")
    return "FAIL: ext2-linux/%s: %s" % (name, why)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True, help="KaaL's kernel")
    ap.add_argument("--build", required=True, help="the build directory, build/<arch>")
    ap.add_argument("--linux-kernel", required=True, help="Debian's vmlinuz")
    ap.add_argument("--linux-initramfs", required=True)
    ap.add_argument("--out", required=True, help="directory for the images and logs")
    ap.add_argument("--image-size", default="8M", help="of the image mke2fs makes")
    ap.add_argument("--timeout", type=int, default=180, help="seconds for each boot")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    base, kaal, linux = (os.path.join(args.out, n) for n in ("base.img", "kaal.img", "linux.img"))
    make_base(base, args.image_size)
    shutil.copyfile(base, kaal)
    shutil.copyfile(base, linux)
    lines = [result("kaal-applies-the-ops", run_kaal(args, kaal)),
             result("linux-applies-the-ops", run_linux(args, linux))]
    if all(line.startswith("PASS") for line in lines):
        lines += [result("kaal-image-clean", fsck(kaal)), result("linux-image-clean", fsck(linux))]
        scratch = os.path.join(args.out, "trees")
        shutil.rmtree(scratch, ignore_errors=True)
        trees = [tree_of(img, os.path.join(scratch, n))
                 for img, n in ((base, "base"), (kaal, "kaal"), (linux, "linux"))]
        diff = differences(trees[1], trees[2])
        if not differences(trees[0], trees[2]):
            why = "Linux's image is the same as the image it started from: the ops did nothing"
        elif diff:
            why = "%d differences:\n%s" % (len(diff), "\n".join("  " + d for d in diff[:20]))
        else:
            why = None
        lines.append(result("same-trees", why, "%d names compared" % len(trees[1])))
    print("\n".join(lines))
    return 1 if any(line.startswith("FAIL") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
