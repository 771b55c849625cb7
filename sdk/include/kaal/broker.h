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

    /* Introspection, for a component granted `monitor: true` (a shell's ps, caps and mem); others
     * are refused with EDENIED.  Results beyond the third word are in the IPC buffer: use
     * kaal_broker_call_long. */

    /* The component with id n: (n) -> KAAL_PS_W_COUNT words, indexed by enum kaal_ps_word; its
     * name and, if a fault stopped it, the fault decoded as the root server logged it, are
     * NUL-padded text in the words from KAAL_PS_W_NAME and KAAL_PS_W_FAULT_TEXT on (see
     * kaal_broker_text).  EINVAL past the last component, which is the normal end (not logged). */
    KAAL_BROKER_PS = 14,
    /* The nth capability or mapping the root server gave the component with id `id`:
     * (id, n) -> KAAL_CAPS_W_COUNT words, indexed by enum kaal_caps_word; the kind is a
     * KAAL_CAP_* and says what the words a, b and c mean.  EINVAL past the last (not logged) or
     * for an id with no component. */
    KAAL_BROKER_CAPS = 15,
    /* Memory: () -> KAAL_MEM_W_COUNT words, indexed by enum kaal_mem_word. */
    KAAL_BROKER_MEM = 16,

    /* For a component granted `power: true`: resets the machine (op KAAL_POWER_REBOOT, through
     * the 8042 keyboard controller's reset line) or turns it off (KAAL_POWER_OFF, ACPI S5 from the
     * FADT's PM1a control block and the DSDT's \_S5 package).  On success it does not return;
     * ENODEV if the machine lacks what it needs (no ACPI tables, no \_S5), EINVAL for another op.
     * (op) -> () */
    KAAL_BROKER_POWER = 17,
};

/* What KAAL_BROKER_PS returns. */
enum kaal_ps_word {
    KAAL_PS_W_ID,         /* the component's id: its index in the system description */
    KAAL_PS_W_PRIORITY,   /* 0 .. 254 */
    KAAL_PS_W_STATE,      /* KAAL_PS_* */
    KAAL_PS_W_FAULT,      /* a stopped component's seL4 fault label (seL4_Fault_*), else 0 */
    KAAL_PS_W_FAULT_ADDR, /* its VMFault's address or CapFault's cptr, else 0 */
    KAAL_PS_W_QUOTA,      /* bytes of its `memory:` quota */
    KAAL_PS_W_QUOTA_LEFT, /* bytes of it not allocated now */
    KAAL_PS_W_NAME,       /* KAAL_BROKER_NAME_WORDS words of name, NUL-padded */
    KAAL_PS_W_FAULT_TEXT = KAAL_PS_W_NAME + 4, /* KAAL_PS_FAULT_WORDS words of text */
    KAAL_PS_W_COUNT = KAAL_PS_W_FAULT_TEXT + 16,
};
#define KAAL_BROKER_NAME_WORDS 4  /* 32 bytes: KAAL_SYSIMAGE_NAME_LEN */
#define KAAL_PS_FAULT_WORDS    16 /* 128 bytes: the fault as the root logged it, cut short */

/* A component's state (KAAL_PS_W_STATE). */
#define KAAL_PS_RUNNING    0 /* started; it may be waiting for an event */
#define KAAL_PS_FAULTED    1 /* stopped by a fault; never restarted */
#define KAAL_PS_NOT_LOADED 2 /* the root server could not load it (logged at boot) */

/* What KAAL_BROKER_CAPS returns. */
enum kaal_caps_word {
    KAAL_CAPS_W_KIND, /* KAAL_CAP_* */
    KAAL_CAPS_W_SLOT, /* the slot in the component's CNode; 0 for a mapping */
    KAAL_CAPS_W_A,
    KAAL_CAPS_W_B,
    KAAL_CAPS_W_C,
    KAAL_CAPS_W_NAME, /* the peer, device or region named, KAAL_BROKER_NAME_WORDS words */
    KAAL_CAPS_W_COUNT = KAAL_CAPS_W_NAME + 4,
};

/* Kinds of KAAL_BROKER_CAPS entries, and what a, b, c and the name are.  They come in this
 * order: the fixed caps, the channels' notification caps, their protected-call endpoints, IRQ
 * handlers, I/O ports, then the mappings. */
