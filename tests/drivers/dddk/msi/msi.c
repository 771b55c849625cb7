/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * msi: a DDDK driver for QEMU's educational device (-device edu, PCI
 * 1234:11e8) that takes its interrupt as an MSI.  The device raises an
 * interrupt when the driver writes its raise register and keeps the raised
 * bits in its status register until the driver acknowledges them.  The
 * driver raises three interrupts one after the other, each from the
 * handler of the one before, and checks each arrives with its own bit.
 */
#include <kaal/dddk.h>

#define EDU_ID     0x00 /* 0xRRrr00ed */
#define EDU_LIVE   0x04 /* reads back the inverse of what was written */
#define EDU_STATUS 0x24 /* interrupt status: the raised bits */
#define EDU_RAISE  0x60 /* OR the value into the status and interrupt */
#define EDU_ACK    0x64 /* clear these status bits */
#define ROUNDS     3

static unsigned int round;

static int msi_init(struct dddk_dev *d)
{
    if ((dddk_read32(d->bar[0], EDU_ID) & 0xffff) != 0x00ed) {
        dddk_fail(d, "BAR 0 does not hold the edu device's registers", "is this -device edu?");
        return -1;
    }
    dddk_write32(d->bar[0], EDU_LIVE, 0x12345678);
    if (dddk_read32(d->bar[0], EDU_LIVE) != ~0x12345678u) {
        dddk_fail(d, "the liveness register does not answer", "is this -device edu?");
        return -1;
    }
    dddk_log(d, "ok: the edu device answers; raising interrupt 1");
    dddk_write32(d->bar[0], EDU_RAISE, 1u << round);
    return 0;
}

static void msi_irq(struct dddk_dev *d)
{
    uint32_t status = dddk_read32(d->bar[0], EDU_STATUS);

    dddk_write32(d->bar[0], EDU_ACK, status);
    if (status != 1u << round) {
        dddk_log_hex(d, "FAILED: unexpected interrupt status ", status);
        return;
    }
    if (++round < ROUNDS) {
        dddk_write32(d->bar[0], EDU_RAISE, 1u << round);
        return;
    }
    dddk_log(d, "ok: 3 MSIs arrived, each with its own status bit");
}

DDDK_DRIVER(msi, DDDK_PCI(DDDK_ID(0x1234, 0x11e8)), DDDK_BAR(0, 4096), .irq = DDDK_IRQ_MSI,
            .init = msi_init, .irq_handler = msi_irq);
