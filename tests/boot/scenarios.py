#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""KaaL's QEMU boot scenarios: a good boot and every kind of bad boot input.

Each scenario boots the kernel with some modules and command line and
states what the serial log must show, in order, and the exit code the
kernel must stop with (0 ok, 1 panic, 2 boot error).  Good boots run the
real root server in user mode; test root tasks (tests/boot/roottasks)
fault in each way a user thread can, and the kernel must report the fault
by thread name, type and address, and go on.  Bad root-server
modules are made here from the real root server, each broken in one way,
so every check in the kernel's ELF validation is reached.  Scenarios that
need a boot loader other than QEMU's own come from tests/boot/mbchain.

Prints "PASS: boot/<name>" or "FAIL: boot/<name>: <why>" per scenario.
"""

import argparse
import concurrent.futures
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

BOOTED = [r"^\[KaaL\] Booting\.\.\.", r"memory: \d+ MiB free",
          r"root server: .*root\.elf", r"^\[KaaL\] ACPI: 1 CPU \(KaaL uses one\), 1 IOAPIC",
          r"IOAPIC 0 at 0xfec00000: GSI 0-23, all masked", r"ISA IRQ 0 is GSI 2",
          r"timer: local APIC at 100 Hz .* interrupts seen", r"boot complete"]
# What the root server (runtime/root) prints when the kernel started it as seL4 would.
ROOT_RAN = [r"starting the root server: entry 0x[0-9a-f]+, IPC buffer 0x[0-9a-f]+, boot info",
            r"^\[root\] Hello from the root server, in user mode",
            r"^\[root\] ok: one node",
            r"^\[root\] ok: empty slots reach the end of the root CNode",
            r"^\[root\] ok: IPC buffer frame right before boot info",
            r"^\[root\] ok: IPC buffer is writable",
            r"^\[root\] ok: extra boot info has the TSC frequency",
            r"^\[root\] ok: extra boot info has a valid ACPI RSDP",
            r"^\[KaaL\] halted by thread 'rootserver' \(DebugHalt\)"]
# The quiet default (no kaal.verbose): the first line, then the bare root server's one line.
QUIET = [r"^\[KaaL\] Booting\.\.\.", r"^\[root\] no system image is linked in: nothing to load",
         r"^\[KaaL\] halted by thread 'rootserver' \(DebugHalt\)"]
HALTED = r"system halted"
NO_PANIC = [r"PANIC", r"boot error"]


def scenario(name, expect, exit, modules=("{root}",), append="", mem="128M",
             kernel="{kernel}", forbid=(), timeout=60, qemu_args=(), verbose=True):
    """verbose adds kaal.verbose: the kernel's and the root server's boot diagnostics,
    which most scenarios check; without it the boot is quiet (boot/quiet)."""
    append = (append + " kaal.verbose").strip() if verbose else append
    return {"name": name, "kernel": kernel, "modules": list(modules), "append": append,
            "mem": mem, "expect": list(expect), "exit": exit, "forbid": list(forbid),
            "timeout": timeout, "qemu_args": list(qemu_args)}


def good_boots():
    no_trouble = NO_PANIC + [r"FAILED"]
    return [
        scenario("boot/default", BOOTED + ROOT_RAN, 0, forbid=no_trouble),
        scenario("boot/two-modules", BOOTED + ROOT_RAN, 0, modules=("{root}", "{kernel}"),
                 forbid=no_trouble),
        scenario("boot/1g-memory", BOOTED + ROOT_RAN, 0, mem="1G", forbid=no_trouble),
        scenario("boot/two-cpus", [r"^\[KaaL\] ACPI: 2 CPUs \(KaaL uses one\), 1 IOAPIC"] +
                 ROOT_RAN, 0, qemu_args=("-smp", "2"), forbid=no_trouble),
        # Without kaal.verbose: "Booting...", then only what is wrong or asked for.
        scenario("boot/quiet", QUIET, 0, verbose=False,
                 forbid=no_trouble + [r"memory: \d+ MiB", r"boot complete", r"timer:",
                                      r"starting the root server", r"\[root\] (Hello|ok:|TSC)"]),
        scenario("boot/exit-when-booted", BOOTED, 0, append="kaal.exit=booted",
                 forbid=NO_PANIC + [r"\[root\]", r"starting the root server"]),
        # The kernel is silent once the root server runs; the root server's DebugPutChar is not.
        scenario("boot/console-user", BOOTED + ROOT_RAN[:-1], 0, append="kaal.console=user",
                 forbid=no_trouble + [r"halted by thread", r"fast path"]),
        scenario("boot/console-bad-value",
                 [r"^\[KaaL\] warning: kaal\.console=serial is neither user nor kernel; the "
                  r"kernel keeps the console"] + ROOT_RAN, 0, append="kaal.console=serial",
                 forbid=no_trouble),
    ]


def _suspended(fault):
    return [r"^\[KaaL\] thread 'rootserver' faulted: " + fault,
            r"^\[KaaL\] thread 'rootserver' has no fault handler: suspended",
            r"^\[KaaL\] no runnable threads: the kernel is idle"]


# Test root tasks (tests/boot/roottasks): name, what the kernel must report.
USER_TASKS = [
    ("fault-vm", _suspended(r"VMFault at address 0xdead0000 \(data write, page not present\), "
                            r"ip 0x[0-9a-f]+")),
    ("fault-kernel-memory", _suspended(r"VMFault at address 0xffffffff80100000 \(data read, "
                                       r"protection\)")),
    ("fault-ud", _suspended(r"UserException 6 #UD \(invalid opcode\), code 0x0, ip 0x")),
    ("fault-io-port", _suspended(r"UserException 13 #GP \(general protection\)")),
    ("unknown-syscall", _suspended(r"UnknownSyscall 123 at ip 0x")),
    ("preempted", [r"^\[test\] ok: integer sum", r"^\[test\] ok: sum of squares",
                   r"^\[test\] ok: SSE arithmetic", r"^\[test\] all registers intact",
                   r"halted by thread 'rootserver' \(DebugHalt\) after (\d{3,}|[2-9]\d) timer "
                   r"interrupts"]),
    ("irq-pit", [r"^\[test\] ok: IOPortControl_Issue", r"^\[test\] ok: GetIOAPIC routes",
                 r"^\[test\] ok: IRQControl_Get is IllegalOperation",
                 r"^\[test\] ok: 5 PIT interrupts woke the waiting thread with the badge",
                 r"^\[test\] ok: In8 reads the PIT's latched count",
                 r"^\[test\] ok: the undelivered interrupt left the line masked",
                 r"^\[test\] ok: after Ack the next interrupt is delivered",
                 r"^\[test\] ok: Revoke and Retype of 1 MiB complete while interrupts arrive",
                 r"^\[test\] ok: no interrupt is delivered after the handler is gone",
                 r"^\[test\] ok: the IRQ can be issued again", r"^\[test\] irq-pit: all passed",
                 r"halted by thread 'rootserver' \(DebugHalt\)"]),
    ("component", [r"^\[test\] ok: the ELF, stack, IPC buffer and info page are mapped",
                   r"^\[test\] ok: the component's CNode holds the layout's fixed slots",
                   r"^\[test\] ok: the TCB is configured",
                   r"^\[echo\] init, id 7",
                   r"^\[echo\] notification ignored: invalid channel 20",
                   r"^\[test\] ok: notified\(0\) then notified\(9\)",
                   r"^\[test\] ok: protected\(\) gets the caller's channel",
                   r"^\[test\] ok: a notification between two calls",
                   r"^\[test\] ok: the component's signal arrived with its badge",
                   r"^\[echo\] kaal_notify: invalid channel 40",
                   r"^\[echo\] kaal_notify: invalid channel 99",
                   r"^\[echo\] kaal_ppcall: invalid channel 3",
                   r"^\[echo\] kaal_irq_ack: invalid channel 0",
                   r"^\[test\] ok: kaal_notify, kaal_ppcall and kaal_irq_ack refuse",
                   r"^\[echo\] protected call refused: invalid channel 7",
                   r"^\[test\] ok: a call on a channel not open for calls is refused",
                   r"^\[echo\] protected call refused: invalid channel 63",
                   r"^\[test\] ok: a call badge with channel 63 is refused",
                   r"^\[test\] ok: the component still serves calls",
                   r"^\[test\] component: all passed",
                   r"halted by thread 'rootserver' \(DebugHalt\)"]),
]


# Root tasks that wait for interrupts, so the kernel idles on the way: they end with DebugHalt.
WAITING_TASKS = {"irq-pit", "component"}


def user_tasks():
    """Each test root task must be handled as the table says, and the kernel go on."""
    return [scenario("user/" + name, expect, 0, modules=("{roottasks}/%s.elf" % name,),
                     append="" if name in WAITING_TASKS else "kaal.exit=idle",
                     forbid=NO_PANIC + [r"FAILED"])
            for name, expect in USER_TASKS] + [
        # With kaal.console=user the fault report and the idle lines go nowhere; exit=idle works.
        scenario("user/fault-vm-console-user", [r"^\[KaaL\] starting the root server"], 0,
                 modules=("{roottasks}/fault-vm.elf",),
                 append="kaal.console=user kaal.exit=idle",
                 forbid=NO_PANIC + [r"faulted", r"suspended", r"the kernel is idle",
                                    r"stopping, as kaal"])]


FAULTS = {"de": "#DE \\(divide error\\)", "ud": "#UD \\(invalid opcode\\)",
          "pf": "#PF \\(page fault\\)", "gp": "#GP \\(general protection\\)",
          "bp": "#BP \\(breakpoint\\)"}


def kernel_faults():
    out = []
    for key, name in FAULTS.items():
        expect = [r"self test: raising CPU exception '%s'" % key,
                  r"CPU exception \d+ %s in the kernel" % name, r"rip [0-9a-f]{16}",
                  r"r15 [0-9a-f]{16}", r"KERNEL PANIC: CPU exception %s" % name, HALTED]
        if key == "pf":
            expect.insert(2, r"fault address \(cr2\) 0xdeadb000: page not present, write")
        out.append(scenario("kernel-exception/" + key, expect, 1, append="kaal.fault=" + key))
    return out


def release_build():
    """A DEBUG=0 kernel: no debug system calls and no self tests, as in seL4 release builds."""
    debug_call = _suspended(r"UnknownSyscall -9 at ip 0x")  # DebugPutChar does not exist
    return [
        scenario("release/debug-calls-absent", BOOTED + debug_call, 0, kernel="{release}",
                 append="kaal.exit=idle", forbid=NO_PANIC + [r"\[root\] Hello"]),
        scenario("release/no-fault-self-test",
                 BOOTED[:1] + [r"self test 'pf' ignored: this is a release build"] + BOOTED[1:] +
                 debug_call, 0,
                 kernel="{release}", append="kaal.fault=pf kaal.exit=idle", forbid=NO_PANIC),
    ]


def root_cnode_option():
    """ROOT_CNODE_BITS=13: the root server gets a CNode of 2^13 slots and its empty slots run to
    the end of it, as seL4 built with KernelRootCNodeSizeBits 13 gives (sel4bench needs them)."""
    return [scenario("option/root-cnode-13", BOOTED + [r"root CNode 2\^13 slots"] + ROOT_RAN[2:], 0,
                     kernel="{cnode13}", forbid=NO_PANIC + [r"FAILED", r"root CNode 2\^12"])]


def xsave_option():
    """XSAVE_FEATURES=3, seL4's default feature set: XCR0 keeps to x87 and SSE (no AVX even on a
    CPU with it) with a 576-byte area, and the root server still runs; the TCB's 2^11 bytes are
    checked when the kernel is compiled."""
    return [scenario("option/xsave-sse", BOOTED[:-1] + [r"XSAVE: XCR0 0x3 \(x87 SSE\), 576-byte area"]
                     + BOOTED[-1:] + ROOT_RAN[2:], 0, kernel="{xsave3}",
                     forbid=NO_PANIC + [r"FAILED", r"AVX"])]


def bad_boot_input():
    err = r"\[KaaL\] boot error: "
    hint = r"\[KaaL\] hint: "
    return [
        scenario("boot-error/no-module", [err + "no root server: the boot loader passed no "
                                          "modules", hint + "pass the root server ELF", HALTED],
                 2, modules=()),
        scenario("boot-error/too-little-memory",
                 [err + r"only \d+ KiB of RAM is free .* KaaL needs at least 16 MiB",
                  hint + r"give the machine more memory \(QEMU: -m 128M\)", HALTED], 2,
                 mem="16M"),
    ]


# --- bad root-server modules, each made from the real one ------------------

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")


def _phdrs(img):
    eh = EHDR.unpack_from(img, 0)
    phoff, phnum = eh[5], eh[9]
    return [(phoff + i * PHDR.size, PHDR.unpack_from(img, phoff + i * PHDR.size))
            for i in range(phnum)]


def _first_load(img, flags=None):
    for off, ph in _phdrs(img):
        if ph[0] == 1 and (flags is None or ph[1] & flags == flags):
            return off, ph
    raise ValueError("root server has no matching PT_LOAD segment")


def _patch_phdr(img, field, value, flags=None):
    off, ph = _first_load(img, flags)
    ph = list(ph)
    ph[field] = value
    PHDR.pack_into(img, off, *ph)
    return img


def _patch(img, offset, fmt, value):
    struct.pack_into(fmt, img, offset, value)
    return img


BAD_ELVES = [
    # name, how to break the image, what the kernel must say
    ("too-short", lambda b: b[:10], r"too short to be an ELF file"),
    ("not-elf", lambda b: bytearray(b"#!/bin/sh\necho this is not an ELF\n" * 4),
     r"not an ELF file \(bad magic\)"),
    ("elf32", lambda b: _patch(b, 4, "B", 1), r"a 32-bit ELF file"),
    ("big-endian", lambda b: _patch(b, 5, "B", 2), r"a big-endian ELF file"),
    ("wrong-machine", lambda b: _patch(b, 18, "<H", 183),
     r"an ELF file for machine 183, not x86_64 \(machine 62\)"),
    ("pie", lambda b: _patch(b, 16, "<H", 3), r"a position-independent ELF \(ET_DYN\); link the root server with -static -no-pie"),
    ("relocatable", lambda b: _patch(b, 16, "<H", 1), r"not an executable"),
    ("truncated", lambda b: b[:EHDR.size + 8], r"program headers lie outside the file"),
    ("segment-past-file", lambda b: _patch_phdr(b, 5, 1 << 30),
     r"segment \d+: bytes .* lie outside the \d+-byte file"),
    ("segment-in-kernel-space", lambda b: _patch_phdr(b, 3, 0xffffffff80000000),
     r"segment \d+: .* is outside user space"),
    ("entry-not-executable", lambda b: _patch(b, 24, "<Q", _first_load(b, 4)[1][3]),
     r"entry point 0x[0-9a-f]+ is not in an executable segment"),
]


def bad_modules(root, out_dir):
    with open(root, "rb") as f:
        good = f.read()
    out = []
    for name, breaker, message in BAD_ELVES:
        path = os.path.join(out_dir, "bad-" + name + ".elf")
        with open(path, "wb") as f:
            f.write(bytes(breaker(bytearray(good))))
        expect = [r"\[KaaL\] boot error: root server module .*bad-%s\.elf is not usable: %s"
                  % (name, message),
                  r"\[KaaL\] hint: the first module must be the root server: a static x86_64 ELF "
                  r"executable", HALTED]
        out.append(scenario("bad-root-elf/" + name, expect, 2, modules=(path,)))
    return out


def chain_loader_scenarios():
    try:
        from mbchain.scenarios import SCENARIOS
    except ImportError:
        return []
    return [scenario(s["name"], s["expect"], s["exit"], modules=s["modules"],
                     append=s.get("append", ""), mem=s.get("mem", "128M"),
                     kernel=s["kernel"], forbid=s.get("forbid", ()),
                     timeout=s.get("timeout", 60)) for s in SCENARIOS]


# --- running ----------------------------------------------------------------

def run_one(sc, args):
    subst = {"kernel": args.kernel, "root": args.root, "mbchain": args.mbchain or "",
             "roottasks": args.roottasks or "", **args.option_kernels}
    fill = lambda s: s.format(**subst)  # noqa: E731
    log = os.path.join(args.out, sc["name"].replace("/", "_") + ".log")
    res = qemu.boot(args.qemu, fill(sc["kernel"]), [fill(m) for m in sc["modules"]],
                    sc["append"], sc["mem"], log, sc["timeout"], sc.get("qemu_args", ()))
    why = None
    if res.timed_out:
        why = "timed out after %d s" % sc["timeout"]
    else:
        missing = qemu.match_in_order(res.log, sc["expect"])
        if missing:
            why = "serial log lacks /%s/" % missing
        elif res.code != sc["exit"]:
            why = "exit code %s (%s), expected %d (%s)" % (
                res.code, qemu.EXIT_CODES.get(res.code, "QEMU status %d" % res.status),
                sc["exit"], qemu.EXIT_CODES[sc["exit"]])
        else:
            bad = [p for p in sc["forbid"] if qemu.match_in_order(res.log, [p]) is None]
            if bad:
                why = "serial log shows /%s/" % bad[0]
    if why is None:
        return "PASS: boot/%s (%.1f s)" % (sc["name"], res.seconds)
    tail = "\n".join("  | " + l for l in res.log.strip().splitlines()[-12:])
    return "FAIL: boot/%s: %s; log %s ends:\n%s" % (sc["name"], why, log, tail)


def all_scenarios(args):
    out = good_boots() + kernel_faults() + bad_boot_input() + bad_modules(args.root, args.out)
    if args.roottasks:
        out += user_tasks()
    for name, scenarios in (("release", release_build), ("cnode13", root_cnode_option),
                            ("xsave3", xsave_option)):
        if name in args.option_kernels:
            out += scenarios()
    if args.mbchain:
        out += chain_loader_scenarios()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--mbchain", help="the chain loader, for the scenarios that need it")
    ap.add_argument("--option-kernel", action="append", default=[], metavar="NAME=ELF",
                    help="a kernel built with other options, for their scenarios: release "
                    "(DEBUG=0), cnode13 (ROOT_CNODE_BITS=13), xsave3 (XSAVE_FEATURES=3)")
    ap.add_argument("--roottasks", help="directory of the test root tasks (tests/boot/roottasks)")
    ap.add_argument("--out", required=True, help="directory for serial logs and made modules")
    ap.add_argument("--only", help="run only scenarios whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the scenarios and stop")
    args = ap.parse_args()
    args.option_kernels = dict(k.split("=", 1) for k in args.option_kernel)
    os.makedirs(args.out, exist_ok=True)
    scs = [s for s in all_scenarios(args) if not args.only or args.only in s["name"]]
    if args.list:
        print("\n".join(s["name"] for s in scs))
        return 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda s: run_one(s, args), scs))
    print("\n".join(results))
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
