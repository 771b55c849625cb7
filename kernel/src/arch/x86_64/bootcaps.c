// SPDX-License-Identifier: BSD-2-Clause
/*
 * The x86_64 half of the root server's initial caps (boot/rootserver.h):
 * caps to the VSpace the boot code built, recorded as mapped with the
 * root server's ASID, the initial ASID pool that serves it, the
 * ASIDControl and IOPortControl caps, the master IOSpace cap where VT-d
 * remaps DMA, and the physical ranges that become device untypeds:
 * everything below 2^47 that is not RAM, except the local APIC, IOAPIC and
 * VT-d register pages the kernel drives.  The top is seL4's x86_64
 * PADDR_USER_DEVICE_TOP, whatever the CPU's own physical address width.
 */
#include <arch/acpi.h>
#include <arch/object/asid.h>
#include <arch/object/cap.h>
#include <arch/object/iospace.h>
#include <arch/vtd.h>
#include <boot/rootserver.h>
#include <lib/string.h>
#include <sel4/bootinfo_types.h>
#include <machine.h>
#include <user.h>

#define ROOT_ASID             1 /* seL4's IT_ASID: the first ASID of the initial pool */
#define LAPIC_PHYS            0xfee00000ull
#define PADDR_USER_DEVICE_TOP BIT(47)

extern struct boot_input boot_in;

cap_t arch_boot_vspace_cap(paddr_t vspace)
{
    cap_t c = cap_paging_new(CAP_PML4, vspace);

    return cap_pml4_set_mapped_asid(cap_pml4_set_is_mapped(c, 1), ROOT_ASID);
}

cap_t arch_boot_frame_cap(paddr_t pa, vaddr_t va)
{
    cap_t c = cap_frame_new(pa, FRAME_4K, false);

    c = cap_frame_set_map_type(c, FRAME_MAP_VSPACE);
    c = cap_frame_set_mapped_address(c, va);
    return cap_frame_set_mapped_asid(c, ROOT_ASID);
}

/* Appends a cap for the table at level (1 PDPT, 2 PD, 3 PT) that maps va, once per table. */
static size_t add_table(paddr_t vspace, vaddr_t va, int level, cap_t *out, size_t n, size_t max)
{
    static const word_t type[4] = {0, CAP_PDPT, CAP_PAGE_DIRECTORY, CAP_PAGE_TABLE};
    static const int covers[4] = {48, 39, 30, 21}; /* bits of address space one table maps */
    paddr_t pa = arch_vspace_table_at(vspace, va, level);

    if (!pa)
        return n;
    for (size_t i = 0; i < n; i++)
        if (cap_ptr(out[i]) == pa)
            return n;
    kassert(n < max);
    cap_t c = cap_raw_set(cap_paging_new(type[level], pa), 0, 48, 1, 1); /* is_mapped */
    c = cap_raw_set(c, 1, 0, 48, ROUND_DOWN(va, BIT(covers[level])));
    out[n] = cap_raw_set(c, 1, 48, 16, ROOT_ASID);
    return n + 1;
}

size_t arch_boot_paging_caps(paddr_t vspace, vaddr_t lo, vaddr_t hi, cap_t *out, size_t max)
{
    size_t n = 0;

    for (int level = 1; level <= 3; level++)
        for (vaddr_t va = ROUND_DOWN(lo, 4096); va < hi; va += 4096)
            n = add_table(vspace, va, level, out, n, max);
    return n;
}

void arch_boot_caps(cte_t *slots, paddr_t pool, paddr_t vspace)
{
    slots[seL4_CapASIDControl].cap = cap_new(CAP_ASID_CONTROL);
    slots[seL4_CapInitThreadASIDPool].cap = cap_asid_pool_new(pool, 0);
    slots[seL4_CapIOPortControl].cap = cap_new(CAP_IO_PORT_CONTROL);
#ifdef CONFIG_IOMMU
    slots[seL4_CapIOSpace].cap = iospace_master_cap();
#endif
    for (int s = seL4_CapASIDControl; s <= seL4_CapIOSpace; s++) {
        slots[s].mdb.w[0] = slots[s].mdb.w[1] = 0;
        if (!cap_is_null(slots[s].cap))
            mdb_set_flags(&slots[s], true, true);
    }
    asid_boot_pool(pool);
    asid_pool_for(ROOT_ASID)->vspace[ROOT_ASID] = vspace;
}

word_t arch_boot_iopt_levels(void)
{
#ifdef CONFIG_IOMMU
    return (word_t)(long)vtd_levels();
#else
    return (word_t)-1; /* seL4 without the IOMMU */
#endif
}

int arch_device_ranges(struct mem_range *out, int max)
{
    int n = 1;

    out[0] = (struct mem_range){0, PADDR_USER_DEVICE_TOP};
    for (int i = 0; i < boot_in.n_avail; i++) {
        struct mem_range r = boot_in.avail[i];
        r.start = MAX(r.start, BOOT_LOW_MEM_END);
        if (r.start < r.end)
            memrange_subtract(out, &n, max, r);
    }
    memrange_subtract(out, &n, max, (struct mem_range){LAPIC_PHYS, LAPIC_PHYS + 4096});
    for (int i = 0; i < boot_acpi.n_ioapics; i++)
        memrange_subtract(out, &n, max,
                          (struct mem_range){boot_acpi.ioapic[i].addr & ~0xfffull,
                                             (boot_acpi.ioapic[i].addr & ~0xfffull) + 4096});
#ifdef CONFIG_IOMMU
    /* A unit user level could reprogram would undo every IOSpace. */
    for (int i = 0; i < vtd_units(); i++)
        memrange_subtract(out, &n, max,
                          (struct mem_range){boot_acpi.drhd[i].base & ~0xfffull,
                                             (boot_acpi.drhd[i].base & ~0xfffull) + 4096});
#endif
    return n;
}
