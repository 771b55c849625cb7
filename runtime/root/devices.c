/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device grants: the broker's ops for a component's `devices:` (MMIO, an
 * IRQ, I/O ports, DMA memory, PCI configuration) and the PCI listing
 * (<kaal/proto/broker.h>, docs/root-server.md).
 *
 * Every request names a device by its index in the caller's own list, so a
 * component can reach only what its description grants it; each grant is
 * given once (the comp's *_done bits), and each refusal is a negative errno
 * and a log line naming the component and the reason.  A PCI device is
 * found on the bus by its ids; its BARs, INTx routing and MSI come from its
 * configuration space, which only this file and pci.c touch.
 *
 * Where the kernel remaps DMA (CONFIG_IOMMU, on a machine with VT-d), a PCI
 * device's DMA memory is also mapped into the device's own IOSpace, at I/O
 * addresses equal to the physical ones, so that a driver programs its
 * device as before and the device reaches that memory and nothing else.
 * Each device gets its IOSpace, in a domain of its own (its index in the
 * system's device table, plus one), at its first DMA grant.
 */
#include "devices.h"

#include "alloc.h"
#include "loader.h"
#include "memory.h"
#include "pci.h"
#include "report.h"
#include "vspace.h"

#include "boot.h"

#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/debug.h>
#include <sel4/objecttype.h>

/* The PCI function a PCI device of c's grant names: the nth on the bus with its ids, where n
 * counts the devices with the same ids earlier in the system's device table.  PCI_NONE if it is
 * not a PCI device or is not on the bus. */
static seL4_Uint32 device_bdf(const struct comp *c, seL4_Word dev)
{
    static seL4_Uint32 cache[KAAL_SYSIMAGE_MAX_RECORDS]; /* bdf + 1; 0: not looked for yet */
    const struct kaal_sysimage_device *all = sys_devices();
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
static int device_bar(struct comp *c, seL4_Word label, seL4_Word dev, seL4_Word bar, int want_io,
                      seL4_Uint64 *base, seL4_Uint64 *size)
{
    seL4_Uint32 bdf = device_bdf(c, dev);
    int is_io;

    if (bdf == PCI_NONE)
        return report_refusal(c, label, -KAAL_EACCES, "the PCI device is not on the bus");
    if (bar > 5)
        return report_refusal(c, label, -KAAL_EINVAL, "a BAR number is 0 to 5");
    if (pci_bar(bdf, (unsigned int)bar, base, size, &is_io) != 0 || is_io != want_io)
        return report_refusal(c, label, -KAAL_EACCES,
                              want_io ? "that BAR is not an assigned I/O BAR"
                                      : "that BAR is not an assigned memory BAR");
    return 0;
}

static int mmio(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev, seL4_Word va,
                seL4_Word bar, struct kaal_broker_mmio_out *out)
{
    seL4_Uint64 phys = d->mmio_phys, size = d->mmio_size;
    seL4_Uint8 bit = 1;

    if (d->kind == KAAL_SYSIMAGE_DEV_PCI) {
        int err = device_bar(c, KAAL_BROKER_MMIO, dev, bar, 0, &phys, &size);
        if (err)
            return err;
        bit = (seL4_Uint8)(1u << bar);
    } else if (!size) {
        return report_refusal(c, KAAL_BROKER_MMIO, -KAAL_EACCES,
                              "the device has no MMIO range in the description");
    }
    seL4_Word first = phys & ~(PAGE_SIZE - 1);
    seL4_Word len = ((phys + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - first;
    if (!mem_range_ok(va, len))
        return report_refusal(c, KAAL_BROKER_MMIO, -KAAL_EINVAL,
                              "the address is not 4 KiB aligned or not below 0x7fff00000000");
    if (c->bars_done[dev] & bit)
        return report_refusal(c, KAAL_BROKER_MMIO, -KAAL_EBUSY, "it was granted already");
    if (!range_claim(c, va, len))
        return report_refusal(c, KAAL_BROKER_MMIO, -KAAL_EBUSY, MEM_ADDRESS_IN_USE);
    c->bars_done[dev] |= bit;
    for (seL4_Word off = 0; off < len; off += PAGE_SIZE) {
        seL4_CPtr f = frame_at(first + off, 0);
        if (!f ||
            vs_map(c->pml4, f, va + off, seL4_ReadWrite, seL4_X86_CacheDisabled, 0) != seL4_NoError)
            return report_refusal(c, KAAL_BROKER_MMIO, -KAAL_EBUSY,
                                  "a page could not be mapped (the address is in use?)");
    }
    out->phys = phys;
    out->size = size;
    out->offset = phys - first;
    return 0;
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
        report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EACCES,
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
static int irq_handler(struct comp *c, seL4_Word dev, const struct kaal_sysimage_device *d,
                       seL4_CPtr handler, seL4_Word *kind, seL4_Word *where)
{
    seL4_Word level;

    if (d->irq != KAAL_SYSIMAGE_IRQ_MSI) {
        if (irq_route(c, dev, d, where, &level) != 0)
            return -KAAL_EACCES;
        *kind = d->irq == KAAL_SYSIMAGE_IRQ_INTX ? KAAL_BROKER_IRQ_INTX : KAAL_BROKER_IRQ_ISA;
        /* The vector index is the IOAPIC pin, so no two lines share one. */
        return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, seL4_CapInitThreadCNode, handler,
                                         ROOT_DEPTH, 0, *where, level, level,
                                         *where) == seL4_NoError
                   ? 0
                   : report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EIO,
                                    "the kernel refused the IRQ (is the line taken?)");
    }
    seL4_Uint32 bdf = device_bdf(c, dev);
    unsigned int cap = bdf == PCI_NONE ? 0 : msi_cap(bdf);
    if (!cap)
        return report_refusal(
            c, KAAL_BROKER_IRQ, -KAAL_EACCES,
            "the PCI device is not on the bus or has no MSI capability (try irq: intx)");
    if (next_msi > MSI_INDEX_LAST ||
        seL4_IRQControl_GetMSI(seL4_CapIRQControl, seL4_CapInitThreadCNode, handler, ROOT_DEPTH,
                               bdf >> 8, bdf >> 3 & 31, bdf & 7, 0, next_msi) != seL4_NoError)
        return report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EIO, "no MSI vector left");
    *kind = KAAL_BROKER_IRQ_MSI;
    *where = next_msi++;
    msi_enable(bdf, cap, *where);
    return 0;
}

static int irq(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev,
               struct kaal_broker_irq_out *out)
{
    seL4_Word kind = KAAL_BROKER_IRQ_ISA, where = 0;

    if (d->irq == KAAL_SYSIMAGE_NO_IRQ)
        return report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EACCES, "the device has no IRQ");
    if (c->irq_done & (1ull << dev))
        return report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EBUSY, "it was granted already");
    seL4_CPtr handler = slot_alloc(), badged = slot_alloc();
    if (!handler || !badged)
        return report_refusal(c, KAAL_BROKER_IRQ, -KAAL_ENOMEM, "out of CSpace slots");
    int err = irq_handler(c, dev, d, handler, &kind, &where);
    if (err)
        return err;
    if (seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, ROOT_DEPTH, seL4_CapInitThreadCNode,
                        c->ntfn, ROOT_DEPTH, seL4_CanWrite,
                        KAAL_NTF_BADGE(d->irq_id)) != seL4_NoError ||
        seL4_IRQHandler_SetNotification(handler, badged) != seL4_NoError ||
        seL4_CNode_Copy(c->cnode, KAAL_SLOT_IRQ_BASE + d->irq_id, KAAL_CNODE_RADIX,
                        seL4_CapInitThreadCNode, handler, ROOT_DEPTH,
                        seL4_AllRights) != seL4_NoError)
        return report_refusal(c, KAAL_BROKER_IRQ, -KAAL_EIO, "the kernel refused the IRQ");
    c->irq_done |= 1ull << dev;
    c->irq_kind[dev] = (seL4_Uint8)kind;
    c->irq_where[dev] = (seL4_Uint16)(kind == KAAL_BROKER_IRQ_ISA ? d->irq : where);
    out->irq_id = d->irq_id;
    out->where = kind == KAAL_BROKER_IRQ_ISA ? d->irq : where;
    out->kind = kind;
    return 0;
}

