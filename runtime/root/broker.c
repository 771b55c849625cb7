/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability broker and memory manager: run-time requests from
 * components (protocol in <kaal/broker.h>, docs/root-server.md).
 *
 * Every request is checked against the caller's own description, which the
 * broker finds by the badge of the endpoint the request came through: a
 * component can name only its own devices, within their declared ranges,
 * and memory within its `memory:` quota.  A refusal is a reply label and a
 * log line naming the component, the request and the reason.
 *
 * Frames the broker maps (DMA and memory-manager memory) are recorded in
 * pages[], so it can tell their physical address and take them back.
 * Freed frames are kept, unmapped, and zeroed when they are given out again.
 */
#include "pci.h"
#include "root.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/debug.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/objecttype.h>

#define MAX_FREE_FRAMES 1024
#define ADDRESS_IN_USE  "the address range is in use (its ELF, a region or an earlier grant)"

struct page_rec pages[ROOT_MAX_PAGES];
static seL4_CPtr free_frames[MAX_FREE_FRAMES];
static unsigned int nfree_frames;

static const char *const request_names[] = {
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
};

/* Logs "[root] broker: refused component 'name' <request>: why" and returns err. */
static seL4_Word refuse(const struct comp *c, seL4_Word label, seL4_Word err, const char *why)
{
    say("broker: refused component '");
    kaal_debug_puts(c->desc->name);
    kaal_debug_puts("' ");
    kaal_debug_puts(label < sizeof(request_names) / sizeof(request_names[0]) && request_names[label]
                        ? request_names[label]
                        : "an unknown request");
    kaal_debug_puts(": ");
    kaal_debug_puts(why);
    kaal_debug_puts("\n");
    return err;
}

seL4_Word broker_refuse(const struct comp *c, seL4_Word label, seL4_Word err, const char *why)
{
    return refuse(c, label, err, why);
}

/* True if [va, va + size) is page aligned, non-empty and inside the broker's range. */
static int range_ok(seL4_Word va, seL4_Word size)
{
    return va % PAGE_SIZE == 0 && size && size % PAGE_SIZE == 0 && va >= KAAL_BROKER_VADDR_MIN &&
           va < KAAL_BROKER_VADDR_MAX && size <= KAAL_BROKER_VADDR_MAX - va;
}

static int record_page(const struct comp *c, seL4_Word va, seL4_CPtr cap)
{
    for (unsigned int i = 0; i < ROOT_MAX_PAGES; i++)
        if (!pages[i].cap) {
            pages[i] = (struct page_rec){.vaddr = va, .cap = cap, .comp = (seL4_Uint32)c->id};
            return 1;
        }
    return 0;
}

static struct page_rec *find_page(const struct comp *c, seL4_Word va)
{
    for (unsigned int i = 0; i < ROOT_MAX_PAGES; i++)
        if (pages[i].cap && pages[i].comp == c->id && pages[i].vaddr == va)
            return &pages[i];
    return 0;
}

/* Unmaps c's recorded pages in [va, va + n pages) and keeps their frames for reuse. */
static void release_pages(const struct comp *c, seL4_Word va, seL4_Word n)
{
    for (seL4_Word p = 0; p < n; p++) {
        struct page_rec *r = find_page(c, va + p * PAGE_SIZE);
        if (!r)
            continue;
        seL4_X86_Page_Unmap(r->cap);
        if (nfree_frames < MAX_FREE_FRAMES)
            free_frames[nfree_frames++] = r->cap;
        else
            slot_free(r->cap);
        r->cap = 0;
    }
}

/* Maps frame at va in c and records it; on failure the frame is kept for reuse. */
static seL4_Word map_page(const struct comp *c, seL4_CPtr frame, seL4_Word va)
{
    seL4_Error e = vs_map(c->pml4, frame, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes, 0);

    if (e == seL4_NoError && record_page(c, va, frame))
        return KAAL_BROKER_OK;
    if (e == seL4_NoError)
        seL4_X86_Page_Unmap(frame);
    if (nfree_frames < MAX_FREE_FRAMES)
        free_frames[nfree_frames++] = frame;
    return e == seL4_DeleteFirst ? KAAL_BROKER_EBUSY : KAAL_BROKER_ENOMEM;
}

