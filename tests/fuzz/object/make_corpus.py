#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the object-model fuzzer's seed corpus (tests/fuzz/object/corpus).

Each seed is a short program in the fuzzer's input language (see
fuzz_object.c): 8 bytes a step, byte 0 the operation.  The seeds reach the
interesting paths at once: badges and revoke, a CNode holding its own last
cap (a cyclic Zombie), TCB deletion, untyped reset under preemption,
Rotate and Mutate, SaveCaller, ASID pools, I/O ports, a VSpace built,
mapped into, unmapped and revoked, IRQ handlers issued, given a
notification, interrupted, acknowledged, cleared and deleted, and I/O
ports written and read through IOPort caps.
"""
import os
import sys

RETYPE, COPY, MINT, MOVE, MUTATE, ROTATE, DELETE, REVOKE, CANCEL, SAVE, SUB, RAW = range(12)
UT, DEV, CNODE = 3, 4, 2
EP, NTFN, TCB, CAPTABLE, UNTYPED, PAGE, PT, PML4 = 2, 3, 1, 4, 0, 8, 10, 6
ASID_CONTROL, IO_PORT_CONTROL, IRQ_CONTROL = 5, 7, 8
PDPT, PD = 5, 11
VSPACE = 0xf0  # byte 0 from here up: a VSpace invocation
PDPT_MAP, PD_MAP, PT_MAP, PT_UNMAP, PAGE_MAP, PAGE_UNMAP, GET_ADDRESS = 30, 32, 34, 35, 36, 37, 38
VA1 = (1, 1, 1, 1)  # 0x8040201000: index 1 at every level
DEVICE = 0xe0  # byte 0 from here to VSPACE: an IRQ or I/O port step
IOAPIC, MSI, IRQ_GET, SET_NTFN, ACK, CLEAR, PORT_ISSUE, PORT_IO, INTERRUPT = range(9)
IN8, IN16, IN32, OUT8, OUT16, OUT32 = range(6)
TRUNCATE = 0x40  # byte 7 of a device step: the message is byte 7 % (length + 1) words
PREEMPT = 0x80  # byte 7: preempt every (byte 6 % 16) + 1 points


def step(op, *args):
    b = [op] + list(args) + [0] * (7 - len(args))
    return bytes(x & 0xff for x in b[:8])


def retype(ut, typ, size, dest, n=1, b6=0, b7=0):
    return step(RETYPE, ut, typ, size, dest, n - 1, b6, b7)


def dev(op, cap, dest=0, *args):
    """A device step on the cap in slot cap; args are bytes 3-7 (see fuzz_object.c)."""
    return step(DEVICE + op, cap, dest, *args)


def ioapic(dest, pin, index, level=0, low=0):
    return dev(IOAPIC, IRQ_CONTROL, dest, pin, level + 3 * low, 0, index)


def port_io(cap, op, port, data=0, b7=0):
    return dev(PORT_IO, cap, 0, op, port - 0x60, data & 0xff, data >> 8, b7)


def vs(label, cap, vspace=0, va=VA1, rights=3, attr=0):
    """A VSpace step; byte 1 holds the label (% 9), the rights and the attributes."""
    high = (attr & 3) << 6 | rights << 4
    b1 = next(high | low for low in range(16) if (high | low) % 9 == label - PDPT_MAP)
    return step(VSPACE, b1, cap, vspace | (0x40 if attr & 4 else 0), *va)


SEEDS = {
    "badges_and_revoke": [
        retype(UT, EP, 0, 20), step(COPY, 21, 20, 0, 15), step(MINT, 22, 20, 0, 15, 7),
        step(COPY, 23, 22, 0, 15), step(MINT, 24, 22, 0, 15, 9), step(CANCEL, 22),
        step(REVOKE, 22), step(REVOKE, 20), step(DELETE, 20),
    ],
    "cnode_holds_itself": [
        # Move the CNode's only cap into its own slot 0 (label 0x17 % 9 = Move, source in
        # the root), so it is reachable only through the untyped, whose revoke must
        # take the cyclic-Zombie path; then the same with a copy left outside.
        retype(UT, CAPTABLE, 3, 30), step(SUB, 30, 0x17, 0, 3, 30),
        step(REVOKE, UT, 0, 0, 0, 0, 2, PREEMPT), retype(UT, CAPTABLE, 3, 30),
        step(COPY, 31, 30, 0, 15), step(SUB, 30, 0x17, 1, 3, 31),
        step(DELETE, 30, 0, 0, 0, 0, 0, PREEMPT), retype(UT, EP, 0, 32),
    ],
    "tcb_and_reset": [
        retype(UT, TCB, 0, 40, 2), retype(UT, UNTYPED, 12, 42), retype(42, PAGE, 0, 43, 4),
        step(DELETE, 40), step(REVOKE, UT, 0, 0, 0, 0, 3, PREEMPT),
        retype(UT, NTFN, 0, 44, 1, 2, PREEMPT),
    ],
    "rotate_mutate": [
        retype(UT, CAPTABLE, 2, 50), retype(UT, PAGE, 0, 51), step(MUTATE, 52, 50, 0, 1, 3),
        step(ROTATE, 53, 52, 51, 0, 0, 0, 0), step(ROTATE, 53, 51, 53, 1, 3, 0, 0),
        step(COPY, 54, DEV, 0, 15), retype(54, PAGE, 0, 55, 2),
    ],
    "save_caller": [
        step(SAVE, 60, 0, 0, 1), step(SAVE, 61, 0, 0, 1), step(DELETE, 60),
        retype(UT, PT, 0, 62), step(COPY, 63, 62, 0, 15), step(RAW, 62, 34, 4, 1, 2, 3, 4),
    ],
    # RAW steps: byte 2 is both the label (% 50) and the first extra cap's slot.
    "asid_pools": [
        retype(UT, UNTYPED, 12, 39), step(RAW, ASID_CONTROL, 39, 2, 38, 64),  # MakePool -> 38
        retype(UT, PML4, 0, 40), step(RAW, 38, 40, 0),  # Assign the PML4 in slot 40
        step(COPY, 43, 40, 0, 15), step(DELETE, 38), step(DELETE, 40), step(REVOKE, UT),
    ],
    "vspace": [
        retype(UT, UNTYPED, 12, 39), step(RAW, ASID_CONTROL, 39, 2, 38, 64),  # pool -> 38
        retype(UT, PML4, 0, 40), step(RAW, 38, 40, 0),  # ASID 1 for the PML4 in 40
        retype(UT, PDPT, 0, 41), retype(UT, PD, 0, 42), retype(UT, PT, 0, 43),
        retype(UT, PAGE, 0, 44, 2),
        vs(PAGE_MAP, 44, 40), vs(PDPT_MAP, 41, 40), vs(PD_MAP, 42, 40), vs(PT_MAP, 43, 40),
        vs(PAGE_MAP, 44, 40), vs(PAGE_MAP, 45, 40, attr=4), vs(PAGE_MAP, 44, 40, rights=2),
        vs(PAGE_UNMAP, 44), vs(GET_ADDRESS, 45), step(COPY, 46, 43, 0, 15),
        vs(PT_UNMAP, 43), step(DELETE, 46), vs(PT_UNMAP, 43), vs(PT_MAP, 43, 40),
        vs(PAGE_MAP, 44, 40, va=(1, 1, 1, 2)), step(DELETE, 42),
        step(REVOKE, UT, 0, 0, 0, 0, 3, PREEMPT),
    ],
    "io_ports": [
        step(COPY, 41, CNODE, 0, 15), step(RAW, IO_PORT_CONTROL, 41, 4, 8, 12, 30, 64),
        step(COPY, 31, 30, 0, 15), step(DELETE, 30), step(REVOKE, IO_PORT_CONTROL),
    ],
    "irq_handlers": [
        retype(UT, NTFN, 0, 20), step(MINT, 21, 20, 0, 15, 5),
        ioapic(30, 2, 0), ioapic(31, 5, 1, level=1, low=1),
        dev(MSI, IRQ_CONTROL, 32, 0, 3, 0, 2), dev(IRQ_GET, IRQ_CONTROL, 33, 4),
        dev(SET_NTFN, 30, 21), dev(INTERRUPT, 0), dev(ACK, 30), step(COPY, 34, 30, 0, 15),
        dev(SET_NTFN, 31, 20), step(DELETE, 21), dev(INTERRUPT, 0), dev(INTERRUPT, 1),
        dev(CLEAR, 31), dev(INTERRUPT, 1), dev(ACK, 31),
        ioapic(35, 2, 0), ioapic(35, 24, 3), dev(SET_NTFN, 30, 0, 0, 0, 0, 0, TRUNCATE | 0x20),
        step(DELETE, 30), step(DELETE, 34), dev(INTERRUPT, 0), ioapic(35, 7, 0),
        dev(SET_NTFN, 35, 20), step(REVOKE, IRQ_CONTROL), step(REVOKE, UT),
    ],
    "io_port_devices": [
        dev(PORT_ISSUE, IO_PORT_CONTROL, 30, 0, 4),  # ports 0x60-0x63 -> 30
        port_io(30, OUT8, 0x60, 0x12), port_io(30, IN8, 0x60), port_io(30, OUT16, 0x62, 0x3456),
        port_io(30, IN32, 0x60), port_io(30, OUT32, 0x61), port_io(30, OUT8, 0x60, 0, TRUNCATE),
        dev(PORT_ISSUE, IO_PORT_CONTROL, 31, 2, 4), dev(PORT_ISSUE, IO_PORT_CONTROL, 31, 8, 0),
        step(COPY, 32, 30, 0, 15), step(DELETE, 30), port_io(32, IN16, 0x62), step(DELETE, 32),
        dev(PORT_ISSUE, IO_PORT_CONTROL, 31, 2, 4), port_io(31, OUT32, 0x62),
        step(REVOKE, IO_PORT_CONTROL),
    ],
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, steps in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"".join(steps))


if __name__ == "__main__":
    main()