static int ioport(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word dev,
                  seL4_Word slot, seL4_Word bar, struct kaal_broker_ioport_out *out)
{
    seL4_Uint64 base = d->ioport_base, size = d->ioport_size;

    if (!size && d->kind == KAAL_SYSIMAGE_DEV_PCI) {
        int err = device_bar(c, KAAL_BROKER_IOPORT, dev, bar, 1, &base, &size);
        if (err)
            return err;
    }
    if (!size)
        return report_refusal(c, KAAL_BROKER_IOPORT, -KAAL_EACCES, "the device has no I/O ports");
    if (slot < KAAL_SLOT_RECV_BASE || slot >= KAAL_SLOT_RECV_BASE + KAAL_SLOT_RECV_COUNT)
        return report_refusal(c, KAAL_BROKER_IOPORT, -KAAL_EINVAL,
                              "the slot is outside the receive window (256-511)");
    if (c->ioport_done & (1ull << dev))
        return report_refusal(c, KAAL_BROKER_IOPORT, -KAAL_EBUSY, "it was granted already");
    seL4_CPtr port = slot_alloc();
    if (!port ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, base, base + size - 1u,
                                     seL4_CapInitThreadCNode, port, ROOT_DEPTH) != seL4_NoError)
        return report_refusal(c, KAAL_BROKER_IOPORT, -KAAL_EIO, "the kernel refused the ports");
    if (seL4_CNode_Copy(c->cnode, slot, KAAL_CNODE_RADIX, seL4_CapInitThreadCNode, port, ROOT_DEPTH,
                        seL4_AllRights) != seL4_NoError) {
        slot_free(port);
        return report_refusal(c, KAAL_BROKER_IOPORT, -KAAL_EBUSY, "the slot is not empty");
    }
    c->ioport_done |= 1ull << dev;
    c->ioport_slot[dev] = (seL4_Uint16)slot;
    c->ioport_base[dev] = (seL4_Uint16)base;
    c->ioport_last[dev] = (seL4_Uint16)(size - 1); /* a range may be all 65536 ports */
    out->base = base;
    out->size = size;
    return 0;
}

