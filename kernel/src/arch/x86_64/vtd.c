// SPDX-License-Identifier: BSD-2-Clause
/*
 * VT-d DMA remapping units (CONFIG_IOMMU; see <arch/vtd.h>).  Register
 * offsets and bit positions are those of Intel's VT-d specification; the
 * boot sequence and its choices are seL4's (intel-vtd.c): one root table
 * for every unit, a context table per PCI bus made at boot, three levels of
 * I/O page tables where the units support 39-bit addresses, global
 * invalidations, and fault events on their own vector.
 *
 * A unit's commands go through GCMD, whose bits are levels, not pulses: a
 * command is the persistent state read from GSTS with the one bit added,
 * and the unit reports it done in GSTS.  Every wait is bounded; a unit
 * that does not answer stops the boot with the register it hung on.
 *
 * Reserved memory regions (RMRRs, DMA the firmware keeps doing on its own)
 * are not mapped: seL4 maps them at boot for the devices named, which
 * QEMU's units never list.  A DMAR with RMRRs gets a warning instead.
 */
#ifdef CONFIG_IOMMU

#include <arch/acpi.h>
#include <arch/cpu.h>
#include <arch/vtd.h>
#include <boot/boot.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <machine.h>
#include <panic.h>

#define REG_CAP     0x08
#define REG_ECAP    0x10
#define REG_GCMD    0x18
#define REG_GSTS    0x1c
#define REG_RTADDR  0x20
#define REG_CCMD    0x28
#define REG_FSTS    0x34
#define REG_FECTL   0x38
#define REG_FEDATA  0x3c
#define REG_FEADDR  0x40
#define REG_FEUADDR 0x44

#define GSTS_TES  (1u << 31)                                        /* translation enabled */
#define GSTS_RTPS (1u << 30)                                        /* root table pointer set */
#define GSTS_WBFS (1u << 27)                                        /* write buffer flush pending */
#define GSTS_ONCE (GSTS_RTPS | GSTS_WBFS | (1u << 29) | (1u << 24)) /* one-shot status bits */
#define GCMD_TE   (1u << 31)
#define GCMD_SRTP (1u << 30)
#define GCMD_WBF  (1u << 27)

#define CAP_ND(c)    ((c)&7)             /* domain IDs: 4 + 2 * ND bits */
#define CAP_RWBF     (1ull << 4)         /* the write buffer must be flushed */
#define CAP_SAGAW(c) (((c) >> 8) & 0x1f) /* supported page-table depths, bit n: n + 2 levels */
#define CAP_FRO(c)   ((((c) >> 24) & 0x3ff) * 16)
#define CAP_NFR(c)   ((((c) >> 40) & 0xff) + 1)
#define ECAP_C       (1ull << 0) /* page walks snoop the CPU's caches */
#define ECAP_IRO(c)  ((((c) >> 8) & 0x3ff) * 16)

#define CCMD_ICC     (1ull << 63)
#define CCMD_GLOBAL  (1ull << 61)
#define IOTLB_IVT    (1ull << 63)
#define IOTLB_GLOBAL (1ull << 60)
#define IOTLB_DRAIN  ((1ull << 49) | (1ull << 48))

#define FSTS_PFO      (1u << 0)
#define FSTS_PPF      (1u << 1)
#define FSTS_FRI(s)   (((s) >> 8) & 0xff)
#define FR_FAULT      (1ull << 63) /* in the record's upper word */
#define FR_READ       (1ull << 62)
#define FR_SID(hi)    ((hi)&0xffff)
#define FR_REASON(hi) (((hi) >> 32) & 0xff)

#define MSI_ADDR   0xfee00000u
#define N_BUSES    256
#define PAGE       4096ul
#define WAIT_LIMIT 10000000ul

struct vtd_unit {
    volatile uint8_t *regs;
    uint64_t cap, ecap;
};

static struct vtd_unit units[ACPI_MAX_DRHDS];
static int n_units;
static int levels = -1;
static int domain_bits;
static bool flush_entries;   /* some unit does not snoop: written entries go out of the cache */
static uint64_t *root_table; /* 256 entries of two words */

static uint32_t rd32(const struct vtd_unit *u, word_t reg)
{
    return *(volatile uint32_t *)(u->regs + reg);
}

static void wr32(const struct vtd_unit *u, word_t reg, uint32_t v)
{
    *(volatile uint32_t *)(u->regs + reg) = v;
}

