#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The native shell in QEMU (make test-shell): tests/shell booted twice, COM1 on a socket.

The system (tests/shell/system.yaml): the 16550 driver on COM1 as the system
console (kaal.console=user, so the kernel is silent once the root server
runs), the shell with the broker's `monitor` and `power` grants, crasher,
which faults at once, nosy, which has no grants and asks for them, grabber,
which takes what a driver of QEMU's e1000 would, quitter, which calls
exit(3), and hog, which the root server cannot load. The e1000 is also
there for lspci.

  shell          waits for the prompt, checks the boot log before it (nosy
                 refused five times, each refusal logged by the root server
                 with its name; crasher stopped by its fault; quitter's exit
                 reported by the root server; hog left out;
                 no banner and a quiet boot: only log lines after the kernel's
                 "[KaaL] Booting..."), then types
                 each step of STEPS and checks the answer up to the next
                 prompt: help, echo, the line editor (arrows, DEL and BS,
                 history, Ctrl-C), ps, caps of five components and of two
                 unknown names, mem, lspci, two unknown commands, and last
                 poweroff.  QEMU must then exit by itself through ACPI: its
                 trace shows a guest shutdown request (reason 6, what PM1a's
                 SLP_EN makes) and no 8042 reset command.
  shell-reboot   a second boot: reboot at the prompt.  QEMU (-no-reboot)
                 must exit after a reset: its trace shows the 8042 reset
                 command 0xfe and no guest shutdown request.
  shell-nomonitor  tests/shell/nomonitor, the shell with `power: true` but
                 no `monitor: true`: ps, caps and mem are refused, the shell
                 names the missing grant and the root server logs each
                 refusal; lspci works; poweroff ends the run as above.

Prints "PASS: shell/<name> (N s)" or "FAIL: shell/<name>: why" per boot.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
sys.path.insert(0, os.path.join(HERE, "..", "drivers"))
import qemu  # noqa: E402
from serial import SerialSocket  # noqa: E402  (tests/drivers/serial.py)

# Under make test-iommu (QEMU's intel-iommu, an IOMMU=1 build) a device's DMA grant lives in an
# IOMMU domain of its own, which caps shows: the nic, 2nd in the system's device table, is in 2.
NIC_DMA_DOMAIN = (r", the device's only DMA \(IOMMU domain 2\)"
                  if "intel-iommu" in os.environ.get("KAAL_QEMU_MACHINE", "") else "")

PROMPT = b"$ "
NEXT = b"\r\n" + PROMPT  # what ends every answer but the last
TIMEOUT = 90     # seconds for a whole boot
STEP_WAIT = 20   # seconds for the prompt or one answer
EXIT_WAIT = 20   # seconds for QEMU to go after poweroff or reboot
LEFT, RIGHT, UP = b"\x1b[D", b"\x1b[C", b"\x1b[A"
QEMU_EXTRA = ["-device", "e1000,netdev=n0", "-netdev", "user,id=n0,restrict=on",
              "-d", "trace:qemu_system_shutdown_request,trace:pckbd_kbd_write_command"]
GUEST_SHUTDOWN = re.compile(r"^qemu_system_shutdown_request reason=6\b", re.M)
KBC_RESET = re.compile(r"^pckbd_kbd_write_command 0xfe\b", re.M)