#ifdef CONFIG_IOMMU
/* Each device's IOSpace once its first DMA grant made it, by index in the system's device table. */
static seL4_CPtr iospace_of[KAAL_SYSIMAGE_MAX_RECORDS];

/* With kaal.verbose: "[root] component 'c': device 'name' (BB:DD.F) reaches only its DMA memory
 * (IOMMU domain N)", the device named as the kernel's IOMMU fault reports name it. */
static void say_iospace(const struct comp *c, const char *name, seL4_Uint32 bdf, seL4_Word domain)
{
    static const char hex[] = "0123456789abcdef";
    char where[] = {' ',
                    '(',
                    hex[bdf >> 12 & 15],
                    hex[bdf >> 8 & 15],
                    ':',
                    hex[bdf >> 7 & 1],
                    hex[bdf >> 3 & 15],
                    '.',
                    hex[bdf & 7],
                    ')',
                    '\0'};

    if (!boot_verbose())
        return;
    say_comp(c, "device '");
    kaal_debug_puts(name);
    kaal_debug_puts("'");
    kaal_debug_puts(where);
    kaal_debug_puts(" reaches only its DMA memory (IOMMU domain ");
    kaal_debug_put_dec(domain);
    kaal_debug_puts(")\n");
}

/* Device dev's IOSpace (made at the first call), or 0 if it could not be made. */
static seL4_CPtr device_iospace(const struct comp *c, seL4_Word dev)
{
    seL4_Word index = c->desc->device_first + dev;
    seL4_Uint32 bdf = device_bdf(c, dev);
    seL4_CPtr s;

    if (iospace_of[index] || bdf == PCI_NONE)
        return iospace_of[index];
    s = slot_alloc();
    if (s && seL4_CNode_Mint(seL4_CapInitThreadCNode, s, ROOT_DEPTH, seL4_CapInitThreadCNode,
                             seL4_CapIOSpace, ROOT_DEPTH, seL4_AllRights,
                             (index + 1) << 16 | bdf) == seL4_NoError) {
        iospace_of[index] = s;
        say_iospace(c, sys_devices()[index].name, bdf, index + 1);
    } else if (s)
        slot_free(s);
    return iospace_of[index];
}

/* Maps a copy of frame into device dev's IOSpace at I/O address ioaddr, adding I/O page tables
 * as the walk needs them.  0, or a negative errno. */
static int dma_map_io(struct comp *c, seL4_Word dev, seL4_CPtr frame, seL4_Word ioaddr)
{
    seL4_CPtr io = device_iospace(c, dev), copy = slot_alloc();
    seL4_Error e = seL4_FailedLookup;

    if (!io || !copy ||
        seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, ROOT_DEPTH, seL4_CapInitThreadCNode, frame,
                        ROOT_DEPTH, seL4_AllRights) != seL4_NoError)
        return -KAAL_ENOMEM;
    while ((e = seL4_X86_Page_MapIO(copy, io, seL4_ReadWrite, ioaddr)) == seL4_FailedLookup) {
        seL4_CPtr table = obj_alloc(seL4_X86_IOPageTableObject, 0, 0);
        if (!table || seL4_X86_IOPageTable_Map(table, io, ioaddr) != seL4_NoError)
            return -KAAL_ENOMEM;
    }
    return e == seL4_NoError ? 0 : -KAAL_EBUSY;
}
#endif

