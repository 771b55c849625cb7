#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The power-cut test: tests/system/powercut in QEMU, killed at random moments.

Each run takes a fresh copy of a 16 MiB ext2 image made once by mke2fs -d,
serves it to QEMU through nbdcache.VolatileDisk (a write cache that only a
flush empties onto the file), boots the system, waits for writer's "start"
line, waits a random delay, and kills QEMU with SIGKILL.  The writes the
cache still holds then reach the image or not, at random.  Then:

  - e2fsck -fy may repair the image (ext2 has no journal), but must not
    give up (exit 4 or more), and e2fsck -fn afterwards must exit 0;
  - every file that writer logged as "synced" before the cut, and did not
    log as "unlinking" after, must read back with debugfs whole: its size,
    its bytes (writer's pattern) and the FNV-1a sum writer logged.

The seed is printed; --seed S replays every run, and --run K only run K.
Prints "PASS: powercut/run-K (...)" or "FAIL: powercut/run-K: why" per run,
then "PASS: powercut (...)" with the totals.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
sys.path.insert(0, HERE)
import nbdcache  # noqa: E402
import qemu  # noqa: E402

SYNCED = re.compile(r"^\[writer\] synced (\d+) (/\S+) (\d+) (\d+)$")
UNLINKING = re.compile(r"^\[writer\] unlinking (\d+) (/\S+)$")
TROUBLE = [r"PANIC", r"boot error", r"FAILED", r"faulted", r"not started", r"refused component"]
IMAGE_SIZE = "16M"
# Bytes of pattern(n, off) in writer.c: (n * 151 + off * 7 + (off >> 10) * 13) mod 256.  off * 7
# mod 256 repeats every 256 bytes, so a KiB is BASE shifted by (n * 151 + kib * 13).
BASE = bytes((i * 7) & 0xFF for i in range(1024))
SHIFT = [bytes((i + c) & 0xFF for i in range(256)) for c in range(256)]


def pattern(n, size):
    kib = (size + 1023) // 1024
    return b"".join(BASE.translate(SHIFT[(n * 151 + k * 13) & 0xFF]) for k in range(kib))[:size]


def fnv(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def make_base(path):
    with tempfile.TemporaryDirectory() as tree:
        with open(os.path.join(tree, "README"), "w") as f:
            f.write("made by mke2fs -d for tests/system/powercut.py\n")
        qemu.mke2fs(tree, path, IMAGE_SIZE, 1024)


def read_log(path):
    """The complete lines of the serial log: a line the cut broke off is dropped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return [line.rstrip("\r") for line in text.split("\n")[:-1]]


def durable_files(lines):
    """{path: (n, size, fnv)} of files synced before the cut and not unlinked after."""
    files = {}
    for line in lines:
        m = SYNCED.match(line)
        if m:
            files[m[2]] = (int(m[1]), int(m[3]), int(m[4]))
        m = UNLINKING.match(line)
        if m:
            files.pop(m[2], None)
    return files


def boot_and_cut(args, image, log, delay):
    """Boots on image behind a volatile cache and kills QEMU delay seconds after writer's
    start line.  Returns (why or None, the disk, seconds QEMU ran)."""
    sock = os.path.join(args.out, "disk.sock")
    disk = nbdcache.VolatileDisk(image, sock)
    drive = ("driver=raw,cache=writeback,file.driver=nbd,"
             "file.server.type=unix,file.server.path=%s" % sock)
    root = os.path.join(args.build, "tests", "system", "powercut", "root.elf")
    cmd = qemu.command(args.qemu, args.kernel, [root], "kaal.verbose", "128M", log,
                       qemu.virtio_blk(drive))
    if os.path.exists(log):
        os.unlink(log)
    start = time.monotonic()
    why = None
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL) as proc:
        deadline = start + args.boot_timeout
        while "[writer] start\n" not in (open(log, errors="replace").read()
                                          if os.path.exists(log) else ""):
            if proc.poll() is not None or time.monotonic() > deadline:
                why = "writer did not start (QEMU %s)" % (
                    "exited %s" % proc.returncode if proc.poll() is not None else "timed out")
                break
            time.sleep(0.02)
        if why is None:
            time.sleep(delay)
            if proc.poll() is not None:
                why = "QEMU exited by itself (status %s) before the cut" % proc.returncode
        proc.kill()  # SIGKILL: the power cut
        proc.wait()
    return why, disk, time.monotonic() - start


def check_image(image, files, scratch):
    """None if e2fsck can repair the image and every durable file reads back whole, else why.
    Also returns whether e2fsck -fy changed anything."""
    r = subprocess.run([qemu.e2fs_tool("e2fsck"), "-fy", image], capture_output=True, text=True)
    if r.returncode >= 4:
        return "e2fsck -fy exits %d:\n%s" % (r.returncode, r.stdout + r.stderr), False
    repaired = r.returncode != 0
    r = subprocess.run([qemu.e2fs_tool("e2fsck"), "-fn", image], capture_output=True, text=True)
    if r.returncode != 0:
        return "after e2fsck -fy, e2fsck -fn exits %d:\n%s" % (r.returncode, r.stdout), repaired
    paths = sorted(files)
    cmds = os.path.join(scratch, "dump.cmds")
    with open(cmds, "w") as f:
        for i, path in enumerate(paths):
            f.write("dump %s %s\n" % (path, os.path.join(scratch, "f%d" % i)))
    subprocess.run([qemu.e2fs_tool("debugfs"), "-f", cmds, image], capture_output=True)
    for i, path in enumerate(paths):
        n, size, sum_ = files[path]
        out = os.path.join(scratch, "f%d" % i)
        if not os.path.exists(out):
            return "%s was synced (step %d) but debugfs cannot find it" % (path, n), repaired
        with open(out, "rb") as f:
            got = f.read()
        want = pattern(n, size)
        if got != want:
            first = next((j for j in range(min(len(got), len(want))) if got[j] != want[j]),
                         min(len(got), len(want)))
            if len(got) != size:
                return "%s (step %d) reads back %d bytes, not %d" % (path, n, len(got), size), \
                    repaired
            return "%s (step %d): the first wrong byte is at %d" % (path, n, first), repaired
        if i == 0 and fnv(got) != sum_:
            return "%s: FNV %d, writer logged %d" % (path, fnv(got), sum_), repaired
    return None, repaired


def one_run(args, k, base):
    rng = random.Random("%d-%d" % (args.seed, k))
    delay = rng.uniform(args.min_delay, args.max_delay)
    image = os.path.join(args.out, "disk.img")
    log = os.path.join(args.out, "powercut-%d.log" % k)
    shutil.copyfile(base, image)
    why, disk, seconds = boot_and_cut(args, image, log, delay)
    kept, lost = disk.power_cut(rng)
    lines = read_log(log)
    bad = [p for p in TROUBLE if qemu.match_in_order("\n".join(lines), [p]) is None]
    if why is None and bad:
        why = "serial log shows /%s/" % bad[0]
    files = durable_files(lines)
    repaired = False
    if why is None:
        scratch = os.path.join(args.out, "dump")
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        why, repaired = check_image(image, files, scratch)
        if why:
            keep = os.path.join(args.out, "failed-%d.img" % k)
            shutil.copyfile(image, keep)
            why += " (image kept as %s)" % keep
    name = "powercut/run-%d" % k
    if why:
        tail = "\n".join("  | " + line for line in lines[-12:])
        print("FAIL: %s: %s; seed %d; log %s ends:\n%s" % (name, why, args.seed, log, tail))
        return None
    print("PASS: %s (cut %.2f s after start; %d files durable and checked; %d flushes; "
          "%d unflushed writes kept, %d lost; e2fsck %s)"
          % (name, delay, len(files), disk.flushes, kept, lost,
             "repaired the rest" if repaired else "found it clean"), flush=True)
    return len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True, help="the build directory, build/<arch>")
    ap.add_argument("--out", required=True, help="directory for the images and logs")
    ap.add_argument("--runs", type=int, default=24)
    ap.add_argument("--run", type=int, help="replay only this run of the seed's sequence")
    ap.add_argument("--seed", type=int, help="default: a new random seed, printed")
    ap.add_argument("--min-delay", type=float, default=0.05)
    ap.add_argument("--max-delay", type=float, default=12.0)
    ap.add_argument("--boot-timeout", type=float, default=60.0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not shutil.which(qemu.e2fs_tool("mke2fs")):
        print("FAIL: powercut: mke2fs is missing: run tools/setup.sh (package e2fsprogs)")
        return 1
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1 << 32)
    print("powercut: seed %d (replay: the same make target with POWERCUT_SEED=%d)"
          % (args.seed, args.seed), flush=True)
    base = os.path.join(args.out, "base.img")
    make_base(base)
    start = time.monotonic()
    runs = [args.run] if args.run is not None else range(args.runs)
    checked = [one_run(args, k, base) for k in runs]
    failed = checked.count(None)
    total = sum(c for c in checked if c is not None)
    seconds = time.monotonic() - start
    if failed:
        print("FAIL: powercut: %d of %d runs failed (seed %d)" % (failed, len(runs), args.seed))
        return 1
    if total == 0:
        print("FAIL: powercut: no run had a synced file to check (seed %d)" % args.seed)
        return 1
    print("PASS: powercut (%d runs, %d cuts, %d durable files checked, %.0f s, seed %d)"
          % (len(runs), len(runs), total, seconds, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