# Before the prompt: nosy refused each request, the root server logging each refusal by name,
# and crasher stopped by its fault.
BOOT_LOG = [
    r"^\[ns16550\] ready: a 16550A at ports 0x3f8-0x3ff, IRQ 4",
    r"^\[root\] broker: refused component 'nosy' the component list \(ps\): not granted: the "
    r"system description gives it no 'monitor: true'\r$",
    r"^\[nosy\] ok: refused: PS\r$",
    r"^\[root\] broker: refused component 'nosy' a component's caps: not granted: .*'monitor: "
    r"true'\r$",
    r"^\[nosy\] ok: refused: CAPS\r$",
    r"^\[root\] broker: refused component 'nosy' the memory figures: not granted: .*'monitor: "
    r"true'\r$",
    r"^\[nosy\] ok: refused: MEM\r$",
    r"^\[root\] broker: refused component 'nosy' a reboot or poweroff: not granted: the system "
    r"description gives it no 'power: true'\r$",
    r"^\[nosy\] ok: refused: POWER \(off\)\r$",
    r"^\[root\] broker: refused component 'nosy' a reboot or poweroff: not granted: .*'power: "
    r"true'\r$",
    r"^\[nosy\] ok: refused: POWER \(reboot\)\r$",
    r"^\[nosy\] ok: 8 KiB allocated\r$",
]
BOOT_LOG_ANYWHERE = [
    r"^\[root\] component 'crasher' faulted: VMFault at address 0x30000000 \(data read, page "
    r"not present\), ip 0x[0-9a-f]+; it is stopped",
    r"^\[root\] component 'hog': could not map region 'huge'\r$",
    r"^\[grabber\] ok: MMIO \(BAR 0\)\r\n\[grabber\] ok: I/O ports \(BAR 1\)\r\n"
    r"\[grabber\] ok: DMA memory\r\n\[grabber\] ok: the INTx line\r$",
    r"^\[root\] component 'hog': could not finish loading; it is not started\r$",
    r"^\[quitter\] exit with status 3: the component stops\r$",
    r"^\[root\] component 'quitter': exited with status 3; it is stopped, the rest of the system "
    r"goes on\r$",
]
# The boot is quiet (no kaal.verbose): from the kernel's one line to the prompt, only whole log
# lines of the root server and the components may come, and the shell prints no banner of its
# own.  So the kernel's and the root server's boot diagnostics must stay away.
BOOTING = b"[KaaL] Booting...\r\n"
LOG_LINE = re.compile(rb"\[(root|ns16550|nosy|crasher|grabber|quitter)\] [^\r\n]*\r\n")
TROUBLE = [r"PANIC", r"FAILED", r"\[ns16550\] error"]

HELP = [r"^  %s +%s +%s\r$" % (name, re.escape(args), re.escape(text)) for name, args, text in [
    ("help", "", "this list"),
    ("echo", "[WORD]", "print the words"),
    ("ps", "", "the components: id, name, priority and state"),
    ("caps", "NAME", "what component NAME was given: caps and mappings, decoded"),
    ("mem", "", "untyped memory, free memory and the memory quotas"),
    ("lspci", "", "the PCI functions on the bus"),
    ("reboot", "", "reset the machine"),
    ("poweroff", "", "turn the machine off (ACPI S5)"),
    ("ls", "[-l] [PATH]", "list a directory (-l: mode, links, owner, size)"),
    ("cat", "FILE", "print files"),
    ("cd", "[DIR]", "change the working directory"),
    ("pwd", "", "print the working directory"),
    ("mkdir", "DIR", "make directories"),
    ("rmdir", "DIR", "remove empty directories"),
    ("rm", "FILE", "remove files"),
    ("mv", "FROM TO", "rename or move a file"),
    ("cp", "FROM TO", "copy a file"),
    ("touch", "FILE", "make a file, or set its times to now"),
    ("df", "", "the file systems' sizes and free space"),
    ("mount", "", "what is mounted where"),
]]


def lines(*patterns, also=None):
    """A check: the answer must match these regexes (multi-line), in order, and pass also(text)
    if given (None, or why not)."""
    return ("regexes", list(patterns), also)


def exact(answer):
    """A check: the answer, echo included, must be exactly these bytes (then the prompt)."""
    return ("exact", answer, None)


def e1000_ports(text):
    """The e1000's I/O BAR, as caps shows it: 64 ports."""
    m = re.search(r"I/O ports 0x([0-9a-f]+)-0x([0-9a-f]+) of nic", text)
    if not m or int(m.group(2), 16) - int(m.group(1), 16) != 63:
        return "the e1000's I/O ports are not a range of 64: %r" % (m.group(0) if m else None)
    return None


def mem_figures(text):
    """mem's own consistency: free at most the total, the total near the machine's 128 MiB."""
    m = re.search(r"^RAM: (\d+) KiB untyped at boot, (\d+) KiB free\r$", text, re.M)
    if not m:
        return "no RAM line"
    total, free = int(m.group(1)), int(m.group(2))
    if not 100 * 1024 < total <= 128 * 1024 or not 0 < free <= total:
        return "RAM figures out of range: %d KiB in all, %d KiB free" % (total, free)
    return None