seL4_Word dev_iommu_domain(const struct comp *c, seL4_Word dev)
{
#ifdef CONFIG_IOMMU
    seL4_Word index = c->desc->device_first + dev;

    return index < KAAL_SYSIMAGE_MAX_RECORDS && iospace_of[index] ? index + 1 : 0;
#else
    (void)c;
    (void)dev;
    return 0;
#endif
}

/* Maps DMA frame f of device dev at va in c and, where DMA is remapped, for the device at its
 * physical address pa.  0, or a negative errno. */
static int dma_map(struct comp *c, seL4_Word dev, seL4_CPtr f, seL4_Word va, seL4_Word pa)
{
    int err = mem_map_page(c, f, va);

#ifdef CONFIG_IOMMU
    /* seL4 makes no IOSpace for request ID 0 (00:00.0, a host bridge): that device's DMA stays
     * blocked, and the memory is the driver's alone. */
    if (!err && boot_iommu() && device_bdf(c, dev) != PCI_NONE && device_bdf(c, dev) != 0) {
        err = dma_map_io(c, dev, f, pa);
        if (err)
            mem_release_pages(c, va, 1);
    }
#else
    (void)dev;
    (void)pa;
#endif
    return err;
}

static int dma(struct comp *c, const struct kaal_sysimage_device *d, seL4_Word va, seL4_Word dev,
               struct kaal_broker_dma_out *out)
{
    seL4_Word bits = seL4_PageBits, paddr;

    if (!d->dma_size)
        return report_refusal(c, KAAL_BROKER_DMA, -KAAL_EACCES, "the device has no DMA memory");
    if (!mem_range_ok(va, d->dma_size))
        return report_refusal(c, KAAL_BROKER_DMA, -KAAL_EINVAL,
                              "the address is not 4 KiB aligned or not below 0x7fff00000000");
    if (c->dma_done & (1ull << dev))
        return report_refusal(c, KAAL_BROKER_DMA, -KAAL_EBUSY, "it was granted already");
    if (!range_claim(c, va, d->dma_size))
        return report_refusal(c, KAAL_BROKER_DMA, -KAAL_EBUSY, MEM_ADDRESS_IN_USE);
    while ((1ul << bits) < d->dma_size)
        bits++;
    /* One untyped of the rounded-up size: its frames are physically contiguous. */
    alloc_set_owner(c->desc->name);
    seL4_CPtr ut = obj_alloc(seL4_UntypedObject, bits, &paddr);
    if (!ut) {
        range_release(c, va);
        return report_refusal(c, KAAL_BROKER_DMA, -KAAL_ENOMEM, "out of memory");
    }
    c->dma_done |= 1ull << dev;
    for (seL4_Word off = 0; off < d->dma_size; off += PAGE_SIZE) {
        seL4_CPtr f = slot_alloc();
        int err = -KAAL_ENOMEM;
        if (f && seL4_Untyped_Retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, f, 1) ==
                     seL4_NoError)
            err = dma_map(c, dev, f, va + off, paddr + off);
        if (err) {
            mem_release_pages(c, va, off / PAGE_SIZE);
            range_release(c, va);
            return report_refusal(c, KAAL_BROKER_DMA, err, "a page could not be mapped");
        }
    }
    out->phys = paddr;
    out->size = d->dma_size;
    return 0;
}

/* PCI configuration: info, a read or a write of a word at off.  0, or a refusal. */
static int pci_config(struct comp *c, seL4_Word label, seL4_Word dev, seL4_Word off,
                      seL4_Uint32 value, seL4_Word res[3])
{
    seL4_Uint32 bdf = device_bdf(c, dev);

    if (bdf == PCI_NONE)
        return report_refusal(c, label, -KAAL_EACCES,
                              "not a PCI device, or the PCI device is not on the bus");
    if (label == KAAL_BROKER_PCI_INFO) {
        res[0] = bdf;
        res[1] = pci_read(bdf, 0);
        res[2] = pci_read(bdf, 8);
        return 0;
    }
    if (off % 4 || off >= 256)
        return report_refusal(c, label, -KAAL_EINVAL,
                              "the offset is not a multiple of 4 below 256");
    if (label == KAAL_BROKER_PCI_READ) {
        res[0] = pci_read(bdf, (unsigned int)off);
        return 0;
    }
    if (off != 4 && off < 0x40)
        return report_refusal(
            c, label, -KAAL_EACCES,
            "only the command register and the capabilities area (0x40 up) may be written");
    pci_write(bdf, (unsigned int)off, value);
    return 0;
}

