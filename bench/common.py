# SPDX-License-Identifier: BSD-2-Clause
"""What the runners of `make bench` share: the QEMU flags and a boot that times a marker.

Every boot goes through tests/boot/qemu.py's command line (q35, -cpu max,
-no-reboot, isa-debug-exit, serial to a file), so KaaL and Linux run on the
same machine.  boot_timed() also notes the wall time at which a marker first
appears in the serial log, which is how a plain-TCG run measures boot time.
"""

import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # nor importing qemu.py
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "boot"))
import qemu  # noqa: E402

# -icount shift=0: one guest instruction per virtual nanosecond, and the TSC counts them;
# sleep=off: idle time is skipped, not waited for in real time, so runs repeat exactly.
ICOUNT = ["-icount", "shift=0,sleep=off"]
MEMORY = "128M"  # as KaaL's tests and benchmarks boot

POLL = 0.01  # seconds between looks at the serial log for the marker

# The file benchmarks' disk (bench/fs, bench/linux): one ext2 image, made the same way for both,
# attached as the same device with the same cache mode.
DISK_MIB = 96  # room for the 64 MiB file, the cached file and ext2's metadata
CACHED_FILE = "cached.bin"  # read once, then timed: the cached 4 KiB read
CACHED_SIZE = 16 * 1024


def make_disk(path, stream_mib=0, verify=False):
    """A fresh ext2 image at path: 4 KiB blocks (mke2fs's choice for a disk this size, and
    Linux's page size), holding CACHED_FILE and, if stream_mib, stream.txt, which asks the
    benchmark for a sequential write and read of that many MiB (and, with verify, KaaL's to
    check every byte read back)."""
    with tempfile.TemporaryDirectory() as tree:
        with open(os.path.join(tree, CACHED_FILE), "wb") as f:
            f.write(bytes(i * 7 % 251 for i in range(CACHED_SIZE)))
        if stream_mib:
            with open(os.path.join(tree, "stream.txt"), "w") as f:
                f.write("%d%s\n" % (stream_mib, " verify" if verify else ""))
        qemu.mke2fs(tree, path, "%dM" % DISK_MIB, 4096)


def disk_args(path):
    """QEMU's flags for the disk: modern-only virtio-blk-pci, QEMU's default write-back cache
    named explicitly, so both systems surely get the same."""
    return qemu.virtio_blk("file=%s,format=raw,cache=writeback" % path)


def boot_timed(qemu_bin, kernel, modules, append, log_path, timeout, extra=(), marker=None):
    """Boots like qemu.boot and returns (Result, seconds from QEMU's start to the first
    appearance of the bytes marker in the serial log, or None)."""
    if os.path.exists(log_path):
        os.unlink(log_path)
    cmd = qemu.command(qemu_bin, kernel, modules, append, MEMORY, log_path, extra)
    start = time.monotonic()
    seen = None
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL) as proc:
        while proc.poll() is None and time.monotonic() - start < timeout:
            if marker and seen is None and os.path.exists(log_path):
                with open(log_path, "rb") as f:
                    if marker in f.read():
                        seen = time.monotonic() - start
            time.sleep(POLL)
        timed_out = proc.poll() is None
        if timed_out:
            proc.kill()
        status = proc.wait()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    if marker and seen is None and marker.decode() in log:
        seen = time.monotonic() - start  # appeared in the last moment: an upper bound
    code = (status - 1) // 2 if not timed_out and status > 0 and status % 2 == 1 else None
    return qemu.Result(code, status, timed_out, log, time.monotonic() - start), seen


def show(title, rows, csv_path=None):
    """Prints rows of (figure, value, unit, tcg_ns or None) under title, and writes them to
    csv_path, if given, as bench/report.py reads them."""
    print(title)
    for name, value, unit, ns in rows:
        print("  %-18s %14.2f %-13s %s" % (name, value, unit,
                                           "" if ns is None else "TCG %.1f ns" % ns))
    if csv_path:
        with open(csv_path, "w") as f:
            f.write("figure,value,unit,tcg_ns\n")
            for name, value, unit, ns in rows:
                f.write("%s,%.2f,%s,%s\n" % (name, value, unit,
                                              "" if ns is None else "%.1f" % ns))
