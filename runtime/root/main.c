/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's main.  For now it proves that the kernel started it as
 * seL4 starts a root task: it greets on the debug console, checks the boot
 * information it was handed (the IPC buffer is where boot info says and is
 * writable, the extra boot info carries the TSC frequency), reports what it
 * found and halts.  The capability broker, memory manager and component
 * loader (L1) grow from here once the kernel hands out capabilities.
 */
#include <kaal/debug.h>
#include <sel4/bootinfo_types.h>

void root_main(seL4_BootInfo *bi);

static void check(int ok, const char *what)
{
    kaal_debug_puts(ok ? "[root] ok: " : "[root] FAILED: ");
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
}

/* Returns the TSC frequency from the extra boot info, or 0 if it is not there. */
static seL4_Word find_tsc_mhz(const seL4_BootInfo *bi)
{
    const char *extra = (const char *)bi + seL4_BootInfoFrameSize;
    seL4_Word off = 0;

    while (off + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(extra + off);
        if (h->id == SEL4_BOOTINFO_HEADER_X86_TSC_FREQ && h->len == sizeof(*h) + 4)
            return *(const seL4_Uint32 *)(h + 1);
        if (h->len == 0)
            break;
        off += h->len;
    }
    return 0;
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
    seL4_Word mhz = find_tsc_mhz(bi);
    check(mhz > 0, "extra boot info has the TSC frequency");
    kaal_debug_puts("[root] TSC ");
    kaal_debug_put_dec(mhz);
    kaal_debug_puts(" MHz\n");
    seL4_DebugHalt();
}
