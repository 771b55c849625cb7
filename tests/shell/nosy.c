/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nosy: a component without the monitor and power grants that asks the
 * broker for them anyway (tests/shell/shell.py).  Each request must be
 * refused with KAAL_BROKER_EDENIED, which the root server logs with its
 * name.  It also takes 8 KiB of its memory quota, which the shell's mem and
 * caps must show.
 */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>

#define MEM_VADDR 0x10000000ul

static void expect_refused(const char *what, seL4_Word label, seL4_Word a0)
{
    seL4_Word res[KAAL_PS_W_COUNT];
    seL4_Word err = kaal_broker_call_long(label, a0, 0, 0, res, KAAL_PS_W_COUNT);

    if (err == KAAL_BROKER_EDENIED) {
        kaal_log("ok: refused: ");
        kaal_debug_puts(what);
        kaal_debug_puts("\n");
    } else {
        kaal_log_num("FAILED: not refused (label): ", err);
    }
}

void init(void)
{
    seL4_Word res[3];

    expect_refused("PS", KAAL_BROKER_PS, 0);
    expect_refused("CAPS", KAAL_BROKER_CAPS, 0);
    expect_refused("MEM", KAAL_BROKER_MEM, 0);
    expect_refused("POWER (off)", KAAL_BROKER_POWER, KAAL_POWER_OFF);
    expect_refused("POWER (reboot)", KAAL_BROKER_POWER, KAAL_POWER_REBOOT);
    if (kaal_broker_call(KAAL_BROKER_MEM_ALLOC, MEM_VADDR, 8192, 0, res) == KAAL_BROKER_OK)
        kaal_log("ok: 8 KiB allocated\n");
    else
        kaal_log("FAILED: no memory from the quota\n");
}
