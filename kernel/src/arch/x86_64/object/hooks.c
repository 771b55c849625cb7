// SPDX-License-Identifier: BSD-2-Clause
/*
 * x86_64 definitions of the hooks the object model needs from the machine:
 * turning a kernel pointer back into a physical address, and deciding at a
 * preemption point whether a long operation should stop.
 */
#include <machine.h>

paddr_t arch_ptr_to_paddr(const void *p)
{
    vaddr_t va = (vaddr_t)p;

    /* The kernel image is reached through its own mapping, everything else through the window. */
    if (va >= KERNEL_ELF_BASE)
        return va - KERNEL_ELF_BASE;
    return va - PPTR_BASE;
}

bool arch_preemption_point(void)
{
    /*
     * Interrupts are not delivered to user-level handlers yet, so nothing is
     * ever waiting for a long operation to stop.  The IRQ issue checks the
     * local APIC for a pending interrupt here, every so many work units.
     */
    return false;
}
