#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the in-guest kernel conformance suite and report its results.

Boots the kernel with the suite as root task (tests/boot/qemu.py's
conventions: timeout, -no-reboot, isa-debug-exit, serial log to a file),
prints each "PASS: kernel/...", "FAIL: kernel/..." and "SKIP: kernel/..."
line the suite wrote (a skipped case counts neither way), adds a failure
if the suite did not reach its closing line (a case that faulted or hung)
or the kernel did not stop cleanly, and ends with "N passed, N failed".
--name puts another name in place of "kernel" in every line it prints, for
a suite built with other options (kernel-hwdebug/<case>:
HARDWARE_DEBUG_API=1).  --qemu-args adds QEMU options (devices); --iommu
says the machine has VT-d and edu devices, so that iommu.c's cases must
run, none skipped, and the kernel must have reported every DMA the suite
says the IOMMU blocked.
"""

import argparse
import collections
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402


def iommu_checks(name, log, skipped):
    """The IOMMU run's own checks, as (ok, line): the suite found VT-d and skipped nothing, and
    every blocked DMA the suite announced has the kernel's fault report (iommu.c's blocked())."""
    machine = re.search(r"^\[iommu\] VT-d present$", log, re.M)
    if not machine or skipped:
        yield False, ("FAIL: %s/iommu-machine: %s" % (
            name, "the suite skipped %d cases" % skipped if machine
            else "the suite did not find VT-d (no '[iommu] VT-d present' line)"))
    else:
        yield True, "PASS: %s/iommu-machine (VT-d present, no case skipped)" % name
    expected = collections.Counter(
        (kind, bdf, int(addr, 16)) for kind, bdf, addr in re.findall(
            r"^\[iommu\] expect DMA (read|write) fault: (\S+) at 0x([0-9a-f]+)$", log, re.M))
    reported = collections.Counter(
        (kind, bdf, int(addr, 16)) for kind, bdf, addr in re.findall(
            r"IOMMU fault: DMA (read|write) from ([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) at "
            r"0x([0-9a-f]+)", log))
    missing = sorted(expected - reported)
    if not expected:
        yield False, "FAIL: %s/iommu-fault-reports: the suite announced no blocked DMA" % name
    elif missing:
        yield False, ("FAIL: %s/iommu-fault-reports: no kernel report of %s" % (
            name, "; ".join("the %s from %s at 0x%x" % m for m in missing)))
    else:
        yield True, ("PASS: %s/iommu-fault-reports (%d blocked DMAs, each reported)"
                     % (name, sum(expected.values())))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--name", default="kernel", help="the name results are printed under")
    ap.add_argument("--qemu-args", default="", help="more QEMU options, as one shell word list")
    ap.add_argument("--iommu", action="store_true",
                    help="the machine has VT-d and edu devices: check the IOMMU cases ran")
    args = ap.parse_args()
    name = args.name

    res = qemu.boot(args.qemu, args.kernel, [args.suite], "kaal.exit=idle", "128M", args.log,
                    args.timeout, shlex.split(args.qemu_args))
    lines = [l.rstrip("\r") for l in res.log.splitlines()]
    results = [re.sub(r"^(PASS|FAIL|SKIP): kernel/", r"\1: %s/" % name, l)
               for l in lines if re.match(r"^(PASS|FAIL|SKIP): kernel/", l)]
    print("\n".join(results))
    failed = sum(1 for l in results if l.startswith("FAIL"))
    passed = sum(1 for l in results if l.startswith("PASS"))
    skipped = sum(1 for l in results if l.startswith("SKIP"))
    if not any(l.startswith("[suite] done:") for l in lines):
        why = "timed out" if res.timed_out else "stopped early"
        tail = "\n".join("  | " + l for l in lines[-8:])
        print("FAIL: %s/suite: the suite %s before its closing line; %s ends:\n%s"
              % (name, why, args.log, tail))
        failed += 1
    elif res.code != 0:
        print("FAIL: %s/suite: the kernel stopped with exit code %s, not 0" % (name, res.code))
        failed += 1
    # The kernel reports its fast-path use when it halts; the suite's
    # short_call_and_reply_recv case is built to take both fast paths.
    fast = re.search(r"fast path: (\d+) Call, (\d+) ReplyRecv, (\d+) UnknownSyscall", res.log)
    if not fast or 0 in (int(fast.group(1)), int(fast.group(2)), int(fast.group(3))):
        print("FAIL: %s/fastpath-used: the suite's calls never took the fast path (%s)"
              % (name, fast.group(0) if fast else "no report from the kernel"))
        failed += 1
    else:
        print("PASS: %s/fastpath-used (%s)" % (name, fast.group(0)))
        passed += 1
    # The syscall table's debug_dump_and_snapshot_return case names the root
    # thread 'suite-root' and asks for a scheduler dump and a snapshot;
    # yield_does_not_run_lower_priority dumps the scheduler with its helper,
    # 'ready-spinner', waiting in the ready queue of priority 200.
    expected = [
        ("scheduler dump naming 'suite-root' as running",
         r"^\[KaaL\] scheduler: running 'suite-root' \(prio \d+, mcp \d+\)$"),
        ("snapshot line for slot 1 as a thread",
         r"^\[KaaL\]   slot 1: thread object 0x[0-9a-f]+$"),
        ("scheduler dump with 'ready-spinner' ready",
         r"^\[KaaL\]   ready: 'ready-spinner' prio 200 mcp 200 state \w+$"),
    ]
    found = [(what, re.search(pattern, res.log, re.M)) for what, pattern in expected]
    missing = [what for what, m in found if not m]
    if missing:
        print("FAIL: %s/debug-dump-output: no %s line from the kernel"
              % (name, "; no ".join(missing)))
        failed += 1
    else:
        print("PASS: %s/debug-dump-output (%s)"
              % (name, "; ".join(m.group(0).strip() for _, m in found)))
        passed += 1
    if args.iommu:
        for ok, line in iommu_checks(name, res.log, skipped):
            print(line)
            passed += ok
            failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
