#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Copies a system image with one component's ELF made an AArch64 one.

    break_elf.py IN COMPONENT OUT

The image stays valid for sysimage_check (it does not look inside ELF
files), so only the root server's own ELF check can catch the change.
Record layouts: sdk/private/include/kaal/sysimage.h.
"""

import struct
import sys

HEADER = struct.Struct("<8sIIQ" + "II" * 6)
COMPONENT = struct.Struct("<32sB3sIQQIIIIQQ")
E_MACHINE = 18
EM_AARCH64 = 183


def main():
    src, name, dst = sys.argv[1:4]
    img = bytearray(open(src, "rb").read())
    h = HEADER.unpack_from(img, 0)
    comp_off, comp_count = h[4], h[5]
    for i in range(comp_count):
        rec = COMPONENT.unpack_from(img, comp_off + i * COMPONENT.size)
        if rec[0].rstrip(b"\0").decode() == name:
            struct.pack_into("<H", img, rec[4] + E_MACHINE, EM_AARCH64)
            open(dst, "wb").write(img)
            return 0
    sys.stderr.write("break_elf.py: no component '%s' in %s\n" % (name, src))
    return 1


if __name__ == "__main__":
    sys.exit(main())
