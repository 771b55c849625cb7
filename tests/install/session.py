#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The quick start's transcript (tests/install/quickstart.sh's session check).

Runs `make run` in a project made by `sel4-compose new`, on a pseudo-terminal,
as a user at a terminal would, and plays the user:

  1. waits for "[KaaL] Booting...", then "Welcome to NAME!", then the shell's
     "$ " prompt, in that order, and checks that the boot was quiet: no
     "[KaaL] ..." or "[root] ..." line between the first line and the prompt
     (the boot diagnostics come only with kaal.verbose);
  2. types "help" and checks the answer lists every command of the shell,
     one per line, and ends with a new prompt;
  3. types "ls /" and checks the file service answers with the root's
     folders, etc and tmp;
  4. types "poweroff" and checks that QEMU, and so `make run`, ends by itself
     with status 0.

Everything read from the terminal goes to the transcript file, which a
failure names.  Exits 0 when all of it happened; otherwise prints the reason
on stdout and exits 1.

  session.py PROJECT_DIR NAME TRANSCRIPT [MAKE]
"""

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

BOOT_WAIT = 120  # seconds from `make run` to the prompt: it builds first
ANSWER_WAIT = 20  # seconds for the shell's answer
EXIT_WAIT = 30  # seconds for make run to end after poweroff
COMMANDS = ["help", "echo", "ps", "caps", "mem", "lspci", "reboot", "poweroff"]


class Terminal:
    """make run on a pseudo-terminal, with everything it prints kept in order."""

    def __init__(self, project, make, transcript):
        master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        self.proc = subprocess.Popen(make + ["--no-print-directory", "run"], cwd=project, env=env,
                                     stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.master = master
        self.data = b""
        self.log = open(transcript, "wb")

    def _read(self, seconds):
        """Waits up to seconds for output and keeps it; False once the terminal has closed."""
        ready, _, _ = select.select([self.master], [], [], seconds)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the other side closed: make run ended
            chunk = b""
        self.data += chunk
        self.log.write(chunk)
        self.log.flush()
        return bool(chunk)

    def read_until(self, pattern, start, seconds):
        """Reads until pattern (a compiled bytes regex) matches at or after start; returns the
        match, or None after seconds or when the terminal closes."""
        end = time.monotonic() + seconds
        while True:
            m = pattern.search(self.data, start)
            left = end - time.monotonic()
            if m or left <= 0 or not self._read(min(left, 1.0)):
                return m or pattern.search(self.data, start)

    def type(self, text):
        for byte in text:  # one at a time, as typed
            os.write(self.master, bytes([byte]))
            time.sleep(0.01)

    def wait(self, seconds):
        """make run's exit status, or None if it is still running after seconds."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not self._read(0.5):  # keep draining the terminal, or make run may block on it
                time.sleep(0.05)  # closed: only the exit is left to see
            st = self.proc.poll()
            if st is not None:
                return st
        return None

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)
        self.log.close()


def session(term, name):
    """None if the quick start went as docs/getting-started.md says; otherwise why not."""
    at, marks = 0, []
    for want in [b"[KaaL] Booting...", b"Welcome to %s!" % name.encode(), b"$ "]:
        m = term.read_until(re.compile(re.escape(want)), at, BOOT_WAIT)
        if not m:
            return "'%s' did not come (after what came before it)" % want.decode()
        at = m.end()
        marks.append(m)
    noisy = re.search(rb"^\[(KaaL|root)\] [^\r\n]*", term.data[marks[0].end():marks[2].start()],
                      re.M)
    if noisy:
        return "the boot is not quiet: '%s' came before the prompt (such lines are for " \
               "kaal.verbose)" % noisy.group(0).decode(errors="replace")

    term.type(b"help\r")
    m = term.read_until(re.compile(rb"\n\$ "), at, ANSWER_WAIT)
    if not m:
        return "no prompt after the answer to help"
    # QEMU leaves the terminal's output processing on, so the shell's "\r\n" arrives as "\r\r\n".
    answer = term.data[at:m.start()].decode(errors="replace").replace("\r", "")
    if not answer.startswith("help\n"):
        return "the shell did not echo 'help': %r" % answer[:40]
    for cmd in COMMANDS:
        if not re.search(r"^  %s\b" % cmd, answer, re.M):
            return "help does not list '%s'" % cmd
    at = m.end()

    term.type(b"ls /\r")
    m = term.read_until(re.compile(rb"\n\$ "), at, ANSWER_WAIT)
    if not m:
        return "no prompt after the answer to ls /"
    answer = term.data[at:m.start()].decode(errors="replace").replace("\r", "")
    if answer != "ls /\netc\ntmp":
        return "ls / answered %r, not the root's folders etc and tmp" % answer
    at = m.end()

    term.type(b"poweroff\r")
    st = term.wait(EXIT_WAIT)
    if st is None:
        return "make run was still running %d s after poweroff" % EXIT_WAIT
    if st != 0:
        return "make run exited with status %d after poweroff" % st
    return None


def main():
    if len(sys.argv) not in (4, 5):
        print("usage: session.py PROJECT_DIR NAME TRANSCRIPT [MAKE]")
        return 2
    project, name, transcript = sys.argv[1:4]
    make = (sys.argv[4] if len(sys.argv) == 5 else "make").split()
    term = Terminal(project, make, transcript)
    try:
        why = session(term, name)
    finally:
        term.close()
    if why:
        print("%s; the transcript is in %s" % (why, transcript))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
