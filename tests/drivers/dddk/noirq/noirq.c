/* SPDX-License-Identifier: BSD-2-Clause */
/* noirq: needs an interrupt, but its device is granted without one; must not start. */
#include <kaal/dddk.h>

static int never(struct dddk_dev *d)
{
    dddk_log(d, "FAILED: init ran without its IRQ");
    return 0;
}

DDDK_DRIVER(noirq, DDDK_PCI(DDDK_ID(0x8086, 0x2918)), .irq = DDDK_IRQ_LEGACY, .init = never);
