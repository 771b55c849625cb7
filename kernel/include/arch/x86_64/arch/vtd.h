/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Intel VT-d DMA remapping (CONFIG_IOMMU), the hardware half: the remapping
 * units the DMAR names, the root table and the 256 context tables made at
 * boot, the invalidations after a change, and the fault records.  The
 * caps that let user level fill the tables are in <arch/object/iospace.h>.
 *
 * As in seL4, one root table serves every unit; each PCI bus has its own
 * context table, allocated at boot, and each device (bus, device,
 * function: its PCI request ID) one context entry in it.  A device whose
 * entry is not present reaches no memory at all.  Entries of the I/O page
 * tables are VT-d second-level entries: read and write bits and a 4 KiB
 * aligned address; a table names the next with both bits set.
 */
#pragma once

#include <types.h>

#ifdef CONFIG_IOMMU

struct boot_mem;

/* The vector the remapping units' fault events arrive on (seL4's int_iommu: irq_user_max + 1). */
#define VEC_IOMMU 156

#define VTD_PT_INDEX_BITS 9
#define VTD_PTE_READ      1ull
#define VTD_PTE_WRITE     2ull
#define VTD_PTE_ADDR      0x000ffffffffff000ull

/* A context entry: where a device's translation starts and which domain it is in. */
struct vtd_context {
    uint64_t lo; /* present, translation type, root of the I/O page tables */
    uint64_t hi; /* address width (levels - 2), domain ID */
};

#define VTD_CTX_PRESENT   1ull
#define VTD_CTX_ADDR      VTD_PTE_ADDR
#define VTD_CTX_DID_SHIFT 8

/* Units found at boot; 0 when the machine has no VT-d (or the kernel did not enable it). */
int vtd_units(void);

/* I/O page-table levels in use (seL4's x86KSnumIOPTLevels), -1 without units. */
int vtd_levels(void);

/* Bits of a domain ID every unit supports (seL4's x86KSnumIODomainIDBits). */
int vtd_domain_bits(void);

/*
 * Reads the DMAR units from ACPI (arch/acpi.h's boot_acpi), takes the root
 * and context tables from boot memory, and turns translation on; every
 * device then reaches nothing until an I/O page table is mapped into its
 * IOSpace.  A machine without units, or one whose units KaaL cannot use
 * (no common page-table depth), boots without remapping, with a warning.
 */
void vtd_init(struct boot_mem *mem);

/* The context entry of the device with PCI request ID id (bus << 8 | device << 3 | function). */
struct vtd_context *vtd_context_of(uint16_t id);

/* Makes a changed table entry visible to units that do not snoop the CPU's caches. */
void vtd_flush_entry(const void *entry);

/* After a context entry or an I/O page-table entry was removed: no unit may use the old one. */
void vtd_invalidate_context(void);
void vtd_invalidate_iotlb(void);

/* The fault event interrupt: prints and clears every recorded fault of every unit. */
void vtd_handle_fault(void);

#endif /* CONFIG_IOMMU */
