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

static void take(const char *what, seL4_Word label, seL4_Word a1, seL4_Word a2)
{
    seL4_Word r[3];

    if (kaal_broker_call(label, NIC, a1, a2, r) == KAAL_BROKER_OK) {
        kaal_log("ok: ");
    } else {
        kaal_log("FAILED: refused: ");
    }
    kaal_debug_puts(what);
    kaal_debug_puts("\n");
}

void init(void)
{
    take("MMIO (BAR 0)", KAAL_BROKER_MMIO, MMIO_VADDR, E1000_BAR_MMIO);
    take("I/O ports (BAR 1)", KAAL_BROKER_IOPORT, PORT_SLOT, E1000_BAR_IO);
    take("DMA memory", KAAL_BROKER_DMA, DMA_VADDR, 0);
    take("the INTx line", KAAL_BROKER_IRQ, 0, 0);
}