#define KAAL_CAP_INPUT_EP 1 /* its input endpoint (receive) */
#define KAAL_CAP_NTFN     2 /* its notification, bound to its TCB */
#define KAAL_CAP_TCB      3 /* a: priority */
#define KAAL_CAP_VSPACE   4 /* its PML4 */
#define KAAL_CAP_CNODE    5 /* a: slots */
#define KAAL_CAP_BROKER   6 /* a: badge, b: grants (KAAL_BROKER_GRANT_*) */
#define KAAL_CAP_FAULT_EP 7 /* a: badge */
#define KAAL_CAP_NOTIFY   8 /* a: channel id, b: badge; name: the peer it signals */
#define KAAL_CAP_PPCALL   9 /* a: channel id, b: badge; name: the peer it calls */
/* a: channel id, b: ISA IRQ, IOAPIC pin or MSI index, c: KAAL_BROKER_IRQ_*; name: device */
#define KAAL_CAP_IRQ        10
#define KAAL_CAP_IOPORT     11 /* a: first port, b: count; name: device */
#define KAAL_CAP_IPC_BUFFER 12 /* mapping, a: vaddr */
#define KAAL_CAP_INFO_PAGE  13 /* mapping, a: vaddr */
#define KAAL_CAP_STACK      14 /* mapping, a: vaddr, b: bytes */
#define KAAL_CAP_ELF        15 /* mapping, a: vaddr, b: bytes (its program's segments) */
/* mapping, a: vaddr, b: bytes, c: KAAL_SYSIMAGE_PERM_* | 8 if cached; name: region */
#define KAAL_CAP_REGION 16
/* mapping, a: the BARs mapped (a bit each), 0 for a fixed range; name: device */
#define KAAL_CAP_MMIO   17
#define KAAL_CAP_DMA    18 /* mapping, b: bytes; name: device */
#define KAAL_CAP_MEMORY 19 /* mapping, a: vaddr, b: bytes (from KAAL_BROKER_MEM_ALLOC) */

/* The grants of KAAL_CAP_BROKER's b (the system description's monitor: and power:). */
#define KAAL_BROKER_GRANT_MONITOR 1
#define KAAL_BROKER_GRANT_POWER   2

/* What KAAL_BROKER_MEM returns. */
enum kaal_mem_word {
    KAAL_MEM_W_TOTAL,      /* bytes of RAM untyped the kernel handed over */
    KAAL_MEM_W_FREE,       /* bytes of it not yet retyped */
    KAAL_MEM_W_UNTYPEDS,   /* RAM untypeds the root holds, the pieces it split off included */
    KAAL_MEM_W_WITH_ROOM,  /* those with at least 4 KiB left */
    KAAL_MEM_W_DEVICE,     /* device untypeds */
    KAAL_MEM_W_QUOTAS,     /* the components' `memory:` quotas added up */
    KAAL_MEM_W_QUOTA_USED, /* bytes of them allocated now */
    KAAL_MEM_W_COUNT,
};

/* KAAL_BROKER_POWER's op. */
#define KAAL_POWER_REBOOT 0
#define KAAL_POWER_OFF    1

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
#define KAAL_BROKER_ENODEV  7 /* the machine lacks what the request needs (ACPI tables) */

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

/*
 * As kaal_broker_call, for requests with more results: res[0 .. n) gets the reply's first n
 * words (n at most seL4_MsgMaxLength).  Returns the reply's label.
 */
static inline seL4_Word kaal_broker_call_long(seL4_Word label, seL4_Word a0, seL4_Word a1,
                                              seL4_Word a2, seL4_Word *res, unsigned int n)
{
    seL4_SetMR(0, a0);
    seL4_SetMR(1, a1);
    seL4_SetMR(2, a2);
    seL4_MessageInfo_t reply = seL4_Call(KAAL_SLOT_BROKER, seL4_MessageInfo_new(label, 0, 0, 3));

    for (unsigned int i = 0; i < n && i < seL4_MsgMaxLength; i++)
        res[i] = seL4_GetMR((int)i);
    return seL4_MessageInfo_get_label(reply);
}

/* Copies the NUL-padded text in nwords message words (little-endian bytes) into out, which
 * holds nwords * 8 + 1 bytes, and NUL-terminates it; returns out. */
static inline char *kaal_broker_text(const seL4_Word *words, unsigned int nwords, char *out)
{
    unsigned int i = 0;

    for (; i < nwords * 8 && (words[i / 8] >> (i % 8 * 8) & 0xff); i++)
        out[i] = (char)(words[i / 8] >> (i % 8 * 8));
    out[i] = '\0';
    return out;
}
