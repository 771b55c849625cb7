#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""KaaL's system scenarios: whole systems, root server and components, in QEMU.

Each system (mk/system.mk) is booted as the one multiboot module, with
kaal.exit=idle: once every thread waits, the kernel ends QEMU with exit
code 0.  A system that waits for interrupts idles on the way, so it ends
with a DebugHalt of its own instead.  The serial log must show the listed lines in order and none of
the forbidden ones.

Prints "PASS: system/<name>" or "FAIL: system/<name>: <why>" per system.
"""

import argparse
import concurrent.futures
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
import qemu  # noqa: E402

NO_TROUBLE = [r"PANIC", r"boot error", r"FAILED", r"not started", r"refused component",
              r"faulted"]

SYSTEMS = {}


def system(name, directory, expect, forbid=NO_TROUBLE, mem="128M", timeout=90,
           append="kaal.exit=idle", also=(), qemu_args=()):
    """also: more lists of lines, each in order within itself (components running side by side);
    qemu_args: devices and the like for this system's machine.  Every system boots with
    kaal.verbose, for the root server's "loaded N of N components" line."""
    SYSTEMS[name] = {"dir": directory, "expect": expect, "forbid": forbid, "mem": mem,
                     "timeout": timeout, "append": (append + " kaal.verbose").strip(),
                     "also": list(also),
                     "qemu_args": list(qemu_args)}