# Files, through the file service (services/fs): the cpio root packed from tests/shell/root, and
# a ramfs at /tmp.  Each command's whole answer is checked, errors included.
FILE_STEPS = [
    (b"ls /\r", exact(b"ls /\r\netc\r\ntmp\r\n")),
    (b"cat /etc/motd\r", exact(b"cat /etc/motd\r\nKaaL shell test: files from a cpio root\r\n")),
    (b"echo hello files > /tmp/a\r", exact(b"echo hello files > /tmp/a\r\n")),
    (b"echo more >> /tmp/a\r", exact(b"echo more >> /tmp/a\r\n")),
    (b"cat /tmp/a\r", exact(b"cat /tmp/a\r\nhello files\r\nmore\r\n")),
    (b"mkdir /tmp/d\r", exact(b"mkdir /tmp/d\r\n")),
    (b"mv /tmp/a /tmp/d/b\r", exact(b"mv /tmp/a /tmp/d/b\r\n")),
    (b"cp /tmp/d/b /tmp/c\r", exact(b"cp /tmp/d/b /tmp/c\r\n")),
    (b"ls -l /tmp\r", lines(r"^-rw-r--r-- +1 +0 +0 +17 c\r$", r"^drwxr-xr-x +\d+ +0 +0 +\d+ d\r$")),
    (b"rm /tmp/c\r", exact(b"rm /tmp/c\r\n")),
    (b"ls /tmp\r", exact(b"ls /tmp\r\nd\r\n")),
    (b"cd /tmp/d\r", exact(b"cd /tmp/d\r\n")),
    (b"pwd\r", exact(b"pwd\r\n/tmp/d\r\n")),
    (b"cat b\r", exact(b"cat b\r\nhello files\r\nmore\r\n")),
    (b"cat /nope\r", exact(b"cat /nope\r\ncat: /nope: no such file or directory\r\n")),
    (b"rmdir /tmp/d\r", exact(b"rmdir /tmp/d\r\nrmdir: /tmp/d: directory not empty\r\n")),
    (b"echo x > /etc/y\r", exact(b"echo x > /etc/y\r\nshell: /etc/y: read-only file system\r\n")),
    (b"mount\r", exact(b"mount\r\ncpio on / (ro)\r\nramfs on /tmp (rw)\r\n")),
    (b"df\r", lines(r"^Filesystem +1K-blocks +Used +Available +Mounted on\r$",
                    r"^cpio +\d+ +\d+ +\d+  /\r$", r"^ramfs +\d+ +\d+ +\d+  /tmp\r$")),
]