/* A zeroed 4 KiB frame: a freed one, or a new one. */
static seL4_CPtr fresh_frame(void)
{
    while (nfree_frames) {
        seL4_CPtr f = free_frames[--nfree_frames];
        if (vs_fill(f, 0, 0, PAGE_SIZE) == 0)
            return f;
        slot_free(f);
    }
    return obj_alloc(seL4_X86_4K, 0, 0);
}

/* The PCI function a PCI device of c's grant names: the nth on the bus with its ids, where n
 * counts the devices with the same ids earlier in the system's device table.  PCI_NONE if it is
 * not a PCI device or is not on the bus. */
static seL4_Uint32 device_bdf(const struct comp *c, seL4_Word dev)
{
    static seL4_Uint32 cache[KAAL_SYSIMAGE_MAX_RECORDS]; /* bdf + 1; 0: not looked for yet */
    const struct kaal_sysimage_device *all =
        (const void *)(sys_image + sys_header()->devices.offset);
    seL4_Word index = c->desc->device_first + dev;
    const struct kaal_sysimage_device *d = &all[index];
    unsigned int nth = 0;

    if (d->kind != KAAL_SYSIMAGE_DEV_PCI)
        return PCI_NONE;
    if (!cache[index]) {
        for (seL4_Word i = 0; i < index; i++)
            nth += all[i].kind == KAAL_SYSIMAGE_DEV_PCI && all[i].pci_vendor == d->pci_vendor &&
                   all[i].pci_device == d->pci_device;
        cache[index] = pci_find(d->pci_vendor, d->pci_device, nth) + 1;
    }
    return cache[index] - 1;
}

/* A PCI BAR of device dev: 0 with its base and size, or a refusal (reply label) already logged. */
static seL4_Word device_bar(struct comp *c, seL4_Word label, seL4_Word dev, seL4_Word bar,
                            int want_io, seL4_Uint64 *base, seL4_Uint64 *size)
{
    seL4_Uint32 bdf = device_bdf(c, dev);
    int is_io;

    if (bdf == PCI_NONE)
        return refuse(c, label, KAAL_BROKER_EDENIED, "the PCI device is not on the bus");
    if (bar > 5)
        return refuse(c, label, KAAL_BROKER_EINVAL, "a BAR number is 0 to 5");
    if (pci_bar(bdf, (unsigned int)bar, base, size, &is_io) != 0 || is_io != want_io)
        return refuse(c, label, KAAL_BROKER_EDENIED,
                      want_io ? "that BAR is not an assigned I/O BAR"
                              : "that BAR is not an assigned memory BAR");
    return KAAL_BROKER_OK;
}

