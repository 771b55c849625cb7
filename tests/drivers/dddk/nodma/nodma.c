/* SPDX-License-Identifier: BSD-2-Clause */
/* nodma: needs 64 KiB of DMA memory, granted 8 KiB; must not start. */
#include <kaal/dddk.h>

static int never(struct dddk_dev *d)
{
    dddk_log(d, "FAILED: init ran with too little DMA memory");
    return 0;
}

DDDK_DRIVER(nodma, DDDK_PCI(DDDK_ID(0x8086, 0x29c0)), .dma_size = 65536, .init = never);
