#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The virtio-blk driver's test: the tests/drivers/blk system in QEMU.

With a disk: a 1 MiB raw image whose every 512-byte block s holds the
64-bit words OLD(s, k), k = 0..63, is given to QEMU as a modern-only
virtio-blk-pci device.  The blkcheck client (tests/drivers/blk/blkcheck.c)
asks the capacity, reads, sends malformed requests, writes blocks 10,
500-503 and the last with NEW(s, k), flushes and reads back, then halts.
The runner checks the serial log, then the image: exactly the written
blocks changed, to NEW.  QEMU's virtio_blk trace events show what reached
the device: the reads and writes blkcheck sent, nothing it sent malformed,
and one flush, after the writes and before the reads that follow them.

A failing disk: the same image behind QEMU's blkdebug, which fails every
read of block 1500 with EIO (tests/drivers/blk-error).  The driver must
log the device's error, complete the request with KAAL_BLK_EIO, and go on:
the client, blkerr, then reads block 0 and checks its data.

Without a disk: the same system with no virtio device.  The driver must
say so (the DDDK's "device absent" error and its hint), and the system,
with nothing to run, goes idle and the kernel exits (kaal.exit=idle).

Prints "PASS: drivers/<name>" or "FAIL: drivers/<name>: <why>" per check.
"""

import argparse
import concurrent.futures
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

BLOCK = 512
BLOCKS = 2048  # 1 MiB; blkcheck.c's DISK_BLOCKS
WRITTEN = {10, 500, 501, 502, 503, BLOCKS - 1}  # what blkcheck's write step writes
READS = 7  # requests blkcheck's read and read-back steps send to the device
WRITES = 3


def old_word(s, k):
    return 0x6f6c640000000000 | s << 8 | k  # "old": blkcheck.c's OLD_WORD


def new_word(s, k):
    return 0x6e65770000000000 | s << 8 | k  # "new": NEW_WORD


def block_bytes(word, s):
    return struct.pack("<64Q", *(word(s, k) for k in range(BLOCK // 8)))


def write_image(path):
    with open(path, "wb") as f:
        for s in range(BLOCKS):
            f.write(block_bytes(old_word, s))


def check_image(path):
    """None if exactly the written blocks hold NEW and all others OLD, else why not."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != BLOCKS * BLOCK:
        return "the image is %d bytes, not %d" % (len(data), BLOCKS * BLOCK)
    wrong = []
    for s in range(BLOCKS):
        want = block_bytes(new_word if s in WRITTEN else old_word, s)
        if data[s * BLOCK:(s + 1) * BLOCK] != want:
            wrong.append(s)
    if wrong:
        return "blocks %s do not hold what they should (blocks %s were written)" % (
            ", ".join(map(str, wrong[:10])), ", ".join(map(str, sorted(WRITTEN))))
    return None


def check_trace(path):
    """None if the device saw READS reads, WRITES writes and one flush between them, else why."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            # Some QEMU builds put "pid@time:" before the event's name.
            lines = [line[line.index("virtio_blk_"):].split() for line in f
                     if "virtio_blk_" in line]
    except OSError as e:
        return "no QEMU trace (%s): is QEMU built with a trace backend?" % e
    events = []  # ("read" | "write" | "flush", sector or None), in order
    for i, words in enumerate(lines):
        if words[0] in ("virtio_blk_handle_read", "virtio_blk_handle_write"):
            events.append((words[0][18:], int(words[words.index("sector") + 1])))
        elif words[0] == "virtio_blk_req_complete":
            # A read or write completes with rw_complete for the same request just before;
            # a flush does not.
            req = words[words.index("req") + 1]
            prev = lines[i - 1] if i else []
            if not (prev and prev[0] == "virtio_blk_rw_complete" and req in prev):
                events.append(("flush", None))
    kinds = [e[0] for e in events]
    counts = (kinds.count("read"), kinds.count("write"), kinds.count("flush"))
    if counts != (READS, WRITES, 1):
        return "the device saw %d reads, %d writes, %d flushes; expected %d, %d, 1" % (
            counts + (READS, WRITES))
    flush = kinds.index("flush")
    if flush < max(i for i, k in enumerate(kinds) if k == "write") or \
            flush > max(i for i, k in enumerate(kinds) if k == "read"):
        return "the flush did not come between the writes and the reads back: %s" % kinds
    return None


DISK_LOG = [
    r"^\[root\] loaded 2 of 2 components",
    r"^\[virtio-blk\] ready: 2048 blocks of 512 bytes, flush, 16 requests at a time; "
    r"PCI slot \d+, INTx pin 1, IRQ on channel 5$",
    r"^\[blkcheck\] capacity in blocks: 2048$",
    r"^\[blkcheck\] ok: capacity: 2048 blocks$",
    r"^\[blkcheck\] ok: four reads at once \(1, 7, 16 blocks and the last block\) "
    r"hold the image's pattern$",
    r"^\[blkcheck\] ok: past the end, unknown op, 0 and 17 blocks, data outside the area: "
    r"all refused$",
    r"^\[blkcheck\] ok: three writes at once \(blocks 10, 500-503 and the last\)$",
    r"^\[blkcheck\] ok: flush$",
    r"^\[blkcheck\] ok: read back: the written blocks hold the new pattern, "
    r"their neighbours the old$",
    r"^\[blkcheck\] notifications from the driver: \d+$",
    r"^\[blkcheck\] done$",
    r"halted by thread 'blkcheck' \(DebugHalt\)",
]
ABSENT_LOG = [
    r"^\[root\] loaded 2 of 2 components",
    r"^\[virtio-blk\] error: device absent: the PCI device granted to this driver is not on "
    r"the bus$",
    r"^\[virtio-blk\] hint: start QEMU with the device",
    r"^\[blkcheck\] asking the driver for the capacity$",
    r"no runnable threads: the kernel is idle",
]
TROUBLE = [r"PANIC", r"boot error", r"FAILED", r"faulted", r"not started", r"refused component"]


def boot(args, name, append, extra, expect, forbid, timeout=120, system="blk"):
    """Boots the system tests/drivers/<system>; returns (why or None, the serial log)."""
    log = os.path.join(args.out, name + ".log")
    root = os.path.join(args.build, "tests", "drivers", system, "root.elf")
    # kaal.verbose: the root server's "loaded N of N components" line is checked.
    res = qemu.boot(args.qemu, args.kernel, [root], append + " kaal.verbose", "128M", log,
                    timeout, extra)
    if res.timed_out:
        why = "timed out after %d s (a lost interrupt or notification?)" % timeout
    else:
        missing = qemu.match_in_order(res.log, expect)
        bad = [p for p in forbid if qemu.match_in_order(res.log, [p]) is None]
        if missing:
            why = "serial log lacks /%s/" % missing
        elif bad:
            why = "serial log shows /%s/" % bad[0]
        elif res.code != 0:
            why = "exit code %s, expected 0" % res.code
        else:
            return None, res
    tail = "\n".join("  | " + line for line in res.log.strip().splitlines()[-15:])
    return "%s; log %s ends:\n%s" % (why, log, tail), res


def result(name, why, res=None):
    if why is None:
        return "PASS: drivers/%s" % name + (" (%.1f s)" % res.seconds if res else "")
    return "FAIL: drivers/%s: %s" % (name, why)


def with_disk(args):
    image = os.path.join(args.out, "disk.img")
    trace = os.path.join(args.out, "virtio-blk.trace")
    write_image(image)
    if os.path.exists(trace):
        os.unlink(trace)
    extra = ["-drive", "file=%s,if=none,format=raw,id=d0" % image,
             "-device", "virtio-blk-pci,drive=d0,disable-legacy=on",
             "-trace", "virtio_blk_*", "-D", trace]
    # The system waits for the disk's interrupts, so the kernel idles on the way: blkcheck ends
    # the run with DebugHalt, not kaal.exit=idle.
    why, res = boot(args, "virtio-blk", "", extra, DISK_LOG, TROUBLE)
    out = [result("virtio-blk", why, res)]
    if why is None:
        out.append(result("virtio-blk-image", check_image(image)))
        out.append(result("virtio-blk-flush", check_trace(trace)))
    return out


ERROR_LOG = [
    r"^\[root\] loaded 2 of 2 components",
    r"^\[virtio-blk\] ready: 2048 blocks",
    r"^\[virtio-blk\] device error: the request for block number \(hex\) failed: 0x5dc$",
    r"^\[blkerr\] ok: the read of block 1500 failed with EIO$",
    r"^\[blkerr\] ok: after the error the driver still reads block 0$",
    r"halted by thread 'blkerr' \(DebugHalt\)",
]


def device_error(args):
    """A disk whose every read of block 1500 fails (QEMU's blkdebug): the driver must report the
    device's error to the client as EIO, log it, and go on serving."""
    image = os.path.join(args.out, "disk-error.img")
    rules = os.path.join(args.out, "blkdebug.conf")
    write_image(image)
    with open(rules, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "1500"\n'
                'once = "off"\n')
    extra = ["-drive", "file=blkdebug:%s:%s,if=none,format=raw,id=d0" % (rules, image),
             "-device", "virtio-blk-pci,drive=d0,disable-legacy=on"]
    why, res = boot(args, "virtio-blk-device-error", "", extra, ERROR_LOG,
                    [r"PANIC", r"FAILED", r"faulted"], system="blk-error")
    return [result("virtio-blk-device-error", why, res)]


def without_disk(args):
    forbid = [r"PANIC", r"boot error", r"faulted", r"^\[blkcheck\] ok", r"^\[virtio-blk\] ready"]
    why, res = boot(args, "virtio-blk-absent", "kaal.exit=idle", [], ABSENT_LOG, forbid)
    return [result("virtio-blk-absent", why, res)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True, help="the build directory, build/<arch>")
    ap.add_argument("--out", required=True, help="directory for the image, logs and trace")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(f, args) for f in (with_disk, device_error, without_disk)]
        lines = [line for run in runs for line in run.result()]
    print("\n".join(lines))
    return 1 if any(line.startswith("FAIL") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
