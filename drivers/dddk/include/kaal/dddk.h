/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Device Driver Development Kit: a driver is a component that declares
 * what it drives and what it needs, and the DDDK (drivers/dddk, linked as
 * libkaal_dddk.a) does the rest (docs/drivers.md):
 *
 *   DDDK_DRIVER(e1000,
 *       DDDK_PCI(DDDK_ID(0x8086, 0x100e)),
 *       DDDK_BAR(0, 128 * 1024),
 *       .irq = DDDK_IRQ_LEGACY,
 *       .dma_size = 64 * 1024,
 *       .init = e1000_init,
 *       .irq_handler = e1000_irq);
 *
 * At start-up the DDDK finds the device (the first of the component's
 * `devices:` in the system description), checks it is one the driver
 * matches, asks the root server's broker for exactly the resources
 * declared, maps the BARs, enables the device on the bus, and calls init.
 * Then each interrupt calls irq_handler and is acknowledged (an edge-
 * triggered ISA line before the handler, a PCI INTx line after it); other
 * notifications and protected calls go to the class callbacks.  Any
 * missing resource stops the driver with a log line naming it, what is
 * wrong and what to change.
 *
 * The DDDK owns the component's init(), notified() and protected(): a
 * driver defines its handlers in the descriptor instead.
 */
#pragma once

#include <kaal/broker.h>
#include <kaal/component.h>
#include <sel4/arch/syscalls.h>
#include <stdint.h>

#define DDDK_MAX_IDS  8
#define DDDK_MAX_BARS 6

/* Where the DDDK maps things in the driver's address space. */
#define DDDK_BAR_VA(i) (0x100000000ull + (unsigned long long)(i)*0x10000000ull) /* 256 MiB each */
#define DDDK_DMA_VA    0x200000000ull
#define DDDK_PORT_SLOT KAAL_SLOT_RECV_BASE /* the IOPort cap */

enum dddk_bus {
    DDDK_BUS_FIXED = 0, /* the description's mmio/ioports/irq, no bus to search */
    DDDK_BUS_PCI = 1,
};

enum dddk_irq {
    DDDK_IRQ_NONE = 0,
    DDDK_IRQ_LEGACY, /* an ISA line or the PCI INTx line: the description's irq: N or intx */
    DDDK_IRQ_MSI,    /* a message-signalled interrupt: the description's irq: msi */
    DDDK_IRQ_AUTO,   /* whichever the description grants */
};

struct dddk_pci_id {
    uint16_t vendor, device; /* 0, 0 ends the list */
};

struct dddk_dev;

struct dddk_driver {
    const char *name;
    enum dddk_bus bus;
    struct dddk_pci_id ids[DDDK_MAX_IDS];
    uint32_t bar_min[DDDK_MAX_BARS]; /* bytes a memory BAR must have; 0: not mapped */
    enum dddk_irq irq;
    int ioports;       /* 1: the device's I/O ports (the description's, or the I/O BAR io_bar) */
    uint8_t io_bar;    /* for a PCI device without ioports in the description */
    int mmio;          /* 1: the description's fixed mmio range (DDDK_BUS_FIXED) */
    uint64_t dma_size; /* bytes of DMA memory needed; the description must grant at least this */

    /* The driver's handlers; any may be NULL. */
    int (*init)(struct dddk_dev *d); /* 0, or the driver stops (it logs why) */
    void (*irq_handler)(struct dddk_dev *d);
    void (*notified)(struct dddk_dev *d, unsigned int ch); /* a client's channel */
    seL4_MessageInfo_t (*protected)(struct dddk_dev *d, unsigned int ch, seL4_MessageInfo_t m);
};

