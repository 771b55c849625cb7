#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The serial class's test in QEMU: the 16550 driver and its client echo (tests/drivers/serial).

Two boots of the same system (make test-drivers-serial):

  ns16550       COM1 (the kernel's log) goes to a file and COM2, the UART
                the driver drives, to a Unix socket this script listens on
                (QEMU connects at start, so no byte is lost before it).
                The script waits for echo's greeting, sends the lines of
                LINES one step at a time and checks that everything that
                comes back on COM2 is exactly the greeting and the echoes,
                then that echo halts the machine (exit code 0) and that the
                kernel's log shows the driver ready on 0x2f8-0x2ff, IRQ 3,
                and the byte counts and interrupts echo reports.
  ns16550-no-com2  no second -serial, so nothing answers at 0x2f8: the driver
                must stop with its error and hint, and with kaal.exit=idle the
                kernel ends QEMU once everything waits.

Prints "PASS: drivers/<name> ..." or "FAIL: drivers/<name>: <why>" per boot.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

GREETING = b"KaaL serial echo: type a line\r\n"  # echo.c's GREETING
PREFIX = b"echo: "
LINE_MAX = 120  # echo.c's LINE_MAX: KAAL_SERIAL_BUF_SIZE - len(PREFIX) - 2
ALPHABET = bytes(range(ord("a"), ord("z") + 1))
LONG = (ALPHABET * 4)[:100]  # more than the FIFO both ways: several interrupts each way
TOO_LONG = (ALPHABET * 6)[:150]  # cut to LINE_MAX: its echo fills one buffer exactly
RX_ROOM = 16 * 128  # KAAL_SERIAL_RX_BUFS * KAAL_SERIAL_BUF_SIZE: what the driver can hand over
BURST = [b"burst %02d " % i + ALPHABET[i % 26:] + ALPHABET * 2 for i in range(48)]
assert sum(len(line) + 1 for line in BURST) > RX_ROOM

# Each step: the bytes sent in pieces (a pause between them), and the lines echo must answer.
LINES = [
    ([b"hello\r"], [b"hello"]),
    ([b"kaal 123\r"], [b"kaal 123"]),
    ([LONG + b"\r"], [LONG]),
    ([b"one\rtwo\r"], [b"one", b"two"]),       # two lines in one write
    ([b"spl", b"it\r"], [b"split"]),           # one line in two writes
    ([b"crlf\r\n"], [b"crlf"]),                # the \n after \r ends no line
    ([b"lf\n"], [b"lf"]),                      # a \n alone does
    ([b"\r"], [b""]),                          # an empty line is echoed too
    ([TOO_LONG + b"\r"], [TOO_LONG[:LINE_MAX]]),
    ([b"hold\r"], [b"hold"]),                  # echo takes no input until the driver has none
    ([b"".join(line + b"\r" for line in BURST)], BURST),  # more than the rx buffers hold
    ([b"bye\r"], [b"bye"]),                    # the last: echo halts after it
]

TIMEOUT = 60      # seconds for a whole boot
STEP_WAIT = 20    # seconds for the greeting or one step's echo
NO_TROUBLE = [r"PANIC", r"FAILED", r"faulted", r"not started", r"refused component",
              r"\[ns16550\] error"]


def echo_of(line):
    return PREFIX + line + b"\r\n"


class Com2:
    """The COM2 side: a listening Unix socket QEMU connects to, and everything read from it."""

    def __init__(self, path):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.conn = None
        self.data = b""

    def accept(self, timeout):
        self.listener.settimeout(timeout)
        self.conn, _ = self.listener.accept()

    def read_until(self, want, timeout):
        """Reads until the data read in all is at least as long as want; True if it equals it."""
        deadline = time.monotonic() + timeout
        while len(self.data) < len(want):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.conn.settimeout(left)
            try:
                chunk = self.conn.recv(4096)
            except socket.timeout:
                break
            if not chunk:
                break
            self.data += chunk
        return self.data == want

    def drain(self, timeout):
        """Reads whatever else comes until QEMU closes the socket or timeout passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.conn.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.conn.recv(4096)
            except (socket.timeout, OSError):
                return
            if not chunk:
                return
            self.data += chunk

    def close(self):
        for s in (self.conn, self.listener):
            if s:
                s.close()


def read_log(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def stop(proc, timeout):
    """Waits for QEMU to end, at most timeout seconds, then kills it; its exit code (as the
    kernel wrote it to isa-debug-exit), or None if it was killed or ended another way."""
    try:
        status = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None
    return (status - 1) // 2 if status > 0 and status % 2 == 1 else None


def converse(com2):
    """Sends LINES and checks each echo; None, or why it went wrong."""
    want = GREETING
    if not com2.read_until(want, STEP_WAIT):
        return "COM2: wanted the greeting %r, got %r" % (want, com2.data)
    for pieces, lines in LINES:
        for i, piece in enumerate(pieces):
            if i:
                time.sleep(0.2)
            com2.conn.sendall(piece)
        want += b"".join(echo_of(line) for line in lines)
        if not com2.read_until(want, STEP_WAIT):
            return "COM2: after sending %r wanted %r, got %r" % (
                b"".join(pieces), want[-80:], com2.data[len(want) - 80:])
    return None


def expected_log():
    received = sum(len(p) for pieces, _ in LINES for p in pieces)
    echoes = [line for _, lines in LINES for line in lines]
    sent = len(GREETING) + sum(len(echo_of(line)) for line in echoes)
    return [
        r"^\[root\] loaded 2 of 2 components",
        r"^\[ns16550\] ready: a 16550A at ports 0x2f8-0x2ff, IRQ 3, 115200 8N1$",
        r"^\[echo\] ok: the driver ran out of rx buffers; input waited for them$",
        r"^\[echo\] ok: the driver has sent every byte \(its transmitter is idle\)$",
        r"^\[echo\] lines echoed: %d$" % len(echoes),
        r"^\[echo\] bytes received: %d$" % received,
        r"^\[echo\] bytes sent: %d$" % sent,
        r"^\[echo\] driver: bytes received: %d$" % received,
        r"^\[echo\] driver: bytes sent: %d$" % sent,
        r"^\[echo\] driver: receive interrupts: [1-9]\d*$",
        r"^\[echo\] driver: transmit interrupts: [1-9]\d*$",
        r"^\[echo\] driver: overruns: 0$",
        r"^\[echo\] ok: the driver's byte counts are the client's$",
        r"^\[echo\] ok: input and output went by interrupts$",
        r"^\[echo\] ok: no byte was lost$",
        r"halted by thread 'echo' \(DebugHalt\)",
    ]


def check_log(log):
    missing = qemu.match_in_order(log, expected_log())
    if missing:
        return "the kernel's log lacks /%s/" % missing
    bad = [p for p in NO_TROUBLE if re.search(p, log, re.M)]
    return "the kernel's log shows /%s/" % bad[0] if bad else None


def run_echo(args, tmp):
    log = os.path.join(args.out, "ns16550.log")
    sock = os.path.join(tmp, "com2")
    if os.path.exists(log):
        os.unlink(log)
    com2 = Com2(sock)
    cmd = qemu.command(args.qemu, args.kernel, [args.root], "", "128M", log,
                       ["-serial", "unix:" + sock])
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    why = None
    try:
        com2.accept(STEP_WAIT)
        why = converse(com2)
    except OSError as e:
        why = "COM2: %s" % e
    code = stop(proc, TIMEOUT - (time.monotonic() - start) if why is None else 0)
    if com2.conn:
        com2.drain(0.5)
        if why is None:
            extra = com2.data[len(GREETING) + sum(
                len(echo_of(line)) for _, lines in LINES for line in lines):]
            if extra:
                why = "COM2: more came after the last echo: %r" % extra[:80]
    com2.close()
    text = read_log(log)
    why = why or check_log(text)
    if why is None and code != 0:
        why = "exit code %s, expected 0 (echo halts after the last line)" % code
    return result("ns16550", why, time.monotonic() - start, log, text)


def run_no_com2(args):
    """Without COM2 the driver must refuse to start, with its error and hint."""
    log = os.path.join(args.out, "ns16550-no-com2.log")
    if os.path.exists(log):
        os.unlink(log)
    want = [r"^\[ns16550\] error: no UART answers at the granted I/O ports",
            r"^\[ns16550\] hint: check ioports: in the system description; QEMU gives COM1, "
            r"COM2, \.\.\. one per -serial option"]
    res = qemu.boot(args.qemu, args.kernel, [args.root], "kaal.exit=idle", "128M", log, TIMEOUT)
    text = res.log
    missing = qemu.match_in_order(text, want)
    why = "the kernel's log lacks /%s/" % missing if missing else None
    if why is None and res.timed_out:
        why = "timed out: the system did not go idle"
    if why is None and res.code != 0:
        why = "exit code %s, expected 0 (kaal.exit=idle once everything waits)" % res.code
    if why is None and re.search(r"^\[ns16550\] ready", text, re.M):
        why = "the driver says it is ready without a UART"
    if why is None and re.search(r"PANIC|faulted", text, re.M):
        why = "the kernel's log shows a panic or a fault"
    return result("ns16550-no-com2", why, res.seconds, log, text)


def result(name, why, seconds, log, text):
    if why is None:
        return "PASS: drivers/%s (%.1f s)" % (name, seconds)
    tail = "\n".join("  | " + line for line in text.strip().splitlines()[-15:])
    return "FAIL: drivers/%s: %s; log %s ends:\n%s" % (name, why, log, tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True, help="the system's root.elf")
    ap.add_argument("--out", required=True, help="directory for the kernel's logs")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kaal-serial-") as tmp:
        results = [run_echo(args, tmp), run_no_com2(args)]
    print("\n".join(results))
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