static uint64_t rd64(const struct vtd_unit *u, word_t reg)
{
    return *(volatile uint64_t *)(u->regs + reg);
}

static void wr64(const struct vtd_unit *u, word_t reg, uint64_t v)
{
    *(volatile uint64_t *)(u->regs + reg) = v;
}

int vtd_units(void)
{
    return n_units;
}

int vtd_levels(void)
{
    return levels;
}

int vtd_domain_bits(void)
{
    return domain_bits;
}

static void wait_clear64(const struct vtd_unit *u, word_t reg, uint64_t bit)
{
    for (word_t n = 0; rd64(u, reg) & bit; n++)
        if (n == WAIT_LIMIT)
            panic("VT-d unit at %p: register %#lx bit %#llx stays set", (void *)u->regs, reg,
                  (unsigned long long)bit);
}

/* Issues GCMD command bit cmd and waits until GSTS shows status bit done as want. */
static void command(const struct vtd_unit *u, uint32_t cmd, uint32_t done, bool want)
{
    wr32(u, REG_GCMD, (rd32(u, REG_GSTS) & ~GSTS_ONCE) | cmd);
    for (word_t n = 0; !!(rd32(u, REG_GSTS) & done) != want; n++)
        if (n == WAIT_LIMIT)
            boot_fail("check the machine's VT-d unit (QEMU: -device intel-iommu)",
                      "VT-d unit at %p did not complete command %#x", (void *)u->regs, cmd);
}

void vtd_flush_entry(const void *entry)
{
    if (flush_entries)
        __asm__ volatile("clflush (%0)\n\tsfence" ::"r"(entry) : "memory");
}

void vtd_invalidate_context(void)
{
    for (int i = 0; i < n_units; i++) {
        wait_clear64(&units[i], REG_CCMD, CCMD_ICC);
        wr64(&units[i], REG_CCMD, CCMD_ICC | CCMD_GLOBAL);
        wait_clear64(&units[i], REG_CCMD, CCMD_ICC);
    }
}

void vtd_invalidate_iotlb(void)
{
    for (int i = 0; i < n_units; i++) {
        word_t reg = ECAP_IRO(units[i].ecap) + 8;

        wait_clear64(&units[i], reg, IOTLB_IVT);
        wr64(&units[i], reg, IOTLB_IVT | IOTLB_GLOBAL | IOTLB_DRAIN);
        wait_clear64(&units[i], reg, IOTLB_IVT);
    }
}

struct vtd_context *vtd_context_of(uint16_t id)
{
    struct vtd_context *table = arch_paddr_to_ptr(root_table[2 * (id >> 8)] & VTD_CTX_ADDR);

    return &table[id & 0xff];
}

/* Prints and clears the fault records of one unit, from the one FSTS points at, round the ring. */
static void unit_faults(const struct vtd_unit *u)
{
    uint32_t status = rd32(u, REG_FSTS);
    word_t n = CAP_NFR(u->cap), i = FSTS_FRI(status);

    if (status & FSTS_PPF) {
        for (word_t seen = 0; seen < n; seen++, i = (i + 1) % n) {
            word_t rec = CAP_FRO(u->cap) + 16 * i;
            uint64_t hi = rd64(u, rec + 8), lo = rd64(u, rec);
            uint16_t sid = FR_SID(hi);
            const struct vtd_context *ctx = vtd_context_of(sid);

            if (!(hi & FR_FAULT))
                break;
            /* The domain ties the device to the IOSpace user level made for it, if any. */
            kprintf_always("[KaaL] IOMMU fault: DMA %s from %02x:%02x.%x at 0x%llx (domain %llu, "
                           "reason %#llx): not mapped for this device\n",
                           hi & FR_READ ? "read" : "write", sid >> 8, (sid >> 3) & 0x1f, sid & 7,
                           (unsigned long long)(lo & ~0xfffull),
                           (unsigned long long)((ctx->lo & VTD_CTX_PRESENT)
                                                    ? ctx->hi >> VTD_CTX_DID_SHIFT & 0xffff
                                                    : 0),
                           (unsigned long long)FR_REASON(hi));
            wr32(u, rec + 12, 1u << 31); /* F is write-1-to-clear */
        }
    }
    if (status & FSTS_PFO) {
        kprintf_always("[KaaL] IOMMU fault: more faults than records; some were not reported\n");
        wr32(u, REG_FSTS, FSTS_PFO);
    }
}

