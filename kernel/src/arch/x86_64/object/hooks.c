// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 definitions of the hooks the object model needs from the machine:
 * turning a kernel pointer back into a physical address, deciding at a
 * preemption point whether a long operation should stop, and the TLB and
 * kernel-mapping work of VSpaces (<arch/object/vspace.h>).
 */
#include <arch/io.h>
#include <arch/irq.h>
#include <arch/object/vspace.h>
#include <machine.h>

/* seL4's CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION (its default). */
#define WORK_UNITS_PER_PREEMPTION 100

bool arch_preemption_point(void)
{
    static word_t work_units;

    /* Reading the APIC is slow next to one unit of work: look every so many units, as seL4. */
    if (++work_units < WORK_UNITS_PER_PREEMPTION)
        return false;
    work_units = 0;
    return irq_pending();
}

/* True if the PML4 at pml4 is the one in CR3 (no PCIDs: nothing else can be in the TLB). */
static bool vspace_is_current(paddr_t pml4)
{
    return (read_cr3() & VS_PTE_ADDR) == pml4;
}

void arch_tlb_invalidate_page(paddr_t pml4, vaddr_t va)
{
    if (vspace_is_current(pml4))
        invlpg(va);
}

void arch_tlb_invalidate_vspace(paddr_t pml4)
{
    /* Reloading CR3 drops every non-global translation and the paging-structure caches. */
    if (vspace_is_current(pml4))
        write_cr3(read_cr3());
}

void arch_vspace_copy_kernel_half(paddr_t pml4)
{
    const uint64_t *current = arch_paddr_to_ptr(read_cr3() & VS_PTE_ADDR);
    uint64_t *table = arch_paddr_to_ptr(pml4);

    /* Every VSpace's upper half is the kernel's, as the current one's is. */
    for (word_t i = VS_KERNEL_PML4_FIRST; i < BIT(9); i++)
        table[i] = current[i];
}
