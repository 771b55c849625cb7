/* SPDX-License-Identifier: BSD-2-Clause */
/* Creating and starting the root server, the first user thread (boot/rootserver.c). */
#pragma once

#include <boot/boot.h>
#include <boot/elf.h>
#include <object/cte.h>

/* Most paging structures (below the top level) the root server's image may need. */
#define ROOT_PAGING_CAPS_MAX 64

/*
 * Builds the root server's address space from the checked ELF image of
 * module m, with its IPC buffer and boot-info frames after the image,
 * takes the memory for all of it from mem, and starts it.  Does not return.
 */
NORETURN void rootserver_start(const struct boot_module *m, const struct elf_info *elf,
                               struct boot_mem *mem);

/*
 * Arch hooks for the root server's initial caps (kernel/src/arch/<arch>/).
 * The caps they return describe objects already mapped as the boot code
 * mapped them, with the root server's ASID.
 */

/* The cap to the root server's top-level table, assigned its ASID. */
cap_t arch_boot_vspace_cap(paddr_t vspace);

/* A cap to the frame at pa, mapped at va in the root server's VSpace. */
cap_t arch_boot_frame_cap(paddr_t pa, vaddr_t va);

/* Writes caps to the paging structures below the top level that map [lo, hi); returns how many. */
size_t arch_boot_paging_caps(paddr_t vspace, vaddr_t lo, vaddr_t hi, cap_t *out, size_t max);

/* The physical address of the frame mapped at va, or 0. */
paddr_t arch_vspace_lookup(paddr_t vspace, vaddr_t va);

/* Fills the arch's fixed slots (x86_64: ASIDControl, the ASID pool at pool, IOPortControl and,
 * where DMA is remapped, the IOSpace). */
void arch_boot_caps(cte_t *slots, paddr_t pool, paddr_t vspace);

/* The boot info's numIOPTLevels: the I/O page-table depth, or -1 without an IOMMU in use. */
word_t arch_boot_iopt_levels(void);

/* The physical ranges device untypeds cover (not RAM, not kept by the kernel); returns how many. */
int arch_device_ranges(struct mem_range *out, int max);
