#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Shared-memory queue throughput: the calc-stream example's 1000-item stream.

Boots examples/calc-stream (its producer and consumer are two components,
each in its own address space, and the stream runs through the queues of
kaal/queue.h) once under -icount shift=0,sleep=off, where a TSC tick is
one guest instruction and the figure repeats exactly, and three times
under plain TCG, where the ticks are real and are turned into time with
the TSC frequency the kernel measured (the median run is kept).  The
consumer times the stream from the first item to the last, so the
figures include the producer's work, the notifications and the thread
switches.  Prints a table, and with --csv writes "figure,value" rows.
With --smoke it only checks that two icount runs agree exactly.
"""

import argparse
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # importing qemu.py leaves nothing in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "boot"))
import qemu  # noqa: E402

ITEMS_LINE = re.compile(r"^\[consumer\] (\d+) items in (\d+) TSC ticks", re.M)


def run(args, extra, log):
    """(items, ticks, TSC MHz) of one boot."""
    # kaal.verbose: the kernel's timer line gives the TSC frequency.
    res = qemu.boot(args.qemu, args.kernel, [args.system], "kaal.exit=idle kaal.verbose", "128M",
                    log, args.timeout, extra)
    m = ITEMS_LINE.search(res.log)
    mhz = re.search(r"TSC (\d+) MHz", res.log)
    if not m or not mhz or "FAILED" in res.log:
        sys.exit("bench-queue: the stream did not finish cleanly; see %s" % log)
    return int(m.group(1)), int(m.group(2)), int(mhz.group(1))


ICOUNT = ["-icount", "shift=0,sleep=off"]


def smoke(args):
    a = run(args, ICOUNT, os.path.join(args.out, "queue-smoke1.log"))
    b = run(args, ICOUNT, os.path.join(args.out, "queue-smoke2.log"))
    if a[:2] != b[:2] or a[1] <= 0:
        print("FAIL: bench/queue-smoke: icount figures differ or are zero: %s vs %s" % (a, b))
        return 1
    print("PASS: bench/queue-smoke (%d items in %d instructions, repeatable)" % a[:2])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--system", required=True, help="examples/calc-stream's root.elf")
    ap.add_argument("--out", required=True, help="directory for the logs")
    ap.add_argument("--csv", help="write the figures here")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.smoke:
        return smoke(args)
    items, instructions, _ = run(args, ICOUNT, os.path.join(args.out, "queue-icount.log"))
    tcg = [run(args, [], os.path.join(args.out, "queue-tcg%d.log" % i)) for i in range(3)]
    ns = statistics.median(t[1] * 1000.0 / t[2] for t in tcg)
    rows = [("items", items), ("instructions_per_item", instructions / items),
            ("tcg_ns_per_item", ns / items), ("tcg_items_per_second", items * 1e9 / ns)]
    print("%-26s %12s" % ("figure", "value"))
    for name, value in rows:
        print("%-26s %12.1f" % (name, value))
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("figure,value\n")
            f.writelines("%s,%.1f\n" % r for r in rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