# Each step: what is typed, and the check of everything the shell answers before its next prompt,
# the echo of the typing included.
STEPS = [
    (b"help\r", lines(r"\Ahelp\r$", *HELP)),
    (b'echo hello  "big world"\r', exact(b'echo hello  "big world"\r\nhello big world\r\n')),
    # "ecoh one", five lefts (after "eco"), DEL the o, right past the h, type o: "echo one".
    # Each left is a BS; an edit rewrites from the change, erases the rest, moves back.
    (b"ecoh one" + LEFT * 5 + b"\x7f" + RIGHT + b"o\r",
     exact(b"ecoh one\b\b\b\b\b" b"\bh one\x1b[K\b\b\b\b\b" b"h" b"o one\x1b[K\b\b\b\b"
           b"\r\none\r\n")),
    (b"echo kaal\x7f\x08L\r", exact(b"echo kaal\b \b\b \bL\r\nkaL\r\n")),  # DEL and BS erase
    (b"echo bye\x17hi\r", exact(b"echo bye\b\b\b\x1b[Khi\r\nhi\r\n")),    # Ctrl-W: the word
    # Up three times: "echo hi", "echo kaL", "echo one", each redrawn over the last; run again.
    (UP * 3 + b"\r", exact(b"echo hi\x1b[K" + b"\b" * 7 + b"echo kaL\x1b[K" + b"\b" * 8 +
                           b"echo one\x1b[K\r\none\r\n")),
    (b"abc\x03", exact(b"abc^C\r\n")),  # Ctrl-C: the line is dropped, a new prompt
    (b"ps\r", lines(r"^ ID  NAME +PRIO  STATE\r$",
                    r"^  0  ns16550 +200  running\r$",
                    r"^  1  shell +100  running\r$",
                    r"^  2  crasher +150  stopped by a fault: VMFault at address 0x30000000 "
                    r"\(data read, page not present\), ip 0x[0-9a-f]+\r$",
                    r"^  3  nosy +150  running\r$",
                    r"^  4  grabber +150  running\r$",
                    r"^  5  quitter +150  exited: exited with status 3\r$",
                    r"^  6  hog +50  not loaded\r$")),
    (b"caps shell\r", lines(r"^what the root server gave shell:\r$",
                            r"^  slot +1  endpoint: its input \(receive only\)\r$",
                            r"^  slot +3  TCB, priority 100\r$",
                            r"^  slot +5  CNode, slots: 1024\r$",
                            r"^  slot +6  endpoint to the broker, badge 0x10001, grants: monitor "
                            r"power\r$",
                            r"^  slot +7  fault endpoint to the root server, badge 0x20001\r$",
                            r"^  slot +64  notification to ns16550 \(channel 0, badge 0x2\)\r$",
                            r"^  slot +128  endpoint for protected calls to ns16550 \(channel 0, "
                            r"badge 0x8000000000000001\)\r$",
                            r"^  mapped +IPC buffer at 0x7fffffffe000, 4 KiB\r$",
                            r"^  mapped +stack at 0x7fffffff7000, 16 KiB\r$",
                            r"^  mapped +program \(ELF segments\) at 0x400000, \d+ KiB\r$",
                            r"^  mapped +region serial at 0x20000000, 20 KiB, read-write\r$")),
    (b"caps ns16550\r", lines(r"^  slot +6  endpoint to the broker, badge 0x10000, grants: none",
                              r"^  slot +65  notification to shell \(channel 1, badge 0x1\)\r$",
                              r"^  slot +196  IRQ handler of com1: ISA IRQ 4 \(channel 4\)\r$",
                              r"^  slot +2\d\d  I/O ports 0x3f8-0x3ff of com1\r$",
                              r"^  mapped +region serial at 0x30000000, 20 KiB, read-write\r$")),
    (b"caps nosy\r", lines(r"^  mapped +memory from the memory manager at 0x10000000, 8 KiB\r$")),
    (b"caps grabber\r", lines(r"^  slot +\d+  IRQ handler of nic: PCI INTx on IOAPIC pin 2[0-3] "
                              r"\(channel 5\)\r$",
                              r"^  slot +300  I/O ports (0x[0-9a-f]+)-(0x[0-9a-f]+) of nic\r$",
                              r"^  mapped +MMIO of nic, BARs 0\r$",
                              r"^  mapped +DMA memory of nic, 16 KiB" + NIC_DMA_DOMAIN + r"\r$",
                              also=e1000_ports)),
    (b"caps hog\r", exact(b"caps hog\r\nwhat the root server gave hog:\r\n  nothing: it is not "
                          b"loaded\r\n")),
    (b"caps shel\r", exact(b"caps shel\r\ncaps: no component named 'shel'; did you mean "
                           b"'shell'?\r\n")),
    (b"caps nobody\r", exact(b"caps nobody\r\ncaps: no component named 'nobody'; 'ps' lists "
                             b"them\r\n")),
    (b"mem\r", lines(r"^RAM: \d+ KiB untyped at boot, \d+ KiB free\r$",
                     r"^untypeds: \d+ RAM \(\d+ with room\), \d+ device\r$",
                     r"^quotas: 2 MiB of 2 MiB in use\r$",
                     r"^  nosy +8 KiB of 64 KiB\r$",
                     r"^  fs +2 MiB of 2 MiB\r$", also=mem_figures)),
    (b"lspci\r", lines(r"^00:00\.0 Host bridge \[0600\]: 8086:29c0 \(rev 00\)\r$",
                       r"^00:01\.0 VGA compatible controller \[0300\]: 1234:1111",
                       r"^00:02\.0 Ethernet controller \[0200\]: 8086:100e \(rev 03\)\r$",
                       r"^00:1f\.3 SMBus \[0c05\]: 8086:2930 \(rev 02\)\r$")),
    (b"hlep\r", exact(b"hlep\r\nhlep: unknown command; did you mean 'help'?\r\n")),
    (b"xyzzy\r", exact(b"xyzzy\r\nxyzzy: unknown command; 'help' lists the commands\r\n")),
] + FILE_STEPS
# The shell without the monitor grant (tests/shell/nomonitor): each request refused, the shell
# saying which grant is missing, the root server logging the refusal (taken out of the answer
# before the check: it reaches the UART beside the driver's output, at no fixed place).
NOT_GRANTED = b"not granted: give this component 'monitor: true' in the system description\r\n"
NOMONITOR_STEPS = [
    (b"ps\r", exact(b"ps\r\nps: " + NOT_GRANTED)),
    (b"caps ns16550\r", exact(b"caps ns16550\r\ncaps: " + NOT_GRANTED)),
    (b"mem\r", exact(b"mem\r\nmem: " + NOT_GRANTED)),
    (b"lspci\r", lines(r"^00:02\.0 Ethernet controller \[0200\]: 8086:100e \(rev 03\)\r$")),
    (b"ls\r", exact(b"ls\r\nls: no file service: the system description gives this shell no "
                    b"channel 1 to one (docs/shell.md)\r\n")),
]
REFUSAL = re.compile(rb"\[root\] broker: refused component 'shell' [^\r\n]*: not granted: the "
                     rb"system description gives it no 'monitor: true'\r\n")

