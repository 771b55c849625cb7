#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The virtio-net driver's test in QEMU: the driver and netcheck (tests/drivers/virtio-net).

The system is the network class's test system with virtio-net in the
e1000's place, and the client is the same netcheck; so is the peer, which
this runner takes from tests/drivers/net.py rather than writing it again.
Two boots of the system (make test-drivers-virtio-net):

  virtio-net-frames  QEMU gets a modern-only virtio-net device whose network
                     backend is a UDP socket pair (-netdev dgram), ports picked
                     free per run.  The peer takes the guest's 40 frames and
                     checks each, then sends 40 of its own (one broadcast) and
                     one more to another MAC address, which the driver must
                     filter out, since QEMU's device is promiscuous.  netcheck
                     checks the frames in order and ends the run with DebugHalt.
                     40 frames out through at most 32 transmit descriptors need
                     the driver to reclaim them; the frames in, which come while
                     both the driver and netcheck wait, need its interrupts.
  virtio-net-absent  no virtio-net device: the DDDK must say it is absent, with
                     its hint, and netcheck that the driver does not serve;
                     kaal.exit=idle ends the run once everything waits.

Prints "PASS: drivers/virtio-net-<name> ..." or "FAIL: drivers/virtio-net-<name>: <why>".
"""

import argparse
import concurrent.futures
import os
import socket
import sys
import time

sys.dont_write_bytecode = True  # importing net.py leaves nothing in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "boot")]
import net  # noqa: E402  tests/drivers/net.py: the peer, the frames, the boot and log checks
import qemu  # noqa: E402

DEVICE = "virtio-net-pci,netdev=n0,disable-legacy=on,mac=" + net.GUEST_MAC
FRAMES_DRIVER = [
    r"^\[virtio-net\] MAC address %s$" % net.MAC_HEX,
    r"^\[virtio-net\] link up$",
    r"^\[virtio-net\] ready, interrupts on$",
    r"^\[virtio-net\] first interrupt, ISR 0x1$",  # a queue's, not a configuration change
]
DRIVER_TROUBLE = r"^\[virtio-net\] (error|a bad|rx active|tx free|link down)"
ABSENT = [
    r"^\[root\] broker: refused component 'virtio-net' PCI information: .*not on the bus$",
    r"^\[virtio-net\] error: device absent: the PCI device granted to this driver is not on "
    r"the bus$",
    r"^\[virtio-net\] hint: start QEMU with the device",
    r"^\[netcheck\] error: the driver is not serving \(its answer is errno 19\); "
    r"no frames are exchanged$",  # ENODEV: the DDDK's answer for a driver whose device failed
]


def frames(args):
    """Boots with the device and the runner as its peer; (why or None, detail, log, result)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        ports = {"guest": net.free_udp_port(), "peer": sock.getsockname()[1]}
        backend = ("dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port={guest},"
                   "remote.type=inet,remote.host=127.0.0.1,remote.port={peer}").format(**ports)
        peer = net.Peer(sock, ports["guest"], time.monotonic() + net.WAIT_FRAMES)
        peer.start()
        log, res = net.boot(args, "virtio-net-frames", "", ["-netdev", backend, "-device", DEVICE])
        peer.stop.set()
        peer.join()
    expect = [FRAMES_DRIVER, net.FRAMES_CLIENT]
    why = peer.fault() or net.log_fault(res, expect, net.NO_TROUBLE + [DRIVER_TROUBLE])
    return why, "%d frames each way, %.1f s" % (net.TX_FRAMES, res.seconds), log, res


def absent(args):
    """Boots without the device; (why or None, detail, log, result)."""
    log, res = net.boot(args, "virtio-net-absent", "kaal.exit=idle", [])
    # The broker's refusal is expected, so "refused component" is not trouble here.
    forbid = [p for p in net.NO_TROUBLE if p != r"refused component"]
    why = net.log_fault(res, [ABSENT], forbid + [r"^\[virtio-net\] ready", r"^\[netcheck\] ok"])
    return why, "the DDDK's error and hint, %.1f s" % res.seconds, log, res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True,
                    help="the system's root.elf (tests/drivers/virtio-net)")
    ap.add_argument("--out", required=True, help="directory for the serial logs")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    runs = {"frames": frames, "absent": absent}
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(runs)) as pool:
        results = {name: pool.submit(run, args) for name, run in runs.items()}
    lines = [qemu.verdict("drivers/virtio-net-" + name, *result.result())
             for name, result in results.items()]
    print("\n".join(lines))
    return 1 if any(line.startswith("FAIL") for line in lines) else 0

if __name__ == "__main__":
    sys.exit(main())
