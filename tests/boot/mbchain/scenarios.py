# SPDX-License-Identifier: BSD-2-Clause
"""Boot scenarios that need mbchain, the test-only chain loader beside this file.

QEMU boots mbchain with the KaaL kernel and the root server as modules;
mbchain loads the kernel and hands it boot input broken in the way its
mode asks (see README.md).  tests/boot/scenarios.py imports SCENARIOS and
fills in {mbchain}, {kernel} and {root}.  Each scenario first checks that
mbchain really ran in that mode, then the kernel's error line, its hint and
the halt, in that order; exit is the kernel's code (0 ok, 1 panic, 2 boot
error).  The log has CRLF line ends, so patterns anchor with ^ but never $.
"""

ERR = r"^\[KaaL\] boot error: "
HINT = r"^\[KaaL\] hint: "
HALTED = r"^\[KaaL\] system halted"
HEX = r"0x[0-9a-f]+"


def _ran(mode, magic="0x2badb002"):
    """The lines mbchain prints when it has loaded the kernel and is about to jump."""
    return [r"^\[mbchain\] mode=%s: kernel is module 0 \(.*kernel\.elf\), 1 more module" % mode,
            r"^\[mbchain\] kernel loaded at \[%s, %s\); jumping to %s with eax %s"
            % (HEX, HEX, HEX, magic)]


def _chain(name, mode, expect, exit, append=""):
    return {"name": name, "kernel": "{mbchain}", "modules": ["{kernel}", "{root}"],
            "append": ("mode=%s %s" % (mode, append)).strip(), "mem": "128M",
            "expect": expect, "exit": exit, "timeout": 30}


SCENARIOS = [
    # The control case: with nothing broken the kernel must boot, which shows
    # that the failures below come from the kernel's checks, not from mbchain.
    dict(_chain("chain-loader/pass", "pass", _ran("pass") + [
        r"^\[KaaL\] Booting\.\.\.",
        r"command line: mbchain mode=pass kaal\.exit=booted",
        r"^\[KaaL\] memory: \d+ MiB free",
        r"^\[KaaL\] root server: .*root\.elf",
        r"^\[KaaL\] boot complete"], 0, append="kaal.exit=booted"),
        forbid=[r"PANIC", r"boot error", r"\[mbchain\] error"]),

    _chain("boot-error/no-memory-map", "nommap", _ran("nommap") + [
        ERR + r"the boot loader passed no memory map",
        HINT + r"boot KaaL with a multiboot loader that passes a memory map "
               r"\(QEMU -kernel, GRUB\)",
        HALTED], 2),

    # The reserved range mbchain adds starts where the kernel does (\1).
    _chain("boot-error/kernel-in-reserved-memory", "kernel-reserved", _ran("kernel-reserved") + [
        ERR + r"the memory map marks \[(%s), %s\) as not usable RAM, but the kernel image "
              r"lies at \[\1, %s\)" % (HEX, HEX, HEX),
        HINT + r"the loader placed an image outside RAM; check the loader's memory settings",
        HALTED], 2),

    _chain("boot-error/malformed-memory-map", "badmmap", _ran("badmmap") + [
        ERR + r"multiboot memory map entry at %s is malformed or out of reach" % HEX,
        HINT + r"the boot loader's records are malformed; try another loader or loader version",
        HALTED], 2),

    # boot32.S reports a bad magic in 32-bit code, before the console code exists.
    _chain("boot-error/bad-multiboot-magic", "badmagic", _ran("badmagic", "0x12345678") + [
        ERR + r"not started by a multiboot loader \(bad magic in eax\)",
        HINT + r"boot the kernel with QEMU -kernel or GRUB's multiboot command",
        HALTED], 2),
]


if __name__ == "__main__":
    for s in SCENARIOS:
        print("%-40s -append %r, exit %d" % (s["name"], s["append"], s["exit"]))