POWEROFF = (b"poweroff\r", b"poweroff\r\npowering off\r\n",
            r"^\[root\] component 'shell': powers the machine off: ACPI S5, PM1a control 0x604, "
            r"SLP_TYPa 0\r$")
REBOOT = (b"reboot\r", b"reboot\r\nrebooting\r\n",
          r"^\[root\] component 'shell': resets the machine \(8042 reset line\)\r$")


def check_answer(check, answer):
    """None if the answer passes the step's check, else why not."""
    kind, want, also = check
    if kind == "exact":
        return None if answer == want else "wanted %r, got %r" % (want, answer)
    text = answer.decode(errors="replace")
    missing = qemu.match_in_order(text, want)
    if missing:
        return "the answer lacks /%s/: %r" % (missing, answer[:600])
    return also(text) if also else None


def converse(com1, steps, refusals):
    """Types each step and checks its answer, less the root server's refusals of the shell, which
    must be as many as refusals; (None or why, the offset after the last prompt)."""
    end = com1.read_to(PROMPT, 0, STEP_WAIT)
    if end is None:
        return "no prompt came; COM1 ends %r" % com1.data[-200:], 0
    if not com1.data[:end].endswith(b"\r\n" + PROMPT):
        return "the prompt does not start a line: %r" % com1.data[end - 80:end], end
    for typed, check in steps:
        com1.conn.sendall(typed)
        got = com1.read_to(NEXT, end, STEP_WAIT)
        if got is None:
            return "after typing %r no prompt came back: %r" % (typed, com1.data[end:]), end
        answer, n = REFUSAL.subn(b"", com1.data[end:got - len(PROMPT)])
        refusals -= n
        why = check_answer(check, answer)
        if why:
            return "after typing %r: %s" % (typed, why), end
        end = got
    if refusals:
        return "the root server logged %d refusals of the shell too %s" % (
            abs(refusals), "many" if refusals < 0 else "few"), end
    return None, end


def check_boot_log(data, prompt_at, session):
    """The log lines before the prompt: the session's, in order, and its crasher line anywhere
    (it runs beside nosy); nothing troubling in all COM1 carried.  None, or what is wrong."""
    before = data[:prompt_at].decode(errors="replace")
    missing = qemu.match_in_order(before, session.boot_log)
    for pat in session.boot_log_anywhere:
        if not missing and not re.search(pat, before, re.M):
            missing = pat
    if missing:
        return "COM1 lacks /%s/ before the prompt" % missing
    pos = data.find(BOOTING) + len(BOOTING)
    while LOG_LINE.match(data, pos):
        pos = LOG_LINE.match(data, pos).end()
    if data.find(BOOTING) < 0 or pos != prompt_at:
        return "between the kernel's line %r and the prompt, COM1 carries %r, not a " \
               "component's log line (the boot must be quiet)" % (BOOTING, data[pos:pos + 120])
    bad = [p for p in TROUBLE if re.search(p, data.decode(errors="replace"), re.M)]
    return "COM1 shows /%s/" % bad[0] if bad else None


