/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The DDDK runtime (<kaal/dddk.h>): start-up from the driver's descriptor,
 * the interrupt dispatch, and the helpers.
 *
 * Start-up asks the broker for each resource in turn and stops at the
 * first that is missing, with a log line that names the driver, what is
 * missing, and what to change in the system description or the driver.
 */
#include <interfaces/sel4_client.h>
#include <kaal/dddk.h>
#include <kaal/debug.h>
#include <sel4/errors.h>

#define DEV         0 /* the driver's device: the first of its component's devices */
#define PCI_CMD     0x04
#define CMD_IO      0x1
#define CMD_MEM     0x2
#define CMD_MASTER  0x4
#define CMD_NO_INTX 0x400

struct dddk_dev dddk_device;

static void prefix(const struct dddk_dev *d)
{
    seL4_DebugPutChar('[');
    kaal_debug_puts(d->drv ? d->drv->name : "dddk");
    kaal_debug_puts("] ");
}

void dddk_log(const struct dddk_dev *d, const char *msg)
{
    prefix(d);
    kaal_debug_puts(msg);
    seL4_DebugPutChar('\n');
}

void dddk_log_hex(const struct dddk_dev *d, const char *msg, uint64_t v)
{
    prefix(d);
    kaal_debug_puts(msg);
    kaal_debug_put_hex(v);
    seL4_DebugPutChar('\n');
}

void dddk_fail(struct dddk_dev *d, const char *what, const char *hint)
{
    prefix(d);
    kaal_debug_puts("error: ");
    kaal_debug_puts(what);
    seL4_DebugPutChar('\n');
    prefix(d);
    kaal_debug_puts("hint: ");
    kaal_debug_puts(hint);
    seL4_DebugPutChar('\n');
    d->ready = 0;
}

/* "error: <a><n><b>" and the hint, like dddk_fail but the driver goes on. */
static void report_num(const struct dddk_dev *d, const char *a, uint64_t n, const char *b,
                       const char *hint)
{
    prefix(d);
    kaal_debug_puts("error: ");
    kaal_debug_puts(a);
    kaal_debug_put_dec(n);
    kaal_debug_puts(b);
    seL4_DebugPutChar('\n');
    prefix(d);
    kaal_debug_puts("hint: ");
    kaal_debug_puts(hint);
    seL4_DebugPutChar('\n');
}

/* Like dddk_fail, with a number in the middle of what: "<a><n><b>". */
static void fail_num(struct dddk_dev *d, const char *a, uint64_t n, const char *b, const char *hint)
{
    report_num(d, a, n, b, hint);
    d->ready = 0;
}

/* ---- Ports, DMA, time ---------------------------------------------------------------------- */

uint8_t dddk_in8(const struct dddk_dev *d, uint16_t off)
{
    seL4_X86_IOPort_In8_t r = seL4_X86_IOPort_In8(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off));
    return r.error ? 0xff : r.result;
}

uint16_t dddk_in16(const struct dddk_dev *d, uint16_t off)
{
    seL4_X86_IOPort_In16_t r = seL4_X86_IOPort_In16(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off));
    return r.error ? 0xffff : r.result;
}

uint32_t dddk_in32(const struct dddk_dev *d, uint16_t off)
{
    seL4_X86_IOPort_In32_t r = seL4_X86_IOPort_In32(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off));
    return r.error ? 0xffffffffu : r.result;
}

void dddk_out8(const struct dddk_dev *d, uint16_t off, uint8_t v)
{
    seL4_X86_IOPort_Out8(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off), v);
}

void dddk_out16(const struct dddk_dev *d, uint16_t off, uint16_t v)
{
    seL4_X86_IOPort_Out16(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off), v);
}

void dddk_out32(const struct dddk_dev *d, uint16_t off, uint32_t v)
{
    seL4_X86_IOPort_Out32(DDDK_PORT_SLOT, (uint16_t)(d->io_base + off), v);
}

void *dddk_dma_alloc(struct dddk_dev *d, uint64_t size, uint64_t align, uint64_t *phys)
{
    uint64_t at = (d->dma_used + align - 1) & ~(align - 1);

    if (!d->dma || at > d->dma_size || size > d->dma_size - at) {
        report_num(d, "DMA memory used up: ", size, " more bytes wanted",
                   "grant the device a larger dma: in the system description");
        return 0;
    }
    d->dma_used = at + size;
    if (phys)
        *phys = d->dma_phys + at;
    return d->dma + at;
}

