/* SPDX-License-Identifier: BSD-2-Clause */
/* absent: granted an e1000, but the machine has none; must not start. */
#include <kaal/dddk.h>

static int never(struct dddk_dev *d)
{
    dddk_log(d, "FAILED: init ran without its device");
    return 0;
}

DDDK_DRIVER(absent, DDDK_PCI(DDDK_ID(0x8086, 0x100e)), .init = never);
