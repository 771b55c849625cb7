#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The timer class's test in QEMU: the HPET driver, its protocol and the example (make test-drivers-timer).

The first three boots run under -icount shift=0,sleep=off: the guest's clocks (the
HPET's counter among them) advance one nanosecond per instruction, and
while every thread waits QEMU moves the clock straight to the next timer
deadline instead of sleeping through it.  Timestamps therefore repeat run
to run, whatever else the host is doing, and a second of guest time takes
a few milliseconds.

  timer-protocol  tests/drivers/timer: check tries every op and error reply
                  and the timeouts' timing, other is a second client that
                  must not reach check's timeouts, outsider has a channel
                  without pp: and must not reach the driver at all; check
                  ends the run with DebugHalt.
  timer-example   examples/timer: the "tick N at S s" lines, one a second;
                  the runner reads TICKS of them and checks that they come
                  1 s apart (within TOLERANCE_NS), the first 1 s after the
                  time tick printed at start.  The system runs for ever, so
                  the runner stops QEMU once it has the lines.
  timer-no-hpet   the example on a machine without an HPET (-machine
                  hpet=off): the driver says so, with its hint, and tick
                  gets ENODEV instead of the time.
  timer-example-realtime
                  the example once more with plain -icount shift=0, as
                  make run paces it: idle time passes as host time, so a
                  second takes a second and the delivery latency varies
                  with the host's load; REALTIME_TICKS lines, each 1 s after
                  the one before within REALTIME_TOLERANCE_NS.

Prints "PASS: drivers/<name> ..." or "FAIL: drivers/<name>: <why>" per boot.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

ICOUNT = ["-icount", "shift=0,sleep=off"]
TIMEOUT = 60          # seconds of host time for a boot
TICKS = 10            # lines of the example to check
NS_PER_S = 1000000000
TOLERANCE_NS = 1000000  # 1 ms: a tick may reach the component this much after its deadline
REALTIME_TICKS = 3
REALTIME_TOLERANCE_NS = 50000000  # 50 ms: QEMU's wake-up from idle follows the host's scheduling

NO_TROUBLE = [r"PANIC", r"FAILED", r"faulted", r"not started", r"refused component"]

CHECK = [r"^\[check\] ok: the time moves forward$",
         r"^\[check\] ok: a one-shot timeout in 1 s: id 0$",
         r"^\[check\] ok: a zero period is refused: EINVAL$",
         r"^\[check\] ok: a period under 100 us is refused: EINVAL$",
         r"^\[check\] ok: a timeout or sleep beyond KAAL_TIMER_MAX_NS is refused: EINVAL$",
         r"^\[check\] ok: cancel of a bad id: EINVAL; of an id not in use: ENOENT$",
         r"^\[hpet\] refused a request on channel 1 \(label 99\): unknown request label, ENOSYS$",
         r"^\[check\] ok: an unknown op is refused: ENOSYS$",
         r"^\[hpet\] refused a request on channel 1 \(oneshot\): the message is shorter than the "
         r"op's arguments, EBADMSG$",
         r"^\[hpet\] refused a request on channel 1 \(periodic\): .*, EBADMSG$",
         r"^\[hpet\] refused a request on channel 1 \(cancel\): .*, EBADMSG$",
         r"^\[hpet\] refused a request on channel 1 \(sleep\): .*, EBADMSG$",
         r"^\[check\] ok: every op a word short is refused: EBADMSG$",
         r"^\[check\] ok: a timeout beyond KAAL_TIMER_MAX \(8\) is refused: ENOSPC$",
         r"^\[check\] ok: each of them can be cancelled$",
         r"^\[check\] ok: a 20 ms sleep returns 20 ms later, with the time$",
         r"^\[check\] ok: a sleep of 0 returns at once$",
         r"^\[check\] ok: one-shots in 50 and 30 ms, the second cancelled$",
         r"^\[check\] ok: the one-shot fired after 50 ms; the cancelled one did not fire$",
         r"^\[check\] ok: a periodic timeout fired 5 times, 10 ms apart, none missed$",
         r"^\[check\] ok: the periodic timeout cancelled$",
         r"^\[check\] ok: after its cancel the periodic timeout fired no more \(35 ms without it\)$",
         r"^\[check\] ok: the 1 s timeout fired: the other client's cancels did not touch it$",
         r"^\[check\] done$",
         r"halted by thread 'check' \(DebugHalt\)"]
OTHER = [r"^\[other\] ok: no id names another client's timeout: ENOENT for each$",
         r"^\[other\] ok: its own one-shot is its id 0$",
         r"^\[other\] ok: its own one-shot fired$",
         r"^\[other\] done$"]
OUTSIDER = [r"^\[outsider\] ok: a channel without pp: reaches no timer op: EBADF from its own "
            r"runtime$",
            r"^\[outsider\] ok: nor does a channel id it does not have$",
            r"^\[outsider\] done$"]
START = [r"^\[root\] loaded 4 of 4 components",
         r"^\[hpet\] ready: an HPET of \d+ timers counting at 100000000 Hz; timer 0 on IRQ 0$"]
# Only check's channel (1) sends the driver bad requests; the driver never hears from outsider.
PROTOCOL_FORBID = NO_TROUBLE + [r"refused a request on channel [^1]"]

