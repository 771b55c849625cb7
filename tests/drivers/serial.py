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

And two boots of the system console (tests/drivers/console), the driver
on COM1 beside the kernel, with COM1 on a socket this script listens on:

  ns16550-console  with kaal.console=user.  COM1 must carry the kernel's
                boot log up to the line that starts the root server, then
                only whole log lines of the root server and the driver (their
                DebugPutChar), the driver's ready line among them, then the
                console's banner and prompt.  The script types "hello", a
                line with two backspaces, an empty line and "halt", and
                checks each answer; after "halting" the console
                halts the machine (exit code 0) and COM1 carries nothing more:
                the kernel printed nothing of its own once the root server ran.
  ns16550-console-kernel  the same without the option: the kernel keeps its
                console, so its own lines come between the console's (it says
                it is idle each time all threads wait, in the middle of the
                prompt's line) and its DebugHalt lines follow the last one.
                Taken out, they must leave the console's output exactly.

Every boot has kaal.verbose, so the kernel's boot log and the root server's
lines that this script checks are printed.

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

# The console (tests/drivers/console/console.c): its banner and prompt, then for each line the
# runner types, what the console must answer: the typing echoed, the answer and what follows.
BANNER = b"Welcome to KaaL!\r\n$ "
CONSOLE_STEPS = [
    (b"hello\r", b"hello\r\nyou typed: hello\r\n$ "),
    (b"kaal\x7f\x08L\r", b"kaal\b \b\b \bL\r\nyou typed: kaL\r\n$ "),  # DEL and BS erase
    (b"\r", b"\r\n$ "),                                                  # an empty line
    (b"halt\r", b"halt\r\nyou typed: halt\r\nhalting\r\n"),  # the last: the console halts
]
TRANSCRIPT = BANNER + b"".join(answer for _, answer in CONSOLE_STEPS)
BOOT_LOG = [r"^\[KaaL\] Booting\.\.\.\r?$", r"^\[KaaL\] kernel image .*command line: ",
            r"^\[KaaL\] boot complete\r?$"]
ROOT_STARTED = b"[KaaL] starting the root server: "  # the last line with kaal.console=user
# What may come between that line and the banner: whole lines that the root server and the
# driver log through DebugPutChar, which works in every mode.
USER_LOG = re.compile(rb"\[(root|ns16550)\] [^\r\n]*\r\n")
DRIVER_READY = b"[ns16550] ready: a 16550A at ports 0x3f8-0x3ff, IRQ 4, 115200 8N1\r\n"
# What the kernel prints when it keeps its console: each time every thread waits, and after the
# console's last line, DebugHalt's lines.
KERNEL_IDLE = b"[KaaL] no runnable threads: the kernel is idle\r\n"
KERNEL_HALT = re.compile(rb"\[KaaL\] fast path: \d+ Call, \d+ ReplyRecv, \d+ UnknownSyscall\r\n"
                         rb"\[KaaL\] halted by thread 'console' \(DebugHalt\) after \d+ timer "
                         rb"interrupts\r\n")


def echo_of(line):
    return PREFIX + line + b"\r\n"