/* The device as the driver sees it, filled in before init. */
struct dddk_dev {
    const struct dddk_driver *drv;
    volatile uint8_t *bar[DDDK_MAX_BARS]; /* mapped BARs (NULL if not asked for) */
    uint64_t bar_phys[DDDK_MAX_BARS], bar_size[DDDK_MAX_BARS];
    volatile uint8_t *mmio; /* the fixed mmio range, for DDDK_BUS_FIXED */
    uint64_t mmio_size;
    uint16_t io_base, io_size; /* I/O ports, reached with dddk_in/out */
    uint8_t *dma;              /* DMA memory: zeroed, physically contiguous */
    uint64_t dma_phys, dma_size, dma_used;
    unsigned int irq_ch; /* the channel the IRQ arrives on */
    int irq_edge;        /* an edge-triggered (ISA) line, acknowledged before irq_handler */
    uint32_t bdf, ids, class_rev; /* PCI: where, vendor | device << 16, class word */
    uint64_t tsc_mhz;
    int ready;  /* init succeeded */
    void *priv; /* the driver's own state */
};

#define DDDK_DRIVER(ident, ...) const struct dddk_driver dddk_driver = {.name = #ident, __VA_ARGS__}
#define DDDK_PCI(...)           .bus = DDDK_BUS_PCI, .ids = {__VA_ARGS__}
#define DDDK_ID(v, d)                                                                              \
    {                                                                                              \
        (v), (d)                                                                                   \
    }
#define DDDK_BAR(i, min) .bar_min[(i)] = (min)
#define DDDK_FIXED       .bus = DDDK_BUS_FIXED

/* The descriptor the driver declares with DDDK_DRIVER. */
extern const struct dddk_driver dddk_driver;

/* ---- Logging ----------------------------------------------------------------------------- */

/* "[name] msg" and a newline. */
void dddk_log(const struct dddk_dev *d, const char *msg);

/* "[name] msg" followed by v in hex and a newline. */
void dddk_log_hex(const struct dddk_dev *d, const char *msg, uint64_t v);

/* "[name] error: what" and "[name] hint: hint"; the driver stops serving (ready = 0). */
void dddk_fail(struct dddk_dev *d, const char *what, const char *hint);

/* ---- MMIO and port accessors -------------------------------------------------------------- */

/*
 * MMIO: volatile accesses with compiler barriers on both sides, so the
 * compiler neither caches nor moves device accesses past other memory
 * accesses.  BARs are mapped uncached, and x86 keeps uncached accesses in
 * program order with ordinary loads and stores, so a descriptor written to
 * DMA memory before a doorbell write is visible to the device when the
 * doorbell rings.
 */
static inline uint32_t dddk_read32(volatile uint8_t *base, uint32_t off)
{
    __asm__ volatile("" ::: "memory");
    uint32_t v = *(volatile uint32_t *)(base + off);
    __asm__ volatile("" ::: "memory");
    return v;
}

static inline void dddk_write32(volatile uint8_t *base, uint32_t off, uint32_t v)
{
    __asm__ volatile("" ::: "memory");
    *(volatile uint32_t *)(base + off) = v;
    __asm__ volatile("" ::: "memory");
}

static inline uint16_t dddk_read16(volatile uint8_t *base, uint32_t off)
{
    __asm__ volatile("" ::: "memory");
    uint16_t v = *(volatile uint16_t *)(base + off);
    __asm__ volatile("" ::: "memory");
    return v;
}

static inline void dddk_write16(volatile uint8_t *base, uint32_t off, uint16_t v)
{
    __asm__ volatile("" ::: "memory");
    *(volatile uint16_t *)(base + off) = v;
    __asm__ volatile("" ::: "memory");
}

static inline uint8_t dddk_read8(volatile uint8_t *base, uint32_t off)
{
    __asm__ volatile("" ::: "memory");
    uint8_t v = base[off];
    __asm__ volatile("" ::: "memory");
    return v;
}

static inline void dddk_write8(volatile uint8_t *base, uint32_t off, uint8_t v)
{
    __asm__ volatile("" ::: "memory");
    base[off] = v;
    __asm__ volatile("" ::: "memory");
}