TICK = re.compile(r"^\[tick\] tick (\d+) at (\d+)\.(\d{9}) s$", re.M)
START_TIME = re.compile(r"^\[tick\] the time is (\d+)\.(\d{9}) s$", re.M)


def check_log(log, lists, forbid):
    """Why log fails: a line of some list missing (each list in its own order), or a forbidden
    pattern present; None if it passes."""
    for lines in lists:
        missing = qemu.match_in_order(log, lines)
        if missing:
            return "missing (in order): " + missing
    for pat in forbid:
        if re.search(pat, log, re.M):
            return "unexpected: " + pat
    return None


def protocol(args):
    name, log_path = "drivers/timer-protocol", os.path.join(args.out, "timer-protocol.log")
    res = qemu.boot(args.qemu, args.kernel, [args.root], "kaal.verbose", "128M", log_path,
                    TIMEOUT, ICOUNT)
    why = check_log(res.log, [START + CHECK, OTHER, OUTSIDER], PROTOCOL_FORBID)
    if why is None and res.timed_out:
        why = "QEMU did not stop within %d s" % TIMEOUT
    return qemu.verdict(name, why, "every op, error reply and client in %.1f s" % res.seconds,
                        log_path, res)


def boot_until(args, root, log_path, extra, enough):
    """Boots root until enough(log) holds, QEMU exits or TIMEOUT passes; returns a qemu.Result
    (timed_out means the time ran out before enough held)."""
    if os.path.exists(log_path):
        os.unlink(log_path)
    cmd = qemu.command(args.qemu, args.kernel, [root], "", "128M", log_path, extra)
    start, log, done = time.monotonic(), "", False
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.STDOUT) as proc:
        while time.monotonic() - start < TIMEOUT and proc.poll() is None:
            time.sleep(0.2)
            if os.path.exists(log_path):
                with open(log_path, encoding="utf-8", errors="replace") as f:
                    log = f.read()
            if enough(log):
                done = True
                break
        proc.kill()
        proc.wait()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    return qemu.Result(None, proc.returncode, not done, log, time.monotonic() - start)


def spacing_fault(log, count, tolerance):
    """What is wrong with the example's first count tick lines, or None; and the largest
    deviation from 1 s in ns."""
    first = START_TIME.search(log)
    ticks = [(int(n), int(s) * NS_PER_S + int(ns)) for n, s, ns in TICK.findall(log)][:count]
    if not first or len(ticks) < count:
        return "%d tick lines (and %s start line), expected %d" % (
            len(ticks), "a" if first else "no", count), 0
    times = [int(first.group(1)) * NS_PER_S + int(first.group(2))] + [t for _, t in ticks]
    if [n for n, _ in ticks] != list(range(1, count + 1)):
        return "the ticks are not numbered 1 to %d" % count, 0
    worst = 0
    for k in range(1, len(times)):
        gap = times[k] - times[k - 1]
        worst = max(worst, abs(gap - NS_PER_S))
        if abs(gap - NS_PER_S) >= tolerance:
            return "line %d came %d ns after the one before, not 1 s (within %d ns)" % (
                k, gap, tolerance), worst
    return None, worst


def example(args, name="timer-example", icount=ICOUNT, count=TICKS, tolerance=TOLERANCE_NS):
    log_path = os.path.join(args.out, name + ".log")
    res = boot_until(args, args.example_root, log_path, icount,
                     lambda log: len(TICK.findall(log)) >= count)
    why, worst = spacing_fault(res.log, count, tolerance)
    if why is None:
        why = check_log(res.log, [], NO_TROUBLE)
    return qemu.verdict("drivers/" + name, why, "%d lines 1 s apart of guest time, within %d ns"
                        % (count, worst), log_path, res)


def example_realtime(args):
    return example(args, "timer-example-realtime", ["-icount", "shift=0"], REALTIME_TICKS,
                   REALTIME_TOLERANCE_NS)


def no_hpet(args):
    name, log_path = "drivers/timer-no-hpet", os.path.join(args.out, "timer-no-hpet.log")
    res = qemu.boot(args.qemu, args.kernel, [args.example_root], "kaal.exit=idle", "128M",
                    log_path, TIMEOUT, ICOUNT + ["-machine", "hpet=off"])
    why = check_log(res.log, [[
        r"^\[hpet\] error: no HPET answers at the granted MMIO address",
        r"^\[hpet\] hint: grant the HPET's registers, mmio: \{phys: 0xfed00000, size: 4K\}",
        r"^\[tick\] the timer did not answer: ENODEV$"]], [r"PANIC", r"FAILED", r"faulted",
                                                           r"^\[tick\] tick"])
    if why is None and res.code != 0:
        why = "QEMU did not stop when every thread waited (kaal.exit=idle)"
    return qemu.verdict(name, why, "the driver's error and hint; ENODEV for its client",
                        log_path, res)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True, help="tests/drivers/timer's root server")
    ap.add_argument("--example-root", required=True, help="examples/timer's root server")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda run: run(args), [protocol, example, no_hpet,
                                                       example_realtime]))
    for line in results:
        print(line)
    return 0 if all(r.startswith("PASS") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
