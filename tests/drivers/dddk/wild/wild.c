/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wild: a driver with a bug.  It writes one byte past the end of its DMA
 * memory, where nothing is mapped: the root server must report the fault
 * by name and stop it, and the other drivers go on.
 */
#include <kaal/dddk.h>

static int wild_init(struct dddk_dev *d)
{
    dddk_log(d, "writing past the end of its DMA memory");
    d->dma[d->dma_size] = 1;
    dddk_log(d, "FAILED: the write went through");
    return 0;
}

DDDK_DRIVER(wild, DDDK_FIXED, .mmio = 1, .dma_size = 8192, .init = wild_init);
