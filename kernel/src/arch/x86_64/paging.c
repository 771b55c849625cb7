/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Early paging fix-ups on the page tables that boot32.S built.  After the
 * jump to high addresses the identity map of low memory is no longer
 * needed; removing it makes a stray low or null pointer fault at once.
 * The window keeps 2 MiB pages; the two that hold the local APIC and the
 * IOAPIC registers become uncached, as device registers must be.  The PAT
 * gets seL4's layout (<arch/pat.h>), so that user mappings made with
 * seL4_X86_WriteCombining are write-combining.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/pat.h>
#include <machine.h>
#include <panic.h>

#define PTE_ADDR    0x000ffffffffff000ull
#define PTE_PWT     (1ull << 3)
#define PTE_PCD     (1ull << 4)
#define LAPIC_PHYS  0xfee00000ull
#define IOAPIC_PHYS 0xfec00000ull

static uint64_t *table_at(uint64_t entry)
{
    return arch_paddr_to_ptr(entry & PTE_ADDR);
}

void window_uncached(paddr_t pa)
{
    uint64_t *pml4 = arch_paddr_to_ptr(read_cr3() & PTE_ADDR);
    vaddr_t va = PPTR_BASE + pa;
    uint64_t *pdpt = table_at(pml4[(va >> 39) & 511]);
    uint64_t *pd = table_at(pdpt[(va >> 30) & 511]);

    pd[(va >> 21) & 511] |= PTE_PCD | PTE_PWT;
    invlpg(va);
}

#define CPUID_1_EDX_PAT (1u << 16)

/* Programs IA32_PAT as seL4's init_pat_msr does; like seL4, refuses to boot without a PAT. */
static void pat_init(void)
{
    uint32_t a = 1, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    if (!(d & CPUID_1_EDX_PAT))
        boot_fail("run on a CPU with a PAT (QEMU's x86_64 CPU models have one)",
                  "the CPU has no page attribute table (CPUID.1:EDX bit 16)");
    /* Only entry 4 changes from the reset value, and nothing maps with it yet: no flush. */
    wrmsr(MSR_PAT, pat_value(rdmsr(MSR_PAT)));
}

void paging_init(void)
{
    uint64_t *pml4 = arch_paddr_to_ptr(read_cr3() & PTE_ADDR);

    pml4[0] = 0;
    write_cr3(read_cr3()); /* flush the identity entries */
    window_uncached(LAPIC_PHYS);
    window_uncached(IOAPIC_PHYS);
    pat_init();
}