class SerialSocket:
    """A COM port's far side: a listening Unix socket QEMU connects to, and everything read
    from it."""

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

    def read_to(self, want, start, timeout):
        """Reads until want is in the data read from offset start on; the offset just past it,
        or None if it did not come in time."""
        deadline = time.monotonic() + timeout
        while want not in self.data[start:]:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.conn.settimeout(left)
            try:
                chunk = self.conn.recv(4096)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.data += chunk
        return self.data.index(want, start) + len(want)

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
    com2 = SerialSocket(sock)
    cmd = qemu.command(args.qemu, args.kernel, [args.root], "kaal.verbose", "128M", log,
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
    res = qemu.boot(args.qemu, args.kernel, [args.root], "kaal.exit=idle kaal.verbose", "128M",
                    log, TIMEOUT)
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


def console_converse(com1, user):
    """Waits for the banner, types each step's line and checks the answer; None, or why not.
    With kaal.console=user (user true) the answer must follow at once, else the kernel's own
    lines may come first."""
    end = com1.read_to(BANNER, 0, STEP_WAIT)
    if end is None:
        return "COM1: no banner and prompt %r came; it ends %r" % (BANNER, com1.data[-160:])
    for typed, answer in CONSOLE_STEPS:
        com1.conn.sendall(typed)
        got = com1.read_to(answer, end, STEP_WAIT)
        if got is None or (user and got != end + len(answer)):
            return "COM1: after typing %r wanted %r, got %r" % (typed, answer,
                                                                com1.data[end:end + 160])
        end = got
    return None


def check_console(data, user):
    """Checks what COM1 carried in all (see the module's doc); None, or why it is wrong."""
    missing = qemu.match_in_order(data.decode(errors="replace"), BOOT_LOG)
    if missing:
        return "COM1 lacks the kernel's boot log line /%s/" % missing
    at = data.find(ROOT_STARTED)
    if at < 0 or data.find(b"\n", at) < 0:
        return "COM1 lacks the kernel's line %r" % ROOT_STARTED
    rest = data[data.find(b"\n", at) + 1:]
    pos, logs = 0, []
    while USER_LOG.match(rest, pos):
        logs.append(USER_LOG.match(rest, pos).group(0))
        pos = USER_LOG.match(rest, pos).end()
    if DRIVER_READY not in logs:
        return "COM1 lacks the driver's line %r before the banner" % DRIVER_READY
    if not rest.startswith(BANNER, pos):
        return ("after the root server started, COM1 carries %r where only the root server's "
                "and the driver's log lines, then the console's banner, may be" %
                rest[pos:pos + 160])
    return check_console_end(rest[pos:], user)


def check_console_end(shown, user):
    """Checks what COM1 carried from the banner on; None, or why it is wrong."""
    if user:
        if not shown.startswith(TRANSCRIPT):
            return "COM1 carries %r where the console's output should be" % shown[:160]
        if shown[len(TRANSCRIPT):]:
            return "with kaal.console=user the kernel printed %r after the console's last " \
                   "line" % shown[len(TRANSCRIPT):][:160]
        return None
    halt = KERNEL_HALT.search(shown)
    if not halt or halt.end() != len(shown):
        return "without kaal.console=user, COM1 does not end with the kernel's DebugHalt " \
               "lines: %r" % shown[-160:]
    if KERNEL_IDLE not in shown:
        return "without kaal.console=user, the kernel did not say it was idle on COM1"
    if shown[:halt.start()].replace(KERNEL_IDLE, b"") != TRANSCRIPT:
        return "without the kernel's lines, COM1 carries %r, not the console's output" % (
            shown[:halt.start()].replace(KERNEL_IDLE, b"")[:160])
    return None


def run_console(args, tmp, user):
    """The console on COM1 with kaal.console=user (user true) or without it."""
    name = "ns16550-console" if user else "ns16550-console-kernel"
    log = os.path.join(args.out, name + ".log")  # a copy of everything COM1 carried
    sock = os.path.join(tmp, name)
    com1 = SerialSocket(sock)
    cmd = qemu.command(args.qemu, args.kernel, [args.console_root],
                       "kaal.console=user kaal.verbose" if user else "kaal.verbose", "128M", log,
                       com1="unix:" + sock)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    why = None
    try:
        com1.accept(STEP_WAIT)
        why = console_converse(com1, user)
    except OSError as e:
        why = "COM1: %s" % e
    code = stop(proc, TIMEOUT - (time.monotonic() - start) if why is None else 0)
    if com1.conn:
        com1.drain(0.5)
    com1.close()
    with open(log, "wb") as f:
        f.write(com1.data)
    why = why or check_console(com1.data, user)
    if why is None and code != 0:
        why = "exit code %s, expected 0 (the console halts after its last line)" % code
    return result(name, why, time.monotonic() - start, log,
                  com1.data.decode(errors="replace"))


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
    ap.add_argument("--console-root", required=True, help="the console system's root.elf")
    ap.add_argument("--out", required=True, help="directory for the kernel's logs")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kaal-serial-") as tmp:
        results = [run_echo(args, tmp), run_no_com2(args), run_console(args, tmp, True),
                   run_console(args, tmp, False)]
    print("\n".join(results))
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
