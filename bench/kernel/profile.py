#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Where the kernel's instructions go, per benchmark, under QEMU's icount.

Boots a profile build of bench/kernel (a few operations per batch) on the
given kernel with -icount shift=0,sleep=off, -singlestep and QEMU's exec
trace, so every guest instruction is one trace line.  A kernel visit is a
run of instructions at kernel addresses between two user ones; visits that
start from the same user instruction and run the same instructions are one
kind.  For each kind seen at least --min times (the benchmark loops), it
prints the user function it came from, its length and, in order, the
kernel functions it ran with their instruction counts, so a change to a
path shows up function by function.  --dump FUNC lists the instructions of
the visits from user function FUNC one by one.

The trace is large (about 2 GiB for BATCH=20); it is read as it is written
and then deleted.
"""

import argparse
import bisect
import collections
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "boot"))
import qemu  # noqa: E402

KERNEL_BASE = 0xffffffff80000000
MAX_VISIT = 20000  # longer visits are boot or set-up, not a benchmark's operation


def symbols(elf):
    """Sorted (address, name) of elf's functions."""
    out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


class Namer:
    def __init__(self, elf):
        self.syms = symbols(elf)
        self.addrs = [a for a, _ in self.syms]

    def __call__(self, pc):
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.syms[i][1] if i >= 0 else "?"


def visits(trace):
    """Counter of (user pc before the visit, tuple of kernel pcs)."""
    kinds = collections.Counter()
    cur, before = [], None
    with open(trace, "rb") as f:
        for line in f:
            if not line.startswith(b"Trace"):
                continue
            slash = line.index(b"/")
            pc = int(line[slash + 1:slash + 17], 16)
            if pc >= KERNEL_BASE:
                cur.append(pc)
                continue
            if cur and len(cur) < MAX_VISIT:
                kinds[(before, tuple(cur))] += 1
            cur, before = [], pc
    return kinds


def runs(seq, name):
    """[(function, instructions)] for consecutive instructions in the same function."""
    out = []
    for pc in seq:
        f = name(pc)
        if out and out[-1][0] == f:
            out[-1][1] += 1
        else:
            out.append([f, 1])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True, help="the multiboot image to boot")
    ap.add_argument("--kernel-elf", required=True, help="its ELF with symbols")
    ap.add_argument("--bench", required=True, help="bench/kernel built with a small BATCH")
    ap.add_argument("--out", required=True)
    ap.add_argument("--min", type=int, default=15, help="fewest repeats of a visit kind shown")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--dump", metavar="FUNC",
                    help="also list every kernel instruction (function+offset) of the visits "
                         "from the user function FUNC, one per line, for reading beside objdump")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    trace = os.path.join(args.out, "profile-trace.log")
    log = os.path.join(args.out, "profile.log")
    res = qemu.boot(args.qemu, args.kernel, [args.bench], "kaal.exit=idle", "128M", log,
                    args.timeout, ["-icount", "shift=0,sleep=off", "-singlestep",
                                   "-d", "exec,nochain", "-D", trace])
    if "BENCH done" not in res.log:
        sys.exit("profile: the benchmark did not finish; see %s" % log)
    kinds = visits(trace)
    os.unlink(trace)
    kname, uname = Namer(args.kernel_elf), Namer(args.bench)
    for (before, seq), n in kinds.most_common():
        if n < args.min:
            break
        path = runs(seq, kname)
        total = collections.Counter()
        for f, c in path:
            total[f] += c
        print("== %d kernel instructions, from %s (%d times)" % (len(seq), uname(before), n))
        print("   path:   " + " > ".join("%s %d" % (f, c) for f, c in path))
        print("   totals: " + ", ".join("%s %d" % fc for fc in total.most_common()))
        if args.dump and uname(before) == args.dump:
            for pc in seq:
                f = kname(pc)
                base = kname.addrs[bisect.bisect_right(kname.addrs, pc) - 1]
                print("     %x %s+%#x" % (pc, f, pc - base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