# Least privilege, tested: every refusal and fault below is provoked on purpose
# (tests/system/isolation/*.c say how), so only FAILED lines and panics are forbidden.
ISOLATION_FAULTS = [r"PANIC", r"boot error", r"FAILED", r"not started"]
system("isolation", "tests/system/isolation", [
    r"^\[root\] loaded 5 of 5 components; \d+ KiB of memory left",
    r"^\[probe\] ok: the CSpace holds the fixed caps and one channel, nothing else",
    r"^\[probe\] ok: the broker knows one device and a 64 KiB quota",
    r"^\[root\] broker: refused component 'probe' MMIO: no such device: the system description grants it fewer",
    r"^\[probe\] ok: a device beyond the grant is refused",
    r"^\[root\] broker: refused component 'probe' an IRQ: the device has no IRQ",
    r"^\[probe\] ok: an IRQ not granted is refused",
    r"^\[root\] broker: refused component 'probe' I/O ports: the slot is outside the receive window \(256\-511\)",
    r"^\[probe\] ok: I/O ports into a slot outside the receive window are refused",
    r"^\[root\] broker: refused component 'probe' an unknown request: unknown request label",
    r"^\[probe\] ok: an unknown request is refused",
    r"^\[root\] broker: refused component 'probe' MMIO: the message is shorter than the op's arguments",
    r"^\[root\] broker: refused component 'probe' a reboot or poweroff: the message is shorter than the op's arguments",
    r"^\[probe\] ok: every request a word short is refused with EBADMSG",
    r"^\[probe\] ok: the PCI device is found on the bus: ids 1234:1111, a display controller",
    r"^\[probe\] ok: its configuration space can be read",
    r"^\[probe\] ok: its command register can be written",
    r"^\[root\] broker: refused component 'probe' a PCI config write: only the command register and the capabilities area \(0x40 up\) may be written",
    r"^\[root\] broker: refused component 'probe' a PCI config read: the offset is not a multiple of 4 below 256",
    r"^\[probe\] ok: its BARs cannot be written, and config offsets must be aligned",
    r"^\[root\] broker: refused component 'probe' MMIO: a BAR number is 0 to 5",
    r"^\[root\] broker: refused component 'probe' MMIO: that BAR is not an assigned memory BAR",
    r"^\[probe\] ok: BAR 7 and an unassigned BAR are refused",
    r"^\[root\] broker: refused component 'probe' MMIO: 'bar' is out of range for seL4_Uint8",
    r"^\[probe\] ok: a BAR number that is no seL4_Uint8 is refused before the broker reads it",
    r"^\[probe\] ok: BAR 2 is mapped uncached: the display interface's id reads 0xb0cN",
    r"^\[root\] broker: refused component 'probe' MMIO: it was granted already",
    r"^\[probe\] ok: a BAR is granted once only",
    r"^\[probe\] ok: the granted I/O ports arrive as a cap in the chosen slot",
    r"^\[probe\] ok: a port in the granted range can be read",
    r"^\[probe\] ok: a port outside the granted range cannot",
    r"^\[root\] broker: refused component 'probe' I/O ports: it was granted already",
    r"^\[probe\] ok: the ports are granted once only",
    r"^\[probe\] ok: 16 KiB of memory, 48 KiB of quota left",
    r"^\[probe\] ok: its physical address is known",
    r"^\[root\] broker: refused component 'probe' memory: over its memory: quota in the system description",
    r"^\[probe\] ok: memory beyond the quota is refused",
    r"^\[root\] broker: refused component 'probe' memory: size or address not a multiple of 4 KiB, or not below 0x7fff00000000",
    r"^\[root\] broker: refused component 'probe' memory: size or address not a multiple of 4 KiB, or not below 0x7fff00000000",
    r"^\[probe\] ok: unaligned and reserved addresses are refused",
    r"^\[root\] broker: refused component 'probe' memory: the address range is in use \(its ELF, a region or an earlier grant\)",
    r"^\[root\] broker: refused component 'probe' memory: the address range is in use \(its ELF, a region or an earlier grant\)",
    r"^\[probe\] ok: memory over earlier memory or over its own program is refused",
    r"^\[probe\] ok: freeing gives the quota back",
    r"^\[probe\] ok: memory given again is zeroed",
    r"^\[probe\] ok: 8 KiB of DMA memory",
    r"^\[probe\] ok: the DMA memory is physically contiguous",
    r"^\[root\] broker: refused component 'probe' DMA memory: it was granted already",
    r"^\[probe\] ok: the DMA memory is granted once only",
    r"^\[probe\] ok: a badged endpoint or notification cap cannot be minted with another badge",
    r"^\[probe\] ok: a copy can be made",
    r"^\[probe\] ok: a call through the copy arrives with the probe's own badge \(victim's channel 3\)",
    r"^\[probe\] ok: after a revoke the derived cap is gone",
    r"^\[probe\] reading the victim's secret at its address",
    r"^\[root\] component 'probe' faulted: VMFault at address 0x30000000 \(data read, page not present\), ip 0x[0-9a-f]+; it is stopped, the rest of the system goes on",
    r"^\[thief\] reading port 0x3fd without an IOPort cap",
    r"^\[root\] component 'thief' faulted: UserException 13 \#GP \(general protection\), code 0x0, ip 0x[0-9a-f]+; it is stopped, the rest of the system goes on",
    r"^\[stale\] ok: 16 KiB from the memory manager, its whole quota",
    r"^\[stale\] ok: the memory is usable",
    r"^\[stale\] ok: freed, the quota is back",
    r"^\[stale\] reading freed memory",
    r"^\[root\] component 'stale' faulted: VMFault at address 0x40000000 \(data read, page not present\), ip 0x[0-9a-f]+; it is stopped, the rest of the system goes on",
    r"^\[witness\] ok: the victim still serves after the faults, its secret intact",
    r"^\[witness\] done",
], forbid=ISOLATION_FAULTS)

system("devices", "tests/system/devices", [
    r"^\[root\] loaded 1 of 1 components",
    r"^\[ticker\] ok: the PIT's ports 0x40-0x43",
    r"^\[ticker\] ok: IRQ 0 as an IRQ handler for channel 5",
    r"^\[ticker\] ok: the MMIO page, uncached: the HPET's vendor id reads 0x8086",
    r"^\[ticker\] ok: the first Ack unmasks the line",
    r"^\[ticker\] ok: 5 PIT interrupts arrived as notifications on channel 5",
    r"halted by thread 'ticker' \(DebugHalt\)",
], append="")  # it waits for interrupts, so the kernel idles on the way: the ticker halts

