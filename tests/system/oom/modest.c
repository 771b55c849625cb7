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
    struct kaal_broker_mem_alloc_out got;
    struct kaal_broker_dma_out dma;
    volatile seL4_Word *p = (volatile seL4_Word *)HEAP;

    if (kaal_broker_mem_alloc(KAAL_SLOT_BROKER, HEAP, 1u << 20, &got) != 0) {
        kaal_log("FAILED: no memory from the memory manager\n");
        return;
    }
    kaal_log(kaal_broker_dma(KAAL_SLOT_BROKER, 0, 0x60000000, &dma) == -KAAL_ENOMEM
                 ? "ok: 256 MiB of DMA memory is refused: there is not that much\n"
                 : "FAILED: 256 MiB of DMA memory was not refused with ENOMEM\n");
    p[0] = 1;
    p[(1u << 20) / sizeof(seL4_Word) - 1] = 2;
    kaal_log(p[0] == 1 && p[(1u << 20) / sizeof(seL4_Word) - 1] == 2
                 ? "ok: 1 MiB from the memory manager, usable\n"
                 : "FAILED: the memory does not hold what was written\n");
}
