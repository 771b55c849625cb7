#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux baseline: Debian's kernel running bench/linux/bench.c from a busybox initramfs.

Boots build/linux/vmlinuz (tools/setup.sh --bench) on the same QEMU machine as
KaaL's benchmarks, with "console=ttyS0 quiet", once under -icount shift=0,sleep=off
(TSC ticks are guest instructions, and repeat) and --tcg-runs times under plain
TCG (the median wall time is kept).  /init ends each run through isa-debug-exit.
Writes "figure,value,unit,tcg_ns" rows to --csv:

  null_syscall, pipe_round_trip, yield_switch (CFS), yield_switch_fifo (SCHED_FIFO)
                    instructions per operation
  boot_to_init      TSC ticks from machine reset to init's first command, i.e.
                    virtual nanoseconds, idle time included; its TCG figure is
                    the wall time from QEMU's start until that line appears
  mem_used          KiB, MemTotal - MemFree at init
  image_size        bytes, vmlinuz + initramfs
  cached_read_ext2, cached_read_tmpfs
                    instructions per 4 KiB pread of a file read before, on
                    the ext2 disk and on a tmpfs
  seq_write, seq_read
                    MiB/s in plain TCG: 64 MiB in 1 MiB writes, then fsync;
                    read back after dropping the page cache (dd's loops)

Every boot gets a fresh ext2 image as virtio-blk (bench/common.py, the same
image and device flags as bench/fs's); only the plain-TCG runs' disks ask
for the 64 MiB stream, as in bench/fs/run.py.

With --smoke: one icount boot, one PASS/FAIL line on whether every figure is
there and plausible.
"""

import argparse
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # importing common.py leaves nothing in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common  # noqa: E402

APPEND = "console=ttyS0 quiet"
FIGURE = re.compile(r"^LINUX (\w+) ([\d.]+) ticks ([\d.]+) ns", re.M)
INFO = re.compile(r"^LINUX-INFO (\w+) (\d+)", re.M)
BOOT_MARKER = b"LINUX boot_to_init"
OPS = ("null_syscall", "pipe_round_trip", "yield_switch", "yield_switch_fifo", "cached_read_ext2",
       "cached_read_tmpfs")
STREAMS = ("seq_write", "seq_read")
STREAM_MIB = 64
# What a sane figure lies between, in instructions (6.1 measures 361, 12,765, 1,852 and 1,698;
# boot about 6e9 virtual ns).  The smoke run fails outside these, which catches a broken program or
# a run that measured nothing.
PLAUSIBLE = {"null_syscall": (50, 5000), "pipe_round_trip": (2000, 200000),
             "yield_switch": (200, 50000), "yield_switch_fifo": (200, 50000),
             "cached_read_ext2": (1000, 100000), "cached_read_tmpfs": (1000, 100000),
             "boot_to_init": (1e8, 1e11)}


def run(args, extra, log, stream_mib=0):
    """(figures {name: (ticks, ns)}, infos {name: int}, wall seconds to init) of one boot."""
    image = os.path.join(args.out, "linux-disk.img")
    common.make_disk(image, stream_mib)
    res, seen = common.boot_timed(args.qemu, args.kernel, [args.initramfs], APPEND, log,
                                  args.timeout, list(extra) + common.disk_args(image), BOOT_MARKER)
    if (res.code != 0 or "LINUX done" not in res.log or "LINUX fs done" not in res.log
            or "LINUX FAILED" in res.log):
        raise RuntimeError("the benchmark did not finish cleanly (exit code %s%s); see %s"
                           % (res.code, ", timed out" if res.timed_out else "", log))
    figures = {m[0]: (float(m[1]), float(m[2])) for m in FIGURE.findall(res.log)}
    infos = {m[0]: int(m[1]) for m in INFO.findall(res.log)}
    return figures, infos, seen


def smoke(args):
    try:
        figures, infos, _ = run(args, common.ICOUNT, os.path.join(args.out, "linux-smoke.log"))
    except RuntimeError as e:
        print("FAIL: bench/linux-smoke: %s" % e)
        return 1
    bad = [name for name, (lo, hi) in sorted(PLAUSIBLE.items())
           if name not in figures or not lo <= figures[name][0] <= hi]
    if infos.get("mem_used_kib", 0) <= 0:
        bad.append("mem_used_kib")
    shown = ", ".join("%s %.0f" % (n, figures[n][0]) for n in OPS if n in figures)
    shown += " instructions; boot to init %.0f virtual ns" % figures.get("boot_to_init", (0,))[0]
    if bad:
        print("FAIL: bench/linux-smoke: missing or implausible: %s (%s)" % (", ".join(bad), shown))
        return 1
    print("PASS: bench/linux-smoke (%s: %s)" % (args.version, shown))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True, help="Debian's vmlinuz")
    ap.add_argument("--initramfs", required=True)
    ap.add_argument("--out", required=True, help="directory for the logs")
    ap.add_argument("--csv", help="write the figures here")
    ap.add_argument("--tcg-runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=180)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    version_file = os.path.join(os.path.dirname(args.kernel), "version")
    args.version = open(version_file).read().strip() if os.path.exists(version_file) else "?"
    os.makedirs(args.out, exist_ok=True)
    if args.smoke:
        return smoke(args)
    try:
        return measure(args)
    except RuntimeError as e:
        sys.exit("bench-linux: %s" % e)


def measure(args):
    icount, infos, _ = run(args, common.ICOUNT, os.path.join(args.out, "linux-icount.log"))
    tcg = [run(args, [], os.path.join(args.out, "linux-tcg%d.log" % i), STREAM_MIB)
           for i in range(args.tcg_runs)]
    rows = [(n, icount[n][0], "instructions", statistics.median(t[0][n][1] for t in tcg))
            for n in OPS]
    rows.append(("boot_to_init", icount["boot_to_init"][0], "virtual ns",
                 statistics.median(t[2] for t in tcg) * 1e9))
    for n in STREAMS:
        ns = statistics.median(t[0][n][1] for t in tcg)
        rows.append((n, STREAM_MIB / (ns / 1e9), "MiB/s", ns))
    rows.append(("mem_used", infos["mem_used_kib"], "KiB", None))
    rows.append(("image_size", os.path.getsize(args.kernel) + os.path.getsize(args.initramfs),
                 "bytes", None))
    common.show("Linux baseline (%s)" % args.version, rows, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