system("bad-elf", "tests/system/bad-elf", [
    r"^\[root\] component 'thief': bad ELF: .*; it is not started",
    r"^\[root\] loaded 4 of 5 components",
    r"^\[probe\] ok: the CSpace holds the fixed caps and one channel, nothing else",
    r"^\[root\] component 'probe' faulted: VMFault at address 0x30000000",
    r"^\[root\] component 'stale' faulted: VMFault at address 0x40000000",
    r"^\[witness\] ok: the victim still serves after the faults, its secret intact",
], forbid=ISOLATION_FAULTS[:-1] + [r"^\[thief\]"])  # the isolation system, thief's ELF broken

# examples/calc-stream: each component's lines in its own order (scenarios match per component).
CALC = [r"^\[client\] 40 \+ 2 = 42", r"^\[client\] ok: addition", r"^\[client\] 6 \* 7 = 42",
        r"^\[client\] ok: multiplication", r"^\[client\] 100 / 7 = 14",
        r"^\[client\] ok: division rounds down", r"^\[client\] 7 / 0 -> EDOM",
        r"^\[client\] ok: division by zero is an error", r"^\[client\] 1 \? 2 -> ENOSYS",
        r"^\[client\] ok: an unknown operation is refused", r"^\[client\] done"]
STREAM = [r"^\[consumer\] ok: 1000 items in order, sum 332834500",
          r"^\[consumer\] ok: queue wrapped: 1000 entries through 16 slots, every buffer reused",
          r"^\[consumer\] notifications received: \d+",
          r"^\[consumer\] ok: slept and was woken by the producer",
          r"^\[consumer\] 1000 items in \d+ TSC ticks", r"^\[consumer\] done"]
PRODUCER = [r"^\[producer\] sent 1000 items", r"^\[producer\] notifications received: \d+"]
START = [r"^\[root\] loaded 4 of 4 components", r"^\[root\] starting server \(priority 200\)",
         r"^\[root\] starting producer \(priority 150\)",
         r"^\[root\] starting consumer \(priority 140\)",
         r"^\[root\] starting client \(priority 100\)"]
system("calc-stream", "examples/calc-stream", START + CALC,
       also=[STREAM, PRODUCER])

system("oom", "tests/system/oom", [
    r"^\[root\] out of memory: region 'huge' needs 196608 KiB, \d+ KiB are free",
    r"^\[root\] hint: give the machine more memory \(QEMU -m\) or make the region smaller",
    r"^\[root\] component 'hungry': could not map region 'huge'",
    r"^\[root\] component 'hungry': could not finish loading; it is not started",
    r"^\[root\] loaded 1 of 2 components; 1[0-9]{5} KiB of memory left",  # nothing lost
    r"^\[root\] out of memory: no untyped has room for an object of 268435456 bytes for modest; "
    r"\d+ KiB free in all, the largest piece \d+ KiB",
    r"^\[root\] broker: refused component 'modest' DMA memory: out of memory",
    r"^\[modest\] ok: 256 MiB of DMA memory is refused: there is not that much",
    r"^\[modest\] ok: 1 MiB from the memory manager, usable",
], forbid=[r"PANIC", r"FAILED", r"^\[hungry\]"])

