/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * modest: runs beside a component that could not be loaded, and finds the
 * memory manager still working: 1 MiB, its quota, is mapped and usable.
 * Its device's 256 MiB of DMA memory cannot be had on this machine: the
 * broker must refuse with ENOMEM and the root server say what ran out.
 */
#include <kaal/broker.h>
#include <kaal/component.h>

#define HEAP 0x50000000ul

void init(void)
{
    seL4_Word r[3];
    volatile seL4_Word *p = (volatile seL4_Word *)HEAP;

    if (kaal_broker_call(KAAL_BROKER_MEM_ALLOC, HEAP, 1u << 20, 0, r) != KAAL_BROKER_OK) {
        kaal_log("FAILED: no memory from the memory manager\n");
        return;
    }
    kaal_log(kaal_broker_call(KAAL_BROKER_DMA, 0, 0x60000000, 0, r) == KAAL_BROKER_ENOMEM
                 ? "ok: 256 MiB of DMA memory is refused: there is not that much\n"
                 : "FAILED: 256 MiB of DMA memory was not refused with ENOMEM\n");
    p[0] = 1;
    p[(1u << 20) / sizeof(seL4_Word) - 1] = 2;
    kaal_log(p[0] == 1 && p[(1u << 20) / sizeof(seL4_Word) - 1] == 2
                 ? "ok: 1 MiB from the memory manager, usable\n"
                 : "FAILED: the memory does not hold what was written\n");
}
