#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The network class's test in QEMU: the e1000 driver and its client netcheck (tests/drivers/net).

Two boots of the same system (make test-drivers-net):

  e1000-frames  QEMU gets an e1000 whose network backend is a UDP socket
                pair (-netdev dgram): every frame the guest sends arrives
                here as one datagram, and every datagram sent to QEMU's port
                arrives in the guest as one frame.  This script is the peer:
                it takes the guest's TX_FRAMES frames and checks each, then
                sends RX_FRAMES frames of its own, with one more to another
                MAC address among them, which the device must filter out.
                netcheck checks what it receives and ends the run with
                DebugHalt (with interrupts the system idles on the way).
  e1000-absent  no e1000 at all: the DDDK must say the device is absent,
                with its hint, and netcheck that the driver does not serve;
                kaal.exit=idle ends the run once everything waits.

The frames are those netcheck.c describes.  Ports are picked free per run.
Prints "PASS: drivers/<name> ..." or "FAIL: drivers/<name>: <why>" per boot.
"""

import argparse
import concurrent.futures
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

TX_FRAMES = 40        # netcheck.c's: guest to peer
RX_FRAMES = 40        # peer to guest
BCAST_FRAME = 5       # sent to the broadcast address
FOREIGN_AFTER = 20    # the frame to another MAC goes out after this one
ETH_TYPE = 0x88b5
TX_MULT, RX_MULT = 7, 13
GUEST_MAC = "52:54:00:12:34:56"
GUEST = bytes.fromhex(GUEST_MAC.replace(":", ""))
PEER = bytes.fromhex("020000000002")
FOREIGN = bytes.fromhex("020000000099")
BCAST = b"\xff" * 6
FRAME_MIN, FRAME_MAX = 60, 1514
TIMEOUT = 60          # seconds for a whole boot
WAIT_FRAMES = 40      # of which at most this long for the guest's frames

NO_TROUBLE = [r"PANIC", r"FAILED", r"faulted", r"not started", r"refused component"]


def frame_len(k, n):
    return FRAME_MIN + k * (FRAME_MAX - FRAME_MIN) // (n - 1)


def payload(k, n, mult):
    return bytes([k & 0xff]) + bytes((k * mult + j) & 0xff for j in range(1, frame_len(k, n) - 14))


def frame(dst, src, k, n, mult):
    return dst + src + ETH_TYPE.to_bytes(2, "big") + payload(k, n, mult)


def frame_fault(data, k):
    """What is wrong with data as the guest's frame k, or None."""
    want = frame(PEER, GUEST, k, TX_FRAMES, TX_MULT)
    if len(data) != len(want):
        return "frame %d is %d bytes long, expected %d" % (k, len(data), len(want))
    for what, a, b in (("destination", 0, 6), ("source", 6, 12), ("EtherType", 12, 14),
                       ("number", 14, 15), ("payload", 15, len(want))):
        if data[a:b] != want[a:b]:
            return "frame %d: its %s differs from what netcheck sends" % (k, what)
    return None


class Peer(threading.Thread):
    """The other end of the guest's e1000: takes its frames, then sends frames to it."""

    def __init__(self, sock, guest_port, deadline):
        super().__init__(daemon=True)
        self.sock, self.guest_port, self.deadline = sock, guest_port, deadline
        self.got, self.stop = [], threading.Event()

    def run(self):
        self.sock.settimeout(0.2)
        while len(self.got) < TX_FRAMES and time.monotonic() < self.deadline and \
                not self.stop.is_set():
            try:
                self.got.append(self.sock.recv(65536))
            except socket.timeout:
                pass
        if self.stop.is_set():
            return
        # Sent even if the guest's frames did not all come, so that receiving is tested on its own.
        guest = ("127.0.0.1", self.guest_port)
        for k in range(RX_FRAMES):
            dst = BCAST if k == BCAST_FRAME else GUEST
            self.sock.sendto(frame(dst, PEER, k, RX_FRAMES, RX_MULT), guest)
            if k == FOREIGN_AFTER:
                self.sock.sendto(frame(FOREIGN, PEER, k + 1, RX_FRAMES, RX_MULT), guest)

    def fault(self):
        """What was wrong with the frames the guest sent, or None."""
        if len(self.got) != TX_FRAMES:
            return "the peer received %d frames from the guest, expected %d" % (
                len(self.got), TX_FRAMES)
        for k, data in enumerate(self.got):
            why = frame_fault(data, k)
            if why:
                return "the peer received a bad frame: " + why
        return None