static seL4_Word mmio(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev,
                      seL4_Word va, seL4_Word bar)
{
    seL4_Uint64 phys = d->mmio_phys, size = d->mmio_size;
    seL4_Uint8 bit = 1;

    if (d->kind == KAAL_SYSIMAGE_DEV_PCI) {
        seL4_Word err = device_bar(c, KAAL_BROKER_MMIO, dev, bar, 0, &phys, &size);
        if (err != KAAL_BROKER_OK)
            return err;
        bit = (seL4_Uint8)(1u << bar);
    } else if (!size) {
        return refuse(c, KAAL_BROKER_MMIO, KAAL_BROKER_EDENIED,
                      "the device has no MMIO range in the description");
    }
    seL4_Word first = phys & ~(PAGE_SIZE - 1);
    seL4_Word len = ((phys + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - first;
    if (!range_ok(va, len))
        return refuse(c, KAAL_BROKER_MMIO, KAAL_BROKER_EINVAL,
                      "the address is not 4 KiB aligned or not below 0x7fff00000000");
    if (c->bars_done[dev] & bit)
        return refuse(c, KAAL_BROKER_MMIO, KAAL_BROKER_EBUSY, "it was granted already");
    if (!range_claim(c, va, len))
        return refuse(c, KAAL_BROKER_MMIO, KAAL_BROKER_EBUSY, ADDRESS_IN_USE);
    c->bars_done[dev] |= bit;
    for (seL4_Word off = 0; off < len; off += PAGE_SIZE) {
        seL4_CPtr f = frame_at(first + off, 0);
        if (!f ||
            vs_map(c->pml4, f, va + off, seL4_ReadWrite, seL4_X86_CacheDisabled, 0) != seL4_NoError)
            return refuse(c, KAAL_BROKER_MMIO, KAAL_BROKER_EBUSY,
                          "a page could not be mapped (the address is in use?)");
    }
    seL4_SetMR(0, phys);
    seL4_SetMR(1, size);
    seL4_SetMR(2, phys - first);
    return KAAL_BROKER_OK;
}

/*
 * The IOAPIC 0 pin, trigger and polarity of device dev's IRQ, or -1 (logged).  An ISA line is
 * edge-triggered and active-high on the pin of its number, except the timer's, which QEMU moves
 * to pin 2.  A PCI INTx line is level-triggered and active-low; on QEMU's q35 a function in slot
 * s of bus 0 raises INTA to INTD on PIRQ E to H in turn, starting at E + s % 4, and PIRQ A to H
 * are IOAPIC pins 16 to 23 (the routing QEMU's ACPI tables describe).
 */
static int irq_route(struct comp *c, seL4_Word dev, const struct kaal_sysimage_device *d,
                     seL4_Word *pin, seL4_Word *level)
{
    if (d->irq != KAAL_SYSIMAGE_IRQ_INTX) {
        *pin = d->irq == 0 ? 2 : d->irq;
        *level = 0;
        return 0;
    }
    seL4_Uint32 bdf = device_bdf(c, dev);
    seL4_Word intx = bdf == PCI_NONE ? 0 : pci_read(bdf, PCI_OFF_INTERRUPT) >> 8 & 0xff;
    if (bdf == PCI_NONE || bdf >> 8 != 0 || intx < 1 || intx > 4) {
        refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EDENIED,
               "the PCI device is not on bus 0 or has no INTx pin (try irq: msi)");
        return -1;
    }
    *pin = 16 + 4 + ((bdf >> 3 & 31) + intx - 1) % 4;
    *level = 1;
    return 0;
}

/* MSI vector indexes come after the IOAPIC pins', which are the pins' own numbers. */
#define MSI_INDEX_FIRST 24
#define MSI_INDEX_LAST  (123 - 16)        /* the kernel's user IRQ range, 16 to 123 */
#define IDT_VECTOR(i)   (0x20 + 16 + (i)) /* the CPU vector of user IRQ index i (seL4's layout) */
#define PCI_CAP_LIST    0x34
#define PCI_CAP_MSI     0x05
#define MSI_64BIT       0x80        /* in message control */
#define MSI_ADDRESS     0xfee00000u /* the local APIC of CPU 0, fixed delivery */

static seL4_Word next_msi = MSI_INDEX_FIRST;

/* The config offset of bdf's MSI capability, or 0. */
static unsigned int msi_cap(seL4_Uint32 bdf)
{
    if (!(pci_read(bdf, 4) >> 16 & 0x10)) /* status: no capability list */
        return 0;
    unsigned int off = pci_read(bdf, PCI_CAP_LIST) & 0xfc;
    for (int n = 0; off >= 0x40 && n < 48; n++) { /* 48: at most that many fit in config space */
        seL4_Uint32 w = pci_read(bdf, off);
        if ((w & 0xff) == PCI_CAP_MSI)
            return off;
        off = w >> 8 & 0xfc;
    }
    return 0;
}

/* Points bdf's MSI at CPU 0 with the vector of index and enables it (one message). */
static void msi_enable(seL4_Uint32 bdf, unsigned int cap, seL4_Word index)
{
    seL4_Uint32 head = pci_read(bdf, cap);
    unsigned int data = head >> 16 & MSI_64BIT ? cap + 12 : cap + 8;

    pci_write(bdf, cap + 4, MSI_ADDRESS);
    if (head >> 16 & MSI_64BIT)
        pci_write(bdf, cap + 8, 0);
    pci_write(bdf, data, (seL4_Uint32)IDT_VECTOR(index));
    pci_write(bdf, cap, (head & ~(0x70u << 16)) | 1u << 16); /* enable, one message */
}

/* Makes an IRQHandler for device dev in a new slot: the ISA or INTx line on IOAPIC 0, or an
 * MSI; *kind and *where (pin, or MSI vector index) say which.  0, or a refusal. */
static seL4_Word irq_handler(struct comp *c, seL4_Word dev, const struct kaal_sysimage_device *d,
                             seL4_CPtr handler, seL4_Word *kind, seL4_Word *where)
{
    seL4_Word level;

    if (d->irq != KAAL_SYSIMAGE_IRQ_MSI) {
        if (irq_route(c, dev, d, where, &level) != 0)
            return KAAL_BROKER_EDENIED;
        *kind = d->irq == KAAL_SYSIMAGE_IRQ_INTX ? KAAL_BROKER_IRQ_INTX : KAAL_BROKER_IRQ_ISA;
        /* The vector index is the IOAPIC pin, so no two lines share one. */
        return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, seL4_CapInitThreadCNode, handler,
                                         ROOT_DEPTH, 0, *where, level, level,
                                         *where) == seL4_NoError
                   ? KAAL_BROKER_OK
                   : refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EKERNEL,
                            "the kernel refused the IRQ (is the line taken?)");
    }
    seL4_Uint32 bdf = device_bdf(c, dev);
    unsigned int cap = bdf == PCI_NONE ? 0 : msi_cap(bdf);
    if (!cap)
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EDENIED,
                      "the PCI device is not on the bus or has no MSI capability (try irq: intx)");
    if (next_msi > MSI_INDEX_LAST ||
        seL4_IRQControl_GetMSI(seL4_CapIRQControl, seL4_CapInitThreadCNode, handler, ROOT_DEPTH,
                               bdf >> 8, bdf >> 3 & 31, bdf & 7, 0, next_msi) != seL4_NoError)
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EKERNEL, "no MSI vector left");
    *kind = KAAL_BROKER_IRQ_MSI;
    *where = next_msi++;
    msi_enable(bdf, cap, *where);
    return KAAL_BROKER_OK;
}

