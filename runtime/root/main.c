/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's main.  For now it proves that the kernel started it as
 * seL4 starts a root task: it greets on the debug console, checks the boot
 * information it was handed (the IPC buffer is where boot info says and is
 * writable, the extra boot info carries the TSC frequency and the ACPI
 * RSDP), reports what it found and halts.  The capability broker, memory
 * manager and component loader (L1) grow from here once the kernel hands
 * out capabilities.
 */
#include <kaal/bootinfo.h>
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>

#define RSDP_LEN 36 /* an ACPI 2.0 RSDP, as seL4 on pc99 passes it */

void root_main(seL4_BootInfo *bi);

static void check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[root] ok: " : "[root] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
}

/* Returns the extra boot-info chunk with this id if it has this total length, or 0. */
static const seL4_BootInfoHeader *find_chunk(const seL4_BootInfo *bi, seL4_Word id, seL4_Word len)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, id);

    return h && h->len == len ? h : 0;
}

/* True if the chunk holds an ACPI RSDP: its signature, and its first 20 bytes summing to zero. */
static int rsdp_valid(const seL4_BootInfoHeader *h)
{
    const char *sig = "RSD PTR ";
    const unsigned char *p = (const unsigned char *)(h + 1);
    unsigned char sum = 0;

    for (int i = 0; i < 8; i++) {
        if (p[i] != (unsigned char)sig[i])
            return 0;
    }
    for (int i = 0; i < 20; i++)
        sum += p[i];
    return sum == 0;
}

static void check_extra(const seL4_BootInfo *bi)
{
    const seL4_BootInfoHeader *tsc =
        find_chunk(bi, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, sizeof(seL4_BootInfoHeader) + 4);
    seL4_Word mhz = tsc ? *(const seL4_Uint32 *)(tsc + 1) : 0;
    check(mhz > 0, "extra boot info has the TSC frequency");

    const seL4_BootInfoHeader *rsdp =
        find_chunk(bi, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP, sizeof(seL4_BootInfoHeader) + RSDP_LEN);
    check(rsdp != 0 && rsdp_valid(rsdp), "extra boot info has a valid ACPI RSDP");
    kaal_debug_puts("[root] TSC ");
    kaal_debug_put_dec(mhz);
    kaal_debug_puts(" MHz\n");
}

void root_main(seL4_BootInfo *bi)
{
    volatile seL4_Word *ipc = (volatile seL4_Word *)bi->ipcBuffer;

    kaal_debug_puts("[root] Hello from the root server, in user mode\n");
    kaal_debug_puts("[root] boot info at ");
    kaal_debug_put_hex((seL4_Word)bi);
    kaal_debug_puts(", IPC buffer at ");
    kaal_debug_put_hex((seL4_Word)ipc);
    kaal_debug_puts(", root CNode 2^");
    kaal_debug_put_dec(bi->initThreadCNodeSizeBits);
    kaal_debug_puts(" slots\n");
    check(bi->nodeID == 0 && bi->numNodes == 1, "one node");
    check((seL4_Word)ipc + 4096 == (seL4_Word)bi, "IPC buffer frame right before boot info");
    ipc[0] = 0x1234abcd;
    check(ipc[0] == 0x1234abcd, "IPC buffer is writable");
    check_extra(bi);
    seL4_DebugHalt();
}
