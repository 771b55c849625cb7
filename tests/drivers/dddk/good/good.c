/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * good: a DDDK driver for QEMU's standard VGA that needs BAR 2 and some
 * DMA memory.  Its init checks what the DDDK handed it: the BAR mapped
 * with the display interface's id register readable, DMA memory that is
 * zeroed and whose device addresses follow the allocations, a ring, and a
 * timeout that expires.
 */
#include <kaal/dddk.h>
#include <kaal/debug.h>

#define DISPI_ID 0x500

/* "[good] ok: what" or "[good] FAILED: what"; 0 if ok. */
static int check(int ok, const char *what)
{
    kaal_log(ok ? "ok: " : "FAILED: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
    return ok ? 0 : -1;
}

static int good_init(struct dddk_dev *d)
{
    uint64_t phys;
    uint8_t *a = dddk_dma_alloc(d, 100, 64, &phys);
    struct dddk_ring ring;
    int spins = 0;

    if (check(d->bar[2] && (dddk_read16(d->bar[2], DISPI_ID) & 0xfff0) == 0xb0c0,
              "BAR 2 mapped, the display id reads 0xb0cN") ||
        check(a && phys == d->dma_phys && a[99] == 0, "DMA memory, zeroed") ||
        check(dddk_ring_init(d, &ring, 16, 16, 128) == 0 && ring.phys % 128 == 0 &&
                  dddk_dma_phys(d, ring.desc) == ring.phys && dddk_ring_next(&ring, 15) == 0,
              "a ring of 16 descriptors, aligned, at its device address") ||
        check(!DDDK_WAIT(d, ++spins < 0, 1000) && spins > 1,
              "a wait for a condition that never holds times out") ||
        check(dddk_dma_alloc(d, 1 << 20, 8, 0) == 0, "more DMA memory than granted is refused"))
        return -1;
    dddk_log(d, "ready");
    return 0;
}

DDDK_DRIVER(good, DDDK_PCI(DDDK_ID(0x1234, 0x1111)), DDDK_BAR(2, 4096), .dma_size = 16384,
            .init = good_init);