static seL4_Word irq(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev)
{
    seL4_Word kind = KAAL_BROKER_IRQ_ISA, where = 0;

    if (d->irq == KAAL_SYSIMAGE_NO_IRQ)
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EDENIED, "the device has no IRQ");
    if (c->irq_done & (1ull << dev))
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EBUSY, "it was granted already");
    seL4_CPtr handler = slot_alloc(), badged = slot_alloc();
    if (!handler || !badged)
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_ENOMEM, "out of CSpace slots");
    seL4_Word err = irq_handler(c, dev, d, handler, &kind, &where);
    if (err != KAAL_BROKER_OK)
        return err;
    if (seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, ROOT_DEPTH, seL4_CapInitThreadCNode,
                        c->ntfn, ROOT_DEPTH, seL4_CanWrite,
                        KAAL_NTF_BADGE(d->irq_id)) != seL4_NoError ||
        seL4_IRQHandler_SetNotification(handler, badged) != seL4_NoError ||
        seL4_CNode_Copy(c->cnode, KAAL_SLOT_IRQ_BASE + d->irq_id, KAAL_CNODE_RADIX,
                        seL4_CapInitThreadCNode, handler, ROOT_DEPTH,
                        seL4_AllRights) != seL4_NoError)
        return refuse(c, KAAL_BROKER_IRQ, KAAL_BROKER_EKERNEL, "the kernel refused the IRQ");
    c->irq_done |= 1ull << dev;
    c->irq_kind[dev] = (seL4_Uint8)kind;
    c->irq_where[dev] = (seL4_Uint16)(kind == KAAL_BROKER_IRQ_ISA ? d->irq : where);
    seL4_SetMR(0, d->irq_id);
    seL4_SetMR(1, kind == KAAL_BROKER_IRQ_ISA ? d->irq : where);
    seL4_SetMR(2, kind);
    return KAAL_BROKER_OK;
}

