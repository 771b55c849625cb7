/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability broker's protocol: how a component asks the root server,
 * at run time, for what its system description grants it
 * (docs/root-server.md).
 *
 * A request is a seL4_Call on the broker endpoint, KAAL_SLOT_BROKER, with
 * one of the KAAL_BROKER_* labels below and its arguments in message words.
 * The broker knows the caller by the endpoint's badge, which the root
 * server chose when it loaded the component, so a component can ask only
 * for its own grants.  The reply's label is 0 on success or one of the
 * KAAL_BROKER_E* codes; its words are the results listed per request.
 * Every refusal is also logged on the console with the component's name.
 *
 * Devices are named by their index in the component's own `devices:` list
 * (0 for the first).  Memory arrives as mappings the broker makes in the
 * caller's VSpace at an address the caller chooses; the root server keeps
 * the frame caps, so it can take the memory back.  Caps the caller invokes
 * itself (I/O ports, IRQ handlers) are written into its CNode: an IRQ
 * handler at KAAL_SLOT_IRQ_BASE + the IRQ's channel id, other caps at a
 * slot the caller picks in KAAL_SLOT_RECV_BASE .. + KAAL_SLOT_RECV_COUNT.
 *
 * Addresses given to the broker must be 4 KiB aligned and lie in
 * [KAAL_BROKER_VADDR_MIN, KAAL_BROKER_VADDR_MAX), below the runtime's area.
 */
#pragma once

#include <kaal/component_layout.h>
#include <sel4/arch/syscalls.h>
#include <sel4/functions.h>
#include <sel4/shared_types.h>

/* Request labels.  Arguments (mr0, mr1, ...) -> results on success. */
enum {
    /* Maps device dev's MMIO range uncached, read-write, at vaddr.  For a PCI device the range is
     * its memory BAR bar; its registers start at vaddr + offset (the BAR's offset in its page).
     * (dev, vaddr, bar) -> (phys, size, offset) */
    KAAL_BROKER_MMIO = 1,
    /* Makes an IRQHandler for device dev's IRQ (its ISA line; for `irq: intx` its PCI INTx line,
     * routed by the root server; for `irq: msi` an MSI, which the root server programs into the
     * device), bound to the caller's notification with the badge of the device's irq_id, at
     * KAAL_SLOT_IRQ_BASE + irq_id.  (dev) -> (irq_id, ISA IRQ / IOAPIC pin / MSI vector index,
     * KAAL_BROKER_IRQ_*) */
    KAAL_BROKER_IRQ = 2,
    /* Writes an IOPort cap for device dev's port range into slot: the description's `ioports`,
     * or for a PCI device without them its I/O BAR bar.  (dev, slot, bar) -> (base, size) */
    KAAL_BROKER_IOPORT = 3,
    /* Maps device dev's DMA memory, physically contiguous and zeroed, read-write at vaddr.
     * Once per device.  (dev, vaddr) -> (phys, size) */
    KAAL_BROKER_DMA = 4,
    /* Maps size bytes (a multiple of 4 KiB) of fresh zeroed memory read-write at vaddr, within
     * the component's `memory:` quota.  (vaddr, size) -> (quota left) */
    KAAL_BROKER_MEM_ALLOC = 5,
    /* Unmaps and frees memory from KAAL_BROKER_MEM_ALLOC: the whole allocation that starts at
     * vaddr.  (vaddr) -> (quota left) */
    KAAL_BROKER_MEM_FREE = 6,
    /* The physical address of the page mapped at vaddr by DMA or MEM_ALLOC.  (vaddr) -> (phys) */
    KAAL_BROKER_PHYS = 7,
    /* What the broker holds for the caller.  () -> (devices, quota, quota left) */
    KAAL_BROKER_INFO = 8,
    /* PCI device dev's configuration word at off (a multiple of 4, below 256).
     * (dev, off) -> (value) */
    KAAL_BROKER_PCI_READ = 9,
    /* Writes PCI device dev's configuration word at off: the command/status word (4) or the
     * capabilities area (0x40 to 0xfc) only.  (dev, off, value) -> () */
    KAAL_BROKER_PCI_WRITE = 10,
    /* Where PCI device dev was found.  (dev) -> (bus << 8 | slot << 3 | function,
     * vendor | device << 16, class << 24 | subclass << 16 | prog-if << 8 | revision) */
    KAAL_BROKER_PCI_INFO = 11,
    /* The TSC frequency the kernel measured, for delays.  () -> (MHz) */
    KAAL_BROKER_TSC = 12,
    /* The nth function on the PCI bus, in scan order, for listings (lspci).  Any component may
     * ask: it reveals ids and classes, and grants nothing.  EINVAL past the last one.
     * (n) -> (bdf, vendor | device << 16, class word) */
    KAAL_BROKER_PCI_LIST = 13,
};

/* What kind of interrupt KAAL_BROKER_IRQ made (its third result). */
#define KAAL_BROKER_IRQ_ISA  0 /* an ISA line: edge-triggered */
#define KAAL_BROKER_IRQ_INTX 1 /* a PCI INTx line: level-triggered */
#define KAAL_BROKER_IRQ_MSI  2 /* a message-signalled interrupt: an edge, never masked */

/* Reply labels: 0 is success. */
#define KAAL_BROKER_OK      0
#define KAAL_BROKER_EDENIED 1 /* not granted by the description (no such device, no IRQ...) */
#define KAAL_BROKER_EINVAL  2 /* a bad argument: unaligned, outside the allowed range, bad slot */
#define KAAL_BROKER_ENOMEM  3 /* over the quota, or the system is out of memory */
#define KAAL_BROKER_EBUSY   4 /* already granted, or the address is already mapped */
#define KAAL_BROKER_ELABEL  5 /* an unknown request label */
#define KAAL_BROKER_EKERNEL 6 /* the kernel refused an invocation the broker made */

#define KAAL_BROKER_VADDR_MIN KAAL_ULL(0x1000)
#define KAAL_BROKER_VADDR_MAX KAAL_ULL(0x7fff00000000)

/* Broker badges: what the root server's endpoint sees.  Faults and requests come on separate
 * badges, so a component cannot pass a request off as a fault or the other way round. */
#define KAAL_BROKER_BADGE(id) (0x10000ull | (id))
#define KAAL_FAULT_BADGE(id)  (0x20000ull | (id))

/*
 * Sends request label with up to three argument words; returns the reply's label (KAAL_BROKER_OK
 * or an error) and puts its first three words in res[0..2] if res is not NULL.
 */
static inline seL4_Word kaal_broker_call(seL4_Word label, seL4_Word a0, seL4_Word a1, seL4_Word a2,
                                         seL4_Word res[3])
{
    seL4_Word m0 = a0, m1 = a1, m2 = a2, m3 = 0;
    seL4_MessageInfo_t reply = seL4_CallWithMRs(
        KAAL_SLOT_BROKER, seL4_MessageInfo_new(label, 0, 0, 3), &m0, &m1, &m2, &m3);

    if (res) {
        res[0] = m0;
        res[1] = m1;
        res[2] = m2;
    }
    return seL4_MessageInfo_get_label(reply);
}
