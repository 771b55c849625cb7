# SPDX-License-Identifier: BSD-2-Clause
"""Boot one KaaL image in QEMU and collect what happened.

Every run has a timeout, -no-reboot and the isa-debug-exit device; serial
output goes to a file that the caller reads.  The kernel ends QEMU by
writing a code to isa-debug-exit, which QEMU turns into exit status
code * 2 + 1; boot() decodes it back.
"""

import os
import re
import subprocess
import time

EXIT_CODES = {0: "ok", 1: "panic", 2: "boot error"}


class Result:
    """The outcome of one boot: exit code (None if QEMU did not exit through
    isa-debug-exit), whether it timed out, and the serial log text."""

    def __init__(self, code, status, timed_out, log, seconds):
        self.code = code
        self.status = status
        self.timed_out = timed_out
        self.log = log
        self.seconds = seconds


def _initrd(modules):
    # QEMU separates modules with commas; a comma inside a name is doubled.
    return ",".join(m.replace(",", ",,") for m in modules)


def command(qemu, kernel, modules, append, mem, log_path, extra=(), com1=None):
    """The QEMU command line for a test boot; COM1 goes to the file log_path, or to the
    QEMU character device com1 (such as "unix:PATH") if given."""
    # KAAL_QEMU_MACHINE adds machine devices to every test boot, before any other device (make
    # test-iommu: "-device intel-iommu", which QEMU needs ahead of the PCI devices it serves).
    cmd = [qemu, "-machine", "q35", "-cpu", "max", "-m", mem, "-no-reboot"]
    cmd += os.environ.get("KAAL_QEMU_MACHINE", "").split()
    cmd += ["-display", "none", "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-serial", com1 or "file:" + log_path, "-kernel", kernel]
    if modules:
        cmd += ["-initrd", _initrd(modules)]
    if append:
        cmd += ["-append", append]
    return cmd + list(extra)


def boot(qemu, kernel, modules, append, mem, log_path, timeout, extra=()):
    """Boots and waits at most timeout seconds; returns a Result."""
    if os.path.exists(log_path):
        os.unlink(log_path)
    cmd = command(qemu, kernel, modules, append, mem, log_path, extra)
    start = time.monotonic()
    timed_out = False
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as proc:
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            timed_out = True
        status = proc.returncode
    log = ""
    if os.path.exists(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
    if out:
        log += "\n[qemu] " + out.decode(errors="replace")
    code = (status - 1) // 2 if not timed_out and status > 0 and status % 2 == 1 else None
    return Result(code, status, timed_out, log, time.monotonic() - start)


def match_in_order(log, patterns):
    """Returns None if every regex matches in order, else the first that did not."""
    pos = 0
    for pat in patterns:
        m = re.compile(pat, re.M).search(log, pos)
        if not m:
            return pat
        pos = m.end()
    return None


def log_problem(res, expect, forbid, timeout):
    """What is wrong with a boot: it timed out, its log lacks one of expect (regexes, in order)
    or shows one of forbid; None if nothing."""
    if res.timed_out:
        return "timed out after %d s" % timeout
    missing = match_in_order(res.log, expect)
    if missing:
        return "serial log lacks /%s/" % missing
    bad = [p for p in forbid if match_in_order(res.log, [p]) is None]
    return "serial log shows /%s/" % bad[0] if bad else None


def verdict(name, why, detail, log_path, res, tail=15):
    """The line a test prints for one boot: "PASS: name (detail)", or "FAIL: name: why" with
    where the serial log is and its last `tail` lines."""
    if why is None:
        return "PASS: %s (%s)" % (name, detail)
    end = "\n".join("  | " + line for line in res.log.strip().splitlines()[-tail:])
    return "FAIL: %s: %s; log %s ends:\n%s" % (name, why, log_path, end)


def e2fs_tool(name):
    """The path of e2fsprogs' name (mke2fs, e2fsck, debugfs): they live in /sbin, which a
    user's PATH may lack."""
    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/sbin", "/usr/sbin"]:
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return name


def mke2fs(tree, image, size, block):
    """Makes image afresh: an ext2 file system of size (mke2fs's notation, "4M") with block-byte
    blocks, holding the folder tree (mke2fs -d)."""
    if os.path.exists(image):
        os.unlink(image)
    subprocess.run([e2fs_tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", str(block), "-d", tree,
                    image, size], check=True, stdout=subprocess.DEVNULL)


def virtio_blk(drive):
    """QEMU's flags for a modern-only virtio-blk-pci disk; drive is -drive's value without the
    id (file=...,format=raw and any cache= option)."""
    return ["-drive", "%s,if=none,id=d0" % drive,
            "-device", "virtio-blk-pci,drive=d0,disable-legacy=on"]
