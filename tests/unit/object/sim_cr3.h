/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The simulated CR3 for the host tests of the object model: which PML4
 * the simulated CPU runs on.  Tests set sim_cr3 to a PML4's address to
 * make it the current VSpace; arch_vspace_invalidated (sim_cr3.c) then
 * replaces it with SIM_KERNEL_PML4 when that PML4 loses its ASID, as the
 * kernel loads its own PML4.  sim_boot does not touch it.
 */
#pragma once

#include <types.h>

/* Stands for the kernel's own PML4, which is outside the simulated memory. */
#define SIM_KERNEL_PML4 0x1000ul

extern paddr_t sim_cr3;

/* arch_vspace_invalidated calls since the test last cleared it. */
extern unsigned long sim_vspace_invalidations;
