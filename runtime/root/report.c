/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's console lines: "[root] ..." and "[root] component
 * 'name': ..." for everything it reports, and the refusal reports, one line
 * per request the broker refuses, naming the component, the request in
 * words and why.  The request names are the
 * broker's ops (<kaal/proto/broker.h>) as a reader of the log thinks of
 * them; an op the table lacks is named by its spec name.
 */
#include "report.h"

#include <kaal/debug.h>
#include <kaal/proto/broker.h>

static const char *const request_names[KAAL_BROKER_OP_END] = {
    [KAAL_BROKER_MMIO] = "MMIO",
    [KAAL_BROKER_IRQ] = "an IRQ",
    [KAAL_BROKER_IOPORT] = "I/O ports",
    [KAAL_BROKER_DMA] = "DMA memory",
    [KAAL_BROKER_MEM_ALLOC] = "memory",
    [KAAL_BROKER_MEM_FREE] = "to free memory",
    [KAAL_BROKER_PHYS] = "a physical address",
    [KAAL_BROKER_INFO] = "its grants",
    [KAAL_BROKER_PCI_READ] = "a PCI config read",
    [KAAL_BROKER_PCI_WRITE] = "a PCI config write",
    [KAAL_BROKER_PCI_INFO] = "PCI information",
    [KAAL_BROKER_TSC] = "the TSC frequency",
    [KAAL_BROKER_PCI_LIST] = "the PCI listing",
    [KAAL_BROKER_PS] = "the component list (ps)",
    [KAAL_BROKER_CAPS] = "a component's caps",
    [KAAL_BROKER_MEM] = "the memory figures",
    [KAAL_BROKER_POWER] = "a reboot or poweroff",
    [KAAL_BROKER_EXIT] = "to stop (exit)",
};

void say(const char *s)
{
    kaal_debug_puts("[root] ");
    kaal_debug_puts(s);
}

void say_comp(const struct comp *c, const char *s)
{
    say("component '");
    kaal_debug_puts(c->desc->name);
    kaal_debug_puts("': ");
    kaal_debug_puts(s);
}

int report_refusal(const struct comp *c, seL4_Word label, int err, const char *why)
{
    const char *name = label < KAAL_BROKER_OP_END ? request_names[label] : 0;

    say("broker: refused component '");
    kaal_debug_puts(c->desc->name);
    kaal_debug_puts("' ");
    kaal_debug_puts(name ? name : "an unknown request");
    kaal_debug_puts(": ");
    kaal_debug_puts(why);
    kaal_debug_puts("\n");
    return err;
}
