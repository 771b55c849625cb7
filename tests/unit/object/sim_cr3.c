// SPDX-License-Identifier: BSD-2-Clause
/*
 * The simulated CR3 of sim_cr3.h: the host's arch_vspace_invalidated.
 * Kept apart from sim.c, the rest of the simulated machine.
 */
#include "sim_cr3.h"

#include <arch/object/vspace.h>

paddr_t sim_cr3 = SIM_KERNEL_PML4;
unsigned long sim_vspace_invalidations;

void arch_vspace_invalidated(paddr_t pml4)
{
    sim_vspace_invalidations++;
    if (sim_cr3 == pml4)
        sim_cr3 = SIM_KERNEL_PML4;
}