def check_end(com1, end, last, trace):
    """After the last command: its answer, the root's line, and how QEMU went (trace: its
    -D log).  None, or why it is wrong."""
    typed, answer, root_line = last
    rest = com1.data[end:]
    if not rest.startswith(answer):
        return "after typing %r wanted %r, got %r" % (typed, answer, rest[:200])
    if not re.search(root_line, rest.decode(errors="replace"), re.M):
        return "COM1 lacks the root server's line /%s/ after %r: %r" % (root_line, typed,
                                                                       rest[:300])
    shutdown, reset = GUEST_SHUTDOWN.search(trace), KBC_RESET.search(trace)
    if typed.startswith(b"poweroff") and (not shutdown or reset):
        return "QEMU's trace shows %s: poweroff must end by ACPI S5 alone" % (
            "the 8042 reset command" if reset else "no guest shutdown request")
    if typed.startswith(b"reboot") and (not reset or shutdown):
        return "QEMU's trace shows %s: reboot must end by a reset alone" % (
            "a guest shutdown request (ACPI)" if shutdown else "no 8042 reset command")
    return None


class Session:
    """One boot: its system, what must come before the prompt, the steps typed, how many
    refusals of the shell the root server must log during them, and the last command, which
    must end QEMU by itself."""

    def __init__(self, name, root, boot_log, boot_log_anywhere, steps, refusals, last):
        self.name, self.root, self.steps, self.refusals, self.last = (name, root, steps,
                                                                      refusals, last)
        self.boot_log, self.boot_log_anywhere = boot_log, boot_log_anywhere


def boot(args, tmp, session):
    """Runs one session; its PASS or FAIL line."""
    log, trace = (os.path.join(args.out, session.name + ext) for ext in (".log", ".qemu.log"))
    if os.path.exists(trace):
        os.unlink(trace)
    com1 = SerialSocket(os.path.join(tmp, session.name))
    cmd = qemu.command(args.qemu, args.kernel, [session.root], "kaal.console=user", "128M", log,
                       QEMU_EXTRA + ["-D", trace], com1="unix:" + com1.listener.getsockname())
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    why, status, last = None, None, session.last
    try:
        com1.accept(STEP_WAIT)
        why, end = converse(com1, session.steps, session.refusals)
        why = why or check_boot_log(com1.data, com1.data.find(b"\r\n" + PROMPT) + 2, session)
        if why is None:
            com1.conn.sendall(last[0])
            status = proc.wait(timeout=min(EXIT_WAIT, TIMEOUT - (time.monotonic() - start)))
            com1.drain(0.5)
            why = check_end(com1, end, last, qemu_trace(trace))
    except OSError as e:
        why = "COM1: %s" % e
    except subprocess.TimeoutExpired:
        why = "QEMU did not exit within %d s of %r" % (EXIT_WAIT, last[0])
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    com1.close()
    with open(log, "wb") as f:
        f.write(com1.data)
    if why is None and status != 0:
        why = "QEMU exited with status %s, expected 0 (a guest shutdown or reset)" % status
    seconds = time.monotonic() - start
    return qemu.verdict("shell/" + session.name, why, "%.1f s" % seconds, log,
                        qemu.Result(None, status, False, com1.data.decode(errors="replace"),
                                    seconds))


def qemu_trace(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True, help="tests/shell's root.elf")
    ap.add_argument("--nomonitor-root", required=True, help="tests/shell/nomonitor's root.elf")
    ap.add_argument("--out", required=True, help="directory for COM1's transcripts")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sessions = [
        Session("shell", args.root, BOOT_LOG, BOOT_LOG_ANYWHERE, STEPS, 0, POWEROFF),
        Session("shell-reboot", args.root, BOOT_LOG, BOOT_LOG_ANYWHERE, [], 0, REBOOT),
        Session("shell-nomonitor", args.nomonitor_root, BOOT_LOG[:1], [], NOMONITOR_STEPS, 3,
                POWEROFF),
    ]
    with tempfile.TemporaryDirectory(prefix="kaal-shell-") as tmp:
        results = [boot(args, tmp, session) for session in sessions]
    print("\n".join(results))
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
