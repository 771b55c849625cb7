/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Machine access for the IOMMU cases: see devices.h.
 *
 * A page of device memory is reached the way any seL4 root task reaches
 * it: the boot device untyped that covers it is retyped, untyped children
 * first to move its watermark up to the page, then a 4 KiB frame there.
 * ACPI tables are read a few bytes at a time through such a frame, which
 * is deleted again at once (with the children before it) so that the next
 * read may carve the same untyped from its start.  PCI configuration
 * space is read with configuration mechanism #1 (address to 0xCF8, data at
 * 0xCFC) through an IOPort cap; QEMU puts its PCIe devices on bus 0.
 *
 * The edu device (QEMU docs/specs/edu.rst, hw/misc/edu.c): BAR0 holds its
 * registers; 0x80, 0x88 and 0x90 take a transfer's source, destination and
 * byte count, and a write to 0x98 with bit 0 set starts it (bit 1: 0 from
 * RAM to the device's buffer, 1 from the buffer to RAM).  The buffer is at
 * device address 0x40000, 4 KiB long (a transfer here moves half of it:
 * see EDU_DMA_BYTES); the device masks RAM addresses to 28 bits and does
 * the transfer about 100 ms later (QEMU's virtual clock), clearing bit 0
 * when done, whether or not the IOMMU let it through.
 */
#include "devices.h"

#define PAGE                4096ul
#define PCI_ADDR_PORT       0xcf8
#define PCI_DATA_PORT       0xcfc
#define PCI_ENABLE          0x80000000u
#define PCI_COMMAND         0x04
#define PCI_COMMAND_MEMORY  0x2u
#define PCI_COMMAND_MASTER  0x4u
#define PCI_BAR0            0x10
#define PCI_BAR_MEM_MASK    0xfffffff0u
#define EDU_IDENT           0x00 /* 0xRRrr00ed */
#define EDU_LIVENESS        0x04 /* reads back the complement of what was written */
#define EDU_DMA_SRC         0x80
#define EDU_DMA_DST         0x88
#define EDU_DMA_COUNT       0x90
#define EDU_DMA_CMD         0x98
#define EDU_DMA_RUN         0x1u
#define EDU_DMA_TO_RAM      0x2u
#define EDU_BUFFER          0x40000ul
#define EDU_WAIT_SECONDS    5
#define PEEK_VA             (SCRATCH_VA + 8 * PAGE) /* two pages for ACPI reads */
#define ACPI_HEADER_LEN     36
#define ACPI_RSDT_MAX_TABLE 64

/* ---- device memory --------------------------------------------------------- */

/* The boot device untyped whose range holds [paddr, paddr + len), or -1. */
static long device_untyped_index(seL4_BootInfo *bi, seL4_Word paddr, seL4_Word len)
{
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice && d->paddr <= paddr && paddr + len <= d->paddr + (1ul << d->sizeBits))
            return (long)i;
    }
    return -1;
}

/* Moves ut's watermark from at up to to with untyped children, each at its natural alignment. */
static bool carve_up_to(seL4_CPtr ut, seL4_Word at, seL4_Word to)
{
    while (at < to) {
        int bits = at ? __builtin_ctzl(at) : 63;
        while ((1ul << bits) > to - at)
            bits--;
        seL4_CPtr s = alloc_slot();
        if (!s || seL4_Untyped_Retype(ut, seL4_UntypedObject, bits, ROOT, 0, 0, s, 1))
            return false;
        at += 1ul << bits;
    }
    return true;
}

bool device_frames(seL4_BootInfo *bi, const seL4_Word *paddr, int n, seL4_CPtr *frame)
{
    long last = -1;
    seL4_Word at = 0;

    for (int i = 0; i < n; i++) {
        long u = device_untyped_index(bi, paddr[i], PAGE);
        if (u < 0)
            return false;
        if (u != last)
            at = bi->untypedList[u].paddr;
        seL4_CPtr ut = bi->untyped.start + (seL4_CPtr)u;
        frame[i] = 0;
        if (paddr[i] < at || !carve_up_to(ut, at, paddr[i]))
            return false;
        frame[i] = alloc_slot();
        if (!frame[i] || seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame[i], 1))
            return false;
        at = paddr[i] + PAGE;
        last = u;
    }
    return true;
}