# The C library (musl) in components: tests/system/libc/*.c say what each line shows.
system("libc", "tests/system/libc", [
    r"^\[root\] loaded 2 of 2 components",
    r"^\[libcheck\] ok: printf -42 str beef 18446744073709551615  3\.14\|ab  \|$",
    r"^\[libcheck\] ok: snprintf truncates and counts the whole$",
    r"^\[libcheck\] ok: stderr reaches the log too$",
    r"^\[libcheck\] ok: 120 blocks malloc'd, a third freed, a third realloc'd: contents intact$",
    r"^\[libcheck\] malloc: heap exhausted: \d+ KiB of its 256 KiB `heap:` in use, \d+ KiB more "
    r"asked for; malloc returns NULL \(raise `heap:` in the system description\)$",
    r"^\[libcheck\] ok: malloc beyond the heap returns NULL, errno ENOMEM$",
    r"^\[libcheck\] ok: realloc and malloc beyond the heap again: NULL, the block kept, not "
    r"logged again$",
    r"^\[libcheck\] ok: the blocks are intact after the refusal$",
    r"^\[libcheck\] ok: after free, calloc of 160 KB fits, zeroed$",
    r"^\[libcheck\] ok: qsort sorts 200 ints$",
    r"^\[libcheck\] ok: strtol overflow gives LONG_MAX and errno ERANGE$",
    r"^\[libcheck\] ok: strtol parses -0x1f and stops at z$",
    r"^\[libcheck\] ok: strtol of no digits consumes nothing$",
    r"^\[libcheck\] ok: _Thread_local data has its initial value$",
    r"^\[libcheck\] ok: clock_gettime moves forward$",
    r"^\[libcheck\] ok: time\(\) agrees with clock_gettime$",
    r"^\[libcheck\] done$",
], also=[[
    r"^\[asserter\] malloc: no heap; give the component one with `heap:` \(a size\) in the "
    r"system description$",
    r"^\[asserter\] ok: malloc without a heap gives NULL$",
    r"^\[asserter\] Assertion failed: p != NULL && \"a component without heap: has no malloc\" "
    r"\(tests/system/libc/asserter\.c: init: \d+\)$",
    r"^\[asserter\] killed by its own signal 6 \(abort\): the component stops$",
    r"^\[root\] component 'asserter': stopped by its own signal 6; it is stopped, the rest of "
    r"the system goes on$",
]], forbid=NO_TROUBLE + [r"(?s)heap exhausted.*heap exhausted"])

# q35's own functions, and an e1000 added for the test.
system("lspci", "tests/system/lspci", [
    r"^\[lspci\] 00:00\.0 Host bridge \[0600\]: 8086:29c0 \(rev 00\)$",
    r"^\[lspci\] 00:01\.0 VGA compatible controller \[0300\]: 1234:1111 \(rev 02\)",
    r"^\[lspci\] 00:02\.0 Ethernet controller \[0200\]: 8086:100e \(rev 03\)",
    r"^\[lspci\] 00:1f\.0 ISA bridge \[0601\]: 8086:2918 \(rev 02\)",
    r"^\[lspci\] 00:1f\.2 SATA controller \[0106\]: 8086:2922 \(rev 02\)",
    r"^\[lspci\] 00:1f\.3 SMBus \[0c05\]: 8086:2930 \(rev 02\)",
    r"^\[lspci\] PCI functions: 6$",
], qemu_args=("-device", "e1000,netdev=n0", "-netdev", "user,id=n0,restrict=on"))