static seL4_Word ioport(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev,
                        seL4_Word slot, seL4_Word bar)
{
    seL4_Uint64 base = d->ioport_base, size = d->ioport_size;

    if (!size && d->kind == KAAL_SYSIMAGE_DEV_PCI) {
        seL4_Word err = device_bar(c, KAAL_BROKER_IOPORT, dev, bar, 1, &base, &size);
        if (err != KAAL_BROKER_OK)
            return err;
    }
    if (!size)
        return refuse(c, KAAL_BROKER_IOPORT, KAAL_BROKER_EDENIED, "the device has no I/O ports");
    if (slot < KAAL_SLOT_RECV_BASE || slot >= KAAL_SLOT_RECV_BASE + KAAL_SLOT_RECV_COUNT)
        return refuse(c, KAAL_BROKER_IOPORT, KAAL_BROKER_EINVAL,
                      "the slot is outside the receive window (256-511)");
    if (c->ioport_done & (1ull << dev))
        return refuse(c, KAAL_BROKER_IOPORT, KAAL_BROKER_EBUSY, "it was granted already");
    seL4_CPtr port = slot_alloc();
    if (!port ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, base, base + size - 1u,
                                     seL4_CapInitThreadCNode, port, ROOT_DEPTH) != seL4_NoError)
        return refuse(c, KAAL_BROKER_IOPORT, KAAL_BROKER_EKERNEL, "the kernel refused the ports");
    if (seL4_CNode_Copy(c->cnode, slot, KAAL_CNODE_RADIX, seL4_CapInitThreadCNode, port, ROOT_DEPTH,
                        seL4_AllRights) != seL4_NoError) {
        slot_free(port);
        return refuse(c, KAAL_BROKER_IOPORT, KAAL_BROKER_EBUSY, "the slot is not empty");
    }
    c->ioport_done |= 1ull << dev;
    c->ioport_slot[dev] = (seL4_Uint16)slot;
    c->ioport_base[dev] = (seL4_Uint16)base;
    c->ioport_last[dev] = (seL4_Uint16)(size - 1); /* a range may be all 65536 ports */
    seL4_SetMR(0, base);
    seL4_SetMR(1, size);
    return KAAL_BROKER_OK;
}

static seL4_Word dma(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word va,
                     seL4_Word dev)
{
    seL4_Word bits = seL4_PageBits, paddr;

    if (!d->dma_size)
        return refuse(c, KAAL_BROKER_DMA, KAAL_BROKER_EDENIED, "the device has no DMA memory");
    if (!range_ok(va, d->dma_size))
        return refuse(c, KAAL_BROKER_DMA, KAAL_BROKER_EINVAL,
                      "the address is not 4 KiB aligned or not below 0x7fff00000000");
    if (c->dma_done & (1ull << dev))
        return refuse(c, KAAL_BROKER_DMA, KAAL_BROKER_EBUSY, "it was granted already");
    if (!range_claim(c, va, d->dma_size))
        return refuse(c, KAAL_BROKER_DMA, KAAL_BROKER_EBUSY, ADDRESS_IN_USE);
    while ((1ul << bits) < d->dma_size)
        bits++;
    /* One untyped of the rounded-up size: its frames are physically contiguous. */
    alloc_for = c->desc->name;
    seL4_CPtr ut = obj_alloc(seL4_UntypedObject, bits, &paddr);
    if (!ut) {
        range_release(c, va);
        return refuse(c, KAAL_BROKER_DMA, KAAL_BROKER_ENOMEM, "out of memory");
    }
    c->dma_done |= 1ull << dev;
    for (seL4_Word off = 0; off < d->dma_size; off += PAGE_SIZE) {
        seL4_CPtr f = slot_alloc();
        seL4_Word err = KAAL_BROKER_ENOMEM;
        if (f && seL4_Untyped_Retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, f, 1) ==
                     seL4_NoError)
            err = map_page(c, f, va + off);
        if (err != KAAL_BROKER_OK) {
            release_pages(c, va, off / PAGE_SIZE);
            range_release(c, va);
            return refuse(c, KAAL_BROKER_DMA, err, "a page could not be mapped");
        }
    }
    seL4_SetMR(0, paddr);
    seL4_SetMR(1, d->dma_size);
    return KAAL_BROKER_OK;
}

