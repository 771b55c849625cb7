/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * edu: tutorial 03 (README.md), a DDDK driver for QEMU's educational PCI
 * device (-device edu, 1234:11e8).  Its registers are in BAR 0 (1 MiB,
 * 32-bit accesses only below 0x80); those used here, from QEMU's
 * docs/specs/edu.rst:
 *
 *   0x00  identification, 0xRRrr00ed (major, minor version)
 *   0x04  liveness check: reads back the inverse of what was written
 *   0x08  factorial: write n, read n! once status bit 0x01 is clear
 *   0x20  status: 0x01 computing (read-only), 0x80 interrupt when done
 *   0x24  interrupt status: the raised bits (0x01: a factorial finished)
 *   0x60  interrupt raise: ORs the value into the interrupt status
 *   0x64  interrupt acknowledge: clears these bits, lowering the line
 *
 * init checks the device, computes 5! by polling, then starts 10! with an
 * interrupt on completion.  The interrupt handler reads that result, then
 * raises an interrupt of its own and, when it arrives, says it is done.
 * The DDDK does the rest: it finds the device, maps BAR 0, enables it and
 * acknowledges the INTx line after each call of the handler.
 */
#include <kaal/component.h>
#include <kaal/dddk.h>

#define EDU_ID         0x00
#define EDU_LIVE       0x04
#define EDU_FACT       0x08
#define EDU_STATUS     0x20
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE  0x60
#define EDU_IRQ_ACK    0x64

#define STATUS_COMPUTING 0x01
#define STATUS_IRQ_FACT  0x80
#define IRQ_FACT         0x001 /* the device's bit: a factorial finished */
#define IRQ_OURS         0x100 /* a bit the driver raises itself */
#define FACT_TIMEOUT_US  100000

/* n! by polling: the result, or 0 if the device did not finish in time. */
static uint32_t factorial_polled(struct dddk_dev *d, uint32_t n)
{
    dddk_write32(d->bar[0], EDU_STATUS, 0); /* no interrupt this time */
    dddk_write32(d->bar[0], EDU_FACT, n);
    if (!DDDK_WAIT(d, !(dddk_read32(d->bar[0], EDU_STATUS) & STATUS_COMPUTING), FACT_TIMEOUT_US))
        return 0;
    return dddk_read32(d->bar[0], EDU_FACT);
}

static int edu_init(struct dddk_dev *d)
{
    uint32_t id = dddk_read32(d->bar[0], EDU_ID);

    dddk_log_hex(d, "identification register: ", id);
    if ((id & 0xffff) != 0x00ed) {
        dddk_fail(d, "BAR 0 does not hold the edu device's registers", "is this -device edu?");
        return -1;
    }
    dddk_write32(d->bar[0], EDU_LIVE, 0x12345678);
    dddk_log_hex(d, "liveness check: wrote 0x12345678, read back ",
                 dddk_read32(d->bar[0], EDU_LIVE));
    kaal_log_num("5! computed by the device, polled: ", factorial_polled(d, 5));

    dddk_log(d, "computing 10! with an interrupt when it is done");
    dddk_write32(d->bar[0], EDU_STATUS, STATUS_IRQ_FACT);
    dddk_write32(d->bar[0], EDU_FACT, 10);
    return 0;
}

/* Each interrupt: the raised bits, acknowledged at once so the line goes down. */
static void edu_irq(struct dddk_dev *d)
{
    uint32_t status = dddk_read32(d->bar[0], EDU_IRQ_STATUS);

    dddk_write32(d->bar[0], EDU_IRQ_ACK, status);
    dddk_log_hex(d, "interrupt, status ", status);
    if (status & IRQ_FACT) {
        kaal_log_num("10! computed by the device, by interrupt: ",
                     dddk_read32(d->bar[0], EDU_FACT));
        dddk_log(d, "raising interrupt 0x100 through the raise register");
        dddk_write32(d->bar[0], EDU_IRQ_RAISE, IRQ_OURS);
    }
    if (status & IRQ_OURS)
        dddk_log(d, "done: every interrupt acknowledged");
}

DDDK_DRIVER(edu, DDDK_PCI(DDDK_ID(0x1234, 0x11e8)), DDDK_BAR(0, 4096), .irq = DDDK_IRQ_LEGACY,
            .init = edu_init, .irq_handler = edu_irq);
