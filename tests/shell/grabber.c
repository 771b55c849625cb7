/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * grabber: takes everything its description grants for QEMU's e1000, as a
 * driver would (MMIO BAR 0, the I/O ports of BAR 1, DMA memory, the INTx
 * line), so the shell's caps has every kind of grant to decode
 * (tests/shell/shell.py).  It touches none of it.
 */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>

#define NIC            0 /* its device, as system.yaml lists it */
#define MMIO_VADDR     0x40000000ul
#define DMA_VADDR      0x50000000ul
#define PORT_SLOT      300 /* in the broker's window, 256 to 511 */
#define E1000_BAR_MMIO 0
#define E1000_BAR_IO   1

static void take(const char *what, int err)
{
    if (err == 0) {
        kaal_log("ok: ");
    } else {
        kaal_log("FAILED: refused: ");
    }
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
}

void init(void)
{
    struct kaal_broker_mmio_out mmio;
    struct kaal_broker_ioport_out ports;
    struct kaal_broker_dma_out dma;
    struct kaal_broker_irq_out irq;

    take("MMIO (BAR 0)",
         kaal_broker_mmio(KAAL_SLOT_BROKER, NIC, MMIO_VADDR, E1000_BAR_MMIO, &mmio));
    take("I/O ports (BAR 1)",
         kaal_broker_ioport(KAAL_SLOT_BROKER, NIC, PORT_SLOT, E1000_BAR_IO, &ports));
    take("DMA memory", kaal_broker_dma(KAAL_SLOT_BROKER, NIC, DMA_VADDR, &dma));
    take("the INTx line", kaal_broker_irq(KAAL_SLOT_BROKER, NIC, &irq));
}