/* A full barrier: every earlier load and store is done before any later one (mfence). */
static inline void dddk_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Port I/O at d->io_base + off through the driver's IOPort cap; out of range reads give
 * all ones and writes are dropped (the kernel refuses them). */
uint8_t dddk_in8(const struct dddk_dev *d, uint16_t off);
uint16_t dddk_in16(const struct dddk_dev *d, uint16_t off);
uint32_t dddk_in32(const struct dddk_dev *d, uint16_t off);
void dddk_out8(const struct dddk_dev *d, uint16_t off, uint8_t v);
void dddk_out16(const struct dddk_dev *d, uint16_t off, uint16_t v);
void dddk_out32(const struct dddk_dev *d, uint16_t off, uint32_t v);

/* ---- DMA memory ------------------------------------------------------------------------------ */

/* size bytes of the DMA memory, aligned to align (a power of two), zeroed: the virtual address,
 * with the device's (physical) address in *phys; NULL when it is used up (logged
 * with a hint; the driver goes on). */
void *dddk_dma_alloc(struct dddk_dev *d, uint64_t size, uint64_t align, uint64_t *phys);

/* Copies n bytes from src to dst, which do not overlap: between a client's buffers and DMA
 * memory.  String instructions, since a component has no memcpy and the compiler would turn a
 * loop into a call to it: eight bytes a step, then the rest (QEMU's TCG runs a rep movs one
 * step at a time, so rep movsb alone costs eight times the steps). */
static inline void dddk_copy(void *dst, const void *src, uint64_t n)
{
    uint64_t words = n / 8, bytes = n % 8;

    __asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(bytes) : : "memory");
}

/* Sets n bytes at dst to zero. */
static inline void dddk_zero(void *dst, uint64_t n)
{
    __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
}

/* The device address of a pointer into the DMA memory. */
static inline uint64_t dddk_dma_phys(const struct dddk_dev *d, const void *p)
{
    return d->dma_phys + (uint64_t)((const uint8_t *)p - d->dma);
}

/*
 * A descriptor ring in DMA memory: count descriptors of size bytes, the
 * layout the device defines.  head and tail are the driver's own indexes;
 * the DDDK only places the ring and wraps the indexes.
 */
struct dddk_ring {
    uint8_t *desc;
    uint64_t phys;
    uint32_t count, size, head, tail;
};

/* Places a ring; 0, or -KAAL_ENOMEM (logged) if the DMA memory is used up. */
int dddk_ring_init(struct dddk_dev *d, struct dddk_ring *r, uint32_t count, uint32_t size,
                   uint64_t align);

static inline void *dddk_ring_at(const struct dddk_ring *r, uint32_t i)
{
    return r->desc + (uint64_t)(i % r->count) * r->size;
}

static inline uint32_t dddk_ring_next(const struct dddk_ring *r, uint32_t i)
{
    return (i + 1) % r->count;
}

/* ---- Time ------------------------------------------------------------------------------------ */

/* Busy-waits at least us microseconds (by the TSC). */
void dddk_delay_us(const struct dddk_dev *d, uint64_t us);

/* The TSC deadline us microseconds from now, and whether it has passed. */
uint64_t dddk_deadline(const struct dddk_dev *d, uint64_t us);
int dddk_expired(uint64_t deadline);

/* Waits until cond holds or timeout_us pass; true if cond held. */
#define DDDK_WAIT(d, cond, timeout_us)                                                             \
    ({                                                                                             \
        uint64_t dddk_dl_ = dddk_deadline((d), (timeout_us));                                      \
        int dddk_ok_;                                                                              \
        while (!(dddk_ok_ = !!(cond)) && !dddk_expired(dddk_dl_))                                  \
            __builtin_ia32_pause();                                                                \
        dddk_ok_;                                                                                  \
    })

/* The device of this driver (there is one per driver component). */
extern struct dddk_dev dddk_device;
