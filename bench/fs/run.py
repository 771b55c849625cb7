#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The file service's figures: bench/fs in QEMU with an ext2 disk on virtio-blk.

Makes a fresh ext2 image for every boot (bench/common.py: 4 KiB blocks, the
same image and device flags as bench/linux's) and boots bench/fs/system.yaml
with kaal.verbose (the client ends the run with DebugHalt): once under
-icount shift=0,sleep=off, where the cached reads are instructions and
repeat, and --tcg-runs times under plain TCG, where the TSC ticks become time
through the kernel's TSC frequency (the median run is kept).  Only the
plain-TCG disks ask for the 64 MiB stream (stream.txt, fsbench.c): under
icount the disk's requests finish in host time while the virtual clock
runs on, so a stream there is slow and does not repeat.  Writes "figure,value,unit,tcg_ns" rows
to --csv:

  cached_read_ext2, cached_read_ext2_shared, cached_read_ramfs
                                        instructions per 4 KiB pread (icount),
                                        with the plain-TCG time per read
                                        (fsbench.c says what each one does)
  seq_write, seq_read                   MiB/s in plain TCG (64 MiB; the write
                                        includes the fsync), with the time the
                                        64 MiB took

With --smoke: two icount boots whose cached-read figures must agree exactly,
and one plain-TCG boot with a 4 MiB stream, which the client reads back and
checks byte by byte; one PASS or FAIL line.
"""

import argparse
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # importing common.py leaves nothing in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common  # noqa: E402

FIGURE = re.compile(r"^\[fsbench\] FSBENCH (\w+) ([\d.]+) ticks", re.M)
MHZ = re.compile(r"TSC (\d+) MHz")
READS = ("cached_read_ext2", "cached_read_ext2_shared", "cached_read_ramfs")
STREAMS = ("seq_write", "seq_read")
STREAM_MIB = 64
SMOKE_MIB = 4


def run(args, extra, name, stream_mib=0, verify=False):
    """({figure: ticks}, TSC MHz) of one boot on a fresh disk."""
    image = os.path.join(args.out, "fs-disk.img")
    log = os.path.join(args.out, name + ".log")
    common.make_disk(image, stream_mib, verify)
    res, _ = common.boot_timed(args.qemu, args.kernel, [args.system],
                               "kaal.verbose", log, args.timeout,
                               list(extra) + common.disk_args(image))
    if res.code != 0 or "FSBENCH done" not in res.log or "FAILED" in res.log:
        raise RuntimeError("the benchmark did not finish cleanly (exit code %s%s); see %s"
                           % (res.code, ", timed out" if res.timed_out else "", log))
    mhz = MHZ.search(res.log)
    return {m[0]: float(m[1]) for m in FIGURE.findall(res.log)}, int(mhz.group(1)) if mhz else 0


def smoke(args):
    a, _ = run(args, common.ICOUNT, "fs-smoke0")
    b, _ = run(args, common.ICOUNT, "fs-smoke1")
    got = {n: (a.get(n), b.get(n)) for n in READS}
    if any(x is None or x <= 0 or x != y for x, y in got.values()):
        raise RuntimeError("cached-read figures missing or not repeated: %s" % got)
    c, _ = run(args, [], "fs-smoke-stream", SMOKE_MIB, verify=True)
    if any(c.get(n, 0) <= 0 for n in STREAMS):
        raise RuntimeError("the %d MiB stream gave no figures: %s" % (SMOKE_MIB, c))
    return (", ".join("%s %.2f" % (n, a[n]) for n in READS)
            + " instructions, repeatable; %d MiB written, read back and checked byte by byte"
            % SMOKE_MIB)


def measure(args):
    icount, _ = run(args, common.ICOUNT, "fs-icount")
    tcg = []
    for i in range(args.tcg_runs):
        figures, mhz = run(args, [], "fs-tcg%d" % i, STREAM_MIB)
        if not mhz:
            raise RuntimeError("the kernel's TSC frequency line is missing from fs-tcg%d.log" % i)
        tcg.append({n: v * 1000.0 / mhz for n, v in figures.items()})  # ticks -> ns
    rows = [(n, icount[n], "instructions", statistics.median(t[n] for t in tcg)) for n in READS]
    for n in STREAMS:
        ns = statistics.median(t[n] for t in tcg)
        rows.append((n, STREAM_MIB / (ns / 1e9), "MiB/s", ns))
    common.show("KaaL file service", rows, args.csv)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--system", required=True, help="bench/fs's root.elf")
    ap.add_argument("--out", required=True, help="directory for the disk and the logs")
    ap.add_argument("--csv", help="write the figures here")
    ap.add_argument("--tcg-runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--smoke", action="store_true",
                    help="for make check: two icount boots, no TCG; one PASS or FAIL line")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    try:
        if args.smoke:
            print("PASS: bench/fs-smoke (%s)" % smoke(args))
            return 0
        return measure(args)
    except (RuntimeError, OSError) as e:
        if args.smoke:
            print("FAIL: bench/fs-smoke: %s" % e)
            return 1
        sys.exit("bench-fs: %s" % e)


if __name__ == "__main__":
    sys.exit(main())