/* ---- ACPI -------------------------------------------------------------------- */

/* Copies len bytes (at most a page) of physical device memory at paddr to out; false if the pages
 * cannot be mapped.  The frames and the carving are deleted again before it returns. */
static bool peek(seL4_BootInfo *bi, seL4_Word paddr, void *out, seL4_Word len)
{
    seL4_Word first = paddr & ~(PAGE - 1), pages[2] = {first, first + PAGE};
    int n = paddr + len > first + PAGE ? 2 : 1;
    seL4_CPtr frames[2], from = alloc_slots(0);
    bool ok = len <= PAGE && device_frames(bi, pages, n, frames);

    for (int i = 0; ok && i < n; i++)
        ok = seL4_X86_Page_Map(frames[i], seL4_CapInitThreadVSpace, PEEK_VA + i * PAGE,
                               seL4_CanRead, seL4_X86_Default_VMAttributes) == seL4_NoError;
    for (seL4_Word i = 0; ok && i < len; i++)
        ((char *)out)[i] = *(volatile char *)(PEEK_VA + (paddr - first) + i);
    for (seL4_CPtr s = alloc_slots(0); s > from; s--)
        seL4_CNode_Delete(ROOT, s - 1, DEPTH);
    return ok;
}

int acpi_has_table(seL4_BootInfo *bi, const char *sig)
{
    const seL4_BootInfoHeader *h = kaal_bootinfo_chunk(bi, SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP);
    seL4_Uint32 rsdt = 0, len = 0, table[ACPI_RSDT_MAX_TABLE];
    char found[4];

    /* QEMU's RSDP is revision 0: the RSDT, with 32-bit table addresses, is all there is. */
    if (!h)
        return -1;
    for (int i = 3; i >= 0; i--)
        rsdt = rsdt << 8 | ((const unsigned char *)(h + 1))[16 + i];
    if (!peek(bi, rsdt + 4, &len, sizeof(len)) || len < ACPI_HEADER_LEN)
        return -1;
    seL4_Word n = (len - ACPI_HEADER_LEN) / 4;
    if (n > ACPI_RSDT_MAX_TABLE || !peek(bi, rsdt + ACPI_HEADER_LEN, table, n * 4))
        return -1;
    for (seL4_Word i = 0; i < n; i++) {
        if (!peek(bi, table[i], found, 4))
            return -1;
        if (found[0] == sig[0] && found[1] == sig[1] && found[2] == sig[2] && found[3] == sig[3])
            return 1;
    }
    return 0;
}

/* ---- PCI configuration space ------------------------------------------------- */

static seL4_Uint32 pci_read(seL4_CPtr ports, seL4_Word bdf, seL4_Word reg)
{
    seL4_X86_IOPort_Out32(ports, PCI_ADDR_PORT, PCI_ENABLE | bdf << 8 | reg);
    return seL4_X86_IOPort_In32(ports, PCI_DATA_PORT).result;
}

static void pci_write(seL4_CPtr ports, seL4_Word bdf, seL4_Word reg, seL4_Uint32 v)
{
    seL4_X86_IOPort_Out32(ports, PCI_ADDR_PORT, PCI_ENABLE | bdf << 8 | reg);
    seL4_X86_IOPort_Out32(ports, PCI_DATA_PORT, v);
}

/* The requester ids of the edu devices on bus 0 (function 0 of each slot), up to EDU_MAX. */
static int find_edus(seL4_CPtr ports, seL4_Word *bdf)
{
    int n = 0;

    for (seL4_Word dev = 0; dev < 32 && n < EDU_MAX; dev++) {
        if (pci_read(ports, dev << 3, 0) == EDU_VENDOR_DEVICE)
            bdf[n++] = dev << 3;
    }
    return n;
}

/* ---- edu ---------------------------------------------------------------------- */

static volatile seL4_Uint32 *reg32(const struct edu *dev, seL4_Word off)
{
    return (volatile seL4_Uint32 *)((volatile char *)dev->regs + off);
}