# The DDDK (tests/drivers/dddk): a driver that starts, and one refusal per kind of bad resource.
DDDK = [
    [r"^\[good\] ok: BAR 2 mapped, the display id reads 0xb0cN", r"^\[good\] ok: DMA memory, zeroed",
     r"^\[good\] ok: a ring of 16 descriptors, aligned, at its device address",
     r"^\[good\] ok: a wait for a condition that never holds times out",
     r"^\[good\] error: DMA memory used up: 1048576 more bytes wanted",
     r"^\[good\] hint: grant the device a larger dma:",
     r"^\[good\] ok: more DMA memory than granted is refused", r"^\[good\] ready"],
    [r"^\[toosmall\] error: BAR too small: its size in bytes is 4096$",
     r"^\[toosmall\] hint: the driver's DDDK_BAR asks for more"],
    [r"^\[wrongid\] error: the granted PCI device is not one this driver drives",
     r"^\[wrongid\] hint: grant a device whose vendor and device ids are in the driver's"],
    [r"^\[absent\] error: device absent: the PCI device granted to this driver is not on the bus",
     r"^\[absent\] hint: start QEMU with the device"],
    [r"^\[nodma\] error: too little DMA memory granted; the driver needs 65536 bytes",
     r"^\[nodma\] hint: raise the device's dma:"],
    [r"^\[noirq\] error: the device's IRQ was refused",
     r"^\[noirq\] hint: give the device irq:"],
    [r"^\[good\] ready", r"^\[wild\] writing past the end of its DMA memory",
     r"^\[root\] component 'wild' faulted: VMFault at address 0x200002000 \(data write, page "
     r"not present\), ip 0x[0-9a-f]+; it is stopped"],
    [r"^\[msi\] ok: the edu device answers; raising interrupt 1",
     r"^\[msi\] ok: 3 MSIs arrived, each with its own status bit"],
    [r"^\[dmawild\] ok: the device copies within its DMA memory",
     r"^\[dmawild\] telling the device to write outside its DMA memory, at 0x[0-9a-f]+"],
]
# Under make test-iommu (VT-d on, IOMMU=1) the root server puts edu2 in an IOSpace of its own and
# the device's write outside its grant must not land, the kernel naming the device and domain
# the root server named; without an IOMMU the write lands, and the driver must see that too.
if "intel-iommu" in os.environ.get("KAAL_QEMU_MACHINE", ""):
    DDDK.append([r"^\[root\] component 'dmawild': device 'edu2' \(00:06\.0\) reaches only its DMA "
                 r"memory \(IOMMU domain 9\)",
                 r"^\[KaaL\] IOMMU fault: DMA write from 00:06\.0 at 0x[0-9a-f]+ \(domain 9,",
                 r"^\[dmawild\] ok: the write outside its DMA memory did not land",
                 r"^\[dmawild\] the broker lists its DMA memory in IOMMU domain \(0: none\) 0x9$",
                 r"^\[dmawild\] ready"])
else:
    DDDK.append([r"^\[dmawild\] the write outside its DMA memory landed",
                 r"^\[dmawild\] the broker lists its DMA memory in IOMMU domain \(0: none\) 0x0$",
                 r"^\[dmawild\] ready"])
system("dddk", "tests/drivers/dddk", [r"^\[root\] loaded 9 of 9 components"], also=DDDK,
       qemu_args=("-device", "edu", "-device", "edu,addr=06.0"),
       forbid=[r"PANIC", r"FAILED", r"not started", r"'(good|toosmall|wrongid|absent|nodma|noirq)' "
               r"faulted"])



def run_one(name, sc, args):
    root = os.path.join(args.build, sc["dir"], "root.elf")
    log = os.path.join(args.out, name + ".log")
    res = qemu.boot(args.qemu, args.kernel, [root], sc["append"], sc["mem"], log,
                    sc["timeout"], sc["qemu_args"])
    why = None
    if res.timed_out:
        why = "timed out after %d s" % sc["timeout"]
    else:
        missing = None
        for lines in [sc["expect"]] + sc["also"]:
            missing = missing or qemu.match_in_order(res.log, lines)
        bad = [p for p in sc["forbid"] if qemu.match_in_order(res.log, [p]) is None]
        if missing:
            why = "serial log lacks /%s/" % missing
        elif bad:
            why = "serial log shows /%s/" % bad[0]
        elif res.code != 0:
            why = "exit code %s, expected 0 (the system went idle)" % res.code
    if why is None:
        return "PASS: system/%s (%.1f s)" % (name, res.seconds)
    tail = "\n".join("  | " + line for line in res.log.strip().splitlines()[-15:])
    return "FAIL: system/%s: %s; log %s ends:\n%s" % (name, why, log, tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True, help="the build directory, build/<arch>")
    ap.add_argument("--out", required=True, help="directory for the serial logs")
    ap.add_argument("--only", help="run only systems whose name contains this")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = [n for n in SYSTEMS if not args.only or args.only in n]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda n: run_one(n, SYSTEMS[n], args), names))
    print("\n".join(results))
    return 1 if any(r.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
