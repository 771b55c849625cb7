/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IOSpaces and I/O page tables (CONFIG_IOMMU): seL4's caps through which
 * user level decides what memory a PCI device's DMA reaches under VT-d
 * (<arch/vtd.h> drives the hardware).
 *
 * The root task's master IOSpace cap names no device; CNode_Mint makes a
 * device's IOSpace from it, with data (domain ID << 16) | PCI request ID.
 * The first I/O page table mapped into an IOSpace becomes the root of that
 * device's translation (its context entry, tagged with the domain); each
 * later one fills the first missing level along the I/O address's walk.
 * Page_MapIO puts a 4 KiB frame in a leaf table, readable and writable by
 * the device as the rights allow.  What the caps record:
 *   - I/O page table: is_mapped, level (0 the root, then 1 ... levels - 1),
 *     mapped_address (the I/O address rounded to 2 MiB), ioasid (the PCI
 *     request ID of the device whose tables hold it);
 *   - frame: map_type FRAME_MAP_IOSPACE, mapped_address the I/O address,
 *     mapped_asid the PCI request ID.
 * Unmapping and deleting clear an entry only if it still names the very
 * object (the tables may have been rebuilt under a cap), then invalidate
 * the units' caches, so the device loses the access at once.
 */
#pragma once

#include <object/cte.h>
#include <object/status.h>

struct invocation;

cap_t cap_io_space_new(word_t domain_id, word_t pci_device);

/* The root task's IOSpace cap: null on a machine whose DMA is not remapped (seL4 semantics). */
cap_t iospace_master_cap(void);

/* Mint data applied to an IOSpace cap (seL4 Arch_updateCapData); the null cap if refused. */
cap_t iospace_update_data(bool preserve, word_t data, cap_t c);

/* Decodes and performs IOPageTable Map/Unmap on the I/O page table cap in slot. */
status_t iospace_table_decode(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Decodes and performs Page MapIO on the frame cap in slot. */
status_t iospace_frame_map(cte_t *slot, const struct invocation *inv, struct syscall_error *err);

/* Removes an IO-mapped frame cap's mapping if its device's tables still map this frame there. */
void iospace_frame_finalise(cap_t c);

/* Removes an I/O page table from its device's tables if it is still there; for the last cap. */
void iospace_table_finalise(cap_t c);

/* Clears the context entry of the last IOSpace cap's device. */
void iospace_finalise(cap_t c);
