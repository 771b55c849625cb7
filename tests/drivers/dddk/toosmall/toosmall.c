/* SPDX-License-Identifier: BSD-2-Clause */
/* toosmall: asks for 1 MiB of the SATA controller's BAR 5, which has 4 KiB; must not start. */
#include <kaal/dddk.h>

static int never(struct dddk_dev *d)
{
    dddk_log(d, "FAILED: init ran although the BAR is too small");
    return 0;
}

DDDK_DRIVER(toosmall, DDDK_PCI(DDDK_ID(0x8086, 0x2922)), DDDK_BAR(5, 1 << 20), .init = never);
