/* SPDX-License-Identifier: BSD-2-Clause */
/* wrongid: drives only the e1000 but is granted the SMBus controller; must not start. */
#include <kaal/dddk.h>

static int never(struct dddk_dev *d)
{
    dddk_log(d, "FAILED: init ran for a device the driver does not match");
    return 0;
}

DDDK_DRIVER(wrongid, DDDK_PCI(DDDK_ID(0x8086, 0x100e), DDDK_ID(0x8086, 0x100f)), .init = never);