/* The device a request names, or NULL after refusing it. */
static const struct kaal_sysimage_device *device_arg(struct comp *c, seL4_Word label, seL4_Word dev)
{
    const struct kaal_sysimage_device *d = dev < 64 ? comp_device(c, dev) : 0;

    if (!d)
        report_refusal(c, label, -KAAL_EACCES,
                       "no such device: the system description grants it fewer");
    return d;
}

int dev_mmio(void *ctx, const struct kaal_broker_mmio_in *in, struct kaal_broker_mmio_out *out)
{
    const struct kaal_sysimage_device *d = device_arg(ctx, KAAL_BROKER_MMIO, in->dev);

    return d ? mmio(ctx, d, in->dev, in->vaddr, in->bar, out) : -KAAL_EACCES;
}

int dev_irq(void *ctx, const struct kaal_broker_irq_in *in, struct kaal_broker_irq_out *out)
{
    const struct kaal_sysimage_device *d = device_arg(ctx, KAAL_BROKER_IRQ, in->dev);

    return d ? irq(ctx, d, in->dev, out) : -KAAL_EACCES;
}

int dev_ioport(void *ctx, const struct kaal_broker_ioport_in *in,
               struct kaal_broker_ioport_out *out)
{
    const struct kaal_sysimage_device *d = device_arg(ctx, KAAL_BROKER_IOPORT, in->dev);

    return d ? ioport(ctx, d, in->dev, in->slot, in->bar, out) : -KAAL_EACCES;
}

int dev_dma(void *ctx, const struct kaal_broker_dma_in *in, struct kaal_broker_dma_out *out)
{
    const struct kaal_sysimage_device *d = device_arg(ctx, KAAL_BROKER_DMA, in->dev);

    return d ? dma(ctx, d, in->vaddr, in->dev, out) : -KAAL_EACCES;
}

int dev_pci_read(void *ctx, const struct kaal_broker_pci_read_in *in,
                 struct kaal_broker_pci_read_out *out)
{
    seL4_Word res[3] = {0, 0, 0};
    int err = device_arg(ctx, KAAL_BROKER_PCI_READ, in->dev)
                  ? pci_config(ctx, KAAL_BROKER_PCI_READ, in->dev, in->off, 0, res)
                  : -KAAL_EACCES;

    if (!err)
        out->value = (seL4_Uint32)res[0];
    return err;
}

int dev_pci_write(void *ctx, const struct kaal_broker_pci_write_in *in)
{
    seL4_Word res[3] = {0, 0, 0};

    return device_arg(ctx, KAAL_BROKER_PCI_WRITE, in->dev)
               ? pci_config(ctx, KAAL_BROKER_PCI_WRITE, in->dev, in->off, in->value, res)
               : -KAAL_EACCES;
}

int dev_pci_info(void *ctx, const struct kaal_broker_pci_info_in *in,
                 struct kaal_broker_pci_info_out *out)
{
    seL4_Word res[3] = {0, 0, 0};
    int err = device_arg(ctx, KAAL_BROKER_PCI_INFO, in->dev)
                  ? pci_config(ctx, KAAL_BROKER_PCI_INFO, in->dev, 0, 0, res)
                  : -KAAL_EACCES;

    if (!err) {
        out->bdf = res[0];
        out->ids = res[1];
        out->class_word = res[2];
    }
    return err;
}

int dev_pci_list(void *ctx, const struct kaal_broker_pci_list_in *in,
                 struct kaal_broker_pci_list_out *out)
{
    seL4_Uint32 bdf = pci_nth((unsigned int)(in->n < 65536 ? in->n : 65536));

    (void)ctx;
    if (bdf == PCI_NONE)
        return -KAAL_EINVAL; /* past the last function: the normal end, not logged */
    out->bdf = bdf;
    out->ids = pci_read(bdf, 0);
    out->class_word = pci_read(bdf, 8);
    return 0;
}
