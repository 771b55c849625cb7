#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed ELF files for tests/fuzz/root/fuzz_elf.c into DIR.

    mkseeds.py DIR

Each seed is a few hundred bytes, built field by field from the ELF64
layout, so the fuzzer starts from images root_elf_check accepts and from a
few it refuses for one reason each:

    good        text, rodata on text's last page, PT_GNU_STACK, data + .bss
    sixteen     the most PT_LOAD segments the check takes
    pie         the good image as ET_DYN
    interp      the good image with a PT_INTERP header
    overlap     rodata one byte into text
"""
import os
import struct
import sys

EHDR = 64
PHDR = 56
PT_LOAD, PT_INTERP, PT_GNU_STACK = 1, 3, 0x6474E551
R, W, X = 4, 2, 1


def elf(entry, phdrs, size, e_type=2):
    """An x86_64 ET_EXEC (or e_type) image of size bytes with phdrs right after the header.

    phdrs: (type, flags, offset, vaddr, filesz, memsz) each."""
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    head = ident + struct.pack("<HHIQQQIHHHHHH", e_type, 62, 1, entry, EHDR, 0, 0, EHDR, PHDR,
                               len(phdrs), 0, 0, 0)
    table = b"".join(struct.pack("<IIQQQQQQ", t, f, off, va, va, fs, ms, 0x1000)
                     for t, f, off, va, fs, ms in phdrs)
    body = head + table
    assert len(body) <= size
    # The file bytes past the headers: a recognisable pattern, as code and data would be.
    return body + bytes((i * 7) & 0xFF for i in range(len(body), size))


def good_phdrs(rodata_at=0x180):
    return [
        (PT_LOAD, R | X, 0, 0x400000, 0x180, 0x180),
        (PT_LOAD, R, rodata_at, 0x400000 + rodata_at, 0x40, 0x40),
        (PT_GNU_STACK, R | W, 0, 0, 0, 0),
        (PT_LOAD, R | W, 0x1C0, 0x4011C0, 0x40, 0x1000),
    ]


def seeds():
    yield "good", elf(0x400120, good_phdrs(), 0x200)
    yield "sixteen", elf(0x400000, [(PT_LOAD, R | X if k == 0 else R, 0, 0x400000 + k * 0x1000,
                                     0x20, 0x1000) for k in range(16)], 0x400)
    yield "pie", elf(0x400120, good_phdrs(), 0x200, e_type=3)
    interp = good_phdrs()
    interp[2] = (PT_INTERP, R, 0x1F0, 0, 0x10, 0x10)
    yield "interp", elf(0x400120, interp, 0x200)
    yield "overlap", elf(0x400120, good_phdrs(rodata_at=0x17F), 0x200)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkseeds.py DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