/* Memory decoding and bus mastering on, BAR0's address; 0 if BAR0 is not a 32-bit memory BAR. */
static seL4_Word edu_enable(seL4_CPtr ports, seL4_Word bdf)
{
    seL4_Uint32 cmd = pci_read(ports, bdf, PCI_COMMAND) & 0xffff,
                bar = pci_read(ports, bdf, PCI_BAR0);

    /* The status half of the word is write-one-to-clear: writing zeros there changes nothing. */
    pci_write(ports, bdf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    return (bar & 0x7) == 0 ? bar & PCI_BAR_MEM_MASK : 0;
}

/* The registers answer as edu's do: the ident's low byte and the liveness complement. */
static bool edu_alive(const struct edu *dev)
{
    *reg32(dev, EDU_LIVENESS) = 0x5a5a0f0fu;
    return (*reg32(dev, EDU_IDENT) & 0xff) == 0xed && *reg32(dev, EDU_LIVENESS) == ~0x5a5a0f0fu;
}

int edu_open_all(seL4_BootInfo *bi, struct edu *dev)
{
    seL4_CPtr ports = alloc_slot(), frame[EDU_MAX];
    seL4_Word bdf[EDU_MAX], bar[EDU_MAX] = {0};

    if (!ports || seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, PCI_ADDR_PORT,
                                               PCI_DATA_PORT + 3, ROOT, ports, DEPTH))
        return -1;
    int n = find_edus(ports, bdf);
    for (int i = 0; i < n; i++) {
        bar[i] = edu_enable(ports, bdf[i]);
        if (!bar[i])
            return -1;
    }
    /* device_frames() carves upwards: the lower BAR first. */
    bool swap = n == 2 && bar[1] < bar[0];
    seL4_Word sorted[EDU_MAX] = {bar[swap], bar[!swap]};
    if (!device_frames(bi, sorted, n, frame))
        return -1;
    for (int i = 0; i < n; i++) {
        seL4_Word va = SCRATCH_VA + i * PAGE;
        dev[i] = (struct edu){bdf[i], (volatile seL4_Uint64 *)va, kaal_bootinfo_tsc_mhz(bi)};
        if (seL4_X86_Page_Map(frame[bar[i] != sorted[0]], seL4_CapInitThreadVSpace, va,
                              seL4_AllRights, seL4_X86_Uncacheable) ||
            !edu_alive(&dev[i]))
            return -1;
    }
    return n;
}

static seL4_Uint64 rdtsc(void)
{
    seL4_Uint32 lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (seL4_Uint64)hi << 32 | lo;
}

bool edu_dma(const struct edu *dev, bool to_ram, seL4_Word ioaddr)
{
    volatile seL4_Uint64 *r = dev->regs;
    seL4_Uint64 deadline =
        rdtsc() + (seL4_Uint64)(dev->tsc_mhz ? dev->tsc_mhz : 3000) * 1000000 * EDU_WAIT_SECONDS;

    /* Uncached MMIO stores stay in program order, after the CPU's stores to the frames. */
    r[EDU_DMA_SRC / 8] = to_ram ? EDU_BUFFER : ioaddr;
    r[EDU_DMA_DST / 8] = to_ram ? ioaddr : EDU_BUFFER;
    r[EDU_DMA_COUNT / 8] = EDU_DMA_BYTES;
    r[EDU_DMA_CMD / 8] = EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0);
    while (r[EDU_DMA_CMD / 8] & EDU_DMA_RUN) {
        if (rdtsc() > deadline)
            return false;
    }
    __asm__ volatile("" ::: "memory"); /* the frames are read after the device is done */
    return true;
}

static void put_hex_digits(seL4_Word v, int digits)
{
    while (digits--)
        seL4_DebugPutChar("0123456789abcdef"[(v >> (4 * digits)) & 0xf]);
}

void expect_dma_fault(const struct edu *dev, bool write, seL4_Word ioaddr)
{
    kaal_debug_puts(write ? "[iommu] expect DMA write fault: " : "[iommu] expect DMA read fault: ");
    put_hex_digits(dev->bdf >> 8, 2);
    seL4_DebugPutChar(':');
    put_hex_digits(dev->bdf >> 3 & 0x1f, 2);
    seL4_DebugPutChar('.');
    put_hex_digits(dev->bdf & 7, 1);
    kaal_debug_puts(" at ");
    kaal_debug_put_hex(ioaddr);
    kaal_debug_puts("\n");
}
