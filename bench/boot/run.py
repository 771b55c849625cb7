#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""KaaL's boot to the prompt, memory in use there, and image size.

Boots bench/boot/system.yaml (the 16550 console driver and the native shell,
whose "$ " is KaaL's prompt, plus the stamp component)
with kaal.exit=idle and kaal.verbose: once under -icount shift=0,sleep=off, where stamp prints the
TSC when everything else waits at the prompt (virtual nanoseconds since the
machine started, firmware included), and --tcg-runs times under plain TCG, where
the figure is the wall time from QEMU's start until "$ " appears (median kept).
Writes "figure,value,unit,tcg_ns" rows to --csv:

  boot_to_prompt   virtual ns (icount), wall ns (TCG)
  mem_used         KiB: the RAM the kernel hands out at boot ("[KaaL]   [a, b)"
                   lines: the free ranges and those that held the modules) less
                   what the root server has left once it has loaded
                   the system ("KiB of memory left"): the kernel's boot objects,
                   the root server and the components
  image_size       bytes: the kernel image + the root server ELF (which carries
                   the components)
"""

import argparse
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # importing common.py leaves nothing in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common  # noqa: E402

STAMP = re.compile(r"\[stamp\] prompt reached at TSC (\d+)", re.M)
RANGE = re.compile(r"^\[KaaL\]   \[0x([0-9a-f]+), 0x([0-9a-f]+)\)", re.M)
LEFT = re.compile(r"^\[root\] loaded (\d+) of (\d+) components; (\d+) KiB of memory left", re.M)
PROMPT = b"\n$ "


def run(args, extra, log):
    """(the log, the root server's "loaded" line, wall seconds to the prompt) of one boot that
    loaded every component, reached the prompt and idled."""
    # kaal.verbose: the memory figure comes from the kernel's and the root server's boot lines.
    res, seen = common.boot_timed(args.qemu, args.kernel, [args.system],
                                  "kaal.exit=idle kaal.verbose", log, args.timeout, extra, PROMPT)
    if res.code != 0 or seen is None or not STAMP.search(res.log):
        sys.exit("bench-boot: the system did not reach its prompt and idle (exit code %s); see %s"
                 % (res.code, log))
    loaded = LEFT.search(res.log)
    if not loaded or loaded.group(1) != loaded.group(2):
        sys.exit("bench-boot: the root server did not load every component; see %s" % log)
    return res.log, loaded, seen


def smoke(args):
    """Two icount boots must reach the prompt at the same virtual time, with every component
    loaded; returns what was seen, or exits with why not."""
    stamps = []
    for i in range(2):
        log, _, _ = run(args, common.ICOUNT, os.path.join(args.out, "boot-smoke%d.log" % i))
        stamps.append(int(STAMP.search(log).group(1)))
    if stamps[0] != stamps[1]:
        sys.exit("the prompt came at %d, then at %d virtual ns: icount did not repeat" % tuple(stamps))
    return "prompt at %.1f virtual ms, repeatable" % (stamps[0] / 1e6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--system", required=True, help="bench/boot's root.elf")
    ap.add_argument("--out", required=True, help="directory for the logs")
    ap.add_argument("--csv", help="write the figures here")
    ap.add_argument("--tcg-runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--smoke", action="store_true",
                    help="for make check: two icount boots, no TCG; one PASS or FAIL line")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.smoke:
        try:
            print("PASS: bench/boot-smoke (%s)" % smoke(args))
        except SystemExit as e:
            print("FAIL: bench/boot-smoke: %s" % e)
            return 1
        return 0

    log, loaded, _ = run(args, common.ICOUNT, os.path.join(args.out, "boot-icount.log"))
    walls = [run(args, [], os.path.join(args.out, "boot-tcg%d.log" % i))[2]
             for i in range(args.tcg_runs)]
    free_at_boot = sum(int(b, 16) - int(a, 16) for a, b in RANGE.findall(log)) // 1024
    used = free_at_boot - int(loaded.group(3))
    if used <= 0:
        sys.exit("bench-boot: memory in use came out as %d KiB" % used)
    rows = [("boot_to_prompt", int(STAMP.search(log).group(1)), "virtual ns",
             statistics.median(walls) * 1e9),
            ("mem_used", used, "KiB", None),
            ("image_size", os.path.getsize(args.kernel) + os.path.getsize(args.system), "bytes",
             None)]
    common.show("KaaL boot", rows, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