int dddk_ring_init(struct dddk_dev *d, struct dddk_ring *r, uint32_t count, uint32_t size,
                   uint64_t align)
{
    r->desc = dddk_dma_alloc(d, (uint64_t)count * size, align, &r->phys);
    r->count = count;
    r->size = size;
    r->head = r->tail = 0;
    return r->desc ? 0 : -KAAL_ENOMEM;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint64_t dddk_deadline(const struct dddk_dev *d, uint64_t us)
{
    return rdtsc() + us * (d->tsc_mhz ? d->tsc_mhz : 1000);
}

int dddk_expired(uint64_t deadline)
{
    return (int64_t)(rdtsc() - deadline) >= 0;
}

void dddk_delay_us(const struct dddk_dev *d, uint64_t us)
{
    uint64_t end = dddk_deadline(d, us);

    while (!dddk_expired(end))
        __builtin_ia32_pause();
}

/* ---- Start-up ------------------------------------------------------------------------------ */

#define BROKER KAAL_SLOT_BROKER

/* True if the device's ids are in the driver's list. */
static int matches(const struct dddk_driver *drv, uint32_t ids)
{
    for (int i = 0; i < DDDK_MAX_IDS && drv->ids[i].vendor; i++)
        if (drv->ids[i].vendor == (ids & 0xffff) && drv->ids[i].device == ids >> 16)
            return 1;
    return 0;
}

static int find_pci(struct dddk_dev *d)
{
    struct kaal_broker_pci_info_out info;

    if (kaal_broker_pci_info(BROKER, DEV, &info) != 0) {
        dddk_fail(d, "device absent: the PCI device granted to this driver is not on the bus",
                  "start QEMU with the device (QEMU: -device, see lspci), or fix pci: in the "
                  "system description");
        return -KAAL_ENODEV;
    }
    d->bdf = (uint32_t)info.bdf;
    d->ids = (uint32_t)info.ids;
    d->class_rev = (uint32_t)info.class_word;
    if (!matches(d->drv, d->ids)) {
        dddk_fail(d, "the granted PCI device is not one this driver drives",
                  "grant a device whose vendor and device ids are in the driver's DDDK_PCI list");
        return -KAAL_ENODEV;
    }
    return 0;
}

static int map_bars(struct dddk_dev *d)
{
    for (unsigned int i = 0; i < DDDK_MAX_BARS; i++) {
        uint32_t min = d->drv->bar_min[i];
        struct kaal_broker_mmio_out bar;
        if (!min)
            continue;
        if (kaal_broker_mmio(BROKER, DEV, DDDK_BAR_VA(i), (seL4_Uint8)i, &bar) != 0) {
            fail_num(d, "BAR ", i, " could not be mapped (not a memory BAR, or refused)",
                     "check the driver's DDDK_BAR against the device's BARs (lspci)");
            return -KAAL_ENODEV;
        }
        if (bar.size < min) {
            fail_num(d, "BAR too small: its size in bytes is ", bar.size, "",
                     "the driver's DDDK_BAR asks for more: is this the right device?");
            return -KAAL_ENODEV;
        }
        d->bar[i] = (volatile uint8_t *)(DDDK_BAR_VA(i) + bar.offset);
        d->bar_phys[i] = bar.phys;
        d->bar_size[i] = bar.size;
    }
    return 0;
}

/* Turns on the decoding the driver uses and bus mastering, and lets INTx through. */
static int enable_pci(struct dddk_dev *d)
{
    struct kaal_broker_pci_read_out word;

    if (kaal_broker_pci_read(BROKER, DEV, PCI_CMD, &word) != 0)
        return -KAAL_ENODEV;
    uint32_t cmd = word.value & 0xffff;
    cmd |= CMD_MEM | CMD_MASTER | (d->drv->ioports ? CMD_IO : 0);
    cmd &= ~(uint32_t)CMD_NO_INTX;
    return kaal_broker_pci_write(BROKER, DEV, PCI_CMD, cmd);
}

static int get_resources(struct dddk_dev *d)
{
    const struct dddk_driver *drv = d->drv;
    struct kaal_broker_mmio_out mmio;
    struct kaal_broker_ioport_out ports;
    struct kaal_broker_dma_out dma;
    struct kaal_broker_irq_out irq;

    if (drv->mmio) {
        if (kaal_broker_mmio(BROKER, DEV, DDDK_BAR_VA(0), 0, &mmio) != 0) {
            dddk_fail(d, "the device's MMIO range was refused",
                      "give the device mmio: {phys: ..., size: ...} in the system description");
            return -KAAL_ENODEV;
        }
        d->mmio = (volatile uint8_t *)DDDK_BAR_VA(0);
        d->mmio_size = mmio.size;
    }
    if (drv->ioports) {
        if (kaal_broker_ioport(BROKER, DEV, DDDK_PORT_SLOT, (seL4_Uint8)drv->io_bar, &ports) != 0) {
            dddk_fail(d, "the device's I/O ports were refused",
                      "give the device ioports: {base: ..., size: ...}, or for PCI check the "
                      "driver's io_bar");
            return -KAAL_ENODEV;
        }
        d->io_base = (uint16_t)ports.base;
        d->io_size = (uint16_t)ports.size;
    }
    if (drv->dma_size) {
        if (kaal_broker_dma(BROKER, DEV, DDDK_DMA_VA, &dma) != 0) {
            fail_num(d, "no DMA memory granted; the driver needs ", drv->dma_size, " bytes",
                     "give the device dma: with at least that size in the system description");
            return -KAAL_ENODEV;
        }
        d->dma = (uint8_t *)DDDK_DMA_VA;
        d->dma_phys = dma.phys;
        d->dma_size = dma.size;
        if (d->dma_size < drv->dma_size) {
            fail_num(d, "too little DMA memory granted; the driver needs ", drv->dma_size, " bytes",
                     "raise the device's dma: in the system description");
            return -KAAL_ENODEV;
        }
    }
    if (drv->irq != DDDK_IRQ_NONE) {
        if (kaal_broker_irq(BROKER, DEV, &irq) != 0) {
            dddk_fail(d, "the device's IRQ was refused",
                      "give the device irq: (a number, or intx for PCI) and irq_id: in the "
                      "system description");
            return -KAAL_ENODEV;
        }
        d->irq_ch = (unsigned int)irq.irq_id;
        d->irq_edge = irq.kind != KAAL_BROKER_IRQ_INTX; /* only INTx lines are level-triggered */
        if ((drv->irq == DDDK_IRQ_MSI) != (irq.kind == KAAL_BROKER_IRQ_MSI) &&
            drv->irq != DDDK_IRQ_AUTO) {
            dddk_fail(d, "the description grants another kind of interrupt than the driver takes",
                      drv->irq == DDDK_IRQ_MSI ? "give the device irq: msi"
                                               : "give the device irq: intx (or an ISA line)");
            return -KAAL_ENODEV;
        }
    }
    return 0;
}

void init(void)
{
    struct dddk_dev *d = &dddk_device;
    struct kaal_broker_info_out info;
    struct kaal_broker_tsc_out tsc;

    d->drv = &dddk_driver;
    if (kaal_broker_info(BROKER, &info) != 0 || info.devices == 0) {
        dddk_fail(d, "no device is granted to this driver",
                  "add the device under this component's devices: in the system description");
        return;
    }
    if (kaal_broker_tsc(BROKER, &tsc) == 0)
        d->tsc_mhz = tsc.mhz;
    if (d->drv->bus == DDDK_BUS_PCI && (find_pci(d) != 0 || map_bars(d) != 0 || enable_pci(d) != 0))
        return;
    if (get_resources(d) != 0)
        return;
    if (d->drv->init && d->drv->init(d) != 0) {
        dddk_log(d, "error: the driver's init failed; it stops");
        return;
    }
    d->ready = 1;
    if (d->drv->irq != DDDK_IRQ_NONE)
        kaal_irq_ack(d->irq_ch); /* a line may have been raised before the handler existed */
}

void notified(unsigned int ch)
{
    struct dddk_dev *d = &dddk_device;

    if (!d->ready)
        return;
    if (d->drv->irq != DDDK_IRQ_NONE && ch == d->irq_ch) {
        /* An edge that comes while the line is masked is lost, so an edge-triggered line is
         * unmasked before the handler looks at the device; a level-triggered one only after the
         * handler has lowered it, or it would fire again at once. */
        if (d->irq_edge)
            kaal_irq_ack(ch);
        if (d->drv->irq_handler)
            d->drv->irq_handler(d);
        if (!d->irq_edge)
            kaal_irq_ack(ch);
    } else if (d->drv->notified) {
        d->drv->notified(d, ch);
    }
}

seL4_MessageInfo_t protected(unsigned int ch, seL4_MessageInfo_t msginfo)
{
    struct dddk_dev *d = &dddk_device;

    if (!d->ready)
        return kaal_proto_error_reply(-KAAL_ENODEV); /* its device failed; init logged why */
    if (!d->drv->protected)
        return kaal_msginfo_new(KAAL_LABEL_NO_HANDLER, 0);
    return d->drv->protected(d, ch, msginfo);
}
