/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nosy: a component without the monitor and power grants that asks the
 * broker for them anyway (tests/shell/shell.py).  Each request must be
 * refused with -KAAL_EACCES, which the root server logs with its
 * name.  It also takes 8 KiB of its memory quota, which the shell's mem and
 * caps must show.
 */
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>

#define MEM_VADDR 0x10000000ul

static void expect_refused(const char *what, int err)
{
    if (err == -KAAL_EACCES) {
        kaal_log("ok: refused: ");
        kaal_debug_puts(what);
        kaal_debug_puts("\n");
    } else {
        kaal_log_num("FAILED: not refused with EACCES; the answer, negated: ", (seL4_Word)-err);
    }
}

void init(void)
{
    struct kaal_broker_ps_out ps;
    struct kaal_broker_caps_out caps;
    struct kaal_broker_mem_out mem;
    struct kaal_broker_mem_alloc_out res;

    expect_refused("PS", kaal_broker_ps(KAAL_SLOT_BROKER, 0, &ps));
    expect_refused("CAPS", kaal_broker_caps(KAAL_SLOT_BROKER, 0, 0, &caps));
    expect_refused("MEM", kaal_broker_mem(KAAL_SLOT_BROKER, &mem));
    expect_refused("POWER (off)", kaal_broker_power(KAAL_SLOT_BROKER, KAAL_POWER_OFF));
    expect_refused("POWER (reboot)", kaal_broker_power(KAAL_SLOT_BROKER, KAAL_POWER_REBOOT));
    if (kaal_broker_mem_alloc(KAAL_SLOT_BROKER, MEM_VADDR, 8192, &res) == 0)
        kaal_log("ok: 8 KiB allocated\n");
    else
        kaal_log("FAILED: no memory from the quota\n");
}