static seL4_Word mem_alloc(struct comp *c, seL4_Word va, seL4_Word size)
{
    struct alloc_rec *rec = 0;

    if (!range_ok(va, size))
        return refuse(c, KAAL_BROKER_MEM_ALLOC, KAAL_BROKER_EINVAL,
                      "size or address not a multiple of 4 KiB, or not below 0x7fff00000000");
    if (size > c->quota_left)
        return refuse(c, KAAL_BROKER_MEM_ALLOC, KAAL_BROKER_ENOMEM,
                      "over its memory: quota in the system description");
    for (unsigned int i = 0; i < ROOT_MAX_ALLOCS && !rec; i++)
        rec = c->allocs[i].pages ? 0 : &c->allocs[i];
    if (!rec)
        return refuse(c, KAAL_BROKER_MEM_ALLOC, KAAL_BROKER_ENOMEM, "too many allocations");
    if (!range_claim(c, va, size))
        return refuse(c, KAAL_BROKER_MEM_ALLOC, KAAL_BROKER_EBUSY, ADDRESS_IN_USE);
    alloc_for = c->desc->name;
    for (seL4_Word off = 0; off < size; off += PAGE_SIZE) {
        seL4_CPtr f = fresh_frame();
        seL4_Word err = f ? map_page(c, f, va + off) : KAAL_BROKER_ENOMEM;
        if (err != KAAL_BROKER_OK) {
            release_pages(c, va, off / PAGE_SIZE);
            range_release(c, va);
            return refuse(c, KAAL_BROKER_MEM_ALLOC, err, "out of memory");
        }
    }
    *rec = (struct alloc_rec){.vaddr = va, .pages = size / PAGE_SIZE};
    c->quota_left -= size;
    seL4_SetMR(0, c->quota_left);
    return KAAL_BROKER_OK;
}

static seL4_Word mem_free(struct comp *c, seL4_Word va)
{
    for (unsigned int i = 0; i < ROOT_MAX_ALLOCS; i++) {
        struct alloc_rec *rec = &c->allocs[i];
        if (rec->pages && rec->vaddr == va) {
            release_pages(c, va, rec->pages);
            range_release(c, va);
            c->quota_left += rec->pages * PAGE_SIZE;
            rec->pages = 0;
            seL4_SetMR(0, c->quota_left);
            return KAAL_BROKER_OK;
        }
    }
    return refuse(c, KAAL_BROKER_MEM_FREE, KAAL_BROKER_EINVAL,
                  "no allocation starts at that address");
}

static seL4_Word phys(struct comp *c, seL4_Word va)
{
    const struct page_rec *r = find_page(c, va & ~(PAGE_SIZE - 1));

    if (!r)
        return refuse(c, KAAL_BROKER_PHYS, KAAL_BROKER_EINVAL,
                      "the address is not memory the broker mapped");
    seL4_X86_Page_GetAddress_t a = seL4_X86_Page_GetAddress(r->cap);
    seL4_SetMR(0, a.paddr + (va & (PAGE_SIZE - 1)));
    return a.error ? KAAL_BROKER_EKERNEL : KAAL_BROKER_OK;
}

static seL4_Word pci_config(struct comp *c, seL4_Word label, seL4_Word dev, seL4_Word off,
                            seL4_Word value)
{
    seL4_Uint32 bdf = device_bdf(c, dev);

    if (bdf == PCI_NONE)
        return refuse(c, label, KAAL_BROKER_EDENIED,
                      "not a PCI device, or the PCI device is not on the bus");
    if (label == KAAL_BROKER_PCI_INFO) {
        seL4_SetMR(0, bdf);
        seL4_SetMR(1, pci_read(bdf, 0));
        seL4_SetMR(2, pci_read(bdf, 8));
        return KAAL_BROKER_OK;
    }
    if (off % 4 || off >= 256)
        return refuse(c, label, KAAL_BROKER_EINVAL, "the offset is not a multiple of 4 below 256");
    if (label == KAAL_BROKER_PCI_READ) {
        seL4_SetMR(0, pci_read(bdf, (unsigned int)off));
        return KAAL_BROKER_OK;
    }
    if (off != 4 && off < 0x40)
        return refuse(
            c, label, KAAL_BROKER_EDENIED,
            "only the command register and the capabilities area (0x40 up) may be written");
    pci_write(bdf, (unsigned int)off, (seL4_Uint32)value);
    return KAAL_BROKER_OK;
}

/* The device a request names, or 0 after refusing it. */
static const struct kaal_sysimage_device *device_arg(struct comp *c, seL4_Word label, seL4_Word dev)
{
    const struct kaal_sysimage_device *d = comp_device(c, dev);

    if (!d || dev >= 64)
        refuse(c, label, KAAL_BROKER_EDENIED,
               "no such device: the system description grants it fewer");
    return d && dev < 64 ? d : 0;
}

