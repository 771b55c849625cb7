#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the kernel micro-benchmarks and print their figures.

Boots bench/kernel in QEMU (same machine as the tests) on the release kernel
(--kernel) twice: once with -icount shift=0,sleep=off, where a TSC tick is one
guest instruction and figures repeat exactly, and once under plain TCG, where
ticks are real and are converted to nanoseconds with the TSC frequency the
kernel measured.  With --debug-kernel it also boots the debug kernel under
icount, for the figures beside the release ones.  Writes
"benchmark,instructions,debug_instructions,tcg_ns" rows to kernel.csv in --out
and prints a table.
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # importing qemu.py leaves nothing in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "boot"))
import qemu  # noqa: E402


def run(args, extra, log, kernel=None):
    # kaal.verbose: the kernel's timer line gives the TSC frequency.  The root task suspends
    # itself at the end (or when its set-up fails), and kaal.exit=idle then stops the machine.
    res = qemu.boot(args.qemu, kernel or args.kernel, [args.bench], "kaal.verbose kaal.exit=idle",
                    "128M", log, args.timeout, extra)
    if "BENCH done" not in res.log:
        raise RuntimeError("the benchmark root task did not finish; see %s" % log)
    figures = dict(re.findall(r"^BENCH (\w+) ([\d.]+) ticks", res.log, re.M))
    mhz = re.search(r"TSC (\d+) MHz", res.log)
    return figures, int(mhz.group(1)) if mhz else 0


def smoke(args):
    """One PASS/FAIL line: the icount figures exist, are positive and repeat exactly."""
    try:
        first, _ = run(args, ["-icount", "shift=0,sleep=off"], os.path.join(args.out, "smoke1.log"))
        second, _ = run(args, ["-icount", "shift=0,sleep=off"],
                        os.path.join(args.out, "smoke2.log"))
    except RuntimeError as e:
        print("FAIL: bench/kernel-smoke: %s" % e)
        return 1
    shown = ", ".join("%s %s instructions" % kv for kv in sorted(first.items()))
    if not first or any(float(v) <= 0 for v in first.values()):
        print("FAIL: bench/kernel-smoke: missing or zero figures (%s)" % shown)
        return 1
    if first != second:
        print("FAIL: bench/kernel-smoke: icount figures differ between runs: %s vs %s"
              % (first, second))
        return 1
    print("PASS: bench/kernel-smoke (%s, repeatable)" % shown)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True, help="the kernel measured: the release build")
    ap.add_argument("--debug-kernel", help="the debug build, measured under icount beside it")
    ap.add_argument("--bench", required=True)
    ap.add_argument("--out", required=True, help="directory for logs and results.csv")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--smoke", action="store_true",
                    help="check only: two icount runs agree exactly, every figure is positive")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.smoke:
        return smoke(args)

    try:
        icount, _ = run(args, ["-icount", "shift=0,sleep=off"],
                        os.path.join(args.out, "icount.log"))
        debug = {}
        if args.debug_kernel:
            debug, _ = run(args, ["-icount", "shift=0,sleep=off"],
                           os.path.join(args.out, "icount-debug.log"), args.debug_kernel)
        tcg, mhz = run(args, [], os.path.join(args.out, "tcg.log"))
    except RuntimeError as e:
        sys.exit("bench: %s" % e)
    rows = []
    for name, instr in icount.items():
        ns = float(tcg[name]) * 1000.0 / mhz if mhz and name in tcg else float("nan")
        rows.append((name, float(instr), float(debug.get(name, "nan")), ns))
    with open(os.path.join(args.out, "kernel.csv"), "w") as f:
        f.write("benchmark,instructions,debug_instructions,tcg_ns\n")
        for row in rows:
            f.write("%s,%.2f,%.2f,%.1f\n" % row)
    print("%-20s %14s %14s %12s" % ("benchmark", "release", "debug", "TCG ns"))
    for row in rows:
        print("%-20s %14.2f %14.2f %12.1f" % row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