void vtd_handle_fault(void)
{
    for (int i = 0; i < n_units; i++)
        unit_faults(&units[i]);
}

/* Picks seL4's depth: three levels (39-bit addresses) where every unit has them, else the least
 * deeper one, else two; -1 if the units share none. */
static int choose_levels(uint32_t sagaw)
{
    static const int order[] = {3, 4, 5, 6, 2};

    for (size_t i = 0; i < ARRAY_SIZE(order); i++)
        if (sagaw & BIT(order[i] - 2))
            return order[i];
    return -1;
}

static bool find_units(void)
{
    uint32_t sagaw = 0x1f;

    domain_bits = 16;
    for (int i = 0; i < boot_acpi.n_drhds; i++) {
        struct vtd_unit *u = &units[i];
        int bits;

        window_uncached(boot_acpi.drhd[i].base);
        u->regs = arch_paddr_to_ptr(boot_acpi.drhd[i].base);
        u->cap = rd64(u, REG_CAP);
        u->ecap = rd64(u, REG_ECAP);
        bits = 4 + 2 * (int)CAP_ND(u->cap);
        if (bits < domain_bits)
            domain_bits = bits;
        sagaw &= CAP_SAGAW(u->cap);
        flush_entries |= !(u->ecap & ECAP_C);
    }
    levels = choose_levels(sagaw);
    return levels > 0;
}

static void enable_unit(const struct vtd_unit *u, paddr_t root)
{
    uint32_t apic_id, a = 1, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    apic_id = b >> 24;
    wr64(u, REG_RTADDR, root);
    command(u, GCMD_SRTP, GSTS_RTPS, true);
    if (u->cap & CAP_RWBF)
        command(u, GCMD_WBF, GSTS_WBFS, false);
    wr32(u, REG_FEDATA, VEC_IOMMU);
    wr32(u, REG_FEADDR, MSI_ADDR | apic_id << 12);
    wr32(u, REG_FEUADDR, 0);
    wr32(u, REG_FECTL, 0); /* unmask */
}

void vtd_init(struct boot_mem *mem)
{
    paddr_t tables;

    if (boot_acpi.dmar_bad)
        kprintf("[KaaL] warning: ACPI: the DMAR is malformed; DMA is not remapped\n");
    if (boot_acpi.n_drhds == 0)
        return;
    if (!find_units()) {
        kprintf("[KaaL] warning: VT-d: the units share no I/O page-table depth; DMA is not "
                "remapped\n");
        return;
    }
    if (boot_acpi.n_rmrrs)
        kprintf("[KaaL] warning: VT-d: %d reserved memory region%s (RMRR) not mapped; a device "
                "that needs one loses that DMA\n",
                boot_acpi.n_rmrrs, boot_acpi.n_rmrrs == 1 ? "" : "s");
    tables = boot_mem_take(mem, (1 + N_BUSES) * PAGE, PAGE, PHYS_WINDOW_SIZE);
    if (!tables)
        boot_fail("give the machine more memory (QEMU: -m 128M)",
                  "no free range holds VT-d's root and context tables (%lu KiB)",
                  (1 + N_BUSES) * PAGE / KiB);
    memset(arch_paddr_to_ptr(tables), 0, (1 + N_BUSES) * PAGE);
    root_table = arch_paddr_to_ptr(tables);
    for (word_t bus = 0; bus < N_BUSES; bus++)
        root_table[2 * bus] = (tables + (1 + bus) * PAGE) | VTD_CTX_PRESENT;
    n_units = boot_acpi.n_drhds;
    if (flush_entries)
        for (word_t off = 0; off < (1 + N_BUSES) * PAGE; off += 64)
            vtd_flush_entry((uint8_t *)root_table + off);
    for (int i = 0; i < n_units; i++)
        enable_unit(&units[i], tables);
    vtd_invalidate_context();
    vtd_invalidate_iotlb();
    for (int i = 0; i < n_units; i++) {
        unit_faults(&units[i]);
        command(&units[i], GCMD_TE, GSTS_TES, true);
    }
    kinfo("[KaaL] VT-d: %d unit%s, %d-level I/O page tables, %d-bit domain IDs; DMA remapped\n",
          n_units, n_units == 1 ? "" : "s", levels, domain_bits);
}

#endif /* CONFIG_IOMMU */