def free_udp_port():
    """A UDP port on 127.0.0.1 that was free a moment ago, for QEMU to bind."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


MAC_HEX = "0x" + GUEST_MAC.replace(":", "").lstrip("0")
FRAMES_DRIVER = [
    r"^\[e1000\] MAC address %s$" % MAC_HEX,
    r"^\[e1000\] link up$",
    r"^\[e1000\] ready, interrupts on$",
    r"^\[e1000\] first interrupt, cause 0x[0-9a-f]+$",
]
FRAMES_CLIENT = [
    r"^\[netcheck\] the driver's MAC address is %s, link up$" % MAC_HEX,
    r"^\[netcheck\] ok: %d frames handed to the driver, every transmit buffer returned$"
    % TX_FRAMES,
    r"^\[netcheck\] ok: %d frames from the peer, in order, each with its length and pattern, "
    r"one broadcast$" % RX_FRAMES,
    r"^\[netcheck\] done$",
    r"halted by thread 'netcheck' \(DebugHalt\)",
]
ABSENT = [
    r"^\[root\] broker: refused component 'e1000' PCI information: .*not on the bus$",
    r"^\[e1000\] error: device absent: the PCI device granted to this driver is not on the bus$",
    r"^\[e1000\] hint: start QEMU with the device \(QEMU: -device, see lspci\)",
    r"^\[netcheck\] error: the driver is not serving \(its answer is errno 19\); "
    r"no frames are exchanged$",  # ENODEV: the DDDK's answer for a driver whose device failed
]


def log_fault(res, expect, forbid):
    """Why the boot's log or exit is not as expected, or None."""
    if res.timed_out:
        return "timed out after %d s" % TIMEOUT
    for lines in expect:
        missing = qemu.match_in_order(res.log, lines)
        if missing:
            return "serial log lacks /%s/" % missing
    for pat in forbid:
        if qemu.match_in_order(res.log, [pat]) is None:
            return "serial log shows /%s/" % pat
    if res.code != 0:
        return "exit code %s, expected 0" % res.code
    return None


def boot(args, name, append, extra):
    log = os.path.join(args.out, name + ".log")
    return log, qemu.boot(args.qemu, args.kernel, [args.root], append, "128M", log, TIMEOUT, extra)


def frames(args):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        peer_port, guest_port = sock.getsockname()[1], free_udp_port()
        netdev = ("dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=%d,"
                  "remote.type=inet,remote.host=127.0.0.1,remote.port=%d" % (guest_port, peer_port))
        extra = ["-netdev", netdev, "-device", "e1000,netdev=n0,mac=" + GUEST_MAC]
        peer = Peer(sock, guest_port, time.monotonic() + WAIT_FRAMES)
        peer.start()
        log, res = boot(args, "e1000-frames", "", extra)
        peer.stop.set()
        peer.join()
    why = peer.fault() or log_fault(res, [FRAMES_DRIVER, FRAMES_CLIENT],
                                    NO_TROUBLE + [r"^\[e1000\] (error|a bad|rx active|tx free)"])
    detail = "%d frames each way, %.1f s" % (TX_FRAMES, res.seconds)
    return "frames", why, detail, log, res


def absent(args):
    log, res = boot(args, "e1000-absent", "kaal.exit=idle", [])
    # The broker's refusal is expected (ABSENT), so "refused component" is not forbidden here.
    forbid = [p for p in NO_TROUBLE if p != r"refused component"]
    why = log_fault(res, [ABSENT], forbid + [r"^\[e1000\] ready", r"^\[netcheck\] ok"])
    return "absent", why, "the DDDK's error and hint, %.1f s" % res.seconds, log, res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True, help="the system's root.elf (tests/drivers/net)")
    ap.add_argument("--out", required=True, help="directory for the serial logs")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda f: f(args), [frames, absent]))
    failed = False
    for name, why, detail, log, res in results:
        if why is None:
            print("PASS: drivers/e1000-%s (%s)" % (name, detail))
            continue
        failed = True
        tail = "\n".join("  | " + line for line in res.log.strip().splitlines()[-15:])
        print("FAIL: drivers/e1000-%s: %s; log %s ends:\n%s" % (name, why, log, tail))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