/* PS, CAPS and MEM: for a component granted `monitor: true` only. */
static seL4_Word monitor(const struct comp *c, seL4_Word label, seL4_Word a0, seL4_Word a1,
                         seL4_Word *nwords)
{
    if (!(c->desc->grants & KAAL_SYSIMAGE_GRANT_MONITOR))
        return refuse(c, label, KAAL_BROKER_EDENIED,
                      "not granted: the system description gives it no 'monitor: true'");
    if (label == KAAL_BROKER_PS)
        return introspect_ps(a0, nwords);
    if (label == KAAL_BROKER_CAPS)
        return introspect_caps(c, a0, a1, nwords);
    return introspect_mem(nwords);
}

seL4_Word broker_handle(struct comp *c, seL4_MessageInfo_t msg, seL4_Word *nwords)
{
    seL4_Word label = seL4_MessageInfo_get_label(msg);
    seL4_Word a0 = seL4_GetMR(0), a1 = seL4_GetMR(1), a2 = seL4_GetMR(2);
    const struct kaal_sysimage_device *d = 0;

    if (seL4_MessageInfo_get_length(msg) < 3)
        a2 = 0;
    if (seL4_MessageInfo_get_length(msg) < 2)
        a1 = 0;
    if (seL4_MessageInfo_get_length(msg) < 1)
        a0 = 0;
    *nwords = 3;
    switch (label) {
    case KAAL_BROKER_MMIO:
    case KAAL_BROKER_IRQ:
    case KAAL_BROKER_IOPORT:
    case KAAL_BROKER_DMA:
    case KAAL_BROKER_PCI_READ:
    case KAAL_BROKER_PCI_WRITE:
    case KAAL_BROKER_PCI_INFO:
        d = device_arg(c, label, a0);
        if (!d)
            return KAAL_BROKER_EDENIED;
        break;
    default:
        break;
    }
    switch (label) {
    case KAAL_BROKER_MMIO:
        return mmio(c, d, a0, a1, a2);
    case KAAL_BROKER_IRQ:
        return irq(c, d, a0);
    case KAAL_BROKER_IOPORT:
        return ioport(c, d, a0, a1, a2);
    case KAAL_BROKER_DMA:
        return dma(c, d, a1, a0);
    case KAAL_BROKER_MEM_ALLOC:
        return mem_alloc(c, a0, a1);
    case KAAL_BROKER_MEM_FREE:
        return mem_free(c, a0);
    case KAAL_BROKER_PHYS:
        return phys(c, a0);
    case KAAL_BROKER_PCI_READ:
    case KAAL_BROKER_PCI_WRITE:
    case KAAL_BROKER_PCI_INFO:
        return pci_config(c, label, a0, a1, a2);
    case KAAL_BROKER_PCI_LIST: {
        seL4_Uint32 bdf = pci_nth((unsigned int)(a0 < 65536 ? a0 : 65536));
        if (bdf == PCI_NONE)
            return KAAL_BROKER_EINVAL; /* past the last function: the normal end, not logged */
        seL4_SetMR(0, bdf);
        seL4_SetMR(1, pci_read(bdf, 0));
        seL4_SetMR(2, pci_read(bdf, 8));
        return KAAL_BROKER_OK;
    }
    case KAAL_BROKER_TSC:
        seL4_SetMR(0, root_tsc_mhz);
        return KAAL_BROKER_OK;
    case KAAL_BROKER_PS:
    case KAAL_BROKER_CAPS:
    case KAAL_BROKER_MEM:
        return monitor(c, label, a0, a1, nwords);
    case KAAL_BROKER_POWER:
        if (!(c->desc->grants & KAAL_SYSIMAGE_GRANT_POWER))
            return refuse(c, label, KAAL_BROKER_EDENIED,
                          "not granted: the system description gives it no 'power: true'");
        return power_request(c, a0);
    case KAAL_BROKER_INFO:
        seL4_SetMR(0, c->desc->device_count);
        seL4_SetMR(1, c->desc->mem_quota);
        seL4_SetMR(2, c->quota_left);
        return KAAL_BROKER_OK;
    default:
        *nwords = 0;
        return refuse(c, label, KAAL_BROKER_ELABEL, "unknown request label");
    }
}
